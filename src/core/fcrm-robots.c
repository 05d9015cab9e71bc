#define G_LOG_DOMAIN "fcrm-robots"

/* Stage entries and the robots attached to them (SPEC §3.6).
 *
 * Entering a stage closes the previous stage_history row, opens a new one,
 * fires the on-entry robots and queues the delayed and at-time ones in
 * robot_queue, all inside the caller's transaction. Leaving a stage deletes
 * its queued rows, which is what cancels them. A firing is recorded in
 * robot_firings under UNIQUE (robot_id, entry_id): the same entry can never
 * fire the same robot twice, whichever process gets there first. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-robots.h"

#define DAY (24 * 60 * 60)
#define MAX_MOVE_DEPTH 4

/* Robots of a stage, read once per transaction: another desktop's edit of a
 * robot is seen from the next action on, never half-way through one. */
static GPtrArray *
load_stage_robots (FcrmCrm    *self,
                   const char *stage,
                   GError    **error)
{
  g_autoptr(GPtrArray) robots = NULL;
  GPtrArray *cached = g_hash_table_lookup (self->robot_cache, stage);
  GError *local = NULL;
  FcrmStmt *stmt;

  if (cached != NULL)
    return g_ptr_array_ref (cached);

  robots = g_ptr_array_new_with_free_func (g_object_unref);
  stmt = fcrm_store_prepare (self->store,
                             "SELECT id, trigger_kind, delay_seconds, field, recipient, action, text, target_stage "
                             "FROM robots WHERE stage = ? AND enabled = 1 ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, stage);
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmRobot *r = g_object_new (FCRM_TYPE_ROBOT, NULL);

      r->id = fcrm_stmt_get_int64 (stmt, 0);
      r->stage = g_strdup (stage);
      r->trigger = fcrm_stmt_dup_text (stmt, 1);
      r->delay = fcrm_stmt_get_int64 (stmt, 2);
      r->field = fcrm_stmt_dup_text (stmt, 3);
      r->recipient = fcrm_stmt_dup_text (stmt, 4);
      r->action = fcrm_stmt_dup_text (stmt, 5);
      r->text = fcrm_stmt_dup_text (stmt, 6);
      r->target_stage = fcrm_stmt_dup_text (stmt, 7);
      r->enabled = TRUE;
      g_ptr_array_add (robots, r);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  g_hash_table_insert (self->robot_cache, g_strdup (stage), g_ptr_array_ref (robots));
  return g_steal_pointer (&robots);
}

/* Just what robots need of an item: far cheaper than a board row. */
static FcrmItem *
load_robot_context (FcrmCrm        *self,
                    FcrmEntityType  type,
                    gint64          id,
                    GError        **error)
{
  g_autoptr(FcrmItem) item = fcrm_item_new (type);
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean found;

  stmt = fcrm_store_prepare (self->store,
                             type == FCRM_ENTITY_LEAD
                               ? "SELECT x.title, x.stage, x.responsible_id, u.name, NULL, NULL, NULL, x.comment "
                                 "FROM leads x LEFT JOIN users u ON u.id = x.responsible_id WHERE x.id = ?"
                               : "SELECT x.title, x.stage, x.responsible_id, u.name, x.visit_at, x.loss_reason,"
                                 "  x.loss_comment, x.comment "
                                 "FROM deals x LEFT JOIN users u ON u.id = x.responsible_id WHERE x.id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  found = fcrm_stmt_step (stmt, &local);
  if (found)
    {
      item->id = id;
      item->title = fcrm_stmt_dup_text (stmt, 0);
      item->stage = fcrm_stmt_dup_text (stmt, 1);
      item->responsible_id = fcrm_stmt_get_int64 (stmt, 2);
      item->responsible_name = fcrm_stmt_dup_text (stmt, 3);
      item->visit_at = fcrm_stmt_get_int64 (stmt, 4);
      item->loss_reason = fcrm_stmt_dup_text (stmt, 5);
      item->loss_reason_text = fcrm_stmt_dup_text (stmt, 6);
      item->comment = fcrm_stmt_dup_text (stmt, 7);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  if (!found)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("The item #%" PRId64 " no longer exists."), id);
      return NULL;
    }
  return g_steal_pointer (&item);
}

gboolean
fcrm_crm_active_supervisors (FcrmCrm *self,
                             GArray  *ids,
                             GError **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             "SELECT id FROM users WHERE role = 'supervisor' AND active = 1 ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 id = fcrm_stmt_get_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

/* R, falling back to S when nobody (active) is responsible. */
static gboolean
recipients (FcrmCrm    *self,
            const char *recipient,
            FcrmItem   *item,
            GArray     *ids,
            GError    **error)
{
  if (g_strcmp0 (recipient, "responsible") == 0 && item->responsible_id != 0 && item->responsible_id == self->known_active)
    {
      g_array_append_val (ids, item->responsible_id);
      return TRUE;
    }
  if (g_strcmp0 (recipient, "responsible") == 0 && item->responsible_id != 0)
    {
      FcrmStmt *stmt = fcrm_store_prepare (self->store, "SELECT active FROM users WHERE id = ?", error);
      gboolean active = FALSE;

      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, item->responsible_id);
      if (fcrm_stmt_step (stmt, NULL))
        active = fcrm_stmt_get_int64 (stmt, 0) != 0;
      fcrm_stmt_reset (stmt);
      if (active)
        {
          g_array_append_val (ids, item->responsible_id);
          return TRUE;
        }
    }
  if (g_strcmp0 (recipient, "none") == 0)
    return TRUE;
  return fcrm_crm_active_supervisors (self, ids, error);
}

gboolean
fcrm_crm_notify (FcrmCrm    *self,
                 gint64      user_id,
                 const char *text,
                 FcrmItem   *item,
                 gint64      robot_id,
                 gint64      entry_id,
                 gint64      now,
                 GError    **error)
{
  FcrmStmt *stmt;

  /* On the office server nobody may write into another person's inbox: the
   * owner's fcrm_notify() checks that this robot really fired for this entry
   * and that the person is one it notifies, and writes the row itself. */
  if (fcrm_store_has_server_rules (self->store))
    {
      stmt = fcrm_store_prepare (self->store, "SELECT fcrm_notify (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, user_id);
      fcrm_stmt_bind_int64 (stmt, 2, robot_id);
      fcrm_stmt_bind_int64 (stmt, 3, entry_id);
      fcrm_stmt_bind_int64 (stmt, 4, now);
      return fcrm_stmt_run_later (stmt, error);
    }
  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO notifications (user_id, text, subject, person, stage, entity_type, entity_id,"
                             "  robot_id, entry_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, user_id);
  fcrm_stmt_bind_text (stmt, 2, text);
  fcrm_stmt_bind_text (stmt, 3, item != NULL ? item->title : NULL);
  fcrm_stmt_bind_text (stmt, 4, item != NULL ? item->responsible_name : NULL);
  fcrm_stmt_bind_text (stmt, 5, item != NULL ? item->stage : NULL);
  fcrm_stmt_bind_text (stmt, 6, item != NULL ? fcrm_entity_type_to_string (item->type) : NULL);
  fcrm_stmt_bind_id (stmt, 7, item != NULL ? item->id : 0);
  fcrm_stmt_bind_id (stmt, 8, robot_id);
  fcrm_stmt_bind_id (stmt, 9, entry_id);
  fcrm_stmt_bind_int64 (stmt, 10, now);
  return fcrm_stmt_run (stmt, error);
}

gboolean
fcrm_crm_insert_task (FcrmCrm    *self,
                      const char *title,
                      const char *description,
                      const char *kind,
                      gint64      due_at,
                      gboolean    due_is_date,
                      gint64      responsible_id,
                      FcrmItem   *item,
                      gint64      entry_id,
                      gint64      now,
                      GError    **error)
{
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO tasks (title, description, kind, due_at, due_is_date, responsible_id,"
                             "  entity_type, entity_id, done, created_at, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, title);
  fcrm_stmt_bind_text (stmt, 2, description);
  fcrm_stmt_bind_text (stmt, 3, kind);
  fcrm_stmt_bind_id (stmt, 4, due_at);
  fcrm_stmt_bind_int64 (stmt, 5, due_is_date ? 1 : 0);
  fcrm_stmt_bind_id (stmt, 6, responsible_id);
  fcrm_stmt_bind_text (stmt, 7, item != NULL ? fcrm_entity_type_to_string (item->type) : NULL);
  fcrm_stmt_bind_id (stmt, 8, item != NULL ? item->id : 0);
  fcrm_stmt_bind_int64 (stmt, 9, now);
  fcrm_stmt_bind_id (stmt, 10, entry_id);
  return fcrm_stmt_run (stmt, error);
}

gint64
fcrm_callback_due_date (gint64 lost_at)
{
  g_autoptr(GDateTime) lost = g_date_time_new_from_unix_local (lost_at);
  g_autoptr(GDateTime) due = NULL;
  int y = g_date_time_get_year (lost);
  int m = g_date_time_get_month (lost) + 1;
  int day = g_date_time_get_day_of_month (lost) <= 15 ? 1 : 15;

  if (m > 12)
    m = 1, y++;
  due = g_date_time_new_local (y, m, day, 0, 0, 0);
  return g_date_time_to_unix (due);
}

static gboolean
lost_process (FcrmCrm   *self,
              FcrmRobot *robot,
              FcrmItem  *item,
              gint64     entry_id,
              gint64     now,
              GError   **error)
{
  g_autoptr(GArray) to = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) description = g_string_new (NULL);
  gint64 responsible;

  if (!recipients (self, "responsible", item, to, error))
    return FALSE;
  responsible = to->len > 0 ? g_array_index (to, gint64, 0) : 0;

  /* the reason is named when the task is read, in the reader's language */
  g_string_append_printf (description, "{loss_reason:%s}", item->loss_reason != NULL ? item->loss_reason : "");
  if (item->loss_reason_text != NULL && *item->loss_reason_text)
    g_string_append_printf (description, " %s", item->loss_reason_text);
  if (item->comment != NULL && *item->comment)
    g_string_append_printf (description, "\n%s", item->comment);

  if (!fcrm_crm_insert_task (self, N_("Call the client again and offer special terms"), description->str,
                             "callback", fcrm_callback_due_date (now), TRUE, responsible, item, entry_id, now, error))
    return FALSE;
  /* "other" with no words yet: someone has to write them */
  if (g_strcmp0 (item->loss_reason, "other") == 0
      && (item->loss_reason_text == NULL || *item->loss_reason_text == '\0') &&
      !fcrm_crm_insert_task (self, N_("Specify the reason for the loss"), NULL, "specify_reason",
                             now + DAY, FALSE, responsible, item, entry_id, now, error))
    return FALSE;
  for (guint i = 0; i < to->len; i++)
    if (!fcrm_crm_notify (self, g_array_index (to, gint64, i), robot->text, item, robot->id, entry_id, now, error))
      return FALSE;
  return TRUE;
}

/* Fire one robot for one stage entry, once; counts it in @n_fired (may be
 * NULL) only when it really fired now. */
static gboolean
fire (FcrmCrm   *self,
      FcrmRobot *robot,
      gint64     entry_id,
      FcrmItem  *item,
      gint64     now,
      guint      depth,
      guint     *n_fired,
      gboolean   fresh,
      GError   **error)
{
  g_autoptr(GArray) to = NULL;
  FcrmStmt *stmt;

  /* an entry made a moment ago in this transaction has fired nothing yet: no
   * ON CONFLICT, which on the office server would also have the firings'
   * read policy (and the policies it reads through) checked for every firing */
  stmt = fcrm_store_prepare (self->store,
                             fresh ? "INSERT INTO robot_firings (robot_id, entry_id, fired_at) VALUES (?, ?, ?)"
                                   : "INSERT INTO robot_firings (robot_id, entry_id, fired_at) VALUES (?, ?, ?) "
                                     "ON CONFLICT (robot_id, entry_id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, robot->id);
  fcrm_stmt_bind_int64 (stmt, 2, entry_id);
  fcrm_stmt_bind_int64 (stmt, 3, now);
  if (fresh)
    {
      if (!fcrm_stmt_run_later (stmt, error))
        return FALSE;
    }
  else
  {
    GError *local = NULL;
    int changes;

    fcrm_stmt_step (stmt, &local);
    changes = fcrm_stmt_changes (stmt);
    fcrm_stmt_reset (stmt);
    if (local != NULL)
      return g_propagate_error (error, local), FALSE;
    if (changes == 0)
      return TRUE;   /* somebody fired it already */
  }
  if (n_fired != NULL)
    (*n_fired)++;

  if (g_strcmp0 (robot->action, "move") == 0)
    return fcrm_crm_enter_stage (self, item->type, item->id, robot->target_stage, now, depth + 1, error);
  if (g_strcmp0 (robot->action, "lost_process") == 0)
    return lost_process (self, robot, item, entry_id, now, error);

  to = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!recipients (self, robot->recipient, item, to, error))
    return FALSE;
  for (guint i = 0; i < to->len; i++)
    {
      gint64 user = g_array_index (to, gint64, i);

      if (g_strcmp0 (robot->action, "task") == 0)
        {
          if (!fcrm_crm_insert_task (self, robot->text, NULL, "robot", now + DAY, FALSE, user, item, entry_id, now,
                                     error))
            return FALSE;
        }
      else if (!fcrm_crm_notify (self, user, robot->text, item, robot->id, entry_id, now, error))
        return FALSE;
    }
  return TRUE;
}

/* @fresh: the entry was just made, so nothing of it can have fired yet */
static gboolean
queue_robots (FcrmCrm    *self,
              gint64      entry_id,
              const char *stage,
              gint64      entered_at,
              gint64      visit_at,
              gboolean    fresh,
              GError    **error)
{
  g_autoptr(GPtrArray) robots = load_stage_robots (self, stage, error);

  if (robots == NULL)
    return FALSE;
  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, i);
      gint64 due;
      FcrmStmt *stmt;

      if (g_strcmp0 (r->trigger, "delay") == 0)
        due = entered_at + r->delay;
      else if (g_strcmp0 (r->trigger, "at_field") == 0 && visit_at != 0)
        due = visit_at;
      else
        continue;

      if (fresh)
        {
          stmt = fcrm_store_prepare (self->store,
                                     "INSERT INTO robot_queue (robot_id, entry_id, due_at) VALUES (?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
        }
      else
        {
          stmt = fcrm_store_prepare (self->store,
                                     "INSERT INTO robot_queue (robot_id, entry_id, due_at) "
                                     "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT) "
                                     "WHERE NOT EXISTS (SELECT 1 FROM robot_firings WHERE robot_id = ? AND entry_id = ?) "
                                     "ON CONFLICT (robot_id, entry_id) DO UPDATE SET due_at = excluded.due_at", error);
          if (stmt == NULL)
            return FALSE;
          fcrm_stmt_bind_int64 (stmt, 4, r->id);
          fcrm_stmt_bind_int64 (stmt, 5, entry_id);
        }
      fcrm_stmt_bind_int64 (stmt, 1, r->id);
      fcrm_stmt_bind_int64 (stmt, 2, entry_id);
      fcrm_stmt_bind_int64 (stmt, 3, due);
      if (!(fresh ? fcrm_stmt_run_later (stmt, error) : fcrm_stmt_run (stmt, error)))
        return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_crm_queue_robots (FcrmCrm    *self,
                       gint64      entry_id,
                       const char *stage,
                       gint64      entered_at,
                       gint64      visit_at,
                       GError    **error)
{
  return queue_robots (self, entry_id, stage, entered_at, visit_at, FALSE, error);
}

static gboolean
current_entry (FcrmCrm        *self,
               FcrmEntityType  type,
               gint64          id,
               gint64         *out_entry,
               GError        **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;

  *out_entry = 0;
  stmt = fcrm_store_prepare (self->store,
                             "SELECT id FROM stage_history WHERE entity_type = ? AND entity_id = ? AND left_at IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  if (fcrm_stmt_step (stmt, &local))
    *out_entry = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

/* @entry_id was just made for @item (at its stage, @now): its delayed robots
 * are queued, its on-entry ones fire. Nothing of a new entry can have fired
 * yet, so the firing's row goes out with the next statement that waits. */
static gboolean
entered (FcrmCrm  *self,
         FcrmItem *item,
         gint64    entry_id,
         gint64    now,
         guint     depth,
         GError  **error)
{
  g_autoptr(GPtrArray) robots = NULL;

  if (!queue_robots (self, entry_id, item->stage, now, item->visit_at, TRUE, error))
    return FALSE;
  robots = load_stage_robots (self, item->stage, error);
  if (robots == NULL)
    return FALSE;
  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, i);

      if (g_strcmp0 (r->trigger, "on_entry") == 0 &&
          !fire (self, r, entry_id, item, now, depth, NULL, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/* @fresh: the row was just inserted at @stage and @now, with no open entry */
static gboolean
enter_stage (FcrmCrm        *self,
             FcrmEntityType  type,
             gint64          id,
             const char     *stage,
             gint64          now,
             guint           depth,
             gboolean        fresh,
             GError        **error)
{
  g_autoptr(FcrmItem) item = NULL;
  FcrmStage *s = fcrm_crm_get_stage (self, stage);
  gint64 old_entry = 0;
  gint64 entry_id = 0;
  GError *local = NULL;
  FcrmStmt *stmt;

  g_assert (fcrm_store_in_transaction (self->store));
  if (s == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no stage “%s”."), stage);
      return FALSE;
    }
  if (depth > MAX_MOVE_DEPTH)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The robots of stage “%s” move items in a circle; fix them in Preferences."),
                   fcrm_stage_get_name (s));
      return FALSE;
    }

  /* leave the current stage: close its history entry, cancel its pending robots */
  if (!fresh && !current_entry (self, type, id, &old_entry, error))
    return FALSE;
  if (old_entry != 0)
    {
      stmt = fcrm_store_prepare (self->store, "UPDATE stage_history SET left_at = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, now);
      fcrm_stmt_bind_int64 (stmt, 2, old_entry);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
      stmt = fcrm_store_prepare (self->store, "DELETE FROM robot_queue WHERE entry_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, old_entry);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }

  /* the entry carries its cycle's start: the item's first entry's time, or
   * its own for the first; the office server's trigger (fcrm_stamp) writes
   * it there, for everyone, so it is looked up once */
  stmt = fcrm_store_prepare (self->store,
                             fcrm_store_has_server_rules (self->store)
                               ? "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at, user_id) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"
                               : "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at, user_id, cycle_start) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, coalesce ((SELECT f.entered_at FROM stage_history f "
                                 "WHERE f.entity_type = ?1 AND f.entity_id = ?2 ORDER BY f.id LIMIT 1), ?4)) RETURNING id",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  fcrm_stmt_bind_text (stmt, 3, stage);
  fcrm_stmt_bind_int64 (stmt, 4, now);
  fcrm_stmt_bind_id (stmt, 5, self->actor != NULL ? self->actor->id : 0);
  if (fcrm_stmt_step (stmt, &local))
    entry_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;

  /* the pipeline changes only when a robot hands a deal over (To installation) */
  if (!fresh)
    {
  stmt = fcrm_store_prepare (self->store,
                             type == FCRM_ENTITY_LEAD
                               ? "UPDATE leads SET stage = ?, stage_entered_at = ?, updated_at = ?, updated = updated + 1 "
                                 "WHERE id = ?"
                               : "UPDATE deals SET stage = ?, stage_entered_at = ?, updated_at = ?, updated = updated + 1 "
                                 "WHERE id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, stage);
  fcrm_stmt_bind_int64 (stmt, 2, now);
  fcrm_stmt_bind_int64 (stmt, 3, now);
  fcrm_stmt_bind_int64 (stmt, 4, id);
  if (!fcrm_stmt_run (stmt, error))
    return FALSE;
  if (type == FCRM_ENTITY_DEAL)
    {
      stmt = fcrm_store_prepare (self->store, "UPDATE deals SET pipeline = ? WHERE id = ? AND pipeline <> ?", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_text (stmt, 1, s->pipeline);
      fcrm_stmt_bind_int64 (stmt, 2, id);
      fcrm_stmt_bind_text (stmt, 3, s->pipeline);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }
    }

  item = load_robot_context (self, type, id, error);
  if (item == NULL)
    return FALSE;
  return entered (self, item, entry_id, now, depth, error);
}

gboolean
fcrm_crm_entered_first_stage (FcrmCrm  *self,
                              FcrmItem *item,
                              gint64    entry_id,
                              gint64    now,
                              GError  **error)
{
  g_assert (fcrm_store_in_transaction (self->store));
  return entered (self, item, entry_id, now, 0, error);
}

gboolean
fcrm_crm_enter_stage (FcrmCrm        *self,
                      FcrmEntityType  type,
                      gint64          id,
                      const char     *stage,
                      gint64          now,
                      guint           depth,
                      GError        **error)
{
  return enter_stage (self, type, id, stage, now, depth, FALSE, error);
}

gboolean
fcrm_crm_enter_first_stage (FcrmCrm        *self,
                            FcrmEntityType  type,
                            gint64          id,
                            const char     *stage,
                            gint64          now,
                            GError        **error)
{
  return enter_stage (self, type, id, stage, now, 0, TRUE, error);
}

/* Lock the lead or deal of a stage entry (office server; SQLite's write
 * transaction already excludes the other desktops). */
static gboolean
lock_entry_item (FcrmCrm *self,
                 gint64   entry_id,
                 GError **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store, "SELECT entity_type, entity_id FROM stage_history WHERE id = ?", error);
  g_autofree char *entity = NULL;
  gint64 entity_id = 0;
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, entry_id);
  if (fcrm_stmt_step (stmt, &local))
    {
      entity = fcrm_stmt_dup_text (stmt, 0);
      entity_id = fcrm_stmt_get_int64 (stmt, 1);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (entity == NULL)
    return TRUE;   /* the entry is gone (an undone move): nothing to fire */
  return fcrm_store_lock_row (self->store, g_strcmp0 (entity, "lead") == 0 ? "leads" : "deals", entity_id, error);
}

/* One transaction of at most @limit due queue entries, oldest due first.
 * @out_done: how many entries it took off the queue (0: it wrote nothing). */
static gboolean
run_batch (FcrmCrm *self,
           gint64   now,
           guint    limit,
           guint   *out_fired,
           guint   *out_done,
           GError **error)
{
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean ok = TRUE;

  *out_done = 0;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store,
                             "SELECT robot_id, entry_id FROM robot_queue WHERE due_at <= ? "
                             "ORDER BY due_at LIMIT ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_int64 (stmt, 1, now);
      fcrm_stmt_bind_int64 (stmt, 2, limit);
      while (fcrm_stmt_step (stmt, &local))
        {
          gint64 pair[2] = { fcrm_stmt_get_int64 (stmt, 0), fcrm_stmt_get_int64 (stmt, 1) };
          g_array_append_vals (due, pair, 1);
        }
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }

  for (guint i = 0; ok && i < due->len; i++)
    {
      gint64 *pair = &g_array_index (due, gint64, i * 2);
      g_autoptr(FcrmItem) item = NULL;
      g_autoptr(FcrmRobot) robot = NULL;
      g_autofree char *entity = NULL;
      gint64 entity_id = 0;

      /* the item is locked before its entry is read: a desktop moving it
       * at this moment either moved it before (the entry is closed, the
       * robot does not fire) or waits until the firing is committed */
      if (!lock_entry_item (self, pair[1], error))
        {
          ok = FALSE;
          break;
        }
      stmt = fcrm_store_prepare (self->store,
                                 "SELECT h.entity_type, h.entity_id, r.trigger_kind, r.recipient, r.action, r.text,"
                                 "  r.target_stage, r.enabled, r.stage "
                                 "FROM stage_history h, robots r WHERE h.id = ? AND r.id = ? AND h.left_at IS NULL",
                                 error);
      ok = stmt != NULL;
      if (!ok)
        break;
      fcrm_stmt_bind_int64 (stmt, 1, pair[1]);
      fcrm_stmt_bind_int64 (stmt, 2, pair[0]);
      if (fcrm_stmt_step (stmt, &local) && fcrm_stmt_get_int64 (stmt, 7) != 0)
        {
          entity = fcrm_stmt_dup_text (stmt, 0);
          entity_id = fcrm_stmt_get_int64 (stmt, 1);
          robot = g_object_new (FCRM_TYPE_ROBOT, NULL);
          robot->id = pair[0];
          robot->trigger = fcrm_stmt_dup_text (stmt, 2);
          robot->recipient = fcrm_stmt_dup_text (stmt, 3);
          robot->action = fcrm_stmt_dup_text (stmt, 4);
          robot->text = fcrm_stmt_dup_text (stmt, 5);
          robot->target_stage = fcrm_stmt_dup_text (stmt, 6);
          robot->stage = fcrm_stmt_dup_text (stmt, 8);
        }
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        {
          ok = (g_propagate_error (error, local), FALSE);
          break;
        }

      /* fired first, then taken off the queue: on the office server a
       * queued reminder may only go once it has fired (or its entry is
       * over), so nobody can silence the robots watching their items */
      if (robot != NULL)
        {
          item = load_robot_context (self, fcrm_entity_type_parse (entity), entity_id, error);
          ok = item != NULL && fire (self, robot, pair[1], item, now, 0, out_fired, FALSE, error);
          if (!ok)
            break;
        }
      stmt = fcrm_store_prepare (self->store,
                                 "DELETE FROM robot_queue WHERE robot_id = ? AND entry_id = ?", error);
      ok = stmt != NULL;
      if (!ok)
        break;
      fcrm_stmt_bind_int64 (stmt, 1, pair[0]);
      fcrm_stmt_bind_int64 (stmt, 2, pair[1]);
      ok = fcrm_stmt_run (stmt, error);
    }

  /* a check that found nothing due changed nothing: no "changed" for the views */
  if (ok && due->len == 0)
    return fcrm_store_commit (self->store, error);
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  *out_done = due->len;
  return TRUE;
}

gboolean
fcrm_crm_robots_run_batch (FcrmCrm  *self,
                           guint     limit,
                           guint    *out_fired,
                           guint    *out_done,
                           gboolean *out_more,
                           GError  **error)
{
  guint fired = 0, done = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (limit > 0, FALSE);

  if (!run_batch (self, fcrm_clock_now (self->clock), limit, &fired, &done, error))
    return FALSE;
  if (out_fired != NULL)
    *out_fired = fired;
  if (out_done != NULL)
    *out_done = done;
  if (out_more != NULL)
    *out_more = done == limit;
  return TRUE;
}

/* Public: fire everything due as of now, in transactions of at most
 * FCRM_ROBOTS_BATCH entries (another writer waits for one batch at most). */
gboolean
fcrm_crm_robots_run (FcrmCrm *self,
                     guint   *out_fired,
                     GError **error)
{
  gint64 now;
  guint fired = 0;
  guint done;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  now = fcrm_clock_now (self->clock);

  do
    {
      if (!run_batch (self, now, FCRM_ROBOTS_BATCH, &fired, &done, error))
        return FALSE;
    }
  while (done == FCRM_ROBOTS_BATCH);

  if (out_fired != NULL)
    *out_fired = fired;
  return TRUE;
}
