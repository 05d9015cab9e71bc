#define G_LOG_DOMAIN "fcrm-store"

#include <glib/gi18n-lib.h>

#include "fcrm-error.h"
#include "fcrm-store-private.h"

/* FCRM_STORE_LATENCY_MS=N (developers): every round trip to the database —
 * opening it, fcrm_store_exec, the first step of each statement, the
 * outermost begin, commit and rollback, a connection check — first sleeps N
 * milliseconds, to see how the program behaves over a slow office link
 * without a real network. Read once per store, when it is opened. */
#define LATENCY_ENV "FCRM_STORE_LATENCY_MS"
/* The page cache of a connection fcrm_store_open_another() makes (SQLite:
 * negative is KiB). */
#define SIBLING_CACHE_KB -8192
#define LATENCY_MAX_MS 10000

typedef struct
{
  char       *location;    /* as opened (may hold a password: wiped when freed) */
  guint       latency_ms;
  char       *family;      /* shared with the connections fcrm_store_open_another() makes */
  GHashTable *next_ids;    /* database file: table → the id after the last one reserved */
} FcrmStorePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FcrmStore, fcrm_store, G_TYPE_OBJECT)

static void
fcrm_store_finalize (GObject *object)
{
  FcrmStorePrivate *priv = fcrm_store_get_instance_private (FCRM_STORE (object));

  if (priv->location != NULL)
    memset (priv->location, 0, strlen (priv->location));
  g_clear_pointer (&priv->location, g_free);
  g_clear_pointer (&priv->next_ids, g_hash_table_unref);
  g_clear_pointer (&priv->family, g_free);
  G_OBJECT_CLASS (fcrm_store_parent_class)->finalize (object);
}

static void
fcrm_store_class_init (FcrmStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fcrm_store_finalize;
}

static void
fcrm_store_init (FcrmStore *self)
{
}

/* per thread: a test tells the main loop's waits from the worker's */
static _Thread_local guint64 simulated_round_trips;

static void
simulate_round_trip (guint latency_ms)
{
  if (latency_ms > 0)
    {
      simulated_round_trips++;
      g_usleep ((gulong) latency_ms * 1000);
    }
}

guint64
fcrm_store_simulated_round_trips (void)
{
  return simulated_round_trips;
}

static guint
latency_from_env (void)
{
  const char *env = g_getenv (LATENCY_ENV);
  guint64 ms = 0;

  if (env == NULL || *env == '\0')
    return 0;
  if (!g_ascii_string_to_unsigned (env, 10, 0, LATENCY_MAX_MS, &ms, NULL))
    g_warning ("%s=%s: expected milliseconds from 0 to %d; ignored", LATENCY_ENV, env, LATENCY_MAX_MS);
  return (guint) ms;
}

static gboolean
is_server_location (const char *location)
{
  return g_str_has_prefix (location, "postgresql:") || g_str_has_prefix (location, "postgres:");
}

FcrmStore *
fcrm_store_open (const char *location,
                 GError    **error)
{
  return fcrm_store_open_full (location, FCRM_OPEN_CREATE, error);
}

FcrmStore *
fcrm_store_open_full (const char    *location,
                      FcrmOpenFlags  flags,
                      GError       **error)
{
  FcrmStore *store;
  FcrmStorePrivate *priv;

  g_return_val_if_fail (location != NULL, NULL);

  if (is_server_location (location))
    store = fcrm_store_pg_open (location, error);
  /* any other scheme is a mistake, not a file name to create folders for */
  else if (g_uri_peek_scheme (location) != NULL && strstr (location, "://") != NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is neither a database file nor an office server address (postgresql://…)."), location);
      return NULL;
    }
  else
    store = fcrm_store_sqlite_open (location, flags, error);
  if (store == NULL)
    return NULL;

  priv = fcrm_store_get_instance_private (store);
  priv->location = g_strdup (location);
  priv->family = g_uuid_string_random ();
  priv->latency_ms = latency_from_env ();
  simulate_round_trip (priv->latency_ms);
  return store;
}

static gboolean is_pg (FcrmStore *self);

FcrmStore *
fcrm_store_open_another (FcrmStore *self,
                         GError   **error)
{
  FcrmStorePrivate *priv;
  FcrmStore *other;

  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);

  priv = fcrm_store_get_instance_private (self);
  /* never creates: a file that has gone is an error */
  other = fcrm_store_open_full (priv->location, FCRM_OPEN_EXISTING, error);
  if (other != NULL)
    {
      FcrmStorePrivate *other_priv = fcrm_store_get_instance_private (other);

      /* set once, before anyone else sees @self: safe from any thread */
      g_free (other_priv->family);
      other_priv->family = g_strdup (priv->family);
      /* A worker's reads run through whole columns now and then: a page
       * cache of the main connection's size (32 MB) would keep them all,
       * and the memory would grow with the data. On the office server the
       * cache is the server's. */
      if (!is_pg (other) && !fcrm_store_exec (other, "PRAGMA cache_size=" G_STRINGIFY (SIBLING_CACHE_KB), error))
        g_clear_object (&other);
    }
  return other;
}

