/* Facade reads for the core tests (declared in fcrm-test-util.h): what a user
 * can see, asked as the application asks it, so that a schema change breaks
 * only the schema tests. Each aborts the test on an error. */

#include "fcrm-test-util.h"
#include "fcrm-robots.h"

/* --- facade reads -------------------------------------------------------- */

/* The error of the facade call a helper just made (checked at once). */
static GError *read_error;

/* A list a facade read returned: no error, and a list. */
static GPtrArray *
checked_list (GPtrArray *list)
{
  g_assert_no_error (read_error);
  g_assert_nonnull (list);
  return list;
}

/* The object in @list whose gint64 at @id_offset is @id (a new reference), or NULL. */
static gpointer
find_by_id (GPtrArray *list,
            glong      id_offset,
            gint64     id)
{
  for (guint i = 0; i < list->len; i++)
    {
      gpointer object = g_ptr_array_index (list, i);

      if (G_STRUCT_MEMBER (gint64, object, id_offset) == id)
        return g_object_ref (object);
    }
  return NULL;
}

/* A facade write succeeded. */
static void
expect_ok (gboolean ok)
{
  g_assert_no_error (read_error);
  g_assert_true (ok);
}

void
fcrm_test_set_actor (FcrmCrm    *crm,
                     const char *login)
{
  expect_ok (fcrm_crm_set_actor (crm, login, &read_error));
}

void
fcrm_test_deal_set (FcrmCrm    *crm,
                    gint64      id,
                    const char *field,
                    const char *value)
{
  expect_ok (fcrm_crm_deal_set (crm, id, field, value, -1, &read_error));
}

void
fcrm_test_deal_lose (FcrmCrm    *crm,
                     gint64      id,
                     const char *reason,
                     const char *comment)
{
  expect_ok (fcrm_crm_deal_lose (crm, id, reason, comment, &read_error));
}

GPtrArray *
fcrm_test_notifications (FcrmCrm    *crm,
                         const char *login,
                         gboolean    unread_only,
                         guint       limit)
{
  return checked_list (fcrm_crm_notifications (crm, login, unread_only, limit, &read_error));
}

gint64
fcrm_test_n_notifications (FcrmCrm    *crm,
                           const char *login)
{
  g_autoptr(GPtrArray) list = fcrm_test_notifications (crm, login, FALSE, 0);

  return list->len;
}

gint64
fcrm_test_n_undelivered (FcrmCrm    *crm,
                         const char *login)
{
  g_autoptr(GPtrArray) list = fcrm_test_notifications (crm, login, FALSE, 0);
  gint64 n = 0;

  for (guint i = 0; i < list->len; i++)
    n += ((FcrmNotification *) g_ptr_array_index (list, i))->delivered_at == 0;
  return n;
}

FcrmNotification *
fcrm_test_notification_get (FcrmCrm *crm,
                            gint64   id)
{
  g_autoptr(GPtrArray) list = fcrm_test_notifications (crm, "*", FALSE, 0);

  return find_by_id (list, G_STRUCT_OFFSET (FcrmNotification, id), id);
}

GPtrArray *
fcrm_test_item_notifications (FcrmCrm        *crm,
                              FcrmEntityType  type,
                              gint64          id)
{
  return checked_list (fcrm_crm_item_notifications (crm, type, id, &read_error));
}

GPtrArray *
fcrm_test_tasks (FcrmCrm    *crm,
                 const char *user,
                 gboolean    open_only,
                 const char *kind)
{
  FcrmTaskFilter filter = { user, open_only, kind };

  return checked_list (fcrm_crm_task_list (crm, &filter, &read_error));
}

gint64
fcrm_test_n_tasks (FcrmCrm    *crm,
                   const char *kind)
{
  g_autoptr(GPtrArray) list = fcrm_test_tasks (crm, NULL, FALSE, kind);

  return list->len;
}

GPtrArray *
fcrm_test_item_tasks (FcrmCrm        *crm,
                      FcrmEntityType  type,
                      gint64          id)
{
  return checked_list (fcrm_crm_item_tasks (crm, type, id, &read_error));
}

gint64
fcrm_test_item_n_tasks (FcrmCrm        *crm,
                        FcrmEntityType  type,
                        gint64          id,
                        const char     *kind)
{
  g_autoptr(GPtrArray) list = fcrm_test_item_tasks (crm, type, id);
  gint64 n = 0;

  for (guint i = 0; i < list->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (list, i);

      if (kind == NULL || g_strcmp0 (t->kind, kind) == 0)
        n++;
    }
  return n;
}

