#define G_LOG_DOMAIN "fcrm-items"

/* Reading leads and deals: one column list per kind, shared by single loads,
 * lists and board pages, so every view sees the same fields. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-clients.h"
#include "fcrm-inbox.h"
#include "fcrm-schema.h"

/* columns 0..20 are common to both kinds */
#define COMMON_COLUMNS(kind, alias) \
  alias ".id, " alias ".title, s.pipeline, " alias ".stage, s.name, " alias ".responsible_id, u.login, u.name," \
  alias ".contact_id, c.name, " alias ".company_id, co.name, " alias ".budget, " alias ".source, " alias ".comment," \
  alias ".created_at, " alias ".updated_at, " alias ".stage_entered_at, " alias ".updated, " FCRM_SQL_NEXT_TASK (kind, alias)

/* a lead's and a deal's project, in this order (read_project()) */
#define PROJECT_COLUMNS(alias) \
  alias ".delivery_date, " alias ".installation_date, " alias ".installation_needed, " alias ".design, " \
  alias ".project, " alias ".measurements, " alias ".visit_at, " alias ".warranty_until"

#define LEAD_SELECT \
  "SELECT " COMMON_COLUMNS ("lead", "l") ", l.name, l.phone, l.email, l.company_name, l.deal_id, l.is_returning, " \
  PROJECT_COLUMNS ("l") " " \
  "FROM leads l JOIN stages s ON s.code = l.stage " \
  "LEFT JOIN users u ON u.id = l.responsible_id " \
  "LEFT JOIN contacts c ON c.id = l.contact_id " \
  "LEFT JOIN companies co ON co.id = l.company_id "

#define DEAL_SELECT \
  "SELECT " COMMON_COLUMNS ("deal", "d") ", d.lead_id, " PROJECT_COLUMNS ("d") ", d.loss_reason, d.loss_reason_text," \
  " d.closed_at, (SELECT l.is_returning FROM leads l WHERE l.id = d.lead_id)," \
  /* the pipeline a deal was handed over from: the latest stage it passed \
   * through in another pipeline (design.to_installation → manufacturing) */ \
  " (SELECT hs.pipeline FROM stage_history h JOIN stages hs ON hs.code = h.stage" \
  "  WHERE h.entity_type = 'deal' AND h.entity_id = d.id AND hs.pipeline <> d.pipeline" \
  "  ORDER BY h.entered_at DESC, h.id DESC LIMIT 1) " \
  "FROM deals d JOIN stages s ON s.code = d.stage " \
  "LEFT JOIN users u ON u.id = d.responsible_id " \
  "LEFT JOIN contacts c ON c.id = d.contact_id " \
  "LEFT JOIN companies co ON co.id = d.company_id "

static void
read_project (FcrmItem *it,
              FcrmStmt *stmt,
              int      *c)
{
  it->delivery_date = fcrm_stmt_get_int64 (stmt, (*c)++);
  it->installation_date = fcrm_stmt_get_int64 (stmt, (*c)++);
  it->installation_needed = fcrm_stmt_get_int64 (stmt, (*c)++) != 0;
  it->design = fcrm_stmt_dup_text (stmt, (*c)++);
  it->project = fcrm_stmt_dup_text (stmt, (*c)++);
  it->measurements = fcrm_stmt_dup_text (stmt, (*c)++);
  it->visit_at = fcrm_stmt_get_int64 (stmt, (*c)++);
  it->warranty_until = fcrm_stmt_get_int64 (stmt, (*c)++);
}