const char *
fcrm_store_get_family (FcrmStore *self)
{
  return ((FcrmStorePrivate *) fcrm_store_get_instance_private (self))->family;
}

gboolean
fcrm_store_sees_sibling_commits (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), TRUE);
  /* SQLite's data_version cannot tell one connection from another */
  return !is_pg (self);
}

/* The only place that tells the engines apart by name. */
static gboolean
is_pg (FcrmStore *self)
{
  return g_strcmp0 (FCRM_STORE_GET_CLASS (self)->get_dialect (self), "postgresql") == 0;
}

char *
fcrm_store_ddl (FcrmStore  *self,
                const char *sql)
{
  g_autoptr(GString) s = g_string_new (sql);
  gboolean pg;

  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  pg = is_pg (self);
  /* PostgreSQL's INTEGER is 32 bits: kopecks and timestamps need 64 */
  if (pg)
    g_string_replace (s, "INTEGER", "BIGINT", 0);
  g_string_replace (s, "@ID@", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY", 0);
  g_string_replace (s, "@BLOB@", pg ? "BYTEA" : "BLOB", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static FcrmStmt *
prepare_bound (FcrmStore  *self,
               const char *sql,
               GError    **error,
               const char *types,
               va_list     args)
{
  FcrmStmt *stmt = fcrm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  for (int i = 0; types != NULL && types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        fcrm_stmt_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else if (types[i] == 's')
        fcrm_stmt_bind_text (stmt, i + 1, va_arg (args, const char *));
      else if (types[i] == 'd')
        fcrm_stmt_bind_id (stmt, i + 1, va_arg (args, gint64));
      else
        g_assert_not_reached ();
    }
  return stmt;
}

/* Inside a function (self, sql, error, types, ...): @stmt prepared and bound */
#define PREPARE_BOUND(stmt) \
  G_STMT_START { \
    va_list args_; \
    va_start (args_, types); \
    (stmt) = prepare_bound (self, sql, error, types, args_); \
    va_end (args_); \
  } G_STMT_END

/* The first row's first column; *out_text when @out_text, else *out_int. */
static gboolean
query_first (FcrmStmt  *stmt,
             gint64    *out_int,
             char     **out_text,
             gboolean  *out_found,
             GError   **error)
{
  GError *local = NULL;
  gboolean found = fcrm_stmt_step (stmt, &local);

  if (found && out_text != NULL)
    *out_text = fcrm_stmt_dup_text (stmt, 0);
  else if (out_int != NULL)
    *out_int = found ? fcrm_stmt_get_int64 (stmt, 0) : 0;
  fcrm_stmt_reset (stmt);
  if (out_found != NULL)
    *out_found = found;
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

gboolean
fcrm_store_query_int (FcrmStore  *self,
                      const char *sql,
                      gint64     *out,
                      gboolean   *out_found,
                      GError    **error,
                      const char *types,
                      ...)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  PREPARE_BOUND (stmt);
  *out = 0;
  return stmt != NULL && query_first (stmt, out, NULL, out_found, error);
}

char *
fcrm_store_query_text (FcrmStore  *self,
                       const char *sql,
                       GError    **error,
                       const char *types,
                       ...)
{
  FcrmStmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  PREPARE_BOUND (stmt);
  if (stmt != NULL)
    query_first (stmt, NULL, &text, NULL, error);
  return text;
}

gboolean
fcrm_store_run (FcrmStore  *self,
                const char *sql,
                GError    **error,
                const char *types,
                ...)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  PREPARE_BOUND (stmt);
  return stmt != NULL && fcrm_stmt_run (stmt, error);
}

char *
fcrm_store_get_setting (FcrmStore  *self,
                        const char *key)
{
  return fcrm_store_query_text (self, "SELECT value FROM settings WHERE key = ?", NULL, "s", key);
}

gboolean
fcrm_store_set_setting (FcrmStore  *self,
                        const char *key,
                        const char *value,
                        GError    **error)
{
  return fcrm_store_run (self, "INSERT INTO settings (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error, "ss", key, value);
}

static gint64
query_count (FcrmStore  *self,
             const char *sql,
             const char *arg,
             GError    **error)
{
  gint64 n = -1;

  if (!fcrm_store_query_int (self, sql, &n, NULL, error, arg != NULL ? "s" : "", arg))
    return -1;
  return n;
}

int
fcrm_store_table_exists (FcrmStore  *self,
                         const char *table,
                         GError    **error)
{
  gint64 n;

  g_return_val_if_fail (FCRM_IS_STORE (self), -1);
  n = query_count (self,
                   /* the catalogue: information_schema shows only what this
                    * role may use, so a role without rights would take a
                    * set-up database for an empty one */
                   is_pg (self) ? "SELECT count(*) FROM pg_catalog.pg_tables "
                                  "WHERE schemaname = current_schema() AND tablename = ?"
                                : "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
                   table, error);
  return n < 0 ? -1 : n > 0;
}

gint64
fcrm_store_count_tables (FcrmStore *self,
                         GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), -1);
  return query_count (self,
                      is_pg (self) ? "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                                   : "SELECT count(*) FROM sqlite_schema",
                      NULL, error);
}

gboolean
fcrm_store_lock_key (FcrmStore *self,
                     gint64     key,
                     GError   **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (!is_pg (self))
    return TRUE;
  stmt = fcrm_store_prepare (self, "SELECT pg_advisory_xact_lock (?)", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, key);
  return fcrm_stmt_run (stmt, error);
}

void
fcrm_store_set_bulk_mode (FcrmStore *self,
                          gboolean   bulk)
{
  g_return_if_fail (FCRM_IS_STORE (self));
  if (is_pg (self))
    return;
  /* 1 GiB: at a million records the table an index is built from and the
   * index stay in memory (not spilled to the log and read back); a
   * helper thread sorts beside the main one */
  fcrm_store_exec (self, bulk ? "PRAGMA cache_size=-1048576; PRAGMA threads=1"
                              : "PRAGMA cache_size=-32768; PRAGMA threads=0", NULL);
  /* The load's pages written once, into the file, instead of into the
   * write-ahead log and then copied over at the checkpoint (at 1M: a
   * 2.9 GB log, 10 s of copying): a rollback journal keeps only the old
   * content of pages that existed before, which is little for a new or
   * small database. Committed as safely (every sync made: FULL). SQLite
   * changes the mode only while no other connection has the file open;
   * otherwise it stays in WAL, as every other write does. */
  if (bulk)
    fcrm_store_exec (self, "PRAGMA synchronous=FULL; PRAGMA journal_mode=DELETE", NULL);
  else
    fcrm_store_exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL);
}

