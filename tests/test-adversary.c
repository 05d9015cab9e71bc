/* The office server under attack (PostgreSQL only, suite core-pg). Every
 * person has psql and their own password: each case connects as one of them
 * with plain SQL, tries what the app would refuse — also through objects the
 * person creates (temporary tables and functions, a search_path of their
 * own) — and asserts that the server refused or did nothing, by comparing a
 * digest of every table before and after. Every hole found later gets a case
 * here. */

#include <libpq-fe.h>
#include <unistd.h>

#include "fcrm-test-util.h"
#include "fcrm-test-office.h"
#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"
#include "fcrm-migrate.h"
#include "fcrm-undo.h"
#include "fcrm-pg-security.h"

typedef struct
{
  Fixture  base;
  PGconn  *owner;             /* the administrator's plain connection: digests */
  gint64   lead_a, lead_i;    /* anna's and igor's leads */
  gint64   deal_a, deal_i;    /* anna's and igor's manufacturing deals */
  gint64   deal_d;            /* igor's design deal (olga sees the Design pipeline) */
  gint64   contact_i;         /* igor's client */
  gint64   entry_a;           /* the open stage entry of deal_a */
} Attack;

static const char * const tables[] = {
  "schema_version", "settings", "users", "pipelines", "stages", "loss_reasons", "companies", "contacts",
  "contact_phones", "contact_emails", "deals", "deal_participants", "leads", "stage_history", "robots",
  "robot_queue", "robot_firings", "notifications", "tasks", "comments", "attachments",
};

/* @sql (taken) as the administrator. */
static void
owner_exec_sql (Attack *a,
                char   *sql)
{
  PGresult *res = PQexec (a->owner, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  PQclear (res);
  g_free (sql);
}

static gint64
owner_int_sql (Attack *a,
               char   *sql)
{
  gint64 value = sql_int (a->owner, sql);

  g_free (sql);
  return value;
}

#define owner_exec(a, ...) owner_exec_sql ((a), g_strdup_printf (__VA_ARGS__))
#define owner_int(a, ...)  owner_int_sql ((a), g_strdup_printf (__VA_ARGS__))

/* Every row of every table, as the owner sees them. */
static char *
digest (Attack *a)
{
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT md5 (coalesce (string_agg (md5 (t::TEXT), '' ORDER BY md5 (t::TEXT)), '')) "
                                              "FROM %s t", tables[i]);
      PGresult *res = PQexec (a->owner, sql);

      if (PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQresultErrorMessage (res));
      g_string_append_printf (all, "%s:%s ", tables[i], PQgetvalue (res, 0, 0));
      PQclear (res);
    }
  return g_string_free (all, FALSE);
}

typedef enum { REFUSED, NOTHING } Outcome;

/* @sql (one or more statements) as @who in one transaction, committed; the
 * server must refuse it (an error, at the latest at commit) or — for
 * NOTHING — accept it having changed no row. Either way no table changes. */
static void
attack_ (Attack     *a,
         const char *file,
         int         line,
         const char *who,
         Outcome     expected,
         const char *sql)
{
  g_autofree char *before = digest (a);
  g_autofree char *after = NULL;
  PGconn *conn = connect_as (&a->base, who);
  PGresult *res;
  gboolean refused;
  g_autofree char *why = NULL;
  g_autofree char *changed = NULL;

  PQclear (PQexec (conn, "BEGIN"));
  res = PQexec (conn, sql);
  refused = PQresultStatus (res) == PGRES_FATAL_ERROR;
  if (refused)
    why = g_strdup (PQresultErrorMessage (res));
  else
    changed = g_strdup (PQcmdTuples (res));
  PQclear (res);
  res = PQexec (conn, refused ? "ROLLBACK" : "COMMIT");
  if (!refused && PQresultStatus (res) == PGRES_FATAL_ERROR)
    {
      refused = TRUE;
      why = g_strdup (PQresultErrorMessage (res));
    }
  PQclear (res);
  PQfinish (conn);

  if (refused)
    g_test_message ("%s:%d %s: refused: %s", file, line, who, g_strstrip (why));
  if (expected == REFUSED && !refused)
    g_error ("%s:%d: as %s the server accepted (%s rows): %s", file, line, who, changed, sql);
  if (expected == NOTHING && !refused && changed != NULL && *changed != '\0' && g_strcmp0 (changed, "0") != 0)
    g_error ("%s:%d: as %s the server changed %s rows: %s", file, line, who, changed, sql);
  after = digest (a);
  if (g_strcmp0 (before, after) != 0)
    g_error ("%s:%d: as %s the data changed: %s\nbefore %s\nafter  %s", file, line, who, sql, before, after);
}

#define attack(a, who, expected, ...) \
  G_STMT_START { \
    g_autofree char *attack_sql_ = g_strdup_printf (__VA_ARGS__); \
    attack_ ((a), __FILE__, __LINE__, (who), (expected), attack_sql_); \
  } G_STMT_END

