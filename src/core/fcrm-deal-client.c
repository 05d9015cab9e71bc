#define G_LOG_DOMAIN "fcrm-deal-client"

/* A deal and its new client as one user action (the "New deal" dialog). */

#include "fcrm-crm-private.h"
#include "fcrm-clients.h"

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
client_given (const FcrmContactInput *client)
{
  gboolean phone = FALSE;

  if (client == NULL)
    return FALSE;
  for (guint i = 0; client->phones != NULL && client->phones[i] != NULL; i++)
    phone = phone || has_text (client->phones[i]);
  return has_text (client->name) || phone;
}

FcrmItem *
fcrm_crm_deal_add_with_client (FcrmCrm                *self,
                               const FcrmDealInput    *deal,
                               const FcrmContactInput *client,
                               GError                **error)
{
  g_autoptr(FcrmContact) contact = NULL;
  g_autoptr(FcrmItem) item = NULL;
  FcrmDealInput input;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (deal != NULL, NULL);

  if (!client_given (client))
    return fcrm_crm_deal_add (self, deal, error);

  input = *deal;
  if (!fcrm_crm_begin (self, error))
    return NULL;
  contact = fcrm_crm_contact_add (self, client, error);
  if (contact != NULL)
    {
      input.contact_id = contact->id;
      if (input.company_id == 0)
        input.company_id = contact->company_id;
      item = fcrm_crm_deal_add (self, &input, error);
    }
  if (!fcrm_crm_finish (self, item != NULL, error))
    return NULL;
  return g_steal_pointer (&item);
}