static FcrmItem *
item_from_stmt (FcrmCrm        *self,
                FcrmEntityType  type,
                FcrmStmt       *stmt)
{
  FcrmItem *it = fcrm_item_new (type);
  gint64 now = fcrm_clock_now (self->clock);
  int c = 0;

  it->id = fcrm_stmt_get_int64 (stmt, c++);
  it->title = fcrm_stmt_dup_text (stmt, c++);
  it->pipeline = fcrm_stmt_dup_text (stmt, c++);
  it->stage = fcrm_stmt_dup_text (stmt, c++);
  it->stage_name_cache = fcrm_stmt_dup_text (stmt, c++);
  it->responsible_id = fcrm_stmt_get_int64 (stmt, c++);
  it->responsible_login = fcrm_stmt_dup_text (stmt, c++);
  it->responsible_name = fcrm_stmt_dup_text (stmt, c++);
  it->contact_id = fcrm_stmt_get_int64 (stmt, c++);
  it->contact_name = fcrm_stmt_dup_text (stmt, c++);
  it->company_id = fcrm_stmt_get_int64 (stmt, c++);
  it->company_name = fcrm_stmt_dup_text (stmt, c++);
  it->budget = fcrm_stmt_get_int64 (stmt, c++);
  it->source = fcrm_stmt_dup_text (stmt, c++);
  it->comment = fcrm_stmt_dup_text (stmt, c++);
  it->created_at = fcrm_stmt_get_int64 (stmt, c++);
  it->updated_at = fcrm_stmt_get_int64 (stmt, c++);
  it->stage_entered_at = fcrm_stmt_get_int64 (stmt, c++);
  it->version = fcrm_stmt_get_int64 (stmt, c++);
  it->next_task_title = fcrm_stmt_dup_text (stmt, c++);
  /* due and "is a whole day" travel packed in one value */
  it->next_task_due = fcrm_stmt_get_int64 (stmt, c) / 2;
  it->next_task_due_is_date = fcrm_stmt_get_int64 (stmt, c++) % 2 == 1;
  it->days_in_stage = MAX (0, (now - it->stage_entered_at) / (24 * 60 * 60));
  if (it->next_task_title != NULL)
    {
      /* a robot's task title is a template, filled in the reader's language */
      FcrmStage *stage = fcrm_crm_get_stage (self, it->stage);
      char *title = fcrm_render_text (it->next_task_title, it->title, stage != NULL ? fcrm_stage_get_name (stage) : NULL,
                                      it->responsible_name);
      g_free (it->next_task_title);
      it->next_task_title = title;
    }

  if (type == FCRM_ENTITY_LEAD)
    {
      it->name = fcrm_stmt_dup_text (stmt, c++);
      it->phone = fcrm_stmt_dup_text (stmt, c++);
      it->email = fcrm_stmt_dup_text (stmt, c++);
      /* the company typed on the lead, unless it is linked to a company card */
      if (it->company_name == NULL)
        it->company_name = fcrm_stmt_dup_text (stmt, c);
      c++;
      it->deal_id = fcrm_stmt_get_int64 (stmt, c++);
      it->returning = fcrm_stmt_get_int64 (stmt, c++) != 0;
      read_project (it, stmt, &c);
    }
  else
    {
      it->lead_id = fcrm_stmt_get_int64 (stmt, c++);
      read_project (it, stmt, &c);
      it->loss_reason = fcrm_stmt_dup_text (stmt, c++);
      it->loss_reason_text = fcrm_stmt_dup_text (stmt, c++);
      it->closed_at = fcrm_stmt_get_int64 (stmt, c++);
      it->returning = fcrm_stmt_get_int64 (stmt, c++) != 0;
      it->handed_over_from = fcrm_stmt_dup_text (stmt, c++);
    }
  return it;
}

