#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_PREFERENCES_BACKUPS (fcrm_preferences_backups_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPreferencesBackups, fcrm_preferences_backups, FCRM, PREFERENCES_BACKUPS, AdwPreferencesPage)

/** The Backups page of the preferences window: automatic daily backups
 * (folder, how many are kept: GSettings), the last backup's time, "Back Up
 * Now" with progress (off the main loop) and "Restore…" with a confirmation. */
GtkWidget *fcrm_preferences_backups_new     (FcrmCrm                *crm);
/** Restore @file after the confirmation (the file chooser's answer; tests). */
void       fcrm_preferences_backups_confirm_restore (FcrmPreferencesBackups *self,
                                                     GFile                  *file);

G_END_DECLS
