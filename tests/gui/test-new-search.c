#define G_LOG_DOMAIN "test-new-search"

/* Issue 11 in the window: the New menu's dialogs create what they say and
 * refuse bad input writing nothing; Ctrl+N opens the menu; the search
 * popover groups what a phone fragment finds and Enter opens it; a board's
 * Closed switch shows a won deal and Reopen moves it back. */

#include "fcrm-board.h"
#include "fcrm-closed-list.h"
#include "fcrm-clients.h"
#include "fcrm-new-dialog.h"
#include "fcrm-search-popover.h"
#include "fcrm-window.h"
#include "fcrm-gui-test.h"
#include "fcrm-test-util.h"

typedef struct
{
  FcrmGuiFixture  base;
  GtkWidget      *parent;
  GPtrArray      *opened;      /* "kind:id" for every app.open-item */
} Fixture;

static void
open_item_cb (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  Fixture *fixture = user_data;
  const char *kind;
  gint64 id;

  g_variant_get (param, "(&sx)", &kind, &id);
  g_ptr_array_add (fixture->opened, g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, id));
}

/* An "app" group with open-item on @widget, as the application has it. */
static void
catch_open_item (Fixture   *fixture,
                 GtkWidget *widget)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("open-item", G_VARIANT_TYPE ("(sx)"));

  g_signal_connect (action, "activate", G_CALLBACK (open_item_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (widget, "app", G_ACTION_GROUP (group));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
  fixture->opened = g_ptr_array_new_with_free_func (g_free);
  fixture->parent = gtk_window_new ();
  catch_open_item (fixture, fixture->parent);
  fcrm_gui_test_show (fixture->parent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  fcrm_gui_test_drain ();
  g_ptr_array_unref (fixture->opened);
  fcrm_gui_fixture_tear_down (&fixture->base);
}

/* Spin until @done says so, with a deadline (timeouts of 150 ms, reads on
 * the worker). */
static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      fcrm_gui_test_drain ();
      g_usleep (1000);
    }
}

static gpointer
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return object;
}

static void
type_into (GtkWidget  *dialog,
           const char *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, FCRM_TYPE_NEW_DIALOG, row)), text);
}

static const char *
error_text (GtkWidget *dialog)
{
  GtkWidget *label = child (dialog, FCRM_TYPE_NEW_DIALOG, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
is_open (gpointer dialog)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if ((gpointer) window == dialog)
        return TRUE;
    }
  return FALSE;
}

static FcrmNewDialog *
open_dialog (Fixture     *fixture,
             FcrmNewKind  kind,
             const char  *pipeline)
{
  FcrmNewDialog *dialog = fcrm_new_dialog_present (GTK_WINDOW (fixture->parent), fixture->base.crm, kind, pipeline);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  fcrm_gui_test_drain ();
  return dialog;
}

