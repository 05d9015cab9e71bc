/* The Lost dialog (issue 13): every reason and the comment are reached with
 * Tab, and for "other" the comment is the reason in the person's words. */

#include "fcrm-gui-test.h"
#include "fcrm-outcome-dialog.h"

static GtkWidget *
lost_dialog (FcrmGuiFixture *f)
{
  gint64 id = fcrm_gui_fixture_add_deal (f, "Kitchen", "1000");
  g_autoptr(FcrmItem) item = fcrm_gui_test_get_deal (f->crm, id);
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog;

  fcrm_gui_test_show (parent);
  dialog = fcrm_outcome_dialog_new (GTK_WINDOW (parent), FCRM_OUTCOME_LOST, item);
  fcrm_gui_test_show (dialog);
  return dialog;
}

static void
test_tab_reaches_comment (FcrmGuiFixture *f,
                          gconstpointer   data)
{
  GtkWidget *dialog = lost_dialog (f);
  GtkWidget *comment = GTK_WIDGET (fcrm_gui_test_find_template_child (dialog, "comment_row"));
  gboolean reached = FALSE;
  guint rows_seen = 0;

  for (int i = 0; i < 30 && !reached; i++)
    {
      GtkWidget *w = gtk_root_get_focus (GTK_ROOT (dialog));

      if (w != NULL && ADW_IS_ACTION_ROW (w))
        rows_seen++;
      reached = w != NULL && gtk_widget_is_ancestor (w, comment);
      gtk_widget_child_focus (dialog, GTK_DIR_TAB_FORWARD);
      fcrm_gui_test_drain ();
    }
  g_assert_true (reached);
  /* each reason on the way */
  g_assert_cmpuint (rows_seen, ==, g_strv_length ((char **) fcrm_crm_loss_reasons ()));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_other_asks_words (FcrmGuiFixture *f,
                       gconstpointer   data)
{
  GtkWidget *dialog = lost_dialog (f);
  AdwPreferencesRow *comment = ADW_PREFERENCES_ROW (fcrm_gui_test_find_template_child (dialog, "comment_row"));

  g_assert_cmpstr (adw_preferences_row_get_title (comment), ==, "Comment (optional)");
  fcrm_outcome_dialog_set_reason (FCRM_OUTCOME_DIALOG (dialog), "other");
  g_assert_cmpstr (adw_preferences_row_get_title (comment), ==, "The reason in your words");
  fcrm_outcome_dialog_set_reason (FCRM_OUTCOME_DIALOG (dialog), "expensive");
  g_assert_cmpstr (adw_preferences_row_get_title (comment), ==, "Comment (optional)");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);
  g_test_add ("/outcome-dialog/tab-reaches-comment", FcrmGuiFixture, NULL,
              fcrm_gui_test_set_up_with_user, test_tab_reaches_comment, fcrm_gui_test_tear_down);
  g_test_add ("/outcome-dialog/other-asks-words", FcrmGuiFixture, NULL,
              fcrm_gui_test_set_up_with_user, test_other_asks_words, fcrm_gui_test_tear_down);
  return g_test_run ();
}
