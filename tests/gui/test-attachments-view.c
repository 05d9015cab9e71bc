#define G_LOG_DOMAIN "test-attachments-view"

#include <glib/gstdio.h>

#include "fcrm-attachments.h"
#include "fcrm-attachments-view.h"
#include "fcrm-comments.h"
#include "fcrm-item-card.h"
#include "fcrm-gui-test.h"

typedef FcrmGuiFixture Fixture;

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip,
             const char *label)
{
  if (GTK_IS_BUTTON (widget)
      && (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
      && (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, tooltip, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row of an attachment, wherever its category put it. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      AdwActionRow *found = find_row (c, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gpointer
view_child (FcrmAttachmentsView *view,
            const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (view), FCRM_TYPE_ATTACHMENTS_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static FcrmAttachmentsView *
present_card (Fixture  *fixture,
              gint64    lead_id,
              FcrmItemCard **out_card)
{
  FcrmItemCard *card;
  GtkWidget *view;

  fcrm_item_card_present (NULL, fixture->crm, FCRM_ENTITY_LEAD, lead_id);
  card = fcrm_item_card_find (fixture->crm, FCRM_ENTITY_LEAD, lead_id);
  g_assert_nonnull (card);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (card),
                                                                                      FCRM_TYPE_ITEM_CARD,
                                                                                      "view_stack")),
                                         "general");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (card));
  fcrm_gui_test_drain ();

  view = fcrm_gui_test_find_type (GTK_WIDGET (card), FCRM_TYPE_ATTACHMENTS_VIEW);
  g_assert_nonnull (view);
  if (out_card != NULL)
    *out_card = card;

  return FCRM_ATTACHMENTS_VIEW (view);
}

typedef gboolean (*Condition) (gpointer data);

/* Spin the main loop until @condition holds, for at most ten seconds. */
static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  fcrm_gui_test_drain ();

  return TRUE;
}

static gboolean
idle_view (gpointer data)
{
  return fcrm_attachments_view_get_n_pending (data) == 0;
}

static GPtrArray *
attachments_of (Fixture *fixture,
                gint64   lead_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  list = fcrm_crm_attachments (fixture->crm, FCRM_ENTITY_LEAD, lead_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);

  return list;
}

static FcrmAttachment *
attach (Fixture    *fixture,
        gint64      lead_id,
        const char *name,
        const char *category,
        const char *text)
{
  g_autoptr(GBytes) content = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  FcrmAttachment *attachment;

  attachment = fcrm_crm_attach (fixture->crm, FCRM_ENTITY_LEAD, lead_id, name, category, content, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);

  return attachment;
}

static gboolean
has_sizes_row (gpointer data)
{
  return find_row (data, "sizes.txt") != NULL;
}

static void
test_shows_attached (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 empty_id = fcrm_gui_fixture_add_lead (fixture, "Hallway", NULL);
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", "250000");
  g_autoptr(FcrmAttachment) plan = attach (fixture, lead_id, "plan.pdf", "layout", "%PDF-1.4 a plan");
  FcrmAttachmentsView *view;
  AdwActionRow *row;

  /* nothing attached: the friendly placeholder */
  view = present_card (fixture, empty_id, NULL);
  g_assert_true (gtk_widget_get_visible (view_child (view, "empty_box")));
  g_assert_null (find_row (GTK_WIDGET (view), "plan.pdf"));
  g_assert_true (gtk_widget_get_sensitive (view_child (view, "add_button")));

  view = present_card (fixture, lead_id, NULL);
  g_assert_false (gtk_widget_get_visible (view_child (view, "empty_box")));
  row = find_row (GTK_WIDGET (view), "plan.pdf");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
  /* its size, then the day */
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "15 bytes"));
  g_assert_nonnull (find_button (GTK_WIDGET (row), "Open", NULL));
  g_assert_nonnull (find_button (GTK_WIDGET (row), "Save As…", NULL));
  g_assert_nonnull (find_button (GTK_WIDGET (row), "Delete", NULL));
  /* a screen reader hears which file each button is for */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (find_button (GTK_WIDGET (row), "Open", NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Open plan.pdf");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (find_button (GTK_WIDGET (row), "Delete", NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete plan.pdf");

  /* one attached elsewhere (the CLI) shows on the next change */
  g_clear_object (&plan);
  plan = attach (fixture, lead_id, "sizes.txt", "measurements", "2400 x 600");
  g_assert_true (wait_until (has_sizes_row, view));
  g_assert_nonnull (find_row (GTK_WIDGET (view), "plan.pdf"));
}

