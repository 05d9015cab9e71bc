#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BOARD_MODEL (fcrm_board_model_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBoardModel, fcrm_board_model, FCRM, BOARD_MODEL, GObject)

/* A GListModel of FcrmItem for one stage column: the cards read so far, from
 * the top, in the filter's order. It starts with one page (50 cards) and
 * grows by a page at each fcrm_board_model_load_more(), read after the last
 * card it holds (keyset paging: a page deep down costs what the first one
 * does). "count" and "sum" are the whole column's, from SQL, not from rows.
 *
 * A model made with fcrm_board_model_new_async() never waits for the
 * database: totals and rows are read by the FcrmCrm's worker
 * (fcrm-crm-async.h). It starts empty ("loading" TRUE) and fills in when the
 * totals and the first page arrive. refresh(), set_filter() and load_more()
 * return at once; "count", "sum" and items-changed follow when the answer
 * comes. */

FcrmBoardModel *fcrm_board_model_new       (FcrmCrm        *crm,
                                            const char     *stage);
/** The same, reading off the main loop. */
FcrmBoardModel *fcrm_board_model_new_async (FcrmCrm        *crm,
                                            const char     *stage);
/** TRUE while an asynchronous model waits for its totals (property "loading"). */
gboolean        fcrm_board_model_is_loading (FcrmBoardModel *self);
const char     *fcrm_board_model_get_stage (FcrmBoardModel *self);
/** Number of cards in the column (property "count"); the model holds the
 * first g_list_model_get_n_items() of them. */
gint64          fcrm_board_model_get_count (FcrmBoardModel *self);
/** Budget sum in kopecks (property "sum"). */
gint64          fcrm_board_model_get_sum   (FcrmBoardModel *self);
/** TRUE when the column has cards the model has not read yet. */
gboolean        fcrm_board_model_has_more  (FcrmBoardModel *self);
/** Read the next page of cards (after the last one held) and append it; a
 * no-op when there is none or it is being read. */
void            fcrm_board_model_load_more (FcrmBoardModel *self);
/** Show only the cards matching @filter (NULL: all), in its order; refreshes. */
void            fcrm_board_model_set_filter (FcrmBoardModel        *self,
                                             const FcrmBoardFilter *filter);
/** Re-read count, sum and the cards held (at most the first 10 pages: a
 * longer list is cut there); emits items-changed (an asynchronous model:
 * once they arrive). */
void            fcrm_board_model_refresh   (FcrmBoardModel *self);

G_END_DECLS
