/* The office server (PostgreSQL only, suite core-pg): what each role sees, in
 * the program and through plain SQL signed in as that role, also when the
 * database belongs to a non-superuser administrator; robot checks and inbox
 * deliveries from several desktops at the same moment stay once-only; one
 * desktop's commits reach the others, its own are no news to itself; a
 * single-desktop database moved to the server arrives whole and only once. */

#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcrm-test-race.h"
#include "fcrm-test-util.h"
#include "fcrm-test-office.h"
#include "fcrm-inbox.h"
#include "fcrm-migrate.h"
#include "fcrm-robots.h"
#include "fcrm-schedule.h"

#define HOUR 3600

static void
set_actor (FcrmCrm    *crm,
           const char *login)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_set_actor (crm, login, &error));
  g_assert_no_error (error);
}

static gint64
add_lead (FcrmCrm    *crm,
          const char *title,
          const char *responsible)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (crm, title, responsible);

  return lead->id;
}

static gint64
add_deal (FcrmCrm    *crm,
          const char *pipeline,
          const char *title,
          const char *responsible)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (crm, pipeline, title, responsible);

  return deal->id;
}

/* Run @sql (a literal with @n_params "?") as the owner, binding @a and @b. */
static void
exec_ids (FcrmCrm    *crm,
          const char *sql,
          int         n_params,
          gint64      a,
          gint64      b)
{
  g_autoptr(GError) error = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (fcrm_crm_get_store (crm), sql, &error);

  g_assert_no_error (error);
  fcrm_stmt_bind_int64 (stmt, 1, a);
  if (n_params > 1)
    fcrm_stmt_bind_int64 (stmt, 2, b);
  g_assert_true (fcrm_stmt_run (stmt, &error));
  g_assert_no_error (error);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* "1 5 7": the ids of a list of items, sorted. */
static char *
ids_of (GPtrArray *items)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    g_array_append_val (ids, ((FcrmItem *) g_ptr_array_index (items, i))->id);
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (s, FALSE);
}

static char *
ids (gint64 first,
     ...)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *s = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id != 0; id = va_arg (args, gint64))
    g_array_append_val (all, id);
  va_end (args);
  g_array_sort (all, compare_ids);
  for (guint i = 0; i < all->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (all, gint64, i));
  return g_string_free (s, FALSE);
}

/* ---- (a) who sees what ---------------------------------------------------------- */

typedef struct
{
  const char *login;
  char       *leads;           /* expected ids */
  char       *deals;
  gint64      notifications;   /* rows of notifications they may read */
} Expected;

static void
check_desktop (Fixture        *f,
               const Expected *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = open_as (f, e->login, f->db->clock);
  g_autoptr(GPtrArray) leads = fcrm_crm_lead_list (crm, NULL, &error);
  g_autoptr(GPtrArray) deals = NULL;
  g_autofree char *lead_ids = NULL;
  g_autofree char *deal_ids = NULL;

  g_assert_no_error (error);
  deals = fcrm_crm_deal_list (crm, NULL, NULL, &error);
  g_assert_no_error (error);
  lead_ids = ids_of (leads);
  deal_ids = ids_of (deals);
  g_test_message ("%s sees leads [%s], deals [%s]", e->login, lead_ids, deal_ids);
  g_assert_cmpstr (lead_ids, ==, e->leads);
  g_assert_cmpstr (deal_ids, ==, e->deals);
  /* the board's column totals agree with what the list shows */
  {
    gint64 count = -1, sum = -1;

    g_assert_true (fcrm_crm_stage_totals (crm, "lead.new", &count, &sum, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count, ==, leads->len);
  }
}

static void
check_plain_sql (Fixture        *f,
                 const Expected *e)
{
  PGconn *conn = connect_as (f, e->login);
  g_auto(GStrv) leads = g_strsplit (e->leads, " ", -1);
  g_auto(GStrv) deals = g_strsplit (e->deals, " ", -1);

  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM leads"), ==, *e->leads ? g_strv_length (leads) : 0);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM deals"), ==, *e->deals ? g_strv_length (deals) : 0);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM notifications"), ==, e->notifications);
  /* what follows the items follows their visibility */
  g_assert_cmpint (sql_int (conn, "SELECT count(DISTINCT entity_id) FROM stage_history WHERE entity_type = 'lead'"), ==,
                   *e->leads ? g_strv_length (leads) : 0);
  PQfinish (conn);
}

