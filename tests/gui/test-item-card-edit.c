#define G_LOG_DOMAIN "test-item-card-edit"

#include "fcrm-inbox.h"
#include "fcrm-item-card.h"
#include "fcrm-comments.h"
#include "fcrm-gui-test.h"
#include "fcrm-date-button.h"
#include "fcrm-test-util.h"

typedef FcrmGuiFixture Fixture;

/* The error message under a group of fields (one per section of fields). */
static GtkWidget *
group_error_label (FcrmItemCard *card,
                   const char   *group)
{
  GObject *label = fcrm_gui_test_find_template_child (fcrm_gui_card_child (card, group), "error_label");

  g_assert_nonnull (label);
  return GTK_WIDGET (label);
}

/* Editing in place */

static void
apply_line (FcrmItemCard *card,
            const char   *title,
            const char   *text)
{
  GtkWidget *row = fcrm_gui_card_field_row (card, title);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  fcrm_gui_test_drain ();
}

static const char *
line_text (FcrmItemCard *card,
           const char   *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, title)));
}

static void
test_edit_lead (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FcrmItem) before = NULL;
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmItemCard *card;
  GtkWidget *error_label;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  before = fcrm_gui_test_get_lead (fixture->crm, id);
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);

  /* The editors show the stored values as they can be typed back. */
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen");
  g_assert_cmpstr (line_text (card, "Budget"), ==, "150 000");
  g_assert_cmpstr (line_text (card, "Name"), ==, "Ivan Sokolov");
  g_assert_cmpstr (line_text (card, "Phone"), ==, "+7 912 345-67-89");

  /* A new title is saved, and the card shows the new version. */
  apply_line (card, "Title", "Kitchen in oak");
  after = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpstr (after->title, ==, "Kitchen in oak");
  g_assert_cmpint (after->version, ==, before->version + 1);
  g_assert_cmpstr (gtk_label_get_text (fcrm_gui_card_child (card, "title_label")), ==, "Kitchen in oak");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (card)), ==, "Kitchen in oak");
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen in oak");

  /* A budget as people type it. */
  apply_line (card, "Budget", "250 000,50");
  g_clear_object (&after);
  after = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpint (after->budget, ==, 25000050);
  g_assert_cmpstr (line_text (card, "Budget"), ==, "250 000.50");

  /* A bad budget: the row in the error colour, the core's message under
   * the group, the typed text kept, nothing written. */
  error_label = group_error_label (card, "about_group");
  g_assert_false (gtk_widget_get_visible (error_label));
  apply_line (card, "Budget", "abc");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "not an amount of money"));
  g_assert_true (gtk_widget_has_css_class (fcrm_gui_card_field_row (card, "Budget"), "error"));
  g_assert_cmpstr (line_text (card, "Budget"), ==, "abc");
  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpint (lead->budget, ==, 25000050);
  g_assert_cmpint (lead->version, ==, after->version);

  /* Typing again clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, "Budget")), "300000");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (fcrm_gui_card_field_row (card, "Budget"), "error"));
  g_signal_emit_by_name (fcrm_gui_card_field_row (card, "Budget"), "apply");
  fcrm_gui_test_drain ();
  g_clear_object (&lead);
  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpint (lead->budget, ==, 30000000);

  /* A bad e-mail, then an empty title: refused the same way. */
  apply_line (card, "E-mail", "not an address");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (fcrm_gui_card_field_row (card, "E-mail"), "error"));
  apply_line (card, "Title", "");
  g_assert_true (gtk_widget_has_css_class (fcrm_gui_card_field_row (card, "Title"), "error"));
  /* One message per group: the e-mail's went with the new one. */
  g_assert_false (gtk_widget_has_css_class (fcrm_gui_card_field_row (card, "E-mail"), "error"));
  g_clear_object (&lead);
  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen in oak");
  g_assert_null (lead->email);
}

static void
test_edit_two_fields (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = NULL;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);

  /* Two fields changed, then applied one after the other: our own first
   * write is no conflict for the second. */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, "Company")), "Oak & Co");
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, "E-mail")), "ivan@example.com");
  g_signal_emit_by_name (fcrm_gui_card_field_row (card, "Company"), "apply");
  fcrm_gui_test_drain ();
  /* The other field's pending text survives the card's reload. */
  g_assert_cmpstr (line_text (card, "E-mail"), ==, "ivan@example.com");
  g_signal_emit_by_name (fcrm_gui_card_field_row (card, "E-mail"), "apply");
  fcrm_gui_test_drain ();
  g_assert_null (fcrm_gui_test_find_dialog ("Someone else changed this lead meanwhile"));

  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpstr (lead->company_name, ==, "Oak & Co");
  g_assert_cmpstr (lead->email, ==, "ivan@example.com");
}

