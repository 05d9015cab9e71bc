#define G_LOG_DOMAIN "fcrm-intake"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fcrm-crm-private.h"
#include "fcrm-error.h"
#include "fcrm-intake.h"

void
fcrm_intake_fields_clear (FcrmIntakeFields *f)
{
  g_clear_pointer (&f->title, g_free);
  g_clear_pointer (&f->name, g_free);
  g_clear_pointer (&f->phone, g_free);
  g_clear_pointer (&f->email, g_free);
  g_clear_pointer (&f->company, g_free);
  g_clear_pointer (&f->comment, g_free);
  g_clear_pointer (&f->source, g_free);
  g_clear_pointer (&f->budget, g_free);
  g_clear_pointer (&f->login, g_free);
  g_clear_pointer (&f->direction, g_free);
}

static char **
slot (FcrmIntakeFields *f,
      const char       *key)
{
  if (g_strcmp0 (key, "title") == 0)   return &f->title;
  if (g_strcmp0 (key, "name") == 0)    return &f->name;
  if (g_strcmp0 (key, "phone") == 0)   return &f->phone;
  if (g_strcmp0 (key, "email") == 0)   return &f->email;
  if (g_strcmp0 (key, "company") == 0) return &f->company;
  if (g_strcmp0 (key, "comment") == 0) return &f->comment;
  if (g_strcmp0 (key, "source") == 0)  return &f->source;
  if (g_strcmp0 (key, "budget") == 0)  return &f->budget;
  if (g_strcmp0 (key, "login") == 0)   return &f->login;
  if (g_strcmp0 (key, "direction") == 0) return &f->direction;
  return NULL;
}

/* The number given for the top-level member @name as written in @data (the
 * last one, as json-glib keeps), or NULL when it is not a number. json-glib
 * wraps integers beyond 64 bits ("99999999999999999999" reads as -1) and
 * keeps others as binary floating point, so an amount sent as a JSON number
 * is taken from its digits as sent and goes through the same parser as one
 * typed as text: too large, negative or more than two decimals say so. @data
 * is known to be one valid JSON object. */
static char *
number_literal (const char *data,
                gsize       len,
                const char *name)
{
  g_autofree char *found = NULL;
  gboolean expect_key = FALSE;
  gboolean wanted = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len;)
    {
      char c = data[i];

      if (c == '"')
        {
          gsize start = i++;

          while (i < len && data[i] != '"')
            i += data[i] == '\\' ? 2 : 1;
          i++;
          if (depth == 1 && expect_key)
            {
              g_autofree char *raw = g_strndup (data + start, MIN (i, len) - start);
              g_autoptr(JsonNode) key = json_from_string (raw, NULL);

              wanted = key != NULL && JSON_NODE_HOLDS_VALUE (key) &&
                       g_strcmp0 (json_node_get_string (key), name) == 0;
              if (wanted)
                g_clear_pointer (&found, g_free);
              expect_key = FALSE;
            }
          continue;
        }
      if (depth == 1 && wanted && (c == '-' || g_ascii_isdigit (c)))
        {
          gsize start = i;

          while (i < len && strchr ("+-.eE0123456789", data[i]) != NULL && data[i] != '\0')
            i++;
          g_free (found);
          found = g_strndup (data + start, i - start);
          wanted = FALSE;
          continue;
        }
      if (c == '{' || c == '[')
        expect_key = ++depth == 1 && c == '{';
      else if (c == '}' || c == ']')
        depth--;
      else if (c == ',' && depth == 1)
        expect_key = TRUE;
      i++;
    }
  return g_steal_pointer (&found);
}

static gboolean
parse_json (GBytes           *body,
            FcrmIntakeFields *f,
            GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  g_autofree char *literal = NULL;

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", len, &local))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The request is not valid JSON: %s"), local->message);
      return FALSE;
    }
  /* an empty body parses to no root at all */
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The request must be a JSON object of lead fields."));
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      char **target = slot (f, l->data);
      JsonNode *node = json_object_get_member (object, l->data);

      if (target == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_free (*target);
          *target = g_strdup (json_node_get_string (node));
        }
      else if (g_strcmp0 (l->data, "budget") == 0 && JSON_NODE_HOLDS_VALUE (node) &&
               (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE) &&
               (literal = number_literal (data, len, "budget")) != NULL)
        {
          g_free (*target);
          *target = g_steal_pointer (&literal);
        }
      else
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The field “%s” must be text."),
                       (const char *) l->data);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_form (GBytes           *body,
            FcrmIntakeFields *f,
            GError          **error)
{
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  g_autofree char *text = g_strndup (data != NULL ? data : "", len);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) local = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (strlen (text) != len)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The form contains a zero byte."));
      return FALSE;
    }
  params = g_uri_parse_params (text, -1, "&", G_URI_PARAMS_WWW_FORM, &local);
  if (params == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The form is malformed: %s"), local->message);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char **target = slot (f, key);

      if (target == NULL)
        continue;
      g_free (*target);
      *target = g_strdup (value);
    }
  return TRUE;
}

