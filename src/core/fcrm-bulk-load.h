#pragma once

#include "fcrm-store.h"

G_BEGIN_DECLS

/* A bulk load (demo data, moving a database to the office server): many
 * rows inserted inside one transaction, with what the per-row triggers keep
 * (the search rows, a database file's column totals) written set-wise at the
 * end instead, and the indexes of tables that were empty built once, after
 * their rows. Between begin and end the caller only inserts rows (new ids,
 * above those already there): what the suspended triggers would have done
 * for an update or a delete is not done again. Everything happens in the
 * caller's transaction: a rollback leaves the database as it was. On the
 * office server the tables stay locked against other writers until the
 * commit (ALTER TABLE … DISABLE TRIGGER), and those that were empty against
 * readers too (DROP INDEX): a load is a fresh server's or a quiet hour's. */
typedef struct _FcrmBulkLoad FcrmBulkLoad;

/** Inside a transaction: suspend the per-row upkeep of @tables (NULL-ended,
 * in the order rows are written) for a bulk load. On the office server only
 * its administrator's load is sped up (ALTER TABLE needs the owner); anyone
 * else's is a plain one, every trigger firing. NULL on error. */
FcrmBulkLoad *fcrm_bulk_load_begin (FcrmStore          *store,
                                    const char * const *tables,
                                    GError            **error);
/** The same, but the indexes of empty tables stay (@keep_indexes TRUE):
 * for a load that looks rows up as it goes (an import finding duplicates). */
FcrmBulkLoad *fcrm_bulk_load_begin_full (FcrmStore          *store,
                                         const char * const *tables,
                                         gboolean            keep_indexes,
                                         GError            **error);
/** Write the search rows and column totals of the rows inserted since
 * begin, build the indexes set aside, and put the triggers back; frees
 * @load. FALSE on error (the caller rolls back). */
gboolean      fcrm_bulk_load_end   (FcrmBulkLoad       *load,
                                    GError            **error);
/** Forget a load whose transaction is rolled back (NULL is fine). */
void          fcrm_bulk_load_free  (FcrmBulkLoad       *load);

/** For tests: FALSE makes every load a plain one (each trigger firing row
 * by row, every index kept), to compare a bulk load with. */
void          fcrm_bulk_load_set_enabled (gboolean enabled);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmBulkLoad, fcrm_bulk_load_free)

G_END_DECLS
