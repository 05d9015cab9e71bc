#define G_LOG_DOMAIN "fcrm-schedule-move"

/* Planning on the schedule: an event moved to another time or person is a
 * change of the deal (its date or visit time, through the same setter as
 * the card, and the participant holding the kind's role) or of the task (its
 * due time and responsible), in one transaction, with an undo that puts the
 * row back as it was. Also the field roles of people (Preferences → People). */

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "fcrm-crm-private.h"
#include "fcrm-inbox.h"
#include "fcrm-schedule-private.h"

typedef struct
{
  gint64  user_id;
  char   *role;
} Participant;

struct _FcrmScheduleUndo
{
  FcrmEventKind kind;
  gint64        deal_id;
  gint64        task_id;
  gint64        value;          /* visit_at, the date, or the task's due_at; 0: none */
  gint64        time;           /* a date's time of day, -1 none; a task: due_is_date */
  gint64        minutes;        /* a deal event's own duration, 0 none */
  gint64        responsible;    /* a task's */
  gboolean      reassigned;     /* the task went to someone else */
  GArray       *participants;   /* Participant: the deal's, before */
  gint64        version;        /* the row's `updated` after the move */
};

static void
participant_clear (gpointer data)
{
  g_free (((Participant *) data)->role);
}

void
fcrm_schedule_undo_free (FcrmScheduleUndo *undo)
{
  if (undo == NULL)
    return;
  g_clear_pointer (&undo->participants, g_array_unref);
  g_free (undo);
}

/* the role an event of @kind belongs to */
static const char *
kind_role (FcrmEventKind kind)
{
  switch (kind)
    {
    case FCRM_EVENT_MEASUREMENT: return "measurer";
    case FCRM_EVENT_DELIVERY: return "driver";
    case FCRM_EVENT_INSTALLATION: return "installer";
    case FCRM_EVENT_REPAIR: return "master";
    case FCRM_EVENT_CALLBACK:
    case FCRM_EVENT_TASK:
    case FCRM_EVENT_N_KINDS:
    default: return NULL;
    }
}

/* the deal's columns of an event: its moment or date, time of day, duration */
static void
kind_columns (FcrmEventKind  kind,
              const char   **out_field,
              const char   **out_time,
              const char   **out_minutes)
{
  gboolean visit = kind == FCRM_EVENT_MEASUREMENT || kind == FCRM_EVENT_REPAIR;

  *out_field = visit ? "visit_at" : kind == FCRM_EVENT_DELIVERY ? "delivery_date" : "installation_date";
  *out_time = visit ? NULL : kind == FCRM_EVENT_DELIVERY ? "delivery_time" : "installation_time";
  *out_minutes = visit ? "visit_minutes" : kind == FCRM_EVENT_DELIVERY ? "delivery_minutes" : "installation_minutes";
}

/* Statements are cached by their text's address: one literal per column. */
static const char *
select_sql (FcrmEventKind kind)
{
  switch (kind)
    {
    case FCRM_EVENT_DELIVERY:
      return "SELECT delivery_date, delivery_time, delivery_minutes, updated FROM deals WHERE id = ?";
    case FCRM_EVENT_INSTALLATION:
      return "SELECT installation_date, installation_time, installation_minutes, updated FROM deals WHERE id = ?";
    case FCRM_EVENT_MEASUREMENT:
    case FCRM_EVENT_REPAIR:
    case FCRM_EVENT_CALLBACK:
    case FCRM_EVENT_TASK:
    case FCRM_EVENT_N_KINDS:
    default:
      return "SELECT visit_at, NULL, visit_minutes, updated FROM deals WHERE id = ?";
    }
}

static const char *
time_sql (FcrmEventKind kind)
{
  return kind == FCRM_EVENT_DELIVERY ? "UPDATE deals SET delivery_time = ?, updated = updated + 1 WHERE id = ?"
                                     : "UPDATE deals SET installation_time = ?, updated = updated + 1 WHERE id = ?";
}

