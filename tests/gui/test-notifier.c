#define G_LOG_DOMAIN "test-notifier"

#include <glib/gstdio.h>

#include "fcrm-inbox.h"
#include "fcrm-inbox-popover.h"
#include "fcrm-notifier.h"
#include "fcrm-gui-test.h"

/* Desktop notifications go to a python-dbusmock notification daemon on a
 * private session bus (GTestDBus), so the test needs no desktop and never
 * shares a bus with anything else. */

#define MOCK_NAME "org.freedesktop.Notifications"
#define MOCK_PATH "/org/freedesktop/Notifications"

static GSubprocess *mock_daemon;
static char *mock_problem;   /* why notifications cannot be tested here */

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
  fcrm_gui_fixture_tear_down (fixture);
}

static GDBusConnection *
session_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  return bus;
}

static gboolean
name_has_owner (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", MOCK_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

static void
start_mock_daemon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  gint64 deadline;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      mock_problem = g_strdup ("/usr/bin/python3 is missing");
      return;
    }

  mock_daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                  "/usr/bin/python3", "-m", "dbusmock",
                                  "--template", "notification_daemon", NULL);
  if (mock_daemon == NULL)
    {
      mock_problem = g_strdup_printf ("cannot start dbusmock: %s", error->message);
      return;
    }

  bus = session_bus ();
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!name_has_owner (bus))
    {
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (mock_daemon) == NULL)
        {
          mock_problem = g_strdup ("the dbusmock notification daemon did not appear "
                                   "(is python3-dbusmock installed?)");
          return;
        }
      g_usleep (20 * 1000);
    }
}

/* The Notify calls the mock daemon received, oldest first: each an
 * (app_name, replaces_id, app_icon, summary, body, actions, hints, timeout). */
static GPtrArray *
notify_calls (void)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) calls = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  GVariantIter iter;
  const char *method;
  GVariant *args;

  reply = g_dbus_connection_call_sync (bus, MOCK_NAME, MOCK_PATH,
                                       "org.freedesktop.DBus.Mock", "GetCalls",
                                       NULL, G_VARIANT_TYPE ("(a(tsav))"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  calls = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, calls);
  while (g_variant_iter_next (&iter, "(t&s@av)", NULL, &method, &args))
    {
      if (g_strcmp0 (method, "Notify") == 0)
        g_ptr_array_add (list, args);
      else
        g_variant_unref (args);
    }

  return list;
}

static void
clear_calls (void)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, MOCK_NAME, MOCK_PATH,
                                       "org.freedesktop.DBus.Mock", "ClearCalls",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* One argument of a Notify call (each is boxed in a variant). */
static GVariant *
call_arg (GVariant *args,
          gsize     index)
{
  g_autoptr(GVariant) boxed = g_variant_get_child_value (args, index);

  return g_variant_get_variant (boxed);
}

