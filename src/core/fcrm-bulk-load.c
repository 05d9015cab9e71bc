#define G_LOG_DOMAIN "fcrm-store"

/* A bulk load without the per-row upkeep (fcrm-bulk-load.h). Row by row,
 * each inserted lead, deal, contact or phone re-reads its row to write its
 * search row (a phone: its contact's and that contact's deals' again) and
 * bumps a column total; each index takes its entries one at a time. Here
 * those triggers are dropped (a database file; the office server: disabled)
 * inside the load's transaction and the same rows are written by one
 * INSERT … SELECT per kind at the end, the indexes of tables that were empty
 * made once, from sorted rows. The transaction sees the triggers back before
 * it commits: no other connection ever sees them gone. */

#include <inttypes.h>

#include "fcrm-bulk-load.h"
#include "fcrm-schema-private.h"
#include "fcrm-store-private.h"

/* the tables with search rows, and the kind (key id × 4 + kind) of each */
enum { K_LEAD, K_DEAL, K_CONTACT, K_COMPANY, K_PHONES, K_EMAILS, N_KEPT };
static const char * const kept_tables[N_KEPT] = {
  "leads", "deals", "contacts", "companies", "contact_phones", "contact_emails"
};

struct _FcrmBulkLoad
{
  FcrmStore *store;
  gboolean   server;
  gint64     max_id[N_KEPT];    /* the last id before the load */
  gboolean   search[N_KEPT];    /* its search rows are written at the end */
  gboolean   totals[2];         /* leads', deals' column totals (a file) */
  gboolean   activity[N_KEPT];  /* the clients' last activity its rows touch */
  GPtrArray *indexes;           /* SQL making again the indexes set aside */
  GPtrArray *triggers;          /* SQL putting back the triggers set aside */
  GPtrArray *emptied;           /* the tables that were empty */
};

static gboolean disabled;

#define BULK_FTS_HASH 134217728   /* 128 MiB */

/* Each step of a load's end, timed (G_MESSAGES_DEBUG=fcrm-store): where a
 * bulk load spends its time. */
static gboolean
timed_exec (FcrmStore   *store,
            const char  *sql,
            GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok = fcrm_store_exec (store, sql, error);

  g_debug ("bulk load: %.3f s: %.80s", (g_get_monotonic_time () - start) / 1e6, sql);
  return ok;
}

void
fcrm_bulk_load_set_enabled (gboolean enabled)
{
  g_atomic_int_set (&disabled, !enabled);
}

void
fcrm_bulk_load_free (FcrmBulkLoad *load)
{
  if (load == NULL)
    return;
  g_object_unref (load->store);
  g_ptr_array_unref (load->indexes);
  g_ptr_array_unref (load->triggers);
  g_ptr_array_unref (load->emptied);
  g_free (load);
}

static int
kept_index (const char *table)
{
  for (guint k = 0; k < N_KEPT; k++)
    if (g_strcmp0 (kept_tables[k], table) == 0)
      return (int) k;
  return -1;
}

/* Set aside what @sql (a literal, of @table) names in its first column,
 * each by @drop followed by its name; the second column (what puts it back)
 * is kept in @restore, the names in @names. */
static gboolean
set_aside (FcrmBulkLoad *load,
           const char   *sql,
           const char   *table,
           const char   *drop,
           GPtrArray    *restore,
           GPtrArray    *names,
           GError      **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (load->store, sql, error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, table);
  while (fcrm_stmt_step (stmt, &local))
    {
      g_ptr_array_add (names, fcrm_stmt_dup_text (stmt, 0));
      g_ptr_array_add (restore, fcrm_stmt_dup_text (stmt, 1));
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *command = g_strconcat (drop, (char *) g_ptr_array_index (names, i), NULL);

      if (!fcrm_store_exec (load->store, command, error))
        return FALSE;
    }
  return TRUE;
}

/* What a file's insert triggers of @table keep by the row: its search row
 * (contact_phones: its contact's), its column's total, and the last
 * activity of its client (a lead's or deal's contact and company; a new
 * card's own). */
static const char file_triggers_sql[] =
  "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1"
  "  AND (name = ?1 || '_search_insert' OR name = ?1 || '_totals_insert' OR"
  "       (name = ?1 || '_activity_insert' AND ?1 IN ('leads', 'deals', 'contacts', 'companies')))";
static const char file_indexes_sql[] =
  "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL";
/* on the server: the row triggers of the app (stamping who, checking
 * stages, search rows, the clients' last activity), the indexes that are no
 * constraint's */
