#define G_LOG_DOMAIN "test-preferences"

#include "fcrm-preferences.h"
#include "fcrm-preferences-general.h"
#include "fcrm-robot-editor.h"
#include "fcrm-robots.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fcrm_gui_fixture_set_up (fixture, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  fcrm_gui_test_drain ();
  fcrm_gui_fixture_tear_down (fixture);
}

static gpointer
find_toplevel (GType type)
{
  GList *windows = gtk_window_list_toplevels ();
  gpointer found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

/* Activating a button in GTK 4 clicks it after a short delay. */
static gpointer
wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gpointer found;

  while ((found = find_toplevel (type)) == NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  return found;
}

static void
wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  g_assert_true (gtk_widget_get_mapped (widget));
}

static void
count_robot_rows (GtkWidget *root,
                  guint     *n)
{
  if (g_str_has_prefix (gtk_widget_get_name (root), "robot-"))
    (*n)++;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    count_robot_rows (c, n);
}

static FcrmPreferences *
open_preferences (Fixture *fixture)
{
  FcrmPreferences *prefs;

  fcrm_preferences_present (NULL, fixture->crm);
  prefs = find_toplevel (FCRM_TYPE_PREFERENCES);
  g_assert_nonnull (prefs);
  fcrm_gui_test_show (GTK_WIDGET (prefs));
  return prefs;
}

static GPtrArray *
robots_of (Fixture    *fixture,
           const char *stage)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *robots = fcrm_crm_list_robots (fixture->crm, stage, &error);

  g_assert_no_error (error);
  g_assert_nonnull (robots);
  return robots;
}

static gpointer
editor_child (FcrmRobotEditor *editor,
              const char      *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (editor), FCRM_TYPE_ROBOT_EDITOR, name);

  g_assert_nonnull (object);
  return object;
}

static FcrmRobotEditor *
open_add_editor (FcrmPreferences *prefs,
                 const char      *stage)
{
  g_autofree char *name = g_strdup_printf ("add-%s", stage);
  GtkWidget *add_row = fcrm_gui_test_find_named (GTK_WIDGET (prefs), name);
  FcrmRobotEditor *editor;

  g_assert_nonnull (add_row);
  g_signal_emit_by_name (add_row, "activated");
  fcrm_gui_test_drain ();
  editor = find_toplevel (FCRM_TYPE_ROBOT_EDITOR);
  g_assert_nonnull (editor);
  fcrm_gui_test_show (GTK_WIDGET (editor));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (prefs));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  return editor;
}

static void
fill_editor (FcrmRobotEditor *editor,
             guint            trigger,
             const char      *amount,
             guint            unit,
             const char      *text)
{
  adw_combo_row_set_selected (editor_child (editor, "trigger_row"), trigger);
  gtk_editable_set_text (editor_child (editor, "delay_entry"), amount);
  gtk_drop_down_set_selected (editor_child (editor, "delay_unit"), unit);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (editor_child (editor, "text_view")), text, -1);
}

static void
save_editor (FcrmRobotEditor *editor)
{
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fcrm_gui_test_drain ();
}

static const char *
inline_error (FcrmRobotEditor *editor)
{
  GtkWidget *label = editor_child (editor, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
test_robot_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  g_autoptr(GPtrArray) robots = robots_of (fixture, "lead.new");
  GtkWidget *section = fcrm_gui_test_find_named (GTK_WIDGET (prefs), "stage-lead.new");
  guint n = 0;

  g_assert_nonnull (section);
  g_assert_cmpuint (robots->len, ==, 3);
  count_robot_rows (section, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (section)), ==, "3 robots");

  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *robot = g_ptr_array_index (robots, i);
      g_autofree char *name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, robot->id);
      GtkWidget *row = fcrm_gui_test_find_named (section, name);

      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, fcrm_robot_get_text (robot));
    }
  {
    FcrmRobot *first = g_ptr_array_index (robots, 0);
    FcrmRobot *last = g_ptr_array_index (robots, 2);
    g_autofree char *first_name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, first->id);
    g_autofree char *last_name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, last->id);

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (fcrm_gui_test_find_named (section, first_name))), ==,
                     "On entry · to the responsible person");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (fcrm_gui_test_find_named (section, last_name))), ==,
                     "After 3 days · to the supervisors");
  }

  /* Every stage has a section, also those without robots. */
  section = fcrm_gui_test_find_named (GTK_WIDGET (prefs), "stage-lead.junk");
  g_assert_nonnull (section);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (section)), ==, "No robots");
  g_assert_nonnull (fcrm_gui_test_find_named (section, "add-lead.junk"));

  /* A second call raises the same window. */
  fcrm_preferences_present (NULL, fixture->crm);
  fcrm_gui_test_drain ();
  g_assert_true (find_toplevel (FCRM_TYPE_PREFERENCES) == (gpointer) prefs);
}

