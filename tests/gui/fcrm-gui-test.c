#define G_LOG_DOMAIN "fcrm-gui-test"

#include <glib/gstdio.h>

#include "fcrm-gui-test.h"
#include "fcrm-client-card.h"
#include "fcrm-crm-async.h"
#include "fcrm-board-column.h"
#include "fcrm-card-row.h"
#include "fcrm-money.h"

/* How long a test waits for the reader thread before failing. */
#define WORKER_DEADLINE_US (20 * G_USEC_PER_SEC)
/* Rounds of "let the worker answer, then run what its answers started". */
#define MIN_ROUNDS 3
#define MAX_ROUNDS 8

/* The fixture's database: fcrm_gui_test_drain() waits for its reader too. */
static FcrmCrm *drained_crm;

void
fcrm_gui_test_init (int    *argc,
                    char ***argv)
{
  /* The database location must come from the test, never the environment. */
  g_unsetenv ("FURNITURE_CRM_DB");
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

void
fcrm_gui_fixture_set_up (FcrmGuiFixture *fixture,
                         gboolean        with_user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("fcrm-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);

  fixture->clock = fcrm_clock_new_fixed (FCRM_GUI_TEST_T0);
  fixture->crm = fcrm_crm_open_full (path, fixture->clock, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->crm);
  drained_crm = fixture->crm;

  if (with_user)
    {
      g_autoptr(FcrmUser) user = NULL;

      user = fcrm_crm_user_add (fixture->crm, "anna", "Anna Petrova", "manager", &error);
      g_assert_no_error (error);
      g_assert_nonnull (user);
      fcrm_crm_set_actor (fixture->crm, "anna", &error);
      g_assert_no_error (error);
    }
}

void
fcrm_gui_fixture_tear_down (FcrmGuiFixture *fixture)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (drained_crm == fixture->crm)
    {
      /* answers still on their way hold the database: let them land */
      fcrm_gui_test_drain ();
      drained_crm = NULL;
    }
  g_clear_object (&fixture->crm);
  g_clear_object (&fixture->clock);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

void
fcrm_gui_test_set_up_with_user (FcrmGuiFixture *fixture,
                                gconstpointer   data)
{
  fcrm_gui_fixture_set_up (fixture, TRUE);
}

void
fcrm_gui_test_tear_down (FcrmGuiFixture *fixture,
                         gconstpointer   data)
{
  fcrm_gui_fixture_tear_down (fixture);
}

gint64
fcrm_gui_fixture_add_lead (FcrmGuiFixture *fixture,
                           const char     *title,
                           const char     *budget)
{
  return fcrm_gui_fixture_add_lead_full (fixture, title, budget, NULL, NULL, NULL);
}

gint64
fcrm_gui_fixture_add_lead_full (FcrmGuiFixture *fixture,
                                const char     *title,
                                const char     *budget,
                                const char     *source,
                                const char     *responsible,
                                const char     *company)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input = {
    .title = title,
    .name = "Ivan Sokolov",
    .phone = "+7 912 345-67-89",
    .company = company,
    .source = source,
    .budget = budget,
    .responsible = responsible != NULL ? responsible : "anna",
  };

  lead = fcrm_crm_lead_add (fixture->crm, &input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead);

  return lead->id;
}

FcrmItem *
fcrm_gui_fixture_add_deal_in (FcrmGuiFixture *fixture,
                              const char     *pipeline,
                              const char     *title,
                              const char     *budget)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal;
  FcrmDealInput input = {
    .pipeline = pipeline,
    .title = title,
    .budget = budget,
    .responsible = "anna",
  };

  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);

  return deal;
}

gint64
fcrm_gui_fixture_add_deal (FcrmGuiFixture *fixture,
                           const char     *title,
                           const char     *budget)
{
  g_autoptr(FcrmItem) deal = fcrm_gui_fixture_add_deal_in (fixture, "manufacturing", title, budget);

  return deal->id;
}

