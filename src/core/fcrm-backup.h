#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Backups (SPEC §5 backup/restore). A backup is always one SQLite database
 * file with everything in it — attachments are stored inside the database —
 * whichever kind of database it was made from: a database file is copied
 * page by page from one snapshot (the online backup API), the office server's
 * data exported table by table from one snapshot into a fresh file. Either
 * restores into either. */

/** Progress of a backup, 0.0 … 1.0. Called on the thread doing the work. */
typedef void (*FcrmBackupProgress) (double   fraction,
                                    gpointer user_data);

/** The file name ending of backups in a backups folder. */
#define FCRM_BACKUP_SUFFIX ".fcrm-backup"

/** Write a consistent copy of the database of @self to @file (replaced only
 * once the copy is complete) while others go on writing; then record the
 * time as the last backup's. Uses connections of its own: may run on a
 * worker thread while @self is used on another. */
gboolean  fcrm_crm_backup            (FcrmCrm             *self,
                                      const char          *file,
                                      FcrmBackupProgress   progress,
                                      gpointer             user_data,
                                      GCancellable        *cancellable,
                                      GError             **error);
/** A backup in @folder named after the moment (backup-YYYYMMDD-HHMMSS),
 * then the oldest beyond @keep deleted. Thread as fcrm_crm_backup(). */
gboolean  fcrm_crm_backup_to_folder  (FcrmCrm             *self,
                                      const char          *folder,
                                      guint                keep,
                                      char               **out_file,
                                      FcrmBackupProgress   progress,
                                      gpointer             user_data,
                                      GCancellable        *cancellable,
                                      GError             **error);
/** Delete the oldest backups in @folder beyond the newest @keep (only files
 * named like backup-….fcrm-backup). */
gboolean  fcrm_backup_rotate         (const char          *folder,
                                      guint                keep,
                                      GError             **error);
/** Check that @file is a backup this program can restore (a Furniture CRM
 * database, undamaged, of this schema version or an older one); writes
 * nothing. */
gboolean  fcrm_backup_check_file     (const char          *file,
                                      GError             **error);
/** Replace the database of @self by the backup @file, after checking it
 * (fcrm_backup_check_file) and bringing it to this schema version. What it
 * replaces is first kept aside: a database file as
 * FILE.before-restore-YYYYMMDD-HHMMSS beside it, the office server's data
 * exported to SERVER-BACKUP beside @file; its path in @out_kept_aside. On a
 * database file, other programs with it open see the change as any other
 * commit. Nothing is replaced on any error. */
gboolean  fcrm_crm_restore           (FcrmCrm             *self,
                                      const char          *file,
                                      char               **out_kept_aside,
                                      GError             **error);
/** fcrm_crm_restore() on a thread of its own, on a connection of its own:
 * @progress (may be NULL) is told how far it got (0…1) on the caller's main
 * context, @callback when it is done. Cancelling stops it only before it
 * starts (a restore, once begun, is not left half done). */
void      fcrm_crm_restore_async     (FcrmCrm             *self,
                                      const char          *file,
                                      FcrmBackupProgress   progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/** The outcome of fcrm_crm_restore_async(): on success @self emits
 * "changed" (every view reads again) and @out_kept_aside (may be NULL) gets
 * where the replaced data was kept. */
gboolean  fcrm_crm_restore_finish    (FcrmCrm             *self,
                                      GAsyncResult        *result,
                                      char               **out_kept_aside,
                                      GError             **error);
/** Whether this sign-in may back the database up and restore it: always
 * for a database file; on the office server only its administrator (anyone
 * else sees only part of the data). */
gboolean  fcrm_crm_may_back_up       (FcrmCrm             *self);
/** When the last backup of this database was made (Unix seconds), 0 if never. */
gint64    fcrm_crm_get_last_backup   (FcrmCrm             *self);
/** When the last backup is older than 7 days (or there was none for a
 * database older than that), notify every active supervisor, at most once a
 * week. A database file's business: the office server is backed up by its
 * administrator. */
gboolean  fcrm_crm_check_backup_age  (FcrmCrm             *self,
                                      GError             **error);
/** The default folder for automatic backups (under the user data folder). */
char     *fcrm_backup_default_folder (void);

G_END_DECLS
