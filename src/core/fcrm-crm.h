#pragma once

#include <gio/gio.h>

#include "fcrm-types.h"
#include "fcrm-clock.h"
#include "fcrm-item.h"
#include "fcrm-pipeline.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CRM (fcrm_crm_get_type ())
G_DECLARE_FINAL_TYPE (FcrmCrm, fcrm_crm, FCRM, CRM, GObject)

/* Input of lead_add: text as the user typed it; validation happens in core. */
typedef struct
{
  const char *title;
  const char *name;
  const char *phone;
  const char *email;
  const char *company;
  const char *source;       /* NULL: "other" */
  const char *budget;       /* money text, NULL or "" for none */
  const char *comment;
  const char *responsible;  /* login; NULL: default manager / round-robin */
} FcrmLeadInput;

typedef struct
{
  const char *pipeline;     /* "manufacturing", "design", "repair" */
  const char *title;
  gint64      contact_id;   /* 0: none */
  gint64      company_id;   /* 0: none */
  const char *budget;
  const char *source;
  const char *responsible;  /* login; NULL: the acting user */
} FcrmDealInput;

typedef enum {
  FCRM_CONVERT_CONTACT = 1 << 0,
  FCRM_CONVERT_COMPANY = 1 << 1,
  FCRM_CONVERT_DEAL    = 1 << 2,
  FCRM_CONVERT_DEFAULT = FCRM_CONVERT_CONTACT | FCRM_CONVERT_COMPANY | FCRM_CONVERT_DEAL,
} FcrmConvertFlags;

typedef struct
{
  gint64 lead_id;
  gint64 contact_id;
  gint64 company_id;
  gint64 deal_id;
} FcrmConvertResult;

typedef struct
{
  guint   leads;
  guint   deals;
  guint   contacts;
  guint32 seed;
} FcrmDemoOptions;

typedef struct
{
  char   *stage;
  gint64  entered_at;
  gint64  left_at;          /* 0 while current */
  char   *user_login;
} FcrmHistoryEntry;

void fcrm_history_entry_free (FcrmHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmHistoryEntry, fcrm_history_entry_free)

/** Open the existing database at @location (a file or a postgresql:// URI);
 * a missing file or an empty database is refused with FCRM_ERROR_NO_DATABASE.
 * Nothing is written unless the schema must be upgraded or the template
 * completed; a read-only file opens for reading. @clock may be NULL for real time. */
FcrmCrm    *fcrm_crm_open              (const char      *location,
                                        FcrmClock       *clock,
                                        GError         **error);
/** The same; with FCRM_OPEN_CREATE a missing file or an empty database is
 * created and set up (schema and furniture template): what "init" does. */
FcrmCrm    *fcrm_crm_open_full         (const char      *location,
                                        FcrmClock       *clock,
                                        FcrmOpenFlags    flags,
                                        GError         **error);
/** The default database: $FURNITURE_CRM_DB, else $XDG_DATA_HOME/furniture-crm/crm.sqlite3. */
char       *fcrm_crm_default_location  (void);
FcrmClock  *fcrm_crm_get_clock         (FcrmCrm         *self);
/** TRUE when the database cannot be written (a read-only file or folder). */
gboolean    fcrm_crm_is_read_only      (FcrmCrm         *self);
/** Wait at most @ms for another writer's lock, then fail with
 * FCRM_ERROR_BUSY (a server that must answer promptly). */
gboolean    fcrm_crm_set_lock_timeout  (FcrmCrm         *self,
                                        guint            ms,
                                        GError         **error);
/** Reads from now on pass over many rows once (a command-line list streamed
 * to its end): memory stays small whatever the size of the data. */
void        fcrm_crm_set_scan_mode     (FcrmCrm         *self);
/** Changes whenever another program commits to the database (live refresh). */
gint64      fcrm_crm_data_version      (FcrmCrm         *self);
/** TRUE when the database can be reached; on an office server a broken
 * connection is re-established here (between actions only). */
gboolean    fcrm_crm_check_connection  (FcrmCrm         *self,
                                        GError         **error);
/** TRUE on an office server when signed in as its administrator (the owner
 * of the tables, who adds people); FALSE for a database file. */
gboolean    fcrm_crm_is_server_admin   (FcrmCrm         *self);
/** TRUE on an office server, where several connections write at once
 * (FALSE for a database file: one writer at a time). */