FcrmItem *
fcrm_gui_test_get_lead (FcrmCrm *crm,
                        gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_get (crm, id, &error);

  g_assert_no_error (error);
  return lead;
}

FcrmItem *
fcrm_gui_test_get_deal (FcrmCrm *crm,
                        gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_get (crm, id, &error);

  g_assert_no_error (error);
  return deal;
}

guint
fcrm_gui_test_history_length (FcrmCrm        *crm,
                              FcrmEntityType  type,
                              gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = fcrm_crm_history (crm, type, id, &error);

  g_assert_no_error (error);
  return history->len;
}

static guint
drain_events (void)
{
  guint n = 0;

  while (g_main_context_pending (NULL))
    if (g_main_context_iteration (NULL, FALSE))
      n++;
  return n;
}

static gpointer
barrier_job (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  return GINT_TO_POINTER (1);
}

static void
barrier_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  /* a no-op: it cannot fail, nor be cancelled */
  *done = fcrm_crm_read_finish (FCRM_CRM (source), result, NULL) != NULL;
}

/* Wait until the reader of @crm has answered everything asked before;
 * returns how many other events ran meanwhile. */
static guint
barrier (FcrmCrm *crm)
{
  gint64 deadline = g_get_monotonic_time () + WORKER_DEADLINE_US;
  gboolean done = FALSE;
  guint n = 0;

  fcrm_crm_read_async (crm, barrier_job, NULL, NULL, NULL, NULL, barrier_cb, &done);
  while (!done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      n++;
    }
  return n - 1;
}

void
fcrm_gui_test_flush (FcrmCrm *crm)
{
  g_return_if_fail (FCRM_IS_CRM (crm));

  /* Jobs run in order: once a no-op asked last has come back, every answer
   * asked before it has been delivered. Those answers may ask for more (a
   * column's check re-reads the column): go round until a round is quiet. */
  for (guint round = 0; round < MAX_ROUNDS; round++)
    {
      guint n = drain_events ();

      n += barrier (crm);
      n += drain_events ();
      /* an answer delivered in the same iteration as the no-op is not
       * counted: a few rounds always, for chains of answers */
      if (n == 0 && round >= MIN_ROUNDS)
        break;
    }
}

void
fcrm_gui_test_drain (void)
{
  drain_events ();
  if (drained_crm != NULL)
    fcrm_gui_test_flush (drained_crm);
}

void
fcrm_gui_test_show (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  fcrm_gui_test_drain ();
}

GtkWidget *
fcrm_gui_test_show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), child);
  fcrm_gui_test_show (window);

  return window;
}

