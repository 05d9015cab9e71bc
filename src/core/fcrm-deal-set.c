#define G_LOG_DOMAIN "fcrm-deal-set"

/* Editing one field of a deal: the CLI's `deal set` and the card's editors. */

#include <glib/gi18n-lib.h>

#include "fcrm-field.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"
#include "fcrm-robots.h"

#define SET(col) "UPDATE deals SET " col " = ?, updated = updated + 1, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"

static const struct { const char *field; FcrmFieldKind kind; const char *sql; } fields[] = {
  { "title",               FCRM_FIELD_REQUIRED_TEXT, SET ("title") },
  { "budget",              FCRM_FIELD_MONEY,         SET ("budget") },
  { "delivery_date",       FCRM_FIELD_DATE,          SET ("delivery_date") },
  { "installation_date",   FCRM_FIELD_DATE,          SET ("installation_date") },
  { "installation_needed", FCRM_FIELD_BOOL,          SET ("installation_needed") },
  { "visit_at",            FCRM_FIELD_TIME,          SET ("visit_at") },
  { "warranty_until",      FCRM_FIELD_DATE,          SET ("warranty_until") },
  { "design",              FCRM_FIELD_TEXT,          SET ("design") },
  { "project",             FCRM_FIELD_TEXT,          SET ("project") },
  { "measurements",        FCRM_FIELD_TEXT,          SET ("measurements") },
  { "loss_reason_text",    FCRM_FIELD_TEXT,          SET ("loss_reason_text") },
  { "comment",             FCRM_FIELD_TEXT,          SET ("comment") },
  { "responsible",         FCRM_FIELD_USER,          SET ("responsible_id") },
  { "source",              FCRM_FIELD_SOURCE,        SET ("source") },
};

gboolean
fcrm_crm_deal_set (FcrmCrm    *self,
                   gint64      id,
                   const char *field,
                   const char *value_text,
                   gint64      expected_version,
                   GError    **error)
{
  g_auto(FcrmFieldValue) value = { 0 };
  g_autoptr(FcrmItem) deal = NULL;
  gboolean ok;
  FcrmStmt *stmt;
  guint f;
  int changes = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  /* the client is a link to a card, not a text of the row */
  if (g_strcmp0 (field, "contact_id") == 0 || g_strcmp0 (field, "company_id") == 0)
    return fcrm_crm_item_set_client_field (self, FCRM_ENTITY_DEAL, id, field, value_text, expected_version, error);

  for (f = 0; f < G_N_ELEMENTS (fields); f++)
    if (g_strcmp0 (fields[f].field, field) == 0)
      break;
  if (f == G_N_ELEMENTS (fields))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A deal has no field “%s”; use title, budget, delivery_date, installation_date, "
                     "installation_needed, visit_at, warranty_until, design, project, measurements, "
                     "loss_reason_text, comment, responsible, source, contact_id or company_id."), field != NULL ? field : "");
      return FALSE;
    }

  if (!fcrm_field_parse (self, fields[f].kind, field, value_text, _("A deal needs a title."), &value, error))
    return FALSE;

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  deal = fcrm_crm_lock_item (self, FCRM_ENTITY_DEAL, id, error);
  ok = deal != NULL;
  /* the version is compared to the row as it is now: another editor's save
   * waits for ours or ours for theirs, and the later one finds it changed */
  if (ok && (expected_version < 0 || deal->version == expected_version))
    {
      changes = fcrm_field_update (self, fields[f].sql, fields[f].kind, &value, id, expected_version, error);
      ok = changes >= 0;
    }
  if (ok && changes == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                   _("Someone else changed the deal “%s” meanwhile; reload it and try again."), deal->title);
      ok = FALSE;
    }
  /* a new visit time moves the "has the master arrived?" reminder */
  if (ok && fields[f].kind == FCRM_FIELD_TIME)
    {
      GError *local = NULL;
      gint64 entry = 0;

      stmt = fcrm_store_prepare (self->store,
                                 "SELECT id FROM stage_history WHERE entity_type = 'deal' AND entity_id = ? AND left_at IS NULL",
                                 error);
      ok = stmt != NULL;
      if (ok)
        {
          fcrm_stmt_bind_int64 (stmt, 1, id);
          if (fcrm_stmt_step (stmt, &local))
            entry = fcrm_stmt_get_int64 (stmt, 0);
          fcrm_stmt_reset (stmt);
          if (local != NULL)
            ok = (g_propagate_error (error, local), FALSE);
        }
      if (ok && entry != 0 && value.is_null)
        {
          stmt = fcrm_store_prepare (self->store,
                                     "DELETE FROM robot_queue WHERE entry_id = ? AND robot_id IN "
                                     "(SELECT id FROM robots WHERE trigger_kind = 'at_field')", error);
          ok = stmt != NULL;
          if (ok)
            {
              fcrm_stmt_bind_int64 (stmt, 1, entry);
              ok = fcrm_stmt_run (stmt, error);
            }
        }
      else if (ok && entry != 0)
        ok = fcrm_crm_queue_robots (self, entry, deal->stage, deal->stage_entered_at, value.number, error);
    }
  return fcrm_crm_finish (self, ok, error);
}
