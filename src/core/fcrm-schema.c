#define G_LOG_DOMAIN "fcrm-schema"

#include <glib/gi18n-lib.h>

#include "fcrm-error.h"
#include "fcrm-schema.h"
#include "fcrm-schema-private.h"

/* Migrations are written once for both dialects: @ID@ and @BLOB@ are the only
 * spellings that differ between SQLite and PostgreSQL. Timestamps are INTEGER
 * Unix seconds, money INTEGER kopecks, every mutable row has an `updated`
 * counter for conflict detection. */

static const char migration_1[] =
  "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL);"

  "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

  "CREATE TABLE users ("
  "  id @ID@,"
  "  login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('manager','designer','supervisor')),"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX users_role ON users (role, active);"

  "CREATE TABLE pipelines ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  entity TEXT NOT NULL CHECK (entity IN ('lead','deal')),"
  "  position INTEGER NOT NULL);"

  "CREATE TABLE stages ("
  "  code TEXT PRIMARY KEY,"
  "  pipeline TEXT NOT NULL REFERENCES pipelines (code),"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('open','success','failure')),"
  "  position INTEGER NOT NULL);"
  "CREATE INDEX stages_pipeline ON stages (pipeline, position);"

  "CREATE TABLE loss_reasons (code TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);"

  "CREATE TABLE companies ("
  "  id @ID@,"
  "  name TEXT NOT NULL,"
  "  phone TEXT, email TEXT, address TEXT, comment TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX companies_name ON companies (name);"

  "CREATE TABLE contacts ("
  "  id @ID@,"
  "  name TEXT NOT NULL,"
  "  company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,"
  "  comment TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX contacts_name ON contacts (name);"
  "CREATE INDEX contacts_company ON contacts (company_id);"

  "CREATE TABLE contact_phones ("
  "  id @ID@,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  phone TEXT NOT NULL,"
  "  phone_norm TEXT NOT NULL);"
  "CREATE INDEX contact_phones_norm ON contact_phones (phone_norm);"
  "CREATE INDEX contact_phones_contact ON contact_phones (contact_id);"

  "CREATE TABLE contact_emails ("
  "  id @ID@,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  email TEXT NOT NULL,"
  "  email_norm TEXT NOT NULL);"
  "CREATE INDEX contact_emails_norm ON contact_emails (email_norm);"
  "CREATE INDEX contact_emails_contact ON contact_emails (contact_id);"

  "CREATE TABLE deals ("
  "  id @ID@,"
  "  title TEXT NOT NULL,"
  "  pipeline TEXT NOT NULL REFERENCES pipelines (code),"
  "  stage TEXT NOT NULL REFERENCES stages (code),"
  "  responsible_id INTEGER REFERENCES users (id),"
  "  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,"
  "  lead_id INTEGER,"
  "  budget INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),"
  "  source TEXT NOT NULL DEFAULT 'other',"
  "  comment TEXT,"
  "  delivery_date INTEGER, installation_date INTEGER,"
  "  installation_needed INTEGER NOT NULL DEFAULT 0,"
  "  design TEXT, project TEXT, measurements TEXT,"
  "  visit_at INTEGER, warranty_until INTEGER,"
  "  loss_reason TEXT REFERENCES loss_reasons (code),"
  "  loss_reason_text TEXT, loss_comment TEXT,"
  "  closed_at INTEGER,"
  "  stage_entered_at INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  /* the board column: rows by stage, newest entry first; budget makes the
   * same index cover the column's count and sum */
  "CREATE INDEX deals_board ON deals (stage, stage_entered_at DESC, id DESC, budget);"
  /* no stage in these: a stage move then touches one index only */
  "CREATE INDEX deals_pipeline ON deals (pipeline);"
  "CREATE INDEX deals_responsible ON deals (responsible_id);"
  "CREATE INDEX deals_contact ON deals (contact_id);"
  "CREATE INDEX deals_company ON deals (company_id);"

  "CREATE TABLE deal_participants ("
  "  deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users (id),"
  "  PRIMARY KEY (deal_id, user_id));"

  "CREATE TABLE leads ("
  "  id @ID@,"
  "  title TEXT NOT NULL,"
  "  name TEXT, phone TEXT, phone_norm TEXT, email TEXT, email_norm TEXT,"
  "  company_name TEXT,"
  "  source TEXT NOT NULL DEFAULT 'other' CHECK (source IN ('call','webform','email','walkin','other')),"
  "  budget INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),"
  "  comment TEXT,"
  "  stage TEXT NOT NULL REFERENCES stages (code),"
  "  responsible_id INTEGER REFERENCES users (id),"
  "  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,"
  "  deal_id INTEGER REFERENCES deals (id) ON DELETE SET NULL,"
  "  is_returning INTEGER NOT NULL DEFAULT 0,"
  "  junk_comment TEXT,"
  "  stage_entered_at INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX leads_board ON leads (stage, stage_entered_at DESC, id DESC, budget);"
  "CREATE INDEX leads_responsible ON leads (responsible_id);"
  "CREATE INDEX leads_phone ON leads (phone_norm);"
  "CREATE INDEX leads_email ON leads (email_norm);"
  "CREATE INDEX leads_contact ON leads (contact_id);"

  /* One row per stage entry; left_at NULL while the item is there. */
  "CREATE TABLE stage_history ("
  "  id @ID@,"
  "  entity_type TEXT NOT NULL CHECK (entity_type IN ('lead','deal')),"
  "  entity_id INTEGER NOT NULL,"
  "  stage TEXT NOT NULL REFERENCES stages (code),"
  "  entered_at INTEGER NOT NULL,"
  "  left_at INTEGER,"
  "  user_id INTEGER REFERENCES users (id));"
  "CREATE INDEX stage_history_entity ON stage_history (entity_type, entity_id, entered_at);"
  "CREATE INDEX stage_history_open ON stage_history (entity_type, entity_id) WHERE left_at IS NULL;"
  "CREATE INDEX stage_history_current ON stage_history (stage) WHERE left_at IS NULL;"

  "CREATE TABLE robots ("
  "  id @ID@,"
  "  template_key TEXT UNIQUE,"
  "  stage TEXT NOT NULL REFERENCES stages (code),"
  "  trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('on_entry','delay','at_field')),"
  "  delay_seconds INTEGER NOT NULL DEFAULT 0 CHECK (delay_seconds >= 0),"
  "  field TEXT,"
  "  recipient TEXT NOT NULL CHECK (recipient IN ('responsible','supervisors','none')),"
  "  action TEXT NOT NULL CHECK (action IN ('notify','task','move','lost_process')),"
  "  text TEXT NOT NULL,"
  "  target_stage TEXT REFERENCES stages (code),"
  "  task_due_seconds INTEGER NOT NULL DEFAULT 86400,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  position INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX robots_stage ON robots (stage, trigger_kind, enabled);"

  /* Pending delayed/at-time robots of current stage entries: the due check is
   * one index range scan over due_at, whatever the number of open items. */
  "CREATE TABLE robot_queue ("
  "  robot_id INTEGER NOT NULL REFERENCES robots (id) ON DELETE CASCADE,"
  "  entry_id INTEGER NOT NULL REFERENCES stage_history (id) ON DELETE CASCADE,"
  "  due_at INTEGER NOT NULL,"
  "  PRIMARY KEY (robot_id, entry_id));"
  "CREATE INDEX robot_queue_due ON robot_queue (due_at);"
  "CREATE INDEX robot_queue_entry ON robot_queue (entry_id);"

  /* The unique key makes firing once-only per stage entry, whoever checks. */
  "CREATE TABLE robot_firings ("
  "  id @ID@,"
  "  robot_id INTEGER NOT NULL REFERENCES robots (id) ON DELETE CASCADE,"
  "  entry_id INTEGER NOT NULL REFERENCES stage_history (id) ON DELETE CASCADE,"
  "  fired_at INTEGER NOT NULL,"
  "  UNIQUE (robot_id, entry_id));"

  "CREATE TABLE notifications ("
  "  id @ID@,"
  "  user_id INTEGER NOT NULL REFERENCES users (id),"
  "  text TEXT NOT NULL,"
  "  subject TEXT,"
  "  person TEXT,"
  "  stage TEXT,"
  "  entity_type TEXT CHECK (entity_type IN ('lead','deal')),"
  "  entity_id INTEGER,"
  "  robot_id INTEGER REFERENCES robots (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  delivered_at INTEGER,"
  "  read_at INTEGER);"
  "CREATE INDEX notifications_user ON notifications (user_id, created_at);"
  "CREATE INDEX notifications_undelivered ON notifications (user_id) WHERE delivered_at IS NULL;"
  "CREATE INDEX notifications_entity ON notifications (entity_type, entity_id);"

  "CREATE TABLE tasks ("
  "  id @ID@,"
  "  title TEXT NOT NULL,"
  "  description TEXT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('robot','callback','specify_reason','manual')),"
  "  due_at INTEGER,"
  "  due_is_date INTEGER NOT NULL DEFAULT 0,"
  "  responsible_id INTEGER REFERENCES users (id),"
  "  entity_type TEXT CHECK (entity_type IN ('lead','deal')),"
  "  entity_id INTEGER,"
  "  done INTEGER NOT NULL DEFAULT 0,"
  "  done_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX tasks_responsible ON tasks (responsible_id, done, due_at);"
  "CREATE INDEX tasks_kind ON tasks (kind, done, due_at);"
  "CREATE INDEX tasks_entity ON tasks (entity_type, entity_id, done, due_at);"

  "CREATE TABLE comments ("
  "  id @ID@,"
  "  entity_type TEXT NOT NULL CHECK (entity_type IN ('lead','deal','contact','company')),"
  "  entity_id INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users (id),"
  "  text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX comments_entity ON comments (entity_type, entity_id, created_at);";

