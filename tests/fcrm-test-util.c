#include <glib/gstdio.h>
#include <time.h>

#include "fcrm-test-util.h"
#include "fcrm-robots.h"

void
fcrm_test_init (int    *argc,
                char ***argv)
{
  g_setenv ("TZ", FCRM_TEST_TZ, TRUE);
  tzset ();
  g_unsetenv ("FURNITURE_CRM_DB");
  g_test_init (argc, argv, NULL);
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

static void
open_db (FcrmTestDb *db)
{
  g_autoptr(GError) error = NULL;

  db->crm = fcrm_crm_open (db->path, db->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db->crm);
}

FcrmTestDb *
fcrm_test_db_new (void)
{
  FcrmTestDb *db = g_new0 (FcrmTestDb, 1);

  db->dir = fcrm_test_make_dir ();
  db->path = g_build_filename (db->dir, "crm.sqlite3", NULL);
  db->clock = fcrm_clock_new_fixed (fcrm_test_start_time ());
  open_db (db);
  return db;
}

void
fcrm_test_db_reopen (FcrmTestDb *db)
{
  g_clear_object (&db->crm);
  open_db (db);
}

void
fcrm_test_db_free (FcrmTestDb *db)
{
  if (db == NULL)
    return;
  g_clear_object (&db->crm);
  g_clear_object (&db->clock);
  fcrm_test_rm_rf (db->dir);
  g_free (db->dir);
  g_free (db->path);
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
    "users", "settings", "attachments", "leads.updated", "deals.updated",
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
