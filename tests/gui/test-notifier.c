#define G_LOG_DOMAIN "test-notifier"

#include <glib/gstdio.h>

#include "fcrm-calls.h"
#include "fcrm-clients.h"
#include "fcrm-crm-async-notify.h"
#include "fcrm-inbox.h"
#include "fcrm-inbox-popover.h"
#include "fcrm-notifier.h"
#include "fcrm-gui-test.h"
#include "fcrm-test-util.h"

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

typedef struct
{
  gboolean done;
  guint    raised;
} CheckWait;

static void
checked_cb (FcrmNotifier *notifier,
            guint         raised,
            CheckWait    *wait)
{
  wait->done = TRUE;
  wait->raised += raised;
}

/* Turn the main loop until "checked" (with a deadline); what it raised. */
static guint
wait_checked (FcrmNotifier *notifier)
{
  CheckWait wait = { 0 };
  gulong id = g_signal_connect (notifier, "checked", G_CALLBACK (checked_cb), &wait);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!wait.done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (notifier, id);
  return wait.raised;
}

/* A check now, and what the checks raised until none is under way (one
 * started earlier, and one asked for meanwhile, included). */
static guint
check_and_wait (FcrmNotifier *notifier)
{
  CheckWait wait = { 0 };
  gulong id = g_signal_connect (notifier, "checked", G_CALLBACK (checked_cb), &wait);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  fcrm_notifier_check_now (notifier);
  while (!wait.done || fcrm_notifier_is_checking (notifier))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (notifier, id);
  return wait.raised;
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
  g_assert_cmpuint (check_and_wait (notifier), ==, 1);
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
  g_assert_cmpuint (check_and_wait (notifier), ==, 0);
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
  g_assert_cmpuint (check_and_wait (second_notifier), ==, 0);
  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* A lead added by the other connection: the first notices the foreign
   * write and raises it; the other one, checking later, does not again.
   * (The other's own "changed" would start its check at once, racing the
   * first for the claim: it waits, paused, until the first has checked.) */
  fcrm_notifier_set_paused (second_notifier, TRUE);
  {
    g_autoptr(FcrmItem) lead = NULL;
    FcrmLeadInput input = { .title = "Wardrobe", .phone = "+7 900 000-00-01", .responsible = "anna" };

    lead = fcrm_crm_lead_add (second, &input, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (check_and_wait (notifier), ==, 1);
  g_assert_cmpuint (external, ==, 1);
  fcrm_notifier_set_paused (second_notifier, FALSE);
  g_assert_cmpuint (check_and_wait (second_notifier), ==, 0);
  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 2);
  g_clear_pointer (&body, g_variant_unref);
  body = call_arg (g_ptr_array_index (calls, 1), 4);
  g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "Wardrobe"));

  /* Nothing else written: nothing reported as foreign. */
  g_assert_cmpuint (check_and_wait (notifier), ==, 0);
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
  g_assert_cmpuint (check_and_wait (notifier), ==, 1);
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

  g_assert_cmpuint (check_and_wait (notifier), ==, 0);
}

/* ---- the check off the main loop -------------------------------------------- */

typedef struct
{
  guint  changed;     /* FcrmCrm::changed: the views re-read */
  guint  external;    /* FcrmNotifier::external-change: the window reloads */
  guint  inbox;
  gint64 told_at;     /* the last of those two */
} Heard;

static void
heard_changed_cb (gpointer  instance,
                  Heard    *heard)
{
  heard->changed++;
  heard->told_at = g_get_monotonic_time ();
}

static void
heard_external_cb (FcrmNotifier *notifier,
                   Heard        *heard)
{
  heard->external++;
  heard->told_at = g_get_monotonic_time ();
}

static void
heard_inbox_cb (FcrmNotifier *notifier,
                Heard        *heard)
{
  heard->inbox++;
}

static void
listen (FcrmNotifier *notifier,
        Heard        *heard)
{
  g_signal_connect (fcrm_notifier_get_crm (notifier), "changed", G_CALLBACK (heard_changed_cb), heard);
  g_signal_connect (notifier, "external-change", G_CALLBACK (heard_external_cb), heard);
  g_signal_connect (notifier, "inbox-changed", G_CALLBACK (heard_inbox_cb), heard);
}

/* Turn the main loop for @ms (the notifier polls twice a second meanwhile). */
static void
spin_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Checks that find nothing due write nothing: no view is told to re-read,
 * however often they run and however long the notifier polls. */
