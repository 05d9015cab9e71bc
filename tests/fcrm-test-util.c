#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcrm-test-util.h"
#include "fcrm-robots.h"

static gboolean use_pg;
static PGconn  *pg_admin;   /* to FCRM_TEST_PG, for CREATE / DROP DATABASE */

static void drop_stale_databases (void);

void
fcrm_test_init (int    *argc,
                char ***argv)
{
  const char *backend = g_getenv ("FCRM_TEST_BACKEND");
  const char *pg = g_getenv ("FCRM_TEST_PG");
  gboolean have_pg = pg != NULL && *pg != '\0';

  g_setenv ("TZ", FCRM_TEST_TZ, TRUE);
  tzset ();
  g_unsetenv ("FURNITURE_CRM_DB");
  g_test_init (argc, argv, NULL);

  if (backend == NULL || *backend == '\0')
    use_pg = have_pg;
  else if (g_str_equal (backend, "postgresql"))
    {
      if (!have_pg)
        {
          g_print ("SKIP: FCRM_TEST_PG is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres); "
                   "the PostgreSQL runs of the core tests are skipped\n");
          exit (77);
        }
      use_pg = TRUE;
    }
  else if (g_str_equal (backend, "sqlite"))
    use_pg = FALSE;
  else
    g_error ("FCRM_TEST_BACKEND=%s: expected sqlite or postgresql", backend);
  if (use_pg)
    {
      g_test_message ("backend: PostgreSQL at %s", pg);
      drop_stale_databases ();
    }
}

const char *
fcrm_test_backend (void)
{
  return use_pg ? "postgresql" : "sqlite";
}

gboolean
fcrm_test_is_pg (void)
{
  return use_pg;
}

gboolean
fcrm_test_sqlite_only (const char *reason)
{
  if (!use_pg)
    return FALSE;
  g_test_skip (reason);
  return TRUE;
}

gint64
fcrm_test_local_time (int year,
                      int month,
                      int day,
                      int hour,
                      int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

gint64
fcrm_test_start_time (void)
{
  return fcrm_test_local_time (2026, 1, 12, 10, 0);
}

char *
fcrm_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fcrm-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

void
fcrm_test_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      fcrm_test_rm_rf (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* PostgreSQL */

static const char *
pg_base (void)
{
  const char *base = g_getenv ("FCRM_TEST_PG");

  g_assert_nonnull (base);
  return base;
}

static PGconn *
admin (void)
{
  if (pg_admin != NULL && PQstatus (pg_admin) == CONNECTION_OK)
    return pg_admin;
  g_clear_pointer (&pg_admin, PQfinish);
  pg_admin = PQconnectdb (pg_base ());
  if (PQstatus (pg_admin) != CONNECTION_OK)
    g_error ("FCRM_TEST_PG=%s: cannot connect: %s", pg_base (), PQerrorMessage (pg_admin));
  PQclear (PQexec (pg_admin, "SET client_min_messages = warning"));
  return pg_admin;
}

static void
admin_exec (const char *sql)
{
  PGresult *res = PQexec (admin (), sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  PQclear (res);
}

void
fcrm_test_pg_exec (const char *sql)
{
  admin_exec (sql);
}

/* Databases of test processes that died on a failed assertion (no teardown):
 * dropped by the next test that starts, so they do not pile up on a server. */
static void
drop_stale_databases (void)
{
  PGresult *res = PQexec (admin (), "SELECT datname FROM pg_database WHERE datname LIKE 'fcrm\\_t\\_%'");

  for (int i = 0; PQresultStatus (res) == PGRES_TUPLES_OK && i < PQntuples (res); i++)
    {
      const char *name = PQgetvalue (res, i, 0);
      long pid = strtol (name + strlen ("fcrm_t_"), NULL, 10);

      if (pid > 0 && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
          PGresult *dropped = PQexec (admin (), sql);

          /* another test may be dropping it at the same moment */
          if (PQresultStatus (dropped) != PGRES_COMMAND_OK)
            g_test_message ("%s: %s", sql, PQresultErrorMessage (dropped));
          PQclear (dropped);
        }
    }
  PQclear (res);
}

char *
fcrm_test_pg_create_database (void)
{
  static guint counter;
  char *name = g_strdup_printf ("fcrm_t_%ld_%u", (long) getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", name);

  admin_exec (sql);
  return name;
}

void
fcrm_test_pg_drop_database (const char *name)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);

  admin_exec (sql);
}

static void
append_escaped (GString    *s,
                const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

  g_string_append (s, escaped);
}

char *
fcrm_test_pg_uri (const char *dbname,
                  const char *user,
                  const char *password)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (pg_base (), &message);
  const char *host = NULL, *port = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  GString *uri = g_string_new ("postgresql://");

  if (options == NULL)
    g_error ("FCRM_TEST_PG=%s: %s", pg_base (), message);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0' || g_str_equal (o->keyword, "dbname"))
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "user"))
        user = user != NULL ? user : o->val;
      else if (g_str_equal (o->keyword, "password"))
        password = password != NULL ? password : o->val;
      else
        {
          g_string_append_printf (query, "%s%s=", query->len > 0 ? "&" : "?", o->keyword);
          append_escaped (query, o->val);
        }
    }
  if (user != NULL)
    {
      append_escaped (uri, user);
      if (password != NULL)
        {
          g_string_append_c (uri, ':');
          append_escaped (uri, password);
        }
      g_string_append_c (uri, '@');
    }
  /* a socket folder or several hosts go in the query, a plain host in the authority */
  if (host != NULL && (strchr (host, '/') != NULL || strchr (host, ',') != NULL))
    {
      g_string_append_printf (query, "%shost=", query->len > 0 ? "&" : "?");
      append_escaped (query, host);
      if (port != NULL)
        g_string_append_printf (query, "&port=%s", port);
    }
  else
    {
      if (host != NULL)
        g_string_append_printf (uri, strchr (host, ':') != NULL ? "[%s]" : "%s", host);
      if (port != NULL)
        g_string_append_printf (uri, ":%s", port);
    }
  g_string_append_c (uri, '/');
  append_escaped (uri, dbname);
  g_string_append (uri, query->str);
  PQconninfoFree (options);
  return g_string_free (uri, FALSE);
}

