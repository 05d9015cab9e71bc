#pragma once

#include <gtk/gtk.h>

#include "fcrm-table.h"

G_BEGIN_DECLS

/* A small chart drawn with cairo: bars (vertical or horizontal, with an
 * optional second series to compare, such as the previous year), a funnel
 * or a donut. Labelled with its categories and values (money in the
 * user's locale), drawn at the screen's scale, in colours that read on a
 * light and a dark style. The same drawing prints (fcrm_chart_draw()). */

typedef enum {
  FCRM_CHART_BARS,
  FCRM_CHART_FUNNEL,
  FCRM_CHART_DONUT,
} FcrmChartKind;

#define FCRM_TYPE_CHART (fcrm_chart_get_type ())
G_DECLARE_FINAL_TYPE (FcrmChart, fcrm_chart, FCRM, CHART, GtkWidget)

GtkWidget     *fcrm_chart_new               (void);

void           fcrm_chart_set_kind          (FcrmChart     *self,
                                             FcrmChartKind  kind);
FcrmChartKind  fcrm_chart_get_kind          (FcrmChart     *self);
/** Bars along the width (long category names) rather than up. */
void           fcrm_chart_set_horizontal    (FcrmChart     *self,
                                             gboolean       horizontal);
/** How values are written: a count, money (kopecks), days or a share. */
void           fcrm_chart_set_value_kind    (FcrmChart     *self,
                                             FcrmTableKind  kind);
/** The names of the two series for the legend (@second NULL: one series). */
void           fcrm_chart_set_series_names  (FcrmChart     *self,
                                             const char    *first,
                                             const char    *second);
/** What the chart shows, for its accessible name ("Funnel"). */
void           fcrm_chart_set_title         (FcrmChart     *self,
                                             const char    *title);

/** Remove every category. */
void           fcrm_chart_clear             (FcrmChart     *self);
/** A category: its label, value, the second series' value (ignored without
 * a second series) and an optional note shown beside it (a funnel stage's
 * budget and conversion). */
void           fcrm_chart_add               (FcrmChart     *self,
                                             const char    *label,
                                             double         value,
                                             double         second,
                                             const char    *note);
/** A heading before the categories that follow (funnel: a pipeline's
 * name, each pipeline's stages measured against their own largest). */
void           fcrm_chart_add_heading       (FcrmChart     *self,
                                             const char    *label);
/** Fill the chart from a table: labels from @label_column, values from
 * @value_column, the second series from @compare_column (-1: none); total
 * rows and rows without a label are left out. Value kind and series names come from the columns. */
void           fcrm_chart_set_from_table    (FcrmChart     *self,
                                             FcrmTable     *table,
                                             int            label_column,
                                             int            value_column,
                                             int            compare_column);
guint          fcrm_chart_get_n_items       (FcrmChart     *self);
/** The chart in words (its accessible description). */
char          *fcrm_chart_get_description   (FcrmChart     *self);

/** Draw the chart on @cr in a @width × @height box: the widget's own
 * drawing, also used for printing (@dark FALSE, @context the print
 * context's, @foreground the ink). */
void           fcrm_chart_draw              (FcrmChart     *self,
                                             cairo_t       *cr,
                                             PangoContext  *context,
                                             const GdkRGBA *foreground,
                                             gboolean       dark,
                                             double         width,
                                             double         height);

G_END_DECLS
