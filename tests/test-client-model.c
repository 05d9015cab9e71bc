/* The list model of the Contacts and Companies views (issue 11): pages read
 * off the main loop after the last row held, a query that drops what an
 * older one asked for, newest first, and a refresh that reports only the
 * rows that changed (the list keeps its place). */

#include "fcrm-test-util.h"
#include "fcrm-client-model.h"

#define PAGE FCRM_CLIENT_MODEL_PAGE_SIZE

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterate the main context until @done (@model) holds, at most 60 s. */
static void
wait_until (FcrmClientModel *model,
            gboolean       (*done) (FcrmClientModel *model, guint n),
            guint            n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, wake_cb, NULL);

  while (!done (model, n))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
loaded (FcrmClientModel *model,
        guint            n)
{
  return !fcrm_client_model_is_loading (model);
}

static gboolean
holds (FcrmClientModel *model,
       guint            n)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model)) >= n;
}

static gboolean
has_no_more (FcrmClientModel *model,
             guint            n)
{
  return !fcrm_client_model_has_more (model);
}

static gint64
add_contact (FcrmCrm    *crm,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (crm, &(FcrmContactInput) { .name = name }, &error);

  g_assert_no_error (error);
  return c->id;
}

static FcrmContact *
contact_at (FcrmClientModel *model,
            guint            position)
{
  FcrmContact *c = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_true (FCRM_IS_CONTACT (c));
  g_object_unref (c);   /* the model holds it */
  return c;
}

/* "Client 000" … in a scrambled order of adding */
static void
add_clients (FcrmCrm *crm,
             guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %03u", (i * 37) % n);

      add_contact (crm, name);
    }
}

static void
test_paging (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const guint total = 2 * PAGE + 5;
  g_autoptr(FcrmClientModel) model = NULL;

  add_clients (db->crm, total);
  model = fcrm_client_model_new (db->crm, FALSE);
  /* nothing waits for the database: empty until the answer comes */
  g_assert_true (fcrm_client_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == FCRM_TYPE_CONTACT);

  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, PAGE);
  g_assert_true (fcrm_client_model_has_more (model));

  fcrm_client_model_load_more (model);
  fcrm_client_model_load_more (model);   /* one page at a time: a no-op meanwhile */
  wait_until (model, holds, 2 * PAGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2 * PAGE);
  fcrm_client_model_load_more (model);
  wait_until (model, has_no_more, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, total);

  /* by name across the pages, each once */
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *want = g_strdup_printf ("Client %03u", i);

      g_assert_cmpstr (contact_at (model, i)->name, ==, want);
    }
}

static void
test_query_and_sort (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmClientModel) model = NULL;
  gint64 newest;

  add_clients (db->crm, 30);
  newest = add_contact (db->crm, "Ёлкина Алёна");
  model = fcrm_client_model_new (db->crm, FALSE);
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 31);
  g_assert_false (fcrm_client_model_has_more (model));

  /* a query asked right after another: only the last one's rows */
  fcrm_client_model_set_query (model, "Client");
  fcrm_client_model_set_query (model, "client 02");
  g_assert_cmpstr (fcrm_client_model_get_query (model), ==, "client 02");
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  g_assert_cmpstr (contact_at (model, 0)->name, ==, "Client 020");

  /* any letter case, ё = е */
  fcrm_client_model_set_query (model, "ЕЛКИНА");
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* "" is everybody; newest first */
  fcrm_client_model_set_query (model, "");
  g_assert_null (fcrm_client_model_get_query (model));
  fcrm_client_model_set_sort (model, FCRM_CLIENT_SORT_NEWEST);
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 31);
  g_assert_cmpint (contact_at (model, 0)->id, ==, newest);
  for (guint i = 1; i < 31; i++)
    g_assert_cmpint (contact_at (model, i - 1)->id, >, contact_at (model, i)->id);
}

typedef struct
{
  guint calls;
  guint position, removed, added;
} Changes;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

/* A refresh re-reads what is held, and says only which rows changed. */
static void
test_refresh (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmClientModel) model = NULL;
  g_autoptr(GError) error = NULL;
  Changes changes = { 0 };
  FcrmContact *c;

  add_clients (db->crm, PAGE + 10);
  model = fcrm_client_model_new (db->crm, FALSE);
  wait_until (model, loaded, 0);
  fcrm_client_model_load_more (model);
  wait_until (model, has_no_more, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, PAGE + 10);

  /* one card renamed in place (the order stays) */
  c = contact_at (model, 7);
  g_assert_true (fcrm_crm_contact_set (db->crm, c->id, "name", "Client 007 (Ltd)", -1, &error));
  g_assert_no_error (error);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  fcrm_client_model_refresh (model);
  wait_until (model, loaded, 0);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 7);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpstr (contact_at (model, 7)->name, ==, "Client 007 (Ltd)");
  /* both pages held are read again, not just the first */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, PAGE + 10);

  /* nothing changed: nothing said */
  changes.calls = 0;
  fcrm_client_model_refresh (model);
  wait_until (model, loaded, 0);
  g_assert_cmpuint (changes.calls, ==, 0);
}

static void
test_companies (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmClientModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) a = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "Oak", .inn = "7707083893" },
                                                   &error);
  g_autoptr(FcrmCompany) b = fcrm_crm_company_add (db->crm, &(FcrmCompanyInput) { .name = "Elm", .address = "Oak st. 1" },
                                                   &error);
  g_autoptr(FcrmCompany) first = NULL;

  g_assert_no_error (error);
  model = fcrm_client_model_new (db->crm, TRUE);
  g_assert_true (fcrm_client_model_get_companies (model));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == FCRM_TYPE_COMPANY);
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (first->name, ==, "Elm");

  /* by INN digits */
  fcrm_client_model_set_query (model, "770708");
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (first->id, ==, a->id);
  /* by address */
  fcrm_client_model_set_query (model, "oak st");
  wait_until (model, loaded, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (first->id, ==, b->id);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/client-model/paging", test_paging);
  g_test_add_func ("/client-model/query-and-sort", test_query_and_sort);
  g_test_add_func ("/client-model/refresh", test_refresh);
  g_test_add_func ("/client-model/companies", test_companies);
  return g_test_run ();
}
