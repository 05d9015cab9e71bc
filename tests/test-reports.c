/* Reports (issue 12): every report's numbers on a fixed data set built
 * through the facade at known moments, compared with what was worked out by
 * hand below; the filters (period, pipeline, responsible); the JSON and CSV
 * the CLI prints; the asynchronous pair; and, on the office server, a
 * manager's reports covering only what they may see. */

#include <json-glib/json-glib.h>

#include "fcrm-test-office.h"
#include "fcrm-crm-async.h"
#include "fcrm-reports.h"
#include "fcrm-undo.h"

#define DAY (24 * 3600)

/* The data set. Times are days after t0 (2026-01-12 10:00 local); "now" is
 * t0 + 8 days (2026-01-20 10:00).
 *
 *   D7  manufacturing, anna, 40 000: added 2025-01-14 10:00, won a day later
 *   L1  lead, call, anna, 100 000: t0; In progress at 1; converted (deal only)
 *       to manufacturing at 3 -> D1
 *   L2  lead, call, boris: t0; junk at 2
 *   L3  lead, webform, anna, 5 000: added at 1, stays Unprocessed
 *   L4  lead, webform, boris, 7 000: added at 1; In progress at 1.5
 *   D1  manufacturing, anna, 100 000 (from L1): Contract at 3; Prepayment at 5; won at 6
 *   D2  design, boris, 50 000: t0; Contract at 2; To installation at 4 (so
 *       manufacturing Contract at 4); won at 7
 *   D3  repair, anna, 2 000: t0; lost at 1 (expensive); its callback done at 2
 *   D4  manufacturing, boris, 30 000: added at 1; lost at 3 (other, with a text)
 *   D5  manufacturing, anna, 70 000: t0, stays in Contract
 *   D6  manufacturing, anna, 20 000: added at 6, stays in Contract */
typedef struct
{
  FcrmTestTeam team;
  gint64       l1, l2, l3, l4, d1, d2, d3, d4, d5, d6, d7;
} Data;

#define OTHER_REASON "Chose a \"cheaper\" workshop, nearer"

static void
at (Data   *d,
    double  days)
{
  fcrm_clock_set (d->team.db->clock, d->team.t0 + (gint64) (days * DAY));
}

static gint64
add_lead (Data       *d,
          const char *source,
          const char *responsible,
          const char *budget)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (d->team.crm,
                                                &(FcrmLeadInput) { .title = "Wardrobe", .name = "Ivan Petrov",
                                                                   .source = source, .budget = budget,
                                                                   .responsible = responsible },
                                                &error);

  g_assert_no_error (error);
  return lead->id;
}

static gint64
add_deal (Data       *d,
          const char *pipeline,
          const char *responsible,
          const char *budget)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = fcrm_crm_deal_add (d->team.crm,
                                                &(FcrmDealInput) { .pipeline = pipeline, .title = "Kitchen",
                                                                   .budget = budget, .responsible = responsible },
                                                &error);

  g_assert_no_error (error);
  return deal->id;
}

static void
move (Data           *d,
      FcrmEntityType  type,
      gint64          id,
      const char     *stage)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_item_move (d->team.crm, type, id, stage, &error));
  g_assert_no_error (error);
}

static void
win (Data   *d,
     gint64  id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fcrm_crm_deal_win (d->team.crm, id, &error));
  g_assert_no_error (error);
}

static void
data_setup (Data          *d,
            gconstpointer  user_data)
{
  FcrmCrm *crm;
  g_autoptr(GError) error = NULL;
  FcrmConvertResult converted = { 0 };

  fcrm_test_team_setup (&d->team, user_data);
  crm = d->team.crm;

  fcrm_clock_set (d->team.db->clock, fcrm_test_local_time (2025, 1, 14, 10, 0));
  d->d7 = add_deal (d, "manufacturing", "anna", "40000");
  fcrm_clock_set (d->team.db->clock, fcrm_test_local_time (2025, 1, 15, 10, 0));
  win (d, d->d7);

  at (d, 0);
  d->l1 = add_lead (d, "call", "anna", "100000");
  d->l2 = add_lead (d, "call", "boris", NULL);
  d->d2 = add_deal (d, "design", "boris", "50000");
  d->d3 = add_deal (d, "repair", "anna", "2000");
  d->d5 = add_deal (d, "manufacturing", "anna", "70000");

  at (d, 1);
  move (d, FCRM_ENTITY_LEAD, d->l1, "lead.in_progress");
  d->l3 = add_lead (d, "webform", "anna", "5000");
  d->l4 = add_lead (d, "webform", "boris", "7000");
  fcrm_test_deal_lose (crm, d->d3, "expensive", NULL);
  d->d4 = add_deal (d, "manufacturing", "boris", "30000");

  at (d, 1.5);
  move (d, FCRM_ENTITY_LEAD, d->l4, "lead.in_progress");

  at (d, 2);
  g_assert_true (fcrm_crm_lead_junk (crm, d->l2, NULL, &error));
  move (d, FCRM_ENTITY_DEAL, d->d2, "design.contract");
  {
    g_autoptr(FcrmTask) callback = fcrm_test_item_task (crm, FCRM_ENTITY_DEAL, d->d3, "callback");

    g_assert_true (fcrm_crm_task_done (crm, callback->id, &error));
    g_assert_no_error (error);
  }

  at (d, 3);
  g_assert_true (fcrm_crm_lead_convert (crm, d->l1, "manufacturing", FCRM_CONVERT_DEAL, &converted, &error));
  g_assert_no_error (error);
  d->d1 = converted.deal_id;
  fcrm_test_deal_lose (crm, d->d4, "other", NULL);
  fcrm_test_deal_set (crm, d->d4, "loss_reason_text", OTHER_REASON);

  at (d, 4);
  move (d, FCRM_ENTITY_DEAL, d->d2, "design.to_installation");

  at (d, 5);
  move (d, FCRM_ENTITY_DEAL, d->d1, "mfg.prepayment");

  at (d, 6);
  win (d, d->d1);
  d->d6 = add_deal (d, "manufacturing", "anna", "20000");

  at (d, 7);
  win (d, d->d2);

  at (d, 8);
}

