#define G_LOG_DOMAIN "fcrm-closed-list"

#include <glib/gi18n.h>

#include "fcrm-closed-list.h"
#include "fcrm-toasts.h"
#include "fcrm-crm-async.h"
#include "fcrm-money.h"

#define PAGE_SIZE 50

struct _FcrmClosedList
{
  GtkWidget         parent_instance;

  FcrmCrm          *crm;
  char             *pipeline;
  FcrmEntityType    type;
  FcrmClosedPeriod  period;
  GListStore       *store;        /* FcrmItem read so far */
  gboolean          has_more;
  gboolean          dirty;        /* the database changed while hidden */
  GCancellable     *cancellable;  /* the page being read */
  AdwToast         *last_toast;

  /* template */
  GtkLabel         *heading_label;
  GtkDropDown      *period_dropdown;
  GtkStack         *stack;
  GtkWidget        *scroller;
  GtkListView      *list_view;
};

G_DEFINE_FINAL_TYPE (FcrmClosedList, fcrm_closed_list, GTK_TYPE_WIDGET)

/* ---- reading ---- */

typedef struct
{
  FcrmEntityType type;
  char          *pipeline;
  gint64         since;
  gint64         before_id;
} PageQuery;

static void
page_query_free (PageQuery *q)
{
  g_free (q->pipeline);
  g_free (q);
}

static gpointer
page_read (FcrmCrm  *worker,
           gpointer  data,
           GError  **error)
{
  PageQuery *q = data;

  return fcrm_crm_closed_page_filtered (worker, q->type, q->pipeline, q->since, q->before_id, PAGE_SIZE, error);
}

static gint64
period_start (FcrmClosedList *self)
{
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) start = NULL;

  switch (self->period)
    {
    case FCRM_CLOSED_THIS_MONTH:
      start = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today), 1, 0, 0, 0);
      break;
    case FCRM_CLOSED_THREE_MONTHS:
      start = g_date_time_add_months (today, -3);
      break;
    case FCRM_CLOSED_THIS_YEAR:
      start = g_date_time_new_local (g_date_time_get_year (today), 1, 1, 0, 0, 0);
      break;
    case FCRM_CLOSED_ALL:
    default:
      return 0;
    }
  return start != NULL ? g_date_time_to_unix (start) : 0;
}

static void
page_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcrmClosedList) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = fcrm_crm_read_finish (FCRM_CRM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (items == NULL)
    {
      g_warning ("closed items: %s", error->message);
      return;
    }
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       items->pdata, items->len);
  self->has_more = items->len == PAGE_SIZE;
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0 ? "list" : "empty");
}

static void
read_page (FcrmClosedList *self,
           gint64          before_id)
{
  PageQuery *q = g_new0 (PageQuery, 1);

  q->type = self->type;
  q->pipeline = g_strdup (self->pipeline);
  q->since = period_start (self);
  q->before_id = before_id;
  self->cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, page_read, q, (GDestroyNotify) page_query_free,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       page_done_cb, g_object_ref (self));
}

void
fcrm_closed_list_reload (FcrmClosedList *self)
{
  g_return_if_fail (FCRM_IS_CLOSED_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->dirty = FALSE;
  g_list_store_remove_all (self->store);
  self->has_more = FALSE;
  read_page (self, 0);
}

static void
load_more (FcrmClosedList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autoptr(FcrmItem) last = NULL;

  if (!self->has_more || self->cancellable != NULL || n == 0)
    return;
  last = g_list_model_get_item (G_LIST_MODEL (self->store), n - 1);
  read_page (self, last->id);
}

static void
edge_reached_cb (FcrmClosedList  *self,
                 GtkPositionType  pos)
{
  if (pos == GTK_POS_BOTTOM)
    load_more (self);
}

static void
period_changed_cb (FcrmClosedList *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected <= FCRM_CLOSED_ALL && (FcrmClosedPeriod) selected != self->period)
    {
      self->period = selected;
      if (self->crm != NULL)   /* not while the template is built */
        fcrm_closed_list_reload (self);
    }
}

static void
crm_changed_cb (FcrmClosedList *self)
{
  /* a hidden list catches up when shown */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fcrm_closed_list_reload (self);
  else
    self->dirty = TRUE;
}

/* ---- rows ---- */

static void
show_toast (FcrmClosedList *self,
            const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_clear_object (&self->last_toast);
  self->last_toast = adw_toast_new (escaped);
  if (overlay != NULL)
    fcrm_toast_show_replacing (overlay, NULL, self->last_toast);
}

