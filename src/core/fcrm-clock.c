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