gboolean    fcrm_crm_is_office_server  (FcrmCrm         *self);
/** The user on whose behalf actions are recorded; NULL for the system. */
gboolean    fcrm_crm_set_actor         (FcrmCrm         *self,
                                        const char      *login,
                                        GError         **error);
FcrmUser   *fcrm_crm_get_actor         (FcrmCrm         *self);
/** Install the template (pipelines, stages, loss reasons, robots); idempotent. */
gboolean    fcrm_crm_install_template  (FcrmCrm         *self,
                                        GError         **error);
/** TRUE when the database holds no leads, deals or contacts. */
gboolean    fcrm_crm_is_empty          (FcrmCrm         *self);

/* Pipelines, stages, robots */
/** Pipelines in order (leads first), each with its stages in order. */
GPtrArray  *fcrm_crm_list_pipelines    (FcrmCrm         *self);
FcrmPipeline *fcrm_crm_get_pipeline    (FcrmCrm         *self,
                                        const char      *code);
FcrmStage  *fcrm_crm_get_stage         (FcrmCrm         *self,
                                        const char      *code);
/** Robots, optionally of one stage, in template order. */
GPtrArray  *fcrm_crm_list_robots       (FcrmCrm         *self,
                                        const char      *stage,
                                        GError         **error);
/** The open stage of @pipeline that hands its deals over to another pipeline
 * (an enabled on-entry robot moves them on: Design's "To installation"), or
 * NULL when it has none (@error set only when the robots cannot be read). */
char       *fcrm_crm_handover_stage    (FcrmCrm         *self,
                                        const char      *pipeline,
                                        GError         **error);
/** Loss reason codes in order. */
const char * const *fcrm_crm_loss_reasons (void);
/** A loss reason's name in the user's language. */
const char *fcrm_loss_reason_display_name (const char   *code);

/* Users */
FcrmUser   *fcrm_crm_user_add          (FcrmCrm         *self,
                                        const char      *login,
                                        const char      *name,
                                        const char      *role,
                                        GError         **error);
/** The same; on an office server the login also becomes a database role with @password. */
FcrmUser   *fcrm_crm_user_add_with_password (FcrmCrm    *self,
                                        const char      *login,
                                        const char      *name,
                                        const char      *role,
                                        const char      *password,
                                        GError         **error);
/** A person leaves (@active FALSE) or comes back: an inactive user signs in
 * to nothing, is offered for no item and gets no reminders (robots then
 * tell the supervisors). Supervisors and the administrator only; on the
 * office server the administrator (people are server roles). */
gboolean    fcrm_crm_user_set_active   (FcrmCrm         *self,
                                        const char      *login,
                                        gboolean         active,
                                        GError         **error);
GPtrArray  *fcrm_crm_list_users        (FcrmCrm         *self,
                                        GError         **error);
FcrmUser   *fcrm_crm_find_user         (FcrmCrm         *self,
                                        const char      *login,
                                        GError         **error);

/* Leads */
FcrmItem   *fcrm_crm_lead_add          (FcrmCrm             *self,
                                        const FcrmLeadInput *input,
                                        GError             **error);
FcrmItem   *fcrm_crm_lead_get          (FcrmCrm         *self,
                                        gint64           id,
                                        GError         **error);
GPtrArray  *fcrm_crm_lead_list         (FcrmCrm         *self,
                                        const char      *stage,
                                        GError         **error);
/** Move a lead; a lead.to_* stage converts it with the default choices. */
/** Leads in id order after @after_id (0: from the first), at most @limit, at
 * @stage (NULL: all): a page whose cost does not grow with the data. */
GPtrArray  *fcrm_crm_lead_page         (FcrmCrm         *self,
                                        const char      *stage,
                                        gint64           after_id,
                                        guint            limit,
                                        GError         **error);
/** Deals likewise, of @pipeline and/or at @stage (NULL: any). */
GPtrArray  *fcrm_crm_deal_page         (FcrmCrm         *self,
                                        const char      *pipeline,
                                        const char      *stage,
                                        gint64           after_id,
                                        guint            limit,
                                        GError         **error);
/** Closed leads (junk, converted) or deals (won, lost), in id order after
 * @after_id, at most @limit: what the boards no longer show. */
GPtrArray  *fcrm_crm_closed_page       (FcrmCrm         *self,
                                        FcrmEntityType   type,
                                        gint64           after_id,
                                        guint            limit,
                                        GError         **error);
/** Closed leads (junk, converted; @pipeline ignored) or closed deals of
 * @pipeline (won, lost) that entered their closing stage at or after @since
 * (Unix seconds; 0: any time), newest first: those with an id below
 * @before_id (0: from the newest), at most @limit (keyset paging). */