static void
test_quiet_check (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FcrmNotifier) notifier = NULL;
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  Heard heard = { 0 };

  /* robots queued for tomorrow: none due now */
  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");
  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  check_and_wait (notifier);   /* the first claims the on-entry notification */
  g_assert_cmpint (fcrm_notifier_get_unread_count (notifier), ==, 1);

  listen (notifier, &heard);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (check_and_wait (notifier), ==, 0);
  spin_for (1200);
  g_assert_cmpuint (heard.changed, ==, 0);
  g_assert_cmpuint (heard.external, ==, 0);
  g_assert_cmpuint (heard.inbox, ==, 0);
  g_signal_handlers_disconnect_by_data (fixture->crm, &heard);
}

/* A robot falls due: the worker fires it and claims its notification; the
 * user is told on the desktop, the views re-read once (as after a write of
 * ours), and the worker's commits are never taken for another desktop's. */
static void
test_robot_fires (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FcrmNotifier) notifier = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GVariant) body = NULL;
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  Heard heard = { 0 };
  guint raised;

  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");
  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  check_and_wait (notifier);
  if (mock_problem == NULL)
    clear_calls ();

  listen (notifier, &heard);
  /* a day and a second later: "still unprocessed" is due */
  fcrm_clock_set (fixture->clock, FCRM_GUI_TEST_T0 + FCRM_GUI_TEST_DAY + 1);
  raised = check_and_wait (notifier);
  g_assert_cmpint (fcrm_notifier_get_unread_count (notifier), ==, 2);
  g_assert_cmpuint (heard.changed, ==, 1);
  g_assert_cmpuint (heard.inbox, ==, 1);

  /* the poll sees the file changed, by us: nothing foreign */
  spin_for (1200);
  g_assert_cmpuint (heard.external, ==, 0);
  g_assert_cmpuint (heard.changed, ==, 1);

  if (mock_problem == NULL)
    {
      g_assert_cmpuint (raised, ==, 1);
      calls = notify_calls ();
      g_assert_cmpuint (calls->len, ==, 1);
      body = call_arg (g_ptr_array_index (calls, 0), 4);
      g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "still unprocessed"));
    }
  g_signal_handlers_disconnect_by_data (fixture->crm, &heard);
}

/* Another program's write is seen within a second. */
static void
test_outside_change_seen (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  g_autoptr(FcrmNotifier) notifier = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GError) error = NULL;
  FcrmLeadInput input = { .title = "From the command line", .phone = "+7 900 000-00-02", .responsible = "anna" };
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  Heard heard = { 0 };
  gint64 written, deadline;

  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  check_and_wait (notifier);
  listen (notifier, &heard);

  other = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_actor (other, "anna", &error));
  lead = fcrm_crm_lead_add (other, &input, &error);
  g_assert_no_error (error);
  written = g_get_monotonic_time ();

  deadline = written + 5 * G_USEC_PER_SEC;
  while (heard.external == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("another program's change seen after %.0f ms", (heard.told_at - written) / 1000.0);
  g_assert_cmpuint (heard.external, ==, 1);
  g_assert_cmpint (heard.told_at - written, <=, G_USEC_PER_SEC);

  /* its notification for Anna is claimed by the check the change started */
  if (fcrm_notifier_is_checking (notifier))
    wait_checked (notifier);
  g_assert_cmpint (fcrm_notifier_get_unread_count (notifier), ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->crm, &heard);
}

/* Another program writing all along while many robots fire. */
typedef struct
{
  char     *path;
  FcrmClock *clock;
  gint      stop;      /* atomic */
  guint     written;
  guint     refused;
  char     *problem;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(GError) error = NULL;

  crm = fcrm_crm_open (w->path, w->clock, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_actor (crm, "anna", &error));
  /* a writer that waits a quarter of a second at most: any batch of robots
   * holding the database longer would refuse it */
  g_assert_true (fcrm_crm_set_lock_timeout (crm, 250, &error));
  while (!g_atomic_int_get (&w->stop))
    {
      g_autofree char *title = g_strdup_printf ("Walk-in %u", w->written + w->refused + 1);
      FcrmLeadInput input = { .title = title, .phone = "+7 900 000-00-03", .responsible = "anna" };
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (crm, &input, &error);

      if (lead != NULL)
        w->written++;
      else
        {
          w->refused++;
          if (w->problem == NULL)
            w->problem = g_strdup (error->message);
          g_clear_error (&error);
        }
      g_usleep (2000);
    }
  return NULL;
}

