#define G_LOG_DOMAIN "fcrm-preferences-robots"

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-preferences.h"
#include "fcrm-preferences-robots.h"
#include "fcrm-robot-editor.h"
#include "fcrm-robots.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* One expander per stage; its robot rows are rebuilt on every reload while
 * the expander itself (and whether it is open) stays. */
typedef struct
{
  char           *code;
  AdwExpanderRow *expander;
  GPtrArray      *rows;      /* rows added by the last reload */
} Section;

struct _FcrmPreferencesRobots
{
  AdwPreferencesPage  parent_instance;

  FcrmCrm            *crm;
  GPtrArray          *sections;     /* Section, in pipeline and stage order */
  GHashTable         *by_stage;     /* stage code → Section */
  GCancellable       *loading;      /* the read of the robots under way */
  gint64              focus_id;     /* a robot just saved: focused once shown */
};

G_DEFINE_FINAL_TYPE (FcrmPreferencesRobots, fcrm_preferences_robots, ADW_TYPE_PREFERENCES_PAGE)

static void
section_free (Section *section)
{
  g_free (section->code);
  g_ptr_array_unref (section->rows);
  g_free (section);
}

/* A visible widget's tooltip text asks the display where the pointer is (a
 * round trip to the X server): set it on a new widget while it is hidden. */
static void
set_tooltip_quietly (GtkWidget  *widget,
                     const char *text)
{
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, TRUE);
}

/* The preferences window: the editors' parent, where a saved robot gets the focus. */
static GtkWindow *
parent_window (FcrmPreferencesRobots *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
describe_when (FcrmRobot *robot)
{
  if (g_strcmp0 (robot->trigger, "delay") == 0)
    {
      gint64 d = robot->delay;

      if (d > 0 && d % DAY == 0)
        return g_strdup_printf (ngettext ("After %u day", "After %u days", (gulong) (d / DAY)), (guint) (d / DAY));
      if (d > 0 && d % HOUR == 0)
        return g_strdup_printf (ngettext ("After %u hour", "After %u hours", (gulong) (d / HOUR)), (guint) (d / HOUR));
      if (d > 0 && d % MINUTE == 0)
        return g_strdup_printf (ngettext ("After %u minute", "After %u minutes", (gulong) (d / MINUTE)), (guint) (d / MINUTE));
      return g_strdup_printf (ngettext ("After %u second", "After %u seconds", (gulong) d), (guint) d);
    }
  if (g_strcmp0 (robot->trigger, "at_field") == 0)
    return g_strdup (_("At the visit time"));
  return g_strdup (_("On entry"));
}

/* The row's subtitle: when it works and whom it tells, or what a built-in
 * robot does. */
static char *
describe_robot (FcrmPreferencesRobots *self,
                FcrmRobot             *robot)
{
  g_autofree char *when = describe_when (robot);
  g_autofree char *what = NULL;
  gboolean supervisors = g_strcmp0 (robot->recipient, "supervisors") == 0;

  if (g_strcmp0 (robot->action, "move") == 0)
    {
      FcrmStage *target = fcrm_crm_get_stage (self->crm, robot->target_stage);
      FcrmPipeline *pipeline = target != NULL ? fcrm_crm_get_pipeline (self->crm, target->pipeline) : NULL;

      if (target != NULL && pipeline != NULL)
        /* Translators: a built-in robot; the first %s is a stage, the second its pipeline */
        what = g_strdup_printf (_("Moves the deal to “%s” (%s)"), fcrm_stage_get_name (target),
                                fcrm_pipeline_get_name (pipeline));
      else
        what = g_strdup_printf (_("Moves the deal to “%s”"), robot->target_stage != NULL ? robot->target_stage : "");
    }
  else if (g_strcmp0 (robot->action, "lost_process") == 0)
    what = g_strdup (_("Lost-deal process: callback and reason tasks"));

  if (what != NULL)
    {
      if (g_strcmp0 (robot->trigger, "on_entry") == 0)
        return g_steal_pointer (&what);
      /* Translators: a robot's trigger and what it does, "After 1 day · to the supervisors" */
      return g_strdup_printf (_("%s · %s"), when, what);
    }

  if (g_strcmp0 (robot->action, "task") == 0)
    what = g_strdup (supervisors ? _("a task for each supervisor") : _("a task for the responsible person"));
  else
    what = g_strdup (supervisors ? _("to the supervisors") : _("to the responsible person"));
  return g_strdup_printf (_("%s · %s"), when, what);
}

static void
update_section_subtitle (Section *section,
                         guint    n_robots)
{
  g_autofree char *subtitle = NULL;

  if (n_robots == 0)
    subtitle = g_strdup (_("No robots"));
  else
    subtitle = g_strdup_printf (ngettext ("%u robot", "%u robots", n_robots), n_robots);
  adw_expander_row_set_subtitle (section->expander, subtitle);
}

static void
robot_switch_active_cb (GtkSwitch             *sw,
                        GParamSpec            *pspec,
                        FcrmPreferencesRobots *self)
{
  FcrmRobot *robot = g_object_get_data (G_OBJECT (sw), "fcrm-robot");
  gboolean was = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sw), "fcrm-enabled"));
  gboolean active = gtk_switch_get_active (sw);
  g_autoptr(GError) error = NULL;

  if (active == was)
    return;
  if (!fcrm_crm_robot_set_enabled (self->crm, robot->id, active, &error))
    {
      g_signal_handlers_block_by_func (sw, robot_switch_active_cb, self);
      gtk_switch_set_active (sw, was);
      g_signal_handlers_unblock_by_func (sw, robot_switch_active_cb, self);
      fcrm_preferences_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_object_set_data (G_OBJECT (sw), "fcrm-enabled", GINT_TO_POINTER (active));
}

