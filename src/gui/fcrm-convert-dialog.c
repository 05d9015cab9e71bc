#define G_LOG_DOMAIN "fcrm-convert-dialog"

#include <glib/gi18n.h>

#include "fcrm-convert-dialog.h"
#include "fcrm-money.h"
#include "fcrm-vocabulary.h"

struct _FcrmConvertDialog
{
  AdwMessageDialog  parent_instance;

  FcrmItem         *lead;
  char             *pipeline;

  AdwActionRow     *contact_row;
  AdwActionRow     *company_row;
  AdwActionRow     *deal_row;
  GtkCheckButton   *contact_check;
  GtkCheckButton   *company_check;
  GtkCheckButton   *deal_check;
};

G_DEFINE_FINAL_TYPE (FcrmConvertDialog, fcrm_convert_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* One choice: its preview line, offered (sensitive) or explained. */
static void
set_choice (AdwActionRow   *row,
            GtkCheckButton *check,
            gboolean        offered,
            const char     *preview)
{
  adw_action_row_set_subtitle (row, preview);
  gtk_check_button_set_active (check, offered);
  gtk_widget_set_sensitive (GTK_WIDGET (row), offered);
}

static char *
contact_preview (FcrmItem *lead)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (has_text (lead->name))
    g_ptr_array_add (parts, lead->name);
  if (has_text (lead->phone))
    g_ptr_array_add (parts, lead->phone);
  if (has_text (lead->email))
    g_ptr_array_add (parts, lead->email);
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (", ", (char **) parts->pdata);
}

static char *
deal_preview (FcrmCrm    *crm,
              FcrmItem   *lead,
              const char *pipeline_code)
{
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (crm, pipeline_code);
  FcrmStage *first = pipeline != NULL ? fcrm_pipeline_first_stage (pipeline) : NULL;
  g_autofree char *where = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *money = NULL;
  g_autofree char *responsible = NULL;

  /* TRANSLATORS: the deal a lead conversion creates: "“Kitchen set” in Manufacturing at “Contract”" */
  where = g_strdup_printf (_("“%s” in %s at “%s”"),
                           lead->title != NULL ? lead->title : "",
                           pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : pipeline_code,
                           first != NULL ? fcrm_stage_get_name (first) : "");

  if (lead->budget > 0)
    {
      money = fcrm_money_format_display (lead->budget);
      /* TRANSLATORS: part of the deal preview: "budget 120 000 ₽" */
      budget = g_strdup_printf (_("budget %s"), money);
    }
  else
    budget = g_strdup (_("no budget"));

  if (has_text (lead->responsible_name))
    /* TRANSLATORS: part of the deal preview: "responsible Anna Petrova" */
    responsible = g_strdup_printf (_("responsible %s"), lead->responsible_name);
  else
    responsible = g_strdup (_("nobody responsible"));

  return g_strjoin (", ", where, budget, responsible, NULL);
}

static void
fcrm_convert_dialog_fill (FcrmConvertDialog *self,
                          FcrmCrm           *crm,
                          FcrmItem          *lead,
                          const char        *stage)
{
  FcrmStage *target = fcrm_crm_get_stage (crm, stage);
  g_autofree char *contact = NULL;
  g_autofree char *deal = NULL;
  FcrmConvertFlags possible;

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("“%s” moves to “%s”. Choose what to create from it."),
                                  lead->title != NULL ? lead->title : "",
                                  target != NULL ? fcrm_stage_get_name (target) : stage);

  /* what can be created is core's rule (SPEC §3.3); here only why not */
  possible = fcrm_lead_convert_possible (lead);
  if (lead->contact_id != 0)
    {
      g_autofree char *existing = g_strdup_printf (_("The existing contact %s will be used"),
                                                   has_text (lead->contact_name) ? lead->contact_name : "");
      set_choice (self->contact_row, self->contact_check, FALSE, existing);
    }
  else if (possible & FCRM_CONVERT_CONTACT)
    {
      contact = contact_preview (lead);
      set_choice (self->contact_row, self->contact_check, TRUE, contact);
    }
  else
    set_choice (self->contact_row, self->contact_check, FALSE, _("The lead has no name, phone or e-mail"));

  if (lead->company_id != 0)
    {
      g_autofree char *existing = g_strdup_printf (_("The existing company %s will be used"),
                                                   has_text (lead->company_name) ? lead->company_name : "");
      set_choice (self->company_row, self->company_check, FALSE, existing);
    }
  else if (possible & FCRM_CONVERT_COMPANY)
    set_choice (self->company_row, self->company_check, TRUE, lead->company_name);
  else
    set_choice (self->company_row, self->company_check, FALSE, _("The lead has no company name"));

  deal = deal_preview (crm, lead, self->pipeline);
  set_choice (self->deal_row, self->deal_check, TRUE, deal);
}

static void
fcrm_convert_dialog_dispose (GObject *object)
{
  FcrmConvertDialog *self = FCRM_CONVERT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CONVERT_DIALOG);
  g_clear_object (&self->lead);

  G_OBJECT_CLASS (fcrm_convert_dialog_parent_class)->dispose (object);
}

