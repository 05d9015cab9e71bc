#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

#define FCRM_TYPE_ROBOT_EDITOR (fcrm_robot_editor_get_type ())
G_DECLARE_FINAL_TYPE (FcrmRobotEditor, fcrm_robot_editor, FCRM, ROBOT_EDITOR, AdwWindow)

/* The add/edit dialog of one robot (SPEC §3.6), modal to @parent.
 *
 * Signals:
 *   saved (gint64 id) — the robot was written; the dialog then closes.
 *
 * Errors of the core are shown inside the dialog, which stays open. */

/** A dialog adding a robot to the stage @stage. */
FcrmRobotEditor *fcrm_robot_editor_new_add  (FcrmCrm    *crm,
                                             GtkWindow  *parent,
                                             const char *stage);
/** A dialog changing @robot (the built-in move robot cannot be edited). */
FcrmRobotEditor *fcrm_robot_editor_new_edit (FcrmCrm    *crm,
                                             GtkWindow  *parent,
                                             FcrmRobot  *robot);
/** TRUE when @robot's settings can be changed in the editor. */
gboolean         fcrm_robot_editor_can_edit (FcrmRobot  *robot);

G_END_DECLS
