#define G_LOG_DOMAIN "fcrm-attachments-view"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fcrm-attachments-view.h"
#include "fcrm-attachments.h"
#include "fcrm-card-section.h"
#include "fcrm-error.h"

/* Thumbnails are drawn at 48 px; decoding at twice that stays sharp on a
 * HiDPI screen. */
#define THUMBNAIL_SIZE 48
#define THUMBNAIL_DECODE_SIZE 96
#define TYPE_ICON_SIZE 32

/* The files of one category: a heading and a boxed list over a store. */
typedef struct
{
  char       *category;
  GListStore *store;
  GtkWidget  *box;
  GtkListBox *list;
} Section;

struct _FcrmAttachmentsView
{
  AdwBin          parent_instance;

  FcrmCrm        *crm;
  FcrmEntityType  type;
  gint64          id;
  GCancellable   *cancellable;
  GPtrArray      *sections;     /* of Section */
  GtkStringList  *category_model;
  char           *signature;    /* ids and categories as last shown */
  GHashTable     *thumbnails;   /* sha256 → GdkTexture */
  guint           n_pending;
  guint           refresh_id;
  GtkNativeDialog *chooser;

  /* template */
  GtkSpinner     *spinner;
  GtkDropDown    *category_dropdown;
  GtkWidget      *add_button;
  GtkWidget      *drop_hint;
  GtkWidget      *empty_box;
  GtkWidget      *sections_box;
  GtkLabel       *error_label;
};

static void fcrm_attachments_view_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmAttachmentsView, fcrm_attachments_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_attachments_view_card_section_init))

