#pragma once

#include <gio/gio.h>

#include "fcrm-types.h"

G_BEGIN_DECLS

/* The storage seam: callers see prepared statements and transactions only,
 * never a particular engine, so a PostgreSQL backend can be added without
 * touching them. SQL given here must be portable (placeholders are "?",
 * ids come back through "RETURNING id", no engine-specific functions). */

typedef struct _FcrmStmt FcrmStmt;
typedef struct _FcrmBulk FcrmBulk;
typedef struct _FcrmBulkRows FcrmBulkRows;


/** Progress of a long store operation: @done of @total (pages, rows). */
typedef void (*FcrmStoreProgress) (gint64   done,
                                   gint64   total,
                                   gpointer user_data);

#define FCRM_TYPE_STORE (fcrm_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (FcrmStore, fcrm_store, FCRM, STORE, GObject)

/* How deep a backend's transaction is nested; one level of savepoint. */
typedef struct
{
  guint    depth;            /* transaction nesting: 0 outside one */
  gboolean failed;           /* an inner level rolled back */
  guint    savepoint_depth;  /* 0: none; else the depth it was made at */
} FcrmStoreNesting;

struct _FcrmStoreClass
{
  GObjectClass parent_class;

  const char *(*get_dialect) (FcrmStore  *self);
  gboolean    (*exec)        (FcrmStore  *self,
                              const char *sql,
                              GError    **error);
  FcrmStmt   *(*prepare)     (FcrmStore  *self,
                              const char *sql,
                              GError    **error);
  gboolean    (*begin)       (FcrmStore  *self,
                              GError    **error);
  gboolean    (*commit)      (FcrmStore  *self,
                              GError    **error);
  void        (*rollback)    (FcrmStore  *self);
  gint64      (*data_version)(FcrmStore  *self);
  gboolean    (*in_transaction)(FcrmStore *self);
  gboolean    (*check_connection)(FcrmStore *self,
                                  GError   **error);
  gboolean    (*create_login)(FcrmStore  *self,
                              const char *login,
                              const char *password,
                              const char *role,
                              GError    **error);
  gboolean    (*lock_row)    (FcrmStore  *self,
                              const char *table,
                              gint64      id,
                              GError    **error);
  gboolean    (*is_read_only)(FcrmStore  *self);
  gboolean    (*set_lock_timeout)(FcrmStore *self,
                                  guint      ms,
                                  GError   **error);
  /* many rows at once (fcrm-store-bulk.c); NULL: multi-row INSERTs */
  gboolean    (*write_rows)  (FcrmStore           *self,
                              const char          *table,
                              const char          *columns,
                              const FcrmBulkRows  *rows,
                              GError             **error);
  gboolean    (*defer_foreign_keys)(FcrmStore          *self,
                                    const char * const *tables,
                                    GError            **error);
  gboolean    (*check_foreign_keys)(FcrmStore *self,
                                    GError   **error);
  /* the backend's transaction nesting, which fcrm-store.c's savepoints keep too */
  FcrmStoreNesting *(*nesting)(FcrmStore *self);
  /* a session command (a savepoint's): not a change of the data */
  gboolean    (*run_command) (FcrmStore  *self,
                              const char *sql,
                              GError    **error);
  /* a database file's copy, whole (fcrm-backup.c); NULL on the office server */
  gboolean    (*copy_to_file)(FcrmStore          *self,
                              const char         *dest,
                              FcrmStoreProgress   progress,
                              gpointer            user_data,
                              GCancellable       *cancellable,
                              GError            **error);
  gboolean    (*replace_from_file)(FcrmStore   *self,
                                   const char  *src,
                                   GError     **error);
  gboolean    (*check_integrity)(FcrmStore *self,
                                 GError   **error);
};

/** Open the store named by @location: a file path (SQLite) or a
 * postgresql:// URI (office server). A missing file is created: this is the
 * low-level call of tests and tools; programs use fcrm_crm_open(). */
