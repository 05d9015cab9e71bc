#define G_LOG_DOMAIN "fcrm-schedule"

/* The workshop schedule, derived: nothing here is stored twice. Each source
 * (visit times, delivery dates, installation dates, due tasks) is read as a
 * range of its own index; a date's events are placed at a time of day in
 * local time here, so a week reads a day more on each side of a date index
 * and keeps what overlaps. See fcrm-schedule.h. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fcrm-crm-private.h"
#include "fcrm-inbox.h"
#include "fcrm-schedule.h"
#include "fcrm-schedule-private.h"

G_DEFINE_FINAL_TYPE (FcrmEvent, fcrm_event, G_TYPE_OBJECT)

static void
fcrm_event_finalize (GObject *object)
{
  FcrmEvent *self = FCRM_EVENT (object);

  g_free (self->user_login);
  g_free (self->user_name);
  g_free (self->title);
  g_free (self->client);
  g_free (self->address);
  g_free (self->phone);
  g_free (self->stage);
  G_OBJECT_CLASS (fcrm_event_parent_class)->finalize (object);
}

static void
fcrm_event_class_init (FcrmEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fcrm_event_finalize;
}

static void
fcrm_event_init (FcrmEvent *self)
{
}

void
fcrm_conflict_free (FcrmConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->kind);
  g_clear_pointer (&conflict->events, g_ptr_array_unref);
  g_free (conflict);
}

static const char * const kind_codes[] = { "measurement", "delivery", "installation", "repair", "callback", "task" };
G_STATIC_ASSERT (G_N_ELEMENTS (kind_codes) == FCRM_EVENT_N_KINDS);
/* per-event durations when nothing is set (issue 15) */
static const int kind_minutes[] = { 60, 120, 240, 120, 30, 30 };
G_STATIC_ASSERT (G_N_ELEMENTS (kind_minutes) == FCRM_EVENT_N_KINDS);

const char *
fcrm_event_kind_to_string (FcrmEventKind kind)
{
  g_return_val_if_fail (kind < FCRM_EVENT_N_KINDS, NULL);
  return kind_codes[kind];
}

const char *
fcrm_event_kind_display_name (FcrmEventKind kind)
{
  switch (kind)
    {
    case FCRM_EVENT_MEASUREMENT: return C_("schedule", "Measurement");
    case FCRM_EVENT_DELIVERY: return C_("schedule", "Delivery");
    case FCRM_EVENT_INSTALLATION: return C_("schedule", "Installation");
    case FCRM_EVENT_REPAIR: return C_("schedule", "Repair visit");
    case FCRM_EVENT_CALLBACK: return C_("schedule", "Callback");
    case FCRM_EVENT_TASK: return C_("schedule", "Task");
    case FCRM_EVENT_N_KINDS:
    default: break;
    }
  g_return_val_if_reached (NULL);
}

char *
fcrm_event_get_key (FcrmEvent *self)
{
  g_return_val_if_fail (FCRM_IS_EVENT (self), NULL);
  if (self->task_id != 0)
    return g_strdup_printf ("task-%" G_GINT64_FORMAT, self->task_id);
  return g_strdup_printf ("deal-%" G_GINT64_FORMAT "-%s", self->deal_id, kind_codes[self->kind]);
}

static const char * const roles[] = { "measurer", "designer", "installer", "master", "driver", NULL };

const char * const *
fcrm_participant_roles (void)
{
  return roles;
}

const char *
fcrm_participant_role_display_name (const char *role)
{
  if (g_strcmp0 (role, "measurer") == 0)
    return C_("participant role", "Measurer");
  if (g_strcmp0 (role, "designer") == 0)
    return C_("participant role", "Designer");
  if (g_strcmp0 (role, "installer") == 0)
    return C_("participant role", "Installer");
  if (g_strcmp0 (role, "master") == 0)
    return C_("participant role", "Repair master");
  if (g_strcmp0 (role, "driver") == 0)
    return C_("participant role", "Driver");
  return role;
}

