/* CSV import (issue 14): a Bitrix24 export in Windows-1251 with ";" lands
 * with every field in place; malformed files (empty, binary, another
 * encoding, an unclosed quote, ragged rows, a huge field, half valid) write
 * nothing and name the rows; duplicates skipped, merged or created; a dry
 * run and a cancelled run leave nothing; unknown stages are reported and
 * mapped; the run off the main loop. */

#include <gio/gio.h>
#include <string.h>

#include "fcrm-test-util.h"
#include "fcrm-clients.h"
#include "fcrm-import.h"
#include "fcrm-test-office.h"

static FcrmImportFile *
fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("FCRM_TEST_DATA"), name, NULL);
  FcrmImportFile *file = fcrm_import_file_new_from_path (path, NULL, &error);

  g_assert_no_error (error);
  return file;
}

static FcrmImportFile *
text_file (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  FcrmImportFile *file = fcrm_import_file_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return file;
}

static void
assert_refused (const char *data,
                gsize       len,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(FcrmImportFile) file = fcrm_import_file_new_from_bytes (bytes, &error);

  g_assert_null (file);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

/* Import; asserts success; returns the report. */
static FcrmImportReport *
run_ok (FcrmCrm           *crm,
        FcrmImportFile    *file,
        FcrmImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  FcrmImportReport *report = NULL;

  gboolean ok = fcrm_crm_import (crm, file, options, NULL, NULL, NULL, &report, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (report);
  return report;
}

static FcrmContact *
contact (FcrmCrm *crm,
         gint64   id)
{
  g_autoptr(GError) error = NULL;
  FcrmContact *c = fcrm_crm_contact_get (crm, id, &error);

  g_assert_no_error (error);
  return c;
}

static gint64
n_contacts (FcrmCrm *crm)
{
  return fcrm_test_int (crm, "SELECT count(*) FROM contacts");
}

static void
test_bitrix_leads (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) file = fixture ("bitrix24-leads-cp1251.csv");
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_LEADS);
  g_autoptr(FcrmImportReport) report = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;
  FcrmItem *l;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_exec (db->crm, "UPDATE users SET name = 'Анна Смирнова' WHERE login = 'anna'");
  fcrm_test_add_user (db->crm, "boris", "manager");

  g_assert_cmpstr (fcrm_import_file_get_encoding (file), ==, "Windows-1251");
  g_assert_cmpint (fcrm_import_file_get_delimiter (file), ==, ';');
  g_assert_cmpuint (fcrm_import_file_get_n_rows (file), ==, 3);
  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_LEADS, "Название лида"), ==, "title");
  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_LEADS, "Work E-mail"), ==, "email");
  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_COMPANIES, "Company name"), ==, "name");

  report = run_ok (db->crm, file, options);
  g_assert_true (report->written);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->rejected->len, ==, 0);

  leads = fcrm_crm_lead_page (db->crm, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 3);
  l = g_ptr_array_index (leads, 0);
  g_assert_cmpstr (l->title, ==, "Кухня на заказ");
  g_assert_cmpstr (l->name, ==, "Зинаида Петровна Кузнецова");
  g_assert_cmpstr (l->phone, ==, "+7 912 345-67-89");
  g_assert_cmpstr (l->email, ==, "zina@example.ru");
  g_assert_cmpstr (l->company_name, ==, "ООО \"Уют\"");
  g_assert_cmpstr (l->source, ==, "call");
  g_assert_cmpstr (l->stage, ==, "lead.new");
  g_assert_cmpint (l->budget, ==, 15000000);
  g_assert_cmpstr (l->responsible_login, ==, "anna");
  /* a quoted field with ";" and a line break; the address kept */
  g_assert_nonnull (strstr (l->comment, "Перезвонить после 18:00;\nугловая кухня"));
  g_assert_nonnull (strstr (l->comment, "Москва, Тверская 1"));
  /* the second phone is the lead's contact's, with its kind, not the comment's */
  g_assert_null (strstr (l->comment, "8 (495) 123-45-67"));
  g_assert_cmpint (l->contact_id, !=, 0);
  {
    g_autoptr(FcrmContact) c = contact (db->crm, l->contact_id);

    g_assert_cmpstr (c->name, ==, "Зинаида Петровна Кузнецова");
    g_assert_cmpuint (c->phones->len, ==, 2);
    g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (c->phones, 0))->kind, ==, "mobile");
    g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (c->phones, 1))->value, ==, "8 (495) 123-45-67");
    g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (c->phones, 1))->kind, ==, "work");
  }
  l = g_ptr_array_index (leads, 1);
  g_assert_cmpstr (l->title, ==, "Шкаф-купе");
  g_assert_cmpstr (l->stage, ==, "lead.in_progress");
  g_assert_cmpstr (l->source, ==, "webform");
  g_assert_cmpint (l->budget, ==, 8500050);
  g_assert_cmpstr (l->responsible_login, ==, "anna");
  g_clear_pointer (&leads, g_ptr_array_unref);
  leads = fcrm_crm_lead_list (db->crm, "lead.junk", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  l = g_ptr_array_index (leads, 0);
  g_assert_cmpstr (l->title, ==, "Ремонт двери");
  g_assert_cmpstr (l->comment, ==, "Дверь скрипит");

  /* the same file again: every row is a duplicate, skipped */
  g_clear_pointer (&report, fcrm_import_report_free);
  report = run_ok (db->crm, file, options);
  g_assert_cmpuint (report->created, ==, 0);
  g_assert_cmpuint (report->skipped, ==, 3);
  g_assert_cmpint (fcrm_test_n_leads (db->crm), ==, 3);
}

