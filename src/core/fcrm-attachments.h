#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Layouts, measurements, documents and photos of a lead or deal (or files
 * about a contact or company: FCRM_ENTITY_CONTACT, _COMPANY), kept inside
 * the database (SPEC §4): one file to back up, and the office server holds
 * everything. */

/** The largest file accepted, in bytes. */
#define FCRM_ATTACHMENT_MAX_SIZE (25 * 1024 * 1024)

#define FCRM_TYPE_ATTACHMENT (fcrm_attachment_get_type ())
G_DECLARE_FINAL_TYPE (FcrmAttachment, fcrm_attachment, FCRM, ATTACHMENT, GObject)

struct _FcrmAttachment
{
  GObject         parent_instance;
  gint64          id;
  FcrmEntityType  entity_type;
  gint64          entity_id;
  char           *name;        /* the file's name as added */
  char           *mime_type;
  char           *category;    /* layout, measurements, document, photo */
  gint64          size;        /* bytes */
  char           *sha256;      /* hex */
  gint64          created_at;
  char           *user_login;  /* who added it, or NULL */
};

/** The category's name in the user's language. */
const char     *fcrm_attachment_category_display_name (const char *category);
/** Category codes in order, NULL-terminated. */
const char * const *fcrm_attachment_categories (void);

/** The category a file named @name of @mime_type is likely filed under: by
 * words in its name ("план", "layout", "чертеж" → layout; "замер",
 * "measure" → measurements), else images are photos and the rest documents. */
char           *fcrm_attachment_guess_category  (const char     *name,
                                                 const char     *mime_type);
/** The attachment of @attachments (FcrmAttachment, as listed) with the same
 * content as @content, or NULL. */
FcrmAttachment *fcrm_attachment_find_same       (GPtrArray      *attachments,
                                                 GBytes         *content);
/** File attachment @attachment_id under @category, in one transaction; a
 * note by the acting person on the item's timeline says so (its id in
 * @out_note, may be NULL; 0 when the category was that already). */
gboolean        fcrm_crm_attachment_set_category (FcrmCrm       *self,
                                                 gint64          attachment_id,
                                                 const char     *category,
                                                 gint64         *out_note,
                                                 GError        **error);
/** Undo fcrm_crm_attachment_set_category(): back to @category, and its
 * note @note (0: none) removed. */
gboolean        fcrm_crm_attachment_undo_category (FcrmCrm      *self,
                                                 gint64          attachment_id,
                                                 const char     *category,
                                                 gint64          note,
                                                 GError        **error);

/** Attach @content named @name to a lead, deal, contact or company. @category NULL picks one from
 * the name and content (fcrm_attachment_guess_category()). Refuses an empty or too long
 * name, an unknown category, an empty file, one over FCRM_ATTACHMENT_MAX_SIZE
 * and an unknown item (translated FCRM_ERROR_INVALID_INPUT / _NOT_FOUND);
 * nothing is written then. */
FcrmAttachment *fcrm_crm_attach                 (FcrmCrm        *self,
                                                 FcrmEntityType  type,
                                                 gint64          id,
                                                 const char     *name,
                                                 const char     *category,
                                                 GBytes         *content,
                                                 GError        **error);
/** Attachments of a lead, deal, contact or company, oldest first (without their content). */
GPtrArray      *fcrm_crm_attachments            (FcrmCrm        *self,
                                                 FcrmEntityType  type,
                                                 gint64          id,
                                                 GError        **error);
/** One attachment's record. */
FcrmAttachment *fcrm_crm_attachment_get         (FcrmCrm        *self,
                                                 gint64          attachment_id,
                                                 GError        **error);
/** The stored bytes of an attachment. */
GBytes         *fcrm_crm_attachment_content     (FcrmCrm        *self,
                                                 gint64          attachment_id,
                                                 GError        **error);
/** Delete an attachment (the GUI keeps the bytes for its undo). */
gboolean        fcrm_crm_attachment_delete      (FcrmCrm        *self,
                                                 gint64          attachment_id,
                                                 GError        **error);

G_END_DECLS
