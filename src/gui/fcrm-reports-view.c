#define G_LOG_DOMAIN "fcrm-reports-view"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fcrm-clock.h"
#include "fcrm-crm-async.h"
#include "fcrm-pipeline.h"
#include "fcrm-reports-view-private.h"
#include "fcrm-table-report.h"

/* The periods offered, in the order of the drop-down; the codes are the
 * GSettings `reports-period` values. */
static const struct
{
  const char *code;
  const char *name;
} periods[] = {
  { "month", N_("This month") },
  { "quarter", N_("This quarter") },
  { "year", N_("This year") },
  { "last-12-months", N_("Last 12 months") },
  { "all", N_("All time") },
  { "custom", N_("Custom period") },
};

#define PERIOD_CUSTOM (G_N_ELEMENTS (periods) - 1)

struct _FcrmReportsView
{
  GtkWidget        parent_instance;

  FcrmCrm         *crm;
  GSettings       *settings;        /* nullable */
  FcrmReportKind   kind;
  guint            period;          /* index into periods */
  GDateTime       *from_day;        /* custom period: local days */
  GDateTime       *to_day;
  GPtrArray       *pipeline_codes;  /* char*, [0] NULL: all */
  GPtrArray       *users;           /* FcrmUser, [0] NULL: anyone */
  char            *responsible;     /* login, NULL: anyone */
  FcrmTable       *table;
  GCancellable    *cancellable;     /* the report being computed */
  GCancellable    *users_cancellable;
  guint            reload_id;
  gboolean         dirty;           /* changed while hidden */
  gboolean         restoring;       /* filling the choices: no queries */

  GtkDropDown     *report_dropdown;
  GtkDropDown     *period_dropdown;
  GtkDropDown     *pipeline_dropdown;
  GtkDropDown     *manager_dropdown;
  GtkMenuButton   *from_button;
  GtkMenuButton   *to_button;
  GtkCalendar     *from_calendar;
  GtkCalendar     *to_calendar;
  GtkSpinner      *spinner;
  GtkSpinner      *big_spinner;
  GtkLabel        *summary_label;
  GtkStack        *stack;
  GtkWidget       *chart_scroller;
  FcrmChart       *chart;
  FcrmTableView   *table_view;
  AdwStatusPage   *error_page;
};

G_DEFINE_FINAL_TYPE (FcrmReportsView, fcrm_reports_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the period ---------------------------------------------------------- */

static GDateTime *
local_day (int year,
           int month,
           int day)
{
  return g_date_time_new_local (year, month, day, 0, 0, 0);
}

static GDateTime *
parse_day (const char *text)
{
  int y, m, d;

  if (text == NULL || sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return local_day (y, m, d);
}

static char *
day_code (GDateTime *day)
{
  return g_date_time_format (day, "%Y-%m-%d");
}

/* The first and last local days of the period (the last NULL: up to now;
 * the first NULL: from the start). */
static void
period_days (FcrmReportsView  *self,
             GDateTime       **first,
             GDateTime       **last)
{
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  int y = g_date_time_get_year (today);
  int m = g_date_time_get_month (today);
  const char *code = periods[self->period].code;

  *first = NULL;
  *last = NULL;
  if (g_str_equal (code, "month"))
    *first = local_day (y, m, 1);
  else if (g_str_equal (code, "quarter"))
    *first = local_day (y, (m - 1) / 3 * 3 + 1, 1);
  else if (g_str_equal (code, "year"))
    *first = local_day (y, 1, 1);
  else if (g_str_equal (code, "last-12-months"))
    {
      g_autoptr(GDateTime) start = local_day (y, m, 1);

      *first = g_date_time_add_months (start, -11);
    }
  else if (g_str_equal (code, "custom"))
    {
      *first = self->from_day != NULL ? g_date_time_ref (self->from_day) : NULL;
      *last = self->to_day != NULL ? g_date_time_ref (self->to_day) : NULL;
    }
}

static char *
format_day (GDateTime *day)
{
  /* Translators: a day in a report's period, g_date_time_format() notation */
  return g_date_time_format (day, C_("report period day", "%-d %B %Y"));
}

/* "1 January 2026 – 31 March 2026", "from …", "up to …", "All time". */
static char *
period_text (FcrmReportsView *self)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;

  period_days (self, &first, &last);
  if (first == NULL && last == NULL)
    return g_strdup (_(periods[self->period].name));
  if (last == NULL)
    {
      g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (fcrm_clock_now (fcrm_crm_get_clock (self->crm)));

      last = g_date_time_ref (today);
    }
  last_text = format_day (last);
  if (first == NULL)
    /* Translators: a report's period without a start */
    return g_strdup_printf (C_("report period", "up to %s"), last_text);
  first_text = format_day (first);
  /* Translators: a report's period, first and last day */
  return g_strdup_printf (C_("report period", "%s – %s"), first_text, last_text);
}

static void
update_day_buttons (FcrmReportsView *self)
{
  gboolean custom = self->period == PERIOD_CUSTOM;
  g_autofree char *from = self->from_day != NULL ? format_day (self->from_day) : g_strdup (_("First day"));
  g_autofree char *to = self->to_day != NULL ? format_day (self->to_day) : g_strdup (_("Last day"));

  gtk_widget_set_visible (GTK_WIDGET (self->from_button), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_button), custom);
  gtk_menu_button_set_label (self->from_button, from);
  gtk_menu_button_set_label (self->to_button, to);
}

