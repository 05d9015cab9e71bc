/* Global search (issue 11): leads, deals, contacts and companies by title,
 * name, company, phone in any formatting and e-mail, Cyrillic in any letter
 * case with ё = е; the search rows follow every change (triggers); the same
 * results on both backends; on a file the search is a walk of the trigram
 * index, never a scan of a table. */

#include "fcrm-test-util.h"
#include "fcrm-clients.h"
#include "fcrm-search.h"

/* "kind:id|kind:id…" of a search */
static char *
found (FcrmCrm    *crm,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fcrm_crm_search (crm, text, 20, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      FcrmSearchResult *r = g_ptr_array_index (list, i);
      g_string_append_printf (s, "%s%s:%" G_GINT64_FORMAT, i > 0 ? "|" : "", r->kind, r->id);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_found(crm, text, expected) \
  G_STMT_START { \
    g_autofree char *got_ = found ((crm), (text)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
test_search (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char *phones[] = { "+7 (926) 555-44-33", NULL };
  const char *emails[] = { "Alena@Example.COM", NULL };
  g_autoptr(FcrmContact) c = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) one = NULL;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  c = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Алёна Ёжикова", .phones = phones, .emails = emails,
                                                           .company = "ООО «Ёлка»" }, &error);
  g_assert_no_error (error);
  lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Кухня из дуба", .name = "Пётр Сидоров",
                                                        .phone = "8 912 345-67-89", .email = "petr@mail.ru",
                                                        .company = "Дубрава" }, &error);
  g_assert_no_error (error);
  deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Шкаф для ЁЛКИ",
                                                        .contact_id = c->id }, &error);
  g_assert_no_error (error);

  /* what each kind of result shows */
  {
    g_autoptr(GPtrArray) deal_company = fcrm_crm_search (db->crm, "ёлк", 20, &error);
    g_autoptr(GPtrArray) contact = fcrm_crm_search (db->crm, "alena@example", 20, &error);
    g_autoptr(GPtrArray) lead_only = fcrm_crm_search (db->crm, "кухня дуба", 20, &error);
    FcrmSearchResult *r;

    g_assert_no_error (error);
    g_assert_cmpuint (deal_company->len, ==, 2);
    r = g_ptr_array_index (deal_company, 0);
    g_assert_cmpstr (r->title, ==, "Шкаф для ЁЛКИ");
    g_assert_true (g_str_has_suffix (r->subtitle, " · Алёна Ёжикова"));
    r = g_ptr_array_index (deal_company, 1);
    g_assert_cmpstr (r->title, ==, "ООО «Ёлка»");
    g_assert_cmpstr (r->subtitle, ==, "");
    r = g_ptr_array_index (contact, 0);
    g_assert_cmpstr (r->title, ==, "Алёна Ёжикова");
    g_assert_cmpstr (r->subtitle, ==, "ООО «Ёлка» · +7 (926) 555-44-33");
    r = g_ptr_array_index (lead_only, 0);
    g_assert_cmpstr (r->title, ==, "Кухня из дуба");
    g_assert_true (g_str_has_suffix (r->subtitle, " · Пётр Сидоров"));
  }
  /* more results of a kind than are described at once: each its own */
  {
    g_autoptr(GPtrArray) many = NULL;

    for (guint i = 0; i < 11; i++)
      {
        g_autofree char *title = g_strdup_printf ("Комод %u", i);
        g_autoptr(FcrmItem) it = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = title }, &error);

        g_assert_no_error (error);
      }
    many = fcrm_crm_search (db->crm, "комод", 20, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (many->len, ==, 11);
    for (guint i = 0; i < many->len; i++)
      {
        FcrmSearchResult *r = g_ptr_array_index (many, i);
        g_autofree char *title = g_strdup_printf ("Комод %u", 10 - i);   /* newest first */

        g_assert_cmpstr (r->title, ==, title);
        g_assert_nonnull (r->subtitle);
      }
  }

  /* phones however typed, by digits in order */
  assert_found (db->crm, "926 555", "deal:1|contact:1");
  assert_found (db->crm, "+7 (926) 555-44-33", "deal:1|contact:1");
  assert_found (db->crm, "8-926-555", "");                 /* "8926555" is not in 79265554433 */
  assert_found (db->crm, "5554433", "deal:1|contact:1");
  assert_found (db->crm, "912 345 67", "lead:1");
  /* Cyrillic in any case, ё = е, both ways */
  assert_found (db->crm, "ЕЖИКОВА", "deal:1|contact:1");
  assert_found (db->crm, "алена", "deal:1|contact:1");
  assert_found (db->crm, "ёлк", "deal:1|company:1");
  /* a deal by its client's name and number */
  assert_found (db->crm, "ежиков", "deal:1|contact:1");
  assert_found (db->crm, "петр", "lead:1");
  assert_found (db->crm, "ДУБ", "lead:1");                  /* title and the company typed on the lead */
  assert_found (db->crm, "кухня дуба", "lead:1");          /* every word */
  assert_found (db->crm, "кухня ёлка", "");
  /* e-mail */
  assert_found (db->crm, "alena@example", "contact:1");
  assert_found (db->crm, "mail.ru", "lead:1");
  /* too short, nothing, odd characters */
  assert_found (db->crm, "ал", "");
  assert_found (db->crm, "", "");
  assert_found (db->crm, "  \t ", "");
  assert_found (db->crm, "\"%_'", "");
  assert_found (db->crm, "zzz", "");

  /* the rows follow the changes */
  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "phones", "+7 900 111-22-33", -1, &error));
  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "name", "Алёна Смирнова", -1, &error));
  g_assert_no_error (error);
  assert_found (db->crm, "926 555", "");
  assert_found (db->crm, "900 111", "deal:1|contact:1");
  assert_found (db->crm, "ежиков", "");
  assert_found (db->crm, "смирнов", "deal:1|contact:1");
  /* the deal's client changes: it is found by the new one */
  {
    g_autoptr(FcrmContact) other = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Борис Гусев" }, &error);

    g_assert_no_error (error);
    fcrm_test_exec (db->crm, "UPDATE deals SET contact_id = (SELECT max (id) FROM contacts)");
    assert_found (db->crm, "гусев", "deal:1|contact:2");
    assert_found (db->crm, "смирнов", "contact:1");
  }
  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "title", "Стол", -1, &error));
  g_assert_no_error (error);
  assert_found (db->crm, "кухня", "");
  g_assert_true (fcrm_crm_company_set (db->crm, c->company_id, "inn", "7707083893", -1, &error));
  assert_found (db->crm, "7707083", "company:1");
  /* a short limit keeps the newest */
  one = fcrm_crm_search (db->crm, "ёлк", 1, &error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (((FcrmSearchResult *) one->pdata[0])->kind, ==, "company");
}

