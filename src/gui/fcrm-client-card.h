#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CLIENT_CARD (fcrm_client_card_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientCard, fcrm_client_card, FCRM, CLIENT_CARD, AdwWindow)

/** Show the card of a contact (@type FCRM_ENTITY_CONTACT) or a company
 * (FCRM_ENTITY_COMPANY) in its own window, transient for @parent; a client
 * whose card is open already has that window raised instead. */
void            fcrm_client_card_present  (GtkWindow      *parent,
                                           FcrmCrm        *crm,
                                           FcrmEntityType  type,
                                           gint64          id);
/** The open card of a client, or NULL. */
FcrmClientCard *fcrm_client_card_find     (FcrmCrm        *crm,
                                           FcrmEntityType  type,
                                           gint64          id);
/** TRUE once the card shows what it read (and not while a read is under way). */
gboolean        fcrm_client_card_is_loaded (FcrmClientCard *self);

G_END_DECLS
