/* The notifier's check on the worker (fcrm-crm-async-notify.h): robots fire
 * and notifications are claimed off the caller's thread, in batches; the
 * FcrmCrm says "changed" once per check that wrote; and polling for other
 * desktops' changes never takes the worker's commits for one, while never
 * losing another program's. */

#include "fcrm-test-util.h"
#include "fcrm-crm-async-notify.h"
#include "fcrm-inbox.h"

#define DAY (24 * 60 * 60)

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* Start a check and wait until the worker has delivered it to this thread's
 * context, without dispatching it: the poll's view while a check is back but
 * not yet taken in. */
static void
start_and_wait_delivered (FcrmCrm       *crm,
                          gint64         user_id,
                          GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  fcrm_crm_notify_check_async (crm, user_id, TRUE, 3, NULL, keep_result_cb, slot);
  while (!g_main_context_pending (NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
}

static FcrmNotifyCheck *
finish_delivered (FcrmCrm       *crm,
                  GAsyncResult **slot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  FcrmNotifyCheck *check;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  result = g_steal_pointer (slot);
  check = fcrm_crm_notify_check_finish (crm, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

static FcrmNotifyCheck *
check (FcrmCrm *crm,
       gint64   user_id)
{
  GAsyncResult *slot = NULL;

  fcrm_crm_notify_check_async (crm, user_id, TRUE, 3, NULL, keep_result_cb, &slot);
  return finish_delivered (crm, &slot);
}

/* The office server's notifications travel: wait (a while) for an answer. */
static gboolean
poll_sees (FcrmCrm *crm)
{
  gint64 deadline = g_get_monotonic_time () + (fcrm_test_is_pg () ? 2 : 0) * G_USEC_PER_SEC;

  do
    {
      if (fcrm_crm_poll_outside_change (crm))
        return TRUE;
      g_usleep (10 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return FALSE;
}

static FcrmCrm *
open_other (FcrmTestDb *db)
{
  g_autoptr(GError) error = NULL;
  FcrmCrm *other = fcrm_crm_open (fcrm_test_location (db), db->clock, &error);

  g_assert_no_error (error);
  return other;
}

static void
test_fires_and_claims (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmNotifyCheck) first = NULL, due = NULL, quiet = NULL;
  gint64 anna = fcrm_test_add_user (db->crm, "anna", "manager");
  FcrmNotification *n;
  guint changed = 0;

  lead = fcrm_test_add_lead (db->crm, "Pine bed", "anna");
  g_signal_connect (db->crm, "changed", G_CALLBACK (count_cb), &changed);

  /* the on-entry notification, claimed with its lead's title */
  first = check (db->crm, anna);
  g_assert_false (first->more);
  g_assert_cmpuint (first->fired, ==, 0);
  g_assert_cmpuint (first->taken->len, ==, 1);
  g_assert_cmpuint (first->titles->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (first->titles, 0), ==, "Pine bed");
  g_assert_cmpint (first->unread, ==, 1);
  g_assert_true (first->wrote);
  /* a claim alone: views re-read on a file (its data_version cannot tell
   * whose commit it saw), not on the office server */
  g_assert_cmpint (first->announced, ==, !fcrm_test_is_pg ());
  g_assert_cmpuint (changed, ==, first->announced ? 1 : 0);
  g_assert_cmpint (fcrm_test_n_undelivered (db->crm, "anna"), ==, 0);

  /* a day later the reminder is due: fired and claimed in one check */
  fcrm_clock_set (db->clock, fcrm_test_start_time () + DAY + 1);
  due = check (db->crm, anna);
  g_assert_cmpuint (due->fired, ==, 1);
  g_assert_cmpuint (due->done, ==, 1);
  g_assert_cmpuint (due->taken->len, ==, 1);
  n = g_ptr_array_index (due->taken, 0);
  g_assert_nonnull (strstr (n->text, "still unprocessed"));
  g_assert_cmpint (due->unread, ==, 2);
  /* robots fired: views re-read, whatever the database */
  g_assert_true (due->announced);
  g_assert_cmpuint (changed, ==, first->announced ? 2 : 1);

  /* nothing due, nothing new: nothing written, nobody told */
  quiet = check (db->crm, anna);
  g_assert_cmpuint (quiet->fired, ==, 0);
  g_assert_cmpuint (quiet->done, ==, 0);
  g_assert_cmpuint (quiet->taken->len, ==, 0);
  g_assert_false (quiet->wrote);
  g_assert_false (quiet->announced);
  g_assert_cmpint (quiet->unread, ==, 2);
  g_assert_cmpuint (changed, ==, first->announced ? 2 : 1);
  g_signal_handlers_disconnect_by_data (db->crm, &changed);
}

static gint64
n_queued (FcrmCrm *crm)
{
  return fcrm_test_int (crm, "SELECT COUNT(*) FROM robot_queue");
}

/* Robots due in bulk: a batch per check, each committed on its own; the
 * notifications are claimed once the last batch is done. */
static void
test_batches (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmCrm) other = NULL;
  gint64 anna = fcrm_test_add_user (db->crm, "anna", "manager");
  guint n = 2 * FCRM_NOTIFY_CHECK_BATCH + 5;
  gint64 queued;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Lead %u", i + 1);
      g_autoptr(FcrmItem) lead = fcrm_test_add_lead (db->crm, title, "anna");
    }
  fcrm_notify_check_free (check (db->crm, anna));
  other = open_other (db);
  queued = n_queued (other);

  fcrm_clock_set (db->clock, fcrm_test_start_time () + DAY + 1);
  for (guint batch = 0; batch < 3; batch++)
    {
      g_autoptr(FcrmNotifyCheck) c = check (db->crm, anna);
      gboolean last = batch == 2;

      g_assert_cmpuint (c->done, ==, last ? 5 : FCRM_NOTIFY_CHECK_BATCH);
      g_assert_cmpuint (c->fired, ==, c->done);
      g_assert_cmpint (c->more, ==, !last);
      /* committed before the next one starts: another connection sees it */
      queued -= c->done;
      g_assert_cmpint (n_queued (other), ==, queued);
      if (!last)
        {
          g_assert_null (c->taken);
          g_assert_cmpint (c->unread, ==, -1);
        }
      else
        {
          /* every reminder, in transactions of a hundred; too many for titles */
          g_assert_cmpuint (c->taken->len, ==, n);
          g_assert_null (c->titles);
          /* on entry, and a day later; the count itself stops at its cap */
          g_assert_cmpint (fcrm_test_int (other, "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL"), ==, 2 * n);
          g_assert_cmpint (c->unread, ==, MIN (2 * n, FCRM_UNREAD_COUNT_CAP));
        }
    }
}

/* The worker's commits are not another desktop's; another program's are
 * never lost, even when they meet one of the worker's. */
static void
test_outside_change (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmCrm) other = NULL;
  g_autoptr(FcrmNotifyCheck) c = NULL;
  g_autoptr(FcrmItem) lead = NULL, walk_in = NULL, mine = NULL, late = NULL;
  gint64 anna = fcrm_test_add_user (db->crm, "anna", "manager");
  GAsyncResult *slot = NULL;
  guint changed = 0;

  lead = fcrm_test_add_lead (db->crm, "Pine bed", "anna");
  other = open_other (db);
  g_assert_false (fcrm_crm_poll_outside_change (db->crm));   /* takes note */
  g_signal_connect (db->crm, "changed", G_CALLBACK (count_cb), &changed);

  /* the worker claims: its commit is back but not yet taken in */
  start_and_wait_delivered (db->crm, anna, &slot);
  g_assert_false (fcrm_crm_poll_outside_change (db->crm));
  c = finish_delivered (db->crm, &slot);
  g_assert_true (c->wrote);
  g_assert_cmpuint (changed, ==, c->announced ? 1 : 0);
  g_assert_false (poll_sees (db->crm));
  g_clear_pointer (&c, fcrm_notify_check_free);

  /* our own writes are not news either */
  mine = fcrm_test_add_lead (db->crm, "Oak desk", "anna");
  g_assert_false (poll_sees (db->crm));

  /* another program's are */
  walk_in = fcrm_test_add_lead (other, "Walk-in", "anna");
  g_assert_true (poll_sees (db->crm));
  g_assert_false (fcrm_crm_poll_outside_change (db->crm));

  /* one meets the worker's commit: told one way or the other — as another
   * desktop's change, or by the "changed" the check brings */
  changed = 0;
  start_and_wait_delivered (db->crm, anna, &slot);
  late = fcrm_test_add_lead (other, "Late caller", "anna");
  {
    gboolean seen = fcrm_crm_poll_outside_change (db->crm);

    c = finish_delivered (db->crm, &slot);
    g_assert_true (c->wrote);
    seen |= poll_sees (db->crm);
    g_assert_true (seen || (c->announced && changed == 1));
  }
  g_signal_handlers_disconnect_by_data (db->crm, &changed);
}

/* A cancelled check that ran keeps its word: its commit is taken in. */
static void
test_cancelled (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna = fcrm_test_add_user (db->crm, "anna", "manager");
  GAsyncResult *slot = NULL;
  guint changed = 0;

  lead = fcrm_test_add_lead (db->crm, "Pine bed", "anna");
  g_assert_false (fcrm_crm_poll_outside_change (db->crm));
  g_signal_connect (db->crm, "changed", G_CALLBACK (count_cb), &changed);

  fcrm_crm_notify_check_async (db->crm, anna, TRUE, 3, cancellable, keep_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  while (slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = g_steal_pointer (&slot);
  g_assert_null (fcrm_crm_notify_check_finish (db->crm, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* it claimed the notification all the same: nothing is lost or doubled */
  g_assert_cmpint (fcrm_test_n_undelivered (db->crm, "anna"), ==, 0);
  g_assert_cmpuint (changed, ==, fcrm_test_is_pg () ? 0 : 1);
  g_assert_false (poll_sees (db->crm));
  g_signal_handlers_disconnect_by_data (db->crm, &changed);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/notify-check/fires-and-claims", test_fires_and_claims);
  g_test_add_func ("/notify-check/batches", test_batches);
  g_test_add_func ("/notify-check/outside-change", test_outside_change);
  g_test_add_func ("/notify-check/cancelled", test_cancelled);

  return g_test_run ();
}
