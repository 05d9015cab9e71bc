#define G_LOG_DOMAIN "test-board-menu"

/* A card's "Move to" menu on a board: its model, the moves and dialogs it
 * starts, on leads and on deals, and the ways to open it. The drops
 * themselves are in test-board-dnd.c. */

#include "fcrm-board.h"
#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-convert-dialog.h"
#include "fcrm-inbox.h"
#include "fcrm-item-card.h"
#include "fcrm-money.h"
#include "fcrm-outcome-dialog.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiBoardFixture Fixture;

/* ---- a card's "Move to" menu ---- */

static char *
menu_string (GMenuModel *model,
             int         position,
             const char *attribute)
{
  char *value = NULL;

  g_menu_model_get_item_attribute (model, position, attribute, "s", &value);
  return value;
}

/* The "Move to" section: "code=label" per item, in order, joined by "|". */
static char *
move_to_items (GMenuModel *menu)
{
  g_autoptr(GMenuModel) section = NULL;
  g_autoptr(GString) items = g_string_new (NULL);
  g_autofree char *open_action = menu_string (menu, 0, G_MENU_ATTRIBUTE_ACTION);
  g_autofree char *heading = menu_string (menu, 1, G_MENU_ATTRIBUTE_LABEL);

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  g_assert_cmpstr (open_action, ==, "card.open");
  g_assert_cmpstr (heading, ==, "Move to");
  section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);

  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *action = menu_string (section, i, G_MENU_ATTRIBUTE_ACTION);
      g_autofree char *target = menu_string (section, i, G_MENU_ATTRIBUTE_TARGET);
      g_autofree char *label = menu_string (section, i, G_MENU_ATTRIBUTE_LABEL);

      g_assert_cmpstr (action, ==, "card.move-to");
      g_string_append_printf (items, "%s%s=%s", i > 0 ? "|" : "", target, label);
    }

  return g_string_free (g_steal_pointer (&items), FALSE);
}

static void
test_menu_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *lead_items = NULL;
  g_autofree char *progress_items = NULL;
  g_autofree char *accel = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GMenuModel) section = NULL;
  FcrmCardRow *card;
  FcrmBoard *board;
  gint64 moved;
  gint64 id;

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, NULL);
  moved = fcrm_gui_fixture_add_lead_full (&fixture->base, "Wardrobe", NULL, NULL, NULL, NULL);
  lead = fcrm_gui_test_get_lead (fixture->base.crm, moved);
  board = fcrm_gui_board_show (fixture, "lead");
  g_assert_true (fcrm_board_drop_item (board, lead, "lead.in_progress"));
  fcrm_gui_board_wait_for_draw (fixture);

  /* Every other stage of the pipeline in its order, final ones included;
   * those that ask first say so. */
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);
  lead_items = move_to_items (fcrm_card_row_get_menu_model (card));
  g_assert_cmpstr (lead_items, ==,
                   "lead.in_progress=In progress|"
                   "lead.to_design=Send to design department…|"
                   "lead.to_manufacturing=Create individual project…|"
                   "lead.to_repair=Send to repair department…|"
                   "lead.junk=Junk lead…");
  /* Ctrl+→ goes there too, and the menu says so. */
  section = g_menu_model_get_item_link (fcrm_card_row_get_menu_model (card), 1, G_MENU_LINK_SECTION);
  accel = menu_string (section, 0, "accel");
  g_assert_cmpstr (accel, ==, "<Control>Right");

  card = fcrm_gui_board_card_of_item (board, "lead.in_progress", moved);
  progress_items = move_to_items (fcrm_card_row_get_menu_model (card));
  g_assert_cmpstr (progress_items, ==,
                   "lead.new=Unprocessed|"
                   "lead.to_design=Send to design department…|"
                   "lead.to_manufacturing=Create individual project…|"
                   "lead.to_repair=Send to repair department…|"
                   "lead.junk=Junk lead…");
}

static void
test_menu_move (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FcrmItem) after = NULL;
  FcrmBoardColumn *progress;
  FcrmCardRow *card;
  FcrmBoard *board;
  FcrmItem *focused;
  gint64 id;

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);

  /* Its own stage is no move. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.new"));
  g_assert_null (fcrm_board_get_last_toast (board));

  /* A plain move: in the database, both columns, a toast with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.in_progress"));
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");
  g_assert_cmpuint (fcrm_gui_test_history_length (fixture->base.crm, FCRM_ENTITY_LEAD, id), ==, 2);
  fcrm_gui_board_assert_header (board, "lead.new", 0, 0);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 1, 15000000);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “In progress”");

  /* The keyboard focus goes with the card. */
  for (guint i = 0; i < 20 && fcrm_board_column_get_focused_item (progress) == NULL; i++)
    fcrm_gui_board_wait_for_draw (fixture);
  focused = fcrm_board_column_get_focused_item (progress);
  g_assert_nonnull (focused);
  g_assert_cmpint (focused->id, ==, id);

  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  fcrm_gui_board_assert_header (board, "lead.new", 1, 15000000);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 0, 0);
}

