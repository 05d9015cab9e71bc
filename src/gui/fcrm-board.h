#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"
#include "fcrm-board-column.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BOARD (fcrm_board_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBoard, fcrm_board, FCRM, BOARD, GtkWidget)

/** The board of one pipeline ("lead", "manufacturing", "design", "repair"):
 * filters, one column per open stage, drop targets for the final stages. */
GtkWidget       *fcrm_board_new               (FcrmCrm    *crm,
                                               const char *pipeline);
const char      *fcrm_board_get_pipeline      (FcrmBoard  *self);
guint            fcrm_board_get_n_columns     (FcrmBoard  *self);
FcrmBoardColumn *fcrm_board_get_column        (FcrmBoard  *self,
                                               guint       position);
/** The column of stage @code, or NULL. */
FcrmBoardColumn *fcrm_board_get_column_for_stage (FcrmBoard  *self,
                                                  const char *code);
/** The drop target of final stage @code (won, lost, junk, conversions) or
 * of a handover stage (design.to_installation), or NULL. They sit in a bar
 * along the bottom that shows while a card is dragged. */
GtkWidget       *fcrm_board_get_final_target  (FcrmBoard  *self,
                                               const char *code);
/** TRUE while the bar of final stages shows (a card is being dragged). */
gboolean         fcrm_board_get_finals_shown  (FcrmBoard  *self);
/** The horizontal scroll of the columns. */
GtkAdjustment   *fcrm_board_get_hadjustment   (FcrmBoard  *self);
/** TRUE once every column that has cards has bound some of them. */
gboolean         fcrm_board_is_populated      (FcrmBoard  *self);
/** Re-read what changed in the database (counts, sums, cards on screen),
 * keeping each column's scroll position. */
void             fcrm_board_reload            (FcrmBoard  *self);

/** What a drop of @item on stage @code does: a move with an undo toast, or
 * for conversions, junk and losses a dialog first; a win moves at once.
 * FALSE when nothing happens (same stage, another pipeline, refused). */
gboolean         fcrm_board_drop_item         (FcrmBoard  *self,
                                               FcrmItem   *item,
                                               const char *code);
/** Move the focused card @step open stages on (1 next, -1 previous), as
 * Ctrl+→ / Ctrl+← do; FALSE when no card has the focus. */
gboolean         fcrm_board_move_focused      (FcrmBoard  *self,
                                               int         step);

/** Open the focused card's "Open" / "Move to" menu, as Menu and Shift+F10
 * do; FALSE when no card has the focus. */
gboolean         fcrm_board_popup_card_menu   (FcrmBoard  *self);

/** The filter all columns show (sources borrowed from the board). */
void             fcrm_board_get_filter        (FcrmBoard       *self,
                                               FcrmBoardFilter *out_filter);
/** Show only cards matching @filter (NULL: all), as if chosen in the header. */
void             fcrm_board_set_filter        (FcrmBoard             *self,
                                               const FcrmBoardFilter *filter);
/** "My leads" (TRUE) or "All" (FALSE), as the header's toggle. */
void             fcrm_board_set_mine          (FcrmBoard  *self,
                                               gboolean    mine);

/** One-line cards (title and amount), as the view menu's "Compact Cards". */
void             fcrm_board_set_compact       (FcrmBoard  *self,
                                               gboolean    compact);
gboolean         fcrm_board_get_compact       (FcrmBoard  *self);
/** Keep the board's filters, order and density in @settings (keys
 * board-views and board-compact), showing what they kept; once. */
void             fcrm_board_set_settings      (FcrmBoard  *self,
                                               GSettings  *settings);

/** The last toast this board showed (a move with Undo, or an error), or NULL. */
AdwToast        *fcrm_board_get_last_toast    (FcrmBoard  *self);
/** The dialog a drop opened and that is still open, or NULL. */
GtkWindow       *fcrm_board_get_dialog        (FcrmBoard  *self);

/** Show the closed items (won and lost deals; junk and converted leads)
 * instead of the columns, as the header's Closed toggle does. */
void             fcrm_board_set_show_closed   (FcrmBoard  *self,
                                               gboolean    closed);
/** The closed items' list (an FcrmClosedList), or NULL until first shown. */
GtkWidget       *fcrm_board_get_closed_list   (FcrmBoard  *self);

G_END_DECLS
