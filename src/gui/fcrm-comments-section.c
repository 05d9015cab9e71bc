#define G_LOG_DOMAIN "fcrm-comments-section"

#include "fcrm-comments-section.h"
#include "fcrm-card-section.h"
#include "fcrm-error.h"

struct _FcrmCommentsSection
{
  AdwPreferencesGroup  parent_instance;

  FcrmCrm             *crm;
  FcrmEntityType       type;           /* what the comments are about: */
  gint64               id;             /* a lead, deal, contact or company; 0 before */

  /* template */
  GtkTextView         *comment_view;
  GtkWidget           *comment_hint;
  GtkWidget           *comment_add_button;
  GtkLabel            *comment_error_label;
  GtkListBox          *comments_list;
};

static void fcrm_comments_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmCommentsSection, fcrm_comments_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_comments_section_card_section_init))

static void
set_error (FcrmCommentsSection *self,
           const char          *message)
{
  gtk_label_set_text (self->comment_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->comment_error_label), message != NULL);
}

static GtkWidget *
comment_row_new (FcrmComment *comment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *author = fcrm_card_comment_author (comment);
  g_autofree char *when = fcrm_card_format_date_time (comment->created_at);
  GtkWidget *author_label = gtk_label_new (author);
  GtkWidget *when_label = gtk_label_new (when != NULL ? when : "");
  GtkWidget *text_label = gtk_label_new (comment->text);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (author_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (author_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (author_label, "heading");
  gtk_widget_set_hexpand (author_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (when_label), 1);
  gtk_widget_add_css_class (when_label, "dim-label");
  gtk_widget_add_css_class (when_label, "caption");
  gtk_box_append (GTK_BOX (header), author_label);
  gtk_box_append (GTK_BOX (header), when_label);

  gtk_label_set_xalign (GTK_LABEL (text_label), 0);
  gtk_label_set_wrap (GTK_LABEL (text_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text_label), TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), text_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
comment_add_clicked_cb (FcrmCommentsSection *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  g_autoptr(FcrmComment) comment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->id == 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  comment = fcrm_crm_comment_add (self->crm, self->type, self->id, text, &error);
  if (comment == NULL)
    {
      /* What was typed stays, to be fixed. */
      set_error (self, error->message);
      if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        fcrm_card_section_changed (FCRM_CARD_SECTION (self), FALSE);
      return;
    }

  gtk_text_buffer_set_text (buffer, "", -1);
  set_error (self, NULL);
  /* A comment is a change of an item: its version moved (a client's card
   * keeps its version, and is read again all the same). */
  fcrm_card_section_changed (FCRM_CARD_SECTION (self), self->type == FCRM_ENTITY_LEAD || self->type == FCRM_ENTITY_DEAL);
}

static void
comment_buffer_changed_cb (FcrmCommentsSection *self,
                           GtkTextBuffer       *buffer)
{
  /* The hint stands in for an empty box; the message was about the old text. */
  gtk_widget_set_visible (self->comment_hint, gtk_text_buffer_get_char_count (buffer) == 0);
  set_error (self, NULL);
}

static gboolean
comment_key_pressed_cb (FcrmCommentsSection   *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_CONTROL_MASK) != 0)
    {
      comment_add_clicked_cb (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* FcrmCardSection */

static void
fcrm_comments_section_set_data (FcrmCardSection *section,
                                FcrmCrm         *crm,
                                FcrmCardData    *data)
{
  FcrmCommentsSection *self = FCRM_COMMENTS_SECTION (section);

  g_set_object (&self->crm, crm);
  fcrm_card_data_get_entity (data, &self->type, &self->id);

  fcrm_card_clear_list (self->comments_list);
  for (guint i = 0; data->comments != NULL && i < data->comments->len; i++)
    gtk_list_box_append (self->comments_list, comment_row_new (g_ptr_array_index (data->comments, i)));
}

static void
fcrm_comments_section_set_item (FcrmCardSection *section,
                                FcrmCrm         *crm,
                                FcrmItem        *item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = fcrm_crm_comments (crm, item->type, item->id, &error);
  FcrmCardData data = { .item = item, .comments = fcrm_card_read_part (comments, "comments", item, error) };

  fcrm_comments_section_set_data (section, crm, &data);
}

static void
fcrm_comments_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_comments_section_set_item;
  iface->set_data = fcrm_comments_section_set_data;
}

/* GObject */

static void
fcrm_comments_section_dispose (GObject *object)
{
  FcrmCommentsSection *self = FCRM_COMMENTS_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_COMMENTS_SECTION);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_comments_section_parent_class)->dispose (object);
}

static void
fcrm_comments_section_class_init (FcrmCommentsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_comments_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-comments-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmCommentsSection, comment_view);
  gtk_widget_class_bind_template_child (widget_class, FcrmCommentsSection, comment_hint);
  gtk_widget_class_bind_template_child (widget_class, FcrmCommentsSection, comment_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmCommentsSection, comment_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCommentsSection, comments_list);
  gtk_widget_class_bind_template_callback (widget_class, comment_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_buffer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_key_pressed_cb);
}

static void
fcrm_comments_section_init (FcrmCommentsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_comments_section_new (void)
{
  return g_object_new (FCRM_TYPE_COMMENTS_SECTION, NULL);
}
