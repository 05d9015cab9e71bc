/* The inbox (SPEC §3.5, §3.7): rendered texts in English and Russian, a
 * user's notifications newest first, once-only delivery with several
 * instances and processes, read marks. The task list is in test-tasks.c. */

#include <libintl.h>
#include <locale.h>

#include "fcrm-test-race.h"
#include "fcrm-test-util.h"
#include "fcrm-inbox.h"
#include "fcrm-robots.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

#define NEW_LEAD    "New lead “{item}”: process it."
#define LONG_DEAL   "The deal “{item}” has been at the stage “{stage}” for 3 days. Responsible: {responsible}."

typedef FcrmTestTeam Fixture;

static GPtrArray *
take (FcrmCrm *crm,
      gint64   user_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = fcrm_crm_notifications_take_undelivered (crm, user_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

/* "t1|t2|…": titles of a task list, or texts of a notification list. */

static char *
notification_texts (GPtrArray *list)
{
  return fcrm_test_join (list, G_STRUCT_OFFSET (FcrmNotification, text));
}

/* --- rendering ----------------------------------------------------------- */

static void
test_render_english (void)
{
  struct { const char *text, *item, *stage, *resp, *want; } cases[] = {
    { NEW_LEAD, "Kitchen", "Unprocessed", "Anna Ivanova", "New lead “Kitchen”: process it." },
    { LONG_DEAL, "Wardrobe", "Contract", "Anna Ivanova",
      "The deal “Wardrobe” has been at the stage “Contract” for 3 days. Responsible: Anna Ivanova." },
    { LONG_DEAL, "Wardrobe", "Contract", NULL,
      "The deal “Wardrobe” has been at the stage “Contract” for 3 days. Responsible: nobody." },
    { LONG_DEAL, "Wardrobe", "Contract", "",
      "The deal “Wardrobe” has been at the stage “Contract” for 3 days. Responsible: nobody." },
    { "{item}, {item} and {item}", "A", NULL, NULL, "A, A and A" },
    { "{stage}/{stage}", NULL, "Design", NULL, "Design/Design" },
    { "No placeholders at all.", "x", "y", "z", "No placeholders at all." },
    { "Item «{item}»", NULL, NULL, NULL, "Item «»" },
    { NULL, "x", "y", "z", "" },
    /* a title that looks like a placeholder is the user's text, not ours */
    { "«{item}» at {stage}, {responsible}", "Sofa {stage} {responsible}", "Delivery", "Anna",
      "«Sofa {stage} {responsible}» at Delivery, Anna" },
    { "{unknown} {item", "x", "y", "z", "{unknown} {item" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = fcrm_render_text (cases[i].text, cases[i].item, cases[i].stage, cases[i].resp);
      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

/* The notifications the robots write come back rendered in English. */
static void
test_render_stored (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) nadia = fcrm_crm_user_add (f->crm, "nadia", "Nadia Orlova", "manager", &error);
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) orphan = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) sv = NULL;

  g_assert_no_error (error);
  deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak wardrobe", "nadia");
  orphan = fcrm_test_add_deal (f->crm, "manufacturing", "Nobody's chair", NULL);
  /* responsible NULL: the acting user, and there is none */
  g_assert_cmpint (orphan->responsible_id, ==, 0);
  g_assert_cmpuint (fcrm_test_run_robots (f->crm, f->db->clock, f->t0 + 3 * DAY + 1), >=, 2);

  mine = fcrm_test_notifications (f->crm, "nadia", FALSE, 0);
  g_assert_cmpuint (mine->len, ==, 2);
  {
    FcrmNotification *n1 = g_ptr_array_index (mine, 0), *n0 = g_ptr_array_index (mine, 1);

    g_assert_cmpstr (n1->text, ==, "Reminder: the deal “Oak wardrobe” has not moved for a day.");
    g_assert_cmpstr (n0->text, ==, "New deal “Oak wardrobe”: discuss the terms and sign the contract.");
    g_assert_cmpint (n0->entity_type, ==, FCRM_ENTITY_DEAL);
    g_assert_cmpint (n0->entity_id, ==, deal->id);
    g_assert_cmpint (n0->user_id, ==, nadia->id);
    g_assert_cmpstr (n0->user_login, ==, "nadia");
    g_assert_cmpint (n0->created_at, ==, f->t0);
    g_assert_cmpint (n1->created_at, ==, f->t0 + 3 * DAY + 1);
  }

  /* the supervisor's 3-day notice names the stage and the responsible */
  sv = fcrm_test_notifications (f->crm, "sveta", FALSE, 0);
  {
    g_autofree char *texts = notification_texts (sv);

    g_assert_nonnull (strstr (texts, "The deal “Oak wardrobe” has been at the stage “Contract” for 3 days. "
                                     "Responsible: Nadia Orlova."));
    g_assert_nonnull (strstr (texts, "The deal “Nobody's chair” has been at the stage “Contract” for 3 days. "
                                     "Responsible: nobody."));
    g_assert_null (strchr (texts, '{'));
  }
}

/* Russian: the test cannot count on installed catalogs, so it checks what
 * rendering must do whatever the catalog says — every placeholder is filled,
 * the stage comes out as the stage's name in the user's language (English
 * when untranslated), nobody responsible gives the translated "nobody", and
 * Russian data and Russian robot texts pass through intact. */
static void
test_render_russian (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) anya = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) orphan = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *nobody, *stage_name;
  gint64 robot;

  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    g_test_message ("ru_RU.UTF-8 is not installed: checking the fallback under LANGUAGE=ru only");
  g_setenv ("LANGUAGE", "ru", TRUE);

  nobody = g_dgettext (GETTEXT_PACKAGE, "nobody");
  stage_name = fcrm_stage_get_name (fcrm_crm_get_stage (f->crm, "repair.warranty_check"));
  g_assert_nonnull (stage_name);
  g_assert_cmpstr (stage_name, ==, g_dgettext (GETTEXT_PACKAGE, "Warranty check"));
  g_assert_cmpstr (nobody, !=, "");

  /* a template text: the catalog's wording (or English), placeholders filled */
  {
    g_autofree char *got = fcrm_render_text (LONG_DEAL, "Кухня Ивановых", stage_name, "Анна Иванова");
    g_autofree char *want = g_strdup (g_dgettext (GETTEXT_PACKAGE, LONG_DEAL));
    g_autoptr(GString) w = g_string_new (want);

    g_string_replace (w, "{item}", "Кухня Ивановых", 0);
    g_string_replace (w, "{stage}", stage_name, 0);
    g_string_replace (w, "{responsible}", "Анна Иванова", 0);
    g_assert_cmpstr (got, ==, w->str);
    g_assert_nonnull (strstr (got, "Кухня Ивановых"));
    g_assert_nonnull (strstr (got, stage_name));
    g_assert_nonnull (strstr (got, "Анна Иванова"));
    g_assert_null (strchr (got, '{'));
    g_assert_true (g_utf8_validate (got, -1, NULL));
  }
  {
    g_autofree char *got = fcrm_render_text ("Ответственный: {responsible}.", "x", "y", NULL);
    g_autofree char *want = g_strdup_printf ("Ответственный: %s.", nobody);

    g_assert_cmpstr (got, ==, want);
  }

  /* end to end: a robot worded in Russian by the firm, on a Russian user's deal */
  anya = fcrm_crm_user_add (f->crm, "anya", "Анна Иванова", "manager", &error);
  g_assert_no_error (error);
  robot = fcrm_crm_robot_add (f->crm, &(FcrmRobotInput) {
                                .stage = "repair.warranty_check", .trigger = "on_entry",
                                .recipient = "supervisors", .action = "notify",
                                .text = "Сделка «{item}» на этапе «{stage}». Ответственный: {responsible}." }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (robot, >, 0);
  deal = fcrm_test_add_deal (f->crm, "repair", "Шкаф-купе: дверь", "anya");
  orphan = fcrm_test_add_deal (f->crm, "repair", "Стул без хозяина", NULL);
  g_assert_true (fcrm_crm_deal_move (f->crm, deal->id, "repair.warranty_check", &error));
  g_assert_no_error (error);
  fcrm_clock_advance (f->db->clock, 60);
  g_assert_true (fcrm_crm_deal_move (f->crm, orphan->id, "repair.warranty_check", &error));
  g_assert_no_error (error);

  /* sveta also stands in for nobody on the orphan's template notice: keep the firm's robot's */
  list = fcrm_test_notifications (f->crm, "sveta", FALSE, 0);
  for (guint i = list->len; i-- > 0;)
    if (!g_str_has_prefix (((FcrmNotification *) g_ptr_array_index (list, i))->text, "Сделка «"))
      g_ptr_array_remove_index (list, i);
  g_assert_cmpuint (list->len, ==, 2);
  {
    FcrmNotification *newest = g_ptr_array_index (list, 0), *older = g_ptr_array_index (list, 1);
    g_autofree char *want_newest = g_strdup_printf ("Сделка «Стул без хозяина» на этапе «%s». Ответственный: %s.",
                                                    stage_name, nobody);
    g_autofree char *want_older = g_strdup_printf ("Сделка «Шкаф-купе: дверь» на этапе «%s». Ответственный: "
                                                   "Анна Иванова.", stage_name);

    g_assert_cmpstr (newest->text, ==, want_newest);
    g_assert_cmpstr (older->text, ==, want_older);
  }

  /* anya's own on-entry notice: the template wording with her deal's title */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "anya", FALSE, 0);
  g_assert_cmpuint (list->len, ==, 2);
  {
    FcrmNotification *n = g_ptr_array_index (list, 0);
    g_autoptr(GString) w = g_string_new (g_dgettext (GETTEXT_PACKAGE,
                                                     "Repair “{item}”: decide whether the case is covered by the warranty."));

    g_string_replace (w, "{item}", "Шкаф-купе: дверь", 0);
    g_assert_cmpstr (n->text, ==, w->str);
  }

  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, old_locale);
}

