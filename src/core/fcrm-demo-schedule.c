#define G_LOG_DOMAIN "fcrm-demo"

/* The demo's week of field work around today (issue 15): measurements for
 * the design deals at consultation, deliveries and installations for the
 * manufacturing deals that are that far, repair visits — each with its
 * person in the role, as a planner would have set them through the cards,
 * with one double booking and one delivery ahead of production to find.
 * Written through the same calls as the cards (after the bulk load, so its
 * reminders are queued as the app queues them). */

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-clients.h"
#include "fcrm-inbox.h"
#include "fcrm-schedule-private.h"

typedef struct
{
  FcrmCrm *crm;
  GRand   *rand;
  gint64   today;     /* local midnight */
} Week;

/* the field staff: who does what */
static gboolean
field_staff (Week     *w,
             gboolean  russian,
             GError  **error)
{
  static const struct { const char *login, *ru, *en; const char *roles[4]; } staff[] = {
    { "semyon", "Семён Кузнецов", "Semyon Kuznetsov", { "installer", "master", "driver" } },
    { "dmitry", "Дмитрий Попов", "Dmitry Popov", { "driver", "installer", NULL } },
    { "anna", NULL, NULL, { "measurer", NULL } },
    { "maria", NULL, NULL, { "measurer", NULL } },
    { "olga", NULL, NULL, { "designer", "measurer", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(FcrmUser) u = fcrm_crm_find_user (w->crm, staff[i].login, NULL);

      if (u == NULL && staff[i].ru != NULL)
        u = fcrm_crm_user_add (w->crm, staff[i].login, russian ? staff[i].ru : staff[i].en, "manager", error);
      if (u == NULL)
        return staff[i].ru == NULL;
      if (!fcrm_crm_user_set_field_roles (w->crm, staff[i].login, staff[i].roles, error))
        return FALSE;
    }
  return TRUE;
}

/* up to @limit open deals at @stage, oldest first */
static GArray *
deals_at (Week       *w,
          const char *stage,
          guint       limit,
          GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *local = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (w->crm->store, "SELECT id FROM deals WHERE stage = ? ORDER BY id LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, stage);
  fcrm_stmt_bind_int64 (stmt, 2, limit);
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 id = fcrm_stmt_get_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&ids);
}

/* day @day of the week (0 today, negative before) at @minute of the day */
static gint64
at (Week *w,
    int   day,
    int   minute)
{
  return fcrm_schedule_place (w->today + (gint64) day * 86400 + 12 * 3600, minute);
}

static gboolean
set_time (Week       *w,
          gint64      deal,
          const char *field,
          gint64      when,
          gboolean    date_only,
          GError    **error)
{
  g_autofree char *text = date_only ? fcrm_time_format_date (when) : fcrm_time_format_iso (when);

  return fcrm_crm_deal_set (w->crm, deal, field, text, -1, error);
}

/* a working day of the week around today (the workshop works Saturdays) */
static int
workday (Week *w,
         int   n)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (w->today + 12 * 3600);
  int day = -2, seen = 0;

  for (;; day++)
    {
      g_autoptr(GDateTime) d = g_date_time_add_days (today, day);

      if (g_date_time_get_day_of_week (d) == 7)
        continue;
      if (seen++ == n)
        return day;
    }
}

/* One person's day, filled from the morning: each event after the one
 * before, with the road in between; a full day goes on to the next. */
typedef struct
{
  const char *login;
  int         day;      /* nth workday of the week */
  int         minute;
} Cursor;

#define N_WORKDAYS 7

/* the next free moment of @c for @minutes (0: the week is full) */
static gint64
plan (Week   *w,
      Cursor *c,
      int     minutes)
{
  gint64 t;

  if (c->minute < 9 * 60)
    c->minute = 9 * 60;
  if (c->minute + minutes > 19 * 60)
    {
      c->day++;
      c->minute = 9 * 60;
    }
  if (c->day >= N_WORKDAYS)
    return 0;
  t = at (w, workday (w, c->day), c->minute);
  c->minute += minutes + 30 + 30 * g_rand_int_range (w->rand, 0, 3);
  c->minute = c->minute / 30 * 30;
  return t;
}

static const char * const streets_ru[] = { "ул. Ленина", "пр. Мира", "ул. Гагарина", "ул. Садовая", "Набережная ул.",
  "ул. Пушкина", "ул. Лесная", "ул. Чехова" };
static const char * const streets_en[] = { "Lenina St", "Mira Ave", "Gagarina St", "Sadovaya St", "Embankment St",
  "Pushkina St", "Lesnaya St", "Chekhova St" };

/* the client of a deal visited gets an address, if it has none */
static gboolean
give_address (Week     *w,
              gint64    deal,
              gboolean  russian,
              GError  **error)
{
  g_autofree char *address = NULL;
  g_autofree char *old = NULL;
  gint64 contact = 0;
  guint street = g_rand_int_range (w->rand, 0, G_N_ELEMENTS (streets_ru));

  if (!fcrm_store_query_int (w->crm->store, "SELECT contact_id FROM deals WHERE id = ?", &contact, NULL, error, "i", deal))
    return FALSE;
  if (contact == 0)
    return TRUE;
  old = fcrm_store_query_text (w->crm->store, "SELECT address FROM contacts WHERE id = ?", NULL, "i", contact);
  if (old != NULL)
    return TRUE;
  address = russian ? g_strdup_printf ("%s, д. %d, кв. %d", streets_ru[street], g_rand_int_range (w->rand, 1, 90),
                                       g_rand_int_range (w->rand, 1, 200))
                    : g_strdup_printf ("%d %s, flat %d", g_rand_int_range (w->rand, 1, 90), streets_en[street],
                                       g_rand_int_range (w->rand, 1, 200));
  return fcrm_crm_contact_set (w->crm, contact, "address", address, -1, error);
}

/* minutes after local midnight */
static gint64
local_minute (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);
}

