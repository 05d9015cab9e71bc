#define G_LOG_DOMAIN "fcrm-crm"

#include <glib/gi18n-lib.h>

#include "fcrm-crm-private.h"
#include "fcrm-field.h"
#include "fcrm-pg-security.h"
#include "fcrm-schema.h"
#include "fcrm-template.h"

G_DEFINE_FINAL_TYPE (FcrmCrm, fcrm_crm, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
fcrm_crm_dispose (GObject *object)
{
  fcrm_crm_stop_worker (FCRM_CRM (object));
  G_OBJECT_CLASS (fcrm_crm_parent_class)->dispose (object);
}

static void
fcrm_crm_finalize (GObject *object)
{
  FcrmCrm *self = FCRM_CRM (object);

  g_clear_pointer (&self->robot_cache, g_hash_table_unref);
  g_clear_pointer (&self->stages, g_hash_table_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->server_login, g_free);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (fcrm_crm_parent_class)->finalize (object);
}

static void
fcrm_crm_class_init (FcrmCrmClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fcrm_crm_dispose;
  G_OBJECT_CLASS (klass)->finalize = fcrm_crm_finalize;

  /**
   * FcrmCrm::changed:
   *
   * Emitted after every committed change made through this object.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fcrm_crm_init (FcrmCrm *self)
{
  self->robot_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

void
fcrm_crm_emit_changed (FcrmCrm *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
fcrm_crm_begin (FcrmCrm *self,
                GError **error)
{
  if (!fcrm_store_in_transaction (self->store))
    g_hash_table_remove_all (self->robot_cache);
  return fcrm_store_begin (self->store, error);
}

gboolean
fcrm_crm_finish (FcrmCrm  *self,
                 gboolean  ok,
                 GError  **error)
{
  if (!ok)
    {
      fcrm_store_rollback (self->store);
      return FALSE;
    }
  if (!fcrm_store_commit (self->store, error))
    return FALSE;
  if (!fcrm_store_in_transaction (self->store))
    fcrm_crm_emit_changed (self);
  return TRUE;
}

gboolean
fcrm_crm_finish_unchanged (FcrmCrm *self,
                           GError **error)
{
  return fcrm_store_commit (self->store, error);
}

FcrmCrmSeed *
fcrm_crm_seed_new (FcrmCrm *self)
{
  FcrmCrmSeed *seed = g_new0 (FcrmCrmSeed, 1);

  seed->main_store = g_object_ref (self->store);
  seed->clock = g_object_ref (self->clock);
  seed->actor = self->actor != NULL ? g_object_ref (self->actor) : NULL;
  seed->pipelines = g_ptr_array_ref (self->pipelines);
  seed->stages = g_hash_table_ref (self->stages);
  seed->server_login = g_strdup (self->server_login);
  return seed;
}

void
fcrm_crm_seed_free (FcrmCrmSeed *seed)
{
  g_object_unref (seed->main_store);
  g_object_unref (seed->clock);
  g_clear_object (&seed->actor);
  g_ptr_array_unref (seed->pipelines);
  g_hash_table_unref (seed->stages);
  g_free (seed->server_login);
  g_free (seed);
}

FcrmCrm *
fcrm_crm_seed_open (FcrmCrmSeed *seed,
                    GError     **error)
{
  g_autoptr(FcrmStore) store = fcrm_store_open_another (seed->main_store, error);
  FcrmCrm *crm;

  if (store == NULL)
    return NULL;
  /* the schema is made and the template loaded: only opened here */
  crm = g_object_new (FCRM_TYPE_CRM, NULL);
  crm->store = g_steal_pointer (&store);
  crm->clock = g_object_ref (seed->clock);
  crm->actor = seed->actor != NULL ? g_object_ref (seed->actor) : NULL;
  crm->pipelines = g_ptr_array_ref (seed->pipelines);
  crm->stages = g_hash_table_ref (seed->stages);
  crm->server_login = g_strdup (seed->server_login);
  return crm;
}

char *
fcrm_crm_default_location (void)
{
  const char *env = g_getenv ("FURNITURE_CRM_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "furniture-crm", "crm.sqlite3", NULL);
}

static gboolean
load_pipelines (FcrmCrm *self,
                GError **error)
{
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) stages = g_hash_table_new (g_str_hash, g_str_equal);
  GError *local = NULL;
  FcrmStmt *stmt;

  stmt = fcrm_store_prepare (self->store,
                             "SELECT code, name, entity, position FROM pipelines ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmPipeline *p = g_object_new (FCRM_TYPE_PIPELINE, NULL);

      p->code = fcrm_stmt_dup_text (stmt, 0);
      p->name = fcrm_stmt_dup_text (stmt, 1);
      p->entity = fcrm_entity_type_parse (fcrm_stmt_get_text (stmt, 2));
      p->position = (int) fcrm_stmt_get_int64 (stmt, 3);
      g_ptr_array_add (pipelines, p);
      g_hash_table_insert (by_code, p->code, p);
    }
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;

  stmt = fcrm_store_prepare (self->store,
                             "SELECT code, pipeline, name, kind, position FROM stages ORDER BY pipeline, position", error);
  if (stmt == NULL)
    return FALSE;
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmPipeline *p = g_hash_table_lookup (by_code, fcrm_stmt_get_text (stmt, 1));
      FcrmStage *s;
      const char *kind = fcrm_stmt_get_text (stmt, 3);

      if (p == NULL)
        continue;
      s = g_object_new (FCRM_TYPE_STAGE, NULL);
      s->code = fcrm_stmt_dup_text (stmt, 0);
      s->pipeline = fcrm_stmt_dup_text (stmt, 1);
      s->name = fcrm_stmt_dup_text (stmt, 2);
      s->kind = g_strcmp0 (kind, "success") == 0 ? FCRM_STAGE_SUCCESS
              : g_strcmp0 (kind, "failure") == 0 ? FCRM_STAGE_FAILURE : FCRM_STAGE_OPEN;
      s->position = (int) fcrm_stmt_get_int64 (stmt, 4);
      g_ptr_array_add (p->stages, s);
      g_hash_table_insert (stages, s->code, s);
    }
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;

  g_clear_pointer (&self->stages, g_hash_table_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  self->pipelines = g_steal_pointer (&pipelines);
  self->stages = g_steal_pointer (&stages);
  return TRUE;
}

static gboolean
install_template_rows (FcrmCrm *self,
                       GError **error)
{
  FcrmStmt *stmt;

  for (guint i = 0; i < fcrm_template_n_pipelines; i++)
    {
      const FcrmTemplatePipeline *p = &fcrm_template_pipelines[i];

      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO pipelines (code, name, entity, position) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (code) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_text (stmt, 1, p->code);
      fcrm_stmt_bind_text (stmt, 2, p->name);
      fcrm_stmt_bind_text (stmt, 3, p->entity);
      fcrm_stmt_bind_int64 (stmt, 4, i);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;

      for (guint j = 0; p->stages[j].code != NULL; j++)
        {
          stmt = fcrm_store_prepare (self->store,
                                     "INSERT INTO stages (code, pipeline, name, kind, position) VALUES (?, ?, ?, ?, ?) "
                                     "ON CONFLICT (code) DO NOTHING", error);
          if (stmt == NULL)
            return FALSE;
          fcrm_stmt_bind_text (stmt, 1, p->stages[j].code);
          fcrm_stmt_bind_text (stmt, 2, p->code);
          fcrm_stmt_bind_text (stmt, 3, p->stages[j].name);
          fcrm_stmt_bind_text (stmt, 4, p->stages[j].kind);
          fcrm_stmt_bind_int64 (stmt, 5, j);
          if (!fcrm_stmt_run (stmt, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < fcrm_template_n_loss_reasons; i++)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO loss_reasons (code, name, position) VALUES (?, ?, ?) "
                                 "ON CONFLICT (code) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_text (stmt, 1, fcrm_template_loss_reasons[i].code);
      fcrm_stmt_bind_text (stmt, 2, fcrm_template_loss_reasons[i].name);
      fcrm_stmt_bind_int64 (stmt, 3, i);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }

  /* Robots the user edited or disabled keep their edits: the key is the template's. */
  for (guint i = 0; i < fcrm_template_n_robots; i++)
    {
      const FcrmTemplateRobot *r = &fcrm_template_robots[i];

      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO robots (template_key, stage, trigger_kind, delay_seconds, field, "
                                 "  recipient, action, text, target_stage, enabled, position) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
                                 "ON CONFLICT (template_key) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_text (stmt, 1, r->key);
      fcrm_stmt_bind_text (stmt, 2, r->stage);
      fcrm_stmt_bind_text (stmt, 3, r->trigger);
      fcrm_stmt_bind_int64 (stmt, 4, r->delay);
      fcrm_stmt_bind_text (stmt, 5, r->field);
      fcrm_stmt_bind_text (stmt, 6, r->recipient);
      fcrm_stmt_bind_text (stmt, 7, r->action);
      fcrm_stmt_bind_text (stmt, 8, r->text);
      fcrm_stmt_bind_text (stmt, 9, r->target_stage);
      fcrm_stmt_bind_int64 (stmt, 10, i);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_crm_install_template (FcrmCrm *self,
                           GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  if (!install_template_rows (self, error))
    {
      fcrm_store_rollback (self->store);
      return FALSE;
    }
  if (!fcrm_store_commit (self->store, error))
    return FALSE;
  return load_pipelines (self, error);
}

/* A person signed in to the office server is who acts: the server would
 * refuse rows written in anybody else's name anyway. */
static gboolean
adopt_server_login (FcrmCrm *self,
                    GError **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                       "SELECT login FROM users WHERE login = session_user AND active = 1", error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  if (fcrm_stmt_step (stmt, &local))
    self->server_login = fcrm_stmt_dup_text (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return self->server_login == NULL || fcrm_crm_set_actor (self, self->server_login, error);
}

static gboolean
has_row (GHashTable *present,
         guint       query,
         const char *code)
{
  g_autofree char *key = g_strdup_printf ("%u:%s", query, code);

  return g_hash_table_contains (present, key);
}

/* Whether every row of the template is in the database. A plain read, so
 * that opening an installed database takes no write lock and writes
 * nothing; the install itself is idempotent and runs only when this says no. */
static gboolean
template_is_installed (FcrmCrm  *self,
                       gboolean *out_installed,
                       GError  **error)
{
  static const char * const queries[] = {
    "SELECT code FROM pipelines",
    "SELECT code FROM stages",
    "SELECT code FROM loss_reasons",
    "SELECT template_key FROM robots WHERE template_key IS NOT NULL",
  };
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean all = TRUE;

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      GError *local = NULL;
      FcrmStmt *stmt = fcrm_store_prepare (self->store, queries[q], error);

      if (stmt == NULL)
        return FALSE;
      while (fcrm_stmt_step (stmt, &local))
        g_hash_table_add (present, g_strdup_printf ("%u:%s", q, fcrm_stmt_get_text (stmt, 0)));
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
    }

  for (guint i = 0; all && i < fcrm_template_n_pipelines; i++)
    {
      const FcrmTemplatePipeline *p = &fcrm_template_pipelines[i];

      all = has_row (present, 0, p->code);
      for (guint j = 0; all && p->stages[j].code != NULL; j++)
        all = has_row (present, 1, p->stages[j].code);
    }
  for (guint i = 0; all && i < fcrm_template_n_loss_reasons; i++)
    all = has_row (present, 2, fcrm_template_loss_reasons[i].code);
  for (guint i = 0; all && i < fcrm_template_n_robots; i++)
    all = has_row (present, 3, fcrm_template_robots[i].key);

  *out_installed = all;
  return TRUE;
}

/* The template on opening: written only when something is missing and the
 * database can be written; a read-only one shows what it has. */
static gboolean
ensure_template (FcrmCrm *self,
                 GError **error)
{
  gboolean installed = FALSE;

  if (!template_is_installed (self, &installed, error))
    return FALSE;
  if (installed || fcrm_store_is_read_only (self->store))
    return load_pipelines (self, error);
  return fcrm_crm_install_template (self, error);
}

/* The schema on opening: read first; only an upgrade (or, when creating,
 * the first set-up) starts a write transaction. */
static gboolean
check_schema (FcrmStore     *store,
              const char    *location,
              FcrmOpenFlags  flags,
              GError       **error)
{
  gboolean pg = fcrm_store_has_server_rules (store);
  int version = fcrm_schema_get_version (store, error);

  if (version < 0)
    return FALSE;
  if (version == 0 && (flags & FCRM_OPEN_CREATE) == 0)
    {
      /* an address may hold a password: it is never repeated */
      if (pg)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE,
                     _("The office server’s database is empty: Furniture CRM has not been set up in it yet. Its owner sets it up with “furniture-crm-cli --db postgresql://… init”."));
      else
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_NO_DATABASE,
                     _("“%s” is empty: it is not a Furniture CRM database yet. Set it up with “furniture-crm-cli init”."),
                     location);
      return FALSE;
    }
  if (version > 0 && version < FCRM_SCHEMA_VERSION && fcrm_store_is_read_only (store))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_READ_ONLY,
                   _("The database “%s” is read-only, but this version of Furniture CRM must upgrade it first. Open it once with write access to the file and its folder."),
                   location);
      return FALSE;
    }
  return fcrm_schema_migrate (store, FCRM_SCHEMA_VERSION, error);
}

FcrmCrm *
fcrm_crm_open (const char *location,
               FcrmClock  *clock,
               GError    **error)
{
  return fcrm_crm_open_full (location, clock, FCRM_OPEN_EXISTING, error);
}

FcrmCrm *
fcrm_crm_open_full (const char    *location,
                    FcrmClock     *clock,
                    FcrmOpenFlags  flags,
                    GError       **error)
{
  g_autoptr(FcrmCrm) self = NULL;
  g_autoptr(FcrmStore) store = NULL;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (clock == NULL || FCRM_IS_CLOCK (clock), NULL);

  store = fcrm_store_open_full (location, flags, error);
  if (store == NULL)
    return NULL;
  if (!check_schema (store, location, flags, error))
    return NULL;

  self = g_object_new (FCRM_TYPE_CRM, NULL);
  self->store = g_steal_pointer (&store);
  self->clock = clock != NULL ? g_object_ref (clock) : fcrm_clock_new ();
  /* on the office server only the owner installs; the others read what is there */
  if (fcrm_store_has_server_rules (self->store) && !fcrm_pg_is_owner (self->store))
    {
      if (!load_pipelines (self, error) || !adopt_server_login (self, error))
        return NULL;
    }
  else if (!ensure_template (self, error) ||
           !fcrm_pg_security_install (self->store, error))
    return NULL;
  return g_steal_pointer (&self);
}

FcrmClock *
fcrm_crm_get_clock (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return self->clock;
}

gboolean
fcrm_crm_is_read_only (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), TRUE);
  return fcrm_store_is_read_only (self->store);
}