/* With the real catalog from the build tree ($FCRM_TEST_LOCALEDIR, set by
 * tests/meson.build), when it is there and ru_RU.UTF-8 is installed: the
 * texts come out in Russian. Runs in a subprocess: nothing leaks into the
 * other tests' locale. */
static void
test_render_russian_catalog (Fixture      *f,
                             gconstpointer data)
{
  const char *dir = g_getenv ("FCRM_TEST_LOCALEDIR");
  g_autofree char *mo = dir != NULL ? g_build_filename (dir, "ru", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;

  if (mo == NULL || !g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("no Russian catalog in the build tree ($FCRM_TEST_LOCALEDIR)");
      return;
    }
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      g_test_skip ("the ru_RU.UTF-8 locale is not installed");
      return;
    }
  setlocale (LC_ALL, "C");

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmItem) lead = NULL;
      g_autoptr(FcrmItem) deal = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GPtrArray) open_tasks = NULL;

      setlocale (LC_ALL, "ru_RU.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

      g_assert_cmpstr (fcrm_stage_get_name (fcrm_crm_get_stage (f->crm, "lead.new")), ==, "Не обработан");
      {
        g_autofree char *got = fcrm_render_text (NEW_LEAD, "Кухня", NULL, NULL);
        g_assert_cmpstr (got, ==, "Новый лид «Кухня»: обработайте его.");
      }
      {
        g_autofree char *got = fcrm_render_text (LONG_DEAL, "Шкаф", "Договор", NULL);
        g_assert_nonnull (strstr (got, "«Шкаф»"));
        g_assert_nonnull (strstr (got, "Договор"));
        g_assert_nonnull (strstr (got, g_dgettext (GETTEXT_PACKAGE, "nobody")));
        g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "nobody"), !=, "nobody");
        g_assert_null (strstr (got, "The deal"));
        g_assert_null (strchr (got, '{'));
      }
      /* stored in English, read in Russian */
      lead = fcrm_test_add_lead (f->crm, "Кухня Ивановых", "anna");
      list = fcrm_test_notifications (f->crm, "anna", FALSE, 0);
      g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (list, 0))->text, ==,
                       "Новый лид «Кухня Ивановых»: обработайте его.");
      {
        g_autofree char *stored = fcrm_test_text1 (f->crm, "SELECT text FROM notifications WHERE id = ?",
                                                   ((FcrmNotification *) g_ptr_array_index (list, 0))->id);
        g_assert_cmpstr (stored, ==, NEW_LEAD);
      }
      deal = fcrm_test_add_deal (f->crm, "repair", "Стул", "anna");
      g_assert_true (fcrm_crm_deal_lose (f->crm, deal->id, "expensive", NULL, &error));
      g_assert_no_error (error);
      open_tasks = fcrm_test_tasks (f->crm, "anna", FALSE, "callback");
      g_assert_cmpstr (((FcrmTask *) g_ptr_array_index (open_tasks, 0))->title, ==,
                       "Повторно связаться с клиентом и предложить специальные условия");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* --- the inbox ------------------------------------------------------------ */