/* Settings */

static const char * const minutes_keys[] = {
  "schedule_minutes_measurement", "schedule_minutes_delivery", "schedule_minutes_installation",
  "schedule_minutes_repair", "schedule_minutes_callback", "schedule_minutes_task",
};

static int
setting_int (FcrmCrm    *self,
             const char *key,
             int         fallback,
             int         min,
             int         max)
{
  g_autofree char *text = fcrm_store_get_setting (self->store, key);
  gint64 v;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, &v, NULL))
    return fallback;
  return (int) v;
}

int
fcrm_crm_schedule_default_minutes (FcrmCrm       *self,
                                   FcrmEventKind  kind)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), 60);
  g_return_val_if_fail (kind < FCRM_EVENT_N_KINDS, 60);
  return setting_int (self, minutes_keys[kind], kind_minutes[kind], 1, FCRM_SCHEDULE_MAX_MINUTES);
}

gboolean
fcrm_schedule_check_minutes (int      minutes,
                             GError **error)
{
  if (minutes >= 5 && minutes <= FCRM_SCHEDULE_MAX_MINUTES)
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("A duration is from 5 to 720 minutes; %d is out of that range."), minutes);
  return FALSE;
}

gboolean
fcrm_crm_schedule_set_default_minutes (FcrmCrm       *self,
                                       FcrmEventKind  kind,
                                       int            minutes,
                                       GError       **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (kind < FCRM_EVENT_N_KINDS, FALSE);

  if (!fcrm_schedule_check_minutes (minutes, error))
    return FALSE;
  if (self->actor != NULL && self->actor->role != FCRM_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                           _("Only a supervisor changes how long field work takes."));
      return FALSE;
    }
  text = g_strdup_printf ("%d", minutes);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  return fcrm_crm_finish (self, fcrm_store_set_setting (self->store, minutes_keys[kind], text, error), error);
}

int
fcrm_crm_schedule_day_hour (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), 10);
  return setting_int (self, "schedule_day_hour", 10, 0, 23);
}

/* Local wall-clock placing: the midnight of a stored date plus minutes of
 * that day (a day with a daylight-saving change included). */
gint64
fcrm_schedule_place (gint64 midnight,
                     int    minute_of_day)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (midnight);
  g_autoptr(GDateTime) at = NULL;
  int y, m, d;

  if (day == NULL)
    return midnight;
  g_date_time_get_ymd (day, &y, &m, &d);
  at = g_date_time_new_local (y, m, d, minute_of_day / 60, minute_of_day % 60, 0);
  return at != NULL ? g_date_time_to_unix (at) : midnight;
}

gint64
fcrm_schedule_local_midnight (gint64 t)
{
  return fcrm_schedule_place (t, 0);
}

/* Reading */

/* the client, their phone and address: the contact's, else the company's */
#define CLIENT_COLUMNS(d) \
  " coalesce ((SELECT c.name FROM contacts c WHERE c.id = " d ".contact_id)," \
  "   (SELECT co.name FROM companies co WHERE co.id = " d ".company_id))," \
  " coalesce ((SELECT p.phone FROM contact_phones p WHERE p.contact_id = " d ".contact_id ORDER BY p.id LIMIT 1)," \
  "   (SELECT co.phone FROM companies co WHERE co.id = " d ".company_id))," \
  " coalesce ((SELECT c.address FROM contacts c WHERE c.id = " d ".contact_id)," \
  "   (SELECT co.address FROM companies co WHERE co.id = " d ".company_id))"

/* the holder of @role_sql in the deal, else its responsible */
#define PERSON(role_sql) \
  " coalesce ((SELECT p.user_id FROM deal_participants p WHERE p.deal_id = d.id AND p.role = " role_sql \
  "   ORDER BY p.user_id LIMIT 1), d.responsible_id)"

