#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* The workshop schedule (issue 15): field work derived from the deals
 * themselves — a measurement or repair visit (the deal's visit time: a
 * repair deal's is the master's visit, any other's the measurement), the
 * delivery and installation dates — and the open callbacks and manual tasks
 * that have a due time. Times are Unix seconds UTC; a date without a time
 * (a delivery date, a task due on a day) is placed at the day's default hour
 * in local time. An event belongs to the deal's participant of the kind's
 * role (measurer, installer, master, driver), else to the deal's
 * responsible; a task's to its responsible. */

typedef enum {
  FCRM_EVENT_MEASUREMENT,
  FCRM_EVENT_DELIVERY,
  FCRM_EVENT_INSTALLATION,
  FCRM_EVENT_REPAIR,
  FCRM_EVENT_CALLBACK,
  FCRM_EVENT_TASK,
  FCRM_EVENT_N_KINDS,
} FcrmEventKind;

#define FCRM_TYPE_EVENT (fcrm_event_get_type ())
G_DECLARE_FINAL_TYPE (FcrmEvent, fcrm_event, FCRM, EVENT, GObject)

struct _FcrmEvent
{
  GObject        parent_instance;
  FcrmEventKind  kind;
  gint64         start;          /* Unix seconds UTC */
  gint64         end;
  gboolean       all_day;        /* a date without a time, placed at the default hour */
  gint64         user_id;        /* 0: nobody */
  char          *user_login;
  char          *user_name;
  gint64         deal_id;        /* the deal (a task: the deal it is about, or 0) */
  gint64         task_id;        /* tasks and callbacks; 0 for a deal's events */
  char          *title;
  char          *client;
  char          *address;
  char          *phone;
  char          *stage;          /* the deal's stage code, or NULL */
  gint64         after;          /* an installation: its deal's delivery start (0: none) */
  gboolean       conflict;       /* set by fcrm_schedule_mark_conflicts() */
};

typedef struct _FcrmConflict FcrmConflict;
struct _FcrmConflict
{
  char      *kind;               /* "overlap" or "order" */
  GPtrArray *events;             /* FcrmEvent */
};

void        fcrm_conflict_free               (FcrmConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmConflict, fcrm_conflict_free)

/** "measurement", "delivery", "installation", "repair", "callback", "task". */
const char *fcrm_event_kind_to_string        (FcrmEventKind  kind);
/** The kind's name in the user's language. */
const char *fcrm_event_kind_display_name     (FcrmEventKind  kind);
/** A key that names the event for good (an iCalendar UID): "deal-12-delivery", "task-7". */
char       *fcrm_event_get_key               (FcrmEvent     *self);

/** The participant roles: measurer, designer, installer, master, driver (NULL-terminated). */
const char * const *fcrm_participant_roles   (void);
/** A role's name in the user's language. */
const char *fcrm_participant_role_display_name (const char *role);

/** Events that overlap [@from, @to), by start, then person; @login: only that
 * person's (NULL: everybody's the actor may see). */
GPtrArray  *fcrm_crm_schedule                (FcrmCrm       *self,
                                              gint64         from,
                                              gint64         to,
                                              const char    *login,
                                              GError       **error);
/** Manufacturing deals in production, delivery or installation waiting for a
 * date: deliveries without a delivery date, installations needed without an
 * installation date (start 0). */
GPtrArray  *fcrm_crm_schedule_unscheduled    (FcrmCrm       *self,
                                              GError       **error);
/** Conflicts of the events in [@from, @to): one person's overlapping events,
 * an installation before its delivery, and a delivery due by the end of
 * tomorrow (or past) while the deal has not left production. */
GPtrArray  *fcrm_crm_schedule_conflicts      (FcrmCrm       *self,
                                              gint64         from,
                                              gint64         to,
                                              GError       **error);
/** The conflicts among @events (and set their `conflict` flags); @now for
 * the delivery that comes before its production is done. */
GPtrArray  *fcrm_schedule_find_conflicts     (GPtrArray     *events,
                                              gint64         now);

/** The duration of @kind's events unless set on the event (minutes). */
int         fcrm_crm_schedule_default_minutes (FcrmCrm      *self,
                                              FcrmEventKind  kind);
gboolean    fcrm_crm_schedule_set_default_minutes (FcrmCrm  *self,
                                              FcrmEventKind  kind,
                                              int            minutes,
                                              GError       **error);
/** The local hour a date without a time is placed at. */
int         fcrm_crm_schedule_day_hour       (FcrmCrm       *self);

typedef struct _FcrmScheduleUndo FcrmScheduleUndo;

/** Move @event to @start and/or to the person @login (NULL: the same one),
 * as the card would set the date or time and the participant: one
 * transaction. @out_undo (may be NULL) takes it back (fcrm_crm_schedule_undo). */
gboolean    fcrm_crm_schedule_move           (FcrmCrm       *self,
                                              FcrmEvent     *event,
                                              gint64         start,
                                              const char    *login,
                                              FcrmScheduleUndo **out_undo,
                                              GError       **error);
/** Give a deal's event its own duration (@minutes 0: the kind's default). */
gboolean    fcrm_crm_schedule_set_minutes    (FcrmCrm       *self,
                                              FcrmEvent     *event,
                                              int            minutes,
                                              GError       **error);
/** Put back what a move changed; refused when the item changed since. */
gboolean    fcrm_crm_schedule_undo           (FcrmCrm       *self,
                                              FcrmScheduleUndo *undo,
                                              GError       **error);
void        fcrm_schedule_undo_free          (FcrmScheduleUndo *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmScheduleUndo, fcrm_schedule_undo_free)

/** Add @login to a deal in @role (NULL: no role); someone else holding the
 * role gives it up (stays a participant). */
gboolean    fcrm_crm_deal_add_participant_role (FcrmCrm     *self,
                                              gint64         deal_id,
                                              const char    *login,
                                              const char    *role,
                                              GError       **error);
/** The role @login has in the deal, or NULL. */
char       *fcrm_crm_deal_participant_role   (FcrmCrm       *self,
                                              gint64         deal_id,
                                              const char    *login,
                                              GError       **error);
/** The field roles a person can take (Preferences → People); an empty list
 * for none (then any role may be given). */
GStrv       fcrm_crm_user_field_roles        (FcrmCrm       *self,
                                              const char    *login,
                                              GError       **error);
gboolean    fcrm_crm_user_set_field_roles    (FcrmCrm       *self,
                                              const char    *login,
                                              const char * const *roles,
                                              GError       **error);

/** Write the reminders due now of @user_id's events (0: everybody's): at
 * the evening hour before the event's day, and the set minutes before it;
 * each once per person, event and start. @out_written: how many. */
gboolean    fcrm_crm_schedule_remind         (FcrmCrm       *self,
                                              gint64         user_id,
                                              guint         *out_written,
                                              GError       **error);
/** The local hour of the evening reminder (-1: none; default 18). */
int         fcrm_crm_schedule_remind_evening_hour (FcrmCrm  *self);
/** How many minutes before an event its reminder comes (0: none; default 60). */
int         fcrm_crm_schedule_remind_minutes (FcrmCrm       *self);
/** Supervisors: set both (-1 / 0 turn one off). */
gboolean    fcrm_crm_schedule_set_reminders  (FcrmCrm       *self,
                                              int            evening_hour,
                                              int            minutes,
                                              GError       **error);

/** Write @login's schedule (NULL: everybody's) in [@from, @to) as an
 * iCalendar file (fcrm-schedule-ical.c). */
gboolean    fcrm_crm_export_ical             (FcrmCrm       *self,
                                              const char    *login,
                                              gint64         from,
                                              gint64         to,
                                              const char    *path,
                                              GError       **error);

G_END_DECLS
