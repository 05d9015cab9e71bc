#define G_LOG_DOMAIN "fcrm-bench"

/* fcrm-bench report DB ROUNDS, for build-aux/bench: each report of issue 12
 * computed through the app (fcrm_crm_report: its statements, then names,
 * rates and medians in C) against the report's own statements run bare
 * through the SQLite C API, every row stepped and every column read — for
 * the whole firm and for one manager (the responsible filter). Prints one
 * JSON object per report and scope. Only reads DB. */

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "fcrm-bench.h"
#include "fcrm-crm.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-reports.h"

/* This thread's processor time in ms: on a shared machine the wall time
 * also counts the other programs' turns. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

typedef struct
{
  gint64 responsible;
  gint64 now;
  gint64 today;
} Binding;

static void
bind_params (sqlite3_stmt          *stmt,
             const FcrmReportQuery *q,
             const Binding         *b)
{
  for (int i = 0; q->params[i] != '\0'; i++)
    switch (q->params[i])
      {
      case 'p': sqlite3_bind_text (stmt, i + 1, "", -1, SQLITE_STATIC); break;
      case 'r': sqlite3_bind_int64 (stmt, i + 1, b->responsible); break;
      case 'l': sqlite3_bind_int64 (stmt, i + 1, 0); break;
      case 'h': sqlite3_bind_int64 (stmt, i + 1, G_MAXINT64); break;
      case 's': sqlite3_bind_int64 (stmt, i + 1, b->now - 3 * 24 * 3600); break;
      case 'k': sqlite3_bind_int64 (stmt, i + 1, FCRM_REPORT_STUCK_LIMIT); break;
      case 'd': sqlite3_bind_int64 (stmt, i + 1, b->today); break;
      case 'n': sqlite3_bind_int64 (stmt, i + 1, b->now); break;
      default: g_error ("unknown parameter letter %c", q->params[i]);
      }
}

/* The report's statements, bare: prepared each time as the app's first run
 * would, every row stepped, every column read. */
static double
raw_once (sqlite3        *db,
          FcrmReportKind  kind,
          const Binding  *b,
          gint64         *out_rows)
{
  gint64 t0 = g_get_monotonic_time (), acc = 0;

  *out_rows = 0;
  for (const FcrmReportQuery *q = fcrm_reports_hot_queries (); q->sql != NULL; q++)
    {
      sqlite3_stmt *stmt = NULL;

      if ((FcrmReportKind) q->kind != kind || (q->scope == 1 && b->responsible != 0) || (q->scope == 2 && b->responsible == 0))
        continue;
      if (sqlite3_prepare_v2 (db, q->sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", fcrm_report_kind_to_string (kind), sqlite3_errmsg (db));
      bind_params (stmt, q, b);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            acc += sqlite3_column_type (stmt, c) == SQLITE_TEXT ? sqlite3_column_bytes (stmt, c)
                                                                : sqlite3_column_int64 (stmt, c);
          (*out_rows)++;
        }
      sqlite3_finalize (stmt);
    }
  g_assert (acc != -1);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static double
app_once (FcrmCrm        *crm,
          FcrmReportKind  kind,
          gint64          responsible,
          guint          *out_rows,
          double         *out_cpu_ms)
{
  g_autoptr(GError) error = NULL;
  FcrmReportFilter filter = { NULL, 0, 0, responsible };
  double c0 = cpu_ms ();
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(FcrmReportTable) table = fcrm_crm_report (crm, kind, &filter, &error);
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  *out_cpu_ms = cpu_ms () - c0;
  if (table == NULL)
    g_error ("%s: %s", fcrm_report_kind_to_string (kind), error->message);
  *out_rows = table->rows->len;
  return ms;
}

void
fcrm_bench_reports (const char *path,
                    guint       rounds)
{
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now_dt = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now_dt), g_date_time_get_month (now_dt),
                                                      g_date_time_get_day_of_month (now_dt), 0, 0, 0);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 manager = 0, n_deals = 0;

  crm = fcrm_bench_open_both (path, &db);
  /* the manager with the most deals: the GUI's "my reports" */
  sqlite3_prepare_v2 (db, "SELECT responsible_id, count(*) AS n FROM deals WHERE responsible_id IS NOT NULL "
                      "GROUP BY responsible_id ORDER BY n DESC LIMIT 1", -1, &stmt, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    manager = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT count(*) FROM deals", -1, &stmt, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n_deals = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  for (guint scope = 0; scope < 2; scope++)
    for (guint k = 0; k < FCRM_REPORT_N_KINDS; k++)
      {
        Binding b = { scope == 0 ? 0 : manager, g_date_time_to_unix (now_dt), g_date_time_to_unix (today) };
        g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) raw_cpu = g_array_new (FALSE, FALSE, sizeof (double));
        gint64 raw_rows = 0;
        guint rows = 0;

        for (guint i = 0; i < rounds; i++)
          {
            double c, rc, a = app_once (crm, k, b.responsible, &rows, &c), r;

            rc = cpu_ms ();
            r = raw_once (db, k, &b, &raw_rows);
            rc = cpu_ms () - rc;
            g_array_append_val (app, a);
            g_array_append_val (raw, r);
            g_array_append_val (cpu, c);
            g_array_append_val (raw_cpu, rc);
          }
        g_print ("{\"figure\": \"report\", \"what\": \"%s\", \"scope\": \"%s\", \"app_ms\": %.2f, \"raw_ms\": %.2f,"
                 " \"app_cpu_ms\": %.2f, \"raw_cpu_ms\": %.2f,"
                 " \"rows\": %u, \"raw_rows\": %" G_GINT64_FORMAT ", \"deals\": %" G_GINT64_FORMAT "}\n",
                 fcrm_report_kind_to_string (k), scope == 0 ? "firm" : "manager",
                 fcrm_bench_median (app), fcrm_bench_median (raw), fcrm_bench_median (cpu), fcrm_bench_median (raw_cpu),
                 rows, raw_rows, n_deals);
      }
  sqlite3_close (db);
}
