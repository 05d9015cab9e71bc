#define G_LOG_DOMAIN "test-card-sections"

#include "fcrm-attachments.h"
#include "fcrm-attachments-view.h"
#include "fcrm-card-section.h"
#include "fcrm-comments-section.h"
#include "fcrm-error.h"
#include "fcrm-inbox.h"
#include "fcrm-item-fields-group.h"
#include "fcrm-participants-section.h"
#include "fcrm-tasks-section.h"
#include "fcrm-timeline-section.h"
#include "fcrm-gui-test.h"

/* Each card section on its own, outside a card, through FcrmCardSection:
 * what the card relies on (set_item, pending changes, apply, conflicts,
 * rebase, "changed") and what a contact or company card will rely on. */

typedef struct
{
  FcrmGuiFixture   base;
  GtkWidget       *window;
  FcrmCardSection *section;
  FcrmEntityType   type;
  gint64           id;
  guint            n_changed;
  guint            n_wrote;
  char            *conflict;   /* the last "conflict", or NULL */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fcrm_gui_fixture_set_up (&fixture->base, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  fcrm_gui_test_drain ();
  g_clear_pointer (&fixture->conflict, g_free);
  fcrm_gui_fixture_tear_down (&fixture->base);
}

static FcrmItem *
read_item (Fixture *fixture)
{
  return fixture->type == FCRM_ENTITY_LEAD
         ? fcrm_crm_lead_get (fixture->base.crm, fixture->id, NULL)
         : fcrm_crm_deal_get (fixture->base.crm, fixture->id, NULL);
}

/* Give the section the item as now stored, as the card does after a refresh. */
static void
set_item (Fixture *fixture)
{
  g_autoptr(FcrmItem) item = read_item (fixture);

  g_assert_nonnull (item);
  fcrm_card_section_set_item (fixture->section, fixture->base.crm, item);
  fcrm_gui_test_drain ();
}

/* What the card does with "changed": read the item again. */
static void
changed_cb (FcrmCardSection *section,
            gboolean         wrote,
            Fixture         *fixture)
{
  fixture->n_changed++;
  if (wrote)
    fixture->n_wrote++;
  set_item (fixture);
}

static void
conflict_cb (FcrmCardSection *section,
             const char      *what,
             Fixture         *fixture)
{
  g_free (fixture->conflict);
  fixture->conflict = g_strdup (what);
}

/* @section in a window with a toast overlay, as in a card, showing the item. */
static void
show_section (Fixture        *fixture,
              GtkWidget      *section,
              FcrmEntityType  type,
              gint64          id)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  g_assert_true (FCRM_IS_CARD_SECTION (section));
  fixture->section = FCRM_CARD_SECTION (section);
  fixture->type = type;
  fixture->id = id;
  g_signal_connect (section, "changed", G_CALLBACK (changed_cb), fixture);
  g_signal_connect (section, "conflict", G_CALLBACK (conflict_cb), fixture);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), section);
  fixture->window = fcrm_gui_test_show_in_window (overlay);
  set_item (fixture);
}

