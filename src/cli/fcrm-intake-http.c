#define G_LOG_DOMAIN "furniture-crm-cli"

/* Reading a request off an intake connection (fcrm-intake-server.c):
 * its head through libsoup's parser, then its body — by Content-Length or
 * chunked — never more than FCRM_INTAKE_MAX_BODY of it. */

#include <glib/gi18n.h>

#include "fcrm-intake.h"
#include "fcrm-intake-server-private.h"

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
  fcrm_intake_conn_watch_in (conn, FALSE);
  /* no deadline while the application answers: its waits are bounded */
  fcrm_intake_conn_set_deadline (conn, 0);
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
      fcrm_intake_conn_set_deadline (conn, server->limits.header_timeout_ms);
    }
  len = head_length (conn->in->data, MIN (conn->in->len, MAX_HEAD + 1));
  if (len == 0)
    {
      if (conn->in->len > MAX_HEAD)
        fcrm_intake_conn_fail (conn, 431);
      return FALSE;
    }

  status = soup_headers_parse_request ((const char *) conn->in->data, (int) len, request->headers,
                                       &method, &target, &version);
  g_byte_array_remove_range (conn->in, 0, len);
  if (status == SOUP_STATUS_OK)
    status = read_framing (request);
  if (status != SOUP_STATUS_OK && status != 0)
    {
      fcrm_intake_conn_fail (conn, status);
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
      fcrm_intake_conn_fail (conn, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
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
      fcrm_intake_conn_watch_out (conn, TRUE);
    }
  fcrm_intake_conn_set_deadline (conn, server->limits.body_timeout_ms);
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
            fcrm_intake_conn_fail (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      if (!parse_chunk_size (conn->in->data, nl, &size))
        {
          fcrm_intake_conn_fail (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      g_byte_array_remove_range (conn->in, 0, nl + 1);
      /* refused as soon as it is announced, before its data is read */
      if (size > FCRM_INTAKE_MAX_BODY - conn->body->len)
        {
          fcrm_intake_conn_fail (conn, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
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
          fcrm_intake_conn_fail (conn, SOUP_STATUS_BAD_REQUEST);
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
          fcrm_intake_conn_fail (conn, 431);
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

void
fcrm_intake_conn_process (Conn *conn)
{
  gboolean more = TRUE;

  while (more && (conn->state == STATE_HEAD || conn->state == STATE_BODY))
    more = conn->state == STATE_HEAD ? read_head (conn) : read_body (conn);
}

