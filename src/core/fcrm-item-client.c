#define G_LOG_DOMAIN "fcrm-item-client"

/* Who a lead or deal is about (issue 11): the card's "Change client…" and
 * "New contact", and `deal set ID contact_id N`. One transaction: the item
 * locked and its version checked, the contact and company checked, the link
 * written, and a line on the card's timeline saying who changed it to whom. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-clients.h"
#include "fcrm-crm-private.h"
#include "fcrm-field.h"
#include "fcrm-store.h"

/* The name and company of contact @id; FCRM_ERROR_INVALID_INPUT when there is none. */
static gboolean
read_contact (FcrmCrm  *self,
              gint64    id,
              char    **out_name,
              gint64   *out_company,
              GError  **error)
{
  GError *local = NULL;
  gboolean found = FALSE;
  FcrmStmt *stmt = fcrm_store_prepare (self->store, "SELECT name, company_id FROM contacts WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  if (fcrm_stmt_step (stmt, &local))
    {
      found = TRUE;
      *out_name = fcrm_stmt_dup_text (stmt, 0);
      *out_company = fcrm_stmt_get_int64 (stmt, 1);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (!found)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                 _("There is no contact #%" PRId64 "; choose one from the list."), id);
  return found;
}

static gboolean
check_company (FcrmCrm *self,
               gint64   id,
               GError **error)
{
  GError *local = NULL;
  gboolean found;
  FcrmStmt *stmt = fcrm_store_prepare (self->store, "SELECT 1 FROM companies WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  found = fcrm_stmt_step (stmt, &local);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (!found)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                 _("There is no company #%" PRId64 "; choose one from the list."), id);
  return found;
}

/* The version the editor read (or -1) is the item's as it is now. */
static gboolean
check_version (FcrmItem *item,
               gint64    expected_version,
               GError  **error)
{
  if (expected_version < 0 || item->version == expected_version)
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
               item->type == FCRM_ENTITY_LEAD
               ? _("Someone else changed the lead “%s” meanwhile; reload it and try again.")
               : _("Someone else changed the deal “%s” meanwhile; reload it and try again."), item->title);
  return FALSE;
}

/* The timeline's line: a comment of the person who changed it. */
static gboolean
record_change (FcrmCrm    *self,
               FcrmItem   *item,
               const char *new_name,
               gint64      now,
               GError    **error)
{
  const char *old_name = fcrm_item_get_client (item);
  g_autofree char *text = NULL;
  FcrmStmt *stmt;

  if (old_name != NULL && *old_name != '\0' && new_name != NULL)
    text = g_strdup_printf (_("Client changed from %s to %s."), old_name, new_name);
  else if (new_name != NULL)
    text = g_strdup_printf (_("Client set: %s."), new_name);
  else
    text = g_strdup_printf (_("Client removed (was %s)."), old_name != NULL ? old_name : "—");

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (item->type));
  fcrm_stmt_bind_int64 (stmt, 2, item->id);
  fcrm_stmt_bind_id (stmt, 3, self->actor != NULL ? self->actor->id : 0);
  fcrm_stmt_bind_text (stmt, 4, text);
  fcrm_stmt_bind_int64 (stmt, 5, now);
  return fcrm_stmt_run (stmt, error);
}

/* Inside a transaction: link the locked @item to @contact_id / @company_id as
 * fcrm_crm_item_set_client() takes them. */
