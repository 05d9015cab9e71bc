#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* What the card windows share (the lead/deal card and the contact/company
 * card): one window per record, found again by what it shows; the keys of a
 * card (Ctrl+W and Escape close, Ctrl+Z presses its toast's Undo); a failed
 * re-read said in a toast. */

/** Mark @card as the window of @type @id in @crm (in its constructed()). */
void       fcrm_card_window_set_key       (GtkWindow      *card,
                                           FcrmCrm        *crm,
                                           FcrmEntityType  type,
                                           gint64          id);
/** The open window of class @gtype showing @type @id of @crm, or NULL. */
GtkWindow *fcrm_card_window_find          (GType           gtype,
                                           FcrmCrm        *crm,
                                           FcrmEntityType  type,
                                           gint64          id);
/** Present @card; a new one (@is_new) becomes transient for @parent (may be
 * NULL) and joins its application. */
void       fcrm_card_window_present       (GtkWindow      *card,
                                           gboolean        is_new,
                                           GtkWindow      *parent);
/** The keys every card has (in its class_init). */
void       fcrm_card_window_add_bindings  (GtkWidgetClass *widget_class);
/** A re-read that failed while the card shows what it read before. */
void       fcrm_card_window_toast_error   (AdwToastOverlay *overlay,
                                           const GError    *error);

G_END_DECLS
