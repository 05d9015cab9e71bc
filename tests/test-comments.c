/* Comments on leads and deals (SPEC §4 Card, "General", and the timeline):
 * written by the acting user, trimmed, listed newest first; empty, too long,
 * invalid text and unknown items refused writing nothing; each comment a
 * change of the item; and the item's JSON. */

#include <string.h>

#include "fcrm-test-util.h"
#include "fcrm-comments.h"
#include "fcrm-json.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      anna, boris;
  FcrmItem   *deal;
  FcrmItem   *lead;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->boris = fcrm_test_add_user (f->crm, "boris", "manager");
  g_assert_true (fcrm_crm_set_actor (f->crm, "anna", &error));
  g_assert_no_error (error);
  f->deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
  f->lead = fcrm_test_add_lead (f->crm, "Wardrobe for the hall", "anna");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->deal);
  g_clear_object (&f->lead);
  fcrm_test_db_free (f->db);
}

static FcrmComment *
comment_ok (FcrmCrm        *crm,
            FcrmEntityType  type,
            gint64          id,
            const char     *text)
{
  g_autoptr(GError) error = NULL;
  FcrmComment *c = fcrm_crm_comment_add (crm, type, id, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_true (FCRM_IS_COMMENT (c));
  g_assert_cmpint (c->id, >, 0);
  return c;
}

static GPtrArray *
list_ok (FcrmCrm        *crm,
         FcrmEntityType  type,
         gint64          id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = fcrm_crm_comments (crm, type, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static FcrmItem *
get_item (FcrmCrm        *crm,
          FcrmEntityType  type,
          gint64          id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *item = type == FCRM_ENTITY_LEAD ? fcrm_crm_lead_get (crm, id, &error) : fcrm_crm_deal_get (crm, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

static void
test_add_list (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmComment) first = NULL;
  g_autoptr(FcrmComment) second = NULL;
  g_autoptr(FcrmComment) third = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) lead_list = NULL;
  FcrmComment *c;
  gint64 t0 = fcrm_clock_now (f->db->clock);

  first = comment_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "  The client wants oak, not ash.\n");
  g_assert_cmpstr (first->text, ==, "The client wants oak, not ash.");
  g_assert_cmpstr (first->user_login, ==, "anna");
  g_assert_nonnull (first->user_name);
  g_assert_cmpint (first->entity_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpint (first->entity_id, ==, f->deal->id);
  g_assert_cmpint (first->created_at, ==, t0);

  fcrm_clock_advance (f->db->clock, 60);
  g_assert_true (fcrm_crm_set_actor (f->crm, "boris", &error));
  g_assert_no_error (error);
  second = comment_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "Measured:\n2.4 m × 0.6 m");
  /* the same second: the later one is still listed first */
  third = comment_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "Called, she agrees.");

  list = list_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpuint (list->len, ==, 3);
  c = g_ptr_array_index (list, 0);
  g_assert_cmpint (c->id, ==, third->id);
  g_assert_cmpstr (c->user_login, ==, "boris");
  c = g_ptr_array_index (list, 1);
  g_assert_cmpint (c->id, ==, second->id);
  g_assert_cmpstr (c->text, ==, "Measured:\n2.4 m × 0.6 m");
  g_assert_cmpint (c->created_at, ==, t0 + 60);
  c = g_ptr_array_index (list, 2);
  g_assert_cmpint (c->id, ==, first->id);
  g_assert_cmpstr (c->user_login, ==, "anna");
  g_assert_cmpstr (c->user_name, ==, first->user_name);
  g_assert_cmpstr (c->text, ==, "The client wants oak, not ash.");
  g_assert_cmpint (c->created_at, ==, t0);
  /* and there is no other deal they could have gone to */
  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 1);

  /* each item has its own */
  lead_list = list_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_assert_cmpuint (lead_list->len, ==, 0);
  g_clear_object (&first);
  first = comment_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "Comment on a lead");
  g_clear_pointer (&lead_list, g_ptr_array_unref);
  lead_list = list_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_assert_cmpuint (lead_list->len, ==, 1);
  g_assert_cmpint (((FcrmComment *) g_ptr_array_index (lead_list, 0))->entity_type, ==, FCRM_ENTITY_LEAD);

  /* a long one in Cyrillic counts characters, not bytes */
  {
    g_autoptr(GString) s = g_string_new (NULL);
    g_autoptr(FcrmComment) big = NULL;

    for (guint i = 0; i < FCRM_COMMENT_MAX_CHARS; i++)
      g_string_append (s, "я");
    big = comment_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, s->str);
    g_assert_cmpuint (g_utf8_strlen (big->text, -1), ==, FCRM_COMMENT_MAX_CHARS);
  }
}

