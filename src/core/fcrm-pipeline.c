#define G_LOG_DOMAIN "fcrm-pipeline"

#include <glib/gi18n-lib.h>

#include "fcrm-pipeline.h"

/* FcrmStage */

G_DEFINE_FINAL_TYPE (FcrmStage, fcrm_stage, G_TYPE_OBJECT)

static void
fcrm_stage_finalize (GObject *object)
{
  FcrmStage *self = FCRM_STAGE (object);

  g_free (self->code);
  g_free (self->pipeline);
  g_free (self->name);
  G_OBJECT_CLASS (fcrm_stage_parent_class)->finalize (object);
}

static void fcrm_stage_class_init (FcrmStageClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_stage_finalize; }
static void fcrm_stage_init (FcrmStage *self) { }

const char *
fcrm_stage_get_name (FcrmStage *self)
{
  g_return_val_if_fail (FCRM_IS_STAGE (self), NULL);
  return g_dgettext (GETTEXT_PACKAGE, self->name);
}

/* FcrmPipeline */

G_DEFINE_FINAL_TYPE (FcrmPipeline, fcrm_pipeline, G_TYPE_OBJECT)

static void
fcrm_pipeline_finalize (GObject *object)
{
  FcrmPipeline *self = FCRM_PIPELINE (object);

  g_free (self->code);
  g_free (self->name);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  G_OBJECT_CLASS (fcrm_pipeline_parent_class)->finalize (object);
}

static void fcrm_pipeline_class_init (FcrmPipelineClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_pipeline_finalize; }

static void
fcrm_pipeline_init (FcrmPipeline *self)
{
  self->stages = g_ptr_array_new_with_free_func (g_object_unref);
}

const char *
fcrm_pipeline_get_name (FcrmPipeline *self)
{
  g_return_val_if_fail (FCRM_IS_PIPELINE (self), NULL);
  return g_dgettext (GETTEXT_PACKAGE, self->name);
}

FcrmStage *
fcrm_pipeline_first_stage (FcrmPipeline *self)
{
  g_return_val_if_fail (FCRM_IS_PIPELINE (self), NULL);
  for (guint i = 0; i < self->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (self->stages, i);
      if (stage->kind == FCRM_STAGE_OPEN)
        return stage;
    }
  return NULL;
}

/* FcrmUser */

G_DEFINE_FINAL_TYPE (FcrmUser, fcrm_user, G_TYPE_OBJECT)

static void
fcrm_user_finalize (GObject *object)
{
  FcrmUser *self = FCRM_USER (object);

  g_free (self->login);
  g_free (self->name);
  G_OBJECT_CLASS (fcrm_user_parent_class)->finalize (object);
}

static void fcrm_user_class_init (FcrmUserClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_user_finalize; }
static void fcrm_user_init (FcrmUser *self) { }

/* FcrmRobot */

G_DEFINE_FINAL_TYPE (FcrmRobot, fcrm_robot, G_TYPE_OBJECT)

static void
fcrm_robot_finalize (GObject *object)
{
  FcrmRobot *self = FCRM_ROBOT (object);

  g_free (self->stage);
  g_free (self->trigger);
  g_free (self->field);
  g_free (self->recipient);
  g_free (self->action);
  g_free (self->text);
  g_free (self->target_stage);
  G_OBJECT_CLASS (fcrm_robot_parent_class)->finalize (object);
}

static void fcrm_robot_class_init (FcrmRobotClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_robot_finalize; }
static void fcrm_robot_init (FcrmRobot *self) { }

const char *
fcrm_robot_get_text (FcrmRobot *self)
{
  g_return_val_if_fail (FCRM_IS_ROBOT (self), NULL);
  return g_dgettext (GETTEXT_PACKAGE, self->text);
}
