/* Leads: intake (SPEC §3.1), duplicates (§3.2), moves and outcomes (§3.3). */

#include "fcrm-test-util.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      anna, boris, sveta, dina;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->boris = fcrm_test_add_user (f->crm, "boris", "manager");
  f->sveta = fcrm_test_add_user (f->crm, "sveta", "supervisor");
  f->dina = fcrm_test_add_user (f->crm, "dina", "designer");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

static FcrmItem *
add_lead (FcrmCrm             *crm,
          const FcrmLeadInput *in)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_add (crm, in, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
}

static FcrmItem *
get_lead (FcrmCrm *crm,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *lead = fcrm_crm_lead_get (crm, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
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
test_add_every_field (Fixture      *f,
                      gconstpointer data)
{
  gint64 now = fcrm_clock_now (f->db->clock);
  FcrmLeadInput in = {
    .title = "  Kitchen for the Ivanovs  ",
    .name = "Ivan Ivanov",
    .phone = "8 (912) 345-67-89",
    .email = "Ivan.Ivanov@Example.COM",
    .company = "Ivanov & Sons",
    .source = "webform",
    .budget = "250 000,50",
    .comment = "Oak, 3 m, delivery in March",
    .responsible = "anna",
  };
  g_autoptr(FcrmItem) lead = add_lead (f->crm, &in);
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *phone_norm = NULL;
  g_autofree char *email_norm = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (lead->type, ==, FCRM_ENTITY_LEAD);
  g_assert_cmpint (lead->id, >, 0);
  g_assert_cmpstr (lead->title, ==, "Kitchen for the Ivanovs");
  g_assert_cmpstr (lead->name, ==, "Ivan Ivanov");
  g_assert_cmpstr (lead->phone, ==, "8 (912) 345-67-89");
  g_assert_cmpstr (lead->email, ==, "Ivan.Ivanov@Example.COM");
  g_assert_cmpstr (lead->company_name, ==, "Ivanov & Sons");
  g_assert_cmpstr (lead->source, ==, "webform");
  g_assert_cmpint (lead->budget, ==, G_GINT64_CONSTANT (25000050));
  g_assert_cmpstr (lead->comment, ==, "Oak, 3 m, delivery in March");
  g_assert_cmpint (lead->responsible_id, ==, f->anna);
  g_assert_cmpstr (lead->responsible_login, ==, "anna");
  g_assert_cmpstr (lead->responsible_name, ==, "User anna");
  g_assert_cmpstr (lead->pipeline, ==, "lead");
  g_assert_cmpstr (lead->stage, ==, "lead.new");
  g_assert_cmpstr (fcrm_item_get_stage_name (lead), ==, "Unprocessed");
  g_assert_cmpint (lead->created_at, ==, now);
  g_assert_cmpint (lead->stage_entered_at, ==, now);
  g_assert_cmpint (lead->contact_id, ==, 0);
  g_assert_cmpint (lead->company_id, ==, 0);
  g_assert_cmpint (lead->deal_id, ==, 0);
  g_assert_false (lead->returning);
  g_assert_cmpint (lead->days_in_stage, ==, 0);
  g_assert_cmpstr (fcrm_item_get_client (lead), ==, "Ivan Ivanov");
  g_assert_false (fcrm_crm_is_empty (f->crm));

  /* normal forms for duplicate search */
  phone_norm = fcrm_test_text1 (f->crm, "SELECT phone_norm FROM leads WHERE id = ?", lead->id);
  email_norm = fcrm_test_text1 (f->crm, "SELECT email_norm FROM leads WHERE id = ?", lead->id);
  g_assert_cmpstr (phone_norm, ==, "79123456789");
  g_assert_cmpstr (email_norm, ==, "ivan.ivanov@example.com");

  /* the stage entry, written by the creation itself */
  history = fcrm_crm_history (f->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((FcrmHistoryEntry *) g_ptr_array_index (history, 0))->stage, ==, "lead.new");
  g_assert_cmpint (((FcrmHistoryEntry *) g_ptr_array_index (history, 0))->entered_at, ==, now);
  g_assert_cmpint (((FcrmHistoryEntry *) g_ptr_array_index (history, 0))->left_at, ==, 0);

  /* the on-entry robot fired for R, inside the creation (SPEC §3.1) */
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 1);
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "*"), ==, 1);
  {
    g_autoptr(GPtrArray) list = fcrm_test_item_notifications (f->crm, FCRM_ENTITY_LEAD, lead->id);
    FcrmNotification *n;

    g_assert_cmpuint (list->len, ==, 1);
    n = g_ptr_array_index (list, 0);
    /* the item's title as it was, in the text of the new lead's robot */
    g_assert_cmpstr (n->text, ==, "New lead “Kitchen for the Ivanovs”: process it.");
    g_assert_cmpint (n->user_id, ==, f->anna);
    g_assert_cmpint (n->created_at, ==, now);
  }
  /* and the delayed ones are waiting: +1d and +3d */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue"), ==, 2);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue WHERE due_at = ?", now + 86400), ==, 1);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue WHERE due_at = ?", now + 3 * 86400), ==, 1);
}