static gpointer
section_child (Fixture    *fixture,
               const char *name)
{
  GObject *object = fcrm_gui_test_find_template_child (GTK_WIDGET (fixture->section), name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
is_visible_row_titled (GtkWidget    *widget,
                       gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         gtk_widget_get_visible (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
row (Fixture    *fixture,
     const char *title)
{
  return fcrm_gui_test_find (GTK_WIDGET (fixture->section), is_visible_row_titled, title);
}

static char *
changes (Fixture *fixture)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  fcrm_card_section_list_changes (fixture->section, names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

#define assert_changes(fixture, expected) \
  G_STMT_START { \
    g_autofree char *got_ = changes (fixture); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static FcrmItem *
stored (Fixture *fixture)
{
  FcrmItem *item = read_item (fixture);

  g_assert_nonnull (item);
  return item;
}

static gint64
add_deal (Fixture    *fixture,
          const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) deal = NULL;
  FcrmDealInput input = {
    .pipeline = "manufacturing",
    .title = title,
    .budget = "90000",
    .responsible = "anna",
  };

  deal = fcrm_crm_deal_add (fixture->base.crm, &input, &error);
  g_assert_no_error (error);
  return deal->id;
}

/* The fields: pending changes, apply, refusal, conflict, discard, rebase. */
static void
test_fields_group (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) before = NULL;
  g_autoptr(FcrmItem) after = NULL;
  gint64 id = fcrm_gui_fixture_add_lead (&fixture->base, "Kitchen", "150000");
  GtkWidget *error_label;

  show_section (fixture, fcrm_item_fields_group_new ("about"), FCRM_ENTITY_LEAD, id);
  g_assert_cmpstr (fcrm_item_fields_group_get_group (FCRM_ITEM_FIELDS_GROUP (fixture->section)), ==, "about");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "Title"))), ==, "Kitchen");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "Budget"))), ==, "150 000");
  /* the About fields of a lead, none of the other tabs */
  g_assert_nonnull (row (fixture, "Phone"));
  g_assert_null (row (fixture, "Delivery date"));
  g_assert_null (row (fixture, "Responsible"));
  g_assert_false (fcrm_card_section_has_changes (fixture->section));

  /* Typed: pending, by name; applied through the interface: written, said. */
  before = stored (fixture);
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, "Title")), "Kitchen in oak");
  g_assert_true (fcrm_card_section_has_changes (fixture->section));
  assert_changes (fixture, "Title");
  g_assert_true (fcrm_card_section_apply (fixture->section, &error));
  g_assert_no_error (error);
  after = stored (fixture);
  g_assert_cmpstr (after->title, ==, "Kitchen in oak");
  g_assert_cmpint (after->version, ==, before->version + 1);
  g_assert_cmpuint (fixture->n_wrote, ==, 1);
  g_assert_false (fcrm_card_section_has_changes (fixture->section));

  /* Refused: the message under the group, the change still pending. */
  error_label = section_child (fixture, "error_label");
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, "Budget")), "abc");
  g_assert_false (fcrm_card_section_apply (fixture->section, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  assert_changes (fixture, "Budget");

  /* Discarded: nothing pending, no message; the next item shows as stored. */
  fcrm_card_section_discard (fixture->section);
  g_assert_false (fcrm_card_section_has_changes (fixture->section));
  g_assert_false (gtk_widget_get_visible (error_label));
  set_item (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "Budget"))), ==, "150 000");

  /* Someone else wrote since the change began: "conflict", nothing written,
   * the change stays for the card to decide. */
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, "Budget")), "200000");
  g_assert_true (fcrm_crm_lead_set (fixture->base.crm, id, "company", "Oak & Co", -1, &error));
  g_assert_no_error (error);
  g_assert_false (fcrm_card_section_apply (fixture->section, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpstr (fixture->conflict, ==, "Budget");
  g_clear_object (&after);
  after = stored (fixture);
  g_assert_cmpint (after->budget, ==, 15000000);
  assert_changes (fixture, "Budget");
  fcrm_card_section_discard (fixture->section);
  set_item (fixture);

  /* A change begun at one version follows the item to the next when the
   * card says that write was its own. */
  g_clear_object (&before);
  before = stored (fixture);
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, "Budget")), "300000");
  g_assert_true (fcrm_crm_lead_set (fixture->base.crm, id, "company", "Oak", before->version, &error));
  g_assert_no_error (error);
  fcrm_card_section_rebase (fixture->section, before->version, before->version + 1);
  g_assert_true (fcrm_card_section_apply (fixture->section, &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = stored (fixture);
  g_assert_cmpint (after->budget, ==, 30000000);
  g_assert_cmpstr (after->company_name, ==, "Oak");
}

/* The Additional fields of a deal: read-only rows and the origin lead link. */
static void
test_fields_group_additional (Fixture       *fixture,
                              gconstpointer  data)
{
  gint64 id = add_deal (fixture, "Hallway");
  GtkWidget *origin;

  show_section (fixture, fcrm_item_fields_group_new ("additional"), FCRM_ENTITY_DEAL, id);
  g_assert_nonnull (row (fixture, "Stage"));
  g_assert_nonnull (row (fixture, "Responsible"));
  g_assert_null (row (fixture, "Converted deal"));
  origin = row (fixture, "Origin lead");
  g_assert_nonnull (origin);
  /* made without a lead: nothing to open */
  g_assert_nonnull (fcrm_gui_test_find_type (origin, GTK_TYPE_BUTTON));
  g_assert_false (gtk_widget_get_visible (fcrm_gui_test_find_type (origin, GTK_TYPE_BUTTON)));
  g_assert_false (fcrm_card_section_has_changes (fixture->section));
}

static void
test_participants_section (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) olga = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  gint64 lead_id = fcrm_gui_fixture_add_lead (&fixture->base, "Kitchen", NULL);
  gint64 deal_id = add_deal (fixture, "Wardrobe");
  AdwComboRow *combo;
  GListModel *model;

  olga = fcrm_crm_user_add (fixture->base.crm, "olga", "Olga Smirnova", "designer", &error);
  g_assert_no_error (error);

  /* A lead has none: the group says when it will. */
  show_section (fixture, fcrm_participants_section_new (), FCRM_ENTITY_LEAD, lead_id);
  g_assert_false (gtk_widget_get_visible (section_child (fixture, "participants_list")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (fixture->section)),
                            "once this lead becomes a deal"));

  /* The same section given a deal: chosen and added, written, said. */
  fixture->type = FCRM_ENTITY_DEAL;
  fixture->id = deal_id;
  set_item (fixture);
  g_assert_true (gtk_widget_get_visible (section_child (fixture, "participants_list")));
  combo = section_child (fixture, "participant_combo");
  model = adw_combo_row_get_model (combo);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Olga Smirnova") == 0)
      adw_combo_row_set_selected (combo, i);
  g_signal_emit_by_name (section_child (fixture, "participant_add_button"), "clicked");
  fcrm_gui_test_drain ();

  participants = fcrm_crm_deal_participants (fixture->base.crm, deal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 1);
  g_assert_cmpuint (fixture->n_wrote, ==, 1);
  g_assert_cmpuint (fcrm_gui_test_count_rows (section_child (fixture, "participants_list")), ==, 1);
  g_assert_false (fcrm_card_section_has_changes (fixture->section));

  /* the designer does not decide who takes part: the row says so, greyed out */
  g_assert_true (fcrm_crm_set_actor (fixture->base.crm, "olga", &error));
  g_assert_no_error (error);
  set_item (fixture);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (combo)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (section_child (fixture, "participant_add_button"))));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (combo)), "responsible"));
}

