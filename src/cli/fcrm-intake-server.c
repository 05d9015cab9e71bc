#define G_LOG_DOMAIN "furniture-crm-cli"

/* The intake's HTTP/1.1 server. It is not a SoupServer because libsoup 3.2's
 * server reads (and keeps) a whole request body before any handler may refuse
 * it, whatever status an early handler sets; it has no timeouts; and once
 * accept() fails for want of descriptors its listener never accepts again.
 * Here, with libsoup only parsing the request head:
 *  - a request is judged on its headers before a byte of its body is read; a
 *    refused one's body is never read and its connection is closed;
 *  - at most FCRM_INTAKE_MAX_BODY of a body is kept, chunked bodies included
 *    (counted as they stream), plus one read buffer and a bounded head;
 *  - every wait has a deadline: the headers, the body, sending the answer,
 *    keep-alive, and the lingering close;
 *  - connections are capped; an accept() error pauses accepting briefly,
 *    and accepting resumes as soon as any connection closes.
 * One request at a time per connection: while it is being answered nothing
 * more is read from it (pipelined requests wait in the socket). */

#include <glib/gi18n.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "fcrm-intake.h"
#include "fcrm-intake-server-private.h"
#include "fcrm-json.h"

G_DEFINE_FINAL_TYPE (FcrmIntakeServer, fcrm_intake_server, G_TYPE_OBJECT)

static void conn_close (Conn *conn);
static gboolean readable_cb (GSocket *socket, GIOCondition condition, gpointer data);
static gboolean writable_cb (GSocket *socket, GIOCondition condition, gpointer data);
static gboolean accept_cb (GSocket *socket, GIOCondition condition, gpointer data);

/* requests */

static FcrmIntakeRequest *
request_new (Conn *conn)
{
  FcrmIntakeRequest *request = g_new0 (FcrmIntakeRequest, 1);

  g_ref_count_init (&request->ref);
  request->conn = conn;
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  request->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  return request;
}

FcrmIntakeRequest *
fcrm_intake_request_ref (FcrmIntakeRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_ref_count_inc (&request->ref);
  return request;
}

void
fcrm_intake_request_unref (FcrmIntakeRequest *request)
{
  g_return_if_fail (request != NULL);
  if (!g_ref_count_dec (&request->ref))
    return;
  g_free (request->method);
  g_free (request->path);
  soup_message_headers_unref (request->headers);
  soup_message_headers_unref (request->response_headers);
  g_free (request);
}

const char *
fcrm_intake_request_get_method (FcrmIntakeRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->method;
}

const char *
fcrm_intake_request_get_path (FcrmIntakeRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->path;
}

SoupMessageHeaders *
fcrm_intake_request_get_headers (FcrmIntakeRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->headers;
}

goffset
fcrm_intake_request_get_content_length (FcrmIntakeRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);
  return request->length;
}

void
fcrm_intake_request_add_header (FcrmIntakeRequest *request,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (request != NULL && !request->answered);
  soup_message_headers_replace (request->response_headers, name, value);
}

/* connection plumbing */

static void
watch (Conn             *conn,
       GSource         **slot,
       GIOCondition      condition,
       GSocketSourceFunc func,
       gboolean          on)
{
  if (!on)
    {
      if (*slot != NULL)
        g_source_destroy (*slot);
      g_clear_pointer (slot, g_source_unref);
      return;
    }
  if (*slot != NULL)
    return;
  *slot = g_socket_create_source (conn->socket, condition, NULL);
  g_source_set_callback (*slot, G_SOURCE_FUNC (func), conn, NULL);
  g_source_attach (*slot, NULL);
}

void
fcrm_intake_conn_watch_in (Conn    *conn,
          gboolean on)
{
  watch (conn, &conn->in_source, G_IO_IN, readable_cb, on);
}

void
fcrm_intake_conn_watch_out (Conn    *conn,
           gboolean on)
{
  watch (conn, &conn->out_source, G_IO_OUT, writable_cb, on);
}

static gboolean timeout_cb (gpointer data);

/* @ms 0: no deadline. */
void
fcrm_intake_conn_set_deadline (Conn *conn,
              guint ms)
{
  g_clear_handle_id (&conn->timer_id, g_source_remove);
  if (ms > 0)
    conn->timer_id = g_timeout_add (ms, timeout_cb, conn);
}

