#define G_LOG_DOMAIN "fcrm-preferences"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-application.h"
#include "fcrm-error.h"
#include "fcrm-migrate.h"
#include "fcrm-office.h"
#include "fcrm-preferences.h"
#include "fcrm-robot-editor.h"
#include "fcrm-robots.h"
#include "fcrm-secrets.h"

#define SCHEMA_ID "com.example.FurnitureCRM"

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

struct _FcrmPreferences
{
  AdwPreferencesWindow  parent_instance;

  FcrmCrm              *crm;
  GSettings            *settings;
  GPtrArray            *sections;     /* Section, in pipeline and stage order */
  GHashTable           *by_stage;     /* stage code → Section */

  AdwPreferencesPage   *robots_page;
  AdwPreferencesPage   *general_page;
  GtkSpinButton        *interval_spin;
  AdwPreferencesGroup  *interval_group;
  AdwComboRow          *default_manager_row;
  GPtrArray            *managers;       /* logins behind the combo's items; [0] = NULL (round-robin) */
  gboolean              filling_managers;

  /* the Office Server page */
  char                 *location;        /* where the data lives now (no password) */
  GSettings            *app_settings;    /* `database`, `current-user`; NULL without the schema */
  GCancellable         *office_busy;     /* a connection test, switch or move under way */
  gboolean             disposed;
  AdwPreferencesPage   *office_page;
  AdwActionRow         *location_row;
  GtkImage             *location_icon;
  AdwActionRow         *signed_in_row;
  AdwActionRow         *local_row;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *database_row;
  AdwEntryRow          *login_row;
  AdwPasswordEntryRow  *password_row;
  GtkSpinner           *office_spinner;
  GtkButton            *test_button;
  GtkButton            *use_button;
  GtkLabel             *office_status_label;
  AdwPreferencesGroup  *move_group;
  GtkButton            *move_button;
  GtkProgressBar       *move_progress;
  GtkLabel             *move_status_label;
};

G_DEFINE_FINAL_TYPE (FcrmPreferences, fcrm_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static FcrmPreferences *the_window;

static void
section_free (Section *section)
{
  g_free (section->code);
  g_ptr_array_unref (section->rows);
  g_free (section);
}

static void
toast (FcrmPreferences *self,
       const char      *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* "On entry", "After 1 day", … */
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
describe_robot (FcrmPreferences *self,
                FcrmRobot       *robot)
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
robot_switch_active_cb (GtkSwitch       *sw,
                        GParamSpec      *pspec,
                        FcrmPreferences *self)
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
      toast (self, error->message);
      return;
    }
  g_object_set_data (G_OBJECT (sw), "fcrm-enabled", GINT_TO_POINTER (active));
}

static GtkWidget *
find_robot_row (FcrmPreferences *self,
                gint64           id,
                Section        **out_section)
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

static void
editor_saved_cb (FcrmRobotEditor *editor,
                 gint64           id,
                 FcrmPreferences *self)
{
  Section *section = NULL;
  GtkWidget *row;

  fcrm_preferences_reload (self);

  /* Keyboard users land on what they just saved, not at the top. */
  row = find_robot_row (self, id, &section);
  if (row != NULL)
    {
      adw_expander_row_set_expanded (section->expander, TRUE);
      gtk_window_set_focus (GTK_WINDOW (self), row);
    }
}

static void
open_editor (FcrmPreferences *self,
             FcrmRobotEditor *editor)
{
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_clicked_cb (GtkButton       *button,
                 FcrmPreferences *self)
{
  FcrmRobot *robot = g_object_get_data (G_OBJECT (button), "fcrm-robot");

  open_editor (self, fcrm_robot_editor_new_edit (self->crm, GTK_WINDOW (self), robot));
}

static void
add_activated_cb (AdwActionRow    *row,
                  FcrmPreferences *self)
{
  const char *stage = g_object_get_data (G_OBJECT (row), "fcrm-stage");

  open_editor (self, fcrm_robot_editor_new_add (self->crm, GTK_WINDOW (self), stage));
}

static GtkWidget *
create_robot_row (FcrmPreferences *self,
                  FcrmRobot       *robot)
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
  gtk_widget_set_tooltip_text (sw, _("Turn the robot on or off"));
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
      gtk_widget_set_tooltip_text (edit, _("Edit Robot"));
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
      gtk_widget_set_tooltip_text (lock, _("A built-in robot: it can only be turned on or off"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (lock),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("A built-in robot: it can only be turned on or off"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), lock);
    }

  return row;
}

