#define G_LOG_DOMAIN "fcrm-bench"

/* fcrm-bench loop DB PERCENT ROUNDS, for build-aux/bench: the notifier's
 * work with PERCENT of the records' robots falling due at once, done as the
 * desktop does it now — checks on the worker (fcrm-crm-async-notify.h), a
 * batch at a time with a pause between two — while the main loop is
 * watched; and, as the baseline, the same amount done as before, on the
 * main loop (fcrm_crm_robots_run, then the claim and the count). Another
 * connection moves a lead every 20 ms all along, as the command line or
 * another desktop would: how long its commits waited, and whether any was
 * refused. Then checks with nothing due, both ways. Each round takes
 * the next PERCENT of the queue: the database is used up by it (a copy is
 * the caller's business). Prints one JSON object. No display needed. */

#include "fcrm-bench.h"
#include "fcrm-test-util.h"
#include "fcrm-crm-async-notify.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

/* As FcrmNotifier: between two batches of robots due in bulk. */
#define BATCH_PAUSE_MS 20
/* Checks with nothing due, measured both ways. */
#define IDLE_CHECKS 5
/* The other connection's rhythm. */
#define WRITER_EVERY_MS 20

/* ---- another connection writing all along -------------------------------- */

typedef struct
{
  char    *location;
  gint     stop;        /* atomic */
  guint    writes;
  guint    refused;
  double   wait_max_ms; /* the longest commit */
  char    *problem;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (w->location, NULL, &error);
  g_autoptr(GPtrArray) page = NULL;

  if (crm == NULL)
    g_error ("%s", error->message);
  page = fcrm_crm_stage_page (crm, "lead.new", 0, 10, &error);
  if (page == NULL || page->len == 0)
    g_error ("no lead to move: %s", error != NULL ? error->message : "lead.new is empty");
  for (guint i = 0; !g_atomic_int_get (&w->stop); i++)
    {
      FcrmItem *it = g_ptr_array_index (page, i % page->len);
      const char *to = (i / page->len) % 2 == 0 ? "lead.in_progress" : "lead.new";
      gint64 start = g_get_monotonic_time ();

      if (fcrm_crm_lead_move (crm, it->id, to, &error))
        w->writes++;
      else
        {
          w->refused++;
          if (w->problem == NULL)
            w->problem = g_strdup (error->message);
          g_clear_error (&error);
        }
      w->wait_max_ms = MAX (w->wait_max_ms, (g_get_monotonic_time () - start) / 1000.0);
      g_usleep (WRITER_EVERY_MS * 1000);
    }
  return NULL;
}

/* ---- the checks, as the notifier makes them --------------------------------- */

typedef struct
{
  FcrmNotifyCheck *check;
  GError          *error;
  gboolean         done;
} Answer;

static void
answer_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Answer *a = data;

  a->check = fcrm_crm_notify_check_finish (FCRM_CRM (source), result, &a->error);
  a->done = TRUE;
}

static gboolean
pause_over_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Checks until nothing more is due; the loop turns meanwhile. */
static void
check_until_done (FcrmCrm *crm,
                  gint64   user_id,
                  guint   *out_batches,
                  guint   *out_fired)
{
  gboolean more = TRUE;

  *out_batches = *out_fired = 0;
  while (more)
    {
      Answer a = { 0 };
      gboolean paused = FALSE;

      fcrm_crm_notify_check_async (crm, user_id, TRUE, 3, NULL, answer_cb, &a);
      while (!a.done)
        g_main_context_iteration (NULL, TRUE);
      if (a.check == NULL)
        g_error ("%s", a.error->message);
      (*out_batches)++;
      *out_fired += a.check->fired;
      more = a.check->more;
      fcrm_notify_check_free (a.check);
      if (more)
        {
          g_timeout_add (BATCH_PAUSE_MS, pause_over_cb, &paused);
          while (!paused)
            g_main_context_iteration (NULL, TRUE);
        }
    }
}

/* The old way, all on the calling thread: the stall it caused. */
static double
check_on_loop (FcrmCrm *crm,
               gint64   user_id,
               guint   *out_fired)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!fcrm_crm_robots_run (crm, out_fired, &error))
    g_error ("%s", error->message);
  taken = fcrm_crm_notifications_take_undelivered (crm, user_id, &error);
  if (taken == NULL)
    g_error ("%s", error->message);
  fcrm_crm_notifications_unread_count (crm, user_id);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A clock at which the next @n queue entries are due. */
static gint64
due_after_next (FcrmCrm *crm,
                gint64   n)
{
  gint64 at = fcrm_test_int1 (crm, "SELECT due_at FROM robot_queue ORDER BY due_at LIMIT 1 OFFSET ?",
                              MAX (n - 1, 0));

  if (at == 0)
    g_error ("the robot queue has fewer than %" G_GINT64_FORMAT " entries", n);
  return at;
}

