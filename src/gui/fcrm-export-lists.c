#define G_LOG_DOMAIN "fcrm-export"

/* Exporting the window's lists: a board's open items, my tasks, the
 * callbacks, the contacts or companies as filtered, read whole on the
 * worker, then written like a report. */

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-export-gui.h"
#include "fcrm-table-lists.h"

typedef struct
{
  char           *view;
  char           *login;   /* the acting user's, for "tasks" */
  char           *query;   /* the list's filter, for "contacts" and "companies" */
  FcrmClientSort  sort;
} ViewQuery;

static void
view_query_free (gpointer data)
{
  ViewQuery *q = data;

  g_free (q->view);
  g_free (q->login);
  g_free (q->query);
  g_free (q);
}

static gpointer
read_view (FcrmCrm  *worker,
           gpointer  data,
           GError  **error)
{
  ViewQuery *q = data;

  if (g_str_equal (q->view, "tasks"))
    return fcrm_table_read_tasks (worker, _("Tasks"), q->login != NULL ? q->login : "", NULL, error);
  if (g_str_equal (q->view, "contacts") || g_str_equal (q->view, "companies"))
    return fcrm_table_read_clients (worker, g_str_equal (q->view, "companies"), q->query, q->sort, error);
  if (g_str_equal (q->view, "callbacks"))
    return fcrm_table_read_tasks (worker, _("Callbacks"), NULL, "callback", error);
  return fcrm_table_read_board (worker, g_str_equal (q->view, "leads") ? "lead" : q->view, error);
}

void
fcrm_export_view_table_async (FcrmCrm             *crm,
                              const char          *view,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  fcrm_export_list_table_async (crm, view, NULL, FCRM_CLIENT_SORT_NAME, cancellable, callback, user_data);
}

void
fcrm_export_list_table_async (FcrmCrm             *crm,
                              const char          *view,
                              const char          *query,
                              FcrmClientSort       sort,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ViewQuery *q;
  FcrmUser *actor;

  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (view != NULL);

  actor = fcrm_crm_get_actor (crm);
  q = g_new0 (ViewQuery, 1);
  q->view = g_strdup (view);
  q->login = actor != NULL ? g_strdup (actor->login) : NULL;
  q->query = g_strdup (query);
  q->sort = sort;
  fcrm_crm_read_async (crm, read_view, q, view_query_free, (GDestroyNotify) fcrm_table_unref,
                       cancellable, callback, user_data);
}

FcrmTable *
fcrm_export_view_table_finish (FcrmCrm       *crm,
                               GAsyncResult  *result,
                               GError       **error)
{
  return fcrm_crm_read_finish (crm, result, error);
}

typedef struct
{
  GtkWidget        *parent;
  FcrmExportFormat  format;
  gboolean          print;
  GSettings        *settings;
} ViewExport;

static void
view_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ViewExport *e = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmTable) table = fcrm_export_view_table_finish (FCRM_CRM (source), result, &error);

  if (table == NULL)
    fcrm_export_report_result (e->parent, NULL, error);
  else if (e->print)
    {
      if (!fcrm_export_print (e->parent, table, NULL, NULL, &error))
        fcrm_export_report_result (e->parent, NULL, error);
    }
  else
    fcrm_export_table_interactive (e->parent, table, e->format, e->settings);

  g_object_unref (e->parent);
  g_clear_object (&e->settings);
  g_free (e);
}

void
fcrm_export_view (GtkWidget        *parent,
                  FcrmCrm          *crm,
                  const char       *view,
                  FcrmExportFormat  format,
                  gboolean          print,
                  GSettings        *settings)
{
  fcrm_export_list (parent, crm, view, NULL, FCRM_CLIENT_SORT_NAME, format, print, settings);
}

void
fcrm_export_list (GtkWidget        *parent,
                  FcrmCrm          *crm,
                  const char       *view,
                  const char       *query,
                  FcrmClientSort    sort,
                  FcrmExportFormat  format,
                  gboolean          print,
                  GSettings        *settings)
{
  ViewExport *e;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (view != NULL);

  e = g_new0 (ViewExport, 1);
  e->parent = g_object_ref (parent);
  e->format = format;
  e->print = print;
  e->settings = settings != NULL ? g_object_ref (settings) : NULL;
  fcrm_export_list_table_async (crm, view, query, sort, NULL, view_read_cb, e);
}
