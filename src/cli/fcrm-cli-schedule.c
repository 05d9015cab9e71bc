#define G_LOG_DOMAIN "furniture-crm-cli"

/* schedule, schedule conflicts, export ical. The schedule is printed as
 * JSON with or without --json: its lines are records with many fields, which
 * the other tools reading it (issue 15) take as JSON. */

#include <glib/gi18n.h>

#include "fcrm-cli.h"
#include "fcrm-error.h"
#include "fcrm-schedule.h"

/* A day (its local midnight; @end: the next one, so "--to 15.12" takes the
 * 15th in) or a moment as typed. */
static gboolean
parse_bound (FcrmCli    *cli,
             const char *text,
             gboolean    end,
             gint64     *out,
             GError    **error)
{
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (cli->crm));
  gint64 day;

  if (fcrm_date_parse_at (text, now, &day, NULL))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day);
      g_autoptr(GDateTime) next = g_date_time_add_days (dt, 1);

      *out = end ? g_date_time_to_unix (next) : day;
      return TRUE;
    }
  return fcrm_time_parse_at (text, now, out, error);
}

/* --from (default today) and --to (default a week after --from) */
static gboolean
parse_period (FcrmCli    *cli,
              const char *from_text,
              const char *to_text,
              gint64     *out_from,
              gint64     *out_to,
              GError    **error)
{
  if (!parse_bound (cli, from_text != NULL ? from_text : "today", FALSE, out_from, error))
    return FALSE;
  if (to_text == NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (*out_from);
      g_autoptr(GDateTime) week = g_date_time_add_days (dt, 7);

      *out_to = g_date_time_to_unix (week);
      return TRUE;
    }
  return parse_bound (cli, to_text, TRUE, out_to, error);
}

int
fcrm_cli_schedule (FcrmCli *cli,
                   int      argc,
                   char   **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *user = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean conflicts = argc >= 2 && g_strcmp0 (argv[1], "conflicts") == 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("From this day (default: today)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("To this day, inclusive (default: a week)"), N_("DATE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Only this person's events"), N_("LOGIN") },
    { NULL }
  };
  gint64 from, to;

  if (conflicts)
    {
      argc--, argv++;
      entries[2] = (GOptionEntry) { NULL };
    }
  if (!fcrm_cli_parse (conflicts ? "schedule conflicts" : "schedule", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1)
    return fcrm_cli_usage (_("Usage: schedule [--from DATE] [--to DATE] [--user LOGIN], "
                             "or schedule conflicts [--from DATE] [--to DATE]"));
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  if (!parse_period (cli, from_text, to_text, &from, &to, &error))
    return fcrm_cli_fail (error);
  if (conflicts)
    {
      list = fcrm_crm_schedule_conflicts (cli->crm, from, to, &error);
      if (list == NULL)
        return fcrm_cli_fail (error);
      fcrm_cli_print_json_array (list, (JsonNode *(*) (gpointer)) fcrm_json_conflict);
      return FCRM_EXIT_OK;
    }
  list = fcrm_crm_schedule (cli->crm, from, to, user, &error);
  if (list == NULL)
    return fcrm_cli_fail (error);
  fcrm_cli_print_json_array (list, (JsonNode *(*) (gpointer)) fcrm_json_event);
  return FCRM_EXIT_OK;
}

/* export ical [--user LOGIN] FILE: a month back, a year ahead (reached
 * through `export`, fcrm-cli-vcard.c) */
int
fcrm_cli_export_ical (FcrmCli *cli,
                      int      argc,
                      char   **argv)
{
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Only this person's events"), N_("LOGIN") },
    { NULL }
  };
  const char *usage = _("Usage: export ical [--user LOGIN] FILE");
  gint64 now;

  if (argc < 2 || g_strcmp0 (argv[1], "ical") != 0)
    return fcrm_cli_usage (usage);
  argc--, argv++;
  if (!fcrm_cli_parse ("export ical", "FILE", entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 2)
    return fcrm_cli_usage (usage);
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  now = fcrm_clock_now (fcrm_crm_get_clock (cli->crm));
  if (!fcrm_crm_export_ical (cli->crm, user, now - 31 * 86400, now + 366 * 86400, argv[1], &error))
    return fcrm_cli_fail (error);
  return FCRM_EXIT_OK;
}
