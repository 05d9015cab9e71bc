#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FCRM_TYPE_CONTACT_POINTS_SECTION (fcrm_contact_points_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmContactPointsSection, fcrm_contact_points_section, FCRM, CONTACT_POINTS_SECTION,
                      AdwPreferencesGroup)

/** The phones (@kind "phones") or e-mails ("emails") of a contact's card, a
 * card section: each a row with its kind (mobile, work, home), copy and
 * call (tel:) or write (mailto:) buttons and a remove button; "Add" appends
 * an empty row. The whole list is written at once through
 * fcrm_crm_contact_set() with the version the user began from. */
GtkWidget *fcrm_contact_points_section_new (const char *kind);

G_END_DECLS
