#define G_LOG_DOMAIN "fcrm-card-window"

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
