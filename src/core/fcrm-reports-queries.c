#define G_LOG_DOMAIN "fcrm-reports"

/* The SQL of the reports that read the leads, deals and tasks as they are
 * now (fcrm-reports-flow.c has those of the stage history). Each statement
 * reads a few aggregates; names, stage kinds and rates are added in C from
 * what the FcrmCrm already holds. Filters are bound as values: "" / 0 mean
 * "any", so one prepared statement serves every filter. Reports run as the
 * person who asks: on the office server their policies narrow every row. */

#include <glib/gi18n-lib.h>

#include "fcrm-inbox.h"
#include "fcrm-reports-private.h"
#include "fcrm-vocabulary.h"

gboolean
fcrm_report_wants_pipeline (const FcrmReportContext *ctx,
                            const char              *pipeline)
{
  return ctx->filter->pipeline == NULL || g_strcmp0 (ctx->filter->pipeline, pipeline) == 0;
}

void
fcrm_report_set_user (const FcrmReportContext *ctx,
                      FcrmReportRow           *row,
                      int                      column,
                      gint64                   id)
{
  FcrmUser *user = id != 0 ? g_hash_table_lookup (ctx->users, &id) : NULL;

  if (user != NULL)
    fcrm_report_set_text (row, column, user->login, user->name);
}

void
fcrm_report_set_stage (const FcrmReportContext *ctx,
                       FcrmReportRow           *row,
                       int                      column,
                       int                      pipeline_column,
                       const FcrmStage         *stage)
{
  if (stage == NULL)
    return;
  fcrm_report_set_text (row, column, stage->code, fcrm_stage_get_name ((FcrmStage *) stage));
  if (pipeline_column >= 0)
    {
      FcrmPipeline *pipeline = fcrm_crm_get_pipeline (ctx->crm, stage->pipeline);

      fcrm_report_set_text (row, pipeline_column, stage->pipeline,
                            pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : stage->pipeline);
    }
}

static gboolean
step_done (GError  *local,
           GError **error)
{
  if (local == NULL)
    return TRUE;
  g_propagate_error (error, local);
  return FALSE;
}

/* ---- conversion ---------------------------------------------------------- */

/* Leads created in the period, by source, responsible and stage (an index
 * alone answers); then the deals made from them, by the deal's pipeline and
 * whether it was won (a walk of the deals, the few with a lead looked up). */
static const char conversion_leads_sql[] =
  "SELECT source, COALESCE(responsible_id, 0), stage, COUNT(*) FROM leads"
  " WHERE created_at >= ? AND created_at < ? AND (? = 0 OR responsible_id = ?)"
  " GROUP BY source, COALESCE(responsible_id, 0), stage";
static const char conversion_deals_sql[] =
  "SELECT l.source, COALESCE(l.responsible_id, 0), d.pipeline, s.kind, COUNT(*)"
  " FROM deals d JOIN leads l ON l.id = d.lead_id JOIN stages s ON s.code = d.stage"
  " WHERE d.lead_id IS NOT NULL AND l.created_at >= ? AND l.created_at < ? AND (? = 0 OR l.responsible_id = ?)"
  " GROUP BY l.source, COALESCE(l.responsible_id, 0), d.pipeline, s.kind";

typedef struct
{
  gint64 count, converted, won;
} Conversion;

/* Add to the sums of @key: a source (@is_text) or a user id. */
static void
add_conversion (GHashTable    *table,
                gconstpointer  key,
                gboolean       is_text,
                gint64         count,
                gint64         converted,
                gint64         won)
{
  Conversion *c = g_hash_table_lookup (table, key);

  if (c == NULL)
    {
      c = g_new0 (Conversion, 1);
      g_hash_table_insert (table, is_text ? (gpointer) g_strdup (key) : g_memdup2 (key, sizeof (gint64)), c);
    }
  c->count += count;
  c->converted += converted;
  c->won += won;
}

