#define G_LOG_DOMAIN "fcrm-export"

/* Printing a table (and its chart) with GtkPrintOperation: a heading, the
 * chart on the first page, then the rows, with the column titles repeated
 * on every page. "Print to File" in the dialog saves it as PDF. */

#include <glib/gi18n.h>

#include "fcrm-chart-private.h"
#include "fcrm-export-gui.h"

#define FONT "Sans 9"
#define MARGIN_GAP 12.0   /* points between the heading, the chart and the table */
#define CELL_PAD 4.0

typedef struct
{
  FcrmTable *table;
  FcrmChart *chart;      /* nullable */
  double     line;       /* a table row's height */
  double     head;       /* the heading's height, first page */
  double     chart_h;    /* the chart's height, first page (0: none) */
  double    *widths;     /* per column */
  GArray    *pages;      /* guint, the first row of each page */
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  fcrm_table_unref (job->table);
  g_clear_object (&job->chart);
  g_free (job->widths);
  g_array_unref (job->pages);
  g_free (job);
}

static PangoLayout *
cell_layout (GtkPrintContext *context,
             const char      *text,
             gboolean         bold,
             double           scale)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = pango_font_description_from_string (FONT);

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (scale != 1.0)
    pango_font_description_set_size (font, (int) (pango_font_description_get_size (font) * scale));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (GtkPrintContext *context,
            const char      *text,
            gboolean         bold)
{
  g_autoptr(PangoLayout) layout = cell_layout (context, text, bold, 1.0);
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

/* Natural widths, then shrunk to the page: text columns give way first. */
static void
measure_columns (PrintJob        *job,
                 GtkPrintContext *context,
                 double           page_width)
{
  guint n = fcrm_table_get_n_columns (job->table);
  double total = 0, text_total = 0;

  job->widths = g_new0 (double, n);
  for (guint c = 0; c < n; c++)
    {
      double w = text_width (context, fcrm_table_get_column_title (job->table, c), TRUE);

      for (guint r = 0; r < fcrm_table_get_n_rows (job->table) && r < 500; r++)
        {
          g_autofree char *text = fcrm_table_format_display (job->table, r, c);

          w = MAX (w, text_width (context, text, FALSE));
        }
      job->widths[c] = w + 2 * CELL_PAD;
      total += job->widths[c];
      if (fcrm_table_get_column_kind (job->table, c) == FCRM_TABLE_TEXT)
        text_total += job->widths[c];
    }

  if (total <= page_width)
    return;
  if (text_total > total - page_width + n * 20)
    {
      double keep = (text_total - (total - page_width)) / text_total;

      for (guint c = 0; c < n; c++)
        if (fcrm_table_get_column_kind (job->table, c) == FCRM_TABLE_TEXT)
          job->widths[c] *= keep;
    }
  else
    for (guint c = 0; c < n; c++)
      job->widths[c] *= page_width / total;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  g_autoptr(PangoLayout) probe = cell_layout (context, "Ag", FALSE, 1.0);
  guint n_rows = fcrm_table_get_n_rows (job->table);
  double y;
  int h;

  pango_layout_get_size (probe, NULL, &h);
  job->line = (double) h / PANGO_SCALE + 2 * CELL_PAD;
  job->head = job->line * 3;
  if (job->chart != NULL && fcrm_chart_get_n_items (job->chart) > 0)
    /* as tall as the chart wants at the print's font, within 40 % of the page */
    job->chart_h = MIN (height * 0.4, fcrm_chart_natural_height (job->chart, job->line - 2 * CELL_PAD));
  measure_columns (job, context, width);

  /* rows per page: the first holds the heading and the chart */
  g_array_set_size (job->pages, 0);
  y = job->head + (job->chart_h > 0 ? job->chart_h + MARGIN_GAP : 0) + job->line;
  g_array_append_vals (job->pages, (guint[]) { 0 }, 1);
  for (guint r = 0; r < n_rows; r++)
    {
      if (y + job->line > height)
        {
          g_array_append_val (job->pages, r);
          y = job->line;
        }
      y += job->line;
    }
  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           double       width,
           double       alpha,
           gboolean     right)
{
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  cairo_set_source_rgba (cr, 0, 0, 0, alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_row (PrintJob        *job,
          GtkPrintContext *context,
          int              row,   /* -1: the column titles */
          double           y)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double x = 0;
  gboolean bold = row < 0 || fcrm_table_get_row_total (job->table, (guint) row);

  for (guint c = 0; c < fcrm_table_get_n_columns (job->table); c++)
    {
      g_autofree char *text = row < 0 ? g_strdup (fcrm_table_get_column_title (job->table, c))
                                      : fcrm_table_format_display (job->table, (guint) row, c);
      g_autoptr(PangoLayout) layout = cell_layout (context, text, bold, 1.0);
      gboolean number = fcrm_table_get_column_kind (job->table, c) != FCRM_TABLE_TEXT;

      draw_text (cr, layout, x + CELL_PAD, y + CELL_PAD, job->widths[c] - 2 * CELL_PAD, 1.0, number);
      x += job->widths[c];
    }

  cairo_set_source_rgba (cr, 0, 0, 0, row < 0 ? 0.6 : 0.15);
  cairo_set_line_width (cr, row < 0 ? 0.8 : 0.4);
  cairo_move_to (cr, 0, y + job->line);
  cairo_line_to (cr, x, y + job->line);
  cairo_stroke (cr);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  guint first = g_array_index (job->pages, guint, page);
  guint last = (guint) page + 1 < job->pages->len ? g_array_index (job->pages, guint, page + 1)
                                                  : fcrm_table_get_n_rows (job->table);
  double y = 0;

  if (page == 0)
    {
      g_autoptr(PangoLayout) title = cell_layout (context, fcrm_table_get_title (job->table), TRUE, 1.6);
      const char *subtitle = fcrm_table_get_subtitle (job->table);

      draw_text (cr, title, 0, 0, width, 1.0, FALSE);
      if (subtitle != NULL)
        {
          g_autoptr(PangoLayout) sub = cell_layout (context, subtitle, FALSE, 1.0);

          draw_text (cr, sub, 0, job->line * 1.7, width, 0.7, FALSE);
        }
      y = job->head;

      if (job->chart_h > 0)
        {
          PangoContext *pango = gtk_print_context_create_pango_context (context);
          PangoFontDescription *font = pango_font_description_from_string (FONT);
          GdkRGBA ink = { 0, 0, 0, 1 };

          pango_context_set_font_description (pango, font);
          pango_font_description_free (font);
          cairo_save (cr);
          cairo_translate (cr, 0, y);
          fcrm_chart_draw (job->chart, cr, pango, &ink, FALSE, width, job->chart_h);
          cairo_restore (cr);
          g_object_unref (pango);
          y += job->chart_h + MARGIN_GAP;
        }
    }
  else
    {
      /* later pages name the table in the running header's place */
      g_autofree char *text = g_strdup_printf (_("%s, page %d"), fcrm_table_get_title (job->table), page + 1);
      g_autoptr(PangoLayout) layout = cell_layout (context, text, FALSE, 0.9);

      draw_text (cr, layout, 0, -job->line * 0.2, width, 0.6, TRUE);
      y = job->line;
    }

  draw_row (job, context, -1, y);
  y += job->line;
  for (guint r = first; r < last; r++, y += job->line)
    draw_row (job, context, (int) r, y);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWidget               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      fcrm_export_report_result (parent, NULL, error);
    }
}

gboolean
fcrm_export_print (GtkWidget  *parent,
                   FcrmTable  *table,
                   FcrmChart  *chart,
                   const char *pdf_path,
                   GError    **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  PrintJob *job;
  GtkRoot *root;
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WIDGET (parent), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (chart == NULL || FCRM_IS_CHART (chart), FALSE);

  job = g_new0 (PrintJob, 1);
  job->table = fcrm_table_ref (table);
  job->chart = chart != NULL ? g_object_ref (chart) : NULL;
  job->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_object_set_data_full (G_OBJECT (operation), "fcrm-print-job", job, print_job_free);

  /* wide tables lie down */
  if (fcrm_table_get_n_columns (table) > 6)
    gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, fcrm_table_get_title (table));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  if (pdf_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, pdf_path);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
      return result != GTK_PRINT_OPERATION_RESULT_ERROR;
    }

  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), parent, 0);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
