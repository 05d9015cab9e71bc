/* The streaming JSON writer of the lists (issue 10): every string comes back
 * from a JSON parser as it went in — quotes, backslashes, every control
 * character, non-ASCII kept as UTF-8 bytes (never \u-escaped) — invalid UTF-8
 * is replaced, not passed on; commas and nesting are right; and the fast
 * time formatting says what fcrm_time_format_iso() says, in any zone. */

#include <json-glib/json-glib.h>

#include "fcrm-json-writer.h"

static void
assert_round_trip (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  fcrm_json_append_string (out, text);
  for (gsize i = 0; i < out->len; i++)
    g_assert_cmpuint ((guchar) out->str[i], >=, 0x20);
  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpstr (json_node_get_string (node), ==, text);
}

static void
test_escaping (void)
{
  static const char * const texts[] = {
    "", "plain", "quote \" inside", "back\\slash", "\\\"", "slash / stays", "new\nline", "tab\t", "cr\r",
    "\b\f", "Кухня «Модерн»", "emoji 🪑", "line\u2028separator", "\x7f delete", "{\"not\": [\"json\"]}",
  };
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_round_trip (texts[i]);
  /* every control character */
  for (int c = 1; c < 0x20; c++)
    g_string_append_printf (all, "%c.", c);
  assert_round_trip (all->str);
  /* non-ASCII as it is, the short escapes where JSON has them */
  fcrm_json_append_string (out, "Ёлка\n\x01");
  g_assert_cmpstr (out->str, ==, "\"Ёлка\\n\\u0001\"");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  fcrm_json_append_string (out, "a\xff\xfe" "b\xd0");
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (node), ==, "a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd");
}

static void
test_structure (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(GError) error = NULL;
  FcrmJsonWriter w;

  fcrm_json_writer_init (&w, out);
  fcrm_json_begin_object (&w);
  fcrm_json_key (&w, "id");
  fcrm_json_int (&w, G_MININT64);
  fcrm_json_key (&w, "none");
  fcrm_json_id (&w, 0);
  fcrm_json_key (&w, "empty");
  fcrm_json_begin_array (&w);
  fcrm_json_end_array (&w);
  fcrm_json_key (&w, "list");
  fcrm_json_begin_array (&w);
  fcrm_json_string (&w, "a");
  fcrm_json_string (&w, NULL);
  fcrm_json_bool (&w, TRUE);
  fcrm_json_begin_object (&w);
  fcrm_json_end_object (&w);
  fcrm_json_begin_object (&w);
  fcrm_json_key (&w, "k\"ey");
  fcrm_json_bool (&w, FALSE);
  fcrm_json_end_object (&w);
  fcrm_json_end_array (&w);
  fcrm_json_key (&w, "when");
  fcrm_json_time (&w, 0);
  fcrm_json_end_object (&w);
  g_assert_cmpuint (w.depth, ==, 0);

  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  expected = json_from_string ("{\"id\": -9223372036854775808, \"none\": null, \"empty\": [],"
                               " \"list\": [\"a\", null, true, {}, {\"k\\\"ey\": false}], \"when\": null}", &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, expected));
}

/* Against GDateTime: DST changes, the far past and future, both sides of 1970. */
static void
test_time (void)
{
  static const char * const zones[] = {
    "UTC", "Europe/Moscow", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Vladivostok",
    "America/St_Johns", "Pacific/Chatham",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zones[z]);

      g_assert_nonnull (zone);
      for (guint i = 0; i < 20000; i++)
        {
          /* 1850 … 2150, and every hour around 2026's changes */
          gint64 t = i < 10000 ? (gint64) g_rand_double_range (rand, -3786825600.0, 5680281600.0)
                               : 1774000000 + (gint64) (i - 10000) * 3600 + g_rand_int_range (rand, 0, 3600);
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
          g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, zone);
          g_autofree char *expected = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
          g_autoptr(GString) out = g_string_new (NULL);

          fcrm_json_append_time_in (out, t, zone);
          if (g_strcmp0 (out->str, expected) != 0)
            g_error ("%s at %" G_GINT64_FORMAT ": %s, expected %s", zones[z], t, out->str, expected);
        }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-writer/escaping", test_escaping);
  g_test_add_func ("/json-writer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json-writer/structure", test_structure);
  g_test_add_func ("/json-writer/time", test_time);
  return g_test_run ();
}
