/* Robot definitions are data (SPEC §3.6): adding, editing and switching
 * robots off and on, with the pending reminders of items already in the
 * stage following the edit at once; validation writes nothing; the built-in
 * move and lost-deal robots keep their action. */

#include "fcrm-test-util.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

#define MINUTE 60
#define HOUR   3600
#define DAY    (24 * HOUR)

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      t0;
  gint64      anna, sveta;
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
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

#define N_LEAD(key, id, user) fcrm_test_count_notifications (f->crm, (key), FCRM_ENTITY_LEAD, (id), (user))
#define N_DEAL(key, id, user) fcrm_test_count_notifications (f->crm, (key), FCRM_ENTITY_DEAL, (id), (user))

/* Notifications of one robot (by id) about one item. (The store caches
 * statements by the address of their SQL: literals only.) */
static gint64
n_robot (FcrmCrm        *crm,
         gint64          robot,
         FcrmEntityType  type,
         gint64          item)
{
  return fcrm_test_int2 (crm, type == FCRM_ENTITY_LEAD
                                ? "SELECT count(*) FROM notifications WHERE robot_id = ? AND entity_id = ? "
                                  "AND entity_type = 'lead'"
                                : "SELECT count(*) FROM notifications WHERE robot_id = ? AND entity_id = ? "
                                  "AND entity_type = 'deal'",
                         robot, item);
}

/* The pending due time of @robot for the item's current stage entry, 0 when none. */
static gint64
queued (FcrmCrm        *crm,
        gint64          robot,
        FcrmEntityType  type,
        gint64          item)
{
  return fcrm_test_int2 (crm, type == FCRM_ENTITY_LEAD
                                ? "SELECT q.due_at FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id "
                                  "WHERE q.robot_id = ? AND h.entity_id = ? AND h.entity_type = 'lead' "
                                  "AND h.left_at IS NULL"
                                : "SELECT q.due_at FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id "
                                  "WHERE q.robot_id = ? AND h.entity_id = ? AND h.entity_type = 'deal' "
                                  "AND h.left_at IS NULL",
                         robot, item);
}

static gint64
queued_rows (FcrmCrm *crm,
             gint64   robot)
{
  return fcrm_test_int1 (crm, "SELECT count(*) FROM robot_queue WHERE robot_id = ?", robot);
}

/* Everything about the robots table, to prove an edit wrote nothing. */
typedef struct
{
  FcrmTestSnapshot snapshot;
  gint64 count, updated, enabled, delays, text_length, max_id;
} RobotState;

static void
robot_state (FcrmCrm    *crm,
             RobotState *out)
{
  fcrm_test_snapshot (crm, &out->snapshot);
  out->count = fcrm_test_int (crm, "SELECT count(*) FROM robots");
  out->updated = fcrm_test_int (crm, "SELECT coalesce(sum(updated), 0) FROM robots");
  out->enabled = fcrm_test_int (crm, "SELECT coalesce(sum(enabled), 0) FROM robots");
  out->delays = fcrm_test_int (crm, "SELECT coalesce(sum(delay_seconds), 0) FROM robots");
  out->text_length = fcrm_test_int (crm, "SELECT coalesce(sum(length(text)), 0) FROM robots");
  out->max_id = fcrm_test_int (crm, "SELECT coalesce(max(id), 0) FROM robots");
}

static void
assert_robots_unchanged (FcrmCrm          *crm,
                         const RobotState *before)
{
  RobotState after;

  fcrm_test_assert_unchanged (crm, &before->snapshot);
  robot_state (crm, &after);
  g_assert_cmpint (after.count, ==, before->count);
  g_assert_cmpint (after.updated, ==, before->updated);
  g_assert_cmpint (after.enabled, ==, before->enabled);
  g_assert_cmpint (after.delays, ==, before->delays);
  g_assert_cmpint (after.text_length, ==, before->text_length);
  g_assert_cmpint (after.max_id, ==, before->max_id);
}

static FcrmRobot *
find_robot (FcrmCrm *crm,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (crm, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, i);

      if (r->id == id)
        return g_object_ref (r);
    }
  g_assert_not_reached ();
  return NULL;
}

