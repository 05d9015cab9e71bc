#define G_LOG_DOMAIN "fcrm-board"

#include <glib/gi18n.h>

#include "fcrm-board.h"
#include "fcrm-convert-dialog.h"
#include "fcrm-outcome-dialog.h"
#include "fcrm-undo.h"

/* While a card is dragged near the left or right edge of the columns, the
 * board scrolls towards that edge, faster the closer the pointer is. */
#define AUTOSCROLL_EDGE  64      /* px */
#define AUTOSCROLL_SPEED 1200.0  /* px per second at the very edge */
/* Passing through an edge on the way to the final stages scrolls nothing:
 * the pointer has to rest there a moment first. */
#define AUTOSCROLL_DELAY (300 * G_TIME_SPAN_MILLISECOND)

/* Lead sources (SPEC §3.1), in the order the filter offers them. */
static const char * const source_codes[] = { "call", "webform", "email", "walkin", "other" };

/* Rows of the responsible filter before the people. */
enum {
  RESPONSIBLE_ANYONE,
  RESPONSIBLE_NOBODY,
  RESPONSIBLE_FIRST_USER,
};

struct _FcrmBoard
{
  GtkWidget        parent_instance;

  FcrmCrm         *crm;
  char            *pipeline;
  GPtrArray       *columns;         /* FcrmBoardColumn, borrowed from columns_box */
  GHashTable      *finals;          /* stage code → drop zone, borrowed */
  GArray          *user_ids;        /* gint64 per person in responsible_list */
  FcrmBoardFilter  filter;          /* .source points into source_codes */
  gboolean         updating;        /* the header's widgets are being set */
  guint            sync_id;
  gboolean         dirty;           /* the database changed while hidden */
  AdwToast        *last_toast;
  GtkWindow       *dialog;          /* weak */
  double           autoscroll_speed;
  guint            autoscroll_id;
  gint64           autoscroll_time;
  gint64           autoscroll_since;  /* when the pointer reached the edge */

  GtkToggleButton *all_button;
  GtkToggleButton *mine_button;
  GtkDropDown     *responsible_dropdown;
  GtkStringList   *responsible_list;
  GtkDropDown     *source_dropdown;
  GtkStringList   *source_list;
  GtkDropDown     *sort_dropdown;
  GtkWidget       *scroller;
  GtkBox          *columns_box;
  GtkBox          *finals_box;
};

G_DEFINE_FINAL_TYPE (FcrmBoard, fcrm_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_PIPELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- toasts ---- */

static void
show_toast (FcrmBoard *self,
            AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  /* Only the latest move can be undone from a toast: an older one would
   * come back from the queue long after the fact. */
  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  g_set_object (&self->last_toast, toast);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
  else
    g_debug ("No toast overlay for: %s", adw_toast_get_title (toast));
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
sync_columns (FcrmBoard *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    fcrm_board_column_sync (g_ptr_array_index (self->columns, i));
}

static void
undo_clicked_cb (FcrmBoard *self,
                 AdwToast  *toast)
{
  FcrmUndo *undo = g_object_get_data (G_OBJECT (toast), "fcrm-undo");
  g_autoptr(GError) error = NULL;

  if (undo == NULL)
    return;

  if (!fcrm_crm_undo (self->crm, undo, &error))
    show_error (self, error);
  /* An undo is done once, whatever came of it. */
  g_object_set_data (G_OBJECT (toast), "fcrm-undo", NULL);

  /* The card went back to a column of its own choosing: let every column
   * see whether it is concerned (cheap for those that are not). */
  sync_columns (self);
}

static void
show_undo_toast (FcrmBoard  *self,
                 const char *message,
                 FcrmUndo   *undo)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autoptr(AdwToast) toast = adw_toast_new (escaped);

  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "fcrm-undo", undo, (GDestroyNotify) fcrm_undo_free);
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
      sync_columns (self);
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

/* ---- drops ---- */

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
      sync_columns (self);
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
      sync_columns (self);
      return;
    }

  if (!drop_item (self, item, code, TRUE))
    gtk_widget_error_bell (widget);
}

static gboolean
column_item_dropped_cb (FcrmBoard       *self,
                        FcrmItem        *item,
                        FcrmBoardColumn *column)
{
  return fcrm_board_drop_item (self, item, fcrm_board_column_get_stage (column)->code);
}

static gboolean
accepts_final (FcrmBoard  *self,
               FcrmItem   *item)
{
  return item != NULL && g_strcmp0 (item->pipeline, self->pipeline) == 0;
}

