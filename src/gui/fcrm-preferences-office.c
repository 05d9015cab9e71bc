#define G_LOG_DOMAIN "fcrm-preferences-office"

#include <glib/gi18n.h>

#include "fcrm-application.h"
#include "fcrm-remembered-user.h"
#include "fcrm-error.h"
#include "fcrm-preferences.h"
#include "fcrm-preferences-office-private.h"
#include "fcrm-secrets.h"

G_DEFINE_FINAL_TYPE (FcrmPreferencesOffice, fcrm_preferences_office, ADW_TYPE_PREFERENCES_PAGE)

/* -- the form and its status, shared with fcrm-preferences-office-move.c -- */

/* The preferences window, parent of the dialogs this page asks with. */
GtkWindow *
_fcrm_preferences_office_parent_window (FcrmPreferencesOffice *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_fcrm_preferences_office_set_status_label (GtkLabel   *label,
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

void
_fcrm_preferences_office_status (FcrmPreferencesOffice *self,
                                 Status                 status,
                                 const char            *text)
{
  _fcrm_preferences_office_set_status_label (self->office_status_label, status, text);
}

void
_fcrm_preferences_office_set_busy (FcrmPreferencesOffice *self,
                                   gboolean               busy)
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

FcrmOfficeAddress *
_fcrm_preferences_office_form_address (FcrmPreferencesOffice *self)
{
  g_autofree char *host = row_text (self->host_row);
  g_autofree char *port_text = row_text (self->port_row);
  g_autofree char *database = row_text (self->database_row);
  g_autofree char *login = row_text (self->login_row);
  guint64 port = 0;

  if (*host == '\0')
    {
      _fcrm_preferences_office_status (self, STATUS_ERROR, _("Enter the office server’s name or address."));
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return NULL;
    }
  if (*port_text != '\0' &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      _fcrm_preferences_office_status (self, STATUS_ERROR, _("The port is a number from 1 to 65535; usually it is 5432."));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return NULL;
    }
  if (*database == '\0')
    {
      _fcrm_preferences_office_status (self, STATUS_ERROR, _("Enter the name of the database on the server."));
      gtk_widget_grab_focus (GTK_WIDGET (self->database_row));
      return NULL;
    }
  if (*login == '\0')
    {
      _fcrm_preferences_office_status (self, STATUS_ERROR, _("Enter your login."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return NULL;
    }

  return fcrm_office_address_new (host, port > 0 ? (int) port : 5432, database, login);
}

/* -- where the data lives -- */

static GSettings *
app_settings (FcrmPreferencesOffice *self)
{
  if (self->app_settings == NULL)
    self->app_settings = fcrm_preferences_lookup_settings ("database");

  return self->app_settings;
}

static void
update_where (FcrmPreferencesOffice *self)
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
fcrm_preferences_office_set_location (FcrmPreferencesOffice *self,
                                      const char            *location)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;

  g_return_if_fail (FCRM_IS_PREFERENCES_OFFICE (self));

  g_clear_pointer (&self->location, g_free);
  /* Never keep or show a password that came with the address. */
  if (fcrm_office_is_location (location) && (address = fcrm_office_address_parse (location, NULL)) != NULL)
    self->location = fcrm_office_address_to_location (address);
  else
    self->location = g_strdup (location);

  update_where (self);
}

const char *
fcrm_preferences_office_get_location (FcrmPreferencesOffice *self)
{
  g_return_val_if_fail (FCRM_IS_PREFERENCES_OFFICE (self), NULL);

  return self->location;
}

/* -- testing the connection -- */

static char *
not_a_user_message (const char *login)
{
  return g_strdup_printf (_("“%s” may connect but is not a Furniture CRM user in that database yet: ask your administrator to add you (furniture-crm-cli user add)."),
                          login);
}

/* What a connection from the form came to: the database object open on the
 * server, with the form's address in @out_address; or NULL when there is
 * nothing more to do (the page is gone, or the status says why). */
static FcrmCrm *
open_form_server_finish (FcrmPreferencesOffice  *self,
                         GAsyncResult           *result,
                         FcrmUser              **out_user,
                         gboolean               *out_owner,
                         FcrmOfficeAddress     **out_address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;

  crm = fcrm_office_open_finish (result, out_user, out_owner, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;

  _fcrm_preferences_office_set_busy (self, FALSE);
  address = g_object_steal_data (G_OBJECT (self), "fcrm-tested");
  if (crm == NULL && address != NULL && g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
    {
      /* Connected, but the role may not read the CRM's data. */
      g_autofree char *not_user = not_a_user_message (address->login);
      g_autofree char *message = g_strdup_printf ("%s\n%s", not_user, error->message);

      _fcrm_preferences_office_status (self, STATUS_ERROR, message);
      return NULL;
    }
  if (crm == NULL || address == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect: %s"),
                                                  error != NULL ? error->message : "");
      _fcrm_preferences_office_status (self, STATUS_ERROR, message);
      return NULL;
    }

  *out_address = g_steal_pointer (&address);
  return g_steal_pointer (&crm);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcrmPreferencesOffice) self = user_data;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autofree char *description = NULL;
  g_autofree char *message = NULL;
  gboolean owner = FALSE;

  crm = open_form_server_finish (self, result, &user, &owner, &address);
  if (crm == NULL)
    return;

  description = fcrm_office_address_describe (address);
  if (user == NULL && owner)
    {
      /* The administrator, testing the server before moving data there. */
      /* Translators: %s is a database and server; then the owner's login */
      message = g_strdup_printf (_("Connected to %s as its owner “%s”: this computer’s data can be moved there. To work there, each person uses their own login."),
                                 description, address->login);
      _fcrm_preferences_office_status (self, STATUS_OK, message);
      return;
    }
  if (user == NULL)
    {
      g_autofree char *not_user = not_a_user_message (address->login);

      /* Translators: the first %s is a database and server, the second what is missing */
      message = g_strdup_printf (_("Connected to %s. %s"), description, not_user);
      _fcrm_preferences_office_status (self, STATUS_ERROR, message);
      return;
    }

  /* Translators: "Connected to crm on office:5432 as Anna Petrova." */
  message = g_strdup_printf (_("Connected to %s as %s."), description,
                             user->name != NULL && *user->name != '\0' ? user->name : user->login);
  _fcrm_preferences_office_status (self, STATUS_OK, message);
}

/* Connect to the server in the form on a worker thread, with a database
 * object of its own: the window never waits. @done gets the page and finds
 * the address under "fcrm-tested". */
static void
open_form_server (FcrmPreferencesOffice *self,
                  GAsyncReadyCallback    done)
{
  g_autoptr(FcrmOfficeAddress) address = _fcrm_preferences_office_form_address (self);
  g_autofree char *password = NULL;

  if (address == NULL)
    return;

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  _fcrm_preferences_office_status (self, STATUS_NONE, _("Connecting…"));
  _fcrm_preferences_office_set_busy (self, TRUE);
  fcrm_office_open_async (address, NULL, password, self->office_busy, done, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "fcrm-tested", g_steal_pointer (&address),
                          (GDestroyNotify) fcrm_office_address_free);
  fcrm_office_wipe_free (g_steal_pointer (&password));
}

static void
test_clicked_cb (FcrmPreferencesOffice *self)
{
  open_form_server (self, test_done_cb);
}

/* -- switching where the data lives -- */

static void
keyring_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FcrmPreferencesOffice) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fcrm_secrets_store_finish (result, &error))
    {
      g_message ("Cannot keep the office password in the keyring: %s", error->message);
      if (!self->disposed)
        fcrm_preferences_show_toast (GTK_WIDGET (self), _("The password could not be kept: this desktop has no keyring. You will be asked for it next time."));
    }
}

