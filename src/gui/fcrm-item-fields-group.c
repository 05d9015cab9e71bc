#define G_LOG_DOMAIN "fcrm-item-fields-group"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-item-fields-group.h"
#include "fcrm-card-section.h"
#include "fcrm-inbox.h"
#include "fcrm-item-card.h"

/* The value rows of the About, Project and Additional tabs of a lead or deal
 * card. They are alike and many, so they come from this table rather than
 * from a template. The client is not among them: the card's Client section
 * (fcrm-client-section.c) shows and changes it. */
typedef enum {
  FIELD_TITLE,
  FIELD_BUDGET,
  FIELD_NAME,
  FIELD_PHONE,
  FIELD_EMAIL,
  FIELD_COMPANY,
  FIELD_COMMENT,

  FIELD_DELIVERY_DATE,
  FIELD_INSTALLATION_DATE,
  FIELD_INSTALLATION_NEEDED,
  FIELD_VISIT_AT,
  FIELD_WARRANTY_UNTIL,
  FIELD_DESIGN,
  FIELD_PROJECT,
  FIELD_MEASUREMENTS,

  FIELD_STAGE,
  FIELD_STAGE_SINCE,
  FIELD_RESPONSIBLE,
  /* the participants have a section of their own, below */
  FIELD_SOURCE,
  /* the origin lead / converted deal rows go here */
  FIELD_CREATED,
  FIELD_CHANGED,
  FIELD_CLOSED,
  FIELD_LOSS_REASON,
  FIELD_LOSS_REASON_TEXT,

  N_FIELDS
} Field;

typedef enum {
  GROUP_ABOUT,
  GROUP_PROJECT,
  GROUP_ADDITIONAL,
  N_GROUPS
} Group;

static const char * const group_names[N_GROUPS] = { "about", "project", "additional" };

typedef enum {
  FOR_BOTH,
  FOR_LEAD,
  FOR_DEAL,
} ItemKinds;

