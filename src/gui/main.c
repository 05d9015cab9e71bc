#define G_LOG_DOMAIN "furniture-crm"

#include <locale.h>

#include <glib/gi18n.h>

#include "fcrm-application.h"

int
main (int   argc,
      char *argv[])
{
  /* --measure-startup counts from here when /proc cannot say more. */
  gint64 start_us = g_get_monotonic_time ();
  g_autoptr(FcrmApplication) app = NULL;
  const char *localedir;
  int status;

  setlocale (LC_ALL, "");
  /* FCRM_LOCALEDIR lets an uninstalled build use its freshly built catalogs. */
  localedir = g_getenv ("FCRM_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Furniture CRM"));

  app = fcrm_application_new (start_us);
  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : fcrm_application_get_exit_status (app);
}