/* A row of @c's sums (none: zeros), grouped @by "source" or "user". */
static FcrmReportRow *
conversion_row (FcrmReportTable  *table,
                const char       *by,
                const Conversion *c)
{
  static const Conversion none = { 0, 0, 0 };
  FcrmReportRow *row = fcrm_report_table_add_row (table);

  if (c == NULL)
    c = &none;
  fcrm_report_set_text (row, 0, by, g_str_equal (by, "source") ? _("Source") : _("Manager"));
  fcrm_report_set_number (row, 3, c->count);
  fcrm_report_set_number (row, 4, c->converted);
  fcrm_report_set_number (row, 5, c->won);
  fcrm_report_set_rate (row, 6, c->converted, c->count);
  fcrm_report_set_rate (row, 7, c->won, c->count);
  return row;
}

static int
compare_user_names (gconstpointer a,
                    gconstpointer b)
{
  const FcrmUser *x = *(FcrmUser * const *) a, *y = *(FcrmUser * const *) b;
  int c = g_utf8_collate (x->name, y->name);

  return c != 0 ? c : g_strcmp0 (x->login, y->login);
}

/* The users of @ids (keys of a hash table of gint64 *), by name; 0 (nobody)
 * last when it is there. */
static GPtrArray *
users_by_name (const FcrmReportContext *ctx,
               GHashTable              *ids,
               gboolean                *out_nobody)
{
  GPtrArray *users = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  *out_nobody = FALSE;
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      FcrmUser *user = g_hash_table_lookup (ctx->users, key);

      if (user != NULL)
        g_ptr_array_add (users, user);
      else
        *out_nobody = TRUE;
    }
  g_ptr_array_sort (users, compare_user_names);
  return users;
}

FcrmReportTable *
fcrm_reports_conversion (FcrmReportContext  *ctx,
                         GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_CONVERSION);
  g_autoptr(GHashTable) by_source = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_user = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) users = NULL;
  const char * const *sources = fcrm_lead_sources ();
  FcrmStmt *stmt;
  GError *local = NULL;
  FcrmReportRow *row;
  gboolean nobody;
  gint64 zero = 0;

  for (guint q = 0; q < 2; q++)
    {
      if ((stmt = fcrm_store_prepare (ctx->store, q == 0 ? conversion_leads_sql : conversion_deals_sql, error)) == NULL)
        return NULL;
      fcrm_stmt_bind_int64 (stmt, 1, ctx->lo);
      fcrm_stmt_bind_int64 (stmt, 2, ctx->hi);
      fcrm_stmt_bind_int64 (stmt, 3, ctx->filter->responsible_id);
      fcrm_stmt_bind_int64 (stmt, 4, ctx->filter->responsible_id);
      while (fcrm_stmt_step (stmt, &local))
        {
          const char *source = fcrm_stmt_get_text (stmt, 0);
          gint64 user = fcrm_stmt_get_int64 (stmt, 1);
          gint64 n = fcrm_stmt_get_int64 (stmt, q == 0 ? 3 : 4);
          gint64 count = 0, converted = 0, won = 0;

          if (q == 0)
            {
              FcrmStage *stage = g_hash_table_lookup (ctx->crm->stages, fcrm_stmt_get_text (stmt, 2));

              /* without a pipeline, a lead converted into anything counts */
              count = n;
              if (ctx->filter->pipeline == NULL && stage != NULL && stage->kind == FCRM_STAGE_SUCCESS)
                converted = n;
            }
          else if (ctx->filter->pipeline == NULL || g_strcmp0 (fcrm_stmt_get_text (stmt, 2), ctx->filter->pipeline) == 0)
            {
              converted = ctx->filter->pipeline != NULL ? n : 0;
              won = g_strcmp0 (fcrm_stmt_get_text (stmt, 3), "success") == 0 ? n : 0;
            }
          add_conversion (by_source, source, TRUE, count, converted, won);
          add_conversion (by_user, &user, FALSE, count, converted, won);
        }
      if (!step_done (local, error))
        return NULL;
    }

  for (guint i = 0; sources[i] != NULL; i++)
    {
      row = conversion_row (table, "source", g_hash_table_lookup (by_source, sources[i]));
      fcrm_report_set_text (row, 1, sources[i], fcrm_source_display_name (sources[i]));
    }
  users = users_by_name (ctx, by_user, &nobody);
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      row = conversion_row (table, "user", g_hash_table_lookup (by_user, &user->id));
      fcrm_report_set_user (ctx, row, 2, user->id);
    }
  if (nobody)
    conversion_row (table, "user", g_hash_table_lookup (by_user, &zero));
  return g_steal_pointer (&table);
}

