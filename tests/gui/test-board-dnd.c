#define G_LOG_DOMAIN "test-board-dnd"

/* Moving cards on a board: drops on columns and on final stages, the
 * dialogs they open, undo from the toast, keyboard moves, a card's "Move
 * to" menu and filters. Drops are performed by calling what a
 * GtkDropTarget's "drop" calls, with the dragged FcrmItem. */

#include "fcrm-board.h"
#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-convert-dialog.h"
#include "fcrm-inbox.h"
#include "fcrm-item-card.h"
#include "fcrm-money.h"
#include "fcrm-outcome-dialog.h"
#include "fcrm-gui-test.h"

typedef struct
{
  FcrmGuiFixture  base;
  GtkWidget      *window;
  FcrmBoard      *board;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->board != NULL)
    {
      GtkWindow *dialog = fcrm_board_get_dialog (fixture->board);

      if (dialog != NULL)
        gtk_window_destroy (dialog);
    }
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  fcrm_gui_test_drain ();
  fcrm_gui_fixture_tear_down (&fixture->base);
}

/* The board of @pipeline inside a toast overlay, as the window has it. */
static FcrmBoard *
show_board (Fixture    *fixture,
            const char *pipeline)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *board = fcrm_board_new (fixture->base.crm, pipeline);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), board);
  fixture->window = fcrm_gui_test_show_in_window (overlay);
  fixture->board = FCRM_BOARD (board);

  return fixture->board;
}

static void
wait_for_draw (Fixture *fixture)
{
  gtk_test_widget_wait_for_draw (fixture->window);
  fcrm_gui_test_drain ();
}

static gint64
add_lead (Fixture    *fixture,
          const char *title,
          const char *budget,
          const char *source,
          const char *responsible,
          const char *company)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input = {
    .title = title,
    .name = "Ivan Sokolov",
    .phone = "+7 912 345-67-89",
    .company = company,
    .source = source,
    .budget = budget,
    .responsible = responsible != NULL ? responsible : "anna",
  };

  lead = fcrm_crm_lead_add (fixture->base.crm, &input, &error);
  g_assert_no_error (error);

  return lead->id;
}

static gint64
add_deal (Fixture    *fixture,
          const char *title,
          const char *budget)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = title,
    .budget = budget,
    .responsible = "anna",
  };

  deal = fcrm_crm_deal_add (fixture->base.crm, &input, &error);
  g_assert_no_error (error);

  return deal->id;
}

static FcrmItem *
get_lead (Fixture *fixture,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_get (fixture->base.crm, id, &error);

  g_assert_no_error (error);
  return lead;
}

static FcrmItem *
get_deal (Fixture *fixture,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_get (fixture->base.crm, id, &error);

  g_assert_no_error (error);
  return deal;
}

static guint
history_length (Fixture        *fixture,
                FcrmEntityType  type,
                gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = fcrm_crm_history (fixture->base.crm, type, id, &error);

  g_assert_no_error (error);
  return history->len;
}

static guint
n_tasks (Fixture        *fixture,
         FcrmEntityType  type,
         gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = fcrm_crm_item_tasks (fixture->base.crm, type, id, &error);

  g_assert_no_error (error);
  return tasks->len;
}

static gint64
column_count (FcrmBoard  *board,
              const char *stage)
{
  FcrmBoardColumn *column = fcrm_board_get_column_for_stage (board, stage);

  /* columns read off the main loop: wait for their answers */
  fcrm_gui_test_drain ();
  g_assert_nonnull (column);
  return fcrm_board_model_get_count (fcrm_board_column_get_model (column));
}

/* The header as it is now, before anything pending has run. */
static void
assert_header_now (FcrmBoard  *board,
                   const char *stage,
                   gint64      count,
                   gint64      sum)
{
  FcrmBoardColumn *column = fcrm_board_get_column_for_stage (board, stage);
  g_autofree char *count_text = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  g_autofree char *sum_text = fcrm_money_format_display (sum);

  g_assert_nonnull (column);
  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, count_text);
  g_assert_cmpstr (fcrm_board_column_get_sum_text (column), ==, sum_text);
}