static GtkWidget *
find_robot_row (FcrmPreferencesRobots  *self,
                gint64                  id,
                Section               **out_section)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      for (guint j = 0; j < section->rows->len; j++)
        {
          GtkWidget *row = g_ptr_array_index (section->rows, j);
          FcrmRobot *robot = g_object_get_data (G_OBJECT (row), "fcrm-robot");

          if (robot != NULL && robot->id == id)
            {
              *out_section = section;
              return row;
            }
        }
    }
  return NULL;
}

/* Keyboard users land on what they just saved, not at the top. */
static void
focus_saved (FcrmPreferencesRobots *self)
{
  Section *section = NULL;
  GtkWidget *row;

  if (self->focus_id == 0)
    return;
  row = find_robot_row (self, self->focus_id, &section);
  self->focus_id = 0;
  if (row != NULL)
    {
      adw_expander_row_set_expanded (section->expander, TRUE);
      gtk_window_set_focus (parent_window (self), row);
    }
}

static void
editor_saved_cb (FcrmRobotEditor       *editor,
                 gint64                 id,
                 FcrmPreferencesRobots *self)
{
  /* focused once the robots are read again */
  self->focus_id = id;
  fcrm_preferences_robots_reload (self);
}

static void
open_editor (FcrmPreferencesRobots *self,
             FcrmRobotEditor       *editor)
{
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_clicked_cb (GtkButton             *button,
                 FcrmPreferencesRobots *self)
{
  FcrmRobot *robot = g_object_get_data (G_OBJECT (button), "fcrm-robot");

  open_editor (self, fcrm_robot_editor_new_edit (self->crm, parent_window (self), robot));
}

static void
add_activated_cb (AdwActionRow          *row,
                  FcrmPreferencesRobots *self)
{
  const char *stage = g_object_get_data (G_OBJECT (row), "fcrm-stage");

  open_editor (self, fcrm_robot_editor_new_add (self->crm, parent_window (self), stage));
}

static GtkWidget *
create_robot_row (FcrmPreferencesRobots *self,
                  FcrmRobot             *robot)
{
  g_autofree char *subtitle = describe_robot (self, robot);
  g_autofree char *name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, robot->id);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fcrm_robot_get_text (robot));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  g_object_set_data_full (G_OBJECT (row), "fcrm-robot", g_object_ref (robot), g_object_unref);

  gtk_switch_set_active (GTK_SWITCH (sw), robot->enabled);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  set_tooltip_quietly (sw, _("Turn the robot on or off"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Robot enabled"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, fcrm_robot_get_text (robot),
                                  -1);
  g_object_set_data_full (G_OBJECT (sw), "fcrm-robot", g_object_ref (robot), g_object_unref);
  g_object_set_data (G_OBJECT (sw), "fcrm-enabled", GINT_TO_POINTER (robot->enabled ? TRUE : FALSE));
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (robot_switch_active_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);

  if (fcrm_robot_editor_can_edit (robot))
    {
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (edit, "flat");
      set_tooltip_quietly (edit, _("Edit Robot"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (edit),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit Robot"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, fcrm_robot_get_text (robot),
                                      -1);
      g_object_set_data_full (G_OBJECT (edit), "fcrm-robot", g_object_ref (robot), g_object_unref);
      g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      /* Activating the row (click, Enter) opens the editor. */
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
    }
  else
    {
      /* Where the "Edit" button would be: says why there is none, and keeps
       * the switches of a stage in one column. */
      GtkWidget *lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

      gtk_widget_set_size_request (lock, 34, -1);
      gtk_widget_add_css_class (lock, "dim-label");
      set_tooltip_quietly (lock, _("A built-in robot: it can only be turned on or off"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (lock),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("A built-in robot: it can only be turned on or off"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), lock);
    }

  return row;
}

static GtkWidget *
create_add_row (FcrmPreferencesRobots *self,
                Section               *section)
{
  g_autofree char *name = g_strdup_printf ("add-%s", section->code);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Add Robot…"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data_full (G_OBJECT (row), "fcrm-stage", g_strdup (section->code), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (add_activated_cb), self, 0);

  return row;
}

static gpointer
read_robots (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  return fcrm_crm_list_robots (worker, NULL, error);
}

static void
show_robots (FcrmPreferencesRobots *self,
             GPtrArray             *robots)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      for (guint j = 0; j < section->rows->len; j++)
        adw_expander_row_remove (section->expander, g_ptr_array_index (section->rows, j));
      g_ptr_array_set_size (section->rows, 0);
    }

  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *robot = g_ptr_array_index (robots, i);
      Section *section = g_hash_table_lookup (self->by_stage, robot->stage);
      GtkWidget *row;

      if (section == NULL)
        continue;
      row = create_robot_row (self, robot);
      adw_expander_row_add_row (section->expander, row);
      g_ptr_array_add (section->rows, row);
    }

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);
      GtkWidget *row;

      update_section_subtitle (section, section->rows->len);
      row = create_add_row (self, section);
      adw_expander_row_add_row (section->expander, row);
      g_ptr_array_add (section->rows, row);
    }
  focus_saved (self);
}

