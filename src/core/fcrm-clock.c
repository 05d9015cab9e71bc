#define G_LOG_DOMAIN "fcrm-clock"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "fcrm-clock.h"
#include "fcrm-error.h"

struct _FcrmClock
{
  GObject  parent_instance;
  gboolean fixed;
  gint64   now;
};

G_DEFINE_FINAL_TYPE (FcrmClock, fcrm_clock, G_TYPE_OBJECT)

static void
fcrm_clock_class_init (FcrmClockClass *klass)
{
}

static void
fcrm_clock_init (FcrmClock *self)
{
}

FcrmClock *
fcrm_clock_new (void)
{
  return g_object_new (FCRM_TYPE_CLOCK, NULL);
}

FcrmClock *
fcrm_clock_new_fixed (gint64 unix_seconds)
{
  FcrmClock *self = fcrm_clock_new ();
  fcrm_clock_set (self, unix_seconds);
  return self;
}

gint64
fcrm_clock_now (FcrmClock *self)
{
  g_return_val_if_fail (FCRM_IS_CLOCK (self), 0);

  if (self->fixed)
    return self->now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
fcrm_clock_set (FcrmClock *self,
                gint64     unix_seconds)
{
  g_return_if_fail (FCRM_IS_CLOCK (self));
  self->fixed = TRUE;
  self->now = unix_seconds;
}

void
fcrm_clock_advance (FcrmClock *self,
                    gint64     seconds)
{
  g_return_if_fail (FCRM_IS_CLOCK (self));
  if (!self->fixed)
    fcrm_clock_set (self, fcrm_clock_now (self));
  self->now += seconds;
}

static gboolean
parse_date_only (const char *text,
                 int        *y,
                 int        *m,
                 int        *d)
{
  char tail = 0;
  int n = 0;

  /* ISO, or the day first with dots as Russian (and German) write it: 15.12.1980 */
  if (sscanf (text, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 &&
      !(sscanf (text, "%2d.%2d.%4d%n", d, m, y, &n) == 3 && text[n] == '\0' && *y >= 1000))
    return FALSE;
  return *d > 0 && *m > 0 && *y > 0 && g_date_valid_dmy (*d, *m, *y);
}

gboolean
fcrm_date_parse (const char *text,
                 gint64     *out_unix,
                 GError    **error)
{
  int y, m, d;
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GDateTime) dt = NULL;

  if (!parse_date_only (copy, &y, &m, &d))
    goto bad;
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    goto bad;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;

bad:
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("“%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-15."),
               text != NULL ? text : "");
  return FALSE;
}

gboolean
fcrm_time_parse (const char *text,
                 gint64     *out_unix,
                 GError    **error)
{
  g_autofree char *copy = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    goto bad;
  copy = g_strstrip (g_strdup (text));
  if (strlen (copy) == 10)
    return fcrm_date_parse (copy, out_unix, error);
  /* Accept "2026-01-10 09:00" as people type it. */
  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';
  /* GLib wants seconds; "09:00" → "09:00:00". */
  if (strlen (copy) == 16)
    {
      char *longer = g_strconcat (copy, ":00", NULL);
      g_free (copy);
      copy = longer;
    }
  dt = g_date_time_new_from_iso8601 (copy, local);
  if (dt == NULL)
    goto bad;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;

bad:
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("“%s” is not a date and time; write it as YYYY-MM-DDTHH:MM, for example 2026-03-15T14:30."),
               text != NULL ? text : "");
  return FALSE;
}

char *
fcrm_time_format_iso (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
fcrm_time_format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%d");
}