static GFile *
temp_file (Fixture    *fixture,
           const char *name,
           const char *text)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

typedef struct
{
  Fixture *fixture;
  gint64   lead_id;
  guint    n;
} CountData;

static gboolean
has_n_attachments (gpointer data)
{
  CountData *cd = data;
  g_autoptr(GPtrArray) list = attachments_of (cd->fixture, cd->lead_id);

  return list->len == cd->n;
}

static void
test_add_file (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  g_autoptr(GFile) file = temp_file (fixture, "room sizes.txt", "3.2 m x 4.1 m");
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *missing_path = NULL;
  FcrmAttachmentsView *view;
  FcrmAttachment *attachment;
  CountData cd = { fixture, lead_id, 1 };

  view = present_card (fixture, lead_id, NULL);
  fcrm_attachments_view_add_file (view, file, "measurements");
  g_assert_true (wait_until (has_n_attachments, &cd));
  g_assert_true (wait_until (idle_view, view));

  list = attachments_of (fixture, lead_id);
  attachment = g_ptr_array_index (list, 0);
  g_assert_cmpstr (attachment->name, ==, "room sizes.txt");
  g_assert_cmpstr (attachment->category, ==, "measurements");
  g_assert_cmpint (attachment->size, ==, strlen ("3.2 m x 4.1 m"));
  g_assert_nonnull (find_row (GTK_WIDGET (view), "room sizes.txt"));
  g_assert_false (gtk_widget_get_visible (view_child (view, "empty_box")));
  g_assert_false (gtk_widget_get_visible (view_child (view, "error_label")));

  /* a file that is gone: the reason, nothing written */
  missing_path = g_build_filename (fixture->dir, "gone.pdf", NULL);
  missing = g_file_new_for_path (missing_path);
  fcrm_attachments_view_add_file (view, missing, NULL);
  g_assert_true (wait_until (idle_view, view));
  g_assert_true (gtk_widget_get_visible (view_child (view, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (view_child (view, "error_label")), "gone.pdf"));
  g_assert_true (has_n_attachments (&cd));
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "scan.tiff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = g_strdup_printf ("%d MB", FCRM_ATTACHMENT_MAX_SIZE / (1024 * 1024));
  FcrmAttachmentsView *view;
  const char *message;
  CountData cd = { fixture, lead_id, 0 };

  /* sparse: one byte over the limit, without writing 25 MB */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (out), FCRM_ATTACHMENT_MAX_SIZE + 1, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);

  view = present_card (fixture, lead_id, NULL);
  fcrm_attachments_view_add_file (view, file, NULL);
  g_assert_true (wait_until (idle_view, view));

  g_assert_true (gtk_widget_get_visible (view_child (view, "error_label")));
  message = gtk_label_get_text (view_child (view, "error_label"));
  g_assert_nonnull (strstr (message, "scan.tiff"));
  g_assert_nonnull (strstr (message, limit));
  g_assert_true (has_n_attachments (&cd));
  g_assert_true (gtk_widget_get_visible (view_child (view, "empty_box")));
  g_unlink (path);
}

static gboolean
toast_button_shown (gpointer data)
{
  return find_button (data, NULL, "_Undo") != NULL;
}

