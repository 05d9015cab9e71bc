#define G_LOG_DOMAIN "fcrm-store-pg"

/* The office server: the same store interface over libpq. SQL arrives with
 * "?" placeholders and is rewritten to $1…$n once, when it is prepared.
 * Other desktops' commits are seen through LISTEN/NOTIFY; a lost connection
 * is re-established before the next transaction, never in the middle of one. */

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "fcrm-error.h"
#include "fcrm-pg-security.h"
#include "fcrm-store-private.h"
#include "fcrm-store-pg-errors.h"


#define CHANNEL FCRM_PG_CHANNEL

#include "fcrm-store-pg-private.h"

G_DEFINE_FINAL_TYPE (FcrmStorePg, fcrm_store_pg, FCRM_TYPE_STORE)

/* "?" → "$n" and "?N" (SQLite's numbered parameter) → "$N", outside quoted
 * strings; a statement uses one kind or the other. */
static char *
rewrite_placeholders (const char *sql,
                      int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  gboolean quoted = FALSE;

  *n_params = 0;
  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'')
        quoted = !quoted;
      if (*p == '?' && !quoted && g_ascii_isdigit (p[1]))
        {
          char *end;
          int n = (int) strtol (p + 1, &end, 10);

          g_string_append_printf (out, "$%d", n);
          *n_params = MAX (*n_params, n);
          p = end - 1;
        }
      else if (*p == '?' && !quoted)
        g_string_append_printf (out, "$%d", ++*n_params);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Whether a command changed anything the other desktops should reload:
 * rows written, or the schema or rights changed. Reads, locks and
 * transaction control do not, nor does a write that matched no row. */
static gboolean
changed_something (PGresult *res)
{
  const char *tag = PQcmdStatus (res);
  const char *rows = PQcmdTuples (res);

  if (*rows != '\0')
    return atoi (rows) > 0 &&
           (g_str_has_prefix (tag, "INSERT") || g_str_has_prefix (tag, "UPDATE") ||
            g_str_has_prefix (tag, "DELETE") || g_str_has_prefix (tag, "MERGE") || g_str_has_prefix (tag, "COPY"));
  return *tag != '\0' && !g_str_equal (tag, "BEGIN") && !g_str_equal (tag, "COMMIT") &&
         !g_str_equal (tag, "ROLLBACK") && !g_str_equal (tag, "LISTEN") && !g_str_equal (tag, "NOTIFY") &&
         !g_str_equal (tag, "SET") && !g_str_equal (tag, "SHOW");
}


/* The payload names our family: its other connections know the commit as
 * one of this process's (fcrm_store_sees_sibling_commits). The token is a
 * UUID: nothing to quote. */
static const char *
notify_sql (FcrmStorePg *self)
{
  if (self->notify_sql == NULL)
    self->notify_sql = g_strdup_printf ("NOTIFY " CHANNEL ", '%s'", fcrm_store_get_family (FCRM_STORE (self)));
  return self->notify_sql;
}

/* statements */

static PgStmt *P (FcrmStmt *s) { return (PgStmt *) s; }

static void
set_param (FcrmStmt *s,
           int       idx,
           char     *value,
           int       length,
           int       format)
{
  PgStmt *st = P (s);

  g_return_if_fail (idx >= 1 && idx <= st->n_params);
  g_free (st->values[idx - 1]);
  st->values[idx - 1] = value;
  st->lengths[idx - 1] = length;
  st->formats[idx - 1] = format;
}

static void pg_bind_int64 (FcrmStmt *s, int i, gint64 v)     { set_param (s, i, g_strdup_printf ("%" G_GINT64_FORMAT, v), 0, 0); }
static void pg_bind_text (FcrmStmt *s, int i, const char *v) { set_param (s, i, g_strdup (v), 0, 0); }
static void pg_bind_null (FcrmStmt *s, int i)                { set_param (s, i, NULL, 0, 0); }

static void
pg_bind_blob (FcrmStmt *s, int i, GBytes *v)
{
  gsize len = 0;
  gconstpointer data;

  if (v == NULL)
    {
      pg_bind_null (s, i);
      return;
    }
  data = g_bytes_get_data (v, &len);
  set_param (s, i, len > 0 ? g_memdup2 (data, len) : g_strdup (""), (int) len, 1);
}

