#define G_LOG_DOMAIN "fcrm-import"

/* Reading a CSV file for import (fcrm-import.h): the encoding told from the
 * bytes (a byte order mark, valid UTF-8, else Windows-1251 — what a Russian
 * Excel saves), the delimiter from the header line, the fields split by
 * libcsv (quoted fields may hold delimiters, quotes and line breaks). */

#include <glib/gi18n-lib.h>
#include <csv.h>
#include <string.h>

#include "fcrm-error.h"
#include "fcrm-import.h"

struct _FcrmImportFile
{
  GObject     parent_instance;
  const char *encoding;
  char        delimiter;
  GStrv       columns;
  GPtrArray  *rows;      /* GStrv each */
  GArray     *numbers;   /* guint: the spreadsheet's row number of each */
};

G_DEFINE_FINAL_TYPE (FcrmImportFile, fcrm_import_file, G_TYPE_OBJECT)

static void
fcrm_import_file_finalize (GObject *object)
{
  FcrmImportFile *self = FCRM_IMPORT_FILE (object);

  g_strfreev (self->columns);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->numbers);
  G_OBJECT_CLASS (fcrm_import_file_parent_class)->finalize (object);
}

static void
fcrm_import_file_class_init (FcrmImportFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fcrm_import_file_finalize;
}

static void
fcrm_import_file_init (FcrmImportFile *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->numbers = g_array_new (FALSE, FALSE, sizeof (guint));
}

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* Control characters other than tab and line breaks: text files have none. */
static gboolean
looks_binary (const guchar *data,
              gsize         len)
{
  gsize controls = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0)
        return TRUE;
      if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' && data[i] != '\f')
        controls++;
    }
  return controls > 0 && controls * 200 > len;
}

/* The text of @bytes in UTF-8, and what it was in. */
static char *
to_utf8 (GBytes      *bytes,
         const char **out_encoding,
         GError     **error)
{
  gsize len = 0;
  const guchar *data = g_bytes_get_data (bytes, &len);
  g_autofree char *converted = NULL;

  if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    {
      /* Excel's "Unicode text" */
      converted = g_convert ((const char *) data + 2, (gssize) len - 2, "UTF-8",
                             data[0] == 0xff ? "UTF-16LE" : "UTF-16BE", NULL, NULL, NULL);
      if (converted == NULL || !g_utf8_validate (converted, -1, NULL))
        return refuse (error, _("The file says it is UTF-16 text but is not; save it again as CSV in UTF-8.")), NULL;
      *out_encoding = "UTF-16";
      return g_steal_pointer (&converted);
    }
  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      data += 3;
      len -= 3;
    }
  if (looks_binary (data, len))
    return refuse (error, _("This is not a text file (it holds binary data); choose a CSV file saved from a spreadsheet or a CRM.")), NULL;
  if (g_utf8_validate ((const char *) data, (gssize) len, NULL))
    {
      *out_encoding = "UTF-8";
      return g_strndup ((const char *) data, len);
    }
  converted = g_convert ((const char *) data, (gssize) len, "UTF-8", "WINDOWS-1251", NULL, NULL, NULL);
  if (converted == NULL)
    return refuse (error, _("The file is neither UTF-8 nor Windows-1251 text; save it again as CSV in UTF-8.")), NULL;
  *out_encoding = "Windows-1251";
  return g_steal_pointer (&converted);
}

/* The delimiter used most on the first line (outside quotes): ";", "," or a tab. */
static char
guess_delimiter (const char *text)
{
  static const char candidates[] = { ';', ',', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint best = 0;

  /* the first line that is not empty */
  while (*text == '\n' || *text == '\r')
    text++;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (*p == candidates[c])
            counts[c]++;
    }
  for (guint c = 1; c < G_N_ELEMENTS (candidates); c++)
    if (counts[c] > counts[best])
      best = c;
  return counts[best] > 0 ? candidates[best] : ',';
}

typedef struct
{
  GPtrArray *fields;    /* of the record being read */
  GPtrArray *records;   /* GStrv */
  int        last_end;  /* what ended the record before */
} Reader;

static void
field_cb (void   *data,
          size_t  len,
          void   *user_data)
{
  Reader *r = user_data;

  g_ptr_array_add (r->fields, g_strndup (data != NULL ? data : "", len));
}

static void
record_cb (int   c,
           void *user_data)
{
  Reader *r = user_data;
  int last = r->last_end;

  r->last_end = c;
  /* every line break is told (CSV_REPALL_NL), so that an empty line counts
   * in the numbering as a spreadsheet's empty row; the \n of a \r\n is none */
  if (r->fields->len == 0 && c == '\n' && last == '\r')
    return;
  g_ptr_array_add (r->fields, NULL);
  g_ptr_array_add (r->records, g_ptr_array_steal (r->fields, NULL));
}

/* Only a space is trimmed around an unquoted field (a tab may be the delimiter). */
static int
is_space (unsigned char c)
{
  return c == CSV_SPACE;
}

