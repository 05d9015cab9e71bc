#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_APPLICATION (fcrm_application_get_type ())
G_DECLARE_FINAL_TYPE (FcrmApplication, fcrm_application, FCRM, APPLICATION, AdwApplication)

/** The application; @start_us is g_get_monotonic_time() at the start of main(). */
FcrmApplication *fcrm_application_new             (gint64           start_us);
/** The open database, or NULL before it is opened. */
FcrmCrm         *fcrm_application_get_crm         (FcrmApplication *self);
/** The settings, or NULL when the schema is not installed. */
GSettings       *fcrm_application_get_settings    (FcrmApplication *self);
/** Where the data lives now: a file path or an office server's address
 * (never with a password); NULL before a database is chosen. */
const char      *fcrm_application_get_location    (FcrmApplication *self);
/** Work on @location from now on, in this process: every window closes and
 * the main window opens again there (signing in first on an office server,
 * unless @crm — nullable — is already open there as the person at this
 * desktop). Happens on an idle. */
void             fcrm_application_open_location   (FcrmApplication *self,
                                                   const char      *location,
                                                   FcrmCrm         *crm);
/** The exit status beyond g_application_run()'s (a failed --measure-startup). */
int              fcrm_application_get_exit_status (FcrmApplication *self);

G_END_DECLS
