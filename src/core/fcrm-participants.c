#define G_LOG_DOMAIN "fcrm-participants"

/* The people taking part in a deal besides its responsible: a designer
 * drawing a manufacturing order, a fitter on a repair. On the office server
 * taking part is what lets a designer see a deal outside the Design pipeline
 * (fcrm-pg-security.c). Adding or removing someone counts as a change of the
 * deal: its `updated` counter moves, so an editor opened before notices. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-schedule.h"

/* On the office server a deal the user may not see is not found either. */
static gboolean
check_deal (FcrmCrm *self,
            gint64   deal_id,
            gint64  *out_responsible,
            GError **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean found = FALSE;

  stmt = fcrm_store_prepare (self->store, "SELECT responsible_id FROM deals WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, deal_id);
  if (fcrm_stmt_step (stmt, &local))
    {
      found = TRUE;
      if (out_responsible != NULL)
        *out_responsible = fcrm_stmt_get_int64 (stmt, 0);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (!found)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no deal #%" PRId64 "."), deal_id);
  return found;
}

/* Who takes part is decided by the deal's responsible (or, while nobody is,
 * by any manager) and by supervisors; anyone may take themselves off. The
 * office server enforces the same rule (fcrm-pg-security.c). */
static gboolean
may_decide (FcrmUser *actor,
            gint64    responsible)
{
  return actor == NULL || actor->role == FCRM_ROLE_SUPERVISOR || actor->id == responsible ||
         (responsible == 0 && actor->role == FCRM_ROLE_MANAGER);
}

gboolean
fcrm_crm_may_change_participants (FcrmCrm  *self,
                                  FcrmItem *deal)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (FCRM_IS_ITEM (deal), FALSE);
  return may_decide (self->actor, deal->responsible_id);
}

static gboolean
may_change_participants (FcrmCrm  *self,
                         gint64    responsible,
                         FcrmUser *user,
                         gboolean  removing,
                         GError  **error)
{
  if (may_decide (self->actor, responsible) || (removing && self->actor != NULL && user->id == self->actor->id))
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
               _("Only the deal’s responsible or a supervisor decides who takes part in it."));
  return FALSE;
}

/* Step a statement that writes; *out_changes: how many rows it wrote. */
static gboolean
run_counted (FcrmStmt *stmt,
             int      *out_changes,
             GError  **error)
{
  GError *local = NULL;

  fcrm_stmt_step (stmt, &local);
  *out_changes = fcrm_stmt_changes (stmt);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

/* A change of the participants is a change of the deal. Only while @user_id
 * takes part: on the office server a designer who is taking themselves off
 * still sees the deal then, and afterwards would not. */
static gboolean
touch_deal (FcrmCrm *self,
            gint64   deal_id,
            gint64   user_id,
            GError **error)
{
  FcrmStmt *stmt;
  int changes = 0;

  stmt = fcrm_store_prepare (self->store,
                             "UPDATE deals SET updated = updated + 1, updated_at = ? WHERE id = ? "
                             "AND EXISTS (SELECT 1 FROM deal_participants p WHERE p.deal_id = deals.id AND p.user_id = ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, fcrm_clock_now (self->clock));
  fcrm_stmt_bind_int64 (stmt, 2, deal_id);
  fcrm_stmt_bind_int64 (stmt, 3, user_id);
  return run_counted (stmt, &changes, error);
}

GPtrArray *
fcrm_crm_deal_participants (FcrmCrm *self,
                            gint64   deal_id,
                            GError **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (!check_deal (self, deal_id, NULL, error))
    return NULL;
  stmt = fcrm_store_prepare (self->store,
                             "SELECT u.id, u.login, u.name, u.role, u.active "
                             "FROM deal_participants p JOIN users u ON u.id = p.user_id "
                             "WHERE p.deal_id = ? ORDER BY u.name, u.login", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, deal_id);
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (users, fcrm_crm_user_from_stmt (stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&users);
}

/* Whether @user may take @role (NULL: any): a person with no field roles
 * set may take any. */
static gboolean
check_role (FcrmCrm    *self,
            FcrmUser   *user,
            const char *role,
            GError    **error)
{
  g_auto(GStrv) held = NULL;

  if (role == NULL)
    return TRUE;
  if (!g_strv_contains (fcrm_participant_roles (), role))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a role in a deal; use measurer, designer, installer, master or driver."), role);
      return FALSE;
    }
  held = fcrm_crm_user_field_roles (self, user->login, error);
  if (held == NULL)
    return FALSE;
  if (held[0] == NULL || g_strv_contains ((const char * const *) held, role))
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
               _("The role “%s” is not among the roles of %s; choose someone else, or add the role in Preferences → People."),
               fcrm_participant_role_display_name (role), user->name);
  return FALSE;
}

/* @role's holders other than @user_id give it up (and stay participants);
 * @user_id's own row is taken out, to be written again with the role (the
 * office server lets a participant row be added and removed, not changed). */
static gboolean
clear_role (FcrmCrm    *self,
            gint64      deal_id,
            gint64      user_id,
            const char *role,
            int        *out_changes,
            GError    **error)
{
  g_autoptr(GArray) holders = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean ok = TRUE;
  gint64 had = 0;
  gboolean found = FALSE;

  *out_changes = 0;
  stmt = fcrm_store_prepare (self->store, "SELECT user_id FROM deal_participants WHERE deal_id = ? AND role = ?", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, deal_id);
  fcrm_stmt_bind_text (stmt, 2, role);
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 id = fcrm_stmt_get_int64 (stmt, 0);

      if (id != user_id)
        g_array_append_val (holders, id);
    }
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  /* already in this role: nothing to do */
  if (!fcrm_store_query_int (self->store, "SELECT count(*) FROM deal_participants WHERE deal_id = ? AND user_id = ? AND role = ?",
                             &had, &found, error, "iis", deal_id, user_id, role))
    return FALSE;
  if (had > 0 && holders->len == 0)
    return TRUE;
  for (guint i = 0; ok && i < holders->len; i++)
    ok = fcrm_store_run (self->store, "DELETE FROM deal_participants WHERE deal_id = ? AND user_id = ?", error, "ii",
                         deal_id, g_array_index (holders, gint64, i)) &&
         fcrm_store_run (self->store, "INSERT INTO deal_participants (deal_id, user_id, role) VALUES (?, ?, NULL)", error,
                         "ii", deal_id, g_array_index (holders, gint64, i));
  ok = ok && fcrm_store_run (self->store, "DELETE FROM deal_participants WHERE deal_id = ? AND user_id = ?", error, "ii",
                             deal_id, user_id);
  *out_changes = 1;
  return ok;
}