static void
test_visibility (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 l_anna, l_igor, l_none, l_registered;
  gint64 d_anna, d_igor, d_none, d_design, d_shared, d_repair;
  gint64 total_notifications;
  Expected expected[4];
  PGconn *anna, *olga;
  g_autofree char *state = NULL;

  /* the logins are database roles in their groups, with their passwords */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                                          "JOIN pg_roles u ON u.oid = m.member JOIN users x ON x.login = u.rolname "
                                          "WHERE u.rolcanlogin AND g.rolname = 'fcrm_' || x.role"), ==, 4);
  if (fcrm_test_int (f->crm, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolsuper") == 1)
    g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM pg_authid a JOIN users u ON u.login = a.rolname "
                                            "WHERE a.rolpassword IS NOT NULL"), ==, 4);

  /* the owner registers the work */
  l_anna = add_lead (f->crm, "Anna's kitchen", f->anna);
  l_igor = add_lead (f->crm, "Igor's wardrobe", f->igor);
  l_none = add_lead (f->crm, "Nobody's hallway", f->igor);
  exec_ids (f->crm, "UPDATE leads SET responsible_id = NULL WHERE id = ?", 1, l_none, 0);
  /* anna takes a call and hands it to igor: she keeps seeing it */
  set_actor (f->crm, f->anna);
  l_registered = add_lead (f->crm, "Registered by Anna", f->igor);
  set_actor (f->crm, NULL);

  d_anna = add_deal (f->crm, "manufacturing", "Anna's kitchen", f->anna);
  d_igor = add_deal (f->crm, "manufacturing", "Igor's wardrobe", f->igor);
  d_none = add_deal (f->crm, "manufacturing", "Nobody's shelves", f->igor);
  exec_ids (f->crm, "UPDATE deals SET responsible_id = NULL WHERE id = ?", 1, d_none, 0);
  d_design = add_deal (f->crm, "design", "Design of a bedroom", f->igor);
  d_shared = add_deal (f->crm, "manufacturing", "Olga draws the facades", f->igor);
  exec_ids (f->crm, "INSERT INTO deal_participants (deal_id, user_id) VALUES (?, ?)", 2, d_shared, f->olga_id);
  d_repair = add_deal (f->crm, "repair", "Broken hinge", f->igor);

  total_notifications = fcrm_test_n_notifications (f->crm, "*");
  expected[0] = (Expected) { f->anna, ids (l_anna, l_none, l_registered, 0), ids (d_anna, d_none, 0),
                             fcrm_test_n_notifications (f->crm, f->anna) };
  expected[1] = (Expected) { f->igor, ids (l_igor, l_none, l_registered, 0),
                             ids (d_igor, d_none, d_design, d_shared, d_repair, 0),
                             fcrm_test_n_notifications (f->crm, f->igor) };
  expected[2] = (Expected) { f->olga, g_strdup (""), ids (d_design, d_shared, 0),
                             fcrm_test_n_notifications (f->crm, f->olga) };
  expected[3] = (Expected) { f->pavel, ids (l_anna, l_igor, l_none, l_registered, 0),
                             ids (d_anna, d_igor, d_none, d_design, d_shared, d_repair, 0), total_notifications };
  /* a meaningful mix: everyone has some, nobody has all */
  g_assert_cmpint (expected[0].notifications, >, 0);
  g_assert_cmpint (expected[1].notifications, >, expected[0].notifications);
  g_assert_cmpint (total_notifications, >, expected[1].notifications);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      check_desktop (f, &expected[i]);
      check_plain_sql (f, &expected[i]);
    }

  /* anna cannot change what she cannot see, even with psql */
  anna = connect_as (f, f->anna);
  g_assert_cmpint (sql_changes (anna, "UPDATE leads SET title = 'x' WHERE id = %" G_GINT64_FORMAT, l_igor), ==, 0);
  g_assert_cmpint (sql_changes (anna, "DELETE FROM leads WHERE id = %" G_GINT64_FORMAT, l_igor), ==, 0);
  g_assert_cmpint (sql_changes (anna, "UPDATE deals SET budget = 1 WHERE id = %" G_GINT64_FORMAT, d_design), ==, 0);
  g_assert_cmpint (sql_changes (anna, "UPDATE notifications SET read_at = 1 WHERE user_id = %" G_GINT64_FORMAT,
                                f->igor_id), ==, 0);
  /* …and can change her own */
  g_assert_cmpint (sql_changes (anna, "UPDATE leads SET comment = 'called back' WHERE id = %" G_GINT64_FORMAT, l_anna),
                   ==, 1);
  /* robots are the supervisors' to edit */
  state = sql_refused (anna, "INSERT INTO robots (stage, trigger_kind, recipient, action, text, position) "
                             "VALUES ('lead.new', 'on_entry', 'none', 'notify', 'psql was here', 99)");
  g_assert_cmpstr (state, ==, "42501");
  PQfinish (anna);
  {
    g_autoptr(FcrmItem) still = fcrm_crm_lead_get (f->crm, l_igor, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (still->title, ==, "Igor's wardrobe");
  }

  olga = connect_as (f, f->olga);
  g_assert_cmpint (sql_changes (olga, "UPDATE deals SET title = 'x' WHERE id = %" G_GINT64_FORMAT, d_anna), ==, 0);
  g_assert_cmpint (sql_changes (olga, "UPDATE leads SET title = 'x' WHERE id = %" G_GINT64_FORMAT, l_none), ==, 0);
  g_assert_cmpint (sql_changes (olga, "UPDATE deals SET design = 'facades v2' WHERE id = %" G_GINT64_FORMAT, d_shared),
                   ==, 1);
  PQfinish (olga);

  /* in the program: a hidden item is not found; a manager's robot edit is refused by the server */
  {
    g_autoptr(FcrmCrm) crm = open_as (f, f->anna, f->db->clock);
    g_autoptr(FcrmItem) hidden = fcrm_crm_lead_get (crm, l_igor, &error);
    FcrmStmt *stmt;
    FcrmRobotInput robot = { .stage = "lead.new", .trigger = "on_entry", .recipient = "responsible",
                             .action = "notify", .text = "Call {item} at once" };

    g_assert_null (hidden);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    g_clear_error (&error);

    stmt = fcrm_store_prepare (fcrm_crm_get_store (crm),
                               "INSERT INTO robots (stage, trigger_kind, recipient, action, text, position) "
                               "VALUES ('lead.new', 'on_entry', 'none', 'notify', 'through the store', 99)", &error);
    g_assert_no_error (error);
    g_assert_false (fcrm_stmt_run (stmt, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
    g_clear_error (&error);

    g_assert_cmpint (fcrm_crm_robot_add (crm, &robot, &error), ==, 0);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
    g_clear_error (&error);
    /* the refused transaction left the connection usable */
    g_clear_pointer (&hidden, g_object_unref);
    hidden = fcrm_crm_lead_get (crm, l_anna, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hidden->comment, ==, "called back");

    /* the supervisor may */
    g_clear_object (&crm);
    crm = open_as (f, f->pavel, f->db->clock);
    g_assert_cmpint (fcrm_crm_robot_add (crm, &robot, &error), >, 0);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (f->crm, NULL, &error);
    guint added = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < robots->len; i++)
      added += g_strcmp0 (((FcrmRobot *) g_ptr_array_index (robots, i))->text, "Call {item} at once") == 0;
    g_assert_cmpuint (added, ==, 1);
  }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_free (expected[i].leads);
      g_free (expected[i].deals);
    }
}

