#define G_LOG_DOMAIN "fcrm-backup"

/* Backups and restores (fcrm-backup.h). A backup is a database file: made
 * from a database file by the online backup API inside one read snapshot
 * (writers are never held up, the copy is a committed state), from the office
 * server by the migration's table-by-table copy out of one REPEATABLE READ
 * snapshot into a fresh file. A restore checks a private copy of the backup
 * (header, length, integrity, that it is ours, its schema version), brings
 * that copy up to this version, keeps what it replaces aside, and only then
 * replaces: a file in one write transaction, the server in one transaction. */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fcrm-backup.h"
#include "fcrm-crm-private.h"
#include "fcrm-migrate-private.h"
#include "fcrm-pg-security.h"
#include "fcrm-schema.h"

#define LAST_BACKUP_KEY  "last_backup_at"
#define WARNED_KEY       "backup_warned_at"
#define STALE_SECONDS    (7 * 24 * 3600)

typedef struct
{
  FcrmBackupProgress progress;
  gpointer           user_data;
  guint              tables_seen;
  char              *table;
} Progress;

static void
pages_cb (gint64   done,
          gint64   total,
          gpointer user_data)
{
  Progress *p = user_data;

  if (p->progress != NULL && total > 0)
    p->progress ((double) done / (double) total, p->user_data);
}

/* the migration copies 17 tables, one after the other */
static void
tables_cb (const char *table,
           gint64      done,
           gint64      total,
           gpointer    user_data)
{
  Progress *p = user_data;
  double n = 17.0;

  if (g_strcmp0 (p->table, table) != 0)
    {
      g_free (p->table);
      p->table = g_strdup (table);
      p->tables_seen++;
    }
  if (p->progress != NULL)
    p->progress (MIN (1.0, (p->tables_seen - 1 + (total > 0 ? (double) done / (double) total : 1.0)) / n),
                 p->user_data);
}

/* One step of a longer run: its own 0…1 told as @from…@to of the whole. */
typedef struct
{
  FcrmBackupProgress progress;
  gpointer           user_data;
  double             from, to;
} Phase;

static void
phase_cb (double   fraction,
          gpointer user_data)
{
  Phase *ph = user_data;

  if (ph->progress != NULL)
    ph->progress (ph->from + CLAMP (fraction, 0.0, 1.0) * (ph->to - ph->from), ph->user_data);
}

static void
phase_at (Phase  *ph,
          double  from,
          double  to)
{
  ph->from = from;
  ph->to = to;
  phase_cb (0.0, ph);
}

static void
copy_progress_cb (goffset  done,
                  goffset  total,
                  gpointer user_data)
{
  if (total > 0)
    phase_cb ((double) done / (double) total, user_data);
}

/* The office server's data, from one snapshot, into the new file @dest. */
static gboolean
export_server (FcrmStore *server,
               const char *dest,
               Progress   *progress,
               GError    **error)
{
  g_autoptr(FcrmCrm) out = NULL;
  gboolean ok;

  out = fcrm_crm_open_full (dest, NULL, FCRM_OPEN_CREATE, error);
  if (out == NULL)
    return FALSE;
  if (!fcrm_store_begin_snapshot (server, error))
    return FALSE;
  ok = fcrm_store_begin (out->store, error);
  if (ok)
    {
      ok = fcrm_migrate_copy_all (server, out->store, tables_cb, progress, error);
      if (ok)
        ok = fcrm_store_commit (out->store, error);
      else
        fcrm_store_rollback (out->store);
    }
  fcrm_store_rollback (server);
  return ok;
}

/* An ordinary sign-in to the office server sees only part of the data
 * (row-level security): a backup of that would look whole and not be. */
static gboolean
check_may_back_up (FcrmStore *store,
                   GError   **error)
{
  if (fcrm_store_get_file (store) != NULL || fcrm_pg_is_owner (store))
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
               _("Only the office server’s administrator can back it up or restore it: an ordinary sign-in sees only part of the data."));
  return FALSE;
}

gboolean
fcrm_crm_may_back_up (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return fcrm_store_get_file (self->store) != NULL || fcrm_crm_is_server_admin (self);
}

static gboolean
record_backup (FcrmStore *store,
               gint64     now)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autoptr(GError) error = NULL;

  if (!fcrm_store_begin (store, &error))
    goto failed;
  if (!fcrm_store_set_setting (store, LAST_BACKUP_KEY, value, &error))
    {
      fcrm_store_rollback (store);
      goto failed;
    }
  if (fcrm_store_commit (store, &error))
    return TRUE;
failed:
  /* the backup is made; only its date is not noted (a reader's rights) */
  g_message ("The time of the backup was not recorded: %s", error->message);
  return FALSE;
}

