#define G_LOG_DOMAIN "fcrm-vcard"

/* vCards into contacts and out again (fcrm-vcard.h): the import is one
 * transaction; a card matching a contact by a normalised phone or e-mail
 * (SPEC §3.2) is merged into it — what it adds is added, nothing the
 * contact has is overwritten — as the CSV import's "merge" does. */

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-phone.h"
#include "fcrm-vcard.h"

static void
rejection_free (FcrmVcardRejection *r)
{
  g_free (r->reason);
  g_free (r);
}

void
fcrm_vcard_import_free (FcrmVcardImport *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_free (result);
}

static void
reject (FcrmVcardImport *result,
        FcrmVcard       *card,
        const char      *reason)
{
  FcrmVcardRejection *r = g_new0 (FcrmVcardRejection, 1);

  r->row = card->number;
  r->reason = g_strdup (reason);
  g_ptr_array_add (result->rejected, r);
}

/* Whether the card can become a contact; the reason why not in @reason. */
static gboolean
check_card (FcrmVcard  *card,
            char      **reason)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < card->phones->len; i++)
    if (!fcrm_phone_validate (((FcrmContactPoint *) card->phones->pdata[i])->value, &error))
      return (*reason = g_strdup (error->message), FALSE);
  for (guint i = 0; i < card->emails->len; i++)
    if (!fcrm_email_validate (((FcrmContactPoint *) card->emails->pdata[i])->value, &error))
      return (*reason = g_strdup (error->message), FALSE);
  if (card->name == NULL)
    {
      /* a phone's card may be a bare number: it names the contact */
      FcrmContactPoint *first = card->phones->len > 0 ? card->phones->pdata[0]
                                : card->emails->len > 0 ? card->emails->pdata[0] : NULL;
      if (first == NULL)
        return (*reason = g_strdup (_("The card has no name, phone or e-mail.")), FALSE);
      card->name = g_strdup (first->value);
    }
  return TRUE;
}

/* The contact that has one of the card's phones or e-mails, 0 if none. */
static gboolean
find_contact (FcrmCrm   *self,
              FcrmVcard *card,
              gint64    *out_id,
              GError   **error)
{
  gboolean found = FALSE;

  *out_id = 0;
  for (guint i = 0; !found && i < card->phones->len; i++)
    {
      g_autofree char *norm = fcrm_phone_normalize (((FcrmContactPoint *) card->phones->pdata[i])->value);
      if (norm != NULL &&
          !fcrm_store_query_int (self->store, "SELECT contact_id FROM contact_phones WHERE phone_norm = ?"
                                              " ORDER BY contact_id LIMIT 1", out_id, &found, error, "s", norm))
        return FALSE;
    }
  for (guint i = 0; !found && i < card->emails->len; i++)
    {
      g_autofree char *norm = fcrm_email_normalize (((FcrmContactPoint *) card->emails->pdata[i])->value);
      if (!fcrm_store_query_int (self->store, "SELECT contact_id FROM contact_emails WHERE email_norm = ?"
                                              " ORDER BY contact_id LIMIT 1", out_id, &found, error, "s", norm))
        return FALSE;
    }
  return TRUE;
}

/* "kind:value, …" of @have and those of @more it lacks; NULL when none is new. */
static char *
merged_points (GPtrArray *have,
               GPtrArray *more,
               char     *(*normalize) (const char *))
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean added = FALSE;

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *points = pass == 0 ? have : more;

      for (guint i = 0; points != NULL && i < points->len; i++)
        {
          FcrmContactPoint *p = g_ptr_array_index (points, i);
          char *norm = normalize (p->value);

          if (norm == NULL || g_hash_table_contains (seen, norm))
            {
              g_free (norm);
              continue;
            }
          g_hash_table_add (seen, norm);
          g_string_append_printf (list, "%s%s:%s", list->len > 0 ? ", " : "", p->kind, p->value);
          added |= pass == 1;
        }
    }
  return added ? g_strdup (list->str) : NULL;
}

