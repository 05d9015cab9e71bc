#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"
#include "fcrm-undo.h"

G_BEGIN_DECLS

#define FCRM_TYPE_MERGE_DIALOG (fcrm_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmMergeDialog, fcrm_merge_dialog, FCRM, MERGE_DIALOG, AdwWindow)

/* Merging two contacts or two companies (issue 11): both cards side by side,
 * for each field a choice of the value kept; phones, e-mails, leads, deals,
 * comments and files of both are all kept. The older card stays (its id),
 * the newer one is merged into it. Merge writes in one transaction and
 * emits ::merged (the undo: fcrm_merge_dialog_steal_undo()), then closes;
 * a refusal is shown in the dialog, which stays open. */

/** A dialog merging @first and @second (both FcrmContact or both FcrmCompany). */
GtkWidget *fcrm_merge_dialog_new          (FcrmCrm         *crm,
                                           GObject         *first,
                                           GObject         *second);
/** The id of the card that stays. */
gint64     fcrm_merge_dialog_get_keep_id  (FcrmMergeDialog *self);
/** The id of the card merged into it. */
gint64     fcrm_merge_dialog_get_other_id (FcrmMergeDialog *self);
/** Choose the value of @field ("name", "company", …) from the other card
 * (@from_other TRUE) or the one kept; FALSE when the field is not offered. */
gboolean   fcrm_merge_dialog_choose       (FcrmMergeDialog *self,
                                           const char      *field,
                                           gboolean         from_other);
/** Whether @field's value will come from the other card. */
gboolean   fcrm_merge_dialog_takes_from_other (FcrmMergeDialog *self,
                                               const char      *field);
/** What the Merge button does; FALSE when refused (the dialog says why). */
gboolean   fcrm_merge_dialog_merge        (FcrmMergeDialog *self);
/** The undo of the merge done (owned by the caller), or NULL. */
FcrmUndo  *fcrm_merge_dialog_steal_undo   (FcrmMergeDialog *self);

G_END_DECLS
