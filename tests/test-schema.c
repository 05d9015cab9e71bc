/* Opening databases: new, old (upgraded), too new, not ours, not a
 * database at all; the storage settings of SPEC §6. */

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcrm-test-util.h"
#include "fcrm-clients.h"
#include "fcrm-schema.h"
#include "fcrm-search.h"

static char *
pragma_text (FcrmStore  *store,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (store, sql, &error);
  char *value;

  g_assert_no_error (error);
  g_assert_true (fcrm_stmt_step (stmt, &error));
  value = fcrm_stmt_dup_text (stmt, 0);
  fcrm_stmt_reset (stmt);
  return value;
}

static void
test_new_database (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = fcrm_crm_get_store (db->crm);
  g_autoptr(GError) error = NULL;
  static const char * const tables[] = {
    "schema_version", "settings", "users", "pipelines", "stages", "loss_reasons", "companies", "contacts",
    "contact_phones", "contact_emails", "deals", "leads", "stage_history", "robots", "robot_queue",
    "robot_firings", "notifications", "tasks", "comments", "attachments",
  };

  g_assert_cmpint (fcrm_schema_get_version (store, &error), ==, FCRM_SCHEMA_VERSION);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!fcrm_test_table_exists (store, tables[i]))
      g_error ("table %s is missing", tables[i]);
  /* one row per applied migration */
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM schema_version"), ==, FCRM_SCHEMA_VERSION);
  g_assert_true (fcrm_crm_is_empty (db->crm));
  g_assert_cmpstr (fcrm_store_get_dialect (store), ==, fcrm_test_backend ());

  /* reopening changes nothing */
  fcrm_test_db_reopen (db);
  store = fcrm_crm_get_store (db->crm);
  g_assert_cmpint (fcrm_schema_get_version (store, &error), ==, FCRM_SCHEMA_VERSION);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM schema_version"), ==, FCRM_SCHEMA_VERSION);

  /* migrating an up-to-date database is a no-op */
  g_assert_true (fcrm_schema_migrate (store, FCRM_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM schema_version"), ==, FCRM_SCHEMA_VERSION);
}

static void
test_folder_is_created (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  if (fcrm_test_sqlite_only ("folders of a database file; a server database is made by its administrator"))
    return;
  dir = fcrm_test_make_dir ();
  path = g_build_filename (dir, "a", "b", "crm.sqlite3", NULL);
  crm = fcrm_crm_open_full (path, NULL, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (crm);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&crm);
  fcrm_test_rm_rf (dir);
}

static void
test_empty_file_is_new_database (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  /* the server's counterpart, an empty database, is what every core-pg test starts from */
  if (fcrm_test_sqlite_only ("a zero-byte database file"))
    return;
  dir = fcrm_test_make_dir ();
  path = g_build_filename (dir, "crm.sqlite3", NULL);
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  crm = fcrm_crm_open_full (path, NULL, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (crm);
  g_assert_cmpint (fcrm_schema_get_version (fcrm_crm_get_store (crm), NULL), ==, FCRM_SCHEMA_VERSION);
  g_clear_object (&crm);
  fcrm_test_rm_rf (dir);
}

static void
test_upgrade_from_version_1 (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new_empty ();
  const char *path = fcrm_test_location (db);
  g_autoptr(GError) error = NULL;
  FcrmClock *clock = db->clock;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GPtrArray) history = NULL;
  FcrmStore *store;
  FcrmStmt *stmt;

  /* an installation of the first release: schema 1, some work in it */
  store = fcrm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_schema_migrate (store, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_schema_get_version (store, NULL), ==, 1);
  g_assert_false (fcrm_test_table_exists (store, "attachments"));

  g_assert_true (fcrm_store_exec (store,
                                  "INSERT INTO pipelines (code, name, entity, position) VALUES ('lead', 'Leads', 'lead', 0);"
                                  "INSERT INTO stages (code, pipeline, name, kind, position) "
                                  "  VALUES ('lead.new', 'lead', 'Unprocessed', 'open', 0);"
                                  "INSERT INTO users (id, login, name, role, active, created_at) "
                                  "  VALUES (7, 'olga', 'Olga Smirnova', 'manager', 1, 1760000000);", &error));
  g_assert_no_error (error);
  stmt = fcrm_store_prepare (store,
                             "INSERT INTO leads (id, title, name, phone, phone_norm, source, budget, comment, stage,"
                             "  responsible_id, stage_entered_at, created_at, updated_at) "
                             "VALUES (42, ?, ?, ?, ?, 'call', ?, ?, 'lead.new', 7, ?, ?, ?)", &error);
  g_assert_no_error (error);
  fcrm_stmt_bind_text (stmt, 1, "Kitchen for the Ivanovs");
  fcrm_stmt_bind_text (stmt, 2, "Ivan Ivanov");
  fcrm_stmt_bind_text (stmt, 3, "+7 912 345-67-89");
  fcrm_stmt_bind_text (stmt, 4, "79123456789");
  fcrm_stmt_bind_int64 (stmt, 5, G_GINT64_CONSTANT (25000050));
  fcrm_stmt_bind_text (stmt, 6, "Oak, 3 m");
  fcrm_stmt_bind_int64 (stmt, 7, 1760000100);
  fcrm_stmt_bind_int64 (stmt, 8, 1760000100);
  fcrm_stmt_bind_int64 (stmt, 9, 1760000100);
  g_assert_true (fcrm_stmt_run (stmt, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_store_exec (store,
                                  "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at, user_id) "
                                  "  VALUES ('lead', 42, 'lead.new', 1760000100, 7);"
                                  /* a client of the lead, with a note on the card later */
                                  "INSERT INTO contacts (id, name, created_at, updated_at) "
                                  "  VALUES (5, 'Ivan Ivanov', 1760000000, 1760000000);"
                                  "UPDATE leads SET contact_id = 5 WHERE id = 42;"
                                  "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                                  "  VALUES ('contact', 5, 7, 'Called back', 1760000500);", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* the new program opens it, upgrades it and keeps the data */
  crm = fcrm_crm_open (path, clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (crm);
  store = fcrm_crm_get_store (crm);
  g_assert_cmpint (fcrm_schema_get_version (store, NULL), ==, FCRM_SCHEMA_VERSION);
  g_assert_true (fcrm_test_table_exists (store, "attachments"));
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM attachments"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM schema_version"), ==, FCRM_SCHEMA_VERSION);

  lead = fcrm_crm_lead_get (crm, 42, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead);
  g_assert_cmpstr (lead->title, ==, "Kitchen for the Ivanovs");
  g_assert_cmpstr (lead->name, ==, "Ivan Ivanov");
  g_assert_cmpstr (lead->phone, ==, "+7 912 345-67-89");
  g_assert_cmpstr (lead->stage, ==, "lead.new");
  g_assert_cmpstr (lead->pipeline, ==, "lead");
  g_assert_cmpstr (lead->source, ==, "call");
  g_assert_cmpstr (lead->comment, ==, "Oak, 3 m");
  g_assert_cmpint (lead->budget, ==, G_GINT64_CONSTANT (25000050));
  g_assert_cmpint (lead->responsible_id, ==, 7);
  g_assert_cmpstr (lead->responsible_login, ==, "olga");
  g_assert_cmpint (lead->created_at, ==, 1760000100);
  history = fcrm_crm_history (crm, FCRM_ENTITY_LEAD, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);

  /* schema 7 made the old lead's search row: by title (any case) and phone digits */
  {
    g_autoptr(GPtrArray) found = fcrm_crm_search (crm, "IVANOVS", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (((FcrmSearchResult *) found->pdata[0])->id, ==, 42);
    g_clear_pointer (&found, g_ptr_array_unref);
    found = fcrm_crm_search (crm, "912 345-67", 10, &error);
    g_assert_cmpuint (found->len, ==, 1);
  }

  /* and the template is complete around the old rows */
  g_assert_nonnull (fcrm_crm_get_stage (crm, "mfg.contract"));
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM pipelines"), ==, 4);

  /* schema 6 counted the old lead into its column's totals */
  {
    gint64 count = 0, sum = 0;

    g_assert_true (fcrm_crm_stage_totals (crm, "lead.new", &count, &sum, &error));
    g_assert_cmpint (count, ==, 1);
    g_assert_cmpint (sum, ==, G_GINT64_CONSTANT (25000050));
  }

  /* schema 8 found the client's last activity in what was recorded: the note */
  {
    g_autoptr(FcrmContact) client = fcrm_crm_contact_get (crm, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpint (client->last_activity, ==, 1760000500);
  }

  /* the upgraded database works: the old lead moves on, its totals along,
   * and its client's last activity with it */
  g_assert_true (fcrm_crm_lead_move (crm, 42, "lead.in_progress", &error));
  g_assert_no_error (error);
  {
    g_autoptr(FcrmContact) client = fcrm_crm_contact_get (crm, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpint (client->last_activity, ==, fcrm_clock_now (clock));
  }
  {
    gint64 count = 0, sum = 0;

    g_assert_true (fcrm_crm_stage_totals_filtered (crm, "lead.in_progress",
                                                   &(FcrmBoardFilter) { .responsible_id = 7, .source = "call" },
                                                   &count, &sum, &error));
    g_assert_cmpint (count, ==, 1);
    g_assert_cmpint (sum, ==, G_GINT64_CONSTANT (25000050));
    g_assert_true (fcrm_crm_stage_totals (crm, "lead.new", &count, &sum, &error));
    g_assert_cmpint (count, ==, 0);
  }
}

static void
test_failed_migration_is_rolled_back (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new_empty ();
  const char *path = fcrm_test_location (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStore) store = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  /* schema 1 with an object in the way of migration 2 */
  store = fcrm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_schema_migrate (store, 1, &error));
  g_assert_true (fcrm_store_exec (store, "CREATE INDEX attachments_entity ON users (login)", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  crm = fcrm_crm_open (path, NULL, &error);
  g_assert_null (crm);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FCRM_ERROR);
  g_clear_error (&error);

  /* nothing of migration 2 stayed behind */
  store = fcrm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_schema_get_version (store, NULL), ==, 1);
  g_assert_false (fcrm_test_table_exists (store, "attachments"));
}

static void
test_too_new (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *sql = g_strdup_printf ("INSERT INTO schema_version (version, applied_at) VALUES (%d, 0)",
                                          FCRM_SCHEMA_VERSION + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmStore) store = NULL;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_exec (db->crm, sql);
  g_clear_object (&db->crm);

  crm = fcrm_crm_open (fcrm_test_location (db), db->clock, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_TOO_NEW);
  g_assert_cmpstr (error->message, !=, "");

  /* the newer database is left alone */
  store = fcrm_store_open (fcrm_test_location (db), &error);
  g_clear_error (&error);
  g_assert_nonnull (store);
  g_assert_cmpint (fcrm_schema_get_version (store, NULL), ==, FCRM_SCHEMA_VERSION + 1);
  {
    FcrmStmt *stmt = fcrm_store_prepare (store, "SELECT count(*) FROM users", NULL);
    g_assert_true (fcrm_stmt_step (stmt, NULL));
    g_assert_cmpint (fcrm_stmt_get_int64 (stmt, 0), ==, 1);
    fcrm_stmt_reset (stmt);
  }
  /* fcrm_schema_migrate refuses it directly too */
  g_assert_false (fcrm_schema_migrate (store, FCRM_SCHEMA_VERSION, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_TOO_NEW);
}

/* Open @contents written to a file: refused with NOT_A_DATABASE, file untouched. */
static void
check_not_a_database (const char *contents,
                      gsize       length)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autofree char *after = NULL;
  gsize after_len = 0;

  if (fcrm_test_sqlite_only ("a file that is not a database; a server is always one"))
    return;
  dir = fcrm_test_make_dir ();
  path = g_build_filename (dir, "crm.sqlite3", NULL);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  crm = fcrm_crm_open (path, NULL, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("message: %s", error->message);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, contents, length);
  fcrm_test_rm_rf (dir);
}

static void
test_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260112);
  gsize n = 16384;
  g_autofree guint8 *bytes = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  check_not_a_database ((const char *) bytes, n);
}

static void
test_text_file (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 0; i < 200; i++)
    g_string_append_printf (text, "line %d: this is a shopping list, not a database\n", i);
  check_not_a_database (text->str, text->len);
}

static void
test_short_text_file (void)
{
  static const char text[] = "hello\n";

  check_not_a_database (text, strlen (text));
}

static void
test_sqlite_header_then_garbage (void)
{
  /* a truncated or damaged copy: the magic string, then noise */
  g_autoptr(GString) text = g_string_new ("SQLite format 3");

  g_string_append_c (text, '\0');
  for (int i = 0; i < 4000; i++)
    g_string_append_c (text, (char) ('a' + i % 26));
  check_not_a_database (text->str, text->len);
}

static void
test_other_application (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new_empty ();
  const char *path = fcrm_test_location (db);
  gboolean pg = fcrm_test_is_pg ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStore) store = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  /* another program's database (a file written without WAL) */
  store = fcrm_store_open (path, &error);
  g_assert_no_error (error);
  if (!pg)
    {
      g_assert_true (fcrm_store_exec (store, "PRAGMA journal_mode=DELETE", &error));
      g_assert_no_error (error);
    }
  g_assert_true (fcrm_store_exec (store,
                                  "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT);"
                                  "INSERT INTO recipes (id, name) VALUES (1, 'borscht'), (2, 'pelmeni');", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  crm = fcrm_crm_open (path, NULL, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* refusing it wrote nothing, not even its journal mode (raw read of the file header:
   * bytes 18-19 are 1 for a rollback journal, 2 for WAL) */
  if (!pg)
    {
      g_autofree char *bytes = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
      g_assert_cmpuint (len, >=, 100);
      g_assert_cmpint (bytes[18], ==, 1);
      g_assert_cmpint (bytes[19], ==, 1);
    }

  /* its tables are untouched and none of ours were added */
  store = fcrm_store_open (path, &error);
  g_assert_no_error (error);
  {
    FcrmStmt *stmt = fcrm_store_prepare (store,
                                         pg ? "SELECT count(*) FROM information_schema.tables "
                                              "WHERE table_schema = current_schema()"
                                            : "SELECT count(*) FROM sqlite_schema", NULL);
    g_assert_true (fcrm_stmt_step (stmt, NULL));
    g_assert_cmpint (fcrm_stmt_get_int64 (stmt, 0), ==, 1);
    fcrm_stmt_reset (stmt);
    stmt = fcrm_store_prepare (store, "SELECT count(*) FROM recipes", NULL);
    g_assert_true (fcrm_stmt_step (stmt, NULL));
    g_assert_cmpint (fcrm_stmt_get_int64 (stmt, 0), ==, 2);
    fcrm_stmt_reset (stmt);
  }
  g_assert_false (fcrm_test_table_exists (store, "schema_version"));
}

static void
test_directory (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sub = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  if (fcrm_test_sqlite_only ("a folder given as the database file"))
    return;
  dir = fcrm_test_make_dir ();
  sub = g_build_filename (dir, "crm.sqlite3", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  crm = fcrm_crm_open (dir, NULL, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);

  crm = fcrm_crm_open (sub, NULL, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE);
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  fcrm_test_rm_rf (dir);
}

static void
test_storage_settings (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = fcrm_crm_get_store (db->crm);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) rich = NULL;
  FcrmStmt *stmt;

  /* SQLite's own settings (a server needs none of them) */
  if (!fcrm_test_is_pg ())
    {
      g_autofree char *journal = pragma_text (store, "PRAGMA journal_mode");

      g_assert_cmpstr (journal, ==, "wal");
      g_assert_cmpint (fcrm_test_int (db->crm, "PRAGMA foreign_keys"), ==, 1);
      g_assert_cmpint (fcrm_test_int (db->crm, "PRAGMA busy_timeout"), >, 0);
    }

  /* money and times are 64-bit on both engines: ten billion roubles in kopecks */
  rich = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Palace", .budget = "10000000000" },
                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (rich->budget, ==, G_GINT64_CONSTANT (1000000000000));
  g_assert_cmpint (fcrm_test_int1 (db->crm, "SELECT budget FROM leads WHERE id = ?", rich->id), ==,
                   G_GINT64_CONSTANT (1000000000000));

  /* foreign keys are enforced: a lead at a stage that does not exist */
  stmt = fcrm_store_prepare (store,
                             "INSERT INTO leads (title, stage, stage_entered_at, created_at, updated_at) "
                             "VALUES ('x', 'no.such.stage', 0, 0, 0)", &error);
  g_assert_no_error (error);
  g_assert_false (fcrm_stmt_run (stmt, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM leads"), ==, 1);

  /* and the CHECKs: money is never negative */
  stmt = fcrm_store_prepare (store,
                             "INSERT INTO leads (title, stage, budget, stage_entered_at, created_at, updated_at) "
                             "VALUES ('x', 'lead.new', -1, 0, 0, 0)", &error);
  g_assert_no_error (error);
  g_assert_false (fcrm_stmt_run (stmt, &error));
  g_assert_nonnull (error);
}

static void
test_transactions (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = fcrm_crm_get_store (db->crm);
  g_autoptr(GError) error = NULL;

  /* nested levels: only the outermost commits, an inner rollback undoes all */
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_in_transaction (store));
  g_assert_true (fcrm_store_exec (store, "INSERT INTO settings (key, value) VALUES ('a', '1')", &error));
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_exec (store, "INSERT INTO settings (key, value) VALUES ('b', '2')", &error));
  fcrm_store_rollback (store);
  g_assert_true (fcrm_store_in_transaction (store));
  g_assert_false (fcrm_store_commit (store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (fcrm_store_in_transaction (store));
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM settings WHERE key IN ('a', 'b')"), ==, 0);

  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_exec (store, "INSERT INTO settings (key, value) VALUES ('c', '3')", &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_store_in_transaction (store));
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM settings WHERE key = 'c'"), ==, 1);

  /* a committed change survives a restart */
  fcrm_test_db_reopen (db);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM settings WHERE key = 'c'"), ==, 1);
}

static void
test_data_version (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) other = fcrm_crm_open (fcrm_test_location (db), db->clock, &error);
  gint64 before;

  g_assert_no_error (error);
  /* (setting the database up committed too: let the news of that arrive first) */
  before = fcrm_test_settle_data_version (fcrm_crm_get_store (db->crm));
  /* one's own commit is not news */
  fcrm_test_add_user (db->crm, "boris", "manager");
  g_usleep (G_USEC_PER_SEC / 10);
  g_assert_cmpint (fcrm_store_data_version (fcrm_crm_get_store (db->crm)), ==, before);
  /* another instance's is, soon (a server tells of it asynchronously) */
  fcrm_test_add_user (other, "anna", "manager");
  g_assert_true (fcrm_test_wait_data_version (fcrm_crm_get_store (db->crm), before));
}

/* Several desktops start at once on a database nobody created yet. */
static void
test_concurrent_first_open (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new_empty ();
  const char *path = fcrm_test_location (db);
  int go[2];
  pid_t pids[4];
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  g_assert_cmpint (pipe (go), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        {
          char c;
          GError *child_error = NULL;
          FcrmCrm *child;

          close (go[1]);
          (void) !read (go[0], &c, 1);   /* wait for the start signal (EOF) */
          child = fcrm_crm_open_full (path, NULL, FCRM_OPEN_CREATE, &child_error);
          if (child == NULL)
            {
              g_printerr ("child %u: %s\n", i, child_error->message);
              g_error_free (child_error);
              _exit (1);
            }
          g_object_unref (child);
          _exit (0);
        }
    }
  close (go[0]);
  close (go[1]);   /* go! */
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  crm = fcrm_crm_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM schema_version"), ==, FCRM_SCHEMA_VERSION);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM stages"), ==, 29);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM robots"), ==,
                   fcrm_test_int (crm, "SELECT count(DISTINCT template_key) FROM robots"));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/schema/new", test_new_database);
  g_test_add_func ("/schema/creates-folder", test_folder_is_created);
  g_test_add_func ("/schema/empty-file", test_empty_file_is_new_database);
  g_test_add_func ("/schema/upgrade-from-1", test_upgrade_from_version_1);
  g_test_add_func ("/schema/failed-migration-rolls-back", test_failed_migration_is_rolled_back);
  g_test_add_func ("/schema/too-new", test_too_new);
  g_test_add_func ("/schema/not-a-database/random-bytes", test_random_bytes);
  g_test_add_func ("/schema/not-a-database/text", test_text_file);
  g_test_add_func ("/schema/not-a-database/short-text", test_short_text_file);
  g_test_add_func ("/schema/not-a-database/damaged", test_sqlite_header_then_garbage);
  g_test_add_func ("/schema/not-a-database/other-application", test_other_application);
  g_test_add_func ("/schema/not-a-database/directory", test_directory);
  g_test_add_func ("/schema/storage-settings", test_storage_settings);
  g_test_add_func ("/schema/transactions", test_transactions);
  g_test_add_func ("/schema/data-version", test_data_version);
  g_test_add_func ("/schema/concurrent-first-open", test_concurrent_first_open);
  return g_test_run ();
}
