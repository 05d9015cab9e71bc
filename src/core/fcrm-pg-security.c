#define G_LOG_DOMAIN "fcrm-pg-security"

/* Who may see what on the office server, enforced by PostgreSQL itself
 * (row-level security), so a manager connecting with psql sees no more than
 * the app shows them. Each person signs in as their own role, a member of
 * fcrm_manager, fcrm_designer or fcrm_supervisor; the role that ran `init`
 * owns the tables and is not restricted.
 *
 *   leads   supervisor: all; manager: own, unassigned, or registered by them
 *   deals   the same, plus designer: the Design pipeline and deals they take part in
 *   history, queue, tasks, comments, attachments: follow the item
 *   notifications: one's own (supervisor: all); anyone may create them (robots)
 */

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-pg-security.h"

#define SECURITY_VERSION "1"

static const char security_sql[] =
  /* roles belong to the whole cluster, and the advisory lock to one database:
   * the owner of another CRM database on the same server may be creating them
   * at this very moment (then ours waits for theirs and finds it taken) */
  "DO $$ BEGIN"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fcrm_user') THEN"
  "    BEGIN CREATE ROLE fcrm_user NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;"
  "  END IF;"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fcrm_manager') THEN"
  "    BEGIN CREATE ROLE fcrm_manager NOLOGIN IN ROLE fcrm_user; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;"
  "  END IF;"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fcrm_designer') THEN"
  "    BEGIN CREATE ROLE fcrm_designer NOLOGIN IN ROLE fcrm_user; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;"
  "  END IF;"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fcrm_supervisor') THEN"
  "    BEGIN CREATE ROLE fcrm_supervisor NOLOGIN IN ROLE fcrm_user; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;"
  "  END IF;"
  "  EXECUTE format('GRANT USAGE ON SCHEMA %I TO fcrm_user', current_schema());"
  "  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO fcrm_user', current_schema());"
  "END $$;"

  "GRANT SELECT ON schema_version, pipelines, stages, loss_reasons, users, robots TO fcrm_user;"
  "GRANT SELECT, INSERT, UPDATE ON settings TO fcrm_user;"
  "GRANT INSERT, UPDATE ON robots TO fcrm_supervisor;"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON leads, deals, companies, contacts, contact_phones, contact_emails,"
  "  deal_participants, stage_history, robot_queue, robot_firings, notifications, tasks, comments, attachments"
  "  TO fcrm_user;"

  "CREATE OR REPLACE FUNCTION fcrm_me () RETURNS BIGINT LANGUAGE sql STABLE SECURITY DEFINER"
  "  AS 'SELECT id FROM users WHERE login = session_user AND active = 1';"
  "CREATE OR REPLACE FUNCTION fcrm_my_role () RETURNS TEXT LANGUAGE sql STABLE SECURITY DEFINER"
  "  AS 'SELECT role FROM users WHERE login = session_user AND active = 1';"
  "GRANT EXECUTE ON FUNCTION fcrm_me (), fcrm_my_role () TO fcrm_user;"

  "ALTER TABLE leads ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON leads;"
  "CREATE POLICY fcrm_visible ON leads"
  "  USING (fcrm_my_role () = 'supervisor'"
  "         OR (fcrm_my_role () = 'manager'"
  "             AND (responsible_id IS NULL OR responsible_id = fcrm_me () OR created_by = fcrm_me ())))"
  "  WITH CHECK (fcrm_my_role () IN ('supervisor', 'manager'));"

  "ALTER TABLE deals ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON deals;"
  "CREATE POLICY fcrm_visible ON deals"
  "  USING (fcrm_my_role () = 'supervisor'"
  "         OR (fcrm_my_role () = 'manager'"
  "             AND (responsible_id IS NULL OR responsible_id = fcrm_me () OR created_by = fcrm_me ()))"
  "         OR (fcrm_my_role () = 'designer'"
  "             AND (pipeline = 'design'"
  "                  OR EXISTS (SELECT 1 FROM deal_participants p WHERE p.deal_id = deals.id AND p.user_id = fcrm_me ()))))"
  "  WITH CHECK (fcrm_my_role () IS NOT NULL);"

  "ALTER TABLE stage_history ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON stage_history;"
  "CREATE POLICY fcrm_visible ON stage_history"
  "  USING ((entity_type = 'lead' AND EXISTS (SELECT 1 FROM leads l WHERE l.id = entity_id))"
  "         OR (entity_type = 'deal' AND EXISTS (SELECT 1 FROM deals d WHERE d.id = entity_id)))"
  "  WITH CHECK (true);"

  "ALTER TABLE robot_queue ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON robot_queue;"
  "CREATE POLICY fcrm_visible ON robot_queue"
  "  USING (EXISTS (SELECT 1 FROM stage_history h WHERE h.id = entry_id)) WITH CHECK (true);"

  "ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON notifications;"
  "CREATE POLICY fcrm_visible ON notifications"
  "  USING (user_id = fcrm_me () OR fcrm_my_role () = 'supervisor') WITH CHECK (true);"

  "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON tasks;"
  "CREATE POLICY fcrm_visible ON tasks"
  "  USING (responsible_id = fcrm_me () OR fcrm_my_role () = 'supervisor'"
  "         OR (entity_type = 'lead' AND EXISTS (SELECT 1 FROM leads l WHERE l.id = entity_id))"
  "         OR (entity_type = 'deal' AND EXISTS (SELECT 1 FROM deals d WHERE d.id = entity_id)))"
  "  WITH CHECK (true);"

  "ALTER TABLE comments ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON comments;"
  "CREATE POLICY fcrm_visible ON comments"
  "  USING (entity_type IN ('contact', 'company')"
  "         OR (entity_type = 'lead' AND EXISTS (SELECT 1 FROM leads l WHERE l.id = entity_id))"
  "         OR (entity_type = 'deal' AND EXISTS (SELECT 1 FROM deals d WHERE d.id = entity_id)))"
  "  WITH CHECK (true);"

  "ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;"
  "DROP POLICY IF EXISTS fcrm_visible ON attachments;"
  "CREATE POLICY fcrm_visible ON attachments"
  "  USING (entity_type IN ('contact', 'company')"
  "         OR (entity_type = 'lead' AND EXISTS (SELECT 1 FROM leads l WHERE l.id = entity_id))"
  "         OR (entity_type = 'deal' AND EXISTS (SELECT 1 FROM deals d WHERE d.id = entity_id)))"
  "  WITH CHECK (true);";

