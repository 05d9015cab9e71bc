#define G_LOG_DOMAIN "fcrm-client-activity-section"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-client-activity-section.h"
#include "fcrm-attachments.h"
#include "fcrm-card-section.h"
#include "fcrm-inbox.h"
#include "fcrm-item.h"

/* The timeline shows at most this many events. */
#define MAX_EVENTS 60

struct _FcrmClientActivitySection
{
  AdwPreferencesGroup  parent_instance;

  gboolean             timeline;   /* the timeline, not the open tasks */
  GPtrArray           *rows;       /* of AdwActionRow, as shown */
  GtkWidget           *empty;      /* says there is nothing */
};

static void fcrm_client_activity_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmClientActivitySection, fcrm_client_activity_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_client_activity_section_card_section_init))

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One line of the timeline before it is a row. */
typedef struct
{
  gint64          when;
  const char     *icon;
  char           *title;
  char           *subtitle;
  FcrmEntityType  type;    /* what it opens: a lead or deal, */
  gint64          id;      /* 0: nothing */
} Event;

static void
event_clear (gpointer data)
{
  Event *e = data;

  g_free (e->title);
  g_free (e->subtitle);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = a, *y = b;

  return x->when < y->when ? 1 : x->when > y->when ? -1 : 0;
}

/* The lead or deal @type @id among those of the card, or NULL. */
static FcrmItem *
find_item (FcrmCardData   *data,
           FcrmEntityType  type,
           gint64          id)
{
  GPtrArray *list = type == FCRM_ENTITY_LEAD ? data->leads : data->deals;

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (((FcrmItem *) g_ptr_array_index (list, i))->id == id)
      return g_ptr_array_index (list, i);
  return NULL;
}

/* "Deal #12 “Kitchen”" */
static char *
item_name (FcrmEntityType  type,
           gint64          id,
           const char     *title)
{
  g_autofree char *number = type == FCRM_ENTITY_LEAD ? g_strdup_printf (_("Lead #%" PRId64), id)
                                                     : g_strdup_printf (_("Deal #%" PRId64), id);

  if (fcrm_card_nonempty (title) == NULL)
    return g_steal_pointer (&number);
  /* Translators: a lead or deal on a client's card: "Deal #12 “Kitchen”" */
  return g_strdup_printf (_("%s “%s”"), number, title);
}

static char *
join_when (const char *what,
           gint64      when)
{
  g_autofree char *date = fcrm_card_format_date_time (when);

  if (what == NULL)
    return g_strdup (date != NULL ? date : "");
  /* Translators: a line under an event of a client's timeline: who or what, then when */
  return g_strdup_printf (_("%s · %s"), what, date != NULL ? date : "");
}

static void
add_event (GArray         *events,
           gint64          when,
           const char     *icon,
           char           *title,
           char           *subtitle,
           FcrmEntityType  type,
           gint64          id)
{
  Event e = { when, icon, title, subtitle, type, id };

  g_array_append_val (events, e);
}

static GArray *
collect_events (FcrmCrm      *crm,
                FcrmCardData *data)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));
  GPtrArray *lists[] = { data->leads, data->deals };

  g_array_set_clear_func (events, event_clear);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        FcrmItem *item = g_ptr_array_index (lists[l], i);
        g_autofree char *name = item_name (item->type, item->id, item->title);

        add_event (events, item->created_at, "document-new-symbolic",
                   item->type == FCRM_ENTITY_LEAD ? g_strdup_printf (_("%s registered"), name)
                                                  : g_strdup_printf (_("%s opened"), name),
                   join_when (NULL, item->created_at), item->type, item->id);
        if (item->closed_at > 0)
          add_event (events, item->closed_at, "object-select-symbolic",
                     g_strdup_printf (_("%s closed"), name),
                     join_when (fcrm_item_get_stage_name (item), item->closed_at), item->type, item->id);
      }
  for (guint i = 0; data->comments != NULL && i < data->comments->len; i++)
    {
      FcrmComment *c = g_ptr_array_index (data->comments, i);
      g_autofree char *author = fcrm_card_comment_author (c);

      add_event (events, c->created_at, "user-available-symbolic", g_strdup (c->text), join_when (author, c->created_at), 0, 0);
    }
  for (guint i = 0; data->item_comments != NULL && i < data->item_comments->len; i++)
    {
      FcrmComment *c = g_ptr_array_index (data->item_comments, i);
      FcrmItem *item = find_item (data, c->entity_type, c->entity_id);
      g_autofree char *author = fcrm_card_comment_author (c);
      g_autofree char *name = item_name (c->entity_type, c->entity_id, item != NULL ? item->title : NULL);
      /* Translators: who commented, on which lead or deal */
      g_autofree char *who = g_strdup_printf (C_("comment on an item", "%s on %s"), author, name);

      add_event (events, c->created_at, "user-available-symbolic", g_strdup (c->text), join_when (who, c->created_at),
                 c->entity_type, c->entity_id);
    }
  for (guint i = 0; data->item_tasks != NULL && i < data->item_tasks->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (data->item_tasks, i);
      g_autofree char *name = NULL;

      if (!t->done)
        continue;
      name = item_name (t->entity_type, t->entity_id, t->entity_title);
      add_event (events, t->done_at, "checkbox-checked-symbolic", g_strdup_printf (_("Done: %s"), t->title),
                 join_when (name, t->done_at), t->entity_type, t->entity_id);
    }
  for (guint i = 0; data->attachments != NULL && i < data->attachments->len; i++)
    {
      FcrmAttachment *a = g_ptr_array_index (data->attachments, i);

      add_event (events, a->created_at, "mail-attachment-symbolic", g_strdup_printf (_("File added: %s"), a->name),
                 join_when (a->user_login, a->created_at), 0, 0);
    }
  g_array_sort (events, compare_events);
  return events;
}

