#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/** A failed connection (libpq's @raw message) as a translated FcrmError:
 * unknown host, not answering, timeout (FCRM_ERROR_UNREACHABLE), wrong
 * password or login (FCRM_ERROR_REFUSED), no such database
 * (FCRM_ERROR_NOT_FOUND), else FCRM_ERROR_STORAGE with libpq's words. */
void fcrm_store_pg_connect_error (GError    **error,
                                  const char *raw);

/** A failed statement's @result (NULL: the connection's error) as a
 * translated FcrmError. */
void fcrm_store_pg_result_error (GError         **error,
                                 PGconn          *conn,
                                 const PGresult  *result);

G_END_DECLS
