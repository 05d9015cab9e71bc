#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A repair deal's warranty, on its card (a card section, issue 11): whether
 * the furniture is under warranty and until when — large on the Warranty
 * check stage — and the client's Manufacturing deals with their installation
 * dates, each opening its card. Hidden on other cards. */

#define FCRM_TYPE_WARRANTY_SECTION (fcrm_warranty_section_get_type ())
G_DECLARE_FINAL_TYPE (FcrmWarrantySection, fcrm_warranty_section, FCRM, WARRANTY_SECTION, AdwPreferencesGroup)

GtkWidget  *fcrm_warranty_section_new       (void);
/** What the warranty line says now. */
const char *fcrm_warranty_section_get_text  (FcrmWarrantySection *self);

G_END_DECLS