static void
attack_setup (Attack       *a,
              gconstpointer data)
{
  Fixture *f = &a->base;
  g_autofree char *uri = NULL;
  g_autoptr(FcrmItem) lead_a = NULL, lead_i = NULL, deal_a = NULL, deal_i = NULL, deal_d = NULL;

  fixture_setup (f, data);
  uri = fcrm_test_pg_uri (f->db->pg_name, NULL, NULL);
  a->owner = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (a->owner), ==, CONNECTION_OK);
  PQclear (PQexec (a->owner, "SET client_min_messages = warning"));

  lead_a = fcrm_test_add_lead (f->crm, "Anna's lead", f->anna);
  lead_i = fcrm_test_add_lead (f->crm, "Igor's lead", f->igor);
  deal_a = fcrm_test_add_deal (f->crm, "manufacturing", "Anna's wardrobe", f->anna);
  deal_i = fcrm_test_add_deal (f->crm, "manufacturing", "Igor's kitchen", f->igor);
  deal_d = fcrm_test_add_deal (f->crm, "design", "Igor's design", f->igor);
  a->lead_a = lead_a->id, a->lead_i = lead_i->id;
  a->deal_a = deal_a->id, a->deal_i = deal_i->id, a->deal_d = deal_d->id;

  owner_exec (a, "INSERT INTO contacts (name, created_at, updated_at) VALUES ('Igor''s client', 0, 0)");
  a->contact_i = owner_int (a, "SELECT max(id) FROM contacts");
  owner_exec (a, "INSERT INTO contact_phones (contact_id, phone, phone_norm) VALUES (%" G_GINT64_FORMAT ", '+7 900', '7900')",
              a->contact_i);
  owner_exec (a, "UPDATE deals SET contact_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT, a->contact_i, a->deal_i);
  owner_exec (a, "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                 "VALUES ('deal', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Igor was here', 0)", a->deal_a, f->igor_id);
  owner_exec (a, "INSERT INTO tasks (title, kind, responsible_id, entity_type, entity_id, created_at) "
                 "VALUES ('Igor''s call', 'manual', %" G_GINT64_FORMAT ", 'deal', %" G_GINT64_FORMAT ", 0)",
              f->igor_id, a->deal_i);
  a->entry_a = owner_int (a, "SELECT id FROM stage_history WHERE entity_type = 'deal' AND entity_id = %" G_GINT64_FORMAT
                             " AND left_at IS NULL", a->deal_a);
  /* the reminders that will escalate anna's items are queued */
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM robot_queue"), >, 0);
}

static void
attack_teardown (Attack       *a,
                 gconstpointer data)
{
  PQfinish (a->owner);
  fixture_teardown (&a->base, data);
}

/* A manager's own "users" table (and functions) naming her supervisor: the
 * rules still know who she is. */
static void
test_search_path (Attack       *a,
                  gconstpointer data)
{
  Fixture *f = &a->base;
  PGconn *conn = connect_as (f, f->anna);
  gint64 deals = sql_int (conn, "SELECT count(*) FROM deals");
  gint64 leads = sql_int (conn, "SELECT count(*) FROM leads");
  g_autofree char *state = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (deals, ==, 1);
  g_assert_cmpint (leads, ==, 1);
  sql = g_strdup_printf ("CREATE TEMP TABLE users (id BIGINT, login TEXT, name TEXT, role TEXT, active INT);"
                         "INSERT INTO users VALUES (%" G_GINT64_FORMAT ", session_user, 'x', 'supervisor', 1);"
                         "CREATE FUNCTION pg_temp.fcrm_my_role () RETURNS TEXT LANGUAGE sql AS 'SELECT ''supervisor''::TEXT';"
                         "CREATE FUNCTION pg_temp.fcrm_sees (TEXT, BIGINT) RETURNS BOOLEAN LANGUAGE sql AS 'SELECT true';"
                         "SET search_path = pg_temp, public;", f->anna_id);
  PQclear (PQexec (conn, sql));
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM public.deals"), ==, deals);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM public.leads"), ==, leads);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM public.notifications"), ==,
                   owner_int (a, "SELECT count(*) FROM notifications WHERE user_id = %" G_GINT64_FORMAT, f->anna_id));
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM public.deals WHERE public.fcrm_sees ('deal', "
                                  "(SELECT max(id) FROM public.deals))"), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT public.fcrm_sees ('deal', %" G_GINT64_FORMAT ")::INT", a->deal_i);
  g_assert_cmpint (sql_int (conn, sql), ==, 0);
  /* nobody creates objects in the CRM's schema */
  state = sql_refused (conn, "CREATE FUNCTION public.fcrm_my_role () RETURNS TEXT LANGUAGE sql AS 'SELECT ''x''::TEXT'");
  g_assert_cmpstr (state, ==, "42501");
  g_free (state);
  state = sql_refused (conn, "CREATE TABLE public.trap (x INT)");
  g_assert_cmpstr (state, ==, "42501");
  PQfinish (conn);

  attack (a, f->anna, NOTHING,
          "CREATE TEMP TABLE users (id BIGINT, login TEXT, name TEXT, role TEXT, active INT);"
          "INSERT INTO users VALUES (%" G_GINT64_FORMAT ", session_user, 'x', 'supervisor', 1);"
          "SET LOCAL search_path = pg_temp, public;"
          "UPDATE public.deals SET title = 'pwned' WHERE id = %" G_GINT64_FORMAT, f->anna_id, a->deal_i);
}

