#define G_LOG_DOMAIN "fcrm-card-row"

#include <glib/gi18n.h>

#include "fcrm-card-row.h"
#include "fcrm-money.h"

/* Days in one stage after which a card asks for attention (SPEC §4). */
#define STALE_AFTER_DAYS 3

struct _FcrmCardRow
{
  GtkWidget  parent_instance;

  FcrmItem  *item;
  FcrmClock *clock;

  GtkWidget *card;
  GtkLabel  *title_label;
  GtkWidget *returning_badge;
  GtkLabel  *handover_badge;
  GtkLabel  *compact_budget_label;
  GtkWidget *meta_box;
  GtkLabel  *client_label;
  GtkLabel  *budget_label;
  GtkLabel  *responsible_label;
  GtkLabel  *days_label;
  GtkLabel  *next_task_label;
  GtkWidget *menu_button;

  GMenuModel *menu_model;
  GtkWidget  *popover;    /* the actions menu, built when first opened */

  gboolean   compact;     /* one line: title and amount */
  double     drag_x;      /* where the pointer took the card */
  double     drag_y;
};

G_DEFINE_FINAL_TYPE (FcrmCardRow, fcrm_card_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_days (gint64 days)
{
  int n = (int) CLAMP (days, 0, G_MAXINT);

  if (n == 0)
    return g_strdup (_("Entered the stage today"));

  return g_strdup_printf (ngettext ("%d day in stage", "%d days in stage", n), n);
}

static void
set_label_visible (GtkLabel   *label,
                   GtkWidget  *container,
                   const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (container, has_text);
}

static gboolean
next_task_overdue (FcrmItem  *item,
                   FcrmClock *clock)
{
  gint64 now;
  g_autoptr(GDateTime) due = NULL;

  if (item == NULL || clock == NULL || item->next_task_due == 0 || item->next_task_title == NULL)
    return FALSE;

  now = fcrm_clock_now (clock);
  due = g_date_time_new_from_unix_local (item->next_task_due);
  if (due == NULL)
    return FALSE;

  /* The item does not say whether the due is a day or a moment; days are
   * stored as local midnight. Such a task is due all that day, overdue
   * only from the next one. */
  if (g_date_time_get_hour (due) == 0 && g_date_time_get_minute (due) == 0 &&
      g_date_time_get_second (due) == 0)
    {
      g_autoptr(GDateTime) next_day = g_date_time_add_days (due, 1);

      return next_day != NULL && g_date_time_to_unix (next_day) <= now;
    }

  return item->next_task_due < now;
}

/* Compact: the title and the amount on one line; the client, responsible,
 * days and next task only in the full card (and its accessible name). */
static void
apply_density (FcrmCardRow *self)
{
  gboolean shown = self->item != NULL && !fcrm_item_is_loading (self->item);

  gtk_widget_set_visible (GTK_WIDGET (self->compact_budget_label), self->compact && shown);
  gtk_widget_set_visible (self->meta_box, !self->compact);
  gtk_widget_set_visible (GTK_WIDGET (self->days_label), !self->compact);
  /* a long title takes two lines in the full card, one in the dense one */
  gtk_label_set_lines (self->title_label, self->compact ? 1 : 2);
  if (self->compact)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->client_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->next_task_label), FALSE);
      gtk_widget_add_css_class (self->card, "card-compact");
    }
  else
    {
      gtk_widget_remove_css_class (self->card, "card-compact");
    }
  if (shown)
    gtk_label_set_text (self->compact_budget_label, gtk_label_get_text (self->budget_label));
}

/* "from Design" on a deal handed over from another pipeline. */
static void
update_handover_badge (FcrmCardRow *self)
{
  const char *from = self->item->handed_over_from;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->handover_badge), from != NULL);
  if (from == NULL)
    return;

  if (g_strcmp0 (from, "design") == 0)
    {
      /* TRANSLATORS: badge on a Manufacturing card handed over by the Design pipeline */
      text = g_strdup (C_("badge", "from Design"));
      tooltip = g_strdup (_("Handed over from the Design pipeline"));
    }
  else
    {
      /* TRANSLATORS: badge on a card handed over by another pipeline */
      text = g_strdup (C_("badge", "handed over"));
      tooltip = g_strdup (_("Handed over from another pipeline"));
    }
  gtk_label_set_text (self->handover_badge, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->handover_badge), tooltip);
}

