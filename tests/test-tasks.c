/* The task list (SPEC §3.8): lists, filters and order, the callback's due
 * date, "done" with the loss-reason rule, manual tasks, an item's tasks and
 * the robots' tasks. */

#include "fcrm-test-util.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

#define CALLBACK    "Call the client again and offer special terms"
#define SPECIFY     "Specify the reason for the loss"

typedef FcrmTestTeam Fixture;

static gint64
tasks_updated (FcrmCrm *crm)
{
  return fcrm_test_int (crm, "SELECT coalesce(sum(updated), 0) + coalesce(sum(done), 0) FROM tasks");
}

static FcrmTask *
add_task (FcrmCrm        *crm,
          const char     *title,
          const char     *description,
          const char     *due,
          const char     *responsible,
          FcrmEntityType  type,
          gint64          entity_id)
{
  g_autoptr(GError) error = NULL;
  FcrmTask *t = fcrm_crm_task_add (crm, title, description, due, responsible, type, entity_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static void
test_task_list (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) d1 = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
  g_autoptr(FcrmItem) d2 = fcrm_test_add_deal (f->crm, "design", "Loft bedroom", "boris");
  g_autoptr(FcrmTask) measure = NULL;
  g_autoptr(GPtrArray) list = NULL;
  FcrmTestSnapshot before;
  FcrmTask *t;

  /* lost on Monday 12 January (day ≤ 15): call back on 1 February */
  fcrm_test_deal_lose (f->crm, d1->id, "expensive", "Found a cheaper workshop");
  fcrm_test_deal_lose (f->crm, d2->id, "other", NULL);
  g_object_unref (add_task (f->crm, "Someday", NULL, NULL, "anna", FCRM_ENTITY_DEAL, 0));
  g_object_unref (add_task (f->crm, "Call the supplier", NULL, "2026-01-13", "anna", FCRM_ENTITY_DEAL, 0));
  measure = add_task (f->crm, "Measure the kitchen", NULL, "2026-01-12T15:00", "anna", FCRM_ENTITY_DEAL, d1->id);
  g_object_unref (add_task (f->crm, "Order oak", NULL, "2026-01-20", "boris", FCRM_ENTITY_DEAL, 0));

  fcrm_test_snapshot (f->crm, &before);

  /* anna's: by due date, no date last */
  list = fcrm_test_tasks (f->crm, "anna", FALSE, NULL);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Measure the kitchen|Call the supplier|" CALLBACK "|Someday");
  }
  t = fcrm_test_find_task (list, "callback", d1->id);
  g_assert_nonnull (t);
  g_assert_true (t->due_is_date);
  g_assert_cmpint (t->due_at, ==, fcrm_test_local_time (2026, 2, 1, 0, 0));
  g_assert_cmpstr (t->responsible_login, ==, "anna");
  g_assert_cmpint (t->responsible_id, ==, f->anna);
  g_assert_cmpstr (t->responsible_name, ==, "User anna");
  g_assert_cmpint (t->entity_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpstr (t->entity_title, ==, "Oak kitchen");
  g_assert_false (t->done);
  g_assert_cmpint (t->done_at, ==, 0);
  g_assert_nonnull (t->description);
  g_assert_true (g_str_has_prefix (t->description, "Reason for the loss: "));
  g_assert_nonnull (strstr (t->description, fcrm_loss_reason_display_name ("expensive")));
  g_assert_nonnull (strstr (t->description, "Found a cheaper workshop"));

  /* everybody's */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, NULL, FALSE, NULL);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Measure the kitchen|Call the supplier|" SPECIFY "|Order oak|" CALLBACK "|"
                                 CALLBACK "|Someday");
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_task_list (f->crm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 7);

  /* by kind */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, NULL, FALSE, "callback");
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (fcrm_test_find_task (list, "callback", d1->id));
  g_assert_nonnull (fcrm_test_find_task (list, "callback", d2->id));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, NULL, FALSE, "specify_reason");
  g_assert_cmpuint (list->len, ==, 1);
  t = g_ptr_array_index (list, 0);
  g_assert_cmpstr (t->title, ==, SPECIFY);
  g_assert_cmpstr (t->responsible_login, ==, "boris");
  g_assert_cmpint (t->entity_id, ==, d2->id);
  g_assert_false (t->due_is_date);
  g_assert_cmpint (t->due_at, ==, f->t0 + DAY);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, "anna", FALSE, "manual");
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, "boris", FALSE, "robot");
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, "sveta", FALSE, NULL);
  g_assert_cmpuint (list->len, ==, 0);

  /* refused filters */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_task_list (f->crm, &(FcrmTaskFilter) { NULL, FALSE, "chores" }, &error);
  g_assert_null (list);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  list = fcrm_crm_task_list (f->crm, &(FcrmTaskFilter) { NULL, FALSE, "" }, &error);
  g_assert_null (list);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  list = fcrm_crm_task_list (f->crm, &(FcrmTaskFilter) { "ghost", FALSE, NULL }, &error);
  g_assert_null (list);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  /* done tasks: after the open ones, and gone with open_only */
  g_assert_true (fcrm_crm_task_done (f->crm, measure->id, &error));
  g_assert_no_error (error);
  list = fcrm_test_tasks (f->crm, "anna", FALSE, NULL);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Call the supplier|" CALLBACK "|Someday|Measure the kitchen");
  }
  t = g_ptr_array_index (list, 3);
  g_assert_true (t->done);
  g_assert_cmpint (t->done_at, ==, f->t0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, "anna", TRUE, NULL);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Call the supplier|" CALLBACK "|Someday");
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_tasks (f->crm, NULL, TRUE, "manual");
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Call the supplier|Order oak|Someday");
  }
}