/* Version 2: attachments live inside the database (content and checksum),
 * so a backup is one file and an office server holds everything. */
static const char migration_2[] =
  "CREATE TABLE attachments ("
  "  id @ID@,"
  "  entity_type TEXT NOT NULL CHECK (entity_type IN ('lead','deal','contact','company')),"
  "  entity_id INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  mime_type TEXT,"
  "  category TEXT NOT NULL DEFAULT 'document' CHECK (category IN ('layout','measurements','document','photo')),"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  content @BLOB@ NOT NULL,"
  "  user_id INTEGER REFERENCES users (id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX attachments_entity ON attachments (entity_type, entity_id);";

/* Version 3: who registered a lead or deal. On the office server its
 * creator keeps seeing it even when it was assigned to someone else. */
static const char migration_3[] =
  "ALTER TABLE leads ADD COLUMN created_by INTEGER REFERENCES users (id);"
  "ALTER TABLE deals ADD COLUMN created_by INTEGER REFERENCES users (id);"
  /* "my leads" on the board: one person's column as an index range */
  "CREATE INDEX leads_owner_board ON leads (stage, responsible_id, stage_entered_at DESC, id DESC, budget);"
  "CREATE INDEX deals_owner_board ON deals (stage, responsible_id, stage_entered_at DESC, id DESC, budget);";

