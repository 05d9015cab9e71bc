#define G_LOG_DOMAIN "fcrm-application"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "fcrm-application-private.h"
#include "fcrm-call-dialog.h"
#include "fcrm-client-card.h"
#include "fcrm-item-card.h"
#include "fcrm-remembered-user.h"
#include "fcrm-backup-scheduler.h"
#include "fcrm-notifier.h"
#include "fcrm-office.h"
#include "fcrm-preferences.h"
#include "fcrm-secrets.h"
#include "fcrm-signin-dialog.h"
#include "fcrm-user-dialog.h"
#include "fcrm-window.h"

G_DEFINE_FINAL_TYPE (FcrmApplication, fcrm_application, ADW_TYPE_APPLICATION)

static FcrmWindow *
get_main_window (FcrmApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (FCRM_IS_WINDOW (l->data))
        return FCRM_WINDOW (l->data);
    }

  return NULL;
}

/* ---- reminders ----------------------------------------------------------- */

/* One notifier per process, for the user at this desktop: with one check
 * loop, each notification is raised once. A measurement starts its own
 * after the first frame (fcrm-application-measure.c). */
static void
restart_notifier (FcrmApplication *self)
{
  FcrmWindow *window = get_main_window (self);
  FcrmUser *actor = self->crm != NULL ? fcrm_crm_get_actor (self->crm) : NULL;

  if (self->notifier != NULL && actor != NULL &&
      fcrm_notifier_get_user_id (self->notifier) == actor->id)
    return;

  if (window != NULL)
    fcrm_window_set_notifier (window, NULL);
  g_clear_object (&self->notifier);

  if (self->measure_startup || !self->window_ready || actor == NULL)
    return;

  self->notifier = fcrm_notifier_new (self->crm, actor->id, self->settings);
  if (window != NULL)
    fcrm_window_set_notifier (window, self->notifier);
  /* daily backups run while the app runs, beside the notifier's checks */
  fcrm_backup_scheduler_start (fcrm_backup_scheduler_get_for (self->crm));
}

/* ---- who works at this desktop ----------------------------------------- */

static void
fcrm_application_set_user (FcrmApplication *self,
                           FcrmUser        *user,
                           gboolean         remember)
{
  FcrmWindow *window = get_main_window (self);
  g_autoptr(GError) error = NULL;

  if (!fcrm_crm_set_actor (self->crm, user->login, &error))
    {
      if (window != NULL)
        fcrm_window_show_error (window, error);
      return;
    }

  if (remember)
    fcrm_remembered_user_set (self->settings, self->location, user->login);

  if (window != NULL)
    fcrm_window_set_user (window, user);

  restart_notifier (self);
}

static void
user_chosen_cb (FcrmUserDialog  *dialog,
                FcrmUser        *user,
                FcrmApplication *self)
{
  /* An explicit choice is remembered, even over a --user of this run. */
  g_clear_pointer (&self->user_override, g_free);
  fcrm_application_set_user (self, user, TRUE);
}

static void
demo_loaded_cb (FcrmUserDialog  *dialog,
                FcrmApplication *self)
{
  FcrmWindow *window = get_main_window (self);

  if (window != NULL)
    fcrm_window_reload (window);
}

