/* vCards (fcrm-vcard.h): a phone's 2.1/3.0 export (quoted-printable
 * Cyrillic, windows-1251, folded lines) and Evolution's 4.0 read field by
 * field; duplicates merged by phone or e-mail; cards that cannot be contacts
 * rejected with their numbers; junk refused writing nothing; and a round trip
 * contacts → vCard → import into an empty database → the same contacts. */

#include <string.h>

#include "fcrm-clients.h"
#include "fcrm-vcard.h"
#include "fcrm-test-util.h"

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, &error));
  g_assert_no_error (error);
  return data;
}

static const char *
point (GPtrArray *points,
       guint      i,
       gboolean   kind)
{
  FcrmContactPoint *p;

  g_assert_cmpuint (i, <, points->len);
  p = g_ptr_array_index (points, i);
  return kind ? p->kind : p->value;
}

static void
test_parse_phone_export (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("phone-export.vcf", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = fcrm_vcard_parse (data, length, &error);
  FcrmVcard *zina, *petr, *again;

  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 6);
  zina = cards->pdata[0];
  g_assert_cmpuint (zina->number, ==, 1);
  g_assert_cmpuint (zina->line, ==, 1);
  /* quoted-printable UTF-8 over soft line breaks */
  g_assert_cmpstr (zina->name, ==, "Зинаида Кузнецова");
  g_assert_cmpstr (zina->comment, ==, "Кухня угловая, замер в субботу; звонить вечером");
  g_assert_cmpuint (zina->phones->len, ==, 2);
  g_assert_cmpstr (point (zina->phones, 0, FALSE), ==, "+7 912 345-67-89");
  g_assert_cmpstr (point (zina->phones, 0, TRUE), ==, "mobile");
  g_assert_cmpstr (point (zina->phones, 1, TRUE), ==, "work");
  g_assert_cmpstr (point (zina->emails, 0, FALSE), ==, "zina@example.ru");
  g_assert_cmpstr (point (zina->emails, 0, TRUE), ==, "home");
  g_assert_cmpstr (zina->birthday, ==, "1979-03-08");

  /* windows-1251 with 2.1's bare QUOTED-PRINTABLE; the name from N */
  petr = cards->pdata[1];
  g_assert_cmpstr (petr->name, ==, "Пётр Ильич Соколов");
  g_assert_cmpstr (petr->company, ==, "ИП Соколов");
  g_assert_cmpstr (point (petr->phones, 0, TRUE), ==, "home");

  /* 3.0: escaped commas, a property group */
  again = cards->pdata[2];
  g_assert_cmpstr (again->address, ==, "ул. Мира, д. 7, кв. 12, Екатеринбург, 620014, Россия");
  g_assert_cmpstr (point (again->emails, 0, TRUE), ==, "work");
  g_assert_null (((FcrmVcard *) cards->pdata[4])->name);
}

static void
test_parse_evolution (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("evolution-4.0.vcf", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = fcrm_vcard_parse (data, length, &error);
  FcrmVcard *boris;

  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 2);
  boris = cards->pdata[0];
  g_assert_cmpstr (boris->name, ==, "Борис Петров");
  /* TYPE="cell,voice" and a tel: URI */
  g_assert_cmpstr (point (boris->phones, 0, FALSE), ==, "+7-926-555-44-33");
  g_assert_cmpstr (point (boris->phones, 0, TRUE), ==, "mobile");
  g_assert_cmpstr (point (boris->phones, 1, TRUE), ==, "work");
  g_assert_cmpstr (point (boris->emails, 1, TRUE), ==, "home");
  g_assert_cmpstr (boris->company, ==, "ООО «Мебельщик»");
  g_assert_cmpstr (boris->address, ==, "ул. Ленина, 5, Екатеринбург, 620000, Россия");
  g_assert_cmpstr (boris->birthday, ==, "1985-04-12");
  g_assert_cmpstr (boris->comment, ==, "Звонить после 18:00\nпо будням; скидка 5%");
  /* a folded FN */
  g_assert_cmpstr (((FcrmVcard *) cards->pdata[1])->name, ==,
                   "Anna Smirnova with a very long name that goes past seventy five octets so it is folded");
}

static gint64
n_contacts (FcrmCrm *crm)
{
  return fcrm_test_int (crm, "SELECT count(*) FROM contacts");
}

