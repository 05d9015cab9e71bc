#define G_LOG_DOMAIN "fcrm-item-card"

/* Reading a card's item off the main loop: one job per open or refresh
 * (fcrm_crm_card_load_async), a newer one replacing an older one, and a quick
 * version check when the window is active again. */

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-card-window.h"
#include "fcrm-error.h"
#include "fcrm-item-card-private.h"

static void
show_gone (FcrmItemCard *self,
           const GError *error)
{
  g_clear_object (&self->item);
  fcrm_stage_bar_set_item (self->stage_bar, self->crm, NULL, NULL);
  /* Nothing left to write the changes to. */
  fcrm_item_card_discard_changes (self);

  if (error != NULL && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
    {
      adw_status_page_set_title (self->gone_page, _("This item cannot be shown"));
      adw_status_page_set_description (self->gone_page, error->message);
    }

  /* No tabs without an item, neither on top nor at the bottom. */
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  if (gtk_window_get_title (GTK_WINDOW (self)) == NULL)
    gtk_window_set_title (GTK_WINDOW (self), adw_status_page_get_title (self->gone_page));
  gtk_stack_set_visible_child_name (self->main_stack, "gone");
}

static void
show_data (FcrmItemCard *self,
           FcrmCardData *data)
{
  g_set_object (&self->item, data->item);
  fcrm_item_card_update_header (self);
  fcrm_item_card_update_project_tab (self);
  fcrm_stage_bar_set_item (self->stage_bar, self->crm, data->item, data->handover_stage);
  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_set_data (fcrm_item_card_section_at (self, i), self->crm, data);
  fcrm_item_card_rebase_sections (self);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "card");
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FcrmItemCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCardData) data = fcrm_crm_card_load_finish (FCRM_CRM (source), result, &error);

  /* a newer load, or the card closed */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);

  if (data != NULL)
    show_data (self, data);
  else if (self->item != NULL && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
    {
      /* Shown already: keep it, and say why it is not renewed. */
      self->rebase_from = -1;
      fcrm_card_window_toast_error (self->toast_overlay, error);
    }
  else
    show_gone (self, error);
}

/* Read the item and all its card shows in one job off the main loop; the
 * card shows it when it arrives. A newer load replaces an older one. */
void
fcrm_item_card_refresh (FcrmItemCard *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  fcrm_crm_card_load_async (self->crm, self->type, self->id, self->load_cancellable,
                            load_cb, g_object_ref (self));
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FcrmItemCard *self = user_data;

  self->refresh_id = 0;
  fcrm_item_card_refresh (self);

  return G_SOURCE_REMOVE;
}

void
fcrm_item_card_crm_changed_cb (FcrmItemCard *self)
{
  /* A change may come from inside one of our own handlers (a ticked task):
   * rebuild once that is over, and once for a burst of changes. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcrmItemCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) item = fcrm_crm_item_get_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->check_cancellable);
  if (self->item != NULL && (item == NULL || item->version != self->item->version))
    fcrm_item_card_crm_changed_cb (self);
}

void
fcrm_item_card_is_active_cb (FcrmItemCard *self,
              GParamSpec   *pspec,
              gpointer      user_data)
{
  if (!gtk_window_is_active (GTK_WINDOW (self)) || self->item == NULL)
    return;

  /* Another program's writes send no "changed": coming back to the card,
   * show them if the item moved on. Fields being edited keep the user's
   * text, and applying it will still find the conflict. */
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  fcrm_crm_item_get_async (self->crm, self->type, self->id, self->check_cancellable,
                           check_cb, g_object_ref (self));
}
