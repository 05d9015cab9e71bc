#define G_LOG_DOMAIN "fcrm-lead-set"

/* Editing one field of a lead from its card, with conflict detection, and the
 * "incoming call" action of the GUI. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-field.h"
#include "fcrm-inbox.h"
#include "fcrm-phone.h"

#define SET(col) "UPDATE leads SET " col " = ?, updated = updated + 1, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"

static const struct { const char *field; FcrmFieldKind kind; const char *sql; const char *norm_sql; } fields[] = {
  { "title",       FCRM_FIELD_REQUIRED_TEXT, SET ("title"), NULL },
  { "name",        FCRM_FIELD_SHORT_TEXT,    SET ("name"), NULL },
  { "phone",       FCRM_FIELD_PHONE,         SET ("phone"), "UPDATE leads SET phone_norm = ? WHERE id = ?" },
  { "email",       FCRM_FIELD_EMAIL,         SET ("email"), "UPDATE leads SET email_norm = ? WHERE id = ?" },
  { "company",     FCRM_FIELD_SHORT_TEXT,    SET ("company_name"), NULL },
  { "comment",     FCRM_FIELD_TEXT,          SET ("comment"), NULL },
  { "budget",      FCRM_FIELD_MONEY,         SET ("budget"), NULL },
  { "responsible", FCRM_FIELD_LEAD_USER,     SET ("responsible_id"), NULL },
  { "source",      FCRM_FIELD_SOURCE,        SET ("source"), NULL },
  /* the project (SPEC §4), as on a deal; it goes with the lead into its deal */
  { "delivery_date",       FCRM_FIELD_DATE, SET ("delivery_date"), NULL },
  { "installation_date",   FCRM_FIELD_DATE, SET ("installation_date"), NULL },
  { "installation_needed", FCRM_FIELD_BOOL, SET ("installation_needed"), NULL },
  { "visit_at",            FCRM_FIELD_TIME, SET ("visit_at"), NULL },
  { "warranty_until",      FCRM_FIELD_DATE, SET ("warranty_until"), NULL },
  { "design",              FCRM_FIELD_TEXT, SET ("design"), NULL },
  { "project",             FCRM_FIELD_TEXT, SET ("project"), NULL },
  { "measurements",        FCRM_FIELD_TEXT, SET ("measurements"), NULL },
};

/* A changed phone or e-mail may reveal a returning client. */
static gboolean
relink_contact (FcrmCrm *self,
                gint64   id,
                GError **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "UPDATE leads SET contact_id = (SELECT p.contact_id FROM contact_phones p "
                                       "  WHERE p.phone_norm = leads.phone_norm UNION ALL SELECT e.contact_id "
                                       "  FROM contact_emails e WHERE e.email_norm = leads.email_norm LIMIT 1) "
                                       "WHERE id = ? AND contact_id IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  if (!fcrm_stmt_run (stmt, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store,
                             "UPDATE leads SET is_returning = 1 WHERE id = ? AND contact_id IS NOT NULL AND is_returning = 0",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  return fcrm_stmt_run (stmt, error);
}

gboolean
fcrm_crm_lead_set (FcrmCrm    *self,
                   gint64      id,
                   const char *field,
                   const char *value_text,
                   gint64      expected_version,
                   GError    **error)
{
  g_auto(FcrmFieldValue) value = { 0 };
  g_autoptr(FcrmItem) lead = NULL;
  gboolean ok;
  FcrmStmt *stmt;
  guint f;
  int changes = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  /* the client is a link to a card, not a text of the row */
  if (g_strcmp0 (field, "contact_id") == 0 || g_strcmp0 (field, "company_id") == 0)
    return fcrm_crm_item_set_client_field (self, FCRM_ENTITY_LEAD, id, field, value_text, expected_version, error);

  for (f = 0; f < G_N_ELEMENTS (fields); f++)
    if (g_strcmp0 (fields[f].field, field) == 0)
      break;
  if (f == G_N_ELEMENTS (fields))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A lead has no field “%s”; use title, name, phone, email, company, comment, budget, responsible, source, "
                     "delivery_date, installation_date, installation_needed, visit_at, warranty_until, design, project, "
                     "measurements, contact_id or company_id."),
                   field != NULL ? field : "");
      return FALSE;
    }
  if (!fcrm_field_parse (self, fields[f].kind, field, value_text, _("A lead needs a title."), &value, error))
    return FALSE;

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  lead = fcrm_crm_lock_item (self, FCRM_ENTITY_LEAD, id, error);
  ok = lead != NULL;
  /* the version is compared to the row as it is now: another editor's save
   * waits for ours or ours for theirs, and the later one finds it changed */
  if (ok && (expected_version < 0 || lead->version == expected_version))
    {
      changes = fcrm_field_update (self, fields[f].sql, fields[f].kind, &value, id, expected_version, error);
      ok = changes >= 0;
    }
  if (ok && changes == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                   _("Someone else changed the lead “%s” meanwhile; reload it and try again."), lead->title);
      ok = FALSE;
    }
  if (ok && fields[f].norm_sql != NULL)
    {
      stmt = fcrm_store_prepare (self->store, fields[f].norm_sql, error);
      ok = stmt != NULL;
      if (ok)
        {
          fcrm_stmt_bind_text (stmt, 1, value.norm);
          fcrm_stmt_bind_int64 (stmt, 2, id);
          ok = fcrm_stmt_run (stmt, error) && relink_contact (self, id, error);
        }
    }
  return fcrm_crm_finish (self, ok, error);
}

/* The contact with this number, and their latest open lead, if any. */
static gboolean
find_caller (FcrmCrm        *self,
             const char     *norm,
             FcrmCallResult *result,
             GError        **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store, "SELECT contact_id FROM contact_phones WHERE phone_norm = ? LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, norm);
  if (fcrm_stmt_step (stmt, &local))
    result->contact_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;

  stmt = fcrm_store_prepare (self->store,
                             "SELECT l.id FROM leads l JOIN stages s ON s.code = l.stage "
                             "WHERE l.phone_norm = ? AND s.kind = 'open' ORDER BY l.created_at DESC, l.id DESC LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, norm);
  if (fcrm_stmt_step (stmt, &local))
    result->lead_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

gboolean
fcrm_crm_incoming_call (FcrmCrm          *self,
                        const char       *phone,
                        FcrmCallResult   *result,
                        GError          **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *lock = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  *result = (FcrmCallResult) { 0 };
  if (phone == NULL || !fcrm_phone_validate (phone, error))
    return FALSE;
  norm = fcrm_phone_normalize (phone);
  lock = g_strconcat ("incoming call ", norm, NULL);

  /* looked up and registered in one transaction, the number locked: two
   * desktops taking the same new call at once make one lead */
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_store_lock_name (self->store, lock, error) && find_caller (self, norm, result, error);
  if (ok && result->contact_id == 0 && result->lead_id == 0)
    {
      lead = fcrm_crm_lead_add (self, &(FcrmLeadInput) { .phone = phone, .source = "call" }, error);
      ok = lead != NULL;
      if (ok)
        {
          result->lead_id = lead->id;
          result->created = TRUE;
        }
    }
  /* a known caller changes nothing */
  if (ok && !result->created)
    return fcrm_store_commit (self->store, error);
  if (!ok)
    *result = (FcrmCallResult) { 0 };
  return fcrm_crm_finish (self, ok, error);
}
