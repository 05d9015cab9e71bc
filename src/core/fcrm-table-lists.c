#define G_LOG_DOMAIN "fcrm-table-lists"

#include <glib/gi18n-lib.h>

#include "fcrm-error.h"
#include "fcrm-inbox.h"
#include "fcrm-item.h"
#include "fcrm-pipeline.h"
#include "fcrm-table-lists.h"

/* Pages of the whole list, so no single read holds a lock for long. */
#define PAGE 1000

static void
set_text_or_skip (FcrmTable  *table,
                  guint       row,
                  guint       column,
                  const char *text)
{
  if (text != NULL && *text != '\0')
    fcrm_table_set_text (table, row, column, text);
}

static void
add_item_row (FcrmCrm   *crm,
              FcrmTable *table,
              FcrmItem  *item)
{
  FcrmStage *stage = fcrm_crm_get_stage (crm, item->stage);
  const char *client = item->contact_name != NULL ? item->contact_name : item->name;
  guint r = fcrm_table_add_row (table);

  fcrm_table_set_row_link (table, r, fcrm_entity_type_to_string (item->type), item->id);
  fcrm_table_set_int (table, r, 0, item->id);
  set_text_or_skip (table, r, 1, item->title);
  set_text_or_skip (table, r, 2, stage != NULL ? fcrm_stage_get_name (stage) : item->stage);
  set_text_or_skip (table, r, 3, client);
  set_text_or_skip (table, r, 4, item->company_name);
  fcrm_table_set_int (table, r, 5, item->budget);
  set_text_or_skip (table, r, 6, item->responsible_name != NULL && *item->responsible_name != '\0'
                                  ? item->responsible_name : item->responsible_login);
  set_text_or_skip (table, r, 7, item->source != NULL ? fcrm_source_display_name (item->source) : NULL);
  fcrm_table_set_time (table, r, 8, item->created_at, FALSE);
  fcrm_table_set_int (table, r, 9, item->days_in_stage);
  set_text_or_skip (table, r, 10, item->next_task_title);
  if (item->next_task_due != 0)
    fcrm_table_set_time (table, r, 11, item->next_task_due, item->next_task_due_is_date);
}

