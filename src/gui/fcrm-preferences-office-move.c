#define G_LOG_DOMAIN "fcrm-preferences-office"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-migrate.h"
#include "fcrm-preferences-office-private.h"

/* Moving this computer's data to the office server: a copy checked table by
 * table on a worker thread, with progress under the button. */

typedef struct
{
  char               *file;         /* the database file */
  char               *uri;          /* the server, with the password */
  FcrmOfficeAddress  *address;
  GArray             *tables;       /* FcrmMigrateTable, the result */
  gboolean            already;
} MoveData;

typedef struct
{
  FcrmPreferencesOffice *self;
  GCancellable          *cancellable;
  char                  *table;
  gint64                 done;
  gint64                 total;
} MoveProgress;

static void
move_data_free (MoveData *data)
{
  g_free (data->file);
  fcrm_office_wipe_free (data->uri);
  g_clear_pointer (&data->address, fcrm_office_address_free);
  if (data->tables != NULL)
    {
      for (guint i = 0; i < data->tables->len; i++)
        g_free (g_array_index (data->tables, FcrmMigrateTable, i).checksum);
      g_array_unref (data->tables);
    }
  g_free (data);
}

static gboolean
move_progress_idle (gpointer user_data)
{
  MoveProgress *progress = user_data;
  FcrmPreferencesOffice *self = progress->self;

  if (!self->disposed && !g_cancellable_is_cancelled (progress->cancellable))
    {
      g_autofree char *text = NULL;

      /* Translators: a table being copied, its rows done and all its rows: "leads: 5000 of 12000" */
      text = g_strdup_printf (_("%s: %" PRId64 " of %" PRId64),
                              progress->table, progress->done, progress->total);
      gtk_progress_bar_set_text (self->move_progress, text);
      gtk_progress_bar_set_fraction (self->move_progress,
                                     progress->total > 0 ? (double) progress->done / (double) progress->total : 1.0);
    }

  return G_SOURCE_REMOVE;
}

static void
move_progress_free (MoveProgress *progress)
{
  g_object_unref (progress->self);
  g_object_unref (progress->cancellable);
  g_free (progress->table);
  g_free (progress);
}

typedef struct
{
  FcrmPreferencesOffice *self;
  GCancellable          *cancellable;
} MoveThreadCtx;

/* Called on the worker thread: the widgets are updated on the main one. */
static void
move_progress_cb (const char *table,
                  gint64      done,
                  gint64      total,
                  gpointer    user_data)
{
  MoveThreadCtx *ctx = user_data;
  MoveProgress *progress = g_new0 (MoveProgress, 1);

  progress->self = g_object_ref (ctx->self);
  progress->cancellable = g_object_ref (ctx->cancellable);
  progress->table = g_strdup (table);
  progress->done = done;
  progress->total = total;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, move_progress_idle, progress, (GDestroyNotify) move_progress_free);
}

static void
move_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MoveData *data = task_data;
  MoveThreadCtx ctx = { FCRM_PREFERENCES_OFFICE (source_object), cancellable };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) source = NULL;

  /* FcrmCrm is not thread-safe: this thread opens the file for itself and
   * never touches the application's. */
  source = fcrm_crm_open (data->file, NULL, &error);
  if (source == NULL ||
      !fcrm_migrate_to (source, data->uri, move_progress_cb, &ctx, &data->tables, &data->already, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
move_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FcrmPreferencesOffice *self = FCRM_PREFERENCES_OFFICE (source);
  MoveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *description = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _fcrm_preferences_office_set_busy (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->move_progress), FALSE);
      message = g_strdup_printf (_("The data was not moved: %s"), error->message);
      _fcrm_preferences_office_set_status_label (self->move_status_label, STATUS_ERROR, message);
      return;
    }

  if (self->disposed)
    return;

  _fcrm_preferences_office_set_busy (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->move_progress), FALSE);
  description = fcrm_office_address_describe (data->address);

  if (data->already)
    message = g_strdup_printf (_("%s already holds this computer’s data: nothing was copied. Choose “Use This Server” to work there."),
                               description);
  else
    {
      gint64 rows = 0;
      guint tables = data->tables != NULL ? data->tables->len : 0;
      g_autofree char *tables_text = NULL;
      g_autofree char *rows_text = NULL;

      for (guint i = 0; i < tables; i++)
        rows += g_array_index (data->tables, FcrmMigrateTable, i).rows;
      tables_text = g_strdup_printf (ngettext ("%u table", "%u tables", tables), tables);
      rows_text = g_strdup_printf (ngettext ("%" PRId64 " row", "%" PRId64 " rows",
                                             (gulong) MIN (rows, G_MAXLONG)),
                                   rows);
      /* Translators: "Moved to crm on office:5432 and checked: 21 tables, 1234 rows, each the same as here. …" */
      message = g_strdup_printf (_("Moved to %s and checked: %s, %s, each the same as here. Choose “Use This Server” to work there from now on."),
                                 description, tables_text, rows_text);
    }
  _fcrm_preferences_office_set_status_label (self->move_status_label, STATUS_OK, message);
}

static void
move_response_cb (AdwMessageDialog      *dialog,
                  const char            *response,
                  FcrmPreferencesOffice *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FcrmOfficeAddress) address = NULL;
  g_autofree char *password = NULL;
  MoveData *data;

  if (g_strcmp0 (response, "move") != 0)
    return;

  address = _fcrm_preferences_office_form_address (self);
  if (address == NULL)
    return;

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  data = g_new0 (MoveData, 1);
  data->file = g_strdup (self->location);
  data->uri = fcrm_office_connection_uri (address, NULL, password);
  data->address = g_steal_pointer (&address);
  fcrm_office_wipe_free (g_steal_pointer (&password));

  _fcrm_preferences_office_set_busy (self, TRUE);
  _fcrm_preferences_office_status (self, STATUS_NONE, NULL);
  _fcrm_preferences_office_set_status_label (self->move_status_label, STATUS_NONE, NULL);
  gtk_progress_bar_set_fraction (self->move_progress, 0);
  gtk_progress_bar_set_text (self->move_progress, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->move_progress), TRUE);

  task = g_task_new (self, self->office_busy, move_done_cb, NULL);
  g_task_set_source_tag (task, move_response_cb);
  g_task_set_name (task, "[fcrm] move to the office server");
  g_task_set_task_data (task, data, (GDestroyNotify) move_data_free);
  g_task_run_in_thread (task, move_thread);
}

static void
move_clicked_cb (FcrmPreferencesOffice *self)
{
  g_autoptr(FcrmOfficeAddress) address = _fcrm_preferences_office_form_address (self);
  g_autofree char *description = NULL;
  GtkWidget *dialog;

  if (address == NULL)
    return;

  description = fcrm_office_address_describe (address);
  dialog = adw_message_dialog_new (_fcrm_preferences_office_parent_window (self), _("Move This Computer’s Data to the Office Server?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Everything in this computer’s database is copied to %s and checked table by table. This computer’s file stays as it is. The server’s database must be empty."),
                                  description);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "move");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_fcrm_preferences_office_class_move_init (FcrmPreferencesOfficeClass *klass)
{
  gtk_widget_class_bind_template_callback (GTK_WIDGET_CLASS (klass), move_clicked_cb);
}