void
fcrm_store_set_scan_mode (FcrmStore *self)
{
  g_return_if_fail (FCRM_IS_STORE (self));
  if (!is_pg (self))
    fcrm_store_exec (self, "PRAGMA cache_size=" G_STRINGIFY (SIBLING_CACHE_KB), NULL);
}

gboolean
fcrm_store_has_server_rules (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  return is_pg (self);
}

gboolean
fcrm_store_sums_on_server (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  return is_pg (self);
}

const char *
fcrm_store_get_dialect (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  return FCRM_STORE_GET_CLASS (self)->get_dialect (self);
}

gboolean
fcrm_store_exec (FcrmStore  *self,
                 const char *sql,
                 GError    **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  simulate_round_trip (((FcrmStorePrivate *) fcrm_store_get_instance_private (self))->latency_ms);
  return FCRM_STORE_GET_CLASS (self)->exec (self, sql, error);
}

FcrmStmt *
fcrm_store_prepare (FcrmStore  *self,
                    const char *sql,
                    GError    **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  stmt = FCRM_STORE_GET_CLASS (self)->prepare (self, sql, error);
  if (stmt != NULL)
    {
      stmt->latency_ms = ((FcrmStorePrivate *) fcrm_store_get_instance_private (self))->latency_ms;
      stmt->started = FALSE;
    }
  return stmt;
}

