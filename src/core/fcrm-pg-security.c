#define G_LOG_DOMAIN "fcrm-pg-security"

/* Who may do what on the office server, enforced by PostgreSQL itself, so a
 * person connecting with psql and their own password can do no more than the
 * app lets them (README, "Threat model"). Each person signs in as their own
 * role, a member of fcrm_manager, fcrm_designer or fcrm_supervisor (groups of
 * fcrm_user); the role that ran `init` owns the tables and is not restricted.
 *
 * Three layers, each refusing on its own:
 *  - privileges: a group gets only the commands (and columns) the app uses;
 *  - row-level security on every table, with USING and WITH CHECK: a role reads
 *    and writes only rows the app would read or write on its behalf;
 *  - the owner's functions (SECURITY DEFINER) for writes on other people's
 *    behalf: a robot's notification into someone's inbox (fcrm_notify), the
 *    round-robin turn (fcrm_round_robin_next); they check that the write is one
 *    a robot or the app would make, and write it themselves;
 *  - triggers that keep what nobody may forge: who created a row, who entered
 *    a stage, and an item's stage agreeing with its history at commit.
 *
 * Every function runs with search_path = <our schema>, pg_temp and names our
 * tables with the schema, so objects a user creates (temporary tables, a
 * search_path of their own) are never what it reads. */

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-pg-security.h"

#define SECURITY_VERSION "12"

/* The tables the program creates; each gets row-level security. */
static const char * const all_tables[] = {
  "schema_version", "settings", "users", "pipelines", "stages", "loss_reasons", "companies", "contacts",
  "contact_phones", "contact_emails", "deals", "deal_participants", "leads", "stage_history", "robots",
  "robot_queue", "robot_firings", "notifications", "tasks", "comments", "attachments",
};

/* @S@ is our schema (quoted). ME and ROLE are scalar sub-selects without a
 * row's column: the planner runs each once per statement (an InitPlan) and
 * compares every row with the result, so a policy costs what a WHERE clause
 * on plain columns costs (tests/test-pg-plans.c checks the plans). */
#define ME   "(SELECT @S@.fcrm_me ())"
#define ROLE "(SELECT @S@.fcrm_my_role ())"
/* "is the person a …": a yes or no made once, not a text compared per row */
#define ROLE_IS(role) "(SELECT @S@.fcrm_my_role () = '" role "')"
#define DEFINER "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @S@, pg_temp"
/* Their statements are lookups by key: one plan kept for the session. (Left to
 * choose, PostgreSQL kept planning them anew at every call — a custom plan
 * for each set of arguments — which was most of what a robot's checks cost.) */
#define GENERIC "SET plan_cache_mode = force_generic_plan"
#define PLPGSQL "LANGUAGE plpgsql SECURITY DEFINER SET search_path = @S@, pg_temp " GENERIC
#define STABLE_PLPGSQL "LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @S@, pg_temp " GENERIC
#define REFUSE(msg) "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = " msg

/* Who sees a lead or a deal, decided by the role once per statement. A CASE
 * rather than OR-ed "role = …" tests: the planner cannot know the role and
 * would take each such test for a rare one, so it would think a person sees
 * almost nothing and sort all they see instead of walking the board's index
 * in its order and stopping at the page's end. */
#define LEAD_VISIBLE \
  "(CASE WHEN " ROLE_IS ("supervisor") " THEN TRUE" \
  " WHEN " ROLE_IS ("manager") " THEN responsible_id IS NULL OR responsible_id = " ME " OR created_by = " ME \
  " ELSE FALSE END)"
/* A designer's deals outside Design: the deals they take part in (their own
 * rows of deal_participants, which its policy always shows them) and those
 * handed over from Design, each read along an index, never a function
 * called for every deal. */
#define DEAL_VISIBLE \
  "(CASE WHEN " ROLE_IS ("supervisor") " THEN TRUE" \
  " WHEN " ROLE_IS ("manager") " THEN responsible_id IS NULL OR responsible_id = " ME " OR created_by = " ME \
  " WHEN " ROLE_IS ("designer") " THEN pipeline = 'design'" \
  "   OR id IN (SELECT p.deal_id FROM @S@.deal_participants p WHERE p.user_id = " ME ")" \
  "   OR EXISTS (SELECT 1 FROM @S@.fcrm_design_deals v WHERE v.id = deals.id)" \
  " ELSE FALSE END)"
/* the rows that follow an item: its history, comments, … */
#define FOLLOWS_ITEM \
  "((entity_type = 'lead' AND EXISTS (SELECT 1 FROM @S@.leads l WHERE l.id = entity_id))" \
  " OR (entity_type = 'deal' AND EXISTS (SELECT 1 FROM @S@.deals d WHERE d.id = entity_id)))"

static const char groups_sql[] =
  /* roles belong to the whole cluster: the owner of another CRM database on the
   * same server may be creating them at this very moment */
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
  /* the intake server's login (a person of its own, granted this by the
   * administrator): it alone tells desktops of incoming calls */
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fcrm_intake') THEN"
  "    BEGIN CREATE ROLE fcrm_intake NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;"
  "  END IF;"
  /* nobody but the owner creates objects in our schema (PostgreSQL 15 already
   * says so for "public"; a schema of the owner's own may have been opened up) */
  "  BEGIN EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());"
  "  EXCEPTION WHEN insufficient_privilege THEN NULL; END;"
  "  EXECUTE format('GRANT USAGE ON SCHEMA %I TO fcrm_user', current_schema());"
  "  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC, fcrm_user, fcrm_manager, fcrm_designer, fcrm_supervisor', current_schema());"
  "  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO fcrm_user', current_schema());"
  "END $$;";