static void
show_user_dialog (FcrmApplication *self,
                  gboolean         first_start,
                  const char      *message)
{
  FcrmWindow *window = get_main_window (self);
  FcrmUserDialog *dialog;

  g_return_if_fail (window != NULL);

  dialog = fcrm_user_dialog_new (self->crm, GTK_WINDOW (window), first_start);
  fcrm_user_dialog_set_message (dialog, message);
  g_signal_connect_object (dialog, "user-chosen", G_CALLBACK (user_chosen_cb), self, 0);
  g_signal_connect_object (dialog, "demo-loaded", G_CALLBACK (demo_loaded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A restore brought other data: who works here is looked up again in it
 * (the same login may have another id, or be gone). */
static void
restored_cb (FcrmApplication *self,
             const char      *kept,
             const char      *message)
{
  FcrmUser *actor = self->crm != NULL ? fcrm_crm_get_actor (self->crm) : NULL;
  g_autofree char *login = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(FcrmUser) user = NULL;

  if (kept == NULL || actor == NULL)
    return;
  login = g_strdup (actor->login);
  user = fcrm_crm_find_user (self->crm, login, NULL);
  if (user != NULL)
    {
      fcrm_application_set_user (self, user, FALSE);
      return;
    }
  if (self->office || get_main_window (self) == NULL)
    return;
  missing = g_strdup_printf (_("There is no user “%s” in this database any more. Choose yourself or add a new user."),
                             login);
  show_user_dialog (self, FALSE, missing);
}

/* ---- start-up ----------------------------------------------------------- */

static void
open_error_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        FcrmApplication  *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_open_error (FcrmApplication *self,
                 const char      *location,
                 const GError    *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"), NULL);
  /* Most messages name the file already; say which one when not. */
  if (strstr (error->message, location) != NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                    error->message, location);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_error_response_cb), self, 0);

  /* Belonging to the application keeps it running until the dialog closes. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
choose_location (FcrmApplication         *self,
                 GApplicationCommandLine *cmdline,
                 const char              *db_option)
{
  if (db_option != NULL && *db_option != '\0')
    {
      /* A relative path means the caller's directory, which is not ours
       * when the command line came from another instance. */
      if (strstr (db_option, "://") == NULL && !g_path_is_absolute (db_option))
        return g_build_filename (g_application_command_line_get_cwd (cmdline), db_option, NULL);
      return g_strdup (db_option);
    }

  if (self->settings != NULL)
    {
      g_autofree char *setting = g_settings_get_string (self->settings, "database");

      if (setting != NULL && *setting != '\0')
        return g_steal_pointer (&setting);
    }

  return fcrm_crm_default_location ();
}

static void
set_location (FcrmApplication *self,
              const char      *location)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;

  self->office = fcrm_office_is_location (location);
  g_free (self->location);
  self->location = NULL;

  /* A password given in the address is used once, never kept or shown. */
  if (self->office && (address = fcrm_office_address_parse (location, NULL)) != NULL)
    self->location = fcrm_office_address_to_location (address);
  else
    self->location = g_strdup (location);
}

/* The database is open (and in office mode signed in): show the window. */
static void
show_main (FcrmApplication *self)
{
  g_autoptr(FcrmUser) user = NULL;
  g_autofree char *login = NULL;
  g_autofree char *missing = NULL;
  FcrmWindow *window;

  if (self->office)
    {
      /* Signing in decided who works here. */
      if (fcrm_crm_get_actor (self->crm) != NULL)
        user = g_object_ref (fcrm_crm_get_actor (self->crm));
    }
  else
    {
      if (self->user_override != NULL)
        login = g_strdup (self->user_override);
      else
        login = fcrm_remembered_user_get (self->settings, self->location);

      if (login != NULL && *login != '\0')
        {
          g_autoptr(GError) find_error = NULL;

          user = fcrm_crm_find_user (self->crm, login, &find_error);
          if (user == NULL && self->user_override != NULL)
            missing = g_strdup_printf (_("There is no user “%s” in this database. Choose yourself or add a new user."),
                                       login);
          else if (user == NULL)
            missing = g_strdup_printf (_("There is no user “%s” in this database any more. Choose yourself or add a new user."),
                                       login);
        }
    }

  window = fcrm_window_new (GTK_APPLICATION (self), self->crm);
  g_signal_connect_object (fcrm_backup_scheduler_get_for (self->crm), "restored", G_CALLBACK (restored_cb), self,
                           G_CONNECT_SWAPPED);

  if (user != NULL)
    fcrm_application_set_user (self, user, FALSE);

  if (self->measure_startup)
    {
      /* The measurement is always of the Leads board, never of dialogs. */
      fcrm_window_show_view (window, "leads");
      gtk_window_present (GTK_WINDOW (window));
      fcrm_application_measure_start (self, window);
      return;
    }

  if (self->settings != NULL)
    {
      g_autofree char *view = g_settings_get_string (self->settings, "last-view");

      if (view != NULL && *view != '\0')
        fcrm_window_show_view (window, view);
    }

  gtk_window_present (GTK_WINDOW (window));

  /* The first check runs on an idle, after the window's first frame. */
  self->window_ready = TRUE;
  restart_notifier (self);

  if (user == NULL && !self->office)
    show_user_dialog (self, TRUE, missing);
}