GtkWidget *
fcrm_gui_test_find (GtkWidget      *root,
                    gboolean      (*match) (GtkWidget *widget, gconstpointer data),
                    gconstpointer   data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = fcrm_gui_test_find (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget    *widget,
            gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
fcrm_gui_test_find_type (GtkWidget *root,
                         GType      type)
{
  return fcrm_gui_test_find (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_named (GtkWidget    *widget,
          gconstpointer data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

GtkWidget *
fcrm_gui_test_find_named (GtkWidget  *root,
                          const char *name)
{
  return fcrm_gui_test_find (root, is_named, name);
}

gpointer
fcrm_gui_test_find_type_child (GtkWidget  *root,
                               GType       type,
                               const char *name)
{
  GtkWidget *widget = fcrm_gui_test_find_type (root, type);

  return widget != NULL ? gtk_widget_get_template_child (widget, type, name) : NULL;
}

static gboolean
has_template_child (GtkWidget    *widget,
                    gconstpointer data)
{
  /* Our own types only, each class of the widget's own: a libadwaita
   * widget's internals may use the same names. */
  for (GType type = G_OBJECT_TYPE (widget); type != GTK_TYPE_WIDGET; type = g_type_parent (type))
    if (g_str_has_prefix (g_type_name (type), "Fcrm") &&
        gtk_widget_get_template_child (widget, type, data) != NULL)
      return TRUE;
  return FALSE;
}

GObject *
fcrm_gui_test_find_template_child (GtkWidget  *root,
                                   const char *name)
{
  GtkWidget *owner = fcrm_gui_test_find (root, has_template_child, name);

  if (owner == NULL)
    return NULL;
  for (GType type = G_OBJECT_TYPE (owner); type != GTK_TYPE_WIDGET; type = g_type_parent (type))
    {
      GObject *object = g_str_has_prefix (g_type_name (type), "Fcrm")
                        ? gtk_widget_get_template_child (owner, type, name) : NULL;

      if (object != NULL)
        return object;
    }
  g_assert_not_reached ();
}

guint
fcrm_gui_test_count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

AdwPreferencesRow *
fcrm_gui_test_find_list_row (GtkListBox *list,
                             const char *title_prefix)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title_prefix))
      return ADW_PREFERENCES_ROW (row);

  return NULL;
}

/* Item cards */

void
fcrm_gui_card_close_all (void)
{
  gpointer card;

  /* Cards hold the database: close them before the fixture does. */
  do
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      card = NULL;
      for (guint i = 0; card == NULL && i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          /* a lead's, deal's, contact's or company's */
          if (FCRM_IS_ITEM_CARD (window) || FCRM_IS_CLIENT_CARD (window))
            card = window;
        }
      if (card != NULL)
        gtk_window_destroy (GTK_WINDOW (card));
    }
  while (card != NULL);

  fcrm_gui_test_drain ();
}

void
fcrm_gui_card_tear_down (FcrmGuiFixture *fixture,
                         gconstpointer   data)
{
  fcrm_gui_card_close_all ();
  fcrm_gui_fixture_tear_down (fixture);
}

guint
fcrm_gui_card_count (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FCRM_IS_ITEM_CARD (window))
        n++;
    }

  return n;
}

gpointer
fcrm_gui_card_child (FcrmItemCard *card,
                     const char   *name)
{
  GObject *object = fcrm_gui_test_find_template_child (GTK_WIDGET (card), name);

  g_assert_nonnull (object);
  return object;
}

FcrmItemCard *
fcrm_gui_card_present (FcrmGuiFixture *fixture,
                       FcrmEntityType  type,
                       gint64          id)
{
  FcrmItemCard *card;

  fcrm_item_card_present (NULL, fixture->crm, type, id);
  card = fcrm_item_card_find (fixture->crm, type, id);
  g_assert_nonnull (card);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (card));
  fcrm_gui_test_drain ();

  return card;
}

static gboolean
has_tooltip (GtkWidget    *widget,
             gconstpointer tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

GtkWidget *
fcrm_gui_test_find_button_with_tooltip (GtkWidget  *root,
                                        const char *tooltip)
{
  return fcrm_gui_test_find (root, has_tooltip, tooltip);
}

GtkWidget *
fcrm_gui_card_find_field_row (FcrmItemCard *card,
                              const char   *title)
{
  GtkWidget *found = NULL;
  GtkWidget *widget = GTK_WIDGET (card);

  /* Depth-first over the whole card, hidden tabs included. */
  while (widget != NULL && found == NULL)
    {
      if (ADW_IS_PREFERENCES_ROW (widget) &&
          gtk_widget_get_visible (widget) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
        {
          found = widget;
          break;
        }

      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && widget != GTK_WIDGET (card) &&
                 gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == NULL || widget == GTK_WIDGET (card) ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }

  return found;
}

GtkWidget *
fcrm_gui_card_field_row (FcrmItemCard *card,
                         const char   *title)
{
  GtkWidget *row = fcrm_gui_card_find_field_row (card, title);

  g_assert_nonnull (row);
  return row;
}

AdwMessageDialog *
fcrm_gui_test_find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* Boards */

void
fcrm_gui_board_set_up (FcrmGuiBoardFixture *fixture,
                       gconstpointer        data)
{
  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
}

void
fcrm_gui_board_tear_down (FcrmGuiBoardFixture *fixture,
                          gconstpointer        data)
{
  if (fixture->board != NULL)
    {
      GtkWindow *dialog = fcrm_board_get_dialog (fixture->board);

      if (dialog != NULL)
        gtk_window_destroy (dialog);
    }
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  fcrm_gui_test_drain ();
  fcrm_gui_fixture_tear_down (&fixture->base);
}

FcrmBoard *
fcrm_gui_board_show (FcrmGuiBoardFixture *fixture,
                     const char          *pipeline)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *board = fcrm_board_new (fixture->base.crm, pipeline);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), board);
  fixture->window = fcrm_gui_test_show_in_window (overlay);
  fixture->board = FCRM_BOARD (board);

  return fixture->board;
}

