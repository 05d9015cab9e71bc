#define G_LOG_DOMAIN "fcrm-board-column"

#include <glib/gi18n.h>

#include "fcrm-board-column-private.h"
#include "fcrm-card-row.h"
#include "fcrm-item-card.h"
#include "fcrm-money.h"

/* GTK 4.8's list view keeps up to ~200 row widgets around its anchor, however
 * few are visible: a 40 000-card column would build 200 cards before its
 * first frame. The list therefore sees a growing window of the column —
 * enough cards to fill a tall screen, then more as the person scrolls
 * towards the end. Rows stay virtualised; start-up stays flat (SPEC §7). */
#define INITIAL_CARDS 8
#define MORE_CARDS    20
/* How far down a column a card is looked for to give it the focus. */
#define FOCUS_SEARCH_LIMIT 500
/* Frames to wait for a card to be drawn before giving up focusing it. */
#define FOCUS_TRIES 10


G_DEFINE_FINAL_TYPE (FcrmBoardColumn, fcrm_board_column, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
stage_holds_leads (FcrmBoardColumn *self)
{
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, self->stage->pipeline);

  if (pipeline != NULL)
    return pipeline->entity == FCRM_ENTITY_LEAD;

  return g_strcmp0 (self->stage->pipeline, "lead") == 0;
}

static void
fcrm_board_column_update_header (FcrmBoardColumn *self)
{
  gint64 count = fcrm_board_model_get_count (self->model);
  gint64 sum = fcrm_board_model_get_sum (self->model);
  g_autofree char *count_text = NULL;
  g_autofree char *sum_text = NULL;
  g_autofree char *accessible = NULL;
  gboolean leads = stage_holds_leads (self);
  gboolean loading = fcrm_board_model_is_loading (self->model);

  /* Until the first answer the count is unknown: a spinner, not a zero. */
  gtk_spinner_set_spinning (self->spinner, loading && count == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading && count == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), !loading || count > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->sum_label), !loading || count > 0);

  /* %' groups digits the way the user's locale does. */
  count_text = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  sum_text = fcrm_money_format_display (sum);
  gtk_label_set_text (self->count_label, count_text);
  gtk_label_set_text (self->sum_label, sum_text);

  /* nothing known yet: the column is named by its stage alone */
  if (loading && count == 0)
    accessible = g_strdup (fcrm_stage_get_name (self->stage));
  else if (leads)
    accessible = g_strdup_printf (ngettext ("%s: %s lead, budget %s",
                                            "%s: %s leads, budget %s",
                                            (gulong) MIN (count, G_MAXLONG)),
                                  fcrm_stage_get_name (self->stage), count_text, sum_text);
  else
    accessible = g_strdup_printf (ngettext ("%s: %s deal, budget %s",
                                            "%s: %s deals, budget %s",
                                            (gulong) MIN (count, G_MAXLONG)),
                                  fcrm_stage_get_name (self->stage), count_text, sum_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  gtk_stack_set_visible_child_name (self->stack, count > 0 || loading ? "list" : "empty");
}

static void adjustment_changed_cb (FcrmBoardColumn *self);

static void
model_items_changed_cb (FcrmBoardColumn *self,
                        guint            position,
                        guint            removed,
                        guint            added,
                        GListModel      *model)
{
  fcrm_board_column_update_header (self);
  /* a next page is in: the person may be waiting at the end of the list */
  adjustment_changed_cb (self);
}

static void
model_notify_cb (FcrmBoardColumn *self,
                 GParamSpec      *pspec,
                 GObject         *model)
{
  fcrm_board_column_update_header (self);
}

static void
model_loading_cb (FcrmBoardColumn *self,
                  GParamSpec      *pspec,
                  GObject         *model)
{
  fcrm_board_column_update_header (self);
  /* A reload is in: put the scroll offset back in case the new rows
   * measure differently (the list keeps its anchor by position). */
  if (!fcrm_board_model_is_loading (self->model) && self->restore_value > 0)
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), self->restore_value);
      self->restore_value = 0;
    }
  if (!fcrm_board_model_is_loading (self->model) && self->pending_focus_id > 0)
    {
      gint64 id = self->pending_focus_id;

      self->pending_focus_id = 0;
      fcrm_board_column_focus_item (self, id);
    }
}

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FcrmBoardColumn          *self)
{
  GtkWidget *row = fcrm_card_row_new ();

  fcrm_card_row_set_clock (FCRM_CARD_ROW (row), fcrm_crm_get_clock (self->crm));
  fcrm_card_row_set_menu_model (FCRM_CARD_ROW (row), G_MENU_MODEL (self->menu));
  fcrm_card_row_set_compact (FCRM_CARD_ROW (row), self->compact);
  gtk_list_item_set_child (list_item, row);
  /* Double-click or Enter opens the card (the list's "activate"). */
  gtk_list_item_set_activatable (list_item, TRUE);
  self->n_cards++;
}