/* The lead titled @title (statements are cached by their text's address:
 * no SQL made on the fly). */
static FcrmItem *
lead_titled (FcrmCrm    *crm,
             const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = fcrm_crm_lead_list (crm, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    if (g_strcmp0 (((FcrmItem *) leads->pdata[i])->title, title) == 0)
      return g_object_ref (leads->pdata[i]);
  g_error ("no lead “%s”", title);
}

/* Amounts as spreadsheets write them (issue 14): roubles named before or
 * after, grouped by (no-break, thin) spaces; nonsense is refused by row. */
static const char amounts[] =
  "Название лида;Телефон;Сумма\n"
  "Кухня;+7 900 000-00-01;150 000 руб.\n"
  "Шкаф;+7 900 000-00-02;150000 ₽\n"
  "Стол;+7 900 000-00-03;150 000,50 р.\n"
  "Стул;+7 900 000-00-04;RUB 1500\n"
  "Полка;+7 900 000-00-05;1\u00a0500\u2009000\n"
  "Диван;+7 900 000-00-06;сто тысяч\n"
  "Кресло;+7 900 000-00-07;$100\n";

static void
test_amounts (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) file = text_file (amounts);
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_LEADS);
  g_autoptr(FcrmImportReport) report = NULL;
  g_autoptr(FcrmImportReport) good = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *title; gint64 budget; } expected[] = {
    { "Кухня", 15000000 }, { "Шкаф", 15000000 }, { "Стол", 15000050 }, { "Стул", 150000 },
    { "Полка", 150000000 },
  };
  FcrmTestSnapshot before;
  FcrmImportRejection *bad;

  fcrm_test_snapshot (db->crm, &before);
  g_assert_false (fcrm_crm_import (db->crm, file, options, NULL, NULL, NULL, &report, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "row 7"));
  g_assert_cmpuint (report->rejected->len, ==, 2);
  bad = g_ptr_array_index (report->rejected, 0);
  g_assert_cmpuint (bad->row, ==, 7);
  g_assert_nonnull (strstr (bad->reason, "сто тысяч"));
  g_assert_nonnull (strstr (bad->reason, "not an amount"));
  bad = g_ptr_array_index (report->rejected, 1);
  g_assert_cmpuint (bad->row, ==, 8);
  g_assert_nonnull (strstr (bad->reason, "$100"));
  fcrm_test_assert_unchanged (db->crm, &before);

  fcrm_import_options_set_skip_rejected (options, TRUE);
  good = run_ok (db->crm, file, options);
  g_assert_cmpuint (good->created, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(FcrmItem) lead = lead_titled (db->crm, expected[i].title);

      g_assert_cmpint (lead->budget, ==, expected[i].budget);
    }
}

