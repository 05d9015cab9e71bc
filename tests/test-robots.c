/* Robot semantics of SPEC §3.6 with an injected clock: delays, cancelling,
 * re-entry, catch-up, fallback, disabled robots, at-time robots, and
 * once-only firing with several program instances on one database. */

#include "fcrm-test-race.h"
#include "fcrm-test-util.h"
#include "fcrm-crm-private.h"
#include "fcrm-robots.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      t0;
  gint64      anna, sveta, petr;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->t0 = fcrm_clock_now (f->db->clock);
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->sveta = fcrm_test_add_user (f->crm, "sveta", "supervisor");
  f->petr = fcrm_test_add_user (f->crm, "petr", "supervisor");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

static FcrmItem *
add_lead (FcrmCrm    *crm,
          const char *title,
          const char *responsible)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = title, .responsible = responsible }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
}

static FcrmItem *
add_deal (FcrmCrm    *crm,
          const char *pipeline,
          const char *title)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *deal = fcrm_crm_deal_add (crm, &(FcrmDealInput) { .pipeline = pipeline, .title = title,
                                                             .responsible = "anna" }, &error);

  g_assert_no_error (error);
  g_assert_nonnull (deal);
  return deal;
}

/* Run the robots at @at; returns how many fired. */
static guint
run_at (FcrmCrm   *crm,
        FcrmClock *clock,
        gint64     at)
{
  g_autoptr(GError) error = NULL;
  guint fired = 12345;

  fcrm_clock_set (clock, at);
  g_assert_true (fcrm_crm_robots_run (crm, &fired, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fired, !=, 12345);
  return fired;
}

static void
move_lead (FcrmCrm    *crm,
           gint64      id,
           const char *stage)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_lead_move (crm, id, stage, &error));
  g_assert_no_error (error);
}

#define N(key, type, id, user) fcrm_test_count_notifications (f->crm, key, type, id, user)

static void
test_one_day_reminder (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, "Kitchen for the Ivanovs", "anna");

  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 23 * HOUR), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + DAY - 1), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);

  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 1);
  {
    /* newest first: the reminder, then the new lead's notice */
    g_autoptr(GPtrArray) said = fcrm_test_item_notifications (f->crm, FCRM_ENTITY_LEAD, lead->id);
    FcrmNotification *n;

    g_assert_cmpuint (said->len, ==, 2);
    n = g_ptr_array_index (said, 0);
    g_assert_cmpstr (n->text, ==, "Reminder: the lead “Kitchen for the Ivanovs” is still unprocessed.");
    g_assert_cmpint (n->created_at, ==, f->t0 + 25 * HOUR);
  }

  /* again, and later the same day: nothing more */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 47 * HOUR), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 1);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);

  /* +3d: to every supervisor, not to R; it names the item and R */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 71 * HOUR), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 73 * HOUR), ==, 1);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, lead->id, f->sveta), ==, 1);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, lead->id, f->petr), ==, 1);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 0);
  {
    g_autoptr(GPtrArray) said = fcrm_test_notifications (f->crm, "sveta", FALSE, 0);
    FcrmNotification *n;
    g_autofree char *text = NULL;

    /* the item and R as they were, filled in when shown */
    g_assert_cmpuint (said->len, ==, 1);
    n = g_ptr_array_index (said, 0);
    g_assert_cmpstr (n->text, ==, "The lead “Kitchen for the Ivanovs” has been unprocessed for 3 days. Responsible: User anna.");
    g_assert_cmpint (n->entity_type, ==, FCRM_ENTITY_LEAD);
    g_assert_cmpint (n->entity_id, ==, lead->id);
    /* the stored text is the translatable template (storage: the facade
     * shows it filled in only) */
    text = fcrm_test_text1 (f->crm, "SELECT text FROM notifications WHERE id = ?", n->id);
    g_assert_nonnull (strstr (text, "{item}"));
    g_assert_nonnull (strstr (text, "{responsible}"));
  }
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 30 * DAY), ==, 0);

  /* one firing per robot for this stage entry, nothing left waiting */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_firings"), ==, 3);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 0);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "*"), ==, 1 + 1 + 2);
}