static const char server_triggers_sql[] =
  "SELECT quote_ident (t.tgname), format ('ALTER TABLE %I ENABLE TRIGGER %I', x.name, t.tgname)"
  "  FROM (SELECT CAST (? AS TEXT) AS name) x JOIN pg_trigger t ON t.tgrelid = to_regclass (quote_ident (x.name))"
  "  WHERE NOT t.tgisinternal AND (t.tgname IN ('fcrm_stamp', 'fcrm_check_stage', 'fcrm_search') OR"
  "                                (t.tgname = 'fcrm_activity' AND x.name IN ('leads', 'deals', 'contacts', 'companies')))";
static const char server_indexes_sql[] =
  "SELECT i.indexrelid::regclass::text, pg_get_indexdef (i.indexrelid) FROM pg_index i"
  "  WHERE i.indrelid = to_regclass (quote_ident (CAST (? AS TEXT)))"
  "    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)";

static gboolean
is_empty (FcrmStore  *store,
          const char *table,
          gboolean   *out_empty,
          GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s LIMIT 1", table);
  gint64 one = 0;
  gboolean found = FALSE;

  /* a one-off statement: prepared statements are cached by address */
  if (!fcrm_store_query_int (store, g_intern_string (sql), &one, &found, error, ""))
    return FALSE;
  *out_empty = !found;
  return TRUE;
}

/* Set aside the indexes of @table when it is empty: built after its rows. */
static gboolean
set_aside_indexes (FcrmBulkLoad *load,
                   const char   *table,
                   GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean empty = FALSE;

  if (!is_empty (load->store, table, &empty, error))
    return FALSE;
  if (!empty)
    return TRUE;
  g_ptr_array_add (load->emptied, g_strdup (table));
  return set_aside (load, load->server ? server_indexes_sql : file_indexes_sql, table, "DROP INDEX ", load->indexes,
                    names, error);
}

static gboolean
set_aside_triggers (FcrmBulkLoad *load,
                    const char   *table,
                    GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *disable = g_strdup_printf ("ALTER TABLE %s DISABLE TRIGGER ", table);
  int k = kept_index (table);

  if (!set_aside (load, load->server ? server_triggers_sql : file_triggers_sql, table,
                  load->server ? disable : "DROP TRIGGER ", load->triggers, names, error))
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (k >= 0 && (g_str_has_suffix (name, "_search_insert") || g_str_equal (name, "fcrm_search")))
        load->search[k] = TRUE;
      if (k >= 0 && k <= K_DEAL && g_str_has_suffix (name, "_totals_insert"))
        load->totals[k] = TRUE;
      if (k >= 0 && (g_str_has_suffix (name, "_activity_insert") || g_str_equal (name, "fcrm_activity")))
        load->activity[k] = TRUE;
    }
  return TRUE;
}

FcrmBulkLoad *
fcrm_bulk_load_begin (FcrmStore          *store,
                      const char * const *tables,
                      GError            **error)
{
  return fcrm_bulk_load_begin_full (store, tables, FALSE, error);
}

FcrmBulkLoad *
fcrm_bulk_load_begin_full (FcrmStore          *store,
                           const char * const *tables,
                           gboolean            keep_indexes,
                           GError            **error)
{
  g_autoptr(FcrmBulkLoad) load = NULL;

  g_return_val_if_fail (FCRM_IS_STORE (store), NULL);
  g_return_val_if_fail (tables != NULL, NULL);
  g_return_val_if_fail (fcrm_store_in_transaction (store), NULL);

  load = g_new0 (FcrmBulkLoad, 1);
  load->store = g_object_ref (store);
  load->server = fcrm_store_has_server_rules (store);
  load->indexes = g_ptr_array_new_with_free_func (g_free);
  load->triggers = g_ptr_array_new_with_free_func (g_free);
  load->emptied = g_ptr_array_new_with_free_func (g_free);

  if (g_atomic_int_get (&disabled))
    return g_steal_pointer (&load);
  if (load->server)
    {
      gint64 owner = 0;

      /* Only the owner may alter the tables, and only for someone who is
       * no person of the app are the stamping and stage triggers no-ops
       * (they return at once): for anyone else every trigger fires. */
      if (!fcrm_store_query_int (store, "SELECT CASE WHEN fcrm_is_admin () AND fcrm_my_role () IS NULL THEN 1 ELSE 0 END", &owner, NULL, error, ""))
        return NULL;
      /* the indexes are made from sorted rows: more memory, fewer passes */
      /* the load's few big statements gain nothing from compiling their
       * expressions (JIT): it costs about a second each */
      if (owner == 0 || !fcrm_store_exec (store, "SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL jit = off", error))
        return owner == 0 ? g_steal_pointer (&load) : NULL;
    }
  for (guint k = 0; k < N_KEPT; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max(id), 0) FROM %s", kept_tables[k]);

      if (!fcrm_store_query_int (store, g_intern_string (sql), &load->max_id[k], NULL, error, ""))
        return NULL;
    }
  for (guint t = 0; tables[t] != NULL; t++)
    if (!set_aside_triggers (load, tables[t], error) || (!keep_indexes && !set_aside_indexes (load, tables[t], error)))
      return NULL;
  /* the search rows of an empty database are written at the end too */
  if (load->server && !keep_indexes && (load->search[K_LEAD] || load->search[K_DEAL] || load->search[K_CONTACT]) &&
      !set_aside_indexes (load, "search_index", error))
    return NULL;
  return g_steal_pointer (&load);
}

