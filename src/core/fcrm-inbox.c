#define G_LOG_DOMAIN "fcrm-inbox"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-crm-private.h"
#include "fcrm-field.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"
#include "fcrm-robots.h"

#define DAY (24 * 60 * 60)

/* records */

G_DEFINE_FINAL_TYPE (FcrmNotification, fcrm_notification, G_TYPE_OBJECT)

static void
fcrm_notification_finalize (GObject *object)
{
  FcrmNotification *self = FCRM_NOTIFICATION (object);

  g_free (self->user_login);
  g_free (self->text);
  g_free (self->kind);
  g_free (self->phone);
  G_OBJECT_CLASS (fcrm_notification_parent_class)->finalize (object);
}

static void fcrm_notification_class_init (FcrmNotificationClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_notification_finalize; }
static void fcrm_notification_init (FcrmNotification *self) { }

G_DEFINE_FINAL_TYPE (FcrmTask, fcrm_task, G_TYPE_OBJECT)

static void
fcrm_task_finalize (GObject *object)
{
  FcrmTask *self = FCRM_TASK (object);

  g_free (self->title);
  g_free (self->description);
  g_free (self->kind);
  g_free (self->responsible_login);
  g_free (self->responsible_name);
  g_free (self->entity_title);
  g_free (self->client);
  g_free (self->phone);
  G_OBJECT_CLASS (fcrm_task_parent_class)->finalize (object);
}

static void fcrm_task_class_init (FcrmTaskClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_task_finalize; }
static void fcrm_task_init (FcrmTask *self) { }

char *
fcrm_render_text (const char *text,
                  const char *item,
                  const char *stage_name,
                  const char *responsible)
{
  const struct { const char *name; const char *value; } fills[] = {
    { "{item}", item != NULL ? item : "" },
    { "{stage}", stage_name != NULL ? stage_name : "" },
    { "{responsible}", responsible != NULL && *responsible ? responsible : _("nobody") },
  };
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;

  /* gettext ("") would be the catalog's header */
  if (text == NULL || *text == '\0')
    return g_strdup ("");
  /* one pass: a title that contains "{stage}" is shown as typed */
  for (p = g_dgettext (GETTEXT_PACKAGE, text); *p != '\0';)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (fills); i++)
        if (g_str_has_prefix (p, fills[i].name))
          break;
      if (i < G_N_ELEMENTS (fills))
        {
          g_string_append (s, fills[i].value);
          p += strlen (fills[i].name);
        }
      else
        g_string_append_c (s, *p++);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* the login by a sub-select, not a join: the planner then always walks the
 * notifications' index and looks each login up, never the other way round */
#define NOTIFICATION_COLUMNS \
  "n.id, n.user_id, (SELECT u.login FROM users u WHERE u.id = n.user_id), n.text, n.subject, n.stage, n.person, n.entity_type, n.entity_id, n.created_at," \
  " n.delivered_at, n.read_at, n.kind, n.contact_id, n.caller, n.phone "

