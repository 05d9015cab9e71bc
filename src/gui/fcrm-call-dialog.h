#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CALL_DIALOG (fcrm_call_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcrmCallDialog, fcrm_call_dialog, FCRM, CALL_DIALOG, AdwWindow)

/** The "Incoming call" dialog (SPEC §3.1–3.2): asks for the caller's number,
 * registers the call through fcrm_crm_incoming_call() and opens the card of
 * the lead it found or created; a known client without an open lead is
 * shown with their leads and deals. Modal, transient for @parent; an open
 * one is raised instead of opening a second. */
void fcrm_call_dialog_present (GtkWindow *parent,
                               FcrmCrm   *crm);

G_END_DECLS