static void
start_exchange (Conn *conn)
{
  conn->request = request_new (conn);
  conn->state = STATE_HEAD;
  conn->chunk = CHUNK_SIZE;
  conn->remaining = 0;
  conn->trailer = 0;
  g_byte_array_set_size (conn->body, 0);
}

static Conn *
conn_new (FcrmIntakeServer *server,
          GSocket          *socket)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->server = server;
  conn->socket = socket;
  conn->link.data = conn;
  conn->in = g_byte_array_sized_new (READ_SIZE);
  conn->out = g_byte_array_new ();
  conn->body = g_byte_array_new ();
  g_queue_push_tail_link (&server->conns, &conn->link);
  g_socket_set_blocking (socket, FALSE);
  if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  start_exchange (conn);
  /* the head must arrive within the header timeout of the connection itself */
  conn->head_started = TRUE;
  fcrm_intake_conn_set_deadline (conn, server->limits.header_timeout_ms);
  fcrm_intake_conn_watch_in (conn, TRUE);
  return conn;
}

static void start_accepting (FcrmIntakeServer *self);

static void
conn_close (Conn *conn)
{
  FcrmIntakeServer *server = conn->server;

  fcrm_intake_conn_watch_in (conn, FALSE);
  fcrm_intake_conn_watch_out (conn, FALSE);
  g_clear_handle_id (&conn->timer_id, g_source_remove);
  if (conn->request != NULL)
    {
      conn->request->conn = NULL;
      g_clear_pointer (&conn->request, fcrm_intake_request_unref);
    }
  g_socket_close (conn->socket, NULL);
  g_object_unref (conn->socket);
  g_byte_array_unref (conn->in);
  g_byte_array_unref (conn->out);
  g_byte_array_unref (conn->body);
  g_queue_unlink (&server->conns, &conn->link);
  g_free (conn);

  /* a descriptor is free again: no need to wait for the retry */
  if (server->retry_id != 0 && server->listener != NULL)
    {
      g_clear_handle_id (&server->retry_id, g_source_remove);
      start_accepting (server);
    }
}

/* Shut the write side (the client sees the answer end) and read what the
 * client still sends for a moment before closing: closing with unread data
 * resets the connection and the client could lose the answer. */
static void
linger (Conn *conn)
{
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
  conn->state = STATE_LINGER;
  conn->drained = 0;
  g_byte_array_set_size (conn->in, 0);
  fcrm_intake_conn_set_deadline (conn, MIN (LINGER_MS, conn->server->limits.idle_timeout_ms));
  fcrm_intake_conn_watch_in (conn, TRUE);
}

static void
exchange_done (Conn *conn)
{
  FcrmIntakeRequest *request = g_steal_pointer (&conn->request);
  gboolean close = request->close;

  request->conn = NULL;
  fcrm_intake_request_unref (request);
  if (close)
    {
      linger (conn);
      return;
    }
  start_exchange (conn);
  conn->head_started = FALSE;
  fcrm_intake_conn_set_deadline (conn, conn->server->limits.idle_timeout_ms);
  fcrm_intake_conn_watch_in (conn, TRUE);
  fcrm_intake_conn_process (conn);   /* a pipelined request may be waiting in the buffer */
}

/* answers */

