#define G_LOG_DOMAIN "test-item-card"

#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-inbox.h"
#include "fcrm-item-card.h"
#include "fcrm-comments.h"
#include "fcrm-gui-test.h"
#include "fcrm-test-util.h"

typedef FcrmGuiFixture Fixture;

static void
close_cards (void)
{
  FcrmItemCard *card;

  /* Cards hold the database: close them before the fixture does. */
  do
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      card = NULL;
      for (guint i = 0; card == NULL && i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (FCRM_IS_ITEM_CARD (window))
            card = FCRM_ITEM_CARD (window);
        }
      if (card != NULL)
        gtk_window_destroy (GTK_WINDOW (card));
    }
  while (card != NULL);

  fcrm_gui_test_drain ();
}

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
  close_cards ();
  fcrm_gui_fixture_tear_down (fixture);
}

static guint
count_cards (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FCRM_IS_ITEM_CARD (window))
        n++;
    }

  return n;
}

/* A widget of the card's template or of one of its sections. */
static gpointer
child (FcrmItemCard *card,
       const char   *name)
{
  GObject *object = fcrm_gui_test_find_template_child (GTK_WIDGET (card), name);

  g_assert_nonnull (object);
  return object;
}

/* The error message under a group of fields (one per section of fields). */
static GtkWidget *
group_error_label (FcrmItemCard *card,
                   const char   *group)
{
  GObject *label = fcrm_gui_test_find_template_child (child (card, group), "error_label");

  g_assert_nonnull (label);
  return GTK_WIDGET (label);
}

static FcrmItemCard *
present_card (Fixture        *fixture,
              FcrmEntityType  type,
              gint64          id)
{
  FcrmItemCard *card;

  fcrm_item_card_present (NULL, fixture->crm, type, id);
  card = fcrm_item_card_find (fixture->crm, type, id);
  g_assert_nonnull (card);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (card));
  fcrm_gui_test_drain ();

  return card;
}

