#define G_LOG_DOMAIN "fcrm-demo"

/* A realistic, reproducible data set for a furniture workshop: staff, clients,
 * leads from calls and the website, deals in every pipeline with their stage
 * history, as if the firm had been working for the last two months. */

#include <glib/gi18n-lib.h>

#include "fcrm-vocabulary.h"
#include "fcrm-bulk-load.h"
#include "fcrm-crm-private.h"
#include "fcrm-phone.h"
#include "fcrm-robots.h"
#include "fcrm-schedule-private.h"

#define DAY (24 * 60 * 60)

static const char * const first_ru[] = { "Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана",
  "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Иван", "Николай", "Павел", "Юлия", "Екатерина", "Владимир", "Артём" };
static const char * const last_ru[] = { "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
  "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров" };
static const char * const first_en[] = { "Anna", "Maria", "Elena", "Olga", "Tatiana", "Natalia", "Irina", "Svetlana",
  "Alexey", "Dmitry", "Sergey", "Andrey", "Mikhail", "Ivan", "Nikolay", "Pavel", "Julia", "Ekaterina", "Vladimir", "Artem" };
static const char * const last_en[] = { "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov",
  "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alexeev", "Lebedev", "Semenov", "Egorov" };

static const char * const products[] = {
  N_("Kitchen set"), N_("Built-in wardrobe"), N_("Walk-in closet"), N_("Children's room"), N_("Bedroom set"),
  N_("Oak dining table"), N_("Hallway furniture"), N_("Office desks"), N_("Bathroom cabinet"), N_("Bookshelves"),
  N_("Sofa reupholstery"), N_("Kitchen island"), N_("TV wall unit"), N_("Shop fittings"), N_("Loft bed"),
};
static const char * const repairs[] = {
  N_("Broken wardrobe door"), N_("Kitchen drawer runners"), N_("Scratched worktop"), N_("Sagging shelf"),
  N_("Loose chair legs"), N_("Hinges replacement"),
};
static const char * const companies[] = {
  "Uyut", "Dom i Sad", "Severnaya Zvezda", "Arkada", "Stroymontazh", "Kofeynya Zerno", "Hotel Volga", "Studio Loft",
};
/* the same firms as a Russian office writes them (same length: same picks) */
static const char * const companies_ru[] = {
  "Уют", "Дом и Сад", "Северная Звезда", "Аркада", "Строймонтаж", "Кофейня Зерно", "Гостиница Волга", "Студия Лофт",
};
G_STATIC_ASSERT (G_N_ELEMENTS (companies) == G_N_ELEMENTS (companies_ru));

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, (gint32) n)];
}

#define PICK(r, list) pick ((r), (list), G_N_ELEMENTS (list))

static char *
person_name (GRand   *rand,
             gboolean russian)
{
  guint i = g_rand_int_range (rand, 0, G_N_ELEMENTS (first_ru));
  guint j = g_rand_int_range (rand, 0, G_N_ELEMENTS (last_ru));
  /* Russian surnames agree with the first name's gender */
  gboolean female = i < 8 || i == 16 || i == 17;

  if (russian)
    return g_strdup_printf ("%s %s%s", first_ru[i], last_ru[j], female ? "а" : "");
  return g_strdup_printf ("%s %s%s", first_en[i], last_en[j], female ? "a" : "");
}

static char *
phone_number (GRand *rand)
{
  return g_strdup_printf ("+7 9%02d %03d-%02d-%02d", g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 1000),
                          g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 100));
}

static gint64
budget (GRand *rand,
        gint64 lo,
        gint64 hi)
{
  /* round thousands of roubles, in kopecks */
  return (gint64) g_rand_int_range (rand, (gint32) lo, (gint32) hi) * 1000 * 100;
}

