#define G_LOG_DOMAIN "test-preferences-backups"

/* Preferences → Backups: "Back Up Now" runs off the main loop with progress
 * and writes a backup into the chosen folder; the last backup's time shows;
 * "Restore" asks first and then brings the backup's data back. */

#include <string.h>

#include "fcrm-attachments.h"
#include "fcrm-backup.h"
#include "fcrm-backup-scheduler.h"
#include "fcrm-preferences.h"
#include "fcrm-window.h"
#include "fcrm-preferences-backups.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");
  g_autofree char *folder = NULL;

  fcrm_gui_fixture_set_up (fixture, TRUE);
  folder = g_build_filename (fixture->dir, "backups", NULL);
  g_settings_set_string (settings, "backup-folder", folder);
  g_settings_set_uint (settings, "backup-keep", 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GList *windows = gtk_window_list_toplevels ();
  g_autoptr(GSettings) settings = g_settings_new ("com.example.FurnitureCRM");

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  fcrm_gui_test_drain ();
  g_settings_reset (settings, "backup-folder");
  g_settings_reset (settings, "backup-keep");
  fcrm_gui_fixture_tear_down (fixture);
}

static FcrmPreferencesBackups *
show_page (Fixture *fixture)
{
  GtkWidget *window = GTK_WIDGET (fcrm_preferences_new (fixture->crm));
  FcrmPreferencesBackups *page;

  gtk_window_present (GTK_WINDOW (window));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "backups");
  page = FCRM_PREFERENCES_BACKUPS (fcrm_gui_test_find_type (window, FCRM_TYPE_PREFERENCES_BACKUPS));
  g_assert_nonnull (page);
  fcrm_gui_test_drain ();
  return page;
}

static guint
count_backups (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, FCRM_BACKUP_SUFFIX);
  return n;
}

typedef struct
{
  GtkWidget *bar;
} Watch;

static void
wait_for_backup (FcrmPreferencesBackups *page,
                 Watch                  *watch)
{
  GtkWidget *button = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "backup_button");
  AdwActionRow *last = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "last_row");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autofree char *was = g_strdup (adw_action_row_get_subtitle (last));

  watch->bar = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "progress_bar");
  g_signal_emit_by_name (button, "clicked");
  /* the window goes on: the button waits, the bar shows */
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (watch->bar));
  while (!gtk_widget_get_sensitive (button) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  while (g_strcmp0 (adw_action_row_get_subtitle (last), was) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_get_visible (watch->bar));
}

static void
test_back_up_now (Fixture       *fixture,
                  gconstpointer  data)
{
  FcrmPreferencesBackups *page = show_page (fixture);
  g_autofree char *folder = g_build_filename (fixture->dir, "backups", NULL);
  AdwActionRow *last = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "last_row");
  AdwActionRow *folder_row = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "folder_row");
  GtkSpinButton *keep = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "keep_spin");
  Watch watch = { 0 };

  g_assert_cmpstr (adw_action_row_get_subtitle (last), ==, "Never");
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, folder);
  g_assert_cmpfloat (gtk_spin_button_get_value (keep), ==, 2);

  wait_for_backup (page, &watch);
  g_assert_cmpuint (count_backups (folder), ==, 1);
  g_assert_cmpint (fcrm_crm_get_last_backup (fixture->crm), ==, fcrm_clock_now (fixture->clock));
  g_assert_cmpstr (adw_action_row_get_subtitle (last), !=, "Never");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (last), "2026"));

  /* the keep count rotates the folder */
  for (int i = 0; i < 2; i++)
    {
      fcrm_clock_advance (fixture->clock, 24 * 3600);
      wait_for_backup (page, &watch);
    }
  g_assert_cmpuint (count_backups (folder), ==, 2);
}

