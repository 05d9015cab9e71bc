#pragma once

#include "fcrm-crm.h"
#include "fcrm-undo.h"

G_BEGIN_DECLS

/* Clients (SPEC §3, issue 11): contact and company cards, the people and
 * firms leads and deals are about. A contact has several phones and
 * e-mails, each of a kind (mobile, work, home), and may belong to a company.
 * Read, listed a page at a time, added, edited one field at a time with
 * conflict detection (the `version` read), deleted only when nothing links
 * to it, and merged when two cards are the same client. */

/** A phone number or an e-mail address as typed, with its kind. */
typedef struct
{
  char *value;
  char *kind;     /* "mobile", "work" or "home" */
} FcrmContactPoint;

void fcrm_contact_point_free (FcrmContactPoint *point);

#define FCRM_TYPE_CONTACT (fcrm_contact_get_type ())
G_DECLARE_FINAL_TYPE (FcrmContact, fcrm_contact, FCRM, CONTACT, GObject)

struct _FcrmContact
{
  GObject    parent_instance;
  gint64     id;
  char      *name;
  gint64     company_id;      /* 0: none */
  char      *company_name;
  char      *address;
  gint64     birthday;        /* local midnight of the day (Unix seconds), 0: unknown */
  char      *comment;
  GPtrArray *phones;          /* FcrmContactPoint, in the order added */
  GPtrArray *emails;          /* FcrmContactPoint */
  gint64     created_at;
  gint64     updated_at;
  gint64     version;         /* the row's `updated` counter */
  gint64     last_activity;   /* when something last happened to the client (Unix seconds) */
};

#define FCRM_TYPE_COMPANY (fcrm_company_get_type ())
G_DECLARE_FINAL_TYPE (FcrmCompany, fcrm_company, FCRM, COMPANY, GObject)

struct _FcrmCompany
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  char    *inn;               /* 10 or 12 digits, or NULL */
  char    *kpp;               /* 9 characters, or NULL */
  char    *address;
  char    *comment;
  gint64   created_at;
  gint64   updated_at;
  gint64   version;
  gint64   last_activity;     /* as a contact's */
};

/* Input of contact_add: text as typed; validated in core. */
typedef struct
{
  const char        *name;
  const char * const *phones;       /* NULL-terminated, may be NULL */
  const char * const *phone_kinds;  /* parallel to @phones; NULL or a NULL entry: "mobile" */
  const char * const *emails;
  const char * const *email_kinds;  /* NULL or a NULL entry: "work" */
  const char        *company;       /* a company's name: the existing one of that name, else a new one */
  gint64             company_id;    /* or its id (wins over @company); 0: none */
  const char        *address;
  const char        *birthday;      /* YYYY-MM-DD */
  const char        *comment;
} FcrmContactInput;

typedef struct
{
  const char *name;
  const char *inn;
  const char *kpp;
  const char *address;
  const char *comment;
} FcrmCompanyInput;

/* Lists are paged by a key (keyset paging: a deep page costs what the first
 * does): by name, then id; by id alone; newest (highest id) first; or by
 * last activity, the latest first (then the highest id). A client's last
 * activity is when it was added or edited, got a comment or a file, a lead
 * or deal of theirs was created, moved, edited or closed, a task of one of
 * them was done, or they called: kept in the writing transaction. */
typedef enum {
  FCRM_CLIENT_SORT_NAME,
  FCRM_CLIENT_SORT_ID,
  FCRM_CLIENT_SORT_NEWEST,
  FCRM_CLIENT_SORT_ACTIVITY,
} FcrmClientSort;

typedef struct
{
  const char *name;   /* the last row's name (FCRM_CLIENT_SORT_NAME) */
  gint64      id;     /* the last row's id */
  gint64      activity; /* the last row's last_activity (FCRM_CLIENT_SORT_ACTIVITY) */
} FcrmClientKey;

/** Add a contact; bad input (an empty name, a phone, e-mail or birthday that
 * is not one, an unknown kind) writes nothing (FCRM_ERROR_INVALID_INPUT). */
FcrmContact *fcrm_crm_contact_add   (FcrmCrm                *self,
                                     const FcrmContactInput *input,
                                     GError                **error);
FcrmContact *fcrm_crm_contact_get   (FcrmCrm                *self,
                                     gint64                  id,
                                     GError                **error);
/** Up to @limit contacts after @after (NULL: from the start), sorted by
 * @sort; @query (NULL or "": all) keeps those whose name, company, phone
 * (any formatting, digits in order) or e-mail contain it, in any letter case
 * (ё = е). */
GPtrArray   *fcrm_crm_contact_page  (FcrmCrm                *self,
                                     const char             *query,
                                     FcrmClientSort          sort,
                                     const FcrmClientKey    *after,
                                     guint                   limit,
                                     GError                **error);
/** Set one field from text: name, company (a company's name, "" for none),
 * address, birthday (YYYY-MM-DD, "" to clear), comment, phones, emails (a
 * list separated by commas, each optionally "kind:value", e.g.
 * "+7 926 555-44-33, work:+7 495 123-45-67"; "" clears). @expected_version
 * is the version the editor read, or -1; a stale one: FCRM_ERROR_CONFLICT. */
gboolean     fcrm_crm_contact_set   (FcrmCrm                *self,
                                     gint64                  id,
                                     const char             *field,
                                     const char             *value,
                                     gint64                  expected_version,
                                     GError                **error);
/** Delete a contact nothing links to; otherwise FCRM_ERROR_REFUSED naming
 * what links to it (leads, deals, comments, files). */
gboolean     fcrm_crm_contact_delete (FcrmCrm               *self,
                                     gint64                  id,
                                     GError                **error);

