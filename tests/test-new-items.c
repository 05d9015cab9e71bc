/* What the New menu and the Closed switch of the boards ask the core for
 * (issue 11): a lead with only a title or a name, a deal with a new client
 * in one transaction, and closed leads and deals by pipeline and period,
 * newest first, a page at a time. Bad input writes nothing. */

#include "fcrm-test-util.h"
#include "fcrm-clients.h"

static void
test_lead_without_phone (FcrmTestTeam  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) titled = NULL;
  g_autoptr(FcrmItem) named = NULL;
  FcrmTestSnapshot before;
  FcrmLeadInput title_only = { .title = "Kitchen for the dacha" };
  FcrmLeadInput name_only = { .name = "Ольга Петрова" };
  FcrmLeadInput nothing = { .title = "  ", .comment = "just a comment" };

  titled = fcrm_crm_lead_add (f->crm, &title_only, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (titled->title, ==, "Kitchen for the dacha");
  g_assert_null (titled->phone);
  named = fcrm_crm_lead_add (f->crm, &name_only, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (named->name, ==, "Ольга Петрова");
  g_assert_nonnull (named->title);

  fcrm_test_snapshot (f->crm, &before);
  g_assert_null (fcrm_crm_lead_add (f->crm, &nothing, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  fcrm_test_assert_unchanged (f->crm, &before);
}

static void
test_deal_with_client (FcrmTestTeam  *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) bare = NULL;
  g_autoptr(FcrmContact) contact = NULL;
  FcrmTestSnapshot before;
  const char *phones[] = { "+7 926 555-44-33", NULL };
  const char *bad_phones[] = { "12", NULL };
  FcrmDealInput input = { .pipeline = "design", .title = "Living room design", .budget = "150 000" };
  FcrmDealInput untitled = { .pipeline = "design", .title = "" };
  FcrmContactInput client = { .name = "Иван Смирнов", .phones = phones, .company = "ООО Ромашка" };
  FcrmContactInput bad_client = { .name = "Иван", .phones = bad_phones };
  FcrmContactInput empty_client = { .name = " " };

  /* refusals: a bad phone, a deal without a title (after a good client) */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_null (fcrm_crm_deal_add_with_client (f->crm, &input, &bad_client, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_deal_add_with_client (f->crm, &untitled, &client, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  deal = fcrm_crm_deal_add_with_client (f->crm, &input, &client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deal->pipeline, ==, "design");
  g_assert_cmpint (deal->budget, ==, 15000000);
  g_assert_cmpint (deal->contact_id, >, 0);
  g_assert_cmpint (deal->company_id, >, 0);
  contact = fcrm_crm_contact_get (f->crm, deal->contact_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->name, ==, "Иван Смирнов");
  g_assert_cmpstr (contact->company_name, ==, "ООО Ромашка");
  g_assert_cmpuint (contact->phones->len, ==, 1);

  /* no client given: a deal alone */
  bare = fcrm_crm_deal_add_with_client (f->crm, &input, &empty_client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bare->contact_id, ==, 0);
}

static GPtrArray *
closed (FcrmTestTeam   *f,
        FcrmEntityType  type,
        const char     *pipeline,
        gint64          since,
        gint64          before_id,
        guint           limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *page = fcrm_crm_closed_page_filtered (f->crm, type, pipeline, since, before_id, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static gint64
id_at (GPtrArray *page,
       guint      i)
{
  return ((FcrmItem *) g_ptr_array_index (page, i))->id;
}

static void
test_closed_filtered (FcrmTestTeam  *f,
                      gconstpointer  data)
{
  g_autoptr(FcrmItem) old = fcrm_test_add_deal (f->crm, "manufacturing", "Old wardrobe", "anna");
  g_autoptr(FcrmItem) won = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
  g_autoptr(FcrmItem) lost = fcrm_test_add_deal (f->crm, "manufacturing", "Pine bed", "anna");
  g_autoptr(FcrmItem) open = fcrm_test_add_deal (f->crm, "manufacturing", "Still open", "anna");
  g_autoptr(FcrmItem) design = fcrm_test_add_deal (f->crm, "design", "Design won", "anna");
  g_autoptr(FcrmItem) junk = fcrm_test_add_lead (f->crm, "Spam", "anna");
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Real", "anna");
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 month_ago;

  g_assert_true (fcrm_crm_deal_win (f->crm, old->id, &error));
  fcrm_clock_advance (f->db->clock, 40 * 24 * 3600);
  month_ago = fcrm_clock_now (f->db->clock) - 30 * 24 * 3600;
  g_assert_true (fcrm_crm_deal_win (f->crm, won->id, &error));
  fcrm_test_deal_lose (f->crm, lost->id, "expensive", NULL);
  g_assert_true (fcrm_crm_deal_win (f->crm, design->id, &error));
  g_assert_true (fcrm_crm_lead_junk (f->crm, junk->id, NULL, &error));
  g_assert_no_error (error);

  /* all time: newest first, this pipeline only, open ones left out */
  page = closed (f, FCRM_ENTITY_DEAL, "manufacturing", 0, 0, 10);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpint (id_at (page, 0), ==, lost->id);
  g_assert_cmpint (id_at (page, 1), ==, won->id);
  g_assert_cmpint (id_at (page, 2), ==, old->id);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* pages continue below the last id read */
  page = closed (f, FCRM_ENTITY_DEAL, "manufacturing", 0, 0, 2);
  g_assert_cmpuint (page->len, ==, 2);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = closed (f, FCRM_ENTITY_DEAL, "manufacturing", 0, won->id, 2);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (id_at (page, 0), ==, old->id);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* the last month: the old win is left out */
  page = closed (f, FCRM_ENTITY_DEAL, "manufacturing", month_ago, 0, 10);
  g_assert_cmpuint (page->len, ==, 2);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = closed (f, FCRM_ENTITY_DEAL, "design", 0, 0, 10);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (id_at (page, 0), ==, design->id);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = closed (f, FCRM_ENTITY_LEAD, NULL, month_ago, 0, 10);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (id_at (page, 0), ==, junk->id);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* a reopened deal leaves the list */
  g_assert_true (fcrm_crm_deal_reopen (f->crm, won->id, "mfg.production", &error));
  page = closed (f, FCRM_ENTITY_DEAL, "manufacturing", month_ago, 0, 10);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (id_at (page, 0), ==, lost->id);
  g_clear_pointer (&page, g_ptr_array_unref);

  g_assert_null (fcrm_crm_closed_page_filtered (f->crm, FCRM_ENTITY_DEAL, "lead", 0, 0, 10, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  (void) open;
  (void) lead;
}

int
main (int argc, char **argv)
{
  fcrm_test_init (&argc, &argv);
  g_test_add ("/new-items/lead-without-phone", FcrmTestTeam, NULL, fcrm_test_team_setup, test_lead_without_phone, fcrm_test_team_teardown);
  g_test_add ("/new-items/deal-with-client", FcrmTestTeam, NULL, fcrm_test_team_setup, test_deal_with_client, fcrm_test_team_teardown);
  g_test_add ("/new-items/closed-filtered", FcrmTestTeam, NULL, fcrm_test_team_setup, test_closed_filtered, fcrm_test_team_teardown);
  return g_test_run ();
}