static void
teardown_card_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  FcrmBoardColumn          *self)
{
  g_return_if_fail (self->n_cards > 0);
  self->n_cards--;
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FcrmBoardColumn          *self)
{
  FcrmCardRow *row = FCRM_CARD_ROW (gtk_list_item_get_child (list_item));
  FcrmItem *item = gtk_list_item_get_item (list_item);

  fcrm_card_row_set_item (row, item);
  /* A row whose page is still on its way opens nothing. */
  gtk_list_item_set_activatable (list_item, item != NULL && !fcrm_item_is_loading (item));
  g_hash_table_add (self->bound, list_item);
  self->n_bound++;
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                FcrmBoardColumn          *self)
{
  FcrmCardRow *row = FCRM_CARD_ROW (gtk_list_item_get_child (list_item));

  fcrm_card_row_set_item (row, NULL);
  g_hash_table_remove (self->bound, list_item);
  g_return_if_fail (self->n_bound > 0);
  self->n_bound--;
}

static void
list_activate_cb (FcrmBoardColumn *self,
                  guint            position,
                  GtkListView     *list_view)
{
  g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (self->slice), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (item == NULL || fcrm_item_is_loading (item))
    return;

  fcrm_item_card_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                          self->crm, item->type, item->id);
}

static gboolean
near_the_end (FcrmBoardColumn *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  /* Not allocated yet: nothing is known about what fits. */
  if (page <= 0)
    return FALSE;

  /* Less than one more screenful below: time to show more. */
  return value + 2 * page >= upper;
}

/* The list can show more: cards read but not offered yet, or a next page to read. */
static gboolean
can_grow (FcrmBoardColumn *self)
{
  return gtk_slice_list_model_get_size (self->slice) < g_list_model_get_n_items (G_LIST_MODEL (self->model)) ||
         fcrm_board_model_has_more (self->model);
}

static gboolean
grow_cb (gpointer user_data)
{
  FcrmBoardColumn *self = user_data;
  guint shown = gtk_slice_list_model_get_size (self->slice);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  self->grow_id = 0;

  if (!near_the_end (self))
    return G_SOURCE_REMOVE;
  if (shown < total)
    gtk_slice_list_model_set_size (self->slice, MIN ((guint64) shown + MORE_CARDS, G_MAXUINT));
  /* the cards read so far are nearly all offered: read the next page (after
   * the last card read); the list grows again when it is in */
  if ((guint64) shown + 2 * MORE_CARDS >= total)
    fcrm_board_model_load_more (self->model);

  return G_SOURCE_REMOVE;
}

static void
adjustment_changed_cb (FcrmBoardColumn *self)
{
  /* Adjustments change during size allocation, when the model must not;
   * look again once the frame is done. */
  if (self->grow_id == 0 && can_grow (self) && near_the_end (self))
    self->grow_id = g_idle_add (grow_cb, self);
}

/* Whether @item may be dropped here: a card of this pipeline from another column. */
static gboolean
accepts_item (FcrmBoardColumn *self,
              FcrmItem        *item)
{
  return item != NULL &&
         g_strcmp0 (item->pipeline, self->stage->pipeline) == 0 &&
         g_strcmp0 (item->stage, self->stage->code) != 0;
}

static GdkDragAction
drop_motion_cb (GtkDropTarget   *target,
                double           x,
                double           y,
                FcrmBoardColumn *self)
{
  const GValue *value = gtk_drop_target_get_value (target);

  /* The value is preloaded (a local object, nothing to transfer); until it
   * has arrived, assume a card from elsewhere. Its own column is no target. */
  if (value != NULL && G_VALUE_HOLDS (value, FCRM_TYPE_ITEM) &&
      !accepts_item (self, g_value_get_object (value)))
    return 0;

  return GDK_ACTION_MOVE;
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         FcrmBoardColumn *self)
{
  if (!G_VALUE_HOLDS (value, FCRM_TYPE_ITEM))
    return FALSE;

  return fcrm_board_column_drop_item (self, g_value_get_object (value));
}

