#define G_LOG_DOMAIN "test-item-card"

#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-inbox.h"
#include "fcrm-item-card.h"
#include "fcrm-comments.h"
#include "fcrm-gui-test.h"
#include "fcrm-test-util.h"

typedef FcrmGuiFixture Fixture;

static FcrmTask *
find_task (GPtrArray  *tasks,
           const char *title)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      FcrmTask *task = g_ptr_array_index (tasks, i);

      if (g_strcmp0 (task->title, title) == 0)
        return task;
    }

  return NULL;
}

static guint
n_item_tasks (Fixture        *fixture,
              FcrmEntityType  type,
              gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = fcrm_crm_item_tasks (fixture->crm, type, id, &error);

  g_assert_no_error (error);
  return tasks->len;
}

static void
add_task_through_form (FcrmItemCard *card,
                       const char   *title,
                       const char   *due)
{
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_child (card, "task_title_entry")), title);
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_child (card, "task_due_entry")), due);
  g_signal_emit_by_name (fcrm_gui_card_child (card, "task_add_button"), "clicked");
  fcrm_gui_test_drain ();
}

static void
test_card_lead (Fixture       *fixture,
                gconstpointer  data)
{
  /* Markup characters in user data must show as typed (and not warn). */
  const char *title = "Kitchen <b>set</b> & \"co\"";
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  FcrmItemCard *card;
  GtkListBox *tasks_list;
  GtkListBox *timeline;
  GtkWidget *error_label;
  AdwPreferencesRow *row;
  GtkWidget *check;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, title, "150000");
  task = fcrm_crm_task_add (fixture->crm, "Call <back>", NULL, "2026-01-15", NULL,
                            FCRM_ENTITY_LEAD, id, &error);
  g_assert_no_error (error);

  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);
  g_assert_cmpint (fcrm_item_card_get_item_type (card), ==, FCRM_ENTITY_LEAD);
  g_assert_cmpint (fcrm_item_card_get_item_id (card), ==, id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (card)), ==, title);
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "title_label")), ==, title);
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "stage_label")), ==, "Unprocessed");
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "pipeline_label")), ==, "Leads");
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "returning_badge")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fcrm_gui_card_child (card, "main_stack")), ==, "card");

  /* A lead has a project too (SPEC §4); the note is for converted leads. */
  g_assert_true (gtk_widget_get_visible (fcrm_gui_card_child (card, "project_group")));
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "project_lead_label")));

  /* The manual task is listed, open. */
  tasks_list = fcrm_gui_card_child (card, "tasks_list");
  g_assert_cmpuint (fcrm_gui_test_count_rows (tasks_list), ==, 1);
  row = fcrm_gui_test_find_list_row (tasks_list, "Call <back>");
  g_assert_nonnull (row);

  /* Timeline: the stage entry and the robot's notification. */
  timeline = fcrm_gui_card_child (card, "timeline_list");
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "Entered “Unprocessed” on "));
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "New lead “Kitchen"));

  /* Presenting the same item again raises the same window. */
  fcrm_item_card_present (NULL, fixture->crm, FCRM_ENTITY_LEAD, id);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);
  g_assert_true (fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, id) == card);

  /* A bad due date: the core's message inline, nothing written. */
  error_label = fcrm_gui_card_child (card, "task_error_label");
  add_task_through_form (card, "Measure the kitchen", "2026-02-30");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_cmpuint (n_item_tasks (fixture, FCRM_ENTITY_LEAD, id), ==, 1);
  g_assert_cmpuint (fcrm_gui_test_count_rows (tasks_list), ==, 1);
  /* The typed text stays for correcting. */
  g_assert_cmpstr (gtk_editable_get_text (fcrm_gui_card_child (card, "task_due_entry")), ==, "2026-02-30");

  /* No title at all: refused the same way. */
  add_task_through_form (card, "", "");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (n_item_tasks (fixture, FCRM_ENTITY_LEAD, id), ==, 1);

  /* A good one appears, and the form empties. */
  add_task_through_form (card, "Measure the kitchen", "2026-02-03 10:00");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (n_item_tasks (fixture, FCRM_ENTITY_LEAD, id), ==, 2);
  g_assert_cmpuint (fcrm_gui_test_count_rows (tasks_list), ==, 2);
  g_assert_nonnull (fcrm_gui_test_find_list_row (tasks_list, "Measure the kitchen"));
  g_assert_cmpstr (gtk_editable_get_text (fcrm_gui_card_child (card, "task_title_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (fcrm_gui_card_child (card, "task_due_entry")), ==, "");

  /* Ticking the first task marks it done; it stays listed, dimmed. */
  row = fcrm_gui_test_find_list_row (tasks_list, "Call <back>");
  check = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  g_assert_true (gtk_widget_get_sensitive (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  fcrm_gui_test_drain ();

  tasks = fcrm_crm_item_tasks (fixture->crm, FCRM_ENTITY_LEAD, id, &error);
  g_assert_no_error (error);
  g_assert_true (find_task (tasks, "Call <back>")->done);
  g_assert_false (find_task (tasks, "Measure the kitchen")->done);

  g_assert_cmpuint (fcrm_gui_test_count_rows (tasks_list), ==, 2);
  row = fcrm_gui_test_find_list_row (tasks_list, "Call <back>");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "item-card-task-done"));
  check = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (gtk_widget_get_sensitive (check));
}

static void
test_card_refreshes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Wardrobe", NULL);
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "stage_label")), ==, "Unprocessed");

  fcrm_clock_advance (fixture->clock, FCRM_GUI_TEST_DAY);
  fcrm_crm_lead_move (fixture->crm, id, "lead.in_progress", &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();

  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "stage_label")), ==, "In progress");
  g_assert_nonnull (fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "timeline_list"), "Entered “In progress” on "));

  /* Closing the card lets go of it: a later change reaches nobody. */
  g_object_add_weak_pointer (G_OBJECT (card), (gpointer *) &card);
  gtk_window_destroy (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  g_assert_null (card);
  fcrm_crm_lead_move (fixture->crm, id, "lead.new", &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
}

static void
test_card_deal (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcrmConvertResult result = { 0 };
  FcrmItemCard *card;
  FcrmItemCard *lead_card;
  GtkListBox *timeline;
  GtkWidget *origin;
  gint64 lead_id;

  lead_id = fcrm_gui_fixture_add_lead (fixture, "Bedroom set", "300000");
  fcrm_crm_lead_convert (fixture->crm, lead_id, "manufacturing", FCRM_CONVERT_DEFAULT, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result.deal_id, >, 0);

  fcrm_clock_advance (fixture->clock, 2 * FCRM_GUI_TEST_DAY);
  fcrm_crm_deal_move (fixture->crm, result.deal_id, "mfg.prepayment", &error);
  g_assert_no_error (error);

  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, result.deal_id);
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "title_label")), ==, "Bedroom set");
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "stage_label")), ==, "Prepayment");
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "pipeline_label")), ==, "Manufacturing");
  g_assert_true (gtk_widget_get_visible (fcrm_gui_card_child (card, "project_group")));
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "project_lead_label")));

  /* Stage history, newest first. */
  timeline = fcrm_gui_card_child (card, "timeline_list");
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "Entered “Prepayment” on "));
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "Entered “Contract” on "));
  for (guint i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (timeline, i);
      const char *title;

      g_assert_nonnull (row);
      title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      g_assert_false (g_str_has_prefix (title, "Entered “Contract”"));
      if (g_str_has_prefix (title, "Entered “Prepayment”"))
        break;
    }

  /* The origin lead opens in its own card. */
  origin = fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Open the lead this deal came from");
  g_assert_nonnull (origin);
  g_assert_true (gtk_widget_get_visible (origin));
  g_signal_emit_by_name (origin, "clicked");
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 2);
  lead_card = fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, lead_id);
  g_assert_nonnull (lead_card);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (lead_card));
  g_assert_nonnull (fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (lead_card), "Open the deal this lead became"));
}

