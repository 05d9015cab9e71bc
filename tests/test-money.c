/* Money: kopecks in, kopecks out, never floating point (SPEC §6). */

#include "fcrm-test-util.h"
#include "fcrm-money.h"

typedef struct
{
  const char *text;
  gint64      kopecks;
} GoodAmount;

static void
test_parse_accepts (void)
{
  static const GoodAmount cases[] = {
    { "250000", G_GINT64_CONSTANT (25000000) },
    { "250000.50", G_GINT64_CONSTANT (25000050) },
    { "250000,50", G_GINT64_CONSTANT (25000050) },
    { "250 000,50", G_GINT64_CONSTANT (25000050) },
    { "250\u00a0000,50", G_GINT64_CONSTANT (25000050) },   /* no-break space, as copied from documents */
    { "250\u202f000", G_GINT64_CONSTANT (25000000) },      /* narrow no-break space */
    { "1 250 000", G_GINT64_CONSTANT (125000000) },
    { "1,5", 150 },
    { "1.5", 150 },
    { "1.05", 105 },
    { "0.01", 1 },
    { "0", 0 },
    { "0,00", 0 },
    { "  42  ", 4200 },
    { "007", 700 },
    { "150 000 ₽", G_GINT64_CONSTANT (15000000) },
    { "150\u00a0000,00\u00a0₽", G_GINT64_CONSTANT (15000000) },   /* pasted from a Russian invoice */
    { "9999999999999", G_GINT64_CONSTANT (999999999999900) },   /* the largest whole amount allowed */
    /* currency named as spreadsheets and Bitrix24 exports write it (issue 14) */
    { "150 000 руб.", G_GINT64_CONSTANT (15000000) },
    { "150000 ₽", G_GINT64_CONSTANT (15000000) },
    { "150 000,50 р.", G_GINT64_CONSTANT (15000050) },
    { "RUB 1500", 150000 },
    { "1500 RUB", 150000 },
    { "rub\u00a01500,5", 150050 },
    { "1 500 Руб", 150000 },
    { "1500 рублей", 150000 },
    { "2 рубля", 200 },
    { "1500р", 150000 },
    { "₽ 99", 9900 },
    { "1\u2009500\u2009000", G_GINT64_CONSTANT (150000000) },   /* thin spaces */
    { "1\u2007500", 150000 },                                   /* figure space */
    { "1\u00a0500\u00a0000,25", G_GINT64_CONSTANT (150000025) },
    { "150\u2009000\u00a0руб.", G_GINT64_CONSTANT (15000000) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;
      gboolean ok = fcrm_money_parse (cases[i].text, &value, &error);

      if (!ok)
        g_test_message ("refused “%s”: %s", cases[i].text, error->message);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (value, ==, cases[i].kopecks);
    }
}

static void
test_parse_refuses (void)
{
  static const char * const cases[] = {
    "-5", "abc", "1.234", "1..2", "1.2.3", "1,2,3", "", " ", "\t", "12,", "12.", ",5", ".5",
    "1 2 3,", "1  000", "12a", "1e5", "0x10", "5-", "99999999999999999999",
    "100000000000000", "1 000 000 000 000 000", "₽", "12 ,50", "1 000.000",
    "$100", "100 USD", "100 EUR", "руб.", "р", "сто рублей", "100 р 50", "100 ₽ ₽", "100 кор", "RUB", "RUB -",
    "1500 RUBX", "\xff\xfe" "100",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 0;
      gboolean ok = fcrm_money_parse (cases[i], &value, &error);

      if (ok)
        g_test_message ("accepted “%s” as %" G_GINT64_FORMAT, cases[i], value);
      g_assert_false (ok);
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }

  {
    g_autoptr(GError) error = NULL;
    gint64 value = 0;

    g_assert_false (fcrm_money_parse (NULL, &value, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  }
}

/* Parse @text expecting a refusal whose message holds @word. */
static void
check_refusal (const char *text,
               const char *word)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  g_assert_false (fcrm_money_parse (text, &value, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  if (strstr (error->message, word) == NULL)
    g_error ("“%s”: the message does not say “%s”: %s", text, word, error->message);
  g_assert_cmpint (value, ==, 12345);
}

/* Amounts beyond the limit say so, whatever their size: never wrapped,
 * never saturated, never "negative" or "not an amount". */
static void
test_parse_too_large (void)
{
  static const char * const cases[] = {
    "99999999999999999999",              /* twenty nines */
    "9223372036854775807",               /* G_MAXINT64 */
    "9223372036854775808",               /* one more */
    "92233720368547758.07",              /* G_MAXINT64 kopecks */
    "18446744073709551616",              /* 2^64 */
    "10000000000000.01",                 /* a kopeck over the limit */
    "10 000 000 000 001",
    "100000000000000000000000000000000000000000000000000000000000000000000000000000000",
  };
  gint64 value = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_refusal (cases[i], "too large");
  /* the limit itself is an amount */
  g_assert_true (fcrm_money_parse ("10000000000000", &value, NULL));
  g_assert_cmpint (value, ==, G_GINT64_CONSTANT (1000000000000000));
  g_assert_true (fcrm_money_parse ("10 000 000 000 000,00 ₽", &value, NULL));
  g_assert_cmpint (value, ==, G_GINT64_CONSTANT (1000000000000000));
}

/* Minus zero is zero (accepted as 0); any other minus is negative. */
static void
test_parse_minus (void)
{
  static const char * const zeros[] = { "-0", "-0.00", "-0,0", " -0 ", "-000", "\u22120", "-0 ₽", "-0,00\u00a0₽" };
  static const char * const negative[] = { "-5", "-0.01", "\u22125", "-1 000", "-99999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (zeros); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;

      if (!fcrm_money_parse (zeros[i], &value, &error))
        g_error ("“%s” refused: %s", zeros[i], error->message);
      g_assert_cmpint (value, ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (negative); i++)
    check_refusal (negative[i], "negative");
  for (guint i = 0; i < 4; i++)
    check_refusal ((const char * const[]) { "-", "--0", "- 0", "-abc" }[i], "not an amount");
}

static void
test_format_plain (void)
{
  static const GoodAmount cases[] = {
    { "150000.00", G_GINT64_CONSTANT (15000000) },
    { "0.00", 0 },
    { "0.05", 5 },
    { "0.50", 50 },
    { "1.00", 100 },
    { "250000.50", G_GINT64_CONSTANT (25000050) },
    { "9999999999999.99", G_GINT64_CONSTANT (999999999999999) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fcrm_money_format_plain (cases[i].kopecks);
      g_autoptr(GError) error = NULL;
      gint64 back = -1;

      g_assert_cmpstr (text, ==, cases[i].text);
      /* the machine format reads back to the same amount */
      g_assert_true (fcrm_money_parse (text, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, cases[i].kopecks);
    }
}

static void
test_format_display (void)
{
  /* The tests run in the C locale: no locale grouping, so a narrow
   * no-break space groups thousands and "." separates kopecks. */
  g_autofree char *whole = fcrm_money_format_display (G_GINT64_CONSTANT (15000000));
  g_autofree char *kopecks = fcrm_money_format_display (G_GINT64_CONSTANT (25000050));
  g_autofree char *small = fcrm_money_format_display (99);
  g_autofree char *zero = fcrm_money_format_display (0);
  g_autofree char *million = fcrm_money_format_display (G_GINT64_CONSTANT (123456789));

  g_assert_cmpstr (whole, ==, "150\u202f000\u00a0₽");
  g_assert_cmpstr (kopecks, ==, "250\u202f000.50\u00a0₽");
  g_assert_cmpstr (small, ==, "0.99\u00a0₽");
  g_assert_cmpstr (zero, ==, "0\u00a0₽");
  g_assert_cmpstr (million, ==, "1\u202f234\u202f567.89\u00a0₽");

  /* what the board shows can be typed back into a budget field */
  {
    gint64 back = 0;
    g_autoptr(GError) error = NULL;

    g_assert_true (fcrm_money_parse (kopecks, &back, &error));
    g_assert_no_error (error);
    g_assert_cmpint (back, ==, G_GINT64_CONSTANT (25000050));
  }
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/money/parse/accepts", test_parse_accepts);
  g_test_add_func ("/money/parse/refuses", test_parse_refuses);
  g_test_add_func ("/money/parse/too-large", test_parse_too_large);
  g_test_add_func ("/money/parse/minus", test_parse_minus);
  g_test_add_func ("/money/format/plain", test_format_plain);
  g_test_add_func ("/money/format/display", test_format_display);
  return g_test_run ();
}