static GtkWidget *
find_button_with_tooltip (GtkWidget  *widget,
                          const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_with_tooltip (c, tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

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
  gtk_editable_set_text (GTK_EDITABLE (child (card, "task_title_entry")), title);
  gtk_editable_set_text (GTK_EDITABLE (child (card, "task_due_entry")), due);
  g_signal_emit_by_name (child (card, "task_add_button"), "clicked");
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

  card = present_card (fixture, FCRM_ENTITY_LEAD, id);
  g_assert_cmpuint (count_cards (), ==, 1);
  g_assert_cmpint (fcrm_item_card_get_item_type (card), ==, FCRM_ENTITY_LEAD);
  g_assert_cmpint (fcrm_item_card_get_item_id (card), ==, id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (card)), ==, title);
  g_assert_cmpstr (gtk_label_get_text (child (card, "title_label")), ==, title);
  g_assert_cmpstr (gtk_label_get_text (child (card, "stage_label")), ==, "Unprocessed");
  g_assert_cmpstr (gtk_label_get_text (child (card, "pipeline_label")), ==, "Leads");
  g_assert_false (gtk_widget_get_visible (child (card, "returning_badge")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (card, "main_stack")), ==, "card");

  /* Project fields belong to deals: a lead explains that instead. */
  g_assert_false (gtk_widget_get_visible (child (card, "project_group")));
  g_assert_true (gtk_widget_get_visible (child (card, "project_lead_label")));

  /* The manual task is listed, open. */
  tasks_list = child (card, "tasks_list");
  g_assert_cmpuint (fcrm_gui_test_count_rows (tasks_list), ==, 1);
  row = fcrm_gui_test_find_list_row (tasks_list, "Call <back>");
  g_assert_nonnull (row);

  /* Timeline: the stage entry and the robot's notification. */
  timeline = child (card, "timeline_list");
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "Entered «Unprocessed» on "));
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "New lead “Kitchen"));

  /* Presenting the same item again raises the same window. */
  fcrm_item_card_present (NULL, fixture->crm, FCRM_ENTITY_LEAD, id);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 1);
  g_assert_true (fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, id) == card);

  /* A bad due date: the core's message inline, nothing written. */
  error_label = child (card, "task_error_label");
  add_task_through_form (card, "Measure the kitchen", "2026-02-30");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_cmpuint (n_item_tasks (fixture, FCRM_ENTITY_LEAD, id), ==, 1);
  g_assert_cmpuint (fcrm_gui_test_count_rows (tasks_list), ==, 1);
  /* The typed text stays for correcting. */
  g_assert_cmpstr (gtk_editable_get_text (child (card, "task_due_entry")), ==, "2026-02-30");

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
  g_assert_cmpstr (gtk_editable_get_text (child (card, "task_title_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (card, "task_due_entry")), ==, "");

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
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);
  g_assert_cmpstr (gtk_label_get_text (child (card, "stage_label")), ==, "Unprocessed");

  fcrm_clock_advance (fixture->clock, FCRM_GUI_TEST_DAY);
  fcrm_crm_lead_move (fixture->crm, id, "lead.in_progress", &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();

  g_assert_cmpstr (gtk_label_get_text (child (card, "stage_label")), ==, "In progress");
  g_assert_nonnull (fcrm_gui_test_find_list_row (child (card, "timeline_list"), "Entered «In progress» on "));

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

  card = present_card (fixture, FCRM_ENTITY_DEAL, result.deal_id);
  g_assert_cmpstr (gtk_label_get_text (child (card, "title_label")), ==, "Bedroom set");
  g_assert_cmpstr (gtk_label_get_text (child (card, "stage_label")), ==, "Prepayment");
  g_assert_cmpstr (gtk_label_get_text (child (card, "pipeline_label")), ==, "Manufacturing");
  g_assert_true (gtk_widget_get_visible (child (card, "project_group")));
  g_assert_false (gtk_widget_get_visible (child (card, "project_lead_label")));

  /* Stage history, newest first. */
  timeline = child (card, "timeline_list");
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "Entered «Prepayment» on "));
  g_assert_nonnull (fcrm_gui_test_find_list_row (timeline, "Entered «Contract» on "));
  for (guint i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (timeline, i);
      const char *title;

      g_assert_nonnull (row);
      title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      g_assert_false (g_str_has_prefix (title, "Entered «Contract»"));
      if (g_str_has_prefix (title, "Entered «Prepayment»"))
        break;
    }

  /* The origin lead opens in its own card. */
  origin = find_button_with_tooltip (GTK_WIDGET (card), "Open the lead this deal came from");
  g_assert_nonnull (origin);
  g_assert_true (gtk_widget_get_visible (origin));
  g_signal_emit_by_name (origin, "clicked");
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 2);
  lead_card = fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, lead_id);
  g_assert_nonnull (lead_card);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (lead_card));
  g_assert_nonnull (find_button_with_tooltip (GTK_WIDGET (lead_card), "Open the deal this lead became"));
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

  card = present_card (fixture, FCRM_ENTITY_DEAL, deal->id);
  g_assert_true (gtk_widget_has_css_class (child (card, "stage_label"), "stage-failure"));

  /* "Specify the reason" needs the loss reason text first: the core says
   * so, the task stays open and unticked. */
  row = fcrm_gui_test_find_list_row (child (card, "tasks_list"), "Specify the reason");
  g_assert_nonnull (row);
  check = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  fcrm_gui_test_drain ();

  error_label = child (card, "task_error_label");
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
  FcrmItemCard *card = present_card (fixture, FCRM_ENTITY_DEAL, 4242);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (card, "main_stack")), ==, "gone");
  g_assert_cmpstr (adw_status_page_get_title (child (card, "gone_page")), ==, "This item no longer exists");
  /* No tabs for nothing. */
  g_assert_false (gtk_widget_get_visible (child (card, "switcher_bar")));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (child (card, "switcher_title")));
}