static void
test_new_lead (Fixture       *fixture,
               gconstpointer  data)
{
  FcrmNewDialog *dialog = open_dialog (fixture, FCRM_NEW_LEAD, NULL);
  g_autoptr(FcrmItem) lead = NULL;
  g_autofree char *opened = NULL;
  FcrmTestSnapshot before;
  gint64 id;

  /* nothing typed, or a bad phone: a message, nothing written */
  fcrm_test_snapshot (fixture->base.crm, &before);
  g_assert_cmpint (fcrm_new_dialog_create (dialog), ==, 0);
  g_assert_nonnull (error_text (GTK_WIDGET (dialog)));
  type_into (GTK_WIDGET (dialog), "lead_title_row", "Kitchen for the dacha");
  g_assert_null (error_text (GTK_WIDGET (dialog)));   /* typing clears it */
  type_into (GTK_WIDGET (dialog), "lead_phone_row", "12");
  g_assert_cmpint (fcrm_new_dialog_create (dialog), ==, 0);
  g_assert_nonnull (error_text (GTK_WIDGET (dialog)));
  fcrm_test_assert_unchanged (fixture->base.crm, &before);
  g_assert_true (is_open (dialog));

  /* a title is enough: no phone */
  type_into (GTK_WIDGET (dialog), "lead_phone_row", "");
  id = fcrm_new_dialog_create (dialog);
  g_assert_cmpint (id, >, 0);
  fcrm_gui_test_drain ();
  g_assert_false (is_open (dialog));
  lead = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen for the dacha");
  g_assert_cmpstr (lead->stage, ==, "lead.new");
  g_assert_null (lead->phone);
  opened = g_strdup_printf ("lead:%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (fixture->opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 0), ==, opened);
}

/* The notifier's "New Lead" for a call from an unknown number: the dialog
 * comes with the number, and the lead is made with it. */
static void
test_new_lead_with_phone (Fixture       *fixture,
                          gconstpointer  data)
{
  FcrmNewDialog *dialog = open_dialog (fixture, FCRM_NEW_LEAD, NULL);
  g_autoptr(FcrmItem) lead = NULL;
  gint64 id;

  fcrm_new_dialog_set_phone (dialog, "+7 903 111-22-33");
  g_assert_cmpstr (gtk_editable_get_text (child (GTK_WIDGET (dialog), FCRM_TYPE_NEW_DIALOG, "lead_phone_row")), ==,
                   "+7 903 111-22-33");
  id = fcrm_new_dialog_create (dialog);
  g_assert_cmpint (id, >, 0);
  fcrm_gui_test_drain ();
  lead = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (lead->phone, ==, "+7 903 111-22-33");
}

static gboolean
has_suggestions (gpointer dialog)
{
  return gtk_widget_get_visible (child (dialog, FCRM_TYPE_NEW_DIALOG, "suggestion_list"));
}

static void
test_new_deal (Fixture       *fixture,
               gconstpointer  data)
{
  const char *phones[] = { "+7 (926) 555-44-33", NULL };
  FcrmContactInput input = { .name = "Иван Смирнов", .phones = phones };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) ivan = fcrm_crm_contact_add (fixture->base.crm, &input, &error);
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) second = NULL;
  g_autoptr(FcrmContact) client = NULL;
  FcrmNewDialog *dialog;
  FcrmTestSnapshot before;
  gint64 id;

  g_assert_no_error (error);

  /* an existing client picked by typing */
  dialog = open_dialog (fixture, FCRM_NEW_DEAL, "design");
  g_assert_cmpuint (adw_combo_row_get_selected (child (GTK_WIDGET (dialog), FCRM_TYPE_NEW_DIALOG, "pipeline_row")), ==, 1);
  type_into (GTK_WIDGET (dialog), "deal_title_row", "Living room design");
  type_into (GTK_WIDGET (dialog), "deal_budget_row", "150000");
  type_into (GTK_WIDGET (dialog), "client_name_row", "смирн");
  wait_until (has_suggestions, dialog);
  fcrm_new_dialog_pick_contact (dialog, ivan->id);
  g_assert_cmpint (fcrm_new_dialog_get_contact_id (dialog), ==, ivan->id);
  g_assert_cmpstr (gtk_editable_get_text (child (GTK_WIDGET (dialog), FCRM_TYPE_NEW_DIALOG, "client_phone_row")),
                   ==, "+7 (926) 555-44-33");
  fcrm_test_snapshot (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "deal_budget_row", "a lot");
  g_assert_cmpint (fcrm_new_dialog_get_contact_id (dialog), ==, ivan->id);
  g_assert_cmpint (fcrm_new_dialog_create (dialog), ==, 0);
  g_assert_nonnull (error_text (GTK_WIDGET (dialog)));
  fcrm_test_assert_unchanged (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "deal_budget_row", "150000");
  id = fcrm_new_dialog_create (dialog);
  g_assert_cmpint (id, >, 0);
  deal = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (deal->pipeline, ==, "design");
  g_assert_cmpint (deal->contact_id, ==, ivan->id);
  g_assert_cmpint (deal->budget, ==, 15000000);
  fcrm_gui_test_drain ();

  /* a new client by name and phone; a bad phone first writes nothing */
  dialog = open_dialog (fixture, FCRM_NEW_DEAL, "repair");
  type_into (GTK_WIDGET (dialog), "deal_title_row", "Chair repair");
  type_into (GTK_WIDGET (dialog), "client_name_row", "Ольга Петрова");
  type_into (GTK_WIDGET (dialog), "client_phone_row", "12");
  fcrm_test_snapshot (fixture->base.crm, &before);
  g_assert_cmpint (fcrm_new_dialog_create (dialog), ==, 0);
  g_assert_nonnull (error_text (GTK_WIDGET (dialog)));
  fcrm_test_assert_unchanged (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "client_phone_row", "+7 916 123-45-67");
  id = fcrm_new_dialog_create (dialog);
  g_assert_cmpint (id, >, 0);
  second = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (second->pipeline, ==, "repair");
  client = fcrm_crm_contact_get (fixture->base.crm, second->contact_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (client->name, ==, "Ольга Петрова");
  g_assert_cmpuint (fixture->opened->len, ==, 2);
}

