#define G_LOG_DOMAIN "fcrm-search-popover"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-search.h"
#include "fcrm-search-popover.h"

/* The pause after the last key before searching, and how many results. */
#define SEARCH_DELAY_MS 150
#define MAX_RESULTS 40

struct _FcrmSearchPopover
{
  GtkPopover      parent_instance;

  FcrmCrm        *crm;
  GPtrArray      *results;        /* FcrmSearchResult, as the rows show them */
  gboolean        pending;        /* typed, the entry's pause not over yet */
  GCancellable   *cancellable;    /* the search being read */

  /* template */
  GtkSearchEntry *entry;
  GtkStack       *stack;
  GtkLabel       *empty_label;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (FcrmSearchPopover, fcrm_search_popover, GTK_TYPE_POPOVER)

static const char *
group_title (const char *kind)
{
  if (g_strcmp0 (kind, "lead") == 0)
    return _("Leads");
  if (g_strcmp0 (kind, "deal") == 0)
    return _("Deals");
  if (g_strcmp0 (kind, "contact") == 0)
    return _("Contacts");
  return _("Companies");
}

static const char *
kind_icon (const char *kind)
{
  if (g_strcmp0 (kind, "lead") == 0)
    return "call-incoming-symbolic";
  if (g_strcmp0 (kind, "deal") == 0)
    return "applications-engineering-symbolic";
  if (g_strcmp0 (kind, "contact") == 0)
    return "avatar-default-symbolic";
  return "system-users-symbolic";
}

/* What the core searches for: a word of three characters, or three digits
 * of a phone number. */
static gboolean
long_enough (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  guint digits = 0;
  gboolean phone = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr ("+-(). \t", *p) == NULL)
        phone = FALSE;
    }
  if (phone)
    return digits >= 3;
  for (guint i = 0; words[i] != NULL; i++)
    if (g_utf8_strlen (words[i], -1) >= 3)
      return TRUE;
  return FALSE;
}

static void
clear_rows (FcrmSearchPopover *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, row);
  g_ptr_array_set_size (self->results, 0);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  FcrmSearchPopover *self = user_data;
  int i = gtk_list_box_row_get_index (row);
  FcrmSearchResult *result, *previous;
  GtkWidget *label;

  if (i < 0 || (guint) i >= self->results->len)
    return;
  result = g_ptr_array_index (self->results, i);
  previous = i > 0 ? g_ptr_array_index (self->results, i - 1) : NULL;
  if (previous != NULL && g_strcmp0 (previous->kind, result->kind) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  label = gtk_label_new (group_title (result->kind));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, previous != NULL ? 12 : 6);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_list_box_row_set_header (row, label);
}

static GtkWidget *
row_new (FcrmSearchResult *result)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (result->kind));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 result->title != NULL && *result->title != '\0' ? result->title : _("Untitled"));
  if (result->subtitle != NULL)
    adw_action_row_set_subtitle (row, result->subtitle);
  adw_action_row_set_title_lines (row, 1);
  adw_action_row_set_subtitle_lines (row, 1);
  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (row, icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return GTK_WIDGET (row);
}

