/* Editing one field of a deal (the CLI's `deal set`, the card's editors):
 * every field with good and bad values, "bad input writes nothing",
 * conflict detection through the row's `updated` counter, and the visit
 * time moving the "has the master arrived?" robot (SPEC §2, §3.6, §5, §6). */

#include "fcrm-test-util.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

typedef FcrmTestTeam Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  fcrm_test_team_setup (f, data);
  /* the visit tests count robot firings: no other deal's reminders there */
  if (data == NULL)
    f->deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
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

#define N(key, id, user) fcrm_test_count_notifications (f->crm, (key), FCRM_ENTITY_DEAL, (id), (user))

/* Each good value, read back through deal_get; each write bumps the version once. */
static void
test_every_field (Fixture      *f,
                  gconstpointer data)
{
  gint64 id = f->deal->id;
  gint64 version = f->deal->version;
  FcrmItem *d;

#define SET(field, value) \
  G_STMT_START { \
    fcrm_clock_advance (f->db->clock, 60); \
    fcrm_test_deal_set (f->crm, id, (field), (value)); \
    g_clear_object (&d); \
    d = get_deal (f->crm, id); \
    g_assert_cmpint (d->version, ==, ++version); \
    g_assert_cmpint (d->updated_at, ==, fcrm_clock_now (f->db->clock)); \
  } G_STMT_END

  d = NULL;
  SET ("title", "  Oak kitchen, 3 m  ");
  g_assert_cmpstr (d->title, ==, "Oak kitchen, 3 m");
  SET ("title", "Кухня из дуба");
  g_assert_cmpstr (d->title, ==, "Кухня из дуба");

  SET ("budget", "150 000,50");
  g_assert_cmpint (d->budget, ==, 15000050);
  SET ("budget", "99.9");
  g_assert_cmpint (d->budget, ==, 9990);
  SET ("budget", "");
  g_assert_cmpint (d->budget, ==, 0);

  SET ("delivery_date", "2026-02-10");
  g_assert_cmpint (d->delivery_date, ==, fcrm_test_local_time (2026, 2, 10, 0, 0));
  SET ("installation_date", "2026-02-28");
  g_assert_cmpint (d->installation_date, ==, fcrm_test_local_time (2026, 2, 28, 0, 0));
  SET ("warranty_until", "2028-02-29");
  g_assert_cmpint (d->warranty_until, ==, fcrm_test_local_time (2028, 2, 29, 0, 0));
  SET ("delivery_date", "");
  g_assert_cmpint (d->delivery_date, ==, 0);
  g_assert_cmpint (d->installation_date, ==, fcrm_test_local_time (2026, 2, 28, 0, 0));

  g_assert_false (d->installation_needed);
  SET ("installation_needed", "yes");
  g_assert_true (d->installation_needed);
  SET ("installation_needed", "NO");
  g_assert_false (d->installation_needed);
  SET ("installation_needed", "true");
  g_assert_true (d->installation_needed);
  SET ("installation_needed", "0");
  g_assert_false (d->installation_needed);

  SET ("visit_at", "2026-01-15T14:30");
  g_assert_cmpint (d->visit_at, ==, fcrm_test_local_time (2026, 1, 15, 14, 30));
  SET ("visit_at", "2026-01-15 09:00");
  g_assert_cmpint (d->visit_at, ==, fcrm_test_local_time (2026, 1, 15, 9, 0));
  SET ("visit_at", "2026-01-15T14:30:00+03:00");
  g_assert_cmpint (d->visit_at, ==, fcrm_test_local_time (2026, 1, 15, 21, 30));
  SET ("visit_at", "");
  g_assert_cmpint (d->visit_at, ==, 0);

  SET ("design", "Scandinavian, light oak");
  g_assert_cmpstr (d->design, ==, "Scandinavian, light oak");
  SET ("project", "Project #42");
  g_assert_cmpstr (d->project, ==, "Project #42");
  SET ("measurements", "3000 × 600 × 2400 mm");
  g_assert_cmpstr (d->measurements, ==, "3000 × 600 × 2400 mm");
  SET ("measurements", "");
  g_assert_null (d->measurements);
  SET ("loss_reason_text", "Moved abroad");
  g_assert_cmpstr (d->loss_reason_text, ==, "Moved abroad");
  SET ("comment", "Call after 18:00");
  g_assert_cmpstr (d->comment, ==, "Call after 18:00");

  SET ("responsible", "boris");
  g_assert_cmpint (d->responsible_id, ==, f->boris);
  g_assert_cmpstr (d->responsible_login, ==, "boris");
  SET ("responsible", "");
  g_assert_cmpint (d->responsible_id, ==, 0);
  SET ("responsible", "anna");
  g_assert_cmpint (d->responsible_id, ==, f->anna);

  SET ("source", "webform");
  g_assert_cmpstr (d->source, ==, "webform");
  SET ("source", "walkin");
  g_assert_cmpstr (d->source, ==, "walkin");

  /* the untouched fields survived all that */
  g_assert_cmpstr (d->title, ==, "Кухня из дуба");
  g_assert_cmpstr (d->design, ==, "Scandinavian, light oak");
  g_assert_cmpstr (d->stage, ==, "mfg.contract");
  g_assert_cmpstr (d->pipeline, ==, "manufacturing");
  g_clear_object (&d);
#undef SET
}

