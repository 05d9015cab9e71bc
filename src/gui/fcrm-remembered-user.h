#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Who works at this desktop, remembered per database (issue 13): a login of
 * one database means nothing in another, so a new database starts by asking
 * rather than saying a stranger "is no longer" there. Kept in the settings
 * key "users" (location → login); "current-user" still names the last one,
 * read for a database that has no entry yet only when it is the database the
 * settings name (what older versions remembered). */

/** The login remembered for @location, or NULL. */
char *fcrm_remembered_user_get (GSettings  *settings,
                                const char *location);
/** Remember @login for @location ("" forgets it). */
void  fcrm_remembered_user_set (GSettings  *settings,
                                const char *location,
                                const char *login);

G_END_DECLS
