#define G_LOG_DOMAIN "test-clients-view"

/* The Contacts and Companies views (issue 11): rows read off the main loop
 * a page at a time as the list scrolls, live filtering, counts, a row
 * opening its card through app.open-item, and merging two cards (from the
 * suggested duplicates or from two selected rows) with Undo in a toast. */

#include "fcrm-clients.h"
#include "fcrm-error.h"
#include "fcrm-clients-view.h"
#include "fcrm-comments.h"
#include "fcrm-duplicates-popover.h"
#include "fcrm-merge-dialog.h"
#include "fcrm-gui-test.h"

typedef struct
{
  FcrmGuiFixture   base;
  GtkWidget       *window;
  FcrmClientsView *view;
  GPtrArray       *opened;   /* "kind:id" of each app.open-item */
} Fixture;

static void
open_item_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  Fixture *fixture = user_data;
  const char *kind;
  gint64 id;

  g_variant_get (parameter, "(&sx)", &kind, &id);
  g_ptr_array_add (fixture->opened, g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, id));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");

  /* the sort a test chose is kept in the (memory) settings: start by name */
  g_settings_reset (settings, "clients-sort");
  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
  fixture->opened = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->view != NULL)
    {
      GtkWindow *dialog = fcrm_clients_view_get_merge_dialog (fixture->view);

      if (dialog != NULL)
        gtk_window_destroy (dialog);
    }
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  fcrm_gui_test_drain ();
  g_ptr_array_unref (fixture->opened);
  fcrm_gui_fixture_tear_down (&fixture->base);
}

/* The view of contacts or companies in a window with a toast overlay and an
 * "app" group whose open-item records what it is asked to open. */
static FcrmClientsView *
show_view (Fixture  *fixture,
           gboolean  companies)
{
  static const GActionEntry entries[] = { { "open-item", open_item_cb, "(sx)", NULL, NULL, { 0 } } };
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), fixture);
  fixture->view = FCRM_CLIENTS_VIEW (fcrm_clients_view_new (fixture->base.crm, companies));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  fixture->window = gtk_window_new ();
  gtk_widget_insert_action_group (fixture->window, "app", G_ACTION_GROUP (app));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  fcrm_gui_test_show (fixture->window);
  fcrm_gui_test_drain ();
  return fixture->view;
}

static gint64
add_contact (Fixture    *fixture,
             const char *name,
             const char *phone,
             const char *email,
             const char *company)
{
  const char *phones[] = { phone, NULL };
  const char *emails[] = { email, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (fixture->base.crm, &(FcrmContactInput) {
      .name = name, .phones = phone != NULL ? phones : NULL, .emails = email != NULL ? emails : NULL,
      .company = company }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c->id;
}

static gint64
add_company (Fixture    *fixture,
             const char *name,
             const char *inn,
             const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) c = fcrm_crm_company_add (fixture->base.crm, &(FcrmCompanyInput) {
      .name = name, .inn = inn, .address = address }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c->id;
}

static guint
n_rows (FcrmClientsView *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fcrm_clients_view_get_model (view)));
}

static char *
row_name (FcrmClientsView *view,
          guint            position)
{
  g_autoptr(GObject) row = g_list_model_get_item (G_LIST_MODEL (fcrm_clients_view_get_model (view)), position);

  g_assert_nonnull (row);
  return g_strdup (FCRM_IS_CONTACT (row) ? FCRM_CONTACT (row)->name : FCRM_COMPANY (row)->name);
}

static gint64
row_id (FcrmClientsView *view,
        guint            position)
{
  g_autoptr(GObject) row = g_list_model_get_item (G_LIST_MODEL (fcrm_clients_view_get_model (view)), position);

  g_assert_nonnull (row);
  return FCRM_IS_CONTACT (row) ? FCRM_CONTACT (row)->id : FCRM_COMPANY (row)->id;
}

static const char *
count_text (FcrmClientsView *view)
{
  return gtk_label_get_text (fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "count_label"));
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* Type into the search entry and wait for the debounced query's answer. */
static void
search (FcrmClientsView *view,
        const char      *text)
{
  GtkEditable *entry = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "search_entry");
  FcrmClientModel *model = fcrm_clients_view_get_model (view);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_editable_set_text (entry, text);
  /* not at once: the entry waits for the typing to pause (a cleared entry does not) */
  if (*text != '\0')
    g_assert_cmpstr (fcrm_client_model_get_query (model), !=, text);
  while (g_strcmp0 (fcrm_client_model_get_query (model), *text != '\0' ? text : NULL) != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fcrm_client_model_get_query (model), ==, *text != '\0' ? text : NULL);
  fcrm_gui_test_drain ();
  g_assert_false (fcrm_client_model_is_loading (model));
}

