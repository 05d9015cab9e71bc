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
#include "fcrm-intake-server.h"
#include "fcrm-json.h"

#define READ_SIZE        (16 * 1024)
#define MAX_HEAD         (16 * 1024)   /* request line and headers */
#define MAX_CHUNK_LINE   1024          /* a chunk-size line with its extensions */
#define MAX_TRAILER      (8 * 1024)
#define LINGER_MS        2000          /* after a refusal: let the client read it before the close */
#define LINGER_BYTES     (256 * 1024)  /* … and throw away at most this much of what it still sends */
#define ACCEPT_BATCH     32
#define ACCEPT_RETRY_MS  100

typedef enum {
  STATE_HEAD,      /* waiting for (the rest of) a request head */
  STATE_BODY,      /* reading the body */
  STATE_HANDLING,  /* the body is in: the application is answering */
  STATE_WRITING,   /* sending the answer */
  STATE_LINGER,    /* answer sent and the write side shut: draining, then closing */
} State;

typedef enum {
  CHUNK_SIZE,
  CHUNK_DATA,
  CHUNK_DATA_END,
  CHUNK_TRAILER,
} ChunkState;

typedef struct _Conn Conn;

struct _FcrmIntakeRequest
{
  grefcount           ref;
  Conn               *conn;       /* NULL once the exchange is over or the connection gone */
  char               *method;
  char               *path;
  SoupMessageHeaders *headers;
  SoupMessageHeaders *response_headers;
  goffset             length;     /* -1: chunked */
  gboolean            close;      /* no keep-alive after the answer */
  gboolean            answered;
};

struct _Conn
{
  FcrmIntakeServer  *server;
  GList              link;        /* in server->conns */
  GSocket           *socket;
  GSource           *in_source;
  GSource           *out_source;
  guint              timer_id;
  State              state;
  GByteArray        *in;          /* received, not consumed yet */
  GByteArray        *out;
  gsize              out_done;
  GByteArray        *body;
  ChunkState         chunk;
  guint64            remaining;   /* of a Content-Length body, or of the current chunk */
  gsize              trailer;
  gsize              drained;
  gboolean           head_started;
  FcrmIntakeRequest *request;     /* the current exchange */
};

struct _FcrmIntakeServer
{
  GObject                parent_instance;
  FcrmIntakeLimits       limits;
  FcrmIntakeHeadersFunc  headers_func;
  FcrmIntakeBodyFunc     body_func;
  gpointer               user_data;
  GSocket               *listener;
  GSource               *accept_source;
  guint                  retry_id;   /* accepting is paused after an error */
  gint64                 warned_at;  /* monotonic time of the last warning about it */
  GQueue                 conns;
};

G_DEFINE_FINAL_TYPE (FcrmIntakeServer, fcrm_intake_server, G_TYPE_OBJECT)

static void process (Conn *conn);
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

static void
watch_in (Conn    *conn,
          gboolean on)
{
  watch (conn, &conn->in_source, G_IO_IN, readable_cb, on);
}

static void
watch_out (Conn    *conn,
           gboolean on)
{
  watch (conn, &conn->out_source, G_IO_OUT, writable_cb, on);
}

static gboolean timeout_cb (gpointer data);

/* @ms 0: no deadline. */
static void
set_deadline (Conn *conn,
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
  set_deadline (conn, server->limits.header_timeout_ms);
  watch_in (conn, TRUE);
  return conn;
}

static void start_accepting (FcrmIntakeServer *self);

static void
conn_close (Conn *conn)
{
  FcrmIntakeServer *server = conn->server;

  watch_in (conn, FALSE);
  watch_out (conn, FALSE);
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
  set_deadline (conn, MIN (LINGER_MS, conn->server->limits.idle_timeout_ms));
  watch_in (conn, TRUE);
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
  set_deadline (conn, conn->server->limits.idle_timeout_ms);
  watch_in (conn, TRUE);
  process (conn);   /* a pipelined request may be waiting in the buffer */
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
  watch_in (conn, FALSE);
  set_deadline (conn, conn->server->limits.body_timeout_ms);
  /* written from the main loop, never from here: the caller may be in the
   * middle of reading this connection */
  watch_out (conn, TRUE);
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
static void
conn_fail (Conn  *conn,
           guint  status)
{
  conn->request->close = TRUE;
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    fcrm_intake_request_add_header (conn->request, "Retry-After", "1");
  fcrm_intake_request_respond_error (conn->request, status, status_message (status));
}

/* reading a request */

/* The length of the head (through its empty line), or 0 while incomplete. */
static gsize
head_length (const guint8 *data,
             gsize         len)
{
  for (gsize i = 0; i + 1 < len; i++)
    if (data[i] == '\n')
      {
        if (data[i + 1] == '\n')
          return i + 2;
        if (data[i + 1] == '\r' && i + 2 < len && data[i + 2] == '\n')
          return i + 3;
      }
  return 0;
}

static char *
target_path (const char *target)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *raw = NULL;
  char *decoded;

  if (target[0] == '/')
    raw = g_strndup (target, strcspn (target, "?#"));
  else if ((uri = g_uri_parse (target, G_URI_FLAGS_ENCODED, NULL)) != NULL)
    raw = g_strdup (g_uri_get_path (uri));
  else
    raw = g_strdup (target);
  decoded = g_uri_unescape_string (raw, NULL);
  return decoded != NULL ? decoded : g_steal_pointer (&raw);
}

