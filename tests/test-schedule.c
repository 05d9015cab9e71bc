/* The workshop schedule (issue 15): events derived from the deals of every
 * pipeline and from due callbacks and tasks, placed in local time in
 * several zones; each conflict kind; a move (time and person) and its undo;
 * participant roles and people's field roles; durations; the iCalendar
 * export read back with libical. */

#include <libical/ical.h>

#include "fcrm-clients.h"
#include "fcrm-schedule.h"
#include "fcrm-test-util.h"

#define L(d, h, m) fcrm_test_local_time (2026, 1, (d), (h), (m))

static FcrmItem *
add_deal (FcrmTestTeam *f,
          const char   *pipeline,
          const char   *title,
          const char   *responsible,
          const char   *client,
          const char   *phone,
          const char   *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) contact = NULL;
  const char *phones[] = { phone, NULL };
  FcrmContactInput in = { .name = client, .phones = phone != NULL ? phones : NULL, .address = address };
  FcrmDealInput deal = { .pipeline = pipeline, .title = title, .responsible = responsible };
  FcrmItem *it;

  if (client != NULL)
    {
      contact = fcrm_crm_contact_add (f->crm, &in, &error);
      g_assert_no_error (error);
      deal.contact_id = contact->id;
    }
  it = fcrm_crm_deal_add (f->crm, &deal, &error);
  g_assert_no_error (error);
  return it;
}

static GPtrArray *
schedule (FcrmCrm    *crm,
          gint64      from,
          gint64      to,
          const char *login)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = fcrm_crm_schedule (crm, from, to, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

/* the only event of @kind about @deal_id (0: any) in @events */
static FcrmEvent *
find (GPtrArray     *events,
      FcrmEventKind  kind,
      gint64         deal_id)
{
  FcrmEvent *found = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      FcrmEvent *ev = g_ptr_array_index (events, i);

      if (ev->kind == kind && (deal_id == 0 || ev->deal_id == deal_id))
        {
          g_assert_null (found);
          found = ev;
        }
    }
  return found;
}

