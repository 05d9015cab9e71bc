/* The intake endpoint over loopback HTTP: every answer of SPEC §5, and that
 * only good requests are stored. The server is the real CLI process. */

#include <json-glib/json-glib.h>

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

int
main (int argc, char *argv[])
{
  fcrm_test_intake_init (&argc, &argv);
  g_test_add ("/intake/created", Fixture, NULL, fcrm_test_intake_setup, test_created, fcrm_test_intake_teardown);
  g_test_add ("/intake/refused", Fixture, NULL, fcrm_test_intake_setup, test_refused, fcrm_test_intake_teardown);
  g_test_add ("/intake/method-and-path", Fixture, NULL, fcrm_test_intake_setup, test_method_and_path, fcrm_test_intake_teardown);
  return g_test_run ();
}
