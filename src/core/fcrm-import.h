#pragma once

#include <gio/gio.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* CSV import of contacts, companies and leads (issue 14): a spreadsheet's or
 * a Bitrix24 CRM's export read (encoding and delimiter detected), its
 * columns mapped to our fields (Bitrix24's names recognised in Russian and
 * English), its stages, sources and responsible people mapped to ours, each
 * row checked and written as the application's own actions write it — all
 * rows in one transaction: everything or nothing. A dry run does the same
 * work and rolls it back. */

typedef enum {
  FCRM_IMPORT_CONTACTS,
  FCRM_IMPORT_COMPANIES,
  FCRM_IMPORT_LEADS,
} FcrmImportKind;

/* What to do with a row matching a card already there (SPEC §3.2: the same
 * normalised phone or e-mail; a company: the same INN or name; a lead: a
 * lead with the same phone or e-mail). */
typedef enum {
  FCRM_IMPORT_DUPLICATES_SKIP,
  FCRM_IMPORT_DUPLICATES_MERGE,   /* into the card there: phones, e-mails, missing fields, comment added */
  FCRM_IMPORT_DUPLICATES_CREATE,
} FcrmImportDuplicates;

/* The file */

#define FCRM_TYPE_IMPORT_FILE (fcrm_import_file_get_type ())
G_DECLARE_FINAL_TYPE (FcrmImportFile, fcrm_import_file, FCRM, IMPORT_FILE, GObject)

/** The largest file read (bytes). */
#define FCRM_IMPORT_MAX_FILE (256 * 1024 * 1024)

/** Read a CSV file: UTF-8 (with or without a byte order mark) or
 * Windows-1251, fields separated by ";", "," or a tab. An empty file, one
 * without a data row, binary data or text in another encoding is refused
 * (FCRM_ERROR_INVALID_INPUT) with a message saying what to do. */
FcrmImportFile *fcrm_import_file_new_from_bytes (GBytes        *bytes,
                                                 GError       **error);
