#define G_LOG_DOMAIN "fcrm-window"

/* The header's New menu (a lead, a deal of any pipeline, a contact, a
 * company: Ctrl+N) and global search (Ctrl+F, or typing on a board). */

#include <glib/gi18n.h>

#include "fcrm-board.h"
#include "fcrm-new-dialog.h"
#include "fcrm-window-private.h"

typedef struct
{
  GtkStack          *stack;
  GtkMenuButton     *new_button;
  GtkMenuButton     *search_button;
  FcrmSearchPopover *search_popover;
} Parts;   /* borrowed: template children of the window */

static Parts *
parts (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "fcrm-window-parts");
}

static void
new_item (GtkWidget   *widget,
          FcrmNewKind  kind,
          const char  *pipeline)
{
  FcrmWindow *self = FCRM_WINDOW (widget);

  fcrm_new_dialog_present (GTK_WINDOW (self), fcrm_window_get_crm (self), kind, pipeline);
}

static void
new_lead_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  new_item (widget, FCRM_NEW_LEAD, NULL);
}

static void
new_deal_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  new_item (widget, FCRM_NEW_DEAL, g_variant_get_string (param, NULL));
}

static void
new_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  new_item (widget, FCRM_NEW_CONTACT, NULL);
}

static void
new_company_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  new_item (widget, FCRM_NEW_COMPANY, NULL);
}

static void
new_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  Parts *p = parts (widget);

  if (p != NULL)
    gtk_menu_button_popup (p->new_button);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  Parts *p = parts (widget);

  if (p != NULL)
    gtk_menu_button_popup (p->search_button);
}

/* Typing on a board starts a search: only there, where no entry takes the keys. */
static void
visible_view_cb (GtkStack   *stack,
                 GParamSpec *pspec,
                 Parts      *p)
{
  GtkWidget *child = gtk_stack_get_visible_child (stack);

  gtk_search_entry_set_key_capture_widget (fcrm_search_popover_get_entry (p->search_popover),
                                           FCRM_IS_BOARD (child) ? child : NULL);
}

static void
search_started_cb (GtkSearchEntry *entry,
                   Parts          *p)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (p->search_popover)))
    {
      int end;

      gtk_menu_button_popup (p->search_button);
      /* the key that started it stays; the caret goes after it */
      end = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
      gtk_editable_set_position (GTK_EDITABLE (entry), end);
    }
}

void
_fcrm_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-lead", NULL, new_lead_action);
  gtk_widget_class_install_action (widget_class, "win.new-deal", "s", new_deal_action);
  gtk_widget_class_install_action (widget_class, "win.new-contact", NULL, new_contact_action);
  gtk_widget_class_install_action (widget_class, "win.new-company", NULL, new_company_action);
  gtk_widget_class_install_action (widget_class, "win.new-menu", NULL, new_menu_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

void
_fcrm_window_actions_init (FcrmWindow        *self,
                           GtkStack          *stack,
                           GtkMenuButton     *new_button,
                           GtkMenuButton     *search_button,
                           FcrmSearchPopover *search_popover)
{
  Parts *p = g_new0 (Parts, 1);

  p->stack = stack;
  p->new_button = new_button;
  p->search_button = search_button;
  p->search_popover = search_popover;
  g_object_set_data_full (G_OBJECT (self), "fcrm-window-parts", p, g_free);

  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (visible_view_cb), p);
  g_signal_connect (fcrm_search_popover_get_entry (search_popover), "search-started",
                    G_CALLBACK (search_started_cb), p);
  visible_view_cb (stack, NULL, p);
}
