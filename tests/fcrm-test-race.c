#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcrm-test-race.h"
#include "fcrm-test-util.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

/* How long the blocker waits for the racers to line up before the test fails. */
#define LINE_UP_TIMEOUT (60 * G_USEC_PER_SEC)

gpointer
fcrm_test_race_open_crm (guint    racer,
                         gpointer data)
{
  FcrmTestRaceCrm *c = data;
  g_autoptr(FcrmClock) clock = fcrm_clock_new_fixed (c->at != 0 ? c->at : fcrm_test_start_time ());
  const char *location = c->locations != NULL ? c->locations[racer] : c->location;
  GError *error = NULL;
  FcrmCrm *crm = fcrm_crm_open (location, clock, &error);

  if (crm != NULL && c->actor != NULL && !fcrm_crm_set_actor (crm, c->actor, &error))
    g_clear_object (&crm);
  if (crm == NULL)
    {
      g_printerr ("racer %u: open: %s\n", racer, error->message);
      g_error_free (error);
    }
  return crm;
}

static void
write_all (int           fd,
           gconstpointer buf,
           gsize         len)
{
  /* one write up to PIPE_BUF is atomic: racers' reports never interleave */
  g_assert (len <= 4096);
  if (write (fd, buf, len) != (gssize) len)
    _exit (9);
}

/* Read one byte from each of @n racers; FALSE when one of them failed to open. */
static gboolean
read_marks (int   fd,
            guint n)
{
  for (guint i = 0; i < n; i++)
    {
      char c = 0;
      gssize got;

      do
        got = read (fd, &c, 1);
      while (got < 0 && errno == EINTR);
      if (got != 1 || c != '+')
        return FALSE;
    }
  return TRUE;
}

G_GNUC_NORETURN static void
racer_main (const FcrmTestRace *race,
            guint               i,
            int                 go,
            int                 ready,
            int                 started,
            int                 results)
{
  FcrmTestRacer r = { .racer = i };
  GError *error = NULL;
  gpointer state;
  char c;

  state = (race->open != NULL ? race->open : fcrm_test_race_open_crm) (i, race->data);
  if (state == NULL)
    {
      write_all (ready, "x", 1);
      _exit (2);
    }
  write_all (ready, "+", 1);
  /* the barrier: EOF when the parent closes its end */
  while (read (go, &c, 1) < 0 && errno == EINTR)
    ;
  write_all (started, "+", 1);
  r.started_at = g_get_monotonic_time ();
  r.ok = race->act (state, i, race->data, &r.value, &error);
  r.ended_at = g_get_monotonic_time ();
  if (!r.ok)
    {
      g_assert (error != NULL);
      r.fcrm_error = error->domain == FCRM_ERROR;
      r.code = error->code;
      g_strlcpy (r.message, error->message, sizeof r.message);
      g_error_free (error);
    }
  write_all (results, &r, sizeof r);
  (race->close != NULL ? race->close : g_object_unref) (state);
  _exit (0);
}

/* PostgreSQL: wait until the server shows @n sessions of this database
 * waiting for a lock (the blocker's). */
static guint
wait_for_waiters (FcrmStore *blocker,
                  guint      n)
{
  gint64 deadline = g_get_monotonic_time () + LINE_UP_TIMEOUT;
  gint64 waiting = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      FcrmStmt *stmt;

      /* the activity view is a snapshot per transaction: take a fresh one */
      g_assert_true (fcrm_store_exec (blocker, "SELECT pg_stat_clear_snapshot ()", &error));
      stmt = fcrm_store_prepare (blocker,
                                 "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database () "
                                 "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid ()", &error);
      g_assert_no_error (error);
      g_assert_true (fcrm_stmt_step (stmt, &error));
      waiting = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (waiting >= n || g_get_monotonic_time () > deadline)
        return (guint) waiting;
      g_usleep (2000);
    }
}

GArray *
fcrm_test_race_run (const FcrmTestRace *race)
{
  g_autoptr(GArray) racers = g_array_new (FALSE, TRUE, sizeof (FcrmTestRacer));
  g_autofree pid_t *pids = g_new0 (pid_t, race->n);
  g_autoptr(FcrmStore) blocker = NULL;
  g_autoptr(GError) error = NULL;
  int go[2], ready[2], started[2], results[2];
  gint64 released_at, last_start = 0;
  FcrmTestRacer r;

  g_assert_true (race->n >= 2);
  g_assert_true (!fcrm_test_is_pg () || race->pg_lock != NULL);
  g_assert_cmpint (pipe (go), ==, 0);
  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (started), ==, 0);
  g_assert_cmpint (pipe (results), ==, 0);
  g_array_set_size (racers, race->n);

  for (guint i = 0; i < race->n; i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        {
          close (go[1]);
          close (ready[0]);
          close (started[0]);
          close (results[0]);
          racer_main (race, i, go[0], ready[1], started[1], results[1]);
        }
    }
  close (go[0]);
  close (ready[1]);
  close (started[1]);
  close (results[1]);

  if (!read_marks (ready[0], race->n))
    {
      for (guint i = 0; i < race->n; i++)
        kill (pids[i], SIGKILL);
      g_error ("a racer could not open the database");
    }

  /* hold what they need, then open the barrier */
  blocker = fcrm_store_open (race->location, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_store_begin (blocker, &error));
  if (fcrm_test_is_pg ())
    g_assert_true (fcrm_store_exec (blocker, race->pg_lock, &error));
  g_assert_no_error (error);
  close (go[1]);

  /* every racer is in its action; on the server, every one of them waits */
  g_assert_true (read_marks (started[0], race->n));
  if (fcrm_test_is_pg ())
    g_assert_cmpuint (wait_for_waiters (blocker, race->n), ==, race->n);
  else
    /* a database file shows nobody its waiters: give the last racer a moment
     * to reach the lock (the overlap asserted below does not rest on it) */
    g_usleep (G_USEC_PER_SEC / 50);
  released_at = g_get_monotonic_time ();
  fcrm_store_rollback (blocker);
  g_clear_object (&blocker);

  for (guint i = 0; i < race->n; i++)
    {
      g_assert_cmpint (read (results[0], &r, sizeof r), ==, sizeof r);
      g_assert_cmpuint (r.racer, <, race->n);
      g_array_index (racers, FcrmTestRacer, r.racer) = r;
    }
  close (ready[0]);
  close (started[0]);
  close (results[0]);
  for (guint i = 0; i < race->n; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  /* they overlapped: all of them were inside their actions at the release */
  for (guint i = 0; i < race->n; i++)
    {
      FcrmTestRacer *x = &g_array_index (racers, FcrmTestRacer, i);

      g_assert_cmpint (x->started_at, <, released_at);
      g_assert_cmpint (x->ended_at, >, released_at);
      last_start = MAX (last_start, x->started_at);
      if (!x->ok)
        g_test_message ("racer %u: %s", i, x->message);
    }
  g_test_message ("%u racers together inside their actions for %.1f ms before the release",
                  race->n, (released_at - last_start) / 1000.0);
  return g_steal_pointer (&racers);
}

