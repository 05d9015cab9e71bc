#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CONNECTION_BANNER (fcrm_connection_banner_get_type ())
G_DECLARE_FINAL_TYPE (FcrmConnectionBanner, fcrm_connection_banner, FCRM, CONNECTION_BANNER, AdwBin)

/* A strip across the top of the window while the office server cannot be
 * reached (libadwaita 1.2 has no AdwBanner). It watches the connection of an
 * office database (a quick check every few seconds), and once lost retries
 * every FCRM_CONNECTION_RETRY_SECONDS: first a plain network connection to
 * the server, which never blocks the window, then — when the server answers —
 * fcrm_crm_check_connection(), which re-establishes the database's own.
 * For a database file it never shows.
 *
 * Property "connected" (read-only) follows the state; signal "reconnected"
 * is emitted when a lost connection is back (views should re-read). */

#define FCRM_CONNECTION_RETRY_SECONDS 5

/** Checks the connection of @crm; tests replace the real check with one. */
typedef gboolean (*FcrmConnectionCheckFunc) (FcrmCrm   *crm,
                                             gpointer   user_data,
                                             GError   **error);

GtkWidget *fcrm_connection_banner_new             (void);
/** Watch @crm, whose data lives at @location (its postgresql:// address,
 * with or without a password; a file path or NULL: nothing to watch). */
void       fcrm_connection_banner_set_crm         (FcrmConnectionBanner    *self,
                                                   FcrmCrm                 *crm,
                                                   const char              *location);
/** FALSE while the banner says the connection is lost. */
gboolean   fcrm_connection_banner_get_connected   (FcrmConnectionBanner    *self);
/** When @error says the office server cannot be reached, show the banner
 * and start retrying; returns whether it did. */
gboolean   fcrm_connection_banner_report_error    (FcrmConnectionBanner    *self,
                                                   const GError            *error);
/** Check the connection now (on this thread); returns whether it works. */
gboolean   fcrm_connection_banner_check_now       (FcrmConnectionBanner    *self);
/** What "Retry Now" does: try to reconnect at once. */
void       fcrm_connection_banner_retry_now       (FcrmConnectionBanner    *self);
/** Replace the connection check (for tests); NULL restores the real one. */
void       fcrm_connection_banner_set_check_func  (FcrmConnectionBanner    *self,
                                                   FcrmConnectionCheckFunc  func,
                                                   gpointer                 user_data);
/** TRUE when @error is the core's "The office server cannot be reached". */
gboolean   fcrm_connection_banner_is_connection_error (const GError        *error);

G_END_DECLS
