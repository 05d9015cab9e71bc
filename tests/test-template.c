/* The furniture template of SPEC §2: installed on first start, exactly as
 * specified, idempotent, and user edits survive reinstalling. */

#include "fcrm-test-util.h"

typedef struct
{
  const char *code;
  const char *name;
  const char *kind;
} SpecStage;

typedef struct
{
  const char      *code;
  const char      *name;
  FcrmEntityType   entity;
  const SpecStage *stages;
} SpecPipeline;

static const SpecStage lead_stages[] = {
  { "lead.new", "Unprocessed", "open" },
  { "lead.in_progress", "In progress", "open" },
  { "lead.to_design", "Send to design department", "success" },
  { "lead.to_manufacturing", "Create individual project", "success" },
  { "lead.to_repair", "Send to repair department", "success" },
  { "lead.junk", "Junk lead", "failure" },
  { NULL }
};

static const SpecStage mfg_stages[] = {
  { "mfg.contract", "Contract", "open" },
  { "mfg.prepayment", "Prepayment", "open" },
  { "mfg.production", "Furniture production", "open" },
  { "mfg.delivery", "Delivery", "open" },
  { "mfg.installation", "Installation", "open" },
  { "mfg.payment", "Payment", "open" },
  { "mfg.won", "Order successful", "success" },
  { "mfg.lost", "Lost", "failure" },
  { NULL }
};

static const SpecStage design_stages[] = {
  { "design.consultation", "Consultation and measurements", "open" },
  { "design.contract", "Contract", "open" },
  { "design.prepayment", "Prepayment", "open" },
  { "design.design", "Design", "open" },
  { "design.approval", "Approval", "open" },
  { "design.to_installation", "To installation", "open" },
  { "design.won", "Order successful", "success" },
  { "design.lost", "Lost", "failure" },
  { NULL }
};

static const SpecStage repair_stages[] = {
  { "repair.analysis", "Fault analysis", "open" },
  { "repair.warranty_check", "Warranty check", "open" },
  { "repair.warranty_repair", "Warranty repair", "open" },
  { "repair.prepayment", "Prepayment", "open" },
  { "repair.paid_repair", "Paid repair", "open" },
  { "repair.won", "Order successful", "success" },
  { "repair.lost", "Lost", "failure" },
  { NULL }
};

static const SpecPipeline spec_pipelines[] = {
  { "lead", NULL, FCRM_ENTITY_LEAD, lead_stages },
  { "manufacturing", "Manufacturing", FCRM_ENTITY_DEAL, mfg_stages },
  { "design", "Design", FCRM_ENTITY_DEAL, design_stages },
  { "repair", "Repair", FCRM_ENTITY_DEAL, repair_stages },
};

/* The robot table of SPEC §2, one row per robot. */
typedef struct
{
  const char *stage;
  const char *trigger;
  gint64      delay;
  const char *recipient;
  const char *action;
  const char *target;   /* for move */
} SpecRobot;

#define DAY 86400
#define E(stage)      { stage, "on_entry", 0, "responsible", "notify", NULL }
#define D1(stage)     { stage, "delay", DAY, "responsible", "notify", NULL }
#define D3(stage)     { stage, "delay", 3 * DAY, "supervisors", "notify", NULL }
#define VISIT(stage)  { stage, "at_field", 0, "responsible", "notify", NULL }
#define LOST(stage)   { stage, "on_entry", 0, "responsible", "lost_process", NULL }