/* Databases */

static FcrmTestDb *
db_new (gboolean pg,
        gboolean open)
{
  FcrmTestDb *db = g_new0 (FcrmTestDb, 1);

  db->dir = fcrm_test_make_dir ();
  if (pg)
    {
      db->pg_name = fcrm_test_pg_create_database ();
      db->location = fcrm_test_pg_uri (db->pg_name, NULL, NULL);
    }
  else
    db->location = g_build_filename (db->dir, "crm.sqlite3", NULL);
  db->clock = fcrm_clock_new_fixed (fcrm_test_start_time ());
  if (open)
    fcrm_test_db_open (db);
  return db;
}

FcrmTestDb *
fcrm_test_db_new (void)
{
  return db_new (use_pg, TRUE);
}

FcrmTestDb *
fcrm_test_db_new_empty (void)
{
  return db_new (use_pg, FALSE);
}

FcrmTestDb *
fcrm_test_db_new_sqlite (gboolean open)
{
  return db_new (FALSE, open);
}

const char *
fcrm_test_location (FcrmTestDb *db)
{
  return db->location;
}

void
fcrm_test_db_open (FcrmTestDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (db->crm);
  db->crm = fcrm_crm_open_full (db->location, db->clock, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db->crm);
}

void
fcrm_test_db_reopen (FcrmTestDb *db)
{
  g_clear_object (&db->crm);
  fcrm_test_db_open (db);
}

void
fcrm_test_db_free (FcrmTestDb *db)
{
  if (db == NULL)
    return;
  g_clear_object (&db->crm);
  g_clear_object (&db->clock);
  if (db->pg_name != NULL)
    fcrm_test_pg_drop_database (db->pg_name);
  fcrm_test_rm_rf (db->dir);
  g_free (db->dir);
  g_free (db->location);
  g_free (db->pg_name);
  g_free (db);
}

gint64
fcrm_test_add_user (FcrmCrm    *crm,
                    const char *login,
                    const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("User %s", login);
  g_autoptr(FcrmUser) user = fcrm_crm_user_add (crm, login, name, role, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (user->login, ==, login);
  g_assert_true (user->active);
  return user->id;
}

FcrmItem *
fcrm_test_add_lead (FcrmCrm    *crm,
                    const char *title,
                    const char *responsible)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = title, .responsible = responsible }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
}

FcrmItem *
fcrm_test_add_deal (FcrmCrm    *crm,
                    const char *pipeline,
                    const char *title,
                    const char *responsible)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_add (crm, &(FcrmDealInput) { .pipeline = pipeline, .title = title,
                                                             .responsible = responsible }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (deal);
  return deal;
}

