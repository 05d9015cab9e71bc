/* The incoming-call screen pop on the office server (PostgreSQL only), with
 * the intake signed in as a login of its own, granted fcrm_intake — not as
 * the administrator: the people told are chosen by the same rules as on a
 * file although the intake's login (here a manager) sees neither the caller's
 * deal nor the inboxes it writes into; and nobody can use fcrm_call_pop to
 * write anything /calls would not write, nor to read what /calls would not
 * answer. */

#include <unistd.h>

#include "fcrm-test-office.h"
#include "fcrm-calls.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"

typedef struct
{
  Fixture  office;
  char    *intake;      /* the intake server's login */
  gint64   intake_id;
  gint64   zina;        /* a client with an open deal of igor's */
  gint64   deal;
} CallFixture;

static void
setup (CallFixture  *f,
       gconstpointer data)
{
  const char *phones[] = { "+7 (926) 555-44-33", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(FcrmContact) zina = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autofree char *grant = NULL;

  fixture_setup (&f->office, data);
  f->intake = g_strdup_printf ("intake_%ld", (long) getpid ());
  user = fcrm_crm_user_add_with_password (f->office.crm, f->intake, "Website and telephone", "manager",
                                          password_of (&f->office, f->intake), &error);
  g_assert_no_error (error);
  f->intake_id = user->id;
  grant = g_strdup_printf ("GRANT fcrm_intake TO %s", f->intake);
  fcrm_test_pg_exec (grant);

  zina = fcrm_crm_contact_add (f->office.crm, &(FcrmContactInput) { .name = "Зинаида Кузнецова", .phones = phones },
                               &error);
  g_assert_no_error (error);
  f->zina = zina->id;
  deal = fcrm_crm_deal_add (f->office.crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Кухня",
                                                              .contact_id = zina->id, .responsible = f->office.igor },
                            &error);
  g_assert_no_error (error);
  f->deal = deal->id;
  g_assert_true (fcrm_crm_deal_move (f->office.crm, deal->id, "mfg.prepayment", &error));
  g_assert_no_error (error);
}

static void
teardown (CallFixture  *f,
          gconstpointer data)
{
  g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", f->intake);

  fixture_teardown (&f->office, data);
  fcrm_test_pg_exec (drop);
  g_free (f->intake);
}

/* @login's call notifications, read by the administrator */
static GPtrArray *
calls_of (CallFixture *f,
          const char  *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fcrm_crm_notifications (f->office.crm, login, FALSE, 0, &error);
  GPtrArray *calls = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((FcrmNotification *) list->pdata[i])->kind, "call") == 0)
      g_ptr_array_add (calls, g_object_ref (list->pdata[i]));
  return calls;
}

static gint64
owner_int (CallFixture *f,
           const char  *sql)
{
  return owner_sql_int (&f->office, sql);
}

/* @sql must fail as @conn with SQLSTATE @state */
static void
assert_refused (PGconn     *conn,
                const char *sql,
                const char *state)
{
  g_autofree char *got = sql_refused (conn, sql);

  g_assert_cmpstr (got, ==, state);
}

/* The intake's own login tells the right people, as on a file. */
static void
test_intake (CallFixture  *f,
             gconstpointer data)
{
  g_autoptr(FcrmCrm) intake = open_as (&f->office, f->intake, f->office.db->clock);
  g_autoptr(GPtrArray) igor = NULL;
  g_autoptr(GPtrArray) anna = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  FcrmNotification *n;
  FcrmCallPop pop;
  PGconn *psql = connect_as (&f->office, f->intake);

  /* the intake's login cannot see igor's deal, nor write his inbox itself */
  g_assert_cmpint (sql_int (psql, "SELECT count(*) FROM deals"), ==, 0);

  /* the responsible of the caller's open deal */
  g_assert_true (fcrm_crm_call_pop (intake, "8 926 555 44 33", NULL, "in", &pop, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pop.contact_id, ==, f->zina);
  g_assert_cmpint (pop.item_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpint (pop.item_id, ==, f->deal);
  g_assert_cmpuint (pop.notified, ==, 1);
  igor = calls_of (f, f->office.igor);
  g_assert_cmpuint (igor->len, ==, 1);
  n = igor->pdata[0];
  g_assert_cmpstr (n->text, ==, "Incoming call: Зинаида Кузнецова — Кухня (Prepayment)");
  g_assert_cmpint (n->contact_id, ==, f->zina);
  g_assert_cmpint (n->entity_id, ==, f->deal);
  g_assert_cmpstr (n->phone, ==, "8 926 555 44 33");
  anna = calls_of (f, f->office.anna);
  g_assert_cmpuint (anna->len, ==, 0);
  g_clear_pointer (&anna, g_ptr_array_unref);

  /* on the client's timeline, and their last activity */
  notes = fcrm_crm_comments (f->office.crm, FCRM_ENTITY_CONTACT, f->zina, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((FcrmComment *) notes->pdata[0])->text, ==, "Incoming call from 8 926 555 44 33");
  g_assert_cmpint (owner_int (f, "SELECT last_activity FROM contacts WHERE name = 'Зинаида Кузнецова'"), ==,
                   fcrm_clock_now (f->office.db->clock));

  /* the extension's person wins, and the line is in their name */
  g_assert_true (fcrm_crm_call_pop (intake, "+79265554433", f->office.anna, NULL, &pop, &error));
  g_assert_no_error (error);
  anna = calls_of (f, f->office.anna);
  g_assert_cmpuint (anna->len, ==, 1);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM comments c JOIN users u ON u.id = c.user_id"
                                 " WHERE u.role = 'manager' AND c.entity_type = 'contact'"), ==, 1);

  /* a number nobody knows: every active manager (the intake's login is one) */
  fcrm_test_deactivate (f->office.crm, f->office.igor);
  g_assert_true (fcrm_crm_call_pop (intake, "+7 926 111-22-33", NULL, "in", &pop, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pop.contact_id, ==, 0);
  g_assert_cmpint (pop.item_id, ==, 0);
  g_assert_cmpuint (pop.notified, ==, 2);
  g_clear_pointer (&anna, g_ptr_array_unref);
  anna = calls_of (f, f->office.anna);
  g_assert_cmpuint (anna->len, ==, 2);
  g_assert_cmpstr (((FcrmNotification *) anna->pdata[0])->text, ==, "Incoming call: +7 926 111-22-33");
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM comments"), ==, 2);

  /* outgoing: recorded, nobody told */
  g_assert_true (fcrm_crm_call_pop (intake, "+7 926 555-44-33", NULL, "out", &pop, &error));
  g_assert_cmpuint (pop.notified, ==, 0);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM notifications WHERE kind = 'call'"), ==, 4);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM comments WHERE text = 'Outgoing call to +7 926 555-44-33'"), ==, 1);
  PQfinish (psql);
}

