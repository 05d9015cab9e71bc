#define G_LOG_DOMAIN "fcrm-window"

#include <glib/gi18n.h>

#include "fcrm-application.h"
#include "fcrm-backup-scheduler.h"
#include "fcrm-client-model.h"
#include "fcrm-clients-view.h"
#include "fcrm-connection-banner.h"
#include "fcrm-export-gui.h"
#include "fcrm-inbox.h"
#include "fcrm-inbox-popover.h"
#include "fcrm-notifier.h"
#include "fcrm-reports-view.h"
#include "fcrm-schedule-view.h"
#include "fcrm-search-popover.h"
#include "fcrm-tasks-view.h"
#include "fcrm-toasts.h"
#include "fcrm-window-private.h"

struct _FcrmWindow
{
  AdwApplicationWindow parent_instance;

  FcrmCrm         *crm;
  char            *location;   /* where the data lives (no password); nullable */
  GSettings       *settings;   /* NULL when the schema is not installed */
  FcrmNotifier    *notifier;   /* NULL until the application starts one */
  gboolean         restoring;  /* a restore replaces the database: nothing reads it */

  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar;
  GtkButton       *sidebar_toggle;
  GtkWidget       *content;
  AdwWindowTitle  *sidebar_title;
  AdwWindowTitle  *content_title;
  GtkListBox      *sidebar_list;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkMenuButton   *bell_button;
  GtkLabel        *bell_badge;
  FcrmInboxPopover *inbox_popover;
  FcrmConnectionBanner *connection_banner;
  GtkMenuButton   *new_button;
  GtkMenuButton   *search_button;
  FcrmSearchPopover *search_popover;
};

G_DEFINE_FINAL_TYPE (FcrmWindow, fcrm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CRM,
  PROP_LOCATION,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* View names are the GSettings `last-view` values; boards use pipeline codes. */
static const char *
view_for_pipeline (const char *code)
{
  return g_strcmp0 (code, "lead") == 0 ? "leads" : code;
}

static const char *
pipeline_for_view (const char *view)
{
  return g_strcmp0 (view, "leads") == 0 ? "lead" : view;
}

static const char *
icon_for_pipeline (const char *code)
{
  if (g_strcmp0 (code, "lead") == 0)
    return "call-incoming-symbolic";
  if (g_strcmp0 (code, "manufacturing") == 0)
    return "applications-engineering-symbolic";
  if (g_strcmp0 (code, "design") == 0)
    return "applications-graphics-symbolic";
  if (g_strcmp0 (code, "repair") == 0)
    return "emblem-system-symbolic";
  return "view-list-symbolic";
}

static GtkListBoxRow *
find_sidebar_row (FcrmWindow *self,
                  const char *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "fcrm-view"), view) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

/* Views that are not boards: name, title, icon, what they list. */
static const struct
{
  const char        *view;
  const char        *title;
  const char        *icon;
  FcrmTasksViewMode  mode;
} task_views[] = {
  { "tasks", N_("Tasks"), "checkbox-checked-symbolic", FCRM_TASKS_VIEW_MY_TASKS },
  { "callbacks", N_("Callbacks"), "call-outgoing-symbolic", FCRM_TASKS_VIEW_CALLBACKS },
};

/* Client lists (issue 11): name, title, icon, which kind. */
static const struct
{
  const char *view;
  const char *title;
  const char *icon;
  gboolean    companies;
} client_views[] = {
  { "contacts", N_("Contacts"), "avatar-default-symbolic", FALSE },
  { "companies", N_("Companies"), "network-workgroup-symbolic", TRUE },
};

static void
add_sidebar_entry (FcrmWindow *self,
                   const char *view,
                   const char *title,
                   const char *icon_name)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "fcrm-view", g_strdup (view), g_free);
  g_object_set_data_full (G_OBJECT (row), "fcrm-title", g_strdup (title), g_free);

  gtk_list_box_append (self->sidebar_list, row);
}

