#pragma once

#include "fcrm-crm.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-error.h"

G_BEGIN_DECLS

typedef struct _FcrmWorker FcrmWorker;

/* Other desktops' commits told from the worker's own (fcrm-crm-async-notify.c). */
typedef struct
{
  gint     writing;    /* atomic: the worker runs a job that may commit */
  gint     commits;    /* atomic: jobs of the worker that committed, so far */
  gint     absorbed;   /* main thread: of those, how many data_version has taken in */
  gboolean known;      /* main thread: version was read once */
  gint64   version;    /* main thread: data_version as last taken in */
} FcrmOutsideWatch;

struct _FcrmCrm
{
  GObject     parent_instance;
  FcrmStore  *store;
  FcrmClock  *clock;
  FcrmUser   *actor;
  char       *server_login; /* office server: the signed-in person, who can act as nobody else */
  GPtrArray  *pipelines;   /* FcrmPipeline, loaded after the template */
  GHashTable *stages;      /* code → FcrmStage (borrowed from pipelines) */
  GHashTable *robot_cache; /* stage → GPtrArray of enabled FcrmRobot, per transaction */
  gint64      known_active; /* a person just read as active in this transaction step (0: none) */
  FcrmWorker *worker;      /* reads off the main loop (fcrm-crm-async.c); NULL until used */
  FcrmOutsideWatch outside; /* see fcrm_crm_poll_outside_change() */
};

/* What a connection of its own needs to act as @self on another thread
 * (an import, a restore): taken on the caller's thread, opened on the
 * worker's, which then closes it there. */
typedef struct
{
  FcrmStore  *main_store;   /* only asked to open another connection */
  FcrmClock  *clock;
  FcrmUser   *actor;
  GPtrArray  *pipelines;    /* immutable once loaded: shared */
  GHashTable *stages;
  char       *server_login;
} FcrmCrmSeed;

FcrmCrmSeed *fcrm_crm_seed_new  (FcrmCrm      *self);
void         fcrm_crm_seed_free (FcrmCrmSeed  *seed);
/* A FcrmCrm on a new connection to the same database, as the same person
 * with the same clock. */
FcrmCrm     *fcrm_crm_seed_open (FcrmCrmSeed  *seed,
                                 GError      **error);

/* Progress told from a worker thread on the main context of the thread
 * that made the relay (fcrm-relay.c): @func(@a, @b, @user_data) with the
 * latest figures; a call with @last always arrives. Calls still on their
 * way keep the relay, and so @user_data, alive. */
typedef struct _FcrmRelay FcrmRelay;
typedef void (*FcrmRelayFunc) (double   a,
                               double   b,
                               gpointer user_data);

FcrmRelay *fcrm_relay_new   (FcrmRelayFunc  func,
                             gpointer       user_data,
                             GDestroyNotify user_data_free);
void       fcrm_relay_post  (FcrmRelay     *relay,
                             double         a,
                             double         b,
                             gboolean       last);
void       fcrm_relay_unref (FcrmRelay     *relay);

/* On the worker thread, once: it gives way to the thread that draws the
 * window when both want the processor (fcrm-crm-async-notify.c). */
void     fcrm_worker_yield_cpu  (void);
/* Stop the worker thread of @self, if it has one, and close its connection. */
void     fcrm_crm_stop_worker   (FcrmCrm        *self);

/* Internal steps; each expects an open transaction. */
/* Append the ids of the active supervisors (S of SPEC §2) to @ids. */
gboolean fcrm_crm_active_supervisors (FcrmCrm   *self,
                                 GArray         *ids,
                                 GError        **error);
gboolean fcrm_crm_enter_stage   (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 const char     *stage,
                                 gint64          now,
                                 guint           depth,
                                 GError        **error);
/* The same for a row just inserted at @stage and @now: nothing to leave. */
gboolean fcrm_crm_enter_first_stage (FcrmCrm    *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 const char     *stage,
                                 gint64          now,
                                 GError        **error);
/* The robots of @entry_id, the history entry just made for a new @item (its
 * id, type, title, stage, responsible and comment set): the server's
 * fcrm_lead_create() made the row and its entry in one round trip. */
gboolean fcrm_crm_entered_first_stage (FcrmCrm  *self,
                                 FcrmItem       *item,
                                 gint64          entry_id,
                                 gint64          now,
                                 GError        **error);
gboolean fcrm_crm_queue_robots  (FcrmCrm        *self,
                                 gint64          entry_id,
                                 const char     *stage,
                                 gint64          entered_at,
                                 gint64          visit_at,
                                 GError        **error);
/* fcrm_crm_lead_add() at @stage (an open or failure stage of leads, which
 * it enters as its first: its robots fire), without reading the lead back:
 * its id in @out_id (an import adds many). */
gboolean fcrm_crm_lead_insert   (FcrmCrm             *self,
                                 const FcrmLeadInput *input,
                                 const char          *stage,
                                 gint64              *out_id,
                                 GError             **error);
FcrmItem *fcrm_crm_load_item    (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 GError        **error);
gboolean fcrm_crm_insert_contact (FcrmCrm    *self,
                                 const char *name,
                                 const char *phone,
                                 const char *email,
                                 gint64      company_id,
                                 gint64      now,
                                 gint64     *out_id,
                                 GError    **error);