gboolean
fcrm_crm_backup (FcrmCrm             *self,
                 const char          *file,
                 FcrmBackupProgress   progress,
                 gpointer             user_data,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autofree char *part = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(FcrmStore) conn = NULL;
  Progress p = { progress, user_data, 0, NULL };
  gint64 now;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  now = fcrm_clock_now (self->clock);
  dir = g_path_get_dirname (file);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("Cannot create the folder “%s” for the backup: %s"), dir,
                   g_strerror (errno));
      return FALSE;
    }
  if (g_file_test (file, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is a folder; give the backup a file name."), file);
      return FALSE;
    }
  conn = fcrm_store_open_another (self->store, error);
  if (conn == NULL || !check_may_back_up (conn, error))
    return FALSE;
  /* the backup replaces @file only once it is whole */
  part = g_strconcat (file, ".part", NULL);
  g_unlink (part);
  if (fcrm_store_get_file (conn) != NULL)
    ok = fcrm_store_copy_to_file (conn, part, pages_cb, &p, cancellable, error);
  else
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) && export_server (conn, part, &p, error);
  g_free (p.table);
  if (ok && g_rename (part, file) != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("Cannot write the backup “%s”: %s"), file,
                   g_strerror (errno));
      ok = FALSE;
    }
  if (!ok)
    {
      for (const char * const *s = (const char * const[]) { "", "-wal", "-shm", "-journal", NULL }; *s != NULL; s++)
        {
          g_autofree char *f = g_strconcat (part, *s, NULL);
          g_unlink (f);
        }
      return FALSE;
    }
  if (progress != NULL)
    progress (1.0, user_data);
  record_backup (conn, now);
  return TRUE;
}

static char *
time_stamp (FcrmCrm *self)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (fcrm_clock_now (self->clock));

  return g_date_time_format (t, "%Y%m%d-%H%M%S");
}

static gboolean
is_backup_name (const char *name)
{
  return g_str_has_prefix (name, "backup-") && g_str_has_suffix (name, FCRM_BACKUP_SUFFIX);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
fcrm_backup_rotate (const char  *folder,
                    guint        keep,
                    GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (folder != NULL, FALSE);
  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_backup_name (name))
      g_ptr_array_add (names, g_strdup (name));
  /* the names carry the moment: by name is by age */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) != 0)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("Cannot delete the old backup “%s”: %s"), path,
                       g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
fcrm_crm_backup_to_folder (FcrmCrm             *self,
                           const char          *folder,
                           guint                keep,
                           char               **out_file,
                           FcrmBackupProgress   progress,
                           gpointer             user_data,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autofree char *stamp = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (folder != NULL && keep > 0, FALSE);

  stamp = time_stamp (self);
  for (int n = 1; file == NULL || g_file_test (file, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("backup-%s" FCRM_BACKUP_SUFFIX, stamp)
                                     : g_strdup_printf ("backup-%s-%d" FCRM_BACKUP_SUFFIX, stamp, n);
      g_free (file);
      file = g_build_filename (folder, name, NULL);
    }
  if (!fcrm_crm_backup (self, file, progress, user_data, cancellable, error) ||
      !fcrm_backup_rotate (folder, keep, error))
    return FALSE;
  if (out_file != NULL)
    *out_file = g_steal_pointer (&file);
  return TRUE;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint32
be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* What the first 100 bytes of a database file tell: that it is one, and how
 * long it must be. */
static gboolean
check_header (const char *file,
              GError    **error)
{
  FILE *f = g_fopen (file, "rb");
  guchar h[100];
  gsize n;
  GStatBuf st;
  guint32 page_size, pages;

  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("Cannot read the backup “%s”: %s. Nothing was restored."), file,
                   g_strerror (saved));
      return FALSE;
    }
  n = fread (h, 1, sizeof h, f);
  if (fstat (fileno (f), &st) != 0)
    st.st_size = 0;
  fclose (f);
  if (n < sizeof h || memcmp (h, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Furniture CRM backup: it is not a database file. Nothing was restored."), file);
      return FALSE;
    }
  page_size = ((guint32) h[16] << 8) | h[17];
  if (page_size == 1)
    page_size = 65536;
  /* the page count in the header is valid when its change counter says so */
  pages = be32 (h + 24) == be32 (h + 92) ? be32 (h + 28) : 0;
  if (page_size < 512 || st.st_size % page_size != 0 || (gint64) st.st_size < (gint64) pages * page_size)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("The backup “%s” is incomplete: the file is cut short. Nothing was restored; use another backup."),
                   file);
      return FALSE;
    }
  return TRUE;
}

/* A checked private copy of the backup @file, brought to this schema
 * version, in a temporary folder (@out_dir, for remove_tree). */