static const SpecRobot spec_robots[] = {
  E ("lead.new"), D1 ("lead.new"), D3 ("lead.new"),
  E ("lead.in_progress"), D3 ("lead.in_progress"),
  E ("mfg.contract"), D1 ("mfg.contract"), D3 ("mfg.contract"),
  E ("mfg.prepayment"), D1 ("mfg.prepayment"), D3 ("mfg.prepayment"),
  E ("mfg.production"), D1 ("mfg.production"), D3 ("mfg.production"),
  E ("mfg.delivery"), D1 ("mfg.delivery"),
  E ("mfg.installation"),
  E ("mfg.payment"), D1 ("mfg.payment"), D3 ("mfg.payment"),
  E ("design.consultation"), D1 ("design.consultation"), D3 ("design.consultation"),
  E ("design.contract"), D1 ("design.contract"), D3 ("design.contract"),
  E ("design.prepayment"), D1 ("design.prepayment"),
  E ("design.design"),
  E ("design.approval"),
  { "design.to_installation", "on_entry", 0, "none", "move", "mfg.contract" },
  E ("repair.analysis"), D1 ("repair.analysis"), D3 ("repair.analysis"),
  E ("repair.warranty_check"), D1 ("repair.warranty_check"),
  E ("repair.warranty_repair"), VISIT ("repair.warranty_repair"),
  E ("repair.prepayment"),
  E ("repair.paid_repair"), VISIT ("repair.paid_repair"),
  LOST ("mfg.lost"), LOST ("design.lost"), LOST ("repair.lost"),
};

static const char *
kind_string (FcrmStageKind kind)
{
  return fcrm_stage_kind_to_string (kind);
}

static void
check_pipelines (FcrmCrm *crm)
{
  g_autoptr(GPtrArray) pipelines = fcrm_crm_list_pipelines (crm);

  g_assert_cmpuint (pipelines->len, ==, G_N_ELEMENTS (spec_pipelines));
  for (guint i = 0; i < pipelines->len; i++)
    {
      FcrmPipeline *p = g_ptr_array_index (pipelines, i);
      const SpecPipeline *sp = &spec_pipelines[i];
      guint n = 0;

      g_assert_cmpstr (p->code, ==, sp->code);
      if (sp->name != NULL)
        g_assert_cmpstr (p->name, ==, sp->name);
      g_assert_cmpint (p->entity, ==, sp->entity);
      g_assert_true (fcrm_crm_get_pipeline (crm, sp->code) == p);

      while (sp->stages[n].code != NULL)
        n++;
      g_assert_cmpuint (p->stages->len, ==, n);
      for (guint j = 0; j < n; j++)
        {
          FcrmStage *s = g_ptr_array_index (p->stages, j);

          g_assert_cmpstr (s->code, ==, sp->stages[j].code);
          g_assert_cmpstr (s->name, ==, sp->stages[j].name);
          g_assert_cmpstr (kind_string (s->kind), ==, sp->stages[j].kind);
          g_assert_cmpstr (s->pipeline, ==, sp->code);
          /* with no translation active the shown name is the English one */
          g_assert_cmpstr (fcrm_stage_get_name (s), ==, sp->stages[j].name);
          g_assert_true (fcrm_crm_get_stage (crm, s->code) == s);
        }
      /* the first open stage is where new items start */
      g_assert_cmpstr (fcrm_pipeline_first_stage (p)->code, ==, sp->stages[0].code);
    }
  g_assert_null (fcrm_crm_get_pipeline (crm, "sales"));
  g_assert_null (fcrm_crm_get_pipeline (crm, NULL));
  g_assert_null (fcrm_crm_get_stage (crm, "mfg.nope"));
  g_assert_null (fcrm_crm_get_stage (crm, NULL));
}

static void
test_pipelines_and_stages (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();

  check_pipelines (db->crm);
  {
    GPtrArray *pipelines = fcrm_crm_list_pipelines (db->crm);
    guint stages = 0;

    for (guint i = 0; i < pipelines->len; i++)
      stages += ((FcrmPipeline *) g_ptr_array_index (pipelines, i))->stages->len;
    g_assert_cmpuint (stages, ==, 6 + 8 + 8 + 7);
  }
}

