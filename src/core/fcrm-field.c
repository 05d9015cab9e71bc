#define G_LOG_DOMAIN "fcrm-field"

#include <glib/gi18n-lib.h>

#include "fcrm-field.h"
#include "fcrm-money.h"
#include "fcrm-phone.h"

void
fcrm_field_value_clear (FcrmFieldValue *value)
{
  g_clear_pointer (&value->text, g_free);
  g_clear_pointer (&value->norm, g_free);
}

/* Control characters are stripped, not refused. They arrive by accident —
 * a name pasted with its line break, a telephone exchange padding a field,
 * a web form's tab — and mean nothing in a field of one line: refusing
 * would lose a lead that an intake hook cannot type again, while removing
 * them keeps what the person meant. Left in, a line break would split a
 * title across lines of "lead list" and an escape sequence could rewrite
 * the terminal showing it. Every way in (CLI, intake, GUI) passes here. */
char *
fcrm_text_sanitize (const char *text,
                    gboolean    multi_line)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (multi_line && (*p == '\n' || *p == '\t'))
        g_string_append_c (out, (char) *p);
      else if (multi_line && *p == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
        }
      else if (!multi_line && strchr ("\t\n\r\v\f", *p) != NULL)
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else if (*p < 0x20 || *p == 0x7f)
        continue;
      /* U+0080–U+009F: in UTF-8 a lead byte C2 never belongs to anything else */
      else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        p++;
      else
        g_string_append_c (out, (char) *p);
    }
  return g_string_free (out, FALSE);
}

gboolean
fcrm_field_check_lead_responsible (const FcrmUser *user,
                                   GError        **error)
{
  g_return_val_if_fail (user != NULL, FALSE);

  /* designers take part in deals; leads are worked by managers (and supervisors) */
  if (user->role != FCRM_ROLE_DESIGNER)
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
               _("%s is a designer and cannot be responsible for a lead; choose a manager."), user->name);
  return FALSE;
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  static const char * const yes[] = { "yes", "true", "1", "on", NULL };
  static const char * const no[] = { "no", "false", "0", "off", "", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (g_strv_contains (yes, lower))
    return (*out = TRUE), TRUE;
  if (g_strv_contains (no, lower))
    return (*out = FALSE), TRUE;
  return FALSE;
}

/* "Today" for words typed in a date field: the CRM's clock (tests, --at). */
static gint64
field_now (FcrmCrm *crm)
{
  return crm != NULL ? fcrm_clock_now (fcrm_crm_get_clock (crm)) : g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
fcrm_field_parse (FcrmCrm        *self,
                  FcrmFieldKind   kind,
                  const char     *name,
                  const char     *input,
                  const char     *required_message,
                  FcrmFieldValue *out,
                  GError        **error)
{
  const char *v;

  out->text = g_strstrip (fcrm_text_sanitize (input != NULL ? input : "", kind == FCRM_FIELD_TEXT));
  out->is_null = *out->text == '\0';
  out->number = 0;
  v = out->text;

  if (!g_utf8_validate (v, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("%s is not valid UTF-8 text."), name);
      return FALSE;
    }

  switch (kind)
    {
    case FCRM_FIELD_REQUIRED_TEXT:
      if (out->is_null)
        {
          g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, required_message);
          return FALSE;
        }
      G_GNUC_FALLTHROUGH;
    case FCRM_FIELD_SHORT_TEXT:
    case FCRM_FIELD_TEXT:
      {
        glong max = kind == FCRM_FIELD_TEXT ? 20000 : kind == FCRM_FIELD_REQUIRED_TEXT ? 500 : 200;

        if (g_utf8_strlen (v, -1) > max)
          {
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                         _("%s is too long: at most %ld characters."), name, max);
            return FALSE;
          }
      }
      return TRUE;
    case FCRM_FIELD_MONEY:
      out->is_null = FALSE;
      return *v == '\0' || fcrm_money_parse (v, &out->number, error);
    case FCRM_FIELD_DATE:
      return out->is_null || fcrm_date_parse_at (v, field_now (self), &out->number, error);
    case FCRM_FIELD_TIME:
      return out->is_null || fcrm_time_parse_at (v, field_now (self), &out->number, error);
    case FCRM_FIELD_BOOL:
      {
        gboolean b;

        if (!parse_bool (v, &b))
          {
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("“%s” is not yes or no."), v);
            return FALSE;
          }
        out->number = b;
        out->is_null = FALSE;
      }
      return TRUE;
    case FCRM_FIELD_USER:
    case FCRM_FIELD_LEAD_USER:
      if (!out->is_null)
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
          if (kind == FCRM_FIELD_LEAD_USER && !fcrm_field_check_lead_responsible (u, error))
            return FALSE;
          out->number = u->id;
        }
      return TRUE;
    case FCRM_FIELD_SOURCE:
      if (!fcrm_source_is_valid (v))
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                       _("“%s” is not a lead source; use call, webform, email, walkin or other."), v);
          return FALSE;
        }
      return TRUE;
    case FCRM_FIELD_PHONE:
      if (!out->is_null && !fcrm_phone_validate (v, error))
        return FALSE;
      out->norm = out->is_null ? NULL : fcrm_phone_normalize (v);
      return TRUE;
    case FCRM_FIELD_EMAIL:
      if (!out->is_null && !fcrm_email_validate (v, error))
        return FALSE;
      out->norm = out->is_null ? NULL : fcrm_email_normalize (v);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

