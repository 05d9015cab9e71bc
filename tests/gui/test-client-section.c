#define G_LOG_DOMAIN "test-client-section"

/* The client on every card (issue 11): a deal's card shows its contact's
 * phones and e-mails with working buttons, "Change…" changes the client in
 * the card and the database, a lead shows what was typed on it, the
 * Callbacks list shows whom to call and the number, and a repair deal's card
 * says whether it is under warranty. */

#include <time.h>

#include "fcrm-client-picker.h"
#include "fcrm-client-section.h"
#include "fcrm-clients.h"
#include "fcrm-contact-buttons.h"
#include "fcrm-gui-test.h"
#include "fcrm-inbox.h"
#include "fcrm-tasks-view.h"
#include "fcrm-warranty-section.h"

typedef FcrmGuiFixture Fixture;

static FcrmContact *
add_contact (Fixture    *fixture,
             const char *name,
             const char *phone,
             const char *email,
             const char *company)
{
  g_autoptr(GError) error = NULL;
  const char *phones[] = { phone, "8 495 123-45-67", NULL };
  const char *kinds[] = { NULL, "work", NULL };
  const char *emails[] = { email, NULL };
  FcrmContact *c = fcrm_crm_contact_add (fixture->crm, &(FcrmContactInput) {
      .name = name, .phones = phone != NULL ? phones : NULL, .phone_kinds = kinds,
      .emails = email != NULL ? emails : NULL, .company = company }, &error);

  g_assert_no_error (error);
  return c;
}

static gint64
add_deal (Fixture    *fixture,
          const char *pipeline,
          const char *title,
          gint64      contact_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (fixture->crm, &(FcrmDealInput) {
      .pipeline = pipeline, .title = title, .contact_id = contact_id }, &error);

  g_assert_no_error (error);
  return deal->id;
}

static GtkListBox *
client_list (FcrmItemCard *card)
{
  return fcrm_gui_card_child (card, "client_list");
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (text);
  return text;
}

static void
test_deal_shows_client (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_contact (fixture, "Ivan Petrov", "+7 (926) 555-44-33", "ivan@example.com", "Oak & Co");
  gint64 id = add_deal (fixture, "manufacturing", "Oak kitchen", ivan->id);
  FcrmItemCard *card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, id);
  GtkListBox *list = client_list (card);
  AdwPreferencesRow *row;
  GtkWidget *copy, *call, *mail;
  g_autofree char *copied = NULL;
  g_autofree char *tel = NULL;
  g_autofree char *mailto = NULL;
  g_autoptr(GVariant) target = NULL;

  /* the contact and company are links to their cards */
  row = fcrm_gui_test_find_list_row (list, "Ivan Petrov");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "app.open-item");
  target = g_variant_ref_sink (g_variant_new ("(sx)", "contact", ivan->id));
  g_assert_true (g_variant_equal (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), target));
  row = fcrm_gui_test_find_list_row (list, "Oak & Co");
  g_assert_nonnull (row);
  g_clear_pointer (&target, g_variant_unref);
  target = g_variant_ref_sink (g_variant_new ("(sx)", "company", ivan->company_id));
  g_assert_true (g_variant_equal (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), target));

  /* both phones with their kinds, the e-mail */
  row = fcrm_gui_test_find_list_row (list, "+7 (926) 555-44-33");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Mobile phone");
  row = fcrm_gui_test_find_list_row (list, "8 495 123-45-67");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Work phone");
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "ivan@example.com"));

  /* the buttons: named for what they do, the number in the name */
  call = fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Call +7 (926) 555-44-33");
  g_assert_nonnull (call);
  tel = fcrm_tel_uri (fcrm_contact_button_get_value (call));
  g_assert_cmpstr (tel, ==, "tel:+79265554433");
  mail = fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Write to ivan@example.com");
  g_assert_nonnull (mail);
  mailto = fcrm_mailto_uri (fcrm_contact_button_get_value (mail));
  g_assert_cmpstr (mailto, ==, "mailto:ivan@example.com");
  g_assert_nonnull (fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Copy ivan@example.com"));

  /* copy puts the number on the clipboard */
  copy = fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Copy 8 495 123-45-67");
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  copied = clipboard_text (copy);
  g_assert_cmpstr (copied, ==, "8 495 123-45-67");
}

