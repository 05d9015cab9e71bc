#define G_LOG_DOMAIN "fcrm-schedule-view"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fcrm-crm-async.h"
#include "fcrm-schedule-event.h"
#include "fcrm-schedule-view.h"
#include "fcrm-toasts.h"

#define DAY_SECONDS (24 * 60 * 60)
/* below this width a week of lanes and the side list do not fit side by side:
 * the side list hides (its button stays, marked when there are conflicts) */
#define NARROW_WIDTH 1200

/* what one read brings: the period's events (conflicts marked), the
 * conflicts, the side list, and the hour a dateless item is dropped at */
typedef struct
{
  gint64     from;
  gint64     to;
  GPtrArray *events;
  GPtrArray *conflicts;
  GPtrArray *unscheduled;
  int        day_hour;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *l = data;

  g_clear_pointer (&l->events, g_ptr_array_unref);
  g_clear_pointer (&l->conflicts, g_ptr_array_unref);
  g_clear_pointer (&l->unscheduled, g_ptr_array_unref);
  g_free (l);
}

struct _FcrmScheduleView
{
  GtkWidget         parent_instance;

  FcrmCrm          *crm;
  FcrmScheduleMode  mode;
  gint64            date;          /* a moment of the day shown (or of the week, the month) */
  Loaded           *loaded;
  GCancellable     *load_cancellable;
  guint             reload_id;
  gboolean          dirty;
  AdwToast         *toast;
  GHashTable       *cells;         /* "day|login" → cell (borrowed) */
  gboolean          narrow;
  guint             narrow_id;

  GtkWidget        *content_box;
  GtkLabel         *period_label;
  GtkToggleButton  *day_button;
  GtkToggleButton  *week_button;
  GtkToggleButton  *month_button;
  AdwBin           *grid_bin;
  GtkBox           *conflicts_box;
  GtkBox           *unscheduled_box;
  GtkToggleButton  *side_button;
};

G_DEFINE_FINAL_TYPE (FcrmScheduleView, fcrm_schedule_view, GTK_TYPE_WIDGET)

/* ---- days ------------------------------------------------------------------------ */

static GDateTime *
local_midnight (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                g_date_time_get_day_of_month (dt), 0, 0, 0);
}

/* the first day shown and how many (a month: whole weeks around it) */
static GDateTime *
period_start (FcrmScheduleView *self,
              int              *out_days)
{
  g_autoptr(GDateTime) day = local_midnight (self->date);

  switch (self->mode)
    {
    case FCRM_SCHEDULE_DAY:
      *out_days = 1;
      return g_steal_pointer (&day);
    case FCRM_SCHEDULE_MONTH:
      {
        g_autoptr(GDateTime) first = g_date_time_add_days (day, 1 - g_date_time_get_day_of_month (day));
        g_autoptr(GDateTime) next = g_date_time_add_months (first, 1);
        int lead = g_date_time_get_day_of_week (first) - 1;
        int n = lead + (int) (g_date_time_difference (next, first) / G_TIME_SPAN_DAY + 1);

        *out_days = (n + 6) / 7 * 7;
        return g_date_time_add_days (first, -lead);
      }
    case FCRM_SCHEDULE_WEEK:
    default:
      *out_days = 7;
      return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
    }
}

static gint64
day_at (GDateTime *start,
        int        n)
{
  g_autoptr(GDateTime) d = g_date_time_add_days (start, n);

  return g_date_time_to_unix (d);
}

static gboolean
same_day (gint64 a,
          gint64 b)
{
  g_autoptr(GDateTime) x = local_midnight (a);
  g_autoptr(GDateTime) y = local_midnight (b);

  return g_date_time_equal (x, y);
}

/* ---- reading ---------------------------------------------------------------------- */

