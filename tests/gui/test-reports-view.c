#define G_LOG_DOMAIN "test-reports-view"

#include <glib/gstdio.h>

#include "fcrm-chart-private.h"
#include "fcrm-export-gui.h"
#include "fcrm-reports-view.h"
#include "fcrm-gui-test.h"
#include "fcrm-inbox.h"

/* The fixture's "now" is Monday 2026-01-12 09:00 UTC (TZ=UTC, set in main):
 * "This month" is from 2026-01-01. */

typedef struct
{
  FcrmGuiFixture   base;
  gint64           old_lead;     /* anna's, Unprocessed since 2026-01-02: stuck */
  gint64           old_deal;     /* boris's, in Manufacturing since 2026-01-02: stuck */
  gint64           won_deal;     /* anna's, 100 000 ₽, won today */
  gint64           lost_deal;    /* boris's, 50 000 ₽, lost today as too expensive */
  GtkWidget       *window;
  FcrmReportsView *view;
  GSettings       *settings;
  GVariant        *opened;       /* what app.open-item was asked to open */
} Fixture;

static gint64
add_deal (Fixture    *fixture,
          const char *title,
          const char *budget,
          const char *responsible)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = title,
    .budget = budget,
    .responsible = responsible,
  };

  deal = fcrm_crm_deal_add (fixture->base.crm, &input, &error);
  g_assert_no_error (error);
  return deal->id;
}

static void
open_item_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_clear_pointer (&fixture->opened, g_variant_unref);
  fixture->opened = g_variant_ref (parameter);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  const GActionEntry entries[] = { { "open-item", open_item_cb, "(sx)" } };
  FcrmClock *clock;

  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
  clock = fixture->base.clock;
  boris = fcrm_crm_user_add (fixture->base.crm, "boris", "Boris Orlov", "manager", &error);
  g_assert_no_error (error);

  /* ten days ago: what is stuck now */
  fcrm_clock_set (clock, FCRM_GUI_TEST_T0 - 10 * FCRM_GUI_TEST_DAY);
  fixture->old_lead = fcrm_gui_fixture_add_lead (&fixture->base, "Old kitchen", "70000");
  fixture->old_deal = add_deal (fixture, "Old wardrobe", "30000", "boris");

  /* today: one won, one lost */
  fcrm_clock_set (clock, FCRM_GUI_TEST_T0);
  fcrm_gui_fixture_add_lead_full (&fixture->base, "Fresh", "10000", NULL, "boris", NULL);
  fixture->won_deal = add_deal (fixture, "Kitchen", "100000", "anna");
  fixture->lost_deal = add_deal (fixture, "Sofa", "50000", "boris");
  g_assert_true (fcrm_crm_deal_win (fixture->base.crm, fixture->won_deal, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_deal_lose (fixture->base.crm, fixture->lost_deal, "expensive", NULL, &error));
  g_assert_no_error (error);

  fixture->settings = g_settings_new ("com.example.FurnitureCRM");
  g_settings_reset (fixture->settings, "reports-report");
  g_settings_reset (fixture->settings, "reports-period");
  g_settings_reset (fixture->settings, "reports-pipeline");
  g_settings_reset (fixture->settings, "reports-responsible");

  fixture->view = FCRM_REPORTS_VIEW (fcrm_reports_view_new (fixture->base.crm, fixture->settings));
  fixture->window = fcrm_gui_test_show_in_window (GTK_WIDGET (fixture->view));
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), fixture);
  gtk_widget_insert_action_group (fixture->window, "app", G_ACTION_GROUP (app));
  fcrm_gui_test_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fcrm_gui_test_drain ();
  g_clear_pointer (&fixture->opened, g_variant_unref);
  g_clear_object (&fixture->settings);
  fcrm_gui_fixture_tear_down (&fixture->base);
}

static GtkDropDown *
dropdown (Fixture    *fixture,
          const char *name)
{
  GObject *object = fcrm_gui_test_find_template_child (GTK_WIDGET (fixture->view), name);

  g_assert_true (GTK_IS_DROP_DOWN (object));
  return GTK_DROP_DOWN (object);
}