static void
data_teardown (Data          *d,
               gconstpointer  user_data)
{
  fcrm_test_team_teardown (&d->team, user_data);
}

/* ---- reading a table -------------------------------------------------- */

static FcrmReportTable *
report (FcrmCrm                *crm,
        FcrmReportKind          kind,
        const FcrmReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  FcrmReportTable *table = fcrm_crm_report (crm, kind, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  g_assert_cmpint (table->kind, ==, kind);
  return table;
}

/* The row whose @key cell holds the code @value (NULL: null) and whose
 * "total" flag is @total; NULL when none. */
static FcrmReportRow *
find_row (FcrmReportTable *table,
          const char      *key,
          const char      *value,
          gboolean         total)
{
  int c = fcrm_report_table_find_column (table, key);

  g_assert_cmpint (c, >=, 0);
  for (guint i = 0; i < table->rows->len; i++)
    {
      FcrmReportRow *row = g_ptr_array_index (table->rows, i);

      if (row->total == total && g_strcmp0 (row->cells[c].null ? NULL : row->cells[c].text, value) == 0)
        return row;
    }
  return NULL;
}

/* The machine text of cell @key of the row found as find_row() finds it
 * (the row must exist): "" for a null cell. */
static char *
cell (FcrmReportTable *table,
      const char      *match_key,
      const char      *match_value,
      gboolean         total,
      const char      *key)
{
  FcrmReportRow *row = find_row (table, match_key, match_value, total);
  int c = fcrm_report_table_find_column (table, key);

  if (row == NULL)
    g_error ("no row with %s = %s (total %d)", match_key, match_value, total);
  g_assert_cmpint (c, >=, 0);
  return fcrm_report_cell_to_string (&table->columns[c], &row->cells[c]);
}

/* "a|b|c": cell @key of every row, machine text. */
static char *
column_text (FcrmReportTable *table,
             const char      *key)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int c = fcrm_report_table_find_column (table, key);

  g_assert_cmpint (c, >=, 0);
  for (guint i = 0; i < table->rows->len; i++)
    {
      FcrmReportRow *row = g_ptr_array_index (table->rows, i);
      g_autofree char *text = fcrm_report_cell_to_string (&table->columns[c], &row->cells[c]);

      g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", text);
    }
  return g_strdup (out->str);
}

/* Cells @keys (space-separated) of one row, "k=v k=v". */
static char *
row_text (FcrmReportTable *table,
          const char      *match_key,
          const char      *match_value,
          gboolean         total,
          const char      *keys)
{
  g_auto(GStrv) list = g_strsplit (keys, " ", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *text = cell (table, match_key, match_value, total, list[i]);
      g_string_append_printf (out, "%s%s=%s", i > 0 ? " " : "", list[i], text);
    }
  return g_strdup (out->str);
}

#define assert_row(table, mk, mv, total, keys, expected) \
  G_STMT_START { \
    g_autofree char *row_text_ = row_text (table, mk, mv, total, keys); \
    g_assert_cmpstr (row_text_, ==, expected); \
  } G_STMT_END

static gint64
day_of (int year, int month, int day)
{
  return fcrm_test_local_time (year, month, day, 0, 0);
}

/* ---- the reports -------------------------------------------------------- */