static void
test_bad_values (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_title = g_strnfill (501, 'T');
  g_autofree char *long_text = g_strnfill (20001, 'x');
  g_autoptr(FcrmItem) before_deal = NULL;
  g_autoptr(FcrmItem) after_deal = NULL;
  FcrmTestSnapshot before;
  struct { const char *field, *value; int code; } bad[] = {
    { "title",               "",              FCRM_ERROR_INVALID_INPUT },
    { "title",               "   ",           FCRM_ERROR_INVALID_INPUT },
    { "title",               NULL,            FCRM_ERROR_INVALID_INPUT },
    { "title",               long_title,      FCRM_ERROR_INVALID_INPUT },
    { "title",               "\xff\xfe bad",  FCRM_ERROR_INVALID_INPUT },
    { "design",              long_text,       FCRM_ERROR_INVALID_INPUT },
    { "budget",              "abc",           FCRM_ERROR_INVALID_INPUT },
    { "budget",              "-5",            FCRM_ERROR_INVALID_INPUT },
    { "budget",              "1.234",         FCRM_ERROR_INVALID_INPUT },
    { "delivery_date",       "2026-13-01",    FCRM_ERROR_INVALID_INPUT },
    { "installation_date",   "2026-02-30",    FCRM_ERROR_INVALID_INPUT },
    { "warranty_until",      "next year",     FCRM_ERROR_INVALID_INPUT },
    { "delivery_date",       "2026-02-10T10:00", FCRM_ERROR_INVALID_INPUT },
    { "visit_at",            "someday",       FCRM_ERROR_INVALID_INPUT },
    { "visit_at",            "2026-01-15T25:00", FCRM_ERROR_INVALID_INPUT },
    { "installation_needed", "maybe",         FCRM_ERROR_INVALID_INPUT },
    { "installation_needed", "2",             FCRM_ERROR_INVALID_INPUT },
    { "responsible",         "ghost",         FCRM_ERROR_NOT_FOUND },
    { "source",              "telegram",      FCRM_ERROR_INVALID_INPUT },
    { "source",              "",              FCRM_ERROR_INVALID_INPUT },
    { "source",              "CALL",          FCRM_ERROR_INVALID_INPUT },
    { "color",               "oak",           FCRM_ERROR_INVALID_INPUT },
    { "",                    "oak",           FCRM_ERROR_INVALID_INPUT },
    { NULL,                  "oak",           FCRM_ERROR_INVALID_INPUT },
    { "Title",               "Case matters",  FCRM_ERROR_INVALID_INPUT },
    { "stage",               "mfg.won",       FCRM_ERROR_INVALID_INPUT },
    { "pipeline",            "design",        FCRM_ERROR_INVALID_INPUT },
    { "updated",             "0",             FCRM_ERROR_INVALID_INPUT },
    { "id",                  "5",             FCRM_ERROR_INVALID_INPUT },
  };

  /* sveta left the firm */
  fcrm_test_deactivate (f->crm, "sveta");
  fcrm_test_snapshot (f->crm, &before);
  before_deal = get_deal (f->crm, f->deal->id);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, bad[i].field, bad[i].value, -1, &error));
      if (!g_error_matches (error, FCRM_ERROR, bad[i].code))
        g_error ("deal set %s “%s”: expected code %d, got %s", bad[i].field, bad[i].value, bad[i].code,
                 error != NULL ? error->message : "no error");
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
      /* with a version check as well */
      g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, bad[i].field, bad[i].value, before_deal->version,
                                         &error));
      g_assert_error (error, FCRM_ERROR, bad[i].code);
      g_clear_error (&error);
    }
  /* somebody who left the firm cannot take the deal */
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "responsible", "sveta", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  /* an unknown deal, with a good value */
  g_assert_false (fcrm_crm_deal_set (f->crm, 99999, "title", "Fine title", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_set (f->crm, 99999, "visit_at", "2026-01-20T10:00", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fcrm_test_assert_unchanged (f->crm, &before);
  after_deal = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (after_deal->version, ==, before_deal->version);
  g_assert_cmpint (after_deal->updated_at, ==, before_deal->updated_at);
  g_assert_cmpstr (after_deal->title, ==, "Oak kitchen");
  g_assert_cmpint (after_deal->budget, ==, 0);
  g_assert_cmpstr (after_deal->source, ==, before_deal->source);
  g_assert_cmpint (after_deal->responsible_id, ==, f->anna);
}

static void
test_conflict (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock2 = fcrm_clock_new_fixed (f->t0);
  g_autoptr(FcrmCrm) crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  g_autoptr(FcrmItem) mine = NULL;     /* what this desk's editor read */
  g_autoptr(FcrmItem) theirs = NULL;   /* what the other desk read */
  g_autoptr(FcrmItem) now = NULL;
  FcrmTestSnapshot before;

  g_assert_no_error (error);
  mine = get_deal (f->crm, f->deal->id);
  theirs = get_deal (crm2, f->deal->id);
  g_assert_cmpint (mine->version, ==, theirs->version);

  /* the other desk saves first, with its version: fine, and the version moves on */
  g_assert_true (fcrm_crm_deal_set (crm2, f->deal->id, "budget", "200000", theirs->version, &error));
  g_assert_no_error (error);
  now = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (now->version, ==, mine->version + 1);
  g_assert_cmpint (now->budget, ==, 20000000);

  /* this desk saves with the stale version: refused, nothing written */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "budget", "150000", mine->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Oak kitchen"));
  g_clear_error (&error);
  /* whatever the field */
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "visit_at", "2026-01-20T10:00", mine->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "title", "Mine", mine->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  /* a version from the future is just as wrong */
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "title", "Mine", now->version + 1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);
  g_clear_object (&now);
  now = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (now->budget, ==, 20000000);
  g_assert_cmpstr (now->title, ==, "Oak kitchen");

  /* reloaded: the current version is accepted, and increments */
  g_clear_object (&mine);
  mine = get_deal (f->crm, f->deal->id);
  g_assert_true (fcrm_crm_deal_set (f->crm, f->deal->id, "budget", "150000", mine->version, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = get_deal (crm2, f->deal->id);
  g_assert_cmpint (now->budget, ==, 15000000);
  g_assert_cmpint (now->version, ==, mine->version + 1);

  /* -1 skips the check */
  g_assert_true (fcrm_crm_deal_set (crm2, f->deal->id, "title", "Oak kitchen, final", -1, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = get_deal (f->crm, f->deal->id);
  g_assert_cmpint (now->version, ==, mine->version + 2);

  /* a stage move is a change too: an editor opened before it must reload */
  g_clear_object (&mine);
  mine = get_deal (f->crm, f->deal->id);
  g_assert_true (fcrm_crm_deal_move (crm2, f->deal->id, "mfg.prepayment", &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "comment", "x", mine->version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
}

static gint64
queued_visit (FcrmCrm *crm,
              gint64   deal_id)
{
  return fcrm_test_int1 (crm, "SELECT q.due_at FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                              "JOIN stage_history h ON h.id = q.entry_id "
                              "WHERE r.trigger_kind = 'at_field' AND h.entity_type = 'deal' AND h.entity_id = ?",
                         deal_id);
}

static void
move (FcrmCrm    *crm,
      gint64      id,
      const char *stage)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_move (crm, id, stage, &error));
  g_assert_no_error (error);
}

/* The visit is agreed while the deal is in warranty repair. */
static void
test_visit_fires (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Wardrobe door", "anna");
  gint64 visit = fcrm_test_local_time (2026, 1, 15, 14, 30);

  move (f->crm, deal->id, "repair.warranty_repair");
  g_assert_cmpint (N ("repair.warranty_repair.entry", deal->id, f->anna), ==, 1);
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, 0);

  fcrm_clock_set (f->db->clock, f->t0 + HOUR);
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-15T14:30");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, visit);
  /* the stage's other robots are not disturbed */
  g_assert_cmpint (N ("repair.warranty_repair.entry", deal->id, 0), ==, 1);

  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit - 1), ==, 0);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, 0), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, f->anna), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, 0), ==, 1);
  {
    g_autofree char *text = fcrm_test_text1 (f->crm, "SELECT text FROM notifications WHERE entity_id = ? "
                                                     "AND entity_type = 'deal' ORDER BY id DESC LIMIT 1", deal->id);
    g_autoptr(GPtrArray) inbox = fcrm_crm_notifications (f->crm, "anna", FALSE, 1, NULL);

    g_assert_cmpstr (text, ==, "Repair “{item}”: call the client — has the master arrived?");
    g_assert_cmpuint (inbox->len, ==, 1);
    g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (inbox, 0))->text, ==,
                     "Repair “Wardrobe door”: call the client — has the master arrived?");
    g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (inbox, 0))->created_at, ==, visit);
  }
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit + 10 * DAY), ==, 0);

  /* agreeing a new visit for the same stage entry does not call twice */
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-02-01T10:00");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit + 30 * DAY), ==, 0);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, 0), ==, 1);
}