static void
test_change_client (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_contact (fixture, "Ivan Petrov", "+7 926 555-44-33", NULL, NULL);
  g_autoptr(FcrmContact) maria = add_contact (fixture, "Maria Sidorova", "+7 903 777-11-22", NULL, NULL);
  gint64 id = add_deal (fixture, "manufacturing", "Oak kitchen", ivan->id);
  FcrmItemCard *card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, id);
  FcrmClientSection *section = fcrm_gui_card_child (card, "client_section");
  FcrmClientPicker *picker = fcrm_client_section_get_picker (section);
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *error_label;

  /* the search is read off the main loop */
  fcrm_client_picker_search (picker, "сидор maria");
  fcrm_gui_test_drain ();
  g_assert_false (fcrm_client_picker_is_loading (picker));
  g_assert_cmpuint (fcrm_client_picker_n_results (picker), ==, 0);
  fcrm_client_picker_search (picker, "903 777");
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_client_picker_n_results (picker), ==, 1);
  fcrm_client_picker_activate (picker, 0);
  fcrm_gui_test_drain ();

  deal = fcrm_gui_test_get_deal (fixture->crm, id);
  g_assert_cmpint (deal->contact_id, ==, maria->id);
  g_assert_nonnull (fcrm_gui_test_find_list_row (client_list (card), "Maria Sidorova"));
  g_assert_nonnull (fcrm_gui_test_find_list_row (client_list (card), "+7 903 777-11-22"));
  g_assert_null (fcrm_gui_test_find_list_row (client_list (card), "Ivan Petrov"));
  /* the timeline says so */
  g_assert_nonnull (fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "timeline_list"),
                                                 "Client changed from Ivan Petrov to Maria Sidorova."));

  /* a new contact: bad input stays in the form and writes nothing */
  error_label = GTK_LABEL (fcrm_gui_test_find_template_child (GTK_WIDGET (picker), "error_label"));
  fcrm_client_picker_create (picker, "Olga", "not a phone");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  contacts = fcrm_crm_contact_page (fixture->crm, NULL, FCRM_CLIENT_SORT_ID, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);

  fcrm_client_picker_create (picker, "Olga Smirnova", "+7 916 111-22-33");
  fcrm_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_clear_object (&deal);
  deal = fcrm_gui_test_get_deal (fixture->crm, id);
  g_assert_cmpstr (deal->contact_name, ==, "Olga Smirnova");
  g_assert_nonnull (fcrm_gui_test_find_list_row (client_list (card), "Olga Smirnova"));
  g_assert_nonnull (fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Call +7 916 111-22-33"));
}

/* Someone else changed the deal since the card read it: the change is
 * refused as a conflict, and nothing is written. */
static void
test_change_conflict (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_contact (fixture, "Ivan Petrov", NULL, NULL, NULL);
  g_autoptr(FcrmContact) maria = add_contact (fixture, "Maria Sidorova", NULL, NULL, NULL);
  gint64 id = add_deal (fixture, "manufacturing", "Oak kitchen", ivan->id);
  FcrmItemCard *card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, id);
  FcrmClientPicker *picker = fcrm_client_section_get_picker (fcrm_gui_card_child (card, "client_section"));
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GError) error = NULL;

  fcrm_client_picker_search (picker, "Maria");
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_client_picker_n_results (picker), ==, 1);
  /* another desktop's write; the card has not read it yet */
  g_assert_true (fcrm_crm_deal_set (fixture->crm, id, "budget", "1000", -1, &error));
  g_assert_no_error (error);
  fcrm_client_picker_activate (picker, 0);
  g_assert_nonnull (fcrm_gui_test_find_dialog ("Someone else changed this deal meanwhile"));
  deal = fcrm_gui_test_get_deal (fixture->crm, id);
  g_assert_cmpint (deal->contact_id, ==, ivan->id);
  (void) maria;
}