guint
fcrm_test_race_n_ok (GArray *racers)
{
  guint n = 0;

  for (guint i = 0; i < racers->len; i++)
    n += g_array_index (racers, FcrmTestRacer, i).ok;
  return n;
}

void
fcrm_test_race_assert_failed_with (GArray *racers,
                                   int     a,
                                   int     b)
{
  for (guint i = 0; i < racers->len; i++)
    {
      FcrmTestRacer *x = &g_array_index (racers, FcrmTestRacer, i);

      if (x->ok)
        continue;
      if (!x->fcrm_error || (x->code != a && x->code != b))
        g_error ("racer %u failed with an unexpected error: %s", i, x->message);
    }
}

gint64
fcrm_test_race_winner_value (GArray *racers)
{
  g_assert_cmpuint (fcrm_test_race_n_ok (racers), ==, 1);
  for (guint i = 0; i < racers->len; i++)
    if (g_array_index (racers, FcrmTestRacer, i).ok)
      return g_array_index (racers, FcrmTestRacer, i).value;
  g_assert_not_reached ();
}

static gboolean
act_run_robots (gpointer  state,
                guint     racer,
                gpointer  data,
                gint64   *value,
                GError  **error)
{
  guint fired = 0;
  gboolean ok = fcrm_crm_robots_run (state, &fired, error);

  *value = fired;
  return ok;
}

guint
fcrm_test_race_robots (const char  *location,
                       char       **locations,
                       gint64       at,
                       guint        n)
{
  FcrmTestRaceCrm open = { .location = location, .locations = locations, .at = at };
  FcrmTestRace race = { .n = n, .location = location, .act = act_run_robots, .data = &open,
                        .pg_lock = "LOCK TABLE robot_queue IN ACCESS EXCLUSIVE MODE" };
  g_autoptr(GArray) racers = fcrm_test_race_run (&race);
  guint total = 0;

  g_assert_cmpuint (fcrm_test_race_n_ok (racers), ==, n);
  for (guint i = 0; i < n; i++)
    total += (guint) g_array_index (racers, FcrmTestRacer, i).value;
  return total;
}

typedef struct
{
  FcrmTestRaceCrm open;   /* first: the default opener reads it */
  gint64          user_id;
  int             fd;     /* where racers write what they took */
} Take;

static gboolean
act_take (gpointer  state,
          guint     racer,
          gpointer  data,
          gint64   *value,
          GError  **error)
{
  Take *t = data;

  for (;;)
    {
      g_autoptr(GPtrArray) list = fcrm_crm_notifications_take_undelivered (state, t->user_id, error);

      if (list == NULL)
        return FALSE;
      for (guint k = 0; k < list->len; k++)
        {
          FcrmTestTaken taken = { racer, ((FcrmNotification *) g_ptr_array_index (list, k))->id };

          write_all (t->fd, &taken, sizeof taken);
          (*value)++;
        }
      /* an empty batch may only mean that another desktop claimed these first */
      if (list->len == 0 &&
          fcrm_test_int1 (state, "SELECT count(*) FROM notifications WHERE user_id = ? AND delivered_at IS NULL",
                          t->user_id) == 0)
        return TRUE;
    }
}

GArray *
fcrm_test_race_take_notifications (const char  *location,
                                   char       **locations,
                                   gint64       user_id,
                                   guint        n)
{
  Take take = { { .location = location, .locations = locations }, user_id, -1 };
  FcrmTestRace race = { .n = n, .location = location, .act = act_take, .data = &take,
                        .pg_lock = "LOCK TABLE notifications IN ACCESS EXCLUSIVE MODE" };
  GArray *taken = g_array_new (FALSE, FALSE, sizeof (FcrmTestTaken));
  g_autoptr(GArray) racers = NULL;
  FcrmTestTaken one;
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  /* the parent reads only after the race: room for everything they take */
  g_assert_cmpint (fcntl (fds[1], F_SETPIPE_SZ, 16384 * sizeof one), >=, (int) (16384 * sizeof one));
  take.fd = fds[1];
  racers = fcrm_test_race_run (&race);
  close (fds[1]);
  g_assert_cmpuint (fcrm_test_race_n_ok (racers), ==, n);
  while (read (fds[0], &one, sizeof one) == sizeof one)
    g_array_append_val (taken, one);
  close (fds[0]);
  return taken;
}