static void
row_activated_cb (AdwActionRow *row)
{
  FcrmEntityType type = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "fcrm-type"));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "fcrm-id"));

  gtk_widget_activate_action (GTK_WIDGET (row), "app.open-item", "(sx)", fcrm_entity_type_to_string (type), id);
}

static void
add_row (FcrmClientActivitySection *self,
         const char                *icon,
         const char                *title,
         const char                *subtitle,
         FcrmEntityType             type,
         gint64                     id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  if (id > 0)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data (G_OBJECT (row), "fcrm-type", GUINT_TO_POINTER (type));
      g_object_set_data (G_OBJECT (row), "fcrm-id", GSIZE_TO_POINTER ((gsize) id));
      g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), NULL);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static void
show_tasks (FcrmClientActivitySection *self,
            FcrmCardData              *data)
{
  for (guint i = 0; data->item_tasks != NULL && i < data->item_tasks->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (data->item_tasks, i);
      g_autofree char *name = NULL;
      g_autofree char *due = NULL;
      g_autofree char *subtitle = NULL;

      if (t->done)
        continue;
      name = item_name (t->entity_type, t->entity_id, t->entity_title);
      due = t->due_at == 0 ? NULL
            : t->due_is_date ? fcrm_card_format_date (t->due_at) : fcrm_card_format_date_time (t->due_at);
      /* Translators: under a task on a client's card: its lead or deal, then when it is due */
      subtitle = due != NULL ? g_strdup_printf (_("%s · due %s"), name, due) : g_strdup (name);
      add_row (self, g_strcmp0 (t->kind, "callback") == 0 ? "call-start-symbolic" : "checkbox-symbolic",
               t->title, subtitle, t->entity_type, t->entity_id);
    }
}

static void
show_timeline (FcrmClientActivitySection *self,
               FcrmCrm                   *crm,
               FcrmCardData              *data)
{
  g_autoptr(GArray) events = collect_events (crm, data);

  for (guint i = 0; i < events->len && i < MAX_EVENTS; i++)
    {
      Event *e = &g_array_index (events, Event, i);

      add_row (self, e->icon, e->title, e->subtitle, e->type, e->id);
    }
}

/* FcrmCardSection */

static void
fcrm_client_activity_section_set_data (FcrmCardSection *section,
                                       FcrmCrm         *crm,
                                       FcrmCardData    *data)
{
  FcrmClientActivitySection *self = FCRM_CLIENT_ACTIVITY_SECTION (section);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (self->timeline)
    show_timeline (self, crm, data);
  else
    show_tasks (self, data);
  gtk_widget_set_visible (self->empty, self->rows->len == 0);
}

static void
fcrm_client_activity_section_set_item (FcrmCardSection *section,
                                       FcrmCrm         *crm,
                                       FcrmItem        *item)
{
  g_critical ("A client's activity is shown from a client's card");
}

static void
fcrm_client_activity_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_client_activity_section_set_item;
  iface->set_data = fcrm_client_activity_section_set_data;
}

/* GObject */

static void
fcrm_client_activity_section_constructed (GObject *object)
{
  FcrmClientActivitySection *self = FCRM_CLIENT_ACTIVITY_SECTION (object);

  G_OBJECT_CLASS (fcrm_client_activity_section_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   self->timeline ? _("Timeline") : _("Tasks and Callbacks"));
  self->empty = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty),
                                 self->timeline ? _("Nothing has happened yet") : _("No open tasks"));
  gtk_widget_add_css_class (self->empty, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->empty);
}

static void
fcrm_client_activity_section_finalize (GObject *object)
{
  FcrmClientActivitySection *self = FCRM_CLIENT_ACTIVITY_SECTION (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_client_activity_section_parent_class)->finalize (object);
}

static void
fcrm_client_activity_section_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  FcrmClientActivitySection *self = FCRM_CLIENT_ACTIVITY_SECTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->timeline = g_strcmp0 (g_value_get_string (value), "timeline") == 0;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_activity_section_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  FcrmClientActivitySection *self = FCRM_CLIENT_ACTIVITY_SECTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->timeline ? "timeline" : "tasks");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_activity_section_class_init (FcrmClientActivitySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fcrm_client_activity_section_constructed;
  object_class->finalize = fcrm_client_activity_section_finalize;
  object_class->set_property = fcrm_client_activity_section_set_property;
  object_class->get_property = fcrm_client_activity_section_get_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "tasks",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_client_activity_section_init (FcrmClientActivitySection *self)
{
  self->rows = g_ptr_array_new ();
}

GtkWidget *
fcrm_client_activity_section_new (const char *kind)
{
  return g_object_new (FCRM_TYPE_CLIENT_ACTIVITY_SECTION, "kind", kind, NULL);
}

guint
fcrm_client_activity_section_get_n_rows (FcrmClientActivitySection *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_ACTIVITY_SECTION (self), 0);

  return self->rows->len;
}