static gboolean
pg_is_null (FcrmStmt *s, int c)
{
  PgStmt *st = P (s);
  return st->result == NULL || st->row < 0 || PQgetisnull (st->result, st->row, c);
}

static gint64
pg_get_int64 (FcrmStmt *s, int c)
{
  PgStmt *st = P (s);
  const char *v;

  if (pg_is_null (s, c))
    return 0;
  v = PQgetvalue (st->result, st->row, c);
  /* booleans and sums (numeric) come back as text too */
  if (v[0] == 't' && v[1] == '\0')
    return 1;
  if (v[0] == 'f' && v[1] == '\0')
    return 0;
  return g_ascii_strtoll (v, NULL, 10);
}

static const char *
pg_get_text (FcrmStmt *s, int c)
{
  PgStmt *st = P (s);
  return pg_is_null (s, c) ? NULL : PQgetvalue (st->result, st->row, c);
}

static GBytes *
pg_get_blob (FcrmStmt *s, int c)
{
  PgStmt *st = P (s);
  size_t len = 0;
  unsigned char *raw;
  GBytes *bytes;

  if (pg_is_null (s, c))
    return g_bytes_new (NULL, 0);
  raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (st->result, st->row, c), &len);
  bytes = g_bytes_new (raw, len);
  PQfreemem (raw);
  return bytes;
}

static int pg_changes (FcrmStmt *s) { return P (s)->changes; }

static void
pg_reset (FcrmStmt *s)
{
  PgStmt *st = P (s);

  g_clear_pointer (&st->result, PQclear);
  st->executed = FALSE;
  st->row = -1;
  for (int i = 0; i < st->n_params; i++)
    g_clear_pointer (&st->values[i], g_free);
}

static gboolean
ensure_prepared (PgStmt  *st,
                 GError **error)
{
  PGresult *res;

  if (st->generation == st->store->generation)
    return TRUE;
  if (!fcrm_store_pg_settle (st->store, NULL, error))
    return FALSE;
  res = PQprepare (st->store->conn, st->name, st->sql, st->n_params, NULL);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      set_pg_error (error, st->store->conn, res);
      PQclear (res);
      return FALSE;
    }
  PQclear (res);
  st->generation = st->store->generation;
  return TRUE;
}

static gboolean
pg_step (FcrmStmt *s, GError **error)
{
  PgStmt *st = P (s);

  if (!st->executed)
    {
      ExecStatusType status;

      st->executed = TRUE;
      st->row = -1;
      st->changes = 0;
      if (!ensure_prepared (st, error))
        return FALSE;
      if (st->store->sent > 0)
        {
          /* out with the statements sent ahead, in the same round trip */
          if (!fcrm_store_pg_send_ahead (st->store, NULL, st, error) || !fcrm_store_pg_settle (st->store, &st->result, error))
            return FALSE;
        }
      else
        st->result = PQexecPrepared (st->store->conn, st->name, st->n_params, (const char * const *) st->values,
                                     st->lengths, st->formats, 0);
      status = PQresultStatus (st->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          set_pg_error (error, st->store->conn, st->result);
          g_clear_pointer (&st->result, PQclear);
          return FALSE;
        }
      st->changes = atoi (PQcmdTuples (st->result));
      fcrm_store_pg_note_change (st->store, st->result);
    }
  if (st->result == NULL)
    return FALSE;
  st->row++;
  return st->row < PQntuples (st->result);
}

static const FcrmStmtVTable pg_stmt_vtable = {
  pg_bind_int64, pg_bind_text, pg_bind_null, pg_bind_blob, pg_step,
  pg_get_int64, pg_get_text, pg_get_blob, pg_is_null, pg_changes, pg_reset, fcrm_store_pg_stmt_run_later,
};

static void
pg_stmt_free (gpointer data)
{
  PgStmt *st = data;

  pg_reset ((FcrmStmt *) st);
  g_free (st->values);
  g_free (st->lengths);
  g_free (st->formats);
  g_free (st->name);
  g_free (st->sql);
  g_free (st);
}

/* store */