static gboolean
ensure_staff (FcrmCrm  *self,
              gboolean  russian,
              GArray   *managers,
              GError  **error)
{
  static const struct { const char *login, *ru, *en, *role; } staff[] = {
    { "anna",  "Анна Смирнова",   "Anna Smirnova",   "manager" },
    { "igor",  "Игорь Волков",    "Igor Volkov",     "manager" },
    { "maria", "Мария Лебедева",  "Maria Lebedeva",  "manager" },
    { "olga",  "Ольга Новикова",  "Olga Novikova",   "designer" },
    { "pavel", "Павел Морозов",   "Pavel Morozov",   "supervisor" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(FcrmUser) u = fcrm_crm_find_user (self, staff[i].login, NULL);

      if (u == NULL)
        u = fcrm_crm_user_add (self, staff[i].login, russian ? staff[i].ru : staff[i].en, staff[i].role, error);
      if (u == NULL)
        return FALSE;
      if (u->role == FCRM_ROLE_MANAGER && u->active)
        g_array_append_val (managers, u->id);
    }
  return TRUE;
}

/* The demo writes in bulk (fcrm_bulk_*): a batch of items at a time, every
 * table in one go, in foreign-key order — one COPY per table and batch on an
 * office server, multi-row INSERTs on a file. The rows are those the app's
 * own actions would have written (an item created at its first stage, moved
 * on, closed) and its robots would have added since, worked out here instead
 * of read back row by row: the stage history, the robots' firings, queued
 * reminders, notifications and tasks. Plain inserts, in a bulk load
 * (fcrm-bulk-load.h): the search rows and column totals are written at the end. */

#define BATCH 10000

enum {
  T_COMPANIES, T_CONTACTS, T_PHONES, T_EMAILS, T_DEALS, T_LEADS,
  T_HISTORY, T_QUEUE, T_FIRINGS, T_NOTIFICATIONS, T_TASKS, N_TABLES
};

/* in the order they are written: a row's references are written before it
 * (a converted lead names its deal) */
static const struct { const char *table, *columns; } tables[N_TABLES] = {
  { "companies", "id, name, created_at, updated_at, created_by" },
  { "contacts", "id, name, company_id, created_at, updated_at, created_by" },
  { "contact_phones", "contact_id, phone, phone_norm" },
  { "contact_emails", "contact_id, email, email_norm" },
  { "deals", "id, title, pipeline, stage, responsible_id, contact_id, budget, source, stage_entered_at, created_at,"
             " updated_at, updated, closed_at, loss_reason, lead_id" },
  { "leads", "id, title, name, phone, phone_norm, source, budget, stage, responsible_id, stage_entered_at,"
             " created_at, updated_at, contact_id, deal_id" },
  { "stage_history", "id, entity_type, entity_id, stage, entered_at, left_at, user_id, cycle_start" },
  { "robot_queue", "robot_id, entry_id, due_at" },
  { "robot_firings", "robot_id, entry_id, fired_at" },
  { "notifications", "user_id, text, subject, person, stage, entity_type, entity_id, robot_id, entry_id, created_at,"
                     " delivered_at, read_at" },
  { "tasks", "title, description, kind, due_at, due_is_date, responsible_id, entity_type, entity_id, done,"
             " created_at, entry_id" },
};

static const char * const table_names[] = {
  "companies", "contacts", "contact_phones", "contact_emails", "deals", "leads", "stage_history", "robot_queue",
  "robot_firings", "notifications", "tasks", NULL
};

typedef struct
{
  gint64 ids[BATCH];
  guint  n;
  guint  next;
} IdPool;

typedef struct
{
  FcrmStore  *store;
  gboolean    russian;      /* names of people in Russian */
  gint64      now;
  gint64      actor;
  GHashTable *users;        /* id → FcrmUser */
  GArray     *supervisors;  /* the active ones' ids, in id order */
  GHashTable *robots;       /* stage → GPtrArray of its enabled FcrmRobot, in firing order */
  GPtrArray  *open[3];       /* of each deal pipeline: where a deal can be (FcrmStage) */
  FcrmBulk   *bulk[N_TABLES];
  IdPool      pools[N_TABLES];
} Demo;

static const char * const pipelines[] = { "manufacturing", "design", "repair" };

/* What a stage's robots see of the item entering it. */
typedef struct
{
  FcrmEntityType  type;
  gint64          id;
  const char     *title;
  gint64          responsible;
  const char     *loss_reason;
  gint64          started;      /* when its first stage was entered */
} Item;

/* the translators decide which names suit the language of the data */
static gboolean
russian_data (void)
{
  return g_strcmp0 (C_("demo data language", "en"), "ru") == 0;
}

static int
compare_user_ids (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = (*(FcrmUser **) a)->id, y = (*(FcrmUser **) b)->id;

  return x < y ? -1 : x > y;
}

static void
demo_free (Demo *d)
{
  for (guint t = 0; t < N_TABLES; t++)
    g_clear_pointer (&d->bulk[t], fcrm_bulk_free);
  g_clear_pointer (&d->users, g_hash_table_unref);
  g_clear_pointer (&d->supervisors, g_array_unref);
  g_clear_pointer (&d->robots, g_hash_table_unref);
  for (guint p = 0; p < G_N_ELEMENTS (d->open); p++)
    g_clear_pointer (&d->open[p], g_ptr_array_unref);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Demo, demo_free)

static gboolean
next_id (Demo    *d,
         guint    table,
         gint64  *out,
         GError **error)
{
  IdPool *pool = &d->pools[table];

  if (pool->next == pool->n)
    {
      if (!fcrm_store_reserve_ids (d->store, tables[table].table, BATCH, pool->ids, error))
        return FALSE;
      pool->n = BATCH;
      pool->next = 0;
    }
  *out = pool->ids[pool->next++];
  return TRUE;
}

/* Everything gathered so far, every table in turn. */
static gboolean
flush (Demo    *d,
       GError **error)
{
  for (guint t = 0; t < N_TABLES; t++)
    if (!fcrm_bulk_flush (d->bulk[t], error))
      return FALSE;
  return TRUE;
}

/* The open stages of a pipeline a deal can be found at: not one whose robot
 * moves it on at once (the hand-over to installation is a moment, not a place). */
static GPtrArray *
open_stages (Demo         *d,
             FcrmPipeline *p)
{
  GPtrArray *open = g_ptr_array_new ();

  for (guint s = 0; s < p->stages->len; s++)
    {
      FcrmStage *st = g_ptr_array_index (p->stages, s);
      GPtrArray *robots = g_hash_table_lookup (d->robots, st->code);
      gboolean moves = g_strcmp0 (st->code, "design.to_installation") == 0;

      for (guint i = 0; robots != NULL && i < robots->len; i++)
        moves |= g_strcmp0 (((FcrmRobot *) g_ptr_array_index (robots, i))->action, "move") == 0;
      if (st->kind == FCRM_STAGE_OPEN && !moves)
        g_ptr_array_add (open, st);
    }
  return open;
}

/* Users and the enabled robots, as the robots of the app would find them. */
static Demo *
demo_new (FcrmCrm *self,
          GError **error)
{
  g_autoptr(Demo) d = g_new0 (Demo, 1);
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (self, error);
  g_autoptr(GPtrArray) robots = NULL;

  if (users == NULL)
    return NULL;
  robots = fcrm_crm_list_robots (self, NULL, error);
  if (robots == NULL)
    return NULL;
  d->store = self->store;
  d->russian = russian_data ();
  d->now = fcrm_clock_now (self->clock);
  d->actor = self->actor != NULL ? self->actor->id : 0;
  d->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  d->supervisors = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_ptr_array_sort (users, compare_user_ids);
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (users, i);

      g_hash_table_insert (d->users, &u->id, g_object_ref (u));
      if (u->role == FCRM_ROLE_SUPERVISOR && u->active)
        g_array_append_val (d->supervisors, u->id);
    }
  d->robots = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, i);
      GPtrArray *of_stage;

      if (!r->enabled)
        continue;
      of_stage = g_hash_table_lookup (d->robots, r->stage);
      if (of_stage == NULL)
        {
          of_stage = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (d->robots, r->stage, of_stage);
        }
      g_ptr_array_add (of_stage, g_object_ref (r));
    }
  for (guint p = 0; p < G_N_ELEMENTS (pipelines); p++)
    d->open[p] = open_stages (d, fcrm_crm_get_pipeline (self, pipelines[p]));
  for (guint t = 0; t < N_TABLES; t++)
    d->bulk[t] = fcrm_bulk_new (self->store, tables[t].table, tables[t].columns);
  return g_steal_pointer (&d);
}