/* ---- the office server: signing in ------------------------------------- */

static void
keyring_failed (FcrmApplication *self,
                const char      *message)
{
  FcrmWindow *window = get_main_window (self);

  if (window != NULL)
    fcrm_window_show_toast (window, message);
}

static void
keyring_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FcrmApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fcrm_secrets_store_finish (result, &error))
    {
      /* Usually there is no keyring at all: the D-Bus details go to the log. */
      g_message ("Cannot keep the office password in the keyring: %s", error->message);
      keyring_failed (self, _("The password could not be kept: this desktop has no keyring. You will be asked for it next time."));
    }
}

static void
keyring_cleared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FcrmApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* No keyring: nothing kept there to forget. */
  if (!fcrm_secrets_clear_finish (result, &error))
    g_debug ("Cannot remove the office password from the keyring: %s", error->message);
}

static void
remember_password (FcrmApplication *self,
                   const char      *login,
                   const char      *password,
                   gboolean         remember)
{
  g_autoptr(FcrmOfficeAddress) address = fcrm_office_address_parse (self->location, NULL);
  g_autofree char *server = NULL;

  if (address == NULL)
    return;

  server = fcrm_office_address_to_server (address);
  if (remember)
    fcrm_secrets_store_async (server, login, password, NULL, keyring_stored_cb, g_object_ref (self));
  else
    fcrm_secrets_clear_async (server, login, NULL, keyring_cleared_cb, g_object_ref (self));
}

static void
signed_in_cb (FcrmSigninDialog *dialog,
              FcrmCrm          *crm,
              const char       *login,
              const char       *password,
              gboolean          remember,
              FcrmApplication  *self)
{
  g_autoptr(FcrmOfficeAddress) address = fcrm_office_address_parse (self->location, NULL);

  /* Whoever signed in is the person at this desktop now; where the address
   * kept in the settings named someone else, it names them. */
  if (address != NULL && g_strcmp0 (address->login, login) != 0)
    {
      g_autofree char *location = NULL;
      g_autofree char *saved = NULL;

      g_free (address->login);
      address->login = g_strdup (login);
      location = fcrm_office_address_to_location (address);
      if (self->settings != NULL)
        saved = g_settings_get_string (self->settings, "database");
      if (saved != NULL && g_strcmp0 (saved, self->location) == 0)
        g_settings_set_string (self->settings, "database", location);
      set_location (self, location);
    }

  /* Only a password typed just now changes what the keyring keeps. */
  if (password != NULL && *password != '\0')
    remember_password (self, login, password, remember);

  fcrm_remembered_user_set (self->settings, self->location, login);

  if (self->crm == NULL)
    {
      self->crm = g_object_ref (crm);
      show_main (self);
    }
  else
    {
      /* Another person signed in at this desktop: their own connection. */
      fcrm_application_open_location (self, self->location, crm);
    }
}

static void
signin_cancelled_cb (FcrmSigninDialog *dialog,
                     FcrmApplication  *self)
{
  /* At start nothing else is open: the program ends with the dialog. */
  if (self->crm == NULL && self->measure_startup)
    {
      g_printerr ("furniture-crm: %s\n", _("Signing in to the office server was cancelled."));
      self->exit_status = 1;
    }
}

static void
show_signin (FcrmApplication *self,
             const char      *login,
             const char      *password)
{
  FcrmWindow *window = get_main_window (self);
  FcrmSigninDialog *dialog;

  dialog = fcrm_signin_dialog_new (window != NULL ? GTK_WINDOW (window) : NULL, self->location, login);
  g_return_if_fail (dialog != NULL);

  /* Belonging to the application keeps it running while there is no
   * other window (at start, while a kept password is tried). */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
  g_signal_connect_object (dialog, "cancelled", G_CALLBACK (signin_cancelled_cb), self, 0);
  fcrm_signin_dialog_run (dialog, password);
}

