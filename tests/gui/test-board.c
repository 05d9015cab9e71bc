#define G_LOG_DOMAIN "test-board"

#include "fcrm-board.h"
#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-clock.h"
#include "fcrm-crm.h"
#include "fcrm-money.h"
#include "fcrm-store.h"
#include "fcrm-gui-test.h"

/* A 700 px high window shows about six cards; the first frame may build a
 * few screenfuls, never the column. */
#define FIRST_FRAME_CARDS 64
/* GTK 4.8's list view keeps up to ~200 rows around the visible ones. */
#define MAX_CARD_WIDGETS 250

typedef FcrmGuiFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fcrm_gui_fixture_set_up (fixture, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fcrm_gui_fixture_tear_down (fixture);
}

static void
add_many_leads (Fixture *fixture,
                guint    n)
{
  FcrmStore *store = fcrm_crm_get_store (fixture->crm);
  g_autoptr(GError) error = NULL;

  /* One outer transaction: the nested ones of lead_add only count. */
  fcrm_store_begin (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Wardrobe %u", i + 1);
      fcrm_gui_fixture_add_lead (fixture, title, "1000");
    }
  fcrm_store_commit (store, &error);
  g_assert_no_error (error);
}

static char *
count_text (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static FcrmCardRow *
first_card (FcrmBoardColumn *column)
{
  GtkListView *list_view = fcrm_board_column_get_list_view (column);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);

      if (FCRM_IS_CARD_ROW (child) && fcrm_card_row_get_item (FCRM_CARD_ROW (child)) != NULL)
        return FCRM_CARD_ROW (child);
    }

  return NULL;
}

static void
test_board_columns (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one = count_text (1);
  g_autofree char *two = count_text (2);
  g_autofree char *sum_new = fcrm_money_format_display (15000000);
  g_autofree char *sum_progress = fcrm_money_format_display (32000000);
  FcrmBoardModel *model;
  FcrmCardRow *card;
  FcrmBoardColumn *column;
  GtkWidget *board;
  GtkWidget *window;
  gint64 id;

  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");
  id = fcrm_gui_fixture_add_lead (fixture, "Wardrobe", "200000");
  fcrm_crm_lead_move (fixture->crm, id, "lead.in_progress", &error);
  g_assert_no_error (error);
  id = fcrm_gui_fixture_add_lead (fixture, "Sofa", "120000");
  fcrm_crm_lead_move (fixture->crm, id, "lead.in_progress", &error);
  g_assert_no_error (error);

  board = fcrm_board_new (fixture->crm, "lead");
  window = fcrm_gui_test_show_in_window (board);

  /* One column per open stage, in pipeline order; final stages are not columns. */
  g_assert_cmpuint (fcrm_board_get_n_columns (FCRM_BOARD (board)), ==, 2);
  column = fcrm_board_get_column (FCRM_BOARD (board), 0);
  g_assert_cmpstr (fcrm_board_column_get_stage (column)->code, ==, "lead.new");
  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, one);
  g_assert_cmpstr (fcrm_board_column_get_sum_text (column), ==, sum_new);
  g_assert_false (fcrm_board_column_is_empty (column));
  g_assert_cmpuint (fcrm_board_column_get_n_bound (column), ==, 1);

  column = fcrm_board_get_column (FCRM_BOARD (board), 1);
  g_assert_cmpstr (fcrm_board_column_get_stage (column)->code, ==, "lead.in_progress");
  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, two);
  g_assert_cmpstr (fcrm_board_column_get_sum_text (column), ==, sum_progress);
  g_assert_cmpuint (fcrm_board_column_get_n_bound (column), ==, 2);

  g_assert_null (fcrm_board_get_column_for_stage (FCRM_BOARD (board), "lead.junk"));
  g_assert_true (fcrm_board_is_populated (FCRM_BOARD (board)));

  /* Closing the window frees the board, its columns and their models. */
  model = fcrm_board_column_get_model (column);
  card = first_card (column);
  g_object_add_weak_pointer (G_OBJECT (board), (gpointer *) &board);
  g_object_add_weak_pointer (G_OBJECT (column), (gpointer *) &column);
  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
  g_object_add_weak_pointer (G_OBJECT (card), (gpointer *) &card);
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
  g_assert_null (board);
  g_assert_null (column);
  g_assert_null (model);
  g_assert_null (card);
}

