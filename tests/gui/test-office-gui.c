#define G_LOG_DOMAIN "test-office-gui"

/* The office server in the GUI: addresses (never a password kept or shown),
 * the keyring (when a Secret Service runs), signing in, the banner shown
 * while the server cannot be reached, the Office Server preferences page and
 * live updates from another desktop. Parts that need a PostgreSQL server run
 * when FCRM_TEST_PG names one (a base URI such as
 * postgresql://postgres@127.0.0.1:55432/postgres) and are skipped otherwise. */

#include <unistd.h>

#include <libsecret/secret.h>

#include "fcrm-connection-banner.h"
#include "fcrm-error.h"
#include "fcrm-notifier.h"
#include "fcrm-office.h"
#include "fcrm-preferences.h"
#include "fcrm-preferences-office.h"
#include "fcrm-secrets.h"
#include "fcrm-signin-dialog.h"
#include "fcrm-window.h"
#include "fcrm-gui-test.h"

/* Nothing listens on port 1: connecting is refused at once. */
#define NOWHERE "postgresql://anna@127.0.0.1:1/none?connect_timeout=1"

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

typedef gboolean (*Condition) (gpointer data);

/* Spin the main loop until @condition holds or @seconds pass. */
static gboolean
wait_for (Condition condition,
          gpointer  data,
          int       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }

  return condition (data);
}

