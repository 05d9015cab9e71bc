#define G_LOG_DOMAIN "fcrm-client-section"

#include <glib/gi18n.h>

#include "fcrm-card-section.h"
#include "fcrm-client-section.h"
#include "fcrm-clients.h"
#include "fcrm-contact-buttons.h"
#include "fcrm-error.h"

struct _FcrmClientSection
{
  AdwPreferencesGroup  parent_instance;

  FcrmCrm             *crm;
  FcrmItem            *item;

  /* template */
  GtkWidget           *change_button;
  FcrmClientPicker    *picker;
  GtkListBox          *client_list;
};

static void fcrm_client_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmClientSection, fcrm_client_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_client_section_card_section_init))

/* Rows */

static const char *
phone_kind_name (const char *kind)
{
  if (g_strcmp0 (kind, "work") == 0)
    return _("Work phone");
  if (g_strcmp0 (kind, "home") == 0)
    return _("Home phone");
  return _("Mobile phone");
}

static const char *
email_kind_name (const char *kind)
{
  if (g_strcmp0 (kind, "home") == 0)
    return _("Personal e-mail");
  return _("Work e-mail");
}

static GtkWidget *
value_row_new (const char *title,
               const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* a number read out to a client, or copied by hand */
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  return row;
}

static void
append_phone (FcrmClientSection *self,
              const char        *phone,
              const char        *subtitle)
{
  GtkWidget *row = value_row_new (phone, subtitle);

  gtk_widget_add_css_class (row, "client-phone");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fcrm_contact_button_new (FCRM_CONTACT_BUTTON_CALL, phone));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fcrm_contact_button_new (FCRM_CONTACT_BUTTON_COPY, phone));
  gtk_list_box_append (self->client_list, row);
}

static void
append_email (FcrmClientSection *self,
              const char        *email,
              const char        *subtitle)
{
  GtkWidget *row = value_row_new (email, subtitle);

  gtk_widget_add_css_class (row, "client-email");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fcrm_contact_button_new (FCRM_CONTACT_BUTTON_MAIL, email));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fcrm_contact_button_new (FCRM_CONTACT_BUTTON_COPY, email));
  gtk_list_box_append (self->client_list, row);
}

/* A row opening the contact's or company's card (app.open-item). */
static void
append_link (FcrmClientSection *self,
             const char        *kind,
             gint64             id,
             const char        *name,
             const char        *subtitle,
             const char        *tooltip)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, name, g_str_equal (kind, "contact"));
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!g_str_equal (kind, "contact"))
    adw_avatar_set_icon_name (ADW_AVATAR (avatar), "x-office-address-book-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (avatar), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_widget_set_tooltip_text (row, tooltip);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-item");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(sx)", kind, id);
  gtk_widget_add_css_class (row, "client-link");
  gtk_list_box_append (self->client_list, row);
}

static void
show_client (FcrmClientSection *self,
             FcrmItem          *item,
             FcrmContact       *contact,
             FcrmCompany       *company)
{
  const char *company_name = company != NULL ? company->name : fcrm_card_nonempty (item->company_name);

  fcrm_card_clear_list (self->client_list);

  if (contact != NULL)
    {
      append_link (self, "contact", contact->id, contact->name, _("Contact"), _("Open the contact’s card"));
      for (guint i = 0; i < contact->phones->len; i++)
        {
          FcrmContactPoint *p = g_ptr_array_index (contact->phones, i);

          append_phone (self, p->value, phone_kind_name (p->kind));
        }
      for (guint i = 0; i < contact->emails->len; i++)
        {
          FcrmContactPoint *e = g_ptr_array_index (contact->emails, i);

          append_email (self, e->value, email_kind_name (e->kind));
        }
    }
  else if (item->type == FCRM_ENTITY_LEAD)
    {
      /* not a contact yet: what the client told us, as typed on the lead */
      if (fcrm_card_nonempty (item->name))
        gtk_list_box_append (self->client_list, value_row_new (item->name, _("Name given on the lead")));
      if (fcrm_card_nonempty (item->phone))
        append_phone (self, item->phone, _("Phone given on the lead"));
      if (fcrm_card_nonempty (item->email))
        append_email (self, item->email, _("E-mail given on the lead"));
    }

  /* a deal without a company of its own is still the contact's company's */
  if (item->company_id == 0 && contact != NULL && contact->company_id > 0)
    append_link (self, "company", contact->company_id, contact->company_name, _("Company"),
                 _("Open the company’s card"));
  else if (item->company_id > 0 && company_name != NULL)
    append_link (self, "company", item->company_id, company_name, _("Company"), _("Open the company’s card"));
  else if (company_name != NULL)
    gtk_list_box_append (self->client_list, value_row_new (company_name, _("Company given on the lead")));
}