/* Only the outermost level of a transaction talks to the database. */
static void
simulate_transaction_end (FcrmStore *self)
{
  FcrmStorePrivate *priv = fcrm_store_get_instance_private (self);

  if (priv->latency_ms > 0 && !fcrm_store_in_transaction (self))
    simulate_round_trip (priv->latency_ms);
}

gboolean
fcrm_store_begin (FcrmStore *self,
                  GError   **error)
{
  FcrmStorePrivate *priv;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  priv = fcrm_store_get_instance_private (self);
  if (priv->latency_ms > 0 && !fcrm_store_in_transaction (self))
    simulate_round_trip (priv->latency_ms);
  return FCRM_STORE_GET_CLASS (self)->begin (self, error);
}

gboolean
fcrm_store_commit (FcrmStore *self,
                   GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  ok = FCRM_STORE_GET_CLASS (self)->commit (self, error);
  simulate_transaction_end (self);
  return ok;
}

void
fcrm_store_rollback (FcrmStore *self)
{
  g_return_if_fail (FCRM_IS_STORE (self));
  FCRM_STORE_GET_CLASS (self)->rollback (self);
  simulate_transaction_end (self);
}

static gboolean
is_identifier (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
fcrm_store_lock_row (FcrmStore  *self,
                     const char *table,
                     gint64      id,
                     GError    **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (is_identifier (table), FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->lock_row == NULL)
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->lock_row (self, table, id, error);
}

gboolean
fcrm_store_lock_name (FcrmStore  *self,
                      const char *name,
                      GError    **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_autoptr(GChecksum) sum = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;
  guint64 key = 0;

  g_return_val_if_fail (fcrm_store_in_transaction (self), FALSE);
  /* the name's key: 64 bits of its hash (the schema's own advisory locks
   * use small numbers; a collision would only make two actions take turns) */
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, digest, &len);
  for (guint i = 0; i < 8; i++)
    key = key << 8 | digest[i];
  return fcrm_store_lock_key (self, (gint64) key, error);
}

gboolean
fcrm_store_create_login (FcrmStore  *self,
                         const char *login,
                         const char *password,
                         const char *role,
                         GError    **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->create_login == NULL)
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->create_login (self, login, password, role, error);
}

gboolean
fcrm_store_check_connection (FcrmStore *self,
                             GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->check_connection == NULL)
    return TRUE;
  simulate_round_trip (((FcrmStorePrivate *) fcrm_store_get_instance_private (self))->latency_ms);
  return FCRM_STORE_GET_CLASS (self)->check_connection (self, error);
}

gboolean
fcrm_store_is_read_only (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->is_read_only == NULL)
    return FALSE;
  return FCRM_STORE_GET_CLASS (self)->is_read_only (self);
}

gboolean
fcrm_store_set_lock_timeout (FcrmStore *self,
                             guint      ms,
                             GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->set_lock_timeout == NULL)
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->set_lock_timeout (self, ms, error);
}

gboolean
fcrm_store_in_transaction (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  return FCRM_STORE_GET_CLASS (self)->in_transaction (self);
}

gint64
fcrm_store_data_version (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), 0);
  return FCRM_STORE_GET_CLASS (self)->data_version (self);
}

void fcrm_stmt_bind_int64 (FcrmStmt *stmt, int idx, gint64 value)      { stmt->vtable->bind_int64 (stmt, idx, value); }
void fcrm_stmt_bind_null  (FcrmStmt *stmt, int idx)                    { stmt->vtable->bind_null (stmt, idx); }
void fcrm_stmt_bind_blob  (FcrmStmt *stmt, int idx, GBytes *value)     { stmt->vtable->bind_blob (stmt, idx, value); }
gint64 fcrm_stmt_get_int64 (FcrmStmt *stmt, int col)                   { return stmt->vtable->get_int64 (stmt, col); }
const char *fcrm_stmt_get_text (FcrmStmt *stmt, int col)               { return stmt->vtable->get_text (stmt, col); }
GBytes *fcrm_stmt_get_blob (FcrmStmt *stmt, int col)                   { return stmt->vtable->get_blob (stmt, col); }
gboolean fcrm_stmt_is_null (FcrmStmt *stmt, int col)                   { return stmt->vtable->is_null (stmt, col); }
int fcrm_stmt_changes (FcrmStmt *stmt)                                 { return stmt->vtable->changes (stmt); }

