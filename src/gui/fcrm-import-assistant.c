#define G_LOG_DOMAIN "fcrm-import-assistant"

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-error.h"
#include "fcrm-import-assistant.h"
#include "fcrm-toasts.h"

/* How many rejected rows the summary lists (the rest are counted). */
#define MAX_LISTED 200

/* A value of the file that is none of ours, and what it may become. */
typedef struct
{
  FcrmImportUnknown *unknown;
  GStrv              codes;
  GStrv              labels;
  GtkDropDown       *dropdown;   /* on the values page */
} ValueChoice;

static void
value_choice_free (ValueChoice *v)
{
  fcrm_import_unknown_free (v->unknown);
  g_strfreev (v->codes);
  g_strfreev (v->labels);
  g_free (v);
}

struct _FcrmImportAssistant
{
  AdwWindow          parent_instance;

  FcrmCrm           *crm;
  FcrmImportFile    *file;
  FcrmImportOptions *options;
  FcrmImportReport  *report;
  GPtrArray         *values;    /* ValueChoice */
  GPtrArray         *value_rows; /* their rows on the values page (borrowed) */
  GPtrArray         *history;   /* page names before the one shown (static strings) */
  GCancellable      *cancellable;
  gboolean           running_dry;

  AdwWindowTitle    *title;
  GtkButton         *back_button;
  GtkButton         *next_button;
  GtkLabel          *error_label;
  GtkStack          *stack;
  GtkCheckButton    *contacts_radio;
  GtkCheckButton    *companies_radio;
  GtkCheckButton    *leads_radio;
  AdwActionRow      *file_row;
  GtkLabel          *columns_label;
  FcrmImportMapping *mapping;
  AdwPreferencesGroup *values_group;
  GtkCheckButton    *skip_radio;
  GtkCheckButton    *merge_radio;
  GtkCheckButton    *create_radio;
  GtkLabel          *summary_label;
  GtkListBox        *rejected_list;
  GtkCheckButton    *skip_rejected_check;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
};

G_DEFINE_FINAL_TYPE (FcrmImportAssistant, fcrm_import_assistant, ADW_TYPE_WINDOW)

static FcrmImportKind
chosen_kind (FcrmImportAssistant *self)
{
  if (gtk_check_button_get_active (self->companies_radio))
    return FCRM_IMPORT_COMPANIES;
  if (gtk_check_button_get_active (self->leads_radio))
    return FCRM_IMPORT_LEADS;
  return FCRM_IMPORT_CONTACTS;
}

static void
show_error (FcrmImportAssistant *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The header's buttons for the page shown. */
static void
update_buttons (FcrmImportAssistant *self)
{
  const char *page = fcrm_import_assistant_get_page (self);
  gboolean progress = g_str_equal (page, "progress");
  const char *next = _("_Next");
  gboolean can = TRUE;

  if (g_str_equal (page, "start"))
    can = self->file != NULL;
  else if (g_str_equal (page, "duplicates"))
    next = _("_Check");
  else if (g_str_equal (page, "summary"))
    {
      next = _("_Import");
      can = self->report != NULL && self->report->created + self->report->merged > 0 &&
            (self->report->rejected->len == 0 || gtk_check_button_get_active (self->skip_rejected_check));
    }
  gtk_button_set_label (self->next_button, next);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), can);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !progress);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !progress);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), self->history->len > 0);
}

static void
go_to (FcrmImportAssistant *self,
       const char          *page,
       gboolean             remember)
{
  const char *shown = fcrm_import_assistant_get_page (self);

  if (remember && !g_str_equal (shown, "progress"))
    g_ptr_array_add (self->history, (gpointer) g_intern_string (shown));
  gtk_stack_set_visible_child_name (self->stack, page);
  update_buttons (self);
}

/* ---- the file ------------------------------------------------------------------ */

void
fcrm_import_assistant_set_file (FcrmImportAssistant *self,
                                FcrmImportFile      *file,
                                const char          *name)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *intro = NULL;
  char delimiter;

  g_return_if_fail (FCRM_IS_IMPORT_ASSISTANT (self));
  g_return_if_fail (FCRM_IS_IMPORT_FILE (file));

  g_set_object (&self->file, file);
  delimiter = fcrm_import_file_get_delimiter (file);
  /* Translators: the file chosen: its name, its number of rows, its encoding, its delimiter */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u row, %s, “%s”", "%s — %u rows, %s, “%s”",
                                           fcrm_import_file_get_n_rows (file)),
                              name, fcrm_import_file_get_n_rows (file), fcrm_import_file_get_encoding (file),
                              delimiter == '\t' ? _("tab") : (char[]) { delimiter, 0 });
  adw_action_row_set_subtitle (self->file_row, subtitle);
  intro = g_strdup_printf (_("Choose what each column of %s holds. Recognised columns are chosen already."), name);
  gtk_label_set_text (self->columns_label, intro);
  fcrm_import_mapping_set_file (self->mapping, file, chosen_kind (self));
  show_error (self, NULL);
  go_to (self, "columns", TRUE);
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmImportAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmImportFile) file = fcrm_import_file_load_finish (result, &error);
  const char *name = g_object_get_data (G_OBJECT (self), "fcrm-import-name");

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  fcrm_import_assistant_set_file (self, file, name);
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     FcrmImportAssistant *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return;
  g_object_set_data_full (G_OBJECT (self), "fcrm-import-name", g_file_get_basename (file), g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  fcrm_import_file_load_async (path, self->cancellable, file_loaded_cb, g_object_ref (self));
}

