#define G_LOG_DOMAIN "fcrm-crm-async"

/* The notifier's check on the worker (fcrm-crm-async-notify.h).
 *
 * Telling the worker's commits from other desktops': on the office server
 * each commit's notification names its process family
 * (fcrm_store_sees_sibling_commits() is FALSE), so the main connection never
 * counts the worker's. A SQLite file only says "another connection
 * committed". There the worker marks when it may commit (writing, set
 * before its first write and cleared after commits is bumped), and the main
 * thread reads data_version first, then those marks: a change seen while
 * neither moved since the last time it was taken in cannot be the worker's.
 * Otherwise the poll waits for the check to come back. Then the main thread
 * takes the new data_version in (commits first, then the version) and emits
 * "changed": whatever else was committed by then, the views read it after
 * that, so nothing another desktop did goes unseen. */

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "fcrm-crm-async-notify.h"
#include "fcrm-crm-async.h"
#include "fcrm-crm-private.h"
#include "fcrm-schedule.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

/* fcrm_crm_notifications_take_undelivered() claims this many at most. */
#define CLAIM_ROUND 100
/* How much the worker gives way (nice, 0–19). */
#define WORKER_NICE 10

typedef struct
{
  FcrmCrm  *main;      /* not a reference: the job's task holds one */
  gint64    user_id;
  gboolean  robots;
  gboolean  claim;
  guint     titles;
} CheckArgs;

/* What the worker hands back: the check, and its error (the commits before
 * a failure still count). */
typedef struct
{
  FcrmNotifyCheck *check;
  GError          *error;
} CheckOutcome;

void
fcrm_notify_check_free (FcrmNotifyCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->taken, g_ptr_array_unref);
  g_clear_pointer (&check->titles, g_ptr_array_unref);
  g_free (check);
}