/* Choose the item of @name whose text is @text, and wait for the answer. */
static void
choose (Fixture    *fixture,
        const char *name,
        const char *text)
{
  GtkDropDown *drop_down = dropdown (fixture, name);
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      {
        gtk_drop_down_set_selected (drop_down, i);
        /* the question goes off the main loop at once */
        g_assert_true (fcrm_reports_view_is_loading (fixture->view));
        fcrm_gui_test_drain ();
        g_assert_false (fcrm_reports_view_is_loading (fixture->view));
        return;
      }
  g_error ("no “%s” in %s", text, name);
}

static void
show_report (Fixture        *fixture,
             FcrmReportKind  kind)
{
  fcrm_reports_view_set_report (fixture->view, kind);
  g_assert_true (fcrm_reports_view_is_loading (fixture->view));
  fcrm_gui_test_drain ();
  g_assert_false (fcrm_reports_view_is_loading (fixture->view));
  g_assert_cmpint (fcrm_reports_view_get_report (fixture->view), ==, kind);
}

/* The row whose cell @key shows @text, or -1. */
static int
find_row (FcrmTable  *table,
          const char *key,
          const char *text)
{
  int column = fcrm_table_find_column (table, key);

  g_assert_cmpint (column, >=, 0);
  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    {
      g_autofree char *shown = fcrm_table_format_display (table, r, (guint) column);

      if (g_str_equal (shown, text))
        return (int) r;
    }
  return -1;
}

static gint64
cell_int (FcrmTable  *table,
          int         row,
          const char *key)
{
  g_assert_cmpint (row, >=, 0);
  return fcrm_table_get_int (table, (guint) row, (guint) fcrm_table_find_column (table, key));
}