static void
test_bulk_robots_batched (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(FcrmNotifier) notifier = NULL;
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  Writer writer = { 0 };
  Heard heard = { 0 };
  FcrmTestStallMeter meter;
  GThread *thread;
  gint64 stall_us, start;
  guint n = 3 * FCRM_NOTIFY_CHECK_BATCH + 20;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Lead %u", i + 1);

      fcrm_gui_fixture_add_lead (fixture, title, NULL);
    }
  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  check_and_wait (notifier);
  listen (notifier, &heard);

  writer.path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  writer.clock = fixture->clock;
  thread = g_thread_new ("writer", writer_thread, &writer);

  /* all of them fall due at once */
  fcrm_clock_set (fixture->clock, FCRM_GUI_TEST_T0 + FCRM_GUI_TEST_DAY + 1);
  fcrm_test_stall_start (&meter, 5);
  start = g_get_monotonic_time ();
  check_and_wait (notifier);
  stall_us = fcrm_test_stall_stop (&meter);
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);

  g_test_message ("%u robots fired in %.0f ms; the loop stood still %.1f ms at most; "
                  "meanwhile another program wrote %u times, refused %u times",
                  n, (g_get_monotonic_time () - start) / 1000.0, stall_us / 1000.0,
                  writer.written, writer.refused);
  g_assert_cmpstr (writer.problem, ==, NULL);
  g_assert_cmpuint (writer.refused, ==, 0);
  g_assert_cmpuint (writer.written, >, 0);
  /* one "changed" per batch: four of them */
  g_assert_cmpuint (heard.changed, >=, 4);
  /* every lead's reminder and every walk-in's greeting, claimed once done */
  g_assert_cmpint (fcrm_notifier_get_unread_count (notifier), ==, MIN (2 * n, FCRM_UNREAD_COUNT_CAP));
  g_assert_cmpint (fcrm_test_int (fixture->crm, "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL"), >=, 2 * n);
  /* the loop only sent the batches and took their answers in (a few ms
   * each): generous for loaded machines, the figure is reported above */
  g_assert_cmpint (stall_us, <, 250 * 1000);

  g_free (writer.path);
  g_free (writer.problem);
  g_signal_handlers_disconnect_by_data (fixture->crm, &heard);
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

/* What the test application's actions were asked: "open-item:contact:7",
 * "new-lead-with-phone:+7 …" */
static void
record_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GPtrArray *asked = user_data;

  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
    g_ptr_array_add (asked, g_strdup_printf ("%s:%s", g_action_get_name (G_ACTION (action)),
                                             g_variant_get_string (parameter, NULL)));
  else
    {
      const char *type;
      gint64 id;

      g_variant_get (parameter, "(&sx)", &type, &id);
      g_ptr_array_add (asked, g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT, g_action_get_name (G_ACTION (action)),
                                               type, id));
    }
}

/* The id the mock daemon gives the next notification (it counts up from 1
 * for the whole run): asked by showing one of our own. */
static guint32
next_notification_id (void)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 id = 0;

  reply = g_dbus_connection_call_sync (bus, MOCK_NAME, MOCK_PATH, "org.freedesktop.Notifications", "Notify",
                                       g_variant_new ("(susssasa{sv}i)", "test", 0, "", "probe", "", NULL, NULL, -1),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &id);
  return id + 1;
}

