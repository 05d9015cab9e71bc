#pragma once

#include <gtk/gtk.h>

#include "fcrm-clock.h"
#include "fcrm-item.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CARD_ROW (fcrm_card_row_get_type ())
G_DECLARE_FINAL_TYPE (FcrmCardRow, fcrm_card_row, FCRM, CARD_ROW, GtkWidget)

/** A new, empty card; give it an item with fcrm_card_row_set_item(). */
GtkWidget *fcrm_card_row_new      (void);
/** The lead or deal shown, or NULL. */
FcrmItem  *fcrm_card_row_get_item (FcrmCardRow *self);
/** Show @item (a lead or a deal); NULL clears the card. */
void       fcrm_card_row_set_item (FcrmCardRow *self,
                                   FcrmItem    *item);
/** The clock that decides whether the next task is overdue; NULL: never. */
void       fcrm_card_row_set_clock (FcrmCardRow *self,
                                    FcrmClock   *clock);
/** The "Open" and "Move to" menu (actions "card.open", "card.move-to"(s)),
 * shared by the cards of a column; NULL: no menu and no ⋮ button. */
void        fcrm_card_row_set_menu_model (FcrmCardRow *self,
                                          GMenuModel  *menu_model);
GMenuModel *fcrm_card_row_get_menu_model (FcrmCardRow *self);
/** Pop up the actions menu under the ⋮ button, as Menu / Shift+F10 do;
 * FALSE when the card has no item or no menu. */
gboolean    fcrm_card_row_popup_menu     (FcrmCardRow *self);
/** The actions menu once it was first opened, else NULL. */
GtkPopover *fcrm_card_row_get_menu       (FcrmCardRow *self);
/** TRUE when the days-in-stage line is highlighted (more than 3 days). */
gboolean   fcrm_card_row_is_stale (FcrmCardRow *self);
/** TRUE when the next-task line is highlighted (its due time has passed). */
gboolean   fcrm_card_row_is_overdue (FcrmCardRow *self);

/** Compact mode: one line with the title and the amount (the board's view
 * menu); FALSE shows the whole card. */
void       fcrm_card_row_set_compact (FcrmCardRow *self,
                                      gboolean     compact);
gboolean   fcrm_card_row_get_compact (FcrmCardRow *self);

G_END_DECLS