static FcrmCardRow *
card_row_of (FcrmBoardColumn *column,
             gint64           id)
{
  GtkListView *list_view = fcrm_board_column_get_list_view (column);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *c = gtk_widget_get_first_child (row);

      if (FCRM_IS_CARD_ROW (c) &&
          fcrm_card_row_get_item (FCRM_CARD_ROW (c)) != NULL &&
          fcrm_card_row_get_item (FCRM_CARD_ROW (c))->id == id)
        return FCRM_CARD_ROW (c);
    }

  return NULL;
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
  g_assert_cmpuint (count_cards (), ==, 0);
  row = card_row_of (FCRM_BOARD_COLUMN (column), overdue_id);
  gtk_widget_activate (gtk_widget_get_parent (GTK_WIDGET (row)));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 1);
  card = fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, overdue_id);
  g_assert_nonnull (card);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (card)) == GTK_WINDOW (window));

  /* Again: the same window comes forward. */
  gtk_widget_activate (gtk_widget_get_parent (GTK_WIDGET (row)));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 1);

  close_cards ();
  gtk_window_destroy (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
}

/* Editing in place */

/* The visible row of a card field, by its (English) title. */
static GtkWidget *
find_field_row (FcrmItemCard *card,
                const char   *title)
{
  GtkWidget *found = NULL;
  GtkWidget *widget = GTK_WIDGET (card);

  /* Depth-first over the whole card, hidden tabs included. */
  while (widget != NULL && found == NULL)
    {
      if (ADW_IS_PREFERENCES_ROW (widget) &&
          gtk_widget_get_visible (widget) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
        {
          found = widget;
          break;
        }

      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && widget != GTK_WIDGET (card) &&
                 gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == NULL || widget == GTK_WIDGET (card) ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }

  return found;
}

static GtkWidget *
field_row (FcrmItemCard *card,
           const char   *title)
{
  GtkWidget *row = find_field_row (card, title);

  g_assert_nonnull (row);
  return row;
}

static void
apply_line (FcrmItemCard *card,
            const char   *title,
            const char   *text)
{
  GtkWidget *row = field_row (card, title);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  fcrm_gui_test_drain ();
}

static const char *
line_text (FcrmItemCard *card,
           const char   *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (field_row (card, title)));
}

static FcrmItem *
get_lead (Fixture *fixture,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_get (fixture->crm, id, &error);

  g_assert_no_error (error);
  return lead;
}

static FcrmItem *
get_deal (Fixture *fixture,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_get (fixture->crm, id, &error);

  g_assert_no_error (error);
  return deal;
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_edit_lead (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FcrmItem) before = NULL;
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmItemCard *card;
  GtkWidget *error_label;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  before = get_lead (fixture, id);
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);

  /* The editors show the stored values as they can be typed back. */
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen");
  g_assert_cmpstr (line_text (card, "Budget"), ==, "150 000");
  g_assert_cmpstr (line_text (card, "Name"), ==, "Ivan Sokolov");
  g_assert_cmpstr (line_text (card, "Phone"), ==, "+7 912 345-67-89");

  /* A new title is saved, and the card shows the new version. */
  apply_line (card, "Title", "Kitchen in oak");
  after = get_lead (fixture, id);
  g_assert_cmpstr (after->title, ==, "Kitchen in oak");
  g_assert_cmpint (after->version, ==, before->version + 1);
  g_assert_cmpstr (gtk_label_get_text (child (card, "title_label")), ==, "Kitchen in oak");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (card)), ==, "Kitchen in oak");
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen in oak");

  /* A budget as people type it. */
  apply_line (card, "Budget", "250 000,50");
  g_clear_object (&after);
  after = get_lead (fixture, id);
  g_assert_cmpint (after->budget, ==, 25000050);
  g_assert_cmpstr (line_text (card, "Budget"), ==, "250 000.50");

  /* A bad budget: the row in the error colour, the core's message under
   * the group, the typed text kept, nothing written. */
  error_label = group_error_label (card, "about_group");
  g_assert_false (gtk_widget_get_visible (error_label));
  apply_line (card, "Budget", "abc");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "not an amount of money"));
  g_assert_true (gtk_widget_has_css_class (field_row (card, "Budget"), "error"));
  g_assert_cmpstr (line_text (card, "Budget"), ==, "abc");
  lead = get_lead (fixture, id);
  g_assert_cmpint (lead->budget, ==, 25000050);
  g_assert_cmpint (lead->version, ==, after->version);

  /* Typing again clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (field_row (card, "Budget")), "300000");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (field_row (card, "Budget"), "error"));
  g_signal_emit_by_name (field_row (card, "Budget"), "apply");
  fcrm_gui_test_drain ();
  g_clear_object (&lead);
  lead = get_lead (fixture, id);
  g_assert_cmpint (lead->budget, ==, 30000000);

  /* A bad e-mail, then an empty title: refused the same way. */
  apply_line (card, "E-mail", "not an address");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (field_row (card, "E-mail"), "error"));
  apply_line (card, "Title", "");
  g_assert_true (gtk_widget_has_css_class (field_row (card, "Title"), "error"));
  /* One message per group: the e-mail's went with the new one. */
  g_assert_false (gtk_widget_has_css_class (field_row (card, "E-mail"), "error"));
  g_clear_object (&lead);
  lead = get_lead (fixture, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen in oak");
  g_assert_null (lead->email);
}