static void
test_funnel (Data          *d,
             gconstpointer  data)
{
  g_autoptr(FcrmReportTable) all = report (d->team.crm, FCRM_REPORT_FUNNEL, NULL);
  g_autoptr(FcrmReportTable) mfg = NULL;
  g_autoptr(FcrmReportTable) period = NULL;
  g_autoptr(FcrmReportTable) boris = NULL;
  g_autofree char *stages = column_text (all, "stage");
  g_autofree char *mfg_stages = NULL;
  const char *keys = "count budget entered advanced conversion";

  /* one row per open stage of every pipeline, in order */
  g_assert_cmpstr (stages, ==, "lead.new|lead.in_progress"
                   "|mfg.contract|mfg.prepayment|mfg.production|mfg.delivery|mfg.installation|mfg.payment"
                   "|design.consultation|design.contract|design.prepayment|design.design|design.approval|design.to_installation"
                   "|repair.analysis|repair.warranty_check|repair.warranty_repair|repair.prepayment|repair.paid_repair");
  g_assert_cmpint (all->chart, ==, FCRM_REPORT_CHART_FUNNEL);
  g_assert_cmpint (all->chart_label, ==, fcrm_report_table_find_column (all, "stage"));
  /* open now: L3 / L4; entries: L1 L2 L3 L4 went on L1 L4 (L2 junk); L1 L4, L1 converted */
  assert_row (all, "stage", "lead.new", FALSE, keys,
              "count=1 budget=5000.00 entered=4 advanced=2 conversion=0.5");
  assert_row (all, "stage", "lead.in_progress", FALSE, keys,
              "count=1 budget=7000.00 entered=2 advanced=1 conversion=0.5");
  /* open now D5 D6; entered D7 D1 D2 (handed over) D4 D5 D6; went on D7 (won) D1 D2 */
  assert_row (all, "stage", "mfg.contract", FALSE, keys,
              "count=2 budget=90000.00 entered=6 advanced=3 conversion=0.5");
  assert_row (all, "stage", "mfg.prepayment", FALSE, keys,
              "count=0 budget=0.00 entered=1 advanced=1 conversion=1");
  assert_row (all, "stage", "mfg.production", FALSE, keys,
              "count=0 budget=0.00 entered=0 advanced=0 conversion=");
  /* the hand-over to manufacturing is progress */
  assert_row (all, "stage", "design.to_installation", FALSE, keys,
              "count=0 budget=0.00 entered=1 advanced=1 conversion=1");
  assert_row (all, "stage", "design.consultation", FALSE, "entered advanced", "entered=1 advanced=1");
  assert_row (all, "stage", "repair.analysis", FALSE, keys,
              "count=0 budget=0.00 entered=1 advanced=0 conversion=0");
  assert_row (all, "stage", "mfg.contract", FALSE, "pipeline", "pipeline=manufacturing");

  mfg = report (d->team.crm, FCRM_REPORT_FUNNEL, &(FcrmReportFilter) { .pipeline = "manufacturing" });
  mfg_stages = column_text (mfg, "stage");
  g_assert_cmpstr (mfg_stages, ==, "mfg.contract|mfg.prepayment|mfg.production|mfg.delivery|mfg.installation|mfg.payment");
  assert_row (mfg, "stage", "mfg.contract", FALSE, keys,
              "count=2 budget=90000.00 entered=6 advanced=3 conversion=0.5");

  /* from 2026-01-13: D5 entered its stage before; D7's old entry is out */
  period = report (d->team.crm, FCRM_REPORT_FUNNEL, &(FcrmReportFilter) { .from = day_of (2026, 1, 13) });
  assert_row (period, "stage", "mfg.contract", FALSE, keys,
              "count=1 budget=20000.00 entered=4 advanced=2 conversion=0.5");
  assert_row (period, "stage", "lead.new", FALSE, "count entered advanced", "count=1 entered=2 advanced=1");

  boris = report (d->team.crm, FCRM_REPORT_FUNNEL, &(FcrmReportFilter) { .responsible_id = d->team.boris });
  assert_row (boris, "stage", "lead.new", FALSE, keys,
              "count=0 budget=0.00 entered=2 advanced=1 conversion=0.5");
  assert_row (boris, "stage", "mfg.contract", FALSE, keys,
              "count=0 budget=0.00 entered=2 advanced=1 conversion=0.5");
}

static void
test_conversion (Data          *d,
                 gconstpointer  data)
{
  g_autoptr(FcrmReportTable) all = report (d->team.crm, FCRM_REPORT_CONVERSION, NULL);
  g_autoptr(FcrmReportTable) boris = NULL;
  g_autoptr(FcrmReportTable) design = NULL;
  g_autoptr(FcrmReportTable) later = NULL;
  g_autofree char *by = column_text (all, "by");
  g_autofree char *users = column_text (all, "user");
  const char *keys = "count converted won conversion_rate win_rate";

  /* every source, then each responsible by name */
  g_assert_cmpstr (by, ==, "source|source|source|source|source|user|user");
  g_assert_cmpstr (users, ==, "|||||anna|boris");
  assert_row (all, "source", "call", FALSE, keys, "count=2 converted=1 won=1 conversion_rate=0.5 win_rate=0.5");
  assert_row (all, "source", "webform", FALSE, keys, "count=2 converted=0 won=0 conversion_rate=0 win_rate=0");
  assert_row (all, "source", "email", FALSE, keys, "count=0 converted=0 won=0 conversion_rate= win_rate=");
  assert_row (all, "user", "anna", FALSE, keys, "count=2 converted=1 won=1 conversion_rate=0.5 win_rate=0.5");
  assert_row (all, "user", "boris", FALSE, keys, "count=2 converted=0 won=0 conversion_rate=0 win_rate=0");

  boris = report (d->team.crm, FCRM_REPORT_CONVERSION, &(FcrmReportFilter) { .responsible_id = d->team.boris });
  g_clear_pointer (&users, g_free);
  users = column_text (boris, "user");
  g_assert_cmpstr (users, ==, "|||||boris");
  assert_row (boris, "source", "call", FALSE, keys, "count=1 converted=0 won=0 conversion_rate=0 win_rate=0");

  /* L1 went to manufacturing, not design */
  design = report (d->team.crm, FCRM_REPORT_CONVERSION, &(FcrmReportFilter) { .pipeline = "design" });
  assert_row (design, "source", "call", FALSE, keys, "count=2 converted=0 won=0 conversion_rate=0 win_rate=0");

  /* created on 2026-01-13 only: L3 and L4 */
  later = report (d->team.crm, FCRM_REPORT_CONVERSION,
                  &(FcrmReportFilter) { .from = day_of (2026, 1, 13), .to = day_of (2026, 1, 13) });
  assert_row (later, "source", "call", FALSE, "count", "count=0");
  assert_row (later, "source", "webform", FALSE, "count", "count=2");
}

