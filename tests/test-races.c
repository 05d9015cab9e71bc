/* Desktops racing on one database (issue 8): several processes do the same
 * thing to one item at the same moment, each on its own connection. Each
 * action reads what it checks inside its own transaction (a write transaction
 * on a database file, the item's row locked on the office server), so one of
 * them wins and the others are refused cleanly — nothing is done twice. Each
 * case runs ROUNDS times; fcrm_test_race_run() asserts that the racers
 * really overlapped every time. */

#include "fcrm-test-race.h"
#include "fcrm-test-util.h"
#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"
#include "fcrm-undo.h"

#define ROUNDS 10

typedef struct
{
  FcrmTestRaceCrm open;                /* first: the default opener reads it */
  FcrmTestDb     *db;
  guint           round;               /* the racers' round */
  gint64          ids[ROUNDS];         /* each round's item */
  gint64          versions[ROUNDS];    /* its `updated` counter as the racers' editors read it */
  gint64          others[ROUNDS];      /* another id a round needs (an attachment) */
  FcrmUndo       *undos[ROUNDS];
  const char     *pg_lock;             /* what the blocker holds, when not the item's row */
  guint           oks[ROUNDS];         /* out: which racers succeeded (bit per racer) */
  gint64          values[ROUNDS];      /* out: the value the first one of them reported */
} Fixture;

static void
setup (Fixture      *f,
       gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  fcrm_test_add_user (f->db->crm, "anna", "manager");
  fcrm_test_add_user (f->db->crm, "boris", "manager");
  fcrm_test_add_user (f->db->crm, "dina", "designer");
  f->open.location = f->db->location;
  f->open.actor = "anna";
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  for (guint i = 0; i < ROUNDS; i++)
    g_clear_pointer (&f->undos[i], fcrm_undo_free);
  fcrm_test_db_free (f->db);
}

#define ID(data) (((Fixture *) (data))->ids[((Fixture *) (data))->round])

/* ANY_NUMBER: rounds may differ in how many racers succeed. */
#define ANY_NUMBER G_MAXUINT

/* Close the parent's connection (none may cross a fork), race @n racers doing
 * @act once per round on f->ids[round] (the blocker on the server holds its
 * row of @table), then open the database again. Every round @n_ok of them
 * succeed and the others fail with the FcrmError @a or @b. */
static void
race_rounds (Fixture         *f,
             guint            n,
             const char      *table,
             FcrmTestRaceAct  act,
             guint            n_ok,
             int              a,
             int              b)
{
  g_clear_object (&f->db->crm);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autofree char *lock = g_strdup_printf ("SELECT id FROM %s WHERE id = %" G_GINT64_FORMAT " FOR UPDATE",
                                               table, f->ids[i]);
      FcrmTestRace race = { .n = n, .location = f->db->location, .pg_lock = f->pg_lock != NULL ? f->pg_lock : lock,
                            .act = act, .data = f };
      g_autoptr(GArray) racers = NULL;

      f->round = i;
      racers = fcrm_test_race_run (&race);
      if (n_ok != ANY_NUMBER)
        g_assert_cmpuint (fcrm_test_race_n_ok (racers), ==, n_ok);
      fcrm_test_race_assert_failed_with (racers, a, b);
      f->oks[i] = 0;
      for (guint k = n; k-- > 0;)
        if (g_array_index (racers, FcrmTestRacer, k).ok)
          {
            f->oks[i] |= 1u << k;
            f->values[i] = g_array_index (racers, FcrmTestRacer, k).value;
          }
    }
  fcrm_test_db_open (f->db);
}

/* The stage history of an item, as fcrm_test_history() writes it. */
static void
assert_history (Fixture        *f,
                FcrmEntityType  type,
                gint64          id,
                const char     *expected)
{
  g_autofree char *history = fcrm_test_history (f->db->crm, type, id);

  g_assert_cmpstr (history, ==, expected);
}