static GtkWidget *
create_add_row (FcrmPreferences *self,
                Section         *section)
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

void
fcrm_preferences_reload (FcrmPreferences *self)
{
  g_autoptr(GPtrArray) robots = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_return_if_fail (FCRM_IS_PREFERENCES (self));

  robots = fcrm_crm_list_robots (self->crm, NULL, &error);
  if (robots == NULL)
    {
      toast (self, error->message);
      return;
    }

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
}

/* One group per pipeline, one expander per stage: built once, the robots
 * inside come from fcrm_preferences_reload(). */
static void
build_robot_page (FcrmPreferences *self)
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
      adw_preferences_page_add (self->robots_page, ADW_PREFERENCES_GROUP (group));
    }
}

/* The default manager lives in the database (shared by every desktop); the
 * check interval in GSettings, shown only when the schema is installed. */
static void
default_manager_selected_cb (FcrmPreferences *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->default_manager_row);

  if (self->filling_managers || self->managers == NULL || selected >= self->managers->len)
    return;
  if (!fcrm_crm_set_default_manager (self->crm, g_ptr_array_index (self->managers, selected), &error))
    toast (self, error->message);
}

static void
fill_default_managers (FcrmPreferences *self)
{
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (self->crm, NULL);
  g_autofree char *current = fcrm_crm_get_default_manager (self->crm);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  self->filling_managers = TRUE;
  g_clear_pointer (&self->managers, g_ptr_array_unref);
  self->managers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->managers, NULL);
  gtk_string_list_append (names, _("Each active manager in turn"));
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (users, i);

      if (u->role != FCRM_ROLE_MANAGER || !u->active)
        continue;
      if (g_strcmp0 (u->login, current) == 0)
        selected = self->managers->len;
      g_ptr_array_add (self->managers, g_strdup (u->login));
      gtk_string_list_append (names, u->name);
    }
  adw_combo_row_set_model (self->default_manager_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->default_manager_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->default_manager_row), fcrm_crm_may_set_default_manager (self->crm));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->default_manager_row),
                               fcrm_crm_may_set_default_manager (self->crm) ? "" : _("Only a supervisor can change this."));
  self->filling_managers = FALSE;
}

static void
set_up_general_page (FcrmPreferences *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_signal_connect_swapped (self->default_manager_row, "notify::selected",
                            G_CALLBACK (default_manager_selected_cb), self);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "check-interval"))
    {
      adw_preferences_page_remove (self->general_page, self->interval_group);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "check-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
}


/* ---- the Office Server page ------------------------------------------------ */

typedef enum {
  STATUS_NONE,
  STATUS_OK,
  STATUS_ERROR,
} Status;