enum {
  PROP_0,
  PROP_CRM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
section_free (gpointer data)
{
  Section *section = data;

  g_free (section->category);
  g_clear_object (&section->store);
  g_free (section);
}

/* Messages */

static void
set_error (FcrmAttachmentsView *self,
           const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
add_toast (FcrmAttachmentsView *self,
           AdwToast            *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* The whole message stays under the list; the toast is where the user looks. */
static void
show_error (FcrmAttachmentsView *self,
            const char          *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  set_error (self, message);
  add_toast (self, adw_toast_new (escaped));  /* the title is markup */
}

static void
pending_changed (FcrmAttachmentsView *self,
                 int                  delta)
{
  g_assert (delta > 0 || self->n_pending > 0);

  self->n_pending += delta;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->n_pending > 0);
  gtk_spinner_set_spinning (self->spinner, self->n_pending > 0);
}

/* A task that finished after the view was disposed has nothing to show. */
static gboolean
view_gone (FcrmAttachmentsView *self)
{
  return self->crm == NULL;
}

/* Thumbnails */

typedef struct
{
  GWeakRef  image;
  char     *sha256;
  GBytes   *content;
} ThumbnailData;

static void
thumbnail_data_free (gpointer data)
{
  ThumbnailData *td = data;

  g_weak_ref_clear (&td->image);
  g_free (td->sha256);
  g_clear_pointer (&td->content, g_bytes_unref);
  g_free (td);
}

static void
show_thumbnail (GtkImage   *image,
                GdkTexture *texture)
{
  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (image, THUMBNAIL_SIZE);
  gtk_widget_remove_css_class (GTK_WIDGET (image), "dim-label");
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailData *td = task_data;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (td->content);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, THUMBNAIL_DECODE_SIZE, THUMBNAIL_DECODE_SIZE,
                                                TRUE, cancellable, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
thumbnail_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (source);
  ThumbnailData *td = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GtkImage) image = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (view_gone (self))
    return;
  pending_changed (self, -1);
  if (pixbuf == NULL)
    {
      /* Not a picture after all, or a broken one: the type's icon stays. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  g_hash_table_replace (self->thumbnails, g_strdup (td->sha256), g_object_ref (texture));
  image = g_weak_ref_get (&td->image);
  if (image != NULL)
    show_thumbnail (image, texture);
}

static void
load_thumbnail (FcrmAttachmentsView *self,
                FcrmAttachment      *attachment,
                GtkImage            *image)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GdkTexture *cached;
  ThumbnailData *td;

  if (attachment->mime_type == NULL || !g_str_has_prefix (attachment->mime_type, "image/"))
    return;

  cached = attachment->sha256 != NULL ? g_hash_table_lookup (self->thumbnails, attachment->sha256) : NULL;
  if (cached != NULL)
    {
      show_thumbnail (image, cached);
      return;
    }

  content = fcrm_crm_attachment_content (self->crm, attachment->id, &error);
  if (content == NULL)
    {
      g_debug ("No thumbnail for attachment %" G_GINT64_FORMAT ": %s", attachment->id, error->message);
      return;
    }

  td = g_new0 (ThumbnailData, 1);
  g_weak_ref_init (&td->image, image);
  td->sha256 = g_strdup (attachment->sha256 != NULL ? attachment->sha256 : "");
  td->content = g_steal_pointer (&content);

  task = g_task_new (self, self->cancellable, thumbnail_done_cb, NULL);
  g_task_set_source_tag (task, load_thumbnail);
  g_task_set_task_data (task, td, thumbnail_data_free);
  pending_changed (self, +1);
  g_task_run_in_thread (task, thumbnail_thread);
}

/* Opening with the default application */

typedef struct
{
  char   *name;
  GBytes *content;
  GFile  *file;     /* where it goes */
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *wd = data;

  g_free (wd->name);
  g_clear_pointer (&wd->content, g_bytes_unref);
  g_clear_object (&wd->file);
  g_free (wd);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *wd = task_data;
  g_autoptr(GFile) parent = g_file_get_parent (wd->file);
  g_autoptr(GError) error = NULL;

  if (parent != NULL
      && !g_file_make_directory_with_parents (parent, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  if (!g_file_replace_contents (wd->file,
                                g_bytes_get_data (wd->content, NULL),
                                g_bytes_get_size (wd->content),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_write (FcrmAttachmentsView *self,
             gint64               attachment_id,
             const char          *name,
             GFile               *file,
             GAsyncReadyCallback  callback)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  WriteData *wd;

  content = fcrm_crm_attachment_content (self->crm, attachment_id, &error);
  if (content == NULL)
    {
      show_error (self, error->message);
      return;
    }

  wd = g_new0 (WriteData, 1);
  wd->name = g_strdup (name);
  wd->content = g_steal_pointer (&content);
  wd->file = g_object_ref (file);

  task = g_task_new (self, self->cancellable, callback, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, wd, write_data_free);
  pending_changed (self, +1);
  g_task_run_in_thread (task, write_thread);
}

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

  if (!g_app_info_launch_default_for_uri_finish (result, &error)
      && !view_gone (self)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a file name, then the reason */
      message = g_strdup_printf (_("Could not open “%s”: %s"), ld->name, error->message);
      show_error (self, message);
    }

  g_object_unref (ld->self);
  g_free (ld->name);
  g_free (ld);
}

static void
open_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (source);
  WriteData *wd = g_task_get_task_data (G_TASK (result));
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  LaunchData *ld;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!view_gone (self))
        {
          pending_changed (self, -1);
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_autofree char *message = NULL;

              /* Translators: %s is a file name, then the reason */
              message = g_strdup_printf (_("Could not open “%s”: %s"), wd->name, error->message);
              show_error (self, message);
            }
        }
      return;
    }
  if (view_gone (self))
    return;
  pending_changed (self, -1);

  uri = g_file_get_uri (wd->file);
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  ld = g_new0 (LaunchData, 1);
  ld->self = g_object_ref (self);
  ld->name = g_strdup (wd->name);
  g_app_info_launch_default_for_uri_async (uri, context, self->cancellable, launch_done_cb, ld);
}

/* A name as a file name: no folders, nothing hidden or special. */
static char *
safe_file_name (const char *name)
{
  g_autofree char *base = g_path_get_basename (name != NULL && *name != '\0' ? name : "file");
  char *safe;

  g_strdelimit (base, "/\\", '_');
  if (g_str_equal (base, ".") || g_str_equal (base, "..") || *base == '\0')
    return g_strdup ("file");
  safe = g_steal_pointer (&base);
  if (*safe == '.')
    *safe = '_';
  return safe;
}

static void
open_attachment (FcrmAttachmentsView *self,
                 FcrmAttachment      *attachment)
{
  g_autofree char *id_dir = g_strdup_printf ("%" G_GINT64_FORMAT, attachment->id);
  g_autofree char *file_name = safe_file_name (attachment->name);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  /* The default application needs a real file: a copy in the cache, one
   * folder per attachment so two files of the same name do not collide. */
  path = g_build_filename (g_get_user_cache_dir (), "furniture-crm", "open", id_dir, file_name, NULL);
  file = g_file_new_for_path (path);
  set_error (self, NULL);
  start_write (self, attachment->id, attachment->name, file, open_written_cb);
}

/* Save as */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (source);
  WriteData *wd = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (view_gone (self))
    return;
  pending_changed (self, -1);

  if (!ok)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is a file name, then the reason */
      message = g_strdup_printf (_("Could not save “%s”: %s"), wd->name, error->message);
      show_error (self, message);
      return;
    }

