#define G_LOG_DOMAIN "fcrm-tasks-section"

#include <glib/gi18n.h>

#include "fcrm-tasks-section.h"
#include "fcrm-date-button.h"
#include "fcrm-card-section.h"
#include "fcrm-clock.h"
#include "fcrm-error.h"
#include "fcrm-inbox.h"

struct _FcrmTasksSection
{
  AdwPreferencesGroup  parent_instance;

  FcrmCrm             *crm;
  FcrmItem            *item;

  /* template */
  GtkListBox          *tasks_list;
  GtkEntry            *task_title_entry;
  GtkEntry            *task_due_entry;
  GtkWidget           *task_add_button;
  GtkLabel            *task_error_label;
};

static void fcrm_tasks_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmTasksSection, fcrm_tasks_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_tasks_section_card_section_init))

static void
set_error (FcrmTasksSection *self,
           const char       *message)
{
  gtk_label_set_text (self->task_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->task_error_label), message != NULL);
}

static void
task_toggled_cb (FcrmTasksSection *self,
                 GtkCheckButton   *check)
{
  FcrmTask *task = g_object_get_data (G_OBJECT (check), "fcrm-task");
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FCRM_IS_TASK (task));

  if (!gtk_check_button_get_active (check) || task->done)
    return;

  set_error (self, NULL);
  if (!fcrm_crm_task_done (self->crm, task->id, &error))
    {
      /* The task is still open: untick it again. */
      g_signal_handlers_block_by_func (check, task_toggled_cb, self);
      gtk_check_button_set_active (check, FALSE);
      g_signal_handlers_unblock_by_func (check, task_toggled_cb, self);
      /* A toast is one line and cuts a long message off: the whole of it
       * also stays under the tasks until the next attempt. */
      set_error (self, error->message);
      fcrm_card_section_toast (FCRM_CARD_SECTION (self), error->message);
    }
  /* On success the database's "changed" redraws the card. */
}

static gboolean
task_is_overdue (FcrmTask *task,
                 gint64    now)
{
  if (task->done || task->due_at == 0)
    return FALSE;

  /* A task due on a day is overdue from the next day on. */
  if (task->due_is_date)
    {
      g_autofree char *due_day = fcrm_time_format_date (task->due_at);
      g_autofree char *today = fcrm_time_format_date (now);

      return g_strcmp0 (due_day, today) < 0;
    }

  return task->due_at < now;
}

static GtkWidget *
task_row_new (FcrmTasksSection *self,
              FcrmTask         *task,
              gint64            now)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *when = NULL;
  g_autofree char *due = NULL;
  g_autofree char *subtitle = NULL;
  const char *responsible = fcrm_card_nonempty (task->responsible_name)
                            ? task->responsible_name
                            : _("Unassigned");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task->title);

  if (task->done)
    {
      when = fcrm_card_format_date_time (task->done_at);
      due = when != NULL ? g_strdup_printf (_("Done on %s"), when) : g_strdup (_("Done"));
    }
  else if (task->due_at != 0)
    {
      when = task->due_is_date ? fcrm_card_format_date (task->due_at) : fcrm_card_format_date_time (task->due_at);
      due = g_strdup_printf (_("Due %s"), when);
    }
  else
    {
      due = g_strdup (_("No due date"));
    }
  subtitle = g_strdup_printf (_("%s · %s"), due, responsible);
  adw_action_row_set_subtitle (row, subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), task->done);
  gtk_widget_set_sensitive (check, !task->done);
  gtk_widget_set_tooltip_text (check, task->done ? _("Done") : _("Mark as done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, task->title,
                                  -1);
  g_object_set_data_full (G_OBJECT (check), "fcrm-task", g_object_ref (task), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (task_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (row, check);

  if (task->done)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "item-card-task-done");
    }
  else
    {
      adw_action_row_set_activatable_widget (row, check);
      if (task_is_overdue (task, now))
        {
          GtkWidget *overdue = gtk_label_new (_("Overdue"));

          gtk_widget_set_valign (overdue, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (overdue, "item-card-overdue");
          adw_action_row_add_suffix (row, overdue);
        }
    }

  return GTK_WIDGET (row);
}

/* Adding a task */

static void
task_add_clicked_cb (FcrmTasksSection *self)
{
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *due = NULL;

  if (self->item == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->task_title_entry))));
  due = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->task_due_entry))));

  task = fcrm_crm_task_add (self->crm, title, NULL,
                            *due != '\0' ? due : NULL,
                            NULL, self->item->type, self->item->id, &error);
  if (task == NULL)
    {
      /* The core's message says what to fix; the typed text stays. */
      set_error (self, error->message);
      gtk_widget_grab_focus (*title == '\0' || error->code != FCRM_ERROR_INVALID_INPUT
                             ? GTK_WIDGET (self->task_title_entry)
                             : (*due != '\0' ? GTK_WIDGET (self->task_due_entry)
                                             : GTK_WIDGET (self->task_title_entry)));
      return;
    }

  /* The database's "changed" redraws the card with the new task. */
  set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->task_title_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->task_due_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->task_title_entry));
}

