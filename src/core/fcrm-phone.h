#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** Digits only; a Russian 11-digit number starting 8 becomes 7..., a bare
 * 10-digit mobile (9xx) gets the 7 prefix. NULL when @text has no digits. */
char    *fcrm_phone_normalize (const char *text);
/** Check that @text looks like a phone number (5–15 digits, only + ( ) - . and spaces). */
gboolean fcrm_phone_validate  (const char *text,
                               GError    **error);
/** "+7 912 345-67-89" for Russian numbers, "+<digits>" otherwise. */
char    *fcrm_phone_format    (const char *text);

/** Check that @text is a plausible e-mail address. */
gboolean fcrm_email_validate  (const char *text,
                               GError    **error);
/** Lower-cased, trimmed e-mail for comparison. */
char    *fcrm_email_normalize (const char *text);

G_END_DECLS