static void
add_sidebar_row (FcrmWindow   *self,
                 FcrmPipeline *pipeline)
{
  add_sidebar_entry (self, view_for_pipeline (pipeline->code),
                     fcrm_pipeline_get_name (pipeline),
                     icon_for_pipeline (pipeline->code));
}

static int
task_view_index (const char *view)
{
  for (guint i = 0; i < G_N_ELEMENTS (task_views); i++)
    {
      if (g_strcmp0 (task_views[i].view, view) == 0)
        return (int) i;
    }

  return -1;
}


static int
client_view_index (const char *view)
{
  for (guint i = 0; i < G_N_ELEMENTS (client_views); i++)
    {
      if (g_strcmp0 (client_views[i].view, view) == 0)
        return (int) i;
    }

  return -1;
}

/* A view that is not a board (tasks, clients), built when first shown like
 * the boards; NULL for a board's name. */
static GtkWidget *
get_list_view (FcrmWindow *self,
               const char *view)
{
  int task = task_view_index (view);
  int client = client_view_index (view);
  GtkWidget *widget;

  if (task < 0 && client < 0)
    return NULL;

  widget = gtk_stack_get_child_by_name (self->stack, view);
  if (widget != NULL)
    return widget;

  widget = task >= 0 ? fcrm_tasks_view_new (self->crm, task_views[task].mode)
                     : fcrm_clients_view_new (self->crm, client_views[client].companies);
  gtk_stack_add_named (self->stack, widget, view);

  return widget;
}

/* The Reports view, built when first shown. */
static GtkWidget *
get_reports_view (FcrmWindow *self)
{
  GtkWidget *widget = gtk_stack_get_child_by_name (self->stack, "reports");

  if (widget == NULL)
    {
      widget = fcrm_reports_view_new (self->crm, self->settings);
      gtk_stack_add_named (self->stack, widget, "reports");
    }
  return widget;
}

/* The Schedule view (issue 15), built when first shown. */
static GtkWidget *
get_schedule_view (FcrmWindow *self)
{
  GtkWidget *widget = gtk_stack_get_child_by_name (self->stack, "schedule");

  if (widget == NULL)
    {
      widget = fcrm_schedule_view_new (self->crm);
      gtk_stack_add_named (self->stack, widget, "schedule");
    }
  return widget;
}

/* ---- the bell ---------------------------------------------------------------- */

static void
unread_count_changed_cb (FcrmWindow *self)
{
  gint64 unread = fcrm_inbox_popover_get_unread_count (self->inbox_popover);
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  /* Past 99 the exact number no longer helps, and the pill stays small. */
  text = unread > 99 ? g_strdup ("99+") : g_strdup_printf ("%" G_GINT64_FORMAT, unread);
  gtk_label_set_text (self->bell_badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->bell_badge), unread > 0);

  if (unread >= FCRM_UNREAD_COUNT_CAP)
    description = g_strdup_printf (_("More than %d unread notifications"), FCRM_UNREAD_COUNT_CAP - 1);
  else if (unread > 0)
    description = g_strdup_printf (ngettext ("%d unread notification", "%d unread notifications",
                                             (int) MIN (unread, G_MAXINT)),
                                   (int) MIN (unread, G_MAXINT));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bell_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description ? description : "",
                                  -1);
}

static void
notifier_inbox_changed_cb (FcrmNotifier *notifier,
                           FcrmWindow   *self)
{
  fcrm_inbox_popover_reload (self->inbox_popover);
}

static void
notifier_external_change_cb (FcrmNotifier *notifier,
                             FcrmWindow   *self)
{
  /* Another desktop changed the database: show what it did. */
  fcrm_window_reload (self);
}

/* ---- the office server's connection --------------------------------------- */

/* While the server is away the notifier would only wait for it; while a
 * restore replaces the database it would read what is going away. */
static void
update_paused (FcrmWindow *self)
{
  if (self->notifier != NULL)
    fcrm_notifier_set_paused (self->notifier,
                              self->restoring || !fcrm_connection_banner_get_connected (self->connection_banner));
}

