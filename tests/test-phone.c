/* Phones and e-mails: validation and the normal forms used to find
 * returning clients (SPEC §3.2). */

#include "fcrm-test-util.h"
#include "fcrm-phone.h"

static void
test_phone_normalize (void)
{
  static const char * const same[] = {
    "+7 (912) 345-67-89",
    "8 912 345 67 89",
    "89123456789",
    "79123456789",
    "9123456789",
    "7-912-345-67-89",
    "+7 912 345-67-89",
    "8 (912) 345.67.89",
    "  +79123456789  ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *norm = fcrm_phone_normalize (same[i]);
      g_assert_cmpstr (norm, ==, "79123456789");
    }

  {
    g_autofree char *foreign = fcrm_phone_normalize ("+44 20 7946 0958");
    g_autofree char *landline = fcrm_phone_normalize ("8 (343) 123-45-67");
    g_autofree char *shortnum = fcrm_phone_normalize ("12-34-56");
    g_autofree char *ten_not_mobile = fcrm_phone_normalize ("3431234567");
    g_autofree char *none = fcrm_phone_normalize ("no digits here");
    g_autofree char *empty = fcrm_phone_normalize ("");

    g_assert_cmpstr (foreign, ==, "442079460958");
    g_assert_cmpstr (landline, ==, "73431234567");
    g_assert_cmpstr (shortnum, ==, "123456");
    g_assert_cmpstr (ten_not_mobile, ==, "3431234567");
    g_assert_null (none);
    g_assert_null (empty);
    g_assert_null (fcrm_phone_normalize (NULL));
  }
}

static void
test_phone_validate (void)
{
  static const char * const good[] = {
    "+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "9123456789", "7-912-345-67-89",
    "12345", "+44 20 7946 0958", "8.912.345.67.89", "123456789012345",
  };
  static const char * const bad[] = {
    "abc", "+7 912 ABC-67-89", "8912345678x", "phone: 89123456789", "1234", "12", "", "   ",
    "+()-. ", "1234567890123456", "89123456789;", "+7 912 345 67 89 ext 12", "８９１２３４５６７８９",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (fcrm_phone_validate (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (fcrm_phone_validate (bad[i], &error))
        g_test_message ("accepted “%s”", bad[i]);
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, !=, "");
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fcrm_phone_validate (NULL, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  }
}

static void
test_phone_format (void)
{
  static const char * const russian[] = {
    "+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "9123456789", "7-912-345-67-89",
  };

  for (guint i = 0; i < G_N_ELEMENTS (russian); i++)
    {
      g_autofree char *text = fcrm_phone_format (russian[i]);
      g_assert_cmpstr (text, ==, "+7 912 345-67-89");
    }
  {
    g_autofree char *foreign = fcrm_phone_format ("+44 20 7946 0958");
    g_autofree char *landline = fcrm_phone_format ("8 (343) 123-45-67");
    g_autofree char *none = fcrm_phone_format ("abc");

    g_assert_cmpstr (foreign, ==, "+442079460958");
    g_assert_cmpstr (landline, ==, "+7 343 123-45-67");
    g_assert_cmpstr (none, ==, "abc");
  }
}

static void
test_email_validate (void)
{
  static const char * const good[] = {
    "ivan@example.com", "Ivan.Petrov@Example.COM", "a.b-c+tag@mail.example.ru", "x@y.io",
    "мария@пример.рф",
  };
  static const char * const bad[] = {
    "", "ivan", "ivan@", "@example.com", "ivan@example", "ivan@@example.com", "ivan@exa@mple.com",
    "ivan @example.com", "ivan@example..com", "ivan@.com", "ivan@example.", "ivan@example.com;x@y.z",
    "<ivan@example.com>", "ivan,petrov@example.com", " ", "ivan@ex ample.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (fcrm_email_validate (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (fcrm_email_validate (bad[i], &error))
        g_test_message ("accepted “%s”", bad[i]);
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, !=, "");
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *local_part = g_strnfill (250, 'a');
    g_autofree char *too_long = g_strdup_printf ("%s@example.com", local_part);

    g_assert_false (fcrm_email_validate (too_long, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  }
}

static void
test_email_normalize (void)
{
  g_autofree char *a = fcrm_email_normalize ("Ivan.Petrov@Example.COM");
  g_autofree char *b = fcrm_email_normalize ("  ivan.petrov@example.com ");
  g_autofree char *c = fcrm_email_normalize ("IVAN.PETROV@EXAMPLE.COM");
  g_autofree char *cyr = fcrm_email_normalize ("Мария@Пример.РФ");

  g_assert_cmpstr (a, ==, "ivan.petrov@example.com");
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpstr (c, ==, a);
  g_assert_cmpstr (cyr, ==, "мария@пример.рф");
  g_assert_null (fcrm_email_normalize (NULL));
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/phone/normalize", test_phone_normalize);
  g_test_add_func ("/phone/validate", test_phone_validate);
  g_test_add_func ("/phone/format", test_phone_format);
  g_test_add_func ("/email/validate", test_email_validate);
  g_test_add_func ("/email/normalize", test_email_normalize);
  return g_test_run ();
}