/* Version 4: what the office server needs to check every write by itself.
 * A robot's notifications and tasks name the stage entry that made them, so
 * undoing a move (deleting its entries) takes them along and a notification
 * is once-only per entry and person; an item has at most one open entry;
 * contacts and companies remember who registered them. */
static const char migration_4[] =
  "ALTER TABLE notifications ADD COLUMN entry_id INTEGER REFERENCES stage_history (id) ON DELETE CASCADE;"
  "CREATE UNIQUE INDEX notifications_once ON notifications (entry_id, robot_id, user_id);"
  "ALTER TABLE tasks ADD COLUMN entry_id INTEGER REFERENCES stage_history (id) ON DELETE CASCADE;"
  "CREATE INDEX tasks_entry ON tasks (entry_id);"
  "DROP INDEX stage_history_open;"
  "CREATE UNIQUE INDEX stage_history_open ON stage_history (entity_type, entity_id) WHERE left_at IS NULL;"
  "ALTER TABLE contacts ADD COLUMN created_by INTEGER REFERENCES users (id);"
  "ALTER TABLE companies ADD COLUMN created_by INTEGER REFERENCES users (id);";

/* Version 5: the notifier's questions (unread count, what to pop up, the
 * inbox) answered from an index of just those rows, in the order asked,
 * however many notifications a person has collected over the years. */
static const char migration_5[] =
  /* "read_at IS NULL" is an equality the index can search on: the partial
   * index then wins over the full one without statistics to tell them apart */
  "DROP INDEX notifications_undelivered;"
  "CREATE INDEX notifications_undelivered ON notifications (user_id, delivered_at, created_at, id)"
  "  WHERE delivered_at IS NULL;"
  "CREATE INDEX notifications_unread ON notifications (user_id, read_at, created_at, id) WHERE read_at IS NULL;"
  "DROP INDEX notifications_user;"
  "CREATE INDEX notifications_user ON notifications (user_id, created_at, id);"
  "CREATE INDEX notifications_recent ON notifications (created_at, id);"
  "CREATE INDEX notifications_recent_unread ON notifications (read_at, created_at, id) WHERE read_at IS NULL;"
  /* lists in id order, a page after another (keyset: no OFFSET) */
  "CREATE INDEX leads_stage_id ON leads (stage, id);"
  "CREATE INDEX deals_stage_id ON deals (stage, id);"
  "DROP INDEX deals_pipeline;"
  "CREATE INDEX deals_pipeline ON deals (pipeline, id);";

/* Version 6: a board column costs nothing that grows with the data. Every
 * page of every (sort × filter) is a range walk of one index, keyset paged:
 * one index per sort for the whole column, one per sort for a person's (or
 * nobody's) cards. The source is a trailing column: a source filter skips
 * the other sources inside the index, never reading a row it does not show
 * (five sources: about five index entries per card shown). */
static const char migration_6[] =
  "DROP INDEX leads_board;"
  "DROP INDEX leads_owner_board;"
  "DROP INDEX deals_board;"
  "DROP INDEX deals_owner_board;"
  "CREATE INDEX leads_board_entered ON leads (stage, stage_entered_at DESC, id DESC, source, budget);"
  "CREATE INDEX leads_board_budget ON leads (stage, budget DESC, id DESC, source);"
  "CREATE INDEX leads_board_created ON leads (stage, created_at DESC, id DESC, source);"
  "CREATE INDEX leads_owner_entered ON leads (stage, responsible_id, stage_entered_at DESC, id DESC, source, budget);"
  "CREATE INDEX leads_owner_budget ON leads (stage, responsible_id, budget DESC, id DESC, source);"
  "CREATE INDEX leads_owner_created ON leads (stage, responsible_id, created_at DESC, id DESC, source);"
  "CREATE INDEX deals_board_entered ON deals (stage, stage_entered_at DESC, id DESC, source, budget);"
  "CREATE INDEX deals_board_budget ON deals (stage, budget DESC, id DESC, source);"
  "CREATE INDEX deals_board_created ON deals (stage, created_at DESC, id DESC, source);"
  "CREATE INDEX deals_owner_entered ON deals (stage, responsible_id, stage_entered_at DESC, id DESC, source, budget);"
  "CREATE INDEX deals_owner_budget ON deals (stage, responsible_id, budget DESC, id DESC, source);"
  "CREATE INDEX deals_owner_created ON deals (stage, responsible_id, created_at DESC, id DESC, source);";

