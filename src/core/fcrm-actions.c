#define G_LOG_DOMAIN "fcrm-actions"

/* Every user action on leads and deals: validate, then one transaction that
 * writes the rows, the stage history and the on-entry robots. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-vocabulary.h"
#include "fcrm-crm-private.h"
#include "fcrm-field.h"
#include "fcrm-money.h"
#include "fcrm-phone.h"
#include "fcrm-robots.h"

#define MAX_TITLE    500
#define MAX_NAME     200
#define MAX_TEXT     20000

/* NULL for NULL, empty or all-space input; otherwise a trimmed copy
 * without control characters (see fcrm_text_sanitize). */
static char *
clean_text (const char *text,
            gboolean    multi_line)
{
  char *s;

  if (text == NULL)
    return NULL;
  s = g_strstrip (fcrm_text_sanitize (text, multi_line));
  if (*s == '\0')
    return (g_free (s), NULL);
  return s;
}

/* A comment: line breaks and tabs kept. */
static char *clean (const char *text)      { return clean_text (text, TRUE); }
/* A title, name, phone…: one line. */
static char *clean_line (const char *text) { return clean_text (text, FALSE); }

static gboolean
check_text (const char *value,
            const char *what,
            glong       max,
            GError    **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("%s is not valid UTF-8 text."), what);
      return FALSE;
    }
  if (g_utf8_strlen (value, -1) > max)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("%s is too long: at most %ld characters."), what, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_budget (const char *text,
              gint64     *out,
              GError    **error)
{
  g_autofree char *b = clean_line (text);

  *out = 0;
  return b == NULL || fcrm_money_parse (b, out, error);
}

static gboolean
resolve_user (FcrmCrm    *self,
              const char *login,
              gboolean    for_lead,
              gint64     *out_id,
              GError    **error)
{
  g_autoptr(FcrmUser) user = fcrm_crm_find_user (self, login, error);

  if (user == NULL)
    return FALSE;
  if (!user->active)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("%s no longer works here; choose an active user."), user->name);
      return FALSE;
    }
  if (for_lead && !fcrm_field_check_lead_responsible (user, error))
    return FALSE;
  *out_id = user->id;
  return TRUE;
}

/* The configured default manager, else the next active manager after the
 * last one who got a lead (round-robin), else nobody. Inside the transaction. */
