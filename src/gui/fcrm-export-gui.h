#pragma once

#include <gtk/gtk.h>

#include "fcrm-chart.h"
#include "fcrm-table.h"

G_BEGIN_DECLS

/* Exporting a table from the GUI: asking where, writing off the main loop
 * (fcrm-export.h does the writing), printing it with its chart. */

typedef enum {
  FCRM_EXPORT_CSV,
  FCRM_EXPORT_XLSX,
} FcrmExportFormat;

/** The CSV separator that suits the user's locale: ';' where numbers take a
 * decimal comma (spreadsheets there split on ';'), else ','. */
char       fcrm_export_default_separator (void);

/** Write @table to @file as @format in a worker thread. */
void       fcrm_export_table_async      (FcrmTable           *table,
                                         FcrmExportFormat     format,
                                         char                 separator,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean   fcrm_export_table_finish     (GAsyncResult        *result,
                                         GError             **error);

/** Ask for a file (with a choice of separator for CSV, remembered in
 * @settings, which may be NULL), write it, and tell the window how it went
 * (a toast, or the error). */
void       fcrm_export_table_interactive (GtkWidget          *parent,
                                          FcrmTable          *table,
                                          FcrmExportFormat    format,
                                          GSettings          *settings);
/** The toast or error after an export of @file by @widget's window. */
void       fcrm_export_report_result    (GtkWidget          *widget,
                                         GFile              *file,
                                         const GError       *error);

/** Print @table with @chart (may be NULL) above it: the print dialog, or
 * with @pdf_path, straight to that PDF file without a dialog. */
gboolean   fcrm_export_print            (GtkWidget          *parent,
                                         FcrmTable          *table,
                                         FcrmChart          *chart,
                                         const char         *pdf_path,
                                         GError            **error);

G_END_DECLS
