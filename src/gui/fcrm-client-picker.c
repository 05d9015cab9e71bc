#define G_LOG_DOMAIN "fcrm-client-picker"

#include <glib/gi18n.h>

#include "fcrm-client-picker.h"
#include "fcrm-clients.h"
#include "fcrm-crm-async.h"

#define MAX_RESULTS 30

struct _FcrmClientPicker
{
  GtkPopover     parent_instance;

  FcrmCrm       *crm;
  gint64         current_id;           /* the client now, marked in the list; 0: none */
  GCancellable  *search_cancellable;   /* the search under way */

  /* template */
  GtkSearchEntry *search_entry;
  GtkStack       *results_stack;
  GtkListBox     *results_list;
  GtkLabel       *empty_label;
  GtkEntry       *name_entry;
  GtkEntry       *phone_entry;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (FcrmClientPicker, fcrm_client_picker, GTK_TYPE_POPOVER)

enum {
  CONTACT_PICKED,
  CONTACT_NEW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Searching */

static gpointer
search_job (FcrmCrm  *worker,
            gpointer  data,
            GError  **error)
{
  return fcrm_crm_contact_page (worker, data, FCRM_CLIENT_SORT_NAME, NULL, MAX_RESULTS, error);
}

static GtkWidget *
result_row_new (FcrmClientPicker *self,
                FcrmContact      *contact)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (contact->company_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), contact->name);
  if (contact->phones->len > 0)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "",
                            ((FcrmContactPoint *) g_ptr_array_index (contact->phones, 0))->value);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "fcrm-contact-id", GSIZE_TO_POINTER ((gsize) contact->id));
  if (contact->id == self->current_id)
    {
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The client now"), -1);
      gtk_widget_set_tooltip_text (check, _("The client now"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
    }
  return row;
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcrmClientPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  if (found == NULL)
    {
      gtk_label_set_text (self->empty_label, error->message);
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      return;
    }
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->results_list, result_row_new (self, g_ptr_array_index (found, i)));
  if (found->len == 0)
    gtk_label_set_text (self->empty_label, _("No contact matches; make a new one below."));
  gtk_stack_set_visible_child_name (self->results_stack, found->len > 0 ? "list" : "empty");
}

void
fcrm_client_picker_search (FcrmClientPicker *self,
                           const char       *query)
{
  g_return_if_fail (FCRM_IS_CLIENT_PICKER (self));

  if (self->crm == NULL)
    return;
  /* a newer search replaces the one under way */
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, search_job, g_strdup (query != NULL ? query : ""), g_free,
                       (GDestroyNotify) g_ptr_array_unref, self->search_cancellable, search_cb, g_object_ref (self));
}

static void
search_changed_cb (FcrmClientPicker *self)
{
  fcrm_client_picker_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
pick_row (FcrmClientPicker *self,
          GtkListBoxRow    *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "fcrm-contact-id"));

  if (id > 0)
    g_signal_emit (self, signals[CONTACT_PICKED], 0, id);
}

static void
row_activated_cb (FcrmClientPicker *self,
                  GtkListBoxRow    *row)
{
  pick_row (self, row);
}

/* Enter in the search: the only contact found, or the first. */
static void
search_activate_cb (FcrmClientPicker *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (row != NULL && self->search_cancellable == NULL)
    pick_row (self, row);
}

static void
create_clicked_cb (FcrmClientPicker *self)
{
  g_signal_emit (self, signals[CONTACT_NEW], 0,
                 gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                 gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)));
}

/* Opened again: a fresh start. */
static void
shown_cb (FcrmClientPicker *self)
{
  fcrm_client_picker_show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    fcrm_client_picker_search (self, "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Public */

void
fcrm_client_picker_set_crm (FcrmClientPicker *self,
                            FcrmCrm          *crm)
{
  g_return_if_fail (FCRM_IS_CLIENT_PICKER (self));

  g_set_object (&self->crm, crm);
}

void
fcrm_client_picker_set_current (FcrmClientPicker *self,
                                gint64            contact_id)
{
  g_return_if_fail (FCRM_IS_CLIENT_PICKER (self));

  self->current_id = contact_id;
}

guint
fcrm_client_picker_n_results (FcrmClientPicker *self)
{
  guint n = 0;

  g_return_val_if_fail (FCRM_IS_CLIENT_PICKER (self), 0);

  while (gtk_list_box_get_row_at_index (self->results_list, n) != NULL)
    n++;
  return n;
}

gboolean
fcrm_client_picker_is_loading (FcrmClientPicker *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_PICKER (self), FALSE);

  return self->search_cancellable != NULL;
}

void
fcrm_client_picker_activate (FcrmClientPicker *self,
                             guint             i)
{
  GtkListBoxRow *row;

  g_return_if_fail (FCRM_IS_CLIENT_PICKER (self));

  row = gtk_list_box_get_row_at_index (self->results_list, i);
  g_return_if_fail (row != NULL);
  gtk_widget_activate (GTK_WIDGET (row));
}

void
fcrm_client_picker_create (FcrmClientPicker *self,
                           const char       *name,
                           const char       *phone)
{
  g_return_if_fail (FCRM_IS_CLIENT_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), phone != NULL ? phone : "");
  create_clicked_cb (self);
}

void
fcrm_client_picker_show_error (FcrmClientPicker *self,
                               const char       *message)
{
  g_return_if_fail (FCRM_IS_CLIENT_PICKER (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* GObject */

static void
fcrm_client_picker_dispose (GObject *object)
{
  FcrmClientPicker *self = FCRM_CLIENT_PICKER (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CLIENT_PICKER);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_client_picker_parent_class)->dispose (object);
}

static void
fcrm_client_picker_class_init (FcrmClientPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_client_picker_dispose;

  /**
   * FcrmClientPicker::contact-picked:
   * @id: the contact chosen
   */
  signals[CONTACT_PICKED] = g_signal_new ("contact-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * FcrmClientPicker::contact-new:
   * @name: the name typed
   * @phone: the phone typed, or ""
   */
  signals[CONTACT_NEW] = g_signal_new ("contact-new", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-client-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, results_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, results_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, name_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientPicker, error_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, shown_cb);
}

static void
fcrm_client_picker_init (FcrmClientPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_client_picker_new (void)
{
  return g_object_new (FCRM_TYPE_CLIENT_PICKER, NULL);
}
