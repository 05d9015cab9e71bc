#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_SIGNIN_DIALOG (fcrm_signin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmSigninDialog, fcrm_signin_dialog, FCRM, SIGNIN_DIALOG, AdwWindow)

/* "Sign in to the office server": each person signs in as their own
 * database role. The server is shown, not edited; the login and password
 * are checked by connecting (on a worker thread) and the login must be a
 * user of the database.
 *
 * Signals:
 *   signed-in (FcrmCrm *crm, const char *login, const char *password,
 *              gboolean remember) — connected; @crm is open with @login as
 *              its actor (take a reference); @password is the one typed
 *              (NULL when it came from the keyring or the address), to keep
 *              in the keyring when @remember, else to forget there; then the
 *              dialog closes;
 *   cancelled () — closed without signing in. */

/** A dialog for the office server at @location (a password in it is
 * ignored); @login prefills the login (NULL: the address's; "": none). NULL when @location is
 * not an office server address. */
FcrmSigninDialog *fcrm_signin_dialog_new       (GtkWindow        *parent,
                                                const char       *location,
                                                const char       *login);
/** Show why signing in is needed or failed: @message, and @detail (the
 * server's own words; nullable) below it. NULL clears. */
void              fcrm_signin_dialog_set_error (FcrmSigninDialog *self,
                                                const char       *message,
                                                const char       *detail);
/** Sign in without asking when a password is at hand — @password (from the
 * address; nullable), else the one the keyring keeps for the login — and
 * show the dialog only when there is none or it is not accepted. The
 * dialog belongs to the application meanwhile (keeps it running). */
void              fcrm_signin_dialog_run       (FcrmSigninDialog *self,
                                                const char       *password);
/** What "Sign In" does. */
void              fcrm_signin_dialog_sign_in   (FcrmSigninDialog *self);
/** TRUE while connecting. */
gboolean          fcrm_signin_dialog_get_busy  (FcrmSigninDialog *self);

G_END_DECLS
