#define G_LOG_DOMAIN "test-import-assistant"

/* The import assistant (issue 14): its column page maps a Bitrix24 export's
 * columns by itself and shows the first rows; a column changed by hand; an
 * unknown stage asked about and mapped; the dry run's summary, then the
 * import off the main loop, after which the leads are there; Cancel during
 * a run writes nothing. */

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "fcrm-gui-test.h"
#include "fcrm-import-assistant.h"
#include "fcrm-test-util.h"

typedef FcrmGuiFixture Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fcrm_gui_fixture_set_up (fixture, TRUE);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  fcrm_gui_fixture_tear_down (fixture);
}

static FcrmImportFile *
text_file (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  FcrmImportFile *file = fcrm_import_file_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return file;
}

/* Turn the main loop until the assistant shows @page (at most 10 s). */
static void
wait_for_page (FcrmImportAssistant *assistant,
               const char          *page)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (fcrm_import_assistant_get_page (assistant), page) != 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (fcrm_import_assistant_get_page (assistant), ==, page);
}

static guint
n_leads (FcrmCrm *crm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = fcrm_crm_lead_list (crm, NULL, &error);

  g_assert_no_error (error);
  return leads->len;
}

static void
destroyed_cb (GtkWidget *widget,
              gboolean  *destroyed)
{
  *destroyed = TRUE;
}

static void
test_mapping_and_run (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FcrmImportFile) file = text_file ("Название лида;Мобильный телефон;Стадия;Заметка\n"
                                              "Кухня;+7 912 345-67-89;Обработан;угловая\n"
                                              "Шкаф;+7 926 111-22-33;В работе;купе\n");
  FcrmImportAssistant *assistant = fcrm_import_assistant_new (fixture->crm, FCRM_IMPORT_LEADS);
  FcrmImportMapping *mapping = fcrm_import_assistant_get_mapping (assistant);
  const FcrmImportReport *report;
  gboolean destroyed = FALSE;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (assistant, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  fcrm_gui_test_show (GTK_WIDGET (assistant));
  g_assert_cmpstr (fcrm_import_assistant_get_page (assistant), ==, "start");

  fcrm_import_assistant_set_file (assistant, file, "leads.csv");
  wait_for_page (assistant, "columns");
  /* recognised columns are chosen; the unknown one is not imported */
  g_assert_cmpstr (fcrm_import_mapping_get_field (mapping, 0), ==, "title");
  g_assert_cmpstr (fcrm_import_mapping_get_field (mapping, 1), ==, "phone");
  g_assert_cmpstr (fcrm_import_mapping_get_field (mapping, 2), ==, "stage");
  g_assert_null (fcrm_import_mapping_get_field (mapping, 3));
  g_assert_cmpuint (fcrm_import_mapping_count_mapped (mapping), ==, 3);
  g_assert_false (fcrm_import_mapping_set_field (mapping, 3, "inn"));   /* no INN on a lead */
  g_assert_true (fcrm_import_mapping_set_field (mapping, 3, "comment"));

  /* "Обработан" is no stage of ours: asked about */
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "values");
  g_assert_true (fcrm_import_assistant_map_value (assistant, "stage", "Обработан", "lead.in_progress"));
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "duplicates");

  /* the dry run: nothing written, the summary says what would be */
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "summary");
  report = fcrm_import_assistant_get_report (assistant);
  g_assert_nonnull (report);
  g_assert_true (report->dry_run);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 0);
  g_assert_cmpuint (n_leads (fixture->crm), ==, 0);

  /* back, and forward again, keeps the choices */
  fcrm_import_assistant_back (assistant);
  wait_for_page (assistant, "duplicates");
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "summary");

  fcrm_import_assistant_next (assistant);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!destroyed && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_true (destroyed);
  leads = fcrm_crm_lead_list (fixture->crm, "lead.in_progress", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 2);
  g_assert_cmpstr (((FcrmItem *) g_ptr_array_index (leads, 0))->comment, ==, "угловая");
}

