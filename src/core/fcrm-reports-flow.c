#define G_LOG_DOMAIN "fcrm-reports"

/* The reports read from the stage history: the funnel (what is in each
 * stage now, and how many entries of a stage went on further) and the time
 * spent in each stage and over a whole cycle.
 *
 * From a database file the history is read once, in item order, and each
 * item's entries are judged together in C: whether an entry "went on"
 * depends on the entries after it, which SQL would find with one lookup per
 * entry. On the office server the rows stay there (fcrm_store_sums_on_server):
 * each item's entries are written as one path of stage codes in the order
 * they were made, and only the distinct paths travel, each with how many
 * items took it (a few dozen rows for the whole firm), judged in C as the
 * file's items are; the time report's counts, sums and medians are summed
 * by the server per stage and per pipeline. */

#include "fcrm-reports-private.h"

#define DAY_SECONDS 86400.0

typedef struct
{
  FcrmStage *stage;
  gint64     entered;
  gint64     left;      /* 0 while current */
} Entry;

typedef void (*ItemFunc) (FcrmReportContext *ctx,
                          const Entry       *entries,
                          guint              n,
                          gpointer           data);

/* Every stage entry of the items the person may see (the office server's
 * policies narrow the rows), in no particular order: a plain scan, whose
 * rows are put together per item in C (ordering them in SQL would cost a
 * lookup or a sort per row). */
const char fcrm_reports_history_sql[] =
  "SELECT h.id, h.entity_type, h.entity_id, h.stage, h.entered_at, h.left_at FROM stage_history h";
/* Those of one person's items: their leads and deals by index, then each
 * one's entries (CROSS JOIN keeps SQLite to that order). */
const char fcrm_reports_history_of_sql[] =
  "SELECT h.id, h.entity_type, h.entity_id, h.stage, h.entered_at, h.left_at"
  " FROM leads l CROSS JOIN stage_history h"
  " WHERE l.responsible_id = ? AND h.entity_type = 'lead' AND h.entity_id = l.id"
  " UNION ALL "
  "SELECT h.id, h.entity_type, h.entity_id, h.stage, h.entered_at, h.left_at"
  " FROM deals d CROSS JOIN stage_history h"
  " WHERE d.responsible_id = ? AND h.entity_type = 'deal' AND h.entity_id = d.id";

/* One row read, linked to the next row of the same item. */
typedef struct
{
  gint64  id;
  Entry   entry;
  guint32 next;   /* index + 1 of the item's next row read, 0: none */
} Row;

