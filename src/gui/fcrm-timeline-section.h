#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_TIMELINE_SECTION (fcrm_timeline_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTimelineSection, fcrm_timeline_section, FCRM, TIMELINE_SECTION, AdwPreferencesGroup)

/** What happened to an item, newest first: stage entries, robot
 * notifications (one line for all recipients of one) and comments (a card
 * section). */
GtkWidget *fcrm_timeline_section_new (void);

G_END_DECLS
