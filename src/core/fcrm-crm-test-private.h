#pragma once

/* For tests only: what lies beneath the facade. The GUI and the CLI never
 * include this (tests/check-layers.sh fails the build's tests if they do). */

#include "fcrm-crm.h"
#include "fcrm-store.h"

G_BEGIN_DECLS

/** The store behind @self, for tests that inspect tables directly. */
FcrmStore *fcrm_crm_get_store  (FcrmCrm    *self);
/** A checksum of a table's rows and their count (migration checks). */
char      *fcrm_table_checksum (FcrmStore  *store,
                                const char *table,
                                gint64     *out_rows,
                                GError    **error);

G_END_DECLS