static gboolean
pick_responsible (FcrmCrm *self,
                  gint64  *out_id,
                  GError **error)
{
  g_autofree char *def = fcrm_store_get_setting (self->store, "default_manager");
  g_autofree char *last = NULL;
  g_autofree char *value = NULL;
  FcrmStmt *stmt;
  GError *local = NULL;

  *out_id = 0;
  if (def != NULL)
    {
      g_autoptr(FcrmUser) u = fcrm_crm_find_user (self, def, NULL);
      /* (a setting from before designers were refused there goes to round-robin) */
      if (u != NULL && u->active && u->role == FCRM_ROLE_MANAGER)
        {
          *out_id = u->id;
          return TRUE;
        }
    }

  /* on the office server the turn is kept by the owner's function with a
   * counter nobody else may advance: two desktops adding leads at once get
   * the next two managers, neither waiting for the other's commit */
  if (fcrm_store_has_server_rules (self->store))
    {
      stmt = fcrm_store_prepare (self->store, "SELECT coalesce (fcrm_round_robin_next (), 0)", error);
      if (stmt == NULL)
        return FALSE;
      if (fcrm_stmt_step (stmt, &local))
        *out_id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
      return TRUE;
    }
  last = fcrm_store_get_setting (self->store, "round_robin_last");
  stmt = fcrm_store_prepare (self->store,
                             "SELECT id FROM users WHERE role = 'manager' AND active = 1 "
                             "ORDER BY id > ? DESC, id LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_int64 (stmt, 1, last != NULL ? g_ascii_strtoll (last, NULL, 10) : 0);
  if (fcrm_stmt_step (stmt, &local))
    *out_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  if (*out_id == 0)
    return TRUE;
  value = g_strdup_printf ("%" G_GINT64_FORMAT, *out_id);
  return fcrm_store_set_setting (self->store, "round_robin_last", value, error);
}

/* An existing contact with the same normalised phone or e-mail. */
static gboolean
find_contact (FcrmCrm    *self,
              const char *phone_norm,
              const char *email_norm,
              gint64     *out_id,
              GError    **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;

  *out_id = 0;
  if (phone_norm == NULL && email_norm == NULL)
    return TRUE;
  stmt = fcrm_store_prepare (self->store,
                             "SELECT contact_id FROM contact_phones WHERE phone_norm = ? "
                             "UNION ALL SELECT contact_id FROM contact_emails WHERE email_norm = ? "
                             "LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, phone_norm);
  fcrm_stmt_bind_text (stmt, 2, email_norm);
  if (fcrm_stmt_step (stmt, &local))
    *out_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

static char *
generate_title (const char *source,
                const char *name,
                const char *phone,
                const char *email,
                const char *company)
{
  g_autofree char *formatted = phone != NULL ? fcrm_phone_format (phone) : NULL;
  const char *who = name != NULL ? name : formatted != NULL ? formatted : email != NULL ? email : company;

  if (g_strcmp0 (source, "call") == 0 && formatted != NULL)
    return g_strdup_printf (_("Incoming call %s"), formatted);
  if (g_strcmp0 (source, "webform") == 0)
    return g_strdup_printf (_("Web form request from %s"), who);
  if (g_strcmp0 (source, "email") == 0)
    return g_strdup_printf (_("E-mail from %s"), who);
  return g_strdup_printf (_("Request from %s"), who);
}

gboolean
fcrm_crm_lead_insert (FcrmCrm             *self,
                      const FcrmLeadInput *input,
                      const char          *stage,
                      gint64              *out_id,
                      GError             **error)
{
  g_autofree char *title = NULL, *name = NULL, *phone = NULL, *email = NULL;
  g_autofree char *company = NULL, *comment = NULL, *source = NULL;
  g_autofree char *phone_norm = NULL, *email_norm = NULL;
  gint64 budget = 0, responsible = 0, contact = 0, id = 0, entry = 0;
  gint64 now;
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean ok, on_server;

  title = clean_line (input->title);
  name = clean_line (input->name);
  phone = clean_line (input->phone);
  email = clean_line (input->email);
  company = clean_line (input->company);
  comment = clean (input->comment);
  source = clean_line (input->source);
  if (source == NULL)
    source = g_strdup ("other");

  if (title == NULL && name == NULL && phone == NULL && email == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A lead needs at least a title, a name, a phone number or an e-mail address."));
      return FALSE;
    }
  if (!check_text (title, _("The title"), MAX_TITLE, error) ||
      !check_text (name, _("The name"), MAX_NAME, error) ||
      !check_text (company, _("The company name"), MAX_NAME, error) ||
      !check_text (comment, _("The comment"), MAX_TEXT, error))
    return FALSE;
  if (phone != NULL && !fcrm_phone_validate (phone, error))
    return FALSE;
  if (email != NULL && !fcrm_email_validate (email, error))
    return FALSE;
  if (!fcrm_source_is_valid (source))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a lead source; use call, webform, email, walkin or other."), source);
      return FALSE;
    }
  if (!parse_budget (input->budget, &budget, error))
    return FALSE;
  if (input->responsible != NULL && !resolve_user (self, input->responsible, TRUE, &responsible, error))
    return FALSE;

  phone_norm = phone != NULL ? fcrm_phone_normalize (phone) : NULL;
  email_norm = email != NULL ? fcrm_email_normalize (email) : NULL;
  if (title == NULL)
    title = generate_title (source, name, phone, email, company);
  now = fcrm_clock_now (self->clock);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  /* the office server makes a new lead (lead.new) in one round trip: its
   * contact, the lead and its stage entry (fcrm_lead_create, with the
   * caller's rights) */
  on_server = fcrm_store_has_server_rules (self->store) && g_strcmp0 (stage, "lead.new") == 0;
  if (on_server)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "SELECT lead_id, entry_id, responsible, responsible_name, responsible_active FROM fcrm_lead_create"
                                 " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      ok = stmt != NULL;
    }
  else
    {
      ok = (responsible != 0 || pick_responsible (self, &responsible, error)) &&
           find_contact (self, phone_norm, email_norm, &contact, error);
      if (ok)
        {
          stmt = fcrm_store_prepare (self->store,
                                     "INSERT INTO leads (title, name, phone, phone_norm, email, email_norm, company_name,"
                                     "  source, budget, comment, stage, responsible_id, contact_id, is_returning,"
                                     "  stage_entered_at, created_at, updated_at, created_by) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                     error);
          ok = stmt != NULL;
        }
    }
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, title);
      fcrm_stmt_bind_text (stmt, 2, name);
      fcrm_stmt_bind_text (stmt, 3, phone);
      fcrm_stmt_bind_text (stmt, 4, phone_norm);
      fcrm_stmt_bind_text (stmt, 5, email);
      fcrm_stmt_bind_text (stmt, 6, email_norm);
      fcrm_stmt_bind_text (stmt, 7, company);
      fcrm_stmt_bind_text (stmt, 8, source);
      fcrm_stmt_bind_int64 (stmt, 9, budget);
      fcrm_stmt_bind_text (stmt, 10, comment);
      if (on_server)
        {
          fcrm_stmt_bind_id (stmt, 11, responsible);
          fcrm_stmt_bind_int64 (stmt, 12, now);
          fcrm_stmt_bind_id (stmt, 13, self->actor != NULL ? self->actor->id : 0);
          if (fcrm_stmt_step (stmt, &local))
            {
              g_autoptr(FcrmItem) item = fcrm_item_new (FCRM_ENTITY_LEAD);

              id = item->id = fcrm_stmt_get_int64 (stmt, 0);
              item->title = g_strdup (title);
              item->stage = g_strdup (stage);
              item->responsible_id = fcrm_stmt_get_int64 (stmt, 2);
              item->responsible_name = fcrm_stmt_dup_text (stmt, 3);
              item->comment = g_strdup (comment);
              entry = fcrm_stmt_get_int64 (stmt, 1);
              /* (the robots' recipient need not be asked again) */
              self->known_active = fcrm_stmt_get_int64 (stmt, 4) != 0 ? item->responsible_id : 0;
              fcrm_stmt_reset (stmt);
              /* the on-entry robots fire as part of the creation */
              ok = fcrm_crm_entered_first_stage (self, item, entry, now, error);
              self->known_active = 0;
              if (!fcrm_crm_finish (self, ok, error))
                return FALSE;
              *out_id = id;
              return TRUE;
            }
          fcrm_stmt_reset (stmt);
          if (local == NULL)
            g_set_error (&local, FCRM_ERROR, FCRM_ERROR_STORAGE, _("Database error: %s"), "fcrm_lead_create");
          ok = (g_propagate_error (error, local), FALSE);
        }
      else
        {
          fcrm_stmt_bind_text (stmt, 11, stage);
          fcrm_stmt_bind_id (stmt, 12, responsible);
          fcrm_stmt_bind_id (stmt, 13, contact);
          fcrm_stmt_bind_int64 (stmt, 14, contact != 0);
          fcrm_stmt_bind_int64 (stmt, 15, now);
          fcrm_stmt_bind_int64 (stmt, 16, now);
          fcrm_stmt_bind_int64 (stmt, 17, now);
          fcrm_stmt_bind_id (stmt, 18, self->actor != NULL ? self->actor->id : 0);
          if (fcrm_stmt_step (stmt, &local))
            id = fcrm_stmt_get_int64 (stmt, 0);
          fcrm_stmt_reset (stmt);
          if (local != NULL)
            ok = (g_propagate_error (error, local), FALSE);
        }
    }
  ok = ok && fcrm_crm_enter_first_stage (self, FCRM_ENTITY_LEAD, id, stage, now, error);
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  *out_id = id;
  return TRUE;
}