/* The desktop's click on @key of notification @id. */
static void
invoke_action (guint32     id,
               const char *key)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *args[] = { g_variant_new_variant (g_variant_new_uint32 (id)), g_variant_new_variant (g_variant_new_string (key)) };

  reply = g_dbus_connection_call_sync (bus, MOCK_NAME, MOCK_PATH, "org.freedesktop.DBus.Mock", "EmitSignal",
                                       g_variant_new ("(sss@av)", "org.freedesktop.Notifications", "ActionInvoked",
                                                      "us", g_variant_new_array (G_VARIANT_TYPE_VARIANT, args, 2)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* A call's screen pop: the known client's raises "Incoming Call" with their
 * name, whose Open opens their card; an unknown number's offers "New Lead",
 * which opens the New lead dialog with the number. */
static void
test_call_actions (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *phones[] = { "+7 926 555-44-33", NULL };
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GSimpleAction) open_item = g_simple_action_new ("open-item", G_VARIANT_TYPE ("(sx)"));
  g_autoptr(GSimpleAction) new_lead = g_simple_action_new ("new-lead-with-phone", G_VARIANT_TYPE_STRING);
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FcrmNotifier) notifier = NULL;
  g_autoptr(FcrmContact) zina = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_open = NULL;
  FcrmUser *anna = fcrm_crm_get_actor (fixture->crm);
  gboolean saw_open = FALSE, saw_new_lead = FALSE;
  guint32 first_id;
  gint64 deadline;

  if (skip_without_daemon ())
    return;
  clear_calls ();

  app = g_application_new ("com.example.FurnitureCRM.TestCalls", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (open_item, "activate", G_CALLBACK (record_action_cb), asked);
  g_signal_connect (new_lead, "activate", G_CALLBACK (record_action_cb), asked);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (open_item));
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (new_lead));
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  g_application_set_default (app);

  zina = fcrm_crm_contact_add (fixture->crm, &(FcrmContactInput) { .name = "Зинаида Кузнецова", .phones = phones },
                               &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_call_pop (fixture->crm, "+7 926 555-44-33", "anna", "in", NULL, &error));
  g_assert_true (fcrm_crm_call_pop (fixture->crm, "+7 903 111-22-33", "anna", "in", NULL, &error));
  g_assert_no_error (error);

  /* raised in the order they came: the client's, then the unknown number's */
  first_id = next_notification_id ();
  clear_calls ();
  notifier = fcrm_notifier_new (fixture->crm, anna->id, NULL);
  g_assert_cmpuint (check_and_wait (notifier), ==, 2);
  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 2);
  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(GVariant) summary = call_arg (g_ptr_array_index (calls, i), 3);
      g_autoptr(GVariant) body = call_arg (g_ptr_array_index (calls, i), 4);
      g_autoptr(GVariant) actions = call_arg (g_ptr_array_index (calls, i), 5);
      g_autofree const char **keys = g_variant_get_strv (actions, NULL);
      const char *text = g_variant_get_string (body, NULL);

      g_assert_cmpstr (g_variant_get_string (summary, NULL), ==, "Incoming Call");
      if (strstr (text, "Зинаида Кузнецова") != NULL)
        {
          g_assert_true (g_strv_contains (keys, "open"));
          g_assert_false (g_strv_contains (keys, "new-lead"));
          saw_open = TRUE;
        }
      else
        {
          g_assert_cmpstr (text, ==, "Incoming call: +7 903 111-22-33");
          g_assert_true (g_strv_contains (keys, "new-lead"));
          g_assert_true (g_strv_contains (keys, "New Lead"));
          saw_new_lead = TRUE;
        }
    }
  g_assert_true (saw_open && saw_new_lead);

  /* the clicks, as the desktop sends them */
  invoke_action (first_id, "open");
  invoke_action (first_id + 1, "new-lead");
  expected_open = g_strdup_printf ("open-item:contact:%" G_GINT64_FORMAT, zina->id);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (asked->len < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (asked->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (asked, 0), ==, expected_open);
  g_assert_cmpstr (g_ptr_array_index (asked, 1), ==, "new-lead-with-phone:+7 903 111-22-33");
  /* opened from the desktop: read */
  {
    g_autoptr(GPtrArray) inbox = fcrm_crm_notifications (fixture->crm, "anna", FALSE, 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < inbox->len; i++)
      if (g_strcmp0 (((FcrmNotification *) inbox->pdata[i])->kind, "call") == 0)
        g_assert_cmpint (((FcrmNotification *) inbox->pdata[i])->read_at, !=, 0);
  }
  g_application_set_default (NULL);
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
  g_test_add ("/notifier/quiet-check", Fixture, NULL, fixture_set_up, test_quiet_check, fixture_tear_down);
  g_test_add ("/notifier/robot-fires", Fixture, NULL, fixture_set_up, test_robot_fires, fixture_tear_down);
  g_test_add ("/notifier/outside-change-seen", Fixture, NULL, fixture_set_up, test_outside_change_seen, fixture_tear_down);
  g_test_add ("/notifier/bulk-robots-batched", Fixture, NULL, fixture_set_up, test_bulk_robots_batched, fixture_tear_down);
  g_test_add ("/notifier/inbox-popover", Fixture, NULL, fixture_set_up, test_inbox_popover, fixture_tear_down);
  g_test_add ("/notifier/call-actions", Fixture, NULL, fixture_set_up, test_call_actions, fixture_tear_down);
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
