#define G_LOG_DOMAIN "fcrm-vocabulary"

#include <string.h>

#include "fcrm-vocabulary.h"

static const char * const lead_sources[] = { "call", "webform", "email", "walkin", "other", NULL };

/* SPEC §2: the stages with an "at visit" robot */
static const char * const visit_stages[] = { "repair.warranty_repair", "repair.paid_repair", NULL };

static const struct { const char *stage; const char *pipeline; } conversions[] = {
  { "lead.to_design",        "design" },
  { "lead.to_manufacturing", "manufacturing" },
  { "lead.to_repair",        "repair" },
};

/* SPEC §2: stages whose robot hands the deal over to another pipeline at once */
static const struct { const char *stage; const char *pipeline; } handovers[] = {
  { "design.to_installation", "manufacturing" },
};

const char *
fcrm_stage_hands_over_to (const char *stage)
{
  for (guint i = 0; stage != NULL && i < G_N_ELEMENTS (handovers); i++)
    if (strcmp (stage, handovers[i].stage) == 0)
      return handovers[i].pipeline;
  return NULL;
}

const char * const *
fcrm_lead_sources (void)
{
  return lead_sources;
}

const char *
fcrm_stage_converts_to (const char *stage)
{
  for (guint i = 0; stage != NULL && i < G_N_ELEMENTS (conversions); i++)
    if (strcmp (stage, conversions[i].stage) == 0)
      return conversions[i].pipeline;
  return NULL;
}

gboolean
fcrm_stage_takes_visit_time (const char *stage)
{
  return stage != NULL && g_strv_contains (visit_stages, stage);
}

static gboolean
has_text (const char *s)
{
  if (s == NULL)
    return FALSE;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return TRUE;
  return FALSE;
}

FcrmConvertFlags
fcrm_lead_convert_possible (FcrmItem *lead)
{
  FcrmConvertFlags flags = FCRM_CONVERT_DEAL;

  g_return_val_if_fail (FCRM_IS_ITEM (lead), 0);

  if (lead->contact_id == 0 && (has_text (lead->name) || has_text (lead->phone) || has_text (lead->email)))
    flags |= FCRM_CONVERT_CONTACT;
  if (lead->company_id == 0 && has_text (lead->company_name))
    flags |= FCRM_CONVERT_COMPANY;
  return flags;
}

gboolean
fcrm_user_takes_new_leads (FcrmUser *user)
{
  return user != NULL && user->active && user->role == FCRM_ROLE_MANAGER;
}

gboolean
fcrm_user_may_hold_lead (FcrmUser *user)
{
  return user != NULL && user->active && (user->role == FCRM_ROLE_MANAGER || user->role == FCRM_ROLE_SUPERVISOR);
}
