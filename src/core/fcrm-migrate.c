#define G_LOG_DOMAIN "fcrm-migrate"

/* Moving a single-desktop database to the office server: every table in
 * foreign-key order, ids kept, in one transaction on the server (rows in
 * bulk, by COPY; the foreign keys checked once at the end), then a
 * table-by-table comparison of counts and checksums: of the rows as they were
 * copied, and as they are read back from the server. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-bulk-load.h"
#include "fcrm-crm-private.h"
#include "fcrm-migrate.h"
#include "fcrm-migrate-private.h"
#include "fcrm-pg-security.h"

typedef struct
{
  const char *table;
  const char *columns;
  const char *order;
  gint        blob_column;   /* -1: none */
  gboolean    has_id;
  const char *where;         /* the rows that belong to the database, not to one server (NULL: all) */
  gboolean    text_key;      /* its order is by text (else by whole numbers) */
} TableSpec;

static const TableSpec tables[] = {
  { "users", "id, login, name, role, active, created_at, updated, field_roles", "id", -1, TRUE },
  /* the server's own record of its access rights is not part of the data */
  { "settings", "key, value", "key", -1, FALSE, "key <> 'pg_security'", TRUE },
  { "companies", "id, name, phone, email, address, comment, created_at, updated_at, updated, created_by, inn, kpp,"
                " last_activity", "id",
    -1, TRUE },
  { "contacts", "id, name, company_id, comment, created_at, updated_at, updated, created_by, address, birthday,"
                " last_activity", "id", -1,
    TRUE },
  { "contact_phones", "id, contact_id, phone, phone_norm, kind", "id", -1, TRUE },
  { "contact_emails", "id, contact_id, email, email_norm, kind", "id", -1, TRUE },
  { "deals", "id, title, pipeline, stage, responsible_id, contact_id, company_id, lead_id, budget, source, comment,"
             " delivery_date, installation_date, installation_needed, design, project, measurements, visit_at,"
             " warranty_until, loss_reason, loss_reason_text, loss_comment, closed_at, stage_entered_at, created_at,"
             " updated_at, updated, created_by, delivery_time, installation_time, visit_minutes, delivery_minutes,"
             " installation_minutes", "id", -1, TRUE },
  { "deal_participants", "deal_id, user_id, role", "deal_id, user_id", -1, FALSE },
  { "leads", "id, title, name, phone, phone_norm, email, email_norm, company_name, source, budget, comment, stage,"
             " responsible_id, contact_id, company_id, deal_id, is_returning, junk_comment, stage_entered_at,"
             " created_at, updated_at, updated, created_by, delivery_date, installation_date, installation_needed,"
             " design, project, measurements, visit_at, warranty_until", "id", -1, TRUE },
  { "stage_history", "id, entity_type, entity_id, stage, entered_at, left_at, user_id, cycle_start", "id", -1, TRUE },
  { "robots", "id, template_key, stage, trigger_kind, delay_seconds, field, recipient, action, text, target_stage,"
              " task_due_seconds, enabled, position, updated", "id", -1, TRUE },
  { "robot_queue", "robot_id, entry_id, due_at", "robot_id, entry_id", -1, FALSE },
  { "robot_firings", "id, robot_id, entry_id, fired_at", "id", -1, TRUE },
  { "notifications", "id, user_id, text, subject, person, stage, entity_type, entity_id, robot_id, created_at,"
                     " delivered_at, read_at, entry_id, kind, contact_id, caller, phone, reminder_key", "id", -1, TRUE },
  { "tasks", "id, title, description, kind, due_at, due_is_date, responsible_id, entity_type, entity_id, done,"
             " done_at, created_at, updated, entry_id", "id", -1, TRUE },
  { "comments", "id, entity_type, entity_id, user_id, text, created_at", "id", -1, TRUE },
  { "attachments", "id, entity_type, entity_id, name, mime_type, category, size, sha256, content, user_id,"
                   " created_at", "id", 8, TRUE },
};

/* Statements are cached by the address of their text, so the generated SQL
 * lives as long as the process. */
typedef struct
{
  char *select;
  char *first_page;  /* the same, a page at a time: the rows are read back */
  char *next_page;   /* in pages so that a server's answer stays small */
  char *count;
  char *sequence;
  int   n_columns;
  int   n_keys;      /* the order's columns: the first ones selected */
  int   page_rows;
} TableSql;

#define PAGE_ROWS       10000
#define PAGE_ROWS_FILES 8

