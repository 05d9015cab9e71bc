#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_CLIENT_LINKS_SECTION (fcrm_client_links_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientLinksSection, fcrm_client_links_section, FCRM, CLIENT_LINKS_SECTION,
                      AdwPreferencesGroup)

/** What links to a client, on its card (a card section): its deals (@kind
 * "deals") or leads ("leads"), open and closed, with stage and budget, or a
 * company's contacts ("contacts"). A row opens its card through
 * app.open-item. */
GtkWidget *fcrm_client_links_section_new   (const char             *kind);
/** The number of rows shown. */
guint      fcrm_client_links_section_get_n_rows (FcrmClientLinksSection *self);

G_END_DECLS
