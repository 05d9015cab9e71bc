/* The calendar beside date entries (issue 13): it opens on the typed day,
 * writes the picked day in the locale's form (which reads back), keeps a
 * typed time, offers Today / Tomorrow / Clear. */

#include "fcrm-gui-test.h"
#include "fcrm-date-button.h"

typedef struct
{
  GtkWidget      *window;
  GtkEntry       *entry;
  FcrmDateButton *button;
  guint           picked;
} Fixture;

static void
picked_cb (Fixture *f)
{
  f->picked++;
}

static void
set_up (Fixture       *f,
        gconstpointer  with_time)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  f->entry = GTK_ENTRY (gtk_entry_new ());
  f->button = FCRM_DATE_BUTTON (fcrm_date_button_new (GTK_EDITABLE (f->entry), GPOINTER_TO_INT (with_time)));
  g_signal_connect_swapped (f->button, "picked", G_CALLBACK (picked_cb), f);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->button));
  f->window = fcrm_gui_test_show_in_window (box);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  fcrm_gui_test_drain ();
}

static gint64
entry_moment (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 at = 0;

  g_test_message ("entry: “%s”", gtk_editable_get_text (GTK_EDITABLE (f->entry)));
  g_assert_true (fcrm_time_parse (gtk_editable_get_text (GTK_EDITABLE (f->entry)), &at, &error));
  g_assert_no_error (error);
  return at;
}

static void
pick (Fixture   *f,
      GDateTime *day)
{
  GtkCalendar *calendar = fcrm_date_button_get_calendar (f->button);

  gtk_calendar_select_day (calendar, day);
  fcrm_gui_test_drain ();
}

static void
test_opens_on_typed_day (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) shown = NULL;

  gtk_editable_set_text (GTK_EDITABLE (f->entry), "15.12.2026");
  fcrm_date_button_popup (f->button);
  fcrm_gui_test_drain ();
  shown = gtk_calendar_get_date (fcrm_date_button_get_calendar (f->button));
  g_assert_cmpint (g_date_time_get_year (shown), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (shown), ==, 12);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 15);
  /* opening changed nothing */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "15.12.2026");
  g_assert_cmpuint (f->picked, ==, 0);
}

static void
test_pick_date (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2027, 2, 3, 0, 0, 0);
  g_autofree char *expected = fcrm_time_format_local_date (g_date_time_to_unix (day));

  fcrm_date_button_popup (f->button);
  fcrm_gui_test_drain ();
  pick (f, day);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, expected);
  g_assert_cmpint (entry_moment (f), ==, g_date_time_to_unix (day));
  g_assert_cmpuint (f->picked, ==, 1);
}

static void
test_pick_keeps_time (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2027, 2, 3, 0, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_new_local (2027, 2, 3, 14, 30, 0);
  g_autoptr(GDateTime) next_day = g_date_time_new_local (2027, 2, 4, 0, 0, 0);
  g_autoptr(GDateTime) at_ten = g_date_time_new_local (2027, 2, 4, 10, 0, 0);

  gtk_editable_set_text (GTK_EDITABLE (f->entry), "2026-12-15 14:30");
  pick (f, day);
  g_assert_cmpint (entry_moment (f), ==, g_date_time_to_unix (at));

  /* No time typed: 10:00, selected to type over. */
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "");
  pick (f, next_day);
  g_assert_cmpint (entry_moment (f), ==, g_date_time_to_unix (at_ten));
}

static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        return w;
      if ((found = button_labelled (w, label)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_quick_buttons (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *popover_child;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                      g_date_time_get_month (tomorrow),
                                                      g_date_time_get_day_of_month (tomorrow), 0, 0, 0);

  fcrm_date_button_popup (f->button);
  fcrm_gui_test_drain ();
  popover_child = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (fcrm_date_button_get_calendar (f->button))));
  g_signal_emit_by_name (button_labelled (popover_child, "T_omorrow"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_cmpint (entry_moment (f), ==, g_date_time_to_unix (start));

  g_signal_emit_by_name (button_labelled (popover_child, "_Clear"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "");
  g_assert_cmpuint (f->picked, ==, 2);
}

int
main (int argc, char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);
  g_test_add ("/date-button/opens-on-typed-day", Fixture, GINT_TO_POINTER (FALSE), set_up, test_opens_on_typed_day, tear_down);
  g_test_add ("/date-button/pick-date", Fixture, GINT_TO_POINTER (FALSE), set_up, test_pick_date, tear_down);
  g_test_add ("/date-button/pick-keeps-time", Fixture, GINT_TO_POINTER (TRUE), set_up, test_pick_keeps_time, tear_down);
  g_test_add ("/date-button/quick-buttons", Fixture, GINT_TO_POINTER (FALSE), set_up, test_quick_buttons, tear_down);
  return g_test_run ();
}
