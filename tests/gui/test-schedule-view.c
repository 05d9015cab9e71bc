#define G_LOG_DOMAIN "test-schedule-view"

/* The Schedule view (issue 15): the week's lanes per person with the
 * events of the deals, the month's counts, conflicts marked, and planning
 * by drag: an event dropped on another day and person, an item of the side
 * list ("without a date") dropped onto the grid — each a move with an Undo
 * toast. Drops are the GtkDropTarget's "drop" with the dragged FcrmEvent,
 * as GTK delivers it. */

#include <time.h>

#include "fcrm-inbox.h"
#include "fcrm-preferences-schedule.h"
#include "fcrm-schedule-event.h"
#include "fcrm-schedule-view.h"
#include "fcrm-toasts.h"
#include "fcrm-gui-test.h"

/* The fixture's "now" is Monday 2026-01-12 09:00; TZ is UTC (set in main). */
#define DAY(n) (FCRM_GUI_TEST_T0 - 9 * 3600 + (gint64) (n) * FCRM_GUI_TEST_DAY)

typedef struct
{
  FcrmGuiFixture    base;
  GtkWidget        *window;
  AdwToastOverlay  *overlay;
  FcrmScheduleView *view;
  gint64            kitchen, door, waiting;
} Fixture;

static void
set (Fixture    *f,
     gint64      deal,
     const char *field,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_set (f->base.crm, deal, field, value, -1, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) semyon = NULL;
  g_autoptr(FcrmItem) door = NULL;
  FcrmDealInput in = { .pipeline = "repair", .title = "Wardrobe door", .responsible = "anna" };

  fcrm_gui_fixture_set_up (&f->base, TRUE);
  semyon = fcrm_crm_user_add (f->base.crm, "semyon", "Semyon Kuznetsov", "manager", &error);
  g_assert_no_error (error);
  f->kitchen = fcrm_gui_fixture_add_deal (&f->base, "Oak kitchen", "300000");
  f->waiting = fcrm_gui_fixture_add_deal (&f->base, "Hallway", "90000");
  door = fcrm_crm_deal_add (f->base.crm, &in, &error);
  g_assert_no_error (error);
  f->door = door->id;
  set (f, f->kitchen, "delivery_date", "2026-01-13");
  set (f, f->door, "visit_at", "2026-01-15 11:00");
  g_assert_true (fcrm_crm_deal_add_participant_role (f->base.crm, f->door, "semyon", "master", &error));
  g_assert_true (fcrm_crm_deal_move (f->base.crm, f->waiting, "mfg.delivery", &error));
  g_assert_no_error (error);

  f->window = gtk_window_new ();
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  f->view = FCRM_SCHEDULE_VIEW (fcrm_schedule_view_new (f->base.crm));
  adw_toast_overlay_set_child (f->overlay, GTK_WIDGET (f->view));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->overlay));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  fcrm_gui_test_drain ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  fcrm_gui_test_drain ();
  fcrm_gui_fixture_tear_down (&f->base);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
    }
  return NULL;
}

/* the event chips of a cell */
static GPtrArray *
chips (GtkWidget *cell)
{
  GPtrArray *out = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (cell); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (FCRM_IS_SCHEDULE_EVENT (c))
      g_ptr_array_add (out, c);
  return out;
}

/* drop @event on the cell of @day and @login, as GTK does */
static gboolean
drop (Fixture    *f,
      FcrmEvent  *event,
      gint64      day,
      const char *login)
{
  GtkWidget *cell = fcrm_schedule_view_get_cell (f->view, day, login);
  GtkEventController *target;
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  g_assert_nonnull (cell);
  target = find_controller (cell, GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (target)),
                                                    FCRM_TYPE_EVENT));
  g_value_init (&value, FCRM_TYPE_EVENT);
  g_value_set_object (&value, event);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);
  fcrm_gui_test_drain ();
  return dropped;
}

static FcrmEvent *
find_event (GPtrArray     *events,
            FcrmEventKind  kind,
            gint64         deal)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      FcrmEvent *ev = g_ptr_array_index (events, i);

      if (ev->kind == kind && ev->deal_id == deal)
        return ev;
    }
  return NULL;
}

