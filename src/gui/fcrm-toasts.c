#define G_LOG_DOMAIN "fcrm-toasts"

#include <glib/gi18n.h>

#include "fcrm-toasts.h"

#define LAST_TOAST "fcrm-last-toast"

static void
show_in (GtkWidget *overlay,
         AdwToast  *toast)
{
  AdwToast *shown = g_object_get_data (G_OBJECT (overlay), LAST_TOAST);

  if (shown != NULL && shown != toast)
    adw_toast_dismiss (shown);
  g_object_set_data_full (G_OBJECT (overlay), LAST_TOAST, g_object_ref (toast), g_object_unref);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
}

void
fcrm_toast_show_replacing (GtkWidget  *widget,
                           AdwToast  **last,
                           AdwToast   *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = ADW_IS_TOAST_OVERLAY (widget) ? widget : gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (last != NULL)
    {
      if (*last != NULL && *last != toast)
        adw_toast_dismiss (*last);
      g_set_object (last, toast);
    }

  if (overlay != NULL)
    show_in (overlay, toast);
  else
    g_debug ("No toast overlay for: %s", adw_toast_get_title (toast));
}

void
fcrm_toast_show (GtkWidget *widget,
                 AdwToast  *toast)
{
  fcrm_toast_show_replacing (widget, NULL, toast);
  g_object_unref (toast);
}

gboolean
fcrm_toasts_undo_last (AdwToastOverlay *overlay)
{
  AdwToast *shown;

  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), FALSE);

  shown = g_object_get_data (G_OBJECT (overlay), LAST_TOAST);
  if (shown == NULL || g_object_get_data (G_OBJECT (shown), "fcrm-undo") == NULL)
    return FALSE;
  g_object_ref (shown);
  g_signal_emit_by_name (shown, "button-clicked");
  adw_toast_dismiss (shown);
  g_object_unref (shown);
  return TRUE;
}

static gboolean
in_toast (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (g_strcmp0 (G_OBJECT_TYPE_NAME (w), "AdwToastWidget") == 0)
      return TRUE;
  return FALSE;
}

static void
focus_changed_cb (GtkWindow  *window,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  /* Move on past the toast's buttons (Undo, close), at most a few steps. */
  for (int i = 0; i < 4 && focus != NULL && in_toast (focus); i++)
    {
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_window_set_focus (window, NULL);
      focus = gtk_root_get_focus (GTK_ROOT (window));
    }
}

void
fcrm_toasts_guard_focus (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (focus_changed_cb), NULL);
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

void
fcrm_toast_show_error (GtkWidget     *widget,
                       AdwToast     **last,
                       const GError  *error)
{
  g_autofree char *escaped = NULL;
  g_autoptr(AdwToast) toast = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  escaped = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  fcrm_toast_show_replacing (widget, last, toast);
}

typedef struct
{
  GWeakRef  widget;   /* where a failed undo is told */
  FcrmCrm  *crm;
} UndoTarget;

static void
undo_target_free (gpointer  data,
                  GClosure *closure)
{
  UndoTarget *target = data;

  g_weak_ref_clear (&target->widget);
  g_object_unref (target->crm);
  g_free (target);
}

static void
undo_clicked_cb (AdwToast   *toast,
                 UndoTarget *target)
{
  g_autoptr(FcrmUndo) undo = fcrm_undo_toast_steal_undo (toast);
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&target->widget);
  g_autoptr(GError) error = NULL;

  /* Whoever shows the item reads it again on the database's "changed". */
  if (undo != NULL && !fcrm_crm_undo (target->crm, undo, &error) && widget != NULL)
    fcrm_toast_show_error (widget, NULL, error);
}

void
fcrm_undo_toast_show (GtkWidget   *widget,
                      AdwToast   **last,
                      FcrmCrm     *crm,
                      const char  *message,
                      FcrmUndo    *undo)
{
  g_autoptr(AdwToast) toast = NULL;
  UndoTarget *target;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (undo != NULL);

  target = g_new0 (UndoTarget, 1);
  g_weak_ref_init (&target->widget, widget);
  target->crm = g_object_ref (crm);
  toast = fcrm_undo_toast_new (message, undo);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), target, undo_target_free, 0);
  fcrm_toast_show_replacing (widget, last, toast);
}