static void
test_import_merges_and_rejects (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  gsize length;
  g_autofree char *data = read_fixture ("phone-export.vcf", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmVcardImport) result = NULL;
  g_autoptr(FcrmVcardImport) twice = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(FcrmContact) zina = NULL;
  FcrmVcardRejection *r;

  result = fcrm_crm_import_vcard (db->crm, data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 3);
  g_assert_cmpuint (result->merged, ==, 1);
  g_assert_cmpuint (result->rejected->len, ==, 2);
  r = result->rejected->pdata[0];
  g_assert_cmpuint (r->row, ==, 5);
  r = result->rejected->pdata[1];
  g_assert_cmpuint (r->row, ==, 6);
  g_assert_nonnull (strstr (r->reason, "not an address"));
  g_assert_cmpint (n_contacts (db->crm), ==, 3);

  /* the second card of Zina added what it knew, kept what she had */
  found = fcrm_crm_contact_page (db->crm, "Кузнецова", FCRM_CLIENT_SORT_ID, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  zina = fcrm_crm_contact_get (db->crm, ((FcrmContact *) found->pdata[0])->id, &error);
  g_assert_cmpstr (zina->name, ==, "Зинаида Кузнецова");
  g_assert_cmpuint (zina->phones->len, ==, 2);
  g_assert_cmpuint (zina->emails->len, ==, 2);
  g_assert_cmpstr (point (zina->emails, 1, FALSE), ==, "z.kuznetsova@work.example");
  g_assert_cmpstr (zina->address, ==, "ул. Мира, д. 7, кв. 12, Екатеринбург, 620014, Россия");
  g_assert_cmpstr (zina->comment, ==, "Кухня угловая, замер в субботу; звонить вечером");

  /* the same file again: everyone is known */
  twice = fcrm_crm_import_vcard (db->crm, data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twice->created, ==, 0);
  g_assert_cmpuint (twice->merged, ==, 4);
  g_assert_cmpint (n_contacts (db->crm), ==, 3);
}

static void
test_junk_writes_nothing (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  static const char binary[] = { 'P', 'K', 3, 4, 0, 0, 'B', 'E', 'G', 'I', 'N', ':', 'V', 'C', 'A', 'R', 'D' };
  const char *texts[] = { "", "name;phone\nAnna;+7 912 345-67-89\n", "BEGIN:VCARD\nFN:Never ends\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts) + 1; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmVcardImport) result = i < G_N_ELEMENTS (texts)
        ? fcrm_crm_import_vcard (db->crm, texts[i], strlen (texts[i]), &error)
        : fcrm_crm_import_vcard (db->crm, binary, sizeof binary, &error);

      g_assert_null (result);
      g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "nothing was imported"));
    }
  g_assert_cmpint (n_contacts (db->crm), ==, 0);
}

static FcrmContact *
add_contact (FcrmCrm                *crm,
             const FcrmContactInput *input)
{
  g_autoptr(GError) error = NULL;
  FcrmContact *c = fcrm_crm_contact_add (crm, input, &error);

  g_assert_no_error (error);
  return c;
}

static void
assert_same_points (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpstr (point (a, i, FALSE), ==, point (b, i, FALSE));
      g_assert_cmpstr (point (a, i, TRUE), ==, point (b, i, TRUE));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmTestDb) empty = fcrm_test_db_new ();
  g_autoptr(GError) error = NULL;
  const char *phones[] = { "+7 912 345-67-89", "+7 (343) 222-33-44", "+7 343 350-10-20", NULL };
  const char *phone_kinds[] = { "mobile", "work", "home", NULL };
  const char *emails[] = { "zina@example.ru", "z@work.example", NULL };
  const char *email_kinds[] = { "home", "work", NULL };
  const char *boris_phones[] = { "+7 926 555-44-33", NULL };
  g_autoptr(FcrmContact) zina = add_contact (db->crm, &(FcrmContactInput) {
    .name = "Зинаида Кузнецова", .phones = phones, .phone_kinds = phone_kinds, .emails = emails,
    .email_kinds = email_kinds, .company = "ООО «Уют; Мебель, Декор»", .address = "Екатеринбург, ул. Мира, 7",
    .birthday = "1979-03-08", .comment = "Кухня угловая; замер в субботу,\nзвонить вечером \\ после 18:00" });
  g_autoptr(FcrmContact) boris = add_contact (db->crm, &(FcrmContactInput) { .name = "Boris Petrov", .phones = boris_phones });
  g_autoptr(FcrmContact) third = add_contact (db->crm, &(FcrmContactInput) { .name = "Not exported", .phones = (const char *[]) { "+7 900 000-00-01", NULL } });
  gint64 ids[] = { zina->id, boris->id };
  g_autofree char *text = fcrm_crm_export_vcard (db->crm, ids, G_N_ELEMENTS (ids), &error);
  g_autoptr(FcrmVcardImport) result = NULL;
  FcrmContact *originals[] = { zina, boris };

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:3.0\r\n"));
  /* folded at 75 octets, never inside a character */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_assert_cmpuint (strlen (lines[i]), <=, 75);
        g_assert_true (g_utf8_validate (lines[i], -1, NULL));
      }
  }
  g_assert_null (strstr (text, "Not exported"));

  result = fcrm_crm_import_vcard (empty->crm, text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpuint (result->merged, ==, 0);
  g_assert_cmpuint (result->rejected->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (originals); i++)
    {
      FcrmContact *o = originals[i];
      g_autoptr(GPtrArray) found = fcrm_crm_contact_page (empty->crm, o->name, FCRM_CLIENT_SORT_ID, NULL, 10, &error);
      g_autoptr(FcrmContact) c = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      c = fcrm_crm_contact_get (empty->crm, ((FcrmContact *) found->pdata[0])->id, &error);
      g_assert_cmpstr (c->name, ==, o->name);
      assert_same_points (c->phones, o->phones);
      assert_same_points (c->emails, o->emails);
      g_assert_cmpstr (c->company_name, ==, o->company_name);
      g_assert_cmpstr (c->address, ==, o->address);
      g_assert_cmpint (c->birthday, ==, o->birthday);
      g_assert_cmpstr (c->comment, ==, o->comment);
    }

  /* all of them, when none is named */
  g_clear_pointer (&text, g_free);
  text = fcrm_crm_export_vcard (db->crm, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Not exported"));
  (void) third;
}

int
main (int argc, char **argv)
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/vcard/parse-phone-export", test_parse_phone_export);
  g_test_add_func ("/vcard/parse-evolution", test_parse_evolution);
  g_test_add_func ("/vcard/import-merges-and-rejects", test_import_merges_and_rejects);
  g_test_add_func ("/vcard/junk-writes-nothing", test_junk_writes_nothing);
  g_test_add_func ("/vcard/round-trip", test_round_trip);
  return g_test_run ();
}
