#define G_LOG_DOMAIN "furniture-crm-cli"

/* lead list, deal list, contact list: printed as they are read, a page at a
 * time, so memory stays the same whatever the number of items. With --json
 * one array, written element by element (one per line) by the streaming
 * writer; the output goes out in blocks. */

#include <glib/gi18n.h>
#include <stdio.h>

#include "fcrm-cli.h"
#include "fcrm-contacts.h"
#include "fcrm-json-writer.h"
#include "fcrm-money.h"

#define LIST_PAGE  500
#define OUT_BLOCK  (64 * 1024)

typedef struct
{
  GPtrArray *(*page) (FcrmCrm *crm, const char *a, const char *b, gint64 after_id, guint limit, GError **error);
  gint64     (*id)   (gpointer item);
  void       (*json) (FcrmJsonWriter *w, gpointer item);
  void       (*text) (GString *out, gpointer item);
} ListKind;

static GPtrArray *
lead_page (FcrmCrm *crm, const char *stage, const char *unused, gint64 after, guint limit, GError **error)
{
  return fcrm_crm_lead_page (crm, stage, after, limit, error);
}

static GPtrArray *
deal_page (FcrmCrm *crm, const char *pipeline, const char *stage, gint64 after, guint limit, GError **error)
{
  return fcrm_crm_deal_page (crm, pipeline, stage, after, limit, error);
}

static GPtrArray *
contact_page (FcrmCrm *crm, const char *query, const char *unused, gint64 after, guint limit, GError **error)
{
  return fcrm_crm_contact_page (crm, query, after, limit, error);
}

static gint64 item_id (gpointer item)    { return ((FcrmItem *) item)->id; }
static gint64 contact_id (gpointer item) { return ((FcrmContact *) item)->id; }

static void
item_json (FcrmJsonWriter *w,
           gpointer        item)
{
  fcrm_json_write_item (w, item, NULL);
}

static void
contact_json (FcrmJsonWriter *w,
              gpointer        contact)
{
  fcrm_json_write_contact (w, contact);
}

static void
item_text (GString *out,
           gpointer item)
{
  FcrmItem *it = item;
  g_autofree char *budget = fcrm_money_format_display (it->budget);

  g_string_append_printf (out, "#%-6" G_GINT64_FORMAT " %-22s %-40s %14s  %s\n", it->id, it->stage, it->title, budget,
                          it->responsible_login != NULL ? it->responsible_login : "-");
}

static void
contact_text (GString *out,
              gpointer contact)
{
  FcrmContact *c = contact;

  g_string_append_printf (out, "#%-6" G_GINT64_FORMAT " %-32s %-18s %-28s %s\n", c->id, c->name,
                          c->phones->len > 0 ? (const char *) g_ptr_array_index (c->phones, 0) : "-",
                          c->emails->len > 0 ? (const char *) g_ptr_array_index (c->emails, 0) : "-",
                          c->company != NULL ? c->company : "-");
}

static const ListKind kinds[] = {
  [FCRM_CLI_LIST_LEADS] = { lead_page, item_id, item_json, item_text },
  [FCRM_CLI_LIST_DEALS] = { deal_page, item_id, item_json, item_text },
  [FCRM_CLI_LIST_CONTACTS] = { contact_page, contact_id, contact_json, contact_text },
};

static void
write_out (GString *out)
{
  fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);
}

int
fcrm_cli_stream_list (FcrmCli     *cli,
                      FcrmCliList  list,
                      const char  *a,
                      const char  *b,
                      gint64       after,
                      gint64       limit)
{
  const ListKind *kind = &kinds[list];
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (OUT_BLOCK + 4096);
  gint64 printed = 0;
  gboolean more = TRUE;

  /* what g_print() wrote before goes first */
  fflush (stdout);
  while (more && (limit <= 0 || printed < limit))
    {
      guint want = limit > 0 ? (guint) MIN (LIST_PAGE, limit - printed) : LIST_PAGE;
      g_autoptr(GPtrArray) items = kind->page (cli->crm, a, b, after, want, &error);

      if (items == NULL)
        {
          /* an error after the first page: close the array so what was printed stays JSON */
          if (cli->json && printed > 0)
            g_string_append (out, "\n]\n");
          write_out (out);
          fflush (stdout);
          return fcrm_cli_fail (error);
        }
      for (guint i = 0; i < items->len; i++)
        {
          gpointer item = g_ptr_array_index (items, i);

          if (cli->json)
            {
              FcrmJsonWriter w;

              g_string_append (out, printed == 0 ? "[\n" : ",\n");
              fcrm_json_writer_init (&w, out);
              kind->json (&w, item);
            }
          else
            kind->text (out, item);
          printed++;
          after = kind->id (item);
          if (out->len >= OUT_BLOCK)
            write_out (out);
        }
      more = items->len == want;
    }
  if (cli->json)
    g_string_append (out, printed == 0 ? "[]\n" : "\n]\n");
  write_out (out);
  fflush (stdout);
  return FCRM_EXIT_OK;
}

/* contact list [--query T] [--limit N] [--after ID] */
int
fcrm_cli_contact (FcrmCli *cli,
                  int      argc,
                  char   **argv)
{
  const char *verb = argc >= 2 ? argv[1] : NULL;
  const char *usage = _("Usage: contact list [--query T] [--limit N] [--after ID]");
  g_autofree char *query = NULL;
  gint64 limit = 0, after = 0;
  GOptionEntry entries[] = {
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, N_("Only contacts whose name, phone or e-mail contains this"), N_("T") },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N contacts"), N_("N") },
    { "after", 0, 0, G_OPTION_ARG_INT64, &after, N_("Only contacts after this id (the next page)"), N_("ID") },
    { NULL }
  };

  if (g_strcmp0 (verb, "list") != 0)
    return fcrm_cli_usage (usage);
  argc--, argv++;
  if (!fcrm_cli_parse ("contact list", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (argc != 1 || limit < 0 || after < 0)
    return fcrm_cli_usage (usage);
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  return fcrm_cli_stream_list (cli, FCRM_CLI_LIST_CONTACTS, query, NULL, after, limit);
}
