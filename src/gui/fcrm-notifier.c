#define G_LOG_DOMAIN "fcrm-notifier"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <libnotify/notify.h>

#include "fcrm-crm-async-notify.h"
#include "fcrm-inbox.h"
#include "fcrm-notifier.h"

#define DEFAULT_INTERVAL_SECONDS 60
/* Noticing another process's commit costs one PRAGMA data_version (SQLite)
 * or one PQconsumeInput of queued NOTIFYs (office server): a few µs, so look
 * twice a second and desktops on one database see each other's changes
 * within a second, while the robot check keeps its configured interval. */
#define EXTERNAL_POLL_MS 500
/* Between two batches of robots due in bulk: other writers' turn. */
#define BATCH_PAUSE_MS 20
/* The poll's cost is logged (G_MESSAGES_DEBUG=fcrm-notifier) this often. */
#define POLL_STATS_EVERY 120
/* More new ones than this at once are summed up in one notification. */
#define MAX_SEPARATE 3
#define SUMMARY_LINES 3

struct _FcrmNotifier
{
  GObject     parent_instance;

  FcrmCrm    *crm;
  GSettings  *settings;       /* nullable */
  gint64      user_id;        /* 0: nobody to notify */

  guint       interval;
  guint       tick_id;
  guint       poll_id;
  guint       idle_id;
  guint       batch_id;       /* the pause before the next batch of robots */

  GCancellable *cancellable;  /* the check on the worker; cancelled on dispose */
  gboolean    in_flight;      /* a check runs (on the worker, or between batches) */
  guint       changes_in_flight; /* "changed" heard meanwhile, the check's own included */
  gboolean    recheck;        /* asked for during a check: one more after it */
  gboolean    paused;         /* the office server cannot be reached: wait */
  gboolean    inbox_dirty;    /* a change since the last check may touch the inbox */
  gboolean    unread_known;
  gint64      unread;
  gboolean    warned_raise;   /* one warning per run when the desktop refuses */
  int         body_markup;    /* -1 unknown; else whether the server parses markup */

  /* what polling for other processes' commits costs */
  guint       poll_count;
  gint64      poll_total_us;
  gint64      poll_max_us;

  /* NotifyNotification → Shown: kept alive until closed, for their actions */
  GHashTable *shown;
};

/* What "Open" on a shown notification does: open an item (and mark the
 * notification read), or — notification_id 0 — show the inbox. */
typedef struct
{
  FcrmEntityType type;
  gint64         entity_id;
  gint64         notification_id;
  char           phone[64];      /* a call from an unknown number: "New Lead" with it */
} Shown;

G_DEFINE_FINAL_TYPE (FcrmNotifier, fcrm_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CRM,
  PROP_USER_ID,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  INBOX_CHANGED,
  EXTERNAL_CHANGE,
  CHECKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean tick_cb (gpointer user_data);
static void schedule_check (FcrmNotifier *self);

/* ---- raising desktop notifications -------------------------------------- */

static gboolean
drop_notification_cb (gpointer user_data)
{
  /* The unref happens here, outside libnotify's "closed" emission. */
  return G_SOURCE_REMOVE;
}

static void
notification_closed_cb (NotifyNotification *note,
                        FcrmNotifier       *self)
{
  if (!g_hash_table_contains (self->shown, note))
    return;

  g_signal_handlers_disconnect_by_data (note, self);
  g_free (g_hash_table_lookup (self->shown, note));
  g_hash_table_steal (self->shown, note);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, drop_notification_cb, note, g_object_unref);
}

static void
present_with_token (NotifyNotification *note,
                    GApplication       *app)
{
  const char *token = notify_notification_get_activation_token (note);

  /* The desktop's activation token lets our window come to the front. */
  if (token != NULL && GTK_IS_APPLICATION (app))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

      if (window != NULL)
        gtk_window_set_startup_id (window, token);
    }
}