static gpointer
read_schedule (FcrmCrm  *worker,
               gpointer  data,
               GError  **error)
{
  Loaded *q = data;
  g_autoptr(GPtrArray) events = fcrm_crm_schedule (worker, q->from, q->to, NULL, error);
  Loaded *l;

  if (events == NULL)
    return NULL;
  l = g_new0 (Loaded, 1);
  l->from = q->from;
  l->to = q->to;
  l->conflicts = fcrm_schedule_find_conflicts (events, fcrm_clock_now (fcrm_crm_get_clock (worker)));
  l->events = g_steal_pointer (&events);
  l->unscheduled = fcrm_crm_schedule_unscheduled (worker, error);
  l->day_hour = fcrm_crm_schedule_day_hour (worker);
  if (l->unscheduled == NULL)
    {
      loaded_free (l);
      return NULL;
    }
  return l;
}

static void show_loaded (FcrmScheduleView *self);

static void
schedule_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FcrmScheduleView) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *l = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (l == NULL)
    {
      g_warning ("Cannot read the schedule: %s", error->message);
      return;
    }
  g_clear_pointer (&self->loaded, loaded_free);
  self->loaded = l;
  show_loaded (self);
}

void
fcrm_schedule_view_reload (FcrmScheduleView *self)
{
  g_autoptr(GDateTime) start = NULL;
  Loaded *q;
  int days;

  g_return_if_fail (FCRM_IS_SCHEDULE_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->dirty = FALSE;
  if (self->crm == NULL)
    return;
  start = period_start (self, &days);
  q = g_new0 (Loaded, 1);
  q->from = g_date_time_to_unix (start);
  q->to = day_at (start, days);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_schedule, q, loaded_free, loaded_free, self->load_cancellable,
                       schedule_read_cb, g_object_ref (self));
}

/* ---- the grid --------------------------------------------------------------------- */

static char *
cell_key (gint64      day,
          const char *login)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "|%s", day, login != NULL ? login : "");
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *cell)
{
  FcrmScheduleView *self = FCRM_SCHEDULE_VIEW (gtk_widget_get_ancestor (cell, FCRM_TYPE_SCHEDULE_VIEW));
  gint64 *day = g_object_get_data (G_OBJECT (cell), "fcrm-day");

  if (self == NULL || !G_VALUE_HOLDS (value, FCRM_TYPE_EVENT))
    return FALSE;
  return fcrm_schedule_view_drop_event (self, g_value_get_object (value), *day,
                                        g_object_get_data (G_OBJECT (cell), "fcrm-login"));
}

static GtkWidget *
new_cell (FcrmScheduleView *self,
          gint64            day,
          const char       *login)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkDropTarget *target = gtk_drop_target_new (FCRM_TYPE_EVENT, GDK_ACTION_MOVE);

  gtk_widget_add_css_class (cell, "schedule-cell");
  if (same_day (day, fcrm_clock_now (fcrm_crm_get_clock (self->crm))))
    gtk_widget_add_css_class (cell, "schedule-today");
  g_object_set_data_full (G_OBJECT (cell), "fcrm-day", g_memdup2 (&day, sizeof day), g_free);
  g_object_set_data_full (G_OBJECT (cell), "fcrm-login", g_strdup (login), g_free);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), cell);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (target));
  g_hash_table_insert (self->cells, cell_key (day, login), cell);
  return cell;
}

static GtkWidget *
day_heading (gint64 day,
             gboolean month)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day);
  /* Translators: a day's column in the schedule, "Mon 12" */
  g_autofree char *text = g_date_time_format (dt, month ? C_("schedule day", "%-d") : C_("schedule day", "%a %-d"));
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* the people with events, by name; nobody's lane last */
static GPtrArray *
lanes (GPtrArray *events)
{
  GPtrArray *people = g_ptr_array_new ();

  for (guint i = 0; i < events->len; i++)
    {
      FcrmEvent *ev = g_ptr_array_index (events, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < people->len && !seen; j++)
        seen = ((FcrmEvent *) g_ptr_array_index (people, j))->user_id == ev->user_id;
      if (!seen)
        g_ptr_array_add (people, ev);
    }
  return people;
}

