#define G_LOG_DOMAIN "fcrm-phone"

#include <glib/gi18n-lib.h>

#include "fcrm-error.h"
#include "fcrm-phone.h"

char *
fcrm_phone_normalize (const char *text)
{
  GString *digits;

  if (text == NULL)
    return NULL;

  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  if (digits->len == 0)
    return g_string_free (digits, TRUE), NULL;
  /* 8 912 … is the domestic way of writing +7 912 … */
  if (digits->len == 11 && digits->str[0] == '8')
    digits->str[0] = '7';
  /* 912 345-67-89 typed without the country code */
  else if (digits->len == 10 && digits->str[0] == '9')
    g_string_prepend_c (digits, '7');
  return g_string_free (digits, FALSE);
}

gboolean
fcrm_phone_validate (const char *text,
                     GError    **error)
{
  guint n_digits = 0;

  if (text == NULL)
    goto bad;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n_digits++;
      else if (!strchr ("+()-. ", *p))
        goto bad;
    }
  if (n_digits >= 5 && n_digits <= 15)
    return TRUE;

bad:
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("“%s” is not a phone number; write it like +7 912 345-67-89."),
               text != NULL ? text : "");
  return FALSE;
}

char *
fcrm_phone_format (const char *text)
{
  g_autofree char *d = fcrm_phone_normalize (text);

  if (d == NULL)
    return g_strdup (text != NULL ? text : "");
  if (strlen (d) == 11 && d[0] == '7')
    return g_strdup_printf ("+7 %.3s %.3s-%.2s-%.2s", d + 1, d + 4, d + 7, d + 9);
  return g_strdup_printf ("+%s", d);
}

gboolean
fcrm_email_validate (const char *text,
                     GError    **error)
{
  const char *at;
  const char *dot;

  if (text == NULL || strlen (text) > 254 || !g_utf8_validate (text, -1, NULL))
    goto bad;
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      goto bad;
  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    goto bad;
  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strstr (at, "..") != NULL)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("“%s” is not an e-mail address; write it like name@example.com."),
               text != NULL ? text : "");
  return FALSE;
}

char *
fcrm_email_normalize (const char *text)
{
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  return g_utf8_casefold (trimmed, -1);
}
