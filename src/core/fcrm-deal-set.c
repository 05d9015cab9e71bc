#define G_LOG_DOMAIN "fcrm-deal-set"

/* Editing one field of a deal: the CLI's `deal set` and the card's editors. */

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"
#include "fcrm-robots.h"

typedef enum { TEXT, REQUIRED_TEXT, MONEY, DATE, TIME, BOOL, USER, SOURCE } FieldKind;

#define SET(col) "UPDATE deals SET " col " = ?, updated = updated + 1, updated_at = ? WHERE id = ? AND (? < 0 OR updated = ?)"

static const struct { const char *field; FieldKind kind; const char *sql; } fields[] = {
  { "title",               REQUIRED_TEXT, SET ("title") },
  { "budget",              MONEY,         SET ("budget") },
  { "delivery_date",       DATE,          SET ("delivery_date") },
  { "installation_date",   DATE,          SET ("installation_date") },
  { "installation_needed", BOOL,          SET ("installation_needed") },
  { "visit_at",            TIME,          SET ("visit_at") },
  { "warranty_until",      DATE,          SET ("warranty_until") },
  { "design",              TEXT,          SET ("design") },
  { "project",             TEXT,          SET ("project") },
  { "measurements",        TEXT,          SET ("measurements") },
  { "loss_reason_text",    TEXT,          SET ("loss_reason_text") },
  { "comment",             TEXT,          SET ("comment") },
  { "responsible",         USER,          SET ("responsible_id") },
  { "source",              SOURCE,        SET ("source") },
};

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  static const char * const yes[] = { "yes", "true", "1", "on", NULL };
  static const char * const no[] = { "no", "false", "0", "off", "", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (g_strv_contains (yes, lower))
    return (*out = TRUE), TRUE;
  if (g_strv_contains (no, lower))
    return (*out = FALSE), TRUE;
  return FALSE;
}

gboolean
fcrm_crm_deal_set (FcrmCrm    *self,
                   gint64      id,
                   const char *field,
                   const char *value,
                   gint64      expected_version,
                   GError    **error)
{
  g_autofree char *v = g_strstrip (g_strdup (value != NULL ? value : ""));
  g_autoptr(FcrmItem) deal = NULL;
  gint64 number = 0;
  gboolean is_null = *v == '\0';
  gboolean ok;
  FcrmStmt *stmt;
  guint f;
  int changes = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  for (f = 0; f < G_N_ELEMENTS (fields); f++)
    if (g_strcmp0 (fields[f].field, field) == 0)
      break;
  if (f == G_N_ELEMENTS (fields))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A deal has no field “%s”; use title, budget, delivery_date, installation_date, "
                     "installation_needed, visit_at, warranty_until, design, project, measurements, "
                     "loss_reason_text, comment, responsible or source."), field != NULL ? field : "");
      return FALSE;
    }

  switch (fields[f].kind)
    {
    case REQUIRED_TEXT:
      if (is_null)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("A deal needs a title."));
          return FALSE;
        }
      G_GNUC_FALLTHROUGH;
    case TEXT:
      if (!g_utf8_validate (v, -1, NULL) || g_utf8_strlen (v, -1) > (fields[f].kind == TEXT ? 20000 : 500))
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                       _("%s is too long: at most %ld characters."), field,
                       fields[f].kind == TEXT ? 20000L : 500L);
          return FALSE;
        }
      break;
    case MONEY:
      if (!is_null && !fcrm_money_parse (v, &number, error))
        return FALSE;
      is_null = FALSE;
      break;
    case DATE:
      if (!is_null && !fcrm_date_parse (v, &number, error))
        return FALSE;
      break;
    case TIME:
      if (!is_null && !fcrm_time_parse (v, &number, error))
        return FALSE;
      break;
    case BOOL:
      {
        gboolean b;
        if (!parse_bool (v, &b))
          {
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                         _("“%s” is not yes or no."), v);
            return FALSE;
          }
        number = b;
        is_null = FALSE;
      }
      break;
    case USER:
      if (!is_null)
        {
          g_autoptr(FcrmUser) u = fcrm_crm_find_user (self, v, error);
          if (u == NULL)
            return FALSE;
          if (!u->active)
            {
              g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                           _("%s no longer works here; choose an active user."), u->name);
              return FALSE;
            }
          number = u->id;
        }
      break;
    case SOURCE:
      if (!fcrm_source_is_valid (v))
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                       _("“%s” is not a lead source; use call, webform, email, walkin or other."), v);
          return FALSE;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  deal = fcrm_crm_deal_get (self, id, error);
  if (deal == NULL)
    return FALSE;

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store, fields[f].sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      if (is_null)
        fcrm_stmt_bind_null (stmt, 1);
      else if (fields[f].kind == TEXT || fields[f].kind == REQUIRED_TEXT || fields[f].kind == SOURCE)
        fcrm_stmt_bind_text (stmt, 1, v);
      else
        fcrm_stmt_bind_int64 (stmt, 1, number);
      fcrm_stmt_bind_int64 (stmt, 2, fcrm_clock_now (self->clock));
      fcrm_stmt_bind_int64 (stmt, 3, id);
      fcrm_stmt_bind_int64 (stmt, 4, expected_version);
      fcrm_stmt_bind_int64 (stmt, 5, expected_version);
      if (!fcrm_stmt_step (stmt, error) && error != NULL && *error != NULL)
        ok = FALSE;
      changes = fcrm_stmt_changes (stmt);
      fcrm_stmt_reset (stmt);
    }
  if (ok && changes == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                   _("Someone else changed the deal “%s” meanwhile; reload it and try again."), deal->title);
      ok = FALSE;
    }
  /* a new visit time moves the "has the master arrived?" reminder */
  if (ok && fields[f].kind == TIME)
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
      if (ok && entry != 0 && is_null)
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
        ok = fcrm_crm_queue_robots (self, entry, deal->stage, deal->stage_entered_at, number, error);
    }
  return fcrm_crm_finish (self, ok, error);
}
