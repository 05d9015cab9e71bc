/* Writing in bulk (issue 10): the store's bulk writer (COPY on the office
 * server, multi-row INSERTs on a file) keeps every value as it was given,
 * reserved ids, savepoints, foreign keys checked once for a whole load; the
 * demo data written that way is what the app's actions and robots would have
 * written; intake's group commit stores a batch of leads, a bad one alone
 * refused. Every case runs on both backends. */

#include <glib/gstdio.h>

#include "fcrm-test-office.h"
#include "fcrm-bulk-load.h"
#include "fcrm-intake.h"
#include "fcrm-migrate.h"
#include "fcrm-schema-private.h"
#include "fcrm-search.h"
#include "fcrm-store.h"

static FcrmStore *
store_of (FcrmTestDb *db)
{
  return fcrm_crm_get_store (db->crm);
}

static void
exec_ddl (FcrmStore  *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ddl = fcrm_store_ddl (store, sql);

  g_assert_true (fcrm_store_exec (store, ddl, &error));
  g_assert_no_error (error);
}

/* texts that COPY's text format and SQL literals treat specially */
static const char * const tricky[] = {
  "", "plain", "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.", "quote \" and ' apostrophe",
  "Кухня «Модерн», 10%", "emoji 🪑", "\x01\x02\x1f control", ",;|{}[]", "trailing space ",
};

static void
test_round_trip (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmBulk) bulk = NULL;
  g_autofree guint8 *bytes = g_malloc (256);
  g_autoptr(GBytes) all_bytes = NULL, empty = g_bytes_new (NULL, 0);
  const guint n = 257;   /* more than one multi-row INSERT, and a remainder */
  FcrmStmt *stmt;
  guint i = 0;

  for (guint b = 0; b < 256; b++)
    bytes[b] = (guint8) b;
  all_bytes = g_bytes_new (bytes, 256);
  exec_ddl (store, "CREATE TABLE bulk_t (id @ID@, n INTEGER, t TEXT, b @BLOB@)");

  g_assert_true (fcrm_store_begin (store, &error));
  bulk = fcrm_bulk_new (store, "bulk_t", "id, n, t, b");
  for (guint r = 0; r < n; r++)
    {
      fcrm_bulk_add_int64 (bulk, r + 1);
      if (r % 5 == 4)
        fcrm_bulk_add_null (bulk);
      else
        fcrm_bulk_add_int64 (bulk, r % 2 ? -(gint64) r * 1000000007 : G_MAXINT64 - r);
      fcrm_bulk_add_text (bulk, r % 7 == 6 ? NULL : tricky[r % G_N_ELEMENTS (tricky)]);
      fcrm_bulk_add_blob (bulk, r % 3 == 0 ? all_bytes : r % 3 == 1 ? empty : NULL);
    }
  g_assert_cmpuint (fcrm_bulk_get_pending (bulk), ==, n);
  g_assert_true (fcrm_bulk_flush (bulk, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fcrm_bulk_get_pending (bulk), ==, 0);
  g_assert_true (fcrm_bulk_flush (bulk, &error));   /* nothing more: a no-op */
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);

  stmt = fcrm_store_prepare (store, "SELECT id, n, t, b FROM bulk_t ORDER BY id", &error);
  g_assert_no_error (error);
  while (fcrm_stmt_step (stmt, &error))
    {
      g_autoptr(GBytes) blob = fcrm_stmt_is_null (stmt, 3) ? NULL : fcrm_stmt_get_blob (stmt, 3);

      g_assert_cmpint (fcrm_stmt_get_int64 (stmt, 0), ==, i + 1);
      if (i % 5 == 4)
        g_assert_true (fcrm_stmt_is_null (stmt, 1));
      else
        g_assert_cmpint (fcrm_stmt_get_int64 (stmt, 1), ==, i % 2 ? -(gint64) i * 1000000007 : G_MAXINT64 - i);
      if (i % 7 == 6)
        g_assert_true (fcrm_stmt_is_null (stmt, 2));
      else
        g_assert_cmpstr (fcrm_stmt_get_text (stmt, 2), ==, tricky[i % G_N_ELEMENTS (tricky)]);
      if (i % 3 == 2)
        g_assert_null (blob);
      else
        g_assert_true (g_bytes_equal (blob, i % 3 == 0 ? all_bytes : empty));
      i++;
    }
  fcrm_stmt_reset (stmt);
  g_assert_no_error (error);
  g_assert_cmpuint (i, ==, n);
}