static void
open_action_cb (NotifyNotification *note,
                char               *action,
                gpointer            user_data)
{
  FcrmNotifier *self = FCRM_NOTIFIER (user_data);
  GApplication *app = g_application_get_default ();
  Shown *shown = g_hash_table_lookup (self->shown, note);
  g_autoptr(GError) error = NULL;

  if (shown == NULL)
    return;

  /* A summary of many opens the inbox; one notification opens its item. */
  if (shown->notification_id == 0)
    {
      if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "show-notifications"))
        {
          present_with_token (note, app);
          g_action_group_activate_action (G_ACTION_GROUP (app), "show-notifications", NULL);
        }
      return;
    }

  /* Opening it from the desktop means it was seen. */
  if (!fcrm_crm_notification_mark_read (self->crm, shown->notification_id, &error))
    g_warning ("Cannot mark notification %" G_GINT64_FORMAT " read: %s",
               shown->notification_id, error->message);

  /* a call from a number nobody knows: a new lead with that number */
  if (shown->phone[0] != '\0')
    {
      if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "new-lead-with-phone"))
        {
          present_with_token (note, app);
          g_action_group_activate_action (G_ACTION_GROUP (app), "new-lead-with-phone",
                                          g_variant_new_string (shown->phone));
        }
      return;
    }

  if (app == NULL || !g_action_group_has_action (G_ACTION_GROUP (app), "open-item"))
    return;

  present_with_token (note, app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-item",
                                  g_variant_new ("(sx)",
                                                 fcrm_entity_type_to_string (shown->type),
                                                 shown->entity_id));
}

static gboolean
ensure_libnotify (FcrmNotifier *self)
{
  if (!notify_is_initted ())
    {
      const char *name = g_get_application_name ();

      if (!notify_init (name != NULL ? name : _("Furniture CRM")))
        {
          if (!self->warned_raise)
            g_warning ("Cannot use desktop notifications (libnotify did not start)");
          self->warned_raise = TRUE;
          return FALSE;
        }
    }

  /* A server that reads markup in bodies would mangle "Tom & Jerry". */
  if (self->body_markup < 0)
    {
      GList *caps = notify_get_server_caps ();

      self->body_markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
      g_list_free_full (caps, g_free);
    }

  return TRUE;
}

/* Show one desktop notification; @shown (taken) says what "Open" does,
 * NULL for no action. */
static gboolean
show_note (FcrmNotifier *self,
           const char   *summary,
           const char   *body,
           const char   *action_key,
           const char   *action_label,
           Shown        *shown)
{
  NotifyNotification *note;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  if (!ensure_libnotify (self))
    {
      g_free (shown);
      return FALSE;
    }

  if (self->body_markup)
    escaped = g_markup_escape_text (body, -1);

  note = notify_notification_new (summary, escaped != NULL ? escaped : body, APP_ID);
  notify_notification_set_hint (note, "desktop-entry", g_variant_new_string (APP_ID));
  notify_notification_set_category (note, "x-furniture-crm.reminder");

  if (shown != NULL)
    {
      /* "default" is a click on the notification itself. */
      notify_notification_add_action (note, "default", action_label, open_action_cb, self, NULL);
      notify_notification_add_action (note, action_key, action_label, open_action_cb, self, NULL);
    }

  if (!notify_notification_show (note, &error))
    {
      /* The notification stays in the inbox (the bell): nothing is lost. */
      if (!self->warned_raise)
        g_warning ("Cannot show a desktop notification: %s", error->message);
      else
        g_debug ("Cannot show a desktop notification: %s", error->message);
      self->warned_raise = TRUE;
      notify_notification_clear_actions (note);
      g_object_unref (note);
      g_free (shown);
      return FALSE;
    }

  g_signal_connect (note, "closed", G_CALLBACK (notification_closed_cb), self);
  g_hash_table_insert (self->shown, note, shown != NULL ? shown : g_new0 (Shown, 1));

  return TRUE;
}