static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  g_autoptr(FcrmAttachment) plan = attach (fixture, lead_id, "plan.pdf", "layout", "%PDF-1.4 a plan");
  g_autoptr(GPtrArray) list = NULL;
  FcrmAttachmentsView *view;
  FcrmItemCard *card;
  AdwActionRow *row;
  GtkWidget *overlay;
  FcrmAttachment *restored;
  CountData cd = { fixture, lead_id, 0 };

  view = present_card (fixture, lead_id, &card);
  row = find_row (GTK_WIDGET (view), "plan.pdf");
  g_assert_nonnull (row);

  g_signal_emit_by_name (find_button (GTK_WIDGET (row), "Delete", NULL), "clicked");
  fcrm_gui_test_drain ();
  g_assert_true (has_n_attachments (&cd));
  g_assert_null (find_row (GTK_WIDGET (view), "plan.pdf"));
  g_assert_true (gtk_widget_get_visible (view_child (view, "empty_box")));

  overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (card), FCRM_TYPE_ITEM_CARD, "toast_overlay"));
  g_assert_true (wait_until (toast_button_shown, overlay));
  g_signal_emit_by_name (find_button (overlay, NULL, "_Undo"), "clicked");
  fcrm_gui_test_drain ();

  list = attachments_of (fixture, lead_id);
  g_assert_cmpuint (list->len, ==, 1);
  restored = g_ptr_array_index (list, 0);
  g_assert_cmpstr (restored->name, ==, "plan.pdf");
  g_assert_cmpstr (restored->category, ==, "layout");
  g_assert_cmpstr (restored->sha256, ==, plan->sha256);
  g_assert_nonnull (find_row (GTK_WIDGET (view), "plan.pdf"));
}

static FcrmAttachment *
only_attachment (Fixture *fixture,
                 gint64   lead_id)
{
  g_autoptr(GPtrArray) list = attachments_of (fixture, lead_id);

  g_assert_cmpuint (list->len, ==, 1);
  return g_object_ref (g_ptr_array_index (list, 0));
}

/* A file's category changed on its row: stored, on the timeline, undone
 * from the toast (issue 13). */
static void
test_change_category (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  g_autoptr(FcrmAttachment) photo = attach (fixture, lead_id, "kitchen.txt", "photo", "a photo, say");
  g_autoptr(FcrmAttachment) stored = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  FcrmAttachmentsView *view;
  FcrmItemCard *card;
  GtkWidget *overlay;
  GtkDropDown *dropdown;

  view = present_card (fixture, lead_id, &card);
  dropdown = GTK_DROP_DOWN (fcrm_gui_test_find_type (GTK_WIDGET (find_row (GTK_WIDGET (view), "kitchen.txt")),
                                                     GTK_TYPE_DROP_DOWN));
  g_assert_nonnull (dropdown);
  /* the order of fcrm_attachment_categories (): layout first, photo last */
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 3);
  gtk_drop_down_set_selected (dropdown, 0);
  fcrm_gui_test_drain ();

  stored = only_attachment (fixture, lead_id);
  g_assert_cmpstr (stored->category, ==, "layout");
  comments = fcrm_crm_comments (fixture->crm, FCRM_ENTITY_LEAD, lead_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  /* the row moved to its new category, with its drop-down on Layout */
  dropdown = GTK_DROP_DOWN (fcrm_gui_test_find_type (GTK_WIDGET (find_row (GTK_WIDGET (view), "kitchen.txt")),
                                                     GTK_TYPE_DROP_DOWN));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);

  overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (card), FCRM_TYPE_ITEM_CARD, "toast_overlay"));
  g_assert_true (wait_until (toast_button_shown, overlay));
  g_signal_emit_by_name (find_button (overlay, NULL, "_Undo"), "clicked");
  fcrm_gui_test_drain ();
  g_clear_object (&stored);
  stored = only_attachment (fixture, lead_id);
  g_assert_cmpstr (stored->category, ==, "photo");
  g_clear_pointer (&comments, g_ptr_array_unref);
  comments = fcrm_crm_comments (fixture->crm, FCRM_ENTITY_LEAD, lead_id, &error);
  g_assert_cmpuint (comments->len, ==, 0);
}

static gboolean
again_dialog_shown (gpointer data)
{
  return fcrm_gui_test_find_dialog ("This file is already attached") != NULL;
}

/* The same file again: asked first; Cancel adds nothing, Attach Anyway a
 * second copy (issue 13). A layout named so is filed as one. */