/* The set-up the README gives: the database belongs to an administrator who
 * may create roles but is no superuser (so, unlike the fixture's owner, could
 * not bypass anything by mistake). */
static void
test_admin_owner (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *admin = g_strdup_printf ("crm_admin_%ld", (long) getpid ());
  g_autofree char *nina = g_strdup_printf ("nina_%ld", (long) getpid ());
  g_autofree char *zoya = g_strdup_printf ("zoya_%ld", (long) getpid ());
  g_autofree char *name = g_strdup_printf ("%s_crm", f->db->pg_name);
  g_autofree char *sql = NULL;
  g_autofree char *admin_uri = fcrm_test_pg_uri (name, admin, "admin pw");
  g_autofree char *nina_uri = fcrm_test_pg_uri (name, nina, "nina pw");
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  gint64 hers, theirs;

  sql = g_strdup_printf ("CREATE ROLE %s LOGIN CREATEROLE PASSWORD 'admin pw'", admin);
  fcrm_test_pg_exec (sql);
  g_free (sql);
  sql = g_strdup_printf ("CREATE DATABASE %s OWNER %s TEMPLATE template0 ENCODING 'UTF8'", name, admin);
  fcrm_test_pg_exec (sql);

  /* init, then the people */
  crm = fcrm_crm_open_full (admin_uri, f->db->clock, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolsuper"), ==, 0);
  user = fcrm_crm_user_add_with_password (crm, nina, "Nina", "manager", "nina pw", &error);
  g_assert_no_error (error);
  fcrm_test_add_user (crm, zoya, "manager");
  hers = add_lead (crm, "Nina's bookcase", nina);
  theirs = add_lead (crm, "Zoya's desk", zoya);
  g_clear_object (&crm);

  /* nina signs in and works on her own */
  crm = fcrm_crm_open (nina_uri, f->db->clock, &error);
  g_assert_no_error (error);
  leads = fcrm_crm_lead_list (crm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpint (((FcrmItem *) g_ptr_array_index (leads, 0))->id, ==, hers);
  g_assert_true (fcrm_crm_lead_move (crm, hers, "lead.in_progress", &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_crm_lead_move (crm, theirs, "lead.in_progress", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&crm);

  fcrm_test_pg_drop_database (name);
  for (const char * const *role = (const char * const[]) { nina, zoya, admin, NULL }; *role != NULL; role++)
    {
      g_free (sql);
      sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", *role);
      fcrm_test_pg_exec (sql);
    }
}

/* ---- (b) several desktops at the same moment ------------------------------------ */

static void
wait_children (pid_t *pids,
               guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
}

static void
check_robots_once (FcrmCrm *crm,
                   guint    n_leads,
                   guint    n_deals,
                   gboolean three_days)
{
  /* each (robot, stage entry) fired once and told each recipient once */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM (SELECT robot_id, entry_id FROM robot_firings "
                                       "GROUP BY robot_id, entry_id HAVING count(*) > 1) x"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM (SELECT robot_id, entity_type, entity_id, user_id "
                                       "FROM notifications WHERE robot_id IS NOT NULL "
                                       "GROUP BY robot_id, entity_type, entity_id, user_id HAVING count(*) > 1) x"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM robot_firings f JOIN robots r ON r.id = f.robot_id "
                                       "WHERE r.template_key IN ('lead.new.1d', 'mfg.contract.1d')"), ==, n_leads + n_deals);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "WHERE r.template_key = 'lead.new.1d'"), ==, n_leads);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "WHERE r.template_key = 'mfg.contract.1d'"), ==, n_deals);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM robot_firings f JOIN robots r ON r.id = f.robot_id "
                                       "WHERE r.template_key IN ('lead.new.3d', 'mfg.contract.3d')"), ==,
                   three_days ? n_leads + n_deals : 0);
}