/* Menu labels take "_" for a mnemonic: a stage name shows it as written. */
static char *
escape_underlines (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/* "Open", then "Move to" every other stage of the pipeline in its order,
 * final stages included: the keyboard's and the discoverable way to do
 * what a drop does. One menu serves every card of the column: they all
 * stand in its stage. */
static GMenu *
build_menu (FcrmBoardColumn *self)
{
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, self->stage->pipeline);
  gboolean rtl = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL;
  gboolean leads = stage_holds_leads (self);
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenuItem) open = NULL;
  GMenu *menu = g_menu_new ();
  FcrmStage *previous = NULL;   /* the open stages Ctrl+← and Ctrl+→ reach */
  FcrmStage *next = NULL;
  guint own = G_MAXUINT;

  /* No "accel" shown for Enter: GTK names the key "Return", untranslated. */
  open = g_menu_item_new (_("_Open"), "card.open");
  g_menu_append_item (menu, open);

  for (guint i = 0; pipeline != NULL && i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);

      if (g_strcmp0 (stage->code, self->stage->code) == 0)
        own = i;
      else if (stage->kind != FCRM_STAGE_OPEN)
        continue;
      else if (own == G_MAXUINT)
        previous = stage;
      else if (next == NULL)
        next = stage;
    }

  for (guint i = 0; pipeline != NULL && i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;

      if (i == own)
        continue;

      name = escape_underlines (fcrm_stage_get_name (stage));
      /* Conversions, junk and losses ask first: "…" says a dialog follows. */
      if (stage->kind == FCRM_STAGE_FAILURE || (leads && stage->kind == FCRM_STAGE_SUCCESS))
        /* TRANSLATORS: a card's menu item that opens a dialog, as in "Lost…" */
        label = g_strdup_printf (_("%s…"), name);
      else
        label = g_steal_pointer (&name);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "card.move-to", g_variant_new_string (stage->code));
      /* "Next" is to the right only in left-to-right languages. */
      if (stage == next)
        g_menu_item_set_attribute (item, "accel", "s", rtl ? "<Control>Left" : "<Control>Right");
      else if (stage == previous)
        g_menu_item_set_attribute (item, "accel", "s", rtl ? "<Control>Right" : "<Control>Left");
      g_menu_append_item (section, item);
    }

  /* TRANSLATORS: heading of the stages in a card's menu on a board */
  g_menu_append_section (menu, _("Move to"), G_MENU_MODEL (section));

  return menu;
}

static void
fcrm_board_column_constructed (GObject *object)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (object);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;
  GtkAdjustment *adjustment;
  GtkDropTarget *target;
  const char *name;

  G_OBJECT_CLASS (fcrm_board_column_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));
  g_assert (FCRM_IS_STAGE (self->stage));

  name = fcrm_stage_get_name (self->stage);
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  gtk_label_set_text (self->empty_label,
                      stage_holds_leads (self) ? _("No leads") : _("No deals"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  self->menu = build_menu (self);
  self->model = fcrm_board_model_new_async (self->crm, self->stage->code);
  g_signal_connect_object (self->model, "notify::loading",
                           G_CALLBACK (model_loading_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (model_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::count",
                           G_CALLBACK (model_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::sum",
                           G_CALLBACK (model_notify_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_card_cb), self);

  self->slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->model)), 0, INITIAL_CARDS);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slice))));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);
  gtk_list_view_set_single_click_activate (self->list_view, FALSE);
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "changed",
                           G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Cards of other columns are dropped here; the column lights up while one
   * hovers (:drop(active) in style.css). */
  target = gtk_drop_target_new (FCRM_TYPE_ITEM, GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "enter", G_CALLBACK (drop_motion_cb), self, 0);
  g_signal_connect_object (target, "motion", G_CALLBACK (drop_motion_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  fcrm_board_column_update_header (self);
}

static void
fcrm_board_column_dispose (GObject *object)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (object);
  GtkWidget *child;

  /* The factory callbacks point at us: detach the list first. */
  if (self->list_view != NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      gtk_list_view_set_factory (self->list_view, NULL);
    }

  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  if (self->focus_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick_id);
      self->focus_tick_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_BOARD_COLUMN);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->slice);
  g_clear_object (&self->model);
  g_clear_object (&self->menu);
  g_clear_object (&self->stage);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_board_column_parent_class)->dispose (object);
}

