#define G_LOG_DOMAIN "fcrm-board"

#include <glib/gi18n.h>

#include "fcrm-board-private.h"
#include "fcrm-vocabulary.h"

/* While a card is dragged near the left or right edge of the columns, the
 * board scrolls towards that edge, faster the closer the pointer is. */
#define AUTOSCROLL_EDGE  64      /* px */
#define AUTOSCROLL_SPEED 1200.0  /* px per second at the very edge */
/* Passing through an edge on the way elsewhere (the bar of final stages
 * along the bottom) scrolls nothing: the pointer has to rest there a moment. */
#define AUTOSCROLL_DELAY (300 * G_TIME_SPAN_MILLISECOND)

/* ---- drop targets ---- */

static gboolean
column_item_dropped_cb (FcrmBoard       *self,
                        FcrmItem        *item,
                        FcrmBoardColumn *column)
{
  return fcrm_board_drop_item (self, item, fcrm_board_column_get_stage (column)->code);
}

static gboolean
accepts_final (FcrmBoard  *self,
               FcrmItem   *item)
{
  return item != NULL && g_strcmp0 (item->pipeline, self->pipeline) == 0;
}

static GdkDragAction
final_motion_cb (GtkDropTarget *target,
                 double         x,
                 double         y,
                 FcrmBoard     *self)
{
  const GValue *value = gtk_drop_target_get_value (target);

  if (value != NULL && G_VALUE_HOLDS (value, FCRM_TYPE_ITEM) &&
      !accepts_final (self, g_value_get_object (value)))
    return 0;

  return GDK_ACTION_MOVE;
}

static gboolean
final_drop_cb (GtkDropTarget *target,
               const GValue  *value,
               double         x,
               double         y,
               FcrmBoard     *self)
{
  GtkWidget *zone = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  if (!G_VALUE_HOLDS (value, FCRM_TYPE_ITEM) || !accepts_final (self, g_value_get_object (value)))
    return FALSE;

  return fcrm_board_drop_item (self, g_value_get_object (value),
                               g_object_get_data (G_OBJECT (zone), "fcrm-stage"));
}

static const char *
final_icon (FcrmStage *stage)
{
  const char *pipeline = fcrm_stage_converts_to (stage->code) != NULL ? fcrm_stage_converts_to (stage->code)
                                                                       : fcrm_stage_hands_over_to (stage->code);

  /* a conversion target shows the pipeline it leads to */
  if (g_strcmp0 (pipeline, "design") == 0)
    return "applications-graphics-symbolic";
  if (g_strcmp0 (pipeline, "manufacturing") == 0)
    return "applications-engineering-symbolic";
  if (g_strcmp0 (pipeline, "repair") == 0)
    return "system-run-symbolic";
  if (stage->kind == FCRM_STAGE_FAILURE && g_str_has_prefix (stage->code, "lead."))
    return "user-trash-symbolic";

  return stage->kind == FCRM_STAGE_SUCCESS ? "emblem-ok-symbolic" : "process-stop-symbolic";
}

static char *
final_hint (FcrmBoard *self,
            FcrmStage *stage,
            gboolean   leads)
{
  if (leads && stage->kind == FCRM_STAGE_SUCCESS)
    {
      const char *code = fcrm_stage_converts_to (stage->code) != NULL ? fcrm_stage_converts_to (stage->code) : "";
      FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, code);

      /* TRANSLATORS: under a conversion target on the Leads board: "New deal in Manufacturing" */
      return g_strdup_printf (_("New deal in %s"), pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : code);
    }
  if (fcrm_stage_hands_over_to (stage->code) != NULL)
    {
      FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, fcrm_stage_hands_over_to (stage->code));

      /* TRANSLATORS: under "To installation" on the Design board: "Hands the deal over to Manufacturing" */
      return g_strdup_printf (_("Hands the deal over to %s"),
                              pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : fcrm_stage_hands_over_to (stage->code));
    }
  if (leads)
    return g_strdup (_("The work on the lead ends"));
  if (stage->kind == FCRM_STAGE_SUCCESS)
    return g_strdup (_("Closes the deal as won"));

  return g_strdup (_("Asks for the reason"));
}

GtkWidget *
_fcrm_board_final_zone_new (FcrmBoard *self,
                            FcrmStage *stage,
                            gboolean   leads)
{
  g_autofree char *hint = final_hint (self, stage, leads);
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *zone = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (final_icon (stage));
  GtkWidget *name = gtk_label_new (fcrm_stage_get_name (stage));
  GtkWidget *detail = gtk_label_new (hint);
  GtkDropTarget *target;
  const char *kind = stage->kind == FCRM_STAGE_SUCCESS ? "board-final-success"
                     : stage->kind == FCRM_STAGE_FAILURE ? "board-final-failure"
                     : "board-final-handover";

  gtk_widget_add_css_class (zone, "board-final");
  gtk_widget_add_css_class (zone, kind);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (icon, "board-final-icon");

  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);

  /* Four targets share a narrow window: the name may take two lines, the
   * hint (also the tooltip) one. */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  /* a long word may break: else it would widen every target past the window */
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (name), 2);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (name), 8);
  gtk_widget_add_css_class (name, "board-final-name");

  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (detail), 8);
  gtk_widget_add_css_class (detail, "board-final-hint");
  gtk_widget_add_css_class (detail, "dim-label");

  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (zone), icon);
  gtk_box_append (GTK_BOX (zone), texts);

  tooltip = g_strdup_printf (_("Drop a card here: %s"), hint);
  gtk_widget_set_tooltip_text (zone, tooltip);
  /* TRANSLATORS: accessible name of a final-stage drop target: "Drop target: Lost" */
  accessible = g_strdup_printf (_("Drop target: %s"), fcrm_stage_get_name (stage));
  gtk_accessible_update_property (GTK_ACCESSIBLE (zone),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                  -1);

  g_object_set_data_full (G_OBJECT (zone), "fcrm-stage", g_strdup (stage->code), g_free);

  target = gtk_drop_target_new (FCRM_TYPE_ITEM, GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "enter", G_CALLBACK (final_motion_cb), self, 0);
  g_signal_connect_object (target, "motion", G_CALLBACK (final_motion_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (final_drop_cb), self, 0);
  gtk_widget_add_controller (zone, GTK_EVENT_CONTROLLER (target));

  return zone;
}

