#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/** The database file at @path opened through the app, and bare through
 * the SQLite C API (read-only, @out_db), as the raw baselines need. */
FcrmCrm *fcrm_bench_open_both (const char  *path,
                               sqlite3    **out_db);
/** The median of @samples (doubles; sorts them). */
double fcrm_bench_median (GArray     *samples);
/** Print the "stall" figure for the database at @location (fcrm-bench-stall.c). */
void   fcrm_bench_stall  (const char *location,
                          const char *latency_ms,
                          guint       rounds);

/** Print the board figures for the database at @location (fcrm-bench-board.c). */
void   fcrm_bench_board  (const char *location,
                          guint       rounds,
                          gint64      deep);
/** Print the "loop" figure: robots falling due in bulk, checked on the
 * worker and, as the baseline, on the caller's loop (fcrm-bench-loop.c). */
void   fcrm_bench_loop   (const char *location,
                          double      percent,
                          guint       rounds);

/** Print the "search" and "raw_search" figures for the database file at @path (fcrm-bench-search.c). */
void   fcrm_bench_search (const char *path,
                          guint       rounds);

/** Print the notifier's and the inbox's questions (fcrm-bench-inbox.c). */
void   fcrm_bench_inbox  (const char *path,
                          guint       rounds);

/** Print each report's time through the app and bare (fcrm-bench-reports.c). */
void   fcrm_bench_reports (const char *path,
                           guint       rounds);

G_END_DECLS
