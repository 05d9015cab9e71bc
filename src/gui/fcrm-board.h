#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"
#include "fcrm-board-column.h"

G_BEGIN_DECLS

#define FCRM_TYPE_BOARD (fcrm_board_get_type ())
G_DECLARE_FINAL_TYPE (FcrmBoard, fcrm_board, FCRM, BOARD, GtkWidget)

/** The board of one pipeline ("lead", "manufacturing", "design", "repair"):
 * one column per open stage. */
GtkWidget       *fcrm_board_new               (FcrmCrm    *crm,
                                               const char *pipeline);
const char      *fcrm_board_get_pipeline      (FcrmBoard  *self);
guint            fcrm_board_get_n_columns     (FcrmBoard  *self);
FcrmBoardColumn *fcrm_board_get_column        (FcrmBoard  *self,
                                               guint       position);
/** The column of stage @code, or NULL. */
FcrmBoardColumn *fcrm_board_get_column_for_stage (FcrmBoard  *self,
                                                  const char *code);
/** TRUE once every column that has cards has bound some of them. */
gboolean         fcrm_board_is_populated      (FcrmBoard  *self);
/** Re-read every column from the database (counts, sums, rows). */
void             fcrm_board_reload            (FcrmBoard  *self);

G_END_DECLS
