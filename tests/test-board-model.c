/* The board column model: a GListModel paged from SQL, with count and
 * budget sum from SQL (SPEC §4, §7). No display needed. */

#include "fcrm-test-util.h"
#include "fcrm-board-model.h"

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_column (void)
{
  enum { N = 120 };
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmBoardModel) model = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  gint64 ids[N];
  gint64 sum = 0;
  FcrmTestItemsChanged changed = { 0 };
  guint count_notifies = 0, sum_notifies = 0;

  fcrm_test_add_user (db->crm, "anna", "manager");
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *budget = g_strdup_printf ("%u %03u,%02u", 100 + i, i * 7 % 1000, i % 100);
      g_autofree char *title = g_strdup_printf ("Lead %u", i);
      g_autoptr(FcrmItem) lead = NULL;

      /* one a minute: the newest stage entry is the last one added */
      fcrm_clock_advance (db->clock, 60);
      lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = title, .budget = budget, .responsible = "anna" },
                                &error);
      g_assert_no_error (error);
      ids[i] = lead->id;
      sum += lead->budget;
    }
  /* something in another column must not count */
  {
    g_autoptr(FcrmItem) other = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "elsewhere", .budget = "999" },
                                                   &error);
    g_assert_no_error (error);
    g_assert_true (fcrm_crm_lead_move (db->crm, other->id, "lead.in_progress", &error));
  }

  model = fcrm_board_model_new (db->crm, "lead.new");
  g_assert_true (G_IS_LIST_MODEL (model));
  g_assert_cmpstr (fcrm_board_model_get_stage (model), ==, "lead.new");
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == FCRM_TYPE_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N);
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, N);
  g_assert_cmpint (fcrm_board_model_get_sum (model), ==, sum);
  {
    gint64 count_prop = 0, sum_prop = 0;

    g_object_get (model, "count", &count_prop, "sum", &sum_prop, NULL);
    g_assert_cmpint (count_prop, ==, N);
    g_assert_cmpint (sum_prop, ==, sum);
  }

  /* newest stage entry first, across every page */
  {
    g_autoptr(FcrmItem) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(FcrmItem) last = g_list_model_get_item (G_LIST_MODEL (model), N - 1);

    g_assert_nonnull (first);
    g_assert_cmpint (first->id, ==, ids[N - 1]);
    g_assert_cmpstr (first->title, ==, "Lead 119");
    g_assert_nonnull (last);
    g_assert_cmpint (last->id, ==, ids[0]);
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N));
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), G_MAXUINT));
  }
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (item);
      g_assert_cmpint (item->id, ==, ids[N - 1 - i]);
      g_assert_cmpstr (item->stage, ==, "lead.new");
      g_assert_cmpstr (item->responsible_login, ==, "anna");
      g_assert_false (g_hash_table_contains (seen, &ids[N - 1 - i]));
      g_hash_table_add (seen, &ids[N - 1 - i]);
    }
  /* scrolling back up after the pages were dropped still works */
  for (int i = N - 1; i >= 0; i -= 7)
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (item->id, ==, ids[N - 1 - i]);
    }

  /* a move elsewhere, then refresh: count, sum and a signal */
  fcrm_test_record_items_changed (G_LIST_MODEL (model), &changed);
  g_signal_connect (model, "notify::count", G_CALLBACK (on_notify), &count_notifies);
  g_signal_connect (model, "notify::sum", G_CALLBACK (on_notify), &sum_notifies);
  fcrm_clock_advance (db->clock, 60);
  g_assert_true (fcrm_crm_lead_move (db->crm, ids[5], "lead.in_progress", &error));
  g_assert_no_error (error);
  fcrm_board_model_refresh (model);
  {
    g_autoptr(FcrmItem) moved = fcrm_crm_lead_get (db->crm, ids[5], NULL);

    g_assert_cmpint (fcrm_board_model_get_count (model), ==, N - 1);
    g_assert_cmpint (fcrm_board_model_get_sum (model), ==, sum - moved->budget);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N - 1);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, N);
  g_assert_cmpuint (changed.added, ==, N - 1);
  g_assert_cmpuint (count_notifies, ==, 1);
  g_assert_cmpuint (sum_notifies, ==, 1);
  /* the moved lead is no longer in the column */
  for (guint i = 0; i < N - 1; i++)
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (item->id, !=, ids[5]);
    }

  /* the receiving column */
  {
    g_autoptr(FcrmBoardModel) working = fcrm_board_model_new (db->crm, "lead.in_progress");
    g_autoptr(FcrmItem) top = g_list_model_get_item (G_LIST_MODEL (working), 0);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (working)), ==, 2);
    g_assert_cmpint (top->id, ==, ids[5]);   /* just entered: on top */
  }

  /* a new lead appears on top after a refresh */
  {
    g_autoptr(FcrmItem) fresh = NULL;
    g_autoptr(FcrmItem) top = NULL;

    fcrm_clock_advance (db->clock, 60);
    fresh = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Newest", .budget = "10" }, &error);
    g_assert_no_error (error);
    fcrm_board_model_refresh (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N);
    top = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpint (top->id, ==, fresh->id);
  }
}

