#define G_LOG_DOMAIN "fcrm-reports-view"

/* What the Reports view shows of a report besides its table: the chart
 * (which kind, which columns, the labels) and the answer in a few words. */

#include <glib/gi18n.h>
#include <math.h>

#include "fcrm-reports-view-private.h"

static int
column (FcrmTable  *table,
        const char *key)
{
  return fcrm_table_find_column (table, key);
}

/* A funnel stage: its count, with the budget and the stage's conversion beside. */
static void
fill_funnel (FcrmChart *chart,
             FcrmTable *table)
{
  int stage = column (table, "stage");
  int pipeline = column (table, "pipeline");
  int count = column (table, "count");
  int budget = column (table, "budget");
  int conversion = column (table, "conversion");
  gboolean several = FALSE;

  for (guint r = 1; pipeline >= 0 && r < fcrm_table_get_n_rows (table); r++)
    several = several || g_strcmp0 (fcrm_table_get_text (table, r, pipeline),
                                    fcrm_table_get_text (table, 0, pipeline)) != 0;

  fcrm_chart_clear (chart);
  fcrm_chart_set_kind (chart, FCRM_CHART_FUNNEL);
  fcrm_chart_set_value_kind (chart, FCRM_TABLE_COUNT);
  fcrm_chart_set_series_names (chart, NULL, NULL);
  for (guint r = 0; stage >= 0 && count >= 0 && r < fcrm_table_get_n_rows (table); r++)
    {
      g_autofree char *money = budget >= 0 ? fcrm_table_format_display (table, r, budget) : g_strdup ("");
      g_autofree char *rate = conversion >= 0 ? fcrm_table_format_display (table, r, conversion) : g_strdup ("");
      g_autofree char *note = NULL;
      const char *name = pipeline >= 0 ? fcrm_table_get_text (table, r, pipeline) : NULL;

      if (fcrm_table_get_row_total (table, r))
        continue;
      /* stages of several pipelines: a funnel for each */
      if (several && (r == 0 || g_strcmp0 (name, fcrm_table_get_text (table, r - 1, pipeline)) != 0))
        fcrm_chart_add_heading (chart, name);
      if (*rate != '\0')
        /* Translators: under a funnel stage: its budget and the share of
         * entries that moved on ("1 200 000 ₽ · moved on 45%") */
        note = g_strdup_printf (C_("funnel note", "%s · moved on %s"), money, rate);
      fcrm_chart_add (chart, fcrm_table_get_text (table, r, stage), fcrm_table_get_number (table, r, count), NAN,
                      note != NULL ? note : money);
    }
}

/* Revenue's months, short enough for a bar each ("Sep 2026"), from their codes. */
static void
fill_revenue (FcrmChart             *chart,
              const FcrmReportTable *report,
              FcrmTable             *table)
{
  int month = fcrm_report_table_find_column (report, "month");

  fcrm_chart_set_from_table (chart, table, report->chart_label, report->chart_value, report->chart_compare);
  fcrm_chart_clear (chart);
  for (guint r = 0; month >= 0 && r < report->rows->len; r++)
    {
      FcrmReportRow *row = g_ptr_array_index (report->rows, r);
      const char *code = row->cells[month].text;
      g_autoptr(GDateTime) first = NULL;
      g_autofree char *label = NULL;
      int y, m;

      if (row->total || code == NULL || sscanf (code, "%d-%d", &y, &m) != 2 || m < 1 || m > 12)
        continue;
      first = g_date_time_new_local (y, m, 1, 0, 0, 0);
      /* Translators: a month under a bar of a chart, g_date_time_format()
       * notation: the abbreviated month and the year */
      label = g_date_time_format (first, C_("chart month", "%b %Y"));
      fcrm_chart_add (chart, label, fcrm_table_get_number (table, r, report->chart_value),
                      report->chart_compare >= 0 && !fcrm_table_cell_is_empty (table, r, report->chart_compare)
                      ? fcrm_table_get_number (table, r, report->chart_compare) : NAN,
                      NULL);
    }
}

/* Time in stages: bars per stage, under their pipeline's name when several. */
static void
fill_time (FcrmChart             *chart,
           const FcrmReportTable *report,
           FcrmTable             *table)
{
  int pipeline = column (table, "pipeline");
  int stage = column (table, "stage");
  gboolean several = FALSE;

  fcrm_chart_set_from_table (chart, table, report->chart_label, report->chart_value, report->chart_compare);
  for (guint r = 1; pipeline >= 0 && r < fcrm_table_get_n_rows (table); r++)
    several = several || g_strcmp0 (fcrm_table_get_text (table, r, pipeline),
                                    fcrm_table_get_text (table, 0, pipeline)) != 0;
  if (!several || stage < 0)
    return;

  fcrm_chart_clear (chart);
  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    {
      const char *name = fcrm_table_get_text (table, r, pipeline);

      if (fcrm_table_get_row_total (table, r) || fcrm_table_cell_is_empty (table, r, stage))
        continue;
      if (r == 0 || g_strcmp0 (name, fcrm_table_get_text (table, r - 1, pipeline)) != 0)
        fcrm_chart_add_heading (chart, name);
      fcrm_chart_add (chart, fcrm_table_get_text (table, r, stage),
                      fcrm_table_get_number (table, r, report->chart_value),
                      report->chart_compare >= 0 && !fcrm_table_cell_is_empty (table, r, report->chart_compare)
                      ? fcrm_table_get_number (table, r, report->chart_compare) : NAN,
                      NULL);
    }
}