static void
test_add_needs_something (Fixture      *f,
                          gconstpointer data)
{
  FcrmTestSnapshot before;
  const FcrmLeadInput empty[] = {
    { 0 },
    { .title = "", .name = "  ", .phone = "\t", .email = " " },
    { .company = "Only a company", .budget = "1000", .comment = "no way to reach them", .source = "call" },
  };

  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (f->crm, &empty[i], &error);

      g_assert_null (lead);
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
    }
  fcrm_test_assert_unchanged (f->crm, &before);

  /* any one of the four is enough */
  {
    g_autoptr(FcrmItem) a = add_lead (f->crm, &(FcrmLeadInput) { .title = "Wardrobe" });
    g_autoptr(FcrmItem) b = add_lead (f->crm, &(FcrmLeadInput) { .name = "Maria Petrova" });
    g_autoptr(FcrmItem) c = add_lead (f->crm, &(FcrmLeadInput) { .phone = "+7 912 000-00-01" });
    g_autoptr(FcrmItem) d = add_lead (f->crm, &(FcrmLeadInput) { .email = "maria@example.com" });

    g_assert_cmpstr (a->title, ==, "Wardrobe");
    g_assert_cmpstr (a->source, ==, "other");
    g_assert_nonnull (strstr (b->title, "Maria Petrova"));
    g_assert_nonnull (strstr (c->title, "+7 912 000-00-01"));
    g_assert_nonnull (strstr (d->title, "maria@example.com"));
  }
}

static void
test_generated_titles (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(FcrmItem) call = add_lead (f->crm, &(FcrmLeadInput) { .phone = "89123456789", .source = "call" });
  g_autoptr(FcrmItem) call_named = add_lead (f->crm, &(FcrmLeadInput) {
    .phone = "+7 (912) 345-67-80", .name = "Oleg", .source = "call" });
  g_autoptr(FcrmItem) web = add_lead (f->crm, &(FcrmLeadInput) { .name = "Oleg Sidorov", .source = "webform" });
  g_autoptr(FcrmItem) mail = add_lead (f->crm, &(FcrmLeadInput) { .email = "oleg@example.com", .source = "email" });
  g_autoptr(FcrmItem) walkin = add_lead (f->crm, &(FcrmLeadInput) { .name = "Oleg", .source = "walkin" });

  g_assert_cmpstr (call->title, ==, "Incoming call +7 912 345-67-89");
  g_assert_cmpstr (call->source, ==, "call");
  g_assert_cmpstr (call_named->title, ==, "Incoming call +7 912 345-67-80");
  g_assert_nonnull (strstr (web->title, "Oleg Sidorov"));
  g_assert_nonnull (strstr (mail->title, "oleg@example.com"));
  g_assert_nonnull (strstr (walkin->title, "Oleg"));
  g_assert_cmpstr (walkin->source, ==, "walkin");
}

typedef struct
{
  const char   *what;
  FcrmLeadInput in;
  int           code;
} BadLead;

static void
test_refused_writes_nothing (Fixture      *f,
                             gconstpointer data)
{
  g_autofree char *long_title = g_strnfill (600, 'T');
  g_autofree char *long_comment = g_strnfill (30000, 'c');
  g_autofree char *long_name = g_strnfill (300, 'n');
  FcrmTestSnapshot before;
  const BadLead bad[] = {
    { "budget", { .title = "x", .budget = "abc" }, FCRM_ERROR_INVALID_INPUT },
    { "negative budget", { .title = "x", .budget = "-5" }, FCRM_ERROR_INVALID_INPUT },
    { "3 decimals", { .title = "x", .budget = "1.234" }, FCRM_ERROR_INVALID_INPUT },
    { "e-mail", { .title = "x", .email = "ivan@" }, FCRM_ERROR_INVALID_INPUT },
    { "e-mail only", { .email = "not an address" }, FCRM_ERROR_INVALID_INPUT },
    { "phone", { .title = "x", .phone = "call me maybe" }, FCRM_ERROR_INVALID_INPUT },
    { "short phone", { .phone = "12" }, FCRM_ERROR_INVALID_INPUT },
    { "source", { .title = "x", .source = "telegram" }, FCRM_ERROR_INVALID_INPUT },
    { "responsible", { .title = "x", .responsible = "ghost" }, FCRM_ERROR_NOT_FOUND },
    { "inactive responsible", { .title = "x", .responsible = "olga" }, FCRM_ERROR_REFUSED },
    { "600-char title", { .title = long_title }, FCRM_ERROR_INVALID_INPUT },
    { "30000-char comment", { .title = "x", .comment = long_comment }, FCRM_ERROR_INVALID_INPUT },
    { "300-char name", { .name = long_name }, FCRM_ERROR_INVALID_INPUT },
    { "300-char company", { .title = "x", .company = long_name }, FCRM_ERROR_INVALID_INPUT },
    { "invalid UTF-8", { .title = "caf\xc3" }, FCRM_ERROR_INVALID_INPUT },
  };

  /* a former employee */
  fcrm_test_add_user (f->crm, "olga", "manager");
  fcrm_test_deactivate (f->crm, "olga");
  /* some history already, so the round-robin setting exists */
  g_object_unref (add_lead (f->crm, &(FcrmLeadInput) { .title = "First" }));

  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (f->crm, &bad[i].in, &error);

      if (lead != NULL)
        g_error ("%s: accepted", bad[i].what);
      if (!g_error_matches (error, FCRM_ERROR, bad[i].code))
        g_error ("%s: expected code %d, got %s", bad[i].what, bad[i].code, error != NULL ? error->message : "no error");
      g_assert_cmpstr (error->message, !=, "");
      fcrm_test_assert_unchanged (f->crm, &before);
    }

  /* the limits themselves are fine, in characters, not bytes */
  {
    g_autoptr(GString) cyrillic = g_string_new (NULL);
    g_autofree char *comment = g_strnfill (20000, 'c');

    for (int i = 0; i < 500; i++)
      g_string_append (cyrillic, "ж");
    g_object_unref (add_lead (f->crm, &(FcrmLeadInput) { .title = cyrillic->str, .comment = comment }));
  }
}

