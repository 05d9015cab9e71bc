#define G_LOG_DOMAIN "fcrm-secrets"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "fcrm-secrets.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    FCRM_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
fcrm_secrets_lookup_async (const char          *server,
                           const char          *login,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (login != NULL);

  secret_password_lookup (get_schema (), cancellable, callback, user_data,
                          "server", server,
                          "login", login,
                          NULL);
}

char *
fcrm_secrets_lookup_finish (GAsyncResult *result,
                            GError      **error)
{
  return secret_password_lookup_finish (result, error);
}

void
fcrm_secrets_store_async (const char          *server,
                          const char          *login,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);

  /* Translators: the keyring entry's name; "anna" on "postgresql://office:5432/crm" */
  label = g_strdup_printf (_("Furniture CRM password for %s on %s"), login, server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data,
                         "server", server,
                         "login", login,
                         NULL);
}

gboolean
fcrm_secrets_store_finish (GAsyncResult *result,
                           GError      **error)
{
  return secret_password_store_finish (result, error);
}

void
fcrm_secrets_clear_async (const char          *server,
                          const char          *login,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (login != NULL);

  secret_password_clear (get_schema (), cancellable, callback, user_data,
                         "server", server,
                         "login", login,
                         NULL);
}

gboolean
fcrm_secrets_clear_finish (GAsyncResult *result,
                           GError      **error)
{
  g_autoptr(GError) local = NULL;

  /* FALSE without an error means there was nothing to forget. */
  if (!secret_password_clear_finish (result, &local) && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  return TRUE;
}

void
fcrm_secrets_free (char *password)
{
  secret_password_free (password);
}