static gpointer
child (gpointer     widget,
       GType        type,
       const char  *name)
{
  gpointer object = fcrm_gui_test_find_type_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_text (gpointer label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* ---- addresses ------------------------------------------------------------- */

static void
test_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autoptr(FcrmOfficeAddress) again = NULL;
  g_autoptr(FcrmOfficeAddress) typed = NULL;
  g_autoptr(FcrmOfficeAddress) v6 = NULL;
  g_autofree char *location = NULL;
  g_autofree char *server = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *described = NULL;
  const char *password = "p@ss:/ w&rd?%é";

  address = fcrm_office_address_parse ("postgresql://anna:s%40cret@db.example.com:5433/crm?sslmode=require", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (address->host, ==, "db.example.com");
  g_assert_cmpint (address->port, ==, 5433);
  g_assert_cmpstr (address->database, ==, "crm");
  g_assert_cmpstr (address->login, ==, "anna");
  g_assert_cmpstr (address->password, ==, "s@cret");
  g_assert_cmpstr (address->query, ==, "sslmode=require");

  /* What is kept and shown never carries the password. */
  location = fcrm_office_address_to_location (address);
  g_assert_cmpstr (location, ==, "postgresql://anna@db.example.com:5433/crm?sslmode=require");
  server = fcrm_office_address_to_server (address);
  g_assert_cmpstr (server, ==, "postgresql://db.example.com:5433/crm");
  described = fcrm_office_address_describe (address);
  g_assert_cmpstr (described, ==, "crm on db.example.com:5433");

  /* The password is %-encoded whatever it holds, and comes back whole;
   * a timeout is added so a switched-off server cannot hang the window. */
  uri = fcrm_office_connection_uri (address, "igor", password);
  g_assert_cmpstr (uri, ==,
                   "postgresql://igor:p%40ss%3A%2F%20w%26rd%3F%25%C3%A9@db.example.com:5433/crm?sslmode=require&connect_timeout=3");
  again = fcrm_office_address_parse (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->login, ==, "igor");
  g_assert_cmpstr (again->password, ==, password);
  g_assert_cmpstr (again->query, ==, "sslmode=require&connect_timeout=3");
  g_clear_pointer (&uri, g_free);

  /* A timeout already given is kept; no query gets one. */
  uri = fcrm_office_connection_uri (again, NULL, NULL);
  g_assert_cmpstr (uri, ==, "postgresql://igor@db.example.com:5433/crm?sslmode=require&connect_timeout=3");
  g_clear_pointer (&uri, g_free);

  typed = fcrm_office_address_new ("office", 0, "furniture crm", "olga");
  uri = fcrm_office_connection_uri (typed, NULL, "");
  g_assert_cmpstr (uri, ==, "postgresql://olga@office/furniture%20crm?connect_timeout=3");
  g_clear_pointer (&uri, g_free);

  v6 = fcrm_office_address_parse ("postgres://[::1]:55432/crm", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v6->host, ==, "::1");
  g_assert_null (v6->login);
  g_assert_null (v6->password);
  uri = fcrm_office_address_to_location (v6);
  g_assert_cmpstr (uri, ==, "postgresql://[::1]:55432/crm");

  g_assert_true (fcrm_office_is_location ("postgres://x/y"));
  g_assert_false (fcrm_office_is_location ("/home/anna/crm.sqlite3"));
  g_assert_false (fcrm_office_is_location (NULL));

  g_assert_null (fcrm_office_address_parse ("/home/anna/crm.sqlite3", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* Several servers in one address: refused with a message, not mangled. */
  g_assert_null (fcrm_office_address_parse ("postgresql://a,b/crm", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
}

/* ---- the keyring --------------------------------------------------------------- */

static gboolean
secret_service_present (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GVariant) names = NULL;
  g_autofree const char **list = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;

  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (owner != NULL)
    g_variant_get (owner, "(b)", &owned);
  if (owned)
    return TRUE;

  /* Not running, but started on demand. */
  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames",
                                       NULL, G_VARIANT_TYPE ("(as)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (names == NULL)
    return FALSE;
  g_variant_get (names, "(^a&s)", &list);
  return g_strv_contains (list, "org.freedesktop.secrets");
}

/* A keyring that can store without asking anyone: running (or startable)
 * with an unlocked default collection. A fresh gnome-keyring started by
 * D-Bus has none, and storing would wait for a prompt no test can answer. */
static gboolean
keyring_usable (const char **why)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  if (!secret_service_present ())
    {
      *why = "No Secret Service (a keyring such as gnome-keyring) on the session bus";
      return FALSE;
    }

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, NULL);
  if (service != NULL)
    collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                   SECRET_COLLECTION_NONE, NULL, NULL);
  if (collection == NULL || secret_collection_get_locked (collection))
    {
      *why = "The keyring has no unlocked default collection (storing would wait for a prompt)";
      return FALSE;
    }

  return TRUE;
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (wait_for (result_arrived, slot, 30));
  return *slot;
}

static void
test_secrets (void)
{
  g_autofree char *server = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  char *password;

  const char *why = NULL;

  if (!keyring_usable (&why))
    {
      g_test_skip (why);
      return;
    }

  /* A server nobody has, so a real keyring keeps nothing of ours. */
  server = g_strdup_printf ("postgresql://fcrm-test-%ld.invalid:5432/crm", (long) getpid ());

  fcrm_secrets_store_async (server, "anna", "s3cret & more", NULL, got_result_cb, &result);
  g_assert_true (fcrm_secrets_store_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  fcrm_secrets_lookup_async (server, "anna", NULL, got_result_cb, &result);
  password = fcrm_secrets_lookup_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret & more");
  fcrm_secrets_free (password);
  g_clear_object (&result);

  /* Per login: another person on the same server has nothing kept. */
  fcrm_secrets_lookup_async (server, "igor", NULL, got_result_cb, &result);
  password = fcrm_secrets_lookup_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);

  /* Stored again: replaced, not doubled. */
  fcrm_secrets_store_async (server, "anna", "new one", NULL, got_result_cb, &result);
  g_assert_true (fcrm_secrets_store_finish (wait_result (&result), &error));
  g_clear_object (&result);
  fcrm_secrets_lookup_async (server, "anna", NULL, got_result_cb, &result);
  password = fcrm_secrets_lookup_finish (wait_result (&result), &error);
  g_assert_cmpstr (password, ==, "new one");
  fcrm_secrets_free (password);
  g_clear_object (&result);

  fcrm_secrets_clear_async (server, "anna", NULL, got_result_cb, &result);
  g_assert_true (fcrm_secrets_clear_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  fcrm_secrets_lookup_async (server, "anna", NULL, got_result_cb, &result);
  password = fcrm_secrets_lookup_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);

  /* Clearing what is not there is fine. */
  fcrm_secrets_clear_async (server, "anna", NULL, got_result_cb, &result);
  g_assert_true (fcrm_secrets_clear_finish (wait_result (&result), &error));
  g_clear_object (&result);
}

/* ---- signing in ------------------------------------------------------------------ */

typedef struct
{
  guint    signed_in;
  guint    cancelled;
  FcrmCrm *crm;
  char    *login;
  char    *password;
  gboolean remember;
} SigninLog;

static void
signed_in_cb (FcrmSigninDialog *dialog,
              FcrmCrm          *crm,
              const char       *login,
              const char       *password,
              gboolean          remember,
              SigninLog        *log)
{
  log->signed_in++;
  g_set_object (&log->crm, crm);
  g_free (log->login);
  log->login = g_strdup (login);
  g_free (log->password);
  log->password = g_strdup (password);
  log->remember = remember;
}

static void
cancelled_cb (FcrmSigninDialog *dialog,
              SigninLog        *log)
{
  log->cancelled++;
}

static void
signin_log_clear (SigninLog *log)
{
  g_clear_object (&log->crm);
  g_clear_pointer (&log->login, g_free);
  g_clear_pointer (&log->password, g_free);
}

static FcrmSigninDialog *
new_signin (const char *location,
            const char *login,
            SigninLog  *log)
{
  FcrmSigninDialog *dialog = fcrm_signin_dialog_new (NULL, location, login);

  g_assert_nonnull (dialog);
  g_signal_connect (dialog, "signed-in", G_CALLBACK (signed_in_cb), log);
  g_signal_connect (dialog, "cancelled", G_CALLBACK (cancelled_cb), log);
  return dialog;
}

static gboolean
not_busy (gpointer dialog)
{
  return !fcrm_signin_dialog_get_busy (dialog);
}

static void
test_signin_validation (Fixture       *fixture,
                        gconstpointer  data)
{
  SigninLog log = { 0 };
  FcrmSigninDialog *dialog;
  GtkWidget *error_label;
  GtkWidget *detail_label;

  /* Not an office server: no dialog. */
  g_assert_null (fcrm_signin_dialog_new (NULL, "/tmp/crm.sqlite3", NULL));

  dialog = new_signin (NOWHERE, NULL, &log);
  fcrm_gui_test_show (GTK_WIDGET (dialog));
  error_label = child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "error_label");
  detail_label = child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "detail_label");

  /* The server is shown, the login comes from the address. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "server_row")),
                   ==, "none on 127.0.0.1:1");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "login_row")), ==, "anna");
  g_assert_false (gtk_widget_get_visible (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "error_box")));

  /* Nothing is tried without a login and a password. */
  gtk_editable_set_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "login_row"), "  ");
  fcrm_signin_dialog_sign_in (dialog);
  g_assert_false (fcrm_signin_dialog_get_busy (dialog));
  g_assert_cmpstr (visible_text (error_label), ==, "Enter your login.");

  gtk_editable_set_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "login_row"), "anna");
  fcrm_signin_dialog_sign_in (dialog);
  g_assert_false (fcrm_signin_dialog_get_busy (dialog));
  g_assert_cmpstr (visible_text (error_label), ==, "Enter your password.");

  /* A refused connection: said inline, with the server's own words below. */
  gtk_editable_set_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "password_row"), "secret");
  fcrm_signin_dialog_sign_in (dialog);
  g_assert_true (fcrm_signin_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "signin_button")));
  g_assert_true (wait_for (not_busy, dialog, 20));
  g_assert_true (g_str_has_prefix (visible_text (error_label), "Could not sign in."));
  g_assert_nonnull (visible_text (detail_label));
  /* in plain words, not libpq's "Connection refused" */
  g_assert_nonnull (strstr (visible_text (detail_label), "The office server does not answer"));
  /* The password stays, so a typo is fixed rather than retyped. */
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "password_row")), ==, "secret");
  g_assert_true (gtk_widget_get_sensitive (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "signin_button")));
  g_assert_cmpuint (log.signed_in, ==, 0);

  /* Closing is cancelling, once. */
  gtk_window_close (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (log.cancelled, ==, 1);
  g_assert_cmpuint (log.signed_in, ==, 0);
  signin_log_clear (&log);
}

static gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static void
test_signin_quiet (Fixture       *fixture,
                   gconstpointer  data)
{
  SigninLog log = { 0 };
  FcrmSigninDialog *dialog;

  /* A password from the address is tried without showing anything; when
   * it does not work, the dialog comes up saying why. */
  dialog = new_signin ("postgresql://anna:wrong@127.0.0.1:1/none?connect_timeout=1", NULL, &log);
  g_object_ref_sink (dialog);
  fcrm_signin_dialog_run (dialog, "wrong");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (wait_for (is_visible, dialog, 20));
  g_assert_false (fcrm_signin_dialog_get_busy (dialog));
  g_assert_true (g_str_has_prefix (visible_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "error_label")),
                                   "Could not sign in."));
  /* The address's password is not put into the field. */
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "password_row")), ==, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* A login but no password: the keyring is asked; with nothing kept (or
   * no keyring, or one that does not answer) the dialog comes up. */
  dialog = new_signin ("postgresql://fcrm-nobody@127.0.0.1:1/none", NULL, &log);
  g_object_ref_sink (dialog);
  fcrm_signin_dialog_run (dialog, NULL);
  g_assert_true (wait_for (is_visible, dialog, 20));
  g_assert_cmpuint (log.signed_in, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* No login: asked at once. */
  dialog = new_signin ("postgresql://127.0.0.1:1/none", NULL, &log);
  fcrm_signin_dialog_run (dialog, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_false (fcrm_signin_dialog_get_busy (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (log.signed_in, ==, 0);
  signin_log_clear (&log);
}

/* ---- the connection banner ------------------------------------------------------ */

typedef struct
{
  gboolean up;
  guint    checks;
  guint    reconnected;
} FakeServer;

static gboolean
fake_check (FcrmCrm   *crm,
            gpointer   user_data,
            GError   **error)
{
  FakeServer *server = user_data;

  server->checks++;
  if (server->up)
    return TRUE;

  g_set_error (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
               "The office server cannot be reached: %s", "could not connect to server: Connection refused");
  return FALSE;
}

static void
reconnected_cb (FcrmConnectionBanner *banner,
                FakeServer           *server)
{
  server->reconnected++;
}

static gboolean
revealed (FcrmConnectionBanner *banner)
{
  return gtk_revealer_get_reveal_child (child (banner, FCRM_TYPE_CONNECTION_BANNER, "revealer"));
}

static void
test_banner (Fixture       *fixture,
             gconstpointer  data)
{
  FakeServer server = { .up = TRUE };
  g_autoptr(GError) lost = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(FcrmNotifier) notifier = NULL;
  FcrmConnectionBanner *banner;
  FcrmWindow *window;
  const char *tooltip;

  window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->crm, "location", NOWHERE, NULL);
  fcrm_gui_test_show (GTK_WIDGET (window));
  banner = fcrm_window_get_connection_banner (window);
  fcrm_connection_banner_set_check_func (banner, fake_check, &server);
  g_signal_connect (banner, "reconnected", G_CALLBACK (reconnected_cb), &server);
  notifier = fcrm_notifier_new (fixture->crm, 0, NULL);
  fcrm_window_set_notifier (window, notifier);

  g_assert_true (fcrm_connection_banner_get_connected (banner));
  g_assert_false (revealed (banner));
  g_assert_true (fcrm_connection_banner_check_now (banner));
  g_assert_false (revealed (banner));

  /* The server goes away: a failed check shows the banner and pauses the
   * notifier, which would only wait for the server. */
  server.up = FALSE;
  g_assert_false (fcrm_connection_banner_check_now (banner));
  g_assert_false (fcrm_connection_banner_get_connected (banner));
  g_assert_true (revealed (banner));
  g_assert_true (fcrm_notifier_get_paused (notifier));
  tooltip = gtk_widget_get_tooltip_text (child (banner, FCRM_TYPE_CONNECTION_BANNER, "box"));
  g_assert_nonnull (strstr (tooltip, "Nothing you typed is lost"));
  g_assert_nonnull (strstr (tooltip, "Connection refused"));

  /* Retrying while it is still away changes nothing. */
  fcrm_connection_banner_retry_now (banner);
  g_assert_true (revealed (banner));
  g_assert_cmpuint (server.reconnected, ==, 0);

  /* Back: a retry hides the banner, the views re-read, the notifier resumes. */
  server.up = TRUE;
  g_signal_emit_by_name (child (banner, FCRM_TYPE_CONNECTION_BANNER, "retry_button"), "clicked");
  g_assert_false (revealed (banner));
  g_assert_true (fcrm_connection_banner_get_connected (banner));
  g_assert_cmpuint (server.reconnected, ==, 1);
  g_assert_false (fcrm_notifier_get_paused (notifier));

  /* An action that failed because the server is away shows it too; other
   * failures do not. */
  g_set_error (&other, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, "Budget is not a number");
  fcrm_window_show_error (window, other);
  g_assert_false (revealed (banner));
  g_set_error (&lost, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
               "The office server cannot be reached: %s", "server closed the connection unexpectedly");
  g_assert_true (fcrm_connection_banner_is_connection_error (lost));
  server.up = FALSE;
  fcrm_window_show_error (window, lost);
  g_assert_true (revealed (banner));
  server.up = TRUE;
  fcrm_connection_banner_retry_now (banner);
  g_assert_false (revealed (banner));
  g_assert_cmpuint (server.reconnected, ==, 2);

  fcrm_window_set_notifier (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
probe_finished (gpointer banner)
{
  return gtk_widget_get_sensitive (child (banner, FCRM_TYPE_CONNECTION_BANNER, "retry_button"));
}

static void
test_banner_probe (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) lost = NULL;
  FcrmConnectionBanner *banner;
  FcrmWindow *window;

  /* A database file: nothing to lose, the banner never shows. */
  window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->crm, "location", "/tmp/crm.sqlite3", NULL);
  fcrm_gui_test_show (GTK_WIDGET (window));
  banner = fcrm_window_get_connection_banner (window);
  g_set_error (&lost, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
               "The office server cannot be reached: %s", "no connection to the server");
  g_assert_false (fcrm_connection_banner_report_error (banner, lost));
  g_assert_false (revealed (banner));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The real retry: a network probe of a server that is not listening
   * keeps the banner up, and the window never waits for it. */
  window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->crm, "location", NOWHERE, NULL);
  fcrm_gui_test_show (GTK_WIDGET (window));
  banner = fcrm_window_get_connection_banner (window);
  g_assert_true (fcrm_connection_banner_report_error (banner, lost));
  g_assert_true (revealed (banner));
  fcrm_connection_banner_retry_now (banner);
  g_assert_false (probe_finished (banner));
  g_assert_true (wait_for (probe_finished, banner, 20));
  g_assert_true (revealed (banner));
  g_assert_false (fcrm_connection_banner_get_connected (banner));
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
}

/* ---- the Office Server preferences page ------------------------------------------ */

static gboolean
office_status_shown (gpointer prefs)
{
  GtkWidget *spinner = child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "office_spinner");
  return !gtk_widget_get_visible (spinner) &&
         visible_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "office_status_label")) != NULL;
}