static const char functions_sql[] =
  /* (PL/pgSQL keeps a function's plan for the session; an SQL function with
   * its own search_path is parsed and planned again at every call, which the
   * functions and triggers of every write call several times) */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_me () RETURNS BIGINT " STABLE_PLPGSQL
  "  AS $f$BEGIN RETURN (SELECT id FROM @S@.users WHERE login = session_user AND active = 1); END$f$;"
  "CREATE OR REPLACE FUNCTION @S@.fcrm_my_role () RETURNS TEXT " STABLE_PLPGSQL
  "  AS $f$BEGIN RETURN (SELECT role FROM @S@.users WHERE login = session_user AND active = 1); END$f$;"
  /* the owner (and a superuser) administer the database: not a person of the app */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_is_admin () RETURNS BOOLEAN " STABLE_PLPGSQL
  "  AS $f$BEGIN RETURN pg_has_role (session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = '@S@.leads'::regclass),"
  "    'USAGE'); END$f$;"
  /* the deals that have been in Design, which the design department follows
   * once handed over to Manufacturing: to a designer; to anyone else it shows
   * nothing. For the deals policy, a view read with the owner's rights (so
   * the policy of stage_history, which reads deals, is not applied again),
   * found along the partial index stage_history_design. */
  "CREATE OR REPLACE VIEW @S@.fcrm_design_deals WITH (security_barrier) AS"
  "  SELECT h.entity_id AS id FROM @S@.stage_history h WHERE h.entity_type = 'deal' AND h.stage LIKE 'design.%'"
  "    AND " ROLE_IS ("designer") ";"

  /* may the signed-in person see this lead, deal, contact or company? */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_sees (TEXT, BIGINT) RETURNS BOOLEAN " STABLE_PLPGSQL " AS $f$"
  "BEGIN RETURN coalesce ((SELECT CASE"
  "    WHEN u.role = 'supervisor' OR $1 IN ('contact', 'company') THEN TRUE"
  "    WHEN $1 = 'lead' THEN u.role = 'manager' AND EXISTS (SELECT 1 FROM @S@.leads l WHERE l.id = $2"
  "      AND (l.responsible_id IS NULL OR l.responsible_id = u.id OR l.created_by = u.id))"
  "    WHEN $1 = 'deal' THEN EXISTS (SELECT 1 FROM @S@.deals d WHERE d.id = $2"
  "      AND ((u.role = 'manager' AND (d.responsible_id IS NULL OR d.responsible_id = u.id OR d.created_by = u.id))"
  "        OR (u.role = 'designer' AND (d.pipeline = 'design'"
  "          OR EXISTS (SELECT 1 FROM @S@.deal_participants p WHERE p.deal_id = d.id AND p.user_id = u.id)"
  "          OR EXISTS (SELECT 1 FROM @S@.stage_history h WHERE h.entity_type = 'deal' AND h.entity_id = d.id"
  "            AND h.stage LIKE 'design.%')))))"
  "    ELSE FALSE END"
  "  FROM @S@.users u WHERE u.login = session_user AND u.active = 1), FALSE); END$f$;"

  /* who may hold an item: leads go to managers and supervisors, deals to anyone active */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_may_hold (TEXT, BIGINT) RETURNS BOOLEAN " STABLE_PLPGSQL " AS $f$"
  "BEGIN RETURN $2 IS NULL OR EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = $2 AND u.active = 1"
  "    AND ($1 = 'deal' OR u.role IN ('manager', 'supervisor'))); END$f$;"

  /* contacts and companies: edited by who registered them, by whoever works
   * an item of theirs, and by supervisors */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_client_mine (TEXT, BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT @S@.fcrm_my_role () = 'supervisor'"
  "    OR ($1 = 'contact' AND (EXISTS (SELECT 1 FROM @S@.contacts c WHERE c.id = $2 AND c.created_by = @S@.fcrm_me ())"
  "      OR EXISTS (SELECT 1 FROM @S@.leads l WHERE l.contact_id = $2 AND @S@.fcrm_sees ('lead', l.id))"
  "      OR EXISTS (SELECT 1 FROM @S@.deals d WHERE d.contact_id = $2 AND @S@.fcrm_sees ('deal', d.id))))"
  "    OR ($1 = 'company' AND (EXISTS (SELECT 1 FROM @S@.companies c WHERE c.id = $2 AND c.created_by = @S@.fcrm_me ())"
  "      OR EXISTS (SELECT 1 FROM @S@.leads l WHERE l.company_id = $2 AND @S@.fcrm_sees ('lead', l.id))"
  "      OR EXISTS (SELECT 1 FROM @S@.deals d WHERE d.company_id = $2 AND @S@.fcrm_sees ('deal', d.id))))$f$;"

  /* who decides a deal's participants: its responsible, any manager while it
   * has none, supervisors */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_may_staff (BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT @S@.fcrm_my_role () = 'supervisor' OR EXISTS (SELECT 1 FROM @S@.deals d WHERE d.id = $1"
  "    AND (d.responsible_id = @S@.fcrm_me ()"
  "      OR (d.responsible_id IS NULL AND @S@.fcrm_my_role () = 'manager' AND @S@.fcrm_sees ('deal', d.id))))$f$;"

  /* a robot firing: the robot belongs to the open entry's stage, the entry's
   * item is visible, and the robot is due (on entry, or queued and due) */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_firing_ok (BIGINT, BIGINT, BIGINT) RETURNS BOOLEAN " STABLE_PLPGSQL " AS $f$"
  /* fired meanwhile by another desktop: the insert then does nothing */
  "BEGIN RETURN EXISTS (SELECT 1 FROM @S@.robot_firings f WHERE f.robot_id = $1 AND f.entry_id = $2) OR EXISTS (SELECT 1 FROM @S@.stage_history h JOIN @S@.robots r ON r.id = $1 AND r.stage = h.stage"
  "    WHERE h.id = $2 AND h.left_at IS NULL AND r.enabled = 1 AND @S@.fcrm_sees (h.entity_type, h.entity_id)"
  "      AND (r.trigger_kind = 'on_entry' OR EXISTS (SELECT 1 FROM @S@.robot_queue q"
  "        WHERE q.robot_id = $1 AND q.entry_id = $2 AND q.due_at <= $3))); END$f$;"

  /* a queued reminder: due exactly when its robot says, for an open entry */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_queue_ok (BIGINT, BIGINT, BIGINT) RETURNS BOOLEAN " STABLE_PLPGSQL " AS $f$"
  "BEGIN RETURN EXISTS (SELECT 1 FROM @S@.stage_history h JOIN @S@.robots r ON r.id = $1 AND r.stage = h.stage"
  "    WHERE h.id = $2 AND h.left_at IS NULL AND @S@.fcrm_sees (h.entity_type, h.entity_id)"
  "      AND ((r.trigger_kind = 'delay' AND $3 = h.entered_at + r.delay_seconds)"
  "        OR (r.trigger_kind = 'at_field' AND h.entity_type = 'deal'"
  "          AND $3 = (SELECT d.visit_at FROM @S@.deals d WHERE d.id = h.entity_id)))); END$f$;"

  /* a queued reminder may go once it fired, its entry is over, its robot is
   * off, or (visit reminders) the visit time changed */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_queue_done (BIGINT, BIGINT) RETURNS BOOLEAN " STABLE_PLPGSQL " AS $f$"
  "BEGIN RETURN @S@.fcrm_my_role () = 'supervisor'"
  "    OR EXISTS (SELECT 1 FROM @S@.robot_firings f WHERE f.robot_id = $1 AND f.entry_id = $2)"
  "    OR EXISTS (SELECT 1 FROM @S@.robots r WHERE r.id = $1 AND (r.enabled = 0 OR r.trigger_kind = 'at_field'))"
  "    OR NOT EXISTS (SELECT 1 FROM @S@.stage_history h WHERE h.id = $2 AND h.left_at IS NULL); END$f$;"

  /* a robot's task (reminder, callback, "specify the reason"): made by a robot
   * that fired for this entry of this item, for its responsible or a supervisor */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_robot_task_ok (BIGINT, BIGINT, TEXT, BIGINT) RETURNS BOOLEAN " STABLE_PLPGSQL " AS $f$"
  "BEGIN RETURN @S@.fcrm_sees ($3, $4) AND EXISTS (SELECT 1 FROM @S@.stage_history h"
  "      WHERE h.id = $2 AND h.entity_type = $3 AND h.entity_id = $4"
  "      AND EXISTS (SELECT 1 FROM @S@.robot_firings f WHERE f.entry_id = h.id))"
  "    AND ($1 = (CASE $3 WHEN 'lead' THEN (SELECT l.responsible_id FROM @S@.leads l WHERE l.id = $4)"
  "                       ELSE (SELECT d.responsible_id FROM @S@.deals d WHERE d.id = $4) END)"
  "      OR EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = $1 AND u.role = 'supervisor' AND u.active = 1)); END$f$;"

  /* comments and attachments a conversion carries from the lead to its deal
   * keep their author (each check answers only about items the caller sees:
   * the functions are callable by anyone and must not become oracles) */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_carried_comment (BIGINT, BIGINT, BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT @S@.fcrm_sees ('deal', $1) AND EXISTS (SELECT 1 FROM @S@.deals d"
  "    JOIN @S@.comments c ON c.entity_type = 'lead' AND c.entity_id = d.lead_id"
  "    WHERE d.id = $1 AND c.user_id = $2 AND c.created_at = $3)$f$;"
  "CREATE OR REPLACE FUNCTION @S@.fcrm_carried_attachment (BIGINT, BIGINT, BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT @S@.fcrm_sees ('deal', $1) AND EXISTS (SELECT 1 FROM @S@.deals d"
  "    JOIN @S@.attachments a ON a.entity_type = 'lead' AND a.entity_id = d.lead_id"
  "    WHERE d.id = $1 AND a.user_id = $2 AND a.created_at = $3)$f$;"
  "CREATE OR REPLACE FUNCTION @S@.fcrm_made_deal (BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT EXISTS (SELECT 1 FROM @S@.deals d WHERE d.id = $1 AND d.created_by = @S@.fcrm_me ())$f$;"

  /* A robot's notification into a person's inbox: the only way in. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_notify (p_user BIGINT, p_robot BIGINT, p_entry BIGINT, p_at BIGINT) RETURNS VOID "
  PLPGSQL " AS $f$"
  "DECLARE h @S@.stage_history; r @S@.robots; item_title TEXT; responsible BIGINT; admin BOOLEAN := @S@.fcrm_is_admin ();"
  "BEGIN"
  "  SELECT * INTO h FROM @S@.stage_history WHERE id = p_entry;"
  "  SELECT * INTO r FROM @S@.robots WHERE id = p_robot;"
  "  IF h.id IS NULL OR r.id IS NULL THEN"
  "    " REFUSE ("'no robot fired that would send this notification'") ";"
  "  END IF;"
  "  IF admin THEN"
  "    NULL;"
  "  ELSIF r.stage <> h.stage OR @S@.fcrm_my_role () IS NULL"
  "     OR NOT EXISTS (SELECT 1 FROM @S@.robot_firings f WHERE f.robot_id = p_robot AND f.entry_id = p_entry)"
  "     OR NOT @S@.fcrm_sees (h.entity_type, h.entity_id) THEN"
  "    " REFUSE ("'no robot fired that would send this notification'") ";"
  "  END IF;"
  "  IF h.entity_type = 'lead' THEN"
  "    SELECT l.title, l.responsible_id INTO item_title, responsible FROM @S@.leads l WHERE l.id = h.entity_id;"
  "  ELSE"
  "    SELECT d.title, d.responsible_id INTO item_title, responsible FROM @S@.deals d WHERE d.id = h.entity_id;"
  "  END IF;"
  /* R, or the supervisors (S, and R's stand-ins when nobody active is responsible) */
  "  IF NOT admin AND NOT ((r.recipient = 'responsible' AND p_user = responsible"
  "           AND EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = responsible AND u.active = 1))"
  "          OR ((r.recipient = 'supervisors'"
  "               OR NOT EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = responsible AND u.active = 1))"
  "              AND EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = p_user AND u.role = 'supervisor' AND u.active = 1))) THEN"
  "    " REFUSE ("'this robot does not notify that person'") ";"
  "  END IF;"
  "  INSERT INTO @S@.notifications (user_id, text, subject, person, stage, entity_type, entity_id, robot_id, entry_id,"
  "      created_at)"
  "    VALUES (p_user, r.text, item_title, (SELECT u.name FROM @S@.users u WHERE u.id = responsible), h.stage,"
  "      h.entity_type, h.entity_id, p_robot, p_entry, p_at);"
  "END $f$;"

  /* Handing an item to someone else: afterwards the giver may no longer see
   * it, which an ordinary update (that must see the row it wrote) refuses. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_hand_over (p_kind TEXT, p_id BIGINT, p_user BIGINT, p_at BIGINT,"
  "    p_expected BIGINT) RETURNS INT " PLPGSQL " AS $f$"
  "DECLARE n INT;"
  "BEGIN"
  "  p_user := nullif (p_user, 0);"
  "  IF NOT @S@.fcrm_is_admin () AND (NOT @S@.fcrm_sees (p_kind, p_id)"
  "      OR coalesce (@S@.fcrm_my_role () IN ('manager', 'supervisor')"
  "                   OR (p_kind = 'deal' AND @S@.fcrm_my_role () IS NOT NULL), FALSE) IS FALSE) THEN"
  "    " REFUSE ("'you may not hand this item over'") ";"
  "  END IF;"
  "  IF NOT @S@.fcrm_may_hold (p_kind, p_user) THEN"
  "    " REFUSE ("'that person cannot be responsible for it'") ";"
  "  END IF;"
  "  IF p_kind = 'lead' THEN"
  "    UPDATE @S@.leads SET responsible_id = p_user, updated = updated + 1, updated_at = p_at"
  "      WHERE id = p_id AND (p_expected < 0 OR updated = p_expected);"
  "  ELSE"
  "    UPDATE @S@.deals SET responsible_id = p_user, updated = updated + 1, updated_at = p_at"
  "      WHERE id = p_id AND (p_expected < 0 OR updated = p_expected);"
  "  END IF;"
  "  GET DIAGNOSTICS n = ROW_COUNT;"
  /* the caller's transaction wrote through a SELECT: the other desktops
   * hear of it from here (a plain counter, as for every other write) */
  "  IF n > 0 THEN PERFORM pg_notify ('" FCRM_PG_CHANNEL "', ''); END IF;"
  "  RETURN n;"
  "END $f$;"

  /* The next manager in turn for a new lead: the active managers in id
   * order, taken in turn by a counter of the owner's that nobody else may
   * advance. A sequence rather than a row: two desktops (or the intake's
   * writers) adding leads at once get the next two managers without one
   * waiting for the other's commit. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_round_robin_next () RETURNS BIGINT " PLPGSQL " AS $f$"
  "DECLARE n BIGINT; next_id BIGINT;"
  "BEGIN"
  "  IF NOT @S@.fcrm_is_admin () AND coalesce (@S@.fcrm_my_role () IN ('manager', 'supervisor'), FALSE) IS FALSE THEN"
  "    " REFUSE ("'only managers and supervisors register leads'") ";"
  "  END IF;"
  "  SELECT count(*) INTO n FROM @S@.users WHERE role = 'manager' AND active = 1;"
  "  IF n = 0 THEN RETURN NULL; END IF;"
  "  SELECT id INTO next_id FROM @S@.users WHERE role = 'manager' AND active = 1 ORDER BY id"
  "    OFFSET (nextval ('@S@.fcrm_round_robin_turn') - 1) % n LIMIT 1;"
  "  RETURN next_id;"
  "END $f$;"

  /* A new lead in one round trip (fcrm_crm_lead_add on the office server):
   * its responsible (the one given, else the default manager, else the
   * round-robin turn), the contact with the same phone or e-mail, the row
   * and its first history entry, as the program's own statements do them.
   * It runs with the caller's rights (no SECURITY DEFINER): every row goes
   * through the same policies and triggers as those statements, so calling
   * it by hand can do nothing the caller's plain INSERTs could not. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_lead_create (p_title TEXT, p_name TEXT, p_phone TEXT, p_phone_norm TEXT,"
  "  p_email TEXT, p_email_norm TEXT, p_company TEXT, p_source TEXT, p_budget BIGINT, p_comment TEXT,"
  "  p_responsible BIGINT, p_at BIGINT, p_by BIGINT,"
  "  OUT lead_id BIGINT, OUT entry_id BIGINT, OUT responsible BIGINT, OUT responsible_name TEXT,"
  "  OUT responsible_active BIGINT)"
  "  LANGUAGE plpgsql SECURITY INVOKER SET search_path = @S@, pg_temp " GENERIC " AS $f$"
  "DECLARE contact BIGINT;"
  "BEGIN"
  "  responsible := nullif (p_responsible, 0);"
  "  IF responsible IS NULL THEN"
  "    SELECT u.id INTO responsible FROM @S@.settings s JOIN @S@.users u ON u.login = s.value"
  "      WHERE s.key = 'default_manager' AND u.active = 1 AND u.role = 'manager';"
  "  END IF;"
  "  IF responsible IS NULL THEN responsible := nullif (@S@.fcrm_round_robin_next (), 0); END IF;"
  "  IF p_phone_norm IS NOT NULL OR p_email_norm IS NOT NULL THEN"
  "    SELECT x.contact_id INTO contact FROM (SELECT c.contact_id FROM @S@.contact_phones c WHERE c.phone_norm = p_phone_norm"
  "      UNION ALL SELECT e.contact_id FROM @S@.contact_emails e WHERE e.email_norm = p_email_norm LIMIT 1) x;"
  "  END IF;"
  "  INSERT INTO @S@.leads (title, name, phone, phone_norm, email, email_norm, company_name, source, budget, comment,"
  "      stage, responsible_id, contact_id, is_returning, stage_entered_at, created_at, updated_at, created_by)"
  "    VALUES (p_title, p_name, p_phone, p_phone_norm, p_email, p_email_norm, p_company, p_source, p_budget, p_comment,"
  "      'lead.new', responsible, contact, CASE WHEN contact IS NULL THEN 0 ELSE 1 END, p_at, p_at, p_at, nullif (p_by, 0))"
  "    RETURNING id INTO lead_id;"
  "  INSERT INTO @S@.stage_history (entity_type, entity_id, stage, entered_at, user_id)"
  "    VALUES ('lead', lead_id, 'lead.new', p_at, nullif (p_by, 0)) RETURNING id INTO entry_id;"
  "  SELECT u.name, u.active INTO responsible_name, responsible_active FROM @S@.users u WHERE u.id = responsible;"
  /* written through a SELECT: the other desktops hear of it from here */
  "  PERFORM pg_notify ('" FCRM_PG_CHANNEL "', '');"
  "END $f$;"

  /* Who created a row and who entered a stage are the signed-in person. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_stamp () RETURNS TRIGGER " PLPGSQL " AS $f$"
  "DECLARE person BOOLEAN := @S@.fcrm_my_role () IS NOT NULL;"
  "BEGIN"
  /* a history entry's cycle start (the item's first entry's time) is
   * written here, the program sends none: not a person's to choose; the
   * administrator's copies (migrate, the demo) bring theirs */
  "  IF TG_TABLE_NAME = 'stage_history' AND TG_OP = 'INSERT' THEN"
  /* (nested: NEW of another table has no such field) */
  "    IF person OR NEW.cycle_start IS NULL THEN"
  "      NEW.cycle_start := coalesce ((SELECT f.entered_at FROM @S@.stage_history f"
  "        WHERE f.entity_type = NEW.entity_type AND f.entity_id = NEW.entity_id ORDER BY f.id LIMIT 1), NEW.entered_at);"
  "    END IF;"
  "  END IF;"
  "  IF person THEN"
  "    IF TG_OP = 'INSERT' THEN"
  "      IF TG_TABLE_NAME = 'stage_history' THEN NEW.user_id := @S@.fcrm_me ();"
  "      ELSE NEW.created_by := @S@.fcrm_me (); END IF;"
  "    ELSE"
  "      NEW.id := OLD.id; NEW.created_by := OLD.created_by; NEW.created_at := OLD.created_at;"
  "    END IF;"
  "  END IF;"
  "  RETURN NEW;"
  "END $f$;"

  /* At commit: an item's stage is the stage of its one open history entry
   * (so history is written by stage changes only), a lead stays in the lead
   * pipeline, a deal in its own, and a lost deal has a loss reason. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_check_stage () RETURNS TRIGGER " PLPGSQL " AS $f$"
  "DECLARE item_kind TEXT; item BIGINT; cur TEXT; pipe TEXT; reason TEXT; open_stage TEXT;"
  "BEGIN"
  "  IF @S@.fcrm_my_role () IS NULL THEN RETURN NULL; END IF;"
  "  IF TG_TABLE_NAME = 'stage_history' THEN"
  "    IF TG_OP = 'DELETE' THEN item_kind := OLD.entity_type; item := OLD.entity_id;"
  "    ELSE item_kind := NEW.entity_type; item := NEW.entity_id; END IF;"
  "  ELSE"
  "    item_kind := CASE TG_TABLE_NAME WHEN 'leads' THEN 'lead' ELSE 'deal' END; item := NEW.id;"
  "  END IF;"
  "  IF item_kind = 'lead' THEN"
  "    SELECT l.stage, 'lead', NULL INTO cur, pipe, reason FROM @S@.leads l WHERE l.id = item;"
  "  ELSE"
  "    SELECT d.stage, d.pipeline, d.loss_reason INTO cur, pipe, reason FROM @S@.deals d WHERE d.id = item;"
  "  END IF;"
  "  IF cur IS NULL THEN RETURN NULL; END IF;"
  "  SELECT h.stage INTO open_stage FROM @S@.stage_history h"
  "    WHERE h.entity_type = item_kind AND h.entity_id = item AND h.left_at IS NULL;"
  "  IF open_stage IS DISTINCT FROM cur"
  "     OR NOT EXISTS (SELECT 1 FROM @S@.stages s WHERE s.code = cur AND s.pipeline = pipe)"
  "     OR (item_kind = 'deal' AND reason IS NULL"
  "         AND EXISTS (SELECT 1 FROM @S@.stages s WHERE s.code = cur AND s.kind = 'failure')) THEN"
  "    " REFUSE ("format('the stage of %s #%s changes only through a stage change of the app', item_kind, item)") ";"
  "  END IF;"
  "  RETURN NULL;"
  "END $f$;"

  "DO $$ DECLARE f TEXT; BEGIN"
  "  FOR f IN SELECT p.oid::regprocedure::TEXT FROM pg_proc p"
  "    WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'fcrm\\_%' LOOP"
  "    EXECUTE 'REVOKE ALL ON FUNCTION ' || f || ' FROM PUBLIC';"
  "    EXECUTE 'GRANT EXECUTE ON FUNCTION ' || f || ' TO fcrm_user';"
  "  END LOOP;"
  "END $$;"

  "DROP TRIGGER IF EXISTS fcrm_stamp ON @S@.leads;"
  "CREATE TRIGGER fcrm_stamp BEFORE INSERT OR UPDATE ON @S@.leads FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_stamp ();"
  "DROP TRIGGER IF EXISTS fcrm_stamp ON @S@.deals;"
  "CREATE TRIGGER fcrm_stamp BEFORE INSERT OR UPDATE ON @S@.deals FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_stamp ();"
  "DROP TRIGGER IF EXISTS fcrm_stamp ON @S@.contacts;"
  "CREATE TRIGGER fcrm_stamp BEFORE INSERT OR UPDATE ON @S@.contacts FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_stamp ();"
  "DROP TRIGGER IF EXISTS fcrm_stamp ON @S@.companies;"
  "CREATE TRIGGER fcrm_stamp BEFORE INSERT OR UPDATE ON @S@.companies FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_stamp ();"
  "DROP TRIGGER IF EXISTS fcrm_stamp ON @S@.stage_history;"
  "CREATE TRIGGER fcrm_stamp BEFORE INSERT ON @S@.stage_history FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_stamp ();"
  "DROP TRIGGER IF EXISTS fcrm_check_stage ON @S@.leads;"
  "CREATE CONSTRAINT TRIGGER fcrm_check_stage AFTER INSERT OR UPDATE OF stage ON @S@.leads"
  "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_check_stage ();"
  "DROP TRIGGER IF EXISTS fcrm_check_stage ON @S@.deals;"
  "CREATE CONSTRAINT TRIGGER fcrm_check_stage AFTER INSERT OR UPDATE OF stage, pipeline, loss_reason ON @S@.deals"
  "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_check_stage ();"
  "DROP TRIGGER IF EXISTS fcrm_check_stage ON @S@.stage_history;"
  "CREATE CONSTRAINT TRIGGER fcrm_check_stage AFTER INSERT OR UPDATE OR DELETE ON @S@.stage_history"
  "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_check_stage ();";

/* The screen pop of an incoming call (POST /calls, fcrm-calls.c), for the
 * intake's login: it tells people of calls on clients and items it may not
 * see, into their inboxes. Only members of fcrm_intake may call it (and the
 * administrator); it does what /calls does and nothing more: the number is
 * checked and normalized here as fcrm-phone.c does, the recipients are
 * chosen here by the same rules (the given active person, else the active
 * responsible of the caller's open deal or lead, else every active manager),
 * and every text it writes is one of its own (the timeline line in one of
 * the program's translations, English otherwise), with the number. It
 * answers only what /calls answers: the contact's and item's ids and how
 * many were told. */
static const char calls_sql[] =
  "CREATE OR REPLACE FUNCTION @S@.fcrm_call_pop (p_phone TEXT, p_login BIGINT, p_incoming BOOLEAN, p_at BIGINT,"
  "    p_line TEXT, OUT r_contact BIGINT, OUT r_item_type TEXT, OUT r_item BIGINT, OUT r_notified INT) " PLPGSQL " AS $f$"
  "DECLARE d TEXT; caller TEXT; title TEXT; stage TEXT; resp BIGINT; lead_name TEXT; line TEXT;"
  "  to_whom BIGINT[];"
  "BEGIN"
  "  IF NOT @S@.fcrm_is_admin () AND NOT (pg_has_role (session_user, 'fcrm_intake', 'MEMBER')"
  "      AND @S@.fcrm_my_role () IS NOT NULL) THEN"
  "    " REFUSE ("'only the intake server tells of calls'") ";"
  "  END IF;"
  "  d := regexp_replace (coalesce (p_phone, ''), '[^0-9]', '', 'g');"
  "  IF p_phone IS NULL OR p_phone !~ '^[-+(). 0-9]*$' OR length (d) NOT BETWEEN 5 AND 15 THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'not a phone number';"
  "  END IF;"
  "  IF length (d) = 11 AND left (d, 1) = '8' THEN d := '7' || substr (d, 2);"
  "  ELSIF length (d) = 10 AND left (d, 1) = '9' THEN d := '7' || d; END IF;"
  "  p_login := nullif (p_login, 0);"
  "  IF p_login IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = p_login AND u.active = 1) THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'no such active person';"
  "  END IF;"
  "  SELECT c.id, c.name INTO r_contact, caller FROM @S@.contact_phones p JOIN @S@.contacts c ON c.id = p.contact_id"
  "    WHERE p.phone_norm = d ORDER BY c.last_activity DESC, c.id DESC LIMIT 1;"
  "  IF r_contact IS NOT NULL THEN"
  "    SELECT 'deal', x.id, x.title, x.stage, x.responsible_id INTO r_item_type, r_item, title, stage, resp"
  "      FROM @S@.deals x JOIN @S@.stages s ON s.code = x.stage"
  "      WHERE x.contact_id = r_contact AND s.kind = 'open' ORDER BY x.updated_at DESC, x.id DESC LIMIT 1;"
  "  END IF;"
  "  IF r_item IS NULL THEN"
  "    SELECT 'lead', x.id, x.title, x.stage, x.responsible_id, x.name INTO r_item_type, r_item, title, stage, resp, lead_name"
  "      FROM @S@.leads x JOIN @S@.stages s ON s.code = x.stage"
  "      WHERE (x.contact_id = r_contact OR x.phone_norm = d) AND s.kind = 'open'"
  "      ORDER BY x.updated_at DESC, x.id DESC LIMIT 1;"
  "    IF caller IS NULL AND lead_name <> '' THEN caller := lead_name; END IF;"
  "  END IF;"
  /* on the client's timeline, in the extension's person's name */
  "  line := CASE WHEN p_incoming THEN 'Incoming call from %s' ELSE 'Outgoing call to %s' END;"
  "  IF (p_incoming AND p_line IN ('Входящий звонок с номера %s'))"
  "     OR (NOT p_incoming AND p_line IN ('Исходящий звонок на номер %s')) THEN line := p_line; END IF;"
  "  IF r_contact IS NOT NULL OR r_item IS NOT NULL THEN"
  "    INSERT INTO @S@.comments (entity_type, entity_id, user_id, text, created_at)"
  "      VALUES (CASE WHEN r_contact IS NOT NULL THEN 'contact' ELSE r_item_type END, coalesce (r_contact, r_item),"
  "        p_login, replace (line, '%s', p_phone), p_at);"
  "  END IF;"
  "  r_notified := 0;"
  "  IF p_incoming THEN"
  "    IF p_login IS NOT NULL THEN to_whom := ARRAY[p_login];"
  "    ELSIF EXISTS (SELECT 1 FROM @S@.users u WHERE u.id = resp AND u.active = 1) THEN to_whom := ARRAY[resp];"
  "    ELSE to_whom := ARRAY (SELECT u.id FROM @S@.users u WHERE u.role = 'manager' AND u.active = 1 ORDER BY u.id);"
  "    END IF;"
  "    INSERT INTO @S@.notifications (user_id, text, subject, stage, entity_type, entity_id, created_at, kind,"
  "        contact_id, caller, phone)"
  "      SELECT w, CASE WHEN r_item IS NOT NULL THEN 'Incoming call: {caller} — {item} ({stage})'"
  "          ELSE 'Incoming call: {caller}' END, title, stage, r_item_type, r_item, p_at, 'call', r_contact,"
  "          coalesce (caller, p_phone), p_phone"
  "        FROM unnest (to_whom) w;"
  "    r_notified := cardinality (to_whom);"
  "  END IF;"
  /* written through a SELECT: the other desktops hear of it from here */
  "  PERFORM pg_notify ('" FCRM_PG_CHANNEL "', '');"
  "END $f$;"
  "REVOKE ALL ON FUNCTION @S@.fcrm_call_pop (TEXT, BIGINT, BOOLEAN, BIGINT, TEXT) FROM PUBLIC, fcrm_user;"
  "GRANT EXECUTE ON FUNCTION @S@.fcrm_call_pop (TEXT, BIGINT, BOOLEAN, BIGINT, TEXT) TO fcrm_intake;";

/* Indexes that let a person's statement cost what the owner's costs: the
 * owner counts a column from leads_board alone; a manager's count needs the
 * columns their policy reads too, so that it reads an index alone as well.
 * The inbox's "oldest undelivered / newest unread first" are index walks on
 * PostgreSQL only when the IS NULL is the index's predicate, not a column
 * (IS NULL is no equality to the planner: it does not keep the order). */
static const char indexes_sql[] =
  "CREATE INDEX IF NOT EXISTS leads_visible ON @S@.leads (stage, responsible_id, created_by) INCLUDE (budget, source);"
  "CREATE INDEX IF NOT EXISTS deals_visible ON @S@.deals (stage, responsible_id, created_by)"
  "  INCLUDE (budget, source, pipeline, id);"
  "CREATE INDEX IF NOT EXISTS deal_participants_user ON @S@.deal_participants (user_id, deal_id);"
  "CREATE INDEX IF NOT EXISTS stage_history_design ON @S@.stage_history (entity_id)"
  "  WHERE entity_type = 'deal' AND stage LIKE 'design.%';"
  "CREATE INDEX IF NOT EXISTS notifications_undelivered_order ON @S@.notifications (user_id, created_at, id)"
  "  WHERE delivered_at IS NULL;"
  "CREATE INDEX IF NOT EXISTS notifications_unread_order ON @S@.notifications (user_id, created_at, id)"
  "  WHERE read_at IS NULL;"
  "CREATE INDEX IF NOT EXISTS notifications_recent_unread_order ON @S@.notifications (created_at, id)"
  "  WHERE read_at IS NULL;";

/* What each group may do at all; rows are narrowed by the policies below. */
static const char grants_sql[] =
  /* the round-robin turn (fcrm_round_robin_next): only the owner's function
   * advances it (a person who could would choose who gets the next lead) */
  "CREATE SEQUENCE IF NOT EXISTS @S@.fcrm_round_robin_turn;"
  "REVOKE ALL ON SEQUENCE @S@.fcrm_round_robin_turn FROM PUBLIC, fcrm_user, fcrm_manager, fcrm_designer, fcrm_supervisor;"
  "GRANT SELECT ON @S@.schema_version, @S@.pipelines, @S@.stages, @S@.loss_reasons, @S@.users, @S@.robots,"
  "  @S@.settings, @S@.fcrm_design_deals TO fcrm_user;"
  "GRANT INSERT, UPDATE, DELETE ON @S@.settings TO fcrm_supervisor;"
  "GRANT INSERT, UPDATE ON @S@.robots TO fcrm_supervisor;"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON @S@.leads, @S@.deals, @S@.companies, @S@.contacts, @S@.contact_phones,"
  "  @S@.contact_emails TO fcrm_user;"
  "GRANT SELECT, INSERT, DELETE ON @S@.deal_participants, @S@.comments, @S@.attachments TO fcrm_user;"
  "GRANT SELECT, INSERT, DELETE ON @S@.stage_history TO fcrm_user;"
  "GRANT UPDATE (left_at) ON @S@.stage_history TO fcrm_user;"
  "GRANT SELECT, INSERT, DELETE ON @S@.robot_queue TO fcrm_user;"
  "GRANT UPDATE (due_at) ON @S@.robot_queue TO fcrm_user;"
  "GRANT SELECT, INSERT ON @S@.robot_firings TO fcrm_user;"
  "GRANT SELECT, DELETE ON @S@.notifications TO fcrm_user;"
  "GRANT UPDATE (delivered_at, read_at) ON @S@.notifications TO fcrm_user;"
  /* a schedule reminder: one's own desktop writes it for oneself */
  "GRANT INSERT ON @S@.notifications TO fcrm_user;"
  "GRANT SELECT, INSERT, DELETE ON @S@.tasks TO fcrm_user;"
  "GRANT UPDATE (done, done_at, updated) ON @S@.tasks TO fcrm_user;"
  /* the schedule moves a task or callback to another time; a supervisor to another person */
  "GRANT UPDATE (due_at, due_is_date) ON @S@.tasks TO fcrm_user;"
  "GRANT UPDATE (responsible_id) ON @S@.tasks TO fcrm_supervisor;"
  /* Preferences → People: what field work a person does */
  "GRANT UPDATE (field_roles, updated) ON @S@.users TO fcrm_supervisor;";

static const char policies_sql[] =
  "CREATE POLICY fcrm_read ON @S@.schema_version FOR SELECT USING (true);"
  "CREATE POLICY fcrm_read ON @S@.pipelines FOR SELECT USING (true);"
  "CREATE POLICY fcrm_read ON @S@.stages FOR SELECT USING (true);"
  "CREATE POLICY fcrm_read ON @S@.loss_reasons FOR SELECT USING (true);"
  "CREATE POLICY fcrm_read ON @S@.users FOR SELECT USING (true);"
  "CREATE POLICY fcrm_edit ON @S@.users FOR UPDATE USING (" ROLE " = 'supervisor') WITH CHECK (" ROLE " = 'supervisor');"

  "CREATE POLICY fcrm_read ON @S@.robots FOR SELECT USING (true);"
  "CREATE POLICY fcrm_add ON @S@.robots FOR INSERT WITH CHECK (" ROLE " = 'supervisor');"
  "CREATE POLICY fcrm_edit ON @S@.robots FOR UPDATE USING (" ROLE " = 'supervisor') WITH CHECK (" ROLE " = 'supervisor');"

  /* the server's own keys are the owner's; the turn goes through fcrm_round_robin_next */
  "CREATE POLICY fcrm_read ON @S@.settings FOR SELECT USING (true);"
  "CREATE POLICY fcrm_add ON @S@.settings FOR INSERT"
  "  WITH CHECK (" ROLE " = 'supervisor' AND key NOT IN ('pg_security', 'database_id', 'round_robin_last'));"
  "CREATE POLICY fcrm_edit ON @S@.settings FOR UPDATE"
  "  USING (" ROLE " = 'supervisor' AND key NOT IN ('pg_security', 'database_id', 'round_robin_last'))"
  "  WITH CHECK (" ROLE " = 'supervisor' AND key NOT IN ('pg_security', 'database_id', 'round_robin_last'));"
  "CREATE POLICY fcrm_drop ON @S@.settings FOR DELETE"
  "  USING (" ROLE " = 'supervisor' AND key NOT IN ('pg_security', 'database_id', 'round_robin_last'));"

  "CREATE POLICY fcrm_read ON @S@.leads FOR SELECT USING " LEAD_VISIBLE ";"
  "CREATE POLICY fcrm_add ON @S@.leads FOR INSERT"
  "  WITH CHECK (" ROLE " IN ('supervisor', 'manager') AND created_by = " ME " AND @S@.fcrm_may_hold ('lead', responsible_id));"
  "CREATE POLICY fcrm_edit ON @S@.leads FOR UPDATE USING " LEAD_VISIBLE
  "  WITH CHECK (" ROLE " IN ('supervisor', 'manager') AND @S@.fcrm_may_hold ('lead', responsible_id));"
  "CREATE POLICY fcrm_drop ON @S@.leads FOR DELETE USING (" ROLE " = 'supervisor');"

  "CREATE POLICY fcrm_read ON @S@.deals FOR SELECT USING " DEAL_VISIBLE ";"
  "CREATE POLICY fcrm_add ON @S@.deals FOR INSERT"
  "  WITH CHECK (" ROLE " IS NOT NULL AND created_by = " ME " AND @S@.fcrm_may_hold ('deal', responsible_id));"
  "CREATE POLICY fcrm_edit ON @S@.deals FOR UPDATE USING " DEAL_VISIBLE
  "  WITH CHECK (" ROLE " IS NOT NULL AND @S@.fcrm_may_hold ('deal', responsible_id));"
  /* undoing a conversion takes back the deal it made */
  "CREATE POLICY fcrm_drop ON @S@.deals FOR DELETE USING (" ROLE " = 'supervisor' OR created_by = " ME ");"

  "CREATE POLICY fcrm_read ON @S@.deal_participants FOR SELECT"
  "  USING (user_id = " ME " OR @S@.fcrm_sees ('deal', deal_id));"
  "CREATE POLICY fcrm_add ON @S@.deal_participants FOR INSERT"
  "  WITH CHECK (@S@.fcrm_may_staff (deal_id) AND @S@.fcrm_may_hold ('deal', user_id));"
  "CREATE POLICY fcrm_drop ON @S@.deal_participants FOR DELETE"
  "  USING (user_id = " ME " OR @S@.fcrm_may_staff (deal_id));"

  "CREATE POLICY fcrm_read ON @S@.companies FOR SELECT USING (" ROLE " IS NOT NULL);"
  "CREATE POLICY fcrm_add ON @S@.companies FOR INSERT WITH CHECK (" ROLE " IS NOT NULL AND created_by = " ME ");"
  "CREATE POLICY fcrm_edit ON @S@.companies FOR UPDATE"
  "  USING (@S@.fcrm_client_mine ('company', id)) WITH CHECK (@S@.fcrm_client_mine ('company', id));"
  "CREATE POLICY fcrm_drop ON @S@.companies FOR DELETE USING (@S@.fcrm_client_mine ('company', id));"
  "CREATE POLICY fcrm_read ON @S@.contacts FOR SELECT USING (" ROLE " IS NOT NULL);"
  "CREATE POLICY fcrm_add ON @S@.contacts FOR INSERT WITH CHECK (" ROLE " IS NOT NULL AND created_by = " ME ");"
  "CREATE POLICY fcrm_edit ON @S@.contacts FOR UPDATE"
  "  USING (@S@.fcrm_client_mine ('contact', id)) WITH CHECK (@S@.fcrm_client_mine ('contact', id));"
  "CREATE POLICY fcrm_drop ON @S@.contacts FOR DELETE USING (@S@.fcrm_client_mine ('contact', id));"
  "CREATE POLICY fcrm_read ON @S@.contact_phones FOR SELECT USING (" ROLE " IS NOT NULL);"
  "CREATE POLICY fcrm_write ON @S@.contact_phones FOR ALL"
  "  USING (@S@.fcrm_client_mine ('contact', contact_id)) WITH CHECK (@S@.fcrm_client_mine ('contact', contact_id));"
  "CREATE POLICY fcrm_read ON @S@.contact_emails FOR SELECT USING (" ROLE " IS NOT NULL);"
  "CREATE POLICY fcrm_write ON @S@.contact_emails FOR ALL"
  "  USING (@S@.fcrm_client_mine ('contact', contact_id)) WITH CHECK (@S@.fcrm_client_mine ('contact', contact_id));"

  /* history is written by stage changes (and taken back by their undo) */
  "CREATE POLICY fcrm_read ON @S@.stage_history FOR SELECT USING " FOLLOWS_ITEM ";"
  "CREATE POLICY fcrm_add ON @S@.stage_history FOR INSERT"
  "  WITH CHECK (user_id = " ME " AND left_at IS NULL AND @S@.fcrm_sees (entity_type, entity_id));"
  "CREATE POLICY fcrm_edit ON @S@.stage_history FOR UPDATE USING " FOLLOWS_ITEM
  "  WITH CHECK (@S@.fcrm_sees (entity_type, entity_id));"
  "CREATE POLICY fcrm_drop ON @S@.stage_history FOR DELETE"
  "  USING (" ROLE " = 'supervisor' OR (user_id = " ME " AND @S@.fcrm_sees (entity_type, entity_id)));"

  "CREATE POLICY fcrm_read ON @S@.robot_queue FOR SELECT"
  "  USING (EXISTS (SELECT 1 FROM @S@.stage_history h WHERE h.id = entry_id));"
  "CREATE POLICY fcrm_add ON @S@.robot_queue FOR INSERT WITH CHECK (@S@.fcrm_queue_ok (robot_id, entry_id, due_at));"
  "CREATE POLICY fcrm_edit ON @S@.robot_queue FOR UPDATE"
  "  USING (EXISTS (SELECT 1 FROM @S@.stage_history h WHERE h.id = entry_id))"
  "  WITH CHECK (@S@.fcrm_queue_ok (robot_id, entry_id, due_at));"
  "CREATE POLICY fcrm_drop ON @S@.robot_queue FOR DELETE USING (@S@.fcrm_queue_done (robot_id, entry_id));"

  "CREATE POLICY fcrm_read ON @S@.robot_firings FOR SELECT"
  "  USING (EXISTS (SELECT 1 FROM @S@.stage_history h WHERE h.id = entry_id));"
  "CREATE POLICY fcrm_add ON @S@.robot_firings FOR INSERT WITH CHECK (@S@.fcrm_firing_ok (robot_id, entry_id, fired_at));"

  /* written only by fcrm_notify; read, marked and cleared by their recipient */
  "CREATE POLICY fcrm_read ON @S@.notifications FOR SELECT USING (user_id = " ME " OR " ROLE " = 'supervisor');"
  "CREATE POLICY fcrm_edit ON @S@.notifications FOR UPDATE USING (user_id = " ME ") WITH CHECK (user_id = " ME ");"
  "CREATE POLICY fcrm_drop ON @S@.notifications FOR DELETE USING (user_id = " ME ");"
  "CREATE POLICY fcrm_add ON @S@.notifications FOR INSERT"
  "  WITH CHECK (user_id = " ME " AND reminder_key IS NOT NULL AND robot_id IS NULL AND entry_id IS NULL);"

  /* a task of an item the person sees: asked of fcrm_sees, not with the
   * items' own policies, which would be planned into every statement that
   * shows an item's next task (each board card) and cost more there than the
   * call costs for the few other people's tasks a person reads */
  "CREATE POLICY fcrm_read ON @S@.tasks FOR SELECT"
  "  USING (responsible_id = " ME " OR " ROLE " = 'supervisor'"
  "    OR (entity_type IS NOT NULL AND @S@.fcrm_sees (entity_type, entity_id)));"
  "CREATE POLICY fcrm_add ON @S@.tasks FOR INSERT"
  "  WITH CHECK (" ROLE " IS NOT NULL AND (entity_type IS NULL OR @S@.fcrm_sees (entity_type, entity_id))"
  "    AND ((kind = 'manual' AND entry_id IS NULL AND @S@.fcrm_may_hold ('deal', responsible_id))"
  "      OR (kind <> 'manual' AND @S@.fcrm_robot_task_ok (responsible_id, entry_id, entity_type, entity_id))));"
  "CREATE POLICY fcrm_edit ON @S@.tasks FOR UPDATE"
  "  USING (responsible_id = " ME " OR " ROLE " = 'supervisor' OR (entity_type IS NOT NULL AND @S@.fcrm_sees (entity_type, entity_id)))"
  "  WITH CHECK (" ROLE " IS NOT NULL);"
  "CREATE POLICY fcrm_drop ON @S@.tasks FOR DELETE"
  "  USING (" ROLE " = 'supervisor' OR (kind = 'manual' AND (responsible_id = " ME
  "    OR (entity_type IS NOT NULL AND @S@.fcrm_sees (entity_type, entity_id)))));"

  "CREATE POLICY fcrm_read ON @S@.comments FOR SELECT"
  "  USING (entity_type IN ('contact', 'company') OR " FOLLOWS_ITEM ");"
  "CREATE POLICY fcrm_add ON @S@.comments FOR INSERT"
  "  WITH CHECK (@S@.fcrm_sees (entity_type, entity_id) AND (user_id = " ME
  "    OR (entity_type = 'deal' AND @S@.fcrm_carried_comment (entity_id, user_id, created_at))));"
  "CREATE POLICY fcrm_drop ON @S@.comments FOR DELETE"
  "  USING (" ROLE " = 'supervisor' OR user_id = " ME " OR (entity_type = 'deal' AND @S@.fcrm_made_deal (entity_id)));"

  "CREATE POLICY fcrm_read ON @S@.attachments FOR SELECT"
  "  USING (entity_type IN ('contact', 'company') OR " FOLLOWS_ITEM ");"
  "CREATE POLICY fcrm_add ON @S@.attachments FOR INSERT"
  "  WITH CHECK (@S@.fcrm_sees (entity_type, entity_id) AND (user_id = " ME
  "    OR (entity_type = 'deal' AND @S@.fcrm_carried_attachment (entity_id, user_id, created_at))));"
  "CREATE POLICY fcrm_drop ON @S@.attachments FOR DELETE USING (@S@.fcrm_sees (entity_type, entity_id));";

/* What an older version made and no policy uses any more (dropped once the
 * old policies that used it are gone). */
static const char retired_sql[] =
  "DROP FUNCTION IF EXISTS @S@.fcrm_takes_part (BIGINT);"
  "DROP FUNCTION IF EXISTS @S@.fcrm_from_design (BIGINT);";

/* Clients (schema 7): a contact or company anything still links to is not
 * deleted — the app refuses and names the links, so does the server (a
 * restrictive policy: it narrows what the ones above allow). The check sees
 * every link, also those of items the person may not see. */
static const char clients_sql[] =
  "CREATE OR REPLACE FUNCTION @S@.fcrm_client_linked (TEXT, BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT CASE $1"
  "    WHEN 'contact' THEN EXISTS (SELECT 1 FROM @S@.leads l WHERE l.contact_id = $2)"
  "      OR EXISTS (SELECT 1 FROM @S@.deals d WHERE d.contact_id = $2)"
  "    ELSE EXISTS (SELECT 1 FROM @S@.leads l WHERE l.company_id = $2)"
  "      OR EXISTS (SELECT 1 FROM @S@.deals d WHERE d.company_id = $2)"
  "      OR EXISTS (SELECT 1 FROM @S@.contacts c WHERE c.company_id = $2) END"
  "  OR EXISTS (SELECT 1 FROM @S@.comments c WHERE c.entity_type = $1 AND c.entity_id = $2)"
  "  OR EXISTS (SELECT 1 FROM @S@.attachments a WHERE a.entity_type = $1 AND a.entity_id = $2)$f$;"
  "REVOKE ALL ON FUNCTION @S@.fcrm_client_linked (TEXT, BIGINT) FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION @S@.fcrm_client_linked (TEXT, BIGINT) TO fcrm_user;"
  "REVOKE ALL ON FUNCTION @S@.fcrm_fold (TEXT) FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION @S@.fcrm_fold (TEXT) TO fcrm_user;"
  "CREATE POLICY fcrm_unlinked ON @S@.contacts AS RESTRICTIVE FOR DELETE"
  "  USING (NOT @S@.fcrm_client_linked ('contact', id));"
  "CREATE POLICY fcrm_unlinked ON @S@.companies AS RESTRICTIVE FOR DELETE"
  "  USING (NOT @S@.fcrm_client_linked ('company', id));"
  /* merging two cards moves the comments and files of one to the other
   * (and its undo back): only between cards the person may edit */
  "GRANT UPDATE (entity_id) ON @S@.comments, @S@.attachments TO fcrm_user;"
  "CREATE POLICY fcrm_merge ON @S@.comments FOR UPDATE"
  "  USING (entity_type IN ('contact', 'company') AND @S@.fcrm_client_mine (entity_type, entity_id))"
  "  WITH CHECK (entity_type IN ('contact', 'company') AND @S@.fcrm_client_mine (entity_type, entity_id));"
  "CREATE POLICY fcrm_merge ON @S@.attachments FOR UPDATE"
  "  USING (entity_type IN ('contact', 'company') AND @S@.fcrm_client_mine (entity_type, entity_id))"
  "  WITH CHECK (entity_type IN ('contact', 'company') AND @S@.fcrm_client_mine (entity_type, entity_id));"
  /* notes and files on a client's card (version 7): everyone who sees the
   * client (everyone signed in) may add them, as themselves, to a client
   * that exists; a file goes only by the hand of who may edit the client
   * (restrictive: narrows the item policies above) */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_client_exists (TEXT, BIGINT) RETURNS BOOLEAN " DEFINER " AS $f$"
  "  SELECT CASE $1 WHEN 'contact' THEN EXISTS (SELECT 1 FROM @S@.contacts c WHERE c.id = $2)"
  "    WHEN 'company' THEN EXISTS (SELECT 1 FROM @S@.companies c WHERE c.id = $2) ELSE TRUE END$f$;"
  "REVOKE ALL ON FUNCTION @S@.fcrm_client_exists (TEXT, BIGINT) FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION @S@.fcrm_client_exists (TEXT, BIGINT) TO fcrm_user;"
  "CREATE POLICY fcrm_client_note ON @S@.comments AS RESTRICTIVE FOR INSERT"
  "  WITH CHECK (@S@.fcrm_client_exists (entity_type, entity_id));"
  "CREATE POLICY fcrm_client_note ON @S@.attachments AS RESTRICTIVE FOR INSERT"
  "  WITH CHECK (@S@.fcrm_client_exists (entity_type, entity_id));"
  "CREATE POLICY fcrm_client_file ON @S@.attachments AS RESTRICTIVE FOR DELETE"
  "  USING (entity_type NOT IN ('contact', 'company') OR @S@.fcrm_client_mine (entity_type, entity_id));"

  /* Search rows (schema 7): written by these triggers only, as the owner;
   * each person reads the rows of what they may see. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_search_put (p_kind TEXT, p_ref BIGINT) RETURNS VOID " PLPGSQL " AS $f$"
  "DECLARE b TEXT; k BIGINT;"
  "BEGIN"
  "  k := p_ref * 4 + CASE p_kind WHEN 'lead' THEN 0 WHEN 'deal' THEN 1 WHEN 'contact' THEN 2 ELSE 3 END;"
  "  IF p_kind = 'lead' THEN"
  "    SELECT concat_ws (' ', x.title, x.name, x.company_name, x.email, x.phone_norm) INTO b FROM @S@.leads x WHERE x.id = p_ref;"
  "  ELSIF p_kind = 'deal' THEN"
  "    SELECT concat_ws (' ', x.title, (SELECT c.name FROM @S@.contacts c WHERE c.id = x.contact_id),"
  "      (SELECT string_agg (p.phone_norm, ' ') FROM @S@.contact_phones p WHERE p.contact_id = x.contact_id),"
  "      (SELECT co.name FROM @S@.companies co WHERE co.id = x.company_id))"
  "      INTO b FROM @S@.deals x WHERE x.id = p_ref;"
  "  ELSIF p_kind = 'contact' THEN"
  "    SELECT concat_ws (' ', x.name,"
  "      (SELECT string_agg (p.phone_norm, ' ') FROM @S@.contact_phones p WHERE p.contact_id = x.id),"
  "      (SELECT string_agg (e.email, ' ') FROM @S@.contact_emails e WHERE e.contact_id = x.id))"
  "      INTO b FROM @S@.contacts x WHERE x.id = p_ref;"
  "  ELSE"
  "    SELECT concat_ws (' ', x.name, x.inn) INTO b FROM @S@.companies x WHERE x.id = p_ref;"
  "  END IF;"
  "  DELETE FROM @S@.search_index WHERE key = k;"
  "  IF b IS NOT NULL THEN"
  "    INSERT INTO @S@.search_index (key, kind, ref, body) VALUES (k, p_kind, p_ref, @S@.fcrm_fold (b));"
  "  END IF;"
  /* a deal is found by its client too */
  "  IF p_kind = 'contact' THEN"
  "    PERFORM @S@.fcrm_search_put ('deal', d.id) FROM @S@.deals d WHERE d.contact_id = p_ref;"
  "  ELSIF p_kind = 'company' THEN"
  "    PERFORM @S@.fcrm_search_put ('deal', d.id) FROM @S@.deals d WHERE d.company_id = p_ref;"
  "  END IF;"
  "END $f$;"
  "CREATE OR REPLACE FUNCTION @S@.fcrm_search_keep () RETURNS TRIGGER " PLPGSQL " AS $f$"
  "BEGIN"
  "  IF TG_TABLE_NAME IN ('contact_phones', 'contact_emails') THEN"
  "    IF TG_OP <> 'INSERT' THEN PERFORM @S@.fcrm_search_put ('contact', OLD.contact_id); END IF;"
  "    IF TG_OP <> 'DELETE' THEN PERFORM @S@.fcrm_search_put ('contact', NEW.contact_id); END IF;"
  "  ELSIF TG_OP = 'DELETE' THEN"
  "    PERFORM @S@.fcrm_search_put (TG_ARGV[0], OLD.id);"
  "  ELSE"
  "    PERFORM @S@.fcrm_search_put (TG_ARGV[0], NEW.id);"
  "  END IF;"
  "  RETURN NULL;"
  "END $f$;"
  "REVOKE ALL ON FUNCTION @S@.fcrm_search_put (TEXT, BIGINT), @S@.fcrm_search_keep () FROM PUBLIC, fcrm_user;"
  "DROP TRIGGER IF EXISTS fcrm_search ON @S@.leads;"
  "CREATE TRIGGER fcrm_search AFTER INSERT OR DELETE OR UPDATE OF title, name, company_name, email, phone_norm ON @S@.leads"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_search_keep ('lead');"
  "DROP TRIGGER IF EXISTS fcrm_search ON @S@.deals;"
  "CREATE TRIGGER fcrm_search AFTER INSERT OR DELETE OR UPDATE OF title, contact_id, company_id ON @S@.deals"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_search_keep ('deal');"
  "DROP TRIGGER IF EXISTS fcrm_search ON @S@.contacts;"
  "CREATE TRIGGER fcrm_search AFTER INSERT OR DELETE OR UPDATE OF name ON @S@.contacts"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_search_keep ('contact');"
  "DROP TRIGGER IF EXISTS fcrm_search ON @S@.companies;"
  "CREATE TRIGGER fcrm_search AFTER INSERT OR DELETE OR UPDATE OF name, inn ON @S@.companies"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_search_keep ('company');"
  "DROP TRIGGER IF EXISTS fcrm_search ON @S@.contact_phones;"
  "CREATE TRIGGER fcrm_search AFTER INSERT OR DELETE OR UPDATE ON @S@.contact_phones"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_search_keep ();"
  "DROP TRIGGER IF EXISTS fcrm_search ON @S@.contact_emails;"
  "CREATE TRIGGER fcrm_search AFTER INSERT OR DELETE OR UPDATE ON @S@.contact_emails"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_search_keep ();"
  /* A client's last activity (schema 8), kept as the owner by these
   * triggers: they fire only for rows the person was allowed to write (the
   * policies above checked them), touch only the client that row belongs to
   * and only one the person sees, and only move the time forward. A person's
   * own update of a card cannot set it (only its updated_at moves it); the
   * owner's upkeep (a nested trigger) and the owner's loads may. */
  "CREATE OR REPLACE FUNCTION @S@.fcrm_activity_touch (p_contact BIGINT, p_company BIGINT, p_at BIGINT) RETURNS VOID "
  PLPGSQL " AS $f$"
  "BEGIN"
  "  IF p_contact IS NOT NULL THEN"
  "    UPDATE @S@.contacts SET last_activity = p_at WHERE id = p_contact AND last_activity < p_at"
  "      AND (@S@.fcrm_is_admin () OR @S@.fcrm_sees ('contact', id));"
  "  END IF;"
  "  IF p_company IS NOT NULL THEN"
  "    UPDATE @S@.companies SET last_activity = p_at WHERE id = p_company AND last_activity < p_at"
  "      AND (@S@.fcrm_is_admin () OR @S@.fcrm_sees ('company', id));"
  "  END IF;"
  "END $f$;"
  "CREATE OR REPLACE FUNCTION @S@.fcrm_activity_card () RETURNS TRIGGER " PLPGSQL " AS $f$"
  "BEGIN"
  "  IF pg_trigger_depth () > 1 THEN RETURN NEW; END IF;"
  "  IF TG_OP = 'INSERT' THEN"
  "    NEW.last_activity := GREATEST (CASE WHEN @S@.fcrm_my_role () IS NULL THEN NEW.last_activity ELSE 0 END,"
  "      NEW.created_at, NEW.updated_at);"
  "  ELSIF NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN"
  "    NEW.last_activity := GREATEST (OLD.last_activity, NEW.updated_at,"
  "      CASE WHEN @S@.fcrm_my_role () IS NULL THEN NEW.last_activity ELSE 0 END);"
  "  ELSIF @S@.fcrm_my_role () IS NOT NULL THEN"
  "    NEW.last_activity := OLD.last_activity;"
  "  END IF;"
  "  RETURN NEW;"
  "END $f$;"
  "CREATE OR REPLACE FUNCTION @S@.fcrm_activity_keep () RETURNS TRIGGER " PLPGSQL " AS $f$"
  "DECLARE contact BIGINT; company BIGINT; at BIGINT;"
  "BEGIN"
  "  IF TG_TABLE_NAME IN ('leads', 'deals') THEN"
  "    contact := NEW.contact_id; company := NEW.company_id; at := NEW.updated_at;"
  "  ELSE"
  "    IF TG_TABLE_NAME = 'tasks' THEN at := coalesce (NEW.done_at, NEW.created_at); ELSE at := NEW.created_at; END IF;"
  "    IF NEW.entity_type = 'contact' THEN contact := NEW.entity_id;"
  "    ELSIF NEW.entity_type = 'company' THEN company := NEW.entity_id;"
  "    ELSIF NEW.entity_type = 'lead' THEN"
  "      SELECT i.contact_id, i.company_id INTO contact, company FROM @S@.leads i WHERE i.id = NEW.entity_id;"
  "    ELSIF NEW.entity_type = 'deal' THEN"
  "      SELECT i.contact_id, i.company_id INTO contact, company FROM @S@.deals i WHERE i.id = NEW.entity_id;"
  "    END IF;"
  "  END IF;"
  "  PERFORM @S@.fcrm_activity_touch (contact, company, at);"
  "  RETURN NULL;"
  "END $f$;"
  "REVOKE ALL ON FUNCTION @S@.fcrm_activity_touch (BIGINT, BIGINT, BIGINT), @S@.fcrm_activity_card (),"
  "  @S@.fcrm_activity_keep () FROM PUBLIC, fcrm_user;"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.contacts;"
  "CREATE TRIGGER fcrm_activity BEFORE INSERT OR UPDATE ON @S@.contacts"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_activity_card ();"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.companies;"
  "CREATE TRIGGER fcrm_activity BEFORE INSERT OR UPDATE ON @S@.companies"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_activity_card ();"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.leads;"
  "CREATE TRIGGER fcrm_activity AFTER INSERT OR UPDATE OF updated_at ON @S@.leads"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_activity_keep ();"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.deals;"
  "CREATE TRIGGER fcrm_activity AFTER INSERT OR UPDATE OF updated_at ON @S@.deals"
  "  FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_activity_keep ();"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.comments;"
  "CREATE TRIGGER fcrm_activity AFTER INSERT ON @S@.comments FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_activity_keep ();"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.attachments;"
  "CREATE TRIGGER fcrm_activity AFTER INSERT ON @S@.attachments FOR EACH ROW EXECUTE FUNCTION @S@.fcrm_activity_keep ();"
  "DROP TRIGGER IF EXISTS fcrm_activity ON @S@.tasks;"
  "CREATE TRIGGER fcrm_activity AFTER UPDATE OF done ON @S@.tasks FOR EACH ROW"
  "  WHEN (NEW.done = 1 AND OLD.done = 0) EXECUTE FUNCTION @S@.fcrm_activity_keep ();"
  "ALTER TABLE @S@.search_index ENABLE ROW LEVEL SECURITY;"
  "REVOKE ALL ON @S@.search_index FROM PUBLIC;"
  "GRANT SELECT ON @S@.search_index TO fcrm_user;"
  "CREATE POLICY fcrm_read ON @S@.search_index FOR SELECT USING (@S@.fcrm_sees (kind, ref));";

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

/* @sql with @S@ as our schema, quoted */
static char *
in_schema (const char *schema,
           const char *sql)
{
  g_autoptr(GString) s = g_string_new (sql);

  g_string_replace (s, "@S@", schema, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
security_sql (const char *schema)
{
  g_autoptr(GString) sql = g_string_new (groups_sql);
  g_autofree char *functions = in_schema (schema, functions_sql);
  g_autofree char *grants = in_schema (schema, grants_sql);
  g_autofree char *policies = in_schema (schema, policies_sql);
  g_autofree char *indexes = in_schema (schema, indexes_sql);
  g_autofree char *retired = in_schema (schema, retired_sql);
  g_autofree char *clients = in_schema (schema, clients_sql);
  g_autofree char *calls = in_schema (schema, calls_sql);

  g_string_append (sql, functions);
  g_string_append (sql, indexes);
  g_string_append (sql, grants);
  /* every policy is made anew: one left over from an older version must not
   * widen what the new ones allow (policies of a table are OR-ed) */
  for (guint i = 0; i < G_N_ELEMENTS (all_tables); i++)
    g_string_append_printf (sql, "ALTER TABLE %s.%s ENABLE ROW LEVEL SECURITY;", schema, all_tables[i]);
  g_string_append (sql,
                   "DO $$ DECLARE p RECORD; BEGIN"
                   "  FOR p IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema() LOOP"
                   "    EXECUTE format('DROP POLICY %I ON %I.%I', p.policyname, current_schema(), p.tablename);"
                   "  END LOOP;"
                   "END $$;");
  g_string_append (sql, policies);
  g_string_append (sql, retired);
  g_string_append (sql, clients);
  g_string_append (sql, calls);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

gboolean
fcrm_pg_security_install (FcrmStore *store,
                          GError   **error)
{
  g_autofree char *installed = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *sql = NULL;

  if (!fcrm_store_has_server_rules (store) || !fcrm_pg_is_owner (store))
    return TRUE;
  installed = fcrm_store_get_setting (store, "pg_security");
  if (g_strcmp0 (installed, SECURITY_VERSION) == 0)
    return TRUE;

  schema = fcrm_store_query_text (store, "SELECT quote_ident (current_schema ())", NULL, "");
  if (schema == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_A_DATABASE,
                   _("The office server has no schema to keep the data in; ask its administrator to create one."));
      return FALSE;
    }
  sql = security_sql (schema);

  if (!fcrm_store_begin (store, error))
    return FALSE;
  /* roles belong to the cluster, the lock to one database: another desktop's
   * owner session opening this one at the same moment waits here */
  if (!fcrm_store_lock_key (store, 727602, error) ||
      !fcrm_store_exec (store, sql, error) ||
      !fcrm_store_exec (store, "INSERT INTO settings (key, value) VALUES ('pg_security', '" SECURITY_VERSION "') "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error))
    {
      fcrm_store_rollback (store);
      g_prefix_error (error, _("Setting up access rights on the office server failed: "));
      return FALSE;
    }
  return fcrm_store_commit (store, error);
}
