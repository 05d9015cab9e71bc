#include <glib/gstdio.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <sys/resource.h>

#include "fcrm-test-intake.h"

static const char *cli_path;

void
fcrm_test_intake_init (int    *argc,
                       char ***argv)
{
  fcrm_test_init (argc, argv);
  cli_path = g_getenv ("FCRM_CLI");
  if (cli_path == NULL)
    {
      g_print ("SKIP: FCRM_CLI is not set\n");
      exit (77);
    }
}

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

int
fcrm_test_intake_cli (FcrmIntakeFixture  *f,
                      const char *const  *args,
                      char              **out)
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

gint64
fcrm_test_intake_count_leads (FcrmIntakeFixture *f)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 n = 0;

  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "lead", "list", NULL }, &out), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += lines[i][0] == '#';
  return n;
}

/* In the child, before exec: only async-signal-safe calls. The server ends
 * with the test, also when a failed assertion aborts it before teardown. */
static void
child_setup (gpointer data)
{
  struct rlimit limit = { (rlim_t) GPOINTER_TO_INT (data), (rlim_t) GPOINTER_TO_INT (data) };

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (limit.rlim_cur > 0)
    setrlimit (RLIMIT_NOFILE, &limit);
}

/* The address the server signs in with as a login of its own (README, "Screen pop"). */
static char *
own_login (FcrmIntakeFixture *f)
{
  g_autofree char *dir = g_dir_make_tmp ("fcrm-intake-XXXXXX", NULL);
  g_autofree char *pw_file = g_build_filename (dir, "intake.pw", NULL);
  g_autofree char *grant = NULL;
  const char *password = "intake pw 42";

  g_assert_nonnull (dir);
  f->login = g_strdup_printf ("intake_%ld", (long) getpid ());
  g_assert_true (g_file_set_contents (pw_file, password, -1, NULL));
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "user", "add", f->login, "--name", "Website",
                                                                    "--role", "supervisor", "--password-file", pw_file,
                                                                    NULL }, NULL), ==, 0);
  g_unlink (pw_file);
  g_rmdir (dir);
  grant = g_strdup_printf ("GRANT fcrm_intake TO %s", f->login);
  fcrm_test_pg_exec (grant);
  return fcrm_test_pg_uri (f->tdb->pg_name, f->login, password);
}

void
fcrm_test_intake_setup (FcrmIntakeFixture *f,
                        gconstpointer      data)
{
  const FcrmIntakeServerConfig *config = data;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                                  G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  f->tdb = fcrm_test_db_new_empty ();
  f->db = g_strdup (fcrm_test_location (f->tdb));
  /* only init creates a database */
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "init", NULL }, NULL), ==, 0);
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "user", "add", "anna", "--name", "Anna", "--role", "manager", NULL }, NULL), ==, 0);
  f->port = free_port ();
  f->url = g_strdup_printf ("http://127.0.0.1:%u/leads", f->port);

  g_ptr_array_add (argv, g_strdup (cli_path));
  g_ptr_array_add (argv, g_strdup ("--db"));
  if (config != NULL && config->own_login && f->tdb->pg_name != NULL)
    g_ptr_array_add (argv, own_login (f));
  else
    g_ptr_array_add (argv, g_strdup (f->db));
  g_ptr_array_add (argv, g_strdup ("intake"));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", f->port));
  g_ptr_array_add (argv, g_strdup ("--token"));
  g_ptr_array_add (argv, g_strdup (FCRM_TEST_TOKEN));
  for (const char *const *a = config != NULL && config->args != NULL ? config->args : NULL; a != NULL && *a != NULL; a++)
    g_ptr_array_add (argv, g_strdup (*a));
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (config != NULL ? config->nofile : 0), NULL);
  f->server = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();

  /* wait until it answers */
  for (int i = 0; i < 500; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", f->url);
      g_autoptr(GBytes) body = soup_session_send_and_read (f->session, msg, NULL, NULL);
      if (soup_message_get_status (msg) != 0)
        break;
      g_usleep (20000);
    }
}

void
fcrm_test_intake_teardown (FcrmIntakeFixture *f,
                           gconstpointer      data)
{
  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, NULL);
  /* a server that died of a signal (or a sanitizer report) fails the test */
  g_assert_true (g_subprocess_get_if_exited (f->server));
  g_assert_cmpint (g_subprocess_get_exit_status (f->server), ==, 0);
  g_clear_object (&f->server);
  g_clear_object (&f->session);
  g_clear_pointer (&f->tdb, fcrm_test_db_free);
  if (f->login != NULL)
    {
      /* with its database gone the role owns nothing and can go too */
      g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", f->login);

      fcrm_test_pg_exec (drop);
      g_clear_pointer (&f->login, g_free);
    }
  g_free (f->db);
  g_free (f->url);
}

guint
fcrm_test_intake_post (FcrmIntakeFixture *f,
                       const char        *content_type,
                       const char        *body,
                       gssize             length,
                       const char        *token,
                       char             **out_body)
{
  return fcrm_test_intake_request (f, "POST", "/leads", content_type, body, length, token, NULL, out_body, NULL);
}

guint
fcrm_test_intake_request (FcrmIntakeFixture   *f,
                          const char          *method,
                          const char          *path,
                          const char          *content_type,
                          const char          *body,
                          gssize               length,
                          const char          *token,
                          const char * const  *headers,
                          char               **out_body,
                          SoupMessageHeaders **out_headers)
{
  g_autofree char *base = g_strndup (f->url, strlen (f->url) - strlen ("/leads"));
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  /* a redirect is what is tested, not followed */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, content_type, request);
    }
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  response = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return soup_message_get_status (msg);
}
