#define G_LOG_DOMAIN "fcrm-office"

#include <string.h>

#include <glib/gi18n.h>

#include "fcrm-error.h"
#include "fcrm-office.h"

gboolean
fcrm_office_is_location (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

void
fcrm_office_wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  /* volatile: the compiler must not drop a write to memory about to be freed */
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
  g_free (secret);
}

void
fcrm_office_address_free (FcrmOfficeAddress *address)
{
  if (address == NULL)
    return;

  g_free (address->host);
  g_free (address->database);
  g_free (address->login);
  fcrm_office_wipe_free (address->password);
  g_free (address->query);
  g_free (address);
}

FcrmOfficeAddress *
fcrm_office_address_new (const char *host,
                         int         port,
                         const char *database,
                         const char *login)
{
  FcrmOfficeAddress *address = g_new0 (FcrmOfficeAddress, 1);

  address->host = g_strdup (host != NULL ? host : "");
  address->port = port > 0 && port < 65536 ? port : 0;
  address->database = g_strdup (database != NULL ? database : "");
  address->login = login != NULL && *login != '\0' ? g_strdup (login) : NULL;

  return address;
}

FcrmOfficeAddress *
fcrm_office_address_copy (const FcrmOfficeAddress *address)
{
  FcrmOfficeAddress *copy;

  g_return_val_if_fail (address != NULL, NULL);

  copy = fcrm_office_address_new (address->host, address->port, address->database, address->login);
  copy->password = g_strdup (address->password);
  copy->query = g_strdup (address->query);

  return copy;
}

FcrmOfficeAddress *
fcrm_office_address_parse (const char *location,
                           GError    **error)
{
  g_autoptr(GError) uri_error = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  char *password = NULL;
  FcrmOfficeAddress *address;
  int port = -1;

  g_return_val_if_fail (location != NULL, NULL);

  if (!fcrm_office_is_location (location))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not an office server address; write it like postgresql://server/crm."),
                   location);
      return NULL;
    }

  /* User, password, host and path come back %-decoded; libpq's options
   * stay as written. */
  if (!g_uri_split_with_user (location,
                              G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS,
                              &scheme, &user, &password, NULL, &host, &port, &path, &query, NULL,
                              &uri_error) ||
      (host != NULL && strchr (host, ',') != NULL))
    {
      fcrm_office_wipe_free (password);
      /* Translators: %s is what is wrong with the address, in English */
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("This office server address cannot be used here (%s). Give one server, like postgresql://login@server:5432/crm."),
                   uri_error != NULL ? uri_error->message : _("several servers"));
      return NULL;
    }

  address = g_new0 (FcrmOfficeAddress, 1);
  address->host = g_strdup (host != NULL ? host : "");
  address->port = port > 0 ? port : 0;
  address->database = g_strdup (path != NULL && *path == '/' ? path + 1 : (path != NULL ? path : ""));
  address->login = user != NULL && *user != '\0' ? g_steal_pointer (&user) : NULL;
  address->password = password;
  address->query = query != NULL && *query != '\0' ? g_steal_pointer (&query) : NULL;

  return address;
}

static char *
escape (const char *text)
{
  /* Everything but the unreserved characters: safe in any URI part. */
  return g_uri_escape_string (text != NULL ? text : "", NULL, FALSE);
}

static void
append_server (GString                 *uri,
               const FcrmOfficeAddress *address)
{
  g_autofree char *database = escape (address->database);

  if (strchr (address->host, ':') != NULL)
    g_string_append_printf (uri, "[%s]", address->host);   /* an IPv6 literal */
  else
    {
      g_autofree char *host = escape (address->host);
      g_string_append (uri, host);
    }
  if (address->port > 0)
    g_string_append_printf (uri, ":%d", address->port);
  g_string_append_c (uri, '/');
  g_string_append (uri, database);
}

char *
fcrm_office_address_to_location (const FcrmOfficeAddress *address)
{
  GString *uri = g_string_new ("postgresql://");

  g_return_val_if_fail (address != NULL, NULL);

  if (address->login != NULL)
    {
      g_autofree char *login = escape (address->login);
      g_string_append_printf (uri, "%s@", login);
    }
  append_server (uri, address);
  if (address->query != NULL)
    g_string_append_printf (uri, "?%s", address->query);

  return g_string_free (uri, FALSE);
}

char *
fcrm_office_address_to_server (const FcrmOfficeAddress *address)
{
  GString *uri = g_string_new ("postgresql://");

  g_return_val_if_fail (address != NULL, NULL);

  append_server (uri, address);

  return g_string_free (uri, FALSE);
}

static gboolean
query_sets (const char *query,
            const char *key)
{
  g_auto(GStrv) pairs = NULL;
  gsize key_len = strlen (key);

  if (query == NULL)
    return FALSE;

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      if (strncmp (pairs[i], key, key_len) == 0 && pairs[i][key_len] == '=')
        return TRUE;
    }

  return FALSE;
}