static void
add_work (Fixture *f,
          guint    n_leads,
          guint    n_deals)
{
  for (guint i = 0; i < n_leads; i++)
    add_lead (f->crm, "lead", i % 2 ? f->anna : f->igor);
  for (guint i = 0; i < n_deals; i++)
    add_deal (f->crm, "manufacturing", "deal", i % 2 ? f->anna : f->igor);
}

/* Four desktops of the owner check the robots at the same moment. */
static void
test_robots_concurrent (Fixture      *f,
                        gconstpointer data)
{
  enum { N_LEADS = 60, N_DEALS = 20 };

  add_work (f, N_LEADS, N_DEALS);
  /* no connection may cross a fork */
  g_clear_object (&f->db->crm);

  g_assert_cmpuint (fcrm_test_race_robots (f->db->location, NULL, f->t0 + 30 * HOUR, 4), ==, N_LEADS + N_DEALS);
  g_assert_cmpuint (fcrm_test_race_robots (f->db->location, NULL, f->t0 + 30 * HOUR, 4), ==, 0);
  g_assert_cmpuint (fcrm_test_race_robots (f->db->location, NULL, f->t0 + 80 * HOUR, 4), ==, N_LEADS + N_DEALS);

  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  check_robots_once (f->crm, N_LEADS, N_DEALS, TRUE);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 0);
}

