#pragma once

#include <gio/gio.h>

#include "fcrm-clients.h"

G_BEGIN_DECLS

#define FCRM_CLIENT_MODEL_PAGE_SIZE 50

#define FCRM_TYPE_CLIENT_MODEL (fcrm_client_model_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientModel, fcrm_client_model, FCRM, CLIENT_MODEL, GObject)

/* A GListModel of FcrmContact (or FcrmCompany) for the Contacts and
 * Companies views: the rows read so far, from the top, matching a query, in
 * a sort order. It never waits for the database: pages are read by the
 * FcrmCrm's worker (fcrm-crm-async.h), a page of FCRM_CLIENT_MODEL_PAGE_SIZE
 * at a time, each after the last row held (keyset paging: a deep page costs
 * what the first one does). A new query or sort drops what an older one
 * asked for (cancelled, its answer ignored). There is no total count: the
 * number of rows held is exact once "has-more" is FALSE. */

/** An empty model that starts reading its first page (property "loading"). */
FcrmClientModel *fcrm_client_model_new        (FcrmCrm         *crm,
                                               gboolean         companies);
/** TRUE: companies; FALSE: contacts. */
gboolean         fcrm_client_model_get_companies (FcrmClientModel *self);
/** Keep only the rows matching @query (NULL or "": all); reads from the top. */
void             fcrm_client_model_set_query  (FcrmClientModel *self,
                                               const char      *query);
const char      *fcrm_client_model_get_query  (FcrmClientModel *self);
/** Sort by name, newest first or last activity (latest first); reads from the top. */
void             fcrm_client_model_set_sort   (FcrmClientModel *self,
                                               FcrmClientSort   sort);
FcrmClientSort   fcrm_client_model_get_sort   (FcrmClientModel *self);
/** TRUE while the first page of a query (or a refresh) is being read
 * (property "loading"). */
gboolean         fcrm_client_model_is_loading (FcrmClientModel *self);
/** TRUE when there may be rows the model has not read yet (property "has-more"). */
gboolean         fcrm_client_model_has_more   (FcrmClientModel *self);
/** Read the next page and append it; a no-op when there is none or one is
 * being read. */
void             fcrm_client_model_load_more  (FcrmClientModel *self);
/** Re-read the rows held (at most the first 10 pages) from the top; rows
 * that did not change stay as they are (the list keeps its place). */
void             fcrm_client_model_refresh    (FcrmClientModel *self);

G_END_DECLS
