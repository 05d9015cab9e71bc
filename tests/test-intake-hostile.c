/* The intake server under hostile clients (issue 8): huge bodies without a
 * token, a chunked body streaming past the limit, hundreds of half-open
 * connections under a low descriptor limit, and a database locked by another
 * writer. Each case fails against a server that reads a body before judging
 * it, never times a connection out, stops accepting after EMFILE, or waits
 * for the database on its main loop. What was measured is reported with
 * g_test_message (see the test log). */

#include <sys/resource.h>

#include "fcrm-test-intake.h"

#define MIB                 (1024 * 1024)
#define PUSH_LIMIT          (256 * (guint64) MIB)  /* a client gives up pushing a body after this */
#define TAKEN_LIMIT         (64 * (guint64) MIB)   /* the server may take this much (socket buffers, lingering) */
#define PEAK_GROWTH_KB      (100 * 1024)           /* the server's peak RSS may grow this much */
#define HALF_OPEN           256

typedef FcrmIntakeFixture Fixture;

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* A field of /proc/PID/status in kB, e.g. "VmHWM" (the peak RSS). */
static gint64
server_status_kb (Fixture    *f,
                  const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (f->server));
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return g_ascii_strtoll (lines[i] + strlen (field) + 1, NULL, 10);
  g_assert_not_reached ();
}

static guint
server_fds (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (f->server));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Wait (up to 10 s) until the server holds at least @n descriptors; the most seen. */
static guint
wait_for_fds (Fixture *f,
              guint    n)
{
  gint64 deadline = now_ms () + 10000;
  guint most = 0;

  while (most < n && now_ms () < deadline)
    {
      most = MAX (most, server_fds (f));
      g_usleep (2000);
    }
  return most;
}

static GSocket *
raw_socket (Fixture  *f,
            gboolean  blocking)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, f->port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_set_blocking (socket, blocking);
  g_socket_set_timeout (socket, 30);
  if (!g_socket_connect (socket, address, NULL, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  return socket;
}

static void
raw_send (GSocket    *socket,
          const char *text)
{
  gsize len = strlen (text), done = 0;

  g_socket_set_blocking (socket, TRUE);
  while (done < len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, text + done, len - done, NULL, &error);

      g_assert_no_error (error);
      done += n;
    }
}

static void
send_lead (GSocket    *socket,
           const char *token,
           const char *body)
{
  g_autofree char *auth = token != NULL ? g_strdup_printf ("Authorization: Bearer %s\r\n", token) : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
                                           "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n\r\n%s",
                                           auth, strlen (body), body);

  raw_send (socket, text);
}

/* What the server sends until it closes the connection, or with @head_only
 * until the end of the answer's headers; *closed is FALSE when it had not
 * closed it by @deadline (now_ms () time) or the headers ended first. */
static GString *
read_answer (GSocket  *socket,
             gint64    deadline,
             gboolean  head_only,
             gboolean *closed)
{
  GString *answer = g_string_new (NULL);

  *closed = FALSE;
  g_socket_set_blocking (socket, FALSE);
  while (now_ms () < deadline && !(head_only && strstr (answer->str, "\r\n\r\n") != NULL))
    {
      g_autoptr(GError) error = NULL;
      char buf[4096];
      gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, &error);

      if (n > 0)
        g_string_append_len (answer, buf, n);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        g_socket_condition_timed_wait (socket, G_IO_IN, (deadline - now_ms ()) * 1000, NULL, NULL);
      else
        {
          /* end of stream, or reset: closed either way */
          *closed = TRUE;
          break;
        }
    }
  return answer;
}

static GString *
read_until_closed (GSocket  *socket,
                   gint64    deadline,
                   gboolean *closed)
{
  return read_answer (socket, deadline, FALSE, closed);
}

/* now_ms () in @s seconds */
static gint64
in_seconds (guint s)
{
  return now_ms () + s * 1000;
}

