#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/** Progress of a migration: @table being copied, rows done of @total. */
typedef void (*FcrmMigrateProgress) (const char *table,
                                     gint64      done,
                                     gint64      total,
                                     gpointer    user_data);

typedef struct
{
  const char *table;
  gint64      rows;
  char       *checksum;   /* SHA-256 over the table's rows, the same on both sides */
} FcrmMigrateTable;

/** Copy every row of @source (a single-desktop database) to the office server
 * at @target_uri in one transaction, then verify counts and checksums table by
 * table. Running it again is a no-op when the server already holds this
 * database, and is refused when the server holds other data. On success
 * @out_tables (optional) receives a GArray of FcrmMigrateTable. */
gboolean fcrm_migrate_to (FcrmCrm              *source,
                          const char           *target_uri,
                          FcrmMigrateProgress   progress,
                          gpointer              user_data,
                          GArray              **out_tables,
                          gboolean             *out_already_done,
                          GError              **error);

G_END_DECLS
