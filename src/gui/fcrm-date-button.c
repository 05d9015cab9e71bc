#define G_LOG_DOMAIN "fcrm-date-button"

#include <glib/gi18n.h>

#include "fcrm-date-button.h"
#include "fcrm-clock.h"

struct _FcrmDateButton
{
  GtkWidget     parent_instance;
  GtkWidget    *menu_button;
  GtkWidget    *popover;
  GtkCalendar  *calendar;
  GtkEditable  *entry;          /* weak */
  gboolean      with_time;
  gboolean      syncing;        /* setting the calendar from the entry */
  gboolean      close_on_select; /* a click or Enter in the calendar is under way */
};

G_DEFINE_FINAL_TYPE (FcrmDateButton, fcrm_date_button, GTK_TYPE_WIDGET)

enum { PICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The entry's moment, if it holds one. */
static gboolean
entry_moment (FcrmDateButton *self,
              gint64         *out,
              gboolean       *out_has_time)
{
  const char *text;

  if (self->entry == NULL)
    return FALSE;
  text = gtk_editable_get_text (self->entry);
  *out_has_time = strchr (text, ':') != NULL;
  return fcrm_time_parse_at (text, now_seconds (), out, NULL);
}

static void
set_entry (FcrmDateButton *self,
           GDateTime      *day)
{
  g_autofree char *text = NULL;
  gint64 current = 0;
  gboolean has_time = FALSE;
  int hour = 10, minute = 0;
  int date_len;

  if (self->entry == NULL)
    return;
  if (day == NULL)
    {
      gtk_editable_set_text (self->entry, "");
      g_signal_emit (self, signals[PICKED], 0);
      return;
    }

  if (self->with_time && entry_moment (self, &current, &has_time) && has_time)
    {
      g_autoptr(GDateTime) was = g_date_time_new_from_unix_local (current);

      hour = g_date_time_get_hour (was);
      minute = g_date_time_get_minute (was);
    }

  {
    g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                     g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day),
                                                     hour, minute, 0);
    g_autofree char *date_only = fcrm_time_format_local_date (g_date_time_to_unix (at));

    date_len = g_utf8_strlen (date_only, -1);
    text = self->with_time ? fcrm_time_format_local_time (g_date_time_to_unix (at))
                           : g_steal_pointer (&date_only);
  }
  gtk_editable_set_text (self->entry, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  /* A time not typed yet is selected, to type over; else the cursor goes last. */
  if (self->with_time && !has_time)
    gtk_editable_select_region (self->entry, date_len + 1, -1);
  else
    gtk_editable_set_position (self->entry, -1);
  g_signal_emit (self, signals[PICKED], 0);
}

static void
popdown_and_set (FcrmDateButton *self,
                 GDateTime      *day)
{
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  set_entry (self, day);
}

/* A day clicked or chosen with Enter closes the popover; browsing months
 * (which also selects a day) only follows in the entry. */
static void
day_selected_cb (FcrmDateButton *self)
{
  g_autoptr(GDateTime) day = NULL;

  if (self->syncing)
    return;
  day = gtk_calendar_get_date (self->calendar);
  if (self->close_on_select)
    {
      self->close_on_select = FALSE;
      popdown_and_set (self, day);
    }
  else
    set_entry (self, day);
}

static void
calendar_pressed_cb (FcrmDateButton *self)
{
  self->close_on_select = TRUE;
}

static void
calendar_released_cb (FcrmDateButton *self)
{
  self->close_on_select = FALSE;
}

static gboolean
calendar_key_pressed_cb (FcrmDateButton  *self,
                         guint            keyval,
                         guint            keycode,
                         GdkModifierType  state)
{
  self->close_on_select = keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter
                          || keyval == GDK_KEY_space;
  return FALSE;
}

static void
quick_day (FcrmDateButton *self,
           int             days)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (today, days);

  popdown_and_set (self, day);
}

static void
today_clicked_cb (FcrmDateButton *self)
{
  quick_day (self, 0);
}

static void
tomorrow_clicked_cb (FcrmDateButton *self)
{
  quick_day (self, 1);
}

static void
clear_clicked_cb (FcrmDateButton *self)
{
  popdown_and_set (self, NULL);
}

/* Opening shows the entry's day, else today. */
static void
popover_show_cb (FcrmDateButton *self)
{
  gint64 at = 0;
  gboolean has_time = FALSE;
  g_autoptr(GDateTime) day = NULL;

  if (entry_moment (self, &at, &has_time))
    day = g_date_time_new_from_unix_local (at);
  else
    day = g_date_time_new_now_local ();
  self->syncing = TRUE;
  gtk_calendar_select_day (self->calendar, day);
  self->syncing = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static GtkWidget *
quick_button (const char *label,
              GCallback   callback,
              gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_hexpand (button, TRUE);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
fcrm_date_button_dispose (GObject *object)
{
  FcrmDateButton *self = FCRM_DATE_BUTTON (object);

  g_clear_weak_pointer (&self->entry);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);

  G_OBJECT_CLASS (fcrm_date_button_parent_class)->dispose (object);
}

static void
fcrm_date_button_class_init (FcrmDateButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_date_button_dispose;

  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fcrm_date_button_init (FcrmDateButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkGesture *click;
  GtkEventController *keys;

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Pick a day in the calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Calendar"),
                                  -1);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (calendar_pressed_cb), self);
  g_signal_connect_swapped (click, "released", G_CALLBACK (calendar_released_cb), self);
  g_signal_connect_swapped (click, "cancel", G_CALLBACK (calendar_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), GTK_EVENT_CONTROLLER (click));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (calendar_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), keys);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_box_append (GTK_BOX (buttons), quick_button (_("_Today"), G_CALLBACK (today_clicked_cb), self));
  gtk_box_append (GTK_BOX (buttons), quick_button (_("T_omorrow"), G_CALLBACK (tomorrow_clicked_cb), self));
  gtk_box_append (GTK_BOX (buttons), quick_button (_("_Clear"), G_CALLBACK (clear_clicked_cb), self));
  gtk_box_append (GTK_BOX (box), buttons);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (popover_show_cb), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), self->popover);
}

GtkWidget *
fcrm_date_button_new (GtkEditable *entry,
                      gboolean     with_time)
{
  FcrmDateButton *self = g_object_new (FCRM_TYPE_DATE_BUTTON, NULL);

  g_return_val_if_fail (GTK_IS_EDITABLE (entry), GTK_WIDGET (self));
  g_set_weak_pointer (&self->entry, entry);
  self->with_time = with_time;
  return GTK_WIDGET (self);
}

GtkCalendar *
fcrm_date_button_get_calendar (FcrmDateButton *self)
{
  g_return_val_if_fail (FCRM_IS_DATE_BUTTON (self), NULL);

  return self->calendar;
}

void
fcrm_date_button_popup (FcrmDateButton *self)
{
  g_return_if_fail (FCRM_IS_DATE_BUTTON (self));

  gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}
