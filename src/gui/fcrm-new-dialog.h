#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

typedef enum {
  FCRM_NEW_LEAD,
  FCRM_NEW_DEAL,
  FCRM_NEW_CONTACT,
  FCRM_NEW_COMPANY,
} FcrmNewKind;

#define FCRM_TYPE_NEW_DIALOG (fcrm_new_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmNewDialog, fcrm_new_dialog, FCRM, NEW_DIALOG, AdwWindow)

/** The header's New menu (issue 11): a short dialog for a lead (a title or
 * a name is enough), a deal of @pipeline (NULL: the first; the client typed
 * or picked from the contacts), a contact or a company. The core checks the
 * input; its message shows under the fields and nothing is written. Once
 * created, the dialog closes, the new record's card opens (app.open-item)
 * and the main window shows a toast. Modal, transient for @parent. */
FcrmNewDialog *fcrm_new_dialog_present (GtkWindow   *parent,
                                        FcrmCrm     *crm,
                                        FcrmNewKind  kind,
                                        const char  *pipeline);
/** What Create does; the new record's id, or 0 when the input was refused
 * (the message is shown). */
gint64         fcrm_new_dialog_create  (FcrmNewDialog *self);
/** Fill in a new lead's phone (a call from an unknown number). */
void           fcrm_new_dialog_set_phone      (FcrmNewDialog *self,
                                               const char    *phone);
/** The contact picked from the suggestions (a deal), or 0. */
gint64         fcrm_new_dialog_get_contact_id (FcrmNewDialog *self);
/** Pick contact @id as the deal's client, as a click on its suggestion does. */
void           fcrm_new_dialog_pick_contact   (FcrmNewDialog *self,
                                               gint64         id);

G_END_DECLS
