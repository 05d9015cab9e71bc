#define G_LOG_DOMAIN "fcrm-table-view"

#include <glib/gi18n.h>

#include "fcrm-table-view.h"

/* ---- a row of the model: an index into the table ------------------------- */

#define FCRM_TYPE_TABLE_ROW (fcrm_table_row_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTableRow, fcrm_table_row, FCRM, TABLE_ROW, GObject)

struct _FcrmTableRow
{
  GObject parent_instance;
  guint   index;
};

G_DEFINE_FINAL_TYPE (FcrmTableRow, fcrm_table_row, G_TYPE_OBJECT)

static void
fcrm_table_row_class_init (FcrmTableRowClass *klass)
{
}

static void
fcrm_table_row_init (FcrmTableRow *self)
{
}

/* ---- the view ------------------------------------------------------------- */

struct _FcrmTableView
{
  GtkWidget          parent_instance;

  FcrmTable         *table;
  GListStore        *store;      /* FcrmTableRow, in table order */
  GtkSortListModel  *sorted;
  GtkScrolledWindow *scrolled;
  GtkColumnView     *column_view;
};

G_DEFINE_FINAL_TYPE (FcrmTableView, fcrm_table_view, GTK_TYPE_WIDGET)

enum {
  ROW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  FcrmTable *table;
  guint      column;
} ColumnData;

static void
column_data_free (gpointer data)
{
  ColumnData *c = data;

  fcrm_table_unref (c->table);
  g_free (c);
}

static ColumnData *
column_data_new (FcrmTable *table,
                 guint      column)
{
  ColumnData *c = g_new0 (ColumnData, 1);

  c->table = fcrm_table_ref (table);
  c->column = column;
  return c;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ColumnData               *c)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean text = fcrm_table_get_column_kind (c->table, c->column) == FCRM_TABLE_TEXT;

  gtk_label_set_xalign (GTK_LABEL (label), text ? 0.0 : 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* long free text (a title, the reasons given) gets room, not the whole line */
  gtk_label_set_max_width_chars (GTK_LABEL (label), text ? 40 : 16);
  gtk_widget_add_css_class (label, text ? "table-text" : "table-number");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ColumnData               *c)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  FcrmTableRow *row = gtk_list_item_get_item (list_item);
  g_autofree char *text = fcrm_table_format_display (c->table, row->index, c->column);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* a cut value can still be read in full */
  gtk_widget_set_tooltip_text (label, g_utf8_strlen (text, -1) > 30 ? text : NULL);
  if (fcrm_table_get_row_total (c->table, row->index))
    gtk_widget_add_css_class (label, "table-total");
  else
    gtk_widget_remove_css_class (label, "table-total");
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  ColumnData *c = user_data;

  return fcrm_table_compare_rows (c->table, c->column,
                                  FCRM_TABLE_ROW ((gpointer) a)->index,
                                  FCRM_TABLE_ROW ((gpointer) b)->index);
}

/* Whatever the order asked for, totals come last. */
static int
totals_last_cb (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  FcrmTable *table = user_data;
  gboolean total_a = fcrm_table_get_row_total (table, FCRM_TABLE_ROW ((gpointer) a)->index);
  gboolean total_b = fcrm_table_get_row_total (table, FCRM_TABLE_ROW ((gpointer) b)->index);

  return total_a - total_b;
}

/* Ties (and no order chosen) keep the table's own order. */
static int
table_order_cb (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  guint ia = FCRM_TABLE_ROW ((gpointer) a)->index;
  guint ib = FCRM_TABLE_ROW ((gpointer) b)->index;

  return (ia > ib) - (ia < ib);
}

