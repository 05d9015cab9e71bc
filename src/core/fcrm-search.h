#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* Global search (issue 11): leads, deals, contacts and companies by title,
 * name, company (a deal: also its contact's name and phones, its company's
 * name), phone (any formatting, digits in order: "926 555" finds
 * +7 (926) 555-44-33) and e-mail, in any letter case with ё = е. Each word
 * of at least three characters must occur (shorter words are ignored); a
 * query of phone characters only is its digits. Only what the person may
 * see is found. */

typedef struct
{
  FcrmEntityType  type;      /* leads and deals */
  const char     *kind;      /* "lead", "deal", "contact" or "company" */
  gint64          id;
  char           *title;     /* the title, or the client's name */
  char           *subtitle;  /* stage and client; a contact's company and phone; a company's INN */
} FcrmSearchResult;

void       fcrm_search_result_free (FcrmSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmSearchResult, fcrm_search_result_free)

/** Up to @limit results (FcrmSearchResult), leads first, then deals,
 * contacts, companies, each newest first. An empty or too short query finds
 * nothing. */
GPtrArray *fcrm_crm_search         (FcrmCrm    *self,
                                    const char *text,
                                    guint       limit,
                                    GError    **error);

G_END_DECLS