FcrmItem *
fcrm_crm_lead_add (FcrmCrm             *self,
                   const FcrmLeadInput *input,
                   GError             **error)
{
  gint64 id = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!fcrm_crm_lead_insert (self, input, "lead.new", &id, error))
    return NULL;
  return fcrm_crm_lead_get (self, id, error);
}

static gboolean
insert_contact (FcrmCrm    *self,
                const char *name,
                const char *phone,
                const char *email,
                gint64      company_id,
                gint64      now,
                gint64     *out_id,
                GError    **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO contacts (name, company_id, created_at, updated_at, created_by) "
                             "VALUES (?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, name);
  fcrm_stmt_bind_id (stmt, 2, company_id);
  fcrm_stmt_bind_int64 (stmt, 3, now);
  fcrm_stmt_bind_int64 (stmt, 4, now);
  fcrm_stmt_bind_id (stmt, 5, self->actor != NULL ? self->actor->id : 0);
  if (fcrm_stmt_step (stmt, &local))
    *out_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;

  if (phone != NULL)
    {
      g_autofree char *norm = fcrm_phone_normalize (phone);

      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO contact_phones (contact_id, phone, phone_norm) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, *out_id);
      fcrm_stmt_bind_text (stmt, 2, phone);
      fcrm_stmt_bind_text (stmt, 3, norm != NULL ? norm : "");
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }
  if (email != NULL)
    {
      g_autofree char *norm = fcrm_email_normalize (email);

      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO contact_emails (contact_id, email, email_norm) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, *out_id);
      fcrm_stmt_bind_text (stmt, 2, email);
      fcrm_stmt_bind_text (stmt, 3, norm);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_crm_insert_contact (FcrmCrm    *self,
                         const char *name,
                         const char *phone,
                         const char *email,
                         gint64      company_id,
                         gint64      now,
                         gint64     *out_id,
                         GError    **error)
{
  return insert_contact (self, name, phone, email, company_id, now, out_id, error);
}

