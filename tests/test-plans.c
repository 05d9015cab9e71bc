/* The plans of the queries the program runs often (issue: nothing grows with
 * the data): on SQLite, EXPLAIN QUERY PLAN of each must search an index — no
 * SCAN of a table that grows, no temporary B-tree to sort. The queries are
 * the program's own (fcrm_*_hot_queries), not copies. */

#include "fcrm-reports.h"
#include "fcrm-test-util.h"

/* TRUE when @plan reads all of @table: a SCAN not along an index */
static gboolean
grows (const char *plan,
       const char *table)
{
  g_autofree char *scan = g_strdup_printf ("SCAN %s\n", table);
  g_autofree char *scan_any = g_strdup_printf ("SCAN %s ", table);
  g_autofree char *scan_index = g_strdup_printf ("SCAN %s USING ", table);

  return strstr (plan, scan) != NULL || (strstr (plan, scan_any) != NULL && strstr (plan, scan_index) == NULL);
}

/* EXPLAIN QUERY PLAN of @q, one line per step (every "?" bound to 1) */
static GString *
query_plan (FcrmCrm            *crm,
            const FcrmHotQuery *q)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", q->sql, NULL);
  GString *plan = g_string_new (NULL);
  FcrmStmt *stmt;

  /* prepared statements are cached by address: this text lives to the end */
  stmt = fcrm_store_prepare (fcrm_crm_get_store (crm), g_intern_string (sql), &error);
  g_assert_no_error (error);
  for (int i = 1; i <= q->n_params; i++)
    fcrm_stmt_bind_int64 (stmt, i, 1);
  while (fcrm_stmt_step (stmt, &error))
    g_string_append_printf (plan, "%s\n", fcrm_stmt_get_text (stmt, 3));
  g_assert_no_error (error);
  fcrm_stmt_reset (stmt);
  g_test_message ("%s:\n%s", q->name, plan->str);
  return plan;
}

static void
check_plans (FcrmCrm            *crm,
             const FcrmHotQuery *queries)
{
  for (const FcrmHotQuery *q = queries; q->name != NULL; q++)
    {
      g_autoptr(GString) plan = query_plan (crm, q);

      /* a table of notifications is only ever searched, or walked along an
       * index in the order asked (a LIMIT stops the walk); the users table is a
       * handful of rows */
      if (grows (plan->str, "n") || grows (plan->str, "notifications") || strstr (plan->str, "TEMP B-TREE") != NULL ||
          (q->n_params > 1 && strstr (plan->str, "SEARCH n USING ") == NULL) ||
          (g_str_has_prefix (q->name, "unread count") && strstr (plan->str, "COVERING INDEX notifications_unread") == NULL) ||
          (g_str_has_prefix (q->name, "take undelivered") && strstr (plan->str, "INDEX notifications_undelivered") == NULL))
        g_error ("the plan of “%s” grows with the data:\n%s", q->name, plan->str);
    }
}

/* A database with a few leads, or NULL when the backend is not SQLite */
static FcrmTestDb *
plans_db (void)
{
  FcrmTestDb *db;

  if (fcrm_test_sqlite_only ("EXPLAIN QUERY PLAN is SQLite's"))
    return NULL;
  db = fcrm_test_db_new ();
  fcrm_test_add_user (db->crm, "anna", "manager");
  for (int i = 0; i < 20; i++)
    g_object_unref (fcrm_test_add_lead (db->crm, "Lead", "anna"));
  return db;
}

static void
test_inbox (void)
{
  g_autoptr(FcrmTestDb) db = plans_db ();

  if (db == NULL)
    return;
  check_plans (db->crm, fcrm_inbox_hot_queries ());
}

/* Every statement of a board column: each page (kind × sort × filter shape ×
 * top/ties/after) is a range of one index in the order shown, and the totals
 * a few rows of stage_totals (or, as the office server runs them, a range of
 * a board index): no SCAN of the leads or deals, no sorting. */
static void
test_board (void)
{
  g_autoptr(FcrmTestDb) db = plans_db ();

  if (db == NULL)
    return;

  for (const FcrmHotQuery *q = fcrm_board_hot_queries (); q->name != NULL; q++)
    {
      g_autoptr(GString) plan = query_plan (db->crm, q);
      gboolean page = strstr (q->name, " page by ") != NULL;
      gboolean leads = g_str_has_prefix (q->name, "leads");
      if (grows (plan->str, "l") || grows (plan->str, "d") || grows (plan->str, "leads") || grows (plan->str, "deals") ||
          grows (plan->str, "stage_totals") || strstr (plan->str, "TEMP B-TREE") != NULL ||
          /* the walk is along a board index of the kind shown */
          (page && strstr (plan->str, leads ? "SEARCH l USING INDEX leads_" : "SEARCH d USING INDEX deals_") == NULL) ||
          (page && strstr (plan->str, "_board_") == NULL && strstr (plan->str, "_owner_") == NULL) ||
          (g_str_has_prefix (q->name, "totals") && strstr (plan->str, "SEARCH stage_totals USING PRIMARY KEY") == NULL))
        g_error ("the plan of “%s” grows with the data:\n%s", q->name, plan->str);
    }
}

/* The reports read whole tables by nature (counts and sums over every
 * item); what must hold is that each reads them the cheap way: the counts
 * from an index alone, the won deals and one person's history along an
 * index, the next task of a stuck item by its index, never the tasks or the
 * history scanned once per row. */
