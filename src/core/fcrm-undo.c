#define G_LOG_DOMAIN "fcrm-undo"

#include <glib/gi18n-lib.h>

#include "fcrm-clients-private.h"
#include "fcrm-crm-private.h"
#include "fcrm-undo.h"

struct _FcrmUndo
{
  FcrmEntityType type;
  gint64         id;
  char          *title;
  char          *stage;
  char          *pipeline;
  gint64         stage_entered_at;
  gint64         closed_at;
  char          *loss_reason;
  char          *loss_comment;
  char          *loss_reason_text;
  gint64         contact_id;
  gint64         company_id;
  gint64         deal_id;
  gint64         entry_id;       /* the stage entry to reopen */
  gint64         last_entry;     /* entries after this one were made by the move */
  gint64         last_notification;
  gint64         last_task;
  FcrmMergeUndo *merge;          /* or a merge of two clients (fcrm-client-merge.c) */
};

void
fcrm_undo_free (FcrmUndo *undo)
{
  if (undo == NULL)
    return;
  g_free (undo->title);
  g_free (undo->stage);
  g_free (undo->pipeline);
  g_free (undo->loss_reason);
  g_free (undo->loss_comment);
  g_free (undo->loss_reason_text);
  g_clear_pointer (&undo->merge, fcrm_merge_undo_free);
  g_free (undo);
}

FcrmUndo *
fcrm_undo_new_for_merge (FcrmMergeUndo *merge)
{
  FcrmUndo *undo = g_new0 (FcrmUndo, 1);

  undo->merge = merge;
  return undo;
}

/* Statements here take @n integer parameters: a, b (n ≤ 2). -1 on error. */
static gint64
query_int_n (FcrmCrm    *self,
             const char *sql,
             int         n,
             gint64      a,
             gint64      b,
             GError    **error)
{
  gint64 v = 0;

  return fcrm_store_query_int (self->store, sql, &v, NULL, error, &"ii"[2 - n], a, b) ? v : -1;
}

FcrmUndo *
fcrm_crm_snapshot (FcrmCrm        *self,
                   FcrmEntityType  type,
                   gint64          id,
                   GError        **error)
{
  g_autoptr(FcrmItem) item = NULL;
  g_autoptr(FcrmUndo) undo = g_new0 (FcrmUndo, 1);
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  item = fcrm_crm_load_item (self, type, id, error);
  if (item == NULL)
    return NULL;
  undo->type = type;
  undo->id = id;
  undo->title = g_strdup (item->title);
  undo->stage = g_strdup (item->stage);
  undo->pipeline = g_strdup (item->pipeline);
  undo->stage_entered_at = item->stage_entered_at;
  undo->closed_at = item->closed_at;
  undo->loss_reason = g_strdup (item->loss_reason);
  undo->loss_reason_text = g_strdup (item->loss_reason_text);
  undo->contact_id = item->contact_id;
  undo->company_id = item->company_id;
  undo->deal_id = item->deal_id;

  if (type == FCRM_ENTITY_DEAL)
    {
      stmt = fcrm_store_prepare (self->store, "SELECT loss_comment FROM deals WHERE id = ?", error);
      if (stmt == NULL)
        return NULL;
      fcrm_stmt_bind_int64 (stmt, 1, id);
      if (fcrm_stmt_step (stmt, NULL))
        undo->loss_comment = fcrm_stmt_dup_text (stmt, 0);
      fcrm_stmt_reset (stmt);
    }
  undo->entry_id = query_int_n (self,
                              type == FCRM_ENTITY_LEAD
                                ? "SELECT id FROM stage_history WHERE entity_type = 'lead' AND entity_id = ? AND left_at IS NULL"
                                : "SELECT id FROM stage_history WHERE entity_type = 'deal' AND entity_id = ? AND left_at IS NULL",
                              1, id, 0, error);
  if (undo->entry_id < 0)
    return NULL;
  /* rows made after these watermarks for this item are the move's */
  undo->last_entry = query_int_n (self, "SELECT coalesce(max(id), 0) FROM stage_history", 0, 0, 0, error);
  undo->last_notification = query_int_n (self, "SELECT coalesce(max(id), 0) FROM notifications", 0, 0, 0, error);
  undo->last_task = query_int_n (self, "SELECT coalesce(max(id), 0) FROM tasks", 0, 0, 0, error);
  if (undo->last_entry < 0 || undo->last_notification < 0 || undo->last_task < 0)
    return NULL;
  return g_steal_pointer (&undo);
}

