#pragma once

#include <gtk/gtk.h>

#include "fcrm-chart.h"
#include "fcrm-clients.h"
#include "fcrm-crm.h"
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

/* The window's lists (fcrm-export-lists.c) */

/** The table of a window's view: a board ("leads", "manufacturing",
 * "design", "repair": its open items), "tasks" (the acting user's open
 * tasks) or "callbacks" (every open callback), read off the main loop. */
void       fcrm_export_view_table_async  (FcrmCrm             *crm,
                                          const char          *view,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
FcrmTable *fcrm_export_view_table_finish (FcrmCrm             *crm,
                                          GAsyncResult        *result,
                                          GError             **error);
/** The same for "contacts" and "companies" as the list shows them: those
 * matching @query (NULL: all), in @sort order (the others ignore both). */
void       fcrm_export_list_table_async  (FcrmCrm             *crm,
                                          const char          *view,
                                          const char          *query,
                                          FcrmClientSort       sort,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/** Export or print a list with its filter (see above). */
void       fcrm_export_list              (GtkWidget           *parent,
                                          FcrmCrm             *crm,
                                          const char          *view,
                                          const char          *query,
                                          FcrmClientSort       sort,
                                          FcrmExportFormat     format,
                                          gboolean             print,
                                          GSettings           *settings);
/** Read the view's table, then export it as @format (asking where) or,
 * with @print, print it. */
void       fcrm_export_view              (GtkWidget           *parent,
                                          FcrmCrm             *crm,
                                          const char          *view,
                                          FcrmExportFormat     format,
                                          gboolean             print,
                                          GSettings           *settings);

G_END_DECLS
