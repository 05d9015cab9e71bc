/* Dates and times as people type them (issue 13): ISO, the locale's short
 * form, relative words in English and Russian, a time after the date. */

#include <locale.h>

#include "fcrm-test-util.h"
#include "fcrm-clock.h"
#include "fcrm-error.h"

/* 2026-12-04 10:00 local: "today" in every case. */
static gint64
test_now (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (2026, 12, 4, 10, 0, 0);

  return g_date_time_to_unix (dt);
}

static gint64
local (int y, int m, int d, int h, int min)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (y, m, d, h, min, 0);

  return g_date_time_to_unix (dt);
}

typedef struct
{
  const char *text;
  int y, m, d, h, min;
} Case;

static void
check_dates (const Case *cases,
             gsize       n,
             gboolean    with_time)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 got = -1;
      gboolean ok = with_time ? fcrm_time_parse_at (cases[i].text, test_now (), &got, &error)
                              : fcrm_date_parse_at (cases[i].text, test_now (), &got, &error);

      g_test_message ("“%s”", cases[i].text);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (got, ==, local (cases[i].y, cases[i].m, cases[i].d, cases[i].h, cases[i].min));
    }
}

static void
test_dates_any_locale (void)
{
  static const Case cases[] = {
    { "2026-12-15", 2026, 12, 15, 0, 0 },
    { "  2026-3-5 ", 2026, 3, 5, 0, 0 },
    { "15.12.2026", 2026, 12, 15, 0, 0 },
    { "5.3.2027", 2027, 3, 5, 0, 0 },
    { "15.12.26", 2026, 12, 15, 0, 0 },
    { "15.12.80", 1980, 12, 15, 0, 0 },
    { "15.12", 2026, 12, 15, 0, 0 },
    { "15.12.", 2026, 12, 15, 0, 0 },
    { "29.02.2028", 2028, 2, 29, 0, 0 },
    { "today", 2026, 12, 4, 0, 0 },
    { "Tomorrow", 2026, 12, 5, 0, 0 },
    { "yesterday", 2026, 12, 3, 0, 0 },
    { "сегодня", 2026, 12, 4, 0, 0 },
    { "Завтра", 2026, 12, 5, 0, 0 },
    { "ВЧЕРА", 2026, 12, 3, 0, 0 },
    { "послезавтра", 2026, 12, 6, 0, 0 },
  };

  check_dates (cases, G_N_ELEMENTS (cases), FALSE);
}

static void
test_times (void)
{
  static const Case cases[] = {
    { "2026-12-15T14:30", 2026, 12, 15, 14, 30 },
    { "2026-12-15 14:30", 2026, 12, 15, 14, 30 },
    { "2026-12-15T14:30:00", 2026, 12, 15, 14, 30 },
    { "15.12.2026 14:30", 2026, 12, 15, 14, 30 },
    { "15.12.2026, 9:05", 2026, 12, 15, 9, 5 },
    { "завтра 10:00", 2026, 12, 5, 10, 0 },
    { "завтра в 10:00", 2026, 12, 5, 10, 0 },
    { "tomorrow at 8:15", 2026, 12, 5, 8, 15 },
    { "16:45", 2026, 12, 4, 16, 45 },
    { "15.12.2026", 2026, 12, 15, 0, 0 },
  };
  g_autoptr(GError) error = NULL;
  gint64 got = 0;

  check_dates (cases, G_N_ELEMENTS (cases), TRUE);

  /* An offset is kept: 09:00 in Moscow is 06:00 UTC. */
  g_assert_true (fcrm_time_parse_at ("2026-01-10T09:00:00+03:00", test_now (), &got, &error));
  g_assert_no_error (error);
  g_assert_cmpint (got, ==, 1768024800);
  g_assert_true (fcrm_time_parse_at ("2026-01-10T06:00:00Z", test_now (), &got, &error));
  g_assert_cmpint (got, ==, 1768024800);
}

