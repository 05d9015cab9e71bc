#pragma once

#include <gtk/gtk.h>

#include "fcrm-schedule.h"

G_BEGIN_DECLS

typedef enum {
  FCRM_SCHEDULE_DAY,
  FCRM_SCHEDULE_WEEK,
  FCRM_SCHEDULE_MONTH,
} FcrmScheduleMode;

#define FCRM_TYPE_SCHEDULE_VIEW (fcrm_schedule_view_get_type ())
G_DECLARE_FINAL_TYPE (FcrmScheduleView, fcrm_schedule_view, FCRM, SCHEDULE_VIEW, GtkWidget)

/** The workshop schedule (issue 15): a week (default) or a day as a column
 * per day and a lane per person, or a month of counts; conflicts and the
 * deliveries and installations without a date beside it. Reads off the main
 * loop, again after every FcrmCrm::changed. */
GtkWidget  *fcrm_schedule_view_new         (FcrmCrm          *crm);
void        fcrm_schedule_view_reload      (FcrmScheduleView *self);
void        fcrm_schedule_view_set_mode    (FcrmScheduleView *self,
                                            FcrmScheduleMode  mode);
/** Show the day, week or month of @t (Unix seconds). */
void        fcrm_schedule_view_set_date    (FcrmScheduleView *self,
                                            gint64            t);
/** The events shown, conflicts marked (NULL before the first read). */
GPtrArray  *fcrm_schedule_view_get_events  (FcrmScheduleView *self);
/** The side list "without a date" (NULL before the first read). */
GPtrArray  *fcrm_schedule_view_get_unscheduled (FcrmScheduleView *self);
/** The grid's cell of the day starting at @day (local midnight) and the
 * person @login (NULL: nobody's lane; the month ignores it), or NULL. */
GtkWidget  *fcrm_schedule_view_get_cell    (FcrmScheduleView *self,
                                            gint64            day,
                                            const char       *login);
/** What a drop on that cell does: @event to that day (at its time of day,
 * or the default hour) and person; a toast with Undo, or why not. */
gboolean    fcrm_schedule_view_get_side_list_shown (FcrmScheduleView *self);
gboolean    fcrm_schedule_view_drop_event  (FcrmScheduleView *self,
                                            FcrmEvent        *event,
                                            gint64            day,
                                            const char       *login);

G_END_DECLS
