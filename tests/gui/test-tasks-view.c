#define G_LOG_DOMAIN "test-tasks-view"

#include <time.h>

#include "fcrm-tasks-view.h"
#include "fcrm-window.h"
#include "fcrm-gui-test.h"

/* The fixture's "now" is Monday 2026-01-12 09:00; TZ is UTC (set in main). */

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

static gint64
add_task (Fixture    *fixture,
          const char *title,
          const char *due)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) task = NULL;

  task = fcrm_crm_task_add (fixture->crm, title, NULL, due, NULL, FCRM_ENTITY_LEAD, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (task);

  return task->id;
}

/* The heading a task is listed under, or NULL when it is not listed. */
static char *
heading_of (FcrmTasksView *view,
            gint64         task_id)
{
  GListModel *model = fcrm_tasks_view_get_model (view);
  g_autofree char *heading = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (GTK_IS_STRING_OBJECT (item))
        {
          g_free (heading);
          heading = g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
        }
      else if (FCRM_TASK (item)->id == task_id)
        {
          g_assert_nonnull (heading);   /* every task is under a heading */
          return g_steal_pointer (&heading);
        }
    }

  return NULL;
}

static FcrmTask *
find_task (FcrmTasksView *view,
           const char    *kind)
{
  GListModel *model = fcrm_tasks_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (FCRM_IS_TASK (item) && g_strcmp0 (FCRM_TASK (item)->kind, kind) == 0)
        return FCRM_TASK (item);   /* the model keeps it alive */
    }

  return NULL;
}

/* The check button of the row showing @task_id. */
static GtkCheckButton *
find_check (GtkWidget *widget,
            gint64     task_id)
{
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_visible (gtk_widget_get_parent (widget)))
    {
      GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "fcrm-list-item");
      gpointer item = list_item != NULL ? gtk_list_item_get_item (list_item) : NULL;

      if (FCRM_IS_TASK (item) && FCRM_TASK (item)->id == task_id)
        return GTK_CHECK_BUTTON (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check (child, task_id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (has_label_containing (child, text))
        return TRUE;
    }

  return FALSE;
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *h_past_day = NULL;
  g_autofree char *h_past_time = NULL;
  g_autofree char *h_today = NULL;
  g_autofree char *h_later_today = NULL;
  g_autofree char *h_future = NULL;
  g_autofree char *h_none = NULL;
  g_autofree char *h_other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  g_autoptr(FcrmTask) others = NULL;
  FcrmTasksView *view;
  GtkWidget *window;
  gint64 past_day, past_time, today, later_today, future, none;

  past_day = add_task (fixture, "Send the drawings", "2026-01-10");
  past_time = add_task (fixture, "Call at eight", "2026-01-12T08:00:00");
  today = add_task (fixture, "Measure the kitchen", "2026-01-12");
  later_today = add_task (fixture, "Call in the afternoon", "2026-01-12T15:00:00");
  future = add_task (fixture, "Deliver the wardrobe", "2026-01-20");
  none = add_task (fixture, "Tidy the showroom", NULL);

  /* Somebody else's task is not "mine". */
  boris = fcrm_crm_user_add (fixture->crm, "boris", "Boris", "manager", &error);
  g_assert_no_error (error);
  others = fcrm_crm_task_add (fixture->crm, "Boris's call", NULL, "2026-01-12", "boris",
                              FCRM_ENTITY_LEAD, 0, &error);
  g_assert_no_error (error);

  view = FCRM_TASKS_VIEW (fcrm_tasks_view_new (fixture->crm, FCRM_TASKS_VIEW_MY_TASKS));
  window = fcrm_gui_test_show_in_window (GTK_WIDGET (view));

  h_past_day = heading_of (view, past_day);
  h_past_time = heading_of (view, past_time);
  h_today = heading_of (view, today);
  h_later_today = heading_of (view, later_today);
  h_future = heading_of (view, future);
  h_none = heading_of (view, none);
  h_other = heading_of (view, others->id);
  g_assert_cmpstr (h_past_day, ==, "Overdue");
  g_assert_cmpstr (h_past_time, ==, "Overdue");
  g_assert_cmpstr (h_today, ==, "Today");
  g_assert_cmpstr (h_later_today, ==, "Today");
  g_assert_cmpstr (h_future, ==, "Upcoming");
  g_assert_cmpstr (h_none, ==, "No Due Date");
  g_assert_null (h_other);

  /* Four headings in order, then six tasks. */
  {
    GListModel *model = fcrm_tasks_view_get_model (view);
    g_autoptr(GObject) first = g_list_model_get_item (model, 0);

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4 + 6);
    g_assert_true (GTK_IS_STRING_OBJECT (first));
    g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (first)), ==, "Overdue");
  }

  /* Ticking a task off removes it from the list. */
  {
    GtkCheckButton *check = find_check (GTK_WIDGET (view), today);
    g_autofree char *gone = NULL;

    g_assert_nonnull (check);
    gtk_check_button_set_active (check, TRUE);
    fcrm_gui_test_drain ();

    gone = heading_of (view, today);
    g_assert_null (gone);
    g_assert_cmpuint (g_list_model_get_n_items (fcrm_tasks_view_get_model (view)), ==, 4 + 5);
  }

  /* The last task of a group takes its heading with it. */
  g_assert_true (fcrm_tasks_view_mark_done (view, future, &error));
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (fcrm_tasks_view_get_model (view)), ==, 3 + 4);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
lose_deal (Fixture    *fixture,
           const char *title,
           const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  FcrmDealInput input = { .pipeline = "manufacturing", .title = title, .budget = "250000" };

  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_deal_lose (fixture->crm, deal->id, "other", why, &error));
  g_assert_no_error (error);

  return deal->id;
}