static void
check_outcome_free (CheckOutcome *outcome)
{
  g_clear_pointer (&outcome->check, fcrm_notify_check_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static char *
item_title (FcrmCrm          *worker,
            FcrmNotification *n)
{
  g_autoptr(FcrmItem) item = NULL;

  if (n->entity_id > 0)
    item = fcrm_crm_load_item (worker, n->entity_type == FCRM_ENTITY_DEAL ? FCRM_ENTITY_DEAL : FCRM_ENTITY_LEAD,
                               n->entity_id, NULL);
  return g_strdup (item != NULL && item->title != NULL ? item->title : "");
}

/* On the worker thread. */
static gboolean
run_check (FcrmCrm         *worker,
           CheckArgs       *args,
           FcrmNotifyCheck *check,
           GError         **error)
{
  if (args->robots &&
      !fcrm_crm_robots_run_batch (worker, FCRM_NOTIFY_CHECK_BATCH, &check->fired, &check->done, &check->more, error))
    return FALSE;
  /* the queue entries it took are gone: committed */
  check->wrote = check->done > 0;
  if (check->more || args->user_id <= 0)
    return TRUE;
  /* the person's own schedule reminders (fcrm-schedule-remind.c) */
  if (args->robots)
    {
      guint reminded = 0;

      if (!fcrm_crm_schedule_remind (worker, args->user_id, &reminded, error))
        return FALSE;
      check->wrote |= reminded > 0;
    }

  if (args->claim)
    {
      /* each notification is claimed by exactly one caller, whatever the
       * number of windows and processes: raising what we claimed never
       * shows one twice */
      check->taken = g_ptr_array_new_with_free_func (g_object_unref);
      /* a backlog (a first start after a holiday) goes in one check */
      for (;;)
        {
          g_autoptr(GPtrArray) some = fcrm_crm_notifications_take_undelivered (worker, args->user_id, error);
          guint n;

          if (some == NULL)
            return FALSE;
          n = some->len;
          check->wrote |= n > 0;
          g_ptr_array_extend_and_steal (check->taken, g_steal_pointer (&some));
          if (n < CLAIM_ROUND || check->taken->len + CLAIM_ROUND > FCRM_NOTIFY_CHECK_CLAIMS)
            break;
        }
      if (check->taken->len <= args->titles)
        {
          check->titles = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < check->taken->len; i++)
            g_ptr_array_add (check->titles, item_title (worker, g_ptr_array_index (check->taken, i)));
        }
    }
  check->unread = fcrm_crm_notifications_unread_count (worker, args->user_id);
  return TRUE;
}

static gpointer
check_job (FcrmCrm  *worker,
           gpointer  data,
           GError  **error)
{
  CheckArgs *args = data;
  FcrmOutsideWatch *watch = &args->main->outside;
  CheckOutcome *outcome = g_new0 (CheckOutcome, 1);

  outcome->check = g_new0 (FcrmNotifyCheck, 1);
  outcome->check->unread = -1;

  /* before anything can commit: the main thread's poll waits for us */
  g_atomic_int_set (&watch->writing, 1);
  run_check (worker, args, outcome->check, &outcome->error);
  if (outcome->check->wrote)
    g_atomic_int_inc (&watch->commits);
  g_atomic_int_set (&watch->writing, 0);

  return outcome;
}

/* Main thread: the data_version the worker's commits left behind is ours. */
static void
take_in_worker_commits (FcrmCrm *self)
{
  FcrmOutsideWatch *watch = &self->outside;

  if (!fcrm_store_sees_sibling_commits (self->store))
    return;
  /* commits first: one made after this read is seen as the worker's next time */
  watch->absorbed = g_atomic_int_get (&watch->commits);
  watch->version = fcrm_store_data_version (self->store);
  watch->known = TRUE;
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FcrmCrm *self = FCRM_CRM (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CheckOutcome *outcome = fcrm_crm_read_finish (self, result, &error);
  FcrmNotifyCheck *check;

  /* the worker's connection could not be opened: nothing ran */
  if (outcome == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  check = g_steal_pointer (&outcome->check);
  error = g_steal_pointer (&outcome->error);
  check_outcome_free (outcome);

  /* As after a write made here: whoever shows something re-reads it.
   * Robots that fired changed what views show; on a file the change of
   * data_version taken in may hide another program's commit, which the
   * re-read shows. A claim alone on the office server changes nothing
   * anybody shows but the inbox, which the caller re-reads. */
  if (check->wrote)
    {
      gboolean siblings = fcrm_store_sees_sibling_commits (self->store);

      take_in_worker_commits (self);
      check->announced = check->done > 0 || siblings;
      if (check->announced)
        fcrm_crm_emit_changed (self);
    }

  if (error != NULL)
    {
      fcrm_notify_check_free (check);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (g_task_return_error_if_cancelled (task))
    fcrm_notify_check_free (check);
  else
    g_task_return_pointer (task, check, (GDestroyNotify) fcrm_notify_check_free);
}

void
fcrm_crm_notify_check_async (FcrmCrm             *self,
                             gint64               user_id,
                             gboolean             robots,
                             guint                titles,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  CheckArgs *args;
  gboolean read_only;

  g_return_if_fail (FCRM_IS_CRM (self));
  g_return_if_fail (user_id >= 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fcrm_crm_notify_check_async);
  g_task_set_name (task, "[fcrm] notify check");

  /* a read-only database can record neither a firing nor a claim */
  read_only = fcrm_store_is_read_only (self->store);
  args = g_new0 (CheckArgs, 1);
  args->main = self;
  args->user_id = user_id;
  args->robots = robots && !read_only;
  args->claim = !read_only;
  args->titles = titles;
  /* never cancelled on the worker: once it has run, its commits must be
   * taken in here (check_done_cb) */
  fcrm_crm_read_async (self, check_job, args, g_free, (GDestroyNotify) check_outcome_free,
                       NULL, check_done_cb, task);
}

FcrmNotifyCheck *
fcrm_crm_notify_check_finish (FcrmCrm      *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fcrm_crm_notify_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
fcrm_crm_poll_outside_change (FcrmCrm *self)
{
  FcrmOutsideWatch *watch;
  gint64 version;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  watch = &self->outside;
  /* the version first, then the worker's marks (see the top) */
  version = fcrm_store_data_version (self->store);
  if (!watch->known)
    {
      /* the first look: everything so far is taken in */
      watch->known = TRUE;
      watch->absorbed = g_atomic_int_get (&watch->commits);
      watch->version = fcrm_store_data_version (self->store);
      return FALSE;
    }
  if (version == watch->version)
    return FALSE;
  if (fcrm_store_sees_sibling_commits (self->store) &&
      (g_atomic_int_get (&watch->writing) != 0 || g_atomic_int_get (&watch->commits) != watch->absorbed))
    return FALSE;
  watch->version = version;
  return TRUE;
}

/* The worker reads and checks in the background: a column's count over a
 * million rows must not take the processor from the thread that lays out
 * and draws the window (on a two-core machine the X server wants one too).
 * Linux gives a thread its own nice value. */
void
fcrm_worker_yield_cpu (void)
{
#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICE) != 0)
    g_debug ("the worker thread keeps its priority: %s", g_strerror (errno));
#endif
}
