#pragma once

#include "fcrm-clients.h"
#include "fcrm-import.h"

G_BEGIN_DECLS

/* vCard (RFC 2426 / 6350, and the 2.1 of phones' exports): contacts in and
 * out, for GNOME Contacts, Evolution and phones. A small parser of our own:
 * the only maintained C library in Debian is evolution-data-server's, which
 * pulls a whole groupware stack into a CRM that needs ten properties. */

/** One contact as a vCard has it: text already decoded (folding, quoted-
 * printable, charsets, escapes). */
typedef struct
{
  guint      number;      /* 1-based position in the file */
  guint      line;        /* line of its BEGIN:VCARD */
  char      *name;        /* FN, else N put together; NULL when neither */
  GPtrArray *phones;      /* FcrmContactPoint (kind mobile/work/home) */
  GPtrArray *emails;      /* FcrmContactPoint */
  char      *company;     /* ORG's first part */
  char      *address;     /* ADR's parts joined */
  char      *birthday;    /* YYYY-MM-DD, NULL when none or without a year */
  char      *comment;     /* NOTE */
} FcrmVcard;

void       fcrm_vcard_free   (FcrmVcard   *card);

/** Every card of @data (a .vcf file's bytes: UTF-8, or 2.1's CHARSET and
 * QUOTED-PRINTABLE; folded lines; escaped commas and semicolons). NULL with
 * FCRM_ERROR_INVALID_INPUT when it holds no vCard at all (binary junk, an
 * empty file, a CSV). */
GPtrArray *fcrm_vcard_parse  (const char  *data,
                              gsize        length,
                              GError     **error);

/** Contacts (FcrmContact) as vCard 3.0 text (CRLF, folded at 75 octets). */
char      *fcrm_vcard_write  (GPtrArray   *contacts);

/** A vCard import's outcome (SPEC §5: created, merged, rejected). */
typedef struct
{
  guint      created;
  guint      merged;
  GPtrArray *rejected;    /* FcrmVcardRejection */
} FcrmVcardImport;

/* a refused card: its number in the file (row) and why, as the CSV import says it */
typedef FcrmImportRejection FcrmVcardRejection;

void       fcrm_vcard_import_free (FcrmVcardImport *result);

/** Import the contacts of a vCard file in one transaction: a card whose
 * phone or e-mail (normalised, SPEC §3.2) is a contact's already is merged
 * into it (its new phones and e-mails added, the fields it lacks filled),
 * any other made a new contact; cards that cannot be one (no name, phone
 * or e-mail; a phone or e-mail that is not one) are rejected with the
 * reason, the rest imported. A file that is no vCard writes nothing. */
FcrmVcardImport *fcrm_crm_import_vcard (FcrmCrm      *self,
                                        const char   *data,
                                        gsize         length,
                                        GError      **error);
/** The same for cards fcrm_vcard_parse() read (a program parses off its
 * main loop, then writes); a card may be completed (a bare number named). */
FcrmVcardImport *fcrm_crm_import_vcards (FcrmCrm     *self,
                                         GPtrArray   *cards,
                                         GError     **error);
/** The contacts @ids (@n_ids 0: every contact) as vCard 3.0 text. */
char      *fcrm_crm_export_vcard (FcrmCrm       *self,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmVcard, fcrm_vcard_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmVcardImport, fcrm_vcard_import_free)

G_END_DECLS