static const char *
fcrm_store_pg_get_dialect (FcrmStore *store)
{
  return "postgresql";
}

/* A session command, outside the change tracking of fcrm_store_pg_exec. */
static gboolean
run_command (FcrmStorePg *self,
             const char  *sql,
             GError     **error)
{
  PGresult *res;
  gboolean ok;

  if (!fcrm_store_pg_settle (self, NULL, error))
    return FALSE;
  res = PQexec (self->conn, sql);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  if (!ok)
    set_pg_error (error, self->conn, res);
  PQclear (res);
  return ok;
}

static gboolean
listen (FcrmStorePg *self,
        GError     **error)
{
  return run_command (self, "LISTEN " CHANNEL, error);
}

static gboolean
apply_lock_timeout (FcrmStorePg *self,
                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SET lock_timeout = %u", self->lock_timeout_ms);

  return run_command (self, sql, error);
}

/* Between transactions only: a broken connection is re-opened, and every
 * statement is prepared again on first use. */
static gboolean fcrm_store_pg_exec (FcrmStore  *store,
                                    const char *sql,
                                    GError    **error);

/* A session's settings, on opening and again after a reconnection (which
 * forgets them). JIT compiling is off: the program's statements are short,
 * and compiling one that reads a whole table (a report) took longer than
 * running it — a second and more at 100,000 deals. */
static gboolean
session_setup (FcrmStorePg  *self,
               GError      **error)
{
  return fcrm_store_pg_exec (FCRM_STORE (self), "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET jit = off",
                             error);
}

static gboolean
ensure_connected (FcrmStorePg *self,
                  GError     **error)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  if (self->tx.depth > 0)
    {
      set_pg_error (error, self->conn, NULL);
      return FALSE;
    }
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      set_pg_error (error, self->conn, NULL);
      return FALSE;
    }
  self->generation++;
  /* whatever happened meanwhile, views must reload */
  self->version++;
  return session_setup (self, error) && listen (self, error) &&
         (self->lock_timeout_ms == 0 || apply_lock_timeout (self, error));
}

static gboolean
fcrm_store_pg_exec (FcrmStore  *store,
                    const char *sql,
                    GError    **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  PGresult *res;
  ExecStatusType status;

  if (!ensure_connected (self, error))
    return FALSE;
  res = NULL;
  if (self->sent > 0 && strchr (sql, ';') == NULL)
    {
      if (!fcrm_store_pg_send_ahead (self, sql, NULL, error) || !fcrm_store_pg_settle (self, &res, error))
        return FALSE;
    }
  else if (!fcrm_store_pg_settle (self, NULL, error))
    return FALSE;
  else
    res = PQexec (self->conn, sql);
  status = PQresultStatus (res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_pg_error (error, self->conn, res);
      PQclear (res);
      return FALSE;
    }
  fcrm_store_pg_note_change (self, res);
  PQclear (res);
  return TRUE;
}

/* The other desktops hear of a change when it is committed (NOTIFY is
 * transactional); one made outside a transaction is committed at once. */
void
fcrm_store_pg_note_change (FcrmStorePg *self,
                           PGresult    *res)
{
  if (!changed_something (res))
    return;
  if (self->tx.depth > 0)
    self->wrote = TRUE;
  else
    PQclear (PQexec (self->conn, notify_sql (self)));
}

static FcrmStmt *
fcrm_store_pg_prepare (FcrmStore  *store,
                       const char *sql,
                       GError    **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  PgStmt *st = g_hash_table_lookup (self->cache, sql);
  GError *local = NULL;

  if (!ensure_connected (self, error))
    return NULL;
  if (st != NULL)
    {
      pg_reset ((FcrmStmt *) st);
      return (FcrmStmt *) st;
    }

  st = g_new0 (PgStmt, 1);
  st->parent.vtable = &pg_stmt_vtable;
  st->store = self;
  st->name = g_strdup_printf ("fcrm%u", ++self->n_statements);
  st->sql = rewrite_placeholders (sql, &st->n_params);
  st->values = g_new0 (char *, MAX (st->n_params, 1));
  st->lengths = g_new0 (int, MAX (st->n_params, 1));
  st->formats = g_new0 (int, MAX (st->n_params, 1));
  st->row = -1;
  st->generation = G_MAXUINT;
  if (!ensure_prepared (st, &local))
    {
      /* preparing locks the tables it names: waiting out lock_timeout, or a
       * lost connection, is not a bug in the statement */
      if (!g_error_matches (local, FCRM_ERROR, FCRM_ERROR_BUSY) &&
          !g_error_matches (local, FCRM_ERROR, FCRM_ERROR_UNREACHABLE))
        g_critical ("failed to prepare: %s", sql);
      g_propagate_error (error, local);
      pg_stmt_free (st);
      return NULL;
    }
  g_hash_table_insert (self->cache, (gpointer) sql, st);
  return (FcrmStmt *) st;
}

