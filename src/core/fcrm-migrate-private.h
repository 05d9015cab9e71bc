#pragma once

#include "fcrm-migrate.h"
#include "fcrm-store.h"

G_BEGIN_DECLS

/** Inside a transaction on @to: replace every row of @to that a migration
 * copies (all the data: people, clients, items, history, robots, tasks,
 * notifications, comments, attachments) by those of @from, ids kept, the
 * foreign keys checked at the end. Both may be either kind of database;
 * @from is best read in a snapshot (fcrm_store_begin_snapshot). */
gboolean fcrm_migrate_copy_all (FcrmStore           *from,
                                FcrmStore           *to,
                                FcrmMigrateProgress  progress,
                                gpointer             user_data,
                                GError             **error);

G_END_DECLS