static void
test_card_task_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = "Hallway",
    .budget = "90000",
  };
  FcrmItemCard *card;
  AdwPreferencesRow *row;
  GtkWidget *check;
  GtkWidget *error_label;

  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);
  fcrm_crm_deal_lose (fixture->crm, deal->id, "other", NULL, &error);
  g_assert_no_error (error);

  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, deal->id);
  g_assert_true (gtk_widget_has_css_class (fcrm_gui_card_child (card, "stage_label"), "stage-failure"));

  /* "Specify the reason" needs the loss reason text first: the core says
   * so, the task stays open and unticked. */
  row = fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "tasks_list"), "Specify the reason");
  g_assert_nonnull (row);
  check = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  fcrm_gui_test_drain ();

  error_label = fcrm_gui_card_child (card, "task_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  tasks = fcrm_crm_item_tasks (fixture->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len; i++)
    g_assert_false (((FcrmTask *) g_ptr_array_index (tasks, i))->done);
}

static void
test_card_gone (Fixture       *fixture,
                gconstpointer  data)
{
  FcrmItemCard *card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, 4242);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (fcrm_gui_card_child (card, "main_stack")), ==, "gone");
  g_assert_cmpstr (adw_status_page_get_title (fcrm_gui_card_child (card, "gone_page")), ==, "This item no longer exists");
  /* No tabs for nothing. */
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "switcher_bar")));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (fcrm_gui_card_child (card, "switcher_title")));
}