/* ---- the answer ----------------------------------------------------------- */

static char *
subtitle_text (FcrmReportsView *self)
{
  guint pipeline = gtk_drop_down_get_selected (self->pipeline_dropdown);
  guint manager = gtk_drop_down_get_selected (self->manager_dropdown);
  GString *text = g_string_new (NULL);
  g_autofree char *period = period_text (self);

  g_string_append (text, period);
  if (pipeline != GTK_INVALID_LIST_POSITION && pipeline > 0)
    {
      GListModel *names = gtk_drop_down_get_model (self->pipeline_dropdown);

      g_string_append (text, " · ");
      g_string_append (text, gtk_string_list_get_string (GTK_STRING_LIST (names), pipeline));
    }
  if (self->responsible != NULL && manager != GTK_INVALID_LIST_POSITION && manager > 0)
    {
      GListModel *names = gtk_drop_down_get_model (self->manager_dropdown);

      g_string_append (text, " · ");
      g_string_append (text, gtk_string_list_get_string (GTK_STRING_LIST (names), manager));
    }
  return g_string_free (text, FALSE);
}

static void
set_loading (FcrmReportsView *self,
             gboolean         loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  /* nothing shown yet: a spinner in the middle; else the old answer, dimmed */
  gtk_spinner_set_spinning (self->big_spinner, loading && self->table == NULL);
  if (loading && self->table == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  if (loading)
    gtk_widget_add_css_class (GTK_WIDGET (self->stack), "reports-loading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->stack), "reports-loading");
}

static void
update_actions (FcrmReportsView *self)
{
  gboolean has_rows = self->table != NULL && fcrm_table_get_n_rows (self->table) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", has_rows);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-xlsx", has_rows);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", has_rows);
}

static guint
n_rows_or_zero (FcrmTable *table)
{
  return table != NULL ? fcrm_table_get_n_rows (table) : 0;
}

static void
show_report (FcrmReportsView       *self,
             const FcrmReportTable *report)
{
  g_autofree char *subtitle = subtitle_text (self);

  g_clear_pointer (&self->table, fcrm_table_unref);
  self->table = fcrm_table_new_from_report (report, subtitle);

  {
    g_autofree char *headline = n_rows_or_zero (self->table) > 0 ? fcrm_reports_headline (report->kind, self->table) : NULL;
    /* Translators: what a report covers, then its answer in a few words */
    g_autofree char *summary = headline != NULL ? g_strdup_printf (C_("report summary", "%s — %s"), subtitle, headline)
                                                : g_strdup (subtitle);

    gtk_label_set_text (self->summary_label, summary);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), summary);
  }
  gtk_widget_set_visible (self->chart_scroller, fcrm_reports_fill_chart (self->chart, report, self->table));
  fcrm_table_view_set_table (self->table_view, self->table);
  gtk_stack_set_visible_child_name (self->stack, fcrm_table_get_n_rows (self->table) > 0 ? "report" : "empty");
  update_actions (self);
}

static void
report_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FcrmReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmReportTable) report = fcrm_crm_report_finish (FCRM_CRM (source), result, &error);

  /* a newer question is on its way: its answer will show */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (report == NULL)
    {
      g_clear_pointer (&self->table, fcrm_table_unref);
      fcrm_table_view_set_table (self->table_view, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }

  show_report (self, report);
}