static void
test_list_and_filter (Fixture       *fixture,
                      gconstpointer  data)
{
  FcrmClientsView *view;
  GtkStack *stack;
  AdwStatusPage *empty;
  g_autofree char *first = NULL;

  add_contact (fixture, "Zoe Smith", "+7 926 111-22-33", NULL, NULL);
  add_contact (fixture, "Ivan Petrov", "+7 (926) 555-44-33", "ivan@example.com", "Woodline");
  add_contact (fixture, "Anna Ivanova", NULL, "anna@example.com", NULL);
  view = show_view (fixture, FALSE);
  stack = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "stack");
  empty = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "empty_page");

  /* by name, every column of a row shown */
  g_assert_cmpuint (n_rows (view), ==, 3);
  first = row_name (view, 0);
  g_assert_cmpstr (first, ==, "Anna Ivanova");
  g_assert_cmpstr (count_text (view), ==, "3 contacts");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label_with_text, "Woodline"));
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label_with_text, "+7 (926) 555-44-33"));
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label_with_text, "ivan@example.com"));

  /* a phone typed otherwise narrows the list to its contact */
  search (view, "926 555");
  g_assert_cmpuint (n_rows (view), ==, 1);
  g_clear_pointer (&first, g_free);
  first = row_name (view, 0);
  g_assert_cmpstr (first, ==, "Ivan Petrov");
  g_assert_cmpstr (count_text (view), ==, "1 contact found");

  /* the company's name, any letter case */
  search (view, "WOODLINE");
  g_assert_cmpuint (n_rows (view), ==, 1);

  /* nothing matches: the empty state says so */
  search (view, "nobody-like-this");
  g_assert_cmpuint (n_rows (view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Match");

  /* cleared: all again */
  search (view, "");
  g_assert_cmpuint (n_rows (view), ==, 3);
  /* Escape in the search clears it too */
  search (view, "Zoe");
  g_assert_cmpuint (n_rows (view), ==, 1);
  g_signal_emit_by_name (fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "search_entry"),
                         "stop-search");
  fcrm_gui_test_drain ();
  g_assert_null (fcrm_client_model_get_query (fcrm_clients_view_get_model (view)));
  g_assert_cmpuint (n_rows (view), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  /* newest first */
  gtk_drop_down_set_selected (fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW,
                                                             "sort_dropdown"), 1);
  fcrm_gui_test_drain ();
  g_clear_pointer (&first, g_free);
  first = row_name (view, 0);
  g_assert_cmpstr (first, ==, "Anna Ivanova");
  g_assert_cmpint (row_id (view, 0), >, row_id (view, 1));
  g_assert_cmpint (row_id (view, 1), >, row_id (view, 2));

  /* by last activity: a note on the oldest card puts it first */
  {
    gint64 oldest = row_id (view, 2);
    g_autoptr(FcrmComment) note = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");

    fcrm_clock_advance (fcrm_crm_get_clock (fixture->base.crm), 3600);
    note = fcrm_crm_comment_add (fixture->base.crm, FCRM_ENTITY_CONTACT, oldest, "Called", &error);
    g_assert_no_error (error);
    gtk_drop_down_set_selected (fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW,
                                                               "sort_dropdown"), 2);
    fcrm_gui_test_drain ();
    g_assert_cmpint (fcrm_client_model_get_sort (fcrm_clients_view_get_model (view)), ==, FCRM_CLIENT_SORT_ACTIVITY);
    g_assert_cmpint (row_id (view, 0), ==, oldest);
    /* remembered for the next time the list is shown */
    g_assert_cmpuint (g_settings_get_uint (settings, "clients-sort"), ==, 2);
    g_settings_reset (settings, "clients-sort");
  }
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  FcrmClientsView *view = show_view (fixture, TRUE);
  GtkStack *stack = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "stack");
  AdwStatusPage *empty = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "empty_page");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Companies");
  g_assert_cmpstr (count_text (view), ==, "0 companies");

  /* a company added elsewhere shows up: the view follows the changes */
  add_company (fixture, "Woodline LLC", "7707083893", "Moscow, Tverskaya 1");
  fcrm_gui_test_drain ();
  g_assert_cmpuint (n_rows (view), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label_with_text, "7707083893"));
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label_with_text, "Moscow, Tverskaya 1"));
}

