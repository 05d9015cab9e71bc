#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Undo of a move (the board's toast): a snapshot taken before the move, and
 * its restoration, which also removes what the move created — the stage
 * entries, the robots' notifications and tasks of those entries, and for a
 * conversion the deal and the contact and company it made. A merge of two
 * contacts or companies gives one too (fcrm-clients.h). */

typedef struct _FcrmUndo FcrmUndo;

/** Remember a lead or deal as it is now, before changing its stage. */
FcrmUndo *fcrm_crm_snapshot (FcrmCrm        *self,
                             FcrmEntityType  type,
                             gint64          id,
                             GError        **error);
/** Put the item back as the snapshot saw it. Refused when it moved again since. */
gboolean  fcrm_crm_undo     (FcrmCrm        *self,
                             FcrmUndo       *undo,
                             GError        **error);
void      fcrm_undo_free    (FcrmUndo       *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmUndo, fcrm_undo_free)

G_END_DECLS