FcrmStore  *fcrm_store_open          (const char *location,
                                      GError    **error);
/** The same; without FCRM_OPEN_CREATE a missing file is refused
 * (FCRM_ERROR_NO_DATABASE) and nothing is created, not even its folder. A
 * file or folder that cannot be written is opened read-only. */
FcrmStore  *fcrm_store_open_full     (const char    *location,
                                      FcrmOpenFlags  flags,
                                      GError       **error);
/** TRUE when writing is impossible (a read-only file or folder); every
 * write transaction then fails with FCRM_ERROR_READ_ONLY. */
gboolean    fcrm_store_is_read_only  (FcrmStore  *self);
/** Open another connection to the database of @self, with the same
 * credentials (a reader for a worker thread; on a file with a smaller page
 * cache). Never creates a database: a file that has gone is an error. May be
 * called from any thread. Its commits and those of @self are one family's
 * (fcrm_store_sees_sibling_commits). */
FcrmStore  *fcrm_store_open_another  (FcrmStore  *self,
                                      GError    **error);
/** How many round trips the calling thread has waited for under
 * FCRM_STORE_LATENCY_MS, on any store (tests: reads made on the main loop). */
guint64     fcrm_store_simulated_round_trips (void);
/** A consistent copy of this database file at @dest (a new file, replaced
 * if it exists), made while others keep writing: one read snapshot, copied
 * a few hundred pages at a time. FCRM_ERROR_REFUSED on the office server,
 * which has no file; G_IO_ERROR_CANCELLED when @cancellable fires. */
gboolean    fcrm_store_copy_to_file  (FcrmStore         *self,
                                      const char        *dest,
                                      FcrmStoreProgress  progress,
                                      gpointer           user_data,
                                      GCancellable      *cancellable,
                                      GError           **error);
/** Replace everything in this database file by the content of the database
 * file @src, in one write transaction: the other connections see the new
 * content at once (their change polling notices), or the old if it fails.
 * Outside a transaction only. */
gboolean    fcrm_store_replace_from_file (FcrmStore   *self,
                                          const char  *src,
                                          GError     **error);
/** The engine's own check that nothing in the database is damaged (a file's
 * integrity_check; the office server's is the server's business: TRUE). */
gboolean    fcrm_store_check_integrity (FcrmStore *self,
                                        GError   **error);
/** Start a read-only transaction that sees one moment of the database for
 * all its statements (a backup's snapshot); end it with fcrm_store_rollback. */
gboolean    fcrm_store_begin_snapshot (FcrmStore *self,
                                       GError   **error);
/** Inside a transaction: run now the checks its changes queued for the
 * commit (the office server's deferred constraint triggers), so that the
 * tables they watch may be altered; later changes queue theirs again. */
gboolean    fcrm_store_settle_checks (FcrmStore  *self,
                                      GError    **error);
/** The path of a database file; NULL for the office server. */
const char *fcrm_store_get_file      (FcrmStore  *self);
/** "sqlite" or "postgresql". */
const char *fcrm_store_get_dialect   (FcrmStore  *self);
/** TRUE when the database enforces who may do what by itself (the office
 * server: row-level security, privileged writes through the owner's
 * functions); FALSE for a database file, where the program is the only guard. */
gboolean    fcrm_store_has_server_rules (FcrmStore *self);
/** TRUE when a report over a whole table is better summed by the database
 * itself: the office server, from which every row read travels over a
 * connection, and whose SQL has ordered aggregates (string_agg (… ORDER BY …))
 * and percentile_cont; FALSE for a database file, read inside the program. */
gboolean    fcrm_store_sums_on_server (FcrmStore *self);
/** @sql (portable DDL) in this database's dialect: 64-bit INTEGER, @ID@ for
 * an auto-incremented primary key, @BLOB@ for bytes. Free with g_free(). */
char       *fcrm_store_ddl           (FcrmStore  *self,
                                      const char *sql);