/* One lead on a new connection: the whole answer, the time it took in @ms. */
static char *
exchange (Fixture    *f,
          const char *token,
          const char *body,
          gint64     *ms)
{
  g_autoptr(GSocket) socket = raw_socket (f, TRUE);
  gint64 start = now_ms ();
  gboolean closed;
  GString *answer;

  send_lead (socket, token, body);
  answer = read_until_closed (socket, in_seconds (30), &closed);
  g_assert_true (closed);
  if (ms != NULL)
    *ms = now_ms () - start;
  return g_string_free (answer, FALSE);
}

/* Send @block over and over (the body of a request whose headers are sent),
 * reading the answer meanwhile, until the server takes no more, PUSH_LIMIT or
 * 20 s. How much the server took. */
static guint64
push_body (GSocket    *socket,
           const char *block,
           gsize       len,
           GString    *answer)
{
  gint64 deadline = now_ms () + 20000;
  guint64 sent = 0;
  gsize offset = 0;
  gboolean eof = FALSE;

  g_socket_set_blocking (socket, FALSE);
  while (sent < PUSH_LIMIT && now_ms () < deadline)
    {
      g_autoptr(GError) error = NULL;
      char buf[4096];
      gssize n;

      if (!eof)
        {
          n = g_socket_receive (socket, buf, sizeof buf, NULL, &error);
          if (n > 0)
            {
              g_string_append_len (answer, buf, n);
              continue;
            }
          eof = n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
          g_clear_error (&error);
        }
      n = g_socket_send (socket, block + offset, len - offset, NULL, &error);
      if (n > 0)
        {
          sent += n;
          offset = (offset + n) % len;
          continue;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;   /* closed or reset: the server takes no more */
      g_socket_condition_timed_wait (socket, eof ? G_IO_OUT : G_IO_IN | G_IO_OUT, 100000, NULL, NULL);
    }
  return sent;
}

static char *
make_block (gboolean chunked,
            gsize   *len)
{
  GString *block = g_string_new (chunked ? "4000\r\n" : NULL);

  for (gsize i = 0; i < 0x4000; i++)
    g_string_append_c (block, 'a');
  if (chunked)
    g_string_append (block, "\r\n");
  *len = block->len;
  return g_string_free (block, FALSE);
}

/* Headers announcing a huge body (1 GiB, or chunked), no token: refused at
 * once, closed without the client sending the body, and the body that comes
 * anyway is neither read nor kept. */
static void
test_huge_unauthenticated (Fixture *f, gconstpointer data)
{
  static const char *const heads[] = {
    "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n",
    "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n",
    "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
  };
  gint64 peak_before = server_status_kb (f, "VmHWM");
  gint64 peak_after;

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      gboolean chunked = strstr (heads[i], "chunked") != NULL;
      g_autoptr(GSocket) socket = raw_socket (f, TRUE);
      g_autoptr(GString) answer = NULL;
      g_autoptr(GString) rest = g_string_new (NULL);
      g_autofree char *block = NULL;
      gsize block_len;
      gboolean closed;
      gint64 start = now_ms (), ms;
      guint64 taken;

      raw_send (socket, heads[i]);
      answer = read_until_closed (socket, in_seconds (10), &closed);
      ms = now_ms () - start;
      g_assert_true (closed);
      g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 401 "));
      g_assert_nonnull (strstr (answer->str, "WWW-Authenticate: Bearer"));
      g_assert_nonnull (strstr (answer->str, "Connection: close"));

      block = make_block (chunked, &block_len);
      taken = push_body (socket, block, block_len, rest);
      g_assert_cmpuint (taken, <, TAKEN_LIMIT);
      g_test_message ("%s without a token: 401 and closed after %" G_GINT64_FORMAT " ms, body never sent; "
                      "then the server took %" G_GUINT64_FORMAT " KiB of a body pushed anyway",
                      chunked ? "chunked body" : "1 GiB Content-Length", ms, taken / 1024);
    }
  peak_after = server_status_kb (f, "VmHWM");
  g_test_message ("server peak RSS %" G_GINT64_FORMAT " kB before, %" G_GINT64_FORMAT " kB after",
                  peak_before, peak_after);
  g_assert_cmpint (peak_after - peak_before, <, PEAK_GROWTH_KB);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"Still here\"}", -1, FCRM_TEST_TOKEN, NULL), ==, 201);
}

