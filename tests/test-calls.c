/* The incoming-call screen pop (issue 14), on both backends: who is told —
 * the extension's login, else the responsible of the client's open deal or
 * lead, else every active manager — with the client's name and open item in
 * the text (the number for an unknown caller); the call on the client's
 * timeline; bad input writes nothing. */

#include "fcrm-test-util.h"
#include "fcrm-calls.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      anna, boris, sveta;
} Fixture;

static void
setup (Fixture      *f,
       gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  f->boris = fcrm_test_add_user (f->crm, "boris", "manager");
  f->sveta = fcrm_test_add_user (f->crm, "sveta", "supervisor");
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  fcrm_test_db_free (f->db);
}

/* @login's call notifications (robots tell of the items' stages too) */
static GPtrArray *
calls_of (FcrmCrm    *crm,
          const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fcrm_crm_notifications (crm, login, FALSE, 0, &error);
  GPtrArray *calls = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((FcrmNotification *) list->pdata[i])->kind, "call") == 0)
      g_ptr_array_add (calls, g_object_ref (list->pdata[i]));
    else
      g_assert_cmpstr (((FcrmNotification *) list->pdata[i])->kind, ==, "robot");
  return calls;
}

static FcrmNotification *
only_call (FcrmCrm    *crm,
           const char *login)
{
  g_autoptr(GPtrArray) calls = calls_of (crm, login);

  g_assert_cmpuint (calls->len, ==, 1);
  return g_object_ref (calls->pdata[0]);
}

static guint
n_notes (FcrmCrm    *crm,
         const char *login)
{
  g_autoptr(GPtrArray) calls = calls_of (crm, login);

  return calls->len;
}

/* A known client with an open deal: its responsible is told, by name, deal
 * and stage; the call is on the contact's timeline. */
static void
test_responsible (Fixture      *f,
                  gconstpointer data)
{
  const char *phones[] = { "+7 (926) 555-44-33", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) zina = fcrm_crm_contact_add (f->crm, &(FcrmContactInput) {
      .name = "Зинаида Кузнецова", .phones = phones }, &error);
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmNotification) n = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  FcrmCallPop pop;

  g_assert_no_error (error);
  deal = fcrm_crm_deal_add (f->crm, &(FcrmDealInput) { .pipeline = "manufacturing", .title = "Кухня",
                                                       .contact_id = zina->id, .responsible = "boris" }, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_deal_move (f->crm, deal->id, "mfg.prepayment", &error));
  g_assert_no_error (error);
  fcrm_clock_advance (f->db->clock, 3600);

  /* any formatting of the number */
  g_assert_true (fcrm_crm_call_pop (f->crm, "8 926 555 44 33", NULL, "in", &pop, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pop.contact_id, ==, zina->id);
  g_assert_cmpint (pop.item_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpint (pop.item_id, ==, deal->id);
  g_assert_cmpuint (pop.notified, ==, 1);
  n = only_call (f->crm, "boris");
  g_assert_cmpstr (n->text, ==, "Incoming call: Зинаида Кузнецова — Кухня (Prepayment)");
  g_assert_cmpint (n->contact_id, ==, zina->id);
  g_assert_cmpint (n->entity_id, ==, deal->id);
  g_assert_cmpstr (n->phone, ==, "8 926 555 44 33");
  g_assert_cmpuint (n_notes (f->crm, "anna"), ==, 0);

  notes = fcrm_crm_comments (f->crm, FCRM_ENTITY_CONTACT, zina->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((FcrmComment *) notes->pdata[0])->text, ==, "Incoming call from 8 926 555 44 33");
  /* and it is the client's last activity */
  g_clear_object (&zina);
  zina = fcrm_crm_contact_get (f->crm, pop.contact_id, &error);
  g_assert_cmpint (zina->last_activity, ==, fcrm_clock_now (f->db->clock));
}

/* The extension's login wins over the responsible. */
static void
test_login (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(FcrmItem) lead = fcrm_test_add_lead (f->crm, "Шкаф", "boris");
  g_autoptr(FcrmNotification) n = NULL;
  g_autoptr(GError) error = NULL;
  FcrmCallPop pop;

  g_assert_true (fcrm_crm_lead_set (f->crm, lead->id, "phone", "+7 912 000-11-22", -1, &error));
  g_assert_true (fcrm_crm_lead_set (f->crm, lead->id, "name", "Пётр", -1, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_call_pop (f->crm, "+79120001122", "anna", NULL, &pop, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pop.item_type, ==, FCRM_ENTITY_LEAD);
  g_assert_cmpint (pop.item_id, ==, lead->id);
  n = only_call (f->crm, "anna");
  g_assert_cmpstr (n->text, ==, "Incoming call: Пётр — Шкаф (Unprocessed)");
  g_assert_cmpuint (n_notes (f->crm, "boris"), ==, 0);
}

/* A number nobody knows: every active manager, by the number; nothing on
 * any timeline. An outgoing call tells nobody. */
static void
test_unknown (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(FcrmNotification) n = NULL;
  g_autoptr(GError) error = NULL;
  FcrmCallPop pop;

  fcrm_test_deactivate (f->crm, "boris");
  g_assert_true (fcrm_crm_call_pop (f->crm, "+7 926 111-22-33", NULL, "in", &pop, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pop.contact_id, ==, 0);
  g_assert_cmpint (pop.item_id, ==, 0);
  g_assert_cmpuint (pop.notified, ==, 1);
  n = only_call (f->crm, "anna");
  g_assert_cmpstr (n->text, ==, "Incoming call: +7 926 111-22-33");
  g_assert_cmpint (n->contact_id, ==, 0);
  g_assert_cmpuint (n_notes (f->crm, "boris"), ==, 0);
  g_assert_cmpuint (n_notes (f->crm, "sveta"), ==, 0);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM comments"), ==, 0);

  g_assert_true (fcrm_crm_call_pop (f->crm, "+7 926 111-22-33", NULL, "out", &pop, &error));
  g_assert_cmpuint (pop.notified, ==, 0);
  g_assert_cmpuint (n_notes (f->crm, "anna"), ==, 1);
}

/* Bad input writes nothing, with a message saying what is wrong. */
static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (fcrm_crm_call_pop (f->crm, "not a number", NULL, NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_call_pop (f->crm, "+7 926 111-22-33", "nobody", NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "nobody"));
  g_clear_error (&error);
  g_assert_false (fcrm_crm_call_pop (f->crm, "+7 926 111-22-33", NULL, "sideways", NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (fcrm_test_int (f->crm, "SELECT count(*) FROM notifications"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add ("/calls/responsible", Fixture, NULL, setup, test_responsible, teardown);
  g_test_add ("/calls/login", Fixture, NULL, setup, test_login, teardown);
  g_test_add ("/calls/unknown", Fixture, NULL, setup, test_unknown, teardown);
  g_test_add ("/calls/refused", Fixture, NULL, setup, test_refused, teardown);
  return g_test_run ();
}