/* Who a robot addresses (as fcrm-robots.c decides): the responsible while
 * active, else (and for "supervisors") the active supervisors; "none" nobody. */
static void
recipients (Demo       *d,
            const char *recipient,
            gint64      responsible,
            GArray     *to)
{
  FcrmUser *u = responsible != 0 ? g_hash_table_lookup (d->users, &responsible) : NULL;

  g_array_set_size (to, 0);
  if (g_strcmp0 (recipient, "responsible") == 0 && u != NULL && u->active)
    g_array_append_val (to, responsible);
  else if (g_strcmp0 (recipient, "none") != 0)
    g_array_append_vals (to, d->supervisors->data, d->supervisors->len);
}

static void
add_task (Demo       *d,
          const char *title,
          const char *description,
          const char *kind,
          gint64      due,
          gboolean    due_is_date,
          gint64      responsible,
          const Item *it,
          gint64      entry,
          gint64      at)
{
  FcrmBulk *b = d->bulk[T_TASKS];

  fcrm_bulk_add_text (b, title);
  fcrm_bulk_add_text (b, description);
  fcrm_bulk_add_text (b, kind);
  fcrm_bulk_add_id (b, due);
  fcrm_bulk_add_int64 (b, due_is_date ? 1 : 0);
  fcrm_bulk_add_id (b, responsible);
  fcrm_bulk_add_text (b, fcrm_entity_type_to_string (it->type));
  fcrm_bulk_add_int64 (b, it->id);
  fcrm_bulk_add_int64 (b, 0);
  fcrm_bulk_add_int64 (b, at);
  fcrm_bulk_add_int64 (b, entry);
}

