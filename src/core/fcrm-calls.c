#define G_LOG_DOMAIN "fcrm-calls"

/* The incoming-call screen pop: see fcrm-calls.h. */

#include <glib/gi18n-lib.h>

#include "fcrm-calls.h"
#include "fcrm-crm-private.h"
#include "fcrm-phone.h"

/* Stored untranslated and rendered in each reader's language (fcrm-inbox.c);
 * {caller} is the client's name, or the number. */
#define CALL_WITH_ITEM N_("Incoming call: {caller} — {item} ({stage})")
#define CALL_ALONE     N_("Incoming call: {caller}")

typedef struct
{
  gint64  contact_id;
  char   *caller;        /* the contact's (else the lead's) name, else the number */
  FcrmEntityType item_type;
  gint64  item_id;
  char   *item_title;
  char   *item_stage;
  gint64  responsible;
} Caller;

static void
caller_clear (Caller *c)
{
  g_free (c->caller);
  g_free (c->item_title);
  g_free (c->item_stage);
}

/* The open deal (else lead) of contact @contact_id or of the number @norm. */
static gboolean
find_open_item (FcrmCrm    *self,
                const char *norm,
                Caller     *c,
                GError    **error)
{
  static const char * const sql[] = {
    "SELECT d.id, d.title, d.stage, coalesce (d.responsible_id, 0), NULL FROM deals d JOIN stages s ON s.code = d.stage"
    "  WHERE d.contact_id = ? AND s.kind = 'open' ORDER BY d.updated_at DESC, d.id DESC LIMIT 1",
    "SELECT l.id, l.title, l.stage, coalesce (l.responsible_id, 0), l.name FROM leads l JOIN stages s ON s.code = l.stage"
    "  WHERE (l.contact_id = ? OR l.phone_norm = ?) AND s.kind = 'open' ORDER BY l.updated_at DESC, l.id DESC LIMIT 1",
  };

  for (guint k = 0; k < G_N_ELEMENTS (sql); k++)
    {
      FcrmStmt *stmt;
      GError *local = NULL;
      gboolean found;

      if (k == 0 && c->contact_id == 0)
        continue;
      stmt = fcrm_store_prepare (self->store, sql[k], error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, c->contact_id);
      if (k == 1)
        fcrm_stmt_bind_text (stmt, 2, norm);
      found = fcrm_stmt_step (stmt, &local);
      if (found)
        {
          c->item_type = k == 0 ? FCRM_ENTITY_DEAL : FCRM_ENTITY_LEAD;
          c->item_id = fcrm_stmt_get_int64 (stmt, 0);
          c->item_title = fcrm_stmt_dup_text (stmt, 1);
          c->item_stage = fcrm_stmt_dup_text (stmt, 2);
          c->responsible = fcrm_stmt_get_int64 (stmt, 3);
          if (c->caller == NULL && !fcrm_stmt_is_null (stmt, 4) && *fcrm_stmt_get_text (stmt, 4) != '\0')
            c->caller = fcrm_stmt_dup_text (stmt, 4);
        }
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
      if (found)
        return TRUE;
    }
  return TRUE;
}

static gboolean
find_caller (FcrmCrm    *self,
             const char *norm,
             Caller     *c,
             GError    **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "SELECT c.id, c.name FROM contact_phones p JOIN contacts c ON c.id = p.contact_id"
                                       "  WHERE p.phone_norm = ? ORDER BY c.last_activity DESC, c.id DESC LIMIT 1", error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, norm);
  if (fcrm_stmt_step (stmt, &local))
    {
      c->contact_id = fcrm_stmt_get_int64 (stmt, 0);
      c->caller = fcrm_stmt_dup_text (stmt, 1);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return find_open_item (self, norm, c, error);
}

/* Who is told: @login's person, else the item's responsible while active,
 * else every active manager. */
static GArray *
recipients (FcrmCrm    *self,
            gint64      login_id,
            gint64      responsible,
            GError    **error)
{
  g_autoptr(GArray) to = g_array_new (FALSE, FALSE, sizeof (gint64));
  FcrmStmt *stmt;
  GError *local = NULL;
  gint64 active = 0;
  gboolean found = FALSE;

  if (login_id != 0)
    {
      g_array_append_val (to, login_id);
      return g_steal_pointer (&to);
    }
  if (responsible != 0 &&
      !fcrm_store_query_int (self->store, "SELECT active FROM users WHERE id = ?", &active, &found, error, "i", responsible))
    return NULL;
  if (found && active)
    {
      g_array_append_val (to, responsible);
      return g_steal_pointer (&to);
    }
  stmt = fcrm_store_prepare (self->store, "SELECT id FROM users WHERE role = 'manager' AND active = 1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 id = fcrm_stmt_get_int64 (stmt, 0);

      g_array_append_val (to, id);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&to);
}

