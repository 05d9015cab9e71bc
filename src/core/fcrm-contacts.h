#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Contacts — the clients — as a list reads them (SPEC §5 "contact list"). */

#define FCRM_TYPE_CONTACT (fcrm_contact_get_type ())
G_DECLARE_FINAL_TYPE (FcrmContact, fcrm_contact, FCRM, CONTACT, GObject)

struct _FcrmContact
{
  GObject    parent_instance;
  gint64     id;
  char      *name;
  gint64     company_id;   /* 0: none */
  char      *company;      /* the company's name, or NULL */
  GPtrArray *phones;       /* char *, as typed, in the order added */
  GPtrArray *emails;       /* char * */
  GArray    *leads;        /* gint64 ids of the contact's leads the reader may see, in id order */
  GArray    *deals;        /* gint64 ids of the contact's deals likewise */
  gint64     created_at;
};

/** Contacts in id order after @after_id (0: from the first), at most
 * @limit. With @query (NULL or empty: all) only those whose name or e-mail
 * address contains it, letters in any case, or — when it is a phone number
 * of three digits or more — whose phone number contains its digits; the
 * contacts between are read and passed over. Without a query a page costs
 * the same whatever the number of contacts. */
GPtrArray *fcrm_crm_contact_page (FcrmCrm    *self,
                                  const char *query,
                                  gint64      after_id,
                                  guint       limit,
                                  GError    **error);

G_END_DECLS