/* @title: its lead's or deal's, read with it on the worker (NULL, "": none) */
static gboolean
raise_notification (FcrmNotifier     *self,
                    FcrmNotification *n,
                    const char       *title)
{
  Shown *shown = NULL;

  if (g_strcmp0 (n->kind, "call") == 0)
    {
      /* a screen pop: the caller's card, their lead, or a new lead */
      shown = g_new0 (Shown, 1);
      shown->notification_id = n->id;
      if (n->contact_id > 0)
        {
          shown->type = FCRM_ENTITY_CONTACT;
          shown->entity_id = n->contact_id;
        }
      else if (n->entity_id > 0)
        {
          shown->type = n->entity_type;
          shown->entity_id = n->entity_id;
        }
      else
        {
          g_strlcpy (shown->phone, n->phone != NULL ? n->phone : "", sizeof shown->phone);
          return show_note (self, _("Incoming Call"), n->text, "new-lead", _("New Lead"), shown);
        }
      return show_note (self, _("Incoming Call"), n->text, "open", _("Open"), shown);
    }
  if (n->entity_id > 0)
    {
      shown = g_new0 (Shown, 1);
      shown->type = n->entity_type;
      shown->entity_id = n->entity_id;
      shown->notification_id = n->id;
    }

  return show_note (self, title != NULL && *title != '\0' ? title : _("Furniture CRM"), n->text, "open", _("Open"),
                    shown);
}

/* Many at once (the first start of the day, a batch from another desktop):
 * one summary instead of a stack of bubbles; the bell has them all. */
static gboolean
raise_summary (FcrmNotifier *self,
               GPtrArray    *list)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *summary = NULL;
  guint shown_lines = MIN (list->len, SUMMARY_LINES);

  summary = g_strdup_printf (ngettext ("%u new notification", "%u new notifications", list->len),
                             list->len);

  /* Newest first, as in the inbox. */
  for (guint i = 0; i < shown_lines; i++)
    {
      FcrmNotification *n = g_ptr_array_index (list, list->len - 1 - i);

      if (i > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, n->text);
    }
  if (list->len > shown_lines)
    {
      guint more = list->len - shown_lines;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, ngettext ("…and %u more", "…and %u more", more), more);
    }

  return show_note (self, summary, body->str, "open", _("Show"), g_new0 (Shown, 1));
}

/* ---- checks --------------------------------------------------------------- */

static void start_check (FcrmNotifier *self);

/* A check is done (its robot batches, claims and count): tell. */
static void
end_check (FcrmNotifier    *self,
           FcrmNotifyCheck *check)
{
  gboolean inbox_changed;
  guint raised = 0;

  self->in_flight = FALSE;
  self->changes_in_flight = 0;

  if (check != NULL && check->taken != NULL && check->taken->len > MAX_SEPARATE)
    raised = raise_summary (self, check->taken) ? 1 : 0;
  else
    {
      for (guint i = 0; check != NULL && check->taken != NULL && i < check->taken->len; i++)
        {
          const char *title = check->titles != NULL ? g_ptr_array_index (check->titles, i) : NULL;

          if (raise_notification (self, g_ptr_array_index (check->taken, i), title))
            raised++;
        }
    }

  if (check != NULL && check->unread >= 0)
    {
      inbox_changed = self->inbox_dirty || (check->taken != NULL && check->taken->len > 0) ||
                      !self->unread_known || check->unread != self->unread;
      self->unread_known = TRUE;
      self->unread = check->unread;
      self->inbox_dirty = FALSE;
    }
  else if (self->user_id == 0)
    {
      /* nobody's inbox to count: tell what may have changed */
      inbox_changed = self->inbox_dirty;
      self->inbox_dirty = FALSE;
    }
  else
    inbox_changed = FALSE;   /* not counted (it failed, or paused): the next check tells */

  if (inbox_changed)
    g_signal_emit (self, signals[INBOX_CHANGED], 0);
  g_signal_emit (self, signals[CHECKED], 0, raised);

  /* asked for again meanwhile: once more, after this one */
  if (self->recheck)
    {
      self->recheck = FALSE;
      schedule_check (self);
    }
}

static void submit_check (FcrmNotifier *self);

