#define G_LOG_DOMAIN "fcrm-types"

#include <glib/gi18n-lib.h>

#include "fcrm-enums.h"
#include "fcrm-types.h"
#include "fcrm-vocabulary.h"

/* Codes are the enums' nicks (glib-mkenums): "lead", "open", "manager", … */
/* The enum's class, kept for the life of the process: these are asked for
 * on every row written and read. */
static GEnumClass *
enum_class (GType type)
{
  GEnumClass *klass = g_type_class_peek_static (type);

  return klass != NULL ? klass : g_type_class_ref (type);
}

static const char *
nick_of (GType type,
         int   value)
{
  GEnumValue *v = g_enum_get_value (enum_class (type), value);

  return v != NULL ? v->value_nick : NULL;
}

static gboolean
value_of (GType       type,
          const char *nick,
          int        *out_value)
{
  GEnumValue *v = nick != NULL ? g_enum_get_value_by_nick (enum_class (type), nick) : NULL;

  if (v != NULL)
    *out_value = v->value;
  return v != NULL;
}

const char *
fcrm_entity_type_to_string (FcrmEntityType type)
{
  const char *nick = nick_of (FCRM_TYPE_ENTITY_TYPE, type);

  g_return_val_if_fail (nick != NULL, "lead");
  return nick;
}

gboolean
fcrm_entity_type_from_string (const char     *text,
                              FcrmEntityType *out_type)
{
  int value;

  if (!value_of (FCRM_TYPE_ENTITY_TYPE, text, &value))
    return FALSE;
  *out_type = (FcrmEntityType) value;
  return TRUE;
}

FcrmEntityType
fcrm_entity_type_parse (const char *text)
{
  FcrmEntityType type = FCRM_ENTITY_LEAD;

  fcrm_entity_type_from_string (text, &type);
  return type;
}

const char *
fcrm_stage_kind_to_string (FcrmStageKind kind)
{
  const char *nick = nick_of (FCRM_TYPE_STAGE_KIND, kind);

  return nick != NULL ? nick : "open";
}

const char *
fcrm_role_to_string (FcrmRole role)
{
  const char *nick = nick_of (FCRM_TYPE_ROLE, role);

  g_return_val_if_fail (nick != NULL, "manager");
  return nick;
}

gboolean
fcrm_role_from_string (const char *text,
                       FcrmRole   *out_role)
{
  int value;

  if (!value_of (FCRM_TYPE_ROLE, text, &value))
    return FALSE;
  *out_role = (FcrmRole) value;
  return TRUE;
}

const char *
fcrm_role_display_name (FcrmRole role)
{
  switch (role)
    {
    case FCRM_ROLE_DESIGNER:   return _("Designer");
    case FCRM_ROLE_SUPERVISOR: return _("Supervisor");
    case FCRM_ROLE_MANAGER:
    default:                   return _("Manager");
    }
}

/* The names of fcrm_lead_sources (), in its order. */
static const char * const source_names[] = {
  N_("Incoming call"), N_("Web form"), N_("E-mail"), N_("Walk-in"), N_("Other"),
};

static int
source_index (const char *source)
{
  const char * const *codes = fcrm_lead_sources ();

  for (int i = 0; source != NULL && codes[i] != NULL; i++)
    if (g_strcmp0 (source, codes[i]) == 0)
      return i;
  return -1;
}

gboolean
fcrm_source_is_valid (const char *source)
{
  return source_index (source) >= 0;
}

const char *
fcrm_source_display_name (const char *source)
{
  int i = source_index (source);

  if (i >= 0 && i < (int) G_N_ELEMENTS (source_names))
    return _(source_names[i]);
  return source != NULL ? source : "";
}
