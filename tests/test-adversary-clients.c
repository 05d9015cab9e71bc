/* Clients and search on the office server under attack (PostgreSQL only,
 * suite core-pg): a manager with psql and her own password cannot delete a
 * client anything links to, cannot write or read other people's search
 * rows, cannot move comments between items; the program's search shows her
 * only what she may see. */

#include <libpq-fe.h>

#include "fcrm-test-util.h"
#include "fcrm-test-office.h"
#include "fcrm-attachments.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"
#include "fcrm-search.h"

/* @text (taken) as the administrator */
static gint64
owner_count (Fixture *f,
             char    *text)
{
  g_autofree char *sql = text;

  return owner_sql_int (f, sql);
}

static void
test_clients (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(FcrmItem) lead_a = fcrm_test_add_lead (f->crm, "Anna's sofa", f->anna);
  g_autoptr(FcrmItem) lead_i = fcrm_test_add_lead (f->crm, "Igor's sofa", f->igor);
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, NULL);
  g_autoptr(FcrmContact) mine = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  PGconn *psql;

  /* anna's client, whom igor's lead now names */
  mine = fcrm_crm_contact_add (anna, &(FcrmContactInput) { .name = "Shared client" }, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_lead_set (f->crm, lead_i->id, "phone", "+7 900 555-00-11", -1, &error));
  g_assert_true (fcrm_crm_contact_set (anna, mine->id, "phones", "+7 900 555-00-11", -1, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE leads SET contact_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                            mine->id, lead_i->id);
    g_autofree char *uri = fcrm_test_pg_uri (f->db->pg_name, NULL, NULL);
    PGconn *owner = PQconnectdb (uri);

    PQclear (PQexec (owner, sql));
    PQfinish (owner);
  }

  psql = connect_as (f, f->anna);
  /* the app refuses to delete a linked client; so does the server */
  g_assert_false (fcrm_crm_contact_delete (anna, mine->id, &error));
  g_clear_error (&error);
  g_assert_cmpint (sql_changes (psql, "DELETE FROM contacts WHERE id = %" G_GINT64_FORMAT, mine->id), ==, 0);
  g_assert_cmpint (owner_count (f, g_strdup_printf ("SELECT count(*) FROM contacts WHERE id = %" G_GINT64_FORMAT, mine->id)), ==, 1);

  /* search rows: only hers to read, none to write */
  g_assert_cmpint (sql_int (psql, "SELECT count(*) FROM search_index WHERE kind = 'lead'"), ==, 1);
  refused = sql_refused (psql, "INSERT INTO search_index (key, kind, ref, body) VALUES (4000, 'lead', 1000, 'x')");
  g_assert_cmpstr (refused, ==, "42501");
  g_clear_pointer (&refused, g_free);
  refused = sql_refused (psql, "SELECT fcrm_search_put ('lead', 1)");
  g_assert_cmpstr (refused, ==, "42501");
  g_clear_pointer (&refused, g_free);
  refused = sql_refused (psql, "DELETE FROM search_index");
  g_assert_cmpstr (refused, ==, "42501");
  g_assert_cmpint (owner_count (f, g_strdup ("SELECT count(*) FROM search_index WHERE kind = 'lead'")), ==, 2);
  /* comments of items do not move */
  g_assert_cmpint (sql_changes (psql, "UPDATE comments SET entity_id = %" G_GINT64_FORMAT, lead_a->id), ==, 0);
  PQfinish (psql);

  /* the program's search: her lead, not igor's; the shared client */
  found = fcrm_crm_search (anna, "sofa", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((FcrmSearchResult *) found->pdata[0])->id, ==, lead_a->id);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fcrm_crm_search (anna, "900 555", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((FcrmSearchResult *) found->pdata[0])->kind, ==, "contact");
}

/* Notes and files on a client's card: anyone signed in may add them, as
 * themselves, to a client that exists; a file on a client goes only by
 * the hand of who may edit the client. */
