#define G_LOG_DOMAIN "fcrm-types"

#include <glib/gi18n-lib.h>

#include "fcrm-enums.h"
#include "fcrm-types.h"

/* Codes are the enums' nicks (glib-mkenums): "lead", "open", "manager", … */
static const char *
nick_of (GType type,
         int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v != NULL ? v->value_nick : NULL;

  g_type_class_unref (klass);   /* static types stay registered: the nick stays valid */
  return nick;
}

static gboolean
value_of (GType       type,
          const char *nick,
          int        *out_value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (v != NULL)
    *out_value = v->value;
  g_type_class_unref (klass);
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

static const struct { const char *code; const char *name; } sources[] = {
  { "call",    N_("Incoming call") },
  { "webform", N_("Web form") },
  { "email",   N_("E-mail") },
  { "walkin",  N_("Walk-in") },
  { "other",   N_("Other") },
};

gboolean
fcrm_source_is_valid (const char *source)
{
  for (guint i = 0; source != NULL && i < G_N_ELEMENTS (sources); i++)
    if (g_strcmp0 (source, sources[i].code) == 0)
      return TRUE;
  return FALSE;
}

const char *
fcrm_source_display_name (const char *source)
{
  for (guint i = 0; source != NULL && i < G_N_ELEMENTS (sources); i++)
    if (g_strcmp0 (source, sources[i].code) == 0)
      return _(sources[i].name);
  return source != NULL ? source : "";
}
