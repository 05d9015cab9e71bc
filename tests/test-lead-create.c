/* A new lead on the office server is one call of fcrm_lead_create() (issue
 * 10, intake throughput): the same leads added on a database file and, by a
 * manager under row-level security, on the office server leave the same
 * rows (responsible, contact, history, queued and fired robots,
 * notifications); and the function, called by hand, can do nothing the
 * caller's plain INSERTs could not (it runs with the caller's rights). */

#include <libpq-fe.h>

#include "fcrm-test-util.h"
#include "fcrm-test-office.h"
#include "fcrm-clients.h"
#include "fcrm-crm-test-private.h"

/* The rows the leads left, by login, title and time since creation (ids and
 * clocks differ between the two databases), one line per row. */
static const struct { const char *sql; int columns; } dump_sql[] = {
  { "SELECT l.title, l.name, l.phone, l.phone_norm, l.email, l.email_norm, l.company_name, l.source, l.budget,"
  "  l.comment, l.stage, u.login, c.name, l.is_returning, b.login, l.stage_entered_at - l.created_at,"
  "  l.updated_at - l.created_at"
  " FROM leads l LEFT JOIN users u ON u.id = l.responsible_id LEFT JOIN contacts c ON c.id = l.contact_id"
  " LEFT JOIN users b ON b.id = l.created_by ORDER BY l.id", 17 },
  { "SELECT l.title, h.stage, u.login, h.entered_at - l.created_at, h.left_at FROM stage_history h"
  " JOIN leads l ON h.entity_type = 'lead' AND l.id = h.entity_id LEFT JOIN users u ON u.id = h.user_id ORDER BY h.id", 5 },
  { "SELECT l.title, q.robot_id, q.due_at - h.entered_at FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id"
  " JOIN leads l ON h.entity_type = 'lead' AND l.id = h.entity_id ORDER BY h.id, q.robot_id", 3 },
  { "SELECT l.title, f.robot_id, f.fired_at - h.entered_at FROM robot_firings f JOIN stage_history h ON h.id = f.entry_id"
  " JOIN leads l ON h.entity_type = 'lead' AND l.id = h.entity_id ORDER BY h.id, f.robot_id", 3 },
  { "SELECT u.login, n.text, n.subject, n.person, n.stage, n.entity_type, l.title, n.robot_id, n.created_at - l.created_at"
  " FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN leads l ON l.id = n.entity_id ORDER BY n.id", 9 },
  { "SELECT t.title, t.kind, u.login, t.entity_type, l.title FROM tasks t LEFT JOIN users u ON u.id = t.responsible_id"
  " LEFT JOIN leads l ON l.id = t.entity_id ORDER BY t.id", 5 },
};

static char *
dump (FcrmCrm *crm)
{
  GString *out = g_string_new (NULL);
  FcrmStore *store = fcrm_crm_get_store (crm);

  for (guint i = 0; i < G_N_ELEMENTS (dump_sql); i++)
    {
      g_autoptr(GError) error = NULL;
      FcrmStmt *stmt = fcrm_store_prepare (store, dump_sql[i].sql, &error);

      g_assert_no_error (error);
      while (fcrm_stmt_step (stmt, &error))
        {
          for (int c = 0; c < dump_sql[i].columns; c++)
            {
              const char *v = fcrm_stmt_get_text (stmt, c);

              g_string_append_printf (out, "%s|", v != NULL ? v : "∅");
            }
          g_string_append_c (out, '\n');
        }
      g_assert_no_error (error);
      fcrm_stmt_reset (stmt);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

static void
expect_lead (FcrmCrm             *crm,
             const FcrmLeadInput *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (crm, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
}

/* The same leads on @crm, signed in (or acting) as a manager; with
 * @default_manager set (by whoever may) before the last two. */
static void
story (FcrmCrm    *crm,
       gboolean    second_part,
       const char *pavel,
       const char *olga)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) ivan = NULL;
  g_autoptr(FcrmItem) refused = NULL;

  if (second_part)
    {
      /* the default manager takes every new lead */
      expect_lead (crm, &(FcrmLeadInput) { .name = "Default", .phone = "+7 900 000-00-01" });
      expect_lead (crm, &(FcrmLeadInput) { .name = "Default again" });
      return;
    }
  ivan = fcrm_crm_contact_add (crm, &(FcrmContactInput) { .name = "Ivan Petrov", .phones = (const char *[]) { "+7 912 345-67-89", NULL },
                                                          .emails = (const char *[]) { "ivan@example.com", NULL } }, &error);
  g_assert_no_error (error);
  /* a returning client by phone, then by e-mail; newcomers; a given responsible */
  expect_lead (crm, &(FcrmLeadInput) { .name = "Petr", .phone = "8 (912) 345 67 89", .source = "call" });
  expect_lead (crm, &(FcrmLeadInput) { .email = "IVAN@example.com", .source = "webform", .budget = "1500.50",
                                       .comment = "Kitchen" });
  expect_lead (crm, &(FcrmLeadInput) { .name = "Olga", .company = "Wood Ltd", .source = "email" });
  expect_lead (crm, &(FcrmLeadInput) { .title = "Wardrobe", .responsible = pavel });
  /* a designer holds no lead: refused, nothing written */
  refused = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = "Nope", .responsible = olga }, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

static void
set_default_manager (FcrmCrm    *crm,
                     const char *login)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_set_default_manager (crm, login, &error));
  g_assert_no_error (error);
}

