#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Reports (issue 12): every report is one generic table of typed columns,
 * which the CLI prints as JSON or CSV and the GUI shows as a table and a
 * chart. Reports only read; on the office server they run as the signed-in
 * person, so row-level security decides what they cover (a supervisor's
 * cover the firm).
 *
 * Days are counted as elapsed time / 86400 (fractional). Local dates and
 * months are the user's time zone (the FcrmCrm's clock gives "now").
 * Dates for the filter: fcrm_date_parse() (fcrm-clock.h). */

typedef enum {
  FCRM_REPORT_FUNNEL,      /* open items now per stage + stage-to-stage conversion */
  FCRM_REPORT_CONVERSION,  /* leads -> converted -> won, by source and by manager */
  FCRM_REPORT_LOSSES,      /* lost deals by reason, lost budget, win rate */
  FCRM_REPORT_TIME,        /* avg / median days per stage and per whole cycle */
  FCRM_REPORT_STUCK,       /* open items longer than 3 days in their stage */
  FCRM_REPORT_MANAGERS,    /* per person: leads, won, lost, revenue, tasks */
  FCRM_REPORT_REVENUE,     /* won deals per month, with the previous year */
  FCRM_REPORT_N_KINDS
} FcrmReportKind;

/* What a report covers. Every field at 0/NULL means "everything".
 * The period is local days, both ends included: @from is the local midnight
 * starting the first day, @to the local midnight starting the last day (so
 * from == to is one day). What the period selects, per report:
 *   funnel      count/budget: open items whose current stage was entered in
 *               the period; entered/advanced: stage entries made in it
 *   conversion  leads created in the period
 *   losses      deals closed (won or lost) in the period
 *   time        stage entries that ended in the period; cycles closed in it
 *   stuck       open items whose current stage was entered in the period
 *               (and more than 3 days before now)
 *   managers    leads created, deals closed, tasks done in the period;
 *               overdue tasks are those open and due before now
 *   revenue     months of the period (default: the 12 months up to this one);
 *               previous_* columns: the same months a year earlier */
typedef struct
{
  const char *pipeline;        /* pipeline code ("lead", "manufacturing", "design",
                                * "repair"), NULL: all; for conversion: only deals
                                * of that pipeline count as converted/won */
  gint64      from;            /* local midnight of the first day, 0: no start */
  gint64      to;              /* local midnight of the last day, 0: up to now */
  gint64      responsible_id;  /* the items' (tasks') responsible user, 0: anyone */
} FcrmReportFilter;

/* The stuck report lists at most this many items, longest stuck first. */
#define FCRM_REPORT_STUCK_LIMIT 1000

typedef enum {
  FCRM_REPORT_COLUMN_TEXT,    /* cell.text (may be NULL) */
  FCRM_REPORT_COLUMN_CODE,    /* cell.text = stable code (stage, reason, source,
                               * pipeline, user login, "lead"/"deal", month
                               * "YYYY-MM"); cell.display = its name in the
                               * user's language (a person's name, "March 2026") */
  FCRM_REPORT_COLUMN_COUNT,   /* cell.number */
  FCRM_REPORT_COLUMN_DAYS,    /* cell.real, days */
  FCRM_REPORT_COLUMN_MONEY,   /* cell.number, kopecks */
  FCRM_REPORT_COLUMN_RATE,    /* cell.real, 0..1 (show as a percentage) */
  FCRM_REPORT_COLUMN_TIME,    /* cell.number, Unix seconds UTC; cell.flag: a whole
                               * local day, not a moment */
  FCRM_REPORT_COLUMN_ID,      /* cell.number, a lead's or deal's id */
  FCRM_REPORT_COLUMN_TEXTS,   /* cell.texts, a NULL-terminated list (may be NULL) */
} FcrmReportColumnKind;

typedef struct
{
  const char           *key;     /* JSON key / CSV header, e.g. "stage", "count" */
  const char           *title;   /* column title in the user's language */
  FcrmReportColumnKind  kind;
} FcrmReportColumn;

typedef struct
{
  gboolean  null;      /* no value (a rate of nothing, a total row's code) */
  gint64    number;    /* COUNT, MONEY, TIME, ID */
  double    real;      /* DAYS, RATE */
  char     *text;      /* TEXT, CODE */
  char     *display;   /* CODE: the name to show */
  char    **texts;     /* TEXTS */
  gboolean  flag;      /* TIME: a date */
} FcrmReportCell;

typedef struct
{
  FcrmReportCell *cells;         /* one per column */
  gboolean        total;         /* a summary row (e.g. the whole cycle of a
                                  * pipeline, all reasons), not one group */
  FcrmEntityType  entity_type;   /* stuck: the item the row opens */
  gint64          entity_id;     /* stuck: its id; 0 for other reports */
} FcrmReportRow;

