#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BOARD_MODEL (fcrm_board_model_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBoardModel, fcrm_board_model, FCRM, BOARD_MODEL, GObject)

/* A GListModel of FcrmItem for one stage column. Rows are paged from SQL on
 * demand (50 at a time); count and budget sum come from SQL, not from rows.
 *
 * A model made with fcrm_board_model_new_async() never waits for the
 * database: count, sum and rows are read by the FcrmCrm's worker
 * (fcrm-crm-async.h). It starts empty ("loading" TRUE) and fills in when the
 * count and the first page arrive; a row whose page has not arrived yet is a
 * placeholder (fcrm_item_is_loading(), id 0) until items-changed replaces it.
 * refresh() and set_filter() return at once; "count", "sum" and
 * items-changed follow when the answer comes. */

FcrmBoardModel *fcrm_board_model_new       (FcrmCrm        *crm,
                                            const char     *stage);
/** The same, reading off the main loop. */
FcrmBoardModel *fcrm_board_model_new_async (FcrmCrm        *crm,
                                            const char     *stage);
/** TRUE while an asynchronous model waits for its count (property "loading"). */
gboolean        fcrm_board_model_is_loading (FcrmBoardModel *self);
const char     *fcrm_board_model_get_stage (FcrmBoardModel *self);
/** Number of cards in the column (property "count"). */
gint64          fcrm_board_model_get_count (FcrmBoardModel *self);
/** Budget sum in kopecks (property "sum"). */
gint64          fcrm_board_model_get_sum   (FcrmBoardModel *self);
/** Show only the cards matching @filter (NULL: all), in its order; refreshes. */
void            fcrm_board_model_set_filter (FcrmBoardModel        *self,
                                             const FcrmBoardFilter *filter);
/** Re-read count, sum and drop cached pages; emits items-changed (an
 * asynchronous model: once they arrive, with the pages it held re-read). */
void            fcrm_board_model_refresh   (FcrmBoardModel *self);

G_END_DECLS
