#define G_LOG_DOMAIN "fcrm-board"

/* The board's Closed toggle: the pipeline's closed items in place of its
 * columns (issue 11). */

#include <glib/gi18n.h>

#include "fcrm-board-private.h"
#include "fcrm-closed-list.h"

static void
closed_toggled_cb (FcrmBoard *self)
{
  gboolean closed = gtk_toggle_button_get_active (self->closed_button);

  if (closed && self->closed_list == NULL)
    {
      self->closed_list = fcrm_closed_list_new (self->crm, self->pipeline);
      gtk_stack_add_named (self->board_stack, self->closed_list, "closed");
    }
  else if (closed)
    fcrm_closed_list_reload (FCRM_CLOSED_LIST (self->closed_list));

  /* the open cards' filters mean nothing to the closed list */
  gtk_widget_set_visible (self->scope_box, !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->responsible_dropdown), !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->source_dropdown), !closed);
  gtk_widget_set_visible (self->view_button, !closed);
  gtk_stack_set_visible_child_name (self->board_stack, closed ? "closed" : "open");
}

void
_fcrm_board_class_closed_init (FcrmBoardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (FCRM_TYPE_CLOSED_LIST);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, closed_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, scope_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, view_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, board_stack);
  gtk_widget_class_bind_template_callback (widget_class, closed_toggled_cb);
}

void
fcrm_board_set_show_closed (FcrmBoard *self,
                            gboolean   closed)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  gtk_toggle_button_set_active (self->closed_button, closed);
}

GtkWidget *
fcrm_board_get_closed_list (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  return self->closed_list;
}
