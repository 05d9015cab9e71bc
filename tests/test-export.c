/* Tables written for spreadsheet programs: CSV (BOM, quoting, both
 * separators, Cyrillic) and XLSX (a zip whose first sheet holds the values). */

#include <glib/gstdio.h>
#include <locale.h>

#include "fcrm-test-util.h"
#include "fcrm-export.h"
#include "fcrm-reports-private.h"
#include "fcrm-table.h"
#include "fcrm-table-report.h"

#define BOM "\xEF\xBB\xBF"

/* Three columns of different kinds and awkward text. */
static FcrmTable *
sample_table (void)
{
  FcrmTable *table = fcrm_table_new ("Воронка: Manufacturing");
  guint r;

  fcrm_table_set_subtitle (table, "January 2026");
  fcrm_table_add_column (table, "stage", "Этап", FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "count", "Count", FCRM_TABLE_COUNT);
  fcrm_table_add_column (table, "budget", "Budget; ₽", FCRM_TABLE_MONEY);
  fcrm_table_add_column (table, "rate", "Rate", FCRM_TABLE_PERCENT);
  fcrm_table_add_column (table, "days", "Days", FCRM_TABLE_DAYS);

  r = fcrm_table_add_row (table);
  fcrm_table_set_text (table, r, 0, "Замер");
  fcrm_table_set_int (table, r, 1, 12);
  fcrm_table_set_int (table, r, 2, G_GINT64_CONSTANT (123456789));   /* 1 234 567.89 ₽ */
  fcrm_table_set_double (table, r, 3, 0.5);
  fcrm_table_set_double (table, r, 4, 3.26);

  r = fcrm_table_add_row (table);
  fcrm_table_set_text (table, r, 0, "He said \"cheap\"; then\nleft");
  fcrm_table_set_int (table, r, 1, 0);
  /* budget, rate and days left blank */

  r = fcrm_table_add_row (table);
  fcrm_table_set_text (table, r, 0, "=HYPERLINK(\"x\")");
  fcrm_table_set_int (table, r, 1, 3);
  fcrm_table_set_int (table, r, 2, 100);
  fcrm_table_set_double (table, r, 3, 1.0 / 3.0);
  fcrm_table_set_double (table, r, 4, 10);

  return table;
}

static char *
csv_text (FcrmTable *table,
          char       separator)
{
  g_autoptr(GBytes) bytes = fcrm_export_csv_bytes (table, separator);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_utf8_validate (data, (gssize) size, NULL));
  return g_strndup (data, size);
}

static void
test_csv_comma (void)
{
  g_autoptr(FcrmTable) table = sample_table ();
  g_autofree char *text = csv_text (table, ',');

  g_assert_cmpstr (text, ==,
                   BOM "Этап,Count,Budget; ₽,Rate,Days\r\n"
                   "Замер,12,1234567.89,0.5000,3.26\r\n"
                   "\"He said \"\"cheap\"\"; then\nleft\",0,,,\r\n"
                   "\"'=HYPERLINK(\"\"x\"\")\",3,1.00,0.3333,10\r\n");
}

static void
test_csv_semicolon (void)
{
  g_autoptr(FcrmTable) table = sample_table ();
  g_autofree char *text = csv_text (table, ';');

  /* the separator in a title and a cell is quoted; numbers take a decimal comma */
  g_assert_cmpstr (text, ==,
                   BOM "Этап;Count;\"Budget; ₽\";Rate;Days\r\n"
                   "Замер;12;1234567,89;0,5000;3,26\r\n"
                   "\"He said \"\"cheap\"\"; then\nleft\";0;;;\r\n"
                   "\"'=HYPERLINK(\"\"x\"\")\";3;1,00;0,3333;10\r\n");
}

