/* A lead's project (SPEC §4, issue 13): delivery, installation, design,
 * measurements, visit and warranty are set on a lead as on a deal, bad input
 * writes nothing, and a conversion carries them into the deal. */

#include "fcrm-test-util.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  fcrm_test_add_user (f->crm, "anna", "manager");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

static FcrmItem *
get_lead (Fixture *f,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_get (f->crm, id, &error);

  g_assert_no_error (error);
  return lead;
}

static void
set_ok (Fixture    *f,
        gint64      id,
        const char *field,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_lead_set (f->crm, id, field, value, -1, &error));
  g_assert_no_error (error);
}

static void
set_project (Fixture *f,
             gint64   id)
{
  set_ok (f, id, "delivery_date", "2026-03-15");
  set_ok (f, id, "installation_date", "16.03.2026");
  set_ok (f, id, "installation_needed", "yes");
  set_ok (f, id, "visit_at", "2026-02-01 10:30");
  set_ok (f, id, "warranty_until", "2027-03-16");
  set_ok (f, id, "design", "Oak veneer, matte fronts");
  set_ok (f, id, "project", "L-shaped, island");
  set_ok (f, id, "measurements", "3.2 m × 2.4 m, ceiling 2.7 m");
}

static void
assert_project (FcrmItem *it)
{
  g_assert_cmpint (it->delivery_date, ==, fcrm_test_local_time (2026, 3, 15, 0, 0));
  g_assert_cmpint (it->installation_date, ==, fcrm_test_local_time (2026, 3, 16, 0, 0));
  g_assert_true (it->installation_needed);
  g_assert_cmpint (it->visit_at, ==, fcrm_test_local_time (2026, 2, 1, 10, 30));
  g_assert_cmpint (it->warranty_until, ==, fcrm_test_local_time (2027, 3, 16, 0, 0));
  g_assert_cmpstr (it->design, ==, "Oak veneer, matte fronts");
  g_assert_cmpstr (it->project, ==, "L-shaped, island");
  g_assert_cmpstr (it->measurements, ==, "3.2 m × 2.4 m, ceiling 2.7 m");
}

static void
test_set (Fixture      *f,
          gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Kitchen", "anna");
  g_autoptr(FcrmItem) again = NULL;
  g_autoptr(FcrmItem) cleared = NULL;

  /* a new lead has no project yet */
  g_assert_cmpint (lead->delivery_date, ==, 0);
  g_assert_false (lead->installation_needed);
  g_assert_null (lead->design);

  set_project (f, lead->id);
  again = get_lead (f, lead->id);
  assert_project (again);
  g_assert_cmpint (again->version, ==, lead->version + 8);

  /* cleared again */
  set_ok (f, lead->id, "delivery_date", "");
  set_ok (f, lead->id, "design", "");
  set_ok (f, lead->id, "installation_needed", "no");
  cleared = get_lead (f, lead->id);
  g_assert_cmpint (cleared->delivery_date, ==, 0);
  g_assert_null (cleared->design);
  g_assert_false (cleared->installation_needed);
}

static void
test_bad_input_writes_nothing (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Wardrobe", "anna");
  g_autoptr(FcrmItem) after = NULL;
  g_autofree char *long_text = g_strnfill (100001, 'x');
  gint64 id;
  const struct { const char *field, *value; } bad[] = {
    { "delivery_date", "the day after" },
    { "installation_date", "2026-02-30" },
    { "warranty_until", "2026-01-01 10:00" },   /* a date, not a moment */
    { "visit_at", "25:99" },
    { "installation_needed", "perhaps" },
    { "measurements", long_text },
  };

  id = lead->id;
  set_ok (f, id, "design", "Walnut");
  g_clear_object (&lead);
  lead = get_lead (f, id);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (fcrm_crm_lead_set (f->crm, lead->id, bad[i].field, bad[i].value, -1, &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      /* a message a person can act on */
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
  after = get_lead (f, lead->id);
  g_assert_cmpint (after->version, ==, lead->version);
  g_assert_cmpint (after->delivery_date, ==, 0);
  g_assert_false (after->installation_needed);
  g_assert_null (after->measurements);
  g_assert_cmpstr (after->design, ==, "Walnut");

  /* a stale editor's write is a conflict, not a lost update */
  {
    g_autoptr(GError) error = NULL;

    set_ok (f, lead->id, "project", "Sliding doors");
    g_assert_false (fcrm_crm_lead_set (f->crm, lead->id, "design", "Ash", lead->version, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  }
}

static void
test_conversion_carries (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Kitchen island", "anna");
  g_autoptr(FcrmItem) converted = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GError) error = NULL;
  FcrmConvertResult result = { 0 };

  set_project (f, lead->id);
  g_assert_true (fcrm_crm_lead_convert (f->crm, lead->id, "design", FCRM_CONVERT_DEFAULT, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.deal_id, >, 0);

  deal = fcrm_crm_deal_get (f->crm, result.deal_id, &error);
  g_assert_no_error (error);
  assert_project (deal);
  /* the lead keeps what it had */
  converted = get_lead (f, lead->id);
  assert_project (converted);
  g_assert_cmpint (converted->deal_id, ==, result.deal_id);
}

static void
test_conversion_of_empty_project (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Shelf", "anna");
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* a move to lead.to_* converts with the defaults: nothing to carry */
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.to_manufacturing", &error));
  g_assert_no_error (error);
  id = lead->id;
  g_clear_object (&lead);
  lead = get_lead (f, id);
  deal = fcrm_crm_deal_get (f->crm, lead->deal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deal->delivery_date, ==, 0);
  g_assert_false (deal->installation_needed);
  g_assert_null (deal->design);
  g_assert_null (deal->measurements);
}

static void
test_unknown_field (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Desk", "anna");
  g_autoptr(GError) error = NULL;

  /* the loss reason stays a deal's */
  g_assert_false (fcrm_crm_lead_set (f->crm, lead->id, "loss_reason_text", "x", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "measurements"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/lead-project/set", test_set);
  ADD ("/lead-project/bad-input-writes-nothing", test_bad_input_writes_nothing);
  ADD ("/lead-project/conversion-carries", test_conversion_carries);
  ADD ("/lead-project/conversion-of-empty-project", test_conversion_of_empty_project);
  ADD ("/lead-project/unknown-field", test_unknown_field);
  return g_test_run ();
}