static void
test_empty_and_closed_columns (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmBoardModel) won = fcrm_board_model_new (db->crm, "mfg.won");
  g_autoptr(GError) error = NULL;
  FcrmTestItemsChanged changed = { 0 };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (won)), ==, 0);
  g_assert_cmpint (fcrm_board_model_get_count (won), ==, 0);
  g_assert_cmpint (fcrm_board_model_get_sum (won), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (won), 0));

  fcrm_test_record_items_changed (G_LIST_MODEL (won), &changed);
  /* nothing changed, nothing to say */
  fcrm_board_model_refresh (won);
  g_assert_cmpuint (changed.n_signals, ==, 0);

  /* a deal column counts deals */
  {
    g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing",
                                                                             .title = "Won", .budget = "150000" },
                                                  &error);
    g_assert_no_error (error);
    g_assert_true (fcrm_crm_deal_win (db->crm, deal->id, &error));
    g_assert_no_error (error);
    fcrm_board_model_refresh (won);
    g_assert_cmpuint (changed.n_signals, ==, 1);
    g_assert_cmpuint (changed.added, ==, 1);
    g_assert_cmpint (fcrm_board_model_get_count (won), ==, 1);
    g_assert_cmpint (fcrm_board_model_get_sum (won), ==, G_GINT64_CONSTANT (15000000));
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (won), 0);
      g_assert_cmpint (item->type, ==, FCRM_ENTITY_DEAL);
      g_assert_cmpint (item->id, ==, deal->id);
    }
  }
}

static void
test_deleted_under_the_model (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmBoardModel) model = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "x" }, &error);
      g_assert_no_error (error);
    }
  model = fcrm_board_model_new (db->crm, "lead.new");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* another desktop moved two of them before this one read its page:
   * the rows that vanished read as NULL, not as a crash */
  {
    g_autoptr(FcrmClock) clock = fcrm_clock_new_fixed (fcrm_clock_now (db->clock));
    g_autoptr(FcrmCrm) other = fcrm_crm_open (fcrm_test_location (db), clock, &error);
    g_autoptr(GPtrArray) leads = NULL;

    g_assert_no_error (error);
    leads = fcrm_crm_lead_list (other, "lead.new", &error);
    for (guint i = 0; i < 2; i++)
      g_assert_true (fcrm_crm_lead_move (other, ((FcrmItem *) g_ptr_array_index (leads, i))->id, "lead.in_progress",
                                         &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(FcrmItem) a = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(FcrmItem) b = g_list_model_get_item (G_LIST_MODEL (model), 1);
    g_autoptr(FcrmItem) c = g_list_model_get_item (G_LIST_MODEL (model), 2);

    g_assert_nonnull (a);
    g_assert_null (b);
    g_assert_null (c);
  }
  fcrm_board_model_refresh (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/board-model/column", test_column);
  g_test_add_func ("/board-model/empty-and-closed", test_empty_and_closed_columns);
  g_test_add_func ("/board-model/rows-vanish", test_deleted_under_the_model);
  return g_test_run ();
}