static void
test_comments (Attack       *a,
               gconstpointer data)
{
  Fixture *f = &a->base;

  /* on a colleague's deal, in his name or her own */
  attack (a, f->anna, REFUSED, "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'fake', 0)",
          a->deal_i, f->igor_id);
  attack (a, f->anna, REFUSED, "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'fake', 0)",
          a->deal_i, f->anna_id);
  /* on her own deal in his name */
  attack (a, f->anna, REFUSED, "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'I agree', 0)",
          a->deal_a, f->igor_id);
  /* his comment on her deal stays; comments are never rewritten */
  attack (a, f->anna, NOTHING, "DELETE FROM comments WHERE user_id = %" G_GINT64_FORMAT, f->igor_id);
  attack (a, f->anna, REFUSED, "UPDATE comments SET text = 'changed'");
  attack (a, f->anna, REFUSED, "TRUNCATE comments");
  /* attachments alike */
  attack (a, f->anna, REFUSED, "INSERT INTO attachments (entity_type, entity_id, name, size, sha256, content, user_id, created_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", 'x.pdf', 1, 'x', 'x', %" G_GINT64_FORMAT ", 0)",
          a->deal_i, f->anna_id);
}

static void
test_history (Attack       *a,
              gconstpointer data)
{
  Fixture *f = &a->base;

  /* a won stage into a colleague's deal's history */
  attack (a, f->anna, REFUSED, "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", 'mfg.won', 0)", a->deal_i);
  /* into her own deal's, without the deal moving: a second open entry */
  attack (a, f->anna, REFUSED, "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", 'mfg.won', 0)", a->deal_a);
  /* closing the real entry first: history and deal disagree at commit */
  attack (a, f->anna, REFUSED, "UPDATE stage_history SET left_at = 1 WHERE id = %" G_GINT64_FORMAT ";"
                               "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", 'mfg.won', 1)", a->entry_a, a->deal_a);
  /* the deal moved without its history */
  attack (a, f->anna, REFUSED, "UPDATE deals SET stage = 'mfg.won' WHERE id = %" G_GINT64_FORMAT, a->deal_a);
  /* lost without a reason, history and all */
  attack (a, f->anna, REFUSED, "UPDATE stage_history SET left_at = 1 WHERE id = %" G_GINT64_FORMAT ";"
                               "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", 'mfg.lost', 1);"
                               "UPDATE deals SET stage = 'mfg.lost', stage_entered_at = 1 WHERE id = %" G_GINT64_FORMAT,
          a->entry_a, a->deal_a, a->deal_a);
  /* a deal into another pipeline's stage, history and all */
  attack (a, f->anna, REFUSED, "UPDATE stage_history SET left_at = 1 WHERE id = %" G_GINT64_FORMAT ";"
                               "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at) "
                               "VALUES ('deal', %" G_GINT64_FORMAT ", 'repair.won', 1);"
                               "UPDATE deals SET stage = 'repair.won', stage_entered_at = 1 WHERE id = %" G_GINT64_FORMAT,
          a->entry_a, a->deal_a, a->deal_a);
  /* an entry rewritten, or erased */
  attack (a, f->anna, REFUSED, "UPDATE stage_history SET stage = 'mfg.won' WHERE id = %" G_GINT64_FORMAT, a->entry_a);
  attack (a, f->anna, REFUSED, "UPDATE stage_history SET user_id = %" G_GINT64_FORMAT, f->igor_id);
  attack (a, f->anna, NOTHING, "DELETE FROM stage_history");
  attack (a, f->igor, NOTHING, "UPDATE stage_history SET left_at = 5 WHERE id = %" G_GINT64_FORMAT, a->entry_a);
  /* a shorter cycle for the time report: the start rewritten… */
  attack (a, f->anna, REFUSED, "UPDATE stage_history SET cycle_start = entered_at WHERE id = %" G_GINT64_FORMAT,
          a->entry_a);
  /* …or given with a move made by hand, which is hers to make: the server
   * writes the start itself */
  {
    g_autofree char *sql = g_strdup_printf ("BEGIN;"
                                            "UPDATE stage_history SET left_at = 100 WHERE id = %" G_GINT64_FORMAT ";"
                                            "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at, cycle_start) "
                                            "VALUES ('deal', %" G_GINT64_FORMAT ", 'mfg.prepayment', 100, 99);"
                                            "UPDATE deals SET stage = 'mfg.prepayment', stage_entered_at = 100 "
                                            "WHERE id = %" G_GINT64_FORMAT "; COMMIT",
                                            a->entry_a, a->deal_a, a->deal_a);
    PGconn *conn = connect_as (f, f->anna);
    PGresult *res = PQexec (conn, sql);

    g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
    PQclear (res);
    PQfinish (conn);
    g_assert_cmpint (owner_int (a, "SELECT cycle_start FROM stage_history WHERE entity_type = 'deal'"
                                   " AND entity_id = %" G_GINT64_FORMAT " AND left_at IS NULL", a->deal_a),
                     ==, owner_int (a, "SELECT entered_at FROM stage_history WHERE id = %" G_GINT64_FORMAT, a->entry_a));
  }
}