/* ---- losses ---------------------------------------------------------------- */

/* Deals closed in the period: won, and lost by reason. */
static const char losses_sql[] =
  "SELECT s.kind, COALESCE(d.loss_reason, ''), COUNT(*), COALESCE(SUM(d.budget), 0)"
  " FROM deals d JOIN stages s ON s.code = d.stage"
  " WHERE s.kind <> 'open' AND d.closed_at >= ? AND d.closed_at < ?"
  " AND (? = '' OR d.pipeline = ?) AND (? = 0 OR d.responsible_id = ?)"
  " GROUP BY s.kind, COALESCE(d.loss_reason, '')";

/* The free-text reasons of the losses for "other", most frequent first. */
static const char other_reasons_sql[] =
  "SELECT d.loss_reason_text, COUNT(*) FROM deals d JOIN stages s ON s.code = d.stage"
  " WHERE s.kind = 'failure' AND d.loss_reason = 'other' AND d.loss_reason_text <> ''"
  " AND d.closed_at >= ? AND d.closed_at < ?"
  " AND (? = '' OR d.pipeline = ?) AND (? = 0 OR d.responsible_id = ?)"
  " GROUP BY d.loss_reason_text ORDER BY COUNT(*) DESC, d.loss_reason_text LIMIT 50";

/* Bind the closing period, the pipeline and the responsible, in that order. */
static FcrmStmt *
prepare_closed (FcrmReportContext  *ctx,
                const char         *sql,
                GError            **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (ctx->store, sql, error);

  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, ctx->lo);
  fcrm_stmt_bind_int64 (stmt, 2, ctx->hi);
  fcrm_stmt_bind_text (stmt, 3, ctx->pipeline);
  fcrm_stmt_bind_text (stmt, 4, ctx->pipeline);
  fcrm_stmt_bind_int64 (stmt, 5, ctx->filter->responsible_id);
  fcrm_stmt_bind_int64 (stmt, 6, ctx->filter->responsible_id);
  return stmt;
}

FcrmReportTable *
fcrm_reports_losses (FcrmReportContext  *ctx,
                     GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_LOSSES);
  const char * const *reasons = fcrm_crm_loss_reasons ();
  gint64 lost[8] = { 0 }, budget[8] = { 0 }, won = 0, all_lost = 0, all_budget = 0;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  FcrmStmt *stmt = prepare_closed (ctx, losses_sql, error);
  GError *local = NULL;
  FcrmReportRow *row;
  guint n_reasons = g_strv_length ((char **) reasons);

  g_assert (n_reasons <= G_N_ELEMENTS (lost));
  if (stmt == NULL)
    return NULL;
  while (fcrm_stmt_step (stmt, &local))
    {
      const char *kind = fcrm_stmt_get_text (stmt, 0);
      const char *reason = fcrm_stmt_get_text (stmt, 1);

      if (g_strcmp0 (kind, "success") == 0)
        {
          won += fcrm_stmt_get_int64 (stmt, 2);
          continue;
        }
      all_lost += fcrm_stmt_get_int64 (stmt, 2);
      all_budget += fcrm_stmt_get_int64 (stmt, 3);
      for (guint i = 0; i < n_reasons; i++)
        if (g_strcmp0 (reason, reasons[i]) == 0)
          {
            lost[i] += fcrm_stmt_get_int64 (stmt, 2);
            budget[i] += fcrm_stmt_get_int64 (stmt, 3);
          }
    }
  if (!step_done (local, error))
    return NULL;

  stmt = prepare_closed (ctx, other_reasons_sql, error);
  if (stmt == NULL)
    return NULL;
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 n = fcrm_stmt_get_int64 (stmt, 1);

      g_ptr_array_add (texts, n > 1 ? g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", fcrm_stmt_get_text (stmt, 0), n)
                                     : fcrm_stmt_dup_text (stmt, 0));
    }
  if (!step_done (local, error))
    return NULL;
  g_ptr_array_add (texts, NULL);

  for (guint i = 0; i < n_reasons; i++)
    {
      row = fcrm_report_table_add_row (table);
      fcrm_report_set_text (row, 0, reasons[i], fcrm_loss_reason_display_name (reasons[i]));
      fcrm_report_set_number (row, 1, lost[i]);
      fcrm_report_set_number (row, 2, budget[i]);
      fcrm_report_set_rate (row, 3, lost[i], all_lost);
      if (g_str_equal (reasons[i], "other"))
        fcrm_report_set_texts (row, 4, (char **) g_ptr_array_free (g_steal_pointer (&texts), FALSE));
    }
  row = fcrm_report_table_add_row (table);
  row->total = TRUE;
  fcrm_report_set_number (row, 1, all_lost);
  fcrm_report_set_number (row, 2, all_budget);
  fcrm_report_set_rate (row, 3, all_lost, all_lost);
  fcrm_report_set_number (row, 5, won);
  fcrm_report_set_rate (row, 6, won, won + all_lost);
  return g_steal_pointer (&table);
}