static void
test_comments_section (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gint64 id = fcrm_gui_fixture_add_lead (&fixture->base, "Kitchen", NULL);
  GtkTextBuffer *buffer;

  show_section (fixture, fcrm_comments_section_new (), FCRM_ENTITY_LEAD, id);
  buffer = gtk_text_view_get_buffer (section_child (fixture, "comment_view"));
  g_assert_cmpuint (fcrm_gui_test_count_rows (section_child (fixture, "comments_list")), ==, 0);

  /* Empty: refused inline, nothing written, nothing said. */
  g_signal_emit_by_name (section_child (fixture, "comment_add_button"), "clicked");
  g_assert_true (gtk_widget_get_visible (section_child (fixture, "comment_error_label")));
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  /* Posted: a change of the item, which the card reads again. */
  gtk_text_buffer_set_text (buffer, "Oak, not ash.", -1);
  g_signal_emit_by_name (section_child (fixture, "comment_add_button"), "clicked");
  fcrm_gui_test_drain ();
  comments = fcrm_crm_comments (fixture->base.crm, FCRM_ENTITY_LEAD, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpuint (fixture->n_wrote, ==, 1);
  g_assert_cmpuint (fcrm_gui_test_count_rows (section_child (fixture, "comments_list")), ==, 1);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  /* what is typed and not posted is no pending change of the item */
  gtk_text_buffer_set_text (buffer, "draft", -1);
  g_assert_false (fcrm_card_section_has_changes (fixture->section));
}

static void
test_tasks_section (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTask) task = NULL;
  gint64 id = add_deal (fixture, "Hallway");
  GtkListBox *list;

  task = fcrm_crm_task_add (fixture->base.crm, "Measure", NULL, "2026-01-20", NULL,
                            FCRM_ENTITY_DEAL, id, &error);
  g_assert_no_error (error);
  show_section (fixture, fcrm_tasks_section_new (), FCRM_ENTITY_DEAL, id);
  list = section_child (fixture, "tasks_list");
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 1);

  /* Added through the form: stored; a task is no change of the item, so the
   * section says nothing and the database's "changed" redraws the card. */
  gtk_editable_set_text (section_child (fixture, "task_title_entry"), "Call back");
  g_signal_emit_by_name (section_child (fixture, "task_add_button"), "clicked");
  fcrm_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (section_child (fixture, "task_error_label")));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  set_item (fixture);
  g_assert_cmpuint (fcrm_gui_test_count_rows (list), ==, 2);
}

