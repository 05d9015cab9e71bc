#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_PREFERENCES_GENERAL (fcrm_preferences_general_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPreferencesGeneral, fcrm_preferences_general, FCRM, PREFERENCES_GENERAL, AdwPreferencesPage)

/** The General page of the preferences window: who is responsible for new
 * leads (in the database, shared by every desktop) and the robot check
 * interval (in GSettings, shown only when the schema is installed). */
GtkWidget *fcrm_preferences_general_new (FcrmCrm *crm);

G_END_DECLS