/* ---- stuck ---------------------------------------------------------------- */

/* Open items in their stage since before @3 (3 days ago), entered in the
 * period, longest first: the page of ids first (an index walk), then the
 * few rows with their next task. */
#define STUCK_SQL(table, kind, alias) \
  "SELECT " alias ".id, " alias ".title, " alias ".stage, " alias ".stage_entered_at, " alias ".responsible_id, " \
  FCRM_SQL_NEXT_TASK (kind, alias) \
  " FROM (SELECT i.id FROM " table " i JOIN stages s ON s.code = i.stage" \
  "   WHERE s.kind = 'open' AND (? = '' OR s.pipeline = ?) AND i.stage_entered_at >= ? AND i.stage_entered_at < ?" \
  "   AND (? = 0 OR i.responsible_id = ?) ORDER BY i.stage_entered_at, i.id LIMIT ?) x" \
  " JOIN " table " " alias " ON " alias ".id = x.id ORDER BY " alias ".stage_entered_at, " alias ".id"

static const char stuck_leads_sql[] = STUCK_SQL ("leads", "lead", "l");
static const char stuck_deals_sql[] = STUCK_SQL ("deals", "deal", "d");

typedef struct
{
  FcrmEntityType type;
  gint64         id;
  char          *title;
  FcrmStage     *stage;
  gint64         entered;
  gint64         responsible;
  char          *task;
  gint64         task_due;   /* due_at * 2 + due_is_date, 0: none */
} Stuck;

static void
stuck_free (gpointer data)
{
  Stuck *s = data;

  g_free (s->title);
  g_free (s->task);
  g_free (s);
}

static gboolean
read_stuck (FcrmReportContext  *ctx,
            FcrmEntityType      type,
            GPtrArray          *out,
            GError            **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (ctx->store, type == FCRM_ENTITY_LEAD ? stuck_leads_sql : stuck_deals_sql, error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, ctx->pipeline);
  fcrm_stmt_bind_text (stmt, 2, ctx->pipeline);
  fcrm_stmt_bind_int64 (stmt, 3, ctx->lo);
  fcrm_stmt_bind_int64 (stmt, 4, MIN (ctx->hi, ctx->now - 3 * 24 * 3600));
  fcrm_stmt_bind_int64 (stmt, 5, ctx->filter->responsible_id);
  fcrm_stmt_bind_int64 (stmt, 6, ctx->filter->responsible_id);
  fcrm_stmt_bind_int64 (stmt, 7, FCRM_REPORT_STUCK_LIMIT);
  while (fcrm_stmt_step (stmt, &local))
    {
      Stuck *s = g_new0 (Stuck, 1);

      s->type = type;
      s->id = fcrm_stmt_get_int64 (stmt, 0);
      s->title = fcrm_stmt_dup_text (stmt, 1);
      s->stage = g_hash_table_lookup (ctx->crm->stages, fcrm_stmt_get_text (stmt, 2));
      s->entered = fcrm_stmt_get_int64 (stmt, 3);
      s->responsible = fcrm_stmt_get_int64 (stmt, 4);
      s->task = fcrm_stmt_dup_text (stmt, 5);
      s->task_due = fcrm_stmt_get_int64 (stmt, 6);
      g_ptr_array_add (out, s);
    }
  return step_done (local, error);
}

