/* The intake endpoint over loopback HTTP: every answer of SPEC §5, and that
 * only good requests are stored. The server is the real CLI process. */

#include <json-glib/json-glib.h>
#include <signal.h>

#include "fcrm-test-intake.h"

#define TOKEN FCRM_TEST_TOKEN

typedef FcrmIntakeFixture Fixture;

/* A member of the JSON object @body as text ("" when it is not a string). */
static char *
member (const char *body,
        const char *name)
{
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  JsonObject *object;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_true (json_object_has_member (object, name));
  return g_strdup (json_object_get_string_member_with_default (object, name, ""));
}

static void
test_created (Fixture *f, gconstpointer data)
{
  g_autofree char *body = NULL;
  g_autofree char *form = NULL;
  g_autofree char *stage = NULL, *source = NULL, *name = NULL, *form_source = NULL;

  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"Ivan\",\"phone\":\"8 (912) 345-67-89\",\"comment\":\"Kitchen\"}",
                          -1, TOKEN, &body), ==, 201);
  stage = member (body, "stage");
  source = member (body, "source");
  g_assert_cmpstr (stage, ==, "lead.new");
  g_assert_cmpstr (source, ==, "webform");
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/x-www-form-urlencoded", "name=%D0%9F%D1%91%D1%82%D1%80&email=P%40example.com&source=call",
                          -1, TOKEN, &form), ==, 201);
  name = member (form, "name");
  form_source = member (form, "source");
  g_assert_cmpstr (name, ==, "Пётр");
  g_assert_cmpstr (form_source, ==, "call");
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 2);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_malloc (70 * 1024 + 1);
  g_autofree char *msg = NULL;

  memset (big, 'a', 70 * 1024);
  big[70 * 1024] = '\0';

  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"x\"}", -1, NULL, NULL), ==, 401);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"x\"}", -1, "wrong-token-xx", NULL), ==, 401);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":", -1, TOKEN, &msg), ==, 400);
  g_assert_nonnull (strstr (msg, "error"));
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "[1, 2]", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"title\": 5}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"email\":\"bad@\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"phone\":\"call me\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"x\",\"budget\":\"-5\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"x\",\"source\":\"fax\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"\xff\xfe\"}", -1, TOKEN, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/x-www-form-urlencoded", big, -1, TOKEN, NULL), ==, 413);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/x-www-form-urlencoded", big, -1, NULL, NULL), ==, 401);
  /* nothing of that was stored, and the server still works */
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 0);
  g_assert_cmpuint (fcrm_test_intake_post (f, "application/json", "{\"name\":\"Still here\"}", -1, TOKEN, NULL), ==, 201);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 1);
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

/* Clients posting at once, each on its own connection. */
typedef struct
{
  const char *url;
  guint       n;
  guint       index;
  guint       created, refused, other;
  GArray     *ids;
} Poster;

static gpointer
poster_main (gpointer data)
{
  Poster *p = data;
  g_autoptr(SoupSession) session = soup_session_new ();

  for (guint i = 0; i < p->n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", p->url);
      /* every fifth one is bad: refused alone, its batch stored all the same */
      g_autofree char *body = i % 5 == 4 ? g_strdup ("{\"email\":\"not-an-address\"}")
                                         : g_strdup_printf ("{\"name\":\"Client %u-%u\"}", p->index, i);
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) response = NULL;
      guint status;

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN);
      response = soup_session_send_and_read (session, msg, NULL, NULL);
      status = soup_message_get_status (msg);
      if (status == 201)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
          g_autoptr(JsonNode) node = json_from_string (text, NULL);
          gint64 id = node != NULL ? json_object_get_int_member (json_node_get_object (node), "id") : 0;

          g_array_append_val (p->ids, id);
          p->created++;
        }
      else if (status == 400)
        p->refused++;
      else if (status != 0)   /* 0: the server went away (see stopping) */
        p->other++;
    }
  return NULL;
}