/* Every phone and e-mail column of a Bitrix24 export lands as the card's
 * phones and e-mails with their kinds, none in the comment; a lead's go to
 * its contact (the one with the same number, else a new one). */
static const char bitrix_points[] =
  "Имя;Фамилия;Мобильный телефон;Рабочий телефон;Домашний телефон;Другой телефон;"
  "Рабочий e-mail;Частный e-mail;Другой e-mail;Комментарий\n"
  "Вера;Лебедева;+7 901 111-11-11;+7 495 222-22-22;+7 495 333-33-33;+7 902 444-44-44;"
  "vera@work.ru;vera@home.ru;vera@other.ru;Любит дуб\n";

static const char lead_points[] =
  "Название лида;Имя;Мобильный телефон;Рабочий телефон;Домашний телефон;Частный e-mail;Рабочий e-mail\n"
  "Кухня Веры;Вера Лебедева;+7 901 111-11-11;+7 495 555-55-55;;vera@home.ru;\n"
  "Прихожая;Пётр;+7 903 666-66-66;;+7 495 777-77-77;petr@home.ru;petr@work.ru\n"
  "Тумба;Ольга;+7 904 888-88-88;;;;\n";

static void
assert_point (GPtrArray  *points,
              guint       i,
              const char *value,
              const char *kind)
{
  FcrmContactPoint *p;

  g_assert_cmpuint (i, <, points->len);
  p = g_ptr_array_index (points, i);
  g_assert_cmpstr (p->value, ==, value);
  g_assert_cmpstr (p->kind, ==, kind);
}


static void
test_bitrix_points (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) people = text_file (bitrix_points);
  g_autoptr(FcrmImportFile) leads = text_file (lead_points);
  g_autoptr(FcrmImportOptions) ct = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  g_autoptr(FcrmImportOptions) ld = fcrm_import_options_new (FCRM_IMPORT_LEADS);
  g_autoptr(FcrmImportReport) r1 = NULL;
  g_autoptr(FcrmImportReport) r2 = NULL;
  g_autoptr(FcrmContact) vera = NULL;
  g_autoptr(FcrmContact) petr = NULL;
  g_autoptr(FcrmItem) kitchen = NULL;
  g_autoptr(FcrmItem) hall = NULL;
  g_autoptr(FcrmItem) stand = NULL;

  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_CONTACTS, "Другой телефон"), ==, "other_phone");
  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_LEADS, "Other E-mail"), ==, "other_email");
  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_LEADS, "Домашний телефон"), ==, "home_phone");
  g_assert_cmpstr (fcrm_import_guess_field (FCRM_IMPORT_LEADS, "Частный e-mail"), ==, "home_email");

  r1 = run_ok (db->crm, people, ct);
  g_assert_cmpuint (r1->created, ==, 1);
  vera = contact (db->crm, fcrm_test_int (db->crm, "SELECT min(id) FROM contacts"));
  g_assert_cmpstr (vera->name, ==, "Вера Лебедева");
  g_assert_cmpstr (vera->comment, ==, "Любит дуб");
  g_assert_cmpuint (vera->phones->len, ==, 4);
  assert_point (vera->phones, 0, "+7 901 111-11-11", "mobile");
  assert_point (vera->phones, 1, "+7 495 222-22-22", "work");
  assert_point (vera->phones, 2, "+7 495 333-33-33", "home");
  assert_point (vera->phones, 3, "+7 902 444-44-44", "mobile");
  g_assert_cmpuint (vera->emails->len, ==, 3);
  assert_point (vera->emails, 0, "vera@work.ru", "work");
  assert_point (vera->emails, 1, "vera@home.ru", "home");
  assert_point (vera->emails, 2, "vera@other.ru", "work");

  r2 = run_ok (db->crm, leads, ld);
  g_assert_cmpuint (r2->created, ==, 3);
  /* Vera's lead: her contact (same mobile) takes the new work phone */
  kitchen = lead_titled (db->crm, "Кухня Веры");
  g_assert_cmpint (kitchen->contact_id, ==, vera->id);
  g_assert_null (kitchen->comment);
  g_clear_object (&vera);
  vera = contact (db->crm, kitchen->contact_id);
  g_assert_cmpuint (vera->phones->len, ==, 5);
  assert_point (vera->phones, 4, "+7 495 555-55-55", "work");
  g_assert_cmpuint (vera->emails->len, ==, 3);
  /* Pyotr is new: a contact of his own with every number and address */
  hall = lead_titled (db->crm, "Прихожая");
  g_assert_cmpstr (hall->phone, ==, "+7 903 666-66-66");
  g_assert_cmpint (hall->contact_id, !=, 0);
  petr = contact (db->crm, hall->contact_id);
  g_assert_cmpstr (petr->name, ==, "Пётр");
  g_assert_cmpuint (petr->phones->len, ==, 2);
  assert_point (petr->phones, 0, "+7 903 666-66-66", "mobile");
  assert_point (petr->phones, 1, "+7 495 777-77-77", "home");
  g_assert_cmpuint (petr->emails->len, ==, 2);
  assert_point (petr->emails, 0, "petr@home.ru", "home");
  assert_point (petr->emails, 1, "petr@work.ru", "work");
  /* one phone: the lead keeps it, no contact is made before a conversion */
  stand = lead_titled (db->crm, "Тумба");
  g_assert_cmpint (stand->contact_id, ==, 0);
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM contacts"), ==, 2);
}