static void
test_builtin_robots (Fixture       *fixture,
                     gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  g_autoptr(GPtrArray) moves = robots_of (fixture, "design.to_installation");
  g_autoptr(GPtrArray) lost = robots_of (fixture, "mfg.lost");
  FcrmRobot *move = g_ptr_array_index (moves, 0);
  FcrmRobot *process = g_ptr_array_index (lost, 0);
  g_autofree char *move_name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, move->id);
  g_autofree char *lost_name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, process->id);
  GtkWidget *row;
  FcrmRobotEditor *editor;

  row = fcrm_gui_test_find_named (GTK_WIDGET (prefs), move_name);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Moves the deal to “Contract” (Manufacturing)");
  g_assert_nonnull (fcrm_gui_test_find_type (row, GTK_TYPE_SWITCH));
  g_assert_null (fcrm_gui_test_find_type (row, GTK_TYPE_BUTTON));   /* no "Edit" */
  g_assert_false (fcrm_robot_editor_can_edit (move));

  row = fcrm_gui_test_find_named (GTK_WIDGET (prefs), lost_name);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Lost-deal process: callback and reason tasks");

  /* The lost-deal robot's action is shown, not offered. */
  editor = fcrm_robot_editor_new_edit (fixture->crm, GTK_WINDOW (prefs), process);
  fcrm_gui_test_show (GTK_WIDGET (editor));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "action_row")));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "recipient_row")));
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "fixed_action_row")));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (editor_child (editor, "text_view")),
                            "Lost: {item}. Call back.", -1);
  save_editor (editor);
  g_assert_null (find_toplevel (FCRM_TYPE_ROBOT_EDITOR));
  {
    g_autoptr(GPtrArray) after = robots_of (fixture, "mfg.lost");
    FcrmRobot *changed = g_ptr_array_index (after, 0);

    g_assert_cmpstr (changed->action, ==, "lost_process");
    g_assert_cmpstr (changed->recipient, ==, "responsible");
    g_assert_cmpstr (changed->text, ==, "Lost: {item}. Call back.");
  }
}

static void
test_toggle (Fixture       *fixture,
             gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  g_autoptr(GPtrArray) robots = robots_of (fixture, "lead.new");
  g_autoptr(GPtrArray) after = NULL;
  FcrmRobot *robot = g_ptr_array_index (robots, 1);
  g_autofree char *name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, robot->id);
  GtkWidget *row = fcrm_gui_test_find_named (GTK_WIDGET (prefs), name);
  GtkSwitch *sw;

  g_assert_nonnull (row);
  g_assert_true (robot->enabled);
  sw = GTK_SWITCH (fcrm_gui_test_find_type (row, GTK_TYPE_SWITCH));
  g_assert_nonnull (sw);
  g_assert_true (gtk_switch_get_active (sw));

  gtk_switch_set_active (sw, FALSE);
  fcrm_gui_test_drain ();
  after = robots_of (fixture, "lead.new");
  g_assert_false (((FcrmRobot *) g_ptr_array_index (after, 1))->enabled);
  g_assert_true (((FcrmRobot *) g_ptr_array_index (after, 0))->enabled);
  g_clear_pointer (&after, g_ptr_array_unref);

  gtk_switch_set_active (sw, TRUE);
  fcrm_gui_test_drain ();
  after = robots_of (fixture, "lead.new");
  g_assert_true (((FcrmRobot *) g_ptr_array_index (after, 1))->enabled);
}