/* The same version on a database file: each column's count and budget sum
 * per (stage, responsible, source), kept by triggers in the writing
 * transaction, so a column's totals under any filter are a sum over a
 * handful of rows. Not on the office server, where row-level security
 * decides what each person may count: a table of totals would tell anyone
 * with psql the whole office's numbers. (Stage codes are unique across
 * leads and deals: the stage names the kind.) */
#define TOTALS_TRIGGERS(table) \
  "CREATE TRIGGER " table "_totals_insert AFTER INSERT ON " table " BEGIN " \
  "  INSERT INTO stage_totals (stage, responsible_id, source, n, budget_sum)" \
  "    VALUES (NEW.stage, coalesce (NEW.responsible_id, 0), NEW.source, 1, NEW.budget)" \
  "    ON CONFLICT (stage, responsible_id, source) DO UPDATE SET n = n + 1, budget_sum = budget_sum + excluded.budget_sum;" \
  "END;" \
  "CREATE TRIGGER " table "_totals_delete AFTER DELETE ON " table " BEGIN " \
  "  UPDATE stage_totals SET n = n - 1, budget_sum = budget_sum - OLD.budget" \
  "    WHERE stage = OLD.stage AND responsible_id = coalesce (OLD.responsible_id, 0) AND source = OLD.source;" \
  "END;" \
  "CREATE TRIGGER " table "_totals_update AFTER UPDATE OF stage, responsible_id, source, budget ON " table \
  "  WHEN OLD.stage IS NOT NEW.stage OR OLD.responsible_id IS NOT NEW.responsible_id" \
  "    OR OLD.source IS NOT NEW.source OR OLD.budget IS NOT NEW.budget BEGIN " \
  "  UPDATE stage_totals SET n = n - 1, budget_sum = budget_sum - OLD.budget" \
  "    WHERE stage = OLD.stage AND responsible_id = coalesce (OLD.responsible_id, 0) AND source = OLD.source;" \
  "  INSERT INTO stage_totals (stage, responsible_id, source, n, budget_sum)" \
  "    VALUES (NEW.stage, coalesce (NEW.responsible_id, 0), NEW.source, 1, NEW.budget)" \
  "    ON CONFLICT (stage, responsible_id, source) DO UPDATE SET n = n + 1, budget_sum = budget_sum + excluded.budget_sum;" \
  "END;"

static const char migration_6_file[] =
  "CREATE TABLE stage_totals ("
  "  stage TEXT NOT NULL,"
  "  responsible_id INTEGER NOT NULL,"   /* 0: nobody */
  "  source TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  budget_sum INTEGER NOT NULL,"
  "  PRIMARY KEY (stage, responsible_id, source)) WITHOUT ROWID;"
  TOTALS_TRIGGERS ("leads")
  TOTALS_TRIGGERS ("deals")
  FCRM_STAGE_TOTALS_RECOUNT;

/* Version 7: contact and company cards (issue 11). A contact's address,
 * birthday, and the kind of each phone and e-mail; a company's requisites;
 * contact and company lists paged by name (keyset: name, then id). */
static const char migration_7[] =
  "ALTER TABLE contacts ADD COLUMN address TEXT;"
  "ALTER TABLE contacts ADD COLUMN birthday INTEGER;"
  "ALTER TABLE companies ADD COLUMN inn TEXT;"
  "ALTER TABLE companies ADD COLUMN kpp TEXT;"
  "ALTER TABLE contact_phones ADD COLUMN kind TEXT NOT NULL DEFAULT 'mobile'"
  "  CHECK (kind IN ('mobile','work','home'));"
  "ALTER TABLE contact_emails ADD COLUMN kind TEXT NOT NULL DEFAULT 'work'"
  "  CHECK (kind IN ('mobile','work','home'));"
  "DROP INDEX contacts_name;"
  "CREATE INDEX contacts_name ON contacts (name, id);"
  "DROP INDEX companies_name;"
  "CREATE INDEX companies_name ON companies (name, id);"
  "CREATE INDEX leads_company ON leads (company_id);";

/* Search (schema 7): one row per lead, deal, contact and company, keyed
 * id × 4 + kind (0 lead, 1 deal, 2 contact, 3 company), whose text holds
 * what a search may find it by — titles, names, the company typed on a
 * lead, e-mails, phones as digits. Kept by triggers in the writing
 * transaction; searched for substrings of at least three characters
 * (trigrams). A database file: an FTS5 trigram table (letter case folded
 * by the tokenizer, ё written as е). */
/* the rows of the deals of contact (or company) @id, again */
#define SEARCH_DEALS_OF(column, id) \
  "  DELETE FROM search_fts WHERE rowid IN (SELECT x.id * 4 + 1 FROM deals x WHERE x." column " = " id ");" \
  "  INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 1, " SEARCH_DEAL_BODY ("x") " FROM deals x" \
  "    WHERE x." column " = " id ";"

/* triggers keeping the row of @table (kind @k) */
#define SEARCH_TRIGGERS(table, k, columns, body) \
  "CREATE TRIGGER " table "_search_insert AFTER INSERT ON " table " BEGIN" \
  "  INSERT INTO search_fts (rowid, body) SELECT NEW.id * 4 + " k ", " body ("x") " FROM " table " x WHERE x.id = NEW.id;" \
  "END;" \
  "CREATE TRIGGER " table "_search_update AFTER UPDATE OF " columns " ON " table " BEGIN" \
  "  DELETE FROM search_fts WHERE rowid = OLD.id * 4 + " k ";" \
  "  INSERT INTO search_fts (rowid, body) SELECT NEW.id * 4 + " k ", " body ("x") " FROM " table " x WHERE x.id = NEW.id;" \
  "END;" \
  "CREATE TRIGGER " table "_search_delete AFTER DELETE ON " table " BEGIN" \
  "  DELETE FROM search_fts WHERE rowid = OLD.id * 4 + " k ";" \
  "END;"
