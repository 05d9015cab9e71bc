#define G_LOG_DOMAIN "fcrm-store"

#include <glib/gi18n-lib.h>

#include "fcrm-error.h"
#include "fcrm-store-private.h"

G_DEFINE_ABSTRACT_TYPE (FcrmStore, fcrm_store, G_TYPE_OBJECT)

static void
fcrm_store_class_init (FcrmStoreClass *klass)
{
}

static void
fcrm_store_init (FcrmStore *self)
{
}

FcrmStore *
fcrm_store_open (const char *location,
                 GError    **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (g_str_has_prefix (location, "postgresql:") || g_str_has_prefix (location, "postgres:"))
    return fcrm_store_pg_open (location, error);
  /* any other scheme is a mistake, not a file name to create folders for */
  if (g_uri_peek_scheme (location) != NULL && strstr (location, "://") != NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is neither a database file nor an office server address (postgresql://…)."), location);
      return NULL;
    }
  return fcrm_store_sqlite_open (location, error);
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
  return FCRM_STORE_GET_CLASS (self)->exec (self, sql, error);
}

FcrmStmt *
fcrm_store_prepare (FcrmStore  *self,
                    const char *sql,
                    GError    **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  return FCRM_STORE_GET_CLASS (self)->prepare (self, sql, error);
}

gboolean
fcrm_store_begin (FcrmStore *self,
                  GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  return FCRM_STORE_GET_CLASS (self)->begin (self, error);
}

gboolean
fcrm_store_commit (FcrmStore *self,
                   GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  return FCRM_STORE_GET_CLASS (self)->commit (self, error);
}

void
fcrm_store_rollback (FcrmStore *self)
{
  g_return_if_fail (FCRM_IS_STORE (self));
  FCRM_STORE_GET_CLASS (self)->rollback (self);
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
  return FCRM_STORE_GET_CLASS (self)->check_connection (self, error);
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
void fcrm_stmt_reset (FcrmStmt *stmt)                                  { stmt->vtable->reset (stmt); }
gboolean fcrm_stmt_step (FcrmStmt *stmt, GError **error)               { return stmt->vtable->step (stmt, error); }

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

char *
fcrm_stmt_dup_text (FcrmStmt *stmt,
                    int       col)
{
  return g_strdup (fcrm_stmt_get_text (stmt, col));
}
