#define G_LOG_DOMAIN "fcrm-chart"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <math.h>

#include "fcrm-chart-private.h"

G_DEFINE_FINAL_TYPE (FcrmChart, fcrm_chart, GTK_TYPE_WIDGET)

/* The chart in words stops here: a screen reader need not read a hundred bars. */
#define DESCRIBED_ITEMS 24

static void
clear_item (gpointer data)
{
  FcrmChartItem *item = data;

  g_free (item->label);
  g_free (item->note);
}

static void
update_description (FcrmChart *self)
{
  g_autofree char *description = fcrm_chart_get_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title != NULL ? self->title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
changed (FcrmChart *self)
{
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
widget_line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag");
  int height = 0;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height, 8);
}

static void
fcrm_chart_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  FcrmChart *self = FCRM_CHART (widget);
  double line = widget_line_height (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (line * 14);
      *natural = (int) (line * 40);
    }
  else
    {
      *natural = (int) ceil (fcrm_chart_natural_height (self, line));
      /* rows of names stay readable (the chart scrolls); a picture may shrink */
      if (self->kind == FCRM_CHART_FUNNEL || (self->kind == FCRM_CHART_BARS && self->horizontal))
        *minimum = *natural;
      else
        *minimum = MIN (*natural, (int) (line * 10));
    }
}

static void
fcrm_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  FcrmChart *self = FCRM_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA foreground;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  /* drawn at the surface's scale: crisp on HiDPI */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fcrm_chart_draw (self, cr, gtk_widget_get_pango_context (widget), &foreground,
                   adw_style_manager_get_dark (adw_style_manager_get_default ()),
                   width, height);
  cairo_destroy (cr);
}