static char *
checked_copy (const char  *file,
              Phase       *ph,
              char       **out_dir,
              GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(FcrmStore) store = NULL;
  GError *local = NULL;
  int version;

  if (!check_header (file, error))
    return NULL;
  dir = g_dir_make_tmp ("fcrm-restore-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  copy = g_build_filename (dir, "restore.sqlite3", NULL);
  from = g_file_new_for_path (file);
  to = g_file_new_for_path (copy);
  phase_at (ph, 0.0, 0.25);
  if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, copy_progress_cb, ph, &local))
    goto failed;
  phase_at (ph, 0.25, 0.4);
  store = fcrm_store_open_full (copy, FCRM_OPEN_EXISTING, &local);
  if (store == NULL || !fcrm_store_check_integrity (store, &local))
    goto failed;
  phase_at (ph, 0.4, 0.45);
  version = fcrm_schema_get_version (store, &local);
  if (version < 0)
    goto failed;
  if (version == 0 || fcrm_store_table_exists (store, "settings", NULL) != 1)
    {
      g_set_error (&local, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("This database was not made by Furniture CRM; choose another file."));
      goto failed;
    }
  if (version > FCRM_SCHEMA_VERSION)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_TOO_NEW,
                   _("The backup “%s” was made by a newer version of Furniture CRM (schema %d; this program knows up to %d). Update the program first; nothing was restored."),
                   file, version, FCRM_SCHEMA_VERSION);
      remove_tree (dir);
      return NULL;
    }
  if (!fcrm_schema_migrate (store, FCRM_SCHEMA_VERSION, &local))
    goto failed;
  g_clear_object (&store);
  *out_dir = g_steal_pointer (&dir);
  return g_steal_pointer (&copy);

failed:
  g_clear_object (&store);
  remove_tree (dir);
  g_set_error (error, FCRM_ERROR, local->domain == FCRM_ERROR ? local->code : FCRM_ERROR_NOT_A_DATABASE,
               _("“%s” cannot be restored: %s Nothing was restored."), file, local->message);
  g_error_free (local);
  return NULL;
}

gboolean
fcrm_backup_check_file (const char  *file,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (file != NULL, FALSE);
  copy = checked_copy (file, &(Phase) { 0 }, &dir, error);
  if (copy == NULL)
    return FALSE;
  remove_tree (dir);
  return TRUE;
}

/* fcrm_crm_restore(), telling how far it got: the check of the private
 * copy is the first 45 %, keeping the current data aside and replacing it
 * the rest. */
static gboolean
restore_run (FcrmCrm             *self,
             const char          *file,
             FcrmBackupProgress   progress,
             gpointer             user_data,
             char               **out_kept_aside,
             GError             **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *kept = NULL;
  Phase ph = { progress, user_data, 0, 0 };
  Progress p = { phase_cb, &ph, 0, NULL };
  const char *db_file;
  gboolean ok;

  if (!check_may_back_up (self->store, error))
    return FALSE;
  copy = checked_copy (file, &ph, &dir, error);
  if (copy == NULL)
    return FALSE;
  stamp = time_stamp (self);
  db_file = fcrm_store_get_file (self->store);
  if (db_file != NULL)
    {
      kept = g_strdup_printf ("%s.before-restore-%s", db_file, stamp);
      phase_at (&ph, 0.45, 0.75);
      ok = fcrm_store_copy_to_file (self->store, kept, pages_cb, &p, NULL, error);
      /* the replacement is one step: one write transaction */
      phase_at (&ph, 0.75, 1.0);
      ok = ok && fcrm_store_replace_from_file (self->store, copy, error);
    }
  else
    {
      g_autofree char *folder = g_path_get_dirname (file);
      g_autofree char *name = g_strdup_printf ("office-server-before-restore-%s" FCRM_BACKUP_SUFFIX, stamp);
      g_autoptr(FcrmStore) from = NULL;

      kept = g_build_filename (folder, name, NULL);
      phase_at (&ph, 0.45, 0.7);
      ok = fcrm_crm_backup (self, kept, phase_cb, &ph, NULL, error) &&
           (from = fcrm_store_open_full (copy, FCRM_OPEN_EXISTING, error)) != NULL &&
           fcrm_crm_begin (self, error);
      if (ok)
        {
          phase_at (&ph, 0.7, 1.0);
          ok = fcrm_migrate_copy_all (from, self->store, tables_cb, &p, error);
          ok = fcrm_crm_finish (self, ok, error);
        }
      g_free (p.table);
    }
  remove_tree (dir);
  if (ok)
    phase_cb (1.0, &ph);
  if (ok && out_kept_aside != NULL)
    *out_kept_aside = g_steal_pointer (&kept);
  return ok;
}

