#define G_LOG_DOMAIN "fcrm-items"

/* Reading leads and deals: one column list per kind, shared by single loads,
 * lists and board pages, so every view sees the same fields. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-inbox.h"

#define NEXT_TASK(kind, alias) \
  "(SELECT t.title FROM tasks t WHERE t.entity_type = '" kind "' AND t.entity_id = " alias ".id AND t.done = 0" \
  " ORDER BY t.due_at IS NULL, t.due_at LIMIT 1)," \
  "(SELECT t.due_at * 2 + t.due_is_date FROM tasks t WHERE t.entity_type = '" kind "' AND t.entity_id = " alias ".id" \
  " AND t.done = 0 ORDER BY t.due_at IS NULL, t.due_at LIMIT 1)"

/* columns 0..20 are common to both kinds */
#define COMMON_COLUMNS(kind, alias) \
  alias ".id, " alias ".title, s.pipeline, " alias ".stage, s.name, " alias ".responsible_id, u.login, u.name," \
  alias ".contact_id, c.name, " alias ".company_id, co.name, " alias ".budget, " alias ".source, " alias ".comment," \
  alias ".created_at, " alias ".updated_at, " alias ".stage_entered_at, " alias ".updated, " NEXT_TASK (kind, alias)

#define LEAD_SELECT \
  "SELECT " COMMON_COLUMNS ("lead", "l") ", l.name, l.phone, l.email, l.company_name, l.deal_id, l.is_returning " \
  "FROM leads l JOIN stages s ON s.code = l.stage " \
  "LEFT JOIN users u ON u.id = l.responsible_id " \
  "LEFT JOIN contacts c ON c.id = l.contact_id " \
  "LEFT JOIN companies co ON co.id = l.company_id "

#define DEAL_SELECT \
  "SELECT " COMMON_COLUMNS ("deal", "d") ", d.lead_id, d.delivery_date, d.installation_date, d.installation_needed," \
  " d.design, d.project, d.measurements, d.visit_at, d.warranty_until, d.loss_reason, d.loss_reason_text," \
  " d.closed_at, (SELECT l.is_returning FROM leads l WHERE l.id = d.lead_id) " \
  "FROM deals d JOIN stages s ON s.code = d.stage " \
  "LEFT JOIN users u ON u.id = d.responsible_id " \
  "LEFT JOIN contacts c ON c.id = d.contact_id " \
  "LEFT JOIN companies co ON co.id = d.company_id "

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
    }
  else
    {
      it->lead_id = fcrm_stmt_get_int64 (stmt, c++);
      it->delivery_date = fcrm_stmt_get_int64 (stmt, c++);
      it->installation_date = fcrm_stmt_get_int64 (stmt, c++);
      it->installation_needed = fcrm_stmt_get_int64 (stmt, c++) != 0;
      it->design = fcrm_stmt_dup_text (stmt, c++);
      it->project = fcrm_stmt_dup_text (stmt, c++);
      it->measurements = fcrm_stmt_dup_text (stmt, c++);
      it->visit_at = fcrm_stmt_get_int64 (stmt, c++);
      it->warranty_until = fcrm_stmt_get_int64 (stmt, c++);
      it->loss_reason = fcrm_stmt_dup_text (stmt, c++);
      it->loss_reason_text = fcrm_stmt_dup_text (stmt, c++);
      it->closed_at = fcrm_stmt_get_int64 (stmt, c++);
      it->returning = fcrm_stmt_get_int64 (stmt, c++) != 0;
    }
  return it;
}

