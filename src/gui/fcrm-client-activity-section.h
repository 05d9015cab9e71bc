#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_CLIENT_ACTIVITY_SECTION (fcrm_client_activity_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientActivitySection, fcrm_client_activity_section, FCRM, CLIENT_ACTIVITY_SECTION,
                      AdwPreferencesGroup)

/** What happens around a client, on its card (a card section): the open
 * tasks and callbacks of its leads and deals (@kind "tasks"), or a timeline
 * ("timeline") across them all: leads and deals made and closed, comments
 * on the client and on them, files, tasks done; newest first. A row about a
 * lead or deal opens its card through app.open-item. */
GtkWidget *fcrm_client_activity_section_new        (const char                *kind);
/** The number of rows shown. */
guint      fcrm_client_activity_section_get_n_rows (FcrmClientActivitySection *self);

G_END_DECLS
