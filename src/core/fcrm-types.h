#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _FcrmCrm        FcrmCrm;
typedef struct _FcrmClock      FcrmClock;
typedef struct _FcrmStore      FcrmStore;
typedef struct _FcrmItem       FcrmItem;
typedef struct _FcrmPipeline   FcrmPipeline;
typedef struct _FcrmStage      FcrmStage;
typedef struct _FcrmUser       FcrmUser;
typedef struct _FcrmRobot      FcrmRobot;
typedef struct _FcrmBoardModel FcrmBoardModel;

typedef enum {
  FCRM_ENTITY_LEAD,
  FCRM_ENTITY_DEAL,
  /* clients: what comments and files may also be about (not items) */
  FCRM_ENTITY_CONTACT,
  FCRM_ENTITY_COMPANY,
} FcrmEntityType;

typedef enum {
  FCRM_STAGE_OPEN,
  FCRM_STAGE_SUCCESS,
  FCRM_STAGE_FAILURE,
} FcrmStageKind;

/* How a database is opened. Only creating a database may write on opening;
 * an existing one is read first and written only when it must change. */
typedef enum {
  FCRM_OPEN_EXISTING = 0,        /* refuse a missing file or an empty database */
  FCRM_OPEN_CREATE   = 1 << 0,   /* create a missing file (and its folders); set up an empty database */
} FcrmOpenFlags;

typedef enum {
  FCRM_ROLE_MANAGER,
  FCRM_ROLE_DESIGNER,
  FCRM_ROLE_SUPERVISOR,
} FcrmRole;

/** "lead" / "deal" / "contact" / "company". */
const char *fcrm_entity_type_to_string (FcrmEntityType type);
/** Parse "lead" / "deal" / "contact" / "company"; FALSE when unknown. */
gboolean    fcrm_entity_type_from_string (const char    *text,
                                        FcrmEntityType *out_type);
/** The entity type of a stored code; a lead for anything unknown. */
FcrmEntityType fcrm_entity_type_parse (const char *text);
/** "open" / "success" / "failure". */
const char *fcrm_stage_kind_to_string  (FcrmStageKind  kind);
/** "manager" / "designer" / "supervisor". */
const char *fcrm_role_to_string        (FcrmRole       role);
/** Parse a role code; FALSE when unknown. */
gboolean    fcrm_role_from_string      (const char    *text,
                                        FcrmRole      *out_role);
/** The role's name in the user's language. */
const char *fcrm_role_display_name     (FcrmRole       role);
/** The source's name in the user's language (call, webform, email, walkin, other). */
const char *fcrm_source_display_name   (const char    *source);
/** TRUE for a known lead source code. */
gboolean    fcrm_source_is_valid       (const char    *source);

G_END_DECLS