static void
test_bitrix_clients (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) companies = fixture ("bitrix24-companies-cp1251.csv");
  g_autoptr(FcrmImportFile) contacts = fixture ("bitrix24-contacts-cp1251.csv");
  g_autoptr(FcrmImportOptions) co = fcrm_import_options_new (FCRM_IMPORT_COMPANIES);
  g_autoptr(FcrmImportOptions) ct = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  g_autoptr(FcrmImportReport) r1 = NULL;
  g_autoptr(FcrmImportReport) r2 = NULL;
  g_autoptr(FcrmContact) zina = NULL;
  g_autoptr(FcrmContact) oleg = NULL;
  g_autoptr(FcrmCompany) uyut = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  r1 = run_ok (db->crm, companies, co);
  g_assert_cmpuint (r1->created, ==, 2);
  r2 = run_ok (db->crm, contacts, ct);
  g_assert_cmpuint (r2->created, ==, 2);

  first = fcrm_test_int (db->crm, "SELECT min(id) FROM contacts");
  zina = contact (db->crm, first);
  g_assert_cmpstr (zina->name, ==, "Зинаида Петровна Кузнецова");
  g_assert_cmpstr (zina->company_name, ==, "ООО \"Уют\"");
  g_assert_cmpstr (zina->address, ==, "Москва, Тверская 1");
  g_assert_cmpstr (zina->comment, ==, "Постоянный клиент");
  g_assert_cmpint (zina->birthday, ==, fcrm_test_local_time (1980, 5, 17, 0, 0));
  g_assert_cmpuint (zina->phones->len, ==, 2);
  g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (zina->phones, 1))->kind, ==, "work");
  g_assert_cmpuint (zina->emails->len, ==, 2);
  g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (zina->emails, 1))->value, ==, "zina.home@example.ru");
  g_assert_cmpstr (((FcrmContactPoint *) g_ptr_array_index (zina->emails, 1))->kind, ==, "home");
  /* the company imported before is the contact's, not a second one */
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM companies"), ==, 2);
  uyut = fcrm_crm_company_get (db->crm, zina->company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uyut->inn, ==, "7701234567");
  g_assert_cmpstr (uyut->kpp, ==, "770101001");
  g_assert_cmpstr (uyut->comment, ==, "Мебельный салон");
  /* two numbers in one cell */
  oleg = contact (db->crm, first + 1);
  g_assert_cmpuint (oleg->phones->len, ==, 2);
}

