#pragma once

/* The intake server under test: the real CLI process serving a fresh
 * database of the suite's backend on a free loopback port. */

#include <libsoup/soup.h>

#include "fcrm-test-util.h"

G_BEGIN_DECLS

#define FCRM_TEST_TOKEN "s3cret-token-42"

typedef struct
{
  FcrmTestDb  *tdb;      /* a file or a server database (suite core-pg) */
  char        *db;
  GSubprocess *server;
  guint16      port;
  char        *url;      /* http://127.0.0.1:PORT/leads */
  SoupSession *session;
  char        *login;    /* the server's own login (own_login, office server) */
} FcrmIntakeFixture;

/* How the server is started: the test data of g_test_add (NULL: defaults). */
typedef struct
{
  const char *const *args;    /* more options of `intake serve` */
  int                nofile;  /* RLIMIT_NOFILE of the server; 0: inherited */
  gboolean           own_login;  /* on the office server, sign in as a login of its own
                                  * (a supervisor granted fcrm_intake), as README says */
} FcrmIntakeServerConfig;

/** fcrm_test_init(); exits 77 (skipped) when FCRM_CLI is not set. */
void     fcrm_test_intake_init     (int                *argc,
                                    char             ***argv);
/** A database with the manager "anna", and the server answering on it. */
void     fcrm_test_intake_setup    (FcrmIntakeFixture  *f,
                                    gconstpointer       config);
void     fcrm_test_intake_teardown (FcrmIntakeFixture  *f,
                                    gconstpointer       config);
/** Run the CLI on the fixture's database; its exit status, stdout in @out. */
int      fcrm_test_intake_cli      (FcrmIntakeFixture  *f,
                                    const char *const  *args,
                                    char              **out);
gint64   fcrm_test_intake_count_leads (FcrmIntakeFixture *f);
/** POST @body (@length -1: a string) with @token (NULL: none); the status. */
guint    fcrm_test_intake_post     (FcrmIntakeFixture  *f,
                                    const char         *content_type,
                                    const char         *body,
                                    gssize              length,
                                    const char         *token,
                                    char              **out_body);
/** Any request to @path (e.g. "/calls"; @body NULL: none), with more
 * request headers (@headers: name, value, …, NULL); redirects are not
 * followed. The status; the answer's body and headers when asked. */
guint    fcrm_test_intake_request  (FcrmIntakeFixture   *f,
                                    const char          *method,
                                    const char          *path,
                                    const char          *content_type,
                                    const char          *body,
                                    gssize               length,
                                    const char          *token,
                                    const char * const  *headers,
                                    char               **out_body,
                                    SoupMessageHeaders **out_headers);

G_END_DECLS