static const TableSql *
table_sql (guint i)
{
  static TableSql *sql;

  if (g_once_init_enter (&sql))
    {
      TableSql *all = g_new0 (TableSql, G_N_ELEMENTS (tables));

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        {
          g_auto(GStrv) cols = g_strsplit (tables[t].columns, ",", -1);
          g_auto(GStrv) keys = g_strsplit (tables[t].order, ",", -1);
          g_autoptr(GString) marks = g_string_new (NULL);

          all[t].n_columns = g_strv_length (cols);
          all[t].n_keys = g_strv_length (keys);
          all[t].page_rows = tables[t].blob_column >= 0 ? PAGE_ROWS_FILES : PAGE_ROWS;
          for (int k = 0; k < all[t].n_keys; k++)
            g_string_append (marks, k == 0 ? "?" : ", ?");
          all[t].first_page = g_strdup_printf ("SELECT %s FROM %s%s%s ORDER BY %s LIMIT %d", tables[t].columns,
                                               tables[t].table, tables[t].where != NULL ? " WHERE " : "",
                                               tables[t].where != NULL ? tables[t].where : "", tables[t].order,
                                               all[t].page_rows);
          all[t].next_page = g_strdup_printf ("SELECT %s FROM %s WHERE %s%s(%s) > (%s) ORDER BY %s LIMIT %d",
                                              tables[t].columns, tables[t].table,
                                              tables[t].where != NULL ? tables[t].where : "",
                                              tables[t].where != NULL ? " AND " : "", tables[t].order, marks->str,
                                              tables[t].order, all[t].page_rows);
          all[t].select = g_strdup_printf ("SELECT %s FROM %s%s%s ORDER BY %s", tables[t].columns, tables[t].table,
                                           tables[t].where != NULL ? " WHERE " : "",
                                           tables[t].where != NULL ? tables[t].where : "", tables[t].order);
          all[t].count = g_strdup_printf ("SELECT count(*) FROM %s%s%s", tables[t].table,
                                          tables[t].where != NULL ? " WHERE " : "",
                                          tables[t].where != NULL ? tables[t].where : "");
          if (tables[t].has_id)
            all[t].sequence = g_strdup_printf ("SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                                               "coalesce((SELECT max(id) FROM %s), 0) + 1, false)",
                                               tables[t].table, tables[t].table);
        }
      g_once_init_leave (&sql, all);
    }
  return &sql[i];
}

static const char * const *
table_names (void)
{
  static const char **names;

  if (g_once_init_enter (&names))
    {
      const char **all = g_new0 (const char *, G_N_ELEMENTS (tables) + 1);

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        all[t] = tables[t].table;
      g_once_init_leave (&names, all);
    }
  return names;
}

static gint
find_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].table, table) == 0)
      return (gint) i;
  return -1;
}

static gint64
count_rows (FcrmStore  *store,
            const char *sql,
            GError    **error)
{
  gint64 n = -1;

  return fcrm_store_query_int (store, sql, &n, NULL, error, "") ? n : -1;
}

/* One row of table @t into @sum, the same whichever database it comes from. */
static void
checksum_row (GChecksum *sum,
              FcrmStmt  *stmt,
              guint      t)
{
  for (int c = 0; c < table_sql (t)->n_columns; c++)
    {
      if (fcrm_stmt_is_null (stmt, c))
        g_checksum_update (sum, (const guchar *) "\x01N", 2);
      else if (c == tables[t].blob_column)
        {
          g_autoptr(GBytes) bytes = fcrm_stmt_get_blob (stmt, c);
          gsize len;
          const guchar *data = g_bytes_get_data (bytes, &len);
          if (len > 0)
            g_checksum_update (sum, data, len);
        }
      else
        g_checksum_update (sum, (const guchar *) fcrm_stmt_get_text (stmt, c), -1);
      g_checksum_update (sum, (const guchar *) "\x1f", 1);
    }
  g_checksum_update (sum, (const guchar *) "\x1e", 1);
}