/* psql against fcrm_call_pop: a person may not call it; the intake's login
 * gets no more than /calls gives. */
static void
test_adversary (CallFixture  *f,
                gconstpointer data)
{
  PGconn *anna = connect_as (&f->office, f->office.anna);
  PGconn *pavel = connect_as (&f->office, f->office.pavel);
  PGconn *intake = connect_as (&f->office, f->intake);
  g_autofree char *sql = NULL;

  /* people (a supervisor too) may not call it, nor write into others' inboxes */
  assert_refused (anna, "SELECT * FROM fcrm_call_pop ('+7 926 555-44-33', NULL, true, 0, NULL)", "42501");
  assert_refused (pavel, "SELECT * FROM fcrm_call_pop ('+7 926 555-44-33', NULL, true, 0, NULL)", "42501");
  sql = g_strdup_printf ("INSERT INTO notifications (user_id, text, created_at, kind, phone)"
                         " VALUES (%" G_GINT64_FORMAT ", 'Buy pills', 0, 'call', '+7 926 555-44-33')", f->office.igor_id);
  assert_refused (anna, sql, "42501");

  /* the intake's login: no text but a number, no person who is not active */
  assert_refused (intake, "SELECT * FROM fcrm_call_pop ('Buy pills at example.com', NULL, true, 0, NULL)", "22023");
  assert_refused (intake, "SELECT * FROM fcrm_call_pop ('12', NULL, true, 0, NULL)", "22023");
  assert_refused (intake, "SELECT * FROM fcrm_call_pop ('+7 926 555-44-33', 999999, true, 0, NULL)", "22023");
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM notifications WHERE kind = 'call'"), ==, 0);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM comments"), ==, 0);

  /* a line of its own choosing becomes the program's own line */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT r_notified FROM fcrm_call_pop ('+7 926 555-44-33', %" G_GINT64_FORMAT ", true, 0,"
                         " 'Buy pills at example.com, %%s')", f->office.pavel_id);
  g_assert_cmpint (sql_int (intake, sql), ==, 1);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM comments WHERE text = 'Incoming call from +7 926 555-44-33'"), ==, 1);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM comments WHERE text LIKE '%pills%'"), ==, 0);
  g_assert_cmpint (owner_int (f, "SELECT count(*) FROM notifications WHERE kind = 'call' AND phone = '+7 926 555-44-33'"
                                 " AND text = 'Incoming call: {caller} — {item} ({stage})'"), ==, 1);
  /* and what it may read stays what its own role reads */
  g_assert_cmpint (sql_int (intake, "SELECT count(*) FROM notifications WHERE kind = 'call'"), ==, 0);
  g_assert_cmpint (sql_int (intake, "SELECT count(*) FROM deals"), ==, 0);

  /* switched off, the intake's login tells nobody any more */
  fcrm_test_deactivate (f->office.crm, f->intake);
  assert_refused (intake, "SELECT * FROM fcrm_call_pop ('+7 926 555-44-33', NULL, true, 0, NULL)", "42501");
  PQfinish (anna);
  PQfinish (pavel);
  PQfinish (intake);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  if (!fcrm_test_is_pg ())
    {
      g_print ("SKIP: the office-server call tests need PostgreSQL (FCRM_TEST_PG)\n");
      return 77;
    }
  g_test_add ("/office-calls/intake", CallFixture, NULL, setup, test_intake, teardown);
  g_test_add ("/office-calls/adversary", CallFixture, NULL, setup, test_adversary, teardown);
  return g_test_run ();
}