/* a contact's phones and e-mails are part of its row */
#define SEARCH_POINT_TRIGGERS(table) \
  "CREATE TRIGGER " table "_search_insert AFTER INSERT ON " table " BEGIN" \
  "  DELETE FROM search_fts WHERE rowid = NEW.contact_id * 4 + 2;" \
  "  INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x") " FROM contacts x" \
  "    WHERE x.id = NEW.contact_id;" \
  SEARCH_DEALS_OF ("contact_id", "NEW.contact_id") \
  "END;" \
  "CREATE TRIGGER " table "_search_delete AFTER DELETE ON " table " BEGIN" \
  "  DELETE FROM search_fts WHERE rowid = OLD.contact_id * 4 + 2;" \
  "  INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x") " FROM contacts x" \
  "    WHERE x.id = OLD.contact_id;" \
  SEARCH_DEALS_OF ("contact_id", "OLD.contact_id") \
  "END;" \
  "CREATE TRIGGER " table "_search_update AFTER UPDATE ON " table " BEGIN" \
  "  DELETE FROM search_fts WHERE rowid IN (OLD.contact_id * 4 + 2, NEW.contact_id * 4 + 2);" \
  "  INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x") " FROM contacts x" \
  "    WHERE x.id IN (OLD.contact_id, NEW.contact_id);" \
  SEARCH_DEALS_OF ("contact_id", "OLD.contact_id") \
  SEARCH_DEALS_OF ("contact_id", "NEW.contact_id") \
  "END;"

static const char migration_7_file[] =
  "CREATE VIRTUAL TABLE search_fts USING fts5 (body, tokenize = 'trigram');"
  SEARCH_TRIGGERS ("leads", "0", "title, name, company_name, email, phone_norm", SEARCH_LEAD_BODY)
  SEARCH_TRIGGERS ("deals", "1", "title, contact_id, company_id", SEARCH_DEAL_BODY)
  SEARCH_TRIGGERS ("contacts", "2", "name", SEARCH_CONTACT_BODY)
  SEARCH_TRIGGERS ("companies", "3", "name, inn", SEARCH_COMPANY_BODY)
  "CREATE TRIGGER contacts_search_deals AFTER UPDATE OF name ON contacts BEGIN"
  SEARCH_DEALS_OF ("contact_id", "NEW.id")
  "END;"
  "CREATE TRIGGER companies_search_deals AFTER UPDATE OF name ON companies BEGIN"
  SEARCH_DEALS_OF ("company_id", "NEW.id")
  "END;"
  SEARCH_POINT_TRIGGERS ("contact_phones")
  SEARCH_POINT_TRIGGERS ("contact_emails")
  "INSERT INTO search_fts (rowid, body) SELECT x.id * 4, " SEARCH_LEAD_BODY ("x") " FROM leads x;"
  "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 1, " SEARCH_DEAL_BODY ("x") " FROM deals x;"
  "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 2, " SEARCH_CONTACT_BODY ("x") " FROM contacts x;"
  "INSERT INTO search_fts (rowid, body) SELECT x.id * 4 + 3, " SEARCH_COMPANY_BODY ("x") " FROM companies x;";

/* The same version on the office server: text folded for comparison the way
 * the program folds it (fcrm_text_fold: Latin and Cyrillic letters to lower
 * case, ё to е), whatever the server's locale (a database file gets the
 * function from the program's connection); the search rows, folded, with a
 * trigram index when the server has pg_trgm (its triggers, and who may read
 * which row, are in fcrm-pg-security.c). */
static const char migration_7_server[] =
  "CREATE OR REPLACE FUNCTION fcrm_fold (TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
  "  AS $f$SELECT translate ($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁё',"
  "    'abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяее')$f$;"
  "CREATE TABLE search_index ("
  "  key BIGINT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('lead','deal','contact','company')),"
  "  ref BIGINT NOT NULL,"
  "  body TEXT NOT NULL);"
  SERVER_SEARCH_ROWS (lead, "leads", "0", "") ";"
  SERVER_SEARCH_ROWS (deal, "deals", "1", "") ";"
  SERVER_SEARCH_ROWS (contact, "contacts", "2", "") ";"
  SERVER_SEARCH_ROWS (company, "companies", "3", "") ";"
  /* an extension may need rights the owner lacks: search then reads every row */
  "DO $$ BEGIN"
  "  CREATE EXTENSION IF NOT EXISTS pg_trgm;"
  "  EXECUTE 'CREATE INDEX search_index_trgm ON search_index USING gin (body gin_trgm_ops)';"
  "EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'no trigram index for search: %', SQLERRM;"
  "END $$;";