/* 0 id, 1 title, 2 pipeline, 3 stage, 4 moment or date, 5 time of day,
 * 6 minutes, 7 person, 8 client, 9 phone, 10 address, 11 delivery date,
 * 12 delivery time */
#define DEAL_EVENTS(col, time_col, minutes_col, role_sql) \
  "SELECT d.id, d.title, d.pipeline, d.stage, d." col ", " time_col ", d." minutes_col "," PERSON (role_sql) "," \
  CLIENT_COLUMNS ("d") ", d.delivery_date, d.delivery_time " \
  "FROM deals d JOIN stages s ON s.code = d.stage WHERE s.kind <> 'failure' AND "

static const char visit_sql[] =
  DEAL_EVENTS ("visit_at", "NULL", "visit_minutes", "CASE WHEN d.pipeline = 'repair' THEN 'master' ELSE 'measurer' END")
  "d.visit_at >= ? AND d.visit_at < ?";
static const char delivery_sql[] =
  DEAL_EVENTS ("delivery_date", "d.delivery_time", "delivery_minutes", "'driver'")
  "d.delivery_date >= ? AND d.delivery_date < ?";
static const char installation_sql[] =
  DEAL_EVENTS ("installation_date", "d.installation_time", "installation_minutes", "'installer'")
  "d.installation_date >= ? AND d.installation_date < ?";
/* one deal's events of every kind: what an order conflict names */
static const char deal_sql[] =
  DEAL_EVENTS ("delivery_date", "d.delivery_time", "delivery_minutes", "'driver'")
  "d.id = ? AND d.delivery_date IS NOT NULL";
/* what waits for a date: manufacturing deals whose furniture is being made or done */
static const char undated_sql[] =
  "SELECT d.id, d.title, d.pipeline, d.stage, d.delivery_date, d.installation_date, d.installation_needed,"
  PERSON ("'driver'") "," PERSON ("'installer'") "," CLIENT_COLUMNS ("d") " "
  "FROM deals d "
  "WHERE d.stage IN ('mfg.production', 'mfg.delivery', 'mfg.installation') "
  "  AND (d.delivery_date IS NULL OR (d.installation_needed = 1 AND d.installation_date IS NULL)) "
  "ORDER BY d.id LIMIT 500";
/* open callbacks and manual tasks due in the range */
static const char tasks_sql[] =
  "SELECT t.id, t.title, t.kind, t.due_at, t.due_is_date, t.responsible_id, t.entity_type, t.entity_id,"
  " coalesce (l.title, d.title), coalesce (l.stage, d.stage), u.name,"
  " coalesce ((SELECT c.name FROM contacts c WHERE c.id = coalesce (l.contact_id, d.contact_id)), l.name,"
  "   (SELECT co.name FROM companies co WHERE co.id = coalesce (l.company_id, d.company_id)), l.company_name),"
  " coalesce (l.phone, (SELECT p.phone FROM contact_phones p WHERE p.contact_id = coalesce (l.contact_id, d.contact_id)"
  "   ORDER BY p.id LIMIT 1)),"
  " coalesce ((SELECT c.address FROM contacts c WHERE c.id = coalesce (l.contact_id, d.contact_id)),"
  "   (SELECT co.address FROM companies co WHERE co.id = coalesce (l.company_id, d.company_id))) "
  "FROM tasks t LEFT JOIN users u ON u.id = t.responsible_id "
  "LEFT JOIN leads l ON t.entity_type = 'lead' AND l.id = t.entity_id "
  "LEFT JOIN deals d ON t.entity_type = 'deal' AND d.id = t.entity_id "
  "WHERE t.done = 0 AND t.due_at >= ? AND t.due_at < ? AND t.kind IN ('callback', 'manual')";

const FcrmHotQuery *
fcrm_schedule_hot_queries (void)
{
  static const FcrmHotQuery queries[] = {
    { "visits", visit_sql, 2 },
    { "deliveries", delivery_sql, 2 },
    { "installations", installation_sql, 2 },
    { "tasks", tasks_sql, 2 },
    { NULL },
  };

  return queries;
}