static void
test_visit_cleared (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Sofa", "anna");
  g_autoptr(FcrmItem) other = fcrm_test_add_deal (f->crm, "repair", "Chair", "anna");
  gint64 visit = f->t0 + 2 * DAY;

  move (f->crm, deal->id, "repair.paid_repair");
  move (f->crm, other->id, "repair.paid_repair");
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-14T10:00");
  fcrm_test_deal_set (f->crm, other->id, "visit_at", "2026-01-14T10:00");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, visit);

  /* the visit is called off */
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, 0);
  g_assert_cmpint (queued_visit (f->crm, other->id), ==, visit);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit + 100 * DAY), ==, 1);
  g_assert_cmpint (N ("repair.paid_repair.visit", deal->id, 0), ==, 0);
  g_assert_cmpint (N ("repair.paid_repair.visit", other->id, f->anna), ==, 1);

  /* …and agreed again later: it is back */
  fcrm_clock_set (f->db->clock, f->t0 + 3 * DAY);
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-16T10:00");
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 4 * DAY), ==, 1);
  g_assert_cmpint (N ("repair.paid_repair.visit", deal->id, f->anna), ==, 1);
}

static void
test_visit_postponed (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Bed frame", "anna");
  gint64 first = fcrm_test_local_time (2026, 1, 14, 10, 0);
  gint64 later = fcrm_test_local_time (2026, 1, 16, 15, 0);
  gint64 earlier = fcrm_test_local_time (2026, 1, 13, 12, 0);

  move (f->crm, deal->id, "repair.warranty_repair");
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-14T10:00");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, first);
  /* the master cannot come on the 14th */
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-16T15:00");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, later);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                          "WHERE r.trigger_kind = 'at_field'"), ==, 1);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, first + HOUR), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, later - 60), ==, 0);

  /* …and then earlier after all (the responsible changed meanwhile: the new one is told) */
  fcrm_clock_set (f->db->clock, f->t0 + HOUR);
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-13T12:00");
  fcrm_test_deal_set (f->crm, deal->id, "responsible", "boris");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, earlier);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, earlier), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, f->boris), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, f->anna), ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, later + DAY), ==, 0);
}

