#pragma once

#include "fcrm-import.h"

G_BEGIN_DECLS

struct _FcrmImportOptions
{
  FcrmImportKind        kind;
  FcrmImportDuplicates  duplicates;
  gboolean              dry_run;
  gboolean              skip_rejected;
  GHashTable           *columns;   /* column name → field code ("": not imported) */
  GHashTable           *values;    /* "field\nkey of the value" → code */
};

/* The stages, sources and people a file's values name (fcrm-import-map.c). */
typedef struct
{
  const FcrmImportOptions *options;
  GHashTable              *known;  /* "field\nkey" → code */
} FcrmImportValues;

/** A name or value as compared (folded, without spaces and punctuation). */
char       *fcrm_import_key           (const char              *text);
void        fcrm_import_values_init   (FcrmImportValues        *values,
                                       FcrmCrm                 *crm,
                                       const FcrmImportOptions *options,
                                       GError                 **error);
void        fcrm_import_values_clear  (FcrmImportValues        *values);
/** Our code for @value of @field (mapped, else recognised), NULL when none. */
const char *fcrm_import_values_lookup (FcrmImportValues        *values,
                                       const char              *field,
                                       const char              *value);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcrmImportValues, fcrm_import_values_clear)

G_END_DECLS