GPtrArray  *fcrm_crm_closed_page_filtered (FcrmCrm      *self,
                                        FcrmEntityType   type,
                                        const char      *pipeline,
                                        gint64           since,
                                        gint64           before_id,
                                        guint            limit,
                                        GError         **error);
gboolean    fcrm_crm_lead_move         (FcrmCrm         *self,
                                        gint64           id,
                                        const char      *stage,
                                        GError         **error);

/** Convert a lead (SPEC §3.3): the chosen of contact / company / deal are
 * created (a contact only when the lead has a name, phone or e-mail and no
 * linked contact; a company only when it has a company name). */
gboolean    fcrm_crm_lead_convert      (FcrmCrm           *self,
                                        gint64             id,
                                        const char        *pipeline,
                                        FcrmConvertFlags   flags,
                                        FcrmConvertResult *result,
                                        GError           **error);
/** Mark a lead as junk, with an optional comment. */
gboolean    fcrm_crm_lead_junk         (FcrmCrm         *self,
                                        gint64           id,
                                        const char      *comment,
                                        GError         **error);

/** Set one field of a lead (title name phone email company comment budget
 * responsible source) from text; @expected_version is the `updated` counter
 * the editor read, or -1. A stale one gives FCRM_ERROR_CONFLICT. */
gboolean    fcrm_crm_lead_set          (FcrmCrm         *self,
                                        gint64           id,
                                        const char      *field,
                                        const char      *value,
                                        gint64           expected_version,
                                        GError         **error);

typedef struct
{
  gint64   contact_id;   /* the known client, or 0 */
  gint64   lead_id;      /* their latest open lead, or the new call lead */
  gboolean created;      /* a new lead was made */
} FcrmCallResult;

/** An incoming call: a known number finds its contact and open lead; an
 * unknown one becomes a `call` lead in Unprocessed. */
gboolean    fcrm_crm_incoming_call     (FcrmCrm         *self,
                                        const char      *phone,
                                        FcrmCallResult  *result,
                                        GError         **error);

/* Deals */
FcrmItem   *fcrm_crm_deal_add          (FcrmCrm             *self,
                                        const FcrmDealInput *input,
                                        GError             **error);
FcrmItem   *fcrm_crm_deal_get          (FcrmCrm         *self,
                                        gint64           id,
                                        GError         **error);
GPtrArray  *fcrm_crm_deal_list         (FcrmCrm         *self,
                                        const char      *pipeline,
                                        const char      *stage,
                                        GError         **error);
gboolean    fcrm_crm_deal_move         (FcrmCrm         *self,
                                        gint64           id,
                                        const char      *stage,
                                        GError         **error);
/** Close a deal as won. */
gboolean    fcrm_crm_deal_win          (FcrmCrm         *self,
                                        gint64           id,
                                        GError         **error);
/** Lose a deal with a reason (expensive, not_relevant, no_response, other);
 * runs the lost-deal process (callback task, "specify the reason" task). */
gboolean    fcrm_crm_deal_lose         (FcrmCrm         *self,
                                        gint64           id,
                                        const char      *reason,
                                        const char      *comment,
                                        GError         **error);
/** Reopen a won or lost deal at an open @stage of its pipeline: a new stage
 * entry (the history keeps the closing), its robots start anew, the closing
 * date and loss reason are cleared. Refused for an open deal. */
gboolean    fcrm_crm_deal_reopen       (FcrmCrm         *self,
                                        gint64           id,
                                        const char      *stage,
                                        GError         **error);
/** A junk lead back to In progress (a new stage entry). Refused unless junk. */
gboolean    fcrm_crm_lead_restore      (FcrmCrm         *self,
                                        gint64           id,
                                        GError         **error);
/** A repair deal's warranty: the date typed on it, else the latest won
 * Manufacturing deal of the same client (contact or company) — its
 * installation date, else delivery date — plus the warranty period
 * (setting "warranty_months", default 12). @out_until: that last day (0:
 * unknown); @out_from_deal: the deal it comes from (0: typed or unknown).
 * Returns 1 under warranty today, 0 ended, -1 unknown or on error. */
int         fcrm_crm_deal_warranty     (FcrmCrm         *self,
                                        FcrmItem        *deal,
                                        gint64          *out_until,
                                        gint64          *out_from_deal,
                                        GError         **error);
