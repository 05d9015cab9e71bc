#define G_LOG_DOMAIN "fcrm-date"

/* Dates and times as people type them: ISO, the locale's short form, and
 * the words today, tomorrow, yesterday. See fcrm-clock.h. */

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "fcrm-clock.h"
#include "fcrm-error.h"

/* The locale's short date format with a four-digit year ("%d.%m.%Y",
 * "%m/%d/%Y"); "%d.%m.%Y" when the locale has none we can use. */
static char *
locale_date_format (void)
{
  const char *fmt = nl_langinfo (D_FMT);
  GString *out;

  if (fmt == NULL || strstr (fmt, "%d") == NULL || strstr (fmt, "%m") == NULL)
    return g_strdup ("%d.%m.%Y");
  out = g_string_new (fmt);
  g_string_replace (out, "%y", "%Y", 0);
  return g_string_free (out, FALSE);
}

/* Whether the locale writes the month first ("12/15/2026"). */
static gboolean
locale_month_first (void)
{
  g_autofree char *fmt = locale_date_format ();

  return strstr (fmt, "%m") < strstr (fmt, "%d");
}

static char *
format_local (gint64      unix_seconds,
              const char *time_part)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date_fmt = locale_date_format ();
  g_autofree char *fmt = NULL;

  if (unix_seconds == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (unix_seconds);
  if (dt == NULL)
    return g_strdup ("");
  fmt = g_strconcat (date_fmt, time_part, NULL);
  return g_date_time_format (dt, fmt);
}

char *
fcrm_time_format_local_date (gint64 unix_seconds)
{
  return format_local (unix_seconds, "");
}

char *
fcrm_time_format_local_time (gint64 unix_seconds)
{
  return format_local (unix_seconds, " %H:%M");
}

char *
fcrm_time_format_days_ago (gint64 unix_seconds,
                           gint64 now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) now_day = NULL;
  gint64 days;

  if (unix_seconds == 0)
    return g_strdup ("");
  then = g_date_time_new_from_unix_local (unix_seconds);
  today = g_date_time_new_from_unix_local (now);
  if (then == NULL || today == NULL)
    return g_strdup ("");
  /* whole days between the two local midnights (a DST change moves an hour) */
  day = g_date_time_new_local (g_date_time_get_year (then), g_date_time_get_month (then),
                               g_date_time_get_day_of_month (then), 12, 0, 0);
  now_day = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                   g_date_time_get_day_of_month (today), 12, 0, 0);
  days = (g_date_time_difference (now_day, day) + G_TIME_SPAN_HOUR * 2) / G_TIME_SPAN_DAY;
  if (days == 0)
    return g_strdup (C_("last activity", "today"));
  if (days == 1)
    return g_strdup (C_("last activity", "yesterday"));
  if (days > 1 && days < 7)
    return g_strdup_printf (ngettext ("%d day ago", "%d days ago", (gulong) days), (int) days);
  return fcrm_time_format_local_date (unix_seconds);
}

/* A relative word's day offset, or G_MININT when @word is none. English and
 * Russian always (the product's two languages), plus the translation in use. */
static int
relative_day (const char *word)
{
  static const struct { const char *word; int days; } words[] = {
    { "today", 0 }, { "tomorrow", 1 }, { "yesterday", -1 },
    { "сегодня", 0 }, { "завтра", 1 }, { "вчера", -1 }, { "послезавтра", 2 },
  };
  g_autofree char *folded = g_utf8_casefold (word, -1);
  const struct { const char *word; int days; } translated[] = {
    /* Translators: typed in a date field for the current day, in lower case */
    { C_("date entry", "today"), 0 },
    /* Translators: typed in a date field for the next day, in lower case */
    { C_("date entry", "tomorrow"), 1 },
    /* Translators: typed in a date field for the day before, in lower case */
    { C_("date entry", "yesterday"), -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (folded, words[i].word) == 0)
      return words[i].days;
  for (gsize i = 0; i < G_N_ELEMENTS (translated); i++)
    {
      g_autofree char *t = g_utf8_casefold (translated[i].word, -1);

      if (g_strcmp0 (folded, t) == 0)
        return translated[i].days;
    }
  return G_MININT;
}

static gboolean
all_digits (const char *s,
            gsize       min_len,
            gsize       max_len)
{
  gsize n = strlen (s);

  if (n < min_len || n > max_len)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* A date part to year, month, day; FALSE when it is none. */
static gboolean
parse_date_part (const char *text,
                 gint64      now,
                 int        *y,
                 int        *m,
                 int        *d)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_auto(GStrv) parts = NULL;
  int days;
  char sep;

  if (today == NULL)
    return FALSE;
  days = relative_day (text);
  if (days != G_MININT)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, days);

      g_date_time_get_ymd (day, y, m, d);
      return TRUE;
    }

  sep = strchr (text, '-') ? '-' : strchr (text, '.') ? '.' : strchr (text, '/') ? '/' : 0;
  if (sep == 0)
    return FALSE;
  parts = g_strsplit (text, (char[]) { sep, 0 }, -1);
  if (sep == '-')
    {
      /* ISO: year first, always four digits. */
      if (g_strv_length (parts) != 3 || !all_digits (parts[0], 4, 4)
          || !all_digits (parts[1], 1, 2) || !all_digits (parts[2], 1, 2))
        return FALSE;
      *y = atoi (parts[0]);
      *m = atoi (parts[1]);
      *d = atoi (parts[2]);
    }
  else
    {
      guint n = g_strv_length (parts);
      gboolean month_first = sep == '/' && locale_month_first ();

      /* "15.12" and "15.12." mean this year. */
      if (n == 3 && parts[2][0] == '\0' && sep == '.')
        n = 2;
      if ((n != 2 && n != 3) || !all_digits (parts[0], 1, 2) || !all_digits (parts[1], 1, 2))
        return FALSE;
      *d = atoi (parts[month_first ? 1 : 0]);
      *m = atoi (parts[month_first ? 0 : 1]);
      if (n == 2)
        *y = g_date_time_get_year (today);
      else if (all_digits (parts[2], 4, 4))
        *y = atoi (parts[2]);
      else if (all_digits (parts[2], 2, 2))
        /* as POSIX strptime's %y: 69–99 are 1969–1999, 00–68 are 2000–2068 */
        *y = atoi (parts[2]) >= 69 ? 1900 + atoi (parts[2]) : 2000 + atoi (parts[2]);
      else
        return FALSE;
    }
  return *y >= 1 && *y <= 9999 && *m >= 1 && *m <= 12 && *d >= 1
         && g_date_valid_dmy (*d, *m, *y);
}