static void
test_notifications_order (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) a = fcrm_test_add_lead (f->crm, "Lead A", "anna");
  g_autoptr(FcrmItem) b = NULL, c = NULL, d = NULL;
  g_autoptr(GPtrArray) list = NULL;
  FcrmTestSnapshot before;

  fcrm_clock_advance (f->db->clock, 60);
  b = fcrm_test_add_lead (f->crm, "Lead B", "boris");
  fcrm_clock_advance (f->db->clock, 60);
  c = fcrm_test_add_lead (f->crm, "Lead C", "anna");
  d = fcrm_test_add_lead (f->crm, "Lead D", "anna");   /* same second as C */

  fcrm_test_snapshot (f->crm, &before);

  list = fcrm_test_notifications (f->crm, "anna", FALSE, 0);
  {
    g_autofree char *texts = notification_texts (list);
    g_assert_cmpstr (texts, ==, "New lead “Lead D”: process it.|New lead “Lead C”: process it.|"
                                "New lead “Lead A”: process it.");
  }
  for (guint i = 0; i < list->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (list, i);

      g_assert_cmpint (n->user_id, ==, f->anna);
      g_assert_cmpstr (n->user_login, ==, "anna");
      g_assert_cmpint (n->entity_type, ==, FCRM_ENTITY_LEAD);
      g_assert_cmpint (n->delivered_at, ==, 0);
      g_assert_cmpint (n->read_at, ==, 0);
      if (i > 0)
        {
          FcrmNotification *prev = g_ptr_array_index (list, i - 1);
          g_assert_cmpint (prev->created_at, >=, n->created_at);
          g_assert_cmpint (prev->id, >, n->id);
        }
    }
  g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 0))->entity_id, ==, d->id);
  g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 0))->created_at, ==, f->t0 + 120);
  g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 2))->entity_id, ==, a->id);
  g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 2))->created_at, ==, f->t0);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "boris", FALSE, 0);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 0))->entity_id, ==, b->id);

  /* a limit keeps the newest */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "anna", FALSE, 2);
  {
    g_autofree char *texts = notification_texts (list);
    g_assert_cmpstr (texts, ==, "New lead “Lead D”: process it.|New lead “Lead C”: process it.");
  }

  /* "*" and "" are everybody, newest first */
  for (guint k = 0; k < 2; k++)
    {
      g_clear_pointer (&list, g_ptr_array_unref);
      list = fcrm_test_notifications (f->crm, k == 0 ? "*" : "", FALSE, 0);
      g_assert_cmpuint (list->len, ==, 4);
      g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 0))->entity_id, ==, d->id);
      g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 2))->entity_id, ==, b->id);
      g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (list, 2))->user_login, ==, "boris");
      g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, 3))->entity_id, ==, a->id);
    }

  /* NULL: the acting user */
  fcrm_test_set_actor (f->crm, "boris");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, NULL, FALSE, 0);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (list, 0))->user_login, ==, "boris");
  fcrm_test_set_actor (f->crm, "anna");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, NULL, FALSE, 0);
  g_assert_cmpuint (list->len, ==, 3);
  fcrm_test_set_actor (f->crm, "sveta");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, NULL, FALSE, 0);
  g_assert_cmpuint (list->len, ==, 0);

  /* an unknown login is an error, not an empty inbox */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_crm_notifications (f->crm, "ghost", FALSE, 0, &error);
  g_assert_null (list);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);

  /* reading writes nothing */
  fcrm_test_assert_unchanged (f->crm, &before);
}