static void
test_new_contact_and_company (Fixture       *fixture,
                              gconstpointer  data)
{
  FcrmNewDialog *dialog = open_dialog (fixture, FCRM_NEW_CONTACT, NULL);
  g_autoptr(FcrmContact) contact = NULL;
  g_autoptr(FcrmCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opened = NULL;
  FcrmTestSnapshot before;
  gint64 id;

  fcrm_test_snapshot (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "contact_name_row", "Иван Смирнов");
  type_into (GTK_WIDGET (dialog), "contact_email_row", "not an address");
  g_assert_cmpint (fcrm_new_dialog_create (dialog), ==, 0);
  g_assert_nonnull (error_text (GTK_WIDGET (dialog)));
  fcrm_test_assert_unchanged (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "contact_email_row", "ivan@example.com");
  type_into (GTK_WIDGET (dialog), "contact_phone_row", "+7 926 555-44-33");
  type_into (GTK_WIDGET (dialog), "contact_company_row", "ООО Ромашка");
  id = fcrm_new_dialog_create (dialog);
  g_assert_cmpint (id, >, 0);
  contact = fcrm_crm_contact_get (fixture->base.crm, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->company_name, ==, "ООО Ромашка");
  g_assert_cmpuint (contact->emails->len, ==, 1);
  opened = g_strdup_printf ("contact:%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 0), ==, opened);
  fcrm_gui_test_drain ();

  dialog = open_dialog (fixture, FCRM_NEW_COMPANY, NULL);
  fcrm_test_snapshot (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "company_name_row", "Дуб и Ко");
  type_into (GTK_WIDGET (dialog), "company_inn_row", "123");
  g_assert_cmpint (fcrm_new_dialog_create (dialog), ==, 0);
  g_assert_nonnull (error_text (GTK_WIDGET (dialog)));
  fcrm_test_assert_unchanged (fixture->base.crm, &before);
  type_into (GTK_WIDGET (dialog), "company_inn_row", "7707083893");
  id = fcrm_new_dialog_create (dialog);
  g_assert_cmpint (id, >, 0);
  company = fcrm_crm_company_get (fixture->base.crm, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (company->name, ==, "Дуб и Ко");
  g_assert_cmpstr (company->inn, ==, "7707083893");
}

/* ---- the window: Ctrl+N, search ---- */

static FcrmWindow *
window_new (Fixture *fixture)
{
  FcrmWindow *window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->base.crm, NULL);

  catch_open_item (fixture, GTK_WIDGET (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  fcrm_gui_test_show (GTK_WIDGET (window));
  return window;
}

/* The window's own shortcut for @accel, activated as a key press would. */
static void
press_shortcut (GtkWidget  *widget,
                const char *accel)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              found = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                    gtk_shortcut_get_arguments (shortcut));
            }
        }
    }
  g_assert_true (found);
}