static void
expect_refused (Fixture        *f,
                FcrmEntityType  type,
                gint64          id,
                const char     *text,
                gint            code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmComment) c = NULL;
  FcrmTestSnapshot before;

  fcrm_test_snapshot (f->crm, &before);
  c = fcrm_crm_comment_add (f->crm, type, id, text, &error);
  g_assert_null (c);
  g_assert_error (error, FCRM_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  fcrm_test_assert_unchanged (f->crm, &before);
}

static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  expect_refused (f, FCRM_ENTITY_DEAL, f->deal->id, "", FCRM_ERROR_INVALID_INPUT);
  expect_refused (f, FCRM_ENTITY_DEAL, f->deal->id, " \n\t  ", FCRM_ERROR_INVALID_INPUT);
  expect_refused (f, FCRM_ENTITY_DEAL, f->deal->id, NULL, FCRM_ERROR_INVALID_INPUT);
  expect_refused (f, FCRM_ENTITY_LEAD, f->lead->id, "bad \xff byte", FCRM_ERROR_INVALID_INPUT);
  for (guint i = 0; i <= FCRM_COMMENT_MAX_CHARS; i++)
    g_string_append_c (s, 'a');
  expect_refused (f, FCRM_ENTITY_DEAL, f->deal->id, s->str, FCRM_ERROR_INVALID_INPUT);
  expect_refused (f, FCRM_ENTITY_DEAL, 999999, "Hello", FCRM_ERROR_NOT_FOUND);
  expect_refused (f, FCRM_ENTITY_LEAD, 999999, "Hello", FCRM_ERROR_NOT_FOUND);

  list = fcrm_crm_comments (f->crm, FCRM_ENTITY_DEAL, 999999, &error);
  g_assert_null (list);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

static void
test_version (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(FcrmComment) c = NULL;
  g_autoptr(FcrmComment) l = NULL;
  g_autoptr(FcrmItem) d = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  gint64 deal_version = f->deal->version;
  gint64 lead_version = f->lead->version;

  fcrm_clock_advance (f->db->clock, 60);
  c = comment_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "A note");
  d = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpint (d->version, ==, deal_version + 1);
  g_assert_cmpint (d->updated_at, ==, fcrm_clock_now (f->db->clock));

  fcrm_clock_advance (f->db->clock, 60);
  l = comment_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "Another note");
  lead = get_item (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_assert_cmpint (lead->version, ==, lead_version + 1);
  g_assert_cmpint (lead->updated_at, ==, fcrm_clock_now (f->db->clock));
}

static void
test_json (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(FcrmComment) older = comment_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "first");
  g_autoptr(FcrmComment) newer = comment_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "second");
  g_autoptr(FcrmItem) d = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_autoptr(FcrmItem) lead = get_item (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_autoptr(JsonNode) node = fcrm_json_item (d, f->crm);
  g_autoptr(JsonNode) lead_node = fcrm_json_item (lead, f->crm);
  g_autoptr(JsonNode) plain = fcrm_json_item (d, NULL);
  JsonArray *list;
  JsonObject *o;

  list = json_object_get_array_member (json_node_get_object (node), "comments");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, newer->id);
  g_assert_cmpstr (json_object_get_string_member (o, "user"), ==, "anna");
  g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, "second");
  g_assert_true (json_object_has_member (o, "created_at"));
  o = json_array_get_object_element (list, 1);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, older->id);

  list = json_object_get_array_member (json_node_get_object (lead_node), "comments");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  /* lists leave them out */
  g_assert_false (json_object_has_member (json_node_get_object (plain), "comments"));
}

static void
test_conversion_carries_comments (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmComment) first = comment_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "Wants oak, not ash");
  g_autoptr(FcrmComment) second = comment_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "Call after 18:00");
  g_autoptr(GPtrArray) on_deal = NULL;
  FcrmConvertResult result = { 0 };

  g_assert_true (fcrm_crm_lead_convert (f->crm, f->lead->id, "design", FCRM_CONVERT_DEAL, &result, &error));
  g_assert_no_error (error);
  on_deal = fcrm_crm_comments (f->crm, FCRM_ENTITY_DEAL, result.deal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_deal->len, ==, 2);
  /* newest first, same author and time as on the lead */
  g_assert_cmpstr (((FcrmComment *) g_ptr_array_index (on_deal, 0))->text, ==, "Call after 18:00");
  g_assert_cmpstr (((FcrmComment *) g_ptr_array_index (on_deal, 1))->text, ==, "Wants oak, not ash");
  g_assert_cmpstr (((FcrmComment *) g_ptr_array_index (on_deal, 1))->user_login, ==, "anna");
  g_assert_cmpint (((FcrmComment *) g_ptr_array_index (on_deal, 1))->created_at, ==, first->created_at);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/comments/add-list", test_add_list);
  ADD ("/comments/refused", test_refused);
  ADD ("/comments/version", test_version);
  ADD ("/comments/json", test_json);
  ADD ("/comments/conversion", test_conversion_carries_comments);
  return g_test_run ();
}
