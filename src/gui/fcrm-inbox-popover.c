#define G_LOG_DOMAIN "fcrm-inbox-popover"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fcrm-crm-async.h"
#include "fcrm-inbox.h"
#include "fcrm-inbox-popover.h"
#include "fcrm-window.h"

/* The inbox shows the latest ones; older ones stay in the database. */
#define INBOX_LIMIT 100

struct _FcrmInboxPopover
{
  GtkPopover   parent_instance;

  FcrmCrm     *crm;
  GListStore  *store;
  gint64       unread;
  guint        reload_id;
  GCancellable *load_cancellable;   /* the read under way */

  GtkStack    *stack;
  GtkListView *list_view;
  GtkSelectionModel *selection;    /* the list's model while the popover is shown */
};

G_DEFINE_FINAL_TYPE (FcrmInboxPopover, fcrm_inbox_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_CRM,
  PROP_UNREAD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- time ------------------------------------------------------------------- */

char *
fcrm_format_relative_time (gint64 then,
                           gint64 now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (then);
  g_autoptr(GDateTime) now_dt = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) yesterday = NULL;
  gint64 diff = now - then;

  if (dt == NULL || now_dt == NULL)
    return g_strdup ("");

  /* A clock a little ahead on another desktop is "just now" too. */
  if (diff < 60)
    return g_strdup (_("Just now"));

  if (diff < 60 * 60)
    {
      int minutes = (int) (diff / 60);

      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
    }

  if (diff < 6 * 60 * 60 ||
      (g_date_time_get_year (dt) == g_date_time_get_year (now_dt) &&
       g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now_dt)))
    {
      int hours = (int) (diff / (60 * 60));

      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
    }

  yesterday = g_date_time_add_days (now_dt, -1);
  if (g_date_time_get_year (dt) == g_date_time_get_year (yesterday) &&
      g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (yesterday))
    {
      /* Translators: a time of day in g_date_time_format() notation */
      g_autofree char *time = g_date_time_format (dt, C_("time of day", "%H:%M"));

      /* Translators: %s is a time of day, e.g. "14:05" */
      return g_strdup_printf (_("Yesterday at %s"), time);
    }

  if (g_date_time_get_year (dt) == g_date_time_get_year (now_dt))
    /* Translators: a date and time in this year, g_date_time_format() notation
     * ("%B" is the month name in the form used with a day) */
    return g_date_time_format (dt, C_("notification time", "%-d %B, %H:%M"));

  return g_date_time_format (dt, "%x");
}

/* ---- rows -------------------------------------------------------------------- */

typedef struct
{
  GtkWidget *text;
  GtkWidget *time;
  GtkWidget *open;
  GtkWidget *mark_read;
} RowWidgets;

static FcrmNotification *
notification_of_button (GtkWidget *button)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "fcrm-list-item");

  return list_item != NULL ? gtk_list_item_get_item (list_item) : NULL;
}

static void
report_error (FcrmInboxPopover *self,
              const GError     *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (FCRM_IS_WINDOW (root))
    fcrm_window_show_error (FCRM_WINDOW (root), error);
  else
    g_message ("%s", error->message);
}

static void
open_clicked_cb (GtkButton        *button,
                 FcrmInboxPopover *self)
{
  FcrmNotification *n = notification_of_button (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;
  FcrmEntityType type;
  gint64 entity_id;
  gint64 id;

  if (n == NULL || n->entity_id <= 0)
    return;

  /* Marking read re-reads the list, which may drop @n. */
  type = n->entity_type;
  entity_id = n->entity_id;
  id = n->id;

  gtk_popover_popdown (GTK_POPOVER (self));
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)",
                              fcrm_entity_type_to_string (type), entity_id);

  if (!fcrm_inbox_popover_mark_read (self, id, &error))
    report_error (self, error);
}

