#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* How the work on a card ends, when the board needs to ask first. */
typedef enum {
  FCRM_OUTCOME_JUNK,   /* a lead to lead.junk: an optional comment */
  FCRM_OUTCOME_LOST,   /* a deal to *.lost: a reason and a comment (SPEC §3.5) */
} FcrmOutcome;

#define FCRM_TYPE_OUTCOME_DIALOG (fcrm_outcome_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmOutcomeDialog, fcrm_outcome_dialog, FCRM, OUTCOME_DIALOG, AdwMessageDialog)

/** Ask how @item ends. Responses: "cancel", "confirm" (enabled for a loss
 * once a reason is chosen). */
GtkWidget   *fcrm_outcome_dialog_new         (GtkWindow         *parent,
                                              FcrmOutcome        outcome,
                                              FcrmItem          *item);
FcrmOutcome  fcrm_outcome_dialog_get_outcome (FcrmOutcomeDialog *self);
FcrmItem    *fcrm_outcome_dialog_get_item    (FcrmOutcomeDialog *self);
/** The chosen loss reason code, or NULL. */
const char  *fcrm_outcome_dialog_get_reason  (FcrmOutcomeDialog *self);
/** Choose loss reason @code (NULL: none). */
void         fcrm_outcome_dialog_set_reason  (FcrmOutcomeDialog *self,
                                              const char        *code);
/** The comment as typed ("" when none). */
const char  *fcrm_outcome_dialog_get_comment (FcrmOutcomeDialog *self);
void         fcrm_outcome_dialog_set_comment (FcrmOutcomeDialog *self,
                                              const char        *comment);

G_END_DECLS