static FcrmCardRow *
card_row_of (FcrmBoardColumn *column,
             gint64           id)
{
  GtkWidget *row = fcrm_gui_board_row_of_item (column, id);

  return row != NULL ? FCRM_CARD_ROW (gtk_widget_get_first_child (row)) : NULL;
}

static void
test_board_opens_card (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) late = NULL;
  g_autoptr(FcrmTask) today = NULL;
  FcrmStage *stage = fcrm_crm_get_stage (fixture->crm, "lead.new");
  GtkWidget *column;
  GtkWidget *window;
  FcrmCardRow *row;
  FcrmItemCard *card;
  gint64 overdue_id, due_today_id;

  overdue_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen set", "150000");
  late = fcrm_crm_task_add (fixture->crm, "Send the offer", NULL, "2026-01-10", NULL,
                            FCRM_ENTITY_LEAD, overdue_id, &error);
  g_assert_no_error (error);
  due_today_id = fcrm_gui_fixture_add_lead (fixture, "Wardrobe", "200000");
  today = fcrm_crm_task_add (fixture->crm, "Call the client", NULL, "2026-01-12", NULL,
                             FCRM_ENTITY_LEAD, due_today_id, &error);
  g_assert_no_error (error);

  column = fcrm_board_column_new (fixture->crm, stage);
  window = fcrm_gui_test_show_in_window (column);

  /* The next task: overdue in the error colour; due today is not late. */
  row = card_row_of (FCRM_BOARD_COLUMN (column), overdue_id);
  g_assert_nonnull (row);
  g_assert_true (fcrm_card_row_is_overdue (row));
  row = card_row_of (FCRM_BOARD_COLUMN (column), due_today_id);
  g_assert_nonnull (row);
  g_assert_false (fcrm_card_row_is_overdue (row));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), "Double-click to open"));

  /* Activating a card (double-click, Enter) opens the item's card. */
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 0);
  row = card_row_of (FCRM_BOARD_COLUMN (column), overdue_id);
  gtk_widget_activate (gtk_widget_get_parent (GTK_WIDGET (row)));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);
  card = fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, overdue_id);
  g_assert_nonnull (card);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (card)) == GTK_WINDOW (window));

  /* Again: the same window comes forward. */
  gtk_widget_activate (gtk_widget_get_parent (GTK_WIDGET (row)));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);

  fcrm_gui_card_close_all ();
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
}

/* The Additional tab's participants: added from the drop-down, removed
 * with a row's button, both straight into the database; a change from
 * elsewhere shows; a refusal is said inline and writes nothing. */
static guint
model_index (GListModel *model,
             const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      return i;

  return G_MAXUINT;
}

