/* Deals: adding, moving within a pipeline, closing, reopening (SPEC §3.4)
 * and the lost-deal process with its callback dates (§3.5). */

#include "fcrm-inbox.h"
#include "fcrm-test-util.h"
#include "fcrm-robots.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      anna, sveta;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->sveta = fcrm_test_add_user (f->crm, "sveta", "supervisor");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

static FcrmItem *
add_deal (FcrmCrm    *crm,
          const char *pipeline,
          const char *title)
{
  g_autoptr(GError) error = NULL;
  FcrmDealInput in = { .pipeline = pipeline, .title = title, .budget = "100 000", .responsible = "anna" };
  FcrmItem *deal = fcrm_crm_deal_add (crm, &in, &error);

  g_assert_no_error (error);
  g_assert_nonnull (deal);
  return deal;
}

static FcrmItem *
get_deal (FcrmCrm *crm,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_get (crm, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (deal);
  return deal;
}

static void
move_ok (FcrmCrm    *crm,
         gint64      id,
         const char *stage)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_move (crm, id, stage, &error));
  g_assert_no_error (error);
}

static void
move_refused (FcrmCrm    *crm,
              gint64      id,
              const char *stage,
              int         code)
{
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;

  fcrm_test_snapshot (crm, &before);
  g_assert_false (fcrm_crm_deal_move (crm, id, stage, &error));
  g_assert_error (error, FCRM_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  fcrm_test_assert_unchanged (crm, &before);
}

static char *
history_string (FcrmCrm *crm,
                gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = fcrm_crm_history (crm, FCRM_ENTITY_DEAL, id, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      FcrmHistoryEntry *e = g_ptr_array_index (history, i);

      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", e->stage);
      /* every entry but the last is closed; the last is open */
      if (i + 1 < history->len)
        g_assert_cmpint (e->left_at, >=, e->entered_at);
      else
        g_assert_cmpint (e->left_at, ==, 0);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_add (Fixture      *f,
          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = fcrm_clock_now (f->db->clock);
  FcrmDealInput in = { .pipeline = "repair", .title = "  Fix the wardrobe door  ", .budget = "4 500,50",
                       .source = "walkin", .responsible = "anna" };
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (f->crm, &in, &error);
  g_autofree char *h = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (deal->type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpstr (deal->title, ==, "Fix the wardrobe door");
  g_assert_cmpstr (deal->pipeline, ==, "repair");
  g_assert_cmpstr (deal->stage, ==, "repair.analysis");
  g_assert_cmpint (deal->budget, ==, 450050);
  g_assert_cmpstr (deal->source, ==, "walkin");
  g_assert_cmpint (deal->responsible_id, ==, f->anna);
  g_assert_cmpint (deal->created_at, ==, now);
  g_assert_cmpint (deal->stage_entered_at, ==, now);
  g_assert_cmpint (deal->closed_at, ==, 0);
  g_assert_cmpint (deal->lead_id, ==, 0);
  g_assert_false (deal->returning);
  h = history_string (f->crm, deal->id);
  g_assert_cmpstr (h, ==, "repair.analysis");
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "repair.analysis.entry", FCRM_ENTITY_DEAL, deal->id, f->anna),
                   ==, 1);

  /* no responsible given: the acting user; no actor either: nobody */
  g_assert_true (fcrm_crm_set_actor (f->crm, "sveta", &error));
  {
    g_autoptr(FcrmItem) mine = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "design", .title = "Mine" },
                                                  &error);
    g_assert_no_error (error);
    g_assert_cmpint (mine->responsible_id, ==, f->sveta);
    g_assert_cmpstr (mine->stage, ==, "design.consultation");
    g_assert_cmpstr (mine->source, ==, "other");
    g_assert_cmpint (mine->budget, ==, 0);
  }
  g_assert_true (fcrm_crm_set_actor (f->crm, NULL, &error));
  {
    g_autoptr(FcrmItem) orphan = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "manufacturing",
                                                                              .title = "Orphan" }, &error);
    g_assert_no_error (error);
    g_assert_cmpint (orphan->responsible_id, ==, 0);
    g_assert_cmpstr (orphan->stage, ==, "mfg.contract");
    /* R falls back to S */
    g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.contract.entry", FCRM_ENTITY_DEAL, orphan->id,
                                                    f->sveta), ==, 1);
  }
}