/* The callback's due date in local time: the 1st or the 15th of the next month. */
static void
test_callback_due (Fixture      *f,
                   gconstpointer data)
{
  struct { int y, m, d, hh, mm; int due_y, due_m, due_d; } cases[] = {
    { 2026, 1, 10, 12, 0, 2026, 2, 1 },
    { 2026, 1, 20, 12, 0, 2026, 2, 15 },
    { 2026, 1, 15, 23, 59, 2026, 2, 1 },
    /* 16 January 01:00 in Vladivostok is still the 15th in UTC */
    { 2026, 1, 16, 1, 0, 2026, 2, 15 },
    { 2026, 1, 1, 0, 0, 2026, 2, 1 },
    { 2026, 1, 31, 23, 0, 2026, 2, 15 },
    { 2026, 12, 20, 9, 0, 2027, 1, 15 },
    { 2026, 12, 3, 9, 0, 2027, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Callback", "anna");
      g_autoptr(GPtrArray) list = NULL;
      gint64 lost_at = fcrm_test_local_time (cases[i].y, cases[i].m, cases[i].d, cases[i].hh, cases[i].mm);
      gint64 want = fcrm_test_local_time (cases[i].due_y, cases[i].due_m, cases[i].due_d, 0, 0);
      g_autoptr(GError) error = NULL;
      FcrmTask *t;

      g_assert_cmpint (fcrm_callback_due_date (lost_at), ==, want);
      fcrm_clock_set (f->db->clock, lost_at);
      fcrm_test_deal_lose (f->crm, deal->id, i % 2 ? "no_response" : "not_relevant", NULL);
      list = fcrm_crm_item_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 1);
      t = g_ptr_array_index (list, 0);
      g_assert_cmpstr (t->kind, ==, "callback");
      g_assert_cmpint (t->due_at, ==, want);
      g_assert_true (t->due_is_date);
    }
}