FcrmTask *
fcrm_test_find_task (GPtrArray  *list,
                     const char *kind,
                     gint64      entity_id)
{
  for (guint i = 0; i < list->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (list, i);

      if (g_strcmp0 (t->kind, kind) == 0 && (entity_id == 0 || t->entity_id == entity_id))
        return t;
    }
  return NULL;
}

FcrmTask *
fcrm_test_item_task (FcrmCrm        *crm,
                     FcrmEntityType  type,
                     gint64          id,
                     const char     *kind)
{
  g_autoptr(GPtrArray) list = fcrm_test_item_tasks (crm, type, id);
  FcrmTask *task;

  g_assert_cmpint (fcrm_test_item_n_tasks (crm, type, id, kind), ==, 1);
  task = fcrm_test_find_task (list, kind, id);
  g_assert_nonnull (task);
  return g_object_ref (task);
}

FcrmTask *
fcrm_test_task_get (FcrmCrm *crm,
                    gint64   id)
{
  g_autoptr(GPtrArray) list = fcrm_test_tasks (crm, NULL, FALSE, NULL);

  return find_by_id (list, G_STRUCT_OFFSET (FcrmTask, id), id);
}

char *
fcrm_test_join (GPtrArray *list,
                glong      member_offset)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "|" : "",
                            G_STRUCT_MEMBER (const char *, g_ptr_array_index (list, i), member_offset));
  return g_string_free (s, FALSE);
}

char *
fcrm_test_task_titles (GPtrArray *list)
{
  return fcrm_test_join (list, G_STRUCT_OFFSET (FcrmTask, title));
}

gint64
fcrm_test_n_leads (FcrmCrm *crm)
{
  g_autoptr(GPtrArray) list = checked_list (fcrm_crm_lead_list (crm, NULL, &read_error));

  return list->len;
}

gint64
fcrm_test_n_deals (FcrmCrm *crm)
{
  g_autoptr(GPtrArray) list = checked_list (fcrm_crm_deal_list (crm, NULL, NULL, &read_error));

  return list->len;
}

static GPtrArray *
history (FcrmCrm        *crm,
         FcrmEntityType  type,
         gint64          id)
{
  return checked_list (fcrm_crm_history (crm, type, id, &read_error));
}

char *
fcrm_test_history (FcrmCrm        *crm,
                   FcrmEntityType  type,
                   gint64          id)
{
  g_autoptr(GPtrArray) list = history (crm, type, id);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      FcrmHistoryEntry *e = g_ptr_array_index (list, i);
      g_string_append_printf (s, "%s%s%s", i > 0 ? "|" : "", e->stage, e->left_at == 0 ? "*" : "");
    }
  return g_string_free (s, FALSE);
}

/* Add @items' history entries to @n, the current ones to @open. */
static void
count_history (FcrmCrm   *crm,
               GPtrArray *items,
               gint64    *n,
               gint64    *open)
{
  for (guint i = 0; i < items->len; i++)
    {
      FcrmItem *item = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) list = history (crm, item->type, item->id);

      *n += list->len;
      for (guint j = 0; j < list->len; j++)
        if (((FcrmHistoryEntry *) g_ptr_array_index (list, j))->left_at == 0)
          (*open)++;
    }
}

gint64
fcrm_test_n_history (FcrmCrm *crm,
                     gint64  *out_open)
{
  g_autoptr(GPtrArray) leads = checked_list (fcrm_crm_lead_list (crm, NULL, &read_error));
  g_autoptr(GPtrArray) deals = checked_list (fcrm_crm_deal_list (crm, NULL, NULL, &read_error));
  gint64 n = 0, open = 0;

  count_history (crm, leads, &n, &open);
  count_history (crm, deals, &n, &open);
  if (out_open != NULL)
    *out_open = open;
  return n;
}

gint64
fcrm_test_n_robots (FcrmCrm    *crm,
                    const char *stage)
{
  g_autoptr(GPtrArray) list = checked_list (fcrm_crm_list_robots (crm, stage, &read_error));

  return list->len;
}

FcrmUser *
fcrm_test_user (FcrmCrm    *crm,
                const char *login)
{
  g_autoptr(GError) error = NULL;
  FcrmUser *user = fcrm_crm_find_user (crm, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}