static void
test_notifications (Attack       *a,
                    gconstpointer data)
{
  Fixture *f = &a->base;
  gint64 robot = owner_int (a, "SELECT id FROM robots WHERE template_key = 'mfg.contract.entry'");
  gint64 delayed = owner_int (a, "SELECT id FROM robots WHERE template_key = 'mfg.contract.3d'");
  gint64 igor_entry = owner_int (a, "SELECT id FROM stage_history WHERE entity_type = 'deal' AND entity_id = %" G_GINT64_FORMAT,
                                 a->deal_i);

  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM robot_firings WHERE robot_id = %" G_GINT64_FORMAT
                                 " AND entry_id = %" G_GINT64_FORMAT, robot, a->entry_a), ==, 1);
  /* a made-up alert into the supervisor's inbox */
  attack (a, f->anna, REFUSED, "INSERT INTO notifications (user_id, text, created_at) VALUES (%" G_GINT64_FORMAT ", 'fake', 0)",
          f->pavel_id);
  /* the owner's function: a robot that did not fire, a repeat of one that
   * did, to someone it does not notify, for an item she cannot see */
  attack (a, f->anna, REFUSED, "SELECT fcrm_notify (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0)",
          f->pavel_id, delayed, a->entry_a);
  attack (a, f->anna, REFUSED, "SELECT fcrm_notify (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0)",
          f->anna_id, robot, a->entry_a);
  attack (a, f->anna, REFUSED, "SELECT fcrm_notify (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0)",
          f->pavel_id, robot, a->entry_a);
  attack (a, f->anna, REFUSED, "SELECT fcrm_notify (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0)",
          f->igor_id, robot, igor_entry);
  /* someone else's inbox: not read, not marked, not cleared */
  attack (a, f->anna, NOTHING, "UPDATE notifications SET read_at = 1 WHERE user_id <> %" G_GINT64_FORMAT, f->anna_id);
  attack (a, f->anna, NOTHING, "DELETE FROM notifications WHERE user_id <> %" G_GINT64_FORMAT, f->anna_id);
  attack (a, f->anna, REFUSED, "UPDATE notifications SET user_id = %" G_GINT64_FORMAT, f->pavel_id);
  {
    PGconn *conn = connect_as (f, f->anna);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM notifications WHERE user_id <> %" G_GINT64_FORMAT, f->anna_id);

    g_assert_cmpint (sql_int (conn, sql), ==, 0);
    PQfinish (conn);
  }
}

/* The reminders that would escalate her stale items to the supervisor. */
static void
test_queue (Attack       *a,
            gconstpointer data)
{
  Fixture *f = &a->base;
  gint64 delayed = owner_int (a, "SELECT id FROM robots WHERE template_key = 'mfg.contract.3d'");

  attack (a, f->anna, NOTHING, "DELETE FROM robot_queue");
  attack (a, f->anna, REFUSED, "UPDATE robot_queue SET due_at = due_at + 86400000");
  attack (a, f->anna, REFUSED, "INSERT INTO robot_firings (robot_id, entry_id, fired_at) VALUES (%" G_GINT64_FORMAT
                               ", %" G_GINT64_FORMAT ", 0)", delayed, a->entry_a);
  attack (a, f->anna, REFUSED, "DELETE FROM robot_firings");
  attack (a, f->anna, REFUSED, "UPDATE robots SET enabled = 0");
  /* and the supervisor still hears of it */
  {
    g_autoptr(FcrmCrm) crm = open_as (f, f->pavel, f->db->clock);

    g_assert_cmpuint (fcrm_test_run_robots (crm, f->db->clock, f->t0 + 4 * 24 * 3600), >, 0);
    g_assert_cmpint (owner_int (a, "SELECT count(*) FROM notifications WHERE user_id = %" G_GINT64_FORMAT
                                   " AND robot_id = %" G_GINT64_FORMAT, f->pavel_id, delayed), >=, 1);
  }
}

