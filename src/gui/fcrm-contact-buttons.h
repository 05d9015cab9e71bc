#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The small buttons next to a client's phone or e-mail, wherever it is shown
 * (the card's Client section, the Callbacks and Tasks rows): copy it, call
 * it through the desktop (a tel: URI), write to it (mailto:). A button keeps
 * its number or address; rows that are reused set a new one. */

typedef enum {
  FCRM_CONTACT_BUTTON_COPY,
  FCRM_CONTACT_BUTTON_CALL,
  FCRM_CONTACT_BUTTON_MAIL,
} FcrmContactButtonKind;

/** A flat icon button of @kind for @value (may be NULL: set later). */
GtkWidget  *fcrm_contact_button_new       (FcrmContactButtonKind  kind,
                                           const char            *value);
/** Give @button another number or address: its tooltip and accessible name follow. */
void        fcrm_contact_button_set_value (GtkWidget             *button,
                                           const char            *value);
/** The number or address @button acts on. */
const char *fcrm_contact_button_get_value (GtkWidget             *button);
/** "tel:+79265554433" for "+7 (926) 555-44-33": the digits with a plus; NULL without digits. */
char       *fcrm_tel_uri                  (const char            *phone);
/** "mailto:" and @email with what a URI may not hold escaped. */
char       *fcrm_mailto_uri               (const char            *email);

G_END_DECLS