/* A robot firing at @at (on entry, or a reminder come due). Notifications older than two days were
 * long delivered and read. A robot that moves items on is not replayed: the
 * demo never places an item at such a stage (see open_stages()). */
static void
fire (Demo       *d,
      FcrmRobot  *r,
      const Item *it,
      const char *stage,
      gint64      entry,
      gint64      at)
{
  g_autoptr(GArray) to = g_array_new (FALSE, FALSE, sizeof (gint64));
  FcrmUser *responsible = it->responsible != 0 ? g_hash_table_lookup (d->users, &it->responsible) : NULL;
  gint64 read = at < d->now - 2 * DAY ? at : 0;
  FcrmBulk *b = d->bulk[T_FIRINGS];

  fcrm_bulk_add_int64 (b, r->id);
  fcrm_bulk_add_int64 (b, entry);
  fcrm_bulk_add_int64 (b, at);
  if (g_strcmp0 (r->action, "move") == 0)
    return;

  recipients (d, r->recipient, it->responsible, to);
  if (g_strcmp0 (r->action, "lost_process") == 0)
    {
      /* as fcrm-robots.c's lost process: the callback, and for "other" a task to say why */
      g_autofree char *description = g_strdup_printf ("{loss_reason:%s}", it->loss_reason != NULL ? it->loss_reason : "");
      gint64 who = to->len > 0 ? g_array_index (to, gint64, 0) : 0;

      add_task (d, "Call the client again and offer special terms", description, "callback",
                fcrm_callback_due_date (at), TRUE, who, it, entry, at);
      if (g_strcmp0 (it->loss_reason, "other") == 0)
        add_task (d, "Specify the reason for the loss", NULL, "specify_reason", at + DAY, FALSE, who, it, entry, at);
    }
  else if (g_strcmp0 (r->action, "task") == 0)
    {
      for (guint i = 0; i < to->len; i++)
        add_task (d, r->text, NULL, "robot", at + DAY, FALSE, g_array_index (to, gint64, i), it, entry, at);
      return;
    }

  b = d->bulk[T_NOTIFICATIONS];
  for (guint i = 0; i < to->len; i++)
    {
      fcrm_bulk_add_int64 (b, g_array_index (to, gint64, i));
      fcrm_bulk_add_text (b, r->text);
      fcrm_bulk_add_text (b, it->title);
      fcrm_bulk_add_text (b, responsible != NULL ? responsible->name : NULL);
      fcrm_bulk_add_text (b, stage);
      fcrm_bulk_add_text (b, fcrm_entity_type_to_string (it->type));
      fcrm_bulk_add_int64 (b, it->id);
      fcrm_bulk_add_int64 (b, r->id);
      fcrm_bulk_add_int64 (b, entry);
      fcrm_bulk_add_int64 (b, at);
      fcrm_bulk_add_id (b, read);
      fcrm_bulk_add_id (b, read);
    }
}

