#pragma once

/* Shared by the files of FcrmWindow: fcrm-window.c (views, sidebar, bell)
 * and fcrm-window-actions.c (the New menu and its dialogs, search). */

#include "fcrm-search-popover.h"
#include "fcrm-window.h"

G_BEGIN_DECLS

/* fcrm-window-actions.c */
void _fcrm_window_class_actions_init (GtkWidgetClass    *widget_class);
void _fcrm_window_actions_init       (FcrmWindow        *self,
                                      GtkStack          *stack,
                                      GtkMenuButton     *new_button,
                                      GtkMenuButton     *search_button,
                                      FcrmSearchPopover *search_popover);

G_END_DECLS
