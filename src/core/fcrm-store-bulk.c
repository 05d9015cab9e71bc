#define G_LOG_DOMAIN "fcrm-store"

/* Many rows at once (demo data, moving a database to the office server):
 * gathered in memory, then written in one go. A backend with a faster way
 * (PostgreSQL's COPY) takes them through write_rows; otherwise they become
 * INSERTs of ROWS_PER_INSERT rows each, one prepared statement reused — a
 * round trip and a statement execution per hundred rows instead of per row.
 * Either way they are plain inserts: triggers and constraints see every row. */

#include "fcrm-store-private.h"

/* SQLite binds at most 32766 values per statement (SQLITE_MAX_VARIABLE_NUMBER
 * since 3.32); past a hundred rows a longer statement gains nothing. */
#define ROWS_PER_INSERT 100
#define MAX_PARAMS      32000

struct _FcrmBulk
{
  FcrmStore  *store;
  char       *table;
  char       *columns;
  guint       n_columns;
  GArray     *cells;     /* FcrmCell */
  GByteArray *text;      /* texts, each NUL-terminated */
  GPtrArray  *blobs;     /* GBytes */
  const char *insert_one;   /* interned SQL: one row */
  const char *insert_many;  /* interned SQL: rows_per_insert rows */
  guint       rows_per_insert;
};

static const char *
insert_sql (FcrmBulk *self,
            guint     rows)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO %s (%s) VALUES ", self->table, self->columns);
  for (guint r = 0; r < rows; r++)
    {
      g_string_append (sql, r == 0 ? "(" : ", (");
      for (guint c = 0; c < self->n_columns; c++)
        g_string_append (sql, c == 0 ? "?" : ", ?");
      g_string_append_c (sql, ')');
    }
  /* interned: statements are cached by the address of their text */
  return g_intern_string (sql->str);
}

FcrmBulk *
fcrm_bulk_new (FcrmStore  *store,
               const char *table,
               const char *columns)
{
  FcrmBulk *self;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (FCRM_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && columns != NULL, NULL);

  self = g_new0 (FcrmBulk, 1);
  self->store = g_object_ref (store);
  self->table = g_strdup (table);
  self->columns = g_strdup (columns);
  names = g_strsplit (columns, ",", -1);
  self->n_columns = g_strv_length (names);
  self->cells = g_array_new (FALSE, FALSE, sizeof (FcrmCell));
  self->text = g_byte_array_new ();
  self->blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->rows_per_insert = CLAMP (MAX_PARAMS / self->n_columns, 1, ROWS_PER_INSERT);
  return self;
}

void
fcrm_bulk_free (FcrmBulk *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_free (self->table);
  g_free (self->columns);
  g_array_unref (self->cells);
  g_byte_array_unref (self->text);
  g_ptr_array_unref (self->blobs);
  g_free (self);
}

static void
add_cell (FcrmBulk     *self,
          FcrmCellKind  kind,
          gint64        value,
          gsize         length)
{
  FcrmCell cell = { kind, value, length };

  g_array_append_val (self->cells, cell);
}

void
fcrm_bulk_add_int64 (FcrmBulk *self,
                     gint64    value)
{
  add_cell (self, FCRM_CELL_INT, value, 0);
}

void
fcrm_bulk_add_id (FcrmBulk *self,
                  gint64    value)
{
  add_cell (self, value == 0 ? FCRM_CELL_NULL : FCRM_CELL_INT, value, 0);
}

void
fcrm_bulk_add_null (FcrmBulk *self)
{
  add_cell (self, FCRM_CELL_NULL, 0, 0);
}

void
fcrm_bulk_add_text (FcrmBulk   *self,
                    const char *value)
{
  gsize length;

  if (value == NULL)
    {
      fcrm_bulk_add_null (self);
      return;
    }
  length = strlen (value);
  add_cell (self, FCRM_CELL_TEXT, self->text->len, length);
  g_byte_array_append (self->text, (const guint8 *) value, length + 1);
}

void
fcrm_bulk_add_blob (FcrmBulk *self,
                    GBytes   *value)
{
  if (value == NULL)
    {
      fcrm_bulk_add_null (self);
      return;
    }
  add_cell (self, FCRM_CELL_BLOB, self->blobs->len, g_bytes_get_size (value));
  g_ptr_array_add (self->blobs, g_bytes_ref (value));
}

guint
fcrm_bulk_get_pending (FcrmBulk *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->cells->len / self->n_columns;
}

static void
forget (FcrmBulk *self)
{
  g_array_set_size (self->cells, 0);
  g_byte_array_set_size (self->text, 0);
  g_ptr_array_set_size (self->blobs, 0);
}

