#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Lead intake from web forms and telephony (SPEC §3.1, §5): turning a request
 * body into lead fields. The HTTP server itself lives in the CLI (libsoup). */

#define FCRM_INTAKE_MAX_BODY (64 * 1024)

typedef struct
{
  char *title;
  char *name;
  char *phone;
  char *email;
  char *company;
  char *comment;
  char *source;
  char *budget;
  char *login;       /* a call's (fcrm-calls.h): the extension's person */
  char *direction;   /* a call's: "in" or "out" */
} FcrmIntakeFields;

void     fcrm_intake_fields_clear (FcrmIntakeFields *fields);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcrmIntakeFields, fcrm_intake_fields_clear)

/** Parse a JSON object or a form-encoded body (by @content_type; JSON when it
 * says json, else form) into @fields. Unknown fields are ignored; a field
 * that is not text, invalid UTF-8 or a body that is not an object is refused
 * with FCRM_ERROR_INVALID_INPUT. */
gboolean fcrm_intake_parse        (const char       *content_type,
                                   GBytes           *body,
                                   FcrmIntakeFields *fields,
                                   GError          **error);
/** The lead input for @fields; source defaults to @default_source. Borrowed strings. */
FcrmLeadInput fcrm_intake_to_input (const FcrmIntakeFields *fields,
                                    const char             *default_source);
/* One lead of a batch: its input, then its outcome. */
typedef struct
{
  FcrmLeadInput  input;
  FcrmItem      *lead;    /* set once stored and committed */
  GError        *error;   /* or why it was not */
} FcrmIntakeLead;

/** Store @n leads in one transaction, each as fcrm_crm_lead_add() would:
 * a lead that is refused (bad data) or fails is undone alone and the others
 * are kept; one the database is too busy for gets FCRM_ERROR_BUSY, and so do
 * the leads after it. Each gets its lead or its error once the transaction
 * has ended: a lead is only reported stored once committed. FALSE when
 * nothing was stored (@error, optional, says why when the whole batch failed). */
gboolean fcrm_intake_store_leads  (FcrmCrm          *crm,
                                   FcrmIntakeLead   *leads,
                                   guint             n,
                                   GError          **error);
/** Compare a secret in time independent of where the strings differ. */
gboolean fcrm_secure_equal        (const char       *a,
                                   const char       *b);

G_END_DECLS
