/* Hostile or sloppy input (issue 8): control characters in one-line fields
 * are stripped, budgets beyond range say so (also as JSON numbers), minus
 * zero is zero everywhere, and a designer is never a lead's responsible. */

#include "fcrm-test-util.h"
#include "fcrm-comments.h"
#include "fcrm-field.h"
#include "fcrm-inbox.h"
#include "fcrm-intake.h"
#include "fcrm-phone.h"

/* ---- control characters ------------------------------------------------------------ */

static void
test_sanitize (void)
{
  static const struct { const char *in, *line, *multi; } cases[] = {
    { "plain", "plain", "plain" },
    { "Ivan\tIvanov", "Ivan Ivanov", "Ivan\tIvanov" },
    { "a\r\nb", "a b", "a\nb" },
    { "a\rb", "a b", "a\nb" },
    { "a\n\n\nb", "a b", "a\n\n\nb" },
    { "bell\a esc\x1b[31mred\x1b[0m del\x7f", "bell esc[31mred[0m del", "bell esc[31mred[0m del" },
    { "nel\xc2\x85" "csi\xc2\x9b" "nbsp\xc2\xa0" "ok", "nelcsinbsp\xc2\xa0ok", "nelcsinbsp\xc2\xa0ok" },
    { "\x01\x02\x03", "", "" },
    { "Пётр\vПетров", "Пётр Петров", "ПётрПетров" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = fcrm_text_sanitize (cases[i].in, FALSE);
      g_autofree char *multi = fcrm_text_sanitize (cases[i].in, TRUE);

      g_assert_cmpstr (line, ==, cases[i].line);
      g_assert_cmpstr (multi, ==, cases[i].multi);
    }
  g_assert_null (fcrm_text_sanitize (NULL, FALSE));
}

static void
test_lead_fields_stripped (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) again = NULL;
  FcrmLeadInput input = {
    .title = "Kitchen\x1b[2J for\tthe\r\nIvanovs\x7f",
    .name = "Ivan\x01Ivanov\n",
    .phone = "+7 912\t345-67-89",
    .email = "ivan@example.com\r\n",
    .company = "Oak\x0b" "Co",
    .source = "call\x1b",
    .comment = "Line 1\r\nLine 2\tend\a",
  };

  lead = fcrm_crm_lead_add (db->crm, &input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lead->title, ==, "Kitchen[2J for the Ivanovs");
  g_assert_cmpstr (lead->name, ==, "IvanIvanov");
  g_assert_cmpstr (lead->phone, ==, "+7 912 345-67-89");
  g_assert_cmpstr (lead->email, ==, "ivan@example.com");
  g_assert_cmpstr (lead->company_name, ==, "Oak Co");
  g_assert_cmpstr (lead->source, ==, "call");
  g_assert_cmpstr (lead->comment, ==, "Line 1\nLine 2\tend");

  /* editing a field strips too; a multi-line one keeps its lines */
  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "name", "Petr\x1b Petrov\r\n", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "comment", "a\r\nb\x1b", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "budget", "150\t000", -1, &error));
  g_assert_no_error (error);
  again = fcrm_crm_lead_get (db->crm, lead->id, &error);
  g_assert_cmpstr (again->name, ==, "Petr Petrov");
  g_assert_cmpstr (again->comment, ==, "a\nb");
  g_assert_cmpint (again->budget, ==, G_GINT64_CONSTANT (15000000));

  /* a title of nothing but control characters is no title */
  g_assert_false (fcrm_crm_lead_set (db->crm, lead->id, "title", "\x01\x02\t", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
}

static void
test_nothing_left_is_refused (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmTestSnapshot before;

  fcrm_test_snapshot (db->crm, &before);
  lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "\x1b\x07", .name = "\r\n" }, &error);
  g_assert_null (lead);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* an e-mail address never holds one, whoever calls the check */
  g_assert_false (fcrm_email_validate ("ivan\x01@example.com", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  fcrm_test_assert_unchanged (db->crm, &before);
}

static void
test_other_texts_stripped (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) again = NULL;
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(FcrmComment) comment = NULL;
  g_autoptr(FcrmTask) task = NULL;

  user = fcrm_crm_user_add (db->crm, "anna", "Anna\x1b]0;owned\x07 Petrova", "manager", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->name, ==, "Anna]0;owned Petrova");
  g_assert_true (fcrm_crm_set_actor (db->crm, "anna", &error));

  deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "design", .title = "\tWardrobe\r\n" }, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deal->title, ==, "Wardrobe");
  g_assert_true (fcrm_crm_deal_set (db->crm, deal->id, "design", "Oak\r\nWalnut\x1b", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_deal_set (db->crm, deal->id, "title", "Big\nwardrobe", -1, &error));
  g_assert_no_error (error);
  again = fcrm_crm_deal_get (db->crm, deal->id, &error);
  g_assert_cmpstr (again->design, ==, "Oak\nWalnut");
  g_assert_cmpstr (again->title, ==, "Big wardrobe");

  comment = fcrm_crm_comment_add (db->crm, FCRM_ENTITY_DEAL, deal->id, "First\r\nsecond\x1b[1m", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment->text, ==, "First\nsecond[1m");

  task = fcrm_crm_task_add (db->crm, "Call\nback\x07", "Ask about\r\nthe\x1b colour", NULL, NULL,
                            FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (task->title, ==, "Call back");
  g_assert_cmpstr (task->description, ==, "Ask about\nthe colour");
}

/* The intake: a JSON "\u001b" is a control character like any other. */
static void
test_intake_stripped (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_auto(FcrmIntakeFields) fields = { 0 };
  static const char json[] = "{\"name\": \"Ivan\\u001b[2J\\u0007\", \"phone\": \"8 912 345 67 89\\n\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input;

  g_assert_true (fcrm_intake_parse ("application/json", body, &fields, &error));
  g_assert_no_error (error);
  input = fcrm_intake_to_input (&fields, "webform");
  lead = fcrm_crm_lead_add (db->crm, &input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lead->name, ==, "Ivan[2J");
  g_assert_cmpstr (lead->phone, ==, "8 912 345 67 89");
}

/* ---- budgets ---------------------------------------------------------------------------- */

/* What the intake makes of @json's budget: the lead's kopecks, or -1 and @word in the refusal. */
static void
check_json_budget (FcrmCrm    *crm,
                   const char *json,
                   gint64      kopecks,
                   const char *word)
{
  g_auto(FcrmIntakeFields) fields = { 0 };
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input;
  FcrmTestSnapshot before;

  fcrm_test_snapshot (crm, &before);
  if (fcrm_intake_parse ("application/json", body, &fields, &error))
    {
      input = fcrm_intake_to_input (&fields, "webform");
      lead = fcrm_crm_lead_add (crm, &input, &error);
    }
  if (kopecks >= 0)
    {
      if (lead == NULL)
        g_error ("%s: refused: %s", json, error->message);
      g_assert_cmpint (lead->budget, ==, kopecks);
      return;
    }
  if (lead != NULL)
    g_error ("%s: accepted as %" G_GINT64_FORMAT " kopecks", json, lead->budget);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  if (strstr (error->message, word) == NULL)
    g_error ("%s: the message does not say “%s”: %s", json, word, error->message);
  fcrm_test_assert_unchanged (crm, &before);
}

static void
test_json_budgets (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  FcrmCrm *crm = db->crm;

  /* beyond 64 bits json-glib wraps these to -1 or to G_MININT64: "too large" all the same */
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 99999999999999999999}", -1, "too large");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 18446744073709551615}", -1, "too large");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 9223372036854775808}", -1, "too large");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 9223372036854775807}", -1, "too large");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 10000000000000.01}", -1, "too large");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": \"99999999999999999999\"}", -1, "too large");
  /* the member is found however its name is written, and the last one counts (as json-glib keeps it) */
  check_json_budget (crm, "{\"name\": \"x\", \"bud\\u0067et\": 99999999999999999999}", -1, "too large");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 5, \"budget\": 99999999999999999999}", -1, "too large");
  check_json_budget (crm, "{\"budget\": 99999999999999999999, \"budget\": 7, \"name\": \"x\"}", 700, NULL);
  check_json_budget (crm, "{\"x\": {\"budget\": 99999999999999999999}, \"budget\": 2, \"name\": \"x\"}", 200, NULL);
  check_json_budget (crm, "{\"x\": \"\\\"budget\\\": 1\", \"name\": \"x\", \"budget\":12}", 1200, NULL);
  /* negative, malformed */
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": -5}", -1, "negative");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": -99999999999999999999}", -1, "negative");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 1e20}", -1, "not an amount");
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 1.005}", -1, "not an amount");
  /* plain amounts, exactly (never through floating point) */
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 150000}", G_GINT64_CONSTANT (15000000), NULL);
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 150000.5}", G_GINT64_CONSTANT (15000050), NULL);
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 9999999999999.99}", G_GINT64_CONSTANT (999999999999999), NULL);
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": 10000000000000}", G_GINT64_CONSTANT (1000000000000000), NULL);
  /* minus zero is zero, as a number or as text */
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": -0}", 0, NULL);
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": -0.0}", 0, NULL);
  check_json_budget (crm, "{\"name\": \"x\", \"budget\": \"-0.00\"}", 0, NULL);
}