static void
bind_cell (FcrmBulk       *self,
           FcrmStmt       *stmt,
           int             idx,
           const FcrmCell *cell)
{
  switch (cell->kind)
    {
    case FCRM_CELL_NULL:
      fcrm_stmt_bind_null (stmt, idx);
      break;
    case FCRM_CELL_INT:
      fcrm_stmt_bind_int64 (stmt, idx, cell->value);
      break;
    case FCRM_CELL_TEXT:
      fcrm_stmt_bind_text (stmt, idx, (const char *) self->text->data + cell->value);
      break;
    case FCRM_CELL_BLOB:
      fcrm_stmt_bind_blob (stmt, idx, g_ptr_array_index (self->blobs, cell->value));
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
insert_rows (FcrmBulk *self,
             guint     n_rows,
             GError  **error)
{
  const FcrmCell *cells = (const FcrmCell *) (gpointer) self->cells->data;
  guint done = 0;

  while (done < n_rows)
    {
      gboolean many = n_rows - done >= self->rows_per_insert;
      guint rows = many ? self->rows_per_insert : 1;
      FcrmStmt *stmt;

      if (many && self->insert_many == NULL)
        self->insert_many = insert_sql (self, self->rows_per_insert);
      if (!many && self->insert_one == NULL)
        self->insert_one = insert_sql (self, 1);
      stmt = fcrm_store_prepare (self->store, many ? self->insert_many : self->insert_one, error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < rows * self->n_columns; i++)
        bind_cell (self, stmt, (int) i + 1, &cells[done * self->n_columns + i]);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
      done += rows;
    }
  return TRUE;
}

gboolean
fcrm_bulk_flush (FcrmBulk *self,
                 GError  **error)
{
  FcrmStoreClass *klass;
  guint n_rows;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->cells->len % self->n_columns == 0, FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (self->store), FALSE);

  n_rows = self->cells->len / self->n_columns;
  if (n_rows == 0)
    return TRUE;
  klass = FCRM_STORE_GET_CLASS (self->store);
  if (klass->write_rows != NULL)
    {
      FcrmBulkRows rows = {
        (const FcrmCell *) (gpointer) self->cells->data, n_rows, self->n_columns,
        (const char *) self->text->data, self->blobs,
      };

      ok = klass->write_rows (self->store, self->table, self->columns, &rows, error);
    }
  else
    ok = insert_rows (self, n_rows, error);
  forget (self);
  return ok;
}

gboolean
fcrm_store_defer_foreign_keys (FcrmStore          *self,
                               const char * const *tables,
                               GError            **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (tables != NULL, FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->defer_foreign_keys == NULL)
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->defer_foreign_keys (self, tables, error);
}

gboolean
fcrm_store_check_foreign_keys (FcrmStore *self,
                               GError   **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (self), FALSE);
  if (FCRM_STORE_GET_CLASS (self)->check_foreign_keys == NULL)
    return TRUE;
  return FCRM_STORE_GET_CLASS (self)->check_foreign_keys (self, error);
}

/* COPY's text format: a backslash, and the tab, newline and carriage return
 * that separate fields and rows, are escaped; \N is NULL. */
static void
append_copy_text (GString    *out,
                  const char *text,
                  gsize       length)
{
  const char *end = text + length;
  const char *run = text;

  for (const char *p = text; p < end; p++)
    {
      const char *escape = NULL;

      switch (*p)
        {
        case '\\': escape = "\\\\"; break;
        case '\t': escape = "\\t"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        default: continue;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
}

static void
append_copy_bytea (GString *out,
                   GBytes  *bytes)
{
  static const char hex[] = "0123456789abcdef";
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  /* bytea's hex input, its backslash escaped for COPY */
  g_string_append (out, "\\\\x");
  for (gsize i = 0; i < len; i++)
    {
      g_string_append_c (out, hex[data[i] >> 4]);
      g_string_append_c (out, hex[data[i] & 0xf]);
    }
}

void
fcrm_bulk_rows_append_copy_text (const FcrmBulkRows *rows,
                                 guint              *row,
                                 GString            *out,
                                 gsize               limit)
{
  for (; *row < rows->n_rows && out->len < limit; (*row)++)
    {
      for (guint c = 0; c < rows->n_columns; c++)
        {
          const FcrmCell *cell = &rows->cells[*row * rows->n_columns + c];

          if (c > 0)
            g_string_append_c (out, '\t');
          switch (cell->kind)
            {
            case FCRM_CELL_NULL:
              g_string_append (out, "\\N");
              break;
            case FCRM_CELL_INT:
              g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->value);
              break;
            case FCRM_CELL_TEXT:
              append_copy_text (out, rows->text + cell->value, cell->length);
              break;
            case FCRM_CELL_BLOB:
              append_copy_bytea (out, g_ptr_array_index (rows->blobs, cell->value));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_string_append_c (out, '\n');
    }
}

char **
fcrm_store_table_columns (FcrmStore  *self,
                          const char *table,
                          GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_STORE (self), NULL);
  /* the catalogue of either engine, as fcrm_store_table_exists() asks it */
  stmt = fcrm_store_prepare (self, fcrm_store_has_server_rules (self)
                                     ? "SELECT attname FROM pg_catalog.pg_attribute "
                                       "WHERE attrelid = (quote_ident (current_schema ()) || '.' || quote_ident (?))::regclass "
                                       "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
                                     : "SELECT name FROM pragma_table_info (?) ORDER BY cid",
                             error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, table);
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (names, fcrm_stmt_dup_text (stmt, 0));
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
