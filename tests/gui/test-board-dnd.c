#define G_LOG_DOMAIN "test-board-dnd"

/* Moving cards on a board: drops on columns and on final stages, the
 * dialogs they open, undo from the toast, keyboard moves and filters (a
 * card's "Move to" menu is in test-board-menu.c). Drops are performed by calling what a
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

typedef FcrmGuiBoardFixture Fixture;

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

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, NULL);
  fcrm_gui_fixture_add_lead_full (&fixture->base, "Wardrobe", "20000", NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");
  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");
  fcrm_gui_board_assert_header (board, "lead.new", 2, 17000000);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 0, 0);

  /* Dropped back on its own column: nothing happens. */
  lead = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_false (fcrm_board_column_drop_item (first, lead));
  g_assert_null (fcrm_board_get_last_toast (board));
  g_assert_cmpuint (fcrm_gui_test_history_length (fixture->base.crm, FCRM_ENTITY_LEAD, id), ==, 1);

  /* On the next column: moved in the database, both headers at once. */
  g_assert_true (fcrm_board_column_drop_item (progress, lead));
  moved = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (moved->stage, ==, "lead.in_progress");
  fcrm_gui_board_assert_header (board, "lead.new", 1, 2000000);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 1, 15000000);
  g_assert_false (fcrm_board_column_is_empty (progress));
  toast = fcrm_board_get_last_toast (board);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Moved to “In progress”");

  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_nonnull (fcrm_gui_board_row_of_item (progress, id));
  g_assert_null (fcrm_gui_board_row_of_item (first, id));

  /* Undo puts it back, and the columns follow. */
  fcrm_gui_board_click_undo (board);
  back = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (back->stage, ==, "lead.new");
  g_assert_cmpuint (fcrm_gui_test_history_length (fixture->base.crm, FCRM_ENTITY_LEAD, id), ==, 1);
  fcrm_gui_board_assert_header (board, "lead.new", 2, 17000000);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 0, 0);
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_true (fcrm_board_column_is_empty (progress));

  /* A second click does nothing more. */
  fcrm_gui_board_click_undo (board);
  fcrm_gui_board_assert_header (board, "lead.new", 2, 17000000);
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

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  card = gtk_widget_get_first_child (fcrm_gui_board_row_of_item (fcrm_board_get_column_for_stage (board, "lead.new"), id));
  g_assert_true (FCRM_IS_CARD_ROW (card));

  source = fcrm_gui_test_find_controller (card, GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  g_assert_cmpint (gtk_drag_source_get_actions (GTK_DRAG_SOURCE (source)), ==, GDK_ACTION_MOVE);
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, FCRM_TYPE_ITEM);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpint (FCRM_ITEM (g_value_get_object (&value))->id, ==, id);

  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");
  target = fcrm_gui_test_find_controller (GTK_WIDGET (progress), GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (target)),
                                                    FCRM_TYPE_ITEM));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_true (dropped);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");
  fcrm_gui_board_assert_header (board, "lead.in_progress", 1, 15000000);

  /* The final stages take cards too. */
  target = fcrm_gui_test_find_controller (fcrm_board_get_final_target (board, "lead.junk"), GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_value_set_object (&value, after);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_true (dropped);
  g_assert_true (FCRM_IS_OUTCOME_DIALOG (fcrm_board_get_dialog (board)));
  fcrm_gui_board_respond (board, "cancel");

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

  deal_id = fcrm_gui_fixture_add_deal (&fixture->base, "Kitchen", "300000");
  lead_id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Sofa", NULL, NULL, NULL, NULL);
  tasks = n_tasks (fixture, FCRM_ENTITY_DEAL, deal_id);
  board = fcrm_gui_board_show (fixture, "manufacturing");
  deal = fcrm_gui_test_get_deal (fixture->base.crm, deal_id);
  lead = fcrm_gui_test_get_lead (fixture->base.crm, lead_id);

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
  fcrm_gui_board_respond (board, "confirm");
  after = fcrm_gui_test_get_deal (fixture->base.crm, deal_id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_null (after->loss_reason);
  g_assert_cmpuint (fcrm_gui_test_history_length (fixture->base.crm, FCRM_ENTITY_DEAL, deal_id), ==, 1);
  g_assert_cmpuint (n_tasks (fixture, FCRM_ENTITY_DEAL, deal_id), ==, tasks);
  g_assert_nonnull (fcrm_board_get_last_toast (board));
  g_assert_null (adw_toast_get_button_label (fcrm_board_get_last_toast (board)));
  fcrm_gui_board_assert_header (board, "mfg.contract", 1, 30000000);

  /* Cancelled: nothing either. */
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.lost"));
  fcrm_outcome_dialog_set_reason (FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board)), "expensive");
  fcrm_gui_board_respond (board, "cancel");
  g_clear_object (&after);
  after = fcrm_gui_test_get_deal (fixture->base.crm, deal_id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_cmpuint (fcrm_gui_test_history_length (fixture->base.crm, FCRM_ENTITY_DEAL, deal_id), ==, 1);
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

  id = fcrm_gui_fixture_add_deal (&fixture->base, "Kitchen", "300000");
  tasks = n_tasks (fixture, FCRM_ENTITY_DEAL, id);
  board = fcrm_gui_board_show (fixture, "manufacturing");
  g_assert_nonnull (fcrm_board_get_final_target (board, "mfg.won"));
  g_assert_nonnull (fcrm_board_get_final_target (board, "mfg.lost"));
  g_assert_null (fcrm_board_get_column_for_stage (board, "mfg.lost"));

  deal = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.lost"));
  dialog = FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (dialog), ==, FCRM_OUTCOME_LOST);
  fcrm_outcome_dialog_set_reason (dialog, "other");
  fcrm_outcome_dialog_set_comment (dialog, "Bought a ready-made one");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  fcrm_gui_board_respond (board, "confirm");

  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.lost");
  g_assert_cmpstr (after->loss_reason, ==, "other");
  /* the words typed are the reason in detail: only the callback, no
   * "Specify the reason" asking for them again */
  g_assert_cmpstr (after->loss_reason_text, ==, "Bought a ready-made one");
  g_assert_cmpuint (n_tasks (fixture, FCRM_ENTITY_DEAL, id), ==, tasks + 1);
  fcrm_gui_board_assert_header (board, "mfg.contract", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Deal lost: Other");

  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_null (after->loss_reason);
  g_assert_null (after->loss_reason_text);
  g_assert_cmpuint (n_tasks (fixture, FCRM_ENTITY_DEAL, id), ==, tasks);
  fcrm_gui_board_assert_header (board, "mfg.contract", 1, 30000000);
}

