#pragma once

#include <gtk/gtk.h>

#include "fcrm-inbox.h"

G_BEGIN_DECLS

/* What an FcrmTasksView lists (SPEC §3.8). */
typedef enum {
  FCRM_TASKS_VIEW_MY_TASKS,   /* the acting user's open tasks: overdue, today, upcoming, no date */
  FCRM_TASKS_VIEW_CALLBACKS,  /* every open callback task (all users), by date */
} FcrmTasksViewMode;

#define FCRM_TYPE_TASKS_VIEW_MODE (fcrm_tasks_view_mode_get_type ())
GType fcrm_tasks_view_mode_get_type (void);

/* The group of a task in "My tasks". */
typedef enum {
  FCRM_TASK_GROUP_OVERDUE,
  FCRM_TASK_GROUP_TODAY,
  FCRM_TASK_GROUP_UPCOMING,
  FCRM_TASK_GROUP_NO_DATE,
} FcrmTaskGroup;

#define FCRM_TYPE_TASKS_VIEW (fcrm_tasks_view_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTasksView, fcrm_tasks_view, FCRM, TASKS_VIEW, GtkWidget)

/** A list of tasks in one GtkListView: group headings are rows of the model
 * (GtkStringObject) followed by their tasks (FcrmTask). Re-reads itself after
 * every FcrmCrm::changed. */
GtkWidget         *fcrm_tasks_view_new        (FcrmCrm           *crm,
                                               FcrmTasksViewMode  mode);
FcrmTasksViewMode  fcrm_tasks_view_get_mode   (FcrmTasksView     *self);
/** Re-read the tasks from the database now. */
void               fcrm_tasks_view_reload     (FcrmTasksView     *self);
/** The rows shown: GtkStringObject headings and FcrmTask rows. */
GListModel        *fcrm_tasks_view_get_model  (FcrmTasksView     *self);
/** Mark a task done (what its check button does); on refusal @error says why. */
gboolean           fcrm_tasks_view_mark_done  (FcrmTasksView     *self,
                                               gint64             task_id,
                                               GError           **error);

/** The "My tasks" group of @task at @now (local days). */
FcrmTaskGroup      fcrm_task_group            (FcrmTask          *task,
                                               gint64             now);

G_END_DECLS
