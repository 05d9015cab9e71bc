#define G_LOG_DOMAIN "fcrm-new-dialog"

#include <glib/gi18n.h>

#include "fcrm-clients.h"
#include "fcrm-crm-async.h"
#include "fcrm-new-dialog.h"
#include "fcrm-window.h"

/* How many existing contacts the deal's client suggests, and how long the
 * typing pauses before they are looked up. */
#define MAX_SUGGESTIONS 5
#define SUGGEST_DELAY_MS 150

struct _FcrmNewDialog
{
  AdwWindow     parent_instance;

  FcrmCrm      *crm;
  FcrmNewKind   kind;
  GPtrArray    *pipelines;        /* codes of the deal pipelines, as in pipeline_list */
  GPtrArray    *suggestions;      /* FcrmContact shown in suggestion_list */
  gint64        contact_id;       /* the contact picked, or 0 */
  gboolean      filling;          /* the client's rows are being set */
  guint         suggest_id;
  GCancellable *suggest_cancellable;

  /* template */
  GtkStack     *stack;
  GtkLabel     *error_label;
  AdwEntryRow  *lead_title_row;
  AdwEntryRow  *lead_name_row;
  AdwEntryRow  *lead_phone_row;
  AdwEntryRow  *lead_company_row;
  AdwEntryRow  *deal_title_row;
  AdwComboRow  *pipeline_row;
  GtkStringList *pipeline_list;
  AdwEntryRow  *deal_budget_row;
  AdwEntryRow  *client_name_row;
  AdwEntryRow  *client_phone_row;
  GtkListBox   *suggestion_list;
  AdwEntryRow  *contact_name_row;
  AdwEntryRow  *contact_phone_row;
  AdwEntryRow  *contact_email_row;
  AdwEntryRow  *contact_company_row;
  AdwEntryRow  *company_name_row;
  AdwEntryRow  *company_inn_row;
};

G_DEFINE_FINAL_TYPE (FcrmNewDialog, fcrm_new_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_error (FcrmNewDialog *self,
           const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
input_changed_cb (FcrmNewDialog *self)
{
  /* The message was about the old text. */
  set_error (self, NULL);
}

/* ---- the deal's client: existing contacts as you type ---- */

static void
clear_suggestions (FcrmNewDialog *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))) != NULL)
    gtk_list_box_remove (self->suggestion_list, row);
  g_ptr_array_set_size (self->suggestions, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_list), FALSE);
}

static char *
contact_summary (FcrmContact *contact)
{
  const char *phone = contact->phones->len > 0
                      ? ((FcrmContactPoint *) g_ptr_array_index (contact->phones, 0))->value : NULL;

  if (phone != NULL && contact->company_name != NULL)
    /* Translators: a contact under the client's name: "+7 926 555-44-33 · Romashka LLC" */
    return g_strdup_printf (_("%s · %s"), phone, contact->company_name);
  return g_strdup (phone != NULL ? phone : contact->company_name);
}

static gpointer
suggest_read (FcrmCrm  *worker,
              gpointer  data,
              GError  **error)
{
  return fcrm_crm_contact_page (worker, data, FCRM_CLIENT_SORT_NAME, NULL, MAX_SUGGESTIONS, error);
}

static void
suggest_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FcrmNewDialog) self = user_data;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;

  contacts = fcrm_crm_read_finish (FCRM_CRM (object), result, &error);
  if (contacts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("suggestions: %s", error->message);
      return;
    }

  clear_suggestions (self);
  for (guint i = 0; i < contacts->len; i++)
    {
      FcrmContact *contact = g_ptr_array_index (contacts, i);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      g_autofree char *subtitle = contact_summary (contact);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), contact->name);
      adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("avatar-default-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), _("Make this contact the deal’s client"));
      gtk_list_box_append (self->suggestion_list, GTK_WIDGET (row));
      g_ptr_array_add (self->suggestions, g_object_ref (contact));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_list), contacts->len > 0);
}

static gboolean
suggest_cb (gpointer user_data)
{
  FcrmNewDialog *self = user_data;
  const char *query = text_of (self->client_name_row);

  self->suggest_id = 0;
  if (*query == '\0')
    query = text_of (self->client_phone_row);

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  if (g_utf8_strlen (query, -1) < 2)
    {
      clear_suggestions (self);
      return G_SOURCE_REMOVE;
    }
  self->suggest_cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, suggest_read, g_strdup (query), g_free,
                       (GDestroyNotify) g_ptr_array_unref, self->suggest_cancellable,
                       suggest_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
client_changed_cb (FcrmNewDialog *self)
{
  if (self->filling)
    return;
  set_error (self, NULL);
  /* typing again means another client than the one picked */
  self->contact_id = 0;
  g_clear_handle_id (&self->suggest_id, g_source_remove);
  self->suggest_id = g_timeout_add (SUGGEST_DELAY_MS, suggest_cb, self);
}

static void
pick (FcrmNewDialog *self,
      FcrmContact   *contact)
{
  const char *phone = contact->phones->len > 0
                      ? ((FcrmContactPoint *) g_ptr_array_index (contact->phones, 0))->value : "";

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->client_name_row), contact->name);
  gtk_editable_set_text (GTK_EDITABLE (self->client_phone_row), phone);
  self->filling = FALSE;
  self->contact_id = contact->id;
  g_clear_handle_id (&self->suggest_id, g_source_remove);
  clear_suggestions (self);
  set_error (self, NULL);
}

