/* The domain's vocabulary that the GUI and the CLI ask of core (SPEC §2–§3). */

#include "fcrm-test-util.h"
#include "fcrm-vocabulary.h"

static void
test_sources (void)
{
  const char * const *sources = fcrm_lead_sources ();

  g_assert_cmpuint (g_strv_length ((char **) sources), ==, 5);
  g_assert_cmpstr (sources[0], ==, "call");
  g_assert_cmpstr (sources[4], ==, "other");
  /* each has a name of its own */
  for (guint i = 0; sources[i] != NULL; i++)
    {
      g_assert_true (fcrm_source_is_valid (sources[i]));
      g_assert_cmpstr (fcrm_source_display_name (sources[i]), !=, sources[i]);
    }
  g_assert_cmpstr (fcrm_source_display_name ("call"), ==, "Incoming call");
  g_assert_cmpstr (fcrm_source_display_name ("other"), ==, "Other");
  g_assert_false (fcrm_source_is_valid ("fax"));
}

static void
test_stages (void)
{
  g_assert_cmpstr (fcrm_stage_converts_to ("lead.to_design"), ==, "design");
  g_assert_cmpstr (fcrm_stage_converts_to ("lead.to_manufacturing"), ==, "manufacturing");
  g_assert_cmpstr (fcrm_stage_converts_to ("lead.to_repair"), ==, "repair");
  g_assert_null (fcrm_stage_converts_to ("lead.junk"));
  g_assert_null (fcrm_stage_converts_to ("lead.to_"));
  g_assert_null (fcrm_stage_converts_to (NULL));
  g_assert_cmpstr (fcrm_stage_hands_over_to ("design.to_installation"), ==, "manufacturing");
  g_assert_null (fcrm_stage_hands_over_to ("design.approval"));
  g_assert_null (fcrm_stage_hands_over_to ("lead.to_design"));
  g_assert_null (fcrm_stage_hands_over_to (NULL));
  g_assert_true (fcrm_stage_takes_visit_time ("repair.warranty_repair"));
  g_assert_true (fcrm_stage_takes_visit_time ("repair.paid_repair"));
  g_assert_false (fcrm_stage_takes_visit_time ("repair.analysis"));
  g_assert_false (fcrm_stage_takes_visit_time (NULL));
}

static void
test_convert (void)
{
  g_autoptr(FcrmItem) lead = fcrm_item_new (FCRM_ENTITY_LEAD);

  g_assert_cmpint (fcrm_lead_convert_possible (lead), ==, FCRM_CONVERT_DEAL);
  lead->phone = g_strdup ("+7 900");
  lead->company_name = g_strdup ("  ");
  g_assert_cmpint (fcrm_lead_convert_possible (lead), ==, FCRM_CONVERT_DEAL | FCRM_CONVERT_CONTACT);
  g_free (lead->company_name);
  lead->company_name = g_strdup ("Oak & Co");
  g_assert_cmpint (fcrm_lead_convert_possible (lead), ==, FCRM_CONVERT_DEAL | FCRM_CONVERT_CONTACT | FCRM_CONVERT_COMPANY);
  /* a returning client keeps its contact and company */
  lead->contact_id = 7;
  lead->company_id = 3;
  g_assert_cmpint (fcrm_lead_convert_possible (lead), ==, FCRM_CONVERT_DEAL);
}

static void
test_people (void)
{
  g_autoptr(FcrmUser) u = g_object_new (FCRM_TYPE_USER, NULL);

  u->active = TRUE;
  u->role = FCRM_ROLE_MANAGER;
  g_assert_true (fcrm_user_takes_new_leads (u));
  g_assert_true (fcrm_user_may_hold_lead (u));
  u->role = FCRM_ROLE_SUPERVISOR;
  g_assert_false (fcrm_user_takes_new_leads (u));
  g_assert_true (fcrm_user_may_hold_lead (u));
  u->role = FCRM_ROLE_DESIGNER;
  g_assert_false (fcrm_user_takes_new_leads (u));
  g_assert_false (fcrm_user_may_hold_lead (u));
  u->role = FCRM_ROLE_MANAGER;
  u->active = FALSE;
  g_assert_false (fcrm_user_takes_new_leads (u));
  g_assert_false (fcrm_user_may_hold_lead (u));
  g_assert_false (fcrm_user_takes_new_leads (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vocabulary/sources", test_sources);
  g_test_add_func ("/vocabulary/stages", test_stages);
  g_test_add_func ("/vocabulary/convert", test_convert);
  g_test_add_func ("/vocabulary/people", test_people);
  return g_test_run ();
}
