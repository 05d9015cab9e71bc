#define G_LOG_DOMAIN "test-import-assistant"

/* The import assistant (issue 14): its column page maps a Bitrix24 export's
 * columns by itself and shows the first rows; a column changed by hand; an
 * unknown stage asked about and mapped; the dry run's summary, then the
 * import off the main loop, after which the leads are there; Cancel during
 * a run writes nothing. */

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

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);
  g_test_add ("/import-assistant/mapping-and-run", Fixture, NULL, set_up, test_mapping_and_run, tear_down);
  g_test_add ("/import-assistant/cancel-writes-nothing", Fixture, NULL, set_up, test_cancel_writes_nothing, tear_down);
  return g_test_run ();
}
