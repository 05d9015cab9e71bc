#define G_LOG_DOMAIN "fcrm-vcard-gui"

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-toasts.h"
#include "fcrm-vcard.h"
#include "fcrm-vcard-gui.h"

static void
toast (GtkWidget  *widget,
       const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  fcrm_toast_show (widget, adw_toast_new (escaped));
}

typedef struct
{
  GtkWidget *parent;
  FcrmCrm   *crm;
  GArray    *ids;
  GFile     *file;
  gboolean   importing;
} Job;

static Job *
job_new (GtkWidget    *parent,
         FcrmCrm      *crm,
         const gint64 *ids,
         guint         n_ids)
{
  Job *job = g_new0 (Job, 1);

  job->parent = g_object_ref (parent);
  job->crm = g_object_ref (crm);
  job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (n_ids > 0)
    g_array_append_vals (job->ids, ids, n_ids);
  return job;
}

static void
job_free (Job *job)
{
  g_object_unref (job->parent);
  g_object_unref (job->crm);
  g_array_unref (job->ids);
  g_clear_object (&job->file);
  g_free (job);
}

/* ---- export ---- */

static gpointer
read_vcards (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  GArray *ids = data;

  return fcrm_crm_export_vcard (worker, (const gint64 *) ids->data, ids->len, error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    toast (job->parent, error->message);
  else
    {
      message = g_strdup_printf (_("Saved “%s”"), name);
      toast (job->parent, message);
    }
  job_free (job);
}

static void
vcards_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  char *text = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);
  GBytes *bytes;

  if (text == NULL)
    {
      toast (job->parent, error->message);
      job_free (job);
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (job->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       saved_cb, job);
  g_bytes_unref (bytes);
}

void
fcrm_vcard_export_to_file (GtkWidget    *parent,
                           FcrmCrm      *crm,
                           const gint64 *ids,
                           guint         n_ids,
                           GFile        *file)
{
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (G_IS_FILE (file));

  job = job_new (parent, crm, ids, n_ids);
  job->file = g_object_ref (file);
  fcrm_crm_read_async (crm, read_vcards, g_array_ref (job->ids), (GDestroyNotify) g_array_unref, g_free, NULL,
                       vcards_read_cb, job);
}

/* the chooser's answer: a file to import (no ids) or to export into */
static void
chosen_cb (GtkNativeDialog *chooser,
           int              response,
           Job             *job)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && job->importing)
    fcrm_vcard_import_file (job->parent, job->crm, file);
  else if (file != NULL)
    fcrm_vcard_export_to_file (job->parent, job->crm, (const gint64 *) job->ids->data, job->ids->len, file);
  job_free (job);
  g_object_unref (chooser);
}

static GtkFileFilter *
vcard_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("vCard files"));
  gtk_file_filter_add_mime_type (filter, "text/vcard");
  gtk_file_filter_add_mime_type (filter, "text/x-vcard");
  gtk_file_filter_add_pattern (filter, "*.vcf");
  gtk_file_filter_add_pattern (filter, "*.vcard");
  return filter;
}

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
fcrm_vcard_export_interactive (GtkWidget    *parent,
                               FcrmCrm      *crm,
                               const gint64 *ids,
                               guint         n_ids,
                               const char   *suggested_name)
{
  g_autoptr(GtkFileFilter) filter = vcard_filter ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));

  chooser = gtk_file_chooser_native_new (_("Export Contacts as vCard"), parent_window (parent),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     suggested_name != NULL ? suggested_name : _("contacts.vcf"));
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), job_new (parent, crm, ids, n_ids));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- import ---- */

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GFile *file = data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  GPtrArray *cards;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  cards = fcrm_vcard_parse (contents, length, &error);
  if (cards == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cards, (GDestroyNotify) g_ptr_array_unref);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(FcrmVcardImport) done = NULL;
  g_autofree char *message = NULL;

  /* the import is one user action: one transaction, as every write */
  if (cards != NULL)
    done = fcrm_crm_import_vcards (job->crm, cards, &error);
  if (done == NULL)
    toast (job->parent, error->message);
  else
    {
      message = g_strdup_printf (_("Contacts imported: %u new, %u merged, %u rejected"), done->created, done->merged,
                                 done->rejected->len);
      toast (job->parent, message);
      gtk_widget_activate_action (job->parent, "win.reload", NULL);
    }
  job_free (job);
}

void
fcrm_vcard_import_file (GtkWidget *parent,
                        FcrmCrm   *crm,
                        GFile     *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (G_IS_FILE (file));

  job = job_new (parent, crm, NULL, 0);
  task = g_task_new (NULL, NULL, parsed_cb, job);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, parse_thread);
}

void
fcrm_vcard_import_interactive (GtkWidget *parent,
                               FcrmCrm   *crm)
{
  g_autoptr(GtkFileFilter) filter = vcard_filter ();
  GtkFileChooserNative *chooser;
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));

  chooser = gtk_file_chooser_native_new (_("Import Contacts from vCard"), parent_window (parent),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  job = job_new (parent, crm, NULL, 0);
  job->importing = TRUE;
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
