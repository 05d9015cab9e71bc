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

/** ISO 8601 with the local offset. */
char      *fcrm_time_format_iso    (gint64      unix_seconds);
/** "YYYY-MM-DD" of the local date. */
char      *fcrm_time_format_date   (gint64      unix_seconds);
/* Dates and times as people type them (fcrm-date.c): ISO ("2026-12-15",
 * "2026-12-15T14:30", with or without seconds and offset), day first with
 * dots ("15.12.2026", "15.12.26", "15.12" for this year), with slashes in the
 * order of the locale's date format ("12/15/2026" in the US, "15/12/2026"
 * elsewhere), and the words today, tomorrow, yesterday (also in Russian and in
 * the translation in use). A time follows the date after a space, a comma or
 * "T" ("15.12.2026 14:30", "завтра 9:00"); a time alone is today's. A missing
 * offset means local time. Words count from @now (Unix seconds). Errors are
 * FCRM_ERROR_INVALID_INPUT with a translated example in the locale's format. */

/** A date (a time, if typed, is refused) to the local midnight of that day. */
gboolean   fcrm_date_parse_at      (const char *text,
                                    gint64      now,
                                    gint64     *out_unix,
                                    GError    **error);
/** A moment; a date alone is its local midnight. */
gboolean   fcrm_time_parse_at      (const char *text,
                                    gint64      now,
                                    gint64     *out_unix,
                                    GError    **error);
/** The same, counting words from the real time. */
gboolean   fcrm_date_parse         (const char *text,
                                    gint64     *out_unix,
                                    GError    **error);
gboolean   fcrm_time_parse         (const char *text,
                                    gint64     *out_unix,
                                    GError    **error);
/** A local date in the locale's short format ("15.12.2026", "12/15/2026"),
 * the form fcrm_date_parse() reads back; "" for 0. */
char      *fcrm_time_format_local_date (gint64  unix_seconds);
/** The same with the time ("15.12.2026 14:30"). */
char      *fcrm_time_format_local_time (gint64  unix_seconds);
/** How long ago a moment was, by local calendar days from @now: "today",
 * "yesterday", "3 days ago" (up to 6), else its local date as above (also
 * for a moment after @now's day); "" for 0. Translated. */
char      *fcrm_time_format_days_ago   (gint64  unix_seconds,
                                        gint64  now);

G_END_DECLS
