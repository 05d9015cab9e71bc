#define G_LOG_DOMAIN "furniture-crm-cli"

/* import vcard FILE | export vcard [--contact ID]… FILE */

#include <glib/gi18n.h>

#include "fcrm-cli.h"
#include "fcrm-vcard.h"

static int
import_vcard (FcrmCli *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(FcrmVcardImport) result = NULL;
  gsize length = 0;

  if (!fcrm_cli_parse ("import vcard", "FILE", NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2)
    return fcrm_cli_usage (_("Usage: import vcard FILE"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (!g_file_get_contents (argv[1], &data, &length, &error))
    return fcrm_cli_fail (error);
  result = fcrm_crm_import_vcard (cli->crm, data, length, &error);
  if (result == NULL)
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "created");
      json_builder_add_int_value (b, result->created);
      json_builder_set_member_name (b, "merged");
      json_builder_add_int_value (b, result->merged);
      fcrm_cli_add_rejected (b, result->rejected);
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
      return FCRM_EXIT_OK;
    }
  g_print (_("Imported: %u created, %u merged, %u rejected.\n"), result->created, result->merged,
           result->rejected->len);
  for (guint i = 0; i < result->rejected->len; i++)
    {
      FcrmVcardRejection *r = g_ptr_array_index (result->rejected, i);
      g_print (_("Card %u: %s\n"), r->row, r->reason);
    }
  return FCRM_EXIT_OK;
}

static int
export_vcard (FcrmCli *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) contacts = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *text = NULL;
  GOptionEntry entries[] = {
    { "contact", 0, 0, G_OPTION_ARG_STRING_ARRAY, &contacts, N_("A contact to export (may repeat; none: all)"), N_("ID") },
    { NULL }
  };

  if (!fcrm_cli_parse ("export vcard", "FILE", entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2)
    return fcrm_cli_usage (_("Usage: export vcard [--contact ID]… FILE"));
  for (guint i = 0; contacts != NULL && contacts[i] != NULL; i++)
    {
      gint64 id;

      if (!fcrm_cli_parse_id (contacts[i], &id))
        {
          g_printerr (_("“%s” is not a contact id.\n"), contacts[i]);
          return FCRM_EXIT_USAGE;
        }
      g_array_append_val (ids, id);
    }
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  text = fcrm_crm_export_vcard (cli->crm, (const gint64 *) ids->data, ids->len, &error);
  if (text == NULL || !g_file_set_contents (argv[1], text, -1, &error))
    return fcrm_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, argv[1]);
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (_("Exported to “%s”.\n"), argv[1]);
  return FCRM_EXIT_OK;
}

/* `import vcard FILE`: reached through `import` (fcrm-cli-import.c) */
int
fcrm_cli_import_vcard (FcrmCli *cli,
                       int      argc,
                       char   **argv)
{
  return import_vcard (cli, argc, argv);
}

int
fcrm_cli_export (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "vcard"))
    return export_vcard (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "ical"))
    return fcrm_cli_export_ical (cli, argc, argv);
  return fcrm_cli_usage (_("Usage: export vcard [--contact ID]… FILE | export ical [--user LOGIN] FILE"));
}
