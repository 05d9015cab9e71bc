#pragma once

#include "fcrm-schedule.h"

G_BEGIN_DECLS

/* Shared by fcrm-schedule.c, fcrm-schedule-move.c and fcrm-schedule-ical.c. */

#define FCRM_SCHEDULE_MAX_MINUTES (12 * 60)

/** The moment @minute_of_day minutes after the local midnight of @midnight's day. */
gint64     fcrm_schedule_place           (gint64   midnight,
                                          int      minute_of_day);
/** The local midnight of the day @t falls on. */
gint64     fcrm_schedule_local_midnight  (gint64   t);
/** A duration from 5 minutes to 12 hours, else FCRM_ERROR_INVALID_INPUT. */
gboolean   fcrm_schedule_check_minutes   (int      minutes,
                                          GError **error);
/** One deal's delivery as an event; NULL with @error unset when it has none. */
FcrmEvent *fcrm_schedule_deal_delivery   (FcrmCrm *self,
                                          gint64   deal_id,
                                          GError **error);

/** The demo's week of field work around today (fcrm-demo-schedule.c), in
 * the caller's transaction. */
gboolean   fcrm_demo_field_week          (FcrmCrm  *self,
                                          GRand    *rand,
                                          gboolean  russian,
                                          GError  **error);

G_END_DECLS