static void
choose_clicked_cb (FcrmImportAssistant *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import from CSV"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_pattern (csv, "*.txt");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- values that are not ours -------------------------------------------------- */

typedef struct
{
  FcrmImportFile    *file;
  FcrmImportOptions *options;
} ValuesJob;

static void
values_job_free (ValuesJob *job)
{
  g_object_unref (job->file);
  fcrm_import_options_free (job->options);
  g_free (job);
}

/* On the worker: the unknown values and what each may become. */
static gpointer
read_values (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  ValuesJob *job = data;
  g_autoptr(GPtrArray) unknown = fcrm_crm_import_unknown_values (worker, job->file, job->options, error);
  GPtrArray *list;

  if (unknown == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) value_choice_free);
  for (guint i = 0; i < unknown->len; i++)
    {
      ValueChoice *v = g_new0 (ValueChoice, 1);

      v->unknown = g_ptr_array_steal_index (unknown, i--);
      v->codes = fcrm_crm_import_value_choices (worker, fcrm_import_options_get_kind (job->options), v->unknown->field,
                                                &v->labels);
      g_ptr_array_add (list, v);
    }
  return list;
}

static const char *
field_heading (const char *field)
{
  if (g_str_equal (field, "stage"))
    return _("Stage");
  if (g_str_equal (field, "source"))
    return _("Source");
  return _("Responsible");
}

static void
fill_values (FcrmImportAssistant *self)
{
  for (guint i = 0; i < self->value_rows->len; i++)
    adw_preferences_group_remove (self->values_group, g_ptr_array_index (self->value_rows, i));
  g_ptr_array_set_size (self->value_rows, 0);
  for (guint i = 0; i < self->values->len; i++)
    {
      ValueChoice *v = g_ptr_array_index (self->values, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf ("%s: %s", field_heading (v->unknown->field), v->unknown->value);
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", v->unknown->rows),
                                                   v->unknown->rows);
      g_autoptr(GtkStringList) labels = gtk_string_list_new ((const char * const *) v->labels);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      v->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL));
      /* an unknown source is most often "Other"; a stage or person: the first choice */
      if (g_str_equal (v->unknown->field, "source"))
        for (guint c = 0; v->codes[c] != NULL; c++)
          if (g_str_equal (v->codes[c], "other"))
            gtk_drop_down_set_selected (v->dropdown, c);
      gtk_widget_set_valign (GTK_WIDGET (v->dropdown), GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (v->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (v->dropdown));
      adw_preferences_group_add (self->values_group, row);
      g_ptr_array_add (self->value_rows, row);
    }
}

static void
values_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmImportAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *values = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), TRUE);
  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->values, g_ptr_array_unref);
  self->values = values;
  fill_values (self);
  go_to (self, values->len > 0 ? "values" : "duplicates", TRUE);
}

static void
columns_done (FcrmImportAssistant *self)
{
  ValuesJob *job;

  if (fcrm_import_mapping_count_mapped (self->mapping) == 0)
    {
      show_error (self, _("No column goes into a field; choose what at least one column holds."));
      return;
    }
  fcrm_import_options_free (self->options);
  self->options = fcrm_import_options_new (chosen_kind (self));
  fcrm_import_mapping_apply (self->mapping, self->options);
  job = g_new0 (ValuesJob, 1);
  job->file = g_object_ref (self->file);
  job->options = fcrm_import_options_copy (self->options);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), FALSE);
  fcrm_crm_read_async (self->crm, read_values, job, (GDestroyNotify) values_job_free,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, values_read_cb, g_object_ref (self));
}

static void
apply_values (FcrmImportAssistant *self)
{
  for (guint i = 0; self->values != NULL && i < self->values->len; i++)
    {
      ValueChoice *v = g_ptr_array_index (self->values, i);
      guint selected = gtk_drop_down_get_selected (v->dropdown);

      if (selected < g_strv_length (v->codes))
        fcrm_import_options_map_value (self->options, v->unknown->field, v->unknown->value, v->codes[selected]);
    }
}

