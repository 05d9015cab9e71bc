#define G_LOG_DOMAIN "fcrm-tasks-view"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fcrm-crm-async.h"
#include "fcrm-task-row.h"
#include "fcrm-tasks-view.h"
#include "fcrm-window.h"

G_DEFINE_ENUM_TYPE (FcrmTasksViewMode, fcrm_tasks_view_mode,
  G_DEFINE_ENUM_VALUE (FCRM_TASKS_VIEW_MY_TASKS, "my-tasks"),
  G_DEFINE_ENUM_VALUE (FCRM_TASKS_VIEW_CALLBACKS, "callbacks"))

struct _FcrmTasksView
{
  GtkWidget          parent_instance;

  FcrmCrm           *crm;
  FcrmTasksViewMode  mode;
  GListStore        *store;       /* GtkStringObject headings + FcrmTask */
  char              *signature;   /* of what the store shows, to skip no-op reloads */
  guint              reload_id;
  gboolean           dirty;       /* changed while unmapped */
  GCancellable      *load_cancellable;   /* the read under way */

  GtkWidget         *content_box;
  GtkStack          *stack;
  GtkWidget         *scope_box;
  GtkToggleButton   *mine_button;
  GtkToggleButton   *all_button;
  GtkListView       *list_view;
  AdwStatusPage     *empty_page;
};

G_DEFINE_FINAL_TYPE (FcrmTasksView, fcrm_tasks_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- days ----------------------------------------------------------------- */

/* A comparable local day number (years × 1000 + day of year). */
static int
local_day (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  if (dt == NULL)
    return 0;

  return g_date_time_get_year (dt) * 1000 + g_date_time_get_day_of_year (dt);
}

static int
local_day_offset (gint64 now,
                  int    days)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) other = dt != NULL ? g_date_time_add_days (dt, days) : NULL;

  if (other == NULL)
    return 0;

  return g_date_time_get_year (other) * 1000 + g_date_time_get_day_of_year (other);
}

FcrmTaskGroup
fcrm_task_group (FcrmTask *task,
                 gint64    now)
{
  int day;
  int today;

  g_return_val_if_fail (FCRM_IS_TASK (task), FCRM_TASK_GROUP_NO_DATE);

  if (task->due_at == 0)
    return FCRM_TASK_GROUP_NO_DATE;

  day = local_day (task->due_at);
  today = local_day (now);

  /* A day is overdue only once it is over; a moment as soon as it passed. */
  if (day < today || (!task->due_is_date && task->due_at < now))
    return FCRM_TASK_GROUP_OVERDUE;
  if (day == today)
    return FCRM_TASK_GROUP_TODAY;

  return FCRM_TASK_GROUP_UPCOMING;
}

static const char *
group_title (FcrmTaskGroup group)
{
  switch (group)
    {
    case FCRM_TASK_GROUP_OVERDUE:
      return C_("tasks group", "Overdue");
    case FCRM_TASK_GROUP_TODAY:
      return C_("tasks group", "Today");
    case FCRM_TASK_GROUP_UPCOMING:
      return C_("tasks group", "Upcoming");
    case FCRM_TASK_GROUP_NO_DATE:
    default:
      return C_("tasks group", "No Due Date");
    }
}

/* "Today", "Tomorrow", "Yesterday", "15 January" or the locale's date. */
static char *
format_day (gint64   when,
            gint64   now,
            gboolean with_weekday)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
  g_autoptr(GDateTime) now_dt = g_date_time_new_from_unix_local (now);
  int day = local_day (when);

  if (dt == NULL || now_dt == NULL)
    return g_strdup ("");

  if (day == local_day (now))
    return g_strdup (C_("due day", "Today"));
  if (day == local_day_offset (now, 1))
    return g_strdup (C_("due day", "Tomorrow"));
  if (day == local_day_offset (now, -1))
    return g_strdup (C_("due day", "Yesterday"));

  if (g_date_time_get_year (dt) != g_date_time_get_year (now_dt))
    /* Translators: a date in another year, g_date_time_format() notation */
    return g_date_time_format (dt, with_weekday ? C_("day heading", "%A, %-d %B %Y")
                                                : C_("due date", "%-d %B %Y"));

  /* Translators: a date in this year, g_date_time_format() notation ("%B" is
   * the month name in the form used with a day number) */
  return g_date_time_format (dt, with_weekday ? C_("day heading", "%A, %-d %B")
                                              : C_("due date", "%-d %B"));
}