static void
test_reserve_ids (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmBulk) bulk = NULL;
  gint64 a[3], b[2], after = 0;

  exec_ddl (store, "CREATE TABLE bulk_t (id @ID@, t TEXT)");
  g_assert_true (fcrm_store_run (store, "INSERT INTO bulk_t (t) VALUES ('before')", &error, ""));
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_reserve_ids (store, "bulk_t", 3, a, &error));
  /* reserved again before the first ones are written: others still */
  g_assert_true (fcrm_store_reserve_ids (store, "bulk_t", 2, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a[0], >, 1);
  g_assert_cmpint (a[1], >, a[0]);
  g_assert_cmpint (a[2], >, a[1]);
  g_assert_cmpint (b[0], >, a[2]);
  g_assert_cmpint (b[1], >, b[0]);
  bulk = fcrm_bulk_new (store, "bulk_t", "id, t");
  for (guint i = 0; i < 3; i++)
    {
      fcrm_bulk_add_int64 (bulk, a[i]);
      fcrm_bulk_add_text (bulk, "a");
    }
  for (guint i = 0; i < 2; i++)
    {
      fcrm_bulk_add_int64 (bulk, b[i]);
      fcrm_bulk_add_text (bulk, "b");
    }
  g_assert_true (fcrm_bulk_flush (bulk, &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);
  /* an ordinary insert afterwards takes an id of its own */
  g_assert_true (fcrm_store_query_int (store, "INSERT INTO bulk_t (t) VALUES ('after') RETURNING id", &after, NULL,
                                       &error, ""));
  g_assert_no_error (error);
  g_assert_cmpint (after, >, b[1]);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(DISTINCT id) FROM bulk_t"), ==, 7);
}

/* A refused row refuses its flush; the transaction is rolled back whole. */
static void
test_refused_row (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmBulk) bulk = NULL;

  exec_ddl (store, "CREATE TABLE bulk_t (id @ID@, t TEXT NOT NULL)");
  g_assert_true (fcrm_store_begin (store, &error));
  bulk = fcrm_bulk_new (store, "bulk_t", "id, t");
  fcrm_bulk_add_int64 (bulk, 1);
  fcrm_bulk_add_text (bulk, "fine");
  fcrm_bulk_add_int64 (bulk, 2);
  fcrm_bulk_add_text (bulk, NULL);
  g_assert_false (fcrm_bulk_flush (bulk, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  fcrm_store_rollback (store);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM bulk_t"), ==, 0);
}

static gint64
n_foreign_keys (FcrmTestDb *db)
{
  if (!fcrm_test_is_pg ())
    return 0;
  return fcrm_test_int (db->crm, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'");
}

/* Keys checked once at the end refuse what row-by-row checks would have
 * refused; a rollback or a commit never leaves a table without them. */
static void
test_deferred_keys (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmBulk) bulk = NULL;
  const char * const tables[] = { "bulk_child", NULL };
  gint64 keys;
  gboolean ok;

  exec_ddl (store, "CREATE TABLE bulk_parent (id @ID@);"
                   "CREATE TABLE bulk_child (id @ID@, parent_id INTEGER NOT NULL REFERENCES bulk_parent (id))");
  g_assert_true (fcrm_store_run (store, "INSERT INTO bulk_parent (id) VALUES (1)", &error, ""));
  keys = n_foreign_keys (db);

  /* a child of a parent that does not exist: refused, at the flush or at the check */
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_defer_foreign_keys (store, tables, &error));
  g_assert_no_error (error);
  bulk = fcrm_bulk_new (store, "bulk_child", "id, parent_id");
  fcrm_bulk_add_int64 (bulk, 1);
  fcrm_bulk_add_int64 (bulk, 1);
  fcrm_bulk_add_int64 (bulk, 2);
  fcrm_bulk_add_int64 (bulk, 99);
  ok = fcrm_bulk_flush (bulk, &error) && fcrm_store_check_foreign_keys (store, &error);
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_clear_error (&error);
  fcrm_store_rollback (store);
  g_assert_cmpint (n_foreign_keys (db), ==, keys);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM bulk_child"), ==, 0);

  /* good rows, committed without checking first: the keys come back */
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_defer_foreign_keys (store, tables, &error));
  fcrm_bulk_add_int64 (bulk, 1);
  fcrm_bulk_add_int64 (bulk, 1);
  g_assert_true (fcrm_bulk_flush (bulk, &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_foreign_keys (db), ==, keys);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM bulk_child"), ==, 1);
  /* and they check again, row by row */
  g_assert_false (fcrm_store_run (store, "INSERT INTO bulk_child (id, parent_id) VALUES (5, 42)", &error, ""));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
}

static void
test_savepoint (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  g_autoptr(GError) error = NULL;

  exec_ddl (store, "CREATE TABLE bulk_t (id @ID@, t TEXT UNIQUE)");
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_run (store, "INSERT INTO bulk_t (t) VALUES ('kept')", &error, ""));

  /* an inner level that failed is undone alone */
  g_assert_true (fcrm_store_savepoint (store, &error));
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_store_run (store, "INSERT INTO bulk_t (t) VALUES ('undone')", &error, ""));
  fcrm_store_rollback (store);
  g_assert_true (fcrm_store_in_transaction (store));
  g_assert_true (fcrm_store_rollback_to_savepoint (store, &error));

  /* so is a statement the database refused (on a server it breaks the transaction) */
  g_assert_true (fcrm_store_savepoint (store, &error));
  g_assert_false (fcrm_store_run (store, "INSERT INTO bulk_t (t) VALUES ('kept')", &error, ""));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (fcrm_store_rollback_to_savepoint (store, &error));

  /* and what is released stays */
  g_assert_true (fcrm_store_savepoint (store, &error));
  g_assert_true (fcrm_store_run (store, "INSERT INTO bulk_t (t) VALUES ('also kept')", &error, ""));
  g_assert_true (fcrm_store_release_savepoint (store, &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM bulk_t WHERE t IN ('kept', 'also kept')"), ==, 2);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM bulk_t"), ==, 2);
}

