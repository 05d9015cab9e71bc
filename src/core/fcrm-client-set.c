#define G_LOG_DOMAIN "fcrm-client-set"

/* Editing one field of a contact or company card, with conflict detection
 * (the `updated` counter the editor read), as the item card does. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-clients-private.h"

/* -1: refused; 0: empty (none); 1: text to check */
static int
parse_code (const char     *input,
            const char     *name,
            FcrmFieldValue *out,
            GError        **error)
{
  if (!fcrm_field_parse (NULL, FCRM_FIELD_SHORT_TEXT, name, input, NULL, out, error))
    return -1;
  return out->is_null ? 0 : 1;
}

gboolean
fcrm_client_parse_inn (const char     *input,
                       FcrmFieldValue *out,
                       GError        **error)
{
  gsize len;

  switch (parse_code (input, _("The INN"), out, error))
    {
    case -1: return FALSE;
    case 0: return TRUE;
    default: break;
    }
  len = strlen (out->text);
  for (const char *p = out->text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      len = 0;
  if (len != 10 && len != 12)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not an INN: it has 10 digits (a firm) or 12 (a person)."), out->text);
      return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_client_parse_kpp (const char     *input,
                       FcrmFieldValue *out,
                       GError        **error)
{
  gboolean ok;

  switch (parse_code (input, _("The KPP"), out, error))
    {
    case -1: return FALSE;
    case 0: return TRUE;
    default: break;
    }
  ok = strlen (out->text) == 9;
  for (int i = 0; ok && i < 9; i++)
    ok = g_ascii_isdigit (out->text[i]) || ((i == 4 || i == 5) && g_ascii_isupper (out->text[i]));
  if (!ok)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a KPP: it has 9 digits (the 5th and 6th may be capital letters)."), out->text);
      return FALSE;
    }
  return TRUE;
}

/* "kind:value, value, …" into checked points. */
static gboolean
parse_point_list (const char *text,
                  gboolean    phone,
                  GArray     *points,
                  GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *colon = strchr (part, ':');
      g_autofree char *kind = NULL;

      if (*part == '\0')
        continue;
      if (colon != NULL)
        {
          kind = g_strstrip (g_strndup (part, colon - part));
          part = colon + 1;
        }
      if (!fcrm_client_points_add (points, phone, part, kind, error))
        return FALSE;
    }
  return TRUE;
}

#define CONTACT_SET(col) \
  "UPDATE contacts SET " col " = ?, updated = updated + 1, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"
#define COMPANY_SET(col) \
  "UPDATE companies SET " col " = ?, updated = updated + 1, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"

#define TOUCH "UPDATE contacts SET updated = updated + ?, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"

typedef enum {
  PLAIN,     /* parsed by fcrm_field_parse, written by the statement */
  COMPANY,   /* a company's name → its id */
  PHONES,    /* the list replaces the contact's phones */
  EMAILS,
  INN,
  KPP,
} Special;

typedef struct
{
  const char    *field;
  FcrmFieldKind  kind;
  Special        special;
  const char    *sql;
} Field;

static const Field contact_fields[] = {
  { "name",     FCRM_FIELD_REQUIRED_TEXT, PLAIN,   CONTACT_SET ("name") },
  { "company",  FCRM_FIELD_SHORT_TEXT,    COMPANY, CONTACT_SET ("company_id") },
  { "address",  FCRM_FIELD_SHORT_TEXT,    PLAIN,   CONTACT_SET ("address") },
  { "birthday", FCRM_FIELD_DATE,          PLAIN,   CONTACT_SET ("birthday") },
  { "comment",  FCRM_FIELD_TEXT,          PLAIN,   CONTACT_SET ("comment") },
  /* the list is written apart; the row counts one change (bound: 1) */
  { "phones",   FCRM_FIELD_TEXT,          PHONES,  TOUCH },
  { "emails",   FCRM_FIELD_TEXT,          EMAILS,  TOUCH },
};

static const Field company_fields[] = {
  { "name",    FCRM_FIELD_REQUIRED_TEXT, PLAIN, COMPANY_SET ("name") },
  { "inn",     FCRM_FIELD_SHORT_TEXT,    INN,   COMPANY_SET ("inn") },
  { "kpp",     FCRM_FIELD_SHORT_TEXT,    KPP,   COMPANY_SET ("kpp") },
  { "address", FCRM_FIELD_SHORT_TEXT,    PLAIN, COMPANY_SET ("address") },
  { "comment", FCRM_FIELD_TEXT,          PLAIN, COMPANY_SET ("comment") },
};