static gpointer
search_read (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  return fcrm_crm_search (worker, data, MAX_RESULTS, error);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmSearchPopover) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = fcrm_crm_read_finish (FCRM_CRM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  clear_rows (self);
  if (results == NULL)
    {
      gtk_label_set_text (self->empty_label, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (results->len == 0)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is what was searched for */
      message = g_strdup_printf (_("Nothing found for “%s”."), gtk_editable_get_text (GTK_EDITABLE (self->entry)));
      gtk_label_set_text (self->empty_label, message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      FcrmSearchResult *r = g_ptr_array_index (results, i);

      g_ptr_array_add (self->results, r);
      gtk_list_box_append (self->list, row_new (r));
    }
  /* the rows own the results now */
  g_ptr_array_set_free_func (results, NULL);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
search_start (FcrmSearchPopover *self,
              const char        *text)
{
  if (self->crm == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, search_read, g_strstrip (g_strdup (text)), g_free,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       search_done_cb, g_object_ref (self));
}

static void
text_changed_cb (FcrmSearchPopover *self)
{
  self->pending = TRUE;
}

/* The entry emits this once typing pauses (its search-delay, 150 ms). */
static void
search_changed_cb (FcrmSearchPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  self->pending = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!long_enough (text))
    {
      clear_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }
  search_start (self, text);
}

static void
open_result (FcrmSearchPopover *self,
             guint              position)
{
  FcrmSearchResult *result;

  if (position >= self->results->len)
    return;
  result = g_ptr_array_index (self->results, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)", result->kind, result->id);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
row_activated_cb (FcrmSearchPopover *self,
                  GtkListBoxRow     *row)
{
  open_result (self, gtk_list_box_row_get_index (row));
}

static void
entry_activate_cb (FcrmSearchPopover *self)
{
  /* Enter in the entry opens the first result (once the answer is in) */
  if (!self->pending && self->cancellable == NULL)
    open_result (self, 0);
}

static void
stop_search_cb (FcrmSearchPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      FcrmSearchPopover     *self)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (self->list, 0);
  if (first == NULL || self->results->len == 0)
    return GDK_EVENT_PROPAGATE;
  gtk_list_box_select_row (self->list, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

/* Up from the first result goes back to the entry. */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     FcrmSearchPopover     *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if ((keyval != GDK_KEY_Up && keyval != GDK_KEY_KP_Up) || first == NULL || !gtk_widget_has_focus (GTK_WIDGET (first)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  return GDK_EVENT_STOP;
}

static void
popover_show_cb (FcrmSearchPopover *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
fcrm_search_popover_dispose (GObject *object)
{
  FcrmSearchPopover *self = FCRM_SEARCH_POPOVER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_SEARCH_POPOVER);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_search_popover_parent_class)->dispose (object);
}

static void
fcrm_search_popover_finalize (GObject *object)
{
  FcrmSearchPopover *self = FCRM_SEARCH_POPOVER (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_search_popover_parent_class)->finalize (object);
}

static void
fcrm_search_popover_class_init (FcrmSearchPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_search_popover_dispose;
  object_class->finalize = fcrm_search_popover_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-search-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmSearchPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmSearchPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmSearchPopover, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmSearchPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
}

static void
fcrm_search_popover_init (FcrmSearchPopover *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_search_result_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, header_func, self, NULL);
  gtk_search_entry_set_search_delay (self->entry, SEARCH_DELAY_MS);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), keys);
}

void
fcrm_search_popover_set_crm (FcrmSearchPopover *self,
                             FcrmCrm           *crm)
{
  g_return_if_fail (FCRM_IS_SEARCH_POPOVER (self));
  g_return_if_fail (crm == NULL || FCRM_IS_CRM (crm));

  g_set_object (&self->crm, crm);
}

GtkSearchEntry *
fcrm_search_popover_get_entry (FcrmSearchPopover *self)
{
  g_return_val_if_fail (FCRM_IS_SEARCH_POPOVER (self), NULL);

  return self->entry;
}

gboolean
fcrm_search_popover_get_result (FcrmSearchPopover *self,
                                guint              position,
                                const char       **out_kind,
                                gint64            *out_id)
{
  FcrmSearchResult *result;

  g_return_val_if_fail (FCRM_IS_SEARCH_POPOVER (self), FALSE);

  if (position >= self->results->len)
    return FALSE;
  result = g_ptr_array_index (self->results, position);
  if (out_kind != NULL)
    *out_kind = result->kind;
  if (out_id != NULL)
    *out_id = result->id;
  return TRUE;
}

const char *
fcrm_search_popover_get_state (FcrmSearchPopover *self)
{
  g_return_val_if_fail (FCRM_IS_SEARCH_POPOVER (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
fcrm_search_popover_is_busy (FcrmSearchPopover *self)
{
  g_return_val_if_fail (FCRM_IS_SEARCH_POPOVER (self), FALSE);

  return self->pending || self->cancellable != NULL;
}