/* demo */

static void
load_demo (FcrmTestDb *db,
           guint       seed)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_demo (db->crm, &(FcrmDemoOptions) { 300, 300, 200, seed }, &error));
  g_assert_no_error (error);
}

static void
test_demo_consistent (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmCrm *crm;
  gint64 keys, now = fcrm_test_start_time ();

  keys = n_foreign_keys (db);
  load_demo (db, 11);
  crm = db->crm;
  g_assert_cmpint (fcrm_test_n_leads (crm), ==, 300);
  g_assert_cmpint (fcrm_test_n_deals (crm), ==, 300);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM contacts"), ==, 200);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM contact_phones"), ==, 200);
  g_assert_cmpint (n_foreign_keys (db), ==, keys);

  /* what the office server's fcrm_check_stage asks of every item: one
   * current history entry, at the item's stage; a lost deal has a reason */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM leads l WHERE 1 <> (SELECT count(*) FROM stage_history h "
                                       "WHERE h.entity_type = 'lead' AND h.entity_id = l.id AND h.left_at IS NULL "
                                       "AND h.stage = l.stage)"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals d WHERE 1 <> (SELECT count(*) FROM stage_history h "
                                       "WHERE h.entity_type = 'deal' AND h.entity_id = d.id AND h.left_at IS NULL "
                                       "AND h.stage = d.stage)"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals d JOIN stages s ON s.code = d.stage "
                                       "WHERE s.kind = 'failure' AND d.loss_reason IS NULL"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals d JOIN stages s ON s.code = d.stage "
                                       "WHERE (s.kind <> 'open') <> (d.closed_at IS NOT NULL)"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals d JOIN stages s ON s.code = d.stage "
                                       "WHERE s.pipeline <> d.pipeline"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals WHERE closed_at IS NOT NULL"), >, 0);

  /* converted leads, as the app converts: a share of the leads, each at its
   * pipeline's conversion stage after In progress, linked to the deal it
   * became (which names it back, same client, started at the conversion),
   * some of those deals won; no other lead names a deal */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM leads WHERE deal_id IS NOT NULL"), >=, 300 / 10);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM leads l JOIN stages s ON s.code = l.stage "
                                       "WHERE (s.kind = 'success') <> (l.deal_id IS NOT NULL)"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM leads l JOIN deals d ON d.id = l.deal_id "
                                       "WHERE d.lead_id <> l.id OR d.contact_id <> l.contact_id OR d.contact_id IS NULL OR l.contact_id IS NULL"
                                       " OR d.created_at <> l.stage_entered_at OR d.title <> l.title"
                                       " OR l.stage <> CASE d.pipeline WHEN 'manufacturing' THEN 'lead.to_manufacturing'"
                                       "   WHEN 'design' THEN 'lead.to_design' ELSE 'lead.to_repair' END"
                                       " OR NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.entity_type = 'lead'"
                                       "   AND h.entity_id = l.id AND h.stage = 'lead.in_progress' AND h.left_at = l.stage_entered_at)"),
                   ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals WHERE lead_id IS NOT NULL"), ==,
                   fcrm_test_int (crm, "SELECT count(*) FROM leads WHERE deal_id IS NOT NULL"));
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals WHERE lead_id IS NOT NULL AND stage LIKE '%.won'"), >, 0);

  /* the robots of every current stage: on-entry ones fired once; delayed ones
   * queued when still to come, recorded as fired when due; nothing queued for
   * a stage left */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM stage_history h JOIN robots r ON r.stage = h.stage "
                                       "WHERE h.left_at IS NULL AND r.enabled = 1 AND r.trigger_kind = 'on_entry' "
                                       "AND NOT EXISTS (SELECT 1 FROM robot_firings f WHERE f.robot_id = r.id "
                                       "  AND f.entry_id = h.id AND f.fired_at = h.entered_at)"), ==, 0);
  g_assert_cmpint (fcrm_test_int1 (crm, "SELECT count(*) FROM stage_history h JOIN robots r ON r.stage = h.stage "
                                        "WHERE h.left_at IS NULL AND r.enabled = 1 AND r.trigger_kind = 'delay' "
                                        "AND 1 <> (SELECT count(*) FROM robot_queue q WHERE q.robot_id = r.id "
                                        "  AND q.entry_id = h.id AND q.due_at = h.entered_at + r.delay_seconds "
                                        "  AND q.due_at > ?) "
                                        "  + (SELECT count(*) FROM robot_firings f WHERE f.robot_id = r.id "
                                        "  AND f.entry_id = h.id AND f.fired_at = h.entered_at + r.delay_seconds)", now),
                   ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id "
                                       "WHERE h.left_at IS NOT NULL"), ==, 0);
  /* their notifications: to the responsible (all demo staff are active), of the entry's stage */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications"), >, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN stage_history h ON h.id = n.entry_id "
                                       "JOIN robots r ON r.id = n.robot_id WHERE r.recipient = 'responsible' AND "
                                       "(n.stage <> h.stage OR n.entity_id <> h.entity_id OR n.user_id <> "
                                       " (CASE h.entity_type WHEN 'lead' THEN (SELECT l.responsible_id FROM leads l WHERE l.id = h.entity_id) "
                                       "  ELSE (SELECT d.responsible_id FROM deals d WHERE d.id = h.entity_id) END))"), ==, 0);
  /* old ones long read, recent ones not */
  g_assert_cmpint (fcrm_test_int1 (crm, "SELECT count(*) FROM notifications WHERE created_at < ? AND read_at IS NULL",
                                   now - 2 * 86400), ==, 0);
  g_assert_cmpint (fcrm_test_int1 (crm, "SELECT count(*) FROM notifications WHERE created_at >= ? AND read_at IS NOT NULL",
                                   now - 2 * 86400), ==, 0);
  /* a reminder that came due fired with what it writes: every firing of a
   * delayed "notify" robot has its notifications, the supervisor's "+3 days"
   * escalations among them (issue 13) */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM robot_firings f JOIN robots r ON r.id = f.robot_id "
                                       "WHERE r.trigger_kind = 'delay' AND r.action = 'notify' AND NOT EXISTS "
                                       "(SELECT 1 FROM notifications n WHERE n.robot_id = f.robot_id AND n.entry_id = f.entry_id)"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "JOIN users u ON u.id = n.user_id WHERE r.trigger_kind = 'delay' "
                                       "AND u.role = 'supervisor'"), >, 0);
  /* every lost deal: a callback */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM deals d JOIN stages s ON s.code = d.stage "
                                       "WHERE s.kind = 'failure' AND NOT EXISTS (SELECT 1 FROM tasks t "
                                       "WHERE t.entity_type = 'deal' AND t.entity_id = d.id AND t.kind = 'callback')"), ==, 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM tasks WHERE kind = 'specify_reason'"), ==,
                   fcrm_test_int (crm, "SELECT count(*) FROM deals WHERE loss_reason = 'other'"));

  /* a second load adds as much again, ids going on */
  load_demo (db, 12);
  g_assert_cmpint (fcrm_test_n_leads (crm), ==, 600);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(DISTINCT id) FROM stage_history"), ==,
                   fcrm_test_int (crm, "SELECT count(*) FROM stage_history"));
  g_assert_cmpint (n_foreign_keys (db), ==, keys);
}

