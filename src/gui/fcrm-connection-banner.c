#define G_LOG_DOMAIN "fcrm-connection-banner"

#include <string.h>

#include <glib/gi18n.h>

#include "fcrm-connection-banner.h"
#include "fcrm-error.h"
#include "fcrm-office.h"

/* While connected, how often a quick check (one round trip) looks whether
 * the server is still there. */
#define WATCH_SECONDS 5

struct _FcrmConnectionBanner
{
  AdwBin                   parent_instance;

  GtkRevealer             *revealer;
  GtkWidget               *box;
  GtkLabel                *label;
  GtkSpinner              *spinner;
  GtkButton               *retry_button;

  FcrmCrm                 *crm;
  gboolean                 office;
  char                    *host;        /* NULL: a local socket, nothing to probe */
  guint16                  port;

  gboolean                 connected;
  guint                    watch_id;
  guint                    retry_id;
  GCancellable            *probe;       /* a network probe under way */
  char                    *last_error;

  FcrmConnectionCheckFunc  check_func;
  gpointer                 check_data;
};

G_DEFINE_FINAL_TYPE (FcrmConnectionBanner, fcrm_connection_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  RECONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_retry (FcrmConnectionBanner *self);
static void start_watch    (FcrmConnectionBanner *self);

gboolean
fcrm_connection_banner_is_connection_error (const GError *error)
{
  return error != NULL && g_error_matches (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE);
}

static void
update_tooltip (FcrmConnectionBanner *self)
{
  g_autofree char *tooltip = NULL;
  const char *promise = _("Nothing you typed is lost: an edit that could not be saved stays in its field. Save it again once the connection is back.");

  if (self->last_error != NULL)
    tooltip = g_strdup_printf ("%s\n\n%s", promise, self->last_error);
  else
    tooltip = g_strdup (promise);

  gtk_widget_set_tooltip_text (self->box, tooltip);
}

static void
set_connected (FcrmConnectionBanner *self,
               gboolean              connected)
{
  gboolean was = self->connected;

  self->connected = connected;
  gtk_revealer_set_reveal_child (self->revealer, !connected);

  if (connected)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      g_clear_pointer (&self->last_error, g_free);
      start_watch (self);
    }
  else
    {
      g_clear_handle_id (&self->watch_id, g_source_remove);
      schedule_retry (self);
    }
  update_tooltip (self);

  if (was != connected)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
      if (connected)
        g_signal_emit (self, signals[RECONNECTED], 0);
    }
}

static void
set_lost (FcrmConnectionBanner *self,
          const char           *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (self->connected)
    g_message ("The office server cannot be reached: showing the banner (%s)", message ? message : "");
  set_connected (self, FALSE);
}

static gboolean
run_check (FcrmConnectionBanner *self,
           GError              **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  if (self->check_func != NULL)
    ok = self->check_func (self->crm, self->check_data, error);
  else
    ok = fcrm_crm_check_connection (self->crm, error);

  g_debug ("connection check: %s in %" G_GINT64_FORMAT " µs",
           ok ? "up" : "down", g_get_monotonic_time () - start);

  return ok;
}

gboolean
fcrm_connection_banner_check_now (FcrmConnectionBanner *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FCRM_IS_CONNECTION_BANNER (self), FALSE);

  if (self->crm == NULL || !self->office)
    return TRUE;

  if (run_check (self, &error))
    {
      set_connected (self, TRUE);
      return TRUE;
    }

  set_lost (self, error != NULL ? error->message : NULL);
  return FALSE;
}

/* ---- while connected: watch --------------------------------------------- */

static gboolean
watch_cb (gpointer user_data)
{
  FcrmConnectionBanner *self = user_data;
  g_autoptr(GError) error = NULL;

  if (run_check (self, &error))
    return G_SOURCE_CONTINUE;

  self->watch_id = 0;
  set_lost (self, error != NULL ? error->message : NULL);
  return G_SOURCE_REMOVE;
}

static void
start_watch (FcrmConnectionBanner *self)
{
  if (self->watch_id != 0 || self->crm == NULL || !self->office)
    return;

  self->watch_id = g_timeout_add_seconds (WATCH_SECONDS, watch_cb, self);
}

/* ---- while lost: retry ------------------------------------------------------ */

static void
probing (FcrmConnectionBanner *self,
         gboolean              busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), !busy);
}

static void
reconnect (FcrmConnectionBanner *self)
{
  g_autoptr(GError) error = NULL;

  if (run_check (self, &error))
    set_connected (self, TRUE);
  else
    set_lost (self, error != NULL ? error->message : NULL);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FcrmConnectionBanner) self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->probe);
  probing (self, FALSE);

  if (connection != NULL)
    {
      /* The server answers: the database connection itself is quick now. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      reconnect (self);
      return;
    }

  g_debug ("The office server is still unreachable: %s", error->message);
  schedule_retry (self);
}

static void
retry (FcrmConnectionBanner *self)
{
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) address = NULL;

  g_clear_handle_id (&self->retry_id, g_source_remove);

  if (self->probe != NULL || self->crm == NULL)
    return;

  /* A replaced check (tests) or a local socket: nothing to wait for. */
  if (self->check_func != NULL || self->host == NULL)
    {
      reconnect (self);
      return;
    }

  /* Connecting to a server that is switched off can take seconds: the
   * network part runs asynchronously, the window never waits for it. */
  probing (self, TRUE);
  self->probe = g_cancellable_new ();
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, FCRM_OFFICE_CONNECT_TIMEOUT);
  address = g_network_address_new (self->host, self->port);
  g_socket_client_connect_async (client, address, self->probe, probe_done_cb, g_object_ref (self));
}