void
fcrm_reports_view_reload (FcrmReportsView *self)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  FcrmReportFilter filter = { NULL, 0, 0, 0 };
  guint pipeline;
  guint manager;

  g_return_if_fail (FCRM_IS_REPORTS_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->dirty = FALSE;
  if (self->crm == NULL || self->restoring)
    return;

  period_days (self, &first, &last);
  filter.from = first != NULL ? g_date_time_to_unix (first) : 0;
  filter.to = last != NULL ? g_date_time_to_unix (last) : 0;
  pipeline = gtk_drop_down_get_selected (self->pipeline_dropdown);
  if (pipeline != GTK_INVALID_LIST_POSITION && pipeline < self->pipeline_codes->len)
    filter.pipeline = g_ptr_array_index (self->pipeline_codes, pipeline);
  manager = gtk_drop_down_get_selected (self->manager_dropdown);
  if (manager != GTK_INVALID_LIST_POSITION && manager > 0 && manager < self->users->len)
    filter.responsible_id = ((FcrmUser *) g_ptr_array_index (self->users, manager))->id;

  /* only the newest question matters */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  fcrm_crm_report_async (self->crm, self->kind, &filter, self->cancellable,
                         report_ready_cb, g_object_ref (self));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  FcrmReportsView *self = user_data;

  self->reload_id = 0;
  fcrm_reports_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmReportsView *self)
{
  /* Hidden, it catches up when shown; shown, once per burst of changes. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->dirty = TRUE;
  else if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

/* ---- the choices ----------------------------------------------------------- */

static void
save_string (FcrmReportsView *self,
             const char      *key,
             const char      *value)
{
  if (self->settings != NULL && !self->restoring)
    g_settings_set_string (self->settings, key, value != NULL ? value : "");
}

static void
report_selected_cb (FcrmReportsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->report_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= FCRM_REPORT_N_KINDS)
    return;
  self->kind = (FcrmReportKind) selected;
  save_string (self, "reports-report", fcrm_report_kind_to_string (self->kind));
  fcrm_reports_view_reload (self);
}

static void
period_selected_cb (FcrmReportsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= G_N_ELEMENTS (periods))
    return;
  self->period = selected;
  save_string (self, "reports-period", periods[selected].code);
  update_day_buttons (self);
  fcrm_reports_view_reload (self);
}

static void
pipeline_selected_cb (FcrmReportsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->pipeline_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->pipeline_codes->len)
    return;
  save_string (self, "reports-pipeline", g_ptr_array_index (self->pipeline_codes, selected));
  fcrm_reports_view_reload (self);
}

static void
manager_selected_cb (FcrmReportsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->manager_dropdown);
  FcrmUser *user;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->users->len)
    return;
  user = g_ptr_array_index (self->users, selected);
  g_free (self->responsible);
  self->responsible = user != NULL ? g_strdup (user->login) : NULL;
  save_string (self, "reports-responsible", self->responsible);
  fcrm_reports_view_reload (self);
}

static void
day_selected (FcrmReportsView  *self,
              GtkCalendar      *calendar,
              GtkMenuButton    *button,
              GDateTime       **day,
              const char       *key)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (calendar);
  g_autofree char *code = NULL;

  g_clear_pointer (day, g_date_time_unref);
  *day = local_day (g_date_time_get_year (chosen), g_date_time_get_month (chosen),
                    g_date_time_get_day_of_month (chosen));
  code = day_code (*day);
  save_string (self, key, code);
  gtk_menu_button_popdown (button);
  update_day_buttons (self);
  fcrm_reports_view_reload (self);
}

static void
from_day_selected_cb (FcrmReportsView *self)
{
  day_selected (self, self->from_calendar, self->from_button, &self->from_day, "reports-from");
}

static void
to_day_selected_cb (FcrmReportsView *self)
{
  day_selected (self, self->to_calendar, self->to_button, &self->to_day, "reports-to");
}

static void
row_activated_cb (FcrmReportsView *self,
                  guint            row)
{
  const char *type = NULL;
  gint64 id = 0;

  if (self->table == NULL || !fcrm_table_get_row_link (self->table, row, &type, &id))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)", type, id);
}

static void
users_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = fcrm_crm_list_users_finish (FCRM_CRM (source), result, &error);
  g_autoptr(GtkStringList) names = NULL;
  guint selected = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->users_cancellable);
  if (users == NULL)
    {
      g_warning ("Cannot read the people for the reports' filter: %s", error->message);
      return;
    }

  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("Everybody"));
  g_ptr_array_set_size (self->users, 1);
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (!user->active && g_strcmp0 (user->login, self->responsible) != 0)
        continue;
      g_ptr_array_add (self->users, g_object_ref (user));
      gtk_string_list_append (names, user->name != NULL && *user->name != '\0' ? user->name : user->login);
      if (g_strcmp0 (user->login, self->responsible) == 0)
        selected = self->users->len - 1;
    }

  self->restoring = TRUE;
  gtk_drop_down_set_model (self->manager_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->manager_dropdown, selected);
  self->restoring = FALSE;
  /* someone remembered who is gone: everybody's, and forget them */
  if (selected == 0 && self->responsible != NULL)
    g_clear_pointer (&self->responsible, g_free);
  fcrm_reports_view_reload (self);
}