static const char *
minutes_sql (FcrmEventKind kind)
{
  switch (kind)
    {
    case FCRM_EVENT_DELIVERY:
      return "UPDATE deals SET delivery_minutes = ?, updated = updated + 1, updated_at = ? WHERE id = ?";
    case FCRM_EVENT_INSTALLATION:
      return "UPDATE deals SET installation_minutes = ?, updated = updated + 1, updated_at = ? WHERE id = ?";
    case FCRM_EVENT_MEASUREMENT:
    case FCRM_EVENT_REPAIR:
    case FCRM_EVENT_CALLBACK:
    case FCRM_EVENT_TASK:
    case FCRM_EVENT_N_KINDS:
    default:
      return "UPDATE deals SET visit_minutes = ?, updated = updated + 1, updated_at = ? WHERE id = ?";
    }
}

/* The deal's row for @kind (inside the transaction) into @undo. */
static gboolean
read_deal (FcrmCrm          *self,
           FcrmScheduleUndo *undo,
           GError          **error)
{
  GError *local = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (self->store, select_sql (undo->kind), error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, undo->deal_id);
  if (fcrm_stmt_step (stmt, &local))
    {
      found = TRUE;
      undo->value = fcrm_stmt_get_int64 (stmt, 0);
      undo->time = fcrm_stmt_is_null (stmt, 1) ? -1 : fcrm_stmt_get_int64 (stmt, 1);
      undo->minutes = fcrm_stmt_get_int64 (stmt, 2);
      undo->version = fcrm_stmt_get_int64 (stmt, 3);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (!found)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no deal #%" PRId64 "."), undo->deal_id);
  return found;
}

static gboolean
read_participants (FcrmCrm          *self,
                   FcrmScheduleUndo *undo,
                   GError          **error)
{
  GError *local = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "SELECT user_id, role FROM deal_participants WHERE deal_id = ? ORDER BY user_id", error);

  if (stmt == NULL)
    return FALSE;
  undo->participants = g_array_new (FALSE, TRUE, sizeof (Participant));
  g_array_set_clear_func (undo->participants, participant_clear);
  fcrm_stmt_bind_int64 (stmt, 1, undo->deal_id);
  while (fcrm_stmt_step (stmt, &local))
    {
      Participant p = { fcrm_stmt_get_int64 (stmt, 0), fcrm_stmt_dup_text (stmt, 1) };

      g_array_append_val (undo->participants, p);
    }
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

/* Set the deal's date or visit time as the card does (validation, the visit
 * reminder moved along), then the time of day of a date. @value 0: none. */
static gboolean
set_deal_moment (FcrmCrm       *self,
                 FcrmEventKind  kind,
                 gint64         deal_id,
                 gint64         value,
                 gint64         time_of_day,
                 GError       **error)
{
  const char *field, *time_col, *minutes_col;
  g_autofree char *text = NULL;

  kind_columns (kind, &field, &time_col, &minutes_col);
  if (value == 0)
    text = g_strdup ("");
  else if (time_col == NULL)
    text = fcrm_time_format_iso (value);
  else
    text = fcrm_time_format_date (value);
  if (!fcrm_crm_deal_set (self, deal_id, field, text, -1, error))
    return FALSE;
  if (time_col == NULL)
    return TRUE;
  return fcrm_store_run (self->store, time_sql (kind), error, time_of_day < 0 ? "di" : "ii",
                         time_of_day < 0 ? (gint64) 0 : time_of_day, deal_id);
}

static gint64
minute_of_day (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return dt != NULL ? g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt) : 0;
}

static gboolean
query_version (FcrmCrm          *self,
               FcrmScheduleUndo *undo,
               GError          **error)
{
  return fcrm_store_query_int (self->store,
                               undo->task_id != 0 ? "SELECT updated FROM tasks WHERE id = ?"
                                                  : "SELECT updated FROM deals WHERE id = ?",
                               &undo->version, NULL, error, "i", undo->task_id != 0 ? undo->task_id : undo->deal_id);
}

/* On the office server a row the person may not change is left as it was. */
static gboolean
check_moved (FcrmCrm    *self,
             gint64      task_id,
             gint64      start,
             const char *title,
             GError    **error)
{
  gint64 changed = 0;

  if (!fcrm_store_query_int (self->store, "SELECT count(*) FROM tasks WHERE id = ? AND due_at = ?", &changed, NULL,
                             error, "ii", task_id, start))
    return FALSE;
  if (changed > 0)
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED, _("You may not move the task “%s”."), title);
  return FALSE;
}