static void
test_client_notes (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, NULL);
  g_autoptr(FcrmCrm) igor = open_as (f, f->igor, NULL);
  g_autoptr(FcrmContact) hers = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autoptr(FcrmAttachment) file = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("measurements", 12);
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  PGconn *psql;

  hers = fcrm_crm_contact_add (anna, &(FcrmContactInput) { .name = "Anna's client" }, &error);
  g_assert_no_error (error);
  file = fcrm_crm_attach (anna, FCRM_ENTITY_CONTACT, hers->id, "plan.txt", NULL, content, &error);
  g_assert_no_error (error);

  /* igor sees her client: he may write a note on it and read hers */
  note = fcrm_crm_comment_add (igor, FCRM_ENTITY_CONTACT, hers->id, "Called from another number", &error);
  g_assert_no_error (error);
  notes = fcrm_crm_comments (anna, FCRM_ENTITY_CONTACT, hers->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  /* but not delete her file on a client he does not work with */
  g_assert_false (fcrm_crm_attachment_delete (igor, file->id, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  psql = connect_as (f, f->igor);
  g_assert_cmpint (sql_changes (psql, "DELETE FROM attachments WHERE id = %" G_GINT64_FORMAT, file->id), ==, 0);
  /* a note on a client that does not exist, or in anna's name */
  refused = sql_refused (psql, "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                               "VALUES ('contact', 987654, fcrm_me (), 'x', 0)");
  g_assert_cmpstr (refused, ==, "42501");
  g_clear_pointer (&refused, g_free);
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                                            "VALUES ('contact', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'x', 0)",
                                            hers->id, f->anna_id);

    refused = sql_refused (psql, sql);
  }
  g_assert_cmpstr (refused, ==, "42501");
  PQfinish (psql);
  g_assert_cmpint (owner_count (f, g_strdup ("SELECT count(*) FROM comments")), ==, 1);
  g_assert_cmpint (owner_count (f, g_strdup ("SELECT count(*) FROM attachments")), ==, 1);

  /* she may */
  g_assert_true (fcrm_crm_attachment_delete (anna, file->id, &error));
  g_assert_no_error (error);
}

/* Changing the client of a lead she may not see: refused by the program and
 * by the server; her own lead's client she may change. */
static void
test_item_client (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(FcrmItem) lead_a = fcrm_test_add_lead (f->crm, "Anna's sofa", f->anna);
  g_autoptr(FcrmItem) lead_i = fcrm_test_add_lead (f->crm, "Igor's sofa", f->igor);
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, NULL);
  g_autoptr(FcrmContact) client = NULL;
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *psql;

  client = fcrm_crm_contact_add (anna, &(FcrmContactInput) { .name = "Her client" }, &error);
  g_assert_no_error (error);
  g_assert_false (fcrm_crm_item_set_client (anna, FCRM_ENTITY_LEAD, lead_i->id, client->id, -1, -1, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_item_set_new_contact (anna, FCRM_ENTITY_LEAD, lead_i->id, "Sneaky", NULL, -1, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  psql = connect_as (f, f->anna);
  g_assert_cmpint (sql_changes (psql, "UPDATE leads SET contact_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                client->id, lead_i->id), ==, 0);
  PQfinish (psql);
  after = fcrm_crm_lead_get (f->crm, lead_i->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->contact_id, ==, 0);
  g_assert_cmpint (owner_count (f, g_strdup ("SELECT count(*) FROM contacts WHERE name = 'Sneaky'")), ==, 0);

  g_assert_true (fcrm_crm_item_set_client (anna, FCRM_ENTITY_LEAD, lead_a->id, client->id, -1, -1, &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = fcrm_crm_lead_get (f->crm, lead_a->id, &error);
  g_assert_cmpint (after->contact_id, ==, client->id);
}

/* A client's last activity (schema 8) as a manager: what she does to her
 * lead's client moves it, though she may not edit that client's card; she
 * cannot set it by hand, call the owner's upkeep, or move it through an item
 * she may not see. */
static void
test_last_activity (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(FcrmItem) lead_a = fcrm_test_add_lead (f->crm, "Anna's sofa", f->anna);
  g_autoptr(FcrmItem) lead_i = fcrm_test_add_lead (f->crm, "Igor's sofa", f->igor);
  g_autoptr(FcrmContact) client = NULL;
  g_autoptr(FcrmContact) other = NULL;
  g_autoptr(FcrmCrm) anna = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *read_sql = NULL;
  g_autofree char *touch_sql = NULL;
  g_autofree char *note_sql = NULL;
  gint64 before;
  PGconn *psql;

  /* the owner's clients: one on each lead */
  client = fcrm_crm_contact_add (f->crm, &(FcrmContactInput) { .name = "Her client" }, &error);
  g_assert_no_error (error);
  other = fcrm_crm_contact_add (f->crm, &(FcrmContactInput) { .name = "His client" }, &error);
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_LEAD, lead_a->id, client->id, 0, -1, &error));
  g_assert_true (fcrm_crm_item_set_client (f->crm, FCRM_ENTITY_LEAD, lead_i->id, other->id, 0, -1, &error));
  g_assert_no_error (error);
  anna = open_as (f, f->anna, NULL);

  /* her note on her lead moves her lead's client */
  note = fcrm_crm_comment_add (anna, FCRM_ENTITY_LEAD, lead_a->id, "Called back", &error);
  g_assert_no_error (error);
  g_clear_object (&client);
  {
    g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (f->crm, lead_a->id, &error);

    g_assert_no_error (error);
    client = fcrm_crm_contact_get (f->crm, lead->contact_id, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (client->last_activity, ==, note->created_at);
  before = client->last_activity;

  psql = connect_as (f, f->anna);
  /* by hand: the row is hers to edit (her lead's client), the time is not */
  g_assert_cmpint (sql_changes (psql, "UPDATE contacts SET last_activity = 4000000000 WHERE id = %" G_GINT64_FORMAT,
                                client->id), ==, 1);
  read_sql = g_strdup_printf ("SELECT last_activity FROM contacts WHERE id = %" G_GINT64_FORMAT, client->id);
  g_assert_cmpint (sql_int (psql, read_sql), ==, before);
  /* the owner's upkeep is not hers to call */
  touch_sql = g_strdup_printf ("SELECT fcrm_activity_touch (%" G_GINT64_FORMAT ", NULL, 4000000000)", other->id);
  refused = sql_refused (psql, touch_sql);
  g_assert_cmpstr (refused, ==, "42501");
  g_clear_pointer (&refused, g_free);
  /* a note on igor's lead is refused, and his client stays as it was */
  note_sql = g_strdup_printf ("INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                              "VALUES ('lead', %" G_GINT64_FORMAT ", fcrm_me (), 'x', 4000000000)", lead_i->id);
  refused = sql_refused (psql, note_sql);
  g_assert_cmpstr (refused, ==, "42501");
  PQfinish (psql);
  {
    g_autoptr(FcrmContact) his = fcrm_crm_contact_get (f->crm, other->id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (his->last_activity, <, 4000000000);
  }
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  if (!fcrm_test_is_pg ())
    {
      g_print ("SKIP: the adversarial tests need PostgreSQL (FCRM_TEST_PG)\n");
      return 77;
    }
  g_test_add ("/adversary-clients/clients", Fixture, NULL, fixture_setup, test_clients, fixture_teardown);
  g_test_add ("/adversary-clients/client-notes", Fixture, NULL, fixture_setup, test_client_notes, fixture_teardown);
  g_test_add ("/adversary-clients/item-client", Fixture, NULL, fixture_setup, test_item_client, fixture_teardown);
  g_test_add ("/adversary-clients/last-activity", Fixture, NULL, fixture_setup, test_last_activity, fixture_teardown);
  return g_test_run ();
}