static void
fcrm_board_column_finalize (GObject *object)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (object);

  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_free ((char *) self->filter.source);

  G_OBJECT_CLASS (fcrm_board_column_parent_class)->finalize (object);
}

static void
fcrm_board_column_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_STAGE:
      g_value_set_object (value, self->stage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_board_column_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_STAGE:
      self->stage = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- a fixed width ---- */

/* Every column is FCRM_BOARD_COLUMN_WIDTH wide, whatever its cards' titles:
 * more stages fit side by side, and long texts ellipsize or wrap. */
static void
column_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation,
                        orientation == GTK_ORIENTATION_VERTICAL ? MAX (for_size, FCRM_BOARD_COLUMN_WIDTH) : for_size,
                        minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = MAX (*minimum, FCRM_BOARD_COLUMN_WIDTH);
}

static void
column_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
fcrm_board_column_class_init (FcrmBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_board_column_constructed;
  object_class->dispose = fcrm_board_column_dispose;
  object_class->finalize = fcrm_board_column_finalize;
  object_class->get_property = fcrm_board_column_get_property;
  object_class->set_property = fcrm_board_column_set_property;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_object ("stage", NULL, NULL,
                         FCRM_TYPE_STAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcrmBoardColumn::item-dropped:
   * @column: the column
   * @item: the lead or deal dropped on it (from another column)
   *
   * Returns: TRUE when the handler took the drop (moved the item or asked
   *     the person how to)
   */
  signals[ITEM_DROPPED] =
    g_signal_new ("item-dropped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 1, FCRM_TYPE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-board-column.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, name_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, sum_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, list_view);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, empty_label);

  gtk_widget_class_set_css_name (widget_class, "fcrm-board-column");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fcrm_board_column_init (FcrmBoardColumn *self)
{
  g_type_ensure (FCRM_TYPE_CARD_ROW);
  self->bound = g_hash_table_new (NULL, NULL);
  self->filter.sort = FCRM_BOARD_SORT_STAGE_ENTERED;
  gtk_widget_set_layout_manager (GTK_WIDGET (self), gtk_custom_layout_new (NULL, column_measure, column_allocate));
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_board_column_new (FcrmCrm   *crm,
                       FcrmStage *stage)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (FCRM_IS_STAGE (stage), NULL);

  return g_object_new (FCRM_TYPE_BOARD_COLUMN,
                       "crm", crm,
                       "stage", stage,
                       NULL);
}

FcrmStage *
fcrm_board_column_get_stage (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  return self->stage;
}

FcrmBoardModel *
fcrm_board_column_get_model (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  return self->model;
}

GtkListView *
fcrm_board_column_get_list_view (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  return self->list_view;
}

const char *
fcrm_board_column_get_count_text (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  return gtk_label_get_text (self->count_label);
}

const char *
fcrm_board_column_get_sum_text (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  return gtk_label_get_text (self->sum_label);
}

gboolean
fcrm_board_column_is_empty (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}

guint
fcrm_board_column_get_n_cards (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), 0);

  return self->n_cards;
}

guint
fcrm_board_column_get_n_shown (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->slice));
}

guint
fcrm_board_column_get_n_bound (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), 0);

  return self->n_bound;
}

void
fcrm_board_column_reload (FcrmBoardColumn *self)
{
  GtkAdjustment *adjustment;
  double value;

  g_return_if_fail (FCRM_IS_BOARD_COLUMN (self));

  /* The model replaces every row; the list keeps its anchor by position, and
   * the scroll offset is put back in case the new rows measure differently. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  value = gtk_adjustment_get_value (adjustment);

  self->n_reloads++;
  /* The model answers later (model_loading_cb puts the offset back). */
  self->restore_value = value;
  fcrm_board_model_refresh (self->model);
  fcrm_board_column_update_header (self);
}

