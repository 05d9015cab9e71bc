#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"
#include "fcrm-board-model.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BOARD_COLUMN (fcrm_board_column_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBoardColumn, fcrm_board_column, FCRM, BOARD_COLUMN, GtkWidget)

/** A column of one stage: header with name, count and budget sum over a
 * virtualised list of cards. */
GtkWidget      *fcrm_board_column_new            (FcrmCrm         *crm,
                                                  FcrmStage       *stage);
FcrmStage      *fcrm_board_column_get_stage      (FcrmBoardColumn *self);
FcrmBoardModel *fcrm_board_column_get_model      (FcrmBoardColumn *self);
GtkListView    *fcrm_board_column_get_list_view  (FcrmBoardColumn *self);
/** The header's count text, as shown. */
const char     *fcrm_board_column_get_count_text (FcrmBoardColumn *self);
/** The header's budget sum text, as shown. */
const char     *fcrm_board_column_get_sum_text   (FcrmBoardColumn *self);
/** TRUE while the column shows its empty-state label instead of cards. */
gboolean        fcrm_board_column_is_empty       (FcrmBoardColumn *self);
/** Card widgets that exist right now (the list view recycles them). */
guint           fcrm_board_column_get_n_cards    (FcrmBoardColumn *self);
/** Cards the list offers now; grows as the person scrolls to the end. */
guint           fcrm_board_column_get_n_shown    (FcrmBoardColumn *self);
/** Cards currently bound to an item. */
guint           fcrm_board_column_get_n_bound    (FcrmBoardColumn *self);
/** Re-read count, sum and rows from the database. */
void            fcrm_board_column_reload         (FcrmBoardColumn *self);

G_END_DECLS
