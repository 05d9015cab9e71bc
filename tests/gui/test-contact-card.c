#define G_LOG_DOMAIN "test-contact-card"

/* The contact and company cards (issue 11): they open with what the
 * database holds, read off the main loop; a field edited is saved; an edit
 * from a stale version is refused with the conflict dialog; the deals list
 * lists and opens; a phone is added; a delete refused says why. */

#include "fcrm-client-activity-section.h"
#include "fcrm-client-card.h"
#include "fcrm-client-fields-group.h"
#include "fcrm-client-links-section.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"
#include "fcrm-gui-test.h"
#include "fcrm-inbox.h"
#include "fcrm-test-util.h"

typedef FcrmGuiFixture Fixture;

/* "Иван Петров" of Ёлка with a phone, an e-mail, a birthday, and two deals */
static FcrmContact *
add_ivan (Fixture *fixture,
          gint64  *out_deal_id)
{
  const char *phones[] = { "+7 926 555-44-33", NULL };
  const char *emails[] = { "ivan@example.com", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) other = NULL;
  FcrmContact *c = fcrm_crm_contact_add (fixture->crm, &(FcrmContactInput) {
      .name = "Иван Петров", .phones = phones, .emails = emails, .company = "Ёлка", .address = "Тверская, 1",
      .birthday = "15.12.1980" }, &error);

  g_assert_no_error (error);
  deal = fcrm_crm_deal_add (fixture->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Kitchen",
                                                             .contact_id = c->id, .budget = "250000" }, &error);
  g_assert_no_error (error);
  other = fcrm_crm_deal_add (fixture->crm, &(FcrmDealInput) { .pipeline = "repair", .title = "Door hinge",
                                                              .contact_id = c->id }, &error);
  g_assert_no_error (error);
  if (out_deal_id != NULL)
    *out_deal_id = deal->id;
  return c;
}

static FcrmClientCard *
present (Fixture        *fixture,
         FcrmEntityType  type,
         gint64          id)
{
  FcrmClientCard *card;

  fcrm_client_card_present (NULL, fixture->crm, type, id);
  card = fcrm_client_card_find (fixture->crm, type, id);
  g_assert_nonnull (card);
  fcrm_gui_test_show (GTK_WIDGET (card));
  fcrm_gui_test_drain ();
  g_assert_true (fcrm_client_card_is_loaded (card));
  return card;
}

/* The row titled @title of the card's fields (the contact's or company's) */
static GtkWidget *
field_row (FcrmClientCard *card,
           const char     *title)
{
  GObject *contact = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "contact_fields");
  GObject *company = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "company_fields");
  GtkWidget *group = gtk_widget_get_visible (GTK_WIDGET (contact)) ? GTK_WIDGET (contact) : GTK_WIDGET (company);
  GtkWidget *row = fcrm_gui_card_find_field_row ((FcrmItemCard *) group, title);

  g_assert_nonnull (row);
  return row;
}

static const char *
field_text (FcrmClientCard *card,
            const char     *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (field_row (card, title)));
}

static void
apply_field (FcrmClientCard *card,
             const char     *title,
             const char     *text)
{
  GtkWidget *row = field_row (card, title);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  fcrm_gui_test_drain ();
}

static FcrmContact *
get_contact (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmContact *c = fcrm_crm_contact_get (fixture->crm, id, &error);

  g_assert_no_error (error);
  return c;
}

static void
test_opens_with_fields (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  GObject *title = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "title_label");
  GObject *phones = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "phones_section");
  GObject *contacts = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "contacts_section");
  GtkWidget *phone_row;

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "Иван Петров");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (card)), ==, "Иван Петров");
  g_assert_cmpstr (field_text (card, "Name"), ==, "Иван Петров");
  g_assert_cmpstr (field_text (card, "Company"), ==, "Ёлка");
  g_assert_cmpstr (field_text (card, "Address"), ==, "Тверская, 1");
  /* typed 15.12.1980, shown as the editor reads it back */
  {
    g_autofree char *shown = fcrm_time_format_local_date (fcrm_test_local_time (1980, 12, 15, 0, 0));

    g_assert_cmpstr (field_text (card, "Birthday"), ==, shown);
  }
  phone_row = fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (phones), "Phone");
  g_assert_nonnull (phone_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone_row)), ==, "+7 926 555-44-33");
  g_assert_nonnull (fcrm_gui_test_find_button_with_tooltip (phone_row, "Call"));
  g_assert_nonnull (fcrm_gui_test_find_button_with_tooltip (phone_row, "Copy the number"));
  /* a company's list of contacts is not a contact's */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (contacts)));

  /* opening it again raises the same window */
  fcrm_client_card_present (NULL, fixture->crm, FCRM_ENTITY_CONTACT, ivan->id);
  g_assert_true (fcrm_client_card_find (fixture->crm, FCRM_ENTITY_CONTACT, ivan->id) == card);
}