static void
test_same_rows (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(FcrmTestDb) file = fcrm_test_db_new_sqlite (TRUE);
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, f->db->clock);
  g_autofree char *on_file = NULL, *on_server = NULL;
  const char *people[] = { f->anna, "manager", f->igor, "manager", f->olga, "designer", f->pavel, "supervisor" };

  /* the same people on the file, in the same order, named as on the server */
  for (guint i = 0; i < G_N_ELEMENTS (people); i += 2)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmUser) user = fcrm_crm_user_add (file->crm, people[i], people[i], people[i + 1], &error);

      g_assert_no_error (error);
    }
  fcrm_test_set_actor (file->crm, f->anna);

  story (anna, FALSE, f->pavel, f->olga);
  set_default_manager (f->crm, f->igor);
  story (anna, TRUE, f->pavel, f->olga);
  story (file->crm, FALSE, f->pavel, f->olga);
  fcrm_test_set_actor (file->crm, f->pavel);
  set_default_manager (file->crm, f->igor);
  fcrm_test_set_actor (file->crm, f->anna);
  story (file->crm, TRUE, f->pavel, f->olga);

  on_server = dump (f->crm);
  on_file = dump (file->crm);
  g_assert_cmpstr (on_server, ==, on_file);
  /* and the story did write something of each kind */
  g_assert_nonnull (strstr (on_server, "Petr|"));
  g_assert_nonnull (strstr (on_server, "|Ivan Petrov|1|"));
  g_assert_nonnull (strstr (on_server, "|Default again|"));
}

static gint64
owner_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (fcrm_store_query_int (fcrm_crm_get_store (f->crm), sql, &n, NULL, &error, ""));
  g_assert_no_error (error);
  return n;
}

/* Called by hand with psql: the caller's rights, the same refusals. */
static void
test_by_hand (Fixture      *f,
              gconstpointer data)
{
  PGconn *anna = connect_as (f, f->anna);
  PGconn *olga = connect_as (f, f->olga);
  g_autofree char *state = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM pg_proc WHERE proname = 'fcrm_lead_create' AND prosecdef"), ==, 0);

  /* in a colleague's name: the row and its entry are hers all the same */
  sql = g_strdup_printf ("SELECT lead_id FROM fcrm_lead_create ('Forged', NULL, NULL, NULL, NULL, NULL, NULL, 'other',"
                         " 0, NULL, NULL, 1000, %" G_GINT64_FORMAT ")", f->igor_id);
  g_assert_cmpint (sql_int (anna, sql), >, 0);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM leads WHERE title = 'Forged' AND created_by = "
                                 "(SELECT id FROM users WHERE login LIKE 'anna%')"), ==, 1);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM stage_history h JOIN leads l ON l.id = h.entity_id"
                                 " WHERE l.title = 'Forged' AND h.user_id = l.created_by"), ==, 1);

  /* a lead for a designer, or one a designer registers: refused as the plain INSERT is */
  g_free (sql);
  sql = g_strdup_printf ("SELECT lead_id FROM fcrm_lead_create ('For Olga', NULL, NULL, NULL, NULL, NULL, NULL, 'other',"
                         " 0, NULL, %" G_GINT64_FORMAT ", 1000, NULL)", f->olga_id);
  state = sql_refused (anna, sql);
  g_assert_cmpstr (state, ==, "42501");
  g_free (state);
  state = sql_refused (olga, "SELECT lead_id FROM fcrm_lead_create ('By Olga', NULL, NULL, NULL, NULL, NULL, NULL,"
                             " 'other', 0, NULL, NULL, 1000, NULL)");
  g_assert_cmpstr (state, ==, "42501");
  g_free (state);
  /* nor does it carry a row past the checks of the table: a negative budget */
  state = sql_refused (anna, "SELECT lead_id FROM fcrm_lead_create ('Minus', NULL, NULL, NULL, NULL, NULL, NULL,"
                             " 'other', -5, NULL, NULL, 1000, NULL)");
  g_assert_cmpstr (state, ==, "23514");
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM leads WHERE title IN ('For Olga', 'By Olga', 'Minus')"), ==, 0);
  PQfinish (anna);
  PQfinish (olga);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  if (!fcrm_test_is_pg ())
    {
      g_print ("SKIP: fcrm_lead_create is the office server's\n");
      return 77;
    }
  g_test_add ("/lead-create/same-rows-as-a-file", Fixture, NULL, fixture_setup, test_same_rows, fixture_teardown);
  g_test_add ("/lead-create/by-hand", Fixture, NULL, fixture_setup, test_by_hand, fixture_teardown);
  return g_test_run ();
}