static void
test_derive (FcrmTestTeam *f,
             gconstpointer data)
{
  g_autoptr(FcrmItem) sofa = add_deal (f, "design", "Sofa corner", "anna", "Зинаида Кузнецова", "+7 912 345-67-89",
                                       "Lenina 5, flat 12");
  g_autoptr(FcrmItem) door = add_deal (f, "repair", "Wardrobe door", "anna", NULL, NULL, NULL);
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Oak kitchen", "anna", "Pyotr", NULL, "Mira 1");
  g_autoptr(FcrmItem) lost = add_deal (f, "design", "Lost bed", "boris", NULL, NULL, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) borises = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) task = NULL;
  FcrmEvent *ev;

  fcrm_test_deal_set (f->crm, sofa->id, "visit_at", "2026-01-13 11:00");
  fcrm_test_deal_set (f->crm, door->id, "visit_at", "2026-01-14 09:30");
  fcrm_test_deal_set (f->crm, kitchen->id, "delivery_date", "2026-01-15");
  fcrm_test_deal_set (f->crm, kitchen->id, "installation_date", "2026-01-16");
  fcrm_test_deal_set (f->crm, lost->id, "visit_at", "2026-01-13 12:00");
  g_assert_true (fcrm_crm_deal_add_participant_role (f->crm, door->id, "boris", "master", &error));
  g_assert_no_error (error);
  /* lost on 12 Jan: the callback is due on 1 Feb (a day, at the default hour) */
  fcrm_test_deal_lose (f->crm, lost->id, "expensive", NULL);
  task = fcrm_crm_task_add (f->crm, "Bring the samples", NULL, "2026-01-13 16:00", "boris", FCRM_ENTITY_DEAL,
                            kitchen->id, &error);
  g_assert_no_error (error);

  events = schedule (f->crm, L (12, 0, 0), fcrm_test_local_time (2026, 2, 2, 0, 0), NULL);
  g_assert_cmpuint (events->len, ==, 6);

  ev = find (events, FCRM_EVENT_MEASUREMENT, sofa->id);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, L (13, 11, 0));
  g_assert_cmpint (ev->end, ==, L (13, 12, 0));
  g_assert_false (ev->all_day);
  g_assert_cmpstr (ev->user_login, ==, "anna");
  g_assert_cmpstr (ev->client, ==, "Зинаида Кузнецова");
  g_assert_cmpstr (ev->phone, ==, "+7 912 345-67-89");
  g_assert_cmpstr (ev->address, ==, "Lenina 5, flat 12");

  /* a repair deal's visit is the master's */
  ev = find (events, FCRM_EVENT_REPAIR, door->id);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, L (14, 9, 30));
  g_assert_cmpint (ev->end - ev->start, ==, 2 * 3600);
  g_assert_cmpstr (ev->user_login, ==, "boris");

  /* dates at the default hour, local time */
  ev = find (events, FCRM_EVENT_DELIVERY, kitchen->id);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, L (15, 10, 0));
  g_assert_cmpint (ev->end, ==, L (15, 12, 0));
  g_assert_true (ev->all_day);
  g_assert_cmpstr (ev->address, ==, "Mira 1");
  ev = find (events, FCRM_EVENT_INSTALLATION, kitchen->id);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, L (16, 10, 0));
  g_assert_cmpint (ev->end, ==, L (16, 14, 0));
  g_assert_cmpint (ev->after, ==, L (15, 10, 0));

  ev = find (events, FCRM_EVENT_TASK, 0);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->task_id, ==, task->id);
  g_assert_cmpint (ev->start, ==, L (13, 16, 0));
  g_assert_cmpint (ev->deal_id, ==, kitchen->id);
  g_assert_cmpstr (ev->client, ==, "Pyotr");

  ev = find (events, FCRM_EVENT_CALLBACK, lost->id);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, fcrm_test_local_time (2026, 2, 1, 10, 0));
  g_assert_cmpstr (ev->user_login, ==, "boris");
  /* the lost deal's own visit is no longer field work */
  g_assert_null (find (events, FCRM_EVENT_MEASUREMENT, lost->id));

  /* ordered by start */
  for (guint i = 1; i < events->len; i++)
    g_assert_cmpint (((FcrmEvent *) events->pdata[i - 1])->start, <=, ((FcrmEvent *) events->pdata[i])->start);

  /* one person's; a period's edges: what ends at its start is outside */
  borises = schedule (f->crm, L (12, 0, 0), L (17, 0, 0), "boris");
  g_assert_cmpuint (borises->len, ==, 2);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (13, 12, 0), L (14, 9, 31), NULL);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_nonnull (find (events, FCRM_EVENT_TASK, 0));
  g_assert_nonnull (find (events, FCRM_EVENT_REPAIR, 0));

  g_assert_null (fcrm_crm_schedule (f->crm, L (14, 0, 0), L (13, 0, 0), NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_schedule (f->crm, L (13, 0, 0), L (14, 0, 0), "nobody", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
}

/* A date is placed at the default hour of the zone the program runs in,
 * a daylight-saving change included; a visit time keeps its moment. */
static void
test_time_zones (FcrmTestTeam *f,
                 gconstpointer data)
{
  static const char * const zones[] = { "Europe/Moscow", "America/New_York", "Europe/London", FCRM_TEST_TZ };
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Kitchen", "anna", NULL, NULL, NULL);
  g_autoptr(FcrmItem) door = add_deal (f, "repair", "Door", "anna", NULL, NULL, NULL);

  fcrm_test_deal_set (f->crm, door->id, "visit_at", "2026-03-08T12:00:00Z");
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) tz = NULL;
      g_autoptr(GDateTime) expected = NULL;
      g_autoptr(GPtrArray) events = NULL;
      FcrmEvent *ev;

      g_setenv ("TZ", zones[z], TRUE);
      tz = g_time_zone_new_local ();
      g_assert_cmpstr (g_time_zone_get_identifier (tz), ==, zones[z]);
      /* 8 March 2026: New York moves its clocks that night */
      fcrm_test_deal_set (f->crm, kitchen->id, "delivery_date", "2026-03-08");
      expected = g_date_time_new (tz, 2026, 3, 8, 10, 0, 0);
      events = schedule (f->crm, g_date_time_to_unix (expected) - 86400, g_date_time_to_unix (expected) + 86400, NULL);
      ev = find (events, FCRM_EVENT_DELIVERY, kitchen->id);
      g_assert_nonnull (ev);
      g_assert_cmpint (ev->start, ==, g_date_time_to_unix (expected));
      ev = find (events, FCRM_EVENT_REPAIR, door->id);
      g_assert_nonnull (ev);
      g_assert_cmpint (ev->start, ==, 1772971200);   /* 2026-03-08 12:00 UTC, wherever we are */
    }
  g_setenv ("TZ", FCRM_TEST_TZ, TRUE);
}

