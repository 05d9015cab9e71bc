#pragma once

#include <gtk/gtk.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* vCards from the GUI: asking which file, reading and parsing it (import)
 * or reading the contacts (export) off the main loop, then one write or one
 * file saved, and a toast above @parent saying how it went. */

/** Ask where, then save the contacts @ids (@n_ids 0: every contact) as a
 * vCard file named @suggested_name by default. */
void fcrm_vcard_export_interactive (GtkWidget     *parent,
                                    FcrmCrm       *crm,
                                    const gint64  *ids,
                                    guint          n_ids,
                                    const char    *suggested_name);
/** Export to @file without asking (the chooser's answer; tests). */
void fcrm_vcard_export_to_file     (GtkWidget     *parent,
                                    FcrmCrm       *crm,
                                    const gint64  *ids,
                                    guint          n_ids,
                                    GFile         *file);
/** Ask for a vCard file and import its contacts; a toast with the counts. */
void fcrm_vcard_import_interactive (GtkWidget     *parent,
                                    FcrmCrm       *crm);
/** Import @file without asking (the chooser's answer; tests). */
void fcrm_vcard_import_file        (GtkWidget     *parent,
                                    FcrmCrm       *crm,
                                    GFile         *file);

G_END_DECLS