/* More rows than pages: more are read only as the list scrolls down. */
static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  const guint total = 3 * FCRM_CLIENT_MODEL_PAGE_SIZE + 7;
  FcrmClientsView *view;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *expected = NULL;

  for (guint i = 0; i < total; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %03u", (i * 37) % total);

      add_contact (fixture, name, NULL, NULL, NULL);
    }
  view = show_view (fixture, FALSE);
  scroller = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "scroller");
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  /* what fills the screen and a little more, not everything */
  g_assert_cmpuint (n_rows (view), >=, FCRM_CLIENT_MODEL_PAGE_SIZE);
  g_assert_cmpuint (n_rows (view), <, total);
  g_assert_true (fcrm_client_model_has_more (fcrm_clients_view_get_model (view)));
  g_assert_true (g_str_has_prefix (count_text (view), "More than "));

  /* scrolled to the end, page after page arrives */
  for (guint round = 0; round < 20 && n_rows (view) < total; round++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      gtk_test_widget_wait_for_draw (fixture->window);
      fcrm_gui_test_drain ();
    }
  g_assert_cmpuint (n_rows (view), ==, total);
  fcrm_gui_test_drain ();
  g_assert_false (fcrm_client_model_has_more (fcrm_clients_view_get_model (view)));
  expected = g_strdup_printf ("%u contacts", total);
  g_assert_cmpstr (count_text (view), ==, expected);

  /* every contact once, in name order across the pages */
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *name = row_name (view, i);
      g_autofree char *want = g_strdup_printf ("Client %03u", i);
      gint64 *id = g_new (gint64, 1);

      g_assert_cmpstr (name, ==, want);
      *id = row_id (view, i);
      g_assert_true (g_hash_table_add (seen, id));
    }
}

static void
test_activate (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 ivan = add_contact (fixture, "Ivan", NULL, NULL, NULL);
  gint64 boris = add_contact (fixture, "Boris", NULL, NULL, NULL);
  FcrmClientsView *view = show_view (fixture, FALSE);
  GtkColumnView *list = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "column_view");
  g_autofree char *want_ivan = g_strdup_printf ("contact:%" G_GINT64_FORMAT, ivan);
  g_autofree char *want_boris = g_strdup_printf ("contact:%" G_GINT64_FORMAT, boris);

  /* Enter or a double click on the second row: Ivan's card */
  g_signal_emit_by_name (list, "activate", 1);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fixture->opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 0), ==, want_ivan);

  fcrm_clients_view_activate_row (view, 0);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fixture->opened->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 1), ==, want_boris);
}

static void
test_activate_company (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = add_company (fixture, "Woodline LLC", NULL, NULL);
  FcrmClientsView *view = show_view (fixture, TRUE);
  GtkColumnView *list = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "column_view");
  g_autofree char *want = g_strdup_printf ("company:%" G_GINT64_FORMAT, id);

  g_signal_emit_by_name (list, "activate", 0);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fixture->opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 0), ==, want);
}

static FcrmContact *
get_contact (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmContact *c = fcrm_crm_contact_get (fixture->base.crm, id, &error);

  g_assert_no_error (error);
  return c;
}

static gboolean
contact_exists (Fixture *fixture,
                gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = fcrm_crm_contact_get (fixture->base.crm, id, &error);

  return c != NULL;
}

/* Suggested duplicates → the merge dialog → merged with the name of the
 * newer card → Undo in the toast puts both back. */