static const struct {
  Group        group;
  ItemKinds    kinds;
  FcrmFieldDef def;
} fields[N_FIELDS] = {
  [FIELD_TITLE]               = { GROUP_ABOUT, FOR_BOTH, { N_("Title"), FCRM_FIELD_EDIT_LINE, "title", FCRM_FIELD_HINT_NONE } },
  [FIELD_BUDGET]              = { GROUP_ABOUT, FOR_BOTH, { N_("Budget"), FCRM_FIELD_EDIT_LINE, "budget", FCRM_FIELD_HINT_MONEY } },
  [FIELD_NAME]                = { GROUP_ABOUT, FOR_LEAD, { N_("Name"), FCRM_FIELD_EDIT_LINE, "name", FCRM_FIELD_HINT_NONE } },
  [FIELD_PHONE]               = { GROUP_ABOUT, FOR_LEAD, { N_("Phone"), FCRM_FIELD_EDIT_LINE, "phone", FCRM_FIELD_HINT_PHONE } },
  [FIELD_EMAIL]               = { GROUP_ABOUT, FOR_LEAD, { N_("E-mail"), FCRM_FIELD_EDIT_LINE, "email", FCRM_FIELD_HINT_EMAIL } },
  [FIELD_COMPANY]             = { GROUP_ABOUT, FOR_LEAD, { N_("Company"), FCRM_FIELD_EDIT_LINE, "company", FCRM_FIELD_HINT_NONE } },
  [FIELD_COMMENT]             = { GROUP_ABOUT, FOR_BOTH, { N_("Comment"), FCRM_FIELD_EDIT_TEXT, "comment", FCRM_FIELD_HINT_NONE } },

  [FIELD_DELIVERY_DATE]       = { GROUP_PROJECT, FOR_BOTH, { N_("Delivery date"), FCRM_FIELD_EDIT_LINE, "delivery_date", FCRM_FIELD_HINT_DATE } },
  [FIELD_INSTALLATION_DATE]   = { GROUP_PROJECT, FOR_BOTH, { N_("Installation date"), FCRM_FIELD_EDIT_LINE, "installation_date", FCRM_FIELD_HINT_DATE } },
  [FIELD_INSTALLATION_NEEDED] = { GROUP_PROJECT, FOR_BOTH, { N_("Installation needed"), FCRM_FIELD_EDIT_SWITCH, "installation_needed", FCRM_FIELD_HINT_NONE } },
  [FIELD_VISIT_AT]            = { GROUP_PROJECT, FOR_BOTH, { N_("Visit time"), FCRM_FIELD_EDIT_LINE, "visit_at", FCRM_FIELD_HINT_TIME } },
  [FIELD_WARRANTY_UNTIL]      = { GROUP_PROJECT, FOR_BOTH, { N_("Warranty until"), FCRM_FIELD_EDIT_LINE, "warranty_until", FCRM_FIELD_HINT_DATE } },
  [FIELD_DESIGN]              = { GROUP_PROJECT, FOR_BOTH, { N_("Design"), FCRM_FIELD_EDIT_TEXT, "design", FCRM_FIELD_HINT_NONE } },
  [FIELD_PROJECT]             = { GROUP_PROJECT, FOR_BOTH, { N_("Project"), FCRM_FIELD_EDIT_TEXT, "project", FCRM_FIELD_HINT_NONE } },
  [FIELD_MEASUREMENTS]        = { GROUP_PROJECT, FOR_BOTH, { N_("Measurements"), FCRM_FIELD_EDIT_TEXT, "measurements", FCRM_FIELD_HINT_NONE } },

  [FIELD_STAGE]               = { GROUP_ADDITIONAL, FOR_BOTH, { N_("Stage"), FCRM_FIELD_EDIT_NONE, NULL, FCRM_FIELD_HINT_NONE } },
  [FIELD_STAGE_SINCE]         = { GROUP_ADDITIONAL, FOR_BOTH, { N_("In the stage since"), FCRM_FIELD_EDIT_NONE, NULL, FCRM_FIELD_HINT_NONE } },
  [FIELD_RESPONSIBLE]         = { GROUP_ADDITIONAL, FOR_BOTH, { N_("Responsible"), FCRM_FIELD_EDIT_USER, "responsible", FCRM_FIELD_HINT_NONE } },
  [FIELD_SOURCE]              = { GROUP_ADDITIONAL, FOR_BOTH, { N_("Source"), FCRM_FIELD_EDIT_SOURCE, "source", FCRM_FIELD_HINT_NONE } },
  [FIELD_CREATED]             = { GROUP_ADDITIONAL, FOR_BOTH, { N_("Created"), FCRM_FIELD_EDIT_NONE, NULL, FCRM_FIELD_HINT_NONE } },
  [FIELD_CHANGED]             = { GROUP_ADDITIONAL, FOR_BOTH, { N_("Changed"), FCRM_FIELD_EDIT_NONE, NULL, FCRM_FIELD_HINT_NONE } },
  [FIELD_CLOSED]              = { GROUP_ADDITIONAL, FOR_DEAL, { N_("Closed"), FCRM_FIELD_EDIT_NONE, NULL, FCRM_FIELD_HINT_NONE } },
  [FIELD_LOSS_REASON]         = { GROUP_ADDITIONAL, FOR_DEAL, { N_("Loss reason"), FCRM_FIELD_EDIT_NONE, NULL, FCRM_FIELD_HINT_NONE } },
  [FIELD_LOSS_REASON_TEXT]    = { GROUP_ADDITIONAL, FOR_DEAL, { N_("Loss reason in detail"), FCRM_FIELD_EDIT_LINE, "loss_reason_text", FCRM_FIELD_HINT_NONE } },
};

#define NO_ROW G_MAXUINT

struct _FcrmItemFieldsGroup
{
  FcrmFieldsGroup  parent_instance;

  Group            group;
  guint            rows[N_FIELDS];   /* the row of each field of this group, or NO_ROW */
  guint            origin_lead_row;  /* additional: deals */
  guint            deal_row;         /* additional: leads */
};

G_DEFINE_FINAL_TYPE (FcrmItemFieldsGroup, fcrm_item_fields_group, FCRM_TYPE_FIELDS_GROUP)