static gboolean
collect_into (FcrmCrm        *self,
              FcrmEntityType  type,
              FcrmStmt       *stmt,
              GPtrArray      *items,
              GError        **error)
{
  GError *local = NULL;

  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (items, item_from_stmt (self, type, stmt));
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

static GPtrArray *
collect_items (FcrmCrm        *self,
               FcrmEntityType  type,
               FcrmStmt       *stmt,
               GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (!collect_into (self, type, stmt, items, error))
    return NULL;
  return g_steal_pointer (&items);
}

FcrmItem *
fcrm_crm_load_item (FcrmCrm        *self,
                    FcrmEntityType  type,
                    gint64          id,
                    GError        **error)
{
  g_autoptr(GPtrArray) items = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             type == FCRM_ENTITY_LEAD ? LEAD_SELECT "WHERE l.id = ?" : DEAL_SELECT "WHERE d.id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  items = collect_items (self, type, stmt, error);
  if (items == NULL)
    return NULL;
  if (items->len == 0)
    {
      if (type == FCRM_ENTITY_LEAD)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no lead #%" PRId64 "."), id);
      else
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no deal #%" PRId64 "."), id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (items, 0));
}

FcrmItem *
fcrm_crm_lead_get (FcrmCrm *self,
                   gint64   id,
                   GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return fcrm_crm_load_item (self, FCRM_ENTITY_LEAD, id, error);
}

FcrmItem *
fcrm_crm_deal_get (FcrmCrm *self,
                   gint64   id,
                   GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return fcrm_crm_load_item (self, FCRM_ENTITY_DEAL, id, error);
}

static gboolean
check_stage_of (FcrmCrm        *self,
                const char     *stage,
                FcrmEntityType  type,
                GError        **error)
{
  FcrmStage *s = fcrm_crm_get_stage (self, stage);
  FcrmPipeline *p = s != NULL ? fcrm_crm_get_pipeline (self, s->pipeline) : NULL;

  if (p == NULL || p->entity != type)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   type == FCRM_ENTITY_LEAD ? _("There is no lead stage “%s”.") : _("There is no deal stage “%s”."),
                   stage);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
fcrm_crm_lead_list (FcrmCrm    *self,
                    const char *stage,
                    GError    **error)
{
  return fcrm_crm_lead_page (self, stage, 0, G_MAXINT32, error);
}

/* A deal pipeline and/or a deal stage, each NULL or known. */
static gboolean
check_deal_filter (FcrmCrm    *self,
                   const char *pipeline,
                   const char *stage,
                   GError    **error)
{
  FcrmPipeline *p = fcrm_crm_get_pipeline (self, pipeline);

  if (pipeline != NULL && (p == NULL || p->entity != FCRM_ENTITY_DEAL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no deal pipeline “%s”; use manufacturing, design or repair."), pipeline);
      return FALSE;
    }
  return stage == NULL || check_stage_of (self, stage, FCRM_ENTITY_DEAL, error);
}

GPtrArray *
fcrm_crm_deal_list (FcrmCrm    *self,
                    const char *pipeline,
                    const char *stage,
                    GError    **error)
{
  return fcrm_crm_deal_page (self, pipeline, stage, 0, G_MAXINT32, error);
}

GPtrArray *
fcrm_crm_lead_page (FcrmCrm    *self,
                    const char *stage,
                    gint64      after_id,
                    guint       limit,
                    GError    **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (stage != NULL && !check_stage_of (self, stage, FCRM_ENTITY_LEAD, error))
    return NULL;
  /* one statement per shape, each an index range in id order */
  stmt = fcrm_store_prepare (self->store,
                             stage != NULL ? LEAD_SELECT "WHERE l.id > ? AND l.stage = ? ORDER BY l.id LIMIT ?"
                                           : LEAD_SELECT "WHERE l.id > ? ORDER BY l.id LIMIT ?",
                             error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, after_id);
  if (stage != NULL)
    fcrm_stmt_bind_text (stmt, 2, stage);
  fcrm_stmt_bind_int64 (stmt, stage != NULL ? 3 : 2, limit);
  return collect_items (self, FCRM_ENTITY_LEAD, stmt, error);
}

GPtrArray *
fcrm_crm_deal_page (FcrmCrm    *self,
                    const char *pipeline,
                    const char *stage,
                    gint64      after_id,
                    guint       limit,
                    GError    **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (!check_deal_filter (self, pipeline, stage, error))
    return NULL;
  /* one statement per shape, each an index range in id order; the stage
   * alone decides the pipeline, so with a stage the pipeline is a check */
  if (stage != NULL && pipeline != NULL && g_strcmp0 (fcrm_crm_get_stage (self, stage)->pipeline, pipeline) != 0)
    return g_ptr_array_new_with_free_func (g_object_unref);
  if (stage != NULL)
    stmt = fcrm_store_prepare (self->store,
                               DEAL_SELECT "WHERE d.id > ? AND d.stage = ? ORDER BY d.id LIMIT ?", error);
  else if (pipeline != NULL)
    stmt = fcrm_store_prepare (self->store,
                               DEAL_SELECT "WHERE d.id > ? AND d.pipeline = ? ORDER BY d.id LIMIT ?", error);
  else
    stmt = fcrm_store_prepare (self->store, DEAL_SELECT "WHERE d.id > ? ORDER BY d.id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, after_id);
  if (stage != NULL || pipeline != NULL)
    fcrm_stmt_bind_text (stmt, 2, stage != NULL ? stage : pipeline);
  fcrm_stmt_bind_int64 (stmt, stage != NULL || pipeline != NULL ? 3 : 2, limit);
  return collect_items (self, FCRM_ENTITY_DEAL, stmt, error);
}

GPtrArray *
fcrm_crm_closed_page (FcrmCrm        *self,
                      FcrmEntityType  type,
                      gint64          after_id,
                      guint           limit,
                      GError        **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             type == FCRM_ENTITY_LEAD
                             ? LEAD_SELECT "WHERE l.id > ? AND s.kind <> 'open' ORDER BY l.id LIMIT ?"
                             : DEAL_SELECT "WHERE d.id > ? AND s.kind <> 'open' ORDER BY d.id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, after_id);
  fcrm_stmt_bind_int64 (stmt, 2, limit);
  return collect_items (self, type, stmt, error);
}

/* The Closed lists: newest first, a walk of the primary key (leads) or of
 * deals_pipeline (pipeline, id) downwards from the last id shown; closed
 * stages and the period are checked on the way (closed items are most of a
 * pipeline's history, so the walk seldom skips far). */
#define CLOSED_LEADS_SQL \
  LEAD_SELECT "WHERE l.id < ? AND s.kind <> 'open' AND l.stage_entered_at >= ? ORDER BY l.id DESC LIMIT ?"
#define CLOSED_DEALS_SQL \
  DEAL_SELECT "WHERE d.pipeline = ? AND d.id < ? AND s.kind <> 'open' AND d.stage_entered_at >= ? " \
  "ORDER BY d.id DESC LIMIT ?"

const FcrmHotQuery *
fcrm_closed_hot_queries (void)
{
  static const FcrmHotQuery queries[] = {
    { "closed leads", CLOSED_LEADS_SQL, 3 },
    { "closed deals", CLOSED_DEALS_SQL, 4 },
    { NULL, NULL, 0 },
  };

  return queries;
}

GPtrArray *
fcrm_crm_closed_page_filtered (FcrmCrm        *self,
                               FcrmEntityType  type,
                               const char     *pipeline,
                               gint64          since,
                               gint64          before_id,
                               guint           limit,
                               GError        **error)
{
  FcrmPipeline *p;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (type == FCRM_ENTITY_LEAD)
    pipeline = "lead";
  p = pipeline != NULL ? fcrm_crm_get_pipeline (self, pipeline) : NULL;
  if (p == NULL || p->entity != type)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no deal pipeline “%s”; use manufacturing, design or repair."),
                   pipeline != NULL ? pipeline : "");
      return NULL;
    }
  stmt = fcrm_store_prepare (self->store, type == FCRM_ENTITY_LEAD ? CLOSED_LEADS_SQL : CLOSED_DEALS_SQL, error);
  if (stmt == NULL)
    return NULL;
  {
    int i = 1;

    if (type == FCRM_ENTITY_DEAL)
      fcrm_stmt_bind_text (stmt, i++, p->code);
    fcrm_stmt_bind_int64 (stmt, i++, before_id > 0 ? before_id : G_MAXINT64);
    fcrm_stmt_bind_int64 (stmt, i++, since);
    fcrm_stmt_bind_int64 (stmt, i++, limit);
  }
  return collect_items (self, type, stmt, error);
}

GPtrArray *
fcrm_crm_client_items (FcrmCrm        *self,
                       gboolean        company,
                       gint64          id,
                       FcrmEntityType  type,
                       GError        **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (type == FCRM_ENTITY_LEAD)
    stmt = fcrm_store_prepare (self->store,
                               company ? LEAD_SELECT "WHERE l.company_id = ? ORDER BY l.id DESC"
                                       : LEAD_SELECT "WHERE l.contact_id = ? ORDER BY l.id DESC", error);
  else
    stmt = fcrm_store_prepare (self->store,
                               company ? DEAL_SELECT "WHERE d.company_id = ? ORDER BY d.id DESC"
                                       : DEAL_SELECT "WHERE d.contact_id = ? ORDER BY d.id DESC", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  return collect_items (self, type, stmt, error);
}

GPtrArray *
fcrm_crm_deal_client_manufacturing (FcrmCrm  *self,
                                    FcrmItem *deal,
                                    GError  **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (FCRM_IS_ITEM (deal), NULL);

  if (deal->contact_id == 0 && deal->company_id == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);
  stmt = fcrm_store_prepare (self->store,
                             DEAL_SELECT "WHERE d.pipeline = 'manufacturing' AND d.id <> ?"
                             "  AND ((? <> 0 AND d.contact_id = ?) OR (? <> 0 AND d.company_id = ?)) "
                             "ORDER BY coalesce (d.installation_date, d.delivery_date) DESC NULLS LAST, d.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, deal->id);
  fcrm_stmt_bind_int64 (stmt, 2, deal->contact_id);
  fcrm_stmt_bind_int64 (stmt, 3, deal->contact_id);
  fcrm_stmt_bind_int64 (stmt, 4, deal->company_id);
  fcrm_stmt_bind_int64 (stmt, 5, deal->company_id);
  return collect_items (self, FCRM_ENTITY_DEAL, stmt, error);
}

static FcrmEntityType
stage_entity (FcrmCrm    *self,
              const char *stage,
              GError    **error,
              gboolean   *found)
{
  FcrmStage *s = fcrm_crm_get_stage (self, stage);
  FcrmPipeline *p = s != NULL ? fcrm_crm_get_pipeline (self, s->pipeline) : NULL;

  *found = p != NULL;
  if (p == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no stage “%s”."), stage);
      return FCRM_ENTITY_LEAD;
    }
  return p->entity;
}

/* Board SQL: one statement per kind × sort × filter shape, so each is a
 * range walk of one index in the order shown (schema 6): the column's index
 * per sort, or a person's (or nobody's) when the filter names one; a source
 * is checked inside the index. Pages are keyset: after the last card read,
 * never OFFSET. A row value "(budget, id) < (?, ?)" would seek only on the
 * budget in SQLite (the id is the rowid), and walk every card with the same
 * budget — half the leads have none — so the cards tied with the last one
 * are read by one statement ("ties") and those after them by another. Built
 * once; statements are cached by the address of their text. */
enum { PAGE_TOP, PAGE_TIES, PAGE_AFTER, N_PAGE_STEPS };
/* 0: anyone, 1: one person, 2: nobody responsible; + 3 with a source */
#define N_FILTER_SHAPES 6
#define N_SORTS 3

typedef struct
{
  char *page[2][N_SORTS][N_FILTER_SHAPES][N_PAGE_STEPS];
  char *count[2][N_FILTER_SHAPES];     /* counting rows: the office server */
  char *totals[N_FILTER_SHAPES];       /* summing stage_totals: a database file */
  FcrmHotQuery *hot;
} BoardSql;

static int
filter_shape (const FcrmBoardFilter *filter)
{
  int owner = 0;

  if (filter == NULL)
    return 0;
  if (filter->responsible_id != 0)
    owner = filter->responsible_id > 0 ? 1 : 2;
  return owner + (filter->source != NULL ? 3 : 0);
}

static int
sort_index (const FcrmBoardFilter *filter)
{
  return filter != NULL ? CLAMP ((int) filter->sort, 0, N_SORTS - 1) : 0;
}

static char *
with_alias (const char *text,
            const char *alias)
{
  GString *s = g_string_new (text);

  g_string_replace (s, "@", alias, 0);
  return g_string_free (s, FALSE);
}

/* "?" in a statement of @shape before the sort key: stage, [person], [source] */
static int
n_filter_params (int shape)
{
  return 1 + (shape % 3 == 1) + (shape >= 3);
}

static void
add_hot (GArray     *hot,
         char       *name,
         const char *sql,
         int         n_params)
{
  FcrmHotQuery q = { name, sql, n_params };

  g_array_append_val (hot, q);
}

static const BoardSql *
board_sql (void)
{
  static BoardSql *sql;

  if (g_once_init_enter (&sql))
    {
      BoardSql *b = g_new0 (BoardSql, 1);
      GArray *hot = g_array_new (TRUE, TRUE, sizeof (FcrmHotQuery));
      static const char * const key[N_SORTS] = { "stage_entered_at", "budget", "created_at" };
      static const char * const owner[3] = { "", " AND @.responsible_id = ?", " AND @.responsible_id IS NULL" };
      static const char * const shape_name[N_FILTER_SHAPES] = { "anyone", "person", "nobody", "source",
                                                                "person+source", "nobody+source" };
      static const char * const step_name[N_PAGE_STEPS] = { "top", "ties", "after" };

      for (int f = 0; f < N_FILTER_SHAPES; f++)
        {
          const char *who = f % 3 == 1 ? " AND responsible_id = ?" : f % 3 == 2 ? " AND responsible_id = 0" : "";

          b->totals[f] = g_strconcat ("SELECT coalesce (sum(n), 0), coalesce (sum(budget_sum), 0) FROM stage_totals "
                                      "WHERE stage = ?", who, f >= 3 ? " AND source = ?" : "", NULL);
          add_hot (hot, g_strdup_printf ("totals, %s", shape_name[f]), b->totals[f], n_filter_params (f));
        }
      for (int e = 0; e < 2; e++)
        {
          const char *alias = e == 0 ? "l" : "d";
          const char *select = e == 0 ? LEAD_SELECT : DEAL_SELECT;
          const char *table = e == 0 ? "leads" : "deals";

          for (int f = 0; f < N_FILTER_SHAPES; f++)
            {
              g_autofree char *where = g_strconcat ("@.stage = ?", owner[f % 3], f >= 3 ? " AND @.source = ?" : "",
                                                    NULL);
              g_autofree char *filter_sql = with_alias (where, alias);
              g_autofree char *plain = with_alias (where, table);

              b->count[e][f] = g_strconcat ("SELECT count(*), coalesce (sum(budget), 0) FROM ", table, " WHERE ", plain,
                                            NULL);
              add_hot (hot, g_strdup_printf ("%s count, %s", table, shape_name[f]), b->count[e][f],
                       n_filter_params (f));
              for (int o = 0; o < N_SORTS; o++)
                for (int s = 0; s < N_PAGE_STEPS; s++)
                  {
                    g_autofree char *step = s == PAGE_TOP ? g_strdup ("")
                                            : g_strconcat (" AND @.", key[o], s == PAGE_TIES ? " = ? AND @.id < ?" : " < ?",
                                                           NULL);
                    g_autofree char *step_sql = with_alias (step, alias);

                    b->page[e][o][f][s] = g_strdup_printf ("%sWHERE %s%s ORDER BY %s.%s DESC, %s.id DESC LIMIT ?",
                                                           select, filter_sql, step_sql, alias, key[o], alias);
                    add_hot (hot, g_strdup_printf ("%s page by %s, %s, %s", table, key[o], shape_name[f], step_name[s]),
                             b->page[e][o][f][s], n_filter_params (f) + s + 1);
                  }
            }
        }
      b->hot = (FcrmHotQuery *) (void *) g_array_free (hot, FALSE);
      g_once_init_leave (&sql, b);
    }
  return sql;
}

const FcrmHotQuery *
fcrm_board_hot_queries (void)
{
  return board_sql ()->hot;
}

FcrmBoardKey
fcrm_board_key_of (const FcrmItem *item,
                   FcrmBoardSort   sort)
{
  FcrmBoardKey key = { 0, 0 };

  g_return_val_if_fail (FCRM_IS_ITEM ((FcrmItem *) item), key);

  key.id = item->id;
  switch (sort)
    {
    case FCRM_BOARD_SORT_BUDGET:
      key.sort_value = item->budget;
      break;
    case FCRM_BOARD_SORT_CREATED:
      key.sort_value = item->created_at;
      break;
    case FCRM_BOARD_SORT_STAGE_ENTERED:
    default:
      key.sort_value = item->stage_entered_at;
      break;
    }
  return key;
}

/* Binds stage, [responsible], [source]; returns the next index. */
static int
bind_filter (FcrmStmt              *stmt,
             const char            *stage,
             const FcrmBoardFilter *filter)
{
  int shape = filter_shape (filter);
  int c = 1;

  fcrm_stmt_bind_text (stmt, c++, stage);
  if (shape % 3 == 1)
    fcrm_stmt_bind_int64 (stmt, c++, filter->responsible_id);
  if (shape >= 3)
    fcrm_stmt_bind_text (stmt, c++, filter->source);
  return c;
}

gboolean
fcrm_crm_stage_totals_filtered (FcrmCrm               *self,
                                const char            *stage,
                                const FcrmBoardFilter *filter,
                                gint64                *out_count,
                                gint64                *out_sum,
                                GError               **error)
{
  gboolean found;
  FcrmEntityType type;
  FcrmStmt *stmt;
  GError *local = NULL;
  int shape = filter_shape (filter);

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  type = stage_entity (self, stage, error, &found);
  if (!found)
    return FALSE;
  /* the office server counts what this person may see (row-level security) */
  stmt = fcrm_store_prepare (self->store,
                             fcrm_store_has_server_rules (self->store)
                             ? board_sql ()->count[type == FCRM_ENTITY_LEAD ? 0 : 1][shape]
                             : board_sql ()->totals[shape],
                             error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, stage, filter);
  *out_count = *out_sum = 0;
  if (fcrm_stmt_step (stmt, &local))
    {
      *out_count = fcrm_stmt_get_int64 (stmt, 0);
      *out_sum = fcrm_stmt_get_int64 (stmt, 1);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

gboolean
fcrm_crm_stage_totals (FcrmCrm    *self,
                       const char *stage,
                       gint64     *out_count,
                       gint64     *out_sum,
                       GError    **error)
{
  return fcrm_crm_stage_totals_filtered (self, stage, NULL, out_count, out_sum, error);
}

/* One step of a page: its rows appended to @items. */
static gboolean
read_page_step (FcrmCrm               *self,
                FcrmEntityType         type,
                const char            *stage,
                const FcrmBoardFilter *filter,
                int                    step,
                const FcrmBoardKey    *after,
                guint                  limit,
                GPtrArray             *items,
                GError               **error)
{
  FcrmStmt *stmt;
  int c;

  stmt = fcrm_store_prepare (self->store,
                             board_sql ()->page[type == FCRM_ENTITY_LEAD ? 0 : 1][sort_index (filter)]
                                               [filter_shape (filter)][step],
                             error);
  if (stmt == NULL)
    return FALSE;
  c = bind_filter (stmt, stage, filter);
  if (step != PAGE_TOP)
    fcrm_stmt_bind_int64 (stmt, c++, after->sort_value);
  if (step == PAGE_TIES)
    fcrm_stmt_bind_int64 (stmt, c++, after->id);
  fcrm_stmt_bind_int64 (stmt, c++, limit);
  return collect_into (self, type, stmt, items, error);
}

GPtrArray *
fcrm_crm_stage_page_filtered (FcrmCrm               *self,
                              const char            *stage,
                              const FcrmBoardFilter *filter,
                              const FcrmBoardKey    *after,
                              guint                  limit,
                              GError               **error)
{
  g_autoptr(GPtrArray) items = NULL;
  gboolean found;
  FcrmEntityType type;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  type = stage_entity (self, stage, error, &found);
  if (!found)
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  if (limit == 0)
    return g_steal_pointer (&items);
  if (after == NULL)
    {
      if (!read_page_step (self, type, stage, filter, PAGE_TOP, NULL, limit, items, error))
        return NULL;
      return g_steal_pointer (&items);
    }
  /* the cards tied with @after on the sort value, then those below it */
  if (!read_page_step (self, type, stage, filter, PAGE_TIES, after, limit, items, error))
    return NULL;
  if (items->len < limit &&
      !read_page_step (self, type, stage, filter, PAGE_AFTER, after, limit - items->len, items, error))
    return NULL;
  return g_steal_pointer (&items);
}

gboolean
fcrm_crm_recount_stage_totals (FcrmCrm *self,
                               GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (fcrm_store_has_server_rules (self->store))
    return TRUE;
  return fcrm_store_exec (self->store, FCRM_STAGE_TOTALS_RECOUNT, error);
}

GPtrArray *
fcrm_crm_stage_page (FcrmCrm            *self,
                     const char         *stage,
                     const FcrmBoardKey *after,
                     guint               limit,
                     GError            **error)
{
  return fcrm_crm_stage_page_filtered (self, stage, NULL, after, limit, error);
}

GPtrArray *
fcrm_crm_history (FcrmCrm        *self,
                  FcrmEntityType  type,
                  gint64          id,
                  GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_history_entry_free);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             "SELECT h.stage, h.entered_at, h.left_at, u.login FROM stage_history h "
                             "LEFT JOIN users u ON u.id = h.user_id "
                             "WHERE h.entity_type = ? AND h.entity_id = ? ORDER BY h.entered_at, h.id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmHistoryEntry *e = g_new0 (FcrmHistoryEntry, 1);

      e->stage = fcrm_stmt_dup_text (stmt, 0);
      e->entered_at = fcrm_stmt_get_int64 (stmt, 1);
      e->left_at = fcrm_stmt_get_int64 (stmt, 2);
      e->user_login = fcrm_stmt_dup_text (stmt, 3);
      g_ptr_array_add (entries, e);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&entries);
}

gboolean
fcrm_crm_check_item (FcrmCrm        *self,
                     FcrmEntityType  type,
                     gint64          id,
                     GError        **error)
{
  g_autoptr(FcrmItem) item = fcrm_crm_load_item (self, type, id, error);

  return item != NULL;
}

FcrmItem *
fcrm_crm_lock_item (FcrmCrm        *self,
                    FcrmEntityType  type,
                    gint64          id,
                    GError        **error)
{
  if (!fcrm_store_lock_row (self->store, type == FCRM_ENTITY_LEAD ? "leads" : "deals", id, error))
    return NULL;
  return fcrm_crm_load_item (self, type, id, error);
}

gboolean
fcrm_crm_check_entity (FcrmCrm        *self,
                       FcrmEntityType  type,
                       gint64          id,
                       gboolean        lock,
                       GError        **error)
{
  g_autoptr(FcrmItem) item = NULL;
  g_autoptr(FcrmContact) contact = NULL;
  g_autoptr(FcrmCompany) company = NULL;

  switch (type)
    {
    case FCRM_ENTITY_CONTACT:
      contact = fcrm_crm_contact_get (self, id, error);
      return contact != NULL;
    case FCRM_ENTITY_COMPANY:
      company = fcrm_crm_company_get (self, id, error);
      return company != NULL;
    case FCRM_ENTITY_LEAD:
    case FCRM_ENTITY_DEAL:
    default:
      item = lock ? fcrm_crm_lock_item (self, type, id, error) : fcrm_crm_load_item (self, type, id, error);
      return item != NULL;
    }
}

gboolean
fcrm_crm_touch_entity (FcrmCrm        *self,
                       FcrmEntityType  type,
                       gint64          id,
                       gint64          now,
                       GError        **error)
{
  if (type == FCRM_ENTITY_CONTACT || type == FCRM_ENTITY_COMPANY)
    return TRUE;
  return fcrm_crm_touch_item (self, type, id, now, error);
}

gboolean
fcrm_crm_touch_item (FcrmCrm        *self,
                     FcrmEntityType  type,
                     gint64          id,
                     gint64          now,
                     GError        **error)
{
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             type == FCRM_ENTITY_LEAD
                             ? "UPDATE leads SET updated = updated + 1, updated_at = ? WHERE id = ?"
                             : "UPDATE deals SET updated = updated + 1, updated_at = ? WHERE id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, now);
  fcrm_stmt_bind_int64 (stmt, 2, id);
  return fcrm_stmt_run (stmt, error);
}