/* The header once the columns' reads (off the main loop) are answered. */
static void
assert_header (FcrmBoard  *board,
               const char *stage,
               gint64      count,
               gint64      sum)
{
  fcrm_gui_test_drain ();
  assert_header_now (board, stage, count, sum);
}

static GtkWidget *
row_of_item (FcrmBoardColumn *column,
             gint64           id)
{
  GtkListView *list_view = fcrm_board_column_get_list_view (column);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);
      FcrmItem *item = FCRM_IS_CARD_ROW (child) ? fcrm_card_row_get_item (FCRM_CARD_ROW (child)) : NULL;

      if (item != NULL && item->id == id)
        return row;
    }

  return NULL;
}

/* The toast's Undo, as if clicked. */
static void
click_undo (FcrmBoard *board)
{
  AdwToast *toast = fcrm_board_get_last_toast (board);

  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_signal_emit_by_name (toast, "button-clicked");
}

/* Answer the dialog a drop opened, as a click on @response does. */
static void
respond (FcrmBoard  *board,
         const char *response)
{
  GtkWindow *dialog = fcrm_board_get_dialog (board);

  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
  g_object_unref (dialog);
  fcrm_gui_test_drain ();
}

static void
test_drop_on_column (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) moved = NULL;
  g_autoptr(FcrmItem) back = NULL;
  FcrmBoardColumn *progress;
  FcrmBoardColumn *first;
  FcrmBoard *board;
  AdwToast *toast;
  gint64 id;

  id = add_lead (fixture, "Kitchen set", "150000", NULL, NULL, NULL);
  add_lead (fixture, "Wardrobe", "20000", NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");
  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");
  assert_header (board, "lead.new", 2, 17000000);
  assert_header (board, "lead.in_progress", 0, 0);

  /* Dropped back on its own column: nothing happens. */
  lead = get_lead (fixture, id);
  g_assert_false (fcrm_board_column_drop_item (first, lead));
  g_assert_null (fcrm_board_get_last_toast (board));
  g_assert_cmpuint (history_length (fixture, FCRM_ENTITY_LEAD, id), ==, 1);

  /* On the next column: moved in the database, both headers at once. */
  g_assert_true (fcrm_board_column_drop_item (progress, lead));
  moved = get_lead (fixture, id);
  g_assert_cmpstr (moved->stage, ==, "lead.in_progress");
  assert_header (board, "lead.new", 1, 2000000);
  assert_header (board, "lead.in_progress", 1, 15000000);
  g_assert_false (fcrm_board_column_is_empty (progress));
  toast = fcrm_board_get_last_toast (board);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Moved to “In progress”");

  wait_for_draw (fixture);
  g_assert_nonnull (row_of_item (progress, id));
  g_assert_null (row_of_item (first, id));

  /* Undo puts it back, and the columns follow. */
  click_undo (board);
  back = get_lead (fixture, id);
  g_assert_cmpstr (back->stage, ==, "lead.new");
  g_assert_cmpuint (history_length (fixture, FCRM_ENTITY_LEAD, id), ==, 1);
  assert_header (board, "lead.new", 2, 17000000);
  assert_header (board, "lead.in_progress", 0, 0);
  wait_for_draw (fixture);
  g_assert_true (fcrm_board_column_is_empty (progress));

  /* A second click does nothing more. */
  click_undo (board);
  assert_header (board, "lead.new", 2, 17000000);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it alive */
    }

  return NULL;
}

/* The GTK side: a card offers its FcrmItem, a column takes one. */
static void
test_dnd_controllers (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(FcrmItem) after = NULL;
  GValue value = G_VALUE_INIT;
  FcrmBoardColumn *progress;
  GtkEventController *source;
  GtkEventController *target;
  FcrmBoard *board;
  GtkWidget *card;
  gboolean dropped = FALSE;
  gint64 id;

  id = add_lead (fixture, "Kitchen set", "150000", NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  card = gtk_widget_get_first_child (row_of_item (fcrm_board_get_column_for_stage (board, "lead.new"), id));
  g_assert_true (FCRM_IS_CARD_ROW (card));

  source = find_controller (card, GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  g_assert_cmpint (gtk_drag_source_get_actions (GTK_DRAG_SOURCE (source)), ==, GDK_ACTION_MOVE);
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, FCRM_TYPE_ITEM);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpint (FCRM_ITEM (g_value_get_object (&value))->id, ==, id);

  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");
  target = find_controller (GTK_WIDGET (progress), GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (target)),
                                                    FCRM_TYPE_ITEM));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_true (dropped);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");
  assert_header (board, "lead.in_progress", 1, 15000000);

  /* The final stages take cards too. */
  target = find_controller (fcrm_board_get_final_target (board, "lead.junk"), GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_value_set_object (&value, after);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_true (dropped);
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  respond (board, "cancel");

  g_value_unset (&value);
}