static gboolean
history_row (Demo       *d,
             const Item *it,
             const char *stage,
             gint64      entered,
             gint64      left,
             gint64      user,
             gint64     *out_entry,
             GError    **error)
{
  FcrmBulk *b = d->bulk[T_HISTORY];

  if (!next_id (d, T_HISTORY, out_entry, error))
    return FALSE;
  fcrm_bulk_add_int64 (b, *out_entry);
  fcrm_bulk_add_text (b, fcrm_entity_type_to_string (it->type));
  fcrm_bulk_add_int64 (b, it->id);
  fcrm_bulk_add_text (b, stage);
  fcrm_bulk_add_int64 (b, entered);
  fcrm_bulk_add_id (b, left);
  fcrm_bulk_add_id (b, user);
  fcrm_bulk_add_int64 (b, it->started);
  return TRUE;
}

/* A stage the item passed through before the demo's story begins: history
 * only (its robots fired back then; their notifications would long have been read). */
static gboolean
past_entry (Demo       *d,
            const Item *it,
            const char *stage,
            gint64      entered,
            gint64      left,
            GError    **error)
{
  gint64 entry;

  return history_row (d, it, stage, entered, left, 0, &entry, error);
}

/* The item enters @stage at @at, as the app's stage change does: its
 * on-entry robots fire, and while it stays (@left 0) its reminders wait in
 * the queue — or, when due already, are recorded as fired. Reminders of a
 * stage it has left (@left) were cancelled when it left. */
static gboolean
enter (Demo       *d,
       const Item *it,
       const char *stage,
       gint64      at,
       gint64      left,
       GError    **error)
{
  GPtrArray *robots = g_hash_table_lookup (d->robots, stage);
  gint64 entry;

  if (!history_row (d, it, stage, at, left, d->actor, &entry, error))
    return FALSE;
  for (guint i = 0; robots != NULL && i < robots->len; i++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, i);
      FcrmBulk *b;

      if (g_strcmp0 (r->trigger, "on_entry") == 0)
        {
          fire (d, r, it, stage, entry, at);
          continue;
        }
      /* the demo's deals have no visit time: only delays are queued */
      if (left != 0 || g_strcmp0 (r->trigger, "delay") != 0)
        continue;
      /* A reminder due already fired then, with what it wrote (the
       * supervisor's "+3 days" escalations among them, issue 13); a later
       * one waits in the queue. */
      if (at + r->delay <= d->now)
        {
          fire (d, r, it, stage, entry, at + r->delay);
          continue;
        }
      b = d->bulk[T_QUEUE];
      fcrm_bulk_add_int64 (b, r->id);
      fcrm_bulk_add_int64 (b, entry);
      fcrm_bulk_add_int64 (b, at + r->delay);
    }
  return TRUE;
}

static gboolean
generate_contacts (Demo                  *d,
                   GRand                 *rand,
                   const FcrmDemoOptions *opt,
                   GArray                *contacts,
                   GError               **error)
{
  for (guint i = 0; i < opt->contacts; i++)
    {
      g_autofree char *name = person_name (rand, d->russian);
      g_autofree char *phone = phone_number (rand);
      g_autofree char *norm = fcrm_phone_normalize (phone);
      g_autofree char *email = g_strdup_printf ("client%u@example.com", i + 1);
      gint64 company = 0, id = 0;
      gint64 created = d->now - g_rand_int_range (rand, 30, 400) * (gint64) DAY;
      FcrmBulk *b;

      if (i % 6 == 0)
        {
          b = d->bulk[T_COMPANIES];
          if (!next_id (d, T_COMPANIES, &company, error))
            return FALSE;
          fcrm_bulk_add_int64 (b, company);
          fcrm_bulk_add_text (b, d->russian ? PICK (rand, companies_ru) : PICK (rand, companies));
          fcrm_bulk_add_int64 (b, created);
          fcrm_bulk_add_int64 (b, created);
          fcrm_bulk_add_id (b, d->actor);
        }
      if (!next_id (d, T_CONTACTS, &id, error))
        return FALSE;
      b = d->bulk[T_CONTACTS];
      fcrm_bulk_add_int64 (b, id);
      fcrm_bulk_add_text (b, name);
      fcrm_bulk_add_id (b, company);
      fcrm_bulk_add_int64 (b, created);
      fcrm_bulk_add_int64 (b, created);
      fcrm_bulk_add_id (b, d->actor);
      b = d->bulk[T_PHONES];
      fcrm_bulk_add_int64 (b, id);
      fcrm_bulk_add_text (b, phone);
      fcrm_bulk_add_text (b, norm != NULL ? norm : "");
      if (g_rand_boolean (rand))
        {
          g_autofree char *email_norm = fcrm_email_normalize (email);

          b = d->bulk[T_EMAILS];
          fcrm_bulk_add_int64 (b, id);
          fcrm_bulk_add_text (b, email);
          fcrm_bulk_add_text (b, email_norm);
        }
      g_array_append_val (contacts, id);
      if ((i + 1) % BATCH == 0 && !flush (d, error))
        return FALSE;
    }
  return flush (d, error);
}