static void
connection_changed_cb (FcrmWindow           *self,
                       GParamSpec           *pspec,
                       FcrmConnectionBanner *banner)
{
  update_paused (self);
}

/* ---- a restore: the views wait, then read the restored data ------------- */

static void
restoring_cb (FcrmWindow *self)
{
  self->restoring = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->leaflet), FALSE);
  update_paused (self);
}

static void
restored_cb (FcrmWindow *self,
             const char *kept,
             const char *message)
{
  self->restoring = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->leaflet), TRUE);
  update_paused (self);
  if (kept != NULL)
    fcrm_window_reload (self);
}

static void
reconnected_cb (FcrmWindow *self)
{
  /* Whatever the others did meanwhile: show it. */
  fcrm_window_reload (self);
}

static void
show_notifications_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  gtk_menu_button_popup (FCRM_WINDOW (widget)->bell_button);
}

static void
sidebar_row_activated_cb (FcrmWindow    *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  const char *view = g_object_get_data (G_OBJECT (row), "fcrm-view");

  if (view == NULL)
    return;

  fcrm_window_show_view (self, view);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);

  /* Only a choice the person made is remembered, not a forced start view. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-view", view);
}

/* Arrow keys in the sidebar select the next entry: its view shows at once
 * (issue 13), as a click would, without leaving a folded sidebar. */
static void
sidebar_row_selected_cb (FcrmWindow    *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  const char *view = row != NULL ? g_object_get_data (G_OBJECT (row), "fcrm-view") : NULL;

  if (view == NULL || g_strcmp0 (view, fcrm_window_get_view (self)) == 0)
    return;
  fcrm_window_show_view (self, view);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-view", view);
}

static void
undo_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fcrm_toasts_undo_last (FCRM_WINDOW (widget)->toast_overlay);
}

static void
back_clicked_cb (FcrmWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fcrm_window_reload (FCRM_WINDOW (widget));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcrmWindow *self = FCRM_WINDOW (widget);
  const char *view = g_variant_get_string (parameter, NULL);

  if (fcrm_window_show_view (self, view))
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-view", view);
    }
}

/* Export or print what the view lists; the Reports view exports its report. */
static void
export_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcrmWindow *self = FCRM_WINDOW (widget);
  const char *how = g_variant_get_string (parameter, NULL);
  const char *view = fcrm_window_get_view (self);
  gboolean print = g_str_equal (how, "print");
  FcrmExportFormat format = g_str_equal (how, "xlsx") ? FCRM_EXPORT_XLSX : FCRM_EXPORT_CSV;

  if (view == NULL)
    return;
  if (g_str_equal (view, "reports"))
    {
      g_autofree char *action = g_strdup_printf ("reports.%s", print ? "print" : format == FCRM_EXPORT_XLSX ? "export-xlsx" : "export-csv");

      gtk_widget_activate_action (gtk_stack_get_visible_child (self->stack), action, NULL);
      return;
    }
  if (FCRM_IS_CLIENTS_VIEW (gtk_stack_get_visible_child (self->stack)))
    {
      /* the list as filtered and sorted */
      FcrmClientModel *model = fcrm_clients_view_get_model (FCRM_CLIENTS_VIEW (gtk_stack_get_visible_child (self->stack)));

      fcrm_export_list (widget, self->crm, view, fcrm_client_model_get_query (model), fcrm_client_model_get_sort (model),
                        format, print, self->settings);
      return;
    }
  fcrm_export_view (widget, self->crm, view, format, print, self->settings);
}