static void
test_malformed_files (void)
{
  static const char binary[] = { 'a', ';', 'b', '\n', 0, 1, 2, 3, (char) 0xff, '\n' };
  static const char not_1251[] = "\xc8\xec\xff;\x98\x98\n1;2\n";   /* 0x98 is no Windows-1251 letter */
  static const char utf8_bom[] = "\xef\xbb\xbfName,Phone\n\"Smith, John\",+7 912 000-00-01\n";
  g_autoptr(FcrmImportFile) bom = NULL;
  g_autoptr(FcrmImportFile) tabs = NULL;
  guint n = 0, number = 0;
  const char * const *row;

  assert_refused ("", 0, "empty");
  assert_refused ("\n\n;;\n", 5, "empty");
  assert_refused ("Name;Phone\n", 11, "no rows");
  assert_refused (binary, sizeof binary, "binary");
  assert_refused (not_1251, strlen (not_1251), "neither UTF-8 nor Windows-1251");
  assert_refused ("Name;Comment\nAnn;\"never closed\nBob;x\n", 36, "Row 2");

  bom = text_file (utf8_bom);
  g_assert_cmpstr (fcrm_import_file_get_encoding (bom), ==, "UTF-8");
  g_assert_cmpint (fcrm_import_file_get_delimiter (bom), ==, ',');
  g_assert_cmpstr (fcrm_import_file_get_column (bom, 0), ==, "Name");
  row = fcrm_import_file_get_row (bom, 0, &n, &number);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (number, ==, 2);
  g_assert_cmpstr (row[0], ==, "Smith, John");

  tabs = text_file ("Name\tPhone\n\nAnn Lee\t+7 912 000-00-02\n");
  g_assert_cmpint (fcrm_import_file_get_delimiter (tabs), ==, '\t');
  row = fcrm_import_file_get_row (tabs, 0, &n, &number);
  g_assert_cmpstr (row[0], ==, "Ann Lee");
  g_assert_cmpuint (number, ==, 3);   /* the empty line counts, as a spreadsheet shows it */
}

/* A half-valid file: ragged rows, a bad phone, a huge field, an empty name. */
static const char half_valid[] =
  "Name;Phone;E-mail;Comment\n"
  "Anna Lee;+7 912 000-00-01;anna@example.com;ok\n"
  "Bob;+7 912 000-00-02;bob@example.com\n"                /* row 3: a field short */
  "Carl;+7 912 000-00-03;carl@example.com;x;y\n"          /* row 4: one too many */
  "Dina;not a phone;;\n"                                  /* row 5 */
  ";+7 912 000-00-06;;\n"                                 /* row 6: no name */
  "Eve;+7 912 000-00-07;eve@example.com;fine\n";

static void
test_half_valid_writes_nothing (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) file = text_file (half_valid);
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  g_autoptr(FcrmImportReport) report = NULL;
  g_autoptr(FcrmImportReport) dry = NULL;
  g_autoptr(FcrmImportReport) skipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new ("Name;Phone;E-mail;Comment\nFine;;;\n");
  g_autoptr(FcrmImportFile) huge_file = NULL;
  FcrmTestSnapshot before;
  static const guint rows[] = { 3, 4, 5, 6 };

  fcrm_test_snapshot (db->crm, &before);
  g_assert_false (fcrm_crm_import (db->crm, file, options, NULL, NULL, NULL, &report, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "row 3"));
  g_assert_nonnull (report);
  g_assert_false (report->written);
  g_assert_cmpuint (report->created, ==, 0);
  g_assert_cmpuint (report->rejected->len, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpuint (((FcrmImportRejection *) g_ptr_array_index (report->rejected, i))->row, ==, rows[i]);
  g_assert_nonnull (strstr (((FcrmImportRejection *) g_ptr_array_index (report->rejected, 0))->reason, "3 fields"));
  fcrm_test_assert_unchanged (db->crm, &before);

  /* the dry run says what a run would do, and writes nothing either */
  fcrm_import_options_set_dry_run (options, TRUE);
  dry = run_ok (db->crm, file, options);
  g_assert_false (dry->written);
  g_assert_cmpuint (dry->created, ==, 2);
  g_assert_cmpuint (dry->rejected->len, ==, 4);
  fcrm_test_assert_unchanged (db->crm, &before);

  /* leaving the rejected rows out: the others go in */
  fcrm_import_options_set_dry_run (options, FALSE);
  fcrm_import_options_set_skip_rejected (options, TRUE);
  skipped = run_ok (db->crm, file, options);
  g_assert_true (skipped->written);
  g_assert_cmpuint (skipped->created, ==, 2);
  g_assert_cmpint (n_contacts (db->crm), ==, 2);

  /* a field of a million characters is refused by row, nothing else breaks */
  g_string_append (huge, "\"");
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\";;;\n");
  huge_file = text_file (huge->str);
  fcrm_test_snapshot (db->crm, &before);
  fcrm_import_options_set_skip_rejected (options, FALSE);
  g_clear_pointer (&report, fcrm_import_report_free);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_import (db->crm, huge_file, options, NULL, NULL, NULL, &report, &error));
  g_assert_cmpuint (report->rejected->len, ==, 1);
  g_assert_cmpuint (((FcrmImportRejection *) g_ptr_array_index (report->rejected, 0))->row, ==, 3);
  fcrm_test_assert_unchanged (db->crm, &before);
}