char *
fcrm_table_checksum (FcrmStore  *store,
                     const char *table,
                     gint64     *out_rows,
                     GError    **error)
{
  gint t = find_table (table);
  const TableSql *sql;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_auto(GStrv) last = NULL;   /* the order's values of the last row read */
  GError *local = NULL;
  gint64 rows = 0;
  int in_page;

  g_return_val_if_fail (t >= 0, NULL);
  sql = table_sql (t);
  last = g_new0 (char *, sql->n_keys + 1);
  do
    {
      FcrmStmt *stmt = fcrm_store_prepare (store, rows == 0 ? sql->first_page : sql->next_page, error);

      if (stmt == NULL)
        return NULL;
      for (int k = 0; rows > 0 && k < sql->n_keys; k++)
        {
          if (tables[t].text_key)
            fcrm_stmt_bind_text (stmt, k + 1, last[k]);
          else
            fcrm_stmt_bind_int64 (stmt, k + 1, g_ascii_strtoll (last[k], NULL, 10));
        }
      for (in_page = 0; fcrm_stmt_step (stmt, &local); in_page++)
        {
          checksum_row (sum, stmt, t);
          for (int k = 0; k < sql->n_keys; k++)
            {
              g_free (last[k]);
              last[k] = fcrm_stmt_dup_text (stmt, k);
            }
          rows++;
        }
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), NULL;
    }
  while (in_page == sql->page_rows);
  if (out_rows != NULL)
    *out_rows = rows;
  return g_strdup (g_checksum_get_string (sum));
}

/* Every database gets an identity the first time it is migrated, so the
 * server can tell "this one again" from "someone else's data". */
static char *
database_id (FcrmCrm *source,
             GError **error)
{
  char *id = fcrm_store_get_setting (source->store, "database_id");
  FcrmStmt *stmt;
  gboolean ok;

  if (id != NULL)
    return id;
  id = g_uuid_string_random ();
  if (!fcrm_crm_begin (source, error))
    return (g_free (id), NULL);
  stmt = fcrm_store_prepare (source->store,
                             "INSERT INTO settings (key, value) VALUES ('database_id', ?) "
                             "ON CONFLICT (key) DO NOTHING", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, id);
      ok = fcrm_stmt_run (stmt, error);
    }
  if (!fcrm_crm_finish (source, ok, error))
    return (g_free (id), NULL);
  g_free (id);
  return fcrm_store_get_setting (source->store, "database_id");
}

/* Rows go to the server in bulk (COPY): this many at most, or this many
 * bytes of text and files, per round. */
#define COPY_ROWS  20000
#define COPY_BYTES (32 * 1024 * 1024)

static gboolean
copy_table (FcrmStore           *from,
            FcrmStore           *to,
            guint                t,
            FcrmMigrateProgress  progress,
            gpointer             user_data,
            char               **out_checksum,
            gint64              *out_rows,
            GError             **error)
{
  const TableSql *sql = table_sql (t);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 total = count_rows (from, sql->count, error);
  g_autoptr(FcrmBulk) bulk = NULL;
  gint64 done = 0;
  gsize bytes = 0;
  GError *local = NULL;
  FcrmStmt *select;

  if (total < 0)
    return FALSE;
  if (progress != NULL)
    progress (tables[t].table, 0, total, user_data);
  select = fcrm_store_prepare (from, sql->select, error);
  if (select == NULL)
    return FALSE;
  bulk = fcrm_bulk_new (to, tables[t].table, tables[t].columns);
  /* what is copied is what the server's copy is compared with */
  while (fcrm_stmt_step (select, &local))
    {
      checksum_row (sum, select, t);
      for (int c = 0; c < sql->n_columns; c++)
        {
          if (fcrm_stmt_is_null (select, c))
            fcrm_bulk_add_null (bulk);
          else if (c == tables[t].blob_column)
            {
              g_autoptr(GBytes) content = fcrm_stmt_get_blob (select, c);

              bytes += g_bytes_get_size (content);
              fcrm_bulk_add_blob (bulk, content);
            }
          else
            {
              const char *text = fcrm_stmt_get_text (select, c);

              bytes += strlen (text);
              fcrm_bulk_add_text (bulk, text);
            }
        }
      done++;
      if (fcrm_bulk_get_pending (bulk) >= COPY_ROWS || bytes >= COPY_BYTES || done == total)
        {
          if (!fcrm_bulk_flush (bulk, &local))
            break;
          bytes = 0;
          if (progress != NULL)
            progress (tables[t].table, done, total, user_data);
        }
    }
  fcrm_stmt_reset (select);
  /* rows that appeared since counting (the source is not locked while read) */
  if (local == NULL)
    fcrm_bulk_flush (bulk, &local);
  if (local != NULL)
    {
      g_propagate_prefixed_error (error, local, "%s: ", tables[t].table);
      return FALSE;
    }
  /* a file's next id follows from its rows; the server's sequence is set */
  if (sql->sequence != NULL && fcrm_store_has_server_rules (to))
    {
      FcrmStmt *seq = fcrm_store_prepare (to, sql->sequence, error);
      if (seq == NULL || !fcrm_stmt_run (seq, error))
        return FALSE;
    }
  *out_checksum = g_strdup (g_checksum_get_string (sum));
  *out_rows = done;
  return TRUE;
}