static void
test_new_menu_shortcut (Fixture       *fixture,
                        gconstpointer  data)
{
  FcrmWindow *window = window_new (fixture);
  GtkMenuButton *button = child (GTK_WIDGET (window), FCRM_TYPE_WINDOW, "new_button");
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  g_assert_false (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)));
  press_shortcut (GTK_WIDGET (window), "<Control>n");
  fcrm_gui_test_drain ();
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_popover_popdown (popover);

  /* the menu's actions open their dialogs */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-deal", "s", "repair");
  fcrm_gui_test_drain ();
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    FcrmNewDialog *dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (FCRM_IS_NEW_DIALOG (w))
          dialog = FCRM_NEW_DIALOG (w);
      }
    g_assert_nonnull (dialog);
    g_assert_cmpuint (adw_combo_row_get_selected (child (GTK_WIDGET (dialog), FCRM_TYPE_NEW_DIALOG, "pipeline_row")), ==, 2);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the window's type-to-search controller does with a key press. */
static gboolean
type_on_window_with (GtkWidget       *window,
                     guint            keyval,
                     GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "fcrm-type-to-search") != 0)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
      return handled;
    }
  g_assert_not_reached ();
}

static gboolean
type_on_window (GtkWidget *window,
                guint      keyval)
{
  return type_on_window_with (window, keyval, 0);
}