typedef struct
{
  FcrmCrm    *crm;
  GHashTable *users;   /* id → FcrmUser */
  int         minutes[FCRM_EVENT_N_KINDS];
  int         day_hour;
} Reader;

static void
reader_init (Reader  *r,
             FcrmCrm *self)
{
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (self, NULL);

  r->crm = self;
  r->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (users, i);

      g_hash_table_insert (r->users, &u->id, g_object_ref (u));
    }
  for (int k = 0; k < FCRM_EVENT_N_KINDS; k++)
    r->minutes[k] = fcrm_crm_schedule_default_minutes (self, k);
  r->day_hour = fcrm_crm_schedule_day_hour (self);
}

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->users, g_hash_table_unref);
}

static void
set_person (Reader    *r,
            FcrmEvent *ev,
            gint64     user_id)
{
  FcrmUser *u = user_id != 0 ? g_hash_table_lookup (r->users, &user_id) : NULL;

  ev->user_id = user_id;
  if (u != NULL)
    {
      ev->user_login = g_strdup (u->login);
      ev->user_name = g_strdup (u->name);
    }
}

/* A date's moment: its time of day, else the default hour. */
static gint64
place_date (Reader   *r,
            FcrmStmt *stmt,
            int       date_col,
            int       time_col,
            gboolean *out_all_day)
{
  gboolean all_day = fcrm_stmt_is_null (stmt, time_col);

  if (out_all_day != NULL)
    *out_all_day = all_day;
  return fcrm_schedule_place (fcrm_stmt_get_int64 (stmt, date_col),
                              all_day ? r->day_hour * 60 : (int) fcrm_stmt_get_int64 (stmt, time_col));
}

static FcrmEvent *
deal_event (Reader        *r,
            FcrmStmt      *stmt,
            FcrmEventKind  kind)
{
  FcrmEvent *ev = g_object_new (FCRM_TYPE_EVENT, NULL);
  int minutes;

  ev->kind = kind;
  ev->deal_id = fcrm_stmt_get_int64 (stmt, 0);
  ev->title = fcrm_stmt_dup_text (stmt, 1);
  ev->stage = fcrm_stmt_dup_text (stmt, 3);
  if (kind == FCRM_EVENT_MEASUREMENT || kind == FCRM_EVENT_REPAIR)
    ev->start = fcrm_stmt_get_int64 (stmt, 4);
  else
    ev->start = place_date (r, stmt, 4, 5, &ev->all_day);
  minutes = fcrm_stmt_is_null (stmt, 6) ? r->minutes[kind] : (int) fcrm_stmt_get_int64 (stmt, 6);
  ev->end = ev->start + (gint64) minutes * 60;
  set_person (r, ev, fcrm_stmt_get_int64 (stmt, 7));
  ev->client = fcrm_stmt_dup_text (stmt, 8);
  ev->phone = fcrm_stmt_dup_text (stmt, 9);
  ev->address = fcrm_stmt_dup_text (stmt, 10);
  if (kind == FCRM_EVENT_INSTALLATION && !fcrm_stmt_is_null (stmt, 11))
    ev->after = place_date (r, stmt, 11, 12, NULL);
  return ev;
}