static const char *
kind_name (FcrmEntityType type)
{
  return type == FCRM_ENTITY_LEAD ? "lead" : "deal";
}

static GMenuModel *
row_menu (FcrmClosedList *self,
          FcrmItem       *item)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  g_autoptr(GMenuItem) open_item = g_menu_item_new (_("_Open"), NULL);

  g_menu_item_set_action_and_target (open_item, "app.open-item", "(sx)", kind_name (item->type), item->id);
  g_menu_append_item (open, open_item);
  if (item->type == FCRM_ENTITY_LEAD && item->deal_id > 0)
    {
      /* a converted lead: what it became */
      g_autoptr(GMenuItem) deal = g_menu_item_new (_("Open the _Deal"), NULL);

      g_menu_item_set_action_and_target (deal, "app.open-item", "(sx)", "deal", item->deal_id);
      g_menu_append_item (open, deal);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));

  if (item->type == FCRM_ENTITY_DEAL)
    {
      FcrmPipeline *p = fcrm_crm_get_pipeline (self->crm, item->pipeline);
      g_autoptr(GMenu) stages = g_menu_new ();

      for (guint i = 0; p != NULL && i < p->stages->len; i++)
        {
          FcrmStage *stage = g_ptr_array_index (p->stages, i);
          g_autoptr(GMenuItem) entry = NULL;

          if (stage->kind != FCRM_STAGE_OPEN)
            continue;
          entry = g_menu_item_new (fcrm_stage_get_name (stage), NULL);
          g_menu_item_set_action_and_target (entry, "closed.reopen", "(xs)", item->id, stage->code);
          g_menu_append_item (stages, entry);
        }
      /* Translators: a closed deal's menu: a submenu of the open stages */
      g_menu_append_submenu (menu, _("_Reopen at"), G_MENU_MODEL (stages));
    }
  else if (g_strcmp0 (item->stage, "lead.junk") == 0)
    {
      g_autoptr(GMenuItem) restore = g_menu_item_new (_("_Restore to In Progress"), NULL);

      g_menu_item_set_action_and_target (restore, "closed.restore", "x", item->id);
      g_menu_append_item (menu, restore);
    }
  return G_MENU_MODEL (menu);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          FcrmClosedList           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *menu = gtk_menu_button_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_tooltip_text (menu, _("Open, reopen or restore"));
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), menu);
  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "menu", menu);
  gtk_list_item_set_child (list_item, box);
}

static char *
item_subtitle (FcrmItem *item)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (item->stage_entered_at);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%x") : g_strdup ("");
  const char *client = fcrm_item_get_client (item);
  GString *text = g_string_new (fcrm_item_get_stage_name (item));

  /* Translators: when a closed item was closed, in a list: "Lost · 12/01/26" */
  g_string_append_printf (text, _(" · %s"), date);
  if (client != NULL && *client != '\0')
    g_string_append_printf (text, _(" · %s"), client);
  if (item->budget > 0)
    {
      g_autofree char *budget = fcrm_money_format_display (item->budget);

      g_string_append_printf (text, _(" · %s"), budget);
    }
  return g_string_free (text, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         FcrmClosedList           *self)
{
  FcrmItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  g_autofree char *subtitle = item_subtitle (item);
  g_autoptr(GMenuModel) menu = row_menu (self, item);
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, item->stage);
  gboolean failure = stage != NULL && stage->kind == FCRM_STAGE_FAILURE;
  GtkWidget *icon;

  icon = g_object_get_data (G_OBJECT (box), "icon");
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), failure ? "window-close-symbolic" : "object-select-symbolic");
  gtk_widget_remove_css_class (icon, failure ? "success" : "error");
  gtk_widget_add_css_class (icon, failure ? "error" : "success");
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"),
                      item->title != NULL && *item->title != '\0' ? item->title : _("Untitled"));
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);
  gtk_menu_button_set_menu_model (g_object_get_data (G_OBJECT (box), "menu"), menu);
}

static void
item_activated_cb (FcrmClosedList *self,
                   guint           position)
{
  g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)", kind_name (item->type), item->id);
}

/* ---- reopen and restore ---- */

static char *
item_title (FcrmClosedList *self,
            gint64          id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(FcrmItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (item->id == id)
        return g_strdup (item->title);
    }
  return NULL;
}

