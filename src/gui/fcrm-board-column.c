#define G_LOG_DOMAIN "fcrm-board-column"

#include <glib/gi18n.h>

#include "fcrm-board-column.h"
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

struct _FcrmBoardColumn
{
  GtkWidget          parent_instance;

  FcrmCrm           *crm;
  FcrmStage         *stage;
  FcrmBoardModel    *model;
  GtkSliceListModel *slice;     /* what the list sees: the first cards */
  guint              n_cards;
  guint              n_bound;
  guint              grow_id;

  GtkLabel          *name_label;
  GtkLabel          *count_label;
  GtkLabel          *sum_label;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkLabel          *empty_label;
};

G_DEFINE_FINAL_TYPE (FcrmBoardColumn, fcrm_board_column, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  /* %' groups digits the way the user's locale does. */
  count_text = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  sum_text = fcrm_money_format_display (sum);
  gtk_label_set_text (self->count_label, count_text);
  gtk_label_set_text (self->sum_label, sum_text);

  if (leads)
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

  gtk_stack_set_visible_child_name (self->stack, count > 0 ? "list" : "empty");
}

static void
model_items_changed_cb (FcrmBoardColumn *self,
                        guint            position,
                        guint            removed,
                        guint            added,
                        GListModel      *model)
{
  fcrm_board_column_update_header (self);
}

static void
model_notify_cb (FcrmBoardColumn *self,
                 GParamSpec      *pspec,
                 GObject         *model)
{
  fcrm_board_column_update_header (self);
}

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FcrmBoardColumn          *self)
{
  GtkWidget *row = fcrm_card_row_new ();

  fcrm_card_row_set_clock (FCRM_CARD_ROW (row), fcrm_crm_get_clock (self->crm));
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

  fcrm_card_row_set_item (row, gtk_list_item_get_item (list_item));
  self->n_bound++;
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                FcrmBoardColumn          *self)
{
  FcrmCardRow *row = FCRM_CARD_ROW (gtk_list_item_get_child (list_item));

  fcrm_card_row_set_item (row, NULL);
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

  if (item == NULL)
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

static gboolean
grow_cb (gpointer user_data)
{
  FcrmBoardColumn *self = user_data;
  guint shown = gtk_slice_list_model_get_size (self->slice);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  self->grow_id = 0;

  if (shown < total && near_the_end (self))
    gtk_slice_list_model_set_size (self->slice, MIN ((guint64) shown + MORE_CARDS, G_MAXUINT));

  return G_SOURCE_REMOVE;
}

static void
adjustment_changed_cb (FcrmBoardColumn *self)
{
  /* Adjustments change during size allocation, when the model must not;
   * look again once the frame is done. */
  if (self->grow_id == 0 &&
      gtk_slice_list_model_get_size (self->slice) < g_list_model_get_n_items (G_LIST_MODEL (self->model)) &&
      near_the_end (self))
    self->grow_id = g_idle_add (grow_cb, self);
}

static void
fcrm_board_column_constructed (GObject *object)
{
  FcrmBoardColumn *self = FCRM_BOARD_COLUMN (object);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;
  GtkAdjustment *adjustment;
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

  self->model = fcrm_board_model_new (self->crm, self->stage->code);
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

  g_clear_handle_id (&self->grow_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_BOARD_COLUMN);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->slice);
  g_clear_object (&self->model);
  g_clear_object (&self->stage);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_board_column_parent_class)->dispose (object);
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

static void
fcrm_board_column_class_init (FcrmBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_board_column_constructed;
  object_class->dispose = fcrm_board_column_dispose;
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

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-board-column.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmBoardColumn, name_label);
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
  g_return_if_fail (FCRM_IS_BOARD_COLUMN (self));

  fcrm_board_model_refresh (self->model);
  /* refresh emits items-changed only when rows changed; counts may not have. */
  fcrm_board_column_update_header (self);
}