/* What a deal is made of when it comes from a converted lead: that lead,
 * its title, source and budget, and the moment of the conversion. */
typedef struct
{
  gint64      lead_id;
  const char *title;
  const char *source;
  gint64      budget;
  gint64      created;
  guint       pipeline;   /* index into pipelines[] */
  gint64      deal_id;    /* reserved already: the lead names it */
} FromLead;

/* One deal of @responsible for @contact, created (or converted into) at
 * some moment and walked forward through its stages since; some were won or
 * lost a little later. */
static gboolean
add_deal (Demo            *d,
          GRand           *rand,
          gint64           responsible,
          GArray          *contacts,
          const FromLead  *from,
          GError         **error)
{
  const char * const *sources = fcrm_lead_sources ();
  const guint n_sources = g_strv_length ((char **) sources);
  static const char * const reasons[] = { "expensive", "not_relevant", "no_response", "other" };
  GPtrArray **open = d->open;
  guint roll = g_rand_int_range (rand, 0, 10);
  guint pi = from != NULL ? from->pipeline : roll < 5 ? 0 : roll < 8 ? 1 : 2;
  const char *pipeline = pipelines[pi];
  gint64 created = d->now - g_rand_int_range (rand, DAY / 2, 60 * DAY);
  Item it = { FCRM_ENTITY_DEAL, 0, NULL, responsible };
  gint64 contact = contacts->len > 0 ? g_array_index (contacts, gint64, g_rand_int_range (rand, 0, contacts->len)) : 0;
  guint outcome = g_rand_int_range (rand, 0, 100);
  g_autofree char *final = NULL;
  const char *at_stage, *source;
  gint64 times[16], t, closed, money;
  guint target, reached = 0;
  FcrmBulk *b = d->bulk[T_DEALS];

  it.title = g_dgettext (GETTEXT_PACKAGE, pi == 2 ? PICK (rand, repairs) : PICK (rand, products));
  if (from != NULL)
    {
      /* what the conversion carried over; a client who came back is won more often */
      created = from->created;
      it.title = from->title;
      outcome /= 2;
    }
  /* walk forward through the stages, a few days each: the row is written
   * at the stage the deal is at now, the earlier ones are history */
  target = g_rand_int_range (rand, 0, open[pi]->len);
  times[0] = created;
  for (guint s = 0; s < target && s + 1 < G_N_ELEMENTS (times); s++)
    {
      gint64 next = times[s] + g_rand_int_range (rand, 3600, 4 * DAY);

      if (next >= d->now)
        break;
      times[s + 1] = next;
      reached = s + 1;
    }
  target = reached;
  t = times[target];
  it.started = created;
  at_stage = ((FcrmStage *) g_ptr_array_index (open[pi], target))->code;
  money = pi == 2 ? budget (rand, 3, 40) : budget (rand, 60, 900);
  source = sources[g_rand_int_range (rand, 0, n_sources)];
  if (from != NULL)
    {
      source = from->source;
      money = from->budget > 0 ? from->budget : money;
    }
  /* and some were won or lost a little later */
  closed = t + g_rand_int_range (rand, 3600, 3 * DAY);
  if (closed < d->now && outcome < 18)
    {
      final = g_strdup_printf ("%s.%s", pi == 0 ? "mfg" : pipeline, outcome < 11 ? "won" : "lost");
      it.loss_reason = outcome < 11 ? NULL : reasons[outcome % 4];
    }
  else
    closed = 0;

  if (from != NULL)
    it.id = from->deal_id;
  else if (!next_id (d, T_DEALS, &it.id, error))
    return FALSE;
  fcrm_bulk_add_int64 (b, it.id);
  fcrm_bulk_add_text (b, it.title);
  fcrm_bulk_add_text (b, pipeline);
  fcrm_bulk_add_text (b, final != NULL ? final : at_stage);
  fcrm_bulk_add_id (b, it.responsible);
  fcrm_bulk_add_id (b, contact);
  fcrm_bulk_add_int64 (b, money);
  fcrm_bulk_add_text (b, source);
  fcrm_bulk_add_int64 (b, final != NULL ? closed : t);
  fcrm_bulk_add_int64 (b, created);
  fcrm_bulk_add_int64 (b, final != NULL ? closed : t);
  fcrm_bulk_add_int64 (b, final != NULL ? 1 : 0);   /* closing was a change of the row */
  fcrm_bulk_add_id (b, closed);
  fcrm_bulk_add_text (b, it.loss_reason);
  fcrm_bulk_add_id (b, from != NULL ? from->lead_id : 0);

  for (guint s = 0; s < target; s++)
    if (!past_entry (d, &it, ((FcrmStage *) g_ptr_array_index (open[pi], s))->code, times[s], times[s + 1], error))
      return FALSE;
  {
    /* the loss reason is set on closing: the open stage's robots did not see it */
    Item before = it;

    before.loss_reason = NULL;
    if (!enter (d, &before, at_stage, t, closed, error))
      return FALSE;
  }
  return final == NULL || enter (d, &it, final, closed, 0, error);
}

