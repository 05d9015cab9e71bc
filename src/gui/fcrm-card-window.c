#define G_LOG_DOMAIN "fcrm-card-window"

#include <glib/gi18n.h>

#include "fcrm-card-window.h"
#include "fcrm-toasts.h"

#define KEY_CRM  "fcrm-card-crm"
#define KEY_TYPE "fcrm-card-type"
#define KEY_ID   "fcrm-card-id"

void
fcrm_card_window_set_key (GtkWindow      *card,
                          FcrmCrm        *crm,
                          FcrmEntityType  type,
                          gint64          id)
{
  g_return_if_fail (GTK_IS_WINDOW (card));

  /* the window does not keep the database: the card itself does */
  g_object_set_data (G_OBJECT (card), KEY_CRM, crm);
  g_object_set_data (G_OBJECT (card), KEY_TYPE, GINT_TO_POINTER (type));
  g_object_set_data_full (G_OBJECT (card), KEY_ID, g_memdup2 (&id, sizeof id), g_free);
}

GtkWindow *
fcrm_card_window_find (GType           gtype,
                       FcrmCrm        *crm,
                       FcrmEntityType  type,
                       gint64          id)
{
  GListModel *toplevels;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      const gint64 *shown = g_object_get_data (G_OBJECT (window), KEY_ID);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, gtype) && shown != NULL && *shown == id &&
          g_object_get_data (G_OBJECT (window), KEY_CRM) == crm &&
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), KEY_TYPE)) == (int) type)
        return window;   /* the list of toplevels keeps it */
    }

  return NULL;
}

void
fcrm_card_window_present (GtkWindow *card,
                          gboolean   is_new,
                          GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WINDOW (card));

  if (is_new && parent != NULL)
    {
      GtkApplication *app = gtk_window_get_application (parent);

      gtk_window_set_transient_for (card, parent);
      if (app != NULL)
        gtk_window_set_application (card, app);
    }
  gtk_window_present (card);
}

static GtkWidget *
find_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ctrl+Z while the card's Undo toast shows (a text being edited keeps its own). */
static gboolean
undo_toast_binding (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  GtkWidget *overlay = find_overlay (widget);

  return overlay != NULL && fcrm_toasts_undo_last (ADW_TOAST_OVERLAY (overlay));
}

void
fcrm_card_window_add_bindings (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, undo_toast_binding, NULL);
  /* Escape closes the card (issue 13) unless an editor takes it to revert */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

void
fcrm_card_window_toast_error (AdwToastOverlay *overlay,
                              const GError    *error)
{
  /* a toast's title is markup */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  fcrm_toast_show (GTK_WIDGET (overlay), adw_toast_new (escaped));
}

void
fcrm_card_window_present_dialog (GtkWindow   *card,
                                 GtkWidget  **slot,
                                 GtkWidget   *dialog,
                                 const char  *default_response,
                                 GCallback    response_cb)
{
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), default_response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (response_cb != NULL)
    g_signal_connect_object (dialog, "response", response_cb, card, G_CONNECT_SWAPPED);
  if (slot != NULL)
    {
      *slot = dialog;
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
    }
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
fcrm_card_window_close_dialog (GtkWidget **slot)
{
  GtkWidget *dialog = *slot;

  if (dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
  *slot = NULL;
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

GtkWidget *
fcrm_card_window_discard_dialog (GtkWindow *card,
                                 GPtrArray *names)
{
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < names->len; i++)
    {
      if (fields->len > 0)
        /* Translators: between field names in "Changes to … have not been saved" */
        g_string_append (fields, _(", "));
      g_string_append_printf (fields, _("“%s”"), (const char *) g_ptr_array_index (names, i));
    }
  /* Translators: %s is one or more quoted field names of a card */
  body = g_strdup_printf (_("Changes to %s have not been saved."), fields->str);
  dialog = adw_message_dialog_new (card, _("Discard Unsaved Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  return dialog;
}
