#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_COMMENTS_SECTION (fcrm_comments_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmCommentsSection, fcrm_comments_section, FCRM, COMMENTS_SECTION, AdwPreferencesGroup)

/** The discussion of an item, newest first, and a box to post a comment
 * (Ctrl+Enter) as the acting user (a card section). */
GtkWidget *fcrm_comments_section_new (void);

G_END_DECLS