static void
test_switch_reports (Fixture       *fixture,
                     gconstpointer  data)
{
  FcrmTable *table;
  GListModel *shown;
  int row;

  /* Funnel first: the open items now, of every pipeline */
  g_assert_cmpint (fcrm_reports_view_get_report (fixture->view), ==, FCRM_REPORT_FUNNEL);
  table = fcrm_reports_view_get_table (fixture->view);
  g_assert_nonnull (table);
  g_assert_cmpstr (fcrm_table_get_title (table), ==, "Funnel");
  row = find_row (table, "stage", "Unprocessed");
  g_assert_cmpint (cell_int (table, row, "count"), ==, 2);            /* Old kitchen, Fresh */
  g_assert_cmpint (cell_int (table, row, "budget"), ==, 8000000);     /* 80 000 ₽ */
  g_assert_cmpint (find_row (table, "pipeline", "Manufacturing"), >=, 0);
  g_assert_cmpint (fcrm_chart_get_kind (fcrm_reports_view_get_chart (fixture->view)), ==, FCRM_CHART_FUNNEL);
  shown = fcrm_table_view_get_model (fcrm_reports_view_get_table_view (fixture->view));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, fcrm_table_get_n_rows (table));

  /* Managers: who did what this month */
  show_report (fixture, FCRM_REPORT_MANAGERS);
  table = fcrm_reports_view_get_table (fixture->view);
  g_assert_cmpstr (fcrm_table_get_title (table), ==, "Managers");
  row = find_row (table, "user", "Anna Petrova");
  g_assert_cmpint (cell_int (table, row, "won"), ==, 1);
  g_assert_cmpint (cell_int (table, row, "revenue"), ==, 10000000);
  row = find_row (table, "user", "Boris Orlov");
  g_assert_cmpint (cell_int (table, row, "lost"), ==, 1);
  g_assert_cmpint (cell_int (table, row, "revenue"), ==, 0);
  /* a bar per person */
  g_assert_cmpuint (fcrm_chart_get_n_items (fcrm_reports_view_get_chart (fixture->view)), ==,
                    fcrm_table_get_n_rows (table));

  /* a click on a column's title sorts by it: revenue, largest first */
  {
    GtkColumnView *columns = fcrm_table_view_get_column_view (fcrm_reports_view_get_table_view (fixture->view));
    g_autoptr(GtkColumnViewColumn) revenue =
      g_list_model_get_item (gtk_column_view_get_columns (columns), (guint) fcrm_table_find_column (table, "revenue"));
    g_autoptr(GObject) top = NULL;

    gtk_column_view_sort_by_column (columns, revenue, GTK_SORT_DESCENDING);
    top = g_list_model_get_item (shown, 0);
    g_assert_cmpint (fcrm_table_view_row_index (top), ==, find_row (table, "user", "Anna Petrova"));
    gtk_column_view_sort_by_column (columns, revenue, GTK_SORT_ASCENDING);
    g_clear_object (&top);
    top = g_list_model_get_item (shown, 0);
    g_assert_cmpint (fcrm_table_view_row_index (top), !=, find_row (table, "user", "Anna Petrova"));
  }

  /* Wins and losses: a donut of the reasons */
  show_report (fixture, FCRM_REPORT_LOSSES);
  table = fcrm_reports_view_get_table (fixture->view);
  row = find_row (table, "reason", "Too expensive");
  g_assert_cmpint (cell_int (table, row, "lost"), ==, 1);
  g_assert_cmpint (cell_int (table, row, "budget"), ==, 5000000);
  g_assert_cmpint (fcrm_chart_get_kind (fcrm_reports_view_get_chart (fixture->view)), ==, FCRM_CHART_DONUT);

  /* Stuck: the two items waiting since the 2nd, longest first */
  show_report (fixture, FCRM_REPORT_STUCK);
  table = fcrm_reports_view_get_table (fixture->view);
  g_assert_cmpuint (fcrm_table_get_n_rows (table), ==, 2);
  g_assert_cmpint (find_row (table, "title", "Old kitchen"), >=, 0);
  g_assert_cmpint (find_row (table, "title", "Old wardrobe"), >=, 0);

  /* the others answer too */
  for (FcrmReportKind kind = FCRM_REPORT_CONVERSION; kind < FCRM_REPORT_N_KINDS; kind++)
    {
      show_report (fixture, kind);
      table = fcrm_reports_view_get_table (fixture->view);
      g_assert_nonnull (table);
      g_assert_cmpstr (fcrm_table_get_title (table), ==, fcrm_report_kind_display_name (kind));
    }

  /* Revenue: this month's won deal, bars with the year before */
  table = fcrm_reports_view_get_table (fixture->view);
  row = find_row (table, "month", "January 2026");
  g_assert_cmpint (cell_int (table, row, "revenue"), ==, 10000000);
  g_assert_cmpint (fcrm_chart_get_kind (fcrm_reports_view_get_chart (fixture->view)), ==, FCRM_CHART_BARS);

  /* remembered */
  {
    g_autofree char *remembered = g_settings_get_string (fixture->settings, "reports-report");

    g_assert_cmpstr (remembered, ==, "revenue");
  }
}