typedef struct
{
  guint32 head;   /* index + 1 of the item's first row read */
  guint32 tail;
} Chain;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *x = *(Row * const *) a, *y = *(Row * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

static gboolean
walk_history (FcrmReportContext  *ctx,
              ItemFunc            func,
              gpointer            data,
              GError            **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) chains = g_array_new (FALSE, FALSE, sizeof (Chain));
  g_autoptr(GHashTable) items = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  gint64 responsible = ctx->filter->responsible_id;
  FcrmStmt *stmt = fcrm_store_prepare (ctx->store, responsible != 0 ? fcrm_reports_history_of_sql
                                                                     : fcrm_reports_history_sql, error);
  GError *local = NULL;
  const char *last_code = NULL;
  FcrmStage *last_stage = NULL;

  if (stmt == NULL)
    return FALSE;
  if (responsible != 0)
    {
      fcrm_stmt_bind_int64 (stmt, 1, responsible);
      fcrm_stmt_bind_int64 (stmt, 2, responsible);
    }
  while (fcrm_stmt_step (stmt, &local))
    {
      const char *code = fcrm_stmt_get_text (stmt, 3);
      /* leads and deals have ids of their own: the kind goes in the key's top bit */
      gsize key = (gsize) fcrm_stmt_get_int64 (stmt, 2) | (fcrm_stmt_get_text (stmt, 1)[0] == 'd' ? (gsize) 1 << 62 : 0);
      Row row = { fcrm_stmt_get_int64 (stmt, 0), { NULL, fcrm_stmt_get_int64 (stmt, 4), fcrm_stmt_get_int64 (stmt, 5) }, 0 };
      guint chain;

      /* runs of one stage are common: look it up again only when it changes */
      if (last_code == NULL || g_strcmp0 (code, last_code) != 0)
        {
          last_stage = g_hash_table_lookup (ctx->crm->stages, code);
          last_code = last_stage != NULL ? last_stage->code : NULL;
        }
      if ((row.entry.stage = last_stage) == NULL)
        continue;
      g_array_append_val (rows, row);
      chain = GPOINTER_TO_UINT (g_hash_table_lookup (items, GSIZE_TO_POINTER (key)));
      if (chain == 0)
        {
          Chain c = { rows->len, rows->len };

          g_array_append_val (chains, c);
          g_hash_table_insert (items, GSIZE_TO_POINTER (key), GUINT_TO_POINTER (chains->len));
        }
      else
        {
          Chain *c = &g_array_index (chains, Chain, chain - 1);

          g_array_index (rows, Row, c->tail - 1).next = rows->len;
          c->tail = rows->len;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  /* each item's entries in the order they were made */
  for (guint i = 0; i < chains->len; i++)
    {
      g_ptr_array_set_size (sorted, 0);
      g_array_set_size (entries, 0);
      for (guint r = g_array_index (chains, Chain, i).head; r != 0; r = g_array_index (rows, Row, r - 1).next)
        g_ptr_array_add (sorted, &g_array_index (rows, Row, r - 1));
      if (sorted->len > 1)
        g_ptr_array_sort (sorted, compare_rows);
      for (guint r = 0; r < sorted->len; r++)
        g_array_append_val (entries, ((Row *) g_ptr_array_index (sorted, r))->entry);
      func (ctx, (Entry *) entries->data, entries->len, data);
    }
  return TRUE;
}

/* Per stage: how many entries, how many went on. */
typedef struct
{
  gint64 count;
  gint64 budget;
  gint64 entered;
  gint64 advanced;
} FunnelCounts;

static FunnelCounts *
counts_of (GHashTable *by_stage,
           FcrmStage  *stage)
{
  FunnelCounts *c = g_hash_table_lookup (by_stage, stage);

  if (c == NULL)
    {
      c = g_new0 (FunnelCounts, 1);
      g_hash_table_insert (by_stage, stage, c);
    }
  return c;
}

/* A later entry is progress from @from: a success, the hand-over to another
 * pipeline (design to manufacturing), or a stage further along; never a loss. */
static gboolean
is_further (const FcrmStage *from,
            const FcrmStage *to)
{
  if (to->kind == FCRM_STAGE_FAILURE)
    return FALSE;
  return to->kind == FCRM_STAGE_SUCCESS || g_strcmp0 (to->pipeline, from->pipeline) != 0
         || to->position > from->position;
}

/* One item's entries, in the order they were made, counted @weight times
 * (items that took the same path): each open entry made in the period is an
 * entry of its stage, which went on when a later entry is further.
 * @in_period: whether each entry was made in the period; NULL: from its
 * entered time. */
static void
count_entries (FcrmReportContext *ctx,
               const Entry       *entries,
               const gboolean    *in_period,
               guint              n,
               gint64             weight,
               GHashTable        *by_stage)
{
  for (guint i = 0; i < n; i++)
    {
      FunnelCounts *c;

      if (entries[i].stage->kind != FCRM_STAGE_OPEN
          || !(in_period != NULL ? in_period[i] : entries[i].entered >= ctx->lo && entries[i].entered < ctx->hi)
          || !fcrm_report_wants_pipeline (ctx, entries[i].stage->pipeline))
        continue;
      c = counts_of (by_stage, entries[i].stage);
      c->entered += weight;
      for (guint j = i + 1; j < n; j++)
        if (is_further (entries[i].stage, entries[j].stage))
          {
            c->advanced += weight;
            break;
          }
    }
}

static void
funnel_item (FcrmReportContext *ctx,
             const Entry       *entries,
             guint              n,
             gpointer           data)
{
  count_entries (ctx, entries, NULL, n, 1, data);
}

/* On the office server: every item's path, "+code" for an entry made in
 * the period and "-code" for one made outside it, separated by spaces in
 * the order the entries were made (by id, as the file's walk orders them),
 * and how many items took each path. The entries come from a subquery
 * sorted by item and id (read in that order along stage_history_order, no
 * sort), which the grouping takes as it comes: an ORDER BY inside
 * string_agg would have PostgreSQL 15 start a sort for every one of the
 * 200k items, a third of the statement's time. A subquery with its own
 * ORDER BY is planned apart (never pulled up nor aggregated in parallel
 * parts), and an aggregate takes the rows of a group in the order they
 * arrive, whether grouped by sort or by hash. */
#define PATH_SQL(rows) \
  "SELECT p.path, COUNT(*) FROM (" \
  " SELECT string_agg(CASE WHEN h.entered_at >= ? AND h.entered_at < ? THEN '+' ELSE '-' END || h.stage, ' ') AS path" \
  " FROM (SELECT h.entity_type, h.entity_id, h.stage, h.entered_at FROM " rows \
  "   ORDER BY h.entity_type, h.entity_id, h.id) h" \
  " GROUP BY h.entity_type, h.entity_id) p GROUP BY p.path"
/* the entries of one person's items (their leads and deals by index) */
#define ROWS_OF(columns) \
  "(SELECT h.entity_type, h.entity_id, h.id, " columns \
  "  FROM leads l JOIN stage_history h ON h.entity_type = 'lead' AND h.entity_id = l.id WHERE l.responsible_id = ?" \
  " UNION ALL SELECT h.entity_type, h.entity_id, h.id, " columns \
  "  FROM deals d JOIN stage_history h ON h.entity_type = 'deal' AND h.entity_id = d.id WHERE d.responsible_id = ?) h"

static const char funnel_paths_sql[] = PATH_SQL ("stage_history h");
static const char funnel_paths_of_sql[] = PATH_SQL (ROWS_OF ("h.stage, h.entered_at"));

static gboolean
funnel_paths (FcrmReportContext  *ctx,
              GHashTable         *by_stage,
              GError            **error)
{
  gint64 responsible = ctx->filter->responsible_id;
  FcrmStmt *stmt = fcrm_store_prepare (ctx->store, responsible != 0 ? funnel_paths_of_sql : funnel_paths_sql, error);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GArray) in_period = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, ctx->lo);
  fcrm_stmt_bind_int64 (stmt, 2, ctx->hi);
  if (responsible != 0)
    {
      fcrm_stmt_bind_int64 (stmt, 3, responsible);
      fcrm_stmt_bind_int64 (stmt, 4, responsible);
    }
  while (fcrm_stmt_step (stmt, &local))
    {
      g_auto(GStrv) codes = g_strsplit (fcrm_stmt_get_text (stmt, 0) != NULL ? fcrm_stmt_get_text (stmt, 0) : "", " ", -1);

      g_array_set_size (entries, 0);
      g_array_set_size (in_period, 0);
      for (guint i = 0; codes[i] != NULL; i++)
        {
          /* entries of a stage this program does not know are left out, as the walk leaves them */
          Entry entry = { codes[i][0] != '\0' ? g_hash_table_lookup (ctx->crm->stages, codes[i] + 1) : NULL, 0, 0 };
          gboolean in = codes[i][0] == '+';

          if (entry.stage == NULL)
            continue;
          g_array_append_val (entries, entry);
          g_array_append_val (in_period, in);
        }
      count_entries (ctx, (Entry *) entries->data, (gboolean *) in_period->data, entries->len,
                     fcrm_stmt_get_int64 (stmt, 1), by_stage);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* The open items now in each stage (that entered it in the period). */
const char fcrm_reports_funnel_leads_sql[] =
  "SELECT stage, COUNT(*), COALESCE(SUM(budget), 0) FROM leads"
  " WHERE stage_entered_at >= ? AND stage_entered_at < ? AND (? = 0 OR responsible_id = ?) GROUP BY stage";
const char fcrm_reports_funnel_deals_sql[] =
  "SELECT stage, COUNT(*), COALESCE(SUM(budget), 0) FROM deals"
  " WHERE stage_entered_at >= ? AND stage_entered_at < ? AND (? = 0 OR responsible_id = ?) GROUP BY stage";

static gboolean
count_open (FcrmReportContext  *ctx,
            const char         *sql,
            GHashTable         *by_stage,
            GError            **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (ctx->store, sql, error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, ctx->lo);
  fcrm_stmt_bind_int64 (stmt, 2, ctx->hi);
  fcrm_stmt_bind_int64 (stmt, 3, ctx->filter->responsible_id);
  fcrm_stmt_bind_int64 (stmt, 4, ctx->filter->responsible_id);
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmStage *stage = g_hash_table_lookup (ctx->crm->stages, fcrm_stmt_get_text (stmt, 0));
      FunnelCounts *c;

      if (stage == NULL || stage->kind != FCRM_STAGE_OPEN)
        continue;
      c = counts_of (by_stage, stage);
      c->count += fcrm_stmt_get_int64 (stmt, 1);
      c->budget += fcrm_stmt_get_int64 (stmt, 2);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

FcrmReportTable *
fcrm_reports_funnel (FcrmReportContext  *ctx,
                     GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_FUNNEL);
  g_autoptr(GHashTable) by_stage = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gboolean leads = fcrm_report_wants_pipeline (ctx, "lead");
  gboolean deals = ctx->filter->pipeline == NULL || !leads;

  if ((leads && !count_open (ctx, fcrm_reports_funnel_leads_sql, by_stage, error))
      || (deals && !count_open (ctx, fcrm_reports_funnel_deals_sql, by_stage, error))
      || !(fcrm_store_sums_on_server (ctx->store) ? funnel_paths (ctx, by_stage, error)
                                                  : walk_history (ctx, funnel_item, by_stage, error)))
    return NULL;

  for (guint p = 0; p < ctx->crm->pipelines->len; p++)
    {
      FcrmPipeline *pipeline = g_ptr_array_index (ctx->crm->pipelines, p);

      if (!fcrm_report_wants_pipeline (ctx, pipeline->code))
        continue;
      for (guint s = 0; s < pipeline->stages->len; s++)
        {
          FcrmStage *stage = g_ptr_array_index (pipeline->stages, s);
          FunnelCounts *c = counts_of (by_stage, stage);
          FcrmReportRow *row;

          if (stage->kind != FCRM_STAGE_OPEN)
            continue;
          row = fcrm_report_table_add_row (table);
          fcrm_report_set_stage (ctx, row, 1, 0, stage);
          fcrm_report_set_number (row, 2, c->count);
          fcrm_report_set_number (row, 3, c->budget);
          fcrm_report_set_number (row, 4, c->entered);
          fcrm_report_set_number (row, 5, c->advanced);
          fcrm_report_set_rate (row, 6, c->advanced, c->entered);
        }
    }
  return g_steal_pointer (&table);
}

/* Durations in seconds: per stage, and per pipeline for whole cycles. */
typedef struct
{
  GHashTable *stages;     /* FcrmStage → GArray of gint64 */
  GHashTable *cycles;     /* pipeline code → GArray of gint64 */
} TimeData;

static void
add_duration (GHashTable    *table,
              gconstpointer  key,
              gint64         seconds)
{
  GArray *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (table, (gpointer) key, list);
    }
  g_array_append_val (list, seconds);
}

static void
time_item (FcrmReportContext *ctx,
           const Entry       *entries,
           guint              n,
           gpointer           data)
{
  TimeData *t = data;
  const Entry *last = &entries[n - 1];

  for (guint i = 0; i < n; i++)
    if (entries[i].stage->kind == FCRM_STAGE_OPEN && entries[i].left != 0
        && entries[i].left >= ctx->lo && entries[i].left < ctx->hi
        && fcrm_report_wants_pipeline (ctx, entries[i].stage->pipeline))
      add_duration (t->stages, entries[i].stage, entries[i].left - entries[i].entered);

  /* a cycle ends when the item is closed; it counts under the pipeline it
   * closed in, from its very first entry (a design deal's design part too) */
  if (last->stage->kind != FCRM_STAGE_OPEN && last->entered >= ctx->lo && last->entered < ctx->hi
      && fcrm_report_wants_pipeline (ctx, last->stage->pipeline))
    add_duration (t->cycles, last->stage->pipeline, last->entered - entries[0].entered);
}

/* The @k-th smallest of @v[0..n) (0-based), found in place without sorting
 * the rest (Hoare's selection: linear on average); afterwards every element
 * before @k is at most v[k]. The same number a sort would put at @k. */
static gint64
select_nth (gint64 *v,
            guint   n,
            guint   k)
{
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      gint64 pivot = v[lo + (hi - lo) / 2];
      guint i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              gint64 t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      /* now v[lo..j] <= pivot <= v[i..hi], and anything between equals the pivot */
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return v[k];
    }
  return v[k];
}

