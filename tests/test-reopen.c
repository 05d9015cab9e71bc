/* Closed items come back (issue 11, SPEC §3.4): a won or lost deal reopened
 * at an open stage of its pipeline, a junk lead restored to In progress —
 * each a new stage entry in the history, whose robots start anew; the
 * refusals write nothing; closed items are listed apart. */

#include "fcrm-test-util.h"

static void
test_deal_reopen (FcrmTestTeam  *f,
                  gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
  g_autoptr(FcrmItem) open = fcrm_test_add_deal (f->crm, "manufacturing", "Pine bed", "anna");
  g_autoptr(FcrmItem) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  g_autofree char *history = NULL;
  FcrmTestSnapshot before;

  fcrm_test_deal_lose (f->crm, deal->id, "expensive", "too dear");
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.production.entry", FCRM_ENTITY_DEAL, deal->id, 0), ==, 0);
  closed = fcrm_crm_closed_page (f->crm, FCRM_ENTITY_DEAL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (closed->len, ==, 1);
  g_assert_cmpint (((FcrmItem *) closed->pdata[0])->id, ==, deal->id);

  /* refusals: an open deal, a closing stage, another pipeline's stage */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_deal_reopen (f->crm, open->id, "mfg.production", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_reopen (f->crm, deal->id, "mfg.won", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_reopen (f->crm, deal->id, "design.design", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_reopen (f->crm, deal->id, "lead.in_progress", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  fcrm_clock_advance (f->db->clock, 3600);
  g_assert_true (fcrm_crm_deal_reopen (f->crm, deal->id, "mfg.production", &error));
  g_assert_no_error (error);
  back = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_cmpstr (back->stage, ==, "mfg.production");
  g_assert_cmpint (back->closed_at, ==, 0);
  g_assert_null (back->loss_reason);
  g_assert_cmpint (back->stage_entered_at, ==, fcrm_clock_now (f->db->clock));
  history = fcrm_test_history (f->crm, FCRM_ENTITY_DEAL, deal->id);
  g_assert_cmpstr (history, ==, "mfg.contract|mfg.lost|mfg.production*");
  /* the stage's robots start anew */
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.production.entry", FCRM_ENTITY_DEAL, deal->id, 0), ==, 1);
  g_clear_pointer (&closed, g_ptr_array_unref);
  closed = fcrm_crm_closed_page (f->crm, FCRM_ENTITY_DEAL, 0, 10, &error);
  g_assert_cmpuint (closed->len, ==, 0);

  /* a won deal comes back too */
  g_assert_true (fcrm_crm_deal_win (f->crm, open->id, &error));
  g_assert_true (fcrm_crm_deal_reopen (f->crm, open->id, "mfg.payment", &error));
  g_assert_no_error (error);
}

static void
test_lead_restore (FcrmTestTeam  *f,
                   gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Call about a sofa", "anna");
  g_autoptr(FcrmItem) other = fcrm_test_add_lead (f->crm, "Wardrobe", "anna");
  g_autoptr(FcrmItem) back = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *history = NULL;
  FcrmTestSnapshot before;

  g_assert_true (fcrm_crm_lead_junk (f->crm, lead->id, "spam?", &error));
  closed = fcrm_crm_closed_page (f->crm, FCRM_ENTITY_LEAD, 0, 10, &error);
  g_assert_cmpuint (closed->len, ==, 1);

  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_lead_restore (f->crm, other->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_lead_restore (f->crm, 999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  g_assert_true (fcrm_crm_lead_restore (f->crm, lead->id, &error));
  g_assert_no_error (error);
  back = fcrm_crm_lead_get (f->crm, lead->id, &error);
  g_assert_cmpstr (back->stage, ==, "lead.in_progress");
  history = fcrm_test_history (f->crm, FCRM_ENTITY_LEAD, lead->id);
  g_assert_cmpstr (history, ==, "lead.new|lead.junk|lead.in_progress*");
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "lead.in_progress.entry", FCRM_ENTITY_LEAD, lead->id, 0), ==, 1);
}

int
main (int argc, char **argv)
{
  fcrm_test_init (&argc, &argv);
  g_test_add ("/reopen/deal", FcrmTestTeam, NULL, fcrm_test_team_setup, test_deal_reopen, fcrm_test_team_teardown);
  g_test_add ("/reopen/lead", FcrmTestTeam, NULL, fcrm_test_team_setup, test_lead_restore, fcrm_test_team_teardown);
  return g_test_run ();
}