static void
post_at_once (Fixture *f,
              Poster  *posters,
              guint    n_posters,
              guint    each)
{
  g_autofree GThread **threads = g_new0 (GThread *, n_posters);

  for (guint i = 0; i < n_posters; i++)
    {
      posters[i] = (Poster) { f->url, each, i, 0, 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
      threads[i] = g_thread_new ("poster", poster_main, &posters[i]);
    }
  for (guint i = 0; i < n_posters; i++)
    g_thread_join (threads[i]);
}

/* Leads arriving together are committed together: each answered on its own. */
static void
test_concurrent (Fixture *f, gconstpointer data)
{
  Poster posters[12];
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint created = 0, refused = 0;

  post_at_once (f, posters, G_N_ELEMENTS (posters), 25);
  for (guint i = 0; i < G_N_ELEMENTS (posters); i++)
    {
      created += posters[i].created;
      refused += posters[i].refused;
      g_assert_cmpuint (posters[i].other, ==, 0);
      for (guint k = 0; k < posters[i].ids->len; k++)
        g_hash_table_add (ids, &g_array_index (posters[i].ids, gint64, k));
    }
  g_assert_cmpuint (created, ==, 12 * 20);
  g_assert_cmpuint (refused, ==, 12 * 5);
  /* every answer a lead of its own, every one of them stored */
  g_assert_cmpuint (g_hash_table_size (ids), ==, created);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, created);
  for (guint i = 0; i < G_N_ELEMENTS (posters); i++)
    g_array_unref (posters[i].ids);
}

static gpointer
stop_later (gpointer data)
{
  g_usleep (300 * 1000);
  g_subprocess_send_signal (data, SIGTERM);
  return NULL;
}

/* Stopped while leads pour in: every lead answered 201 is stored, and every
 * stored lead was answered (a client that lost the answer would send it again). */
static void
test_stopping (Fixture *f, gconstpointer data)
{
  Poster posters[8];
  GThread *stopper = g_thread_new ("stopper", stop_later, f->server);
  guint created = 0;

  post_at_once (f, posters, G_N_ELEMENTS (posters), 400);
  g_thread_join (stopper);
  g_assert_true (g_subprocess_wait (f->server, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (posters); i++)
    {
      created += posters[i].created;
      g_array_unref (posters[i].ids);
    }
  g_test_message ("%u leads answered 201 before the server stopped", created);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, created);
}

/* `notifications list --user LOGIN --json` as text */
static char *
notifications_of (Fixture    *f,
                  const char *login)
{
  char *out = NULL;

  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "--json", "notifications", "list", "--user", login, NULL },
                                         &out), ==, 0);
  return out;
}

/* POST /calls: 202, routed to the extension's login, else the responsible
 * of the client's open deal, else every active manager; an unknown number
 * by its number; JSON or form; bad input 400 and nothing written. */
static void
test_calls (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *boris = NULL;
  g_autofree char *olga = NULL;
  g_autofree char *boris2 = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *contact_id = NULL;

  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "user", "add", "boris", "--name", "Boris", "--role", "manager", NULL }, NULL), ==, 0);
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "user", "add", "olga", "--name", "Olga", "--role", "manager", NULL }, NULL), ==, 0);

  /* unknown number: every active manager, by the number */
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/calls", "application/json",
                                              "{\"phone\": \"+7 926 111-22-33\", \"direction\": \"in\"}", -1, TOKEN,
                                              NULL, &out, NULL), ==, 202);
  g_assert_nonnull (strstr (out, "\"notified\": 3"));
  anna = notifications_of (f, "anna");
  olga = notifications_of (f, "olga");
  g_assert_nonnull (strstr (anna, "Incoming call: +7 926 111-22-33"));
  g_assert_nonnull (strstr (olga, "Incoming call: +7 926 111-22-33"));
  g_assert_nonnull (strstr (anna, "\"call\""));

  /* a known client with an open deal of boris's: boris, by name, deal and stage */
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "--json", "contact", "add", "--name", "Зинаида Кузнецова",
                                                                    "--phone", "+7 (926) 555-44-33", NULL }, &contact), ==, 0);
  contact_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (json_object_get_member (
      json_node_get_object (json_from_string (contact, NULL)), "id")));
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "deal", "add", "--pipeline", "manufacturing", "--title", "Кухня",
                                                                    "--contact", contact_id, "--responsible", "boris", NULL }, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/calls", "application/x-www-form-urlencoded",
                                              "phone=89265554433", -1, TOKEN, NULL, &out, NULL), ==, 202);
  g_assert_nonnull (strstr (out, "\"notified\": 1"));
  boris = notifications_of (f, "boris");
  g_assert_nonnull (strstr (boris, "Incoming call: Зинаида Кузнецова — Кухня (Contract)"));

  /* the extension's login wins */
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/calls", "application/json",
                                              "{\"phone\": \"+79265554433\", \"login\": \"olga\"}", -1, TOKEN,
                                              NULL, NULL, NULL), ==, 202);
  g_clear_pointer (&olga, g_free);
  olga = notifications_of (f, "olga");
  g_assert_nonnull (strstr (olga, "Incoming call: Зинаида Кузнецова — Кухня (Contract)"));
  boris2 = notifications_of (f, "boris");
  g_assert_cmpstr (boris2, ==, boris);

  /* refused: no token, bad number, unknown login, GET; nothing written */
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/calls", "application/json", "{\"phone\": \"+79265554433\"}", -1,
                                              NULL, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/calls", "application/json", "{\"phone\": \"call me\"}", -1,
                                              TOKEN, NULL, NULL, NULL), ==, 400);
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/calls", "application/json",
                                              "{\"phone\": \"+79265554433\", \"login\": \"nobody\"}", -1, TOKEN, NULL, &msg,
                                              NULL), ==, 400);
  g_assert_nonnull (strstr (msg, "nobody"));
  g_assert_cmpuint (fcrm_test_intake_request (f, "GET", "/calls", NULL, NULL, 0, TOKEN, NULL, NULL, NULL), ==, 405);
  g_clear_pointer (&olga, g_free);
  olga = notifications_of (f, "olga");
  g_assert_nonnull (strstr (olga, "Incoming call: Зинаида"));
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 0);
}