static void
test_edit_two_fields (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = NULL;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);

  /* Two fields changed, then applied one after the other: our own first
   * write is no conflict for the second. */
  gtk_editable_set_text (GTK_EDITABLE (field_row (card, "Company")), "Oak & Co");
  gtk_editable_set_text (GTK_EDITABLE (field_row (card, "E-mail")), "ivan@example.com");
  g_signal_emit_by_name (field_row (card, "Company"), "apply");
  fcrm_gui_test_drain ();
  /* The other field's pending text survives the card's reload. */
  g_assert_cmpstr (line_text (card, "E-mail"), ==, "ivan@example.com");
  g_signal_emit_by_name (field_row (card, "E-mail"), "apply");
  fcrm_gui_test_drain ();
  g_assert_null (find_dialog ("Someone else changed this lead meanwhile"));

  lead = get_lead (fixture, id);
  g_assert_cmpstr (lead->company_name, ==, "Oak & Co");
  g_assert_cmpstr (lead->email, ==, "ivan@example.com");
}

static void
test_edit_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  AdwMessageDialog *dialog;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);

  /* Another desktop changes the lead: this card does not know yet. */
  other = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  fcrm_crm_lead_set (other, id, "budget", "999", -1, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Budget"), ==, "150 000");

  /* Our edit is refused, not written over theirs. */
  apply_line (card, "Title", "Mine");
  dialog = find_dialog ("Someone else changed this lead meanwhile");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (card));
  lead = get_lead (fixture, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen");
  g_assert_cmpint (lead->budget, ==, 99900);
  /* The edit waits for the user's decision. */
  g_assert_cmpstr (line_text (card, "Title"), ==, "Mine");

  /* Reload: my edit goes, theirs shows. */
  adw_message_dialog_response (dialog, "reload");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen");
  g_assert_cmpstr (line_text (card, "Budget"), ==, "999");

  /* Now the card is up to date: the same edit goes through. */
  apply_line (card, "Title", "Mine");
  g_assert_null (find_dialog ("Someone else changed this lead meanwhile"));
  g_clear_object (&lead);
  lead = get_lead (fixture, id);
  g_assert_cmpstr (lead->title, ==, "Mine");
  g_assert_cmpint (lead->budget, ==, 99900);
}