gboolean
fcrm_crm_set_lock_timeout (FcrmCrm *self,
                           guint    ms,
                           GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return fcrm_store_set_lock_timeout (self->store, ms, error);
}

void
fcrm_crm_set_scan_mode (FcrmCrm *self)
{
  g_return_if_fail (FCRM_IS_CRM (self));
  fcrm_store_set_scan_mode (self->store);
}

gint64
fcrm_crm_data_version (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), 0);
  return fcrm_store_data_version (self->store);
}

gboolean
fcrm_crm_check_connection (FcrmCrm *self,
                           GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return fcrm_store_check_connection (self->store, error);
}

gboolean
fcrm_crm_is_server_admin (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return fcrm_store_has_server_rules (self->store) && fcrm_pg_is_owner (self->store);
}

gboolean
fcrm_crm_is_office_server (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return fcrm_store_has_server_rules (self->store);
}

FcrmStore *
fcrm_crm_get_store (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return self->store;
}

gboolean
fcrm_crm_is_empty (FcrmCrm *self)
{
  FcrmStmt *stmt;
  gboolean empty = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  stmt = fcrm_store_prepare (self->store,
                             "SELECT (SELECT count(*) FROM (SELECT 1 FROM leads LIMIT 1) a)"
                             " + (SELECT count(*) FROM (SELECT 1 FROM deals LIMIT 1) b)"
                             " + (SELECT count(*) FROM (SELECT 1 FROM contacts LIMIT 1) c)", NULL);
  if (stmt != NULL && fcrm_stmt_step (stmt, NULL))
    empty = fcrm_stmt_get_int64 (stmt, 0) == 0;
  if (stmt != NULL)
    fcrm_stmt_reset (stmt);
  return empty;
}