static void
test_exactly_due (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, "x", "anna");

  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + DAY), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 1);
}

static void
test_leaving_cancels (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, "Sofa", "anna");
  g_autoptr(FcrmItem) other = add_lead (f->crm, "Bed", "anna");

  fcrm_clock_set (f->db->clock, f->t0 + 12 * HOUR);
  move_lead (f->crm, lead->id, "lead.in_progress");

  /* 1d and 3d of lead.new never fire for the moved lead; the other one's do */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, other->id, 0), ==, 1);
  /* in_progress +3d is due at 12h + 72h = 84h */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 83 * HOUR), ==, 1);   /* other's lead.new.3d */
  g_assert_cmpint (N ("lead.in_progress.3d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 100 * HOUR), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);
  g_assert_cmpint (N ("lead.in_progress.3d", FCRM_ENTITY_LEAD, lead->id, f->sveta), ==, 1);
  g_assert_cmpint (N ("lead.in_progress.3d", FCRM_ENTITY_LEAD, lead->id, f->petr), ==, 1);

  /* a final stage cancels everything: junk the other lead after its robots,
   * then nothing of it is pending */
  move_lead (f->crm, other->id, "lead.junk");
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id "
                                           "WHERE h.entity_id = ?", other->id), ==, 0);
}

static void
test_reentry_starts_anew (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, "Sofa", "anna");

  fcrm_clock_set (f->db->clock, f->t0 + 12 * HOUR);
  move_lead (f->crm, lead->id, "lead.in_progress");
  fcrm_clock_set (f->db->clock, f->t0 + 13 * HOUR);
  move_lead (f->crm, lead->id, "lead.new");
  /* a second entry: its own on-entry notification */
  g_assert_cmpint (N ("lead.new.entry", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 2);

  /* the first entry's +1d (at 24h) is gone; the new one is due at 37h */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 36 * HOUR), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 37 * HOUR), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 1);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 38 * HOUR), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 1);
  /* and the in_progress +3d of the entry it left never fires */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 90 * HOUR), ==, 1);   /* lead.new.3d at 85h */
  g_assert_cmpint (N ("lead.in_progress.3d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 0);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 2);
}

static void
test_catch_up (Fixture      *f,
               gconstpointer data)
{
  enum { N_LEADS = 130 };   /* more than one batch of the due check */
  gint64 ids[N_LEADS];
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "manufacturing", "Kitchen");
  guint fired;

  for (guint i = 0; i < N_LEADS; i++)
    {
      g_autoptr(FcrmItem) lead = add_lead (f->crm, "lead", "anna");
      ids[i] = lead->id;
    }

  /* nobody ran the program for ten days */
  fired = run_at (f->crm, f->db->clock, f->t0 + 10 * DAY);
  g_assert_cmpuint (fired, ==, N_LEADS * 2 + 2);
  for (guint i = 0; i < N_LEADS; i++)
    {
      g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, ids[i], f->anna), ==, 1);
      g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, ids[i], 0), ==, 2);
    }
  g_assert_cmpint (N ("mfg.contract.1d", FCRM_ENTITY_DEAL, deal->id, f->anna), ==, 1);
  g_assert_cmpint (N ("mfg.contract.3d", FCRM_ENTITY_DEAL, deal->id, 0), ==, 2);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 10 * DAY), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 20 * DAY), ==, 0);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 0);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "*"), ==, (N_LEADS + 1) * (1 + 1 + 2));
}