static void
test_drop_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmBoard *board;
  gint64 deal_id;
  gint64 lead_id;

  guint tasks;

  deal_id = add_deal (fixture, "Kitchen", "300000");
  lead_id = add_lead (fixture, "Sofa", NULL, NULL, NULL, NULL);
  tasks = n_tasks (fixture, FCRM_ENTITY_DEAL, deal_id);
  board = show_board (fixture, "manufacturing");
  deal = get_deal (fixture, deal_id);
  lead = get_lead (fixture, lead_id);

  /* Not this board's cards or stages. */
  g_assert_false (fcrm_board_drop_item (board, lead, "mfg.prepayment"));
  g_assert_false (fcrm_board_drop_item (board, deal, "design.contract"));
  g_assert_false (fcrm_board_drop_item (board, deal, "mfg.contract"));
  g_assert_null (fcrm_board_get_dialog (board));

  /* A loss without a reason: the dialog does not offer it… */
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.lost"));
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  g_assert_null (fcrm_outcome_dialog_get_reason (FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board))));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (fcrm_board_get_dialog (board)),
                                                           "confirm"));
  /* …and forced anyway, the core refuses it: nothing is written. */
  respond (board, "confirm");
  after = get_deal (fixture, deal_id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_null (after->loss_reason);
  g_assert_cmpuint (history_length (fixture, FCRM_ENTITY_DEAL, deal_id), ==, 1);
  g_assert_cmpuint (n_tasks (fixture, FCRM_ENTITY_DEAL, deal_id), ==, tasks);
  g_assert_nonnull (fcrm_board_get_last_toast (board));
  g_assert_null (adw_toast_get_button_label (fcrm_board_get_last_toast (board)));
  assert_header (board, "mfg.contract", 1, 30000000);

  /* Cancelled: nothing either. */
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.lost"));
  fcrm_outcome_dialog_set_reason (FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board)), "expensive");
  respond (board, "cancel");
  g_clear_object (&after);
  after = get_deal (fixture, deal_id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_cmpuint (history_length (fixture, FCRM_ENTITY_DEAL, deal_id), ==, 1);
}

