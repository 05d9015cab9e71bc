#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_PREFERENCES_SCHEDULE (fcrm_preferences_schedule_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPreferencesSchedule, fcrm_preferences_schedule, FCRM, PREFERENCES_SCHEDULE, AdwPreferencesPage)

/** The Schedule page of the preferences window (issue 15): how long each
 * kind of field work takes, and People — the field roles each person takes
 * (measurer, designer, installer, repair master, driver). Supervisors
 * change them; others read. */
GtkWidget *fcrm_preferences_schedule_new    (FcrmCrm                 *crm);
/** Read the page's values again (off the main loop). */
void       fcrm_preferences_schedule_reload (FcrmPreferencesSchedule *self);

G_END_DECLS
