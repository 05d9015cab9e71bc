#pragma once

#include <adwaita.h>

#include "fcrm-import.h"

G_BEGIN_DECLS

#define FCRM_TYPE_IMPORT_MAPPING (fcrm_import_mapping_get_type ())
G_DECLARE_FINAL_TYPE (FcrmImportMapping, fcrm_import_mapping, FCRM, IMPORT_MAPPING, AdwBin)

/* The import assistant's column page (issue 14): one line per column of the
 * file — its name, a drop-down of our fields (recognised columns chosen
 * already, "Don't import" for the others) and its first values, so the
 * person sees what a column holds before choosing. */

GtkWidget  *fcrm_import_mapping_new       (void);
/** Show the columns of @file, mapped for @kind as recognised. */
void        fcrm_import_mapping_set_file  (FcrmImportMapping *self,
                                           FcrmImportFile    *file,
                                           FcrmImportKind     kind);
/** The field column @column goes to (NULL: not imported). */
const char *fcrm_import_mapping_get_field (FcrmImportMapping *self,
                                           guint              column);
/** Choose @field (NULL: not imported) for column @column; FALSE when the field is not one of @kind's. */
gboolean    fcrm_import_mapping_set_field (FcrmImportMapping *self,
                                           guint              column,
                                           const char        *field);
/** Put the choices into @options (every column named). */
void        fcrm_import_mapping_apply     (FcrmImportMapping *self,
                                           FcrmImportOptions *options);
/** How many columns are imported. */
guint       fcrm_import_mapping_count_mapped (FcrmImportMapping *self);

G_END_DECLS