static GdkDragAction
final_motion_cb (GtkDropTarget *target,
                 double         x,
                 double         y,
                 FcrmBoard     *self)
{
  const GValue *value = gtk_drop_target_get_value (target);

  if (value != NULL && G_VALUE_HOLDS (value, FCRM_TYPE_ITEM) &&
      !accepts_final (self, g_value_get_object (value)))
    return 0;

  return GDK_ACTION_MOVE;
}

static gboolean
final_drop_cb (GtkDropTarget *target,
               const GValue  *value,
               double         x,
               double         y,
               FcrmBoard     *self)
{
  GtkWidget *zone = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  if (!G_VALUE_HOLDS (value, FCRM_TYPE_ITEM) || !accepts_final (self, g_value_get_object (value)))
    return FALSE;

  return fcrm_board_drop_item (self, g_value_get_object (value),
                               g_object_get_data (G_OBJECT (zone), "fcrm-stage"));
}

static const char *
final_icon (FcrmStage *stage)
{
  if (g_strcmp0 (stage->code, "lead.to_design") == 0)
    return "applications-graphics-symbolic";
  if (g_strcmp0 (stage->code, "lead.to_manufacturing") == 0)
    return "applications-engineering-symbolic";
  if (g_strcmp0 (stage->code, "lead.to_repair") == 0)
    return "system-run-symbolic";
  if (g_strcmp0 (stage->code, "lead.junk") == 0)
    return "user-trash-symbolic";

  return stage->kind == FCRM_STAGE_SUCCESS ? "emblem-ok-symbolic" : "process-stop-symbolic";
}

static char *
final_hint (FcrmBoard *self,
            FcrmStage *stage,
            gboolean   leads)
{
  if (leads && stage->kind == FCRM_STAGE_SUCCESS)
    {
      const char *code = g_str_has_prefix (stage->code, "lead.to_") ? stage->code + strlen ("lead.to_") : "";
      FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, code);

      /* TRANSLATORS: under a conversion target on the Leads board: "New deal in Manufacturing" */
      return g_strdup_printf (_("New deal in %s"), pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : code);
    }
  if (leads)
    return g_strdup (_("The work on the lead ends"));
  if (stage->kind == FCRM_STAGE_SUCCESS)
    return g_strdup (_("Closes the deal as won"));

  return g_strdup (_("Asks for the reason"));
}

static GtkWidget *
final_zone_new (FcrmBoard *self,
                FcrmStage *stage,
                gboolean   leads)
{
  g_autofree char *hint = final_hint (self, stage, leads);
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *zone = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (final_icon (stage));
  GtkWidget *name = gtk_label_new (fcrm_stage_get_name (stage));
  GtkWidget *detail = gtk_label_new (hint);
  GtkDropTarget *target;

  gtk_widget_add_css_class (zone, "board-final");
  gtk_widget_add_css_class (zone, stage->kind == FCRM_STAGE_SUCCESS ? "board-final-success" : "board-final-failure");
  gtk_widget_set_valign (zone, GTK_ALIGN_FILL);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_set_vexpand (icon, TRUE);
  gtk_widget_set_valign (icon, GTK_ALIGN_END);
  gtk_widget_add_css_class (icon, "board-final-icon");

  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
  gtk_widget_add_css_class (name, "board-final-name");

  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_justify (GTK_LABEL (detail), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 16);
  gtk_widget_set_vexpand (detail, TRUE);
  gtk_widget_set_valign (detail, GTK_ALIGN_START);
  gtk_widget_add_css_class (detail, "board-final-hint");
  gtk_widget_add_css_class (detail, "dim-label");

  gtk_box_append (GTK_BOX (zone), icon);
  gtk_box_append (GTK_BOX (zone), name);
  gtk_box_append (GTK_BOX (zone), detail);

  tooltip = g_strdup_printf (_("Drop a card here: %s"), hint);
  gtk_widget_set_tooltip_text (zone, tooltip);
  /* TRANSLATORS: accessible name of a final-stage drop target: "Drop target: Lost" */
  accessible = g_strdup_printf (_("Drop target: %s"), fcrm_stage_get_name (stage));
  gtk_accessible_update_property (GTK_ACCESSIBLE (zone),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                  -1);

  g_object_set_data_full (G_OBJECT (zone), "fcrm-stage", g_strdup (stage->code), g_free);

  target = gtk_drop_target_new (FCRM_TYPE_ITEM, GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "enter", G_CALLBACK (final_motion_cb), self, 0);
  g_signal_connect_object (target, "motion", G_CALLBACK (final_motion_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (final_drop_cb), self, 0);
  gtk_widget_add_controller (zone, GTK_EVENT_CONTROLLER (target));

  return zone;
}

/* ---- dragging over the board ---- */

static gboolean
carries_item (GtkDropControllerMotion *motion)
{
  GdkDrop *drop = gtk_drop_controller_motion_get_drop (motion);

  return drop != NULL && gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), FCRM_TYPE_ITEM);
}

