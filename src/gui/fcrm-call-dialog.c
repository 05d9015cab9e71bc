#define G_LOG_DOMAIN "fcrm-call-dialog"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-call-dialog.h"
#include "fcrm-error.h"
#include "fcrm-item-card.h"

/* How many of a known client's leads and deals the dialog lists. */
#define MAX_KNOWN_ITEMS 20

struct _FcrmCallDialog
{
  AdwWindow            parent_instance;

  FcrmCrm             *crm;
  gint64               contact_id;     /* the known client shown, or 0 */
  char                *contact_name;
  char                *phone;          /* the number that found them */

  /* template */
  GtkWidget           *cancel_button;
  GtkWidget           *ok_button;
  GtkStack            *stack;
  AdwEntryRow         *phone_row;
  AdwPreferencesGroup *known_group;
  GtkListBox          *known_list;
  GtkWidget           *new_lead_button;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (FcrmCallDialog, fcrm_call_dialog, ADW_TYPE_WINDOW)

static void
set_error (FcrmCallDialog *self,
           const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->phone_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->phone_row), "error");
}

/* Open a card for the main window (not for this short-lived dialog) and
 * go away. */
static void
open_card_and_close (FcrmCallDialog *self,
                     FcrmEntityType  type,
                     gint64          id)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(FcrmCrm) crm = g_object_ref (self->crm);

  gtk_window_destroy (GTK_WINDOW (self));
  fcrm_item_card_present (parent, crm, type, id);
}

static void
phone_changed_cb (FcrmCallDialog *self)
{
  /* The message was about the old text. */
  set_error (self, NULL);
}

/* The known client's items, newest first: leads, then deals. Reading every
 * lead and deal is fine while there is no per-contact query in the core. */
static GPtrArray *
contact_items (FcrmCallDialog *self,
               GError        **error)
{
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GPtrArray) deals = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  leads = fcrm_crm_lead_list (self->crm, NULL, error);
  if (leads == NULL)
    return (g_ptr_array_unref (items), NULL);
  deals = fcrm_crm_deal_list (self->crm, NULL, NULL, error);
  if (deals == NULL)
    return (g_ptr_array_unref (items), NULL);

  for (guint i = deals->len; i > 0; i--)
    {
      FcrmItem *item = g_ptr_array_index (deals, i - 1);

      if (item->contact_id == self->contact_id)
        g_ptr_array_add (items, g_object_ref (item));
    }
  for (guint i = leads->len; i > 0; i--)
    {
      FcrmItem *item = g_ptr_array_index (leads, i - 1);

      if (item->contact_id == self->contact_id)
        g_ptr_array_add (items, g_object_ref (item));
    }

  return items;
}

static GtkWidget *
known_row_new (FcrmCallDialog *self,
               FcrmItem       *item)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, item->pipeline);
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  number = item->type == FCRM_ENTITY_LEAD
           ? g_strdup_printf (_("Lead #%" PRId64), item->id)
           : g_strdup_printf (_("Deal #%" PRId64), item->id);
  /* Translators: under a lead or deal in the incoming call dialog: "Deal #12 · Manufacturing · Contract" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), number,
                              pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : item->pipeline,
                              fcrm_item_get_stage_name (item));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 item->title != NULL && *item->title != '\0' ? item->title : _("Untitled"));
  adw_action_row_set_subtitle (row, subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), _("Open the card"));
  gtk_widget_add_css_class (arrow, "dim-label");
  adw_action_row_add_suffix (row, arrow);

  g_object_set_data (G_OBJECT (row), "fcrm-type", GUINT_TO_POINTER (item->type));
  g_object_set_data_full (G_OBJECT (row), "fcrm-id", g_memdup2 (&item->id, sizeof item->id), g_free);

  return GTK_WIDGET (row);
}

static void
show_known_client (FcrmCallDialog *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;

  items = contact_items (self, &error);
  if (items == NULL)
    {
      set_error (self, error->message);
      return;
    }

  for (guint i = 0; i < items->len && self->contact_name == NULL; i++)
    {
      FcrmItem *item = g_ptr_array_index (items, i);

      if (item->contact_name != NULL && *item->contact_name != '\0')
        self->contact_name = g_strdup (item->contact_name);
    }

  heading = self->contact_name != NULL
            /* Translators: heading in the incoming call dialog; %s is the client's name */
            ? g_strdup_printf (_("Known client: %s"), self->contact_name)
            : g_strdup (_("Known client"));
  adw_preferences_group_set_title (self->known_group, heading);

  for (guint i = 0; i < items->len && i < MAX_KNOWN_ITEMS; i++)
    gtk_list_box_append (self->known_list, known_row_new (self, g_ptr_array_index (items, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->known_list), items->len > 0);

  gtk_stack_set_visible_child_name (self->stack, "known");
  gtk_widget_set_visible (self->ok_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->new_lead_button);
  gtk_widget_grab_focus (self->new_lead_button);
}

