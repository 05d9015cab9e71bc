#define G_LOG_DOMAIN "furniture-crm-cli"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "fcrm-cli.h"
#include "fcrm-error.h"
#include "fcrm-money.h"

static const struct { const char *name; FcrmCliCommand run; const char *help; } commands[] = {
  { "init",      fcrm_cli_init,     N_("create or upgrade the database and install the template") },
  { "pipeline",  fcrm_cli_pipeline, N_("list pipelines and their stages") },
  { "robot",     fcrm_cli_robot,    N_("list the robots") },
  { "robots",    fcrm_cli_robots,   N_("run the robots that are due") },
  { "user",      fcrm_cli_user,     N_("add or list users") },
  { "lead",      fcrm_cli_lead,     N_("add, show, list, move, junk or convert leads") },
  { "deal",      fcrm_cli_deal,     N_("add, show, list, move, win or lose deals; manage their participants") },
  { "contact",   fcrm_cli_contact,  N_("list, show, add, edit, delete or merge contacts") },
  { "company",   fcrm_cli_company,  N_("list, show, add, edit, delete or merge companies") },
  { "search",    fcrm_cli_search,   N_("find leads, deals, contacts and companies by name, phone or e-mail") },
  { "attachment", fcrm_cli_attachment, N_("save or delete a file attached to a lead or deal") },
  { "notifications", fcrm_cli_notifications, N_("list robot notifications") },
  { "task",      fcrm_cli_task,     N_("list tasks or mark one done") },
  { "callbacks", fcrm_cli_callbacks, N_("list the calls to lost clients, by date") },
  { "schedule",  fcrm_cli_schedule, N_("the field work of a period by person, and its conflicts") },
  { "report",    fcrm_cli_report,   N_("funnel, conversion, losses, time, stuck items, managers and revenue reports") },
  { "intake",    fcrm_cli_intake,   N_("receive leads over HTTP from web forms and telephony") },
  { "import",    fcrm_cli_import,   N_("import contacts, companies or leads from a CSV file (Excel, Bitrix24), or contacts from a vCard file") },
  { "migrate",   fcrm_cli_migrate,  N_("copy this database to an office server (PostgreSQL)") },
  { "demo",      fcrm_cli_demo,     N_("load a realistic generated data set") },
  { "backup",    fcrm_cli_backup,   N_("write a consistent copy of the database, attachments included") },
  { "restore",   fcrm_cli_restore,  N_("replace the database by a backup, keeping the old one aside") },
  { "export",    fcrm_cli_export,   N_("export contacts to a vCard file, or the schedule to an iCalendar file") },
};

int
fcrm_cli_fail (GError *error)
{
  g_printerr ("%s\n", error->message);
  return error->domain == G_OPTION_ERROR ? FCRM_EXIT_USAGE : FCRM_EXIT_ERROR;
}

int
fcrm_cli_usage (const char *message)
{
  g_printerr ("%s\n", message);
  g_printerr (_("Run “furniture-crm-cli --help” for the list of commands.\n"));
  return FCRM_EXIT_USAGE;
}

gboolean
fcrm_cli_parse (const char   *command,
                const char   *params,
                GOptionEntry *entries,
                int          *argc,
                char       ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (params);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf ("furniture-crm-cli %s", command);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fcrm_cli_usage (error->message);
      return FALSE;
    }
  /* "--" ends the options (so a value may start with "-"); it is not an argument */
  for (int i = 1; i < *argc; i++)
    if (g_strcmp0 ((*argv)[i], "--") == 0)
      {
        memmove (&(*argv)[i], &(*argv)[i + 1], (*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }
  return TRUE;
}

gboolean
fcrm_cli_parse_id (const char *text,
                   gint64     *out_id)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_id = (gint64) value;
  return TRUE;
}

gboolean
fcrm_cli_id_args (int         argc,
                  char      **argv,
                  int         expected,
                  const char *usage,
                  gint64     *out_id,
                  int        *out_status)
{
  if (argc != expected)
    {
      *out_status = fcrm_cli_usage (usage);
      return FALSE;
    }
  if (!fcrm_cli_parse_id (argv[1], out_id))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not an id; ids are positive whole numbers."), argv[1]);
      *out_status = fcrm_cli_usage (msg);
      return FALSE;
    }
  return TRUE;
}

void
fcrm_cli_print_json (JsonNode *node)
{
  g_autofree char *text = fcrm_json_to_string (node);

  g_print ("%s\n", text);
  json_node_unref (node);
}

void
fcrm_cli_print_json_array (GPtrArray *items,
                           JsonNode *(*to_json) (gpointer))
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  json_node_take_array (node, array);
  fcrm_cli_print_json (node);
}

int
fcrm_cli_print_users (FcrmCli   *cli,
                      GPtrArray *users)
{
  if (cli->json)
    {
      fcrm_cli_print_json_array (users, (JsonNode *(*) (gpointer)) fcrm_json_user);
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (users, i);
      g_print ("%-16s %-30s %s%s\n", u->login, u->name, fcrm_role_display_name (u->role),
               u->active ? "" : _(" (inactive)"));
    }
  return FCRM_EXIT_OK;
}

static void
print_date (const char *label,
            gint64      date)
{
  g_autofree char *text = NULL;

  if (date == 0)
    return;
  text = fcrm_time_format_date (date);
  g_print ("  %s: %s\n", label, text);
}