static void
test_preferences_page (Fixture       *fixture,
                       gconstpointer  data)
{
  FcrmPreferences *prefs;
  AdwActionRow *location_row;
  const char *status;

  prefs = fcrm_preferences_new (fixture->crm);
  fcrm_preferences_set_location (prefs, "/home/anna/.local/share/furniture-crm/crm.sqlite3");
  fcrm_gui_test_show (GTK_WIDGET (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "office");
  fcrm_gui_test_drain ();

  /* A file: where it is, and the way to move it to a server. */
  location_row = child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "location_row");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (location_row)), ==, "On this computer");
  g_assert_cmpstr (adw_action_row_get_subtitle (location_row), ==, "/home/anna/.local/share/furniture-crm/crm.sqlite3");
  g_assert_true (gtk_widget_get_visible (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "move_group")));
  g_assert_false (gtk_widget_get_visible (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "local_row")));
  g_assert_false (gtk_widget_get_visible (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "signed_in_row")));

  /* A server: which one and who is signed in; a password in the address
   * is neither kept nor shown. */
  fcrm_preferences_set_location (prefs, "postgresql://anna:secret@db.example.com:5433/crm");
  g_assert_null (strstr (fcrm_preferences_get_location (prefs), "secret"));
  g_assert_cmpstr (fcrm_preferences_get_location (prefs), ==, "postgresql://anna@db.example.com:5433/crm");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (location_row)), ==, "On the office server");
  g_assert_cmpstr (adw_action_row_get_subtitle (location_row), ==, "crm on db.example.com:5433");
  g_assert_true (gtk_widget_get_visible (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "signed_in_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "signed_in_row")),
                   ==, "Anna Petrova (anna)");
  g_assert_true (gtk_widget_get_visible (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "local_row")));
  g_assert_false (gtk_widget_get_visible (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "move_group")));
  g_assert_cmpstr (gtk_editable_get_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "host_row")), ==, "db.example.com");
  g_assert_cmpstr (gtk_editable_get_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "port_row")), ==, "5433");
  g_assert_cmpstr (gtk_editable_get_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "database_row")), ==, "crm");
  g_assert_cmpstr (gtk_editable_get_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "login_row")), ==, "anna");
  g_assert_cmpstr (gtk_editable_get_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "password_row")), ==, "");

  /* The form says what is missing before anything is tried. */
  gtk_editable_set_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "port_row"), "99999");
  g_signal_emit_by_name (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "test_button"), "clicked");
  status = visible_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "office_status_label"));
  g_assert_nonnull (strstr (status, "port"));
  gtk_editable_set_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "host_row"), "");
  g_signal_emit_by_name (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "test_button"), "clicked");
  g_assert_cmpstr (visible_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "office_status_label")),
                   ==, "Enter the office server’s name or address.");

  /* Testing runs on a worker thread and reports inline. */
  gtk_editable_set_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "host_row"), "127.0.0.1");
  gtk_editable_set_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "port_row"), "1");
  gtk_editable_set_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "password_row"), "secret");
  g_signal_emit_by_name (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "test_button"), "clicked");
  g_assert_false (gtk_widget_get_sensitive (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "use_button")));
  g_assert_true (wait_for (office_status_shown, prefs, 20));
  status = visible_text (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "office_status_label"));
  g_assert_true (g_str_has_prefix (status, "Could not connect: "));
  g_assert_true (gtk_widget_has_css_class (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "office_status_label"), "error"));
  g_assert_true (gtk_widget_get_sensitive (child (prefs, FCRM_TYPE_PREFERENCES_OFFICE, "use_button")));

  gtk_window_destroy (GTK_WINDOW (prefs));
  fcrm_gui_test_drain ();
}

