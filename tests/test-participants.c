/* The participants of a deal (SPEC §4 Card, "Additional"): adding,
 * removing and listing them, each a change of the deal that other editors
 * notice; unknown deals and logins, people who left, "bad input writes
 * nothing"; the deal's JSON; and on the office server what taking part is
 * for: a designer sees a manufacturing deal exactly while taking part. */

#include <unistd.h>

#include "fcrm-test-util.h"
#include "fcrm-inbox.h"
#include "fcrm-json.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      anna, boris, olga;
  FcrmItem   *deal;
  char       *designer;   /* PostgreSQL: a login of this process, with a password */
} Fixture;

#define DESIGNER_PASSWORD "dina's pencil"

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->boris = fcrm_test_add_user (f->crm, "boris", "manager");
  f->olga = fcrm_test_add_user (f->crm, "olga", "designer");
  f->deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->deal);
  fcrm_test_db_free (f->db);
  /* server roles belong to the whole cluster: with the database gone it owns nothing */
  if (f->designer != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", f->designer);

      fcrm_test_pg_exec (sql);
      g_free (f->designer);
    }
}

static FcrmItem *
get_deal (FcrmCrm *crm,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_get (crm, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (deal);
  return deal;
}

/* The participants' logins, space-separated, in the order listed. */
static char *
logins (FcrmCrm *crm,
        gint64   deal_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = fcrm_crm_deal_participants (crm, deal_id, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (users);
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (users, i);

      g_assert_true (FCRM_IS_USER (u));
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, u->login);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_logins(crm, id, expected) \
  G_STMT_START { \
    g_autofree char *got_ = logins ((crm), (id)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
add_ok (FcrmCrm    *crm,
        gint64      id,
        const char *login)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_add_participant (crm, id, login, &error));
  g_assert_no_error (error);
}

static void
remove_ok (FcrmCrm    *crm,
           gint64      id,
           const char *login)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_remove_participant (crm, id, login, &error));
  g_assert_no_error (error);
}

static void
count_changed (guint *n)
{
  (*n)++;
}

/* Each change moves the deal's version and time once, and says "changed". */
static void
test_add_remove (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(FcrmItem) other = fcrm_test_add_deal (f->crm, "repair", "Wardrobe door", "anna");
  g_autoptr(FcrmItem) d = NULL;
  g_autoptr(FcrmItem) o = NULL;
  gint64 version = f->deal->version;
  guint changed = 0;

  g_signal_connect_swapped (f->crm, "changed", G_CALLBACK (count_changed), &changed);
  assert_logins (f->crm, f->deal->id, "");

#define STEP(call, login, expected) \
  G_STMT_START { \
    fcrm_clock_advance (f->db->clock, 60); \
    call (f->crm, f->deal->id, (login)); \
    g_clear_object (&d); \
    d = get_deal (f->crm, f->deal->id); \
    g_assert_cmpint (d->version, ==, ++version); \
    g_assert_cmpint (d->updated_at, ==, fcrm_clock_now (f->db->clock)); \
    assert_logins (f->crm, f->deal->id, (expected)); \
  } G_STMT_END

  STEP (add_ok, "olga", "olga");
  g_assert_cmpuint (changed, ==, 1);
  /* by name: "User boris" before "User olga" */
  STEP (add_ok, "boris", "boris olga");
  STEP (add_ok, "anna", "anna boris olga");
  g_assert_cmpuint (changed, ==, 3);
  STEP (remove_ok, "boris", "anna olga");
  STEP (remove_ok, "anna", "olga");
  g_assert_cmpuint (changed, ==, 5);
#undef STEP

  /* the other deal saw none of it */
  assert_logins (f->crm, other->id, "");
  o = get_deal (f->crm, other->id);
  g_assert_cmpint (o->version, ==, other->version);
  assert_logins (f->crm, f->deal->id, "olga");
  /* the rest of the deal is untouched */
  g_assert_cmpstr (d->title, ==, "Oak kitchen");
  g_assert_cmpstr (d->stage, ==, "mfg.contract");
  g_assert_cmpint (d->responsible_id, ==, f->anna);
  g_signal_handlers_disconnect_by_func (f->crm, count_changed, &changed);
}

/* Adding someone who takes part already, or removing someone who does not,
 * changes nothing at all. */
static void
test_no_op (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(FcrmItem) before_deal = NULL;
  g_autoptr(FcrmItem) after_deal = NULL;
  FcrmTestSnapshot before;

  add_ok (f->crm, f->deal->id, "olga");
  before_deal = get_deal (f->crm, f->deal->id);
  fcrm_test_snapshot (f->crm, &before);
  fcrm_clock_advance (f->db->clock, 60);

  add_ok (f->crm, f->deal->id, "olga");
  add_ok (f->crm, f->deal->id, "olga");
  remove_ok (f->crm, f->deal->id, "boris");
  fcrm_test_assert_unchanged (f->crm, &before);
  after_deal = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (after_deal->version, ==, before_deal->version);
  g_assert_cmpint (after_deal->updated_at, ==, before_deal->updated_at);
  assert_logins (f->crm, f->deal->id, "olga");

  /* removed twice: the second time is nothing */
  remove_ok (f->crm, f->deal->id, "olga");
  fcrm_test_snapshot (f->crm, &before);
  remove_ok (f->crm, f->deal->id, "olga");
  fcrm_test_assert_unchanged (f->crm, &before);
  assert_logins (f->crm, f->deal->id, "");
}