static gint64
notification_id (FcrmCrm    *crm,
                 const char *login,
                 guint       index)
{
  g_autoptr(GPtrArray) list = fcrm_test_notifications (crm, login, FALSE, 0);

  g_assert_cmpuint (index, <, list->len);
  return ((FcrmNotification *) g_ptr_array_index (list, index))->id;
}

static void
test_notifications_read (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 second;

  for (guint i = 0; i < 4; i++)
    {
      g_object_unref (fcrm_test_add_lead (f->crm, "Anna's", "anna"));
      fcrm_clock_advance (f->db->clock, 10);
    }
  g_object_unref (fcrm_test_add_lead (f->crm, "Boris's", "boris"));
  g_object_unref (fcrm_test_add_lead (f->crm, "Boris's too", "boris"));
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, 4);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->boris), ==, 2);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->sveta), ==, 0);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, 99999), ==, 0);

  /* read one */
  second = notification_id (f->crm, "anna", 1);
  fcrm_clock_set (f->db->clock, f->t0 + HOUR);
  g_assert_true (fcrm_crm_notification_mark_read (f->crm, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, 3);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->boris), ==, 2);
  list = fcrm_test_notifications (f->crm, "anna", FALSE, 0);
  for (guint i = 0; i < list->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (list, i);

      g_assert_cmpint (n->read_at, ==, n->id == second ? f->t0 + HOUR : 0);
      /* read in the inbox: no pop-up for it any more */
      g_assert_cmpint (n->delivered_at, ==, n->id == second ? f->t0 + HOUR : 0);
    }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "anna", TRUE, 0);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((FcrmNotification *) g_ptr_array_index (list, i))->id, !=, second);

  /* reading it again changes nothing, not even the time */
  fcrm_clock_set (f->db->clock, f->t0 + 2 * HOUR);
  g_assert_true (fcrm_crm_notification_mark_read (f->crm, second, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FcrmNotification) n = fcrm_test_notification_get (f->crm, second);

    g_assert_cmpint (n->read_at, ==, f->t0 + HOUR);
  }
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, 3);

  /* the pop-up was raised for the others: taking them keeps them unread */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (f->crm, f->anna);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, 3);

  /* all read: anna's only, stamped now; the delivery stamp stays */
  fcrm_clock_set (f->db->clock, f->t0 + 3 * HOUR);
  g_assert_true (fcrm_crm_notifications_mark_all_read (f->crm, f->anna, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, 0);
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->boris), ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "*", FALSE, 0);
  {
    guint stamped_now = 0, read_when_delivered = 0;

    for (guint i = 0; i < list->len; i++)
      {
        FcrmNotification *n = g_ptr_array_index (list, i);

        g_assert_cmpint (n->read_at, <=, f->t0 + 3 * HOUR);
        stamped_now += n->user_id == f->anna && n->read_at == f->t0 + 3 * HOUR;
        read_when_delivered += n->user_id == f->anna && n->delivered_at == n->read_at;
      }
    g_assert_cmpuint (stamped_now, ==, 3);
    g_assert_cmpuint (read_when_delivered, ==, 1);
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "anna", TRUE, 0);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "anna", FALSE, 0);
  g_assert_cmpuint (list->len, ==, 4);

  /* nothing left to read: fine; boris's are still there */
  g_assert_true (fcrm_crm_notifications_mark_all_read (f->crm, f->anna, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fcrm_test_notifications (f->crm, "boris", TRUE, 0);
  g_assert_cmpuint (list->len, ==, 2);
  /* and they can still pop up */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (f->crm, f->boris);
  g_assert_cmpuint (list->len, ==, 2);

  /* a notice read before any window raised it never pops up */
  g_object_unref (fcrm_test_add_lead (f->crm, "Read first", "anna"));
  g_assert_true (fcrm_crm_notification_mark_read (f->crm, notification_id (f->crm, "anna", 0), &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (f->crm, f->anna);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_take_once_two_objects (Fixture      *f,
                            gconstpointer data)
{
  enum { N = 250 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock2 = fcrm_clock_new_fixed (f->t0);
  g_autoptr(FcrmCrm) crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = NULL;
  gint64 total;

  g_assert_no_error (error);

  /* the basics on one object: oldest first, stamped, then gone */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("First %u", i);
      g_object_unref (fcrm_test_add_lead (f->crm, title, "anna"));
      fcrm_clock_advance (f->db->clock, 60);
    }
  g_object_unref (fcrm_test_add_lead (f->crm, "Boris's", "boris"));
  fcrm_clock_set (f->db->clock, f->t0 + HOUR);
  list = take (f->crm, f->anna);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (list, i);
      g_autofree char *want = g_strdup_printf ("New lead “First %u”: process it.", i);

      g_assert_cmpstr (n->text, ==, want);
      g_assert_cmpint (n->user_id, ==, f->anna);
      g_assert_cmpint (n->created_at, ==, f->t0 + 60 * i);
      g_assert_cmpint (n->delivered_at, ==, f->t0 + HOUR);
      g_assert_cmpint (n->read_at, ==, 0);
    }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (crm2, f->anna);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (f->crm, f->anna);
  g_assert_cmpuint (list->len, ==, 0);
  /* boris's was not claimed by anna's windows */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (crm2, f->boris);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (list, 0))->text, ==, "New lead “Boris's”: process it.");

  /* one written by the other instance reaches the first one */
  g_object_unref (fcrm_test_add_lead (crm2, "From the other desk", "anna"));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = take (f->crm, f->anna);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((FcrmNotification *) g_ptr_array_index (list, 0))->text, ==,
                   "New lead “From the other desk”: process it.");

  /* many, claimed alternately by two windows in batches */
  for (guint i = 0; i < N; i++)
    g_object_unref (fcrm_test_add_lead (i % 2 ? f->crm : crm2, "many", "anna"));
  total = 0;
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GPtrArray) a = take (round % 2 ? crm2 : f->crm, f->anna);

      for (guint i = 0; i < a->len; i++)
        {
          FcrmNotification *n = g_ptr_array_index (a, i);

          g_assert_false (g_hash_table_contains (seen, &n->id));
          g_hash_table_add (seen, g_memdup2 (&n->id, sizeof n->id));
          g_assert_cmpint (n->user_id, ==, f->anna);
        }
      total += a->len;
    }
  g_assert_cmpint (total, ==, N);
  g_assert_cmpint (fcrm_test_n_undelivered (f->crm, "anna"), ==, 0);
  /* delivering is not reading */
  g_assert_cmpint (fcrm_crm_notifications_unread_count (crm2, f->anna), ==, MIN (N + 4, FCRM_UNREAD_COUNT_CAP));
}

