#define G_LOG_DOMAIN "fcrm-money"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "fcrm-error.h"
#include "fcrm-money.h"

/* 10^15 kopecks: far above any furniture order, far below gint64 overflow. */
#define MONEY_MAX G_GINT64_CONSTANT (1000000000000000)

static gboolean
is_group_space (const char *p,
                gsize      *len)
{
  /* space, no-break space (U+00A0), apostrophe; narrow no-break (U+202F),
   * thin (U+2009) and figure (U+2007) spaces, as spreadsheets group digits */
  if (*p == ' ' || *p == '\'')
    return (*len = 1), TRUE;
  if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
    return (*len = 2), TRUE;
  if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 &&
      ((guchar) p[2] == 0xAF || (guchar) p[2] == 0x89 || (guchar) p[2] == 0x87))
    return (*len = 3), TRUE;
  return FALSE;
}

/* Roubles as people write them before or after the number, lower case
 * (the text is compared lowered); the longer spellings first. */
static const char * const rouble_marks[] = {
  "₽", "рублей", "рубля", "рубль", "руб.", "руб", "р.", "р", "rub.", "rub", "rur", NULL,
};

/* The length of the space of any kind at @p (0: none). */
static gsize
space_at (const char *p)
{
  if (*p == ' ' || *p == '\t')
    return 1;
  if (g_str_has_prefix (p, "\u00A0"))
    return 2;
  if (g_str_has_prefix (p, "\u202F") || g_str_has_prefix (p, "\u2009") || g_str_has_prefix (p, "\u2007"))
    return 3;
  return 0;
}

/* @text without the spaces of any kind at its end, in place. */
static void
chop_spaces (char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gsize n = text[len - 1] == ' ' || text[len - 1] == '\t' ? 1 : len >= 2 && space_at (text + len - 2) == 2 ? 2
                : len >= 3 && space_at (text + len - 3) == 3 ? 3 : 0;

      if (n == 0)
        break;
      len -= n;
      text[len] = '\0';
    }
}

/* @text (lowered) without a rouble mark before or after the number: "150
 * 000 руб.", "1500 ₽", "RUB 1500". The mark must stand apart from letters:
 * what is left has to end (or start) with a digit. */
static char *
without_currency (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  g_strstrip (lower);
  for (guint i = 0; rouble_marks[i] != NULL; i++)
    {
      gsize n = strlen (rouble_marks[i]);
      gsize len = strlen (lower);

      if (len <= n)
        continue;
      if (g_str_has_suffix (lower, rouble_marks[i]))
        {
          g_autofree char *rest = g_strndup (lower, len - n);

          chop_spaces (rest);
          if (*rest != '\0' && g_ascii_isdigit (rest[strlen (rest) - 1]))
            return g_steal_pointer (&rest);
        }
      if (g_str_has_prefix (lower, rouble_marks[i]))
        {
          const char *rest = lower + n;

          for (gsize sp; (sp = space_at (rest)) > 0;)
            rest += sp;
          if (g_ascii_isdigit (*rest) || *rest == '-')
            return g_strdup (rest);
        }
    }
  return g_steal_pointer (&lower);
}

typedef enum { AMOUNT_OK, AMOUNT_MALFORMED, AMOUNT_TOO_LARGE } AmountResult;

/* Digits with optional group spaces and up to two decimals, no sign. */
static AmountResult
parse_magnitude (const char *p,
                 gint64     *out_minor)
{
  gint64 units = 0;
  int frac_digits = 0;
  gint64 frac = 0;
  gboolean seen_digit = FALSE;
  gboolean in_fraction = FALSE;

  while (*p != '\0')
    {
      gsize len = 0;

      if (g_ascii_isdigit (*p))
        {
          int digit = *p - '0';

          seen_digit = TRUE;
          if (in_fraction)
            {
              if (++frac_digits > 2)
                return AMOUNT_MALFORMED;
              frac = frac * 10 + digit;
            }
          else
            {
              units = units * 10 + digit;
              /* checked at every digit: twenty nines never get near gint64 */
              if (units > MONEY_MAX / 100)
                return AMOUNT_TOO_LARGE;
            }
          p++;
        }
      else if ((*p == '.' || *p == ',') && !in_fraction && seen_digit)
        {
          in_fraction = TRUE;
          p++;
        }
      else if (!in_fraction && seen_digit && is_group_space (p, &len))
        {
          p += len;
          /* a group separator must be followed by a digit */
          if (!g_ascii_isdigit (*p))
            return AMOUNT_MALFORMED;
        }
      else
        return AMOUNT_MALFORMED;
    }

  if (!seen_digit || (in_fraction && frac_digits == 0))
    return AMOUNT_MALFORMED;
  if (frac_digits == 1)
    frac *= 10;
  *out_minor = units * 100 + frac;
  return *out_minor > MONEY_MAX ? AMOUNT_TOO_LARGE : AMOUNT_OK;
}

gboolean
fcrm_money_parse (const char *text,
                  gint64     *out_minor,
                  GError    **error)
{
  g_autofree char *copy = NULL;
  const char *digits;
  gboolean minus = FALSE;
  gint64 minor = 0;
  AmountResult result;

  g_return_val_if_fail (out_minor != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    goto malformed;
  /* Roubles named before or after the number are what people paste from
   * invoices and spreadsheets: "150 000,00 ₽", "1 500 руб.", "RUB 1500". */
  copy = without_currency (text);
  g_strstrip (copy);
  /* a minus, ASCII or the one our display uses (U+2212) */
  digits = copy;
  if (*digits == '-')
    minus = TRUE, digits++;
  else if (g_str_has_prefix (digits, "\u2212"))
    minus = TRUE, digits += strlen ("\u2212");

  result = parse_magnitude (digits, &minor);
  if (result == AMOUNT_MALFORMED)
    goto malformed;
  /* "-0" and "-0.00" are zero, not a negative amount: accepted as 0, the
   * same through the CLI, the intake (text or JSON number) and the GUI,
   * which all parse here. Any other minus is refused, however large. */
  if (minus && (result == AMOUNT_TOO_LARGE || minor != 0))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The amount “%s” is negative; a budget must be zero or more."), text);
      return FALSE;
    }
  if (result == AMOUNT_TOO_LARGE)
    {
      g_autofree char *max = fcrm_money_format_display (MONEY_MAX);

      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The amount “%s” is too large: a budget is at most %s."), text, max);
      return FALSE;
    }
  *out_minor = minor;
  return TRUE;

malformed:
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("“%s” is not an amount of money; write it like 250000, 250000.50 or 250 000,50."),
               text != NULL ? text : "");
  return FALSE;
}

char *
fcrm_money_format_plain (gint64 minor)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d",
                          minor < 0 ? "-" : "",
                          ABS (minor) / 100, (int) (ABS (minor) % 100));
}

char *
fcrm_money_format_display (gint64 minor)
{
  struct lconv *lc = localeconv ();
  /* The C locale has no grouping; a narrow no-break space reads well everywhere. */
  const char *group = (lc->thousands_sep != NULL && *lc->thousands_sep) ? lc->thousands_sep : "\u202F";
  const char *point = (lc->decimal_point != NULL && *lc->decimal_point) ? lc->decimal_point : ".";
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (minor) / 100);
  GString *out = g_string_new (minor < 0 ? "−" : "");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, digits[i]);
    }
  if (ABS (minor) % 100 != 0)
    g_string_append_printf (out, "%s%02d", point, (int) (ABS (minor) % 100));
  g_string_append (out, "\u00A0₽");
  return g_string_free (out, FALSE);
}