static void
task_entry_activate_cb (FcrmTasksSection *self)
{
  task_add_clicked_cb (self);
}

static void
task_entry_changed_cb (FcrmTasksSection *self)
{
  /* The message was about the old text. */
  set_error (self, NULL);
}

/* FcrmCardSection */

static void
fcrm_tasks_section_set_data (FcrmCardSection *section,
                             FcrmCrm         *crm,
                             FcrmCardData    *data)
{
  FcrmTasksSection *self = FCRM_TASKS_SECTION (section);
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (crm));

  g_set_object (&self->crm, crm);
  g_set_object (&self->item, data->item);

  fcrm_card_clear_list (self->tasks_list);
  /* Open tasks first (as the core sorts them), done ones dimmed below. */
  for (guint i = 0; data->tasks != NULL && i < data->tasks->len; i++)
    gtk_list_box_append (self->tasks_list, task_row_new (self, g_ptr_array_index (data->tasks, i), now));
}

static void
fcrm_tasks_section_set_item (FcrmCardSection *section,
                             FcrmCrm         *crm,
                             FcrmItem        *item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = fcrm_crm_item_tasks (crm, item->type, item->id, &error);
  FcrmCardData data = { .item = item, .tasks = fcrm_card_read_part (tasks, "tasks", item, error) };

  fcrm_tasks_section_set_data (section, crm, &data);
}

static void
fcrm_tasks_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_tasks_section_set_item;
  iface->set_data = fcrm_tasks_section_set_data;
}

/* GObject */

static void
fcrm_tasks_section_dispose (GObject *object)
{
  FcrmTasksSection *self = FCRM_TASKS_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_TASKS_SECTION);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_tasks_section_parent_class)->dispose (object);
}

static void
fcrm_tasks_section_class_init (FcrmTasksSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_tasks_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-tasks-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksSection, tasks_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksSection, task_title_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksSection, task_due_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksSection, task_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksSection, task_error_label);
  gtk_widget_class_bind_template_callback (widget_class, task_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_entry_changed_cb);
}

static void
fcrm_tasks_section_init (FcrmTasksSection *self)
{
  GtkWidget *calendar;
  g_autofree char *example = NULL;
  g_autofree char *placeholder = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) sample = g_date_time_new_local (g_date_time_get_year (now), 12, 15, 14, 30, 0);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The due day from a calendar, or typed as the locale writes dates. */
  calendar = fcrm_date_button_new (GTK_EDITABLE (self->task_due_entry), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->task_due_entry))),
                              calendar, GTK_WIDGET (self->task_due_entry));
  example = fcrm_time_format_local_time (g_date_time_to_unix (sample));
  /* Translators: placeholder of the due date entry of a new task; %s is an
   * example date and time in the locale's format */
  placeholder = g_strdup_printf (_("Due, e.g. %s"), example);
  gtk_entry_set_placeholder_text (self->task_due_entry, placeholder);
}

GtkWidget *
fcrm_tasks_section_new (void)
{
  return g_object_new (FCRM_TYPE_TASKS_SECTION, NULL);
}