enum {
  PROP_0,
  PROP_GROUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The value of an editable field, as its editor shows it. */
static char *
edit_text_of (FcrmItem *item,
              Field     field)
{
  switch (field)
    {
    case FIELD_TITLE:             return g_strdup (item->title ? item->title : "");
    case FIELD_BUDGET:            return fcrm_fields_group_money_text (item->budget);
    case FIELD_NAME:              return g_strdup (item->name ? item->name : "");
    case FIELD_PHONE:             return g_strdup (item->phone ? item->phone : "");
    case FIELD_EMAIL:             return g_strdup (item->email ? item->email : "");
    case FIELD_COMPANY:           return g_strdup (item->company_name ? item->company_name : "");
    case FIELD_COMMENT:           return g_strdup (item->comment ? item->comment : "");
    case FIELD_DELIVERY_DATE:     return fcrm_fields_group_date_text (item->delivery_date);
    case FIELD_INSTALLATION_DATE: return fcrm_fields_group_date_text (item->installation_date);
    case FIELD_INSTALLATION_NEEDED: return g_strdup (item->installation_needed ? "yes" : "no");
    case FIELD_VISIT_AT:          return fcrm_fields_group_time_text (item->visit_at);
    case FIELD_WARRANTY_UNTIL:    return fcrm_fields_group_date_text (item->warranty_until);
    case FIELD_DESIGN:            return g_strdup (item->design ? item->design : "");
    case FIELD_PROJECT:           return g_strdup (item->project ? item->project : "");
    case FIELD_MEASUREMENTS:      return g_strdup (item->measurements ? item->measurements : "");
    case FIELD_RESPONSIBLE:       return g_strdup (item->responsible_login ? item->responsible_login : "");
    /* A missing source is the default one. */
    case FIELD_SOURCE:            return g_strdup (fcrm_card_nonempty (item->source) ? item->source : "other");
    case FIELD_LOSS_REASON_TEXT:  return g_strdup (item->loss_reason_text ? item->loss_reason_text : "");
    default:
      g_assert_not_reached ();
    }
}

static void
show_value (FcrmItemFieldsGroup *self,
            Field                field,
            const char          *text)
{
  fcrm_fields_group_show_value (FCRM_FIELDS_GROUP (self), self->rows[field], text, NULL);
}

static void
show_value_take (FcrmItemFieldsGroup *self,
                 Field                field,
                 char                *text)
{
  show_value (self, field, text);
  g_free (text);
}

static void
load (FcrmItemFieldsGroup *self,
      Field                field)
{
  FcrmItem *item = fcrm_fields_group_get_item (FCRM_FIELDS_GROUP (self));
  g_autofree char *text = edit_text_of (item, field);

  fcrm_fields_group_load (FCRM_FIELDS_GROUP (self), self->rows[field], text);
}

static void
hide (FcrmItemFieldsGroup *self,
      Field                field)
{
  fcrm_fields_group_hide (FCRM_FIELDS_GROUP (self), self->rows[field]);
}

/* Links to the other item: the origin lead of a deal, the deal a lead became. */

static void
open_linked (FcrmItemFieldsGroup *self,
             FcrmEntityType       type,
             gint64               id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *card = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  GtkWindow *parent = card != NULL ? gtk_window_get_transient_for (card) : NULL;

  /* Cards belong to the main window, not to each other. */
  fcrm_item_card_present (parent != NULL ? parent : card,
                          fcrm_fields_group_get_crm (FCRM_FIELDS_GROUP (self)), type, id);
}

static void
origin_lead_clicked_cb (FcrmItemFieldsGroup *self)
{
  FcrmItem *item = fcrm_fields_group_get_item (FCRM_FIELDS_GROUP (self));

  if (item != NULL && item->lead_id > 0)
    open_linked (self, FCRM_ENTITY_LEAD, item->lead_id);
}

static void
deal_clicked_cb (FcrmItemFieldsGroup *self)
{
  FcrmItem *item = fcrm_fields_group_get_item (FCRM_FIELDS_GROUP (self));

  if (item != NULL && item->deal_id > 0)
    open_linked (self, FCRM_ENTITY_DEAL, item->deal_id);
}

static void
show_link (FcrmItemFieldsGroup *self,
           guint                row,
           FcrmEntityType       type,
           gint64               id,
           const char          *none)
{
  FcrmCrm *crm = fcrm_fields_group_get_crm (FCRM_FIELDS_GROUP (self));
  FcrmCardData *data = fcrm_fields_group_get_card_data (FCRM_FIELDS_GROUP (self));
  g_autoptr(FcrmItem) linked = NULL;
  g_autofree char *text = NULL;

  if (id > 0 && data != NULL)
    {
      /* read with the card (NULL: not visible to this user) */
      if (data->linked != NULL && data->linked->type == type && data->linked->id == id)
        linked = g_object_ref (data->linked);
    }
  else if (id > 0)
    linked = type == FCRM_ENTITY_LEAD
             ? fcrm_crm_lead_get (crm, id, NULL)
             : fcrm_crm_deal_get (crm, id, NULL);
  if (id > 0)
    {
      if (type == FCRM_ENTITY_LEAD)
        text = linked != NULL && fcrm_card_nonempty (linked->title)
               ? g_strdup_printf (_("Lead #%" PRId64 " · %s"), id, linked->title)
               : g_strdup_printf (_("Lead #%" PRId64), id);
      else
        text = linked != NULL && fcrm_card_nonempty (linked->title)
               ? g_strdup_printf (_("Deal #%" PRId64 " · %s"), id, linked->title)
               : g_strdup_printf (_("Deal #%" PRId64), id);
    }
  fcrm_fields_group_show_value (FCRM_FIELDS_GROUP (self), row, text, none);
}

static void
show_additional (FcrmItemFieldsGroup *self,
                 FcrmItem            *item)
{
  FcrmCrm *crm = fcrm_fields_group_get_crm (FCRM_FIELDS_GROUP (self));
  FcrmStage *stage = fcrm_crm_get_stage (crm, item->stage);
  gboolean lead = item->type == FCRM_ENTITY_LEAD;
  gboolean lost;

  show_value (self, FIELD_STAGE, fcrm_item_get_stage_name (item));
  show_value_take (self, FIELD_STAGE_SINCE, fcrm_card_format_date_time (item->stage_entered_at));

  if (lead)
    {
      fcrm_fields_group_hide (FCRM_FIELDS_GROUP (self), self->origin_lead_row);
      show_link (self, self->deal_row, FCRM_ENTITY_DEAL, item->deal_id, _("Not converted"));
    }
  else
    {
      fcrm_fields_group_hide (FCRM_FIELDS_GROUP (self), self->deal_row);
      show_link (self, self->origin_lead_row, FCRM_ENTITY_LEAD, item->lead_id, _("Created without a lead"));
    }

  show_value_take (self, FIELD_CREATED, fcrm_card_format_date_time (item->created_at));
  show_value_take (self, FIELD_CHANGED, fcrm_card_format_date_time (item->updated_at));

  if (!lead && item->closed_at != 0)
    show_value_take (self, FIELD_CLOSED, fcrm_card_format_date_time (item->closed_at));
  else
    hide (self, FIELD_CLOSED);

  /* A loss reason only means something once a deal is lost; its text is
   * what the "Specify the reason" task asks for. */
  lost = !lead && (fcrm_card_nonempty (item->loss_reason) ||
                   (stage != NULL && stage->kind == FCRM_STAGE_FAILURE));
  if (lost)
    {
      show_value (self, FIELD_LOSS_REASON,
                  fcrm_card_nonempty (item->loss_reason) ? fcrm_loss_reason_display_name (item->loss_reason) : NULL);
      load (self, FIELD_LOSS_REASON_TEXT);
    }
  else
    {
      hide (self, FIELD_LOSS_REASON);
      hide (self, FIELD_LOSS_REASON_TEXT);
    }
}

static void
fcrm_item_fields_group_show (FcrmFieldsGroup *group)
{
  FcrmItemFieldsGroup *self = FCRM_ITEM_FIELDS_GROUP (group);
  FcrmItem *item = fcrm_fields_group_get_item (group);
  gboolean lead = item->type == FCRM_ENTITY_LEAD;

  /* Fields of the other kind of item are hidden; the rest read the item. */
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (self->rows[i] == NO_ROW)
        continue;
      if ((fields[i].kinds == FOR_LEAD && !lead) ||
          (fields[i].kinds == FOR_DEAL && lead))
        {
          hide (self, i);
          continue;
        }
      if (fields[i].def.edit != FCRM_FIELD_EDIT_NONE && i != FIELD_LOSS_REASON_TEXT)
        load (self, i);
    }

