#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The file work behind the attachments view, each in a GTask thread so the
 * window never waits on a disk: reading a file to attach, writing an
 * attachment's bytes to a file, decoding a picture's thumbnail. No database
 * here: the view reads and writes attachments through the facade. */

/** Read @file to attach it: a folder, or a file over FCRM_ATTACHMENT_MAX_SIZE
 * (checked before reading and after), is refused. */
void        fcrm_attachments_io_read_async       (GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/** The file's bytes, with its display name in @out_name; NULL with @error
 * (FCRM_ERROR_INVALID_INPUT in words for people, or G_IO_ERROR_CANCELLED). */
GBytes     *fcrm_attachments_io_read_finish      (GAsyncResult         *result,
                                                  char                **out_name,
                                                  GError              **error);
/** Write @content to @file, making its folder first; a file there is replaced. */
void        fcrm_attachments_io_write_async      (GFile                *file,
                                                  GBytes               *content,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    fcrm_attachments_io_write_finish     (GAsyncResult         *result,
                                                  GError              **error);
/** Decode the picture in @content to fit @size × @size pixels. */
void        fcrm_attachments_io_thumbnail_async  (GBytes               *content,
                                                  int                   size,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/** The thumbnail, or NULL with @error: not a picture, or a broken one. */
GdkTexture *fcrm_attachments_io_thumbnail_finish (GAsyncResult         *result,
                                                  GError              **error);

/** @name as a file name: no folders, nothing hidden or special. */
char       *fcrm_attachments_io_safe_file_name   (const char           *name);
/** Where attachment @id, named @name, is copied for the default application
 * to open it: a folder per attachment in the user's cache, so that two files
 * of the same name do not collide. */
GFile      *fcrm_attachments_io_open_copy_file   (gint64                id,
                                                  const char           *name);

G_END_DECLS