gboolean
fcrm_crm_insert_company (FcrmCrm    *self,
                         const char *name,
                         gint64      now,
                         gint64     *out_id,
                         GError    **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO companies (name, created_at, updated_at, created_by) VALUES (?, ?, ?, ?) "
                             "RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, name);
  fcrm_stmt_bind_int64 (stmt, 2, now);
  fcrm_stmt_bind_int64 (stmt, 3, now);
  fcrm_stmt_bind_id (stmt, 4, self->actor != NULL ? self->actor->id : 0);
  if (fcrm_stmt_step (stmt, &local))
    *out_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

gboolean
fcrm_crm_insert_deal (FcrmCrm    *self,
                      const char *pipeline,
                      const char *title,
                      gint64      contact_id,
                      gint64      company_id,
                      gint64      lead_id,
                      gint64      budget,
                      const char *source,
                      const char *comment,
                      gint64      responsible_id,
                      gint64      now,
                      gint64     *out_id,
                      GError    **error)
{
  FcrmPipeline *p = fcrm_crm_get_pipeline (self, pipeline);
  FcrmStage *first = fcrm_pipeline_first_stage (p);
  GError *local = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO deals (title, pipeline, stage, responsible_id, contact_id, company_id, lead_id,"
                             "  budget, source, comment, stage_entered_at, created_at, updated_at, created_by) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, title);
  fcrm_stmt_bind_text (stmt, 2, pipeline);
  fcrm_stmt_bind_text (stmt, 3, first->code);
  fcrm_stmt_bind_id (stmt, 4, responsible_id);
  fcrm_stmt_bind_id (stmt, 5, contact_id);
  fcrm_stmt_bind_id (stmt, 6, company_id);
  fcrm_stmt_bind_id (stmt, 7, lead_id);
  fcrm_stmt_bind_int64 (stmt, 8, budget);
  fcrm_stmt_bind_text (stmt, 9, source != NULL ? source : "other");
  fcrm_stmt_bind_text (stmt, 10, comment);
  fcrm_stmt_bind_int64 (stmt, 11, now);
  fcrm_stmt_bind_int64 (stmt, 12, now);
  fcrm_stmt_bind_int64 (stmt, 13, now);
  fcrm_stmt_bind_id (stmt, 14, self->actor != NULL ? self->actor->id : 0);
  if (fcrm_stmt_step (stmt, &local))
    *out_id = fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return fcrm_crm_enter_first_stage (self, FCRM_ENTITY_DEAL, *out_id, first->code, now, error);
}

/* TRUE when @sql ("SELECT 1 … WHERE id = ?") finds a row */
static gboolean
row_exists (FcrmCrm    *self,
            const char *sql,
            gint64      id)
{
  gint64 one = 0;
  gboolean found = FALSE;

  return fcrm_store_query_int (self->store, sql, &one, &found, NULL, "i", id) && found;
}

FcrmItem *
fcrm_crm_deal_add (FcrmCrm             *self,
                   const FcrmDealInput *input,
                   GError             **error)
{
  g_autofree char *title = NULL, *source = NULL;
  FcrmPipeline *p;
  gint64 budget = 0, responsible = 0, id = 0;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  p = fcrm_crm_get_pipeline (self, input->pipeline);
  if (p == NULL || p->entity != FCRM_ENTITY_DEAL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no deal pipeline “%s”; use manufacturing, design or repair."),
                   input->pipeline != NULL ? input->pipeline : "");
      return NULL;
    }
  title = clean_line (input->title);
  if (title == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("A deal needs a title."));
      return NULL;
    }
  if (!check_text (title, _("The title"), MAX_TITLE, error))
    return NULL;
  source = clean_line (input->source);
  if (source != NULL && !fcrm_source_is_valid (source))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a lead source; use call, webform, email, walkin or other."), source);
      return NULL;
    }
  if (!parse_budget (input->budget, &budget, error))
    return NULL;
  if (input->contact_id != 0 && !row_exists (self, "SELECT 1 FROM contacts WHERE id = ?", input->contact_id))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no contact #%" PRId64 "."), input->contact_id);
      return NULL;
    }
  if (input->company_id != 0 && !row_exists (self, "SELECT 1 FROM companies WHERE id = ?", input->company_id))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no company #%" PRId64 "."), input->company_id);
      return NULL;
    }
  if (input->responsible != NULL)
    {
      if (!resolve_user (self, input->responsible, FALSE, &responsible, error))
        return NULL;
    }
  else if (self->actor != NULL)
    responsible = self->actor->id;

  if (!fcrm_crm_begin (self, error))
    return NULL;
  ok = fcrm_crm_insert_deal (self, p->code, title, input->contact_id, input->company_id, 0, budget, source, NULL,
                             responsible, fcrm_clock_now (self->clock), &id, error);
  if (!fcrm_crm_finish (self, ok, error))
    return NULL;
  return fcrm_crm_deal_get (self, id, error);
}

