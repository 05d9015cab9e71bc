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

/** Show @dialog (an AdwMessageDialog of @card), remembered in @slot (may be
 * NULL) while it is open; "cancel" is what closing it answers, @response_cb
 * (may be NULL) gets the response with @card first. */
void       fcrm_card_window_present_dialog (GtkWindow   *card,
                                            GtkWidget  **slot,
                                            GtkWidget   *dialog,
                                            const char  *default_response,
                                            GCallback    response_cb);
/** Close the dialog in @slot, if any (a dialog still held by its own
 * response signal outlives the card and must not point at it then). */
void       fcrm_card_window_close_dialog  (GtkWidget  **slot);
/** "Discard Unsaved Changes?" naming the fields in @names (their titles),
 * with the responses "cancel" and "discard"; not yet presented. */
GtkWidget *fcrm_card_window_discard_dialog (GtkWindow   *card,
                                            GPtrArray   *names);

G_END_DECLS
