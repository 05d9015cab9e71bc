#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* The discussion of a lead or deal (SPEC §4 Card, "General"; shown on the
 * timeline too): short notes by the people working on it. Contacts and
 * companies have theirs too (FCRM_ENTITY_CONTACT, _COMPANY): such a comment
 * does not move the client card's version. */

/** The longest comment accepted, in characters. */
#define FCRM_COMMENT_MAX_CHARS 10000

#define FCRM_TYPE_COMMENT (fcrm_comment_get_type ())
G_DECLARE_FINAL_TYPE (FcrmComment, fcrm_comment, FCRM, COMMENT, GObject)

struct _FcrmComment
{
  GObject         parent_instance;
  gint64          id;
  FcrmEntityType  entity_type;
  gint64          entity_id;
  char           *user_login;  /* the author, or NULL */
  char           *user_name;   /* the author's name, or NULL */
  char           *text;
  gint64          created_at;
};

/** Comment on a lead, deal, contact or company as the acting user. The text is trimmed; an
 * empty one, one over FCRM_COMMENT_MAX_CHARS characters, text that is not
 * valid UTF-8 (translated FCRM_ERROR_INVALID_INPUT) and an unknown item
 * (FCRM_ERROR_NOT_FOUND) are refused, writing nothing. A comment is a change
 * of the item: its `updated` counter moves. */
FcrmComment *fcrm_crm_comment_add (FcrmCrm        *self,
                                   FcrmEntityType  type,
                                   gint64          id,
                                   const char     *text,
                                   GError        **error);
/** Comments on a lead, deal, contact or company, newest first. */
GPtrArray   *fcrm_crm_comments    (FcrmCrm        *self,
                                   FcrmEntityType  type,
                                   gint64          id,
                                   GError        **error);

G_END_DECLS
