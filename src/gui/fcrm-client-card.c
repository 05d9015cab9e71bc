#define G_LOG_DOMAIN "fcrm-client-card"

/* The card of a contact or company (issue 11): as a lead's or deal's card, a
 * window of card sections (FcrmCardSection) that the card hands what it read
 * in one job off the main loop (fcrm_crm_card_load_async); a section that
 * wrote says so and the card reads again. Conflicts and unsaved changes are
 * asked about here, once for all sections. */

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-vcard-gui.h"
#include "fcrm-client-card.h"
#include "fcrm-card-window.h"
#include "fcrm-toasts.h"
#include "fcrm-attachments-view.h"
#include "fcrm-card-section.h"
#include "fcrm-client-activity-section.h"
#include "fcrm-client-fields-group.h"
#include "fcrm-client-links-section.h"
#include "fcrm-comments-section.h"
#include "fcrm-contact-points-section.h"
#include "fcrm-crm-async.h"
#include "fcrm-error.h"

struct _FcrmClientCard
{
  AdwWindow             parent_instance;

  FcrmCrm              *crm;
  FcrmEntityType        type;        /* FCRM_ENTITY_CONTACT or _COMPANY */
  gint64                id;
  gint64                version;     /* as last read; -1 before, or when gone */
  gint64                rebase_from; /* version before our own write, or -1 */
  guint                 refresh_id;
  GCancellable         *load_cancellable;
  GPtrArray            *sections;    /* of FcrmCardSection shown for this kind of client */
  GtkWidget            *conflict_dialog;
  GtkWidget            *discard_dialog;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  GtkWidget            *menu_button;
  GtkStack             *main_stack;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  AdwViewStack         *view_stack;
  GtkWidget            *contact_fields;
  GtkWidget            *company_fields;
  GtkWidget            *phones_section;
  GtkWidget            *emails_section;
  GtkWidget            *contacts_section;
  GtkWidget            *deals_section;
  GtkWidget            *leads_section;
  AdwBin               *attachments_bin;
  GtkWidget            *comments_section;
  GtkWidget            *tasks_section;
  GtkWidget            *timeline_section;
  AdwStatusPage        *gone_page;
};