FcrmStage *
fcrm_crm_target_stage (FcrmCrm        *self,
                       FcrmEntityType  type,
                       const char     *code,
                       GError        **error)
{
  FcrmStage *s = fcrm_crm_get_stage (self, code);
  FcrmPipeline *p = s != NULL ? fcrm_crm_get_pipeline (self, s->pipeline) : NULL;

  if (p == NULL || p->entity != type)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   type == FCRM_ENTITY_LEAD ? _("There is no lead stage “%s”.") : _("There is no deal stage “%s”."),
                   code != NULL ? code : "");
      return NULL;
    }
  return s;
}

static const char *
conversion_pipeline (const char *stage)
{
  if (g_strcmp0 (stage, "lead.to_design") == 0)
    return "design";
  if (g_strcmp0 (stage, "lead.to_manufacturing") == 0)
    return "manufacturing";
  if (g_strcmp0 (stage, "lead.to_repair") == 0)
    return "repair";
  return NULL;
}

static const char *
conversion_stage (const char *pipeline)
{
  if (g_strcmp0 (pipeline, "design") == 0)
    return "lead.to_design";
  if (g_strcmp0 (pipeline, "manufacturing") == 0)
    return "lead.to_manufacturing";
  if (g_strcmp0 (pipeline, "repair") == 0)
    return "lead.to_repair";
  return NULL;
}