static void
test_losses (Data          *d,
             gconstpointer  data)
{
  g_autoptr(FcrmReportTable) all = report (d->team.crm, FCRM_REPORT_LOSSES, NULL);
  g_autoptr(FcrmReportTable) day = NULL;
  g_autoptr(FcrmReportTable) repair = NULL;
  g_autofree char *reasons = column_text (all, "reason");
  const char *keys = "lost budget share texts won win_rate";

  g_assert_cmpstr (reasons, ==, "expensive|not_relevant|no_response|other|");
  assert_row (all, "reason", "expensive", FALSE, keys, "lost=1 budget=2000.00 share=0.5 texts= won= win_rate=");
  assert_row (all, "reason", "not_relevant", FALSE, keys, "lost=0 budget=0.00 share=0 texts= won= win_rate=");
  assert_row (all, "reason", "other", FALSE, keys,
              "lost=1 budget=30000.00 share=0.5 texts=" OTHER_REASON " won= win_rate=");
  /* won D7 D1 D2, lost D3 D4 */
  assert_row (all, "reason", NULL, TRUE, keys, "lost=2 budget=32000.00 share=1 texts= won=3 win_rate=0.6");

  /* closed on 2026-01-13: D3 only */
  day = report (d->team.crm, FCRM_REPORT_LOSSES,
                &(FcrmReportFilter) { .from = day_of (2026, 1, 13), .to = day_of (2026, 1, 13) });
  assert_row (day, "reason", NULL, TRUE, keys, "lost=1 budget=2000.00 share=1 texts= won=0 win_rate=0");
  assert_row (day, "reason", "other", FALSE, "lost texts", "lost=0 texts=");

  repair = report (d->team.crm, FCRM_REPORT_LOSSES, &(FcrmReportFilter) { .pipeline = "repair" });
  assert_row (repair, "reason", NULL, TRUE, keys, "lost=1 budget=2000.00 share=1 texts= won=0 win_rate=0");
}

static void
test_time (Data          *d,
           gconstpointer  data)
{
  g_autoptr(FcrmReportTable) all = report (d->team.crm, FCRM_REPORT_TIME, NULL);
  g_autoptr(FcrmReportTable) period = NULL;
  g_autoptr(FcrmReportTable) anna = NULL;
  const char *keys = "count avg_days median_days";

  /* ended entries: L1 1 d, L2 2 d, L4 0.5 d */
  assert_row (all, "stage", "lead.new", FALSE, keys, "count=3 avg_days=1.17 median_days=1");
  assert_row (all, "stage", "lead.in_progress", FALSE, keys, "count=1 avg_days=2 median_days=2");
  /* closed leads: L1 after 3 d, L2 after 2 d */
  assert_row (all, "pipeline", "lead", TRUE, keys, "count=2 avg_days=2.5 median_days=2.5");
  /* Contract: D7 1 d, D1 2 d, D2 3 d, D4 2 d */
  assert_row (all, "stage", "mfg.contract", FALSE, keys, "count=4 avg_days=2 median_days=2");
  assert_row (all, "stage", "mfg.prepayment", FALSE, keys, "count=1 avg_days=1 median_days=1");
  assert_row (all, "stage", "mfg.production", FALSE, keys, "count=0 avg_days= median_days=");
  /* whole cycles closed in manufacturing: D7 1 d, D1 3 d, D4 2 d and D2 7 d
   * (its 4 design days included) */
  assert_row (all, "pipeline", "manufacturing", TRUE, keys, "count=4 avg_days=3.25 median_days=2.5");
  assert_row (all, "pipeline", "manufacturing", TRUE, "stage", "stage=");
  /* D2's design part counts in the design stages */
  assert_row (all, "stage", "design.consultation", FALSE, keys, "count=1 avg_days=2 median_days=2");
  assert_row (all, "stage", "design.to_installation", FALSE, keys, "count=1 avg_days=0 median_days=0");
  assert_row (all, "pipeline", "design", TRUE, keys, "count=0 avg_days= median_days=");
  assert_row (all, "pipeline", "repair", TRUE, keys, "count=1 avg_days=1 median_days=1");

  /* from 2026: D7 is out */
  period = report (d->team.crm, FCRM_REPORT_TIME, &(FcrmReportFilter) { .from = day_of (2026, 1, 1) });
  assert_row (period, "stage", "mfg.contract", FALSE, keys, "count=3 avg_days=2.33 median_days=2");
  assert_row (period, "pipeline", "manufacturing", TRUE, keys, "count=3 avg_days=4 median_days=3");

  /* anna: lead.new L1 1 d, L3 open; Contract D7 1 d, D1 2 d */
  anna = report (d->team.crm, FCRM_REPORT_TIME,
                 &(FcrmReportFilter) { .responsible_id = d->team.anna, .pipeline = "manufacturing" });
  assert_row (anna, "stage", "mfg.contract", FALSE, keys, "count=2 avg_days=1.5 median_days=1.5");
  g_assert_null (find_row (anna, "stage", "lead.new", FALSE));
}

