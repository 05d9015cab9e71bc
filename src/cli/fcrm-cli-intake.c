#define G_LOG_DOMAIN "furniture-crm-cli"

/* intake serve: POST /leads from web forms and telephony (SPEC §5). Every good
 * request is committed before it is answered; bad ones write nothing and the
 * server goes on. Headers are checked before the body is read: a request
 * without the token gets 401 and one announcing more than 64 KiB gets 413
 * without either being stored in memory. */

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <inttypes.h>
#include <libsoup/soup.h>

#include "fcrm-cli.h"
#include "fcrm-error.h"
#include "fcrm-intake.h"

typedef struct
{
  FcrmCrm   *crm;
  char      *token;
  GMainLoop *loop;
  guint64    accepted;
} Intake;

static void
respond (SoupServerMessage *msg,
         guint              status,
         JsonNode          *node)
{
  g_autofree char *text = fcrm_json_to_string (node);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
  json_node_unref (node);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  respond (msg, status, json_builder_get_root (b));
}

static gboolean
authorized (Intake            *self,
            SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  return header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0 &&
         fcrm_secure_equal (header + 7, self->token);
}

static void
refuse_unauthorized (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                "Bearer realm=\"furniture-crm\"");
  respond_error (msg, SOUP_STATUS_UNAUTHORIZED, _("A valid “Authorization: Bearer TOKEN” header is required."));
}

/* After the headers, before the body. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Intake *self = user_data;
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 || g_strcmp0 (path, "/leads") != 0)
    return;
  if (!authorized (self, msg))
    refuse_unauthorized (msg);
  else if (length > FCRM_INTAKE_MAX_BODY)
    respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request is larger than 64 KiB."));
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Intake *self = user_data;
  g_auto(FcrmIntakeFields) fields = { 0 };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input;
  const char *type;

  if (g_strcmp0 (path, "/leads") != 0)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, _("Only /leads is served here."));
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Send new leads with POST."));
      return;
    }
  if (!authorized (self, msg))
    {
      refuse_unauthorized (msg);
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > FCRM_INTAKE_MAX_BODY)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request is larger than 64 KiB."));
      return;
    }
  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  if (!fcrm_intake_parse (type, body, &fields, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  input = fcrm_intake_to_input (&fields, "webform");
  lead = fcrm_crm_lead_add (self->crm, &input, &error);
  if (lead == NULL)
    {
      gboolean ours = error->domain == FCRM_ERROR &&
                      (error->code == FCRM_ERROR_INVALID_INPUT || error->code == FCRM_ERROR_NOT_FOUND ||
                       error->code == FCRM_ERROR_REFUSED);
      if (!ours)
        g_warning ("intake: %s", error->message);
      respond_error (msg, ours ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  self->accepted++;
  {
    g_autofree char *location = g_strdup_printf ("/leads/%" G_GINT64_FORMAT, lead->id);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  }
  respond (msg, SOUP_STATUS_CREATED, fcrm_json_item (lead, NULL));
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (((Intake *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_listen (const char      *text,
              GSocketAddress **out)
{
  g_autofree char *host = NULL;
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;
  guint64 port;
  GInetAddress *inet;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    return FALSE;
  host = g_strndup (text, colon - text);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    return FALSE;
  *out = g_inet_socket_address_new (inet, (guint16) port);
  g_object_unref (inet);
  return TRUE;
}

int
fcrm_cli_intake (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_autofree char *listen_at = NULL, *token = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Intake self = { 0 };
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_at, N_("Address and port (default 127.0.0.1:8088)"), N_("HOST:PORT") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, N_("The secret callers send as “Authorization: Bearer TOKEN”"), N_("TOKEN") },
    { NULL }
  };
  const char *usage = _("Usage: intake serve [--listen 127.0.0.1:8088] --token TOKEN");

  if (argc < 2 || g_strcmp0 (argv[1], "serve") != 0)
    return fcrm_cli_usage (usage);
  argc--, argv++;
  if (!fcrm_cli_parse ("intake serve", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (token == NULL && g_getenv ("FURNITURE_CRM_INTAKE_TOKEN") != NULL)
    token = g_strdup (g_getenv ("FURNITURE_CRM_INTAKE_TOKEN"));
  if (argc != 1 || token == NULL || *token == '\0')
    return fcrm_cli_usage (usage);
  if (strlen (token) < 8)
    {
      g_printerr (_("The token is too short: use at least 8 characters.\n"));
      return FCRM_EXIT_USAGE;
    }
  if (!parse_listen (listen_at != NULL ? listen_at : "127.0.0.1:8088", &address))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not an address to listen on; write it like 127.0.0.1:8088."),
                                              listen_at);
      return fcrm_cli_usage (msg);
    }
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  loop = g_main_loop_new (NULL, FALSE);
  self = (Intake) { cli->crm, token, loop, 0 };
  server = soup_server_new ("server-header", "furniture-crm-intake ", NULL);
  soup_server_add_early_handler (server, NULL, early_cb, &self, NULL);
  soup_server_add_handler (server, NULL, handler_cb, &self, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr (_("Cannot listen on %s: %s\n"), listen_at != NULL ? listen_at : "127.0.0.1:8088", error->message);
      return FCRM_EXIT_ERROR;
    }
  {
    GSList *uris = soup_server_get_uris (server);
    for (GSList *l = uris; l != NULL; l = l->next)
      {
        g_autofree char *uri = g_uri_to_string (l->data);
        g_printerr (_("Receiving leads at %sleads\n"), uri);
      }
    g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  }
  g_unix_signal_add (SIGINT, quit_cb, &self);
  g_unix_signal_add (SIGTERM, quit_cb, &self);
  g_main_loop_run (loop);
  soup_server_disconnect (server);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Stopped after %u lead.\n", "Stopped after %u leads.\n", (gulong) self.accepted),
              (guint) self.accepted);
  return FCRM_EXIT_OK;
}
