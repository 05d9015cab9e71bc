#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"
#include "fcrm-import.h"
#include "fcrm-import-mapping.h"

G_BEGIN_DECLS

#define FCRM_TYPE_IMPORT_ASSISTANT (fcrm_import_assistant_get_type ())
G_DECLARE_FINAL_TYPE (FcrmImportAssistant, fcrm_import_assistant, FCRM, IMPORT_ASSISTANT, AdwWindow)

/* Importing contacts, companies or leads from a CSV file (issue 14), page by
 * page: what and which file ("start") → which column is which field, with
 * the first rows ("columns") → stages, sources and people that are not ours
 * ("values", when there are any) → what to do with duplicates
 * ("duplicates") → a dry run's summary, the rejected rows named
 * ("summary") → the import with a progress bar and Cancel ("progress").
 * The file is read and the import runs off the main loop; the whole import
 * is one transaction (Cancel leaves nothing). When done the window closes
 * and its parent shows a toast; the views refresh from the FcrmCrm's
 * "changed". */

/** A new assistant importing @kind (the choice on its first page). */
FcrmImportAssistant *fcrm_import_assistant_new     (FcrmCrm             *crm,
                                                    FcrmImportKind       kind);
/** The same, transient for @parent, shown. */
FcrmImportAssistant *fcrm_import_assistant_present (GtkWindow           *parent,
                                                    FcrmCrm             *crm,
                                                    FcrmImportKind       kind);
/** Use @file (what the file chooser and reading give), shown as @name;
 * goes on to the columns page. */
void        fcrm_import_assistant_set_file  (FcrmImportAssistant *self,
                                             FcrmImportFile      *file,
                                             const char          *name);
/** The page shown: "start", "columns", "values", "duplicates", "summary", "progress". */
const char *fcrm_import_assistant_get_page  (FcrmImportAssistant *self);
/** What the header's forward button (Next, Check, Import) does. */
void        fcrm_import_assistant_next      (FcrmImportAssistant *self);
/** What the Back button does. */
void        fcrm_import_assistant_back      (FcrmImportAssistant *self);
FcrmImportMapping *fcrm_import_assistant_get_mapping (FcrmImportAssistant *self);
/** The last report (the dry run's, then the import's), or NULL. */
const FcrmImportReport *fcrm_import_assistant_get_report (FcrmImportAssistant *self);
/** Choose @code for the unknown @value of @field on the values page; FALSE
 * when there is no such line or choice. */
gboolean    fcrm_import_assistant_map_value (FcrmImportAssistant *self,
                                             const char          *field,
                                             const char          *value,
                                             const char          *code);
/** Choose what duplicates get. */
void        fcrm_import_assistant_set_duplicates (FcrmImportAssistant  *self,
                                                  FcrmImportDuplicates  duplicates);
/** What Cancel on the progress page does. */
void        fcrm_import_assistant_cancel    (FcrmImportAssistant *self);

G_END_DECLS
