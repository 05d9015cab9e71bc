#define G_LOG_DOMAIN "test-board-layout"

/* A board's layout: columns of a fixed width scrolling sideways with arrows
 * at the edges, the focused card kept in view, the bar of final stages
 * along the bottom while a card is dragged, the "from Design" badge. */

#include "fcrm-board.h"
#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiBoardFixture Fixture;

/* What a 1280 px main window leaves beside its 240 px sidebar. */
#define BOARD_WIDTH_AT_1280 1039

static FcrmBoard *
show_board_sized (Fixture    *fixture,
                  const char *pipeline,
                  int         width)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *board = fcrm_board_new (fixture->base.crm, pipeline);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), board);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  fcrm_gui_test_show (fixture->window);
  fixture->board = FCRM_BOARD (board);

  return fixture->board;
}

/* Where @column lies in the scrolled row, in the adjustment's units. */
static void
column_span (FcrmBoard       *board,
             FcrmBoardColumn *column,
             double          *start,
             double          *end)
{
  GtkAdjustment *adjustment = fcrm_board_get_hadjustment (board);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (column), GTK_TYPE_SCROLLED_WINDOW);
  double y = 0;

  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (column), scroller, 0, 0, start, &y));
  *start += gtk_adjustment_get_value (adjustment);
  *end = *start + gtk_widget_get_width (GTK_WIDGET (column));
}

static gboolean
column_in_view (FcrmBoard       *board,
                FcrmBoardColumn *column)
{
  GtkAdjustment *adjustment = fcrm_board_get_hadjustment (board);
  double value = gtk_adjustment_get_value (adjustment);
  double start, end;

  column_span (board, column, &start, &end);
  return start >= value && end <= value + gtk_adjustment_get_page_size (adjustment);
}

static gboolean
has_icon (GtkWidget    *widget,
          gconstpointer icon)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

static GtkWidget *
scroll_button (FcrmBoard  *board,
               const char *icon)
{
  return fcrm_gui_test_find (GTK_WIDGET (board), has_icon, icon);
}

/* The bar slides in and out: wait (up to 5 s) until it is done. */
static void
wait_for_bar (FcrmBoard *board,
              GtkWidget *target,
              gboolean   shown)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_ancestor (target, GTK_TYPE_REVEALER));
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_nonnull (revealer);
  while ((gtk_revealer_get_child_revealed (revealer) != shown || gtk_widget_get_mapped (target) != shown) &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_column_width (Fixture       *fixture,
                   gconstpointer  data)
{
  FcrmBoard *board;

  /* A long title does not widen its column. */
  fcrm_gui_fixture_add_deal (&fixture->base,
                             "A very long deal title that would take the whole width of any column by itself",
                             "100000");
  board = show_board_sized (fixture, "manufacturing", BOARD_WIDTH_AT_1280);
  fcrm_gui_board_wait_for_draw (fixture);

  g_assert_cmpuint (fcrm_board_get_n_columns (board), ==, 6);
  for (guint i = 0; i < fcrm_board_get_n_columns (board); i++)
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fcrm_board_get_column (board, i))), ==,
                     FCRM_BOARD_COLUMN_WIDTH);

  /* At 1280 px four Manufacturing stages show whole. */
  for (guint i = 0; i < 4; i++)
    g_assert_true (column_in_view (board, fcrm_board_get_column (board, i)));
  g_assert_false (column_in_view (board, fcrm_board_get_column (board, 5)));
}

static void
test_scroll_arrows (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkAdjustment *adjustment;
  GtkWidget *start_button;
  GtkWidget *end_button;
  FcrmBoard *board;

  board = show_board_sized (fixture, "manufacturing", 800);
  fcrm_gui_board_wait_for_draw (fixture);
  adjustment = fcrm_board_get_hadjustment (board);
  start_button = scroll_button (board, "go-previous-symbolic");
  end_button = scroll_button (board, "go-next-symbolic");
  g_assert_nonnull (start_button);
  g_assert_nonnull (end_button);

  /* More columns to the right only. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_false (gtk_widget_get_visible (start_button));
  g_assert_true (gtk_widget_get_visible (end_button));
  g_assert_false (column_in_view (board, fcrm_board_get_column (board, 3)));

  /* The arrow brings the next column's start to the edge. */
  g_signal_emit_by_name (end_button, "clicked");
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  g_assert_true (gtk_widget_get_visible (start_button));

  /* Up to the end: the arrow there goes, the other stays. */
  for (int i = 0; i < 10; i++)
    g_signal_emit_by_name (end_button, "clicked");
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  g_assert_false (gtk_widget_get_visible (end_button));
  g_assert_true (gtk_widget_get_visible (start_button));
  g_assert_true (column_in_view (board, fcrm_board_get_column (board, 5)));

  for (int i = 0; i < 10; i++)
    g_signal_emit_by_name (start_button, "clicked");
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_false (gtk_widget_get_visible (start_button));
}

