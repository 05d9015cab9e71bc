#pragma once

#include "fcrm-intake-server.h"

G_BEGIN_DECLS

/* What `intake serve` does for browsers (issue 14): a form posted by a
 * visitor's browser is answered with a page or a redirect, not JSON, and a
 * site's JavaScript on a configured origin may post (CORS). */

/** A browser's form post: a form-encoded or multipart body, and an Accept
 * that asks for HTML. */
gboolean fcrm_intake_is_browser      (FcrmIntakeRequest  *request);
/** For an Origin among @origins (NULL-terminated, may be NULL): the CORS
 * answer headers for exactly that origin; TRUE when it is one. Other
 * origins get none. With @origins configured, the answer varies by Origin. */
gboolean fcrm_intake_add_cors        (FcrmIntakeRequest  *request,
                                      const char * const *origins);
/** Answer a preflight (OPTIONS): 204 with the methods and headers allowed
 * for a listed origin, else 403 without CORS headers. */
void     fcrm_intake_answer_preflight (FcrmIntakeRequest *request,
                                      const char * const *origins);
/** A small translated HTML page (UTF-8, @message escaped) with @status. */
void     fcrm_intake_respond_page    (FcrmIntakeRequest  *request,
                                      guint               status,
                                      const char         *message);
/** A browser's lead stored: 303 See Other to @thanks, or without one a
 * thank-you page. */
void     fcrm_intake_respond_thanks  (FcrmIntakeRequest  *request,
                                      const char         *thanks);
/** A multipart/form-data body as a form-encoded one (its text fields; files
 * are ignored); NULL when it is not multipart, or it is malformed. */
GBytes  *fcrm_intake_multipart_form  (FcrmIntakeRequest  *request,
                                      GBytes             *body);

G_END_DECLS