/* The deals converted from @lead_id. */
static guint
n_deals_of_lead (Fixture *f,
                 gint64   lead_id)
{
  g_autoptr(GPtrArray) deals = fcrm_crm_deal_list (f->db->crm, NULL, NULL, NULL);
  guint n = 0;

  for (guint i = 0; i < deals->len; i++)
    n += ((FcrmItem *) g_ptr_array_index (deals, i))->lead_id == lead_id;
  return n;
}

/* Every attachment of every lead and deal. */
static guint
n_attachments (Fixture *f)
{
  g_autoptr(GPtrArray) leads = fcrm_crm_lead_list (f->db->crm, NULL, NULL);
  g_autoptr(GPtrArray) deals = fcrm_crm_deal_list (f->db->crm, NULL, NULL, NULL);
  GPtrArray *kinds[] = { leads, deals };
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; i < kinds[k]->len; i++)
      {
        FcrmItem *item = g_ptr_array_index (kinds[k], i);
        g_autoptr(GPtrArray) list = fcrm_crm_attachments (f->db->crm, item->type, item->id, NULL);

        n += list->len;
      }
  return n;
}

static guint
n_comments (Fixture        *f,
            FcrmEntityType  type,
            gint64          id)
{
  g_autoptr(GPtrArray) list = fcrm_crm_comments (f->db->crm, type, id, NULL);

  return list->len;
}

static void
add_leads (Fixture *f)
{
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->db->crm, "Wardrobe", "anna");
      f->ids[i] = lead->id;
      f->versions[i] = lead->version;
    }
}

static void
add_deals (Fixture *f)
{
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->db->crm, "manufacturing", "Kitchen", "anna");
      f->ids[i] = deal->id;
      f->versions[i] = deal->version;
    }
}

/* ---- four conversions of one lead ------------------------------------------------ */

static gboolean
act_convert (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  FcrmConvertResult result = { 0 };
  gboolean ok = fcrm_crm_lead_convert (state, ID (data), "manufacturing", FCRM_CONVERT_DEFAULT, &result, error);

  *value = result.deal_id;
  return ok;
}

static void
test_convert (Fixture      *f,
              gconstpointer data)
{
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %u", i);
      g_autofree char *phone = g_strdup_printf ("+7 912 000-00-%02u", i);
      g_autofree char *company = g_strdup_printf ("Company %u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (f->db->crm, &(FcrmLeadInput) {
                                                      .name = name, .phone = phone, .company = company,
                                                      .responsible = "anna" }, &error);
      g_assert_no_error (error);
      f->ids[i] = lead->id;
    }
  /* one converts, the others find it converted */
  race_rounds (f, 4, "leads", act_convert, 1, FCRM_ERROR_REFUSED, FCRM_ERROR_CONFLICT);

  g_assert_cmpint (fcrm_test_n_deals (f->db->crm), ==, ROUNDS);
  g_assert_cmpint (fcrm_test_int (f->db->crm, "SELECT count(*) FROM contacts"), ==, ROUNDS);
  g_assert_cmpint (fcrm_test_int (f->db->crm, "SELECT count(*) FROM companies"), ==, ROUNDS);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (f->db->crm, f->ids[i], NULL);

      g_assert_cmpstr (lead->stage, ==, "lead.to_manufacturing");
      g_assert_cmpint (lead->deal_id, ==, f->values[i]);
      g_assert_cmpuint (n_deals_of_lead (f, f->ids[i]), ==, 1);
      g_assert_cmpint (fcrm_test_int1 (f->db->crm, "SELECT count(*) FROM contacts WHERE id = "
                                                   "(SELECT contact_id FROM leads WHERE id = ?)", f->ids[i]), ==, 1);
      /* new → converted, once */
      assert_history (f, FCRM_ENTITY_LEAD, f->ids[i], "lead.new|lead.to_manufacturing*");
      assert_history (f, FCRM_ENTITY_DEAL, lead->deal_id, "mfg.contract*");
    }
}

/* ---- a conversion against a junking --------------------------------------------- */

static gboolean
act_convert_or_junk (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  if (racer == 0)
    return act_convert (state, racer, data, value, error);
  return fcrm_crm_lead_junk (state, ID (data), "Not interested", error);
}