static gboolean
record (FcrmCrm    *self,
        const char *phone,
        gboolean    incoming,
        gint64      login_id,
        Caller     *c,
        gint64      now,
        guint      *out_notified,
        GError    **error)
{
  g_autofree char *line = NULL;
  const char *kind = c->contact_id != 0 ? "contact" : c->item_id != 0 ? fcrm_entity_type_to_string (c->item_type) : NULL;
  gint64 on = c->contact_id != 0 ? c->contact_id : c->item_id;
  g_autoptr(GArray) to = NULL;

  /* on the client's timeline */
  if (kind != NULL)
    {
      line = g_strdup_printf (incoming ? _("Incoming call from %s") : _("Outgoing call to %s"), phone);
      if (!fcrm_store_run (self->store, "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at)"
                                        " VALUES (?, ?, ?, ?, ?)", error, "sidsi", kind, on, login_id, line, now))
        return FALSE;
    }
  if (!incoming)
    return TRUE;

  to = recipients (self, login_id, c->responsible, error);
  if (to == NULL)
    return FALSE;
  for (guint i = 0; i < to->len; i++)
    if (!fcrm_store_run (self->store,
                         "INSERT INTO notifications (user_id, text, subject, stage, entity_type, entity_id, created_at,"
                         "  kind, contact_id, caller, phone) VALUES (?, ?, ?, ?, ?, ?, ?, 'call', ?, ?, ?)",
                         error, "issssdidss", g_array_index (to, gint64, i),
                         c->item_id != 0 ? CALL_WITH_ITEM : CALL_ALONE, c->item_title, c->item_stage,
                         c->item_id != 0 ? fcrm_entity_type_to_string (c->item_type) : NULL,
                         c->item_id, now, c->contact_id, c->caller != NULL ? c->caller : phone, phone))
      return FALSE;
  *out_notified = to->len;
  return TRUE;
}

/* On the office server: the intake's login may not write other people's
 * inboxes nor read every client's items, so the owner's fcrm_call_pop
 * (fcrm-pg-security.c) finds the caller, chooses who is told by the rules
 * above and writes the call, in one round trip. */
static gboolean
record_on_server (FcrmCrm     *self,
                  const char  *phone,
                  gboolean     incoming,
                  gint64       login_id,
                  FcrmCallPop *out,
                  GError     **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "SELECT r_contact, r_item_type, r_item, r_notified FROM fcrm_call_pop (?, ?, ?, ?, ?)",
                                       error);
  GError *local = NULL;
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, phone);
  fcrm_stmt_bind_id (stmt, 2, login_id);
  fcrm_stmt_bind_int64 (stmt, 3, incoming ? 1 : 0);
  fcrm_stmt_bind_int64 (stmt, 4, fcrm_clock_now (self->clock));
  /* the line on the timeline in this program's language, if the server knows it */
  fcrm_stmt_bind_text (stmt, 5, incoming ? _("Incoming call from %s") : _("Outgoing call to %s"));
  found = fcrm_stmt_step (stmt, &local);
  if (found)
    {
      const char *type = fcrm_stmt_is_null (stmt, 1) ? NULL : fcrm_stmt_get_text (stmt, 1);

      out->contact_id = fcrm_stmt_get_int64 (stmt, 0);
      out->item_type = type == NULL ? 0 : g_strcmp0 (type, "deal") == 0 ? FCRM_ENTITY_DEAL : FCRM_ENTITY_LEAD;
      out->item_id = fcrm_stmt_get_int64 (stmt, 2);
      out->notified = (guint) fcrm_stmt_get_int64 (stmt, 3);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

gboolean
fcrm_crm_call_pop (FcrmCrm     *self,
                   const char  *phone,
                   const char  *login,
                   const char  *direction,
                   FcrmCallPop *out,
                   GError     **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *trimmed = NULL;
  Caller c = { 0 };
  gboolean incoming;
  gint64 login_id = 0;
  guint notified = 0;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (out != NULL)
    *out = (FcrmCallPop) { 0 };
  if (phone == NULL || *phone == '\0')
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("A call needs the caller’s phone number."));
      return FALSE;
    }
  if (!fcrm_phone_validate (phone, error))
    return FALSE;
  trimmed = g_strstrip (g_strdup (phone));
  norm = fcrm_phone_normalize (trimmed);
  if (direction != NULL && *direction != '\0' && g_strcmp0 (direction, "in") != 0 && g_strcmp0 (direction, "out") != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("Unknown call direction “%s”: use “in” or “out”."), direction);
      return FALSE;
    }
  incoming = g_strcmp0 (direction, "out") != 0;
  if (login != NULL && *login != '\0')
    {
      g_autoptr(FcrmUser) user = fcrm_crm_find_user (self, login, NULL);

      if (user == NULL || !user->active)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                       _("There is no active user “%s” to show the call to."), login);
          return FALSE;
        }
      login_id = user->id;
    }

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  if (fcrm_store_has_server_rules (self->store))
    {
      FcrmCallPop pop = { 0 };

      ok = record_on_server (self, trimmed, incoming, login_id, &pop, error);
      if (ok && out != NULL)
        *out = pop;
      return fcrm_crm_finish (self, ok, error);
    }
  ok = find_caller (self, norm, &c, error) &&
       record (self, trimmed, incoming, login_id, &c, fcrm_clock_now (self->clock), &notified, error);
  if (ok && out != NULL)
    *out = (FcrmCallPop) { c.contact_id, c.item_type, c.item_id, notified };
  caller_clear (&c);
  return fcrm_crm_finish (self, ok, error);
}
