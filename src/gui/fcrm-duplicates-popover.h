#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_DUPLICATES_POPOVER (fcrm_duplicates_popover_get_type ())
G_DECLARE_FINAL_TYPE (FcrmDuplicatesPopover, fcrm_duplicates_popover, FCRM, DUPLICATES_POPOVER, GtkPopover)

/* The suggested duplicates of the Contacts or Companies view: pairs of cards
 * that look like the same client (same phone or e-mail, same name and
 * company; companies: same INN, same name), each with why. Read off the
 * main loop when shown. A pair clicked emits ::pair-activated with the two
 * cards (FcrmContact or FcrmCompany, the older first). */

/** What to list: contacts (@companies FALSE) or companies of @crm. */
void       fcrm_duplicates_popover_setup  (FcrmDuplicatesPopover *self,
                                           FcrmCrm               *crm,
                                           gboolean               companies);
/** Read the pairs again (now when shown, else when next shown). */
void       fcrm_duplicates_popover_reload (FcrmDuplicatesPopover *self);
/** The pairs listed: GtkListBox rows. */
GtkListBox *fcrm_duplicates_popover_get_list (FcrmDuplicatesPopover *self);
/** Emit ::pair-activated for the @index-th pair listed; FALSE when there is none. */
gboolean   fcrm_duplicates_popover_activate_pair (FcrmDuplicatesPopover *self,
                                                  guint                  index);

G_END_DECLS
