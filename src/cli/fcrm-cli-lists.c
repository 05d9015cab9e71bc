#define G_LOG_DOMAIN "furniture-crm-cli"

/* lead list, deal list (open or closed), contact list, company list: printed
 * as they are read, a page at a time, so memory stays the same whatever the
 * number of items. With --json one array, written element by element (one per
 * line) by the streaming writer; the output goes out in blocks. --after names
 * the last item of the page before (leads and deals go by id, clients by
 * name then id). */

#include <glib/gi18n.h>
#include <stdio.h>

#include "fcrm-cli.h"
#include "fcrm-clients.h"
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
closed_lead_page (FcrmCrm *crm, const char *unused, const char *unused2, gint64 after, guint limit, GError **error)
{
  return fcrm_crm_closed_page (crm, FCRM_ENTITY_LEAD, after, limit, error);
}

static GPtrArray *
closed_deal_page (FcrmCrm *crm, const char *unused, const char *unused2, gint64 after, guint limit, GError **error)
{
  return fcrm_crm_closed_page (crm, FCRM_ENTITY_DEAL, after, limit, error);
}

/* Clients are listed by name: the page after contact @after_id begins after its name. */
static GPtrArray *
client_page (FcrmCrm    *crm,
             gboolean    company,
             const char *query,
             gint64      after_id,
             guint       limit,
             GError    **error)
{
  g_autoptr(FcrmContact) contact = NULL;
  g_autoptr(FcrmCompany) firm = NULL;
  FcrmClientKey key = { NULL, after_id, 0 };

  if (after_id > 0)
    {
      if (company)
        key.name = (firm = fcrm_crm_company_get (crm, after_id, error)) != NULL ? firm->name : NULL;
      else
        key.name = (contact = fcrm_crm_contact_get (crm, after_id, error)) != NULL ? contact->name : NULL;
      if (key.name == NULL)
        return NULL;
    }
  return company ? fcrm_crm_company_page (crm, query, FCRM_CLIENT_SORT_NAME, after_id > 0 ? &key : NULL, limit, error)
                 : fcrm_crm_contact_page (crm, query, FCRM_CLIENT_SORT_NAME, after_id > 0 ? &key : NULL, limit, error);
}

static GPtrArray *
contact_page (FcrmCrm *crm, const char *query, const char *unused, gint64 after, guint limit, GError **error)
{
  return client_page (crm, FALSE, query, after, limit, error);
}

static GPtrArray *
company_page (FcrmCrm *crm, const char *query, const char *unused, gint64 after, guint limit, GError **error)
{
  return client_page (crm, TRUE, query, after, limit, error);
}

static gint64 item_id (gpointer item)    { return ((FcrmItem *) item)->id; }
static gint64 contact_id (gpointer item) { return ((FcrmContact *) item)->id; }
static gint64 company_id (gpointer item) { return ((FcrmCompany *) item)->id; }

static void contact_json (FcrmJsonWriter *w, gpointer c) { fcrm_json_write_contact (w, c, NULL); }
static void company_json (FcrmJsonWriter *w, gpointer c) { fcrm_json_write_company (w, c, NULL); }

static void
contact_text (GString *out,
              gpointer contact)
{
  FcrmContact *c = contact;

  g_string_append_printf (out, "#%-6" G_GINT64_FORMAT " %-30s %-24s ", c->id, c->name,
                          c->company_name != NULL ? c->company_name : "-");
  for (guint i = 0; i < c->phones->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", ((FcrmContactPoint *) g_ptr_array_index (c->phones, i))->value);
  g_string_append_c (out, '\n');
}

static void
company_text (GString *out,
              gpointer company)
{
  FcrmCompany *c = company;

  g_string_append_printf (out, "#%-6" G_GINT64_FORMAT " %-40s %s\n", c->id, c->name, c->inn != NULL ? c->inn : "-");
}

static void
item_json (FcrmJsonWriter *w,
           gpointer        item)
{
  fcrm_json_write_item (w, item, NULL);
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

static const ListKind kinds[] = {
  [FCRM_CLI_LIST_LEADS] = { lead_page, item_id, item_json, item_text },
  [FCRM_CLI_LIST_DEALS] = { deal_page, item_id, item_json, item_text },
  [FCRM_CLI_LIST_CLOSED_LEADS] = { closed_lead_page, item_id, item_json, item_text },
  [FCRM_CLI_LIST_CLOSED_DEALS] = { closed_deal_page, item_id, item_json, item_text },
  [FCRM_CLI_LIST_CONTACTS] = { contact_page, contact_id, contact_json, contact_text },
  [FCRM_CLI_LIST_COMPANIES] = { company_page, company_id, company_json, company_text },
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
  fcrm_crm_set_scan_mode (cli->crm);
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
