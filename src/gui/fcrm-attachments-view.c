#define G_LOG_DOMAIN "fcrm-attachments-view"

#include <glib/gi18n.h>

#include "fcrm-attachments-io.h"
#include "fcrm-toasts.h"
#include "fcrm-attachments-view-private.h"
#include "fcrm-card-section.h"
#include "fcrm-error.h"

/* Thumbnails are drawn at 48 px; decoding at twice that stays sharp on a
 * HiDPI screen. */
#define THUMBNAIL_SIZE 48
#define THUMBNAIL_DECODE_SIZE 96
#define TYPE_ICON_SIZE 32

/* The files of one category: a heading and a boxed list over a store. */
typedef struct
{
  char       *category;
  GListStore *store;
  GtkWidget  *box;
  GtkListBox *list;
} Section;

static void fcrm_attachments_view_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmAttachmentsView, fcrm_attachments_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_attachments_view_card_section_init))

enum {
  PROP_0,
  PROP_CRM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
section_free (gpointer data)
{
  Section *section = data;

  g_free (section->category);
  g_clear_object (&section->store);
  g_free (section);
}
/* Messages */

void
_fcrm_attachments_view_set_error (FcrmAttachmentsView *self,
                                  const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
_fcrm_attachments_view_add_toast (FcrmAttachmentsView *self,
                                  AdwToast            *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    fcrm_toast_show (overlay, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* The whole message stays under the list; the toast is where the user looks. */
void
_fcrm_attachments_view_show_error (FcrmAttachmentsView *self,
                                   const char          *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  _fcrm_attachments_view_set_error (self, message);
  _fcrm_attachments_view_add_toast (self, adw_toast_new (escaped));  /* the title is markup */
}

/* Work in the background */

static void
pending_changed (FcrmAttachmentsView *self,
                 int                  delta)
{
  g_assert (delta > 0 || self->n_pending > 0);

  self->n_pending += delta;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->n_pending > 0);
  gtk_spinner_set_spinning (self->spinner, self->n_pending > 0);
}

FcrmAttachmentsViewJob *
_fcrm_attachments_view_job_new (FcrmAttachmentsView *self)
{
  FcrmAttachmentsViewJob *job = g_new0 (FcrmAttachmentsViewJob, 1);

  job->self = g_object_ref (self);
  g_weak_ref_init (&job->image, NULL);
  pending_changed (self, +1);

  return job;
}

FcrmAttachmentsView *
_fcrm_attachments_view_job_end (FcrmAttachmentsViewJob *job)
{
  /* A job that finished after the view was disposed has nothing to show. */
  if (job->self->crm == NULL)
    return NULL;

  pending_changed (job->self, -1);
  return job->self;
}

void
_fcrm_attachments_view_job_free (FcrmAttachmentsViewJob *job)
{
  g_clear_object (&job->self);
  g_free (job->name);
  g_clear_object (&job->file);
  g_free (job->category);
  g_weak_ref_clear (&job->image);
  g_free (job->sha256);
  g_free (job);
}

/* Thumbnails */

static void
show_thumbnail (GtkImage   *image,
                GdkTexture *texture)
{
  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (image, THUMBNAIL_SIZE);
  gtk_widget_remove_css_class (GTK_WIDGET (image), "dim-label");
}

static void
thumbnail_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FcrmAttachmentsViewJob) job = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GtkImage) image = NULL;
  g_autoptr(GError) error = NULL;
  FcrmAttachmentsView *self;