static gint64
add_robot (FcrmCrm              *crm,
           const FcrmRobotInput *in)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fcrm_crm_robot_add (crm, in, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
update_robot (FcrmCrm              *crm,
              gint64                id,
              const FcrmRobotInput *in)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_robot_update (crm, id, in, &error));
  g_assert_no_error (error);
}

static void
set_enabled (FcrmCrm  *crm,
             gint64    id,
             gboolean  enabled)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_robot_set_enabled (crm, id, enabled, &error));
  g_assert_no_error (error);
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

static void
move_deal (FcrmCrm    *crm,
           gint64      id,
           const char *stage)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_move (crm, id, stage, &error));
  g_assert_no_error (error);
}

static const FcrmRobotInput good = {
  .stage = "lead.new", .trigger = "delay", .delay = 2 * HOUR,
  .recipient = "responsible", .action = "notify", .text = "Still waiting: {item}",
};

static void
test_add_validation (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = g_strnfill (1001, 'r');
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Already here", "anna");
  RobotState before;
  struct { FcrmRobotInput in; int code; } bad[] = {
    { { "lead.nope", "delay", HOUR, "responsible", "notify", "x" }, FCRM_ERROR_NOT_FOUND },
    { { NULL,        "delay", HOUR, "responsible", "notify", "x" }, FCRM_ERROR_NOT_FOUND },
    { { "",          "delay", HOUR, "responsible", "notify", "x" }, FCRM_ERROR_NOT_FOUND },
    { { "lead.new", "weekly",   HOUR, "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", NULL,       HOUR, "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    59,   "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    0,    "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    -DAY, "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    365 * DAY + 1, "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "everyone",    "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "none",        "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, NULL,          "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "email",  "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "move",   "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "lost_process", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", NULL,     "x" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "notify", "" }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "notify", "  \n " }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "notify", NULL }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "delay",    HOUR, "responsible", "notify", long_text }, FCRM_ERROR_INVALID_INPUT },
    { { "lead.new", "on_entry", 0,    "responsible", "notify", "\xc3\x28 broken" }, FCRM_ERROR_INVALID_INPUT },
  };

  robot_state (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 id = fcrm_crm_robot_add (f->crm, &bad[i].in, &error);

      g_assert_cmpint (id, ==, 0);
      if (!g_error_matches (error, FCRM_ERROR, bad[i].code))
        g_error ("bad robot #%u: expected code %d, got %s", i, bad[i].code,
                 error != NULL ? error->message : "no error");
      g_clear_error (&error);
    }
  assert_robots_unchanged (f->crm, &before);

  /* the limits themselves are fine; a delay is ignored unless the trigger is a delay */
  {
    gint64 minute = add_robot (f->crm, &(FcrmRobotInput) { "lead.new", "delay", MINUTE, "responsible", "notify", "m" });
    gint64 year = add_robot (f->crm, &(FcrmRobotInput) { "lead.new", "delay", 365 * DAY, "supervisors", "task", "y" });
    gint64 entry = add_robot (f->crm, &(FcrmRobotInput) { "lead.new", "on_entry", 5, "responsible", "notify", "e" });
    g_autoptr(FcrmRobot) r = find_robot (f->crm, entry);

    g_assert_cmpint (queued (f->crm, minute, FCRM_ENTITY_LEAD, lead->id), ==, f->t0 + MINUTE);
    g_assert_cmpint (queued (f->crm, year, FCRM_ENTITY_LEAD, lead->id), ==, f->t0 + 365 * DAY);
    g_assert_cmpint (r->delay, ==, 0);
    g_assert_cmpint (queued_rows (f->crm, entry), ==, 0);
  }
}

static void
test_add_delay_requeues (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(FcrmItem) l1 = fcrm_test_add_lead (f->crm, "First", "anna");
  g_autoptr(FcrmItem) l2 = NULL, l3 = NULL, later = NULL;
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "manufacturing", "Deal", "anna");
  g_autoptr(FcrmRobot) r = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  gint64 robot;

  fcrm_clock_set (f->db->clock, f->t0 + 10 * MINUTE);
  l3 = fcrm_test_add_lead (f->crm, "Already in progress", "anna");
  move_lead (f->crm, l3->id, "lead.in_progress");
  fcrm_clock_set (f->db->clock, f->t0 + 30 * MINUTE);
  l2 = fcrm_test_add_lead (f->crm, "Second", "anna");

  fcrm_clock_set (f->db->clock, f->t0 + 40 * MINUTE);
  robot = add_robot (f->crm, &good);
  r = find_robot (f->crm, robot);
  g_assert_cmpstr (r->stage, ==, "lead.new");
  g_assert_cmpstr (r->trigger, ==, "delay");
  g_assert_cmpint (r->delay, ==, 2 * HOUR);
  g_assert_null (r->field);
  g_assert_cmpstr (r->recipient, ==, "responsible");
  g_assert_cmpstr (r->action, ==, "notify");
  g_assert_cmpstr (r->text, ==, "Still waiting: {item}");
  g_assert_null (r->target_stage);
  g_assert_true (r->enabled);
  {
    /* listed with its stage, after the template's robots */
    g_autoptr(GPtrArray) list = fcrm_crm_list_robots (f->crm, "lead.new", NULL);
    g_assert_cmpuint (list->len, ==, 4);
    g_assert_cmpint (((FcrmRobot *) g_ptr_array_index (list, 3))->id, ==, robot);
  }

  /* the leads already waiting in lead.new get it, counted from their entry */
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 2);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, l1->id), ==, f->t0 + 2 * HOUR);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, l2->id), ==, f->t0 + 30 * MINUTE + 2 * HOUR);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, l3->id), ==, 0);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_DEAL, deal->id), ==, 0);

  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 2 * HOUR - 1), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 2 * HOUR), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, l1->id), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, l2->id), ==, 0);
  inbox = fcrm_crm_notifications (f->crm, "anna", FALSE, 1, NULL);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (inbox, 0))->text, ==, "Still waiting: First");
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 3 * HOUR), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, l2->id), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, l3->id), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 4 * HOUR), ==, 0);

  /* a lead arriving now gets it the ordinary way */
  later = fcrm_test_add_lead (f->crm, "Later", "anna");
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, later->id), ==, f->t0 + 6 * HOUR);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 6 * HOUR), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, later->id), ==, 1);
  /* moving a lead back into lead.new is a new entry: it starts anew */
  move_lead (f->crm, l3->id, "lead.new");
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, l3->id), ==, f->t0 + 8 * HOUR);
}