static FcrmNotification *
notification_from_stmt (FcrmCrm  *self,
                        FcrmStmt *stmt)
{
  FcrmNotification *n = g_object_new (FCRM_TYPE_NOTIFICATION, NULL);
  FcrmStage *stage = fcrm_crm_get_stage (self, fcrm_stmt_get_text (stmt, 5));

  n->id = fcrm_stmt_get_int64 (stmt, 0);
  n->user_id = fcrm_stmt_get_int64 (stmt, 1);
  n->user_login = fcrm_stmt_dup_text (stmt, 2);
  n->text = fcrm_render_text (fcrm_stmt_get_text (stmt, 3), fcrm_stmt_get_text (stmt, 4),
                              stage != NULL ? fcrm_stage_get_name (stage) : NULL, fcrm_stmt_get_text (stmt, 6));
  n->entity_type = fcrm_entity_type_parse (fcrm_stmt_get_text (stmt, 7));
  n->entity_id = fcrm_stmt_get_int64 (stmt, 8);
  n->created_at = fcrm_stmt_get_int64 (stmt, 9);
  n->delivered_at = fcrm_stmt_get_int64 (stmt, 10);
  n->read_at = fcrm_stmt_get_int64 (stmt, 11);
  n->kind = fcrm_stmt_dup_text (stmt, 12);
  n->contact_id = fcrm_stmt_get_int64 (stmt, 13);
  n->phone = fcrm_stmt_dup_text (stmt, 15);
  if (!fcrm_stmt_is_null (stmt, 14))
    {
      /* a call: who called, as the exchange's number or the client's name */
      g_autoptr(GString) text = g_string_new (n->text);

      g_string_replace (text, "{caller}", fcrm_stmt_get_text (stmt, 14), 1);
      g_free (n->text);
      n->text = g_string_free (g_steal_pointer (&text), FALSE);
    }
  return n;
}

/* The notifier's and the inbox's questions, asked often and of every
 * notification a person ever had: each is answered by an index in the order
 * asked (tests/test-plans.c checks their plans). */
#define SQL_INBOX_ALL_UNREAD \
  "SELECT " NOTIFICATION_COLUMNS "FROM notifications n " \
  "WHERE n.read_at IS NULL ORDER BY n.created_at DESC, n.id DESC LIMIT ?"
#define SQL_INBOX_ALL \
  "SELECT " NOTIFICATION_COLUMNS "FROM notifications n " \
  "ORDER BY n.created_at DESC, n.id DESC LIMIT ?"
#define SQL_INBOX_UNREAD \
  "SELECT " NOTIFICATION_COLUMNS "FROM notifications n " \
  "WHERE n.user_id = ? AND n.read_at IS NULL ORDER BY n.created_at DESC, n.id DESC LIMIT ?"
#define SQL_INBOX \
  "SELECT " NOTIFICATION_COLUMNS "FROM notifications n " \
  "WHERE n.user_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?"
#define SQL_UNDELIVERED \
  "SELECT " NOTIFICATION_COLUMNS "FROM notifications n " \
  "WHERE n.user_id = ? AND n.delivered_at IS NULL ORDER BY n.created_at, n.id LIMIT 100"
/* Bounded: the bell shows "99+" past 99, and a count that reads every unread
 * notification of a person grows with their backlog (30k at 1M records). */
#define SQL_UNREAD_COUNT "SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at IS NULL" \
  " LIMIT " G_STRINGIFY (FCRM_UNREAD_COUNT_CAP) ") AS unread"

const FcrmHotQuery *
fcrm_inbox_hot_queries (void)
{
  static const FcrmHotQuery queries[] = {
    { "inbox, everyone's unread", SQL_INBOX_ALL_UNREAD, 1 },
    { "inbox, everyone's", SQL_INBOX_ALL, 1 },
    { "inbox, unread", SQL_INBOX_UNREAD, 2 },
    { "inbox", SQL_INBOX, 2 },
    { "take undelivered", SQL_UNDELIVERED, 1 },
    { "unread count", SQL_UNREAD_COUNT, 1 },
    { NULL, NULL, 0 },
  };

  return queries;
}