  texture = fcrm_attachments_io_thumbnail_finish (result, &error);
  self = _fcrm_attachments_view_job_end (job);
  if (self == NULL)
    return;
  if (texture == NULL)
    {
      /* Not a picture after all, or a broken one: the type's icon stays. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }

  g_hash_table_replace (self->thumbnails, g_strdup (job->sha256), g_object_ref (texture));
  image = g_weak_ref_get (&job->image);
  if (image != NULL)
    show_thumbnail (image, texture);
}

static void
content_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FcrmAttachmentsViewJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = fcrm_crm_attachment_content_finish (FCRM_CRM (source), result, &error);
  FcrmAttachmentsView *self;

  /* the same job, still pending, writes the bytes to its file or decodes them */
  if (content != NULL && job->written != NULL)
    {
      fcrm_attachments_io_write_async (job->file, content, job->self->cancellable, job->written, job);
      return;
    }
  if (content != NULL)
    {
      fcrm_attachments_io_thumbnail_async (content, THUMBNAIL_DECODE_SIZE, job->self->cancellable, thumbnail_done_cb, job);
      return;
    }

  self = _fcrm_attachments_view_job_end (job);
  if (self != NULL && job->written != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _fcrm_attachments_view_show_error (self, error->message);
  else if (job->written == NULL)
    g_debug ("No thumbnail: %s", error->message);
  _fcrm_attachments_view_job_free (job);
}

void
_fcrm_attachments_view_read_content (FcrmAttachmentsView    *self,
                                     gint64                  attachment_id,
                                     FcrmAttachmentsViewJob *job)
{
  fcrm_crm_attachment_content_async (self->crm, attachment_id, self->cancellable, content_read_cb, job);
}

static void
load_thumbnail (FcrmAttachmentsView *self,
                FcrmAttachment      *attachment,
                GtkImage            *image)
{
  FcrmAttachmentsViewJob *job;
  GdkTexture *cached;

  if (attachment->mime_type == NULL || !g_str_has_prefix (attachment->mime_type, "image/"))
    return;

  cached = attachment->sha256 != NULL ? g_hash_table_lookup (self->thumbnails, attachment->sha256) : NULL;
  if (cached != NULL)
    {
      show_thumbnail (image, cached);
      return;
    }

  /* the picture is read off the main loop, then decoded in a thread */
  job = _fcrm_attachments_view_job_new (self);
  g_weak_ref_set (&job->image, image);
  job->sha256 = g_strdup (attachment->sha256 != NULL ? attachment->sha256 : "");
  _fcrm_attachments_view_read_content (self, attachment->id, job);
}

/* Rows */

static FcrmAttachment *
attachment_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "fcrm-attachment");
}

static void
open_clicked_cb (FcrmAttachmentsView *self,
                 GtkWidget           *button)
{
  _fcrm_attachments_view_open (self, attachment_of (button));
}

static void
save_clicked_cb (FcrmAttachmentsView *self,
                 GtkWidget           *button)
{
  _fcrm_attachments_view_save (self, attachment_of (button));
}

static void
delete_clicked_cb (FcrmAttachmentsView *self,
                   GtkWidget           *button)
{
  g_autoptr(FcrmAttachment) attachment = g_object_ref (attachment_of (button));

  /* The row goes away with the refresh: hold on to the record. */
  _fcrm_attachments_view_delete (self, attachment);
}

static void
row_activated_cb (FcrmAttachmentsView *self,
                  GtkWidget           *row)
{
  _fcrm_attachments_view_open (self, attachment_of (row));
}

static GtkWidget *
row_button_new (FcrmAttachmentsView *self,
                FcrmAttachment      *attachment,
                const char          *icon_name,
                const char          *tooltip,
                char                *label,        /* accessible: which file; taken */
                GCallback            callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_free (label);
  g_object_set_data_full (G_OBJECT (button), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);

  return button;
}

static GIcon *
type_icon (const char *mime_type)
{
  g_autofree char *content_type = NULL;

  if (mime_type != NULL)
    content_type = g_content_type_from_mime_type (mime_type);
  if (content_type == NULL)
    content_type = g_strdup ("application/octet-stream");

  return g_content_type_get_symbolic_icon (content_type);
}

