#define G_LOG_DOMAIN "test-board-view"

/* A board's view menu and what the window keeps of each board: compact
 * cards, and the filters and order restored in a new window that shares
 * the settings (the memory GSettings backend of the widget tests). */

#include "fcrm-board.h"
#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-money.h"
#include "fcrm-window.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiBoardFixture Fixture;

static gpointer
card_child (FcrmCardRow *card,
            const char  *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (card), FCRM_TYPE_CARD_ROW, name);
}

static void
test_compact (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *budget = NULL;
  FcrmCardRow *card;
  FcrmBoard *board;
  GtkWidget *row;
  int full_height;
  gint64 id;

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, "Petrov Furniture");
  board = fcrm_gui_board_show (fixture, "lead");
  fcrm_gui_board_wait_for_draw (fixture);
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);
  row = gtk_widget_get_parent (GTK_WIDGET (card));
  full_height = gtk_widget_get_height (row);
  g_assert_false (fcrm_board_get_compact (board));
  g_assert_true (gtk_widget_get_visible (card_child (card, "meta_box")));
  g_assert_true (gtk_widget_get_visible (card_child (card, "client_label")));
  g_assert_false (gtk_widget_get_visible (card_child (card, "compact_budget_label")));
  /* a long title wraps to a second line rather than losing its end */
  g_assert_cmpint (gtk_label_get_lines (card_child (card, "title_label")), ==, 2);
  g_assert_true (gtk_label_get_wrap (card_child (card, "title_label")));

  /* The view menu's toggle: one line, the title and the amount. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.compact", NULL));
  g_assert_true (fcrm_board_get_compact (board));
  fcrm_gui_board_wait_for_draw (fixture);
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);
  row = gtk_widget_get_parent (GTK_WIDGET (card));
  g_assert_true (fcrm_card_row_get_compact (card));
  g_assert_false (gtk_widget_get_visible (card_child (card, "meta_box")));
  g_assert_false (gtk_widget_get_visible (card_child (card, "client_label")));
  g_assert_false (gtk_widget_get_visible (card_child (card, "days_label")));
  g_assert_true (gtk_widget_get_visible (card_child (card, "compact_budget_label")));
  budget = fcrm_money_format_display (15000000);
  g_assert_cmpstr (gtk_label_get_text (card_child (card, "compact_budget_label")), ==, budget);
  g_assert_cmpstr (gtk_label_get_text (card_child (card, "title_label")), ==, "Kitchen set");
  g_assert_cmpint (gtk_label_get_lines (card_child (card, "title_label")), ==, 1);
  g_test_message ("card row height: full %d, compact %d", full_height, gtk_widget_get_height (row));
  g_assert_cmpint (gtk_widget_get_height (row) * 2, <, full_height);

  /* Cards built later are compact too. */
  fcrm_gui_fixture_add_lead (&fixture->base, "Wardrobe", "20000");
  fcrm_board_reload (board);
  fcrm_gui_board_wait_for_draw (fixture);
  for (GtkWidget *r = gtk_widget_get_first_child (GTK_WIDGET (fcrm_board_column_get_list_view (fcrm_board_get_column (board, 0))));
       r != NULL; r = gtk_widget_get_next_sibling (r))
    if (FCRM_IS_CARD_ROW (gtk_widget_get_first_child (r)))
      g_assert_true (fcrm_card_row_get_compact (FCRM_CARD_ROW (gtk_widget_get_first_child (r))));

  /* And back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.compact", NULL));
  g_assert_false (fcrm_board_get_compact (board));
  card = fcrm_gui_board_card_of_item (board, "lead.new", id);
  g_assert_true (gtk_widget_get_visible (card_child (card, "meta_box")));
  g_assert_true (gtk_widget_get_visible (card_child (card, "client_label")));
  g_assert_false (gtk_widget_get_visible (card_child (card, "compact_budget_label")));
}

static FcrmWindow *
new_window (Fixture   *fixture,
            GSettings *settings)
{
  FcrmWindow *window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->base.crm, "settings", settings, NULL);

  fcrm_gui_test_show (GTK_WIDGET (window));
  return window;
}

static FcrmBoard *
window_board (FcrmWindow *window,
              const char *view,
              const char *code)
{
  g_assert_true (fcrm_window_show_view (window, view));
  fcrm_gui_test_drain ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  fcrm_gui_test_drain ();
  return fcrm_window_get_board (window, code);
}

static void
test_view_restored (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  g_autoptr(FcrmUser) anna = NULL;
  FcrmBoardFilter filter;
  FcrmWindow *window;
  FcrmBoard *board;
  GtkDropDown *responsible;
  GtkDropDown *source;

  g_settings_reset (settings, "board-views");
  g_settings_reset (settings, "board-compact");
  boris = fcrm_crm_user_add (fixture->base.crm, "boris", "Boris Orlov", "manager", &error);
  g_assert_no_error (error);
  anna = g_object_ref (fcrm_crm_get_actor (fixture->base.crm));

  fcrm_gui_fixture_add_lead_full (&fixture->base, "Anna's form", "50000", "webform", "anna", NULL);
  fcrm_gui_fixture_add_lead_full (&fixture->base, "Boris's call", "70000", "call", "boris", NULL);
  window = new_window (fixture, settings);
  board = window_board (window, "leads", "lead");
  fcrm_gui_board_assert_header (board, "lead.new", 2, 12000000);

  /* Leads: Boris's webform leads, largest budget first, compact. */
  source = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (board), FCRM_TYPE_BOARD, "source_dropdown"));
  filter = (FcrmBoardFilter) { .responsible_id = boris->id, .source = "webform", .sort = FCRM_BOARD_SORT_STAGE_ENTERED };
  fcrm_board_set_filter (board, &filter);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.sort", "s", "budget"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.compact", NULL));
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.sort, ==, FCRM_BOARD_SORT_BUDGET);
  g_assert_cmpuint (gtk_drop_down_get_selected (source), ==, 2);

  /* Manufacturing: "My deals". */
  board = window_board (window, "manufacturing", "manufacturing");
  fcrm_board_set_mine (board, TRUE);
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.responsible_id, ==, anna->id);
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();

  /* A new window (the next start) shows each board as it was left. */
  window = new_window (fixture, settings);
  board = window_board (window, "leads", "lead");
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.responsible_id, ==, boris->id);
  g_assert_cmpstr (filter.source, ==, "webform");
  g_assert_cmpint (filter.sort, ==, FCRM_BOARD_SORT_BUDGET);
  g_assert_true (fcrm_board_get_compact (board));
  source = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (board), FCRM_TYPE_BOARD, "source_dropdown"));
  g_assert_cmpuint (gtk_drop_down_get_selected (source), ==, 2);
  responsible = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (board), FCRM_TYPE_BOARD, "responsible_dropdown"));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (responsible)),
                                               gtk_drop_down_get_selected (responsible)), ==, "Boris Orlov");
  /* the columns show it too: Boris has no webform leads */
  fcrm_gui_board_assert_header (board, "lead.new", 0, 0);

  board = window_board (window, "manufacturing", "manufacturing");
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.responsible_id, ==, anna->id);
  g_assert_null (filter.source);
  g_assert_cmpint (filter.sort, ==, FCRM_BOARD_SORT_STAGE_ENTERED);
  /* density is one choice for every board */
  g_assert_true (fcrm_board_get_compact (board));

  /* Back to everybody's: kept as such. */
  fcrm_board_set_mine (board, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
  window = new_window (fixture, settings);
  board = window_board (window, "manufacturing", "manufacturing");
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.responsible_id, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();

  g_settings_reset (settings, "board-views");
  g_settings_reset (settings, "board-compact");
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_board_set_up, func, fcrm_gui_board_tear_down)

  ADD ("/board-view/compact", test_compact);
  ADD ("/board-view/restored", test_view_restored);

  return g_test_run ();
}