/* One Content-Length (repeats must agree), digits only. */
static gboolean
parse_content_length (const char *list,
                      goffset    *out)
{
  g_auto(GStrv) values = g_strsplit (list, ",", -1);
  guint64 first = 0;

  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *v = g_strstrip (values[i]);
      guint64 n;

      if (*v == '\0' || strspn (v, "0123456789") != strlen (v) || strlen (v) > 18 ||
          !g_ascii_string_to_unsigned (v, 10, 0, G_MAXINT64, &n, NULL) || (i > 0 && n != first))
        return FALSE;
      first = n;
    }
  *out = (goffset) first;
  return TRUE;
}

/* How the body is framed; 0 when fine, else the status to refuse with. */
static guint
read_framing (FcrmIntakeRequest *request)
{
  const char *te = soup_message_headers_get_list (request->headers, "Transfer-Encoding");
  const char *cl = soup_message_headers_get_list (request->headers, "Content-Length");

  if (te != NULL)
    {
      /* both would let a proxy and this server disagree on where the body ends */
      if (cl != NULL)
        return SOUP_STATUS_BAD_REQUEST;
      if (g_ascii_strcasecmp (te, "chunked") != 0)
        return SOUP_STATUS_NOT_IMPLEMENTED;
      request->length = -1;
      return 0;
    }
  request->length = 0;
  if (cl != NULL && !parse_content_length (cl, &request->length))
    return SOUP_STATUS_BAD_REQUEST;
  return 0;
}

static void
dispatch (Conn *conn)
{
  FcrmIntakeServer *server = conn->server;
  FcrmIntakeRequest *request = conn->request;
  g_autoptr(GBytes) body = g_bytes_new (conn->body->data, conn->body->len);

  conn->state = STATE_HANDLING;
  watch_in (conn, FALSE);
  /* no deadline while the application answers: its waits are bounded */
  set_deadline (conn, 0);
  g_byte_array_set_size (conn->body, 0);
  server->body_func (request, body, server->user_data);
}

/* Each returns TRUE when it made progress (call again), FALSE to wait for data. */