static GPtrArray *
conflicts (FcrmCrm *crm,
           gint64   from,
           gint64   to)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = fcrm_crm_schedule_conflicts (crm, from, to, &error);

  g_assert_no_error (error);
  return list;
}

static void
test_conflicts (FcrmTestTeam *f,
                gconstpointer data)
{
  g_autoptr(FcrmItem) a = add_deal (f, "design", "Sofa", "anna", NULL, NULL, NULL);
  g_autoptr(FcrmItem) b = add_deal (f, "design", "Bed", "anna", NULL, NULL, NULL);
  g_autoptr(FcrmItem) c = add_deal (f, "design", "Desk", "anna", NULL, NULL, NULL);
  g_autoptr(FcrmItem) order = add_deal (f, "manufacturing", "Kitchen", "boris", NULL, NULL, NULL);
  g_autoptr(FcrmItem) early = add_deal (f, "manufacturing", "Hall", "boris", NULL, NULL, NULL);
  g_autoptr(FcrmItem) planned = add_deal (f, "manufacturing", "Study", "boris", NULL, NULL, NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  FcrmConflict *overlap = NULL, *install = NULL, *production = NULL;

  /* anna: 11:00–12:00 and 11:30–12:30 overlap; 12:30 starts when the second ends */
  fcrm_test_deal_set (f->crm, a->id, "visit_at", "2026-01-13 11:00");
  fcrm_test_deal_set (f->crm, b->id, "visit_at", "2026-01-13 11:30");
  fcrm_test_deal_set (f->crm, c->id, "visit_at", "2026-01-13 12:30");
  /* installed on the 14th, delivered on the 15th */
  fcrm_test_deal_set (f->crm, order->id, "delivery_date", "2026-01-15");
  fcrm_test_deal_set (f->crm, order->id, "installation_date", "2026-01-14");
  fcrm_test_deal_set (f->crm, order->id, "installation_needed", "yes");
  /* delivered tomorrow, still in production; another in ten days: not yet a conflict */
  g_assert_true (fcrm_crm_deal_move (f->crm, early->id, "mfg.production", &error));
  g_assert_no_error (error);
  fcrm_test_deal_set (f->crm, early->id, "delivery_date", "2026-01-13");
  fcrm_test_deal_set (f->crm, planned->id, "delivery_date", "2026-01-22");

  list = conflicts (f->crm, L (12, 0, 0), L (26, 0, 0));
  for (guint i = 0; i < list->len; i++)
    {
      FcrmConflict *k = g_ptr_array_index (list, i);
      FcrmEvent *first = g_ptr_array_index (k->events, 0);

      FcrmConflict **slot = g_str_equal (k->kind, "overlap") ? &overlap
                             : first->kind == FCRM_EVENT_INSTALLATION ? &install : &production;

      g_assert_null (*slot);
      *slot = k;
    }
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_nonnull (overlap);
  g_assert_cmpuint (overlap->events->len, ==, 2);
  g_assert_cmpint (((FcrmEvent *) overlap->events->pdata[0])->deal_id, ==, a->id);
  g_assert_cmpint (((FcrmEvent *) overlap->events->pdata[1])->deal_id, ==, b->id);
  g_assert_nonnull (install);
  g_assert_cmpstr (install->kind, ==, "order");
  g_assert_cmpuint (install->events->len, ==, 2);
  g_assert_cmpint (((FcrmEvent *) install->events->pdata[1])->kind, ==, FCRM_EVENT_DELIVERY);
  g_assert_nonnull (production);
  g_assert_cmpstr (production->kind, ==, "order");
  g_assert_cmpint (((FcrmEvent *) production->events->pdata[0])->deal_id, ==, early->id);

  /* the installation alone in the period: its delivery is named all the same */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = conflicts (f->crm, L (14, 0, 0), L (15, 0, 0));
  g_assert_cmpuint (list->len, ==, 1);
  install = g_ptr_array_index (list, 0);
  g_assert_cmpuint (install->events->len, ==, 2);
  g_assert_cmpint (((FcrmEvent *) install->events->pdata[1])->start, ==, L (15, 10, 0));

  /* production done: the delivery is no longer early */
  g_assert_true (fcrm_crm_deal_move (f->crm, early->id, "mfg.delivery", &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = conflicts (f->crm, L (13, 0, 0), L (14, 0, 0));
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((FcrmConflict *) list->pdata[0])->kind, ==, "overlap");
}

static void
test_move_undo (FcrmTestTeam *f,
                gconstpointer data)
{
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Kitchen", "anna", NULL, NULL, NULL);
  g_autoptr(FcrmScheduleUndo) undo = NULL;
  g_autoptr(FcrmScheduleUndo) task_undo = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) task = NULL;
  g_autofree char *role = NULL;
  FcrmTestSnapshot before;
  FcrmEvent *ev;

  fcrm_test_deal_set (f->crm, kitchen->id, "delivery_date", "2026-01-15");
  events = schedule (f->crm, L (12, 0, 0), L (26, 0, 0), NULL);
  ev = find (events, FCRM_EVENT_DELIVERY, kitchen->id);
  g_assert_nonnull (ev);

  /* another day and time, and the van's driver */
  g_assert_true (fcrm_crm_schedule_move (f->crm, ev, L (20, 14, 30), "boris", &undo, &error));
  g_assert_no_error (error);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (12, 0, 0), L (26, 0, 0), NULL);
  ev = find (events, FCRM_EVENT_DELIVERY, kitchen->id);
  g_assert_cmpint (ev->start, ==, L (20, 14, 30));
  g_assert_cmpint (ev->end, ==, L (20, 16, 30));
  g_assert_false (ev->all_day);
  g_assert_cmpstr (ev->user_login, ==, "boris");
  role = fcrm_crm_deal_participant_role (f->crm, kitchen->id, "boris", &error);
  g_assert_cmpstr (role, ==, "driver");

  /* undo: the date at the default hour again, and nobody drives */
  g_assert_true (fcrm_crm_schedule_undo (f->crm, undo, &error));
  g_assert_no_error (error);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (12, 0, 0), L (26, 0, 0), NULL);
  ev = find (events, FCRM_EVENT_DELIVERY, kitchen->id);
  g_assert_cmpint (ev->start, ==, L (15, 10, 0));
  g_assert_true (ev->all_day);
  g_assert_cmpstr (ev->user_login, ==, "anna");
  g_clear_pointer (&role, g_free);
  role = fcrm_crm_deal_participant_role (f->crm, kitchen->id, "boris", &error);
  g_assert_null (role);
  g_assert_no_error (error);

  /* a move undone after another change of the deal is refused, writing nothing */
  g_clear_pointer (&undo, fcrm_schedule_undo_free);
  g_assert_true (fcrm_crm_schedule_move (f->crm, ev, L (21, 9, 0), NULL, &undo, &error));
  fcrm_test_deal_set (f->crm, kitchen->id, "title", "Kitchen, oak");
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_schedule_undo (f->crm, undo, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  /* a task: its due time and responsible */
  task = fcrm_crm_task_add (f->crm, "Call about the handles", NULL, "2026-01-13", "anna", FCRM_ENTITY_DEAL,
                            kitchen->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (13, 0, 0), L (14, 0, 0), NULL);
  ev = find (events, FCRM_EVENT_TASK, 0);
  g_assert_true (ev->all_day);
  g_assert_true (fcrm_crm_schedule_move (f->crm, ev, L (13, 15, 0), "boris", &task_undo, &error));
  g_assert_no_error (error);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (13, 0, 0), L (14, 0, 0), "boris");
  ev = find (events, FCRM_EVENT_TASK, 0);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->start, ==, L (13, 15, 0));
  g_assert_true (fcrm_crm_schedule_undo (f->crm, task_undo, &error));
  g_assert_no_error (error);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (13, 0, 0), L (14, 0, 0), "anna");
  ev = find (events, FCRM_EVENT_TASK, 0);
  g_assert_nonnull (ev);
  g_assert_true (ev->all_day);
  g_assert_cmpint (ev->start, ==, L (13, 10, 0));

  /* a manager moves her task in time, not to a colleague */
  fcrm_test_set_actor (f->crm, "anna");
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_schedule_move (f->crm, ev, L (13, 16, 0), "boris", NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);
  g_clear_pointer (&task_undo, fcrm_schedule_undo_free);
  g_assert_true (fcrm_crm_schedule_move (f->crm, ev, L (13, 16, 0), NULL, &task_undo, &error));
  g_assert_no_error (error);
  g_assert_true (fcrm_crm_schedule_undo (f->crm, task_undo, &error));
  g_assert_no_error (error);
  fcrm_test_set_actor (f->crm, NULL);

  /* a bad person writes nothing */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_schedule_move (f->crm, ev, L (13, 16, 0), "nobody", NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  fcrm_test_assert_unchanged (f->crm, &before);
}