static void
fcrm_card_row_update (FcrmCardRow *self)
{
  FcrmItem *item = self->item;
  g_autofree char *budget = NULL;
  g_autofree char *days = NULL;
  g_autofree char *accessible = NULL;
  const char *client;
  const char *responsible;
  gboolean stale;

  /* A row whose page is on its way: a dim skeleton of a card. */
  if (item != NULL && fcrm_item_is_loading (item))
    gtk_widget_add_css_class (GTK_WIDGET (self), "card-loading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "card-loading");

  if (item == NULL || fcrm_item_is_loading (item))
    {
      gtk_label_set_text (self->title_label, "");
      set_label_visible (self->client_label, GTK_WIDGET (self->client_label), NULL);
      gtk_label_set_text (self->budget_label, "");
      gtk_label_set_text (self->responsible_label, "");
      gtk_label_set_text (self->days_label, "");
      set_label_visible (self->next_task_label, GTK_WIDGET (self->next_task_label), NULL);
      gtk_widget_set_visible (self->returning_badge, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->handover_badge), FALSE);
      /* a recycled row must not go on naming the card it showed, nor be
       * a focusable nothing */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Card loading…"),
                                      -1);
      apply_density (self);
      return;
    }

  gtk_label_set_text (self->title_label, item->title ? item->title : "");
  gtk_widget_set_visible (self->returning_badge, item->returning);
  update_handover_badge (self);

  client = fcrm_item_get_client (item);
  set_label_visible (self->client_label, GTK_WIDGET (self->client_label), client);

  if (item->budget > 0)
    {
      budget = fcrm_money_format_display (item->budget);
      gtk_label_set_text (self->budget_label, budget);
      gtk_widget_remove_css_class (GTK_WIDGET (self->budget_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->budget_label, _("No budget"));
      gtk_widget_add_css_class (GTK_WIDGET (self->budget_label), "dim-label");
    }

  responsible = item->responsible_name && *item->responsible_name
                ? item->responsible_name
                : _("Unassigned");
  gtk_label_set_text (self->responsible_label, responsible);

  days = format_days (item->days_in_stage);
  gtk_label_set_text (self->days_label, days);
  stale = item->days_in_stage > STALE_AFTER_DAYS;
  /* Dimming would wash out the warning colour, so swap the classes. */
  if (stale)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->days_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->days_label), "card-stale");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->days_label), "card-stale");
      gtk_widget_add_css_class (GTK_WIDGET (self->days_label), "dim-label");
    }

  set_label_visible (self->next_task_label, GTK_WIDGET (self->next_task_label), item->next_task_title);
  if (next_task_overdue (item, self->clock))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->next_task_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->next_task_label), "card-overdue");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->next_task_label), "card-overdue");
      gtk_widget_add_css_class (GTK_WIDGET (self->next_task_label), "dim-label");
    }

  /* One sentence for screen readers and accessibility-driven tests. */
  accessible = g_strjoin (", ",
                          item->title ? item->title : "",
                          client && *client ? client : _("No client"),
                          budget ? budget : _("No budget"),
                          responsible,
                          days,
                          /* the badge, when there is one, last */
                          gtk_widget_get_visible (GTK_WIDGET (self->handover_badge))
                            ? gtk_label_get_text (self->handover_badge) : NULL,
                          NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  apply_density (self);
}

/* Drag and drop carries the model object itself (as GNOME Calendar does
 * with its events): a drop target of FCRM_TYPE_ITEM receives the FcrmItem. */
static GdkContentProvider *
drag_prepare_cb (FcrmCardRow   *self,
                 double         x,
                 double         y,
                 GtkDragSource *source)
{
  if (self->item == NULL || fcrm_item_is_loading (self->item))
    return NULL;

  self->drag_x = x;
  self->drag_y = y;

  return gdk_content_provider_new_typed (FCRM_TYPE_ITEM, self->item);
}

static void
drag_begin_cb (FcrmCardRow   *self,
               GdkDrag       *drag,
               GtkDragSource *source)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (self->card);
  /* A snapshot, not a live view: the row may be recycled under the pointer. */
  g_autoptr(GdkPaintable) icon = gdk_paintable_get_current_image (paintable);

  gtk_drag_source_set_icon (source, icon, (int) self->drag_x, (int) self->drag_y);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card-dragged");
  /* The board shows its final stages along the bottom (none outside a board). */
  gtk_widget_activate_action (GTK_WIDGET (self), "board.card-dragged", "b", TRUE);
}

static void
drag_end_cb (FcrmCardRow   *self,
             GdkDrag       *drag,
             gboolean       delete_data,
             GtkDragSource *source)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "card-dragged");
  gtk_widget_activate_action (GTK_WIDGET (self), "board.card-dragged", "b", FALSE);
}

/* ---- the actions menu ---- */

static void
popover_closed_cb (FcrmCardRow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "menu-open");
}

/* Pop the menu up pointing at @rect (in the card's coordinates): with an
 * arrow under the ⋮ button, as a plain context menu at the pointer. */