static FcrmEvent *
task_event (Reader   *r,
            FcrmStmt *stmt)
{
  FcrmEvent *ev = g_object_new (FCRM_TYPE_EVENT, NULL);
  const char *code = fcrm_stmt_get_text (stmt, 9);
  FcrmStage *stage = code != NULL ? fcrm_crm_get_stage (r->crm, code) : NULL;

  ev->task_id = fcrm_stmt_get_int64 (stmt, 0);
  ev->kind = g_strcmp0 (fcrm_stmt_get_text (stmt, 2), "callback") == 0 ? FCRM_EVENT_CALLBACK : FCRM_EVENT_TASK;
  /* robot-made titles are msgids, filled in the reader's language */
  ev->title = fcrm_render_text (fcrm_stmt_get_text (stmt, 1), fcrm_stmt_get_text (stmt, 8),
                                stage != NULL ? fcrm_stage_get_name (stage) : NULL, fcrm_stmt_get_text (stmt, 10));
  ev->all_day = fcrm_stmt_get_int64 (stmt, 4) != 0;
  ev->start = fcrm_stmt_get_int64 (stmt, 3);
  if (ev->all_day)
    ev->start = fcrm_schedule_place (ev->start, r->day_hour * 60);
  ev->end = ev->start + (gint64) r->minutes[ev->kind] * 60;
  set_person (r, ev, fcrm_stmt_get_int64 (stmt, 5));
  if (g_strcmp0 (fcrm_stmt_get_text (stmt, 6), "deal") == 0)
    ev->deal_id = fcrm_stmt_get_int64 (stmt, 7);
  ev->stage = g_strdup (code);
  ev->client = fcrm_stmt_dup_text (stmt, 11);
  ev->phone = fcrm_stmt_dup_text (stmt, 12);
  ev->address = fcrm_stmt_dup_text (stmt, 13);
  return ev;
}

/* Run one source over [lo, hi) and keep its events overlapping [from, to). */
static gboolean
read_source (Reader        *r,
             const char    *sql,
             FcrmEventKind  kind,
             gint64         lo,
             gint64         hi,
             gint64         from,
             gint64         to,
             GPtrArray     *out,
             GError       **error)
{
  GError *local = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (r->crm->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, lo);
  fcrm_stmt_bind_int64 (stmt, 2, hi);
  while (fcrm_stmt_step (stmt, &local))
    {
      g_autoptr(FcrmEvent) ev = NULL;

      if (sql == tasks_sql)
        ev = task_event (r, stmt);
      else if (sql == visit_sql)
        ev = deal_event (r, stmt, g_strcmp0 (fcrm_stmt_get_text (stmt, 2), "repair") == 0 ? FCRM_EVENT_REPAIR
                                                                                          : FCRM_EVENT_MEASUREMENT);
      else
        ev = deal_event (r, stmt, kind);
      if (ev->start < to && ev->end > from)
        g_ptr_array_add (out, g_steal_pointer (&ev));
    }
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const FcrmEvent *x = *(FcrmEvent * const *) a;
  const FcrmEvent *y = *(FcrmEvent * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->user_id != y->user_id)
    return x->user_id < y->user_id ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->deal_id != y->deal_id ? (x->deal_id < y->deal_id ? -1 : 1)
                                  : (x->task_id < y->task_id ? -1 : x->task_id > y->task_id);
}

GPtrArray *
fcrm_crm_schedule (FcrmCrm     *self,
                   gint64       from,
                   gint64       to,
                   const char  *login,
                   GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FcrmUser) user = NULL;
  Reader r;
  gboolean ok;
  /* an event starts at most a day (and a daylight-saving hour) before it ends */
  const gint64 day = 25 * 3600;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (to <= from)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                           _("The end of the period comes before its beginning; swap the dates."));
      return NULL;
    }
  if (login != NULL && (user = fcrm_crm_find_user (self, login, error)) == NULL)
    return NULL;
  reader_init (&r, self);
  ok = read_source (&r, visit_sql, FCRM_EVENT_MEASUREMENT, from - day, to, from, to, events, error) &&
       read_source (&r, delivery_sql, FCRM_EVENT_DELIVERY, from - 2 * day, to, from, to, events, error) &&
       read_source (&r, installation_sql, FCRM_EVENT_INSTALLATION, from - 2 * day, to, from, to, events, error) &&
       read_source (&r, tasks_sql, FCRM_EVENT_TASK, from - 2 * day, to, from, to, events, error);
  reader_clear (&r);
  if (!ok)
    return NULL;
  if (user != NULL)
    for (guint i = events->len; i-- > 0;)
      if (((FcrmEvent *) g_ptr_array_index (events, i))->user_id != user->id)
        g_ptr_array_remove_index (events, i);
  g_ptr_array_sort (events, compare_events);
  return g_steal_pointer (&events);
}