/* Changing the client */

static void
written (FcrmClientSection *self,
         gboolean           ok,
         const GError      *error)
{
  if (ok)
    {
      fcrm_client_picker_show_error (self->picker, NULL);
      gtk_popover_popdown (GTK_POPOVER (self->picker));
      fcrm_card_section_changed (FCRM_CARD_SECTION (self), TRUE);
      return;
    }
  if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_CONFLICT))
    {
      gtk_popover_popdown (GTK_POPOVER (self->picker));
      fcrm_card_section_conflict (FCRM_CARD_SECTION (self), _("Client"));
      return;
    }
  /* bad input stays in the form, with why */
  fcrm_client_picker_show_error (self->picker, error->message);
  if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND) ||
      g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
    fcrm_card_section_changed (FCRM_CARD_SECTION (self), FALSE);
}

static void
contact_picked_cb (FcrmClientSection *self,
                   gint64             contact_id)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->item == NULL)
    return;
  ok = fcrm_crm_item_set_client (self->crm, self->item->type, self->item->id, contact_id, -1,
                                 self->item->version, &error);
  written (self, ok, error);
}

static void
contact_new_cb (FcrmClientSection *self,
                const char        *name,
                const char        *phone)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->item == NULL)
    return;
  ok = fcrm_crm_item_set_new_contact (self->crm, self->item->type, self->item->id, name, phone,
                                      self->item->version, NULL, &error);
  written (self, ok, error);
}

/* FcrmCardSection */

static void
fcrm_client_section_set_data (FcrmCardSection *section,
                              FcrmCrm         *crm,
                              FcrmCardData    *data)
{
  FcrmClientSection *self = FCRM_CLIENT_SECTION (section);

  g_set_object (&self->crm, crm);
  g_set_object (&self->item, data->item);
  fcrm_client_picker_set_crm (self->picker, crm);
  fcrm_client_picker_set_current (self->picker, data->item->contact_id);
  show_client (self, data->item, data->contact, data->company);
}

static void
fcrm_client_section_set_item (FcrmCardSection *section,
                              FcrmCrm         *crm,
                              FcrmItem        *item)
{
  g_autoptr(FcrmContact) contact = NULL;
  g_autoptr(FcrmCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  FcrmCardData data = { .item = item };

  /* what the one-job load reads, read here */
  if (item->contact_id > 0 && (contact = fcrm_crm_contact_get (crm, item->contact_id, &error)) == NULL)
    g_message ("The contact of %s #%" G_GINT64_FORMAT " could not be read: %s",
               fcrm_entity_type_to_string (item->type), item->id, error->message);
  g_clear_error (&error);
  if (item->company_id > 0 && (company = fcrm_crm_company_get (crm, item->company_id, &error)) == NULL)
    g_message ("The company of %s #%" G_GINT64_FORMAT " could not be read: %s",
               fcrm_entity_type_to_string (item->type), item->id, error->message);
  data.contact = contact;
  data.company = company;
  fcrm_client_section_set_data (section, crm, &data);
}

static void
fcrm_client_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_client_section_set_item;
  iface->set_data = fcrm_client_section_set_data;
}

/* GObject */

static void
fcrm_client_section_dispose (GObject *object)
{
  FcrmClientSection *self = FCRM_CLIENT_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CLIENT_SECTION);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_client_section_parent_class)->dispose (object);
}

static void
fcrm_client_section_class_init (FcrmClientSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_client_section_dispose;

  g_type_ensure (FCRM_TYPE_CLIENT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-client-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmClientSection, change_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientSection, picker);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientSection, client_list);
  gtk_widget_class_bind_template_callback (widget_class, contact_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_new_cb);
}

static void
fcrm_client_section_init (FcrmClientSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_client_section_new (void)
{
  return g_object_new (FCRM_TYPE_CLIENT_SECTION, NULL);
}

FcrmClientPicker *
fcrm_client_section_get_picker (FcrmClientSection *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_SECTION (self), NULL);

  return self->picker;
}