/* Every column of the file is one migrate copies: a column added to the
 * schema and not here would be lost on the way, so it stops the move. */
static gboolean
check_columns (FcrmStore *source,
               GError   **error)
{
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_auto(GStrv) have = fcrm_store_table_columns (source, tables[t].table, error);
      g_auto(GStrv) copied = g_strsplit (tables[t].columns, ",", -1);

      if (have == NULL)
        return FALSE;
      for (guint c = 0; copied[c] != NULL; c++)
        g_strstrip (copied[c]);
      for (guint c = 0; have[c] != NULL; c++)
        if (!g_strv_contains ((const char * const *) copied, have[c]))
          {
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
                         _("This version cannot move the column “%s.%s” of the database; nothing was copied."),
                         tables[t].table, have[c]);
            return FALSE;
          }
    }
  return TRUE;
}

/* The people of this database become roles on the server: a same-named
 * role the server already has for something else is never taken over. */
static gboolean
check_logins (FcrmCrm *source,
              FcrmCrm *target,
              GError **error)
{
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (source, error);
  g_autoptr(GString) taken = g_string_new (NULL);

  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (users, i);
      FcrmStmt *stmt = fcrm_store_prepare (target->store, FCRM_FOREIGN_ROLE_SQL, error);
      GError *local = NULL;
      gboolean foreign = FALSE;

      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_text (stmt, 1, u->login);
      if (fcrm_stmt_step (stmt, &local))
        foreign = fcrm_stmt_get_int64 (stmt, 0) > 0;
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
      if (foreign)
        g_string_append_printf (taken, "%s%s", taken->len > 0 ? ", " : "", u->login);
    }
  if (taken->len == 0)
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
               _("The office server already has roles named like people of this database, not made by Furniture CRM: %s. "
                 "Rename those people (or the roles) first; nothing was copied."), taken->str);
  return FALSE;
}

/* Inside a transaction on @to: its rows (when @replace, after deleting those
 * it had) become those of @from, table by table, ids kept; the checksum and
 * count of each table's rows as copied go to @checksums and @rows (arrays of
 * G_N_ELEMENTS (tables), or NULL). */
static gboolean
copy_all (FcrmStore           *from,
          FcrmStore           *to,
          gboolean             replace,
          FcrmMigrateProgress  progress,
          gpointer             user_data,
          char               **checksums,
          gint64              *rows,
          GError             **error)
{
  g_autoptr(FcrmBulkLoad) load = NULL;
  gboolean ok = TRUE;

  /* the keys are checked once, at the end (on the server, before the
   * deletes: a key's pending check would keep the load from suspending the
   * triggers) */
  ok = fcrm_store_defer_foreign_keys (to, table_names (), error);
  for (guint t = G_N_ELEMENTS (tables); ok && replace && t-- > 0;)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s%s%s", tables[t].table,
                                              tables[t].where != NULL ? " WHERE " : "",
                                              tables[t].where != NULL ? tables[t].where : "");
      ok = fcrm_store_exec (to, sql, error);
    }
  /* a fresh database's template robots make way for the copied ones, ids
   * and edits kept */
  ok = ok && fcrm_store_exec (to, "DELETE FROM robots", error) && fcrm_store_settle_checks (to, error) &&
       (load = fcrm_bulk_load_begin (to, table_names (), error)) != NULL;
  for (guint t = 0; ok && t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sum = NULL;
      gint64 n = 0;

      ok = copy_table (from, to, t, progress, user_data, &sum, &n, error);
      if (checksums != NULL)
        checksums[t] = g_steal_pointer (&sum);
      if (rows != NULL)
        rows[t] = n;
    }
  return ok && fcrm_bulk_load_end (g_steal_pointer (&load), error) && fcrm_store_check_foreign_keys (to, error);
}

gboolean
fcrm_migrate_copy_all (FcrmStore           *from,
                       FcrmStore           *to,
                       FcrmMigrateProgress  progress,
                       gpointer             user_data,
                       GError             **error)
{
  g_return_val_if_fail (FCRM_IS_STORE (from) && FCRM_IS_STORE (to), FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (to), FALSE);
  return check_columns (from, error) && copy_all (from, to, TRUE, progress, user_data, NULL, NULL, error);
}

