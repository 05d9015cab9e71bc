#define G_LOG_DOMAIN "furniture-crm-cli"

/* lead … and deal … */

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>

#include "fcrm-attachments.h"
#include "fcrm-cli.h"
#include "fcrm-schedule.h"

static int
show_item (FcrmCli        *cli,
           FcrmEntityType  type,
           gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) item = (type == FCRM_ENTITY_LEAD ? fcrm_crm_lead_get (cli->crm, id, &error) : fcrm_crm_deal_get (cli->crm, id, &error));

  if (item == NULL)
    return fcrm_cli_fail (error);
  fcrm_cli_print_item (cli, item, TRUE);
  return FCRM_EXIT_OK;
}

static int
lead_add (FcrmCli *cli,
          int      argc,
          char   **argv)
{
  FcrmLeadInput in = { 0 };
  g_autofree char *title = NULL, *name = NULL, *phone = NULL, *email = NULL, *company = NULL;
  g_autofree char *source = NULL, *budget = NULL, *comment = NULL, *responsible = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title"), N_("T") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Client's name"), N_("N") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone number"), N_("P") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), N_("E") },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("Company name"), N_("C") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("call, webform, email, walkin or other"), N_("S") },
    { "budget", 0, 0, G_OPTION_ARG_STRING, &budget, N_("Budget, e.g. 250000 or 250 000,50"), N_("AMOUNT") },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Comment"), N_("T") },
    { "responsible", 0, 0, G_OPTION_ARG_STRING, &responsible, N_("Responsible user"), N_("LOGIN") },
    { NULL }
  };

  if (!fcrm_cli_parse ("lead add", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: lead add --title T [--name N] [--phone P] [--email E] [--company C] [--source S] [--budget AMOUNT] [--comment T] [--responsible LOGIN]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  in = (FcrmLeadInput) { title, name, phone, email, company, source, budget, comment, responsible };
  lead = fcrm_crm_lead_add (cli->crm, &in, &error);
  if (lead == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    fcrm_cli_print_item (cli, lead, TRUE);
  else
    g_print (_("Lead #%" PRId64 " added: %s\n"), lead->id, lead->title);
  return FCRM_EXIT_OK;
}

static int
lead_convert (FcrmCli *cli,
              int      argc,
              char   **argv)
{
  g_autofree char *pipeline = NULL;
  gboolean no_contact = FALSE, no_company = FALSE, no_deal = FALSE;
  g_autoptr(GError) error = NULL;
  FcrmConvertResult result = { 0 };
  FcrmConvertFlags flags = FCRM_CONVERT_DEFAULT;
  gint64 id;
  int status;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("manufacturing, design or repair"), N_("P") },
    { "no-contact", 0, 0, G_OPTION_ARG_NONE, &no_contact, N_("Do not create a contact"), NULL },
    { "no-company", 0, 0, G_OPTION_ARG_NONE, &no_company, N_("Do not create a company"), NULL },
    { "no-deal", 0, 0, G_OPTION_ARG_NONE, &no_deal, N_("Do not create a deal"), NULL },
    { NULL }
  };
  const char *usage = _("Usage: lead convert ID --pipeline manufacturing|design|repair [--no-contact] [--no-company] [--no-deal]");

  if (!fcrm_cli_parse ("lead convert", "ID", entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (!fcrm_cli_id_args (argc, argv, 2, usage, &id, &status))
    return status;
  if (pipeline == NULL)
    return fcrm_cli_usage (usage);
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;

  if (no_contact)
    flags &= ~FCRM_CONVERT_CONTACT;
  if (no_company)
    flags &= ~FCRM_CONVERT_COMPANY;
  if (no_deal)
    flags &= ~FCRM_CONVERT_DEAL;
  if (!fcrm_crm_lead_convert (cli->crm, id, pipeline, flags, &result, &error))
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      const char *keys[] = { "lead_id", "contact_id", "company_id", "deal_id" };
      gint64 values[] = { result.lead_id, result.contact_id, result.company_id, result.deal_id };

      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          json_builder_set_member_name (b, keys[i]);
          if (values[i] == 0)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, values[i]);
        }
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (_("Lead #%" PRId64 " converted: contact %" PRId64 ", company %" PRId64
               ", deal %" PRId64 ".\n"), result.lead_id, result.contact_id, result.company_id, result.deal_id);
  return FCRM_EXIT_OK;
}

