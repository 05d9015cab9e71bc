/* The board column model: a GListModel paged from SQL, with count and
 * budget sum from SQL (SPEC §4, §7). No display needed. */

#include "fcrm-test-util.h"
#include "fcrm-board-model.h"
#include "fcrm-crm-private.h"

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
  g_autoptr(FcrmItem) top_before = NULL;
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
  /* a first page; the next ones as asked for, each after the last card held */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_true (fcrm_board_model_has_more (model));
  fcrm_test_record_items_changed (G_LIST_MODEL (model), &changed);
  fcrm_board_model_load_more (model);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 50);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 50);
  fcrm_board_model_load_more (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N);
  g_assert_false (fcrm_board_model_has_more (model));
  fcrm_board_model_load_more (model);   /* nothing more to read */
  g_assert_cmpuint (changed.n_signals, ==, 2);
  g_signal_handlers_disconnect_by_data (model, &changed);
  changed = (FcrmTestItemsChanged) { 0 };
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

  /* a move elsewhere, then refresh: count, sum and a signal */
  top_before = g_list_model_get_item (G_LIST_MODEL (model), 0);
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
  /* only the card that went is told gone (newest first: ids[5] was the
   * sixth from the end); the others keep their objects, so their widgets */
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, N - 6);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
  {
    g_autoptr(FcrmItem) top = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (top == top_before);
  }
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
  /* the cards held stay as they were read until the next refresh */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (item);
      g_assert_cmpstr (item->stage, ==, "lead.new");
    }
  fcrm_board_model_refresh (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}


/* Keyset paging: every sort × filter walked page by page gives the cards in
 * the same order as sorting them all, ties on the sort value included (many
 * cards share a budget or a minute), and the totals are theirs. */

static FcrmBoardSort walk_sort;

static gint64
sort_value (FcrmItem *item)
{
  return fcrm_board_key_of (item, walk_sort).sort_value;
}

static int
by_key_desc (gconstpointer a,
             gconstpointer b)
{
  FcrmItem *x = *(FcrmItem **) a, *y = *(FcrmItem **) b;
  gint64 kx = sort_value (x), ky = sort_value (y);

  if (kx != ky)
    return kx > ky ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id ? 1 : 0;
}

static gboolean
matches (FcrmItem              *item,
         const FcrmBoardFilter *filter)
{
  if (filter->responsible_id > 0 && item->responsible_id != filter->responsible_id)
    return FALSE;
  if (filter->responsible_id < 0 && item->responsible_id != 0)
    return FALSE;
  return filter->source == NULL || g_strcmp0 (item->source, filter->source) == 0;
}

static void
test_keyset_every_shape (void)
{
  enum { N = 160 };
  static const char * const budgets[] = { "0", "0", "100", "200" };
  static const char * const sources[] = { "call", "webform", "email" };
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna, boris;

  anna = fcrm_test_add_user (db->crm, "anna", "manager");
  boris = fcrm_test_add_user (db->crm, "boris", "manager");
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(FcrmItem) lead = NULL;

      /* three cards a minute: ties on stage entry and creation too */
      if (i % 3 == 0)
        fcrm_clock_advance (db->clock, 60);
      lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Lead", .budget = budgets[i % 4],
                                                           .source = sources[i % 3],
                                                           .responsible = i % 5 < 2 ? "anna" : "boris" },
                                &error);
      g_assert_no_error (error);
      if (i % 5 == 4)
        g_assert_true (fcrm_store_run (fcrm_crm_get_store (db->crm), "UPDATE leads SET responsible_id = NULL WHERE id = ?",
                                       &error, "i", lead->id));
      g_assert_no_error (error);
    }
  all = fcrm_crm_lead_list (db->crm, "lead.new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, N);

  for (int sort = FCRM_BOARD_SORT_STAGE_ENTERED; sort <= FCRM_BOARD_SORT_CREATED; sort++)
    for (int who = 0; who < 4; who++)
      for (int src = 0; src < 2; src++)
        {
          FcrmBoardFilter filter = { who == 0 ? 0 : who == 1 ? anna : who == 2 ? boris : -1,
                                     src == 0 ? NULL : "call", sort };
          g_autoptr(GPtrArray) expected = g_ptr_array_new ();
          g_autoptr(FcrmBoardModel) model = fcrm_board_model_new (db->crm, "lead.new");
          gint64 sum = 0;

          walk_sort = sort;
          for (guint i = 0; i < all->len; i++)
            if (matches (g_ptr_array_index (all, i), &filter))
              {
                g_ptr_array_add (expected, g_ptr_array_index (all, i));
                sum += ((FcrmItem *) g_ptr_array_index (all, i))->budget;
              }
          g_ptr_array_sort (expected, by_key_desc);
          g_assert_cmpuint (expected->len, >, 0);

          fcrm_board_model_set_filter (model, &filter);
          g_assert_cmpint (fcrm_board_model_get_count (model), ==, expected->len);
          g_assert_cmpint (fcrm_board_model_get_sum (model), ==, sum);
          while (fcrm_board_model_has_more (model))
            fcrm_board_model_load_more (model);
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
          for (guint i = 0; i < expected->len; i++)
            {
              g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

              g_assert_cmpint (item->id, ==, ((FcrmItem *) g_ptr_array_index (expected, i))->id);
            }
        }
}