static void
test_edit_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  AdwMessageDialog *dialog;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);

  /* Another desktop changes the lead: this card does not know yet. */
  other = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  fcrm_crm_lead_set (other, id, "budget", "999", -1, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Budget"), ==, "150 000");

  /* Our edit is refused, not written over theirs. */
  apply_line (card, "Title", "Mine");
  dialog = fcrm_gui_test_find_dialog ("Someone else changed this lead meanwhile");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (card));
  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen");
  g_assert_cmpint (lead->budget, ==, 99900);
  /* The edit waits for the user's decision. */
  g_assert_cmpstr (line_text (card, "Title"), ==, "Mine");

  /* Reload: my edit goes, theirs shows. */
  adw_message_dialog_response (dialog, "reload");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen");
  g_assert_cmpstr (line_text (card, "Budget"), ==, "999");

  /* Now the card is up to date: the same edit goes through. */
  apply_line (card, "Title", "Mine");
  g_assert_null (fcrm_gui_test_find_dialog ("Someone else changed this lead meanwhile"));
  g_clear_object (&lead);
  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpstr (lead->title, ==, "Mine");
  g_assert_cmpint (lead->budget, ==, 99900);
}

static void
test_edit_deal (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(FcrmUser) boris = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = "Hallway",
    .budget = "90000",
    .responsible = "anna",
  };
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkWidget *row;
  GtkWidget *save;
  GtkWidget *toggle;
  FcrmItemCard *card;
  gint64 when;

  boris = fcrm_crm_user_add (fixture->crm, "boris", "Boris Orlov", "manager", &error);
  g_assert_no_error (error);
  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);

  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, deal->id);

  /* Dates as typed, into the deal: ISO, the Russian day-first form, words. */
  g_assert_cmpstr (line_text (card, "Delivery date"), ==, "");
  apply_line (card, "Delivery date", "2026-03-15");
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  fcrm_date_parse ("2026-03-15", &when, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->delivery_date, ==, when);
  /* shown as the locale writes dates, which reads back */
  {
    g_autofree char *shown = fcrm_time_format_local_date (when);

    g_assert_cmpstr (line_text (card, "Delivery date"), ==, shown);
  }
  apply_line (card, "Delivery date", "16.03.2026");
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpint (stored->delivery_date, ==, when + FCRM_GUI_TEST_DAY);

  apply_line (card, "Visit time", "16.03.2026 14:30");
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  fcrm_time_parse ("2026-03-16 14:30", &when, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->visit_at, ==, when);
  {
    g_autofree char *shown = fcrm_time_format_local_time (when);

    g_assert_cmpstr (line_text (card, "Visit time"), ==, shown);
  }

  /* The calendar: a day picked for a date field is saved at once. */
  {
    GtkWidget *date_row = fcrm_gui_card_field_row (card, "Installation date");
    FcrmDateButton *button = FCRM_DATE_BUTTON (fcrm_gui_test_find_type (date_row, FCRM_TYPE_DATE_BUTTON));
    GtkCalendar *calendar = fcrm_date_button_get_calendar (button);
    g_autoptr(GDateTime) day = g_date_time_new_local (2026, 4, 20, 0, 0, 0);

    fcrm_date_button_popup (button);
    fcrm_gui_test_drain ();
    gtk_calendar_select_day (calendar, day);
    fcrm_gui_test_drain ();
    g_clear_object (&stored);
    stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
    g_assert_cmpint (stored->installation_date, ==, g_date_time_to_unix (day));
  }

  /* An impossible date: refused inline on the Project tab. */
  apply_line (card, "Warranty until", "2026-02-30");
  g_assert_true (gtk_widget_get_visible (group_error_label (card, "project_group")));
  g_assert_true (gtk_widget_has_css_class (fcrm_gui_card_field_row (card, "Warranty until"), "error"));
  /* said inline only, and the field keeps the focus to be fixed */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (card));

    g_assert_nonnull (focus);
    g_assert_true (focus == fcrm_gui_card_field_row (card, "Warranty until")
                   || gtk_widget_is_ancestor (focus, fcrm_gui_card_field_row (card, "Warranty until")));
  }
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpint (stored->warranty_until, ==, 0);

  /* Installation needed: a switch. */
  row = fcrm_gui_card_field_row (card, "Installation needed");
  toggle = fcrm_gui_test_find_type (row, GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  fcrm_gui_test_drain ();
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_true (stored->installation_needed);

  /* Measurements: several lines, saved with the button. */
  row = fcrm_gui_card_field_row (card, "Measurements");
  view = GTK_TEXT_VIEW (fcrm_gui_test_find_type (row, GTK_TYPE_TEXT_VIEW));
  buffer = gtk_text_view_get_buffer (view);
  save = fcrm_gui_test_find_button_with_tooltip (row, "Save the change (Ctrl+Enter)");
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (save)));
  gtk_text_buffer_set_text (buffer, "Wall: 2400 mm\nNiche: 900 mm", -1);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (save)));
  g_signal_emit_by_name (save, "clicked");
  fcrm_gui_test_drain ();
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpstr (stored->measurements, ==, "Wall: 2400 mm\nNiche: 900 mm");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (save)));

  /* Revert puts the stored text back. */
  gtk_text_buffer_set_text (buffer, "scratch", -1);
  g_signal_emit_by_name (fcrm_gui_test_find_button_with_tooltip (row, "Discard the change (Escape)"), "clicked");
  fcrm_gui_test_drain ();
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Wall: 2400 mm\nNiche: 900 mm");
  }

  /* Responsible and source: drop-downs. */
  row = fcrm_gui_card_field_row (card, "Responsible");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
    guint boris_at = G_MAXUINT;

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "Unassigned");
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Boris Orlov") == 0)
        boris_at = i;
    g_assert_cmpuint (boris_at, !=, G_MAXUINT);
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), boris_at);
    fcrm_gui_test_drain ();
  }
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpstr (stored->responsible_login, ==, "boris");

  row = fcrm_gui_card_field_row (card, "Source");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Walk-in") == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
    fcrm_gui_test_drain ();
  }
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpstr (stored->source, ==, "walkin");

  /* Read-only things stay labels. */
  g_assert_false (ADW_IS_ENTRY_ROW (fcrm_gui_card_field_row (card, "Stage")));
  g_assert_false (ADW_IS_ENTRY_ROW (fcrm_gui_card_field_row (card, "Created")));
}

