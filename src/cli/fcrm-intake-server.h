#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The HTTP/1.1 server under `intake serve`, built for hostile clients: see
 * fcrm-intake-server.c for why it is not a SoupServer. */

typedef struct
{
  guint max_connections;    /* open at once; one more is answered 503 and closed */
  guint header_timeout_ms;  /* from the connection (or a request's first byte) to the end of its headers */
  guint body_timeout_ms;    /* from the end of the headers to the end of the body; also sending the answer */
  guint idle_timeout_ms;    /* keep-alive: waiting for the next request */
} FcrmIntakeLimits;

#define FCRM_INTAKE_LIMITS_DEFAULT ((FcrmIntakeLimits) { 256, 10000, 30000, 15000 })

typedef struct _FcrmIntakeRequest FcrmIntakeRequest;

/** Called once a request's headers are in and before any of its body is read:
 * answer now to refuse it (its body is then never read and the connection is
 * closed), or leave it to the body function. */
typedef void (*FcrmIntakeHeadersFunc) (FcrmIntakeRequest *request,
                                       gpointer           user_data);
/** Called with the whole body (at most FCRM_INTAKE_MAX_BODY); must answer,
 * now or later (holding a reference). */
typedef void (*FcrmIntakeBodyFunc)    (FcrmIntakeRequest *request,
                                       GBytes            *body,
                                       gpointer           user_data);

#define FCRM_TYPE_INTAKE_SERVER (fcrm_intake_server_get_type ())
G_DECLARE_FINAL_TYPE (FcrmIntakeServer, fcrm_intake_server, FCRM, INTAKE_SERVER, GObject)

/** A server that calls @headers_func and @body_func on the thread-default main context. */
FcrmIntakeServer *fcrm_intake_server_new        (const FcrmIntakeLimits *limits,
                                                 FcrmIntakeHeadersFunc   headers_func,
                                                 FcrmIntakeBodyFunc      body_func,
                                                 gpointer                user_data);
/** Start accepting connections on @address. */
gboolean          fcrm_intake_server_listen     (FcrmIntakeServer       *self,
                                                 GSocketAddress         *address,
                                                 GError                **error);
/** The address it listens on (with the port chosen for port 0); NULL before listening. */
GSocketAddress   *fcrm_intake_server_get_local_address (FcrmIntakeServer *self);

/** TRUE while an answer is still being sent on some connection. */
gboolean          fcrm_intake_server_is_sending (FcrmIntakeServer *self);

/** Keep a request to answer it later (from a callback on the same main context). */
FcrmIntakeRequest  *fcrm_intake_request_ref    (FcrmIntakeRequest *request);
void                fcrm_intake_request_unref  (FcrmIntakeRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmIntakeRequest, fcrm_intake_request_unref)

/** The method, e.g. "POST". */
const char         *fcrm_intake_request_get_method  (FcrmIntakeRequest *request);
/** The decoded path of the target, without the query. */
const char         *fcrm_intake_request_get_path    (FcrmIntakeRequest *request);
/** The request headers (owned by the request). */
SoupMessageHeaders *fcrm_intake_request_get_headers (FcrmIntakeRequest *request);
/** The announced body length: 0 for none, -1 when chunked (unknown until read). */
goffset             fcrm_intake_request_get_content_length (FcrmIntakeRequest *request);
/** Add a header to the answer; before answering. */
void                fcrm_intake_request_add_header  (FcrmIntakeRequest *request,
                                                     const char        *name,
                                                     const char        *value);
/** Answer with @body. Ignored when answered already or the client is gone. */
void                fcrm_intake_request_respond     (FcrmIntakeRequest *request,
                                                     guint              status,
                                                     const char        *content_type,
                                                     const char        *body,
                                                     gsize              length);
/** Answer {"error": @message}. */
void                fcrm_intake_request_respond_error (FcrmIntakeRequest *request,
                                                       guint              status,
                                                       const char        *message);

G_END_DECLS
