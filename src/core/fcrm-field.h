#pragma once

#include "fcrm-crm-private.h"

G_BEGIN_DECLS

/* One field of a lead or deal edited from text: the parsing and the
 * conflict-checked UPDATE shared by lead_set and deal_set. */

typedef enum {
  FCRM_FIELD_TEXT,           /* long text, may be cleared */
  FCRM_FIELD_SHORT_TEXT,     /* a name, may be cleared */
  FCRM_FIELD_REQUIRED_TEXT,  /* a title */
  FCRM_FIELD_MONEY,
  FCRM_FIELD_DATE,
  FCRM_FIELD_TIME,
  FCRM_FIELD_BOOL,
  FCRM_FIELD_USER,           /* a login → user id */
  FCRM_FIELD_LEAD_USER,      /* the same, for a lead: not a designer */
  FCRM_FIELD_SOURCE,
  FCRM_FIELD_PHONE,          /* also a normalised form */
  FCRM_FIELD_EMAIL,          /* also a normalised form */
} FcrmFieldKind;

typedef struct
{
  char     *text;     /* trimmed input */
  gint64    number;   /* for money, dates, times, yes/no, users */
  gboolean  is_null;  /* cleared */
  char     *norm;     /* phone or e-mail for comparison */
} FcrmFieldValue;

void     fcrm_field_value_clear (FcrmFieldValue *value);

/** A copy of @text fit to store: control characters removed (C0, DEL and
 * C1); in a single-line field tabs and line breaks become one space, a
 * multi-line one keeps \n and \t (\r\n and a lone \r become \n). Not
 * trimmed. NULL for NULL. */
char    *fcrm_text_sanitize     (const char     *text,
                                 gboolean        multi_line);
/** @text folded for comparison: Latin and Cyrillic letters in lower case,
 * ё as е; everything else kept. The same fold as the database's fcrm_fold()
 * (fcrm_text_fold on a file's connection, SQL on the office server). */
char    *fcrm_text_fold         (const char     *text);
/** "%@text%" folded (fcrm_text_fold), LIKE's own characters escaped with
 * a backslash (use with ESCAPE '\\'): a substring to find. */
char    *fcrm_text_like_pattern (const char     *text);
/** Whether @user may be responsible for a lead (a designer may not). */
gboolean fcrm_field_check_lead_responsible (const FcrmUser *user,
                                 GError        **error);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcrmFieldValue, fcrm_field_value_clear)

/** Validate @input for a field of @kind named @name; @required_message is the
 * error for an empty required text. */
gboolean fcrm_field_parse       (FcrmCrm        *self,
                                 FcrmFieldKind   kind,
                                 const char     *name,
                                 const char     *input,
                                 const char     *required_message,
                                 FcrmFieldValue *out,
                                 GError        **error);
/** Run @sql ("… SET col = ?, … WHERE id = ? AND (? < 0 OR updated = ?)", with
 * the time as the second parameter) inside the caller's transaction. Returns
 * the number of rows changed (0: someone else changed it), or -1 on error. */
int      fcrm_field_update      (FcrmCrm              *self,
                                 const char           *sql,
                                 FcrmFieldKind         kind,
                                 const FcrmFieldValue *value,
                                 gint64                id,
                                 gint64                expected_version,
                                 GError              **error);

G_END_DECLS