static void
suggestion_activated_cb (FcrmNewDialog *self,
                         GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);

  if (i >= 0 && (guint) i < self->suggestions->len)
    pick (self, g_ptr_array_index (self->suggestions, i));
}

/* ---- creating ---- */

static gint64
create_lead (FcrmNewDialog *self,
             GError       **error)
{
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input = {
    .title = text_of (self->lead_title_row),
    .name = text_of (self->lead_name_row),
    .phone = text_of (self->lead_phone_row),
    .company = text_of (self->lead_company_row),
  };

  lead = fcrm_crm_lead_add (self->crm, &input, error);
  return lead != NULL ? lead->id : 0;
}

static gint64
create_deal (FcrmNewDialog *self,
             GError       **error)
{
  g_autoptr(FcrmItem) deal = NULL;
  guint selected = adw_combo_row_get_selected (self->pipeline_row);
  const char *phones[] = { text_of (self->client_phone_row), NULL };
  FcrmDealInput input = {
    .pipeline = selected < self->pipelines->len ? g_ptr_array_index (self->pipelines, selected) : NULL,
    .title = text_of (self->deal_title_row),
    .budget = text_of (self->deal_budget_row),
    .contact_id = self->contact_id,
  };
  FcrmContactInput client = {
    .name = text_of (self->client_name_row),
    .phones = *phones[0] != '\0' ? phones : NULL,
  };

  deal = fcrm_crm_deal_add_with_client (self->crm, &input, self->contact_id == 0 ? &client : NULL, error);
  return deal != NULL ? deal->id : 0;
}

static gint64
create_contact (FcrmNewDialog *self,
                GError       **error)
{
  g_autoptr(FcrmContact) contact = NULL;
  const char *phones[] = { text_of (self->contact_phone_row), NULL };
  const char *emails[] = { text_of (self->contact_email_row), NULL };
  FcrmContactInput input = {
    .name = text_of (self->contact_name_row),
    .phones = *phones[0] != '\0' ? phones : NULL,
    .emails = *emails[0] != '\0' ? emails : NULL,
    .company = text_of (self->contact_company_row),
  };

  contact = fcrm_crm_contact_add (self->crm, &input, error);
  return contact != NULL ? contact->id : 0;
}

static gint64
create_company (FcrmNewDialog *self,
                GError       **error)
{
  g_autoptr(FcrmCompany) company = NULL;
  FcrmCompanyInput input = {
    .name = text_of (self->company_name_row),
    .inn = text_of (self->company_inn_row),
  };

  company = fcrm_crm_company_add (self->crm, &input, error);
  return company != NULL ? company->id : 0;
}

static const char *
kind_name (FcrmNewKind kind)
{
  static const char * const names[] = { "lead", "deal", "contact", "company" };

  return names[kind];
}

static char *
created_message (FcrmNewKind kind,
                 const char *name)
{
  switch (kind)
    {
    case FCRM_NEW_LEAD:
      return g_strdup_printf (_("Lead “%s” created"), name);
    case FCRM_NEW_DEAL:
      return g_strdup_printf (_("Deal “%s” created"), name);
    case FCRM_NEW_CONTACT:
      return g_strdup_printf (_("Contact “%s” added"), name);
    case FCRM_NEW_COMPANY:
    default:
      return g_strdup_printf (_("Company “%s” added"), name);
    }
}

static const char *
name_of (FcrmNewDialog *self)
{
  switch (self->kind)
    {
    case FCRM_NEW_LEAD:
      return *text_of (self->lead_title_row) != '\0' ? text_of (self->lead_title_row) : text_of (self->lead_name_row);
    case FCRM_NEW_DEAL:
      return text_of (self->deal_title_row);
    case FCRM_NEW_CONTACT:
      return text_of (self->contact_name_row);
    case FCRM_NEW_COMPANY:
    default:
      return text_of (self->company_name_row);
    }
}