static gboolean
merge_card (FcrmCrm   *self,
            gint64     id,
            FcrmVcard *card,
            GError   **error)
{
  g_autoptr(FcrmContact) c = fcrm_crm_contact_get (self, id, error);
  g_autofree char *phones = NULL;
  g_autofree char *emails = NULL;

  if (c == NULL)
    return FALSE;
  phones = merged_points (c->phones, card->phones, fcrm_phone_normalize);
  emails = merged_points (c->emails, card->emails, fcrm_email_normalize);
  return (phones == NULL || fcrm_crm_contact_set (self, id, "phones", phones, -1, error)) &&
         (emails == NULL || fcrm_crm_contact_set (self, id, "emails", emails, -1, error)) &&
         (c->company_id != 0 || card->company == NULL ||
          fcrm_crm_contact_set (self, id, "company", card->company, -1, error)) &&
         (c->address != NULL || card->address == NULL ||
          fcrm_crm_contact_set (self, id, "address", card->address, -1, error)) &&
         (c->birthday != 0 || card->birthday == NULL ||
          fcrm_crm_contact_set (self, id, "birthday", card->birthday, -1, error)) &&
         (c->comment != NULL || card->comment == NULL ||
          fcrm_crm_contact_set (self, id, "comment", card->comment, -1, error));
}

static GStrv
point_values (GPtrArray *points,
              gboolean   kinds)
{
  GStrv out = g_new0 (char *, points->len + 1);

  for (guint i = 0; i < points->len; i++)
    {
      FcrmContactPoint *p = g_ptr_array_index (points, i);
      out[i] = g_strdup (kinds ? p->kind : p->value);
    }
  return out;
}

static gboolean
create_card (FcrmCrm   *self,
             FcrmVcard *card,
             GError   **error)
{
  g_auto(GStrv) phones = point_values (card->phones, FALSE);
  g_auto(GStrv) phone_kinds = point_values (card->phones, TRUE);
  g_auto(GStrv) emails = point_values (card->emails, FALSE);
  g_auto(GStrv) email_kinds = point_values (card->emails, TRUE);
  FcrmContactInput input = {
    .name = card->name,
    .phones = (const char * const *) phones,
    .phone_kinds = (const char * const *) phone_kinds,
    .emails = (const char * const *) emails,
    .email_kinds = (const char * const *) email_kinds,
    .company = card->company,
    .address = card->address,
    .birthday = card->birthday,
    .comment = card->comment,
  };
  g_autoptr(FcrmContact) c = fcrm_crm_contact_add (self, &input, error);

  return c != NULL;
}

FcrmVcardImport *
fcrm_crm_import_vcard (FcrmCrm     *self,
                       const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(GPtrArray) cards = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  cards = fcrm_vcard_parse (data, length, error);
  return cards != NULL ? fcrm_crm_import_vcards (self, cards, error) : NULL;
}

FcrmVcardImport *
fcrm_crm_import_vcards (FcrmCrm    *self,
                        GPtrArray  *cards,
                        GError    **error)
{
  g_autoptr(FcrmVcardImport) result = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (cards != NULL, NULL);

  result = g_new0 (FcrmVcardImport, 1);
  result->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) rejection_free);
  if (!fcrm_crm_begin (self, error))
    return NULL;
  for (guint i = 0; ok && i < cards->len; i++)
    {
      FcrmVcard *card = g_ptr_array_index (cards, i);
      g_autofree char *reason = NULL;
      gint64 id = 0;

      if (!check_card (card, &reason))
        {
          reject (result, card, reason);
          continue;
        }
      ok = find_contact (self, card, &id, error);
      if (ok && id != 0)
        ok = merge_card (self, id, card, error) && ++result->merged;
      else if (ok)
        ok = create_card (self, card, error) && ++result->created;
      if (!ok)
        g_prefix_error (error, _("Card %u (line %u): "), card->number, card->line);
    }
  if (!fcrm_crm_finish (self, ok, error))
    return NULL;
  return g_steal_pointer (&result);
}

char *
fcrm_crm_export_vcard (FcrmCrm       *self,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (n_ids > 0)
    for (guint i = 0; i < n_ids; i++)
      {
        FcrmContact *c = fcrm_crm_contact_get (self, ids[i], error);
        if (c == NULL)
          return NULL;
        g_ptr_array_add (contacts, c);
      }
  else
    {
      FcrmClientKey key = { NULL, 0 };

      for (;;)
        {
          g_autoptr(GPtrArray) page = fcrm_crm_contact_page (self, NULL, FCRM_CLIENT_SORT_ID, key.id > 0 ? &key : NULL,
                                                             500, error);
          if (page == NULL)
            return NULL;
          for (guint i = 0; i < page->len; i++)
            {
              FcrmContact *c = fcrm_crm_contact_get (self, ((FcrmContact *) page->pdata[i])->id, error);
              if (c == NULL)
                return NULL;
              g_ptr_array_add (contacts, c);
            }
          if (page->len < 500)
            break;
          key.id = ((FcrmContact *) page->pdata[page->len - 1])->id;
        }
    }
  return fcrm_vcard_write (contacts);
}