/* A database file keeps its column totals by triggers: whatever writes the
 * leads and deals (the program or anyone with sqlite3), in whatever mix,
 * the table equals a recount, and a write rolled back leaves it alone. */

#define TOTALS_ROWS \
  "SELECT coalesce (group_concat (x, ';'), '') FROM (SELECT stage || ',' || responsible_id || ',' || source || ',' " \
  "|| n || ',' || budget_sum AS x FROM stage_totals WHERE n <> 0 OR budget_sum <> 0 ORDER BY stage, responsible_id, source)"
#define RECOUNT_ROWS \
  "SELECT coalesce (group_concat (x, ';'), '') FROM (SELECT stage || ',' || r || ',' || source || ',' || count(*) " \
  "|| ',' || sum(budget) AS x FROM (SELECT stage, coalesce (responsible_id, 0) AS r, source, budget FROM leads " \
  "UNION ALL SELECT stage, coalesce (responsible_id, 0), source, budget FROM deals) GROUP BY stage, r, source " \
  "ORDER BY stage, r, source)"

static void
assert_totals_recount (FcrmStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = fcrm_store_query_text (store, TOTALS_ROWS, &error, NULL);
  g_autofree char *counted = fcrm_store_query_text (store, RECOUNT_ROWS, &error, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, counted);
  gint64 negative = -1;

  g_assert_true (fcrm_store_query_int (store, "SELECT count(*) FROM stage_totals WHERE n < 0", &negative, NULL, &error,
                                       NULL));
  g_assert_cmpint (negative, ==, 0);
}

static gint64
pick_id (FcrmStore  *store,
         GRand      *rand,
         const char *sql)
{
  gint64 id = 0;

  g_assert_true (fcrm_store_query_int (store, sql, &id, NULL, NULL, "i", (gint64) g_rand_int_range (rand, 0, 1000)));
  return id;
}