static void
test_add_robot (Fixture       *fixture,
                gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  g_autoptr(GPtrArray) before = robots_of (fixture, "lead.in_progress");
  g_autoptr(GPtrArray) after = NULL;
  FcrmRobotEditor *editor = open_add_editor (prefs, "lead.in_progress");
  const char *bad[] = { "abc", "-2", "", "1.5", " 2x" };
  FcrmRobot *added = NULL;
  g_autofree char *name = NULL;
  GtkWidget *section;
  GtkWidget *row;
  guint n = 0;

  g_assert_cmpuint (before->len, ==, 2);

  /* Leads have no visit time: on entry and after a delay only. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (editor_child (editor, "trigger_row"))), ==, 2);
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "delay_row")));
  adw_combo_row_set_selected (editor_child (editor, "trigger_row"), 1);
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "delay_row")));

  /* A malformed amount is caught before the core is asked. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) now = NULL;

      fill_editor (editor, 1, bad[i], 1, "Call about {item}");
      save_editor (editor);
      g_assert_true (find_toplevel (FCRM_TYPE_ROBOT_EDITOR) == (gpointer) editor);
      g_assert_nonnull (inline_error (editor));
      g_assert_true (g_str_has_prefix (inline_error (editor), "The delay must be") ||
                     g_str_has_prefix (inline_error (editor), "Enter the delay"));
      g_assert_true (gtk_widget_has_css_class (editor_child (editor, "delay_entry"), "error"));
      now = robots_of (fixture, "lead.in_progress");
      g_assert_cmpuint (now->len, ==, 2);
    }

  /* The core's rules show inline too: zero minutes is too short, no text is refused. */
  fill_editor (editor, 1, "0", 0, "Call about {item}");
  save_editor (editor);
  g_assert_cmpstr (inline_error (editor), ==, "A delay must be between one minute and 365 days.");
  fill_editor (editor, 1, "2", 1, "   ");
  save_editor (editor);
  g_assert_cmpstr (inline_error (editor), ==, "A robot needs a text of at most 1000 characters.");
  after = robots_of (fixture, "lead.in_progress");
  g_assert_cmpuint (after->len, ==, 2);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* 2 hours, to the supervisors, as a task */
  fill_editor (editor, 1, "2", 1, "Call about {item} ({stage})");
  adw_combo_row_set_selected (editor_child (editor, "recipient_row"), 1);
  adw_combo_row_set_selected (editor_child (editor, "action_row"), 1);
  save_editor (editor);
  g_assert_null (find_toplevel (FCRM_TYPE_ROBOT_EDITOR));

  after = robots_of (fixture, "lead.in_progress");
  g_assert_cmpuint (after->len, ==, 3);
  for (guint i = 0; i < after->len; i++)
    if (g_strcmp0 (((FcrmRobot *) g_ptr_array_index (after, i))->text, "Call about {item} ({stage})") == 0)
      added = g_ptr_array_index (after, i);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->trigger, ==, "delay");
  g_assert_cmpint (added->delay, ==, 7200);
  g_assert_cmpstr (added->recipient, ==, "supervisors");
  g_assert_cmpstr (added->action, ==, "task");
  g_assert_true (added->enabled);

  /* The page shows it at once, with its description. */
  section = fcrm_gui_test_find_named (GTK_WIDGET (prefs), "stage-lead.in_progress");
  count_robot_rows (section, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (section)), ==, "3 robots");
  name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, added->id);
  row = fcrm_gui_test_find_named (section, name);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Call about {item} ({stage})");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "After 2 hours · a task for each supervisor");
}

static void
test_edit_robot (Fixture       *fixture,
                 gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  g_autoptr(GPtrArray) robots = robots_of (fixture, "lead.new");
  g_autoptr(GPtrArray) after = NULL;
  FcrmRobot *robot = g_ptr_array_index (robots, 1);   /* after 1 day, to R */
  g_autofree char *name = g_strdup_printf ("robot-%" G_GINT64_FORMAT, robot->id);
  GtkWidget *row = fcrm_gui_test_find_named (GTK_WIDGET (prefs), name);
  FcrmRobotEditor *editor;
  g_autofree char *source_text = g_strdup (robot->text);

  /* Activating the row opens the editor, filled in. */
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (fcrm_gui_test_find_named (GTK_WIDGET (prefs), "stage-lead.new")), TRUE);
  wait_until_mapped (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  editor = wait_for_toplevel (FCRM_TYPE_ROBOT_EDITOR);
  g_assert_nonnull (editor);
  fcrm_gui_test_show (GTK_WIDGET (editor));
  g_assert_cmpuint (adw_combo_row_get_selected (editor_child (editor, "trigger_row")), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (editor_child (editor, "delay_entry")), ==, "1");
  g_assert_cmpuint (gtk_drop_down_get_selected (editor_child (editor, "delay_unit")), ==, 2);

  /* Only the delay changes: the text stays the translatable source. */
  gtk_editable_set_text (editor_child (editor, "delay_entry"), "36");
  gtk_drop_down_set_selected (editor_child (editor, "delay_unit"), 1);
  save_editor (editor);
  g_assert_null (find_toplevel (FCRM_TYPE_ROBOT_EDITOR));

  after = robots_of (fixture, "lead.new");
  g_assert_cmpint (((FcrmRobot *) g_ptr_array_index (after, 1))->delay, ==, 36 * 3600);
  g_assert_cmpstr (((FcrmRobot *) g_ptr_array_index (after, 1))->text, ==, source_text);
  row = fcrm_gui_test_find_named (GTK_WIDGET (prefs), name);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "After 36 hours · to the responsible person");
}