static void
test_responsible_given_beats_default (Fixture      *f,
                                      gconstpointer data)
{
  g_autoptr(FcrmItem) given = NULL;
  g_autoptr(FcrmItem) by_default = NULL;
  g_autoptr(FcrmItem) by_default2 = NULL;

  fcrm_test_exec (f->crm, "INSERT INTO settings (key, value) VALUES ('default_manager', 'boris')");
  given = add_lead (f->crm, &(FcrmLeadInput) { .title = "a", .responsible = "anna" });
  by_default = add_lead (f->crm, &(FcrmLeadInput) { .title = "b" });
  by_default2 = add_lead (f->crm, &(FcrmLeadInput) { .title = "c" });

  g_assert_cmpstr (given->responsible_login, ==, "anna");
  g_assert_cmpstr (by_default->responsible_login, ==, "boris");
  g_assert_cmpstr (by_default2->responsible_login, ==, "boris");
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "lead.new.entry", FCRM_ENTITY_LEAD, by_default->id, f->boris),
                   ==, 1);

  /* a default manager who left no longer gets leads: round-robin takes over */
  fcrm_test_deactivate (f->crm, "boris");
  {
    g_autoptr(FcrmItem) after = add_lead (f->crm, &(FcrmLeadInput) { .title = "d" });
    g_assert_cmpstr (after->responsible_login, ==, "anna");
  }
}

static void
test_responsible_round_robin (Fixture      *f,
                              gconstpointer data)
{
  const char *logins[6];
  gint64 carl = fcrm_test_add_user (f->crm, "carl", "manager");

  /* carl left: only anna and boris are active managers; sveta (supervisor)
   * and dina (designer) never get leads by rotation */
  fcrm_test_deactivate (f->crm, "carl");
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "rr" });

      g_assert_nonnull (lead->responsible_login);
      logins[i] = g_intern_string (lead->responsible_login);
      g_assert_true (lead->responsible_id == f->anna || lead->responsible_id == f->boris);
      g_assert_cmpint (lead->responsible_id, !=, carl);
      /* R gets the on-entry notification */
      g_assert_cmpint (fcrm_test_count_notifications (f->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id,
                                                      lead->responsible_id), ==, 1);
    }
  for (guint i = 1; i < G_N_ELEMENTS (logins); i++)
    g_assert_true (logins[i] != logins[i - 1]);   /* they alternate */
  g_assert_true (logins[0] == logins[2]);

  /* the rotation survives a restart */
  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  {
    g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "rr" });
    g_assert_true (g_intern_string (lead->responsible_login) != logins[5]);
  }
  /* nobody got a supervisor notification: every lead had a responsible */
  g_assert_cmpint (fcrm_test_n_notifications (f->crm, "sveta"), ==, 0);
}

static void
test_responsible_nobody (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  gint64 sveta = fcrm_test_add_user (db->crm, "sveta", "supervisor");
  gint64 petr = fcrm_test_add_user (db->crm, "petr", "supervisor");
  gint64 dina = fcrm_test_add_user (db->crm, "dina", "designer");
  gint64 gone = fcrm_test_add_user (db->crm, "gone", "supervisor");
  g_autoptr(FcrmItem) lead = NULL;

  fcrm_test_deactivate (db->crm, "gone");
  lead = add_lead (db->crm, &(FcrmLeadInput) { .title = "Nobody's lead" });
  g_assert_cmpint (lead->responsible_id, ==, 0);
  g_assert_null (lead->responsible_login);

  /* R-notifications go to S: every active supervisor, nobody else */
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, 0), ==, 2);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, sveta), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, petr), ==, 1);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, dina), ==, 0);
  g_assert_cmpint (fcrm_test_count_notifications (db->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, gone), ==, 0);
}

