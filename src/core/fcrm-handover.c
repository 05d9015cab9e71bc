#define G_LOG_DOMAIN "fcrm-handover"

/* Which open stage of a pipeline hands its deals over to another pipeline:
 * the stage a deal only passes through (Design's "To installation" moves it
 * on to Manufacturing at once). A card offers it as an outcome, not as a
 * stage to stay in. */

#include "fcrm-crm.h"
#include "fcrm-pipeline.h"

char *
fcrm_crm_handover_stage (FcrmCrm     *self,
                         const char  *pipeline,
                         GError     **error)
{
  g_autoptr(GPtrArray) robots = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (pipeline != NULL, NULL);

  robots = fcrm_crm_list_robots (self, NULL, error);
  if (robots == NULL)
    return NULL;

  for (guint i = 0; i < robots->len; i++)
    {
      FcrmRobot *robot = g_ptr_array_index (robots, i);
      FcrmStage *stage = fcrm_crm_get_stage (self, robot->stage);
      FcrmStage *target = robot->target_stage != NULL ? fcrm_crm_get_stage (self, robot->target_stage) : NULL;

      if (robot->enabled &&
          stage != NULL && target != NULL &&
          stage->kind == FCRM_STAGE_OPEN &&
          g_strcmp0 (robot->trigger, "on_entry") == 0 &&
          g_strcmp0 (robot->action, "move") == 0 &&
          g_strcmp0 (stage->pipeline, pipeline) == 0 &&
          g_strcmp0 (target->pipeline, pipeline) != 0)
        return g_strdup (stage->code);
    }

  return NULL;
}