/* An added on-entry robot never fires for items already in the stage. */
static void
test_add_on_entry (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(FcrmItem) before = fcrm_test_add_lead (f->crm, "Before", "anna");
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  gint64 robot;

  robot = add_robot (f->crm, &(FcrmRobotInput) { "lead.new", "on_entry", 0, "supervisors", "notify",
                                                 "New lead {item} for {responsible}" });
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, before->id), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + HOUR), ==, 0);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, before->id), ==, 0);

  after = fcrm_test_add_lead (f->crm, "After", "anna");
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_LEAD, after->id), ==, 1);
  inbox = fcrm_crm_notifications (f->crm, "sveta", FALSE, 0, NULL);
  g_assert_cmpuint (inbox->len, ==, 1);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (inbox, 0))->text, ==, "New lead After for User anna");
}

/* An added visit robot picks up the deals in its stage that have a visit. */
static void
test_add_at_field (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) with_visit = fcrm_test_add_deal (f->crm, "repair", "With visit", "anna");
  g_autoptr(FcrmItem) without = fcrm_test_add_deal (f->crm, "repair", "Without", "anna");
  g_autoptr(FcrmItem) elsewhere = fcrm_test_add_deal (f->crm, "repair", "Elsewhere", "anna");
  g_autoptr(FcrmRobot) r = NULL;
  gint64 visit = f->t0 + 3 * DAY;
  gint64 robot;

  move_deal (f->crm, with_visit->id, "repair.warranty_check");
  move_deal (f->crm, without->id, "repair.warranty_check");
  g_assert_true (fcrm_crm_deal_set (f->crm, with_visit->id, "visit_at", "2026-01-15T10:00", -1, &error));
  g_assert_true (fcrm_crm_deal_set (f->crm, elsewhere->id, "visit_at", "2026-01-15T10:00", -1, &error));
  g_assert_no_error (error);

  robot = add_robot (f->crm, &(FcrmRobotInput) { "repair.warranty_check", "at_field", 0, "responsible", "notify",
                                                 "Inspection visit for {item} today" });
  r = find_robot (f->crm, robot);
  g_assert_cmpstr (r->trigger, ==, "at_field");
  g_assert_cmpstr (r->field, ==, "visit_at");
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 1);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_DEAL, with_visit->id), ==, visit);

  /* before: only the +1d reminders of the three deals */
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit - 1), ==, 3);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_DEAL, with_visit->id), ==, 0);
  /* at the visit: ours, and the +3d of the deal still in analysis */
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit), ==, 2);
  g_assert_cmpint (N_DEAL ("repair.analysis.3d", elsewhere->id, f->sveta), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_DEAL, with_visit->id), ==, 1);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_DEAL, without->id), ==, 0);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_DEAL, elsewhere->id), ==, 0);

  /* the visit of a deal arriving later queues it too */
  move_deal (f->crm, elsewhere->id, "repair.warranty_check");
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_DEAL, elsewhere->id), ==, visit);
}