static int
compare_lanes (gconstpointer a,
               gconstpointer b)
{
  const FcrmEvent *x = *(FcrmEvent * const *) a;
  const FcrmEvent *y = *(FcrmEvent * const *) b;

  if ((x->user_name == NULL) != (y->user_name == NULL))
    return x->user_name == NULL ? 1 : -1;
  return g_utf8_collate (x->user_name != NULL ? x->user_name : "", y->user_name != NULL ? y->user_name : "");
}

/* nobody has field work in the period: say so, and where it comes from */
static GtkWidget *
empty_page (void)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Field Work in This Period"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Measurements, deliveries, installations and repair visits appear here "
                                     "once their deals have a date. Items without a date wait in the side list."));
  gtk_widget_set_vexpand (page, TRUE);
  return page;
}

static GtkWidget *
build_lanes (FcrmScheduleView *self,
             GDateTime        *start,
             int               days)
{
  GtkWidget *grid;
  g_autoptr(GPtrArray) people = lanes (self->loaded->events);

  if (people->len == 0)
    return empty_page ();
  grid = gtk_grid_new ();
  g_ptr_array_sort (people, compare_lanes);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "schedule-grid");
  for (int d = 0; d < days; d++)
    gtk_grid_attach (GTK_GRID (grid), day_heading (day_at (start, d), FALSE), d + 1, 0, 1, 1);
  for (guint p = 0; p < people->len; p++)
    {
      FcrmEvent *person = g_ptr_array_index (people, p);
      GtkWidget *name = gtk_label_new (person->user_name != NULL ? person->user_name : C_("schedule", "Nobody"));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 12);
      gtk_widget_add_css_class (name, "schedule-person");
      gtk_grid_attach (GTK_GRID (grid), name, 0, (int) p + 1, 1, 1);
      for (int d = 0; d < days; d++)
        {
          gint64 day = day_at (start, d);
          GtkWidget *cell = new_cell (self, day, person->user_login);

          gtk_widget_set_hexpand (cell, TRUE);
          gtk_widget_set_size_request (cell, days == 1 ? 320 : 112, 64);
          for (guint i = 0; i < self->loaded->events->len; i++)
            {
              FcrmEvent *ev = g_ptr_array_index (self->loaded->events, i);

              if (ev->user_id == person->user_id && same_day (ev->start, day))
                gtk_box_append (GTK_BOX (cell), fcrm_schedule_event_new (ev, FALSE));
            }
          gtk_grid_attach (GTK_GRID (grid), cell, d + 1, (int) p + 1, 1, 1);
        }
    }
  return grid;
}

static void
show_day_cb (GtkButton        *button,
             FcrmScheduleView *self)
{
  gint64 *day = g_object_get_data (G_OBJECT (button), "fcrm-day");

  self->date = *day + 12 * 3600;
  gtk_toggle_button_set_active (self->day_button, TRUE);
}

