#define G_LOG_DOMAIN "fcrm-reports"

/* The report tables: their columns, the filter check, the JSON and CSV the
 * CLI prints, and the asynchronous entry for the GUI. The SQL of each
 * report is in fcrm-reports-queries.c. */

#include <glib/gi18n-lib.h>

#include "fcrm-clock.h"
#include "fcrm-crm-async.h"
#include "fcrm-error.h"
#include "fcrm-json-writer.h"
#include "fcrm-money.h"
#include "fcrm-reports-private.h"

static const char * const kind_codes[FCRM_REPORT_N_KINDS] = {
  "funnel", "conversion", "losses", "time", "stuck", "managers", "revenue",
};

static const char * const kind_names[FCRM_REPORT_N_KINDS] = {
  N_("Funnel"), N_("Lead conversion"), N_("Wins and losses"), N_("Time in stages"),
  N_("Stuck"), N_("Managers"), N_("Revenue by month"),
};

#define COL(key, title, kind) { key, title, FCRM_REPORT_COLUMN_##kind }

static const FcrmReportColumn funnel_columns[] = {
  COL ("pipeline", N_("Pipeline"), CODE),
  COL ("stage", N_("Stage"), CODE),
  COL ("count", N_("Open now"), COUNT),
  COL ("budget", N_("Budget"), MONEY),
  COL ("entered", N_("Entered"), COUNT),
  COL ("advanced", N_("Moved on"), COUNT),
  COL ("conversion", N_("Conversion"), RATE),
};

static const FcrmReportColumn conversion_columns[] = {
  COL ("by", N_("Grouped by"), CODE),
  COL ("source", N_("Source"), CODE),
  COL ("user", N_("Manager"), CODE),
  COL ("count", N_("Leads"), COUNT),
  COL ("converted", N_("Converted"), COUNT),
  COL ("won", N_("Won"), COUNT),
  COL ("conversion_rate", N_("Conversion"), RATE),
  COL ("win_rate", N_("Win rate"), RATE),
};

static const FcrmReportColumn losses_columns[] = {
  COL ("reason", N_("Reason"), CODE),
  COL ("lost", N_("Lost deals"), COUNT),
  COL ("budget", N_("Lost budget"), MONEY),
  COL ("share", N_("Share"), RATE),
  COL ("texts", N_("Reasons given"), TEXTS),
  COL ("won", N_("Won"), COUNT),
  COL ("win_rate", N_("Win rate"), RATE),
};

static const FcrmReportColumn time_columns[] = {
  COL ("pipeline", N_("Pipeline"), CODE),
  COL ("stage", N_("Stage"), CODE),
  COL ("count", N_("Times passed"), COUNT),
  COL ("avg_days", N_("Average days"), DAYS),
  COL ("median_days", N_("Median days"), DAYS),
};

static const FcrmReportColumn stuck_columns[] = {
  COL ("type", N_("Type"), CODE),
  COL ("id", N_("Number"), ID),
  COL ("title", N_("Title"), TEXT),
  COL ("pipeline", N_("Pipeline"), CODE),
  COL ("stage", N_("Stage"), CODE),
  COL ("days", N_("Days in stage"), DAYS),
  COL ("user", N_("Responsible"), CODE),
  COL ("next_task", N_("Next task"), TEXT),
  COL ("next_task_due", N_("Due"), TIME),
};

static const FcrmReportColumn managers_columns[] = {
  COL ("user", N_("Manager"), CODE),
  COL ("leads", N_("Leads"), COUNT),
  COL ("converted", N_("Converted"), COUNT),
  COL ("won", N_("Won"), COUNT),
  COL ("lost", N_("Lost deals"), COUNT),
  COL ("revenue", N_("Revenue"), MONEY),
  COL ("overdue_tasks", N_("Overdue tasks"), COUNT),
  COL ("callbacks_done", N_("Callbacks done"), COUNT),
};