void
fcrm_intake_request_respond (FcrmIntakeRequest *request,
                             guint              status,
                             const char        *content_type,
                             const char        *body,
                             gsize              length)
{
  Conn *conn;
  g_autoptr(GString) head = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_return_if_fail (request != NULL);
  conn = request->conn;
  if (conn == NULL || request->answered)
    return;
  request->answered = TRUE;
  /* a body that was not read (all of it) ends the connection */
  if (conn->state == STATE_HEAD || (conn->state == STATE_BODY && request->length != 0))
    request->close = TRUE;

  now = g_date_time_new_now_utc ();
  date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  head = g_string_sized_new (256);
  g_string_append_printf (head, "HTTP/1.1 %u %s\r\nDate: %s\r\nServer: furniture-crm-intake\r\n", status,
                          status == 431 ? "Request Header Fields Too Large" : soup_status_get_phrase (status), date);
  if (content_type != NULL)
    g_string_append_printf (head, "Content-Type: %s\r\n", content_type);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", length);
  soup_message_headers_iter_init (&iter, request->response_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (head, "%s: %s\r\n", name, value);
  if (request->close)
    g_string_append (head, "Connection: close\r\n");
  g_string_append (head, "\r\n");
  g_byte_array_append (conn->out, (const guint8 *) head->str, head->len);
  if (length > 0)
    g_byte_array_append (conn->out, (const guint8 *) body, length);

  conn->state = STATE_WRITING;
  fcrm_intake_conn_watch_in (conn, FALSE);
  fcrm_intake_conn_set_deadline (conn, conn->server->limits.body_timeout_ms);
  /* written from the main loop, never from here: the caller may be in the
   * middle of reading this connection */
  fcrm_intake_conn_watch_out (conn, TRUE);
}

/* {"error": @message} */
static char *
error_json (const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  return fcrm_json_to_string (json_builder_get_root (b));
}

void
fcrm_intake_request_respond_error (FcrmIntakeRequest *request,
                                   guint              status,
                                   const char        *message)
{
  g_autofree char *text = error_json (message);

  fcrm_intake_request_respond (request, status, "application/json; charset=utf-8", text, strlen (text));
}

static const char *
status_message (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_REQUEST_TIMEOUT:
      return _("The request did not arrive in time.");
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return _("The request is larger than 64 KiB.");
    case SOUP_STATUS_EXPECTATION_FAILED:
      return _("Only “Expect: 100-continue” is understood.");
    case 431:  /* Request Header Fields Too Large */
      return _("The request headers are too large.");
    case SOUP_STATUS_NOT_IMPLEMENTED:
      return _("Only chunked transfer encoding is understood.");
    case SOUP_STATUS_HTTP_VERSION_NOT_SUPPORTED:
      return _("Only HTTP/1.0 and HTTP/1.1 are understood.");
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return _("The server is busy; try again in a moment.");
    default:
      return _("The request is not valid HTTP.");
    }
}

/* The server's own refusal of the current request; the connection ends. */
void
fcrm_intake_conn_fail (Conn  *conn,
           guint  status)
{
  conn->request->close = TRUE;
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    fcrm_intake_request_add_header (conn->request, "Retry-After", "1");
  fcrm_intake_request_respond_error (conn->request, status, status_message (status));
}

/* socket events */

static gboolean
readable_cb (GSocket     *socket,
             GIOCondition condition,
             gpointer     data)
{
  Conn *conn = data;
  guint8 buf[READ_SIZE];
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_receive (socket, (char *) buf, sizeof buf, NULL, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  if (conn->state == STATE_LINGER)
    {
      conn->drained += MAX (n, 0);
      if (n <= 0 || conn->drained > LINGER_BYTES)
        conn_close (conn);
      return G_SOURCE_CONTINUE;
    }
  /* an error, or the client is gone (or sends nothing more: no answer could
   * follow a request it did not finish) */
  if (n <= 0)
    {
      conn_close (conn);
      return G_SOURCE_CONTINUE;
    }
  g_byte_array_append (conn->in, buf, n);
  fcrm_intake_conn_process (conn);
  return G_SOURCE_CONTINUE;
}

static gboolean
writable_cb (GSocket     *socket,
             GIOCondition condition,
             gpointer     data)
{
  Conn *conn = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_send (socket, (const char *) conn->out->data + conn->out_done,
                            conn->out->len - conn->out_done, NULL, &error);

  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        conn_close (conn);
      return G_SOURCE_CONTINUE;
    }
  conn->out_done += n;
  if (conn->out_done < conn->out->len)
    return G_SOURCE_CONTINUE;
  g_byte_array_set_size (conn->out, 0);
  conn->out_done = 0;
  fcrm_intake_conn_watch_out (conn, FALSE);
  if (conn->state == STATE_WRITING)
    exchange_done (conn);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer data)
{
  Conn *conn = data;

  conn->timer_id = 0;
  /* a request begun and not finished is told why; anything else just ends */
  if ((conn->state == STATE_HEAD && conn->in->len > 0) || conn->state == STATE_BODY)
    fcrm_intake_conn_fail (conn, SOUP_STATUS_REQUEST_TIMEOUT);
  else
    conn_close (conn);
  return G_SOURCE_REMOVE;
}

/* accepting */

/* Over the cap: a short best-effort answer, then the connection is closed at once. */
static void
refuse_connection (GSocket *socket)
{
  g_autofree char *body = error_json (status_message (SOUP_STATUS_SERVICE_UNAVAILABLE));
  g_autofree char *text = g_strdup_printf ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
                                           "Retry-After: 1\r\nConnection: close\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                                           strlen (body), body);

  g_socket_set_blocking (socket, FALSE);
  g_socket_send (socket, text, strlen (text), NULL, NULL);
  g_socket_close (socket, NULL);
  g_object_unref (socket);
}

