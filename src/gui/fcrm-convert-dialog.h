#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CONVERT_DIALOG (fcrm_convert_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmConvertDialog, fcrm_convert_dialog, FCRM, CONVERT_DIALOG, AdwMessageDialog)

/** Ask what converting @lead at @stage (a lead.to_* stage) creates: contact,
 * company, deal, each with a preview. Responses: "cancel", "convert". */
GtkWidget        *fcrm_convert_dialog_new          (GtkWindow         *parent,
                                                    FcrmCrm           *crm,
                                                    FcrmItem          *lead,
                                                    const char        *stage);
/** The lead being converted. */
FcrmItem         *fcrm_convert_dialog_get_lead     (FcrmConvertDialog *self);
/** The deal pipeline of the stage ("manufacturing", "design", "repair"). */
const char       *fcrm_convert_dialog_get_pipeline (FcrmConvertDialog *self);
/** What is checked now. */
FcrmConvertFlags  fcrm_convert_dialog_get_flags    (FcrmConvertDialog *self);
/** Check exactly @flags (of what can be created). */
void              fcrm_convert_dialog_set_flags    (FcrmConvertDialog *self,
                                                    FcrmConvertFlags   flags);
/** TRUE when the choice of @what (one flag) is offered at all. */
gboolean          fcrm_convert_dialog_can_create   (FcrmConvertDialog *self,
                                                    FcrmConvertFlags   what);
/** The preview line of @what (one flag), as shown. */
const char       *fcrm_convert_dialog_get_preview  (FcrmConvertDialog *self,
                                                    FcrmConvertFlags   what);

G_END_DECLS