typedef struct
{
  const char   *what;
  FcrmDealInput in;
  int           code;
} BadDeal;

static void
test_add_refused (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *long_title = g_strnfill (600, 't');
  FcrmTestSnapshot before;
  const BadDeal bad[] = {
    { "unknown pipeline", { .pipeline = "sales", .title = "x" }, FCRM_ERROR_NOT_FOUND },
    { "lead pipeline", { .pipeline = "lead", .title = "x" }, FCRM_ERROR_NOT_FOUND },
    { "no pipeline", { .title = "x" }, FCRM_ERROR_NOT_FOUND },
    { "no title", { .pipeline = "manufacturing" }, FCRM_ERROR_INVALID_INPUT },
    { "empty title", { .pipeline = "manufacturing", .title = "   " }, FCRM_ERROR_INVALID_INPUT },
    { "long title", { .pipeline = "manufacturing", .title = long_title }, FCRM_ERROR_INVALID_INPUT },
    { "bad budget", { .pipeline = "manufacturing", .title = "x", .budget = "12,345" }, FCRM_ERROR_INVALID_INPUT },
    { "negative budget", { .pipeline = "manufacturing", .title = "x", .budget = "-1" }, FCRM_ERROR_INVALID_INPUT },
    { "unknown contact", { .pipeline = "manufacturing", .title = "x", .contact_id = 999 }, FCRM_ERROR_NOT_FOUND },
    { "unknown company", { .pipeline = "manufacturing", .title = "x", .company_id = 999 }, FCRM_ERROR_NOT_FOUND },
    { "unknown responsible", { .pipeline = "manufacturing", .title = "x", .responsible = "ghost" }, FCRM_ERROR_NOT_FOUND },
    { "bad source", { .pipeline = "manufacturing", .title = "x", .source = "radio" }, FCRM_ERROR_INVALID_INPUT },
  };

  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (f->crm, &bad[i].in, &error);

      if (deal != NULL)
        g_error ("%s: accepted", bad[i].what);
      if (!g_error_matches (error, FCRM_ERROR, bad[i].code))
        g_error ("%s: expected code %d, got %s", bad[i].what, bad[i].code, error != NULL ? error->message : "no error");
      fcrm_test_assert_unchanged (f->crm, &before);
    }
}

static void
test_move_within_pipeline (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "manufacturing", "Kitchen");
  g_autofree char *h = NULL;
  gint64 t = fcrm_clock_now (f->db->clock);

  /* skipping stages, and going back, is allowed between open stages */
  fcrm_clock_set (f->db->clock, t + 60);
  move_ok (f->crm, deal->id, "mfg.production");
  fcrm_clock_set (f->db->clock, t + 120);
  move_ok (f->crm, deal->id, "mfg.prepayment");
  fcrm_clock_set (f->db->clock, t + 180);
  move_ok (f->crm, deal->id, "mfg.payment");
  h = history_string (f->crm, deal->id);
  g_assert_cmpstr (h, ==, "mfg.contract mfg.production mfg.prepayment mfg.payment");
  {
    g_autoptr(FcrmItem) now = get_deal (f->crm, deal->id);
    g_assert_cmpstr (now->stage, ==, "mfg.payment");
    g_assert_cmpstr (now->pipeline, ==, "manufacturing");
    g_assert_cmpint (now->stage_entered_at, ==, t + 180);
    g_assert_cmpint (now->version, ==, deal->version + 3);
  }
  /* each entry fired its own robot once */
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.production.entry", FCRM_ENTITY_DEAL, deal->id, 0), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.prepayment.entry", FCRM_ENTITY_DEAL, deal->id, 0), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.payment.entry", FCRM_ENTITY_DEAL, deal->id, 0), ==, 1);
  /* only the current entry has pending robots */
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id "
                                           "WHERE h.entity_id = ? AND h.left_at IS NOT NULL", deal->id), ==, 0);

  /* moving where it is changes nothing */
  {
    FcrmTestSnapshot before;

    fcrm_test_snapshot (f->crm, &before);
    move_ok (f->crm, deal->id, "mfg.payment");
    fcrm_test_assert_unchanged (f->crm, &before);
  }
}