/* Pipelines and stages */

GPtrArray *
fcrm_crm_list_pipelines (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return g_ptr_array_ref (self->pipelines);
}

FcrmPipeline *
fcrm_crm_get_pipeline (FcrmCrm    *self,
                       const char *code)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  for (guint i = 0; code != NULL && i < self->pipelines->len; i++)
    {
      FcrmPipeline *p = g_ptr_array_index (self->pipelines, i);
      if (g_strcmp0 (p->code, code) == 0)
        return p;
    }
  return NULL;
}

FcrmStage *
fcrm_crm_get_stage (FcrmCrm    *self,
                    const char *code)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return code != NULL ? g_hash_table_lookup (self->stages, code) : NULL;
}

const char * const *
fcrm_crm_loss_reasons (void)
{
  static const char * const codes[] = { "expensive", "not_relevant", "no_response", "other", NULL };
  return codes;
}

const char *
fcrm_loss_reason_display_name (const char *code)
{
  for (guint i = 0; code != NULL && i < fcrm_template_n_loss_reasons; i++)
    if (g_strcmp0 (code, fcrm_template_loss_reasons[i].code) == 0)
      return g_dgettext (GETTEXT_PACKAGE, fcrm_template_loss_reasons[i].name);
  return code;
}

GPtrArray *
fcrm_crm_list_robots (FcrmCrm    *self,
                      const char *stage,
                      GError    **error)
{
  g_autoptr(GPtrArray) robots = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (stage != NULL && fcrm_crm_get_stage (self, stage) == NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no stage “%s”."), stage);
      return NULL;
    }
  stmt = fcrm_store_prepare (self->store,
                             "SELECT r.id, r.stage, r.trigger_kind, r.delay_seconds, r.field, r.recipient, r.action,"
                             "  r.text, r.target_stage, r.enabled "
                             "FROM robots r JOIN stages s ON s.code = r.stage "
                             "JOIN pipelines p ON p.code = s.pipeline "
                             "WHERE (CAST(? AS TEXT) IS NULL OR r.stage = ?) "
                             "ORDER BY p.position, s.position, r.position, r.id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, stage);
  fcrm_stmt_bind_text (stmt, 2, stage);
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmRobot *r = g_object_new (FCRM_TYPE_ROBOT, NULL);

      r->id = fcrm_stmt_get_int64 (stmt, 0);
      r->stage = fcrm_stmt_dup_text (stmt, 1);
      r->trigger = fcrm_stmt_dup_text (stmt, 2);
      r->delay = fcrm_stmt_get_int64 (stmt, 3);
      r->field = fcrm_stmt_dup_text (stmt, 4);
      r->recipient = fcrm_stmt_dup_text (stmt, 5);
      r->action = fcrm_stmt_dup_text (stmt, 6);
      r->text = fcrm_stmt_dup_text (stmt, 7);
      r->target_stage = fcrm_stmt_dup_text (stmt, 8);
      r->enabled = fcrm_stmt_get_int64 (stmt, 9) != 0;
      g_ptr_array_add (robots, r);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&robots);
}

