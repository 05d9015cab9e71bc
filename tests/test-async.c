/* Reads off the main loop (fcrm-crm-async.h): jobs run on the worker's own
 * thread and connection and answer on the caller's main context; the caller
 * never waits, even over a slow link (FCRM_STORE_LATENCY_MS); cancellation,
 * errors, a worker that cannot open, the main connection's writes seen by the
 * next read; and the board model that never blocks. */

#include <glib/gstdio.h>

#include "fcrm-test-util.h"
#include "fcrm-attachments.h"
#include "fcrm-board-model.h"
#include "fcrm-comments.h"
#include "fcrm-crm-async.h"
#include "fcrm-inbox.h"

#define LATENCY_MS 20
/* the longest the caller's loop may stall while the worker reads */
#define STALL_LIMIT_MS 50
/* the reads of the stall test, one after the other at LATENCY_MS, take longer */
#define WORK_AT_LEAST_MS 200

static GThread *main_thread;

/* Waiting for answers */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterate the thread-default context until *@slot is set (at most 60 s). */
static void
wait_for (gpointer *slot)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  GSource *wake = g_timeout_source_new (100);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, context);
  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (wake);
  g_source_unref (wake);
  g_main_context_unref (context);
}

/* An answer, kept for the test; it must come on the thread that asked. */
static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_true (g_thread_self () == main_thread);
  g_assert_true (FCRM_IS_CRM (source));
  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  wait_for ((gpointer *) slot);
  return g_steal_pointer (slot);
}

/* START (CRM, ..., keep_result_cb, &slot), wait for the answer and give it
 * to FINISH (CRM, result, ERROR). */
#define ANSWER(crm, finish, error, start, ...)            \
  ({                                                     \
    GAsyncResult *slot_ = NULL;                          \
    g_autoptr(GAsyncResult) result_ = NULL;              \
                                                         \
    start ((crm), __VA_ARGS__, keep_result_cb, &slot_);  \
    result_ = wait_result (&slot_);                      \
    finish ((crm), result_, (error));                    \
  })

static FcrmItem *
item_get (FcrmCrm        *crm,
          FcrmEntityType  type,
          gint64          id,
          GError        **error)
{
  return ANSWER (crm, fcrm_crm_item_get_finish, error, fcrm_crm_item_get_async, type, id, NULL);
}

static FcrmCardData *
card_load (FcrmCrm        *crm,
           FcrmEntityType  type,
           gint64          id,
           GError        **error)
{
  return ANSWER (crm, fcrm_crm_card_load_finish, error, fcrm_crm_card_load_async, type, id, NULL);
}

/* The generic read: where and as whom a job runs */

typedef struct
{
  GThread *thread;
  FcrmCrm *crm;
  gint64   now;
  char    *actor;
} Probe;

static void
probe_free (Probe *probe)
{
  g_free (probe->actor);
  g_free (probe);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

static gpointer
probe_job (FcrmCrm  *worker,
           gpointer  data,
           GError  **error)
{
  Probe *probe = g_new0 (Probe, 1);
  FcrmUser *actor = fcrm_crm_get_actor (worker);

  probe->thread = g_thread_self ();
  probe->crm = worker;
  probe->now = fcrm_clock_now (fcrm_crm_get_clock (worker));
  probe->actor = actor != NULL ? g_strdup (actor->login) : NULL;
  return probe;
}

static void
test_read_generic (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) first = NULL, second = NULL;
  g_autoptr(Probe) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot_a = NULL, *slot_b = NULL;
  gint64 then = fcrm_test_start_time () + 12345;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_add_user (db->crm, "boris", "manager");

  /* answers come on the context the caller made its own, not on the global one */
  g_main_context_push_thread_default (context);

  /* each job reads as the actor and at the time of when it was asked for */
  g_assert_true (fcrm_crm_set_actor (db->crm, "anna", &error));
  fcrm_clock_set (db->clock, then);
  fcrm_crm_read_async (db->crm, probe_job, NULL, NULL, (GDestroyNotify) probe_free, NULL, keep_result_cb, &slot_a);
  g_assert_true (fcrm_crm_set_actor (db->crm, "boris", &error));
  fcrm_clock_set (db->clock, then + 60);
  fcrm_crm_read_async (db->crm, probe_job, NULL, NULL, (GDestroyNotify) probe_free, NULL, keep_result_cb, &slot_b);
  /* nothing was read on the caller's thread: both answers are still to come */
  g_assert_null (slot_a);
  g_assert_null (slot_b);

  first = wait_result (&slot_a);
  second = wait_result (&slot_b);
  a = fcrm_crm_read_finish (db->crm, first, &error);
  g_assert_no_error (error);
  b = fcrm_crm_read_finish (db->crm, second, &error);
  g_assert_no_error (error);
  g_main_context_pop_thread_default (context);

  g_assert_true (a->thread != main_thread);
  g_assert_true (a->thread == b->thread);        /* one worker thread */
  g_assert_true (a->crm != db->crm);             /* with a FcrmCrm of its own */
  g_assert_true (a->crm == b->crm);
  g_assert_cmpint (a->now, ==, then);
  g_assert_cmpint (b->now, ==, then + 60);
  g_assert_cmpstr (a->actor, ==, "anna");
  g_assert_cmpstr (b->actor, ==, "boris");
}