#define run_n(self, sql, n, a, b, error) fcrm_store_run ((self)->store, sql, error, &"ii"[2 - (n)], (gint64) (a), (gint64) (b))

#define run1(self, sql, a, error)      run_n (self, sql, 1, a, 0, error)
#define run2(self, sql, a, b, error)   run_n (self, sql, 2, a, b, error)
#define query1(self, sql, a, error)    query_int_n (self, sql, 1, a, 0, error)
#define query2(self, sql, a, b, error) query_int_n (self, sql, 2, a, b, error)

/* Everything a deal made by the conversion brought along. */
static gboolean
delete_deal (FcrmCrm *self,
             gint64   deal,
             GError **error)
{
  return run1 (self, "DELETE FROM notifications WHERE entity_type = 'deal' AND entity_id = ?", deal, error) &&
         run1 (self, "DELETE FROM tasks WHERE entity_type = 'deal' AND entity_id = ?", deal, error) &&
         run1 (self, "DELETE FROM attachments WHERE entity_type = 'deal' AND entity_id = ?", deal, error) &&
         run1 (self, "DELETE FROM comments WHERE entity_type = 'deal' AND entity_id = ?", deal, error) &&
         run1 (self, "DELETE FROM stage_history WHERE entity_type = 'deal' AND entity_id = ?", deal, error) &&
         run1 (self, "UPDATE leads SET deal_id = NULL WHERE deal_id = ?", deal, error) &&
         run1 (self, "DELETE FROM deals WHERE id = ?", deal, error);
}

/* A contact or company the conversion created goes only if nothing else uses it. */
static gboolean
delete_if_unused (FcrmCrm *self,
                  gboolean contact,
                  gint64   id,
                  GError **error)
{
  gint64 uses = contact
    ? query2 (self, "SELECT (SELECT count(*) FROM leads WHERE contact_id = ?) + "
                       "(SELECT count(*) FROM deals WHERE contact_id = ?)", id, id, error)
    : query2 (self, "SELECT (SELECT count(*) FROM leads WHERE company_id = ?) + "
                       "(SELECT count(*) FROM deals WHERE company_id = ?)", id, id, error);
  gint64 people = contact ? 0 : query1 (self, "SELECT count(*) FROM contacts WHERE company_id = ?", id, error);

  uses = people < 0 ? -1 : uses + people;
  if (uses < 0)
    return FALSE;
  if (uses > 0)
    return TRUE;
  return contact ? run1 (self, "DELETE FROM contacts WHERE id = ?", id, error)
                 : run1 (self, "DELETE FROM companies WHERE id = ?", id, error);
}