static gboolean
next_batch_cb (gpointer user_data)
{
  FcrmNotifier *self = user_data;

  self->batch_id = 0;
  if (self->paused)
    {
      /* resuming starts a check again */
      end_check (self, NULL);
      return G_SOURCE_REMOVE;
    }
  submit_check (self);
  return G_SOURCE_REMOVE;
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FcrmNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmNotifyCheck) check = NULL;

  check = fcrm_crm_notify_check_finish (FCRM_CRM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* the check's own commits were announced with one "changed" (above us) */
  if (check != NULL && check->announced && self->changes_in_flight > 0)
    self->changes_in_flight--;
  if (self->changes_in_flight > 0)
    {
      /* somebody else changed something meanwhile: look again afterwards */
      self->recheck = TRUE;
      self->inbox_dirty = TRUE;
      self->changes_in_flight = 0;
    }

  if (check == NULL)
    {
      g_warning ("The reminder check failed: %s", error->message);
      end_check (self, NULL);
      return;
    }

  /* Robots due in bulk: one batch at a time, with a pause between two so
   * that other desktops' writes get their turn; the notifications they
   * made are claimed and raised once, after the last batch. */
  if (check->more)
    {
      self->batch_id = g_timeout_add (BATCH_PAUSE_MS, next_batch_cb, self);
      return;
    }

  end_check (self, check);
}

static void
submit_check (FcrmNotifier *self)
{
  fcrm_crm_notify_check_async (self->crm, self->user_id, TRUE, MAX_SEPARATE, self->cancellable,
                               check_done_cb, g_object_ref (self));
}

/* The check runs on the database's worker thread: the main loop only sends
 * it and shows what comes back. */
static void
start_check (FcrmNotifier *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);

  if (self->paused)
    return;
  if (self->in_flight)
    {
      self->recheck = TRUE;
      return;
    }

  /* another desktop's change: the views re-read it now */
  if (fcrm_crm_poll_outside_change (self->crm))
    {
      self->inbox_dirty = TRUE;
      g_signal_emit (self, signals[EXTERNAL_CHANGE], 0);
    }

  self->in_flight = TRUE;
  submit_check (self);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  FcrmNotifier *self = user_data;

  self->idle_id = 0;
  start_check (self);

  return G_SOURCE_REMOVE;
}

/* Coalesced: a burst of changes makes one check. */
static void
schedule_check (FcrmNotifier *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, idle_check_cb, self, NULL);
}

static void
crm_changed_cb (FcrmCrm      *crm,
                FcrmNotifier *self)
{
  /* During a check, its own commits say "changed" too: counted, and
   * told apart when it is back. */
  if (self->in_flight)
    {
      self->changes_in_flight++;
      return;
    }

  self->inbox_dirty = TRUE;
  schedule_check (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  FcrmNotifier *self = user_data;

  start_check (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
poll_cb (gpointer user_data)
{
  FcrmNotifier *self = user_data;
  gint64 start;
  gint64 spent;
  gboolean outside;

  /* While the server is away, asking it would only wait for it. */
  if (self->paused)
    return G_SOURCE_CONTINUE;

  start = g_get_monotonic_time ();
  outside = fcrm_crm_poll_outside_change (self->crm);
  spent = g_get_monotonic_time () - start;

  self->poll_total_us += spent;
  self->poll_max_us = MAX (self->poll_max_us, spent);
  if (++self->poll_count == POLL_STATS_EVERY)
    {
      g_debug ("polling for other desktops' changes: %u polls, %.1f µs average, %" G_GINT64_FORMAT " µs at most",
               self->poll_count, (double) self->poll_total_us / self->poll_count, self->poll_max_us);
      self->poll_count = 0;
      self->poll_total_us = 0;
      self->poll_max_us = 0;
    }

  if (outside)
    {
      /* the views re-read at once; the check looks for what it brought */
      self->inbox_dirty = TRUE;
      g_signal_emit (self, signals[EXTERNAL_CHANGE], 0);
      schedule_check (self);
    }

  return G_SOURCE_CONTINUE;
}

static void
restart_tick (FcrmNotifier *self)
{
  guint interval = DEFAULT_INTERVAL_SECONDS;

  if (self->settings != NULL)
    interval = g_settings_get_uint (self->settings, "check-interval");
  self->interval = MAX (interval, 1);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_seconds (self->interval, tick_cb, self);
}

static void
interval_changed_cb (GSettings    *settings,
                     const char   *key,
                     FcrmNotifier *self)
{
  restart_tick (self);
}

/* ---- GObject ---------------------------------------------------------------- */

static void
fcrm_notifier_constructed (GObject *object)
{
  FcrmNotifier *self = FCRM_NOTIFIER (object);

  G_OBJECT_CLASS (fcrm_notifier_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, 0);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::check-interval",
                             G_CALLBACK (interval_changed_cb), self, 0);

  restart_tick (self);
  self->poll_id = g_timeout_add (EXTERNAL_POLL_MS, poll_cb, self);
  schedule_check (self);
}

static void
drop_shown (FcrmNotifier *self)
{
  GHashTableIter iter;
  gpointer note;

  if (self->shown == NULL)
    return;

  /* The desktop keeps showing them; their actions must not call us any more. */
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &note, NULL))
    {
      g_signal_handlers_disconnect_by_data (note, self);
      notify_notification_clear_actions (note);
    }
  g_hash_table_remove_all (self->shown);
}

