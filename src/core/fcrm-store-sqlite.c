#define G_LOG_DOMAIN "fcrm-store-sqlite"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "fcrm-error.h"
#include "fcrm-field.h"
#include "fcrm-store-private.h"

typedef struct
{
  FcrmStmt      parent;
  sqlite3_stmt *stmt;
  sqlite3      *db;
} SqliteStmt;

struct _FcrmStoreSqlite
{
  FcrmStore   parent_instance;
  sqlite3    *db;
  GHashTable *cache;   /* sql text address → SqliteStmt */
  GHashTable *profile; /* sql → total ns, when FCRM_SQL_PROFILE is set */
  FcrmStoreNesting tx;
  gboolean    read_only; /* the file or its folder cannot be written */
  char       *path;    /* for messages */
};

#define FCRM_TYPE_STORE_SQLITE (fcrm_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (FcrmStoreSqlite, fcrm_store_sqlite, FCRM, STORE_SQLITE, FcrmStore)
G_DEFINE_FINAL_TYPE (FcrmStoreSqlite, fcrm_store_sqlite, FCRM_TYPE_STORE)

static void
set_read_only_error (GError    **error,
                     const char *path)
{
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_READ_ONLY,
               _("The database is read-only: %s. Changing it needs write access to the file and to its folder."),
               path);
}

static void
set_sqlite_error (GError   **error,
                  sqlite3   *db,
                  int        rc)
{
  int code = FCRM_ERROR_STORAGE;

  if ((rc & 0xff) == SQLITE_READONLY && db != NULL)
    {
      set_read_only_error (error, sqlite3_db_filename (db, "main"));
      return;
    }
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    code = FCRM_ERROR_NOT_A_DATABASE;
  else if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = FCRM_ERROR_INVALID_INPUT;
  else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    code = FCRM_ERROR_BUSY;
  g_set_error (error, FCRM_ERROR, code,
               _("Database error: %s"), db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

/* statements */

static SqliteStmt *S (FcrmStmt *s) { return (SqliteStmt *) s; }

static void st_bind_int64 (FcrmStmt *s, int i, gint64 v)       { sqlite3_bind_int64 (S (s)->stmt, i, v); }
static void st_bind_text (FcrmStmt *s, int i, const char *v)   { sqlite3_bind_text (S (s)->stmt, i, v, -1, SQLITE_TRANSIENT); }
static void st_bind_null (FcrmStmt *s, int i)                  { sqlite3_bind_null (S (s)->stmt, i); }
static gint64 st_get_int64 (FcrmStmt *s, int c)                { return sqlite3_column_int64 (S (s)->stmt, c); }
static const char *st_get_text (FcrmStmt *s, int c)            { return (const char *) sqlite3_column_text (S (s)->stmt, c); }
static gboolean st_is_null (FcrmStmt *s, int c)                { return sqlite3_column_type (S (s)->stmt, c) == SQLITE_NULL; }
static int st_changes (FcrmStmt *s)                            { return sqlite3_changes (S (s)->db); }

static void
st_bind_blob (FcrmStmt *s, int i, GBytes *v)
{
  gsize len = 0;
  gconstpointer data = v != NULL ? g_bytes_get_data (v, &len) : NULL;

  if (v == NULL)
    sqlite3_bind_null (S (s)->stmt, i);
  else
    sqlite3_bind_blob64 (S (s)->stmt, i, data != NULL ? data : "", len, SQLITE_TRANSIENT);
}

static GBytes *
st_get_blob (FcrmStmt *s, int c)
{
  const void *data = sqlite3_column_blob (S (s)->stmt, c);
  int len = sqlite3_column_bytes (S (s)->stmt, c);

  return g_bytes_new (data, len);
}

static gboolean
st_step (FcrmStmt *s, GError **error)
{
  int rc = sqlite3_step (S (s)->stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, S (s)->db, rc);
      sqlite3_reset (S (s)->stmt);
    }
  return FALSE;
}

static void
st_reset (FcrmStmt *s)
{
  sqlite3_reset (S (s)->stmt);
  sqlite3_clear_bindings (S (s)->stmt);
}

static const FcrmStmtVTable sqlite_stmt_vtable = {
  st_bind_int64, st_bind_text, st_bind_null, st_bind_blob, st_step,
  st_get_int64, st_get_text, st_get_blob, st_is_null, st_changes, st_reset,
};

static void
sqlite_stmt_free (gpointer data)
{
  SqliteStmt *s = data;

  sqlite3_finalize (s->stmt);
  g_free (s);
}

/* store */

typedef struct { gint64 ns; gint64 calls; } ProfileEntry;

static int
profile_cb (unsigned    type,
            void       *data,
            void       *p,
            void       *x)
{
  FcrmStoreSqlite *self = data;
  const char *sql = sqlite3_sql (p);
  ProfileEntry *e;

  if (sql == NULL)
    return 0;
  e = g_hash_table_lookup (self->profile, sql);
  if (e == NULL)
    {
      e = g_new0 (ProfileEntry, 1);
      g_hash_table_insert (self->profile, g_strdup (sql), e);
    }
  e->ns += *(sqlite3_int64 *) x;
  e->calls++;
  return 0;
}

static int
profile_compare (gconstpointer a,
                 gconstpointer b,
                 gpointer      table)
{
  ProfileEntry *ea = g_hash_table_lookup (table, *(char **) a);
  ProfileEntry *eb = g_hash_table_lookup (table, *(char **) b);
  return ea->ns < eb->ns ? 1 : ea->ns > eb->ns ? -1 : 0;
}

/* A developer's view of where the database time goes (FCRM_SQL_PROFILE=1). */
static void
print_profile (FcrmStoreSqlite *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->profile);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  g_ptr_array_sort_with_data (keys, profile_compare, self->profile);
  for (guint i = 0; i < MIN (keys->len, 25); i++)
    {
      const char *sql = g_ptr_array_index (keys, i);
      ProfileEntry *e = g_hash_table_lookup (self->profile, sql);
      g_printerr ("%8.1f ms %8" G_GINT64_FORMAT " × %.110s\n", e->ns / 1e6, e->calls, sql);
    }
}