static void
set_status_label (GtkLabel   *label,
                  Status      status,
                  const char *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (status == STATUS_OK)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
  else if (status == STATUS_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
office_status (FcrmPreferences *self,
               Status           status,
               const char      *text)
{
  set_status_label (self->office_status_label, status, text);
}

static void
set_office_busy (FcrmPreferences *self,
                 gboolean         busy)
{
  if (busy)
    {
      g_clear_object (&self->office_busy);
      self->office_busy = g_cancellable_new ();
    }
  else
    g_clear_object (&self->office_busy);

  gtk_widget_set_visible (GTK_WIDGET (self->office_spinner), busy);
  gtk_spinner_set_spinning (self->office_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->local_row), !busy);
}

static char *
row_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The form as an address, or NULL after saying what is missing. The
 * password is not part of it. */
static FcrmOfficeAddress *
form_address (FcrmPreferences *self)
{
  g_autofree char *host = row_text (self->host_row);
  g_autofree char *port_text = row_text (self->port_row);
  g_autofree char *database = row_text (self->database_row);
  g_autofree char *login = row_text (self->login_row);
  guint64 port = 0;

  if (*host == '\0')
    {
      office_status (self, STATUS_ERROR, _("Enter the office server’s name or address."));
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return NULL;
    }
  if (*port_text != '\0' &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      office_status (self, STATUS_ERROR, _("The port is a number from 1 to 65535; usually it is 5432."));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return NULL;
    }
  if (*database == '\0')
    {
      office_status (self, STATUS_ERROR, _("Enter the name of the database on the server."));
      gtk_widget_grab_focus (GTK_WIDGET (self->database_row));
      return NULL;
    }
  if (*login == '\0')
    {
      office_status (self, STATUS_ERROR, _("Enter your login."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return NULL;
    }

  return fcrm_office_address_new (host, port > 0 ? (int) port : 5432, database, login);
}

static GSettings *
app_settings (FcrmPreferences *self)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->app_settings != NULL)
    return self->app_settings;

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "database"))
    self->app_settings = g_settings_new_full (schema, NULL, NULL);

  return self->app_settings;
}

static void
update_where (FcrmPreferences *self)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);
  gboolean office = fcrm_office_is_location (self->location);

  if (office)
    address = fcrm_office_address_parse (self->location, NULL);

  if (address != NULL)
    {
      g_autofree char *description = fcrm_office_address_describe (address);
      g_autofree char *port = g_strdup_printf ("%d", address->port > 0 ? address->port : 5432);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row), _("On the office server"));
      adw_action_row_set_subtitle (self->location_row, description);
      gtk_image_set_from_icon_name (self->location_icon, "network-server-symbolic");

      /* The form shows the server in use, ready for a change. */
      gtk_editable_set_text (GTK_EDITABLE (self->host_row), address->host);
      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
      gtk_editable_set_text (GTK_EDITABLE (self->database_row), address->database);
      if (address->login != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->login_row), address->login);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row),
                                     office ? _("On the office server") : _("On this computer"));
      adw_action_row_set_subtitle (self->location_row, self->location != NULL ? self->location : "");
      gtk_image_set_from_icon_name (self->location_icon, office ? "network-server-symbolic" : "computer-symbolic");
    }

  if (office && actor != NULL)
    {
      g_autofree char *who = NULL;

      /* Translators: a person's name and their login, "Anna Petrova (anna)" */
      who = actor->name != NULL && *actor->name != '\0' && g_strcmp0 (actor->name, actor->login) != 0
            ? g_strdup_printf (_("%s (%s)"), actor->name, actor->login)
            : g_strdup (actor->login);
      adw_action_row_set_subtitle (self->signed_in_row, who);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->signed_in_row), office && actor != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->local_row), office);
  /* Only a database file can move to the server. */
  gtk_widget_set_visible (GTK_WIDGET (self->move_group), !office && self->location != NULL);
}

void
fcrm_preferences_set_location (FcrmPreferences *self,
                               const char      *location)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;

  g_return_if_fail (FCRM_IS_PREFERENCES (self));

  g_clear_pointer (&self->location, g_free);
  /* Never keep or show a password that came with the address. */
  if (fcrm_office_is_location (location) && (address = fcrm_office_address_parse (location, NULL)) != NULL)
    self->location = fcrm_office_address_to_location (address);
  else
    self->location = g_strdup (location);

  update_where (self);
}

const char *
fcrm_preferences_get_location (FcrmPreferences *self)
{
  g_return_val_if_fail (FCRM_IS_PREFERENCES (self), NULL);

  return self->location;
}

/* -- testing the connection -- */