static const char people[] =
  "Name;Phone;E-mail;Comment\n"
  "Ivan Petrov;8 (912) 555-44-33;;from the file\n"
  "Olga;+7 926 000-00-09;olga@example.com;\n"
  "Ivan P.;;IVAN@example.com;second row of Ivan\n";

static void
test_duplicates (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) file = text_file (people);
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  g_autoptr(FcrmImportReport) skip = NULL;
  g_autoptr(FcrmImportReport) merge = NULL;
  g_autoptr(FcrmImportReport) create = NULL;
  g_autoptr(FcrmContact) ivan = NULL;
  g_autoptr(FcrmContact) merged = NULL;
  g_autoptr(GError) error = NULL;
  const char *phones[] = { "+7 912 555-44-33", NULL };
  const char *emails[] = { "ivan@example.com", NULL };

  ivan = fcrm_crm_contact_add (db->crm, &(FcrmContactInput) { .name = "Иван Петров", .phones = phones,
                                                              .emails = emails, .comment = "VIP" }, &error);
  g_assert_no_error (error);

  /* skip: the two rows of Ivan (a phone written with 8, an e-mail in capitals) */
  skip = run_ok (db->crm, file, options);
  g_assert_cmpuint (skip->created, ==, 1);
  g_assert_cmpuint (skip->skipped, ==, 2);
  g_assert_cmpint (n_contacts (db->crm), ==, 2);

  /* merge: into the card there, which keeps its name and gains the comments */
  fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_MERGE);
  merge = run_ok (db->crm, file, options);
  g_assert_cmpuint (merge->merged, ==, 3);   /* Olga is there now too */
  g_assert_cmpuint (merge->created, ==, 0);
  g_assert_cmpint (n_contacts (db->crm), ==, 2);
  merged = contact (db->crm, ivan->id);
  g_assert_cmpstr (merged->name, ==, "Иван Петров");
  g_assert_cmpuint (merged->phones->len, ==, 1);   /* the same number, not doubled */
  g_assert_cmpuint (merged->emails->len, ==, 1);
  g_assert_nonnull (strstr (merged->comment, "VIP"));
  g_assert_nonnull (strstr (merged->comment, "from the file"));
  g_assert_nonnull (strstr (merged->comment, "second row of Ivan"));

  /* create: every row anew */
  fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_CREATE);
  create = run_ok (db->crm, file, options);
  g_assert_cmpuint (create->created, ==, 3);
  g_assert_cmpint (n_contacts (db->crm), ==, 5);
}

static gboolean cancel_at_half;

static void
cancel_progress (guint    done,
                 guint    total,
                 gpointer data)
{
  if (cancel_at_half && done >= total / 2)
    g_cancellable_cancel (data);
}

static char *
many_rows (guint n)
{
  GString *s = g_string_new ("Имя;Фамилия;Мобильный телефон\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "Name%u;Last%u;+7 9%02u %03u-%02u-%02u\n", i, i, i % 100, i % 1000, (i / 7) % 100,
                            (i / 3) % 100);
  return g_string_free (s, FALSE);
}