/* A lead not yet a contact: what was typed on it, with the same buttons. */
static void
test_lead_client (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (fixture->crm, &(FcrmLeadInput) {
      .title = "Sofa", .name = "Pyotr", .phone = "+7 999 000-11-22", .company = "Sofa World" }, &error);
  FcrmItemCard *card;
  AdwPreferencesRow *row;

  g_assert_no_error (error);
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, lead->id);
  row = fcrm_gui_test_find_list_row (client_list (card), "Pyotr");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Name given on the lead");
  g_assert_nonnull (fcrm_gui_test_find_list_row (client_list (card), "Sofa World"));
  g_assert_nonnull (fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Call +7 999 000-11-22"));
}

static gboolean
is_visible_call_button (GtkWidget    *widget,
                        gconstpointer tooltip)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_label (GtkWidget    *widget,
          gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_callbacks_row (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_contact (fixture, "Ivan Petrov", "+7 926 555-44-33", NULL, NULL);
  gint64 id = add_deal (fixture, "manufacturing", "Oak kitchen", ivan->id);
  g_autoptr(GError) error = NULL;
  FcrmTasksView *view;
  GtkWidget *window;

  g_assert_true (fcrm_crm_deal_lose (fixture->crm, id, "expensive", NULL, &error));
  g_assert_no_error (error);
  view = FCRM_TASKS_VIEW (fcrm_tasks_view_new (fixture->crm, FCRM_TASKS_VIEW_CALLBACKS));
  window = fcrm_gui_test_show_in_window (GTK_WIDGET (view));
  fcrm_gui_test_drain ();
  gtk_test_widget_wait_for_draw (window);

  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label, "Ivan Petrov"));
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_label, "+7 926 555-44-33"));
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (view), is_visible_call_button, "Call +7 926 555-44-33"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
warranty_text (FcrmItemCard *card)
{
  FcrmWarrantySection *section = fcrm_gui_card_child (card, "warranty_section");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section)));
  return fcrm_warranty_section_get_text (section);
}

static void
test_repair_warranty (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FcrmContact) olga = add_contact (fixture, "Olga", NULL, NULL, NULL);
  gint64 kitchen = add_deal (fixture, "manufacturing", "Kitchen", olga->id);
  gint64 repair = add_deal (fixture, "repair", "Door hinge", olga->id);
  gint64 stranger = add_deal (fixture, "repair", "Chair", 0);
  g_autoptr(GError) error = NULL;
  FcrmItemCard *card;
  AdwPreferencesRow *row;

  g_assert_true (fcrm_crm_deal_set (fixture->crm, kitchen, "installation_date", "2025-03-10", -1, &error));
  g_assert_true (fcrm_crm_deal_win (fixture->crm, kitchen, &error));
  g_assert_true (fcrm_crm_deal_move (fixture->crm, repair, "repair.warranty_check", &error));
  g_assert_no_error (error);

  /* 12 January 2026: installed 10 March 2025, twelve months */
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, repair);
  g_assert_cmpstr (warranty_text (card), ==, "Under warranty until March 10, 2026");
  /* large on the Warranty check stage */
  g_assert_true (gtk_widget_has_css_class (fcrm_gui_card_child (card, "state_label"), "title-2"));
  row = fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "deals_list"), "Kitchen");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Installed on March 10, 2025"));

  /* typed by hand, and over */
  g_assert_true (fcrm_crm_deal_set (fixture->crm, repair, "warranty_until", "2026-01-03", -1, &error));
  fcrm_gui_test_drain ();
  g_assert_cmpstr (warranty_text (card), ==, "Warranty ended on January 3, 2026");

  /* nobody's: unknown; not a repair: no section */
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, stranger);
  g_assert_cmpstr (warranty_text (card), ==, "Warranty unknown");
  g_assert_false (gtk_widget_has_css_class (fcrm_gui_card_child (card, "state_label"), "title-2"));
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, kitchen);
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "warranty_section")));
}

int
main (int   argc,
      char *argv[])
{
  /* Days are local: fix the zone so "today" is the same everywhere. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();

  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_test_set_up_with_user, func, fcrm_gui_card_tear_down)

  ADD ("/client-section/deal-shows-client", test_deal_shows_client);
  ADD ("/client-section/change-client", test_change_client);
  ADD ("/client-section/change-conflict", test_change_conflict);
  ADD ("/client-section/lead", test_lead_client);
  ADD ("/client-section/callbacks-row", test_callbacks_row);
  ADD ("/client-section/repair-warranty", test_repair_warranty);

#undef ADD

  return g_test_run ();
}