static void
start_office (FcrmApplication *self,
              const char      *location)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_login = NULL;
  const char *login;

  address = fcrm_office_address_parse (location, &error);
  if (address == NULL)
    {
      if (self->measure_startup)
        {
          g_printerr ("furniture-crm: %s\n", error->message);
          self->exit_status = 1;
          return;
        }
      /* The address may hold a password: it is never shown. */
      show_open_error (self, "", error);
      return;
    }

  set_location (self, location);

  /* Who signs in: the address says, else --user, else the last one here. */
  settings_login = fcrm_remembered_user_get (self->settings, self->location);
  login = address->login;
  if (login == NULL)
    login = self->user_override;
  if (login == NULL && settings_login != NULL && *settings_login != '\0')
    login = settings_login;

  show_signin (self, login, address->password);
}

static void
fcrm_application_start (FcrmApplication *self,
                        const char      *location)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_location = NULL;

  if (fcrm_office_is_location (location))
    {
      start_office (self, location);
      return;
    }

  /* Only the default database is created on the first start: any other
   * path that does not exist is a mistake to show, not a new empty file. */
  default_location = fcrm_crm_default_location ();
  set_location (self, location);
  self->crm = fcrm_crm_open_full (location, NULL,
                                  g_strcmp0 (location, default_location) == 0 ? FCRM_OPEN_CREATE : FCRM_OPEN_EXISTING,
                                  &error);
  if (self->crm == NULL)
    {
      if (self->measure_startup)
        {
          g_printerr ("furniture-crm: %s\n", error->message);
          self->exit_status = 1;
          return;
        }

      show_open_error (self, location, error);
      return;
    }

  show_main (self);
}

/* ---- another database, in this process ---------------------------------- */

static gboolean
reopen_cb (gpointer user_data)
{
  FcrmApplication *self = user_data;
  g_autofree char *location = g_steal_pointer (&self->reopen_location);
  g_autoptr(FcrmCrm) crm = g_steal_pointer (&self->reopen_crm);
  GList *windows;

  self->reopen_id = 0;

  /* Nothing may keep the old database: every window goes (the main one
   * saving its size), then the notifier and the database itself. */
  g_application_hold (G_APPLICATION (self));
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (FCRM_IS_WINDOW (l->data))
        gtk_window_close (GTK_WINDOW (l->data));
      else
        gtk_window_destroy (GTK_WINDOW (l->data));
    }
  g_list_free (windows);

  fcrm_application_measure_stop (self);
  self->window_ready = FALSE;
  g_clear_object (&self->notifier);
  g_clear_object (&self->crm);

  if (crm != NULL)
    {
      set_location (self, location);
      self->crm = g_steal_pointer (&crm);
      show_main (self);
    }
  else
    fcrm_application_start (self, location);

  g_application_release (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

void
fcrm_application_open_location (FcrmApplication *self,
                                const char      *location,
                                FcrmCrm         *crm)
{
  g_return_if_fail (FCRM_IS_APPLICATION (self));
  g_return_if_fail (location != NULL);
  g_return_if_fail (crm == NULL || FCRM_IS_CRM (crm));

  /* On an idle: the caller is usually a handler inside a window that is
   * about to go. */
  g_free (self->reopen_location);
  self->reopen_location = g_strdup (location);
  g_set_object (&self->reopen_crm, crm);
  if (self->reopen_id == 0)
    self->reopen_id = g_idle_add (reopen_cb, self);
}

static int
fcrm_application_command_line (GApplication            *app,
                               GApplicationCommandLine *cmdline)
{
  FcrmApplication *self = FCRM_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *db_option = NULL;
  const char *user_option = NULL;
  g_autofree char *location = NULL;

  /* A second start while we run brings the window forward. */
  if (self->crm != NULL)
    {
      FcrmWindow *window = get_main_window (self);

      if (window != NULL)
        gtk_window_present (GTK_WINDOW (window));
      return 0;
    }

  g_variant_dict_lookup (options, "db", "^&ay", &db_option);
  g_variant_dict_lookup (options, "user", "&s", &user_option);
  self->measure_startup = g_variant_dict_contains (options, "measure-startup");
  g_free (self->user_override);
  self->user_override = user_option && *user_option ? g_strdup (user_option) : NULL;

  location = choose_location (self, cmdline, db_option);
  fcrm_application_start (self, location);

  return self->exit_status;
}

static int
fcrm_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("furniture-crm %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* A measurement is its own process, never a message to a running one;
   * the main loop is watched from here on. */
  if (g_variant_dict_contains (options, "measure-startup"))
    {
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
      fcrm_application_measure_hook_loop ();
    }

  return -1;
}

/* ---- actions ------------------------------------------------------------ */

static void
switch_user_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  FcrmApplication *self = user_data;

  if (self->crm == NULL || get_main_window (self) == NULL)
    return;

  /* On the office server a person is who they signed in as. */
  if (self->office)
    show_signin (self, "", NULL);
  else
    show_user_dialog (self, FALSE, NULL);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  FcrmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  /* Translators: put your names here, one per line */
  const char *translators = _("translator-credits");
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  g_object_set (about,
                "application-name", _("Furniture CRM"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("Furniture CRM developers"),
                "comments", _("Leads, orders, manufacturing and installation for furniture firms"),
                "license-type", GTK_LICENSE_GPL_3_0,
                NULL);
  /* An untranslated run has no translators to credit. */
  if (g_strcmp0 (translators, "translator-credits") != 0)
    adw_about_window_set_translator_credits (about, translators);
  gtk_window_present (GTK_WINDOW (about));
}

static void
open_item_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  FcrmApplication *self = user_data;
  FcrmWindow *window = get_main_window (self);
  const char *type_name = NULL;
  FcrmEntityType type;
  gint64 id = 0;

  g_variant_get (parameter, "(&sx)", &type_name, &id);

  /* "lead", "deal", "contact" or "company" */
  if (!fcrm_entity_type_from_string (type_name, &type))
    {
      g_debug ("app.open-item: “%s” is no lead, deal, contact or company", type_name);
      return;
    }

  if (self->crm == NULL || window == NULL || id <= 0)
    return;

  gtk_window_present (GTK_WINDOW (window));
  if (type == FCRM_ENTITY_CONTACT || type == FCRM_ENTITY_COMPANY)
    fcrm_client_card_present (GTK_WINDOW (window), self->crm, type, id);
  else
    fcrm_item_card_present (GTK_WINDOW (window), self->crm, type, id);
}