static void
test_cancel_leaves_nothing (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *text = many_rows (1000);
  g_autoptr(FcrmImportFile) file = text_file (text);
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FcrmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;

  fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_CREATE);
  fcrm_test_snapshot (db->crm, &before);
  cancel_at_half = TRUE;
  g_assert_false (fcrm_crm_import (db->crm, file, options, cancel_progress, cancellable, cancellable, &report, &error));
  cancel_at_half = FALSE;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  fcrm_test_assert_unchanged (db->crm, &before);
}

static void
test_unknown_values_mapped (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(FcrmImportFile) file = text_file ("Lead name;Stage;Source;Responsible;Note\n"
                                              "Table;Processed;Advertising;Igor K.;a\n"
                                              "Chair;Processed;Call;;b\n");
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_LEADS);
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(FcrmImportReport) dry = NULL;
  g_autoptr(FcrmImportReport) report = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;
  g_auto(GStrv) choices = NULL;
  FcrmImportUnknown *u;
  FcrmItem *l;

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_add_user (db->crm, "igor", "manager");
  unknown = fcrm_crm_import_unknown_values (db->crm, file, options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unknown->len, ==, 3);
  u = g_ptr_array_index (unknown, 0);
  g_assert_cmpstr (u->field, ==, "stage");
  g_assert_cmpstr (u->value, ==, "Processed");
  g_assert_cmpuint (u->rows, ==, 2);
  g_assert_cmpstr (((FcrmImportUnknown *) g_ptr_array_index (unknown, 1))->value, ==, "Advertising");
  g_assert_cmpstr (((FcrmImportUnknown *) g_ptr_array_index (unknown, 2))->field, ==, "responsible");
  choices = fcrm_crm_import_value_choices (db->crm, FCRM_IMPORT_LEADS, "stage", &labels);
  g_assert_true (g_strv_contains ((const char * const *) choices, "lead.in_progress"));
  g_assert_false (g_strv_contains ((const char * const *) choices, "lead.to_design"));

  /* unmapped: the rows are rejected, named */
  fcrm_import_options_set_dry_run (options, TRUE);
  dry = run_ok (db->crm, file, options);
  g_assert_cmpuint (dry->rejected->len, ==, 2);
  g_assert_nonnull (strstr (((FcrmImportRejection *) g_ptr_array_index (dry->rejected, 1))->reason, "Processed"));

  fcrm_import_options_set_dry_run (options, FALSE);
  fcrm_import_options_map_value (options, "stage", "processed", "lead.in_progress");
  fcrm_import_options_map_value (options, "source", "Advertising", "other");
  fcrm_import_options_map_value (options, "responsible", "Igor K.", "igor");
  g_assert_true (fcrm_import_options_parse_map (options, "Note=comment", &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_import_options_parse_map (options, "Note=colour", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  report = run_ok (db->crm, file, options);
  g_assert_cmpuint (report->created, ==, 2);
  leads = fcrm_crm_lead_list (db->crm, "lead.in_progress", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 2);
  l = g_ptr_array_index (leads, 0);
  g_assert_cmpstr (l->title, ==, "Table");
  g_assert_cmpstr (l->source, ==, "other");
  g_assert_cmpstr (l->responsible_login, ==, "igor");
  g_assert_cmpstr (l->comment, ==, "a");
  g_assert_cmpstr (((FcrmItem *) g_ptr_array_index (leads, 1))->source, ==, "call");

  /* a column left out, and a column the file does not have */
  g_assert_true (fcrm_import_options_parse_map (options, "Note=-", &error));
  g_assert_true (fcrm_import_options_parse_map (options, "Colour=comment", &error));
  g_clear_pointer (&report, fcrm_import_report_free);
  g_assert_false (fcrm_crm_import (db->crm, file, options, NULL, NULL, NULL, &report, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Colour"));
}

typedef struct
{
  GMainLoop        *loop;
  FcrmImportReport *report;
  GError           *error;
  guint             progress_calls;
  guint             last_done;
  guint             changed;
} AsyncRun;

static void
async_progress (guint    done,
                guint    total,
                gpointer data)
{
  AsyncRun *a = data;

  g_assert_cmpuint (done, <=, total);
  a->progress_calls++;
  a->last_done = done;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AsyncRun *a = data;

  a->report = fcrm_crm_import_finish (FCRM_CRM (source), result, &a->error);
  g_main_loop_quit (a->loop);
}

static void
count_changed (FcrmCrm *crm,
               gpointer data)
{
  ((AsyncRun *) data)->changed++;
}

static void
test_async (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autofree char *text = many_rows (600);
  g_autoptr(FcrmImportFile) file = text_file (text);
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  AsyncRun a = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0, 0 };

  fcrm_test_add_user (db->crm, "anna", "manager");
  fcrm_test_set_actor (db->crm, "anna");
  fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_CREATE);
  g_signal_connect (db->crm, "changed", G_CALLBACK (count_changed), &a);
  fcrm_crm_import_async (db->crm, file, options, async_progress, &a, NULL, async_done, &a);
  g_main_loop_run (a.loop);
  g_assert_no_error (a.error);
  g_assert_nonnull (a.report);
  g_assert_cmpuint (a.report->created, ==, 600);
  g_assert_cmpuint (a.progress_calls, >=, 1);
  g_assert_cmpuint (a.last_done, ==, 600);
  g_assert_cmpuint (a.changed, ==, 1);
  g_assert_cmpint (n_contacts (db->crm), ==, 600);
  /* written as the window's person */
  g_assert_cmpint (fcrm_test_int (db->crm, "SELECT count(*) FROM contacts WHERE created_by = (SELECT id FROM users WHERE login = 'anna')"),
                   ==, 600);
  fcrm_import_report_free (a.report);
  g_main_loop_unref (a.loop);
}

/* The office server: a manager imports on their own connection, under the
 * same row-level security as the app — the cards are theirs, an import
 * naming another manager's leads keeps them visible to the importer (their
 * creator), and the owner sees who did it. */
static void
test_office_as_person (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FcrmCrm) anna = open_as (f, f->anna, NULL);
  g_autoptr(FcrmImportFile) contacts = fixture ("bitrix24-contacts-cp1251.csv");
  g_autofree char *text = g_strdup_printf ("Lead name;Phone;Responsible\nTable;+7 912 000-00-01;%s\nChair;+7 912 000-00-02;%s\n",
                                           f->anna, f->igor);
  g_autoptr(FcrmImportFile) leads = text_file (text);
  g_autoptr(FcrmImportOptions) co = fcrm_import_options_new (FCRM_IMPORT_CONTACTS);
  g_autoptr(FcrmImportOptions) lo = fcrm_import_options_new (FCRM_IMPORT_LEADS);
  g_autoptr(FcrmImportReport) r1 = NULL;
  g_autoptr(FcrmImportReport) r2 = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GError) error = NULL;

  r1 = run_ok (anna, contacts, co);
  g_assert_cmpuint (r1->created, ==, 2);
  r2 = run_ok (anna, leads, lo);
  g_assert_cmpuint (r2->created, ==, 2);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM contacts WHERE created_by = ?", f->anna_id), ==, 2);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM leads WHERE created_by = ?", f->anna_id), ==, 2);
  g_assert_cmpint (fcrm_test_int1 (f->crm, "SELECT count(*) FROM leads WHERE responsible_id = ?", f->igor_id), ==, 1);
  seen = fcrm_crm_lead_list (anna, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/import/bitrix-leads", test_bitrix_leads);
  g_test_add_func ("/import/bitrix-clients", test_bitrix_clients);
  g_test_add_func ("/import/amounts", test_amounts);
  g_test_add_func ("/import/bitrix-points", test_bitrix_points);
  g_test_add_func ("/import/malformed-files", test_malformed_files);
  g_test_add_func ("/import/half-valid-writes-nothing", test_half_valid_writes_nothing);
  g_test_add_func ("/import/duplicates", test_duplicates);
  g_test_add_func ("/import/cancel-leaves-nothing", test_cancel_leaves_nothing);
  g_test_add_func ("/import/unknown-values-mapped", test_unknown_values_mapped);
  g_test_add_func ("/import/async", test_async);
  if (fcrm_test_is_pg ())
    g_test_add ("/import/office-as-person", Fixture, NULL, fixture_setup, test_office_as_person, fixture_teardown);
  return g_test_run ();
}
