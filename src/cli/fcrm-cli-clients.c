#define G_LOG_DOMAIN "furniture-crm-cli"

/* contact … and company …: the client cards (issue 11). */

#include <glib/gi18n.h>
#include <inttypes.h>

#include "fcrm-cli.h"
#include "fcrm-clients.h"
#include "fcrm-search.h"

static char *
join_points (GPtrArray *points)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < points->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", ((FcrmContactPoint *) g_ptr_array_index (points, i))->value);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
print_contact (FcrmCli     *cli,
               FcrmContact *c,
               gboolean     details)
{
  g_autofree char *phones = join_points (c->phones);
  g_autofree char *emails = join_points (c->emails);

  if (cli->json)
    {
      fcrm_cli_print_json (fcrm_json_contact (c, details ? cli->crm : NULL));
      return;
    }
  if (!details)
    {
      g_print ("#%-6" G_GINT64_FORMAT " %-30s %-24s %s\n", c->id, c->name, c->company_name != NULL ? c->company_name : "-",
               phones);
      return;
    }
  g_print ("%s #%" G_GINT64_FORMAT ": %s\n", _("Contact"), c->id, c->name);
  if (c->company_name != NULL)
    g_print ("  %s: %s\n", _("Company"), c->company_name);
  if (*phones != '\0')
    g_print ("  %s: %s\n", _("Phone"), phones);
  if (*emails != '\0')
    g_print ("  %s: %s\n", _("E-mail"), emails);
  if (c->address != NULL)
    g_print ("  %s: %s\n", _("Address"), c->address);
  if (c->birthday != 0)
    {
      g_autofree char *day = fcrm_time_format_date (c->birthday);
      g_print ("  %s: %s\n", _("Birthday"), day);
    }
  if (c->comment != NULL)
    g_print ("  %s: %s\n", _("Comment"), c->comment);
}

static void
print_company (FcrmCli     *cli,
               FcrmCompany *c,
               gboolean     details)
{
  if (cli->json)
    {
      fcrm_cli_print_json (fcrm_json_company (c, details ? cli->crm : NULL));
      return;
    }
  if (!details)
    {
      g_print ("#%-6" G_GINT64_FORMAT " %-40s %s\n", c->id, c->name, c->inn != NULL ? c->inn : "-");
      return;
    }
  g_print ("%s #%" G_GINT64_FORMAT ": %s\n", _("Company"), c->id, c->name);
  if (c->inn != NULL)
    g_print ("  %s: %s\n", _("INN"), c->inn);
  if (c->kpp != NULL)
    g_print ("  %s: %s\n", _("KPP"), c->kpp);
  if (c->address != NULL)
    g_print ("  %s: %s\n", _("Address"), c->address);
  if (c->comment != NULL)
    g_print ("  %s: %s\n", _("Comment"), c->comment);
}

static int
show_client (FcrmCli *cli,
             gboolean company,
             gint64   id)
{
  g_autoptr(GError) error = NULL;

  if (company)
    {
      g_autoptr(FcrmCompany) c = fcrm_crm_company_get (cli->crm, id, &error);

      if (c == NULL)
        return fcrm_cli_fail (error);
      print_company (cli, c, TRUE);
    }
  else
    {
      g_autoptr(FcrmContact) c = fcrm_crm_contact_get (cli->crm, id, &error);

      if (c == NULL)
        return fcrm_cli_fail (error);
      print_contact (cli, c, TRUE);
    }
  return FCRM_EXIT_OK;
}