static void
test_take_once_processes (Fixture      *f,
                          gconstpointer data)
{
  enum { N = 320, N_CHILDREN = 4 };
  g_autoptr(GArray) taken = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 rows;

  for (guint i = 0; i < N; i++)
    g_object_unref (fcrm_test_add_lead (f->crm, "lead", i % 5 ? "anna" : "boris"));
  rows = fcrm_test_n_notifications (f->crm, "anna");
  g_assert_cmpint (rows, ==, N - N / 5);
  /* no connection may cross a fork */
  g_clear_object (&f->db->crm);

  /* they really race: each run holds all of them at the notifications until they are all there */
  taken = fcrm_test_race_take_notifications (fcrm_test_location (f->db), NULL, f->anna, N_CHILDREN);
  g_assert_cmpint (taken->len, ==, rows);
  for (guint i = 0; i < taken->len; i++)
    {
      gint64 *id = &g_array_index (taken, FcrmTestTaken, i).id;

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }

  /* a second round finds nothing */
  again = fcrm_test_race_take_notifications (fcrm_test_location (f->db), NULL, f->anna, N_CHILDREN);
  g_assert_cmpint (again->len, ==, 0);

  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  g_assert_cmpint (fcrm_test_n_undelivered (f->crm, "anna"), ==, 0);
  /* boris's were left alone */
  g_assert_cmpint (fcrm_test_n_undelivered (f->crm, "boris"), ==, N / 5);
  /* every claimed id is one of anna's notifications */
  {
    g_autoptr(GPtrArray) annas = fcrm_test_notifications (f->crm, "anna", FALSE, 0);
    g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; i < annas->len; i++)
      g_hash_table_add (ids, &((FcrmNotification *) g_ptr_array_index (annas, i))->id);
    for (guint i = 0; i < taken->len; i++)
      g_assert_true (g_hash_table_contains (ids, &g_array_index (taken, FcrmTestTaken, i).id));
  }
}

