/* Undo of board moves: a plain move, a conversion, a loss, a win, the
 * hand-over to manufacturing, and refusal once the item moved again. */

#include "fcrm-test-util.h"
#include "fcrm-robots.h"
#include "fcrm-undo.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  fcrm_test_add_user (f->crm, "anna", "manager");
  fcrm_test_add_user (f->crm, "boss", "supervisor");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

static FcrmUndo *
snapshot (Fixture *f, FcrmEntityType type, gint64 id)
{
  g_autoptr(GError) error = NULL;
  FcrmUndo *undo = fcrm_crm_snapshot (f->crm, type, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (undo);
  return undo;
}

static void
undo_ok (Fixture *f, FcrmUndo *undo)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_undo (f->crm, undo, &error));
  g_assert_no_error (error);
}

static void
test_plain_move (Fixture *f, gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Kitchen", "anna");
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(GError) error = NULL;
  gint64 notifications, entries, open;

  fcrm_clock_advance (f->db->clock, 3600);
  notifications = fcrm_test_n_notifications (f->crm, "*");
  entries = fcrm_test_n_history (f->crm, NULL);
  undo = snapshot (f, FCRM_ENTITY_LEAD, lead->id);
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.in_progress", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "*"), ==, notifications + 1);

  undo_ok (f, undo);
  after = fcrm_crm_lead_get (f->crm, lead->id, &error);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  g_assert_cmpint (after->stage_entered_at, ==, lead->stage_entered_at);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "*"), ==, notifications);
  g_assert_cmpint (fcrm_test_n_history (f->crm, &open), ==, entries);
  g_assert_cmpint (open, ==, 1);
  /* the reopened entry's reminder still waits: it fires at +24 h after the original entry */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 2);
  fcrm_clock_set (f->db->clock, lead->stage_entered_at + 24 * 3600 + 1);
  {
    guint fired = 0;
    g_assert_true (fcrm_crm_robots_run (f->crm, &fired, &error));
    g_assert_cmpuint (fired, ==, 1);
  }

  /* undoing twice is refused and changes nothing */
  g_assert_false (fcrm_crm_undo (f->crm, undo, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
}

static void
test_conversion (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) {
                                                  .title = "Wardrobe", .name = "Ivan Petrov", .phone = "+7 912 345-67-89",
                                                  .company = "Uyut", .budget = "120000", .responsible = "anna" }, &error);
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  gint64 deal_id;

  g_assert_no_error (error);
  undo = snapshot (f, FCRM_ENTITY_LEAD, lead->id);
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.to_manufacturing", &error));
  g_assert_no_error (error);
  {
    g_autoptr(FcrmItem) converted = fcrm_crm_lead_get (f->crm, lead->id, &error);
    g_autoptr(GPtrArray) said = NULL;
    g_autofree char *history = NULL;

    g_assert_no_error (error);
    deal_id = converted->deal_id;
    said = fcrm_test_item_notifications (f->crm, FCRM_ENTITY_DEAL, deal_id);
    history = fcrm_test_history (f->crm, FCRM_ENTITY_DEAL, deal_id);
    g_assert_cmpuint (said->len, >, 0);
    g_assert_cmpstr (history, ==, "mfg.contract*");
  }
  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 1);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM companies"), ==, 1);

  undo_ok (f, undo);
  after = fcrm_crm_lead_get (f->crm, lead->id, &error);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  g_assert_cmpint (after->deal_id, ==, 0);
  g_assert_cmpint (after->contact_id, ==, 0);
  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 0);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM companies"), ==, 0);
  /* nothing is left of the deal: what it told and its stages (the only deal there was) */
  {
    g_autoptr(GPtrArray) said = fcrm_test_item_notifications (f->crm, FCRM_ENTITY_DEAL, deal_id);
    g_autofree char *history = fcrm_test_history (f->crm, FCRM_ENTITY_DEAL, deal_id);

    g_assert_cmpuint (said->len, ==, 0);
    g_assert_cmpstr (history, ==, "");
  }
}