guint
fcrm_test_run_robots (FcrmCrm   *crm,
                      FcrmClock *clock,
                      gint64     at)
{
  g_autoptr(GError) error = NULL;
  guint fired = G_MAXUINT;

  fcrm_clock_set (clock, at);
  g_assert_true (fcrm_crm_robots_run (crm, &fired, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fired, !=, G_MAXUINT);
  return fired;
}

void
fcrm_test_exec (FcrmCrm    *crm,
                const char *sql)
{
  g_autoptr(GError) error = NULL;

  fcrm_store_exec (fcrm_crm_get_store (crm), sql, &error);
  g_assert_no_error (error);
}

static FcrmStmt *
prepare (FcrmCrm    *crm,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (fcrm_crm_get_store (crm), sql, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static gint64
step_int (FcrmStmt *stmt)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  if (fcrm_stmt_step (stmt, &error))
    value = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  g_assert_no_error (error);
  return value;
}

gint64
fcrm_test_int (FcrmCrm    *crm,
               const char *sql)
{
  return step_int (prepare (crm, sql));
}

gint64
fcrm_test_int1 (FcrmCrm    *crm,
                const char *sql,
                gint64      a)
{
  FcrmStmt *stmt = prepare (crm, sql);

  fcrm_stmt_bind_int64 (stmt, 1, a);
  return step_int (stmt);
}

gint64
fcrm_test_int2 (FcrmCrm    *crm,
                const char *sql,
                gint64      a,
                gint64      b)
{
  FcrmStmt *stmt = prepare (crm, sql);

  fcrm_stmt_bind_int64 (stmt, 1, a);
  fcrm_stmt_bind_int64 (stmt, 2, b);
  return step_int (stmt);
}

char *
fcrm_test_text1 (FcrmCrm    *crm,
                 const char *sql,
                 gint64      a)
{
  g_autoptr(GError) error = NULL;
  FcrmStmt *stmt = prepare (crm, sql);
  char *value = NULL;

  fcrm_stmt_bind_int64 (stmt, 1, a);
  if (fcrm_stmt_step (stmt, &error))
    value = fcrm_stmt_dup_text (stmt, 0);
  fcrm_stmt_reset (stmt);
  g_assert_no_error (error);
  return value;
}

gboolean
fcrm_test_wait_data_version (FcrmStore *store,
                             gint64     before)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  for (;;)
    {
      if (fcrm_store_data_version (store) != before)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (2000);
    }
}

gint64
fcrm_test_settle_data_version (FcrmStore *store)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  gint64 version = fcrm_store_data_version (store);
  gint64 stable_since = g_get_monotonic_time ();

  while (g_get_monotonic_time () - stable_since < G_USEC_PER_SEC / 10 && g_get_monotonic_time () < deadline)
    {
      gint64 now;

      g_usleep (5000);
      now = fcrm_store_data_version (store);
      if (now != version)
        {
          version = now;
          stable_since = g_get_monotonic_time ();
        }
    }
  return version;
}

