#define G_LOG_DOMAIN "fcrm-backup-scheduler"

/* Backups and restores never block the window: each runs in a GTask thread
 * on connections of its own (fcrm_crm_backup_to_folder and
 * fcrm_crm_restore_async open them), its progress handed to the main loop;
 * the stale-backup warning is one small write, on the main loop as every
 * write is — never while a restore replaces the database. */

#include <glib/gi18n.h>

#include "fcrm-backup.h"
#include "fcrm-backup-scheduler.h"
#include "fcrm-preferences.h"

#define CHECK_SECONDS  3600
#define FIRST_SECONDS  60
#define DAY_SECONDS    (24 * 3600)

struct _FcrmBackupScheduler
{
  GObject       parent_instance;

  FcrmCrm      *crm;           /* not owned: the scheduler lives as data on it */
  GSettings    *settings;      /* NULL without the schema */
  GCancellable *cancellable;
  guint         timer;
  gboolean      running;       /* a backup or a restore */
  gboolean      restoring;
};

G_DEFINE_FINAL_TYPE (FcrmBackupScheduler, fcrm_backup_scheduler, G_TYPE_OBJECT)

enum { PROGRESS, FINISHED, RESTORING, RESTORED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  FcrmBackupScheduler *self;
  double               fraction;
} ProgressUpdate;

static gboolean
emit_progress (gpointer data)
{
  ProgressUpdate *u = data;

  /* a late step's news may arrive after the end's */
  if (u->self->running)
    g_signal_emit (u->self, signals[PROGRESS], 0, u->fraction);
  g_object_unref (u->self);
  g_free (u);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ProgressUpdate *u = g_new (ProgressUpdate, 1);

  u->self = g_object_ref (user_data);
  u->fraction = fraction;
  g_idle_add (emit_progress, u);
}

typedef struct
{
  FcrmCrm *crm;
  char    *folder;
  guint    keep;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->crm);
  g_free (job->folder);
  g_free (job);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  char *file = NULL;

  if (fcrm_crm_backup_to_folder (job->crm, job->folder, job->keep, &file, progress_cb, source, cancellable, &error))
    g_task_return_pointer (task, file, g_free);
  else
    g_task_return_error (task, error);
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FcrmBackupScheduler *self = FCRM_BACKUP_SCHEDULER (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_task_propagate_pointer (G_TASK (result), &error);

  self->running = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_signal_emit (self, signals[FINISHED], 0, error != NULL ? error->message : NULL);
}

char *
fcrm_backup_scheduler_dup_folder (FcrmBackupScheduler *self)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (FCRM_IS_BACKUP_SCHEDULER (self), NULL);
  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "backup-folder");
  if (folder == NULL || *folder == '\0')
    return fcrm_backup_default_folder ();
  return g_steal_pointer (&folder);
}

void
fcrm_backup_scheduler_run_now (FcrmBackupScheduler *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (FCRM_IS_BACKUP_SCHEDULER (self));
  if (self->running)
    return;
  self->running = TRUE;
  job = g_new0 (Job, 1);
  job->crm = g_object_ref (self->crm);
  job->folder = fcrm_backup_scheduler_dup_folder (self);
  job->keep = self->settings != NULL ? g_settings_get_uint (self->settings, "backup-keep") : 14;
  task = g_task_new (self, self->cancellable, backup_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, backup_thread);
}

gboolean
fcrm_backup_scheduler_is_running (FcrmBackupScheduler *self)
{
  g_return_val_if_fail (FCRM_IS_BACKUP_SCHEDULER (self), FALSE);
  return self->running;
}

gboolean
fcrm_backup_scheduler_is_restoring (FcrmBackupScheduler *self)
{
  g_return_val_if_fail (FCRM_IS_BACKUP_SCHEDULER (self), FALSE);
  return self->restoring;
}

static void
restore_progress_cb (double   fraction,
                     gpointer user_data)
{
  FcrmBackupScheduler *self = user_data;

  if (self->running)
    g_signal_emit (self, signals[PROGRESS], 0, fraction);
}

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FcrmBackupScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  /* the views are told to read again ("changed") before anyone hears it is over */
  fcrm_crm_restore_finish (FCRM_CRM (source), result, &kept, &error);
  self->running = FALSE;
  self->restoring = FALSE;
  g_signal_emit (self, signals[RESTORED], 0, kept, error != NULL ? error->message : NULL);
}

gboolean
fcrm_backup_scheduler_restore (FcrmBackupScheduler *self,
                               const char          *file)
{
  g_return_val_if_fail (FCRM_IS_BACKUP_SCHEDULER (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);
  if (self->running)
    return FALSE;
  self->running = TRUE;
  self->restoring = TRUE;
  g_signal_emit (self, signals[RESTORING], 0);
  /* not cancelled with the scheduler: a restore once begun is finished */
  fcrm_crm_restore_async (self->crm, file, restore_progress_cb, self, NULL, restore_done_cb, g_object_ref (self));
  return TRUE;
}

static gboolean
check_cb (gpointer user_data)
{
  FcrmBackupScheduler *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));
  gboolean automatic = self->settings == NULL || g_settings_get_boolean (self->settings, "backup-automatic");

  if (!fcrm_crm_may_back_up (self->crm))
    return G_SOURCE_REMOVE;
  /* a restore is replacing the database: next time */
  if (self->restoring)
    return self->timer != 0 && g_source_get_id (g_main_current_source ()) == self->timer;
  if (!fcrm_crm_check_backup_age (self->crm, &error))
    g_message ("The age of the last backup was not checked: %s", error->message);
  if (automatic && now - fcrm_crm_get_last_backup (self->crm) >= DAY_SECONDS)
    fcrm_backup_scheduler_run_now (self);
  if (self->timer == 0 || g_source_get_id (g_main_current_source ()) != self->timer)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

static gboolean
first_check_cb (gpointer user_data)
{
  FcrmBackupScheduler *self = user_data;

  check_cb (self);
  self->timer = g_timeout_add_seconds (CHECK_SECONDS, check_cb, self);
  return G_SOURCE_REMOVE;
}

void
fcrm_backup_scheduler_start (FcrmBackupScheduler *self)
{
  g_return_if_fail (FCRM_IS_BACKUP_SCHEDULER (self));
  if (self->timer != 0)
    return;
  /* not in the busy first minute of the start */
  self->timer = g_timeout_add_seconds (FIRST_SECONDS, first_check_cb, self);
}

static void
fcrm_backup_scheduler_dispose (GObject *object)
{
  FcrmBackupScheduler *self = FCRM_BACKUP_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (fcrm_backup_scheduler_parent_class)->dispose (object);
}

static void
fcrm_backup_scheduler_class_init (FcrmBackupSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fcrm_backup_scheduler_dispose;
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[RESTORING] = g_signal_new ("restoring", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
fcrm_backup_scheduler_init (FcrmBackupScheduler *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = fcrm_preferences_lookup_settings ("backup-folder");
}

FcrmBackupScheduler *
fcrm_backup_scheduler_get_for (FcrmCrm *crm)
{
  FcrmBackupScheduler *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  self = g_object_get_data (G_OBJECT (crm), "fcrm-backup-scheduler");
  if (self != NULL)
    return self;
  self = g_object_new (FCRM_TYPE_BACKUP_SCHEDULER, NULL);
  self->crm = crm;
  g_object_set_data_full (G_OBJECT (crm), "fcrm-backup-scheduler", self, g_object_unref);
  return self;
}
