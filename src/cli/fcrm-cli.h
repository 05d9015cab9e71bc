#pragma once

#include "fcrm-crm.h"
#include "fcrm-json.h"

G_BEGIN_DECLS

/* Exit codes of SPEC §5. */
enum {
  FCRM_EXIT_OK    = 0,
  FCRM_EXIT_ERROR = 1,  /* bad data, not found, refused transition */
  FCRM_EXIT_USAGE = 2,
};

typedef struct
{
  char      *db;
  char      *at;
  char      *as;
  gboolean   json;
  FcrmCrm   *crm;   /* opened by fcrm_cli_open() */
} FcrmCli;

typedef int (*FcrmCliCommand) (FcrmCli *cli, int argc, char **argv);

/** Open the existing database named by the global options; prints the error
 * and returns FALSE on failure (a missing one is refused: only init creates). */
gboolean fcrm_cli_open        (FcrmCli     *cli);
/** The same, creating and setting up a missing or empty database (init). */
gboolean fcrm_cli_open_or_create (FcrmCli  *cli);
/** One more connection to the database fcrm_cli_open() opened, with the
 * same clock and actor (a worker thread's own). */
FcrmCrm *fcrm_cli_open_another (FcrmCli     *cli,
                                GError     **error);
/** Print @error on stderr and return its exit code. */
int      fcrm_cli_fail        (GError      *error);
/** Print a usage message on stderr and return FCRM_EXIT_USAGE. */
int      fcrm_cli_usage       (const char  *message);
/** Parse a command's own options; returns FALSE (after printing) on a usage error. */
gboolean fcrm_cli_parse       (const char  *command,
                               const char  *params,
                               GOptionEntry *entries,
                               int         *argc,
                               char      ***argv);
/** Print @node as JSON on stdout (takes ownership). */
void     fcrm_cli_print_json  (JsonNode    *node);
/** Add "rejected": [{"row", "reason"}…] of an import (FcrmImportRejection) to @b. */
void     fcrm_cli_add_rejected (JsonBuilder *b,
                                GPtrArray   *rejected);
/** Print @items as a JSON array, each through @to_json. */
void     fcrm_cli_print_json_array (GPtrArray *items,
                                    JsonNode *(*to_json) (gpointer));
/** Print users as text lines or, with --json, an array. */
int      fcrm_cli_print_users (FcrmCli     *cli,
                               GPtrArray   *users);
/** Parse a positive id; FALSE if it is not one. */
gboolean fcrm_cli_parse_id    (const char  *text,
                               gint64      *out_id);
/** "VERB ID …": @argc must be @expected and argv[1] an id; otherwise prints
 * @usage (or why the id is not one), sets @out_status and returns FALSE. */
gboolean fcrm_cli_id_args     (int          argc,
                               char       **argv,
                               int          expected,
                               const char  *usage,
                               gint64      *out_id,
                               int         *out_status);
/** Print an item in the text format. */
void     fcrm_cli_print_item  (FcrmCli     *cli,
                               FcrmItem    *item,
                               gboolean     details);

typedef enum {
  FCRM_CLI_LIST_LEADS,
  FCRM_CLI_LIST_DEALS,
  FCRM_CLI_LIST_CLOSED_LEADS,
  FCRM_CLI_LIST_CLOSED_DEALS,
  FCRM_CLI_LIST_CONTACTS,
  FCRM_CLI_LIST_COMPANIES,
} FcrmCliList;

/** Print a list as it is read, a page at a time (fcrm-cli-lists.c): @a and
 * @b are its filters (leads: stage; deals: pipeline, stage; closed: none;
 * clients: query), @after the id of the item to start after (the last one
 * printed), @limit 0 for all. */
int      fcrm_cli_stream_list (FcrmCli     *cli,
                               FcrmCliList  list,
                               const char  *a,
                               const char  *b,
                               gint64       after,
                               gint64       limit);

int fcrm_cli_init      (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_pipeline  (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_robot     (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_robots    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_user      (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_lead      (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_deal      (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_demo      (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_notifications (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_task      (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_callbacks (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_item_set  (FcrmCli *cli, FcrmEntityType type, int argc, char **argv);
int fcrm_cli_migrate   (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_backup    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_restore   (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_import_vcard (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_export    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_intake    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_attachment (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_contact   (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_company   (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_search    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_report    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_import    (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_schedule  (FcrmCli *cli, int argc, char **argv);
int fcrm_cli_export_ical (FcrmCli *cli, int argc, char **argv);

G_END_DECLS