/* Users */

FcrmUser *
fcrm_crm_user_from_stmt (FcrmStmt *stmt)
{
  FcrmUser *u = g_object_new (FCRM_TYPE_USER, NULL);

  u->id = fcrm_stmt_get_int64 (stmt, 0);
  u->login = fcrm_stmt_dup_text (stmt, 1);
  u->name = fcrm_stmt_dup_text (stmt, 2);
  if (!fcrm_role_from_string (fcrm_stmt_get_text (stmt, 3), &u->role))
    u->role = FCRM_ROLE_MANAGER;
  u->active = fcrm_stmt_get_int64 (stmt, 4) != 0;
  return u;
}

FcrmUser *
fcrm_crm_find_user (FcrmCrm    *self,
                    const char *login,
                    GError    **error)
{
  FcrmStmt *stmt;
  FcrmUser *user = NULL;
  GError *local = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             "SELECT id, login, name, role, active FROM users WHERE login = ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, login != NULL ? login : "");
  if (fcrm_stmt_step (stmt, &local))
    user = fcrm_crm_user_from_stmt (stmt);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  if (user == NULL)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND,
                 _("There is no user “%s”; add them with “user add” first."), login != NULL ? login : "");
  return user;
}

GPtrArray *
fcrm_crm_list_users (FcrmCrm *self,
                     GError **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             "SELECT id, login, name, role, active FROM users ORDER BY name, login", error);
  if (stmt == NULL)
    return NULL;
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (users, fcrm_crm_user_from_stmt (stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&users);
}

