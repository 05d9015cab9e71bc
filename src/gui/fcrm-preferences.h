#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_PREFERENCES (fcrm_preferences_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPreferences, fcrm_preferences, FCRM, PREFERENCES, AdwPreferencesWindow)

/** Shows the preferences window (robots per pipeline stage; the robot check
 * interval when the settings schema is installed; where the data lives and
 * the office server), transient for @parent.
 * One window at a time: a second call reloads and raises the open one. */
void             fcrm_preferences_present (GtkWindow *parent,
                                           FcrmCrm   *crm);
/** The same, showing the page named @page (general, robots, office, backups). */
void             fcrm_preferences_present_page (GtkWindow  *parent,
                                                FcrmCrm    *crm,
                                                const char *page);
/** A new preferences window for @crm (fcrm_preferences_present() is the usual way). */
FcrmPreferences *fcrm_preferences_new     (FcrmCrm   *crm);
/** Read the robots from the database again. */
void             fcrm_preferences_reload  (FcrmPreferences *self);
/** Where the data lives now (a file path or an office server's address),
 * shown on the Office Server page; fcrm_preferences_present() sets it from
 * the application. A password in it is never kept. */
void             fcrm_preferences_set_location (FcrmPreferences *self,
                                                const char      *location);
const char      *fcrm_preferences_get_location (FcrmPreferences *self);

/* For the pages (fcrm-preferences-<page>.c): */

/** Show @message (plain text) as a toast of the preferences window that
 * holds @widget. */
void             fcrm_preferences_show_toast     (GtkWidget  *widget,
                                                  const char *message);
/** The application's settings when their schema is installed and has @key,
 * or NULL: the pages also work without it. */
GSettings       *fcrm_preferences_lookup_settings (const char *key);

G_END_DECLS
