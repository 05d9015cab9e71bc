#define G_LOG_DOMAIN "fcrm-bench"

/* Global search (issue 11, SPEC §7: ≤ 10 ms and ≤ 3 × the raw FTS query):
 * fcrm_crm_search of a few kinds of query — a name fragment, Cyrillic,
 * phone digits, an e-mail part — against the bare FTS5 query that finds
 * the same keys, read straight through the SQLite C API. */

#include <sqlite3.h>
#include <stdio.h>

#include "fcrm-bench.h"
#include "fcrm-crm.h"
#include "fcrm-search.h"

#define LIMIT 20

static const struct { const char *query; const char *match; } queries[] = {
  { "ann", "\"ann\"" },
  { "ова", "\"ова\"" },
  { "926 55", "\"92655\"" },
  { "900", "\"900\"" },
  { "mail", "\"mail\"" },
  { "ivan petr", "\"ivan\" AND \"petr\"" },
};

void
fcrm_bench_search (const char *path,
                   guint       rounds)
{
  g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (path, NULL, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint found = 0;

  if (crm == NULL)
    g_error ("%s", error->message);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    g_error ("cannot read %s: %s", path, sqlite3_errmsg (db));
  sqlite3_exec (db, "PRAGMA cache_size=-32768", NULL, NULL, NULL);
  for (guint r = 0; r < rounds; r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GPtrArray) results = fcrm_crm_search (crm, queries[q].query, LIMIT, &error);
        double ms = (g_get_monotonic_time () - t0) / 1000.0;

        if (results == NULL)
          g_error ("%s", error->message);
        found += results->len;
        g_array_append_val (app, ms);

        t0 = g_get_monotonic_time ();
        sqlite3_bind_text (stmt, 1, queries[q].match, -1, SQLITE_STATIC);
        sqlite3_bind_int (stmt, 2, LIMIT);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          found += sqlite3_column_int64 (stmt, 0) > 0;
        sqlite3_reset (stmt);
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (raw, ms);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_print ("{\"figure\": \"search\", \"median_ms\": %.4f, \"max_ms\": %.4f, \"n\": %u, \"found\": %u}\n",
           fcrm_bench_median (app), g_array_index (app, double, app->len - 1), app->len, found);
  g_print ("{\"figure\": \"raw_search\", \"median_ms\": %.4f, \"n\": %u}\n", fcrm_bench_median (raw), raw->len);
}
