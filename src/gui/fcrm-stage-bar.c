#define G_LOG_DOMAIN "fcrm-stage-bar"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-convert-dialog.h"
#include "fcrm-outcome-dialog.h"
#include "fcrm-stage-bar.h"
#include "fcrm-toasts.h"
#include "fcrm-undo.h"

struct _FcrmStageBar
{
  GtkWidget     parent_instance;

  FcrmCrm      *crm;
  FcrmItem     *item;
  char         *handover_stage;
  char         *signature;      /* what the bar shows, as last built */
  GPtrArray    *chevrons;       /* GtkButton, one per open stage shown */
  GtkWindow    *dialog;         /* weak */
  AdwToast     *last_toast;

  /* template */
  GtkWidget    *scroller;
  GtkBox       *stages_box;
  GtkLabel     *outcome_label;
  GtkWidget    *win_button;
  GtkWidget    *lose_button;
  GtkWidget    *convert_button;
  GtkWidget    *junk_button;
  GtkWidget    *handover_button;
  GtkWidget    *reopen_button;
  GtkWidget    *restore_button;
  GtkWidget    *open_deal_button;
};

G_DEFINE_FINAL_TYPE (FcrmStageBar, fcrm_stage_bar, GTK_TYPE_WIDGET)

/* ---- toasts ---- */

static void
show_error (FcrmStageBar *self,
            const GError *error)
{
  fcrm_toast_show_error (GTK_WIDGET (self), &self->last_toast, error);
}

/* @undo (may be NULL) is taken. */
static void
show_message (FcrmStageBar *self,
              const char   *message,
              FcrmUndo     *undo)
{
  g_autofree char *escaped = NULL;
  g_autoptr(AdwToast) toast = NULL;

  if (undo != NULL)
    {
      fcrm_undo_toast_show (GTK_WIDGET (self), &self->last_toast, self->crm, message, undo);
      return;
    }
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  fcrm_toast_show_replacing (GTK_WIDGET (self), &self->last_toast, toast);
}

/* ---- moves: as the board makes them ---- */

typedef enum {
  MOVE_STAGE,     /* to an open stage (a handover too) */
  MOVE_WIN,
  MOVE_LOSE,
  MOVE_JUNK,
  MOVE_CONVERT,
} MoveKind;

static const char *
pipeline_name (FcrmStageBar *self,
               const char   *code)
{
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, code);

  return pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : code;
}

static char *
move_message (FcrmStageBar            *self,
              MoveKind                 kind,
              const char              *reason,
              const char              *to_pipeline,
              FcrmItem                *before,
              FcrmItem                *after,
              const FcrmConvertResult *result)
{
  if (after == NULL)
    return g_strdup (_("Moved"));
  if (kind == MOVE_LOSE)
    return g_strdup_printf (_("Deal lost: %s"), fcrm_loss_reason_display_name (reason));
  if (kind == MOVE_CONVERT && result->deal_id != 0)
    return g_strdup_printf (_("Deal created in %s"), pipeline_name (self, to_pipeline));
  /* a handover: the deal went on to another pipeline */
  if (g_strcmp0 (before->pipeline, after->pipeline) != 0)
    return g_strdup_printf (_("Moved to “%s” in %s"), fcrm_item_get_stage_name (after),
                            pipeline_name (self, after->pipeline));
  return g_strdup_printf (_("Moved to “%s”"), fcrm_item_get_stage_name (after));
}

/* Snapshot, one core call, a toast with Undo; on error nothing was written
 * and the toast says why. @arg: the stage, the loss reason or the pipeline. */
static gboolean
perform_move (FcrmStageBar     *self,
              MoveKind          kind,
              const char       *arg,
              const char       *comment,
              FcrmConvertFlags  flags)
{
  g_autoptr(FcrmItem) before = g_object_ref (self->item);   /* the card reads a new one */
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  FcrmConvertResult result = { 0 };
  gboolean ok = FALSE;

  undo = fcrm_crm_snapshot (self->crm, before->type, before->id, &error);
  if (undo != NULL)
    switch (kind)
      {
      case MOVE_STAGE:
        ok = fcrm_crm_item_move (self->crm, before->type, before->id, arg, &error);
        break;
      case MOVE_WIN:
        ok = fcrm_crm_deal_win (self->crm, before->id, &error);
        break;
      case MOVE_LOSE:
        ok = fcrm_crm_deal_lose (self->crm, before->id, arg, comment, &error);
        break;
      case MOVE_JUNK:
        ok = fcrm_crm_lead_junk (self->crm, before->id, comment, &error);
        break;
      case MOVE_CONVERT:
        ok = fcrm_crm_lead_convert (self->crm, before->id, arg, flags, &result, &error);
        break;
      default:
        g_assert_not_reached ();
      }
  if (!ok)
    {
      show_error (self, error);
      return FALSE;
    }

  after = before->type == FCRM_ENTITY_LEAD
          ? fcrm_crm_lead_get (self->crm, before->id, NULL)
          : fcrm_crm_deal_get (self->crm, before->id, NULL);
  message = move_message (self, kind, arg, arg, before, after, &result);
  show_message (self, message, g_steal_pointer (&undo));
  return TRUE;
}

