#define G_LOG_DOMAIN "fcrm-json"

#include "fcrm-json-writer.h"
#include "fcrm-attachments.h"
#include "fcrm-clients.h"
#include "fcrm-comments.h"
#include "fcrm-money.h"

void
fcrm_json_append_string (GString    *out,
                         const char *text)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;
  const char *run, *p;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (run = p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char escape[7] = { '\\', 0 };

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      switch (c)
        {
        case '"':  escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        default:
          memcpy (escape + 1, "u00", 3);
          escape[4] = hex[c >> 4];
          escape[5] = hex[c & 0xf];
          break;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* The local time zone, looked up once: g_date_time_new_from_unix_local()
 * asks the file system for it every time. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

typedef struct
{
  gint64 year;
  int    month, day, hour, minute, second;
  gint32 offset;   /* seconds east of UTC */
} LocalTime;

/* The local calendar fields of a moment (days to civil date after Howard
 * Hinnant's algorithm); FALSE outside the years 1–9999. */
static gboolean
local_time (gint64     t,
            GTimeZone *zone,
            LocalTime *out)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, t);
  gint64 local, days, secs, era, doe, yoe, doy, mp;

  if (interval < 0)
    return FALSE;
  out->offset = g_time_zone_get_offset (zone, interval);
  local = t + out->offset;
  days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  secs = local - days * 86400;
  out->hour = (int) (secs / 3600);
  out->minute = (int) (secs / 60 % 60);
  out->second = (int) (secs % 60);
  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = days - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  out->day = (int) (doy - (153 * mp + 2) / 5 + 1);
  out->month = (int) (mp < 10 ? mp + 3 : mp - 9);
  out->year = yoe + era * 400 + (out->month <= 2);
  return out->year >= 1 && out->year <= 9999;
}

void
fcrm_json_append_time_in (GString   *out,
                          gint64     unix_seconds,
                          GTimeZone *zone)
{
  LocalTime lt;
  gint32 offset;

  if (!local_time (unix_seconds, zone, &lt))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
      g_autoptr(GDateTime) dt = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
      g_autofree char *slow = dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z") : NULL;

      g_string_append (out, slow != NULL ? slow : "");
      return;
    }
  offset = ABS (lt.offset);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (int) lt.year, lt.month, lt.day, lt.hour,
                          lt.minute, lt.second, lt.offset < 0 ? '-' : '+', offset / 3600, offset / 60 % 60);
}

void
fcrm_json_append_time (GString *out,
                       gint64   unix_seconds)
{
  fcrm_json_append_time_in (out, unix_seconds, local_zone ());
}

static void
append_date (GString *out,
             gint64   unix_seconds)
{
  LocalTime lt;

  if (!local_time (unix_seconds, local_zone (), &lt))
    {
      g_autofree char *slow = fcrm_time_format_date (unix_seconds);

      g_string_append (out, slow);
      return;
    }
  g_string_append_printf (out, "%04d-%02d-%02d", (int) lt.year, lt.month, lt.day);
}

/* writer */

void
fcrm_json_writer_init (FcrmJsonWriter *w,
                       GString        *out)
{
  memset (w, 0, sizeof *w);
  w->out = out;
  w->first[0] = TRUE;
}

/* Before a value or a key: the comma that separates it from the one before. */
static void
separate (FcrmJsonWriter *w)
{
  if (w->after_key)
    w->after_key = FALSE;
  else if (!w->first[w->depth])
    g_string_append_c (w->out, ',');
  w->first[w->depth] = FALSE;
}

static void
open_level (FcrmJsonWriter *w,
            char            c)
{
  separate (w);
  g_string_append_c (w->out, c);
  g_return_if_fail (w->depth + 1 < FCRM_JSON_MAX_DEPTH);
  w->first[++w->depth] = TRUE;
}