static void
assert_only_lead (Fixture    *fixture,
                  const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = fcrm_crm_lead_list (fixture->crm, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpstr (((FcrmItem *) leads->pdata[0])->title, ==, title);
}

static void
wait_restored (Fixture *fixture)
{
  FcrmBackupScheduler *scheduler = fcrm_backup_scheduler_get_for (fixture->crm);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (fcrm_backup_scheduler_is_restoring (scheduler) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (fcrm_backup_scheduler_is_restoring (scheduler));
  fcrm_gui_test_drain ();
}

static void
test_restore_asks_first (Fixture       *fixture,
                         gconstpointer  data)
{
  FcrmPreferencesBackups *page = show_page (fixture);
  g_autofree char *file = g_build_filename (fixture->dir, "one.fcrm-backup", NULL);
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  AdwMessageDialog *dialog;

  fcrm_gui_fixture_add_lead (fixture, "Kept in the backup", NULL);
  g_assert_true (fcrm_crm_backup (fixture->crm, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fcrm_gui_fixture_add_lead (fixture, "Made after it", NULL);

  /* cancelled: nothing changes */
  fcrm_preferences_backups_confirm_restore (page, gfile);
  dialog = fcrm_gui_test_find_dialog ("Restore This Backup?");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  leads = fcrm_crm_lead_list (fixture->crm, NULL, &error);
  g_assert_cmpuint (leads->len, ==, 2);
  g_clear_pointer (&leads, g_ptr_array_unref);

  fcrm_preferences_backups_confirm_restore (page, gfile);
  dialog = fcrm_gui_test_find_dialog ("Restore This Backup?");
  adw_message_dialog_response (dialog, "restore");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_restored (fixture);
  assert_only_lead (fixture, "Kept in the backup");
}

/* A database big enough that copying it twice takes a while (issue 14:
 * about 4 s for 57 MB when it ran on the main loop). */
static void
add_bulk (Fixture *fixture,
          gint64   lead)
{
  for (int i = 0; i < 4; i++)
    {
      gsize size = 6 * 1024 * 1024;
      guint32 *words = g_malloc (size);
      g_autoptr(GRand) rand = g_rand_new_with_seed (i + 1);
      g_autoptr(GBytes) content = NULL;
      g_autoptr(FcrmAttachment) a = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("layout-%d.bin", i);

      for (gsize w = 0; w < size / sizeof *words; w++)
        words[w] = g_rand_int (rand);
      content = g_bytes_new_take (words, size);
      a = fcrm_crm_attach (fixture->crm, FCRM_ENTITY_LEAD, lead, name, NULL, content, &error);
      g_assert_no_error (error);
    }
}

/* The restore runs on a worker: the call returns at once with the controls
 * (the page's and the main window's) insensitive and a progress bar, the
 * main loop goes on turning — many times, never stalled for long — and
 * when the worker is done the data is the backup's and everything is
 * sensitive again. */
static void
test_restore_keeps_window_alive (Fixture       *fixture,
                                 gconstpointer  data)
{
  FcrmWindow *window = g_object_new (FCRM_TYPE_WINDOW, "crm", fixture->crm, NULL);
  FcrmPreferencesBackups *page;
  FcrmBackupScheduler *scheduler = fcrm_backup_scheduler_get_for (fixture->crm);
  g_autofree char *file = g_build_filename (fixture->dir, "big.fcrm-backup", NULL);
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(GError) error = NULL;
  GtkWidget *leaflet, *restore_row, *backup_button, *keep_spin, *bar;
  AdwMessageDialog *dialog;
  gint64 started, last, longest = 0, took, deadline;
  guint iterations = 0;
  double fraction = 0;

  fcrm_gui_test_show (GTK_WIDGET (window));
  page = show_page (fixture);
  leaflet = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), FCRM_TYPE_WINDOW, "leaflet"));
  restore_row = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "restore_row");
  backup_button = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "backup_button");
  keep_spin = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "keep_spin");
  bar = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "progress_bar");

  add_bulk (fixture, fcrm_gui_fixture_add_lead (fixture, "Kept in the backup", NULL));
  g_assert_true (fcrm_crm_backup (fixture->crm, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fcrm_gui_fixture_add_lead (fixture, "Made after it", NULL);

  fcrm_preferences_backups_confirm_restore (page, gfile);
  dialog = fcrm_gui_test_find_dialog ("Restore This Backup?");
  g_assert_nonnull (dialog);
  started = g_get_monotonic_time ();
  adw_message_dialog_response (dialog, "restore");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* back at once: the restore goes on in the worker */
  g_assert_true (fcrm_backup_scheduler_is_restoring (scheduler));
  g_assert_false (gtk_widget_get_sensitive (restore_row));
  g_assert_false (gtk_widget_get_sensitive (backup_button));
  g_assert_false (gtk_widget_get_sensitive (keep_spin));
  g_assert_false (gtk_widget_get_sensitive (leaflet));
  g_assert_true (gtk_widget_get_visible (bar));

  last = g_get_monotonic_time ();
  deadline = last + 60 * G_USEC_PER_SEC;
  while (fcrm_backup_scheduler_is_restoring (scheduler) && g_get_monotonic_time () < deadline)
    {
      gint64 now;

      g_main_context_iteration (NULL, FALSE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
      iterations++;
      fraction = MAX (fraction, gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)));
    }
  took = g_get_monotonic_time () - started;
  g_test_message ("restore: %" G_GINT64_FORMAT " ms, %u main loop iterations, longest %" G_GINT64_FORMAT " ms",
                  took / 1000, iterations, longest / 1000);
  g_assert_false (fcrm_backup_scheduler_is_restoring (scheduler));
  /* the loop turned while the worker restored (how long each turn took is
   * the bench's business, not a test's: it depends on the machine's load) */
  g_assert_cmpuint (iterations, >, 1);
  g_assert_cmpfloat (fraction, >, 0.0);

  fcrm_gui_test_drain ();
  g_assert_true (gtk_widget_get_sensitive (restore_row));
  g_assert_true (gtk_widget_get_sensitive (backup_button));
  g_assert_true (gtk_widget_get_sensitive (keep_spin));
  g_assert_true (gtk_widget_get_sensitive (leaflet));
  g_assert_false (gtk_widget_get_visible (bar));
  assert_only_lead (fixture, "Kept in the backup");
}