/* The same with the people's own desktops: each checks what it can see
 * (the supervisor everything), and together they fire each robot once. */
static void
test_robots_desktops (Fixture      *f,
                      gconstpointer data)
{
  enum { N_LEADS = 40, N_DEALS = 12 };
  g_auto(GStrv) locations = NULL;

  add_work (f, N_LEADS, N_DEALS);
  locations = g_new0 (char *, 5);
  locations[0] = uri_as (f, f->anna);
  locations[1] = uri_as (f, f->igor);
  locations[2] = uri_as (f, f->olga);
  locations[3] = uri_as (f, f->pavel);
  g_clear_object (&f->db->crm);

  g_assert_cmpuint (fcrm_test_race_robots (f->db->location, locations, f->t0 + 30 * HOUR, 4), ==, N_LEADS + N_DEALS);
  g_assert_cmpuint (fcrm_test_race_robots (f->db->location, locations, f->t0 + 30 * HOUR, 4), ==, 0);
  g_assert_cmpuint (fcrm_test_race_robots (f->db->location, locations, f->t0 + 80 * HOUR, 4), ==, N_LEADS + N_DEALS);

  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  check_robots_once (f->crm, N_LEADS, N_DEALS, TRUE);
}

/* anna signed in on two desktops: each new notification pops up on one of them. */
static void
test_inbox_concurrent (Fixture      *f,
                       gconstpointer data)
{
  enum { N = 400, N_DESKTOPS = 2 };
  g_autofree char *location = uri_as (f, f->anna);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) taken = NULL;
  char *locations[] = { location, location, NULL };
  gint64 mine, igors;
  guint per_desktop[N_DESKTOPS] = { 0 };

  for (guint i = 0; i < N; i++)
    add_lead (f->crm, "lead", i % 4 ? f->anna : f->igor);
  mine = fcrm_test_n_undelivered (f->crm, f->anna);
  igors = fcrm_test_n_undelivered (f->crm, f->igor);
  g_assert_cmpint (mine, ==, N - N / 4);
  g_clear_object (&f->db->crm);

  taken = fcrm_test_race_take_notifications (f->db->location, locations, f->anna_id, N_DESKTOPS);
  for (guint i = 0; i < taken->len; i++)
    {
      FcrmTestTaken *t = &g_array_index (taken, FcrmTestTaken, i);

      g_assert_false (g_hash_table_contains (seen, &t->id));
      g_hash_table_add (seen, &t->id);
      per_desktop[t->racer]++;
    }
  g_test_message ("delivered by desktop: %u, %u", per_desktop[0], per_desktop[1]);

  g_assert_cmpint (g_hash_table_size (seen), ==, mine);
  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  g_assert_cmpint (fcrm_test_n_undelivered (f->crm, f->anna), ==, 0);
  /* igor's were not hers to take */
  g_assert_cmpint (fcrm_test_n_undelivered (f->crm, f->igor), ==, igors);
}

/* ---- (c) live updates between desktops ------------------------------------------- */

