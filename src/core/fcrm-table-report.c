#define G_LOG_DOMAIN "fcrm-table-report"

#include <glib/gi18n-lib.h>

#include "fcrm-table-report.h"

static FcrmTableKind
table_kind (FcrmReportColumnKind kind)
{
  switch (kind)
    {
    case FCRM_REPORT_COLUMN_COUNT:
    case FCRM_REPORT_COLUMN_ID:
      return FCRM_TABLE_COUNT;
    case FCRM_REPORT_COLUMN_MONEY:
      return FCRM_TABLE_MONEY;
    case FCRM_REPORT_COLUMN_DAYS:
      return FCRM_TABLE_DAYS;
    case FCRM_REPORT_COLUMN_RATE:
      return FCRM_TABLE_PERCENT;
    case FCRM_REPORT_COLUMN_TIME:
      return FCRM_TABLE_TIME;
    case FCRM_REPORT_COLUMN_TEXT:
    case FCRM_REPORT_COLUMN_CODE:
    case FCRM_REPORT_COLUMN_TEXTS:
    default:
      return FCRM_TABLE_TEXT;
    }
}

static void
copy_cell (FcrmTable              *table,
           guint                   r,
           guint                   c,
           const FcrmReportColumn *column,
           const FcrmReportCell   *cell)
{
  g_autofree char *joined = NULL;

  if (cell->null)
    return;

  switch (column->kind)
    {
    case FCRM_REPORT_COLUMN_COUNT:
    case FCRM_REPORT_COLUMN_ID:
    case FCRM_REPORT_COLUMN_MONEY:
      fcrm_table_set_int (table, r, c, cell->number);
      break;
    case FCRM_REPORT_COLUMN_DAYS:
    case FCRM_REPORT_COLUMN_RATE:
      fcrm_table_set_double (table, r, c, cell->real);
      break;
    case FCRM_REPORT_COLUMN_TIME:
      fcrm_table_set_time (table, r, c, cell->number, cell->flag);
      break;
    case FCRM_REPORT_COLUMN_CODE:
      fcrm_table_set_text (table, r, c, cell->display != NULL && *cell->display != '\0'
                                        ? cell->display : cell->text);
      break;
    case FCRM_REPORT_COLUMN_TEXTS:
      if (cell->texts != NULL && cell->texts[0] != NULL)
        {
          joined = g_strjoinv ("; ", cell->texts);
          fcrm_table_set_text (table, r, c, joined);
        }
      break;
    case FCRM_REPORT_COLUMN_TEXT:
    default:
      fcrm_table_set_text (table, r, c, cell->text);
      break;
    }
}

FcrmTable *
fcrm_table_new_from_report (const FcrmReportTable *report,
                            const char            *subtitle)
{
  FcrmTable *table;

  g_return_val_if_fail (report != NULL, NULL);

  table = fcrm_table_new (fcrm_report_kind_display_name (report->kind));
  fcrm_table_set_subtitle (table, subtitle);
  for (guint c = 0; c < report->n_columns; c++)
    fcrm_table_add_column (table, report->columns[c].key, report->columns[c].title,
                           table_kind (report->columns[c].kind));

  for (guint i = 0; i < report->rows->len; i++)
    {
      FcrmReportRow *row = g_ptr_array_index (report->rows, i);
      guint r = fcrm_table_add_row (table);
      gboolean named = FALSE;

      for (guint c = 0; c < report->n_columns; c++)
        {
          const FcrmReportColumn *column = &report->columns[c];
          const FcrmReportCell *cell = &row->cells[c];

          copy_cell (table, r, c, column, cell);
          /* A total row names itself in its first empty group column. */
          if (row->total && !named && cell->null && column->kind == FCRM_REPORT_COLUMN_CODE)
            {
              fcrm_table_set_text (table, r, c,
                                   report->kind == FCRM_REPORT_TIME
                                   ? C_("report row", "Whole cycle")
                                   : C_("report row", "Total"));
              named = TRUE;
            }
        }
      fcrm_table_set_row_total (table, r, row->total);
      if (row->entity_id > 0)
        fcrm_table_set_row_link (table, r, fcrm_entity_type_to_string (row->entity_type), row->entity_id);
    }

  return table;
}