static void
test_menu_dialogs (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FcrmItem) after = NULL;
  FcrmOutcomeDialog *outcome;
  FcrmConvertDialog *convert;
  FcrmCardRow *card;
  FcrmBoard *board;
  gint64 id;

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Spam", NULL, NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);

  /* Junk: the dialog a drop on "Junk lead" opens, for this lead. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.junk"));
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  outcome = FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (outcome), ==, FCRM_OUTCOME_JUNK);
  g_assert_cmpint (fcrm_outcome_dialog_get_item (outcome)->id, ==, id);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");

  fcrm_outcome_dialog_set_comment (outcome, "Advertising");
  fcrm_gui_board_respond (board, "confirm");
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.junk");
  fcrm_gui_board_assert_header (board, "lead.new", 0, 0);
  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  fcrm_gui_board_wait_for_draw (fixture);

  /* A conversion: the conversion dialog, for the stage's pipeline. */
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.to_design"));
  g_assert_true (FCRM_IS_CONVERT_DIALOG (fcrm_board_get_dialog (board)));
  convert = FCRM_CONVERT_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpstr (fcrm_convert_dialog_get_pipeline (convert), ==, "design");
  fcrm_gui_board_respond (board, "cancel");
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  g_assert_cmpint (after->deal_id, ==, 0);
}

static void
test_menu_deal (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *items = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmCardRow *card;
  FcrmBoard *board;
  gint64 id;

  id = fcrm_gui_fixture_add_deal (&fixture->base, "Kitchen", "90000");
  board = fcrm_gui_board_show (fixture, "manufacturing");
  card = fcrm_gui_board_card_of_item (board, "mfg.contract", id);

  items = move_to_items (fcrm_card_row_get_menu_model (card));
  g_assert_cmpstr (items, ==,
                   "mfg.prepayment=Prepayment|"
                   "mfg.production=Furniture production|"
                   "mfg.delivery=Delivery|"
                   "mfg.installation=Installation|"
                   "mfg.payment=Payment|"
                   "mfg.won=Order successful|"
                   "mfg.lost=Lost…");

  /* A win needs no dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "mfg.won"));
  g_assert_null (fcrm_board_get_dialog (board));
  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.won");
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “Order successful”");
  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  fcrm_gui_board_wait_for_draw (fixture);

  /* Lost asks for the reason. */
  card = fcrm_gui_board_card_of_item (board, "mfg.contract", id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "mfg.lost"));
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board))), ==,
                   FCRM_OUTCOME_LOST);
  fcrm_gui_board_respond (board, "cancel");
}

static void
popdown (FcrmCardRow *card)
{
  GtkPopover *menu = fcrm_card_row_get_menu (card);

  g_assert_nonnull (menu);
  gtk_popover_popdown (menu);
  fcrm_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
}

static gboolean
is_menu_button (GtkWidget    *widget,
                gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "card.show-menu") == 0;
}

static GtkWidget *
find_menu_button (GtkWidget *widget)
{
  return fcrm_gui_test_find (widget, is_menu_button, NULL);
}

/* The ways to open the menu: Menu / Shift+F10, a right-click, the ⋮ button;
 * and its "Open". */
static void
test_menu_popup (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkEventController *click = NULL;
  g_autoptr(GListModel) controllers = NULL;
  FcrmItemCard *window;
  FcrmCardRow *card;
  FcrmBoard *board;
  GtkWidget *button;
  gint64 id;

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);
  g_assert_null (fcrm_card_row_get_menu (card));

  /* The keys need a focused card. */
  g_assert_false (fcrm_board_popup_card_menu (board));
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (card))));
  g_assert_true (fcrm_board_popup_card_menu (board));
  fcrm_gui_test_drain ();
  g_assert_nonnull (fcrm_card_row_get_menu (card));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fcrm_card_row_get_menu (card))));
  g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (fcrm_card_row_get_menu (card))) ==
                 fcrm_card_row_get_menu_model (card));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card), "menu-open"));
  popdown (card);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (card), "menu-open"));

  /* A right-click. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (card));
  for (guint i = 0; click == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        click = controller;
    }
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1, 20.0, 20.0);
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fcrm_card_row_get_menu (card))));
  popdown (card);

  /* The ⋮ button: it leaves the focus to the list row. */
  button = find_menu_button (GTK_WIDGET (card));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_focusable (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_signal_emit_by_name (button, "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fcrm_card_row_get_menu (card))));
  popdown (card);

  /* "Open": the card window, as a double-click opens it. */
  g_assert_null (fcrm_item_card_find (fixture->base.crm, FCRM_ENTITY_LEAD, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.open", NULL));
  window = fcrm_item_card_find (fixture->base.crm, FCRM_ENTITY_LEAD, id);
  g_assert_nonnull (window);
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_board_set_up, func, fcrm_gui_board_tear_down)

  ADD ("/board-dnd/menu/model", test_menu_model);
  ADD ("/board-dnd/menu/move", test_menu_move);
  ADD ("/board-dnd/menu/dialogs", test_menu_dialogs);
  ADD ("/board-dnd/menu/deal", test_menu_deal);
  ADD ("/board-dnd/menu/popup", test_menu_popup);

#undef ADD

  return g_test_run ();
}