static gboolean
read_head (Conn *conn)
{
  FcrmIntakeServer *server = conn->server;
  FcrmIntakeRequest *request = conn->request;
  g_autofree char *method = NULL, *target = NULL;
  SoupHTTPVersion version;
  gsize skip = 0, len;
  guint status;

  /* empty lines before a request line are ignored (RFC 9112 §2.2) */
  while (skip < conn->in->len && (conn->in->data[skip] == '\r' || conn->in->data[skip] == '\n'))
    skip++;
  g_byte_array_remove_range (conn->in, 0, skip);
  if (conn->in->len == 0)
    return FALSE;
  if (!conn->head_started)
    {
      conn->head_started = TRUE;
      set_deadline (conn, server->limits.header_timeout_ms);
    }
  len = head_length (conn->in->data, MIN (conn->in->len, MAX_HEAD + 1));
  if (len == 0)
    {
      if (conn->in->len > MAX_HEAD)
        conn_fail (conn, 431);
      return FALSE;
    }

  status = soup_headers_parse_request ((const char *) conn->in->data, (int) len, request->headers,
                                       &method, &target, &version);
  g_byte_array_remove_range (conn->in, 0, len);
  if (status == SOUP_STATUS_OK)
    status = read_framing (request);
  if (status != SOUP_STATUS_OK && status != 0)
    {
      conn_fail (conn, status);
      return FALSE;
    }
  request->method = g_steal_pointer (&method);
  request->path = target_path (target);
  request->close = version == SOUP_HTTP_1_0 ||
                   soup_message_headers_header_contains (request->headers, "Connection", "close");

  conn->state = STATE_BODY;
  conn->remaining = request->length > 0 ? (guint64) request->length : 0;
  server->headers_func (request, server->user_data);
  if (request->answered)
    return FALSE;
  if (request->length > FCRM_INTAKE_MAX_BODY)
    {
      conn_fail (conn, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
      return FALSE;
    }
  if (request->length == 0)
    {
      dispatch (conn);
      return FALSE;
    }
  if (soup_message_headers_get_expectations (request->headers) & SOUP_EXPECTATION_CONTINUE)
    {
      static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";

      g_byte_array_append (conn->out, (const guint8 *) go_on, strlen (go_on));
      watch_out (conn, TRUE);
    }
  set_deadline (conn, server->limits.body_timeout_ms);
  return TRUE;
}

/* Move @n bytes of input into the body. */
static void
take (Conn *conn,
      gsize n)
{
  g_byte_array_append (conn->body, conn->in->data, n);
  g_byte_array_remove_range (conn->in, 0, n);
}

/* The end of the first line in the input (index of its '\n'), or -1. */
static gssize
line_end (Conn *conn)
{
  const guint8 *nl = memchr (conn->in->data, '\n', conn->in->len);

  return nl != NULL ? nl - conn->in->data : -1;
}

/* A chunk-size line: hex digits, then extensions or nothing. Sizes too large
 * to matter come back as G_MAXUINT64. */
static gboolean
parse_chunk_size (const guint8 *line,
                  gsize         len,
                  guint64      *out)
{
  guint64 size = 0;
  gsize i = 0;

  for (; i < len && g_ascii_isxdigit (line[i]); i++)
    size = size > G_MAXUINT64 / 32 ? G_MAXUINT64 : size * 16 + (guint64) g_ascii_xdigit_value (line[i]);
  if (i == 0 || (i < len && line[i] != ';' && line[i] != ' ' && line[i] != '\t' && line[i] != '\r'))
    return FALSE;
  *out = size;
  return TRUE;
}

static gboolean
read_chunked (Conn *conn)
{
  gssize nl;
  guint64 size;
  gsize n;
  gboolean empty;

  switch (conn->chunk)
    {
    case CHUNK_SIZE:
      nl = line_end (conn);
      if (nl < 0)
        {
          if (conn->in->len > MAX_CHUNK_LINE)
            conn_fail (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      if (!parse_chunk_size (conn->in->data, nl, &size))
        {
          conn_fail (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      g_byte_array_remove_range (conn->in, 0, nl + 1);
      /* refused as soon as it is announced, before its data is read */
      if (size > FCRM_INTAKE_MAX_BODY - conn->body->len)
        {
          conn_fail (conn, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
          return FALSE;
        }
      conn->remaining = size;
      conn->chunk = size == 0 ? CHUNK_TRAILER : CHUNK_DATA;
      return TRUE;

    case CHUNK_DATA:
      n = (gsize) MIN (conn->remaining, conn->in->len);
      take (conn, n);
      conn->remaining -= n;
      if (conn->remaining > 0)
        return FALSE;
      conn->chunk = CHUNK_DATA_END;
      return TRUE;

    case CHUNK_DATA_END:
      if (conn->in->len == 0 || (conn->in->data[0] == '\r' && conn->in->len < 2))
        return FALSE;
      n = conn->in->data[0] == '\n' ? 1 : (conn->in->data[0] == '\r' && conn->in->data[1] == '\n') ? 2 : 0;
      if (n == 0)
        {
          conn_fail (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      g_byte_array_remove_range (conn->in, 0, n);
      conn->chunk = CHUNK_SIZE;
      return TRUE;

    case CHUNK_TRAILER:
    default:
      nl = line_end (conn);
      if (conn->trailer + (nl < 0 ? conn->in->len : (gsize) nl + 1) > MAX_TRAILER)
        {
          conn_fail (conn, 431);
          return FALSE;
        }
      if (nl < 0)
        return FALSE;
      /* trailer fields are read and ignored, up to the empty line */
      empty = nl == 0 || (nl == 1 && conn->in->data[0] == '\r');
      conn->trailer += nl + 1;
      g_byte_array_remove_range (conn->in, 0, nl + 1);
      if (empty)
        {
          dispatch (conn);
          return FALSE;
        }
      return TRUE;
    }
}

static gboolean
read_body (Conn *conn)
{
  gsize n;

  if (conn->request->length < 0)
    return read_chunked (conn);
  n = (gsize) MIN (conn->remaining, conn->in->len);
  take (conn, n);
  conn->remaining -= n;
  if (conn->remaining > 0)
    return FALSE;
  dispatch (conn);
  return FALSE;
}

static void
process (Conn *conn)
{
  gboolean more = TRUE;

  while (more && (conn->state == STATE_HEAD || conn->state == STATE_BODY))
    more = conn->state == STATE_HEAD ? read_head (conn) : read_body (conn);
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
  process (conn);
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
  watch_out (conn, FALSE);
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
    conn_fail (conn, SOUP_STATUS_REQUEST_TIMEOUT);
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