/* Version 8: when something last happened to a client (issue 11), for the
 * lists sorted by it, and calls from the telephone exchange (issue 14) as
 * notifications. Last activity is for the
 * Contacts and Companies lists sorted by it: the card added or edited, a
 * comment or file on it, a lead or deal of theirs created, moved, edited or
 * closed (its updated_at), a task of one of them done, a call (a comment).
 * Unix seconds, 0 for never; filled here from what is already recorded and
 * kept by triggers in the writing transaction from then on (a database
 * file: below; the office server: fcrm-pg-security.c, as the owner). */
#define ACTIVITY_OF(table, col, kind) \
  "UPDATE " table " SET last_activity = a.t FROM (SELECT x.c, max(x.t) AS t FROM (" \
  "  SELECT entity_id AS c, created_at AS t FROM comments WHERE entity_type = '" kind "'" \
  "  UNION ALL SELECT entity_id, created_at FROM attachments WHERE entity_type = '" kind "'" \
  "  UNION ALL SELECT " col ", updated_at FROM leads WHERE " col " IS NOT NULL" \
  "  UNION ALL SELECT " col ", updated_at FROM deals WHERE " col " IS NOT NULL" \
  "  UNION ALL SELECT i." col ", m.created_at FROM comments m JOIN leads i ON m.entity_type = 'lead' AND i.id = m.entity_id" \
  "  UNION ALL SELECT i." col ", m.created_at FROM comments m JOIN deals i ON m.entity_type = 'deal' AND i.id = m.entity_id" \
  "  UNION ALL SELECT i." col ", m.created_at FROM attachments m JOIN leads i ON m.entity_type = 'lead' AND i.id = m.entity_id" \
  "  UNION ALL SELECT i." col ", m.created_at FROM attachments m JOIN deals i ON m.entity_type = 'deal' AND i.id = m.entity_id" \
  "  UNION ALL SELECT i." col ", k.done_at FROM tasks k JOIN leads i ON k.entity_type = 'lead' AND i.id = k.entity_id" \
  "    WHERE k.done = 1 AND k.done_at IS NOT NULL" \
  "  UNION ALL SELECT i." col ", k.done_at FROM tasks k JOIN deals i ON k.entity_type = 'deal' AND i.id = k.entity_id" \
  "    WHERE k.done = 1 AND k.done_at IS NOT NULL) x WHERE x.c IS NOT NULL GROUP BY x.c) a" \
  "  WHERE a.c = " table ".id AND a.t > " table ".last_activity;"

static const char migration_8[] =
  "ALTER TABLE contacts ADD COLUMN last_activity INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE companies ADD COLUMN last_activity INTEGER NOT NULL DEFAULT 0;"
  "UPDATE contacts SET last_activity = CASE WHEN updated_at > created_at THEN updated_at ELSE created_at END;"
  "UPDATE companies SET last_activity = CASE WHEN updated_at > created_at THEN updated_at ELSE created_at END;"
  ACTIVITY_OF ("contacts", "contact_id", "contact")
  ACTIVITY_OF ("companies", "company_id", "company")
  /* a telephone exchange's call is a notification too (kind 'call'): of the
   * client's card, with who called (their name, else the number) */
  "ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'robot' CHECK (kind IN ('robot','call'));"
  "ALTER TABLE notifications ADD COLUMN contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL;"
  "ALTER TABLE notifications ADD COLUMN caller TEXT;"
  "ALTER TABLE notifications ADD COLUMN phone TEXT;"
  /* the lists by last activity, newest first, keyset paged */
  "CREATE INDEX contacts_activity ON contacts (last_activity, id);"
  "CREATE INDEX companies_activity ON companies (last_activity, id);";

/* the client @id of @table had something happen at @at (never moves back) */
#define ACTIVITY_TOUCH(table, id, at) \
  "UPDATE " table " SET last_activity = " at " WHERE id = " id " AND last_activity < " at ";"
/* the contact (company) of what a comment, file or task follows: itself, or
 * the contact_id (company_id) of its lead or deal */
#define ACTIVITY_CLIENT(col, kind) \
  "(CASE NEW.entity_type WHEN '" kind "' THEN NEW.entity_id" \
  " WHEN 'lead' THEN (SELECT i." col " FROM leads i WHERE i.id = NEW.entity_id)" \
  " WHEN 'deal' THEN (SELECT i." col " FROM deals i WHERE i.id = NEW.entity_id) END)"
#define ACTIVITY_BOTH(contact, company, at) \
  ACTIVITY_TOUCH ("contacts", contact, at) ACTIVITY_TOUCH ("companies", company, at)
#define ACTIVITY_CARD_TRIGGERS(table) \
  "CREATE TRIGGER " table "_activity_insert AFTER INSERT ON " table " BEGIN " \
  ACTIVITY_TOUCH (table, "NEW.id", "NEW.created_at") "END;" \
  "CREATE TRIGGER " table "_activity_update AFTER UPDATE OF updated_at ON " table " BEGIN " \
  ACTIVITY_TOUCH (table, "NEW.id", "NEW.updated_at") "END;"
#define ACTIVITY_ITEM_TRIGGERS(table) \
  "CREATE TRIGGER " table "_activity_insert AFTER INSERT ON " table " BEGIN " \
  ACTIVITY_BOTH ("NEW.contact_id", "NEW.company_id", "NEW.updated_at") "END;" \
  "CREATE TRIGGER " table "_activity_update AFTER UPDATE OF updated_at ON " table " BEGIN " \
  ACTIVITY_BOTH ("NEW.contact_id", "NEW.company_id", "NEW.updated_at") "END;"