static void
test_week (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) tuesday = NULL;
  GPtrArray *unscheduled;
  FcrmScheduleEvent *chip;
  GtkEventController *source;
  g_autoptr(GdkContentProvider) content = NULL;

  /* the week of Monday 12 January: the delivery in anna's lane on Tuesday at
   * the default hour, the repair in semyon's on Thursday */
  g_assert_cmpuint (fcrm_schedule_view_get_events (f->view)->len, ==, 2);
  tuesday = chips (fcrm_schedule_view_get_cell (f->view, DAY (1), "anna"));
  g_assert_cmpuint (tuesday->len, ==, 1);
  chip = g_ptr_array_index (tuesday, 0);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (chip), "schedule-delivery"));
  g_assert_cmpint (fcrm_schedule_event_get_event (chip)->deal_id, ==, f->kitchen);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chip)));
  g_assert_nonnull (fcrm_schedule_view_get_cell (f->view, DAY (3), "semyon"));
  g_assert_null (fcrm_schedule_view_get_cell (f->view, DAY (3), "nobody"));

  /* a chip drags its event */
  source = find_controller (GTK_WIDGET (chip), GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 5.0, 5.0, &content);
  g_assert_nonnull (content);

  /* the delivery waiting for a date is in the side list */
  unscheduled = fcrm_schedule_view_get_unscheduled (f->view);
  g_assert_nonnull (find_event (unscheduled, FCRM_EVENT_DELIVERY, f->waiting));

  /* the month: counts per day */
  fcrm_schedule_view_set_mode (f->view, FCRM_SCHEDULE_MONTH);
  fcrm_gui_test_drain ();
  {
    GtkWidget *cell = fcrm_schedule_view_get_cell (f->view, DAY (1), NULL);
    gboolean counted = FALSE;

    g_assert_nonnull (cell);
    for (GtkWidget *c = gtk_widget_get_first_child (cell); c != NULL; c = gtk_widget_get_next_sibling (c))
      counted |= GTK_IS_LABEL (c) && gtk_widget_has_css_class (c, "schedule-delivery") &&
                 g_str_has_suffix (gtk_label_get_text (GTK_LABEL (c)), ": 1");
    g_assert_true (counted);
  }
  fcrm_schedule_view_set_mode (f->view, FCRM_SCHEDULE_DAY);
  fcrm_schedule_view_set_date (f->view, DAY (3) + 3600);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_schedule_view_get_events (f->view)->len, ==, 1);
  g_assert_nonnull (fcrm_schedule_view_get_cell (f->view, DAY (3), "semyon"));
}

/* An event dragged to Thursday in semyon's lane: the delivery moves there
 * and semyon drives; Undo puts both back; a double booking is marked. */
static void
test_drag_event (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *role = NULL;
  FcrmEvent *delivery = find_event (fcrm_schedule_view_get_events (f->view), FCRM_EVENT_DELIVERY, f->kitchen);
  FcrmEvent *ev;

  g_assert_nonnull (delivery);
  g_assert_true (drop (f, delivery, DAY (3), "semyon"));
  events = fcrm_crm_schedule (f->base.crm, DAY (0), DAY (7), NULL, NULL);
  ev = find_event (events, FCRM_EVENT_DELIVERY, f->kitchen);
  g_assert_cmpint (ev->start, ==, DAY (3) + 10 * 3600);
  g_assert_cmpstr (ev->user_login, ==, "semyon");
  role = fcrm_crm_deal_participant_role (f->base.crm, f->kitchen, "semyon", NULL);
  g_assert_cmpstr (role, ==, "driver");
  /* the view read it again: semyon's Thursday holds both, in conflict (10–12 and 11–13) */
  ev = find_event (fcrm_schedule_view_get_events (f->view), FCRM_EVENT_DELIVERY, f->kitchen);
  g_assert_nonnull (ev);
  g_assert_true (ev->conflict);
  {
    g_autoptr(GPtrArray) thursday = chips (fcrm_schedule_view_get_cell (f->view, DAY (3), "semyon"));

    g_assert_cmpuint (thursday->len, ==, 2);
    g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (thursday, 0), "schedule-conflict"));
  }

  /* Undo (the toast's, as Ctrl+Z presses it) */
  g_assert_true (fcrm_toasts_undo_last (f->overlay));
  fcrm_gui_test_drain ();
  g_clear_pointer (&events, g_ptr_array_unref);
  events = fcrm_crm_schedule (f->base.crm, DAY (0), DAY (7), NULL, NULL);
  ev = find_event (events, FCRM_EVENT_DELIVERY, f->kitchen);
  g_assert_cmpint (ev->start, ==, DAY (1) + 10 * 3600);
  g_assert_cmpstr (ev->user_login, ==, "anna");
  g_assert_nonnull (fcrm_schedule_view_get_cell (f->view, DAY (1), "anna"));
}

