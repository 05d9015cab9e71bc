#pragma once

#include <gtk/gtk.h>

#include "fcrm-table.h"

G_BEGIN_DECLS

#define FCRM_TYPE_TABLE_VIEW (fcrm_table_view_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTableView, fcrm_table_view, FCRM, TABLE_VIEW, GtkWidget)

/** An FcrmTable in a scrolled GtkColumnView: a column per table column,
 * numbers right-aligned in the user's locale, sortable by any column (total
 * rows stay last), total rows bold. Emits ::row-activated with the table's
 * row index when a row is activated (double click, Enter; a single click
 * when the rows open something). */
GtkWidget     *fcrm_table_view_new             (void);
/** Show @table (NULL: nothing); its columns replace the old ones. */
void           fcrm_table_view_set_table       (FcrmTableView *self,
                                                FcrmTable     *table);
FcrmTable     *fcrm_table_view_get_table       (FcrmTableView *self);
/** The rows as shown (sorted): GObjects whose table row is fcrm_table_view_row_index(). */
GListModel    *fcrm_table_view_get_model       (FcrmTableView *self);
/** The table row an item of the model stands for. */
guint          fcrm_table_view_row_index       (gpointer       item);
GtkColumnView *fcrm_table_view_get_column_view (FcrmTableView *self);

G_END_DECLS
