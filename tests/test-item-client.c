/* The client of a lead or deal (issue 11): changing it from the card or
 * `deal set ID contact_id N` — the contact's company follows, unknown ids and
 * stale versions write nothing, the timeline says who changed it to whom; a
 * new contact made and linked in one go; a repair deal's client's
 * Manufacturing deals, latest installation first. */

#include "fcrm-test-util.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"

typedef FcrmTestTeam Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  fcrm_test_team_setup (f, data);
  fcrm_test_set_actor (f->crm, "anna");
  f->deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
}

static FcrmContact *
add_contact (FcrmCrm    *crm,
             const char *name,
             const char *phone,
             const char *company)
{
  g_autoptr(GError) error = NULL;
  const char *phones[] = { phone, NULL };
  FcrmContact *c = fcrm_crm_contact_add (crm, &(FcrmContactInput) {
      .name = name, .phones = phone != NULL ? phones : NULL, .company = company }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
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

/* The newest comment's text, or "" */
static char *
last_comment (FcrmCrm        *crm,
              FcrmEntityType  type,
              gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = fcrm_crm_comments (crm, type, id, &error);

  g_assert_no_error (error);
  return g_strdup (comments->len > 0 ? ((FcrmComment *) g_ptr_array_index (comments, 0))->text : "");
}

static void
test_change (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(FcrmContact) ivan = add_contact (f->crm, "Ivan Petrov", "+7 926 555-44-33", "Oak & Co");
  g_autoptr(FcrmContact) maria = add_contact (f->crm, "Maria Sidorova", NULL, NULL);
  g_autoptr(FcrmItem) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  gint64 id = f->deal->id, version = f->deal->version;

  /* the contact brings their company */
  fcrm_clock_advance (f->db->clock, 60);
  g_assert_true (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, id, ivan->id, -1, version, &error));
  g_assert_no_error (error);
  d = get_item (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpint (d->contact_id, ==, ivan->id);
  g_assert_cmpstr (d->contact_name, ==, "Ivan Petrov");
  g_assert_cmpint (d->company_id, ==, ivan->company_id);
  g_assert_cmpstr (d->company_name, ==, "Oak & Co");
  g_assert_cmpint (d->version, ==, version + 1);
  g_assert_cmpint (d->updated_at, ==, fcrm_clock_now (f->db->clock));
  comment = last_comment (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpstr (comment, ==, "Client set: Ivan Petrov.");

  /* a stale version: nothing written */
  g_assert_false (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, id, maria->id, -1, version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  /* unknown contact or company: nothing written */
  g_assert_false (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, id, 999999, -1, -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, id, maria->id, 999999, -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* an unknown item */
  g_assert_false (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, 999999, maria->id, -1, -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(FcrmItem) same = get_item (f->crm, FCRM_ENTITY_DEAL, id);
    g_autofree char *same_comment = last_comment (f->crm, FCRM_ENTITY_DEAL, id);

    g_assert_cmpint (same->contact_id, ==, ivan->id);
    g_assert_cmpint (same->version, ==, d->version);
    g_assert_cmpstr (same_comment, ==, comment);
  }

  /* the same client again: no change, no line */
  g_assert_true (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, id, ivan->id, -1, d->version, &error));
  {
    g_autoptr(FcrmItem) same = get_item (f->crm, FCRM_ENTITY_DEAL, id);

    g_assert_cmpint (same->version, ==, d->version);
  }

  /* another client without a company: the company goes too */
  g_assert_true (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_DEAL, id, maria->id, -1, d->version, &error));
  g_clear_object (&d);
  d = get_item (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpint (d->contact_id, ==, maria->id);
  g_assert_cmpint (d->company_id, ==, 0);
  g_clear_pointer (&comment, g_free);
  comment = last_comment (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpstr (comment, ==, "Client changed from Ivan Petrov to Maria Sidorova.");

  /* the CLI's form: `deal set ID company_id N` keeps the contact */
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, ivan->company_id);

    g_assert_true (fcrm_crm_deal_set (f->crm, id, "company_id", text, -1, &error));
    g_assert_no_error (error);
    g_clear_object (&d);
    d = get_item (f->crm, FCRM_ENTITY_DEAL, id);
    g_assert_cmpint (d->contact_id, ==, maria->id);
    g_assert_cmpint (d->company_id, ==, ivan->company_id);
  }
  g_assert_false (fcrm_crm_deal_set (f->crm, id, "contact_id", "Ivan", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (fcrm_crm_deal_set (f->crm, id, "contact_id", "", -1, &error));
  g_assert_no_error (error);
  g_clear_object (&d);
  d = get_item (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpint (d->contact_id, ==, 0);
  g_assert_cmpint (d->company_id, ==, 0);
  g_clear_pointer (&comment, g_free);
  comment = last_comment (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpstr (comment, ==, "Client removed (was Maria Sidorova).");
}

/* A lead keeps what was typed on it; the link is the contact's card. */
static void
test_lead (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Sofa", "anna");
  g_autoptr(FcrmContact) ivan = add_contact (f->crm, "Ivan Petrov", NULL, NULL);
  g_autoptr(FcrmItem) l = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, ivan->id);

  g_assert_true (fcrm_crm_lead_set (f->crm, lead->id, "name", "Ivan", -1, &error));
  g_assert_true (fcrm_crm_lead_set (f->crm, lead->id, "contact_id", text, -1, &error));
  g_assert_no_error (error);
  l = get_item (f->crm, FCRM_ENTITY_LEAD, lead->id);
  g_assert_cmpint (l->contact_id, ==, ivan->id);
  g_assert_cmpstr (l->name, ==, "Ivan");
  g_assert_cmpstr (fcrm_item_get_client (l), ==, "Ivan Petrov");
}

static void
test_new_contact (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(FcrmContact) c = NULL;
  g_autoptr(FcrmItem) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 contact = 0, id = f->deal->id;

  /* bad input and a stale version make no contact */
  g_assert_false (fcrm_crm_item_set_new_contact (f->crm, FCRM_ENTITY_DEAL, id, "  ", NULL, -1, &contact, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_item_set_new_contact (f->crm, FCRM_ENTITY_DEAL, id, "Olga", "call me", -1, &contact, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_item_set_new_contact (f->crm, FCRM_ENTITY_DEAL, id, "Olga", NULL, f->deal->version + 5,
                                                 &contact, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  all = fcrm_crm_contact_page (f->crm, NULL, FCRM_CLIENT_SORT_ID, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);

  g_assert_true (fcrm_crm_item_set_new_contact (f->crm, FCRM_ENTITY_DEAL, id, " Olga Smirnova ", "+7 916 111-22-33",
                                                f->deal->version, &contact, &error));
  g_assert_no_error (error);
  c = fcrm_crm_contact_get (f->crm, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->name, ==, "Olga Smirnova");
  g_assert_cmpuint (c->phones->len, ==, 1);
  g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (c->phones, 0))->value, ==, "+7 916 111-22-33");
  d = get_item (f->crm, FCRM_ENTITY_DEAL, id);
  g_assert_cmpint (d->contact_id, ==, contact);
  g_assert_cmpint (d->version, ==, f->deal->version + 1);
}

static FcrmItem *
add_deal (Fixture    *f,
          const char *pipeline,
          const char *title,
          gint64      contact,
          gint64      company)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *d = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = pipeline, .title = title,
                                                              .contact_id = contact, .company_id = company },
                                   &error);

  g_assert_no_error (error);
  return d;
}

static void
test_manufacturing (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(FcrmContact) olga = add_contact (f->crm, "Olga", NULL, "Firm");
  g_autoptr(FcrmContact) other = add_contact (f->crm, "Other", NULL, NULL);
  g_autoptr(FcrmItem) table = add_deal (f, "manufacturing", "Table", olga->id, 0);
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Kitchen", olga->id, 0);
  g_autoptr(FcrmItem) undated = add_deal (f, "manufacturing", "Shelf", olga->id, 0);
  g_autoptr(FcrmItem) firm = add_deal (f, "manufacturing", "Office desk", 0, olga->company_id);
  g_autoptr(FcrmItem) theirs = add_deal (f, "manufacturing", "Not hers", other->id, 0);
  g_autoptr(FcrmItem) repair_of_hers = add_deal (f, "repair", "Old repair", olga->id, 0);
  g_autoptr(FcrmItem) repair = add_deal (f, "repair", "Door", olga->id, olga->company_id);
  g_autoptr(FcrmItem) nobody = add_deal (f, "repair", "Chair", 0, 0);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *titles = NULL;

  fcrm_test_deal_set (f->crm, table->id, "delivery_date", "2024-05-01");
  fcrm_test_deal_set (f->crm, kitchen->id, "delivery_date", "2025-02-20");
  fcrm_test_deal_set (f->crm, kitchen->id, "installation_date", "2025-03-10");
  fcrm_test_deal_set (f->crm, firm->id, "installation_date", "2024-09-01");
  fcrm_test_deal_set (f->crm, theirs->id, "installation_date", "2025-06-01");
  g_assert_true (fcrm_crm_deal_win (f->crm, table->id, &error));

  list = fcrm_crm_deal_client_manufacturing (f->crm, repair, &error);
  g_assert_no_error (error);
  titles = fcrm_test_join (list, G_STRUCT_OFFSET (FcrmItem, title));
  g_assert_cmpstr (titles, ==, "Kitchen|Office desk|Table|Shelf");
  g_clear_pointer (&list, g_ptr_array_unref);

  list = fcrm_crm_deal_client_manufacturing (f->crm, nobody, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  (void) repair_of_hers;
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fcrm_test_team_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  ADD ("/item-client/change", test_change);
  ADD ("/item-client/lead", test_lead);
  ADD ("/item-client/new-contact", test_new_contact);
  ADD ("/item-client/manufacturing", test_manufacturing);
  return g_test_run ();
}