void
fcrm_stmt_reset (FcrmStmt *stmt)
{
  stmt->started = FALSE;
  stmt->vtable->reset (stmt);
}

gboolean
fcrm_stmt_step (FcrmStmt *stmt,
                GError  **error)
{
  /* the first step sends the statement; the others read its rows */
  if (!stmt->started)
    {
      stmt->started = TRUE;
      simulate_round_trip (stmt->latency_ms);
    }
  return stmt->vtable->step (stmt, error);
}

void
fcrm_stmt_bind_text (FcrmStmt   *stmt,
                     int         idx,
                     const char *value)
{
  if (value == NULL)
    stmt->vtable->bind_null (stmt, idx);
  else
    stmt->vtable->bind_text (stmt, idx, value);
}

void
fcrm_stmt_bind_id (FcrmStmt *stmt,
                   int       idx,
                   gint64    value)
{
  if (value == 0)
    stmt->vtable->bind_null (stmt, idx);
  else
    stmt->vtable->bind_int64 (stmt, idx, value);
}

gboolean
fcrm_stmt_run (FcrmStmt *stmt,
               GError  **error)
{
  GError *local = NULL;

  while (fcrm_stmt_step (stmt, &local))
    ;
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_stmt_run_later (FcrmStmt *stmt,
                     GError  **error)
{
  if (stmt->vtable->run_later == NULL)
    return fcrm_stmt_run (stmt, error);
  stmt->started = FALSE;
  return stmt->vtable->run_later (stmt, error);
}

char *
fcrm_stmt_dup_text (FcrmStmt *stmt,
                    int       col)
{
  return g_strdup (fcrm_stmt_get_text (stmt, col));
}

/* Savepoints, one level deep, the same on both engines: made again at the
 * depth they were made at, a rollback to one makes the transaction whole. */
static FcrmStoreNesting *
nesting_for_savepoint (FcrmStore *self)
{
  simulate_round_trip (((FcrmStorePrivate *) fcrm_store_get_instance_private (self))->latency_ms);
  return FCRM_STORE_GET_CLASS (self)->nesting (self);
}

gboolean
fcrm_store_savepoint (FcrmStore *self,
                      GError   **error)
{
  FcrmStoreNesting *tx;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (self), FALSE);
  tx = nesting_for_savepoint (self);
  g_return_val_if_fail (tx->depth > 0, FALSE);
  g_return_val_if_fail (tx->savepoint_depth == 0 || tx->savepoint_depth == tx->depth, FALSE);
  if (!FCRM_STORE_GET_CLASS (self)->run_command (self, tx->savepoint_depth > 0
                                                         ? "RELEASE SAVEPOINT fcrm_savepoint; SAVEPOINT fcrm_savepoint"
                                                         : "SAVEPOINT fcrm_savepoint", error))
    return FALSE;
  tx->savepoint_depth = tx->depth;
  return TRUE;
}

gboolean
fcrm_store_transaction_failed (FcrmStore *self)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), TRUE);
  return FCRM_STORE_GET_CLASS (self)->nesting (self)->failed;
}

gboolean
fcrm_store_release_savepoint (FcrmStore *self,
                              GError   **error)
{
  FcrmStoreNesting *tx;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  tx = nesting_for_savepoint (self);
  g_return_val_if_fail (tx->savepoint_depth > 0, FALSE);
  tx->savepoint_depth = 0;
  return FCRM_STORE_GET_CLASS (self)->run_command (self, "RELEASE SAVEPOINT fcrm_savepoint", error);
}