static void
test_loss_reasons (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  const char * const *reasons = fcrm_crm_loss_reasons ();
  static const char * const expected[] = { "expensive", "not_relevant", "no_response", "other" };
  guint n = 0;

  for (; reasons[n] != NULL; n++)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (reasons[n], ==, expected[n]);
      /* each has a name of its own, not the code */
      g_assert_nonnull (fcrm_loss_reason_display_name (reasons[n]));
      g_assert_cmpstr (fcrm_loss_reason_display_name (reasons[n]), !=, reasons[n]);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  /* the same list is in the database, in order */
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM loss_reasons"), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *code = fcrm_test_text1 (db->crm, "SELECT code FROM loss_reasons ORDER BY position LIMIT 1 OFFSET ?", i);
      g_assert_cmpstr (code, ==, expected[i]);
    }
}

static gboolean
robot_matches (FcrmRobot       *r,
               const SpecRobot *s)
{
  return g_strcmp0 (r->stage, s->stage) == 0 &&
         g_strcmp0 (r->trigger, s->trigger) == 0 &&
         r->delay == s->delay &&
         g_strcmp0 (r->recipient, s->recipient) == 0 &&
         g_strcmp0 (r->action, s->action) == 0 &&
         g_strcmp0 (r->target_stage, s->target) == 0;
}

static void
test_robots (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (db->crm, NULL, &error);
  g_autofree gboolean *used = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (robots);
  g_assert_cmpuint (robots->len, ==, G_N_ELEMENTS (spec_robots));

  /* every robot of the table exists exactly once (a one-to-one matching) */
  used = g_new0 (gboolean, robots->len);
  for (guint i = 0; i < G_N_ELEMENTS (spec_robots); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < robots->len && !found; j++)
        if (!used[j] && robot_matches (g_ptr_array_index (robots, j), &spec_robots[i]))
          used[j] = found = TRUE;
      if (!found)
        g_error ("missing robot: %s %s %" G_GINT64_FORMAT " %s %s", spec_robots[i].stage, spec_robots[i].trigger,
                 spec_robots[i].delay, spec_robots[i].recipient, spec_robots[i].action);
    }

  for (guint j = 0; j < robots->len; j++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, j);

      g_assert_true (r->enabled);
      g_assert_cmpint (r->id, >, 0);
      g_assert_nonnull (r->text);
      g_assert_cmpstr (r->text, !=, "");
      g_assert_cmpstr (fcrm_robot_get_text (r), !=, "");
      if (g_strcmp0 (r->trigger, "at_field") == 0)
        g_assert_cmpstr (r->field, ==, "visit_at");
      /* notifications name the item they are about */
      if (g_strcmp0 (r->action, "notify") == 0 || g_strcmp0 (r->action, "lost_process") == 0)
        g_assert_nonnull (strstr (r->text, "{item}"));
      /* long-processing notices to supervisors name the responsible */
      if (g_strcmp0 (r->recipient, "supervisors") == 0)
        g_assert_nonnull (strstr (r->text, "{responsible}"));
    }

  /* listing is in pipeline and stage order */
  {
    int last_pipeline = -1, last_stage = -1;

    for (guint j = 0; j < robots->len; j++)
      {
        FcrmRobot *r = g_ptr_array_index (robots, j);
        FcrmStage *s = fcrm_crm_get_stage (db->crm, r->stage);
        FcrmPipeline *p = fcrm_crm_get_pipeline (db->crm, s->pipeline);

        g_assert_cmpint (p->position, >=, last_pipeline);
        if (p->position == last_pipeline)
          g_assert_cmpint (s->position, >=, last_stage);
        last_pipeline = p->position;
        last_stage = s->position;
      }
  }
}

typedef struct
{
  const char *stage;
  guint       on_entry;
  guint       delayed;
  guint       at_field;
} StageRobotCount;

