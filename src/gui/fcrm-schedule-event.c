#define G_LOG_DOMAIN "fcrm-schedule-event"

#include <glib/gi18n.h>

#include "fcrm-schedule-event.h"

struct _FcrmScheduleEvent
{
  GtkWidget  parent_instance;

  FcrmEvent *event;

  GtkWidget *box;
  GtkLabel  *time_label;
  GtkLabel  *title_label;
  GtkLabel  *details_label;
};

G_DEFINE_FINAL_TYPE (FcrmScheduleEvent, fcrm_schedule_event, GTK_TYPE_WIDGET)

FcrmEvent *
fcrm_schedule_event_get_event (FcrmScheduleEvent *self)
{
  g_return_val_if_fail (FCRM_IS_SCHEDULE_EVENT (self), NULL);
  return self->event;
}

static void
open_card (FcrmScheduleEvent *self)
{
  if (self->event->deal_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)", "deal", self->event->deal_id);
}

static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            FcrmScheduleEvent *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
released_cb (GtkGestureClick   *gesture,
             int                n_press,
             double             x,
             double             y,
             FcrmScheduleEvent *self)
{
  open_card (self);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_card (FCRM_SCHEDULE_EVENT (widget));
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource     *source,
                 double             x,
                 double             y,
                 FcrmScheduleEvent *self)
{
  return gdk_content_provider_new_typed (FCRM_TYPE_EVENT, self->event);
}

static void
drag_begin_cb (GtkDragSource     *source,
               GdkDrag           *drag,
               FcrmScheduleEvent *self)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* "14:30–16:30", or the day's hour of a date without a time */
static char *
format_time (FcrmEvent *ev)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (ev->start == 0)
    return g_strdup (_("No date yet"));
  /* a task due on a day: some time that day */
  if (ev->all_day && ev->task_id != 0)
    return g_strdup (C_("schedule", "During the day"));
  start = g_date_time_new_from_unix_local (ev->start);
  end = g_date_time_new_from_unix_local (ev->end);
  a = g_date_time_format (start, C_("time of day", "%H:%M"));
  b = g_date_time_format (end, C_("time of day", "%H:%M"));
  /* Translators: an event's time span, "14:30–16:30" */
  return g_strdup_printf (C_("schedule", "%s–%s"), a, b);
}

static void
fill (FcrmScheduleEvent *self,
      gboolean           compact)
{
  FcrmEvent *ev = self->event;
  g_autofree char *time = format_time (ev);
  g_autofree char *full = g_strdup_printf ("%s · %s", time, fcrm_event_kind_display_name (ev->kind));
  /* on the grid the colour tells the kind; beside it the kind tells what waits */
  const char *header = !compact ? time : ev->start == 0 ? fcrm_event_kind_display_name (ev->kind) : full;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  g_autofree char *css = g_strdup_printf ("schedule-%s", fcrm_event_kind_to_string (ev->kind));

  gtk_widget_add_css_class (GTK_WIDGET (self), css);
  if (ev->conflict)
    gtk_widget_add_css_class (GTK_WIDGET (self), "schedule-conflict");
  gtk_label_set_text (self->time_label, header);
  gtk_label_set_text (self->title_label, ev->title);
  if (ev->client != NULL)
    g_string_append (details, ev->client);
  if (ev->address != NULL)
    g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", ev->address);
  if (ev->phone != NULL)
    g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", ev->phone);
  gtk_label_set_text (self->details_label, details->str);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), !compact && details->len > 0);

  g_string_append_printf (tooltip, "%s\n%s", full, ev->title);
  if (details->len > 0)
    g_string_append_printf (tooltip, "\n%s", details->str);
  if (ev->user_name != NULL)
    g_string_append_printf (tooltip, "\n%s", ev->user_name);
  if (ev->conflict)
    g_string_append_printf (tooltip, "\n%s", _("In conflict with another event"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip->str, -1);
}

GtkWidget *
fcrm_schedule_event_new (FcrmEvent *event,
                         gboolean   compact)
{
  FcrmScheduleEvent *self;

  g_return_val_if_fail (FCRM_IS_EVENT (event), NULL);

  self = g_object_new (FCRM_TYPE_SCHEDULE_EVENT, NULL);
  self->event = g_object_ref (event);
  fill (self, compact);
  return GTK_WIDGET (self);
}

static void
fcrm_schedule_event_dispose (GObject *object)
{
  FcrmScheduleEvent *self = FCRM_SCHEDULE_EVENT (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_SCHEDULE_EVENT);
  g_clear_object (&self->event);
  G_OBJECT_CLASS (fcrm_schedule_event_parent_class)->dispose (object);
}

static void
fcrm_schedule_event_class_init (FcrmScheduleEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_schedule_event_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-schedule-event.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleEvent, box);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleEvent, time_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleEvent, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleEvent, details_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "event.open", NULL, activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "event.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "event.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "event.open", NULL);
}

static void
fcrm_schedule_event_init (FcrmScheduleEvent *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
