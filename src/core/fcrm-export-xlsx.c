#define G_LOG_DOMAIN "fcrm-export-xlsx"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "fcrm-error.h"
#include "fcrm-export.h"

/* Excel's limits on a sheet's name: 31 characters, none of []:*?/\ and no
 * apostrophe at either end. */
static char *
sheet_name (const char *title)
{
  GString *name = g_string_new (NULL);
  glong n = 0;

  for (const char *p = title; p != NULL && *p != '\0' && n < 31; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (name, strchr ("[]:*?/\\", (int) c) != NULL && c < 128 ? ' ' : c);
    }
  while (name->len > 0 && (name->str[0] == '\'' || name->str[0] == ' '))
    g_string_erase (name, 0, 1);
  while (name->len > 0 && (name->str[name->len - 1] == '\'' || name->str[name->len - 1] == ' '))
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_assign (name, "Sheet1");

  return g_string_free (name, FALSE);
}

/* Wide enough for the longest cell (in characters), within reason. */
static double
column_width (FcrmTable *table,
              guint      column)
{
  glong widest = g_utf8_strlen (fcrm_table_get_column_title (table, column), -1);

  for (guint r = 0; r < fcrm_table_get_n_rows (table) && r < 1000; r++)
    {
      g_autofree char *text = fcrm_table_format_plain (table, r, column, '.');

      widest = MAX (widest, g_utf8_strlen (text, -1));
    }
  /* money gets group separators and a sign on screen */
  if (fcrm_table_get_column_kind (table, column) == FCRM_TABLE_MONEY)
    widest += 5;
  return CLAMP (widest + 2, 6, 60);
}

/* Excel counts local days since 1899-12-30. */
static double
excel_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);
  gint64 local = unix_time + (dt != NULL ? g_date_time_get_utc_offset (dt) / G_USEC_PER_SEC : 0);

  return (double) local / 86400.0 + 25569.0;
}

static gboolean
set_lxw_error (GError     **error,
               lxw_error    code,
               const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, FCRM_ERROR, FCRM_ERROR_STORAGE,
               _("Could not save the table to “%s”: %s. Choose another folder or name."),
               display, lxw_strerror (code));
  return FALSE;
}

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *path,
                 const char *remove)
{
  g_autofree char *display = g_filename_display_name (path);

  if (remove != NULL)
    g_unlink (remove);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Could not save the table to “%s”: %s. Choose another folder or name."),
               display, g_strerror (saved_errno));
  return FALSE;
}

gboolean
fcrm_export_xlsx (FcrmTable   *table,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmpdir = NULL;
  lxw_workbook_options options = { 0 };
  lxw_doc_properties properties = { 0 };
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_format *formats[FCRM_TABLE_TIME + 1] = { NULL };
  lxw_format *date_format;
  lxw_format *header;
  lxw_error code;
  guint n_columns;
  int fd;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_columns = fcrm_table_get_n_columns (table);
  /* Rows go straight to a temporary file and strings stay in the sheet:
   * memory stays flat for a list of 100,000 contacts. */
  tmpdir = g_strdup (g_get_tmp_dir ());
  options.constant_memory = LXW_TRUE;
  options.tmpdir = tmpdir;
  /* Written beside the target, renamed over it when complete. */
  tmp_path = g_strdup_printf ("%s.%08x.tmp", path, g_random_int ());

  /* Made here first: a folder we may not write to gets a clear message
   * (libxlsxwriter would only print to stderr when closing). */
  fd = g_open (tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, path, NULL);
  close (fd);

  workbook = workbook_new_opt (tmp_path, &options);
  if (workbook == NULL)
    return set_lxw_error (error, LXW_ERROR_CREATING_XLSX_FILE, path);

  properties.title = (char *) fcrm_table_get_title (table);
  properties.subject = (char *) fcrm_table_get_subtitle (table);
  workbook_set_properties (workbook, &properties);

  name = sheet_name (fcrm_table_get_title (table));
  sheet = workbook_add_worksheet (workbook, name);
  if (sheet == NULL)
    sheet = workbook_add_worksheet (workbook, NULL);

  header = workbook_add_format (workbook);
  format_set_bold (header);
  format_set_bottom (header, LXW_BORDER_THIN);
  format_set_text_wrap (header);
  format_set_align (header, LXW_ALIGN_VERTICAL_TOP);
  formats[FCRM_TABLE_COUNT] = workbook_add_format (workbook);
  format_set_num_format (formats[FCRM_TABLE_COUNT], "#,##0");
  formats[FCRM_TABLE_MONEY] = workbook_add_format (workbook);
  format_set_num_format (formats[FCRM_TABLE_MONEY], "#,##0.00\\ \"₽\"");
  formats[FCRM_TABLE_DAYS] = workbook_add_format (workbook);
  format_set_num_format (formats[FCRM_TABLE_DAYS], "0.0");
  formats[FCRM_TABLE_PERCENT] = workbook_add_format (workbook);
  format_set_num_format (formats[FCRM_TABLE_PERCENT], "0.0%");
  formats[FCRM_TABLE_TIME] = workbook_add_format (workbook);
  format_set_num_format (formats[FCRM_TABLE_TIME], "yyyy-mm-dd hh:mm");
  date_format = workbook_add_format (workbook);
  format_set_num_format (date_format, "yyyy-mm-dd");

  for (guint c = 0; c < n_columns; c++)
    {
      worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, column_width (table, c), NULL);
      worksheet_write_string (sheet, 0, (lxw_col_t) c, fcrm_table_get_column_title (table, c), header);
    }
  worksheet_freeze_panes (sheet, 1, 0);

  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    for (guint c = 0; c < n_columns; c++)
      {
        FcrmTableKind kind = fcrm_table_get_column_kind (table, c);
        lxw_row_t row = (lxw_row_t) r + 1;

        if (fcrm_table_cell_is_empty (table, r, c))
          continue;
        if (kind == FCRM_TABLE_TEXT)
          worksheet_write_string (sheet, row, (lxw_col_t) c, fcrm_table_get_text (table, r, c), NULL);
        else if (kind == FCRM_TABLE_MONEY)
          /* roubles: a spreadsheet sums them as written */
          worksheet_write_number (sheet, row, (lxw_col_t) c,
                                  (double) fcrm_table_get_int (table, r, c) / 100.0, formats[kind]);
        else if (kind == FCRM_TABLE_TIME)
          {
            gboolean is_date = FALSE;
            gint64 when = fcrm_table_get_time (table, r, c, &is_date);

            worksheet_write_number (sheet, row, (lxw_col_t) c, excel_time (when),
                                    is_date ? date_format : formats[kind]);
          }
        else
          worksheet_write_number (sheet, row, (lxw_col_t) c, fcrm_table_get_number (table, r, c), formats[kind]);
      }

  code = workbook_close (workbook);
  if (code != LXW_NO_ERROR)
    {
      g_unlink (tmp_path);
      return set_lxw_error (error, code, path);
    }
  if (g_rename (tmp_path, path) != 0)
    return set_errno_error (error, errno, path, tmp_path);
  return TRUE;
}
