#define G_LOG_DOMAIN "furniture-crm-cli"

/* notifications, task, callbacks, deal set */

#include <glib/gi18n.h>

#include "fcrm-cli.h"
#include "fcrm-inbox.h"

int
fcrm_cli_notifications (FcrmCli *cli,
                        int      argc,
                        char   **argv)
{
  g_autofree char *user = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Only this user's notifications"), N_("LOGIN") },
    { NULL }
  };

  if (argc < 2 || g_strcmp0 (argv[1], "list") != 0)
    return fcrm_cli_usage (_("Usage: notifications list [--user LOGIN]"));
  argc--, argv++;
  if (!fcrm_cli_parse ("notifications list", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: notifications list [--user LOGIN]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  /* without --user: the --as user's inbox, else everybody's */
  list = fcrm_crm_notifications (cli->crm, user != NULL ? user : (cli->as != NULL ? NULL : "*"), FALSE, 0, &error);
  if (list == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      fcrm_cli_print_json_array (list, (JsonNode *(*) (gpointer)) fcrm_json_notification);
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (list, i);
      g_autofree char *when = fcrm_time_format_iso (n->created_at);

      g_print ("%s  %-12s %s%s\n", when, n->user_login, n->text, n->read_at != 0 ? "" : _(" (unread)"));
    }
  return FCRM_EXIT_OK;
}

static int
print_tasks (FcrmCli   *cli,
             GPtrArray *list)
{
  if (cli->json)
    {
      fcrm_cli_print_json_array (list, (JsonNode *(*) (gpointer)) fcrm_json_task);
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      FcrmTask *t = g_ptr_array_index (list, i);
      g_autofree char *due = t->due_at == 0 ? g_strdup ("-")
                           : t->due_is_date ? fcrm_time_format_date (t->due_at) : fcrm_time_format_iso (t->due_at);

      g_print ("#%-6" G_GINT64_FORMAT " %-25s %-14s %-12s %s%s%s%s\n", t->id, due, t->kind,
               t->responsible_login != NULL ? t->responsible_login : "-", t->title,
               t->entity_title != NULL ? " — " : "", t->entity_title != NULL ? t->entity_title : "",
               t->done ? _(" (done)") : "");
    }
  return FCRM_EXIT_OK;
}

int
fcrm_cli_task (FcrmCli *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : NULL;

  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autofree char *user = NULL, *kind = NULL;
      gboolean open_only = FALSE;
      g_autoptr(GPtrArray) list = NULL;
      FcrmTaskFilter filter;
      GOptionEntry entries[] = {
        { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Only this user's tasks"), N_("LOGIN") },
        { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only tasks not done yet"), NULL },
        { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("robot, callback, specify_reason or manual"), N_("K") },
        { NULL }
      };

      argc--, argv++;
      if (!fcrm_cli_parse ("task list", NULL, entries, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 1)
        return fcrm_cli_usage (_("Usage: task list [--user LOGIN] [--open] [--kind K]"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      filter = (FcrmTaskFilter) { user, open_only, kind };
      list = fcrm_crm_task_list (cli->crm, &filter, &error);
      if (list == NULL)
        return fcrm_cli_fail (error);
      return print_tasks (cli, list);
    }
  if (g_strcmp0 (verb, "done") == 0)
    {
      gint64 id;

      argc--, argv++;
      if (!fcrm_cli_parse ("task done", "ID", NULL, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 2 || !fcrm_cli_parse_id (argv[1], &id))
        return fcrm_cli_usage (_("Usage: task done ID"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_task_done (cli->crm, id, &error))
        return fcrm_cli_fail (error);
      return FCRM_EXIT_OK;
    }
  return fcrm_cli_usage (_("Usage: task list|done …"));
}

int
fcrm_cli_callbacks (FcrmCli *cli,
                    int      argc,
                    char   **argv)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTaskFilter filter = { NULL, TRUE, "callback" };

  if (argc < 2 || g_strcmp0 (argv[1], "list") != 0)
    return fcrm_cli_usage (_("Usage: callbacks list"));
  argc--, argv++;
  if (!fcrm_cli_parse ("callbacks list", NULL, NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: callbacks list"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  list = fcrm_crm_task_list (cli->crm, &filter, &error);
  if (list == NULL)
    return fcrm_cli_fail (error);
  return print_tasks (cli, list);
}

int
fcrm_cli_item_set (FcrmCli        *cli,
                   FcrmEntityType  type,
                   int             argc,
                   char          **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean lead = type == FCRM_ENTITY_LEAD;
  gboolean ok;
  gint64 id;

  if (!fcrm_cli_parse (lead ? "lead set" : "deal set", "ID FIELD VALUE", NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 4 || !fcrm_cli_parse_id (argv[1], &id))
    return fcrm_cli_usage (lead ? _("Usage: lead set ID FIELD VALUE") : _("Usage: deal set ID FIELD VALUE"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  ok = lead ? fcrm_crm_lead_set (cli->crm, id, argv[2], argv[3], -1, &error)
            : fcrm_crm_deal_set (cli->crm, id, argv[2], argv[3], -1, &error);
  if (!ok)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(FcrmItem) item = lead ? fcrm_crm_lead_get (cli->crm, id, &error)
                                      : fcrm_crm_deal_get (cli->crm, id, &error);
      if (item == NULL)
        return fcrm_cli_fail (error);
      fcrm_cli_print_item (cli, item, TRUE);
    }
  return FCRM_EXIT_OK;
}
