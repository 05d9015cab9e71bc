#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_ATTACHMENTS_VIEW (fcrm_attachments_view_get_type ())
G_DECLARE_FINAL_TYPE (FcrmAttachmentsView, fcrm_attachments_view, FCRM, ATTACHMENTS_VIEW, AdwBin)

/** The attachments of one lead or deal (SPEC §4 "Card", General tab): the
 * files by category, with thumbnails, open, save as, delete with undo; adding
 * through a file chooser or by dropping files from the file manager. */
GtkWidget      *fcrm_attachments_view_new          (FcrmCrm             *crm,
                                                    FcrmEntityType       type,
                                                    gint64               id);
/** Show the attachments of another item (or the same one again). */
void            fcrm_attachments_view_set_item     (FcrmAttachmentsView *self,
                                                    FcrmEntityType       type,
                                                    gint64               id);
/** Re-read the list from the database. */
void            fcrm_attachments_view_refresh      (FcrmAttachmentsView *self);
/** Read @file in a thread and attach it with @category (NULL: by file type);
 * what the Add File button and a drop do. Errors show in the view. */
void            fcrm_attachments_view_add_file     (FcrmAttachmentsView *self,
                                                    GFile               *file,
                                                    const char          *category);
/** The number of files being read, written or decoded in the background. */
guint           fcrm_attachments_view_get_n_pending (FcrmAttachmentsView *self);

G_END_DECLS