static void
drag_over_cb (FcrmBoard *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragging");
}

static void
drag_enter_cb (FcrmBoard               *self,
               double                   x,
               double                   y,
               GtkDropControllerMotion *motion)
{
  GdkDrop *drop = gtk_drop_controller_motion_get_drop (motion);
  GdkDrag *drag = drop != NULL ? gdk_drop_get_drag (drop) : NULL;

  if (!carries_item (motion))
    return;

  /* The final stages light up while a card is on its way. A drop ends the
   * drag without a "leave": the drag itself says when it is over. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragging");
  if (drag != NULL && g_object_get_data (G_OBJECT (drag), "fcrm-board") != self)
    {
      g_object_set_data (G_OBJECT (drag), "fcrm-board", self);
      g_signal_connect_object (drag, "dnd-finished", G_CALLBACK (drag_over_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (drag, "cancel", G_CALLBACK (drag_over_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (drag, "drop-performed", G_CALLBACK (drag_over_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
drag_leave_cb (FcrmBoard *self)
{
  drag_over_cb (self);
}

static gboolean
autoscroll_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  FcrmBoard *self = FCRM_BOARD (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double seconds = self->autoscroll_time != 0 ? (now - self->autoscroll_time) / (double) G_USEC_PER_SEC : 0;

  self->autoscroll_time = now;
  if (self->autoscroll_speed == 0)
    {
      self->autoscroll_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (now - self->autoscroll_since < AUTOSCROLL_DELAY)
    return G_SOURCE_CONTINUE;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + self->autoscroll_speed * seconds);

  return G_SOURCE_CONTINUE;
}

static void
scroll_motion_cb (FcrmBoard               *self,
                  double                   x,
                  double                   y,
                  GtkDropControllerMotion *motion)
{
  int width = gtk_widget_get_width (self->scroller);
  gboolean was_scrolling = self->autoscroll_speed != 0;

  if (!carries_item (motion) || width <= 3 * AUTOSCROLL_EDGE)
    self->autoscroll_speed = 0;
  else if (x < AUTOSCROLL_EDGE)
    self->autoscroll_speed = -AUTOSCROLL_SPEED * (AUTOSCROLL_EDGE - x) / AUTOSCROLL_EDGE;
  else if (x > width - AUTOSCROLL_EDGE)
    self->autoscroll_speed = AUTOSCROLL_SPEED * (x - (width - AUTOSCROLL_EDGE)) / AUTOSCROLL_EDGE;
  else
    self->autoscroll_speed = 0;

  if (self->autoscroll_speed != 0 && !was_scrolling)
    self->autoscroll_since = g_get_monotonic_time ();
  if (self->autoscroll_speed != 0 && self->autoscroll_id == 0)
    {
      self->autoscroll_time = 0;
      self->autoscroll_id = gtk_widget_add_tick_callback (self->scroller, autoscroll_tick_cb, self, NULL);
    }
}

static void
scroll_leave_cb (FcrmBoard *self)
{
  self->autoscroll_speed = 0;
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

/* ---- filters ---- */

static FcrmUser *
dup_actor (FcrmBoard *self)
{
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);

  return actor != NULL ? g_object_ref (actor) : NULL;
}

static gint64
responsible_for_row (FcrmBoard *self,
                     guint      row)
{
  if (row == GTK_INVALID_LIST_POSITION || row == RESPONSIBLE_ANYONE)
    return 0;
  if (row == RESPONSIBLE_NOBODY)
    return -1;
  if (row - RESPONSIBLE_FIRST_USER < self->user_ids->len)
    return g_array_index (self->user_ids, gint64, row - RESPONSIBLE_FIRST_USER);

  return 0;
}

static guint
row_for_responsible (FcrmBoard *self,
                     gint64     responsible_id)
{
  if (responsible_id == 0)
    return RESPONSIBLE_ANYONE;
  if (responsible_id < 0)
    return RESPONSIBLE_NOBODY;
  for (guint i = 0; i < self->user_ids->len; i++)
    if (g_array_index (self->user_ids, gint64, i) == responsible_id)
      return RESPONSIBLE_FIRST_USER + i;

  return RESPONSIBLE_ANYONE;
}