gboolean
fcrm_crm_undo (FcrmCrm  *self,
               FcrmUndo *u,
               GError  **error)
{
  g_autoptr(FcrmItem) now = NULL;
  gboolean lead = u->type == FCRM_ENTITY_LEAD;
  gint64 newer;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (u != NULL, FALSE);

  if (u->merge != NULL)
    return fcrm_crm_merge_undo (self, u->merge, error);
  /* checked inside the transaction, the item locked: a second desktop
   * undoing the same move at once finds it undone already */
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  now = fcrm_crm_lock_item (self, u->type, u->id, error);
  ok = now != NULL;
  /* only the move itself is undone: the item's entries after the snapshot must
   * all be the move's (one, or two when a robot handed a deal over) */
  newer = !ok ? -1
              : query2 (self,
                        lead ? "SELECT count(*) FROM stage_history WHERE entity_type = 'lead' AND entity_id = ? AND id > ?"
                             : "SELECT count(*) FROM stage_history WHERE entity_type = 'deal' AND entity_id = ? AND id > ?",
                        u->id, u->last_entry, error);
  ok = newer >= 0;
  if (ok && (newer == 0 || newer > 2))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                   _("“%s” has changed since; the move can no longer be undone."), u->title);
      ok = FALSE;
    }
  if (ok && lead && now->deal_id != 0 && now->deal_id != u->deal_id)
    ok = delete_deal (self, now->deal_id, error);
  /* the robots of the undone entries: their notifications and tasks go too */
  ok = ok && run2 (self,
                   lead ? "DELETE FROM notifications WHERE entity_type = 'lead' AND entity_id = ? AND id > ?"
                        : "DELETE FROM notifications WHERE entity_type = 'deal' AND entity_id = ? AND id > ?",
                   u->id, u->last_notification, error);
  ok = ok && run2 (self,
                   lead ? "DELETE FROM tasks WHERE entity_type = 'lead' AND entity_id = ? AND id > ? AND kind <> 'manual'"
                        : "DELETE FROM tasks WHERE entity_type = 'deal' AND entity_id = ? AND id > ? AND kind <> 'manual'",
                   u->id, u->last_task, error);
  ok = ok && run2 (self,
                   lead ? "DELETE FROM stage_history WHERE entity_type = 'lead' AND entity_id = ? AND id > ?"
                        : "DELETE FROM stage_history WHERE entity_type = 'deal' AND entity_id = ? AND id > ?",
                   u->id, u->last_entry, error);
  if (ok && u->entry_id != 0)
    ok = run1 (self, "UPDATE stage_history SET left_at = NULL WHERE id = ?", u->entry_id, error);

  if (ok)
    {
      FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                           lead ? "UPDATE leads SET stage = ?, stage_entered_at = ?, contact_id = ?,"
                                                  "  company_id = ?, deal_id = ?, updated = updated + 1, updated_at = ? "
                                                  "WHERE id = ?"
                                                : "UPDATE deals SET stage = ?, stage_entered_at = ?, pipeline = ?,"
                                                  "  closed_at = ?, loss_reason = ?, loss_comment = ?,"
                                                  "  loss_reason_text = ?,"
                                                  "  updated = updated + 1, updated_at = ? WHERE id = ?",
                                           error);
      ok = stmt != NULL;
      if (ok)
        {
          fcrm_stmt_bind_text (stmt, 1, u->stage);
          fcrm_stmt_bind_int64 (stmt, 2, u->stage_entered_at);
          if (lead)
            {
              fcrm_stmt_bind_id (stmt, 3, u->contact_id);
              fcrm_stmt_bind_id (stmt, 4, u->company_id);
              fcrm_stmt_bind_id (stmt, 5, u->deal_id);
              fcrm_stmt_bind_int64 (stmt, 6, fcrm_clock_now (self->clock));
              fcrm_stmt_bind_int64 (stmt, 7, u->id);
            }
          else
            {
              fcrm_stmt_bind_text (stmt, 3, u->pipeline);
              fcrm_stmt_bind_id (stmt, 4, u->closed_at);
              fcrm_stmt_bind_text (stmt, 5, u->loss_reason);
              fcrm_stmt_bind_text (stmt, 6, u->loss_comment);
              fcrm_stmt_bind_text (stmt, 7, u->loss_reason_text);
              fcrm_stmt_bind_int64 (stmt, 8, fcrm_clock_now (self->clock));
              fcrm_stmt_bind_int64 (stmt, 9, u->id);
            }
          ok = fcrm_stmt_run (stmt, error);
        }
    }
  if (ok && lead && now->contact_id != 0 && now->contact_id != u->contact_id)
    ok = delete_if_unused (self, TRUE, now->contact_id, error);
  if (ok && lead && now->company_id != 0 && now->company_id != u->company_id)
    ok = delete_if_unused (self, FALSE, now->company_id, error);
  /* the reopened entry's reminders wait again, unless they already fired */
  if (ok && u->entry_id != 0)
    {
      g_autoptr(FcrmItem) back = fcrm_crm_load_item (self, u->type, u->id, error);
      ok = back != NULL &&
           fcrm_crm_queue_robots (self, u->entry_id, u->stage, u->stage_entered_at, back->visit_at, error);
    }
  return fcrm_crm_finish (self, ok, error);
}
