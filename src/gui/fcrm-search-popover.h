#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_SEARCH_POPOVER (fcrm_search_popover_get_type ())
G_DECLARE_FINAL_TYPE (FcrmSearchPopover, fcrm_search_popover, FCRM, SEARCH_POPOVER, GtkPopover)

/** The header's global search (issue 11): results as you type (after a
 * pause of 150 ms, read off the main loop, an older read cancelled),
 * grouped as Leads, Deals, Contacts, Companies. Down moves into the
 * results, Enter opens one (app.open-item with "lead", "deal", "contact" or
 * "company" and its id), Escape closes. */
void            fcrm_search_popover_set_crm   (FcrmSearchPopover *self,
                                               FcrmCrm           *crm);
GtkSearchEntry *fcrm_search_popover_get_entry (FcrmSearchPopover *self);
/** The results shown (rows of the list, in order), for tests: their kind
 * ("lead"…) and id at @position; FALSE past the end. */
gboolean        fcrm_search_popover_get_result (FcrmSearchPopover *self,
                                                guint              position,
                                                const char       **out_kind,
                                                gint64            *out_id);
/** "hint" (too short), "empty" (nothing found) or "results". */
const char     *fcrm_search_popover_get_state (FcrmSearchPopover *self);
/** TRUE while a search is waiting for its pause or its answer. */
gboolean        fcrm_search_popover_is_busy   (FcrmSearchPopover *self);

G_END_DECLS