static gboolean
retry_accept_cb (gpointer data)
{
  FcrmIntakeServer *self = data;

  self->retry_id = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

/* Out of descriptors (or any other accept() error): pause, never stop. */
static void
pause_accepting (FcrmIntakeServer *self,
                 const GError     *error)
{
  gint64 now = g_get_monotonic_time ();

  /* once a minute at most: under attack this happens ten times a second */
  if (self->warned_at == 0 || now - self->warned_at > 60 * G_USEC_PER_SEC)
    {
      g_warning ("intake: cannot accept connections (%s); retrying", error->message);
      self->warned_at = now;
    }
  if (self->accept_source != NULL)
    g_source_destroy (self->accept_source);
  g_clear_pointer (&self->accept_source, g_source_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (ACCEPT_RETRY_MS, retry_accept_cb, self);
}

static gboolean
accept_cb (GSocket     *listener,
           GIOCondition condition,
           gpointer     data)
{
  FcrmIntakeServer *self = data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_accept (listener, NULL, &error);

      if (socket == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            pause_accepting (self, error);
          return G_SOURCE_CONTINUE;
        }
      if (self->conns.length >= self->limits.max_connections)
        refuse_connection (socket);
      else
        conn_new (self, socket);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_accepting (FcrmIntakeServer *self)
{
  if (self->accept_source != NULL || self->listener == NULL)
    return;
  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
}

/* the server */

static void
fcrm_intake_server_dispose (GObject *object)
{
  FcrmIntakeServer *self = FCRM_INTAKE_SERVER (object);

  if (self->accept_source != NULL)
    g_source_destroy (self->accept_source);
  g_clear_pointer (&self->accept_source, g_source_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  while (self->conns.head != NULL)
    conn_close (self->conns.head->data);
  G_OBJECT_CLASS (fcrm_intake_server_parent_class)->dispose (object);
}

static void
fcrm_intake_server_class_init (FcrmIntakeServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fcrm_intake_server_dispose;
}

static void
fcrm_intake_server_init (FcrmIntakeServer *self)
{
  g_queue_init (&self->conns);
}

FcrmIntakeServer *
fcrm_intake_server_new (const FcrmIntakeLimits *limits,
                        FcrmIntakeHeadersFunc   headers_func,
                        FcrmIntakeBodyFunc      body_func,
                        gpointer                user_data)
{
  FcrmIntakeServer *self;

  g_return_val_if_fail (limits != NULL && limits->max_connections > 0, NULL);
  g_return_val_if_fail (headers_func != NULL && body_func != NULL, NULL);

  self = g_object_new (FCRM_TYPE_INTAKE_SERVER, NULL);
  self->limits = *limits;
  self->headers_func = headers_func;
  self->body_func = body_func;
  self->user_data = user_data;
  return self;
}

gboolean
fcrm_intake_server_listen (FcrmIntakeServer *self,
                           GSocketAddress   *address,
                           GError          **error)
{
  g_autoptr(GSocket) listener = NULL;

  g_return_val_if_fail (FCRM_IS_INTAKE_SERVER (self), FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  listener = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_DEFAULT, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_blocking (listener, FALSE);
  g_socket_set_listen_backlog (listener, 512);
  if (!g_socket_bind (listener, address, TRUE, error) || !g_socket_listen (listener, error))
    return FALSE;
  self->listener = g_steal_pointer (&listener);
  start_accepting (self);
  return TRUE;
}

GSocketAddress *
fcrm_intake_server_get_local_address (FcrmIntakeServer *self)
{
  g_return_val_if_fail (FCRM_IS_INTAKE_SERVER (self), NULL);
  return self->listener != NULL ? g_socket_get_local_address (self->listener, NULL) : NULL;
}

gboolean
fcrm_intake_server_is_sending (FcrmIntakeServer *self)
{
  g_return_val_if_fail (FCRM_IS_INTAKE_SERVER (self), FALSE);
  for (GList *l = self->conns.head; l != NULL; l = l->next)
    if (((Conn *) l->data)->state == STATE_WRITING)
      return TRUE;
  return FALSE;
}
