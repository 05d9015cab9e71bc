#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/** Fire every robot due as of the clock's now, each at most once per stage
 * entry; safe with several processes on one database. */
gboolean fcrm_crm_robots_run     (FcrmCrm    *self,
                                  guint      *out_fired,
                                  GError    **error);
/** Due date of the lost-deal callback: lost on day 1–15 → the 1st of the
 * next month, later → the 15th of the next month (local midnight). */
gint64   fcrm_callback_due_date  (gint64      lost_at);

/* internal, inside a transaction */
gboolean fcrm_crm_notify         (FcrmCrm    *self,
                                  gint64      user_id,
                                  const char *text,
                                  FcrmItem   *item,
                                  gint64      robot_id,
                                  gint64      now,
                                  GError    **error);
gboolean fcrm_crm_insert_task    (FcrmCrm    *self,
                                  const char *title,
                                  const char *description,
                                  const char *kind,
                                  gint64      due_at,
                                  gboolean    due_is_date,
                                  gint64      responsible_id,
                                  FcrmItem   *item,
                                  gint64      now,
                                  GError    **error);

G_END_DECLS
