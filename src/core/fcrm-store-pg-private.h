#pragma once

/* The office server's store, shared by its files (fcrm-store-pg.c and the
 * pipeline of statements sent ahead, fcrm-store-pg-pipeline.c). */

#include <libpq-fe.h>

#include "fcrm-store-private.h"
#include "fcrm-store-pg-errors.h"

G_BEGIN_DECLS

#define set_pg_error fcrm_store_pg_result_error

typedef struct _FcrmStorePg FcrmStorePg;

typedef struct
{
  FcrmStmt     parent;
  FcrmStorePg *store;
  char        *name;
  char        *sql;       /* rewritten, for re-preparing after a reconnect */
  int          n_params;
  char       **values;
  int         *lengths;
  int         *formats;
  PGresult    *result;
  int          row;
  gboolean     executed;
  int          changes;
  guint        generation; /* connection generation it was prepared on */
} PgStmt;

struct _FcrmStorePg
{
  FcrmStore   parent_instance;
  PGconn     *conn;
  GHashTable *cache;       /* sql text address → PgStmt */
  FcrmStoreNesting tx;
  GPtrArray  *deferred_keys;   /* ALTER TABLE … ADD CONSTRAINT … of foreign keys set aside for a bulk load */
  char       *deferred_tables; /* their tables, comma-separated */
  guint       n_statements;
  guint       sent;        /* statements sent ahead in pipeline mode, not answered yet */
  guint       generation;  /* bumped on every reconnect */
  gint64      version;     /* other connections' commits seen so far */
  gboolean    wrote;       /* the open transaction changed something */
  guint       lock_timeout_ms; /* 0: wait for locks as long as it takes */
  char       *notify_sql;  /* NOTIFY with our family's token (fcrm_store_get_family) */
};

#define FCRM_TYPE_STORE_PG (fcrm_store_pg_get_type ())
G_DECLARE_FINAL_TYPE (FcrmStorePg, fcrm_store_pg, FCRM, STORE_PG, FcrmStore)

/* A command's result: the other desktops hear of it at the commit if it changed something. */
void     fcrm_store_pg_note_change  (FcrmStorePg  *self,
                                     PGresult     *res);
/* Send @sql (a command) or @st (bound) ahead: answered by fcrm_store_pg_settle(). */
gboolean fcrm_store_pg_send_ahead   (FcrmStorePg  *self,
                                     const char   *sql,
                                     PgStmt       *st,
                                     GError      **error);
/* Read the answers of what was sent ahead (with @last: of the last one sent, kept in *@last). */
gboolean fcrm_store_pg_settle       (FcrmStorePg  *self,
                                     PGresult    **last,
                                     GError      **error);
gboolean fcrm_store_pg_stmt_run_later (FcrmStmt   *s,
                                       GError    **error);

G_END_DECLS