/* ---- live updates from another desktop -------------------------------------------- */

typedef struct
{
  guint  changes;
  gint64 at;
} ChangeLog;

static void
external_change_cb (FcrmNotifier *notifier,
                    ChangeLog    *log)
{
  log->changes++;
  log->at = g_get_monotonic_time ();
}

static gboolean
changed (gpointer data)
{
  return ((ChangeLog *) data)->changes > 0;
}

static gboolean
checked_once (gpointer notifier)
{
  /* The first check ran (on the worker, and came back). */
  return !fcrm_notifier_is_checking (notifier) && !g_main_context_pending (NULL);
}

static void
check_live_update (FcrmCrm *here,
                   FcrmCrm *there)
{
  g_autoptr(FcrmNotifier) notifier = fcrm_notifier_new (here, 0, NULL);
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GError) error = NULL;
  ChangeLog log = { 0 };
  FcrmLeadInput input = { .title = "From the other desktop", .phone = "+7 912 000-00-01" };
  gint64 written;

  g_signal_connect (notifier, "external-change", G_CALLBACK (external_change_cb), &log);
  fcrm_notifier_check_now (notifier);
  wait_for (checked_once, notifier, 2);
  g_assert_cmpuint (log.changes, ==, 0);

  lead = fcrm_crm_lead_add (there, &input, &error);
  g_assert_no_error (error);
  written = g_get_monotonic_time ();

  /* Polled twice a second: shown within a second (the deadline here is
   * generous for loaded machines; the time is reported). */
  g_assert_true (wait_for (changed, &log, 10));
  g_test_message ("another desktop's change noticed after %" G_GINT64_FORMAT " ms",
                  (log.at - written) / 1000);
}