static void
set_durations (FcrmReportRow *row,
               GArray        *list)
{
  gint64 sum = 0;
  double median;
  guint n = list != NULL ? list->len : 0;
  gint64 *v;

  fcrm_report_set_number (row, 2, n);
  if (n == 0)
    return;
  v = (gint64 *) list->data;
  for (guint i = 0; i < n; i++)
    sum += v[i];
  median = select_nth (v, n, n / 2);
  if (n % 2 == 0)
    {
      /* the other middle one: the largest of those selected before it */
      gint64 below = v[0];

      for (guint i = 1; i < n / 2; i++)
        below = MAX (below, v[i]);
      median = (below + median) / 2.0;
    }
  fcrm_report_set_real (row, 3, (double) sum / n / DAY_SECONDS);
  fcrm_report_set_real (row, 4, median / DAY_SECONDS);
}

/* On the office server, per stage: the durations of the entries that ended
 * in the period (left_at 0 is no end, as the walk reads a null), as one
 * array; the stages that count are picked in C (a join to stages would have
 * the rows sorted by it). The medians are taken in C as the walk's are: the
 * server's percentile_cont would sort every group in a sort of all the rows,
 * where an unordered array_agg groups by hash. */
#define TIME_STAGES_SQL(rows) \
  "SELECT h.stage, array_agg(h.left_at - h.entered_at)" \
  " FROM " rows " WHERE h.left_at >= ? AND h.left_at < ? AND h.left_at <> 0 GROUP BY h.stage"