static char *
format_due (FcrmTask *task,
            gint64    now)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (task->due_at == 0)
    return NULL;

  day = format_day (task->due_at, now, FALSE);
  if (task->due_is_date)
    return g_steal_pointer (&day);

  dt = g_date_time_new_from_unix_local (task->due_at);
  /* Translators: a time of day in g_date_time_format() notation */
  time = g_date_time_format (dt, C_("time of day", "%H:%M"));

  /* Translators: a due day and time, e.g. "Today, 14:00" or "15 January, 09:30" */
  return g_strdup_printf (C_("due day and time", "%s, %s"), day, time);
}

/* ---- rows ----------------------------------------------------------------- */

static void
mark_done_cb (FcrmTaskRow   *row,
              FcrmTask      *task,
              FcrmTasksView *self)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (fcrm_tasks_view_mark_done (self, task->id, &error))
    return;

  /* Refused: the task stays open, and the person learns why. */
  fcrm_task_row_set_done (row, FALSE);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (FCRM_IS_WINDOW (root))
    fcrm_window_show_error (FCRM_WINDOW (root), error);
  else
    g_message ("%s", error->message);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FcrmTasksView            *self)
{
  GtkWidget *row = fcrm_task_row_new (list_item);

  g_signal_connect_object (row, "mark-done", G_CALLBACK (mark_done_cb), self, 0);
  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_task (FcrmTasksView *self,
           FcrmTaskRow   *row,
           FcrmTask      *task)
{
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));
  g_autofree char *due = format_due (task, now);
  gboolean overdue = task->due_at != 0 && fcrm_task_group (task, now) == FCRM_TASK_GROUP_OVERDUE;

  /* A callback's day is its heading already; only a time is news. */
  if (self->mode == FCRM_TASKS_VIEW_CALLBACKS && task->due_is_date)
    g_clear_pointer (&due, g_free);
  fcrm_task_row_show_task (row, task, due, overdue);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             FcrmTasksView            *self)
{
  FcrmTaskRow *row = FCRM_TASK_ROW (gtk_list_item_get_child (list_item));
  gpointer item = gtk_list_item_get_item (list_item);

  if (GTK_IS_STRING_OBJECT (item))
    fcrm_task_row_show_header (row, gtk_string_object_get_string (item),
                               GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "fcrm-count")),
                               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "fcrm-overdue")));
  else if (FCRM_IS_TASK (item))
    bind_task (self, row, item);
}

/* ---- loading ----------------------------------------------------------------- */

static GtkStringObject *
new_header (const char *title,
            guint       count,
            gboolean    overdue)
{
  GtkStringObject *header = gtk_string_object_new (title);

  g_object_set_data (G_OBJECT (header), "fcrm-count", GUINT_TO_POINTER (count));
  g_object_set_data (G_OBJECT (header), "fcrm-overdue", GINT_TO_POINTER (overdue));

  return header;
}

static void
append_signature (GString  *signature,
                  gpointer  item)
{
  if (GTK_IS_STRING_OBJECT (item))
    {
      g_string_append_printf (signature, "H%s|%u|%d\n",
                              gtk_string_object_get_string (item),
                              GPOINTER_TO_UINT (g_object_get_data (item, "fcrm-count")),
                              GPOINTER_TO_INT (g_object_get_data (item, "fcrm-overdue")));
    }
  else
    {
      FcrmTask *t = item;

      g_string_append_printf (signature, "T%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%d|%s|%s|%s|%s|%s|%s|%d\n",
                              t->id, t->due_at, t->due_is_date, t->title,
                              t->description ? t->description : "",
                              t->entity_title ? t->entity_title : "",
                              t->responsible_name ? t->responsible_name : "",
                              t->client ? t->client : "",
                              t->phone ? t->phone : "",
                              t->done);
    }
}

/* My tasks: four groups in a fixed order, each by due time. */
static void
build_my_tasks (FcrmTasksView *self,
                GPtrArray     *tasks,
                gint64         now,
                GPtrArray     *rows)
{
  GPtrArray *groups[4];

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    groups[g] = g_ptr_array_new ();

  for (guint i = 0; i < tasks->len; i++)
    {
      FcrmTask *task = g_ptr_array_index (tasks, i);

      g_ptr_array_add (groups[fcrm_task_group (task, now)], task);
    }

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      if (groups[g]->len == 0)
        continue;

      g_ptr_array_add (rows, new_header (group_title (g), groups[g]->len, g == FCRM_TASK_GROUP_OVERDUE));
      for (guint i = 0; i < groups[g]->len; i++)
        g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (groups[g], i)));
    }

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    g_ptr_array_unref (groups[g]);
}

