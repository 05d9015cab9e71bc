#pragma once

#include <adwaita.h>

#include "fcrm-client-picker.h"

G_BEGIN_DECLS

/* Who a lead or deal is about, on its card (a card section, issue 11): the
 * contact and company as links to their cards, the contact's phones (copy,
 * call) and e-mails (write, copy); a lead not linked to a contact yet shows
 * what was typed on it. "Change…" picks another contact or makes a new one. */

#define FCRM_TYPE_CLIENT_SECTION (fcrm_client_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientSection, fcrm_client_section, FCRM, CLIENT_SECTION, AdwPreferencesGroup)

GtkWidget        *fcrm_client_section_new        (void);
/** The "Change…" popover. */
FcrmClientPicker *fcrm_client_section_get_picker (FcrmClientSection *self);

G_END_DECLS