static void
activate_cb (GtkColumnView *view,
             guint          position,
             FcrmTableView *self)
{
  g_autoptr(FcrmTableRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (row != NULL)
    g_signal_emit (self, signals[ROW_ACTIVATED], 0, row->index);
}

/* A column as wide as its widest text (of the first rows), within reason:
 * the view's own sizing would give every column its title's width. */
static int
column_width (FcrmTableView *self,
              FcrmTable     *table,
              guint          column)
{
  gboolean text = fcrm_table_get_column_kind (table, column) == FCRM_TABLE_TEXT;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->column_view),
                                                                  fcrm_table_get_column_title (table, column));
  int widest = 0;
  int width;

  /* the title is bold, with room for the sort arrow */
  pango_layout_get_pixel_size (layout, &width, NULL);
  widest = width * 11 / 10 + 20;
  for (guint r = 0; r < fcrm_table_get_n_rows (table) && r < 200; r++)
    {
      g_autofree char *cell = fcrm_table_format_display (table, r, column);

      pango_layout_set_text (layout, cell, -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return CLAMP (widest + 20, 48, text ? 240 : 170);
}

static void
remove_columns (FcrmTableView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

void
fcrm_table_view_set_table (FcrmTableView *self,
                           FcrmTable     *table)
{
  g_autoptr(GtkMultiSorter) sorter = NULL;
  gboolean linked = FALSE;

  g_return_if_fail (FCRM_IS_TABLE_VIEW (self));

  if (table != NULL)
    fcrm_table_ref (table);
  g_clear_pointer (&self->table, fcrm_table_unref);
  self->table = table;

  gtk_sort_list_model_set_sorter (self->sorted, NULL);
  g_list_store_remove_all (self->store);
  remove_columns (self);
  if (table == NULL)
    return;

  for (guint c = 0; c < fcrm_table_get_n_columns (table); c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) column_sorter = NULL;
      gboolean text = fcrm_table_get_column_kind (table, c) == FCRM_TABLE_TEXT;

      g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cell_cb),
                             column_data_new (table, c), (GClosureNotify) (void (*) (void)) column_data_free, 0);
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell_cb),
                             column_data_new (table, c), (GClosureNotify) (void (*) (void)) column_data_free, 0);
      column = gtk_column_view_column_new (fcrm_table_get_column_title (table, c), g_object_ref (factory));
      column_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cb, column_data_new (table, c), column_data_free));
      gtk_column_view_column_set_sorter (column, column_sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (self, table, c));
      /* text columns take the room left over */
      gtk_column_view_column_set_expand (column, text);
      gtk_column_view_append_column (self->column_view, column);
    }

  sorter = gtk_multi_sorter_new ();
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (totals_last_cb, fcrm_table_ref (table),
                                                                      (GDestroyNotify) fcrm_table_unref)));
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (table_order_cb, NULL, NULL)));
  gtk_sort_list_model_set_sorter (self->sorted, GTK_SORTER (sorter));

  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    {
      g_autoptr(FcrmTableRow) row = g_object_new (FCRM_TYPE_TABLE_ROW, NULL);

      row->index = r;
      linked = linked || fcrm_table_get_row_link (table, r, NULL, NULL);
      g_list_store_append (self->store, row);
    }

  /* rows that open a card open it with one click, like a link */
  gtk_column_view_set_single_click_activate (self->column_view, linked);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fcrm_table_get_title (table),
                                  -1);
}

FcrmTable *
fcrm_table_view_get_table (FcrmTableView *self)
{
  g_return_val_if_fail (FCRM_IS_TABLE_VIEW (self), NULL);

  return self->table;
}

GListModel *
fcrm_table_view_get_model (FcrmTableView *self)
{
  g_return_val_if_fail (FCRM_IS_TABLE_VIEW (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

guint
fcrm_table_view_row_index (gpointer item)
{
  g_return_val_if_fail (FCRM_IS_TABLE_ROW (item), 0);

  return FCRM_TABLE_ROW (item)->index;
}

GtkColumnView *
fcrm_table_view_get_column_view (FcrmTableView *self)
{
  g_return_val_if_fail (FCRM_IS_TABLE_VIEW (self), NULL);

  return self->column_view;
}

static void
fcrm_table_view_dispose (GObject *object)
{
  FcrmTableView *self = FCRM_TABLE_VIEW (object);

  if (self->column_view != NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      remove_columns (self);
    }
  if (self->scrolled != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->scrolled));
  self->scrolled = NULL;
  self->column_view = NULL;
  g_clear_object (&self->sorted);
  g_clear_object (&self->store);
  g_clear_pointer (&self->table, fcrm_table_unref);

  G_OBJECT_CLASS (fcrm_table_view_parent_class)->dispose (object);
}

static void
fcrm_table_view_class_init (FcrmTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_table_view_dispose;

  /**
   * FcrmTableView::row-activated:
   * @index: the table's row
   */
  signals[ROW_ACTIVATED] =
    g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tableview");
}

static void
fcrm_table_view_init (FcrmTableView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->store = g_list_store_new (FCRM_TYPE_TABLE_ROW);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection))));
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_column_view_set_reorderable (self->column_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (activate_cb), self, 0);

  self->scrolled = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (self->scrolled, GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (GTK_WIDGET (self->scrolled), GTK_WIDGET (self));
}

GtkWidget *
fcrm_table_view_new (void)
{
  return g_object_new (FCRM_TYPE_TABLE_VIEW, NULL);
}