static gboolean
fcrm_store_pg_begin (FcrmStore *store,
                     GError   **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);

  if (self->tx.depth > 0)
    {
      self->tx.depth++;
      return TRUE;
    }
  if (!ensure_connected (self, error))
    return FALSE;
  self->tx.failed = FALSE;
  self->wrote = FALSE;
  /* BEGIN goes out with the transaction's first statement */
  if (!fcrm_store_pg_settle (self, NULL, error) || !fcrm_store_pg_send_ahead (self, "BEGIN", NULL, error))
    return FALSE;
  self->tx.depth = 1;
  return TRUE;
}

static void
fcrm_store_pg_rollback (FcrmStore *store)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);

  g_return_if_fail (self->tx.depth > 0);
  self->tx.failed = TRUE;
  if (--self->tx.depth == 0)
    {
      /* the keys set aside come back with the rest of the catalogue */
      g_ptr_array_set_size (self->deferred_keys, 0);
      self->tx.savepoint_depth = 0;
      fcrm_store_pg_settle (self, NULL, NULL);
      PQclear (PQexec (self->conn, "ROLLBACK"));
    }
}

static gboolean restore_foreign_keys (FcrmStorePg *self, GError **error);

static gboolean
fcrm_store_pg_commit (FcrmStore *store,
                      GError   **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);

  g_return_val_if_fail (self->tx.depth > 0, FALSE);
  if (self->tx.depth > 1)
    {
      self->tx.depth--;
      return TRUE;
    }
  if (self->tx.failed)
    {
      fcrm_store_pg_rollback (store);
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE, _("The change was rolled back."));
      return FALSE;
    }
  /* A transaction never commits without its foreign keys. NOTIFY is
   * transactional: the other desktops hear of it once it is committed, and
   * only when it changed something (every desktop's periodic check commits;
   * were that news, each check would wake all the others). */
  if (!restore_foreign_keys (self, error) ||
      (self->wrote && !fcrm_store_pg_send_ahead (self, notify_sql (self), NULL, error)) ||
      !fcrm_store_pg_exec (store, "COMMIT", error))
    {
      fcrm_store_pg_rollback (store);
      return FALSE;
    }
  self->tx.depth = 0;
  self->tx.savepoint_depth = 0;
  return TRUE;
}

static gint64
fcrm_store_pg_data_version (FcrmStore *store)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  PGnotify *n;

  if (PQstatus (self->conn) != CONNECTION_OK)
    ensure_connected (self, NULL);
  PQconsumeInput (self->conn);
  /* our own commits, and those of our siblings (the worker thread's
   * connection), are this process's: no news */
  while ((n = PQnotifies (self->conn)) != NULL)
    {
      if (n->be_pid != PQbackendPID (self->conn) &&
          g_strcmp0 (n->extra, fcrm_store_get_family (store)) != 0)
        self->version++;
      PQfreemem (n);
    }
  return self->version;
}

/* A role carrying FCRM_ROLE_MARK was made by `user add`; any other is the
 * server's own (the administrator's, an application's) and never taken over.
 * Only a role's owner or a role administrator can set its comment. */