/* A task or callback: its due time and responsible (on the office server
 * its policy decides who may; a row it hides is not moved). */
static gboolean
move_task (FcrmCrm          *self,
           FcrmScheduleUndo *undo,
           gint64            start,
           const char       *login,
           GError          **error)
{
  g_autoptr(FcrmUser) user = NULL;
  g_autofree char *title = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean found = FALSE, done = FALSE;

  stmt = fcrm_store_prepare (self->store, "SELECT title, done, due_at, due_is_date, responsible_id FROM tasks WHERE id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, undo->task_id);
  if (fcrm_stmt_step (stmt, &local))
    {
      found = TRUE;
      title = fcrm_stmt_dup_text (stmt, 0);
      done = fcrm_stmt_get_int64 (stmt, 1) != 0;
      undo->value = fcrm_stmt_get_int64 (stmt, 2);
      undo->time = fcrm_stmt_get_int64 (stmt, 3);
      undo->responsible = fcrm_stmt_get_int64 (stmt, 4);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (!found || done)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no open task #%" PRId64 " to plan."), undo->task_id);
      return FALSE;
    }
  if (login != NULL && self->actor != NULL && self->actor->role != FCRM_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                           _("Only a supervisor gives a task to someone else; move it to another time instead."));
      return FALSE;
    }
  if (login != NULL)
    {
      user = fcrm_crm_find_user (self, login, error);
      if (user == NULL)
        return FALSE;
      if (!user->active)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                       _("%s no longer works here; choose an active user."), user->name);
          return FALSE;
        }
    }
  if (start == 0)
    start = undo->value;
  /* the same person: the column stays as it is (only a supervisor may write it) */
  if (user == NULL)
    return fcrm_store_run (self->store, "UPDATE tasks SET due_at = ?, due_is_date = 0, updated = updated + 1 "
                           "WHERE id = ? AND done = 0", error, "di", start, undo->task_id) &&
           check_moved (self, undo->task_id, start, title, error);
  undo->reassigned = TRUE;
  return fcrm_store_run (self->store,
                         "UPDATE tasks SET due_at = ?, due_is_date = 0, responsible_id = ?, updated = updated + 1 "
                         "WHERE id = ? AND done = 0", error, "dii", start, user->id, undo->task_id) &&
         check_moved (self, undo->task_id, start, title, error);
}

gboolean
fcrm_crm_schedule_move (FcrmCrm           *self,
                        FcrmEvent         *event,
                        gint64             start,
                        const char        *login,
                        FcrmScheduleUndo **out_undo,
                        GError           **error)
{
  g_autoptr(FcrmScheduleUndo) undo = g_new0 (FcrmScheduleUndo, 1);
  g_autoptr(FcrmItem) deal = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (FCRM_IS_EVENT (event), FALSE);

  if (login != NULL && g_strcmp0 (login, event->user_login) == 0)
    login = NULL;
  undo->kind = event->kind;
  undo->deal_id = event->deal_id;
  undo->task_id = event->task_id;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  if (event->task_id != 0)
    ok = move_task (self, undo, start, login, error);
  else
    {
      deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, event->deal_id, error);
      ok = deal != NULL && read_deal (self, undo, error) && read_participants (self, undo, error);
      if (ok && start != 0)
        ok = set_deal_moment (self, event->kind, event->deal_id,
                              event->kind == FCRM_EVENT_MEASUREMENT || event->kind == FCRM_EVENT_REPAIR
                                ? start : fcrm_schedule_local_midnight (start),
                              minute_of_day (start), error);
      if (ok && login != NULL)
        ok = fcrm_crm_deal_add_participant_role (self, event->deal_id, login, kind_role (event->kind), error);
    }
  ok = ok && query_version (self, undo, error);
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  if (out_undo != NULL)
    *out_undo = g_steal_pointer (&undo);
  return TRUE;
}

gboolean
fcrm_crm_schedule_set_minutes (FcrmCrm   *self,
                               FcrmEvent *event,
                               int        minutes,
                               GError   **error)
{
  g_autoptr(FcrmItem) deal = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (FCRM_IS_EVENT (event), FALSE);

  if (event->task_id != 0)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                           _("A task takes the time set for its kind in Preferences."));
      return FALSE;
    }
  if (minutes != 0 && !fcrm_schedule_check_minutes (minutes, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, event->deal_id, error);
  ok = deal != NULL &&
       fcrm_store_run (self->store, minutes_sql (event->kind), error, "dii", (gint64) minutes,
                       fcrm_clock_now (self->clock), event->deal_id);
  return fcrm_crm_finish (self, ok, error);
}

