#define G_LOG_DOMAIN "test-call-dialog"

#include "fcrm-call-dialog.h"
#include "fcrm-item-card.h"
#include "fcrm-gui-test.h"

typedef struct
{
  FcrmGuiFixture  base;
  GtkWidget      *parent;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
  fixture->parent = gtk_window_new ();
  fcrm_gui_test_show (fixture->parent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Cards and dialogs hold the database: close them before the fixture. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  fcrm_gui_test_drain ();
  fcrm_gui_fixture_tear_down (&fixture->base);
}

static FcrmCallDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  FcrmCallDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FCRM_IS_CALL_DIALOG (window))
        {
          g_assert_null (found);   /* never two */
          found = FCRM_CALL_DIALOG (window);
        }
    }

  return found;
}

static gpointer
child (FcrmCallDialog *dialog,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), FCRM_TYPE_CALL_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static FcrmCallDialog *
open_dialog (Fixture *fixture)
{
  FcrmCallDialog *dialog;

  fcrm_call_dialog_present (GTK_WINDOW (fixture->parent), fixture->base.crm);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  fcrm_gui_test_drain ();

  return dialog;
}

static guint
count_leads (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = fcrm_crm_lead_list (fixture->base.crm, NULL, &error);

  g_assert_no_error (error);
  return leads->len;
}

static void
type_number (FcrmCallDialog *dialog,
             const char     *number)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "phone_row")), number);
}

static void
test_unknown_number (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  FcrmCallDialog *dialog;
  FcrmItemCard *card;
  FcrmItem *lead;
  GtkWidget *focus;

  dialog = open_dialog (fixture);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->parent));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Incoming Call");

  /* Ready to paste into. */
  focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, child (dialog, "phone_row")));

  /* A second press raises the same dialog. */
  fcrm_call_dialog_present (GTK_WINDOW (fixture->parent), fixture->base.crm);
  g_assert_true (find_dialog () == dialog);

  /* Enter in the number: a call lead in Unprocessed, and its card. */
  type_number (dialog, " +7 (922) 111-22-33 ");
  g_signal_emit_by_name (child (dialog, "phone_row"), "entry-activated");
  fcrm_gui_test_drain ();

  g_assert_null (find_dialog ());
  fresh = fcrm_crm_lead_list (fixture->base.crm, "lead.new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fresh->len, ==, 1);
  lead = g_ptr_array_index (fresh, 0);
  g_assert_cmpstr (lead->source, ==, "call");
  g_assert_cmpstr (lead->stage, ==, "lead.new");
  g_assert_nonnull (strstr (lead->title, "922"));

  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);
  card = fcrm_item_card_find (fixture->base.crm, FCRM_ENTITY_LEAD, lead->id);
  g_assert_nonnull (card);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (card)) == GTK_WINDOW (fixture->parent));
}

static void
test_open_lead (Fixture       *fixture,
                gconstpointer  data)
{
  FcrmCallDialog *dialog;
  gint64 id;

  /* The number of an open lead: that lead's card, nothing new. */
  id = fcrm_gui_fixture_add_lead (&fixture->base, "Wardrobe", NULL);
  dialog = open_dialog (fixture);
  type_number (dialog, "8 912 345 67 89");
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  fcrm_gui_test_drain ();

  g_assert_null (find_dialog ());
  g_assert_cmpuint (count_leads (fixture), ==, 1);
  g_assert_nonnull (fcrm_item_card_find (fixture->base.crm, FCRM_ENTITY_LEAD, id));
}

static gint64
add_client (Fixture *fixture,
            gint64  *out_deal_id)
{
  g_autoptr(GError) error = NULL;
  FcrmConvertResult result = { 0 };
  gint64 lead_id;

  /* A lead converted into a deal leaves a contact and no open lead. */
  lead_id = fcrm_gui_fixture_add_lead (&fixture->base, "Bedroom set", "300000");
  fcrm_crm_lead_convert (fixture->base.crm, lead_id, "manufacturing", FCRM_CONVERT_DEFAULT, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result.contact_id, >, 0);
  g_assert_cmpint (result.deal_id, >, 0);
  *out_deal_id = result.deal_id;

  return lead_id;
}