static gboolean
search_idle (gpointer popover)
{
  return !fcrm_search_popover_is_busy (popover);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  const char *phones[] = { "+7 (926) 555-44-33", NULL };
  FcrmContactInput input = { .name = "Иван Смирнов", .phones = phones };
  FcrmLeadInput lead_input = { .title = "Кухня", .name = "Иван Смирнов", .phone = "8 926 555 44 33" };
  FcrmDealInput deal_input = { .pipeline = "manufacturing", .title = "Шкаф-купе" };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) ivan = fcrm_crm_contact_add (fixture->base.crm, &input, &error);
  g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (fixture->base.crm, &lead_input, &error);
  g_autoptr(FcrmItem) deal = NULL;
  g_autofree char *expected = NULL;
  FcrmWindow *window;
  GtkMenuButton *button;
  FcrmSearchPopover *popover;
  GtkListBox *list;
  const char *kind;
  gint64 id;

  g_assert_no_error (error);
  deal_input.contact_id = ivan->id;
  deal = fcrm_crm_deal_add (fixture->base.crm, &deal_input, &error);
  g_assert_no_error (error);

  window = window_new (fixture);
  button = child (GTK_WIDGET (window), FCRM_TYPE_WINDOW, "search_button");
  popover = child (GTK_WIDGET (window), FCRM_TYPE_WINDOW, "search_popover");
  press_shortcut (GTK_WIDGET (window), "<Control>f");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (gtk_menu_button_get_popover (button) == GTK_POPOVER (popover));

  /* too short */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_search_popover_get_entry (popover)), "92");
  wait_until (search_idle, popover);
  g_assert_cmpstr (fcrm_search_popover_get_state (popover), ==, "hint");

  /* nothing */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_search_popover_get_entry (popover)), "zzzqqq");
  wait_until (search_idle, popover);
  g_assert_cmpstr (fcrm_search_popover_get_state (popover), ==, "empty");

  /* a phone fragment: the lead, the deal (its contact's phone), the contact, grouped */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_search_popover_get_entry (popover)), "926 555");
  wait_until (search_idle, popover);
  g_assert_cmpstr (fcrm_search_popover_get_state (popover), ==, "results");
  g_assert_true (fcrm_search_popover_get_result (popover, 0, &kind, &id));
  g_assert_cmpstr (kind, ==, "lead");
  g_assert_cmpint (id, ==, lead->id);
  g_assert_true (fcrm_search_popover_get_result (popover, 1, &kind, &id));
  g_assert_cmpstr (kind, ==, "deal");
  g_assert_cmpint (id, ==, deal->id);
  g_assert_true (fcrm_search_popover_get_result (popover, 2, &kind, &id));
  g_assert_cmpstr (kind, ==, "contact");
  g_assert_cmpint (id, ==, ivan->id);
  g_assert_false (fcrm_search_popover_get_result (popover, 3, NULL, NULL));
  /* one heading per kind */
  list = child (GTK_WIDGET (popover), FCRM_TYPE_SEARCH_POPOVER, "list");
  for (guint i = 0; i < 3; i++)
    {
      static const char * const headings[] = { "Leads", "Deals", "Contacts" };
      GtkWidget *header = gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list, i));

      g_assert_nonnull (header);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==,
                       headings[i]);
    }

  /* Enter opens the first */
  g_signal_emit_by_name (fcrm_search_popover_get_entry (popover), "activate");
  fcrm_gui_test_drain ();
  expected = g_strdup_printf ("lead:%" G_GINT64_FORMAT, lead->id);
  g_assert_cmpuint (fixture->opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 0), ==, expected);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* Cyrillic in any case, a row activated: the contact */
  gtk_menu_button_popup (button);
  gtk_editable_set_text (GTK_EDITABLE (fcrm_search_popover_get_entry (popover)), "СМИРНОВ");
  wait_until (search_idle, popover);
  for (guint i = 0; fcrm_search_popover_get_result (popover, i, &kind, &id); i++)
    if (g_str_equal (kind, "contact"))
      {
        g_clear_pointer (&expected, g_free);
        expected = g_strdup_printf ("contact:%" G_GINT64_FORMAT, ivan->id);
        g_assert_cmpint (id, ==, ivan->id);
        g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, i));
        break;
      }
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fixture->opened->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->opened, 1), ==, expected);

  /* a key typed on a board (no entry took it) starts a search with it */
  gtk_popover_popdown (GTK_POPOVER (popover));
  fcrm_gui_test_drain ();
  g_assert_true (FCRM_IS_BOARD (gtk_stack_get_visible_child (child (GTK_WIDGET (window), FCRM_TYPE_WINDOW, "stack"))));
  g_assert_true (type_on_window (GTK_WIDGET (window), GDK_KEY_Cyrillic_es));
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fcrm_search_popover_get_entry (popover))), ==, "с");
  /* with Ctrl it is a shortcut, not text; on the tasks view nothing starts */
  gtk_popover_popdown (GTK_POPOVER (popover));
  fcrm_gui_test_drain ();
  g_assert_false (type_on_window_with (GTK_WIDGET (window), GDK_KEY_a, GDK_CONTROL_MASK));
  g_assert_true (fcrm_window_show_view (window, "tasks"));
  fcrm_gui_test_drain ();
  g_assert_false (type_on_window (GTK_WIDGET (window), GDK_KEY_a));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the Closed switch ---- */

static gboolean
closed_idle (gpointer list)
{
  return !fcrm_closed_list_is_loading (list);
}