static GtkWidget *
build_month (FcrmScheduleView *self,
             GDateTime        *start,
             int               days)
{
  GtkWidget *grid = gtk_grid_new ();
  g_autoptr(GDateTime) shown = g_date_time_new_from_unix_local (self->date);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_widget_add_css_class (grid, "schedule-grid");
  for (int d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) dt = g_date_time_add_days (start, d);
      g_autofree char *name = g_date_time_format (dt, "%a");
      GtkWidget *label = gtk_label_new (name);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (GTK_GRID (grid), label, d, 0, 1, 1);
    }
  for (int d = 0; d < days; d++)
    {
      gint64 day = day_at (start, d);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day);
      GtkWidget *cell = new_cell (self, day, NULL);
      g_autofree char *number = g_date_time_format (dt, "%-d");
      GtkWidget *button = gtk_button_new_with_label (number);
      guint counts[FCRM_EVENT_N_KINDS] = { 0 };
      gboolean conflict = FALSE;

      gtk_widget_set_size_request (cell, 90, 90);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button, _("Show this day"));
      g_object_set_data_full (G_OBJECT (button), "fcrm-day", g_memdup2 (&day, sizeof day), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (show_day_cb), self);
      if (g_date_time_get_month (dt) != g_date_time_get_month (shown))
        gtk_widget_add_css_class (cell, "dim-label");
      gtk_box_append (GTK_BOX (cell), button);
      for (guint i = 0; i < self->loaded->events->len; i++)
        {
          FcrmEvent *ev = g_ptr_array_index (self->loaded->events, i);

          if (same_day (ev->start, day))
            {
              counts[ev->kind]++;
              conflict |= ev->conflict;
            }
        }
      for (int k = 0; k < FCRM_EVENT_N_KINDS; k++)
        if (counts[k] > 0)
          {
            /* Translators: a kind of event and how many a day has, "Delivery: 3" */
            g_autofree char *text = g_strdup_printf (C_("schedule count", "%s: %u"), fcrm_event_kind_display_name (k),
                                                     counts[k]);
            g_autofree char *css = g_strdup_printf ("schedule-%s", fcrm_event_kind_to_string (k));
            GtkWidget *label = gtk_label_new (text);

            gtk_label_set_xalign (GTK_LABEL (label), 0);
            gtk_label_set_wrap (GTK_LABEL (label), TRUE);
            gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
            gtk_widget_add_css_class (label, "schedule-count");
            gtk_widget_add_css_class (label, css);
            gtk_box_append (GTK_BOX (cell), label);
          }
      if (conflict)
        gtk_widget_add_css_class (cell, "schedule-conflict");
      gtk_grid_attach (GTK_GRID (grid), cell, d % 7, d / 7 + 1, 1, 1);
    }
  return grid;
}

static void
fill_side (FcrmScheduleView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_box))) != NULL)
    gtk_box_remove (self->conflicts_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->unscheduled_box))) != NULL)
    gtk_box_remove (self->unscheduled_box, child);

  for (guint i = 0; i < self->loaded->conflicts->len; i++)
    {
      FcrmConflict *c = g_ptr_array_index (self->loaded->conflicts, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *label = gtk_label_new (g_str_equal (c->kind, "overlap")
                                          ? C_("schedule conflict", "One person, two places at once")
                                          : C_("schedule conflict", "Out of order"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
      for (guint j = 0; j < c->events->len; j++)
        gtk_box_append (GTK_BOX (box), fcrm_schedule_event_new (g_ptr_array_index (c->events, j), TRUE));
      gtk_box_append (self->conflicts_box, box);
    }
  if (self->loaded->conflicts->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("None in this period."));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (self->conflicts_box, none);
    }
  for (guint i = 0; i < self->loaded->unscheduled->len; i++)
    gtk_box_append (self->unscheduled_box,
                    fcrm_schedule_event_new (g_ptr_array_index (self->loaded->unscheduled, i), TRUE));
  /* a hidden side list still tells that something clashes */
  if (self->loaded->conflicts->len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->side_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->side_button), "error");
}

static void
show_period_label (FcrmScheduleView *self,
                   GDateTime        *start,
                   int               days)
{
  g_autoptr(GDateTime) last = g_date_time_add_days (start, days - 1);
  g_autoptr(GDateTime) shown = g_date_time_new_from_unix_local (self->date);
  g_autofree char *a = NULL, *b = NULL, *text = NULL;

  if (self->mode == FCRM_SCHEDULE_MONTH)
    text = g_date_time_format (shown, C_("schedule period", "%OB %Y"));
  else if (days == 1)
    text = g_date_time_format (start, C_("schedule period", "%A, %-d %B %Y"));
  else
    {
      a = g_date_time_format (start, C_("schedule period", "%-d %B"));
      b = g_date_time_format (last, C_("schedule period", "%-d %B %Y"));
      /* Translators: a week, "12 January – 18 January 2026" */
      text = g_strdup_printf (C_("schedule period", "%s – %s"), a, b);
    }
  gtk_label_set_text (self->period_label, text);
}