FcrmTable *
fcrm_table_read_board (FcrmCrm     *crm,
                       const char  *pipeline,
                       GError     **error)
{
  g_autoptr(FcrmTable) table = NULL;
  FcrmPipeline *p;
  gboolean leads;
  gint64 after = 0;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (pipeline != NULL, NULL);

  p = fcrm_crm_get_pipeline (crm, pipeline);
  if (p == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("Unknown pipeline “%s”: choose lead, manufacturing, design or repair."), pipeline);
      return NULL;
    }
  leads = p->entity == FCRM_ENTITY_LEAD;

  table = fcrm_table_new (fcrm_pipeline_get_name (p));
  fcrm_table_add_column (table, "id", _("Number"), FCRM_TABLE_COUNT);
  fcrm_table_add_column (table, "title", _("Title"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "stage", _("Stage"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "client", _("Client"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "company", _("Company"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "budget", _("Budget"), FCRM_TABLE_MONEY);
  fcrm_table_add_column (table, "responsible", _("Responsible"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "source", _("Source"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "created_at", _("Created"), FCRM_TABLE_TIME);
  fcrm_table_add_column (table, "days_in_stage", _("Days in stage"), FCRM_TABLE_COUNT);
  fcrm_table_add_column (table, "next_task", _("Next task"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "next_task_due", _("Due"), FCRM_TABLE_TIME);

  for (;;)
    {
      g_autoptr(GPtrArray) page = leads ? fcrm_crm_lead_page (crm, NULL, after, PAGE, error)
                                        : fcrm_crm_deal_page (crm, pipeline, NULL, after, PAGE, error);

      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len; i++)
        {
          FcrmItem *item = g_ptr_array_index (page, i);
          FcrmStage *stage = fcrm_crm_get_stage (crm, item->stage);

          after = item->id;
          /* what the board shows: the open ones */
          if (stage != NULL && stage->kind == FCRM_STAGE_OPEN)
            add_item_row (crm, table, item);
        }
      if (page->len < PAGE)
        break;
    }

  return g_steal_pointer (&table);
}

FcrmTable *
fcrm_table_read_tasks (FcrmCrm     *crm,
                       const char  *title,
                       const char  *login,
                       const char  *kind,
                       GError     **error)
{
  g_autoptr(FcrmTable) table = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  FcrmTaskFilter filter = { login, TRUE, kind };

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  tasks = fcrm_crm_task_list (crm, &filter, error);
  if (tasks == NULL)
    return NULL;

  table = fcrm_table_new (title);
  fcrm_table_add_column (table, "title", _("Title"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "due", _("Due"), FCRM_TABLE_TIME);
  fcrm_table_add_column (table, "responsible", _("Responsible"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "client", _("Client"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "phone", _("Phone"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "item", _("Lead or deal"), FCRM_TABLE_TEXT);
  fcrm_table_add_column (table, "description", _("Description"), FCRM_TABLE_TEXT);

  for (guint i = 0; i < tasks->len; i++)
    {
      FcrmTask *task = g_ptr_array_index (tasks, i);
      guint r = fcrm_table_add_row (table);

      set_text_or_skip (table, r, 0, task->title);
      if (task->due_at != 0)
        fcrm_table_set_time (table, r, 1, task->due_at, task->due_is_date);
      set_text_or_skip (table, r, 2, task->responsible_name != NULL && *task->responsible_name != '\0'
                                      ? task->responsible_name : task->responsible_login);
      set_text_or_skip (table, r, 3, task->client);
      set_text_or_skip (table, r, 4, task->phone);
      set_text_or_skip (table, r, 5, task->entity_title);
      set_text_or_skip (table, r, 6, task->description);
      if (task->entity_id > 0)
        fcrm_table_set_row_link (table, r, fcrm_entity_type_to_string (task->entity_type), task->entity_id);
    }

  return g_steal_pointer (&table);
}

/* "a, b" of the values of @points, as typed */
static char *
join_points (GPtrArray *points)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; points != NULL && i < points->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", ((FcrmContactPoint *) g_ptr_array_index (points, i))->value);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_contact_row (FcrmTable   *table,
                 FcrmContact *c)
{
  guint r = fcrm_table_add_row (table);
  g_autofree char *phones = join_points (c->phones);
  g_autofree char *emails = join_points (c->emails);

  fcrm_table_set_row_link (table, r, "contact", c->id);
  fcrm_table_set_int (table, r, 0, c->id);
  set_text_or_skip (table, r, 1, c->name);
  set_text_or_skip (table, r, 2, c->company_name);
  set_text_or_skip (table, r, 3, phones);
  set_text_or_skip (table, r, 4, emails);
  set_text_or_skip (table, r, 5, c->address);
  if (c->birthday != 0)
    fcrm_table_set_time (table, r, 6, c->birthday, TRUE);
  if (c->last_activity != 0)
    fcrm_table_set_time (table, r, 7, c->last_activity, FALSE);
}

static void
add_company_row (FcrmTable   *table,
                 FcrmCompany *c)
{
  guint r = fcrm_table_add_row (table);

  fcrm_table_set_row_link (table, r, "company", c->id);
  fcrm_table_set_int (table, r, 0, c->id);
  set_text_or_skip (table, r, 1, c->name);
  set_text_or_skip (table, r, 2, c->inn);
  set_text_or_skip (table, r, 3, c->kpp);
  set_text_or_skip (table, r, 4, c->address);
  if (c->last_activity != 0)
    fcrm_table_set_time (table, r, 5, c->last_activity, FALSE);
}

FcrmTable *
fcrm_table_read_clients (FcrmCrm        *crm,
                         gboolean        companies,
                         const char     *query,
                         FcrmClientSort  sort,
                         GError        **error)
{
  g_autoptr(FcrmTable) table = NULL;
  g_autofree char *key_name = NULL;
  FcrmClientKey key = { NULL, 0, 0 };
  gboolean has_key = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  table = fcrm_table_new (companies ? _("Companies") : _("Contacts"));
  fcrm_table_add_column (table, "id", _("Number"), FCRM_TABLE_COUNT);
  fcrm_table_add_column (table, "name", _("Name"), FCRM_TABLE_TEXT);
  if (companies)
    {
      fcrm_table_add_column (table, "inn", _("INN"), FCRM_TABLE_TEXT);
      fcrm_table_add_column (table, "kpp", _("KPP"), FCRM_TABLE_TEXT);
    }
  else
    {
      fcrm_table_add_column (table, "company", _("Company"), FCRM_TABLE_TEXT);
      fcrm_table_add_column (table, "phones", _("Phones"), FCRM_TABLE_TEXT);
      fcrm_table_add_column (table, "emails", _("E-mails"), FCRM_TABLE_TEXT);
    }
  fcrm_table_add_column (table, "address", _("Address"), FCRM_TABLE_TEXT);
  if (!companies)
    fcrm_table_add_column (table, "birthday", _("Birthday"), FCRM_TABLE_TIME);
  fcrm_table_add_column (table, "last_activity", _("Last activity"), FCRM_TABLE_TIME);

  /* the list's own pages, each after the last row of the one before */
  for (;;)
    {
      g_autoptr(GPtrArray) page = companies ? fcrm_crm_company_page (crm, query, sort, has_key ? &key : NULL, PAGE, error)
                                            : fcrm_crm_contact_page (crm, query, sort, has_key ? &key : NULL, PAGE, error);
      gpointer last;

      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len; i++)
        if (companies)
          add_company_row (table, g_ptr_array_index (page, i));
        else
          add_contact_row (table, g_ptr_array_index (page, i));
      if (page->len < PAGE)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      g_free (key_name);
      key_name = g_strdup (companies ? FCRM_COMPANY (last)->name : FCRM_CONTACT (last)->name);
      key.name = key_name;
      key.id = companies ? FCRM_COMPANY (last)->id : FCRM_CONTACT (last)->id;
      key.activity = companies ? FCRM_COMPANY (last)->last_activity : FCRM_CONTACT (last)->last_activity;
      has_key = TRUE;
    }

  return g_steal_pointer (&table);
}