void
fcrm_bench_loop (const char *location,
                 double      percent,
                 guint       rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock = fcrm_clock_new_fixed (0);
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmCrm) before = NULL;   /* the baseline's: its page cache is not the desktop's */
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) syncs = g_array_new (FALSE, FALSE, sizeof (double));
  Writer writer = { 0 };
  gint64 records, n_due;
  guint batches = 0, fired = 0, sync_fired = 0;
  double idle_stall, idle_async, idle_sync, median_stall;

  crm = fcrm_crm_open (location, clock, &error);
  if (crm == NULL)
    g_error ("%s", error->message);
  /* the notifier's user: the first manager of the demo */
  user = fcrm_crm_find_user (crm, "anna", &error);
  if (user == NULL)
    g_error ("%s", error->message);
  g_assert_true (fcrm_crm_set_actor (crm, user->login, NULL));
  before = fcrm_crm_open (location, clock, &error);
  if (before == NULL)
    g_error ("%s", error->message);
  g_assert_true (fcrm_crm_set_actor (before, user->login, NULL));
  /* counted through the baseline's connection: the desktop's main
   * connection reads little (its page cache is dropped whenever another
   * connection commits, at a cost that grows with what it holds) */
  records = fcrm_test_int (before, "SELECT COUNT(*) FROM leads") + fcrm_test_int (before, "SELECT COUNT(*) FROM deals") +
            fcrm_test_int (before, "SELECT COUNT(*) FROM contacts");
  n_due = MAX ((gint64) (records * percent / 100.0), 1);

  writer.location = g_strdup (location);
  for (guint r = 0; r < MAX (rounds, 1); r++)
    {
      FcrmTestStallMeter meter;
      GThread *thread;
      gint64 start;
      guint round_batches, round_fired;
      double stall, total, sync;

      /* on the worker, as the desktop does it, another connection writing */
      fcrm_clock_set (clock, due_after_next (before, n_due));
      g_atomic_int_set (&writer.stop, 0);
      thread = g_thread_new ("writer", writer_thread, &writer);
      fcrm_test_stall_start (&meter, 1);
      start = g_get_monotonic_time ();
      check_until_done (crm, user->id, &round_batches, &round_fired);
      total = (g_get_monotonic_time () - start) / 1000.0;
      stall = fcrm_test_stall_stop (&meter) / 1000.0;
      g_atomic_int_set (&writer.stop, 1);
      g_thread_join (thread);
      batches += round_batches;
      fired += round_fired;

      /* the same amount, the next of the queue, on the loop as before */
      fcrm_clock_set (clock, due_after_next (before, n_due));
      sync = check_on_loop (before, user->id, &round_fired);
      sync_fired += round_fired;

      g_printerr ("round %u: the loop stood still %.1f ms at most in %.0f ms; %.0f ms on the loop before\n",
                  r + 1, stall, total, sync);
      g_array_append_val (stalls, stall);
      g_array_append_val (totals, total);
      g_array_append_val (syncs, sync);
    }

  /* a check with nothing due, both ways (the medians of a few: a single
   * one is at the mercy of the scheduler) */
  {
    g_autoptr(GArray) idle_stalls = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) idle_asyncs = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) idle_syncs = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < IDLE_CHECKS; i++)
      {
        FcrmTestStallMeter meter;
        guint b, f;
        gint64 start = g_get_monotonic_time ();
        double ms;

        fcrm_test_stall_start (&meter, 1);
        check_until_done (crm, user->id, &b, &f);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (idle_asyncs, ms);
        ms = fcrm_test_stall_stop (&meter) / 1000.0;
        g_array_append_val (idle_stalls, ms);
        ms = check_on_loop (before, user->id, &f);
        g_array_append_val (idle_syncs, ms);
      }
    idle_stall = fcrm_bench_median (idle_stalls);
    idle_async = fcrm_bench_median (idle_asyncs);
    idle_sync = fcrm_bench_median (idle_syncs);
  }

  /* sorts: the longest is last */
  median_stall = fcrm_bench_median (stalls);
  g_print ("{\"figure\": \"loop\", \"records\": %" G_GINT64_FORMAT ", \"due\": %" G_GINT64_FORMAT ", "
           "\"fired\": %u, \"batches\": %u, \"stall_ms\": %.1f, \"stall_max_ms\": %.1f, "
           "\"async_total_ms\": %.0f, \"sync_ms\": %.0f, \"sync_fired\": %u, "
           "\"writer_writes\": %u, \"writer_refused\": %u, \"writer_wait_max_ms\": %.1f, "
           "\"check_stall_ms\": %.1f, \"check_async_ms\": %.1f, \"check_sync_ms\": %.1f, \"n\": %u}\n",
           records, n_due, fired / MAX (rounds, 1), batches / MAX (rounds, 1),
           median_stall, g_array_index (stalls, double, stalls->len - 1),
           fcrm_bench_median (totals), fcrm_bench_median (syncs), sync_fired / MAX (rounds, 1),
           writer.writes, writer.refused, writer.wait_max_ms,
           idle_stall, idle_async, idle_sync, stalls->len);
  if (writer.problem != NULL)
    g_printerr ("the other connection was refused: %s\n", writer.problem);
  g_free (writer.location);
  g_free (writer.problem);
}