static void
test_robots_by_stage (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  static const StageRobotCount counts[] = {
    { "lead.new", 1, 2, 0 }, { "lead.in_progress", 1, 1, 0 },
    { "lead.to_design", 0, 0, 0 }, { "lead.to_manufacturing", 0, 0, 0 }, { "lead.to_repair", 0, 0, 0 },
    { "lead.junk", 0, 0, 0 },
    { "mfg.contract", 1, 2, 0 }, { "mfg.prepayment", 1, 2, 0 }, { "mfg.production", 1, 2, 0 },
    { "mfg.delivery", 1, 1, 0 }, { "mfg.installation", 1, 0, 0 }, { "mfg.payment", 1, 2, 0 },
    { "mfg.won", 0, 0, 0 }, { "mfg.lost", 1, 0, 0 },
    { "design.consultation", 1, 2, 0 }, { "design.contract", 1, 2, 0 }, { "design.prepayment", 1, 1, 0 },
    { "design.design", 1, 0, 0 }, { "design.approval", 1, 0, 0 }, { "design.to_installation", 1, 0, 0 },
    { "design.won", 0, 0, 0 }, { "design.lost", 1, 0, 0 },
    { "repair.analysis", 1, 2, 0 }, { "repair.warranty_check", 1, 1, 0 }, { "repair.warranty_repair", 1, 0, 1 },
    { "repair.prepayment", 1, 0, 0 }, { "repair.paid_repair", 1, 0, 1 }, { "repair.won", 0, 0, 0 },
    { "repair.lost", 1, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (db->crm, counts[i].stage, &error);
      guint on_entry = 0, delayed = 0, at_field = 0;

      g_assert_no_error (error);
      for (guint j = 0; j < robots->len; j++)
        {
          FcrmRobot *r = g_ptr_array_index (robots, j);

          g_assert_cmpstr (r->stage, ==, counts[i].stage);
          if (g_strcmp0 (r->trigger, "on_entry") == 0)
            on_entry++;
          else if (g_strcmp0 (r->trigger, "delay") == 0)
            delayed++;
          else if (g_strcmp0 (r->trigger, "at_field") == 0)
            at_field++;
          else
            g_assert_not_reached ();
        }
      if (on_entry != counts[i].on_entry || delayed != counts[i].delayed || at_field != counts[i].at_field)
        g_error ("%s: %u on entry, %u delayed, %u at a time; SPEC: %u, %u, %u", counts[i].stage,
                 on_entry, delayed, at_field, counts[i].on_entry, counts[i].delayed, counts[i].at_field);
    }

  /* the specific ones the brief names */
  {
    g_autoptr(GPtrArray) r = fcrm_crm_list_robots (db->crm, "lead.new", NULL);
    gboolean r1d = FALSE, s3d = FALSE;

    for (guint j = 0; j < r->len; j++)
      {
        FcrmRobot *robot = g_ptr_array_index (r, j);
        r1d |= g_strcmp0 (robot->trigger, "delay") == 0 && robot->delay == 86400 &&
               g_strcmp0 (robot->recipient, "responsible") == 0;
        s3d |= g_strcmp0 (robot->trigger, "delay") == 0 && robot->delay == 259200 &&
               g_strcmp0 (robot->recipient, "supervisors") == 0;
      }
    g_assert_true (r1d);
    g_assert_true (s3d);
  }
  {
    g_autoptr(GPtrArray) r = fcrm_crm_list_robots (db->crm, "design.to_installation", NULL);
    FcrmRobot *move;

    g_assert_cmpuint (r->len, ==, 1);
    move = g_ptr_array_index (r, 0);
    g_assert_cmpstr (move->action, ==, "move");
    g_assert_cmpstr (move->target_stage, ==, "mfg.contract");
    g_assert_cmpstr (move->recipient, ==, "none");
  }

  /* an unknown stage is an error, not an empty list */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) none = fcrm_crm_list_robots (db->crm, "lead.nope", &error);

    g_assert_null (none);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  }
}

typedef struct
{
  gint64 pipelines, stages, reasons, robots, enabled, robots_sum_updated;
} TemplateCounts;

