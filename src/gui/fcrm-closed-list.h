#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

typedef enum {
  FCRM_CLOSED_THIS_MONTH,
  FCRM_CLOSED_THREE_MONTHS,
  FCRM_CLOSED_THIS_YEAR,
  FCRM_CLOSED_ALL,
} FcrmClosedPeriod;

#define FCRM_TYPE_CLOSED_LIST (fcrm_closed_list_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClosedList, fcrm_closed_list, FCRM, CLOSED_LIST, GtkWidget)

/** What a board's Closed switch shows (issue 11): the pipeline's won and
 * lost deals (junk and converted leads on the Leads board) closed within a
 * period, newest first, read a page at a time off the main loop. A row's
 * menu opens it, reopens a deal at an open stage of its pipeline, or
 * restores a junk lead, with a toast. */
GtkWidget  *fcrm_closed_list_new        (FcrmCrm          *crm,
                                         const char       *pipeline);
void        fcrm_closed_list_set_period (FcrmClosedList   *self,
                                         FcrmClosedPeriod  period);
/** Read the list again from the top. */
void        fcrm_closed_list_reload     (FcrmClosedList   *self);
/** The items read so far (FcrmItem). */
GListModel *fcrm_closed_list_get_model  (FcrmClosedList   *self);
/** TRUE while a page is being read. */
gboolean    fcrm_closed_list_is_loading (FcrmClosedList   *self);
/** What the row menu's "Reopen at @stage" does for deal @id; FALSE (a
 * toast says why) when refused. */
gboolean    fcrm_closed_list_reopen     (FcrmClosedList   *self,
                                         gint64            id,
                                         const char       *stage);
/** What the row menu's "Restore" does for junk lead @id. */
gboolean    fcrm_closed_list_restore    (FcrmClosedList   *self,
                                         gint64            id);
/** The last toast shown, or NULL. */
AdwToast   *fcrm_closed_list_get_last_toast (FcrmClosedList *self);

G_END_DECLS
