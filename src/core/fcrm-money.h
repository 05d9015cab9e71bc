#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is gint64 minor units (kopecks), never floating point. */

/** Parse "250000", "250000.50", "250 000,50" into kopecks; refuses negative,
 * malformed or overflowing amounts with FCRM_ERROR_INVALID_INPUT. */
gboolean fcrm_money_parse          (const char *text,
                                    gint64     *out_minor,
                                    GError    **error);
/** "150000.00" — the machine format of the CLI and JSON. */
char    *fcrm_money_format_plain   (gint64      minor);
/** "150 000 ₽" in the user's locale (grouping and decimal separator). */
char    *fcrm_money_format_display (gint64      minor);

G_END_DECLS
