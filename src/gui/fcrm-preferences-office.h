#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_PREFERENCES_OFFICE (fcrm_preferences_office_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPreferencesOffice, fcrm_preferences_office, FCRM, PREFERENCES_OFFICE, AdwPreferencesPage)

/** The Office Server page of the preferences window: where the data lives,
 * connecting to an office server (test, use, back to this computer) and
 * moving this computer's data there. */
GtkWidget  *fcrm_preferences_office_new          (FcrmCrm               *crm);
/** Where the data lives now (a file path or an office server's address);
 * a password in it is never kept. */
void        fcrm_preferences_office_set_location (FcrmPreferencesOffice *self,
                                                  const char            *location);
const char *fcrm_preferences_office_get_location (FcrmPreferencesOffice *self);

G_END_DECLS