static void
test_no_users_at_all (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmItem) lead = add_lead (db->crm, &(FcrmLeadInput) { .phone = "+7 912 345-67-89", .source = "call" });

  /* a fresh installation still takes calls */
  g_assert_cmpint (lead->responsible_id, ==, 0);
  g_assert_cmpint (fcrm_test_n_notifications (db->crm, "*"), ==, 0);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM robot_firings"), ==, 1);
}

/* Convert @lead to manufacturing with the defaults; returns the result. */
static FcrmConvertResult
convert (FcrmCrm    *crm,
         gint64      id,
         const char *pipeline,
         FcrmConvertFlags flags)
{
  g_autoptr(GError) error = NULL;
  FcrmConvertResult result = { 0 };

  g_assert_true (fcrm_crm_lead_convert (crm, id, pipeline, flags, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.lead_id, ==, id);
  return result;
}

static void
test_duplicates (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(FcrmItem) first = add_lead (f->crm, &(FcrmLeadInput) {
    .name = "Ivan Ivanov", .phone = "+7 (912) 345-67-89", .email = "Ivan@Example.com", .responsible = "anna" });
  FcrmConvertResult r = convert (f->crm, first->id, "manufacturing", FCRM_CONVERT_DEFAULT);
  gint64 contacts;

  g_assert_cmpint (r.contact_id, >, 0);
  contacts = fcrm_test_int (f->crm, "SELECT count(*) FROM contacts");
  g_assert_cmpint (contacts, ==, 1);

  /* the same phone typed the domestic way */
  {
    g_autoptr(FcrmItem) again = add_lead (f->crm, &(FcrmLeadInput) { .phone = "8 912 345 67 89", .source = "call" });

    g_assert_cmpint (again->contact_id, ==, r.contact_id);
    g_assert_true (again->returning);
    g_assert_cmpstr (again->contact_name, ==, "Ivan Ivanov");
    g_assert_cmpstr (fcrm_item_get_client (again), ==, "Ivan Ivanov");

    /* converting the returning client's lead reuses the contact */
    {
      FcrmConvertResult r2 = convert (f->crm, again->id, "repair", FCRM_CONVERT_DEFAULT);
      g_autoptr(FcrmItem) deal = get_deal (f->crm, r2.deal_id);

      g_assert_cmpint (r2.contact_id, ==, r.contact_id);
      g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, contacts);
      g_assert_cmpint (deal->contact_id, ==, r.contact_id);
      g_assert_true (deal->returning);
    }
  }
  /* the bare 10-digit mobile */
  {
    g_autoptr(FcrmItem) again = add_lead (f->crm, &(FcrmLeadInput) { .phone = "912-345-67-89" });
    g_assert_cmpint (again->contact_id, ==, r.contact_id);
    g_assert_true (again->returning);
  }
  /* e-mail, case-insensitively, with spaces around */
  {
    g_autoptr(FcrmItem) again = add_lead (f->crm, &(FcrmLeadInput) { .email = " IVAN@example.COM " });
    g_assert_cmpint (again->contact_id, ==, r.contact_id);
    g_assert_true (again->returning);
  }
  /* someone else */
  {
    g_autoptr(FcrmItem) other = add_lead (f->crm, &(FcrmLeadInput) {
      .phone = "+7 912 345-67-80", .email = "ivan@example.org" });
    g_assert_cmpint (other->contact_id, ==, 0);
    g_assert_false (other->returning);
  }
}

static void
test_move_in_progress (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "Sofa", .responsible = "anna" });
  g_autoptr(FcrmItem) moved = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = fcrm_clock_now (f->db->clock);
  gint64 t1 = t0 + 2 * 3600;
  FcrmHistoryEntry *e0, *e1;

  fcrm_clock_set (f->db->clock, t1);
  g_assert_true (fcrm_crm_set_actor (f->crm, "boris", &error));
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.in_progress", &error));
  g_assert_no_error (error);

  moved = get_lead (f->crm, lead->id);
  g_assert_cmpstr (moved->stage, ==, "lead.in_progress");
  g_assert_cmpint (moved->stage_entered_at, ==, t1);
  g_assert_cmpint (moved->created_at, ==, t0);
  g_assert_cmpint (moved->version, >, lead->version);

  history = fcrm_crm_history (f->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  e0 = g_ptr_array_index (history, 0);
  e1 = g_ptr_array_index (history, 1);
  g_assert_cmpstr (e0->stage, ==, "lead.new");
  g_assert_cmpint (e0->entered_at, ==, t0);
  g_assert_cmpint (e0->left_at, ==, t1);
  g_assert_cmpstr (e1->stage, ==, "lead.in_progress");
  g_assert_cmpint (e1->entered_at, ==, t1);
  g_assert_cmpint (e1->left_at, ==, 0);
  g_assert_cmpstr (e1->user_login, ==, "boris");

  /* its robot fired for R; lead.new's pending ones were cancelled */
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "lead.in_progress.entry", FCRM_ENTITY_LEAD, lead->id, f->anna),
                   ==, 1);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                          "WHERE r.stage = 'lead.new'"), ==, 0);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                           "WHERE r.template_key = 'lead.in_progress.3d' AND q.due_at = ?",
                                   t1 + 3 * 86400), ==, 1);

  /* moving where it already is changes nothing */
  {
    FcrmTestSnapshot before;

    fcrm_test_snapshot (f->crm, &before);
    g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.in_progress", &error));
    g_assert_no_error (error);
    fcrm_test_assert_unchanged (f->crm, &before);
  }
  /* and back to new is allowed (an open stage), with a fresh entry */
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.new", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "lead.new.entry", FCRM_ENTITY_LEAD, lead->id, f->anna), ==, 2);
}