static void
show_loaded (FcrmScheduleView *self)
{
  g_autoptr(GDateTime) start = NULL;
  int days;

  start = period_start (self, &days);
  show_period_label (self, start, days);
  if (self->loaded == NULL)
    return;
  g_hash_table_remove_all (self->cells);
  adw_bin_set_child (self->grid_bin, self->mode == FCRM_SCHEDULE_MONTH ? build_month (self, start, days)
                                                                       : build_lanes (self, start, days));
  fill_side (self);
}

/* ---- dropping ----------------------------------------------------------------------- */

static void
undo_clicked_cb (AdwToast         *toast,
                 FcrmScheduleView *self)
{
  FcrmScheduleUndo *undo = g_object_steal_data (G_OBJECT (toast), "fcrm-undo");
  g_autoptr(GError) error = NULL;

  if (undo == NULL || self->crm == NULL)
    return;
  if (!fcrm_crm_schedule_undo (self->crm, undo, &error))
    fcrm_toast_show (GTK_WIDGET (self), adw_toast_new (error->message));
  fcrm_schedule_undo_free (undo);
}

gboolean
fcrm_schedule_view_drop_event (FcrmScheduleView *self,
                               FcrmEvent        *event,
                               gint64            day,
                               const char       *login)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) old = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;
  FcrmScheduleUndo *undo = NULL;
  AdwToast *toast;
  int hour, minute;

  g_return_val_if_fail (FCRM_IS_SCHEDULE_VIEW (self), FALSE);
  g_return_val_if_fail (FCRM_IS_EVENT (event), FALSE);

  midnight = g_date_time_new_from_unix_local (day);
  /* the same time of day on the new day; a dateless item at the day's hour */
  if (event->start != 0 && !event->all_day)
    {
      old = g_date_time_new_from_unix_local (event->start);
      hour = g_date_time_get_hour (old);
      minute = g_date_time_get_minute (old);
    }
  else
    {
      hour = self->loaded != NULL ? self->loaded->day_hour : 10;
      minute = 0;
    }
  at = g_date_time_new_local (g_date_time_get_year (midnight), g_date_time_get_month (midnight),
                              g_date_time_get_day_of_month (midnight), hour, minute, 0);
  /* the month has no lanes: the person stays */
  if (login == NULL || g_strcmp0 (login, event->user_login) == 0)
    login = NULL;
  if (!fcrm_crm_schedule_move (self->crm, event, g_date_time_to_unix (at), login, &undo, &error))
    {
      toast = adw_toast_new (error->message);
      fcrm_toast_show_replacing (GTK_WIDGET (self), &self->toast, toast);
      g_object_unref (toast);
      return FALSE;
    }
  when = g_date_time_format (at, C_("schedule toast", "%a %-d %B, %H:%M"));
  /* Translators: after a drop on the schedule: the deal's title and its new time */
  message = g_strdup_printf (_("“%s” moved to %s"), event->title, when);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "fcrm-undo", undo, (GDestroyNotify) fcrm_schedule_undo_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
  fcrm_toast_show_replacing (GTK_WIDGET (self), &self->toast, toast);
  g_object_unref (toast);
  return TRUE;
}

/* ---- navigation, export ------------------------------------------------------------- */

static void
step (FcrmScheduleView *self,
      int               direction)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->date);
  g_autoptr(GDateTime) next = NULL;

  switch (self->mode)
    {
    case FCRM_SCHEDULE_DAY: next = g_date_time_add_days (dt, direction); break;
    case FCRM_SCHEDULE_MONTH: next = g_date_time_add_months (dt, direction); break;
    case FCRM_SCHEDULE_WEEK:
    default: next = g_date_time_add_weeks (dt, direction); break;
    }
  self->date = g_date_time_to_unix (next);
  fcrm_schedule_view_reload (self);
}