static void
fcrm_notifier_dispose (GObject *object)
{
  FcrmNotifier *self = FCRM_NOTIFIER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->batch_id, g_source_remove);
  /* a check under way finishes on the worker; its answer finds nobody */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  drop_shown (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_notifier_parent_class)->dispose (object);
}

static void
fcrm_notifier_finalize (GObject *object)
{
  FcrmNotifier *self = FCRM_NOTIFIER (object);

  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (fcrm_notifier_parent_class)->finalize (object);
}

static void
fcrm_notifier_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcrmNotifier *self = FCRM_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_notifier_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcrmNotifier *self = FCRM_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_USER_ID:
      self->user_id = g_value_get_int64 (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_notifier_class_init (FcrmNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fcrm_notifier_constructed;
  object_class->dispose = fcrm_notifier_dispose;
  object_class->finalize = fcrm_notifier_finalize;
  object_class->get_property = fcrm_notifier_get_property;
  object_class->set_property = fcrm_notifier_set_property;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcrmNotifier::inbox-changed:
   *
   * The user's inbox may have changed (new or read notifications).
   */
  signals[INBOX_CHANGED] = g_signal_new ("inbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FcrmNotifier::external-change:
   *
   * Another process committed to the database.
   */
  signals[EXTERNAL_CHANGE] = g_signal_new ("external-change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FcrmNotifier::checked:
   * @raised: the desktop notifications the check raised
   *
   * A check is complete: its robots, claims and count.
   */
  signals[CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fcrm_notifier_init (FcrmNotifier *self)
{
  self->shown = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->cancellable = g_cancellable_new ();
  self->interval = DEFAULT_INTERVAL_SECONDS;
  self->body_markup = -1;
}

FcrmNotifier *
fcrm_notifier_new (FcrmCrm   *crm,
                   gint64     user_id,
                   GSettings *settings)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (user_id >= 0, NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FCRM_TYPE_NOTIFIER,
                       "crm", crm,
                       "user-id", user_id,
                       "settings", settings,
                       NULL);
}

FcrmCrm *
fcrm_notifier_get_crm (FcrmNotifier *self)
{
  g_return_val_if_fail (FCRM_IS_NOTIFIER (self), NULL);

  return self->crm;
}

gint64
fcrm_notifier_get_user_id (FcrmNotifier *self)
{
  g_return_val_if_fail (FCRM_IS_NOTIFIER (self), 0);

  return self->user_id;
}

guint
fcrm_notifier_get_interval (FcrmNotifier *self)
{
  g_return_val_if_fail (FCRM_IS_NOTIFIER (self), 0);

  return self->interval;
}

void
fcrm_notifier_check_now (FcrmNotifier *self)
{
  g_return_if_fail (FCRM_IS_NOTIFIER (self));

  start_check (self);
}

gboolean
fcrm_notifier_is_checking (FcrmNotifier *self)
{
  g_return_val_if_fail (FCRM_IS_NOTIFIER (self), FALSE);

  return self->in_flight || self->idle_id != 0;
}

gint64
fcrm_notifier_get_unread_count (FcrmNotifier *self)
{
  g_return_val_if_fail (FCRM_IS_NOTIFIER (self), 0);

  return self->unread;
}

void
fcrm_notifier_set_paused (FcrmNotifier *self,
                          gboolean      paused)
{
  g_return_if_fail (FCRM_IS_NOTIFIER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  /* Back: catch up at once (what was missed, robots that fell due). */
  if (!paused)
    schedule_check (self);
}

gboolean
fcrm_notifier_get_paused (FcrmNotifier *self)
{
  g_return_val_if_fail (FCRM_IS_NOTIFIER (self), FALSE);

  return self->paused;
}