static void
test_update_delay (Fixture      *f,
                   gconstpointer data)
{
  gint64 robot = fcrm_test_robot_id (f->crm, "lead.new.1d");
  g_autoptr(FcrmItem) a = fcrm_test_add_lead (f->crm, "Early", "anna");
  g_autoptr(FcrmItem) b = NULL;
  g_autoptr(FcrmRobot) r = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  gint64 updated;

  g_assert_cmpint (robot, >, 0);
  fcrm_clock_set (f->db->clock, f->t0 + 20 * HOUR);
  b = fcrm_test_add_lead (f->crm, "Late", "anna");
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, b->id), ==, f->t0 + 20 * HOUR + DAY);

  /* a's day is over and the reminder went out */
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.1d", a->id, f->anna), ==, 1);

  /* the firm decides two days is soon enough, and rewords it; the stage cannot change */
  updated = fcrm_test_int1 (f->crm, "SELECT updated FROM robots WHERE id = ?", robot);
  update_robot (f->crm, robot, &(FcrmRobotInput) { "mfg.contract", "delay", 2 * DAY, "responsible", "notify",
                                                   "  Two days and “{item}” is still unprocessed.  " });
  r = find_robot (f->crm, robot);
  g_assert_cmpstr (r->stage, ==, "lead.new");
  g_assert_cmpint (r->delay, ==, 2 * DAY);
  g_assert_cmpstr (r->text, ==, "Two days and “{item}” is still unprocessed.");
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT updated FROM robots WHERE id = ?", robot), ==, updated + 1);
  {
    g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (f->crm, "mfg.contract", NULL);

    g_assert_cmpuint (robots->len, ==, 3);
  }

  /* b's pending reminder moved a day later; a's fired one is not brought back */
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, b->id), ==, f->t0 + 20 * HOUR + 2 * DAY);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, a->id), ==, 0);
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 1);

  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 20 * HOUR + DAY + HOUR), ==, 0);
  g_assert_cmpint (N_LEAD ("lead.new.1d", b->id, 0), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 20 * HOUR + 2 * DAY - 1), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 20 * HOUR + 2 * DAY), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.1d", b->id, f->anna), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.1d", a->id, 0), ==, 1);
  inbox = fcrm_crm_notifications (f->crm, "anna", FALSE, 1, NULL);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (inbox, 0))->text, ==,
                   "Two days and “Late” is still unprocessed.");
  /* the 3-day notice was not touched by the edit */
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 3 * DAY), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.3d", a->id, f->sveta), ==, 1);

  /* shorter again: a reminder now overdue fires at the next check, once */
  {
    g_autoptr(FcrmItem) c = fcrm_test_add_lead (f->crm, "Third", "anna");

    fcrm_clock_advance (f->db->clock, 3 * HOUR);
    update_robot (f->crm, robot, &(FcrmRobotInput) { NULL, "delay", HOUR, "responsible", "notify", "Hurry: {item}" });
    g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, c->id), ==, fcrm_clock_now (f->db->clock) - 2 * HOUR);
    g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, fcrm_clock_now (f->db->clock)), ==, 1);
    g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, fcrm_clock_now (f->db->clock) + 10 * HOUR), ==, 0);
    g_assert_cmpint (N_LEAD ("lead.new.1d", c->id, f->anna), ==, 1);
  }
}