static void
navigate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FcrmScheduleView *self = FCRM_SCHEDULE_VIEW (widget);

  if (g_str_equal (action_name, "schedule.today"))
    {
      self->date = fcrm_clock_now (fcrm_crm_get_clock (self->crm));
      fcrm_schedule_view_reload (self);
    }
  else
    step (self, g_str_equal (action_name, "schedule.next") ? 1 : -1);
}

typedef struct
{
  char   *login;
  char   *path;
  gint64  now;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->login);
  g_free (job->path);
  g_free (job);
}

static gpointer
export_ical (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  ExportJob *job = data;

  /* a month back and a year ahead: what a calendar on a phone wants */
  if (!fcrm_crm_export_ical (worker, job->login, job->now - 31 * DAY_SECONDS, job->now + 366 * DAY_SECONDS, job->path,
                             error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcrmScheduleView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (fcrm_crm_read_finish (FCRM_CRM (source), result, &error) == NULL)
    fcrm_toast_show (GTK_WIDGET (self), adw_toast_new (error->message));
  else
    fcrm_toast_show (GTK_WIDGET (self), adw_toast_new (_("The calendar is saved; open it in GNOME Calendar or on a phone.")));
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    FcrmScheduleView *self)
{
  g_autoptr(GFile) file = NULL;
  ExportJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && g_file_peek_path (file) != NULL)
    {
      job = g_new0 (ExportJob, 1);
      job->login = g_strdup (g_object_get_data (G_OBJECT (dialog), "fcrm-login"));
      job->path = g_file_get_path (file);
      job->now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));
      fcrm_crm_read_async (self->crm, export_ical, job, export_job_free, NULL, NULL, exported_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcrmScheduleView *self = FCRM_SCHEDULE_VIEW (widget);
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);
  gboolean mine = g_str_equal (g_variant_get_string (parameter, NULL), "mine") && actor != NULL;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Schedule"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the file name offered for the exported schedule */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), mine ? _("my-schedule.ics") : _("schedule.ics"));
  g_object_set_data_full (G_OBJECT (dialog), "fcrm-login", mine ? g_strdup (actor->login) : NULL, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
mode_toggled_cb (GtkToggleButton  *button,
                 FcrmScheduleView *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->mode = button == self->day_button ? FCRM_SCHEDULE_DAY
             : button == self->month_button ? FCRM_SCHEDULE_MONTH : FCRM_SCHEDULE_WEEK;
  g_clear_pointer (&self->loaded, loaded_free);
  fcrm_schedule_view_reload (self);
}

/* ---- public ------------------------------------------------------------------------- */

void
fcrm_schedule_view_set_mode (FcrmScheduleView *self,
                             FcrmScheduleMode  mode)
{
  g_return_if_fail (FCRM_IS_SCHEDULE_VIEW (self));
  gtk_toggle_button_set_active (mode == FCRM_SCHEDULE_DAY ? self->day_button
                                : mode == FCRM_SCHEDULE_MONTH ? self->month_button : self->week_button, TRUE);
}

void
fcrm_schedule_view_set_date (FcrmScheduleView *self,
                             gint64            t)
{
  g_return_if_fail (FCRM_IS_SCHEDULE_VIEW (self));
  self->date = t;
  fcrm_schedule_view_reload (self);
}

GPtrArray *
fcrm_schedule_view_get_events (FcrmScheduleView *self)
{
  g_return_val_if_fail (FCRM_IS_SCHEDULE_VIEW (self), NULL);
  return self->loaded != NULL ? self->loaded->events : NULL;
}

GPtrArray *
fcrm_schedule_view_get_unscheduled (FcrmScheduleView *self)
{
  g_return_val_if_fail (FCRM_IS_SCHEDULE_VIEW (self), NULL);
  return self->loaded != NULL ? self->loaded->unscheduled : NULL;
}

GtkWidget *
fcrm_schedule_view_get_cell (FcrmScheduleView *self,
                             gint64            day,
                             const char       *login)
{
  g_autofree char *key = cell_key (day, self->mode == FCRM_SCHEDULE_MONTH ? NULL : login);

  g_return_val_if_fail (FCRM_IS_SCHEDULE_VIEW (self), NULL);
  return g_hash_table_lookup (self->cells, key);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  FcrmScheduleView *self = user_data;

  self->reload_id = 0;
  fcrm_schedule_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmCrm          *crm,
                FcrmScheduleView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

static gboolean
narrow_idle_cb (gpointer data)
{
  FcrmScheduleView *self = data;

  self->narrow_id = 0;
  gtk_toggle_button_set_active (self->side_button, !self->narrow);
  return G_SOURCE_REMOVE;
}

/* One child, the template's box; measured here rather than by a layout
 * manager because the view must see its own width (below). */
static void
fcrm_schedule_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  gtk_widget_measure (FCRM_SCHEDULE_VIEW (widget)->content_box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
fcrm_schedule_view_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (FCRM_SCHEDULE_VIEW (widget)->content_box);
}

/* Only a change across the width folds or unfolds the side list, so the
 * person's own choice stands until the window changes size class; the
 * change waits for an idle (no visibility change inside an allocation). */
static void
fcrm_schedule_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  FcrmScheduleView *self = FCRM_SCHEDULE_VIEW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  gtk_widget_allocate (self->content_box, width, height, baseline, NULL);
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      g_clear_handle_id (&self->narrow_id, g_source_remove);
      self->narrow_id = g_idle_add (narrow_idle_cb, self);
    }
}

gboolean
fcrm_schedule_view_get_side_list_shown (FcrmScheduleView *self)
{
  g_return_val_if_fail (FCRM_IS_SCHEDULE_VIEW (self), FALSE);

  return gtk_toggle_button_get_active (self->side_button);
}

static void
fcrm_schedule_view_map (GtkWidget *widget)
{
  FcrmScheduleView *self = FCRM_SCHEDULE_VIEW (widget);

  GTK_WIDGET_CLASS (fcrm_schedule_view_parent_class)->map (widget);
  if (self->dirty)
    fcrm_schedule_view_reload (self);
}

GtkWidget *
fcrm_schedule_view_new (FcrmCrm *crm)
{
  FcrmScheduleView *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_SCHEDULE_VIEW, NULL);
  self->crm = g_object_ref (crm);
  self->date = fcrm_clock_now (fcrm_crm_get_clock (crm));
  g_signal_connect_object (crm, "changed", G_CALLBACK (crm_changed_cb), self, 0);
  fcrm_schedule_view_reload (self);
  return GTK_WIDGET (self);
}