/* ---- dragging over the board ---- */

static gboolean
carries_item (GtkDropControllerMotion *motion)
{
  GdkDrop *drop = gtk_drop_controller_motion_get_drop (motion);

  return drop != NULL && gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), FCRM_TYPE_ITEM);
}

void
_fcrm_board_set_dragging (FcrmBoard *self,
                          gboolean   dragging)
{
  dragging = !!dragging;
  if (self->dragging == dragging)
    return;

  self->dragging = dragging;
  if (dragging)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dragging");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dragging");
  gtk_revealer_set_reveal_child (self->finals_revealer, dragging);
  /* The edge arrows let a dragged card through to the columns under them,
   * where the pointer resting at an edge scrolls the board. */
  gtk_widget_set_can_target (self->scroll_start_button, !dragging);
  gtk_widget_set_can_target (self->scroll_end_button, !dragging);
}

static void
drag_over_cb (FcrmBoard *self)
{
  _fcrm_board_set_dragging (self, FALSE);
}

static void
drag_enter_cb (FcrmBoard               *self,
               double                   x,
               double                   y,
               GtkDropControllerMotion *motion)
{
  GdkDrop *drop = gtk_drop_controller_motion_get_drop (motion);
  GdkDrag *drag = drop != NULL ? gdk_drop_get_drag (drop) : NULL;

  if (!carries_item (motion))
    return;

  /* The final stages show while a card is on its way. A drop ends the
   * drag without a "leave": the drag itself says when it is over. */
  _fcrm_board_set_dragging (self, TRUE);
  if (drag != NULL && g_object_get_data (G_OBJECT (drag), "fcrm-board") != self)
    {
      g_object_set_data (G_OBJECT (drag), "fcrm-board", self);
      g_signal_connect_object (drag, "dnd-finished", G_CALLBACK (drag_over_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (drag, "cancel", G_CALLBACK (drag_over_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (drag, "drop-performed", G_CALLBACK (drag_over_cb), self, G_CONNECT_SWAPPED);
    }
}

/* "board.card-dragged" (b): a card of this board began (TRUE) or ended
 * (FALSE) being dragged; its drag source says so (FcrmCardRow). */
static void
card_dragged_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _fcrm_board_set_dragging (FCRM_BOARD (widget), g_variant_get_boolean (parameter));
}


static gboolean
autoscroll_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  FcrmBoard *self = FCRM_BOARD (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double seconds = self->autoscroll_time != 0 ? (now - self->autoscroll_time) / (double) G_USEC_PER_SEC : 0;

  self->autoscroll_time = now;
  if (self->autoscroll_speed == 0)
    {
      self->autoscroll_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (now - self->autoscroll_since < AUTOSCROLL_DELAY)
    return G_SOURCE_CONTINUE;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + self->autoscroll_speed * seconds);

  return G_SOURCE_CONTINUE;
}

static void
scroll_motion_cb (FcrmBoard               *self,
                  double                   x,
                  double                   y,
                  GtkDropControllerMotion *motion)
{
  int width = gtk_widget_get_width (self->scroller);
  gboolean was_scrolling = self->autoscroll_speed != 0;

  if (!carries_item (motion) || width <= 3 * AUTOSCROLL_EDGE)
    self->autoscroll_speed = 0;
  else if (x < AUTOSCROLL_EDGE)
    self->autoscroll_speed = -AUTOSCROLL_SPEED * (AUTOSCROLL_EDGE - x) / AUTOSCROLL_EDGE;
  else if (x > width - AUTOSCROLL_EDGE)
    self->autoscroll_speed = AUTOSCROLL_SPEED * (x - (width - AUTOSCROLL_EDGE)) / AUTOSCROLL_EDGE;
  else
    self->autoscroll_speed = 0;

  if (self->autoscroll_speed != 0 && !was_scrolling)
    self->autoscroll_since = g_get_monotonic_time ();
  if (self->autoscroll_speed != 0 && self->autoscroll_id == 0)
    {
      self->autoscroll_time = 0;
      self->autoscroll_id = gtk_widget_add_tick_callback (self->scroller, autoscroll_tick_cb, self, NULL);
    }
}

static void
scroll_leave_cb (FcrmBoard *self)
{
  self->autoscroll_speed = 0;
}


/* ---- set-up ---- */

void
_fcrm_board_class_dnd_init (FcrmBoardClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "board.card-dragged", "b", card_dragged_action);
}

void
_fcrm_board_dnd_watch_column (FcrmBoard       *self,
                              FcrmBoardColumn *column)
{
  g_signal_connect_object (column, "item-dropped", G_CALLBACK (column_item_dropped_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_fcrm_board_dnd_init (FcrmBoard *self)
{
  GtkEventController *controller;

  controller = gtk_drop_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (drag_enter_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_drop_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (scroll_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (scroll_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (scroll_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->scroller, controller);
}

void
_fcrm_board_dnd_dispose (FcrmBoard *self)
{
  if (self->autoscroll_id != 0)
    {
      gtk_widget_remove_tick_callback (self->scroller, self->autoscroll_id);
      self->autoscroll_id = 0;
    }
}