static gboolean
link_client (FcrmCrm  *self,
             FcrmItem *item,
             gint64    contact_id,
             gint64    company_id,
             gint64    expected_version,
             gint64    now,
             GError  **error)
{
  g_autofree char *contact_name = NULL;
  gint64 contact_company = 0;
  GError *local = NULL;
  FcrmStmt *stmt;
  int changes;

  if (!check_version (item, expected_version, error))
    return FALSE;
  if (contact_id < 0)
    contact_id = item->contact_id;
  if (contact_id > 0 && !read_contact (self, contact_id, &contact_name, &contact_company, error))
    return FALSE;
  if (company_id < 0)
    company_id = contact_company;
  if (company_id > 0 && !check_company (self, company_id, error))
    return FALSE;
  if (contact_id == item->contact_id && company_id == item->company_id)
    return TRUE;

  stmt = fcrm_store_prepare (self->store,
                             item->type == FCRM_ENTITY_LEAD
                             ? "UPDATE leads SET contact_id = ?, company_id = ?, updated = updated + 1, updated_at = ? WHERE id = ?"
                             : "UPDATE deals SET contact_id = ?, company_id = ?, updated = updated + 1, updated_at = ? WHERE id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_id (stmt, 1, contact_id);
  fcrm_stmt_bind_id (stmt, 2, company_id);
  fcrm_stmt_bind_int64 (stmt, 3, now);
  fcrm_stmt_bind_int64 (stmt, 4, item->id);
  fcrm_stmt_step (stmt, &local);
  changes = fcrm_stmt_changes (stmt);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (changes == 0)
    {
      /* the office server let us read it, not write it */
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("You may not change the client of “%s”."), item->title);
      return FALSE;
    }
  if (contact_id == item->contact_id)
    return TRUE;    /* only the company changed: the client's name is the same */
  return record_change (self, item, contact_name, now, error);
}

gboolean
fcrm_crm_item_set_client (FcrmCrm        *self,
                          FcrmEntityType  type,
                          gint64          id,
                          gint64          contact_id,
                          gint64          company_id,
                          gint64          expected_version,
                          GError        **error)
{
  g_autoptr(FcrmItem) item = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  item = fcrm_crm_lock_item (self, type, id, error);
  ok = item != NULL &&
       link_client (self, item, contact_id, company_id, expected_version, fcrm_clock_now (self->clock), error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_item_set_new_contact (FcrmCrm        *self,
                               FcrmEntityType  type,
                               gint64          id,
                               const char     *name,
                               const char     *phone,
                               gint64          expected_version,
                               gint64         *out_contact_id,
                               GError        **error)
{
  g_auto(FcrmFieldValue) name_value = { 0 };
  g_auto(FcrmFieldValue) phone_value = { 0 };
  g_autoptr(FcrmItem) item = NULL;
  gint64 now, contact = 0;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_field_parse (self, FCRM_FIELD_REQUIRED_TEXT, _("Name"), name, _("A contact needs a name."),
                         &name_value, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_PHONE, _("Phone"), phone, NULL, &phone_value, error))
    return FALSE;

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  now = fcrm_clock_now (self->clock);
  item = fcrm_crm_lock_item (self, type, id, error);
  /* the version first: a conflict makes no contact */
  ok = item != NULL && check_version (item, expected_version, error) &&
       fcrm_crm_insert_contact (self, name_value.text, phone_value.is_null ? NULL : phone_value.text, NULL,
                                item->company_id, now, &contact, error) &&
       link_client (self, item, contact, item->company_id, -1, now, error);
  if (ok && out_contact_id != NULL)
    *out_contact_id = contact;
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_item_set_client_field (FcrmCrm        *self,
                                FcrmEntityType  type,
                                gint64          id,
                                const char     *field,
                                const char     *value,
                                gint64          expected_version,
                                GError        **error)
{
  gboolean company = g_strcmp0 (field, "company_id") == 0;
  g_autofree char *text = g_strstrip (g_strdup (value != NULL ? value : ""));
  guint64 number = 0;

  g_assert (company || g_strcmp0 (field, "contact_id") == 0);

  if (*text != '\0' && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &number, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   company ? _("“%s” is not a company number; give its id, or nothing for none.")
                           : _("“%s” is not a contact number; give its id, or nothing for none."), text);
      return FALSE;
    }
  /* a new contact brings their company; a new company keeps the contact */
  return fcrm_crm_item_set_client (self, type, id, company ? -1 : (gint64) number, company ? (gint64) number : -1,
                                   expected_version, error);
}