static void
test_totals_follow_writes (void)
{
  static const char * const lead_stages[] = { "lead.new", "lead.in_progress", "lead.junk" };
  static const char * const deal_stages[] = { "mfg.contract", "mfg.production", "mfg.won", "mfg.lost" };
  static const char * const sources[] = { "call", "webform", "email", "walkin", "other" };
  g_autoptr(FcrmTestDb) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GError) error = NULL;
  FcrmStore *store;
  gint64 users[3];

  if (fcrm_test_sqlite_only ("the office server counts under row-level security"))
    return;
  db = fcrm_test_db_new ();
  store = fcrm_crm_get_store (db->crm);
  users[0] = 0;
  users[1] = fcrm_test_add_user (db->crm, "anna", "manager");
  users[2] = fcrm_test_add_user (db->crm, "boris", "manager");
  assert_totals_recount (store);

  for (int op = 0; op < 600; op++)
    {
      gint64 user = users[g_rand_int_range (rand, 0, 3)];
      const char *source = sources[g_rand_int_range (rand, 0, 5)];
      gint64 budget = g_rand_int_range (rand, 0, 4) * 10000;
      gboolean lead = g_rand_boolean (rand);
      const char *stage = lead ? lead_stages[g_rand_int_range (rand, 0, 3)] : deal_stages[g_rand_int_range (rand, 0, 4)];
      gint64 id = pick_id (store, rand, lead ? "SELECT id FROM leads ORDER BY id LIMIT 1 OFFSET ? % (SELECT max(1, count(*)) FROM leads)"
                                             : "SELECT id FROM deals ORDER BY id LIMIT 1 OFFSET ? % (SELECT max(1, count(*)) FROM deals)");
      gboolean rollback = g_rand_int_range (rand, 0, 10) == 0;
      gboolean ok = TRUE;

      if (rollback)
        g_assert_true (fcrm_store_begin (store, &error));
      switch (g_rand_int_range (rand, 0, 9))
        {
        case 0:
        case 1:
          ok = lead ? fcrm_store_run (store, "INSERT INTO leads (title, source, budget, stage, responsible_id, stage_entered_at,"
                                             " created_at, updated_at) VALUES ('x', ?, ?, ?, nullif (?, 0), 1, 1, 1)",
                                      &error, "sisi", source, budget, stage, user)
                    : fcrm_store_run (store, "INSERT INTO deals (title, pipeline, source, budget, stage, responsible_id,"
                                             " stage_entered_at, created_at, updated_at)"
                                             " VALUES ('x', 'manufacturing', ?, ?, ?, nullif (?, 0), 1, 1, 1)",
                                      &error, "sisi", source, budget, stage, user);
          break;
        case 2:
          ok = fcrm_store_run (store, lead ? "UPDATE leads SET stage = ? WHERE id = ?" : "UPDATE deals SET stage = ? WHERE id = ?",
                               &error, "si", stage, id);
          break;
        case 3:
          ok = fcrm_store_run (store, lead ? "UPDATE leads SET responsible_id = nullif (?, 0) WHERE id = ?"
                                           : "UPDATE deals SET responsible_id = nullif (?, 0) WHERE id = ?",
                               &error, "ii", user, id);
          break;
        case 4:
          ok = fcrm_store_run (store, lead ? "UPDATE leads SET source = ?, budget = ? WHERE id = ?"
                                           : "UPDATE deals SET source = ?, budget = ? WHERE id = ?",
                               &error, "sii", source, budget, id);
          break;
        case 5:
          /* many rows at once, and a change of nothing the totals hold */
          ok = fcrm_store_run (store, lead ? "UPDATE leads SET budget = budget + 1, title = 'y' WHERE stage = ?"
                                           : "UPDATE deals SET budget = budget + 1, title = 'y' WHERE stage = ?",
                               &error, "s", stage);
          break;
        case 6:
          /* (its history too: the program may give its id to the next one) */
          ok = fcrm_store_run (store, lead ? "DELETE FROM leads WHERE id = ?" : "DELETE FROM deals WHERE id = ?",
                               &error, "i", id) &&
               fcrm_store_run (store, "DELETE FROM stage_history WHERE entity_type = ? AND entity_id = ?",
                               &error, "si", lead ? "lead" : "deal", id);
          break;
        case 7:
          {
            /* the program's own writes */
            g_autoptr(FcrmItem) item = lead ? fcrm_test_add_lead (db->crm, "Lead", user == users[1] ? "anna" : "boris")
                                            : fcrm_test_add_deal (db->crm, "manufacturing", "Deal", "anna");
          }
          break;
        default:
          if (lead && id > 0)
            {
              g_autoptr(FcrmItem) item = fcrm_crm_lead_get (db->crm, id, NULL);

              if (item != NULL && g_strcmp0 (item->stage, "lead.new") == 0)
                ok = fcrm_crm_lead_move (db->crm, id, "lead.in_progress", &error);
            }
          break;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      if (rollback)
        fcrm_store_rollback (store);
      if (op % 50 == 0)
        assert_totals_recount (store);
    }
  assert_totals_recount (store);

  /* what a bulk load may do instead: compute it all again */
  g_assert_true (fcrm_store_exec (store, "UPDATE stage_totals SET n = n + 7", &error));
  g_assert_true (fcrm_crm_recount_stage_totals (db->crm, &error));
  g_assert_no_error (error);
  assert_totals_recount (store);
}

