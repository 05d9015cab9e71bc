#define G_LOG_DOMAIN "fcrm-demo"

/* A realistic, reproducible data set for a furniture workshop: staff, clients,
 * leads from calls and the website, deals in every pipeline with their stage
 * history, as if the firm had been working for the last two months. */

#include <glib/gi18n-lib.h>

#include "fcrm-vocabulary.h"
#include "fcrm-crm-private.h"
#include "fcrm-phone.h"

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

#define exec_int(self, sql, a, b, error) fcrm_store_run ((self)->store, sql, error, "ii", (gint64) (a), (gint64) (b))

/* A stage entry the item has already left: history only. Its robots fired
 * back then; their notifications would long have been read. */
static gboolean
past_entry (FcrmCrm        *self,
            FcrmEntityType  type,
            gint64          id,
            const char     *stage,
            gint64          entered,
            gint64          left,
            GError        **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "INSERT INTO stage_history (entity_type, entity_id, stage, entered_at, left_at) "
                                       "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  fcrm_stmt_bind_text (stmt, 3, stage);
  fcrm_stmt_bind_int64 (stmt, 4, entered);
  fcrm_stmt_bind_int64 (stmt, 5, left);
  return fcrm_stmt_run (stmt, error);
}

/* What robots would have done while the firm worked: past due reminders are
 * recorded as fired, and old notifications as delivered and read. */
static gboolean
settle_history (FcrmCrm *self,
                gint64   now,
                GError **error)
{
  return exec_int (self,
                   "INSERT INTO robot_firings (robot_id, entry_id, fired_at) "
                   "SELECT robot_id, entry_id, due_at FROM robot_queue WHERE due_at <= ? AND ? > 0 "
                   "ON CONFLICT (robot_id, entry_id) DO NOTHING", now, 1, error) &&
         exec_int (self, "DELETE FROM robot_queue WHERE due_at <= ? AND ? > 0", now, 1, error) &&
         exec_int (self,
                   "UPDATE notifications SET delivered_at = created_at, read_at = created_at "
                   "WHERE created_at < ? AND ? > 0", now - 2 * DAY, 1, error);
}