static void
test_edit_loss_reason (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  FcrmDealInput input = {
    .pipeline = "repair",
    .title = "Chair",
  };
  FcrmItemCard *card;
  AdwPreferencesRow *row;
  GtkWidget *check;

  deal = fcrm_crm_deal_add (fixture->crm, &input, &error);
  g_assert_no_error (error);
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_DEAL, deal->id);
  /* An open deal has no loss reason to explain. */
  g_assert_null (fcrm_gui_card_find_field_row (card, "Loss reason in detail"));
  fcrm_crm_deal_lose (fixture->crm, deal->id, "other", NULL, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();

  /* Lost with "other": the text the "Specify the reason" task needs is
   * written on the card, and then the task can be done. */
  apply_line (card, "Loss reason in detail", "Bought a used one");
  stored = fcrm_gui_test_get_deal (fixture->crm, deal->id);
  g_assert_cmpstr (stored->loss_reason_text, ==, "Bought a used one");

  row = fcrm_gui_test_find_list_row (fcrm_gui_card_child (card, "tasks_list"), "Specify the reason");
  g_assert_nonnull (row);
  check = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  fcrm_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (fcrm_gui_card_child (card, "task_error_label")));
  tasks = fcrm_crm_item_tasks (fixture->crm, FCRM_ENTITY_DEAL, deal->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len; i++)
    {
      FcrmTask *task = g_ptr_array_index (tasks, i);

      if (g_strcmp0 (task->kind, "specify_reason") == 0)
        g_assert_true (task->done);
    }
}