static void
close_level (FcrmJsonWriter *w,
             char            c)
{
  g_return_if_fail (w->depth > 0);
  w->depth--;
  g_string_append_c (w->out, c);
}

void fcrm_json_begin_object (FcrmJsonWriter *w) { open_level (w, '{'); }
void fcrm_json_end_object (FcrmJsonWriter *w)   { close_level (w, '}'); }
void fcrm_json_begin_array (FcrmJsonWriter *w)  { open_level (w, '['); }
void fcrm_json_end_array (FcrmJsonWriter *w)    { close_level (w, ']'); }

void
fcrm_json_key (FcrmJsonWriter *w,
               const char     *key)
{
  separate (w);
  fcrm_json_append_string (w->out, key);
  g_string_append_c (w->out, ':');
  w->after_key = TRUE;
}

void
fcrm_json_null (FcrmJsonWriter *w)
{
  separate (w);
  g_string_append (w->out, "null");
}

void
fcrm_json_string (FcrmJsonWriter *w,
                  const char     *value)
{
  if (value == NULL)
    {
      fcrm_json_null (w);
      return;
    }
  separate (w);
  fcrm_json_append_string (w->out, value);
}

void
fcrm_json_int (FcrmJsonWriter *w,
               gint64          value)
{
  separate (w);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

void
fcrm_json_number_text (FcrmJsonWriter *w,
                       const char     *number)
{
  separate (w);
  g_string_append (w->out, number);
}

void
fcrm_json_bool (FcrmJsonWriter *w,
                gboolean        value)
{
  separate (w);
  g_string_append (w->out, value ? "true" : "false");
}

void
fcrm_json_id (FcrmJsonWriter *w,
              gint64          id)
{
  if (id == 0)
    fcrm_json_null (w);
  else
    fcrm_json_int (w, id);
}

/* A moment as a quoted string written by @append, or null for 0 (unset). */
static void
stamp (FcrmJsonWriter *w,
       gint64          unix_seconds,
       void          (*append) (GString *out, gint64 unix_seconds))
{
  if (unix_seconds == 0)
    {
      fcrm_json_null (w);
      return;
    }
  separate (w);
  g_string_append_c (w->out, '"');
  append (w->out, unix_seconds);
  g_string_append_c (w->out, '"');
}

void
fcrm_json_time (FcrmJsonWriter *w,
                gint64          unix_seconds)
{
  stamp (w, unix_seconds, fcrm_json_append_time);
}

void
fcrm_json_date (FcrmJsonWriter *w,
                gint64          unix_seconds)
{
  stamp (w, unix_seconds, append_date);
}

/* items */

static void
member_string (FcrmJsonWriter *w,
               const char     *key,
               const char     *value)
{
  fcrm_json_key (w, key);
  fcrm_json_string (w, value);
}

static void
member_id (FcrmJsonWriter *w,
           const char     *key,
           gint64          id)
{
  fcrm_json_key (w, key);
  fcrm_json_id (w, id);
}

static void
member_time (FcrmJsonWriter *w,
             const char     *key,
             gint64          t)
{
  fcrm_json_key (w, key);
  fcrm_json_time (w, t);
}

static void
member_date (FcrmJsonWriter *w,
             const char     *key,
             gint64          t)
{
  fcrm_json_key (w, key);
  fcrm_json_date (w, t);
}

static void
member_bool (FcrmJsonWriter *w,
             const char     *key,
             gboolean        value)
{
  fcrm_json_key (w, key);
  fcrm_json_bool (w, value);
}

void
fcrm_json_write_attachment (FcrmJsonWriter *w,
                            FcrmAttachment *a)
{
  fcrm_json_begin_object (w);
  fcrm_json_key (w, "id");
  fcrm_json_int (w, a->id);
  member_string (w, "entity_type", fcrm_entity_type_to_string (a->entity_type));
  member_id (w, "entity_id", a->entity_id);
  member_string (w, "name", a->name);
  fcrm_json_key (w, "size");
  fcrm_json_int (w, a->size);
  member_string (w, "sha256", a->sha256);
  member_string (w, "category", a->category);
  member_string (w, "mime_type", a->mime_type);
  member_time (w, "created_at", a->created_at);
  member_string (w, "user", a->user_login);
  fcrm_json_end_object (w);
}

/* the values of phones or e-mails; with @kinds, [{value, kind}] */
static void
member_points (FcrmJsonWriter *w,
               const char     *key,
               GPtrArray      *points,
               gboolean        kinds)
{
  fcrm_json_key (w, key);
  fcrm_json_begin_array (w);
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      FcrmContactPoint *p = g_ptr_array_index (points, i);

      if (!kinds)
        {
          fcrm_json_string (w, p->value);
          continue;
        }
      fcrm_json_begin_object (w);
      member_string (w, "value", p->value);
      member_string (w, "kind", p->kind);
      fcrm_json_end_object (w);
    }
  fcrm_json_end_array (w);
}

