#pragma once

#include "fcrm-chart.h"

G_BEGIN_DECLS

/* Shared by the chart's widget (fcrm-chart.c) and its drawing (fcrm-chart-draw.c). */

typedef struct
{
  char   *label;
  double  value;
  double  second;
  char   *note;
  gboolean heading;   /* a group's name (a funnel's pipeline), not a value */
} FcrmChartItem;

struct _FcrmChart
{
  GtkWidget      parent_instance;

  FcrmChartKind  kind;
  gboolean       horizontal;
  FcrmTableKind  value_kind;
  char          *first_name;
  char          *second_name;   /* NULL: one series */
  char          *title;
  GArray        *items;         /* FcrmChartItem */
};

/** The height the chart wants at its font (one line is @line px). */
double fcrm_chart_natural_height (FcrmChart *self,
                                  double     line);

G_END_DECLS