static void
test_move_refused_cases (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "manufacturing", "Kitchen");
  g_autoptr(FcrmItem) after = NULL;

  move_refused (f->crm, deal->id, "design.contract", FCRM_ERROR_REFUSED);
  move_refused (f->crm, deal->id, "repair.analysis", FCRM_ERROR_REFUSED);
  move_refused (f->crm, deal->id, "design.won", FCRM_ERROR_REFUSED);
  move_refused (f->crm, deal->id, "mfg.lost", FCRM_ERROR_REFUSED);        /* only through "lose" */
  move_refused (f->crm, deal->id, "lead.in_progress", FCRM_ERROR_NOT_FOUND);
  move_refused (f->crm, deal->id, "mfg.nope", FCRM_ERROR_NOT_FOUND);
  move_refused (f->crm, deal->id + 100, "mfg.production", FCRM_ERROR_NOT_FOUND);

  after = get_deal (f->crm, deal->id);
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_cmpstr (after->pipeline, ==, "manufacturing");
}

static void
test_win_and_reopen (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "design", "Living room");
  g_autoptr(GError) error = NULL;
  gint64 t = fcrm_clock_now (f->db->clock);
  gint64 won_at = t + 7 * 86400;

  fcrm_clock_set (f->db->clock, won_at);
  g_assert_true (fcrm_crm_deal_win (f->crm, deal->id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FcrmItem) won = get_deal (f->crm, deal->id);
    g_assert_cmpstr (won->stage, ==, "design.won");
    g_assert_cmpint (won->closed_at, ==, won_at);
    g_assert_null (won->loss_reason);
  }
  /* pending robots of the open stage are cancelled */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 0);

  /* won is final: no lost, no won again, no lose */
  fcrm_clock_advance (f->db->clock, 60);
  move_refused (f->crm, deal->id, "design.lost", FCRM_ERROR_REFUSED);
  move_refused (f->crm, deal->id, "design.won", FCRM_ERROR_REFUSED);
  {
    FcrmTestSnapshot before;

    fcrm_test_snapshot (f->crm, &before);
    g_assert_false (fcrm_crm_deal_win (f->crm, deal->id, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
    g_clear_error (&error);
    g_assert_false (fcrm_crm_deal_lose (f->crm, deal->id, "expensive", NULL, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
    g_clear_error (&error);
    fcrm_test_assert_unchanged (f->crm, &before);
  }
  {
    g_autoptr(FcrmItem) still = get_deal (f->crm, deal->id);
    g_assert_cmpint (still->closed_at, ==, won_at);
  }

  /* reopening: back to an open stage, recorded in history */
  move_ok (f->crm, deal->id, "design.approval");
  {
    g_autoptr(FcrmItem) open = get_deal (f->crm, deal->id);
    g_autofree char *h = history_string (f->crm, deal->id);

    g_assert_cmpstr (open->stage, ==, "design.approval");
    g_assert_cmpint (open->closed_at, ==, 0);
    g_assert_cmpstr (h, ==, "design.consultation design.won design.approval");
  }
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "design.approval.entry", FCRM_ENTITY_DEAL, deal->id, f->anna),
                   ==, 1);
  /* and it can be won again after reopening */
  g_assert_true (fcrm_crm_deal_win (f->crm, deal->id, &error));
  g_assert_no_error (error);
}

static void
test_reopen_lost (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "repair", "Chair leg");
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "no_response", "never called back", &error));
  g_assert_no_error (error);
  move_refused (f->crm, deal->id, "repair.won", FCRM_ERROR_REFUSED);
  {
    FcrmTestSnapshot before;

    fcrm_test_snapshot (f->crm, &before);
    g_assert_false (fcrm_crm_deal_lose (f->crm, deal->id, "expensive", NULL, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
    g_clear_error (&error);
    fcrm_test_assert_unchanged (f->crm, &before);
  }
  move_ok (f->crm, deal->id, "repair.prepayment");
  {
    g_autoptr(FcrmItem) open = get_deal (f->crm, deal->id);
    g_autofree char *h = history_string (f->crm, deal->id);

    g_assert_cmpint (open->closed_at, ==, 0);
    g_assert_null (open->loss_reason);
    g_assert_cmpstr (h, ==, "repair.analysis repair.lost repair.prepayment");
  }
}

static void
test_to_installation (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "design", "Bedroom set");
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t = fcrm_clock_now (f->db->clock) + 3600;
  FcrmHistoryEntry *a, *b;

  move_ok (f->crm, deal->id, "design.approval");
  fcrm_clock_set (f->db->clock, t);
  move_ok (f->crm, deal->id, "design.to_installation");

  after = get_deal (f->crm, deal->id);
  g_assert_cmpint (after->id, ==, deal->id);
  g_assert_cmpstr (after->pipeline, ==, "manufacturing");
  g_assert_cmpstr (after->stage, ==, "mfg.contract");
  g_assert_cmpint (after->stage_entered_at, ==, t);
  g_assert_cmpint (after->closed_at, ==, 0);
  g_assert_null (deal->handed_over_from);
  /* where it came from, for the "from Design" badge */
  g_assert_cmpstr (after->handed_over_from, ==, "design");
  g_assert_cmpstr (after->title, ==, "Bedroom set");
  g_assert_cmpint (after->budget, ==, deal->budget);
  g_assert_cmpint (after->responsible_id, ==, f->anna);
  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 1);

  history = fcrm_crm_history (f->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  a = g_ptr_array_index (history, 2);
  b = g_ptr_array_index (history, 3);
  g_assert_cmpstr (((FcrmHistoryEntry *) g_ptr_array_index (history, 0))->stage, ==, "design.consultation");
  g_assert_cmpstr (((FcrmHistoryEntry *) g_ptr_array_index (history, 1))->stage, ==, "design.approval");
  g_assert_cmpstr (a->stage, ==, "design.to_installation");
  g_assert_cmpint (a->entered_at, ==, t);
  g_assert_cmpint (a->left_at, ==, t);
  g_assert_cmpstr (b->stage, ==, "mfg.contract");
  g_assert_cmpint (b->entered_at, ==, t);
  g_assert_cmpint (b->left_at, ==, 0);

  /* mfg.contract's on-entry robot fired; its reminders are queued */
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.contract.entry", FCRM_ENTITY_DEAL, deal->id, f->anna),
                   ==, 1);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                           "WHERE r.stage = 'mfg.contract' AND q.due_at = ?", t + 86400), ==, 1);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                          "WHERE r.stage LIKE 'design.%'"), ==, 0);

  /* from now on it is a manufacturing deal */
  move_refused (f->crm, deal->id, "design.design", FCRM_ERROR_REFUSED);
  move_ok (f->crm, deal->id, "mfg.installation");
  {
    g_autoptr(GPtrArray) list = fcrm_crm_deal_list (f->crm, "manufacturing", NULL, &error);
    g_autoptr(GPtrArray) design = fcrm_crm_deal_list (f->crm, "design", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpuint (design->len, ==, 0);
  }
}

