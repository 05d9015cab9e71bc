#pragma once

/* Shared by the files of FcrmAttachmentsView: fcrm-attachments-view.c (the
 * object, the list by category, thumbnails, following the database) and
 * fcrm-attachments-view-actions.c (open, save as, delete with undo, adding
 * by the file chooser or a drop). The file work itself runs in
 * fcrm-attachments-io.c. */

#include "fcrm-attachments.h"
#include "fcrm-attachments-view.h"

G_BEGIN_DECLS

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
  gboolean        fed;          /* a card hands over the list, read with it */
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

/* One piece of work in the background (a file read, written or decoded):
 * it holds the view until it ends and counts as pending meanwhile. */
typedef struct
{
  FcrmAttachmentsView *self;
  char                *name;      /* the file, for messages */
  GFile               *file;      /* written: where to */
  FcrmEntityType       type;      /* read: the item it is attached to */
  gint64               id;
  char                *category;  /* read: NULL for by file type */
  GWeakRef             image;     /* decoded: where the thumbnail shows */
  char                *sha256;    /* decoded: the thumbnail's cache key */
  GAsyncReadyCallback  written;   /* written: called once the file is */
} FcrmAttachmentsViewJob;

/* fcrm-attachments-view.c */
FcrmAttachmentsViewJob *_fcrm_attachments_view_job_new  (FcrmAttachmentsView    *self);
/* The view, no longer counting @job as pending; NULL when it was disposed
 * meanwhile: there is nothing to show then. */
FcrmAttachmentsView    *_fcrm_attachments_view_job_end  (FcrmAttachmentsViewJob *job);
void                    _fcrm_attachments_view_job_free (FcrmAttachmentsViewJob *job);
/* Read the bytes of attachment @attachment_id off the main loop; then @job
 * writes them to job->file and calls job->written, or (no job->written)
 * decodes them into the thumbnail job->image. */
void                    _fcrm_attachments_view_read_content (FcrmAttachmentsView    *self,
                                                             gint64                  attachment_id,
                                                             FcrmAttachmentsViewJob *job);
void                    _fcrm_attachments_view_set_error (FcrmAttachmentsView   *self,
                                                         const char            *message);
/* Takes @toast (floating). */
void                    _fcrm_attachments_view_add_toast (FcrmAttachmentsView   *self,
                                                         AdwToast              *toast);
/* The message under the list and as a toast. */
void                    _fcrm_attachments_view_show_error (FcrmAttachmentsView  *self,
                                                          const char           *message);

/* "January 12, 2026" of @unix_seconds, or NULL for 0. */
char                   *_fcrm_attachments_view_date_text (gint64 unix_seconds);
/* The attachments shown now (FcrmAttachment), all categories. */
GPtrArray              *_fcrm_attachments_view_list      (FcrmAttachmentsView   *self);

/* fcrm-attachments-view-actions.c */
/* File @attachment under @category, with a toast to undo it. */
void                    _fcrm_attachments_view_set_category (FcrmAttachmentsView *self,
                                                             FcrmAttachment      *attachment,
                                                             const char          *category);
void                    _fcrm_attachments_view_class_actions_init (FcrmAttachmentsViewClass *klass);
void                    _fcrm_attachments_view_actions_init       (FcrmAttachmentsView      *self);
void                    _fcrm_attachments_view_actions_dispose    (FcrmAttachmentsView      *self);
void                    _fcrm_attachments_view_open   (FcrmAttachmentsView *self,
                                                       FcrmAttachment      *attachment);
void                    _fcrm_attachments_view_save   (FcrmAttachmentsView *self,
                                                       FcrmAttachment      *attachment);
void                    _fcrm_attachments_view_delete (FcrmAttachmentsView *self,
                                                       FcrmAttachment      *attachment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmAttachmentsViewJob, _fcrm_attachments_view_job_free)

G_END_DECLS