static gboolean
popup_menu_at (FcrmCardRow        *self,
               const GdkRectangle *rect,
               gboolean            from_button)
{
  if (self->item == NULL || fcrm_item_is_loading (self->item) || self->menu_model == NULL)
    return FALSE;

  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (self->menu_model);
      gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      g_signal_connect_object (self->popover, "closed", G_CALLBACK (popover_closed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), from_button);
  gtk_widget_set_halign (self->popover, from_button ? GTK_ALIGN_FILL : GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), rect);
  /* The ⋮ button stays shown while its menu is open. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "menu-open");
  gtk_popover_popup (GTK_POPOVER (self->popover));

  return TRUE;
}

static gboolean
popup_menu_at_button (FcrmCardRow *self)
{
  graphene_rect_t bounds;
  GdkRectangle rect;

  if (!gtk_widget_compute_bounds (self->menu_button, GTK_WIDGET (self), &bounds))
    {
      /* Not drawn yet: the card's top corner, where the button goes. */
      int width = gtk_widget_get_width (GTK_WIDGET (self));

      graphene_rect_init (&bounds,
                          gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? 0 : MAX (width - 1, 0),
                          0, 1, 1);
    }

  rect = (GdkRectangle) {
    .x = (int) bounds.origin.x,
    .y = (int) bounds.origin.y,
    .width = MAX ((int) bounds.size.width, 1),
    .height = MAX ((int) bounds.size.height, 1),
  };

  return popup_menu_at (self, &rect, TRUE);
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  popup_menu_at_button (FCRM_CARD_ROW (widget));
}

static void
context_pressed_cb (FcrmCardRow     *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (popup_menu_at (self, &rect, FALSE))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWidget *row = gtk_widget_get_parent (widget);

  /* The list's row opens its item as Enter and a double-click do (its
   * activate signal runs the list view's "activate"). */
  if (row != NULL && !gtk_widget_activate (row))
    g_debug ("The card is not in a list: nothing opens it");
}

static void
move_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcrmCardRow *self = FCRM_CARD_ROW (widget);

  if (self->item == NULL || fcrm_item_is_loading (self->item))
    return;

  /* The board moves cards: the same way as a drop on that stage. */
  if (!gtk_widget_activate_action (widget, "board.move-item", "(xs)",
                                   self->item->id, g_variant_get_string (parameter, NULL)))
    g_debug ("The card is not on a board: it cannot move");
}

/* ---- layout: the card, and the menu that hangs off it ---- */

static void
fcrm_card_row_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  FcrmCardRow *self = FCRM_CARD_ROW (widget);

  gtk_widget_measure (self->card, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
fcrm_card_row_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FcrmCardRow *self = FCRM_CARD_ROW (widget);

  gtk_widget_allocate (self->card, width, height, baseline, NULL);
  /* A popover follows its card when the card moves or changes size. */
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
fcrm_card_row_dispose (GObject *object)
{
  FcrmCardRow *self = FCRM_CARD_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CARD_ROW);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->popover = NULL;
  g_clear_object (&self->item);
  g_clear_object (&self->clock);
  g_clear_object (&self->menu_model);

  G_OBJECT_CLASS (fcrm_card_row_parent_class)->dispose (object);
}

static void
fcrm_card_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcrmCardRow *self = FCRM_CARD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_card_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcrmCardRow *self = FCRM_CARD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      fcrm_card_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_card_row_class_init (FcrmCardRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_card_row_dispose;
  object_class->get_property = fcrm_card_row_get_property;
  object_class->set_property = fcrm_card_row_set_property;

  widget_class->measure = fcrm_card_row_measure;
  widget_class->size_allocate = fcrm_card_row_size_allocate;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         FCRM_TYPE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-card-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, card);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, returning_badge);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, handover_badge);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, compact_budget_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, client_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, budget_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, responsible_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, days_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, next_task_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmCardRow, menu_button);

  /**
   * FcrmCardRow|card.open:
   *
   * Opens the card's lead or deal, as Enter or a double-click on it do.
   */
  gtk_widget_class_install_action (widget_class, "card.open", NULL, open_action);
  /**
   * FcrmCardRow|card.move-to:
   * @stage: the code of the stage to move to
   *
   * Moves the card as a drop on that stage's column or final target does
   * (activates the board's "board.move-item").
   */
  gtk_widget_class_install_action (widget_class, "card.move-to", "s", move_to_action);
  /**
   * FcrmCardRow|card.show-menu:
   *
   * Pops up the card's actions menu under its ⋮ button.
   */
  gtk_widget_class_install_action (widget_class, "card.show-menu", NULL, show_menu_action);

  gtk_widget_class_set_css_name (widget_class, "fcrm-card-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The labels' tooltips (the full title, the responsible person, the next
 * task) are made when asked for: setting a widget's tooltip text asks the
 * display where the pointer is (a round trip to the X server), and a board
 * binds hundreds of rows. */