/* Callbacks: one group per day, in date order (the list comes sorted). */
static void
build_callbacks (FcrmTasksView *self,
                 GPtrArray     *tasks,
                 gint64         now,
                 GPtrArray     *rows)
{
  int today = local_day (now);
  guint i = 0;

  while (i < tasks->len)
    {
      FcrmTask *first = g_ptr_array_index (tasks, i);
      int day = first->due_at != 0 ? local_day (first->due_at) : 0;
      g_autofree char *title = NULL;
      guint end = i + 1;

      while (end < tasks->len)
        {
          FcrmTask *t = g_ptr_array_index (tasks, end);

          if ((t->due_at != 0 ? local_day (t->due_at) : 0) != day)
            break;
          end++;
        }

      title = first->due_at != 0 ? format_day (first->due_at, now, TRUE)
                                 : g_strdup (C_("tasks group", "No Due Date"));
      g_ptr_array_add (rows, new_header (title, end - i, first->due_at != 0 && day < today));
      for (; i < end; i++)
        g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (tasks, i)));
    }
}

/* The tasks a view lists, read on the worker (never the main loop). */
typedef struct
{
  gboolean  callbacks;
  gboolean  everyone;   /* everybody's callbacks, or a supervisor's team's tasks */
  char     *login;      /* whose; NULL: nobody chosen, nothing to read */
} TasksQuery;

static void
tasks_query_free (gpointer data)
{
  TasksQuery *q = data;

  g_free (q->login);
  g_free (q);
}

static gpointer
read_tasks (FcrmCrm  *worker,
            gpointer  data,
            GError  **error)
{
  TasksQuery *q = data;
  FcrmTaskFilter filter = { .open_only = TRUE };

  if (q->callbacks)
    filter.kind = "callback";
  if (!q->everyone && q->login == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  if (!q->everyone)
    filter.user = q->login;
  return fcrm_crm_task_list (worker, &filter, error);
}

static void
show_tasks (FcrmTasksView *self,
            GPtrArray     *tasks)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) signature = g_string_new (NULL);
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));

  if (tasks != NULL && self->mode == FCRM_TASKS_VIEW_CALLBACKS)
    build_callbacks (self, tasks, now, rows);
  else if (tasks != NULL)
    build_my_tasks (self, tasks, now, rows);

  /* The day matters too: "Today" becomes "Yesterday" at midnight. */
  g_string_append_printf (signature, "%d\n", local_day (now));
  for (guint i = 0; i < rows->len; i++)
    append_signature (signature, g_ptr_array_index (rows, i));

  /* Unchanged: keep the rows, their scroll position and the focus. */
  if (g_strcmp0 (signature->str, self->signature) != 0)
    {
      g_free (self->signature);
      self->signature = g_string_free (g_steal_pointer (&signature), FALSE);
      g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                           rows->pdata, rows->len);
    }

  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
}

static void
tasks_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FcrmTasksView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (error != NULL)
    g_warning ("Cannot read the tasks: %s", error->message);
  show_tasks (self, tasks);
}

