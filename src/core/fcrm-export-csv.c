#define G_LOG_DOMAIN "fcrm-export-csv"

#include <glib/gi18n-lib.h>

#include "fcrm-export.h"

/* What a spreadsheet would take for the start of a formula. */
static gboolean
looks_like_formula (const char *text)
{
  return text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
         text[0] == '\t' || text[0] == '\r';
}

static void
append_field (GString    *out,
              const char *text,
              char        separator,
              gboolean    is_text)
{
  gboolean guard = is_text && looks_like_formula (text);
  gboolean quote = guard ||
                   strchr (text, separator) != NULL || strchr (text, '"') != NULL ||
                   strchr (text, '\n') != NULL || strchr (text, '\r') != NULL ||
                   /* spaces at the ends survive only inside quotes */
                   (text[0] == ' ' || (text[0] != '\0' && text[strlen (text) - 1] == ' '));

  if (!quote)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

GBytes *
fcrm_export_csv_bytes (FcrmTable *table,
                       char       separator)
{
  GString *out;
  guint n_columns;
  char point;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (separator == ',' || separator == ';', NULL);

  n_columns = fcrm_table_get_n_columns (table);
  point = separator == ';' ? ',' : '.';
  out = g_string_new ("\xEF\xBB\xBF");

  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, separator);
      append_field (out, fcrm_table_get_column_title (table, c), separator, TRUE);
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < fcrm_table_get_n_rows (table); r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *text = fcrm_table_format_plain (table, r, c, point);

          if (c > 0)
            g_string_append_c (out, separator);
          append_field (out, text, separator, fcrm_table_get_column_kind (table, c) == FCRM_TABLE_TEXT);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}

gboolean
fcrm_export_csv (FcrmTable   *table,
                 char         separator,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (separator == ',' || separator == ';', FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = fcrm_export_csv_bytes (table, separator);
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the table: %s. Choose another folder or name."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