static void
test_csv_file (void)
{
  g_autoptr(FcrmTable) table = sample_table ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fcrm-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "funnel.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "funnel.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = csv_text (table, ';');

  g_assert_no_error (error);
  g_assert_true (fcrm_export_csv (table, ';', path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_true (g_str_has_prefix (contents, BOM "Этап;"));

  /* a folder that does not exist: a message, no file */
  g_assert_false (fcrm_export_csv (table, ',', bad, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_display_formats (void)
{
  g_autoptr(FcrmTable) table = sample_table ();
  g_autofree char *count = fcrm_table_format_display (table, 0, 1);
  g_autofree char *rate = fcrm_table_format_display (table, 2, 3);
  g_autofree char *days = fcrm_table_format_display (table, 0, 4);
  g_autofree char *blank = fcrm_table_format_display (table, 1, 2);

  /* the C locale of the tests */
  g_assert_cmpstr (count, ==, "12");
  g_assert_cmpstr (rate, ==, "33.3%");
  g_assert_cmpstr (days, ==, "3.3");   /* one decimal on screen */
  g_assert_cmpstr (blank, ==, "");
  g_assert_true (fcrm_table_cell_is_empty (table, 1, 2));
  g_assert_cmpint (fcrm_table_find_column (table, "budget"), ==, 2);
  g_assert_cmpint (fcrm_table_find_column (table, "nothing"), ==, -1);

  /* sorting: numbers as numbers, blanks first, text by collation */
  g_assert_cmpint (fcrm_table_compare_rows (table, 1, 0, 2), >, 0);
  g_assert_cmpint (fcrm_table_compare_rows (table, 2, 1, 0), <, 0);
  g_assert_cmpint (fcrm_table_compare_rows (table, 0, 0, 0), ==, 0);
}

/* ---- a minimal zip reader (central directory + raw deflate) ---------------- */

static guint32
le32 (const guchar *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guchar *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

/* The entry @name of the zip @data, inflated; NULL when absent. */
static char *
zip_entry (const guchar *data,
           gsize         size,
           const char   *name)
{
  gsize eocd = 0;
  gsize offset;
  guint entries;

  g_assert_cmpuint (size, >, 22);
  for (gsize i = size - 22; i > 0; i--)
    if (le32 (data + i) == 0x06054b50)
      {
        eocd = i;
        break;
      }
  g_assert_cmpuint (eocd, >, 0);
  entries = le16 (data + eocd + 10);
  offset = le32 (data + eocd + 16);

  for (guint e = 0; e < entries; e++)
    {
      const guchar *h = data + offset;
      guint method = le16 (h + 10);
      gsize compressed = le32 (h + 20);
      gsize plain = le32 (h + 24);
      guint name_len = le16 (h + 28);
      guint extra_len = le16 (h + 30);
      guint comment_len = le16 (h + 32);
      gsize local = le32 (h + 42);

      g_assert_cmpuint (le32 (h), ==, 0x02014b50);
      if (name_len == strlen (name) && memcmp (h + 46, name, name_len) == 0)
        {
          const guchar *l = data + local;
          const guchar *body = l + 30 + le16 (l + 26) + le16 (l + 28);
          g_autoptr(GConverter) inflater = NULL;
          g_autoptr(GError) error = NULL;
          char *out = g_malloc0 (plain + 1);
          gsize read = 0, written = 0;

          g_assert_cmpuint (le32 (l), ==, 0x04034b50);
          if (method == 0)
            {
              memcpy (out, body, plain);
              return out;
            }
          g_assert_cmpuint (method, ==, 8);
          inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW));
          g_assert_cmpint (g_converter_convert (inflater, body, compressed, out, plain + 1,
                                                G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                           ==, G_CONVERTER_FINISHED);
          g_assert_no_error (error);
          g_assert_cmpuint (written, ==, plain);
          return out;
        }
      offset += 46 + name_len + extra_len + comment_len;
    }

  return NULL;
}

static void
test_xlsx (void)
{
  g_autoptr(FcrmTable) table = sample_table ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fcrm-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "funnel.xlsx", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "funnel.xlsx", NULL);
  g_autofree guchar *data = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *workbook = NULL;
  g_autoptr(GDir) listing = NULL;
  gsize size = 0;

  g_assert_no_error (error);
  g_assert_true (fcrm_export_xlsx (table, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, (char **) &data, &size, &error));
  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpmem (data, 4, "PK\x03\x04", 4);

  sheet = zip_entry (data, size, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (sheet);
  /* text (Cyrillic, the quote, the would-be formula as text) and numbers */
  g_assert_nonnull (strstr (sheet, "Этап"));
  g_assert_nonnull (strstr (sheet, "Замер"));
  g_assert_nonnull (strstr (sheet, "He said \"cheap\"; then"));
  g_assert_nonnull (strstr (sheet, "=HYPERLINK"));
  g_assert_null (strstr (sheet, "<f>"));
  g_assert_nonnull (strstr (sheet, "<v>12</v>"));
  g_assert_nonnull (strstr (sheet, "<v>1234567.89</v>"));
  g_assert_nonnull (strstr (sheet, "<v>0.5</v>"));
  g_assert_nonnull (strstr (sheet, "<v>3.26</v>"));
  /* the frozen header row */
  g_assert_nonnull (strstr (sheet, "ySplit=\"1\""));

  /* the sheet is named after the table, within Excel's rules (":" is not allowed) */
  workbook = zip_entry (data, size, "xl/workbook.xml");
  g_assert_nonnull (workbook);
  g_assert_nonnull (strstr (workbook, "name=\"Воронка  Manufacturing\""));

  /* no temporary file is left beside it */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "funnel.xlsx");
  g_assert_null (g_dir_read_name (listing));

  g_assert_false (fcrm_export_xlsx (table, bad, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_xlsx_empty_and_long_title (void)
{
  g_autoptr(FcrmTable) table = fcrm_table_new ("A very long report title that Excel would refuse [as it is]");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fcrm-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "empty.xlsx", NULL);
  g_autofree guchar *data = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *workbook = NULL;
  gsize size = 0;

  fcrm_table_add_column (table, "user", "Manager", FCRM_TABLE_TEXT);
  g_assert_true (fcrm_export_xlsx (table, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, (char **) &data, &size, &error));
  sheet = zip_entry (data, size, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strstr (sheet, "Manager"));
  workbook = zip_entry (data, size, "xl/workbook.xml");
  g_assert_nonnull (strstr (workbook, "name=\"A very long report title that E\""));

  g_unlink (path);
  g_rmdir (dir);
}

/* A report becomes a table: names for codes, totals named and marked,
 * lists joined, stuck rows linked to their items. */
static void
test_from_report (void)
{
  g_autoptr(FcrmReportTable) losses = fcrm_report_table_new (FCRM_REPORT_LOSSES);
  g_autoptr(FcrmReportTable) stuck = fcrm_report_table_new (FCRM_REPORT_STUCK);
  g_autoptr(FcrmTable) table = NULL;
  g_autoptr(FcrmTable) stuck_table = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *due = NULL;
  FcrmReportRow *row;
  const char *type = NULL;
  gint64 id = 0;
  int reason = fcrm_report_table_find_column (losses, "reason");
  int texts = fcrm_report_table_find_column (losses, "texts");

  row = fcrm_report_table_add_row (losses);
  fcrm_report_set_text (row, reason, "other", "Other");
  fcrm_report_set_number (row, fcrm_report_table_find_column (losses, "lost"), 2);
  fcrm_report_set_number (row, fcrm_report_table_find_column (losses, "budget"), 1500000);
  fcrm_report_set_texts (row, texts, g_strsplit ("Moved away,Chose IKEA", ",", -1));
  row = fcrm_report_table_add_row (losses);
  row->total = TRUE;
  fcrm_report_set_number (row, fcrm_report_table_find_column (losses, "lost"), 2);

  table = fcrm_table_new_from_report (losses, "2026");
  g_assert_cmpstr (fcrm_table_get_title (table), ==, "Wins and losses");
  g_assert_cmpstr (fcrm_table_get_subtitle (table), ==, "2026");
  g_assert_cmpuint (fcrm_table_get_n_columns (table), ==, losses->n_columns);
  g_assert_cmpuint (fcrm_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (fcrm_table_get_text (table, 0, (guint) reason), ==, "Other");
  g_assert_cmpstr (fcrm_table_get_text (table, 0, (guint) texts), ==, "Moved away; Chose IKEA");
  budget = fcrm_table_format_plain (table, 0, (guint) fcrm_table_find_column (table, "budget"), '.');
  g_assert_cmpstr (budget, ==, "15000.00");
  g_assert_false (fcrm_table_get_row_total (table, 0));
  g_assert_true (fcrm_table_get_row_total (table, 1));
  g_assert_cmpstr (fcrm_table_get_text (table, 1, (guint) reason), ==, "Total");
  g_assert_false (fcrm_table_get_row_link (table, 0, NULL, NULL));

  row = fcrm_report_table_add_row (stuck);
  row->entity_type = FCRM_ENTITY_DEAL;
  row->entity_id = 42;
  fcrm_report_set_text (row, fcrm_report_table_find_column (stuck, "title"), "Kitchen", NULL);
  /* 2026-01-12 as a whole day */
  fcrm_report_set_number (row, fcrm_report_table_find_column (stuck, "next_task_due"), 1768176000);
  row->cells[fcrm_report_table_find_column (stuck, "next_task_due")].flag = TRUE;
  stuck_table = fcrm_table_new_from_report (stuck, NULL);
  g_assert_true (fcrm_table_get_row_link (stuck_table, 0, &type, &id));
  g_assert_cmpstr (type, ==, "deal");
  g_assert_cmpint (id, ==, 42);
  due = fcrm_table_format_plain (stuck_table, 0, (guint) fcrm_table_find_column (stuck_table, "next_task_due"), '.');
  g_assert_cmpstr (due, ==, "2026-01-12");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/csv-comma", test_csv_comma);
  g_test_add_func ("/export/csv-semicolon", test_csv_semicolon);
  g_test_add_func ("/export/csv-file", test_csv_file);
  g_test_add_func ("/export/display-formats", test_display_formats);
  g_test_add_func ("/export/xlsx", test_xlsx);
  g_test_add_func ("/export/xlsx-empty-long-title", test_xlsx_empty_and_long_title);
  g_test_add_func ("/export/from-report", test_from_report);

  return g_test_run ();
}