/** 1 when the table named @table exists in the database, 0 when not, -1 on error. */
int         fcrm_store_table_exists  (FcrmStore  *self,
                                      const char *table,
                                      GError    **error);
/** The names of the columns of @table, in order (NULL-terminated; free with
 * g_strfreev); NULL on error. @table is one of the application's tables. */
char      **fcrm_store_table_columns (FcrmStore  *self,
                                      const char *table,
                                      GError    **error);
/** How many tables the database holds (-1 on error): 0 for a new, empty one. */
gint64      fcrm_store_count_tables  (FcrmStore  *self,
                                      GError    **error);
/** Inside a transaction: wait until no other connection holds the lock named
 * @key for its transaction (PostgreSQL, where tables that do not exist yet
 * cannot be locked; SQLite's write transaction already excludes the others). */
gboolean    fcrm_store_lock_key      (FcrmStore  *self,
                                      gint64      key,
                                      GError    **error);
/** Ask the engine to keep more pages in memory during a bulk load (or back
 * to normal); a no-op where the server decides. */
void        fcrm_store_set_bulk_mode (FcrmStore  *self,
                                      gboolean    bulk);
/** For reads that pass over many rows once (a list streamed to the end):
 * a small page cache, as a worker's, so memory does not grow with what is read. */
void        fcrm_store_set_scan_mode (FcrmStore  *self);
/* Helpers for the shapes that recur: one statement, its "?" bound in order
 * from the arguments after @types — one letter each, 'i' a gint64 (cast
 * literals: varargs do not widen int), 's' a string (NULL binds NULL), 'd' an
 * id or time (a gint64; 0 binds NULL). */

/** The first column of the first row as an integer in @out (0 when there is
 * no row, and then @out_found FALSE). FALSE on error. */
gboolean    fcrm_store_query_int     (FcrmStore  *self,
                                      const char *sql,
                                      gint64     *out,
                                      gboolean   *out_found,
                                      GError    **error,
                                      const char *types,
                                      ...);
/** The first column of the first row as text; NULL when there is none or on
 * error (then @error is set). */
char       *fcrm_store_query_text    (FcrmStore  *self,
                                      const char *sql,
                                      GError    **error,
                                      const char *types,
                                      ...);
/** Step a statement to its end (a write); FALSE on error. */
gboolean    fcrm_store_run           (FcrmStore  *self,
                                      const char *sql,
                                      GError    **error,
                                      const char *types,
                                      ...);
/** A database-wide setting (table settings), NULL when unset. */
char       *fcrm_store_get_setting   (FcrmStore  *self,
                                      const char *key);
/** Set a database-wide setting, inside the caller's transaction. */
gboolean    fcrm_store_set_setting   (FcrmStore  *self,
                                      const char *key,
                                      const char *value,
                                      GError    **error);
/** Run one or more statements without results (schema work). */
gboolean    fcrm_store_exec          (FcrmStore  *self,
                                      const char *sql,
                                      GError    **error);
/** A cached prepared statement, reset and with its bindings cleared. Owned by
 * the store. @sql must be a string with static storage (a literal): the cache
 * is keyed by its address. */
FcrmStmt   *fcrm_store_prepare       (FcrmStore  *self,
                                      const char *sql,
                                      GError    **error);
/** Start a write transaction (nesting is counted; only the outermost commits). */
gboolean    fcrm_store_begin         (FcrmStore  *self,
                                      GError    **error);
gboolean    fcrm_store_commit        (FcrmStore  *self,
                                      GError    **error);
void        fcrm_store_rollback      (FcrmStore  *self);
gboolean    fcrm_store_in_transaction(FcrmStore  *self);
/** Inside a transaction: keep other writers off the row @id of @table until
 * it ends, so that what is read of the row afterwards stays true until the
 * commit (read, check, then write). On an office server the row is locked
 * (SELECT … FOR UPDATE; a row the user may not change is not locked, and
 * their writes to it change nothing either); a database file needs nothing
 * more, its write transaction keeps every other writer out from the start.
 * @table is one of the application's tables, never input. */
