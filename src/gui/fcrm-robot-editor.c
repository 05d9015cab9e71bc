#define G_LOG_DOMAIN "fcrm-robot-editor"

#include <glib/gi18n.h>

#include "fcrm-robot-editor.h"
#include "fcrm-robots.h"
#include "fcrm-vocabulary.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)


/* Rows of the recipient and action combo rows, in the order of the .ui. */
static const char * const recipients[] = { "responsible", "supervisors" };
static const char * const actions[] = { "notify", "task" };
static const gint64 units[] = { MINUTE, HOUR, DAY };

struct _FcrmRobotEditor
{
  AdwWindow       parent_instance;

  FcrmCrm        *crm;
  char           *stage;
  FcrmRobot      *robot;          /* NULL: adding */
  const char     *triggers[3];    /* codes of trigger_row's items */
  guint           n_triggers;
  guint           n_units_shown;  /* the number the unit names agree with */

  AdwWindowTitle *window_title;
  GtkLabel       *error_label;
  AdwComboRow    *trigger_row;
  AdwActionRow   *visit_row;
  AdwActionRow   *delay_row;
  GtkEntry       *delay_entry;
  GtkDropDown    *delay_unit;
  GtkStringList  *delay_units;
  AdwComboRow    *recipient_row;
  AdwComboRow    *action_row;
  AdwActionRow   *fixed_action_row;
  GtkTextView    *text_view;
};

G_DEFINE_FINAL_TYPE (FcrmRobotEditor, fcrm_robot_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
index_of (const char * const *codes,
          guint               n_codes,
          const char         *code)
{
  for (guint i = 0; i < n_codes; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      return i;
  return 0;
}

static void
show_error (FcrmRobotEditor *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The unit names agree in number with the amount typed ("1 day", "5 days";
 * Russian has three forms), so the delay reads as a phrase. */
static void
update_unit_names (FcrmRobotEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->delay_entry));
  guint64 n = 0;
  guint selected;
  const char *names[4];

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &n, NULL))
    n = 2;   /* a neutral plural while the amount is not a number */
  if (self->n_units_shown == n && g_list_model_get_n_items (G_LIST_MODEL (self->delay_units)) == 3)
    return;
  self->n_units_shown = n;

  /* Translators: the unit after a delay amount typed in a field, "[2] minutes" */
  names[0] = ngettext ("minute", "minutes", n);
  /* Translators: the unit after a delay amount typed in a field, "[2] hours" */
  names[1] = ngettext ("hour", "hours", n);
  /* Translators: the unit after a delay amount typed in a field, "[2] days" */
  names[2] = ngettext ("day", "days", n);
  names[3] = NULL;

  selected = gtk_drop_down_get_selected (self->delay_unit);
  gtk_string_list_splice (self->delay_units, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->delay_units)),
                          names);
  gtk_drop_down_set_selected (self->delay_unit, selected != GTK_INVALID_LIST_POSITION ? selected : 2);
}

static void
delay_changed_cb (FcrmRobotEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->delay_entry), "error");
  update_unit_names (self);
}

static const char *
selected_trigger (FcrmRobotEditor *self)
{
  guint i = adw_combo_row_get_selected (self->trigger_row);

  return i < self->n_triggers ? self->triggers[i] : "on_entry";
}

static void
trigger_changed_cb (FcrmRobotEditor *self)
{
  const char *trigger = selected_trigger (self);

  gtk_widget_set_visible (GTK_WIDGET (self->delay_row), g_str_equal (trigger, "delay"));
  gtk_widget_set_visible (GTK_WIDGET (self->visit_row), g_str_equal (trigger, "at_field"));
}

/* Whole amounts only: letters, signs and fractions are refused here, the
 * allowed range (one minute … 365 days) is the core's rule. */