/* The conversion itself, inside a transaction (SPEC §3.3). */
static gboolean
convert_lead (FcrmCrm                 *self,
              FcrmItem                *lead,
              const char              *pipeline,
              FcrmConvertFlags         flags,
              FcrmConvertResult       *result,
              gint64                   now,
              GError                 **error)
{
  gint64 contact = lead->contact_id, company = lead->company_id, deal = 0;
  g_autofree char *company_name = clean (lead->company_name);
  FcrmStmt *stmt;

  if ((flags & FCRM_CONVERT_COMPANY) && company == 0 && company_name != NULL &&
      !fcrm_crm_insert_company (self, company_name, now, &company, error))
    return FALSE;
  if ((flags & FCRM_CONVERT_CONTACT) && contact == 0 &&
      (lead->name != NULL || lead->phone != NULL || lead->email != NULL))
    {
      const char *contact_name = lead->name != NULL ? lead->name : lead->phone != NULL ? lead->phone : lead->email;

      if (!insert_contact (self, contact_name, lead->phone, lead->email, company, now, &contact, error))
        return FALSE;
    }
  if ((flags & FCRM_CONVERT_DEAL) &&
      !fcrm_crm_insert_deal (self, pipeline, lead->title, contact, company, lead->id, lead->budget, lead->source,
                             lead->comment, lead->responsible_id, now, &deal, error))
    return FALSE;

  if (deal != 0)
    {
      /* attachments travel with the work */
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO attachments (entity_type, entity_id, name, mime_type, category, size,"
                                 "  sha256, content, user_id, created_at) "
                                 "SELECT 'deal', ?, name, mime_type, category, size, sha256, content, user_id, created_at "
                                 "FROM attachments WHERE entity_type = 'lead' AND entity_id = ? ORDER BY id", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, deal);
      fcrm_stmt_bind_int64 (stmt, 2, lead->id);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;

      /* and what the client said of the project */
      stmt = fcrm_store_prepare (self->store,
                                 "UPDATE deals SET (delivery_date, installation_date, installation_needed, design, project,"
                                 "  measurements, visit_at, warranty_until) = (SELECT l.delivery_date, l.installation_date,"
                                 "  l.installation_needed, l.design, l.project, l.measurements, l.visit_at, l.warranty_until"
                                 "  FROM leads l WHERE l.id = ?) WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, lead->id);
      fcrm_stmt_bind_int64 (stmt, 2, deal);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;

      /* and so does what people wrote about it */
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                                 "SELECT 'deal', ?, user_id, text, created_at "
                                 "FROM comments WHERE entity_type = 'lead' AND entity_id = ? ORDER BY id", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, deal);
      fcrm_stmt_bind_int64 (stmt, 2, lead->id);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }

  stmt = fcrm_store_prepare (self->store,
                             "UPDATE leads SET contact_id = ?, company_id = ?, deal_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_id (stmt, 1, contact);
  fcrm_stmt_bind_id (stmt, 2, company);
  fcrm_stmt_bind_id (stmt, 3, deal);
  fcrm_stmt_bind_int64 (stmt, 4, lead->id);
  if (!fcrm_stmt_run (stmt, error))
    return FALSE;
  if (!fcrm_crm_enter_stage (self, FCRM_ENTITY_LEAD, lead->id, conversion_stage (pipeline), now, 0, error))
    return FALSE;

  if (result != NULL)
    {
      result->lead_id = lead->id;
      result->contact_id = contact;
      result->company_id = company;
      result->deal_id = deal;
    }
  return TRUE;
}

static gboolean
check_lead_open (FcrmCrm  *self,
                 FcrmItem *lead,
                 GError  **error)
{
  FcrmStage *current = fcrm_crm_get_stage (self, lead->stage);

  if (current != NULL && current->kind == FCRM_STAGE_SUCCESS)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("The lead “%s” has already been converted; work with its deal instead."), lead->title);
      return FALSE;
    }
  return TRUE;
}

/* Every action below (and those of fcrm-deal-stage.c) begins its transaction,
 * then locks and reads the item (fcrm_crm_lock_item), checks, and writes: two
 * desktops doing the same at once take turns, and the second one checks what
 * the first one left. */

gboolean
fcrm_crm_lead_convert (FcrmCrm           *self,
                       gint64             id,
                       const char        *pipeline,
                       FcrmConvertFlags   flags,
                       FcrmConvertResult *result,
                       GError           **error)
{
  g_autoptr(FcrmItem) lead = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (conversion_stage (pipeline) == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                   _("There is no deal pipeline “%s”; use manufacturing, design or repair."),
                   pipeline != NULL ? pipeline : "");
      return FALSE;
    }
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  lead = fcrm_crm_lock_item (self, FCRM_ENTITY_LEAD, id, error);
  ok = lead != NULL && check_lead_open (self, lead, error) &&
       convert_lead (self, lead, pipeline, flags, result, fcrm_clock_now (self->clock), error);
  return fcrm_crm_finish (self, ok, error);
}

