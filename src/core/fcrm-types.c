#define G_LOG_DOMAIN "fcrm-types"

#include <glib/gi18n-lib.h>

#include "fcrm-types.h"

const char *
fcrm_entity_type_to_string (FcrmEntityType type)
{
  return type == FCRM_ENTITY_LEAD ? "lead" : "deal";
}

const char *
fcrm_stage_kind_to_string (FcrmStageKind kind)
{
  switch (kind)
    {
    case FCRM_STAGE_SUCCESS: return "success";
    case FCRM_STAGE_FAILURE: return "failure";
    case FCRM_STAGE_OPEN:
    default:                 return "open";
    }
}

static const char * const role_codes[] = { "manager", "designer", "supervisor" };

const char *
fcrm_role_to_string (FcrmRole role)
{
  g_return_val_if_fail (role <= FCRM_ROLE_SUPERVISOR, "manager");
  return role_codes[role];
}

gboolean
fcrm_role_from_string (const char *text,
                       FcrmRole   *out_role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_codes); i++)
    if (g_strcmp0 (text, role_codes[i]) == 0)
      {
        *out_role = (FcrmRole) i;
        return TRUE;
      }
  return FALSE;
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