static void
test_lose_refused (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "manufacturing", "Wardrobe");
  g_autofree char *long_comment = g_strnfill (30000, 'c');
  const char *reasons[] = { "cheap", "", "EXPENSIVE", NULL };
  FcrmTestSnapshot before;

  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (fcrm_crm_deal_lose (f->crm, deal->id, reasons[i], NULL, &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fcrm_crm_deal_lose (f->crm, deal->id, "expensive", long_comment, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_false (fcrm_crm_deal_lose (f->crm, deal->id + 100, "expensive", NULL, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  }
  fcrm_test_assert_unchanged (f->crm, &before);
}

/* Lose a fresh deal at a local moment; check the callback task's date. */
static void
check_lose_on (Fixture    *f,
               int         year,
               int         month,
               int         day,
               int         hour,
               int         minute,
               const char *expected_due)
{
  gint64 lost_at = fcrm_test_local_time (year, month, day, hour, minute);
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) lost = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *description = NULL;
  g_autoptr(FcrmTask) task = NULL;

  fcrm_clock_set (f->db->clock, lost_at - 3600);
  deal = add_deal (f->crm, "manufacturing", "Kitchen");
  fcrm_clock_set (f->db->clock, lost_at);
  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "expensive", "Found cheaper elsewhere", &error));
  g_assert_no_error (error);

  lost = get_deal (f->crm, deal->id);
  g_assert_cmpstr (lost->stage, ==, "mfg.lost");
  g_assert_cmpstr (lost->loss_reason, ==, "expensive");
  g_assert_cmpint (lost->closed_at, ==, lost_at);

  g_assert_cmpint (fcrm_test_item_n_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, NULL), ==, 1);
  task = fcrm_test_item_task (f->crm, FCRM_ENTITY_DEAL, deal->id, "callback");
  g_assert_cmpint (task->id, >, 0);
  due = fcrm_time_format_date (task->due_at);
  g_assert_cmpstr (due, ==, expected_due);
  /* a date, at local midnight */
  g_assert_true (task->due_is_date);
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (task->due_at);
    g_assert_cmpint (g_date_time_get_hour (dt), ==, 0);
    g_assert_cmpint (g_date_time_get_minute (dt), ==, 0);
  }
  g_assert_cmpint (task->responsible_id, ==, f->anna);
  g_assert_false (task->done);
  /* when it was made: no read of the facade shows it */
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT created_at FROM tasks WHERE id = ?", task->id), ==, lost_at);
  g_assert_cmpstr (task->kind, ==, "callback");
  g_assert_cmpint (task->entity_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpstr (task->title, ==, "Call the client again and offer special terms");
  /* stored with the reason's code (the storage itself: no facade read shows
   * the code), read as a sentence in the reader's language */
  description = fcrm_test_text1 (f->crm, "SELECT description FROM tasks WHERE id = ?", task->id);
  g_assert_nonnull (strstr (description, "{loss_reason:expensive}"));
  g_clear_pointer (&description, g_free);
  description = g_strdup (task->description);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "Reason for the loss"));
  g_assert_nonnull (strstr (description, fcrm_loss_reason_display_name ("expensive")));
  g_assert_nonnull (strstr (description, "Found cheaper elsewhere"));

  /* the lost-deal robot also told R */
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.lost.process", FCRM_ENTITY_DEAL, deal->id, f->anna), ==, 1);
}