/* The main window shown, then its action @name (@parameter may be NULL). */
static void
activate_in_window (FcrmApplication *self,
                    const char      *name,
                    GVariant        *parameter)
{
  FcrmWindow *window = get_main_window (self);

  if (window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), name, parameter);
}

/* The notifier's "New Lead" on a call from an unknown number. */
static void
new_lead_with_phone_activated (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  FcrmApplication *self = user_data;

  if (self->crm != NULL)
    activate_in_window (self, "win.new-lead-with-phone", parameter);
}

static void
show_notifications_activated (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  activate_in_window (user_data, "win.show-notifications", NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  FcrmApplication *self = user_data;
  FcrmWindow *window = get_main_window (self);

  if (self->crm != NULL && window != NULL)
    fcrm_preferences_present (GTK_WINDOW (window), self->crm);
}

static void
preferences_page_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  FcrmApplication *self = user_data;
  FcrmWindow *window = get_main_window (self);

  if (self->crm != NULL && window != NULL)
    fcrm_preferences_present_page (GTK_WINDOW (window), self->crm, g_variant_get_string (parameter, NULL));
}

static void
incoming_call_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  FcrmApplication *self = user_data;
  FcrmWindow *window = get_main_window (self);

  if (self->crm == NULL || window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));
  fcrm_call_dialog_present (GTK_WINDOW (window), self->crm);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  FcrmApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (not destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

/* The schedule at a day, week or month (a launcher's "today's visits"). */
static void
show_schedule_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  FcrmApplication *self = user_data;
  FcrmWindow *window = get_main_window (self);
  const char *mode = g_variant_get_string (parameter, NULL);

  if (self->crm == NULL || window == NULL)
    return;
  gtk_window_present (GTK_WINDOW (window));
  fcrm_window_show_schedule (window, g_str_equal (mode, "day") ? FCRM_SCHEDULE_DAY
                                     : g_str_equal (mode, "month") ? FCRM_SCHEDULE_MONTH : FCRM_SCHEDULE_WEEK);
}

