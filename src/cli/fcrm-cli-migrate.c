#define G_LOG_DOMAIN "furniture-crm-cli"

/* migrate --to postgresql://… */

#include <glib/gi18n.h>
#include <inttypes.h>

#include "fcrm-cli.h"
#include "fcrm-migrate.h"

static void
progress_cb (const char *table,
             gint64      done,
             gint64      total,
             gpointer    user_data)
{
  g_printerr (_("Copying %s: %" PRId64 " of %" PRId64 "\n"), table, done, total);
}

int
fcrm_cli_migrate (FcrmCli *cli,
                  int      argc,
                  char   **argv)
{
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tables = NULL;
  gboolean already = FALSE;
  gint64 rows = 0;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The office server, postgresql://…"), N_("URI") },
    { NULL }
  };

  if (!fcrm_cli_parse ("migrate", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1 || to == NULL)
    return fcrm_cli_usage (_("Usage: migrate --to postgresql://…"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (!fcrm_migrate_to (cli->crm, to, cli->json ? NULL : progress_cb, NULL, &tables, &already, &error))
    return fcrm_cli_fail (error);

  for (guint i = 0; tables != NULL && i < tables->len; i++)
    rows += g_array_index (tables, FcrmMigrateTable, i).rows;
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "already_migrated");
      json_builder_add_boolean_value (b, already);
      json_builder_set_member_name (b, "tables");
      json_builder_begin_array (b);
      for (guint i = 0; tables != NULL && i < tables->len; i++)
        {
          FcrmMigrateTable *t = &g_array_index (tables, FcrmMigrateTable, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "table");
          json_builder_add_string_value (b, t->table);
          json_builder_set_member_name (b, "rows");
          json_builder_add_int_value (b, t->rows);
          json_builder_set_member_name (b, "sha256");
          json_builder_add_string_value (b, t->checksum);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else if (already)
    g_print (_("The office server already holds this database; nothing was copied.\n"));
  else
    g_print (_("Moved to the office server and verified: %u tables, %" PRId64 " rows, checksums equal.\n"),
             tables->len, rows);
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    g_free (g_array_index (tables, FcrmMigrateTable, i).checksum);
  return FCRM_EXIT_OK;
}