void
fcrm_board_column_set_filter (FcrmBoardColumn       *self,
                              const FcrmBoardFilter *filter)
{
  g_return_if_fail (FCRM_IS_BOARD_COLUMN (self));

  g_free ((char *) self->filter.source);
  self->filter.responsible_id = filter != NULL ? filter->responsible_id : 0;
  self->filter.source = filter != NULL ? g_strdup (filter->source) : NULL;
  self->filter.sort = filter != NULL ? filter->sort : FCRM_BOARD_SORT_STAGE_ENTERED;

  /* Another set of cards: start again from the top with a first screenful. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_slice_list_model_set_size (self->slice, INITIAL_CARDS);
  fcrm_board_model_set_filter (self->model, &self->filter);
  fcrm_board_column_update_header (self);
}

gboolean
fcrm_board_column_drop_item (FcrmBoardColumn *self,
                             FcrmItem        *item)
{
  gboolean handled = FALSE;

  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), FALSE);
  g_return_val_if_fail (FCRM_IS_ITEM (item), FALSE);

  /* Dropped back where it came from: nothing to do. */
  if (!accepts_item (self, item))
    return FALSE;

  g_signal_emit (self, signals[ITEM_DROPPED], 0, item, &handled);

  return handled;
}

static FcrmCardRow *
card_of_row (GtkWidget *row)
{
  GtkWidget *child = gtk_widget_get_first_child (row);

  return FCRM_IS_CARD_ROW (child) ? FCRM_CARD_ROW (child) : NULL;
}

FcrmCardRow *
fcrm_board_column_get_focused_card (FcrmBoardColumn *self)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *card;

  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;

  /* The list's row widget holds the focus; the card is its child. */
  card = gtk_widget_get_ancestor (focus, FCRM_TYPE_CARD_ROW);

  return card != NULL ? FCRM_CARD_ROW (card) : card_of_row (focus);
}

FcrmItem *
fcrm_board_column_get_focused_item (FcrmBoardColumn *self)
{
  FcrmCardRow *card;

  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), NULL);

  card = fcrm_board_column_get_focused_card (self);

  return card != NULL ? fcrm_card_row_get_item (card) : NULL;
}

static gboolean
try_focus (FcrmBoardColumn *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      FcrmCardRow *card = card_of_row (row);
      FcrmItem *item = card != NULL ? fcrm_card_row_get_item (card) : NULL;

      if (item != NULL && item->id == self->focus_id && gtk_widget_get_mapped (row))
        return gtk_widget_grab_focus (row);
    }

  return FALSE;
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (widget);

  if (try_focus (self) || ++self->focus_tries >= FOCUS_TRIES)
    {
      self->focus_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

gboolean
fcrm_board_column_focus_item (FcrmBoardColumn *self,
                              gint64           id)
{
  GListModel *model;
  guint n;
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), FALSE);

  /* The column is being read: look once its answer is in. */
  self->pending_focus_id = 0;
  if (fcrm_board_model_is_loading (self->model))
    {
      self->pending_focus_id = id;
      return TRUE;
    }

  model = G_LIST_MODEL (self->model);
  n = MIN (g_list_model_get_n_items (model), FOCUS_SEARCH_LIMIT);
  for (guint i = 0; i < n && position == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (model, i);

      if (item != NULL && item->id == id)
        position = i;
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  if (position >= gtk_slice_list_model_get_size (self->slice))
    gtk_slice_list_model_set_size (self->slice, position + MORE_CARDS);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);

  /* The row may exist only after the next layout. */
  self->focus_id = id;
  self->focus_tries = 0;
  if (!try_focus (self) && self->focus_tick_id == 0)
    self->focus_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);

  return TRUE;
}

/* ---- density ---- */

void
fcrm_board_column_set_compact (FcrmBoardColumn *self,
                               gboolean         compact)
{
  g_return_if_fail (FCRM_IS_BOARD_COLUMN (self));

  self->compact = !!compact;
  if (self->compact)
    gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->list_view), "compact");

  /* every row the list built, bound or kept for later */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);

      if (FCRM_IS_CARD_ROW (card))
        fcrm_card_row_set_compact (FCRM_CARD_ROW (card), self->compact);
    }
}

gboolean
fcrm_board_column_get_compact (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), FALSE);

  return self->compact;
}