/* The server's search rows as SERVER_SEARCH_ROWS writes them, folded the
 * same but faster: fcrm_fold() is one translate() over 59 letters, which
 * compares every character of the text with each of them (a third of the
 * load's time on the server). Here the Latin capitals are lowered by
 * lower() in the "C" collation (those 26 and nothing else), and translate()
 * does the Cyrillic ones only for texts that have any (or ё). */
#define BULK_FOLD_CYRILLIC \
  "translate (f.t, 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁё', 'абвгдежзийклмнопрстуфхцчшщъыьэюяее')"
#define BULK_SEARCH_ROWS(kind, table, k) \
  "INSERT INTO search_index SELECT x.id * 4 + " k ", '" #kind "', x.id," \
  " CASE WHEN f.t ~ '[А-ЯЁё]' THEN " BULK_FOLD_CYRILLIC " ELSE f.t END" \
  " FROM " table " x CROSS JOIN LATERAL (SELECT lower ((" SERVER_SEARCH_BODY_##kind ") COLLATE \"C\") AS t) f"

/* The search rows of the rows the load inserted; then, again, those of the
 * contacts it gave phones or e-mails that were there before (and of their
 * deals). */
static gboolean
write_search_rows (FcrmBulkLoad *load,
                   GError      **error)
{
  static const char * const file_rows[] = {
    "INSERT INTO search_fts (rowid, body) SELECT x.id * 4, " SEARCH_LEAD_BODY ("x") " FROM leads x",
    "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 1, " SEARCH_DEAL_BODY ("x") " FROM deals x",
    "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x") " FROM contacts x",
    "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 3, " SEARCH_COMPANY_BODY ("x") " FROM companies x",
  };
  static const char * const server_rows[] = {
    BULK_SEARCH_ROWS (lead, "leads", "0"),
    BULK_SEARCH_ROWS (deal, "deals", "1"),
    BULK_SEARCH_ROWS (contact, "contacts", "2"),
    BULK_SEARCH_ROWS (company, "companies", "3"),
  };
  const gint64 *max = load->max_id;
  g_autofree char *touched = NULL;
  g_autofree char *again = NULL;

  for (guint k = K_LEAD; k <= K_COMPANY; k++)
    {
      g_autofree char *sql = NULL;

      if (!load->search[k])
        continue;
      sql = g_strdup_printf ("%s WHERE x.id > %" PRId64, load->server ? server_rows[k] : file_rows[k], max[k]);
      if (!timed_exec (load->store, sql, error))
        return FALSE;
    }
  if (!load->search[K_PHONES] && !load->search[K_EMAILS])
    return TRUE;
  touched = g_strdup_printf ("SELECT contact_id FROM contact_phones WHERE id > %" PRId64 " AND contact_id <= %" PRId64
                             " UNION SELECT contact_id FROM contact_emails WHERE id > %" PRId64
                             " AND contact_id <= %" PRId64,
                             load->search[K_PHONES] ? max[K_PHONES] : G_MAXINT64, max[K_CONTACT],
                             load->search[K_EMAILS] ? max[K_EMAILS] : G_MAXINT64, max[K_CONTACT]);
  if (load->server)
    /* the server's own upkeep, which writes the contact's deals' rows too */
    again = g_strdup_printf ("SELECT count (fcrm_search_put ('contact', t.contact_id)) FROM (%s) t", touched);
  else
    again = g_strdup_printf ("DELETE FROM search_fts WHERE rowid IN (SELECT contact_id * 4 + 2 FROM (%s));"
                             "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x")
                             "  FROM contacts x WHERE x.id IN (%s);"
                             "DELETE FROM search_fts WHERE rowid IN (SELECT d.id * 4 + 1 FROM deals d"
                             "  WHERE d.contact_id IN (%s));"
                             "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 1, " SEARCH_DEAL_BODY ("x")
                             "  FROM deals x WHERE x.contact_id IN (%s);",
                             touched, touched, touched, touched);
  return timed_exec (load->store, again, error);
}

/* The last activity of the clients (contacts, then companies) the new rows
 * touched, as their triggers would have moved it row by row: only ever
 * forward, so to the latest of them — a new card's created_at (on the
 * server: or its updated_at, or the last activity it came with), a lead's
 * or deal's updated_at. */