static void
test_lose_callback_dates (Fixture      *f,
                          gconstpointer data)
{
  check_lose_on (f, 2026, 1, 10, 14, 0, "2026-02-01");
  check_lose_on (f, 2026, 1, 20, 14, 0, "2026-02-15");
  check_lose_on (f, 2026, 1, 15, 23, 30, "2026-02-01");
  check_lose_on (f, 2025, 12, 16, 0, 30, "2026-01-15");   /* 15 Dec in UTC: the local date decides */
  check_lose_on (f, 2026, 1, 1, 0, 0, "2026-02-01");      /* still 31 Dec in UTC */
  check_lose_on (f, 2026, 12, 31, 23, 59, "2027-01-15");
  check_lose_on (f, 2026, 2, 16, 9, 59, "2026-03-15");    /* 15 Feb in UTC */
}

static void
test_lose_other (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "design", "Study");
  g_autoptr(GError) error = NULL;
  gint64 now = fcrm_clock_now (f->db->clock);

  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "other", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_item_n_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, NULL), ==, 2);
  g_assert_cmpint (fcrm_test_item_n_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, "callback"), ==, 1);
  {
    g_autoptr(FcrmTask) specify = fcrm_test_item_task (f->crm, FCRM_ENTITY_DEAL, deal->id, "specify_reason");
    g_autoptr(FcrmTask) callback = fcrm_test_item_task (f->crm, FCRM_ENTITY_DEAL, deal->id, "callback");
    g_autofree char *due = fcrm_time_format_date (callback->due_at);

    g_assert_cmpstr (specify->responsible_login, ==, "anna");
    g_assert_false (specify->done);
    g_assert_nonnull (strstr (specify->title, "reason"));
    /* the specify-reason task is due after the loss, the callback a date */
    g_assert_cmpint (specify->due_at, >, now);
    g_assert_cmpstr (due, ==, "2026-02-01");   /* lost on 12 Jan */
  }

  /* the other reasons make one task only */
  {
    const char *reasons[] = { "not_relevant", "no_response", "expensive" };

    for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
      {
        g_autoptr(FcrmItem) d = add_deal (f->crm, "repair", "Fix");

        g_assert_true (fcrm_crm_deal_lose (f->crm, d->id, reasons[i], NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpint (fcrm_test_item_n_tasks (f->crm, FCRM_ENTITY_DEAL, d->id, NULL), ==, 1);
        {
          g_autoptr(FcrmItem) l = get_deal (f->crm, d->id);
          g_assert_cmpstr (l->stage, ==, "repair.lost");
          g_assert_cmpstr (l->loss_reason, ==, reasons[i]);
        }
      }
  }
}

static void
test_lose_without_responsible (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "x" },
                                                &error);

  g_assert_no_error (error);
  g_assert_cmpint (deal->responsible_id, ==, 0);
  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "expensive", NULL, &error));
  g_assert_no_error (error);
  /* R is nobody: the supervisor gets the call to make */
  {
    g_autoptr(FcrmTask) callback = fcrm_test_item_task (f->crm, FCRM_ENTITY_DEAL, deal->id, "callback");

    g_assert_cmpint (callback->responsible_id, ==, f->sveta);
  }
}