/* "14:30" or "14:30:15" to hours, minutes and seconds. */
static gboolean
parse_time_part (const char *text,
                 int        *h,
                 int        *min,
                 int        *sec)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);

  if (n < 2 || n > 3 || !all_digits (parts[0], 1, 2) || !all_digits (parts[1], 2, 2)
      || (n == 3 && !all_digits (parts[2], 2, 2)))
    return FALSE;
  *h = atoi (parts[0]);
  *min = atoi (parts[1]);
  *sec = n == 3 ? atoi (parts[2]) : 0;
  return *h <= 23 && *min <= 59 && *sec <= 59;
}

/* An ISO moment with an offset ("2026-01-10T09:00:00+03:00", "…Z"). */
static gboolean
parse_iso_with_offset (const char *text,
                       gint64     *out_unix)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  const char *t = strchr (text, 'T');

  if (t == NULL || (strchr (t, '+') == NULL && strchr (t, 'Z') == NULL
                    && strchr (t + 1, '-') == NULL))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, local);
  if (dt == NULL)
    return FALSE;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
parse_moment (const char *text,
              gint64      now,
              gboolean    allow_time,
              gint64     *out_unix)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GDateTime) dt = NULL;
  int y = 0, m = 0, d = 0, h = 0, min = 0, sec = 0;
  char *date_part = copy, *time_part = NULL;
  char *split;

  if (*copy == '\0')
    return FALSE;
  if (allow_time && parse_iso_with_offset (copy, out_unix))
    return TRUE;

  /* The date and the time are apart by a space, a comma or an ISO "T". */
  split = strpbrk (copy, " ,");
  if (split == NULL)
    {
      split = strchr (copy, 'T');
      if (split != NULL && (split == copy || !g_ascii_isdigit (split[-1])))
        split = NULL;
    }
  if (split != NULL)
    {
      *split = '\0';
      time_part = g_strstrip (split + 1);
      while (*time_part == ',' || *time_part == ' ')
        time_part++;
      /* "завтра в 10:00", "tomorrow at 10:00" */
      for (const char *const *w = (const char *const[]) { "в ", "at ", NULL }; *w; w++)
        if (g_str_has_prefix (time_part, *w))
          time_part = g_strstrip (time_part + strlen (*w));
      g_strstrip (date_part);
    }
  else if (strchr (copy, ':') != NULL)
    {
      time_part = copy;
      date_part = NULL;
    }

  if (time_part != NULL && (!allow_time || !parse_time_part (time_part, &h, &min, &sec)))
    return FALSE;
  if (date_part == NULL)
    {
      g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);

      if (today == NULL)
        return FALSE;
      g_date_time_get_ymd (today, &y, &m, &d);
    }
  else if (!parse_date_part (date_part, now, &y, &m, &d))
    return FALSE;

  dt = g_date_time_new_local (y, m, d, h, min, sec);
  if (dt == NULL)
    return FALSE;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;
}

/* 15 December of the current year, as the locale writes it: the example in errors. */
static char *
example (gint64   now,
         gboolean with_time)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) sample = g_date_time_new_local (today ? g_date_time_get_year (today) : 2026,
                                                       12, 15, 14, 30, 0);

  return with_time ? fcrm_time_format_local_time (g_date_time_to_unix (sample))
                   : fcrm_time_format_local_date (g_date_time_to_unix (sample));
}

gboolean
fcrm_date_parse_at (const char *text,
                    gint64      now,
                    gint64     *out_unix,
                    GError    **error)
{
  g_autofree char *sample = NULL;

  if (parse_moment (text, now, FALSE, out_unix))
    return TRUE;
  sample = example (now, FALSE);
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               /* Translators: the second %s is an example date in the locale's format */
               _("“%s” is not a date; write it as %s, 2026-12-15 or “tomorrow”."),
               text != NULL ? text : "", sample);
  return FALSE;
}

gboolean
fcrm_time_parse_at (const char *text,
                    gint64      now,
                    gint64     *out_unix,
                    GError    **error)
{
  g_autofree char *sample = NULL;

  if (parse_moment (text, now, TRUE, out_unix))
    return TRUE;
  sample = example (now, TRUE);
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               /* Translators: the second %s is an example date and time in the locale's format */
               _("“%s” is not a date and time; write it as %s, 2026-12-15 14:30 or “tomorrow 10:00”."),
               text != NULL ? text : "", sample);
  return FALSE;
}

gboolean
fcrm_date_parse (const char *text,
                 gint64     *out_unix,
                 GError    **error)
{
  return fcrm_date_parse_at (text, g_get_real_time () / G_USEC_PER_SEC, out_unix, error);
}

gboolean
fcrm_time_parse (const char *text,
                 gint64     *out_unix,
                 GError    **error)
{
  return fcrm_time_parse_at (text, g_get_real_time () / G_USEC_PER_SEC, out_unix, error);
}