/* A card in one job */

static void
assert_same_ids (GPtrArray *async,
                 GPtrArray *sync,
                 gsize      id_offset)
{
  g_assert_nonnull (async);
  g_assert_nonnull (sync);
  g_assert_cmpuint (async->len, ==, sync->len);
  for (guint i = 0; i < sync->len; i++)
    g_assert_cmpint (G_STRUCT_MEMBER (gint64, g_ptr_array_index (async, i), id_offset), ==,
                     G_STRUCT_MEMBER (gint64, g_ptr_array_index (sync, i), id_offset));
}

static void
assert_card_matches (FcrmCrm        *crm,
                     FcrmCardData   *card,
                     FcrmEntityType  type,
                     gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) item = type == FCRM_ENTITY_LEAD ? fcrm_crm_lead_get (crm, id, &error)
                                                      : fcrm_crm_deal_get (crm, id, &error);
  g_autoptr(GPtrArray) history = fcrm_crm_history (crm, type, id, &error);
  g_autoptr(GPtrArray) comments = fcrm_crm_comments (crm, type, id, &error);
  g_autoptr(GPtrArray) tasks = fcrm_crm_item_tasks (crm, type, id, &error);
  g_autoptr(GPtrArray) notifications = fcrm_crm_item_notifications (crm, type, id, &error);
  g_autoptr(GPtrArray) attachments = fcrm_crm_attachments (crm, type, id, &error);
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (crm, &error);

  g_assert_no_error (error);
  g_assert_cmpint (card->item->id, ==, id);
  g_assert_cmpint (card->item->type, ==, type);
  g_assert_cmpstr (card->item->title, ==, item->title);
  g_assert_cmpint (card->item->version, ==, item->version);
  g_assert_cmpint (card->item->days_in_stage, ==, item->days_in_stage);
  g_assert_cmpuint (card->history->len, ==, history->len);
  g_assert_cmpuint (card->history->len, >, 0);
  assert_same_ids (card->comments, comments, G_STRUCT_OFFSET (FcrmComment, id));
  assert_same_ids (card->tasks, tasks, G_STRUCT_OFFSET (FcrmTask, id));
  assert_same_ids (card->notifications, notifications, G_STRUCT_OFFSET (FcrmNotification, id));
  assert_same_ids (card->attachments, attachments, G_STRUCT_OFFSET (FcrmAttachment, id));
  assert_same_ids (card->users, users, G_STRUCT_OFFSET (FcrmUser, id));
}