static void
test_edit_saves (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  g_autoptr(FcrmContact) after = NULL;
  g_autoptr(FcrmContact) later = NULL;

  apply_field (card, "Address", "Арбат, 5");
  after = get_contact (fixture, ivan->id);
  g_assert_cmpstr (after->address, ==, "Арбат, 5");
  g_assert_cmpint (after->version, ==, ivan->version + 1);
  /* the card read the new version: the next edit is no conflict */
  apply_field (card, "Birthday", "01.02.1990");
  g_assert_null (fcrm_gui_test_find_dialog ("Someone else changed this contact meanwhile"));
  later = get_contact (fixture, ivan->id);
  g_assert_cmpint (later->birthday, ==, fcrm_test_local_time (1990, 2, 1, 0, 0));
  {
    g_autofree char *shown = fcrm_time_format_local_date (fcrm_test_local_time (1990, 2, 1, 0, 0));

    g_assert_cmpstr (field_text (card, "Birthday"), ==, shown);
  }

  /* a bad date writes nothing and says why */
  apply_field (card, "Birthday", "31.02.1990");
  g_clear_object (&later);
  later = get_contact (fixture, ivan->id);
  g_assert_cmpint (later->birthday, ==, fcrm_test_local_time (1990, 2, 1, 0, 0));
  g_assert_cmpstr (field_text (card, "Birthday"), ==, "31.02.1990");
}

static void
test_stale_conflict (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autoptr(FcrmContact) now = NULL;
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  AdwMessageDialog *dialog;

  /* another desktop renames him: this card does not know yet */
  other = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_contact_set (other, ivan->id, "name", "Иван Сидоров", -1, &error));
  fcrm_gui_test_drain ();
  g_assert_cmpstr (field_text (card, "Name"), ==, "Иван Петров");

  apply_field (card, "Address", "Арбат, 5");
  dialog = fcrm_gui_test_find_dialog ("Someone else changed this contact meanwhile");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Address”"));
  now = get_contact (fixture, ivan->id);
  g_assert_cmpstr (now->name, ==, "Иван Сидоров");
  g_assert_cmpstr (now->address, ==, "Тверская, 1");
  g_assert_cmpstr (field_text (card, "Address"), ==, "Арбат, 5");

  /* reload: theirs shows, mine goes */
  adw_message_dialog_response (dialog, "reload");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpstr (field_text (card, "Name"), ==, "Иван Сидоров");
  g_assert_cmpstr (field_text (card, "Address"), ==, "Тверская, 1");
}

static void
open_item_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GPtrArray *opened = user_data;

  g_ptr_array_add (opened, g_variant_print (parameter, FALSE));
}

static void
test_deals_list (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 deal_id = 0;
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, &deal_id);
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open_item = g_simple_action_new ("open-item", G_VARIANT_TYPE ("(sx)"));
  g_autofree char *expected = g_strdup_printf ("('deal', %" G_GINT64_FORMAT ")", deal_id);
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  GObject *deals = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "deals_section");
  GObject *leads = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "leads_section");
  AdwPreferencesRow *row = NULL;

  g_assert_cmpuint (fcrm_client_links_section_get_n_rows (FCRM_CLIENT_LINKS_SECTION (deals)), ==, 2);
  g_assert_cmpuint (fcrm_client_links_section_get_n_rows (FCRM_CLIENT_LINKS_SECTION (leads)), ==, 0);
  /* a client with no leads shows no empty Leads list */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (leads)));

  row = ADW_PREFERENCES_ROW (fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (deals), "Kitchen"));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "250"));

  /* activating the row opens the deal's card through app.open-item */
  g_signal_connect (open_item, "activate", G_CALLBACK (open_item_cb), opened);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (open_item));
  gtk_widget_insert_action_group (GTK_WIDGET (card), "app", G_ACTION_GROUP (app));
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (opened, 0), ==, expected);

}

