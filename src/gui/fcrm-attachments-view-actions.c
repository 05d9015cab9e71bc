#define G_LOG_DOMAIN "fcrm-attachments-view"

#include <glib/gi18n.h>

#include "fcrm-attachments-io.h"
#include "fcrm-attachments-view-private.h"

/* What a person does with the files: open, save as, delete with undo, add.
 * The bytes come from and go to the database here, on the main thread; the
 * files on disk are read and written by fcrm-attachments-io.c in threads. */

/* A file chooser of this view, replacing one still open. */
static void
present_chooser (FcrmAttachmentsView  *self,
                 GtkFileChooserNative *chooser,
                 GCallback             response_cb)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", response_cb, self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static GtkWindow *
parent_window (FcrmAttachmentsView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  return GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL;
}

/* The chooser that answered is done with. */
static void
chooser_done (FcrmAttachmentsView  *self,
              GtkFileChooserNative *chooser)
{
  if (self->chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->chooser);
}

/* Writing an attachment's bytes (read off the main loop) to a file, then
 * @callback with the job. */
static void
start_write (FcrmAttachmentsView *self,
             gint64               attachment_id,
             const char          *name,
             GFile               *file,
             GAsyncReadyCallback  callback)
{
  FcrmAttachmentsViewJob *job;

  job = _fcrm_attachments_view_job_new (self);
  job->name = g_strdup (name);
  job->file = g_object_ref (file);
  job->written = callback;
  _fcrm_attachments_view_read_content (self, attachment_id, job);
}

/* Opening with the default application */

typedef struct
{
  FcrmAttachmentsView *self;
  char                *name;
} LaunchData;

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LaunchData *ld = user_data;
  FcrmAttachmentsView *self = ld->self;
  g_autoptr(GError) error = NULL;

  /* A view that was disposed has no database left. */
  if (!g_app_info_launch_default_for_uri_finish (result, &error)
      && self->crm != NULL
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a file name, then the reason */
      message = g_strdup_printf (_("Could not open “%s”: %s"), ld->name, error->message);
      _fcrm_attachments_view_show_error (self, message);
    }

  g_object_unref (ld->self);
  g_free (ld->name);
  g_free (ld);
}

/* Why a file was written: for the default application, or as asked. */
typedef enum {
  WRITTEN_TO_OPEN,
  WRITTEN_TO_SAVE,
} WrittenTo;

/* The view once the file of @job is written; NULL when there is nothing
 * more to do: the view is gone, the work was cancelled, or why it failed is
 * shown. */
static FcrmAttachmentsView *
written (FcrmAttachmentsViewJob *job,
         GAsyncResult           *result,
         WrittenTo               purpose)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = fcrm_attachments_io_write_finish (result, &error);
  FcrmAttachmentsView *self = _fcrm_attachments_view_job_end (job);
  g_autofree char *message = NULL;

  if (self == NULL || ok)
    return self;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;

  if (purpose == WRITTEN_TO_SAVE)
    /* Translators: %s is a file name, then the reason */
    message = g_strdup_printf (_("Could not save “%s”: %s"), job->name, error->message);
  else
    /* Translators: %s is a file name, then the reason */
    message = g_strdup_printf (_("Could not open “%s”: %s"), job->name, error->message);
  _fcrm_attachments_view_show_error (self, message);

  return NULL;
}

static void
open_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FcrmAttachmentsViewJob) job = user_data;
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *uri = NULL;
  FcrmAttachmentsView *self;
  LaunchData *ld;

  self = written (job, result, WRITTEN_TO_OPEN);
  if (self == NULL)
    return;

  uri = g_file_get_uri (job->file);
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  ld = g_new0 (LaunchData, 1);
  ld->self = g_object_ref (self);
  ld->name = g_strdup (job->name);
  g_app_info_launch_default_for_uri_async (uri, context, self->cancellable, launch_done_cb, ld);
}