static void
test_convert_junk (Fixture      *f,
                   gconstpointer data)
{
  add_leads (f);
  /* junking a converted lead is refused; a junked lead may still be
   * converted (the client came back): the conversion always succeeds, the
   * junking only when it came first */
  race_rounds (f, 2, "leads", act_convert_or_junk, ANY_NUMBER, FCRM_ERROR_REFUSED, FCRM_ERROR_REFUSED);

  g_assert_cmpint (fcrm_test_n_deals (f->db->crm), ==, ROUNDS);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (f->db->crm, f->ids[i], NULL);
      gboolean junked_first = (f->oks[i] & 2) != 0;

      g_assert_true (f->oks[i] & 1);
      g_assert_cmpstr (lead->stage, ==, "lead.to_manufacturing");
      assert_history (f, FCRM_ENTITY_LEAD, f->ids[i],
                      junked_first ? "lead.new|lead.junk|lead.to_manufacturing*" : "lead.new|lead.to_manufacturing*");
    }
}

/* ---- a win against a loss, and four losses ---------------------------------------- */

static gboolean
act_win_or_lose (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  /* who wins and who loses changes from round to round */
  if ((racer + ((Fixture *) data)->round) % 2 == 0)
    {
      *value = 'w';
      return fcrm_crm_deal_win (state, ID (data), error);
    }
  *value = 'l';
  return fcrm_crm_deal_lose (state, ID (data), "expensive", "Found it cheaper", error);
}

static gboolean
act_lose (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  return fcrm_crm_deal_lose (state, ID (data), racer % 2 ? "no_response" : "expensive", NULL, error);
}

/* A closed deal, closed once: one final entry in its history, one callback
 * per loss, the closing fields set. */
static void
check_closed_once (Fixture  *f,
                   gint64    deal_id,
                   gboolean  lost)
{
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_get (f->db->crm, deal_id, NULL);

  g_assert_cmpstr (deal->stage, ==, lost ? "mfg.lost" : "mfg.won");
  g_assert_cmpint (deal->closed_at, !=, 0);
  assert_history (f, FCRM_ENTITY_DEAL, deal_id, lost ? "mfg.contract|mfg.lost*" : "mfg.contract|mfg.won*");
  g_assert_cmpint (fcrm_test_item_n_tasks (f->db->crm, FCRM_ENTITY_DEAL, deal_id, "callback"), ==, lost ? 1 : 0);
  if (lost)
    g_assert_nonnull (deal->loss_reason);
  else
    g_assert_null (deal->loss_reason);
}

static void
test_win_lose (Fixture      *f,
               gconstpointer data)
{
  add_deals (f);
  /* never both: the second finds the deal closed */
  race_rounds (f, 2, "deals", act_win_or_lose, 1, FCRM_ERROR_REFUSED, FCRM_ERROR_CONFLICT);
  for (guint i = 0; i < ROUNDS; i++)
    check_closed_once (f, f->ids[i], f->values[i] == 'l');
}

static void
test_lose_four (Fixture      *f,
                gconstpointer data)
{
  add_deals (f);
  race_rounds (f, 4, "deals", act_lose, 1, FCRM_ERROR_REFUSED, FCRM_ERROR_CONFLICT);
  for (guint i = 0; i < ROUNDS; i++)
    check_closed_once (f, f->ids[i], TRUE);
  g_assert_cmpint (fcrm_test_n_tasks (f->db->crm, "callback"), ==, ROUNDS);
}

/* ---- field edits from editors that read the same version ------------------------ */

static gboolean
act_set_lead (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  Fixture *f = data;
  g_autofree char *title = g_strdup_printf ("Title by racer %u", racer);

  *value = racer;
  return fcrm_crm_lead_set (state, ID (data), "title", title, f->versions[f->round], error);
}

static gboolean
act_set_deal (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  Fixture *f = data;
  g_autofree char *budget = g_strdup_printf ("%u000", racer + 1);

  *value = racer;
  return fcrm_crm_deal_set (state, ID (data), "budget", budget, f->versions[f->round], error);
}