/** The users taking part in a deal (FcrmUser), by name. */
GPtrArray  *fcrm_crm_deal_participants (FcrmCrm         *self,
                                        gint64           deal_id,
                                        GError         **error);
/** Whether the acting person may decide who takes part in @deal: its
 * responsible, any manager while it has none, supervisors (anyone may take
 * themselves off). */
gboolean    fcrm_crm_may_change_participants (FcrmCrm  *self,
                                        FcrmItem        *deal);
/** Let an active user take part in a deal (on an office server they then
 * see it); a no-op when they already do. */
gboolean    fcrm_crm_deal_add_participant (FcrmCrm      *self,
                                        gint64           deal_id,
                                        const char      *login,
                                        GError         **error);
/** Take a user off a deal's participants; a no-op when they are not one. */
gboolean    fcrm_crm_deal_remove_participant (FcrmCrm   *self,
                                        gint64           deal_id,
                                        const char      *login,
                                        GError         **error);
/** Stage history of a lead or deal, oldest first. */
GPtrArray  *fcrm_crm_history           (FcrmCrm         *self,
                                        FcrmEntityType   type,
                                        gint64           id,
                                        GError         **error);

/** Move a lead or deal (what a board drop does). */
gboolean    fcrm_crm_item_move         (FcrmCrm         *self,
                                        FcrmEntityType   type,
                                        gint64           id,
                                        const char      *stage,
                                        GError         **error);

typedef enum {
  FCRM_BOARD_SORT_STAGE_ENTERED,   /* newest in the stage first (default) */
  FCRM_BOARD_SORT_BUDGET,          /* largest budget first */
  FCRM_BOARD_SORT_CREATED,         /* newest first */
} FcrmBoardSort;

typedef struct
{
  gint64         responsible_id;   /* 0: anyone; -1: nobody responsible */
  const char    *source;           /* NULL: any source */
  FcrmBoardSort  sort;
} FcrmBoardFilter;

/** The manager new leads go to when none is given (login), or NULL for round-robin. */
char       *fcrm_crm_get_default_manager (FcrmCrm       *self);
/** Set it (an active manager's login), or NULL/"" for round-robin over active managers. */
/** Whether the acting person may choose who gets new leads (supervisors). */
gboolean    fcrm_crm_may_set_default_manager (FcrmCrm *self);
gboolean    fcrm_crm_set_default_manager (FcrmCrm       *self,
                                        const char      *login,
                                        GError         **error);

/* Where a page of a board column starts: right after the card whose sort
 * value (stage_entered_at, budget or created_at, as the filter sorts) and id
 * are these — the last card of the page before (keyset paging: a page
 * deep down a column costs what the first one does). */
typedef struct
{
  gint64 sort_value;
  gint64 id;
} FcrmBoardKey;

/** The key of @item in a column sorted by @sort: the next page starts after it. */
FcrmBoardKey fcrm_board_key_of         (const FcrmItem *item,
                                        FcrmBoardSort   sort);

/** Count and budget sum of one stage column, filtered. On a database file
 * they are kept up to date by the database itself (a few rows are summed);
 * on the office server the cards the person may see are counted. */
gboolean    fcrm_crm_stage_totals_filtered (FcrmCrm               *self,
                                        const char            *stage,
                                        const FcrmBoardFilter *filter,
                                        gint64                *out_count,
                                        gint64                *out_sum,
                                        GError               **error);
/** Up to @limit cards of a stage column, filtered and sorted, from the top
 * (@after NULL) or after the card @after names. */
GPtrArray  *fcrm_crm_stage_page_filtered (FcrmCrm               *self,
                                        const char            *stage,
                                        const FcrmBoardFilter *filter,
                                        const FcrmBoardKey    *after,
                                        guint                  limit,
                                        GError               **error);
/** Count and budget sum of one stage column. */
gboolean    fcrm_crm_stage_totals      (FcrmCrm         *self,
                                        const char      *stage,
                                        gint64          *out_count,
                                        gint64          *out_sum,
                                        GError         **error);
/** Cards of a stage column, newest stage entry first, from the top (@after
 * NULL) or after the card @after names. */
GPtrArray  *fcrm_crm_stage_page        (FcrmCrm            *self,
                                        const char         *stage,
                                        const FcrmBoardKey *after,
                                        guint               limit,
                                        GError            **error);

/** Generate a realistic data set in one transaction. */
gboolean    fcrm_crm_demo              (FcrmCrm               *self,
                                        const FcrmDemoOptions *options,
                                        GError               **error);

G_END_DECLS
