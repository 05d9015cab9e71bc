#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* The reminder check off the main loop (the desktop's notifier): due robots
 * fire, the user's new notifications are claimed and counted on the worker
 * of fcrm-crm-async.h, the only writes that go there. They are background
 * duties, not a person's action: a person's writes stay synchronous.
 *
 * Robots due in bulk fire in bounded batches, each its own short
 * transaction, so another desktop or program writing meanwhile waits for one
 * batch at most, never for the whole run.
 *
 * The worker's connection is not the main one: a SQLite file's data_version
 * changes for its commits too. fcrm_crm_poll_outside_change() leaves them
 * out: when a check committed something, the FcrmCrm emits "changed" as it
 * does for a write made on it (views re-read what they show), and the
 * change of data_version is taken in then. Another program's commit taken
 * in with it is shown by that re-read. On the office server the worker's
 * commits never look like another desktop's: a check that only claimed
 * notifications says nothing (robots that fired always do). */

/* Queue entries one check takes at most (one transaction). */
#define FCRM_NOTIFY_CHECK_BATCH 100
/* Notifications one check claims at most (in transactions of 100). */
#define FCRM_NOTIFY_CHECK_CLAIMS 1000

typedef struct
{
  guint      fired;    /* robots that fired in this check */
  guint      done;     /* robot queue entries it took */
  gboolean   more;     /* the batch was full: more may be due; check again
                        * (then nothing was claimed nor counted) */
  GPtrArray *taken;    /* FcrmNotification claimed for the user, oldest
                        * first (at most FCRM_NOTIFY_CHECK_CLAIMS); NULL
                        * when not claimed */
  GPtrArray *titles;   /* char *: the title of each taken notification's lead
                        * or deal ("" when none or gone); NULL when more were
                        * taken than asked for */
  gint64     unread;   /* the user's unread notifications; -1: not counted */
  gboolean   wrote;    /* it committed something */
  gboolean   announced; /* and the FcrmCrm emitted "changed" for it (once) */
} FcrmNotifyCheck;

void fcrm_notify_check_free (FcrmNotifyCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmNotifyCheck, fcrm_notify_check_free)

/** One check on the worker: with @robots, one batch of due robots (at most
 * FCRM_NOTIFY_CHECK_BATCH queue entries, as of the clock's now); then,
 * unless that batch was full, for @user_id (0: nobody) claim the undelivered
 * notifications (fcrm_crm_notifications_take_undelivered, at most
 * FCRM_NOTIFY_CHECK_CLAIMS), read their items' titles when at most @titles
 * were taken, and count the unread ones. On a
 * read-only database nothing is run or claimed, only counted.
 *
 * A cancelled check may still have run (it is never stopped half-way): its
 * commits are taken in all the same. */
void             fcrm_crm_notify_check_async  (FcrmCrm             *self,
                                               gint64               user_id,
                                               gboolean             robots,
                                               guint                titles,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
FcrmNotifyCheck *fcrm_crm_notify_check_finish (FcrmCrm             *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/** Main thread. Whether another desktop or program committed a change
 * since the last call (the first call takes note and says FALSE). Costs no
 * round trip (SQLite's data_version; the office server's notifications
 * already received). The worker's commits are not counted; while one of its
 * checks may be committing, a change is decided when the check is back
 * (the FcrmCrm's "changed" covers it then). */
gboolean         fcrm_crm_poll_outside_change (FcrmCrm             *self);

G_END_DECLS