static void
test_participants_settings (Attack       *a,
                            gconstpointer data)
{
  Fixture *f = &a->base;
  g_autoptr(FcrmCrm) olga = open_as (f, f->olga, f->db->clock);
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, f->db->clock);
  g_autoptr(GError) error = NULL;

  /* a designer taking part to see any deal */
  attack (a, f->olga, REFUSED, "INSERT INTO deal_participants (deal_id, user_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
          a->deal_i, f->olga_id);
  attack (a, f->olga, REFUSED, "INSERT INTO deal_participants (deal_id, user_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
          a->deal_d, f->olga_id);
  attack (a, f->anna, REFUSED, "INSERT INTO deal_participants (deal_id, user_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
          a->deal_i, f->anna_id);
  /* the program says so too, in words */
  g_assert_false (fcrm_crm_deal_add_participant (olga, a->deal_d, f->olga, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);

  /* herself as everyone's default manager, or next in turn */
  attack (a, f->anna, REFUSED, "INSERT INTO settings (key, value) VALUES ('default_manager', '%s') "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", f->anna);
  attack (a, f->anna, REFUSED, "INSERT INTO settings (key, value) VALUES ('round_robin_last', '0') "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  /* the turn moved on until it is hers (the digest does not see a sequence: its value is compared) */
  {
    gint64 turn = owner_int (a, "SELECT last_value + (CASE WHEN is_called THEN 1 ELSE 0 END) FROM fcrm_round_robin_turn");

    attack (a, f->anna, REFUSED, "SELECT nextval ('fcrm_round_robin_turn')");
    attack (a, f->anna, REFUSED, "SELECT setval ('fcrm_round_robin_turn', 7)");
    attack (a, f->pavel, REFUSED, "SELECT nextval ('fcrm_round_robin_turn')");
    g_assert_cmpint (owner_int (a, "SELECT last_value + (CASE WHEN is_called THEN 1 ELSE 0 END) FROM fcrm_round_robin_turn"),
                     ==, turn);
  }
  attack (a, f->anna, NOTHING, "DELETE FROM settings");
  attack (a, f->pavel, NOTHING, "UPDATE settings SET value = 'x' WHERE key IN ('database_id', 'pg_security')");
  g_assert_false (fcrm_crm_set_default_manager (anna, f->anna, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);

  /* users and robots belong to the administrator and supervisors */
  attack (a, f->anna, REFUSED, "UPDATE users SET role = 'supervisor' WHERE login = session_user");
  attack (a, f->anna, REFUSED, "INSERT INTO users (login, name, role, created_at) VALUES ('x', 'x', 'supervisor', 0)");
  attack (a, f->pavel, REFUSED, "UPDATE users SET active = 0");
  attack (a, f->anna, REFUSED, "INSERT INTO robots (stage, trigger_kind, recipient, action, text, position) "
                               "VALUES ('lead.new', 'on_entry', 'supervisors', 'notify', 'spam', 99)");
  /* acting as someone else through the program */
  g_assert_false (fcrm_crm_set_actor (anna, f->pavel, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
}

static void
test_clients_tasks (Attack       *a,
                    gconstpointer data)
{
  Fixture *f = &a->base;

  /* a colleague's client */
  attack (a, f->anna, NOTHING, "UPDATE contacts SET name = 'pwned' WHERE id = %" G_GINT64_FORMAT, a->contact_i);
  attack (a, f->anna, NOTHING, "DELETE FROM contact_phones WHERE contact_id = %" G_GINT64_FORMAT, a->contact_i);
  attack (a, f->anna, NOTHING, "DELETE FROM contacts WHERE id = %" G_GINT64_FORMAT, a->contact_i);
  attack (a, f->anna, REFUSED, "INSERT INTO contact_phones (contact_id, phone, phone_norm) VALUES (%" G_GINT64_FORMAT ", '1', '1')",
          a->contact_i);
  attack (a, f->olga, NOTHING, "UPDATE contacts SET name = 'pwned'");

  /* tasks a robot would not make, other people's tasks */
  attack (a, f->anna, REFUSED, "INSERT INTO tasks (title, kind, responsible_id, entity_type, entity_id, created_at) "
                               "VALUES ('Call', 'callback', %" G_GINT64_FORMAT ", 'deal', %" G_GINT64_FORMAT ", 0)",
          f->anna_id, a->deal_i);
  attack (a, f->anna, REFUSED, "INSERT INTO tasks (title, kind, responsible_id, entity_type, entity_id, created_at) "
                               "VALUES ('Boss, look', 'robot', %" G_GINT64_FORMAT ", 'deal', %" G_GINT64_FORMAT ", 0)",
          f->pavel_id, a->deal_a);
  attack (a, f->anna, NOTHING, "UPDATE tasks SET done = 1 WHERE responsible_id = %" G_GINT64_FORMAT, f->igor_id);
  attack (a, f->anna, NOTHING, "DELETE FROM tasks WHERE responsible_id = %" G_GINT64_FORMAT, f->igor_id);
  attack (a, f->anna, REFUSED, "UPDATE tasks SET responsible_id = %" G_GINT64_FORMAT, f->anna_id);

  /* items: a colleague's, a designer as a lead's responsible, deletion */
  attack (a, f->anna, NOTHING, "UPDATE leads SET title = 'mine' WHERE id = %" G_GINT64_FORMAT, a->lead_i);
  attack (a, f->anna, REFUSED, "UPDATE leads SET responsible_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
          f->olga_id, a->lead_a);
  attack (a, f->anna, NOTHING, "DELETE FROM leads");
  /* the owner's hand-over function: only for items she sees, only to who may hold them */
  attack (a, f->anna, REFUSED, "SELECT fcrm_hand_over ('lead', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, -1)",
          a->lead_i, f->anna_id);
  attack (a, f->anna, REFUSED, "SELECT fcrm_hand_over ('lead', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, -1)",
          a->lead_a, f->olga_id);
  attack (a, f->olga, REFUSED, "SELECT fcrm_hand_over ('lead', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, -1)",
          a->lead_a, f->olga_id);
  attack (a, f->anna, NOTHING, "DELETE FROM deals");
  attack (a, f->olga, REFUSED, "INSERT INTO leads (title, source, stage, stage_entered_at, created_at, updated_at) "
                               "VALUES ('x', 'other', 'lead.new', 0, 0, 0)");
}

/* Who created a row is the person signed in, whatever they write. */
static void
test_created_by (Attack       *a,
                 gconstpointer data)
{
  Fixture *f = &a->base;
  PGconn *conn = connect_as (f, f->anna);
  g_autofree char *sql = NULL;
  gint64 id;

  sql = g_strdup_printf ("INSERT INTO contacts (name, created_at, updated_at, created_by) VALUES ('c', 0, 0, %" G_GINT64_FORMAT ")",
                         f->igor_id);
  g_assert_cmpint (sql_changes (conn, "%s", sql), ==, 1);
  id = owner_int (a, "SELECT max(id) FROM contacts");
  g_assert_cmpint (owner_int (a, "SELECT created_by FROM contacts WHERE id = %" G_GINT64_FORMAT, id), ==, f->anna_id);
  g_assert_cmpint (sql_changes (conn, "UPDATE contacts SET created_by = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                f->igor_id, id), ==, 1);
  g_assert_cmpint (owner_int (a, "SELECT created_by FROM contacts WHERE id = %" G_GINT64_FORMAT, id), ==, f->anna_id);
  PQfinish (conn);
}

/* `user add` never takes over a role the server already had, nor changes its
 * password; a migration naming such a role is refused before anything is copied. */
static void
test_roles (Attack       *a,
            gconstpointer data)
{
  Fixture *f = &a->base;
  g_autofree char *foreign = g_strdup_printf ("mallory_%ld", (long) getpid ());
  g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD 'her own'", foreign);
  g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", foreign);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autofree char *before = NULL, *after = NULL;
  PGconn *conn;

  fcrm_test_pg_exec (drop);
  fcrm_test_pg_exec (sql);
  before = digest (a);
  user = fcrm_crm_user_add_with_password (f->crm, foreign, "Mallory", "supervisor", "stolen", &error);
  g_assert_null (user);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, foreign));
  g_clear_error (&error);
  /* the server's own superuser, too */
  user = fcrm_crm_user_add_with_password (f->crm, PQuser (a->owner), "Admin", "manager", "x", &error);
  g_assert_null (user);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  after = digest (a);
  g_assert_cmpstr (before, ==, after);
  /* her password is still hers, and she is in no group of ours */
  uri = fcrm_test_pg_uri (f->db->pg_name, foreign, "her own");
  conn = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_cmpint (sql_int (conn, "SELECT pg_has_role (current_user, 'fcrm_user', 'MEMBER')::INT"), ==, 0);
  PQfinish (conn);

  /* a single-desktop database with a person of that login */
  {
    g_autoptr(FcrmTestDb) source = fcrm_test_db_new_sqlite (TRUE);
    g_autofree char *target_name = fcrm_test_pg_create_database ();
    g_autofree char *target = fcrm_test_pg_uri (target_name, NULL, NULL);
    g_autoptr(FcrmUser) m = fcrm_crm_user_add (source->crm, foreign, "Mallory", "manager", &error);

    g_assert_no_error (error);
    g_assert_false (fcrm_migrate_to (source->crm, target, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, foreign));
    g_clear_error (&error);
    {
      g_autoptr(FcrmCrm) check = fcrm_crm_open (target, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (fcrm_test_int (check, "SELECT count(*) FROM users"), ==, 0);
      g_assert_cmpint (fcrm_test_int (check, "SELECT count(*) FROM settings WHERE key = 'database_id'"), ==, 0);
    }
    fcrm_test_pg_drop_database (target_name);
  }
  fcrm_test_pg_exec (drop);
}


#define OK(call) G_STMT_START { g_autoptr(GError) ok_error_ = NULL; \
    if (!(call)) g_error ("%s: %s", #call, ok_error_ != NULL ? ok_error_->message : "failed"); } G_STMT_END

/* The polite path: what the app does on each person's desktop still works,
 * all of it checked by the server as above. */
static void
test_polite_path (Attack       *a,
                  gconstpointer data)
{
  Fixture *f = &a->base;
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, f->db->clock);
  g_autoptr(FcrmCrm) olga = open_as (f, f->olga, f->db->clock);
  g_autoptr(FcrmCrm) pavel = open_as (f, f->pavel, f->db->clock);
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) rr = NULL;
  g_autoptr(FcrmComment) comment = NULL;
  g_autoptr(FcrmAttachment) file = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("plan", 4);
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(FcrmTask) task = NULL;
  FcrmLeadInput input = { .title = "Kitchen", .name = "Maria", .phone = "+7 912 345-67-89",
                          .company = "Maria & Co", .comment = "call after 6", .responsible = f->anna };
  FcrmLeadInput anyone = { .phone = "+7 900 000-00-01" };
  FcrmConvertResult made = { 0 };

  /* a lead of her own, commented, with a file, converted with everything */
  OK ((lead = fcrm_crm_lead_add (anna, &input, &ok_error_)) != NULL);
  OK ((comment = fcrm_crm_comment_add (anna, FCRM_ENTITY_LEAD, lead->id, "measured", &ok_error_)) != NULL);
  OK ((file = fcrm_crm_attach (anna, FCRM_ENTITY_LEAD, lead->id, "plan.txt", "layout", bytes, &ok_error_)) != NULL);
  OK (fcrm_crm_lead_move (anna, lead->id, "lead.in_progress", &ok_error_));
  OK ((undo = fcrm_crm_snapshot (anna, FCRM_ENTITY_LEAD, lead->id, &ok_error_)) != NULL);
  OK (fcrm_crm_lead_convert (anna, lead->id, "manufacturing", FCRM_CONVERT_CONTACT | FCRM_CONVERT_COMPANY | FCRM_CONVERT_DEAL,
                             &made, &ok_error_));
  g_assert_cmpint (made.deal_id, >, 0);
  g_assert_cmpint (made.contact_id, >, 0);
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM comments WHERE entity_type = 'deal' AND entity_id = %" G_GINT64_FORMAT,
                              made.deal_id), ==, 1);
  /* undone (deal, contact, company and their robots' rows go), and done again */
  OK (fcrm_crm_undo (anna, undo, &ok_error_));
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM deals WHERE id = %" G_GINT64_FORMAT, made.deal_id), ==, 0);
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM notifications WHERE entity_type = 'deal' AND entity_id = %" G_GINT64_FORMAT,
                              made.deal_id), ==, 0);
  OK (fcrm_crm_lead_convert (anna, lead->id, "manufacturing", FCRM_CONVERT_CONTACT | FCRM_CONVERT_DEAL, &made, &ok_error_));

  /* the deal: a visit time, a participant, a loss with its callback, undone, won */
  OK (fcrm_crm_deal_set (anna, made.deal_id, "visit_at", "2030-01-10T10:00", -1, &ok_error_));
  OK (fcrm_crm_deal_add_participant (anna, made.deal_id, f->olga, &ok_error_));
  g_clear_pointer (&undo, fcrm_undo_free);
  OK ((undo = fcrm_crm_snapshot (anna, FCRM_ENTITY_DEAL, made.deal_id, &ok_error_)) != NULL);
  OK (fcrm_crm_deal_lose (anna, made.deal_id, "other", "too far", &ok_error_));
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM tasks WHERE kind = 'callback' AND entity_id = %" G_GINT64_FORMAT,
                              made.deal_id), ==, 1);
  OK (fcrm_crm_undo (anna, undo, &ok_error_));
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM tasks WHERE kind = 'callback' AND entity_id = %" G_GINT64_FORMAT,
                              made.deal_id), ==, 0);
  OK (fcrm_crm_deal_move (anna, made.deal_id, "mfg.production", &ok_error_));
  OK ((task = fcrm_crm_task_add (anna, "Order the fronts", NULL, "2030-01-05", NULL, FCRM_ENTITY_DEAL, made.deal_id,
                                 &ok_error_)) != NULL);
  OK (fcrm_crm_task_done (anna, task->id, &ok_error_));

  /* the designer sees the deal she takes part in, comments, and steps off */
  g_clear_pointer (&comment, g_object_unref);
  OK ((comment = fcrm_crm_comment_add (olga, FCRM_ENTITY_DEAL, made.deal_id, "layout v2 attached", &ok_error_)) != NULL);
  OK (fcrm_crm_deal_set (olga, made.deal_id, "design", "Oak, matte", -1, &ok_error_));
  OK (fcrm_crm_deal_remove_participant (olga, made.deal_id, f->olga, &ok_error_));
  /* she hands a design over to manufacturing: the deal leaves what she sees */
  OK (fcrm_crm_deal_move (olga, a->deal_d, "design.approval", &ok_error_));
  OK (fcrm_crm_deal_move (olga, a->deal_d, "design.to_installation", &ok_error_));
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM deals WHERE id = %" G_GINT64_FORMAT
                                 " AND stage = 'mfg.contract' AND pipeline = 'manufacturing'", a->deal_d), ==, 1);

  /* she hands a lead she did not register to a colleague, and no longer sees it */
  {
    g_autoptr(FcrmItem) unassigned = fcrm_test_add_lead (f->crm, "Walk-in", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(FcrmItem) gone = NULL;

    OK (fcrm_crm_lead_set (anna, unassigned->id, "responsible", f->igor, -1, &ok_error_));
    g_assert_cmpint (owner_int (a, "SELECT responsible_id FROM leads WHERE id = %" G_GINT64_FORMAT, unassigned->id), ==,
                     f->igor_id);
    gone = fcrm_crm_lead_get (anna, unassigned->id, &error);
    g_assert_null (gone);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  }

  /* the supervisor decides who gets new leads; round-robin takes turns */
  OK (fcrm_crm_set_default_manager (pavel, f->igor, &ok_error_));
  OK (fcrm_crm_set_default_manager (pavel, NULL, &ok_error_));
  OK ((rr = fcrm_crm_lead_add (anna, &anyone, &ok_error_)) != NULL);
  g_assert_true (rr->responsible_id == f->anna_id || rr->responsible_id == f->igor_id);
  OK (fcrm_crm_deal_win (anna, made.deal_id, &ok_error_));
  g_assert_cmpint (owner_int (a, "SELECT created_by FROM deals WHERE id = %" G_GINT64_FORMAT, made.deal_id), ==, f->anna_id);
}

