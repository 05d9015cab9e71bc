#define G_LOG_DOMAIN "fcrm-reports"

/* The SQL of each report (issue 12). Stub: empty tables with their columns
 * until the queries land. */

#include "fcrm-reports-private.h"

FcrmReportTable *
fcrm_reports_compute (FcrmCrm                *crm,
                      FcrmReportKind          kind,
                      const FcrmReportFilter *filter,
                      GError                **error)
{
  (void) crm;
  (void) filter;
  (void) error;
  return fcrm_report_table_new (kind);
}
