#define G_LOG_DOMAIN "fcrm-warranty"

/* A repair deal's warranty (issue 11): the date typed on the card, else
 * what the client's latest won Manufacturing deal gives — its installation
 * date, else its delivery date, plus the warranty period of Preferences
 * (setting "warranty_months", 12 when unset). */


#include "fcrm-crm-private.h"

#define DEFAULT_WARRANTY_MONTHS 12

static int
warranty_months (FcrmCrm *self)
{
  g_autofree char *text = fcrm_store_get_setting (self->store, "warranty_months");
  guint64 months = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 240, &months, NULL))
    return DEFAULT_WARRANTY_MONTHS;
  return (int) months;
}

int
fcrm_crm_deal_warranty (FcrmCrm  *self,
                        FcrmItem *deal,
                        gint64   *out_until,
                        gint64   *out_from_deal,
                        GError  **error)
{
  FcrmStmt *stmt;
  GError *local = NULL;
  gint64 base = 0, from = 0, until = deal->warranty_until;

  g_return_val_if_fail (FCRM_IS_CRM (self), -1);

  if (until == 0 && (deal->contact_id != 0 || deal->company_id != 0))
    {
      stmt = fcrm_store_prepare (self->store,
                                 "SELECT coalesce (d.installation_date, d.delivery_date), d.id FROM deals d "
                                 "WHERE d.stage = 'mfg.won' AND d.id <> ?"
                                 "  AND ((? <> 0 AND d.contact_id = ?) OR (? <> 0 AND d.company_id = ?))"
                                 "  AND coalesce (d.installation_date, d.delivery_date) IS NOT NULL "
                                 "ORDER BY coalesce (d.installation_date, d.delivery_date) DESC, d.id DESC LIMIT 1", error);
      if (stmt == NULL)
        return -1;
      fcrm_stmt_bind_int64 (stmt, 1, deal->id);
      fcrm_stmt_bind_int64 (stmt, 2, deal->contact_id);
      fcrm_stmt_bind_int64 (stmt, 3, deal->contact_id);
      fcrm_stmt_bind_int64 (stmt, 4, deal->company_id);
      fcrm_stmt_bind_int64 (stmt, 5, deal->company_id);
      if (fcrm_stmt_step (stmt, &local))
        {
          base = fcrm_stmt_get_int64 (stmt, 0);
          from = fcrm_stmt_get_int64 (stmt, 1);
        }
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), -1;
      if (base != 0)
        {
          g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (base);
          g_autoptr(GDateTime) end = g_date_time_add_months (start, warranty_months (self));

          until = g_date_time_to_unix (end);
        }
    }
  if (out_until != NULL)
    *out_until = until;
  if (out_from_deal != NULL)
    *out_from_deal = from;
  if (until == 0)
    return -1;
  /* the warranty holds through its last day */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (fcrm_clock_now (self->clock));
    g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (until);

    return g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 + g_date_time_get_day_of_month (now) <=
           g_date_time_get_year (last) * 10000 + g_date_time_get_month (last) * 100 + g_date_time_get_day_of_month (last);
  }
}
