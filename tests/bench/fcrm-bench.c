#define G_LOG_DOMAIN "fcrm-bench"

/* In-process measurements for build-aux/bench (SPEC §7). Each subcommand
 * prints one JSON object: the median and the samples' count. The raw
 * baselines read the same rows straight through the SQLite C API. */

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>

#include "fcrm-bench.h"
#include "fcrm-board-model.h"
#include "fcrm-crm.h"
#include "fcrm-robots.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
fcrm_bench_median (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

FcrmCrm *
fcrm_bench_open_both (const char  *path,
                      sqlite3    **out_db)
{
  g_autoptr(GError) error = NULL;
  FcrmCrm *crm = fcrm_crm_open (path, NULL, &error);

  if (crm == NULL)
    g_error ("%s", error->message);
  if (sqlite3_open_v2 (path, out_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("cannot open %s", path);
  sqlite3_exec (*out_db, "PRAGMA cache_size=-32768", NULL, NULL, NULL);
  return crm;
}

static void
report (const char *figure,
        GArray     *samples)
{
  g_print ("{\"figure\": \"%s\", \"median_ms\": %.4f, \"n\": %u}\n", figure, fcrm_bench_median (samples), samples->len);
}

#define TIMED(samples, ...) G_STMT_START { \
    gint64 t0_ = g_get_monotonic_time (); \
    __VA_ARGS__; \
    double ms_ = (g_get_monotonic_time () - t0_) / 1000.0; \
    g_array_append_val (samples, ms_); \
  } G_STMT_END

/* Move leads back and forth between the two open lead stages. */
static void
bench_move (FcrmCrm *crm,
            guint    n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = fcrm_crm_stage_page (crm, "lead.new", 0, 20, &error);

  if (page == NULL || page->len == 0)
    g_error ("no lead in lead.new to move: %s", error != NULL ? error->message : "an empty page");
  /* whole rounds there and back: every lead ends where it was, for the next run */
  n = (n + 2 * page->len - 1) / (2 * page->len) * (2 * page->len);
  for (guint i = 0; i < n; i++)
    {
      FcrmItem *it = g_ptr_array_index (page, i % page->len);
      const char *to = (i / page->len) % 2 == 0 ? "lead.in_progress" : "lead.new";

      TIMED (samples, if (!fcrm_crm_lead_move (crm, it->id, to, &error)) g_error ("%s", error->message));
    }
  report ("move", samples);
}

static void
bench_robots (FcrmCrm *crm,
              guint    n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  guint fired;

  /* the first run catches up; afterwards nothing is due */
  fcrm_crm_robots_run (crm, &fired, NULL);
  for (guint i = 0; i < n; i++)
    TIMED (samples, if (!fcrm_crm_robots_run (crm, &fired, &error)) g_error ("%s", error->message));
  report ("robots_idle", samples);
}

static void
bench_page (FcrmCrm    *crm,
            const char *stage,
            guint       n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    TIMED (samples, {
      gint64 count, sum;
      g_autoptr(GPtrArray) page = NULL;

      fcrm_crm_stage_totals (crm, stage, &count, &sum, NULL);
      page = fcrm_crm_stage_page (crm, stage, 0, 50, NULL);
      g_assert (page != NULL);
    });
  report ("page", samples);
}

/* The same work with bare SQLite: count + sum, then 50 rows with the joins a card needs. */
static void
bench_raw_page (const char *path,
                const char *stage,
                guint       n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  sqlite3_stmt *totals = NULL, *rows = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("cannot open %s", path);
  sqlite3_exec (db, "PRAGMA cache_size=-32768", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "SELECT count(*), coalesce(sum(budget), 0) FROM leads WHERE stage = ?", -1, &totals, NULL);
  sqlite3_prepare_v2 (db,
                      "SELECT l.id, l.title, l.stage, l.budget, l.stage_entered_at, u.name, c.name, l.name,"
                      " (SELECT t.title FROM tasks t WHERE t.entity_type = 'lead' AND t.entity_id = l.id AND t.done = 0"
                      "  ORDER BY t.due_at LIMIT 1) "
                      "FROM leads l LEFT JOIN users u ON u.id = l.responsible_id "
                      "LEFT JOIN contacts c ON c.id = l.contact_id "
                      "WHERE l.stage = ? ORDER BY l.stage_entered_at DESC, l.id DESC LIMIT 50", -1, &rows, NULL);
  g_assert (totals != NULL && rows != NULL);
  for (guint i = 0; i < n; i++)
    TIMED (samples, {
      gint64 acc = 0;

      sqlite3_bind_text (totals, 1, stage, -1, SQLITE_STATIC);
      while (sqlite3_step (totals) == SQLITE_ROW)
        acc += sqlite3_column_int64 (totals, 0);
      sqlite3_reset (totals);
      sqlite3_bind_text (rows, 1, stage, -1, SQLITE_STATIC);
      while (sqlite3_step (rows) == SQLITE_ROW)
        acc += sqlite3_column_int64 (rows, 0) + (sqlite3_column_text (rows, 1) != NULL);
      sqlite3_reset (rows);
      g_assert (acc >= 0);
    });
  sqlite3_finalize (totals);
  sqlite3_finalize (rows);
  sqlite3_close (db);
  report ("raw_page", samples);
}

/* One client posting leads one after another over a kept-alive connection. */
static void
bench_intake (const char *url,
              const char *token,
              guint       n)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  gint64 start = g_get_monotonic_time ();
  guint ok = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Client %u\",\"phone\":\"+7 912 %03u-%02u-%02u\"}",
                                               i, i % 1000, (i / 1000) % 100, i % 100);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));
      g_autoptr(GBytes) reply = NULL;

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      ok += soup_message_get_status (msg) == 201;
    }
  g_print ("{\"figure\": \"intake\", \"per_second\": %.1f, \"ok\": %u, \"n\": %u}\n",
           n / ((g_get_monotonic_time () - start) / 1e6), ok, n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  if (argc == 5 && g_strcmp0 (argv[1], "board") == 0)
    return fcrm_bench_board (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10), g_ascii_strtoll (argv[4], NULL, 10)), 0;
  if (argc == 4 && g_strcmp0 (argv[1], "search") == 0)
    return fcrm_bench_search (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10)), 0;
  if (argc == 4 && g_strcmp0 (argv[1], "report") == 0)
    return fcrm_bench_reports (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10)), 0;
  if (argc == 4 && g_strcmp0 (argv[1], "inbox") == 0)
    return fcrm_bench_inbox (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10)), 0;
  if (argc == 5 && g_strcmp0 (argv[1], "stall") == 0)
    {
      fcrm_bench_stall (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));
      return 0;
    }
  if (argc == 5 && g_strcmp0 (argv[1], "loop") == 0)
    {
      fcrm_bench_loop (argv[2], g_ascii_strtod (argv[3], NULL), (guint) g_ascii_strtoull (argv[4], NULL, 10));
      return 0;
    }
  if (argc != 4 && argc != 5)
    {
      g_printerr ("usage: %s move|robots|page|raw-page DB N\n"
                  "       %s stall LOCATION LATENCY_MS ROUNDS\n"
                  "       %s search DB ROUNDS\n"
                  "       %s report DB ROUNDS\n"
                  "       %s loop DB PERCENT_DUE ROUNDS\n", argv[0], argv[0], argv[0], argv[0], argv[0]);
      return 2;
    }
  if (argc == 5 && g_strcmp0 (argv[1], "intake") == 0)
    {
      bench_intake (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));
      return 0;
    }
  n = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  if (g_strcmp0 (argv[1], "raw-page") == 0)
    {
      bench_raw_page (argv[2], "lead.new", n);
      return 0;
    }
  crm = fcrm_crm_open (argv[2], NULL, &error);
  if (crm == NULL)
    g_error ("%s", error->message);
  if (g_strcmp0 (argv[1], "move") == 0)
    bench_move (crm, n);
  else if (g_strcmp0 (argv[1], "robots") == 0)
    bench_robots (crm, n);
  else if (g_strcmp0 (argv[1], "page") == 0)
    bench_page (crm, "lead.new", n);
  else
    return 2;
  return 0;
}