static void
test_focus_in_view (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcrmBoardColumn *last;
  FcrmBoardColumn *first;
  FcrmBoard *board;
  gint64 id;

  id = fcrm_gui_fixture_add_deal (&fixture->base, "Wardrobe", "90000");
  g_assert_true (fcrm_crm_item_move (fixture->base.crm, FCRM_ENTITY_DEAL, id, "mfg.installation", &error));
  g_assert_no_error (error);
  board = show_board_sized (fixture, "manufacturing", 800);
  fcrm_gui_board_wait_for_draw (fixture);
  last = fcrm_board_get_column_for_stage (board, "mfg.installation");
  first = fcrm_board_get_column (board, 0);
  g_assert_false (column_in_view (board, last));

  /* Focusing a card out of sight brings its column into view. */
  g_assert_true (fcrm_board_column_focus_item (last, id));
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_nonnull (fcrm_board_column_get_focused_item (last));
  g_assert_true (column_in_view (board, last));

  /* Ctrl+← moves it back a stage: the focus follows, and so does the view. */
  for (guint i = 0; i < fcrm_board_get_n_columns (board) - 1; i++)
    {
      g_assert_true (fcrm_board_move_focused (board, -1));
      fcrm_gui_test_drain ();
      fcrm_gui_board_wait_for_draw (fixture);
    }
  g_assert_nonnull (fcrm_board_column_get_focused_item (first));
  g_assert_true (column_in_view (board, first));
  g_assert_cmpfloat (gtk_adjustment_get_value (fcrm_board_get_hadjustment (board)), <, 1);
}

/* The bar of final stages shows from a card's drag begin to its end;
 * dropping there goes through the same flow as before. */
static void
test_finals_bar (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) after = NULL;
  GtkEventController *source;
  GtkWidget *won;
  GtkWidget *card;
  FcrmBoard *board;
  gint64 id;

  id = fcrm_gui_fixture_add_deal (&fixture->base, "Wardrobe", "90000");
  board = show_board_sized (fixture, "manufacturing", 1000);
  fcrm_gui_board_wait_for_draw (fixture);

  won = fcrm_board_get_final_target (board, "mfg.won");
  g_assert_nonnull (won);
  g_assert_nonnull (fcrm_board_get_final_target (board, "mfg.lost"));
  g_assert_false (fcrm_board_get_finals_shown (board));
  g_assert_false (gtk_widget_get_mapped (won));

  card = GTK_WIDGET (fcrm_gui_board_card_of_item (board, "mfg.contract", id));
  source = fcrm_gui_test_find_controller (card, GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);

  g_signal_emit_by_name (source, "drag-begin", NULL);
  g_assert_true (fcrm_board_get_finals_shown (board));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (board), "dragging"));
  fcrm_gui_board_wait_for_draw (fixture);
  wait_for_bar (board, won, TRUE);
  g_assert_true (gtk_widget_get_mapped (won));

  /* A drop on Won wins the deal, with Undo, as before. */
  deal = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_true (fcrm_gui_board_drop_on (won, deal));
  g_signal_emit_by_name (source, "drag-end", NULL, TRUE);
  g_assert_false (fcrm_board_get_finals_shown (board));
  wait_for_bar (board, won, FALSE);
  g_assert_false (gtk_widget_get_mapped (won));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (board), "dragging"));

  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.won");
  g_assert_null (fcrm_board_get_dialog (board));
  fcrm_gui_board_assert_header (board, "mfg.contract", 0, 0);
  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
}

/* Design's "To installation" is a target of the bar; the deal it hands
 * over shows "from Design" on the Manufacturing board. */
static void
test_handover_badge (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  FcrmCardRow *card;
  GtkLabel *badge;
  FcrmBoard *board;
  gint64 plain;

  plain = fcrm_gui_fixture_add_deal (&fixture->base, "Wardrobe", "90000");
  deal = fcrm_gui_fixture_add_deal_in (&fixture->base, "design", "Living room design", "80000");

  board = show_board_sized (fixture, "design", 1000);
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_null (fcrm_board_get_column_for_stage (board, "design.to_installation"));
  g_assert_true (fcrm_gui_board_drop_on (fcrm_board_get_final_target (board, "design.to_installation"), deal));
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==,
                   "Moved to “Contract” in Manufacturing");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fcrm_gui_test_drain ();

  board = show_board_sized (fixture, "manufacturing", 1000);
  fcrm_gui_board_wait_for_draw (fixture);
  fcrm_gui_board_assert_header (board, "mfg.contract", 2, 17000000);
  fcrm_gui_board_wait_for_draw (fixture);

  card = fcrm_gui_board_card_of_item (board, "mfg.contract", deal->id);
  badge = fcrm_gui_test_find_type_child (GTK_WIDGET (card), FCRM_TYPE_CARD_ROW, "handover_badge");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "from Design");

  /* a deal made in Manufacturing has none */
  card = fcrm_gui_board_card_of_item (board, "mfg.contract", plain);
  badge = fcrm_gui_test_find_type_child (GTK_WIDGET (card), FCRM_TYPE_CARD_ROW, "handover_badge");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_board_set_up, func, fcrm_gui_board_tear_down)

  ADD ("/board-layout/column-width", test_column_width);
  ADD ("/board-layout/scroll-arrows", test_scroll_arrows);
  ADD ("/board-layout/focus-in-view", test_focus_in_view);
  ADD ("/board-layout/finals-bar", test_finals_bar);
  ADD ("/board-layout/handover-badge", test_handover_badge);

  return g_test_run ();
}