static void
test_move_refused (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "Sofa", .responsible = "anna" });
  static const char * const stages[] = { "lead.nope", "mfg.contract", "design.won", "", "LEAD.NEW" };
  FcrmTestSnapshot before;

  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (fcrm_crm_lead_move (f->crm, lead->id, stages[i], &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fcrm_crm_lead_move (f->crm, lead->id + 1000, "lead.in_progress", &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (fcrm_crm_lead_get (f->crm, lead->id + 1000, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  }
  fcrm_test_assert_unchanged (f->crm, &before);
  {
    g_autoptr(FcrmItem) still = get_lead (f->crm, lead->id);
    g_assert_cmpstr (still->stage, ==, "lead.new");
  }
}

static void
test_convert_by_move (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) {
    .title = "Kitchen for the Ivanovs", .name = "Ivan Ivanov", .phone = "+7 (912) 345-67-89",
    .email = "Ivan@Example.com", .company = "Ivanov & Sons", .source = "call", .budget = "250 000,50",
    .comment = "Oak, 3 m", .responsible = "boris" });
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 contact, company;

  fcrm_clock_advance (f->db->clock, 3600);
  g_assert_true (fcrm_crm_lead_move (f->crm, lead->id, "lead.to_manufacturing", &error));
  g_assert_no_error (error);

  after = get_lead (f->crm, lead->id);
  g_assert_cmpstr (after->stage, ==, "lead.to_manufacturing");
  g_assert_cmpint (after->deal_id, >, 0);
  g_assert_cmpint (after->contact_id, >, 0);
  g_assert_cmpint (after->company_id, >, 0);
  contact = after->contact_id;
  company = after->company_id;

  /* the contact carries name, phone and e-mail, and belongs to the company */
  {
    g_autofree char *phone = fcrm_test_text1 (f->crm, "SELECT phone_norm FROM contact_phones WHERE contact_id = ?", contact);
    g_autofree char *email = fcrm_test_text1 (f->crm, "SELECT email_norm FROM contact_emails WHERE contact_id = ?", contact);

    g_assert_cmpstr (after->contact_name, ==, "Ivan Ivanov");
    g_assert_cmpstr (phone, ==, "79123456789");
    g_assert_cmpstr (email, ==, "ivan@example.com");
    g_assert_cmpstr (after->company_name, ==, "Ivanov & Sons");
    g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT company_id FROM contacts WHERE id = ?", contact), ==, company);
  }

  /* the deal: manufacturing, first stage, every field carried over */
  deal = get_deal (f->crm, after->deal_id);
  g_assert_cmpint (deal->type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpstr (deal->pipeline, ==, "manufacturing");
  g_assert_cmpstr (deal->stage, ==, "mfg.contract");
  g_assert_cmpstr (deal->title, ==, "Kitchen for the Ivanovs");
  g_assert_cmpint (deal->budget, ==, G_GINT64_CONSTANT (25000050));
  g_assert_cmpstr (deal->source, ==, "call");
  g_assert_cmpstr (deal->comment, ==, "Oak, 3 m");
  g_assert_cmpint (deal->responsible_id, ==, f->boris);
  g_assert_cmpint (deal->contact_id, ==, contact);
  g_assert_cmpint (deal->company_id, ==, company);
  g_assert_cmpint (deal->lead_id, ==, lead->id);
  g_assert_cmpstr (deal->contact_name, ==, "Ivan Ivanov");
  g_assert_cmpstr (deal->company_name, ==, "Ivanov & Sons");
  g_assert_cmpint (deal->closed_at, ==, 0);

  history = fcrm_crm_history (f->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((FcrmHistoryEntry *) g_ptr_array_index (history, 0))->stage, ==, "mfg.contract");
  g_assert_cmpint (fcrm_test_count_notifications (f->crm, "mfg.contract.entry", FCRM_ENTITY_DEAL, deal->id, f->boris),
                   ==, 1);
  /* the lead's own pending robots are gone */
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM robot_queue q JOIN robots r ON r.id = q.robot_id "
                                          "WHERE r.stage LIKE 'lead.%'"), ==, 0);

  /* a converted lead is done: no more moves, conversions or junk */
  {
    FcrmTestSnapshot before;
    const char *stages[] = { "lead.in_progress", "lead.new", "lead.to_design", "lead.junk" };

    fcrm_test_snapshot (f->crm, &before);
    for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
      {
        g_autoptr(GError) e = NULL;

        g_assert_false (fcrm_crm_lead_move (f->crm, lead->id, stages[i], &e));
        g_assert_error (e, FCRM_ERROR, FCRM_ERROR_REFUSED);
      }
    {
      g_autoptr(GError) e = NULL;
      FcrmConvertResult r = { 0 };

      g_assert_false (fcrm_crm_lead_convert (f->crm, lead->id, "design", FCRM_CONVERT_DEFAULT, &r, &e));
      g_assert_error (e, FCRM_ERROR, FCRM_ERROR_REFUSED);
      g_clear_error (&e);
      g_assert_false (fcrm_crm_lead_junk (f->crm, lead->id, "oops", &e));
      g_assert_error (e, FCRM_ERROR, FCRM_ERROR_REFUSED);
    }
    fcrm_test_assert_unchanged (f->crm, &before);
  }
}