static void
test_minus_zero_everywhere (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) lead2 = NULL;
  g_autoptr(FcrmItem) deal2 = NULL;

  lead = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "x", .budget = "-0" }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lead->budget, ==, 0);
  deal = fcrm_crm_deal_add (db->crm, &(FcrmDealInput) { .pipeline = "repair", .title = "y", .budget = "-0,00" },
                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (deal->budget, ==, 0);

  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "budget", "5", -1, &error));
  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "budget", "\u22120", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_deal_set (db->crm, deal->id, "budget", "5", -1, &error));
  g_assert_true (fcrm_crm_deal_set (db->crm, deal->id, "budget", "-0.0", -1, &error));
  g_assert_no_error (error);
  lead2 = fcrm_crm_lead_get (db->crm, lead->id, &error);
  deal2 = fcrm_crm_deal_get (db->crm, deal->id, &error);
  g_assert_cmpint (lead2->budget, ==, 0);
  g_assert_cmpint (deal2->budget, ==, 0);

  /* and a real minus is refused on every path */
  g_assert_false (fcrm_crm_lead_set (db->crm, lead->id, "budget", "-0.01", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_set (db->crm, deal->id, "budget", "99999999999999999999", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "too large"));
}

/* ---- a designer is never a lead's responsible ------------------------------------------ */

