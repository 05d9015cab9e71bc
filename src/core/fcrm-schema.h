#pragma once

#include "fcrm-store.h"

G_BEGIN_DECLS

/** The schema version this program writes. */
#define FCRM_SCHEMA_VERSION 12

/* A database file's table of column totals (schema 6), computed again from
 * the leads and deals: what the migration does, and what a bulk load may run
 * instead of keeping it row by row. */
#define FCRM_STAGE_TOTALS_RECOUNT \
  "DELETE FROM stage_totals;" \
  "INSERT INTO stage_totals (stage, responsible_id, source, n, budget_sum)" \
  "  SELECT stage, coalesce (responsible_id, 0), source, count(*), sum(budget) FROM leads" \
  "  GROUP BY stage, coalesce (responsible_id, 0), source;" \
  "INSERT INTO stage_totals (stage, responsible_id, source, n, budget_sum)" \
  "  SELECT stage, coalesce (responsible_id, 0), source, count(*), sum(budget) FROM deals" \
  "  GROUP BY stage, coalesce (responsible_id, 0), source;"

/** Bring the database up to @target (FCRM_SCHEMA_VERSION normally), each
 * migration in its own transaction. Refuses a database from a newer program. */
gboolean fcrm_schema_migrate     (FcrmStore *store,
                                  int        target,
                                  GError   **error);
/** The version stored in the database (0 when empty). */
int      fcrm_schema_get_version (FcrmStore *store,
                                  GError   **error);

G_END_DECLS