char *
_fcrm_attachments_view_date_text (gint64 unix_seconds)
{
  g_autoptr(GDateTime) created = unix_seconds != 0 ? g_date_time_new_from_unix_local (unix_seconds) : NULL;

  /* Translators: a date on a card, in g_date_time_format() notation
   * ("January 12, 2026"); %B is the month name, in the genitive case where
   * the language has one, so Russian can use "%-d %B %Y". */
  return created != NULL ? g_date_time_format (created, _("%B %-d, %Y")) : NULL;
}

GPtrArray *
_fcrm_attachments_view_list (FcrmAttachmentsView *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);
      GListModel *model = G_LIST_MODEL (section->store);

      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        g_ptr_array_add (list, g_list_model_get_item (model, j));
    }
  return list;
}

static void
row_category_cb (FcrmAttachmentsView *self,
                 GParamSpec          *pspec,
                 GtkDropDown         *dropdown)
{
  FcrmAttachment *attachment = g_object_get_data (G_OBJECT (dropdown), "fcrm-attachment");
  const char * const *codes = fcrm_attachment_categories ();
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < g_strv_length ((char **) codes) && g_strcmp0 (codes[selected], attachment->category) != 0)
    _fcrm_attachments_view_set_category (self, attachment, codes[selected]);
}

/* Where the file is filed, changed in place (issue 13). */
static GtkWidget *
row_category_new (FcrmAttachmentsView *self,
                  FcrmAttachment      *attachment)
{
  const char * const *codes = fcrm_attachment_categories ();
  GtkStringList *names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;
  g_autofree char *label = NULL;
  GtkWidget *dropdown;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      gtk_string_list_append (names, fcrm_attachment_category_display_name (codes[i]));
      if (g_strcmp0 (codes[i], attachment->category) == 0)
        selected = i;
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dropdown, "flat");
  gtk_widget_set_tooltip_text (dropdown, _("Category"));
  /* Translators: accessible name of an attachment's category drop-down; %s is a file name */
  label = g_strdup_printf (_("Category of %s"), attachment->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (dropdown), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (row_category_cb), self, G_CONNECT_SWAPPED);
  return dropdown;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  FcrmAttachmentsView *self = user_data;
  FcrmAttachment *attachment = item;
  g_autoptr(GIcon) icon = type_icon (attachment->mime_type);
  g_autofree char *size = g_format_size ((guint64) MAX (attachment->size, 0));
  g_autofree char *date = _fcrm_attachments_view_date_text (attachment->created_at);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_gicon (icon);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), attachment->name);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  subtitle = date != NULL
             /* Translators: under an attached file's name: its size, then the day it was added */
             ? g_strdup_printf (_("%s · %s"), size, date)
             : g_strdup (size);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open with the default application"));
  g_object_set_data_full (G_OBJECT (row), "fcrm-attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  /* A type icon is drawn smaller and dimmed, in the thumbnail's place. */
  gtk_image_set_pixel_size (GTK_IMAGE (image), TYPE_ICON_SIZE);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_widget_set_size_request (image, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_margin_top (image, 6);
  gtk_widget_set_margin_bottom (image, 6);
  gtk_widget_add_css_class (image, "attachment-thumbnail");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  load_thumbnail (self, attachment, GTK_IMAGE (image));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_category_new (self, attachment));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, attachment, "document-open-symbolic",
                                             _("Open"),
                                             /* Translators: accessible name of a button; %s is a file name */
                                             g_strdup_printf (_("Open %s"), attachment->name), G_CALLBACK (open_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, attachment, "document-save-as-symbolic",
                                             _("Save As…"),
                                             /* Translators: accessible name of a button; %s is a file name */
                                             g_strdup_printf (_("Save %s As…"), attachment->name), G_CALLBACK (save_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, attachment, "user-trash-symbolic",
                                             _("Delete"),
                                             /* Translators: accessible name of a button; %s is a file name */
                                             g_strdup_printf (_("Delete %s"), attachment->name), G_CALLBACK (delete_clicked_cb)));

  return row;
}