static void
test_filters_requery (Fixture       *fixture,
                      gconstpointer  data)
{
  FcrmTable *table;

  show_report (fixture, FCRM_REPORT_MANAGERS);
  g_assert_cmpint (find_row (fcrm_reports_view_get_table (fixture->view), "user", "Anna Petrova"), >=, 0);

  /* one person: only their numbers */
  choose (fixture, "manager_dropdown", "Boris Orlov");
  table = fcrm_reports_view_get_table (fixture->view);
  g_assert_cmpint (find_row (table, "user", "Anna Petrova"), ==, -1);
  g_assert_cmpint (cell_int (table, find_row (table, "user", "Boris Orlov"), "lost"), ==, 1);
  {
    g_autofree char *remembered = g_settings_get_string (fixture->settings, "reports-responsible");

    g_assert_cmpstr (remembered, ==, "boris");
  }
  choose (fixture, "manager_dropdown", "Everybody");

  /* one pipeline: only its stages */
  show_report (fixture, FCRM_REPORT_FUNNEL);
  choose (fixture, "pipeline_dropdown", "Manufacturing");
  table = fcrm_reports_view_get_table (fixture->view);
  g_assert_cmpuint (fcrm_table_get_n_rows (table), >, 0);
  g_assert_cmpint (find_row (table, "pipeline", "Leads"), ==, -1);
  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    g_assert_cmpstr (fcrm_table_get_text (table, r, (guint) fcrm_table_find_column (table, "pipeline")), ==, "Manufacturing");
  g_assert_nonnull (strstr (fcrm_table_get_subtitle (table), "Manufacturing"));

  /* a period that ended before the deals: nothing to report */
  choose (fixture, "pipeline_dropdown", "All pipelines");
  show_report (fixture, FCRM_REPORT_LOSSES);
  g_settings_set_string (fixture->settings, "reports-from", "2025-01-01");
  g_settings_set_string (fixture->settings, "reports-to", "2025-01-31");
  {
    /* a fresh view reads the remembered custom days */
    GtkWidget *other;
    GtkWidget *window;
    GtkStack *stack;
    AdwStatusPage *error_page;

    g_settings_set_string (fixture->settings, "reports-period", "custom");
    other = fcrm_reports_view_new (fixture->base.crm, fixture->settings);
    window = fcrm_gui_test_show_in_window (other);
    fcrm_gui_test_drain ();
    g_assert_cmpint (fcrm_reports_view_get_report (FCRM_REPORTS_VIEW (other)), ==, FCRM_REPORT_LOSSES);
    table = fcrm_reports_view_get_table (FCRM_REPORTS_VIEW (other));
    g_assert_nonnull (table);
    for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
      if (!fcrm_table_get_row_total (table, r))
        g_assert_cmpint (fcrm_table_get_int (table, r, (guint) fcrm_table_find_column (table, "lost")), ==, 0);

    /* the end before the start: the core's message, no table */
    g_settings_set_string (fixture->settings, "reports-to", "2024-12-31");
    gtk_window_destroy (GTK_WINDOW (window));
    other = fcrm_reports_view_new (fixture->base.crm, fixture->settings);
    window = fcrm_gui_test_show_in_window (other);
    fcrm_gui_test_drain ();
    g_assert_null (fcrm_reports_view_get_table (FCRM_REPORTS_VIEW (other)));
    stack = GTK_STACK (fcrm_gui_test_find_template_child (other, "stack"));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
    error_page = ADW_STATUS_PAGE (fcrm_gui_test_find_template_child (other, "error_page"));
    g_assert_nonnull (strstr (adw_status_page_get_description (error_page), "swap the dates"));
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

static void
test_stuck_opens_card (Fixture       *fixture,
                       gconstpointer  data)
{
  FcrmTable *table;
  int row;
  const char *type = NULL;
  gint64 id = 0;

  show_report (fixture, FCRM_REPORT_STUCK);
  table = fcrm_reports_view_get_table (fixture->view);
  row = find_row (table, "title", "Old wardrobe");
  g_assert_cmpint (row, >=, 0);

  g_signal_emit_by_name (fcrm_reports_view_get_table_view (fixture->view), "row-activated", (guint) row);
  g_assert_nonnull (fixture->opened);
  g_variant_get (fixture->opened, "(&sx)", &type, &id);
  g_assert_cmpstr (type, ==, "deal");
  g_assert_cmpint (id, ==, fixture->old_deal);

  row = find_row (table, "title", "Old kitchen");
  g_signal_emit_by_name (fcrm_reports_view_get_table_view (fixture->view), "row-activated", (guint) row);
  g_variant_get (fixture->opened, "(&sx)", &type, &id);
  g_assert_cmpstr (type, ==, "lead");
  g_assert_cmpint (id, ==, fixture->old_lead);
}

/* Wait for a file an export thread writes (atomically: once there, complete). */
static char *
wait_for_file (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  char *contents = NULL;
  gsize size = 0;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  fcrm_gui_test_drain ();
  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 0);
  return contents;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("fcrm-reports-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "managers.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (dir, "managers.xlsx", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "managers.pdf", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) xlsx = g_file_new_for_path (xlsx_path);
  g_autofree char *text = NULL;
  g_autofree char *book = NULL;
  g_autofree char *pdf = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTable *table;

  show_report (fixture, FCRM_REPORT_MANAGERS);
  table = fcrm_reports_view_get_table (fixture->view);

  fcrm_reports_view_export_to_file (fixture->view, FCRM_EXPORT_CSV, ';', csv);
  text = wait_for_file (csv_path);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "Manager;Leads;"));
  g_assert_nonnull (strstr (text, "\r\nAnna Petrova;1;"));
  g_assert_nonnull (strstr (text, ";100000,00;"));
  lines = g_strsplit (text, "\r\n", -1);
  /* the header, a line per row, and nothing after the last line end */
  g_assert_cmpuint (g_strv_length (lines), ==, fcrm_table_get_n_rows (table) + 2);

  fcrm_reports_view_export_to_file (fixture->view, FCRM_EXPORT_XLSX, ',', xlsx);
  book = wait_for_file (xlsx_path);
  g_assert_true (g_str_has_prefix (book, "PK\x03\x04"));

  /* print, saved as PDF, with the chart */
  g_assert_true (fcrm_export_print (GTK_WIDGET (fixture->view), table,
                                    fcrm_reports_view_get_chart (fixture->view), pdf_path, &error));
  g_assert_no_error (error);
  pdf = wait_for_file (pdf_path);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  g_unlink (csv_path);
  g_unlink (xlsx_path);
  g_unlink (pdf_path);
  g_rmdir (dir);
}