G_DEFINE_FINAL_TYPE (FcrmClientCard, fcrm_client_card, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CRM,
  PROP_CLIENT_TYPE,
  PROP_CLIENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_company (FcrmClientCard *self)
{
  return self->type == FCRM_ENTITY_COMPANY;
}

static FcrmCardSection *
section_at (FcrmClientCard *self,
            guint           i)
{
  return g_ptr_array_index (self->sections, i);
}

/* Reading */

static void
discard_changes (FcrmClientCard *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_discard (section_at (self, i));
}

static void
update_header (FcrmClientCard *self,
               FcrmCardData   *data)
{
  g_autofree char *subtitle = NULL;
  const char *name;

  if (data->company != NULL)
    {
      name = data->company->name;
      subtitle = data->company->inn != NULL
                 ? g_strdup_printf (_("Company #%" PRId64 " · INN %s"), data->company->id, data->company->inn)
                 : g_strdup_printf (_("Company #%" PRId64), data->company->id);
    }
  else
    {
      name = data->contact->name;
      subtitle = data->contact->company_name != NULL
                 ? g_strdup_printf (_("Contact #%" PRId64 " · %s"), data->contact->id, data->contact->company_name)
                 : g_strdup_printf (_("Contact #%" PRId64), data->contact->id);
    }
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  gtk_label_set_text (self->title_label, name);
  gtk_label_set_text (self->subtitle_label, subtitle);
}

static void
show_data (FcrmClientCard *self,
           FcrmCardData   *data)
{
  gint64 before = self->rebase_from;

  self->version = fcrm_card_data_get_entity (data, NULL, NULL);
  update_header (self, data);
  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_set_data (section_at (self, i), self->crm, data);
  /* changes begun before our own write may follow it, if nobody else wrote */
  self->rebase_from = -1;
  if (before >= 0 && self->version == before + 1)
    for (guint i = 0; i < self->sections->len; i++)
      fcrm_card_section_rebase (section_at (self, i), before, before + 1);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_widget_set_visible (self->menu_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.export-vcard", !is_company (self));
  gtk_stack_set_visible_child_name (self->main_stack, "card");
}

static void
show_gone (FcrmClientCard *self,
           const GError   *error)
{
  self->version = -1;
  discard_changes (self);
  if (error != NULL && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
    {
      adw_status_page_set_title (self->gone_page, _("This client cannot be shown"));
      adw_status_page_set_description (self->gone_page, error->message);
    }
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  gtk_widget_set_visible (self->menu_button, FALSE);
  gtk_window_set_title (GTK_WINDOW (self), adw_status_page_get_title (self->gone_page));
  gtk_stack_set_visible_child_name (self->main_stack, "gone");
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FcrmClientCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCardData) data = fcrm_crm_card_load_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (data != NULL)
    show_data (self, data);
  else if (self->version >= 0 && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
    {
      /* shown already: keep it, and say why it is not renewed */
      self->rebase_from = -1;
      fcrm_card_window_toast_error (self->toast_overlay, error);
    }
  else
    show_gone (self, error);
}

static void
refresh (FcrmClientCard *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  fcrm_crm_card_load_async (self->crm, self->type, self->id, self->load_cancellable, load_cb, g_object_ref (self));
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FcrmClientCard *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmClientCard *self)
{
  /* once for a burst of changes, after the handler that made them */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
is_active_cb (FcrmClientCard *self)
{
  /* another program's writes send no "changed": coming back to the card,
   * read it again (fields being edited keep the user's text) */
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->version >= 0)
    crm_changed_cb (self);
}

/* What the sections say */

static void
section_changed_cb (FcrmClientCard  *self,
                    gboolean         wrote,
                    FcrmCardSection *section)
{
  self->rebase_from = wrote && self->version >= 0 ? self->version : -1;
  refresh (self);
}

static void
conflict_response_cb (FcrmClientCard *self,
                      const char     *response)
{
  if (g_strcmp0 (response, "reload") == 0)
    {
      /* their version wins: every pending change was based on the old one */
      discard_changes (self);
      refresh (self);
    }
}

static void
section_conflict_cb (FcrmClientCard  *self,
                     const char      *what,
                     FcrmCardSection *section)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->conflict_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->conflict_dialog));
      return;
    }
  body = g_strdup_printf (_("Your change to “%s” was not saved, so nothing of theirs was overwritten. "
                            "Reload to see the current version, then make your change again."),
                          what);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   is_company (self) ? _("Someone else changed this company meanwhile")
                                                     : _("Someone else changed this contact meanwhile"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep My Edit"),
                                    "reload", _("_Reload"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload", ADW_RESPONSE_SUGGESTED);
  fcrm_card_window_present_dialog (GTK_WINDOW (self), &self->conflict_dialog, dialog, "reload", G_CALLBACK (conflict_response_cb));
}

/* Actions */

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  refresh (FCRM_CLIENT_CARD (widget));
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
delete_response_cb (FcrmClientCard *self,
                    const char     *response)
{
  g_autoptr(GError) error = NULL;
  gboolean deleted;
  GtkWidget *dialog;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  deleted = is_company (self) ? fcrm_crm_company_delete (self->crm, self->id, &error)
                              : fcrm_crm_contact_delete (self->crm, self->id, &error);
  if (deleted)
    {
      /* the card goes once the dialog asking is done answering */
      discard_changes (self);
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
      return;
    }
  /* refused: the core says what still links to it */
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   is_company (self) ? _("This Company Cannot Be Deleted")
                                                     : _("This Contact Cannot Be Deleted"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Close"));
  fcrm_card_window_present_dialog (GTK_WINDOW (self), NULL, dialog, "cancel", NULL);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (widget);
  GtkWidget *dialog;

  if (self->version < 0)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   is_company (self) ? _("Delete This Company?") : _("Delete This Contact?"),
                                   _("Only a client nothing links to can be deleted: no leads, deals, contacts, comments or files."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  fcrm_card_window_present_dialog (GTK_WINDOW (self), NULL, dialog, "cancel", G_CALLBACK (delete_response_cb));
}

/* a contact's vCard, named after it */
static void
export_vcard_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (widget);
  g_autofree char *name = NULL;

  if (self->version < 0 || is_company (self))
    return;
  name = g_strdup_printf ("%s.vcf", gtk_label_get_text (self->title_label));
  g_strdelimit (name, "/\\", '-');
  fcrm_vcard_export_interactive (widget, self->crm, &self->id, 1, name);
}

/* Closing with changes not yet saved */

static void
discard_response_cb (FcrmClientCard *self,
                     const char     *response)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      discard_changes (self);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
fcrm_client_card_close_request (GtkWindow *window)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (window);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog;

  for (guint i = 0; i < self->sections->len; i++)
    fcrm_card_section_list_changes (section_at (self, i), names);
  if (names->len == 0)
    return GTK_WINDOW_CLASS (fcrm_client_card_parent_class)->close_request (window);
  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return TRUE;
    }
  dialog = fcrm_card_window_discard_dialog (window, names);
  fcrm_card_window_present_dialog (GTK_WINDOW (self), &self->discard_dialog, dialog, "cancel", G_CALLBACK (discard_response_cb));
  return TRUE;
}

/* GObject */

