#define G_LOG_DOMAIN "fcrm-warranty-section"

#include <glib/gi18n.h>

#include "fcrm-card-section.h"
#include "fcrm-clients.h"
#include "fcrm-warranty-section.h"

#define WARRANTY_CHECK_STAGE "repair.warranty_check"

struct _FcrmWarrantySection
{
  AdwPreferencesGroup  parent_instance;

  /* template */
  GtkImage            *state_icon;
  GtkLabel            *state_label;
  GtkLabel            *state_detail;
  GtkListBox          *deals_list;
};

static void fcrm_warranty_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmWarrantySection, fcrm_warranty_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_warranty_section_card_section_init))

static GtkWidget *
deal_row_new (FcrmItem *deal)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *date = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  if (deal->installation_date != 0)
    {
      date = fcrm_card_format_date (deal->installation_date);
      /* Translators: under a Manufacturing deal on a repair deal's card; %s is a date */
      when = g_strdup_printf (_("Installed on %s"), date);
    }
  else if (deal->delivery_date != 0)
    {
      date = fcrm_card_format_date (deal->delivery_date);
      /* Translators: under a Manufacturing deal on a repair deal's card; %s is a date */
      when = g_strdup_printf (_("Delivered on %s, no installation date"), date);
    }
  else
    when = g_strdup (_("No installation or delivery date"));
  /* Translators: under a deal's title: when it was installed, then its stage */
  subtitle = g_strdup_printf (_("%s · %s"), when, fcrm_item_get_stage_name (deal));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), deal->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open the deal"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_widget_set_tooltip_text (row, _("Open the deal"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-item");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(sx)", "deal", deal->id);
  return row;
}

static void
show_state (FcrmWarrantySection *self,
            FcrmItem            *item,
            int                  state,
            gint64               until)
{
  g_autofree char *date = fcrm_card_format_date (until);
  g_autofree char *text = NULL;
  const char *icon, *css;
  gboolean checking = g_strcmp0 (item->stage, WARRANTY_CHECK_STAGE) == 0;

  if (state > 0)
    {
      /* Translators: on a repair deal's card; %s is a date such as "12 March 2027" */
      text = g_strdup_printf (_("Under warranty until %s"), date);
      icon = "emblem-ok-symbolic";
      css = "success";
    }
  else if (state == 0)
    {
      /* Translators: on a repair deal's card; %s is a date such as "3 January 2026" */
      text = g_strdup_printf (_("Warranty ended on %s"), date);
      icon = "dialog-warning-symbolic";
      css = "warning";
    }
  else
    {
      text = g_strdup (_("Warranty unknown"));
      icon = "dialog-question-symbolic";
      css = "dim-label";
    }
  gtk_label_set_text (self->state_label, text);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_label_set_text (self->state_detail,
                      state < 0
                      ? _("No won Manufacturing deal of this client has an installation or delivery date, "
                          "and none is typed on the Project tab.")
                      : item->warranty_until != 0
                      ? _("As typed on the Project tab.")
                      : _("From the latest won Manufacturing deal, plus the warranty period of Preferences."));

  /* the answer and its sign in the colour of the answer; why, in grey */
  for (const char * const *c = (const char * const[]) { "success", "warning", "dim-label", NULL }; *c; c++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), *c);
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), *c);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), css);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
  /* the question of the Warranty check stage: answered in large type */
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), checking ? "heading" : "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), checking ? "title-2" : "heading");
  gtk_image_set_icon_size (self->state_icon, checking ? GTK_ICON_SIZE_LARGE : GTK_ICON_SIZE_NORMAL);
}

/* FcrmCardSection */

static void
fcrm_warranty_section_set_data (FcrmCardSection *section,
                                FcrmCrm         *crm,
                                FcrmCardData    *data)
{
  FcrmWarrantySection *self = FCRM_WARRANTY_SECTION (section);
  gboolean repair = data->manufacturing != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), repair);
  fcrm_card_clear_list (self->deals_list);
  if (!repair)
    return;
  show_state (self, data->item, data->warranty, data->warranty_until);
  for (guint i = 0; i < data->manufacturing->len; i++)
    gtk_list_box_append (self->deals_list, deal_row_new (g_ptr_array_index (data->manufacturing, i)));
}

static void
fcrm_warranty_section_set_item (FcrmCardSection *section,
                                FcrmCrm         *crm,
                                FcrmItem        *item)
{
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GError) error = NULL;
  FcrmCardData data = { .item = item, .warranty = -1 };

  /* what the one-job load reads, read here */
  if (item->type == FCRM_ENTITY_DEAL && g_strcmp0 (item->pipeline, "repair") == 0)
    {
      deals = fcrm_card_read_part (fcrm_crm_deal_client_manufacturing (crm, item, &error), "Manufacturing deals",
                                   item, error);
      data.warranty = fcrm_crm_deal_warranty (crm, item, &data.warranty_until, NULL, NULL);
    }
  data.manufacturing = deals;
  fcrm_warranty_section_set_data (section, crm, &data);
}

static void
fcrm_warranty_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_warranty_section_set_item;
  iface->set_data = fcrm_warranty_section_set_data;
}

/* GObject */

static void
fcrm_warranty_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FCRM_TYPE_WARRANTY_SECTION);

  G_OBJECT_CLASS (fcrm_warranty_section_parent_class)->dispose (object);
}

static void
fcrm_warranty_section_class_init (FcrmWarrantySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_warranty_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-warranty-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmWarrantySection, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FcrmWarrantySection, state_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmWarrantySection, state_detail);
  gtk_widget_class_bind_template_child (widget_class, FcrmWarrantySection, deals_list);
}

static void
fcrm_warranty_section_init (FcrmWarrantySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_warranty_section_new (void)
{
  return g_object_new (FCRM_TYPE_WARRANTY_SECTION, NULL);
}

const char *
fcrm_warranty_section_get_text (FcrmWarrantySection *self)
{
  g_return_val_if_fail (FCRM_IS_WARRANTY_SECTION (self), NULL);

  return gtk_label_get_text (self->state_label);
}