static gboolean
generate (FcrmCrm               *self,
          const FcrmDemoOptions *opt,
          GError               **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (opt->seed);
  g_autoptr(GArray) managers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* the translators decide which names suit the language of the data */
  gboolean russian = g_strcmp0 (C_("demo data language", "en"), "ru") == 0;
  gint64 now = fcrm_clock_now (self->clock);
  const char * const *sources = fcrm_lead_sources ();
  const guint n_sources = g_strv_length ((char **) sources);
  static const char * const lead_stages[] = { "lead.new", "lead.new", "lead.in_progress", "lead.in_progress",
                                              "lead.in_progress", "lead.junk" };

  if (!ensure_staff (self, russian, managers, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;

  for (guint i = 0; i < opt->contacts; i++)
    {
      g_autofree char *name = person_name (rand, russian);
      g_autofree char *phone = phone_number (rand);
      g_autofree char *email = g_strdup_printf ("client%u@example.com", i + 1);
      gint64 company = 0, id = 0;
      gint64 created = now - g_rand_int_range (rand, 30, 400) * (gint64) DAY;

      if (i % 6 == 0 &&
          !fcrm_crm_insert_company (self, PICK (rand, companies), created, &company, error))
        goto fail;
      if (!fcrm_crm_insert_contact (self, name, phone, g_rand_boolean (rand) ? email : NULL, company, created, &id, error))
        goto fail;
      g_array_append_val (contacts, id);
    }

  for (guint i = 0; i < opt->leads; i++)
    {
      g_autofree char *name = person_name (rand, russian);
      g_autofree char *phone = phone_number (rand);
      g_autofree char *norm = fcrm_phone_normalize (phone);
      g_autofree char *title = NULL;
      const char *source = sources[g_rand_int_range (rand, 0, n_sources)];
      const char *stage = PICK (rand, lead_stages);
      gint64 created = now - g_rand_int_range (rand, 0, 45 * DAY);
      gint64 responsible = managers->len > 0 ? g_array_index (managers, gint64, i % managers->len) : 0;
      gint64 id = 0, entered;
      GError *local = NULL;
      FcrmStmt *stmt;

      /* a few arrive while the day is young and are still untouched */
      if (i % 10 == 0)
        created = now - g_rand_int_range (rand, 600, 20 * 3600), stage = "lead.new";
      title = g_strdup (g_dgettext (GETTEXT_PACKAGE, PICK (rand, products)));
      entered = created;
      if (g_strcmp0 (stage, "lead.new") != 0)
        entered = MIN (created + g_rand_int_range (rand, 600, 2 * DAY), now);

      /* the row is written where the lead is now; its earlier stage is history */
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO leads (title, name, phone, phone_norm, source, budget, stage, responsible_id,"
                                 "  stage_entered_at, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
      if (stmt == NULL)
        goto fail;
      fcrm_stmt_bind_text (stmt, 1, title);
      fcrm_stmt_bind_text (stmt, 2, name);
      fcrm_stmt_bind_text (stmt, 3, phone);
      fcrm_stmt_bind_text (stmt, 4, norm);
      fcrm_stmt_bind_text (stmt, 5, source);
      fcrm_stmt_bind_int64 (stmt, 6, g_rand_boolean (rand) ? budget (rand, 40, 600) : 0);
      fcrm_stmt_bind_text (stmt, 7, stage);
      fcrm_stmt_bind_id (stmt, 8, responsible);
      fcrm_stmt_bind_int64 (stmt, 9, entered);
      fcrm_stmt_bind_int64 (stmt, 10, created);
      fcrm_stmt_bind_int64 (stmt, 11, entered);
      if (fcrm_stmt_step (stmt, &local))
        id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          goto fail;
        }
      if (entered != created &&
          !past_entry (self, FCRM_ENTITY_LEAD, id, "lead.new", created, entered, error))
        goto fail;
      if (!fcrm_crm_enter_first_stage (self, FCRM_ENTITY_LEAD, id, stage, entered, error))
        goto fail;
    }

  for (guint i = 0; i < opt->deals; i++)
    {
      guint roll = g_rand_int_range (rand, 0, 10);
      const char *pipeline = roll < 5 ? "manufacturing" : roll < 8 ? "design" : "repair";
      FcrmPipeline *p = fcrm_crm_get_pipeline (self, pipeline);
      g_autoptr(GPtrArray) open = g_ptr_array_new ();
      g_autofree char *title = NULL;
      gint64 created = now - g_rand_int_range (rand, DAY / 2, 60 * DAY);
      gint64 responsible = managers->len > 0 ? g_array_index (managers, gint64, (i + 1) % managers->len) : 0;
      gint64 contact = contacts->len > 0 ? g_array_index (contacts, gint64, g_rand_int_range (rand, 0, contacts->len)) : 0;
      gint64 id = 0, t = created;
      guint target, outcome = g_rand_int_range (rand, 0, 100);

      for (guint s = 0; s < p->stages->len; s++)
        {
          FcrmStage *st = g_ptr_array_index (p->stages, s);
          /* the automatic hand-over stage is a moment, not a place */
          if (st->kind == FCRM_STAGE_OPEN && g_strcmp0 (st->code, "design.to_installation") != 0)
            g_ptr_array_add (open, st);
        }
      title = g_strdup (g_dgettext (GETTEXT_PACKAGE, g_strcmp0 (pipeline, "repair") == 0 ? PICK (rand, repairs)
                                                                                          : PICK (rand, products)));
      /* walk forward through the stages, a few days each: the row is written
       * at the stage the deal is at now, the earlier ones are history */
      target = g_rand_int_range (rand, 0, open->len);
      {
        gint64 times[16];
        guint reached = 0;

        times[0] = t;
        for (guint s = 0; s < target && s + 1 < G_N_ELEMENTS (times); s++)
          {
            gint64 next = times[s] + g_rand_int_range (rand, 3600, 4 * DAY);

            if (next >= now)
              break;
            times[s + 1] = next;
            reached = s + 1;
          }
        target = reached;
        t = times[target];

        {
          GError *local = NULL;
          FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                               "INSERT INTO deals (title, pipeline, stage, responsible_id, contact_id, budget,"
                                               "  source, stage_entered_at, created_at, updated_at) "
                                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
          if (stmt == NULL)
            goto fail;
          fcrm_stmt_bind_text (stmt, 1, title);
          fcrm_stmt_bind_text (stmt, 2, pipeline);
          fcrm_stmt_bind_text (stmt, 3, ((FcrmStage *) g_ptr_array_index (open, target))->code);
          fcrm_stmt_bind_id (stmt, 4, responsible);
          fcrm_stmt_bind_id (stmt, 5, contact);
          fcrm_stmt_bind_int64 (stmt, 6, g_strcmp0 (pipeline, "repair") == 0 ? budget (rand, 3, 40) : budget (rand, 60, 900));
          fcrm_stmt_bind_text (stmt, 7, sources[g_rand_int_range (rand, 0, n_sources)]);
          fcrm_stmt_bind_int64 (stmt, 8, t);
          fcrm_stmt_bind_int64 (stmt, 9, created);
          fcrm_stmt_bind_int64 (stmt, 10, t);
          if (fcrm_stmt_step (stmt, &local))
            id = fcrm_stmt_get_int64 (stmt, 0);
          fcrm_stmt_reset (stmt);
          if (local != NULL)
            {
              g_propagate_error (error, local);
              goto fail;
            }
        }
        for (guint s = 0; s < target; s++)
          if (!past_entry (self, FCRM_ENTITY_DEAL, id, ((FcrmStage *) g_ptr_array_index (open, s))->code,
                           times[s], times[s + 1], error))
            goto fail;
        if (!fcrm_crm_enter_first_stage (self, FCRM_ENTITY_DEAL, id, ((FcrmStage *) g_ptr_array_index (open, target))->code,
                                         t, error))
          goto fail;
      }

      t += g_rand_int_range (rand, 3600, 3 * DAY);
      if (t < now && outcome < 18)
        {
          g_autofree char *final = g_strdup_printf ("%s.%s", g_strcmp0 (pipeline, "manufacturing") == 0 ? "mfg" : pipeline,
                                                    outcome < 11 ? "won" : "lost");
          const char *reasons[] = { "expensive", "not_relevant", "no_response", "other" };
          FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                               "UPDATE deals SET closed_at = ?, loss_reason = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          fcrm_stmt_bind_int64 (stmt, 1, t);
          fcrm_stmt_bind_text (stmt, 2, outcome < 11 ? NULL : reasons[outcome % 4]);
          fcrm_stmt_bind_int64 (stmt, 3, id);
          if (!fcrm_stmt_run (stmt, error) ||
              !fcrm_crm_enter_stage (self, FCRM_ENTITY_DEAL, id, final, t, 0, error))
            goto fail;
        }
    }

  if (!settle_history (self, now, error))
    goto fail;
  return fcrm_crm_finish (self, TRUE, error);

fail:
  fcrm_crm_finish (self, FALSE, NULL);
  return FALSE;
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
