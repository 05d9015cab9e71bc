#define G_LOG_DOMAIN "fcrm-toasts"

#include <glib/gi18n.h>

#include "fcrm-toasts.h"

void
fcrm_toast_show_replacing (GtkWidget  *widget,
                           AdwToast  **last,
                           AdwToast   *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (last != NULL);
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (*last != NULL)
    adw_toast_dismiss (*last);
  g_set_object (last, toast);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
  else
    g_debug ("No toast overlay for: %s", adw_toast_get_title (toast));
}

AdwToast *
fcrm_undo_toast_new (const char *message,
                     FcrmUndo   *undo)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_val_if_fail (message != NULL, NULL);

  /* A toast's title is Pango markup. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "fcrm-undo", undo, (GDestroyNotify) fcrm_undo_free);
  return toast;
}

FcrmUndo *
fcrm_undo_toast_steal_undo (AdwToast *toast)
{
  g_return_val_if_fail (ADW_IS_TOAST (toast), NULL);

  return g_object_steal_data (G_OBJECT (toast), "fcrm-undo");
}