static void
build_sections (FcrmAttachmentsView *self)
{
  const char * const *categories = fcrm_attachment_categories ();

  for (guint i = 0; categories[i] != NULL; i++)
    {
      Section *section = g_new0 (Section, 1);
      GtkWidget *heading;

      section->category = g_strdup (categories[i]);
      section->store = g_list_store_new (FCRM_TYPE_ATTACHMENT);
      section->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_set_visible (section->box, FALSE);

      heading = gtk_label_new (fcrm_attachment_category_display_name (categories[i]));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_box_append (GTK_BOX (section->box), heading);

      section->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (section->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (section->list), "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      fcrm_attachment_category_display_name (categories[i]),
                                      -1);
      gtk_list_box_bind_model (section->list, G_LIST_MODEL (section->store),
                               create_row_cb, self, NULL);
      gtk_box_append (GTK_BOX (section->box), GTK_WIDGET (section->list));

      gtk_box_append (GTK_BOX (self->sections_box), section->box);
      g_ptr_array_add (self->sections, section);
    }
}

static Section *
section_of (FcrmAttachmentsView *self,
            const char          *category)
{
  g_assert (self->sections->len > 0);

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (g_strcmp0 (section->category, category) == 0)
        return section;
    }

  /* A category this version does not know goes with the documents, the
   * most general one: the file must not be hidden. */
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (g_str_equal (section->category, "document"))
        return section;
    }

  return g_ptr_array_index (self->sections, self->sections->len - 1);
}

static void
show_attachments (FcrmAttachmentsView *self,
                  GPtrArray           *attachments)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GPtrArray) per_section = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      FcrmAttachment *attachment = g_ptr_array_index (attachments, i);

      g_string_append_printf (signature, "%" G_GINT64_FORMAT ":%s:%s;",
                              attachment->id,
                              attachment->category != NULL ? attachment->category : "",
                              attachment->name != NULL ? attachment->name : "");
    }
  /* A change elsewhere in the database leaves the rows, and their
   * thumbnails, as they are. */
  if (g_strcmp0 (signature->str, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_strdup (signature->str);

  for (guint i = 0; i < self->sections->len; i++)
    g_ptr_array_add (per_section, g_ptr_array_new ());
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      FcrmAttachment *attachment = g_ptr_array_index (attachments, i);
      Section *section = section_of (self, attachment->category);
      guint index = 0;
      gboolean found = g_ptr_array_find (self->sections, section, &index);

      g_assert (found);
      g_ptr_array_add (g_ptr_array_index (per_section, index), attachment);
    }

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);
      GPtrArray *items = g_ptr_array_index (per_section, i);

      g_list_store_splice (section->store, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (section->store)),
                           items->pdata, items->len);
      gtk_widget_set_visible (section->box, items->len > 0);
    }

  gtk_widget_set_visible (self->empty_box, attachments == NULL || attachments->len == 0);
}

/* Reading */

void
fcrm_attachments_view_refresh (FcrmAttachmentsView *self)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->crm == NULL || self->id <= 0)
    {
      show_attachments (self, NULL);
      return;
    }
  /* in a card, the card's next load (off the main loop) brings the list */
  if (self->fed)
    return;

  attachments = fcrm_crm_attachments (self->crm, self->type, self->id, &error);
  if (attachments == NULL)
    {
      /* A deleted item: the card says so instead. */
      if (!g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        _fcrm_attachments_view_set_error (self, error->message);
      return;
    }
  show_attachments (self, attachments);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FcrmAttachmentsView *self = user_data;

  self->refresh_id = 0;
  fcrm_attachments_view_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmAttachmentsView *self)
{
  /* Once for a burst of changes, after the handler that made them. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

void
fcrm_attachments_view_set_item (FcrmAttachmentsView *self,
                                FcrmEntityType       type,
                                gint64               id)
{
  g_return_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self));
  g_return_if_fail (type <= FCRM_ENTITY_COMPANY);

  if (self->type != type || self->id != id)
    {
      self->type = type;
      self->id = id;
      g_clear_pointer (&self->signature, g_free);
      _fcrm_attachments_view_set_error (self, NULL);
    }
  gtk_widget_set_sensitive (self->add_button, id > 0);
  fcrm_attachments_view_refresh (self);
}

guint
fcrm_attachments_view_get_n_pending (FcrmAttachmentsView *self)
{
  g_return_val_if_fail (FCRM_IS_ATTACHMENTS_VIEW (self), 0);

  return self->n_pending;
}

/* GObject */

static void
fcrm_attachments_view_constructed (GObject *object)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  G_OBJECT_CLASS (fcrm_attachments_view_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));
  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fcrm_attachments_view_dispose (GObject *object)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  _fcrm_attachments_view_actions_dispose (self);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_ATTACHMENTS_VIEW);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_object (&self->category_model);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_attachments_view_parent_class)->dispose (object);
}