static void
test_live_update_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) there = fcrm_crm_open (path, NULL, &error);

  g_assert_no_error (error);
  check_live_update (fixture->crm, there);
}

/* ---- with a real office server (FCRM_TEST_PG) ------------------------------------------ */

typedef struct
{
  char    *base;        /* FCRM_TEST_PG */
  char    *dbname;
  char    *anna;        /* a user with a row in users */
  char    *stranger;    /* a database role without one */
  char    *owner_uri;
  FcrmCrm *owner;
} Server;

static FcrmStore *
admin_store (const char *base)
{
  g_autoptr(GError) error = NULL;
  FcrmStore *store = fcrm_store_open (base, &error);

  g_assert_no_error (error);
  return store;
}

static void
server_exec (const char *base,
             const char *sql)
{
  g_autoptr(FcrmStore) store = admin_store (base);
  g_autoptr(GError) error = NULL;

  fcrm_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static char *
uri_for (Server     *server,
         const char *login,
         const char *password)
{
  g_autoptr(FcrmOfficeAddress) address = fcrm_office_address_parse (server->base, NULL);

  g_free (address->database);
  address->database = g_strdup (server->dbname);
  return fcrm_office_connection_uri (address, login, password);
}

static gboolean
server_set_up (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(FcrmUser) user = NULL;
  long pid = (long) getpid ();

  server->base = g_strdup (g_getenv ("FCRM_TEST_PG"));
  if (server->base == NULL || *server->base == '\0')
    {
      g_test_skip ("FCRM_TEST_PG names no PostgreSQL server for this test");
      return FALSE;
    }

  server->dbname = g_strdup_printf ("fcrm_gui_%ld", pid);
  server->anna = g_strdup_printf ("gui_anna_%ld", pid);
  server->stranger = g_strdup_printf ("gui_stranger_%ld", pid);

  sql = g_strdup_printf ("CREATE DATABASE %s", server->dbname);
  server_exec (server->base, sql);
  g_clear_pointer (&sql, g_free);

  server->owner_uri = uri_for (server, NULL, NULL);
  server->owner = fcrm_crm_open_full (server->owner_uri, NULL, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  user = fcrm_crm_user_add_with_password (server->owner, server->anna, "Anna Petrova", "manager",
                                          "anna's secret", &error);
  g_assert_no_error (error);

  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD 'x'", server->stranger);
  server_exec (server->base, sql);

  return TRUE;
}

static void
server_tear_down (Server *server)
{
  g_autofree char *drop_db = NULL;
  g_autofree char *drop_roles = NULL;

  if (server->dbname != NULL)
    {
      g_clear_object (&server->owner);
      drop_db = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", server->dbname);
      server_exec (server->base, drop_db);
      drop_roles = g_strdup_printf ("DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s",
                                    server->anna, server->stranger);
      server_exec (server->base, drop_roles);
    }
  g_free (server->base);
  g_free (server->dbname);
  g_free (server->anna);
  g_free (server->stranger);
  g_free (server->owner_uri);
}

static gboolean
signed_in_or_failed (gpointer data)
{
  FcrmSigninDialog *dialog = ((gpointer *) data)[0];
  SigninLog *log = ((gpointer *) data)[1];

  return log->signed_in > 0 ||
         (!fcrm_signin_dialog_get_busy (dialog) &&
          gtk_widget_get_visible (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "error_box")));
}

static void
test_office_server (Fixture       *fixture,
                    gconstpointer  data)
{
  Server server = { 0 };
  SigninLog log = { 0 };
  g_autofree char *location = NULL;
  g_autoptr(FcrmCrm) there = NULL;
  g_autoptr(GError) error = NULL;
  FcrmSigninDialog *dialog;
  FcrmWindow *window;
  gpointer pair[2];

  if (!server_set_up (&server))
    return;

  location = uri_for (&server, NULL, NULL);

  /* A database role without a row in users: told to ask the administrator. */
  dialog = new_signin (location, server.stranger, &log);
  g_object_ref_sink (dialog);
  fcrm_gui_test_show (GTK_WIDGET (dialog));
  gtk_editable_set_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "password_row"), "x");
  fcrm_signin_dialog_sign_in (dialog);
  pair[0] = dialog;
  pair[1] = &log;
  g_assert_true (wait_for (signed_in_or_failed, pair, 30));
  g_test_message ("a stranger signing in: %s / %s",
                  visible_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "error_label")),
                  visible_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "detail_label")));
  g_assert_cmpuint (log.signed_in, ==, 0);
  g_assert_nonnull (strstr (visible_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "error_label")),
                            "not a Furniture CRM user"));
  g_assert_nonnull (strstr (visible_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "detail_label")),
                            "user add"));

  /* The person: signed in as their own role, and the actor. */
  gtk_editable_set_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "login_row"), server.anna);
  gtk_editable_set_text (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "password_row"), "anna's secret");
  gtk_check_button_set_active (child (dialog, FCRM_TYPE_SIGNIN_DIALOG, "remember_check"), FALSE);
  fcrm_signin_dialog_sign_in (dialog);
  g_assert_true (wait_for (signed_in_or_failed, pair, 30));
  g_assert_cmpuint (log.signed_in, ==, 1);
  g_assert_cmpstr (log.login, ==, server.anna);
  g_assert_cmpstr (log.password, ==, "anna's secret");
  g_assert_false (log.remember);
  g_assert_cmpstr (fcrm_crm_get_actor (log.crm)->login, ==, server.anna);
  g_object_unref (dialog);

  /* Her window watches the connection: it is up. */
  window = g_object_new (FCRM_TYPE_WINDOW, "crm", log.crm, "location", location, NULL);
  fcrm_gui_test_show (GTK_WIDGET (window));
  g_assert_true (fcrm_connection_banner_check_now (fcrm_window_get_connection_banner (window)));
  g_assert_false (revealed (fcrm_window_get_connection_banner (window)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Another desktop's commit arrives through LISTEN/NOTIFY. */
  there = fcrm_crm_open (server.owner_uri, NULL, &error);
  g_assert_no_error (error);
  check_live_update (log.crm, there);

  g_clear_object (&there);
  signin_log_clear (&log);
  fcrm_gui_test_drain ();
  server_tear_down (&server);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

  g_test_add_func ("/office/address", test_address);
  g_test_add_func ("/office/secrets", test_secrets);
  g_test_add ("/office/signin-validation", Fixture, NULL, fixture_set_up, test_signin_validation, fixture_tear_down);
  g_test_add ("/office/signin-quiet", Fixture, NULL, fixture_set_up, test_signin_quiet, fixture_tear_down);
  g_test_add ("/office/banner", Fixture, NULL, fixture_set_up, test_banner, fixture_tear_down);
  g_test_add ("/office/banner-probe", Fixture, NULL, fixture_set_up, test_banner_probe, fixture_tear_down);
  g_test_add ("/office/preferences", Fixture, NULL, fixture_set_up, test_preferences_page, fixture_tear_down);
  g_test_add ("/office/live-update-file", Fixture, NULL, fixture_set_up, test_live_update_file, fixture_tear_down);
  g_test_add ("/office/server", Fixture, NULL, fixture_set_up, test_office_server, fixture_tear_down);

  return g_test_run ();
}