/* Every desktop checks the robots and its inbox every few seconds and
 * reloads when another one wrote: a check (or a start) that finds nothing
 * to do must be no news to the others, or each desktop's check would wake
 * all the others, for ever. */
static void
test_idle_check_is_quiet (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock2 = fcrm_clock_new_fixed (f->t0);
  g_autoptr(FcrmCrm) crm2 = NULL;
  g_autoptr(GPtrArray) list = NULL;
  FcrmStore *store = fcrm_crm_get_store (f->crm);
  gint64 before;
  guint fired = G_MAXUINT;

  g_object_unref (fcrm_test_add_lead (f->crm, "Waiting", "anna"));
  before = fcrm_test_settle_data_version (store);
  crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  g_assert_no_error (error);
  /* the other desktop takes what there is for anna */
  list = take (crm2, f->anna);
  g_assert_cmpuint (list->len, ==, 1);

  before = fcrm_test_settle_data_version (store);
  for (guint i = 0; i < 3; i++)
    {
      fcrm_clock_advance (clock2, 60);
      g_assert_true (fcrm_crm_robots_run (crm2, &fired, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      g_clear_pointer (&list, g_ptr_array_unref);
      list = take (crm2, f->anna);
      g_assert_cmpuint (list->len, ==, 0);
      g_clear_pointer (&list, g_ptr_array_unref);
      list = take (crm2, f->sveta);
      g_assert_cmpuint (list->len, ==, 0);
    }
  /* a third desktop starting up is no news either */
  g_clear_object (&crm2);
  crm2 = fcrm_crm_open (fcrm_test_location (f->db), clock2, &error);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpint (fcrm_store_data_version (store), ==, before);
}

/* The bell's count reads at most FCRM_UNREAD_COUNT_CAP rows, whatever the
 * backlog: past it the count says "that many or more"; reading one brings
 * the exact number back once below. */
static void
test_unread_count_capped (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unread = NULL;

  for (guint i = 0; i < FCRM_UNREAD_COUNT_CAP + 5; i++)
    g_object_unref (fcrm_test_add_lead (f->crm, "Many", "anna"));
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, FCRM_UNREAD_COUNT_CAP);
  unread = fcrm_test_notifications (f->crm, "anna", TRUE, 0);
  g_assert_cmpuint (unread->len, >=, FCRM_UNREAD_COUNT_CAP + 5);
  for (guint i = 0; i < 6; i++)
    {
      FcrmNotification *n = g_ptr_array_index (unread, i);

      g_assert_true (fcrm_crm_notification_mark_read (f->crm, n->id, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (fcrm_crm_notifications_unread_count (f->crm, f->anna), ==, FCRM_UNREAD_COUNT_CAP - 1);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fcrm_test_team_setup, fn, fcrm_test_team_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  g_test_add_func ("/inbox/render/english", test_render_english);
  ADD ("/inbox/render/stored", test_render_stored);
  ADD ("/inbox/render/russian", test_render_russian);
  ADD ("/inbox/render/russian-catalog", test_render_russian_catalog);
  ADD ("/inbox/notifications/order", test_notifications_order);
  ADD ("/inbox/notifications/read", test_notifications_read);
  ADD ("/inbox/notifications/unread-count-capped", test_unread_count_capped);
  ADD ("/inbox/take/two-objects", test_take_once_two_objects);
  ADD ("/inbox/take/processes", test_take_once_processes);
  ADD ("/inbox/take/idle-check-is-quiet", test_idle_check_is_quiet);
  return g_test_run ();
}
