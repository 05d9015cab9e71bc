#define G_LOG_DOMAIN "fcrm-store-pg"

#include "fcrm-store-pg-private.h"

/* Statements sent ahead (fcrm_stmt_run_later, the savepoints, BEGIN and
 * NOTIFY): in libpq's pipeline mode they wait in the connection's buffer and
 * go out with the next statement that needs its answer, all in one round
 * trip. settle() reads their answers; the first failure among them is the
 * error of the statement that settles them. */
gboolean
fcrm_store_pg_send_ahead (FcrmStorePg  *self,
                          const char   *sql,          /* a command, or NULL for @st */
                          PgStmt       *st,
                          GError      **error)
{
  int ok;

  if (PQpipelineStatus (self->conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode (self->conn))
    {
      set_pg_error (error, self->conn, NULL);
      return FALSE;
    }
  ok = sql != NULL ? PQsendQueryParams (self->conn, sql, 0, NULL, NULL, NULL, NULL, 0)
                   : PQsendQueryPrepared (self->conn, st->name, st->n_params, (const char * const *) st->values,
                                          st->lengths, st->formats, 0);
  if (!ok)
    {
      set_pg_error (error, self->conn, NULL);
      return FALSE;
    }
  self->sent++;
  return TRUE;
}

/* Reads the answers of the statements sent ahead and leaves pipeline mode.
 * With @last, the statement sent after them (its answer, even a failure, in
 * *@last: its caller judges it) — unless one sent ahead failed. */
gboolean
fcrm_store_pg_settle (FcrmStorePg  *self,
                      PGresult    **last,
                      GError      **error)
{
  GError *first = NULL;
  guint n = self->sent;

  if (n == 0)
    return TRUE;
  self->sent = 0;
  if (!PQpipelineSync (self->conn))
    set_pg_error (&first, self->conn, NULL);
  for (guint i = 0; i < n && first == NULL; i++)
    {
      PGresult *res = PQgetResult (self->conn);
      ExecStatusType status = PQresultStatus (res);

      if (res == NULL)
        set_pg_error (&first, self->conn, NULL);
      else if (last != NULL && i == n - 1)
        *last = g_steal_pointer (&res);
      else if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        fcrm_store_pg_note_change (self, res);
      else
        set_pg_error (&first, self->conn, res);
      g_clear_pointer (&res, PQclear);
      /* each statement's answer ends with a NULL */
      if (first == NULL)
        PQclear (PQgetResult (self->conn));
    }
  /* the rest (after a failure: "aborted" answers) up to the sync point */
  for (guint guard = 0; guard < 2 * n + 4; guard++)
    {
      PGresult *res = PQgetResult (self->conn);
      ExecStatusType status = PQresultStatus (res);

      PQclear (res);
      if (status == PGRES_PIPELINE_SYNC || (res == NULL && PQstatus (self->conn) != CONNECTION_OK))
        break;
    }
  PQexitPipelineMode (self->conn);
  if (first != NULL)
    {
      if (last != NULL)
        g_clear_pointer (last, PQclear);
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_store_pg_stmt_run_later (FcrmStmt *s,
                              GError  **error)
{
  PgStmt *st = (PgStmt *) s;
  GError *local = NULL;
  gboolean ok;

  /* outside a transaction, or not prepared on this connection yet: now */
  if (st->store->tx.depth == 0 || st->generation != st->store->generation)
    {
      while (s->vtable->step (s, &local))
        ;
      s->vtable->reset (s);
      return local == NULL || (g_propagate_error (error, local), FALSE);
    }
  ok = fcrm_store_pg_send_ahead (st->store, NULL, st, error);
  /* a write, whose answer may come only with the COMMIT: the other desktops
   * are told of the transaction (NOTIFY is decided before the COMMIT) */
  if (ok)
    st->store->wrote = TRUE;
  s->vtable->reset (s);
  return ok;
}