static void
fcrm_client_card_constructed (GObject *object)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (object);
  gboolean company = is_company (self);
  GtkWidget *attachments;
  GtkWidget *shown[] = {
    company ? self->company_fields : self->contact_fields,
    company ? NULL : self->phones_section,
    company ? NULL : self->emails_section,
    company ? self->contacts_section : NULL,
    self->deals_section,
    self->leads_section,
    self->comments_section,
    self->tasks_section,
    self->timeline_section,
  };
  GtkWidget *hidden[] = {
    company ? self->contact_fields : self->company_fields,
    company ? self->phones_section : self->contacts_section,
    company ? self->emails_section : NULL,
  };

  G_OBJECT_CLASS (fcrm_client_card_parent_class)->constructed (object);
  fcrm_toasts_guard_focus (GTK_WINDOW (object));
  fcrm_card_window_set_key (GTK_WINDOW (object), self->crm, self->type, self->id);

  g_assert (FCRM_IS_CRM (self->crm));
  g_assert (self->type == FCRM_ENTITY_CONTACT || self->type == FCRM_ENTITY_COMPANY);

  self->sections = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    if (shown[i] != NULL)
      g_ptr_array_add (self->sections, shown[i]);
  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    if (hidden[i] != NULL)
      gtk_widget_set_visible (hidden[i], FALSE);

  /* made here, not in the template: it needs the database at construction */
  attachments = fcrm_attachments_view_new (self->crm, self->type, 0);
  adw_bin_set_child (self->attachments_bin, attachments);
  g_signal_connect_object (attachments, "changed", G_CALLBACK (section_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (attachments, "conflict", G_CALLBACK (section_conflict_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->sections, attachments);

  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);
  refresh (self);
}

static void
fcrm_client_card_dispose (GObject *object)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  fcrm_card_window_close_dialog (&self->conflict_dialog);
  fcrm_card_window_close_dialog (&self->discard_dialog);
  for (guint i = 0; self->sections != NULL && i < self->sections->len; i++)
    g_signal_handlers_disconnect_by_data (section_at (self, i), self);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CLIENT_CARD);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_client_card_parent_class)->dispose (object);
}

static void
fcrm_client_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;
    case PROP_CLIENT_TYPE:
      g_value_set_uint (value, self->type);
      break;
    case PROP_CLIENT_ID:
      g_value_set_int64 (value, self->id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcrmClientCard *self = FCRM_CLIENT_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;
    case PROP_CLIENT_TYPE:
      self->type = (FcrmEntityType) g_value_get_uint (value);
      break;
    case PROP_CLIENT_ID:
      self->id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_card_class_init (FcrmClientCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_client_card_constructed;
  object_class->dispose = fcrm_client_card_dispose;
  object_class->get_property = fcrm_client_card_get_property;
  object_class->set_property = fcrm_client_card_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = fcrm_client_card_close_request;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL, FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FcrmEntityType has no GType: its value as a number */
  properties[PROP_CLIENT_TYPE] =
    g_param_spec_uint ("client-type", NULL, NULL, FCRM_ENTITY_CONTACT, FCRM_ENTITY_COMPANY, FCRM_ENTITY_CONTACT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT_ID] =
    g_param_spec_int64 ("client-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FCRM_TYPE_CLIENT_FIELDS_GROUP);
  g_type_ensure (FCRM_TYPE_CONTACT_POINTS_SECTION);
  g_type_ensure (FCRM_TYPE_CLIENT_LINKS_SECTION);
  g_type_ensure (FCRM_TYPE_CLIENT_ACTIVITY_SECTION);
  g_type_ensure (FCRM_TYPE_COMMENTS_SECTION);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-client-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, contact_fields);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, company_fields);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, phones_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, emails_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, contacts_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, deals_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, leads_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, attachments_bin);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, comments_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, tasks_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, timeline_section);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientCard, gone_page);
  gtk_widget_class_bind_template_callback (widget_class, section_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_conflict_cb);

  gtk_widget_class_install_action (widget_class, "card.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "card.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "card.export-vcard", NULL, export_vcard_activated);
  fcrm_card_window_add_bindings (widget_class);
}

static void
fcrm_client_card_init (FcrmClientCard *self)
{
  self->version = -1;
  self->rebase_from = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

FcrmClientCard *
fcrm_client_card_find (FcrmCrm        *crm,
                       FcrmEntityType  type,
                       gint64          id)
{
  return (FcrmClientCard *) fcrm_card_window_find (FCRM_TYPE_CLIENT_CARD, crm, type, id);
}

void
fcrm_client_card_present (GtkWindow      *parent,
                          FcrmCrm        *crm,
                          FcrmEntityType  type,
                          gint64          id)
{
  FcrmClientCard *card;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (type == FCRM_ENTITY_CONTACT || type == FCRM_ENTITY_COMPANY);
  g_return_if_fail (id > 0);

  card = fcrm_client_card_find (crm, type, id);
  if (card != NULL)
    fcrm_card_window_present (GTK_WINDOW (card), FALSE, parent);
  else
    fcrm_card_window_present (g_object_new (FCRM_TYPE_CLIENT_CARD,
                                            "crm", crm,
                                            "client-type", (guint) type,
                                            "client-id", id,
                                            NULL),
                              TRUE, parent);
}

gboolean
fcrm_client_card_is_loaded (FcrmClientCard *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_CARD (self), FALSE);

  return self->load_cancellable == NULL && self->refresh_id == 0;
}