#define SITE "https://shop.example.com"
#define THANKS "https://shop.example.com/thanks"
#define FORM_TYPE "application/x-www-form-urlencoded"

static const char * const browser[] = { "Accept", "text/html,application/xhtml+xml,*/*;q=0.8", NULL };

/* A browser's form post goes to the thank-you page (303); JSON clients and
 * forms posted by scripts keep 201; a multipart form is read too. */
static void
test_browser_thanks (Fixture *f, gconstpointer data)
{
  g_autoptr(SoupMessageHeaders) answer = NULL;
  g_autofree char *body = NULL;
  const char *multipart =
    "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nМария\r\n"
    "--XyZ\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n+7 900 123-45-67\r\n"
    "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n"
    "--XyZ--\r\n";

  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", FORM_TYPE, "name=Ivan&phone=89123456789", -1, TOKEN,
                                              browser, &body, &answer), ==, 303);
  g_assert_cmpstr (soup_message_headers_get_one (answer, "Location"), ==, THANKS);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 1);
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", "multipart/form-data; boundary=XyZ", multipart, -1, TOKEN,
                                              browser, NULL, NULL), ==, 303);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 2);
  /* not a browser: JSON as before */
  g_assert_cmpuint (fcrm_test_intake_post (f, FORM_TYPE, "name=Petr", -1, TOKEN, NULL), ==, 201);
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", "application/json", "{\"name\": \"Olga\"}", -1, TOKEN,
                                              browser, NULL, NULL), ==, 201);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 4);
}

/* Without --thanks: a small translated page, the visitor's input escaped. */
static void
test_browser_page (Fixture *f, gconstpointer data)
{
  g_autoptr(SoupMessageHeaders) answer = NULL;
  g_autoptr(SoupMessageHeaders) refused = NULL;
  g_autofree char *page = NULL;
  g_autofree char *error_page = NULL;

  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", FORM_TYPE, "name=Ivan", -1, TOKEN, browser, &page, &answer),
                    ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (answer, NULL), ==, "text/html");
  g_assert_nonnull (strstr (page, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (page, "Thank you!"));
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", FORM_TYPE, "email=%3Cscript%3E", -1, TOKEN, browser,
                                              &error_page, &refused), ==, 400);
  g_assert_cmpstr (soup_message_headers_get_content_type (refused, NULL), ==, "text/html");
  g_assert_null (strstr (error_page, "<script>"));
  g_assert_nonnull (strstr (error_page, "&lt;script&gt;"));
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 1);
  /* no origin configured: no CORS at all */
  g_assert_null (soup_message_headers_get_one (answer, "Access-Control-Allow-Origin"));
}

/* CORS: the listed origin gets its own name back (Vary: Origin) and a
 * preflight; another origin gets no CORS header and no preflight. */
