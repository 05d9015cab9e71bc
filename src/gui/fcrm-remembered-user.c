#define G_LOG_DOMAIN "fcrm-remembered-user"

#include "fcrm-remembered-user.h"
#include "fcrm-crm.h"

/* At most this many databases are remembered: the oldest entries go. */
#define MAX_DATABASES 32

char *
fcrm_remembered_user_get (GSettings  *settings,
                          const char *location)
{
  g_autoptr(GVariant) users = NULL;
  g_autofree char *saved_location = NULL;
  const char *login = NULL;

  if (settings == NULL || location == NULL)
    return NULL;
  users = g_settings_get_value (settings, "users");
  if (g_variant_lookup (users, location, "&s", &login))
    return *login != '\0' ? g_strdup (login) : NULL;

  /* What an older version remembered belongs to the database it used. */
  saved_location = g_settings_get_string (settings, "database");
  if (*saved_location == '\0')
    {
      g_free (saved_location);
      saved_location = fcrm_crm_default_location ();
    }
  if (g_strcmp0 (saved_location, location) == 0)
    {
      g_autofree char *current = g_settings_get_string (settings, "current-user");

      if (*current != '\0')
        return g_steal_pointer (&current);
    }
  return NULL;
}

void
fcrm_remembered_user_set (GSettings  *settings,
                          const char *location,
                          const char *login)
{
  g_autoptr(GVariant) users = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;
  guint kept = 0;

  if (settings == NULL || location == NULL || login == NULL)
    return;

  /* The newest first, then the others up to the limit. */
  users = g_settings_get_value (settings, "users");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  if (*login != '\0')
    {
      g_variant_builder_add (&builder, "{ss}", location, login);
      kept++;
    }
  g_variant_iter_init (&iter, users);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (g_strcmp0 (key, location) != 0 && kept < MAX_DATABASES)
      {
        g_variant_builder_add (&builder, "{ss}", key, value);
        kept++;
      }
  g_settings_set_value (settings, "users", g_variant_builder_end (&builder));
  g_settings_set_string (settings, "current-user", login);
}
