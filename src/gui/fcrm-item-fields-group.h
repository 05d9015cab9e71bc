#pragma once

#include "fcrm-fields-group.h"

G_BEGIN_DECLS

#define FCRM_TYPE_ITEM_FIELDS_GROUP (fcrm_item_fields_group_get_type ())
G_DECLARE_FINAL_TYPE (FcrmItemFieldsGroup, fcrm_item_fields_group, FCRM, ITEM_FIELDS_GROUP, FcrmFieldsGroup)

/** The fields of a lead or deal on one tab of its card: @group is "about",
 * "project" (deals only) or "additional"; fields of the other kind of item
 * are hidden. Editable ones write through fcrm_crm_lead_set() or
 * fcrm_crm_deal_set(). */
GtkWidget  *fcrm_item_fields_group_new       (const char          *group);
/** Which tab's fields these are: "about", "project" or "additional". */
const char *fcrm_item_fields_group_get_group (FcrmItemFieldsGroup *self);

G_END_DECLS