  escaped = g_markup_escape_text (wd->name, -1);
  /* Translators: a toast; %s is a file name */
  title = g_strdup_printf (_("Saved “%s”"), escaped);
  add_toast (self, adw_toast_new (title));
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

  if (self->chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->chooser);
}

static void
save_attachment (FcrmAttachmentsView *self,
                 FcrmAttachment      *attachment)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *file_name = safe_file_name (attachment->name);

  set_error (self, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  chooser = gtk_file_chooser_native_new (_("Save Attachment"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data_full (G_OBJECT (chooser), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Delete with undo */

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

static void
undo_delete_cb (FcrmAttachmentsView *self,
                AdwToast            *toast)
{
  UndoData *ud = g_object_get_data (G_OBJECT (toast), "fcrm-undo");
  g_autoptr(FcrmAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  if (ud == NULL || view_gone (self))
    return;

  attachment = fcrm_crm_attach (self->crm, ud->type, ud->id, ud->name, ud->category, ud->content, &error);
  if (attachment == NULL)
    {
      show_error (self, error->message);
      return;
    }
  /* Once is enough, however the toast is clicked. */
  g_object_set_data (G_OBJECT (toast), "fcrm-undo", NULL);
  set_error (self, NULL);
  fcrm_attachments_view_refresh (self);
}

static void
delete_attachment (FcrmAttachmentsView *self,
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
      show_error (self, error->message);
      return;
    }

  set_error (self, NULL);
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
  add_toast (self, toast);

  fcrm_attachments_view_refresh (self);
}

/* Rows */

static FcrmAttachment *
attachment_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "fcrm-attachment");
}

static void
open_clicked_cb (FcrmAttachmentsView *self,
                 GtkWidget           *button)
{
  open_attachment (self, attachment_of (button));
}

static void
save_clicked_cb (FcrmAttachmentsView *self,
                 GtkWidget           *button)
{
  save_attachment (self, attachment_of (button));
}

static void
delete_clicked_cb (FcrmAttachmentsView *self,
                   GtkWidget           *button)
{
  g_autoptr(FcrmAttachment) attachment = g_object_ref (attachment_of (button));

  /* The row goes away with the refresh: hold on to the record. */
  delete_attachment (self, attachment);
}

static void
row_activated_cb (FcrmAttachmentsView *self,
                  GtkWidget           *row)
{
  open_attachment (self, attachment_of (row));
}

static GtkWidget *
row_button_new (FcrmAttachmentsView *self,
                FcrmAttachment      *attachment,
                const char          *icon_name,
                const char          *tooltip,
                GCallback            callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);

  return button;
}

static GIcon *
type_icon (const char *mime_type)
{
  g_autofree char *content_type = NULL;

  if (mime_type != NULL)
    content_type = g_content_type_from_mime_type (mime_type);
  if (content_type == NULL)
    content_type = g_strdup ("application/octet-stream");

  return g_content_type_get_symbolic_icon (content_type);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  FcrmAttachmentsView *self = user_data;
  FcrmAttachment *attachment = item;
  g_autoptr(GIcon) icon = type_icon (attachment->mime_type);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *size = g_format_size ((guint64) MAX (attachment->size, 0));
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_gicon (icon);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), attachment->name);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  if (attachment->created_at != 0)
    created = g_date_time_new_from_unix_local (attachment->created_at);
  if (created != NULL)
    /* Translators: a date on a card, in g_date_time_format() notation
     * ("January 12, 2026"); %B is the month name, in the genitive case where
     * the language has one, so Russian can use "%-d %B %Y". */
    date = g_date_time_format (created, _("%B %-d, %Y"));
  subtitle = date != NULL
             /* Translators: under an attached file's name: its size, then the day it was added */
             ? g_strdup_printf (_("%s · %s"), size, date)
             : g_strdup (size);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open with the default application"));
  g_object_set_data_full (G_OBJECT (row), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  /* A type icon is drawn smaller and dimmed, in the thumbnail's place. */
  gtk_image_set_pixel_size (GTK_IMAGE (image), TYPE_ICON_SIZE);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_widget_set_size_request (image, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_margin_top (image, 6);
  gtk_widget_set_margin_bottom (image, 6);
  gtk_widget_add_css_class (image, "attachment-thumbnail");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  load_thumbnail (self, attachment, GTK_IMAGE (image));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, attachment, "document-open-symbolic",
                                             _("Open"), G_CALLBACK (open_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, attachment, "document-save-as-symbolic",
                                             _("Save As…"), G_CALLBACK (save_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, attachment, "user-trash-symbolic",
                                             _("Delete"), G_CALLBACK (delete_clicked_cb)));

  return row;
}

static void
build_sections (FcrmAttachmentsView *self)
{
  const char * const *categories = fcrm_attachment_categories ();

  for (guint i = 0; categories[i] != NULL; i++)
    {
      Section *section = g_new0 (Section, 1);
      GtkWidget *heading;

      section->category = g_strdup (categories[i]);
      section->store = g_list_store_new (FCRM_TYPE_ATTACHMENT);
      section->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_set_visible (section->box, FALSE);

      heading = gtk_label_new (fcrm_attachment_category_display_name (categories[i]));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_box_append (GTK_BOX (section->box), heading);

      section->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (section->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (section->list), "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      fcrm_attachment_category_display_name (categories[i]),
                                      -1);
      gtk_list_box_bind_model (section->list, G_LIST_MODEL (section->store),
                               create_row_cb, self, NULL);
      gtk_box_append (GTK_BOX (section->box), GTK_WIDGET (section->list));

      gtk_box_append (GTK_BOX (self->sections_box), section->box);
      g_ptr_array_add (self->sections, section);
    }
}

static Section *
section_of (FcrmAttachmentsView *self,
            const char          *category)
{
  g_assert (self->sections->len > 0);

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (g_strcmp0 (section->category, category) == 0)
        return section;
    }

  /* A category this version does not know goes with the documents, the
   * most general one: the file must not be hidden. */
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (g_str_equal (section->category, "document"))
        return section;
    }

  return g_ptr_array_index (self->sections, self->sections->len - 1);
}

