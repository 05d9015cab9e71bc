#pragma once

#include "fcrm-reports.h"

G_BEGIN_DECLS

/* Shared between the report tables (fcrm-reports.c) and their queries
 * (fcrm-reports-queries.c). */

/** An empty table of @kind with its columns (titles translated). */
FcrmReportTable *fcrm_report_table_new    (FcrmReportKind   kind);
/** A new row at the end, every cell null. */
FcrmReportRow   *fcrm_report_table_add_row (FcrmReportTable *table);
void             fcrm_report_set_number   (FcrmReportRow   *row,
                                           int              column,
                                           gint64           number);
void             fcrm_report_set_real     (FcrmReportRow   *row,
                                           int              column,
                                           double           real);
/** @part / @whole; left null when @whole is 0. */
void             fcrm_report_set_rate     (FcrmReportRow   *row,
                                           int              column,
                                           gint64           part,
                                           gint64           whole);
/** A TEXT or CODE cell; @text NULL leaves it null. */
void             fcrm_report_set_text     (FcrmReportRow   *row,
                                           int              column,
                                           const char      *text,
                                           const char      *display);
/** A TEXTS cell, taking @texts. */
void             fcrm_report_set_texts    (FcrmReportRow   *row,
                                           int              column,
                                           char           **texts);

/** Run the report's queries for a checked @filter. */
FcrmReportTable *fcrm_reports_compute     (FcrmCrm                *crm,
                                           FcrmReportKind          kind,
                                           const FcrmReportFilter *filter,
                                           GError                **error);

G_END_DECLS