static void
fcrm_attachments_view_finalize (GObject *object)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_free (self->signature);

  G_OBJECT_CLASS (fcrm_attachments_view_parent_class)->finalize (object);
}

static void
fcrm_attachments_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_attachments_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_attachments_view_class_init (FcrmAttachmentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_attachments_view_constructed;
  object_class->dispose = fcrm_attachments_view_dispose;
  object_class->finalize = fcrm_attachments_view_finalize;
  object_class->get_property = fcrm_attachments_view_get_property;
  object_class->set_property = fcrm_attachments_view_set_property;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-attachments-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, drop_hint);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, empty_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmAttachmentsView, error_label);

  _fcrm_attachments_view_class_actions_init (klass);
}

static void
fcrm_attachments_view_init (FcrmAttachmentsView *self)
{
  const char * const *categories = fcrm_attachment_categories ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_widget_set_sensitive (self->add_button, FALSE);

  /* Translators: the first choice of the category drop-down of new attachments */
  self->category_model = gtk_string_list_new ((const char *[]) { _("By File Type"), NULL });
  for (guint i = 0; categories[i] != NULL; i++)
    gtk_string_list_append (self->category_model, fcrm_attachment_category_display_name (categories[i]));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->category_model));
  gtk_drop_down_set_selected (self->category_dropdown, 0);

  build_sections (self);

  _fcrm_attachments_view_actions_init (self);
}

GtkWidget *
fcrm_attachments_view_new (FcrmCrm        *crm,
                           FcrmEntityType  type,
                           gint64          id)
{
  FcrmAttachmentsView *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_ATTACHMENTS_VIEW, "crm", crm, NULL);
  fcrm_attachments_view_set_item (self, type, id);

  return GTK_WIDGET (self);
}

/* FcrmCardSection: a card's attachments are one of its sections. Its files
 * are written as they are added or deleted: never a pending change. */

static void
fcrm_attachments_view_section_set_item (FcrmCardSection *section,
                                        FcrmCrm         *crm,
                                        FcrmItem        *item)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (section);

  /* The view reads through the database it was made with. */
  g_return_if_fail (crm == self->crm);

  self->fed = FALSE;
  fcrm_attachments_view_set_item (self, item->type, item->id);
}

static void
fcrm_attachments_view_section_set_data (FcrmCardSection *section,
                                        FcrmCrm         *crm,
                                        FcrmCardData    *data)
{
  FcrmAttachmentsView *self = FCRM_ATTACHMENTS_VIEW (section);
  FcrmEntityType type;
  gint64 id;

  g_return_if_fail (crm == self->crm);

  /* from now on the card hands over the list with every load */
  self->fed = TRUE;
  fcrm_card_data_get_entity (data, &type, &id);
  fcrm_attachments_view_set_item (self, type, id);
  if (data->attachments != NULL)
    show_attachments (self, data->attachments);
}

static void
fcrm_attachments_view_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_attachments_view_section_set_item;
  iface->set_data = fcrm_attachments_view_section_set_data;
}