/* Fill the choices and restore the remembered ones. */
static void
setup_choices (FcrmReportsView *self)
{
  g_autoptr(GtkStringList) reports = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) period_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) pipeline_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) manager_names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) pipelines = fcrm_crm_list_pipelines (self->crm);
  g_autofree char *report = NULL;
  g_autofree char *period = NULL;
  g_autofree char *pipeline = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint pipeline_index = 0;
  guint period_index = 0;
  FcrmReportKind kind = FCRM_REPORT_FUNNEL;

  if (self->settings != NULL)
    {
      report = g_settings_get_string (self->settings, "reports-report");
      period = g_settings_get_string (self->settings, "reports-period");
      pipeline = g_settings_get_string (self->settings, "reports-pipeline");
      from = g_settings_get_string (self->settings, "reports-from");
      to = g_settings_get_string (self->settings, "reports-to");
      self->responsible = g_settings_get_string (self->settings, "reports-responsible");
      if (*self->responsible == '\0')
        g_clear_pointer (&self->responsible, g_free);
    }
  if (report == NULL || !fcrm_report_kind_from_string (report, &kind))
    kind = FCRM_REPORT_FUNNEL;
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (g_strcmp0 (period, periods[i].code) == 0)
      period_index = i;
  self->from_day = parse_day (from);
  self->to_day = parse_day (to);

  for (guint i = 0; i < FCRM_REPORT_N_KINDS; i++)
    gtk_string_list_append (reports, fcrm_report_kind_display_name ((FcrmReportKind) i));
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    gtk_string_list_append (period_names, _(periods[i].name));

  gtk_string_list_append (pipeline_names, _("All pipelines"));
  g_ptr_array_add (self->pipeline_codes, NULL);
  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    {
      FcrmPipeline *p = g_ptr_array_index (pipelines, i);

      gtk_string_list_append (pipeline_names, fcrm_pipeline_get_name (p));
      g_ptr_array_add (self->pipeline_codes, g_strdup (p->code));
      if (g_strcmp0 (pipeline, p->code) == 0)
        pipeline_index = self->pipeline_codes->len - 1;
    }

  gtk_string_list_append (manager_names, _("Everybody"));
  /* until the people are read: everybody */
  g_ptr_array_add (self->users, NULL);

  /* a new model selects its first item (and tells): the remembered ones go in after */
  self->restoring = TRUE;
  gtk_drop_down_set_model (self->report_dropdown, G_LIST_MODEL (reports));
  gtk_drop_down_set_selected (self->report_dropdown, kind);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_names));
  gtk_drop_down_set_selected (self->period_dropdown, period_index);
  gtk_drop_down_set_model (self->pipeline_dropdown, G_LIST_MODEL (pipeline_names));
  gtk_drop_down_set_selected (self->pipeline_dropdown, pipeline_index);
  gtk_drop_down_set_model (self->manager_dropdown, G_LIST_MODEL (manager_names));
  gtk_drop_down_set_selected (self->manager_dropdown, 0);
  if (self->from_day != NULL)
    gtk_calendar_select_day (self->from_calendar, self->from_day);
  if (self->to_day != NULL)
    gtk_calendar_select_day (self->to_calendar, self->to_day);
  self->restoring = FALSE;
  update_day_buttons (self);

  /* the report is asked for once the people are known (their filter may be remembered) */
  self->users_cancellable = g_cancellable_new ();
  fcrm_crm_list_users_async (self->crm, self->users_cancellable, users_ready_cb, g_object_ref (self));
}

/* ---- export ----------------------------------------------------------------- */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->table == NULL)
    return;

  if (g_str_equal (action_name, "reports.print"))
    {
      gboolean chart = gtk_widget_get_visible (self->chart_scroller);

      if (!fcrm_export_print (widget, self->table, chart ? self->chart : NULL, NULL, &error))
        fcrm_export_report_result (widget, NULL, error);
      return;
    }
  fcrm_export_table_interactive (widget, self->table,
                                 g_str_equal (action_name, "reports.export-xlsx") ? FCRM_EXPORT_XLSX : FCRM_EXPORT_CSV,
                                 self->settings);
}

typedef struct
{
  FcrmReportsView *self;
  GFile           *file;
} ExportJob;

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;

  fcrm_export_table_finish (result, &error);
  fcrm_export_report_result (GTK_WIDGET (job->self), job->file, error);
  g_object_unref (job->self);
  g_object_unref (job->file);
  g_free (job);
}