static gboolean
skip_without_daemon (void)
{
  if (mock_problem == NULL)
    return FALSE;

  g_test_skip (mock_problem);
  return TRUE;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_raise_once (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FcrmNotifier) notifier = NULL;
  g_autoptr(FcrmNotifier) second_notifier = NULL;
  g_autoptr(FcrmCrm) second = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) app_icon = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autoptr(GVariant) body = NULL;
  g_autoptr(GVariant) actions = NULL;
  g_autofree char *path = NULL;
  g_autofree const char **action_names = NULL;
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  guint inbox_changed = 0;
  guint external = 0;

  if (skip_without_daemon ())
    return;
  clear_calls ();

  /* The lead's on-entry robot writes "New lead …" into Anna's inbox. */
  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");

  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  g_signal_connect (notifier, "inbox-changed", G_CALLBACK (count_cb), &inbox_changed);
  g_signal_connect (notifier, "external-change", G_CALLBACK (count_cb), &external);
  g_assert_cmpuint (fcrm_notifier_check_now (notifier), ==, 1);
  g_assert_cmpuint (inbox_changed, ==, 1);
  g_assert_cmpint (fcrm_notifier_get_unread_count (notifier), ==, 1);

  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  app_icon = call_arg (g_ptr_array_index (calls, 0), 2);
  summary = call_arg (g_ptr_array_index (calls, 0), 3);
  body = call_arg (g_ptr_array_index (calls, 0), 4);
  actions = call_arg (g_ptr_array_index (calls, 0), 5);
  g_assert_cmpstr (g_variant_get_string (app_icon, NULL), ==, APP_ID);
  g_assert_cmpstr (g_variant_get_string (summary, NULL), ==, "Kitchen set");
  g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "Kitchen set"));
  /* "Open" — both as a button and as the click on the notification */
  action_names = g_variant_get_strv (actions, NULL);
  g_assert_true (g_strv_contains (action_names, "default"));
  g_assert_true (g_strv_contains (action_names, "open"));
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* The next check has nothing new to raise. */
  g_assert_cmpuint (fcrm_notifier_check_now (notifier), ==, 0);
  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* Another connection (a second window or program) for the same user on
   * the same database raises nothing either. */
  path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  second = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_actor (second, "anna", &error));
  g_assert_no_error (error);
  second_notifier = fcrm_notifier_new (second, anna->id, NULL);
  g_assert_cmpuint (fcrm_notifier_check_now (second_notifier), ==, 0);
  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* A lead added by the other connection: the first notices the foreign
   * write and raises it; the other one, checking later, does not again. */
  {
    g_autoptr(FcrmItem) lead = NULL;
    FcrmLeadInput input = { .title = "Wardrobe", .phone = "+7 900 000-00-01", .responsible = "anna" };

    lead = fcrm_crm_lead_add (second, &input, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (fcrm_notifier_check_now (notifier), ==, 1);
  g_assert_cmpuint (external, ==, 1);
  g_assert_cmpuint (fcrm_notifier_check_now (second_notifier), ==, 0);
  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 2);
  g_clear_pointer (&body, g_variant_unref);
  body = call_arg (g_ptr_array_index (calls, 1), 4);
  g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "Wardrobe"));

  /* Nothing else written: nothing reported as foreign. */
  g_assert_cmpuint (fcrm_notifier_check_now (notifier), ==, 0);
  g_assert_cmpuint (external, ==, 1);
}

static void
test_changed_triggers_check (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FcrmNotifier) notifier = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  guint inbox_changed = 0;
  gint64 deadline;

  if (skip_without_daemon ())
    return;
  clear_calls ();

  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  g_signal_connect (notifier, "inbox-changed", G_CALLBACK (count_cb), &inbox_changed);

  /* The first check runs on an idle by itself. */
  fcrm_gui_test_drain ();
  g_assert_cmpuint (inbox_changed, ==, 1);

  /* A change made through FcrmCrm is followed by one check, not by a loop
   * (a robot check emits "changed" itself). */
  fcrm_gui_fixture_add_lead (fixture, "Hallway", "40000");
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (inbox_changed < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (inbox_changed, ==, 2);

  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_false (g_main_context_pending (NULL));
}

static void
test_many_summed_up (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FcrmNotifier) notifier = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autoptr(GVariant) body = NULL;
  g_autoptr(GVariant) actions = NULL;
  g_autofree const char **action_names = NULL;
  const char *leads[] = { "Sofa", "Desk", "Bed", "Shelf", "Cupboard", "Bench" };

  if (skip_without_daemon ())
    return;
  clear_calls ();

  /* Six at once (a morning's start): one summary, not six bubbles. */
  for (guint i = 0; i < G_N_ELEMENTS (leads); i++)
    fcrm_gui_fixture_add_lead (fixture, leads[i], NULL);

  notifier = fcrm_notifier_new (fixture->crm, fcrm_crm_get_actor (fixture->crm)->id, NULL);
  g_assert_cmpuint (fcrm_notifier_check_now (notifier), ==, 1);
  g_assert_cmpint (fcrm_notifier_get_unread_count (notifier), ==, 6);

  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  summary = call_arg (g_ptr_array_index (calls, 0), 3);
  body = call_arg (g_ptr_array_index (calls, 0), 4);
  actions = call_arg (g_ptr_array_index (calls, 0), 5);
  g_assert_cmpstr (g_variant_get_string (summary, NULL), ==, "6 new notifications");
  /* the newest first, then how many more */
  g_assert_true (g_str_has_prefix (g_variant_get_string (body, NULL), "New lead “Bench”"));
  g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "and 3 more"));
  action_names = g_variant_get_strv (actions, NULL);
  g_assert_true (g_strv_contains (action_names, "default"));

  g_assert_cmpuint (fcrm_notifier_check_now (notifier), ==, 0);
}