FcrmImportFile *fcrm_import_file_new_from_path  (const char    *path,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/** "UTF-8" or "Windows-1251". */
const char     *fcrm_import_file_get_encoding   (FcrmImportFile *self);
/** ';', ',' or '\t'. */
char            fcrm_import_file_get_delimiter  (FcrmImportFile *self);
/** The header's columns. */
guint           fcrm_import_file_get_n_columns  (FcrmImportFile *self);
const char     *fcrm_import_file_get_column     (FcrmImportFile *self,
                                                 guint           column);
/** Data rows (the header not counted). */
guint           fcrm_import_file_get_n_rows     (FcrmImportFile *self);
/** A data row's fields (@out_n: how many; a ragged row has more or fewer
 * than the header) and, in @out_number, its number as a spreadsheet shows
 * it (the header is row 1). */
const char * const *fcrm_import_file_get_row    (FcrmImportFile *self,
                                                 guint           row,
                                                 guint          *out_n,
                                                 guint          *out_number);

/* Our fields */

typedef struct
{
  const char *code;      /* "name", "phone", … (what --map names) */
  const char *label;     /* translatable (N_) */
} FcrmImportField;

/** The fields a row of @kind can fill, in the order a mapping offers them
 * (NULL-code-terminated). */
const FcrmImportField *fcrm_import_fields        (FcrmImportKind kind);
/** A field's name in the user's language. */
const char     *fcrm_import_field_label          (const char    *code);
/** The field a column named @column is recognised as for @kind (a Bitrix24
 * export's or a plain one's, Russian or English), NULL when none. */
const char     *fcrm_import_guess_field          (FcrmImportKind kind,
                                                  const char    *column);

/* Options */

typedef struct _FcrmImportOptions FcrmImportOptions;

FcrmImportOptions *fcrm_import_options_new       (FcrmImportKind kind);
FcrmImportOptions *fcrm_import_options_copy      (const FcrmImportOptions *options);
void            fcrm_import_options_free         (FcrmImportOptions *options);
FcrmImportKind  fcrm_import_options_get_kind     (const FcrmImportOptions *options);
void            fcrm_import_options_set_duplicates (FcrmImportOptions   *options,
                                                  FcrmImportDuplicates duplicates);
FcrmImportDuplicates fcrm_import_options_get_duplicates (const FcrmImportOptions *options);
/** A dry run: everything is checked and counted, nothing is kept. */
void            fcrm_import_options_set_dry_run  (FcrmImportOptions *options,
                                                  gboolean           dry_run);
/** Import the good rows even when some are rejected (default: a rejected
 * row keeps everything from being written). */
void            fcrm_import_options_set_skip_rejected (FcrmImportOptions *options,
                                                  gboolean           skip);
/** Column @column goes to field @field ("" or NULL: not imported), whatever
 * its name is recognised as. An unknown field: FCRM_ERROR_INVALID_INPUT. */
gboolean        fcrm_import_options_map_column   (FcrmImportOptions *options,
                                                  const char        *column,
                                                  const char        *field,
                                                  GError           **error);
/** "COLUMN=FIELD" (the CLI's --map). */
gboolean        fcrm_import_options_parse_map    (FcrmImportOptions *options,
                                                  const char        *text,
                                                  GError           **error);
/** Value @value of field @field (stage, source, responsible) is our @code
 * (a stage code, a source code, a login; "" for the default). */
void            fcrm_import_options_map_value    (FcrmImportOptions *options,
                                                  const char        *field,
                                                  const char        *value,
                                                  const char        *code);
/** "FIELD:VALUE=CODE" (the CLI's --map-value). */
gboolean        fcrm_import_options_parse_map_value (FcrmImportOptions *options,
                                                  const char        *text,
                                                  GError           **error);
/** The field of each column of @file under @options: an array of
 * fcrm_import_file_get_n_columns() codes, NULL for a column not imported.
 * Free with g_free (the strings are static). A column named in a mapping
 * that the file does not have: FCRM_ERROR_INVALID_INPUT. */
const char    **fcrm_import_resolve_columns      (FcrmImportFile          *file,
                                                  const FcrmImportOptions *options,
                                                  GError                 **error);

/* Values that need mapping */

typedef struct
{
  char  *field;      /* "stage", "source" or "responsible" */
  char  *value;      /* as in the file */
  guint  rows;       /* how many rows have it */
} FcrmImportUnknown;

void            fcrm_import_unknown_free         (FcrmImportUnknown *unknown);
/** The values of the stage, source and responsible columns that are none
 * of ours and not mapped (FcrmImportUnknown, by field, then first seen). */
GPtrArray      *fcrm_crm_import_unknown_values   (FcrmCrm                 *self,
                                                  FcrmImportFile          *file,
                                                  const FcrmImportOptions *options,
                                                  GError                 **error);
/** What a value of @field may be mapped to: codes (stage codes, source
 * codes, logins), NULL-terminated; @out_labels gets their names. */
char          **fcrm_crm_import_value_choices    (FcrmCrm                 *self,
                                                  FcrmImportKind           kind,
                                                  const char              *field,
                                                  char                  ***out_labels);

/* Running */

typedef struct
{
  guint  row;        /* as a spreadsheet numbers it */
  char  *reason;
} FcrmImportRejection;

typedef struct
{
  gboolean   dry_run;
  gboolean   written;    /* committed (never for a dry run) */
  guint      created;
  guint      merged;
  guint      skipped;    /* duplicates skipped */
  GPtrArray *rejected;   /* FcrmImportRejection, by row */
} FcrmImportReport;

void            fcrm_import_report_free          (FcrmImportReport *report);

/** Called every so many rows (and at the end) with how many are done. */
typedef void (*FcrmImportProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/** Import @file under @options as the acting person, in one transaction.
 * @out_report (may be NULL) gets what was (or, dry, would be) created,
 * merged, skipped and rejected. Returns FALSE with @error when nothing was
 * written: a dry run never writes (and returns TRUE); a real one with a
 * rejected row (unless skip_rejected), a cancelled one
 * (G_IO_ERROR_CANCELLED) or one that failed writes nothing. */
gboolean        fcrm_crm_import                  (FcrmCrm                 *self,
                                                  FcrmImportFile          *file,
                                                  const FcrmImportOptions *options,
                                                  FcrmImportProgress       progress,
                                                  gpointer                 progress_data,
                                                  GCancellable            *cancellable,
                                                  FcrmImportReport       **out_report,
                                                  GError                 **error);

/** The same in a thread with a connection of its own (the window never
 * waits); @progress is called on the caller's main context. When it wrote,
 * @self's "changed" is emitted there before @callback. */
void            fcrm_crm_import_async            (FcrmCrm                 *self,
                                                  FcrmImportFile          *file,
                                                  const FcrmImportOptions *options,
                                                  FcrmImportProgress       progress,
                                                  gpointer                 progress_data,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
/** The report (also when rows were rejected and nothing was written, with
 * @error set: then the report says which), or NULL when the import failed
 * otherwise. */
FcrmImportReport *fcrm_crm_import_finish         (FcrmCrm                 *self,
                                                  GAsyncResult            *result,
                                                  GError                 **error);

/** fcrm_import_file_new_from_path() in a thread. */
void            fcrm_import_file_load_async      (const char              *path,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
FcrmImportFile *fcrm_import_file_load_finish     (GAsyncResult            *result,
                                                  GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmImportOptions, fcrm_import_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmImportReport, fcrm_import_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmImportUnknown, fcrm_import_unknown_free)

G_END_DECLS