gboolean
fcrm_import_assistant_map_value (FcrmImportAssistant *self,
                                 const char          *field,
                                 const char          *value,
                                 const char          *code)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_ASSISTANT (self), FALSE);

  for (guint i = 0; self->values != NULL && i < self->values->len; i++)
    {
      ValueChoice *v = g_ptr_array_index (self->values, i);

      if (g_strcmp0 (v->unknown->field, field) != 0 || g_strcmp0 (v->unknown->value, value) != 0)
        continue;
      for (guint c = 0; v->codes[c] != NULL; c++)
        if (g_str_equal (v->codes[c], code))
          {
            gtk_drop_down_set_selected (v->dropdown, c);
            return TRUE;
          }
    }
  return FALSE;
}

/* ---- running ------------------------------------------------------------------- */

static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  FcrmImportAssistant *self = data;
  g_autofree char *text = g_strdup_printf (_("%u of %u rows"), done, total);

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
fill_summary (FcrmImportAssistant *self)
{
  const FcrmImportReport *r = self->report;
  g_autofree char *text = NULL;
  GtkWidget *child;

  text = g_strdup_printf (_("%u will be created, %u merged into cards here, %u skipped as duplicates, %u rejected."),
                          r->created, r->merged, r->skipped, r->rejected->len);
  gtk_label_set_text (self->summary_label, text);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list))) != NULL)
    gtk_list_box_remove (self->rejected_list, child);
  for (guint i = 0; i < MIN (r->rejected->len, MAX_LISTED); i++)
    {
      FcrmImportRejection *rej = g_ptr_array_index (r->rejected, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Row %u"), rej->row);
      g_autofree char *reason = g_markup_escape_text (rej->reason, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
      gtk_list_box_append (self->rejected_list, row);
    }
  if (r->rejected->len > MAX_LISTED)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more"), r->rejected->len - MAX_LISTED);
      gtk_list_box_append (self->rejected_list, gtk_label_new (more));
    }
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->rejected_list))),
                          r->rejected->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_rejected_check), r->rejected->len > 0);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmImportAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  FcrmImportReport *report = fcrm_crm_import_finish (FCRM_CRM (source), result, &error);
  gboolean dry = self->running_dry;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (report != NULL)
    {
      fcrm_import_report_free (self->report);
      self->report = report;
    }
  if (error != NULL)
    {
      /* back where the run started; nothing was written */
      go_to (self, dry ? "duplicates" : "summary", FALSE);
      show_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("The import was cancelled; nothing was written.") : error->message);
      return;
    }
  if (dry)
    {
      fill_summary (self);
      go_to (self, "summary", FALSE);
      return;
    }
  if (gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Imported: %u created, %u merged, %u skipped"), report->created,
                                               report->merged, report->skipped);
      fcrm_toast_show (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))), adw_toast_new (text));
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
run (FcrmImportAssistant *self,
     gboolean             dry)
{
  g_autoptr(FcrmImportOptions) options = fcrm_import_options_copy (self->options);

  self->running_dry = dry;
  fcrm_import_options_set_dry_run (options, dry);
  fcrm_import_options_set_skip_rejected (options, !dry && gtk_check_button_get_active (self->skip_rejected_check));
  if (gtk_check_button_get_active (self->merge_radio))
    fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_MERGE);
  else if (gtk_check_button_get_active (self->create_radio))
    fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_CREATE);
  else
    fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_SKIP);
  gtk_label_set_text (self->progress_label, dry ? _("Checking every row; nothing is written yet…")
                                                : _("Importing; nothing is kept unless every row goes in…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  show_error (self, NULL);
  go_to (self, "progress", FALSE);
  fcrm_crm_import_async (self->crm, self->file, options, progress_cb, self, self->cancellable, import_done_cb,
                         g_object_ref (self));
}

/* ---- navigation ---------------------------------------------------------------- */

const char *
fcrm_import_assistant_get_page (FcrmImportAssistant *self)
{
  const char *name;

  g_return_val_if_fail (FCRM_IS_IMPORT_ASSISTANT (self), NULL);
  name = gtk_stack_get_visible_child_name (self->stack);
  return name != NULL ? name : "start";
}

void
fcrm_import_assistant_next (FcrmImportAssistant *self)
{
  const char *page;

  g_return_if_fail (FCRM_IS_IMPORT_ASSISTANT (self));

  page = fcrm_import_assistant_get_page (self);
  show_error (self, NULL);
  if (g_str_equal (page, "start") && self->file != NULL)
    {
      fcrm_import_mapping_set_file (self->mapping, self->file, chosen_kind (self));
      go_to (self, "columns", TRUE);
    }
  else if (g_str_equal (page, "columns"))
    columns_done (self);
  else if (g_str_equal (page, "values"))
    {
      apply_values (self);
      go_to (self, "duplicates", TRUE);
    }
  else if (g_str_equal (page, "duplicates"))
    {
      g_ptr_array_add (self->history, (gpointer) g_intern_static_string ("duplicates"));
      run (self, TRUE);
    }
  else if (g_str_equal (page, "summary") && gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    run (self, FALSE);
}

void
fcrm_import_assistant_back (FcrmImportAssistant *self)
{
  const char *page;

  g_return_if_fail (FCRM_IS_IMPORT_ASSISTANT (self));
  if (self->history->len == 0)
    return;
  page = g_ptr_array_steal_index (self->history, self->history->len - 1);
  show_error (self, NULL);
  go_to (self, page, FALSE);
}

void
fcrm_import_assistant_cancel (FcrmImportAssistant *self)
{
  g_return_if_fail (FCRM_IS_IMPORT_ASSISTANT (self));
  g_cancellable_cancel (self->cancellable);
}

static void
next_clicked_cb (FcrmImportAssistant *self)
{
  fcrm_import_assistant_next (self);
}

static void
back_clicked_cb (FcrmImportAssistant *self)
{
  fcrm_import_assistant_back (self);
}

static void
cancel_clicked_cb (FcrmImportAssistant *self)
{
  fcrm_import_assistant_cancel (self);
}

static void
skip_rejected_toggled_cb (FcrmImportAssistant *self)
{
  update_buttons (self);
}

FcrmImportMapping *
fcrm_import_assistant_get_mapping (FcrmImportAssistant *self)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_ASSISTANT (self), NULL);
  return self->mapping;
}

