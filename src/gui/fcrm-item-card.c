#define G_LOG_DOMAIN "fcrm-item-card"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-item-card-private.h"
#include "fcrm-card-window.h"
#include "fcrm-toasts.h"
#include "fcrm-attachments-view.h"
#include "fcrm-card-section.h"
#include "fcrm-client-section.h"
#include "fcrm-comments-section.h"
#include "fcrm-crm-async.h"
#include "fcrm-error.h"
#include "fcrm-item-fields-group.h"
#include "fcrm-participants-section.h"
#include "fcrm-tasks-section.h"
#include "fcrm-timeline-section.h"
#include "fcrm-warranty-section.h"

G_DEFINE_FINAL_TYPE (FcrmItemCard, fcrm_item_card, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CRM,
  PROP_ITEM_TYPE,
  PROP_ITEM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


FcrmCardSection *
fcrm_item_card_section_at (FcrmItemCard *self,
                           guint         i)
{
  return g_ptr_array_index (self->sections, i);
}

/* Header and tabs */

void
fcrm_item_card_update_header (FcrmItemCard *self)
{
  FcrmItem *item = self->item;
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, item->stage);
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, item->pipeline);
  GtkWidget *pill = GTK_WIDGET (self->stage_label);
  g_autofree char *number = NULL;
  const char *title = fcrm_card_nonempty (item->title) ? item->title : _("Untitled");

  number = item->type == FCRM_ENTITY_LEAD
           ? g_strdup_printf (_("Lead #%" PRId64), item->id)
           : g_strdup_printf (_("Deal #%" PRId64), item->id);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, number);
  gtk_label_set_text (self->title_label, title);

  gtk_label_set_text (self->stage_label, fcrm_item_get_stage_name (item));
  gtk_widget_set_tooltip_text (pill, fcrm_item_get_stage_name (item));
  gtk_widget_remove_css_class (pill, "stage-success");
  gtk_widget_remove_css_class (pill, "stage-failure");
  if (stage != NULL && stage->kind == FCRM_STAGE_SUCCESS)
    gtk_widget_add_css_class (pill, "stage-success");
  else if (stage != NULL && stage->kind == FCRM_STAGE_FAILURE)
    gtk_widget_add_css_class (pill, "stage-failure");

  gtk_label_set_text (self->pipeline_label,
                      pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : "");
  gtk_widget_set_visible (self->returning_badge, item->returning);
}

/* A lead has a project too (SPEC §4); once it became a deal, the deal's
 * card is where the project goes on: the tab says so above the fields. */
void
fcrm_item_card_update_project_tab (FcrmItemCard *self)
{
  FcrmItem *item = self->item;
  gboolean converted = item->type == FCRM_ENTITY_LEAD && item->deal_id > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->project_lead_label), converted);
  if (converted)
    {
      g_autofree char *text =
        g_strdup_printf (_("This lead became deal #%" PRId64 ". Delivery, installation, design and measurements are on the deal’s card."),
                         item->deal_id);

      gtk_label_set_text (self->project_lead_label, text);
    }
}

/* Pending changes of the sections */

static gboolean
any_changes (FcrmItemCard *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    if (fcrm_card_section_has_changes (fcrm_item_card_section_at (self, i)))
      return TRUE;

  return FALSE;
}

void
fcrm_item_card_discard_changes (FcrmItemCard *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_discard (fcrm_item_card_section_at (self, i));
}

static void
conflict_response_cb (FcrmItemCard     *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "reload") == 0)
    {
      /* Their version wins: every pending change was based on the old one. */
      fcrm_item_card_discard_changes (self);
      fcrm_item_card_refresh (self);
    }
}