gboolean
fcrm_intake_parse (const char       *content_type,
                   GBytes           *body,
                   FcrmIntakeFields *fields,
                   GError          **error)
{
  gsize len = 0;
  const char *data;
  gboolean ok;

  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  data = g_bytes_get_data (body, &len);
  if (len > FCRM_INTAKE_MAX_BODY)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The request is larger than 64 KiB."));
      return FALSE;
    }
  if (len > 0 && !g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The request is not valid UTF-8 text."));
      return FALSE;
    }
  if (content_type != NULL && strstr (content_type, "json") != NULL)
    ok = parse_json (body, fields, error);
  else
    ok = parse_form (body, fields, error);
  if (!ok)
    fcrm_intake_fields_clear (fields);
  return ok;
}

FcrmLeadInput
fcrm_intake_to_input (const FcrmIntakeFields *f,
                      const char             *default_source)
{
  return (FcrmLeadInput) {
    .title = f->title, .name = f->name, .phone = f->phone, .email = f->email, .company = f->company,
    .source = f->source != NULL && *f->source ? f->source : default_source,
    .budget = f->budget, .comment = f->comment, .responsible = NULL,
  };
}

gboolean
fcrm_secure_equal (const char *a,
                   const char *b)
{
  gsize la, lb;
  guchar diff;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  /* every byte of the expected secret is looked at, whatever the input */
  diff = la != lb;
  for (gsize i = 0; i < lb; i++)
    diff |= (guchar) (b[i] ^ (i < la ? a[i] : 0));
  return diff == 0;
}

static gboolean
is_busy (const GError *error)
{
  return g_error_matches (error, FCRM_ERROR, FCRM_ERROR_BUSY) || g_error_matches (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE);
}

/* Every lead not refused already gets @error, and is not stored. */
static void
fail_rest (FcrmIntakeLead *leads,
           guint           n,
           const GError   *error)
{
  for (guint i = 0; i < n; i++)
    {
      if (leads[i].error == NULL)
        leads[i].error = g_error_copy (error);
      g_clear_object (&leads[i].lead);
    }
}

gboolean
fcrm_intake_store_leads (FcrmCrm        *crm,
                         FcrmIntakeLead *leads,
                         guint           n,
                         GError        **error)
{
  g_autoptr(GError) local = NULL;
  FcrmStore *store;
  guint i;

  g_return_val_if_fail (FCRM_IS_CRM (crm), FALSE);
  g_return_val_if_fail (n == 0 || leads != NULL, FALSE);

  store = crm->store;
  /* one lead alone needs no savepoint: its own transaction is all there is */
  if (n == 1)
    {
      leads[0].lead = fcrm_crm_lead_add (crm, &leads[0].input, &leads[0].error);
      return leads[0].lead != NULL;
    }
  if (!fcrm_crm_begin (crm, &local))
    {
      fail_rest (leads, n, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  for (i = 0; i < n; i++)
    {
      GError *failed = NULL;

      /* (setting it keeps the lead before: one round trip per lead) */
      if (!fcrm_store_savepoint (store, &local))
        break;
      leads[i].lead = fcrm_crm_lead_add (crm, &leads[i].input, &failed);
      if (leads[i].lead != NULL)
        continue;
      leads[i].error = failed;
      /* refused or failed: undone alone, the transaction goes on */
      if (!fcrm_store_rollback_to_savepoint (store, &local))
        break;
      if (is_busy (failed))
        {
          /* the others would wait for the same lock in turn */
          fail_rest (leads + i + 1, n - i - 1, failed);
          i = n;
          break;
        }
    }
  if (local != NULL)
    {
      /* the transaction itself broke: nothing of it is kept (refusals stand) */
      fcrm_crm_finish (crm, FALSE, NULL);
      fail_rest (leads, n, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!fcrm_crm_finish (crm, TRUE, &local))
    {
      fail_rest (leads, n, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}