/* Junk a locked, open lead that is not junk yet. */
static gboolean
junk_lead (FcrmCrm    *self,
           FcrmItem   *lead,
           const char *comment,
           GError    **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store, "UPDATE leads SET junk_comment = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, comment);
  fcrm_stmt_bind_int64 (stmt, 2, lead->id);
  return fcrm_stmt_run (stmt, error) &&
         fcrm_crm_enter_stage (self, FCRM_ENTITY_LEAD, lead->id, "lead.junk", fcrm_clock_now (self->clock), 0, error);
}

gboolean
fcrm_crm_lead_junk (FcrmCrm    *self,
                    gint64      id,
                    const char *comment,
                    GError    **error)
{
  g_autoptr(FcrmItem) lead = NULL;
  g_autofree char *text = clean (comment);
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!check_text (text, _("The comment"), MAX_TEXT, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  lead = fcrm_crm_lock_item (self, FCRM_ENTITY_LEAD, id, error);
  ok = lead != NULL && check_lead_open (self, lead, error);
  if (ok && g_strcmp0 (lead->stage, "lead.junk") == 0)
    return fcrm_crm_finish_unchanged (self, error);
  ok = ok && junk_lead (self, lead, text, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_lead_move (FcrmCrm    *self,
                    gint64      id,
                    const char *stage,
                    GError    **error)
{
  g_autoptr(FcrmItem) lead = NULL;
  FcrmStage *target;
  gint64 now;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  target = fcrm_crm_target_stage (self, FCRM_ENTITY_LEAD, stage, error);
  if (target == NULL)
    return FALSE;
  now = fcrm_clock_now (self->clock);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  lead = fcrm_crm_lock_item (self, FCRM_ENTITY_LEAD, id, error);
  ok = lead != NULL && check_lead_open (self, lead, error);
  if (ok && g_strcmp0 (lead->stage, stage) == 0)
    return fcrm_crm_finish_unchanged (self, error);
  if (ok && target->kind == FCRM_STAGE_SUCCESS)
    ok = convert_lead (self, lead, conversion_pipeline (stage), FCRM_CONVERT_DEFAULT, NULL, now, error);
  else if (ok && target->kind == FCRM_STAGE_FAILURE)
    ok = junk_lead (self, lead, NULL, error);
  else if (ok)
    ok = fcrm_crm_enter_stage (self, FCRM_ENTITY_LEAD, id, stage, now, 0, error);
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_item_move (FcrmCrm        *self,
                    FcrmEntityType  type,
                    gint64          id,
                    const char     *stage,
                    GError        **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  if (type == FCRM_ENTITY_LEAD)
    return fcrm_crm_lead_move (self, id, stage, error);
  return fcrm_crm_deal_move (self, id, stage, error);
}

char *
fcrm_crm_get_default_manager (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return fcrm_store_get_setting (self->store, "default_manager");
}

gboolean
fcrm_crm_may_set_default_manager (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return self->actor == NULL || self->actor->role == FCRM_ROLE_SUPERVISOR;
}

gboolean
fcrm_crm_set_default_manager (FcrmCrm    *self,
                              const char *login,
                              GError    **error)
{
  FcrmStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_may_set_default_manager (self))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("Only a supervisor decides who gets new leads."));
      return FALSE;
    }
  if (login != NULL && *login != '\0')
    {
      g_autoptr(FcrmUser) user = fcrm_crm_find_user (self, login, error);

      if (user == NULL)
        return FALSE;
      if (!fcrm_user_takes_new_leads (user))
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                       _("New leads can only go to an active manager; %s is not one."), user->name);
          return FALSE;
        }
    }
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  if (login != NULL && *login != '\0')
    ok = fcrm_store_set_setting (self->store, "default_manager", login, error);
  else
    {
      stmt = fcrm_store_prepare (self->store, "DELETE FROM settings WHERE key = 'default_manager'", error);
      ok = stmt != NULL && fcrm_stmt_run (stmt, error);
    }
  return fcrm_crm_finish (self, ok, error);
}
