#pragma once

#include "fcrm-clients.h"
#include "fcrm-crm.h"
#include "fcrm-table.h"

G_BEGIN_DECLS

/* The lists of the program as tables to export: what a board or a task list
 * shows, a row per item, linked to it. Read them on a worker
 * (fcrm_crm_read_async()). */

/** The open leads (@pipeline "lead") or deals of @pipeline, newest first:
 * number, title, stage, client, company, budget, responsible, source,
 * created, days in stage, next task, its due date. */
FcrmTable *fcrm_table_read_board  (FcrmCrm     *crm,
                                   const char  *pipeline,
                                   GError     **error);
/** Open tasks: @login's (NULL: everybody's), of @kind (NULL: every kind);
 * title, due, responsible, client, phone, lead or deal. @title names the table. */
FcrmTable *fcrm_table_read_tasks  (FcrmCrm     *crm,
                                   const char  *title,
                                   const char  *login,
                                   const char  *kind,
                                   GError     **error);
/** The contacts (@companies FALSE) or companies the Contacts or Companies
 * list shows: those matching @query (NULL or "": all), in @sort order.
 * Contacts: number, name, company, phones, e-mails, address, birthday, last
 * activity; companies: number, name, INN, KPP, address, last activity. */
FcrmTable *fcrm_table_read_clients (FcrmCrm        *crm,
                                    gboolean        companies,
                                    const char     *query,
                                    FcrmClientSort  sort,
                                    GError        **error);

G_END_DECLS