/* {id, name, phones, emails}: a card's client */
static void
write_client_card (FcrmJsonWriter *w,
                   gint64          id,
                   const char     *name,
                   GPtrArray      *phones,
                   GPtrArray      *emails)
{
  fcrm_json_begin_object (w);
  member_id (w, "id", id);
  member_string (w, "name", name);
  member_points (w, "phones", phones, FALSE);
  member_points (w, "emails", emails, FALSE);
  fcrm_json_end_object (w);
}

/* "contact" and "company" of a card, or null */
static void
write_client_cards (FcrmJsonWriter *w,
                    FcrmCrm        *crm,
                    gint64          contact_id,
                    gint64          company_id)
{
  g_autoptr(FcrmContact) contact = contact_id != 0 ? fcrm_crm_contact_get (crm, contact_id, NULL) : NULL;
  g_autoptr(FcrmCompany) company = company_id != 0 ? fcrm_crm_company_get (crm, company_id, NULL) : NULL;

  fcrm_json_key (w, "contact");
  if (contact == NULL)
    fcrm_json_null (w);
  else
    write_client_card (w, contact->id, contact->name, contact->phones, contact->emails);
  fcrm_json_key (w, "company");
  if (company == NULL)
    fcrm_json_null (w);
  else   /* a company's own phones and e-mails are its contacts' */
    write_client_card (w, company->id, company->name, NULL, NULL);
}

static void
write_details (FcrmJsonWriter *w,
               FcrmItem       *it,
               FcrmCrm        *crm)
{
  g_autoptr(GPtrArray) history = fcrm_crm_history (crm, it->type, it->id, NULL);
  g_autoptr(GPtrArray) attachments = fcrm_crm_attachments (crm, it->type, it->id, NULL);
  g_autoptr(GPtrArray) comments = fcrm_crm_comments (crm, it->type, it->id, NULL);

  fcrm_json_key (w, "attachments");
  fcrm_json_begin_array (w);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    fcrm_json_write_attachment (w, g_ptr_array_index (attachments, i));
  fcrm_json_end_array (w);

  fcrm_json_key (w, "comments");
  fcrm_json_begin_array (w);
  for (guint i = 0; comments != NULL && i < comments->len; i++)
    {
      FcrmComment *c = g_ptr_array_index (comments, i);

      fcrm_json_begin_object (w);
      fcrm_json_key (w, "id");
      fcrm_json_int (w, c->id);
      member_string (w, "user", c->user_login);
      member_string (w, "text", c->text);
      member_time (w, "created_at", c->created_at);
      fcrm_json_end_object (w);
    }
  fcrm_json_end_array (w);

  fcrm_json_key (w, "history");
  fcrm_json_begin_array (w);
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      FcrmHistoryEntry *e = g_ptr_array_index (history, i);

      fcrm_json_begin_object (w);
      member_string (w, "stage", e->stage);
      member_time (w, "entered_at", e->entered_at);
      member_time (w, "left_at", e->left_at);
      member_string (w, "user", e->user_login);
      fcrm_json_end_object (w);
    }
  fcrm_json_end_array (w);

  if (it->type == FCRM_ENTITY_DEAL)
    {
      g_autoptr(GPtrArray) participants = fcrm_crm_deal_participants (crm, it->id, NULL);

      fcrm_json_key (w, "participants");
      fcrm_json_begin_array (w);
      for (guint i = 0; participants != NULL && i < participants->len; i++)
        fcrm_json_string (w, ((FcrmUser *) g_ptr_array_index (participants, i))->login);
      fcrm_json_end_array (w);
    }
}

