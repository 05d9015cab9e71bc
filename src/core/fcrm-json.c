#define G_LOG_DOMAIN "fcrm-json"

#include "fcrm-json.h"
#include "fcrm-attachments.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"

static void
add_time (JsonBuilder *b,
          const char  *key,
          gint64       t)
{
  json_builder_set_member_name (b, key);
  if (t == 0)
    json_builder_add_null_value (b);
  else
    {
      g_autofree char *s = fcrm_time_format_iso (t);
      json_builder_add_string_value (b, s);
    }
}

static void
add_date (JsonBuilder *b,
          const char  *key,
          gint64       t)
{
  json_builder_set_member_name (b, key);
  if (t == 0)
    json_builder_add_null_value (b);
  else
    {
      g_autofree char *s = fcrm_time_format_date (t);
      json_builder_add_string_value (b, s);
    }
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static void
add_id (JsonBuilder *b,
        const char  *key,
        gint64       id)
{
  json_builder_set_member_name (b, key);
  if (id == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, id);
}

static void
add_attachment (JsonBuilder    *b,
                FcrmAttachment *a)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, a->id);
  add_string (b, "entity_type", fcrm_entity_type_to_string (a->entity_type));
  add_id (b, "entity_id", a->entity_id);
  add_string (b, "name", a->name);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  add_string (b, "sha256", a->sha256);
  add_string (b, "category", a->category);
  add_string (b, "mime_type", a->mime_type);
  add_time (b, "created_at", a->created_at);
  add_string (b, "user", a->user_login);
  json_builder_end_object (b);
}

static void
add_points (JsonBuilder *b,
            const char  *key,
            GPtrArray   *points,
            gboolean     with_kind)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < points->len; i++)
    {
      FcrmContactPoint *p = g_ptr_array_index (points, i);

      if (!with_kind)
        {
          json_builder_add_string_value (b, p->value);
          continue;
        }
      json_builder_begin_object (b);
      add_string (b, "value", p->value);
      add_string (b, "kind", p->kind);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* {id, name, phones, emails} */
static void
add_contact_ref (JsonBuilder *b,
                 FcrmContact *c)
{
  json_builder_begin_object (b);
  add_id (b, "id", c->id);
  add_string (b, "name", c->name);
  add_points (b, "phones", c->phones, FALSE);
  add_points (b, "emails", c->emails, FALSE);
  json_builder_end_object (b);
}

/* "contact" and "company" of a card: {id, name, phones, emails}, or null */
static void
add_client_cards (JsonBuilder *b,
                  FcrmCrm     *crm,
                  gint64       contact_id,
                  gint64       company_id)
{
  g_autoptr(FcrmContact) contact = contact_id != 0 ? fcrm_crm_contact_get (crm, contact_id, NULL) : NULL;
  g_autoptr(FcrmCompany) company = company_id != 0 ? fcrm_crm_company_get (crm, company_id, NULL) : NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  json_builder_set_member_name (b, "contact");
  if (contact == NULL)
    json_builder_add_null_value (b);
  else
    add_contact_ref (b, contact);
  json_builder_set_member_name (b, "company");
  if (company == NULL)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      add_id (b, "id", company->id);
      add_string (b, "name", company->name);
      /* a company's own phones and e-mails are its contacts' */
      add_points (b, "phones", none, FALSE);
      add_points (b, "emails", none, FALSE);
      json_builder_end_object (b);
    }
}

/* {id, title, stage} of each item */
static void
add_item_refs (JsonBuilder *b,
               const char  *key,
               GPtrArray   *items)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      FcrmItem *it = g_ptr_array_index (items, i);

      json_builder_begin_object (b);
      add_id (b, "id", it->id);
      add_string (b, "title", it->title);
      add_string (b, "stage", it->stage);
      add_string (b, "pipeline", it->pipeline);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
