#define G_LOG_DOMAIN "fcrm-bench"

/* fcrm-bench-pg OWNER_URI MANAGER_URI ROUNDS, for build-aux/bench: the office
 * server as the owner (unrestricted) and as a manager (row-level security),
 * on the same data, measured alternately so both see the same noise. Prints
 * one JSON object per figure and person:
 *  - column_totals: count and budget sum of the largest lead column;
 *  - column_page: its first 50 cards, as the board reads them;
 *  - keyset_page: the next 50 after the first page, in the keyset shape
 *    (stage, stage_entered_at, id) < (…) a board can page with;
 *  - board_refresh: totals and the first page of every column of the Leads
 *    board and of the Manufacturing pipeline;
 *  - outside_change (manager only): another desktop (the owner's) moves a
 *    lead of the manager's; the manager's desktop polls the data version
 *    every 500 ms as the notifier does, then runs its check (robots, inbox)
 *    and refreshes the Leads board: from the other desktop's commit to the
 *    moved card counted in its new column;
 *  - report_KIND: each report of issue 12 for everything the person may see
 *    (the owner: the firm; the manager: what row-level security lets them),
 *    and its processor time (figure report_KIND_cpu: this program's thread
 *    plus the database's server processes and a parallel query's workers,
 *    read from /proc when the server runs on this machine; -1 when
 *    unreadable), which the other programs of a shared machine do not inflate. */

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcrm-crm.h"
#include "fcrm-inbox.h"
#include "fcrm-reports.h"
#include "fcrm-robots.h"

#define COLUMN "lead.in_progress"
#define POLL_MS 500   /* the notifier's EXTERNAL_POLL_MS */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *figure,
        const char *who,
        GArray     *samples)
{
  double median;

  g_array_sort (samples, compare_double);
  median = g_array_index (samples, double, samples->len / 2);

  g_print ("{\"figure\": \"pg_%s\", \"who\": \"%s\", \"median_ms\": %.3f, \"max_ms\": %.3f, \"n\": %u}\n", figure, who,
           median, g_array_index (samples, double, samples->len - 1), samples->len);
}

static double
since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
column_totals (FcrmCrm *crm)
{
  gint64 start = g_get_monotonic_time ();
  gint64 count = 0, sum = 0;
  g_autoptr(GError) error = NULL;

  if (!fcrm_crm_stage_totals_filtered (crm, COLUMN, NULL, &count, &sum, &error))
    g_error ("%s", error->message);
  return since (start);
}

static double
column_page (FcrmCrm *crm)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = fcrm_crm_stage_page_filtered (crm, COLUMN, NULL, 0, 50, &error);

  if (page == NULL)
    g_error ("%s", error->message);
  return since (start);
}

/* Totals and first page of every column of @pipelines; @count_of: when not
 * NULL, the number of cards in @column. */
static double
board_refresh (FcrmCrm     *crm,
               const char **pipelines,
               const char  *column,
               gint64      *count_of)
{
  gint64 start = g_get_monotonic_time ();

  for (const char **code = pipelines; *code != NULL; code++)
    {
      FcrmPipeline *p = fcrm_crm_get_pipeline (crm, *code);

      g_assert (p != NULL);
      for (guint i = 0; i < p->stages->len; i++)
        {
          FcrmStage *stage = g_ptr_array_index (p->stages, i);
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) page = NULL;
          gint64 count = 0, sum = 0;

          if (!fcrm_crm_stage_totals_filtered (crm, stage->code, NULL, &count, &sum, &error))
            g_error ("%s", error->message);
          page = fcrm_crm_stage_page_filtered (crm, stage->code, NULL, 0, 50, &error);
          if (page == NULL)
            g_error ("%s", error->message);
          if (count_of != NULL && g_strcmp0 (stage->code, column) == 0)
            *count_of = count;
        }
    }
  return since (start);
}

/* The keyset shape on a connection of its own: the page after the first
 * 50 cards this person sees of the column (@cursor: where they end). */