gboolean
fcrm_crm_restore (FcrmCrm     *self,
                  const char  *file,
                  char       **out_kept_aside,
                  GError     **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  return restore_run (self, file, NULL, NULL, out_kept_aside, error);
}

/* In a thread */

typedef struct
{
  FcrmCrmSeed        *seed;
  char               *file;
  FcrmBackupProgress  progress;
  gpointer            progress_data;
  FcrmRelay          *relay;   /* NULL without progress; released by the thread */
  char               *kept;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  fcrm_crm_seed_free (job->seed);
  g_free (job->file);
  g_free (job->kept);
  g_free (job);
}

/* on the main context: the task (and so the job) lives while calls are on their way */
static void
restore_progress_on_main (double   fraction,
                          double   unused,
                          gpointer data)
{
  RestoreJob *job = g_task_get_task_data (G_TASK (data));

  job->progress (fraction, job->progress_data);
}

static void
restore_progress_in_thread (double   fraction,
                            gpointer data)
{
  fcrm_relay_post (data, fraction, 1.0, fraction >= 1.0);
}

static void
restore_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  RestoreJob *job = data;
  g_autoptr(FcrmCrm) crm = NULL;
  GError *error = NULL;
  gboolean ok;

  (void) source;
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (&job->relay, fcrm_relay_unref);
      return;
    }
  crm = fcrm_crm_seed_open (job->seed, &error);
  ok = crm != NULL && restore_run (crm, job->file, job->relay != NULL ? restore_progress_in_thread : NULL,
                                   job->relay, &job->kept, &error);
  /* it holds the task: only the calls on their way keep it */
  g_clear_pointer (&job->relay, fcrm_relay_unref);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fcrm_crm_restore_async (FcrmCrm             *self,
                        const char          *file,
                        FcrmBackupProgress   progress,
                        gpointer             progress_data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RestoreJob *job;

  g_return_if_fail (FCRM_IS_CRM (self));
  g_return_if_fail (file != NULL);

  job = g_new0 (RestoreJob, 1);
  job->seed = fcrm_crm_seed_new (self);
  job->file = g_strdup (file);
  job->progress = progress;
  job->progress_data = progress_data;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fcrm_crm_restore_async);
  g_task_set_name (task, "[fcrm] restore");
  g_task_set_task_data (task, job, (GDestroyNotify) restore_job_free);
  if (progress != NULL)
    job->relay = fcrm_relay_new (restore_progress_on_main, g_object_ref (task), g_object_unref);
  g_task_run_in_thread (task, restore_thread);
}

gboolean
fcrm_crm_restore_finish (FcrmCrm       *self,
                         GAsyncResult  *result,
                         char         **out_kept_aside,
                         GError       **error)
{
  RestoreJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* the data changed under every view of this program */
  fcrm_crm_emit_changed (self);
  if (out_kept_aside != NULL)
    *out_kept_aside = g_steal_pointer (&job->kept);
  return TRUE;
}

gint64
fcrm_crm_get_last_backup (FcrmCrm *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), 0);
  value = fcrm_store_get_setting (self->store, LAST_BACKUP_KEY);
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
fcrm_crm_check_backup_age (FcrmCrm *self,
                           GError **error)
{
  g_autofree char *warned_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now, last, since = 0, warned;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  if (fcrm_store_has_server_rules (self->store))
    return TRUE;
  now = fcrm_clock_now (self->clock);
  last = fcrm_crm_get_last_backup (self);
  /* never backed up: counted from when its first person was added */
  if (!fcrm_store_query_int (self->store, "SELECT min(created_at) FROM users", &since, NULL, error, ""))
    return FALSE;
  if (last > 0)
    since = last;
  warned_text = fcrm_store_get_setting (self->store, WARNED_KEY);
  warned = warned_text != NULL ? g_ascii_strtoll (warned_text, NULL, 10) : 0;
  if (now - since < STALE_SECONDS || (warned > since && now - warned < STALE_SECONDS))
    return TRUE;

  if (last > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The database has not been backed up for %d day: back it up now (Preferences → Backups).",
                                         "The database has not been backed up for %d days: back it up now (Preferences → Backups).",
                                         (gulong) ((now - last) / 86400)),
                            (int) ((now - last) / 86400));
  else
    text = g_strdup (_("The database has never been backed up: turn on automatic backups (Preferences → Backups)."));
  now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_crm_active_supervisors (self, ids, error);
  for (guint i = 0; ok && i < ids->len; i++)
    ok = fcrm_crm_notify (self, g_array_index (ids, gint64, i), text, NULL, 0, 0, now, error);
  ok = ok && fcrm_store_set_setting (self->store, WARNED_KEY, now_text, error);
  return fcrm_crm_finish (self, ok, error);
}

char *
fcrm_backup_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "furniture-crm", "backups", NULL);
}