static void
robots_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmPreferencesRobots) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) robots = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (robots == NULL)
    {
      fcrm_preferences_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  show_robots (self, robots);
}

/* The robots are read on the worker: a slow office link never stops the
 * window; the rows are rebuilt when they are in. */
void
fcrm_preferences_robots_reload (FcrmPreferencesRobots *self)
{
  g_return_if_fail (FCRM_IS_PREFERENCES_ROBOTS (self));

  /* a newer read replaces an older one */
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_robots, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                       self->loading, robots_read_cb, g_object_ref (self));
}

/* One group per pipeline, one expander per stage: built once, the robots
 * inside come from fcrm_preferences_robots_reload(). */
static void
build_robot_page (FcrmPreferencesRobots *self)
{
  g_autoptr(GPtrArray) pipelines = fcrm_crm_list_pipelines (self->crm);

  for (guint i = 0; i < pipelines->len; i++)
    {
      FcrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), fcrm_pipeline_get_name (pipeline));
      for (guint j = 0; j < pipeline->stages->len; j++)
        {
          FcrmStage *stage = g_ptr_array_index (pipeline->stages, j);
          Section *section = g_new0 (Section, 1);
          g_autofree char *name = g_strdup_printf ("stage-%s", stage->code);

          section->code = g_strdup (stage->code);
          section->rows = g_ptr_array_new ();
          section->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
          gtk_widget_set_name (GTK_WIDGET (section->expander), name);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (section->expander), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (section->expander), fcrm_stage_get_name (stage));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (section->expander));

          g_ptr_array_add (self->sections, section);
          g_hash_table_insert (self->by_stage, section->code, section);
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
    }
}

static void
fcrm_preferences_robots_dispose (GObject *object)
{
  FcrmPreferencesRobots *self = FCRM_PREFERENCES_ROBOTS (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_preferences_robots_parent_class)->dispose (object);
}

static void
fcrm_preferences_robots_finalize (GObject *object)
{
  FcrmPreferencesRobots *self = FCRM_PREFERENCES_ROBOTS (object);

  g_clear_pointer (&self->by_stage, g_hash_table_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_preferences_robots_parent_class)->finalize (object);
}

static void
fcrm_preferences_robots_class_init (FcrmPreferencesRobotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_robots_dispose;
  object_class->finalize = fcrm_preferences_robots_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-preferences-robots.ui");
}

static void
fcrm_preferences_robots_init (FcrmPreferencesRobots *self)
{
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  self->by_stage = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_preferences_robots_new (FcrmCrm *crm)
{
  FcrmPreferencesRobots *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES_ROBOTS, NULL);
  self->crm = g_object_ref (crm);
  build_robot_page (self);

  return GTK_WIDGET (self);
}