static void
apply_filter (FcrmBoard *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    fcrm_board_column_set_filter (g_ptr_array_index (self->columns, i), &self->filter);
}

/* The header's widgets agree with self->filter and the acting person. */
static void
show_filter (FcrmBoard *self)
{
  g_autoptr(FcrmUser) actor = dup_actor (self);
  gboolean mine = actor != NULL && self->filter.responsible_id == actor->id;
  guint source = 0;

  for (guint i = 0; i < G_N_ELEMENTS (source_codes); i++)
    if (g_strcmp0 (self->filter.source, source_codes[i]) == 0)
      source = i + 1;

  self->updating = TRUE;
  gtk_toggle_button_set_active (mine ? self->mine_button : self->all_button, TRUE);
  gtk_drop_down_set_selected (self->responsible_dropdown, row_for_responsible (self, self->filter.responsible_id));
  gtk_drop_down_set_selected (self->source_dropdown, source);
  gtk_drop_down_set_selected (self->sort_dropdown, (guint) self->filter.sort);
  self->updating = FALSE;
}

static void
read_filter (FcrmBoard *self)
{
  guint source = gtk_drop_down_get_selected (self->source_dropdown);
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);

  self->filter.responsible_id = responsible_for_row (self, gtk_drop_down_get_selected (self->responsible_dropdown));
  self->filter.source = source >= 1 && source <= G_N_ELEMENTS (source_codes) ? source_codes[source - 1] : NULL;
  self->filter.sort = sort <= FCRM_BOARD_SORT_CREATED ? (FcrmBoardSort) sort : FCRM_BOARD_SORT_STAGE_ENTERED;
}

static void
filter_changed_cb (FcrmBoard *self)
{
  /* Also while the template and the lists are built: nothing to filter yet. */
  if (self->updating || self->crm == NULL)
    return;

  read_filter (self);
  show_filter (self);
  apply_filter (self);
}

static void
responsible_selected_cb (FcrmBoard *self)
{
  filter_changed_cb (self);
}

static void
mine_toggled_cb (FcrmBoard *self)
{
  g_autoptr(FcrmUser) actor = NULL;

  if (self->updating || self->crm == NULL)
    return;

  actor = dup_actor (self);
  if (gtk_toggle_button_get_active (self->mine_button) && actor == NULL)
    {
      /* Nobody chose who works here yet: there is no "mine". */
      gtk_widget_error_bell (GTK_WIDGET (self));
      show_filter (self);
      return;
    }
  if (gtk_toggle_button_get_active (self->mine_button))
    self->filter.responsible_id = actor->id;
  else if (actor != NULL && self->filter.responsible_id == actor->id)
    self->filter.responsible_id = 0;
  else
    return;

  show_filter (self);
  apply_filter (self);
}

/* The people offered by the responsible filter: every active user, and
 * whoever the filter shows now. Rebuilt only when that list changed. */
static void
update_users (FcrmBoard *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->responsible_list)) - RESPONSIBLE_FIRST_USER;
  gboolean same;

  users = fcrm_crm_list_users (self->crm, &error);
  if (users == NULL)
    {
      g_debug ("Cannot list the users: %s", error->message);
      return;
    }

  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (!user->active && user->id != self->filter.responsible_id)
        continue;
      g_array_append_val (ids, user->id);
      g_ptr_array_add (names, user->name != NULL && *user->name ? user->name : user->login);
    }
  g_ptr_array_add (names, NULL);

  same = ids->len == shown;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_array_index (ids, gint64, i) == g_array_index (self->user_ids, gint64, i) &&
           g_strcmp0 (g_ptr_array_index (names, i),
                      gtk_string_list_get_string (self->responsible_list, RESPONSIBLE_FIRST_USER + i)) == 0;
  if (same)
    return;

  self->updating = TRUE;
  g_array_set_size (self->user_ids, 0);
  g_array_append_vals (self->user_ids, ids->data, ids->len);
  gtk_string_list_splice (self->responsible_list, RESPONSIBLE_FIRST_USER, shown,
                          (const char * const *) names->pdata);
  self->updating = FALSE;
  show_filter (self);
}

/* ---- following the database ---- */

/* Another person may work at this desktop now: "mine" follows them.
 * TRUE when the columns were filtered anew. */