static void
test_edit_close_unsaved (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FcrmItem) lead = NULL;
  AdwMessageDialog *dialog;
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);

  /* Nothing changed: the card just closes. */
  gtk_window_close (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 0);

  /* A change not applied: asked first, and "Cancel" keeps the card. */
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, "Title")), "Kitchen in oak");
  gtk_window_close (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);
  dialog = fcrm_gui_test_find_dialog ("Discard Unsaved Changes?");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Title”"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 1);
  g_assert_cmpstr (line_text (card, "Title"), ==, "Kitchen in oak");

  /* "Discard" closes it, writing nothing. */
  gtk_window_close (GTK_WINDOW (card));
  fcrm_gui_test_drain ();
  dialog = fcrm_gui_test_find_dialog ("Discard Unsaved Changes?");
  g_assert_nonnull (dialog);
  /* As a click does it: the response, then the dialog closes itself. */
  {
    GtkWidget *discard = NULL;

    for (GtkWidget *w = GTK_WIDGET (dialog); w != NULL && discard == NULL; )
      {
        if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "_Discard") == 0)
          discard = w;
        else if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_nonnull (discard);
    g_signal_emit_by_name (discard, "clicked");
  }
  fcrm_gui_test_drain ();
  g_assert_cmpuint (fcrm_gui_card_count (), ==, 0);
  g_assert_null (fcrm_gui_test_find_dialog ("Discard Unsaved Changes?"));
  lead = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpstr (lead->title, ==, "Kitchen");
}

static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) other = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);
  FcrmItemCard *card;
  gint64 id;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);
  if (!gtk_window_is_active (GTK_WINDOW (card)))
    {
      g_test_skip ("the card window is not active on this display");
      return;
    }

  /* Another program changes the lead; a field is being edited here. */
  gtk_editable_set_text (GTK_EDITABLE (fcrm_gui_card_field_row (card, "Company")), "Oak & Co");
  other = fcrm_crm_open (path, fixture->clock, &error);
  g_assert_no_error (error);
  fcrm_crm_lead_set (other, id, "budget", "999", -1, &error);
  g_assert_no_error (error);
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Budget"), ==, "150 000");

  /* Coming back to the card shows it; the pending edit stays, and
   * applying it still finds the conflict. */
  g_object_notify (G_OBJECT (card), "is-active");
  fcrm_gui_test_drain ();
  g_assert_cmpstr (line_text (card, "Budget"), ==, "999");
  g_assert_cmpstr (line_text (card, "Company"), ==, "Oak & Co");
  g_signal_emit_by_name (fcrm_gui_card_field_row (card, "Company"), "apply");
  fcrm_gui_test_drain ();
  g_assert_nonnull (fcrm_gui_test_find_dialog ("Someone else changed this lead meanwhile"));
}

/* A lead's Project tab (SPEC §4): the deal's editors and validation. */
static void
test_edit_lead_project (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FcrmItem) stored = NULL;
  g_autoptr(FcrmItem) refused = NULL;
  g_autoptr(GError) error = NULL;
  FcrmItemCard *card;
  gint64 id, when;

  id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "150000");
  card = fcrm_gui_card_present (fixture, FCRM_ENTITY_LEAD, id);
  g_assert_true (gtk_widget_get_visible (fcrm_gui_card_child (card, "project_group")));

  apply_line (card, "Delivery date", "15.12.2026");
  stored = fcrm_gui_test_get_lead (fixture->crm, id);
  fcrm_date_parse ("2026-12-15", &when, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->delivery_date, ==, when);
  apply_line (card, "Visit time", "16.12.2026 14:30");
  g_clear_object (&stored);
  stored = fcrm_gui_test_get_lead (fixture->crm, id);
  fcrm_time_parse ("2026-12-16 14:30", &when, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->visit_at, ==, when);

  /* refused inline, nothing written */
  apply_line (card, "Installation date", "2026-02-30");
  g_assert_true (gtk_widget_get_visible (group_error_label (card, "project_group")));
  refused = fcrm_gui_test_get_lead (fixture->crm, id);
  g_assert_cmpint (refused->version, ==, stored->version);
  g_assert_cmpint (refused->installation_date, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_test_set_up_with_user, func, fcrm_gui_card_tear_down)

  ADD ("/item-card/edit-lead", test_edit_lead);
  ADD ("/item-card/edit-two-fields", test_edit_two_fields);
  ADD ("/item-card/edit-conflict", test_edit_conflict);
  ADD ("/item-card/edit-deal", test_edit_deal);
  ADD ("/item-card/edit-lead-project", test_edit_lead_project);
  ADD ("/item-card/edit-loss-reason", test_edit_loss_reason);
  ADD ("/item-card/edit-close-unsaved", test_edit_close_unsaved);
  ADD ("/item-card/external-change", test_external_change);

#undef ADD

  return g_test_run ();
}