static void
test_live_updates (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(FcrmCrm) pavel = open_as (f, f->pavel, f->db->clock);
  FcrmStore *store = fcrm_crm_get_store (pavel);
  g_autofree char *annas = uri_as (f, f->anna);
  gint64 before, own, theirs = 0;
  int results[2];
  pid_t pid;

  g_clear_object (&f->db->crm);
  before = fcrm_test_settle_data_version (store);

  /* pavel's own change is not news to pavel */
  own = add_lead (pavel, "Pavel's own", f->igor);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpint (fcrm_store_data_version (store), ==, before);

  /* anna, on her desktop (another process), registers a lead */
  g_assert_cmpint (pipe (results), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *error = NULL;
      FcrmCrm *anna;
      FcrmItem *lead;

      close (results[0]);
      anna = fcrm_crm_open (annas, NULL, &error);
      if (anna == NULL || !fcrm_crm_set_actor (anna, f->anna, &error))
        {
          g_printerr ("anna: %s\n", error->message);
          _exit (2);
        }
      lead = fcrm_crm_lead_add (anna, &(FcrmLeadInput) { .title = "From Anna's desk", .responsible = f->anna }, &error);
      if (lead == NULL)
        {
          g_printerr ("anna: add: %s\n", error->message);
          _exit (3);
        }
      if (write (results[1], &lead->id, sizeof lead->id) != sizeof lead->id)
        _exit (4);
      _exit (0);
    }
  close (results[1]);
  g_assert_cmpint (read (results[0], &theirs, sizeof theirs), ==, sizeof theirs);
  close (results[0]);
  wait_children (&pid, 1);

  /* pavel's desktop hears of it within a second, and then reads it */
  g_assert_true (fcrm_test_wait_data_version (store, before));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (pavel, theirs, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (lead->title, ==, "From Anna's desk");
    g_assert_cmpint (lead->id, !=, own);
  }
}

/* ---- (d) moving a single-desktop database to the server -------------------------- */

static const char * const migrated_tables[] = {
  "users", "settings", "companies", "contacts", "contact_phones", "contact_emails", "deals", "deal_participants",
  "leads", "stage_history", "robots", "robot_queue", "robot_firings", "notifications", "tasks", "comments",
  "attachments",
};

static void
progress_cb (const char *table,
             gint64      done,
             gint64      total,
             gpointer    user_data)
{
  guint *calls = user_data;

  g_assert_cmpint (done, <=, total);
  (*calls)++;
}

static gint64
max_id (FcrmCrm    *crm,
        const char *table)
{
  if (g_str_equal (table, "leads"))
    return fcrm_test_int (crm, "SELECT max(id) FROM leads");
  if (g_str_equal (table, "deals"))
    return fcrm_test_int (crm, "SELECT max(id) FROM deals");
  if (g_str_equal (table, "users"))
    return fcrm_test_int (crm, "SELECT max(id) FROM users");
  if (g_str_equal (table, "stage_history"))
    return fcrm_test_int (crm, "SELECT max(id) FROM stage_history");
  if (g_str_equal (table, "notifications"))
    return fcrm_test_int (crm, "SELECT max(id) FROM notifications");
  g_assert_not_reached ();
}

