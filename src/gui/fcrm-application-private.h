#pragma once

/* Shared by fcrm-application.c and fcrm-application-measure.c. */

#include "fcrm-application.h"
#include "fcrm-notifier.h"
#include "fcrm-window.h"

G_BEGIN_DECLS

struct _FcrmApplication
{
  AdwApplication  parent_instance;

  FcrmCrm        *crm;
  char           *location;     /* where the data lives; never with a password */
  gboolean        office;       /* on an office server: who works here signs in */
  GSettings      *settings;
  FcrmNotifier   *notifier;     /* for the current user, once the window is up */
  gboolean        window_ready;
  gint64          start_us;
  int             exit_status;

  /* this run's command line */
  char           *user_override;
  gboolean        measure_startup;

  /* --measure-startup */
  GdkFrameClock  *frame_clock;
  gulong          after_paint_id;
  guint           measure_timeout_id;
  guint           measure_end_id;
  guint           outside_id;
  GThread        *outside_thread;
  gint64          first_frame_ms;      /* since the process started */
  gint64          first_frame_us;      /* monotonic */
  gint64          first_frame_rss_kb;
  gint64          check_ms;            /* the notifier's first check done, after the first frame */
  gint64          outside_written_us;  /* another connection's commit returned */
  gint64          outside_seen_us;     /* the window was told to re-read after it */

  /* fcrm_application_open_location(), done on an idle */
  char           *reopen_location;
  FcrmCrm        *reopen_crm;
  guint           reopen_id;
};

/* --measure-startup (SPEC §7): print the first board frame's time and memory,
 * and the main loop's longest stall until a while after it, then quit. */
void fcrm_application_measure_hook_loop (void);
void fcrm_application_measure_start (FcrmApplication *self,
                                     FcrmWindow      *window);
void fcrm_application_measure_stop  (FcrmApplication *self);

G_END_DECLS