static void
test_unknown (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  FcrmTestSnapshot before;

  add_ok (f->crm, f->deal->id, "olga");
  fcrm_test_snapshot (f->crm, &before);

  g_assert_false (fcrm_crm_deal_add_participant (f->crm, 99999, "boris", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "99999"));
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_remove_participant (f->crm, 99999, "olga", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = fcrm_crm_deal_participants (f->crm, 99999, &error);
  g_assert_null (none);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (fcrm_crm_deal_add_participant (f->crm, f->deal->id, "ghost", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ghost"));
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_remove_participant (f->crm, f->deal->id, "ghost", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_add_participant (f->crm, f->deal->id, "", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_add_participant (f->crm, f->deal->id, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* both unknown: the deal is named */
  g_assert_false (fcrm_crm_deal_add_participant (f->crm, 99999, "ghost", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "99999"));
  g_clear_error (&error);

  fcrm_test_assert_unchanged (f->crm, &before);
  assert_logins (f->crm, f->deal->id, "olga");
}

/* Someone who left cannot join a deal; if they took part before, they
 * still show, marked, and can be taken off. */
static void
test_inactive (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(FcrmItem) before_deal = NULL;
  g_autoptr(FcrmItem) after_deal = NULL;
  FcrmTestSnapshot before;

  add_ok (f->crm, f->deal->id, "boris");
  fcrm_test_deactivate (f->crm, "olga");
  before_deal = get_deal (f->crm, f->deal->id);
  fcrm_test_snapshot (f->crm, &before);
  fcrm_clock_advance (f->db->clock, 60);

  g_assert_false (fcrm_crm_deal_add_participant (f->crm, f->deal->id, "olga", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "User olga"));
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);
  after_deal = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (after_deal->version, ==, before_deal->version);
  g_assert_cmpint (after_deal->updated_at, ==, before_deal->updated_at);
  assert_logins (f->crm, f->deal->id, "boris");

  /* boris leaves while taking part */
  fcrm_test_deactivate (f->crm, "boris");
  users = fcrm_crm_deal_participants (f->crm, f->deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpstr (((FcrmUser *) g_ptr_array_index (users, 0))->login, ==, "boris");
  g_assert_cmpstr (((FcrmUser *) g_ptr_array_index (users, 0))->name, ==, "User boris");
  g_assert_false (((FcrmUser *) g_ptr_array_index (users, 0))->active);
  g_assert_cmpint (((FcrmUser *) g_ptr_array_index (users, 0))->id, ==, f->boris);
  /* taking part already does not make adding him again a mere no-op: he left */
  g_assert_false (fcrm_crm_deal_add_participant (f->crm, f->deal->id, "boris", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  remove_ok (f->crm, f->deal->id, "boris");
  assert_logins (f->crm, f->deal->id, "");
  g_clear_object (&after_deal);
  after_deal = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (after_deal->version, ==, before_deal->version + 1);
}

/* Another desktop's editor, opened before, must reload before it writes. */
static void
test_other_editor (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock2 = fcrm_clock_new_fixed (fcrm_clock_now (f->db->clock));
  g_autoptr(FcrmCrm) crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  g_autoptr(FcrmItem) theirs = NULL;
  g_autoptr(FcrmItem) now = NULL;

  g_assert_no_error (error);
  theirs = get_deal (crm2, f->deal->id);
  add_ok (f->crm, f->deal->id, "olga");

  g_assert_false (fcrm_crm_deal_set (crm2, f->deal->id, "budget", "150000", theirs->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  assert_logins (crm2, f->deal->id, "olga");

  /* reloaded, it goes through; and a removal from there reaches here */
  now = get_deal (crm2, f->deal->id);
  g_assert_cmpint (now->version, ==, theirs->version + 1);
  g_assert_true (fcrm_crm_deal_set (crm2, f->deal->id, "budget", "150000", now->version, &error));
  g_assert_no_error (error);
  remove_ok (crm2, f->deal->id, "olga");
  assert_logins (f->crm, f->deal->id, "");
}

/* `deal show --json`: the participants' logins; lists leave them out. */
static void
test_json (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Hallway", "anna");
  g_autoptr(FcrmItem) d = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) lead_node = NULL;
  JsonArray *array;

  add_ok (f->crm, f->deal->id, "olga");
  add_ok (f->crm, f->deal->id, "boris");
  d = get_deal (f->crm, f->deal->id);

  node = fcrm_json_item (d, f->crm);
  g_assert_true (json_object_has_member (json_node_get_object (node), "participants"));
  array = json_object_get_array_member (json_node_get_object (node), "participants");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "boris");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "olga");

  plain = fcrm_json_item (d, NULL);
  g_assert_false (json_object_has_member (json_node_get_object (plain), "participants"));
  lead_node = fcrm_json_item (lead, f->crm);
  g_assert_false (json_object_has_member (json_node_get_object (lead_node), "participants"));

  remove_ok (f->crm, f->deal->id, "olga");
  remove_ok (f->crm, f->deal->id, "boris");
  g_clear_object (&d);
  g_clear_pointer (&node, json_node_unref);
  d = get_deal (f->crm, f->deal->id);
  node = fcrm_json_item (d, f->crm);
  array = json_object_get_array_member (json_node_get_object (node), "participants");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 0);
}

/* ---- the office server --------------------------------------------------------- */

static FcrmCrm *
open_as_designer (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = fcrm_test_pg_uri (f->db->pg_name, f->designer, DESIGNER_PASSWORD);
  FcrmCrm *crm = fcrm_crm_open (uri, f->db->clock, &error);

  g_assert_no_error (error);
  g_assert_nonnull (crm);
  return crm;
}

static gboolean
designer_sees (FcrmCrm *crm,
               gint64   deal_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_get (crm, deal_id, &error);
  g_autoptr(GPtrArray) board = fcrm_crm_deal_list (crm, "manufacturing", NULL, &list_error);
  gboolean listed = FALSE;

  g_assert_no_error (list_error);
  g_assert_nonnull (board);
  for (guint i = 0; i < board->len; i++)
    listed |= ((FcrmItem *) g_ptr_array_index (board, i))->id == deal_id;
  g_assert_cmpint (listed, ==, deal != NULL);
  if (deal == NULL)
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  return deal != NULL;
}

/* Taking part is what shows a designer a deal outside the Design pipeline. */
static void
test_designer_sees (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(FcrmCrm) dina = NULL;
  g_autoptr(FcrmItem) before = NULL;
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(FcrmItem) design = NULL;

  if (!fcrm_test_is_pg ())
    {
      g_test_skip ("who sees what is enforced on the office server only");
      return;
    }

  f->designer = g_strdup_printf ("dina_%ld", (long) getpid ());
  user = fcrm_crm_user_add_with_password (f->crm, f->designer, "Dina Designer", "designer", DESIGNER_PASSWORD,
                                          &error);
  g_assert_no_error (error);
  design = fcrm_test_add_deal (f->crm, "design", "Bedroom design", "anna");
  dina = open_as_designer (f);

  /* her own pipeline, not the manufacturing deal */
  g_assert_false (designer_sees (dina, f->deal->id));
  {
    g_autoptr(FcrmItem) own = fcrm_crm_deal_get (dina, design->id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (own);
  }
  /* …and she cannot put herself on it */
  g_assert_false (fcrm_crm_deal_add_participant (dina, f->deal->id, f->designer, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_deal_participants (dina, f->deal->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_logins (f->crm, f->deal->id, "");

  /* the manager adds her: from then on she sees it, in the list and on its own */
  add_ok (f->crm, f->deal->id, f->designer);
  g_assert_true (designer_sees (dina, f->deal->id));
  users = fcrm_crm_deal_participants (dina, f->deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpstr (((FcrmUser *) g_ptr_array_index (users, 0))->login, ==, f->designer);
  /* she may change it now, like any deal she sees */
  g_assert_true (fcrm_crm_deal_set (dina, f->deal->id, "design", "Facades in light oak", -1, &error));
  g_assert_no_error (error);

  /* taken off: gone again */
  remove_ok (f->crm, f->deal->id, f->designer);
  g_assert_false (designer_sees (dina, f->deal->id));

  /* she takes herself off: the deal still records the change, then she no longer sees it */
  add_ok (f->crm, f->deal->id, f->designer);
  g_assert_true (designer_sees (dina, f->deal->id));
  before = get_deal (f->crm, f->deal->id);
  fcrm_clock_advance (f->db->clock, 60);
  remove_ok (dina, f->deal->id, f->designer);
  g_assert_false (designer_sees (dina, f->deal->id));
  after = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (after->version, ==, before->version + 1);
  g_assert_cmpint (after->updated_at, ==, fcrm_clock_now (f->db->clock));
  g_assert_cmpstr (after->design, ==, "Facades in light oak");
  assert_logins (f->crm, f->deal->id, "");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/participants/add-remove", test_add_remove);
  ADD ("/participants/no-op", test_no_op);
  ADD ("/participants/unknown", test_unknown);
  ADD ("/participants/inactive", test_inactive);
  ADD ("/participants/other-editor", test_other_editor);
  ADD ("/participants/json", test_json);
  ADD ("/participants/designer-sees", test_designer_sees);
  return g_test_run ();
}
