#define G_LOG_DOMAIN "fcrm-preferences-backups"

#include <glib/gi18n.h>

#include "fcrm-backup.h"
#include "fcrm-backup-scheduler.h"
#include "fcrm-card-section.h"
#include "fcrm-crm-async.h"
#include "fcrm-preferences.h"
#include "fcrm-preferences-backups.h"

struct _FcrmPreferencesBackups
{
  AdwPreferencesPage   parent_instance;

  FcrmCrm             *crm;
  FcrmBackupScheduler *scheduler;
  GSettings           *settings;       /* NULL without the schema */
  GCancellable        *loading;        /* the read of the last backup's time */
  GtkNativeDialog     *chooser;

  GtkSwitch           *automatic_switch;
  AdwActionRow        *folder_row;
  GtkButton           *folder_button;
  GtkSpinButton       *keep_spin;
  AdwActionRow        *last_row;
  GtkButton           *backup_button;
  GtkProgressBar      *progress_bar;
  AdwActionRow        *restore_row;
};

G_DEFINE_FINAL_TYPE (FcrmPreferencesBackups, fcrm_preferences_backups, ADW_TYPE_PREFERENCES_PAGE)

static void
show_folder (FcrmPreferencesBackups *self)
{
  g_autofree char *folder = fcrm_backup_scheduler_dup_folder (self->scheduler);

  adw_action_row_set_subtitle (self->folder_row, folder);
}

/* the time is a read: on the worker */
static gpointer
read_last_backup (FcrmCrm  *worker,
                  gpointer  data,
                  GError  **error)
{
  gint64 *at = g_new (gint64, 1);

  *at = fcrm_crm_get_last_backup (worker);
  return at;
}

static void
last_backup_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FcrmPreferencesBackups) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *at = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);
  g_autofree char *when = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (at == NULL)
    {
      fcrm_preferences_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  when = *at > 0 ? fcrm_card_format_date_time (*at) : g_strdup (_("Never"));
  adw_action_row_set_subtitle (self->last_row, when);
}

static void
load_last_backup (FcrmPreferencesBackups *self)
{
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_last_backup, NULL, NULL, g_free, self->loading, last_backup_read_cb,
                       g_object_ref (self));
}

static void
set_running (FcrmPreferencesBackups *self,
             gboolean                running)
{
  /* a restore replaces what every control here shows: all of them wait */
  gboolean restoring = running && fcrm_backup_scheduler_is_restoring (self->scheduler);

  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->automatic_switch), !restoring);
  gtk_widget_set_sensitive (GTK_WIDGET (self->folder_button), !restoring && self->settings != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_spin), !restoring);
  if (running && !gtk_widget_get_visible (GTK_WIDGET (self->progress_bar)))
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  if (running)
    gtk_progress_bar_set_text (self->progress_bar, restoring ? _("Restoring…") : _("Backing up…"));
}

