#define G_LOG_DOMAIN "fcrm-bench"

/* fcrm-bench stall LOCATION LATENCY_MS ROUNDS, for build-aux/bench: the longest stall of the main loop while a board
 * column (count, sum, first 50 cards) and a lead's and a deal's card are
 * opened over a slow link (FCRM_STORE_LATENCY_MS), reading through the
 * worker (fcrm-crm-async.h); and, as the baseline, how long the same reads
 * take when made on the main loop, as before. Prints one JSON object. An
 * empty database is given a small demo data set first. No display needed. */

#include "fcrm-bench.h"
#include "fcrm-test-util.h"
#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-crm-async.h"
#include "fcrm-inbox.h"

#define STAGE "lead.new"

/* The first item of any stage of @pipeline. */
static gint64
some_item (FcrmCrm    *crm,
           const char *pipeline)
{
  FcrmPipeline *p = fcrm_crm_get_pipeline (crm, pipeline);

  for (guint i = 0; p != NULL && i < p->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (p->stages, i);
      g_autoptr(GPtrArray) page = fcrm_crm_stage_page (crm, stage->code, 0, 1, NULL);

      if (page != NULL && page->len > 0)
        return ((FcrmItem *) g_ptr_array_index (page, 0))->id;
    }
  g_error ("no item in the pipeline %s", pipeline);
}

/* What the card and the column read, on the calling thread: the reads
 * fcrm_crm_card_load_async() and fcrm_crm_stage_page_async() make. */
static void
open_card_sync (FcrmCrm        *crm,
                FcrmEntityType  type,
                gint64          id)
{
  g_autoptr(FcrmItem) item = type == FCRM_ENTITY_LEAD ? fcrm_crm_lead_get (crm, id, NULL)
                                                      : fcrm_crm_deal_get (crm, id, NULL);
  g_autoptr(FcrmItem) linked = NULL;
  gint64 linked_id = item == NULL ? 0 : type == FCRM_ENTITY_LEAD ? item->deal_id : item->lead_id;
  GPtrArray *lists[7];

  g_assert (item != NULL);
  if (linked_id > 0)
    linked = type == FCRM_ENTITY_LEAD ? fcrm_crm_deal_get (crm, linked_id, NULL)
                                      : fcrm_crm_lead_get (crm, linked_id, NULL);
  lists[0] = fcrm_crm_history (crm, type, id, NULL);
  lists[1] = fcrm_crm_comments (crm, type, id, NULL);
  lists[2] = fcrm_crm_item_tasks (crm, type, id, NULL);
  lists[3] = fcrm_crm_item_notifications (crm, type, id, NULL);
  lists[4] = fcrm_crm_attachments (crm, type, id, NULL);
  lists[5] = fcrm_crm_list_users (crm, NULL);
  lists[6] = type == FCRM_ENTITY_DEAL ? fcrm_crm_deal_participants (crm, id, NULL) : g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_assert (lists[i] != NULL);
      g_ptr_array_unref (lists[i]);
    }
}

static double
open_sync (FcrmCrm *crm,
           gint64   lead_id,
           gint64   deal_id)
{
  gint64 start = g_get_monotonic_time ();
  gint64 count = 0, sum = 0;
  g_autoptr(GPtrArray) page = NULL;

  if (!fcrm_crm_stage_totals_filtered (crm, STAGE, NULL, &count, &sum, NULL))
    g_error ("cannot count %s", STAGE);
  page = fcrm_crm_stage_page_filtered (crm, STAGE, NULL, 0, 50, NULL);
  g_assert (page != NULL);
  open_card_sync (crm, FCRM_ENTITY_LEAD, lead_id);
  open_card_sync (crm, FCRM_ENTITY_DEAL, deal_id);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
answer_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  guint *answers = data;
  g_autoptr(GError) error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  if (value == NULL)
    g_error ("%s", error->message);
  if (g_task_get_source_tag (G_TASK (result)) == fcrm_crm_stage_page_async)
    fcrm_stage_page_free (value);
  else
    fcrm_card_data_free (value);
  (*answers)++;
}

/* Returns the longest stall of the loop (ms); @out_total: until the last answer. */
static double
open_async (FcrmCrm *crm,
            gint64   lead_id,
            gint64   deal_id,
            double  *out_total)
{
  FcrmTestStallMeter meter;
  guint answers = 0;
  gint64 start = g_get_monotonic_time ();
  double stall;

  fcrm_test_stall_start (&meter, 1);
  fcrm_crm_stage_page_async (crm, STAGE, NULL, 0, 50, TRUE, NULL, answer_cb, &answers);
  fcrm_crm_card_load_async (crm, FCRM_ENTITY_LEAD, lead_id, NULL, answer_cb, &answers);
  fcrm_crm_card_load_async (crm, FCRM_ENTITY_DEAL, deal_id, NULL, answer_cb, &answers);
  while (answers < 3)
    g_main_context_iteration (NULL, TRUE);
  stall = fcrm_test_stall_stop (&meter) / 1000.0;
  *out_total = (g_get_monotonic_time () - start) / 1000.0;
  return stall;
}

void
fcrm_bench_stall (const char *location,
                  const char *latency,
                  guint       rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) setup = NULL, crm = NULL;
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) syncs = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 lead_id, deal_id;
  double median_stall;

  /* data and ids without delay */
  g_unsetenv ("FCRM_STORE_LATENCY_MS");
  setup = fcrm_crm_open (location, NULL, &error);
  if (setup == NULL)
    g_error ("%s", error->message);
  if (fcrm_crm_is_empty (setup) &&
      !fcrm_crm_demo (setup, &(FcrmDemoOptions) { .leads = 200, .deals = 200, .contacts = 100, .seed = 42 }, &error))
    g_error ("%s", error->message);
  lead_id = some_item (setup, "lead");
  deal_id = some_item (setup, "manufacturing");
  g_clear_object (&setup);

  /* from here on every round trip takes LATENCY_MS, the worker's too */
  g_setenv ("FCRM_STORE_LATENCY_MS", latency, TRUE);
  crm = fcrm_crm_open (location, NULL, &error);
  if (crm == NULL)
    g_error ("%s", error->message);
  for (guint r = 0; r < MAX (rounds, 1); r++)
    {
      double total = 0, stall, sync;

      /* the first round opens the worker's connection as well */
      stall = open_async (crm, lead_id, deal_id, &total);
      sync = open_sync (crm, lead_id, deal_id);
      g_array_append_val (stalls, stall);
      g_array_append_val (totals, total);
      g_array_append_val (syncs, sync);
    }
  median_stall = fcrm_bench_median (stalls);   /* sorts: the longest is last */
  g_print ("{\"figure\": \"stall\", \"latency_ms\": %s, \"stall_ms\": %.1f, \"stall_max_ms\": %.1f, "
           "\"async_total_ms\": %.1f, \"sync_ms\": %.1f, \"n\": %u}\n",
           latency, median_stall, g_array_index (stalls, double, stalls->len - 1),
           fcrm_bench_median (totals), fcrm_bench_median (syncs), stalls->len);
}