static void
table_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FcrmTable **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fcrm_export_view_table_finish (FCRM_CRM (source), result, &error);
  g_assert_no_error (error);
}

/* The table a window's view exports, read as the Export menu reads it. */
static FcrmTable *
view_table (Fixture    *fixture,
            const char *view)
{
  FcrmTable *table = NULL;

  fcrm_export_view_table_async (fixture->base.crm, view, NULL, table_ready_cb, &table);
  fcrm_gui_test_drain ();
  g_assert_nonnull (table);
  return table;
}

static void
test_export_lists (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FcrmTable) board = view_table (fixture, "manufacturing");
  g_autoptr(FcrmTable) leads = view_table (fixture, "leads");
  g_autoptr(FcrmTable) callbacks = view_table (fixture, "callbacks");
  g_autoptr(FcrmTable) tasks = view_table (fixture, "tasks");
  g_autoptr(GPtrArray) annas = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTaskFilter mine = { "anna", TRUE, NULL };
  const char *type = NULL;
  gint64 id = 0;
  int row;

  /* the board's open deals only: the won and the lost are gone from it */
  g_assert_cmpuint (fcrm_table_get_n_rows (board), ==, 1);
  row = find_row (board, "title", "Old wardrobe");
  g_assert_cmpint (row, ==, 0);
  g_assert_cmpint (cell_int (board, row, "budget"), ==, 3000000);
  g_assert_cmpint (cell_int (board, row, "days_in_stage"), ==, 10);
  g_assert_cmpint (find_row (board, "responsible", "Boris Orlov"), ==, 0);
  g_assert_true (fcrm_table_get_row_link (board, 0, &type, &id));
  g_assert_cmpstr (type, ==, "deal");
  g_assert_cmpint (id, ==, fixture->old_deal);

  g_assert_cmpuint (fcrm_table_get_n_rows (leads), ==, 2);
  g_assert_cmpint (find_row (leads, "title", "Old kitchen"), >=, 0);
  g_assert_cmpint (find_row (leads, "title", "Fresh"), >=, 0);
  g_assert_cmpint (find_row (leads, "client", "Ivan Sokolov"), >=, 0);

  /* losing the sofa planned a call to the client */
  g_assert_cmpuint (fcrm_table_get_n_rows (callbacks), >=, 1);
  g_assert_cmpint (find_row (callbacks, "item", "Sofa"), >=, 0);

  annas = fcrm_crm_task_list (fixture->base.crm, &mine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fcrm_table_get_n_rows (tasks), ==, annas->len);
}

/* How many pixels of @surface are within a few steps of @color. */
static guint
count_color (cairo_surface_t *surface,
             const char      *color)
{
  GdkRGBA rgba;
  guint n = 0;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data;

  gdk_rgba_parse (&rgba, color);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *px = data + y * stride + x * 4;   /* BGRA, premultiplied, opaque here */

        if (ABS (px[2] - rgba.red * 255) < 4 && ABS (px[1] - rgba.green * 255) < 4 &&
            ABS (px[0] - rgba.blue * 255) < 4)
          n++;
      }
  return n;
}