/* With the token, a chunked body streaming past 64 KiB: 413 while it streams,
 * the connection closed, nothing kept and nothing stored. */
static void
test_chunked_too_large (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) socket = raw_socket (f, TRUE);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GString) rest = NULL;
  g_autofree char *block = NULL;
  gint64 peak_before = server_status_kb (f, "VmHWM");
  gint64 peak_after;
  gsize block_len;
  gboolean closed;
  guint64 taken;

  raw_send (socket, "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " FCRM_TEST_TOKEN "\r\n"
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  block = make_block (TRUE, &block_len);
  taken = push_body (socket, block, block_len, answer);
  rest = read_until_closed (socket, in_seconds (10), &closed);
  g_string_append (answer, rest->str);
  peak_after = server_status_kb (f, "VmHWM");
  g_test_message ("chunked body with the token: the server took %" G_GUINT64_FORMAT " KiB before closing; "
                  "peak RSS %" G_GINT64_FORMAT " kB before, %" G_GINT64_FORMAT " kB after",
                  taken / 1024, peak_before, peak_after);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 413 "));
  g_assert_true (closed);
  g_assert_cmpuint (taken, >, 64 * 1024);
  g_assert_cmpuint (taken, <, TAKEN_LIMIT);
  g_assert_cmpint (peak_after - peak_before, <, PEAK_GROWTH_KB);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 0);
}

/* Hundreds of connections that send half a request line, against a server
 * limited to 64 descriptors and timing out after 300 ms: it runs out of
 * descriptors, closes every one of them in time, and then serves a lead. */
static void
test_half_open (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start = now_ms (), deadline;
  guint most, closed_count = 0;

  for (guint i = 0; i < HALF_OPEN; i++)
    g_ptr_array_add (sockets, raw_socket (f, FALSE));
  for (guint i = 0; i < sockets->len; i++)
    {
      g_assert_true (g_socket_condition_timed_wait (sockets->pdata[i], G_IO_OUT, 10 * G_USEC_PER_SEC, NULL, NULL));
      raw_send (sockets->pdata[i], "POST /leads HTTP/1.1\r\nHost: 127.");
    }
  most = wait_for_fds (f, 60);
  g_assert_cmpuint (most, >=, 60);

  deadline = in_seconds (30);
  for (guint i = 0; i < sockets->len; i++)
    {
      gboolean closed;
      g_autoptr(GString) answer = read_until_closed (sockets->pdata[i], deadline, &closed);

      closed_count += closed;
    }
  g_test_message ("%u half-open connections (server: 64 descriptors, at most %u seen in use): "
                  "%u closed by the server within %" G_GINT64_FORMAT " ms",
                  HALF_OPEN, most, closed_count, now_ms () - start);
  g_assert_cmpuint (closed_count, ==, HALF_OPEN);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"After the flood\"}", -1, FCRM_TEST_TOKEN, NULL), ==, 201);
}

/* A client that trickles its headers a byte at a time keeps the connection
 * busy but not alive: the header deadline counts from the start (300 ms
 * here), and the server answers 408 and closes. */
static void
test_slow_headers (Fixture *f, gconstpointer data)
{
  static const char head[] = "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  g_autoptr(GSocket) socket = raw_socket (f, TRUE);
  g_autoptr(GString) answer = g_string_new (NULL);
  gint64 start = now_ms ();
  gboolean closed = FALSE;

  for (gsize i = 0; i < strlen (head) && !closed && now_ms () < start + 10000; i++)
    {
      g_autoptr(GString) some = NULL;

      if (g_socket_send (socket, head + i, 1, NULL, NULL) != 1)
        break;
      some = read_until_closed (socket, now_ms () + 50, &closed);
      g_string_append (answer, some->str);
    }
  if (!closed)
    {
      g_autoptr(GString) rest = read_until_closed (socket, in_seconds (10), &closed);
      g_string_append (answer, rest->str);
    }
  g_test_message ("headers trickled a byte every 50 ms: closed after %" G_GINT64_FORMAT " ms", now_ms () - start);
  g_assert_true (closed);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 408 "));
  g_assert_cmpint (now_ms () - start, <, 5000);
}