/* An item of the side list dropped on Wednesday: its delivery date is set */
static void
test_drag_unscheduled (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  FcrmEvent *waiting = find_event (fcrm_schedule_view_get_unscheduled (f->view), FCRM_EVENT_DELIVERY, f->waiting);
  FcrmEvent *ev;

  g_assert_nonnull (waiting);
  g_assert_true (drop (f, waiting, DAY (2), "anna"));
  events = fcrm_crm_schedule (f->base.crm, DAY (0), DAY (7), NULL, NULL);
  ev = find_event (events, FCRM_EVENT_DELIVERY, f->waiting);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, DAY (2) + 10 * 3600);
  g_assert_null (find_event (fcrm_schedule_view_get_unscheduled (f->view), FCRM_EVENT_DELIVERY, f->waiting));
  g_assert_nonnull (find_event (fcrm_schedule_view_get_events (f->view), FCRM_EVENT_DELIVERY, f->waiting));
}

/* every widget of @type under @root, depth first */
static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        g_ptr_array_add (out, c);
      collect (c, type, out);
    }
}

/* Preferences → Schedule: a duration per kind and each person's field roles */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *page;
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_auto(GStrv) roles = NULL;
  GtkCheckButton *driver = NULL;
  g_autoptr(FcrmUser) pavel = fcrm_crm_user_add (f->base.crm, "pavel", "Pavel Morozov", "supervisor", NULL);

  /* a manager reads; a supervisor changes */
  g_assert_true (fcrm_crm_set_actor (f->base.crm, "pavel", NULL));
  page = fcrm_preferences_schedule_new (f->base.crm);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  fcrm_gui_test_drain ();

  collect (page, GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, 4 + 2);   /* four kinds, two reminders */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (g_ptr_array_index (spins, 2)), ==, 240);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 90);
  g_assert_cmpint (fcrm_crm_schedule_default_minutes (f->base.crm, FCRM_EVENT_MEASUREMENT), ==, 90);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (g_ptr_array_index (spins, 5)), ==, 60);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 5), 30);
  g_assert_cmpint (fcrm_crm_schedule_remind_minutes (f->base.crm), ==, 30);
  g_assert_cmpint (fcrm_crm_schedule_remind_evening_hour (f->base.crm), ==, 18);

  collect (page, GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *expander = gtk_widget_get_ancestor (g_ptr_array_index (checks, i), ADW_TYPE_EXPANDER_ROW);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (expander), "fcrm-login"), "semyon") == 0 &&
          g_strcmp0 (g_object_get_data (g_ptr_array_index (checks, i), "fcrm-role"), "driver") == 0)
        driver = g_ptr_array_index (checks, i);
    }
  g_assert_nonnull (driver);
  gtk_check_button_set_active (driver, TRUE);
  roles = fcrm_crm_user_field_roles (f->base.crm, "semyon", NULL);
  g_assert_cmpuint (g_strv_length (roles), ==, 1);
  g_assert_cmpstr (roles[0], ==, "driver");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A week nobody works in says so with a status page, not a bare grid. */
static void
test_empty_week (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect (GTK_WIDGET (f->view), ADW_TYPE_STATUS_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 0);
  fcrm_schedule_view_set_date (f->view, DAY (70));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_schedule_view_get_events (f->view)->len, ==, 0);
  collect (GTK_WIDGET (f->view), ADW_TYPE_STATUS_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_cmpstr (adw_status_page_get_title (g_ptr_array_index (pages, 0)), ==, "No Field Work in This Period");
}

/* A narrow window folds the side list (its button stays); a wide one shows it. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  FcrmScheduleView *narrow = FCRM_SCHEDULE_VIEW (fcrm_schedule_view_new (f->base.crm));

  g_assert_true (fcrm_schedule_view_get_side_list_shown (f->view));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (narrow));
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 780, 600);
  gtk_window_present (GTK_WINDOW (window));
  fcrm_gui_test_drain ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <, 1200);
  g_assert_false (fcrm_schedule_view_get_side_list_shown (narrow));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  fcrm_gui_test_init (&argc, &argv);
  g_test_add ("/schedule-view/week", Fixture, NULL, fixture_set_up, test_week, fixture_tear_down);
  g_test_add ("/schedule-view/drag-event", Fixture, NULL, fixture_set_up, test_drag_event, fixture_tear_down);
  g_test_add ("/schedule-view/drag-unscheduled", Fixture, NULL, fixture_set_up, test_drag_unscheduled, fixture_tear_down);
  g_test_add ("/schedule-view/empty-week", Fixture, NULL, fixture_set_up, test_empty_week, fixture_tear_down);
  g_test_add ("/schedule-view/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/schedule-view/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);
  return g_test_run ();
}
