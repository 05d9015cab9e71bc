#pragma once

/* Shared by fcrm-board-column.c (the list, the header, drops, focus) and
 * fcrm-board-column-sync.c (following the database off the main loop). */

#include "fcrm-board-column.h"

G_BEGIN_DECLS

struct _FcrmBoardColumn
{
  GtkWidget          parent_instance;

  FcrmCrm           *crm;
  FcrmStage         *stage;
  FcrmBoardModel    *model;
  GtkSliceListModel *slice;     /* what the list sees: the first cards */
  guint              n_cards;
  guint              n_bound;
  guint              grow_id;
  FcrmBoardFilter    filter;    /* .source owned */
  GHashTable        *bound;     /* GtkListItems showing an item */
  GMenu             *menu;      /* every card's actions menu */
  gint64             focus_id;  /* card to focus once it is drawn */
  guint              focus_tries;
  guint              focus_tick_id;
  GCancellable      *sync_cancellable;  /* the check of fcrm_board_column_sync() under way */
  double             restore_value;     /* scroll offset to put back once a reload is in */
  guint              n_reloads;
  gint64             pending_focus_id;  /* card to focus once the model's answer is in */
  gboolean           compact;           /* cards of one line */

  GtkLabel          *name_label;
  GtkSpinner        *spinner;
  GtkLabel          *count_label;
  GtkLabel          *sum_label;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkLabel          *empty_label;
};

G_END_DECLS