gboolean
fcrm_closed_list_reopen (FcrmClosedList *self,
                         gint64          id,
                         const char     *stage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  FcrmStage *s;

  g_return_val_if_fail (FCRM_IS_CLOSED_LIST (self), FALSE);

  title = item_title (self, id);
  if (!fcrm_crm_deal_reopen (self->crm, id, stage, &error))
    {
      show_toast (self, error->message);
      return FALSE;
    }
  s = fcrm_crm_get_stage (self->crm, stage);
  /* Translators: a toast: deal “title” reopened at stage “name” */
  message = g_strdup_printf (_("Deal “%s” reopened at “%s”"), title != NULL ? title : "",
                             s != NULL ? fcrm_stage_get_name (s) : stage);
  show_toast (self, message);
  fcrm_closed_list_reload (self);
  return TRUE;
}

gboolean
fcrm_closed_list_restore (FcrmClosedList *self,
                          gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FCRM_IS_CLOSED_LIST (self), FALSE);

  title = item_title (self, id);
  if (!fcrm_crm_lead_restore (self->crm, id, &error))
    {
      show_toast (self, error->message);
      return FALSE;
    }
  message = g_strdup_printf (_("Lead “%s” restored to In progress"), title != NULL ? title : "");
  show_toast (self, message);
  fcrm_closed_list_reload (self);
  return TRUE;
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gint64 id;
  const char *stage;

  g_variant_get (param, "(x&s)", &id, &stage);
  fcrm_closed_list_reopen (FCRM_CLOSED_LIST (widget), id, stage);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  fcrm_closed_list_restore (FCRM_CLOSED_LIST (widget), g_variant_get_int64 (param));
}

/* ---- the object ---- */

static void
fcrm_closed_list_map (GtkWidget *widget)
{
  FcrmClosedList *self = FCRM_CLOSED_LIST (widget);

  GTK_WIDGET_CLASS (fcrm_closed_list_parent_class)->map (widget);
  if (self->dirty)
    fcrm_closed_list_reload (self);
}

static void
fcrm_closed_list_dispose (GObject *object)
{
  FcrmClosedList *self = FCRM_CLOSED_LIST (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CLOSED_LIST);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->crm);
  g_clear_pointer (&self->pipeline, g_free);

  G_OBJECT_CLASS (fcrm_closed_list_parent_class)->dispose (object);
}

static void
fcrm_closed_list_class_init (FcrmClosedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_closed_list_dispose;
  widget_class->map = fcrm_closed_list_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-closed-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmClosedList, heading_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmClosedList, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmClosedList, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmClosedList, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmClosedList, list_view);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_activated_cb);

  gtk_widget_class_install_action (widget_class, "closed.reopen", "(xs)", reopen_action);
  gtk_widget_class_install_action (widget_class, "closed.restore", "x", restore_action);

  gtk_widget_class_set_css_name (widget_class, "fcrm-closed-list");
}

static void
fcrm_closed_list_init (FcrmClosedList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->store = g_list_store_new (FCRM_TYPE_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->period = gtk_drop_down_get_selected (self->period_dropdown);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)))));
  g_object_unref (gtk_list_view_get_model (self->list_view));
}

GtkWidget *
fcrm_closed_list_new (FcrmCrm    *crm,
                      const char *pipeline)
{
  FcrmClosedList *self;
  FcrmPipeline *p;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (pipeline != NULL, NULL);

  p = fcrm_crm_get_pipeline (crm, pipeline);
  g_return_val_if_fail (p != NULL, NULL);

  self = g_object_new (FCRM_TYPE_CLOSED_LIST, NULL);
  self->crm = g_object_ref (crm);
  self->pipeline = g_strdup (pipeline);
  self->type = p->entity;
  gtk_label_set_text (self->heading_label,
                      self->type == FCRM_ENTITY_LEAD ? _("Junk and converted leads")
                                                     : _("Won and lost deals"));
  g_signal_connect_object (crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
  fcrm_closed_list_reload (self);

  return GTK_WIDGET (self);
}

void
fcrm_closed_list_set_period (FcrmClosedList   *self,
                             FcrmClosedPeriod  period)
{
  g_return_if_fail (FCRM_IS_CLOSED_LIST (self));

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

GListModel *
fcrm_closed_list_get_model (FcrmClosedList *self)
{
  g_return_val_if_fail (FCRM_IS_CLOSED_LIST (self), NULL);

  return G_LIST_MODEL (self->store);
}

gboolean
fcrm_closed_list_is_loading (FcrmClosedList *self)
{
  g_return_val_if_fail (FCRM_IS_CLOSED_LIST (self), FALSE);

  return self->cancellable != NULL;
}

AdwToast *
fcrm_closed_list_get_last_toast (FcrmClosedList *self)
{
  g_return_val_if_fail (FCRM_IS_CLOSED_LIST (self), NULL);

  return self->last_toast;
}
