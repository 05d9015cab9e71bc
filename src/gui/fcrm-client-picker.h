#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* "Change client…" on a card: a popover with a search over the contacts
 * (read off the main loop, as typed) and a short "New contact" form. It
 * writes nothing: it says what was chosen (::contact-picked) or asked for
 * (::contact-new), and the card section writes it. */

#define FCRM_TYPE_CLIENT_PICKER (fcrm_client_picker_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientPicker, fcrm_client_picker, FCRM, CLIENT_PICKER, GtkPopover)

GtkWidget  *fcrm_client_picker_new        (void);
/** The database the search reads. */
void        fcrm_client_picker_set_crm    (FcrmClientPicker *self,
                                           FcrmCrm          *crm);
/** The contact who is the client now (0: none): marked in the list. */
void        fcrm_client_picker_set_current (FcrmClientPicker *self,
                                           gint64            contact_id);
/** Search the contacts for @query now (as if typed). */
void        fcrm_client_picker_search     (FcrmClientPicker *self,
                                           const char       *query);
/** The contacts found (GtkListBox rows), for tests: how many are listed. */
guint       fcrm_client_picker_n_results  (FcrmClientPicker *self);
/** TRUE while a search is being read. */
gboolean    fcrm_client_picker_is_loading (FcrmClientPicker *self);
/** Choose the @i-th contact found, as a click on it does. */
void        fcrm_client_picker_activate   (FcrmClientPicker *self,
                                           guint             i);
/** Fill in and send the "New contact" form, as the user does. */
void        fcrm_client_picker_create     (FcrmClientPicker *self,
                                           const char       *name,
                                           const char       *phone);
/** Say why the last choice was not saved (NULL: clear). */
void        fcrm_client_picker_show_error (FcrmClientPicker *self,
                                           const char       *message);

G_END_DECLS