/* ---- dialogs ---- */

static void
present_dialog (FcrmStageBar *self,
                GtkWidget    *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
convert_response_cb (FcrmStageBar      *self,
                     const char        *response,
                     FcrmConvertDialog *dialog)
{
  if (g_strcmp0 (response, "convert") == 0 && self->item != NULL)
    perform_move (self, MOVE_CONVERT, fcrm_convert_dialog_get_pipeline (dialog), NULL,
                  fcrm_convert_dialog_get_flags (dialog));
}

static void
outcome_response_cb (FcrmStageBar      *self,
                     const char        *response,
                     FcrmOutcomeDialog *dialog)
{
  gboolean lost = fcrm_outcome_dialog_get_outcome (dialog) == FCRM_OUTCOME_LOST;

  if (g_strcmp0 (response, "confirm") == 0 && self->item != NULL)
    perform_move (self, lost ? MOVE_LOSE : MOVE_JUNK, fcrm_outcome_dialog_get_reason (dialog),
                  fcrm_outcome_dialog_get_comment (dialog), 0);
}

gboolean
fcrm_stage_bar_choose (FcrmStageBar *self,
                       const char   *code)
{
  g_autoptr(FcrmItem) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWindow *parent;
  GtkWidget *dialog;
  FcrmStage *target;
  gboolean lead;

  g_return_val_if_fail (FCRM_IS_STAGE_BAR (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->item == NULL)
    return FALSE;
  target = fcrm_crm_get_stage (self->crm, code);
  if (target == NULL ||
      g_strcmp0 (target->pipeline, self->item->pipeline) != 0 ||
      g_strcmp0 (self->item->stage, code) == 0)
    return FALSE;

  lead = self->item->type == FCRM_ENTITY_LEAD;
  if (target->kind == FCRM_STAGE_OPEN)
    return perform_move (self, MOVE_STAGE, code, NULL, 0);
  if (!lead && target->kind == FCRM_STAGE_SUCCESS)
    return perform_move (self, MOVE_WIN, NULL, NULL, 0);

  /* The dialogs show the item as it is now, not as the card last read it. */
  fresh = lead ? fcrm_crm_lead_get (self->crm, self->item->id, &error)
               : fcrm_crm_deal_get (self->crm, self->item->id, &error);
  if (fresh == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  if (lead && target->kind == FCRM_STAGE_SUCCESS)
    {
      dialog = fcrm_convert_dialog_new (parent, self->crm, fresh, code);
      g_signal_connect_object (dialog, "response", G_CALLBACK (convert_response_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      dialog = fcrm_outcome_dialog_new (parent, lead ? FCRM_OUTCOME_JUNK : FCRM_OUTCOME_LOST, fresh);
      g_signal_connect_object (dialog, "response", G_CALLBACK (outcome_response_cb), self, G_CONNECT_SWAPPED);
    }
  present_dialog (self, dialog);
  return TRUE;
}

/* ---- actions ---- */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  if (!fcrm_stage_bar_choose (FCRM_STAGE_BAR (widget), g_variant_get_string (parameter, NULL)))
    gtk_widget_error_bell (widget);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcrmStageBar *self = FCRM_STAGE_BAR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *code = g_variant_get_string (parameter, NULL);
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, code);

  if (self->item == NULL || stage == NULL)
    return;
  if (!fcrm_crm_deal_reopen (self->crm, self->item->id, code, &error))
    {
      show_error (self, error);
      return;
    }
  /* Translators: a toast: deal “title” reopened at stage “name” */
  message = g_strdup_printf (_("Deal “%s” reopened at “%s”"), self->item->title, fcrm_stage_get_name (stage));
  show_message (self, message, NULL);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcrmStageBar *self = FCRM_STAGE_BAR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->item == NULL)
    return;
  if (!fcrm_crm_lead_restore (self->crm, self->item->id, &error))
    {
      show_error (self, error);
      return;
    }
  message = g_strdup_printf (_("Lead “%s” restored to In progress"), self->item->title);
  show_message (self, message, NULL);
}

static void
open_deal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcrmStageBar *self = FCRM_STAGE_BAR (widget);

  if (self->item != NULL && self->item->deal_id > 0)
    gtk_widget_activate_action (widget, "app.open-item", "(sx)", "deal", self->item->deal_id);
}

/* ---- keyboard: ← → Home End between the chevrons ---- */

static int
focused_chevron (FcrmStageBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;

  for (guint i = 0; focus != NULL && i < self->chevrons->len; i++)
    if (focus == g_ptr_array_index (self->chevrons, i) ||
        gtk_widget_is_ancestor (focus, g_ptr_array_index (self->chevrons, i)))
      return (int) i;
  return -1;
}

static void
focus_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FcrmStageBar *self = FCRM_STAGE_BAR (widget);
  int step = g_variant_get_int32 (parameter);
  int n = (int) self->chevrons->len;
  int at = focused_chevron (self);
  int to;

  if (n == 0)
    return;
  /* on an outcome button: the usual arrow-key move */
  if (at < 0 && ABS (step) == 1)
    {
      gtk_widget_child_focus (widget, step > 0 ? GTK_DIR_RIGHT : GTK_DIR_LEFT);
      return;
    }
  /* "Next" is to the right only in left-to-right languages. */
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL && ABS (step) == 1)
    step = -step;
  if (step <= -n)
    to = 0;
  else if (step >= n)
    to = n - 1;
  else
    to = CLAMP (at + step, 0, n - 1);
  if (to == at)
    gtk_widget_error_bell (widget);
  else
    gtk_widget_grab_focus (g_ptr_array_index (self->chevrons, to));
}

