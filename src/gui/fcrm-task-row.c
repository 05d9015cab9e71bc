#define G_LOG_DOMAIN "fcrm-task-row"

#include <glib/gi18n.h>

#include "fcrm-contact-buttons.h"
#include "fcrm-task-row.h"

struct _FcrmTaskRow
{
  GtkWidget    parent_instance;

  GtkListItem *list_item;     /* unowned: the list item owns the row */
  GtkWidget   *call_button;

  /* template */
  GtkWidget   *header;
  GtkLabel    *header_title;
  GtkLabel    *header_count;
  GtkWidget   *task;
  GtkWidget   *check;
  GtkLabel    *title;
  GtkLabel    *description;
  GtkWidget   *due_box;
  GtkLabel    *due;
  GtkWidget   *item_button;
  GtkLabel    *item_label;
  GtkWidget   *client_box;
  GtkLabel    *client;
  GtkWidget   *phone_box;
  GtkLabel    *phone;
  GtkWidget   *responsible_box;
  GtkLabel    *responsible;
};

G_DEFINE_FINAL_TYPE (FcrmTaskRow, fcrm_task_row, GTK_TYPE_WIDGET)

enum {
  MARK_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FcrmTask *
shown_task (FcrmTaskRow *self)
{
  gpointer item = self->list_item != NULL ? gtk_list_item_get_item (self->list_item) : NULL;

  return FCRM_IS_TASK (item) ? item : NULL;
}

static void
check_toggled_cb (FcrmTaskRow *self)
{
  FcrmTask *task = shown_task (self);

  if (task != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->check)))
    g_signal_emit (self, signals[MARK_DONE], 0, task);
}

static void
item_clicked_cb (FcrmTaskRow *self)
{
  FcrmTask *task = shown_task (self);

  if (task == NULL || task->entity_id <= 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)",
                              fcrm_entity_type_to_string (task->entity_type), task->entity_id);
}

void
fcrm_task_row_show_header (FcrmTaskRow *self,
                           const char  *title,
                           guint        count,
                           gboolean     overdue)
{
  g_autofree char *count_text = g_strdup_printf ("%u", count);

  g_return_if_fail (FCRM_IS_TASK_ROW (self));

  gtk_widget_set_visible (self->header, TRUE);
  gtk_widget_set_visible (self->task, FALSE);
  gtk_label_set_text (self->header_title, title);
  gtk_label_set_text (self->header_count, count_text);
  if (overdue)
    gtk_widget_add_css_class (self->header, "tasks-header-overdue");
  else
    gtk_widget_remove_css_class (self->header, "tasks-header-overdue");
}

static void
show_meta (GtkWidget  *box,
           GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (box, text != NULL && *text != '\0');
}

void
fcrm_task_row_show_task (FcrmTaskRow *self,
                         FcrmTask    *task,
                         const char  *due,
                         gboolean     overdue)
{
  gboolean has_description = task->description != NULL && *task->description != '\0';
  const char *responsible = task->responsible_name && *task->responsible_name ? task->responsible_name
                                                                              : task->responsible_login;

  g_return_if_fail (FCRM_IS_TASK_ROW (self));

  gtk_widget_set_visible (self->header, FALSE);
  gtk_widget_set_visible (self->task, TRUE);

  fcrm_task_row_set_done (self, task->done);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL, task->title, -1);
  gtk_label_set_text (self->title, task->title);
  gtk_label_set_text (self->description, has_description ? task->description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description), has_description);

  show_meta (self->due_box, self->due, due);
  if (overdue)
    {
      gtk_widget_add_css_class (self->due_box, "task-overdue");
      gtk_widget_remove_css_class (self->due_box, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (self->due_box, "task-overdue");
      gtk_widget_add_css_class (self->due_box, "dim-label");
    }

  gtk_label_set_text (self->item_label, task->entity_title != NULL ? task->entity_title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->item_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  task->entity_title != NULL ? task->entity_title : "", -1);
  gtk_widget_set_visible (self->item_button, task->entity_id > 0 && task->entity_title != NULL);

  /* whom to call, and the number: the point of a callback */
  show_meta (self->client_box, self->client, task->client);
  show_meta (self->phone_box, self->phone, task->phone);
  fcrm_contact_button_set_value (self->call_button, task->phone);

  show_meta (self->responsible_box, self->responsible, responsible);
}

void
fcrm_task_row_set_done (FcrmTaskRow *self,
                        gboolean     done)
{
  g_return_if_fail (FCRM_IS_TASK_ROW (self));

  g_signal_handlers_block_by_func (self->check, check_toggled_cb, self);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), done);
  g_signal_handlers_unblock_by_func (self->check, check_toggled_cb, self);
}

GtkWidget *
fcrm_task_row_get_call_button (FcrmTaskRow *self)
{
  g_return_val_if_fail (FCRM_IS_TASK_ROW (self), NULL);

  return self->call_button;
}

/* GObject */

static void
fcrm_task_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FCRM_TYPE_TASK_ROW);

  G_OBJECT_CLASS (fcrm_task_row_parent_class)->dispose (object);
}

static void
fcrm_task_row_class_init (FcrmTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_task_row_dispose;

  /**
   * FcrmTaskRow::mark-done:
   * @task: the task ticked
   *
   * The user ticked the task; if it is refused, fcrm_task_row_set_done (FALSE).
   */
  signals[MARK_DONE] = g_signal_new ("mark-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, FCRM_TYPE_TASK);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-task-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, header);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, header_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, header_count);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, task);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, check);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, title);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, description);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, due_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, due);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, item_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, item_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, client_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, client);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, phone_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, phone);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, responsible_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmTaskRow, responsible);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fcrm-task-row");
}

static void
fcrm_task_row_init (FcrmTaskRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->call_button = fcrm_contact_button_new (FCRM_CONTACT_BUTTON_CALL, NULL);
  gtk_widget_add_css_class (self->call_button, "task-call");
  gtk_box_append (GTK_BOX (self->phone_box), self->call_button);
}

GtkWidget *
fcrm_task_row_new (GtkListItem *list_item)
{
  FcrmTaskRow *self = g_object_new (FCRM_TYPE_TASK_ROW, NULL);

  self->list_item = list_item;
  /* the tests find a task's check box by the list item it shows */
  g_object_set_data (G_OBJECT (self->check), "fcrm-list-item", list_item);
  return GTK_WIDGET (self);
}