static void
test_returning_client_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) first = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) { .name = "Olga", .phone = "89123456789" }, &error);
  g_autoptr(FcrmItem) second = NULL;
  g_autoptr(FcrmUndo) undo = NULL;

  g_assert_true (fcrm_crm_lead_move (f->crm, first->id, "lead.to_design", &error));
  second = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) { .name = "Olga", .phone = "+7 912 345 67 89" }, &error);
  g_assert_no_error (error);
  g_assert_true (second->returning);
  undo = snapshot (f, FCRM_ENTITY_LEAD, second->id);
  g_assert_true (fcrm_crm_lead_move (f->crm, second->id, "lead.to_repair", &error));
  undo_ok (f, undo);
  /* the contact belongs to the first conversion too: it stays */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 1);
}

static void
test_lose_and_win (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "manufacturing", "Kitchen", "anna");
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmUndo) lose = NULL;
  g_autoptr(FcrmUndo) win = NULL;
  gint64 tasks = fcrm_test_n_tasks (f->crm, NULL);

  lose = snapshot (f, FCRM_ENTITY_DEAL, deal->id);
  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "other", NULL, &error));
  g_assert_no_error (error);
  /* the callback and "specify the reason" */
  g_assert_cmpint (fcrm_test_n_tasks (f->crm, NULL), ==, tasks + 2);
  undo_ok (f, lose);
  after = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpstr (after->stage, ==, deal->stage);
  g_assert_null (after->loss_reason);
  g_assert_cmpint (fcrm_test_n_tasks (f->crm, NULL), ==, tasks);
  g_clear_object (&after);

  /* the words typed for "other" go with the loss when it is undone */
  lose = (fcrm_undo_free (lose), snapshot (f, FCRM_ENTITY_DEAL, deal->id));
  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "other", "too far", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_n_tasks (f->crm, NULL), ==, tasks + 1);
  after = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpstr (after->loss_reason_text, ==, "too far");
  g_clear_object (&after);
  undo_ok (f, lose);
  after = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpstr (after->stage, ==, deal->stage);
  g_assert_null (after->loss_reason_text);
  g_assert_cmpint (after->closed_at, ==, 0);
  g_assert_cmpint (fcrm_test_n_tasks (f->crm, NULL), ==, tasks);

  win = snapshot (f, FCRM_ENTITY_DEAL, deal->id);
  g_assert_true (fcrm_crm_deal_win (f->crm, deal->id, &error));
  undo_ok (f, win);
  g_clear_object (&after);
  after = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpint (after->closed_at, ==, 0);
  g_assert_cmpstr (after->stage, ==, deal->stage);
}

static void
test_hand_over (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "design", .title = "Loft",
                                                                           .responsible = "anna" }, &error);
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmUndo) undo = NULL;

  g_assert_no_error (error);
  undo = snapshot (f, FCRM_ENTITY_DEAL, deal->id);
  g_assert_true (fcrm_crm_deal_move (f->crm, deal->id, "design.to_installation", &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  undo_ok (f, undo);
  g_clear_object (&after);
  after = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpstr (after->pipeline, ==, "design");
  g_assert_cmpstr (after->stage, ==, "design.consultation");
}

static void
test_moved_again (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Bed", "anna");
  g_autoptr(FcrmUndo) undo = snapshot (f, FCRM_ENTITY_LEAD, lead->id);

  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.in_progress", &error));
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.new", &error));
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.in_progress", &error));
  g_assert_false (fcrm_crm_undo (f->crm, undo, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
}

int
main (int argc, char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add ("/undo/plain-move", Fixture, NULL, setup, test_plain_move, teardown);
  g_test_add ("/undo/conversion", Fixture, NULL, setup, test_conversion, teardown);
  g_test_add ("/undo/returning-client", Fixture, NULL, setup, test_returning_client_kept, teardown);
  g_test_add ("/undo/lose-and-win", Fixture, NULL, setup, test_lose_and_win, teardown);
  g_test_add ("/undo/hand-over", Fixture, NULL, setup, test_hand_over, teardown);
  g_test_add ("/undo/moved-again", Fixture, NULL, setup, test_moved_again, teardown);
  return g_test_run ();
}