/* Draw @chart into an image as the widget would, in @dark or light. */
static guint
bar_pixels (FcrmChart  *chart,
            gboolean    dark,
            const char *color)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 300);
  cairo_t *cr = cairo_create (surface);
  GdkRGBA fg = { dark ? 1 : 0, dark ? 1 : 0, dark ? 1 : 0, 1 };
  guint n;

  cairo_set_source_rgb (cr, dark ? 0.14 : 0.98, dark ? 0.14 : 0.98, dark ? 0.14 : 0.98);
  cairo_paint (cr);
  fcrm_chart_draw (chart, cr, gtk_widget_get_pango_context (GTK_WIDGET (chart)), &fg, dark, 600, 300);
  cairo_destroy (cr);
  n = count_color (surface, color);
  cairo_surface_destroy (surface);
  return n;
}

static void
test_chart_light_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const FcrmChartKind kinds[] = { FCRM_CHART_BARS, FCRM_CHART_FUNNEL, FCRM_CHART_DONUT };
  FcrmChart *chart = FCRM_CHART (fcrm_chart_new ());
  GtkWidget *window = fcrm_gui_test_show_in_window (GTK_WIDGET (chart));
  g_autofree char *description = NULL;

  fcrm_chart_set_title (chart, "Revenue by month");
  fcrm_chart_set_value_kind (chart, FCRM_TABLE_MONEY);
  fcrm_chart_set_series_names (chart, "Revenue", "Revenue a year before");
  fcrm_chart_add (chart, "January 2026", 12345600, 9000000, NULL);
  fcrm_chart_add (chart, "Февраль 2026 — очень длинное название месяца", 0, 100000, NULL);
  fcrm_chart_add (chart, "March 2026", 250000000, NAN, "note");

  description = fcrm_chart_get_description (chart);
  g_assert_nonnull (strstr (description, "January 2026: 123"));
  g_assert_nonnull (strstr (description, "(Revenue a year before: 90"));

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (int horizontal = 0; horizontal < 2; horizontal++)
      {
        fcrm_chart_set_kind (chart, kinds[k]);
        fcrm_chart_set_horizontal (chart, horizontal);

        /* drawn on screen in both styles without a warning (they are fatal here) */
        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
        gtk_widget_queue_draw (GTK_WIDGET (chart));
        gtk_test_widget_wait_for_draw (window);
        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
        g_assert_true (adw_style_manager_get_dark (style));
        gtk_test_widget_wait_for_draw (window);

        /* the light style's blue in light, the lighter blue in dark */
        g_assert_cmpuint (bar_pixels (chart, FALSE, "#3584e4"), >, 50);
        g_assert_cmpuint (bar_pixels (chart, TRUE, "#62a0ea"), >, 50);
        /* (a funnel's later stages fade, through other blues) */
        if (kinds[k] == FCRM_CHART_BARS)
          {
            g_assert_cmpuint (bar_pixels (chart, FALSE, "#3584e4"), >, 5 * bar_pixels (chart, FALSE, "#62a0ea"));
            g_assert_cmpuint (bar_pixels (chart, TRUE, "#62a0ea"), >, 5 * bar_pixels (chart, TRUE, "#3584e4"));
          }
      }

  /* nothing to show: a message, no bars */
  fcrm_chart_clear (chart);
  g_assert_cmpuint (bar_pixels (chart, FALSE, "#3584e4"), ==, 0);
  gtk_test_widget_wait_for_draw (window);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  fcrm_gui_test_init (&argc, &argv);

  g_test_add ("/reports-view/switch", Fixture, NULL, fixture_set_up, test_switch_reports, fixture_tear_down);
  g_test_add ("/reports-view/filters", Fixture, NULL, fixture_set_up, test_filters_requery, fixture_tear_down);
  g_test_add ("/reports-view/stuck-opens-card", Fixture, NULL, fixture_set_up, test_stuck_opens_card, fixture_tear_down);
  g_test_add ("/reports-view/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/reports-view/export-lists", Fixture, NULL, fixture_set_up, test_export_lists, fixture_tear_down);
  g_test_add_func ("/reports-view/chart-light-dark", test_chart_light_dark);

  return g_test_run ();
}