/* A lead with a bit of everything, converted into a deal with a participant. */
static void
make_items (FcrmCrm *crm,
            gint64  *out_lead,
            gint64  *out_deal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("measurements", 12);
  g_autoptr(FcrmComment) comment = NULL, deal_comment = NULL;
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(FcrmAttachment) attachment = NULL;
  FcrmConvertResult converted = { 0 };

  fcrm_test_add_user (crm, "anna", "manager");
  fcrm_test_add_user (crm, "dina", "designer");
  lead = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = "Oak wardrobe", .name = "Irina", .phone = "+7 900 111-22-33",
                                                    .budget = "120 000", .responsible = "anna" }, &error);
  g_assert_no_error (error);
  comment = fcrm_crm_comment_add (crm, FCRM_ENTITY_LEAD, lead->id, "Wants walnut", &error);
  g_assert_no_error (error);
  task = fcrm_crm_task_add (crm, "Call back", NULL, "2026-01-14", "anna", FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  attachment = fcrm_crm_attach (crm, FCRM_ENTITY_LEAD, lead->id, "sizes.txt", NULL, content, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_lead_convert (crm, lead->id, "manufacturing", FCRM_CONVERT_DEFAULT, &converted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (converted.deal_id, >, 0);
  g_assert_true (fcrm_crm_deal_add_participant (crm, converted.deal_id, "dina", &error));
  deal_comment = fcrm_crm_comment_add (crm, FCRM_ENTITY_DEAL, converted.deal_id, "Measured", &error);
  g_assert_no_error (error);
  *out_lead = lead->id;
  *out_deal = converted.deal_id;
}

static void
test_card_load (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmCardData) lead_card = NULL, deal_card = NULL;
  g_autoptr(GError) error = NULL;
  gint64 lead_id, deal_id;

  make_items (db->crm, &lead_id, &deal_id);
  /* some days later: "days in stage" is counted at the caller's now */
  fcrm_clock_advance (db->clock, 3 * 24 * 3600);

  lead_card = card_load (db->crm, FCRM_ENTITY_LEAD, lead_id, &error);
  g_assert_no_error (error);
  assert_card_matches (db->crm, lead_card, FCRM_ENTITY_LEAD, lead_id);
  g_assert_cmpuint (lead_card->comments->len, ==, 1);
  g_assert_cmpuint (lead_card->attachments->len, ==, 1);
  g_assert_cmpuint (lead_card->tasks->len, >=, 1);
  g_assert_cmpuint (lead_card->participants->len, ==, 0);
  g_assert_nonnull (lead_card->linked);
  g_assert_cmpint (lead_card->linked->id, ==, deal_id);
  g_assert_cmpint (lead_card->item->days_in_stage, ==, 3);

  deal_card = card_load (db->crm, FCRM_ENTITY_DEAL, deal_id, &error);
  g_assert_no_error (error);
  assert_card_matches (db->crm, deal_card, FCRM_ENTITY_DEAL, deal_id);
  g_assert_nonnull (deal_card->linked);
  g_assert_cmpint (deal_card->linked->id, ==, lead_id);
  g_assert_cmpuint (deal_card->participants->len, ==, 1);
  g_assert_cmpstr (((FcrmUser *) g_ptr_array_index (deal_card->participants, 0))->login, ==, "dina");
  /* the client, read in the same job: the contact the lead became */
  g_assert_nonnull (deal_card->contact);
  g_assert_cmpint (deal_card->contact->id, ==, deal_card->item->contact_id);
  g_assert_cmpstr (deal_card->contact->name, ==, "Irina");
  g_assert_cmpuint (deal_card->contact->phones->len, ==, 1);
  g_assert_null (deal_card->company);
  g_assert_nonnull (lead_card->contact);
  /* not a repair: no warranty */
  g_assert_null (deal_card->manufacturing);
  g_assert_cmpint (deal_card->warranty, ==, -1);
}

/* A repair deal's card brings the client's Manufacturing deals and the warranty. */
static void
test_card_load_repair (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmCardData) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) made = NULL, repair = NULL;
  g_autoptr(FcrmContact) olga = NULL;
  g_autofree char *day = NULL;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  olga = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Olga", .company = "Firm" }, &error);
  g_assert_no_error (error);
  made = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Kitchen",
                                                        .contact_id = olga->id }, &error);
  repair = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "repair", .title = "Hinge",
                                                          .contact_id = olga->id, .company_id = olga->company_id },
                              &error);
  g_assert_no_error (error);
  fcrm_test_deal_set (db->crm, made->id, "installation_date", "2025-03-10");
  g_assert_true (fcrm_crm_deal_win (db->crm, made->id, &error));

  card = card_load (db->crm, FCRM_ENTITY_DEAL, repair->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card->company);
  g_assert_cmpstr (card->company->name, ==, "Firm");
  g_assert_nonnull (card->manufacturing);
  g_assert_cmpuint (card->manufacturing->len, ==, 1);
  g_assert_cmpint (((FcrmItem *) g_ptr_array_index (card->manufacturing, 0))->id, ==, made->id);
  g_assert_cmpint (card->warranty, ==, fcrm_crm_deal_warranty (db->crm, card->item, NULL, NULL, NULL));
  day = fcrm_time_format_date (card->warranty_until);
  g_assert_cmpstr (day, ==, "2026-03-10");
}