static void
test_board_deal_pipelines (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct { const char *code; guint n_open; } pipelines[] = {
    { "manufacturing", 6 },
    { "design", 5 },   /* "To installation" is a drop target, not a column */
    { "repair", 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pipelines); i++)
    {
      GtkWidget *board = fcrm_board_new (fixture->crm, pipelines[i].code);
      GtkWidget *window = fcrm_gui_test_show_in_window (board);

      g_assert_cmpuint (fcrm_board_get_n_columns (FCRM_BOARD (board)), ==, pipelines[i].n_open);
      for (guint c = 0; c < pipelines[i].n_open; c++)
        {
          FcrmBoardColumn *column = fcrm_board_get_column (FCRM_BOARD (board), c);

          g_assert_cmpint (fcrm_board_column_get_stage (column)->kind, ==, FCRM_STAGE_OPEN);
          g_assert_true (fcrm_board_column_is_empty (column));
        }

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_board_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *zero = count_text (0);
  GtkWidget *board = fcrm_board_new (fixture->crm, "lead");
  GtkWidget *window = fcrm_gui_test_show_in_window (board);

  for (guint i = 0; i < fcrm_board_get_n_columns (FCRM_BOARD (board)); i++)
    {
      FcrmBoardColumn *column = fcrm_board_get_column (FCRM_BOARD (board), i);

      g_assert_true (fcrm_board_column_is_empty (column));
      g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, zero);
      g_assert_cmpuint (fcrm_board_column_get_n_bound (column), ==, 0);
    }
  g_assert_true (fcrm_board_is_populated (FCRM_BOARD (board)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_board_virtualised (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *five_hundred = count_text (500);
  FcrmBoardColumn *column;
  GtkAdjustment *vadjustment;
  GtkWidget *board;
  GtkWidget *window;
  GtkWidget *scroller;

  add_many_leads (fixture, 500);

  board = fcrm_board_new (fixture->crm, "lead");
  window = fcrm_gui_test_show_in_window (board);

  column = fcrm_board_get_column_for_stage (FCRM_BOARD (board), "lead.new");
  g_assert_nonnull (column);
  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, five_hundred);
  /* the header counts the column; the model has read its first page */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fcrm_board_column_get_model (column))), ==, 50);

  /* Only what is near the viewport has a widget: the first frame builds
   * about a screenful of cards, not the column. */
  g_test_message ("500 leads, first frame: %u shown, %u card widgets, %u bound",
                  fcrm_board_column_get_n_shown (column),
                  fcrm_board_column_get_n_cards (column),
                  fcrm_board_column_get_n_bound (column));
  g_assert_cmpuint (fcrm_board_column_get_n_bound (column), >, 0);
  g_assert_cmpuint (fcrm_board_column_get_n_cards (column), <=, FIRST_FRAME_CARDS);
  g_assert_cmpuint (fcrm_board_column_get_n_bound (column), <=, FIRST_FRAME_CARDS);

  /* Scrolling to the end reaches every card, recycling widgets on the way. */
  scroller = gtk_widget_get_parent (GTK_WIDGET (fcrm_board_column_get_list_view (column)));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  for (guint i = 0; i < 300 && fcrm_board_column_get_n_shown (column) < 500; i++)
    {
      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
      gtk_test_widget_wait_for_draw (window);
      fcrm_gui_test_drain ();
    }
  g_test_message ("500 leads, scrolled to the end: %u shown, %u card widgets, %u bound",
                  fcrm_board_column_get_n_shown (column),
                  fcrm_board_column_get_n_cards (column),
                  fcrm_board_column_get_n_bound (column));
  g_assert_cmpuint (fcrm_board_column_get_n_shown (column), ==, 500);
  /* page after page, each read after the last card: every card once */
  {
    GListModel *model = G_LIST_MODEL (fcrm_board_column_get_model (column));
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 500);
    g_assert_false (fcrm_board_model_has_more (FCRM_BOARD_MODEL (model)));
    for (guint i = 0; i < 500; i++)
      {
        g_autoptr(FcrmItem) item = g_list_model_get_item (model, i);
        gint64 *id = g_new (gint64, 1);

        *id = item->id;
        g_assert_true (g_hash_table_add (seen, id));
      }
  }
  g_assert_cmpuint (fcrm_board_column_get_n_cards (column), <=, MAX_CARD_WIDGETS);
  g_assert_cmpuint (fcrm_board_column_get_n_bound (column), <=, MAX_CARD_WIDGETS);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_board_reload (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *zero = count_text (0);
  g_autofree char *one = count_text (1);
  FcrmBoardColumn *column;
  GtkWidget *board;
  GtkWidget *window;

  board = fcrm_board_new (fixture->crm, "lead");
  window = fcrm_gui_test_show_in_window (board);
  column = fcrm_board_get_column_for_stage (FCRM_BOARD (board), "lead.new");
  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, zero);
  g_assert_true (fcrm_board_column_is_empty (column));

  fcrm_gui_fixture_add_lead (fixture, "Bookshelf", "45000");
  fcrm_board_reload (FCRM_BOARD (board));
  gtk_test_widget_wait_for_draw (window);
  fcrm_gui_test_drain ();

  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, one);
  g_assert_false (fcrm_board_column_is_empty (column));
  g_assert_cmpuint (fcrm_board_column_get_n_bound (column), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_card_stale (Fixture       *fixture,
                 gconstpointer  data)
{
  FcrmBoardColumn *column;
  FcrmCardRow *card;
  GtkWidget *board;
  GtkWidget *window;

  fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");

  /* Three days in a stage is still fine… */
  fcrm_clock_advance (fixture->clock, 3 * FCRM_GUI_TEST_DAY);
  board = fcrm_board_new (fixture->crm, "lead");
  window = fcrm_gui_test_show_in_window (board);
  column = fcrm_board_get_column_for_stage (FCRM_BOARD (board), "lead.new");
  card = first_card (column);
  g_assert_nonnull (card);
  g_assert_cmpint (fcrm_card_row_get_item (card)->days_in_stage, ==, 3);
  g_assert_false (fcrm_card_row_is_stale (card));
  gtk_window_destroy (GTK_WINDOW (window));

  /* …more than three asks for attention. */
  fcrm_clock_advance (fixture->clock, 2 * FCRM_GUI_TEST_DAY);
  board = fcrm_board_new (fixture->crm, "lead");
  window = fcrm_gui_test_show_in_window (board);
  column = fcrm_board_get_column_for_stage (FCRM_BOARD (board), "lead.new");
  card = first_card (column);
  g_assert_nonnull (card);
  g_assert_cmpint (fcrm_card_row_get_item (card)->days_in_stage, ==, 5);
  g_assert_true (fcrm_card_row_is_stale (card));
  g_assert_cmpstr (fcrm_card_row_get_item (card)->title, ==, "Kitchen set");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/board/columns", test_board_columns);
  ADD ("/board/deal-pipelines", test_board_deal_pipelines);
  ADD ("/board/empty", test_board_empty);
  ADD ("/board/virtualised", test_board_virtualised);
  ADD ("/board/reload", test_board_reload);
  ADD ("/board/card-stale", test_card_stale);

#undef ADD

  return g_test_run ();
}
