#define G_LOG_DOMAIN "test-vcard-gui"

/* vCards from the GUI: an export reads on the worker and saves the file,
 * an import parses off the main loop, writes once and says how it went. */

#include <string.h>

#include "fcrm-clients.h"
#include "fcrm-vcard-gui.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiFixture Fixture;

static GtkWidget *
window_with_button (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *button = gtk_button_new_with_label ("x");

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), button);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  return button;
}

static void
wait_for (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (done (data));
}

static gboolean
file_written (gpointer path)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, "END:VCARD") != NULL;
}

static guint
n_contacts (FcrmCrm *crm)
{
  g_autoptr(GPtrArray) page = fcrm_crm_contact_page (crm, NULL, FCRM_CLIENT_SORT_ID, NULL, 100, NULL);

  return page != NULL ? page->len : 0;
}

typedef struct { FcrmCrm *crm; guint want; } Count;

static gboolean
has_contacts (gpointer data)
{
  Count *c = data;

  return n_contacts (c->crm) == c->want;
}

static void
test_export_then_import (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *button = window_with_button ();
  g_autoptr(GError) error = NULL;
  const char *phones[] = { "+7 912 345-67-89", NULL };
  g_autoptr(FcrmContact) zina = fcrm_crm_contact_add (fixture->crm, &(FcrmContactInput) {
    .name = "Зинаида Кузнецова", .phones = phones, .comment = "Кухня; замер" }, &error);
  g_autoptr(FcrmContact) other = fcrm_crm_contact_add (fixture->crm, &(FcrmContactInput) { .name = "Other" }, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "zina.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *edited_path = g_build_filename (fixture->dir, "new.vcf", NULL);
  g_autoptr(GFile) edited_file = g_file_new_for_path (edited_path);
  Count count = { fixture->crm, 3 };

  g_assert_no_error (error);
  fcrm_vcard_export_to_file (button, fixture->crm, &zina->id, 1, file);
  wait_for (file_written, path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "FN:Зинаида Кузнецова"));
  g_assert_null (strstr (text, "Other"));

  /* the same card with a new person added: one merged, one new */
  edited = g_strconcat (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boris Petrov\r\nTEL:+7 926 555-44-33\r\nEND:VCARD\r\n", NULL);
  g_assert_true (g_file_set_contents (edited_path, edited, -1, NULL));
  fcrm_vcard_import_file (button, fixture->crm, edited_file);
  wait_for (has_contacts, &count);
  fcrm_gui_test_drain ();
  g_assert_cmpuint (n_contacts (fixture->crm), ==, 3);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (button)));
  (void) other;
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);
  g_test_add ("/vcard-gui/export-then-import", Fixture, NULL, fcrm_gui_test_set_up_with_user, test_export_then_import,
              fcrm_gui_test_tear_down);
  return g_test_run ();
}