static gboolean
fcrm_store_pg_create_login (FcrmStore  *store,
                            const char *login,
                            const char *password,
                            const char *role,
                            GError    **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  char *ident = PQescapeIdentifier (self->conn, login, strlen (login));
  char *secret = password != NULL ? PQescapeLiteral (self->conn, password, strlen (password)) : NULL;
  g_autofree char *sql = NULL;
  PGresult *res = NULL;
  gboolean exists, ours;
  gboolean ok = FALSE;

  if (ident == NULL || (password != NULL && secret == NULL))
    {
      set_pg_error (error, self->conn, NULL);
      goto out;
    }
  {
    int n_params = 0;
    g_autofree char *check = rewrite_placeholders ("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?), ("
                                                   FCRM_FOREIGN_ROLE_SQL ")", &n_params);
    const char *params[2] = { login, login };

    g_assert (n_params == 2);
    if (!fcrm_store_pg_settle (self, NULL, error))
      return FALSE;
    res = PQexecParams (self->conn, check, 2, NULL, params, NULL, NULL, 0);
  }
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      set_pg_error (error, self->conn, res);
      goto out;
    }
  exists = g_strcmp0 (PQgetvalue (res, 0, 0), "t") == 0;
  ours = exists && g_strcmp0 (PQgetvalue (res, 0, 1), "0") == 0;
  if (exists && !ours)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The office server already has a role “%s” that Furniture CRM did not make; it is left alone. "
                     "Choose another login."), login);
      goto out;
    }
  /* A role made for the same person by another CRM database on this server is
   * shared: it joins the group, and keeps its own password. */
  if (exists)
    sql = g_strdup_printf ("GRANT fcrm_%s TO %s;", role, ident);
  else
    sql = g_strdup_printf ("CREATE ROLE %s LOGIN%s%s; COMMENT ON ROLE %s IS '" FCRM_ROLE_MARK "'; GRANT fcrm_%s TO %s;",
                           ident, secret != NULL ? " PASSWORD " : "", secret != NULL ? secret : "", ident, role, ident);
  ok = fcrm_store_pg_exec (store, sql, error);

out:
  g_clear_pointer (&res, PQclear);
  PQfreemem (ident);
  if (secret != NULL)
    PQfreemem (secret);
  return ok;
}