#define ACTIVITY_NOTE_TRIGGER(table) \
  "CREATE TRIGGER " table "_activity AFTER INSERT ON " table " BEGIN " \
  ACTIVITY_BOTH (ACTIVITY_CLIENT ("contact_id", "contact"), ACTIVITY_CLIENT ("company_id", "company"), \
                 "NEW.created_at") "END;"

static const char migration_8_file[] =
  ACTIVITY_CARD_TRIGGERS ("contacts")
  ACTIVITY_CARD_TRIGGERS ("companies")
  ACTIVITY_ITEM_TRIGGERS ("leads")
  ACTIVITY_ITEM_TRIGGERS ("deals")
  ACTIVITY_NOTE_TRIGGER ("comments")
  ACTIVITY_NOTE_TRIGGER ("attachments")
  "CREATE TRIGGER tasks_activity AFTER UPDATE OF done ON tasks WHEN NEW.done = 1 AND OLD.done = 0 BEGIN "
  ACTIVITY_BOTH (ACTIVITY_CLIENT ("contact_id", "contact"), ACTIVITY_CLIENT ("company_id", "company"),
                 "coalesce (NEW.done_at, NEW.created_at)") "END;";

/* Version 9: a lead's project (SPEC §4, issue 13): what the client said of
 * delivery, installation, design, measurements, a visit and the warranty,
 * carried over into the deal on conversion. */
static const char migration_9[] =
  "ALTER TABLE leads ADD COLUMN delivery_date INTEGER;"
  "ALTER TABLE leads ADD COLUMN installation_date INTEGER;"
  "ALTER TABLE leads ADD COLUMN installation_needed INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE leads ADD COLUMN design TEXT;"
  "ALTER TABLE leads ADD COLUMN project TEXT;"
  "ALTER TABLE leads ADD COLUMN measurements TEXT;"
  "ALTER TABLE leads ADD COLUMN visit_at INTEGER;"
  "ALTER TABLE leads ADD COLUMN warranty_until INTEGER;";

/* Version 10: the workshop schedule (issue 15). A participant's role in a
 * deal (who measures, draws, installs, repairs, drives); the roles a person
 * can take (Preferences → People, comma separated); a time of day for the
 * delivery and installation dates (minutes after local midnight; none: the
 * day's default hour) and per-event durations in minutes (none: the default
 * of the kind: settings schedule_minutes_<kind>, unset until changed); the date fields as indexes, so
 * a week of the schedule is a range walk of each. */
static const char migration_10[] =
  "ALTER TABLE deal_participants ADD COLUMN role TEXT"
  "  CHECK (role IN ('measurer','designer','installer','master','driver'));"
  "ALTER TABLE users ADD COLUMN field_roles TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE deals ADD COLUMN delivery_time INTEGER CHECK (delivery_time >= 0 AND delivery_time < 1440);"
  "ALTER TABLE deals ADD COLUMN installation_time INTEGER CHECK (installation_time >= 0 AND installation_time < 1440);"
  "ALTER TABLE deals ADD COLUMN visit_minutes INTEGER CHECK (visit_minutes > 0);"
  "ALTER TABLE deals ADD COLUMN delivery_minutes INTEGER CHECK (delivery_minutes > 0);"
  "ALTER TABLE deals ADD COLUMN installation_minutes INTEGER CHECK (installation_minutes > 0);"
  "CREATE INDEX deals_visit_at ON deals (visit_at) WHERE visit_at IS NOT NULL;"
  "CREATE INDEX deals_delivery_date ON deals (delivery_date) WHERE delivery_date IS NOT NULL;"
  "CREATE INDEX deals_installation_date ON deals (installation_date) WHERE installation_date IS NOT NULL;"
  "CREATE INDEX deal_participants_role ON deal_participants (deal_id, role);"
  /* a schedule reminder is once per person, event and start (fcrm_crm_schedule_remind) */
  "ALTER TABLE notifications ADD COLUMN reminder_key TEXT;"
  "CREATE UNIQUE INDEX notifications_reminder ON notifications (user_id, reminder_key) WHERE reminder_key IS NOT NULL;";

/* Version 11: an item's stage history in the order it was made, read in
 * that order without a sort (the funnel's paths on the office server) and
 * an item's first entry found in one step (the time report's cycles). */
static const char migration_11[] =
  "CREATE INDEX stage_history_order ON stage_history (entity_type, entity_id, id);";

/* Version 12: each history entry carries when its item's first entry was
 * made (its cycle's start), written with the entry, so the time report's
 * whole cycles need no lookup of the first entry per closed item (on the
 * office server, a policy-checked index step each). Entries made before
 * have it filled for the items' current entries, which are what the report
 * reads; it falls back to the lookup where an older entry is reopened. */
static const char migration_12[] =
  "ALTER TABLE stage_history ADD COLUMN cycle_start INTEGER;"
  "UPDATE stage_history SET cycle_start = (SELECT f.entered_at FROM stage_history f"
  "  WHERE f.entity_type = stage_history.entity_type AND f.entity_id = stage_history.entity_id ORDER BY f.id LIMIT 1)"
  "  WHERE left_at IS NULL;";