static gboolean
write_activity (FcrmBulkLoad *load,
                GError      **error)
{
  static const struct { const char *table, *column; guint self; } clients[] = {
    { "contacts", "contact_id", K_CONTACT }, { "companies", "company_id", K_COMPANY },
  };
  const gint64 *max = load->max_id;

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(GString) touched = g_string_new (NULL);
      g_autofree char *sql = NULL;
      guint self = clients[i].self;

      if (load->activity[self])
        g_string_append_printf (touched, "SELECT id AS c, %s AS t FROM %s WHERE id > %" PRId64,
                                load->server ? "GREATEST (created_at, updated_at)" : "created_at",
                                clients[i].table, max[self]);
      for (guint k = K_LEAD; k <= K_DEAL; k++)
        if (load->activity[k])
          g_string_append_printf (touched, "%sSELECT %s AS c, updated_at AS t FROM %s WHERE id > %" PRId64 " AND %s IS NOT NULL",
                                  touched->len > 0 ? " UNION ALL " : "", clients[i].column, kept_tables[k], max[k],
                                  clients[i].column);
      if (touched->len == 0)
        continue;
      sql = g_strdup_printf ("UPDATE %s SET last_activity = a.t FROM (SELECT x.c, max (x.t) AS t FROM (%s) x"
                             "  GROUP BY x.c) a WHERE a.c = %s.id AND a.t > %s.last_activity",
                             clients[i].table, touched->str, clients[i].table, clients[i].table);
      if (!timed_exec (load->store, sql, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_bulk_load_end (FcrmBulkLoad *load,
                    GError      **error)
{
  g_autoptr(FcrmBulkLoad) owned = load;
  /* the search index of the server is made after its rows, the others before:
   * the search rows of deals and contacts read phones by contact */
  g_autoptr(GPtrArray) last = g_ptr_array_new ();

  g_return_val_if_fail (load != NULL, FALSE);
  g_return_val_if_fail (fcrm_store_in_transaction (load->store), FALSE);

  /* before the cards' indexes are made again: each card's new version is
   * not entered in them (on the server, a million contacts' took 17 s) */
  if (!write_activity (load, error))
    return FALSE;
  for (guint i = 0; i < load->indexes->len; i++)
    {
      const char *sql = g_ptr_array_index (load->indexes, i);

      if (load->server && strstr (sql, "search_index USING") != NULL)
        g_ptr_array_add (last, (gpointer) sql);
      else if (!timed_exec (load->store, sql, error))
        return FALSE;
    }
  /* the server plans the search rows and the foreign keys' checks knowing
   * how many rows there are now */
  for (guint i = 0; load->server && i < load->emptied->len; i++)
    {
      g_autofree char *analyze = g_strdup_printf ("ANALYZE %s", (char *) g_ptr_array_index (load->emptied, i));

      if (!timed_exec (load->store, analyze, error))
        return FALSE;
    }
  /* a file's search index takes its rows in memory until this many bytes
   * (1 MiB by default), then writes them as a segment that is merged with
   * the others again and again as they pile up: fewer, bigger segments */
  if (!load->server && (load->search[K_LEAD] || load->search[K_DEAL] || load->search[K_CONTACT]) &&
      !timed_exec (load->store, "INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', " G_STRINGIFY (BULK_FTS_HASH) ")", error))
    return FALSE;
  if (!write_search_rows (load, error))
    return FALSE;
  if (!load->server && (load->search[K_LEAD] || load->search[K_DEAL] || load->search[K_CONTACT]) &&
      !timed_exec (load->store, "INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 1048576)", error))
    return FALSE;
  for (guint i = 0; i < last->len; i++)
    if (!timed_exec (load->store, g_ptr_array_index (last, i), error))
      return FALSE;
  for (guint k = K_LEAD; k <= K_DEAL; k++)
    {
      g_autofree char *sql = NULL;

      if (!load->totals[k])
        continue;
      sql = g_strdup_printf ("INSERT INTO stage_totals (stage, responsible_id, source, n, budget_sum)"
                             "  SELECT stage, coalesce (responsible_id, 0), source, count(*), sum(budget) FROM %s"
                             "  WHERE id > %" PRId64 " GROUP BY stage, coalesce (responsible_id, 0), source"
                             "  ON CONFLICT (stage, responsible_id, source)"
                             "  DO UPDATE SET n = n + excluded.n, budget_sum = budget_sum + excluded.budget_sum",
                             kept_tables[k], load->max_id[k]);
      if (!timed_exec (load->store, sql, error))
        return FALSE;
    }
  for (guint i = 0; i < load->triggers->len; i++)
    if (!timed_exec (load->store, g_ptr_array_index (load->triggers, i), error))
      return FALSE;
  return TRUE;
}