gboolean
fcrm_test_table_exists (FcrmStore  *store,
                        const char *name)
{
  g_autoptr(GError) error = NULL;
  gboolean pg = g_strcmp0 (fcrm_store_get_dialect (store), "postgresql") == 0;
  FcrmStmt *stmt = fcrm_store_prepare (store,
                                       pg ? "SELECT count(*) FROM information_schema.tables "
                                            "WHERE table_schema = current_schema() AND table_name = ?"
                                          : "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                       &error);
  gboolean found;

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  fcrm_stmt_bind_text (stmt, 1, name);
  g_assert_true (fcrm_stmt_step (stmt, &error));
  found = fcrm_stmt_get_int64 (stmt, 0) > 0;
  fcrm_stmt_reset (stmt);
  g_assert_no_error (error);
  return found;
}

gint64
fcrm_test_robot_id (FcrmCrm    *crm,
                    const char *template_key)
{
  FcrmStmt *stmt = prepare (crm, "SELECT id FROM robots WHERE template_key = ?");

  fcrm_stmt_bind_text (stmt, 1, template_key);
  return step_int (stmt);
}

gint64
fcrm_test_count_notifications (FcrmCrm        *crm,
                               const char     *key,
                               FcrmEntityType  type,
                               gint64          id,
                               gint64          user_id)
{
  FcrmStmt *stmt = prepare (crm,
                            "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                            "WHERE r.template_key = ? AND n.entity_type = ? AND n.entity_id = ? "
                            "AND (? = 0 OR n.user_id = ?)");

  fcrm_stmt_bind_text (stmt, 1, key);
  fcrm_stmt_bind_text (stmt, 2, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 3, id);
  fcrm_stmt_bind_int64 (stmt, 4, user_id);
  fcrm_stmt_bind_int64 (stmt, 5, user_id);
  return step_int (stmt);
}

void
fcrm_test_snapshot (FcrmCrm          *crm,
                    FcrmTestSnapshot *out)
{
  out->leads = fcrm_test_int (crm, "SELECT count(*) FROM leads");
  out->deals = fcrm_test_int (crm, "SELECT count(*) FROM deals");
  out->contacts = fcrm_test_int (crm, "SELECT count(*) FROM contacts");
  out->contact_phones = fcrm_test_int (crm, "SELECT count(*) FROM contact_phones");
  out->contact_emails = fcrm_test_int (crm, "SELECT count(*) FROM contact_emails");
  out->companies = fcrm_test_int (crm, "SELECT count(*) FROM companies");
  out->stage_history = fcrm_test_int (crm, "SELECT count(*) FROM stage_history");
  out->notifications = fcrm_test_int (crm, "SELECT count(*) FROM notifications");
  out->tasks = fcrm_test_int (crm, "SELECT count(*) FROM tasks");
  out->robot_queue = fcrm_test_int (crm, "SELECT count(*) FROM robot_queue");
  out->robot_firings = fcrm_test_int (crm, "SELECT count(*) FROM robot_firings");
  out->users = fcrm_test_int (crm, "SELECT count(*) FROM users");
  out->settings = fcrm_test_int (crm, "SELECT count(*) FROM settings");
  out->attachments = fcrm_test_int (crm, "SELECT count(*) FROM attachments");
  out->deal_participants = fcrm_test_int (crm, "SELECT count(*) FROM deal_participants");
  out->comments = fcrm_test_int (crm, "SELECT count(*) FROM comments");
  out->leads_updated = fcrm_test_int (crm, "SELECT coalesce(sum(updated), 0) FROM leads");
  out->deals_updated = fcrm_test_int (crm, "SELECT coalesce(sum(updated), 0) FROM deals");
}

void
fcrm_test_assert_snapshots_equal_ (const char             *file,
                                   int                     line,
                                   const FcrmTestSnapshot *a,
                                   const FcrmTestSnapshot *b)
{
  static const char * const names[] = {
    "leads", "deals", "contacts", "contact_phones", "contact_emails", "companies",
    "stage_history", "notifications", "tasks", "robot_queue", "robot_firings",
    "users", "settings", "attachments", "deal_participants", "comments", "leads.updated", "deals.updated",
  };
  const gint64 *va = (const gint64 *) a;
  const gint64 *vb = (const gint64 *) b;

  G_STATIC_ASSERT (sizeof (FcrmTestSnapshot) == G_N_ELEMENTS (names) * sizeof (gint64));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (va[i] != vb[i])
      {
        g_autofree char *msg = g_strdup_printf ("%s:%d: something was written: %s went from %" G_GINT64_FORMAT
                                                " to %" G_GINT64_FORMAT, file, line, names[i], va[i], vb[i]);
        g_assertion_message (G_LOG_DOMAIN, file, line, G_STRFUNC, msg);
      }
}

void
fcrm_test_deactivate (FcrmCrm    *crm,
                      const char *login)
{
  g_autoptr(GError) error = NULL;
  FcrmUser *actor = fcrm_crm_get_actor (crm);
  g_autofree char *acting = actor != NULL ? g_strdup (actor->login) : NULL;

  g_assert_true (fcrm_crm_set_actor (crm, NULL, &error));
  g_assert_true (fcrm_crm_user_set_active (crm, login, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_actor (crm, acting, &error));
  g_assert_no_error (error);
}

void
fcrm_test_team_setup (FcrmTestTeam  *f,
                      gconstpointer  data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->t0 = fcrm_clock_now (f->db->clock);
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->boris = fcrm_test_add_user (f->crm, "boris", "manager");
  f->sveta = fcrm_test_add_user (f->crm, "sveta", "supervisor");
}

void
fcrm_test_team_teardown (FcrmTestTeam  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->deal);
  fcrm_test_db_free (f->db);
}

/* Models and the main loop */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  FcrmTestItemsChanged *record = data;

  record->n_signals++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

void
fcrm_test_record_items_changed (GListModel           *model,
                                FcrmTestItemsChanged *record)
{
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), record);
}

static gboolean
stall_tick_cb (gpointer data)
{
  FcrmTestStallMeter *meter = data;
  gint64 now = g_get_monotonic_time ();

  meter->longest = MAX (meter->longest, now - meter->last);
  meter->last = now;
  meter->ticks++;
  return G_SOURCE_CONTINUE;
}

void
fcrm_test_stall_start (FcrmTestStallMeter *meter,
                       guint               interval_ms)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) source = g_timeout_source_new (interval_ms);

  *meter = (FcrmTestStallMeter) { .last = g_get_monotonic_time () };
  g_source_set_callback (source, stall_tick_cb, meter, NULL);
  meter->source = g_source_attach (source, context);
}

gint64
fcrm_test_stall_stop (FcrmTestStallMeter *meter)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  GSource *source = g_main_context_find_source_by_id (context, meter->source);

  stall_tick_cb (meter);
  if (source != NULL)
    g_source_destroy (source);
  meter->source = 0;
  return meter->longest;
}