static gboolean
follow_actor (FcrmBoard *self)
{
  g_autoptr(FcrmUser) actor = dup_actor (self);

  if (gtk_toggle_button_get_active (self->mine_button) &&
      (actor == NULL || actor->id != self->filter.responsible_id))
    {
      self->filter.responsible_id = actor != NULL ? actor->id : 0;
      show_filter (self);
      apply_filter (self);
      return TRUE;
    }

  show_filter (self);
  return FALSE;
}

static void
fcrm_board_sync (FcrmBoard *self)
{
  update_users (self);
  if (!follow_actor (self))
    sync_columns (self);
}

static gboolean
sync_idle_cb (gpointer user_data)
{
  FcrmBoard *self = FCRM_BOARD (user_data);

  self->sync_id = 0;
  /* A hidden board catches up when shown: only what is seen costs queries. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fcrm_board_sync (self);
  else
    self->dirty = TRUE;

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmBoard *self)
{
  /* One change often comes as several commits: look once they are done. */
  if (self->sync_id == 0)
    self->sync_id = g_idle_add (sync_idle_cb, self);
}

static void
fcrm_board_map (GtkWidget *widget)
{
  FcrmBoard *self = FCRM_BOARD (widget);

  GTK_WIDGET_CLASS (fcrm_board_parent_class)->map (widget);

  follow_actor (self);
  if (self->dirty)
    {
      self->dirty = FALSE;
      crm_changed_cb (self);
    }
}

/* ---- the object ---- */

static void
fcrm_board_constructed (GObject *object)
{
  FcrmBoard *self = FCRM_BOARD (object);
  FcrmPipeline *pipeline;
  gboolean leads;

  G_OBJECT_CLASS (fcrm_board_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  pipeline = fcrm_crm_get_pipeline (self->crm, self->pipeline);
  if (pipeline == NULL)
    {
      g_critical ("Unknown pipeline “%s”", self->pipeline);
      return;
    }
  leads = pipeline->entity == FCRM_ENTITY_LEAD;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fcrm_pipeline_get_name (pipeline),
                                  -1);

  gtk_button_set_label (GTK_BUTTON (self->mine_button), leads ? _("My leads") : _("My deals"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mine_button),
                               leads ? _("Only the leads you are responsible for")
                                     : _("Only the deals you are responsible for"));

  for (guint i = 0; i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);

      if (stage->kind == FCRM_STAGE_OPEN)
        {
          GtkWidget *column = fcrm_board_column_new (self->crm, stage);

          g_signal_connect_object (column, "item-dropped", G_CALLBACK (column_item_dropped_cb), self,
                                   G_CONNECT_SWAPPED);
          gtk_box_append (self->columns_box, column);
          g_ptr_array_add (self->columns, column);
        }
      else
        {
          GtkWidget *zone = final_zone_new (self, stage, leads);

          gtk_box_append (self->finals_box, zone);
          g_hash_table_insert (self->finals, g_strdup (stage->code), zone);
        }
    }

  update_users (self);
  show_filter (self);

  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fcrm_board_dispose (GObject *object)
{
  FcrmBoard *self = FCRM_BOARD (object);
  GtkWidget *child;

  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->autoscroll_id != 0)
    {
      gtk_widget_remove_tick_callback (self->scroller, self->autoscroll_id);
      self->autoscroll_id = 0;
    }
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->last_toast);
  g_ptr_array_set_size (self->columns, 0);
  g_hash_table_remove_all (self->finals);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_BOARD);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_board_parent_class)->dispose (object);
}

static void
fcrm_board_finalize (GObject *object)
{
  FcrmBoard *self = FCRM_BOARD (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->finals, g_hash_table_unref);
  g_clear_pointer (&self->user_ids, g_array_unref);
  g_clear_pointer (&self->pipeline, g_free);

  G_OBJECT_CLASS (fcrm_board_parent_class)->finalize (object);
}

