#pragma once

#include <adwaita.h>

#include "fcrm-undo.h"

G_BEGIN_DECLS

/* Toasts with Undo, shared by the views that undo (boards, client lists). */

/** Show @toast in the nearest AdwToastOverlay above @widget. Only the latest
 * action can be undone from a toast (an older one would come back from the
 * queue long after the fact): *@last is dismissed first and becomes @toast. */
void      fcrm_toast_show_replacing  (GtkWidget  *widget,
                                      AdwToast  **last,
                                      AdwToast   *toast);
/** A toast saying @message (plain text) with an Undo button; it owns @undo
 * until fcrm_undo_toast_steal_undo() takes it. */
AdwToast *fcrm_undo_toast_new        (const char *message,
                                      FcrmUndo   *undo);
/** The undo of @toast, once (then NULL: an undo is done once, whatever came of it). */
FcrmUndo *fcrm_undo_toast_steal_undo (AdwToast   *toast);

G_END_DECLS