/* An item that goes back and on again: whether an entry went on depends on
 * every later entry, in the order they were made, also those outside the
 * period. D8 (manufacturing, boris), from 2026-01-20 10:00 (day 8):
 * Contract; Prepayment at 8.5; back to Contract at 9; Production at 9.5;
 * lost at 10. */
static void
test_back_and_forth (Data          *d,
                     gconstpointer  data)
{
  g_autoptr(FcrmReportTable) funnel = NULL, funnel_day = NULL, funnel_boris = NULL;
  g_autoptr(FcrmReportTable) time = NULL, time_day = NULL;
  FcrmReportFilter from = { .from = day_of (2026, 1, 20) };
  FcrmReportFilter day = { .from = day_of (2026, 1, 20), .to = day_of (2026, 1, 20) };
  FcrmReportFilter boris = { .from = day_of (2026, 1, 20), .responsible_id = d->team.boris, .pipeline = "manufacturing" };
  const char *keys = "count entered advanced";
  gint64 d8;

  d8 = add_deal (d, "manufacturing", "boris", "10000");
  at (d, 8.5);
  move (d, FCRM_ENTITY_DEAL, d8, "mfg.prepayment");
  at (d, 9);
  move (d, FCRM_ENTITY_DEAL, d8, "mfg.contract");
  at (d, 9.5);
  move (d, FCRM_ENTITY_DEAL, d8, "mfg.production");
  at (d, 10);
  fcrm_test_deal_lose (d->team.crm, d8, "expensive", NULL);

  /* both Contract entries went on (to Prepayment, to Production); Prepayment
   * went on to Production, not back to Contract; Production only to the loss */
  funnel = report (d->team.crm, FCRM_REPORT_FUNNEL, &from);
  assert_row (funnel, "stage", "mfg.contract", FALSE, keys, "count=0 entered=2 advanced=2");
  assert_row (funnel, "stage", "mfg.prepayment", FALSE, keys, "count=0 entered=1 advanced=1");
  assert_row (funnel, "stage", "mfg.production", FALSE, keys, "count=0 entered=1 advanced=0");
  funnel_boris = report (d->team.crm, FCRM_REPORT_FUNNEL, &boris);
  assert_row (funnel_boris, "stage", "mfg.contract", FALSE, keys, "count=0 entered=2 advanced=2");
  assert_row (funnel_boris, "stage", "mfg.production", FALSE, keys, "count=0 entered=1 advanced=0");
  /* on 2026-01-20 only the first Contract and Prepayment were made; both
   * went on, Prepayment by the Production entry of the next day */
  funnel_day = report (d->team.crm, FCRM_REPORT_FUNNEL, &day);
  assert_row (funnel_day, "stage", "mfg.contract", FALSE, keys, "count=0 entered=1 advanced=1");
  assert_row (funnel_day, "stage", "mfg.prepayment", FALSE, keys, "count=0 entered=1 advanced=1");
  assert_row (funnel_day, "stage", "mfg.production", FALSE, keys, "count=0 entered=0 advanced=0");

  time = report (d->team.crm, FCRM_REPORT_TIME, &from);
  assert_row (time, "stage", "mfg.contract", FALSE, "count avg_days median_days", "count=2 avg_days=0.5 median_days=0.5");
  assert_row (time, "stage", "mfg.prepayment", FALSE, "count avg_days", "count=1 avg_days=0.5");
  assert_row (time, "stage", "mfg.production", FALSE, "count avg_days", "count=1 avg_days=0.5");
  /* its whole cycle, from the first Contract to the loss */
  assert_row (time, "pipeline", "manufacturing", TRUE, "count avg_days median_days", "count=1 avg_days=2 median_days=2");
  /* on 2026-01-20 only the first Contract ended; the cycle closed later */
  time_day = report (d->team.crm, FCRM_REPORT_TIME, &day);
  assert_row (time_day, "stage", "mfg.contract", FALSE, "count avg_days", "count=1 avg_days=0.5");
  assert_row (time_day, "stage", "mfg.prepayment", FALSE, "count", "count=0");
  assert_row (time_day, "pipeline", "manufacturing", TRUE, "count", "count=0");
}

/* Each entry carries its item's cycle start (schema 12), whatever wrote it:
 * a new item, a move, a conversion's deal, a handover to Manufacturing, an
 * undo; and where older entries have none, the time report looks the
 * first entries up and gives the same cycles. */
