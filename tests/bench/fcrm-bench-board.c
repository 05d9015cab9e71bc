#define G_LOG_DOMAIN "fcrm-bench"

/* Board columns on a big database (issue 10): totals under each filter shape
 * and a first and a deep page for each sort, through the app, against two
 * baselines read straight through the SQLite C API: the app's old SQL
 * (counting the column; OFFSET to the deep page, the source filter as
 * "CAST(? AS TEXT) IS NULL OR source = ?") and the best index-only query
 * (counting along a covering index; the ids of the deep page by keyset).
 * One JSON object per figure; the deep page is measured alone, given its key. */

#include <sqlite3.h>
#include <stdio.h>

#include "fcrm-bench.h"
#include "fcrm-crm.h"
#include "fcrm-crm-test-private.h"

#define PAGE 50

typedef struct
{
  const char *name;
  gboolean    person;
  gboolean    nobody;
  gboolean    source;
} Shape;

static const Shape shapes[] = {
  { "anyone", FALSE, FALSE, FALSE },
  { "person", TRUE, FALSE, FALSE },
  { "nobody", FALSE, TRUE, FALSE },
  { "source", FALSE, FALSE, TRUE },
  { "person+source", TRUE, FALSE, TRUE },
};
static const char * const sort_keys[] = { "stage_entered_at", "budget", "created_at" };

