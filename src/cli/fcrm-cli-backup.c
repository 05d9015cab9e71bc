#define G_LOG_DOMAIN "furniture-crm-cli"

/* backup FILE | restore FILE */

#include <glib/gi18n.h>
#include <unistd.h>

#include "fcrm-backup.h"
#include "fcrm-cli.h"

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (fraction * 100);

  /* a line per tenth, not per step; only for a person watching */
  if (percent / 10 != *last / 10)
    g_printerr (_("Backing up: %d%%\n"), percent);
  *last = percent;
}

static int
print_done (FcrmCli    *cli,
            const char *key,
            const char *file,
            const char *kept)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, key);
      json_builder_add_string_value (b, file);
      if (kept != NULL)
        {
          json_builder_set_member_name (b, "kept_aside");
          json_builder_add_string_value (b, kept);
        }
      json_builder_end_object (b);
      fcrm_cli_print_json (json_builder_get_root (b));
    }
  else if (kept != NULL)
    g_print (_("Restored from “%s”. The replaced database is kept as “%s”.\n"), file, kept);
  else
    g_print (_("Backed up to “%s”.\n"), file);
  return FCRM_EXIT_OK;
}

int
fcrm_cli_backup (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GError) error = NULL;
  int last = -1;

  if (!fcrm_cli_parse ("backup", "FILE", NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2)
    return fcrm_cli_usage (_("Usage: backup FILE"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (!fcrm_crm_backup (cli->crm, argv[1], cli->json || !isatty (2) ? NULL : progress_cb, &last, NULL, &error))
    return fcrm_cli_fail (error);
  return print_done (cli, "backup", argv[1], NULL);
}

int
fcrm_cli_restore (FcrmCli *cli,
                  int      argc,
                  char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  if (!fcrm_cli_parse ("restore", "FILE", NULL, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2)
    return fcrm_cli_usage (_("Usage: restore FILE"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (!fcrm_crm_restore (cli->crm, argv[1], &kept, &error))
    return fcrm_cli_fail (error);
  return print_done (cli, "restored", argv[1], kept);
}
