#pragma once

#include "fcrm-reports-view.h"

G_BEGIN_DECLS

/* Shared by the Reports view (fcrm-reports-view.c) and its chart and
 * headline (fcrm-reports-view-chart.c). */

/** Fill @chart for @report, shown as @table; FALSE when the report has no chart. */
gboolean  fcrm_reports_fill_chart (FcrmChart             *chart,
                                   const FcrmReportTable *report,
                                   FcrmTable             *table);
/** The report's answer in a few words ("win rate 50%, lost 8 340 000 ₽"), or NULL. */
char     *fcrm_reports_headline   (FcrmReportKind         kind,
                                   FcrmTable             *table);

G_END_DECLS