/* The deals that have been in Design, as the deals policy reads them (a view
 * with the owner's rights): a designer learns from it only deals she sees
 * anyway, anyone else nothing; nobody writes through it. */
static void
test_design_view (Attack       *a,
                  gconstpointer data)
{
  Fixture *f = &a->base;
  g_autoptr(FcrmCrm) olga = open_as (f, f->olga, f->db->clock);
  PGconn *conn;

  /* the design deal handed over to manufacturing: still hers to see */
  OK (fcrm_crm_deal_move (olga, a->deal_d, "design.approval", &ok_error_));
  OK (fcrm_crm_deal_move (olga, a->deal_d, "design.to_installation", &ok_error_));
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM deals WHERE id = %" G_GINT64_FORMAT " AND pipeline = 'manufacturing'",
                              a->deal_d), ==, 1);
  g_assert_cmpint (owner_int (a, "SELECT count(*) FROM fcrm_design_deals"), ==, 0);

  conn = connect_as (f, f->olga);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM fcrm_design_deals"), >, 0);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM fcrm_design_deals v WHERE v.id NOT IN (SELECT id FROM deals)"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM deals WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                            ", %" G_GINT64_FORMAT ")", a->deal_d, a->deal_a, a->deal_i);

    g_assert_cmpint (sql_int (conn, sql), ==, 1);
  }
  PQfinish (conn);
  for (const char **who = (const char *[]) { f->anna, f->pavel, NULL }; *who != NULL; who++)
    {
      conn = connect_as (f, *who);
      g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM fcrm_design_deals"), ==, 0);
      PQfinish (conn);
    }

  /* writing through it would write stage_history with the owner's rights */
  attack (a, f->olga, REFUSED, "DELETE FROM fcrm_design_deals");
  attack (a, f->olga, REFUSED, "UPDATE fcrm_design_deals SET id = %" G_GINT64_FORMAT, a->deal_i);
  attack (a, f->olga, REFUSED, "INSERT INTO fcrm_design_deals (id) VALUES (%" G_GINT64_FORMAT ")", a->deal_i);
  attack (a, f->anna, REFUSED, "DELETE FROM fcrm_design_deals");
  attack (a, f->olga, REFUSED, "CREATE OR REPLACE VIEW fcrm_design_deals AS SELECT id FROM deals");
}