static void
test_merge_duplicates (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 older = add_contact (fixture, "Ivan Petrov", "+7 926 555-44-33", "ivan@example.com", NULL);
  gint64 newer = add_contact (fixture, "Ivan P. Petrov", "8 (926) 555 44 33", "ivan@work.example", "Woodline");
  FcrmClientsView *view;
  GtkMenuButton *button;
  FcrmDuplicatesPopover *popover;
  FcrmMergeDialog *dialog;
  AdwToast *toast;
  g_autoptr(FcrmContact) merged = NULL;
  g_autoptr(FcrmContact) back = NULL;

  add_contact (fixture, "Somebody Else", "+7 900 000-00-01", NULL, NULL);
  view = show_view (fixture, FALSE);
  g_assert_cmpuint (n_rows (view), ==, 3);

  /* the popover reads the pairs when shown */
  button = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "duplicates_button");
  popover = FCRM_DUPLICATES_POPOVER (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_test_count_rows (fcrm_duplicates_popover_get_list (popover)), ==, 1);
  g_assert_nonnull (fcrm_gui_test_find_list_row (fcrm_duplicates_popover_get_list (popover), "Ivan Petrov and Ivan P. Petrov"));

  g_assert_true (fcrm_duplicates_popover_activate_pair (popover, 0));
  dialog = FCRM_MERGE_DIALOG (fcrm_clients_view_get_merge_dialog (view));
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpint (fcrm_merge_dialog_get_keep_id (dialog), ==, older);
  g_assert_cmpint (fcrm_merge_dialog_get_other_id (dialog), ==, newer);
  /* the older card has no company: the newer one's is offered at once */
  g_assert_true (fcrm_merge_dialog_takes_from_other (dialog, "company"));
  g_assert_false (fcrm_merge_dialog_takes_from_other (dialog, "name"));
  g_assert_true (fcrm_merge_dialog_choose (dialog, "name", TRUE));
  g_assert_false (fcrm_merge_dialog_choose (dialog, "phones", TRUE));   /* all kept: no choice */

  g_assert_true (fcrm_merge_dialog_merge (dialog));
  fcrm_gui_test_drain ();
  g_assert_null (fcrm_clients_view_get_merge_dialog (view));
  g_assert_false (contact_exists (fixture, newer));
  merged = get_contact (fixture, older);
  g_assert_cmpstr (merged->name, ==, "Ivan P. Petrov");
  g_assert_cmpstr (merged->company_name, ==, "Woodline");
  g_assert_cmpuint (merged->emails->len, ==, 2);
  /* the list follows */
  g_assert_cmpuint (n_rows (view), ==, 2);

  /* Undo, from the toast; the toast goes by itself */
  toast = fcrm_clients_view_get_last_toast (view);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Contacts merged");
  g_assert_cmpuint (adw_toast_get_timeout (toast), >, 0);
  g_signal_emit_by_name (toast, "button-clicked");
  fcrm_gui_test_drain ();
  g_assert_true (contact_exists (fixture, newer));
  back = get_contact (fixture, older);
  g_assert_cmpstr (back->name, ==, "Ivan Petrov");
  g_assert_null (back->company_name);
  g_assert_cmpuint (back->emails->len, ==, 1);
  g_assert_cmpuint (n_rows (view), ==, 3);
}

/* Two rows selected (Ctrl+click): Merge… opens the dialog for them. */
static void
test_merge_selection (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 a = add_company (fixture, "Oak", "7707083893", NULL);
  gint64 b = add_company (fixture, "Oak Furniture", NULL, "Elm st. 5");
  FcrmClientsView *view = show_view (fixture, TRUE);
  GtkColumnView *list = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "column_view");
  GtkSelectionModel *selection = gtk_column_view_get_model (list);
  GtkWidget *merge = fcrm_gui_test_find_type_child (GTK_WIDGET (view), FCRM_TYPE_CLIENTS_VIEW, "merge_button");
  FcrmMergeDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) kept = NULL;
  g_autoptr(FcrmCompany) gone = NULL;

  g_assert_cmpuint (n_rows (view), ==, 2);
  g_assert_false (gtk_widget_get_sensitive (merge));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_false (gtk_widget_get_sensitive (merge));
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_get_sensitive (merge));

  g_signal_emit_by_name (merge, "clicked");
  dialog = FCRM_MERGE_DIALOG (fcrm_clients_view_get_merge_dialog (view));
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpint (fcrm_merge_dialog_get_keep_id (dialog), ==, a);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Merge Companies");
  /* the kept one lacks an address: the other's is offered */
  g_assert_true (fcrm_merge_dialog_takes_from_other (dialog, "address"));
  g_assert_false (fcrm_merge_dialog_takes_from_other (dialog, "inn"));
  g_assert_true (fcrm_merge_dialog_choose (dialog, "name", TRUE));
  g_assert_true (fcrm_merge_dialog_merge (dialog));
  fcrm_gui_test_drain ();

  kept = fcrm_crm_company_get (fixture->base.crm, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->name, ==, "Oak Furniture");
  g_assert_cmpstr (kept->inn, ==, "7707083893");
  g_assert_cmpstr (kept->address, ==, "Elm st. 5");
  gone = fcrm_crm_company_get (fixture->base.crm, b, &error);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_cmpuint (n_rows (view), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (merge));
  g_assert_cmpstr (adw_toast_get_title (fcrm_clients_view_get_last_toast (view)), ==, "Companies merged");
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

  g_test_add ("/clients-view/list-and-filter", Fixture, NULL, fixture_set_up, test_list_and_filter, fixture_tear_down);
  g_test_add ("/clients-view/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/clients-view/paging", Fixture, NULL, fixture_set_up, test_paging, fixture_tear_down);
  g_test_add ("/clients-view/activate", Fixture, NULL, fixture_set_up, test_activate, fixture_tear_down);
  g_test_add ("/clients-view/activate-company", Fixture, NULL, fixture_set_up, test_activate_company, fixture_tear_down);
  g_test_add ("/clients-view/merge-duplicates", Fixture, NULL, fixture_set_up, test_merge_duplicates, fixture_tear_down);
  g_test_add ("/clients-view/merge-selection", Fixture, NULL, fixture_set_up, test_merge_selection, fixture_tear_down);

  return g_test_run ();
}
