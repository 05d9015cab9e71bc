#pragma once

/* For tests only: what lies beneath the facade. The GUI and the CLI never
 * include this (tests/check-layers.sh fails the build's tests if they do). */

#include "fcrm-crm.h"
#include "fcrm-store.h"

G_BEGIN_DECLS

/** The store behind @self, for tests that inspect tables directly. */
FcrmStore *fcrm_crm_get_store  (FcrmCrm    *self);
/* A query the program runs often, for plan checks: @sql has @n_params "?". */
typedef struct
{
  const char *name;
  const char *sql;
  int         n_params;
} FcrmHotQuery;

/** The notifier's and the inbox's queries, NULL-terminated by name. */
const FcrmHotQuery *fcrm_inbox_hot_queries (void);
/** Every statement of a board column (pages by kind, sort, filter and
 * step; totals counted and summed), NULL-terminated by name. */
const FcrmHotQuery *fcrm_board_hot_queries (void);
/** The pages of the boards' Closed lists, NULL-terminated by name. */
const FcrmHotQuery *fcrm_closed_hot_queries (void);
/** The statement a search of @n_terms words runs (plan checks). */
const char *fcrm_crm_search_statement (FcrmCrm *self,
                                      guint    n_terms);
/** A checksum of a table's rows and their count (migration checks). */
char      *fcrm_table_checksum (FcrmStore  *store,
                                const char *table,
                                gint64     *out_rows,
                                GError    **error);

G_END_DECLS