/* A visit agreed before the deal reaches the stage; a visit in a stage
 * without a visit robot queues nothing; leaving the stage cancels. */
static void
test_visit_other_stages (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Cupboard", "anna");
  g_autoptr(FcrmItem) left = fcrm_test_add_deal (f->crm, "repair", "Left early", "anna");
  gint64 visit = fcrm_test_local_time (2026, 1, 20, 11, 0);

  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-20T11:00");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, 0);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                          "WHERE r.trigger_kind = 'at_field'"), ==, 0);
  move (f->crm, deal->id, "repair.warranty_check");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, 0);
  move (f->crm, deal->id, "repair.warranty_repair");
  g_assert_cmpint (queued_visit (f->crm, deal->id), ==, visit);

  move (f->crm, left->id, "repair.paid_repair");
  fcrm_test_deal_set (f->crm, left->id, "visit_at", "2026-01-20T11:00");
  g_assert_cmpint (queued_visit (f->crm, left->id), ==, visit);
  move (f->crm, left->id, "repair.prepayment");
  g_assert_cmpint (queued_visit (f->crm, left->id), ==, 0);
  /* setting it in a stage without a visit robot queues nothing */
  fcrm_test_deal_set (f->crm, left->id, "visit_at", "2026-01-21T11:00");
  g_assert_cmpint (queued_visit (f->crm, left->id), ==, 0);

  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, visit + DAY), ==, 1);
  g_assert_cmpint (N ("repair.warranty_repair.visit", deal->id, f->anna), ==, 1);
  g_assert_cmpint (N ("repair.paid_repair.visit", left->id, 0), ==, 0);
}

