#define G_LOG_DOMAIN "fcrm-timeline-section"

#include <glib/gi18n.h>

#include "fcrm-timeline-section.h"
#include "fcrm-card-section.h"
#include "fcrm-inbox.h"

struct _FcrmTimelineSection
{
  AdwPreferencesGroup  parent_instance;

  /* template */
  GtkListBox          *timeline_list;
};

static void fcrm_timeline_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmTimelineSection, fcrm_timeline_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_timeline_section_card_section_init))

typedef struct
{
  gint64   when;
  int      order;        /* same second: comments (2), notifications (1), stage entries (0) */
  gint64   seq;          /* then the later written first */
  char    *title;
  GString *recipients;   /* notifications: names, comma-separated */
  char    *author;       /* comments: who wrote it; title is the text */
  char    *key;
} TimelineEntry;

static void
timeline_entry_free (gpointer data)
{
  TimelineEntry *entry = data;

  g_free (entry->title);
  g_free (entry->author);
  if (entry->recipients != NULL)
    g_string_free (entry->recipients, TRUE);
  g_free (entry->key);
  g_free (entry);
}

static int
timeline_entry_compare (gconstpointer a,
                        gconstpointer b)
{
  const TimelineEntry *ea = *(TimelineEntry * const *) a;
  const TimelineEntry *eb = *(TimelineEntry * const *) b;

  /* newest first */
  if (ea->when != eb->when)
    return ea->when < eb->when ? 1 : -1;
  if (ea->order != eb->order)
    return eb->order - ea->order;
  if (ea->seq != eb->seq)
    return ea->seq < eb->seq ? 1 : -1;
  return 0;
}

static GHashTable *
user_names (GPtrArray *users)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      g_hash_table_insert (names, g_strdup (user->login),
                           g_strdup (fcrm_card_nonempty (user->name) ? user->name : user->login));
    }

  return names;
}

static const char *
user_name (GHashTable *names,
           const char *login)
{
  const char *name;

  if (fcrm_card_nonempty (login) == NULL)
    return NULL;
  name = g_hash_table_lookup (names, login);
  return name != NULL ? name : login;
}

static void
add_history (FcrmCrm    *crm,
             GPtrArray  *history,
             GPtrArray  *entries,
             GHashTable *names)
{
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      FcrmHistoryEntry *h = g_ptr_array_index (history, i);
      FcrmStage *stage = fcrm_crm_get_stage (crm, h->stage);
      const char *stage_name = stage != NULL ? fcrm_stage_get_name (stage) : h->stage;
      const char *who = user_name (names, h->user_login);
      g_autofree char *when = fcrm_card_format_date_time (h->entered_at);
      TimelineEntry *entry = g_new0 (TimelineEntry, 1);

      entry->when = h->entered_at;
      entry->order = 0;
      entry->seq = i;           /* the history comes oldest first */
      if (who != NULL)
        /* Translators: a stage change in a card's timeline: stage, date and time, user */
        entry->title = g_strdup_printf (_("Entered “%s” on %s by %s"), stage_name, when, who);
      else
        /* Translators: a stage change in a card's timeline: stage, date and time */
        entry->title = g_strdup_printf (_("Entered “%s” on %s"), stage_name, when);
      g_ptr_array_add (entries, entry);
    }
}

