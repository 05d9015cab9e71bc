#pragma once

/* What fcrm-intake-server.c (connections, answers, accepting) and
 * fcrm-intake-http.c (reading a request off a connection) share. */

#include "fcrm-intake-server.h"

G_BEGIN_DECLS

#define READ_SIZE        (16 * 1024)
#define MAX_HEAD         (16 * 1024)   /* request line and headers */
#define MAX_CHUNK_LINE   1024          /* a chunk-size line with its extensions */
#define MAX_TRAILER      (8 * 1024)
#define LINGER_MS        2000          /* after a refusal: let the client read it before the close */
#define LINGER_BYTES     (256 * 1024)  /* … and throw away at most this much of what it still sends */
#define ACCEPT_BATCH     32
#define ACCEPT_RETRY_MS  100

typedef enum {
  STATE_HEAD,      /* waiting for (the rest of) a request head */
  STATE_BODY,      /* reading the body */
  STATE_HANDLING,  /* the body is in: the application is answering */
  STATE_WRITING,   /* sending the answer */
  STATE_LINGER,    /* answer sent and the write side shut: draining, then closing */
} State;

typedef enum {
  CHUNK_SIZE,
  CHUNK_DATA,
  CHUNK_DATA_END,
  CHUNK_TRAILER,
} ChunkState;

typedef struct _Conn Conn;

struct _FcrmIntakeRequest
{
  grefcount           ref;
  Conn               *conn;       /* NULL once the exchange is over or the connection gone */
  char               *method;
  char               *path;
  SoupMessageHeaders *headers;
  SoupMessageHeaders *response_headers;
  goffset             length;     /* -1: chunked */
  gboolean            close;      /* no keep-alive after the answer */
  gboolean            answered;
};

struct _Conn
{
  FcrmIntakeServer  *server;
  GList              link;        /* in server->conns */
  GSocket           *socket;
  GSource           *in_source;
  GSource           *out_source;
  guint              timer_id;
  State              state;
  GByteArray        *in;          /* received, not consumed yet */
  GByteArray        *out;
  gsize              out_done;
  GByteArray        *body;
  ChunkState         chunk;
  guint64            remaining;   /* of a Content-Length body, or of the current chunk */
  gsize              trailer;
  gsize              drained;
  gboolean           head_started;
  FcrmIntakeRequest *request;     /* the current exchange */
};

struct _FcrmIntakeServer
{
  GObject                parent_instance;
  FcrmIntakeLimits       limits;
  FcrmIntakeHeadersFunc  headers_func;
  FcrmIntakeBodyFunc     body_func;
  gpointer               user_data;
  GSocket               *listener;
  GSource               *accept_source;
  guint                  retry_id;   /* accepting is paused after an error */
  gint64                 warned_at;  /* monotonic time of the last warning about it */
  GQueue                 conns;
};

/* fcrm-intake-server.c */

/** The server's own refusal of the current request; the connection ends. */
void fcrm_intake_conn_fail         (Conn    *conn,
                                    guint    status);
/** A deadline for what the connection waits for; @ms 0: none. */
void fcrm_intake_conn_set_deadline (Conn    *conn,
                                    guint    ms);
void fcrm_intake_conn_watch_in     (Conn    *conn,
                                    gboolean on);
void fcrm_intake_conn_watch_out    (Conn    *conn,
                                    gboolean on);

/* fcrm-intake-http.c */

/** Read what arrived: the head, then the body, handing each complete
 * request to the application. */
void fcrm_intake_conn_process      (Conn    *conn);

G_END_DECLS
