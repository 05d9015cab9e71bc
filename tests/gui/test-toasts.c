/* One toast policy (issue 13): the newest replaces the one shown, Tab passes
 * over a toast's buttons (Enter cannot undo by surprise), Ctrl+Z undoes
 * while an Undo toast shows, once. */

#include "fcrm-gui-test.h"
#include "fcrm-toasts.h"
#include "fcrm-clients-private.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *overlay;
  GtkWidget *first;
  GtkWidget *second;
  guint      undone;
  guint      dismissed;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  f->first = gtk_button_new_with_label ("First");
  f->second = gtk_button_new_with_label ("Second");
  gtk_box_append (GTK_BOX (box), f->first);
  gtk_box_append (GTK_BOX (box), f->second);
  f->overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), box);
  f->window = fcrm_gui_test_show_in_window (f->overlay);
  fcrm_toasts_guard_focus (GTK_WINDOW (f->window));
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  fcrm_gui_test_drain ();
}

static void
undo_cb (AdwToast *toast,
         Fixture  *f)
{
  g_autoptr(FcrmUndo) undo = fcrm_undo_toast_steal_undo (toast);

  if (undo != NULL)
    f->undone++;
}

static void
dismissed_cb (AdwToast *toast,
              Fixture  *f)
{
  f->dismissed++;
}

static AdwToast *
undo_toast (Fixture    *f,
            const char *message)
{
  /* an empty undo, never run: only its being handed over counts */
  AdwToast *toast = fcrm_undo_toast_new (message, fcrm_undo_new_for_merge (NULL));

  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_cb), f);
  g_signal_connect (toast, "dismissed", G_CALLBACK (dismissed_cb), f);
  return toast;
}

static void
test_newest_replaces (Fixture       *f,
                      gconstpointer  data)
{
  AdwToast *older = undo_toast (f, "Moved");
  AdwToast *newer = undo_toast (f, "Converted");

  fcrm_toast_show (f->overlay, older);
  fcrm_gui_test_drain ();
  fcrm_toast_show (f->overlay, newer);
  fcrm_gui_test_drain ();
  /* the older is gone, not queued behind */
  g_assert_cmpuint (f->dismissed, ==, 1);
  /* Ctrl+Z's undo is the newest one's, once */
  g_assert_true (fcrm_toasts_undo_last (ADW_TOAST_OVERLAY (f->overlay)));
  g_assert_cmpuint (f->undone, ==, 1);
  g_assert_false (fcrm_toasts_undo_last (ADW_TOAST_OVERLAY (f->overlay)));
  g_assert_cmpuint (f->undone, ==, 1);
}

static gboolean
inside_toast (GtkWidget *w)
{
  for (; w != NULL; w = gtk_widget_get_parent (w))
    if (g_strcmp0 (G_OBJECT_TYPE_NAME (w), "AdwToastWidget") == 0)
      return TRUE;
  return FALSE;
}

static void
test_tab_passes_over (Fixture       *f,
                      gconstpointer  data)
{
  gboolean first_again = FALSE;

  fcrm_toast_show (f->overlay, undo_toast (f, "Moved"));
  fcrm_gui_test_drain ();
  gtk_widget_grab_focus (f->first);
  for (int i = 0; i < 12; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (f->window, GTK_DIR_TAB_FORWARD);
      fcrm_gui_test_drain ();
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_false (inside_toast (focus));
      first_again |= i > 0 && focus == f->first;
    }
  /* and no trap: the focus goes round */
  g_assert_true (first_again);
  g_assert_cmpuint (f->undone, ==, 0);
}

int
main (int argc, char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);
  g_test_add ("/toasts/newest-replaces", Fixture, NULL, set_up, test_newest_replaces, tear_down);
  g_test_add ("/toasts/tab-passes-over", Fixture, NULL, set_up, test_tab_passes_over, tear_down);
  return g_test_run ();
}