static void
section_conflict_cb (FcrmItemCard    *self,
                     const char      *what,
                     FcrmCardSection *section)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->conflict_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->conflict_dialog));
      return;
    }

  body = g_strdup_printf (_("Your change to “%s” was not saved, so nothing of theirs was overwritten. "
                            "Reload to see the current version, then make your change again."),
                          what);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   self->type == FCRM_ENTITY_LEAD
                                   ? _("Someone else changed this lead meanwhile")
                                   : _("Someone else changed this deal meanwhile"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: keep the unsaved edit on the card for now */
                                    "cancel", _("_Keep My Edit"),
                                    /* Translators: discard my edit and show the other person's version */
                                    "reload", _("_Reload"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload", ADW_RESPONSE_SUGGESTED);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  fcrm_card_window_present_dialog (GTK_WINDOW (self), &self->conflict_dialog, dialog, "reload", G_CALLBACK (conflict_response_cb));
}

static void
section_changed_cb (FcrmItemCard    *self,
                    gboolean         wrote,
                    FcrmCardSection *section)
{
  /* Our own write moved the version by one: once the item is read again,
   * changes begun before it may follow (rebase_sections()). */
  self->rebase_from = wrote && self->item != NULL ? self->item->version : -1;
  fcrm_item_card_refresh (self);
}

/* Changes the sections began before our own write were based on the version
 * before it: nobody else wrote in between, so they may follow. If the
 * version moved further, someone did. */
void
fcrm_item_card_rebase_sections (FcrmItemCard *self)
{
  gint64 before = self->rebase_from;

  self->rebase_from = -1;
  if (before < 0 || self->item == NULL || self->item->version != before + 1)
    return;
  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_rebase (fcrm_item_card_section_at (self, i), before, before + 1);
}

/* Reading the item */

/* GObject */

static GtkWidget *
first_focusable (GtkWidget *widget)
{
  if (gtk_widget_get_focusable (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_focusable (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
fcrm_item_card_constructed (GObject *object)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);
  GtkWidget *attachments;
  GtkWidget *focus;

  G_OBJECT_CLASS (fcrm_item_card_parent_class)->constructed (object);
  fcrm_toasts_guard_focus (GTK_WINDOW (object));
  fcrm_card_window_set_key (GTK_WINDOW (object), self->crm, self->type, self->id);

  g_assert (FCRM_IS_CRM (self->crm));

  /* Made here, not in the template: it needs the database at construction.
   * No item yet: the card's load hands it its list. */
  attachments = fcrm_attachments_view_new (self->crm, self->type, 0);
  adw_bin_set_child (self->attachments_bin, attachments);
  g_signal_connect_object (attachments, "changed", G_CALLBACK (section_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (attachments, "conflict", G_CALLBACK (section_conflict_cb), self, G_CONNECT_SWAPPED);

  /* The order they read the item in. */
  self->sections = g_ptr_array_new ();
  g_ptr_array_add (self->sections, self->warranty_section);
  g_ptr_array_add (self->sections, self->client_section);
  g_ptr_array_add (self->sections, self->about_group);
  g_ptr_array_add (self->sections, self->project_group);
  g_ptr_array_add (self->sections, self->additional_group);
  g_ptr_array_add (self->sections, self->participants_section);
  g_ptr_array_add (self->sections, self->comments_section);
  g_ptr_array_add (self->sections, self->tasks_section);
  g_ptr_array_add (self->sections, self->timeline_section);
  g_ptr_array_add (self->sections, attachments);

  g_signal_connect_object (self->crm, "changed",
                           G_CALLBACK (fcrm_item_card_crm_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (fcrm_item_card_is_active_cb), NULL);
  fcrm_item_card_refresh (self);

  /* Left alone, the window focuses its first selectable label, which
   * selects all of it: start on the tabs instead. */
  focus = first_focusable (GTK_WIDGET (self->switcher_title));
  if (focus != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), focus);
}

static void
discard_response_cb (FcrmItemCard     *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      fcrm_item_card_discard_changes (self);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
fcrm_item_card_close_request (GtkWindow *window)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (window);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog;

  if (!any_changes (self))
    return GTK_WINDOW_CLASS (fcrm_item_card_parent_class)->close_request (window);
  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return TRUE;
    }

  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_list_changes (fcrm_item_card_section_at (self, i), names);
  dialog = fcrm_card_window_discard_dialog (window, names);
  fcrm_card_window_present_dialog (GTK_WINDOW (self), &self->discard_dialog, dialog, "cancel", G_CALLBACK (discard_response_cb));

  return TRUE;
}

static void
fcrm_item_card_dispose (GObject *object)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  fcrm_card_window_close_dialog (&self->conflict_dialog);
  fcrm_card_window_close_dialog (&self->discard_dialog);
  /* The sections go with the template: what they might say on the way
   * is for nobody. */
  for (guint i = 0; self->sections != NULL && i < self->sections->len; i++)
    g_signal_handlers_disconnect_by_data (fcrm_item_card_section_at (self, i), self);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_ITEM_CARD);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_item_card_parent_class)->dispose (object);
}

static void
fcrm_item_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_uint (value, self->type);
      break;

    case PROP_ITEM_ID:
      g_value_set_int64 (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_ITEM_TYPE:
      self->type = (FcrmEntityType) g_value_get_uint (value);
      break;

    case PROP_ITEM_ID:
      self->id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_card_class_init (FcrmItemCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_item_card_constructed;
  object_class->dispose = fcrm_item_card_dispose;
  object_class->get_property = fcrm_item_card_get_property;
  object_class->set_property = fcrm_item_card_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = fcrm_item_card_close_request;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FcrmEntityType has no GType: its value as a number. */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_uint ("item-type", NULL, NULL,
                       FCRM_ENTITY_LEAD, FCRM_ENTITY_DEAL, FCRM_ENTITY_LEAD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_ID] =
    g_param_spec_int64 ("item-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FCRM_TYPE_ITEM_FIELDS_GROUP);
  g_type_ensure (FCRM_TYPE_PARTICIPANTS_SECTION);
  g_type_ensure (FCRM_TYPE_COMMENTS_SECTION);
  g_type_ensure (FCRM_TYPE_TASKS_SECTION);
  g_type_ensure (FCRM_TYPE_TIMELINE_SECTION);
  g_type_ensure (FCRM_TYPE_CLIENT_SECTION);
  g_type_ensure (FCRM_TYPE_WARRANTY_SECTION);
  g_type_ensure (FCRM_TYPE_STAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-item-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, stage_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, pipeline_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, returning_badge);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, stage_bar);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, about_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, warranty_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, client_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_lead_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, additional_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, attachments_bin);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participants_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, comments_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, tasks_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, timeline_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, gone_page);
  gtk_widget_class_bind_template_callback (widget_class, section_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_conflict_cb);

  fcrm_card_window_add_bindings (widget_class);
}