static void
fcrm_schedule_view_dispose (GObject *object)
{
  FcrmScheduleView *self = FCRM_SCHEDULE_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->narrow_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_SCHEDULE_VIEW);
  g_clear_pointer (&self->loaded, loaded_free);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_object (&self->crm);
  G_OBJECT_CLASS (fcrm_schedule_view_parent_class)->dispose (object);
}

static void
fcrm_schedule_view_class_init (FcrmScheduleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_schedule_view_dispose;
  widget_class->map = fcrm_schedule_view_map;
  widget_class->get_request_mode = fcrm_schedule_view_get_request_mode;
  widget_class->measure = fcrm_schedule_view_measure;
  widget_class->size_allocate = fcrm_schedule_view_size_allocate;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-schedule-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, content_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, period_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, day_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, week_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, month_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, grid_bin);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, unscheduled_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmScheduleView, side_button);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_install_action (widget_class, "schedule.previous", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "schedule.today", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "schedule.next", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "schedule.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "schedule.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "schedule.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "schedule.today", NULL);
}

static void
fcrm_schedule_view_init (FcrmScheduleView *self)
{
  self->mode = FCRM_SCHEDULE_WEEK;
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_type_ensure (ADW_TYPE_BIN);
  gtk_widget_init_template (GTK_WIDGET (self));
}