gboolean
fcrm_crm_deal_add_participant_role (FcrmCrm    *self,
                                    gint64      deal_id,
                                    const char *login,
                                    const char *role,
                                    GError    **error)
{
  g_autoptr(FcrmUser) user = NULL;
  gint64 responsible = 0;
  FcrmStmt *stmt;
  gboolean ok;
  int added = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_store_lock_row (self->store, "deals", deal_id, error) &&
       check_deal (self, deal_id, &responsible, error);
  if (ok)
    {
      user = fcrm_crm_find_user (self, login, error);
      ok = user != NULL && may_change_participants (self, responsible, user, FALSE, error);
    }
  if (ok && !user->active)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("%s no longer works here and cannot take part in deals; choose an active user."), user->name);
      ok = FALSE;
    }
  ok = ok && check_role (self, user, role, error);
  if (ok && role != NULL)
    ok = clear_role (self, deal_id, user->id, role, &added, error);
  if (ok)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO deal_participants (deal_id, user_id, role) VALUES (?, ?, ?) "
                                 "ON CONFLICT (deal_id, user_id) DO NOTHING", error);
      ok = stmt != NULL;
      if (ok)
        {
          int inserted = 0;

          fcrm_stmt_bind_int64 (stmt, 1, deal_id);
          fcrm_stmt_bind_int64 (stmt, 2, user->id);
          fcrm_stmt_bind_text (stmt, 3, role);
          ok = run_counted (stmt, &inserted, error);
          added += inserted;
        }
    }
  /* taking part already: nothing to do, and nothing changed */
  if (ok && added > 0)
    ok = touch_deal (self, deal_id, user->id, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_deal_add_participant (FcrmCrm    *self,
                               gint64      deal_id,
                               const char *login,
                               GError    **error)
{
  return fcrm_crm_deal_add_participant_role (self, deal_id, login, NULL, error);
}

char *
fcrm_crm_deal_participant_role (FcrmCrm    *self,
                                gint64      deal_id,
                                const char *login,
                                GError    **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  return fcrm_store_query_text (self->store,
                                "SELECT p.role FROM deal_participants p JOIN users u ON u.id = p.user_id "
                                "WHERE p.deal_id = ? AND u.login = ?", error, "is", deal_id, login);
}

gboolean
fcrm_crm_deal_remove_participant (FcrmCrm    *self,
                                  gint64      deal_id,
                                  const char *login,
                                  GError    **error)
{
  g_autoptr(FcrmUser) user = NULL;
  gint64 responsible = 0;
  FcrmStmt *stmt;
  gboolean ok;
  int removed = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_store_lock_row (self->store, "deals", deal_id, error) &&
       check_deal (self, deal_id, &responsible, error);
  if (ok)
    {
      user = fcrm_crm_find_user (self, login, error);
      ok = user != NULL && may_change_participants (self, responsible, user, TRUE, error);
    }
  /* the deal first, while the user still takes part in it */
  ok = ok && touch_deal (self, deal_id, user->id, error);
  if (ok)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "DELETE FROM deal_participants WHERE deal_id = ? AND user_id = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          fcrm_stmt_bind_int64 (stmt, 1, deal_id);
          fcrm_stmt_bind_int64 (stmt, 2, user->id);
          ok = run_counted (stmt, &removed, error);
        }
    }
  return fcrm_crm_finish (self, ok, error);
}