static void
template_counts (FcrmCrm        *crm,
                 TemplateCounts *out)
{
  out->pipelines = fcrm_test_int (crm, "SELECT count(*) FROM pipelines");
  out->stages = fcrm_test_int (crm, "SELECT count(*) FROM stages");
  out->reasons = fcrm_test_int (crm, "SELECT count(*) FROM loss_reasons");
  out->robots = fcrm_test_int (crm, "SELECT count(*) FROM robots");
  out->enabled = fcrm_test_int (crm, "SELECT count(*) FROM robots WHERE enabled = 1");
  out->robots_sum_updated = fcrm_test_int (crm, "SELECT coalesce(sum(updated), 0) FROM robots");
}

static void
test_install_is_idempotent (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  TemplateCounts first, again;

  template_counts (db->crm, &first);
  g_assert_cmpint (first.pipelines, ==, 4);
  g_assert_cmpint (first.stages, ==, 29);
  g_assert_cmpint (first.reasons, ==, 4);
  g_assert_cmpint (first.robots, ==, G_N_ELEMENTS (spec_robots));
  g_assert_cmpint (first.enabled, ==, first.robots);

  g_assert_true (fcrm_crm_install_template (db->crm, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_install_template (db->crm, &error));
  g_assert_no_error (error);
  template_counts (db->crm, &again);
  g_assert_cmpmem (&first, sizeof first, &again, sizeof again);
  check_pipelines (db->crm);

  fcrm_test_db_reopen (db);
  template_counts (db->crm, &again);
  g_assert_cmpmem (&first, sizeof first, &again, sizeof again);
  check_pipelines (db->crm);

  /* a template install is not user data */
  g_assert_true (fcrm_crm_is_empty (db->crm));
}

static void
test_user_edits_survive_reinstall (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 n_robots = fcrm_test_n_robots (db->crm, NULL);

  /* in Preferences, someone turned off the +1d reminder of new leads and
   * reworded and rescheduled the +3d one */
  fcrm_test_exec (db->crm, "UPDATE robots SET enabled = 0 WHERE template_key = 'lead.new.1d'");
  fcrm_test_exec (db->crm, "UPDATE robots SET text = 'Call {item} now!', delay_seconds = 172800 "
                           "WHERE template_key = 'lead.new.3d'");

  g_assert_true (fcrm_crm_install_template (db->crm, &error));
  g_assert_no_error (error);
  fcrm_test_db_reopen (db);

  {
    /* lead.new's robots in template order: on entry, +1d, +3d */
    g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (db->crm, "lead.new", &error);
    FcrmRobot *one_day, *three_days;

    g_assert_no_error (error);
    g_assert_cmpuint (robots->len, ==, 3);
    one_day = g_ptr_array_index (robots, 1);
    three_days = g_ptr_array_index (robots, 2);
    g_assert_cmpint (one_day->delay, ==, 86400);
    g_assert_false (one_day->enabled);
    g_assert_cmpint (three_days->delay, ==, 172800);
    g_assert_true (three_days->enabled);
    g_assert_cmpstr (three_days->text, ==, "Call {item} now!");
  }
  /* the listing shows the edits too */
  {
    g_autoptr(GPtrArray) robots = fcrm_crm_list_robots (db->crm, "lead.new", &error);
    guint disabled = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < robots->len; i++)
      disabled += !((FcrmRobot *) g_ptr_array_index (robots, i))->enabled;
    g_assert_cmpuint (disabled, ==, 1);
  }
  /* nothing was added or duplicated */
  g_assert_cmpint (fcrm_test_n_robots (db->crm, NULL), ==, n_robots);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/template/pipelines-and-stages", test_pipelines_and_stages);
  g_test_add_func ("/template/loss-reasons", test_loss_reasons);
  g_test_add_func ("/template/robots", test_robots);
  g_test_add_func ("/template/robots-by-stage", test_robots_by_stage);
  g_test_add_func ("/template/idempotent", test_install_is_idempotent);
  g_test_add_func ("/template/user-edits-survive", test_user_edits_survive_reinstall);
  return g_test_run ();
}
