#define G_LOG_DOMAIN "test-user-dialog"

#include "fcrm-user-dialog.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiFixture Fixture;

typedef struct
{
  char    *chosen;
  guint    n_chosen;
  guint    n_demo;
  gboolean destroyed;
} Events;

static void
fixture_set_up_empty (Fixture       *fixture,
                      gconstpointer  data)
{
  fcrm_gui_fixture_set_up (fixture, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fcrm_gui_fixture_tear_down (fixture);
}

static void
user_chosen_cb (FcrmUserDialog *dialog,
                FcrmUser       *user,
                Events         *events)
{
  g_free (events->chosen);
  events->chosen = g_strdup (user->login);
  events->n_chosen++;
}

static void
demo_loaded_cb (FcrmUserDialog *dialog,
                Events         *events)
{
  events->n_demo++;
}

static void
destroy_cb (GtkWidget *dialog,
            Events    *events)
{
  events->destroyed = TRUE;
}

static FcrmUserDialog *
open_dialog (Fixture  *fixture,
             gboolean  first_start,
             Events   *events)
{
  FcrmUserDialog *dialog = fcrm_user_dialog_new (fixture->crm, NULL, first_start);

  g_signal_connect (dialog, "user-chosen", G_CALLBACK (user_chosen_cb), events);
  g_signal_connect (dialog, "demo-loaded", G_CALLBACK (demo_loaded_cb), events);
  g_signal_connect (dialog, "destroy", G_CALLBACK (destroy_cb), events);
  fcrm_gui_test_show (GTK_WIDGET (dialog));

  return dialog;
}

static gpointer
child (FcrmUserDialog *dialog,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), FCRM_TYPE_USER_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static void
fill_in (FcrmUserDialog *dialog,
         const char     *login,
         const char     *name,
         guint           role)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "login_row")), login);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "name_row")), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "role_row")), role);
}

static void
test_bad_login_is_shown_inline (Fixture       *fixture,
                                gconstpointer  data)
{
  Events events = { 0 };
  FcrmUserDialog *dialog = open_dialog (fixture, TRUE, &events);
  GtkWidget *error_label = child (dialog, "error_label");
  g_autoptr(GPtrArray) users = NULL;

  /* Nothing typed: nothing to add. */
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "add_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "users_group")));

  fill_in (dialog, "bad login!", "Bad Login", 0);
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "add_button")));
  g_signal_emit_by_name (child (dialog, "add_button"), "clicked");
  fcrm_gui_test_drain ();

  /* The core's message, in the dialog; nobody was chosen or written. */
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_cmpuint (events.n_chosen, ==, 0);
  g_assert_false (events.destroyed);
  users = fcrm_crm_list_users (fixture->crm, NULL);
  g_assert_cmpuint (users->len, ==, 0);

  /* Typing again clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "login_row")), "anna");
  g_assert_false (gtk_widget_get_visible (error_label));

  /* First start cannot be closed without choosing. */
  gtk_window_close (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_false (events.destroyed);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_free (events.chosen);
}

static void
test_first_start_with_demo (Fixture       *fixture,
                            gconstpointer  data)
{
  Events events = { 0 };
  FcrmUserDialog *dialog = open_dialog (fixture, TRUE, &events);
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_is_empty (fixture->crm));

  fill_in (dialog, "anna", "Anna Petrova", 2);
  g_signal_emit_by_name (child (dialog, "add_button"), "clicked");
  fcrm_gui_test_drain ();

  g_assert_cmpuint (events.n_chosen, ==, 1);
  g_assert_cmpstr (events.chosen, ==, "anna");
  user = fcrm_crm_find_user (fixture->crm, "anna", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->name, ==, "Anna Petrova");
  g_assert_cmpint (user->role, ==, FCRM_ROLE_SUPERVISOR);

  /* The database is empty: the dialog offers demo data next. */
  g_assert_false (events.destroyed);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "data");

  g_signal_emit_by_name (child (dialog, "demo_button"), "clicked");
  fcrm_gui_test_drain ();

  g_assert_cmpuint (events.n_demo, ==, 1);
  g_assert_true (events.destroyed);
  g_assert_false (fcrm_crm_is_empty (fixture->crm));

  g_free (events.chosen);
}

static void
test_first_start_clean (Fixture       *fixture,
                        gconstpointer  data)
{
  Events events = { 0 };
  FcrmUserDialog *dialog = open_dialog (fixture, TRUE, &events);

  fill_in (dialog, "igor", "", 0);
  g_signal_emit_by_name (child (dialog, "add_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_cmpstr (events.chosen, ==, "igor");

  g_signal_emit_by_name (child (dialog, "clean_button"), "clicked");
  fcrm_gui_test_drain ();

  g_assert_cmpuint (events.n_demo, ==, 0);
  g_assert_true (events.destroyed);
  g_assert_true (fcrm_crm_is_empty (fixture->crm));

  g_free (events.chosen);
}

static void
test_pick_existing_user (Fixture       *fixture,
                         gconstpointer  data)
{
  Events events = { 0 };
  FcrmUserDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) anna = NULL;
  g_autoptr(FcrmUser) olga = NULL;
  GtkListBox *list;
  GtkListBoxRow *row;

  anna = fcrm_crm_user_add (fixture->crm, "anna", "Anna Petrova", "manager", &error);
  g_assert_no_error (error);
  olga = fcrm_crm_user_add (fixture->crm, "olga", "Olga Novikova", "designer", &error);
  g_assert_no_error (error);
  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");

  /* Switching later: the database has data, so no demo offer. */
  dialog = open_dialog (fixture, FALSE, &events);
  g_assert_true (gtk_widget_get_visible (child (dialog, "users_group")));

  list = child (dialog, "users_list");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));

  /* Sorted by name: Anna, then Olga. */
  row = gtk_list_box_get_row_at_index (list, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Olga Novikova");
  g_signal_emit_by_name (list, "row-activated", row);
  fcrm_gui_test_drain ();

  g_assert_cmpstr (events.chosen, ==, "olga");
  g_assert_true (events.destroyed);

  g_free (events.chosen);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_empty, func, fixture_tear_down)

  ADD ("/user-dialog/bad-login", test_bad_login_is_shown_inline);
  ADD ("/user-dialog/first-start-demo", test_first_start_with_demo);
  ADD ("/user-dialog/first-start-clean", test_first_start_clean);
  ADD ("/user-dialog/pick-existing", test_pick_existing_user);

#undef ADD

  return g_test_run ();
}
