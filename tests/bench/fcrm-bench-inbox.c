#define G_LOG_DOMAIN "fcrm-bench"

/* fcrm-bench inbox DB ROUNDS, for build-aux/bench: what every notifier check
 * and every opening of the inbox asks, for the person with the most
 * notifications — the bell's unread count, claiming undelivered ones (none
 * left: the check's usual case), the inbox's first 50 (all and unread) —
 * through the app, against the app's own SQL run bare through the SQLite C
 * API. Prints one JSON object per question. Writes (claims) on DB: give it
 * a copy. */

#include <sqlite3.h>
#include <stdio.h>

#include "fcrm-bench.h"
#include "fcrm-crm.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-inbox.h"

#define PER_ROUND 20

typedef struct
{
  const char *figure;   /* as printed */
  const char *query;    /* its name in fcrm_inbox_hot_queries() */
} Question;

static const Question questions[] = {
  { "unread count", "unread count" },
  { "take undelivered (none left)", "take undelivered" },
  { "inbox reload (first 50)", "inbox" },
  { "inbox reload, unread (first 50)", "inbox, unread" },
};

static const FcrmHotQuery *
hot_query (const char *name)
{
  for (const FcrmHotQuery *q = fcrm_inbox_hot_queries (); q->name != NULL; q++)
    if (g_strcmp0 (q->name, name) == 0)
      return q;
  g_error ("no hot query “%s”", name);
}

/* The app's own statement, bare: the person, then the page size. */
static double
raw_once (sqlite3            *db,
          const FcrmHotQuery *q,
          gint64              user_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 t0, acc = 0;
  int p = 1;

  if (sqlite3_prepare_v2 (db, q->sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", q->name, sqlite3_errmsg (db));
  t0 = g_get_monotonic_time ();
  if (strstr (q->sql, "user_id = ?") != NULL)
    sqlite3_bind_int64 (stmt, p++, user_id);
  if (p <= q->n_params)
    sqlite3_bind_int64 (stmt, p++, 50);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    acc += sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert (acc >= 0);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static double
app_once (FcrmCrm    *crm,
          guint       which,
          const char *login,
          gint64      user_id)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  switch (which)
    {
    case 0:
      fcrm_crm_notifications_unread_count (crm, user_id);
      break;
    case 1:
      list = fcrm_crm_notifications_take_undelivered (crm, user_id, &error);
      break;
    default:
      list = fcrm_crm_notifications (crm, login, which == 3, 50, &error);
      break;
    }
  if (error != NULL)
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

void
fcrm_bench_inbox (const char *path,
                  guint       rounds)
{
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 user_id = 0, n_notifications = 0;
  g_autoptr(GPtrArray) drained = NULL;

  crm = fcrm_bench_open_both (path, &db);
  sqlite3_prepare_v2 (db,
                      "SELECT u.id, u.login, count(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id "
                      "GROUP BY n.user_id ORDER BY n DESC LIMIT 1", -1, &stmt, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      user_id = sqlite3_column_int64 (stmt, 0);
      login = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n_notifications = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (login == NULL)
    g_error ("%s has no notifications", path);
  /* the check's usual case: what was undelivered has been claimed */
  do
    {
      g_clear_pointer (&drained, g_ptr_array_unref);
      drained = fcrm_crm_notifications_take_undelivered (crm, user_id, &error);
      if (drained == NULL)
        g_error ("%s", error->message);
    }
  while (drained->len > 0);

  for (guint w = 0; w < G_N_ELEMENTS (questions); w++)
    {
      const FcrmHotQuery *q = hot_query (questions[w].query);
      g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < rounds * PER_ROUND; i++)
        {
          double a = app_once (crm, w, login, user_id), r = raw_once (db, q, user_id);

          g_array_append_val (app, a);
          g_array_append_val (raw, r);
        }
      g_print ("{\"figure\": \"inbox\", \"what\": \"%s\", \"app_ms\": %.4f, \"raw_ms\": %.4f, \"notifications\": %" G_GINT64_FORMAT "}\n",
               questions[w].figure, fcrm_bench_median (app), fcrm_bench_median (raw), n_notifications);
    }
  sqlite3_close (db);
}
