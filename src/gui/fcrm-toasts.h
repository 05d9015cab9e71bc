#pragma once

#include <adwaita.h>

#include "fcrm-undo.h"

G_BEGIN_DECLS

/* One policy for toasts (issue 13): short (the libadwaita default of 5 s),
 * the newest replaces the one shown in the same window (an older Undo would
 * come back from the queue long after the fact), they never take the
 * keyboard focus (Tab passes over them, so Enter cannot undo by surprise),
 * and Ctrl+Z undoes while an Undo toast shows. */

/** Show @toast in the nearest AdwToastOverlay above @widget, replacing the
 * toast shown there; *@last (may be NULL) is dismissed too and becomes @toast. */
void      fcrm_toast_show_replacing  (GtkWidget  *widget,
                                      AdwToast  **last,
                                      AdwToast   *toast);
/** The same for a toast nobody keeps; takes @toast. */
void      fcrm_toast_show            (GtkWidget  *widget,
                                      AdwToast   *toast);
/** Press the Undo of the toast @overlay shows, if it has one: TRUE then. */
gboolean  fcrm_toasts_undo_last      (AdwToastOverlay *overlay);
/** Keep the keyboard focus of @window out of its toasts: focus that lands
 * on one (Tab) moves on to the next widget. */
void      fcrm_toasts_guard_focus    (GtkWindow  *window);
/** A toast saying @message (plain text) with an Undo button; it owns @undo
 * until fcrm_undo_toast_steal_undo() takes it. */
AdwToast *fcrm_undo_toast_new        (const char *message,
                                      FcrmUndo   *undo);
/** Show @error's message in a toast of high priority, as fcrm_toast_show_replacing(). */
void      fcrm_toast_show_error      (GtkWidget     *widget,
                                      AdwToast     **last,
                                      const GError  *error);
/** Show @message with an Undo that puts @crm back as @undo (taken) saw it;
 * a failed undo is told in a toast over @widget, if still there. */
void      fcrm_undo_toast_show       (GtkWidget   *widget,
                                      AdwToast   **last,
                                      FcrmCrm     *crm,
                                      const char  *message,
                                      FcrmUndo    *undo);
/** The undo of @toast, once (then NULL: an undo is done once, whatever came of it). */
FcrmUndo *fcrm_undo_toast_steal_undo (AdwToast   *toast);

G_END_DECLS
