#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Office server passwords in the desktop keyring (the Secret Service, through
 * libsecret), never in a file: one per (server, login), under the schema
 * "com.example.FurnitureCRM.Office" with the attributes "server" (the
 * address without login or password, fcrm_office_address_to_server()) and
 * "login". */

#define FCRM_SECRETS_SCHEMA_NAME "com.example.FurnitureCRM.Office"

/** Look up the password kept for @login on @server. */
void     fcrm_secrets_lookup_async  (const char          *server,
                                     const char          *login,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/** The password (free with fcrm_secrets_free()), or NULL: none kept (no
 * @error), or no keyring to ask (@error set). */
char    *fcrm_secrets_lookup_finish (GAsyncResult        *result,
                                     GError             **error);
/** Keep @password for @login on @server, replacing one kept before. */
void     fcrm_secrets_store_async   (const char          *server,
                                     const char          *login,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean fcrm_secrets_store_finish  (GAsyncResult        *result,
                                     GError             **error);
/** Forget the password kept for @login on @server (none kept is fine). */
void     fcrm_secrets_clear_async   (const char          *server,
                                     const char          *login,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean fcrm_secrets_clear_finish  (GAsyncResult        *result,
                                     GError             **error);
/** Wipe and free a password from fcrm_secrets_lookup_finish(). */
void     fcrm_secrets_free          (char                *password);

G_END_DECLS