static const char *
fcrm_store_sqlite_get_dialect (FcrmStore *store)
{
  return "sqlite";
}

static gboolean
fcrm_store_sqlite_exec (FcrmStore  *store,
                        const char *sql,
                        GError    **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

static FcrmStmt *
fcrm_store_sqlite_prepare (FcrmStore  *store,
                           const char *sql,
                           GError    **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);
  SqliteStmt *s = g_hash_table_lookup (self->cache, sql);
  int rc;

  if (s != NULL)
    {
      st_reset ((FcrmStmt *) s);
      return (FcrmStmt *) s;
    }

  s = g_new0 (SqliteStmt, 1);
  s->parent.vtable = &sqlite_stmt_vtable;
  s->db = self->db;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc);
      /* a lock held elsewhere is not a bug in the statement */
      if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        g_critical ("failed to prepare: %s: %s", sql, sqlite3_errmsg (self->db));
      g_free (s);
      return NULL;
    }
  g_hash_table_insert (self->cache, (gpointer) sql, s);
  return (FcrmStmt *) s;
}

static gboolean
fcrm_store_sqlite_begin (FcrmStore *store,
                         GError   **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);

  if (self->tx.depth > 0)
    {
      self->tx.depth++;
      return TRUE;
    }
  if (self->read_only)
    {
      set_read_only_error (error, self->path);
      return FALSE;
    }
  self->tx.depth = 1;
  self->tx.failed = FALSE;
  /* IMMEDIATE takes the write lock up front: two desktops never deadlock
   * upgrading a read lock, they wait on the busy timeout instead; and what an
   * action reads inside its transaction stays true until it commits (so
   * there is no lock_row here: the whole file is locked already). */
  if (!fcrm_store_sqlite_exec (store, "BEGIN IMMEDIATE", error))
    {
      self->tx.depth = 0;
      return FALSE;
    }
  return TRUE;
}