static gboolean
retry_cb (gpointer user_data)
{
  FcrmConnectionBanner *self = user_data;

  self->retry_id = 0;
  retry (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FcrmConnectionBanner *self)
{
  if (self->retry_id != 0 || self->probe != NULL || self->crm == NULL)
    return;

  self->retry_id = g_timeout_add_seconds (FCRM_CONNECTION_RETRY_SECONDS, retry_cb, self);
}

void
fcrm_connection_banner_retry_now (FcrmConnectionBanner *self)
{
  g_return_if_fail (FCRM_IS_CONNECTION_BANNER (self));

  if (self->connected)
    return;

  retry (self);
}

static void
retry_clicked_cb (FcrmConnectionBanner *self)
{
  fcrm_connection_banner_retry_now (self);
}

/* ---- public ------------------------------------------------------------------- */

gboolean
fcrm_connection_banner_report_error (FcrmConnectionBanner *self,
                                     const GError         *error)
{
  g_return_val_if_fail (FCRM_IS_CONNECTION_BANNER (self), FALSE);

  if (!self->office || !fcrm_connection_banner_is_connection_error (error))
    return FALSE;

  set_lost (self, error->message);
  return TRUE;
}

gboolean
fcrm_connection_banner_get_connected (FcrmConnectionBanner *self)
{
  g_return_val_if_fail (FCRM_IS_CONNECTION_BANNER (self), TRUE);

  return self->connected;
}

void
fcrm_connection_banner_set_check_func (FcrmConnectionBanner    *self,
                                       FcrmConnectionCheckFunc  func,
                                       gpointer                 user_data)
{
  g_return_if_fail (FCRM_IS_CONNECTION_BANNER (self));

  self->check_func = func;
  self->check_data = user_data;
}

static void
stop (FcrmConnectionBanner *self)
{
  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->probe != NULL)
    g_cancellable_cancel (self->probe);
  g_clear_object (&self->probe);
}

void
fcrm_connection_banner_set_crm (FcrmConnectionBanner *self,
                                FcrmCrm              *crm,
                                const char           *location)
{
  g_autoptr(FcrmOfficeAddress) address = NULL;

  g_return_if_fail (FCRM_IS_CONNECTION_BANNER (self));
  g_return_if_fail (crm == NULL || FCRM_IS_CRM (crm));

  stop (self);
  g_set_object (&self->crm, crm);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->last_error, g_free);
  self->office = crm != NULL && fcrm_office_is_location (location);

  if (self->office)
    {
      address = fcrm_office_address_parse (location, NULL);
      /* An empty host or a path is a local socket: no network to probe. */
      if (address != NULL && *address->host != '\0' && address->host[0] != '/')
        {
          self->host = g_strdup (address->host);
          self->port = address->port > 0 ? (guint16) address->port : 5432;
        }
    }

  /* A new database starts out connected: it was just opened. */
  probing (self, FALSE);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  update_tooltip (self);
  start_watch (self);
  if (!self->connected)
    {
      self->connected = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }
}

/* ---- GObject ----------------------------------------------------------------- */

static void
fcrm_connection_banner_dispose (GObject *object)
{
  FcrmConnectionBanner *self = FCRM_CONNECTION_BANNER (object);

  stop (self);
  g_clear_object (&self->crm);
  /* The template's only child is the bin's child: AdwBin disposes it. */

  G_OBJECT_CLASS (fcrm_connection_banner_parent_class)->dispose (object);
}

static void
fcrm_connection_banner_finalize (GObject *object)
{
  FcrmConnectionBanner *self = FCRM_CONNECTION_BANNER (object);

  g_free (self->host);
  g_free (self->last_error);

  G_OBJECT_CLASS (fcrm_connection_banner_parent_class)->finalize (object);
}

static void
fcrm_connection_banner_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FcrmConnectionBanner *self = FCRM_CONNECTION_BANNER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_connection_banner_class_init (FcrmConnectionBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_connection_banner_dispose;
  object_class->finalize = fcrm_connection_banner_finalize;
  object_class->get_property = fcrm_connection_banner_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcrmConnectionBanner::reconnected:
   *
   * The lost connection to the office server is back.
   */
  signals[RECONNECTED] = g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-connection-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmConnectionBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, FcrmConnectionBanner, box);
  gtk_widget_class_bind_template_child (widget_class, FcrmConnectionBanner, label);
  gtk_widget_class_bind_template_child (widget_class, FcrmConnectionBanner, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmConnectionBanner, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
fcrm_connection_banner_init (FcrmConnectionBanner *self)
{
  self->connected = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_tooltip (self);
}

GtkWidget *
fcrm_connection_banner_new (void)
{
  return g_object_new (FCRM_TYPE_CONNECTION_BANNER, NULL);
}