void
fcrm_gui_board_wait_for_draw (FcrmGuiBoardFixture *fixture)
{
  gtk_test_widget_wait_for_draw (fixture->window);
  fcrm_gui_test_drain ();
}

void
fcrm_gui_board_assert_header_now (FcrmBoard  *board,
                                  const char *stage,
                                  gint64      count,
                                  gint64      sum)
{
  FcrmBoardColumn *column = fcrm_board_get_column_for_stage (board, stage);
  g_autofree char *count_text = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  g_autofree char *sum_text = fcrm_money_format_display (sum);

  g_assert_nonnull (column);
  g_assert_cmpstr (fcrm_board_column_get_count_text (column), ==, count_text);
  g_assert_cmpstr (fcrm_board_column_get_sum_text (column), ==, sum_text);
}

void
fcrm_gui_board_assert_header (FcrmBoard  *board,
                              const char *stage,
                              gint64      count,
                              gint64      sum)
{
  fcrm_gui_test_drain ();
  fcrm_gui_board_assert_header_now (board, stage, count, sum);
}

GtkWidget *
fcrm_gui_board_row_of_item (FcrmBoardColumn *column,
                            gint64           id)
{
  GtkListView *list_view = fcrm_board_column_get_list_view (column);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);
      FcrmItem *item = FCRM_IS_CARD_ROW (child) ? fcrm_card_row_get_item (FCRM_CARD_ROW (child)) : NULL;

      if (item != NULL && item->id == id)
        return row;
    }

  return NULL;
}

void
fcrm_gui_board_click_undo (FcrmBoard *board)
{
  AdwToast *toast = fcrm_board_get_last_toast (board);

  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_signal_emit_by_name (toast, "button-clicked");
}

void
fcrm_gui_board_respond (FcrmBoard  *board,
                        const char *response)
{
  fcrm_gui_test_respond (fcrm_board_get_dialog (board), response);
}

void
fcrm_gui_test_respond (GtkWindow  *dialog,
                       const char *response)
{
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
  g_object_unref (dialog);
  fcrm_gui_test_drain ();
}

GtkEventController *
fcrm_gui_test_find_controller (GtkWidget *widget,
                               GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it alive */
    }

  return NULL;
}

gboolean
fcrm_gui_board_drop_on (GtkWidget *widget,
                        FcrmItem  *item)
{
  GtkEventController *target = fcrm_gui_test_find_controller (widget, GTK_TYPE_DROP_TARGET);
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (target)),
                                                    FCRM_TYPE_ITEM));
  g_value_init (&value, FCRM_TYPE_ITEM);
  g_value_set_object (&value, item);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);

  return dropped;
}

FcrmCardRow *
fcrm_gui_board_card_of_item (FcrmBoard  *board,
                             const char *stage,
                             gint64      id)
{
  GtkWidget *row = fcrm_gui_board_row_of_item (fcrm_board_get_column_for_stage (board, stage), id);
  GtkWidget *card;

  g_assert_nonnull (row);
  card = gtk_widget_get_first_child (row);
  g_assert_true (FCRM_IS_CARD_ROW (card));

  return FCRM_CARD_ROW (card);
}