/* Per pipeline, the whole cycles closed in the period: from the item's
 * first entry (the least id) to the one that closed it, which is its
 * current entry (a move ends the current entry and makes the next; an undo
 * deletes the newer entries and opens the last one left), found by index.
 * The closing entry carries the first one's time (cycle_start, schema 12);
 * only an entry older than that, reopened by an undo, has the first of
 * stage_history_order's range for its item looked up (a policy-checked
 * index step per closed item, a quarter of a manager's report at 100k). */
#define TIME_CYCLES_SQL(items) \
  "SELECT s.pipeline, array_agg(h.entered_at - coalesce(h.cycle_start, (SELECT f.entered_at FROM stage_history f" \
  "   WHERE f.entity_type = h.entity_type AND f.entity_id = h.entity_id ORDER BY f.id LIMIT 1)))" \
  " FROM " items \
  " WHERE s.kind <> 'open' AND (? = '' OR s.pipeline = ?)" \
  " AND h.left_at IS NULL AND h.entered_at >= ? AND h.entered_at < ?" \
  " GROUP BY s.pipeline"

static const char time_stages_sql[] = TIME_STAGES_SQL ("stage_history h");
static const char time_stages_of_sql[] = TIME_STAGES_SQL (ROWS_OF ("h.stage, h.entered_at, h.left_at"));
static const char time_cycles_sql[] = TIME_CYCLES_SQL ("stages s JOIN stage_history h ON h.stage = s.code");
static const char time_cycles_of_sql[] = TIME_CYCLES_SQL (
  "(SELECT 'lead' AS t, l.id AS i FROM leads l WHERE l.responsible_id = ?"
  " UNION ALL SELECT 'deal', d.id FROM deals d WHERE d.responsible_id = ?) x"
  " JOIN stage_history h ON h.entity_type = x.t AND h.entity_id = x.i JOIN stages s ON s.code = h.stage");