static void
test_set_field (Fixture      *f,
                gconstpointer data)
{
  gboolean deals = GPOINTER_TO_INT (data);

  if (deals)
    add_deals (f);
  else
    add_leads (f);
  /* the others were editing a version that is gone */
  race_rounds (f, 4, deals ? "deals" : "leads", deals ? act_set_deal : act_set_lead, 1,
               FCRM_ERROR_CONFLICT, FCRM_ERROR_CONFLICT);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) item = deals ? fcrm_crm_deal_get (f->db->crm, f->ids[i], NULL)
                                       : fcrm_crm_lead_get (f->db->crm, f->ids[i], NULL);

      g_assert_cmpint (item->version, ==, f->versions[i] + 1);
      if (deals)
        g_assert_cmpint (item->budget, ==, (f->values[i] + 1) * 1000 * 100);
      else
        {
          g_autofree char *title = g_strdup_printf ("Title by racer %u", (guint) f->values[i]);
          g_assert_cmpstr (item->title, ==, title);
        }
    }
}

/* ---- participants, attachments, comments -------------------------------------- */

static gboolean
act_add_participant (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  return fcrm_crm_deal_add_participant (state, ID (data), "dina", error);
}

static void
test_participants (Fixture      *f,
                   gconstpointer data)
{
  add_deals (f);
  /* taking part already is no error */
  race_rounds (f, 4, "deals", act_add_participant, 4, FCRM_ERROR_CONFLICT, FCRM_ERROR_CONFLICT);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) deal = fcrm_crm_deal_get (f->db->crm, f->ids[i], NULL);

      {
        g_autoptr(GPtrArray) participants = fcrm_crm_deal_participants (f->db->crm, f->ids[i], NULL);

        g_assert_cmpuint (participants->len, ==, 1);
      }
      /* one change of the deal, not four */
      g_assert_cmpint (deal->version, ==, f->versions[i] + 1);
    }
}

static gboolean
act_delete_attachment (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  Fixture *f = data;

  return fcrm_crm_attachment_delete (state, f->others[f->round], error);
}

static void
test_attachment_delete (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GBytes) content = g_bytes_new_static ("measurements", 12);

  add_deals (f);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmAttachment) a = fcrm_crm_attach (f->db->crm, FCRM_ENTITY_DEAL, f->ids[i], "sizes.txt", NULL,
                                                     content, &error);
      g_assert_no_error (error);
      f->others[i] = a->id;
      f->versions[i]++;
    }
  /* the second finds it gone */
  race_rounds (f, 2, "deals", act_delete_attachment, 1, FCRM_ERROR_NOT_FOUND, FCRM_ERROR_NOT_FOUND);
  g_assert_cmpint (n_attachments (f), ==, 0);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) deal = fcrm_crm_deal_get (f->db->crm, f->ids[i], NULL);
      g_assert_cmpint (deal->version, ==, f->versions[i] + 1);
    }
}

/* A comment written while the lead is converted: on the lead, and on the
 * deal when it came first; never lost, never copied twice. */
static gboolean
act_comment_or_convert (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  g_autoptr(FcrmComment) c = NULL;

  if (racer == 0)
    return act_convert (state, racer, data, value, error);
  c = fcrm_crm_comment_add (state, FCRM_ENTITY_LEAD, ID (data), "Call after six", error);
  return c != NULL;
}

static void
test_comment_convert (Fixture      *f,
                      gconstpointer data)
{
  add_leads (f);
  race_rounds (f, 2, "leads", act_comment_or_convert, 2, FCRM_ERROR_CONFLICT, FCRM_ERROR_CONFLICT);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_assert_cmpuint (n_comments (f, FCRM_ENTITY_LEAD, f->ids[i]), ==, 1);
      g_assert_cmpuint (n_comments (f, FCRM_ENTITY_DEAL, f->values[i]), <=, 1);
    }
}

/* ---- one new call taken on four desktops ---------------------------------------- */

