/* Backups and restores (fcrm-backup.h): a consistent copy while another
 * connection writes; a restore that checks before it replaces and keeps the
 * replaced database aside; refusals that write nothing; rotation; the
 * supervisor's warning about a stale backup; the office server's export
 * restored into a file and into a server. */

#include <glib/gstdio.h>
#include <string.h>

#include "fcrm-attachments.h"
#include "fcrm-backup.h"
#include "fcrm-schema.h"
#include "fcrm-store.h"
#include "fcrm-test-office.h"

static GBytes *
sample_file (void)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (s, "%d,", i * 7919 % 10007);
  return g_string_free_to_bytes (s);
}

/* A database with people, items, a comment-worthy history and a file. */
static gint64
fill (FcrmCrm *crm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmAttachment) a = NULL;
  g_autoptr(GBytes) content = sample_file ();
  FcrmDemoOptions demo = { .leads = 300, .deals = 150, .contacts = 100, .seed = 7 };

  g_assert_true (fcrm_crm_demo (crm, &demo, &error));
  g_assert_no_error (error);
  deal = fcrm_test_add_deal (crm, "manufacturing", "Kitchen with a file", NULL);
  a = fcrm_crm_attach (crm, FCRM_ENTITY_DEAL, deal->id, "layout.csv", "layout", content, &error);
  g_assert_no_error (error);
  return deal->id;
}

static char *
find_kept (const char *folder,
           const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && strstr (name, "before-restore-") != NULL)
      return g_build_filename (folder, name, NULL);
  return NULL;
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_round_trip (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "crm.fcrm-backup", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) extra = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) expected = sample_file ();
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(FcrmCrm) aside = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  gint64 deal_id, n_leads, n_deals, n_contacts, version;
  double last = -1;

  deal_id = fill (db->crm);
  n_leads = fcrm_test_n_leads (db->crm);
  n_deals = fcrm_test_n_deals (db->crm);
  n_contacts = fcrm_test_int (db->crm, "SELECT count(*) FROM contacts");
  g_assert_cmpint (fcrm_crm_get_last_backup (db->crm), ==, 0);

  g_assert_true (fcrm_crm_backup (db->crm, file, record_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (fcrm_crm_get_last_backup (db->crm), ==, fcrm_test_start_time ());
  g_assert_true (fcrm_backup_check_file (file, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);

  /* what happens after the backup is what the restore takes back */
  extra = fcrm_test_add_lead (db->crm, "After the backup", NULL);
  fcrm_test_exec (db->crm, "DELETE FROM attachments");
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, n_leads + 1);

  fcrm_clock_advance (db->clock, 60);
  other = fcrm_crm_open (fcrm_test_location (db), NULL, &error);
  g_assert_no_error (error);
  version = fcrm_crm_data_version (other);
  fcrm_crm_restore (db->crm, file, &kept, &error);
  g_assert_no_error (error);
  /* another desktop's change polling notices the restore as a commit */
  if (!fcrm_test_is_pg ())
    g_assert_cmpint (fcrm_crm_data_version (other), !=, version);
  g_assert_cmpint (fcrm_test_n_leads (other), ==, n_leads);
  g_clear_object (&other);
  g_assert_nonnull (kept);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (kept, "before-restore-"));

  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, n_leads);
  g_assert_cmpint (fcrm_test_n_deals (db->crm), ==, n_deals);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM contacts"), ==, n_contacts);
  files = fcrm_crm_attachments (db->crm, FCRM_ENTITY_DEAL, deal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  content = fcrm_crm_attachment_content (db->crm, ((FcrmAttachment *) files->pdata[0])->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (content, expected));
  /* the search index and column totals follow the restored rows */
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM leads WHERE title = 'After the backup'"), ==, 0);

  /* the replaced database is kept whole: it has the later lead */
  aside = fcrm_crm_open (kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_n_leads (aside), ==, n_leads + 1);
  g_assert_cmpint (fcrm_test_int (aside, "SELECT count(*) FROM attachments"), ==, 0);
  g_clear_object (&aside);
  g_unlink (kept);
  g_unlink (file);
  fcrm_test_rm_rf (dir);
}