static gboolean
label_query_tooltip_cb (GtkWidget   *label,
                        int          x,
                        int          y,
                        gboolean     keyboard,
                        GtkTooltip  *tooltip,
                        FcrmCardRow *self)
{
  FcrmItem *item = self->item;
  g_autofree char *text = NULL;

  if (item == NULL || fcrm_item_is_loading (item))
    return FALSE;

  if (label == GTK_WIDGET (self->title_label))
    /* Titles are often longer than a column: the full text on hover. */
    text = g_strdup (item->title);
  else if (label == GTK_WIDGET (self->responsible_label))
    text = g_strdup (item->responsible_name && *item->responsible_name ? item->responsible_name : _("Unassigned"));
  else if (label == GTK_WIDGET (self->next_task_label) && item->next_task_title != NULL)
    text = next_task_overdue (item, self->clock) ? g_strdup_printf (_("Overdue: %s"), item->next_task_title)
                                                  : g_strdup (item->next_task_title);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
fcrm_card_row_init (FcrmCardRow *self)
{
  GtkDragSource *source;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* hidden while the template set its tooltip (see label_query_tooltip_cb) */
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  {
    GtkWidget *labels[] = { GTK_WIDGET (self->title_label), GTK_WIDGET (self->responsible_label),
                            GTK_WIDGET (self->next_task_label) };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        gtk_widget_set_has_tooltip (labels[i], TRUE);
        g_signal_connect_object (labels[i], "query-tooltip", G_CALLBACK (label_query_tooltip_cb), self, 0);
      }
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.move-to", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.show-menu", FALSE);

  /* A right-click opens the actions menu where the pointer is. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (context_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

GtkWidget *
fcrm_card_row_new (void)
{
  return g_object_new (FCRM_TYPE_CARD_ROW, NULL);
}

FcrmItem *
fcrm_card_row_get_item (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), NULL);

  return self->item;
}

void
fcrm_card_row_set_item (FcrmCardRow *self,
                        FcrmItem    *item)
{
  gboolean live;

  g_return_if_fail (FCRM_IS_CARD_ROW (self));
  g_return_if_fail (item == NULL || FCRM_IS_ITEM (item));

  /* The list recycles cards: a menu opened for one item must not act on
   * the next one. */
  if (self->popover != NULL && gtk_widget_get_visible (self->popover) &&
      (item == NULL || self->item == NULL || item->id != self->item->id))
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  if (!g_set_object (&self->item, item))
    return;

  /* A placeholder (its page still on its way) has nothing to act on. */
  live = item != NULL && !fcrm_item_is_loading (item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.open", live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.move-to", live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.show-menu",
                                 live && self->menu_model != NULL);
  gtk_widget_set_visible (self->menu_button, self->menu_model != NULL && (item == NULL || live));
  fcrm_card_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
fcrm_card_row_set_menu_model (FcrmCardRow *self,
                              GMenuModel  *menu_model)
{
  gboolean live;

  g_return_if_fail (FCRM_IS_CARD_ROW (self));
  g_return_if_fail (menu_model == NULL || G_IS_MENU_MODEL (menu_model));

  if (!g_set_object (&self->menu_model, menu_model))
    return;

  if (self->popover != NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), menu_model);
    }
  live = self->item != NULL && !fcrm_item_is_loading (self->item);
  gtk_widget_set_visible (self->menu_button, menu_model != NULL && (self->item == NULL || live));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.show-menu",
                                 live && menu_model != NULL);
}

GMenuModel *
fcrm_card_row_get_menu_model (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), NULL);

  return self->menu_model;
}

gboolean
fcrm_card_row_popup_menu (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), FALSE);

  return popup_menu_at_button (self);
}

GtkPopover *
fcrm_card_row_get_menu (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), NULL);

  return self->popover != NULL ? GTK_POPOVER (self->popover) : NULL;
}

void
fcrm_card_row_set_clock (FcrmCardRow *self,
                         FcrmClock   *clock)
{
  g_return_if_fail (FCRM_IS_CARD_ROW (self));
  g_return_if_fail (clock == NULL || FCRM_IS_CLOCK (clock));

  if (g_set_object (&self->clock, clock))
    fcrm_card_row_update (self);
}

gboolean
fcrm_card_row_is_overdue (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), FALSE);

  return next_task_overdue (self->item, self->clock);
}

gboolean
fcrm_card_row_is_stale (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), FALSE);

  return self->item != NULL && self->item->days_in_stage > STALE_AFTER_DAYS;
}

void
fcrm_card_row_set_compact (FcrmCardRow *self,
                           gboolean     compact)
{
  g_return_if_fail (FCRM_IS_CARD_ROW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  /* the full card shows again what compact mode hid */
  fcrm_card_row_update (self);
}

gboolean
fcrm_card_row_get_compact (FcrmCardRow *self)
{
  g_return_val_if_fail (FCRM_IS_CARD_ROW (self), FALSE);

  return self->compact;
}