static char *
participant_logins (Fixture *fixture,
                    gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = fcrm_crm_deal_participants (fixture->crm, id, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? " " : "", ((FcrmUser *) g_ptr_array_index (users, i))->login);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_participants(fixture, id, expected) \
  G_STMT_START { \
    g_autofree char *got_ = participant_logins ((fixture), (id)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
add_participant_through_combo (FcrmItemCard *card,
                               const char   *name)
{
  AdwComboRow *combo = fcrm_gui_card_child (card, "participant_combo");
  guint at = model_index (adw_combo_row_get_model (combo), name);

  g_assert_cmpuint (at, !=, G_MAXUINT);
  adw_combo_row_set_selected (combo, at);
  g_signal_emit_by_name (fcrm_gui_card_child (card, "participant_add_button"), "clicked");
  fcrm_gui_test_drain ();
}

static void
test_participants (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(FcrmUser) olga = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  g_autoptr(FcrmUser) gleb = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = "Wardrobe",
    .responsible = "anna",
  };
  FcrmItemCard *card;
  FcrmItemCard *lead_card;
  GtkListBox *list;
  AdwComboRow *combo;
  GtkWidget *error_label;
  GtkWidget *remove;
  gint64 lead_id;

  olga = fcrm_crm_user_add (fixture->crm, "olga", "Olga Smirnova", "designer", &error);
  g_assert_no_error (error);
  boris = fcrm_crm_user_add (fixture->crm, "boris", "Boris Orlov", "manager", &error);
  g_assert_no_error (error);
  gleb = fcrm_crm_user_add (fixture->crm, "gleb", "Gleb Ushel", "manager", &error);
  g_assert_no_error (error);
  fcrm_test_deactivate (fixture->crm, "gleb");
  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);

  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, deal->id);
  list = fcrm_gui_card_child (card, "participants_list");
  combo = fcrm_gui_card_child (card, "participant_combo");
  error_label = fcrm_gui_card_child (card, "participant_error_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 0);

  /* the choices: the active users, nobody who left */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (combo)), ==, 3);
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Anna Petrova"), !=, G_MAXUINT);
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Gleb Ushel"), ==, G_MAXUINT);

  /* added through the card: in the database, listed, no longer offered */
  add_participant_through_combo (card, "Olga Smirnova");
  assert_participants (fixture, deal->id, "olga");
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpint (stored->version, ==, deal->version + 1);
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "Olga Smirnova"));
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Olga Smirnova"), ==, G_MAXUINT);
  g_assert_false (gtk_widget_get_visible (error_label));

  /* an edit in progress is not taken for someone else's change by our own add */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, "Budget")), "120000");
  add_participant_through_combo (card, "Boris Orlov");
  assert_participants (fixture, deal->id, "boris olga");
  g_signal_emit_by_name (fcrm_gui_card_field_row (card, "Budget"), "apply");
  fcrm_gui_test_drain ();
  g_assert_null (fcrm_gui_test_find_dialog ("Someone else changed this deal meanwhile"));
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpint (stored->budget, ==, 12000000);

  /* removed with the row's button: gone from the database and the list, offered again */
  remove = fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Remove Olga Smirnova");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  fcrm_gui_test_drain ();
  assert_participants (fixture, deal->id, "boris");
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  g_assert_null (fcrm_gui_test_find_list_row (list, "Olga Smirnova"));
  g_assert_null (fcrm_gui_test_find_button_with_tooltip (GTK_WIDGET (card), "Remove Olga Smirnova"));
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Olga Smirnova"), !=, G_MAXUINT);

  /* a change made elsewhere in the program shows */
  g_assert_true (fcrm_crm_deal_add_participant (fixture->crm, deal->id, "anna", &error));
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "Anna Petrova"));
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 2);

  /* olga leaves while chosen: refused, said inline, nothing written */
  adw_combo_row_set_selected (combo, model_index (adw_combo_row_get_model (combo), "Olga Smirnova"));
  fcrm_test_deactivate (fixture->crm, "olga");
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_signal_emit_by_name (fcrm_gui_card_child (card, "participant_add_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Olga Smirnova"));
  assert_participants (fixture, deal->id, "anna boris");
  {
    g_autoptr(FcrmItem) after = fcrm_gui_test_get_deal (fixture->crm, deal->id);

    g_assert_cmpint (after->version, ==, stored->version);
  }
  /* …and she is no longer offered */
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Olga Smirnova"), ==, G_MAXUINT);

  /* a lead has no participants: the group explains instead */
  lead_id = fcrm_gui_fixture_add_lead (fixture, "Hallway", NULL);
  lead_card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, lead_id);
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (lead_card, "participants_list")));
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (lead_card, "participant_add_list")));
}

