#pragma once

/* Shared by the files of FcrmBoard: fcrm-board.c (the object, its columns
 * and following the database), fcrm-board-actions.c (moves with Undo, the
 * dialogs of final stages, keyboard), fcrm-board-dnd.c (drop targets and
 * autoscroll while a card is dragged) and fcrm-board-filters.c (the header's
 * filters). */

#include "fcrm-board.h"

G_BEGIN_DECLS

struct _FcrmBoard
{
  GtkWidget        parent_instance;

  FcrmCrm         *crm;
  char            *pipeline;
  GPtrArray       *columns;         /* FcrmBoardColumn, borrowed from columns_box */
  GHashTable      *finals;          /* stage code → drop zone, borrowed */
  GArray          *user_ids;        /* gint64 per person in responsible_list */
  FcrmBoardFilter  filter;          /* .source points into the filters' source codes */
  gboolean         updating;        /* the header's widgets are being set */
  guint            sync_id;
  GCancellable    *users_cancellable; /* the users' list being read */
  gboolean         dirty;           /* the database changed while hidden */
  AdwToast        *last_toast;
  GtkWindow       *dialog;          /* weak */
  double           autoscroll_speed;
  guint            autoscroll_id;
  gint64           autoscroll_time;
  gint64           autoscroll_since;  /* when the pointer reached the edge */

  GtkToggleButton *all_button;
  GtkToggleButton *mine_button;
  GtkDropDown     *responsible_dropdown;
  GtkStringList   *responsible_list;
  GtkDropDown     *source_dropdown;
  GtkStringList   *source_list;
  GtkDropDown     *sort_dropdown;
  GtkWidget       *scroller;
  GtkBox          *columns_box;
  GtkBox          *finals_box;
  GtkToggleButton *closed_button;
  GtkWidget       *scope_box;
  GtkWidget       *sort_icon;
  GtkStack        *board_stack;
  GtkWidget       *closed_list;     /* FcrmClosedList, built on first use; borrowed */
};

/* fcrm-board.c */
void       _fcrm_board_sync_columns       (FcrmBoard      *self);

/* fcrm-board-actions.c */
void       _fcrm_board_class_actions_init (FcrmBoardClass *klass);
void       _fcrm_board_actions_init       (FcrmBoard      *self);

/* fcrm-board-dnd.c */
void       _fcrm_board_dnd_init           (FcrmBoard      *self);
void       _fcrm_board_dnd_dispose        (FcrmBoard      *self);
/* Drops on @column's cards move them to its stage. */
void       _fcrm_board_dnd_watch_column   (FcrmBoard      *self,
                                           FcrmBoardColumn *column);
/* The drop target of final stage @stage, right of the columns. */
GtkWidget *_fcrm_board_final_zone_new     (FcrmBoard      *self,
                                           FcrmStage      *stage,
                                           gboolean        leads);

/* fcrm-board-closed.c */
void       _fcrm_board_class_closed_init  (FcrmBoardClass *klass);

/* fcrm-board-filters.c */
void       _fcrm_board_class_filters_init (FcrmBoardClass *klass);
void       _fcrm_board_filters_init       (FcrmBoard      *self);
void       _fcrm_board_update_users       (FcrmBoard      *self);
/* The same off the main loop: a newer call or dispose cancels an older one. */
void       _fcrm_board_update_users_async (FcrmBoard      *self);
void       _fcrm_board_show_filter        (FcrmBoard      *self);
gboolean   _fcrm_board_follow_actor       (FcrmBoard      *self);

G_END_DECLS