static void
test_timeline_section (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmComment) comment = NULL;
  gint64 id = fcrm_gui_fixture_add_lead (&fixture->base, "Kitchen", NULL);
  GtkListBox *list;

  fcrm_clock_advance (fixture->base.clock, FCRM_GUI_TEST_DAY);
  g_assert_true (fcrm_crm_lead_move (fixture->base.crm, id, "lead.in_progress", &error));
  g_assert_no_error (error);
  comment = fcrm_crm_comment_add (fixture->base.crm, FCRM_ENTITY_LEAD, id, "Oak, not ash.", &error);
  g_assert_no_error (error);

  show_section (fixture, fcrm_timeline_section_new (), FCRM_ENTITY_LEAD, id);
  list = section_child (fixture, "timeline_list");
  /* newest first: the comment, then the stage entries */
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "Oak, not ash."));
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "Entered “In progress” on "));
  g_assert_nonnull (fcrm_gui_test_find_list_row (list, "Entered “Unprocessed” on "));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 0))),
                                   "Oak, not ash."));
}

/* The attachments view is a section too: set_item shows another item's files. */
static void
test_attachments_section (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("%PDF-1.4 a plan", 15);
  g_autoptr(FcrmAttachment) plan = NULL;
  gint64 empty_id = fcrm_gui_fixture_add_lead (&fixture->base, "Kitchen", NULL);
  gint64 id = fcrm_gui_fixture_add_lead (&fixture->base, "Wardrobe", NULL);

  plan = fcrm_crm_attach (fixture->base.crm, FCRM_ENTITY_LEAD, id, "plan.pdf", "layout", content, &error);
  g_assert_no_error (error);

  show_section (fixture, fcrm_attachments_view_new (fixture->base.crm, FCRM_ENTITY_LEAD, empty_id),
                FCRM_ENTITY_LEAD, empty_id);
  g_assert_null (fcrm_gui_test_find (GTK_WIDGET (fixture->section), is_visible_row_titled, "plan.pdf"));

  fixture->id = id;
  set_item (fixture);
  g_assert_nonnull (fcrm_gui_test_find (GTK_WIDGET (fixture->section), is_visible_row_titled, "plan.pdf"));
  g_assert_false (fcrm_card_section_has_changes (fixture->section));
  g_assert_true (fcrm_card_section_apply (fixture->section, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/card-sections/fields-group", test_fields_group);
  ADD ("/card-sections/fields-group-additional", test_fields_group_additional);
  ADD ("/card-sections/participants", test_participants_section);
  ADD ("/card-sections/comments", test_comments_section);
  ADD ("/card-sections/tasks", test_tasks_section);
  ADD ("/card-sections/timeline", test_timeline_section);
  ADD ("/card-sections/attachments", test_attachments_section);

#undef ADD

  return g_test_run ();
}