static void
test_task_done (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "repair", "Broken shelf", "anna");
  g_autoptr(GPtrArray) list = NULL;
  FcrmTestSnapshot before;
  gint64 specify, callback, done_sum;

  /* "other" with words: they are the reason in detail, nothing more to ask */
  {
    g_autoptr(FcrmItem) told = fcrm_test_add_deal (f->crm, "repair", "Told why", "anna");
    g_autoptr(FcrmItem) d = NULL;

    fcrm_test_deal_lose (f->crm, told->id, "other", "Moved to another city");
    d = fcrm_crm_deal_get (f->crm, told->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (d->loss_reason_text, ==, "Moved to another city");
    list = fcrm_test_tasks (f->crm, "anna", FALSE, NULL);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (fcrm_test_find_task (list, "callback", told->id)->description, ==,
                     "Reason for the loss: Other. Moved to another city");
    g_clear_pointer (&list, g_ptr_array_unref);
  }

  /* "other" without words: a task to write them down */
  fcrm_test_deal_lose (f->crm, deal->id, "other", NULL);
  list = fcrm_test_tasks (f->crm, "anna", FALSE, NULL);
  g_assert_cmpuint (list->len, ==, 3);
  specify = fcrm_test_find_task (list, "specify_reason", deal->id)->id;
  callback = fcrm_test_find_task (list, "callback", deal->id)->id;
  g_assert_cmpstr (fcrm_test_find_task (list, "callback", deal->id)->description, ==,
                   "Reason for the loss: Other.");

  /* not before the deal's loss reason is written down */
  fcrm_test_snapshot (f->crm, &before);
  done_sum = tasks_updated (f->crm);
  fcrm_clock_advance (f->db->clock, HOUR);
  g_assert_false (fcrm_crm_task_done (f->crm, specify, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Broken shelf"));
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);
  g_assert_cmpint (tasks_updated (f->crm), ==, done_sum);

  /* blanks are not a reason */
  fcrm_test_deal_set (f->crm, deal->id, "loss_reason_text", "   \t ");
  g_assert_false (fcrm_crm_task_done (f->crm, specify, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (tasks_updated (f->crm), ==, done_sum);

  /* the callback itself has no such rule */
  g_assert_true (fcrm_crm_task_done (f->crm, callback, &error));
  g_assert_no_error (error);

  fcrm_test_deal_set (f->crm, deal->id, "loss_reason_text", "Moved to another city");
  {
    g_autoptr(FcrmItem) d = fcrm_crm_deal_get (f->crm, deal->id, &error);
    g_assert_cmpstr (d->loss_reason_text, ==, "Moved to another city");
  }
  fcrm_clock_advance (f->db->clock, HOUR);
  g_assert_true (fcrm_crm_task_done (f->crm, specify, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FcrmTask) t = fcrm_test_task_get (f->crm, specify);

    g_assert_true (t->done);
    g_assert_cmpint (t->done_at, ==, f->t0 + 2 * HOUR);
  }

  /* twice is fine and changes nothing */
  fcrm_test_snapshot (f->crm, &before);
  done_sum = tasks_updated (f->crm);
  fcrm_clock_advance (f->db->clock, HOUR);
  g_assert_true (fcrm_crm_task_done (f->crm, specify, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_task_done (f->crm, callback, &error));
  g_assert_no_error (error);
  fcrm_test_assert_unchanged (f->crm, &before);
  g_assert_cmpint (tasks_updated (f->crm), ==, done_sum);
  {
    g_autoptr(FcrmTask) t = fcrm_test_task_get (f->crm, specify);

    g_assert_cmpint (t->done_at, ==, f->t0 + 2 * HOUR);
  }

  /* even if the reason is cleared afterwards, done stays done */
  fcrm_test_deal_set (f->crm, deal->id, "loss_reason_text", "");
  g_assert_true (fcrm_crm_task_done (f->crm, specify, &error));
  g_assert_no_error (error);

  /* unknown */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_task_done (f->crm, 99999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_task_done (f->crm, 0, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  fcrm_test_assert_unchanged (f->crm, &before);
}

static void
test_task_add (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "design", "Nursery", "anna");
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Walk-in", "boris");
  g_autofree char *long_title = g_strnfill (501, 'x');
  g_autofree char *long_description = g_strnfill (20001, 'y');
  FcrmTestSnapshot before;
  struct { const char *title, *due, *responsible; FcrmEntityType type; gint64 id; int code; } bad[] = {
    { "",                  NULL,         "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { "   ",               NULL,         "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { NULL,                NULL,         "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { long_title,          NULL,         "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { "Bad due",           "someday",    "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { "Bad date",          "2026-13-01", "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { "Bad day",           "2026-02-30", "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_INVALID_INPUT },
    { "Bad time",          "2026-02-01T25:00", "anna", FCRM_ENTITY_DEAL, 0, FCRM_ERROR_INVALID_INPUT },
    { "Nobody's",          "2026-02-01", "ghost", FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_NOT_FOUND },
    { "Unknown deal",      "2026-02-01", "anna",  FCRM_ENTITY_DEAL, 99999, FCRM_ERROR_NOT_FOUND },
    { "Unknown lead",      "2026-02-01", "anna",  FCRM_ENTITY_LEAD, 99999, FCRM_ERROR_NOT_FOUND },
    /* an id that is neither a lead's nor a deal's */
    { "Wrong id",        NULL,         "anna",  FCRM_ENTITY_DEAL, 0,     FCRM_ERROR_NOT_FOUND },
  };

  bad[G_N_ELEMENTS (bad) - 1].id = lead->id + deal->id + 1000;   /* neither a lead nor a deal */
  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      FcrmTask *t = fcrm_crm_task_add (f->crm, bad[i].title, NULL, bad[i].due, bad[i].responsible,
                                       bad[i].type, bad[i].id, &error);

      g_assert_null (t);
      g_assert_error (error, FCRM_ERROR, bad[i].code);
      g_clear_error (&error);
    }
  g_assert_null (fcrm_crm_task_add (f->crm, "Too much", long_description, NULL, "anna", FCRM_ENTITY_DEAL, 0, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  /* a day */
  {
    g_autoptr(FcrmTask) t = add_task (f->crm, "  Bring oak samples  ", "Oak and ash", " 2026-02-01 ", "anna",
                                      FCRM_ENTITY_DEAL, deal->id);

    g_assert_cmpint (t->id, >, 0);
    g_assert_cmpstr (t->title, ==, "Bring oak samples");
    g_assert_cmpstr (t->description, ==, "Oak and ash");
    g_assert_cmpstr (t->kind, ==, "manual");
    g_assert_true (t->due_is_date);
    g_assert_cmpint (t->due_at, ==, fcrm_test_local_time (2026, 2, 1, 0, 0));
    g_assert_cmpstr (t->responsible_login, ==, "anna");
    g_assert_cmpint (t->responsible_id, ==, f->anna);
    g_assert_cmpint (t->entity_type, ==, FCRM_ENTITY_DEAL);
    g_assert_cmpint (t->entity_id, ==, deal->id);
    g_assert_cmpstr (t->entity_title, ==, "Nursery");
    g_assert_false (t->done);
  }
  /* a moment, with an offset and without one (local) */
  {
    g_autoptr(FcrmTask) t = add_task (f->crm, "Call at nine Moscow time", NULL, "2026-02-01T09:30:00+03:00",
                                      "boris", FCRM_ENTITY_LEAD, lead->id);

    g_assert_false (t->due_is_date);
    g_assert_cmpint (t->due_at, ==, fcrm_test_local_time (2026, 2, 1, 16, 30));
    g_assert_null (t->description);
    g_assert_cmpint (t->entity_type, ==, FCRM_ENTITY_LEAD);
    g_assert_cmpint (t->entity_id, ==, lead->id);
    g_assert_cmpstr (t->entity_title, ==, "Walk-in");
  }
  {
    g_autoptr(FcrmTask) t = add_task (f->crm, "Local", "", "2026-02-01 09:30", "boris", FCRM_ENTITY_DEAL, 0);

    g_assert_false (t->due_is_date);
    g_assert_cmpint (t->due_at, ==, fcrm_test_local_time (2026, 2, 1, 9, 30));
    g_assert_null (t->description);
    g_assert_cmpint (t->entity_id, ==, 0);
    g_assert_null (t->entity_title);
  }
  /* no due date; nobody responsible without an actor; the actor with one */
  {
    g_autoptr(FcrmTask) t = add_task (f->crm, "Whenever", NULL, NULL, NULL, FCRM_ENTITY_DEAL, 0);
    g_autoptr(FcrmTask) t2 = add_task (f->crm, "Blank due", NULL, "  ", NULL, FCRM_ENTITY_DEAL, 0);
    g_autoptr(FcrmTask) t3 = NULL;

    g_assert_cmpint (t->due_at, ==, 0);
    g_assert_false (t->due_is_date);
    g_assert_cmpint (t->responsible_id, ==, 0);
    g_assert_null (t->responsible_login);
    g_assert_cmpint (t2->due_at, ==, 0);
    fcrm_test_set_actor (f->crm, "boris");
    t3 = add_task (f->crm, "Mine", NULL, NULL, NULL, FCRM_ENTITY_DEAL, 0);
    g_assert_cmpstr (t3->responsible_login, ==, "boris");
  }
  g_assert_cmpint (fcrm_test_n_tasks (f->crm, "manual"), ==, 6);
}

static void
test_item_tasks (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_test_add_deal (f->crm, "manufacturing", "Hallway", "anna");
  g_autoptr(FcrmItem) other = fcrm_test_add_deal (f->crm, "manufacturing", "Other", "anna");
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Lead with a task", "anna");
  g_autoptr(FcrmTask) first = NULL;
  g_autoptr(GPtrArray) list = NULL;

  first = add_task (f->crm, "First", NULL, "2026-01-14", "anna", FCRM_ENTITY_DEAL, deal->id);
  g_object_unref (add_task (f->crm, "No date", NULL, NULL, "anna", FCRM_ENTITY_DEAL, deal->id));
  g_object_unref (add_task (f->crm, "Earlier", NULL, "2026-01-13T08:00", "boris", FCRM_ENTITY_DEAL, deal->id));
  g_object_unref (add_task (f->crm, "Elsewhere", NULL, "2026-01-13", "anna", FCRM_ENTITY_DEAL, other->id));
  g_object_unref (add_task (f->crm, "On the lead", NULL, NULL, "anna", FCRM_ENTITY_LEAD, lead->id));
  /* the lead may well have the deal's number: its task must not show up there */

  list = fcrm_crm_item_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Earlier|First|No date");
  }
  for (guint i = 0; i < list->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (list, i);
      g_assert_cmpint (t->entity_type, ==, FCRM_ENTITY_DEAL);
      g_assert_cmpint (t->entity_id, ==, deal->id);
      g_assert_cmpstr (t->entity_title, ==, "Hallway");
    }

  /* a done task goes after the open ones */
  g_assert_true (fcrm_crm_task_done (f->crm, first->id, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_item_tasks (f->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "Earlier|No date|First");
  }
  g_assert_true (((FcrmTask *) g_ptr_array_index (list, 2))->done);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_item_tasks (f->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  {
    g_autofree char *titles = fcrm_test_task_titles (list);
    g_assert_cmpstr (titles, ==, "On the lead");
  }
  g_assert_cmpstr (((FcrmTask *) g_ptr_array_index (list, 0))->entity_title, ==, "Lead with a task");

  /* none: an empty list, not an error */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_item_tasks (f->crm, FCRM_ENTITY_DEAL, 99999, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, ==, 0);
}

/* A robot whose action is "task" puts a task into the responsible's list. */
static void
test_robot_task (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GPtrArray) list = NULL;
  FcrmTask *t;
  gint64 robot;

  robot = fcrm_crm_robot_add (f->crm, &(FcrmRobotInput) { .stage = "lead.in_progress", .trigger = "on_entry",
                                                          .recipient = "responsible", .action = "task",
                                                          .text = "Send a quote for “{item}”" }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (robot, >, 0);
  lead = fcrm_test_add_lead (f->crm, "Quote me", "anna");
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.in_progress", &error));
  g_assert_no_error (error);

  list = fcrm_test_tasks (f->crm, "anna", TRUE, "robot");
  g_assert_cmpuint (list->len, ==, 1);
  t = g_ptr_array_index (list, 0);
  g_assert_cmpstr (t->kind, ==, "robot");
  g_assert_cmpint (t->entity_type, ==, FCRM_ENTITY_LEAD);
  g_assert_cmpint (t->entity_id, ==, lead->id);
  g_assert_cmpint (t->due_at, ==, f->t0 + DAY);
  /* the robot's text is a template like a notification's: the task shows it filled in */
  g_assert_cmpstr (t->title, ==, "Send a quote for “Quote me”");
  g_assert_true (fcrm_crm_task_done (f->crm, t->id, &error));
  g_assert_no_error (error);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fcrm_test_team_setup, fn, fcrm_test_team_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/tasks/list", test_task_list);
  ADD ("/tasks/callback-due", test_callback_due);
  ADD ("/tasks/done", test_task_done);
  ADD ("/tasks/add", test_task_add);
  ADD ("/tasks/item", test_item_tasks);
  ADD ("/tasks/robot", test_robot_task);
  return g_test_run ();
}