GPtrArray *
fcrm_crm_notifications (FcrmCrm    *self,
                        const char *login,
                        gboolean    unread_only,
                        guint       limit,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FcrmUser) user = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;
  gint64 user_id = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (login == NULL && self->actor != NULL)
    user_id = self->actor->id;
  else if (login != NULL && *login != '\0' && g_strcmp0 (login, "*") != 0)
    {
      user = fcrm_crm_find_user (self, login, error);
      if (user == NULL)
        return NULL;
      user_id = user->id;
    }

  /* one statement per shape: "(? = 0 OR user_id = ?)" would keep the planner
   * from the index that answers each of them in order */
  if (user_id == 0)
    stmt = fcrm_store_prepare (self->store,
                               unread_only
                                 ? SQL_INBOX_ALL_UNREAD
                                 : SQL_INBOX_ALL, error);
  else
    stmt = fcrm_store_prepare (self->store,
                               unread_only
                                 ? SQL_INBOX_UNREAD
                                 : SQL_INBOX, error);
  if (stmt == NULL)
    return NULL;
  if (user_id != 0)
    fcrm_stmt_bind_int64 (stmt, 1, user_id);
  fcrm_stmt_bind_int64 (stmt, user_id != 0 ? 2 : 1, limit > 0 ? limit : G_MAXINT32);
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (list, notification_from_stmt (self, stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
fcrm_crm_notifications_take_undelivered (FcrmCrm *self,
                                         gint64   user_id,
                                         GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  /* BEGIN IMMEDIATE serialises the claim between processes */
  if (!fcrm_crm_begin (self, error))
    return NULL;
  stmt = fcrm_store_prepare (self->store,
                             SQL_UNDELIVERED, error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_int64 (stmt, 1, user_id);
      while (fcrm_stmt_step (stmt, &local))
        g_ptr_array_add (list, notification_from_stmt (self, stmt));
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  /* On PostgreSQL a second desktop may have read the same rows: the update
   * that still finds delivered_at empty wins, the other drops the row. */
  for (guint i = 0; ok && i < list->len;)
    {
      FcrmNotification *n = g_ptr_array_index (list, i);
      int changes = 0;

      stmt = fcrm_store_prepare (self->store,
                                 "UPDATE notifications SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", error);
      ok = stmt != NULL;
      if (ok)
        {
          GError *step_error = NULL;

          n->delivered_at = fcrm_clock_now (self->clock);
          fcrm_stmt_bind_int64 (stmt, 1, n->delivered_at);
          fcrm_stmt_bind_int64 (stmt, 2, n->id);
          fcrm_stmt_step (stmt, &step_error);
          changes = fcrm_stmt_changes (stmt);
          fcrm_stmt_reset (stmt);
          if (step_error != NULL)
            ok = (g_propagate_error (error, step_error), FALSE);
        }
      if (ok && changes == 0)
        g_ptr_array_remove_index (list, i);
      else
        i++;
    }
  /* nobody needs a "changed" for a delivery stamp */
  if (!ok)
    {
      fcrm_store_rollback (self->store);
      return NULL;
    }
  if (!fcrm_store_commit (self->store, error))
    return NULL;
  return g_steal_pointer (&list);
}

gint64
fcrm_crm_notifications_unread_count (FcrmCrm *self,
                                     gint64   user_id)
{
  FcrmStmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), 0);

  stmt = fcrm_store_prepare (self->store,
                             SQL_UNREAD_COUNT, NULL);
  if (stmt == NULL)
    return 0;
  fcrm_stmt_bind_int64 (stmt, 1, user_id);
  if (fcrm_stmt_step (stmt, NULL))
    n = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  return n;
}

/* SET expressions see the row as it was: the delivery stamp takes the
 * bound time again, not read_at, which is still NULL there. Plain "?"
 * only: the PostgreSQL store numbers them in order. */
static gboolean
mark_read (FcrmCrm    *self,
           const char *sql,
           gint64      id,
           GError    **error)
{
  FcrmStmt *stmt;
  gboolean ok;

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_int64 (stmt, 1, fcrm_clock_now (self->clock));
      fcrm_stmt_bind_int64 (stmt, 2, fcrm_clock_now (self->clock));
      fcrm_stmt_bind_int64 (stmt, 3, id);
      ok = fcrm_stmt_run (stmt, error);
    }
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_notification_mark_read (FcrmCrm *self,
                                 gint64   id,
                                 GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return mark_read (self,
                    "UPDATE notifications SET read_at = ?, delivered_at = coalesce(delivered_at, ?) "
                    "WHERE id = ? AND read_at IS NULL", id, error);
}

gboolean
fcrm_crm_notifications_mark_all_read (FcrmCrm *self,
                                      gint64   user_id,
                                      GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return mark_read (self,
                    "UPDATE notifications SET read_at = ?, delivered_at = coalesce(delivered_at, ?) "
                    "WHERE user_id = ? AND read_at IS NULL", user_id, error);
}

/* tasks */

/* "{loss_reason:CODE}" in a callback's description becomes a sentence in the
 * reader's language. */
static char *
render_description (const char *text)
{
  const char *start = text != NULL ? strstr (text, "{loss_reason:") : NULL;
  const char *end = start != NULL ? strchr (start, '}') : NULL;
  g_autofree char *code = NULL;
  GString *out;

  if (end == NULL)
    return g_strdup (text);
  code = g_strndup (start + strlen ("{loss_reason:"), end - start - strlen ("{loss_reason:"));
  out = g_string_new_len (text, start - text);
  g_string_append_printf (out, _("Reason for the loss: %s."),
                          *code != '\0' ? fcrm_loss_reason_display_name (code) : _("not given"));
  g_string_append (out, end + 1);
  return g_string_free (out, FALSE);
}

#define TASK_SELECT \
  "SELECT t.id, t.title, t.description, t.kind, t.due_at, t.due_is_date, t.responsible_id, u.login, u.name," \
  " t.entity_type, t.entity_id, coalesce(l.title, d.title), t.done, t.done_at, coalesce(l.stage, d.stage)," \
  /* the client to call and their number */ \
  " coalesce ((SELECT c.name FROM contacts c WHERE c.id = coalesce (l.contact_id, d.contact_id)), l.name," \
  "   (SELECT co.name FROM companies co WHERE co.id = coalesce (l.company_id, d.company_id)), l.company_name)," \
  " coalesce (l.phone, (SELECT p.phone FROM contact_phones p WHERE p.contact_id = coalesce (l.contact_id, d.contact_id)" \
  "   ORDER BY p.id LIMIT 1)) " \
  "FROM tasks t LEFT JOIN users u ON u.id = t.responsible_id " \
  "LEFT JOIN leads l ON t.entity_type = 'lead' AND l.id = t.entity_id " \
  "LEFT JOIN deals d ON t.entity_type = 'deal' AND d.id = t.entity_id "

static FcrmTask *
task_from_stmt (FcrmCrm  *self,
                FcrmStmt *stmt)
{
  FcrmTask *t = g_object_new (FCRM_TYPE_TASK, NULL);
  FcrmStage *stage = fcrm_crm_get_stage (self, fcrm_stmt_get_text (stmt, 14));

  t->id = fcrm_stmt_get_int64 (stmt, 0);
  /* robot-made titles are msgids with placeholders, filled in the reader's
   * language; a person's own words come back unchanged */
  t->title = fcrm_render_text (fcrm_stmt_get_text (stmt, 1), fcrm_stmt_get_text (stmt, 11),
                               stage != NULL ? fcrm_stage_get_name (stage) : NULL, fcrm_stmt_get_text (stmt, 8));
  t->description = render_description (fcrm_stmt_get_text (stmt, 2));
  t->kind = fcrm_stmt_dup_text (stmt, 3);
  t->due_at = fcrm_stmt_get_int64 (stmt, 4);
  t->due_is_date = fcrm_stmt_get_int64 (stmt, 5) != 0;
  t->responsible_id = fcrm_stmt_get_int64 (stmt, 6);
  t->responsible_login = fcrm_stmt_dup_text (stmt, 7);
  t->responsible_name = fcrm_stmt_dup_text (stmt, 8);
  t->entity_type = fcrm_entity_type_parse (fcrm_stmt_get_text (stmt, 9));
  t->entity_id = fcrm_stmt_get_int64 (stmt, 10);
  t->entity_title = fcrm_stmt_dup_text (stmt, 11);
  t->done = fcrm_stmt_get_int64 (stmt, 12) != 0;
  t->done_at = fcrm_stmt_get_int64 (stmt, 13);
  t->client = fcrm_stmt_dup_text (stmt, 15);
  t->phone = fcrm_stmt_dup_text (stmt, 16);
  return t;
}

static GPtrArray *
collect_tasks (FcrmCrm  *self,
               FcrmStmt *stmt,
               GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;

  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (list, task_from_stmt (self, stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}

static gboolean
task_kind_is_valid (const char *kind)
{
  return g_strv_contains ((const char * const[]) { "robot", "callback", "specify_reason", "manual", NULL }, kind);
}

GPtrArray *
fcrm_crm_task_list (FcrmCrm              *self,
                    const FcrmTaskFilter *filter,
                    GError              **error)
{
  g_autoptr(FcrmUser) user = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (filter != NULL && filter->user != NULL)
    {
      user = fcrm_crm_find_user (self, filter->user, error);
      if (user == NULL)
        return NULL;
    }
  if (filter != NULL && filter->kind != NULL && !task_kind_is_valid (filter->kind))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a kind of task; use robot, callback, specify_reason or manual."), filter->kind);
      return NULL;
    }
  stmt = fcrm_store_prepare (self->store,
                             TASK_SELECT
                             "WHERE (? = 0 OR t.responsible_id = ?) AND (? = 0 OR t.done = 0) AND (CAST(? AS TEXT) IS NULL OR t.kind = ?) "
                             "ORDER BY t.done, t.due_at IS NULL, t.due_at, t.id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, user != NULL ? user->id : 0);
  fcrm_stmt_bind_int64 (stmt, 2, user != NULL ? user->id : 0);
  fcrm_stmt_bind_int64 (stmt, 3, filter != NULL && filter->open_only);
  fcrm_stmt_bind_text (stmt, 4, filter != NULL ? filter->kind : NULL);
  fcrm_stmt_bind_text (stmt, 5, filter != NULL ? filter->kind : NULL);
  return collect_tasks (self, stmt, error);
}

GPtrArray *
fcrm_crm_item_tasks (FcrmCrm        *self,
                     FcrmEntityType  type,
                     gint64          id,
                     GError        **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             TASK_SELECT "WHERE t.entity_type = ? AND t.entity_id = ? "
                             "ORDER BY t.done, t.due_at IS NULL, t.due_at, t.id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  return collect_tasks (self, stmt, error);
}

static FcrmTask *
get_task (FcrmCrm *self,
          gint64   id,
          GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  FcrmStmt *stmt = fcrm_store_prepare (self->store, TASK_SELECT "WHERE t.id = ?", error);

  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  list = collect_tasks (self, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no task #%" PRId64 "."), id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

gboolean
fcrm_crm_task_done (FcrmCrm *self,
                    gint64   id,
                    GError **error)
{
  g_autoptr(FcrmTask) task = NULL;
  FcrmStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  /* checked inside the transaction, the deal locked: nobody empties its
   * loss reason between the check and the write */
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  task = get_task (self, id, error);
  ok = task != NULL;
  if (ok && task->done)
    return fcrm_store_commit (self->store, error);
  if (ok && g_strcmp0 (task->kind, "specify_reason") == 0 && task->entity_type == FCRM_ENTITY_DEAL)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(FcrmItem) deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, task->entity_id, &local);

      /* a deal this user cannot see has nothing to check */
      if (deal == NULL && !g_error_matches (local, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ok = FALSE;
        }
      if (deal != NULL && (deal->loss_reason_text == NULL || *g_strstrip (deal->loss_reason_text) == '\0'))
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                       _("Write why the deal “%s” was lost in “Loss reason in detail” on its card’s Additional tab first, then mark the task done."), deal->title);
          ok = FALSE;
        }
    }
  stmt = ok ? fcrm_store_prepare (self->store,
                                  "UPDATE tasks SET done = 1, done_at = ?, updated = updated + 1 WHERE id = ? AND done = 0",
                                  error)
            : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_int64 (stmt, 1, fcrm_clock_now (self->clock));
      fcrm_stmt_bind_int64 (stmt, 2, id);
      ok = fcrm_stmt_run (stmt, error);
    }
  return fcrm_crm_finish (self, ok, error);
}

FcrmTask *
fcrm_crm_task_add (FcrmCrm        *self,
                   const char     *title,
                   const char     *description,
                   const char     *due,
                   const char     *responsible,
                   FcrmEntityType  type,
                   gint64          entity_id,
                   GError        **error)
{
  g_autofree char *clean_title = g_strstrip (fcrm_text_sanitize (title != NULL ? title : "", FALSE));
  g_autofree char *clean_due = g_strstrip (g_strdup (due != NULL ? due : ""));
  g_autofree char *clean_description = fcrm_text_sanitize (description, TRUE);
  g_autoptr(FcrmItem) item = NULL;
  gint64 due_at = 0, user_id = 0, id = 0;
  gboolean due_is_date = FALSE, ok;
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (*clean_title == '\0' || g_utf8_strlen (clean_title, -1) > 500 || !g_utf8_validate (clean_title, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("A task needs a title of at most 500 characters."));
      return NULL;
    }
  if (clean_description != NULL && g_utf8_strlen (clean_description, -1) > 20000)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("%s is too long: at most %ld characters."), _("The description"), 20000L);
      return NULL;
    }
  if (*clean_due != '\0')
    {
      gint64 now = fcrm_clock_now (self->clock);

      due_is_date = fcrm_date_parse_at (clean_due, now, &due_at, NULL);
      if (!due_is_date && !fcrm_time_parse_at (clean_due, now, &due_at, error))
        return NULL;
    }
  if (responsible != NULL)
    {
      g_autoptr(FcrmUser) u = fcrm_crm_find_user (self, responsible, error);
      if (u == NULL)
        return NULL;
      if (!u->active)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                       _("%s no longer works here; choose an active user."), u->name);
          return NULL;
        }
      user_id = u->id;
    }
  else if (self->actor != NULL)
    user_id = self->actor->id;
  if (entity_id != 0)
    {
      item = fcrm_crm_load_item (self, type, entity_id, error);
      if (item == NULL)
        return NULL;
    }

  if (!fcrm_crm_begin (self, error))
    return NULL;
  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO tasks (title, description, kind, due_at, due_is_date, responsible_id,"
                             "  entity_type, entity_id, done, created_at) VALUES (?, ?, 'manual', ?, ?, ?, ?, ?, 0, ?) "
                             "RETURNING id", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, clean_title);
      fcrm_stmt_bind_text (stmt, 2, clean_description != NULL && *clean_description ? clean_description : NULL);
      fcrm_stmt_bind_id (stmt, 3, due_at);
      fcrm_stmt_bind_int64 (stmt, 4, due_is_date);
      fcrm_stmt_bind_id (stmt, 5, user_id);
      fcrm_stmt_bind_text (stmt, 6, item != NULL ? fcrm_entity_type_to_string (type) : NULL);
      fcrm_stmt_bind_id (stmt, 7, entity_id);
      fcrm_stmt_bind_int64 (stmt, 8, fcrm_clock_now (self->clock));
      if (fcrm_stmt_step (stmt, &local))
        id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  if (!fcrm_crm_finish (self, ok, error))
    return NULL;
  return get_task (self, id, error);
}

GPtrArray *
fcrm_crm_item_notifications (FcrmCrm        *self,
                             FcrmEntityType  type,
                             gint64          id,
                             GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             "SELECT " NOTIFICATION_COLUMNS "FROM notifications n "
                             "WHERE n.entity_type = ? AND n.entity_id = ? ORDER BY n.created_at DESC, n.id DESC", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (list, notification_from_stmt (self, stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}