static void
dark_changed_cb (FcrmChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
fcrm_chart_finalize (GObject *object)
{
  FcrmChart *self = FCRM_CHART (object);

  g_array_unref (self->items);
  g_free (self->first_name);
  g_free (self->second_name);
  g_free (self->title);

  G_OBJECT_CLASS (fcrm_chart_parent_class)->finalize (object);
}

static void
fcrm_chart_class_init (FcrmChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fcrm_chart_finalize;
  widget_class->measure = fcrm_chart_measure;
  widget_class->snapshot = fcrm_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fcrm_chart_init (FcrmChart *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (FcrmChartItem));
  g_array_set_clear_func (self->items, clear_item);
  self->value_kind = FCRM_TABLE_COUNT;

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  update_description (self);
}

GtkWidget *
fcrm_chart_new (void)
{
  return g_object_new (FCRM_TYPE_CHART, NULL);
}

void
fcrm_chart_set_kind (FcrmChart     *self,
                     FcrmChartKind  kind)
{
  g_return_if_fail (FCRM_IS_CHART (self));

  self->kind = kind;
  changed (self);
}

FcrmChartKind
fcrm_chart_get_kind (FcrmChart *self)
{
  g_return_val_if_fail (FCRM_IS_CHART (self), FCRM_CHART_BARS);

  return self->kind;
}

void
fcrm_chart_set_horizontal (FcrmChart *self,
                           gboolean   horizontal)
{
  g_return_if_fail (FCRM_IS_CHART (self));

  self->horizontal = horizontal;
  changed (self);
}

void
fcrm_chart_set_value_kind (FcrmChart     *self,
                           FcrmTableKind  kind)
{
  g_return_if_fail (FCRM_IS_CHART (self));

  self->value_kind = kind;
  changed (self);
}

void
fcrm_chart_set_series_names (FcrmChart  *self,
                             const char *first,
                             const char *second)
{
  g_return_if_fail (FCRM_IS_CHART (self));

  g_free (self->first_name);
  g_free (self->second_name);
  self->first_name = g_strdup (first);
  self->second_name = g_strdup (second);
  changed (self);
}

void
fcrm_chart_set_title (FcrmChart  *self,
                      const char *title)
{
  g_return_if_fail (FCRM_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  update_description (self);
}

void
fcrm_chart_clear (FcrmChart *self)
{
  g_return_if_fail (FCRM_IS_CHART (self));

  g_array_set_size (self->items, 0);
  changed (self);
}

void
fcrm_chart_add (FcrmChart  *self,
                const char *label,
                double      value,
                double      second,
                const char *note)
{
  FcrmChartItem item = { g_strdup (label != NULL ? label : ""), value, second, g_strdup (note), FALSE };

  g_return_if_fail (FCRM_IS_CHART (self));

  g_array_append_val (self->items, item);
  changed (self);
}

void
fcrm_chart_add_heading (FcrmChart  *self,
                        const char *label)
{
  FcrmChartItem item = { g_strdup (label != NULL ? label : ""), 0, NAN, NULL, TRUE };

  g_return_if_fail (FCRM_IS_CHART (self));

  g_array_append_val (self->items, item);
  changed (self);
}

void
fcrm_chart_set_from_table (FcrmChart *self,
                           FcrmTable *table,
                           int        label_column,
                           int        value_column,
                           int        compare_column)
{
  guint n_columns;

  g_return_if_fail (FCRM_IS_CHART (self));
  g_return_if_fail (table != NULL);

  n_columns = fcrm_table_get_n_columns (table);
  g_array_set_size (self->items, 0);
  if (label_column < 0 || value_column < 0 || (guint) label_column >= n_columns ||
      (guint) value_column >= n_columns || (compare_column >= 0 && (guint) compare_column >= n_columns))
    {
      changed (self);
      return;
    }

  self->value_kind = fcrm_table_get_column_kind (table, value_column);
  g_free (self->first_name);
  g_free (self->second_name);
  self->first_name = g_strdup (fcrm_table_get_column_title (table, value_column));
  self->second_name = compare_column >= 0 ? g_strdup (fcrm_table_get_column_title (table, compare_column)) : NULL;

  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    {
      g_autofree char *label = NULL;
      FcrmChartItem item = { NULL, 0, NAN, NULL, FALSE };

      /* totals, and rows grouped by something else (conversion by person) */
      if (fcrm_table_get_row_total (table, r) || fcrm_table_cell_is_empty (table, r, label_column))
        continue;
      label = fcrm_table_format_display (table, r, label_column);
      item.label = g_steal_pointer (&label);
      item.value = fcrm_table_get_number (table, r, value_column);
      if (compare_column >= 0 && !fcrm_table_cell_is_empty (table, r, compare_column))
        item.second = fcrm_table_get_number (table, r, compare_column);
      g_array_append_val (self->items, item);
    }
  changed (self);
}

guint
fcrm_chart_get_n_items (FcrmChart *self)
{
  g_return_val_if_fail (FCRM_IS_CHART (self), 0);

  return self->items->len;
}

char *
fcrm_chart_get_description (FcrmChart *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (FCRM_IS_CHART (self), NULL);

  if (self->items->len == 0)
    {
      g_string_free (text, TRUE);
      return g_strdup (_("Nothing to show for this period."));
    }

  for (guint i = 0; i < self->items->len && i < DESCRIBED_ITEMS; i++)
    {
      FcrmChartItem *item = &g_array_index (self->items, FcrmChartItem, i);
      g_autofree char *value = fcrm_table_format_value (self->value_kind, item->value);

      if (i > 0)
        g_string_append (text, "; ");
      if (item->heading)
        {
          g_string_append (text, item->label);
          g_string_append (text, " —");
          continue;
        }
      if (self->second_name != NULL && !isnan (item->second))
        {
          g_autofree char *second = fcrm_table_format_value (self->value_kind, item->second);

          /* Translators: a chart in words: a category, its value, and the
           * value it is compared with, e.g. "March 2026: 1 200 ₽ (a year before: 900 ₽)" */
          g_string_append_printf (text, C_("chart description", "%s: %s (%s: %s)"),
                                  item->label, value, self->second_name, second);
        }
      else
        /* Translators: a chart in words: a category and its value, "Measured: 12" */
        g_string_append_printf (text, C_("chart description", "%s: %s"), item->label, value);
    }
  if (self->items->len > DESCRIBED_ITEMS)
    g_string_append (text, "; …");

  return g_string_free (text, FALSE);
}