static void
show_attachments (FcrmAttachmentsView *self,
                  GPtrArray           *attachments)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GPtrArray) per_section = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      FcrmAttachment *attachment = g_ptr_array_index (attachments, i);

      g_string_append_printf (signature, "%" G_GINT64_FORMAT ":%s:%s;",
                              attachment->id,
                              attachment->category != NULL ? attachment->category : "",
                              attachment->name != NULL ? attachment->name : "");
    }
  /* A change elsewhere in the database leaves the rows, and their
   * thumbnails, as they are. */
  if (g_strcmp0 (signature->str, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_strdup (signature->str);

  for (guint i = 0; i < self->sections->len; i++)
    g_ptr_array_add (per_section, g_ptr_array_new ());
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      FcrmAttachment *attachment = g_ptr_array_index (attachments, i);
      Section *section = section_of (self, attachment->category);
      guint index = 0;
      gboolean found = g_ptr_array_find (self->sections, section, &index);

      g_assert (found);
      g_ptr_array_add (g_ptr_array_index (per_section, index), attachment);
    }

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);
      GPtrArray *items = g_ptr_array_index (per_section, i);

      g_list_store_splice (section->store, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (section->store)),
                           items->pdata, items->len);
      gtk_widget_set_visible (section->box, items->len > 0);
    }

  gtk_widget_set_visible (self->empty_box, attachments == NULL || attachments->len == 0);
}

