#pragma once

#include <gtk/gtk.h>

#include "fcrm-chart.h"
#include "fcrm-crm.h"
#include "fcrm-export-gui.h"
#include "fcrm-reports.h"
#include "fcrm-table-view.h"

G_BEGIN_DECLS

#define FCRM_TYPE_REPORTS_VIEW (fcrm_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (FcrmReportsView, fcrm_reports_view, FCRM, REPORTS_VIEW, GtkWidget)

/** The Reports view: a report chosen from the seven, over a period, a
 * pipeline and a responsible person (remembered in @settings, which may be
 * NULL), shown as a chart and a table, computed off the main loop (a newer
 * question cancels the older). Exports and prints the table. Re-reads
 * itself after every FcrmCrm::changed while shown. */
GtkWidget       *fcrm_reports_view_new          (FcrmCrm         *crm,
                                                 GSettings       *settings);
/** Compute the report again. */
void             fcrm_reports_view_reload       (FcrmReportsView *self);
void             fcrm_reports_view_set_report   (FcrmReportsView *self,
                                                 FcrmReportKind   kind);
FcrmReportKind   fcrm_reports_view_get_report   (FcrmReportsView *self);
/** The table shown (NULL before the first answer or after an error). */
FcrmTable       *fcrm_reports_view_get_table    (FcrmReportsView *self);
FcrmChart       *fcrm_reports_view_get_chart    (FcrmReportsView *self);
FcrmTableView   *fcrm_reports_view_get_table_view (FcrmReportsView *self);
/** Whether a report is being computed. */
gboolean         fcrm_reports_view_is_loading   (FcrmReportsView *self);
/** Write the table shown to @file, off the main loop (what Export does
 * once the person chose a file); @separator for CSV. */
void             fcrm_reports_view_export_to_file (FcrmReportsView *self,
                                                   FcrmExportFormat format,
                                                   char             separator,
                                                   GFile           *file);

G_END_DECLS
