#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_TASKS_SECTION (fcrm_tasks_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTasksSection, fcrm_tasks_section, FCRM, TASKS_SECTION, AdwPreferencesGroup)

/** The tasks of an item, open ones first, ticked off in place, and a form
 * adding one with an optional due date or time (a card section). */
GtkWidget *fcrm_tasks_section_new (void);

G_END_DECLS