static gboolean
act_incoming_call (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  g_autofree char *phone = g_strdup_printf ("+7 912 111-22-%02u", ((Fixture *) data)->round);
  FcrmCallResult result = { 0 };
  gboolean ok = fcrm_crm_incoming_call (state, phone, &result, error);

  /* the lead, and whether this desktop made it */
  *value = result.lead_id * 2 + result.created;
  return ok;
}

static void
test_incoming_call (Fixture      *f,
                    gconstpointer data)
{
  g_clear_object (&f->db->crm);
  for (guint i = 0; i < ROUNDS; i++)
    {
      FcrmTestRace race = { .n = 4, .location = f->db->location, .act = act_incoming_call, .data = f,
                            /* the first one waits to write, the others for the first */
                            .pg_lock = "LOCK TABLE leads IN EXCLUSIVE MODE" };
      g_autoptr(GArray) racers = NULL;
      guint created = 0;
      gint64 lead = 0;

      f->round = i;
      racers = fcrm_test_race_run (&race);
      g_assert_cmpuint (fcrm_test_race_n_ok (racers), ==, 4);
      for (guint k = 0; k < 4; k++)
        {
          gint64 v = g_array_index (racers, FcrmTestRacer, k).value;

          created += v % 2;
          /* all of them open the same lead */
          g_assert_true (lead == 0 || lead == v / 2);
          lead = v / 2;
        }
      g_assert_cmpuint (created, ==, 1);
      f->ids[i] = lead;
    }

  fcrm_test_db_open (f->db);
  g_assert_cmpint (fcrm_test_n_leads (f->db->crm), ==, ROUNDS);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (f->db->crm, f->ids[i], NULL);

      g_assert_cmpstr (lead->source, ==, "call");
      g_assert_cmpstr (lead->stage, ==, "lead.new");
    }
}

/* ---- two desktops undo the same move ------------------------------------------- */

static gboolean
act_undo (gpointer state, guint racer, gpointer data, gint64 *value, GError **error)
{
  Fixture *f = data;

  return fcrm_crm_undo (state, f->undos[f->round], error);
}

static void
test_undo (Fixture      *f,
           gconstpointer data)
{
  add_deals (f);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GError) error = NULL;

      f->undos[i] = fcrm_crm_snapshot (f->db->crm, FCRM_ENTITY_DEAL, f->ids[i], &error);
      g_assert_no_error (error);
      g_assert_true (fcrm_crm_deal_lose (f->db->crm, f->ids[i], "other", NULL, &error));
      g_assert_no_error (error);
    }
  /* the second finds the move undone already */
  race_rounds (f, 2, "deals", act_undo, 1, FCRM_ERROR_CONFLICT, FCRM_ERROR_CONFLICT);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(FcrmItem) deal = fcrm_crm_deal_get (f->db->crm, f->ids[i], NULL);

      g_assert_cmpstr (deal->stage, ==, "mfg.contract");
      g_assert_cmpint (deal->closed_at, ==, 0);
      assert_history (f, FCRM_ENTITY_DEAL, f->ids[i], "mfg.contract*");
      g_assert_cmpint (fcrm_test_item_n_tasks (f->db->crm, FCRM_ENTITY_DEAL, f->ids[i], NULL), ==, 0);
    }
}

#define ADD(path, fn, data) g_test_add (path, Fixture, data, setup, fn, teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/races/convert", test_convert, NULL);
  ADD ("/races/convert-junk", test_convert_junk, NULL);
  ADD ("/races/win-lose", test_win_lose, NULL);
  ADD ("/races/lose", test_lose_four, NULL);
  ADD ("/races/set/lead", test_set_field, GINT_TO_POINTER (FALSE));
  ADD ("/races/set/deal", test_set_field, GINT_TO_POINTER (TRUE));
  ADD ("/races/participants", test_participants, NULL);
  ADD ("/races/attachment-delete", test_attachment_delete, NULL);
  ADD ("/races/comment-convert", test_comment_convert, NULL);
  ADD ("/races/undo", test_undo, NULL);
  ADD ("/races/incoming-call", test_incoming_call, NULL);
  return g_test_run ();
}