/* Changing the trigger of an existing robot: a delay becomes an on-entry one. */
static void
test_update_trigger (Fixture      *f,
                     gconstpointer data)
{
  gint64 robot = fcrm_test_robot_id (f->crm, "lead.new.3d");
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "x", "anna");
  g_autoptr(FcrmItem) next = NULL;

  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, lead->id), ==, f->t0 + 3 * DAY);
  update_robot (f->crm, robot, &(FcrmRobotInput) { NULL, "on_entry", 0, "supervisors", "notify", "Lead {item} arrived" });
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 4 * DAY), ==, 1);   /* only the +1d */
  g_assert_cmpint (N_LEAD ("lead.new.3d", lead->id, 0), ==, 0);
  next = fcrm_test_add_lead (f->crm, "y", "anna");
  g_assert_cmpint (N_LEAD ("lead.new.3d", next->id, f->sveta), ==, 1);
}

static void
test_update_validation (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 robot = fcrm_test_robot_id (f->crm, "lead.new.1d");
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "x", "anna");
  g_autoptr(FcrmRobot) r = NULL;
  RobotState before;
  struct { FcrmRobotInput in; int code; } bad[] = {
    { { NULL, "weekly", HOUR, "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { NULL, "delay",  30,   "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { NULL, "delay",  400 * DAY, "responsible", "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { NULL, "delay",  HOUR, "boss",        "notify", "x" }, FCRM_ERROR_INVALID_INPUT },
    { { NULL, "delay",  HOUR, "responsible", "sms",    "x" }, FCRM_ERROR_INVALID_INPUT },
    { { NULL, "delay",  HOUR, "responsible", "notify", "" }, FCRM_ERROR_INVALID_INPUT },
    { { NULL, "delay",  HOUR, "responsible", "notify", " " }, FCRM_ERROR_INVALID_INPUT },
  };

  robot_state (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (fcrm_crm_robot_update (f->crm, robot, &bad[i].in, &error));
      g_assert_error (error, FCRM_ERROR, bad[i].code);
      g_clear_error (&error);
    }
  g_assert_false (fcrm_crm_robot_update (f->crm, 99999, &good, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_robot_set_enabled (f->crm, 99999, FALSE, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_robots_unchanged (f->crm, &before);

  r = find_robot (f->crm, robot);
  g_assert_cmpint (r->delay, ==, DAY);
  g_assert_cmpstr (r->text, ==, "Reminder: the lead “{item}” is still unprocessed.");
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, lead->id), ==, f->t0 + DAY);
}

static void
test_set_enabled (Fixture      *f,
                  gconstpointer data)
{
  gint64 robot = fcrm_test_robot_id (f->crm, "lead.new.1d");
  gint64 entry = fcrm_test_robot_id (f->crm, "lead.new.entry");
  g_autoptr(FcrmItem) a = fcrm_test_add_lead (f->crm, "A", "anna");
  g_autoptr(FcrmItem) b = fcrm_test_add_lead (f->crm, "B", "anna");
  g_autoptr(FcrmItem) c = NULL, d = NULL, e = NULL;
  g_autoptr(FcrmRobot) r = NULL;

  g_assert_cmpint (queued_rows (f->crm, robot), ==, 2);

  /* off: the pending reminders are cancelled */
  fcrm_clock_set (f->db->clock, f->t0 + HOUR);
  set_enabled (f->crm, robot, FALSE);
  r = find_robot (f->crm, robot);
  g_assert_false (r->enabled);
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 0);
  /* a lead arriving meanwhile is not queued either */
  fcrm_clock_set (f->db->clock, f->t0 + 2 * HOUR);
  c = fcrm_test_add_lead (f->crm, "C", "anna");
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 0);
  g_assert_cmpint (N_LEAD ("lead.new.1d", a->id, 0), ==, 0);

  /* on again: every entry that has not had it gets it; overdue ones fire at the next check, once */
  fcrm_clock_set (f->db->clock, f->t0 + 25 * HOUR + 30 * MINUTE);
  set_enabled (f->crm, robot, TRUE);
  g_clear_object (&r);
  r = find_robot (f->crm, robot);
  g_assert_true (r->enabled);
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 3);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, a->id), ==, f->t0 + DAY);
  g_assert_cmpint (queued (f->crm, robot, FCRM_ENTITY_LEAD, c->id), ==, f->t0 + 2 * HOUR + DAY);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 25 * HOUR + 30 * MINUTE), ==, 2);
  g_assert_cmpint (N_LEAD ("lead.new.1d", a->id, f->anna), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.1d", b->id, f->anna), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.1d", c->id, 0), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 26 * HOUR), ==, 1);
  g_assert_cmpint (N_LEAD ("lead.new.1d", c->id, f->anna), ==, 1);

  /* off and on once more: nothing fired is ever queued again */
  set_enabled (f->crm, robot, FALSE);
  set_enabled (f->crm, robot, TRUE);
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 2 * DAY), ==, 0);
  /* enabling an enabled robot is harmless */
  set_enabled (f->crm, robot, TRUE);
  g_assert_cmpint (queued_rows (f->crm, robot), ==, 0);

  /* an on-entry robot switched off stays quiet for new entries, and switching it on
   * does not fire it for the entries that happened meanwhile */
  set_enabled (f->crm, entry, FALSE);
  d = fcrm_test_add_lead (f->crm, "D", "anna");
  g_assert_cmpint (N_LEAD ("lead.new.entry", d->id, 0), ==, 0);
  set_enabled (f->crm, entry, TRUE);
  g_assert_cmpint (queued_rows (f->crm, entry), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 2 * DAY + HOUR), ==, 0);
  g_assert_cmpint (N_LEAD ("lead.new.entry", d->id, 0), ==, 0);
  e = fcrm_test_add_lead (f->crm, "E", "anna");
  g_assert_cmpint (N_LEAD ("lead.new.entry", e->id, f->anna), ==, 1);
}