static void
fcrm_board_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcrmBoard *self = FCRM_BOARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_PIPELINE:
      g_value_set_string (value, self->pipeline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_board_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcrmBoard *self = FCRM_BOARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_PIPELINE:
      self->pipeline = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_board_class_init (FcrmBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_board_constructed;
  object_class->dispose = fcrm_board_dispose;
  object_class->finalize = fcrm_board_finalize;
  object_class->get_property = fcrm_board_get_property;
  object_class->set_property = fcrm_board_set_property;

  widget_class->map = fcrm_board_map;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPELINE] =
    g_param_spec_string ("pipeline", NULL, NULL,
                         "lead",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-board.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, all_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, mine_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, responsible_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, responsible_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, source_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, columns_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, finals_box);
  gtk_widget_class_bind_template_callback (widget_class, mine_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, responsible_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  /**
   * FcrmBoard|board.move-item:
   * @id: the lead or deal, of this board's pipeline
   * @stage: the code of a stage of this board
   *
   * Moves the item as a drop on that stage's column or final target does:
   * conversion, junk and lost dialogs, a win, or a move with Undo.
   */
  gtk_widget_class_install_action (widget_class, "board.move-item", "(xs)", move_item_action);

  gtk_widget_class_set_css_name (widget_class, "fcrm-board");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fcrm_board_init (FcrmBoard *self)
{
  GtkEventController *controller;
  GtkShortcutController *shortcuts;

  self->columns = g_ptr_array_new ();
  self->finals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filter.sort = FCRM_BOARD_SORT_STAGE_ENTERED;

  g_type_ensure (FCRM_TYPE_BOARD_COLUMN);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating = TRUE;
  gtk_string_list_append (self->responsible_list, _("Any responsible"));
  gtk_string_list_append (self->responsible_list, _("Unassigned"));
  gtk_string_list_append (self->source_list, _("Any source"));
  for (guint i = 0; i < G_N_ELEMENTS (source_codes); i++)
    gtk_string_list_append (self->source_list, fcrm_source_display_name (source_codes[i]));
  self->updating = FALSE;

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

  controller = gtk_drop_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (drag_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (drag_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_drop_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (scroll_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (scroll_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (scroll_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->scroller, controller);
}

GtkWidget *
fcrm_board_new (FcrmCrm    *crm,
                const char *pipeline)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (pipeline != NULL, NULL);

  return g_object_new (FCRM_TYPE_BOARD,
                       "crm", crm,
                       "pipeline", pipeline,
                       NULL);
}

const char *
fcrm_board_get_pipeline (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  return self->pipeline;
}

guint
fcrm_board_get_n_columns (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), 0);

  return self->columns->len;
}

FcrmBoardColumn *
fcrm_board_get_column (FcrmBoard *self,
                       guint      position)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  if (position >= self->columns->len)
    return NULL;

  return g_ptr_array_index (self->columns, position);
}

FcrmBoardColumn *
fcrm_board_get_column_for_stage (FcrmBoard  *self,
                                 const char *code)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < self->columns->len; i++)
    {
      FcrmBoardColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (fcrm_board_column_get_stage (column)->code, code) == 0)
        return column;
    }

  return NULL;
}

GtkWidget *
fcrm_board_get_final_target (FcrmBoard  *self,
                             const char *code)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->finals, code);
}

gboolean
fcrm_board_is_populated (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);

  for (guint i = 0; i < self->columns->len; i++)
    {
      FcrmBoardColumn *column = g_ptr_array_index (self->columns, i);

      if (!fcrm_board_column_is_empty (column) &&
          fcrm_board_column_get_n_bound (column) == 0)
        return FALSE;
    }

  return TRUE;
}

void
fcrm_board_reload (FcrmBoard *self)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  g_clear_handle_id (&self->sync_id, g_source_remove);
  self->dirty = FALSE;
  fcrm_board_sync (self);
}

void
fcrm_board_get_filter (FcrmBoard       *self,
                       FcrmBoardFilter *out_filter)
{
  g_return_if_fail (FCRM_IS_BOARD (self));
  g_return_if_fail (out_filter != NULL);

  *out_filter = self->filter;
}

void
fcrm_board_set_filter (FcrmBoard             *self,
                       const FcrmBoardFilter *filter)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  self->filter.responsible_id = filter != NULL ? filter->responsible_id : 0;
  self->filter.sort = filter != NULL ? filter->sort : FCRM_BOARD_SORT_STAGE_ENTERED;
  self->filter.source = NULL;
  for (guint i = 0; filter != NULL && i < G_N_ELEMENTS (source_codes); i++)
    if (g_strcmp0 (filter->source, source_codes[i]) == 0)
      self->filter.source = source_codes[i];

  /* A person not offered yet (say, inactive) is added to the list first. */
  update_users (self);
  show_filter (self);
  read_filter (self);
  apply_filter (self);
}

void
fcrm_board_set_mine (FcrmBoard *self,
                     gboolean   mine)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  gtk_toggle_button_set_active (mine ? self->mine_button : self->all_button, TRUE);
}

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
