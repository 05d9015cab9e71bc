#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_INBOX_POPOVER (fcrm_inbox_popover_get_type ())
G_DECLARE_FINAL_TYPE (FcrmInboxPopover, fcrm_inbox_popover, FCRM, INBOX_POPOVER, GtkPopover)

/* The bell's popover: the acting user's latest notifications (SPEC §3.7),
 * newest first, unread in bold, each with "Open" and "Mark as Read". */

/** A popover over @crm's acting user's inbox (@crm may be set later). */
GtkWidget  *fcrm_inbox_popover_new               (FcrmCrm          *crm);
void        fcrm_inbox_popover_set_crm           (FcrmInboxPopover *self,
                                                  FcrmCrm          *crm);
/** Re-read the inbox of the acting user (nobody: empty). */
void        fcrm_inbox_popover_reload            (FcrmInboxPopover *self);
/** Re-read it when the main loop is idle (coalesced). */
void        fcrm_inbox_popover_queue_reload      (FcrmInboxPopover *self);
/** The notifications shown (FcrmNotification), newest first. */
GListModel *fcrm_inbox_popover_get_model         (FcrmInboxPopover *self);
/** Unread notifications of the acting user (also beyond those shown). */
gint64      fcrm_inbox_popover_get_unread_count  (FcrmInboxPopover *self);
/** Mark one notification read; the popover re-reads the inbox. */
gboolean    fcrm_inbox_popover_mark_read         (FcrmInboxPopover *self,
                                                  gint64            notification_id,
                                                  GError          **error);
/** Mark every notification of the acting user read. */
gboolean    fcrm_inbox_popover_mark_all_read     (FcrmInboxPopover *self,
                                                  GError          **error);

/** "Just now", "5 minutes ago", "3 hours ago", "Yesterday at 14:05",
 * "12 January, 09:00", or the locale's date — @then relative to @now (Unix
 * seconds), in local time and the user's language. */
char       *fcrm_format_relative_time            (gint64            then,
                                                  gint64            now);

G_END_DECLS