static gboolean
login_is_valid (const char *login)
{
  if (login == NULL || *login == '\0' || strlen (login) > 64)
    return FALSE;
  for (const char *p = login; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return g_ascii_isalpha (login[0]);
}

FcrmUser *
fcrm_crm_user_add (FcrmCrm    *self,
                   const char *login,
                   const char *name,
                   const char *role,
                   GError    **error)
{
  return fcrm_crm_user_add_with_password (self, login, name, role, NULL, error);
}

FcrmUser *
fcrm_crm_user_add_with_password (FcrmCrm    *self,
                                 const char *login,
                                 const char *name,
                                 const char *role,
                                 const char *password,
                                 GError    **error)
{
  g_autofree char *clean_name = NULL;
  g_autoptr(FcrmUser) existing = NULL;
  FcrmRole r;
  FcrmStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  if (!login_is_valid (login))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid login: use Latin letters, digits, “.”, “_” or “-”, starting with a letter."),
                   login != NULL ? login : "");
      return NULL;
    }
  clean_name = g_strstrip (fcrm_text_sanitize (name != NULL ? name : "", FALSE));
  if (*clean_name == '\0' || g_utf8_strlen (clean_name, -1) > 200 || !g_utf8_validate (clean_name, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("A user needs a display name of at most 200 characters."));
      return NULL;
    }
  if (!fcrm_role_from_string (role, &r))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a role; choose manager, designer or supervisor."), role != NULL ? role : "");
      return NULL;
    }
  existing = fcrm_crm_find_user (self, login, NULL);
  if (existing != NULL)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED, _("The login “%s” is already taken."), login);
      return NULL;
    }

  if (!fcrm_crm_begin (self, error))
    return NULL;
  stmt = fcrm_store_prepare (self->store,
                             "INSERT INTO users (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, login);
      fcrm_stmt_bind_text (stmt, 2, clean_name);
      fcrm_stmt_bind_text (stmt, 3, fcrm_role_to_string (r));
      fcrm_stmt_bind_int64 (stmt, 4, fcrm_clock_now (self->clock));
      ok = fcrm_stmt_run (stmt, error);
    }
  ok = ok && fcrm_store_create_login (self->store, login, password, fcrm_role_to_string (r), error);
  if (!fcrm_crm_finish (self, ok, error))
    return NULL;
  return fcrm_crm_find_user (self, login, error);
}

