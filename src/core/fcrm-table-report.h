#pragma once

#include "fcrm-reports.h"
#include "fcrm-table.h"

G_BEGIN_DECLS

/** A report as a table to show, print and export: codes become their names
 * in the user's language, lists are joined with "; ", a total row's missing
 * group is "Total" ("Whole cycle" in the time report), stuck rows link to
 * their lead or deal. @subtitle says what it covers (may be NULL). */
FcrmTable *fcrm_table_new_from_report (const FcrmReportTable *report,
                                       const char            *subtitle);

G_END_DECLS