static void
fcrm_convert_dialog_finalize (GObject *object)
{
  FcrmConvertDialog *self = FCRM_CONVERT_DIALOG (object);

  g_clear_pointer (&self->pipeline, g_free);

  G_OBJECT_CLASS (fcrm_convert_dialog_parent_class)->finalize (object);
}

static void
fcrm_convert_dialog_class_init (FcrmConvertDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_convert_dialog_dispose;
  object_class->finalize = fcrm_convert_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-convert-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmConvertDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmConvertDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmConvertDialog, deal_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmConvertDialog, contact_check);
  gtk_widget_class_bind_template_child (widget_class, FcrmConvertDialog, company_check);
  gtk_widget_class_bind_template_child (widget_class, FcrmConvertDialog, deal_check);
}

static void
fcrm_convert_dialog_init (FcrmConvertDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_convert_dialog_new (GtkWindow  *parent,
                         FcrmCrm    *crm,
                         FcrmItem   *lead,
                         const char *stage)
{
  FcrmConvertDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (FCRM_IS_ITEM (lead), NULL);
  g_return_val_if_fail (lead->type == FCRM_ENTITY_LEAD, NULL);
  g_return_val_if_fail (fcrm_stage_converts_to (stage) != NULL, NULL);

  self = g_object_new (FCRM_TYPE_CONVERT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->lead = g_object_ref (lead);
  self->pipeline = g_strdup (fcrm_stage_converts_to (stage));
  fcrm_convert_dialog_fill (self, crm, lead, stage);

  return GTK_WIDGET (self);
}

FcrmItem *
fcrm_convert_dialog_get_lead (FcrmConvertDialog *self)
{
  g_return_val_if_fail (FCRM_IS_CONVERT_DIALOG (self), NULL);

  return self->lead;
}

const char *
fcrm_convert_dialog_get_pipeline (FcrmConvertDialog *self)
{
  g_return_val_if_fail (FCRM_IS_CONVERT_DIALOG (self), NULL);

  return self->pipeline;
}

static GtkCheckButton *
check_for (FcrmConvertDialog *self,
           FcrmConvertFlags   what)
{
  switch ((int) what)
    {
    case FCRM_CONVERT_CONTACT: return self->contact_check;
    case FCRM_CONVERT_COMPANY: return self->company_check;
    case FCRM_CONVERT_DEAL:    return self->deal_check;
    default:                   return NULL;
    }
}

static AdwActionRow *
row_for (FcrmConvertDialog *self,
         FcrmConvertFlags   what)
{
  switch ((int) what)
    {
    case FCRM_CONVERT_CONTACT: return self->contact_row;
    case FCRM_CONVERT_COMPANY: return self->company_row;
    case FCRM_CONVERT_DEAL:    return self->deal_row;
    default:                   return NULL;
    }
}

FcrmConvertFlags
fcrm_convert_dialog_get_flags (FcrmConvertDialog *self)
{
  FcrmConvertFlags flags = 0;

  g_return_val_if_fail (FCRM_IS_CONVERT_DIALOG (self), 0);

  if (gtk_check_button_get_active (self->contact_check))
    flags |= FCRM_CONVERT_CONTACT;
  if (gtk_check_button_get_active (self->company_check))
    flags |= FCRM_CONVERT_COMPANY;
  if (gtk_check_button_get_active (self->deal_check))
    flags |= FCRM_CONVERT_DEAL;

  return flags;
}

void
fcrm_convert_dialog_set_flags (FcrmConvertDialog *self,
                               FcrmConvertFlags   flags)
{
  static const FcrmConvertFlags all[] = { FCRM_CONVERT_CONTACT, FCRM_CONVERT_COMPANY, FCRM_CONVERT_DEAL };

  g_return_if_fail (FCRM_IS_CONVERT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (fcrm_convert_dialog_can_create (self, all[i]))
      gtk_check_button_set_active (check_for (self, all[i]), (flags & all[i]) != 0);
}

gboolean
fcrm_convert_dialog_can_create (FcrmConvertDialog *self,
                                FcrmConvertFlags   what)
{
  AdwActionRow *row;

  g_return_val_if_fail (FCRM_IS_CONVERT_DIALOG (self), FALSE);

  row = row_for (self, what);
  g_return_val_if_fail (row != NULL, FALSE);

  /* A choice that is not offered is shown insensitive, with the reason. */
  return gtk_widget_get_sensitive (GTK_WIDGET (row));
}

const char *
fcrm_convert_dialog_get_preview (FcrmConvertDialog *self,
                                 FcrmConvertFlags   what)
{
  AdwActionRow *row;

  g_return_val_if_fail (FCRM_IS_CONVERT_DIALOG (self), NULL);

  row = row_for (self, what);
  g_return_val_if_fail (row != NULL, NULL);

  return adw_action_row_get_subtitle (row);
}