/* ---- showing the item ---- */

static void
chevron_clicked_cb (GtkButton    *button,
                    FcrmStageBar *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "fcrm-stage");

  if (!fcrm_stage_bar_choose (self, code))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
clear_chevrons (FcrmStageBar *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box))) != NULL)
    gtk_box_remove (self->stages_box, child);
  g_ptr_array_set_size (self->chevrons, 0);
}

static GtkWidget *
add_chevron (FcrmStageBar *self,
             FcrmStage    *stage,
             const char   *state,     /* "passed", "current" or NULL */
             gboolean      sensitive)
{
  const char *name = fcrm_stage_get_name (stage);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (name);
  g_autofree char *accessible = NULL;

  /* the item's own stage is read whole; the others give way (tooltips name them) */
  gtk_label_set_ellipsize (GTK_LABEL (label), g_strcmp0 (state, "current") == 0 ? PANGO_ELLIPSIZE_NONE
                                                                               : PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_tooltip_text (button, name);
  gtk_widget_add_css_class (button, "stage-chevron");
  if (self->chevrons->len == 0)
    gtk_widget_add_css_class (button, "first");
  if (state != NULL)
    gtk_widget_add_css_class (button, state);
  gtk_widget_set_sensitive (button, sensitive);

  if (g_strcmp0 (state, "current") == 0)
    /* Translators: the accessible name of the stage bar's chevron of the item's stage */
    accessible = g_strdup_printf (_("Stage: %s, current"), name);
  else if (g_strcmp0 (state, "passed") == 0)
    /* Translators: the accessible name of a chevron of a stage before the item's */
    accessible = g_strdup_printf (_("Stage: %s, passed"), name);
  else
    /* Translators: the accessible name of a chevron of a stage after the item's */
    accessible = g_strdup_printf (_("Stage: %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  g_object_set_data_full (G_OBJECT (button), "fcrm-stage", g_strdup (stage->code), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (chevron_clicked_cb), self, 0);
  gtk_box_append (self->stages_box, button);
  g_ptr_array_add (self->chevrons, button);
  return button;
}

/* A menu of the stages of @kind in @pipeline, each for @action with its code. */
static GMenuModel *
stage_menu (FcrmPipeline  *pipeline,
            FcrmStageKind  kind,
            const char    *action,
            const char    *except)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);
      g_autoptr(GMenuItem) entry = NULL;

      if (stage->kind != kind || g_strcmp0 (stage->code, except) == 0)
        continue;
      entry = g_menu_item_new (fcrm_stage_get_name (stage), NULL);
      g_menu_item_set_action_and_target (entry, action, "s", stage->code);
      g_menu_append_item (menu, entry);
    }
  return G_MENU_MODEL (menu);
}

static const char *
stage_of_kind (FcrmPipeline  *pipeline,
               FcrmStageKind  kind)
{
  for (guint i = 0; i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);

      if (stage->kind == kind)
        return stage->code;
    }
  return NULL;
}