static void
test_add_phone (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  g_autoptr(FcrmContact) after = NULL;
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  GObject *phones = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "phones_section");
  GtkWidget *row = NULL;
  FcrmContactPoint *added;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (phones), "points.add", NULL));
  /* the new, empty row is the last "Phone" row */
  for (GtkWidget *w = fcrm_gui_test_find_type (GTK_WIDGET (phones), ADW_TYPE_ENTRY_ROW); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_ENTRY_ROW (w))
      row = w;
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (row), "8 (495) 123-45-67");
  g_signal_emit_by_name (row, "apply");
  fcrm_gui_test_drain ();

  after = get_contact (fixture, ivan->id);
  g_assert_cmpuint (after->phones->len, ==, 2);
  g_assert_cmpstr (((FcrmContactPoint *) after->phones->pdata[0])->value, ==, "+7 926 555-44-33");
  added = after->phones->pdata[1];
  g_assert_cmpstr (added->value, ==, "8 (495) 123-45-67");
  g_assert_cmpstr (added->kind, ==, "mobile");

  /* a phone that is none is refused and nothing is written */
  row = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (phones), "points.add", NULL));
  for (GtkWidget *w = fcrm_gui_test_find_type (GTK_WIDGET (phones), ADW_TYPE_ENTRY_ROW); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_ENTRY_ROW (w))
      row = w;
  gtk_editable_set_text (GTK_EDITABLE (row), "call me");
  g_signal_emit_by_name (row, "apply");
  fcrm_gui_test_drain ();
  g_clear_object (&after);
  after = get_contact (fixture, ivan->id);
  g_assert_cmpuint (after->phones->len, ==, 2);
}

static void
test_delete_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) lone = fcrm_crm_contact_add (fixture->crm, &(FcrmContactInput) { .name = "Никто" }, &error);
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  AdwMessageDialog *dialog;
  AdwMessageDialog *refusal;
  const char *body;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.delete", NULL));
  dialog = fcrm_gui_test_find_dialog ("Delete This Contact?");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();

  refusal = fcrm_gui_test_find_dialog ("This Contact Cannot Be Deleted");
  g_assert_nonnull (refusal);
  body = adw_message_dialog_get_body (refusal);
  /* the core's reason: his two deals */
  g_assert_nonnull (strstr (body, "deal"));
  g_assert_true (fcrm_client_card_find (fixture->crm, FCRM_ENTITY_CONTACT, ivan->id) == card);
  g_clear_object (&ivan);
  /* still there */
  ivan = get_contact (fixture, lone->id - 1);
  g_assert_cmpstr (ivan->name, ==, "Иван Петров");
  gtk_window_destroy (GTK_WINDOW (refusal));

  /* one nothing links to goes, and its card with it */
  card = present (fixture, FCRM_ENTITY_CONTACT, lone->id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.delete", NULL));
  dialog = fcrm_gui_test_find_dialog ("Delete This Contact?");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "delete");
  fcrm_gui_test_drain ();
  /* the card closed, and its dialog with it */
  g_assert_null (dialog);
  g_assert_null (fcrm_client_card_find (fixture->crm, FCRM_ENTITY_CONTACT, lone->id));
  g_assert_null (fcrm_crm_contact_get (fixture->crm, lone->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

static void
test_activity (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 deal_id = 0;
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, &deal_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) task = fcrm_crm_task_add (fixture->crm, "Send the kitchen quote", NULL, "2026-01-20", NULL,
                                                FCRM_ENTITY_DEAL, deal_id, &error);
  g_autoptr(FcrmComment) deal_note = fcrm_crm_comment_add (fixture->crm, FCRM_ENTITY_DEAL, deal_id, "Measured", &error);
  g_autoptr(FcrmComment) own_note = fcrm_crm_comment_add (fixture->crm, FCRM_ENTITY_CONTACT, ivan->id, "VIP", &error);
  g_autofree char *opened = g_strdup_printf ("Deal #%" G_GINT64_FORMAT " “Kitchen” opened", deal_id);
  FcrmClientCard *card;
  GObject *tasks, *timeline;
  GtkWidget *row;

  g_assert_no_error (error);
  card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  tasks = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "tasks_section");
  timeline = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "timeline_section");

  /* the deal's open task, naming the deal */
  row = fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (tasks), "Send the kitchen quote");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Kitchen"));
  /* the timeline: both deals opened, the comment on the deal and on him */
  g_assert_nonnull (fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (timeline), opened));
  row = fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (timeline), "Measured");
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  row = fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (timeline), "VIP");
  g_assert_nonnull (row);
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpuint (fcrm_client_activity_section_get_n_rows (FCRM_CLIENT_ACTIVITY_SECTION (timeline)), >=, 4);

  /* done, it leaves the tasks for the timeline */
  g_assert_true (fcrm_crm_task_done (fixture->crm, task->id, &error));
  fcrm_gui_test_drain ();
  g_assert_null (fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (tasks), "Send the kitchen quote"));
  g_assert_nonnull (fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (timeline), "Done: Send the kitchen quote"));
}

