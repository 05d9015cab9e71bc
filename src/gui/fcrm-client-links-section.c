#define G_LOG_DOMAIN "fcrm-client-links-section"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-client-links-section.h"
#include "fcrm-card-section.h"
#include "fcrm-item.h"
#include "fcrm-money.h"
#include "fcrm-pipeline.h"

typedef enum {
  LINKS_DEALS,
  LINKS_LEADS,
  LINKS_CONTACTS,
} Links;

struct _FcrmClientLinksSection
{
  AdwPreferencesGroup  parent_instance;

  Links                kind;
  GPtrArray           *rows;     /* of AdwActionRow, as shown */
  GtkWidget           *empty;    /* says there is none */
};

static void fcrm_client_links_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmClientLinksSection, fcrm_client_links_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_client_links_section_card_section_init))

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
row_activated_cb (AdwActionRow *row)
{
  const char *type = g_object_get_data (G_OBJECT (row), "fcrm-type");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "fcrm-id"));

  gtk_widget_activate_action (GTK_WIDGET (row), "app.open-item", "(sx)", type, id);
}

static GtkWidget *
link_row_new (const char *type,
              gint64      id,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "fcrm-type", (gpointer) type);
  g_object_set_data (G_OBJECT (row), "fcrm-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), NULL);
  return row;
}

/* "Deal #12 · Measurement · 250 000 ₽" */
static char *
item_subtitle (FcrmItem *item)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, item->type == FCRM_ENTITY_LEAD ? _("Lead #%" PRId64) : _("Deal #%" PRId64), item->id);
  /* Translators: between the parts of a row's subtitle on a client's card */
  g_string_append_printf (s, _(" · %s"), fcrm_item_get_stage_name (item));
  if (item->budget > 0)
    {
      g_autofree char *money = fcrm_money_format_display (item->budget);

      g_string_append_printf (s, _(" · %s"), money);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
clear_rows (FcrmClientLinksSection *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (FcrmClientLinksSection *self,
         GtkWidget              *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

/* FcrmCardSection */

static void
fcrm_client_links_section_set_data (FcrmCardSection *section,
                                    FcrmCrm         *crm,
                                    FcrmCardData    *data)
{
  FcrmClientLinksSection *self = FCRM_CLIENT_LINKS_SECTION (section);
  GPtrArray *list = self->kind == LINKS_DEALS ? data->deals : self->kind == LINKS_LEADS ? data->leads : data->contacts;

  clear_rows (self);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      if (self->kind == LINKS_CONTACTS)
        {
          FcrmContact *c = g_ptr_array_index (list, i);
          FcrmContactPoint *phone = c->phones != NULL && c->phones->len > 0 ? g_ptr_array_index (c->phones, 0) : NULL;

          add_row (self, link_row_new ("contact", c->id, c->name, phone != NULL ? phone->value : NULL));
        }
      else
        {
          FcrmItem *item = g_ptr_array_index (list, i);
          g_autofree char *subtitle = item_subtitle (item);
          FcrmStage *stage = fcrm_crm_get_stage (crm, item->stage);
          GtkWidget *row = link_row_new (item->type == FCRM_ENTITY_LEAD ? "lead" : "deal", item->id,
                                         fcrm_card_nonempty (item->title) ? item->title : _("Untitled"), subtitle);

          /* closed ones stay, set back */
          if (stage != NULL && stage->kind != FCRM_STAGE_OPEN)
            gtk_widget_add_css_class (row, "dim-label");
          add_row (self, row);
        }
    }
  gtk_widget_set_visible (self->empty, self->rows->len == 0);
  if (self->kind != LINKS_CONTACTS)
    gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0 || self->kind == LINKS_DEALS);
}

static void
fcrm_client_links_section_set_item (FcrmCardSection *section,
                                    FcrmCrm         *crm,
                                    FcrmItem        *item)
{
  g_critical ("What links to a client is shown from a client's card");
}

static void
fcrm_client_links_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_client_links_section_set_item;
  iface->set_data = fcrm_client_links_section_set_data;
}

/* GObject */

static void
fcrm_client_links_section_constructed (GObject *object)
{
  FcrmClientLinksSection *self = FCRM_CLIENT_LINKS_SECTION (object);
  const char *title = NULL, *empty = NULL;

  G_OBJECT_CLASS (fcrm_client_links_section_parent_class)->constructed (object);

  switch (self->kind)
    {
    case LINKS_DEALS:
      title = C_("client card", "Deals");
      empty = _("No deals yet");
      break;
    case LINKS_LEADS:
      title = C_("client card", "Leads");
      empty = _("No leads");
      break;
    case LINKS_CONTACTS:
    default:
      title = C_("client card", "Contacts");
      empty = _("No contacts of this company yet");
      break;
    }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
  self->empty = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty), empty);
  gtk_widget_add_css_class (self->empty, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->empty);
}

static void
fcrm_client_links_section_finalize (GObject *object)
{
  FcrmClientLinksSection *self = FCRM_CLIENT_LINKS_SECTION (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_client_links_section_parent_class)->finalize (object);
}

static void
fcrm_client_links_section_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  FcrmClientLinksSection *self = FCRM_CLIENT_LINKS_SECTION (object);
  const char *kind;

  switch (prop_id)
    {
    case PROP_KIND:
      kind = g_value_get_string (value);
      self->kind = g_strcmp0 (kind, "leads") == 0 ? LINKS_LEADS
                 : g_strcmp0 (kind, "contacts") == 0 ? LINKS_CONTACTS : LINKS_DEALS;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_links_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  FcrmClientLinksSection *self = FCRM_CLIENT_LINKS_SECTION (object);
  static const char * const names[] = { "deals", "leads", "contacts" };

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, names[self->kind]);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_links_section_class_init (FcrmClientLinksSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fcrm_client_links_section_constructed;
  object_class->finalize = fcrm_client_links_section_finalize;
  object_class->set_property = fcrm_client_links_section_set_property;
  object_class->get_property = fcrm_client_links_section_get_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "deals",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_client_links_section_init (FcrmClientLinksSection *self)
{
  self->rows = g_ptr_array_new ();
}

GtkWidget *
fcrm_client_links_section_new (const char *kind)
{
  return g_object_new (FCRM_TYPE_CLIENT_LINKS_SECTION, "kind", kind, NULL);
}

guint
fcrm_client_links_section_get_n_rows (FcrmClientLinksSection *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_LINKS_SECTION (self), 0);

  return self->rows->len;
}
