#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* The per-user inbox of robot notifications and the task list (SPEC §3.7–3.8). */

#define FCRM_TYPE_NOTIFICATION (fcrm_notification_get_type ())
G_DECLARE_FINAL_TYPE (FcrmNotification, fcrm_notification, FCRM, NOTIFICATION, GObject)

struct _FcrmNotification
{
  GObject         parent_instance;
  gint64          id;
  gint64          user_id;
  char           *user_login;
  char           *text;          /* rendered in the user's language */
  FcrmEntityType  entity_type;
  gint64          entity_id;     /* 0 when about no item */
  gint64          created_at;
  gint64          delivered_at;
  gint64          read_at;
  char           *kind;          /* "robot", or "call" (a telephone exchange's screen pop, fcrm-calls.h) */
  gint64          contact_id;    /* a call's client, 0: an unknown number */
  char           *phone;         /* a call's number as the exchange sent it */
};

#define FCRM_TYPE_TASK (fcrm_task_get_type ())
G_DECLARE_FINAL_TYPE (FcrmTask, fcrm_task, FCRM, TASK, GObject)

struct _FcrmTask
{
  GObject         parent_instance;
  gint64          id;
  char           *title;         /* in the user's language */
  char           *description;
  char           *kind;          /* robot, callback, specify_reason, manual */
  gint64          due_at;        /* 0: no due date */
  gboolean        due_is_date;   /* a day, not a moment */
  gint64          responsible_id;
  char           *responsible_login;
  char           *responsible_name;
  FcrmEntityType  entity_type;
  gint64          entity_id;     /* 0 when not linked */
  char           *entity_title;
  gboolean        done;
  gint64          done_at;
  char           *client;        /* the item's contact, else the lead's name, else the company; or NULL */
  char           *phone;         /* the lead's phone, else the contact's first; or NULL */
};

typedef struct
{
  const char *user;        /* login; NULL: everybody */
  gboolean    open_only;
  const char *kind;        /* NULL: every kind */
} FcrmTaskFilter;

/** Render a stored robot text ("{item}", "{stage}", "{responsible}") in the user's language. */
char      *fcrm_render_text                     (const char *text,
                                                 const char *item,
                                                 const char *stage_name,
                                                 const char *responsible);

/** Notifications of @login (NULL: the acting user, or everybody when there
 * is none; "" or "*": everybody), newest first, at most @limit (0: all). */
GPtrArray *fcrm_crm_notifications               (FcrmCrm    *self,
                                                 const char *login,
                                                 gboolean    unread_only,
                                                 guint       limit,
                                                 GError    **error);
/** Claim the user's undelivered notifications, oldest first and at most 100
 * per call (call again until it returns none): each is returned to exactly
 * one caller, however many windows or processes ask at once. */
GPtrArray *fcrm_crm_notifications_take_undelivered (FcrmCrm  *self,
                                                 gint64      user_id,
                                                 GError    **error);
/** The most fcrm_crm_notifications_unread_count() counts: past it, "more". */
#define FCRM_UNREAD_COUNT_CAP 100
/** The user's unread notifications, counted up to FCRM_UNREAD_COUNT_CAP
 * (a bounded read whatever the backlog). */
gint64     fcrm_crm_notifications_unread_count  (FcrmCrm    *self,
                                                 gint64      user_id);
gboolean   fcrm_crm_notification_mark_read      (FcrmCrm    *self,
                                                 gint64      id,
                                                 GError    **error);
gboolean   fcrm_crm_notifications_mark_all_read (FcrmCrm    *self,
                                                 gint64      user_id,
                                                 GError    **error);

/** Every notification about one lead or deal (all recipients), newest first. */
GPtrArray *fcrm_crm_item_notifications          (FcrmCrm        *self,
                                                 FcrmEntityType  type,
                                                 gint64          id,
                                                 GError        **error);
/** Tasks by due date (no date last). */
GPtrArray *fcrm_crm_task_list                   (FcrmCrm              *self,
                                                 const FcrmTaskFilter *filter,
                                                 GError              **error);
/** Tasks of one lead or deal: open ones by due date (no date last), then done ones. */
GPtrArray *fcrm_crm_item_tasks                  (FcrmCrm        *self,
                                                 FcrmEntityType  type,
                                                 gint64          id,
                                                 GError        **error);
/** Mark a task done; "specify the reason" needs the deal's loss reason text first. */
gboolean   fcrm_crm_task_done                   (FcrmCrm    *self,
                                                 gint64      id,
                                                 GError    **error);
/** Add a manual task; @due is "YYYY-MM-DD" or an ISO time, NULL for none; @responsible NULL: the actor. */
FcrmTask  *fcrm_crm_task_add                    (FcrmCrm        *self,
                                                 const char     *title,
                                                 const char     *description,
                                                 const char     *due,
                                                 const char     *responsible,
                                                 FcrmEntityType  type,
                                                 gint64          entity_id,
                                                 GError        **error);

/** Set one field of a deal (title budget delivery_date installation_date
 * installation_needed visit_at warranty_until design project measurements
 * loss_reason_text responsible source comment) from text. @expected_version
 * is the `updated` counter the editor read, or -1 to skip the check. */
gboolean   fcrm_crm_deal_set                    (FcrmCrm    *self,
                                                 gint64      id,
                                                 const char *field,
                                                 const char *value,
                                                 gint64      expected_version,
                                                 GError    **error);

G_END_DECLS
