#define G_LOG_DOMAIN "fcrm-json"

#include "fcrm-json.h"
#include "fcrm-json-writer.h"
#include "fcrm-attachments.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"
#include "fcrm-schedule.h"

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

/* What the streaming writer wrote, as a node: the keys of items and files
 * are written in one place, for lists and single records alike. */
static JsonNode *
read_back (GString *text)
{
  JsonNode *node = json_from_string (text->str, NULL);

  g_assert (node != NULL);
  return node;
}

JsonNode *
fcrm_json_contact (FcrmContact *c,
                   FcrmCrm     *crm)
{
  g_autoptr(GString) text = g_string_new (NULL);
  FcrmJsonWriter w;

  fcrm_json_writer_init (&w, text);
  fcrm_json_write_contact (&w, c, crm);
  return read_back (text);
}

JsonNode *
fcrm_json_company (FcrmCompany *c,
                   FcrmCrm     *crm)
{
  g_autoptr(GString) text = g_string_new (NULL);
  FcrmJsonWriter w;

  fcrm_json_writer_init (&w, text);
  fcrm_json_write_company (&w, c, crm);
  return read_back (text);
}

JsonNode *
fcrm_json_item (FcrmItem *it,
                FcrmCrm  *crm)
{
  g_autoptr(GString) text = g_string_new (NULL);
  FcrmJsonWriter w;

  fcrm_json_writer_init (&w, text);
  fcrm_json_write_item (&w, it, crm);
  return read_back (text);
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
  g_autoptr(GString) text = g_string_new (NULL);
  FcrmJsonWriter w;

  fcrm_json_writer_init (&w, text);
  fcrm_json_write_attachment (&w, a);
  return read_back (text);
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
  add_string (b, "kind", n->kind);
  add_id (b, "contact_id", n->contact_id);
  add_string (b, "phone", n->phone);
  add_time (b, "created_at", n->created_at);
  add_time (b, "delivered_at", n->delivered_at);
  add_time (b, "read_at", n->read_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_event (FcrmEvent *ev)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "kind", fcrm_event_kind_to_string (ev->kind));
  add_time (b, "start", ev->start);
  add_time (b, "end", ev->end);
  add_string (b, "user", ev->user_login);
  add_id (b, "deal_id", ev->deal_id);
  add_string (b, "title", ev->title);
  add_string (b, "address", ev->address);
  add_id (b, "task_id", ev->task_id);
  add_string (b, "client", ev->client);
  add_string (b, "phone", ev->phone);
  json_builder_set_member_name (b, "all_day");
  json_builder_add_boolean_value (b, ev->all_day);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
fcrm_json_conflict (FcrmConflict *conflict)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "kind", conflict->kind);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < conflict->events->len; i++)
    json_builder_add_value (b, fcrm_json_event (g_ptr_array_index (conflict->events, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