static sqlite3_stmt *
raw_prepare (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

/* The WHERE of @shape; @old: the source as the app used to test it. */
static char *
shape_where (const Shape *shape,
             gboolean     old)
{
  return g_strconcat ("l.stage = ?", shape->person ? " AND l.responsible_id = ?" : "",
                      shape->nobody ? " AND l.responsible_id IS NULL" : "",
                      old ? " AND (CAST(? AS TEXT) IS NULL OR l.source = ?)" : shape->source ? " AND l.source = ?" : "",
                      NULL);
}

static int
bind_shape (sqlite3_stmt *stmt,
            const Shape  *shape,
            gboolean      old,
            const char   *stage,
            gint64        person,
            const char   *source)
{
  int c = 1;

  sqlite3_bind_text (stmt, c++, stage, -1, SQLITE_STATIC);
  if (shape->person)
    sqlite3_bind_int64 (stmt, c++, person);
  if (old)
    {
      sqlite3_bind_text (stmt, c++, shape->source ? source : NULL, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, c++, shape->source ? source : NULL, -1, SQLITE_STATIC);
    }
  else if (shape->source)
    sqlite3_bind_text (stmt, c++, source, -1, SQLITE_STATIC);
  return c;
}

static double
run_raw (sqlite3_stmt *stmt)
{
  gint64 t0 = g_get_monotonic_time ();
  guint rows = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  if (sqlite3_reset (stmt) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* One figure: the app's samples, and its two baselines run right after each. */
typedef struct
{
  sqlite3_stmt *old_stmt;
  sqlite3_stmt *best_stmt;
  GArray       *app;
  GArray       *old;
  GArray       *best;
} Figure;

static void
figure_init (Figure     *fig,
             sqlite3    *db,
             const char *old_sql,
             const char *best_sql)
{
  fig->old_stmt = raw_prepare (db, old_sql);
  fig->best_stmt = raw_prepare (db, best_sql);
  fig->app = g_array_new (FALSE, FALSE, sizeof (double));
  fig->old = g_array_new (FALSE, FALSE, sizeof (double));
  fig->best = g_array_new (FALSE, FALSE, sizeof (double));
}

/* The app took its time since @t0: then the baselines once each. */
static void
figure_round (Figure *fig,
              gint64  t0)
{
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  g_array_append_val (fig->app, ms);
  ms = run_raw (fig->old_stmt);
  g_array_append_val (fig->old, ms);
  ms = run_raw (fig->best_stmt);
  g_array_append_val (fig->best, ms);
}

/* The old page statement: the app's own page text, its keyset step taken
 * out and OFFSET put back. */
static char *
old_page_sql (const char *top_sql,
              const Shape *shape)
{
  GString *s = g_string_new (top_sql);

  if (shape->source)
    g_string_replace (s, " AND l.source = ?", " AND (CAST(? AS TEXT) IS NULL OR l.source = ?)", 1);
  else
    g_string_replace (s, " ORDER BY l.", " AND (CAST(? AS TEXT) IS NULL OR l.source = ?) ORDER BY l.", 1);
  g_string_replace (s, " LIMIT ?", " LIMIT ? OFFSET ?", 1);
  return g_string_free (s, FALSE);
}

static const char *
hot_sql (const char *name)
{
  for (const FcrmHotQuery *q = fcrm_board_hot_queries (); q->name != NULL; q++)
    if (g_strcmp0 (q->name, name) == 0)
      return q->sql;
  g_error ("no board statement “%s”", name);
  return NULL;
}

static void
figure_finish (Figure     *fig,
               const char *figure,
               const char *shape,
               const char *sort,
               gint64      depth)
{
  g_print ("{\"figure\": \"%s\", \"shape\": \"%s\", \"sort\": \"%s\", \"depth\": %" G_GINT64_FORMAT
           ", \"app_ms\": %.3f, \"old_ms\": %.3f, \"best_ms\": %.3f}\n",
           figure, shape, sort, depth, fcrm_bench_median (fig->app), fcrm_bench_median (fig->old),
           fcrm_bench_median (fig->best));
  sqlite3_finalize (fig->old_stmt);
  sqlite3_finalize (fig->best_stmt);
  g_array_unref (fig->app);
  g_array_unref (fig->old);
  g_array_unref (fig->best);
}

void
fcrm_bench_board (const char *location,
                  guint       rounds,
                  gint64      deep)
{
  const char *stage = "lead.new";
  const char *source = "call";
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (location, NULL, &error);
  sqlite3 *db = NULL;
  gint64 person = 0;

  if (crm == NULL)
    g_error ("%s", error->message);
  if (sqlite3_open_v2 (location, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  {
    sqlite3_stmt *stmt = raw_prepare (db, "SELECT responsible_id FROM leads WHERE stage = ? AND responsible_id IS NOT NULL "
                                          "ORDER BY stage_entered_at DESC LIMIT 1");

    sqlite3_bind_text (stmt, 1, stage, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      person = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }

  /* totals */
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      const Shape *shape = &shapes[s];
      FcrmBoardFilter filter = { shape->person ? person : shape->nobody ? -1 : 0, shape->source ? source : NULL, 0 };
      g_autofree char *old_where = shape_where (shape, TRUE);
      g_autofree char *where = shape_where (shape, FALSE);
      g_autofree char *old_sql = g_strconcat ("SELECT count(*), coalesce (sum(budget), 0) FROM leads l WHERE ", old_where, NULL);
      g_autofree char *best_sql = g_strconcat ("SELECT count(*), coalesce (sum(budget), 0) FROM leads l WHERE ", where, NULL);
      Figure fig;

      figure_init (&fig, db, old_sql, best_sql);
      bind_shape (fig.old_stmt, shape, TRUE, stage, person, source);
      bind_shape (fig.best_stmt, shape, FALSE, stage, person, source);
      for (guint r = 0; r < rounds; r++)
        {
          gint64 count, sum, t0 = g_get_monotonic_time ();

          if (!fcrm_crm_stage_totals_filtered (crm, stage, &filter, &count, &sum, &error))
            g_error ("%s", error->message);
          figure_round (&fig, t0);
        }
      figure_finish (&fig, "board_totals", shape->name, "", 0);
    }

  /* pages: the first, and one @deep cards down (given its key) */
  for (int sort = 0; sort < 3; sort++)
    for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
      for (int is_deep = 0; is_deep < 2; is_deep++)
        {
          const Shape *shape = &shapes[s];
          FcrmBoardFilter filter = { shape->person ? person : shape->nobody ? -1 : 0, shape->source ? source : NULL,
                                     sort };
          g_autofree char *name = g_strdup_printf ("leads page by %s, %s, top", sort_keys[sort], shape->name);
          g_autofree char *old_sql = old_page_sql (hot_sql (name), shape);
          g_autofree char *where = shape_where (shape, FALSE);
          g_autofree char *key_sql = g_strdup_printf ("SELECT l.%s, l.id FROM leads l WHERE %s ORDER BY l.%s DESC, l.id DESC "
                                                      "LIMIT 1 OFFSET ?", sort_keys[sort], where, sort_keys[sort]);
          g_autofree char *best_sql = g_strdup_printf ("SELECT l.id FROM leads l WHERE %s AND l.%s < ? "
                                                       "ORDER BY l.%s DESC, l.id DESC LIMIT %d",
                                                       where, sort_keys[sort], sort_keys[sort], PAGE);
          Figure fig;
          FcrmBoardKey key = { G_MAXINT64, 0 };
          gint64 depth = 0;
          int c;

          if (is_deep)
            {
              /* the key of the card @deep down (or as deep as the column goes) */
              sqlite3_stmt *k = raw_prepare (db, key_sql);
              gint64 count = 0, sum = 0;

              fcrm_crm_stage_totals_filtered (crm, stage, &filter, &count, &sum, NULL);
              depth = MAX (0, MIN (deep, count - PAGE - 1));
              c = bind_shape (k, shape, FALSE, stage, person, source);
              sqlite3_bind_int64 (k, c, depth);
              if (sqlite3_step (k) == SQLITE_ROW)
                key = (FcrmBoardKey) { sqlite3_column_int64 (k, 0), sqlite3_column_int64 (k, 1) };
              sqlite3_finalize (k);
            }
          figure_init (&fig, db, old_sql, best_sql);
          c = bind_shape (fig.old_stmt, shape, TRUE, stage, person, source);
          sqlite3_bind_int64 (fig.old_stmt, c++, PAGE);
          sqlite3_bind_int64 (fig.old_stmt, c++, is_deep ? depth + 1 : 0);
          c = bind_shape (fig.best_stmt, shape, FALSE, stage, person, source);
          sqlite3_bind_int64 (fig.best_stmt, c, key.sort_value);
          for (guint r = 0; r < rounds; r++)
            {
              gint64 t0 = g_get_monotonic_time ();
              g_autoptr(GPtrArray) page = fcrm_crm_stage_page_filtered (crm, stage, &filter, is_deep ? &key : NULL,
                                                                        PAGE, &error);

              if (page == NULL)
                g_error ("%s", error->message);
              figure_round (&fig, t0);
            }
          figure_finish (&fig, is_deep ? "board_deep_page" : "board_first_page", shape->name, sort_keys[sort], depth);
        }
  sqlite3_close (db);
}
