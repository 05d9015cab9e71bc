#define G_LOG_DOMAIN "fcrm-contacts"

/* Reading contacts a page at a time: the page's rows by one index range in
 * id order, then their phones, e-mails, leads and deals by one range each
 * over the page's ids — five statements a page, whatever its length. */

#include <glib/gi18n-lib.h>

#include "fcrm-contacts.h"
#include "fcrm-crm-private.h"

/* what is read to find a page's matches for a query, at a time */
#define SCAN_PAGE 500

G_DEFINE_FINAL_TYPE (FcrmContact, fcrm_contact, G_TYPE_OBJECT)

static void
fcrm_contact_finalize (GObject *object)
{
  FcrmContact *self = FCRM_CONTACT (object);

  g_free (self->name);
  g_free (self->company);
  g_ptr_array_unref (self->phones);
  g_ptr_array_unref (self->emails);
  g_array_unref (self->leads);
  g_array_unref (self->deals);
  G_OBJECT_CLASS (fcrm_contact_parent_class)->finalize (object);
}

static void
fcrm_contact_class_init (FcrmContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fcrm_contact_finalize;
}

static void
fcrm_contact_init (FcrmContact *self)
{
  self->phones = g_ptr_array_new_with_free_func (g_free);
  self->emails = g_ptr_array_new_with_free_func (g_free);
  self->leads = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deals = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* Rows of (contact id, value) over the ids @first…@last, each added to its
 * contact in @by_id: as text (@texts) or as an id. */
static gboolean
gather (FcrmCrm    *self,
        const char *sql,
        gint64      first,
        gint64      last,
        GHashTable *by_id,
        gsize       member,
        gboolean    texts,
        GError    **error)
{
  GError *local = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (self->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, first);
  fcrm_stmt_bind_int64 (stmt, 2, last);
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 id = fcrm_stmt_get_int64 (stmt, 0);
      FcrmContact *c = g_hash_table_lookup (by_id, &id);
      gpointer list;

      if (c == NULL)
        continue;
      list = G_STRUCT_MEMBER (gpointer, c, member);
      if (texts)
        g_ptr_array_add (list, fcrm_stmt_dup_text (stmt, 1));
      else
        {
          gint64 value = fcrm_stmt_get_int64 (stmt, 1);
          g_array_append_val ((GArray *) list, value);
        }
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

/* Up to @limit contacts after @after_id, complete. */
static GPtrArray *
read_page (FcrmCrm *self,
           gint64   after_id,
           guint    limit,
           GError **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  GError *local = NULL;
  FcrmStmt *stmt;
  gint64 first, last;

  stmt = fcrm_store_prepare (self->store,
                             "SELECT c.id, c.name, c.company_id, co.name, c.created_at FROM contacts c "
                             "LEFT JOIN companies co ON co.id = c.company_id "
                             "WHERE c.id > ? ORDER BY c.id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, after_id);
  fcrm_stmt_bind_int64 (stmt, 2, limit);
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmContact *c = g_object_new (FCRM_TYPE_CONTACT, NULL);

      c->id = fcrm_stmt_get_int64 (stmt, 0);
      c->name = fcrm_stmt_dup_text (stmt, 1);
      c->company_id = fcrm_stmt_get_int64 (stmt, 2);
      c->company = fcrm_stmt_dup_text (stmt, 3);
      c->created_at = fcrm_stmt_get_int64 (stmt, 4);
      g_ptr_array_add (page, c);
      g_hash_table_insert (by_id, &c->id, c);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  if (page->len == 0)
    return g_steal_pointer (&page);

  first = ((FcrmContact *) g_ptr_array_index (page, 0))->id;
  last = ((FcrmContact *) g_ptr_array_index (page, page->len - 1))->id;
  if (!gather (self, "SELECT contact_id, phone FROM contact_phones WHERE contact_id >= ? AND contact_id <= ? "
                     "ORDER BY contact_id, id",
               first, last, by_id, G_STRUCT_OFFSET (FcrmContact, phones), TRUE, error) ||
      !gather (self, "SELECT contact_id, email FROM contact_emails WHERE contact_id >= ? AND contact_id <= ? "
                     "ORDER BY contact_id, id",
               first, last, by_id, G_STRUCT_OFFSET (FcrmContact, emails), TRUE, error) ||
      !gather (self, "SELECT contact_id, id FROM leads WHERE contact_id >= ? AND contact_id <= ? ORDER BY contact_id, id",
               first, last, by_id, G_STRUCT_OFFSET (FcrmContact, leads), FALSE, error) ||
      !gather (self, "SELECT contact_id, id FROM deals WHERE contact_id >= ? AND contact_id <= ? ORDER BY contact_id, id",
               first, last, by_id, G_STRUCT_OFFSET (FcrmContact, deals), FALSE, error))
    return NULL;
  return g_steal_pointer (&page);
}

/* The digits of @query when it reads as (part of) a phone number. */
static char *
phone_digits (const char *query)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = query; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr (" +-().", *p) == NULL)
        return (g_string_free (digits, TRUE), NULL);
    }
  if (digits->len < 3)
    return (g_string_free (digits, TRUE), NULL);
  return g_string_free (digits, FALSE);
}

static gboolean
contains_folded (const char *text,
                 const char *folded_query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_query) != NULL;
}

static gboolean
matches (FcrmContact *c,
         const char  *folded_query,
         const char  *digits)
{
  if (contains_folded (c->name, folded_query))
    return TRUE;
  for (guint i = 0; i < c->emails->len; i++)
    if (contains_folded (g_ptr_array_index (c->emails, i), folded_query))
      return TRUE;
  for (guint i = 0; digits != NULL && i < c->phones->len; i++)
    {
      g_autofree char *phone = phone_digits (g_ptr_array_index (c->phones, i));

      if (phone != NULL && strstr (phone, digits) != NULL)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
fcrm_crm_contact_page (FcrmCrm    *self,
                       const char *query,
                       gint64      after_id,
                       guint       limit,
                       GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (query == NULL || *query == '\0')
    return read_page (self, after_id, limit, error);
  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The search text is not valid UTF-8 text."));
      return NULL;
    }
  folded = g_utf8_casefold (query, -1);
  digits = phone_digits (query);
  found = g_ptr_array_new_with_free_func (g_object_unref);
  while (found->len < limit)
    {
      g_autoptr(GPtrArray) page = read_page (self, after_id, SCAN_PAGE, error);

      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len && found->len < limit; i++)
        {
          FcrmContact *c = g_ptr_array_index (page, i);

          if (matches (c, folded, digits))
            g_ptr_array_add (found, g_object_ref (c));
        }
      if (page->len < SCAN_PAGE)
        break;
      after_id = ((FcrmContact *) g_ptr_array_index (page, page->len - 1))->id;
    }
  return g_steal_pointer (&found);
}