gboolean fcrm_crm_insert_company (FcrmCrm    *self,
                                 const char *name,
                                 gint64      now,
                                 gint64     *out_id,
                                 GError    **error);
/* Inside a transaction: the company named exactly @name (the oldest of that
 * name) or a new one. */
gboolean fcrm_crm_company_find_or_add (FcrmCrm  *self,
                                 const char *name,
                                 gint64      now,
                                 gint64     *out_id,
                                 GError    **error);
/** A database file: compute its column totals (stage_totals) again from the
 * leads and deals, inside the caller's transaction if any — for a bulk load
 * that would rather not keep them row by row. A no-op on the office server,
 * which counts. */
gboolean fcrm_crm_recount_stage_totals (FcrmCrm *self,
                                        GError **error);
gboolean fcrm_crm_insert_deal   (FcrmCrm    *self,
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
                                 GError    **error);
/* The lead or deal exists (and, on the office server, is visible). */
gboolean fcrm_crm_check_item    (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 GError        **error);
/* Inside a transaction: the lead or deal as it is now, kept so until the
 * commit (no other desktop changes it meanwhile): what an action checks
 * before it writes is read here, never before its transaction. */
FcrmItem *fcrm_crm_lock_item    (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 GError        **error);
/* Something about the item changed (a file, a comment): bump its `updated`
 * counter so open editors notice. Inside a transaction. */
gboolean fcrm_crm_touch_item    (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 gint64          now,
                                 GError        **error);
/* What a comment or a file may be about: a lead or deal (as check_item,
 * lock_item when @lock), or a contact or company that exists (a client's
 * row is not locked: everyone may comment on a client, not everyone may
 * change it). */
gboolean fcrm_crm_check_entity  (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 gboolean        lock,
                                 GError        **error);
/* A comment or file was added to or removed from @type @id: an item's
 * `updated` counter moves (touch_item); a client's card keeps its version,
 * its fields did not change. Inside a transaction. */
gboolean fcrm_crm_touch_entity  (FcrmCrm        *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 gint64          now,
                                 GError        **error);
void     fcrm_crm_emit_changed  (FcrmCrm        *self);
/* A user from a row of "id, login, name, role, active". */
FcrmUser *fcrm_crm_user_from_stmt (FcrmStmt     *stmt);

/* Transaction helpers: begin, then end with the outcome of the work. */
gboolean fcrm_crm_begin         (FcrmCrm        *self,
                                 GError        **error);
gboolean fcrm_crm_finish        (FcrmCrm        *self,
                                 gboolean        ok,
                                 GError        **error);
/* End a transaction that found nothing to do: nothing changed, so the views
 * are not told of a change either. */
gboolean fcrm_crm_finish_unchanged (FcrmCrm     *self,
                                 GError        **error);
/* The stage @code of a lead (or deal) pipeline, else FCRM_ERROR_NOT_FOUND. */
FcrmStage *fcrm_crm_target_stage (FcrmCrm       *self,
                                 FcrmEntityType  type,
                                 const char     *code,
                                 GError        **error);

/* `deal set` / `lead set` of "contact_id" or "company_id" (fcrm-item-client.c):
 * an id, or "" for none. */
gboolean fcrm_crm_item_set_client_field (FcrmCrm   *self,
                                 FcrmEntityType  type,
                                 gint64          id,
                                 const char     *field,
                                 const char     *value,
                                 gint64          expected_version,
                                 GError        **error);

/* Robots: a notification or task they make. */
gboolean fcrm_crm_notify         (FcrmCrm    *self,
                                  gint64      user_id,
                                  const char *text,
                                  FcrmItem   *item,
                                  gint64      robot_id,
                                  gint64      entry_id,
                                  gint64      now,
                                  GError    **error);
gboolean fcrm_crm_insert_task    (FcrmCrm    *self,
                                  const char *title,
                                  const char *description,
                                  const char *kind,
                                  gint64      due_at,
                                  gboolean    due_is_date,
                                  gint64      responsible_id,
                                  FcrmItem   *item,
                                  gint64      entry_id,
                                  gint64      now,
                                  GError    **error);

/* SQL of an item's next task (the board's cards, the stuck report): title,
 * then due_at * 2 + due_is_date. The open task due first, else one without a due date: each a walk of
 * tasks_entity in its order (an ORDER BY on "due_at IS NULL" would sort). */
#define FCRM_SQL_OPEN_TASKS(kind, alias) \
  " FROM tasks t WHERE t.entity_type = '" kind "' AND t.entity_id = " alias ".id AND t.done = 0"
#define FCRM_SQL_NEXT_TASK(kind, alias) \
  "coalesce ((SELECT t.title" FCRM_SQL_OPEN_TASKS (kind, alias) " AND t.due_at IS NOT NULL ORDER BY t.due_at LIMIT 1)," \
  " (SELECT t.title" FCRM_SQL_OPEN_TASKS (kind, alias) " AND t.due_at IS NULL LIMIT 1))," \
  "(SELECT t.due_at * 2 + t.due_is_date" FCRM_SQL_OPEN_TASKS (kind, alias) " AND t.due_at IS NOT NULL ORDER BY t.due_at LIMIT 1)"

G_END_DECLS