static gboolean
fcrm_store_pg_lock_row (FcrmStore  *store,
                        const char *table,
                        gint64      id,
                        GError    **error)
{
  /* interned: statements are cached by the address of their text */
  g_autofree char *text = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? FOR UPDATE", table);
  FcrmStmt *stmt = fcrm_store_pg_prepare (store, g_intern_string (text), error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  return fcrm_stmt_run (stmt, error);
}

static gboolean
fcrm_store_pg_check_connection (FcrmStore *store,
                                GError   **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  PGresult *res;
  gboolean ok;

  if (self->tx.depth > 0)
    return TRUE;
  if (!ensure_connected (self, error))
    return FALSE;
  /* a dead peer is only noticed when talking to it */
  res = PQexec (self->conn, "SELECT 1");
  ok = PQresultStatus (res) == PGRES_TUPLES_OK;
  PQclear (res);
  if (!ok)
    {
      if (!ensure_connected (self, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fcrm_store_pg_set_lock_timeout (FcrmStore *store,
                                guint      ms,
                                GError   **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);

  self->lock_timeout_ms = ms;
  return ensure_connected (self, error) && apply_lock_timeout (self, error);
}

static gboolean
send_copy_data (FcrmStorePg *self,
                GString     *buffer)
{
  gboolean ok = buffer->len == 0 || PQputCopyData (self->conn, buffer->str, (int) buffer->len) == 1;

  g_string_truncate (buffer, 0);
  return ok;
}

/* Bulk rows by COPY … FROM STDIN, a buffer of text at a time. Triggers fire
 * for every row; the rows go in together or, on an error, none does. */
static gboolean
fcrm_store_pg_write_rows (FcrmStore          *store,
                          const char         *table,
                          const char         *columns,
                          const FcrmBulkRows *rows,
                          GError            **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  g_autofree char *sql = g_strdup_printf ("COPY %s (%s) FROM STDIN", table, columns);
  g_autoptr(GString) buffer = g_string_sized_new (256 * 1024);
  PGresult *res;
  gboolean sent = TRUE;
  gboolean ok;

  if (!ensure_connected (self, error) || !fcrm_store_pg_settle (self, NULL, error))
    return FALSE;
  res = PQexec (self->conn, sql);
  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      set_pg_error (error, self->conn, res);
      PQclear (res);
      return FALSE;
    }
  PQclear (res);

  for (guint r = 0; r < rows->n_rows && sent;)
    {
      fcrm_bulk_rows_append_copy_text (rows, &r, buffer, 192 * 1024);
      sent = send_copy_data (self, buffer);
    }
  /* a failed send still ends the COPY, so the connection is usable again */
  PQputCopyEnd (self->conn, sent ? NULL : "the rows could not be sent");
  res = PQgetResult (self->conn);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (ok)
    fcrm_store_pg_note_change (self, res);
  else
    set_pg_error (error, self->conn, res);
  PQclear (res);
  /* whatever else the server says ends the command */
  while ((res = PQgetResult (self->conn)) != NULL)
    PQclear (res);
  return ok;
}

/* A bulk load into tables whose rows each check a few foreign keys spends
 * most of its time in those checks, one query per key and row. The owner
 * of the tables can set the keys aside for the transaction and add them
 * back before it commits, when each is checked once, for all rows, by one
 * join. Other connections wait for the tables meanwhile (the dropping
 * locks them), and a rollback brings the keys back with everything else. */
static gboolean
fcrm_store_pg_defer_foreign_keys (FcrmStore          *store,
                                  const char * const *tables,
                                  GError            **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  g_autofree char *list = g_strjoinv (",", (char **) tables);
  const char *params[1] = { list };
  g_autoptr(GString) drop = g_string_new (NULL);
  PGresult *res;
  gboolean ok;

  g_return_val_if_fail (self->tx.depth > 0, FALSE);
  if (!fcrm_store_pg_settle (self, NULL, error))
    return FALSE;
  res = PQexecParams (self->conn,
                      "SELECT c.conrelid::regclass::text, quote_ident (c.conname), pg_get_constraintdef (c.oid) "
                      "FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
                      "WHERE c.contype = 'f' AND r.relnamespace = current_schema ()::regnamespace "
                      "  AND r.relname = ANY (string_to_array ($1, ',')) AND pg_has_role (r.relowner, 'USAGE') "
                      "ORDER BY c.oid",
                      1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      set_pg_error (error, self->conn, res);
      PQclear (res);
      return FALSE;
    }
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_string_append_printf (drop, "ALTER TABLE %s DROP CONSTRAINT %s;", PQgetvalue (res, i, 0), PQgetvalue (res, i, 1));
      g_ptr_array_add (self->deferred_keys, g_strdup_printf ("ALTER TABLE %s ADD CONSTRAINT %s %s;", PQgetvalue (res, i, 0),
                                                             PQgetvalue (res, i, 1), PQgetvalue (res, i, 2)));
    }
  PQclear (res);
  ok = drop->len == 0 || run_command (self, drop->str, error);
  if (!ok)
    g_ptr_array_set_size (self->deferred_keys, 0);
  g_free (self->deferred_tables);
  self->deferred_tables = g_steal_pointer (&list);
  return ok;
}

static gboolean
restore_foreign_keys (FcrmStorePg *self,
                      GError     **error)
{
  g_autoptr(GString) add = g_string_new (NULL);
  const char *params[1] = { self->deferred_tables };
  PGresult *res;
  const char *deferred;

  if (self->deferred_keys->len == 0)
    return TRUE;
  /* A table is altered only once the checks its rows queued for the commit
   * (constraint triggers, INITIALLY DEFERRED) have run: run them now, and
   * defer them again for what the transaction still does. */
  if (!fcrm_store_pg_settle (self, NULL, error))
    return FALSE;
  res = PQexecParams (self->conn,
                      "SELECT string_agg (DISTINCT quote_ident (c.conname), ', ') "
                      "FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
                      "WHERE c.contype = 't' AND c.condeferred AND r.relnamespace = current_schema ()::regnamespace "
                      "  AND r.relname = ANY (string_to_array ($1, ','))",
                      1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      set_pg_error (error, self->conn, res);
      PQclear (res);
      return FALSE;
    }
  deferred = PQgetisnull (res, 0, 0) ? NULL : PQgetvalue (res, 0, 0);
  if (deferred != NULL)
    g_string_append_printf (add, "SET CONSTRAINTS %s IMMEDIATE;", deferred);
  for (guint i = 0; i < self->deferred_keys->len; i++)
    g_string_append (add, g_ptr_array_index (self->deferred_keys, i));
  if (deferred != NULL)
    g_string_append_printf (add, "SET CONSTRAINTS %s DEFERRED;", deferred);
  PQclear (res);
  g_ptr_array_set_size (self->deferred_keys, 0);
  return run_command (self, add->str, error);
}

static gboolean
fcrm_store_pg_check_foreign_keys (FcrmStore *store,
                                  GError   **error)
{
  return restore_foreign_keys (FCRM_STORE_PG (store), error);
}

static FcrmStoreNesting *
fcrm_store_pg_nesting (FcrmStore *store)
{
  return &FCRM_STORE_PG (store)->tx;
}

static gboolean
fcrm_store_pg_run_command (FcrmStore  *store,
                           const char *sql,
                           GError    **error)
{
  FcrmStorePg *self = FCRM_STORE_PG (store);
  g_auto(GStrv) commands = NULL;

  if (self->tx.depth == 0)
    return run_command (self, sql, error);
  /* a savepoint's commands: out with the next statement */
  commands = g_strsplit (sql, "; ", -1);
  for (guint i = 0; commands[i] != NULL; i++)
    if (!fcrm_store_pg_send_ahead (self, commands[i], NULL, error))
      return FALSE;
  return TRUE;
}

static gboolean
fcrm_store_pg_in_transaction (FcrmStore *store)
{
  return FCRM_STORE_PG (store)->tx.depth > 0;
}

static void
fcrm_store_pg_finalize (GObject *object)
{
  FcrmStorePg *self = FCRM_STORE_PG (object);

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->deferred_keys, g_ptr_array_unref);
  g_clear_pointer (&self->deferred_tables, g_free);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->notify_sql, g_free);
  G_OBJECT_CLASS (fcrm_store_pg_parent_class)->finalize (object);
}