/* a visit (measurement or repair) at the next free time of @c */
static gboolean
visit (Week       *w,
       gint64      deal,
       Cursor     *c,
       const char *role,
       int         minutes,
       gboolean    russian,
       GError    **error)
{
  gint64 when = plan (w, c, minutes);

  if (when == 0)
    return TRUE;
  /* a measurer sees three or four clients a day, across the town */
  if (g_str_equal (role, "measurer"))
    c->minute += g_rand_int_range (w->rand, 2, 6) * 30;
  return set_time (w, deal, "visit_at", when, FALSE, error) &&
         fcrm_crm_deal_add_participant_role (w->crm, deal, c->login, role, error) &&
         give_address (w, deal, russian, error);
}

/* a delivery at the next free time of @c */
static gboolean
deliver (Week     *w,
         gint64    deal,
         Cursor   *c,
         gboolean  russian,
         gint64   *out_when,
         GError  **error)
{
  gint64 when = plan (w, c, 120);

  *out_when = when;
  if (when == 0)
    return TRUE;
  return set_time (w, deal, "delivery_date", when, TRUE, error) &&
         fcrm_store_run (w->crm->store, "UPDATE deals SET delivery_time = ? WHERE id = ?", error, "ii",
                         local_minute (when), deal) &&
         fcrm_crm_deal_add_participant_role (w->crm, deal, c->login, "driver", error) &&
         give_address (w, deal, russian, error);
}