gboolean    fcrm_store_lock_row      (FcrmStore  *self,
                                      const char *table,
                                      gint64      id,
                                      GError    **error);
/** The same for what has no row yet to lock (the lead of a phone number
 * that is about to be created): inside a transaction, keep every other
 * transaction that locks the same @name waiting until this one ends. */
gboolean    fcrm_store_lock_name     (FcrmStore  *self,
                                      const char *name,
                                      GError    **error);
/** On an office server, make @login a database role with @password (may be
 * NULL) in the group of @role; a no-op for a database file. Inside a transaction. */
gboolean    fcrm_store_create_login  (FcrmStore  *self,
                                      const char *login,
                                      const char *password,
                                      const char *role,
                                      GError    **error);
/** TRUE when the database can be reached; on an office server a broken
 * connection is re-established here (between transactions only). */
gboolean    fcrm_store_check_connection (FcrmStore  *self,
                                      GError    **error);
/** How long a statement waits for another connection's lock before it fails
 * with FCRM_ERROR_BUSY (the default is 10 s on a file, unlimited on a server). */
gboolean    fcrm_store_set_lock_timeout (FcrmStore *self,
                                      guint       ms,
                                      GError    **error);
/** Changes whenever another connection commits a change (for live refresh);
 * see fcrm_store_sees_sibling_commits() for the connections
 * fcrm_store_open_another() made. */
gint64      fcrm_store_data_version  (FcrmStore  *self);
/** Whether fcrm_store_data_version() of @self also changes for commits of
 * its siblings (connections fcrm_store_open_another() made from it or from
 * the store it was made from): TRUE on a SQLite file, which cannot tell
 * connections apart; the office server leaves its siblings' commits out. */
gboolean    fcrm_store_sees_sibling_commits (FcrmStore *self);

/* Savepoints: one level inside a transaction, for work that may fail alone
 * (several requests committed together, each refused on its own). */

/** Inside a transaction: remember this point. What follows — nested
 * begin/commit/rollback included — can be undone alone with
 * fcrm_store_rollback_to_savepoint(), the transaction staying usable. A
 * savepoint still set is released first (its work kept), in the same round
 * trip; the end of the transaction forgets it. */
gboolean    fcrm_store_savepoint     (FcrmStore  *self,
                                      GError    **error);
/** Inside a transaction: TRUE when an inner level rolled back, so that it
 * can only end in a rollback (or a rollback to a savepoint). */
gboolean    fcrm_store_transaction_failed (FcrmStore *self);
/** Keep what was done since the savepoint (and forget the savepoint). */
gboolean    fcrm_store_release_savepoint (FcrmStore *self,
                                      GError    **error);
/** Undo what was done since the savepoint, even a failed inner level, and
 * forget the savepoint; FALSE when the transaction itself is broken. */
gboolean    fcrm_store_rollback_to_savepoint (FcrmStore *self,
                                      GError    **error);

/* Bulk writes (fcrm-store-bulk.c): rows gathered in memory and written at
 * once — by COPY on an office server, by multi-row INSERTs of one reused
 * statement on a file. Plain inserts either way: every trigger, constraint
 * and foreign key of the table applies to each row. */

/** Inside a transaction: @n new ids for rows of @table (its "id" column) in
 * @out_ids, each unused. Rows with reserved ids must be written before
 * anything else inserts into @table in the same transaction (on a file, a row
 * without an id would take the next one). @table is one of the application's
 * tables, never input. */
gboolean    fcrm_store_reserve_ids   (FcrmStore  *self,
                                      const char *table,
                                      guint       n,
                                      gint64     *out_ids,
                                      GError    **error);
/** Rows for @table; @columns names its columns, comma-separated, in the
 * order values are added. Both are the application's, never input. */