static void
fcrm_window_save_state (FcrmWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (width > 0 && height > 0 && !gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
fcrm_window_close_request (GtkWindow *window)
{
  fcrm_window_save_state (FCRM_WINDOW (window));

  if (GTK_WINDOW_CLASS (fcrm_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (fcrm_window_parent_class)->close_request (window);

  return FALSE;
}

static void
fcrm_window_constructed (GObject *object)
{
  FcrmWindow *self = FCRM_WINDOW (object);
  g_autoptr(GPtrArray) pipelines = NULL;
  FcrmBackupScheduler *scheduler;

  G_OBJECT_CLASS (fcrm_window_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));
  fcrm_toasts_guard_focus (GTK_WINDOW (self));

  if (self->settings != NULL)
    {
      int width = g_settings_get_int (self->settings, "window-width");
      int height = g_settings_get_int (self->settings, "window-height");

      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  else
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
    }

  /* Only views that exist get a sidebar entry: more arrive with their issues. */
  pipelines = fcrm_crm_list_pipelines (self->crm);
  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    add_sidebar_row (self, g_ptr_array_index (pipelines, i));
  for (guint i = 0; i < G_N_ELEMENTS (client_views); i++)
    add_sidebar_entry (self, client_views[i].view, _(client_views[i].title), client_views[i].icon);
  for (guint i = 0; i < G_N_ELEMENTS (task_views); i++)
    add_sidebar_entry (self, task_views[i].view, _(task_views[i].title), task_views[i].icon);
  add_sidebar_entry (self, "schedule", C_("view", "Schedule"), "x-office-calendar-symbolic");
  add_sidebar_entry (self, "reports", _("Reports"), "x-office-spreadsheet-symbolic");
  _fcrm_window_sidebar_init (self, self->leaflet, self->sidebar, GTK_WIDGET (self->sidebar_title),
                             self->sidebar_list, self->sidebar_toggle, self->settings);

  fcrm_inbox_popover_set_crm (self->inbox_popover, self->crm);
  fcrm_connection_banner_set_crm (self->connection_banner, self->crm, self->location);
  fcrm_search_popover_set_crm (self->search_popover, self->crm);
  _fcrm_window_actions_init (self, self->stack, self->new_button, self->search_button, self->search_popover);

  scheduler = fcrm_backup_scheduler_get_for (self->crm);
  g_signal_connect_object (scheduler, "restoring", G_CALLBACK (restoring_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scheduler, "restored", G_CALLBACK (restored_cb), self, G_CONNECT_SWAPPED);
  if (fcrm_backup_scheduler_is_restoring (scheduler))
    restoring_cb (self);

  fcrm_window_show_view (self, "leads");
  /* Folded (a narrow window), the board comes first, the sidebar is "Back". */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
fcrm_window_dispose (GObject *object)
{
  FcrmWindow *self = FCRM_WINDOW (object);

  fcrm_window_set_notifier (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->crm);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (fcrm_window_parent_class)->dispose (object);
}

static void
fcrm_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcrmWindow *self = FCRM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FcrmWindow *self = FCRM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_LOCATION:
      self->location = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_window_class_init (FcrmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const struct { guint key; const char *view; } view_keys[] = {
    { GDK_KEY_1, "leads" },
    { GDK_KEY_2, "manufacturing" },
    { GDK_KEY_3, "design" },
    { GDK_KEY_4, "repair" },
    { GDK_KEY_5, "contacts" },
    { GDK_KEY_6, "companies" },
    { GDK_KEY_7, "tasks" },
    { GDK_KEY_8, "callbacks" },
    { GDK_KEY_9, "reports" },
    { GDK_KEY_0, "schedule" },
  };

  object_class->constructed = fcrm_window_constructed;
  object_class->dispose = fcrm_window_dispose;
  object_class->get_property = fcrm_window_get_property;
  object_class->set_property = fcrm_window_set_property;
  window_class->close_request = fcrm_window_close_request;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Window size and the last view are kept here; NULL keeps nothing. */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Where the data lives (a file path or an office server's address,
   * without a password): the connection banner watches an office server. */
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, content);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, sidebar_toggle);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, bell_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, bell_badge);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, inbox_popover);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, connection_banner);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmWindow, search_popover);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, unread_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reconnected_cb);

  _fcrm_window_class_sidebar_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-notifications", NULL, show_notifications_action);
  gtk_widget_class_install_action (widget_class, "win.export-view", "s", export_view_action);
  /* Ctrl+Z while an Undo toast shows (a text being edited keeps its own) */
  gtk_widget_class_install_action (widget_class, "win.undo-toast", NULL, undo_toast_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo-toast", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (view_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, view_keys[i].key, GDK_CONTROL_MASK,
                                         "win.show-view", "s", view_keys[i].view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.show-notifications", NULL);
  _fcrm_window_class_actions_init (widget_class);
}