fcrm_json_contact (FcrmContact *c,
                   FcrmCrm     *crm)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_id (b, "id", c->id);
  add_string (b, "name", c->name);
  add_points (b, "phones", c->phones, FALSE);
  add_points (b, "emails", c->emails, FALSE);
  add_points (b, "phone_kinds", c->phones, TRUE);
  add_points (b, "email_kinds", c->emails, TRUE);
  add_id (b, "company_id", c->company_id);
  add_string (b, "company", c->company_name);
  add_string (b, "address", c->address);
  add_date (b, "birthday", c->birthday);
  add_string (b, "comment", c->comment);
  add_time (b, "created_at", c->created_at);
  add_time (b, "updated_at", c->updated_at);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, c->version);
  if (crm != NULL)
    {
      g_autoptr(GPtrArray) leads = fcrm_crm_client_items (crm, FALSE, c->id, FCRM_ENTITY_LEAD, NULL);
      g_autoptr(GPtrArray) deals = fcrm_crm_client_items (crm, FALSE, c->id, FCRM_ENTITY_DEAL, NULL);

      add_item_refs (b, "leads", leads);
      add_item_refs (b, "deals", deals);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_company (FcrmCompany *c,
                   FcrmCrm     *crm)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_id (b, "id", c->id);
  add_string (b, "name", c->name);
  add_string (b, "inn", c->inn);
  add_string (b, "kpp", c->kpp);
  add_string (b, "address", c->address);
  add_string (b, "comment", c->comment);
  add_time (b, "created_at", c->created_at);
  add_time (b, "updated_at", c->updated_at);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, c->version);
  if (crm != NULL)
    {
      g_autoptr(GPtrArray) contacts = fcrm_crm_company_contacts (crm, c->id, NULL);
      g_autoptr(GPtrArray) leads = fcrm_crm_client_items (crm, TRUE, c->id, FCRM_ENTITY_LEAD, NULL);
      g_autoptr(GPtrArray) deals = fcrm_crm_client_items (crm, TRUE, c->id, FCRM_ENTITY_DEAL, NULL);

      json_builder_set_member_name (b, "contacts");
      json_builder_begin_array (b);
      for (guint i = 0; contacts != NULL && i < contacts->len; i++)
        add_contact_ref (b, g_ptr_array_index (contacts, i));
      json_builder_end_array (b);
      add_item_refs (b, "leads", leads);
      add_item_refs (b, "deals", deals);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_item (FcrmItem *it,
                FcrmCrm  *crm)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *budget = fcrm_money_format_plain (it->budget);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, it->id);
  add_string (b, "type", fcrm_entity_type_to_string (it->type));
  add_string (b, "title", it->title);
  add_string (b, "pipeline", it->pipeline);
  add_string (b, "stage", it->stage);
  add_string (b, "stage_name", fcrm_item_get_stage_name (it));
  add_string (b, "responsible", it->responsible_login);
  add_id (b, "contact_id", it->contact_id);
  add_id (b, "company_id", it->company_id);
  add_string (b, "budget", budget);
  add_string (b, "source", it->source);
  json_builder_set_member_name (b, "returning");
  json_builder_add_boolean_value (b, it->returning);
  add_time (b, "created_at", it->created_at);
  add_time (b, "stage_entered_at", it->stage_entered_at);
  add_time (b, "updated_at", it->updated_at);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, it->version);
  add_string (b, "comment", it->comment);

  if (it->type == FCRM_ENTITY_LEAD)
    {
      add_string (b, "name", it->name);
      add_string (b, "phone", it->phone);
      add_string (b, "email", it->email);
      /* a card (show) has the company's card as "company" */
      add_string (b, crm != NULL ? "company_name" : "company", it->company_name);
      add_id (b, "deal_id", it->deal_id);
    }
  else
    {
      add_id (b, "lead_id", it->lead_id);
      add_date (b, "delivery_date", it->delivery_date);
      add_date (b, "installation_date", it->installation_date);
      json_builder_set_member_name (b, "installation_needed");
      json_builder_add_boolean_value (b, it->installation_needed);
      add_string (b, "design", it->design);
      add_string (b, "project", it->project);
      add_string (b, "measurements", it->measurements);
      add_time (b, "visit_at", it->visit_at);
      if (crm != NULL && g_strcmp0 (it->pipeline, "repair") == 0)
        {
          gint64 until = 0;
          int state = fcrm_crm_deal_warranty (crm, it, &until, NULL, NULL);

          add_date (b, "warranty_until", until);
          json_builder_set_member_name (b, "under_warranty");
          if (state < 0)
            json_builder_add_null_value (b);
          else
            json_builder_add_boolean_value (b, state == 1);
        }
      else
        add_date (b, "warranty_until", it->warranty_until);
      add_string (b, "loss_reason", it->loss_reason);
      add_string (b, "loss_reason_text", it->loss_reason_text);
      add_time (b, "closed_at", it->closed_at);
    }

  if (crm != NULL)
    add_client_cards (b, crm, it->contact_id, it->company_id);
  if (crm != NULL)
    {
      g_autoptr(GPtrArray) history = fcrm_crm_history (crm, it->type, it->id, NULL);
      g_autoptr(GPtrArray) attachments = fcrm_crm_attachments (crm, it->type, it->id, NULL);
      g_autoptr(GPtrArray) comments = fcrm_crm_comments (crm, it->type, it->id, NULL);

      json_builder_set_member_name (b, "attachments");
      json_builder_begin_array (b);
      for (guint i = 0; attachments != NULL && i < attachments->len; i++)
        add_attachment (b, g_ptr_array_index (attachments, i));
      json_builder_end_array (b);

      json_builder_set_member_name (b, "comments");
      json_builder_begin_array (b);
      for (guint i = 0; comments != NULL && i < comments->len; i++)
        {
          FcrmComment *c = g_ptr_array_index (comments, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, c->id);
          add_string (b, "user", c->user_login);
          add_string (b, "text", c->text);
          add_time (b, "created_at", c->created_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      json_builder_set_member_name (b, "history");
      json_builder_begin_array (b);
      for (guint i = 0; history != NULL && i < history->len; i++)
        {
          FcrmHistoryEntry *e = g_ptr_array_index (history, i);

          json_builder_begin_object (b);
          add_string (b, "stage", e->stage);
          add_time (b, "entered_at", e->entered_at);
          add_time (b, "left_at", e->left_at);
          add_string (b, "user", e->user_login);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      if (it->type == FCRM_ENTITY_DEAL)
        {
          g_autoptr(GPtrArray) participants = fcrm_crm_deal_participants (crm, it->id, NULL);

          json_builder_set_member_name (b, "participants");
          json_builder_begin_array (b);
          for (guint i = 0; participants != NULL && i < participants->len; i++)
            json_builder_add_string_value (b, ((FcrmUser *) g_ptr_array_index (participants, i))->login);
          json_builder_end_array (b);
        }
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_pipeline (FcrmPipeline *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "code", p->code);
  add_string (b, "name", fcrm_pipeline_get_name (p));
  add_string (b, "entity", fcrm_entity_type_to_string (p->entity));
  json_builder_set_member_name (b, "stages");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->stages->len; i++)
    {
      FcrmStage *s = g_ptr_array_index (p->stages, i);

      json_builder_begin_object (b);
      add_string (b, "code", s->code);
      add_string (b, "name", fcrm_stage_get_name (s));
      add_string (b, "kind", fcrm_stage_kind_to_string (s->kind));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_robot (FcrmRobot *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, r->id);
  add_string (b, "stage", r->stage);
  add_string (b, "trigger", r->trigger);
  json_builder_set_member_name (b, "delay_seconds");
  json_builder_add_int_value (b, r->delay);
  add_string (b, "field", r->field);
  add_string (b, "recipient", r->recipient);
  add_string (b, "action", r->action);
  add_string (b, "text", fcrm_robot_get_text (r));
  add_string (b, "target_stage", r->target_stage);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, r->enabled);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_user (FcrmUser *u)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, u->id);
  add_string (b, "login", u->login);
  add_string (b, "name", u->name);
  add_string (b, "role", fcrm_role_to_string (u->role));
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, u->active);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
fcrm_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

JsonNode *
fcrm_json_attachment (FcrmAttachment *a)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  add_attachment (b, a);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_task (FcrmTask *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, t->id);
  add_string (b, "title", t->title);
  add_string (b, "description", t->description);
  add_string (b, "kind", t->kind);
  if (t->due_is_date)
    add_date (b, "due", t->due_at);
  else
    add_time (b, "due", t->due_at);
  add_string (b, "responsible", t->responsible_login);
  add_string (b, "entity_type", t->entity_id != 0 ? fcrm_entity_type_to_string (t->entity_type) : NULL);
  add_id (b, "entity_id", t->entity_id);
  add_string (b, "entity_title", t->entity_title);
  add_string (b, "client", t->client);
  add_string (b, "phone", t->phone);
  json_builder_set_member_name (b, "done");
  json_builder_add_boolean_value (b, t->done);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_notification (FcrmNotification *n)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, n->id);
  add_string (b, "user", n->user_login);
  add_string (b, "text", n->text);
  add_string (b, "entity_type", n->entity_id != 0 ? fcrm_entity_type_to_string (n->entity_type) : NULL);
  add_id (b, "entity_id", n->entity_id);
  add_time (b, "created_at", n->created_at);
  add_time (b, "delivered_at", n->delivered_at);
  add_time (b, "read_at", n->read_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