/* A function of her own that notes every row it is shown, in a query's
 * condition: it is shown only rows she may see (the policies come first). */
static void
test_leaky_function (Attack       *a,
                     gconstpointer data)
{
  Fixture *f = &a->base;
  static const char * const queries[] = {
    "SELECT count(*) FROM deals WHERE pg_temp.peek ('deal', id)",
    "SELECT count(*) FROM leads WHERE pg_temp.peek ('lead', id)",
    "SELECT count(*) FROM fcrm_design_deals WHERE pg_temp.peek ('deal', id)",
    "SELECT count(*) FROM deals d WHERE d.stage = 'mfg.contract' AND pg_temp.peek ('deal', d.id) "
    "AND d.responsible_id IS NOT NULL",
  };

  for (const char **who = (const char *[]) { f->anna, f->olga, NULL }; *who != NULL; who++)
    {
      PGconn *conn = connect_as (f, *who);

      PQclear (PQexec (conn, "CREATE TEMP TABLE seen (kind TEXT, id BIGINT);"
                             "CREATE FUNCTION pg_temp.peek (TEXT, BIGINT) RETURNS BOOLEAN LANGUAGE sql VOLATILE COST 0.0001 "
                             "AS 'INSERT INTO pg_temp.seen VALUES ($1, $2) RETURNING true'"));
      for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
        sql_int (conn, queries[i]);
      g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM pg_temp.seen"), >, 0);
      g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM pg_temp.seen s WHERE NOT public.fcrm_sees (s.kind, s.id)"), ==, 0);
      PQfinish (conn);
    }
}