static void
test_cycle_start (Data          *d,
                  gconstpointer  data)
{
  g_autoptr(FcrmReportTable) kept = NULL, looked_up = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept_json = NULL, *looked_up_json = NULL;

  at (d, 8);
  undo = fcrm_crm_snapshot (d->team.crm, FCRM_ENTITY_DEAL, d->d5, &error);
  g_assert_no_error (error);
  move (d, FCRM_ENTITY_DEAL, d->d5, "mfg.prepayment");
  g_assert_true (fcrm_crm_undo (d->team.crm, undo, &error));
  g_assert_no_error (error);

  g_assert_cmpint (fcrm_test_int (d->team.crm, "SELECT count(*) FROM stage_history"), >=, 20);
  g_assert_cmpint (fcrm_test_int (d->team.crm,
                                  "SELECT count(*) FROM stage_history h WHERE h.cycle_start IS NULL"
                                  " OR h.cycle_start <> (SELECT f.entered_at FROM stage_history f"
                                  "  WHERE f.entity_type = h.entity_type AND f.entity_id = h.entity_id"
                                  "  ORDER BY f.id LIMIT 1)"), ==, 0);
  /* D2 started in Design at day 0 and closed in Manufacturing at day 7 */
  g_assert_cmpint (fcrm_test_int1 (d->team.crm, "SELECT cycle_start FROM stage_history"
                                                " WHERE entity_type = 'deal' AND entity_id = ? AND left_at IS NULL",
                                   d->d2), ==, d->team.t0);

  kept = report (d->team.crm, FCRM_REPORT_TIME, NULL);
  fcrm_test_exec (d->team.crm, "UPDATE stage_history SET cycle_start = NULL");
  looked_up = report (d->team.crm, FCRM_REPORT_TIME, NULL);
  kept_json = fcrm_report_table_to_json (kept);
  looked_up_json = fcrm_report_table_to_json (looked_up);
  g_assert_cmpstr (kept_json, ==, looked_up_json);
  assert_row (looked_up, "pipeline", "manufacturing", TRUE, "count avg_days", "count=4 avg_days=3.25");
}