static void
add_notifications (GPtrArray  *notifications,
                   GPtrArray  *entries,
                   GHashTable *names)
{
  g_autoptr(GHashTable) seen = NULL;

  if (notifications == NULL)
    return;

  /* One robot firing notifies several people with the same text: one
   * timeline line naming them all. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < notifications->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (notifications, i);
      const char *who = user_name (names, n->user_login);
      g_autofree char *key = NULL;
      TimelineEntry *entry;

      key = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", n->created_at, n->text ? n->text : "");
      entry = g_hash_table_lookup (seen, key);
      if (entry == NULL)
        {
          entry = g_new0 (TimelineEntry, 1);
          entry->when = n->created_at;
          entry->order = 1;
          entry->seq = n->id;
          entry->title = g_strdup (n->text ? n->text : "");
          entry->recipients = g_string_new (NULL);
          entry->key = g_steal_pointer (&key);
          g_hash_table_insert (seen, entry->key, entry);
          g_ptr_array_add (entries, entry);
        }
      if (who != NULL)
        {
          if (entry->recipients->len > 0)
            g_string_append (entry->recipients, ", ");
          g_string_append (entry->recipients, who);
        }
    }
}

static void
add_comments (GPtrArray *comments,
              GPtrArray *entries)
{
  for (guint i = 0; comments != NULL && i < comments->len; i++)
    {
      FcrmComment *c = g_ptr_array_index (comments, i);
      TimelineEntry *entry = g_new0 (TimelineEntry, 1);

      entry->when = c->created_at;
      entry->order = 2;
      entry->seq = c->id;
      entry->title = g_strdup (c->text);
      entry->author = fcrm_card_comment_author (c);
      g_ptr_array_add (entries, entry);
    }
}

static GtkWidget *
timeline_row_new (TimelineEntry *entry)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  if (entry->recipients != NULL)
    {
      g_autofree char *when = fcrm_card_format_date_time (entry->when);
      g_autofree char *subtitle = NULL;

      if (entry->recipients->len > 0)
        /* Translators: under a robot notification in a card's timeline: date and time, recipients */
        subtitle = g_strdup_printf (_("%s · to %s"), when, entry->recipients->str);
      else
        subtitle = g_strdup (when);
      adw_action_row_set_subtitle (row, subtitle);
      icon = gtk_image_new_from_icon_name ("preferences-system-notifications-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Robot notification"));
    }
  else if (entry->author != NULL)
    {
      g_autofree char *when = fcrm_card_format_date_time (entry->when);
      g_autofree char *subtitle = NULL;

      /* Translators: under a comment in a card's timeline: date and time, author */
      subtitle = g_strdup_printf (_("%s · comment by %s"), when, entry->author);
      adw_action_row_set_subtitle (row, subtitle);
      /* a long comment is read in full on the General tab */
      adw_action_row_set_title_lines (row, 3);
      icon = gtk_image_new_from_icon_name ("user-available-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Comment"));
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("go-jump-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Stage change"));
    }

  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (row, icon);

  return GTK_WIDGET (row);
}

/* FcrmCardSection */

static void
fcrm_timeline_section_set_data (FcrmCardSection *section,
                                FcrmCrm         *crm,
                                FcrmCardData    *data)
{
  FcrmTimelineSection *self = FCRM_TIMELINE_SECTION (section);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (timeline_entry_free);
  g_autoptr(GHashTable) names = user_names (data->users);

  fcrm_card_clear_list (self->timeline_list);
  add_history (crm, data->history, entries, names);
  add_notifications (data->notifications, entries, names);
  add_comments (data->comments, entries);
  g_ptr_array_sort (entries, timeline_entry_compare);

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->timeline_list, timeline_row_new (g_ptr_array_index (entries, i)));
}

static void
fcrm_timeline_section_set_item (FcrmCardSection *section,
                                FcrmCrm         *crm,
                                FcrmItem        *item)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GPtrArray) history = fcrm_crm_history (crm, item->type, item->id, &e1);
  g_autoptr(GPtrArray) notifications = fcrm_crm_item_notifications (crm, item->type, item->id, &e2);
  g_autoptr(GPtrArray) comments = fcrm_crm_comments (crm, item->type, item->id, &e3);
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (crm, NULL);
  FcrmCardData data = {
    .item = item,
    .history = fcrm_card_read_part (history, "history", item, e1),
    .notifications = fcrm_card_read_part (notifications, "notifications", item, e2),
    .comments = fcrm_card_read_part (comments, "comments", item, e3),
    .users = users,
  };

  fcrm_timeline_section_set_data (section, crm, &data);
}

static void
fcrm_timeline_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_timeline_section_set_item;
  iface->set_data = fcrm_timeline_section_set_data;
}

/* GObject */

static void
fcrm_timeline_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FCRM_TYPE_TIMELINE_SECTION);

  G_OBJECT_CLASS (fcrm_timeline_section_parent_class)->dispose (object);
}

static void
fcrm_timeline_section_class_init (FcrmTimelineSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_timeline_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-timeline-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmTimelineSection, timeline_list);
}

static void
fcrm_timeline_section_init (FcrmTimelineSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_timeline_section_new (void)
{
  return g_object_new (FCRM_TYPE_TIMELINE_SECTION, NULL);
}
