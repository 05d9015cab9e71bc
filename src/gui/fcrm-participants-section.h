#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_PARTICIPANTS_SECTION (fcrm_participants_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmParticipantsSection, fcrm_participants_section, FCRM, PARTICIPANTS_SECTION, AdwPreferencesGroup)

/** The people taking part in a deal besides the responsible, added from a
 * drop-down and removed with a row's button (a card section). Leads have
 * none: for a lead the group explains that instead. */
GtkWidget *fcrm_participants_section_new (void);

G_END_DECLS