gboolean
fcrm_migrate_to (FcrmCrm              *source,
                 const char           *target_uri,
                 FcrmMigrateProgress   progress,
                 gpointer              user_data,
                 GArray              **out_tables,
                 gboolean             *out_already_done,
                 GError              **error)
{
  g_autoptr(FcrmCrm) target = NULL;
  g_autofree char *id = NULL;
  g_autofree char *target_id = NULL;
  g_autoptr(GArray) report = NULL;
  g_autoptr(GPtrArray) copied = g_ptr_array_new_with_free_func (g_free);   /* checksums of the rows copied */
  gint64 rows_copied[G_N_ELEMENTS (tables)] = { 0 };
  gint64 existing = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (FCRM_IS_CRM (source), FALSE);
  g_return_val_if_fail (target_uri != NULL, FALSE);

  if (out_already_done != NULL)
    *out_already_done = FALSE;
  if (fcrm_store_has_server_rules (source->store))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("Only a single-desktop database file can be moved to the office server."));
      return FALSE;
    }
  if (!g_str_has_prefix (target_uri, "postgresql://") && !g_str_has_prefix (target_uri, "postgres://"))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not an office server address; write it like postgresql://server/crm."), target_uri);
      return FALSE;
    }
  if (!check_columns (source->store, error))
    return FALSE;
  id = database_id (source, error);
  if (id == NULL)
    return FALSE;
  /* moving there is what sets an empty server database up */
  target = fcrm_crm_open_full (target_uri, NULL, FCRM_OPEN_CREATE, error);
  if (target == NULL)
    return FALSE;

  target_id = fcrm_store_get_setting (target->store, "database_id");
  if (g_strcmp0 (target_id, id) == 0)
    {
      if (out_already_done != NULL)
        *out_already_done = TRUE;
      return TRUE;
    }
  for (const char * const *t = (const char * const[]) { "SELECT count(*) FROM users", "SELECT count(*) FROM leads",
                                                         "SELECT count(*) FROM deals", "SELECT count(*) FROM contacts",
                                                         NULL }; *t != NULL; t++)
    existing += MAX (0, count_rows (target->store, *t, NULL));
  if (existing > 0 || target_id != NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The office server already holds other data; moving this database there would mix the two. Use an empty server database."));
      return FALSE;
    }

  if (!check_logins (source, target, error))
    return FALSE;

  if (!fcrm_crm_begin (target, error))
    return FALSE;
  g_ptr_array_set_size (copied, G_N_ELEMENTS (tables));
  ok = copy_all (source->store, target->store, FALSE, progress, user_data, (char **) copied->pdata, rows_copied, error);

  /* compared before it is committed: a copy that differs never reaches the
   * server (where a second run would take it for this database, done) */
  report = g_array_new (FALSE, TRUE, sizeof (FcrmMigrateTable));
  g_array_set_clear_func (report, (GDestroyNotify) NULL);
  for (guint t = 0; ok && t < G_N_ELEMENTS (tables); t++)
    {
      gint64 rows_from = rows_copied[t], rows_to = 0;
      g_autofree char *from = g_steal_pointer (&copied->pdata[t]);
      g_autofree char *to = fcrm_table_checksum (target->store, tables[t].table, &rows_to, error);
      FcrmMigrateTable row;

      if (to == NULL)
        ok = FALSE;
      else if (rows_from != rows_to || g_strcmp0 (from, to) != 0)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
                       _("The copy of “%s” on the office server differs from this database (%" PRId64 " rows here, %" PRId64 " there)."),
                       tables[t].table, rows_from, rows_to);
          ok = FALSE;
        }
      else
        {
          row = (FcrmMigrateTable) { tables[t].table, rows_from, g_steal_pointer (&from) };
          g_array_append_val (report, row);
        }
    }
  if (!fcrm_crm_finish (target, ok, error))
    {
      for (guint i = 0; i < report->len; i++)
        g_free (g_array_index (report, FcrmMigrateTable, i).checksum);
      return FALSE;
    }
  if (out_tables != NULL)
    *out_tables = g_steal_pointer (&report);
  else
    for (guint i = 0; i < report->len; i++)
      g_free (g_array_index (report, FcrmMigrateTable, i).checksum);
  return TRUE;
}