static void
test_drop_lost (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmOutcomeDialog *dialog;
  FcrmBoard *board;
  gint64 id;

  guint tasks;

  id = add_deal (fixture, "Kitchen", "300000");
  tasks = n_tasks (fixture, FCRM_ENTITY_DEAL, id);
  board = show_board (fixture, "manufacturing");
  g_assert_nonnull (fcrm_board_get_final_target (board, "mfg.won"));
  g_assert_nonnull (fcrm_board_get_final_target (board, "mfg.lost"));
  g_assert_null (fcrm_board_get_column_for_stage (board, "mfg.lost"));

  deal = get_deal (fixture, id);
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.lost"));
  dialog = FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (dialog), ==, FCRM_OUTCOME_LOST);
  fcrm_outcome_dialog_set_reason (dialog, "other");
  fcrm_outcome_dialog_set_comment (dialog, "Bought a ready-made one");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  respond (board, "confirm");

  after = get_deal (fixture, id);
  g_assert_cmpstr (after->stage, ==, "mfg.lost");
  g_assert_cmpstr (after->loss_reason, ==, "other");
  /* the callback and "Specify the reason" */
  g_assert_cmpuint (n_tasks (fixture, FCRM_ENTITY_DEAL, id), ==, tasks + 2);
  assert_header (board, "mfg.contract", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Deal lost: Other");

  click_undo (board);
  g_clear_object (&after);
  after = get_deal (fixture, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_null (after->loss_reason);
  g_assert_cmpuint (n_tasks (fixture, FCRM_ENTITY_DEAL, id), ==, tasks);
  assert_header (board, "mfg.contract", 1, 30000000);
}

static void
test_drop_won (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmBoard *board;
  gint64 id;

  id = add_deal (fixture, "Wardrobe", "90000");
  board = show_board (fixture, "manufacturing");
  deal = get_deal (fixture, id);

  /* No question for a win. */
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.won"));
  g_assert_null (fcrm_board_get_dialog (board));
  after = get_deal (fixture, id);
  g_assert_cmpstr (after->stage, ==, "mfg.won");
  g_assert_cmpint (after->closed_at, !=, 0);
  assert_header (board, "mfg.contract", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “Order successful”");

  click_undo (board);
  g_clear_object (&after);
  after = get_deal (fixture, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_cmpint (after->closed_at, ==, 0);
  assert_header (board, "mfg.contract", 1, 9000000);
}

static void
test_drop_to_installation (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmDealInput input = {
    .pipeline = "design",
    .title = "Living room design",
    .budget = "80000",
    .responsible = "anna",
  };
  FcrmBoard *board;

  deal = fcrm_crm_deal_add (fixture->base.crm, &input, &error);
  g_assert_no_error (error);
  board = show_board (fixture, "design");
  assert_header (board, "design.consultation", 1, 8000000);

  /* "To installation" hands the deal over to manufacturing: it leaves the
   * design board, and the toast says where it went. */
  g_assert_true (fcrm_board_drop_item (board, deal, "design.to_installation"));
  after = get_deal (fixture, deal->id);
  g_assert_cmpstr (after->pipeline, ==, "manufacturing");
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  assert_header (board, "design.consultation", 0, 0);
  assert_header (board, "design.to_installation", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==,
                   "Moved to “Contract” in Manufacturing");

  click_undo (board);
  g_clear_object (&after);
  after = get_deal (fixture, deal->id);
  g_assert_cmpstr (after->pipeline, ==, "design");
  g_assert_cmpstr (after->stage, ==, "design.consultation");
  assert_header (board, "design.consultation", 1, 8000000);
}

static void
test_drop_junk (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmOutcomeDialog *dialog;
  FcrmBoard *board;
  gint64 id;

  id = add_lead (fixture, "Spam", NULL, NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  for (guint i = 0; i < 4; i++)
    {
      static const char *finals[] = { "lead.to_design", "lead.to_manufacturing", "lead.to_repair", "lead.junk" };

      g_assert_nonnull (fcrm_board_get_final_target (board, finals[i]));
    }

  lead = get_lead (fixture, id);
  g_assert_true (fcrm_board_drop_item (board, lead, "lead.junk"));
  dialog = FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (dialog), ==, FCRM_OUTCOME_JUNK);
  /* The comment is optional. */
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  fcrm_outcome_dialog_set_comment (dialog, "Advertising");
  respond (board, "confirm");

  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.junk");
  assert_header (board, "lead.new", 0, 0);

  click_undo (board);
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  assert_header (board, "lead.new", 1, 0);
}

static void
test_convert (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) gone = NULL;
  FcrmConvertDialog *dialog;
  FcrmBoard *board;
  const char *preview;
  gint64 id;
  gint64 deal_id;

  id = add_lead (fixture, "Kitchen set", "120000", NULL, NULL, "Uyut & Co");
  board = show_board (fixture, "lead");
  lead = get_lead (fixture, id);

  g_assert_true (fcrm_board_drop_item (board, lead, "lead.to_manufacturing"));
  dialog = FCRM_CONVERT_DIALOG (fcrm_board_get_dialog (board));
  g_assert_true (FCRM_IS_CONVERT_DIALOG (dialog));
  g_assert_cmpstr (fcrm_convert_dialog_get_pipeline (dialog), ==, "manufacturing");

  /* SPEC §3.3 defaults, each with what it will hold. */
  g_assert_cmpint (fcrm_convert_dialog_get_flags (dialog), ==,
                   FCRM_CONVERT_CONTACT | FCRM_CONVERT_COMPANY | FCRM_CONVERT_DEAL);
  g_assert_cmpstr (fcrm_convert_dialog_get_preview (dialog, FCRM_CONVERT_CONTACT), ==,
                   "Ivan Sokolov, +7 912 345-67-89");
  g_assert_cmpstr (fcrm_convert_dialog_get_preview (dialog, FCRM_CONVERT_COMPANY), ==, "Uyut & Co");
  preview = fcrm_convert_dialog_get_preview (dialog, FCRM_CONVERT_DEAL);
  g_assert_nonnull (strstr (preview, "“Kitchen set” in Manufacturing at “Contract”"));
  g_assert_nonnull (strstr (preview, "responsible Anna Petrova"));
  {
    g_autofree char *money = fcrm_money_format_display (12000000);
    g_autofree char *budget = g_strdup_printf ("budget %s", money);

    g_assert_nonnull (strstr (preview, budget));
  }

  /* Nothing happens before the answer. */
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");

  respond (board, "convert");
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.to_manufacturing");
  g_assert_cmpint (after->contact_id, !=, 0);
  g_assert_cmpint (after->company_id, !=, 0);
  g_assert_cmpint (after->deal_id, !=, 0);
  deal_id = after->deal_id;
  deal = get_deal (fixture, deal_id);
  g_assert_cmpstr (deal->pipeline, ==, "manufacturing");
  g_assert_cmpstr (deal->stage, ==, "mfg.contract");
  g_assert_cmpint (deal->budget, ==, 12000000);
  g_assert_cmpstr (deal->responsible_login, ==, "anna");
  g_assert_cmpint (deal->contact_id, ==, after->contact_id);
  g_assert_cmpint (deal->company_id, ==, after->company_id);
  assert_header (board, "lead.new", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Deal created in Manufacturing");

  /* Undo removes the deal and what the conversion made. */
  click_undo (board);
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  g_assert_cmpint (after->deal_id, ==, 0);
  gone = fcrm_crm_deal_get (fixture->base.crm, deal_id, &error);
  g_assert_null (gone);
  g_assert_nonnull (error);
  assert_header (board, "lead.new", 1, 12000000);
}

static void
test_convert_choices (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) first = NULL;
  g_autoptr(FcrmItem) returning = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmConvertResult result = { 0 };
  FcrmConvertDialog *dialog;
  FcrmBoard *board;
  g_autofree char *existing = NULL;
  gint64 first_id;
  gint64 id;

  /* A client who bought before: a second lead with the same phone. */
  first_id = add_lead (fixture, "Bookshelf", NULL, NULL, NULL, NULL);
  fcrm_crm_lead_convert (fixture->base.crm, first_id, "design", FCRM_CONVERT_DEFAULT, &result, &error);
  g_assert_no_error (error);
  id = add_lead (fixture, "Second bookshelf", NULL, NULL, NULL, NULL);
  returning = get_lead (fixture, id);
  g_assert_true (returning->returning);
  g_assert_cmpint (returning->contact_id, ==, result.contact_id);

  board = show_board (fixture, "lead");
  g_assert_true (fcrm_board_drop_item (board, returning, "lead.to_repair"));
  dialog = FCRM_CONVERT_DIALOG (fcrm_board_get_dialog (board));

  /* The known contact is used, not offered; no company name, no company. */
  existing = g_strdup_printf ("The existing contact %s will be used", returning->contact_name);
  g_assert_false (fcrm_convert_dialog_can_create (dialog, FCRM_CONVERT_CONTACT));
  g_assert_cmpstr (fcrm_convert_dialog_get_preview (dialog, FCRM_CONVERT_CONTACT), ==, existing);
  g_assert_false (fcrm_convert_dialog_can_create (dialog, FCRM_CONVERT_COMPANY));
  g_assert_true (fcrm_convert_dialog_can_create (dialog, FCRM_CONVERT_DEAL));
  g_assert_cmpint (fcrm_convert_dialog_get_flags (dialog), ==, FCRM_CONVERT_DEAL);

  /* Without a deal the lead still reaches the stage. */
  fcrm_convert_dialog_set_flags (dialog, 0);
  g_assert_cmpint (fcrm_convert_dialog_get_flags (dialog), ==, 0);
  respond (board, "convert");
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.to_repair");
  g_assert_cmpint (after->deal_id, ==, 0);
  g_assert_cmpint (after->contact_id, ==, result.contact_id);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==,
                   "Moved to “Send to repair department”");
}

static void
test_keyboard_move (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FcrmItem) after = NULL;
  FcrmBoardColumn *first;
  FcrmBoardColumn *progress;
  FcrmBoard *board;
  FcrmItem *focused;
  GtkWidget *row;
  gint64 id;

  add_lead (fixture, "Chair", NULL, NULL, NULL, NULL);
  id = add_lead (fixture, "Kitchen set", "150000", NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");
  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");

  /* No card has the focus: the keys are left to others. */
  g_assert_false (fcrm_board_move_focused (board, 1));

  row = row_of_item (first, id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  focused = fcrm_board_column_get_focused_item (first);
  g_assert_nonnull (focused);
  g_assert_cmpint (focused->id, ==, id);

  /* Ctrl+→: the next open stage, with the same toast and undo. */
  g_assert_true (fcrm_board_move_focused (board, 1));
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");
  assert_header (board, "lead.new", 1, 0);
  assert_header (board, "lead.in_progress", 1, 15000000);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “In progress”");

  /* The focus follows the card to its new column. */
  for (guint i = 0; i < 20 && fcrm_board_column_get_focused_item (progress) == NULL; i++)
    wait_for_draw (fixture);
  focused = fcrm_board_column_get_focused_item (progress);
  g_assert_nonnull (focused);
  g_assert_cmpint (focused->id, ==, id);

  /* The last open stage: no further by keyboard (final stages ask). */
  g_assert_true (fcrm_board_move_focused (board, 1));
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");

  /* Ctrl+←: back. */
  g_assert_true (fcrm_board_move_focused (board, -1));
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  assert_header (board, "lead.new", 2, 15000000);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) igor = NULL;
  g_autoptr(FcrmItem) top = NULL;
  FcrmBoardFilter filter = { 0 };
  FcrmBoardColumn *first;
  FcrmBoard *board;

  igor = fcrm_crm_user_add (fixture->base.crm, "igor", "Igor Volkov", "manager", &error);
  g_assert_no_error (error);
  add_lead (fixture, "Anna's call", "10000", "call", "anna", NULL);
  add_lead (fixture, "Anna's big form", "500000", "webform", "anna", NULL);
  add_lead (fixture, "Igor's form", "20000", "webform", "igor", NULL);

  board = show_board (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");
  assert_header (board, "lead.new", 3, 53000000);

  /* My leads: the acting person's. */
  fcrm_board_set_mine (board, TRUE);
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.responsible_id, ==, fcrm_crm_get_actor (fixture->base.crm)->id);
  assert_header (board, "lead.new", 2, 51000000);

  /* …and from one source. */
  filter.source = "webform";
  fcrm_board_set_filter (board, &filter);
  assert_header (board, "lead.new", 1, 50000000);

  /* Somebody else's, any source. */
  filter.responsible_id = igor->id;
  filter.source = NULL;
  fcrm_board_set_filter (board, &filter);
  assert_header (board, "lead.new", 1, 2000000);
  g_assert_cmpint (column_count (board, "lead.in_progress"), ==, 0);

  /* Nobody's. */
  filter.responsible_id = -1;
  fcrm_board_set_filter (board, &filter);
  assert_header (board, "lead.new", 0, 0);

  /* All, largest budget first. */
  fcrm_board_set_mine (board, FALSE);
  filter = (FcrmBoardFilter) { .responsible_id = 0, .sort = FCRM_BOARD_SORT_BUDGET };
  fcrm_board_set_filter (board, &filter);
  assert_header (board, "lead.new", 3, 53000000);
  top = g_list_model_get_item (G_LIST_MODEL (fcrm_board_column_get_model (first)), 0);
  g_assert_cmpstr (top->title, ==, "Anna's big form");

  /* Moves keep the filter: counts stay filtered. */
  fcrm_board_set_mine (board, TRUE);
  g_clear_object (&top);
  top = g_list_model_get_item (G_LIST_MODEL (fcrm_board_column_get_model (first)), 0);
  g_assert_true (fcrm_board_drop_item (board, top, "lead.in_progress"));
  assert_header (board, "lead.new", 1, 1000000);
  assert_header (board, "lead.in_progress", 1, 50000000);
}

static void
test_changed_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcrmBoardColumn *first;
  GtkAdjustment *adjustment;
  GtkWidget *scroller;
  FcrmBoard *board;
  double value;
  gint64 id = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *title = g_strdup_printf ("Wardrobe %u", i + 1);

      id = add_lead (fixture, title, "1000", NULL, NULL, NULL);
    }
  board = show_board (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");

  /* Scrolled down a little way. */
  scroller = gtk_widget_get_parent (GTK_WIDGET (fcrm_board_column_get_list_view (first)));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  for (guint i = 0; i < 10 && gtk_adjustment_get_value (adjustment) < 500; i++)
    {
      gtk_adjustment_set_value (adjustment, 500);
      wait_for_draw (fixture);
    }
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, >, 0);

  /* A move made elsewhere in the program (the item card, say): the board
   * follows once the change is done, and the scrolled column that did not
   * change stays where it was. */
  fcrm_crm_lead_move (fixture->base.crm, add_lead (fixture, "Sofa", "5000", NULL, NULL, NULL),
                      "lead.in_progress", &error);
  g_assert_no_error (error);
  assert_header_now (board, "lead.in_progress", 0, 0);
  fcrm_gui_test_drain ();
  assert_header (board, "lead.in_progress", 1, 500000);
  wait_for_draw (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, value);

  /* A card of the scrolled column changes: it is re-read, and keeps its place. */
  fcrm_crm_lead_set (fixture->base.crm, id, "title", "Wardrobe, renamed", -1, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  wait_for_draw (fixture);
  g_assert_cmpfloat (ABS (gtk_adjustment_get_value (adjustment) - value), <, 1);
  assert_header (board, "lead.new", 40, 4000000);
  {
    g_autoptr(FcrmItem) renamed = g_list_model_get_item (G_LIST_MODEL (fcrm_board_column_get_model (first)), 0);

    g_assert_cmpint (renamed->id, ==, id);
    g_assert_cmpstr (renamed->title, ==, "Wardrobe, renamed");
  }
  /* Nothing new: no column is re-read. */
  {
    FcrmBoardColumn *working = fcrm_board_get_column_for_stage (board, "lead.in_progress");
    guint first_reloads = fcrm_board_column_get_n_reloads (first);
    guint working_reloads = fcrm_board_column_get_n_reloads (working);

    fcrm_board_column_sync (first);
    fcrm_board_column_sync (working);
    fcrm_gui_test_drain ();
    g_assert_false (fcrm_board_column_is_syncing (first));
    g_assert_false (fcrm_board_column_is_syncing (working));
    g_assert_cmpuint (fcrm_board_column_get_n_reloads (first), ==, first_reloads);
    g_assert_cmpuint (fcrm_board_column_get_n_reloads (working), ==, working_reloads);
  }

  /* A card leaves the scrolled column. */
  fcrm_crm_lead_move (fixture->base.crm, id, "lead.in_progress", &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  wait_for_draw (fixture);
  assert_header (board, "lead.new", 39, 3900000);
  g_test_message ("scroll before %.0f, after a card left %.0f", value, gtk_adjustment_get_value (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}

/* ---- a card's "Move to" menu ---- */

static FcrmCardRow *
card_of_item (FcrmBoard  *board,
              const char *stage,
              gint64      id)
{
  GtkWidget *row = row_of_item (fcrm_board_get_column_for_stage (board, stage), id);
  GtkWidget *card;

  g_assert_nonnull (row);
  card = gtk_widget_get_first_child (row);
  g_assert_true (FCRM_IS_CARD_ROW (card));

  return FCRM_CARD_ROW (card);
}

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

  id = add_lead (fixture, "Kitchen set", "150000", NULL, NULL, NULL);
  moved = add_lead (fixture, "Wardrobe", NULL, NULL, NULL, NULL);
  lead = get_lead (fixture, moved);
  board = show_board (fixture, "lead");
  g_assert_true (fcrm_board_drop_item (board, lead, "lead.in_progress"));
  wait_for_draw (fixture);

  /* Every other stage of the pipeline in its order, final ones included;
   * those that ask first say so. */
  card = card_of_item (board, "lead.new", id);
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

  card = card_of_item (board, "lead.in_progress", moved);
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

  id = add_lead (fixture, "Kitchen set", "150000", NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");
  card = card_of_item (board, "lead.new", id);

  /* Its own stage is no move. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.new"));
  g_assert_null (fcrm_board_get_last_toast (board));

  /* A plain move: in the database, both columns, a toast with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.in_progress"));
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");
  g_assert_cmpuint (history_length (fixture, FCRM_ENTITY_LEAD, id), ==, 2);
  assert_header (board, "lead.new", 0, 0);
  assert_header (board, "lead.in_progress", 1, 15000000);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “In progress”");

  /* The keyboard focus goes with the card. */
  for (guint i = 0; i < 20 && fcrm_board_column_get_focused_item (progress) == NULL; i++)
    wait_for_draw (fixture);
  focused = fcrm_board_column_get_focused_item (progress);
  g_assert_nonnull (focused);
  g_assert_cmpint (focused->id, ==, id);

  click_undo (board);
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  assert_header (board, "lead.new", 1, 15000000);
  assert_header (board, "lead.in_progress", 0, 0);
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

  id = add_lead (fixture, "Spam", NULL, NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  card = card_of_item (board, "lead.new", id);

  /* Junk: the dialog a drop on "Junk lead" opens, for this lead. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.junk"));
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  outcome = FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (outcome), ==, FCRM_OUTCOME_JUNK);
  g_assert_cmpint (fcrm_outcome_dialog_get_item (outcome)->id, ==, id);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");

  fcrm_outcome_dialog_set_comment (outcome, "Advertising");
  respond (board, "confirm");
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.junk");
  assert_header (board, "lead.new", 0, 0);
  click_undo (board);
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  wait_for_draw (fixture);

  /* A conversion: the conversion dialog, for the stage's pipeline. */
  card = card_of_item (board, "lead.new", id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "lead.to_design"));
  g_assert_true (FCRM_IS_CONVERT_DIALOG (fcrm_board_get_dialog (board)));
  convert = FCRM_CONVERT_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpstr (fcrm_convert_dialog_get_pipeline (convert), ==, "design");
  respond (board, "cancel");
  g_clear_object (&after);
  after = get_lead (fixture, id);
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

  id = add_deal (fixture, "Kitchen", "90000");
  board = show_board (fixture, "manufacturing");
  card = card_of_item (board, "mfg.contract", id);

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
  after = get_deal (fixture, id);
  g_assert_cmpstr (after->stage, ==, "mfg.won");
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “Order successful”");
  click_undo (board);
  g_clear_object (&after);
  after = get_deal (fixture, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  wait_for_draw (fixture);

  /* Lost asks for the reason. */
  card = card_of_item (board, "mfg.contract", id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "s", "mfg.lost"));
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board))), ==,
                   FCRM_OUTCOME_LOST);
  respond (board, "cancel");
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