/* The General tab's comments: posted through the card (in the database, at
 * the top of the list and on the timeline), an empty one refused inline with
 * nothing written, and a comment written elsewhere shows. */

static gboolean
row_has_label (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (row_has_label (c, text))
      return TRUE;
  return FALSE;
}

static void
test_comments (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(FcrmComment) other = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = "Wardrobe",
    .responsible = "anna",
  };
  FcrmItemCard *card;
  GtkListBox *list;
  GtkTextBuffer *buffer;
  GtkWidget *error_label;
  FcrmComment *c;

  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);

  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, deal->id);
  list = fcrm_gui_card_child (card, "comments_list");
  error_label = fcrm_gui_card_child (card, "comment_error_label");
  buffer = gtk_text_view_get_buffer (fcrm_gui_card_child (card, "comment_view"));
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 0);
  g_assert_true (gtk_widget_get_visible (fcrm_gui_card_child (card, "comment_hint")));

  /* posted: stored by the acting user, listed, the box emptied, on the timeline */
  gtk_text_buffer_set_text (buffer, "  Oak, not ash.\nShe will call back.  ", -1);
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "comment_hint")));
  g_signal_emit_by_name (fcrm_gui_card_child (card, "comment_add_button"), "clicked");
  fcrm_gui_test_drain ();
  comments = fcrm_crm_comments (fixture->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  c = g_ptr_array_index (comments, 0);
  g_assert_cmpstr (c->text, ==, "Oak, not ash.\nShe will call back.");
  g_assert_cmpstr (c->user_login, ==, "anna");
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  g_assert_true (row_has_label (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), "Oak, not ash.\nShe will call back."));
  g_assert_true (row_has_label (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), "Anna Petrova"));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_nonnull (fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "timeline_list"), "Oak, not ash."));

  /* empty: refused inline, nothing written */
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  gtk_text_buffer_set_text (buffer, "   \n ", -1);
  g_signal_emit_by_name (fcrm_gui_card_child (card, "comment_add_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "Write something first.");
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  {
    g_autoptr(FcrmItem) after = fcrm_gui_test_get_deal (fixture->crm, deal->id);
    g_autoptr(GPtrArray) again = fcrm_crm_comments (fixture->crm, FCRM_ENTITY_DEAL, deal->id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 1);
    g_assert_cmpint (after->version, ==, stored->version);
  }
  /* typing clears the message */
  gtk_text_buffer_set_text (buffer, "x", -1);
  g_assert_false (gtk_widget_get_visible (error_label));

  /* written elsewhere in the program: shows, newest first */
  other = fcrm_crm_comment_add (fixture->crm, FCRM_ENTITY_DEAL, deal->id, "Measured on Monday", &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 2);
  g_assert_true (row_has_label (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), "Measured on Monday"));
  g_assert_nonnull (fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "timeline_list"), "Measured on Monday"));
  /* what was being typed stays */
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_test_set_up_with_user, func, fcrm_gui_card_tear_down)

  ADD ("/item-card/lead", test_card_lead);
  ADD ("/item-card/refreshes", test_card_refreshes);
  ADD ("/item-card/deal", test_card_deal);
  ADD ("/item-card/task-refused", test_card_task_refused);
  ADD ("/item-card/gone", test_card_gone);
  ADD ("/item-card/board-opens-card", test_board_opens_card);
  ADD ("/item-card/participants", test_participants);
  ADD ("/item-card/comments", test_comments);

#undef ADD

  return g_test_run ();
}
