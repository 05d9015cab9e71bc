#define G_LOG_DOMAIN "furniture-crm-cli"

/* report funnel|conversion|losses|time|stuck|managers|revenue: the core's
 * report tables (fcrm-reports.h) as JSON, CSV or tab-separated text. */

#include <glib/gi18n.h>
#include <stdio.h>

#include "fcrm-cli.h"
#include "fcrm-clock.h"
#include "fcrm-reports.h"

#define REPORT_USAGE N_("Usage: report funnel|conversion|losses|time|stuck|managers|revenue " \
                        "[--pipeline P] [--from DATE] [--to DATE] [--responsible LOGIN] [--csv]")

/* The text format: translated titles, then one line per row, tab-separated;
 * codes as their names. */
static void
print_text (const FcrmReportTable *table)
{
  for (guint c = 0; c < table->n_columns; c++)
    g_print ("%s%s", c > 0 ? "\t" : "", table->columns[c].title);
  g_print ("\n");
  for (guint r = 0; r < table->rows->len; r++)
    {
      FcrmReportRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        {
          const FcrmReportCell *cell = &row->cells[c];
          g_autofree char *text = fcrm_report_cell_to_string (&table->columns[c], cell);

          g_print ("%s%s", c > 0 ? "\t" : "",
                   !cell->null && cell->display != NULL ? cell->display
                   : cell->null ? "-" : text);
        }
      g_print ("\n");
    }
}

static gboolean
parse_day (const char  *text,
           gint64      *out,
           GError     **error)
{
  return text == NULL || fcrm_date_parse (text, out, error);
}

int
fcrm_cli_report (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *responsible = NULL;
  gboolean csv = FALSE;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("Only this pipeline (lead, manufacturing, design, repair)"), N_("P") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this day (YYYY-MM-DD)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Up to this day, included (YYYY-MM-DD)"), N_("DATE") },
    { "responsible", 0, 0, G_OPTION_ARG_STRING, &responsible, N_("Only this person's items"), N_("LOGIN") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV with a header line"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmReportTable) table = NULL;
  FcrmReportFilter filter = { NULL, 0, 0, 0 };
  FcrmReportKind kind;

  if (!fcrm_cli_parse ("report", "funnel|conversion|losses|time|stuck|managers|revenue", entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2 || !fcrm_report_kind_from_string (argv[1], &kind))
    return fcrm_cli_usage (_(REPORT_USAGE));
  if (!parse_day (from, &filter.from, &error) || !parse_day (to, &filter.to, &error))
    return fcrm_cli_fail (error);
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  filter.pipeline = pipeline;
  if (responsible != NULL)
    {
      g_autoptr(FcrmUser) user = fcrm_crm_find_user (cli->crm, responsible, &error);

      if (user == NULL)
        return fcrm_cli_fail (error);
      filter.responsible_id = user->id;
    }
  table = fcrm_crm_report (cli->crm, kind, &filter, &error);
  if (table == NULL)
    return fcrm_cli_fail (error);
  if (csv)
    {
      g_autofree char *text = fcrm_report_table_to_csv (table, ',');
      fputs (text, stdout);
    }
  else if (cli->json)
    {
      g_autofree char *text = fcrm_report_table_to_json (table);
      fputs (text, stdout);
    }
  else
    print_text (table);
  return FCRM_EXIT_OK;
}