static gboolean
restore_participants (FcrmCrm          *self,
                      FcrmScheduleUndo *undo,
                      GError          **error)
{
  gboolean ok = fcrm_store_run (self->store, "DELETE FROM deal_participants WHERE deal_id = ?", error, "i",
                                undo->deal_id);

  for (guint i = 0; ok && i < undo->participants->len; i++)
    {
      Participant *p = &g_array_index (undo->participants, Participant, i);

      ok = fcrm_store_run (self->store, "INSERT INTO deal_participants (deal_id, user_id, role) VALUES (?, ?, ?)", error,
                           "iis", undo->deal_id, p->user_id, p->role);
    }
  return ok;
}

gboolean
fcrm_crm_schedule_undo (FcrmCrm          *self,
                        FcrmScheduleUndo *undo,
                        GError          **error)
{
  g_autoptr(FcrmItem) deal = NULL;
  FcrmScheduleUndo now = { .kind = undo->kind, .deal_id = undo->deal_id, .task_id = undo->task_id };
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  if (undo->deal_id != 0 && undo->task_id == 0)
    deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, undo->deal_id, error);
  ok = (undo->task_id != 0 || deal != NULL) && query_version (self, &now, error);
  if (ok && now.version != undo->version)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                           _("It was changed again meanwhile; the move cannot be undone."));
      ok = FALSE;
    }
  if (ok && undo->task_id != 0 && undo->reassigned)
    ok = fcrm_store_run (self->store,
                         "UPDATE tasks SET due_at = ?, due_is_date = ?, responsible_id = ?, updated = updated + 1 "
                         "WHERE id = ?", error, "didi", undo->value, undo->time, undo->responsible, undo->task_id);
  else if (ok && undo->task_id != 0)
    ok = fcrm_store_run (self->store, "UPDATE tasks SET due_at = ?, due_is_date = ?, updated = updated + 1 WHERE id = ?",
                         error, "dii", undo->value, undo->time, undo->task_id);
  else if (ok)
    ok = set_deal_moment (self, undo->kind, undo->deal_id, undo->value, undo->time, error) &&
         restore_participants (self, undo, error);
  return fcrm_crm_finish (self, ok, error);
}

/* Field roles of people */

GStrv
fcrm_crm_user_field_roles (FcrmCrm    *self,
                           const char *login,
                           GError    **error)
{
  g_autoptr(FcrmUser) user = NULL;
  g_autofree char *text = NULL;
  GError *local = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  user = fcrm_crm_find_user (self, login, error);
  if (user == NULL)
    return NULL;
  text = fcrm_store_query_text (self->store, "SELECT field_roles FROM users WHERE id = ?", &local, "i", user->id);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, ",", -1);
}

gboolean
fcrm_crm_user_set_field_roles (FcrmCrm            *self,
                               const char         *login,
                               const char * const *roles,
                               GError            **error)
{
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (self->actor != NULL && self->actor->role != FCRM_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                           _("Only a supervisor decides who does which field work."));
      return FALSE;
    }
  /* stored in the order of fcrm_participant_roles(), each once */
  for (const char * const *r = roles; r != NULL && *r != NULL; r++)
    if (!g_strv_contains (fcrm_participant_roles (), *r))
      {
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                     _("“%s” is not a role in a deal; use measurer, designer, installer, master or driver."), *r);
        return FALSE;
      }
  for (const char * const *r = fcrm_participant_roles (); *r != NULL; r++)
    if (roles != NULL && g_strv_contains (roles, *r))
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", *r);
  user = fcrm_crm_find_user (self, login, error);
  if (user == NULL || !fcrm_crm_begin (self, error))
    return FALSE;
  return fcrm_crm_finish (self,
                          fcrm_store_run (self->store, "UPDATE users SET field_roles = ?, updated = updated + 1 WHERE id = ?",
                                          error, "si", text->str, user->id),
                          error);
}