static void
test_closed (FcrmGuiBoardFixture *fixture,
             gconstpointer        data)
{
  gint64 won = fcrm_gui_fixture_add_deal (&fixture->base, "Oak kitchen", "300000");
  gint64 open = fcrm_gui_fixture_add_deal (&fixture->base, "Pine bed", "50000");
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) first = NULL;
  g_autoptr(FcrmItem) back = NULL;
  FcrmBoard *board;
  GtkWidget *list;
  GListModel *model;

  g_assert_true (fcrm_crm_deal_win (fixture->base.crm, won, &error));
  g_assert_no_error (error);

  board = fcrm_gui_board_show (fixture, "manufacturing");
  g_assert_null (fcrm_board_get_closed_list (board));
  fcrm_board_set_show_closed (board, TRUE);
  list = fcrm_board_get_closed_list (board);
  g_assert_nonnull (list);
  fcrm_gui_board_wait_for_draw (fixture);
  wait_until (closed_idle, list);
  g_assert_true (gtk_widget_get_mapped (list));
  model = fcrm_closed_list_get_model (FCRM_CLOSED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (first->id, ==, won);

  /* Reopen, as the row menu does: back on the board, gone from the list */
  gtk_widget_activate_action (list, "closed.reopen", "(xs)", won, "mfg.production");
  fcrm_gui_board_wait_for_draw (fixture);
  wait_until (closed_idle, list);
  back = fcrm_gui_test_get_deal (fixture->base.crm, won);
  g_assert_cmpstr (back->stage, ==, "mfg.production");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_nonnull (fcrm_closed_list_get_last_toast (FCRM_CLOSED_LIST (list)));

  /* a refused reopen (an open deal) says why and changes nothing */
  g_assert_false (fcrm_closed_list_reopen (FCRM_CLOSED_LIST (list), open, "mfg.production"));
  g_clear_object (&back);
  back = fcrm_gui_test_get_deal (fixture->base.crm, open);
  g_assert_cmpstr (back->stage, ==, "mfg.contract");

  fcrm_board_set_show_closed (board, FALSE);
  fcrm_gui_board_wait_for_draw (fixture);
  fcrm_gui_board_assert_header (board, "mfg.production", 1, 30000000);
}

static void
test_closed_leads (FcrmGuiBoardFixture *fixture,
                   gconstpointer        data)
{
  gint64 junk = fcrm_gui_fixture_add_lead (&fixture->base, "Spam call", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) back = NULL;
  FcrmBoard *board;
  GtkWidget *list;

  g_assert_true (fcrm_crm_lead_junk (fixture->base.crm, junk, NULL, &error));
  board = fcrm_gui_board_show (fixture, "lead");
  fcrm_board_set_show_closed (board, TRUE);
  list = fcrm_board_get_closed_list (board);
  fcrm_gui_board_wait_for_draw (fixture);
  wait_until (closed_idle, list);
  g_assert_cmpuint (g_list_model_get_n_items (fcrm_closed_list_get_model (FCRM_CLOSED_LIST (list))), ==, 1);
  gtk_widget_activate_action (list, "closed.restore", "x", junk);
  fcrm_gui_board_wait_for_draw (fixture);
  wait_until (closed_idle, list);
  back = fcrm_gui_test_get_lead (fixture->base.crm, junk);
  g_assert_cmpstr (back->stage, ==, "lead.in_progress");
  g_assert_cmpuint (g_list_model_get_n_items (fcrm_closed_list_get_model (FCRM_CLOSED_LIST (list))), ==, 0);
}

int
main (int argc, char **argv)
{
  fcrm_gui_test_init (&argc, &argv);

  g_test_add ("/new/lead", Fixture, NULL, fixture_set_up, test_new_lead, fixture_tear_down);
  g_test_add ("/new/lead-with-phone", Fixture, NULL, fixture_set_up, test_new_lead_with_phone, fixture_tear_down);
  g_test_add ("/new/deal", Fixture, NULL, fixture_set_up, test_new_deal, fixture_tear_down);
  g_test_add ("/new/contact-and-company", Fixture, NULL, fixture_set_up, test_new_contact_and_company, fixture_tear_down);
  g_test_add ("/new/shortcut", Fixture, NULL, fixture_set_up, test_new_menu_shortcut, fixture_tear_down);
  g_test_add ("/search/popover", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/closed/deals", FcrmGuiBoardFixture, NULL, fcrm_gui_board_set_up, test_closed, fcrm_gui_board_tear_down);
  g_test_add ("/closed/leads", FcrmGuiBoardFixture, NULL, fcrm_gui_board_set_up, test_closed_leads, fcrm_gui_board_tear_down);

  return g_test_run ();
}