static char *
not_a_user_message (const char *login)
{
  return g_strdup_printf (_("“%s” may connect but is not a Furniture CRM user in that database yet: ask your administrator to add you (furniture-crm-cli user add)."),
                          login);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcrmPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autofree char *description = NULL;
  g_autofree char *message = NULL;
  gboolean owner = FALSE;

  crm = fcrm_office_open_finish (result, &user, &owner, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_office_busy (self, FALSE);
  address = g_object_steal_data (G_OBJECT (self), "fcrm-tested");
  if (crm == NULL && address != NULL && g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
    {
      /* Connected, but the role may not read the CRM's data. */
      g_autofree char *not_user = not_a_user_message (address->login);

      message = g_strdup_printf ("%s\n%s", not_user, error->message);
      office_status (self, STATUS_ERROR, message);
      return;
    }
  if (crm == NULL)
    {
      message = g_strdup_printf (_("Could not connect: %s"), error->message);
      office_status (self, STATUS_ERROR, message);
      return;
    }

  description = address != NULL ? fcrm_office_address_describe (address) : g_strdup ("");
  if (user == NULL && owner)
    {
      /* The administrator, testing the server before moving data there. */
      /* Translators: %s is a database and server; then the owner's login */
      message = g_strdup_printf (_("Connected to %s as its owner “%s”: this computer’s data can be moved there. To work there, each person uses their own login."),
                                 description, address != NULL ? address->login : "");
      office_status (self, STATUS_OK, message);
      return;
    }
  if (user == NULL)
    {
      g_autofree char *not_user = not_a_user_message (address != NULL ? address->login : "");

      /* Translators: the first %s is a database and server, the second what is missing */
      message = g_strdup_printf (_("Connected to %s. %s"), description, not_user);
      office_status (self, STATUS_ERROR, message);
      return;
    }

  /* Translators: "Connected to crm on office:5432 as Anna Petrova." */
  message = g_strdup_printf (_("Connected to %s as %s."), description,
                             user->name != NULL && *user->name != '\0' ? user->name : user->login);
  office_status (self, STATUS_OK, message);
}

static void
test_clicked_cb (FcrmPreferences *self)
{
  g_autoptr(FcrmOfficeAddress) address = form_address (self);
  g_autofree char *password = NULL;

  if (address == NULL)
    return;

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  office_status (self, STATUS_NONE, _("Connecting…"));
  set_office_busy (self, TRUE);
  /* With its own database object on a worker thread: the window never waits. */
  fcrm_office_open_async (address, NULL, password, self->office_busy, test_done_cb, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "fcrm-tested", g_steal_pointer (&address),
                          (GDestroyNotify) fcrm_office_address_free);
  fcrm_office_wipe_free (g_steal_pointer (&password));
}

/* -- switching where the data lives -- */

static void
keyring_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FcrmPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fcrm_secrets_store_finish (result, &error))
    {
      g_message ("Cannot keep the office password in the keyring: %s", error->message);
      if (!self->disposed)
        toast (self, _("The password could not be kept: this desktop has no keyring. You will be asked for it next time."));
    }
}

static FcrmApplication *
get_application (void)
{
  GApplication *app = g_application_get_default ();

  return FCRM_IS_APPLICATION (app) ? FCRM_APPLICATION (app) : NULL;
}

static void
switch_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FcrmPreferences  *self)
{
  FcrmCrm *crm = g_object_get_data (G_OBJECT (dialog), "fcrm-crm");
  const char *location = g_object_get_data (G_OBJECT (dialog), "fcrm-location");
  FcrmApplication *app = get_application ();

  if (g_strcmp0 (response, "switch") == 0 && app != NULL && location != NULL)
    fcrm_application_open_location (app, location, crm);
}