static void
test_stuck (Data          *d,
            gconstpointer  data)
{
  g_autoptr(FcrmReportTable) all = report (d->team.crm, FCRM_REPORT_STUCK, NULL);
  g_autoptr(FcrmReportTable) leads = NULL;
  g_autoptr(FcrmItem) d5 = fcrm_crm_deal_get (d->team.crm, d->d5, NULL);
  g_autofree char *ids = column_text (all, "id");
  g_autofree char *types = column_text (all, "type");
  g_autofree char *days = column_text (all, "days");
  g_autofree char *users = column_text (all, "user");
  g_autofree char *task = NULL;
  FcrmReportRow *first = g_ptr_array_index (all->rows, 0);
  g_autofree char *expected_ids = g_strdup_printf ("%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                                                   d->d5, d->l3, d->l4);

  /* longest in their stage first; D6 (2 days) is not stuck */
  g_assert_cmpstr (ids, ==, expected_ids);
  g_assert_cmpstr (types, ==, "deal|lead|lead");
  g_assert_cmpstr (days, ==, "8|7|6.5");
  g_assert_cmpstr (users, ==, "anna|anna|boris");
  g_assert_cmpint (first->entity_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpint (first->entity_id, ==, d->d5);
  /* the next task is the one the board shows */
  task = cell (all, "stage", "mfg.contract", FALSE, "next_task");
  g_assert_cmpstr (task, ==, d5->next_task_title != NULL ? d5->next_task_title : "");

  leads = report (d->team.crm, FCRM_REPORT_STUCK, &(FcrmReportFilter) { .pipeline = "lead", .responsible_id = d->team.boris });
  g_clear_pointer (&ids, g_free);
  ids = column_text (leads, "id");
  g_clear_pointer (&expected_ids, g_free);
  expected_ids = g_strdup_printf ("%" G_GINT64_FORMAT, d->l4);
  g_assert_cmpstr (ids, ==, expected_ids);
}

/* Open tasks of @user past due at "now": a day's task from the next day on. */
static gint64
overdue_of (Data       *d,
            const char *user)
{
  g_autoptr(GPtrArray) tasks = fcrm_test_tasks (d->team.crm, user, TRUE, NULL);
  gint64 now = fcrm_clock_now (d->team.db->clock);
  gint64 today = fcrm_test_local_time (2026, 1, 20, 0, 0);
  gint64 n = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (tasks, i);

      if (t->due_at != 0 && (t->due_is_date ? t->due_at < today : t->due_at < now))
        n++;
    }
  return n;
}

static void
test_managers (Data          *d,
               gconstpointer  data)
{
  g_autoptr(FcrmReportTable) all = report (d->team.crm, FCRM_REPORT_MANAGERS, NULL);
  g_autoptr(FcrmReportTable) period = NULL;
  g_autoptr(FcrmReportTable) boris = NULL;
  g_autofree char *anna_row = NULL, *boris_row = NULL, *users = NULL;
  const char *keys = "leads converted won lost revenue overdue_tasks callbacks_done";

  anna_row = g_strdup_printf ("leads=2 converted=1 won=2 lost=1 revenue=140000.00 overdue_tasks=%" G_GINT64_FORMAT
                              " callbacks_done=1", overdue_of (d, "anna"));
  boris_row = g_strdup_printf ("leads=2 converted=0 won=1 lost=1 revenue=50000.00 overdue_tasks=%" G_GINT64_FORMAT
                               " callbacks_done=0", overdue_of (d, "boris"));
  /* lost deals leave callbacks due next month: not overdue; the robots' tasks may be */
  assert_row (all, "user", "anna", FALSE, keys, anna_row);
  assert_row (all, "user", "boris", FALSE, keys, boris_row);

  period = report (d->team.crm, FCRM_REPORT_MANAGERS, &(FcrmReportFilter) { .from = day_of (2026, 1, 1) });
  assert_row (period, "user", "anna", FALSE, "leads won lost revenue callbacks_done",
              "leads=2 won=1 lost=1 revenue=100000.00 callbacks_done=1");

  boris = report (d->team.crm, FCRM_REPORT_MANAGERS, &(FcrmReportFilter) { .responsible_id = d->team.boris });
  users = column_text (boris, "user");
  g_assert_cmpstr (users, ==, "boris");
}

static void
test_revenue (Data          *d,
              gconstpointer  data)
{
  g_autoptr(FcrmReportTable) year = report (d->team.crm, FCRM_REPORT_REVENUE, NULL);
  g_autoptr(FcrmReportTable) span = NULL;
  g_autoptr(FcrmReportTable) boris = NULL;
  g_autofree char *months = column_text (year, "month");
  const char *keys = "count revenue previous_count previous_revenue";

  /* the twelve months up to this one */
  g_assert_cmpstr (months, ==, "2025-02|2025-03|2025-04|2025-05|2025-06|2025-07|2025-08|2025-09|2025-10"
                   "|2025-11|2025-12|2026-01");
  assert_row (year, "month", "2026-01", FALSE, keys,
              "count=2 revenue=150000.00 previous_count=1 previous_revenue=40000.00");
  assert_row (year, "month", "2025-12", FALSE, keys,
              "count=0 revenue=0.00 previous_count=0 previous_revenue=0.00");
  g_assert_cmpint (year->chart_compare, ==, fcrm_report_table_find_column (year, "previous_revenue"));

  span = report (d->team.crm, FCRM_REPORT_REVENUE,
                 &(FcrmReportFilter) { .from = day_of (2025, 1, 1), .to = day_of (2026, 1, 31) });
  g_assert_cmpuint (span->rows->len, ==, 13);
  assert_row (span, "month", "2025-01", FALSE, keys, "count=1 revenue=40000.00 previous_count=0 previous_revenue=0.00");
  assert_row (span, "month", "2026-01", FALSE, keys,
              "count=2 revenue=150000.00 previous_count=1 previous_revenue=40000.00");

  boris = report (d->team.crm, FCRM_REPORT_REVENUE, &(FcrmReportFilter) { .responsible_id = d->team.boris });
  assert_row (boris, "month", "2026-01", FALSE, keys, "count=1 revenue=50000.00 previous_count=0 previous_revenue=0.00");
}

/* ---- output and entry points -------------------------------------------- */

static void
test_json_csv (Data          *d,
               gconstpointer  data)
{
  g_autoptr(FcrmReportTable) losses = report (d->team.crm, FCRM_REPORT_LOSSES, NULL);
  g_autoptr(FcrmReportTable) funnel = report (d->team.crm, FCRM_REPORT_FUNNEL, NULL);
  g_autofree char *csv = fcrm_report_table_to_csv (losses, ',');
  g_autofree char *json = fcrm_report_table_to_json (losses);
  g_autofree char *funnel_json = fcrm_report_table_to_json (funnel);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rows;
  JsonObject *other;

  g_assert_true (g_str_has_prefix (csv, "reason,lost,budget,share,texts,won,win_rate\r\nexpensive,1,2000.00,0.5,,,\r\n"));
  /* RFC 4180: a field with a comma or quotes is quoted, quotes doubled */
  g_assert_nonnull (strstr (csv, "\r\nother,1,30000.00,0.5,\"Chose a \"\"cheaper\"\" workshop, nearer\",,\r\n"));
  g_assert_true (g_str_has_suffix (csv, "\r\n,2,32000.00,1,,3,0.6\r\n"));

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  other = json_array_get_object_element (rows, 3);
  g_assert_cmpstr (json_object_get_string_member (other, "reason"), ==, "other");
  g_assert_cmpint (json_object_get_int_member (other, "lost"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (other, "budget"), ==, "30000.00");
  g_assert_cmpfloat (json_object_get_double_member (other, "share"), ==, 0.5);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (other, "texts"), 0), ==, OTHER_REASON);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (rows, 4), "reason"));
  /* counts are numbers, money decimal strings */
  g_assert_nonnull (strstr (funnel_json, "\"stage\":\"mfg.contract\",\"count\":2,\"budget\":\"90000.00\",\"entered\":6"));
}