gint64
fcrm_new_dialog_create (FcrmNewDialog *self)
{
  static gint64 (* const create[]) (FcrmNewDialog *, GError **) = {
    create_lead, create_deal, create_contact, create_company,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  GtkWindow *parent;
  gint64 id;

  g_return_val_if_fail (FCRM_IS_NEW_DIALOG (self), 0);

  id = create[self->kind] (self, &error);
  if (id == 0)
    {
      /* the core's message says what is wrong, in the user's language */
      set_error (self, error != NULL ? error->message : _("The record could not be created."));
      return 0;
    }

  name = g_strstrip (g_strdup (name_of (self)));
  message = created_message (self->kind, *name != '\0' ? name : _("Untitled"));
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (FCRM_IS_WINDOW (parent))
    fcrm_window_show_toast (FCRM_WINDOW (parent), message);
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "app.open-item", "(sx)", kind_name (self->kind), id);
  gtk_window_destroy (GTK_WINDOW (self));
  return id;
}

static void
create_clicked_cb (FcrmNewDialog *self)
{
  fcrm_new_dialog_create (self);
}

gint64
fcrm_new_dialog_get_contact_id (FcrmNewDialog *self)
{
  g_return_val_if_fail (FCRM_IS_NEW_DIALOG (self), 0);

  return self->contact_id;
}

void
fcrm_new_dialog_set_phone (FcrmNewDialog *self,
                           const char    *phone)
{
  g_return_if_fail (FCRM_IS_NEW_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->lead_phone_row), phone != NULL ? phone : "");
}

void
fcrm_new_dialog_pick_contact (FcrmNewDialog *self,
                              gint64         id)
{
  g_return_if_fail (FCRM_IS_NEW_DIALOG (self));

  for (guint i = 0; i < self->suggestions->len; i++)
    {
      FcrmContact *contact = g_ptr_array_index (self->suggestions, i);

      if (contact->id == id)
        {
          pick (self, contact);
          return;
        }
    }
  g_warning ("contact %" G_GINT64_FORMAT " is not among the suggestions", id);
}

/* ---- the object ---- */

static void
fcrm_new_dialog_dispose (GObject *object)
{
  FcrmNewDialog *self = FCRM_NEW_DIALOG (object);

  g_clear_handle_id (&self->suggest_id, g_source_remove);
  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_NEW_DIALOG);
  g_clear_object (&self->crm);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_new_dialog_parent_class)->dispose (object);
}

static void
fcrm_new_dialog_class_init (FcrmNewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_new_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-new-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, lead_title_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, lead_name_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, lead_phone_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, lead_company_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, deal_title_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, pipeline_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, pipeline_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, deal_budget_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, client_name_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, client_phone_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, suggestion_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, contact_name_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, contact_phone_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, contact_email_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, contact_company_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, company_name_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmNewDialog, company_inn_row);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fcrm_new_dialog_init (FcrmNewDialog *self)
{
  self->pipelines = g_ptr_array_new_with_free_func (g_free);
  self->suggestions = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
setup (FcrmNewDialog *self,
       const char    *pipeline)
{
  static const char * const titles[] = {
    N_("New Lead"), N_("New Deal"), N_("New Contact"), N_("New Company"),
  };
  AdwEntryRow *first[] = {
    self->lead_title_row, self->deal_title_row, self->contact_name_row, self->company_name_row,
  };
  g_autoptr(GPtrArray) pipelines = fcrm_crm_list_pipelines (self->crm);
  guint selected = 0;

  gtk_window_set_title (GTK_WINDOW (self), _(titles[self->kind]));
  gtk_stack_set_visible_child_name (self->stack, kind_name (self->kind));

  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    {
      FcrmPipeline *p = g_ptr_array_index (pipelines, i);

      if (p->entity != FCRM_ENTITY_DEAL)
        continue;
      if (g_strcmp0 (p->code, pipeline) == 0)
        selected = self->pipelines->len;
      g_ptr_array_add (self->pipelines, g_strdup (p->code));
      gtk_string_list_append (self->pipeline_list, fcrm_pipeline_get_name (p));
    }
  adw_combo_row_set_selected (self->pipeline_row, selected);

  gtk_widget_grab_focus (GTK_WIDGET (first[self->kind]));
}

FcrmNewDialog *
fcrm_new_dialog_present (GtkWindow   *parent,
                         FcrmCrm     *crm,
                         FcrmNewKind  kind,
                         const char  *pipeline)
{
  FcrmNewDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (kind <= FCRM_NEW_COMPANY, NULL);

  self = g_object_new (FCRM_TYPE_NEW_DIALOG, NULL);
  self->crm = g_object_ref (crm);
  self->kind = kind;
  if (parent != NULL)
    {
      GtkApplication *app = gtk_window_get_application (parent);

      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      if (app != NULL)
        gtk_window_set_application (GTK_WINDOW (self), app);
    }
  setup (self, pipeline);
  /* room for the suggested contacts under the deal's client */
  if (kind == FCRM_NEW_DEAL)
    gtk_window_set_default_size (GTK_WINDOW (self), 480, 660);
  gtk_window_present (GTK_WINDOW (self));

  return self;
}