/* Ask whether to switch at once; @crm (nullable) is open at @location. */
static void
offer_switch (FcrmPreferences *self,
              const char      *heading,
              const char      *body,
              const char      *location,
              FcrmCrm         *crm)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "switch", _("_Switch Now"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "switch");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  /* Without the application (tests) there is nothing to switch now. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "switch", get_application () != NULL);
  g_object_set_data_full (G_OBJECT (dialog), "fcrm-location", g_strdup (location), g_free);
  if (crm != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "fcrm-crm", g_object_ref (crm), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (switch_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcrmPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autofree char *password = NULL;
  g_autofree char *location = NULL;
  g_autofree char *server = NULL;
  g_autofree char *description = NULL;
  g_autofree char *body = NULL;
  GSettings *settings;

  crm = fcrm_office_open_finish (result, &user, NULL, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_office_busy (self, FALSE);
  address = g_object_steal_data (G_OBJECT (self), "fcrm-tested");
  if (crm == NULL && address != NULL && g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
    {
      g_autofree char *not_user = not_a_user_message (address->login);
      g_autofree char *message = g_strdup_printf ("%s\n%s", not_user, error->message);

      office_status (self, STATUS_ERROR, message);
      return;
    }
  if (crm == NULL || address == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect: %s"),
                                                  error != NULL ? error->message : "");
      office_status (self, STATUS_ERROR, message);
      return;
    }
  if (user == NULL)
    {
      g_autofree char *message = not_a_user_message (address->login);
      office_status (self, STATUS_ERROR, message);
      return;
    }
  if (!fcrm_crm_set_actor (crm, address->login, &error))
    {
      office_status (self, STATUS_ERROR, error->message);
      return;
    }

  /* The address (never the password) goes to the settings, the password
   * to the keyring. */
  location = fcrm_office_address_to_location (address);
  settings = app_settings (self);
  if (settings != NULL)
    {
      g_settings_set_string (settings, "database", location);
      g_settings_set_string (settings, "current-user", address->login);
    }
  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (*password != '\0')
    {
      server = fcrm_office_address_to_server (address);
      fcrm_secrets_store_async (server, address->login, password, NULL, keyring_stored_cb, g_object_ref (self));
    }
  fcrm_office_wipe_free (g_steal_pointer (&password));

  description = fcrm_office_address_describe (address);
  office_status (self, STATUS_OK, NULL);
  body = g_strdup_printf (_("From the next start Furniture CRM works on %s, signed in as %s. Switch now? Open cards and dialogs close."),
                          description, user->name != NULL && *user->name != '\0' ? user->name : user->login);
  offer_switch (self, _("Office Server Chosen"), body, location, crm);
}

static void
use_server_clicked_cb (FcrmPreferences *self)
{
  g_autoptr(FcrmOfficeAddress) address = form_address (self);
  g_autofree char *password = NULL;

  if (address == NULL)
    return;

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  office_status (self, STATUS_NONE, _("Connecting…"));
  set_office_busy (self, TRUE);
  fcrm_office_open_async (address, NULL, password, self->office_busy, use_done_cb, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "fcrm-tested", g_steal_pointer (&address),
                          (GDestroyNotify) fcrm_office_address_free);
  fcrm_office_wipe_free (g_steal_pointer (&password));
}

static void
use_local_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       FcrmPreferences  *self)
{
  g_autofree char *file = NULL;
  GSettings *settings;
  FcrmApplication *app;

  if (g_strcmp0 (response, "local") != 0)
    return;

  settings = app_settings (self);
  if (settings != NULL)
    g_settings_set_string (settings, "database", "");

  app = get_application ();
  file = fcrm_crm_default_location ();
  if (app != NULL)
    fcrm_application_open_location (app, file, NULL);
  else
    toast (self, _("This computer’s database is used from the next start."));
}