static void
fcrm_store_sqlite_rollback (FcrmStore *store)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);

  g_return_if_fail (self->tx.depth > 0);
  self->tx.failed = TRUE;
  if (--self->tx.depth == 0)
    {
      self->tx.savepoint_depth = 0;
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

static gboolean
fcrm_store_sqlite_commit (FcrmStore *store,
                          GError   **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);

  g_return_val_if_fail (self->tx.depth > 0, FALSE);
  if (self->tx.depth > 1)
    {
      self->tx.depth--;
      return TRUE;
    }
  if (self->tx.failed)
    {
      fcrm_store_sqlite_rollback (store);
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("The change was rolled back."));
      return FALSE;
    }
  if (!fcrm_store_sqlite_exec (store, "COMMIT", error))
    {
      fcrm_store_sqlite_rollback (store);
      return FALSE;
    }
  self->tx.depth = 0;
  self->tx.savepoint_depth = 0;
  return TRUE;
}

static gint64
fcrm_store_sqlite_data_version (FcrmStore *store)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);
  sqlite3_stmt *stmt = NULL;
  gint64 v = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static FcrmStoreNesting *
fcrm_store_sqlite_nesting (FcrmStore *store)
{
  return &FCRM_STORE_SQLITE (store)->tx;
}

static gboolean
fcrm_store_sqlite_in_transaction (FcrmStore *store)
{
  return FCRM_STORE_SQLITE (store)->tx.depth > 0;
}

static gboolean
fcrm_store_sqlite_is_read_only (FcrmStore *store)
{
  return FCRM_STORE_SQLITE (store)->read_only;
}

static gboolean
fcrm_store_sqlite_set_lock_timeout (FcrmStore *store,
                                    guint      ms,
                                    GError   **error)
{
  sqlite3_busy_timeout (FCRM_STORE_SQLITE (store)->db, (int) MIN (ms, G_MAXINT));
  return TRUE;
}

static void
fcrm_store_sqlite_finalize (GObject *object)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (object);

  g_clear_pointer (&self->cache, g_hash_table_unref);
  if (self->profile != NULL)
    print_profile (self);
  g_clear_pointer (&self->profile, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (fcrm_store_sqlite_parent_class)->finalize (object);
}

/* backups: the online backup API, from a connection of its own */

#define BACKUP_STEP_PAGES 256

static gboolean
backup_pages (sqlite3            *from,
              sqlite3            *to,
              int                 step_pages,
              FcrmStoreProgress   progress,
              gpointer            user_data,
              GCancellable       *cancellable,
              GError            **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    {
      set_sqlite_error (error, to, sqlite3_errcode (to));
      return FALSE;
    }
  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          return FALSE;
        }
      rc = sqlite3_backup_step (backup, step_pages);
      if (progress != NULL)
        {
          gint64 total = sqlite3_backup_pagecount (backup);
          progress (total - sqlite3_backup_remaining (backup), total, user_data);
        }
      /* others may write between the steps (a busy source is tried again) */
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (G_USEC_PER_SEC / 100);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, to, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fcrm_store_sqlite_copy_to_file (FcrmStore          *store,
                                const char         *dest,
                                FcrmStoreProgress   progress,
                                gpointer            user_data,
                                GCancellable       *cancellable,
                                GError            **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);
  sqlite3 *from = NULL, *to = NULL;
  gboolean ok = FALSE;
  int rc;

  g_unlink (dest);
  /* A read transaction on a connection of its own holds one snapshot of the
   * WAL file for the whole copy: writers go on, the copy never restarts, and
   * it is a committed state however long it takes. */
  rc = sqlite3_open_v2 (self->path, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (from, 10000);
      rc = sqlite3_exec (from, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, from, rc);
      goto out;
    }
  rc = sqlite3_open_v2 (dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("Cannot write the backup “%s”: %s"), dest,
                   to != NULL ? sqlite3_errmsg (to) : sqlite3_errstr (rc));
      goto out;
    }
  if (!backup_pages (from, to, BACKUP_STEP_PAGES, progress, user_data, cancellable, error))
    goto out;
  /* the copy is one self-contained file, without a -wal beside it */
  rc = sqlite3_exec (to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, to, rc);
      goto out;
    }
  ok = TRUE;
out:
  if (from != NULL)
    sqlite3_exec (from, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (from);
  sqlite3_close (to);
  if (!ok)
    g_unlink (dest);
  return ok;
}