/* The same seed, the same data. */
static void
test_demo_reproducible (void)
{
  g_autoptr(FcrmTestDb) a = fcrm_test_db_new ();
  g_autoptr(FcrmTestDb) b = fcrm_test_db_new ();
  const char * const tables[] = { "contacts", "leads", "deals", "stage_history", "robot_queue", "notifications", "tasks" };

  load_demo (a, 7);
  load_demo (b, 7);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rows_a = 0, rows_b = 0;
      g_autofree char *sum_a = fcrm_table_checksum (store_of (a), tables[i], &rows_a, &error);
      g_autofree char *sum_b = fcrm_table_checksum (store_of (b), tables[i], &rows_b, &error);

      g_assert_no_error (error);
      g_assert_cmpint (rows_a, >, 0);
      g_assert_cmpint (rows_a, ==, rows_b);
      g_assert_cmpstr (sum_a, ==, sum_b);
    }
}

/* A big load into a file goes into the file itself, not through the
 * write-ahead log: the log stays empty, and the file is back in WAL after
 * it, whole. With another connection open the mode cannot change: the
 * load goes through the log, as any write. */
static void
test_demo_big_file (void)
{
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  GStatBuf st;

  if (fcrm_test_sqlite_only ("the write-ahead log is a database file's"))
    return;
  db = fcrm_test_db_new ();
  wal = g_strconcat (fcrm_test_location (db), "-wal", NULL);
  /* over the 10,000 records of a bulk load */
  g_assert_true (fcrm_crm_demo (db->crm, &(FcrmDemoOptions) { 4000, 4000, 2001, 3 }, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, 4000);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
                   ==, 1);
  g_assert_true (g_stat (wal, &st) != 0 || st.st_size < 1024 * 1024);

  /* a second program has the file open */
  other = fcrm_crm_open (fcrm_test_location (db), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_demo (db->crm, &(FcrmDemoOptions) { 4000, 4000, 2001, 4 }, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_n_leads (other), ==, 8000);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_true (g_stat (wal, &st) == 0 && st.st_size > 1024 * 1024);
}

/* On the office server the demo writes everybody's inbox: its administrator's work. */
static void
test_demo_needs_admin (void)
{
  Fixture f = { 0 };
  g_autoptr(FcrmCrm) supervisor = NULL;
  g_autoptr(GError) error = NULL;

  if (!fcrm_test_is_pg ())
    {
      g_test_skip ("a database file has no administrator");
      return;
    }
  fixture_setup (&f, NULL);
  supervisor = open_as (&f, f.pavel, NULL);
  g_assert_false (fcrm_crm_demo (supervisor, &(FcrmDemoOptions) { 10, 10, 10, 1 }, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_cmpint (fcrm_test_n_leads (f.crm), ==, 0);
  g_clear_object (&supervisor);
  fixture_teardown (&f, NULL);
}

/* Bulk loads (fcrm-bulk-load.h): what is written set-wise at the end is
 * what the triggers write row by row, and what counting again gives. */

/* What @sql (a literal, five columns) returns, row by row, as one checksum. */
static char *
query_checksum (FcrmStore  *store,
                const char *sql,
                gint64     *out_rows)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (store, sql, &error);
  gint64 rows = 0;

  g_assert_no_error (error);
  while (fcrm_stmt_step (stmt, &error))
    {
      for (int c = 0; c < 5; c++)
        {
          const char *v = fcrm_stmt_is_null (stmt, c) ? "\\N" : fcrm_stmt_get_text (stmt, c);

          g_checksum_update (sum, (const guchar *) v, -1);
          g_checksum_update (sum, (const guchar *) "\t", 1);
        }
      rows++;
    }
  fcrm_stmt_reset (stmt);
  g_assert_no_error (error);
  *out_rows = rows;
  return g_strdup (g_checksum_get_string (sum));
}

static const char file_search_rows[] = "SELECT rowid, body, NULL, NULL, NULL FROM search_fts ORDER BY rowid";
static const char file_search_recount[] =
  "SELECT k, b, NULL, NULL, NULL FROM ("
  "  SELECT x.id * 4 AS k, " SEARCH_LEAD_BODY ("x") " AS b FROM leads x"
  "  UNION ALL SELECT x.id * 4 + 1, " SEARCH_DEAL_BODY ("x") " FROM deals x"
  "  UNION ALL SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x") " FROM contacts x"
  "  UNION ALL SELECT x.id * 4 + 3, " SEARCH_COMPANY_BODY ("x") " FROM companies x) ORDER BY k";
static const char file_totals[] =
  "SELECT stage, responsible_id, source, n, budget_sum FROM stage_totals WHERE n <> 0 ORDER BY 1, 2, 3";
static const char file_totals_recount[] =
  "SELECT stage, coalesce (responsible_id, 0), source, count(*), sum(budget) FROM ("
  "  SELECT stage, responsible_id, source, budget FROM leads UNION ALL"
  "  SELECT stage, responsible_id, source, budget FROM deals) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
static const char file_schema[] = "SELECT type, name, tbl_name, sql, NULL FROM sqlite_master ORDER BY type, name";
static const char server_search_rows[] = "SELECT key, kind, ref, body, NULL FROM search_index ORDER BY key";
static const char server_search_recount[] =
  "SELECT *, NULL FROM (" SERVER_SEARCH_SELECT (lead, "leads", "0")
  " UNION ALL " SERVER_SEARCH_SELECT (deal, "deals", "1")
  " UNION ALL " SERVER_SEARCH_SELECT (contact, "contacts", "2")
  " UNION ALL " SERVER_SEARCH_SELECT (company, "companies", "3") ") s ORDER BY 1";
/* the clients' last activity, kept by triggers (or, in bulk, at the end) */
static const char activity_rows[] =
  "SELECT 'contact', id, last_activity, NULL, NULL FROM contacts"
  "  UNION ALL SELECT 'company', id, last_activity, NULL, NULL FROM companies ORDER BY 1, 2";
/* the triggers (and whether they are on) and indexes of the app's tables */
static const char server_schema[] =
  "SELECT c.relname::text, t.tgname::text, t.tgenabled::text, NULL, NULL FROM pg_trigger t"
  "  JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = current_schema ()::regnamespace"
  "  UNION ALL SELECT c.relname::text, i.indexrelid::regclass::text, pg_get_indexdef (i.indexrelid), NULL, NULL"
  "  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = current_schema ()::regnamespace"
  "  ORDER BY 1, 2, 3";

static void
assert_same_rows (FcrmStore  *a,
                  const char *sql_a,
                  FcrmStore  *b,
                  const char *sql_b)
{
  gint64 rows_a = 0, rows_b = 0;
  g_autofree char *sum_a = query_checksum (a, sql_a, &rows_a);
  g_autofree char *sum_b = query_checksum (b, sql_b, &rows_b);

  g_assert_cmpint (rows_a, >, 0);
  g_assert_cmpint (rows_a, ==, rows_b);
  g_assert_cmpstr (sum_a, ==, sum_b);
}

/* The search rows (a file: and column totals) of @db are what counting
 * them again from the leads, deals and clients gives. */
static void
assert_upkeep_recounts (FcrmTestDb *db)
{
  FcrmStore *store = store_of (db);

  if (fcrm_test_is_pg ())
    {
      assert_same_rows (store, server_search_rows, store, server_search_recount);
      return;
    }
  assert_same_rows (store, file_search_rows, store, file_search_recount);
  assert_same_rows (store, file_totals, store, file_totals_recount);
}

/* @a loaded in bulk and @b row by row hold the same upkeep and schema. */
static void
assert_same_upkeep (FcrmTestDb *a,
                    FcrmTestDb *b)
{
  gboolean pg = fcrm_test_is_pg ();

  assert_same_rows (store_of (a), pg ? server_search_rows : file_search_rows,
                    store_of (b), pg ? server_search_rows : file_search_rows);
  if (!pg)
    assert_same_rows (store_of (a), file_totals, store_of (b), file_totals);
  assert_same_rows (store_of (a), activity_rows, store_of (b), activity_rows);
  assert_same_rows (store_of (a), pg ? server_schema : file_schema, store_of (b), pg ? server_schema : file_schema);
  assert_upkeep_recounts (a);
}

static void
load_demo_row_by_row (FcrmTestDb *db,
                      guint       seed)
{
  fcrm_bulk_load_set_enabled (FALSE);
  load_demo (db, seed);
  fcrm_bulk_load_set_enabled (TRUE);
}

/* Demo data in bulk: into an empty database (indexes made after the rows)
 * and into one with data (indexes kept); the triggers work again after. */
static void
test_load_as_row_by_row (void)
{
  g_autoptr(FcrmTestDb) bulk = fcrm_test_db_new ();
  g_autoptr(FcrmTestDb) rows = fcrm_test_db_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *rename = "UPDATE contacts SET name = 'Zyxwvut Qwerty' WHERE id = (SELECT min(contact_id) FROM deals)";
  const char *move = "UPDATE leads SET budget = budget + 100000, source = 'walkin' WHERE id % 7 = 0";

  load_demo (bulk, 5);
  load_demo_row_by_row (rows, 5);
  assert_same_upkeep (bulk, rows);

  load_demo (bulk, 6);
  load_demo_row_by_row (rows, 6);
  assert_same_upkeep (bulk, rows);

  /* the row-by-row upkeep is back: a contact renamed finds it and its deals */
  fcrm_test_exec (bulk->crm, rename);
  fcrm_test_exec (rows->crm, rename);
  fcrm_test_exec (bulk->crm, move);
  fcrm_test_exec (rows->crm, move);
  assert_same_upkeep (bulk, rows);
  found = fcrm_crm_search (bulk->crm, "zyxwvut", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 2);
  g_assert_cmpstr (((FcrmSearchResult *) g_ptr_array_index (found, 0))->kind, ==, "deal");
}

/* Phones added in bulk to contacts that were there: their search rows, and
 * their deals', are written again. */
static void
test_load_old_contact (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  const char * const tables[] = { "contact_phones", "contact_emails", NULL };
  g_autoptr(FcrmBulkLoad) load = NULL;
  g_autoptr(FcrmBulk) phones = NULL, emails = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 contact;
  guint kinds = 0;

  g_assert_true (fcrm_crm_demo (db->crm, &(FcrmDemoOptions) { 30, 30, 20, 3 }, &error));
  g_assert_no_error (error);
  contact = fcrm_test_int (db->crm, "SELECT min(contact_id) FROM deals");
  g_assert_cmpint (contact, >, 0);

  g_assert_true (fcrm_store_begin (store, &error));
  load = fcrm_bulk_load_begin (store, tables, &error);
  g_assert_no_error (error);
  phones = fcrm_bulk_new (store, "contact_phones", "contact_id, phone, phone_norm");
  fcrm_bulk_add_int64 (phones, contact);
  fcrm_bulk_add_text (phones, "+7 912 555-42-42");
  fcrm_bulk_add_text (phones, "79125554242");
  emails = fcrm_bulk_new (store, "contact_emails", "contact_id, email, email_norm");
  fcrm_bulk_add_int64 (emails, contact);
  fcrm_bulk_add_text (emails, "quokka@example.com");
  fcrm_bulk_add_text (emails, "quokka@example.com");
  g_assert_true (fcrm_bulk_flush (phones, &error) && fcrm_bulk_flush (emails, &error));
  g_assert_true (fcrm_bulk_load_end (g_steal_pointer (&load), &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);

  assert_upkeep_recounts (db);
  found = fcrm_crm_search (db->crm, "555-42-42", 50, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      FcrmSearchResult *r = g_ptr_array_index (found, i);

      kinds |= g_str_equal (r->kind, "contact") ? 1 : g_str_equal (r->kind, "deal") ? 2 : 4;
    }
  g_assert_cmpuint (kinds, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fcrm_crm_search (db->crm, "quokka", 50, &error);
  g_assert_cmpuint (found->len, ==, 1);
}

/* A load rolled back leaves every trigger and index as it was. */
static void
test_load_rolled_back (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmStore *store = store_of (db);
  const char *schema = fcrm_test_is_pg () ? server_schema : file_schema;
  const char * const tables[] = { "companies", "contacts", "contact_phones", "leads", "deals", "stage_history", NULL };
  g_autoptr(FcrmBulkLoad) load = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *during = NULL, *after = NULL;
  gint64 n_before = 0, n_during = 0, n_after = 0;

  before = query_checksum (store, schema, &n_before);
  g_assert_true (fcrm_store_begin (store, &error));
  load = fcrm_bulk_load_begin (store, tables, &error);
  g_assert_no_error (error);
  during = query_checksum (store, schema, &n_during);
  g_assert_cmpstr (during, !=, before);
  fcrm_store_rollback (store);
  after = query_checksum (store, schema, &n_after);
  g_assert_cmpint (n_after, ==, n_before);
  g_assert_cmpstr (after, ==, before);
}

/* On the office server only its owner's load sets triggers aside: anyone
 * else's fires every one of them (and could not alter the tables anyway). */
static void
test_load_not_owner (void)
{
  Fixture f = { 0 };
  g_autoptr(FcrmCrm) supervisor = NULL;
  g_autoptr(FcrmBulkLoad) load = NULL;
  g_autoptr(GError) error = NULL;
  const char * const tables[] = { "leads", "deals", "stage_history", NULL };
  FcrmStore *store;
  gint64 off = -1;

  if (!fcrm_test_is_pg ())
    {
      g_test_skip ("a database file has no owner but its user");
      return;
    }
  fixture_setup (&f, NULL);
  supervisor = open_as (&f, f.pavel, NULL);
  store = fcrm_crm_get_store (supervisor);
  g_assert_true (fcrm_store_begin (store, &error));
  load = fcrm_bulk_load_begin (store, tables, &error);
  g_assert_no_error (error);
  g_assert_nonnull (load);
  g_assert_true (fcrm_store_query_int (store, "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D'", &off, NULL,
                                       &error, ""));
  g_assert_cmpint (off, ==, 0);
  g_assert_true (fcrm_bulk_load_end (g_steal_pointer (&load), &error));
  g_assert_no_error (error);
  fcrm_store_rollback (store);
  g_clear_object (&supervisor);
  fixture_teardown (&f, NULL);
}

/* A column migrate does not know would be lost on the way: it refuses. */
static void
test_migrate_unknown_column (void)
{
  g_autoptr(FcrmTestDb) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL, *uri = NULL;

  if (!fcrm_test_is_pg ())
    {
      g_test_skip ("a move to the office server needs one");
      return;
    }
  source = fcrm_test_db_new_sqlite (TRUE);
  fcrm_test_exec (source->crm, "ALTER TABLE leads ADD COLUMN extra TEXT");
  target = fcrm_test_pg_create_database ();
  uri = fcrm_test_pg_uri (target, NULL, NULL);
  g_assert_false (fcrm_migrate_to (source->crm, uri, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "leads.extra"));
  fcrm_test_pg_drop_database (target);
}

/* intake's group commit */

static void
test_intake_batch (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  FcrmIntakeLead leads[4] = {
    { .input = { .name = "Ivan", .phone = "+7 912 345-67-89", .source = "webform" } },
    { .input = { .name = "Bad", .email = "bad@" } },
    { .input = { .title = "Kitchen", .source = "call" } },
    { .input = { .comment = "nothing to call back" } },
  };

  fcrm_test_add_user (db->crm, "anna", "manager");
  g_assert_true (fcrm_intake_store_leads (db->crm, leads, G_N_ELEMENTS (leads), &error));
  g_assert_no_error (error);
  g_assert_nonnull (leads[0].lead);
  g_assert_no_error (leads[0].error);
  g_assert_null (leads[1].lead);
  g_assert_error (leads[1].error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (leads[2].lead);
  g_assert_error (leads[3].error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, 2);
  g_assert_cmpstr (leads[2].lead->stage, ==, "lead.new");
  g_assert_cmpstr (leads[2].lead->source, ==, "call");
  /* each as lead_add makes it: its on-entry robot told the manager */
  g_assert_cmpint (fcrm_test_n_notifications (db->crm, "anna"), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (leads); i++)
    {
      g_clear_object (&leads[i].lead);
      g_clear_error (&leads[i].error);
    }
}

/* Another program holds the database: every lead of the batch hears so, and
 * nothing is half-stored. */
static void
test_intake_batch_busy (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStore) other = fcrm_store_open (fcrm_test_location (db), &error);
  FcrmIntakeLead leads[2] = {
    { .input = { .name = "One" } },
    { .input = { .name = "Two" } },
  };

  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_lock_timeout (db->crm, 200, &error));
  g_assert_true (fcrm_store_begin (other, &error));
  if (fcrm_test_is_pg ())
    g_assert_true (fcrm_store_exec (other, "LOCK TABLE leads IN EXCLUSIVE MODE", &error));
  g_assert_no_error (error);
  g_assert_nonnull (leads);
  fcrm_intake_store_leads (db->crm, leads, 2, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_null (leads[i].lead);
      g_assert_error (leads[i].error, FCRM_ERROR, FCRM_ERROR_BUSY);
      g_clear_error (&leads[i].error);
    }
  fcrm_store_rollback (other);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, 0);
}

int
main (int argc, char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/bulk/round-trip", test_round_trip);
  g_test_add_func ("/bulk/reserve-ids", test_reserve_ids);
  g_test_add_func ("/bulk/refused-row", test_refused_row);
  g_test_add_func ("/bulk/deferred-keys", test_deferred_keys);
  g_test_add_func ("/bulk/savepoint", test_savepoint);
  g_test_add_func ("/bulk/demo-consistent", test_demo_consistent);
  g_test_add_func ("/bulk/demo-reproducible", test_demo_reproducible);
  g_test_add_func ("/bulk/demo-needs-admin", test_demo_needs_admin);
  g_test_add_func ("/bulk/demo-big-file", test_demo_big_file);
  g_test_add_func ("/bulk/load-as-row-by-row", test_load_as_row_by_row);
  g_test_add_func ("/bulk/load-old-contact", test_load_old_contact);
  g_test_add_func ("/bulk/load-rolled-back", test_load_rolled_back);
  g_test_add_func ("/bulk/load-not-owner", test_load_not_owner);
  g_test_add_func ("/bulk/migrate-unknown-column", test_migrate_unknown_column);
  g_test_add_func ("/bulk/intake-batch", test_intake_batch);
  g_test_add_func ("/bulk/intake-batch-busy", test_intake_batch_busy);
  return g_test_run ();
}