typedef enum {
  FCRM_REPORT_CHART_BARS,
  FCRM_REPORT_CHART_FUNNEL,
  FCRM_REPORT_CHART_DONUT,
  FCRM_REPORT_CHART_NONE,
} FcrmReportChart;

typedef struct
{
  FcrmReportKind    kind;
  guint             n_columns;
  FcrmReportColumn *columns;
  GPtrArray        *rows;          /* FcrmReportRow */
  /* a suggestion for the chart: which chart, the column of the labels
   * (CODE), of the values, and of a second series to compare (revenue's
   * previous year); -1 when none. Total rows, and rows whose label is null
   * (conversion's rows by manager), are not charted. */
  FcrmReportChart   chart;
  int               chart_label;
  int               chart_value;
  int               chart_compare;
} FcrmReportTable;

/* The columns, in order (keys; * = only in total rows):
 *   funnel      pipeline, stage, count, budget, entered, advanced, conversion
 *               (one row per open stage; conversion = advanced / entered:
 *               entries that went on to a later stage or a success)
 *   conversion  by ("source" | "user"), source, user, count (leads),
 *               converted, won, conversion_rate, win_rate
 *               (rows by source first, then by responsible; "user" null for
 *               leads with nobody responsible)
 *   losses      reason, lost, budget, share, texts (the free-text reasons of
 *               "other", most frequent first), won*, win_rate*
 *               (one row per reason, then a total row: reason null)
 *   time        pipeline, stage, count, avg_days, median_days
 *               (one row per stage with ended entries; then per pipeline a
 *               total row, stage null: the whole cycle from the first entry
 *               to the close, a design deal handed over to manufacturing
 *               counting both parts, under its final pipeline)
 *   stuck       type ("lead"|"deal"), id, title, pipeline, stage, days,
 *               user (responsible), next_task, next_task_due
 *               (longest in their stage first, at most FCRM_REPORT_STUCK_LIMIT)
 *   managers    user, leads, converted, won, lost, revenue, overdue_tasks,
 *               callbacks_done  (every user with any of them, by name)
 *   revenue     month, count, revenue, previous_count, previous_revenue
 *               (every month of the period, oldest first) */

/** The report's stable code ("funnel", ...). */
const char *fcrm_report_kind_to_string   (FcrmReportKind  kind);
/** Parse a report code; FALSE when unknown. */
gboolean    fcrm_report_kind_from_string (const char     *text,
                                          FcrmReportKind *out_kind);
/** The report's name in the user's language ("Funnel", ...). */
const char *fcrm_report_kind_display_name (FcrmReportKind kind);

/** Compute a report synchronously (the CLI; the GUI uses the _async pair).
 * A bad filter (unknown pipeline, @to before @from) gives
 * FCRM_ERROR_INVALID_INPUT. */
FcrmReportTable *fcrm_crm_report         (FcrmCrm                *self,
                                          FcrmReportKind          kind,
                                          const FcrmReportFilter *filter,
                                          GError                **error);
/** The same on the FcrmCrm's read worker (fcrm_crm_read_async()); @filter
 * is copied. */
void             fcrm_crm_report_async   (FcrmCrm                *self,
                                          FcrmReportKind          kind,
                                          const FcrmReportFilter *filter,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data);
FcrmReportTable *fcrm_crm_report_finish  (FcrmCrm                *self,
                                          GAsyncResult           *result,
                                          GError                **error);

void             fcrm_report_table_free  (FcrmReportTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmReportTable, fcrm_report_table_free)

/** The index of the column with @key, or -1. */
int              fcrm_report_table_find_column (const FcrmReportTable *table,
                                                const char            *key);
/** A cell as plain machine text, as the CLI's CSV has it: codes, counts,
 * money "150000.00", days/rates with a dot ("2.5", "0.25"), times ISO 8601,
 * lists joined with "; "; "" for null. */
char            *fcrm_report_cell_to_string (const FcrmReportColumn *column,
                                             const FcrmReportCell   *cell);
/** The table as the CLI's JSON text: an array of row objects keyed by column
 * key; counts, days and rates numbers ("2.5", at most two decimals), money
 * decimal strings ("150000.00"), times ISO 8601, lists arrays, null cells null. */
char            *fcrm_report_table_to_json (const FcrmReportTable *table);
/** The table as CSV (RFC 4180 quoting, CRLF line ends) with a header line of
 * column keys; @separator ',' or ';'. */
char            *fcrm_report_table_to_csv  (const FcrmReportTable *table,
                                            char                   separator);

G_END_DECLS