static void
test_convert_other_pipelines (Fixture      *f,
                              gconstpointer data)
{
  static const struct { const char *stage; const char *pipeline; const char *first; } cases[] = {
    { "lead.to_design", "design", "design.consultation" },
    { "lead.to_repair", "repair", "repair.analysis" },
    { "lead.to_manufacturing", "manufacturing", "mfg.contract" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "x", .name = "Client", .responsible = "anna" });
      g_autoptr(FcrmItem) after = NULL;
      g_autoptr(FcrmItem) deal = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *key = g_strdup_printf ("%s.entry", cases[i].first);

      g_assert_true (fcrm_crm_item_move (f->crm, FCRM_ENTITY_LEAD, lead->id, cases[i].stage, &error));
      g_assert_no_error (error);
      after = get_lead (f->crm, lead->id);
      g_assert_cmpstr (after->stage, ==, cases[i].stage);
      deal = get_deal (f->crm, after->deal_id);
      g_assert_cmpstr (deal->pipeline, ==, cases[i].pipeline);
      g_assert_cmpstr (deal->stage, ==, cases[i].first);
      g_assert_cmpint (deal->responsible_id, ==, f->anna);
      /* no company name: no company */
      g_assert_cmpint (after->company_id, ==, 0);
      g_assert_cmpint (fcrm_test_count_notifications (f->crm, key, FCRM_ENTITY_DEAL, deal->id, f->anna), ==, 1);
    }
}

static void
test_convert_flags (Fixture      *f,
                    gconstpointer data)
{
  const FcrmLeadInput full = { .title = "Bed", .name = "Pavel", .phone = "+7 900 111-22-33", .company = "Pavel LLC",
                               .budget = "1000", .responsible = "anna" };

  /* a deal only */
  {
    g_autoptr(FcrmItem) lead = add_lead (f->crm, &full);
    FcrmConvertResult r = convert (f->crm, lead->id, "manufacturing", FCRM_CONVERT_DEAL);
    g_autoptr(FcrmItem) deal = get_deal (f->crm, r.deal_id);
    g_autoptr(FcrmItem) after = get_lead (f->crm, lead->id);

    g_assert_cmpint (r.contact_id, ==, 0);
    g_assert_cmpint (r.company_id, ==, 0);
    g_assert_cmpint (deal->contact_id, ==, 0);
    g_assert_cmpint (deal->company_id, ==, 0);
    g_assert_cmpint (deal->budget, ==, 100000);
    g_assert_cmpint (after->deal_id, ==, r.deal_id);
    g_assert_cmpstr (after->stage, ==, "lead.to_manufacturing");
    g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, 0);
    g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM companies"), ==, 0);
  }
  /* a contact and a company, no deal */
  {
    g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "Chair", .name = "Vera",
                                                                   .email = "vera@example.com", .company = "Vera Inc",
                                                                   .responsible = "anna" });
    gint64 deals = fcrm_test_n_deals (f->crm);
    FcrmConvertResult r = convert (f->crm, lead->id, "design", FCRM_CONVERT_CONTACT | FCRM_CONVERT_COMPANY);
    g_autoptr(FcrmItem) after = get_lead (f->crm, lead->id);

    g_assert_cmpint (r.deal_id, ==, 0);
    g_assert_cmpint (r.contact_id, >, 0);
    g_assert_cmpint (r.company_id, >, 0);
    g_assert_cmpint (after->deal_id, ==, 0);
    g_assert_cmpint (after->contact_id, ==, r.contact_id);
    g_assert_cmpint (after->company_id, ==, r.company_id);
    g_assert_cmpstr (after->stage, ==, "lead.to_design");
    g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, deals);
  }
  /* no company wanted, though it has a company name */
  {
    g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "Desk", .name = "Gleb",
                                                                   .company = "Gleb Ltd", .responsible = "anna" });
    gint64 companies = fcrm_test_int (f->crm, "SELECT count(*) FROM companies");
    FcrmConvertResult r = convert (f->crm, lead->id, "repair", FCRM_CONVERT_CONTACT | FCRM_CONVERT_DEAL);
    g_autoptr(FcrmItem) deal = get_deal (f->crm, r.deal_id);

    g_assert_cmpint (r.company_id, ==, 0);
    g_assert_cmpint (r.contact_id, >, 0);
    g_assert_cmpint (deal->contact_id, ==, r.contact_id);
    g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM companies"), ==, companies);
  }
  /* a title-only lead has nothing for a contact */
  {
    g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "Shelf", .responsible = "anna" });
    gint64 contacts = fcrm_test_int (f->crm, "SELECT count(*) FROM contacts");
    FcrmConvertResult r = convert (f->crm, lead->id, "manufacturing", FCRM_CONVERT_DEFAULT);

    g_assert_cmpint (r.contact_id, ==, 0);
    g_assert_cmpint (r.deal_id, >, 0);
    g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, contacts);
  }
  /* an unknown pipeline converts nothing */
  {
    g_autoptr(FcrmItem) lead = add_lead (f->crm, &full);
    const char *pipelines[] = { "lead", "sales", NULL };

    for (guint i = 0; i < G_N_ELEMENTS (pipelines); i++)
      {
        g_autoptr(GError) error = NULL;
        FcrmTestSnapshot before;
        FcrmConvertResult r = { 0 };

        fcrm_test_snapshot (f->crm, &before);
        g_assert_false (fcrm_crm_lead_convert (f->crm, lead->id, pipelines[i], FCRM_CONVERT_DEFAULT, &r, &error));
        g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
        fcrm_test_assert_unchanged (f->crm, &before);
      }
    {
      g_autoptr(GError) error = NULL;
      FcrmConvertResult r = { 0 };

      g_assert_false (fcrm_crm_lead_convert (f->crm, 9999, "design", FCRM_CONVERT_DEFAULT, &r, &error));
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    }
  }
}