static gboolean
read_delay (FcrmRobotEditor *self,
            gint64          *out_seconds)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->delay_entry))));
  guint unit = gtk_drop_down_get_selected (self->delay_unit);
  guint64 n;

  if (*text == '\0')
    {
      show_error (self, _("Enter the delay as a whole number, for example 2."));
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        show_error (self, _("The delay must be a whole number of minutes, hours or days, for example 2."));
        return FALSE;
      }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &n, NULL))
    {
      show_error (self, _("The delay is too long: at most 365 days are allowed."));
      return FALSE;
    }
  *out_seconds = (gint64) n * units[unit < G_N_ELEMENTS (units) ? unit : 2];
  return TRUE;
}

static char *
dup_text (FcrmRobotEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_builtin (FcrmRobot *robot)
{
  return robot != NULL &&
         (g_strcmp0 (robot->action, "move") == 0 || g_strcmp0 (robot->action, "lost_process") == 0);
}

static void
save (FcrmRobotEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dup_text (self);
  FcrmRobotInput input = { 0, };
  gint64 id;

  input.stage = self->stage;
  input.trigger = selected_trigger (self);
  if (g_str_equal (input.trigger, "delay") && !read_delay (self, &input.delay))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->delay_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->delay_entry));
      return;
    }
  if (is_builtin (self->robot))
    {
      /* The core keeps the action of built-in robots; the lost-deal process
       * always works for the responsible person. */
      input.recipient = self->robot->recipient;
      input.action = "notify";
    }
  else
    {
      input.recipient = recipients[MIN (adw_combo_row_get_selected (self->recipient_row), G_N_ELEMENTS (recipients) - 1)];
      input.action = actions[MIN (adw_combo_row_get_selected (self->action_row), G_N_ELEMENTS (actions) - 1)];
    }
  /* An untouched built-in text stays the English source, so it keeps
   * following the user's language. */
  if (self->robot != NULL && g_strcmp0 (text, fcrm_robot_get_text (self->robot)) == 0)
    input.text = self->robot->text;
  else
    input.text = text;

  if (self->robot != NULL)
    id = fcrm_crm_robot_update (self->crm, self->robot->id, &input, &error) ? self->robot->id : 0;
  else
    id = fcrm_crm_robot_add (self->crm, &input, &error);

  if (id == 0)
    {
      show_error (self, error != NULL ? error->message : _("The robot could not be saved."));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (FCRM_ROBOT_EDITOR (widget));
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcrmRobotEditor *self = FCRM_ROBOT_EDITOR (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_insert_at_cursor (buffer, g_variant_get_string (parameter, NULL), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
fcrm_robot_editor_dispose (GObject *object)
{
  FcrmRobotEditor *self = FCRM_ROBOT_EDITOR (object);

  g_clear_object (&self->crm);
  g_clear_object (&self->robot);
  g_clear_pointer (&self->stage, g_free);

  G_OBJECT_CLASS (fcrm_robot_editor_parent_class)->dispose (object);
}

static void
fcrm_robot_editor_class_init (FcrmRobotEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_robot_editor_dispose;

  /**
   * FcrmRobotEditor::saved:
   * @id: the robot's id
   *
   * The robot was added or changed in the database.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-robot-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, trigger_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, visit_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, delay_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, delay_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, delay_unit);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, delay_units);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, action_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, fixed_action_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmRobotEditor, text_view);
  gtk_widget_class_bind_template_callback (widget_class, trigger_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, delay_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.insert", "s", insert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fcrm_robot_editor_init (FcrmRobotEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_unit_names (self);
}

/* Fill the trigger choices for the stage; "at the visit time" only where
 * deals have a visit time, or when the robot already uses it. */
static void
set_up (FcrmRobotEditor *self,
        FcrmCrm         *crm,
        GtkWindow       *parent,
        const char      *stage_code,
        FcrmRobot       *robot)
{
  g_autoptr(GtkStringList) triggers = gtk_string_list_new (NULL);
  FcrmStage *stage;
  FcrmPipeline *pipeline;
  g_autofree char *where = NULL;

  self->crm = g_object_ref (crm);
  self->stage = g_strdup (stage_code);
  self->robot = robot != NULL ? g_object_ref (robot) : NULL;
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  self->triggers[self->n_triggers++] = "on_entry";
  gtk_string_list_append (triggers, _("On entry to the stage"));
  self->triggers[self->n_triggers++] = "delay";
  gtk_string_list_append (triggers, _("After a delay"));
  if (fcrm_stage_takes_visit_time (stage_code) ||
      (robot != NULL && g_strcmp0 (robot->trigger, "at_field") == 0))
    {
      self->triggers[self->n_triggers++] = "at_field";
      gtk_string_list_append (triggers, _("At the visit time"));
    }
  adw_combo_row_set_model (self->trigger_row, G_LIST_MODEL (triggers));

  stage = fcrm_crm_get_stage (crm, stage_code);
  pipeline = stage != NULL ? fcrm_crm_get_pipeline (crm, stage->pipeline) : NULL;
  if (stage != NULL && pipeline != NULL)
    /* Translators: the stage and its pipeline under the editor's title, "In progress — Leads" */
    where = g_strdup_printf (_("%s — %s"), fcrm_stage_get_name (stage), fcrm_pipeline_get_name (pipeline));
  else
    where = g_strdup (stage_code);
  adw_window_title_set_subtitle (self->window_title, where);

  if (robot == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Robot"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Robot"));
      adw_combo_row_set_selected (self->trigger_row, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->delay_entry), "1");
      gtk_drop_down_set_selected (self->delay_unit, 2);
    }
  else
    {
      gint64 delay = robot->delay > 0 ? robot->delay : DAY;
      guint unit = delay % DAY == 0 ? 2 : delay % HOUR == 0 ? 1 : 0;
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, delay / units[unit]);

      adw_window_title_set_title (self->window_title, _("Edit Robot"));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Robot"));
      adw_combo_row_set_selected (self->trigger_row, index_of (self->triggers, self->n_triggers, robot->trigger));
      gtk_editable_set_text (GTK_EDITABLE (self->delay_entry), amount);
      gtk_drop_down_set_selected (self->delay_unit, unit);
      adw_combo_row_set_selected (self->recipient_row,
                                  index_of (recipients, G_N_ELEMENTS (recipients), robot->recipient));
      adw_combo_row_set_selected (self->action_row, index_of (actions, G_N_ELEMENTS (actions), robot->action));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), fcrm_robot_get_text (robot), -1);

      if (is_builtin (robot))
        {
          /* What a built-in robot does is fixed: say it, do not offer it. */
          gtk_widget_set_visible (GTK_WIDGET (self->recipient_row), FALSE);
          gtk_widget_set_visible (GTK_WIDGET (self->action_row), FALSE);
          gtk_widget_set_visible (GTK_WIDGET (self->fixed_action_row), TRUE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->fixed_action_row),
                                       _("Lost-deal process: a callback task for the responsible person, "
                                         "and a task to specify the reason when it is “Other”. "
                                         "The text below is the notification to the responsible person."));
        }
    }
  trigger_changed_cb (self);
  update_unit_names (self);
  gtk_widget_grab_focus (GTK_WIDGET (robot == NULL ? GTK_WIDGET (self->text_view) : GTK_WIDGET (self->trigger_row)));
}

FcrmRobotEditor *
fcrm_robot_editor_new_add (FcrmCrm    *crm,
                           GtkWindow  *parent,
                           const char *stage)
{
  FcrmRobotEditor *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (stage != NULL, NULL);

  self = g_object_new (FCRM_TYPE_ROBOT_EDITOR, NULL);
  set_up (self, crm, parent, stage, NULL);
  return self;
}

FcrmRobotEditor *
fcrm_robot_editor_new_edit (FcrmCrm    *crm,
                            GtkWindow  *parent,
                            FcrmRobot  *robot)
{
  FcrmRobotEditor *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (fcrm_robot_editor_can_edit (robot), NULL);

  self = g_object_new (FCRM_TYPE_ROBOT_EDITOR, NULL);
  set_up (self, crm, parent, robot->stage, robot);
  return self;
}

gboolean
fcrm_robot_editor_can_edit (FcrmRobot *robot)
{
  g_return_val_if_fail (FCRM_IS_ROBOT (robot), FALSE);

  /* The move robot has no recipient and no message of its own; the core
   * accepts only robots that tell somebody. */
  return g_strcmp0 (robot->action, "move") != 0;
}
