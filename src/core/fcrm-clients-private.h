#pragma once

#include "fcrm-clients.h"
#include "fcrm-field.h"

G_BEGIN_DECLS

/* Phones or e-mails checked before anything is written, then written for a
 * contact inside the caller's transaction. */
GArray  *fcrm_client_points_new   (void);
gboolean fcrm_client_points_add   (GArray     *points,
                                   gboolean    phone,
                                   const char *value,
                                   const char *kind,
                                   GError    **error);
gboolean fcrm_client_points_write (FcrmCrm    *self,
                                   gint64      contact_id,
                                   gboolean    phone,
                                   GArray     *points,
                                   GError    **error);
/** An INN (10 or 12 digits) or KPP (9 characters: digits, letters in the
 * 5th and 6th place), "" or NULL for none. */
gboolean fcrm_client_parse_inn    (const char     *input,
                                   FcrmFieldValue *out,
                                   GError        **error);
gboolean fcrm_client_parse_kpp    (const char     *input,
                                   FcrmFieldValue *out,
                                   GError        **error);

/* fcrm_crm_contact_add() / fcrm_crm_company_add() without reading the card
 * back: its id in @out_id (an import adds many). */
gboolean fcrm_crm_contact_insert  (FcrmCrm                *self,
                                   const FcrmContactInput *input,
                                   gint64                 *out_id,
                                   GError                **error);
gboolean fcrm_crm_company_insert  (FcrmCrm                *self,
                                   const FcrmCompanyInput *input,
                                   gint64                 *out_id,
                                   GError                **error);

/* A merge's undo record (fcrm-client-merge.c), carried by an FcrmUndo. */
typedef struct _FcrmMergeUndo FcrmMergeUndo;
void     fcrm_merge_undo_free     (FcrmMergeUndo *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmMergeUndo, fcrm_merge_undo_free)
gboolean fcrm_crm_merge_undo      (FcrmCrm       *self,
                                   FcrmMergeUndo *undo,
                                   GError       **error);
/** An FcrmUndo that undoes a merge (takes @merge). */
FcrmUndo *fcrm_undo_new_for_merge (FcrmMergeUndo *merge);

G_END_DECLS