FcrmCompany *fcrm_crm_company_add   (FcrmCrm                *self,
                                     const FcrmCompanyInput *input,
                                     GError                **error);
FcrmCompany *fcrm_crm_company_get   (FcrmCrm                *self,
                                     gint64                  id,
                                     GError                **error);
/** Companies likewise; @query matches name, INN and address. */
GPtrArray   *fcrm_crm_company_page  (FcrmCrm                *self,
                                     const char             *query,
                                     FcrmClientSort          sort,
                                     const FcrmClientKey    *after,
                                     guint                   limit,
                                     GError                **error);
/** Set one field: name, inn (10 or 12 digits), kpp (9 characters), address, comment. */
gboolean     fcrm_crm_company_set   (FcrmCrm                *self,
                                     gint64                  id,
                                     const char             *field,
                                     const char             *value,
                                     gint64                  expected_version,
                                     GError                **error);
/** Delete a company nothing links to (contacts, leads, deals, comments, files). */
gboolean     fcrm_crm_company_delete (FcrmCrm               *self,
                                     gint64                  id,
                                     GError                **error);
/** The contacts of a company, by name. */
GPtrArray   *fcrm_crm_company_contacts (FcrmCrm             *self,
                                     gint64                  company_id,
                                     GError                **error);
/** The leads or deals (FcrmItem, open and closed, newest first) of a contact
 * (@company FALSE) or a company, those the person may see. */
GPtrArray   *fcrm_crm_client_items  (FcrmCrm                *self,
                                     gboolean                company,
                                     gint64                  id,
                                     FcrmEntityType          type,
                                     GError                **error);

/* The client of a lead or deal */

/** Link lead or deal @id to contact @contact_id (0: none; -1: keep the one
 * it has) and company @company_id (0: none; -1: the contact's own company,
 * none when it has none), in one transaction with a line on its timeline.
 * An unknown contact or company: FCRM_ERROR_INVALID_INPUT; @expected_version
 * (-1: any) no longer the item's: FCRM_ERROR_CONFLICT; nothing is written. */
gboolean     fcrm_crm_item_set_client (FcrmCrm              *self,
                                     FcrmEntityType          type,
                                     gint64                  id,
                                     gint64                  contact_id,
                                     gint64                  company_id,
                                     gint64                  expected_version,
                                     GError                **error);
/** Make a contact of @name and @phone (may be NULL or "") in the item's
 * company and link lead or deal @id to it, in one transaction; bad input or
 * a conflict writes nothing. @out_contact_id (may be NULL) gets its id. */
gboolean     fcrm_crm_item_set_new_contact (FcrmCrm         *self,
                                     FcrmEntityType          type,
                                     gint64                  id,
                                     const char             *name,
                                     const char             *phone,
                                     gint64                  expected_version,
                                     gint64                 *out_contact_id,
                                     GError                **error);
/** The Manufacturing deals (open and closed) of @deal's client — its
 * contact's, or its company's — except @deal itself, latest installation
 * (else delivery) date first, undated last: what a repair deal's warranty
 * comes from. Empty when @deal has no client. */
GPtrArray   *fcrm_crm_deal_client_manufacturing (FcrmCrm     *self,
                                     FcrmItem               *deal,
                                     GError                **error);

/* Merging duplicates */

/** Merge contact @other_id into @keep_id in one transaction: its leads,
 * deals, comments, files, phones and e-mails move to @keep_id (a phone or
 * e-mail the kept contact has already is not doubled), the fields named in
 * @take_from_other (NULL-terminated: name, company, address, birthday,
 * comment; may be NULL) are copied from it, and so is any field the kept
 * contact lacks; then @other_id is deleted. @out_undo (may be NULL) gets
 * what undoes it, as a move's: fcrm_crm_undo() puts the other card back
 * (same id), every row where it was and the kept card's fields as they
 * were — refused (FCRM_ERROR_CONFLICT) once the kept card changed since. */
gboolean     fcrm_crm_contact_merge (FcrmCrm                *self,
                                     gint64                  keep_id,
                                     gint64                  other_id,
                                     const char * const     *take_from_other,
                                     FcrmUndo              **out_undo,
                                     GError                **error);
/** The same for companies (their contacts, leads, deals, comments, files;
 * fields name, inn, kpp, address, comment). */
gboolean     fcrm_crm_company_merge (FcrmCrm                *self,
                                     gint64                  keep_id,
                                     gint64                  other_id,
                                     const char * const     *take_from_other,
                                     FcrmUndo              **out_undo,
                                     GError                **error);
/** Two cards that look like the same client. */
typedef struct
{
  gint64  first_id;
  gint64  second_id;   /* the newer */
  char   *reason;      /* contacts: "phone", "email", "name" (same name and company); companies: "inn", "name" */
} FcrmDuplicate;

void         fcrm_duplicate_free    (FcrmDuplicate *dup);
/** Suggested duplicates (FcrmDuplicate), by id, at most @limit. */
GPtrArray   *fcrm_crm_contact_duplicates (FcrmCrm            *self,
                                     guint                   limit,
                                     GError                **error);
GPtrArray   *fcrm_crm_company_duplicates (FcrmCrm            *self,
                                     guint                   limit,
                                     GError                **error);

/** A deal for a new client in one transaction: the contact of @client
 * (NULL, or no name and no phone: none) is added first, then the deal with
 * it (and its company); bad input in either writes nothing. */
FcrmItem    *fcrm_crm_deal_add_with_client (FcrmCrm             *self,
                                     const FcrmDealInput    *deal,
                                     const FcrmContactInput *client,
                                     GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmContactPoint, fcrm_contact_point_free)

G_END_DECLS