gboolean
fcrm_store_rollback_to_savepoint (FcrmStore *self,
                                  GError   **error)
{
  FcrmStoreNesting *tx;
  guint depth;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  tx = nesting_for_savepoint (self);
  depth = tx->savepoint_depth;
  g_return_val_if_fail (depth > 0, FALSE);
  tx->savepoint_depth = 0;
  /* inner levels that failed were rolled back to here: the transaction is whole again */
  if (tx->depth == 0 ||
      !FCRM_STORE_GET_CLASS (self)->run_command (self, "ROLLBACK TO SAVEPOINT fcrm_savepoint; RELEASE SAVEPOINT fcrm_savepoint",
                                                 error))
    {
      if (tx->depth == 0)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("The change was rolled back."));
      return FALSE;
    }
  tx->depth = depth;
  tx->failed = FALSE;
  return TRUE;
}

gboolean
fcrm_store_reserve_ids (FcrmStore  *self,
                        const char *table,
                        guint       n,
                        gint64     *out_ids,
                        GError    **error)
{
  FcrmStorePrivate *priv;
  GError *local = NULL;
  FcrmStmt *stmt;
  guint got = 0;

  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (is_identifier (table), FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (self), FALSE);
  if (n == 0)
    return TRUE;
  priv = fcrm_store_get_instance_private (self);

  if (is_pg (self))
    {
      /* the table's own sequence: ids nobody else will ever be given */
      stmt = fcrm_store_prepare (self, "SELECT nextval (pg_get_serial_sequence (?, 'id')) FROM generate_series (1, ?)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_text (stmt, 1, table);
      fcrm_stmt_bind_int64 (stmt, 2, n);
      while (fcrm_stmt_step (stmt, &local))
        if (got < n)
          out_ids[got++] = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
      g_return_val_if_fail (got == n, FALSE);
      return TRUE;
    }

  /* A file: the write transaction keeps everyone else out, so the ids after
   * the largest one are free; those reserved and not written yet are
   * remembered (an INTEGER PRIMARY KEY is a rowid: max() is one index probe). */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", table);
    gint64 max_id = 0, next;
    gint64 *remembered;

    /* interned: statements are cached by the address of their text */
    if (!fcrm_store_query_int (self, g_intern_string (sql), &max_id, NULL, error, ""))
      return FALSE;
    if (priv->next_ids == NULL)
      priv->next_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    remembered = g_hash_table_lookup (priv->next_ids, table);
    if (remembered == NULL)
      {
        remembered = g_new0 (gint64, 1);
        g_hash_table_insert (priv->next_ids, g_strdup (table), remembered);
      }
    next = MAX (*remembered, max_id + 1);
    for (guint i = 0; i < n; i++)
      out_ids[i] = next + i;
    *remembered = next + n;
  }
  return TRUE;
}

gboolean
fcrm_store_copy_to_file (FcrmStore         *self,
                         const char        *dest,
                         FcrmStoreProgress  progress,
                         gpointer           user_data,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);
  if (FCRM_STORE_GET_CLASS (self)->copy_to_file == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The office server’s database is not a file; it is backed up by exporting its data."));
      return FALSE;
    }
  return FCRM_STORE_GET_CLASS (self)->copy_to_file (self, dest, progress, user_data, cancellable, error);
}

gboolean
fcrm_store_replace_from_file (FcrmStore   *self,
                              const char  *src,
                              GError     **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (!fcrm_store_in_transaction (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->replace_from_file == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The office server’s database is not a file; it is restored by loading the data."));
      return FALSE;
    }
  return FCRM_STORE_GET_CLASS (self)->replace_from_file (self, src, error);
}

gboolean
fcrm_store_check_integrity (FcrmStore *self,
                            GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->check_integrity == NULL)
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->check_integrity (self, error);
}

gboolean
fcrm_store_begin_snapshot (FcrmStore *self,
                           GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (!fcrm_store_begin (self, error))
    return FALSE;
  /* a file's transaction already reads one moment (WAL); the server's must
   * be asked to, before its first query */
  if (is_pg (self) && !FCRM_STORE_GET_CLASS (self)->run_command (self, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", error))
    {
      fcrm_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

const char *
fcrm_store_get_file (FcrmStore *self)
{
  FcrmStorePrivate *priv;

  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  priv = fcrm_store_get_instance_private (self);
  return is_pg (self) ? NULL : priv->location;
}

gboolean
fcrm_store_settle_checks (FcrmStore *self,
                          GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  /* only deferrable checks are concerned: the server's constraint triggers */
  if (!is_pg (self))
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->run_command (self, "SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED",
                                                   error);
}
