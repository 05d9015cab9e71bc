/* The intake endpoint over loopback HTTP: every answer of SPEC §5, and that
 * only good requests are stored. The server is the real CLI process. */

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "fcrm-test-util.h"

#define TOKEN "s3cret-token-42"

typedef struct
{
  FcrmTestDb  *tdb;   /* a file or a server database (suite core-pg) */
  char        *db;
  GSubprocess *server;
  char        *url;
  SoupSession *session;
} Fixture;

static const char *cli_path;

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static int
run_cli (Fixture *f, const char *const *args, char **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, out, NULL, &error));
  return g_subprocess_get_exit_status (p);
}

static gint64
count_leads (Fixture *f)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 n = 0;

  g_assert_cmpint (run_cli (f, (const char *const[]) { "lead", "list", NULL }, &out), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += lines[i][0] == '#';
  return n;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  guint16 port = free_port ();

  f->tdb = fcrm_test_db_new_empty ();
  f->db = g_strdup (fcrm_test_location (f->tdb));
  g_assert_cmpint (run_cli (f, (const char *const[]) { "init", NULL }, NULL), ==, 0);
  g_assert_cmpint (run_cli (f, (const char *const[]) { "user", "add", "anna", "--name", "Anna", "--role", "manager", NULL }, NULL), ==, 0);
  listen = g_strdup_printf ("127.0.0.1:%u", port);
  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, cli_path, "--db", f->db, "intake", "serve",
                                "--listen", listen, "--token", TOKEN, NULL);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%u/leads", port);
  f->session = soup_session_new ();

  /* wait until it answers */
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", f->url);
      g_autoptr(GBytes) body = soup_session_send_and_read (f->session, msg, NULL, NULL);
      if (soup_message_get_status (msg) != 0)
        break;
      g_usleep (20000);
    }
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  g_clear_object (&f->session);
  g_clear_pointer (&f->tdb, fcrm_test_db_free);
  g_free (f->db);
  g_free (f->url);
}

static guint
post (Fixture    *f,
      const char *content_type,
      const char *body,
      gssize      length,
      const char *token,
      char      **out_body)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", f->url);
  g_autoptr(GBytes) request = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, content_type, request);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  response = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  return soup_message_get_status (msg);
}

static void
test_created (Fixture *f, gconstpointer data)
{
  g_autofree char *body = NULL;
  g_autofree char *form = NULL;

  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"Ivan\",\"phone\":\"8 (912) 345-67-89\",\"comment\":\"Kitchen\"}",
                          -1, TOKEN, &body), ==, 201);
  g_assert_nonnull (strstr (body, "\"stage\" : \"lead.new\""));
  g_assert_nonnull (strstr (body, "\"source\" : \"webform\""));
  g_assert_cmpuint (post (f, "application/x-www-form-urlencoded", "name=%D0%9F%D1%91%D1%82%D1%80&email=P%40example.com&source=call",
                          -1, TOKEN, &form), ==, 201);
  g_assert_nonnull (strstr (form, "Пётр"));
  g_assert_nonnull (strstr (form, "\"source\" : \"call\""));
  g_assert_cmpint (count_leads (f), ==, 2);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_malloc (70 * 1024 + 1);
  g_autofree char *msg = NULL;

  memset (big, 'a', 70 * 1024);
  big[70 * 1024] = '\0';

  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"x\"}", -1, NULL, NULL), ==, 401);
  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"x\"}", -1, "wrong-token-xx", NULL), ==, 401);
  g_assert_cmpuint (post (f, "application/json", "{\"name\":", -1, TOKEN, &msg), ==, 400);
  g_assert_nonnull (strstr (msg, "error"));
  g_assert_cmpuint (post (f, "application/json", "[1, 2]", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{\"title\": 5}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{\"email\":\"bad@\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{\"phone\":\"call me\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"x\",\"budget\":\"-5\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"x\",\"source\":\"fax\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"\xff\xfe\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (post (f, "application/x-www-form-urlencoded", big, -1, TOKEN, NULL), ==, 413);
  g_assert_cmpuint (post (f, "application/x-www-form-urlencoded", big, -1, NULL, NULL), ==, 401);
  /* nothing of that was stored, and the server still works */
  g_assert_cmpint (count_leads (f), ==, 0);
  g_assert_cmpuint (post (f, "application/json", "{\"name\":\"Still here\"}", -1, TOKEN, NULL), ==, 201);
  g_assert_cmpint (count_leads (f), ==, 1);
}

static void
test_method_and_path (Fixture *f, gconstpointer data)
{
  g_autoptr(SoupMessage) get = soup_message_new ("GET", f->url);
  g_autoptr(GBytes) a = soup_session_send_and_read (f->session, get, NULL, NULL);

  g_assert_cmpuint (soup_message_get_status (get), ==, 405);
  {
    g_autofree char *root = g_strndup (f->url, strlen (f->url) - strlen ("leads"));
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", root);
    g_autoptr(GBytes) b = soup_session_send_and_read (f->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  }
}

int
main (int argc, char *argv[])
{
  fcrm_test_init (&argc, &argv);
  cli_path = g_getenv ("FCRM_CLI");
  if (cli_path == NULL)
    {
      g_test_skip ("FCRM_CLI is not set");
      return 77;
    }
  g_test_add ("/intake/created", Fixture, NULL, setup, test_created, teardown);
  g_test_add ("/intake/refused", Fixture, NULL, setup, test_refused, teardown);
  g_test_add ("/intake/method-and-path", Fixture, NULL, setup, test_method_and_path, teardown);
  return g_test_run ();
}