static void
test_known_client (Fixture       *fixture,
                   gconstpointer  data)
{
  FcrmCallDialog *dialog;
  GtkListBox *list;
  GtkListBoxRow *row;
  gint64 deal_id;

  add_client (fixture, &deal_id);
  g_assert_cmpuint (count_leads (fixture), ==, 1);

  dialog = open_dialog (fixture);
  type_number (dialog, "8 (912) 345-67-89");
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  fcrm_gui_test_drain ();

  /* No lead made; the client shown with what they have. */
  g_assert_cmpuint (count_leads (fixture), ==, 1);
  g_assert_true (find_dialog () == dialog);
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "known");
  g_assert_cmpstr (adw_preferences_group_get_title (child (dialog, "known_group")), ==,
                   "Known client: Ivan Sokolov");
  g_assert_false (gtk_widget_get_visible (child (dialog, "ok_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "error_label")));

  list = child (dialog, "known_list");
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  /* Deals first: the deal is where the work goes on. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Bedroom set");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Deal #"));

  /* A row opens its card and closes the dialog. */
  g_signal_emit_by_name (list, "row-activated", row);
  fcrm_gui_test_drain ();
  g_assert_null (find_dialog ());
  g_assert_nonnull (fcrm_item_card_find (fixture->base.crm, FCRM_ENTITY_DEAL, deal_id));
  g_assert_cmpuint (count_leads (fixture), ==, 1);
}

static void
test_known_client_new_lead (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  FcrmCallDialog *dialog;
  FcrmItem *lead;
  gint64 deal_id;

  add_client (fixture, &deal_id);
  dialog = open_dialog (fixture);
  type_number (dialog, "+79123456789");
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_leads (fixture), ==, 1);

  /* The client wants something new: a lead of theirs, returning. */
  g_signal_emit_by_name (child (dialog, "new_lead_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_null (find_dialog ());
  fresh = fcrm_crm_lead_list (fixture->base.crm, "lead.new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fresh->len, ==, 1);
  lead = g_ptr_array_index (fresh, 0);
  g_assert_cmpstr (lead->source, ==, "call");
  g_assert_cmpstr (lead->name, ==, "Ivan Sokolov");
  g_assert_true (lead->returning);
  g_assert_cmpint (lead->contact_id, >, 0);
  g_assert_nonnull (fcrm_item_card_find (fixture->base.crm, FCRM_ENTITY_LEAD, lead->id));
}

static void
test_bad_number (Fixture       *fixture,
                 gconstpointer  data)
{
  FcrmCallDialog *dialog;
  GtkWidget *error_label;

  dialog = open_dialog (fixture);
  error_label = child (dialog, "error_label");

  /* Nothing typed. */
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (count_leads (fixture), ==, 0);

  /* Not a number: the core's message, the text kept, nothing made. */
  type_number (dialog, "call me");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (find_dialog () == dialog);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_true (gtk_widget_has_css_class (child (dialog, "phone_row"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "phone_row")), ==, "call me");
  g_assert_cmpuint (count_leads (fixture), ==, 0);
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 0);

  /* Too short to be a phone. */
  type_number (dialog, "12");
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (count_leads (fixture), ==, 0);

  /* Typing clears the message. */
  type_number (dialog, "+7 912");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (child (dialog, "phone_row"), "error"));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/call-dialog/unknown-number", test_unknown_number);
  ADD ("/call-dialog/open-lead", test_open_lead);
  ADD ("/call-dialog/known-client", test_known_client);
  ADD ("/call-dialog/known-client-new-lead", test_known_client_new_lead);
  ADD ("/call-dialog/bad-number", test_bad_number);

#undef ADD

  return g_test_run ();
}
