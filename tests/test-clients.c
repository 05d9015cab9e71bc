/* Contact and company cards (issue 11): adding with several phones and
 * e-mails of a kind, validation that writes nothing, editing one field with
 * conflict detection, lists paged by name with a query in any letter case
 * (ё = е) and any phone formatting, deleting only what nothing links to. */

#include "fcrm-test-util.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"
#include "fcrm-export.h"
#include "fcrm-table-lists.h"

static FcrmContact *
add_contact (FcrmCrm                *crm,
             const FcrmContactInput *in)
{
  g_autoptr(GError) error = NULL;
  FcrmContact *c = fcrm_crm_contact_add (crm, in, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* "name|name|…" of a contact page */
static char *
names (GPtrArray *list)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "|" : "", ((FcrmContact *) g_ptr_array_index (list, i))->name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
query_names (FcrmCrm    *crm,
             const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fcrm_crm_contact_page (crm, query, FCRM_CLIENT_SORT_NAME, NULL, 100, &error);

  g_assert_no_error (error);
  return names (list);
}

#define assert_query(crm, query, expected) \
  G_STMT_START { \
    g_autofree char *got_ = query_names ((crm), (query)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
test_add_and_read (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char *phones[] = { "+7 (926) 555-44-33", "8 495 123-45-67", NULL };
  const char *kinds[] = { NULL, "work", NULL };
  const char *emails[] = { "Ivan@Example.com", NULL };
  g_autoptr(FcrmContact) c = add_contact (db->crm, &(FcrmContactInput) {
      .name = " Иван Петров ", .phones = phones, .phone_kinds = kinds, .emails = emails, .company = "Ёлка",
      .address = "Тверская, 1", .birthday = "1980-05-17", .comment = "VIP" });
  g_autoptr(FcrmContact) again = NULL;
  g_autoptr(FcrmCompany) co = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;

  g_assert_cmpstr (c->name, ==, "Иван Петров");
  g_assert_cmpuint (c->phones->len, ==, 2);
  g_assert_cmpstr (((FcrmContactPoint *) c->phones->pdata[0])->value, ==, "+7 (926) 555-44-33");
  g_assert_cmpstr (((FcrmContactPoint *) c->phones->pdata[0])->kind, ==, "mobile");
  g_assert_cmpstr (((FcrmContactPoint *) c->phones->pdata[1])->kind, ==, "work");
  g_assert_cmpstr (((FcrmContactPoint *) c->emails->pdata[0])->kind, ==, "work");
  g_assert_cmpstr (c->company_name, ==, "Ёлка");
  g_assert_cmpstr (c->address, ==, "Тверская, 1");
  day = fcrm_time_format_date (c->birthday);
  g_assert_cmpstr (day, ==, "1980-05-17");

  /* a second contact of the same company name joins that company */
  again = add_contact (db->crm, &(FcrmContactInput) { .name = "Мария", .company = "Ёлка" });
  g_assert_cmpint (again->company_id, ==, c->company_id);
  co = fcrm_crm_company_get (db->crm, c->company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (co->name, ==, "Ёлка");
  staff = fcrm_crm_company_contacts (db->crm, co->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 2);

  g_assert_null (fcrm_crm_contact_get (db->crm, 999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

/* Each bad input is refused with its message and writes nothing. */
static void
test_bad_input (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char *bad_phone[] = { "+7 926 555-44-33", "call me", NULL };
  const char *bad_email[] = { "not-an-email", NULL };
  const char *bad_kind[] = { "fax", NULL };
  const char *one_phone[] = { "+7 926 555-44-33", NULL };
  const struct { const char *what; FcrmContactInput in; } contacts[] = {
    { "no name", { .name = "  " } },
    { "bad phone", { .name = "A", .phones = bad_phone } },
    { "bad e-mail", { .name = "A", .emails = bad_email } },
    { "bad kind", { .name = "A", .phones = one_phone, .phone_kinds = bad_kind } },
    { "bad birthday", { .name = "A", .birthday = "1980-02-30", .company = "New firm" } },
    { "unknown company id", { .name = "A", .company_id = 42 } },
  };
  const FcrmCompanyInput companies[] = {
    { .name = "" },
    { .name = "Firm", .inn = "12345" },
    { .name = "Firm", .inn = "77070838931" },
    { .name = "Firm", .inn = "770708389x" },
    { .name = "Firm", .kpp = "7707010" },
  };
  FcrmTestSnapshot before;

  fcrm_test_snapshot (db->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", contacts[i].what);
      g_assert_null (fcrm_crm_contact_add (db->crm, &contacts[i].in, &error));
      g_assert_nonnull (error);
      g_assert_true (error->code == FCRM_ERROR_INVALID_INPUT || error->code == FCRM_ERROR_NOT_FOUND);
      fcrm_test_assert_unchanged (db->crm, &before);
    }
  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (fcrm_crm_company_add (db->crm, &companies[i], &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      fcrm_test_assert_unchanged (db->crm, &before);
    }
}

static void
test_set (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmContact) c = add_contact (db->crm, &(FcrmContactInput) { .name = "Oleg" });
  g_autoptr(FcrmContact) now = NULL;
  g_autoptr(FcrmCompany) co = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;

  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "phones", "+7 926 111-22-33, work: 8 (495) 765-43-21", c->version,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "company", "Oak & Co", -1, &error));
  g_assert_no_error (error);
  now = fcrm_crm_contact_get (db->crm, c->id, &error);
  g_assert_cmpint (now->version, ==, c->version + 2);
  g_assert_cmpuint (now->phones->len, ==, 2);
  g_assert_cmpstr (((FcrmContactPoint *) now->phones->pdata[1])->kind, ==, "work");
  g_assert_cmpstr (((FcrmContactPoint *) now->phones->pdata[1])->value, ==, "8 (495) 765-43-21");
  g_assert_cmpstr (now->company_name, ==, "Oak & Co");

  /* a stale version: someone else saved meanwhile */
  fcrm_test_snapshot (db->crm, &before);
  g_assert_false (fcrm_crm_contact_set (db->crm, c->id, "name", "Oleg K.", c->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  /* bad values */
  g_assert_false (fcrm_crm_contact_set (db->crm, c->id, "birthday", "the other day", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_set (db->crm, c->id, "emails", "a@b.ru, nonsense", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_set (db->crm, c->id, "name", "", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_set (db->crm, c->id, "shoe_size", "42", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_set (db->crm, 999, "name", "X", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_company_set (db->crm, now->company_id, "inn", "123", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (db->crm, &before);

  g_assert_true (fcrm_crm_company_set (db->crm, now->company_id, "inn", "500100732259", -1, &error));
  g_assert_true (fcrm_crm_company_set (db->crm, now->company_id, "kpp", "7707AB001", -1, &error));
  g_assert_no_error (error);
  co = fcrm_crm_company_get (db->crm, now->company_id, &error);
  g_assert_cmpstr (co->inn, ==, "500100732259");
  g_assert_cmpstr (co->kpp, ==, "7707AB001");
}

static void
test_list (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char *p1[] = { "+7 (926) 555-44-33", NULL };
  const char *p2[] = { "8 912 000 11 22", NULL };
  const char *e3[] = { "Boss@Firm.RU", NULL };
  const char *all[] = { "Алёна Ёжикова", "Boris", "Ivan", "Елена", "Zoe" };
  g_autoptr(GPtrArray) page1 = NULL;
  g_autoptr(GPtrArray) page2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *n1 = NULL, *n2 = NULL;
  FcrmClientKey key;

  g_object_unref (add_contact (db->crm, &(FcrmContactInput) { .name = all[4] }));
  g_object_unref (add_contact (db->crm, &(FcrmContactInput) { .name = all[0], .phones = p1, .company = "Мебель Плюс" }));
  g_object_unref (add_contact (db->crm, &(FcrmContactInput) { .name = all[2], .phones = p2 }));
  g_object_unref (add_contact (db->crm, &(FcrmContactInput) { .name = all[3], .emails = e3 }));
  g_object_unref (add_contact (db->crm, &(FcrmContactInput) { .name = all[1] }));

  assert_query (db->crm, NULL, "Boris|Ivan|Zoe|Алёна Ёжикова|Елена");
  /* letter case and ё = е, both ways */
  assert_query (db->crm, "ЕЖИК", "Алёна Ёжикова");
  assert_query (db->crm, "алена", "Алёна Ёжикова");
  assert_query (db->crm, "е", "Алёна Ёжикова|Елена");
  assert_query (db->crm, "IVAN", "Ivan");
  /* a phone by its digits, however typed */
  assert_query (db->crm, "926 555", "Алёна Ёжикова");
  assert_query (db->crm, "(926)555-44", "Алёна Ёжикова");
  assert_query (db->crm, "0001122", "Ivan");
  /* e-mail and company */
  assert_query (db->crm, "boss@firm", "Елена");
  assert_query (db->crm, "мебель", "Алёна Ёжикова");
  /* LIKE's own characters are plain text */
  assert_query (db->crm, "%", "");
  assert_query (db->crm, "_", "");

  /* pages by name, the next after the last of the one before */
  page1 = fcrm_crm_contact_page (db->crm, NULL, FCRM_CLIENT_SORT_NAME, NULL, 2, &error);
  g_assert_no_error (error);
  n1 = names (page1);
  g_assert_cmpstr (n1, ==, "Boris|Ivan");
  key = (FcrmClientKey) { ((FcrmContact *) page1->pdata[1])->name, ((FcrmContact *) page1->pdata[1])->id };
  page2 = fcrm_crm_contact_page (db->crm, NULL, FCRM_CLIENT_SORT_NAME, &key, 2, &error);
  n2 = names (page2);
  g_assert_cmpstr (n2, ==, "Zoe|Алёна Ёжикова");
  g_clear_pointer (&page2, g_ptr_array_unref);
  g_clear_pointer (&n2, g_free);
  /* by id */
  key = (FcrmClientKey) { NULL, 2 };
  page2 = fcrm_crm_contact_page (db->crm, NULL, FCRM_CLIENT_SORT_ID, &key, 2, &error);
  n2 = names (page2);
  g_assert_cmpstr (n2, ==, "Ivan|Елена");
  g_clear_pointer (&page2, g_ptr_array_unref);
  g_clear_pointer (&n2, g_free);
  /* newest first, the next page below the last id */
  page2 = fcrm_crm_contact_page (db->crm, NULL, FCRM_CLIENT_SORT_NEWEST, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page2->len, >=, 3);
  for (guint i = 1; i < page2->len; i++)
    g_assert_cmpint (((FcrmContact *) page2->pdata[i - 1])->id, >, ((FcrmContact *) page2->pdata[i])->id);
  key = (FcrmClientKey) { NULL, ((FcrmContact *) page2->pdata[1])->id };
  g_clear_pointer (&page1, g_ptr_array_unref);
  page1 = fcrm_crm_contact_page (db->crm, NULL, FCRM_CLIENT_SORT_NEWEST, &key, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page1->len, ==, 1);
  g_assert_cmpint (((FcrmContact *) page1->pdata[0])->id, ==, ((FcrmContact *) page2->pdata[2])->id);
}

static void
test_company_list (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) a = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "ООО «Ёлка»", .inn = "7707083893" },
                                                   &error);
  g_autoptr(FcrmCompany) b = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "Oak Ltd", .address = "Elm st." },
                                                   &error);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_no_error (error);
  found = fcrm_crm_company_page (db->crm, "елка", FCRM_CLIENT_SORT_NAME, NULL, 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((FcrmCompany *) found->pdata[0])->id, ==, a->id);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fcrm_crm_company_page (db->crm, "708389", FCRM_CLIENT_SORT_NAME, NULL, 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fcrm_crm_company_page (db->crm, "ELM", FCRM_CLIENT_SORT_NAME, NULL, 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((FcrmCompany *) found->pdata[0])->id, ==, b->id);
}

/* Deleting refuses while anything links, naming it; then goes. */
static void
test_delete (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmContact) c = add_contact (db->crm, &(FcrmContactInput) { .name = "Linked", .company = "Firm" });
  g_autoptr(FcrmContact) lone = add_contact (db->crm, &(FcrmContactInput) { .name = "Alone" });
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Table",
                                                        .contact_id = c->id }, &error);
  g_assert_no_error (error);

  fcrm_test_snapshot (db->crm, &before);
  g_assert_false (fcrm_crm_contact_delete (db->crm, c->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "deals: 1"));
  g_clear_error (&error);
  g_assert_false (fcrm_crm_company_delete (db->crm, c->company_id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "contacts: 1"));
  g_clear_error (&error);
  fcrm_test_assert_unchanged (db->crm, &before);

  g_assert_true (fcrm_crm_contact_delete (db->crm, lone->id, &error));
  g_assert_no_error (error);
  g_assert_null (fcrm_crm_contact_get (db->crm, lone->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_delete (db->crm, lone->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

static gint64
contact_of (FcrmCrm        *crm,
            FcrmEntityType  type,
            gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) it = type == FCRM_ENTITY_LEAD ? fcrm_crm_lead_get (crm, id, &error) : fcrm_crm_deal_get (crm, id, &error);

  g_assert_no_error (error);
  return it->contact_id;
}

static char *
phones_of (FcrmCrm *crm,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_get (crm, id, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < c->phones->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "|" : "", ((FcrmContactPoint *) c->phones->pdata[i])->value);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_phones(crm, id, expected) \
  G_STMT_START { \
    g_autofree char *got_ = phones_of ((crm), (id)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

/* Every link moves to the kept card and back on undo. */
static void
test_merge (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char *pa[] = { "+7 926 555-44-33", NULL };
  const char *pb[] = { "8 (926) 555 44 33", "+7 912 000-11-22", NULL };
  const char *eb[] = { "b@example.com", NULL };
  g_autoptr(FcrmContact) a = add_contact (db->crm, &(FcrmContactInput) { .name = "Ivan", .phones = pa });
  g_autoptr(FcrmContact) b = add_contact (db->crm, &(FcrmContactInput) { .name = "Ivan P.", .phones = pb, .emails = eb,
                                                                         .address = "Street 1", .comment = "from B" });
  g_autoptr(FcrmContact) merged = NULL;
  g_autoptr(FcrmContact) back = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(GError) error = NULL;
  const char *take[] = { "name", NULL };
  const char *bad[] = { "shoe_size", NULL };
  FcrmTestSnapshot before;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  /* a lead from B's second number finds B */
  lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Sofa", .phone = "+7 912 000 11 22" }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lead->contact_id, ==, b->id);
  deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Bed", .contact_id = b->id },
                            &error);
  g_assert_no_error (error);
  fcrm_test_exec (db->crm, "INSERT INTO comments (entity_type, entity_id, text, created_at) "
                           "SELECT 'contact', max (id), 'note on B', 0 FROM contacts");

  dups = fcrm_crm_contact_duplicates (db->crm, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  g_assert_cmpint (((FcrmDuplicate *) dups->pdata[0])->first_id, ==, a->id);
  g_assert_cmpint (((FcrmDuplicate *) dups->pdata[0])->second_id, ==, b->id);
  g_assert_cmpstr (((FcrmDuplicate *) dups->pdata[0])->reason, ==, "phone");

  /* refusals write nothing */
  fcrm_test_snapshot (db->crm, &before);
  g_assert_false (fcrm_crm_contact_merge (db->crm, a->id, a->id, NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_merge (db->crm, a->id, b->id, bad, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_contact_merge (db->crm, a->id, 999, NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (db->crm, &before);

  g_assert_true (fcrm_crm_contact_merge (db->crm, a->id, b->id, take, &undo, &error));
  g_assert_no_error (error);
  merged = fcrm_crm_contact_get (db->crm, a->id, &error);
  g_assert_cmpstr (merged->name, ==, "Ivan P.");       /* chosen */
  g_assert_cmpstr (merged->address, ==, "Street 1");   /* A had none */
  g_assert_cmpstr (merged->comment, ==, "from B");
  assert_phones (db->crm, a->id, "+7 926 555-44-33|+7 912 000-11-22");   /* the same number once */
  g_assert_cmpuint (merged->emails->len, ==, 1);
  g_assert_cmpint (contact_of (db->crm, FCRM_ENTITY_LEAD, lead->id), ==, a->id);
  g_assert_cmpint (contact_of (db->crm, FCRM_ENTITY_DEAL, deal->id), ==, a->id);
  g_assert_cmpint (fcrm_test_int1 (db->crm, "SELECT count(*) FROM comments WHERE entity_type = 'contact' AND entity_id = ?",
                                   a->id), ==, 1);
  g_assert_null (fcrm_crm_contact_get (db->crm, b->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (fcrm_crm_undo (db->crm, undo, &error));
  g_assert_no_error (error);
  back = fcrm_crm_contact_get (db->crm, b->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, "Ivan P.");
  g_assert_cmpstr (back->address, ==, "Street 1");
  g_assert_cmpuint (back->emails->len, ==, 1);
  assert_phones (db->crm, b->id, "8 (926) 555 44 33|+7 912 000-11-22");
  assert_phones (db->crm, a->id, "+7 926 555-44-33");
  g_clear_object (&merged);
  merged = fcrm_crm_contact_get (db->crm, a->id, &error);
  g_assert_cmpstr (merged->name, ==, "Ivan");
  g_assert_null (merged->address);
  g_assert_null (merged->comment);
  g_assert_cmpuint (merged->emails->len, ==, 0);
  g_assert_cmpint (contact_of (db->crm, FCRM_ENTITY_LEAD, lead->id), ==, b->id);
  g_assert_cmpint (contact_of (db->crm, FCRM_ENTITY_DEAL, deal->id), ==, b->id);
  g_assert_cmpint (fcrm_test_int1 (db->crm, "SELECT count(*) FROM comments WHERE entity_type = 'contact' AND entity_id = ?",
                                   b->id), ==, 1);
  /* an undo is used once: the kept card has changed since */
  g_assert_false (fcrm_crm_undo (db->crm, undo, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
}

static void
test_company_merge (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) x = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "Oak" }, &error);
  g_autoptr(FcrmCompany) y = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "Oak", .inn = "7707083893" },
                                                   &error);
  g_autoptr(FcrmContact) staff = add_contact (db->crm, &(FcrmContactInput) { .name = "Olga", .company_id = y->id });
  g_autoptr(FcrmContact) now = NULL;
  g_autoptr(FcrmCompany) kept = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(GPtrArray) dups = fcrm_crm_company_duplicates (db->crm, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  g_assert_cmpstr (((FcrmDuplicate *) dups->pdata[0])->reason, ==, "name");
  g_assert_true (fcrm_crm_company_merge (db->crm, x->id, y->id, NULL, &undo, &error));
  g_assert_no_error (error);
  now = fcrm_crm_contact_get (db->crm, staff->id, &error);
  g_assert_cmpint (now->company_id, ==, x->id);
  kept = fcrm_crm_company_get (db->crm, x->id, &error);
  g_assert_cmpstr (kept->inn, ==, "7707083893");
  g_assert_true (fcrm_crm_undo (db->crm, undo, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = fcrm_crm_contact_get (db->crm, staff->id, &error);
  g_assert_cmpint (now->company_id, ==, y->id);
  g_clear_object (&kept);
  kept = fcrm_crm_company_get (db->crm, x->id, &error);
  g_assert_null (kept->inn);
}

/* A repair deal's warranty comes from the client's latest won Manufacturing deal. */
static void
test_warranty (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmContact) c = add_contact (db->crm, &(FcrmContactInput) { .name = "Olga" });
  g_autoptr(FcrmItem) made = NULL;
  g_autoptr(FcrmItem) older = NULL;
  g_autoptr(FcrmItem) repair = NULL;
  g_autoptr(FcrmItem) stranger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  gint64 until = 0, from = 0;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  older = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Old table", .contact_id = c->id },
                             &error);
  made = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Kitchen", .contact_id = c->id },
                            &error);
  g_assert_no_error (error);
  fcrm_test_deal_set (db->crm, older->id, "delivery_date", "2024-05-01");
  fcrm_test_deal_set (db->crm, made->id, "delivery_date", "2025-02-20");
  fcrm_test_deal_set (db->crm, made->id, "installation_date", "2025-03-10");
  g_assert_true (fcrm_crm_deal_win (db->crm, older->id, &error));
  repair = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "repair", .title = "Door", .contact_id = c->id }, &error);
  g_assert_no_error (error);

  /* not won yet: only the older deal counts */
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, repair, &until, &from, &error), ==, 0);
  g_assert_cmpint (from, ==, older->id);
  g_assert_true (fcrm_crm_deal_win (db->crm, made->id, &error));
  /* installation date, plus 12 months, through the last day */
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, repair, &until, &from, &error), ==, 1);
  g_assert_cmpint (from, ==, made->id);
  day = fcrm_time_format_date (until);
  g_assert_cmpstr (day, ==, "2026-03-10");
  fcrm_clock_set (db->clock, fcrm_test_local_time (2026, 3, 10, 23, 0));
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, repair, NULL, NULL, &error), ==, 1);
  fcrm_clock_set (db->clock, fcrm_test_local_time (2026, 3, 11, 9, 0));
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, repair, NULL, NULL, &error), ==, 0);
  /* Preferences: a longer period */
  fcrm_test_exec (db->crm, "INSERT INTO settings (key, value) VALUES ('warranty_months', '24')");
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, repair, &until, NULL, &error), ==, 1);
  g_clear_pointer (&day, g_free);
  day = fcrm_time_format_date (until);
  g_assert_cmpstr (day, ==, "2027-03-10");
  /* typed by hand wins */
  fcrm_test_deal_set (db->crm, repair->id, "warranty_until", "2026-01-01");
  {
    gint64 id = repair->id;

    g_clear_object (&repair);
    repair = fcrm_crm_deal_get (db->crm, id, &error);
  }
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, repair, &until, &from, &error), ==, 0);
  g_assert_cmpint (from, ==, 0);
  /* no client: unknown */
  stranger = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "repair", .title = "Chair" }, &error);
  g_assert_cmpint (fcrm_crm_deal_warranty (db->crm, stranger, &until, NULL, &error), ==, -1);
  g_assert_cmpint (until, ==, 0);
  g_assert_no_error (error);
}

static gint64
activity_of (FcrmCrm  *crm,
             gboolean  company,
             gint64    id)
{
  g_autoptr(GError) error = NULL;

  if (company)
    {
      g_autoptr(FcrmCompany) c = fcrm_crm_company_get (crm, id, &error);

      g_assert_no_error (error);
      return c->last_activity;
    }
  else
    {
      g_autoptr(FcrmContact) c = fcrm_crm_contact_get (crm, id, &error);

      g_assert_no_error (error);
      return c->last_activity;
    }
}

/* Each thing that happens to a client moves its last activity to now, in
 * the same transaction, and never back; the lists sort by it, latest
 * first, a page after another. */
static void
test_last_activity (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmCrm *crm = db->crm;
  gint64 t0 = fcrm_clock_now (db->clock);
  g_autoptr(FcrmContact) anna = add_contact (crm, &(FcrmContactInput) { .name = "Anna", .company = "Ёлка" });
  g_autoptr(FcrmContact) boris = NULL;
  g_autoptr(FcrmContact) vera = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 at;

  /* added: now */
  g_assert_cmpint (anna->last_activity, ==, t0);
  g_assert_cmpint (activity_of (crm, TRUE, anna->company_id), ==, t0);
  fcrm_clock_advance (db->clock, 60);
  boris = add_contact (crm, &(FcrmContactInput) { .name = "Boris" });
  fcrm_clock_advance (db->clock, 60);
  vera = add_contact (crm, &(FcrmContactInput) { .name = "Vera" });

  /* edited */
  fcrm_clock_advance (db->clock, 3600);
  at = fcrm_clock_now (db->clock);
  g_assert_true (fcrm_crm_contact_set (crm, boris->id, "address", "Тверская, 1", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, boris->id), ==, at);

  /* a comment on the card */
  fcrm_clock_advance (db->clock, 3600);
  note = fcrm_crm_comment_add (crm, FCRM_ENTITY_CONTACT, vera->id, "Called, asked for a quote", &error);
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, vera->id), ==, fcrm_clock_now (db->clock));

  /* a deal of theirs created, moved, commented, closed: each moves it, the
   * company's too */
  fcrm_clock_advance (db->clock, 86400);
  deal = fcrm_crm_deal_add (crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Kitchen",
                                                   .contact_id = anna->id, .company_id = anna->company_id }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, anna->id), ==, fcrm_clock_now (db->clock));
  g_assert_cmpint (activity_of (crm, TRUE, anna->company_id), ==, fcrm_clock_now (db->clock));
  fcrm_clock_advance (db->clock, 86400);
  g_assert_true (fcrm_crm_deal_move (crm, deal->id, "mfg.prepayment", &error));
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, anna->id), ==, fcrm_clock_now (db->clock));
  fcrm_clock_advance (db->clock, 600);
  g_clear_object (&note);
  note = fcrm_crm_comment_add (crm, FCRM_ENTITY_DEAL, deal->id, "Measured", &error);
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, anna->id), ==, fcrm_clock_now (db->clock));

  /* a task of their deal done */
  task = fcrm_crm_task_add (crm, "Send the drawings", NULL, NULL, NULL, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  fcrm_clock_advance (db->clock, 600);
  g_assert_true (fcrm_crm_task_done (crm, task->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, anna->id), ==, fcrm_clock_now (db->clock));
  fcrm_clock_advance (db->clock, 600);
  g_assert_true (fcrm_crm_deal_win (crm, deal->id, &error));
  g_assert_no_error (error);
  at = fcrm_clock_now (db->clock);
  g_assert_cmpint (activity_of (crm, FALSE, anna->id), ==, at);
  g_assert_cmpint (activity_of (crm, TRUE, anna->company_id), ==, at);

  /* a lead of theirs: created and moved */
  lead = fcrm_test_add_lead (crm, "Wardrobe", NULL);
  fcrm_clock_advance (db->clock, 60);
  g_assert_true (fcrm_crm_item_set_client (crm, FCRM_ENTITY_LEAD, lead->id, boris->id, 0, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (activity_of (crm, FALSE, boris->id), ==, fcrm_clock_now (db->clock));

  /* the order: latest first (Boris, Anna, Vera), keyset paged */
  page = fcrm_crm_contact_page (crm, NULL, FCRM_CLIENT_SORT_ACTIVITY, NULL, 2, &error);
  g_assert_no_error (error);
  {
    g_autofree char *got = names (page);
    FcrmContact *last = g_ptr_array_index (page, 1);
    FcrmClientKey key = { NULL, last->id, last->last_activity };
    g_autoptr(GPtrArray) rest = NULL;
    g_autofree char *got_rest = NULL;

    g_assert_cmpstr (got, ==, "Boris|Anna");
    rest = fcrm_crm_contact_page (crm, NULL, FCRM_CLIENT_SORT_ACTIVITY, &key, 2, &error);
    g_assert_no_error (error);
    got_rest = names (rest);
    g_assert_cmpstr (got_rest, ==, "Vera");
  }
  /* the same moment: the higher id first, and the key takes the tie apart */
  fcrm_clock_advance (db->clock, 60);
  g_assert_true (fcrm_crm_contact_set (crm, vera->id, "comment", "VIP", -1, &error));
  g_assert_true (fcrm_crm_contact_set (crm, anna->id, "comment", "VIP", -1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = fcrm_crm_contact_page (crm, NULL, FCRM_CLIENT_SORT_ACTIVITY, NULL, 1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *got = names (page);
    FcrmContact *last = g_ptr_array_index (page, 0);
    FcrmClientKey key = { NULL, last->id, last->last_activity };
    g_autoptr(GPtrArray) rest = fcrm_crm_contact_page (crm, NULL, FCRM_CLIENT_SORT_ACTIVITY, &key, 5, &error);
    g_autofree char *got_rest = names (rest);

    g_assert_cmpstr (got, ==, "Vera");
    g_assert_cmpstr (got_rest, ==, "Anna|Boris");
  }
  /* companies likewise */
  g_clear_pointer (&page, g_ptr_array_unref);
  page = fcrm_crm_company_page (crm, NULL, FCRM_CLIENT_SORT_ACTIVITY, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (((FcrmCompany *) page->pdata[0])->last_activity, ==, at);
}

/* The Contacts and Companies lists exported: the list's filter and order,
 * every phone, linked rows, written as CSV with its BOM. */
static void
test_export_table (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char *phones[] = { "+7 926 555-44-33", "8 495 123-45-67", NULL };
  g_autoptr(FcrmContact) ivan = add_contact (db->crm, &(FcrmContactInput) {
      .name = "Иван Петров", .phones = phones, .company = "Ёлка", .address = "Тверская, 1" });
  g_autoptr(FcrmContact) anna = add_contact (db->crm, &(FcrmContactInput) { .name = "Anna" });
  g_autoptr(FcrmContact) boris = add_contact (db->crm, &(FcrmContactInput) { .name = "Boris", .company = "Ёлка" });
  g_autoptr(FcrmTable) all = NULL;
  g_autoptr(FcrmTable) filtered = NULL;
  g_autoptr(FcrmTable) firms = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *type = NULL;
  gint64 id = 0;
  int phones_col;

  all = fcrm_table_read_clients (db->crm, FALSE, NULL, FCRM_CLIENT_SORT_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fcrm_table_get_title (all), ==, "Contacts");
  g_assert_cmpuint (fcrm_table_get_n_rows (all), ==, 3);
  g_assert_cmpstr (fcrm_table_get_text (all, 0, (guint) fcrm_table_find_column (all, "name")), ==, "Anna");
  g_assert_cmpstr (fcrm_table_get_text (all, 2, (guint) fcrm_table_find_column (all, "name")), ==, "Иван Петров");
  phones_col = fcrm_table_find_column (all, "phones");
  g_assert_cmpstr (fcrm_table_get_text (all, 2, (guint) phones_col), ==, "+7 926 555-44-33, 8 495 123-45-67");
  g_assert_true (fcrm_table_get_row_link (all, 2, &type, &id));
  g_assert_cmpstr (type, ==, "contact");
  g_assert_cmpint (id, ==, ivan->id);

  /* what the list shows when filtered: the company's people, by last activity */
  fcrm_clock_advance (db->clock, 60);
  g_assert_true (fcrm_crm_contact_set (db->crm, ivan->id, "comment", "VIP", -1, &error));
  g_assert_no_error (error);
  filtered = fcrm_table_read_clients (db->crm, FALSE, "ёлка", FCRM_CLIENT_SORT_ACTIVITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fcrm_table_get_n_rows (filtered), ==, 2);
  g_assert_cmpstr (fcrm_table_get_text (filtered, 0, 1), ==, "Иван Петров");
  g_assert_cmpstr (fcrm_table_get_text (filtered, 1, 1), ==, "Boris");

  csv = fcrm_export_csv_bytes (filtered, ';');
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (text, "Иван Петров"));
  g_assert_null (strstr (text, "Anna"));

  firms = fcrm_table_read_clients (db->crm, TRUE, NULL, FCRM_CLIENT_SORT_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fcrm_table_get_title (firms), ==, "Companies");
  g_assert_cmpuint (fcrm_table_get_n_rows (firms), ==, 1);
  g_assert_cmpstr (fcrm_table_get_text (firms, 0, 1), ==, "Ёлка");
  g_assert_true (fcrm_table_get_row_link (firms, 0, &type, &id));
  g_assert_cmpstr (type, ==, "company");
  g_assert_cmpint (id, ==, ivan->company_id);
  (void) anna;
  (void) boris;
}

int
main (int argc, char **argv)
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/clients/add-and-read", test_add_and_read);
  g_test_add_func ("/clients/bad-input", test_bad_input);
  g_test_add_func ("/clients/set", test_set);
  g_test_add_func ("/clients/list", test_list);
  g_test_add_func ("/clients/company-list", test_company_list);
  g_test_add_func ("/clients/delete", test_delete);
  g_test_add_func ("/clients/merge", test_merge);
  g_test_add_func ("/clients/company-merge", test_company_merge);
  g_test_add_func ("/clients/warranty", test_warranty);
  g_test_add_func ("/clients/last-activity", test_last_activity);
  g_test_add_func ("/clients/export-table", test_export_table);
  return g_test_run ();
}
