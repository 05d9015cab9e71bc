#pragma once

#include "fcrm-store.h"

G_BEGIN_DECLS

/** On PostgreSQL, when connected as the tables' owner: create the group roles,
 * grants and row-level security policies (once per security version). A no-op
 * on SQLite and for ordinary users. */
gboolean fcrm_pg_security_install (FcrmStore *store,
                                   GError   **error);

/** TRUE when connected as the owner of the tables (the role that ran init). */
gboolean fcrm_pg_is_owner         (FcrmStore *store);

G_END_DECLS
