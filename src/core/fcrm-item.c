#define G_LOG_DOMAIN "fcrm-item"

#include <glib/gi18n-lib.h>

#include "fcrm-item.h"

G_DEFINE_FINAL_TYPE (FcrmItem, fcrm_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
fcrm_item_finalize (GObject *object)
{
  FcrmItem *self = FCRM_ITEM (object);

  g_free (self->title);
  g_free (self->pipeline);
  g_free (self->stage);
  g_free (self->responsible_login);
  g_free (self->responsible_name);
  g_free (self->contact_name);
  g_free (self->company_name);
  g_free (self->source);
  g_free (self->comment);
  g_free (self->next_task_title);
  g_free (self->name);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->design);
  g_free (self->project);
  g_free (self->measurements);
  g_free (self->loss_reason);
  g_free (self->loss_reason_text);
  g_free (self->handed_over_from);
  g_free (self->stage_name_cache);

  G_OBJECT_CLASS (fcrm_item_parent_class)->finalize (object);
}

static void
fcrm_item_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, FCRM_ITEM (object)->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_class_init (FcrmItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fcrm_item_finalize;
  object_class->get_property = fcrm_item_get_property;

  /* for expressions in templates: a card row shows a placeholder while TRUE */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_item_init (FcrmItem *self)
{
}

FcrmItem *
fcrm_item_new (FcrmEntityType type)
{
  FcrmItem *self = g_object_new (FCRM_TYPE_ITEM, NULL);

  self->type = type;
  return self;
}

FcrmItem *
fcrm_item_new_placeholder (FcrmEntityType  type,
                           const char     *stage)
{
  FcrmItem *self = fcrm_item_new (type);

  self->stage = g_strdup (stage);
  self->loading = TRUE;
  return self;
}

gboolean
fcrm_item_shows_same (FcrmItem *a,
                      FcrmItem *b)
{
  g_return_val_if_fail (FCRM_IS_ITEM (a) && FCRM_IS_ITEM (b), FALSE);
  return a->id == b->id &&
         !a->loading && !b->loading &&
         a->type == b->type &&
         a->version == b->version &&
         a->stage_entered_at == b->stage_entered_at &&
         a->days_in_stage == b->days_in_stage &&
         a->budget == b->budget &&
         a->returning == b->returning &&
         a->next_task_due == b->next_task_due &&
         g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->next_task_title, b->next_task_title) == 0 &&
         g_strcmp0 (a->responsible_name, b->responsible_name) == 0 &&
         g_strcmp0 (a->contact_name, b->contact_name) == 0 &&
         g_strcmp0 (a->company_name, b->company_name) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->handed_over_from, b->handed_over_from) == 0;
}

gboolean
fcrm_item_is_loading (FcrmItem *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM (self), FALSE);
  return self->loading;
}

const char *
fcrm_item_get_client (FcrmItem *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM (self), NULL);

  if (self->contact_name != NULL && *self->contact_name)
    return self->contact_name;
  if (self->name != NULL && *self->name)
    return self->name;
  if (self->company_name != NULL && *self->company_name)
    return self->company_name;
  return "";
}

const char *
fcrm_item_get_stage_name (FcrmItem *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM (self), NULL);
  return self->stage_name_cache != NULL ? g_dgettext (GETTEXT_PACKAGE, self->stage_name_cache) : self->stage;
}