gboolean
fcrm_reports_fill_chart (FcrmChart             *chart,
                         const FcrmReportTable *report,
                         FcrmTable             *table)
{
  gboolean shown = report->chart != FCRM_REPORT_CHART_NONE && report->chart_value >= 0;

  fcrm_chart_set_title (chart, fcrm_table_get_title (table));
  if (!shown)
    {
      fcrm_chart_clear (chart);
      return FALSE;
    }

  if (report->chart == FCRM_REPORT_CHART_FUNNEL)
    {
      fill_funnel (chart, table);
      return TRUE;
    }

  fcrm_chart_set_kind (chart, report->chart == FCRM_REPORT_CHART_DONUT ? FCRM_CHART_DONUT : FCRM_CHART_BARS);
  /* months read along; names (people, stages, sources) read down */
  fcrm_chart_set_horizontal (chart, report->kind != FCRM_REPORT_REVENUE);
  if (report->kind == FCRM_REPORT_REVENUE)
    fill_revenue (chart, report, table);
  else if (report->kind == FCRM_REPORT_TIME)
    fill_time (chart, report, table);
  else
    fcrm_chart_set_from_table (chart, table, report->chart_label, report->chart_value, report->chart_compare);
  return TRUE;
}

/* The sum of a column over the rows that are not totals. */
static double
column_sum (FcrmTable  *table,
            const char *key)
{
  int c = fcrm_table_find_column (table, key);
  double sum = 0;

  for (guint r = 0; c >= 0 && r < fcrm_table_get_n_rows (table); r++)
    if (!fcrm_table_get_row_total (table, r))
      sum += fcrm_table_get_number (table, r, (guint) c);
  return sum;
}

/* A total row's cell as shown, or "". */
static char *
total_cell (FcrmTable  *table,
            const char *key)
{
  int c = fcrm_table_find_column (table, key);

  for (guint r = 0; c >= 0 && r < fcrm_table_get_n_rows (table); r++)
    if (fcrm_table_get_row_total (table, r))
      return fcrm_table_format_display (table, r, (guint) c);
  return g_strdup ("");
}

char *
fcrm_reports_headline (FcrmReportKind  kind,
                       FcrmTable      *table)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint n = fcrm_table_get_n_rows (table);

  switch (kind)
    {
    case FCRM_REPORT_FUNNEL:
      a = fcrm_table_format_value (FCRM_TABLE_COUNT, column_sum (table, "count"));
      b = fcrm_table_format_value (FCRM_TABLE_MONEY, column_sum (table, "budget"));
      /* Translators: the funnel in a few words: open leads and deals, their budget */
      return g_strdup_printf (C_("report headline", "%s open, %s"), a, b);
    case FCRM_REPORT_LOSSES:
      a = total_cell (table, "win_rate");
      b = fcrm_table_format_value (FCRM_TABLE_MONEY, column_sum (table, "budget"));
      /* Translators: wins and losses in a few words: the win rate, the budget lost */
      return *a != '\0' ? g_strdup_printf (C_("report headline", "win rate %s, lost %s"), a, b) : NULL;
    case FCRM_REPORT_REVENUE:
      a = fcrm_table_format_value (FCRM_TABLE_MONEY, column_sum (table, "revenue"));
      b = fcrm_table_format_value (FCRM_TABLE_MONEY, column_sum (table, "previous_revenue"));
      /* Translators: revenue in a few words: the period's, the same months a year before */
      return g_strdup_printf (C_("report headline", "revenue %s, a year before %s"), a, b);
    case FCRM_REPORT_MANAGERS:
      a = fcrm_table_format_value (FCRM_TABLE_MONEY, column_sum (table, "revenue"));
      /* Translators: the managers' report in a few words: everybody's revenue */
      return g_strdup_printf (C_("report headline", "revenue %s"), a);
    case FCRM_REPORT_STUCK:
      return g_strdup_printf (ngettext ("%u stuck lead or deal", "%u stuck leads and deals", n), n);
    case FCRM_REPORT_CONVERSION:
    case FCRM_REPORT_TIME:
    default:
      return NULL;
    }
}
