#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_NOTIFIER (fcrm_notifier_get_type ())
G_DECLARE_FINAL_TYPE (FcrmNotifier, fcrm_notifier, FCRM, NOTIFIER, GObject)

/* "A reminder falls due" (ARCHITECTURE.md): on a GLib timeout (GSettings
 * `check-interval`), right after every FcrmCrm::changed and when another
 * process wrote to the database (polled every 500 ms), run the due robots and raise the user's
 * undelivered notifications on the desktop through libnotify. Their "Open"
 * action marks the notification read and activates `app.open-item`
 * ("(sx)": "lead"|"deal", id) on the default GApplication.
 *
 * The check itself runs on the FcrmCrm's worker thread
 * (fcrm_crm_notify_check_async): the main loop only starts it and shows
 * what comes back. Robots due in bulk fire a batch at a time, with a pause
 * between two batches for other writers. Polling for other desktops'
 * changes costs no round trip and leaves this process's own commits out.
 *
 * Signals:
 *  - "inbox-changed": after a check that may have changed the user's inbox
 *    (new notifications, another unread count) — the bell re-reads it.
 *  - "external-change": another process committed to the database — views
 *    re-read what they show.
 *  - "checked" (guint raised): a check is complete. */

/** A notifier for the user @user_id; @settings (nullable) gives the check
 * interval and is followed. The first check runs on an idle. */
FcrmNotifier *fcrm_notifier_new               (FcrmCrm      *crm,
                                               gint64        user_id,
                                               GSettings    *settings);
FcrmCrm      *fcrm_notifier_get_crm           (FcrmNotifier *self);
gint64        fcrm_notifier_get_user_id       (FcrmNotifier *self);
/** Seconds between two periodic checks. */
guint         fcrm_notifier_get_interval      (FcrmNotifier *self);
/** Check now (robots, then notifications), or right after the check under
 * way. "checked" tells how many desktop notifications it raised (more than
 * three new ones at once are summed up in one, whose action is
 * `app.show-notifications`). */
void          fcrm_notifier_check_now         (FcrmNotifier *self);
/** Whether a check is under way or about to start. */
gboolean      fcrm_notifier_is_checking       (FcrmNotifier *self);
/** The user's unread notifications as of the last check. */
gint64        fcrm_notifier_get_unread_count  (FcrmNotifier *self);
/** While paused (the office server cannot be reached) nothing is checked or
 * polled; resuming checks at once. */
void          fcrm_notifier_set_paused        (FcrmNotifier *self,
                                               gboolean      paused);
gboolean      fcrm_notifier_get_paused        (FcrmNotifier *self);

G_END_DECLS
