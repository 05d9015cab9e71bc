#define G_LOG_DOMAIN "fcrm-deal-stage"

/* A deal changing stage: a move on the board, won, lost (the lost-deal
 * process of SPEC §3.5 runs in the on-entry robots), reopened. Each is one
 * transaction that locks the deal, checks where it is now and moves it. */

#include <glib/gi18n-lib.h>

#include "fcrm-field.h"

/* Closing fields follow the stage: won/lost set closed_at, reopening clears it. */
static gboolean
set_closed (FcrmCrm    *self,
            gint64      id,
            gint64      closed_at,
            const char *reason,
            const char *comment,
            GError    **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "UPDATE deals SET closed_at = ?, loss_reason = ?, loss_comment = ? WHERE id = ?",
                                       error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_id (stmt, 1, closed_at);
  fcrm_stmt_bind_text (stmt, 2, reason);
  fcrm_stmt_bind_text (stmt, 3, comment);
  fcrm_stmt_bind_int64 (stmt, 4, id);
  if (!fcrm_stmt_run (stmt, error))
    return FALSE;
  /* The words typed for "other" are the reason in detail: asked once, not
   * again by a "Specify the reason" task (issue 13). */
  if (g_strcmp0 (reason, "other") != 0 || comment == NULL || *comment == '\0')
    return TRUE;
  stmt = fcrm_store_prepare (self->store,
                             "UPDATE deals SET loss_reason_text = ? WHERE id = ?"
                             " AND (loss_reason_text IS NULL OR loss_reason_text = '')",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, comment);
  fcrm_stmt_bind_int64 (stmt, 2, id);
  return fcrm_stmt_run (stmt, error);
}

/* The stage of @deal's pipeline that closes it as won or lost. */
static FcrmStage *
closing_stage (FcrmCrm    *self,
               FcrmItem   *deal,
               const char *outcome)
{
  g_autofree char *code = g_strdup_printf ("%s.%s", g_strcmp0 (deal->pipeline, "manufacturing") == 0 ? "mfg" : deal->pipeline,
                                           outcome);
  FcrmStage *stage = fcrm_crm_get_stage (self, code);

  g_assert (stage != NULL);   /* every deal pipeline of the template ends so */
  return stage;
}

/* Move a locked deal; *out_moved FALSE when it was at @target already. */
static gboolean
move_deal (FcrmCrm   *self,
           FcrmItem  *deal,
           FcrmStage *target,
           gboolean  *out_moved,
           GError   **error)
{
  FcrmStage *current = fcrm_crm_get_stage (self, deal->stage);
  gint64 now = fcrm_clock_now (self->clock);

  *out_moved = FALSE;
  if (g_strcmp0 (target->pipeline, deal->pipeline) != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The stage “%s” belongs to another pipeline; a deal stays in its pipeline “%s”."),
                   fcrm_stage_get_name (target), fcrm_pipeline_get_name (fcrm_crm_get_pipeline (self, deal->pipeline)));
      return FALSE;
    }
  if (target->kind == FCRM_STAGE_FAILURE)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("A deal is lost only with a reason: use “Lose deal” (CLI: deal lose ID --reason …)."));
      return FALSE;
    }
  /* a closed deal is not closed again, not even at the same stage */
  if (current->kind != FCRM_STAGE_OPEN && target->kind != FCRM_STAGE_OPEN)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The deal “%s” is closed; reopen it at an open stage first."), deal->title);
      return FALSE;
    }
  if (g_strcmp0 (deal->stage, target->code) == 0)
    return TRUE;
  *out_moved = TRUE;
  return set_closed (self, deal->id, target->kind == FCRM_STAGE_SUCCESS ? now : 0, NULL, NULL, error) &&
         fcrm_crm_enter_stage (self, FCRM_ENTITY_DEAL, deal->id, target->code, now, 0, error);
}

