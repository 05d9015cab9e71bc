#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The storage seam: callers see prepared statements and transactions only,
 * never a particular engine, so a PostgreSQL backend can be added without
 * touching them. SQL given here must be portable (placeholders are "?",
 * ids come back through "RETURNING id", no engine-specific functions). */

typedef struct _FcrmStmt FcrmStmt;

#define FCRM_TYPE_STORE (fcrm_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (FcrmStore, fcrm_store, FCRM, STORE, GObject)

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
};

/** Open the store named by @location: a file path (SQLite) or a
 * postgresql:// URI (office server). */
FcrmStore  *fcrm_store_open          (const char *location,
                                      GError    **error);
/** Open another connection to the database of @self, with the same
 * credentials (a reader for a worker thread). Never creates a database: a file
 * that has gone is an error. May be called from any thread. */
FcrmStore  *fcrm_store_open_another  (FcrmStore  *self,
                                      GError    **error);
/** "sqlite" or "postgresql". */
const char *fcrm_store_get_dialect   (FcrmStore  *self);
/** TRUE when the database enforces who may do what by itself (the office
 * server: row-level security, privileged writes through the owner's
 * functions); FALSE for a database file, where the program is the only guard. */
gboolean    fcrm_store_has_server_rules (FcrmStore *self);
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
/** Changes whenever another connection commits (for live refresh). */
gint64      fcrm_store_data_version  (FcrmStore  *self);

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
gint64      fcrm_stmt_get_int64      (FcrmStmt   *stmt, int col);
const char *fcrm_stmt_get_text       (FcrmStmt   *stmt, int col);
char       *fcrm_stmt_dup_text       (FcrmStmt   *stmt, int col);
GBytes     *fcrm_stmt_get_blob       (FcrmStmt   *stmt, int col);
gboolean    fcrm_stmt_is_null        (FcrmStmt   *stmt, int col);
int         fcrm_stmt_changes        (FcrmStmt   *stmt);
void        fcrm_stmt_reset          (FcrmStmt   *stmt);

G_END_DECLS
