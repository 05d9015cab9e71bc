#pragma once

/* Shared by the files of FcrmWindow: fcrm-window.c (views, sidebar, bell)
 * fcrm-window-actions.c (the New menu and its dialogs, search) and
 * fcrm-window-sidebar.c (icons only). */

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

/* fcrm-window-sidebar.c: the sidebar folded to its icons (F9) */
void _fcrm_window_class_sidebar_init (GtkWidgetClass *widget_class);
void _fcrm_window_sidebar_init       (FcrmWindow     *self,
                                      AdwLeaflet     *leaflet,
                                      GtkWidget      *sidebar,
                                      GtkWidget      *title,
                                      GtkListBox     *list,
                                      GtkButton      *toggle,
                                      GSettings      *settings);

G_END_DECLS
