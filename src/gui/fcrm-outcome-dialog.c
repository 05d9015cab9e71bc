#define G_LOG_DOMAIN "fcrm-outcome-dialog"

#include <glib/gi18n.h>

#include "fcrm-outcome-dialog.h"

struct _FcrmOutcomeDialog
{
  AdwMessageDialog  parent_instance;

  FcrmOutcome       outcome;
  FcrmItem         *item;
  GPtrArray        *reason_checks;   /* GtkCheckButton, one per loss reason */

  GtkListBox       *reasons_list;
  AdwEntryRow      *comment_row;
};

G_DEFINE_FINAL_TYPE (FcrmOutcomeDialog, fcrm_outcome_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_response (FcrmOutcomeDialog *self)
{
  /* A deal is lost only with a reason (SPEC §3.5). */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm",
                                           self->outcome != FCRM_OUTCOME_LOST ||
                                           fcrm_outcome_dialog_get_reason (self) != NULL);
  /* For "other" the words typed are the reason in detail, asked only here. */
  if (self->outcome == FCRM_OUTCOME_LOST)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->comment_row),
                                   g_strcmp0 (fcrm_outcome_dialog_get_reason (self), "other") == 0
                                     ? _("The reason in your words")
                                     : _("Comment (optional)"));
}

static void
add_reasons (FcrmOutcomeDialog *self)
{
  GtkCheckButton *group = NULL;

  for (const char * const *code = fcrm_crm_loss_reasons (); *code != NULL; code++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fcrm_loss_reason_display_name (*code));
      if (g_strcmp0 (*code, "other") == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     _("Write the reason below; left empty, a “Specify the reason” task goes to the responsible person"));

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Radio buttons: one reason. */
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (check);
      g_object_set_data (G_OBJECT (check), "fcrm-reason", (gpointer) *code);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->reasons_list, row);
      g_ptr_array_add (self->reason_checks, check);
    }
}

static void
fcrm_outcome_dialog_dispose (GObject *object)
{
  FcrmOutcomeDialog *self = FCRM_OUTCOME_DIALOG (object);

  if (self->reason_checks != NULL)
    g_ptr_array_set_size (self->reason_checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_OUTCOME_DIALOG);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (fcrm_outcome_dialog_parent_class)->dispose (object);
}

static void
fcrm_outcome_dialog_finalize (GObject *object)
{
  FcrmOutcomeDialog *self = FCRM_OUTCOME_DIALOG (object);

  g_clear_pointer (&self->reason_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_outcome_dialog_parent_class)->finalize (object);
}

static void
fcrm_outcome_dialog_class_init (FcrmOutcomeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_outcome_dialog_dispose;
  object_class->finalize = fcrm_outcome_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-outcome-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmOutcomeDialog, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmOutcomeDialog, comment_row);
}

static void
fcrm_outcome_dialog_init (FcrmOutcomeDialog *self)
{
  self->reason_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_outcome_dialog_new (GtkWindow   *parent,
                         FcrmOutcome  outcome,
                         FcrmItem    *item)
{
  FcrmOutcomeDialog *self;
  AdwMessageDialog *dialog;
  const char *title;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FCRM_IS_ITEM (item), NULL);

  self = g_object_new (FCRM_TYPE_OUTCOME_DIALOG,
                       "transient-for", parent,
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->outcome = outcome;
  self->item = g_object_ref (item);
  title = item->title != NULL ? item->title : "";

  if (outcome == FCRM_OUTCOME_LOST)
    {
      adw_message_dialog_set_heading (dialog, _("Why Was the Deal Lost?"));
      adw_message_dialog_format_body (dialog,
                                      _("“%s” will be closed as lost. The responsible person gets a task to call the client again with special terms."),
                                      title);
      adw_message_dialog_add_response (dialog, "confirm", _("_Mark as Lost"));
      add_reasons (self);
      gtk_widget_set_visible (GTK_WIDGET (self->reasons_list), TRUE);
    }
  else
    {
      adw_message_dialog_set_heading (dialog, _("Mark the Lead as Junk?"));
      adw_message_dialog_format_body (dialog,
                                      _("“%s” leaves the board and the work on it ends. You can say why."),
                                      title);
      adw_message_dialog_add_response (dialog, "confirm", _("_Mark as Junk"));
    }

  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "confirm");
  update_response (self);

  return GTK_WIDGET (self);
}

FcrmOutcome
fcrm_outcome_dialog_get_outcome (FcrmOutcomeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_OUTCOME_DIALOG (self), FCRM_OUTCOME_JUNK);

  return self->outcome;
}

FcrmItem *
fcrm_outcome_dialog_get_item (FcrmOutcomeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_OUTCOME_DIALOG (self), NULL);

  return self->item;
}

const char *
fcrm_outcome_dialog_get_reason (FcrmOutcomeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_OUTCOME_DIALOG (self), NULL);

  for (guint i = 0; i < self->reason_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->reason_checks, i);

      if (gtk_check_button_get_active (check))
        return g_object_get_data (G_OBJECT (check), "fcrm-reason");
    }

  return NULL;
}

void
fcrm_outcome_dialog_set_reason (FcrmOutcomeDialog *self,
                                const char        *code)
{
  g_return_if_fail (FCRM_IS_OUTCOME_DIALOG (self));

  for (guint i = 0; i < self->reason_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->reason_checks, i);

      gtk_check_button_set_active (check,
                                   g_strcmp0 (g_object_get_data (G_OBJECT (check), "fcrm-reason"), code) == 0);
    }
  update_response (self);
}

const char *
fcrm_outcome_dialog_get_comment (FcrmOutcomeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_OUTCOME_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
}

void
fcrm_outcome_dialog_set_comment (FcrmOutcomeDialog *self,
                                 const char        *comment)
{
  g_return_if_fail (FCRM_IS_OUTCOME_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), comment != NULL ? comment : "");
}