static void
test_edit_deal (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = "Hallway",
    .budget = "90000",
    .responsible = "anna",
  };
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkWidget *row;
  GtkWidget *save;
  GtkWidget *toggle;
  FcrmItemCard *card;
  gint64 when;

  boris = fcrm_crm_user_add (fixture->crm, "boris", "Boris Orlov", "manager", &error);
  g_assert_no_error (error);
  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);

  card = present_card (fixture, FCRM_ENTITY_DEAL, deal->id);

  /* Dates as typed, into the deal. */
  g_assert_cmpstr (line_text (card, "Delivery date"), ==, "");
  apply_line (card, "Delivery date", "2026-03-15");
  stored = get_deal (fixture, deal->id);
  fcrm_date_parse ("2026-03-15", &when, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->delivery_date, ==, when);
  g_assert_cmpstr (line_text (card, "Delivery date"), ==, "2026-03-15");

  apply_line (card, "Visit time", "2026-03-16 14:30");
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  fcrm_time_parse ("2026-03-16 14:30", &when, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->visit_at, ==, when);
  g_assert_cmpstr (line_text (card, "Visit time"), ==, "2026-03-16 14:30");

  /* An impossible date: refused inline on the Project tab. */
  apply_line (card, "Warranty until", "2026-02-30");
  g_assert_true (gtk_widget_get_visible (group_error_label (card, "project_group")));
  g_assert_true (gtk_widget_has_css_class (field_row (card, "Warranty until"), "error"));
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  g_assert_cmpint (stored->warranty_until, ==, 0);

  /* Installation needed: a switch. */
  row = field_row (card, "Installation needed");
  toggle = fcrm_gui_test_find_type (row, GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  fcrm_gui_test_drain ();
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  g_assert_true (stored->installation_needed);

  /* Measurements: several lines, saved with the button. */
  row = field_row (card, "Measurements");
  view = GTK_TEXT_VIEW (fcrm_gui_test_find_type (row, GTK_TYPE_TEXT_VIEW));
  buffer = gtk_text_view_get_buffer (view);
  save = find_button_with_tooltip (row, "Save the change (Ctrl+Enter)");
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (save)));
  gtk_text_buffer_set_text (buffer, "Wall: 2400 mm\nNiche: 900 mm", -1);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (save)));
  g_signal_emit_by_name (save, "clicked");
  fcrm_gui_test_drain ();
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  g_assert_cmpstr (stored->measurements, ==, "Wall: 2400 mm\nNiche: 900 mm");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (save)));

  /* Revert puts the stored text back. */
  gtk_text_buffer_set_text (buffer, "scratch", -1);
  g_signal_emit_by_name (find_button_with_tooltip (row, "Discard the change (Escape)"), "clicked");
  fcrm_gui_test_drain ();
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Wall: 2400 mm\nNiche: 900 mm");
  }

  /* Responsible and source: drop-downs. */
  row = field_row (card, "Responsible");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
    guint boris_at = G_MAXUINT;

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "Unassigned");
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Boris Orlov") == 0)
        boris_at = i;
    g_assert_cmpuint (boris_at, !=, G_MAXUINT);
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), boris_at);
    fcrm_gui_test_drain ();
  }
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  g_assert_cmpstr (stored->responsible_login, ==, "boris");

  row = field_row (card, "Source");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Walk-in") == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
    fcrm_gui_test_drain ();
  }
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  g_assert_cmpstr (stored->source, ==, "walkin");

  /* Read-only things stay labels. */
  g_assert_false (ADW_IS_ENTRY_ROW (field_row (card, "Stage")));
  g_assert_false (ADW_IS_ENTRY_ROW (field_row (card, "Created")));
}

static void
test_edit_loss_reason (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  FcrmDealInput input = {
    .pipeline = "repair",
    .title = "Chair",
  };
  FcrmItemCard *card;
  AdwPreferencesRow *row;
  GtkWidget *check;

  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);
  card = present_card (fixture, FCRM_ENTITY_DEAL, deal->id);
  /* An open deal has no loss reason to explain. */
  g_assert_null (find_field_row (card, "Loss reason in detail"));
  fcrm_crm_deal_lose (fixture->crm, deal->id, "other", NULL, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();

  /* Lost with "other": the text the "Specify the reason" task needs is
   * written on the card, and then the task can be done. */
  apply_line (card, "Loss reason in detail", "Bought a used one");
  stored = get_deal (fixture, deal->id);
  g_assert_cmpstr (stored->loss_reason_text, ==, "Bought a used one");

  row = fcrm_gui_test_find_list_row (child (card, "tasks_list"), "Specify the reason");
  g_assert_nonnull (row);
  check = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  fcrm_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (child (card, "task_error_label")));
  tasks = fcrm_crm_item_tasks (fixture->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len; i++)
    {
      FcrmTask *task = g_ptr_array_index (tasks, i);

      if (g_strcmp0 (task->kind, "specify_reason") == 0)
        g_assert_true (task->done);
    }
}