static void
test_junk (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "Spam", .responsible = "anna" });
  g_autoptr(FcrmItem) other = add_lead (f->crm, &(FcrmLeadInput) { .title = "Wrong number", .responsible = "anna" });
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *long_comment = g_strnfill (30000, 'x');

  /* too long a comment: nothing happens */
  {
    FcrmTestSnapshot before;

    fcrm_test_snapshot (f->crm, &before);
    g_assert_false (fcrm_crm_lead_junk (f->crm, lead->id, long_comment, &error));
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    fcrm_test_assert_unchanged (f->crm, &before);
  }

  g_assert_true (fcrm_crm_lead_junk (f->crm, lead->id, "  Advertising call  ", &error));
  g_assert_no_error (error);
  after = get_lead (f->crm, lead->id);
  g_assert_cmpstr (after->stage, ==, "lead.junk");
  g_assert_cmpint (after->deal_id, ==, 0);
  {
    g_autofree char *comment = fcrm_test_text1 (f->crm, "SELECT junk_comment FROM leads WHERE id = ?", lead->id);
    g_assert_cmpstr (comment, ==, "Advertising call");
  }
  history = fcrm_crm_history (f->crm, FCRM_ENTITY_LEAD, lead->id, &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((FcrmHistoryEntry *) g_ptr_array_index (history, 1))->stage, ==, "lead.junk");
  /* its reminders are cancelled */
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM robot_queue q JOIN stage_history h ON h.id = q.entry_id "
                                           "WHERE h.entity_type = 'lead' AND h.entity_id = ?", lead->id), ==, 0);
  /* no deal, no contact */
  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 0);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM contacts"), ==, 0);

  /* junking again is harmless */
  {
    FcrmTestSnapshot before;

    fcrm_test_snapshot (f->crm, &before);
    g_assert_true (fcrm_crm_lead_junk (f->crm, lead->id, NULL, &error));
    g_assert_no_error (error);
    fcrm_test_assert_unchanged (f->crm, &before);
  }

  /* a plain move to lead.junk junks without a comment */
  g_assert_true (fcrm_crm_lead_move (f->crm, other->id, "lead.junk", &error));
  g_assert_no_error (error);
  {
    g_autoptr(FcrmItem) o = get_lead (f->crm, other->id);
    g_autofree char *comment = fcrm_test_text1 (f->crm, "SELECT junk_comment FROM leads WHERE id = ?", other->id);

    g_assert_cmpstr (o->stage, ==, "lead.junk");
    g_assert_null (comment);
  }
}

static void
test_list (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) working = NULL;
  gint64 ids[5];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(FcrmItem) lead = add_lead (f->crm, &(FcrmLeadInput) { .title = "l", .responsible = "anna" });
      ids[i] = lead->id;
    }
  g_assert_true (fcrm_crm_lead_move (f->crm, ids[1], "lead.in_progress", &error));
  g_assert_true (fcrm_crm_lead_move (f->crm, ids[3], "lead.in_progress", &error));
  g_assert_no_error (error);

  all = fcrm_crm_lead_list (f->crm, NULL, &error);
  fresh = fcrm_crm_lead_list (f->crm, "lead.new", &error);
  working = fcrm_crm_lead_list (f->crm, "lead.in_progress", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpuint (fresh->len, ==, 3);
  g_assert_cmpuint (working->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (((FcrmItem *) g_ptr_array_index (all, i))->id, ==, ids[i]);
  g_assert_cmpint (((FcrmItem *) g_ptr_array_index (working, 0))->id, ==, ids[1]);
  g_assert_cmpint (((FcrmItem *) g_ptr_array_index (working, 1))->id, ==, ids[3]);

  {
    g_autoptr(GPtrArray) none = fcrm_crm_lead_list (f->crm, "lead.nope", &error);
    g_assert_null (none);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) none = fcrm_crm_lead_list (f->crm, "mfg.contract", &error);
    g_assert_null (none);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  }
}