static void
test_designer_not_lead_responsible (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(FcrmItem) refused = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) next = NULL;
  g_autoptr(FcrmItem) again = NULL;
  FcrmTestSnapshot before;
  gint64 anna, olga, sveta;

  olga = fcrm_test_add_user (db->crm, "olga", "designer");
  sveta = fcrm_test_add_user (db->crm, "sveta", "supervisor");

  /* with nobody else, round-robin never picks the designer */
  lead = fcrm_test_add_lead (db->crm, "Only a designer here", NULL);
  g_assert_cmpint (lead->responsible_id, ==, 0);
  g_clear_object (&lead);
  anna = fcrm_test_add_user (db->crm, "anna", "manager");

  fcrm_test_snapshot (db->crm, &before);
  refused = fcrm_crm_lead_add (db->crm, &(FcrmLeadInput) { .title = "Kitchen", .responsible = "olga" }, &error);
  g_assert_null (refused);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "designer"));
  g_test_message ("message: %s", error->message);
  g_clear_error (&error);

  lead = fcrm_test_add_lead (db->crm, "Kitchen", "anna");
  fcrm_test_snapshot (db->crm, &before);
  g_assert_false (fcrm_crm_lead_set (db->crm, lead->id, "responsible", "olga", -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_set_default_manager (db->crm, "olga", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (db->crm, &before);

  /* a supervisor may take a lead; a designer may take a deal */
  g_assert_true (fcrm_crm_lead_set (db->crm, lead->id, "responsible", "sveta", -1, &error));
  g_assert_no_error (error);
  again = fcrm_crm_lead_get (db->crm, lead->id, &error);
  g_assert_cmpint (again->responsible_id, ==, sveta);
  deal = fcrm_test_add_deal (db->crm, "design", "Wardrobe", "olga");
  g_assert_cmpint (deal->responsible_id, ==, olga);

  /* a default set before this rule (here: written directly) sends new leads to round-robin */
  fcrm_test_exec (db->crm, "INSERT INTO settings (key, value) VALUES ('default_manager', 'olga')");
  next = fcrm_test_add_lead (db->crm, "Hallway", NULL);
  g_assert_cmpint (next->responsible_id, ==, anna);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/input/control/sanitize", test_sanitize);
  g_test_add_func ("/input/control/lead-fields", test_lead_fields_stripped);
  g_test_add_func ("/input/control/nothing-left", test_nothing_left_is_refused);
  g_test_add_func ("/input/control/other-texts", test_other_texts_stripped);
  g_test_add_func ("/input/control/intake", test_intake_stripped);
  g_test_add_func ("/input/budget/json", test_json_budgets);
  g_test_add_func ("/input/budget/minus-zero", test_minus_zero_everywhere);
  g_test_add_func ("/input/designer-not-lead-responsible", test_designer_not_lead_responsible);
  return g_test_run ();
}
