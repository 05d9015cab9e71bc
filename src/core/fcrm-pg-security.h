#pragma once

#include "fcrm-store.h"

G_BEGIN_DECLS

/** On PostgreSQL, when connected as the tables' owner: create the group roles,
 * grants and row-level security policies (once per security version). A no-op
 * on SQLite and for ordinary users. */
gboolean fcrm_pg_security_install (FcrmStore *store,
                                   GError   **error);

/* Where the office server announces a committed change to the other
 * desktops (LISTEN/NOTIFY, no payload: only that something changed). */
#define FCRM_PG_CHANNEL "fcrm_changed"

/* Roles Furniture CRM creates carry this comment: it is how `user add` and
 * `migrate` tell them from the server's own roles, which they never touch. */
#define FCRM_ROLE_MARK "Furniture CRM person"
/* SQL: 1 when the cluster has a role named ? that Furniture CRM did not make
 * (or one with administrative powers) */
#define FCRM_FOREIGN_ROLE_SQL \
  "SELECT count(*) FROM pg_roles WHERE rolname = ? AND (coalesce (shobj_description (oid, 'pg_authid'), '') <> '" \
  FCRM_ROLE_MARK "' OR rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)"

/** TRUE when connected as the owner of the tables (the role that ran init). */
gboolean fcrm_pg_is_owner         (FcrmStore *store);

G_END_DECLS
