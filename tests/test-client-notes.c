/* What the contact and company cards need of the core (issue 11): comments
 * and files on a client itself (FCRM_ENTITY_CONTACT, _COMPANY), which keep
 * the card's version and stop its deletion; a card loaded in one job off
 * the main loop; birthdays typed as 15.12.1980 or 1980-12-15. */

#include "fcrm-test-util.h"
#include "fcrm-attachments.h"
#include "fcrm-clients.h"
#include "fcrm-clock.h"
#include "fcrm-comments.h"
#include "fcrm-crm-async.h"
#include "fcrm-error.h"
#include "fcrm-inbox.h"

static void
test_date_forms (void)
{
  g_autoptr(GError) error = NULL;
  gint64 iso = 0, dotted = 0, short_form = 0;

  g_assert_true (fcrm_date_parse ("1980-12-15", &iso, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_date_parse (" 15.12.1980 ", &dotted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (iso, ==, fcrm_test_local_time (1980, 12, 15, 0, 0));
  g_assert_cmpint (dotted, ==, iso);
  g_assert_true (fcrm_date_parse ("5.3.2026", &short_form, &error));
  g_assert_cmpint (short_form, ==, fcrm_test_local_time (2026, 3, 5, 0, 0));

  /* what is not a day of the calendar, or not all of one */
  {
    const char *bad[] = { "31.02.2026", "15.12.1980x", "00.01.2026", "15.13.2026",
                          "1980-12-15x", "", "-1.12.1980" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        gint64 out = 42;

        g_assert_false (fcrm_date_parse (bad[i], &out, &error));
        g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
        g_assert_cmpint (out, ==, 42);
        g_clear_error (&error);
      }
  }
}

static void
test_birthday_dotted (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Мария", .birthday = "01.02.1990" },
                                                   &error);
  g_autoptr(FcrmContact) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (c->birthday, ==, fcrm_test_local_time (1990, 2, 1, 0, 0));
  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "birthday", "15.12.1980", c->version, &error));
  g_assert_no_error (error);
  again = fcrm_crm_contact_get (db->crm, c->id, &error);
  g_assert_cmpint (again->birthday, ==, fcrm_test_local_time (1980, 12, 15, 0, 0));
  g_assert_false (fcrm_crm_contact_set (db->crm, c->id, "birthday", "32.12.1980", again->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
}

static void
test_notes_on_clients (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) firm = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "ООО Ёлка" }, &error);
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Иван" }, &error);
  g_autoptr(FcrmContact) after = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autoptr(FcrmComment) firm_note = NULL;
  g_autoptr(FcrmAttachment) file = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("%PDF-1.4 requisites", 19);

  g_assert_no_error (error);
  note = fcrm_crm_comment_add (db->crm, FCRM_ENTITY_CONTACT, c->id, "  Звонить после 18:00  ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (note->entity_type, ==, FCRM_ENTITY_CONTACT);
  firm_note = fcrm_crm_comment_add (db->crm, FCRM_ENTITY_COMPANY, firm->id, "Pays by invoice", &error);
  g_assert_no_error (error);

  notes = fcrm_crm_comments (db->crm, FCRM_ENTITY_CONTACT, c->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((FcrmComment *) notes->pdata[0])->text, ==, "Звонить после 18:00");
  g_assert_cmpint (((FcrmComment *) notes->pdata[0])->entity_type, ==, FCRM_ENTITY_CONTACT);
  g_clear_pointer (&notes, g_ptr_array_unref);
  /* the company's notes are its own; a lead with the same id has none */
  notes = fcrm_crm_comments (db->crm, FCRM_ENTITY_COMPANY, firm->id, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((FcrmComment *) notes->pdata[0])->text, ==, "Pays by invoice");

  file = fcrm_crm_attach (db->crm, FCRM_ENTITY_COMPANY, firm->id, "requisites.pdf", NULL, content, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file->category, ==, "document");
  files = fcrm_crm_attachments (db->crm, FCRM_ENTITY_COMPANY, firm->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = fcrm_crm_attachments (db->crm, FCRM_ENTITY_CONTACT, c->id, &error);
  g_assert_cmpuint (files->len, ==, 0);

  /* a note is no edit of the card: an editor opened before saves without a conflict */
  after = fcrm_crm_contact_get (db->crm, c->id, &error);
  g_assert_cmpint (after->version, ==, c->version);
  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "address", "Тверская, 1", c->version, &error));
  g_assert_no_error (error);

  /* the note and the file keep the client: deleting is refused, naming them */
  g_assert_false (fcrm_crm_contact_delete (db->crm, c->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_company_delete (db->crm, firm->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  /* once the file is gone, only the note holds the company */
  g_assert_true (fcrm_crm_attachment_delete (db->crm, file->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM attachments"), ==, 0);
}

static void
test_notes_refused (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Иван" }, &error);
  g_autoptr(GBytes) content = g_bytes_new_static ("x", 1);

  g_assert_null (fcrm_crm_comment_add (db->crm, FCRM_ENTITY_CONTACT, c->id + 100, "Hello", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_comment_add (db->crm, FCRM_ENTITY_COMPANY, 999, "Hello", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_comment_add (db->crm, FCRM_ENTITY_CONTACT, c->id, "   ", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_attach (db->crm, FCRM_ENTITY_CONTACT, c->id + 100, "a.txt", NULL, content, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_comments (db->crm, FCRM_ENTITY_CONTACT, c->id + 100, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM comments"), ==, 0);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM attachments"), ==, 0);
  /* with nothing on it, it goes */
  g_clear_error (&error);
  g_assert_true (fcrm_crm_contact_delete (db->crm, c->id, &error));
  g_assert_no_error (error);
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static FcrmCardData *
load (FcrmCrm        *crm,
      FcrmEntityType  type,
      gint64          id,
      GError        **error)
{
  GAsyncResult *result = NULL;
  FcrmCardData *data;

  fcrm_crm_card_load_async (crm, type, id, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  data = fcrm_crm_card_load_finish (crm, result, error);
  g_object_unref (result);
  return data;
}

static void
test_card_load (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Иван", .company = "Ёлка" },
                                                   &error);
  g_autoptr(FcrmContact) other = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Анна", .company = "Ёлка" },
                                                       &error);
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) won = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autoptr(FcrmComment) deal_note = NULL;
  g_autoptr(FcrmTask) later = NULL;
  g_autoptr(FcrmTask) sooner = NULL;
  g_autoptr(FcrmCardData) card = NULL;
  g_autoptr(FcrmCardData) firm = NULL;
  FcrmEntityType type;
  gint64 id;

  g_assert_no_error (error);
  deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Kitchen", .contact_id = c->id,
                                                        .company_id = c->company_id, .budget = "250000" }, &error);
  g_assert_no_error (error);
  won = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Wardrobe", .contact_id = c->id },
                           &error);
  g_assert_no_error (error);
  note = fcrm_crm_comment_add (db->crm, FCRM_ENTITY_CONTACT, c->id, "Prefers WhatsApp", &error);
  g_assert_no_error (error);
  deal_note = fcrm_crm_comment_add (db->crm, FCRM_ENTITY_DEAL, deal->id, "Measured the kitchen", &error);
  g_assert_no_error (error);
  later = fcrm_crm_task_add (db->crm, "Call about the wardrobe", NULL, "2030-01-20", NULL, FCRM_ENTITY_DEAL, won->id, &error);
  g_assert_no_error (error);
  sooner = fcrm_crm_task_add (db->crm, "Send the kitchen quote", NULL, "2030-01-10", NULL, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);

  card = load (db->crm, FCRM_ENTITY_CONTACT, c->id, &error);
  g_assert_no_error (error);
  g_assert_null (card->item);
  g_assert_nonnull (card->contact);
  g_assert_cmpstr (card->contact->name, ==, "Иван");
  g_assert_cmpint (fcrm_card_data_get_entity (card, &type, &id), ==, c->version);
  g_assert_cmpint (type, ==, FCRM_ENTITY_CONTACT);
  g_assert_cmpint (id, ==, c->id);
  g_assert_cmpuint (card->deals->len, ==, 2);
  g_assert_cmpuint (card->leads->len, ==, 0);
  g_assert_cmpuint (card->comments->len, ==, 1);
  /* the deals' own tasks (soonest first) and comments, for the timeline */
  g_assert_cmpuint (card->item_tasks->len, >=, 2);
  g_assert_cmpint (((FcrmTask *) card->item_tasks->pdata[0])->id, ==, sooner->id);
  g_assert_cmpint (((FcrmTask *) card->item_tasks->pdata[1])->id, ==, later->id);
  g_assert_cmpuint (card->item_comments->len, ==, 1);
  g_assert_cmpstr (((FcrmComment *) card->item_comments->pdata[0])->text, ==, "Measured the kitchen");
  g_assert_cmpuint (card->attachments->len, ==, 0);
  g_assert_null (card->contacts);

  firm = load (db->crm, FCRM_ENTITY_COMPANY, c->company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (firm->company->name, ==, "Ёлка");
  g_assert_cmpuint (firm->contacts->len, ==, 2);
  g_assert_cmpstr (((FcrmContact *) firm->contacts->pdata[0])->name, ==, "Анна");
  g_assert_cmpuint (firm->deals->len, ==, 1);
  g_assert_cmpint (((FcrmItem *) firm->deals->pdata[0])->budget, ==, 25000000);
  g_assert_cmpint (fcrm_card_data_get_entity (firm, &type, NULL), >=, 0);
  g_assert_cmpint (type, ==, FCRM_ENTITY_COMPANY);

  g_assert_null (load (db->crm, FCRM_ENTITY_CONTACT, other->id + 50, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/client-notes/date-forms", test_date_forms);
  g_test_add_func ("/client-notes/birthday-dotted", test_birthday_dotted);
  g_test_add_func ("/client-notes/notes", test_notes_on_clients);
  g_test_add_func ("/client-notes/refused", test_notes_refused);
  g_test_add_func ("/client-notes/card-load", test_card_load);
  return g_test_run ();
}