/* ---- a writer on another connection while the backup runs ---- */

typedef struct
{
  char     *location;
  gint      stop;
  gint      commits;
  GError   *error;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (w->location, NULL, &w->error);

  while (crm != NULL && !g_atomic_int_get (&w->stop))
    {
      g_autofree char *title = g_strdup_printf ("w%06d", g_atomic_int_get (&w->commits) + 1);
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = title, .phone = "+7 912 000-00-00" },
                                                  &w->error);

      if (lead == NULL)
        break;
      g_atomic_int_inc (&w->commits);
    }
  return NULL;
}

typedef struct
{
  Writer *writer;
  int     steps;
  int     commits_during;
  int     first;
} Watch;

static void
slow_progress (double   fraction,
               gpointer user_data)
{
  Watch *watch = user_data;
  int now = g_atomic_int_get (&watch->writer->commits);

  if (watch->steps++ == 0)
    watch->first = now;
  watch->commits_during = now - watch->first;
  /* each step gives the writer time to commit, so that writes really fall
   * between the steps of one backup */
  for (gint64 until = g_get_monotonic_time () + 20000; g_atomic_int_get (&watch->writer->commits) == now &&
       g_get_monotonic_time () < until;)
    g_usleep (500);
}

static void
test_concurrent_writer (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "busy.fcrm-backup", NULL);
  g_autoptr(FcrmTestDb) target = fcrm_test_db_new_sqlite (TRUE);
  g_autoptr(GError) error = NULL;
  Writer w = { .location = g_strdup (fcrm_test_location (db)) };
  Watch watch = { .writer = &w };
  g_autoptr(GPtrArray) leads = NULL;
  GThread *thread;
  gint64 before, n_written, max_written, n_history;

  fill (db->crm);
  before = fcrm_test_n_leads (db->crm);
  thread = g_thread_new ("writer", writer_thread, &w);
  while (g_atomic_int_get (&w.commits) < 5 && w.error == NULL)
    g_usleep (1000);
  g_assert_true (fcrm_crm_backup (db->crm, file, slow_progress, &watch, NULL, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  g_assert_no_error (w.error);
  /* the writer did commit while the copy was being made */
  g_assert_cmpint (watch.steps, >=, 2);
  g_assert_cmpint (watch.commits_during, >, 0);

  /* restored elsewhere: undamaged, and exactly some committed prefix of the
   * writer's leads, each with its stage entry and its on-entry robot */
  g_assert_true (fcrm_backup_check_file (file, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_restore (target->crm, file, NULL, &error));
  g_assert_no_error (error);
  n_written = fcrm_test_int (target->crm, "SELECT count(*) FROM leads WHERE title LIKE 'w0%'");
  max_written = fcrm_test_int (target->crm, "SELECT count(*) FROM leads WHERE title LIKE 'w0%' AND title <= (SELECT max(title) FROM leads WHERE title LIKE 'w0%')");
  g_assert_cmpint (n_written, >=, 5);
  g_assert_cmpint (n_written, <=, g_atomic_int_get (&w.commits));
  g_assert_cmpint (max_written, ==, n_written);
  g_assert_cmpint (fcrm_test_n_leads (target->crm), ==, before + n_written);
  n_history = fcrm_test_int (target->crm, "SELECT count(*) FROM stage_history h JOIN leads l ON l.id = h.entity_id"
                                          " AND h.entity_type = 'lead' WHERE l.title LIKE 'w0%'");
  g_assert_cmpint (n_history, ==, n_written);
  leads = fcrm_crm_lead_list (target->crm, "lead.new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, >=, (guint) n_written);
  g_free (w.location);
  g_unlink (file);
  fcrm_test_rm_rf (dir);
}

/* ---- refusals ---- */

static void
assert_refused (FcrmTestDb *db,
                const char *file,
                int         code,
                gint64      n_leads)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *found = NULL;

  g_assert_false (fcrm_backup_check_file (file, &error));
  g_assert_error (error, FCRM_ERROR, code);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_restore (db->crm, file, &kept, &error));
  g_assert_error (error, FCRM_ERROR, code);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_nonnull (strstr (error->message, "othing was restored"));
  g_assert_null (kept);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, n_leads);
  /* nothing kept aside either: nothing was replaced */
  folder = fcrm_test_is_pg () ? g_path_get_dirname (file) : g_path_get_dirname (fcrm_test_location (db));
  found = find_kept (folder, "");
  g_assert_null (found);
}