static int
contact_add (FcrmCli *cli,
             int      argc,
             char   **argv)
{
  g_autofree char *name = NULL, *company = NULL, *address = NULL, *birthday = NULL, *comment = NULL;
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) emails = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmContact) c = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name"), N_("N") },
    { "phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &phones, N_("Phone number (may be repeated)"), N_("P") },
    { "email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &emails, N_("E-mail address (may be repeated)"), N_("E") },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("Company name"), N_("NAME") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Address"), N_("A") },
    { "birthday", 0, 0, G_OPTION_ARG_STRING, &birthday, N_("Birthday (YYYY-MM-DD)"), N_("DATE") },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Comment"), N_("T") },
    { NULL }
  };
  FcrmContactInput in = { 0 };

  if (!fcrm_cli_parse ("contact add", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: contact add --name N [--phone P]… [--email E]… [--company NAME] [--address A] [--birthday DATE] [--comment T]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  in.name = name;
  in.phones = (const char * const *) phones;
  in.emails = (const char * const *) emails;
  in.company = company;
  in.address = address;
  in.birthday = birthday;
  in.comment = comment;
  c = fcrm_crm_contact_add (cli->crm, &in, &error);
  if (c == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    print_contact (cli, c, TRUE);
  else
    g_print (_("Contact #%" PRId64 " added: %s\n"), c->id, c->name);
  return FCRM_EXIT_OK;
}

static int
company_add (FcrmCli *cli,
             int      argc,
             char   **argv)
{
  g_autofree char *name = NULL, *inn = NULL, *kpp = NULL, *address = NULL, *comment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCompany) c = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name"), N_("N") },
    { "inn", 0, 0, G_OPTION_ARG_STRING, &inn, N_("INN (10 or 12 digits)"), N_("N") },
    { "kpp", 0, 0, G_OPTION_ARG_STRING, &kpp, N_("KPP (9 characters)"), N_("N") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Address"), N_("A") },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Comment"), N_("T") },
    { NULL }
  };

  if (!fcrm_cli_parse ("company add", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: company add --name N [--inn N] [--kpp N] [--address A] [--comment T]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  c = fcrm_crm_company_add (cli->crm, &(FcrmCompanyInput) { name, inn, kpp, address, comment }, &error);
  if (c == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    print_company (cli, c, TRUE);
  else
    g_print (_("Company #%" PRId64 " added: %s\n"), c->id, c->name);
  return FCRM_EXIT_OK;
}

/* contact|company list|show|set|delete|merge (add apart) */
static int
client_command (FcrmCli    *cli,
                gboolean    company,
                const char *verb,
                int         argc,
                char      **argv)
{
  const char *what = company ? "company" : "contact";
  g_autofree char *command = g_strdup_printf ("%s %s", what, verb);
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status;

  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autofree char *query = NULL;
      gint64 limit = 0, after = 0;
      GOptionEntry entries[] = {
        { "query", 0, 0, G_OPTION_ARG_STRING, &query, N_("Only those whose name, phone, e-mail or company contain this"), N_("TEXT") },
        { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N of them"), N_("N") },
        { "after", 0, 0, G_OPTION_ARG_INT64, &after, N_("Only those after this one, by name (the next page)"), N_("ID") },
        { NULL }
      };

      if (!fcrm_cli_parse (command, NULL, entries, &argc, &argv))
        return FCRM_EXIT_USAGE;
      if (argc != 1 || limit < 0 || after < 0)
        return fcrm_cli_usage (company ? _("Usage: company list [--query TEXT] [--limit N] [--after ID]")
                                       : _("Usage: contact list [--query TEXT] [--limit N] [--after ID]"));
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      return fcrm_cli_stream_list (cli, company ? FCRM_CLI_LIST_COMPANIES : FCRM_CLI_LIST_CONTACTS, query, NULL, after,
                                   limit);
    }
  if (g_strcmp0 (verb, "show") == 0 || g_strcmp0 (verb, "delete") == 0)
    {
      gboolean show = g_strcmp0 (verb, "show") == 0;

      if (!fcrm_cli_parse (command, "ID", NULL, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 2,
                           company ? (show ? _("Usage: company show ID") : _("Usage: company delete ID"))
                                   : (show ? _("Usage: contact show ID") : _("Usage: contact delete ID")),
                           &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (show)
        return show_client (cli, company, id);
      if (!(company ? fcrm_crm_company_delete (cli->crm, id, &error) : fcrm_crm_contact_delete (cli->crm, id, &error)))
        return fcrm_cli_fail (error);
      return FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "set") == 0)
    {
      gint64 expected = -1;
      GOptionEntry entries[] = {
        { "expected-version", 0, 0, G_OPTION_ARG_INT64, &expected, N_("Refuse if the card changed since this version"), N_("N") },
        { NULL }
      };

      if (!fcrm_cli_parse (command, "ID FIELD VALUE", entries, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 4, company ? _("Usage: company set ID FIELD VALUE") : _("Usage: contact set ID FIELD VALUE"),
                           &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!(company ? fcrm_crm_company_set (cli->crm, id, argv[2], argv[3], expected, &error)
                    : fcrm_crm_contact_set (cli->crm, id, argv[2], argv[3], expected, &error)))
        return fcrm_cli_fail (error);
      return cli->json ? show_client (cli, company, id) : FCRM_EXIT_OK;
    }
  if (g_strcmp0 (verb, "merge") == 0)
    {
      g_auto(GStrv) take = NULL;
      gint64 other;
      GOptionEntry entries[] = {
        { "take", 0, 0, G_OPTION_ARG_STRING_ARRAY, &take, N_("Take this field from the other card (may be repeated)"), N_("FIELD") },
        { NULL }
      };

      if (!fcrm_cli_parse (command, "KEEP_ID OTHER_ID", entries, &argc, &argv) ||
          !fcrm_cli_id_args (argc, argv, 3,
                             company ? _("Usage: company merge KEEP_ID OTHER_ID [--take FIELD]…")
                                     : _("Usage: contact merge KEEP_ID OTHER_ID [--take FIELD]…"), &id, &status))
        return FCRM_EXIT_USAGE;
      if (!fcrm_cli_parse_id (argv[2], &other))
        {
          g_autofree char *msg = g_strdup_printf (_("“%s” is not an id; ids are positive whole numbers."), argv[2]);
          return fcrm_cli_usage (msg);
        }
      if (!fcrm_cli_open (cli))
        return FCRM_EXIT_ERROR;
      if (!(company ? fcrm_crm_company_merge (cli->crm, id, other, (const char * const *) take, NULL, &error)
                    : fcrm_crm_contact_merge (cli->crm, id, other, (const char * const *) take, NULL, &error)))
        return fcrm_cli_fail (error);
      return cli->json ? show_client (cli, company, id) : FCRM_EXIT_OK;
    }
  return -1;
}

int
fcrm_cli_contact (FcrmCli *cli,
                  int      argc,
                  char   **argv)
{
  const char *usage = _("Usage: contact list|show|add|set|delete|merge …");
  const char *verb = argc >= 2 ? argv[1] : NULL;
  int status;

  if (verb == NULL)
    return fcrm_cli_usage (usage);
  argc--, argv++;
  if (g_strcmp0 (verb, "add") == 0)
    return contact_add (cli, argc, argv);
  status = client_command (cli, FALSE, verb, argc, argv);
  return status >= 0 ? status : fcrm_cli_usage (usage);
}

int
fcrm_cli_company (FcrmCli *cli,
                  int      argc,
                  char   **argv)
{
  const char *usage = _("Usage: company list|show|add|set|delete|merge …");
  const char *verb = argc >= 2 ? argv[1] : NULL;
  int status;

  if (verb == NULL)
    return fcrm_cli_usage (usage);
  argc--, argv++;
  if (g_strcmp0 (verb, "add") == 0)
    return company_add (cli, argc, argv);
  status = client_command (cli, TRUE, verb, argc, argv);
  return status >= 0 ? status : fcrm_cli_usage (usage);
}

int
fcrm_cli_search (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gint64 limit = 50;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N results"), N_("N") },
    { NULL }
  };

  if (!fcrm_cli_parse ("search", "TEXT", entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2 || limit < 1 || limit > 10000)
    return fcrm_cli_usage (_("Usage: search TEXT [--limit N]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  results = fcrm_crm_search (cli->crm, argv[1], (guint) limit, &error);
  if (results == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < results->len; i++)
        {
          FcrmSearchResult *r = g_ptr_array_index (results, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, r->kind);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, r->id);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, r->title);
          json_builder_set_member_name (b, "subtitle");
          json_builder_add_string_value (b, r->subtitle);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      fcrm_cli_print_json (json_builder_get_root (b));
      return FCRM_EXIT_OK;
    }
  for (guint i = 0; i < results->len; i++)
    {
      FcrmSearchResult *r = g_ptr_array_index (results, i);

      g_print ("%-8s #%-6" G_GINT64_FORMAT " %s%s%s\n", r->kind, r->id, r->title, *r->subtitle != '\0' ? " — " : "",
               r->subtitle);
    }
  return FCRM_EXIT_OK;
}