static void
ok_clicked_cb (FcrmCallDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  FcrmCallResult result = { 0 };

  if (!gtk_widget_get_visible (self->ok_button))
    return;

  phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_row))));
  if (*phone == '\0')
    {
      set_error (self, _("Type the caller’s phone number."));
      gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
      return;
    }

  if (!fcrm_crm_incoming_call (self->crm, phone, &result, &error))
    {
      /* The core's message says what is wrong with the number. */
      set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
      return;
    }

  if (result.lead_id > 0)
    {
      open_card_and_close (self, FCRM_ENTITY_LEAD, result.lead_id);
      return;
    }

  g_assert (result.contact_id > 0);
  self->contact_id = result.contact_id;
  g_free (self->phone);
  self->phone = g_steal_pointer (&phone);
  set_error (self, NULL);
  show_known_client (self);
}

static void
known_row_activated_cb (FcrmCallDialog *self,
                        GtkListBoxRow  *row)
{
  FcrmEntityType type = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "fcrm-type"));
  const gint64 *id = g_object_get_data (G_OBJECT (row), "fcrm-id");

  if (id != NULL)
    open_card_and_close (self, type, *id);
}

static void
new_lead_clicked_cb (FcrmCallDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input = {
    .name = self->contact_name,
    .phone = self->phone,
    .source = "call",
  };

  /* The core links the lead to the contact by the number and flags it a
   * returning client. */
  lead = fcrm_crm_lead_add (self->crm, &input, &error);
  if (lead == NULL)
    {
      set_error (self, error->message);
      return;
    }

  open_card_and_close (self, FCRM_ENTITY_LEAD, lead->id);
}

static void
fcrm_call_dialog_dispose (GObject *object)
{
  FcrmCallDialog *self = FCRM_CALL_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CALL_DIALOG);
  g_clear_object (&self->crm);
  g_clear_pointer (&self->contact_name, g_free);
  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (fcrm_call_dialog_parent_class)->dispose (object);
}

static void
fcrm_call_dialog_class_init (FcrmCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_call_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, ok_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, known_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, known_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, new_lead_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmCallDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, known_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_lead_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fcrm_call_dialog_init (FcrmCallDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fcrm_call_dialog_present (GtkWindow *parent,
                          FcrmCrm   *crm)
{
  GListModel *toplevels;
  FcrmCallDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));

  /* One at a time: a second press brings the open one forward. */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FCRM_IS_CALL_DIALOG (window) && FCRM_CALL_DIALOG (window)->crm == crm)
        {
          gtk_window_present (window);
          return;
        }
    }

  self = g_object_new (FCRM_TYPE_CALL_DIALOG, NULL);
  self->crm = g_object_ref (crm);
  if (parent != NULL)
    {
      GtkApplication *app = gtk_window_get_application (parent);

      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      if (app != NULL)
        gtk_window_set_application (GTK_WINDOW (self), app);
    }

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
}