void
fcrm_reports_view_export_to_file (FcrmReportsView *self,
                                  FcrmExportFormat format,
                                  char             separator,
                                  GFile           *file)
{
  ExportJob *job;

  g_return_if_fail (FCRM_IS_REPORTS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->table != NULL);

  job = g_new0 (ExportJob, 1);
  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  fcrm_export_table_async (self->table, format, separator, file, NULL, export_done_cb, job);
}

/* ---- GObject ------------------------------------------------------------------- */

static void
fcrm_reports_view_map (GtkWidget *widget)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (widget);

  GTK_WIDGET_CLASS (fcrm_reports_view_parent_class)->map (widget);
  if (self->dirty)
    fcrm_reports_view_reload (self);
}

static void
fcrm_reports_view_constructed (GObject *object)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (object);

  G_OBJECT_CLASS (fcrm_reports_view_parent_class)->constructed (object);

  update_actions (self);
  if (self->crm == NULL)
    return;
  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
  setup_choices (self);
}

static void
fcrm_reports_view_dispose (GObject *object)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_REPORTS_VIEW);
  /* the template's outer box is not bound: unparent it too */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->table, fcrm_table_unref);
  g_clear_object (&self->crm);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fcrm_reports_view_parent_class)->dispose (object);
}

static void
fcrm_reports_view_finalize (GObject *object)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (object);

  g_ptr_array_unref (self->pipeline_codes);
  g_ptr_array_unref (self->users);
  g_clear_pointer (&self->from_day, g_date_time_unref);
  g_clear_pointer (&self->to_day, g_date_time_unref);
  g_free (self->responsible);

  G_OBJECT_CLASS (fcrm_reports_view_parent_class)->finalize (object);
}

static void
fcrm_reports_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_reports_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcrmReportsView *self = FCRM_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_reports_view_class_init (FcrmReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_reports_view_constructed;
  object_class->dispose = fcrm_reports_view_dispose;
  object_class->finalize = fcrm_reports_view_finalize;
  object_class->get_property = fcrm_reports_view_get_property;
  object_class->set_property = fcrm_reports_view_set_property;
  widget_class->map = fcrm_reports_view_map;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The choices are remembered here; NULL remembers nothing. */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, report_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, manager_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, from_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, to_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, big_spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, chart_scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, chart);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, table_view);
  gtk_widget_class_bind_template_child (widget_class, FcrmReportsView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, report_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, manager_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, from_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, to_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-xlsx", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* "Everybody" is a NULL user. */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
fcrm_reports_view_init (FcrmReportsView *self)
{
  g_type_ensure (FCRM_TYPE_CHART);
  g_type_ensure (FCRM_TYPE_TABLE_VIEW);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pipeline_codes = g_ptr_array_new_with_free_func (g_free);
  self->users = g_ptr_array_new_with_free_func (unref_nullable);
  set_loading (self, FALSE);
}

GtkWidget *
fcrm_reports_view_new (FcrmCrm   *crm,
                       GSettings *settings)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FCRM_TYPE_REPORTS_VIEW, "crm", crm, "settings", settings, NULL);
}

void
fcrm_reports_view_set_report (FcrmReportsView *self,
                              FcrmReportKind   kind)
{
  g_return_if_fail (FCRM_IS_REPORTS_VIEW (self));
  g_return_if_fail (kind < FCRM_REPORT_N_KINDS);

  gtk_drop_down_set_selected (self->report_dropdown, kind);
}

FcrmReportKind
fcrm_reports_view_get_report (FcrmReportsView *self)
{
  g_return_val_if_fail (FCRM_IS_REPORTS_VIEW (self), FCRM_REPORT_FUNNEL);

  return self->kind;
}

FcrmTable *
fcrm_reports_view_get_table (FcrmReportsView *self)
{
  g_return_val_if_fail (FCRM_IS_REPORTS_VIEW (self), NULL);

  return self->table;
}

FcrmChart *
fcrm_reports_view_get_chart (FcrmReportsView *self)
{
  g_return_val_if_fail (FCRM_IS_REPORTS_VIEW (self), NULL);

  return self->chart;
}

FcrmTableView *
fcrm_reports_view_get_table_view (FcrmReportsView *self)
{
  g_return_val_if_fail (FCRM_IS_REPORTS_VIEW (self), NULL);

  return self->table_view;
}

gboolean
fcrm_reports_view_is_loading (FcrmReportsView *self)
{
  g_return_val_if_fail (FCRM_IS_REPORTS_VIEW (self), FALSE);

  return self->cancellable != NULL;
}
