#pragma once

#include <gio/gio.h>

#include "fcrm-clients.h"
#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Reads off the main loop. Each FcrmCrm has one worker thread with its own
 * connection to the same database (a second reader on a SQLite file in WAL
 * mode, a second session with the same credentials on the office server),
 * opened on first use and closed when the FcrmCrm goes. Jobs run one after
 * the other, in the order they were asked for; each read is its own
 * transaction, so it sees every change committed before it started, the
 * main connection's included. A job reads as the FcrmCrm's actor at the
 * moment it was asked for, with the same "now" (its clock, read then).
 *
 * Results arrive on the thread-default main context of the caller, who calls
 * the matching _finish there. A cancelled job never delivers its result:
 * _finish gives G_IO_ERROR_CANCELLED (a job cancelled before it started does
 * not touch the database). When the worker's connection cannot be opened,
 * every job asked for meanwhile fails with that error; the next one tries
 * again. Writes stay synchronous on the FcrmCrm itself, but for the
 * notifier's background check (fcrm-crm-async-notify.h). */

/**
 * FcrmReadFunc:
 * @worker: the worker's FcrmCrm: call the ordinary reading facade functions on it
 * @data: the data given to fcrm_crm_read_async()
 * @error: where to put an error
 *
 * Runs on the worker thread. It must only read, and must not keep @worker.
 *
 * Returns: the result (NULL with @error set on failure)
 */
typedef gpointer (*FcrmReadFunc) (FcrmCrm  *worker,
                                  gpointer  data,
                                  GError  **error);

/** Run @func on the worker of @self; @callback gets the result on the
 * caller's main context. @data_free (may be NULL) frees @data afterwards, on
 * the caller's thread; @result_free frees a result nobody collects (a
 * cancelled job's). */
void       fcrm_crm_read_async          (FcrmCrm             *self,
                                         FcrmReadFunc         func,
                                         gpointer             data,
                                         GDestroyNotify       data_free,
                                         GDestroyNotify       result_free,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/** The result of @func (owned by the caller), or NULL with @error set. */
gpointer   fcrm_crm_read_finish         (FcrmCrm             *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* One board column: rows and, when asked for, the column's count and sum. */
typedef struct
{
  GPtrArray *items;    /* FcrmItem, after the key asked for; empty when no rows were asked for */
  gint64     count;    /* -1 when totals were not asked for */
  gint64     sum;      /* kopecks; -1 when totals were not asked for */
} FcrmStagePage;

void fcrm_stage_page_free (FcrmStagePage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmStagePage, fcrm_stage_page_free)

/** fcrm_crm_stage_page_filtered() (@limit 0: no rows) and, with
 * @with_totals, fcrm_crm_stage_totals_filtered() in one job. @filter and
 * @after are copied (NULL: all cards, newest in the stage first; from the top). */
void           fcrm_crm_stage_page_async  (FcrmCrm               *self,
                                           const char            *stage,
                                           const FcrmBoardFilter *filter,
                                           const FcrmBoardKey    *after,
                                           guint                  limit,
                                           gboolean               with_totals,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
FcrmStagePage *fcrm_crm_stage_page_finish (FcrmCrm               *self,
                                           GAsyncResult          *result,
                                           GError               **error);

/* Everything a lead's or deal's card shows, read in one job. */
typedef struct
{
  FcrmItem  *item;           /* the lead or deal */
  FcrmItem  *linked;         /* a lead: the deal it became; a deal: the lead it came
                              * from; NULL when none or not visible */
  GPtrArray *history;        /* FcrmHistoryEntry, oldest first */
  GPtrArray *comments;       /* FcrmComment, newest first */
  GPtrArray *tasks;          /* FcrmTask, open by due date, then done */
  GPtrArray *notifications;  /* FcrmNotification about the item, newest first */
  GPtrArray *participants;   /* FcrmUser taking part (deals; empty for a lead) */
  GPtrArray *attachments;    /* FcrmAttachment, without content, oldest first */
  GPtrArray *users;          /* FcrmUser, everybody (choices, names on the timeline) */

  /* a lead's or deal's card: its client (NULL when none); a client's card
   * (item NULL; history, tasks, notifications, participants NULL; comments,
   * attachments and users as above, the client's own): the client */
  FcrmContact *contact;
  FcrmCompany *company;
  GPtrArray   *leads;        /* FcrmItem, the client's leads the person may see, newest first */
  GPtrArray   *deals;        /* FcrmItem, likewise */
  GPtrArray   *contacts;     /* a company's: FcrmContact, by name */
  GPtrArray   *item_tasks;   /* FcrmTask of those leads and deals (up to
                              * FCRM_CLIENT_CARD_ITEMS of each, the newest):
                              * open ones by due date (none last), then done */
  GPtrArray   *item_comments; /* FcrmComment on them, newest first */
  /* Repair deals (NULL for others): the client's Manufacturing deals
   * (fcrm_crm_deal_client_manufacturing()) and the warranty
   * (fcrm_crm_deal_warranty(): 1 under, 0 ended, -1 unknown; its last day) */
  GPtrArray *manufacturing;
  int        warranty;
  gint64     warranty_until;
  /* a deal's: the stage of its pipeline that hands it over to another
   * (fcrm_crm_handover_stage()), or NULL */
  char      *handover_stage;
} FcrmCardData;

/** How many of a client's newest leads, and of its deals, a client's card
 * gathers tasks and comments from. */
#define FCRM_CLIENT_CARD_ITEMS 25

void fcrm_card_data_free (FcrmCardData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmCardData, fcrm_card_data_free)

/** What @data's card is about: its item's, contact's or company's type and
 * id; the version the card's edits are based on is returned. */
gint64 fcrm_card_data_get_entity (FcrmCardData   *data,
                                  FcrmEntityType *out_type,
                                  gint64         *out_id);

/** Load a card: an unknown (or, on the office server, invisible) item gives
 * FCRM_ERROR_NOT_FOUND; any other failed read fails the whole load. @type
 * FCRM_ENTITY_CONTACT or _COMPANY loads a client's card. */
void          fcrm_crm_card_load_async    (FcrmCrm             *self,
                                           FcrmEntityType       type,
                                           gint64               id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FcrmCardData *fcrm_crm_card_load_finish   (FcrmCrm             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/** fcrm_crm_lead_get() / fcrm_crm_deal_get() off the main loop (a card's
 * "did it change?" check, the board's menu). */
void          fcrm_crm_item_get_async     (FcrmCrm             *self,
                                           FcrmEntityType       type,
                                           gint64               id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FcrmItem     *fcrm_crm_item_get_finish    (FcrmCrm             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/** fcrm_crm_list_users() off the main loop: a GPtrArray of FcrmUser. */
void          fcrm_crm_list_users_async   (FcrmCrm             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray    *fcrm_crm_list_users_finish  (FcrmCrm             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/** fcrm_crm_attachment_content() off the main loop (thumbnails, open, save as). */
void          fcrm_crm_attachment_content_async  (FcrmCrm             *self,
                                                  gint64               attachment_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GBytes       *fcrm_crm_attachment_content_finish (FcrmCrm             *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
