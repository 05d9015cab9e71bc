#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"
#include "fcrm-board.h"
#include "fcrm-connection-banner.h"
#include "fcrm-inbox-popover.h"
#include "fcrm-notifier.h"

#include "fcrm-schedule-view.h"

G_BEGIN_DECLS

#define FCRM_TYPE_WINDOW (fcrm_window_get_type ())
G_DECLARE_FINAL_TYPE (FcrmWindow, fcrm_window, FCRM, WINDOW, AdwApplicationWindow)

/** The main window: a sidebar of views beside the view stack. */
FcrmWindow *fcrm_window_new          (GtkApplication *application,
                                      FcrmCrm        *crm);
FcrmCrm    *fcrm_window_get_crm      (FcrmWindow     *self);
/** Show a view by name ("leads", "manufacturing", "design", "repair",
 * "tasks", "callbacks"); FALSE when there is no such view. */
/** Show the Schedule view in @mode (day, week, month). */
void        fcrm_window_show_schedule (FcrmWindow    *self,
                                       FcrmScheduleMode mode);
gboolean    fcrm_window_show_view    (FcrmWindow     *self,
                                      const char     *name);
/** The name of the view shown, or NULL. */
const char *fcrm_window_get_view     (FcrmWindow     *self);
/** The board of pipeline @code, built on first use; NULL for no such board. */
FcrmBoard  *fcrm_window_get_board    (FcrmWindow     *self,
                                      const char     *code);
/** Re-read every board built so far. */
void        fcrm_window_reload       (FcrmWindow     *self);
/** Show who works at this desktop (NULL: nobody chosen yet). */
void        fcrm_window_set_user     (FcrmWindow     *self,
                                      FcrmUser       *user);
/** A short message in a toast. */
void        fcrm_window_show_toast   (FcrmWindow     *self,
                                      const char     *message);
/** A failed action's message in a toast (and, when the office server
 * cannot be reached, the connection banner). */
void        fcrm_window_show_error   (FcrmWindow     *self,
                                      const GError   *error);
/** The widget of view @name (a board or a tasks view), built on first use;
 * NULL for no such view. */
GtkWidget  *fcrm_window_get_view_widget (FcrmWindow  *self,
                                         const char  *name);
/** The bell's popover. */
FcrmInboxPopover *fcrm_window_get_inbox (FcrmWindow  *self);
/** The strip shown while the office server cannot be reached. */
FcrmConnectionBanner *fcrm_window_get_connection_banner (FcrmWindow *self);
/** Follow @notifier (NULL: none): the bell re-reads the inbox on
 * "inbox-changed", every view re-reads on "external-change"; it is paused
 * while the office server cannot be reached. */
void        fcrm_window_set_notifier (FcrmWindow     *self,
                                      FcrmNotifier   *notifier);

/** Whether the sidebar shows its icons only (win.toggle-sidebar, F9). */
gboolean    fcrm_window_get_sidebar_collapsed (FcrmWindow *self);

G_END_DECLS