static void
progress_cb (FcrmBackupScheduler    *scheduler,
             double                  fraction,
             FcrmPreferencesBackups *self)
{
  g_autofree char *text = NULL;

  if (fcrm_backup_scheduler_is_restoring (scheduler))
    text = g_strdup_printf (_("Restoring… %d%%"), (int) (fraction * 100));
  else
    text = g_strdup_printf (_("Backing up… %d%%"), (int) (fraction * 100));
  set_running (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
finished_cb (FcrmBackupScheduler    *scheduler,
             const char             *message,
             FcrmPreferencesBackups *self)
{
  set_running (self, FALSE);
  fcrm_preferences_show_toast (GTK_WIDGET (self), message != NULL ? message : _("Backed up"));
  load_last_backup (self);
}

static void
backup_now_cb (FcrmPreferencesBackups *self)
{
  set_running (self, TRUE);
  fcrm_backup_scheduler_run_now (self->scheduler);
}

static void
folder_chosen_cb (GtkNativeDialog        *chooser,
                  int                     response,
                  FcrmPreferencesBackups *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = folder != NULL ? g_file_get_path (folder) : NULL;
  if (path != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "backup-folder", path);
  g_clear_object (&self->chooser);
  show_folder (self);
}

static GtkWindow *
parent_window (FcrmPreferencesBackups *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
choose_folder_cb (FcrmPreferencesBackups *self)
{
  g_autofree char *current = fcrm_backup_scheduler_dup_folder (self->scheduler);
  g_autoptr(GFile) folder = g_file_new_for_path (current);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Backups Folder"), parent_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                               _("_Select"), _("_Cancel"));

  g_mkdir_with_parents (current, 0700);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_chosen_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
restoring_cb (FcrmBackupScheduler    *scheduler,
              FcrmPreferencesBackups *self)
{
  set_running (self, TRUE);
}

/* The restore ran on a worker (it copies the whole database twice): the
 * main window has been told to read everything again ("changed"). */
static void
restored_cb (FcrmBackupScheduler    *scheduler,
             const char             *kept,
             const char             *message,
             FcrmPreferencesBackups *self)
{
  g_autofree char *done = NULL;
  GtkWindow *prefs = parent_window (self);

  set_running (self, FALSE);
  if (kept == NULL)
    {
      fcrm_preferences_show_toast (GTK_WIDGET (self), message != NULL ? message : _("The backup was not restored."));
      return;
    }
  done = g_strdup_printf (_("Restored; the replaced database is kept as “%s”"), kept);
  fcrm_preferences_show_toast (GTK_WIDGET (self), done);
  if (FCRM_IS_PREFERENCES (prefs))
    fcrm_preferences_reload (FCRM_PREFERENCES (prefs));
  load_last_backup (self);
}

static void
do_restore (FcrmPreferencesBackups *self,
            GFile                  *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL || !fcrm_backup_scheduler_restore (self->scheduler, path))
    fcrm_preferences_show_toast (GTK_WIDGET (self), path == NULL ? _("Only a local file can be restored.")
                                                                 : _("Wait until the backup under way is done."));
}

static void
confirm_response_cb (AdwMessageDialog       *dialog,
                     const char             *response,
                     FcrmPreferencesBackups *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_strcmp0 (response, "restore") == 0)
    do_restore (self, file);
}

void
fcrm_preferences_backups_confirm_restore (FcrmPreferencesBackups *self,
                                          GFile                  *file)
{
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  g_return_if_fail (FCRM_IS_PREFERENCES_BACKUPS (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  dialog = adw_message_dialog_new (parent_window (self), _("Restore This Backup?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Everything in the database will be replaced by the backup “%s”, for everyone who uses it. The current database is kept aside first."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_file_chosen_cb (GtkNativeDialog        *chooser,
                        int                     response,
                        FcrmPreferencesBackups *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    fcrm_preferences_backups_confirm_restore (self, file);
}

static void
restore_cb (FcrmPreferencesBackups *self)
{
  g_autofree char *current = fcrm_backup_scheduler_dup_folder (self->scheduler);
  g_autoptr(GFile) folder = g_file_new_for_path (current);
  g_autoptr(GtkFileFilter) backups = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Restore From a Backup"), parent_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                               _("_Cancel"));

  gtk_file_filter_set_name (backups, _("Furniture CRM backups"));
  gtk_file_filter_add_pattern (backups, "*" FCRM_BACKUP_SUFFIX);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), backups);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (g_file_test (current, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (restore_file_chosen_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
fcrm_preferences_backups_dispose (GObject *object)
{
  FcrmPreferencesBackups *self = FCRM_PREFERENCES_BACKUPS (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_preferences_backups_parent_class)->dispose (object);
}

static void
fcrm_preferences_backups_class_init (FcrmPreferencesBackupsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_backups_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-preferences-backups.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, automatic_switch);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, folder_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, folder_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, last_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, backup_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesBackups, restore_row);
  gtk_widget_class_bind_template_callback (widget_class, backup_now_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_cb);
}

static void
fcrm_preferences_backups_init (FcrmPreferencesBackups *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fcrm_preferences_lookup_settings ("backup-folder");
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "backup-automatic", self->automatic_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "backup-keep", self->keep_spin, "value", G_SETTINGS_BIND_DEFAULT);
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->folder_button), FALSE);
}

GtkWidget *
fcrm_preferences_backups_new (FcrmCrm *crm)
{
  FcrmPreferencesBackups *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES_BACKUPS, NULL);
  self->crm = g_object_ref (crm);
  self->scheduler = g_object_ref (fcrm_backup_scheduler_get_for (crm));
  g_signal_connect_object (self->scheduler, "progress", G_CALLBACK (progress_cb), self, 0);
  g_signal_connect_object (self->scheduler, "finished", G_CALLBACK (finished_cb), self, 0);
  g_signal_connect_object (self->scheduler, "restoring", G_CALLBACK (restoring_cb), self, 0);
  g_signal_connect_object (self->scheduler, "restored", G_CALLBACK (restored_cb), self, 0);
  set_running (self, fcrm_backup_scheduler_is_running (self->scheduler));
  if (!fcrm_crm_may_back_up (crm))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->restore_row), FALSE);
      adw_action_row_set_subtitle (self->restore_row, _("Only the office server’s administrator can back it up or restore it."));
    }
  show_folder (self);
  load_last_backup (self);

  return GTK_WIDGET (self);
}