/* One deal's delivery, for an installation's order conflict outside the range. */
FcrmEvent *
fcrm_schedule_deal_delivery (FcrmCrm *self,
                             gint64   deal_id,
                             GError **error)
{
  GError *local = NULL;
  FcrmEvent *ev = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (self->store, deal_sql, error);
  Reader r;

  if (stmt == NULL)
    return NULL;
  reader_init (&r, self);
  fcrm_stmt_bind_int64 (stmt, 1, deal_id);
  if (fcrm_stmt_step (stmt, &local))
    ev = deal_event (&r, stmt, FCRM_EVENT_DELIVERY);
  fcrm_stmt_reset (stmt);
  reader_clear (&r);
  if (local != NULL)
    {
      g_clear_object (&ev);
      g_propagate_error (error, local);
    }
  return ev;
}

GPtrArray *
fcrm_crm_schedule_unscheduled (FcrmCrm *self,
                               GError **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;
  Reader r;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store, undated_sql, error);
  if (stmt == NULL)
    return NULL;
  reader_init (&r, self);
  while (fcrm_stmt_step (stmt, &local))
    for (FcrmEventKind kind = FCRM_EVENT_DELIVERY; kind <= FCRM_EVENT_INSTALLATION; kind++)
      {
        FcrmEvent *ev;

        if (kind == FCRM_EVENT_DELIVERY ? !fcrm_stmt_is_null (stmt, 4)
                                        : !fcrm_stmt_is_null (stmt, 5) || fcrm_stmt_get_int64 (stmt, 6) == 0)
          continue;
        ev = g_object_new (FCRM_TYPE_EVENT, NULL);
        ev->kind = kind;
        ev->deal_id = fcrm_stmt_get_int64 (stmt, 0);
        ev->title = fcrm_stmt_dup_text (stmt, 1);
        ev->stage = fcrm_stmt_dup_text (stmt, 3);
        ev->all_day = TRUE;
        set_person (&r, ev, fcrm_stmt_get_int64 (stmt, kind == FCRM_EVENT_DELIVERY ? 7 : 8));
        ev->client = fcrm_stmt_dup_text (stmt, 9);
        ev->phone = fcrm_stmt_dup_text (stmt, 10);
        ev->address = fcrm_stmt_dup_text (stmt, 11);
        g_ptr_array_add (events, ev);
      }
  reader_clear (&r);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&events);
}

/* Conflicts */

static FcrmConflict *
conflict_new (const char *kind)
{
  FcrmConflict *c = g_new0 (FcrmConflict, 1);

  c->kind = g_strdup (kind);
  c->events = g_ptr_array_new_with_free_func (g_object_unref);
  return c;
}

static void
conflict_add (FcrmConflict *c,
              FcrmEvent    *ev)
{
  ev->conflict = TRUE;
  g_ptr_array_add (c->events, g_object_ref (ev));
}

static int
compare_by_person (gconstpointer a,
                   gconstpointer b)
{
  const FcrmEvent *x = *(FcrmEvent * const *) a;
  const FcrmEvent *y = *(FcrmEvent * const *) b;

  if (x->user_id != y->user_id)
    return x->user_id < y->user_id ? -1 : 1;
  return compare_events (a, b);
}

/* the stages of a manufacturing deal before its furniture is made */
static gboolean
before_production_done (const char *stage)
{
  return g_strv_contains ((const char * const[]) { "mfg.contract", "mfg.prepayment", "mfg.production", NULL },
                          stage != NULL ? stage : "");
}