static void
test_roles (FcrmTestTeam *f,
            gconstpointer data)
{
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Kitchen", "anna", NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) held = NULL;
  g_autofree char *role = NULL;
  g_autoptr(GPtrArray) users = NULL;
  FcrmTestSnapshot before;

  held = fcrm_crm_user_field_roles (f->crm, "boris", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (held), ==, 0);
  g_assert_true (fcrm_crm_user_set_field_roles (f->crm, "boris",
                                                (const char * const[]) { "driver", "measurer", "driver", NULL }, &error));
  g_assert_no_error (error);
  g_clear_pointer (&held, g_strfreev);
  held = fcrm_crm_user_field_roles (f->crm, "boris", &error);
  g_assert_cmpuint (g_strv_length (held), ==, 2);
  g_assert_cmpstr (held[0], ==, "measurer");
  g_assert_cmpstr (held[1], ==, "driver");

  /* a role the person does not do, a role that is none: refused, nothing written */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_deal_add_participant_role (f->crm, kitchen->id, "boris", "installer", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_deal_add_participant_role (f->crm, kitchen->id, "anna", "pilot", &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_user_set_field_roles (f->crm, "anna", (const char * const[]) { "pilot", NULL }, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  g_assert_true (fcrm_crm_deal_add_participant_role (f->crm, kitchen->id, "boris", "driver", &error));
  g_assert_no_error (error);
  /* anna (no field roles set: any) takes the wheel; boris stays, without a role */
  g_assert_true (fcrm_crm_deal_add_participant_role (f->crm, kitchen->id, "anna", "driver", &error));
  g_assert_no_error (error);
  role = fcrm_crm_deal_participant_role (f->crm, kitchen->id, "anna", &error);
  g_assert_cmpstr (role, ==, "driver");
  g_clear_pointer (&role, g_free);
  role = fcrm_crm_deal_participant_role (f->crm, kitchen->id, "boris", &error);
  g_assert_null (role);
  users = fcrm_crm_deal_participants (f->crm, kitchen->id, &error);
  g_assert_cmpuint (users->len, ==, 2);
  /* the same again changes nothing */
  fcrm_test_snapshot (f->crm, &before);
  g_assert_true (fcrm_crm_deal_add_participant_role (f->crm, kitchen->id, "anna", "driver", &error));
  fcrm_test_assert_unchanged (f->crm, &before);

  /* only a supervisor sets who does what */
  fcrm_test_set_actor (f->crm, "anna");
  g_assert_false (fcrm_crm_user_set_field_roles (f->crm, "boris", (const char * const[]) { "driver", NULL }, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
}

static void
test_durations (FcrmTestTeam *f,
                gconstpointer data)
{
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Kitchen", "anna", NULL, NULL, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  FcrmEvent *ev;

  g_assert_cmpint (fcrm_crm_schedule_default_minutes (f->crm, FCRM_EVENT_MEASUREMENT), ==, 60);
  g_assert_cmpint (fcrm_crm_schedule_default_minutes (f->crm, FCRM_EVENT_DELIVERY), ==, 120);
  g_assert_cmpint (fcrm_crm_schedule_default_minutes (f->crm, FCRM_EVENT_INSTALLATION), ==, 240);
  g_assert_cmpint (fcrm_crm_schedule_default_minutes (f->crm, FCRM_EVENT_REPAIR), ==, 120);
  g_assert_true (fcrm_crm_schedule_set_default_minutes (f->crm, FCRM_EVENT_INSTALLATION, 300, &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_crm_schedule_set_default_minutes (f->crm, FCRM_EVENT_INSTALLATION, 2, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (fcrm_crm_schedule_default_minutes (f->crm, FCRM_EVENT_INSTALLATION), ==, 300);

  fcrm_test_deal_set (f->crm, kitchen->id, "installation_date", "2026-01-16");
  events = schedule (f->crm, L (16, 0, 0), L (17, 0, 0), NULL);
  ev = find (events, FCRM_EVENT_INSTALLATION, kitchen->id);
  g_assert_cmpint (ev->end - ev->start, ==, 300 * 60);
  /* this one is short */
  g_assert_true (fcrm_crm_schedule_set_minutes (f->crm, ev, 90, &error));
  g_assert_no_error (error);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = schedule (f->crm, L (16, 0, 0), L (17, 0, 0), NULL);
  ev = find (events, FCRM_EVENT_INSTALLATION, kitchen->id);
  g_assert_cmpint (ev->end - ev->start, ==, 90 * 60);

  fcrm_test_set_actor (f->crm, "anna");
  g_assert_false (fcrm_crm_schedule_set_default_minutes (f->crm, FCRM_EVENT_DELIVERY, 60, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
}

static guint
remind (FcrmTestTeam *f,
        gint64        at,
        gint64        user_id)
{
  g_autoptr(GError) error = NULL;
  guint n = 99;

  fcrm_clock_set (f->db->clock, at);
  g_assert_true (fcrm_crm_schedule_remind (f->crm, user_id, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* The evening before (18:00) and an hour before, once each; a moved event
 * is reminded of again; the times are data a supervisor changes. */
static void
test_reminders (FcrmTestTeam *f,
                gconstpointer data)
{
  g_autoptr(FcrmItem) sofa = add_deal (f, "design", "Sofa corner", "anna", "Зинаида Кузнецова", NULL, "Lenina 5");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GError) error = NULL;
  FcrmNotification *n;

  g_assert_cmpint (fcrm_crm_schedule_remind_evening_hour (f->crm), ==, 18);
  g_assert_cmpint (fcrm_crm_schedule_remind_minutes (f->crm), ==, 60);
  fcrm_test_deal_set (f->crm, sofa->id, "visit_at", "2026-01-13 11:00");
  g_assert_cmpuint (remind (f, L (12, 17, 59), 0), ==, 0);
  g_assert_cmpuint (remind (f, L (12, 18, 0), f->boris), ==, 0);   /* not boris's */
  g_assert_cmpuint (remind (f, L (12, 18, 0), 0), ==, 1);
  g_assert_cmpuint (remind (f, L (12, 18, 5), f->anna), ==, 0);    /* once */
  inbox = fcrm_test_notifications (f->crm, "anna", FALSE, 0);
  g_assert_cmpuint (inbox->len, >=, 1);
  n = g_ptr_array_index (inbox, 0);
  g_assert_true (g_str_has_prefix (n->text, "Tomorrow: 11:00 Measurement: Sofa corner — Зинаида Кузнецова, Lenina 5"));
  g_assert_cmpint (n->entity_id, ==, sofa->id);
  g_assert_cmpuint (remind (f, L (13, 9, 59), 0), ==, 0);
  g_assert_cmpuint (remind (f, L (13, 10, 0), 0), ==, 1);
  g_assert_cmpuint (remind (f, L (13, 10, 30), 0), ==, 0);
  g_assert_cmpuint (remind (f, L (13, 11, 0), 0), ==, 0);          /* begun */

  /* moved to the next day: reminded of again */
  events = schedule (f->crm, L (13, 0, 0), L (14, 0, 0), NULL);
  g_assert_true (fcrm_crm_schedule_move (f->crm, find (events, FCRM_EVENT_MEASUREMENT, sofa->id), L (14, 11, 0), NULL,
                                         NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (remind (f, L (13, 18, 0), 0), ==, 1);

  /* a supervisor turns the evening reminder off and the other to 30 minutes */
  fcrm_test_set_actor (f->crm, "anna");
  g_assert_false (fcrm_crm_schedule_set_reminders (f->crm, -1, 30, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED);
  g_clear_error (&error);
  fcrm_test_set_actor (f->crm, "sveta");
  g_assert_false (fcrm_crm_schedule_set_reminders (f->crm, 25, 30, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (fcrm_crm_schedule_set_reminders (f->crm, -1, 30, &error));
  g_assert_no_error (error);
  fcrm_test_set_actor (f->crm, NULL);
  g_assert_cmpuint (remind (f, L (14, 10, 0), 0), ==, 0);
  g_assert_cmpuint (remind (f, L (14, 10, 30), 0), ==, 1);
}

/* The .ics parses back with libical: one component per event, its UID
 * stable from one export to the next, its times those of the schedule in
 * UTC, the client, phone and address in SUMMARY, DESCRIPTION and LOCATION. */
static void
test_ical (FcrmTestTeam *f,
           gconstpointer data)
{
  g_autoptr(FcrmItem) sofa = add_deal (f, "design", "Sofa", "anna", "Зинаида Кузнецова", "+7 912 345-67-89", "Lenina 5");
  g_autoptr(FcrmItem) kitchen = add_deal (f, "manufacturing", "Kitchen", "boris", NULL, NULL, NULL);
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fcrm_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "schedule.ics", NULL);
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  icalcomponent *calendar;
  guint n = 0;

  fcrm_test_deal_set (f->crm, sofa->id, "visit_at", "2026-01-13 11:00");
  fcrm_test_deal_set (f->crm, kitchen->id, "delivery_date", "2026-01-15");
  task = fcrm_crm_task_add (f->crm, "Call back", NULL, "2026-01-14 09:15", "anna", FCRM_ENTITY_DEAL, sofa->id, &error);
  g_assert_no_error (error);
  events = schedule (f->crm, L (1, 0, 0), L (31, 0, 0), NULL);
  g_assert_cmpuint (events->len, ==, 3);

  g_assert_true (fcrm_crm_export_ical (f->crm, NULL, L (1, 0, 0), L (31, 0, 0), path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  for (icalcomponent *c = icalcomponent_get_first_component (calendar, ICAL_ANY_COMPONENT); c != NULL;
       c = icalcomponent_get_next_component (calendar, ICAL_ANY_COMPONENT), n++)
    {
      const char *uid = icalcomponent_get_uid (c);
      struct icaltimetype start = icalcomponent_get_dtstart (c);
      FcrmEvent *ev = NULL;

      for (guint i = 0; i < events->len; i++)
        {
          g_autofree char *key = fcrm_event_get_key (g_ptr_array_index (events, i));

          if (g_str_has_prefix (uid, key) && uid[strlen (key)] == '-')
            ev = g_ptr_array_index (events, i);
        }
      g_assert_nonnull (ev);
      g_assert_true (icaltime_is_utc (start));
      g_assert_cmpint (icaltime_as_timet_with_zone (start, icaltimezone_get_utc_timezone ()), ==, ev->start);
      if (ev->task_id != 0)
        {
          g_assert_cmpint (icalcomponent_isa (c), ==, ICAL_VTODO_COMPONENT);
          g_assert_cmpint (icaltime_as_timet_with_zone (icalcomponent_get_due (c), NULL), ==, ev->end);
          g_assert_cmpint (ev->start, ==, L (14, 9, 15));
        }
      else
        {
          g_assert_cmpint (icalcomponent_isa (c), ==, ICAL_VEVENT_COMPONENT);
          g_assert_true (icaltime_is_utc (icalcomponent_get_dtend (c)));
          g_assert_cmpint (icaltime_as_timet_with_zone (icalcomponent_get_dtend (c), NULL), ==, ev->end);
        }
      if (ev->deal_id == sofa->id)
        {
          g_assert_nonnull (strstr (icalcomponent_get_summary (c), "Зинаида Кузнецова"));
          g_assert_nonnull (strstr (icalcomponent_get_description (c), "+7 912 345-67-89"));
          g_assert_cmpstr (icalcomponent_get_location (c), ==, "Lenina 5");
        }
    }
  g_assert_cmpuint (n, ==, 3);
  icalcomponent_free (calendar);

  /* the same schedule again: the same file, UIDs and all */
  g_assert_true (fcrm_crm_export_ical (f->crm, NULL, L (1, 0, 0), L (31, 0, 0), path, &error));
  g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
  g_assert_cmpstr (again, ==, text);

  /* one person's: boris drives the kitchen */
  g_assert_true (fcrm_crm_export_ical (f->crm, "boris", L (1, 0, 0), L (31, 0, 0), path, &error));
  g_clear_pointer (&again, g_free);
  g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
  g_assert_nonnull (strstr (again, "deal-" ));
  g_assert_null (strstr (again, "Sofa"));
  g_assert_nonnull (strstr (again, "Kitchen"));

  /* a folder that does not exist: an error, no file */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "no", "such.ics", NULL);
  g_assert_false (fcrm_crm_export_ical (f->crm, NULL, L (1, 0, 0), L (31, 0, 0), path, &error));
  g_assert_nonnull (error);
  fcrm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);
#define ADD(path, fn) g_test_add (path, FcrmTestTeam, NULL, fcrm_test_team_setup, fn, fcrm_test_team_teardown)
  ADD ("/schedule/derive", test_derive);
  ADD ("/schedule/time-zones", test_time_zones);
  ADD ("/schedule/conflicts", test_conflicts);
  ADD ("/schedule/move-undo", test_move_undo);
  ADD ("/schedule/roles", test_roles);
  ADD ("/schedule/durations", test_durations);
  ADD ("/schedule/ical", test_ical);
  ADD ("/schedule/reminders", test_reminders);
#undef ADD
  return g_test_run ();
}