static void
set_target (GtkWidget  *button,
            const char *code)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", code != NULL ? code : "");
  gtk_widget_set_visible (button, code != NULL);
}

static void
update_outcome (FcrmStageBar *self,
                FcrmStage    *stage)
{
  FcrmItem *item = self->item;
  GtkWidget *label = GTK_WIDGET (self->outcome_label);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (label, "stage-success");
  gtk_widget_remove_css_class (label, "stage-failure");
  gtk_widget_set_visible (label, stage != NULL && stage->kind != FCRM_STAGE_OPEN);
  if (stage == NULL || stage->kind == FCRM_STAGE_OPEN)
    return;

  gtk_widget_add_css_class (label, stage->kind == FCRM_STAGE_SUCCESS ? "stage-success" : "stage-failure");
  if (item->type == FCRM_ENTITY_LEAD && item->deal_id > 0)
    /* Translators: the stage bar of a converted lead */
    text = g_strdup_printf (_("Converted into deal #%" PRId64), item->deal_id);
  else if (stage->kind == FCRM_STAGE_FAILURE && item->loss_reason != NULL && *item->loss_reason != '\0')
    /* Translators: the stage bar of a lost deal: “Lost: Too expensive” */
    text = g_strdup_printf (_("%s: %s"), fcrm_stage_get_name (stage), fcrm_loss_reason_display_name (item->loss_reason));
  else
    text = g_strdup (fcrm_stage_get_name (stage));
  gtk_label_set_text (self->outcome_label, text);
  gtk_widget_set_tooltip_text (label, text);
}

void
fcrm_stage_bar_set_item (FcrmStageBar *self,
                         FcrmCrm      *crm,
                         FcrmItem     *item,
                         const char   *handover_stage)
{
  FcrmPipeline *pipeline;
  FcrmStage *current;
  gboolean lead, open;
  g_autofree char *signature = NULL;
  g_autofree char *focused_code = NULL;
  int focused;
  g_autoptr(GMenuModel) convert_menu = NULL;
  g_autoptr(GMenuModel) reopen_menu = NULL;

  g_return_if_fail (FCRM_IS_STAGE_BAR (self));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (item == NULL || FCRM_IS_ITEM (item));

  g_set_object (&self->crm, crm);
  g_set_object (&self->item, item);
  g_free (self->handover_stage);
  self->handover_stage = g_strdup (handover_stage);
  /* Another re-read of the same place (a comment, a field) keeps the bar,
   * its focus and hover, as they are. */
  signature = item == NULL ? NULL
              : g_strdup_printf ("%s|%s|%s|%" G_GINT64_FORMAT "|%s", item->pipeline, item->stage,
                                 handover_stage != NULL ? handover_stage : "", item->deal_id,
                                 item->loss_reason != NULL ? item->loss_reason : "");
  if (signature != NULL && g_strcmp0 (signature, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_steal_pointer (&signature);
  /* the keyboard stays on the bar as it is rebuilt */
  focused = focused_chevron (self);
  if (focused >= 0)
    focused_code = g_strdup (g_object_get_data (G_OBJECT (g_ptr_array_index (self->chevrons, focused)), "fcrm-stage"));
  clear_chevrons (self);

  pipeline = item != NULL ? fcrm_crm_get_pipeline (crm, item->pipeline) : NULL;
  current = item != NULL ? fcrm_crm_get_stage (crm, item->stage) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self), pipeline != NULL && current != NULL);
  if (pipeline == NULL || current == NULL)
    return;

  lead = item->type == FCRM_ENTITY_LEAD;
  open = current->kind == FCRM_STAGE_OPEN;
  for (guint i = 0; i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);
      const char *state = NULL;

      if (stage->kind != FCRM_STAGE_OPEN || g_strcmp0 (stage->code, handover_stage) == 0)
        continue;
      /* a won item has passed every stage; a lost or junk one we do not
       * say where it stopped (the timeline does) */
      if (g_strcmp0 (stage->code, current->code) == 0)
        state = "current";
      else if (current->kind == FCRM_STAGE_SUCCESS || (open && stage->position < current->position))
        state = "passed";
      add_chevron (self, stage, state, open);
    }

  update_outcome (self, current);
  set_target (self->win_button, open && !lead ? stage_of_kind (pipeline, FCRM_STAGE_SUCCESS) : NULL);
  set_target (self->lose_button, open && !lead ? stage_of_kind (pipeline, FCRM_STAGE_FAILURE) : NULL);
  set_target (self->junk_button, open && lead ? stage_of_kind (pipeline, FCRM_STAGE_FAILURE) : NULL);
  set_target (self->handover_button, open && !lead && g_strcmp0 (item->stage, handover_stage) != 0 ? handover_stage : NULL);

  convert_menu = stage_menu (pipeline, FCRM_STAGE_SUCCESS, "stage-bar.move", NULL);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->convert_button), convert_menu);
  gtk_widget_set_visible (self->convert_button, open && lead);

  reopen_menu = stage_menu (pipeline, FCRM_STAGE_OPEN, "stage-bar.reopen", handover_stage);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->reopen_button), reopen_menu);
  gtk_widget_set_visible (self->reopen_button, !open && !lead);
  gtk_widget_set_visible (self->restore_button, !open && lead && current->kind == FCRM_STAGE_FAILURE);
  gtk_widget_set_visible (self->open_deal_button, !open && lead && item->deal_id > 0);

  if (focused_code != NULL)
    {
      GtkWidget *chevron = fcrm_stage_bar_get_chevron (self, focused_code);

      if (chevron != NULL && gtk_widget_get_sensitive (chevron))
        gtk_widget_grab_focus (chevron);
      else if (gtk_widget_get_visible (self->reopen_button))
        gtk_widget_grab_focus (self->reopen_button);
    }
}

