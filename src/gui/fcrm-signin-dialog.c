#define G_LOG_DOMAIN "fcrm-signin-dialog"

#include <glib/gi18n.h>

#include "fcrm-error.h"
#include "fcrm-office.h"
#include "fcrm-secrets.h"
#include "fcrm-signin-dialog.h"

/* A keyring that takes longer may be waiting for the person to unlock it
 * (or for a prompt no desktop shows): the dialog comes up meanwhile. */
#define LOOKUP_PATIENCE_SECONDS 2

struct _FcrmSigninDialog
{
  AdwWindow          parent_instance;

  FcrmOfficeAddress *address;       /* without a password */
  GCancellable      *cancellable;   /* the connection being made */
  GCancellable      *lookup;        /* asking the keyring */
  guint              lookup_timeout_id;
  gboolean           typed;         /* the password tried was typed here */
  gboolean           signed_in;

  AdwActionRow      *server_row;
  AdwEntryRow       *login_row;
  AdwPasswordEntryRow *password_row;
  GtkCheckButton    *remember_check;
  GtkButton         *signin_button;
  GtkSpinner        *spinner;
  GtkWidget         *error_box;
  GtkLabel          *error_label;
  GtkLabel          *detail_label;
};

G_DEFINE_FINAL_TYPE (FcrmSigninDialog, fcrm_signin_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* libpq indents its hints with tabs, which a label shows as wide gaps. */
static char *
tidy_detail (const char *detail)
{
  g_auto(GStrv) lines = g_strsplit (detail, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_strstrip (lines[i]);

  return g_strjoinv ("\n", lines);
}

void
fcrm_signin_dialog_set_error (FcrmSigninDialog *self,
                              const char       *message,
                              const char       *detail)
{
  g_autofree char *tidy = NULL;

  g_return_if_fail (FCRM_IS_SIGNIN_DIALOG (self));

  if (detail != NULL)
    tidy = tidy_detail (detail);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_label_set_text (self->detail_label, tidy != NULL ? tidy : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  gtk_widget_set_visible (self->error_box, message != NULL && *message != '\0');
}

static void
set_busy (FcrmSigninDialog *self,
          gboolean          busy)
{
  /* Read-only rather than insensitive: a focused entry made insensitive
   * loses its focus without hearing of it (GTK 4.8 then warns). */
  gtk_editable_set_editable (GTK_EDITABLE (self->login_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_check), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->signin_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

gboolean
fcrm_signin_dialog_get_busy (FcrmSigninDialog *self)
{
  g_return_val_if_fail (FCRM_IS_SIGNIN_DIALOG (self), FALSE);

  return self->cancellable != NULL || self->lookup != NULL;
}

static void
stop_lookup (FcrmSigninDialog *self)
{
  g_clear_handle_id (&self->lookup_timeout_id, g_source_remove);
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
}

/* What the administrator runs to let this login in. */
static char *
add_user_command (FcrmSigninDialog *self,
                  const char       *login)
{
  g_autofree char *server = fcrm_office_address_to_server (self->address);
  g_autofree char *quoted_server = g_shell_quote (server);
  g_autofree char *quoted_login = g_shell_quote (login);
  /* Translators: a placeholder in a command line; keep it one word in capitals */
  g_autofree char *name = g_shell_quote (_("NAME"));

  return g_strdup_printf ("furniture-crm-cli --db %s user add %s --name %s --role manager",
                          quoted_server, quoted_login, name);
}

/* The role signed in to the server but is no user of the CRM there. */
static void
explain_not_a_user (FcrmSigninDialog *self,
                    const char       *login,
                    const char       *server_says)
{
  g_autofree char *message = NULL;
  g_autofree char *command = add_user_command (self, login);
  g_autofree char *detail = NULL;

  message = g_strdup_printf (_("“%s” may connect to the office server but is not a Furniture CRM user there yet. Ask your administrator to add you."),
                             login);
  /* Translators: %s is a command line */
  detail = g_strdup_printf (_("The administrator adds you with: %s"), command);
  if (server_says != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s\n\n%s", detail, server_says);
      g_free (detail);
      detail = g_steal_pointer (&both);
    }
  fcrm_signin_dialog_set_error (self, message, detail);
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
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcrmSigninDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autofree char *login = NULL;
  g_autofree char *password = NULL;

  crm = fcrm_office_open_finish (result, &user, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));

  /* The kept password did not do: now the person is asked. */
  if ((crm == NULL || user == NULL || !user->active) && !gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_present (GTK_WINDOW (self));

  /* Signed in to the server, but the role may not read the CRM's data:
   * not made a user with `user add`. */
  if (crm == NULL && g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
    {
      explain_not_a_user (self, login, error->message);
      return;
    }

  if (crm == NULL)
    {
      fcrm_signin_dialog_set_error (self,
                                    _("Could not sign in. Check your login and password; if they are right, the office server may be switched off or out of reach."),
                                    error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  if (user == NULL)
    {
      explain_not_a_user (self, login, NULL);
      return;
    }

  if (!user->active)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is no longer an active user of this database. Ask your administrator."), login);
      fcrm_signin_dialog_set_error (self, message, NULL);
      return;
    }

  /* the connection already acts as who signed in (no round trip then) */
  if (!act_as (crm, login, &error))
    {
      fcrm_signin_dialog_set_error (self, error->message, NULL);
      return;
    }

  if (self->typed)
    password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  self->signed_in = TRUE;
  g_signal_emit (self, signals[SIGNED_IN], 0, crm, login, password,
                 gtk_check_button_get_active (self->remember_check));
  fcrm_office_wipe_free (g_steal_pointer (&password));

  /* A focused entry must hear that it lost the focus before its window goes. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Connect on a worker thread; @typed: the password is the one in the field. */
static void
start_open (FcrmSigninDialog *self,
            const char       *login,
            const char       *password,
            gboolean          typed)
{
  self->typed = typed;
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  fcrm_office_open_async (self->address, login, password, self->cancellable,
                          open_done_cb, g_object_ref (self));
}

static gboolean
lookup_slow_cb (gpointer user_data)
{
  FcrmSigninDialog *self = user_data;

  /* The lookup goes on; whatever comes first — the keyring's answer or a
   * typed password — signs in. */
  self->lookup_timeout_id = 0;
  set_busy (self, FALSE);
  gtk_window_present (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmSigninDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  char *password;

  password = fcrm_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->lookup == NULL)
    {
      fcrm_secrets_free (password);
      return;
    }

  g_clear_handle_id (&self->lookup_timeout_id, g_source_remove);
  g_clear_object (&self->lookup);
  set_busy (self, FALSE);

  if (password == NULL)
    {
      /* No keyring on this desktop is no reason to stop: ask. */
      if (error != NULL)
        g_message ("Cannot ask the keyring for the office password: %s", error->message);
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  start_open (self, login, password, FALSE);
  fcrm_secrets_free (password);
}

void
fcrm_signin_dialog_run (FcrmSigninDialog *self,
                        const char       *password)
{
  g_autofree char *login = NULL;
  g_autofree char *server = NULL;

  g_return_if_fail (FCRM_IS_SIGNIN_DIALOG (self));

  if (fcrm_signin_dialog_get_busy (self))
    return;

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  if (*login != '\0' && password != NULL && *password != '\0')
    {
      start_open (self, login, password, FALSE);
      return;
    }
  if (*login == '\0')
    {
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  server = fcrm_office_address_to_server (self->address);
  set_busy (self, TRUE);
  self->lookup = g_cancellable_new ();
  self->lookup_timeout_id = g_timeout_add_seconds (LOOKUP_PATIENCE_SECONDS, lookup_slow_cb, self);
  fcrm_secrets_lookup_async (server, login, self->lookup, lookup_done_cb, g_object_ref (self));
}

void
fcrm_signin_dialog_sign_in (FcrmSigninDialog *self)
{
  g_autofree char *login = NULL;
  const char *password;

  g_return_if_fail (FCRM_IS_SIGNIN_DIALOG (self));

  if (self->cancellable != NULL)
    return;

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*login == '\0')
    {
      fcrm_signin_dialog_set_error (self, _("Enter your login."), NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }
  if (*password == '\0')
    {
      fcrm_signin_dialog_set_error (self, _("Enter your password."), NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  /* A typed password wins over a keyring still thinking. */
  stop_lookup (self);
  fcrm_signin_dialog_set_error (self, NULL, NULL);
  start_open (self, login, password, TRUE);
}

static void
signin_clicked_cb (FcrmSigninDialog *self)
{
  fcrm_signin_dialog_sign_in (self);
}

static void
login_activated_cb (FcrmSigninDialog *self)
{
  /* Enter in the login goes on to the password, unless there is one. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    fcrm_signin_dialog_sign_in (self);
}

static gboolean
fcrm_signin_dialog_close_request (GtkWindow *window)
{
  FcrmSigninDialog *self = FCRM_SIGNIN_DIALOG (window);

  stop_lookup (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (!self->signed_in)
    {
      self->signed_in = TRUE;   /* once */
      g_signal_emit (self, signals[CANCELLED], 0);
    }

  return GTK_WINDOW_CLASS (fcrm_signin_dialog_parent_class)->close_request (window);
}

static void
fcrm_signin_dialog_dispose (GObject *object)
{
  FcrmSigninDialog *self = FCRM_SIGNIN_DIALOG (object);

  stop_lookup (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_SIGNIN_DIALOG);

  G_OBJECT_CLASS (fcrm_signin_dialog_parent_class)->dispose (object);
}

static void
fcrm_signin_dialog_finalize (GObject *object)
{
  FcrmSigninDialog *self = FCRM_SIGNIN_DIALOG (object);

  g_clear_pointer (&self->address, fcrm_office_address_free);

  G_OBJECT_CLASS (fcrm_signin_dialog_parent_class)->finalize (object);
}

static void
fcrm_signin_dialog_class_init (FcrmSigninDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fcrm_signin_dialog_dispose;
  object_class->finalize = fcrm_signin_dialog_finalize;
  window_class->close_request = fcrm_signin_dialog_close_request;

  /**
   * FcrmSigninDialog::signed-in:
   * @crm: the database, open as @login
   * @login: who signed in
   * @password: their password (wiped after the emission)
   * @remember: whether to keep it in the keyring
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                     FCRM_TYPE_CRM, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * FcrmSigninDialog::cancelled:
   *
   * The dialog closed without signing in.
   */
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-signin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, remember_check);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, signin_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmSigninDialog, detail_label);
  gtk_widget_class_bind_template_callback (widget_class, signin_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fcrm_signin_dialog_init (FcrmSigninDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FcrmSigninDialog *
fcrm_signin_dialog_new (GtkWindow  *parent,
                        const char *location,
                        const char *login)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autofree char *description = NULL;
  FcrmSigninDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (location != NULL, NULL);

  address = fcrm_office_address_parse (location, NULL);
  if (address == NULL)
    return NULL;
  /* The dialog asks for the password; one in the address is not kept. */
  g_clear_pointer (&address->password, fcrm_office_wipe_free);

  self = g_object_new (FCRM_TYPE_SIGNIN_DIALOG, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  description = fcrm_office_address_describe (address);
  adw_action_row_set_subtitle (self->server_row, description);

  if (login == NULL)
    login = address->login;
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login != NULL ? login : "");
  self->address = g_steal_pointer (&address);

  /* Focus goes where typing is needed. */
  gtk_window_set_focus (GTK_WINDOW (self),
                        login != NULL && *login != '\0' ? GTK_WIDGET (self->password_row)
                                                        : GTK_WIDGET (self->login_row));

  return self;
}
