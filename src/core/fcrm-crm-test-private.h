#pragma once

/* For tests only: what lies beneath the facade. The GUI and the CLI never
 * include this (tests/check-layers.sh fails the build's tests if they do). */

#include "fcrm-crm.h"
#include "fcrm-store.h"

G_BEGIN_DECLS

/** The store behind @self, for tests that inspect tables directly. */
FcrmStore *fcrm_crm_get_store  (FcrmCrm    *self);
/* A query the program runs often, for plan checks: @sql has @n_params "?". */
typedef struct
{
  const char *name;
  const char *sql;
  int         n_params;
} FcrmHotQuery;

/** The notifier's and the inbox's queries, NULL-terminated by name. */
const FcrmHotQuery *fcrm_inbox_hot_queries (void);
/** Every statement of a board column (pages by kind, sort, filter and
 * step; totals counted and summed), NULL-terminated by name. */
const FcrmHotQuery *fcrm_board_hot_queries (void);
/* A statement of a report, for the bench's raw baseline: @params has one
 * letter per "?" saying what the report binds there — p the pipeline ("" for
 * any), r the responsible (0: anyone), l / h the period's start and end
 * (0 / G_MAXINT64: all time), s the stuck cutoff (now − 3 days, or the
 * period's end if sooner), k the stuck limit, d today's local midnight, n now. */
typedef struct
{
  int         kind;     /* FcrmReportKind */
  const char *sql;
  const char *params;
  int         scope;    /* 0: always run; 1: only for everybody's items; 2: only for one person's */
} FcrmReportQuery;

/** Every statement of every report, terminated by a NULL sql. */
const FcrmReportQuery *fcrm_reports_hot_queries (void);
/** The pages of the Contacts and Companies views before a query is typed
 * (kind × sort × first or after a row), NULL-terminated by name. */
const FcrmHotQuery *fcrm_client_hot_queries (void);
/** The pages of the boards' Closed lists, NULL-terminated by name. */
const FcrmHotQuery *fcrm_closed_hot_queries (void);
/** The schedule's range reads (visits, deliveries, installations, tasks),
 * NULL-terminated by name. */
const FcrmHotQuery *fcrm_schedule_hot_queries (void);
/** The statement a search of @n_terms words runs (plan checks). */
const char *fcrm_crm_search_statement (FcrmCrm *self,
                                      guint    n_terms);
/** A checksum of a table's rows and their count (migration checks). */
char      *fcrm_table_checksum (FcrmStore  *store,
                                const char *table,
                                gint64     *out_rows,
                                GError    **error);

G_END_DECLS