GtkWidget *
fcrm_stage_bar_get_chevron (FcrmStageBar *self,
                            const char   *code)
{
  g_return_val_if_fail (FCRM_IS_STAGE_BAR (self), NULL);

  for (guint i = 0; i < self->chevrons->len; i++)
    {
      GtkWidget *chevron = g_ptr_array_index (self->chevrons, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (chevron), "fcrm-stage"), code) == 0)
        return chevron;
    }
  return NULL;
}

GtkWindow *
fcrm_stage_bar_get_dialog (FcrmStageBar *self)
{
  g_return_val_if_fail (FCRM_IS_STAGE_BAR (self), NULL);

  return self->dialog;
}

AdwToast *
fcrm_stage_bar_get_last_toast (FcrmStageBar *self)
{
  g_return_val_if_fail (FCRM_IS_STAGE_BAR (self), NULL);

  return self->last_toast;
}

/* ---- GObject ---- */

static void
fcrm_stage_bar_dispose (GObject *object)
{
  FcrmStageBar *self = FCRM_STAGE_BAR (object);
  GtkWidget *child;

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->last_toast);
  g_clear_pointer (&self->chevrons, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_STAGE_BAR);
  /* the unnamed box of buttons too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);
  g_clear_pointer (&self->handover_stage, g_free);
  g_clear_pointer (&self->signature, g_free);

  G_OBJECT_CLASS (fcrm_stage_bar_parent_class)->dispose (object);
}

static void
add_focus_binding (GtkWidgetClass *widget_class,
                   guint           key,
                   int             step)
{
  gtk_widget_class_add_binding_action (widget_class, key, 0, "stage-bar.focus-step", "i", step);
}

static void
fcrm_stage_bar_class_init (FcrmStageBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_stage_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-stage-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, stages_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, win_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, lose_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, convert_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, junk_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, handover_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, restore_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmStageBar, open_deal_button);

  /**
   * FcrmStageBar|stage-bar.move:
   * @stage: a stage code of the item's pipeline
   *
   * What a click on that stage does (fcrm_stage_bar_choose()).
   */
  gtk_widget_class_install_action (widget_class, "stage-bar.move", "s", move_action);
  gtk_widget_class_install_action (widget_class, "stage-bar.reopen", "s", reopen_action);
  gtk_widget_class_install_action (widget_class, "stage-bar.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "stage-bar.open-deal", NULL, open_deal_action);
  gtk_widget_class_install_action (widget_class, "stage-bar.focus-step", "i", focus_step_action);
  add_focus_binding (widget_class, GDK_KEY_Right, 1);
  add_focus_binding (widget_class, GDK_KEY_KP_Right, 1);
  add_focus_binding (widget_class, GDK_KEY_Left, -1);
  add_focus_binding (widget_class, GDK_KEY_KP_Left, -1);
  add_focus_binding (widget_class, GDK_KEY_Home, -G_MAXINT16);
  add_focus_binding (widget_class, GDK_KEY_End, G_MAXINT16);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stagebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fcrm_stage_bar_init (FcrmStageBar *self)
{
  self->chevrons = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 8);
}

GtkWidget *
fcrm_stage_bar_new (void)
{
  return g_object_new (FCRM_TYPE_STAGE_BAR, NULL);
}