  switch (self->group)
    {
    case GROUP_ABOUT:
      /* the client, with their phones and e-mails, is the Client section's */
      break;

    case GROUP_PROJECT:
      break;

    case GROUP_ADDITIONAL:
      show_additional (self, item);
      break;

    case N_GROUPS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
fcrm_item_fields_group_write (FcrmFieldsGroup  *group,
                              const char       *key,
                              const char       *value,
                              gint64            expected_version,
                              GError          **error)
{
  FcrmCrm *crm = fcrm_fields_group_get_crm (group);
  FcrmItem *item = fcrm_fields_group_get_item (group);

  return item->type == FCRM_ENTITY_LEAD
         ? fcrm_crm_lead_set (crm, item->id, key, value, expected_version, error)
         : fcrm_crm_deal_set (crm, item->id, key, value, expected_version, error);
}

/* GObject */

static void
fcrm_item_fields_group_constructed (GObject *object)
{
  FcrmItemFieldsGroup *self = FCRM_ITEM_FIELDS_GROUP (object);
  FcrmFieldsGroup *group = FCRM_FIELDS_GROUP (object);

  G_OBJECT_CLASS (fcrm_item_fields_group_parent_class)->constructed (object);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      self->rows[i] = NO_ROW;
      if (fields[i].group != self->group)
        continue;
      if (i == FIELD_CREATED)
        {
          self->origin_lead_row = fcrm_fields_group_add_link (group, _("Origin lead"),
                                                              _("Open the lead this deal came from"),
                                                              G_CALLBACK (origin_lead_clicked_cb));
          self->deal_row = fcrm_fields_group_add_link (group, _("Converted deal"),
                                                       _("Open the deal this lead became"),
                                                       G_CALLBACK (deal_clicked_cb));
        }
      self->rows[i] = fcrm_fields_group_add_field (group, &fields[i].def);
    }
}

static void
fcrm_item_fields_group_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FcrmItemFieldsGroup *self = FCRM_ITEM_FIELDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_GROUP:
      g_value_set_string (value, fcrm_item_fields_group_get_group (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_fields_group_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  FcrmItemFieldsGroup *self = FCRM_ITEM_FIELDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_GROUP:
      {
        const char *name = g_value_get_string (value);

        for (guint i = 0; i < N_GROUPS; i++)
          if (g_strcmp0 (name, group_names[i]) == 0)
            {
              self->group = i;
              return;
            }
        g_critical ("No group “%s” of fields on a card", name);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_fields_group_class_init (FcrmItemFieldsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcrmFieldsGroupClass *group_class = FCRM_FIELDS_GROUP_CLASS (klass);

  object_class->constructed = fcrm_item_fields_group_constructed;
  object_class->get_property = fcrm_item_fields_group_get_property;
  object_class->set_property = fcrm_item_fields_group_set_property;
  group_class->show = fcrm_item_fields_group_show;
  group_class->write = fcrm_item_fields_group_write;

  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL,
                         "about",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_item_fields_group_init (FcrmItemFieldsGroup *self)
{
  self->origin_lead_row = NO_ROW;
  self->deal_row = NO_ROW;
}

GtkWidget *
fcrm_item_fields_group_new (const char *group)
{
  return g_object_new (FCRM_TYPE_ITEM_FIELDS_GROUP, "group", group, NULL);
}

const char *
fcrm_item_fields_group_get_group (FcrmItemFieldsGroup *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_FIELDS_GROUP (self), NULL);

  return group_names[self->group];
}