static gboolean
client_set (FcrmCrm     *self,
            gboolean     company,
            gint64       id,
            const char  *field,
            const char  *text,
            gint64       expected_version,
            GError     **error)
{
  const Field *fields = company ? company_fields : contact_fields;
  guint n_fields = company ? G_N_ELEMENTS (company_fields) : G_N_ELEMENTS (contact_fields);
  g_auto(FcrmFieldValue) value = { 0 };
  g_autoptr(GArray) points = fcrm_client_points_new ();
  g_autofree char *name = NULL;
  const Field *f = NULL;
  gint64 now, version = 0;
  GError *local = NULL;
  gboolean ok, found = FALSE;
  int changes = 0;

  for (guint i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].field, field) == 0)
      f = &fields[i];
  if (f == NULL)
    {
      if (company)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                     _("A company has no field “%s”; use name, inn, kpp, address or comment."), field != NULL ? field : "");
      else
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                     _("A contact has no field “%s”; use name, company, address, birthday, comment, phones or emails."),
                     field != NULL ? field : "");
      return FALSE;
    }
  switch (f->special)
    {
    case INN:
      ok = fcrm_client_parse_inn (text, &value, error);
      break;
    case KPP:
      ok = fcrm_client_parse_kpp (text, &value, error);
      break;
    case PHONES:
    case EMAILS:
      ok = fcrm_field_parse (self, f->kind, field, text, NULL, &value, error) &&
           parse_point_list (value.text, f->special == PHONES, points, error);
      break;
    default:
      ok = fcrm_field_parse (self, f->kind, field, text,
                             company ? _("A company needs a name.") : _("A contact needs a name."), &value, error);
      break;
    }
  if (!ok)
    return FALSE;

  now = fcrm_clock_now (self->clock);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_store_lock_row (self->store, company ? "companies" : "contacts", id, error) &&
       fcrm_store_query_int (self->store,
                             company ? "SELECT updated FROM companies WHERE id = ?" : "SELECT updated FROM contacts WHERE id = ?",
                             &version, &found, error, "i", id);
  if (ok && !found)
    {
      if (company)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no company #%" PRId64 "."), id);
      else
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no contact #%" PRId64 "."), id);
      ok = FALSE;
    }
  if (ok && f->special == COMPANY && !value.is_null)
    {
      ok = fcrm_crm_company_find_or_add (self, value.text, now, &value.number, error);
      g_clear_pointer (&value.text, g_free);
    }
  if (ok && (expected_version < 0 || version == expected_version))
    {
      FcrmStmt *stmt = fcrm_store_prepare (self->store, f->sql, error);

      ok = stmt != NULL;
      if (ok)
        {
          if (f->special == PHONES || f->special == EMAILS)
            fcrm_stmt_bind_int64 (stmt, 1, 1);
          else if (value.is_null)
            fcrm_stmt_bind_null (stmt, 1);
          else if (f->special == COMPANY || f->kind == FCRM_FIELD_DATE)
            fcrm_stmt_bind_int64 (stmt, 1, value.number);
          else
            fcrm_stmt_bind_text (stmt, 1, value.text);
          fcrm_stmt_bind_int64 (stmt, 2, now);
          fcrm_stmt_bind_int64 (stmt, 3, id);
          fcrm_stmt_bind_int64 (stmt, 4, expected_version);
          fcrm_stmt_bind_int64 (stmt, 5, expected_version);
          fcrm_stmt_step (stmt, &local);
          changes = fcrm_stmt_changes (stmt);
          fcrm_stmt_reset (stmt);
          if (local != NULL)
            ok = (g_propagate_error (error, local), FALSE);
        }
    }
  if (ok && changes == 0)
    {
      name = fcrm_store_query_text (self->store,
                                    company ? "SELECT name FROM companies WHERE id = ?"
                                            : "SELECT name FROM contacts WHERE id = ?", NULL, "i", id);
      if (company)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                     _("Someone else changed the company “%s” meanwhile; reload it and try again."), name);
      else
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                     _("Someone else changed the contact “%s” meanwhile; reload it and try again."), name);
      ok = FALSE;
    }
  if (ok && (f->special == PHONES || f->special == EMAILS))
    ok = fcrm_store_run (self->store,
                         f->special == PHONES ? "DELETE FROM contact_phones WHERE contact_id = ?"
                                              : "DELETE FROM contact_emails WHERE contact_id = ?", error, "i", id) &&
         fcrm_client_points_write (self, id, f->special == PHONES, points, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_contact_set (FcrmCrm    *self,
                      gint64      id,
                      const char *field,
                      const char *value,
                      gint64      expected_version,
                      GError    **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return client_set (self, FALSE, id, field, value, expected_version, error);
}

gboolean
fcrm_crm_company_set (FcrmCrm    *self,
                      gint64      id,
                      const char *field,
                      const char *value,
                      gint64      expected_version,
                      GError    **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return client_set (self, TRUE, id, field, value, expected_version, error);
}