static void
test_refusals (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *good = g_build_filename (dir, "good.fcrm-backup", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *foreign = g_build_filename (dir, "other.sqlite3", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.fcrm-backup", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.fcrm-backup", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.fcrm-backup", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStore) store = NULL;
  g_autofree char *newer_sql = NULL;
  gsize len;
  gint64 n;

  fill (db->crm);
  n = fcrm_test_n_leads (db->crm);
  g_assert_true (fcrm_crm_backup (db->crm, good, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (text, "name;phone\nAnna;+7 912\n", -1, NULL));
  assert_refused (db, text, FCRM_ERROR_NOT_A_DATABASE, n);

  store = fcrm_store_open (foreign, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_store_exec (store, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('borscht')", &error));
  g_clear_object (&store);
  assert_refused (db, foreign, FCRM_ERROR_NOT_A_DATABASE, n);

  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (newer, contents, len, NULL));
  store = fcrm_store_open (newer, &error);
  g_assert_no_error (error);
  newer_sql = g_strdup_printf ("INSERT INTO schema_version (version, applied_at) VALUES (%d, 0)", FCRM_SCHEMA_VERSION + 1);
  g_assert_true (fcrm_store_exec (store, newer_sql, &error));
  g_assert_true (fcrm_store_exec (store, "PRAGMA journal_mode=DELETE", &error));
  g_clear_object (&store);
  assert_refused (db, newer, FCRM_ERROR_TOO_NEW, n);

  g_assert_true (g_file_set_contents (cut, contents, len / 2 + 100, NULL));
  assert_refused (db, cut, FCRM_ERROR_NOT_A_DATABASE, n);
  /* cut on a page boundary: the header's page count still tells */
  g_assert_true (g_file_set_contents (cut, contents, len / 2 - (len / 2) % 4096, NULL));
  assert_refused (db, cut, FCRM_ERROR_NOT_A_DATABASE, n);

  assert_refused (db, missing, FCRM_ERROR_NOT_FOUND, n);
  fcrm_test_rm_rf (dir);
}

/* ---- a backups folder ---- */

static void
test_rotation (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *other = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (other, "keep me", -1, NULL));
  for (int i = 0; i < 5; i++)
    {
      char *file = NULL;

      g_assert_true (fcrm_crm_backup_to_folder (db->crm, dir, 3, &file, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (file, FCRM_BACKUP_SUFFIX));
      g_ptr_array_add (made, file);
      fcrm_clock_advance (db->clock, 24 * 3600);
    }
  /* the two oldest went, the three newest and the stranger stayed */
  for (guint i = 0; i < made->len; i++)
    g_assert_cmpint (g_file_test (made->pdata[i], G_FILE_TEST_EXISTS), ==, i >= 2);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_cmpint (fcrm_crm_get_last_backup (db->crm), ==, fcrm_test_start_time () + 4 * 24 * 3600);

  /* two in the same second get two names */
  fcrm_clock_set (db->clock, fcrm_test_start_time ());
  {
    g_autofree char *a = NULL, *b = NULL;

    g_assert_true (fcrm_crm_backup_to_folder (db->crm, dir, 10, &a, NULL, NULL, NULL, &error));
    g_assert_true (fcrm_crm_backup_to_folder (db->crm, dir, 10, &b, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (a, !=, b);
  }
  fcrm_test_rm_rf (dir);
}

static void
test_cancel (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "x.fcrm-backup", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (fcrm_crm_backup (db->crm, file, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* nothing left behind, no half file */
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_assert_cmpint (fcrm_crm_get_last_backup (db->crm), ==, 0);
  fcrm_test_rm_rf (dir);
}

static void
test_stale_backup_notifies (FcrmTestTeam *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 n;

  if (fcrm_test_sqlite_only ("the office server is backed up by its administrator"))
    return;
  n = fcrm_test_n_notifications (f->crm, "sveta");
  g_assert_true (fcrm_crm_check_backup_age (f->crm, &error));
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "sveta"), ==, n);

  /* a week without any backup: the supervisor hears of it, once */
  fcrm_clock_advance (f->db->clock, 8 * 24 * 3600);
  g_assert_true (fcrm_crm_check_backup_age (f->crm, &error));
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "sveta"), ==, n + 1);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "anna"), ==, 0);
  fcrm_clock_advance (f->db->clock, 3600);
  g_assert_true (fcrm_crm_check_backup_age (f->crm, &error));
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "sveta"), ==, n + 1);

  /* a backup, then another week without: heard of again */
  dir = fcrm_test_make_dir ();
  g_assert_true (fcrm_crm_backup_to_folder (f->crm, dir, 14, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fcrm_clock_advance (f->db->clock, 6 * 24 * 3600);
  g_assert_true (fcrm_crm_check_backup_age (f->crm, &error));
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "sveta"), ==, n + 1);
  fcrm_clock_advance (f->db->clock, 2 * 24 * 3600);
  g_assert_true (fcrm_crm_check_backup_age (f->crm, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "sveta"), ==, n + 2);
  fcrm_test_rm_rf (dir);
}