static void
report_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FcrmReportTable **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fcrm_crm_report_finish (FCRM_CRM (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async_and_refusals (Data          *d,
                         gconstpointer  data)
{
  FcrmReportTable *table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pipeline = g_strdup ("manufacturing");
  FcrmReportFilter filter = { pipeline, 0, 0, 0 };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  FcrmReportKind kind;

  fcrm_crm_report_async (d->team.crm, FCRM_REPORT_FUNNEL, &filter, NULL, report_ready_cb, &table);
  /* the filter was copied */
  g_clear_pointer (&pipeline, g_free);
  while (table == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (table);
  assert_row (table, "stage", "mfg.contract", FALSE, "count budget", "count=2 budget=90000.00");
  g_assert_cmpuint (table->rows->len, ==, 6);
  fcrm_report_table_free (table);

  g_assert_null (fcrm_crm_report (d->team.crm, FCRM_REPORT_FUNNEL, &(FcrmReportFilter) { .pipeline = "garden" }, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_report (d->team.crm, FCRM_REPORT_LOSSES,
                                  &(FcrmReportFilter) { .from = day_of (2026, 2, 1), .to = day_of (2026, 1, 1) }, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);

  for (guint k = 0; k < FCRM_REPORT_N_KINDS; k++)
    {
      g_assert_true (fcrm_report_kind_from_string (fcrm_report_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (fcrm_report_kind_display_name (k));
    }
  g_assert_false (fcrm_report_kind_from_string ("sales", &kind));
}

/* ---- the office server: a manager sees their own ---------------------------- */

static void
test_office_scope (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) la = NULL, li = NULL, da = NULL, di = NULL;
  g_autoptr(FcrmCrm) anna = NULL;
  g_autoptr(FcrmCrm) pavel = NULL;
  g_autoptr(FcrmReportTable) conv_a = NULL, conv_p = NULL, loss_a = NULL, loss_p = NULL;
  g_autoptr(FcrmReportTable) man_a = NULL, man_p = NULL, funnel_a = NULL;
  g_autofree char *users_a = NULL, *users_p = NULL, *expected_p = NULL;

  la = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) { .title = "A", .source = "call", .responsible = f->anna }, &error);
  g_assert_no_error (error);
  li = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) { .title = "I", .source = "webform", .responsible = f->igor }, &error);
  g_assert_no_error (error);
  da = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "A", .budget = "10000",
                                                     .responsible = f->anna }, &error);
  g_assert_no_error (error);
  di = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "I", .budget = "20000",
                                                     .responsible = f->igor }, &error);
  g_assert_no_error (error);
  fcrm_clock_advance (f->db->clock, DAY);
  fcrm_test_deal_lose (f->crm, da->id, "expensive", NULL);
  g_assert_true (fcrm_crm_deal_win (f->crm, di->id, &error));

  anna = open_as (f, f->anna, f->db->clock);
  pavel = open_as (f, f->pavel, f->db->clock);

  conv_a = report (anna, FCRM_REPORT_CONVERSION, NULL);
  conv_p = report (pavel, FCRM_REPORT_CONVERSION, NULL);
  assert_row (conv_a, "source", "call", FALSE, "count", "count=1");
  assert_row (conv_a, "source", "webform", FALSE, "count", "count=0");
  assert_row (conv_p, "source", "webform", FALSE, "count", "count=1");

  loss_a = report (anna, FCRM_REPORT_LOSSES, NULL);
  loss_p = report (pavel, FCRM_REPORT_LOSSES, NULL);
  assert_row (loss_a, "reason", NULL, TRUE, "lost budget won", "lost=1 budget=10000.00 won=0");
  assert_row (loss_p, "reason", NULL, TRUE, "lost budget won", "lost=1 budget=10000.00 won=1");

  man_a = report (anna, FCRM_REPORT_MANAGERS, NULL);
  man_p = report (pavel, FCRM_REPORT_MANAGERS, NULL);
  users_a = column_text (man_a, "user");
  users_p = column_text (man_p, "user");
  g_assert_cmpstr (users_a, ==, f->anna);
  expected_p = g_strdup_printf ("%s|%s", f->anna, f->igor);
  g_assert_cmpstr (users_p, ==, expected_p);
  assert_row (man_p, "user", f->igor, FALSE, "leads won revenue", "leads=1 won=1 revenue=20000.00");

  funnel_a = report (anna, FCRM_REPORT_FUNNEL, NULL);
  assert_row (funnel_a, "stage", "lead.new", FALSE, "count entered", "count=1 entered=1");
}

int
main (int    argc,
      char **argv)
{
  fcrm_test_init (&argc, &argv);

#define ADD(name, fn) g_test_add ("/reports/" name, Data, NULL, data_setup, fn, data_teardown)
  ADD ("funnel", test_funnel);
  ADD ("conversion", test_conversion);
  ADD ("losses", test_losses);
  ADD ("time", test_time);
  ADD ("back-and-forth", test_back_and_forth);
  ADD ("cycle-start", test_cycle_start);
  ADD ("stuck", test_stuck);
  ADD ("managers", test_managers);
  ADD ("revenue", test_revenue);
  ADD ("json-csv", test_json_csv);
  ADD ("async-and-refusals", test_async_and_refusals);
#undef ADD
  if (fcrm_test_is_pg ())
    g_test_add ("/reports/office-scope", Fixture, NULL, fixture_setup, test_office_scope, fixture_teardown);

  return g_test_run ();
}