/* Descriptors exhausted by idle connections that are not timed out yet: once
 * the clients let go, the server accepts again and the lead that waited in the
 * backlog meanwhile is stored. */
static void
test_descriptors_released (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocket) lead = NULL;
  g_autoptr(GString) answer = NULL;
  gboolean closed;
  guint most;
  gint64 released;

  for (guint i = 0; i < 100; i++)
    g_ptr_array_add (sockets, raw_socket (f, FALSE));
  most = wait_for_fds (f, 64);
  g_assert_cmpuint (most, >=, 60);
  lead = raw_socket (f, TRUE);
  send_lead (lead, FCRM_TEST_TOKEN, "{\"name\":\"Waited in the backlog\"}");

  for (guint i = 0; i < sockets->len; i++)
    g_socket_close (sockets->pdata[i], NULL);
  released = now_ms ();
  answer = read_until_closed (lead, in_seconds (30), &closed);
  g_test_message ("descriptors exhausted (%u in use of 64); the waiting lead was answered %" G_GINT64_FORMAT
                  " ms after the clients let go", most, now_ms () - released);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 201 "));
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 1);
}

/* --max-connections 4: kept-alive connections fill it, the next one is
 * answered 503 and closed, and once they go the server serves again. */
static void
test_connection_cap (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) refusal = NULL;
  gint64 deadline = in_seconds (30);
  guint status;

  /* the readiness probe's connection is dropped: the cap is ours to fill */
  soup_session_abort (f->session);
  for (guint i = 0; i < 6 && refusal == NULL; i++)
    {
      GSocket *socket = raw_socket (f, TRUE);
      g_autoptr(GString) answer = NULL;
      gboolean closed;

      g_ptr_array_add (sockets, socket);
      raw_send (socket, "GET /leads HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      answer = read_answer (socket, deadline, TRUE, &closed);
      if (g_str_has_prefix (answer->str, "HTTP/1.1 405 "))
        continue;   /* served and kept alive: it holds a place */
      refusal = g_steal_pointer (&answer);
    }
  g_assert_nonnull (refusal);
  g_test_message ("refused connection number %u: %.*s", sockets->len, (int) strcspn (refusal->str, "\r"), refusal->str);
  g_assert_cmpuint (sockets->len, >=, 4);
  g_assert_cmpuint (sockets->len, <=, 5);
  g_assert_true (g_str_has_prefix (refusal->str, "HTTP/1.1 503 "));
  g_assert_nonnull (strstr (refusal->str, "Retry-After: 1\r\n"));

  /* the server may see a new connection before the ends of these */
  g_ptr_array_set_size (sockets, 0);
  while ((status = fcrm_test_intake_post (f, "application/json", "{\"name\":\"Room again\"}", -1,
                                          FCRM_TEST_TOKEN, NULL)) == 503 && now_ms () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (status, ==, 201);
}

/* Another program holds the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL:
 * LOCK TABLE leads IN EXCLUSIVE MODE). Requests that need no database are
 * answered at once meanwhile; leads get 503 with Retry-After after the
 * bounded wait (the lock is held longer), or at once when the queue is full;
 * after the release leads are stored again. */
static void
test_locked_database (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStore) lock = fcrm_store_open (f->db, &error);
  g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *busy = NULL, *refused = NULL, *bad = NULL, *stored = NULL;
  gint64 busy_ms, refused_ms, bad_ms, deadline;
  guint queue_full = 0;

  g_assert_no_error (error);
  g_assert_true (fcrm_store_begin (lock, &error));
  if (fcrm_test_is_pg ())
    g_assert_true (fcrm_store_exec (lock, "LOCK TABLE leads IN EXCLUSIVE MODE", &error));
  g_assert_no_error (error);

  busy = exchange (f, FCRM_TEST_TOKEN, "{\"name\":\"Locked out\"}", &busy_ms);
  g_assert_true (g_str_has_prefix (busy, "HTTP/1.1 503 "));
  g_assert_nonnull (strstr (busy, "Retry-After: 1\r\n"));

  /* six leads at once keep the worker waiting; the queue takes two */
  for (guint i = 0; i < 6; i++)
    {
      g_ptr_array_add (waiting, raw_socket (f, TRUE));
      send_lead (waiting->pdata[i], FCRM_TEST_TOKEN, "{\"name\":\"Queued\"}");
    }
  refused = exchange (f, NULL, "{\"name\":\"No token\"}", &refused_ms);
  bad = exchange (f, FCRM_TEST_TOKEN, "{\"name\":", &bad_ms);
  g_test_message ("database locked: a lead got 503 after %" G_GINT64_FORMAT " ms; meanwhile 401 in %"
                  G_GINT64_FORMAT " ms, bad JSON 400 in %" G_GINT64_FORMAT " ms", busy_ms, refused_ms, bad_ms);
  g_assert_true (g_str_has_prefix (refused, "HTTP/1.1 401 "));
  g_assert_true (g_str_has_prefix (bad, "HTTP/1.1 400 "));
  g_assert_cmpint (refused_ms, <, 1000);
  g_assert_cmpint (bad_ms, <, 1000);

  deadline = in_seconds (30);
  for (guint i = 0; i < waiting->len; i++)
    {
      gboolean closed;
      g_autoptr(GString) answer = read_until_closed (waiting->pdata[i], deadline, &closed);

      g_assert_true (closed);
      g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 503 "));
      g_assert_nonnull (strstr (answer->str, "Retry-After: 1\r\n"));
      queue_full += strstr (answer->str, "Too many leads are waiting") != NULL;
    }
  g_test_message ("%u of 6 simultaneous leads were turned away by the full queue", queue_full);
  g_assert_cmpuint (queue_full, >=, 3);

  fcrm_store_rollback (lock);
  g_clear_object (&lock);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 0);
  stored = exchange (f, FCRM_TEST_TOKEN, "{\"name\":\"After the lock\"}", NULL);
  g_assert_true (g_str_has_prefix (stored, "HTTP/1.1 201 "));
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 1);
}