static void
test_specify_reason_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcrmWindow *window;
  FcrmTasksView *view;
  FcrmTask *task;
  GtkCheckButton *check;
  gint64 deal_id;
  gint64 task_id;

  /* "other" without words: the responsible is asked for them */
  deal_id = lose_deal (fixture, "Oak kitchen", NULL);

  window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->crm, NULL);
  fcrm_gui_test_show (GTK_WIDGET (window));
  g_assert_true (fcrm_window_show_view (window, "tasks"));
  fcrm_gui_test_drain ();
  view = FCRM_TASKS_VIEW (fcrm_window_get_view_widget (window, "tasks"));
  g_assert_cmpstr (fcrm_window_get_view (window), ==, "tasks");

  task = find_task (view, "specify_reason");
  g_assert_nonnull (task);
  task_id = task->id;
  g_assert_cmpstr (task->entity_title, ==, "Oak kitchen");

  /* Refused while the deal's loss reason text is empty, with the reason. */
  g_assert_false (fcrm_tasks_view_mark_done (view, task_id, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Loss reason in detail"));
  g_clear_error (&error);

  /* The same through the check button: it springs back, a toast says why. */
  check = find_check (GTK_WIDGET (view), task_id);
  g_assert_nonnull (check);
  gtk_check_button_set_active (check, TRUE);
  fcrm_gui_test_drain ();
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_nonnull (find_task (view, "specify_reason"));
  g_assert_true (has_label_containing (GTK_WIDGET (window), "Loss reason in detail"));

  /* With the text filled in, it can be done. */
  g_assert_true (fcrm_crm_deal_set (fixture->crm, deal_id, "loss_reason_text", "Price", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_tasks_view_mark_done (view, task_id, &error));
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_null (find_task (view, "specify_reason"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_callbacks (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  g_autofree char *heading = NULL;
  FcrmTasksView *view;
  GtkWidget *window;
  FcrmTask *callback;

  view = FCRM_TASKS_VIEW (fcrm_tasks_view_new (fixture->crm, FCRM_TASKS_VIEW_CALLBACKS));
  window = fcrm_gui_test_show_in_window (GTK_WIDGET (view));
  g_assert_cmpuint (g_list_model_get_n_items (fcrm_tasks_view_get_model (view)), ==, 0);

  /* Lost on 12 January: call again on 1 February. Everybody's callbacks
   * are listed, whoever is at this desktop. */
  lose_deal (fixture, "Oak kitchen", "Found a cheaper workshop");
  boris = fcrm_crm_user_add (fixture->crm, "boris", "Boris", "manager", &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_actor (fixture->crm, "boris", &error));
  fcrm_gui_test_drain ();

  callback = find_task (view, "callback");
  g_assert_nonnull (callback);
  g_assert_null (find_task (view, "specify_reason"));
  g_assert_nonnull (strstr (callback->description, "Found a cheaper workshop"));
  g_assert_cmpstr (callback->responsible_login, ==, "anna");

  heading = heading_of (view, callback->id);
  g_assert_nonnull (strstr (heading, "February"));
  g_assert_nonnull (strstr (heading, "1"));

  /* The reason is on screen. */
  g_assert_true (has_label_containing (GTK_WIDGET (view), "Found a cheaper workshop"));

  /* "Mine": boris has none of his own; "Everyone's" brings anna's back. */
  {
    GtkToggleButton *mine = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (view), FCRM_TYPE_TASKS_VIEW, "mine_button"));
    GtkToggleButton *all = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (view), FCRM_TYPE_TASKS_VIEW, "all_button"));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), FCRM_TYPE_TASKS_VIEW, "scope_box"))));
    gtk_toggle_button_set_active (mine, TRUE);
    fcrm_gui_test_drain ();
    g_assert_null (find_task (view, "callback"));
    gtk_toggle_button_set_active (all, TRUE);
    fcrm_gui_test_drain ();
    g_assert_nonnull (find_task (view, "callback"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* My tasks: a manager sees only hers, with no choice; a supervisor may
 * look at the team's. */
static void
test_team_view (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) pavel = NULL;
  FcrmTasksView *view;
  GtkWidget *window;
  GtkWidget *scope;

  lose_deal (fixture, "Oak kitchen", NULL);   /* anna's "specify the reason" */
  view = FCRM_TASKS_VIEW (fcrm_tasks_view_new (fixture->crm, FCRM_TASKS_VIEW_MY_TASKS));
  window = fcrm_gui_test_show_in_window (GTK_WIDGET (view));
  fcrm_gui_test_drain ();
  scope = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), FCRM_TYPE_TASKS_VIEW, "scope_box"));
  g_assert_false (gtk_widget_get_visible (scope));
  g_assert_nonnull (find_task (view, "specify_reason"));

  pavel = fcrm_crm_user_add (fixture->crm, "pavel", "Pavel", "supervisor", &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_set_actor (fixture->crm, "pavel", &error));
  fcrm_tasks_view_reload (view);
  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (scope));
  g_assert_null (find_task (view, "specify_reason"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (view), FCRM_TYPE_TASKS_VIEW, "all_button")), TRUE);
  fcrm_gui_test_drain ();
  g_assert_nonnull (find_task (view, "specify_reason"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  FcrmTasksView *view;
  GtkWidget *window;

  view = FCRM_TASKS_VIEW (fcrm_tasks_view_new (fixture->crm, FCRM_TASKS_VIEW_MY_TASKS));
  window = fcrm_gui_test_show_in_window (GTK_WIDGET (view));

  g_assert_cmpuint (g_list_model_get_n_items (fcrm_tasks_view_get_model (view)), ==, 0);
  g_assert_true (has_label_containing (GTK_WIDGET (view), "No Tasks"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Days are local: fix the zone so "today" is the same everywhere. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();

  fcrm_gui_test_init (&argc, &argv);

  g_test_add ("/tasks-view/groups", Fixture, NULL, fixture_set_up, test_groups, fixture_tear_down);
  g_test_add ("/tasks-view/specify-reason-refused", Fixture, NULL, fixture_set_up, test_specify_reason_refused, fixture_tear_down);
  g_test_add ("/tasks-view/callbacks", Fixture, NULL, fixture_set_up, test_callbacks, fixture_tear_down);
  g_test_add ("/tasks-view/team-view", Fixture, NULL, fixture_set_up, test_team_view, fixture_tear_down);
  g_test_add ("/tasks-view/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);

  return g_test_run ();
}
