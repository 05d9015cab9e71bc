#define G_LOG_DOMAIN "fcrm-board"

/* Scrolling the columns sideways: the arrow buttons at the edges that show
 * while columns hide beyond them, and keeping the column that holds the
 * keyboard focus in view (a card moved with Ctrl+→ follows the person). */

#include "fcrm-board-private.h"

/* Room kept beside a column brought into view, by the arrows or the focus:
 * clear of the edge arrows (36 px wide, 6 px from the edge) with the
 * columns' own spacing; a sliver of the column beyond shows there. */
#define VIEW_MARGIN 54

static GtkAdjustment *
hadjustment (FcrmBoard *self)
{
  return gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
}

static void
update_arrows (FcrmBoard *self)
{
  GtkAdjustment *adjustment = hadjustment (self);
  double value = gtk_adjustment_get_value (adjustment);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_widget_set_visible (self->scroll_start_button, value > 0.5);
  gtk_widget_set_visible (self->scroll_end_button, value < end - 0.5);
}

/* Where @column starts along the scrolled row, in the adjustment's units.
 * Measured within the row (the box of columns, inside its margin): the
 * scroll offset a moment ago does not count, even before the next layout. */
static gboolean
column_offset (FcrmBoard *self,
               GtkWidget *column,
               double    *out_x)
{
  double y = 0;

  if (!gtk_widget_translate_coordinates (column, GTK_WIDGET (self->columns_box), 0, 0, out_x, &y))
    return FALSE;
  *out_x += gtk_widget_get_margin_start (GTK_WIDGET (self->columns_box));
  return TRUE;
}

/* The first column whose start lies beyond @value + 1 (@step 1), or the
 * last that starts before @value - 1 (@step -1): where an arrow goes. */
static double
next_column_start (FcrmBoard *self,
                   double     value,
                   int        step)
{
  double best = step > 0 ? G_MAXDOUBLE : -1;

  for (guint i = 0; i < self->columns->len; i++)
    {
      GtkWidget *column = g_ptr_array_index (self->columns, i);
      double x = 0;

      if (!column_offset (self, column, &x))
        continue;
      x -= VIEW_MARGIN;
      if (step > 0 && x > value + 1 && x < best)
        best = x;
      if (step < 0 && x < value - 1 && x > best)
        best = x;
    }

  if (best == G_MAXDOUBLE || best < 0)
    return step > 0 ? G_MAXDOUBLE : 0;
  return best;
}

/* One column on in @step's direction, a column's start at the left edge. */
void
_fcrm_board_scroll_by_column (FcrmBoard *self,
                              int        step)
{
  GtkAdjustment *adjustment = hadjustment (self);

  gtk_adjustment_set_value (adjustment, next_column_start (self, gtk_adjustment_get_value (adjustment), step));
}

static void
scroll_start_clicked_cb (FcrmBoard *self)
{
  _fcrm_board_scroll_by_column (self, gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? 1 : -1);
}

static void
scroll_end_clicked_cb (FcrmBoard *self)
{
  _fcrm_board_scroll_by_column (self, gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? -1 : 1);
}

void
_fcrm_board_scroll_to_column (FcrmBoard       *self,
                              FcrmBoardColumn *column)
{
  GtkAdjustment *adjustment = hadjustment (self);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double x = 0;
  double width = gtk_widget_get_width (GTK_WIDGET (column));

  if (page <= 0 || !column_offset (self, GTK_WIDGET (column), &x))
    return;

  if (x - VIEW_MARGIN < value)
    gtk_adjustment_set_value (adjustment, x - VIEW_MARGIN);
  else if (x + width + VIEW_MARGIN > value + page)
    gtk_adjustment_set_value (adjustment, x + width + VIEW_MARGIN - page);
}

static void
column_focus_enter_cb (GtkEventControllerFocus *controller,
                       FcrmBoard               *self)
{
  GtkWidget *column = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  _fcrm_board_scroll_to_column (self, FCRM_BOARD_COLUMN (column));
}

void
_fcrm_board_scroll_watch_column (FcrmBoard       *self,
                                 FcrmBoardColumn *column)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "enter", G_CALLBACK (column_focus_enter_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (column), focus);
}

void
_fcrm_board_class_scroll_init (FcrmBoardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, columns_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, scroll_start_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, scroll_end_button);
  gtk_widget_class_bind_template_callback (widget_class, scroll_start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, scroll_end_clicked_cb);
}

void
_fcrm_board_scroll_init (FcrmBoard *self)
{
  GtkAdjustment *adjustment = hadjustment (self);

  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (update_arrows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (update_arrows), self, G_CONNECT_SWAPPED);
}
