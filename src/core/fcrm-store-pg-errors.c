#define G_LOG_DOMAIN "fcrm-store-pg"

/* Why the office server could not be reached, in the person's words. */

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "fcrm-error.h"
#include "fcrm-store-pg-errors.h"

/* The first quoted name in a libpq message ("could not translate host name
 * "office" to address"), or NULL. */
static char *
quoted_name (const char *raw)
{
  const char *start = strchr (raw, '"');
  const char *end = start != NULL ? strchr (start + 1, '"') : NULL;

  return end != NULL ? g_strndup (start + 1, end - start - 1) : NULL;
}

/* A connection failure in the person's words and language, not libpq's
 * (issue 13); libpq's text goes to the debug log. */
void
fcrm_store_pg_connect_error (GError    **error,
                             const char *raw)
{
  g_autofree char *name = quoted_name (raw);
  const char *n = name != NULL ? name : "";

  g_debug ("connection failed: %s", raw);
  if (strstr (raw, "could not translate host name") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
                 _("The office server “%s” is not known on this network: check the server’s name, or ask who set it up."), n);
  else if (strstr (raw, "Connection refused") != NULL || strstr (raw, "No route to host") != NULL
           || strstr (raw, "Network is unreachable") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
                 _("The office server does not answer: check that it is switched on and on the network, then try again."));
  else if (strstr (raw, "timeout expired") != NULL || strstr (raw, "timed out") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
                 _("The office server did not answer in time: the network may be slow or down; try again."));
  else if (strstr (raw, "password authentication failed") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                 _("Wrong login or password for “%s”."), n);
  else if (strstr (raw, "no password supplied") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                 _("The office server asks for a password."));
  else if (strstr (raw, "role") != NULL && strstr (raw, "does not exist") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                 _("There is no login “%s” on the office server: ask the supervisor to add you."), n);
  else if (strstr (raw, "database") != NULL && strstr (raw, "does not exist") != NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                 _("There is no database “%s” on the office server: check its name."), n);
  else
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
                 _("Cannot connect to the office server: %s"), raw);
}

/* A failed statement (@result, or the connection's last error when NULL) as a
 * translated FcrmError: constraint → FCRM_ERROR_INVALID_INPUT, lock timeout →
 * FCRM_ERROR_BUSY, not allowed → FCRM_ERROR_REFUSED, connection lost →
 * FCRM_ERROR_UNREACHABLE, else FCRM_ERROR_STORAGE. */
void
fcrm_store_pg_result_error (GError         **error,
                            PGconn          *conn,
                            const PGresult  *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (conn);
  g_autofree char *msg = g_strstrip (g_strdup (message != NULL && *message ? message : PQerrorMessage (conn)));
  int code = FCRM_ERROR_STORAGE;

  if (state != NULL && g_str_has_prefix (state, "23"))
    code = FCRM_ERROR_INVALID_INPUT;
  else if (g_strcmp0 (state, "55P03") == 0)   /* lock_not_available: lock_timeout ran out */
    code = FCRM_ERROR_BUSY;
  else if (g_strcmp0 (state, "42501") == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("You are not allowed to see or change this: %s"), msg);
      return;
    }
  else if (PQstatus (conn) != CONNECTION_OK || (state != NULL && g_str_has_prefix (state, "08")))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE,
                   _("The office server cannot be reached: %s"), msg);
      return;
    }
  g_set_error (error, FCRM_ERROR, code, _("Database error: %s"), msg);
}