/* Another desk's edit is seen from this desk's next action on. */
static void
test_edit_seen_by_other_instance (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock2 = fcrm_clock_new_fixed (f->t0);
  g_autoptr(FcrmCrm) crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  gint64 entry = fcrm_test_robot_id (f->crm, "lead.new.entry");
  g_autoptr(FcrmItem) first = fcrm_test_add_lead (f->crm, "Before", "anna");   /* fills this desk's cache */
  g_autoptr(FcrmItem) second = NULL, third = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (N_LEAD ("lead.new.entry", first->id, f->anna), ==, 1);
  set_enabled (crm2, entry, FALSE);
  second = fcrm_test_add_lead (f->crm, "After off", "anna");
  g_assert_cmpint (N_LEAD ("lead.new.entry", second->id, 0), ==, 0);
  update_robot (crm2, entry, &(FcrmRobotInput) { NULL, "on_entry", 0, "supervisors", "notify", "Edited: {item}" });
  set_enabled (crm2, entry, TRUE);
  third = fcrm_test_add_lead (f->crm, "After edit", "anna");
  g_assert_cmpint (N_LEAD ("lead.new.entry", third->id, f->anna), ==, 0);
  g_assert_cmpint (N_LEAD ("lead.new.entry", third->id, f->sveta), ==, 1);
}

