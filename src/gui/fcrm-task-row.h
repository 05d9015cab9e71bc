#pragma once

#include <gtk/gtk.h>

#include "fcrm-inbox.h"

G_BEGIN_DECLS

/* A row of FcrmTasksView's list: a group heading (a day, "Overdue") or a
 * task — its check box, title, description, due time, the lead or deal it is
 * about (a link), the client and their phone with a call button, the
 * responsible. Rows are reused as the list scrolls: each show_* sets all. */

#define FCRM_TYPE_TASK_ROW (fcrm_task_row_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTaskRow, fcrm_task_row, FCRM, TASK_ROW, GtkWidget)

/** A row for @list_item (its item is the task shown). */
GtkWidget *fcrm_task_row_new         (GtkListItem *list_item);
/** Show a heading: @title, with @count tasks under it, in red when @overdue. */
void       fcrm_task_row_show_header (FcrmTaskRow *self,
                                      const char  *title,
                                      guint        count,
                                      gboolean     overdue);
/** Show @task; @due (may be NULL: hidden) is its due time as the list words it. */
void       fcrm_task_row_show_task   (FcrmTaskRow *self,
                                      FcrmTask    *task,
                                      const char  *due,
                                      gboolean     overdue);
/** Tick or untick the check box without emitting ::mark-done (a refused one goes back). */
void       fcrm_task_row_set_done    (FcrmTaskRow *self,
                                      gboolean     done);
/** The call button (hidden without a phone), for tests. */
GtkWidget *fcrm_task_row_get_call_button (FcrmTaskRow *self);

G_END_DECLS