/* The trigram index answers; no table is scanned. */
/* Demo data is a bulk load (its search rows written set-wise at the end):
 * its leads, contacts and the deals of a contact are found by phone as
 * those written one by one are, and what is added afterwards is found too. */
static void
test_after_bulk_demo (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autofree char *lead_phone = NULL, *contact_phone = NULL, *got = NULL, *want = NULL;
  gint64 lead_id, contact_id, deal_id;

  g_assert_true (fcrm_crm_demo (db->crm, &(FcrmDemoOptions) { 200, 200, 100, 4 }, &error));
  g_assert_no_error (error);

  lead_id = fcrm_test_int (db->crm, "SELECT max(id) FROM leads");
  lead_phone = fcrm_test_text1 (db->crm, "SELECT phone_norm FROM leads WHERE id = ?", lead_id);
  got = found (db->crm, lead_phone);
  want = g_strdup_printf ("lead:%" G_GINT64_FORMAT, lead_id);
  g_assert_nonnull (strstr (got, want));

  deal_id = fcrm_test_int (db->crm, "SELECT max(id) FROM deals WHERE contact_id IS NOT NULL");
  contact_id = fcrm_test_int1 (db->crm, "SELECT contact_id FROM deals WHERE id = ?", deal_id);
  contact_phone = fcrm_test_text1 (db->crm, "SELECT min(phone_norm) FROM contact_phones WHERE contact_id = ?", contact_id);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&want, g_free);
  got = found (db->crm, contact_phone);
  want = g_strdup_printf ("deal:%" G_GINT64_FORMAT, deal_id);
  g_assert_nonnull (strstr (got, want));
  g_clear_pointer (&want, g_free);
  want = g_strdup_printf ("contact:%" G_GINT64_FORMAT, contact_id);
  g_assert_nonnull (strstr (got, want));

  /* the triggers are back: a lead added now is found */
  fcrm_test_set_actor (db->crm, "anna");
  lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Гардеробная Квазимодо" }, &error);
  g_assert_no_error (error);
  g_clear_pointer (&want, g_free);
  want = g_strdup_printf ("lead:%" G_GINT64_FORMAT, lead->id);
  assert_found (db->crm, "квазимодо", want);
}

static void
test_plan (void)
{
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  FcrmStmt *stmt;

  db = fcrm_test_db_new ();
  if (fcrm_test_is_pg ())
    {
      /* the server: the trigram index, whatever the table's size (a small
       * one would be read whole, cheaper than any index) */
      FcrmStore *store = fcrm_crm_get_store (db->crm);

      g_assert_true (fcrm_store_exec (store, "SET enable_seqscan = off", &error));
      sql = g_strconcat ("EXPLAIN ", fcrm_crm_search_statement (db->crm, 2), NULL);
      stmt = fcrm_store_prepare (store, g_intern_string (sql), &error);
      g_assert_no_error (error);
      fcrm_stmt_bind_text (stmt, 1, "%abc%");
      fcrm_stmt_bind_text (stmt, 2, "%def%");
      fcrm_stmt_bind_int64 (stmt, 3, 10);
      while (fcrm_stmt_step (stmt, &error))
        g_string_append_printf (plan, "%s\n", fcrm_stmt_get_text (stmt, 0));
      g_assert_no_error (error);
      fcrm_stmt_reset (stmt);
      g_test_message ("%s", plan->str);
      g_assert_nonnull (strstr (plan->str, "search_index_trgm"));
      return;
    }
  sql = g_strconcat ("EXPLAIN QUERY PLAN ", fcrm_crm_search_statement (db->crm, 2), NULL);
  stmt = fcrm_store_prepare (fcrm_crm_get_store (db->crm), g_intern_string (sql), &error);
  g_assert_no_error (error);
  fcrm_stmt_bind_text (stmt, 1, "\"abc\" AND \"def\"");
  fcrm_stmt_bind_int64 (stmt, 2, 10);
  while (fcrm_stmt_step (stmt, &error))
    g_string_append_printf (plan, "%s\n", fcrm_stmt_get_text (stmt, 3));
  g_assert_no_error (error);
  fcrm_stmt_reset (stmt);
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "VIRTUAL TABLE INDEX"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

int
main (int argc, char **argv)
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/search/find", test_search);
  g_test_add_func ("/search/plan", test_plan);
  g_test_add_func ("/search/after-bulk-demo", test_after_bulk_demo);
  return g_test_run ();
}