GPtrArray *
fcrm_schedule_find_conflicts (GPtrArray *events,
                              gint64     now)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_conflict_free);
  g_autoptr(GPtrArray) by_person = g_ptr_array_new_with_free_func (g_object_unref);
  FcrmConflict *run = NULL;
  gint64 run_end = 0;
  /* the end of tomorrow, local time: a delivery before then needs its furniture made */
  gint64 soon = fcrm_schedule_local_midnight (fcrm_schedule_local_midnight (now) + 60 * 3600);

  /* a task due on a day (not at a time) is done some time that day: it books nobody */
  for (guint i = 0; i < events->len; i++)
    {
      FcrmEvent *ev = g_ptr_array_index (events, i);

      if (ev->task_id == 0 || !ev->all_day)
        g_ptr_array_add (by_person, g_object_ref (ev));
    }
  g_ptr_array_sort (by_person, compare_by_person);
  /* one person's overlapping events, a run at a time */
  for (guint i = 0; i <= by_person->len; i++)
    {
      FcrmEvent *ev = i < by_person->len ? g_ptr_array_index (by_person, i) : NULL;
      FcrmEvent *prev = i > 0 ? g_ptr_array_index (by_person, i - 1) : NULL;

      if (ev != NULL && prev != NULL && ev->user_id != 0 && ev->user_id == prev->user_id && ev->start < run_end)
        {
          if (run == NULL)
            {
              run = conflict_new ("overlap");
              conflict_add (run, prev);
            }
          conflict_add (run, ev);
          run_end = MAX (run_end, ev->end);
          continue;
        }
      if (run != NULL)
        g_ptr_array_add (conflicts, g_steal_pointer (&run));
      if (ev != NULL)
        run_end = ev->end;
    }

  for (guint i = 0; i < events->len; i++)
    {
      FcrmEvent *ev = g_ptr_array_index (events, i);
      FcrmConflict *c;

      if (ev->kind == FCRM_EVENT_INSTALLATION && ev->after != 0 && ev->start < ev->after)
        {
          c = conflict_new ("order");
          conflict_add (c, ev);
          for (guint j = 0; j < events->len; j++)
            {
              FcrmEvent *other = g_ptr_array_index (events, j);

              if (other->kind == FCRM_EVENT_DELIVERY && other->deal_id == ev->deal_id && other->task_id == 0)
                conflict_add (c, other);
            }
          g_ptr_array_add (conflicts, c);
        }
      else if (ev->kind == FCRM_EVENT_DELIVERY && ev->task_id == 0 && before_production_done (ev->stage) &&
               ev->start < soon)
        {
          c = conflict_new ("order");
          conflict_add (c, ev);
          g_ptr_array_add (conflicts, c);
        }
    }
  return g_steal_pointer (&conflicts);
}

GPtrArray *
fcrm_crm_schedule_conflicts (FcrmCrm *self,
                             gint64   from,
                             gint64   to,
                             GError **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  events = fcrm_crm_schedule (self, from, to, NULL, error);
  if (events == NULL)
    return NULL;
  conflicts = fcrm_schedule_find_conflicts (events, fcrm_clock_now (self->clock));
  /* an installation whose delivery falls outside the period: name it too */
  for (guint i = 0; i < conflicts->len; i++)
    {
      FcrmConflict *c = g_ptr_array_index (conflicts, i);
      FcrmEvent *first = g_ptr_array_index (c->events, 0);

      if (g_str_equal (c->kind, "order") && first->kind == FCRM_EVENT_INSTALLATION && c->events->len == 1)
        {
          GError *local = NULL;
          FcrmEvent *delivery = fcrm_schedule_deal_delivery (self, first->deal_id, &local);

          if (local != NULL)
            return g_propagate_error (error, local), NULL;
          if (delivery == NULL)
            continue;
          delivery->conflict = TRUE;
          g_ptr_array_add (c->events, delivery);
        }
    }
  return g_steal_pointer (&conflicts);
}