static void
test_visit_trigger (Fixture       *fixture,
                    gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  FcrmRobotEditor *editor = open_add_editor (prefs, "repair.paid_repair");
  g_autoptr(GPtrArray) after = NULL;
  guint n_before;

  {
    g_autoptr(GPtrArray) before = robots_of (fixture, "repair.paid_repair");
    n_before = before->len;
  }
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (editor_child (editor, "trigger_row"))), ==, 3);
  /* the amount is irrelevant for this trigger, even when malformed */
  fill_editor (editor, 2, "abc", 0, "Has the master of {item} arrived?");
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "delay_row")));
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "visit_row")));
  save_editor (editor);
  g_assert_null (find_toplevel (FCRM_TYPE_ROBOT_EDITOR));

  after = robots_of (fixture, "repair.paid_repair");
  g_assert_cmpuint (after->len, ==, n_before + 1);
  g_assert_cmpstr (((FcrmRobot *) g_ptr_array_index (after, after->len - 1))->trigger, ==, "at_field");
}

static void
test_general_page (Fixture       *fixture,
                   gconstpointer  data)
{
  FcrmPreferences *prefs = open_preferences (fixture);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkSpinButton *spin;

  /* The tests run with the compiled schema: the page is there. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "com.example.FurnitureCRM", TRUE);
  g_assert_nonnull (schema);
  settings = g_settings_new ("com.example.FurnitureCRM");
  spin = GTK_SPIN_BUTTON (fcrm_gui_test_find_type_child (GTK_WIDGET (prefs), FCRM_TYPE_PREFERENCES_GENERAL, "interval_spin"));
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, g_settings_get_uint (settings, "check-interval"));

  gtk_spin_button_set_value (spin, 120);
  g_assert_cmpuint (g_settings_get_uint (settings, "check-interval"), ==, 120);
  g_settings_set_uint (settings, "check-interval", 30);
  fcrm_gui_test_drain ();
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 30);
  /* the range of the schema */
  gtk_spin_button_set_value (spin, 1);
  g_assert_cmpuint (g_settings_get_uint (settings, "check-interval"), ==, 5);
}

static void
test_default_manager (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) boris = fcrm_crm_user_add (fixture->crm, "boris", "Boris Lee", "manager", &error);
  g_autoptr(FcrmUser) sveta = fcrm_crm_user_add (fixture->crm, "sveta", "Sveta Kim", "supervisor", &error);
  FcrmPreferences *prefs = open_preferences (fixture);
  AdwComboRow *row = NULL;
  GListModel *names;
  g_autofree char *stored = NULL;

  /* a manager sees the choice but cannot make it */
  row = ADW_COMBO_ROW (fcrm_gui_test_find_type (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  gtk_window_destroy (GTK_WINDOW (prefs));
  fcrm_gui_test_drain ();
  g_assert_true (fcrm_crm_set_actor (fixture->crm, "sveta", &error));
  prefs = open_preferences (fixture);

  /* the combo is the only AdwComboRow of the General page */
  row = ADW_COMBO_ROW (fcrm_gui_test_find_type (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  names = adw_combo_row_get_model (row);
  /* round-robin, then the active managers only (no supervisor) */
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_null (fcrm_crm_get_default_manager (fixture->crm));

  for (guint i = 1; i < 3; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Boris Lee") == 0)
      adw_combo_row_set_selected (row, i);
  stored = fcrm_crm_get_default_manager (fixture->crm);
  g_assert_cmpstr (stored, ==, "boris");

  adw_combo_row_set_selected (row, 0);
  g_assert_null (fcrm_crm_get_default_manager (fixture->crm));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

  g_test_add ("/preferences/robot-rows", Fixture, NULL, fixture_set_up, test_robot_rows, fixture_tear_down);
  g_test_add ("/preferences/builtin-robots", Fixture, NULL, fixture_set_up, test_builtin_robots, fixture_tear_down);
  g_test_add ("/preferences/toggle", Fixture, NULL, fixture_set_up, test_toggle, fixture_tear_down);
  g_test_add ("/preferences/add-robot", Fixture, NULL, fixture_set_up, test_add_robot, fixture_tear_down);
  g_test_add ("/preferences/edit-robot", Fixture, NULL, fixture_set_up, test_edit_robot, fixture_tear_down);
  g_test_add ("/preferences/visit-trigger", Fixture, NULL, fixture_set_up, test_visit_trigger, fixture_tear_down);
  g_test_add ("/preferences/general-page", Fixture, NULL, fixture_set_up, test_general_page, fixture_tear_down);
  g_test_add ("/preferences/default-manager", Fixture, NULL, fixture_set_up, test_default_manager, fixture_tear_down);

  return g_test_run ();
}