static gboolean
field_work (Week     *w,
            gboolean  russian,
            GError  **error)
{
  Cursor measurers[] = { { "anna", 0, 0 }, { "olga", 0, 11 * 60 }, { "maria", 1, 0 } };
  Cursor driver = { "dmitry", 0, 0 };
  Cursor installer = { "semyon", 0, 0 };
  Cursor master = { "semyon", 0, 0 };
  g_autoptr(GArray) consult = deals_at (w, "design.consultation", 9, error);
  g_autoptr(GArray) contract = NULL, delivery = NULL, installation = NULL, production = NULL;
  g_autoptr(GArray) repair = NULL, paid = NULL;
  gboolean ok = consult != NULL &&
                (contract = deals_at (w, "mfg.contract", 4, error)) != NULL &&
                (delivery = deals_at (w, "mfg.delivery", 8, error)) != NULL &&
                (installation = deals_at (w, "mfg.installation", 5, error)) != NULL &&
                (production = deals_at (w, "mfg.production", 1, error)) != NULL &&
                (repair = deals_at (w, "repair.warranty_repair", 3, error)) != NULL &&
                (paid = deals_at (w, "repair.paid_repair", 3, error)) != NULL;
  gint64 first_installation = 0;

  if (!ok)
    return FALSE;
  /* measurements: at the client's before the design or the contract */
  g_array_append_vals (consult, contract->data, contract->len);
  for (guint i = 0; ok && i < consult->len; i++)
    ok = visit (w, g_array_index (consult, gint64, i), &measurers[i % G_N_ELEMENTS (measurers)], "measurer", 60,
                russian, error);
  /* installations the workday after their delivery, semyon's mornings */
  for (guint i = 0; ok && i < installation->len; i++)
    {
      gint64 id = g_array_index (installation, gint64, i);
      gint64 delivered = 0, when;

      ok = deliver (w, id, &driver, russian, &delivered, error);
      if (!ok || delivered == 0)
        break;
      installer.day = MAX (installer.day, driver.day + 1);
      when = plan (w, &installer, 240);
      if (when == 0)
        break;
      if (first_installation == 0)
        first_installation = when;
      ok = set_time (w, id, "installation_date", when, TRUE, error) &&
           fcrm_crm_deal_set (w->crm, id, "installation_needed", "yes", -1, error) &&
           fcrm_store_run (w->crm->store, "UPDATE deals SET installation_time = ? WHERE id = ?", error, "ii",
                           local_minute (when), id) &&
           fcrm_crm_deal_add_participant_role (w->crm, id, "semyon", "installer", error);
      /* one installation a day: the afternoon is the master's */
      installer.minute = 19 * 60;
    }
  /* deliveries of finished furniture; the last two wait for a date (the side list) */
  for (guint i = 0; ok && i + 2 < delivery->len; i++)
    {
      gint64 when = 0;

      ok = deliver (w, g_array_index (delivery, gint64, i), &driver, russian, &when, error);
    }
  /* repair visits in semyon's afternoons; the first one on top of an installation: a double booking */
  g_array_append_vals (repair, paid->data, paid->len);
  master.minute = 14 * 60;
  for (guint i = 0; ok && i < repair->len; i++)
    {
      gint64 id = g_array_index (repair, gint64, i);

      if (i == 0 && first_installation != 0)
        ok = set_time (w, id, "visit_at", first_installation + 2 * 3600, FALSE, error) &&
             fcrm_crm_deal_add_participant_role (w->crm, id, "semyon", "master", error) &&
             give_address (w, id, russian, error);
      else
        {
          ok = visit (w, id, &master, "master", 120, russian, error);
          /* the next day's afternoon */
          master.day++;
          master.minute = 14 * 60;
        }
    }
  /* and a delivery booked for tomorrow while the furniture is still being made */
  if (ok && production->len > 0)
    {
      gint64 id = g_array_index (production, gint64, 0);

      ok = set_time (w, id, "delivery_date", at (w, 1, 0), TRUE, error) &&
           fcrm_store_run (w->crm->store, "UPDATE deals SET delivery_time = ? WHERE id = ?", error, "ii",
                           (gint64) (17 * 60), id) &&
           fcrm_crm_deal_add_participant_role (w->crm, id, "dmitry", "driver", error) &&
           give_address (w, id, russian, error);
    }
  return ok;
}

gboolean
fcrm_demo_field_week (FcrmCrm  *self,
                      GRand    *rand,
                      gboolean  russian,
                      GError  **error)
{
  Week w = { self, rand, fcrm_schedule_local_midnight (fcrm_clock_now (self->clock)) };

  return field_staff (&w, russian, error) && field_work (&w, russian, error);
}