static int
compare_stuck (gconstpointer a,
               gconstpointer b)
{
  const Stuck *x = *(Stuck * const *) a, *y = *(Stuck * const *) b;

  if (x->entered != y->entered)
    return x->entered < y->entered ? -1 : 1;
  if (x->type != y->type)
    return x->type == FCRM_ENTITY_LEAD ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

FcrmReportTable *
fcrm_reports_stuck (FcrmReportContext  *ctx,
                    GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_STUCK);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (stuck_free);
  gboolean leads = fcrm_report_wants_pipeline (ctx, "lead");

  if ((leads && !read_stuck (ctx, FCRM_ENTITY_LEAD, items, error))
      || ((ctx->filter->pipeline == NULL || !leads) && !read_stuck (ctx, FCRM_ENTITY_DEAL, items, error)))
    return NULL;
  g_ptr_array_sort (items, compare_stuck);

  for (guint i = 0; i < items->len && i < FCRM_REPORT_STUCK_LIMIT; i++)
    {
      Stuck *s = g_ptr_array_index (items, i);
      FcrmReportRow *row = fcrm_report_table_add_row (table);
      const char *type = fcrm_entity_type_to_string (s->type);
      FcrmUser *user = g_hash_table_lookup (ctx->users, &s->responsible);

      row->entity_type = s->type;
      row->entity_id = s->id;
      fcrm_report_set_text (row, 0, type, s->type == FCRM_ENTITY_LEAD ? _("Lead") : _("Deal"));
      fcrm_report_set_number (row, 1, s->id);
      fcrm_report_set_text (row, 2, s->title, NULL);
      fcrm_report_set_stage (ctx, row, 4, 3, s->stage);
      fcrm_report_set_real (row, 5, (ctx->now - s->entered) / (24 * 3600.0));
      fcrm_report_set_user (ctx, row, 6, s->responsible);
      if (s->task != NULL)
        {
          /* a robot's task title is a template, filled in the reader's language */
          g_autofree char *task = fcrm_render_text (s->task, s->title,
                                                    s->stage != NULL ? fcrm_stage_get_name (s->stage) : NULL,
                                                    user != NULL ? user->name : NULL);
          fcrm_report_set_text (row, 7, task, NULL);
        }
      if (s->task_due != 0)
        {
          fcrm_report_set_number (row, 8, s->task_due / 2);
          row->cells[8].flag = s->task_due % 2 == 1;
        }
    }
  return g_steal_pointer (&table);
}

/* ---- managers ------------------------------------------------------------- */

/* Per person: leads created in the period (and converted), deals closed in
 * it (won, lost, the won budget), open tasks past due, callbacks done in it. */
static const char managers_deals_sql[] =
  "SELECT COALESCE(d.responsible_id, 0), s.kind, COUNT(*), COALESCE(SUM(d.budget), 0)"
  " FROM deals d JOIN stages s ON s.code = d.stage"
  " WHERE s.kind <> 'open' AND d.closed_at >= ? AND d.closed_at < ?"
  " AND (? = '' OR d.pipeline = ?) AND (? = 0 OR d.responsible_id = ?)"
  " GROUP BY COALESCE(d.responsible_id, 0), s.kind";
/* a task due on a day is overdue from the next day on, one due at a time from then */
static const char managers_tasks_sql[] =
  "SELECT COALESCE(t.responsible_id, 0),"
  " COALESCE(SUM(CASE WHEN t.done = 0 AND ((t.due_is_date = 1 AND t.due_at < ?) OR (t.due_is_date = 0 AND t.due_at < ?))"
  "   THEN 1 ELSE 0 END), 0),"
  " COALESCE(SUM(CASE WHEN t.done = 1 AND t.kind = 'callback' AND t.done_at >= ? AND t.done_at < ? THEN 1 ELSE 0 END), 0)"
  " FROM tasks t WHERE (? = 0 OR t.responsible_id = ?)"
  " AND (t.done = 0 OR t.kind = 'callback')"
  " GROUP BY t.responsible_id";

enum { M_LEADS, M_CONVERTED, M_WON, M_LOST, M_REVENUE, M_OVERDUE, M_CALLBACKS, M_N };

static gint64 *
manager_of (GHashTable *by_user,
            gint64      id)
{
  gint64 *m = g_hash_table_lookup (by_user, &id);

  if (m == NULL)
    {
      gint64 *key = g_memdup2 (&id, sizeof id);

      m = g_new0 (gint64, M_N);
      g_hash_table_insert (by_user, key, m);
    }
  return m;
}