static void
test_drop_won (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmBoard *board;
  gint64 id;

  id = fcrm_gui_fixture_add_deal (&fixture->base, "Wardrobe", "90000");
  board = fcrm_gui_board_show (fixture, "manufacturing");
  deal = fcrm_gui_test_get_deal (fixture->base.crm, id);

  /* No question for a win. */
  g_assert_true (fcrm_board_drop_item (board, deal, "mfg.won"));
  g_assert_null (fcrm_board_get_dialog (board));
  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.won");
  g_assert_cmpint (after->closed_at, !=, 0);
  fcrm_gui_board_assert_header (board, "mfg.contract", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “Order successful”");

  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_deal (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_cmpint (after->closed_at, ==, 0);
  fcrm_gui_board_assert_header (board, "mfg.contract", 1, 9000000);
}

static void
test_drop_to_installation (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) after = NULL;
  FcrmBoard *board;

  deal = fcrm_gui_fixture_add_deal_in (&fixture->base, "design", "Living room design", "80000");
  board = fcrm_gui_board_show (fixture, "design");
  fcrm_gui_board_assert_header (board, "design.consultation", 1, 8000000);

  /* "To installation" hands the deal over to manufacturing: it leaves the
   * design board, and the toast says where it went. */
  g_assert_true (fcrm_board_drop_item (board, deal, "design.to_installation"));
  after = fcrm_gui_test_get_deal (fixture->base.crm, deal->id);
  g_assert_cmpstr (after->pipeline, ==, "manufacturing");
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  fcrm_gui_board_assert_header (board, "design.consultation", 0, 0);
  /* a drop target in the bar, not an always-empty column */
  g_assert_null (fcrm_board_get_column_for_stage (board, "design.to_installation"));
  g_assert_nonnull (fcrm_board_get_final_target (board, "design.to_installation"));
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==,
                   "Moved to “Contract” in Manufacturing");

  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_deal (fixture->base.crm, deal->id);
  g_assert_cmpstr (after->pipeline, ==, "design");
  g_assert_cmpstr (after->stage, ==, "design.consultation");
  fcrm_gui_board_assert_header (board, "design.consultation", 1, 8000000);
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

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Spam", NULL, NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  for (guint i = 0; i < 4; i++)
    {
      static const char *finals[] = { "lead.to_design", "lead.to_manufacturing", "lead.to_repair", "lead.junk" };

      g_assert_nonnull (fcrm_board_get_final_target (board, finals[i]));
    }

  lead = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_true (fcrm_board_drop_item (board, lead, "lead.junk"));
  dialog = FCRM_OUTCOME_DIALOG (fcrm_board_get_dialog (board));
  g_assert_cmpint (fcrm_outcome_dialog_get_outcome (dialog), ==, FCRM_OUTCOME_JUNK);
  /* The comment is optional. */
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  fcrm_outcome_dialog_set_comment (dialog, "Advertising");
  fcrm_gui_board_respond (board, "confirm");

  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.junk");
  fcrm_gui_board_assert_header (board, "lead.new", 0, 0);

  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  fcrm_gui_board_assert_header (board, "lead.new", 1, 0);
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

  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "120000", NULL, NULL, "Uyut & Co");
  board = fcrm_gui_board_show (fixture, "lead");
  lead = fcrm_gui_test_get_lead (fixture->base.crm, id);

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
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");

  fcrm_gui_board_respond (board, "convert");
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.to_manufacturing");
  g_assert_cmpint (after->contact_id, !=, 0);
  g_assert_cmpint (after->company_id, !=, 0);
  g_assert_cmpint (after->deal_id, !=, 0);
  deal_id = after->deal_id;
  deal = fcrm_gui_test_get_deal (fixture->base.crm, deal_id);
  g_assert_cmpstr (deal->pipeline, ==, "manufacturing");
  g_assert_cmpstr (deal->stage, ==, "mfg.contract");
  g_assert_cmpint (deal->budget, ==, 12000000);
  g_assert_cmpstr (deal->responsible_login, ==, "anna");
  g_assert_cmpint (deal->contact_id, ==, after->contact_id);
  g_assert_cmpint (deal->company_id, ==, after->company_id);
  fcrm_gui_board_assert_header (board, "lead.new", 0, 0);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Deal created in Manufacturing");

  /* Undo removes the deal and what the conversion made. */
  fcrm_gui_board_click_undo (board);
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  g_assert_cmpint (after->deal_id, ==, 0);
  gone = fcrm_crm_deal_get (fixture->base.crm, deal_id, &error);
  g_assert_null (gone);
  g_assert_nonnull (error);
  fcrm_gui_board_assert_header (board, "lead.new", 1, 12000000);
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
  first_id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Bookshelf", NULL, NULL, NULL, NULL);
  fcrm_crm_lead_convert (fixture->base.crm, first_id, "design", FCRM_CONVERT_DEFAULT, &result, &error);
  g_assert_no_error (error);
  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Second bookshelf", NULL, NULL, NULL, NULL);
  returning = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_true (returning->returning);
  g_assert_cmpint (returning->contact_id, ==, result.contact_id);

  board = fcrm_gui_board_show (fixture, "lead");
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
  fcrm_gui_board_respond (board, "convert");
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
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

  fcrm_gui_fixture_add_lead_full (&fixture->base, "Chair", NULL, NULL, NULL, NULL);
  id = fcrm_gui_fixture_add_lead_full (&fixture->base, "Kitchen set", "150000", NULL, NULL, NULL);
  board = fcrm_gui_board_show (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");
  progress = fcrm_board_get_column_for_stage (board, "lead.in_progress");

  /* No card has the focus: the keys are left to others. */
  g_assert_false (fcrm_board_move_focused (board, 1));

  row = fcrm_gui_board_row_of_item (first, id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  focused = fcrm_board_column_get_focused_item (first);
  g_assert_nonnull (focused);
  g_assert_cmpint (focused->id, ==, id);

  /* Ctrl+→: the next open stage, with the same toast and undo. */
  g_assert_true (fcrm_board_move_focused (board, 1));
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");
  fcrm_gui_board_assert_header (board, "lead.new", 1, 0);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 1, 15000000);
  g_assert_cmpstr (adw_toast_get_title (fcrm_board_get_last_toast (board)), ==, "Moved to “In progress”");

  /* The focus follows the card to its new column. */
  for (guint i = 0; i < 20 && fcrm_board_column_get_focused_item (progress) == NULL; i++)
    fcrm_gui_board_wait_for_draw (fixture);
  focused = fcrm_board_column_get_focused_item (progress);
  g_assert_nonnull (focused);
  g_assert_cmpint (focused->id, ==, id);

  /* The last open stage: no further by keyboard (final stages ask). */
  g_assert_true (fcrm_board_move_focused (board, 1));
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.in_progress");

  /* Ctrl+←: back. */
  g_assert_true (fcrm_board_move_focused (board, -1));
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->base.crm, id);
  g_assert_cmpstr (after->stage, ==, "lead.new");
  fcrm_gui_board_assert_header (board, "lead.new", 2, 15000000);
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
  fcrm_gui_fixture_add_lead_full (&fixture->base, "Anna's call", "10000", "call", "anna", NULL);
  fcrm_gui_fixture_add_lead_full (&fixture->base, "Anna's big form", "500000", "webform", "anna", NULL);
  fcrm_gui_fixture_add_lead_full (&fixture->base, "Igor's form", "20000", "webform", "igor", NULL);

  board = fcrm_gui_board_show (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");
  fcrm_gui_board_assert_header (board, "lead.new", 3, 53000000);

  /* My leads: the acting person's. */
  fcrm_board_set_mine (board, TRUE);
  fcrm_board_get_filter (board, &filter);
  g_assert_cmpint (filter.responsible_id, ==, fcrm_crm_get_actor (fixture->base.crm)->id);
  fcrm_gui_board_assert_header (board, "lead.new", 2, 51000000);

  /* …and from one source. */
  filter.source = "webform";
  fcrm_board_set_filter (board, &filter);
  fcrm_gui_board_assert_header (board, "lead.new", 1, 50000000);

  /* Somebody else's, any source. */
  filter.responsible_id = igor->id;
  filter.source = NULL;
  fcrm_board_set_filter (board, &filter);
  fcrm_gui_board_assert_header (board, "lead.new", 1, 2000000);
  g_assert_cmpint (column_count (board, "lead.in_progress"), ==, 0);

  /* Nobody's. */
  filter.responsible_id = -1;
  fcrm_board_set_filter (board, &filter);
  fcrm_gui_board_assert_header (board, "lead.new", 0, 0);

  /* All, largest budget first. */
  fcrm_board_set_mine (board, FALSE);
  filter = (FcrmBoardFilter) { .responsible_id = 0, .sort = FCRM_BOARD_SORT_BUDGET };
  fcrm_board_set_filter (board, &filter);
  fcrm_gui_board_assert_header (board, "lead.new", 3, 53000000);
  top = g_list_model_get_item (G_LIST_MODEL (fcrm_board_column_get_model (first)), 0);
  g_assert_cmpstr (top->title, ==, "Anna's big form");

  /* Moves keep the filter: counts stay filtered. */
  fcrm_board_set_mine (board, TRUE);
  g_clear_object (&top);
  top = g_list_model_get_item (G_LIST_MODEL (fcrm_board_column_get_model (first)), 0);
  g_assert_true (fcrm_board_drop_item (board, top, "lead.in_progress"));
  fcrm_gui_board_assert_header (board, "lead.new", 1, 1000000);
  fcrm_gui_board_assert_header (board, "lead.in_progress", 1, 50000000);
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

      id = fcrm_gui_fixture_add_lead_full (&fixture->base, title, "1000", NULL, NULL, NULL);
    }
  board = fcrm_gui_board_show (fixture, "lead");
  first = fcrm_board_get_column_for_stage (board, "lead.new");

  /* Scrolled down a little way. */
  scroller = gtk_widget_get_parent (GTK_WIDGET (fcrm_board_column_get_list_view (first)));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  for (guint i = 0; i < 10 && gtk_adjustment_get_value (adjustment) < 500; i++)
    {
      gtk_adjustment_set_value (adjustment, 500);
      fcrm_gui_board_wait_for_draw (fixture);
    }
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, >, 0);

  /* A move made elsewhere in the program (the item card, say): the board
   * follows once the change is done, and the scrolled column that did not
   * change stays where it was. */
  fcrm_crm_lead_move (fixture->base.crm, fcrm_gui_fixture_add_lead_full (&fixture->base, "Sofa", "5000", NULL, NULL, NULL),
                      "lead.in_progress", &error);
  g_assert_no_error (error);
  fcrm_gui_board_assert_header_now (board, "lead.in_progress", 0, 0);
  fcrm_gui_test_drain ();
  fcrm_gui_board_assert_header (board, "lead.in_progress", 1, 500000);
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, value);

  /* A card of the scrolled column changes: it is re-read, and keeps its place. */
  fcrm_crm_lead_set (fixture->base.crm, id, "title", "Wardrobe, renamed", -1, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  fcrm_gui_board_wait_for_draw (fixture);
  g_assert_cmpfloat (ABS (gtk_adjustment_get_value (adjustment) - value), <, 1);
  fcrm_gui_board_assert_header (board, "lead.new", 40, 4000000);
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
  fcrm_gui_board_wait_for_draw (fixture);
  fcrm_gui_board_assert_header (board, "lead.new", 39, 3900000);
  g_test_message ("scroll before %.0f, after a card left %.0f", value, gtk_adjustment_get_value (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}


int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_board_set_up, func, fcrm_gui_board_tear_down)

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
  ADD ("/board-dnd/filters", test_filters);
  ADD ("/board-dnd/changed-elsewhere", test_changed_elsewhere);

#undef ADD

  return g_test_run ();
}