static void
test_refused (void)
{
  static const char *bad[] = {
    "", "   ", "31.02.2026", "32.01.2026", "15.13.2026", "2026-13-01", "2026-12-15x",
    "15.12.2026.1", "1.2.3.4", "15/12/2026/1", "someday", "15-12-2026", "15.12.202",
    "2026-12-15 25:00", "2026-12-15 14:5", "завтра 10", "12345", "0.0.2026",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 got = 42;

      g_test_message ("“%s”", bad[i]);
      g_assert_false (fcrm_time_parse_at (bad[i], test_now (), &got, &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      g_assert_cmpint (got, ==, 42);
      g_clear_error (&error);
      g_assert_false (fcrm_date_parse_at (bad[i], test_now (), &got, &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
    }

  /* A date field refuses a time rather than dropping it. */
  {
    g_autoptr(GError) error = NULL;
    gint64 got = 0;

    g_assert_false (fcrm_date_parse_at ("15.12.2026 14:30", test_now (), &got, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  }
}

/* Slashes follow the locale's order; the error shows the locale's own form. */
static void
test_locale_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  gint64 got = 0;

  if (setlocale (LC_ALL, "en_US.UTF-8") != NULL)
    {
      g_assert_true (fcrm_date_parse_at ("12/15/2026", test_now (), &got, &error));
      g_assert_cmpint (got, ==, local (2026, 12, 15, 0, 0));
      g_assert_false (fcrm_date_parse_at ("15/12/2026", test_now (), &got, &error));
      g_clear_error (&error);
    }
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("no ru_RU.UTF-8 locale");
      return;
    }
  g_assert_true (fcrm_date_parse_at ("15/12/2026", test_now (), &got, &error));
  g_assert_cmpint (got, ==, local (2026, 12, 15, 0, 0));
  shown = fcrm_time_format_local_date (local (2026, 3, 5, 0, 0));
  g_assert_cmpstr (shown, ==, "05.03.2026");
  g_clear_pointer (&shown, g_free);
  shown = fcrm_time_format_local_time (local (2026, 3, 5, 9, 7));
  g_assert_cmpstr (shown, ==, "05.03.2026 09:07");
  /* What is shown is read back. */
  g_assert_true (fcrm_time_parse_at (shown, test_now (), &got, &error));
  g_assert_cmpint (got, ==, local (2026, 3, 5, 9, 7));
  g_assert_false (fcrm_date_parse_at ("someday", test_now (), &got, &error));
  g_assert_nonnull (strstr (error->message, "15.12.2026"));
  setlocale (LC_ALL, "C.UTF-8");
}

/* The Contacts list's "last activity": today, yesterday, days ago, a date */
static void
test_days_ago (void)
{
  gint64 now = fcrm_test_local_time (2026, 1, 12, 10, 0);
  g_autofree char *today = fcrm_time_format_days_ago (fcrm_test_local_time (2026, 1, 12, 0, 5), now);
  g_autofree char *yesterday = fcrm_time_format_days_ago (fcrm_test_local_time (2026, 1, 11, 23, 55), now);
  g_autofree char *three = fcrm_time_format_days_ago (fcrm_test_local_time (2026, 1, 9, 10, 0), now);
  g_autofree char *old = fcrm_time_format_days_ago (fcrm_test_local_time (2026, 1, 5, 10, 0), now);
  g_autofree char *date = fcrm_time_format_local_date (fcrm_test_local_time (2026, 1, 5, 10, 0));
  g_autofree char *never = fcrm_time_format_days_ago (0, now);

  g_assert_cmpstr (today, ==, "today");
  g_assert_cmpstr (yesterday, ==, "yesterday");
  g_assert_cmpstr (three, ==, "3 days ago");
  g_assert_cmpstr (old, ==, date);
  g_assert_cmpstr (never, ==, "");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/any-locale", test_dates_any_locale);
  g_test_add_func ("/date/times", test_times);
  g_test_add_func ("/date/refused", test_refused);
  g_test_add_func ("/date/locale-order", test_locale_order);
  g_test_add_func ("/date/days-ago", test_days_ago);
  return g_test_run ();
}