static void
test_reports (void)
{
  g_autoptr(FcrmTestDb) db = plans_db ();
  static const struct { const char *start; const char *must; } expected[] = {
    { "SELECT stage, COUNT(*), COALESCE(SUM(budget), 0) FROM leads", "COVERING INDEX leads_" },
    { "SELECT stage, COUNT(*), COALESCE(SUM(budget), 0) FROM deals", "COVERING INDEX deals_" },
    { "SELECT source, COALESCE(responsible_id, 0), stage, COUNT(*) FROM leads", "COVERING INDEX leads_" },
    { "SELECT d.closed_at, d.budget", "SEARCH d USING INDEX" },
    { "SELECT h.id, h.entity_type, h.entity_id, h.stage, h.entered_at, h.left_at FROM leads l CROSS JOIN",
      "SEARCH h USING INDEX stage_history_" },
  };

  if (db == NULL)
    return;
  for (const FcrmReportQuery *r = fcrm_reports_hot_queries (); r->sql != NULL; r++)
    {
      FcrmHotQuery q = { fcrm_report_kind_to_string (r->kind), r->sql, (int) strlen (r->params) };
      g_autoptr(GString) plan = query_plan (db->crm, &q);
      gboolean history_of = strstr (r->sql, "CROSS JOIN stage_history") != NULL;

      /* tasks are searched (next task) or, for the managers' counts, read once */
      if ((grows (plan->str, "t") && strstr (r->sql, "FROM tasks t WHERE (") == NULL) ||
          (history_of && grows (plan->str, "h")) ||
          (strstr (plan->str, "CORRELATED SCALAR SUBQUERY") != NULL && strstr (r->sql, "FROM tasks t WHERE t.entity_type") == NULL))
        g_error ("the plan of the %s report's statement reads too much:\n%s\n%s", q.name, r->sql, plan->str);
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        if (g_str_has_prefix (r->sql, expected[i].start) && strstr (plan->str, expected[i].must) == NULL)
          g_error ("the plan of the %s report's statement misses “%s”:\n%s\n%s", q.name, expected[i].must, r->sql, plan->str);
    }
}

/* The Contacts and Companies views page by name, by id or by last activity
 * without a query: each page is a range of the name index, of the activity
 * index or of the primary key in the order shown (a LIMIT stops the walk),
 * never a sort of the whole table. */
static void
test_clients (void)
{
  g_autoptr(FcrmTestDb) db = plans_db ();

  if (db == NULL)
    return;

  for (const FcrmHotQuery *q = fcrm_client_hot_queries (); q->name != NULL; q++)
    {
      g_autoptr(GString) plan = query_plan (db->crm, q);
      gboolean by_name = strstr (q->name, " by name") != NULL;
      gboolean by_activity = strstr (q->name, " by last activity") != NULL;
      gboolean after = strstr (q->name, "after") != NULL;
      gboolean contacts = g_str_has_prefix (q->name, "contacts");
      const char *index = contacts ? "USING INDEX contacts_name" : "USING INDEX companies_name";
      const char *activity = contacts ? "USING INDEX contacts_activity" : "USING INDEX companies_activity";

      if (strstr (plan->str, "TEMP B-TREE") != NULL || grows (plan->str, "co") ||
          (by_name && strstr (plan->str, index) == NULL) ||
          (by_activity && strstr (plan->str, activity) == NULL) ||
          (after && strstr (plan->str, "SEARCH c ") == NULL) ||
          (!by_name && !by_activity && after && strstr (plan->str, "SEARCH c USING INTEGER PRIMARY KEY") == NULL))
        g_error ("the plan of “%s” grows with the data:\n%s", q->name, plan->str);
    }
}

/* The Closed lists: a walk of the leads' primary key or of deals_pipeline
 * in id order, downwards: no SCAN, no sorting. */
static void
test_closed (void)
{
  g_autoptr(FcrmTestDb) db = plans_db ();

  if (db == NULL)
    return;

  for (const FcrmHotQuery *q = fcrm_closed_hot_queries (); q->name != NULL; q++)
    {
      g_autoptr(GString) plan = query_plan (db->crm, q);
      gboolean leads = g_str_has_prefix (q->name, "closed leads");

      if (grows (plan->str, "l") || grows (plan->str, "d") || strstr (plan->str, "TEMP B-TREE") != NULL ||
          strstr (plan->str, leads ? "SEARCH l USING INTEGER PRIMARY KEY" : "SEARCH d USING INDEX deals_pipeline") == NULL)
        g_error ("the plan of “%s” grows with the data:\n%s", q->name, plan->str);
    }
}

/* A week of the schedule: each source a range of its own date index (the
 * deals' visit, delivery and installation dates; the open tasks by kind
 * and due time), never a scan of the deals or tasks. */
static void
test_schedule (void)
{
  g_autoptr(FcrmTestDb) db = plans_db ();
  static const char * const must[] = { "deals_visit_at", "deals_delivery_date", "deals_installation_date", "tasks_kind" };
  guint i = 0;

  if (db == NULL)
    return;
  for (const FcrmHotQuery *q = fcrm_schedule_hot_queries (); q->name != NULL; q++, i++)
    {
      g_autoptr(GString) plan = query_plan (db->crm, q);

      g_assert_cmpuint (i, <, G_N_ELEMENTS (must));
      if (grows (plan->str, "d") || grows (plan->str, "t") || grows (plan->str, "deals") || grows (plan->str, "tasks") ||
          strstr (plan->str, must[i]) == NULL)
        g_error ("the plan of the schedule's “%s” grows with the data:\n%s", q->name, plan->str);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (must));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/plans/inbox", test_inbox);
  g_test_add_func ("/plans/board", test_board);
  g_test_add_func ("/plans/reports", test_reports);
  g_test_add_func ("/plans/clients", test_clients);
  g_test_add_func ("/plans/closed", test_closed);
  g_test_add_func ("/plans/schedule", test_schedule);
  return g_test_run ();
}