static void
fcrm_store_pg_class_init (FcrmStorePgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcrmStoreClass *store_class = FCRM_STORE_CLASS (klass);

  object_class->finalize = fcrm_store_pg_finalize;
  store_class->get_dialect = fcrm_store_pg_get_dialect;
  store_class->exec = fcrm_store_pg_exec;
  store_class->prepare = fcrm_store_pg_prepare;
  store_class->begin = fcrm_store_pg_begin;
  store_class->commit = fcrm_store_pg_commit;
  store_class->rollback = fcrm_store_pg_rollback;
  store_class->data_version = fcrm_store_pg_data_version;
  store_class->in_transaction = fcrm_store_pg_in_transaction;
  store_class->create_login = fcrm_store_pg_create_login;
  store_class->lock_row = fcrm_store_pg_lock_row;
  store_class->check_connection = fcrm_store_pg_check_connection;
  store_class->set_lock_timeout = fcrm_store_pg_set_lock_timeout;
  store_class->write_rows = fcrm_store_pg_write_rows;
  store_class->defer_foreign_keys = fcrm_store_pg_defer_foreign_keys;
  store_class->check_foreign_keys = fcrm_store_pg_check_foreign_keys;
  store_class->nesting = fcrm_store_pg_nesting;
  store_class->run_command = fcrm_store_pg_run_command;
}

static void
fcrm_store_pg_init (FcrmStorePg *self)
{
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, pg_stmt_free);
  self->deferred_keys = g_ptr_array_new_with_free_func (g_free);
}

static void
quiet_notice (void       *arg,
              const char *message)
{
  g_debug ("%s", message);
}

FcrmStore *
fcrm_store_pg_open (const char *uri,
                    GError    **error)
{
  g_autoptr(FcrmStorePg) self = g_object_new (FCRM_TYPE_STORE_PG, NULL);

  self->conn = PQconnectdb (uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      fcrm_store_pg_connect_error (error, msg);
      return NULL;
    }
  PQsetNoticeProcessor (self->conn, quiet_notice, NULL);
  if (!session_setup (self, error) || !listen (self, error))
    return NULL;
  return FCRM_STORE (g_steal_pointer (&self));
}
