#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* An office server's address, taken apart: what the GUI shows, keeps in
 * GSettings (never with a password) and hands to the core to connect. */
typedef struct
{
  char *host;       /* "" for libpq's default (a local socket) */
  int   port;       /* 0: the default (5432) */
  char *database;   /* "" for the login's name */
  char *login;      /* NULL when the address names nobody */
  char *password;   /* NULL when the address carries none */
  char *query;      /* libpq options after "?", still %-encoded; NULL for none */
} FcrmOfficeAddress;

/* libpq waits this long for a server that does not answer at all. */
#define FCRM_OFFICE_CONNECT_TIMEOUT 3

/** TRUE when @location names an office server (postgresql:// or postgres://). */
gboolean           fcrm_office_is_location      (const char              *location);
/** Take @location (a postgresql:// URI) apart; NULL with @error for an
 * address this program cannot read (several hosts, malformed). */
FcrmOfficeAddress *fcrm_office_address_parse    (const char              *location,
                                                 GError                 **error);
/** An address from what a person typed; @port 0 for the default. */
FcrmOfficeAddress *fcrm_office_address_new      (const char              *host,
                                                 int                      port,
                                                 const char              *database,
                                                 const char              *login);
FcrmOfficeAddress *fcrm_office_address_copy     (const FcrmOfficeAddress *address);
/** Frees @address; the password is wiped first. */
void               fcrm_office_address_free     (FcrmOfficeAddress       *address);
/** postgresql://LOGIN@HOST:PORT/DB[?options]: the address without its
 * password, fit for GSettings and for showing. */
char              *fcrm_office_address_to_location (const FcrmOfficeAddress *address);
/** postgresql://HOST:PORT/DB: the server, the keyring's key beside the login. */
char              *fcrm_office_address_to_server (const FcrmOfficeAddress *address);
/** What to connect with: @login (NULL: the address's) and @password (NULL or
 * "": none) %-encoded into the address, and connect_timeout added unless the
 * address sets one. Holds the password: wipe and free it soon. */
char              *fcrm_office_connection_uri   (const FcrmOfficeAddress *address,
                                                 const char              *login,
                                                 const char              *password);
/** "crm on office.example.com:5432", for people. */
char              *fcrm_office_address_describe (const FcrmOfficeAddress *address);

/** Overwrite a string holding a password before it is freed. */
void               fcrm_office_wipe_free        (char                    *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmOfficeAddress, fcrm_office_address_free)

/** Connect to the office server at @address as @login with @password on a
 * worker thread, with a new FcrmCrm of its own (the caller's is never
 * touched there), and look @login up among the users. */
void               fcrm_office_open_async       (const FcrmOfficeAddress *address,
                                                 const char              *login,
                                                 const char              *password,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
/** The open database (owned by the caller), or NULL with @error;
 * @out_user (optional) receives @login's user, NULL when the login is a
 * database role without a row in users; @out_owner (optional) whether the
 * login owns the database's tables (the administrator who ran `init`). */
FcrmCrm           *fcrm_office_open_finish      (GAsyncResult            *result,
                                                 FcrmUser               **out_user,
                                                 gboolean                *out_owner,
                                                 GError                 **error);

G_END_DECLS