/* Lead conversion (SPEC §3.3) as the app writes it, for a lead of a client
 * already on file: the lead, linked to that contact, passed In progress and
 * went to its conversion stage, and the deal it became (its lead_id) starts
 * then, with the lead's title, source and budget. */
static const char * const conversion_stages[] = { "lead.to_manufacturing", "lead.to_design", "lead.to_repair" };

static gboolean
generate_leads (Demo                  *d,
                GRand                 *rand,
                const FcrmDemoOptions *opt,
                GArray                *managers,
                GArray                *contacts,
                guint                 *out_converted,
                GError               **error)
{
  const char * const *sources = fcrm_lead_sources ();
  const guint n_sources = g_strv_length ((char **) sources);
  static const char * const lead_stages[] = { "lead.new", "lead.new", "lead.in_progress", "lead.in_progress",
                                              "lead.in_progress", "lead.junk" };

  for (guint i = 0; i < opt->leads; i++)
    {
      g_autofree char *name = person_name (rand, d->russian);
      g_autofree char *phone = phone_number (rand);
      g_autofree char *norm = fcrm_phone_normalize (phone);
      const char *source = sources[g_rand_int_range (rand, 0, n_sources)];
      const char *stage = PICK (rand, lead_stages);
      gint64 created = d->now - g_rand_int_range (rand, 0, 45 * DAY);
      Item it = { FCRM_ENTITY_LEAD, 0, NULL, managers->len > 0 ? g_array_index (managers, gint64, i % managers->len) : 0 };
      gint64 entered, converted = 0, lead_budget;
      FromLead from = { 0 };
      FcrmBulk *b = d->bulk[T_LEADS];

      /* a few arrive while the day is young and are still untouched */
      if (i % 10 == 0)
        created = d->now - g_rand_int_range (rand, 600, 20 * 3600), stage = "lead.new";
      it.title = g_dgettext (GETTEXT_PACKAGE, PICK (rand, products));
      it.started = created;
      entered = created;
      if (g_strcmp0 (stage, "lead.new") != 0)
        entered = MIN (created + g_rand_int_range (rand, 600, 2 * DAY), d->now);
      lead_budget = g_rand_boolean (rand) ? budget (rand, 40, 600) : 0;

      /* about one lead in four of those worked on was converted into a deal */
      if (i % 4 == 3 && *out_converted < opt->deals && contacts->len > 0 && g_strcmp0 (stage, "lead.new") != 0)
        {
          converted = MIN (entered + g_rand_int_range (rand, 3600, 3 * DAY), d->now - 600);
          if (converted <= entered)
            converted = 0;
        }
      if (converted != 0)
        {
          guint roll = g_rand_int_range (rand, 0, 10);

          from.pipeline = roll < 7 ? 0 : roll < 9 ? 1 : 2;
          from.created = converted;
          from.title = it.title;
          from.source = source;
          from.budget = lead_budget;
          stage = conversion_stages[from.pipeline];
          if (!next_id (d, T_DEALS, &from.deal_id, error))
            return FALSE;
        }

      /* the row is written where the lead is now; its earlier stage is history */
      if (!next_id (d, T_LEADS, &it.id, error))
        return FALSE;
      from.lead_id = it.id;
      fcrm_bulk_add_int64 (b, it.id);
      fcrm_bulk_add_text (b, it.title);
      fcrm_bulk_add_text (b, name);
      fcrm_bulk_add_text (b, phone);
      fcrm_bulk_add_text (b, norm);
      fcrm_bulk_add_text (b, source);
      fcrm_bulk_add_int64 (b, lead_budget);
      fcrm_bulk_add_text (b, stage);
      fcrm_bulk_add_id (b, it.responsible);
      fcrm_bulk_add_int64 (b, converted != 0 ? converted : entered);
      fcrm_bulk_add_int64 (b, created);
      fcrm_bulk_add_int64 (b, converted != 0 ? converted : entered);
      if (converted != 0)
        {
          /* the client on file whose lead it was */
          gint64 contact = g_array_index (contacts, gint64, g_rand_int_range (rand, 0, contacts->len));
          GArray one = { (char *) &contact, 1 };

          fcrm_bulk_add_id (b, contact);
          fcrm_bulk_add_id (b, from.deal_id);
          if ((entered != created && !past_entry (d, &it, "lead.new", created, entered, error)) ||
              !past_entry (d, &it, "lead.in_progress", entered, converted, error) ||
              !enter (d, &it, stage, converted, 0, error) ||
              !add_deal (d, rand, it.responsible, &one, &from, error))
            return FALSE;
          (*out_converted)++;
        }
      else
        {
          fcrm_bulk_add_id (b, 0);
          fcrm_bulk_add_id (b, 0);
          if (entered != created && !past_entry (d, &it, "lead.new", created, entered, error))
            return FALSE;
          if (!enter (d, &it, stage, entered, 0, error))
            return FALSE;
        }
      if ((i + 1) % BATCH == 0 && !flush (d, error))
        return FALSE;
    }
  return flush (d, error);
}