static void
test_same_file_twice (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Kitchen", NULL);
  g_autoptr(GFile) file = temp_file (fixture, "план кухни.txt", "3.2 m x 4.1 m");
  g_autoptr(FcrmAttachment) first = NULL;
  FcrmAttachmentsView *view;
  AdwMessageDialog *dialog;
  CountData cd = { fixture, lead_id, 1 };

  view = present_card (fixture, lead_id, NULL);
  fcrm_attachments_view_add_file (view, file, NULL);
  g_assert_true (wait_until (has_n_attachments, &cd));
  g_assert_true (wait_until (idle_view, view));
  first = only_attachment (fixture, lead_id);
  g_assert_cmpstr (first->category, ==, "layout");

  /* again: the dialog, nothing written meanwhile; Cancel */
  fcrm_attachments_view_add_file (view, file, NULL);
  g_assert_true (wait_until (again_dialog_shown, NULL));
  dialog = fcrm_gui_test_find_dialog ("This file is already attached");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "план кухни.txt"));
  g_assert_true (has_n_attachments (&cd));
  fcrm_gui_test_respond (GTK_WINDOW (dialog), "cancel");
  g_assert_true (has_n_attachments (&cd));

  /* and again: Attach Anyway */
  fcrm_attachments_view_add_file (view, file, NULL);
  g_assert_true (wait_until (again_dialog_shown, NULL));
  fcrm_gui_test_respond (GTK_WINDOW (fcrm_gui_test_find_dialog ("This file is already attached")), "attach");
  cd.n = 2;
  g_assert_true (has_n_attachments (&cd));
}

static gboolean
has_thumbnail (gpointer data)
{
  AdwActionRow *row = find_row (data, "sofa.png");
  GtkWidget *image = row != NULL ? fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_IMAGE) : NULL;

  return image != NULL
         && gtk_image_get_storage_type (GTK_IMAGE (image)) == GTK_IMAGE_PAINTABLE
         && gtk_image_get_paintable (GTK_IMAGE (image)) != NULL;
}

static void
test_thumbnail (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 lead_id = fcrm_gui_fixture_add_lead (fixture, "Living room", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 16, 12);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(FcrmAttachment) photo = NULL;
  g_autoptr(FcrmAttachment) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  FcrmAttachmentsView *view;
  AdwActionRow *row;
  GtkWidget *image;

  gdk_pixbuf_fill (pixbuf, 0x8040c0ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  png = g_bytes_new (buffer, size);
  photo = fcrm_crm_attach (fixture->crm, FCRM_ENTITY_LEAD, lead_id, "sofa.png", NULL, png, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (photo->category, ==, "photo");
  text = attach (fixture, lead_id, "notes.txt", NULL, "a blue sofa");

  view = present_card (fixture, lead_id, NULL);
  g_assert_true (wait_until (has_thumbnail, view));
  g_assert_true (wait_until (idle_view, view));

  /* anything else shows its type's icon */
  row = find_row (GTK_WIDGET (view), "notes.txt");
  g_assert_nonnull (row);
  image = fcrm_gui_test_find_type (GTK_WIDGET (row), GTK_TYPE_IMAGE);
  g_assert_nonnull (image);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (image)), ==, GTK_IMAGE_GICON);
}

int
main (int   argc,
      char *argv[])
{
  /* accessible names are checked: keep them (no screen reader, the test backend) */
  g_setenv ("GTK_A11Y", "test", TRUE);
  fcrm_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fcrm_gui_test_set_up_with_user, func, fcrm_gui_card_tear_down)

  ADD ("/attachments-view/shows-attached", test_shows_attached);
  ADD ("/attachments-view/add-file", test_add_file);
  ADD ("/attachments-view/too-large", test_too_large);
  ADD ("/attachments-view/delete-undo", test_delete_undo);
  ADD ("/attachments-view/change-category", test_change_category);
  ADD ("/attachments-view/same-file-twice", test_same_file_twice);
  ADD ("/attachments-view/thumbnail", test_thumbnail);

#undef ADD

  return g_test_run ();
}