static void
keyset_cursor (PGconn *conn,
               char  **cursor)
{
  static const char sql[] =
    "SELECT l.stage_entered_at, l.id FROM leads l WHERE l.stage = $1 "
    "ORDER BY l.stage_entered_at DESC, l.id DESC LIMIT 1 OFFSET 49";
  const char *params[1] = { COLUMN };
  PGresult *res = PQexecParams (conn, sql, 1, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    g_error ("keyset start: %s", PQerrorMessage (conn));
  cursor[0] = g_strdup (PQgetvalue (res, 0, 0));
  cursor[1] = g_strdup (PQgetvalue (res, 0, 1));
  PQclear (res);
}

static double
keyset_page (PGconn *conn,
             char  **cursor)
{
  static const char sql[] =
    "SELECT l.id, l.title, l.stage, l.responsible_id, l.budget, l.stage_entered_at FROM leads l "
    "WHERE l.stage = $1 AND (l.stage_entered_at, l.id) < ($2::BIGINT, $3::BIGINT) "
    "ORDER BY l.stage_entered_at DESC, l.id DESC LIMIT 50";
  const char *params[3] = { COLUMN, cursor[0], cursor[1] };
  gint64 start = g_get_monotonic_time ();
  PGresult *res = PQexecParams (conn, sql, 3, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 50)
    g_error ("keyset page: %s", PQerrorMessage (conn));
  PQclear (res);
  return since (start);
}

static void
sleep_until (gint64 when)
{
  gint64 now = g_get_monotonic_time ();

  if (when > now)
    g_usleep (when - now);
}

/* One sample of the outside-change latency: the owner moves @lead_id to
 * @to at a random moment between two of the manager's polls. */
static void
outside_change (FcrmCrm *owner,
                FcrmCrm *manager,
                gint64   lead_id,
                const char *to,
                GArray  *seen,
                GArray  *refresh)
{
  static const char *leads_board[] = { "lead", NULL };
  g_autoptr(GError) error = NULL;
  gint64 version = fcrm_crm_data_version (manager);
  gint64 tick = g_get_monotonic_time ();
  gint64 committed, noticed, before = 0, after = 0;
  double ms;

  board_refresh (manager, leads_board, to, &before);

  sleep_until (tick + g_random_int_range (0, POLL_MS) * 1000);
  if (!fcrm_crm_lead_move (owner, lead_id, to, &error))
    g_error ("%s", error->message);
  committed = g_get_monotonic_time ();
  /* the manager's next polls */
  for (tick += POLL_MS * 1000;; tick += POLL_MS * 1000)
    {
      sleep_until (tick);
      if (fcrm_crm_data_version (manager) != version)
        break;
      if (tick - committed > 10 * G_USEC_PER_SEC)
        g_error ("the manager never heard of the other desktop's change");
    }
  noticed = g_get_monotonic_time ();
  /* the notifier's check, then the board's reload */
  if (!fcrm_crm_robots_run (manager, NULL, &error))
    g_error ("%s", error->message);
  g_ptr_array_unref (fcrm_crm_notifications_take_undelivered (manager, fcrm_crm_get_actor (manager)->id, NULL));
  fcrm_crm_notifications_unread_count (manager, fcrm_crm_get_actor (manager)->id);
  board_refresh (manager, leads_board, to, &after);
  if (after != before + 1)
    g_error ("the manager's board does not show lead %" G_GINT64_FORMAT " moved to %s", lead_id, to);
  ms = since (committed);
  g_array_append_val (seen, ms);
  ms = since (noticed);
  g_array_append_val (refresh, ms);
}

/* Fields of /proc/@pid/stat from the 3rd on (after the command name, which
 * may hold spaces), or NULL. */
static char **
proc_stat (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  const char *after;
  char **fields;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return NULL;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 15)
    g_clear_pointer (&fields, g_strfreev);
  return fields;
}

/* The processor time spent so far by the server processes of @conn's
 * database (utime + stime from /proc), and by the server's processes that
 * have ended (a parallel query's workers: the postmaster's cutime + cstime),
 * in ms; -1 when unreadable. */
static double
server_cpu_ms (PGconn *conn)
{
  PGresult *res = PQexec (conn, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                " AND pid <> pg_backend_pid()");
  g_autofree char *own = g_strdup_printf ("%d", PQbackendPID (conn));
  g_auto(GStrv) backend = proc_stat (own);
  double ticks = 0;
  gboolean ok = PQresultStatus (res) == PGRES_TUPLES_OK && backend != NULL;

  /* the fields from the 3rd on: ppid is [1], utime [11], stime [12], cutime [13], cstime [14] */
  if (ok)
    {
      g_auto(GStrv) postmaster = proc_stat (backend[1]);

      ok = postmaster != NULL;
      if (ok)
        ticks += g_ascii_strtod (postmaster[13], NULL) + g_ascii_strtod (postmaster[14], NULL);
    }
  for (int i = 0; ok && i < PQntuples (res); i++)
    {
      g_auto(GStrv) fields = proc_stat (PQgetvalue (res, i, 0));

      if (fields == NULL)
        ok = FALSE;
      else
        ticks += g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL);
    }
  PQclear (res);
  return ok ? ticks * 1000.0 / sysconf (_SC_CLK_TCK) : -1;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
report_once (FcrmCrm        *crm,
             PGconn         *conn,
             FcrmReportKind  kind,
             double         *out_cpu_ms)
{
  g_autoptr(GError) error = NULL;
  double server = server_cpu_ms (conn), cpu = thread_cpu_ms ();
  gint64 start = g_get_monotonic_time ();
  g_autoptr(FcrmReportTable) table = fcrm_crm_report (crm, kind, NULL, &error);
  double ms = since (start);

  cpu = thread_cpu_ms () - cpu;
  if (table == NULL)
    g_error ("%s: %s", fcrm_report_kind_to_string (kind), error->message);
  if (server >= 0)
    {
      double after = server_cpu_ms (conn);

      server = after >= 0 ? after - server : -1;
    }
  *out_cpu_ms = server >= 0 ? cpu + server : -1;
  return ms;
}

