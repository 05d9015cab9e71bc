#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BOARD_MODEL (fcrm_board_model_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBoardModel, fcrm_board_model, FCRM, BOARD_MODEL, GObject)

/* A GListModel of FcrmItem for one stage column. Rows are paged from SQL on
 * demand (50 at a time); count and budget sum come from SQL, not from rows. */

FcrmBoardModel *fcrm_board_model_new       (FcrmCrm        *crm,
                                            const char     *stage);
const char     *fcrm_board_model_get_stage (FcrmBoardModel *self);
/** Number of cards in the column (property "count"). */
gint64          fcrm_board_model_get_count (FcrmBoardModel *self);
/** Budget sum in kopecks (property "sum"). */
gint64          fcrm_board_model_get_sum   (FcrmBoardModel *self);
/** Show only the cards matching @filter (NULL: all), in its order; refreshes. */
void            fcrm_board_model_set_filter (FcrmBoardModel        *self,
                                             const FcrmBoardFilter *filter);
/** Re-read count, sum and drop cached pages; emits items-changed. */
void            fcrm_board_model_refresh   (FcrmBoardModel *self);

G_END_DECLS
