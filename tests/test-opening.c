/* Opening a database never writes unless something must change (issue 8):
 * no write lock on an up-to-date database, a read-only file or folder opens
 * for reading and refuses writes clearly, and only creating makes a
 * database — a missing path or an empty database is refused. */

#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcrm-test-util.h"
#include "fcrm-schema.h"

/* Who the permission cases run as when the tests run as root (root writes
 * whatever the permissions say): "nobody", which needs no passwd entry. */
#define UNPRIVILEGED_ID 65534
#define EXIT_SKIP 77

typedef struct
{
  GBytes *bytes;
  gint64  mtime_ns;
} FileState;

static void
file_state (const char *path,
            FileState  *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  GStatBuf st;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  out->bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  out->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
}

static void
assert_file_unchanged (const char *path,
                       FileState  *before)
{
  FileState after;

  file_state (path, &after);
  g_assert_true (g_bytes_equal (before->bytes, after.bytes));
  g_assert_cmpint (before->mtime_ns, ==, after.mtime_ns);
  g_bytes_unref (after.bytes);
}

static char *
sibling (const char *path,
         const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

/* A SQLite database with one lead and one deal, closed cleanly. */
static FcrmTestDb *
closed_database (gint64 *out_deal)
{
  FcrmTestDb *db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) deal = NULL;

  fcrm_test_add_user (db->crm, "anna", "manager");
  lead = fcrm_test_add_lead (db->crm, "Kitchen", "anna");
  deal = fcrm_test_add_deal (db->crm, "repair", "Wardrobe door", "anna");
  *out_deal = deal->id;
  g_clear_object (&db->crm);
  return db;
}

/* ---- only creating makes a database -------------------------------------------- */