/* A backup of the office server is a file: restored into a database file and
 * into another server database, the same data. */
static void
test_server_export (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmTestDb) file_db = fcrm_test_db_new_sqlite (TRUE);
  g_autoptr(FcrmTestDb) other = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "all.fcrm-backup", NULL);
  g_autoptr(GError) error = NULL;
  FcrmTestDb *targets[] = { file_db, other };
  gint64 deal_id;

  deal_id = fill (db->crm);
  g_assert_true (fcrm_crm_backup (db->crm, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      FcrmCrm *to = targets[i]->crm;
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GBytes) content = NULL;
      g_autoptr(GBytes) expected = sample_file ();
      g_autoptr(FcrmItem) deal = NULL;

      fcrm_crm_restore (to, file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (fcrm_test_n_leads (to), ==, fcrm_test_n_leads (db->crm));
      g_assert_cmpint (fcrm_test_n_deals (to), ==, fcrm_test_n_deals (db->crm));
      g_assert_cmpint (fcrm_test_n_notifications (to, "*"), ==, fcrm_test_n_notifications (db->crm, "*"));
      g_assert_cmpint (fcrm_test_n_tasks (to, NULL), ==, fcrm_test_n_tasks (db->crm, NULL));
      deal = fcrm_crm_deal_get (to, deal_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (deal->title, ==, "Kitchen with a file");
      files = fcrm_crm_attachments (to, FCRM_ENTITY_DEAL, deal_id, &error);
      g_assert_cmpuint (files->len, ==, 1);
      content = fcrm_crm_attachment_content (to, ((FcrmAttachment *) files->pdata[0])->id, &error);
      g_assert_true (g_bytes_equal (content, expected));
      /* ids go on after the restored ones */
      g_autoptr(FcrmItem) lead = fcrm_test_add_lead (to, "After the restore", NULL);
      g_assert_cmpint (lead->id, >, fcrm_test_int (to, "SELECT max(id) FROM leads WHERE title <> 'After the restore'"));
    }
  fcrm_test_rm_rf (dir);
}

/* On the office server only its administrator backs up and restores: a
 * manager's sign-in sees part of the data, and its backup would look whole. */
static void
test_server_admin_only (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(FcrmCrm) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "anna.fcrm-backup", NULL);
  g_autofree char *good = g_build_filename (dir, "owner.fcrm-backup", NULL);

  anna = open_as (f, f->anna, NULL);
  g_assert_true (fcrm_crm_may_back_up (f->crm));
  g_assert_false (fcrm_crm_may_back_up (anna));
  g_assert_false (fcrm_crm_backup (anna, file, NULL, NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_true (fcrm_crm_backup (f->crm, good, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_crm_restore (anna, good, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  fcrm_test_rm_rf (dir);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *kept;
  GError   *error;
  double    last;
  guint     progress_calls;
  GThread  *main_thread;
  guint     changed;
} AsyncRestore;

static void
async_progress (double   fraction,
                gpointer user_data)
{
  AsyncRestore *r = user_data;

  /* told on the caller's thread, never going back */
  g_assert_true (g_thread_self () == r->main_thread);
  g_assert_cmpfloat (fraction, >=, r->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  r->last = fraction;
  r->progress_calls++;
}

static void
async_restored (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncRestore *r = user_data;

  r->ok = fcrm_crm_restore_finish (FCRM_CRM (source), result, &r->kept, &r->error);
  r->done = TRUE;
}

static void
count_changed (FcrmCrm  *crm,
               gpointer  user_data)
{
  ((AsyncRestore *) user_data)->changed++;
}

static void
run_restore_async (FcrmCrm      *crm,
                   const char   *file,
                   AsyncRestore *r)
{
  gulong handler = g_signal_connect (crm, "changed", G_CALLBACK (count_changed), r);

  r->main_thread = g_thread_self ();
  r->last = -1;
  fcrm_crm_restore_async (crm, file, async_progress, r, NULL, async_restored, r);
  /* the call only starts it */
  g_assert_false (r->done);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  /* the last progress call may come after the result: let it in */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handler_disconnect (crm, handler);
}

/* fcrm_crm_restore_async(): on its own connection and thread, progress and
 * the result on the caller's main context, "changed" once it is in; a bad
 * file changes nothing. */
static void
test_restore_async (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "crm.fcrm-backup", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.fcrm-backup", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) extra = NULL;
  AsyncRestore r = { 0 }, bad = { 0 };
  gint64 n_leads;

  fill (db->crm);
  n_leads = fcrm_test_n_leads (db->crm);
  g_assert_true (fcrm_crm_backup (db->crm, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  extra = fcrm_test_add_lead (db->crm, "After the backup", NULL);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, n_leads + 1);

  run_restore_async (db->crm, file, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_nonnull (r.kept);
  g_assert_true (g_file_test (r.kept, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpfloat (r.last, ==, 1.0);
  g_assert_cmpuint (r.progress_calls, >=, 2);
  g_assert_cmpuint (r.changed, >=, 1);
  /* the window's own connection reads the restored data */
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, n_leads);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM leads WHERE title = 'After the backup'"), ==, 0);

  g_assert_true (g_file_set_contents (junk, "SQLite format 3 — no, just text", -1, NULL));
  g_clear_object (&extra);
  extra = fcrm_test_add_lead (db->crm, "Still here", NULL);
  run_restore_async (db->crm, junk, &bad);
  g_assert_false (bad.ok);
  g_assert_error (bad.error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE);
  g_assert_null (bad.kept);
  g_assert_cmpuint (bad.changed, ==, 0);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, n_leads + 1);
  g_free (r.kept);
  g_clear_error (&bad.error);
}

int
main (int argc, char **argv)
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/backup/round-trip", test_round_trip);
  g_test_add_func ("/backup/concurrent-writer", test_concurrent_writer);
  g_test_add_func ("/backup/refusals", test_refusals);
  g_test_add_func ("/backup/rotation", test_rotation);
  g_test_add_func ("/backup/cancel", test_cancel);
  g_test_add_func ("/backup/restore-async", test_restore_async);
  g_test_add_func ("/backup/server-export", test_server_export);
  g_test_add ("/backup/stale-notifies", FcrmTestTeam, NULL, fcrm_test_team_setup, test_stale_backup_notifies,
              fcrm_test_team_teardown);
  if (fcrm_test_is_pg ())
    g_test_add ("/backup/server-admin-only", Fixture, NULL, fixture_setup, test_server_admin_only, fixture_teardown);
  return g_test_run ();
}