static FcrmApplication *
get_application (void)
{
  GApplication *app = g_application_get_default ();

  return FCRM_IS_APPLICATION (app) ? FCRM_APPLICATION (app) : NULL;
}

static void
switch_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    FcrmPreferencesOffice *self)
{
  FcrmCrm *crm = g_object_get_data (G_OBJECT (dialog), "fcrm-crm");
  const char *location = g_object_get_data (G_OBJECT (dialog), "fcrm-location");
  FcrmApplication *app = get_application ();

  if (g_strcmp0 (response, "switch") == 0 && app != NULL && location != NULL)
    fcrm_application_open_location (app, location, crm);
}

/* Ask whether to switch at once; @crm (nullable) is open at @location. */
static void
offer_switch (FcrmPreferencesOffice *self,
              const char            *heading,
              const char            *body,
              const char            *location,
              FcrmCrm               *crm)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (_fcrm_preferences_office_parent_window (self), heading, body);
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

/* @crm acts as @login: a connection to the office server already does as
 * the person who signed in, and asking again would be a round trip. */
static gboolean
act_as (FcrmCrm    *crm,
        const char *login,
        GError    **error)
{
  FcrmUser *actor = fcrm_crm_get_actor (crm);

  if (actor != NULL && g_strcmp0 (actor->login, login) == 0)
    return TRUE;
  return fcrm_crm_set_actor (crm, login, error);
}

