#pragma once

#include <json-glib/json-glib.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Records as the JSON of SPEC §5, shared by the CLI and the intake server. */

/** A lead or deal with its card fields; @crm adds a deal's attachments and history when non-NULL. */
JsonNode *fcrm_json_item       (FcrmItem     *item,
                                FcrmCrm      *crm);
JsonNode *fcrm_json_pipeline   (FcrmPipeline *pipeline);
JsonNode *fcrm_json_robot      (FcrmRobot    *robot);
JsonNode *fcrm_json_user       (FcrmUser     *user);
/** Serialise @node, pretty-printed. */
char     *fcrm_json_to_string  (JsonNode     *node);

G_END_DECLS

G_BEGIN_DECLS
typedef struct _FcrmTask FcrmTask;
typedef struct _FcrmNotification FcrmNotification;
typedef struct _FcrmAttachment FcrmAttachment;
typedef struct _FcrmContact FcrmContact;
typedef struct _FcrmCompany FcrmCompany;
/** A contact or company card; @crm adds their leads and deals (and a company's contacts). */
JsonNode *fcrm_json_contact      (FcrmContact      *contact,
                                  FcrmCrm          *crm);
JsonNode *fcrm_json_company      (FcrmCompany      *company,
                                  FcrmCrm          *crm);
JsonNode *fcrm_json_task         (FcrmTask         *task);
JsonNode *fcrm_json_notification (FcrmNotification *notification);
JsonNode *fcrm_json_attachment   (FcrmAttachment   *attachment);
typedef struct _FcrmEvent FcrmEvent;
typedef struct _FcrmConflict FcrmConflict;
/** A schedule event: kind, start, end, user, deal_id, title, address, … */
JsonNode *fcrm_json_event        (FcrmEvent        *event);
/** A conflict: {"kind": "overlap|order", "events": […]} */
JsonNode *fcrm_json_conflict     (FcrmConflict     *conflict);
G_END_DECLS
