#pragma once

#include "fcrm-fields-group.h"

G_BEGIN_DECLS

#define FCRM_TYPE_CLIENT_FIELDS_GROUP (fcrm_client_fields_group_get_type ())
G_DECLARE_FINAL_TYPE (FcrmClientFieldsGroup, fcrm_client_fields_group, FCRM, CLIENT_FIELDS_GROUP, FcrmFieldsGroup)

/** The fields of a contact (@kind "contact": name, company, address,
 * birthday, comment) or a company ("company": name, INN, KPP, address,
 * comment) on its card, each written on its own through
 * fcrm_crm_contact_set() / fcrm_crm_company_set(). A contact's company is
 * typed: existing companies whose name holds the text are offered. */
GtkWidget  *fcrm_client_fields_group_new      (const char            *kind);
/** "contact" or "company". */
const char *fcrm_client_fields_group_get_kind (FcrmClientFieldsGroup *self);
/** The company names offered for what is typed in the Company row (a
 * contact's), as last read; NULL while none are shown. */
GListModel *fcrm_client_fields_group_get_suggestions (FcrmClientFieldsGroup *self);

G_END_DECLS