static void
fcrm_item_card_init (FcrmItemCard *self)
{
  self->rebase_from = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

FcrmItemCard *
fcrm_item_card_find (FcrmCrm        *crm,
                     FcrmEntityType  type,
                     gint64          id)
{
  return (FcrmItemCard *) fcrm_card_window_find (FCRM_TYPE_ITEM_CARD, crm, type, id);
}

void
fcrm_item_card_present (GtkWindow      *parent,
                        FcrmCrm        *crm,
                        FcrmEntityType  type,
                        gint64          id)
{
  FcrmItemCard *card;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (type == FCRM_ENTITY_LEAD || type == FCRM_ENTITY_DEAL);
  g_return_if_fail (id > 0);

  card = fcrm_item_card_find (crm, type, id);
  if (card != NULL)
    fcrm_card_window_present (GTK_WINDOW (card), FALSE, parent);
  else
    fcrm_card_window_present (g_object_new (FCRM_TYPE_ITEM_CARD,
                                            "crm", crm,
                                            "item-type", (guint) type,
                                            "item-id", id,
                                            NULL),
                              TRUE, parent);
}

FcrmEntityType
fcrm_item_card_get_item_type (FcrmItemCard *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_CARD (self), FCRM_ENTITY_LEAD);

  return self->type;
}

gint64
fcrm_item_card_get_item_id (FcrmItemCard *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_CARD (self), 0);

  return self->id;
}