const FcrmImportReport *
fcrm_import_assistant_get_report (FcrmImportAssistant *self)
{
  g_return_val_if_fail (FCRM_IS_IMPORT_ASSISTANT (self), NULL);
  return self->report;
}

void
fcrm_import_assistant_set_duplicates (FcrmImportAssistant  *self,
                                      FcrmImportDuplicates  duplicates)
{
  g_return_if_fail (FCRM_IS_IMPORT_ASSISTANT (self));
  gtk_check_button_set_active (duplicates == FCRM_IMPORT_DUPLICATES_MERGE ? self->merge_radio
                               : duplicates == FCRM_IMPORT_DUPLICATES_CREATE ? self->create_radio
                               : self->skip_radio, TRUE);
}

/* ---- the object ---------------------------------------------------------------- */

static gboolean
close_request (GtkWindow *window)
{
  FcrmImportAssistant *self = FCRM_IMPORT_ASSISTANT (window);

  /* a run in progress is cancelled: its transaction is rolled back */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (fcrm_import_assistant_parent_class)->close_request (window);
}

static void
fcrm_import_assistant_dispose (GObject *object)
{
  FcrmImportAssistant *self = FCRM_IMPORT_ASSISTANT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_IMPORT_ASSISTANT);
  G_OBJECT_CLASS (fcrm_import_assistant_parent_class)->dispose (object);
}

static void
fcrm_import_assistant_finalize (GObject *object)
{
  FcrmImportAssistant *self = FCRM_IMPORT_ASSISTANT (object);

  g_clear_object (&self->crm);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  fcrm_import_options_free (self->options);
  fcrm_import_report_free (self->report);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_ptr_array_unref (self->history);
  g_ptr_array_unref (self->value_rows);
  G_OBJECT_CLASS (fcrm_import_assistant_parent_class)->finalize (object);
}

static void
fcrm_import_assistant_class_init (FcrmImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_import_assistant_dispose;
  object_class->finalize = fcrm_import_assistant_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = close_request;

  g_type_ensure (FCRM_TYPE_IMPORT_MAPPING);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-import-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, title);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, contacts_radio);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, companies_radio);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, leads_radio);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, file_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, columns_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, mapping);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, values_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, skip_radio);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, merge_radio);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, create_radio);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, skip_rejected_check);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmImportAssistant, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, skip_rejected_toggled_cb);
}

static void
fcrm_import_assistant_init (FcrmImportAssistant *self)
{
  self->history = g_ptr_array_new ();
  self->value_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_buttons (self);
}

FcrmImportAssistant *
fcrm_import_assistant_new (FcrmCrm        *crm,
                           FcrmImportKind  kind)
{
  FcrmImportAssistant *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_IMPORT_ASSISTANT, NULL);
  self->crm = g_object_ref (crm);
  self->options = fcrm_import_options_new (kind);
  gtk_check_button_set_active (kind == FCRM_IMPORT_LEADS ? self->leads_radio
                               : kind == FCRM_IMPORT_COMPANIES ? self->companies_radio
                               : self->contacts_radio, TRUE);
  return self;
}

FcrmImportAssistant *
fcrm_import_assistant_present (GtkWindow      *parent,
                               FcrmCrm        *crm,
                               FcrmImportKind  kind)
{
  FcrmImportAssistant *self = fcrm_import_assistant_new (crm, kind);

  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      if (gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
