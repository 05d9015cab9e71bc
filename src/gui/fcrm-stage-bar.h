#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* The stage bar at the top of a lead's or deal's card (issue 13): the open
 * stages of its pipeline as chevrons (those passed filled, the current one
 * highlighted), a click or Enter moves the item there; the final outcomes
 * as buttons (Won / Lost, Convert / Junk, a Design deal's "To
 * installation"); a closed item shows its outcome with Reopen or Restore.
 * Moves go through the same core calls, dialogs and Undo toast as the
 * board's. */

#define FCRM_TYPE_STAGE_BAR (fcrm_stage_bar_get_type ())
G_DECLARE_FINAL_TYPE (FcrmStageBar, fcrm_stage_bar, FCRM, STAGE_BAR, GtkWidget)

GtkWidget *fcrm_stage_bar_new            (void);
/** Show @item (NULL: nothing) of @crm; @handover_stage: its pipeline's stage
 * that hands it over to another (FcrmCardData), or NULL. */
void       fcrm_stage_bar_set_item       (FcrmStageBar *self,
                                          FcrmCrm      *crm,
                                          FcrmItem     *item,
                                          const char   *handover_stage);
/** What choosing stage @code does (a click on its chevron or outcome
 * button): a move, a win, or the conversion, junk or lost dialog. FALSE
 * when there is nothing to do (the current stage, or no item). */
gboolean   fcrm_stage_bar_choose         (FcrmStageBar *self,
                                          const char   *code);
/** The chevron of open stage @code, or NULL (tests). */
GtkWidget *fcrm_stage_bar_get_chevron    (FcrmStageBar *self,
                                          const char   *code);
/** The dialog the last choice opened, while open (tests). */
GtkWindow *fcrm_stage_bar_get_dialog     (FcrmStageBar *self);
/** The toast the last move showed (tests). */
AdwToast  *fcrm_stage_bar_get_last_toast (FcrmStageBar *self);

G_END_DECLS