/* lead|deal attach ID FILE [--category C] */
static int
item_attach (FcrmCli        *cli,
             FcrmEntityType  type,
             int             argc,
             char          **argv)
{
  g_autofree char *category = NULL;
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  g_autofree char *size_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(FcrmAttachment) attachment = NULL;
  GOptionEntry entries[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("layout, measurements, document or photo"), N_("C") },
    { NULL }
  };
  const char *usage = type == FCRM_ENTITY_LEAD
                      ? _("Usage: lead attach ID FILE [--category layout|measurements|document|photo]")
                      : _("Usage: deal attach ID FILE [--category layout|measurements|document|photo]");
  const char *path;
  GStatBuf st;
  gsize length = 0;
  gint64 id;
  int status;

  if (!fcrm_cli_parse (type == FCRM_ENTITY_LEAD ? "lead attach" : "deal attach", "ID FILE", entries, &argc, &argv) ||
      !fcrm_cli_id_args (argc, argv, 3, usage, &id, &status))
    return FCRM_EXIT_USAGE;
  path = argv[2];

  /* look before reading: a huge file is refused without loading it */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_printerr (_("Cannot read the file “%s”: %s\n"), path, g_strerror (saved));
      return FCRM_EXIT_ERROR;
    }
  name = g_filename_display_basename (path);
  if (!S_ISREG (st.st_mode))
    {
      g_printerr (_("“%s” is not a file; choose a file to attach.\n"), path);
      return FCRM_EXIT_ERROR;
    }
  if (st.st_size > FCRM_ATTACHMENT_MAX_SIZE)
    {
      g_printerr (_("The file “%s” is larger than %d MB; attach a smaller or compressed copy."), name,
                  FCRM_ATTACHMENT_MAX_SIZE / (1024 * 1024));
      g_printerr ("\n");
      return FCRM_EXIT_ERROR;
    }
  if (!g_file_get_contents (path, &data, &length, &error))
    return fcrm_cli_fail (error);
  content = g_bytes_new_take (g_steal_pointer (&data), length);

  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  attachment = fcrm_crm_attach (cli->crm, type, id, name, category, content, &error);
  if (attachment == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      fcrm_cli_print_json (fcrm_json_attachment (attachment));
      return FCRM_EXIT_OK;
    }
  size_text = g_format_size ((guint64) attachment->size);
  if (type == FCRM_ENTITY_LEAD)
    g_print (_("Attached %s (%s) to lead #%" PRId64 "\n"), attachment->name, size_text, id);
  else
    g_print (_("Attached %s (%s) to deal #%" PRId64 "\n"), attachment->name, size_text, id);
  return FCRM_EXIT_OK;
}

static JsonNode *
attachment_json (gpointer attachment)
{
  return fcrm_json_attachment (attachment);
}

/* lead|deal attachments ID */
static int
item_attachments (FcrmCli        *cli,
                  FcrmEntityType  type,
                  int             argc,
                  char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id;
  int status;

  if (!fcrm_cli_parse (type == FCRM_ENTITY_LEAD ? "lead attachments" : "deal attachments", "ID", NULL, &argc, &argv) ||
      !fcrm_cli_id_args (argc, argv, 2, type == FCRM_ENTITY_LEAD ? _("Usage: lead attachments ID") : _("Usage: deal attachments ID"),
                &id, &status))
    return FCRM_EXIT_USAGE;
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  list = fcrm_crm_attachments (cli->crm, type, id, &error);
  if (list == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      fcrm_cli_print_json_array (list, attachment_json);
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      FcrmAttachment *a = g_ptr_array_index (list, i);
      g_autofree char *size_text = g_format_size ((guint64) a->size);

      g_print ("#%-6" G_GINT64_FORMAT " %-12s %10s  %s\n", a->id, fcrm_attachment_category_display_name (a->category),
               size_text, a->name);
    }
  return FCRM_EXIT_OK;
}