/* the Project tab of a lead's or deal's card, what is filled in */
static void
print_project (FcrmItem *it)
{
  g_autofree char *visit = it->visit_at != 0 ? fcrm_time_format_iso (it->visit_at) : NULL;

  print_date (_("Delivery date"), it->delivery_date);
  print_date (_("Installation date"), it->installation_date);
  if (it->installation_needed)
    g_print ("  %s\n", _("Installation needed"));
  if (visit != NULL)
    g_print ("  %s: %s\n", _("Visit time"), visit);
  print_date (_("Warranty until"), it->warranty_until);
  if (it->design != NULL)
    g_print ("  %s: %s\n", _("Design"), it->design);
  if (it->project != NULL)
    g_print ("  %s: %s\n", _("Project"), it->project);
  if (it->measurements != NULL)
    g_print ("  %s: %s\n", _("Measurements"), it->measurements);
}

void
fcrm_cli_print_item (FcrmCli  *cli,
                     FcrmItem *it,
                     gboolean  details)
{
  g_autofree char *budget = NULL;
  g_autofree char *entered = NULL;

  if (cli->json)
    {
      fcrm_cli_print_json (fcrm_json_item (it, details ? cli->crm : NULL));
      return;
    }
  budget = fcrm_money_format_display (it->budget);
  if (!details)
    {
      g_print ("#%-6" G_GINT64_FORMAT " %-22s %-40s %14s  %s\n", it->id, it->stage, it->title, budget,
               it->responsible_login != NULL ? it->responsible_login : "-");
      return;
    }
  entered = fcrm_time_format_iso (it->stage_entered_at);
  g_print ("%s #%" G_GINT64_FORMAT ": %s\n", it->type == FCRM_ENTITY_LEAD ? _("Lead") : _("Deal"), it->id, it->title);
  g_print ("  %s: %s (%s)\n", _("Stage"), fcrm_item_get_stage_name (it), it->stage);
  g_print ("  %s: %s\n", _("In stage since"), entered);
  g_print ("  %s: %s\n", _("Client"), fcrm_item_get_client (it));
  g_print ("  %s: %s\n", _("Budget"), budget);
  g_print ("  %s: %s\n", _("Responsible"), it->responsible_name != NULL ? it->responsible_name : _("nobody"));
  if (it->type == FCRM_ENTITY_DEAL)
    {
      g_autoptr(GPtrArray) users = fcrm_crm_deal_participants (cli->crm, it->id, NULL);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; users != NULL && i < users->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", ((FcrmUser *) g_ptr_array_index (users, i))->name);
      if (names->len > 0)
        g_print ("  %s: %s\n", _("Participants"), names->str);
    }
  g_print ("  %s: %s\n", _("Source"), fcrm_source_display_name (it->source));
  if (it->phone != NULL)
    g_print ("  %s: %s\n", _("Phone"), it->phone);
  if (it->email != NULL)
    g_print ("  %s: %s\n", _("E-mail"), it->email);
  if (it->returning)
    g_print ("  %s\n", _("Returning client"));
  if (it->next_task_title != NULL)
    g_print ("  %s: %s\n", _("Next task"), g_dgettext (GETTEXT_PACKAGE, it->next_task_title));
  print_project (it);
}

static gboolean
open_database (FcrmCli       *cli,
               FcrmOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmClock) clock = NULL;
  g_autofree char *location = cli->db != NULL ? g_strdup (cli->db) : fcrm_crm_default_location ();

  if (cli->at != NULL)
    {
      gint64 at;

      if (!fcrm_time_parse (cli->at, &at, &error))
        {
          g_printerr ("--at: %s\n", error->message);
          return FALSE;
        }
      clock = fcrm_clock_new_fixed (at);
    }
  cli->crm = fcrm_crm_open_full (location, clock, flags, &error);
  if (cli->crm == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (cli->as != NULL && !fcrm_crm_set_actor (cli->crm, cli->as, &error))
    {
      g_printerr ("--as: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_cli_open (FcrmCli *cli)
{
  return open_database (cli, FCRM_OPEN_EXISTING);
}

gboolean
fcrm_cli_open_or_create (FcrmCli *cli)
{
  return open_database (cli, FCRM_OPEN_CREATE);
}

FcrmCrm *
fcrm_cli_open_another (FcrmCli  *cli,
                       GError  **error)
{
  g_autofree char *location = cli->db != NULL ? g_strdup (cli->db) : fcrm_crm_default_location ();
  g_autoptr(FcrmCrm) crm = NULL;

  g_return_val_if_fail (cli->crm != NULL, NULL);
  crm = fcrm_crm_open (location, fcrm_crm_get_clock (cli->crm), error);
  if (crm == NULL || (cli->as != NULL && !fcrm_crm_set_actor (crm, cli->as, error)))
    return NULL;
  return g_steal_pointer (&crm);
}

int
main (int   argc,
      char *argv[])
{
  FcrmCli cli = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli.db, N_("Database file (default: $FURNITURE_CRM_DB or the user data folder)"), N_("PATH") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &cli.at, N_("Act as if it were this moment (ISO 8601)"), N_("TIME") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &cli.as, N_("Act as this user"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FCRM_LOCALEDIR") != NULL ? g_getenv ("FCRM_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_string_append (description, _("Commands:"));
  g_string_append_c (description, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (description, "  %-10s %s\n", commands[i].name, _(commands[i].help));

  context = g_option_context_new (_("COMMAND …"));
  g_option_context_set_summary (context, _("Furniture CRM from the command line: scripting, telephony and tests."));
  g_option_context_set_description (context, description->str);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* the command's own options are parsed by the command */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_strict_posix (context, FALSE);
  status = -1;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = fcrm_cli_usage (error->message);
  else if (argc < 2)
    status = fcrm_cli_usage (_("No command given."));
  for (guint i = 0; status < 0 && i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[1], commands[i].name) == 0)
      status = commands[i].run (&cli, argc - 1, argv + 1);
  if (status < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
      status = fcrm_cli_usage (msg);
    }

  g_clear_object (&cli.crm);
  g_free (cli.db);
  g_free (cli.at);
  g_free (cli.as);
  return status;
}