static void
use_local_clicked_cb (FcrmPreferences *self)
{
  g_autofree char *file = fcrm_crm_default_location ();
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Use This Computer Only?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Furniture CRM will work on this computer’s database file again (%s). What is on the office server stays there for the others."),
                                  file);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "local", _("_Use This Computer"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (use_local_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- moving this computer's data to the server -- */

typedef struct
{
  char               *file;         /* the database file */
  char               *uri;          /* the server, with the password */
  FcrmOfficeAddress  *address;
  GArray             *tables;       /* FcrmMigrateTable, the result */
  gboolean            already;
} MoveData;

typedef struct
{
  FcrmPreferences *self;
  GCancellable    *cancellable;
  char            *table;
  gint64           done;
  gint64           total;
} MoveProgress;

static void
move_data_free (MoveData *data)
{
  g_free (data->file);
  fcrm_office_wipe_free (data->uri);
  g_clear_pointer (&data->address, fcrm_office_address_free);
  if (data->tables != NULL)
    {
      for (guint i = 0; i < data->tables->len; i++)
        g_free (g_array_index (data->tables, FcrmMigrateTable, i).checksum);
      g_array_unref (data->tables);
    }
  g_free (data);
}

static gboolean
move_progress_idle (gpointer user_data)
{
  MoveProgress *progress = user_data;
  FcrmPreferences *self = progress->self;

  if (!self->disposed && !g_cancellable_is_cancelled (progress->cancellable))
    {
      g_autofree char *text = NULL;

      /* Translators: a table being copied, its rows done and all its rows: "leads: 5000 of 12000" */
      text = g_strdup_printf (_("%s: %" PRId64 " of %" PRId64),
                              progress->table, progress->done, progress->total);
      gtk_progress_bar_set_text (self->move_progress, text);
      gtk_progress_bar_set_fraction (self->move_progress,
                                     progress->total > 0 ? (double) progress->done / (double) progress->total : 1.0);
    }

  return G_SOURCE_REMOVE;
}

static void
move_progress_free (MoveProgress *progress)
{
  g_object_unref (progress->self);
  g_object_unref (progress->cancellable);
  g_free (progress->table);
  g_free (progress);
}

typedef struct
{
  FcrmPreferences *self;
  GCancellable    *cancellable;
} MoveThreadCtx;

/* Called on the worker thread: the widgets are updated on the main one. */
static void
move_progress_cb (const char *table,
                  gint64      done,
                  gint64      total,
                  gpointer    user_data)
{
  MoveThreadCtx *ctx = user_data;
  MoveProgress *progress = g_new0 (MoveProgress, 1);

  progress->self = g_object_ref (ctx->self);
  progress->cancellable = g_object_ref (ctx->cancellable);
  progress->table = g_strdup (table);
  progress->done = done;
  progress->total = total;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, move_progress_idle, progress, (GDestroyNotify) move_progress_free);
}

static void
move_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MoveData *data = task_data;
  MoveThreadCtx ctx = { FCRM_PREFERENCES (source_object), cancellable };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) source = NULL;

  /* FcrmCrm is not thread-safe: this thread opens the file for itself and
   * never touches the application's. */
  source = fcrm_crm_open (data->file, NULL, &error);
  if (source == NULL ||
      !fcrm_migrate_to (source, data->uri, move_progress_cb, &ctx, &data->tables, &data->already, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
move_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FcrmPreferences *self = FCRM_PREFERENCES (source);
  MoveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *description = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_office_busy (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->move_progress), FALSE);
      message = g_strdup_printf (_("The data was not moved: %s"), error->message);
      set_status_label (self->move_status_label, STATUS_ERROR, message);
      return;
    }

  if (self->disposed)
    return;

  set_office_busy (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->move_progress), FALSE);
  description = fcrm_office_address_describe (data->address);

  if (data->already)
    message = g_strdup_printf (_("%s already holds this computer’s data: nothing was copied. Choose “Use This Server” to work there."),
                               description);
  else
    {
      gint64 rows = 0;
      guint tables = data->tables != NULL ? data->tables->len : 0;
      g_autofree char *tables_text = NULL;
      g_autofree char *rows_text = NULL;

      for (guint i = 0; i < tables; i++)
        rows += g_array_index (data->tables, FcrmMigrateTable, i).rows;
      tables_text = g_strdup_printf (ngettext ("%u table", "%u tables", tables), tables);
      rows_text = g_strdup_printf (ngettext ("%" PRId64 " row", "%" PRId64 " rows",
                                             (gulong) MIN (rows, G_MAXLONG)),
                                   rows);
      /* Translators: "Moved to crm on office:5432 and checked: 21 tables, 1234 rows, each the same as here. …" */
      message = g_strdup_printf (_("Moved to %s and checked: %s, %s, each the same as here. Choose “Use This Server” to work there from now on."),
                                 description, tables_text, rows_text);
    }
  set_status_label (self->move_status_label, STATUS_OK, message);
}