static gboolean
generate_deals (Demo                  *d,
                GRand                 *rand,
                guint                  n,
                GArray                *managers,
                GArray                *contacts,
                GError               **error)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 responsible = managers->len > 0 ? g_array_index (managers, gint64, (i + 1) % managers->len) : 0;

      if (!add_deal (d, rand, responsible, contacts, NULL, error))
        return FALSE;
      if ((i + 1) % BATCH == 0 && !flush (d, error))
        return FALSE;
    }
  return flush (d, error);
}

static gboolean
generate (FcrmCrm               *self,
          const FcrmDemoOptions *opt,
          GError               **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (opt->seed);
  g_autoptr(GArray) managers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(Demo) d = NULL;
  g_autoptr(FcrmBulkLoad) load = NULL;
  guint converted = 0;
  gboolean ok;

  if (fcrm_store_has_server_rules (self->store) && !fcrm_crm_is_server_admin (self))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("Only the office server's administrator can load demo data: it writes every person's leads, deals and inbox."));
      return FALSE;
    }
  if (!ensure_staff (self, russian_data (), managers, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  d = demo_new (self, error);
  ok = d != NULL &&
       fcrm_store_defer_foreign_keys (self->store, table_names, error) &&
       (load = fcrm_bulk_load_begin (self->store, table_names, error)) != NULL &&
       generate_contacts (d, rand, opt, contacts, error) &&
       generate_leads (d, rand, opt, managers, contacts, &converted, error) &&
       generate_deals (d, rand, opt->deals - converted, managers, contacts, error) &&
       fcrm_bulk_load_end (g_steal_pointer (&load), error) &&
       fcrm_store_check_foreign_keys (self->store, error) &&
       fcrm_demo_field_week (self, rand, russian_data (), error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_demo (FcrmCrm               *self,
               const FcrmDemoOptions *options,
               GError               **error)
{
  gboolean bulk;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  /* a bulk load touches every index page: keep them in memory for the while */
  bulk = options->leads + options->deals + options->contacts > 10000;
  if (bulk)
    fcrm_store_set_bulk_mode (self->store, TRUE);
  ok = generate (self, options, error);
  if (bulk)
    fcrm_store_set_bulk_mode (self->store, FALSE);
  return ok;
}
