#define G_LOG_DOMAIN "fcrm-robot-edit"

/* Robot definitions are data: add, edit, disable. Pending delayed robots of
 * items already in the stage follow the edit at once (the queue is rebuilt
 * for that robot), so a changed delay is honoured without waiting. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-robots.h"

#define DAY (24 * 60 * 60)

static gboolean
validate (FcrmCrm              *self,
          const FcrmRobotInput *in,
          gboolean              need_stage,
          GError              **error)
{
  g_autofree char *text = g_strstrip (g_strdup (in->text != NULL ? in->text : ""));

  if (need_stage)
    {
      FcrmStage *s = fcrm_crm_get_stage (self, in->stage);

      if (s == NULL)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no stage “%s”."),
                       in->stage != NULL ? in->stage : "");
          return FALSE;
        }
    }
  if (!g_strv_contains ((const char * const[]) { "on_entry", "delay", "at_field", NULL }, in->trigger != NULL ? in->trigger : ""))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Choose when the robot works: on entry, after a delay or at the visit time."));
      return FALSE;
    }
  if (g_strcmp0 (in->trigger, "delay") == 0 && (in->delay < 60 || in->delay > 365 * DAY))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A delay must be between one minute and 365 days."));
      return FALSE;
    }
  if (!g_strv_contains ((const char * const[]) { "responsible", "supervisors", NULL }, in->recipient != NULL ? in->recipient : ""))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Choose who is told: the responsible person or the supervisors."));
      return FALSE;
    }
  if (!g_strv_contains ((const char * const[]) { "notify", "task", NULL }, in->action != NULL ? in->action : ""))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Choose what the robot does: send a notification or create a task."));
      return FALSE;
    }
  if (*text == '\0' || g_utf8_strlen (text, -1) > 1000 || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A robot needs a text of at most 1000 characters."));
      return FALSE;
    }
  return TRUE;
}

/* Rebuild the pending rows of one robot for every item now in its stage. */
static gboolean
requeue (FcrmCrm *self,
         gint64   id,
         GError **error)
{
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store, "DELETE FROM robot_queue WHERE robot_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  if (!fcrm_stmt_run (stmt, error))
    return FALSE;

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO robot_queue (robot_id, entry_id, due_at) "
                             "SELECT r.id, h.id, CASE r.trigger_kind WHEN 'delay' THEN h.entered_at + r.delay_seconds "
                             "  ELSE d.visit_at END "
                             "FROM robots r JOIN stage_history h ON h.stage = r.stage AND h.left_at IS NULL "
                             "LEFT JOIN deals d ON h.entity_type = 'deal' AND d.id = h.entity_id "
                             "WHERE r.id = ? AND r.enabled = 1 "
                             "  AND (r.trigger_kind = 'delay' OR (r.trigger_kind = 'at_field' AND d.visit_at IS NOT NULL)) "
                             "  AND NOT EXISTS (SELECT 1 FROM robot_firings f WHERE f.robot_id = r.id AND f.entry_id = h.id)",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  return fcrm_stmt_run (stmt, error);
}

gint64
fcrm_crm_robot_add (FcrmCrm              *self,
                    const FcrmRobotInput *in,
                    GError              **error)
{
  g_autofree char *text = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), 0);
  g_return_val_if_fail (in != NULL, 0);

  if (!validate (self, in, TRUE, error))
    return 0;
  text = g_strstrip (g_strdup (in->text));
  if (!fcrm_crm_begin (self, error))
    return 0;
  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO robots (stage, trigger_kind, delay_seconds, field, recipient, action, text,"
                             "  enabled, position) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, 1, (SELECT coalesce(max(position), 0) + 1 FROM robots)) "
                             "RETURNING id", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, in->stage);
      fcrm_stmt_bind_text (stmt, 2, in->trigger);
      fcrm_stmt_bind_int64 (stmt, 3, g_strcmp0 (in->trigger, "delay") == 0 ? in->delay : 0);
      fcrm_stmt_bind_text (stmt, 4, g_strcmp0 (in->trigger, "at_field") == 0 ? "visit_at" : NULL);
      fcrm_stmt_bind_text (stmt, 5, in->recipient);
      fcrm_stmt_bind_text (stmt, 6, in->action);
      fcrm_stmt_bind_text (stmt, 7, text);
      if (fcrm_stmt_step (stmt, &local))
        id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  ok = ok && requeue (self, id, error);
  if (!fcrm_crm_finish (self, ok, error))
    return 0;
  return id;
}

static gboolean
robot_editable (FcrmCrm *self,
                gint64   id,
                GError **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store, "SELECT action FROM robots WHERE id = ?", error);
  g_autofree char *action = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  if (fcrm_stmt_step (stmt, NULL))
    action = fcrm_stmt_dup_text (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (action == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no robot #%" PRId64 "."), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_crm_robot_update (FcrmCrm              *self,
                       gint64                id,
                       const FcrmRobotInput *in,
                       GError              **error)
{
  g_autofree char *text = NULL;
  FcrmStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (in != NULL, FALSE);

  if (!robot_editable (self, id, error))
    return FALSE;
  if (!validate (self, in, FALSE, error))
    return FALSE;
  text = g_strstrip (g_strdup (in->text));
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  /* the built-in move and lost-deal robots keep their action */
  stmt = fcrm_store_prepare (self->store,
                             "UPDATE robots SET trigger_kind = ?, delay_seconds = ?, field = ?,"
                             "  recipient = CASE WHEN action IN ('move', 'lost_process') THEN recipient ELSE ? END,"
                             "  action = CASE WHEN action IN ('move', 'lost_process') THEN action ELSE ? END,"
                             "  text = ?, updated = updated + 1 WHERE id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, in->trigger);
      fcrm_stmt_bind_int64 (stmt, 2, g_strcmp0 (in->trigger, "delay") == 0 ? in->delay : 0);
      fcrm_stmt_bind_text (stmt, 3, g_strcmp0 (in->trigger, "at_field") == 0 ? "visit_at" : NULL);
      fcrm_stmt_bind_text (stmt, 4, in->recipient);
      fcrm_stmt_bind_text (stmt, 5, in->action);
      fcrm_stmt_bind_text (stmt, 6, text);
      fcrm_stmt_bind_int64 (stmt, 7, id);
      ok = fcrm_stmt_run (stmt, error);
    }
  ok = ok && requeue (self, id, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_robot_set_enabled (FcrmCrm  *self,
                            gint64    id,
                            gboolean  enabled,
                            GError  **error)
{
  FcrmStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!robot_editable (self, id, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store, "UPDATE robots SET enabled = ?, updated = updated + 1 WHERE id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_int64 (stmt, 1, enabled ? 1 : 0);
      fcrm_stmt_bind_int64 (stmt, 2, id);
      ok = fcrm_stmt_run (stmt, error);
    }
  ok = ok && requeue (self, id, error);
  return fcrm_crm_finish (self, ok, error);
}
