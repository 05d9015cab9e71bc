#define G_LOG_DOMAIN "fcrm-chart"

/* The chart's drawing: one cairo routine for the screen and for print.
 * Sizes follow the font (one text line is the unit), so the chart scales
 * with the text and prints at the printer's resolution. */

#include <glib/gi18n.h>
#include <math.h>

#include "fcrm-chart-private.h"

/* GNOME's palette: a light style's shades and a dark style's lighter ones. */
static const char * const light_palette[] = {
  "#3584e4", "#2ec27e", "#ff7800", "#9141ac", "#e01b24", "#e5a50a", "#986a44", "#5e5c64",
};
static const char * const dark_palette[] = {
  "#62a0ea", "#57e389", "#ffa348", "#c061cb", "#f66151", "#f8e45c", "#cdab8f", "#9a9996",
};

typedef struct
{
  FcrmChart    *chart;
  cairo_t      *cr;
  PangoContext *pango;
  GdkRGBA       fg;
  gboolean      dark;
  double        width;
  double        height;
  double        line;     /* the height of a line of text */
} Painter;

static GdkRGBA
palette (Painter *p,
         guint    i)
{
  GdkRGBA color;

  gdk_rgba_parse (&color, (p->dark ? dark_palette : light_palette)[i % G_N_ELEMENTS (light_palette)]);
  return color;
}

static void
set_color (Painter       *p,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (p->cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* A layout in the chart's font, @scale times its size. */
static PangoLayout *
text_layout (Painter    *p,
             const char *text,
             double      scale,
             gboolean    bold)
{
  PangoLayout *layout = pango_layout_new (p->pango);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (p->pango));

  if (scale != 1.0)
    {
      int size = pango_font_description_get_size (font);

      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size * scale);
      else
        pango_font_description_set_size (font, (int) (size * scale));
    }
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Wrap or ellipsize @layout to @width pixels, in at most @lines lines. */
static void
fit_layout (PangoLayout *layout,
            double       width,
            int          lines)
{
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  if (lines > 1)
    {
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -lines);
    }
}

static void
show_layout (Painter       *p,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color,
             double         alpha)
{
  cairo_move_to (p->cr, x, y);
  set_color (p, color, alpha);
  pango_cairo_show_layout (p->cr, layout);
}

