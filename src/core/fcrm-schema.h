#pragma once

#include "fcrm-store.h"

G_BEGIN_DECLS

/** The schema version this program writes. */
#define FCRM_SCHEMA_VERSION 5

/** Bring the database up to @target (FCRM_SCHEMA_VERSION normally), each
 * migration in its own transaction. Refuses a database from a newer program. */
gboolean fcrm_schema_migrate     (FcrmStore *store,
                                  int        target,
                                  GError   **error);
/** The version stored in the database (0 when empty). */
int      fcrm_schema_get_version (FcrmStore *store,
                                  GError   **error);

G_END_DECLS