/* On the office server the history in item order also carries what the
 * funnel's paths read (stage, entered_at): they are read from the index
 * alone, without a visit to each entry's row (a manager's funnel at 100k:
 * 260–280 → 220–240 ms). A database file walks the history in C instead. */
static const char migration_12_server[] =
  "DROP INDEX stage_history_order;"
  "CREATE INDEX stage_history_order ON stage_history (entity_type, entity_id, id) INCLUDE (stage, entered_at);";

static const char * const migrations[] = { migration_1, migration_2, migration_3, migration_4, migration_5,
                                           migration_6, migration_7, migration_8, migration_9,
                                           migration_10, migration_11, migration_12 };
/* what a database file gets on top, by version (NULL: nothing) */
static const char * const file_migrations[] = { NULL, NULL, NULL, NULL, NULL, migration_6_file, migration_7_file,
                                                migration_8_file, NULL, NULL, NULL, NULL };
/* what the office server gets on top, by version (NULL: nothing) */
static const char * const server_migrations[] = { NULL, NULL, NULL, NULL, NULL, NULL, migration_7_server, NULL, NULL,
                                                  NULL, NULL, migration_12_server };

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == FCRM_SCHEMA_VERSION);
G_STATIC_ASSERT (G_N_ELEMENTS (file_migrations) == FCRM_SCHEMA_VERSION);
G_STATIC_ASSERT (G_N_ELEMENTS (server_migrations) == FCRM_SCHEMA_VERSION);

int
fcrm_schema_get_version (FcrmStore *store,
                         GError   **error)
{
  FcrmStmt *stmt;
  GError *local = NULL;
  int version = 0;

  /* An empty database has no tables at all. */
  switch (fcrm_store_table_exists (store, "schema_version", error))
    {
    case -1:
      return -1;
    case 0:
      {
        gint64 n_tables = fcrm_store_count_tables (store, error);

        if (n_tables < 0)
          return -1;
        if (n_tables > 0)
          {
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                         _("This database was not made by Furniture CRM; choose another file."));
            return -1;
          }
        return 0;
      }
    default:
      break;
    }

  stmt = fcrm_store_prepare (store, "SELECT max(version) FROM schema_version", error);
  if (stmt == NULL)
    return -1;
  if (fcrm_stmt_step (stmt, &local))
    version = (int) fcrm_stmt_get_int64 (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return -1;
    }
  return version;
}

static gboolean
set_too_new_error (GError **error,
                   int      version)
{
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_TOO_NEW,
               _("This database was written by a newer version of Furniture CRM (schema %d, this program knows up to %d). Update the program to open it."),
               version, FCRM_SCHEMA_VERSION);
  return FALSE;
}

gboolean
fcrm_schema_migrate (FcrmStore *store,
                     int        target,
                     GError   **error)
{
  int current;

  g_return_val_if_fail (target >= 1 && target <= FCRM_SCHEMA_VERSION, FALSE);

  /* Opening must not write: an up-to-date (or too new) database is told
   * apart by a plain read, and no write transaction is started for it. */
  current = fcrm_schema_get_version (store, error);
  if (current < 0)
    return FALSE;
  if (current > FCRM_SCHEMA_VERSION)
    return set_too_new_error (error, current);
  if (current >= target)
    return TRUE;

  /* The version is read inside the write transaction of each step, so
   * several programs opening a new or old database at once do not apply the
   * same migration twice: the later ones wait, then see it done. */
  for (;;)
    {
      g_autofree char *sql = NULL;
      FcrmStmt *stmt;
      int version;
      int v;

      if (!fcrm_store_begin (store, error))
        return FALSE;
      /* there is no lock on a table that does not exist yet */
      if (!fcrm_store_lock_key (store, 727601, error))
        {
          fcrm_store_rollback (store);
          return FALSE;
        }
      version = fcrm_schema_get_version (store, error);
      if (version < 0)
        {
          fcrm_store_rollback (store);
          return FALSE;
        }
      if (version > FCRM_SCHEMA_VERSION)
        {
          fcrm_store_rollback (store);
          return set_too_new_error (error, version);
        }
      if (version >= target)
        return fcrm_store_commit (store, error);

      v = version + 1;
      sql = fcrm_store_ddl (store, migrations[v - 1]);
      if (!fcrm_store_exec (store, sql, error))
        goto fail;
      if (file_migrations[v - 1] != NULL && !fcrm_store_has_server_rules (store) &&
          !fcrm_store_exec (store, file_migrations[v - 1], error))
        goto fail;
      if (server_migrations[v - 1] != NULL && fcrm_store_has_server_rules (store) &&
          !fcrm_store_exec (store, server_migrations[v - 1], error))
        goto fail;
      stmt = fcrm_store_prepare (store, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      fcrm_stmt_bind_int64 (stmt, 1, v);
      fcrm_stmt_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      if (!fcrm_stmt_run (stmt, error))
        goto fail;
      if (!fcrm_store_commit (store, error))
        return FALSE;
      g_debug ("migrated to schema %d", v);
      continue;

    fail:
      fcrm_store_rollback (store);
      g_prefix_error (error, _("Upgrading the database to version %d failed: "), v);
      return FALSE;
    }
}