static GtkWidget *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "card.show-menu") == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
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

  id = add_lead (fixture, "Kitchen set", "150000", NULL, NULL, NULL);
  board = show_board (fixture, "lead");
  card = card_of_item (board, "lead.new", id);
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
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/board-dnd/drop-on-column", test_drop_on_column);
  ADD ("/board-dnd/controllers", test_dnd_controllers);
  ADD ("/board-dnd/refused", test_drop_refused);
  ADD ("/board-dnd/lost", test_drop_lost);
  ADD ("/board-dnd/won", test_drop_won);
  ADD ("/board-dnd/to-installation", test_drop_to_installation);
  ADD ("/board-dnd/junk", test_drop_junk);
  ADD ("/board-dnd/convert", test_convert);
  ADD ("/board-dnd/convert-choices", test_convert_choices);
  ADD ("/board-dnd/keyboard", test_keyboard_move);
  ADD ("/board-dnd/menu/model", test_menu_model);
  ADD ("/board-dnd/menu/move", test_menu_move);
  ADD ("/board-dnd/menu/dialogs", test_menu_dialogs);
  ADD ("/board-dnd/menu/deal", test_menu_deal);
  ADD ("/board-dnd/menu/popup", test_menu_popup);
  ADD ("/board-dnd/filters", test_filters);
  ADD ("/board-dnd/changed-elsewhere", test_changed_elsewhere);

#undef ADD

  return g_test_run ();
}