void
_fcrm_attachments_view_open (FcrmAttachmentsView *self,
                             FcrmAttachment      *attachment)
{
  /* The default application needs a real file: a copy in the cache. */
  g_autoptr(GFile) file = fcrm_attachments_io_open_copy_file (attachment->id, attachment->name);

  _fcrm_attachments_view_set_error (self, NULL);
  start_write (self, attachment->id, attachment->name, file, open_written_cb);
}

/* Save as */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcrmAttachmentsViewJob) job = user_data;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  FcrmAttachmentsView *self;

  self = written (job, result, WRITTEN_TO_SAVE);
  if (self == NULL)
    return;

  escaped = g_markup_escape_text (job->name, -1);
  /* Translators: a toast; %s is a file name */
  title = g_strdup_printf (_("Saved “%s”"), escaped);
  _fcrm_attachments_view_add_toast (self, adw_toast_new (title));
}

static void
save_response_cb (FcrmAttachmentsView  *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  FcrmAttachment *attachment = g_object_get_data (G_OBJECT (chooser), "fcrm-attachment");

  if (response == GTK_RESPONSE_ACCEPT && attachment != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        start_write (self, attachment->id, attachment->name, file, saved_cb);
    }

  chooser_done (self, chooser);
}

void
_fcrm_attachments_view_save (FcrmAttachmentsView *self,
                             FcrmAttachment      *attachment)
{
  GtkFileChooserNative *chooser;
  g_autofree char *file_name = fcrm_attachments_io_safe_file_name (attachment->name);

  _fcrm_attachments_view_set_error (self, NULL);
  chooser = gtk_file_chooser_native_new (_("Save Attachment"),
                                         parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data_full (G_OBJECT (chooser), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  present_chooser (self, chooser, G_CALLBACK (save_response_cb));
}

/* Delete with undo */

/* A file to attach: the one deleted (for its undo), or one waiting for the
 * answer to "already attached". */
typedef struct
{
  FcrmEntityType  type;
  gint64          id;
  char           *name;
  char           *category;
  GBytes         *content;
} UndoData;

static void
undo_data_free (gpointer data)
{
  UndoData *ud = data;

  g_free (ud->name);
  g_free (ud->category);
  g_clear_pointer (&ud->content, g_bytes_unref);
  g_free (ud);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UndoData, undo_data_free)

static void
undo_delete_cb (FcrmAttachmentsView *self,
                AdwToast            *toast)
{
  UndoData *ud = g_object_get_data (G_OBJECT (toast), "fcrm-undo");
  g_autoptr(FcrmAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  /* A view that was disposed has no database left. */
  if (ud == NULL || self->crm == NULL)
    return;

  attachment = fcrm_crm_attach (self->crm, ud->type, ud->id, ud->name, ud->category, ud->content, &error);
  if (attachment == NULL)
    {
      _fcrm_attachments_view_show_error (self, error->message);
      return;
    }
  /* Once is enough, however the toast is clicked. */
  g_object_set_data (G_OBJECT (toast), "fcrm-undo", NULL);
  _fcrm_attachments_view_set_error (self, NULL);
  fcrm_attachments_view_refresh (self);
}

void
_fcrm_attachments_view_delete (FcrmAttachmentsView *self,
                               FcrmAttachment      *attachment)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  UndoData *ud;
  AdwToast *toast;

  /* The bytes are kept for the undo: read them before they are gone. */
  content = fcrm_crm_attachment_content (self->crm, attachment->id, &error);
  if (content == NULL || !fcrm_crm_attachment_delete (self->crm, attachment->id, &error))
    {
      _fcrm_attachments_view_show_error (self, error->message);
      return;
    }

  _fcrm_attachments_view_set_error (self, NULL);
  ud = g_new0 (UndoData, 1);
  ud->type = attachment->entity_type;
  ud->id = attachment->entity_id;
  ud->name = g_strdup (attachment->name);
  ud->category = g_strdup (attachment->category);
  ud->content = g_steal_pointer (&content);

  escaped = g_markup_escape_text (attachment->name, -1);
  /* Translators: a toast; %s is a file name */
  title = g_strdup_printf (_("Deleted “%s”"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "fcrm-undo", ud, undo_data_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, G_CONNECT_SWAPPED);
  _fcrm_attachments_view_add_toast (self, toast);

  fcrm_attachments_view_refresh (self);
}

/* Filing under another category, with undo */

typedef struct
{
  gint64  attachment_id;
  char   *category;     /* the one before */
  gint64  note;         /* the timeline's note of the change */
} RefileData;

static void
refile_data_free (gpointer data)
{
  RefileData *rd = data;

  g_free (rd->category);
  g_free (rd);
}

static void
undo_refile_cb (FcrmAttachmentsView *self,
                AdwToast            *toast)
{
  RefileData *rd = g_object_get_data (G_OBJECT (toast), "fcrm-undo");
  g_autoptr(GError) error = NULL;

  if (rd == NULL || self->crm == NULL)
    return;
  if (!fcrm_crm_attachment_undo_category (self->crm, rd->attachment_id, rd->category, rd->note, &error))
    _fcrm_attachments_view_show_error (self, error->message);
  else
    _fcrm_attachments_view_set_error (self, NULL);
  g_object_set_data (G_OBJECT (toast), "fcrm-undo", NULL);
  fcrm_attachments_view_refresh (self);
}

void
_fcrm_attachments_view_set_category (FcrmAttachmentsView *self,
                                     FcrmAttachment      *attachment,
                                     const char          *category)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  RefileData *rd;
  AdwToast *toast;
  gint64 note = 0;

  if (!fcrm_crm_attachment_set_category (self->crm, attachment->id, category, &note, &error))
    {
      _fcrm_attachments_view_show_error (self, error->message);
      /* the drop-down shows what is stored again */
      g_clear_pointer (&self->signature, g_free);
      fcrm_attachments_view_refresh (self);
      return;
    }
  _fcrm_attachments_view_set_error (self, NULL);
  rd = g_new0 (RefileData, 1);
  rd->attachment_id = attachment->id;
  rd->category = g_strdup (attachment->category);
  rd->note = note;

  escaped = g_markup_escape_text (attachment->name, -1);
  /* Translators: a toast; a file name, then a category */
  title = g_strdup_printf (_("“%s” filed under %s"), escaped, fcrm_attachment_category_display_name (category));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "fcrm-undo", rd, refile_data_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_refile_cb), self, G_CONNECT_SWAPPED);
  _fcrm_attachments_view_add_toast (self, toast);
  fcrm_attachments_view_refresh (self);
}

