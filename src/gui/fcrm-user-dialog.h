#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_USER_DIALOG (fcrm_user_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmUserDialog, fcrm_user_dialog, FCRM, USER_DIALOG, AdwWindow)

/* "Who works at this desktop?": pick an existing user or add one.
 *
 * Signals:
 *   user-chosen (FcrmUser *user)  — the person chose or created a user;
 *   demo-loaded ()                — demo data was loaded into the empty database.
 *
 * With @first_start the dialog cannot be cancelled and, once a user is
 * chosen, offers demo data when the database is empty. */
FcrmUserDialog *fcrm_user_dialog_new         (FcrmCrm    *crm,
                                              GtkWindow  *parent,
                                              gboolean    first_start);
/** A note above the form, e.g. that a remembered login no longer exists. */
void            fcrm_user_dialog_set_message (FcrmUserDialog *self,
                                              const char     *message);

G_END_DECLS
