#define G_LOG_DOMAIN "test-item-card"

#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-inbox.h"
#include "fcrm-item-card.h"
#include "fcrm-gui-test.h"

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

static gpointer
child (FcrmItemCard *card,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (card), FCRM_TYPE_ITEM_CARD, name);

  g_assert_nonnull (object);
  return object;
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

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

static AdwPreferencesRow *
find_row (GtkListBox *list,
          const char *title_prefix)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title_prefix))
      return ADW_PREFERENCES_ROW (row);

  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found != NULL)
        return found;
    }

  return NULL;
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
  g_assert_cmpuint (count_rows (tasks_list), ==, 1);
  row = find_row (tasks_list, "Call <back>");
  g_assert_nonnull (row);

  /* Timeline: the stage entry and the robot's notification. */
  timeline = child (card, "timeline_list");
  g_assert_nonnull (find_row (timeline, "Entered «Unprocessed» on "));
  g_assert_nonnull (find_row (timeline, "New lead “Kitchen"));

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
  g_assert_cmpuint (count_rows (tasks_list), ==, 1);
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
  g_assert_cmpuint (count_rows (tasks_list), ==, 2);
  g_assert_nonnull (find_row (tasks_list, "Measure the kitchen"));
  g_assert_cmpstr (gtk_editable_get_text (child (card, "task_title_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (card, "task_due_entry")), ==, "");

  /* Ticking the first task marks it done; it stays listed, dimmed. */
  row = find_row (tasks_list, "Call <back>");
  check = find_descendant (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  g_assert_true (gtk_widget_get_sensitive (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  fcrm_gui_test_drain ();

  tasks = fcrm_crm_item_tasks (fixture->crm, FCRM_ENTITY_LEAD, id, &error);
  g_assert_no_error (error);
  g_assert_true (find_task (tasks, "Call <back>")->done);
  g_assert_false (find_task (tasks, "Measure the kitchen")->done);

  g_assert_cmpuint (count_rows (tasks_list), ==, 2);
  row = find_row (tasks_list, "Call <back>");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "item-card-task-done"));
  check = find_descendant (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
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
  g_assert_nonnull (find_row (child (card, "timeline_list"), "Entered «In progress» on "));

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
  g_assert_nonnull (find_row (timeline, "Entered «Prepayment» on "));
  g_assert_nonnull (find_row (timeline, "Entered «Contract» on "));
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
  row = find_row (child (card, "tasks_list"), "Specify the reason");
  g_assert_nonnull (row);
  check = find_descendant (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
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
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==, "Double-click to open");

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

#undef ADD

  return g_test_run ();
}