static void
test_cors (Fixture *f, gconstpointer data)
{
  static const char * const listed[] = { "Origin", SITE, NULL };
  static const char * const other[] = { "Origin", "https://evil.example.net", NULL };
  static const char * const preflight[] = { "Origin", SITE, "Access-Control-Request-Method", "POST",
                                            "Access-Control-Request-Headers", "authorization, content-type", NULL };
  g_autoptr(SoupMessageHeaders) allowed = NULL;
  g_autoptr(SoupMessageHeaders) denied = NULL;
  g_autoptr(SoupMessageHeaders) pre = NULL;
  g_autoptr(SoupMessageHeaders) pre_denied = NULL;

  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", "application/json", "{\"name\": \"Ivan\"}", -1, TOKEN,
                                              listed, NULL, &allowed), ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (allowed, "Access-Control-Allow-Origin"), ==, SITE);
  g_assert_true (soup_message_headers_header_contains (allowed, "Vary", "Origin"));
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", "application/json", "{\"name\": \"Ivan\"}", -1, TOKEN,
                                              other, NULL, &denied), ==, 201);
  g_assert_null (soup_message_headers_get_one (denied, "Access-Control-Allow-Origin"));

  g_assert_cmpuint (fcrm_test_intake_request (f, "OPTIONS", "/leads", NULL, NULL, 0, NULL, preflight, NULL, &pre), ==, 204);
  g_assert_cmpstr (soup_message_headers_get_one (pre, "Access-Control-Allow-Origin"), ==, SITE);
  g_assert_true (soup_message_headers_header_contains (pre, "Access-Control-Allow-Methods", "POST"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (pre, "Access-Control-Allow-Headers"), "Authorization"));
  g_assert_cmpuint (fcrm_test_intake_request (f, "OPTIONS", "/leads", NULL, NULL, 0, NULL, other, NULL, &pre_denied), ==, 403);
  g_assert_null (soup_message_headers_get_one (pre_denied, "Access-Control-Allow-Origin"));
  /* a refusal to the listed origin still carries it (the script can read why) */
  g_clear_pointer (&allowed, soup_message_headers_unref);
  g_assert_cmpuint (fcrm_test_intake_request (f, "POST", "/leads", "application/json", "{}", -1, NULL, listed, NULL,
                                              &allowed), ==, 401);
  g_assert_cmpstr (soup_message_headers_get_one (allowed, "Access-Control-Allow-Origin"), ==, SITE);
  g_assert_cmpint (fcrm_test_intake_count_leads (f), ==, 2);
}

/* Options that would go into a header are checked. */
static void
test_web_options (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "intake", "serve", "--token", TOKEN, "--thanks",
                                                                    "javascript:alert(1)", NULL }, NULL), ==, 2);
  g_assert_cmpint (fcrm_test_intake_cli (f, (const char *const[]) { "intake", "serve", "--token", TOKEN, "--allow-origin",
                                                                    "https://shop.example.com/path", NULL }, NULL), ==, 2);
}

int
main (int argc, char *argv[])
{
  static const char * const web_args[] = { "--thanks", THANKS, "--allow-origin", "https://other.example.org",
                                           "--allow-origin", SITE, NULL };
  static const FcrmIntakeServerConfig web_config = { .args = web_args };
  static const FcrmIntakeServerConfig own_login = { .own_login = TRUE };

  fcrm_test_intake_init (&argc, &argv);
  g_test_add ("/intake/created", Fixture, NULL, fcrm_test_intake_setup, test_created, fcrm_test_intake_teardown);
  g_test_add ("/intake/refused", Fixture, NULL, fcrm_test_intake_setup, test_refused, fcrm_test_intake_teardown);
  g_test_add ("/intake/method-and-path", Fixture, NULL, fcrm_test_intake_setup, test_method_and_path, fcrm_test_intake_teardown);
  g_test_add ("/intake/concurrent", Fixture, NULL, fcrm_test_intake_setup, test_concurrent, fcrm_test_intake_teardown);
  g_test_add ("/intake/stopping", Fixture, NULL, fcrm_test_intake_setup, test_stopping, fcrm_test_intake_teardown);
  g_test_add ("/intake/calls", Fixture, NULL, fcrm_test_intake_setup, test_calls, fcrm_test_intake_teardown);
  /* on the office server, the intake signed in as its own login, not the administrator */
  if (fcrm_test_is_pg ())
    {
      g_test_add ("/intake/created-own-login", Fixture, &own_login, fcrm_test_intake_setup, test_created,
                  fcrm_test_intake_teardown);
      g_test_add ("/intake/calls-own-login", Fixture, &own_login, fcrm_test_intake_setup, test_calls,
                  fcrm_test_intake_teardown);
    }
  g_test_add ("/intake/browser-thanks", Fixture, &web_config, fcrm_test_intake_setup, test_browser_thanks, fcrm_test_intake_teardown);
  g_test_add ("/intake/browser-page", Fixture, NULL, fcrm_test_intake_setup, test_browser_page, fcrm_test_intake_teardown);
  g_test_add ("/intake/cors", Fixture, &web_config, fcrm_test_intake_setup, test_cors, fcrm_test_intake_teardown);
  g_test_add ("/intake/web-options", Fixture, NULL, fcrm_test_intake_setup, test_web_options, fcrm_test_intake_teardown);
  return g_test_run ();
}
