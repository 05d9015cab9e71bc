#pragma once

#include "fcrm-types.h"

G_BEGIN_DECLS

#define FCRM_TYPE_STAGE (fcrm_stage_get_type ())
G_DECLARE_FINAL_TYPE (FcrmStage, fcrm_stage, FCRM, STAGE, GObject)

/* Read-only records: fields are public for reading. */
struct _FcrmStage
{
  GObject        parent_instance;
  char          *code;      /* "mfg.contract" */
  char          *pipeline;  /* "manufacturing" */
  char          *name;      /* English source name as stored; see fcrm_stage_get_name() */
  FcrmStageKind  kind;
  int            position;
};

/** The stage's name in the user's language. */
const char *fcrm_stage_get_name (FcrmStage *self);

#define FCRM_TYPE_PIPELINE (fcrm_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (FcrmPipeline, fcrm_pipeline, FCRM, PIPELINE, GObject)

struct _FcrmPipeline
{
  GObject         parent_instance;
  char           *code;     /* "lead", "manufacturing", "design", "repair" */
  char           *name;     /* English source name */
  FcrmEntityType  entity;   /* leads or deals */
  int             position;
  GPtrArray      *stages;   /* FcrmStage, in order */
};

/** The pipeline's name in the user's language. */
const char *fcrm_pipeline_get_name   (FcrmPipeline *self);
/** The first open stage. */
FcrmStage  *fcrm_pipeline_first_stage (FcrmPipeline *self);

#define FCRM_TYPE_USER (fcrm_user_get_type ())
G_DECLARE_FINAL_TYPE (FcrmUser, fcrm_user, FCRM, USER, GObject)

struct _FcrmUser
{
  GObject   parent_instance;
  gint64    id;
  char     *login;
  char     *name;
  FcrmRole  role;
  gboolean  active;
};

#define FCRM_TYPE_ROBOT (fcrm_robot_get_type ())
G_DECLARE_FINAL_TYPE (FcrmRobot, fcrm_robot, FCRM, ROBOT, GObject)

struct _FcrmRobot
{
  GObject   parent_instance;
  gint64    id;
  char     *stage;
  char     *trigger;      /* "on_entry", "delay", "at_field" */
  gint64    delay;        /* seconds after stage entry, for "delay" */
  char     *field;        /* "visit_at", for "at_field" */
  char     *recipient;    /* "responsible", "supervisors", "none" */
  char     *action;       /* "notify", "move", "lost_process" */
  char     *text;         /* English source text; see fcrm_robot_get_text() */
  char     *target_stage; /* for "move" */
  gboolean  enabled;
};

/** The robot's text in the user's language. */
const char *fcrm_robot_get_text (FcrmRobot *self);

G_END_DECLS
