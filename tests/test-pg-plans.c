/* The office server's plans as a person sees them (PostgreSQL only, suite
 * core-pg; issue: nothing grows with the data). Row-level security adds each
 * table's policy to every statement a person runs; these tests make sure the
 * policies stay cheap: who the person is and their role are read once per
 * statement (an InitPlan), never per row; no read of the board, the inbox or
 * the notifier goes through all leads, deals or notifications; a column's
 * count and sum read an index alone, as the owner's do.
 *
 * The statements are the program's own: the person's desktop runs its board,
 * inbox and notifier reads, and the test takes their text from the server
 * (pg_prepared_statements of that very session), so a statement rewritten
 * tomorrow is checked as it is then. Each is planned generically (for any
 * values of its parameters: what a prepared statement ends up running) with
 * sequential scans priced out, so on a test's few rows a Seq Scan still shows
 * only where no index could serve — robust to costs and data sizes. */

#include <libpq-fe.h>

#include "fcrm-test-util.h"
#include "fcrm-test-office.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

/* The tables that grow with the business. */
static const char * const growing[] = { "leads", "deals", "notifications" };

static gboolean
names_growing (const char *line)
{
  for (guint i = 0; i < G_N_ELEMENTS (growing); i++)
    {
      g_autofree char *on = g_strdup_printf (" on %s ", growing[i]);
      g_autofree char *at_end = g_strdup_printf (" on %s\n", growing[i]);
      g_autofree char *line_nl = g_strconcat (line, "\n", NULL);

      if (strstr (line_nl, on) != NULL || strstr (line_nl, at_end) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* What is wrong with @plan of @sql, or NULL. */
static char *
judge (const char *sql,
       const char *plan)
{
  g_auto(GStrv) lines = g_strsplit (plan, "\n", -1);
  gboolean in_growing_scan = FALSE;
  gboolean is_read = g_str_has_prefix (sql, "SELECT");

  /* a role function by name is one called for rows: an InitPlan shows as its
   * parameter ($n) where it is used */
  if (strstr (plan, "fcrm_me") != NULL || strstr (plan, "fcrm_my_role") != NULL)
    return g_strdup ("the person's id or role is asked per row, not once (an InitPlan)");
  /* a read of a table with a policy has the policy's InitPlans */
  if (is_read && strstr (plan, "InitPlan") == NULL)
    return g_strdup ("no InitPlan: the policy's role and id are not read once per statement");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *text = line + strspn (line, " ");

      if (strstr (line, "Seq Scan on ") != NULL && names_growing (line))
        return g_strdup_printf ("reads a whole table: %s", text);
      /* a plan node starts a line with "->" (or is the first line) */
      if (i == 0 || g_str_has_prefix (text, "->"))
        in_growing_scan = strstr (line, "Scan") != NULL && names_growing (line);
      else if (in_growing_scan && strstr (text, "fcrm_") != NULL)
        return g_strdup_printf ("calls a function of the rules for every row: %s", text);
    }
  /* a column's count and sum: from an index alone, like the owner's */
  if (is_read && strstr (sql, "count(*)") != NULL && strstr (sql, "sum(budget)") != NULL &&
      (strstr (sql, "FROM leads") != NULL || strstr (sql, "FROM deals") != NULL) &&
      strstr (plan, "Index Only Scan") == NULL)
    return g_strdup ("a column's totals fetch every row to decide who sees it (no Index Only Scan)");
  return NULL;
}

/* The board, the inbox and the notifier, as @crm's person reads them. */
static void
read_like_the_desktop (FcrmCrm *crm,
                       gint64   user_id)
{
  static const char * const pipelines[] = { "lead", "manufacturing", "design" };
  const gint64 owners[] = { 0, user_id, -1 };
  g_autoptr(GError) error = NULL;

  for (guint p = 0; p < G_N_ELEMENTS (pipelines); p++)
    {
      FcrmPipeline *pipeline = fcrm_crm_get_pipeline (crm, pipelines[p]);
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, 0);

      for (guint o = 0; o < G_N_ELEMENTS (owners); o++)
        for (int sort = FCRM_BOARD_SORT_STAGE_ENTERED; sort <= FCRM_BOARD_SORT_CREATED; sort++)
          for (int by_source = 0; by_source < 2; by_source++)
            {
              FcrmBoardFilter filter = { .responsible_id = owners[o], .source = by_source ? "call" : NULL, .sort = sort };
              g_autoptr(GPtrArray) page = fcrm_crm_stage_page_filtered (crm, stage->code, &filter, 0, 50, &error);
              gint64 count, sum;

              g_assert_no_error (error);
              g_assert_true (fcrm_crm_stage_totals_filtered (crm, stage->code, &filter, &count, &sum, &error));
              g_assert_no_error (error);
            }
    }
  g_ptr_array_unref (fcrm_crm_notifications (crm, NULL, FALSE, 50, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (fcrm_crm_notifications (crm, NULL, TRUE, 50, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (fcrm_crm_notifications (crm, "*", FALSE, 50, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (fcrm_crm_notifications (crm, "*", TRUE, 50, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (fcrm_crm_notifications_take_undelivered (crm, user_id, &error));
  g_assert_no_error (error);
  fcrm_crm_notifications_unread_count (crm, user_id);
  g_assert_true (fcrm_crm_robots_run (crm, NULL, &error));
  g_assert_no_error (error);
}

/* Every statement @crm's session prepared that reads or writes a growing
 * table: name, parameter types ("{text,bigint}") and text. */
static GPtrArray *
prepared_statements (FcrmCrm *crm)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (fcrm_crm_get_store (crm),
                                       "SELECT name, parameter_types::TEXT, statement FROM pg_prepared_statements "
                                       "WHERE statement ~* '\\m(FROM|JOIN|UPDATE|INTO)\\s+(leads|deals|notifications)\\M' "
                                       "AND statement !~ 'pg_prepared_statements' ORDER BY name", &error);

  g_assert_no_error (error);
  while (fcrm_stmt_step (stmt, &error))
    {
      g_ptr_array_add (found, g_strdup (fcrm_stmt_get_text (stmt, 0)));
      g_ptr_array_add (found, g_strdup (fcrm_stmt_get_text (stmt, 1)));
      g_ptr_array_add (found, g_strdup (fcrm_stmt_get_text (stmt, 2)));
    }
  g_assert_no_error (error);
  fcrm_stmt_reset (stmt);
  return found;
}

static char *
explain (PGconn     *conn,
         const char *name,
         int         n_params)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  PGresult *res;

  g_string_printf (sql, "EXPLAIN (COSTS OFF) EXECUTE %s", name);
  for (int i = 0; i < n_params; i++)
    g_string_append (sql, i == 0 ? " (NULL" : ", NULL");
  if (n_params > 0)
    g_string_append_c (sql, ')');
  res = PQexec (conn, sql->str);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql->str, PQresultErrorMessage (res));
  for (int r = 0; r < PQntuples (res); r++)
    g_string_append_printf (plan, "%s\n", PQgetvalue (res, r, 0));
  PQclear (res);
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  PQclear (res);
}

/* Some of everything, the visibility map made (as autovacuum would). */
static void
fill (Fixture *f)
{
  g_autofree char *owner_uri = fcrm_test_pg_uri (f->db->pg_name, NULL, NULL);
  PGconn *owner;

  for (int i = 0; i < 4; i++)
    {
      g_autoptr(FcrmItem) lead_a = fcrm_test_add_lead (f->crm, "Anna's lead", f->anna);
      g_autoptr(FcrmItem) lead_i = fcrm_test_add_lead (f->crm, "Igor's lead", f->igor);
      g_autoptr(FcrmItem) open_lead = fcrm_test_add_lead (f->crm, "Walk-in", NULL);
      g_autoptr(FcrmItem) deal_a = fcrm_test_add_deal (f->crm, "manufacturing", "Anna's wardrobe", f->anna);
      g_autoptr(FcrmItem) deal_i = fcrm_test_add_deal (f->crm, "manufacturing", "Igor's kitchen", f->igor);
      g_autoptr(FcrmItem) deal_d = fcrm_test_add_deal (f->crm, "design", "A design", f->igor);
    }
  fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 30 * 24 * 3600);
  owner = PQconnectdb (owner_uri);
  g_assert_cmpint (PQstatus (owner), ==, CONNECTION_OK);
  exec_ok (owner, "VACUUM ANALYZE");
  PQfinish (owner);
}

static void
check_person (Fixture    *f,
              const char *login,
              gint64      user_id)
{
  g_autoptr(FcrmCrm) crm = open_as (f, login, f->db->clock);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  PGconn *conn = connect_as (f, login);
  guint checked = 0;

  read_like_the_desktop (crm, user_id);
  statements = prepared_statements (crm);
  /* the same statements on a plain connection of the same person: generic
   * plans, sequential scans only where nothing else is possible */
  exec_ok (conn, "SET plan_cache_mode = force_generic_plan");
  exec_ok (conn, "SET enable_seqscan = off");
  for (guint i = 0; i < statements->len; i += 3)
    {
      const char *sql = g_ptr_array_index (statements, i + 2);
      g_autofree char *types = g_strdelimit (g_strdup (g_ptr_array_index (statements, i + 1)), "{}\"", ' ');
      int n_params = *g_strstrip (types) == '\0' ? 0 : 1;
      g_autofree char *name = g_strdup_printf ("hot_%u", i / 3);

      for (const char *c = types; *c != '\0'; c++)
        n_params += *c == ',';
      g_autofree char *prepare = g_strdup_printf ("PREPARE %s%s%s%s AS %s", name, n_params > 0 ? " (" : "", types,
                                                  n_params > 0 ? ")" : "", sql);
      g_autofree char *plan = NULL;
      g_autofree char *wrong = NULL;

      exec_ok (conn, prepare);
      plan = explain (conn, name, n_params);
      wrong = judge (sql, plan);
      g_test_message ("as %s: %s\n%s", login, sql, plan);
      if (wrong != NULL)
        g_string_append_printf (failures, "\nas %s, %s:\n  %s\n%s", login, wrong, sql, plan);
      checked++;
    }
  PQfinish (conn);
  /* the board (totals and pages of three shapes), the inbox, the notifier */
  g_assert_cmpuint (checked, >=, 10);
  if (failures->len > 0)
    g_error ("plans that grow with the data:%s", failures->str);
}

static void
test_manager (Fixture      *f,
              gconstpointer data)
{
  fill (f);
  check_person (f, f->anna, f->anna_id);
}

static void
test_designer (Fixture      *f,
               gconstpointer data)
{
  fill (f);
  check_person (f, f->olga, f->olga_id);
}

static void
test_supervisor (Fixture      *f,
                 gconstpointer data)
{
  fill (f);
  check_person (f, f->pavel, f->pavel_id);
}

/* Another desktop's change reaches a manager's desktop (through a change
 * counter that says nothing but "something changed"), whichever way it was
 * written: a plain update, or the owner's hand-over function, which writes
 * inside a SELECT. */
static void
test_outside_change (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, f->db->clock);
  g_autoptr(FcrmCrm) igor = open_as (f, f->igor, f->db->clock);
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Igor's lead", f->igor);
  FcrmStore *store = fcrm_crm_get_store (anna);
  g_autoptr(GError) error = NULL;
  gint64 before, count = 0, sum = 0;

  g_assert_true (fcrm_crm_stage_totals (anna, lead->stage, &count, &sum, &error));
  g_assert_cmpint (count, ==, 0);

  /* his own lead, which she cannot see: she learns only that something changed */
  before = fcrm_test_settle_data_version (store);
  g_assert_true (fcrm_crm_lead_set (igor, lead->id, "comment", "called back", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_test_wait_data_version (store, before));

  /* he hands it to her: her desktop hears of it and her board shows it */
  before = fcrm_test_settle_data_version (store);
  g_assert_true (fcrm_crm_lead_set (igor, lead->id, "responsible", f->anna, -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_test_wait_data_version (store, before));
  g_assert_true (fcrm_crm_stage_totals (anna, lead->stage, &count, &sum, &error));
  g_assert_cmpint (count, ==, 1);

  /* a change that changes nothing is no news */
  before = fcrm_test_settle_data_version (store);
  g_assert_false (fcrm_crm_lead_set (igor, lead->id, "comment", "again", -1, &error));
  g_clear_error (&error);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpint (fcrm_store_data_version (store), ==, before);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  if (!fcrm_test_is_pg ())
    {
      g_print ("SKIP: the office server's plans need PostgreSQL (FCRM_TEST_PG)\n");
      return 77;
    }

  ADD ("/pg-plans/manager", test_manager);
  ADD ("/pg-plans/designer", test_designer);
  ADD ("/pg-plans/supervisor", test_supervisor);
  ADD ("/pg-plans/outside-change", test_outside_change);
  return g_test_run ();
}