FcrmBulk   *fcrm_bulk_new            (FcrmStore  *store,
                                      const char *table,
                                      const char *columns);
void        fcrm_bulk_free           (FcrmBulk   *self);
void        fcrm_bulk_add_int64      (FcrmBulk   *self,
                                      gint64      value);
/** Adds NULL when @value is 0 (unset id or time). */
void        fcrm_bulk_add_id         (FcrmBulk   *self,
                                      gint64      value);
/** Adds NULL when @value is NULL. */
void        fcrm_bulk_add_text       (FcrmBulk   *self,
                                      const char *value);
void        fcrm_bulk_add_null       (FcrmBulk   *self);
/** Adds NULL when @value is NULL. */
void        fcrm_bulk_add_blob       (FcrmBulk   *self,
                                      GBytes     *value);
/** How many complete rows wait to be written. */
guint       fcrm_bulk_get_pending    (FcrmBulk   *self);
/** Inside a transaction: write the rows added so far, then forget them.
 * The rows of one flush go in together: on an error none of them is kept
 * by the caller's transaction, which must then be rolled back. */
gboolean    fcrm_bulk_flush          (FcrmBulk   *self,
                                      GError    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmBulk, fcrm_bulk_free)
/** Inside a transaction about to write many rows into @tables (NULL-
 * terminated): check their foreign keys once for all rows, when
 * fcrm_store_check_foreign_keys() is called (at the latest when the
 * transaction commits), rather than row by row. On an office server, tables
 * this connection does not own keep checking row by row, and other
 * connections wait for the tables until the transaction ends; a file checks
 * each row cheaply and changes nothing. */
gboolean    fcrm_store_defer_foreign_keys (FcrmStore          *self,
                                      const char * const *tables,
                                      GError            **error);
/** Check the keys deferred by fcrm_store_defer_foreign_keys() now. */
gboolean    fcrm_store_check_foreign_keys (FcrmStore  *self,
                                      GError    **error);

/* Statements */
void        fcrm_stmt_bind_int64     (FcrmStmt   *stmt, int idx, gint64 value);
/** Binds NULL when @value is NULL. */
void        fcrm_stmt_bind_text      (FcrmStmt   *stmt, int idx, const char *value);
void        fcrm_stmt_bind_null      (FcrmStmt   *stmt, int idx);
void        fcrm_stmt_bind_blob      (FcrmStmt   *stmt, int idx, GBytes *value);
/** Binds NULL when @value is 0 (unset id or time). */
void        fcrm_stmt_bind_id        (FcrmStmt   *stmt, int idx, gint64 value);
/** TRUE when a row is available; FALSE when done or failed (then @error is set). */
gboolean    fcrm_stmt_step           (FcrmStmt   *stmt, GError **error);
/** Step a statement that returns no rows (or ignore its rows). */
gboolean    fcrm_stmt_run            (FcrmStmt   *stmt, GError **error);
/** The same for a write whose changes and rows nobody reads: inside a
 * transaction on the office server it goes out with the next statement that
 * waits for an answer (one round trip for all), and a failure of it is that
 * statement's (or the commit's) error. Elsewhere it runs at once. */
gboolean    fcrm_stmt_run_later      (FcrmStmt   *stmt, GError **error);
gint64      fcrm_stmt_get_int64      (FcrmStmt   *stmt, int col);
const char *fcrm_stmt_get_text       (FcrmStmt   *stmt, int col);
char       *fcrm_stmt_dup_text       (FcrmStmt   *stmt, int col);
GBytes     *fcrm_stmt_get_blob       (FcrmStmt   *stmt, int col);
gboolean    fcrm_stmt_is_null        (FcrmStmt   *stmt, int col);
int         fcrm_stmt_changes        (FcrmStmt   *stmt);
void        fcrm_stmt_reset          (FcrmStmt   *stmt);

G_END_DECLS