static void
check_due (gint64      lost_at,
           const char *expected)
{
  gint64 due = fcrm_callback_due_date (lost_at);
  g_autofree char *date = fcrm_time_format_date (due);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (due);

  if (g_strcmp0 (date, expected) != 0)
    {
      g_autofree char *when = fcrm_time_format_iso (lost_at);
      g_error ("lost at %s (%s): callback %s, expected %s", when, g_getenv ("TZ"), date, expected);
    }
  g_assert_cmpint (g_date_time_get_hour (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_second (dt), ==, 0);
}

static void
check_due_dates_here (void)
{
  static const struct { int y, m, d, h, mi; const char *due; } cases[] = {
    { 2026, 1, 10, 12, 0, "2026-02-01" },
    { 2026, 1, 20, 12, 0, "2026-02-15" },
    { 2026, 1, 1, 0, 0, "2026-02-01" },
    { 2026, 1, 15, 0, 0, "2026-02-01" },
    { 2026, 1, 15, 23, 59, "2026-02-01" },
    { 2026, 1, 16, 0, 0, "2026-02-15" },
    { 2026, 1, 31, 23, 59, "2026-02-15" },
    { 2026, 2, 28, 12, 0, "2026-03-15" },
    { 2025, 12, 16, 0, 30, "2026-01-15" },
    { 2025, 12, 15, 23, 30, "2026-01-01" },
    { 2026, 12, 31, 23, 59, "2027-01-15" },
    { 2026, 3, 29, 2, 30, "2026-04-15" },   /* around the European DST switch */
    { 2026, 10, 25, 2, 30, "2026-11-15" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_due (fcrm_test_local_time (cases[i].y, cases[i].m, cases[i].d, cases[i].h, cases[i].mi), cases[i].due);
}

static void
test_callback_due_date (void)
{
  /* in the test zone (UTC+10) … */
  check_due_dates_here ();
  /* … and west of Greenwich, where the UTC date is a day later at night */
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  tzset ();
  check_due_dates_here ();
  g_setenv ("TZ", "Europe/Moscow", TRUE);
  tzset ();
  check_due_dates_here ();
  g_setenv ("TZ", FCRM_TEST_TZ, TRUE);
  tzset ();
}

static void
test_list_and_totals (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) a = add_deal (f->crm, "manufacturing", "a");
  g_autoptr(FcrmItem) b = add_deal (f->crm, "manufacturing", "b");
  g_autoptr(FcrmItem) c = add_deal (f->crm, "repair", "c");
  gint64 count = -1, sum = -1;

  move_ok (f->crm, b->id, "mfg.delivery");
  {
    g_autoptr(GPtrArray) all = fcrm_crm_deal_list (f->crm, NULL, NULL, &error);
    g_autoptr(GPtrArray) mfg = fcrm_crm_deal_list (f->crm, "manufacturing", NULL, &error);
    g_autoptr(GPtrArray) delivery = fcrm_crm_deal_list (f->crm, "manufacturing", "mfg.delivery", &error);
    g_autoptr(GPtrArray) repair = fcrm_crm_deal_list (f->crm, NULL, "repair.analysis", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
    g_assert_cmpuint (mfg->len, ==, 2);
    g_assert_cmpuint (delivery->len, ==, 1);
    g_assert_cmpint (((FcrmItem *) g_ptr_array_index (delivery, 0))->id, ==, b->id);
    g_assert_cmpuint (repair->len, ==, 1);
    g_assert_cmpint (((FcrmItem *) g_ptr_array_index (repair, 0))->id, ==, c->id);
  }
  {
    g_autoptr(GPtrArray) none = fcrm_crm_deal_list (f->crm, "lead", NULL, &error);
    g_assert_null (none);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) none = fcrm_crm_deal_list (f->crm, NULL, "lead.new", &error);
    g_assert_null (none);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_assert_true (fcrm_crm_stage_totals (f->crm, "mfg.contract", &count, &sum, &error));
  g_assert_cmpint (count, ==, 1);
  g_assert_cmpint (sum, ==, a->budget);
  g_assert_true (fcrm_crm_stage_totals (f->crm, "mfg.won", &count, &sum, &error));
  g_assert_cmpint (count, ==, 0);
  g_assert_cmpint (sum, ==, 0);
  g_assert_false (fcrm_crm_stage_totals (f->crm, "mfg.nope", &count, &sum, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/deals/add", test_add);
  ADD ("/deals/add/refused", test_add_refused);
  ADD ("/deals/move/within-pipeline", test_move_within_pipeline);
  ADD ("/deals/move/refused", test_move_refused_cases);
  ADD ("/deals/win-and-reopen", test_win_and_reopen);
  ADD ("/deals/reopen-lost", test_reopen_lost);
  ADD ("/deals/to-installation", test_to_installation);
  ADD ("/deals/lose/refused", test_lose_refused);
  ADD ("/deals/lose/callback-dates", test_lose_callback_dates);
  ADD ("/deals/lose/other", test_lose_other);
  ADD ("/deals/lose/no-responsible", test_lose_without_responsible);
  g_test_add_func ("/deals/callback-due-date", test_callback_due_date);
  ADD ("/deals/list-and-totals", test_list_and_totals);
  return g_test_run ();
}