static void
test_missing_path (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *top = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  if (fcrm_test_sqlite_only ("a path on disk; a server database is made by its administrator"))
    return;
  dir = fcrm_test_make_dir ();
  top = g_build_filename (dir, "nope", NULL);
  path = g_build_filename (top, "sub", "crm.sqlite3", NULL);

  crm = fcrm_crm_open (path, NULL, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("message: %s", error->message);
  /* nothing made, not even the folder */
  g_assert_false (g_file_test (top, G_FILE_TEST_EXISTS));

  /* the store refuses it the same way */
  g_clear_error (&error);
  g_assert_null (fcrm_store_open_full (path, FCRM_OPEN_EXISTING, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE);
  g_assert_false (g_file_test (top, G_FILE_TEST_EXISTS));
  /* (creating it, folders and all, is /schema/creates-folder) */
  fcrm_test_rm_rf (dir);
}

static void
test_mistyped_path (void)
{
  gint64 deal;
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autofree char *typo = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  if (fcrm_test_sqlite_only ("a path on disk"))
    return;
  db = closed_database (&deal);
  /* "crm.sqlite" for "crm.sqlite3" */
  typo = g_strndup (fcrm_test_location (db), strlen (fcrm_test_location (db)) - 1);
  crm = fcrm_crm_open (typo, db->clock, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE);
  g_assert_false (g_file_test (typo, G_FILE_TEST_EXISTS));
  listing = g_dir_open (db->dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
}

/* An empty file, or an empty server database: not set up, and not set up
 * by opening it either. */
static void
test_empty_database (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new_empty ();
  const char *location = fcrm_test_location (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmStore) store = NULL;

  if (!fcrm_test_is_pg ())
    g_assert_true (g_file_set_contents (location, "", 0, NULL));

  crm = fcrm_crm_open (location, db->clock, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE);
  g_assert_nonnull (strstr (error->message, "init"));
  g_test_message ("message: %s", error->message);
  /* a server address may hold a password: never repeated */
  if (fcrm_test_is_pg ())
    g_assert_null (strstr (error->message, location));
  g_clear_error (&error);

  store = fcrm_store_open_full (location, FCRM_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_schema_get_version (store, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (fcrm_test_table_exists (store, "schema_version"));
  g_assert_false (fcrm_test_table_exists (store, "leads"));
  g_clear_object (&store);
  if (!fcrm_test_is_pg ())
    {
      GStatBuf st;

      g_assert_cmpint (g_stat (location, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 0);
    }

  /* init sets it up */
  crm = fcrm_crm_open_full (location, db->clock, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_schema_get_version (fcrm_crm_get_store (crm), NULL), ==, FCRM_SCHEMA_VERSION);
}

/* A server role that may connect but was never made a user: the database is
 * set up, only hidden from it — refused as such, not taken for an empty one
 * (information_schema shows a role only what it may use). */
static void
test_role_without_rights (void)
{
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autofree char *login = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *uri = NULL;

  if (!fcrm_test_is_pg ())
    {
      g_test_skip ("server roles");
      return;
    }
  db = fcrm_test_db_new ();
  login = g_strdup_printf ("stranger_%d", (int) getpid ());
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD 'stranger pw'", login);
  fcrm_test_pg_exec (sql);
  uri = fcrm_test_pg_uri (db->pg_name, login, "stranger pw");

  crm = fcrm_crm_open (uri, db->clock, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_test_message ("message: %s", error->message);

  g_clear_pointer (&db, fcrm_test_db_free);
  g_free (sql);
  sql = g_strdup_printf ("DROP ROLE %s", login);
  fcrm_test_pg_exec (sql);
}

/* ---- opening reads ---------------------------------------------------------------- */

/* Another program holds the write lock (a long import, say): opening and
 * reading go on. Before, opening waited for the lock (and failed after the
 * busy timeout) because the template check ran in a write transaction. */
static void
test_no_write_lock (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmStore) blocker = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autofree char *location = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  gint64 started;

  fcrm_test_add_user (db->crm, "anna", "manager");
  lead = fcrm_test_add_lead (db->crm, "Kitchen", "anna");
  g_clear_object (&db->crm);

  blocker = fcrm_store_open (fcrm_test_location (db), &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_store_begin (blocker, &error));
  g_assert_no_error (error);
  if (fcrm_test_is_pg ())
    {
      const char *base = fcrm_test_location (db);

      /* every table opening could write, and the set-up locks */
      g_assert_true (fcrm_store_exec (blocker,
                                      "LOCK TABLE schema_version, settings, pipelines, stages, loss_reasons, robots "
                                      "IN EXCLUSIVE MODE;"
                                      "SELECT pg_advisory_xact_lock(727601);"
                                      "SELECT pg_advisory_xact_lock(727602);", &error));
      g_assert_no_error (error);
      /* fail in seconds, not hang, if opening does wait for a lock */
      location = g_strconcat (base, strchr (base, '?') != NULL ? "&" : "?",
                              "options=-c%20lock_timeout%3D5000", NULL);
    }
  else
    location = g_strdup (fcrm_test_location (db));

  started = g_get_monotonic_time ();
  crm = fcrm_crm_open (location, db->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (crm);
  leads = fcrm_crm_lead_list (crm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  pipelines = fcrm_crm_list_pipelines (crm);
  g_assert_cmpuint (pipelines->len, ==, 4);
  g_test_message ("opened and listed in %" G_GINT64_FORMAT " ms under another writer's lock",
                  (g_get_monotonic_time () - started) / 1000);
  g_assert_false (fcrm_store_is_read_only (fcrm_crm_get_store (crm)));

  fcrm_store_rollback (blocker);
}

/* Opening, reading and closing leaves the file as it was, byte for byte. */
static void
test_file_untouched (void)
{
  gint64 deal_id;
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  FileState before;

  if (fcrm_test_sqlite_only ("a database file's bytes"))
    return;
  db = closed_database (&deal_id);
  wal = sibling (fcrm_test_location (db), "-wal");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  file_state (fcrm_test_location (db), &before);
  g_usleep (20000);   /* so that a write would show in the mtime too */

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(FcrmCrm) crm = fcrm_crm_open (fcrm_test_location (db), db->clock, &error);
      g_autoptr(GPtrArray) leads = NULL;
      g_autoptr(FcrmItem) deal = NULL;

      g_assert_no_error (error);
      leads = fcrm_crm_lead_list (crm, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (leads->len, ==, 1);
      deal = fcrm_crm_deal_get (crm, deal_id, &error);
      g_assert_no_error (error);
      /* while open, the -wal holds nothing */
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          GStatBuf st;

          g_assert_cmpint (g_stat (wal, &st), ==, 0);
          g_assert_cmpint (st.st_size, ==, 0);
        }
    }
  assert_file_unchanged (fcrm_test_location (db), &before);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_bytes_unref (before.bytes);
}

/* A template row gone missing is put back on opening (the one write that
 * opening still does, besides upgrades). */
static void
test_missing_template_row_restored (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  gint64 robots = fcrm_test_n_robots (db->crm, NULL);

  g_assert_cmpint (fcrm_test_n_robots (db->crm, "lead.new"), ==, 3);
  /* a template robot lost from the database (the storage itself) */
  fcrm_test_exec (db->crm, "DELETE FROM robots WHERE template_key = 'lead.new.3d'");
  g_assert_cmpint (fcrm_test_n_robots (db->crm, NULL), ==, robots - 1);
  g_clear_object (&db->crm);
  db->crm = fcrm_crm_open (fcrm_test_location (db), db->clock, NULL);
  g_assert_nonnull (db->crm);
  g_assert_cmpint (fcrm_test_n_robots (db->crm, NULL), ==, robots);
  /* lead.new has its +3d reminder to the supervisors again, once */
  {
    g_autoptr(GPtrArray) list = fcrm_crm_list_robots (db->crm, "lead.new", NULL);
    guint three_days = 0;

    for (guint i = 0; i < list->len; i++)
      {
        FcrmRobot *r = g_ptr_array_index (list, i);

        three_days += r->delay == 3 * 24 * 3600 && g_strcmp0 (r->recipient, "supervisors") == 0;
      }
    g_assert_cmpuint (list->len, ==, 3);
    g_assert_cmpuint (three_days, ==, 1);
  }
}

/* ---- read-only files and folders ------------------------------------------------- */

typedef enum {
  RO_FILE   = 1 << 0,   /* chmod 444 on the database file */
  RO_FOLDER = 1 << 1,   /* chmod 555 on its folder */
} ReadOnly;

typedef struct
{
  const char *path;
  gint64      deal_id;
  const char *refusal;   /* for a refused opening: a word its message must hold */
} Case;

/* Run @check in a child process that cannot write what @how makes
 * read-only: the test user itself, or — as root, which ignores permissions —
 * an unprivileged one. Returns FALSE (the test skipped) when that is not possible. */
static gboolean
run_read_only (const char *dir,
               const char *path,
               ReadOnly    how,
               void      (*check) (const Case *),
               const Case *c)
{
  gboolean root = geteuid () == 0;
  pid_t pid;
  int status = 0;

  if (root)
    {
      /* the unprivileged user owns both, so only the permissions stop it */
      g_assert_cmpint (chown (dir, UNPRIVILEGED_ID, UNPRIVILEGED_ID), ==, 0);
      g_assert_cmpint (chown (path, UNPRIVILEGED_ID, UNPRIVILEGED_ID), ==, 0);
    }
  if (how & RO_FILE)
    g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (how & RO_FOLDER)
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (root && (setgroups (0, NULL) != 0 || setgid (UNPRIVILEGED_ID) != 0 || setuid (UNPRIVILEGED_ID) != 0))
        _exit (EXIT_SKIP);
      /* some sandboxes let anyone write (CAP_DAC_OVERRIDE): nothing to test
       * then; and the folder must be reachable (TMPDIR) */
      if (g_access (dir, R_OK | X_OK) != 0 ||
          ((how & RO_FILE) && g_access (path, W_OK) == 0) || ((how & RO_FOLDER) && g_access (dir, W_OK) == 0))
        _exit (EXIT_SKIP);
      check (c);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  if (WIFEXITED (status) && WEXITSTATUS (status) == EXIT_SKIP)
    {
      g_test_skip (root ? "running as root and cannot drop to an unprivileged user, so permissions stop nothing"
                        : "permissions do not stop writes here (CAP_DAC_OVERRIDE?)");
      return FALSE;
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return TRUE;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
check_reads_and_refuses_writes (const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (c->path);
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (c->path, NULL, &error);
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) added = NULL;
  guint files = count_files (dir);

  g_assert_no_error (error);
  g_assert_nonnull (crm);
  g_assert_true (fcrm_store_is_read_only (fcrm_crm_get_store (crm)));

  leads = fcrm_crm_lead_list (crm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  deal = fcrm_crm_deal_get (crm, c->deal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deal->title, ==, "Wardrobe door");
  pipelines = fcrm_crm_list_pipelines (crm);
  g_assert_cmpuint (pipelines->len, ==, 4);

  added = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = "Not written" }, &error);
  g_assert_null (added);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_nonnull (strstr (error->message, c->path));
  g_clear_error (&error);
  g_assert_false (fcrm_crm_lead_move (crm, ((FcrmItem *) g_ptr_array_index (leads, 0))->id, "lead.in_progress",
                                      &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_READ_ONLY);

  /* nothing was created beside it either (no -wal, no -shm) */
  g_assert_cmpuint (count_files (dir), ==, files);
}

static void
check_read_only (ReadOnly how)
{
  gint64 deal_id;
  g_autoptr(FcrmTestDb) db = NULL;
  FileState before;
  Case c;

  if (fcrm_test_sqlite_only ("file permissions; a server has its own rights (test-office)"))
    return;
  db = closed_database (&deal_id);
  c = (Case) { fcrm_test_location (db), deal_id, NULL };
  g_assert_cmpuint (count_files (db->dir), ==, 1);
  file_state (c.path, &before);
  g_usleep (20000);
  if (run_read_only (db->dir, c.path, how, check_reads_and_refuses_writes, &c))
    {
      assert_file_unchanged (c.path, &before);
      g_assert_cmpuint (count_files (db->dir), ==, 1);

      /* writable again, it works as before: nothing left behind blocks it */
      fcrm_test_db_open (db);
      g_assert_false (fcrm_store_is_read_only (fcrm_crm_get_store (db->crm)));
      g_object_unref (fcrm_test_add_lead (db->crm, "Written", NULL));
    }
  g_bytes_unref (before.bytes);
}

static void test_read_only_file (void)   { check_read_only (RO_FILE); }
static void test_read_only_folder (void) { check_read_only (RO_FOLDER); }
static void test_read_only_both (void)   { check_read_only (RO_FILE | RO_FOLDER); }

static void
check_refused (const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (c->path, NULL, &error);

  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, c->refusal));
  g_test_message ("message: %s", error->message);
}

/* An old database that cannot be written cannot be upgraded: said so. */
static void
test_read_only_old_schema (void)
{
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(FcrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Case c;

  if (fcrm_test_sqlite_only ("file permissions"))
    return;
  db = fcrm_test_db_new_empty ();
  store = fcrm_store_open (fcrm_test_location (db), &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_schema_migrate (store, 1, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  c = (Case) { fcrm_test_location (db), 0, "upgrade" };
  if (run_read_only (db->dir, c.path, RO_FILE, check_refused, &c))
    {
      store = fcrm_store_open (c.path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (fcrm_schema_get_version (store, NULL), ==, 1);
    }
}

/* After a crash the last commits are in the -wal; in a read-only folder
 * SQLite cannot read them (that needs a new -shm). Showing the file without
 * them would show an old state as if it were current: refused instead. */
static void
test_read_only_folder_after_crash (void)
{
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *wal_bytes = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  gsize wal_len = 0;
  gint64 lead_id;
  Case c;

  if (fcrm_test_sqlite_only ("SQLite's -wal file"))
    return;
  db = fcrm_test_db_new ();
  wal = sibling (fcrm_test_location (db), "-wal");
  shm = sibling (fcrm_test_location (db), "-shm");
  lead = fcrm_test_add_lead (db->crm, "Only in the WAL", NULL);
  lead_id = lead->id;
  /* what a crash leaves: the -wal as it was while the program ran, and
   * (here) no -shm */
  g_assert_true (g_file_get_contents (wal, &wal_bytes, &wal_len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wal_len, >, 0);
  g_clear_object (&db->crm);
  g_assert_true (g_file_set_contents (wal, wal_bytes, wal_len, &error));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  c = (Case) { fcrm_test_location (db), 0, "-wal" };
  if (geteuid () == 0)
    g_assert_cmpint (chown (wal, UNPRIVILEGED_ID, UNPRIVILEGED_ID), ==, 0);
  if (!run_read_only (db->dir, c.path, RO_FOLDER, check_refused, &c))
    return;
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* with the folder writable again, the lead is there */
  fcrm_test_db_open (db);
  g_clear_object (&lead);
  lead = fcrm_crm_lead_get (db->crm, lead_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lead->title, ==, "Only in the WAL");
}

/* An office server that cannot be reached is said in plain words, not
 * libpq's (issue 13). */
static void
test_server_unreachable_words (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;

  /* nothing listens on port 1 */
  crm = fcrm_crm_open ("postgresql://anna@127.0.0.1:1/crm?connect_timeout=5", NULL, &error);
  g_assert_null (crm);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "does not answer"));
  g_assert_null (strstr (error->message, "Connection refused"));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/opening/missing-path", test_missing_path);
  g_test_add_func ("/opening/mistyped-path", test_mistyped_path);
  g_test_add_func ("/opening/empty-database", test_empty_database);
  g_test_add_func ("/opening/role-without-rights", test_role_without_rights);
  g_test_add_func ("/opening/no-write-lock", test_no_write_lock);
  g_test_add_func ("/opening/file-untouched", test_file_untouched);
  g_test_add_func ("/opening/missing-template-row", test_missing_template_row_restored);
  g_test_add_func ("/opening/read-only/file", test_read_only_file);
  g_test_add_func ("/opening/read-only/folder", test_read_only_folder);
  g_test_add_func ("/opening/read-only/file-and-folder", test_read_only_both);
  g_test_add_func ("/opening/read-only/old-schema", test_read_only_old_schema);
  g_test_add_func ("/opening/read-only/folder-after-crash", test_read_only_folder_after_crash);
  g_test_add_func ("/opening/server-unreachable-words", test_server_unreachable_words);
  return g_test_run ();
}