static const GActionEntry app_actions[] = {
  { "show-schedule", show_schedule_activated, "s" },
  { "switch-user", switch_user_activated },
  { "open-item", open_item_activated, "(sx)" },
  { "new-lead-with-phone", new_lead_with_phone_activated, "s" },
  { "show-notifications", show_notifications_activated },
  { "incoming-call", incoming_call_activated },
  { "preferences", preferences_activated },
  { "preferences-page", preferences_page_activated, "s" },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
fcrm_application_startup (GApplication *app)
{
  FcrmApplication *self = FCRM_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };
  /* Ctrl+Shift+I is the GTK Inspector's where it is enabled; L as in "lead". */
  static const char *incoming_call_accels[] = { "<Primary>l", NULL };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (fcrm_application_parent_class)->startup (app);

  /* Running uninstalled without GSETTINGS_SCHEMA_DIR must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  else
    g_message ("GSettings schema %s is not installed: settings will not be kept", APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.incoming-call", incoming_call_accels);
}

static void
fcrm_application_shutdown (GApplication *app)
{
  FcrmApplication *self = FCRM_APPLICATION (app);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  fcrm_application_measure_stop (self);
  g_clear_handle_id (&self->reopen_id, g_source_remove);
  g_clear_object (&self->reopen_crm);
  g_clear_object (&self->notifier);
  if (notify_is_initted ())
    notify_uninit ();
  /* A quit that closed no window (--measure-startup) leaves them holding
   * the database: they go now, and the database with them, so a file is
   * closed (its write-ahead log checkpointed and removed), not abandoned. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  g_clear_object (&self->crm);

  G_APPLICATION_CLASS (fcrm_application_parent_class)->shutdown (app);
}

static void
fcrm_application_finalize (GObject *object)
{
  FcrmApplication *self = FCRM_APPLICATION (object);

  fcrm_application_measure_stop (self);
  g_clear_object (&self->notifier);
  g_clear_handle_id (&self->reopen_id, g_source_remove);
  g_clear_object (&self->reopen_crm);
  g_clear_pointer (&self->reopen_location, g_free);
  g_clear_object (&self->crm);
  g_clear_pointer (&self->location, g_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->user_override, g_free);

  G_OBJECT_CLASS (fcrm_application_parent_class)->finalize (object);
}

static void
fcrm_application_class_init (FcrmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fcrm_application_finalize;
  app_class->startup = fcrm_application_startup;
  app_class->shutdown = fcrm_application_shutdown;
  app_class->command_line = fcrm_application_command_line;
  app_class->handle_local_options = fcrm_application_handle_local_options;
}

static void
fcrm_application_init (FcrmApplication *self)
{
  /* Built here, after main() bound the text domain, so --help is translated. */
  const GOptionEntry option_entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      _("Open the database at PATH, or on the office server at postgresql://LOGIN@SERVER/DATABASE, instead of the usual one"), _("PATH") },
    { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
      _("Work as LOGIN for this run, without remembering it"), _("LOGIN") },
    { "measure-startup", 0, 0, G_OPTION_ARG_NONE, NULL,
      _("Print the time to the first frame of the board and the memory used, then quit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      _("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A CRM for furniture firms: leads, manufacturing, design and repair."));

}

FcrmApplication *
fcrm_application_new (gint64 start_us)
{
  FcrmApplication *self;

  self = g_object_new (FCRM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/com/example/FurnitureCRM",
                       NULL);
  self->start_us = start_us;

  return self;
}

FcrmCrm *
fcrm_application_get_crm (FcrmApplication *self)
{
  g_return_val_if_fail (FCRM_IS_APPLICATION (self), NULL);

  return self->crm;
}

GSettings *
fcrm_application_get_settings (FcrmApplication *self)
{
  g_return_val_if_fail (FCRM_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
fcrm_application_get_location (FcrmApplication *self)
{
  g_return_val_if_fail (FCRM_IS_APPLICATION (self), NULL);

  return self->location;
}

int
fcrm_application_get_exit_status (FcrmApplication *self)
{
  g_return_val_if_fail (FCRM_IS_APPLICATION (self), 0);

  return self->exit_status;
}