/* a lead's and a deal's project, but the warranty (a repair deal's is worked out) */
static void
member_project (FcrmJsonWriter *w,
                FcrmItem       *it)
{
  member_date (w, "delivery_date", it->delivery_date);
  member_date (w, "installation_date", it->installation_date);
  member_bool (w, "installation_needed", it->installation_needed);
  member_string (w, "design", it->design);
  member_string (w, "project", it->project);
  member_string (w, "measurements", it->measurements);
  member_time (w, "visit_at", it->visit_at);
}

void
fcrm_json_write_item (FcrmJsonWriter *w,
                      FcrmItem       *it,
                      FcrmCrm        *crm)
{
  char budget[32];

  g_return_if_fail (FCRM_IS_ITEM (it));

  /* as fcrm_money_format_plain(), without an allocation per item */
  g_snprintf (budget, sizeof budget, "%s%" G_GINT64_FORMAT ".%02d", it->budget < 0 ? "-" : "",
              ABS (it->budget) / 100, (int) (ABS (it->budget) % 100));
  fcrm_json_begin_object (w);
  fcrm_json_key (w, "id");
  fcrm_json_int (w, it->id);
  member_string (w, "type", fcrm_entity_type_to_string (it->type));
  member_string (w, "title", it->title);
  member_string (w, "pipeline", it->pipeline);
  member_string (w, "stage", it->stage);
  member_string (w, "stage_name", fcrm_item_get_stage_name (it));
  member_string (w, "responsible", it->responsible_login);
  member_id (w, "contact_id", it->contact_id);
  member_id (w, "company_id", it->company_id);
  member_string (w, "budget", budget);
  member_string (w, "source", it->source);
  member_bool (w, "returning", it->returning);
  member_time (w, "created_at", it->created_at);
  member_time (w, "stage_entered_at", it->stage_entered_at);
  member_time (w, "updated_at", it->updated_at);
  fcrm_json_key (w, "updated");
  fcrm_json_int (w, it->version);
  member_string (w, "comment", it->comment);

  if (it->type == FCRM_ENTITY_LEAD)
    {
      member_string (w, "name", it->name);
      member_string (w, "phone", it->phone);
      member_string (w, "email", it->email);
      /* a card (show) has the company's card as "company" */
      member_string (w, crm != NULL ? "company_name" : "company", it->company_name);
      member_id (w, "deal_id", it->deal_id);
      member_project (w, it);
      member_date (w, "warranty_until", it->warranty_until);
    }
  else
    {
      member_id (w, "lead_id", it->lead_id);
      member_project (w, it);
      if (crm != NULL && g_strcmp0 (it->pipeline, "repair") == 0)
        {
          gint64 until = 0;
          int state = fcrm_crm_deal_warranty (crm, it, &until, NULL, NULL);

          member_date (w, "warranty_until", until);
          fcrm_json_key (w, "under_warranty");
          if (state < 0)
            fcrm_json_null (w);
          else
            fcrm_json_bool (w, state == 1);
        }
      else
        member_date (w, "warranty_until", it->warranty_until);
      member_string (w, "loss_reason", it->loss_reason);
      member_string (w, "loss_reason_text", it->loss_reason_text);
      member_time (w, "closed_at", it->closed_at);
    }
  if (crm != NULL)
    {
      write_client_cards (w, crm, it->contact_id, it->company_id);
      write_details (w, it, crm);
    }
  fcrm_json_end_object (w);
}