static const FcrmReportColumn revenue_columns[] = {
  COL ("month", N_("Month"), CODE),
  COL ("count", N_("Won deals"), COUNT),
  COL ("revenue", N_("Revenue"), MONEY),
  COL ("previous_count", N_("Won a year before"), COUNT),
  COL ("previous_revenue", N_("Revenue a year before"), MONEY),
};

typedef struct
{
  const FcrmReportColumn *columns;
  guint                   n_columns;
  FcrmReportChart         chart;
  const char             *label;
  const char             *value;
  const char             *compare;
} ReportShape;

#define SHAPE(cols, chart, label, value, compare) \
  { cols, G_N_ELEMENTS (cols), FCRM_REPORT_CHART_##chart, label, value, compare }

static const ReportShape shapes[FCRM_REPORT_N_KINDS] = {
  SHAPE (funnel_columns, FUNNEL, "stage", "count", NULL),
  SHAPE (conversion_columns, BARS, "source", "count", "converted"),
  SHAPE (losses_columns, DONUT, "reason", "lost", NULL),
  SHAPE (time_columns, BARS, "stage", "avg_days", "median_days"),
  SHAPE (stuck_columns, NONE, NULL, NULL, NULL),
  SHAPE (managers_columns, BARS, "user", "revenue", NULL),
  SHAPE (revenue_columns, BARS, "month", "revenue", "previous_revenue"),
};

const char *
fcrm_report_kind_to_string (FcrmReportKind kind)
{
  g_return_val_if_fail (kind < FCRM_REPORT_N_KINDS, NULL);
  return kind_codes[kind];
}

gboolean
fcrm_report_kind_from_string (const char     *text,
                              FcrmReportKind *out_kind)
{
  for (guint i = 0; text != NULL && i < FCRM_REPORT_N_KINDS; i++)
    if (g_str_equal (text, kind_codes[i]))
      {
        *out_kind = (FcrmReportKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
fcrm_report_kind_display_name (FcrmReportKind kind)
{
  g_return_val_if_fail (kind < FCRM_REPORT_N_KINDS, NULL);
  return _(kind_names[kind]);
}

static int
column_of (const FcrmReportColumn *columns,
           guint                   n_columns,
           const char             *key)
{
  for (guint i = 0; key != NULL && i < n_columns; i++)
    if (g_str_equal (columns[i].key, key))
      return (int) i;
  return -1;
}

FcrmReportTable *
fcrm_report_table_new (FcrmReportKind kind)
{
  const ReportShape *shape = &shapes[kind];
  FcrmReportTable *table = g_new0 (FcrmReportTable, 1);

  table->kind = kind;
  table->n_columns = shape->n_columns;
  table->columns = g_new0 (FcrmReportColumn, shape->n_columns);
  for (guint i = 0; i < shape->n_columns; i++)
    {
      table->columns[i] = shape->columns[i];
      table->columns[i].title = _(shape->columns[i].title);
    }
  table->rows = g_ptr_array_new_with_free_func (g_free);
  table->chart = shape->chart;
  table->chart_label = column_of (shape->columns, shape->n_columns, shape->label);
  table->chart_value = column_of (shape->columns, shape->n_columns, shape->value);
  table->chart_compare = column_of (shape->columns, shape->n_columns, shape->compare);
  return table;
}

/* Cells live in the row's own allocation; their strings are freed with the
 * table (which knows the column count). */
FcrmReportRow *
fcrm_report_table_add_row (FcrmReportTable *table)
{
  FcrmReportRow *row = g_malloc0 (sizeof (FcrmReportRow) + table->n_columns * sizeof (FcrmReportCell));

  row->cells = (FcrmReportCell *) (row + 1);
  for (guint i = 0; i < table->n_columns; i++)
    row->cells[i].null = TRUE;
  g_ptr_array_add (table->rows, row);
  return row;
}

void
fcrm_report_set_number (FcrmReportRow *row,
                        int            column,
                        gint64         number)
{
  row->cells[column].null = FALSE;
  row->cells[column].number = number;
}

void
fcrm_report_set_real (FcrmReportRow *row,
                      int            column,
                      double         real)
{
  row->cells[column].null = FALSE;
  row->cells[column].real = real;
}

void
fcrm_report_set_rate (FcrmReportRow *row,
                      int            column,
                      gint64         part,
                      gint64         whole)
{
  if (whole > 0)
    fcrm_report_set_real (row, column, (double) part / (double) whole);
}

void
fcrm_report_set_text (FcrmReportRow *row,
                      int            column,
                      const char    *text,
                      const char    *display)
{
  g_free (row->cells[column].text);
  g_free (row->cells[column].display);
  row->cells[column].null = text == NULL;
  row->cells[column].text = g_strdup (text);
  row->cells[column].display = g_strdup (display);
}

void
fcrm_report_set_texts (FcrmReportRow *row,
                       int            column,
                       char         **texts)
{
  g_strfreev (row->cells[column].texts);
  row->cells[column].null = texts == NULL;
  row->cells[column].texts = texts;
}

void
fcrm_report_table_free (FcrmReportTable *table)
{
  if (table == NULL)
    return;
  for (guint r = 0; r < table->rows->len; r++)
    {
      FcrmReportRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_free (row->cells[c].text);
          g_free (row->cells[c].display);
          g_strfreev (row->cells[c].texts);
        }
    }
  g_ptr_array_unref (table->rows);
  g_free (table->columns);
  g_free (table);
}

int
fcrm_report_table_find_column (const FcrmReportTable *table,
                               const char            *key)
{
  g_return_val_if_fail (table != NULL, -1);
  return column_of (table->columns, table->n_columns, key);
}

/* A real with at most two decimals, always with a dot, trailing zeros
 * dropped: "2.5", "0.25", "3". */
static char *
format_real (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double rounded = (double) (gint64) (value * 100.0 + (value < 0 ? -0.5 : 0.5)) / 100.0;

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", rounded));
}

char *
fcrm_report_cell_to_string (const FcrmReportColumn *column,
                            const FcrmReportCell   *cell)
{
  g_return_val_if_fail (column != NULL && cell != NULL, NULL);

  if (cell->null)
    return g_strdup ("");
  switch (column->kind)
    {
    case FCRM_REPORT_COLUMN_TEXT:
    case FCRM_REPORT_COLUMN_CODE:
      return g_strdup (cell->text != NULL ? cell->text : "");
    case FCRM_REPORT_COLUMN_COUNT:
    case FCRM_REPORT_COLUMN_ID:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->number);
    case FCRM_REPORT_COLUMN_MONEY:
      return fcrm_money_format_plain (cell->number);
    case FCRM_REPORT_COLUMN_DAYS:
    case FCRM_REPORT_COLUMN_RATE:
      return format_real (cell->real);
    case FCRM_REPORT_COLUMN_TIME:
      return cell->flag ? fcrm_time_format_date (cell->number)
                        : fcrm_time_format_iso (cell->number);
    case FCRM_REPORT_COLUMN_TEXTS:
      return cell->texts != NULL ? g_strjoinv ("; ", cell->texts) : g_strdup ("");
    default:
      g_assert_not_reached ();
    }
}

char *
fcrm_report_table_to_json (const FcrmReportTable *table)
{
  GString *out = g_string_new (NULL);
  FcrmJsonWriter w;

  g_return_val_if_fail (table != NULL, NULL);

  fcrm_json_writer_init (&w, out);
  fcrm_json_begin_array (&w);
  for (guint r = 0; r < table->rows->len; r++)
    {
      FcrmReportRow *row = g_ptr_array_index (table->rows, r);

      fcrm_json_begin_object (&w);
      for (guint c = 0; c < table->n_columns; c++)
        {
          const FcrmReportColumn *column = &table->columns[c];
          const FcrmReportCell *cell = &row->cells[c];
          g_autofree char *text = NULL;

          fcrm_json_key (&w, column->key);
          if (cell->null)
            {
              fcrm_json_null (&w);
              continue;
            }
          if (column->kind == FCRM_REPORT_COLUMN_TEXTS)
            {
              fcrm_json_begin_array (&w);
              for (guint i = 0; cell->texts != NULL && cell->texts[i] != NULL; i++)
                fcrm_json_string (&w, cell->texts[i]);
              fcrm_json_end_array (&w);
              continue;
            }
          text = fcrm_report_cell_to_string (column, cell);
          switch (column->kind)
            {
            case FCRM_REPORT_COLUMN_COUNT:
            case FCRM_REPORT_COLUMN_ID:
            case FCRM_REPORT_COLUMN_DAYS:
            case FCRM_REPORT_COLUMN_RATE:
              fcrm_json_number_text (&w, text);
              break;
            default:
              fcrm_json_string (&w, text);
              break;
            }
        }
      fcrm_json_end_object (&w);
    }
  fcrm_json_end_array (&w);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* RFC 4180: a field with the separator, a quote or a line break is quoted,
 * its quotes doubled. */
static void
append_csv_field (GString    *out,
                  const char *text,
                  char        separator)
{
  if (strchr (text, separator) == NULL && strpbrk (text, "\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
fcrm_report_table_to_csv (const FcrmReportTable *table,
                          char                   separator)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (table != NULL, NULL);

  for (guint c = 0; c < table->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, separator);
      append_csv_field (out, table->columns[c].key, separator);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < table->rows->len; r++)
    {
      FcrmReportRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *text = fcrm_report_cell_to_string (&table->columns[c], &row->cells[c]);

          if (c > 0)
            g_string_append_c (out, separator);
          append_csv_field (out, text, separator);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

FcrmReportTable *
fcrm_crm_report (FcrmCrm                *self,
                 FcrmReportKind          kind,
                 const FcrmReportFilter *filter,
                 GError                **error)
{
  static const FcrmReportFilter everything = { NULL, 0, 0, 0 };

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (kind < FCRM_REPORT_N_KINDS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    filter = &everything;
  if (filter->pipeline != NULL && fcrm_crm_get_pipeline (self, filter->pipeline) == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Unknown pipeline “%s”: choose lead, manufacturing, design or repair."),
                   filter->pipeline);
      return NULL;
    }
  if (filter->from != 0 && filter->to != 0 && filter->to < filter->from)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                           _("The end of the period is before its start: swap the dates."));
      return NULL;
    }
  return fcrm_reports_compute (self, kind, filter, error);
}

typedef struct
{
  FcrmReportKind   kind;
  FcrmReportFilter filter;
  char            *pipeline;
} ReportJob;

static void
report_job_free (gpointer data)
{
  ReportJob *job = data;

  g_free (job->pipeline);
  g_free (job);
}

static gpointer
report_job_run (FcrmCrm  *worker,
                gpointer  data,
                GError  **error)
{
  ReportJob *job = data;

  return fcrm_crm_report (worker, job->kind, &job->filter, error);
}

void
fcrm_crm_report_async (FcrmCrm                *self,
                       FcrmReportKind          kind,
                       const FcrmReportFilter *filter,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  ReportJob *job;

  g_return_if_fail (FCRM_IS_CRM (self));
  g_return_if_fail (kind < FCRM_REPORT_N_KINDS);

  job = g_new0 (ReportJob, 1);
  job->kind = kind;
  if (filter != NULL)
    {
      job->filter = *filter;
      job->pipeline = g_strdup (filter->pipeline);
      job->filter.pipeline = job->pipeline;
    }
  fcrm_crm_read_async (self, report_job_run, job, report_job_free,
                       (GDestroyNotify) fcrm_report_table_free,
                       cancellable, callback, user_data);
}

FcrmReportTable *
fcrm_crm_report_finish (FcrmCrm       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return fcrm_crm_read_finish (self, result, error);
}