/* Each report, the owner's and the manager's alternately (the first round warms up). */
static void
reports (FcrmCrm   **crms,
         PGconn    **conns,
         const char **who,
         guint       rounds)
{
  for (guint k = 0; k < FCRM_REPORT_N_KINDS; k++)
    {
      g_autofree char *figure = g_strdup_printf ("report_%s", fcrm_report_kind_to_string (k));
      GArray *samples[2] = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)) };
      GArray *cpus[2] = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)) };

      for (guint r = 0; r <= rounds; r++)
        for (int w = 0; w < 2; w++)
          {
            double cpu, ms = report_once (crms[w], conns[0], k, &cpu);

            if (r > 0)
              {
                g_array_append_val (samples[w], ms);
                g_array_append_val (cpus[w], cpu);
              }
          }
      for (int w = 0; w < 2; w++)
        {
          g_array_sort (cpus[w], compare_double);
          g_print ("{\"figure\": \"pg_%s_cpu\", \"who\": \"%s\", \"median_ms\": %.3f, \"n\": %u}\n", figure, who[w],
                   g_array_index (cpus[w], double, cpus[w]->len / 2), cpus[w]->len);
          report (figure, who[w], samples[w]);
          g_array_unref (samples[w]);
          g_array_unref (cpus[w]);
        }
    }
}

static FcrmCrm *
open_crm (const char *uri)
{
  g_autoptr(GError) error = NULL;
  FcrmCrm *crm = fcrm_crm_open (uri, NULL, &error);

  if (crm == NULL)
    g_error ("%s: %s", uri, error->message);
  return crm;
}

int
main (int   argc,
      char *argv[])
{
  static const char *board[] = { "lead", "manufacturing", NULL };
  g_autoptr(FcrmCrm) owner = NULL, manager = NULL;
  FcrmCrm *crms[2];
  PGconn *conns[2];
  char *cursors[2][2];
  const char *who[2] = { "owner", "manager" };
  GArray *totals[2], *pages[2], *keyset[2], *boards[2];
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) refresh = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;
  guint rounds;

  if (argc != 4)
    {
      g_printerr ("usage: %s OWNER_URI MANAGER_URI ROUNDS\n", argv[0]);
      return 2;
    }
  rounds = MAX ((guint) g_ascii_strtoull (argv[3], NULL, 10), 1);
  /* the owner's open installs the access rules of this version */
  crms[0] = owner = open_crm (argv[1]);
  crms[1] = manager = open_crm (argv[2]);
  if (fcrm_crm_get_actor (manager) == NULL)
    g_error ("%s signs in as nobody of this database", argv[2]);
  for (int w = 0; w < 2; w++)
    {
      conns[w] = PQconnectdb (argv[1 + w]);
      if (PQstatus (conns[w]) != CONNECTION_OK)
        g_error ("%s", PQerrorMessage (conns[w]));
      keyset_cursor (conns[w], cursors[w]);
      totals[w] = g_array_new (FALSE, FALSE, sizeof (double));
      pages[w] = g_array_new (FALSE, FALSE, sizeof (double));
      keyset[w] = g_array_new (FALSE, FALSE, sizeof (double));
      boards[w] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* the first round warms the caches and the prepared statements */
  for (guint r = 0; r <= rounds * 10; r++)
    for (int w = 0; w < 2; w++)
      {
        double t = column_totals (crms[w]), p = column_page (crms[w]), k = keyset_page (conns[w], cursors[w]);
        double b = r % 5 == 0 ? board_refresh (crms[w], board, NULL, NULL) : 0;

        if (r == 0)
          continue;
        g_array_append_val (totals[w], t);
        g_array_append_val (pages[w], p);
        g_array_append_val (keyset[w], k);
        if (r % 5 == 0)
          g_array_append_val (boards[w], b);
      }
  for (int w = 0; w < 2; w++)
    {
      report ("column_totals", who[w], totals[w]);
      report ("column_page", who[w], pages[w]);
      report ("keyset_page", who[w], keyset[w]);
      report ("board_refresh", who[w], boards[w]);
      g_free (cursors[w][0]);
      g_free (cursors[w][1]);
      g_array_unref (totals[w]);
      g_array_unref (pages[w]);
      g_array_unref (keyset[w]);
      g_array_unref (boards[w]);
    }

  reports (crms, conns, who, rounds);
  for (int w = 0; w < 2; w++)
    PQfinish (conns[w]);

  /* a lead of the manager's, moved back and forth by the other desktop */
  mine = fcrm_crm_stage_page_filtered (manager, "lead.new",
                                       &(FcrmBoardFilter) { .responsible_id = fcrm_crm_get_actor (manager)->id },
                                       0, 1, &error);
  if (mine == NULL || mine->len == 0)
    g_error ("the manager has no new lead to be moved: %s", error != NULL ? error->message : "none");
  for (guint i = 0; i < MAX (rounds * 2, 4); i++)
    outside_change (owner, manager, ((FcrmItem *) g_ptr_array_index (mine, 0))->id,
                    i % 2 == 0 ? "lead.in_progress" : "lead.new", seen, refresh);
  report ("outside_change_seen", "manager", seen);
  report ("outside_change_refresh", "manager", refresh);
  return 0;
}