/* Errors arrive as errors */

static gpointer
failing_job (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_CONFLICT, "made up");
  return NULL;
}

static void
test_errors (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmCardData) card = NULL;
  g_autoptr(FcrmItem) item = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  gpointer nothing;

  card = card_load (db->crm, FCRM_ENTITY_DEAL, 424242, &error);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_null (card);
  g_clear_error (&error);

  item = item_get (db->crm, FCRM_ENTITY_LEAD, 424242, &error);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_assert_null (item);
  g_clear_error (&error);

  fcrm_crm_stage_page_async (db->crm, "no.such.stage", NULL, 0, 50, TRUE, NULL, keep_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_null (fcrm_crm_stage_page_finish (db->crm, result, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  fcrm_crm_read_async (db->crm, failing_job, NULL, NULL, NULL, NULL, keep_result_cb, &slot);
  result = wait_result (&slot);
  nothing = fcrm_crm_read_finish (db->crm, result, &error);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_assert_null (nothing);
}

/* Cancellation: a job cancelled before it runs does not run; a result that
 * comes after the cancellation is dropped (and freed). */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean started;
  gboolean open;
  guint    runs;
  guint    freed;
} Gate;

static gpointer
gate_job (FcrmCrm  *worker,
          gpointer  data,
          GError  **error)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->runs++;
  gate->started = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  return gate;
}

static void
gate_result_free (gpointer data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->freed++;
  g_mutex_unlock (&gate->lock);
}

