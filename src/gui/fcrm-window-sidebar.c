#define G_LOG_DOMAIN "fcrm-window"

/* The sidebar folds to its icons (F9, or the button at its foot) so a
 * 1024 px screen gives the boards more room without losing the views; the
 * choice is remembered. A folded leaflet (a half-screen window) shows the
 * sidebar as a whole page, where the names are always shown. */

#include <glib/gi18n.h>

#include "fcrm-window-private.h"

#define EXPANDED_WIDTH  240
#define COLLAPSED_WIDTH 64

typedef struct
{
  AdwLeaflet *leaflet;
  GtkWidget  *sidebar;
  GtkWidget  *title;
  GtkListBox *list;
  GtkButton  *toggle;
  GSettings  *settings;   /* owned; NULL keeps nothing */
  gboolean    collapsed;
} Sidebar;

static void
sidebar_free (gpointer data)
{
  Sidebar *s = data;

  g_clear_object (&s->settings);
  g_free (s);
}

static Sidebar *
sidebar_of (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "fcrm-window-sidebar");
}

/* The label is the last child of a row's box (fcrm-window.c builds them). */
static void
apply (Sidebar *s)
{
  gboolean icons_only = s->collapsed && !adw_leaflet_get_folded (s->leaflet);

  gtk_widget_set_size_request (s->sidebar, icons_only ? COLLAPSED_WIDTH : EXPANDED_WIDTH, -1);
  gtk_widget_set_visible (s->title, !icons_only);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (s->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *label = box != NULL ? gtk_widget_get_last_child (box) : NULL;

      if (!GTK_IS_LABEL (label))
        continue;
      gtk_widget_set_visible (label, !icons_only);
      /* the name stays reachable: a tooltip when only the icon shows */
      gtk_widget_set_tooltip_text (row, icons_only ? gtk_label_get_text (GTK_LABEL (label)) : NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (s->toggle), !adw_leaflet_get_folded (s->leaflet));
  gtk_widget_set_tooltip_text (GTK_WIDGET (s->toggle),
                               s->collapsed ? _("Show View Names (F9)") : _("Show Icons Only (F9)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  s->collapsed ? _("Show View Names") : _("Show Icons Only"),
                                  -1);
}

static void
folded_changed_cb (Sidebar *s)
{
  apply (s);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  Sidebar *s = sidebar_of (widget);

  if (s == NULL || adw_leaflet_get_folded (s->leaflet))
    return;
  s->collapsed = !s->collapsed;
  if (s->settings != NULL)
    g_settings_set_boolean (s->settings, "sidebar-collapsed", s->collapsed);
  apply (s);
}

gboolean
fcrm_window_get_sidebar_collapsed (FcrmWindow *self)
{
  Sidebar *s = sidebar_of (GTK_WIDGET (self));

  return s != NULL && s->collapsed;
}

void
_fcrm_window_class_sidebar_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}

void
_fcrm_window_sidebar_init (FcrmWindow *self,
                           AdwLeaflet *leaflet,
                           GtkWidget  *sidebar,
                           GtkWidget  *title,
                           GtkListBox *list,
                           GtkButton  *toggle,
                           GSettings  *settings)
{
  Sidebar *s = g_new0 (Sidebar, 1);

  s->leaflet = leaflet;
  s->sidebar = sidebar;
  s->title = title;
  s->list = list;
  s->toggle = toggle;
  s->settings = settings != NULL ? g_object_ref (settings) : NULL;
  s->collapsed = settings != NULL && g_settings_get_boolean (settings, "sidebar-collapsed");
  g_object_set_data_full (G_OBJECT (self), "fcrm-window-sidebar", s, sidebar_free);
  /* the leaflet goes with the window's template, before its data is freed */
  g_signal_connect_swapped (leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), s);
  apply (s);
}
