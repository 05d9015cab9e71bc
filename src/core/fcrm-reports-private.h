#pragma once

#include "fcrm-crm-private.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-reports.h"
#include "fcrm-store.h"

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

/* What every query of one report needs. */
typedef struct
{
  FcrmCrm                *crm;
  FcrmStore              *store;
  const FcrmReportFilter *filter;
  const char             *pipeline;   /* "" for all (bound as is) */
  gint64                  lo;         /* the period: lo <= t < hi */
  gint64                  hi;
  gint64                  now;
  GHashTable             *users;      /* id (gint64 *) → FcrmUser, everybody */
} FcrmReportContext;

/** TRUE when the filter takes items of @pipeline. */
gboolean fcrm_report_wants_pipeline (const FcrmReportContext *ctx,
                                     const char              *pipeline);
/** A CODE cell naming the user @id (login, name); left null for 0 or unknown. */
void     fcrm_report_set_user       (const FcrmReportContext *ctx,
                                     FcrmReportRow           *row,
                                     int                      column,
                                     gint64                   id);
/** A CODE cell naming @stage (and one naming its pipeline when @pipeline_column >= 0). */
void     fcrm_report_set_stage      (const FcrmReportContext *ctx,
                                     FcrmReportRow           *row,
                                     int                      column,
                                     int                      pipeline_column,
                                     const FcrmStage         *stage);

/* fcrm-reports-flow.c: reports read from the stage history */
extern const char fcrm_reports_history_sql[];
extern const char fcrm_reports_history_of_sql[];
extern const char fcrm_reports_funnel_leads_sql[];
extern const char fcrm_reports_funnel_deals_sql[];
FcrmReportTable *fcrm_reports_funnel     (FcrmReportContext *ctx, GError **error);
FcrmReportTable *fcrm_reports_time       (FcrmReportContext *ctx, GError **error);
/* fcrm-reports-queries.c */
FcrmReportTable *fcrm_reports_conversion (FcrmReportContext *ctx, GError **error);
FcrmReportTable *fcrm_reports_losses     (FcrmReportContext *ctx, GError **error);
FcrmReportTable *fcrm_reports_stuck      (FcrmReportContext *ctx, GError **error);
FcrmReportTable *fcrm_reports_managers   (FcrmReportContext *ctx, GError **error);
FcrmReportTable *fcrm_reports_revenue    (FcrmReportContext *ctx, GError **error);

/** Run the report's queries for a checked @filter. */
FcrmReportTable *fcrm_reports_compute     (FcrmCrm                *crm,
                                           FcrmReportKind          kind,
                                           const FcrmReportFilter *filter,
                                           GError                **error);

G_END_DECLS