/* The stage's delayed robots keep their own due time when the visit is set. */
static void
test_visit_keeps_delays (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Table", "anna");
  gint64 robot = fcrm_test_robot_id (f->crm, "repair.analysis.1d");

  g_assert_cmpint (robot, >, 0);
  g_assert_cmpint (fcrm_test_int2 (f->crm, "SELECT due_at FROM robot_queue WHERE robot_id = ? AND entry_id = "
                                           "(SELECT max(id) FROM stage_history WHERE entity_type = 'deal' "
                                           "AND entity_id = ?)", robot, deal->id), ==, f->t0 + DAY);
  fcrm_clock_set (f->db->clock, f->t0 + 5 * HOUR);
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-20T11:00");
  g_assert_cmpint (fcrm_test_int2 (f->crm, "SELECT due_at FROM robot_queue WHERE robot_id = ? AND entry_id = "
                                           "(SELECT max(id) FROM stage_history WHERE entity_type = 'deal' "
                                           "AND entity_id = ?)", robot, deal->id), ==, f->t0 + DAY);
  /* the +1d fired already: setting the visit again does not bring it back */
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 25 * HOUR), ==, 1);
  fcrm_test_deal_set (f->crm, deal->id, "visit_at", "2026-01-21T11:00");
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 26 * HOUR), ==, 0);
  g_assert_cmpint (N ("repair.analysis.1d", deal->id, 0), ==, 1);
}

/* A lost deal takes its loss reason (what unlocks "specify the reason"). */
static void
test_closed_deal (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) d = NULL;

  g_assert_true (fcrm_crm_deal_lose (f->crm, f->deal->id, "other", NULL, &error));
  g_assert_no_error (error);
  fcrm_test_deal_set (f->crm, f->deal->id, "loss_reason_text", "Chose a competitor");
  d = get_deal (f->crm, f->deal->id);
  g_assert_cmpstr (d->stage, ==, "mfg.lost");
  g_assert_cmpstr (d->loss_reason, ==, "other");
  g_assert_cmpstr (d->loss_reason_text, ==, "Chose a competitor");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fcrm_test_team_teardown)
#define ADD_ALONE(path, fn) g_test_add (path, Fixture, "alone", fixture_setup, fn, fcrm_test_team_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/deal-set/every-field", test_every_field);
  ADD ("/deal-set/bad-values", test_bad_values);
  ADD ("/deal-set/conflict", test_conflict);
  ADD_ALONE ("/deal-set/visit/fires", test_visit_fires);
  ADD_ALONE ("/deal-set/visit/cleared", test_visit_cleared);
  ADD_ALONE ("/deal-set/visit/postponed", test_visit_postponed);
  ADD_ALONE ("/deal-set/visit/other-stages", test_visit_other_stages);
  ADD_ALONE ("/deal-set/visit/keeps-delays", test_visit_keeps_delays);
  ADD ("/deal-set/closed-deal", test_closed_deal);
  return g_test_run ();
}
