#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FCRM_TYPE_CLOCK (fcrm_clock_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClock, fcrm_clock, FCRM, CLOCK, GObject)

/* The one source of "now" in the program: real time, or a fixed/advancing
 * moment injected by tests and by the CLI's --at. */
FcrmClock *fcrm_clock_new          (void);
/** A clock frozen at @unix_seconds (UTC) until changed. */
FcrmClock *fcrm_clock_new_fixed    (gint64     unix_seconds);
/** Current time as Unix seconds UTC. */
gint64     fcrm_clock_now          (FcrmClock *self);
/** Freeze the clock at @unix_seconds. */
void       fcrm_clock_set          (FcrmClock *self,
                                    gint64     unix_seconds);
/** Move a frozen clock forward by @seconds. */
void       fcrm_clock_advance      (FcrmClock *self,
                                    gint64     seconds);

/** Parse an ISO 8601 moment ("2026-01-10T09:00:00+03:00", "2026-01-10 09:00",
 * "2026-01-10"); a missing offset means local time. Returns FALSE on error. */
gboolean   fcrm_time_parse         (const char *text,
                                    gint64     *out_unix,
                                    GError    **error);
/** ISO 8601 with the local offset. */
char      *fcrm_time_format_iso    (gint64      unix_seconds);
/** "YYYY-MM-DD" of the local date. */
char      *fcrm_time_format_date   (gint64      unix_seconds);
/** Parse "YYYY-MM-DD" or "DD.MM.YYYY" (as typed in Russia; "5.3.2026"
 * too) to the local midnight of that day. */
gboolean   fcrm_date_parse         (const char *text,
                                    gint64     *out_unix,
                                    GError    **error);

G_END_DECLS