/* Adding files */

static void
attach_now (FcrmAttachmentsView *self,
            UndoData            *file)
{
  g_autoptr(FcrmAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  /* The database is the main thread's. */
  attachment = fcrm_crm_attach (self->crm, file->type, file->id, file->name, file->category, file->content, &error);
  if (attachment == NULL)
    {
      _fcrm_attachments_view_show_error (self, error->message);
      return;
    }
  _fcrm_attachments_view_set_error (self, NULL);
  fcrm_attachments_view_refresh (self);
}

static void
again_response_cb (FcrmAttachmentsView *self,
                   const char          *response,
                   AdwMessageDialog    *dialog)
{
  UndoData *file = g_object_get_data (G_OBJECT (dialog), "fcrm-file");

  if (g_strcmp0 (response, "attach") == 0 && file != NULL && self->crm != NULL)
    attach_now (self, file);
}

/* The same bytes are on the item already: ask before a second copy. */
static void
ask_attach_again (FcrmAttachmentsView *self,
                  UndoData            *file,      /* taken */
                  FcrmAttachment      *same)
{
  g_autofree char *date = _fcrm_attachments_view_date_text (same->created_at);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = date != NULL
         /* Translators: the file already attached: its name and the day it was added */
         ? g_strdup_printf (_("“%s”, attached on %s."), same->name, date)
         : g_strdup_printf (_("“%s”."), same->name);
  dialog = adw_message_dialog_new (parent_window (self), _("This file is already attached"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* Translators: attach a file a second time */
                                    "attach", _("_Attach Anyway"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "fcrm-file", file, undo_data_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (again_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcrmAttachmentsViewJob) job = user_data;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(UndoData) file = NULL;
  FcrmAttachment *same;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  FcrmAttachmentsView *self;

  content = fcrm_attachments_io_read_finish (result, &name, &error);
  self = _fcrm_attachments_view_job_end (job);
  if (self == NULL)
    return;

  if (content == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fcrm_attachments_view_show_error (self, error->message);
      return;
    }

  file = g_new0 (UndoData, 1);
  file->type = job->type;
  file->id = job->id;
  file->name = g_steal_pointer (&name);
  file->category = g_strdup (job->category);
  file->content = g_steal_pointer (&content);

  /* what the view shows is this item's files, as the card last read them */
  shown = _fcrm_attachments_view_list (self);
  same = job->type == self->type && job->id == self->id ? fcrm_attachment_find_same (shown, file->content) : NULL;
  if (same != NULL)
    {
      ask_attach_again (self, g_steal_pointer (&file), same);
      return;
    }
  attach_now (self, file);
}

void
fcrm_attachments_view_add_file (FcrmAttachmentsView *self,
                                GFile               *file,
                                const char          *category)
{
  FcrmAttachmentsViewJob *job;

  g_return_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->crm != NULL && self->id > 0);

  _fcrm_attachments_view_set_error (self, NULL);
  job = _fcrm_attachments_view_job_new (self);
  job->category = g_strdup (category);
  /* The item is fixed now: the card may move on while the file is read. */
  job->type = self->type;
  job->id = self->id;
  fcrm_attachments_io_read_async (file, self->cancellable, read_done_cb, job);
}

/* The category picked in the drop-down, or NULL for "by file type". */
static const char *
chosen_category (FcrmAttachmentsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  const char * const *categories = fcrm_attachment_categories ();

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  for (guint i = 0; categories[i] != NULL; i++)
    if (i + 1 == selected)
      return categories[i];

  return NULL;
}

static void
add_response_cb (FcrmAttachmentsView  *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          fcrm_attachments_view_add_file (self, file, chosen_category (self));
        }
    }

  chooser_done (self, chooser);
}

static void
add_clicked_cb (FcrmAttachmentsView *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                         parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  present_chooser (self, chooser, G_CALLBACK (add_response_cb));
}

/* Drops from the file manager */

static gboolean
drop_cb (GtkDropTarget       *target,
         const GValue        *value,
         double               x,
         double               y,
         FcrmAttachmentsView *self)
{
  GdkFileList *list;
  g_autoptr(GSList) files = NULL;

  gtk_widget_set_visible (self->drop_hint, FALSE);
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->id <= 0)
    return FALSE;

  list = g_value_get_boxed (value);
  files = gdk_file_list_get_files (list);
  for (GSList *l = files; l != NULL; l = l->next)
    fcrm_attachments_view_add_file (self, l->data, chosen_category (self));

  return files != NULL;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget       *target,
               double               x,
               double               y,
               FcrmAttachmentsView *self)
{
  gtk_widget_set_visible (self->drop_hint, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget       *target,
               FcrmAttachmentsView *self)
{
  gtk_widget_set_visible (self->drop_hint, FALSE);
}

/* Set-up */

void
_fcrm_attachments_view_class_actions_init (FcrmAttachmentsViewClass *klass)
{
  gtk_widget_class_bind_template_callback (GTK_WIDGET_CLASS (klass), add_clicked_cb);
}

void
_fcrm_attachments_view_actions_init (FcrmAttachmentsView *self)
{
  GtkDropTarget *target;

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

void
_fcrm_attachments_view_actions_dispose (FcrmAttachmentsView *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}