static void
fcrm_window_init (FcrmWindow *self)
{
  g_type_ensure (FCRM_TYPE_BOARD);
  g_type_ensure (FCRM_TYPE_INBOX_POPOVER);
  g_type_ensure (FCRM_TYPE_CONNECTION_BANNER);
  g_type_ensure (FCRM_TYPE_SEARCH_POPOVER);
  gtk_widget_init_template (GTK_WIDGET (self));
}

FcrmWindow *
fcrm_window_new (GtkApplication *application,
                 FcrmCrm        *crm)
{
  GSettings *settings = NULL;
  const char *location = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  if (FCRM_IS_APPLICATION (application))
    {
      settings = fcrm_application_get_settings (FCRM_APPLICATION (application));
      location = fcrm_application_get_location (FCRM_APPLICATION (application));
    }

  return g_object_new (FCRM_TYPE_WINDOW,
                       "application", application,
                       "crm", crm,
                       "location", location,
                       "settings", settings,
                       NULL);
}

FcrmCrm *
fcrm_window_get_crm (FcrmWindow *self)
{
  g_return_val_if_fail (FCRM_IS_WINDOW (self), NULL);

  return self->crm;
}

FcrmBoard *
fcrm_window_get_board (FcrmWindow *self,
                       const char *code)
{
  const char *view;
  GtkWidget *board;

  g_return_val_if_fail (FCRM_IS_WINDOW (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  view = view_for_pipeline (code);
  board = gtk_stack_get_child_by_name (self->stack, view);
  if (board != NULL)
    return FCRM_IS_BOARD (board) ? FCRM_BOARD (board) : NULL;

  if (fcrm_crm_get_pipeline (self->crm, code) == NULL)
    return NULL;

  /* Boards are built when first shown: start-up pays for one board only. */
  board = fcrm_board_new (self->crm, code);
  /* its filters, order and density as they were left */
  if (self->settings != NULL)
    fcrm_board_set_settings (FCRM_BOARD (board), self->settings);
  gtk_stack_add_named (self->stack, board, view);

  return FCRM_BOARD (board);
}

gboolean
fcrm_window_show_view (FcrmWindow *self,
                       const char *name)
{
  GtkListBoxRow *row;
  FcrmBoard *board;

  g_return_val_if_fail (FCRM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  row = find_sidebar_row (self, name);
  if (row == NULL)
    return FALSE;

  if (get_list_view (self, name) != NULL)
    {
      gtk_stack_set_visible_child (self->stack, get_list_view (self, name));
    }
  else if (g_str_equal (name, "reports"))
    {
      gtk_stack_set_visible_child (self->stack, get_reports_view (self));
    }
  else if (g_str_equal (name, "schedule"))
    {
      gtk_stack_set_visible_child (self->stack, get_schedule_view (self));
    }
  else
    {
      board = fcrm_window_get_board (self, pipeline_for_view (name));
      if (board == NULL)
        return FALSE;

      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (board));
    }

  gtk_list_box_select_row (self->sidebar_list, row);
  adw_window_title_set_title (self->content_title, g_object_get_data (G_OBJECT (row), "fcrm-title"));

  return TRUE;
}

void
fcrm_window_show_schedule (FcrmWindow       *self,
                           FcrmScheduleMode  mode)
{
  g_return_if_fail (FCRM_IS_WINDOW (self));

  if (fcrm_window_show_view (self, "schedule"))
    fcrm_schedule_view_set_mode (FCRM_SCHEDULE_VIEW (get_schedule_view (self)), mode);
}

const char *
fcrm_window_get_view (FcrmWindow *self)
{
  g_return_val_if_fail (FCRM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
fcrm_window_reload (FcrmWindow *self)
{
  g_return_if_fail (FCRM_IS_WINDOW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (FCRM_IS_BOARD (child))
        fcrm_board_reload (FCRM_BOARD (child));
      else if (FCRM_IS_TASKS_VIEW (child))
        fcrm_tasks_view_reload (FCRM_TASKS_VIEW (child));
      else if (FCRM_IS_CLIENTS_VIEW (child))
        fcrm_clients_view_reload (FCRM_CLIENTS_VIEW (child));
      else if (FCRM_IS_REPORTS_VIEW (child))
        fcrm_reports_view_reload (FCRM_REPORTS_VIEW (child));
    }

  fcrm_inbox_popover_reload (self->inbox_popover);
}

void
fcrm_window_set_user (FcrmWindow *self,
                      FcrmUser   *user)
{
  g_return_if_fail (FCRM_IS_WINDOW (self));
  g_return_if_fail (user == NULL || FCRM_IS_USER (user));

  adw_window_title_set_subtitle (self->sidebar_title,
                                 user != NULL ? (user->name && *user->name ? user->name : user->login) : NULL);

  /* "My tasks" and the bell belong to whoever works here now (the boards
   * show everybody's work: no need to re-read them). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (FCRM_IS_TASKS_VIEW (child))
        fcrm_tasks_view_reload (FCRM_TASKS_VIEW (child));
    }
  fcrm_inbox_popover_queue_reload (self->inbox_popover);
}

GtkWidget *
fcrm_window_get_view_widget (FcrmWindow *self,
                             const char *name)
{
  g_return_val_if_fail (FCRM_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (task_view_index (name) >= 0 || client_view_index (name) >= 0)
    return get_list_view (self, name);
  if (g_str_equal (name, "reports"))
    return get_reports_view (self);

  return (GtkWidget *) fcrm_window_get_board (self, pipeline_for_view (name));
}

FcrmInboxPopover *
fcrm_window_get_inbox (FcrmWindow *self)
{
  g_return_val_if_fail (FCRM_IS_WINDOW (self), NULL);

  return self->inbox_popover;
}

void
fcrm_window_set_notifier (FcrmWindow   *self,
                          FcrmNotifier *notifier)
{
  g_return_if_fail (FCRM_IS_WINDOW (self));
  g_return_if_fail (notifier == NULL || FCRM_IS_NOTIFIER (notifier));

  if (self->notifier == notifier)
    return;

  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_set_object (&self->notifier, notifier);

  if (notifier != NULL)
    {
      g_signal_connect_object (notifier, "inbox-changed",
                               G_CALLBACK (notifier_inbox_changed_cb), self, 0);
      g_signal_connect_object (notifier, "external-change",
                               G_CALLBACK (notifier_external_change_cb), self, 0);
      update_paused (self);
    }
}

void
fcrm_window_show_toast (FcrmWindow *self,
                        const char *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (FCRM_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* A toast's title is Pango markup. */
  escaped = g_markup_escape_text (message, -1);
  fcrm_toast_show (GTK_WIDGET (self->toast_overlay), adw_toast_new (escaped));
}

void
fcrm_window_show_error (FcrmWindow   *self,
                        const GError *error)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (FCRM_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  /* The server went away: the banner says so and retries; the toast says
   * what did not happen. */
  fcrm_connection_banner_report_error (self->connection_banner, error);

  escaped = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new (escaped);
  /* Longer than a notice (they tell what to do), but they go: a toast that
   * never expires hides the next one (issue 13). */
  adw_toast_set_timeout (toast, 10);
  fcrm_toast_show (GTK_WIDGET (self->toast_overlay), g_steal_pointer (&toast));
}

FcrmConnectionBanner *
fcrm_window_get_connection_banner (FcrmWindow *self)
{
  g_return_val_if_fail (FCRM_IS_WINDOW (self), NULL);

  return self->connection_banner;
}