static void
test_fallback_to_supervisors (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  gint64 t0 = fcrm_clock_now (db->clock);
  gint64 sveta = fcrm_test_add_user (db->crm, "sveta", "supervisor");
  gint64 petr = fcrm_test_add_user (db->crm, "petr", "supervisor");
  gint64 dina = fcrm_test_add_user (db->crm, "dina", "designer");
  g_autoptr(FcrmItem) lead = add_lead (db->crm, "Nobody's", NULL);

  g_assert_cmpint (lead->responsible_id, ==, 0);
  g_assert_cmpuint (run_at (db->crm, db->clock, t0 + 25 * HOUR), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.1d", FCRM_ENTITY_LEAD, lead->id, sveta), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.1d", FCRM_ENTITY_LEAD, lead->id, petr), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.1d", FCRM_ENTITY_LEAD, lead->id, dina), ==, 0);
}

static void
test_inactive_responsible (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, "Left behind", "anna");

  /* anna left the firm after taking the lead */
  fcrm_test_deactivate (f->crm, "anna");
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, f->sveta), ==, 1);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, f->petr), ==, 1);
}

static void
test_disabled_robot (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(FcrmItem) queued = add_lead (f->crm, "Queued before", "anna");
  g_autoptr(FcrmItem) later = NULL;

  /* switched off in Preferences after the lead was queued */
  fcrm_test_exec (f->crm, "UPDATE robots SET enabled = 0 WHERE template_key IN ('lead.new.1d', 'lead.new.entry')");
  later = add_lead (f->crm, "Added after", "anna");
  g_assert_cmpint (N ("lead.new.entry", FCRM_ENTITY_LEAD, later->id, 0), ==, 0);
  g_assert_cmpint (N ("lead.new.entry", FCRM_ENTITY_LEAD, queued->id, 0), ==, 1);

  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, queued->id, 0), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, later->id, 0), ==, 0);
  /* the +3d stays on */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 4 * DAY), ==, 2);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, queued->id, 0), ==, 2);
  g_assert_cmpint (N ("lead.new.3d", FCRM_ENTITY_LEAD, later->id, 0), ==, 2);
}

static gint64
current_entry (FcrmCrm *crm,
               gint64   deal_id)
{
  return fcrm_test_int1 (crm, "SELECT id FROM stage_history WHERE entity_type = 'deal' AND entity_id = ? "
                              "AND left_at IS NULL", deal_id);
}

static void
test_at_visit (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "repair", "Warranty: wardrobe door");
  g_autoptr(GError) error = NULL;
  gint64 visit = f->t0 + 5 * DAY + 2 * HOUR;
  FcrmStmt *stmt;

  /* the visit is agreed, then the deal enters the warranty repair stage */
  stmt = fcrm_store_prepare (fcrm_crm_get_store (f->crm), "UPDATE deals SET visit_at = ? WHERE id = ?", &error);
  g_assert_no_error (error);
  fcrm_stmt_bind_int64 (stmt, 1, visit);
  fcrm_stmt_bind_int64 (stmt, 2, deal->id);
  g_assert_true (fcrm_stmt_run (stmt, &error));
  fcrm_clock_set (f->db->clock, f->t0 + HOUR);
  g_assert_true (fcrm_crm_deal_move (f->crm, deal->id, "repair.warranty_repair", &error));
  g_assert_no_error (error);
  g_assert_cmpint (N ("repair.warranty_repair.entry", FCRM_ENTITY_DEAL, deal->id, f->anna), ==, 1);

  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit - 60), ==, 0);
  g_assert_cmpint (N ("repair.warranty_repair.visit", FCRM_ENTITY_DEAL, deal->id, 0), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", FCRM_ENTITY_DEAL, deal->id, f->anna), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", FCRM_ENTITY_DEAL, deal->id, 0), ==, 1);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit + DAY), ==, 0);
}