gboolean
fcrm_crm_user_set_active (FcrmCrm    *self,
                          const char *login,
                          gboolean    active,
                          GError    **error)
{
  g_autoptr(FcrmUser) user = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (self->actor != NULL && self->actor->role != FCRM_ROLE_SUPERVISOR)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED, _("Only a supervisor decides who works here."));
      return FALSE;
    }
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  user = fcrm_crm_find_user (self, login, error);
  ok = user != NULL &&
       fcrm_store_run (self->store, "UPDATE users SET active = ?, updated = updated + 1 WHERE id = ? AND active <> ?",
                       error, "iii", (gint64) (active ? 1 : 0), user->id, (gint64) (active ? 1 : 0));
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_set_actor (FcrmCrm    *self,
                    const char *login,
                    GError    **error)
{
  g_autoptr(FcrmUser) user = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (self->server_login != NULL && g_strcmp0 (login, self->server_login) != 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                   _("On the office server you act as yourself (%s); sign in as “%s” to act as them."),
                   self->server_login, login != NULL ? login : "");
      return FALSE;
    }
  if (login != NULL)
    {
      user = fcrm_crm_find_user (self, login, error);
      if (user == NULL)
        return FALSE;
    }
  g_set_object (&self->actor, user);
  return TRUE;
}

FcrmUser *
fcrm_crm_get_actor (FcrmCrm *self)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return self->actor;
}

void
fcrm_history_entry_free (FcrmHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->stage);
  g_free (entry->user_login);
  g_free (entry);
}