static gint64
local_midnight (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                    g_date_time_get_day_of_month (dt), 0, 0, 0);

  return g_date_time_to_unix (day);
}

FcrmReportTable *
fcrm_reports_managers (FcrmReportContext  *ctx,
                       GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_MANAGERS);
  g_autoptr(GHashTable) by_user = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) users = NULL;
  gint64 resp = ctx->filter->responsible_id;
  FcrmStmt *stmt;
  GError *local = NULL;
  gboolean nobody;

  if (fcrm_report_wants_pipeline (ctx, "lead"))
    {
      /* the conversion report's count: by source, person and stage */
      if ((stmt = fcrm_store_prepare (ctx->store, conversion_leads_sql, error)) == NULL)
        return NULL;
      fcrm_stmt_bind_int64 (stmt, 1, ctx->lo);
      fcrm_stmt_bind_int64 (stmt, 2, ctx->hi);
      fcrm_stmt_bind_int64 (stmt, 3, resp);
      fcrm_stmt_bind_int64 (stmt, 4, resp);
      while (fcrm_stmt_step (stmt, &local))
        {
          gint64 *m = manager_of (by_user, fcrm_stmt_get_int64 (stmt, 1));
          FcrmStage *stage = g_hash_table_lookup (ctx->crm->stages, fcrm_stmt_get_text (stmt, 2));

          m[M_LEADS] += fcrm_stmt_get_int64 (stmt, 3);
          if (stage != NULL && stage->kind == FCRM_STAGE_SUCCESS)
            m[M_CONVERTED] += fcrm_stmt_get_int64 (stmt, 3);
        }
      if (!step_done (local, error))
        return NULL;
    }
  if ((stmt = prepare_closed (ctx, managers_deals_sql, error)) == NULL)
    return NULL;
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 *m = manager_of (by_user, fcrm_stmt_get_int64 (stmt, 0));

      if (g_strcmp0 (fcrm_stmt_get_text (stmt, 1), "success") == 0)
        {
          m[M_WON] += fcrm_stmt_get_int64 (stmt, 2);
          m[M_REVENUE] += fcrm_stmt_get_int64 (stmt, 3);
        }
      else
        m[M_LOST] += fcrm_stmt_get_int64 (stmt, 2);
    }
  if (!step_done (local, error))
    return NULL;
  if ((stmt = fcrm_store_prepare (ctx->store, managers_tasks_sql, error)) == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, local_midnight (ctx->now));
  fcrm_stmt_bind_int64 (stmt, 2, ctx->now);
  fcrm_stmt_bind_int64 (stmt, 3, ctx->lo);
  fcrm_stmt_bind_int64 (stmt, 4, ctx->hi);
  fcrm_stmt_bind_int64 (stmt, 5, resp);
  fcrm_stmt_bind_int64 (stmt, 6, resp);
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 *m = manager_of (by_user, fcrm_stmt_get_int64 (stmt, 0));

      m[M_OVERDUE] += fcrm_stmt_get_int64 (stmt, 1);
      m[M_CALLBACKS] += fcrm_stmt_get_int64 (stmt, 2);
    }
  if (!step_done (local, error))
    return NULL;

  users = users_by_name (ctx, by_user, &nobody);
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);
      gint64 *m = g_hash_table_lookup (by_user, &user->id);
      FcrmReportRow *row;
      gboolean any = FALSE;

      for (guint f = 0; f < M_N; f++)
        any = any || m[f] != 0;
      if (!any)
        continue;
      row = fcrm_report_table_add_row (table);
      fcrm_report_set_user (ctx, row, 0, user->id);
      for (guint f = 0; f < M_N; f++)
        fcrm_report_set_number (row, f + 1, m[f]);
    }
  return g_steal_pointer (&table);
}

/* ---- revenue -------------------------------------------------------------- */

static const char revenue_sql[] =
  "SELECT d.closed_at, d.budget FROM deals d JOIN stages s ON s.code = d.stage"
  " WHERE s.kind = 'success' AND d.closed_at >= ? AND d.closed_at < ?"
  " AND (? = '' OR d.pipeline = ?) AND (? = 0 OR d.responsible_id = ?)";

