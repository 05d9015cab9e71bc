#define G_LOG_DOMAIN "fcrm-window"

/* The header's New menu (a lead, a deal of any pipeline, a contact, a
 * company: Ctrl+N) and global search (Ctrl+F, or typing on a board). */

#include <glib/gi18n.h>

#include "fcrm-board.h"
#include "fcrm-clients-view.h"
#include "fcrm-vcard-gui.h"
#include "fcrm-import-assistant.h"
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

/* a call from a number nobody knows (the notifier's "New Lead") */
static void
new_lead_with_phone_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  FcrmWindow *self = FCRM_WINDOW (widget);
  FcrmNewDialog *dialog = fcrm_new_dialog_present (GTK_WINDOW (self), fcrm_window_get_crm (self), FCRM_NEW_LEAD, NULL);

  if (dialog != NULL)
    fcrm_new_dialog_set_phone (dialog, g_variant_get_string (param, NULL));
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

/* The import assistant, importing what the parameter names ("contacts",
 * "companies", "leads"; "": what the view shown lists, else contacts). */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FcrmWindow *self = FCRM_WINDOW (widget);
  const char *what = g_variant_get_string (param, NULL);
  FcrmImportKind kind = FCRM_IMPORT_CONTACTS;

  if (*what == '\0')
    what = fcrm_window_get_view (self) != NULL ? fcrm_window_get_view (self) : "";
  if (g_str_equal (what, "companies"))
    kind = FCRM_IMPORT_COMPANIES;
  else if (g_str_equal (what, "leads"))
    kind = FCRM_IMPORT_LEADS;
  fcrm_import_assistant_present (GTK_WINDOW (self), fcrm_window_get_crm (self), kind);
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

/* Typing on a board starts a search: a printable key no focused entry took
 * (the controller sees it last) opens the search with that character. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Parts                 *p)
{
  GtkEditable *entry = GTK_EDITABLE (fcrm_search_popover_get_entry (p->search_popover));
  gunichar c = gdk_keyval_to_unicode (keyval);
  char text[8] = { 0 };

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      !g_unichar_isgraph (c) ||
      !FCRM_IS_BOARD (gtk_stack_get_visible_child (p->stack)) ||
      gtk_widget_get_visible (GTK_WIDGET (p->search_popover)))
    return GDK_EVENT_PROPAGATE;

  g_unichar_to_utf8 (c, text);
  gtk_menu_button_popup (p->search_button);
  gtk_editable_set_text (entry, text);
  gtk_editable_set_position (entry, -1);
  return GDK_EVENT_STOP;
}

/* vCards: the contacts selected in the Contacts view, else every contact */
static void
export_vcard_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  Parts *p = parts (widget);
  GtkWidget *view = gtk_stack_get_visible_child (p->stack);
  g_autoptr(GArray) ids = FCRM_IS_CLIENTS_VIEW (view) ? fcrm_clients_view_dup_selected_contacts (FCRM_CLIENTS_VIEW (view))
                                                      : g_array_new (FALSE, FALSE, sizeof (gint64));

  fcrm_vcard_export_interactive (widget, fcrm_window_get_crm (FCRM_WINDOW (widget)), (const gint64 *) ids->data,
                                 ids->len, NULL);
}

static void
import_vcard_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  fcrm_vcard_import_interactive (widget, fcrm_window_get_crm (FCRM_WINDOW (widget)));
}

void
_fcrm_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-vcard", NULL, export_vcard_action);
  gtk_widget_class_install_action (widget_class, "win.import-vcard", NULL, import_vcard_action);
  gtk_widget_class_install_action (widget_class, "win.new-lead", NULL, new_lead_action);
  gtk_widget_class_install_action (widget_class, "win.new-lead-with-phone", "s", new_lead_with_phone_action);
  gtk_widget_class_install_action (widget_class, "win.new-deal", "s", new_deal_action);
  gtk_widget_class_install_action (widget_class, "win.new-contact", NULL, new_contact_action);
  gtk_widget_class_install_action (widget_class, "win.new-company", NULL, new_company_action);
  gtk_widget_class_install_action (widget_class, "win.new-menu", NULL, new_menu_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.import", "s", import_action);

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
  GtkEventController *keys;

  p->stack = stack;
  p->new_button = new_button;
  p->search_button = search_button;
  p->search_popover = search_popover;
  g_object_set_data_full (G_OBJECT (self), "fcrm-window-parts", p, g_free);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "fcrm-type-to-search");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), p);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