/* After demo data, loaded in bulk (its column totals written set-wise at the
 * end): every column's count and sum, under every filter, is what counting
 * the rows gives — on both backends. */
static void
test_totals_after_bulk_demo (void)
{
  static const char * const sources[] = { NULL, "call", "webform", "email", "walkin", "other" };
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  gint64 people[] = { 0, -1, 0 };
  guint checked = 0;

  g_assert_true (fcrm_crm_demo (db->crm, &(FcrmDemoOptions) { 400, 400, 200, 9 }, &error));
  g_assert_no_error (error);
  people[2] = fcrm_test_int (db->crm, "SELECT min(responsible_id) FROM leads");
  stages = g_ptr_array_new_with_free_func (g_free);
  {
    FcrmStore *store = fcrm_crm_get_store (db->crm);
    FcrmStmt *stmt = fcrm_store_prepare (store, "SELECT code FROM stages ORDER BY code", &error);

    while (fcrm_stmt_step (stmt, &error))
      g_ptr_array_add (stages, fcrm_stmt_dup_text (stmt, 0));
    fcrm_stmt_reset (stmt);
    g_assert_no_error (error);
  }
  for (guint s = 0; s < stages->len; s++)
    for (guint p = 0; p < G_N_ELEMENTS (people); p++)
      for (guint f = 0; f < G_N_ELEMENTS (sources); f++)
        {
          const char *stage = g_ptr_array_index (stages, s);
          const char *table = g_str_has_prefix (stage, "lead.") ? "leads" : "deals";
          FcrmBoardFilter filter = { people[p], sources[f], FCRM_BOARD_SORT_STAGE_ENTERED };
          g_autoptr(GString) where = g_string_new (NULL);
          g_autofree char *count_sql = NULL, *sum_sql = NULL;
          gint64 count = -1, sum = -1, want_count, want_sum;

          g_string_printf (where, "stage = '%s'", stage);
          if (people[p] < 0)
            g_string_append (where, " AND responsible_id IS NULL");
          else if (people[p] > 0)
            g_string_append_printf (where, " AND responsible_id = %" G_GINT64_FORMAT, people[p]);
          if (sources[f] != NULL)
            g_string_append_printf (where, " AND source = '%s'", sources[f]);
          count_sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", table, where->str);
          sum_sql = g_strdup_printf ("SELECT coalesce (sum(budget), 0) FROM %s WHERE %s", table, where->str);
          want_count = fcrm_test_int (db->crm, g_intern_string (count_sql));
          want_sum = fcrm_test_int (db->crm, g_intern_string (sum_sql));
          g_assert_true (fcrm_crm_stage_totals_filtered (db->crm, stage, &filter, &count, &sum, &error));
          g_assert_no_error (error);
          g_assert_cmpint (count, ==, want_count);
          g_assert_cmpint (sum, ==, want_sum);
          checked += want_count > 0;
        }
  g_assert_cmpuint (checked, >, 20);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/board-model/column", test_column);
  g_test_add_func ("/board-model/empty-and-closed", test_empty_and_closed_columns);
  g_test_add_func ("/board-model/rows-vanish", test_deleted_under_the_model);
  g_test_add_func ("/board-model/keyset-every-shape", test_keyset_every_shape);
  g_test_add_func ("/board-model/totals-follow-writes", test_totals_follow_writes);
  g_test_add_func ("/board-model/totals-after-bulk-demo", test_totals_after_bulk_demo);
  return g_test_run ();
}