static void
gate_wait_started (Gate *gate)
{
  g_mutex_lock (&gate->lock);
  while (!gate->started)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->open = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

static void
test_cancel (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  g_autoptr(GCancellable) queued = g_cancellable_new ();
  g_autoptr(GCancellable) running = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot_blocker = NULL, *slot_queued = NULL, *slot = NULL;
  Gate blocker = { 0 }, waiting = { 0 }, late = { 0 };

  /* cancelled before it was even asked for: no database work, an error */
  g_cancellable_cancel (early);
  fcrm_crm_read_async (db->crm, gate_job, &late, NULL, gate_result_free, early, keep_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_null (fcrm_crm_read_finish (db->crm, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (late.runs, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* cancelled while waiting behind another job: it never runs */
  fcrm_crm_read_async (db->crm, gate_job, &blocker, NULL, gate_result_free, NULL, keep_result_cb, &slot_blocker);
  fcrm_crm_read_async (db->crm, gate_job, &waiting, NULL, gate_result_free, queued, keep_result_cb, &slot_queued);
  gate_wait_started (&blocker);
  g_cancellable_cancel (queued);
  gate_open (&blocker);
  result = wait_result (&slot_blocker);
  g_assert_true (fcrm_crm_read_finish (db->crm, result, &error) == &blocker);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = wait_result (&slot_queued);
  g_assert_null (fcrm_crm_read_finish (db->crm, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (waiting.runs, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* cancelled while it runs: its result is not delivered, only freed */
  fcrm_crm_read_async (db->crm, gate_job, &late, NULL, gate_result_free, running, keep_result_cb, &slot);
  gate_wait_started (&late);
  g_cancellable_cancel (running);
  gate_open (&late);
  result = wait_result (&slot);
  g_assert_null (fcrm_crm_read_finish (db->crm, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (late.runs, ==, 1);
  g_clear_object (&result);
  g_assert_cmpuint (late.freed, ==, 1);
  g_assert_cmpuint (blocker.freed, ==, 0);   /* delivered: the caller's to keep */
}

/* The main connection's writes are seen by the worker's next read */

static void
test_sees_writes (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) lead = NULL, seen = NULL, again = NULL, added = NULL;
  g_autoptr(FcrmStagePage) before = NULL, after = NULL;
  g_autoptr(GPtrArray) users = NULL, more_users = NULL;
  g_autoptr(FcrmCardData) card = NULL, card_after = NULL;
  g_autoptr(FcrmComment) comment = NULL;
  g_autoptr(GError) error = NULL;

  fcrm_test_add_user (db->crm, "anna", "manager");
  lead = fcrm_test_add_lead (db->crm, "Pine bed", "anna");

  /* the worker reads first, so a stale view of its own would show */
  seen = item_get (db->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->title, ==, "Pine bed");
  before = ANSWER (db->crm, fcrm_crm_stage_page_finish, &error, fcrm_crm_stage_page_async,
                   lead->stage, NULL, 0, 50, TRUE, NULL);
  g_assert_no_error (error);
  users = ANSWER (db->crm, fcrm_crm_list_users_finish, &error, fcrm_crm_list_users_async, NULL);
  g_assert_no_error (error);
  card = card_load (db->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);

  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "title", "Birch bed", -1, &error));
  g_assert_no_error (error);
  added = fcrm_test_add_lead (db->crm, "Cedar chest", "anna");
  fcrm_test_add_user (db->crm, "boris", "manager");
  comment = fcrm_crm_comment_add (db->crm, FCRM_ENTITY_LEAD, lead->id, "Changed her mind", &error);
  g_assert_no_error (error);

  again = item_get (db->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->title, ==, "Birch bed");
  g_assert_cmpint (again->version, >, seen->version);

  after = ANSWER (db->crm, fcrm_crm_stage_page_finish, &error, fcrm_crm_stage_page_async,
                  lead->stage, NULL, 0, 50, TRUE, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (after->count, ==, before->count + 1);
  g_assert_cmpint (after->sum, ==, before->sum + added->budget);
  g_assert_cmpuint (after->items->len, ==, before->items->len + 1);
  /* newest in the stage first */
  g_assert_cmpint (((FcrmItem *) g_ptr_array_index (after->items, 0))->id, ==, added->id);

  more_users = ANSWER (db->crm, fcrm_crm_list_users_finish, &error, fcrm_crm_list_users_async, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (more_users->len, ==, users->len + 1);

  card_after = card_load (db->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (card_after->comments->len, ==, card->comments->len + 1);
  g_assert_cmpuint (card_after->users->len, ==, card->users->len + 1);
}

/* The caller never waits: over a slow link its loop keeps turning */

typedef struct
{
  GAsyncResult *deal, *lead, *column;
} Answers;

static gboolean
all_answered (Answers *a)
{
  return a->deal != NULL && a->lead != NULL && a->column != NULL;
}

/* Open a column and two cards; returns the longest stall of the loop and,
 * in @out_elapsed, how long the reads took in all (µs). */
static gint64
measure_stall (FcrmCrm *crm,
               gint64   lead_id,
               gint64   deal_id,
               gint64  *out_elapsed)
{
  Answers answers = { 0 };
  FcrmTestStallMeter meter;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCardData) deal = NULL, lead = NULL;
  g_autoptr(FcrmStagePage) column = NULL;
  gint64 start, stall;

  start = g_get_monotonic_time ();
  fcrm_test_stall_start (&meter, 5);
  fcrm_crm_stage_page_async (crm, "lead.new", NULL, 0, 50, TRUE, NULL, keep_result_cb, &answers.column);
  fcrm_crm_card_load_async (crm, FCRM_ENTITY_DEAL, deal_id, NULL, keep_result_cb, &answers.deal);
  fcrm_crm_card_load_async (crm, FCRM_ENTITY_LEAD, lead_id, NULL, keep_result_cb, &answers.lead);
  while (!all_answered (&answers))
    g_main_context_iteration (NULL, TRUE);
  *out_elapsed = g_get_monotonic_time () - start;
  stall = fcrm_test_stall_stop (&meter);

  column = fcrm_crm_stage_page_finish (crm, answers.column, &error);
  g_assert_no_error (error);
  deal = fcrm_crm_card_load_finish (crm, answers.deal, &error);
  g_assert_no_error (error);
  lead = fcrm_crm_card_load_finish (crm, answers.lead, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deal->item->id, ==, deal_id);
  g_assert_cmpint (lead->item->id, ==, lead_id);
  g_assert_cmpint (column->count, >, 0);
  g_object_unref (answers.column);
  g_object_unref (answers.deal);
  g_object_unref (answers.lead);
  g_assert_cmpuint (meter.ticks, >, 1);
  return stall;
}

static void
test_never_blocks (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) other = NULL;
  gint64 lead_id, deal_id, elapsed = 0, stall = G_MAXINT64;
  g_autofree char *latency = g_strdup_printf ("%d", LATENCY_MS);

  make_items (db->crm, &lead_id, &deal_id);
  other = fcrm_test_add_lead (db->crm, "Column filler", "anna");

  /* only the worker, opened from here on, talks over the slow link */
  g_setenv ("FCRM_STORE_LATENCY_MS", latency, TRUE);
  /* a machine busy with other tests can hold a thread back once in a while;
   * a loop that waited for the reads would stall every time, for longer than
   * all of them take */
  for (guint attempt = 1; attempt <= 3 && stall >= STALL_LIMIT_MS * 1000; attempt++)
    {
      stall = measure_stall (db->crm, lead_id, deal_id, &elapsed);
      g_test_message ("attempt %u at %d ms a round trip: the reads took %.1f ms one after the other; "
                      "the longest stall of the loop was %.1f ms",
                      attempt, LATENCY_MS, elapsed / 1000.0, stall / 1000.0);
      g_assert_cmpint (elapsed, >=, WORK_AT_LEAST_MS * 1000);
    }
  g_unsetenv ("FCRM_STORE_LATENCY_MS");
  g_assert_cmpint (stall, <, STALL_LIMIT_MS * 1000);
}

/* A worker that cannot open reports it, and tries again next time */

static void
test_open_error (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) lead = NULL, missing = NULL, found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = g_strconcat (db->dir, ".moved", NULL);
  g_autofree char *sql = NULL;

  fcrm_test_add_user (db->crm, "anna", "manager");
  lead = fcrm_test_add_lead (db->crm, "Pine bed", "anna");

  if (fcrm_test_is_pg ())
    {
      sql = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS false", db->pg_name);
      fcrm_test_pg_exec (sql);
    }
  else
    g_assert_cmpint (g_rename (db->dir, moved), ==, 0);

  missing = item_get (db->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_null (missing);
  /* a file that has gone is not created again; a server that refuses is storage */
  {
    int expected = fcrm_test_is_pg () ? FCRM_ERROR_STORAGE : FCRM_ERROR_NO_DATABASE;

    g_assert_error (error, FCRM_ERROR, expected);
  }
  g_test_message ("the worker could not open: %s", error->message);
  g_clear_error (&error);

  if (fcrm_test_is_pg ())
    {
      g_free (sql);
      sql = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS true", db->pg_name);
      fcrm_test_pg_exec (sql);
    }
  else
    {
      /* no empty database was made where the file had been */
      g_assert_false (g_file_test (db->dir, G_FILE_TEST_EXISTS));
      g_assert_cmpint (g_rename (moved, db->dir), ==, 0);
    }

  found = item_get (db->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, lead->id);
}

/* Jobs keep their FcrmCrm; the last answer lets it go, worker and all */

static void
test_dispose (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) users = NULL;
  FcrmCrm *crm = fcrm_crm_open (fcrm_test_location (db), db->clock, &error);
  GAsyncResult *slot = NULL;
  GObject *source;

  g_assert_no_error (error);
  fcrm_test_add_user (db->crm, "anna", "manager");
  g_object_add_weak_pointer (G_OBJECT (crm), (gpointer *) &crm);
  fcrm_crm_list_users_async (crm, NULL, keep_result_cb, &slot);
  g_object_unref (crm);
  g_assert_nonnull (crm);     /* the job holds it */
  result = wait_result (&slot);
  source = g_async_result_get_source_object (result);
  users = fcrm_crm_list_users_finish (FCRM_CRM (source), result, &error);
  g_object_unref (source);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_clear_object (&result);
  g_assert_null (crm);        /* gone with the last answer, its worker stopped */
}

/* The board model that never blocks */

static void
wait_loaded (FcrmBoardModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (fcrm_board_model_is_loading (model))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_board_model (void)
{
  enum { N = 120 };
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmBoardModel) model = NULL, sync = NULL;
  g_autoptr(FcrmItem) real = NULL, expected = NULL, first = NULL, added = NULL, sync_first = NULL;
  FcrmTestItemsChanged changed = { 0 };
  gint64 deadline;

  fcrm_test_add_user (db->crm, "anna", "manager");
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *title = g_strdup_printf ("Lead %u", i);
      g_autoptr(FcrmItem) lead = NULL;

      fcrm_clock_advance (db->clock, 60);
      lead = fcrm_test_add_lead (db->crm, title, "anna");
    }
  sync = fcrm_board_model_new (db->crm, "lead.new");

  /* nothing known yet: empty, loading, and the caller did not wait */
  model = fcrm_board_model_new_async (db->crm, "lead.new");
  fcrm_test_record_items_changed (G_LIST_MODEL (model), &changed);
  g_assert_true (fcrm_board_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, 0);

  wait_loaded (model);
  /* the totals and the first page, in one answer */
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.added, ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_true (fcrm_board_model_has_more (model));
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, fcrm_board_model_get_count (sync));
  g_assert_cmpint (fcrm_board_model_get_sum (model), ==, fcrm_board_model_get_sum (sync));
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, N);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  sync_first = g_list_model_get_item (G_LIST_MODEL (sync), 0);
  g_assert_false (fcrm_item_is_loading (first));
  g_assert_cmpint (first->id, ==, sync_first->id);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 60));

  /* the next page: asked for at once, appended when it is in */
  changed = (FcrmTestItemsChanged) { 0 };
  fcrm_board_model_load_more (model);
  fcrm_board_model_load_more (model);   /* one is under way: nothing more */
  g_assert_cmpuint (changed.n_signals, ==, 0);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (changed.n_signals == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 50);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 50);
  fcrm_board_model_load_more (sync);
  real = g_list_model_get_item (G_LIST_MODEL (model), 60);
  expected = g_list_model_get_item (G_LIST_MODEL (sync), 60);
  g_assert_false (fcrm_item_is_loading (real));
  g_assert_cmpint (real->id, ==, expected->id);
  g_assert_cmpint (real->id, >, 0);

  /* a refresh returns at once; count, sum and rows follow */
  added = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Newest", .budget = "5 000", .responsible = "anna" },
                             NULL);
  g_assert_nonnull (added);
  changed = (FcrmTestItemsChanged) { 0 };
  fcrm_board_model_refresh (model);
  g_assert_true (fcrm_board_model_is_loading (model));
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, N);
  g_assert_cmpuint (changed.n_signals, ==, 0);
  wait_loaded (model);
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, N + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 100);
  g_assert_cmpuint (changed.added, ==, 100);
  /* the cards it held were read again with the count */
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_false (fcrm_item_is_loading (first));
  g_assert_cmpint (first->id, ==, added->id);
  g_clear_object (&real);
  real = g_list_model_get_item (G_LIST_MODEL (model), 60);
  g_assert_false (fcrm_item_is_loading (real));

  /* a filter nobody matches: the column empties once the answer comes */
  fcrm_board_model_set_filter (model, &(FcrmBoardFilter) { .responsible_id = -1 });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpint (fcrm_board_model_get_count (model), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  main_thread = g_thread_self ();
  g_unsetenv ("FCRM_STORE_LATENCY_MS");

  g_test_add_func ("/async/read-generic", test_read_generic);
  g_test_add_func ("/async/card-load", test_card_load);
  g_test_add_func ("/async/card-load-repair", test_card_load_repair);
  g_test_add_func ("/async/errors", test_errors);
  g_test_add_func ("/async/cancel", test_cancel);
  g_test_add_func ("/async/sees-writes", test_sees_writes);
  g_test_add_func ("/async/never-blocks", test_never_blocks);
  g_test_add_func ("/async/open-error", test_open_error);
  g_test_add_func ("/async/dispose", test_dispose);
  g_test_add_func ("/async/board-model", test_board_model);
  return g_test_run ();
}