static void
test_inbox_popover (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *popover;
  GtkWidget *window;
  GtkWidget *button;
  FcrmNotification *first;

  /* No daemon needed: the inbox reads the database. */
  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");
  fcrm_gui_fixture_add_lead (fixture, "Wardrobe", "90000");

  popover = fcrm_inbox_popover_new (fixture->crm);
  button = gtk_menu_button_new ();
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  window = fcrm_gui_test_show_in_window (button);

  g_assert_cmpuint (g_list_model_get_n_items (fcrm_inbox_popover_get_model (FCRM_INBOX_POPOVER (popover))), ==, 2);
  g_assert_cmpint (fcrm_inbox_popover_get_unread_count (FCRM_INBOX_POPOVER (popover)), ==, 2);

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  fcrm_gui_test_drain ();

  /* Newest first */
  first = g_list_model_get_item (fcrm_inbox_popover_get_model (FCRM_INBOX_POPOVER (popover)), 0);
  g_assert_nonnull (strstr (first->text, "Wardrobe"));
  g_assert_true (fcrm_inbox_popover_mark_read (FCRM_INBOX_POPOVER (popover), first->id, &error));
  g_assert_no_error (error);
  g_object_unref (first);
  fcrm_gui_test_drain ();
  g_assert_cmpint (fcrm_inbox_popover_get_unread_count (FCRM_INBOX_POPOVER (popover)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fcrm_inbox_popover_get_model (FCRM_INBOX_POPOVER (popover))), ==, 2);

  g_assert_true (fcrm_inbox_popover_mark_all_read (FCRM_INBOX_POPOVER (popover), &error));
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpint (fcrm_inbox_popover_get_unread_count (FCRM_INBOX_POPOVER (popover)), ==, 0);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_relative_time (void)
{
  gint64 now = FCRM_GUI_TEST_T0;
  g_autofree char *just_now = fcrm_format_relative_time (now - 10, now);
  g_autofree char *minutes = fcrm_format_relative_time (now - 5 * 60, now);
  g_autofree char *minute = fcrm_format_relative_time (now - 61, now);
  g_autofree char *hours = fcrm_format_relative_time (now - 3 * 60 * 60, now);
  g_autofree char *older = fcrm_format_relative_time (now - 40 * FCRM_GUI_TEST_DAY, now);

  g_assert_cmpstr (just_now, ==, "Just now");
  g_assert_cmpstr (minutes, ==, "5 minutes ago");
  g_assert_cmpstr (minute, ==, "1 minute ago");
  g_assert_cmpstr (hours, ==, "3 hours ago");
  g_assert_cmpstr (older, !=, "");
  g_assert_null (strstr (older, "ago"));
}

static void
test_interval_follows_settings (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FcrmNotifier) notifier = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("the GSettings schema is not compiled here");
      return;
    }

  settings = g_settings_new (APP_ID);
  notifier = fcrm_notifier_new (fixture->crm, fcrm_crm_get_actor (fixture->crm)->id, settings);
  g_assert_cmpuint (fcrm_notifier_get_interval (notifier), ==, 60);

  g_settings_set_uint (settings, "check-interval", 15);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_notifier_get_interval (notifier), ==, 15);
  g_settings_reset (settings, "check-interval");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;

  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  /* A private session bus before anything connects to one (GTestDBus
   * unsets DISPLAY against X11 autolaunch: GTK still needs it). */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  fcrm_gui_test_init (&argc, &argv);
  start_mock_daemon ();

  g_test_add ("/notifier/raise-once", Fixture, NULL, fixture_set_up, test_raise_once, fixture_tear_down);
  g_test_add ("/notifier/many-summed-up", Fixture, NULL, fixture_set_up, test_many_summed_up, fixture_tear_down);
  g_test_add ("/notifier/changed-triggers-check", Fixture, NULL, fixture_set_up, test_changed_triggers_check, fixture_tear_down);
  g_test_add ("/notifier/interval-follows-settings", Fixture, NULL, fixture_set_up, test_interval_follows_settings, fixture_tear_down);
  g_test_add ("/notifier/inbox-popover", Fixture, NULL, fixture_set_up, test_inbox_popover, fixture_tear_down);
  g_test_add_func ("/notifier/relative-time", test_relative_time);

  status = g_test_run ();

  if (mock_daemon != NULL)
    {
      g_subprocess_force_exit (mock_daemon);
      g_subprocess_wait (mock_daemon, NULL, NULL);
      g_clear_object (&mock_daemon);
    }
  g_clear_pointer (&mock_problem, g_free);

  /* Leaving the bus up: GTK and libnotify keep their connections to it for
   * the life of the process, and GTestDBus's watcher stops the daemon when
   * we exit. */
  g_steal_pointer (&bus);

  return status;
}