int
fcrm_field_update (FcrmCrm              *self,
                   const char           *sql,
                   FcrmFieldKind         kind,
                   const FcrmFieldValue *value,
                   gint64                id,
                   gint64                expected_version,
                   GError              **error)
{
  FcrmStmt *stmt;
  GError *local = NULL;
  gboolean numeric = kind == FCRM_FIELD_MONEY || kind == FCRM_FIELD_DATE || kind == FCRM_FIELD_TIME ||
                     kind == FCRM_FIELD_BOOL || kind == FCRM_FIELD_USER || kind == FCRM_FIELD_LEAD_USER;
  int changes;

  /* on the office server a hand-over goes through the owner's function: the
   * giver may not see the item afterwards (fcrm-pg-security.c) */
  if ((kind == FCRM_FIELD_USER || kind == FCRM_FIELD_LEAD_USER) && fcrm_store_has_server_rules (self->store))
    {
      gint64 n = -1;

      if (!fcrm_store_query_int (self->store, "SELECT fcrm_hand_over (?, ?, ?, ?, ?)", &n, NULL, error, "siiii",
                                 kind == FCRM_FIELD_LEAD_USER ? "lead" : "deal", id,
                                 (gint64) (value->is_null ? 0 : value->number), fcrm_clock_now (self->clock),
                                 expected_version))
        return -1;
      return (int) n;
    }
  stmt = fcrm_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return -1;
  if (value->is_null)
    fcrm_stmt_bind_null (stmt, 1);
  else if (numeric)
    fcrm_stmt_bind_int64 (stmt, 1, value->number);
  else
    fcrm_stmt_bind_text (stmt, 1, value->text);
  fcrm_stmt_bind_int64 (stmt, 2, fcrm_clock_now (self->clock));
  fcrm_stmt_bind_int64 (stmt, 3, id);
  fcrm_stmt_bind_int64 (stmt, 4, expected_version);
  fcrm_stmt_bind_int64 (stmt, 5, expected_version);
  fcrm_stmt_step (stmt, &local);
  changes = fcrm_stmt_changes (stmt);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), -1;
  return changes;
}

char *
fcrm_text_fold (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* not UTF-8: the byte stays as it is */
          g_string_append_c (out, *p++);
          continue;
        }
      p = g_utf8_next_char (p);
      if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
      else if (c >= 0x0410 && c <= 0x042f)   /* А–Я */
        c += 0x20;
      else if (c == 0x0401 || c == 0x0451)   /* Ё, ё */
        c = 0x0435;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* "%text%" folded, with LIKE's own characters escaped (ESCAPE '\'). */
char *
fcrm_text_like_pattern (const char *text)
{
  g_autofree char *folded = fcrm_text_fold (text);
  GString *s = g_string_new ("%");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}