int
main (int argc, char *argv[])
{
  static const char *const short_timeouts[] = { "--timeout-ms", "300", NULL };
  static const char *const short_waits[] = { "--db-wait-ms", "500", "--max-queue", "2", NULL };
  static const FcrmIntakeServerConfig half_open = { .args = short_timeouts, .nofile = 64 };
  static const FcrmIntakeServerConfig few_files = { .nofile = 64 };
  static const char *const four[] = { "--max-connections", "4", NULL };
  static const FcrmIntakeServerConfig locked = { .args = short_waits };
  static const FcrmIntakeServerConfig capped = { .args = four };
  struct rlimit limit;

  /* hundreds of client sockets here */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  fcrm_test_intake_init (&argc, &argv);
  g_test_add ("/intake-hostile/huge-unauthenticated", Fixture, NULL,
              fcrm_test_intake_setup, test_huge_unauthenticated, fcrm_test_intake_teardown);
  g_test_add ("/intake-hostile/chunked-too-large", Fixture, NULL,
              fcrm_test_intake_setup, test_chunked_too_large, fcrm_test_intake_teardown);
  g_test_add ("/intake-hostile/half-open", Fixture, &half_open,
              fcrm_test_intake_setup, test_half_open, fcrm_test_intake_teardown);
  g_test_add ("/intake-hostile/slow-headers", Fixture, &half_open,
              fcrm_test_intake_setup, test_slow_headers, fcrm_test_intake_teardown);
  g_test_add ("/intake-hostile/descriptors-released", Fixture, &few_files,
              fcrm_test_intake_setup, test_descriptors_released, fcrm_test_intake_teardown);
  g_test_add ("/intake-hostile/connection-cap", Fixture, &capped,
              fcrm_test_intake_setup, test_connection_cap, fcrm_test_intake_teardown);
  g_test_add ("/intake-hostile/locked-database", Fixture, &locked,
              fcrm_test_intake_setup, test_locked_database, fcrm_test_intake_teardown);
  return g_test_run ();
}