static void
mark_read_clicked_cb (GtkButton        *button,
                      FcrmInboxPopover *self)
{
  FcrmNotification *n = notification_of_button (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;

  if (n == NULL)
    return;

  if (!fcrm_inbox_popover_mark_read (self, n->id, &error))
    report_error (self, error);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FcrmInboxPopover         *self)
{
  RowWidgets *w = g_new0 (RowWidgets, 1);
  GtkWidget *row;
  GtkWidget *bottom;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (row, "inbox-row");

  w->text = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->text), 0);
  gtk_label_set_wrap (GTK_LABEL (w->text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (w->text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (w->text), 40);
  gtk_label_set_width_chars (GTK_LABEL (w->text), 40);
  gtk_label_set_selectable (GTK_LABEL (w->text), FALSE);
  gtk_box_append (GTK_BOX (row), w->text);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  w->time = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->time), 0);
  gtk_label_set_ellipsize (GTK_LABEL (w->time), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (w->time, TRUE);
  gtk_widget_set_valign (w->time, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (w->time, "dim-label");
  gtk_widget_add_css_class (w->time, "caption");
  gtk_box_append (GTK_BOX (bottom), w->time);

  /* a visible widget's tooltip text asks the display where the pointer is
   * (a round trip per row): set while it is hidden */
  w->open = g_object_new (GTK_TYPE_BUTTON, "visible", FALSE, "label", _("Open"),
                          "tooltip-text", _("Open the lead or deal"), NULL);
  gtk_widget_set_visible (w->open, TRUE);
  gtk_widget_add_css_class (w->open, "flat");
  gtk_widget_add_css_class (w->open, "inbox-row-button");
  g_object_set_data (G_OBJECT (w->open), "fcrm-list-item", list_item);
  g_signal_connect_object (w->open, "clicked", G_CALLBACK (open_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (bottom), w->open);

  w->mark_read = gtk_button_new_with_label (_("Mark as Read"));
  gtk_widget_add_css_class (w->mark_read, "flat");
  gtk_widget_add_css_class (w->mark_read, "inbox-row-button");
  g_object_set_data (G_OBJECT (w->mark_read), "fcrm-list-item", list_item);
  g_signal_connect_object (w->mark_read, "clicked", G_CALLBACK (mark_read_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (bottom), w->mark_read);

  gtk_box_append (GTK_BOX (row), bottom);

  g_object_set_data_full (G_OBJECT (list_item), "fcrm-row", w, g_free);
  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             FcrmInboxPopover         *self)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (list_item), "fcrm-row");
  FcrmNotification *n = gtk_list_item_get_item (list_item);
  gboolean unread = n->read_at == 0;
  g_autofree char *when = NULL;

  when = fcrm_format_relative_time (n->created_at, fcrm_clock_now (fcrm_crm_get_clock (self->crm)));

  gtk_label_set_text (GTK_LABEL (w->text), n->text);
  gtk_label_set_text (GTK_LABEL (w->time), when);
  if (unread)
    gtk_widget_add_css_class (w->text, "inbox-unread");
  else
    gtk_widget_remove_css_class (w->text, "inbox-unread");
  gtk_widget_set_visible (w->open, n->entity_id > 0);
  gtk_widget_set_visible (w->mark_read, unread);

  /* Screen readers hear whether it is new. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (list_item)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  unread ? _("Unread") : "",
                                  -1);
}

/* ---- loading ------------------------------------------------------------------ */

static gboolean
same_notifications (GListModel *model,
                    GPtrArray  *list)
{
  if (g_list_model_get_n_items (model) != list->len)
    return FALSE;

  for (guint i = 0; i < list->len; i++)
    {
      g_autoptr(FcrmNotification) old = g_list_model_get_item (model, i);
      FcrmNotification *fresh = g_ptr_array_index (list, i);

      if (old->id != fresh->id || old->read_at != fresh->read_at ||
          g_strcmp0 (old->text, fresh->text) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
set_unread (FcrmInboxPopover *self,
            gint64            unread)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.mark-all-read", unread > 0);

  if (self->unread == unread)
    return;

  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
}

/* What the popover shows, read on the worker (never the main loop). */
typedef struct
{
  GPtrArray *list;
  gint64     unread;
} InboxData;

static void
inbox_data_free (gpointer data)
{
  InboxData *d = data;

  g_clear_pointer (&d->list, g_ptr_array_unref);
  g_free (d);
}

static gpointer
read_inbox (FcrmCrm  *worker,
            gpointer  data,
            GError  **error)
{
  FcrmUser *actor = fcrm_crm_get_actor (worker);
  InboxData *d = g_new0 (InboxData, 1);

  if (actor == NULL)
    {
      d->list = g_ptr_array_new_with_free_func (g_object_unref);
      return d;
    }
  /* NULL login: the acting user (never everybody) */
  d->list = fcrm_crm_notifications (worker, NULL, FALSE, INBOX_LIMIT, error);
  if (d->list == NULL)
    {
      inbox_data_free (d);
      return NULL;
    }
  d->unread = fcrm_crm_notifications_unread_count (worker, actor->id);
  return d;
}

static void
inbox_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FcrmInboxPopover) self = user_data;
  g_autoptr(GError) error = NULL;
  InboxData *d = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (d == NULL)
    {
      g_warning ("Cannot read the notifications: %s", error->message);
      return;
    }
  /* Unchanged: keep the rows (and the keyboard focus in them). */
  if (!same_notifications (G_LIST_MODEL (self->store), d->list))
    g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                         d->list->pdata, d->list->len);
  gtk_stack_set_visible_child_name (self->stack, d->list->len > 0 ? "list" : "empty");
  set_unread (self, d->unread);
  inbox_data_free (d);
}

void
fcrm_inbox_popover_reload (FcrmInboxPopover *self)
{
  g_return_if_fail (FCRM_IS_INBOX_POPOVER (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->crm == NULL)
    return;
  /* a newer read replaces an older one */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_inbox, NULL, NULL, inbox_data_free, self->load_cancellable,
                       inbox_read_cb, g_object_ref (self));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  FcrmInboxPopover *self = user_data;

  self->reload_id = 0;
  fcrm_inbox_popover_reload (self);

  return G_SOURCE_REMOVE;
}

void
fcrm_inbox_popover_queue_reload (FcrmInboxPopover *self)
{
  g_return_if_fail (FCRM_IS_INBOX_POPOVER (self));

  /* Low priority: at start-up the board's first frame comes first. */
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_LOW, reload_idle_cb, self, NULL);
}