static void
rounded_bar (cairo_t *cr,
             double   x,
             double   y,
             double   w,
             double   h,
             double   radius)
{
  radius = MIN (radius, MIN (w, h) / 2);
  if (w <= 0 || h <= 0)
    return;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static FcrmChartItem *
item_at (Painter *p,
         guint    i)
{
  return &g_array_index (p->chart->items, FcrmChartItem, i);
}

static guint
n_items (Painter *p)
{
  return p->chart->items->len;
}

static gboolean
has_second (Painter *p)
{
  return p->chart->second_name != NULL && p->chart->kind == FCRM_CHART_BARS;
}

static double
max_value (Painter *p)
{
  double max = 0;

  for (guint i = 0; i < n_items (p); i++)
    {
      if (item_at (p, i)->heading)
        continue;
      max = MAX (max, item_at (p, i)->value);
      if (has_second (p) && !isnan (item_at (p, i)->second))
        max = MAX (max, item_at (p, i)->second);
    }
  return max;
}

/* A "nice" step (1, 2, 2.5 or 5 times a power of ten) for about four
 * grid lines up to @max; money in whole roubles. */
static double
nice_step (Painter *p,
           double   max)
{
  double unit = p->chart->value_kind == FCRM_TABLE_MONEY ? 100 : 1;
  double raw = MAX (max / unit / 4, p->chart->value_kind == FCRM_TABLE_PERCENT ? 0.01 : 1);
  double magnitude = pow (10, floor (log10 (raw)));
  double norm = raw / magnitude;
  double step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;

  return step * magnitude * unit;
}

static void
draw_message (Painter    *p,
              const char *message)
{
  g_autoptr(PangoLayout) layout = text_layout (p, message, 1.0, FALSE);
  double w, h;

  fit_layout (layout, p->width - 24, 3);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  layout_size (layout, &w, &h);
  show_layout (p, layout, 12, (p->height - h) / 2, &p->fg, 0.55);
}

/* The legend of two series, at the top right; returns its height. */
static double
draw_legend (Painter *p)
{
  const char *names[2] = { p->chart->first_name, p->chart->second_name };
  double x = p->width;
  double swatch = p->line * 0.7;

  if (!has_second (p))
    return 0;

  for (int i = 1; i >= 0; i--)
    {
      g_autoptr(PangoLayout) layout = text_layout (p, names[i], 0.85, FALSE);
      GdkRGBA first = palette (p, 0);
      double w, h;

      fit_layout (layout, p->width / 2 - swatch - 24, 1);
      layout_size (layout, &w, &h);
      x -= w;
      show_layout (p, layout, x, 0, &p->fg, 0.8);
      x -= swatch + 6;
      if (i == 0)
        set_color (p, &first, 1);
      else
        set_color (p, &p->fg, 0.3);
      rounded_bar (p->cr, x, (h - swatch) / 2, swatch, swatch, 3);
      cairo_fill (p->cr);
      x -= 18;
    }

  return p->line + 8;
}

/* A value's label: in full, or short when the full one is wider than @room. */
static PangoLayout *
value_layout (Painter *p,
              double   value,
              double   room,
              gboolean bold)
{
  g_autofree char *full = fcrm_table_format_value (p->chart->value_kind, value);
  PangoLayout *layout = text_layout (p, full, 0.85, bold);
  double w;

  layout_size (layout, &w, NULL);
  if (w > room)
    {
      g_autofree char *brief = fcrm_table_format_value_short (p->chart->value_kind, value);

      pango_layout_set_text (layout, brief, -1);
    }
  return layout;
}

/* ---- bars up ---------------------------------------------------------------- */

static void
draw_vertical_bars (Painter *p)
{
  double top = draw_legend (p);
  double max = max_value (p);
  double step = nice_step (p, max);
  int n_steps = MAX (1, (int) ceil (max / step - 1e-9));
  double axis_max = n_steps * step;
  double axis_w = 0;
  double label_h = p->line * 0.85 * 2 + 6;
  double x0, x1, y0, y1, slot, group, bar;
  GdkRGBA first = palette (p, 0);

  /* the widest tick label sets the axis's width */
  for (int t = 0; t <= n_steps; t++)
    {
      g_autofree char *text = fcrm_table_format_value_short (p->chart->value_kind, t * step);
      g_autoptr(PangoLayout) layout = text_layout (p, text, 0.8, FALSE);
      double w;

      layout_size (layout, &w, NULL);
      axis_w = MAX (axis_w, w);
    }
  axis_w = MIN (axis_w + 8, p->width / 4);

  x0 = axis_w;
  x1 = p->width - 4;
  y0 = top + p->line;   /* room for the values above the bars */
  y1 = p->height - label_h;
  if (x1 - x0 < 20 || y1 - y0 < 20)
    return;

  cairo_set_line_width (p->cr, 1);
  for (int t = 0; t <= n_steps; t++)
    {
      double y = round (y1 - (y1 - y0) * t / n_steps) + 0.5;
      g_autofree char *text = fcrm_table_format_value_short (p->chart->value_kind, t * step);
      g_autoptr(PangoLayout) layout = text_layout (p, text, 0.8, FALSE);
      double w, h;

      set_color (p, &p->fg, t == 0 ? 0.35 : 0.12);
      cairo_move_to (p->cr, x0, y);
      cairo_line_to (p->cr, x1, y);
      cairo_stroke (p->cr);

      fit_layout (layout, axis_w - 6, 1);
      layout_size (layout, &w, &h);
      show_layout (p, layout, x0 - 6 - w, y - h / 2, &p->fg, 0.6);
    }

  slot = (x1 - x0) / n_items (p);
  group = MIN (slot * 0.72, p->line * 4);
  bar = has_second (p) ? group / 2 : group;

  for (guint i = 0; i < n_items (p); i++)
    {
      FcrmChartItem *item = item_at (p, i);
      double cx = x0 + slot * (i + 0.5);
      double left = cx - group / 2;
      double h = axis_max > 0 ? (y1 - y0) * MAX (item->value, 0) / axis_max : 0;
      double value_x = has_second (p) ? left + bar : left;
      g_autoptr(PangoLayout) label = text_layout (p, item->label, 0.85, FALSE);
      double w, lh;

      if (has_second (p) && !isnan (item->second))
        {
          double h2 = axis_max > 0 ? (y1 - y0) * MAX (item->second, 0) / axis_max : 0;

          set_color (p, &p->fg, 0.3);
          rounded_bar (p->cr, left, y1 - h2, bar - 1, h2, 3);
          cairo_fill (p->cr);
        }

      set_color (p, &first, 1);
      rounded_bar (p->cr, value_x, y1 - h, bar, h, 3);
      cairo_fill (p->cr);

      if (item->value > 0)
        {
          g_autoptr(PangoLayout) value = value_layout (p, item->value, slot - 2, FALSE);

          layout_size (value, &w, &lh);
          /* a label wider than its slot would run into the next one */
          if (w <= slot - 2)
            show_layout (p, value, value_x + bar / 2 - w / 2, y1 - h - lh - 1, &p->fg, 0.9);
        }

      fit_layout (label, slot - 4, 2);
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      show_layout (p, label, cx - (slot - 4) / 2, y1 + 4, &p->fg, 0.75);
    }
}

/* ---- bars across ------------------------------------------------------------ */

static double
widest_label (Painter *p,
              double   scale)
{
  double widest = 0;

  for (guint i = 0; i < n_items (p); i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double w;

      /* headings have the whole width */
      if (item_at (p, i)->heading)
        continue;
      layout = text_layout (p, item_at (p, i)->label, scale, FALSE);
      layout_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
draw_horizontal_bars (Painter *p)
{
  double top = draw_legend (p);
  double max = max_value (p);
  double label_w = MIN (widest_label (p, 1.0), p->width * 0.32);
  double value_w = 0;
  double row, bar, bar2, x0, length;
  GdkRGBA first = palette (p, 0);

  for (guint i = 0; i < n_items (p); i++)
    {
      g_autoptr(PangoLayout) value = value_layout (p, item_at (p, i)->value, p->width * 0.2, FALSE);
      double w;

      layout_size (value, &w, NULL);
      value_w = MAX (value_w, w);
    }

  row = MIN ((p->height - top) / n_items (p), p->line * (has_second (p) ? 2.4 : 1.9));
  bar = has_second (p) ? row * 0.45 : row * 0.62;
  bar2 = row * 0.25;
  x0 = label_w + 12;
  length = p->width - x0 - value_w - 8;
  if (length < 20 || row < 4)
    return;

  for (guint i = 0; i < n_items (p); i++)
    {
      FcrmChartItem *item = item_at (p, i);
      double y = top + row * i;
      double w = max > 0 ? length * MAX (item->value, 0) / max : 0;
      double block = has_second (p) ? bar + bar2 + 2 : bar;
      double by = y + (row - block) / 2;
      g_autoptr(PangoLayout) label = text_layout (p, item->label, 1.0, item->heading);
      g_autoptr(PangoLayout) value = NULL;
      double lw, lh;

      if (item->heading)
        {
          /* a group's name (a pipeline's) over its bars */
          fit_layout (label, p->width, 1);
          layout_size (label, NULL, &lh);
          show_layout (p, label, 0, y + row - lh - 2, &p->fg, 1.0);
          continue;
        }

      value = value_layout (p, item->value, p->width * 0.2, FALSE);
      fit_layout (label, label_w, 1);
      layout_size (label, &lw, &lh);
      show_layout (p, label, 0, by + bar / 2 - lh / 2, &p->fg, 0.85);

      set_color (p, &first, 1);
      rounded_bar (p->cr, x0, by, w, bar, 3);
      cairo_fill (p->cr);
      if (has_second (p) && !isnan (item->second))
        {
          double w2 = max > 0 ? length * MAX (item->second, 0) / max : 0;

          set_color (p, &p->fg, 0.3);
          rounded_bar (p->cr, x0, by + bar + 2, w2, bar2, 2);
          cairo_fill (p->cr);
        }

      layout_size (value, &lw, &lh);
      show_layout (p, value, x0 + w + 6, by + bar / 2 - lh / 2, &p->fg, 0.9);
    }
}

/* ---- funnel ----------------------------------------------------------------- */

#define FUNNEL_ROW 2.6       /* lines per stage */
#define HEADING_ROW 1.8      /* lines per heading */

/* The largest value of the group (up to the next heading) starting at @i. */
static double
group_max (Painter *p,
           guint    i)
{
  double max = 0;

  for (; i < n_items (p) && !item_at (p, i)->heading; i++)
    max = MAX (max, item_at (p, i)->value);
  return max;
}

static void
draw_funnel (Painter *p)
{
  double label_w = MIN (widest_label (p, 1.0), p->width * 0.3);
  double row = p->line * FUNNEL_ROW;
  double value_w = 0;
  double x0, area, center, y = 0, max = group_max (p, 0);
  guint stage = 0;
  GdkRGBA first = palette (p, 0);

  /* notes (budget and conversion) share the label column */
  for (guint i = 0; i < n_items (p); i++)
    {
      FcrmChartItem *item = item_at (p, i);
      g_autoptr(PangoLayout) note = text_layout (p, item->note, 0.85, FALSE);
      g_autoptr(PangoLayout) value = value_layout (p, item->value, G_MAXDOUBLE, TRUE);
      double w;

      if (item->heading)
        continue;
      layout_size (note, &w, NULL);
      label_w = MAX (label_w, MIN (w, p->width * 0.36));
      layout_size (value, &w, NULL);
      value_w = MAX (value_w, w);
    }

  x0 = label_w + 16;
  area = p->width - x0 - 2 * (value_w + 8);
  center = x0 + value_w + 8 + area / 2;
  if (area < 20)
    return;

  for (guint i = 0; i < n_items (p); i++)
    {
      FcrmChartItem *item = item_at (p, i);
      double bar_h = row - 6;
      double w, alpha, lw, lh, nh = 0;
      guint group_size = 0;
      g_autoptr(PangoLayout) label = text_layout (p, item->label, item->heading ? 1.1 : 1.0, TRUE);
      g_autoptr(PangoLayout) value = NULL;

      if (item->heading)
        {
          /* each pipeline's stages against their own largest */
          max = group_max (p, i + 1);
          stage = 0;
          fit_layout (label, p->width, 1);
          layout_size (label, NULL, &lh);
          show_layout (p, label, 0, y + p->line * HEADING_ROW - lh - 4, &p->fg, 1.0);
          y += p->line * HEADING_ROW;
          continue;
        }

      for (guint j = i - stage; j < n_items (p) && !item_at (p, j)->heading; j++)
        group_size++;
      alpha = group_size > 1 ? 1.0 - 0.45 * stage / (group_size - 1) : 1.0;
      /* never thinner than a sliver: an empty stage is still a stage */
      w = max > 0 ? MAX (area * MAX (item->value, 0) / max, 4) : 4;

      fit_layout (label, label_w, 1);
      layout_size (label, &lw, &lh);
      if (item->note != NULL && *item->note != '\0')
        {
          g_autoptr(PangoLayout) note = text_layout (p, item->note, 0.85, FALSE);

          fit_layout (note, label_w, 1);
          layout_size (note, NULL, &nh);
          show_layout (p, note, 0, y + (row - lh - nh) / 2 + lh, &p->fg, 0.6);
        }
      show_layout (p, label, 0, y + (row - lh - nh) / 2, &p->fg, 0.9);

      set_color (p, &first, alpha);
      rounded_bar (p->cr, center - w / 2, y + 3, w, bar_h, 4);
      cairo_fill (p->cr);

      value = value_layout (p, item->value, G_MAXDOUBLE, TRUE);
      layout_size (value, &lw, &lh);
      show_layout (p, value, center + w / 2 + 8, y + row / 2 - lh / 2, &p->fg, 0.9);
      y += row;
      stage++;
    }
}

/* ---- donut ------------------------------------------------------------------ */

static void draw_donut_in (Painter *p);

/* A wide chart keeps the donut and its legend together, in the middle. */
static void
draw_donut (Painter *p)
{
  double wanted = p->height + 16 + widest_label (p, 1.0) + p->line * 10;

  if (p->width <= wanted)
    {
      draw_donut_in (p);
      return;
    }
  cairo_save (p->cr);
  cairo_translate (p->cr, round ((p->width - wanted) / 2), 0);
  p->width = wanted;
  draw_donut_in (p);
  cairo_restore (p->cr);
}

static void
draw_donut_in (Painter *p)
{
  double total = 0;
  double legend_w, radius, cx, cy, angle = -G_PI / 2;
  double row = p->line * 1.5;
  double legend_h, ly;

  for (guint i = 0; i < n_items (p); i++)
    total += MAX (item_at (p, i)->value, 0);
  if (total <= 0)
    {
      draw_message (p, _("Nothing to show for this period."));
      return;
    }

  legend_w = MIN (p->width * 0.55, widest_label (p, 1.0) + p->line * 10);
  radius = MIN ((p->width - legend_w) / 2, p->height / 2) - 8;
  cx = (p->width - legend_w) / 2;
  cy = p->height / 2;
  if (radius < 10)
    return;

  for (guint i = 0; i < n_items (p); i++)
    {
      FcrmChartItem *item = item_at (p, i);
      double sweep = 2 * G_PI * MAX (item->value, 0) / total;
      GdkRGBA color = palette (p, i);

      if (sweep <= 0)
        continue;
      set_color (p, &color, 1);
      cairo_new_path (p->cr);
      cairo_arc (p->cr, cx, cy, radius, angle, angle + sweep);
      cairo_arc_negative (p->cr, cx, cy, radius * 0.6, angle + sweep, angle);
      cairo_close_path (p->cr);
      cairo_fill (p->cr);
      angle += sweep;
    }

  /* the total in the hole */
  {
    g_autoptr(PangoLayout) layout = value_layout (p, total, radius * 1.1, TRUE);
    double w, h;

    layout_size (layout, &w, &h);
    if (w <= radius * 1.15)
      show_layout (p, layout, cx - w / 2, cy - h / 2, &p->fg, 0.9);
  }

  legend_h = MIN (n_items (p) * row, p->height);
  ly = (p->height - legend_h) / 2;
  for (guint i = 0; i < n_items (p) && ly + row <= p->height + 1; i++, ly += row)
    {
      FcrmChartItem *item = item_at (p, i);
      GdkRGBA color = palette (p, i);
      double lx = p->width - legend_w + 8;
      g_autofree char *share = fcrm_table_format_value (FCRM_TABLE_PERCENT, MAX (item->value, 0) / total);
      g_autofree char *amount = fcrm_table_format_value (p->chart->value_kind, item->value);
      /* Translators: a donut chart's legend: a value and its share ("3 · 25%") */
      g_autofree char *text = g_strdup_printf (C_("chart legend", "%s · %s"), amount, share);
      g_autoptr(PangoLayout) value = text_layout (p, text, 0.85, FALSE);
      g_autoptr(PangoLayout) label = text_layout (p, item->label, 1.0, FALSE);
      double vw, vh, lh;

      set_color (p, &color, 1);
      rounded_bar (p->cr, lx, ly + (row - p->line * 0.7) / 2, p->line * 0.7, p->line * 0.7, 3);
      cairo_fill (p->cr);
      lx += p->line * 0.7 + 8;

      layout_size (value, &vw, &vh);
      fit_layout (label, MAX (p->width - lx - vw - 12, 10), 1);
      layout_size (label, NULL, &lh);
      show_layout (p, label, lx, ly + (row - lh) / 2, &p->fg, 0.9);
      show_layout (p, value, p->width - vw, ly + (row - vh) / 2, &p->fg, 0.65);
    }
}

/* ---- entry points ----------------------------------------------------------- */

static double
line_height (PangoContext *context)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoRectangle logical;

  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_extents (layout, NULL, &logical);
  return MAX ((double) logical.height / PANGO_SCALE, 8);
}

double
fcrm_chart_natural_height (FcrmChart *self,
                           double     line)
{
  guint n = self->items->len;
  guint headings = 0;
  double legend = self->second_name != NULL ? line + 8 : 0;

  if (n == 0)
    return line * 6;
  for (guint i = 0; i < n; i++)
    headings += g_array_index (self->items, FcrmChartItem, i).heading;

  switch (self->kind)
    {
    case FCRM_CHART_FUNNEL:
      return (n - headings) * line * FUNNEL_ROW + headings * line * HEADING_ROW;
    case FCRM_CHART_DONUT:
      return MAX (line * 12, n * line * 1.5);
    case FCRM_CHART_BARS:
    default:
      if (self->horizontal)
        return legend + n * line * (self->second_name != NULL ? 2.4 : 1.9);
      return line * 14;
    }
}

void
fcrm_chart_draw (FcrmChart     *self,
                 cairo_t       *cr,
                 PangoContext  *context,
                 const GdkRGBA *foreground,
                 gboolean       dark,
                 double         width,
                 double         height)
{
  Painter p = {
    .chart = self,
    .cr = cr,
    .pango = context,
    .fg = *foreground,
    .dark = dark,
    .width = width,
    .height = height,
  };

  g_return_if_fail (FCRM_IS_CHART (self));
  g_return_if_fail (cr != NULL && context != NULL && foreground != NULL);

  if (width < 10 || height < 10)
    return;
  p.line = line_height (context);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  if (self->items->len == 0)
    draw_message (&p, _("Nothing to show for this period."));
  else if (self->kind == FCRM_CHART_FUNNEL)
    draw_funnel (&p);
  else if (self->kind == FCRM_CHART_DONUT)
    draw_donut (&p);
  else if (self->horizontal)
    draw_horizontal_bars (&p);
  else
    draw_vertical_bars (&p);

  cairo_restore (cr);
}