gboolean
fcrm_pg_is_owner (FcrmStore *store)
{
  FcrmStmt *stmt = fcrm_store_prepare (store,
                                       "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                       "WHERE c.relname = 'leads' AND n.nspname = current_schema() "
                                       "AND pg_get_userbyid(c.relowner) = current_user", NULL);
  gboolean owner = FALSE;

  if (stmt != NULL && fcrm_stmt_step (stmt, NULL))
    owner = fcrm_stmt_get_int64 (stmt, 0) > 0;
  if (stmt != NULL)
    fcrm_stmt_reset (stmt);
  return owner;
}

gboolean
fcrm_pg_security_install (FcrmStore *store,
                          GError   **error)
{
  FcrmStmt *stmt;
  g_autofree char *installed = NULL;

  if (g_strcmp0 (fcrm_store_get_dialect (store), "postgresql") != 0 || !fcrm_pg_is_owner (store))
    return TRUE;
  stmt = fcrm_store_prepare (store, "SELECT value FROM settings WHERE key = 'pg_security'", error);
  if (stmt == NULL)
    return FALSE;
  if (fcrm_stmt_step (stmt, NULL))
    installed = fcrm_stmt_dup_text (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (g_strcmp0 (installed, SECURITY_VERSION) == 0)
    return TRUE;

  if (!fcrm_store_begin (store, error))
    return FALSE;
  if (!fcrm_store_exec (store, "SELECT pg_advisory_xact_lock(727602)", error) ||
      !fcrm_store_exec (store, security_sql, error) ||
      !fcrm_store_exec (store, "INSERT INTO settings (key, value) VALUES ('pg_security', '" SECURITY_VERSION "') "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error))
    {
      fcrm_store_rollback (store);
      g_prefix_error (error, _("Setting up access rights on the office server failed: "));
      return FALSE;
    }
  return fcrm_store_commit (store, error);
}