int
fcrm_cli_lead (FcrmCli *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : NULL;
  gint64 id;
  int status;

  if (verb == NULL)
    return fcrm_cli_usage (_("Usage: lead add|show|set|list|move|junk|convert|attach|attachments …"));
  argc--, argv++;

  if (g_strcmp0 (verb, "add") == 0)
    return lead_add (cli, argc, argv);
  if (g_strcmp0 (verb, "convert") == 0)
    return lead_convert (cli, argc, argv);
  if (g_strcmp0 (verb, "attach") == 0)
    return item_attach (cli, FCRM_ENTITY_LEAD, argc, argv);
  if (g_strcmp0 (verb, "attachments") == 0)
    return item_attachments (cli, FCRM_ENTITY_LEAD, argc, argv);
  if (g_strcmp0 (verb, "set") == 0)
    return fcrm_cli_item_set (cli, FCRM_ENTITY_LEAD, argc, argv);

  if (g_strcmp0 (verb, "show") == 0)
    {
      if (!fcrm_cli_parse ("lead show", "ID", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, _("Usage: lead show ID"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      return show_item (cli, FCRM_ENTITY_LEAD, id);
    }
  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autofree char *stage = NULL;
      gint64 limit = 0, after = 0;
      gboolean closed = FALSE;
      GOptionEntry entries[] = {
        { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("Only leads at this stage"), N_("CODE") },
        { "closed", 0, 0, G_OPTION_ARG_NONE, &closed, N_("Only closed leads (junk, converted)"), NULL },
        { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N leads"), N_("N") },
        { "after", 0, 0, G_OPTION_ARG_INT64, &after, N_("Only leads after this id (the next page)"), N_("ID") },
        { NULL }
      };

      if (!fcrm_cli_parse ("lead list", NULL, entries, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 1 || limit < 0 || after < 0 || (closed && stage != NULL))
        return fcrm_cli_usage (_("Usage: lead list [--stage CODE | --closed] [--limit N] [--after ID]"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      return fcrm_cli_stream_list (cli, closed ? FCRM_CLI_LIST_CLOSED_LEADS : FCRM_CLI_LIST_LEADS, stage, NULL, after, limit);
    }
  if (g_strcmp0 (verb, "move") == 0)
    {
      if (!fcrm_cli_parse ("lead move", "ID STAGE", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 3, _("Usage: lead move ID STAGE"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_lead_move (cli->crm, id, argv[2], &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_LEAD, id) : FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "junk") == 0)
    {
      g_autofree char *comment = NULL;
      GOptionEntry entries[] = {
        { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Why the lead is junk"), N_("T") },
        { NULL }
      };

      if (!fcrm_cli_parse ("lead junk", "ID", entries, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, _("Usage: lead junk ID [--comment T]"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_lead_junk (cli->crm, id, comment, &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_LEAD, id) : FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "restore") == 0)
    {
      if (!fcrm_cli_parse ("lead restore", "ID", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, _("Usage: lead restore ID"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_lead_restore (cli->crm, id, &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_LEAD, id) : FCRM_EXIT_OK;
    }
  return fcrm_cli_usage (_("Usage: lead add|show|list|move|junk|convert|attach|attachments …"));
}

static gboolean
parse_contact_id (const char *text,
                  gint64     *out)
{
  *out = 0;
  return text == NULL || fcrm_cli_parse_id (text, out);
}

/* deal participant add|remove ID LOGIN, deal participant list ID */
static int
deal_participant (FcrmCli *cli,
                  int      argc,
                  char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *role = NULL;
  const char *usage = _("Usage: deal participant add ID LOGIN [--role measurer|designer|installer|master|driver], "
                        "deal participant remove ID LOGIN, or deal participant list ID");
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("measurer, designer, installer, master or driver"), N_("ROLE") },
    { NULL }
  };
  const char *verb;
  gboolean add;
  gint64 id;
  int status;

  if (!fcrm_cli_parse ("deal participant", "add|remove|list ID [LOGIN]", entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  verb = argc >= 2 ? argv[1] : NULL;
  argc--, argv++;

  if (g_strcmp0 (verb, "list") == 0)
    {
      if (!fcrm_cli_id_args (argc, argv, 2, usage, &id, &status))
        return status;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      users = fcrm_crm_deal_participants (cli->crm, id, &error);
      if (users == NULL)
        return fcrm_cli_fail (error);
      return fcrm_cli_print_users (cli, users);
    }

  if (g_strcmp0 (verb, "add") != 0 && g_strcmp0 (verb, "remove") != 0)
    return fcrm_cli_usage (usage);
  add = g_strcmp0 (verb, "add") == 0;
  if (!add && role != NULL)
    return fcrm_cli_usage (usage);
  if (!fcrm_cli_id_args (argc, argv, 3, usage, &id, &status))
    return status;
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (add ? !fcrm_crm_deal_add_participant_role (cli->crm, id, argv[2], role, &error)
          : !fcrm_crm_deal_remove_participant (cli->crm, id, argv[2], &error))
    return fcrm_cli_fail (error);
  return cli->json ? show_item (cli, FCRM_ENTITY_DEAL, id) : FCRM_EXIT_OK;
}

int
fcrm_cli_deal (FcrmCli *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : NULL;
  gint64 id;
  int status;

  if (verb == NULL)
    return fcrm_cli_usage (_("Usage: deal add|show|list|move|set|participant|attach|attachments|win|lose …"));
  argc--, argv++;

  if (g_strcmp0 (verb, "add") == 0)
    {
      g_autofree char *pipeline = NULL, *title = NULL, *contact = NULL, *company = NULL;
      g_autofree char *budget = NULL, *responsible = NULL, *source = NULL;
      g_autoptr(FcrmItem) deal = NULL;
      FcrmDealInput in;
      gint64 contact_id, company_id;
      GOptionEntry entries[] = {
        { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("manufacturing, design or repair"), N_("P") },
        { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title"), N_("T") },
        { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("Contact id"), N_("ID") },
        { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("Company id"), N_("ID") },
        { "budget", 0, 0, G_OPTION_ARG_STRING, &budget, N_("Budget, e.g. 250000 or 250 000,50"), N_("AMOUNT") },
        { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("call, webform, email, walkin or other"), N_("S") },
        { "responsible", 0, 0, G_OPTION_ARG_STRING, &responsible, N_("Responsible user"), N_("LOGIN") },
        { NULL }
      };
      const char *usage = _("Usage: deal add --pipeline P --title T [--contact ID] [--company ID] [--budget AMOUNT] [--responsible LOGIN]");

      if (!fcrm_cli_parse ("deal add", NULL, entries, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 1 || pipeline == NULL || title == NULL)
        return fcrm_cli_usage (usage);
      if (!parse_contact_id (contact, &contact_id) || !parse_contact_id (company, &company_id))
        return fcrm_cli_usage (_("--contact and --company take an id: a positive whole number."));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      in = (FcrmDealInput) { pipeline, title, contact_id, company_id, budget, source, responsible };
      deal = fcrm_crm_deal_add (cli->crm, &in, &error);
      if (deal == NULL)
        return fcrm_cli_fail (error);
      if (cli->json)
        fcrm_cli_print_item (cli, deal, TRUE);
      else
        g_print (_("Deal #%" PRId64 " added: %s\n"), deal->id, deal->title);
      return FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "set") == 0)
    return fcrm_cli_item_set (cli, FCRM_ENTITY_DEAL, argc, argv);
  if (g_strcmp0 (verb, "participant") == 0)
    return deal_participant (cli, argc, argv);
  if (g_strcmp0 (verb, "attach") == 0)
    return item_attach (cli, FCRM_ENTITY_DEAL, argc, argv);
  if (g_strcmp0 (verb, "attachments") == 0)
    return item_attachments (cli, FCRM_ENTITY_DEAL, argc, argv);
  if (g_strcmp0 (verb, "show") == 0)
    {
      if (!fcrm_cli_parse ("deal show", "ID", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, _("Usage: deal show ID"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      return show_item (cli, FCRM_ENTITY_DEAL, id);
    }
  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autofree char *pipeline = NULL, *stage = NULL;
      gint64 limit = 0, after = 0;
      gboolean closed = FALSE;
      GOptionEntry entries[] = {
        { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("Only deals of this pipeline"), N_("P") },
        { "closed", 0, 0, G_OPTION_ARG_NONE, &closed, N_("Only closed deals (won, lost)"), NULL },
        { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("Only deals at this stage"), N_("CODE") },
        { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N deals"), N_("N") },
        { "after", 0, 0, G_OPTION_ARG_INT64, &after, N_("Only deals after this id (the next page)"), N_("ID") },
        { NULL }
      };

      if (!fcrm_cli_parse ("deal list", NULL, entries, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 1 || limit < 0 || after < 0 || (closed && (stage != NULL || pipeline != NULL)))
        return fcrm_cli_usage (_("Usage: deal list [--pipeline P] [--stage CODE | --closed] [--limit N] [--after ID]"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      return fcrm_cli_stream_list (cli, closed ? FCRM_CLI_LIST_CLOSED_DEALS : FCRM_CLI_LIST_DEALS, pipeline, stage, after, limit);
    }
  if (g_strcmp0 (verb, "move") == 0)
    {
      if (!fcrm_cli_parse ("deal move", "ID STAGE", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 3, _("Usage: deal move ID STAGE"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_deal_move (cli->crm, id, argv[2], &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_DEAL, id) : FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "reopen") == 0)
    {
      if (!fcrm_cli_parse ("deal reopen", "ID STAGE", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 3, _("Usage: deal reopen ID STAGE"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_deal_reopen (cli->crm, id, argv[2], &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_DEAL, id) : FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "win") == 0)
    {
      if (!fcrm_cli_parse ("deal win", "ID", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, _("Usage: deal win ID"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_deal_win (cli->crm, id, &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_DEAL, id) : FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "lose") == 0)
    {
      g_autofree char *reason = NULL, *comment = NULL;
      GOptionEntry entries[] = {
        { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("expensive, not_relevant, no_response or other"), N_("R") },
        { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Comment"), N_("T") },
        { NULL }
      };
      const char *usage = _("Usage: deal lose ID --reason expensive|not_relevant|no_response|other [--comment T]");

      if (!fcrm_cli_parse ("deal lose", "ID", entries, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, usage, &id, &status))
        return FCRM_EXIT_USAGE;
      if (reason == NULL)
        return fcrm_cli_usage (usage);
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_deal_lose (cli->crm, id, reason, comment, &error))
        return fcrm_cli_fail (error);
      return cli->json ? show_item (cli, FCRM_ENTITY_DEAL, id) : FCRM_EXIT_OK;
    }
  return fcrm_cli_usage (_("Usage: deal add|show|list|move|set|participant|attach|attachments|win|lose …"));
}

/* attachment get ID --output FILE [--force], attachment delete ID */
int
fcrm_cli_attachment (FcrmCli *cli,
                     int      argc,
                     char   **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : NULL;
  const char *usage = _("Usage: attachment get ID --output FILE [--force], or attachment delete ID");
  gint64 id;
  int status;

  if (verb == NULL)
    return fcrm_cli_usage (usage);
  argc--, argv++;

  if (g_strcmp0 (verb, "get") == 0)
    {
      g_autofree char *output = NULL;
      g_autofree char *size_text = NULL;
      gboolean force = FALSE;
      g_autoptr(FcrmAttachment) attachment = NULL;
      g_autoptr(GBytes) content = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileOutputStream) stream = NULL;
      gconstpointer data;
      gsize size = 0;
      GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Save the file here"), N_("FILE") },
        { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Overwrite an existing file"), NULL },
        { NULL }
      };

      if (!fcrm_cli_parse ("attachment get", "ID", entries, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, usage, &id, &status))
        return FCRM_EXIT_USAGE;
      if (output == NULL || *output == '\0')
        return fcrm_cli_usage (usage);
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      attachment = fcrm_crm_attachment_get (cli->crm, id, &error);
      if (attachment == NULL)
        return fcrm_cli_fail (error);
      content = fcrm_crm_attachment_content (cli->crm, id, &error);
      if (content == NULL)
        return fcrm_cli_fail (error);
      data = g_bytes_get_data (content, &size);

      file = g_file_new_for_path (output);
      if (force)
        {
          if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
            return fcrm_cli_fail (error);
        }
      else
        {
          /* created only if absent: never overwrites, even racing another writer */
          stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, &error);
          if (stream == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            {
              g_printerr (_("“%s” already exists; choose another name or add --force to overwrite it.\n"), output);
              return FCRM_EXIT_ERROR;
            }
          if (stream == NULL)
            return fcrm_cli_fail (error);
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, NULL, &error) ||
              !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
            {
              g_file_delete (file, NULL, NULL);
              return fcrm_cli_fail (error);
            }
        }
      if (cli->json)
        {
          fcrm_cli_print_json (fcrm_json_attachment (attachment));
          return FCRM_EXIT_OK;
        }
      size_text = g_format_size ((guint64) size);
      g_print (_("Saved %s (%s) to %s\n"), attachment->name, size_text, output);
      return FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "delete") == 0)
    {
      if (!fcrm_cli_parse ("attachment delete", "ID", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2, usage, &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!fcrm_crm_attachment_delete (cli->crm, id, &error))
        return fcrm_cli_fail (error);
      return FCRM_EXIT_OK;
    }
  return fcrm_cli_usage (usage);
}
