#pragma once

/* What the schema and a bulk load (fcrm-bulk-load.c) both write: the text a
 * search finds each row by (schema 7), as SQL over a row aliased @r. */

#define SEARCH_LEAD_BODY(r) \
  "replace (replace (" r ".title || ' ' || coalesce (" r ".name, '') || ' ' || coalesce (" r ".company_name, '') || ' '" \
  " || coalesce (" r ".email, '') || ' ' || coalesce (" r ".phone_norm, ''), 'ё', 'е'), 'Ё', 'Е')"
#define SEARCH_CONTACT_BODY(r) \
  "replace (replace (" r ".name || ' ' || coalesce ((SELECT group_concat (p.phone_norm, ' ') FROM contact_phones p" \
  " WHERE p.contact_id = " r ".id), '') || ' ' || coalesce ((SELECT group_concat (e.email, ' ') FROM contact_emails e" \
  " WHERE e.contact_id = " r ".id), ''), 'ё', 'е'), 'Ё', 'Е')"
#define SEARCH_COMPANY_BODY(r) \
  "replace (replace (" r ".name || ' ' || coalesce (" r ".inn, ''), 'ё', 'е'), 'Ё', 'Е')"
/* a deal is found by its client too: the contact's name and phones, the company's name */
#define SEARCH_DEAL_BODY(r) \
  "replace (replace (" r ".title || ' ' || coalesce ((SELECT c.name || ' ' || coalesce ((SELECT group_concat (p.phone_norm," \
  " ' ') FROM contact_phones p WHERE p.contact_id = c.id), '') FROM contacts c WHERE c.id = " r ".contact_id), '') || ' '" \
  " || coalesce ((SELECT co.name FROM companies co WHERE co.id = " r ".company_id), ''), 'ё', 'е'), 'Ё', 'Е')"

/* The same rows on the office server, folded: of the rows of @table (kind
 * @kind, key id × 4 + @k) that @where ("" or "WHERE …", of the row x) selects. */
#define SERVER_SEARCH_BODY_lead \
  "concat_ws (' ', x.title, x.name, x.company_name, x.email, x.phone_norm)"
#define SERVER_SEARCH_BODY_deal \
  "concat_ws (' ', x.title, (SELECT c.name FROM contacts c WHERE c.id = x.contact_id)," \
  " (SELECT string_agg (p.phone_norm, ' ') FROM contact_phones p WHERE p.contact_id = x.contact_id)," \
  " (SELECT co.name FROM companies co WHERE co.id = x.company_id))"
#define SERVER_SEARCH_BODY_contact \
  "concat_ws (' ', x.name, (SELECT string_agg (p.phone_norm, ' ') FROM contact_phones p WHERE p.contact_id = x.id)," \
  " (SELECT string_agg (e.email, ' ') FROM contact_emails e WHERE e.contact_id = x.id))"
#define SERVER_SEARCH_BODY_company \
  "concat_ws (' ', x.name, x.inn)"
#define SERVER_SEARCH_SELECT(kind, table, k) \
  "SELECT x.id * 4 + " k ", '" #kind "', x.id, fcrm_fold (" SERVER_SEARCH_BODY_##kind ") FROM " table " x"
#define SERVER_SEARCH_ROWS(kind, table, k, where) \
  "INSERT INTO search_index " SERVER_SEARCH_SELECT (kind, table, k) " " where