static void
test_at_visit_set_later (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "repair", "Paid: sofa");
  g_autoptr(FcrmItem) no_visit = add_deal (f->crm, "repair", "Paid: chair, no visit yet");
  g_autoptr(GError) error = NULL;
  FcrmStore *store = fcrm_crm_get_store (f->crm);
  gint64 visit = f->t0 + 2 * DAY;
  FcrmStmt *stmt;

  g_assert_true (fcrm_crm_deal_move (f->crm, deal->id, "repair.paid_repair", &error));
  g_assert_true (fcrm_crm_deal_move (f->crm, no_visit->id, "repair.paid_repair", &error));
  g_assert_no_error (error);
  /* without a visit time nothing is waiting for it */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                          "WHERE r.trigger_kind = 'at_field'"), ==, 0);

  /* the visit is agreed while the deal is in the stage (what "deal set
   * visit_at" does: update the field, requeue the current entry) */
  g_assert_true (fcrm_store_begin (store, &error));
  stmt = fcrm_store_prepare (store, "UPDATE deals SET visit_at = ? WHERE id = ?", &error);
  fcrm_stmt_bind_int64 (stmt, 1, visit);
  fcrm_stmt_bind_int64 (stmt, 2, deal->id);
  g_assert_true (fcrm_stmt_run (stmt, &error));
  g_assert_true (fcrm_crm_queue_robots (f->crm, current_entry (f->crm, deal->id), "repair.paid_repair", f->t0, visit,
                                        &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit - 1), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit + 10), ==, 1);
  g_assert_cmpint (N ("repair.paid_repair.visit", FCRM_ENTITY_DEAL, deal->id, f->anna), ==, 1);
  g_assert_cmpint (N ("repair.paid_repair.visit", FCRM_ENTITY_DEAL, no_visit->id, 0), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit + 100 * DAY), ==, 0);

  /* a visit that moved after firing does not fire again for the same entry */
  g_assert_true (fcrm_store_begin (store, &error));
  g_assert_true (fcrm_crm_queue_robots (f->crm, current_entry (f->crm, deal->id), "repair.paid_repair", f->t0,
                                        visit + 200 * DAY, &error));
  g_assert_true (fcrm_store_commit (store, &error));
  g_assert_cmpuint (run_at (f->crm, f->db->clock, visit + 300 * DAY), ==, 0);
  g_assert_cmpint (N ("repair.paid_repair.visit", FCRM_ENTITY_DEAL, deal->id, 0), ==, 1);
}

static void
test_durable_across_restart (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, "x", "anna");

  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 1);
  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 26 * HOUR), ==, 0);
  g_assert_cmpint (N ("lead.new.1d", FCRM_ENTITY_LEAD, lead->id, 0), ==, 1);
  /* and what was not due yet is still waiting after the restart */
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 73 * HOUR), ==, 1);
}

/* Several instances: @n_leads leads and @n_deals manufacturing deals at t0;
 * each (robot, entry) must notify exactly once in total. */
static void
check_counts_once (FcrmCrm *crm,
                   guint    n_leads,
                   guint    n_deals,
                   gboolean three_days)
{
  /* no (robot, item, user) was notified twice */
  g_assert_cmpint (fcrm_test_int (crm, "SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM notifications "
                                       "GROUP BY robot_id, entity_type, entity_id, user_id) x"), ==, 1);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "WHERE r.template_key = 'lead.new.1d'"), ==, n_leads);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "WHERE r.template_key = 'mfg.contract.1d'"), ==, n_deals);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "WHERE r.template_key = 'lead.new.3d'"), ==, three_days ? 2 * n_leads : 0);
  g_assert_cmpint (fcrm_test_int (crm, "SELECT count(*) FROM notifications n JOIN robots r ON r.id = n.robot_id "
                                       "WHERE r.template_key = 'mfg.contract.3d'"), ==, three_days ? 2 * n_deals : 0);
}

