#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Queue entries one transaction of fcrm_crm_robots_run() takes at most. */
#define FCRM_ROBOTS_BATCH 200

/** Fire every robot due as of the clock's now, each at most once per stage
 * entry; safe with several processes on one database. Runs in transactions
 * of at most FCRM_ROBOTS_BATCH queue entries. */
gboolean fcrm_crm_robots_run     (FcrmCrm    *self,
                                  guint      *out_fired,
                                  GError    **error);
/** One transaction of that: at most @limit due queue entries, the oldest
 * due first. @out_fired (may be NULL) counts robots that fired, @out_done
 * the queue entries taken (0: nothing was due, nothing written), @out_more
 * whether the batch was full (more may be due: call again). */
gboolean fcrm_crm_robots_run_batch (FcrmCrm  *self,
                                  guint      limit,
                                  guint     *out_fired,
                                  guint     *out_done,
                                  gboolean  *out_more,
                                  GError   **error);
/** Due date of the lost-deal callback: lost on day 1–15 → the 1st of the
 * next month, later → the 15th of the next month (local midnight). */
gint64   fcrm_callback_due_date  (gint64      lost_at);

G_END_DECLS

G_BEGIN_DECLS

/* Editing robot definitions (Preferences, SPEC §3.6). */
typedef struct
{
  const char *stage;
  const char *trigger;      /* on_entry, delay, at_field */
  gint64      delay;        /* seconds, for delay: 1 minute … 365 days */
  const char *recipient;    /* responsible, supervisors */
  const char *action;       /* notify, task */
  const char *text;         /* may use {item}, {stage}, {responsible} */
} FcrmRobotInput;

/** Add a robot; returns its id or 0 on error. */
gint64   fcrm_crm_robot_add         (FcrmCrm              *self,
                                     const FcrmRobotInput *input,
                                     GError              **error);
/** Change a robot's trigger, delay, recipient, action and text (its stage stays). */
gboolean fcrm_crm_robot_update      (FcrmCrm              *self,
                                     gint64                id,
                                     const FcrmRobotInput *input,
                                     GError              **error);
/** Enable or disable a robot; pending reminders follow. */
gboolean fcrm_crm_robot_set_enabled (FcrmCrm              *self,
                                     gint64                id,
                                     gboolean              enabled,
                                     GError              **error);

G_END_DECLS