/* The last field of a record is empty: a trailing delimiter ("a;b;"). */
static gboolean
all_empty_from (GStrv  fields,
                guint  from)
{
  for (guint i = from; fields[i] != NULL; i++)
    for (const char *p = fields[i]; *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

FcrmImportFile *
fcrm_import_file_new_from_bytes (GBytes  *bytes,
                                 GError **error)
{
  g_autoptr(FcrmImportFile) self = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  struct csv_parser parser;
  Reader reader = { fields, records, 0 };
  const char *encoding = NULL;
  gsize len;
  guint n_columns;
  int status;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_bytes_get_size (bytes) == 0)
    return refuse (error, _("The file is empty; choose a CSV file with a header line and rows.")), NULL;
  if (g_bytes_get_size (bytes) > FCRM_IMPORT_MAX_FILE)
    return refuse (error, _("The file is larger than 256 MB; split it into smaller files.")), NULL;
  text = to_utf8 (bytes, &encoding, error);
  if (text == NULL)
    return NULL;
  len = strlen (text);

  self = g_object_new (FCRM_TYPE_IMPORT_FILE, NULL);
  self->encoding = encoding;
  self->delimiter = guess_delimiter (text);
  if (csv_init (&parser, CSV_APPEND_NULL | CSV_REPALL_NL) != 0)
    return refuse (error, _("Out of memory reading the file.")), NULL;
  csv_set_delim (&parser, (unsigned char) self->delimiter);
  csv_set_space_func (&parser, is_space);
  if (csv_parse (&parser, text, len, field_cb, record_cb, &reader) != len)
    status = csv_error (&parser);
  /* still inside a quoted field at the end (libcsv's FIELD_BEGUN, 2, with
   * quoted set: CSV_STRICT_FINI says so only in strict mode, which would
   * also refuse the quotes of ООО "Уют" in an unquoted field) */
  else if (parser.quoted && parser.pstate == 2)
    status = CSV_EPARSE;
  else
    status = csv_fini (&parser, field_cb, record_cb, &reader);
  csv_free (&parser);
  if (status != 0)
    {
      /* an unclosed quote: the record it opened runs to the end of the file */
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Row %u opens a quoted field that is never closed; check the quotes in that row."),
                   records->len + 1);
      return NULL;
    }
  /* lines of nothing but delimiters (a spreadsheet's empty rows) are no
   * rows, but count in the numbering */
  {
    g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint i = 0; i < records->len; i++)
      {
        guint number = i + 1;
        g_array_append_val (numbers, number);
      }
    for (guint i = records->len; i > 0; i--)
      if (all_empty_from (g_ptr_array_index (records, i - 1), 0))
        {
          g_ptr_array_remove_index (records, i - 1);
          g_array_remove_index (numbers, i - 1);
        }
    if (records->len == 0)
      return refuse (error, _("The file is empty; choose a CSV file with a header line and rows.")), NULL;
    self->columns = g_ptr_array_steal_index (records, 0);
    g_array_remove_index (numbers, 0);
    g_array_append_vals (self->numbers, numbers->data, numbers->len);
  }
  /* a header ending in delimiters (Excel's trailing empty columns) */
  n_columns = g_strv_length (self->columns);
  while (n_columns > 1 && *self->columns[n_columns - 1] == '\0')
    g_clear_pointer (&self->columns[--n_columns], g_free);
  for (guint c = 0; c < n_columns; c++)
    {
      char *name = g_strstrip (self->columns[c]);

      if (*name == '\0')
        {
          g_free (self->columns[c]);
          self->columns[c] = g_strdup_printf (_("Column %u"), c + 1);
        }
    }
  if (records->len == 0)
    return refuse (error, _("The file has a header line but no rows to import.")), NULL;
  for (guint i = 0; i < records->len; i++)
    {
      GStrv row = g_ptr_array_index (records, i);
      guint n = g_strv_length (row);

      /* trailing empty fields past the header's columns are no data */
      if (n > n_columns && all_empty_from (row, n_columns))
        for (guint f = n_columns; f < n; f++)
          g_clear_pointer (&row[f], g_free);
    }
  g_ptr_array_extend_and_steal (self->rows, g_steal_pointer (&records));
  return g_steal_pointer (&self);
}

FcrmImportFile *
fcrm_import_file_new_from_path (const char   *path,
                                GCancellable *cancellable,
                                GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("“%s” cannot be read: %s"), path,
                   local != NULL ? local->message : _("it is not a file"));
      return NULL;
    }
  if (g_file_info_get_size (info) > FCRM_IMPORT_MAX_FILE)
    return refuse (error, _("The file is larger than 256 MB; split it into smaller files.")), NULL;
  bytes = g_file_load_bytes (file, cancellable, NULL, &local);
  if (bytes == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return g_propagate_error (error, g_steal_pointer (&local)), NULL;
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("“%s” cannot be read: %s"), path, local->message);
      return NULL;
    }
  return fcrm_import_file_new_from_bytes (bytes, error);
}

const char *
fcrm_import_file_get_encoding (FcrmImportFile *self)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (self), NULL);
  return self->encoding;
}

char
fcrm_import_file_get_delimiter (FcrmImportFile *self)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (self), 0);
  return self->delimiter;
}

guint
fcrm_import_file_get_n_columns (FcrmImportFile *self)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (self), 0);
  return g_strv_length (self->columns);
}

const char *
fcrm_import_file_get_column (FcrmImportFile *self,
                             guint           column)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (self), NULL);
  g_return_val_if_fail (column < g_strv_length (self->columns), NULL);
  return self->columns[column];
}

guint
fcrm_import_file_get_n_rows (FcrmImportFile *self)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (self), 0);
  return self->rows->len;
}

const char * const *
fcrm_import_file_get_row (FcrmImportFile *self,
                          guint           row,
                          guint          *out_n,
                          guint          *out_number)
{
  GStrv fields;

  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  fields = g_ptr_array_index (self->rows, row);
  if (out_n != NULL)
    *out_n = g_strv_length (fields);
  if (out_number != NULL)
    *out_number = g_array_index (self->numbers, guint, row);
  return (const char * const *) fields;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FcrmImportFile *file = fcrm_import_file_new_from_path (data, cancellable, &error);

  (void) source;
  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
fcrm_import_file_load_async (const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, fcrm_import_file_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

FcrmImportFile *
fcrm_import_file_load_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
