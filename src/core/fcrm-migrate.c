#define G_LOG_DOMAIN "fcrm-migrate"

/* Moving a single-desktop database to the office server: every table in
 * foreign-key order, ids kept, in one transaction on the server, then a
 * table-by-table comparison of counts and checksums read back from both. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-migrate.h"
#include "fcrm-pg-security.h"

typedef struct
{
  const char *table;
  const char *columns;
  const char *order;
  gint        blob_column;   /* -1: none */
  gboolean    has_id;
  const char *where;         /* the rows that belong to the database, not to one server (NULL: all) */
} TableSpec;

static const TableSpec tables[] = {
  { "users", "id, login, name, role, active, created_at, updated", "id", -1, TRUE },
  /* the server's own record of its access rights is not part of the data */
  { "settings", "key, value", "key", -1, FALSE, "key <> 'pg_security'" },
  { "companies", "id, name, phone, email, address, comment, created_at, updated_at, updated, created_by", "id", -1, TRUE },
  { "contacts", "id, name, company_id, comment, created_at, updated_at, updated, created_by", "id", -1, TRUE },
  { "contact_phones", "id, contact_id, phone, phone_norm", "id", -1, TRUE },
  { "contact_emails", "id, contact_id, email, email_norm", "id", -1, TRUE },
  { "deals", "id, title, pipeline, stage, responsible_id, contact_id, company_id, lead_id, budget, source, comment,"
             " delivery_date, installation_date, installation_needed, design, project, measurements, visit_at,"
             " warranty_until, loss_reason, loss_reason_text, loss_comment, closed_at, stage_entered_at, created_at,"
             " updated_at, updated, created_by", "id", -1, TRUE },
  { "deal_participants", "deal_id, user_id", "deal_id, user_id", -1, FALSE },
  { "leads", "id, title, name, phone, phone_norm, email, email_norm, company_name, source, budget, comment, stage,"
             " responsible_id, contact_id, company_id, deal_id, is_returning, junk_comment, stage_entered_at,"
             " created_at, updated_at, updated, created_by", "id", -1, TRUE },
  { "stage_history", "id, entity_type, entity_id, stage, entered_at, left_at, user_id", "id", -1, TRUE },
  { "robots", "id, template_key, stage, trigger_kind, delay_seconds, field, recipient, action, text, target_stage,"
              " task_due_seconds, enabled, position, updated", "id", -1, TRUE },
  { "robot_queue", "robot_id, entry_id, due_at", "robot_id, entry_id", -1, FALSE },
  { "robot_firings", "id, robot_id, entry_id, fired_at", "id", -1, TRUE },
  { "notifications", "id, user_id, text, subject, person, stage, entity_type, entity_id, robot_id, created_at,"
                     " delivered_at, read_at, entry_id", "id", -1, TRUE },
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
  char *insert;
  char *count;
  char *sequence;
  int   n_columns;
} TableSql;

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
          g_autoptr(GString) marks = g_string_new (NULL);

          all[t].n_columns = g_strv_length (cols);
          for (int c = 0; c < all[t].n_columns; c++)
            g_string_append (marks, c == 0 ? "?" : ", ?");
          all[t].select = g_strdup_printf ("SELECT %s FROM %s%s%s ORDER BY %s", tables[t].columns, tables[t].table,
                                           tables[t].where != NULL ? " WHERE " : "",
                                           tables[t].where != NULL ? tables[t].where : "", tables[t].order);
          all[t].insert = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", tables[t].table, tables[t].columns,
                                           marks->str);
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

char *
fcrm_table_checksum (FcrmStore  *store,
                     const char *table,
                     gint64     *out_rows,
                     GError    **error)
{
  gint t = find_table (table);
  const TableSql *sql;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GError *local = NULL;
  FcrmStmt *stmt;
  gint64 rows = 0;

  g_return_val_if_fail (t >= 0, NULL);
  sql = table_sql (t);
  stmt = fcrm_store_prepare (store, sql->select, error);
  if (stmt == NULL)
    return NULL;
  while (fcrm_stmt_step (stmt, &local))
    {
      for (int c = 0; c < sql->n_columns; c++)
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
      rows++;
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
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

static gboolean
copy_table (FcrmStore           *from,
            FcrmStore           *to,
            guint                t,
            FcrmMigrateProgress  progress,
            gpointer             user_data,
            GError             **error)
{
  const TableSql *sql = table_sql (t);
  gint64 total = count_rows (from, sql->count, error);
  gint64 done = 0;
  GError *local = NULL;
  FcrmStmt *select;

  if (total < 0)
    return FALSE;
  if (progress != NULL)
    progress (tables[t].table, 0, total, user_data);
  select = fcrm_store_prepare (from, sql->select, error);
  if (select == NULL)
    return FALSE;
  while (fcrm_stmt_step (select, &local))
    {
      FcrmStmt *insert = fcrm_store_prepare (to, sql->insert, error);

      if (insert == NULL)
        {
          fcrm_stmt_reset (select);
          return FALSE;
        }
      for (int c = 0; c < sql->n_columns; c++)
        {
          if (fcrm_stmt_is_null (select, c))
            fcrm_stmt_bind_null (insert, c + 1);
          else if (c == tables[t].blob_column)
            {
              g_autoptr(GBytes) bytes = fcrm_stmt_get_blob (select, c);
              fcrm_stmt_bind_blob (insert, c + 1, bytes);
            }
          else
            fcrm_stmt_bind_text (insert, c + 1, fcrm_stmt_get_text (select, c));
        }
      if (!fcrm_stmt_run (insert, error))
        {
          fcrm_stmt_reset (select);
          g_prefix_error (error, "%s: ", tables[t].table);
          return FALSE;
        }
      done++;
      if (progress != NULL && (done % 5000 == 0 || done == total))
        progress (tables[t].table, done, total, user_data);
    }
  fcrm_stmt_reset (select);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (sql->sequence != NULL)
    {
      FcrmStmt *seq = fcrm_store_prepare (to, sql->sequence, error);
      if (seq == NULL || !fcrm_stmt_run (seq, error))
        return FALSE;
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
  /* the server's freshly installed template robots make way for this database's own, ids and edits kept */
  ok = fcrm_store_exec (target->store, "DELETE FROM robots", error);
  for (guint t = 0; ok && t < G_N_ELEMENTS (tables); t++)
    ok = copy_table (source->store, target->store, t, progress, user_data, error);

  /* compared before it is committed: a copy that differs never reaches the
   * server (where a second run would take it for this database, done) */
  report = g_array_new (FALSE, TRUE, sizeof (FcrmMigrateTable));
  g_array_set_clear_func (report, (GDestroyNotify) NULL);
  for (guint t = 0; ok && t < G_N_ELEMENTS (tables); t++)
    {
      gint64 rows_from = 0, rows_to = 0;
      g_autofree char *from = fcrm_table_checksum (source->store, tables[t].table, &rows_from, error);
      g_autofree char *to = from != NULL ? fcrm_table_checksum (target->store, tables[t].table, &rows_to, error) : NULL;
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
