#define G_LOG_DOMAIN "fcrm-board"

#include <glib/gi18n.h>

#include "fcrm-board-private.h"
#include "fcrm-convert-dialog.h"
#include "fcrm-outcome-dialog.h"
#include "fcrm-toasts.h"
#include "fcrm-undo.h"

/* ---- toasts ---- */

static void
show_toast (FcrmBoard *self,
            AdwToast  *toast)
{
  fcrm_toast_show_replacing (GTK_WIDGET (self), &self->last_toast, toast);
}

static void
show_error (FcrmBoard    *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  g_autoptr(AdwToast) toast = adw_toast_new (escaped);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

/* ---- moves ---- */

typedef enum {
  MOVE_STAGE,     /* to an open stage */
  MOVE_WIN,
  MOVE_LOSE,
  MOVE_JUNK,
  MOVE_CONVERT,
} MoveKind;

typedef struct
{
  MoveKind          kind;
  const char       *stage;      /* MOVE_STAGE */
  const char       *reason;     /* MOVE_LOSE */
  const char       *comment;    /* MOVE_LOSE, MOVE_JUNK */
  const char       *pipeline;   /* MOVE_CONVERT */
  FcrmConvertFlags  flags;      /* MOVE_CONVERT */
} Move;

static FcrmItem *
load_item (FcrmBoard       *self,
           FcrmEntityType   type,
           gint64           id,
           GError         **error)
{
  if (type == FCRM_ENTITY_LEAD)
    return fcrm_crm_lead_get (self->crm, id, error);

  return fcrm_crm_deal_get (self->crm, id, error);
}

static void
reload_stage (FcrmBoard  *self,
              const char *code)
{
  FcrmBoardColumn *column = code != NULL ? fcrm_board_get_column_for_stage (self, code) : NULL;

  if (column != NULL)
    fcrm_board_column_reload (column);
}

static void
undo_clicked_cb (FcrmBoard *self,
                 AdwToast  *toast)
{
  g_autoptr(FcrmUndo) undo = fcrm_undo_toast_steal_undo (toast);
  g_autoptr(GError) error = NULL;

  if (undo == NULL)
    return;

  if (!fcrm_crm_undo (self->crm, undo, &error))
    show_error (self, error);

  /* The card went back to a column of its own choosing: let every column
   * see whether it is concerned (cheap for those that are not). */
  _fcrm_board_sync_columns (self);
}

static void
show_undo_toast (FcrmBoard  *self,
                 const char *message,
                 FcrmUndo   *undo)
{
  g_autoptr(AdwToast) toast = fcrm_undo_toast_new (message, undo);

  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

static char *
move_message (FcrmBoard               *self,
              const Move              *move,
              FcrmItem                *before,
              FcrmItem                *after,
              const FcrmConvertResult *result)
{
  FcrmPipeline *pipeline;

  switch (move->kind)
    {
    case MOVE_LOSE:
      return g_strdup_printf (_("Deal lost: %s"), fcrm_loss_reason_display_name (move->reason));

    case MOVE_CONVERT:
      if (result->deal_id != 0)
        {
          pipeline = fcrm_crm_get_pipeline (self->crm, move->pipeline);
          return g_strdup_printf (_("Deal created in %s"),
                                  pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : move->pipeline);
        }
      break;

    case MOVE_STAGE:
    case MOVE_WIN:
    case MOVE_JUNK:
    default:
      break;
    }

  /* design.to_installation hands the deal over to manufacturing. */
  if (g_strcmp0 (before->pipeline, after->pipeline) != 0)
    {
      pipeline = fcrm_crm_get_pipeline (self->crm, after->pipeline);
      return g_strdup_printf (_("Moved to “%s” in %s"),
                              fcrm_item_get_stage_name (after),
                              pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : after->pipeline);
    }

  return g_strdup_printf (_("Moved to “%s”"), fcrm_item_get_stage_name (after));
}

/* Snapshot, change through the core, refresh the two columns, toast with
 * Undo. On error nothing was written: the toast says why. */
static gboolean
perform_move (FcrmBoard  *self,
              FcrmItem   *item_in,
              const Move *move,
              gboolean    follow_focus)
{
  g_autoptr(FcrmItem) item = g_object_ref (item_in);   /* its card may go away */
  g_autoptr(FcrmItem) after = NULL;
  g_autoptr(FcrmUndo) undo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  FcrmConvertResult result = { 0 };
  FcrmBoardColumn *column;
  gboolean ok = FALSE;

  undo = fcrm_crm_snapshot (self->crm, item->type, item->id, &error);
  if (undo != NULL)
    {
      switch (move->kind)
        {
        case MOVE_STAGE:
          ok = fcrm_crm_item_move (self->crm, item->type, item->id, move->stage, &error);
          break;
        case MOVE_WIN:
          ok = fcrm_crm_deal_win (self->crm, item->id, &error);
          break;
        case MOVE_LOSE:
          ok = fcrm_crm_deal_lose (self->crm, item->id, move->reason, move->comment, &error);
          break;
        case MOVE_JUNK:
          ok = fcrm_crm_lead_junk (self->crm, item->id, move->comment, &error);
          break;
        case MOVE_CONVERT:
          ok = fcrm_crm_lead_convert (self->crm, item->id, move->pipeline, move->flags, &result, &error);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (!ok)
    {
      show_error (self, error);
      /* The card may have changed elsewhere: show what is true now. */
      _fcrm_board_sync_columns (self);
      return FALSE;
    }

  after = load_item (self, item->type, item->id, NULL);
  reload_stage (self, item->stage);
  if (after != NULL)
    reload_stage (self, after->stage);

  message = after != NULL ? move_message (self, move, item, after, &result) : g_strdup (_("Moved"));
  show_undo_toast (self, message, g_steal_pointer (&undo));

  column = after != NULL ? fcrm_board_get_column_for_stage (self, after->stage) : NULL;
  if (follow_focus && column != NULL)
    fcrm_board_column_focus_item (column, after->id);

  return TRUE;
}

/* ---- dialogs ---- */

static GtkWindow *
parent_window (FcrmBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_dialog (FcrmBoard *self,
                GtkWidget *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
convert_response_cb (FcrmBoard         *self,
                     const char        *response,
                     FcrmConvertDialog *dialog)
{
  Move move = {
    .kind = MOVE_CONVERT,
    .pipeline = fcrm_convert_dialog_get_pipeline (dialog),
    .flags = fcrm_convert_dialog_get_flags (dialog),
  };

  if (g_strcmp0 (response, "convert") == 0)
    perform_move (self, fcrm_convert_dialog_get_lead (dialog), &move, FALSE);
}

static void
outcome_response_cb (FcrmBoard         *self,
                     const char        *response,
                     FcrmOutcomeDialog *dialog)
{
  Move move = {
    .kind = fcrm_outcome_dialog_get_outcome (dialog) == FCRM_OUTCOME_LOST ? MOVE_LOSE : MOVE_JUNK,
    .reason = fcrm_outcome_dialog_get_reason (dialog),
    .comment = fcrm_outcome_dialog_get_comment (dialog),
  };

  if (g_strcmp0 (response, "confirm") == 0)
    perform_move (self, fcrm_outcome_dialog_get_item (dialog), &move, FALSE);
}

/* ---- what a drop or a card's "Move to" menu does ---- */

/* A drop, or the same chosen from a card's menu; @follow_focus: a card
 * moved to another column keeps the keyboard focus. */
static gboolean
drop_item (FcrmBoard  *self,
           FcrmItem   *item,
           const char *code,
           gboolean    follow_focus)
{
  g_autoptr(FcrmItem) fresh = NULL;
  g_autoptr(GError) error = NULL;
  FcrmStage *target;
  GtkWidget *dialog;

  target = fcrm_crm_get_stage (self->crm, code);
  if (target == NULL ||
      g_strcmp0 (target->pipeline, self->pipeline) != 0 ||
      g_strcmp0 (item->pipeline, self->pipeline) != 0 ||
      g_strcmp0 (item->stage, code) == 0)
    return FALSE;

  if (target->kind == FCRM_STAGE_OPEN)
    {
      Move move = { .kind = MOVE_STAGE, .stage = code };

      return perform_move (self, item, &move, follow_focus);
    }

  if (item->type == FCRM_ENTITY_DEAL && target->kind == FCRM_STAGE_SUCCESS)
    {
      Move move = { .kind = MOVE_WIN };

      return perform_move (self, item, &move, FALSE);
    }

  /* Dialogs show the card as it is now, not as it was when drawn. */
  fresh = load_item (self, item->type, item->id, &error);
  if (fresh == NULL)
    {
      show_error (self, error);
      _fcrm_board_sync_columns (self);
      return FALSE;
    }

  if (item->type == FCRM_ENTITY_LEAD && target->kind == FCRM_STAGE_SUCCESS)
    {
      dialog = fcrm_convert_dialog_new (parent_window (self), self->crm, fresh, code);
      g_signal_connect_object (dialog, "response", G_CALLBACK (convert_response_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      dialog = fcrm_outcome_dialog_new (parent_window (self),
                                        item->type == FCRM_ENTITY_LEAD ? FCRM_OUTCOME_JUNK : FCRM_OUTCOME_LOST,
                                        fresh);
      g_signal_connect_object (dialog, "response", G_CALLBACK (outcome_response_cb), self, G_CONNECT_SWAPPED);
    }

  present_dialog (self, dialog);

  return TRUE;
}

gboolean
fcrm_board_drop_item (FcrmBoard  *self,
                      FcrmItem   *item,
                      const char *code)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);
  g_return_val_if_fail (FCRM_IS_ITEM (item), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return drop_item (self, item, code, FALSE);
}

/* "board.move-item" (xs): a card's "Move to" menu (card.move-to) asks to
 * move lead or deal @id of this board to stage @code. */
static void
move_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcrmBoard *self = FCRM_BOARD (widget);
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, self->pipeline);
  g_autoptr(FcrmItem) item = NULL;
  g_autoptr(GError) error = NULL;
  const char *code;
  gint64 id;

  g_variant_get (parameter, "(x&s)", &id, &code);
  if (pipeline == NULL)
    return;

  /* As it is now: it may have moved since the card was drawn. */
  item = load_item (self, pipeline->entity, id, &error);
  if (item == NULL)
    {
      show_error (self, error);
      _fcrm_board_sync_columns (self);
      return;
    }

  if (!drop_item (self, item, code, TRUE))
    gtk_widget_error_bell (widget);
}

/* ---- keyboard ---- */

static gboolean
move_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  int step = GPOINTER_TO_INT (user_data);

  /* "Next" is to the right only in left-to-right languages. */
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    step = -step;

  return fcrm_board_move_focused (FCRM_BOARD (widget), step);
}

gboolean
fcrm_board_move_focused (FcrmBoard *self,
                         int        step)
{
  FcrmItem *item = NULL;
  guint from = 0;
  int to;

  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);
  g_return_val_if_fail (step != 0, FALSE);

  for (guint i = 0; i < self->columns->len && item == NULL; i++)
    {
      item = fcrm_board_column_get_focused_item (g_ptr_array_index (self->columns, i));
      from = i;
    }
  if (item == NULL)
    return FALSE;

  to = (int) from + step;
  if (to < 0 || to >= (int) self->columns->len)
    {
      /* Already at the first or last open stage: final stages are chosen
       * from the card's menu (Menu, Shift+F10) or by a drop. */
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }

  {
    Move move = {
      .kind = MOVE_STAGE,
      .stage = fcrm_board_column_get_stage (g_ptr_array_index (self->columns, to))->code,
    };

    perform_move (self, item, &move, TRUE);
  }

  return TRUE;
}

static gboolean
menu_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  return fcrm_board_popup_card_menu (FCRM_BOARD (widget));
}

gboolean
fcrm_board_popup_card_menu (FcrmBoard *self)
{
  FcrmCardRow *card = NULL;

  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);

  for (guint i = 0; i < self->columns->len && card == NULL; i++)
    card = fcrm_board_column_get_focused_card (g_ptr_array_index (self->columns, i));
  if (card == NULL)
    return FALSE;

  return fcrm_card_row_popup_menu (card);
}

/* ---- what the last action left ---- */

AdwToast *
fcrm_board_get_last_toast (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  return self->last_toast;
}

GtkWindow *
fcrm_board_get_dialog (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  return self->dialog;
}

/* ---- set-up ---- */

void
_fcrm_board_class_actions_init (FcrmBoardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * FcrmBoard|board.move-item:
   * @id: the lead or deal, of this board's pipeline
   * @stage: the code of a stage of this board
   *
   * Moves the item as a drop on that stage's column or final target does:
   * conversion, junk and lost dialogs, a win, or a move with Undo.
   */
  gtk_widget_class_install_action (widget_class, "board.move-item", "(xs)", move_item_action);
}

void
_fcrm_board_actions_init (FcrmBoard *self)
{
  GtkShortcutController *shortcuts;

  /* Ctrl+→ / Ctrl+← move the focused card. Captured before the list views,
   * which would take Ctrl+arrows for moving their own focus. Keys with no
   * focused card go on to whoever else wants them. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (move_shortcut_cb, GINT_TO_POINTER (1), NULL)));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (move_shortcut_cb, GINT_TO_POINTER (-1), NULL)));
  /* Menu and Shift+F10 open the focused card's actions menu, as a
   * right-click or its ⋮ button do. */
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                                                          gtk_callback_action_new (menu_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));
}