typedef struct
{
  gint64 count, revenue, previous_count, previous_revenue;
} Month;

static int
month_index (GDateTime *dt)
{
  return g_date_time_get_year (dt) * 12 + g_date_time_get_month (dt) - 1;
}

/* The index of the month @t falls in, given the months' @starts (sorted);
 * -1 outside them. */
static int
month_of (GArray *starts,
          gint64  t)
{
  int lo = 0, hi = (int) starts->len - 1;

  if (t < g_array_index (starts, gint64, 0) || t >= g_array_index (starts, gint64, hi))
    return -1;
  /* starts[lo] <= t < starts[hi] */
  while (hi - lo > 1)
    {
      int mid = (lo + hi) / 2;

      if (g_array_index (starts, gint64, mid) <= t)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gint64
add_years (gint64 t,
           int    years)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) moved = g_date_time_add_years (dt, years);

  return moved != NULL ? g_date_time_to_unix (moved) : t;
}

FcrmReportTable *
fcrm_reports_revenue (FcrmReportContext  *ctx,
                      GError            **error)
{
  g_autoptr(FcrmReportTable) table = fcrm_report_table_new (FCRM_REPORT_REVENUE);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (ctx->filter->to != 0 ? ctx->filter->to : ctx->now);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GArray) months = NULL;
  gint64 lo = ctx->lo, hi = ctx->filter->to != 0 ? ctx->hi : ctx->now + 1, prev_lo, prev_hi;
  int first_month, last_month = month_index (last);
  g_autoptr(GArray) starts = NULL;
  FcrmStmt *stmt;
  GError *local = NULL;

  if (ctx->filter->from == 0)
    {
      /* the twelve months up to the last one */
      g_autoptr(GDateTime) start = g_date_time_new (zone, g_date_time_get_year (last), g_date_time_get_month (last), 1, 0, 0, 0);
      first = g_date_time_add_months (start, -11);
      lo = g_date_time_to_unix (first);
    }
  else
    first = g_date_time_new_from_unix_local (lo);
  first_month = month_index (first);
  if (last_month < first_month)
    last_month = first_month;
  months = g_array_sized_new (FALSE, TRUE, sizeof (Month), last_month - first_month + 1);
  g_array_set_size (months, last_month - first_month + 1);
  prev_lo = add_years (lo, -1);
  prev_hi = add_years (hi, -1);

  if ((stmt = fcrm_store_prepare (ctx->store, revenue_sql, error)) == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, prev_lo);
  fcrm_stmt_bind_int64 (stmt, 2, hi);
  fcrm_stmt_bind_text (stmt, 3, ctx->pipeline);
  fcrm_stmt_bind_text (stmt, 4, ctx->pipeline);
  fcrm_stmt_bind_int64 (stmt, 5, ctx->filter->responsible_id);
  fcrm_stmt_bind_int64 (stmt, 6, ctx->filter->responsible_id);
  /* where each month starts, a year before the first one to after the
   * last: a closing is put in its month by a binary search */
  starts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), last_month - first_month + 14);
  for (int m = first_month - 12; m <= last_month + 1; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new (zone, m / 12, m % 12 + 1, 1, 0, 0, 0);
      gint64 t = g_date_time_to_unix (dt);

      g_array_append_val (starts, t);
    }
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 closed = fcrm_stmt_get_int64 (stmt, 0), budget = fcrm_stmt_get_int64 (stmt, 1);
      int m = month_of (starts, closed);   /* 0: a year before the first month */
      Month *month;

      if (m < 0)
        continue;
      if (closed >= lo && closed < hi && m >= 12)
        {
          month = &g_array_index (months, Month, m - 12);
          month->count++;
          month->revenue += budget;
        }
      if (closed >= prev_lo && closed < prev_hi && m < (int) months->len)
        {
          month = &g_array_index (months, Month, m);
          month->previous_count++;
          month->previous_revenue += budget;
        }
    }
  if (!step_done (local, error))
    return NULL;

  for (int m = first_month; m <= last_month; m++)
    {
      Month *month = &g_array_index (months, Month, m - first_month);
      FcrmReportRow *row = fcrm_report_table_add_row (table);
      g_autoptr(GDateTime) dt = g_date_time_new (zone, m / 12, m % 12 + 1, 1, 0, 0, 0);
      g_autofree char *code = g_date_time_format (dt, "%Y-%m");
      /* TRANSLATORS: a month of the revenue report, strftime format: "March 2026" */
      g_autofree char *name = g_date_time_format (dt, C_("report month", "%OB %Y"));

      fcrm_report_set_text (row, 0, code, name);
      fcrm_report_set_number (row, 1, month->count);
      fcrm_report_set_number (row, 2, month->revenue);
      fcrm_report_set_number (row, 3, month->previous_count);
      fcrm_report_set_number (row, 4, month->previous_revenue);
    }
  return g_steal_pointer (&table);
}