static void
popover_show_cb (FcrmInboxPopover *self)
{
  /* Times are relative: re-read (and re-render) on every opening. */
  g_list_store_remove_all (self->store);
  fcrm_inbox_popover_reload (self);
}

static void
mark_all_read_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcrmInboxPopover *self = FCRM_INBOX_POPOVER (widget);
  g_autoptr(GError) error = NULL;

  if (!fcrm_inbox_popover_mark_all_read (self, &error))
    report_error (self, error);
}

/* ---- GObject ---------------------------------------------------------------- */

/* Rows are made only while the popover is shown: the inbox is read at every
 * start and after every change, and a hidden list would still build rows
 * for what it holds. */
static void
fcrm_inbox_popover_map (GtkWidget *widget)
{
  FcrmInboxPopover *self = FCRM_INBOX_POPOVER (widget);

  gtk_list_view_set_model (self->list_view, self->selection);
  GTK_WIDGET_CLASS (fcrm_inbox_popover_parent_class)->map (widget);
}

static void
fcrm_inbox_popover_unmap (GtkWidget *widget)
{
  FcrmInboxPopover *self = FCRM_INBOX_POPOVER (widget);

  GTK_WIDGET_CLASS (fcrm_inbox_popover_parent_class)->unmap (widget);
  gtk_list_view_set_model (self->list_view, NULL);
}

static void
fcrm_inbox_popover_dispose (GObject *object)
{
  FcrmInboxPopover *self = FCRM_INBOX_POPOVER (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* The factory's rows point at us: detach the list first. */
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_INBOX_POPOVER);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_inbox_popover_parent_class)->dispose (object);
}

static void
fcrm_inbox_popover_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FcrmInboxPopover *self = FCRM_INBOX_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_UNREAD_COUNT:
      g_value_set_int64 (value, self->unread);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_inbox_popover_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FcrmInboxPopover *self = FCRM_INBOX_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CRM:
      fcrm_inbox_popover_set_crm (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_inbox_popover_class_init (FcrmInboxPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_inbox_popover_dispose;
  object_class->get_property = fcrm_inbox_popover_get_property;
  object_class->set_property = fcrm_inbox_popover_set_property;
  widget_class->map = fcrm_inbox_popover_map;
  widget_class->unmap = fcrm_inbox_popover_unmap;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD_COUNT] =
    g_param_spec_int64 ("unread-count", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-inbox-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmInboxPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmInboxPopover, list_view);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);

  gtk_widget_class_install_action (widget_class, "inbox.mark-all-read", NULL, mark_all_read_action);
}

static void
fcrm_inbox_popover_init (FcrmInboxPopover *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (FCRM_TYPE_NOTIFICATION);
  self->selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store))));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  /* the model comes when the popover is shown (fcrm_inbox_popover_map) */

  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.mark-all-read", FALSE);
}

GtkWidget *
fcrm_inbox_popover_new (FcrmCrm *crm)
{
  g_return_val_if_fail (crm == NULL || FCRM_IS_CRM (crm), NULL);

  return g_object_new (FCRM_TYPE_INBOX_POPOVER, "crm", crm, NULL);
}

void
fcrm_inbox_popover_set_crm (FcrmInboxPopover *self,
                            FcrmCrm          *crm)
{
  g_return_if_fail (FCRM_IS_INBOX_POPOVER (self));
  g_return_if_fail (crm == NULL || FCRM_IS_CRM (crm));

  if (!g_set_object (&self->crm, crm))
    return;

  fcrm_inbox_popover_queue_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRM]);
}

GListModel *
fcrm_inbox_popover_get_model (FcrmInboxPopover *self)
{
  g_return_val_if_fail (FCRM_IS_INBOX_POPOVER (self), NULL);

  return G_LIST_MODEL (self->store);
}

gint64
fcrm_inbox_popover_get_unread_count (FcrmInboxPopover *self)
{
  g_return_val_if_fail (FCRM_IS_INBOX_POPOVER (self), 0);

  return self->unread;
}

gboolean
fcrm_inbox_popover_mark_read (FcrmInboxPopover *self,
                              gint64            notification_id,
                              GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_INBOX_POPOVER (self), FALSE);
  g_return_val_if_fail (self->crm != NULL, FALSE);

  ok = fcrm_crm_notification_mark_read (self->crm, notification_id, error);
  fcrm_inbox_popover_reload (self);

  return ok;
}

gboolean
fcrm_inbox_popover_mark_all_read (FcrmInboxPopover *self,
                                  GError          **error)
{
  FcrmUser *actor;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_INBOX_POPOVER (self), FALSE);
  g_return_val_if_fail (self->crm != NULL, FALSE);

  actor = fcrm_crm_get_actor (self->crm);
  if (actor == NULL)
    return TRUE;

  ok = fcrm_crm_notifications_mark_all_read (self->crm, actor->id, error);
  fcrm_inbox_popover_reload (self);

  return ok;
}
