#define G_LOG_DOMAIN "fcrm-export"

#include <glib/gi18n.h>
#include <locale.h>

#include "fcrm-export.h"
#include "fcrm-export-gui.h"
#include "fcrm-window.h"

char
fcrm_export_default_separator (void)
{
  struct lconv *lc = localeconv ();

  return lc->decimal_point != NULL && g_str_equal (lc->decimal_point, ",") ? ';' : ',';
}

/* ---- writing off the main loop -------------------------------------------- */

typedef struct
{
  FcrmTable        *table;
  FcrmExportFormat  format;
  char              separator;
  GFile            *file;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  fcrm_table_unref (d->table);
  g_object_unref (d->file);
  g_free (d);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *d = task_data;
  g_autofree char *path = g_file_get_path (d->file);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("Only a folder on this computer can take the file. Choose another place."));
      return;
    }

  ok = d->format == FCRM_EXPORT_XLSX ? fcrm_export_xlsx (d->table, path, &error)
                                     : fcrm_export_csv (d->table, d->separator, path, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
fcrm_export_table_async (FcrmTable           *table,
                         FcrmExportFormat     format,
                         char                 separator,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;

  g_return_if_fail (table != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (separator == ',' || separator == ';');

  d = g_new0 (ExportData, 1);
  d->table = fcrm_table_ref (table);
  d->format = format;
  d->separator = separator;
  d->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fcrm_export_table_async);
  g_task_set_task_data (task, d, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fcrm_export_table_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fcrm_export_report_result (GtkWidget    *widget,
                           GFile        *file,
                           const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (error != NULL)
    {
      if (FCRM_IS_WINDOW (root))
        fcrm_window_show_error (FCRM_WINDOW (root), error);
      else
        g_message ("%s", error->message);
      return;
    }

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      if (FCRM_IS_WINDOW (root))
        fcrm_window_show_toast (FCRM_WINDOW (root), message);
      else
        g_debug ("%s", message);
    }
}

/* ---- asking where ------------------------------------------------------------ */

typedef struct
{
  GtkWidget        *parent;
  FcrmTable        *table;
  FcrmExportFormat  format;
  GSettings        *settings;
  GFile            *file;        /* once chosen */
} ChooserData;

static void
chooser_data_free (ChooserData *c)
{
  g_object_unref (c->parent);
  fcrm_table_unref (c->table);
  g_clear_object (&c->settings);
  g_clear_object (&c->file);
  g_free (c);
}

static void
interactive_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ChooserData *c = user_data;
  g_autoptr(GError) error = NULL;

  fcrm_export_table_finish (result, &error);
  fcrm_export_report_result (c->parent, c->file, error);
  chooser_data_free (c);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ChooserData     *c)
{
  g_autoptr(GFile) file = NULL;
  const char *choice;
  char separator;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      chooser_data_free (c);
      g_object_unref (dialog);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  choice = c->format == FCRM_EXPORT_CSV ? gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "separator") : NULL;
  separator = g_strcmp0 (choice, "semicolon") == 0 ? ';' : g_strcmp0 (choice, "comma") == 0 ? ',' : fcrm_export_default_separator ();
  if (c->settings != NULL && choice != NULL)
    g_settings_set_string (c->settings, "export-csv-separator", separator == ';' ? ";" : ",");
  g_object_unref (dialog);

  if (file == NULL)
    {
      chooser_data_free (c);
      return;
    }

  c->file = g_steal_pointer (&file);
  fcrm_export_table_async (c->table, c->format, separator, c->file, NULL, interactive_done_cb, c);
}

/* "Funnel.csv": the table's title, without what file names cannot hold. */
static char *
suggested_name (FcrmTable        *table,
                FcrmExportFormat  format)
{
  g_autofree char *title = g_strdup (fcrm_table_get_title (table));

  g_strdelimit (title, "/\\:*?\"<>|", ' ');
  return g_strdup_printf ("%s.%s", *title != '\0' ? title : "table", format == FCRM_EXPORT_XLSX ? "xlsx" : "csv");
}

void
fcrm_export_table_interactive (GtkWidget        *parent,
                               FcrmTable        *table,
                               FcrmExportFormat  format,
                               GSettings        *settings)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  ChooserData *c;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (table != NULL);

  root = gtk_widget_get_root (parent);
  chooser = gtk_file_chooser_native_new (format == FCRM_EXPORT_XLSX ? _("Export as Excel Workbook")
                                                                    : _("Export as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = suggested_name (table, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  if (format == FCRM_EXPORT_XLSX)
    {
      gtk_file_filter_set_name (filter, _("Excel workbooks"));
      gtk_file_filter_add_suffix (filter, "xlsx");
    }
  else
    {
      static const char *ids[] = { "comma", "semicolon", NULL };
      const char *labels[] = { _("Comma (,)"), _("Semicolon (;)"), NULL };
      g_autofree char *remembered = settings != NULL ? g_settings_get_string (settings, "export-csv-separator") : NULL;
      char separator = remembered != NULL && *remembered != '\0' ? remembered[0] : fcrm_export_default_separator ();

      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_suffix (filter, "csv");
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "separator", _("Separator"), ids, labels);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "separator", separator == ';' ? "semicolon" : "comma");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  c = g_new0 (ChooserData, 1);
  c->parent = g_object_ref (parent);
  c->table = fcrm_table_ref (table);
  c->format = format;
  c->settings = settings != NULL ? g_object_ref (settings) : NULL;
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