/* The built-in move robot of design.to_installation stays a move robot. */
static void
test_builtin_move (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 robot = fcrm_test_robot_id (f->crm, "design.to_installation.move");
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "design", "Bedroom", "anna");
  g_autoptr(FcrmItem) moved = NULL;
  g_autoptr(FcrmRobot) r = NULL;

  g_assert_cmpint (robot, >, 0);
  update_robot (f->crm, robot, &(FcrmRobotInput) { NULL, "on_entry", 0, "responsible", "notify",
                                                   "Hand the deal over to manufacturing." });
  r = find_robot (f->crm, robot);
  g_assert_cmpstr (r->action, ==, "move");
  g_assert_cmpstr (r->target_stage, ==, "mfg.contract");
  g_assert_cmpstr (r->stage, ==, "design.to_installation");
  g_assert_cmpstr (r->text, ==, "Hand the deal over to manufacturing.");
  g_clear_object (&r);
  /* not even "task" turns it into something else */
  update_robot (f->crm, robot, &(FcrmRobotInput) { NULL, "on_entry", 0, "responsible", "task", "Hand over." });
  r = find_robot (f->crm, robot);
  g_assert_cmpstr (r->action, ==, "move");

  move_deal (f->crm, deal->id, "design.to_installation");
  moved = fcrm_crm_deal_get (f->crm, deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved->pipeline, ==, "manufacturing");
  g_assert_cmpstr (moved->stage, ==, "mfg.contract");
  g_assert_cmpint (N_DEAL ("mfg.contract.entry", deal->id, f->anna), ==, 1);
  /* it moved, it did not write a task or a notice of its own */
  g_assert_cmpint (fcrm_test_n_tasks (f->crm, NULL), ==, 0);
  g_assert_cmpint (n_robot (f->crm, robot, FCRM_ENTITY_DEAL, deal->id), ==, 0);

  /* switched off, the deal stays in To installation */
  {
    g_autoptr(FcrmItem) other = fcrm_test_add_deal (f->crm, "design", "Study", "anna");
    g_autoptr(FcrmItem) stays = NULL;

    set_enabled (f->crm, robot, FALSE);
    move_deal (f->crm, other->id, "design.to_installation");
    stays = fcrm_crm_deal_get (f->crm, other->id, &error);
    g_assert_cmpstr (stays->stage, ==, "design.to_installation");
    g_assert_cmpstr (stays->pipeline, ==, "design");
  }
}

/* So does the lost-deal process. */
static void
test_builtin_lost_process (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 robot = fcrm_test_robot_id (f->crm, "repair.lost.process");
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Chair", "anna");
  g_autoptr(FcrmRobot) r = NULL;
  g_autoptr(GPtrArray) list = NULL;

  update_robot (f->crm, robot, &(FcrmRobotInput) { NULL, "on_entry", 0, "responsible", "notify",
                                                   "Lost: {item}. Call back later." });
  r = find_robot (f->crm, robot);
  g_assert_cmpstr (r->action, ==, "lost_process");
  g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "other", NULL, &error));
  g_assert_no_error (error);
  list = fcrm_crm_item_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_notifications (f->crm, "anna", FALSE, 1, &error);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (list, 0))->text, ==, "Lost: Chair. Call back later.");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/robot-edit/add/validation", test_add_validation);
  ADD ("/robot-edit/add/delay-requeues", test_add_delay_requeues);
  ADD ("/robot-edit/add/on-entry", test_add_on_entry);
  ADD ("/robot-edit/add/at-field", test_add_at_field);
  ADD ("/robot-edit/update/delay", test_update_delay);
  ADD ("/robot-edit/update/trigger", test_update_trigger);
  ADD ("/robot-edit/update/validation", test_update_validation);
  ADD ("/robot-edit/enabled", test_set_enabled);
  ADD ("/robot-edit/other-instance", test_edit_seen_by_other_instance);
  ADD ("/robot-edit/builtin/move", test_builtin_move);
  ADD ("/robot-edit/builtin/lost-process", test_builtin_lost_process);
  return g_test_run ();
}