/* Adding files */

typedef struct
{
  GFile  *file;
  char   *category;
  char   *name;      /* as read */
  GBytes *content;   /* as read */
  FcrmEntityType type;
  gint64  id;
} AddData;

static void
add_data_free (gpointer data)
{
  AddData *ad = data;

  g_clear_object (&ad->file);
  g_free (ad->category);
  g_free (ad->name);
  g_clear_pointer (&ad->content, g_bytes_unref);
  g_free (ad);
}

static void
set_too_large (GError     **error,
               const char  *name)
{
  /* The core's own words, so the GUI and the CLI say the same. */
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("The file “%s” is larger than %d MB; attach a smaller or compressed copy."),
               name, FCRM_ATTACHMENT_MAX_SIZE / (1024 * 1024));
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AddData *ad = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parse_name = g_file_get_parse_name (ad->file);

  info = g_file_query_info (ad->file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      /* Translators: %s is a file name, then the reason */
      g_task_return_new_error (task, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                               _("Could not read “%s”: %s"), parse_name, error->message);
      return;
    }

  ad->name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_task_return_new_error (task, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                               /* Translators: %s is a folder's name */
                               _("“%s” is a folder: only files can be attached."), ad->name);
      return;
    }
  /* Checked before reading: a huge file is never loaded into memory. */
  if (g_file_info_get_size (info) > FCRM_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (&error, ad->name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  content = g_file_load_bytes (ad->file, cancellable, NULL, &error);
  if (content == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                                 _("Could not read “%s”: %s"), ad->name, error->message);
      return;
    }
  /* It may have grown since it was measured. */
  if (g_bytes_get_size (content) > FCRM_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (&error, ad->name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ad->content = g_steal_pointer (&content);
  g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (source);
  AddData *ad = g_task_get_task_data (G_TASK (result));
  g_autoptr(FcrmAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (view_gone (self))
    return;
  pending_changed (self, -1);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  /* The database is the main thread's. */
  attachment = fcrm_crm_attach (self->crm, ad->type, ad->id, ad->name, ad->category, ad->content, &error);
  if (attachment == NULL)
    {
      show_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  fcrm_attachments_view_refresh (self);
}

void
fcrm_attachments_view_add_file (FcrmAttachmentsView *self,
                                GFile               *file,
                                const char          *category)
{
  g_autoptr(GTask) task = NULL;
  AddData *ad;

  g_return_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->crm != NULL && self->id > 0);

  set_error (self, NULL);
  ad = g_new0 (AddData, 1);
  ad->file = g_object_ref (file);
  ad->category = g_strdup (category);
  /* The item is fixed now: the card may move on while the file is read. */
  ad->type = self->type;
  ad->id = self->id;

  task = g_task_new (self, self->cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, fcrm_attachments_view_add_file);
  g_task_set_task_data (task, ad, add_data_free);
  pending_changed (self, +1);
  g_task_run_in_thread (task, read_thread);
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

  if (self->chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->chooser);
}

static void
add_clicked_cb (FcrmAttachmentsView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (add_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
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

/* Reading */

void
fcrm_attachments_view_refresh (FcrmAttachmentsView *self)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->crm == NULL || self->id <= 0)
    {
      show_attachments (self, NULL);
      return;
    }

  attachments = fcrm_crm_attachments (self->crm, self->type, self->id, &error);
  if (attachments == NULL)
    {
      /* A deleted item: the card says so instead. */
      if (!g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        set_error (self, error->message);
      return;
    }
  show_attachments (self, attachments);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FcrmAttachmentsView *self = user_data;

  self->refresh_id = 0;
  fcrm_attachments_view_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmAttachmentsView *self)
{
  /* Once for a burst of changes, after the handler that made them. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

void
fcrm_attachments_view_set_item (FcrmAttachmentsView *self,
                                FcrmEntityType       type,
                                gint64               id)
{
  g_return_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self));
  g_return_if_fail (type == FCRM_ENTITY_LEAD || type == FCRM_ENTITY_DEAL);

  if (self->type != type || self->id != id)
    {
      self->type = type;
      self->id = id;
      g_clear_pointer (&self->signature, g_free);
      set_error (self, NULL);
    }
  gtk_widget_set_sensitive (self->add_button, id > 0);
  fcrm_attachments_view_refresh (self);
}

guint
fcrm_attachments_view_get_n_pending (FcrmAttachmentsView *self)
{
  g_return_val_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self), 0);

  return self->n_pending;
}

/* GObject */

static void
fcrm_attachments_view_constructed (GObject *object)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  G_OBJECT_CLASS (fcrm_attachments_view_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));
  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fcrm_attachments_view_dispose (GObject *object)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_ATTACHMENTS_VIEW);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_object (&self->category_model);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_attachments_view_parent_class)->dispose (object);
}

static void
fcrm_attachments_view_finalize (GObject *object)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_free (self->signature);

  G_OBJECT_CLASS (fcrm_attachments_view_parent_class)->finalize (object);
}