static void
test_migration (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(FcrmTestDb) source = fcrm_test_db_new_sqlite (TRUE);
  g_autoptr(FcrmTestDb) other = fcrm_test_db_new_sqlite (TRUE);
  g_autofree char *target_name = fcrm_test_pg_create_database ();
  g_autofree char *target_uri = fcrm_test_pg_uri (target_name, NULL, NULL);
  g_autoptr(FcrmCrm) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tables = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree guint8 *bytes = g_malloc (4096);
  g_autofree char *sha = NULL;
  g_autofree char *newcomer = g_strdup_printf ("newcomer_%ld", (long) getpid ());
  gboolean already = TRUE;
  guint calls = 0;
  gint64 attachment_id, deal_id;
  FcrmStmt *stmt;

  /* a desktop's database with a season of work and a layout drawing in it */
  g_assert_true (fcrm_crm_demo (source->crm, &(FcrmDemoOptions) { .leads = 40, .deals = 30, .contacts = 25,
                                                                   .seed = 20260112 }, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4096; i++)
    bytes[i] = (guint8) (i * 7 + i / 256);   /* every byte value, zeros included */
  content = g_bytes_new (bytes, 4096);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  deal_id = fcrm_test_int (source->crm, "SELECT min(id) FROM deals");
  stmt = fcrm_store_prepare (fcrm_crm_get_store (source->crm),
                             "INSERT INTO attachments (entity_type, entity_id, name, mime_type, category, size, sha256,"
                             "  content, created_at) VALUES ('deal', ?, 'layout.pdf', 'application/pdf', 'layout', ?, ?, ?, ?) "
                             "RETURNING id", &error);
  g_assert_no_error (error);
  fcrm_stmt_bind_int64 (stmt, 1, deal_id);
  fcrm_stmt_bind_int64 (stmt, 2, 4096);
  fcrm_stmt_bind_text (stmt, 3, sha);
  fcrm_stmt_bind_blob (stmt, 4, content);
  fcrm_stmt_bind_int64 (stmt, 5, f->t0);
  g_assert_true (fcrm_stmt_step (stmt, &error));
  attachment_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  g_assert_no_error (error);
  /* and someone taking part in a deal */
  {
    g_autofree char *login = fcrm_test_text1 (source->crm, "SELECT login FROM users WHERE id > ? ORDER BY id LIMIT 1", 0);

    g_assert_true (fcrm_crm_deal_add_participant (source->crm, deal_id, login, &error));
    g_assert_no_error (error);
    g_assert_cmpint (fcrm_test_int (source->crm, "SELECT count(*) FROM deal_participants"), >, 0);
  }

  /* to an empty server database */
  g_assert_true (fcrm_migrate_to (source->crm, target_uri, progress_cb, &calls, &tables, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_cmpuint (calls, >, G_N_ELEMENTS (migrated_tables));
  g_assert_nonnull (tables);
  g_assert_cmpuint (tables->len, ==, G_N_ELEMENTS (migrated_tables));

  target = fcrm_crm_open (target_uri, f->db->clock, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (migrated_tables); i++)
    {
      FcrmMigrateTable *t = &g_array_index (tables, FcrmMigrateTable, i);
      gint64 rows_here = -1, rows_there = -2;
      g_autofree char *here = fcrm_table_checksum (fcrm_crm_get_store (source->crm), migrated_tables[i], &rows_here, &error);
      g_autofree char *there = NULL;

      g_assert_no_error (error);
      there = fcrm_table_checksum (fcrm_crm_get_store (target), migrated_tables[i], &rows_there, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %" G_GINT64_FORMAT " rows, %s", migrated_tables[i], rows_here, here);
      g_assert_cmpstr (t->table, ==, migrated_tables[i]);
      g_assert_cmpint (t->rows, ==, rows_here);
      g_assert_cmpstr (t->checksum, ==, here);
      g_assert_cmpint (rows_there, ==, rows_here);
      g_assert_cmpstr (there, ==, here);
      g_free (t->checksum);
    }
  g_clear_pointer (&tables, g_array_unref);
  /* the demo filled what matters */
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM leads"), ==, 40);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM deals"), ==, 30);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM notifications"), >, 0);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM stages"), ==,
                   fcrm_test_int (source->crm, "SELECT count(*) FROM stages"));

  /* the drawing arrived byte for byte */
  stmt = fcrm_store_prepare (fcrm_crm_get_store (target), "SELECT content, size, sha256 FROM attachments WHERE id = ?",
                             &error);
  g_assert_no_error (error);
  fcrm_stmt_bind_int64 (stmt, 1, attachment_id);
  g_assert_true (fcrm_stmt_step (stmt, &error));
  {
    g_autoptr(GBytes) there = fcrm_stmt_get_blob (stmt, 0);

    g_assert_true (g_bytes_equal (there, content));
    g_assert_cmpint (fcrm_stmt_get_int64 (stmt, 1), ==, 4096);
    g_assert_cmpstr (fcrm_stmt_get_text (stmt, 2), ==, sha);
  }
  fcrm_stmt_reset (stmt);

  /* again: nothing to do, nothing doubled */
  g_assert_true (fcrm_migrate_to (source->crm, target_uri, NULL, NULL, &tables, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_null (tables);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM leads"), ==, 40);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM attachments"), ==, 1);

  /* another desktop's database may not be mixed in */
  fcrm_test_add_user (other->crm, "stranger", "manager");
  g_object_unref (fcrm_test_add_lead (other->crm, "Someone else's", "stranger"));
  g_assert_false (fcrm_migrate_to (other->crm, target_uri, NULL, NULL, &tables, &already, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (already);
  g_assert_null (tables);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM leads"), ==, 40);
  g_assert_cmpint (fcrm_test_int (target, "SELECT count(*) FROM users WHERE login = 'stranger'"), ==, 0);

  /* work goes on on the server: new rows get fresh ids after the copied ones */
  {
    gint64 last_lead = max_id (target, "leads"), last_deal = max_id (target, "deals");
    gint64 last_user = max_id (target, "users"), last_entry = max_id (target, "stage_history");
    gint64 last_notification = max_id (target, "notifications");
    g_autoptr(FcrmItem) lead = NULL;
    g_autoptr(FcrmItem) deal = NULL;
    g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", newcomer);
    gint64 user;

    user = fcrm_test_add_user (target, newcomer, "manager");
    g_assert_cmpint (user, >, last_user);
    lead = fcrm_test_add_lead (target, "First on the server", newcomer);
    g_assert_cmpint (lead->id, >, last_lead);
    deal = fcrm_test_add_deal (target, "manufacturing", "First deal on the server", newcomer);
    g_assert_cmpint (deal->id, >, last_deal);
    g_assert_cmpint (max_id (target, "stage_history"), >, last_entry);
    g_assert_cmpint (max_id (target, "notifications"), >, last_notification);
    g_clear_object (&target);
    fcrm_test_pg_drop_database (target_name);
    fcrm_test_pg_exec (drop);
  }
}

/* The schedule on the office server (issue 15): a person's schedule holds
 * the deals they may see; their own desktop writes their own reminders and
 * no one else's; a manager moves a task in time but gives it to nobody. */
static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FcrmItem) mine = fcrm_test_add_deal (f->crm, "design", "Anna's sofa", f->anna);
  g_autoptr(FcrmItem) other = fcrm_test_add_deal (f->crm, "design", "Igor's desk", f->igor);
  g_autoptr(FcrmCrm) anna = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *conn;
  g_autofree char *refused = NULL;
  g_autofree char *for_igor = NULL;
  gint64 tomorrow = f->t0 + 24 * 3600;
  gint64 before;
  guint written = 0;

  fcrm_test_deal_set (f->crm, mine->id, "visit_at", "2026-01-13 11:00");
  fcrm_test_deal_set (f->crm, other->id, "visit_at", "2026-01-13 12:00");
  anna = open_as (f, f->anna, f->db->clock);
  events = fcrm_crm_schedule (anna, f->t0, tomorrow + 24 * 3600, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((FcrmEvent *) events->pdata[0])->deal_id, ==, mine->id);

  before = fcrm_test_n_notifications (f->crm, f->anna);
  fcrm_clock_set (f->db->clock, fcrm_test_local_time (2026, 1, 12, 18, 30));
  g_assert_true (fcrm_crm_schedule_remind (anna, f->anna_id, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 1);
  g_assert_true (fcrm_crm_schedule_remind (anna, f->anna_id, &written, &error));
  g_assert_cmpuint (written, ==, 0);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, f->anna), ==, before + 1);

  /* psql as anna: a "reminder" for igor, or a notification that is no reminder */
  conn = connect_as (f, f->anna);
  for_igor = g_strdup_printf ("INSERT INTO notifications (user_id, text, created_at, reminder_key)"
                              " VALUES (%" G_GINT64_FORMAT ", 'x', 0, 'k')", f->igor_id);
  refused = sql_refused (conn, for_igor);
  g_assert_nonnull (refused);
  g_clear_pointer (&refused, g_free);
  refused = sql_refused (conn, "INSERT INTO notifications (user_id, text, created_at)"
                               " VALUES ((SELECT id FROM users WHERE login = current_user), 'x', 0)");
  g_assert_nonnull (refused);
  PQfinish (conn);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  if (!fcrm_test_is_pg ())
    {
      g_print ("SKIP: the office server tests need PostgreSQL (FCRM_TEST_PG)\n");
      return 77;
    }

  ADD ("/office/visibility", test_visibility);
  ADD ("/office/admin-owner", test_admin_owner);
  ADD ("/office/robots/concurrent", test_robots_concurrent);
  ADD ("/office/robots/desktops", test_robots_desktops);
  ADD ("/office/inbox/concurrent", test_inbox_concurrent);
  ADD ("/office/live-updates", test_live_updates);
  ADD ("/office/migration", test_migration);
  ADD ("/office/schedule", test_schedule);
  return g_test_run ();
}