static void
move_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  FcrmPreferences  *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autofree char *password = NULL;
  MoveData *data;

  if (g_strcmp0 (response, "move") != 0)
    return;

  address = form_address (self);
  if (address == NULL)
    return;

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  data = g_new0 (MoveData, 1);
  data->file = g_strdup (self->location);
  data->uri = fcrm_office_connection_uri (address, NULL, password);
  data->address = g_steal_pointer (&address);
  fcrm_office_wipe_free (g_steal_pointer (&password));

  set_office_busy (self, TRUE);
  office_status (self, STATUS_NONE, NULL);
  set_status_label (self->move_status_label, STATUS_NONE, NULL);
  gtk_progress_bar_set_fraction (self->move_progress, 0);
  gtk_progress_bar_set_text (self->move_progress, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->move_progress), TRUE);

  task = g_task_new (self, self->office_busy, move_done_cb, NULL);
  g_task_set_source_tag (task, move_response_cb);
  g_task_set_name (task, "[fcrm] move to the office server");
  g_task_set_task_data (task, data, (GDestroyNotify) move_data_free);
  g_task_run_in_thread (task, move_thread);
}

static void
move_clicked_cb (FcrmPreferences *self)
{
  g_autoptr(FcrmOfficeAddress) address = form_address (self);
  g_autofree char *description = NULL;
  GtkWidget *dialog;

  if (address == NULL)
    return;

  description = fcrm_office_address_describe (address);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Move This Computer’s Data to the Office Server?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Everything in this computer’s database is copied to %s and checked table by table. This computer’s file stays as it is. The server’s database must be empty."),
                                  description);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "move");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fcrm_preferences_dispose (GObject *object)
{
  FcrmPreferences *self = FCRM_PREFERENCES (object);

  /* Work under way finishes without us: its results find nothing to show. */
  self->disposed = TRUE;
  if (self->office_busy != NULL)
    g_cancellable_cancel (self->office_busy);
  g_clear_object (&self->office_busy);
  g_clear_object (&self->app_settings);
  g_clear_object (&self->settings);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_preferences_parent_class)->dispose (object);
}

static void
fcrm_preferences_finalize (GObject *object)
{
  FcrmPreferences *self = FCRM_PREFERENCES (object);

  g_clear_pointer (&self->by_stage, g_hash_table_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->managers, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_preferences_parent_class)->finalize (object);
}

static void
fcrm_preferences_class_init (FcrmPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_dispose;
  object_class->finalize = fcrm_preferences_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, robots_page);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, general_page);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, interval_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, default_manager_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, office_page);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, location_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, location_icon);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, signed_in_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, local_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, host_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, port_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, database_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, login_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, password_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, office_spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, test_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, use_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, office_status_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, move_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, move_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, move_progress);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferences, move_status_label);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_server_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_local_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_clicked_cb);
}

static void
fcrm_preferences_init (FcrmPreferences *self)
{
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  self->by_stage = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));
  set_up_general_page (self);
}

FcrmPreferences *
fcrm_preferences_new (FcrmCrm *crm)
{
  FcrmPreferences *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES, NULL);
  self->crm = g_object_ref (crm);
  build_robot_page (self);
  fcrm_preferences_reload (self);
  fill_default_managers (self);
  update_where (self);

  return self;
}

void
fcrm_preferences_present (GtkWindow *parent,
                          FcrmCrm   *crm)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));

  if (the_window != NULL && the_window->crm != crm)
    gtk_window_destroy (GTK_WINDOW (the_window));

  if (the_window != NULL)
    fcrm_preferences_reload (the_window);
  else
    {
      FcrmApplication *app = get_application ();

      the_window = fcrm_preferences_new (crm);
      g_object_add_weak_pointer (G_OBJECT (the_window), (gpointer *) &the_window);
      if (app != NULL)
        fcrm_preferences_set_location (the_window, fcrm_application_get_location (app));
    }

  gtk_window_set_transient_for (GTK_WINDOW (the_window), parent);
  gtk_window_present (GTK_WINDOW (the_window));
}