static void
test_edit_close_unsaved (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = NULL;
  AdwMessageDialog *dialog;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);

  /* Nothing changed: the card just closes. */
  gtk_window_close (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 0);

  /* A change not applied: asked first, and "Cancel" keeps the card. */
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);
  gtk_editable_set_text (GTK_EDITABLE (field_row (card, "Title")), "Kitchen in oak");
  gtk_window_close (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 1);
  dialog = find_dialog ("Discard Unsaved Changes?");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Title”"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 1);
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen in oak");

  /* "Discard" closes it, writing nothing. */
  gtk_window_close (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  dialog = find_dialog ("Discard Unsaved Changes?");
  g_assert_nonnull (dialog);
  /* As a click does it: the response, then the dialog closes itself. */
  {
    GtkWidget *discard = NULL;

    for (GtkWidget *w = GTK_WIDGET (dialog); w != NULL && discard == NULL; )
      {
        if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "_Discard") == 0)
          discard = w;
        else if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_nonnull (discard);
    g_signal_emit_by_name (discard, "clicked");
  }
  fcrm_gui_test_drain ();
  g_assert_cmpuint (count_cards (), ==, 0);
  g_assert_null (find_dialog ("Discard Unsaved Changes?"));
  lead = get_lead (fixture, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen");
}