char *
fcrm_office_connection_uri (const FcrmOfficeAddress *address,
                            const char              *login,
                            const char              *password)
{
  GString *uri;

  g_return_val_if_fail (address != NULL, NULL);

  if (login == NULL || *login == '\0')
    login = address->login;

  /* Sized so that appending never moves (and leaves behind) the password. */
  uri = g_string_sized_new (256 + (password != NULL ? strlen (password) * 3 : 0) +
                            (address->query != NULL ? strlen (address->query) : 0) +
                            (address->host != NULL ? strlen (address->host) * 3 : 0) +
                            (address->database != NULL ? strlen (address->database) * 3 : 0) +
                            (login != NULL ? strlen (login) * 3 : 0));
  g_string_append (uri, "postgresql://");

  if (login != NULL && *login != '\0')
    {
      g_autofree char *escaped_login = escape (login);

      g_string_append (uri, escaped_login);
      if (password != NULL && *password != '\0')
        {
          char *escaped_password = escape (password);

          g_string_append_c (uri, ':');
          g_string_append (uri, escaped_password);
          fcrm_office_wipe_free (escaped_password);
        }
      g_string_append_c (uri, '@');
    }
  append_server (uri, address);

  /* Without it, a server that is switched off keeps libpq (and the window
   * that waits for it) waiting for minutes. */
  if (address->query != NULL)
    g_string_append_printf (uri, "?%s", address->query);
  if (!query_sets (address->query, "connect_timeout"))
    g_string_append_printf (uri, "%cconnect_timeout=%d",
                            address->query != NULL ? '&' : '?', FCRM_OFFICE_CONNECT_TIMEOUT);

  return g_string_free (uri, FALSE);
}

char *
fcrm_office_address_describe (const FcrmOfficeAddress *address)
{
  g_autofree char *server = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  if (*address->host == '\0' || address->host[0] == '/')
    server = g_strdup (_("this computer"));
  else if (address->port > 0)
    server = g_strdup_printf ("%s:%d", address->host, address->port);
  else
    server = g_strdup (address->host);

  if (*address->database == '\0')
    return g_steal_pointer (&server);

  /* Translators: an office server's database; "crm on office.example.com:5432" */
  return g_strdup_printf (_("%s on %s"), address->database, server);
}

/* ---- connecting on a worker thread ---------------------------------------- */

typedef struct
{
  char *uri;      /* holds the password */
  char *login;
} OpenData;

typedef struct
{
  FcrmCrm  *crm;
  FcrmUser *user;
  gboolean  owner;
} OpenResult;

static void
open_data_free (OpenData *data)
{
  fcrm_office_wipe_free (data->uri);
  g_free (data->login);
  g_free (data);
}

static void
open_result_free (OpenResult *result)
{
  g_clear_object (&result->crm);
  g_clear_object (&result->user);
  g_free (result);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = NULL;
  g_autoptr(FcrmUser) user = NULL;
  OpenResult *result;

  /* This FcrmCrm is the thread's alone until it is handed back. */
  crm = fcrm_crm_open (data->uri, NULL, &error);
  if (crm == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->login != NULL)
    {
      user = fcrm_crm_find_user (crm, data->login, &error);
      if (user == NULL && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  result = g_new0 (OpenResult, 1);
  result->owner = fcrm_crm_is_server_admin (crm);
  result->crm = g_steal_pointer (&crm);
  result->user = g_steal_pointer (&user);
  g_task_return_pointer (task, result, (GDestroyNotify) open_result_free);
}

void
fcrm_office_open_async (const FcrmOfficeAddress *address,
                        const char              *login,
                        const char              *password,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (address != NULL);

  data = g_new0 (OpenData, 1);
  data->uri = fcrm_office_connection_uri (address, login, password);
  data->login = g_strdup (login != NULL && *login != '\0' ? login : address->login);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fcrm_office_open_async);
  g_task_set_name (task, "[fcrm] office open");
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

FcrmCrm *
fcrm_office_open_finish (GAsyncResult *result,
                         FcrmUser    **out_user,
                         gboolean     *out_owner,
                         GError      **error)
{
  OpenResult *opened;
  FcrmCrm *crm;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (out_user != NULL)
    *out_user = NULL;
  if (out_owner != NULL)
    *out_owner = FALSE;

  opened = g_task_propagate_pointer (G_TASK (result), error);
  if (opened == NULL)
    return NULL;

  crm = g_steal_pointer (&opened->crm);
  if (out_owner != NULL)
    *out_owner = opened->owner;
  if (out_user != NULL)
    *out_user = g_steal_pointer (&opened->user);
  open_result_free (opened);

  return crm;
}
