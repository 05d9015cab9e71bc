#pragma once

#include <gtk/gtk.h>

#include "fcrm-schedule.h"

G_BEGIN_DECLS

#define FCRM_TYPE_SCHEDULE_EVENT (fcrm_schedule_event_get_type ())
G_DECLARE_FINAL_TYPE (FcrmScheduleEvent, fcrm_schedule_event, FCRM, SCHEDULE_EVENT, GtkWidget)

/** One event of the schedule: its time, title, client, address and phone,
 * coloured by kind (CSS class "schedule-<kind>"), marked when in conflict.
 * Click or Enter opens the deal's card (app.open-item); it can be dragged
 * (an FcrmEvent) onto the schedule's grid. @compact: one line (the month
 * and the side list), else the details under the title. */
GtkWidget *fcrm_schedule_event_new       (FcrmEvent         *event,
                                          gboolean           compact);
FcrmEvent *fcrm_schedule_event_get_event (FcrmScheduleEvent *self);

G_END_DECLS
