#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_ITEM_CARD (fcrm_item_card_get_type ())
G_DECLARE_FINAL_TYPE (FcrmItemCard, fcrm_item_card, FCRM, ITEM_CARD, AdwWindow)

/** Show the card of one lead or deal (SPEC §4 "Card") in its own window,
 * transient for @parent. Presenting an item whose card is already open raises
 * that window instead of opening a second one. */
void            fcrm_item_card_present   (GtkWindow      *parent,
                                          FcrmCrm        *crm,
                                          FcrmEntityType  type,
                                          gint64          id);
/** The open card of an item, or NULL. */
FcrmItemCard   *fcrm_item_card_find      (FcrmCrm        *crm,
                                          FcrmEntityType  type,
                                          gint64          id);
FcrmEntityType  fcrm_item_card_get_item_type (FcrmItemCard *self);
gint64          fcrm_item_card_get_item_id   (FcrmItemCard *self);

G_END_DECLS