static void
test_cancel_writes_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Имя;Мобильный телефон\n");
  g_autoptr(FcrmImportFile) file = NULL;
  FcrmImportAssistant *assistant = fcrm_import_assistant_new (fixture->crm, FCRM_IMPORT_CONTACTS);

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "Name %u;+7 912 %03u-%02u-%02u\n", i, i % 1000, i / 1000, i % 97);
  file = text_file (text->str);
  fcrm_gui_test_show (GTK_WIDGET (assistant));
  fcrm_import_assistant_set_file (assistant, file, "many.csv");
  wait_for_page (assistant, "columns");
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "duplicates");
  fcrm_import_assistant_set_duplicates (assistant, FCRM_IMPORT_DUPLICATES_CREATE);
  fcrm_import_assistant_next (assistant);
  g_assert_cmpstr (fcrm_import_assistant_get_page (assistant), ==, "progress");
  fcrm_import_assistant_cancel (assistant);
  wait_for_page (assistant, "duplicates");
  g_assert_null (fcrm_import_assistant_get_report (assistant));
  g_assert_cmpint (fcrm_test_int (fixture->crm, "SELECT count(*) FROM contacts"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (assistant));
}

/* With $FCRM_SHOTS_DIR set (and $FCRM_LOCALEDIR for a translation): each
 * page drawn to FCRM_SHOTS_DIR/import-PAGE-LANG.png, for people to look at. */
static void
shoot (FcrmImportAssistant *assistant,
       const char          *page)
{
  const char *dir = g_getenv ("FCRM_SHOTS_DIR");
  const char *lang = g_getenv ("FCRM_SHOTS_LANG");
  g_autofree char *name = g_strdup_printf ("import-%s-%s.png", page, lang != NULL ? lang : "en");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GtkWidget *widget = GTK_WIDGET (assistant);
  int w, h;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (widget);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_shots (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Название лида;Имя;Фамилия;Мобильный телефон;Рабочий e-mail;Источник;Стадия;Сумма;Ответственный;Комментарий\n");
  g_autoptr(FcrmImportFile) file = NULL;
  FcrmImportAssistant *assistant;

  if (g_getenv ("FCRM_SHOTS_DIR") == NULL)
    {
      g_test_skip ("set FCRM_SHOTS_DIR to draw the pages");
      return;
    }
  g_string_append (text, "Кухня на заказ;Зинаида;Кузнецова;+7 912 345-67-89;zina@example.ru;Звонок;Обработан;150000;Anna Petrova;Перезвонить после 18:00\n");
  g_string_append (text, "Шкаф-купе;Олег;Петров;89261112233;oleg@example.com;Реклама;В работе;85000;anna;\n");
  g_string_append (text, "Ремонт двери;Мария;Иванова;не телефон;;Звонок;Не обработан;;;Дверь скрипит\n");
  for (guint i = 0; i < 6000; i++)
    g_string_append_printf (text, "Заявка %u;Клиент;%u;+7 913 %03u-%02u-%02u;;Звонок;В работе;1000;anna;\n", i, i, i % 1000, i / 1000 % 100, i % 89);
  file = text_file (text->str);
  assistant = fcrm_import_assistant_new (fixture->crm, FCRM_IMPORT_LEADS);
  gtk_window_set_default_size (GTK_WINDOW (assistant), 860, 600);
  fcrm_gui_test_show (GTK_WIDGET (assistant));
  fcrm_import_assistant_set_file (assistant, file, "bitrix24-leads.csv");
  fcrm_import_assistant_back (assistant);
  wait_for_page (assistant, "start");
  shoot (assistant, "1-start");
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "columns");
  shoot (assistant, "2-columns");
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "values");
  shoot (assistant, "3-values");
  fcrm_import_assistant_next (assistant);
  wait_for_page (assistant, "duplicates");
  shoot (assistant, "4-duplicates");
  fcrm_import_assistant_next (assistant);
  shoot (assistant, "5-progress");
  wait_for_page (assistant, "summary");
  shoot (assistant, "6-summary");
  gtk_window_destroy (GTK_WINDOW (assistant));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("FCRM_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FCRM_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  fcrm_gui_test_init (&argc, &argv);
  /* gtk_test_init() keeps the C locale; the pictures are in the one asked for */
  if (g_getenv ("FCRM_SHOTS_DIR") != NULL)
    {
      setlocale (LC_ALL, "");
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    }
  g_test_add ("/import-assistant/mapping-and-run", Fixture, NULL, set_up, test_mapping_and_run, tear_down);
  g_test_add ("/import-assistant/shots", Fixture, NULL, set_up, test_shots, tear_down);
  g_test_add ("/import-assistant/cancel-writes-nothing", Fixture, NULL, set_up, test_cancel_writes_nothing, tear_down);
  return g_test_run ();
}