static void
test_company_suggestions (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) other = fcrm_crm_company_add (fixture->crm, &(FcrmCompanyInput) { .name = "Ёлочка и шишки" },
                                                       &error);
  g_autoptr(FcrmContact) after = NULL;
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  GObject *group = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "contact_fields");
  GtkWidget *row = field_row (card, "Company");
  GListModel *offered;
  GtkListBox *list;

  g_assert_no_error (error);
  /* what is shown is no question: nothing offered */
  g_assert_null (fcrm_client_fields_group_get_suggestions (FCRM_CLIENT_FIELDS_GROUP (group)));

  /* typed in another letter case, ё as е: both firms are offered, by name */
  gtk_editable_set_text (GTK_EDITABLE (row), "елоч");
  fcrm_gui_test_drain ();
  offered = fcrm_client_fields_group_get_suggestions (FCRM_CLIENT_FIELDS_GROUP (group));
  g_assert_nonnull (offered);
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (offered), 0), ==, "Ёлочка и шишки");
  gtk_editable_set_text (GTK_EDITABLE (row), "ёл");
  fcrm_gui_test_drain ();
  offered = fcrm_client_fields_group_get_suggestions (FCRM_CLIENT_FIELDS_GROUP (group));
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 2);

  /* picking one saves it */
  list = GTK_LIST_BOX (fcrm_gui_test_find_type (row, GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  fcrm_gui_test_drain ();
  after = get_contact (fixture, ivan->id);
  g_assert_cmpint (after->company_id, ==, other->id);
  g_assert_cmpstr (field_text (card, "Company"), ==, "Ёлочка и шишки");
  g_assert_null (fcrm_client_fields_group_get_suggestions (FCRM_CLIENT_FIELDS_GROUP (group)));
}

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_company_card (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autoptr(FcrmCompany) after = NULL;
  FcrmClientCard *card;
  GObject *contacts, *deals, *phones;

  g_assert_true (fcrm_crm_company_set (fixture->crm, ivan->company_id, "inn", "7707083893", -1, &error));
  note = fcrm_crm_comment_add (fixture->crm, FCRM_ENTITY_COMPANY, ivan->company_id, "Pays by invoice", &error);
  g_assert_no_error (error);
  card = present (fixture, FCRM_ENTITY_COMPANY, ivan->company_id);
  contacts = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "contacts_section");
  deals = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "deals_section");
  phones = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "phones_section");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (card)), ==, "Ёлка");
  g_assert_cmpstr (field_text (card, "INN"), ==, "7707083893");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (phones)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (contacts)));
  g_assert_cmpuint (fcrm_client_links_section_get_n_rows (FCRM_CLIENT_LINKS_SECTION (contacts)), ==, 1);
  g_assert_nonnull (fcrm_gui_card_find_field_row ((FcrmItemCard *) GTK_WIDGET (contacts), "Иван Петров"));
  /* the deals were made for Ivan, not for the firm */
  g_assert_cmpuint (fcrm_client_links_section_get_n_rows (FCRM_CLIENT_LINKS_SECTION (deals)), ==, 0);
  /* its own note, through the item card's comments section */
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (card), label_says, "Pays by invoice"));

  /* a KPP that is none writes nothing */
  apply_field (card, "KPP", "12");
  after = fcrm_crm_company_get (fixture->crm, ivan->company_id, &error);
  g_assert_null (after->kpp);
  apply_field (card, "KPP", "773601001");
  g_clear_object (&after);
  after = fcrm_crm_company_get (fixture->crm, ivan->company_id, &error);
  g_assert_cmpstr (after->kpp, ==, "773601001");
}

static void
test_comment (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FcrmContact) ivan = add_ivan (fixture, NULL);
  g_autoptr(FcrmContact) after = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  FcrmClientCard *card = present (fixture, FCRM_ENTITY_CONTACT, ivan->id);
  GObject *view = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "comment_view");
  GObject *add = fcrm_gui_test_find_template_child (GTK_WIDGET (card), "comment_add_button");

  /* the item card's comments section, posting on the contact */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "Calls back on Fridays", -1);
  g_signal_emit_by_name (add, "clicked");
  fcrm_gui_test_drain ();
  notes = fcrm_crm_comments (fixture->crm, FCRM_ENTITY_CONTACT, ivan->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((FcrmComment *) notes->pdata[0])->text, ==, "Calls back on Fridays");
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (card), label_says, "Calls back on Fridays"));
  /* no edit of the card: its version stays */
  after = get_contact (fixture, ivan->id);
  g_assert_cmpint (after->version, ==, ivan->version);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_test_set_up_with_user, func, fcrm_gui_card_tear_down)

  ADD ("/contact-card/opens-with-fields", test_opens_with_fields);
  ADD ("/contact-card/edit-saves", test_edit_saves);
  ADD ("/contact-card/stale-conflict", test_stale_conflict);
  ADD ("/contact-card/deals-list", test_deals_list);
  ADD ("/contact-card/add-phone", test_add_phone);
  ADD ("/contact-card/delete-refused", test_delete_refused);
  ADD ("/contact-card/company-card", test_company_card);
  ADD ("/contact-card/activity", test_activity);
  ADD ("/contact-card/company-suggestions", test_company_suggestions);
  ADD ("/contact-card/comment", test_comment);

#undef ADD

  return g_test_run ();
}