static void
test_two_instances (Fixture      *f,
                    gconstpointer data)
{
  enum { N_LEADS = 20, N_DEALS = 5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock2 = fcrm_clock_new_fixed (f->t0);
  g_autoptr(FcrmCrm) crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  guint total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < N_LEADS; i++)
    g_object_unref (add_lead (i % 2 ? f->crm : crm2, "lead", "anna"));
  for (guint i = 0; i < N_DEALS; i++)
    g_object_unref (add_deal (i % 2 ? crm2 : f->crm, "manufacturing", "deal"));

  /* both desktops check every few minutes through the second day */
  for (gint64 t = f->t0 + 23 * HOUR; t <= f->t0 + 26 * HOUR; t += 10 * 60)
    {
      total += run_at (f->crm, f->db->clock, t);
      total += run_at (crm2, clock2, t);
    }
  g_assert_cmpuint (total, ==, N_LEADS + N_DEALS);
  check_counts_once (f->crm, N_LEADS, N_DEALS, FALSE);

  /* the second one was off for a week and catches up; the first one too */
  total = run_at (crm2, clock2, f->t0 + 7 * DAY);
  total += run_at (f->crm, f->db->clock, f->t0 + 7 * DAY);
  g_assert_cmpuint (total, ==, N_LEADS + N_DEALS);
  check_counts_once (f->crm, N_LEADS, N_DEALS, TRUE);
}

static void
test_processes (Fixture      *f,
                gconstpointer data)
{
  enum { N_LEADS = 60, N_DEALS = 15, N_CHILDREN = 4 };

  for (guint i = 0; i < N_LEADS; i++)
    g_object_unref (add_lead (f->crm, "lead", "anna"));
  for (guint i = 0; i < N_DEALS; i++)
    g_object_unref (add_deal (f->crm, "manufacturing", "deal"));
  /* no connection may cross a fork */
  g_clear_object (&f->db->crm);

  /* they really race: each run holds all of them at the robot queue until they are all there */
  g_assert_cmpuint (fcrm_test_race_robots (fcrm_test_location (f->db), NULL, f->t0 + 30 * HOUR, N_CHILDREN), ==,
                    N_LEADS + N_DEALS);
  g_assert_cmpuint (fcrm_test_race_robots (fcrm_test_location (f->db), NULL, f->t0 + 30 * HOUR, N_CHILDREN), ==, 0);
  g_assert_cmpuint (fcrm_test_race_robots (fcrm_test_location (f->db), NULL, f->t0 + 80 * HOUR, N_CHILDREN), ==,
                    N_LEADS + N_DEALS);

  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  check_counts_once (f->crm, N_LEADS, N_DEALS, TRUE);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 0);
  g_assert_cmpuint (run_at (f->crm, f->db->clock, f->t0 + 90 * HOUR), ==, 0);
}

static void
test_move_robot_depth (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(FcrmItem) deal = add_deal (f->crm, "design", "Loop");
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;

  /* a misconfigured robot that moves mfg.contract back into design */
  fcrm_test_exec (f->crm, "INSERT INTO robots (stage, trigger_kind, recipient, action, text, target_stage, position) "
                          "VALUES ('mfg.contract', 'on_entry', 'none', 'move', 'back', 'design.to_installation', 99)");
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_deal_move (f->crm, deal->id, "design.to_installation", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  /* refused as a whole: the deal stays where it was */
  fcrm_test_assert_unchanged (f->crm, &before);
  {
    g_autoptr(FcrmItem) still = fcrm_crm_deal_get (f->crm, deal->id, NULL);
    g_assert_cmpstr (still->stage, ==, "design.consultation");
  }
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/robots/delay/one-day", test_one_day_reminder);
  ADD ("/robots/delay/exactly-due", test_exactly_due);
  ADD ("/robots/delay/leaving-cancels", test_leaving_cancels);
  ADD ("/robots/delay/re-entry", test_reentry_starts_anew);
  ADD ("/robots/delay/catch-up", test_catch_up);
  g_test_add_func ("/robots/fallback/nobody", test_fallback_to_supervisors);
  ADD ("/robots/fallback/inactive", test_inactive_responsible);
  ADD ("/robots/disabled", test_disabled_robot);
  ADD ("/robots/at-visit/before-entry", test_at_visit);
  ADD ("/robots/at-visit/set-later", test_at_visit_set_later);
  ADD ("/robots/durable", test_durable_across_restart);
  ADD ("/robots/concurrency/two-instances", test_two_instances);
  ADD ("/robots/concurrency/processes", test_processes);
  ADD ("/robots/move-depth", test_move_robot_depth);
  return g_test_run ();
}