static gboolean
fcrm_store_sqlite_replace_from_file (FcrmStore   *store,
                                     const char  *src,
                                     GError     **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);
  sqlite3 *from = NULL;
  gboolean ok;
  int rc;

  if (self->read_only)
    {
      set_read_only_error (error, self->path);
      return FALSE;
    }
  rc = sqlite3_open_v2 (src, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, from, rc);
      sqlite3_close (from);
      return FALSE;
    }
  /* all pages in one step: one write transaction on this file, so every
   * reader sees either the old database or the restored one */
  ok = backup_pages (from, self->db, -1, NULL, NULL, NULL, error);
  sqlite3_close (from);
  return ok;
}

static gboolean
fcrm_store_sqlite_check_integrity (FcrmStore *store,
                                   GError   **error)
{
  FcrmStoreSqlite *self = FCRM_STORE_SQLITE (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *answer = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (answer == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("The database “%s” is damaged: %s"), self->path, sqlite3_errstr (rc));
      return FALSE;
    }
  if (g_strcmp0 (answer, "ok") != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("The database “%s” is damaged: %s"), self->path, answer);
      return FALSE;
    }
  return TRUE;
}

static void
fcrm_store_sqlite_class_init (FcrmStoreSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcrmStoreClass *store_class = FCRM_STORE_CLASS (klass);

  object_class->finalize = fcrm_store_sqlite_finalize;
  store_class->get_dialect = fcrm_store_sqlite_get_dialect;
  store_class->exec = fcrm_store_sqlite_exec;
  store_class->prepare = fcrm_store_sqlite_prepare;
  store_class->begin = fcrm_store_sqlite_begin;
  store_class->commit = fcrm_store_sqlite_commit;
  store_class->rollback = fcrm_store_sqlite_rollback;
  store_class->data_version = fcrm_store_sqlite_data_version;
  store_class->in_transaction = fcrm_store_sqlite_in_transaction;
  store_class->is_read_only = fcrm_store_sqlite_is_read_only;
  store_class->set_lock_timeout = fcrm_store_sqlite_set_lock_timeout;
  store_class->nesting = fcrm_store_sqlite_nesting;
  store_class->run_command = fcrm_store_sqlite_exec;
  store_class->copy_to_file = fcrm_store_sqlite_copy_to_file;
  store_class->replace_from_file = fcrm_store_sqlite_replace_from_file;
  store_class->check_integrity = fcrm_store_sqlite_check_integrity;
}

static void
fcrm_store_sqlite_init (FcrmStoreSqlite *self)
{
  /* Keyed by address: statements are string literals, and hashing long SQL
   * text on every call showed up in profiles. */
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, sqlite_stmt_free);
}

/* Whether to put the file into WAL: one of ours, or a new one being
 * created — never another program's file that is about to be refused, nor
 * an empty file that is about to be refused for not being set up. */
/* fcrm_fold (text): what the office server's function of that name does
 * (schema 7), for the queries that compare folded text. */
static void
fold_func (sqlite3_context *ctx,
           int              argc,
           sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  folded = fcrm_text_fold (text);
  sqlite3_result_text (ctx, folded, -1, g_free);
}

static gboolean
sqlite_wants_wal (sqlite3       *db,
                  FcrmOpenFlags  flags)
{
  sqlite3_stmt *stmt = NULL;
  gboolean yes = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) = 0, coalesce(max(name = 'schema_version'), 0) FROM sqlite_schema",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    yes = sqlite3_column_int (stmt, 1) != 0 ||
          (sqlite3_column_int (stmt, 0) != 0 && (flags & FCRM_OPEN_CREATE) != 0);
  sqlite3_finalize (stmt);
  return yes;
}

static gboolean
journal_is_wal (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  return wal;
}

/* How to open an existing file without writing what cannot be written.
 *
 * Reading a WAL database needs its -wal and -shm files beside it. When
 * another program has the database open they exist, and SQLite reads
 * through them. When they do not (the database was closed cleanly), a
 * read-only connection would have to create them: impossible in a folder we
 * cannot write, and in a writable folder it leaves a read-only -shm behind
 * that keeps the database read-only even after its file is made writable
 * again. So when nobody can be writing — the folder is not writable (a writer
 * would need to create those files too) or the file has no write permission
 * for anyone — the file alone holds every commit and is read "immutable":
 * without locks and without creating anything. Someone with more rights
 * starting to write meanwhile would go unseen: this connection may read a
 * stale state, it never writes. A -wal with content but no -shm (after a
 * crash) can only be read by creating the -shm: done when the folder allows
 * it, refused when not. */
