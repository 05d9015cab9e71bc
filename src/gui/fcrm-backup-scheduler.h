#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BACKUP_SCHEDULER (fcrm_backup_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBackupScheduler, fcrm_backup_scheduler, FCRM, BACKUP_SCHEDULER, GObject)

/** The one scheduler of @crm (made on first use): runs backups into the
 * backups folder on a worker thread, one at a time, and — once started — a
 * daily one while the program runs. Signals: "progress" (a double, 0…1),
 * "finished" (the error message, NULL on success); "restoring" and
 * "restored" (fcrm_backup_scheduler_restore()). */
FcrmBackupScheduler *fcrm_backup_scheduler_get_for   (FcrmCrm             *crm);
/** Check now and then every hour: back up when automatic backups are on and
 * the last one is a day old; warn the supervisors of a stale backup. */
void                 fcrm_backup_scheduler_start     (FcrmBackupScheduler *self);
/** Back up now (no-op while a backup runs). */
void                 fcrm_backup_scheduler_run_now   (FcrmBackupScheduler *self);
gboolean             fcrm_backup_scheduler_is_running (FcrmBackupScheduler *self);
/** Replace the database by the backup @file on a worker thread (FALSE,
 * doing nothing, while a backup or restore runs). Emits "restoring" at once,
 * "progress" meanwhile and "restored" when done: where the replaced data was
 * kept (NULL on failure) and the error message (NULL on success); on success
 * the FcrmCrm has emitted "changed" before. */
gboolean             fcrm_backup_scheduler_restore   (FcrmBackupScheduler *self,
                                                      const char          *file);
gboolean             fcrm_backup_scheduler_is_restoring (FcrmBackupScheduler *self);
/** The folder backups go to (the setting, else the default). */
char                *fcrm_backup_scheduler_dup_folder (FcrmBackupScheduler *self);

G_END_DECLS
