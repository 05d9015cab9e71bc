#define G_LOG_DOMAIN "furniture-crm-cli"

/* import contacts|companies|leads FILE [--map COLUMN=FIELD]…
 *   [--map-value FIELD:VALUE=CODE]… [--duplicates skip|merge|create]
 *   [--dry-run] [--skip-rejected] — a thin translation to fcrm_crm_import(). */

#include <glib/gi18n.h>

#include "fcrm-cli.h"
#include "fcrm-error.h"
#include "fcrm-import.h"

#define IMPORT_USAGE N_("Usage: import contacts|companies|leads FILE [--map COLUMN=FIELD]… [--duplicates skip|merge|create] [--dry-run] | import vcard FILE")

/* "rejected": [{"row", "reason"}…] of a CSV or vCard import (FcrmImportRejection) */
void
fcrm_cli_add_rejected (JsonBuilder *b,
                       GPtrArray   *rejected)
{
  json_builder_set_member_name (b, "rejected");
  json_builder_begin_array (b);
  for (guint i = 0; i < rejected->len; i++)
    {
      FcrmImportRejection *r = g_ptr_array_index (rejected, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "row");
      json_builder_add_int_value (b, r->row);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, r->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static JsonNode *
report_json (const FcrmImportReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, report->created);
  json_builder_set_member_name (b, "merged");
  json_builder_add_int_value (b, report->merged);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, report->skipped);
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, report->dry_run);
  fcrm_cli_add_rejected (b, report->rejected);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_report (FcrmCli                *cli,
              const FcrmImportReport *report)
{
  if (cli->json)
    {
      fcrm_cli_print_json (report_json (report));
      return;
    }
  if (report->dry_run)
    g_print (_("Dry run, nothing was written: %u would be created, %u merged, %u skipped as duplicates, %u rejected.\n"),
             report->created, report->merged, report->skipped, report->rejected->len);
  else
    g_print (_("Imported: %u created, %u merged, %u skipped as duplicates, %u rejected.\n"),
             report->created, report->merged, report->skipped, report->rejected->len);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      FcrmImportRejection *r = g_ptr_array_index (report->rejected, i);

      g_print (_("  row %u: %s\n"), r->row, r->reason);
    }
}

int
fcrm_cli_import (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_auto(GStrv) maps = NULL;
  g_auto(GStrv) value_maps = NULL;
  g_autofree char *duplicates = NULL;
  gboolean dry_run = FALSE, skip_rejected = FALSE;
  GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Import column COLUMN into FIELD (“-”: leave it out); may be repeated"), N_("COLUMN=FIELD") },
    { "map-value", 0, 0, G_OPTION_ARG_STRING_ARRAY, &value_maps, N_("Take a stage, source or responsible VALUE of the file as our CODE; may be repeated"), N_("FIELD:VALUE=CODE") },
    { "duplicates", 0, 0, G_OPTION_ARG_STRING, &duplicates, N_("What to do with a row matching a card already there: skip (default), merge or create"), N_("skip|merge|create") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check and count everything, write nothing"), NULL },
    { "skip-rejected", 0, 0, G_OPTION_ARG_NONE, &skip_rejected, N_("Import the good rows even when some are rejected"), NULL },
    { NULL }
  };
  g_autoptr(FcrmImportOptions) options = NULL;
  g_autoptr(FcrmImportFile) file = NULL;
  g_autoptr(FcrmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FcrmImportKind kind;

  if (argc >= 2 && g_str_equal (argv[1], "vcard"))
    return fcrm_cli_import_vcard (cli, argc - 1, argv + 1);
  if (!fcrm_cli_parse ("import", N_("contacts|companies|leads FILE"), entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 3)
    return fcrm_cli_usage (_(IMPORT_USAGE));
  if (g_strcmp0 (argv[1], "contacts") == 0)
    kind = FCRM_IMPORT_CONTACTS;
  else if (g_strcmp0 (argv[1], "companies") == 0)
    kind = FCRM_IMPORT_COMPANIES;
  else if (g_strcmp0 (argv[1], "leads") == 0)
    kind = FCRM_IMPORT_LEADS;
  else
    return fcrm_cli_usage (_(IMPORT_USAGE));

  options = fcrm_import_options_new (kind);
  if (duplicates == NULL || g_strcmp0 (duplicates, "skip") == 0)
    fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_SKIP);
  else if (g_strcmp0 (duplicates, "merge") == 0)
    fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_MERGE);
  else if (g_strcmp0 (duplicates, "create") == 0)
    fcrm_import_options_set_duplicates (options, FCRM_IMPORT_DUPLICATES_CREATE);
  else
    return fcrm_cli_usage (_("--duplicates is skip, merge or create."));
  fcrm_import_options_set_dry_run (options, dry_run);
  fcrm_import_options_set_skip_rejected (options, skip_rejected);
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    if (!fcrm_import_options_parse_map (options, maps[i], &error))
      return fcrm_cli_usage (error->message);
  for (guint i = 0; value_maps != NULL && value_maps[i] != NULL; i++)
    if (!fcrm_import_options_parse_map_value (options, value_maps[i], &error))
      return fcrm_cli_usage (error->message);

  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  file = fcrm_import_file_new_from_path (argv[2], NULL, &error);
  if (file == NULL)
    return fcrm_cli_fail (error);
  if (!fcrm_crm_import (cli->crm, file, options, NULL, NULL, NULL, &report, &error))
    {
      /* the rows refused, then why nothing was written */
      if (report != NULL && cli->json)
        print_report (cli, report);
      return fcrm_cli_fail (error);
    }
  print_report (cli, report);
  return FCRM_EXIT_OK;
}
