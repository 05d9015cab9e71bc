/* Who works at this desktop is remembered per database (issue 13): a new
 * database asks, rather than saying the last person "is no longer" there. */

#include "fcrm-gui-test.h"
#include "fcrm-remembered-user.h"

static void
test_per_database (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *again = NULL;

  g_settings_reset (settings, "users");
  g_settings_set_string (settings, "database", "/data/a.sqlite3");
  g_settings_set_string (settings, "current-user", "");

  fcrm_remembered_user_set (settings, "/data/a.sqlite3", "anna");
  fcrm_remembered_user_set (settings, "postgresql://igor@office/crm", "igor");
  a = fcrm_remembered_user_get (settings, "/data/a.sqlite3");
  g_assert_cmpstr (a, ==, "anna");
  b = fcrm_remembered_user_get (settings, "postgresql://igor@office/crm");
  g_assert_cmpstr (b, ==, "igor");
  /* a database never opened here has nobody */
  g_assert_null (fcrm_remembered_user_get (settings, "/data/new.sqlite3"));

  /* another person at the same database replaces the first */
  fcrm_remembered_user_set (settings, "/data/a.sqlite3", "maria");
  again = fcrm_remembered_user_get (settings, "/data/a.sqlite3");
  g_assert_cmpstr (again, ==, "maria");
  /* forgetting */
  fcrm_remembered_user_set (settings, "/data/a.sqlite3", "");
  g_assert_null (fcrm_remembered_user_get (settings, "/data/a.sqlite3"));
}

/* An older version kept one login: it belongs to the database it used. */
static void
test_older_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");
  g_autofree char *login = NULL;

  g_settings_reset (settings, "users");
  g_settings_set_string (settings, "database", "/data/old.sqlite3");
  g_settings_set_string (settings, "current-user", "olga");
  login = fcrm_remembered_user_get (settings, "/data/old.sqlite3");
  g_assert_cmpstr (login, ==, "olga");
  g_assert_null (fcrm_remembered_user_get (settings, "/data/other.sqlite3"));
}

static void
test_bounded (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");
  g_autoptr(GVariant) users = NULL;
  g_autofree char *last = NULL;

  g_settings_reset (settings, "users");
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *location = g_strdup_printf ("/data/db%d.sqlite3", i);

      fcrm_remembered_user_set (settings, location, "anna");
    }
  users = g_settings_get_value (settings, "users");
  g_assert_cmpuint (g_variant_n_children (users), <=, 32);
  last = fcrm_remembered_user_get (settings, "/data/db99.sqlite3");
  g_assert_cmpstr (last, ==, "anna");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/remembered-user/per-database", test_per_database);
  g_test_add_func ("/remembered-user/older-settings", test_older_settings);
  g_test_add_func ("/remembered-user/bounded", test_bounded);
  return g_test_run ();
}