/* A file that is no backup: the worker refuses it, the page says why and
 * nothing changed. */
static void
test_restore_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  FcrmPreferencesBackups *page = show_page (fixture);
  FcrmBackupScheduler *scheduler = fcrm_backup_scheduler_get_for (fixture->crm);
  g_autofree char *file = g_build_filename (fixture->dir, "junk.fcrm-backup", NULL);
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  GtkWidget *restore_row = fcrm_gui_test_find_type_child (GTK_WIDGET (page), FCRM_TYPE_PREFERENCES_BACKUPS, "restore_row");
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (file, "not a database at all", -1, NULL));
  fcrm_gui_fixture_add_lead (fixture, "Still here", NULL);
  fcrm_preferences_backups_confirm_restore (page, gfile);
  dialog = fcrm_gui_test_find_dialog ("Restore This Backup?");
  adw_message_dialog_response (dialog, "restore");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (fcrm_backup_scheduler_is_restoring (scheduler));
  wait_restored (fixture);
  g_assert_true (gtk_widget_get_sensitive (restore_row));
  assert_only_lead (fixture, "Still here");
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

  g_test_add ("/preferences-backups/back-up-now", Fixture, NULL, fixture_set_up, test_back_up_now, fixture_tear_down);
  g_test_add ("/preferences-backups/restore-asks-first", Fixture, NULL, fixture_set_up, test_restore_asks_first,
              fixture_tear_down);

  g_test_add ("/preferences-backups/restore-keeps-window-alive", Fixture, NULL, fixture_set_up,
              test_restore_keeps_window_alive, fixture_tear_down);
  g_test_add ("/preferences-backups/restore-refused", Fixture, NULL, fixture_set_up, test_restore_refused,
              fixture_tear_down);

  return g_test_run ();
}
