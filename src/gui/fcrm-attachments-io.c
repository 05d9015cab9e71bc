#define G_LOG_DOMAIN "fcrm-attachments-io"

#include <glib/gi18n.h>

#include "fcrm-attachments.h"
#include "fcrm-attachments-io.h"
#include "fcrm-error.h"

/* Runs @thread_func on a worker thread; its result goes to @callback. */
static void
run_in_thread (gpointer             source_tag,
               const char          *name,
               gpointer             task_data,
               GDestroyNotify       task_data_free,
               GTaskThreadFunc      thread_func,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  g_task_set_task_data (task, task_data, task_data_free);
  g_task_run_in_thread (task, thread_func);
}

/* Reading a file to attach */

typedef struct
{
  GFile *file;
  char  *name;      /* as read */
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *rd = data;

  g_clear_object (&rd->file);
  g_free (rd->name);
  g_free (rd);
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
  ReadData *rd = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parse_name = g_file_get_parse_name (rd->file);

  info = g_file_query_info (rd->file,
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

  rd->name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_task_return_new_error (task, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                               /* Translators: %s is a folder's name */
                               _("“%s” is a folder: only files can be attached."), rd->name);
      return;
    }
  /* Checked before reading: a huge file is never loaded into memory. */
  if (g_file_info_get_size (info) > FCRM_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (&error, rd->name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  content = g_file_load_bytes (rd->file, cancellable, NULL, &error);
  if (content == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                                 _("Could not read “%s”: %s"), rd->name, error->message);
      return;
    }
  /* It may have grown since it was measured. */
  if (g_bytes_get_size (content) > FCRM_ATTACHMENT_MAX_SIZE)
    {
      set_too_large (&error, rd->name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&content), (GDestroyNotify) g_bytes_unref);
}

void
fcrm_attachments_io_read_async (GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ReadData *rd;

  g_return_if_fail (G_IS_FILE (file));

  rd = g_new0 (ReadData, 1);
  rd->file = g_object_ref (file);

  run_in_thread (fcrm_attachments_io_read_async, "[fcrm] read a file to attach",
                 rd, read_data_free, read_thread,
                 cancellable, callback, user_data);
}

GBytes *
fcrm_attachments_io_read_finish (GAsyncResult  *result,
                                 char         **out_name,
                                 GError       **error)
{
  ReadData *rd;
  GBytes *content;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fcrm_attachments_io_read_async, NULL);

  content = g_task_propagate_pointer (G_TASK (result), error);
  rd = g_task_get_task_data (G_TASK (result));
  if (content != NULL && out_name != NULL)
    *out_name = g_strdup (rd->name);

  return content;
}

/* Writing an attachment to a file */

typedef struct
{
  GFile  *file;
  GBytes *content;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *wd = data;

  g_clear_object (&wd->file);
  g_clear_pointer (&wd->content, g_bytes_unref);
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

void
fcrm_attachments_io_write_async (GFile               *file,
                                 GBytes              *content,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  WriteData *wd;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (content != NULL);

  wd = g_new0 (WriteData, 1);
  wd->file = g_object_ref (file);
  wd->content = g_bytes_ref (content);

  run_in_thread (fcrm_attachments_io_write_async, "[fcrm] write an attachment to a file",
                 wd, write_data_free, write_thread,
                 cancellable, callback, user_data);
}

gboolean
fcrm_attachments_io_write_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fcrm_attachments_io_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Thumbnails */

typedef struct
{
  GBytes *content;
  int     size;
} ThumbnailData;

static void
thumbnail_data_free (gpointer data)
{
  ThumbnailData *td = data;

  g_clear_pointer (&td->content, g_bytes_unref);
  g_free (td);
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

  pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, td->size, td->size,
                                                TRUE, cancellable, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

void
fcrm_attachments_io_thumbnail_async (GBytes              *content,
                                     int                  size,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ThumbnailData *td;

  g_return_if_fail (content != NULL);
  g_return_if_fail (size > 0);

  td = g_new0 (ThumbnailData, 1);
  td->content = g_bytes_ref (content);
  td->size = size;

  run_in_thread (fcrm_attachments_io_thumbnail_async, "[fcrm] decode a thumbnail",
                 td, thumbnail_data_free, thumbnail_thread,
                 cancellable, callback, user_data);
}

GdkTexture *
fcrm_attachments_io_thumbnail_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fcrm_attachments_io_thumbnail_async, NULL);

  pixbuf = g_task_propagate_pointer (G_TASK (result), error);
  if (pixbuf == NULL)
    return NULL;

  return gdk_texture_new_for_pixbuf (pixbuf);
}

/* File names */

char *
fcrm_attachments_io_safe_file_name (const char *name)
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

GFile *
fcrm_attachments_io_open_copy_file (gint64      id,
                                    const char *name)
{
  g_autofree char *id_dir = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *file_name = fcrm_attachments_io_safe_file_name (name);
  g_autofree char *path = NULL;

  path = g_build_filename (g_get_user_cache_dir (), "furniture-crm", "open", id_dir, file_name, NULL);

  return g_file_new_for_path (path);
}