static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  card = present_card (fixture, FCRM_ENTITY_LEAD, id);
  if (!gtk_window_is_active (GTK_WINDOW (card)))
    {
      g_test_skip ("the card window is not active on this display");
      return;
    }

  /* Another program changes the lead; a field is being edited here. */
  gtk_editable_set_text (GTK_EDITABLE (field_row (card, "Company")), "Oak & Co");
  other = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  fcrm_crm_lead_set (other, id, "budget", "999", -1, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Budget"), ==, "150 000");

  /* Coming back to the card shows it; the pending edit stays, and
   * applying it still finds the conflict. */
  g_object_notify (G_OBJECT (card), "is-active");
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Budget"), ==, "999");
  g_assert_cmpstr (line_text (card, "Company"), ==, "Oak & Co");
  g_signal_emit_by_name (field_row (card, "Company"), "apply");
  fcrm_gui_test_drain ();
  g_assert_nonnull (find_dialog ("Someone else changed this lead meanwhile"));
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
  AdwComboRow *combo = child (card, "participant_combo");
  guint at = model_index (adw_combo_row_get_model (combo), name);

  g_assert_cmpuint (at, !=, G_MAXUINT);
  adw_combo_row_set_selected (combo, at);
  g_signal_emit_by_name (child (card, "participant_add_button"), "clicked");
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

  card = present_card (fixture, FCRM_ENTITY_DEAL, deal->id);
  list = child (card, "participants_list");
  combo = child (card, "participant_combo");
  error_label = child (card, "participant_error_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 0);

  /* the choices: the active users, nobody who left */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (combo)), ==, 3);
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Anna Petrova"), !=, G_MAXUINT);
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Gleb Ushel"), ==, G_MAXUINT);

  /* added through the card: in the database, listed, no longer offered */
  add_participant_through_combo (card, "Olga Smirnova");
  assert_participants (fixture, deal->id, "olga");
  stored = get_deal (fixture, deal->id);
  g_assert_cmpint (stored->version, ==, deal->version + 1);
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "Olga Smirnova"));
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Olga Smirnova"), ==, G_MAXUINT);
  g_assert_false (gtk_widget_get_visible (error_label));

  /* an edit in progress is not taken for someone else's change by our own add */
  gtk_editable_set_text (GTK_EDITABLE (field_row (card, "Budget")), "120000");
  add_participant_through_combo (card, "Boris Orlov");
  assert_participants (fixture, deal->id, "boris olga");
  g_signal_emit_by_name (field_row (card, "Budget"), "apply");
  fcrm_gui_test_drain ();
  g_assert_null (find_dialog ("Someone else changed this deal meanwhile"));
  g_clear_object (&stored);
  stored = get_deal (fixture, deal->id);
  g_assert_cmpint (stored->budget, ==, 12000000);

  /* removed with the row's button: gone from the database and the list, offered again */
  remove = find_button_with_tooltip (GTK_WIDGET (card), "Remove Olga Smirnova");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  fcrm_gui_test_drain ();
  assert_participants (fixture, deal->id, "boris");
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  g_assert_null (fcrm_gui_test_find_list_row (list, "Olga Smirnova"));
  g_assert_null (find_button_with_tooltip (GTK_WIDGET (card), "Remove Olga Smirnova"));
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
  stored = get_deal (fixture, deal->id);
  g_signal_emit_by_name (child (card, "participant_add_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Olga Smirnova"));
  assert_participants (fixture, deal->id, "anna boris");
  {
    g_autoptr(FcrmItem) after = get_deal (fixture, deal->id);

    g_assert_cmpint (after->version, ==, stored->version);
  }
  /* …and she is no longer offered */
  g_assert_cmpuint (model_index (adw_combo_row_get_model (combo), "Olga Smirnova"), ==, G_MAXUINT);

  /* a lead has no participants: the group explains instead */
  lead_id = fcrm_gui_fixture_add_lead (fixture, "Hallway", NULL);
  lead_card = present_card (fixture, FCRM_ENTITY_LEAD, lead_id);
  g_assert_false (gtk_widget_get_visible (child (lead_card, "participants_list")));
  g_assert_false (gtk_widget_get_visible (child (lead_card, "participant_add_list")));
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

  card = present_card (fixture, FCRM_ENTITY_DEAL, deal->id);
  list = child (card, "comments_list");
  error_label = child (card, "comment_error_label");
  buffer = gtk_text_view_get_buffer (child (card, "comment_view"));
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (card, "comment_hint")));

  /* posted: stored by the acting user, listed, the box emptied, on the timeline */
  gtk_text_buffer_set_text (buffer, "  Oak, not ash.\nShe will call back.  ", -1);
  g_assert_false (gtk_widget_get_visible (child (card, "comment_hint")));
  g_signal_emit_by_name (child (card, "comment_add_button"), "clicked");
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
  g_assert_nonnull (fcrm_gui_test_find_list_row (child (card, "timeline_list"), "Oak, not ash."));

  /* empty: refused inline, nothing written */
  stored = get_deal (fixture, deal->id);
  gtk_text_buffer_set_text (buffer, "   \n ", -1);
  g_signal_emit_by_name (child (card, "comment_add_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "Write something first.");
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);
  {
    g_autoptr(FcrmItem) after = get_deal (fixture, deal->id);
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
  g_assert_nonnull (fcrm_gui_test_find_list_row (child (card, "timeline_list"), "Measured on Monday"));
  /* what was being typed stays */
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/item-card/lead", test_card_lead);
  ADD ("/item-card/refreshes", test_card_refreshes);
  ADD ("/item-card/deal", test_card_deal);
  ADD ("/item-card/task-refused", test_card_task_refused);
  ADD ("/item-card/gone", test_card_gone);
  ADD ("/item-card/board-opens-card", test_board_opens_card);
  ADD ("/item-card/edit-lead", test_edit_lead);
  ADD ("/item-card/edit-two-fields", test_edit_two_fields);
  ADD ("/item-card/edit-conflict", test_edit_conflict);
  ADD ("/item-card/edit-deal", test_edit_deal);
  ADD ("/item-card/edit-loss-reason", test_edit_loss_reason);
  ADD ("/item-card/edit-close-unsaved", test_edit_close_unsaved);
  ADD ("/item-card/external-change", test_external_change);
  ADD ("/item-card/participants", test_participants);
  ADD ("/item-card/comments", test_comments);

#undef ADD

  return g_test_run ();
}