static gboolean
choose_access (const char *path,
               int        *open_flags,
               char      **out_uri,
               GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *absolute = NULL;
  g_autofree char *escaped = NULL;
  gboolean dir_writable = g_access (dir, W_OK) == 0;
  GStatBuf st;

  if (dir_writable && g_access (path, W_OK) == 0)
    {
      *open_flags |= SQLITE_OPEN_READWRITE;
      return TRUE;
    }
  *open_flags |= SQLITE_OPEN_READONLY;
  if (g_file_test (shm, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    {
      if (dir_writable)
        return TRUE;
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_READ_ONLY,
                   _("The database “%s” cannot be read: its latest changes are still in “%s”, and reading them needs write access to the folder. Open it once with write access to the folder, or copy the folder somewhere you can write."),
                   path, wal);
      return FALSE;
    }
  if (dir_writable && (g_stat (path, &st) != 0 || (st.st_mode & 0222) != 0))
    return TRUE;
  absolute = g_canonicalize_filename (path, NULL);
  escaped = g_uri_escape_string (absolute, "/", FALSE);
  *out_uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  *open_flags |= SQLITE_OPEN_URI;
  return TRUE;
}

FcrmStore *
fcrm_store_sqlite_open (const char    *path,
                        FcrmOpenFlags  flags,
                        GError       **error)
{
  g_autoptr(FcrmStoreSqlite) self = NULL;
  g_autofree char *uri = NULL;
  int open_flags = SQLITE_OPEN_NOMUTEX;
  int rc;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("“%s” is a folder, not a database file."), path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!choose_access (path, &open_flags, &uri, error))
        return NULL;
    }
  else if ((flags & FCRM_OPEN_CREATE) == 0)
    {
      /* a mistyped path must not become a new, empty database */
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE,
                   _("There is no database “%s”. Check the path; a new database is created only by “furniture-crm-cli init” or by the app on its first start."),
                   path);
      return NULL;
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
                       _("Cannot create the folder “%s” for the database: %s"), dir, g_strerror (errno));
          return NULL;
        }
      open_flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }

  self = g_object_new (FCRM_TYPE_STORE_SQLITE, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (uri != NULL ? uri : path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
                   _("Cannot open the database “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  self->read_only = sqlite3_db_readonly (self->db, "main") == 1;
  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_create_function_v2 (self->db, "fcrm_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                              fold_func, NULL, NULL, NULL);
  if (g_getenv ("FCRM_SQL_PROFILE") != NULL)
    {
      self->profile = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, profile_cb, self);
    }

  /* The first read tells whether the file is a database at all. */
  rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Furniture CRM database (%s)."), path, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
                   _("Cannot open the database “%s”: %s"), path, sqlite3_errmsg (self->db));
      return NULL;
    }
  /* WAL is a property of the file. The switch upgrades a read lock, which
   * SQLite does not wait for: retry while other programs open the same new
   * file. A database already in WAL, or one that cannot be written, is left
   * as it is. */
  if (!self->read_only && !journal_is_wal (self->db) && sqlite_wants_wal (self->db, flags))
    {
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL)) == SQLITE_BUSY &&
             g_get_monotonic_time () < deadline)
        g_usleep (G_USEC_PER_SEC / 100);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, rc);
          return NULL;
        }
    }
  if (!fcrm_store_sqlite_exec (FCRM_STORE (self),
                               /* WAL + NORMAL: a commit survives the program being killed at
                                * any point (SPEC §7); only an OS crash or power cut can
                                * lose the last commits, never consistency. FULL would
                                * put an fsync into every action and halve intake. */
                               "PRAGMA synchronous=NORMAL;"
                               "PRAGMA foreign_keys=ON;"
                               "PRAGMA temp_store=MEMORY;"
                               "PRAGMA cache_size=-32768;", error))
    return NULL;

  return FCRM_STORE (g_steal_pointer (&self));
}
