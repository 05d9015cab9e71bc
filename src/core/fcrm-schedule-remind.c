#define G_LOG_DOMAIN "fcrm-schedule-remind"

/* Reminders of the schedule (issue 15): the person gets a notification the
 * evening before and a while before each of their own events. What and when
 * is data a supervisor changes (settings schedule_remind_evening_hour, -1
 * for none, and schedule_remind_minutes, 0 for none; Preferences →
 * Schedule). Each reminder is written once per person, event and start (a
 * unique key of the notification): several desktops checking, or one
 * checking every minute, write it once; an event moved to another time is
 * reminded of again. On the office server a person's own desktop writes
 * their own reminders (its policy lets one write those for oneself only). */

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-schedule-private.h"

static int
setting (FcrmCrm    *self,
         const char *key,
         int         fallback,
         int         min,
         int         max)
{
  g_autofree char *text = fcrm_store_get_setting (self->store, key);
  gint64 v;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, &v, NULL))
    return fallback;
  return (int) v;
}

int
fcrm_crm_schedule_remind_evening_hour (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), 18);
  return setting (self, "schedule_remind_evening_hour", 18, -1, 23);
}

int
fcrm_crm_schedule_remind_minutes (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), 60);
  return setting (self, "schedule_remind_minutes", 60, 0, 24 * 60);
}

gboolean
fcrm_crm_schedule_set_reminders (FcrmCrm *self,
                                 int      evening_hour,
                                 int      minutes,
                                 GError **error)
{
  g_autofree char *hour = g_strdup_printf ("%d", evening_hour);
  g_autofree char *before = g_strdup_printf ("%d", minutes);

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (evening_hour < -1 || evening_hour > 23 || minutes < 0 || minutes > 24 * 60)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                           _("A reminder comes at an hour of the evening before (0–23) and up to a day before."));
      return FALSE;
    }
  if (self->actor != NULL && self->actor->role != FCRM_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_REFUSED, _("Only a supervisor changes the reminders."));
      return FALSE;
    }
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  return fcrm_crm_finish (self,
                          fcrm_store_set_setting (self->store, "schedule_remind_evening_hour", hour, error) &&
                          fcrm_store_set_setting (self->store, "schedule_remind_minutes", before, error),
                          error);
}

/* "10:00 Oak kitchen — Зинаида Кузнецова, Lenina 5" */
static char *
subject (FcrmEvent *ev)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (ev->start);
  g_autofree char *time = g_date_time_format (start, "%H:%M");
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s %s: %s", time, fcrm_event_kind_display_name (ev->kind), ev->title);
  if (ev->client != NULL)
    g_string_append_printf (out, " — %s", ev->client);
  if (ev->address != NULL)
    g_string_append_printf (out, ", %s", ev->address);
  return g_string_free (out, FALSE);
}

static gboolean
write_reminder (FcrmCrm    *self,
                FcrmEvent  *ev,
                const char *text,
                const char *which,
                gint64      now,
                guint      *written,
                GError    **error)
{
  g_autofree char *event_key = fcrm_event_get_key (ev);
  g_autofree char *key = g_strdup_printf ("%s@%" G_GINT64_FORMAT ":%s", event_key, ev->start, which);
  g_autofree char *about = subject (ev);
  FcrmStmt *stmt;
  int changes;

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO notifications (user_id, text, subject, person, entity_type, entity_id, created_at,"
                             " reminder_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (user_id, reminder_key) WHERE reminder_key IS NOT NULL DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, ev->user_id);
  fcrm_stmt_bind_text (stmt, 2, text);
  fcrm_stmt_bind_text (stmt, 3, about);
  fcrm_stmt_bind_text (stmt, 4, ev->user_name);
  if (ev->deal_id != 0)
    {
      fcrm_stmt_bind_text (stmt, 5, "deal");
      fcrm_stmt_bind_int64 (stmt, 6, ev->deal_id);
    }
  else
    {
      fcrm_stmt_bind_null (stmt, 5);
      fcrm_stmt_bind_null (stmt, 6);
    }
  fcrm_stmt_bind_int64 (stmt, 7, now);
  fcrm_stmt_bind_text (stmt, 8, key);
  if (!fcrm_stmt_run (stmt, error))
    return FALSE;
  changes = fcrm_stmt_changes (stmt);
  *written += changes > 0 ? 1 : 0;
  return TRUE;
}

gboolean
fcrm_crm_schedule_remind (FcrmCrm *self,
                          gint64   user_id,
                          guint   *out_written,
                          GError **error)
{
  g_autoptr(GPtrArray) events = NULL;
  int hour, minutes;
  gint64 now;
  guint written = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  now = fcrm_clock_now (self->clock);
  hour = fcrm_crm_schedule_remind_evening_hour (self);
  minutes = fcrm_crm_schedule_remind_minutes (self);
  if (out_written != NULL)
    *out_written = 0;
  if (hour < 0 && minutes == 0)
    return TRUE;
  /* what starts from now to the end of tomorrow */
  events = fcrm_crm_schedule (self, now, now + 2 * 24 * 3600, NULL, error);
  if (events == NULL)
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && i < events->len; i++)
    {
      FcrmEvent *ev = g_ptr_array_index (events, i);
      gint64 evening;

      /* a task due some time that day, nobody's work, what has begun: nothing to remind of */
      if (ev->user_id == 0 || (user_id != 0 && ev->user_id != user_id) || ev->start <= now ||
          (ev->task_id != 0 && ev->all_day))
        continue;
      evening = fcrm_schedule_place (fcrm_schedule_local_midnight (ev->start) - 12 * 3600, MAX (hour, 0) * 60);
      if (hour >= 0 && now >= evening)
        /* Translators: a reminder the evening before; {item} is the time, the kind, the deal and the client */
        ok = write_reminder (self, ev, N_("Tomorrow: {item}"), "evening", now, &written, error);
      if (ok && minutes > 0 && now >= ev->start - (gint64) minutes * 60)
        /* Translators: a reminder shortly before; {item} is the time, the kind, the deal and the client */
        ok = write_reminder (self, ev, N_("Soon: {item}"), "before", now, &written, error);
    }
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  if (out_written != NULL)
    *out_written = written;
  return TRUE;
}
