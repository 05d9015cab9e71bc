#pragma once

#include "fcrm-store.h"

G_BEGIN_DECLS

typedef struct
{
  void        (*bind_int64) (FcrmStmt *stmt, int idx, gint64 value);
  void        (*bind_text)  (FcrmStmt *stmt, int idx, const char *value);
  void        (*bind_null)  (FcrmStmt *stmt, int idx);
  void        (*bind_blob)  (FcrmStmt *stmt, int idx, GBytes *value);
  gboolean    (*step)       (FcrmStmt *stmt, GError **error);
  gint64      (*get_int64)  (FcrmStmt *stmt, int col);
  const char *(*get_text)   (FcrmStmt *stmt, int col);
  GBytes     *(*get_blob)   (FcrmStmt *stmt, int col);
  gboolean    (*is_null)    (FcrmStmt *stmt, int col);
  int         (*changes)    (FcrmStmt *stmt);
  void        (*reset)      (FcrmStmt *stmt);
  /* fcrm_stmt_run_later; NULL: run at once */
  gboolean    (*run_later)  (FcrmStmt *stmt, GError **error);
} FcrmStmtVTable;

struct _FcrmStmt
{
  const FcrmStmtVTable *vtable;
  /* set by fcrm_store_prepare: FCRM_STORE_LATENCY_MS of the store, and
   * whether the statement went to the database since it was last reset */
  guint                 latency_ms;
  gboolean              started;
};

/* A token shared by a store and the stores fcrm_store_open_another() made
 * from it: their commits are one process's, not another desktop's. */
const char *fcrm_store_get_family (FcrmStore *self);

/* Rows a FcrmBulk gathered: n_rows × n_columns cells, row by row. */
typedef enum {
  FCRM_CELL_NULL,
  FCRM_CELL_INT,
  FCRM_CELL_TEXT,   /* value: offset in text (NUL-terminated there), length: its bytes */
  FCRM_CELL_BLOB,   /* value: index in blobs */
} FcrmCellKind;

typedef struct
{
  FcrmCellKind kind;
  gint64       value;
  gsize        length;
} FcrmCell;

struct _FcrmBulkRows
{
  const FcrmCell *cells;
  guint           n_rows;
  guint           n_columns;
  const char     *text;
  GPtrArray      *blobs;   /* GBytes */
};

/* Rows from *@row on as PostgreSQL's COPY text format, appended to @out
 * until it holds @limit bytes or more (or the rows end); *@row moves on. */
void fcrm_bulk_rows_append_copy_text (const FcrmBulkRows *rows,
                                      guint              *row,
                                      GString            *out,
                                      gsize               limit);

FcrmStore *fcrm_store_sqlite_open (const char    *path,
                                   FcrmOpenFlags  flags,
                                   GError       **error);
FcrmStore *fcrm_store_pg_open     (const char *uri,
                                   GError    **error);

G_END_DECLS