/* Run one of the statements above into @lists (stage or pipeline code →
 * GArray of seconds), as the walk would have filled them. */
static gboolean
read_durations (FcrmReportContext  *ctx,
                gboolean            cycles,
                GHashTable         *lists,
                GError            **error)
{
  gint64 responsible = ctx->filter->responsible_id;
  FcrmStmt *stmt = fcrm_store_prepare (ctx->store,
                                       cycles ? (responsible != 0 ? time_cycles_of_sql : time_cycles_sql)
                                              : (responsible != 0 ? time_stages_of_sql : time_stages_sql),
                                       error);
  GError *local = NULL;
  int i = 1;

  if (stmt == NULL)
    return FALSE;
  if (responsible != 0)
    {
      fcrm_stmt_bind_int64 (stmt, i++, responsible);
      fcrm_stmt_bind_int64 (stmt, i++, responsible);
    }
  if (cycles)
    {
      fcrm_stmt_bind_text (stmt, i++, ctx->pipeline);
      fcrm_stmt_bind_text (stmt, i++, ctx->pipeline);
    }
  fcrm_stmt_bind_int64 (stmt, i++, ctx->lo);
  fcrm_stmt_bind_int64 (stmt, i++, ctx->hi);
  while (fcrm_stmt_step (stmt, &local))
    {
      const char *code = fcrm_stmt_get_text (stmt, 0);
      const char *p = fcrm_stmt_get_text (stmt, 1);
      gconstpointer key = NULL;

      if (cycles)
        {
          FcrmPipeline *pipeline = fcrm_crm_get_pipeline (ctx->crm, code);

          key = pipeline != NULL ? pipeline->code : NULL;
        }
      else
        {
          FcrmStage *stage = g_hash_table_lookup (ctx->crm->stages, code);

          key = stage != NULL && stage->kind == FCRM_STAGE_OPEN
                && fcrm_report_wants_pipeline (ctx, stage->pipeline) ? stage : NULL;
        }
      if (key == NULL || p == NULL)
        continue;
      /* an array's text: {1,2,3} */
      while (*p == '{' || *p == ',')
        {
          char *end;
          gint64 seconds = g_ascii_strtoll (p + 1, &end, 10);

          if (end == p + 1)
            break;
          add_duration (lists, key, seconds);
          p = end;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

FcrmReportTable *
fcrm_reports_time (FcrmReportContext  *ctx,
                   GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_TIME);
  g_autoptr(GHashTable) stages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) cycles = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  TimeData t = { stages, cycles };

  if (!(fcrm_store_sums_on_server (ctx->store)
          ? read_durations (ctx, FALSE, stages, error) && read_durations (ctx, TRUE, cycles, error)
          : walk_history (ctx, time_item, &t, error)))
    return NULL;

  for (guint p = 0; p < ctx->crm->pipelines->len; p++)
    {
      FcrmPipeline *pipeline = g_ptr_array_index (ctx->crm->pipelines, p);
      FcrmReportRow *row;

      if (!fcrm_report_wants_pipeline (ctx, pipeline->code))
        continue;
      for (guint s = 0; s < pipeline->stages->len; s++)
        {
          FcrmStage *stage = g_ptr_array_index (pipeline->stages, s);

          if (stage->kind != FCRM_STAGE_OPEN)
            continue;
          row = fcrm_report_table_add_row (table);
          fcrm_report_set_stage (ctx, row, 1, 0, stage);
          set_durations (row, g_hash_table_lookup (stages, stage));
        }
      row = fcrm_report_table_add_row (table);
      row->total = TRUE;
      fcrm_report_set_text (row, 0, pipeline->code, fcrm_pipeline_get_name (pipeline));
      set_durations (row, g_hash_table_lookup (cycles, pipeline->code));
    }
  return g_steal_pointer (&table);
}