static void
fcrm_attachments_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_attachments_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_attachments_view_class_init (FcrmAttachmentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_attachments_view_constructed;
  object_class->dispose = fcrm_attachments_view_dispose;
  object_class->finalize = fcrm_attachments_view_finalize;
  object_class->get_property = fcrm_attachments_view_get_property;
  object_class->set_property = fcrm_attachments_view_set_property;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-attachments-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, drop_hint);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, empty_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
fcrm_attachments_view_init (FcrmAttachmentsView *self)
{
  const char * const *categories = fcrm_attachment_categories ();
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_widget_set_sensitive (self->add_button, FALSE);

  /* Translators: the first choice of the category drop-down of new attachments */
  self->category_model = gtk_string_list_new ((const char *[]) { _("By File Type"), NULL });
  for (guint i = 0; categories[i] != NULL; i++)
    gtk_string_list_append (self->category_model, fcrm_attachment_category_display_name (categories[i]));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->category_model));
  gtk_drop_down_set_selected (self->category_dropdown, 0);

  build_sections (self);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

GtkWidget *
fcrm_attachments_view_new (FcrmCrm        *crm,
                           FcrmEntityType  type,
                           gint64          id)
{
  FcrmAttachmentsView *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_ATTACHMENTS_VIEW, "crm", crm, NULL);
  fcrm_attachments_view_set_item (self, type, id);

  return GTK_WIDGET (self);
}

/* FcrmCardSection: a card's attachments are one of its sections. Its files
 * are written as they are added or deleted: never a pending change. */

static void
fcrm_attachments_view_section_set_item (FcrmCardSection *section,
                                        FcrmCrm         *crm,
                                        FcrmItem        *item)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (section);

  /* The view reads through the database it was made with. */
  g_return_if_fail (crm == self->crm);

  fcrm_attachments_view_set_item (self, item->type, item->id);
}

static void
fcrm_attachments_view_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_attachments_view_section_set_item;
}
