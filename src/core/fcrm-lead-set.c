#define G_LOG_DOMAIN "fcrm-lead-set"

/* Editing one field of a lead from its card, with conflict detection, and the
 * "incoming call" action of the GUI. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"
#include "fcrm-phone.h"

typedef enum { TEXT, REQUIRED_TEXT, SHORT_TEXT, PHONE, EMAIL, MONEY, USER, SOURCE } FieldKind;

#define SET(col) "UPDATE leads SET " col " = ?, updated = updated + 1, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"

static const struct { const char *field; FieldKind kind; const char *sql; const char *norm_sql; } fields[] = {
  { "title",       REQUIRED_TEXT, SET ("title"), NULL },
  { "name",        SHORT_TEXT,    SET ("name"), NULL },
  { "phone",       PHONE,         SET ("phone"), "UPDATE leads SET phone_norm = ? WHERE id = ?" },
  { "email",       EMAIL,         SET ("email"), "UPDATE leads SET email_norm = ? WHERE id = ?" },
  { "company",     SHORT_TEXT,    SET ("company_name"), NULL },
  { "comment",     TEXT,          SET ("comment"), NULL },
  { "budget",      MONEY,         SET ("budget"), NULL },
  { "responsible", USER,          SET ("responsible_id"), NULL },
  { "source",      SOURCE,        SET ("source"), NULL },
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
                   const char *value,
                   gint64      expected_version,
                   GError    **error)
{
  g_autofree char *v = g_strstrip (g_strdup (value != NULL ? value : ""));
  g_autofree char *norm = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  gint64 number = 0;
  gboolean is_null = *v == '\0';
  gboolean ok;
  FcrmStmt *stmt;
  guint f;
  int changes = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  for (f = 0; f < G_N_ELEMENTS (fields); f++)
    if (g_strcmp0 (fields[f].field, field) == 0)
      break;
  if (f == G_N_ELEMENTS (fields))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A lead has no field “%s”; use title, name, phone, email, company, comment, budget, responsible or source."),
                   field != NULL ? field : "");
      return FALSE;
    }
  if (!g_utf8_validate (v, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("%s is not valid UTF-8 text."), field);
      return FALSE;
    }

  switch (fields[f].kind)
    {
    case REQUIRED_TEXT:
      if (is_null)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("A lead needs a title."));
          return FALSE;
        }
      G_GNUC_FALLTHROUGH;
    case SHORT_TEXT:
    case TEXT:
      {
        glong max = fields[f].kind == TEXT ? 20000 : fields[f].kind == REQUIRED_TEXT ? 500 : 200;
        if (g_utf8_strlen (v, -1) > max)
          {
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                         _("%s is too long: at most %ld characters."), field, max);
            return FALSE;
          }
      }
      break;
    case PHONE:
      if (!is_null && !fcrm_phone_validate (v, error))
        return FALSE;
      norm = is_null ? NULL : fcrm_phone_normalize (v);
      break;
    case EMAIL:
      if (!is_null && !fcrm_email_validate (v, error))
        return FALSE;
      norm = is_null ? NULL : fcrm_email_normalize (v);
      break;
    case MONEY:
      if (!is_null && !fcrm_money_parse (v, &number, error))
        return FALSE;
      is_null = FALSE;
      break;
    case USER:
      if (!is_null)
        {
          g_autoptr(FcrmUser) u = fcrm_crm_find_user (self, v, error);
          if (u == NULL)
            return FALSE;
          if (!u->active)
            {
              g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                           _("%s no longer works here; choose an active user."), u->name);
              return FALSE;
            }
          number = u->id;
        }
      break;
    case SOURCE:
      if (!fcrm_source_is_valid (v))
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                       _("“%s” is not a lead source; use call, webform, email, walkin or other."), v);
          return FALSE;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  lead = fcrm_crm_lead_get (self, id, error);
  if (lead == NULL)
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store, fields[f].sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      GError *local = NULL;

      if (is_null)
        fcrm_stmt_bind_null (stmt, 1);
      else if (fields[f].kind == MONEY || fields[f].kind == USER)
        fcrm_stmt_bind_int64 (stmt, 1, number);
      else
        fcrm_stmt_bind_text (stmt, 1, v);
      fcrm_stmt_bind_int64 (stmt, 2, fcrm_clock_now (self->clock));
      fcrm_stmt_bind_int64 (stmt, 3, id);
      fcrm_stmt_bind_int64 (stmt, 4, expected_version);
      fcrm_stmt_bind_int64 (stmt, 5, expected_version);
      fcrm_stmt_step (stmt, &local);
      changes = fcrm_stmt_changes (stmt);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
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
          fcrm_stmt_bind_text (stmt, 1, norm);
          fcrm_stmt_bind_int64 (stmt, 2, id);
          ok = fcrm_stmt_run (stmt, error) && relink_contact (self, id, error);
        }
    }
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_incoming_call (FcrmCrm          *self,
                        const char       *phone,
                        FcrmCallResult   *result,
                        GError          **error)
{
  g_autofree char *norm = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;
  FcrmLeadInput input = { 0 };

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  *result = (FcrmCallResult) { 0 };
  if (phone == NULL || !fcrm_phone_validate (phone, error))
    return FALSE;
  norm = fcrm_phone_normalize (phone);

  /* a client we know: their contact, and their latest open lead if any */
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
  if (result->contact_id != 0 || result->lead_id != 0)
    return TRUE;

  input.phone = phone;
  input.source = "call";
  lead = fcrm_crm_lead_add (self, &input, error);
  if (lead == NULL)
    return FALSE;
  result->lead_id = lead->id;
  result->created = TRUE;
  return TRUE;
}