/* What another desktop's change tells a person: that something changed,
 * nothing about what (a notification on a channel whose payload is empty or
 * the random token of the sending program, so it knows its own commits). */
static void
test_change_notice (Attack       *a,
                    gconstpointer data)
{
  Fixture *f = &a->base;
  g_autoptr(FcrmCrm) igor = open_as (f, f->igor, f->db->clock);
  PGconn *conn = connect_as (f, f->anna);
  gint64 deadline;
  guint heard = 0;
  PGnotify *n;

  PQclear (PQexec (conn, "LISTEN " FCRM_PG_CHANNEL));
  /* his own lead, which she cannot see, and his hand-over of it to a colleague */
  OK (fcrm_crm_lead_set (igor, a->lead_i, "comment", "private", -1, &ok_error_));
  OK (fcrm_crm_lead_set (igor, a->lead_i, "responsible", f->pavel, -1, &ok_error_));
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (heard < 2 && g_get_monotonic_time () < deadline)
    {
      g_usleep (10000);
      PQconsumeInput (conn);
      while ((n = PQnotifies (conn)) != NULL)
        {
          g_assert_true (n->extra[0] == '\0' || g_uuid_string_is_valid (n->extra));
          heard++;
          PQfreemem (n);
        }
    }
  g_assert_cmpuint (heard, ==, 2);
  PQfinish (conn);
}

#define ADD(path, fn) g_test_add (path, Attack, NULL, attack_setup, fn, attack_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  if (!fcrm_test_is_pg ())
    {
      g_print ("SKIP: the adversarial tests need PostgreSQL (FCRM_TEST_PG)\n");
      return 77;
    }

  ADD ("/adversary/search-path", test_search_path);
  ADD ("/adversary/comments", test_comments);
  ADD ("/adversary/history", test_history);
  ADD ("/adversary/notifications", test_notifications);
  ADD ("/adversary/queue", test_queue);
  ADD ("/adversary/participants-settings", test_participants_settings);
  ADD ("/adversary/clients-tasks", test_clients_tasks);
  ADD ("/adversary/created-by", test_created_by);
  ADD ("/adversary/roles", test_roles);
  ADD ("/adversary/design-view", test_design_view);
  ADD ("/adversary/leaky-function", test_leaky_function);
  ADD ("/adversary/change-notice", test_change_notice);
  ADD ("/adversary/polite-path", test_polite_path);
  return g_test_run ();
}
