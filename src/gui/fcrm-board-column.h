#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"
#include "fcrm-board-model.h"
#include "fcrm-card-row.h"

G_BEGIN_DECLS

/* Width of a column in pixels: four stages side by side beside the sidebar
 * of a 1280 px window. */
#define FCRM_BOARD_COLUMN_WIDTH 240

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
/** Re-read count, sum and rows from the database, keeping the scroll position. */
void            fcrm_board_column_reload         (FcrmBoardColumn *self);
/** Re-read only when the database differs from what the column shows (its
 * count, sum or the cards on screen); returns at once, the check and any
 * re-reading run off the main loop. */
void            fcrm_board_column_sync           (FcrmBoardColumn *self);
/** TRUE while a check of fcrm_board_column_sync() or a re-read is under way. */
gboolean        fcrm_board_column_is_syncing     (FcrmBoardColumn *self);
/** How many times the column re-read its cards (tests). */
guint           fcrm_board_column_get_n_reloads  (FcrmBoardColumn *self);
/** Show only the cards matching @filter (NULL: all), in its order. */
void            fcrm_board_column_set_filter     (FcrmBoardColumn       *self,
                                                  const FcrmBoardFilter *filter);
/** A card dropped here: emits ::item-dropped unless @item is already in this
 * stage. TRUE when the drop was taken. */
gboolean        fcrm_board_column_drop_item      (FcrmBoardColumn *self,
                                                  FcrmItem        *item);
/** This column's card that has the keyboard focus, or NULL. */
FcrmCardRow    *fcrm_board_column_get_focused_card (FcrmBoardColumn *self);
/** The item of this column's card that has the keyboard focus, or NULL. */
FcrmItem       *fcrm_board_column_get_focused_item (FcrmBoardColumn *self);
/** Scroll to the card of lead or deal @id and focus it; FALSE when the
 * column does not show it (among its first few hundred cards). */
gboolean        fcrm_board_column_focus_item     (FcrmBoardColumn *self,
                                                  gint64           id);

/** One-line cards (title and amount), or whole ones. */
void            fcrm_board_column_set_compact    (FcrmBoardColumn *self,
                                                  gboolean         compact);
gboolean        fcrm_board_column_get_compact    (FcrmBoardColumn *self);

G_END_DECLS