gboolean
fcrm_crm_deal_move (FcrmCrm    *self,
                    gint64      id,
                    const char *stage,
                    GError    **error)
{
  g_autoptr(FcrmItem) deal = NULL;
  FcrmStage *target;
  gboolean ok, moved = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  target = fcrm_crm_target_stage (self, FCRM_ENTITY_DEAL, stage, error);
  if (target == NULL)
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, id, error);
  ok = deal != NULL && move_deal (self, deal, target, &moved, error);
  if (ok && !moved)
    return fcrm_crm_finish_unchanged (self, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_deal_win (FcrmCrm *self,
                   gint64   id,
                   GError **error)
{
  g_autoptr(FcrmItem) deal = NULL;
  gboolean ok, moved = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, id, error);
  ok = deal != NULL && move_deal (self, deal, closing_stage (self, deal, "won"), &moved, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_deal_lose (FcrmCrm    *self,
                    gint64      id,
                    const char *reason,
                    const char *comment,
                    GError    **error)
{
  g_auto(FcrmFieldValue) text = { 0 };
  g_autoptr(FcrmItem) deal = NULL;
  FcrmStage *current;
  gboolean known = FALSE;
  gint64 now;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  for (const char * const *r = fcrm_crm_loss_reasons (); *r != NULL; r++)
    known |= g_strcmp0 (*r, reason) == 0;
  if (!known)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Choose a reason for the loss: expensive, not_relevant, no_response or other."));
      return FALSE;
    }
  if (!fcrm_field_parse (self, FCRM_FIELD_TEXT, _("The comment"), comment, NULL, &text, error))
    return FALSE;
  now = fcrm_clock_now (self->clock);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, id, error);
  ok = deal != NULL;
  current = ok ? fcrm_crm_get_stage (self, deal->stage) : NULL;
  if (ok && current->kind != FCRM_STAGE_OPEN)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The deal “%s” is already closed."), deal->title);
      ok = FALSE;
    }
  ok = ok && set_closed (self, id, now, reason, text.is_null ? NULL : text.text, error) &&
       fcrm_crm_enter_stage (self, FCRM_ENTITY_DEAL, id, closing_stage (self, deal, "lost")->code, now, 0, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_deal_reopen (FcrmCrm    *self,
                      gint64      id,
                      const char *stage,
                      GError    **error)
{
  g_autoptr(FcrmItem) deal = NULL;
  FcrmStage *target, *current;
  gboolean ok, moved = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  target = fcrm_crm_target_stage (self, FCRM_ENTITY_DEAL, stage, error);
  if (target == NULL)
    return FALSE;
  if (target->kind != FCRM_STAGE_OPEN)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("A deal is reopened at an open stage; “%s” closes it."), fcrm_stage_get_name (target));
      return FALSE;
    }
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, id, error);
  ok = deal != NULL;
  current = ok ? fcrm_crm_get_stage (self, deal->stage) : NULL;
  if (ok && current->kind == FCRM_STAGE_OPEN)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The deal “%s” is not closed; move it to another stage instead."), deal->title);
      ok = FALSE;
    }
  /* a new stage entry: the history keeps the closing, the robots start anew */
  ok = ok && move_deal (self, deal, target, &moved, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_lead_restore (FcrmCrm *self,
                       gint64   id,
                       GError **error)
{
  g_autoptr(FcrmItem) lead = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  lead = fcrm_crm_lock_item (self, FCRM_ENTITY_LEAD, id, error);
  ok = lead != NULL;
  if (ok && g_strcmp0 (lead->stage, "lead.junk") != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The lead “%s” is not junk; only a junk lead is restored."), lead->title);
      ok = FALSE;
    }
  ok = ok && fcrm_store_run (self->store, "UPDATE leads SET junk_comment = NULL WHERE id = ?", error, "i", id) &&
       fcrm_crm_enter_stage (self, FCRM_ENTITY_LEAD, id, "lead.in_progress", fcrm_clock_now (self->clock), 0, error);
  return fcrm_crm_finish (self, ok, error);
}