const FcrmReportQuery *
fcrm_reports_hot_queries (void)
{
  static const FcrmReportQuery queries[] = {
    { FCRM_REPORT_FUNNEL, fcrm_reports_funnel_leads_sql, "lhrr" },
    { FCRM_REPORT_FUNNEL, fcrm_reports_funnel_deals_sql, "lhrr" },
    { FCRM_REPORT_FUNNEL, fcrm_reports_history_sql, "", 1 },
    { FCRM_REPORT_FUNNEL, fcrm_reports_history_of_sql, "rr", 2 },
    { FCRM_REPORT_CONVERSION, conversion_leads_sql, "lhrr" },
    { FCRM_REPORT_CONVERSION, conversion_deals_sql, "lhrr" },
    { FCRM_REPORT_LOSSES, losses_sql, "lhpprr" },
    { FCRM_REPORT_LOSSES, other_reasons_sql, "lhpprr" },
    { FCRM_REPORT_TIME, fcrm_reports_history_sql, "", 1 },
    { FCRM_REPORT_TIME, fcrm_reports_history_of_sql, "rr", 2 },
    { FCRM_REPORT_STUCK, stuck_leads_sql, "pplsrrk" },
    { FCRM_REPORT_STUCK, stuck_deals_sql, "pplsrrk" },
    { FCRM_REPORT_MANAGERS, conversion_leads_sql, "lhrr" },
    { FCRM_REPORT_MANAGERS, managers_deals_sql, "lhpprr" },
    { FCRM_REPORT_MANAGERS, managers_tasks_sql, "dnlhrr" },
    { FCRM_REPORT_REVENUE, revenue_sql, "lhpprr" },
    { 0, NULL, NULL, 0 },
  };

  return queries;
}

/* ---- dispatch ------------------------------------------------------------- */

static FcrmReportTable *(* const reports[FCRM_REPORT_N_KINDS]) (FcrmReportContext *, GError **) = {
  fcrm_reports_funnel, fcrm_reports_conversion, fcrm_reports_losses, fcrm_reports_time,
  fcrm_reports_stuck, fcrm_reports_managers, fcrm_reports_revenue,
};

FcrmReportTable *
fcrm_reports_compute (FcrmCrm                *crm,
                      FcrmReportKind          kind,
                      const FcrmReportFilter *filter,
                      GError                **error)
{
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) list = fcrm_crm_list_users (crm, error);
  FcrmReportContext ctx = { crm, crm->store, filter, filter->pipeline != NULL ? filter->pipeline : "",
                            filter->from, G_MAXINT64, fcrm_clock_now (crm->clock), users };

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (list, i);
      g_hash_table_insert (users, &user->id, g_object_ref (user));
    }
  if (filter->to != 0)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (filter->to);
      g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);

      ctx.hi = g_date_time_to_unix (next);
    }
  if (fcrm_store_sums_on_server (crm->store) && !fcrm_store_in_transaction (crm->store))
    {
      FcrmReportTable *table;

      /* On the office server a report's statements read one moment of the
       * database (the funnel's open items and its paths agree), with room
       * for their groupings in memory: at the default 4 MB a manager's
       * paths and durations were sorted on disk instead of grouped by hash. */
      if (!fcrm_store_begin_snapshot (crm->store, error))
        return NULL;
      if (!fcrm_store_exec (crm->store, "SET LOCAL work_mem = '32MB'", error))
        {
          fcrm_store_rollback (crm->store);
          return NULL;
        }
      table = reports[kind] (&ctx, error);
      fcrm_store_rollback (crm->store);
      return table;
    }
  return reports[kind] (&ctx, error);
}