/* {id, title, stage, pipeline} of each item */
static void
member_item_refs (FcrmJsonWriter *w,
                  const char     *key,
                  GPtrArray      *items)
{
  fcrm_json_key (w, key);
  fcrm_json_begin_array (w);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      FcrmItem *it = g_ptr_array_index (items, i);

      fcrm_json_begin_object (w);
      member_id (w, "id", it->id);
      member_string (w, "title", it->title);
      member_string (w, "stage", it->stage);
      member_string (w, "pipeline", it->pipeline);
      fcrm_json_end_object (w);
    }
  fcrm_json_end_array (w);
}

void
fcrm_json_write_contact (FcrmJsonWriter *w,
                         FcrmContact    *c,
                         FcrmCrm        *crm)
{
  fcrm_json_begin_object (w);
  member_id (w, "id", c->id);
  member_string (w, "name", c->name);
  member_points (w, "phones", c->phones, FALSE);
  member_points (w, "emails", c->emails, FALSE);
  member_points (w, "phone_kinds", c->phones, TRUE);
  member_points (w, "email_kinds", c->emails, TRUE);
  member_id (w, "company_id", c->company_id);
  member_string (w, "company", c->company_name);
  member_string (w, "address", c->address);
  member_date (w, "birthday", c->birthday);
  member_string (w, "comment", c->comment);
  member_time (w, "created_at", c->created_at);
  member_time (w, "updated_at", c->updated_at);
  fcrm_json_key (w, "updated");
  fcrm_json_int (w, c->version);
  if (crm != NULL)
    {
      g_autoptr(GPtrArray) leads = fcrm_crm_client_items (crm, FALSE, c->id, FCRM_ENTITY_LEAD, NULL);
      g_autoptr(GPtrArray) deals = fcrm_crm_client_items (crm, FALSE, c->id, FCRM_ENTITY_DEAL, NULL);

      member_item_refs (w, "leads", leads);
      member_item_refs (w, "deals", deals);
    }
  fcrm_json_end_object (w);
}

void
fcrm_json_write_company (FcrmJsonWriter *w,
                         FcrmCompany    *c,
                         FcrmCrm        *crm)
{
  fcrm_json_begin_object (w);
  member_id (w, "id", c->id);
  member_string (w, "name", c->name);
  member_string (w, "inn", c->inn);
  member_string (w, "kpp", c->kpp);
  member_string (w, "address", c->address);
  member_string (w, "comment", c->comment);
  member_time (w, "created_at", c->created_at);
  member_time (w, "updated_at", c->updated_at);
  fcrm_json_key (w, "updated");
  fcrm_json_int (w, c->version);
  if (crm != NULL)
    {
      g_autoptr(GPtrArray) contacts = fcrm_crm_company_contacts (crm, c->id, NULL);
      g_autoptr(GPtrArray) leads = fcrm_crm_client_items (crm, TRUE, c->id, FCRM_ENTITY_LEAD, NULL);
      g_autoptr(GPtrArray) deals = fcrm_crm_client_items (crm, TRUE, c->id, FCRM_ENTITY_DEAL, NULL);

      fcrm_json_key (w, "contacts");
      fcrm_json_begin_array (w);
      for (guint i = 0; contacts != NULL && i < contacts->len; i++)
        {
          FcrmContact *contact = g_ptr_array_index (contacts, i);

          write_client_card (w, contact->id, contact->name, contact->phones, contact->emails);
        }
      fcrm_json_end_array (w);
      member_item_refs (w, "leads", leads);
      member_item_refs (w, "deals", deals);
    }
  fcrm_json_end_object (w);
}
