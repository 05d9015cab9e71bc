#pragma once

#include <adwaita.h>

#include "fcrm-client-model.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CLIENTS_VIEW (fcrm_clients_view_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientsView, fcrm_clients_view, FCRM, CLIENTS_VIEW, GtkWidget)

/** The Contacts (@companies FALSE) or Companies view (SPEC §4): a paged,
 * filtered list read off the main loop; a row opens its card
 * (app.open-item); two rows, or a suggested pair from "Duplicates", can be
 * merged (FcrmMergeDialog) with Undo in a toast. Re-reads itself after
 * FcrmCrm::changed. */
GtkWidget       *fcrm_clients_view_new          (FcrmCrm         *crm,
                                                 gboolean         companies);
gboolean         fcrm_clients_view_get_companies (FcrmClientsView *self);
/** The rows read so far. */
FcrmClientModel *fcrm_clients_view_get_model    (FcrmClientsView *self);
/** Re-read the rows shown (and the duplicates, once asked for). */
void             fcrm_clients_view_reload       (FcrmClientsView *self);
/** The ids of the contacts selected (none in the Companies view). */
GArray          *fcrm_clients_view_dup_selected_contacts (FcrmClientsView *self);
/** Open the card of the row at @position, as a double click or Enter does. */
void             fcrm_clients_view_activate_row (FcrmClientsView *self,
                                                 guint            position);
/** The merge dialog opened last and still open, or NULL. */
GtkWindow       *fcrm_clients_view_get_merge_dialog (FcrmClientsView *self);
/** The toast of the latest merge (its Undo), or NULL. */
AdwToast        *fcrm_clients_view_get_last_toast (FcrmClientsView *self);
/** Open the merge dialog for two rows (FcrmContact or FcrmCompany). */
void             fcrm_clients_view_merge        (FcrmClientsView *self,
                                                 GObject         *first,
                                                 GObject         *second);

G_END_DECLS