static void
test_users (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;
  static const struct { const char *login; const char *name; const char *role; int code; } bad[] = {
    { "anna", "Another Anna", "manager", FCRM_ERROR_REFUSED },
    { "", "Nobody", "manager", FCRM_ERROR_INVALID_INPUT },
    { "1abc", "Digit first", "manager", FCRM_ERROR_INVALID_INPUT },
    { "with space", "Space", "manager", FCRM_ERROR_INVALID_INPUT },
    { "ivan", "", "manager", FCRM_ERROR_INVALID_INPUT },
    { "ivan", "Ivan", "boss", FCRM_ERROR_INVALID_INPUT },
  };

  fcrm_test_snapshot (f->crm, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(FcrmUser) u = fcrm_crm_user_add (f->crm, bad[i].login, bad[i].name, bad[i].role, &e);

      g_assert_null (u);
      g_assert_error (e, FCRM_ERROR, bad[i].code);
    }
  fcrm_test_assert_unchanged (f->crm, &before);

  {
    g_autoptr(FcrmUser) u = fcrm_crm_find_user (f->crm, "sveta", &error);
    g_assert_no_error (error);
    g_assert_cmpint (u->role, ==, FCRM_ROLE_SUPERVISOR);
    g_assert_cmpint (u->id, ==, f->sveta);
  }
  {
    g_autoptr(FcrmUser) u = fcrm_crm_find_user (f->crm, "ghost", &error);
    g_assert_null (u);
    g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) users = fcrm_crm_list_users (f->crm, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (users->len, ==, 4);
  }
  /* the actor */
  g_assert_null (fcrm_crm_get_actor (f->crm));
  g_assert_false (fcrm_crm_set_actor (f->crm, "ghost", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (fcrm_crm_set_actor (f->crm, "dina", &error));
  g_assert_cmpstr (fcrm_crm_get_actor (f->crm)->login, ==, "dina");
  g_assert_true (fcrm_crm_set_actor (f->crm, NULL, &error));
  g_assert_null (fcrm_crm_get_actor (f->crm));
}

static void
test_default_manager_setting (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(FcrmItem) first = NULL;
  g_autoptr(FcrmItem) second = NULL;

  g_assert_null (fcrm_crm_get_default_manager (f->crm));
  /* only an active manager can receive every new lead */
  g_assert_false (fcrm_crm_set_default_manager (f->crm, "sveta", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_set_default_manager (f->crm, "nobody-here", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_get_default_manager (f->crm));

  g_assert_true (fcrm_crm_set_default_manager (f->crm, "boris", &error));
  g_assert_no_error (error);
  stored = fcrm_crm_get_default_manager (f->crm);
  g_assert_cmpstr (stored, ==, "boris");
  first = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) { .title = "One" }, &error);
  second = fcrm_crm_lead_add (f->crm, &(FcrmLeadInput) { .title = "Two" }, &error);
  g_assert_cmpstr (first->responsible_login, ==, "boris");
  g_assert_cmpstr (second->responsible_login, ==, "boris");

  /* cleared: back to round-robin */
  g_assert_true (fcrm_crm_set_default_manager (f->crm, NULL, &error));
  g_assert_null (fcrm_crm_get_default_manager (f->crm));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/leads/add/every-field", test_add_every_field);
  ADD ("/leads/add/needs-something", test_add_needs_something);
  ADD ("/leads/add/generated-titles", test_generated_titles);
  ADD ("/leads/add/refused-writes-nothing", test_refused_writes_nothing);
  ADD ("/leads/responsible/given-beats-default", test_responsible_given_beats_default);
  ADD ("/leads/responsible/round-robin", test_responsible_round_robin);
  ADD ("/leads/responsible/default-setting", test_default_manager_setting);
  g_test_add_func ("/leads/responsible/nobody", test_responsible_nobody);
  g_test_add_func ("/leads/responsible/no-users", test_no_users_at_all);
  ADD ("/leads/duplicates", test_duplicates);
  ADD ("/leads/move/in-progress", test_move_in_progress);
  ADD ("/leads/move/refused", test_move_refused);
  ADD ("/leads/convert/by-move", test_convert_by_move);
  ADD ("/leads/convert/pipelines", test_convert_other_pipelines);
  ADD ("/leads/convert/flags", test_convert_flags);
  ADD ("/leads/junk", test_junk);
  ADD ("/leads/list", test_list);
  ADD ("/leads/users", test_users);
  return g_test_run ();
}