static void
use_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcrmPreferencesOffice) self = user_data;
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

  crm = open_form_server_finish (self, result, &user, NULL, &address);
  if (crm == NULL)
    return;
  if (user == NULL)
    {
      g_autofree char *message = not_a_user_message (address->login);
      _fcrm_preferences_office_status (self, STATUS_ERROR, message);
      return;
    }
  /* the connection already acts as who signed in (no round trip then) */
  if (!act_as (crm, address->login, &error))
    {
      _fcrm_preferences_office_status (self, STATUS_ERROR, error->message);
      return;
    }

  /* The address (never the password) goes to the settings, the password
   * to the keyring. */
  location = fcrm_office_address_to_location (address);
  settings = app_settings (self);
  if (settings != NULL)
    {
      g_settings_set_string (settings, "database", location);
      fcrm_remembered_user_set (settings, location, address->login);
    }
  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (*password != '\0')
    {
      server = fcrm_office_address_to_server (address);
      fcrm_secrets_store_async (server, address->login, password, NULL, keyring_stored_cb, g_object_ref (self));
    }
  fcrm_office_wipe_free (g_steal_pointer (&password));

  description = fcrm_office_address_describe (address);
  _fcrm_preferences_office_status (self, STATUS_OK, NULL);
  body = g_strdup_printf (_("From the next start Furniture CRM works on %s, signed in as %s. Switch now? Open cards and dialogs close."),
                          description, user->name != NULL && *user->name != '\0' ? user->name : user->login);
  offer_switch (self, _("Office Server Chosen"), body, location, crm);
}

static void
use_server_clicked_cb (FcrmPreferencesOffice *self)
{
  open_form_server (self, use_done_cb);
}

static void
use_local_response_cb (AdwMessageDialog      *dialog,
                       const char            *response,
                       FcrmPreferencesOffice *self)
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
    fcrm_preferences_show_toast (GTK_WIDGET (self), _("This computer’s database is used from the next start."));
}

static void
use_local_clicked_cb (FcrmPreferencesOffice *self)
{
  g_autofree char *file = fcrm_crm_default_location ();
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (_fcrm_preferences_office_parent_window (self), _("Use This Computer Only?"), NULL);
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

static void
fcrm_preferences_office_dispose (GObject *object)
{
  FcrmPreferencesOffice *self = FCRM_PREFERENCES_OFFICE (object);

  /* Work under way finishes without us: its results find nothing to show. */
  self->disposed = TRUE;
  if (self->office_busy != NULL)
    g_cancellable_cancel (self->office_busy);
  g_clear_object (&self->office_busy);
  g_clear_object (&self->app_settings);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_preferences_office_parent_class)->dispose (object);
}

static void
fcrm_preferences_office_finalize (GObject *object)
{
  FcrmPreferencesOffice *self = FCRM_PREFERENCES_OFFICE (object);

  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (fcrm_preferences_office_parent_class)->finalize (object);
}

static void
fcrm_preferences_office_class_init (FcrmPreferencesOfficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_office_dispose;
  object_class->finalize = fcrm_preferences_office_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-preferences-office.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, location_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, location_icon);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, signed_in_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, local_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, host_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, port_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, database_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, login_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, password_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, office_spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, test_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, use_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, office_status_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, move_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, move_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, move_progress);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesOffice, move_status_label);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_server_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_local_clicked_cb);

  _fcrm_preferences_office_class_move_init (klass);
}

static void
fcrm_preferences_office_init (FcrmPreferencesOffice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_preferences_office_new (FcrmCrm *crm)
{
  FcrmPreferencesOffice *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES_OFFICE, NULL);
  self->crm = g_object_ref (crm);
  update_where (self);

  return GTK_WIDGET (self);
}
