#define G_LOG_DOMAIN "fcrm-schedule-ical"

/* The schedule as an iCalendar file (RFC 5545, written by libical) that
 * GNOME Calendar, Evolution or a phone imports: a VEVENT per visit,
 * delivery and installation, a VTODO per callback and task. Times are
 * written in UTC ("…Z"), which every reader places in its own zone; the UID
 * names the event for good, so importing a newer file updates, not doubles. */

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "fcrm-crm-private.h"
#include "fcrm-schedule-private.h"

static struct icaltimetype
utc_time (gint64 t)
{
  return icaltime_from_timet_with_zone ((time_t) t, 0, icaltimezone_get_utc_timezone ());
}

static char *
description (FcrmEvent *ev)
{
  GString *out = g_string_new (fcrm_event_kind_display_name (ev->kind));

  if (ev->client != NULL)
    g_string_append_printf (out, "\n%s: %s", _("Client"), ev->client);
  if (ev->phone != NULL)
    g_string_append_printf (out, "\n%s: %s", _("Phone"), ev->phone);
  if (ev->user_name != NULL)
    g_string_append_printf (out, "\n%s: %s", _("Who"), ev->user_name);
  if (ev->deal_id != 0)
    g_string_append_printf (out, "\n%s #%" G_GINT64_FORMAT, _("Deal"), ev->deal_id);
  return g_string_free (out, FALSE);
}

static icalcomponent *
event_component (FcrmEvent  *ev,
                 const char *database_id,
                 gint64      now)
{
  gboolean todo = ev->task_id != 0;
  icalcomponent *c = todo ? icalcomponent_new_vtodo () : icalcomponent_new_vevent ();
  g_autofree char *key = fcrm_event_get_key (ev);
  g_autofree char *uid = g_strdup_printf ("%s-%s@furniture-crm", key, database_id != NULL ? database_id : "local");
  g_autofree char *summary = ev->client != NULL ? g_strdup_printf ("%s: %s — %s", fcrm_event_kind_display_name (ev->kind),
                                                                  ev->title, ev->client)
                                                : g_strdup_printf ("%s: %s", fcrm_event_kind_display_name (ev->kind),
                                                                   ev->title);
  g_autofree char *text = description (ev);

  icalcomponent_add_property (c, icalproperty_new_uid (uid));
  icalcomponent_add_property (c, icalproperty_new_dtstamp (utc_time (now)));
  icalcomponent_add_property (c, icalproperty_new_dtstart (utc_time (ev->start)));
  if (todo)
    icalcomponent_add_property (c, icalproperty_new_due (utc_time (ev->end)));
  else
    icalcomponent_add_property (c, icalproperty_new_dtend (utc_time (ev->end)));
  icalcomponent_add_property (c, icalproperty_new_summary (summary));
  icalcomponent_add_property (c, icalproperty_new_description (text));
  icalcomponent_add_property (c, icalproperty_new_categories (fcrm_event_kind_to_string (ev->kind)));
  if (ev->address != NULL)
    icalcomponent_add_property (c, icalproperty_new_location (ev->address));
  return c;
}

gboolean
fcrm_crm_export_ical (FcrmCrm     *self,
                      const char  *login,
                      gint64       from,
                      gint64       to,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *database_id = NULL;
  icalcomponent *calendar;
  char *text;
  gboolean ok;
  gint64 now;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  events = fcrm_crm_schedule (self, from, to, login, error);
  if (events == NULL)
    return FALSE;
  database_id = fcrm_store_get_setting (self->store, "database_id");
  now = fcrm_clock_now (self->clock);
  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Furniture CRM//Schedule//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  for (guint i = 0; i < events->len; i++)
    icalcomponent_add_component (calendar, event_component (g_ptr_array_index (events, i), database_id, now));
  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  ok = g_file_set_contents (path, text, -1, error);
  icalmemory_free_buffer (text);
  if (!ok)
    g_prefix_error (error, _("The calendar could not be written: "));
  return ok;
}
