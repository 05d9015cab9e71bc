#pragma once

/* Shared by the files of FcrmBoard: fcrm-board.c (the object, its columns
 * and following the database), fcrm-board-actions.c (moves with Undo, the
 * dialogs of final stages, keyboard), fcrm-board-dnd.c (drop targets and
 * autoscroll and the bar of final stages while a card is dragged),
 * fcrm-board-scroll.c (the edge arrows, keeping the focus in view) and
 * fcrm-board-filters.c (the header's filters). */

#include "fcrm-board.h"

G_BEGIN_DECLS

struct _FcrmBoard
{
  GtkWidget        parent_instance;

  FcrmCrm         *crm;
  char            *pipeline;
  GPtrArray       *columns;         /* FcrmBoardColumn, borrowed from columns_box */
  GHashTable      *finals;          /* stage code → drop zone, borrowed */
  gboolean         dragging;        /* a card is being dragged: the bar shows */
  GArray          *user_ids;        /* gint64 per person in responsible_list */
  GPtrArray       *user_logins;     /* their logins, in the same order */
  GSettings       *settings;        /* where the view is kept, or NULL */
  char            *restore_login;   /* responsible to show once the users are read */
  gboolean         compact;         /* cards of one line */
  gboolean         restoring;       /* the kept view is being shown: keep nothing */
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
  GtkWidget       *scroller;
  GtkBox          *columns_box;
  GtkBox          *finals_box;
  GtkRevealer     *finals_revealer;
  GtkWidget       *columns_overlay;
  GtkWidget       *scroll_start_button;
  GtkWidget       *scroll_end_button;
  GtkToggleButton *closed_button;
  GtkWidget       *scope_box;
  GtkWidget       *view_button;
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
/* The drop target of final stage @stage (or a handover stage), in the bar
 * along the bottom. */
GtkWidget *_fcrm_board_final_zone_new     (FcrmBoard      *self,
                                           FcrmStage      *stage,
                                           gboolean        leads);
void       _fcrm_board_class_dnd_init     (FcrmBoardClass *klass);
/* Show or hide the bar of final stages (a card's drag began or ended). */
void       _fcrm_board_set_dragging       (FcrmBoard      *self,
                                           gboolean        dragging);

/* fcrm-board-scroll.c */
void       _fcrm_board_class_scroll_init  (FcrmBoardClass *klass);
void       _fcrm_board_scroll_init        (FcrmBoard      *self);
/* A column taking the keyboard focus scrolls into view. */
void       _fcrm_board_scroll_watch_column (FcrmBoard      *self,
                                            FcrmBoardColumn *column);
void       _fcrm_board_scroll_to_column   (FcrmBoard      *self,
                                           FcrmBoardColumn *column);
/* What the edge arrows do: @step columns on (-1 back). */
void       _fcrm_board_scroll_by_column   (FcrmBoard      *self,
                                           int             step);

/* fcrm-board-closed.c */
void       _fcrm_board_class_closed_init  (FcrmBoardClass *klass);

/* fcrm-board-filters.c */
/* Every column shows self->filter. */
void       _fcrm_board_apply_filter       (FcrmBoard      *self);
void       _fcrm_board_class_filters_init (FcrmBoardClass *klass);
void       _fcrm_board_filters_init       (FcrmBoard      *self);
void       _fcrm_board_update_users       (FcrmBoard      *self);
/* The same off the main loop: a newer call or dispose cancels an older one. */
void       _fcrm_board_update_users_async (FcrmBoard      *self);
void       _fcrm_board_show_filter        (FcrmBoard      *self);
gboolean   _fcrm_board_follow_actor       (FcrmBoard      *self);
/* The order as the view menu's action has it: "stage-entered", "budget", "created". */
const char *_fcrm_board_get_sort_nick     (FcrmBoard      *self);
void       _fcrm_board_set_sort_nick      (FcrmBoard      *self,
                                           const char     *nick);

/* fcrm-board-view.c: the view kept in GSettings */
/* Show the filters, order and density kept for this board, and keep them
 * from now on. */
void       _fcrm_board_view_restore       (FcrmBoard      *self);
/* Keep the filters and order shown now (nothing while restoring). */
void       _fcrm_board_view_save          (FcrmBoard      *self);


G_END_DECLS
