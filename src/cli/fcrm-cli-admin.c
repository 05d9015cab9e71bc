#define G_LOG_DOMAIN "furniture-crm-cli"

/* init, pipeline, robot(s), user, demo */

#include <glib/gi18n.h>

#include "fcrm-cli.h"
#include "fcrm-robots.h"

int
fcrm_cli_init (FcrmCli *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  guint n_stages = 0;

  if (!fcrm_cli_parse ("init", NULL, NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("“init” takes no arguments."));
  if (!fcrm_cli_open_or_create (cli))
    return FCRM_EXIT_ERROR;

  pipelines = fcrm_crm_list_pipelines (cli->crm);
  for (guint i = 0; i < pipelines->len; i++)
    n_stages += ((FcrmPipeline *) g_ptr_array_index (pipelines, i))->stages->len;
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pipelines");
      json_builder_add_int_value (b, pipelines->len);
      json_builder_set_member_name (b, "stages");
      json_builder_add_int_value (b, n_stages);
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (_("The database is ready: %u pipelines, %u stages.\n"), pipelines->len, n_stages);
  return FCRM_EXIT_OK;
}

int
fcrm_cli_pipeline (FcrmCli *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GPtrArray) pipelines = NULL;

  if (argc < 2 || g_strcmp0 (argv[1], "list") != 0)
    return fcrm_cli_usage (_("Usage: pipeline list"));
  argc--, argv++;
  if (!fcrm_cli_parse ("pipeline list", NULL, NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: pipeline list"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  pipelines = fcrm_crm_list_pipelines (cli->crm);
  if (cli->json)
    {
      fcrm_cli_print_json_array (pipelines, (JsonNode *(*) (gpointer)) fcrm_json_pipeline);
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < pipelines->len; i++)
    {
      FcrmPipeline *p = g_ptr_array_index (pipelines, i);

      g_print ("%s (%s)\n", fcrm_pipeline_get_name (p), p->code);
      for (guint j = 0; j < p->stages->len; j++)
        {
          FcrmStage *s = g_ptr_array_index (p->stages, j);
          g_print ("  %-24s %-8s %s\n", s->code, fcrm_stage_kind_to_string (s->kind), fcrm_stage_get_name (s));
        }
    }
  return FCRM_EXIT_OK;
}

int
fcrm_cli_robot (FcrmCli *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GPtrArray) robots = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stage = NULL;
  GOptionEntry entries[] = {
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("Only the robots of this stage"), N_("CODE") },
    { NULL }
  };

  if (argc < 2 || g_strcmp0 (argv[1], "list") != 0)
    return fcrm_cli_usage (_("Usage: robot list [--stage CODE]"));
  argc--, argv++;
  if (!fcrm_cli_parse ("robot list", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: robot list [--stage CODE]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  robots = fcrm_crm_list_robots (cli->crm, stage, &error);
  if (robots == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      fcrm_cli_print_json_array (robots, (JsonNode *(*) (gpointer)) fcrm_json_robot);
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *r = g_ptr_array_index (robots, i);
      g_autofree char *when = g_strcmp0 (r->trigger, "delay") == 0
                                ? g_strdup_printf ("+%" G_GINT64_FORMAT "h", r->delay / 3600)
                                : g_strdup (r->trigger);

      g_print ("%-4" G_GINT64_FORMAT " %-24s %-9s %-12s %-13s %s%s\n", r->id, r->stage, when, r->recipient, r->action,
               fcrm_robot_get_text (r), r->enabled ? "" : _(" (disabled)"));
    }
  return FCRM_EXIT_OK;
}

int
fcrm_cli_robots (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GError) error = NULL;
  guint fired = 0;

  if (argc < 2 || g_strcmp0 (argv[1], "run") != 0)
    return fcrm_cli_usage (_("Usage: robots run"));
  argc--, argv++;
  if (!fcrm_cli_parse ("robots run", NULL, NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: robots run"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (!fcrm_crm_robots_run (cli->crm, &fired, &error))
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "fired");
      json_builder_add_int_value (b, fired);
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u robot fired.\n", "%u robots fired.\n", fired), fired);
  return FCRM_EXIT_OK;
}

int
fcrm_cli_user (FcrmCli *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : NULL;

  if (g_strcmp0 (verb, "add") == 0)
    {
      g_autofree char *name = NULL, *role = NULL, *password_file = NULL, *password = NULL;
      g_autoptr(FcrmUser) user = NULL;
      GOptionEntry entries[] = {
        { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Display name"), N_("NAME") },
        { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("manager, designer or supervisor"), N_("ROLE") },
        { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("File with the password (office server only)"), N_("FILE") },
        { NULL }
      };

      argc--, argv++;
      if (!fcrm_cli_parse ("user add", "LOGIN", entries, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 2 || name == NULL || role == NULL)
        return fcrm_cli_usage (_("Usage: user add LOGIN --name N --role manager|designer|supervisor"));
      if (password_file != NULL)
        {
          g_autoptr(GError) read_error = NULL;

          if (!g_file_get_contents (password_file, &password, NULL, &read_error))
            {
              g_printerr (_("Cannot read the password file: %s\n"), read_error->message);
              return FCRM_EXIT_ERROR;
            }
          /* the file's final newline is not part of the password */
          password[strcspn (password, "\r\n")] = '\0';
          if (*password == '\0')
            {
              g_printerr (_("The password file “%s” is empty.\n"), password_file);
              return FCRM_EXIT_ERROR;
            }
        }
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      user = fcrm_crm_user_add_with_password (cli->crm, argv[1], name, role, password, &error);
      if (user == NULL)
        return fcrm_cli_fail (error);
      if (cli->json)
        fcrm_cli_print_json (fcrm_json_user (user));
      else
        g_print (_("Added %s (%s), %s.\n"), user->name, user->login, fcrm_role_display_name (user->role));
      return FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autoptr(GPtrArray) users = NULL;

      argc--, argv++;
      if (!fcrm_cli_parse ("user list", NULL, NULL, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 1)
        return fcrm_cli_usage (_("Usage: user list"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      users = fcrm_crm_list_users (cli->crm, &error);
      if (users == NULL)
        return fcrm_cli_fail (error);
      return fcrm_cli_print_users (cli, users);
    }
  if (g_strcmp0 (verb, "deactivate") == 0 || g_strcmp0 (verb, "activate") == 0)
    {
      gboolean active = g_strcmp0 (verb, "activate") == 0;

      argc--, argv++;
      if (!fcrm_cli_parse (active ? "user activate" : "user deactivate", "LOGIN", NULL, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 2)
        return fcrm_cli_usage (_("Usage: user activate|deactivate LOGIN"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_user_set_active (cli->crm, argv[1], active, &error))
        return fcrm_cli_fail (error);
      if (!cli->json)
        g_print (active ? _("%s works here again.\n") : _("%s no longer works here.\n"), argv[1]);
      return FCRM_EXIT_OK;
    }
  return fcrm_cli_usage (_("Usage: user add|list|activate|deactivate …"));
}

int
fcrm_cli_demo (FcrmCli *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  int leads = 60, deals = 45, contacts = 40, seed = 1;
  GOptionEntry entries[] = {
    { "leads", 0, 0, G_OPTION_ARG_INT, &leads, N_("Number of leads"), "N" },
    { "deals", 0, 0, G_OPTION_ARG_INT, &deals, N_("Number of deals"), "N" },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, N_("Number of contacts"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed (the same seed gives the same data)"), "S" },
    { NULL }
  };
  FcrmDemoOptions options;
  gint64 start;
  double seconds;

  if (!fcrm_cli_parse ("demo", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1 || leads < 0 || deals < 0 || contacts < 0 || leads > 10000000 || deals > 10000000 || contacts > 10000000)
    return fcrm_cli_usage (_("Usage: demo [--leads N] [--deals N] [--contacts N] [--seed S] (N from 0 to 10000000)"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  options = (FcrmDemoOptions) { leads, deals, contacts, (guint32) seed };
  start = g_get_monotonic_time ();
  if (!fcrm_crm_demo (cli->crm, &options, &error))
    return fcrm_cli_fail (error);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "leads");
      json_builder_add_int_value (b, leads);
      json_builder_set_member_name (b, "deals");
      json_builder_add_int_value (b, deals);
      json_builder_set_member_name (b, "contacts");
      json_builder_add_int_value (b, contacts);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, seconds);
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (_("Demo data loaded: %d leads, %d deals, %d contacts in %.1f s.\n"), leads, deals, contacts, seconds);
  return FCRM_EXIT_OK;
}
