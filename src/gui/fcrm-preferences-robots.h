#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_PREFERENCES_ROBOTS (fcrm_preferences_robots_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPreferencesRobots, fcrm_preferences_robots, FCRM, PREFERENCES_ROBOTS, AdwPreferencesPage)

/** The Robots page of the preferences window: one group per pipeline, one
 * expander per stage with its robots (on/off, edit) and "Add Robot…". The
 * robots appear with fcrm_preferences_robots_reload(). */
GtkWidget *fcrm_preferences_robots_new    (FcrmCrm               *crm);
/** Read the robots from the database again. */
void       fcrm_preferences_robots_reload (FcrmPreferencesRobots *self);

G_END_DECLS