static GPtrArray *
collect_items (FcrmCrm        *self,
               FcrmEntityType  type,
               FcrmStmt       *stmt,
               GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;

  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (items, item_from_stmt (self, type, stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
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

/* Board SQL by kind × sort × "filtered by responsible": the responsible
 * variants use their own index, so "my leads" stays an index range. Built
 * once; statements are cached by the address of their text. */
typedef struct
{
  char *page[2][3][3];
  char *totals[2][3];
} BoardSql;

/* 0: anyone, 1: one person, 2: nobody responsible */
static int
owner_variant (const FcrmBoardFilter *filter)
{
  if (filter == NULL || filter->responsible_id == 0)
    return 0;
  return filter->responsible_id > 0 ? 1 : 2;
}

static char *
with_alias (const char *text,
            const char *alias)
{
  GString *s = g_string_new (text);

  g_string_replace (s, "@", alias, 0);
  return g_string_free (s, FALSE);
}

static const BoardSql *
board_sql (void)
{
  static BoardSql *sql;

  if (g_once_init_enter (&sql))
    {
      BoardSql *b = g_new0 (BoardSql, 1);
      static const char * const order[] = {
        "@.stage_entered_at DESC, @.id DESC",
        "@.budget DESC, @.id DESC",
        "@.created_at DESC, @.id DESC",
      };
      static const char * const owner[] = { "", " AND @.responsible_id = ?", " AND @.responsible_id IS NULL" };

      for (int e = 0; e < 2; e++)
        {
          const char *alias = e == 0 ? "l" : "d";
          const char *select = e == 0 ? LEAD_SELECT : DEAL_SELECT;
          const char *table = e == 0 ? "leads" : "deals";

          for (int r = 0; r < 3; r++)
            {
              g_autofree char *who = with_alias (owner[r], alias);
              g_autofree char *who_plain = with_alias (owner[r], table);

              for (int o = 0; o < 3; o++)
                {
                  g_autofree char *ord = with_alias (order[o], alias);
                  b->page[e][o][r] = g_strconcat (select, "WHERE ", alias, ".stage = ?", who,
                                                  " AND (CAST(? AS TEXT) IS NULL OR ", alias, ".source = ?) ORDER BY ",
                                                  ord, " LIMIT ? OFFSET ?", NULL);
                }
              b->totals[e][r] = g_strconcat ("SELECT count(*), coalesce(sum(budget), 0) FROM ", table,
                                             " WHERE stage = ?", who_plain,
                                             " AND (CAST(? AS TEXT) IS NULL OR source = ?)", NULL);
            }
        }
      g_once_init_leave (&sql, b);
    }
  return sql;
}

/* Binds stage, [responsible], source, source; returns the next index. */
static int
bind_filter (FcrmStmt              *stmt,
             const char            *stage,
             const FcrmBoardFilter *filter)
{
  int c = 1;

  fcrm_stmt_bind_text (stmt, c++, stage);
  if (owner_variant (filter) == 1)
    fcrm_stmt_bind_int64 (stmt, c++, filter->responsible_id);
  fcrm_stmt_bind_text (stmt, c++, filter != NULL ? filter->source : NULL);
  fcrm_stmt_bind_text (stmt, c++, filter != NULL ? filter->source : NULL);
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

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  type = stage_entity (self, stage, error, &found);
  if (!found)
    return FALSE;
  stmt = fcrm_store_prepare (self->store,
                             board_sql ()->totals[type == FCRM_ENTITY_LEAD ? 0 : 1][owner_variant (filter)],
                             error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, stage, filter);
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

GPtrArray *
fcrm_crm_stage_page_filtered (FcrmCrm               *self,
                              const char            *stage,
                              const FcrmBoardFilter *filter,
                              guint                  offset,
                              guint                  limit,
                              GError               **error)
{
  gboolean found;
  FcrmEntityType type;
  FcrmStmt *stmt;
  int c;
  int sort = filter != NULL ? CLAMP ((int) filter->sort, 0, 2) : 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  type = stage_entity (self, stage, error, &found);
  if (!found)
    return NULL;
  stmt = fcrm_store_prepare (self->store,
                             board_sql ()->page[type == FCRM_ENTITY_LEAD ? 0 : 1][sort][owner_variant (filter)],
                             error);
  if (stmt == NULL)
    return NULL;
  c = bind_filter (stmt, stage, filter);
  fcrm_stmt_bind_int64 (stmt, c++, limit);
  fcrm_stmt_bind_int64 (stmt, c++, offset);
  return collect_items (self, type, stmt, error);
}

GPtrArray *
fcrm_crm_stage_page (FcrmCrm    *self,
                     const char *stage,
                     guint       offset,
                     guint       limit,
                     GError    **error)
{
  return fcrm_crm_stage_page_filtered (self, stage, NULL, offset, limit, error);
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