void
fcrm_tasks_view_reload (FcrmTasksView *self)
{
  TasksQuery *q;
  FcrmUser *actor;

  g_return_if_fail (FCRM_IS_TASKS_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->dirty = FALSE;

  if (self->crm == NULL)
    return;

  actor = fcrm_crm_get_actor (self->crm);
  q = g_new0 (TasksQuery, 1);
  q->callbacks = self->mode == FCRM_TASKS_VIEW_CALLBACKS;
  q->login = actor != NULL ? g_strdup (actor->login) : NULL;
  /* Callbacks: mine or everybody's; tasks: a supervisor may see the team's. */
  {
    gboolean choice = q->callbacks || (actor != NULL && actor->role == FCRM_ROLE_SUPERVISOR);

    gtk_widget_set_visible (self->scope_box, choice);
    q->everyone = choice && gtk_toggle_button_get_active (self->all_button);
  }
  /* a newer read replaces an older one */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_tasks, q, tasks_query_free, (GDestroyNotify) g_ptr_array_unref,
                       self->load_cancellable, tasks_read_cb, g_object_ref (self));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  FcrmTasksView *self = user_data;

  self->reload_id = 0;
  fcrm_tasks_view_reload (self);

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmCrm       *crm,
                FcrmTasksView *self)
{
  /* Hidden views catch up when shown; shown ones once per burst. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }

  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

/* ---- GObject ------------------------------------------------------------------- */

static void
fcrm_tasks_view_map (GtkWidget *widget)
{
  FcrmTasksView *self = FCRM_TASKS_VIEW (widget);

  GTK_WIDGET_CLASS (fcrm_tasks_view_parent_class)->map (widget);

  if (self->dirty)
    fcrm_tasks_view_reload (self);
}

/* Mine, or everybody's / the team's: read again. */
static void
scope_toggled_cb (GtkToggleButton *button,
                  FcrmTasksView   *self)
{
  /* once per choice: when the chosen button comes on */
  if (self->crm != NULL && gtk_toggle_button_get_active (button))
    fcrm_tasks_view_reload (self);
}

static void
fcrm_tasks_view_constructed (GObject *object)
{
  FcrmTasksView *self = FCRM_TASKS_VIEW (object);

  G_OBJECT_CLASS (fcrm_tasks_view_parent_class)->constructed (object);

  /* Callbacks are the firm's by default (anyone may make the call), tasks
   * one's own (issue 13: a "mine" filter there, a team view here). */
  gtk_button_set_label (GTK_BUTTON (self->mine_button), C_("whose tasks", "Mine"));
  gtk_button_set_label (GTK_BUTTON (self->all_button),
                        self->mode == FCRM_TASKS_VIEW_CALLBACKS ? C_("whose tasks", "Everyone’s") : C_("whose tasks", "Team"));
  if (self->mode == FCRM_TASKS_VIEW_CALLBACKS)
    gtk_toggle_button_set_active (self->all_button, TRUE);

  if (self->mode == FCRM_TASKS_VIEW_CALLBACKS)
    {
      adw_status_page_set_icon_name (self->empty_page, "call-outgoing-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Callbacks Scheduled"));
      adw_status_page_set_description (self->empty_page,
                                       _("When a deal is lost, a call to offer the client special terms is planned here."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Callbacks"),
                                      -1);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "checkbox-checked-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Tasks"));
      adw_status_page_set_description (self->empty_page, _("Nice work — nothing is waiting for you."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("My Tasks"),
                                      -1);
    }

  if (self->crm != NULL)
    g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, 0);

  fcrm_tasks_view_reload (self);
}

static void
fcrm_tasks_view_dispose (GObject *object)
{
  FcrmTasksView *self = FCRM_TASKS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  /* The factory's rows point at us: detach the list first. */
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_TASKS_VIEW);
  g_clear_object (&self->store);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_tasks_view_parent_class)->dispose (object);
}

static void
fcrm_tasks_view_finalize (GObject *object)
{
  FcrmTasksView *self = FCRM_TASKS_VIEW (object);

  g_free (self->signature);

  G_OBJECT_CLASS (fcrm_tasks_view_parent_class)->finalize (object);
}

static void
fcrm_tasks_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcrmTasksView *self = FCRM_TASKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_tasks_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcrmTasksView *self = FCRM_TASKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_tasks_view_class_init (FcrmTasksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_tasks_view_constructed;
  object_class->dispose = fcrm_tasks_view_dispose;
  object_class->finalize = fcrm_tasks_view_finalize;
  object_class->get_property = fcrm_tasks_view_get_property;
  object_class->set_property = fcrm_tasks_view_set_property;
  widget_class->map = fcrm_tasks_view_map;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       FCRM_TYPE_TASKS_VIEW_MODE, FCRM_TASKS_VIEW_MY_TASKS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-tasks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, list_view);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, content_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, scope_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, mine_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, all_button);
  gtk_widget_class_bind_template_callback (widget_class, scope_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, FcrmTasksView, empty_page);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fcrm_tasks_view_init (FcrmTasksView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_CLAMP_SCROLLABLE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (G_TYPE_OBJECT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

GtkWidget *
fcrm_tasks_view_new (FcrmCrm           *crm,
                     FcrmTasksViewMode  mode)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  return g_object_new (FCRM_TYPE_TASKS_VIEW, "crm", crm, "mode", mode, NULL);
}

FcrmTasksViewMode
fcrm_tasks_view_get_mode (FcrmTasksView *self)
{
  g_return_val_if_fail (FCRM_IS_TASKS_VIEW (self), FCRM_TASKS_VIEW_MY_TASKS);

  return self->mode;
}

GListModel *
fcrm_tasks_view_get_model (FcrmTasksView *self)
{
  g_return_val_if_fail (FCRM_IS_TASKS_VIEW (self), NULL);

  return G_LIST_MODEL (self->store);
}

gboolean
fcrm_tasks_view_mark_done (FcrmTasksView  *self,
                           gint64          task_id,
                           GError        **error)
{
  g_return_val_if_fail (FCRM_IS_TASKS_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Success emits FcrmCrm::changed, and the list follows. */
  return fcrm_crm_task_done (self->crm, task_id, error);
}
