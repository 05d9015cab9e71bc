#define G_LOG_DOMAIN "furniture-crm-cli"

/* intake serve: POST /leads from web forms and telephony (SPEC §5), POST
 * /calls from a telephone exchange (the screen pop, fcrm-calls.h). Every good
 * request is committed before it is answered; bad ones write nothing and the
 * server goes on. Requests are judged on their headers first (404, 405, 401,
 * 413 without reading the body: fcrm-intake-server.c keeps hostile clients in
 * bounds). The database is written by one worker thread, in order, so the main
 * loop never waits for it: while another program holds the lock, refusals and
 * bad requests are still answered at once, and leads get 503 with Retry-After
 * after a bounded wait instead of hanging. Leads that arrive while the worker
 * is busy wait for it together and are then committed together (group
 * commit), each still answered on its own and only once committed. On an
 * office server, where several connections write at once, WRITERS workers
 * each with a connection of their own take the waiting leads in turn: one
 * commits while another writes. */

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <inttypes.h>

#include "fcrm-calls.h"
#include "fcrm-cli.h"
#include "fcrm-error.h"
#include "fcrm-intake.h"
#include "fcrm-intake-server.h"
#include "fcrm-intake-web.h"
#include "fcrm-json-writer.h"

#define DEFAULT_DB_WAIT_MS 2000
#define DEFAULT_MAX_QUEUE  64
#define MAX_BATCH          64   /* leads committed together at most */
#define WRITERS            2    /* workers on an office server */

typedef struct
{
  FcrmCrm      *crms[WRITERS];    /* a worker's own; only it touches it once serving */
  GThread      *workers[WRITERS]; /* the database writes, a batch at a time each */
  guint         n_workers;
  char         *token;
  GMainLoop    *loop;
  GMainContext *context;    /* the main loop's: answers are sent from there */
  GAsyncQueue  *jobs;       /* Job, for the worker; the Intake itself asks it to stop */
  guint         queued;     /* leads handed to the worker and not answered yet */
  guint         max_queue;
  guint         db_wait_ms;
  gboolean      stopping;
  guint64       accepted;
  const char   *thanks;     /* where a browser goes once its lead is stored (NULL: a page) */
  const char * const *origins;  /* the sites whose JavaScript may post (CORS), NULL-terminated */
} Intake;

/* A lead from its body to its answer. */
typedef struct
{
  Intake            *intake;
  FcrmIntakeRequest *request;
  gboolean           call;        /* POST /calls, else a lead */
  gboolean           browser;     /* a visitor's browser posted the form: answered with HTML */
  FcrmIntakeFields   fields;
  gint64             queued_at;   /* monotonic µs */
  guint              status;      /* the answer, set by the worker */
  char              *json;        /* the lead, for 201 */
  char              *message;     /* the error otherwise */
  gint64             id;
} Job;

static void
job_free (Job *job)
{
  fcrm_intake_fields_clear (&job->fields);
  g_clear_pointer (&job->request, fcrm_intake_request_unref);
  g_free (job->json);
  g_free (job->message);
  g_free (job);
}

static gboolean
authorized (Intake            *self,
            FcrmIntakeRequest *request)
{
  const char *header = soup_message_headers_get_one (fcrm_intake_request_get_headers (request), "Authorization");

  return header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0 &&
         fcrm_secure_equal (header + 7, self->token);
}

static void
respond_retry_later (FcrmIntakeRequest *request,
                     const char        *message)
{
  fcrm_intake_request_add_header (request, "Retry-After", "1");
  fcrm_intake_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, message);
}

/* After the headers, before the body: everything that can be refused is. */
static void
headers_cb (FcrmIntakeRequest *request,
            gpointer           user_data)
{
  Intake *self = user_data;
  const char *path = fcrm_intake_request_get_path (request);
  const char *method = fcrm_intake_request_get_method (request);
  gboolean served = g_strcmp0 (path, "/leads") == 0 || g_strcmp0 (path, "/calls") == 0;

  /* a site's JavaScript asks first whether it may post (no token in that) */
  if (served && g_strcmp0 (method, "OPTIONS") == 0)
    {
      fcrm_intake_answer_preflight (request, self->origins);
      return;
    }
  fcrm_intake_add_cors (request, self->origins);
  if (!served)
    fcrm_intake_request_respond_error (request, SOUP_STATUS_NOT_FOUND, _("Only /leads and /calls are served here."));
  else if (g_strcmp0 (method, "POST") != 0)
    {
      fcrm_intake_request_add_header (request, "Allow", "POST, OPTIONS");
      fcrm_intake_request_respond_error (request, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         g_strcmp0 (path, "/calls") == 0 ? _("Send calls with POST.")
                                                                        : _("Send new leads with POST."));
    }
  else if (!authorized (self, request))
    {
      fcrm_intake_request_add_header (request, "WWW-Authenticate", "Bearer realm=\"furniture-crm\"");
      fcrm_intake_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED,
                                         _("A valid “Authorization: Bearer TOKEN” header is required."));
    }
  else if (fcrm_intake_request_get_content_length (request) > FCRM_INTAKE_MAX_BODY)
    fcrm_intake_request_respond_error (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request is larger than 64 KiB."));
}

/* The worker's answer for a lead it could not store. */
static void
set_failure (Job          *job,
             const GError *error)
{
  if (error->domain == FCRM_ERROR &&
      (error->code == FCRM_ERROR_INVALID_INPUT || error->code == FCRM_ERROR_NOT_FOUND ||
       error->code == FCRM_ERROR_REFUSED))
    {
      job->status = SOUP_STATUS_BAD_REQUEST;
      job->message = g_strdup (error->message);
    }
  else if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_BUSY) ||
           g_error_matches (error, FCRM_ERROR, FCRM_ERROR_UNREACHABLE))
    {
      job->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
      job->message = g_strdup (_("The database is busy; try again in a moment."));
      g_message ("intake: %s", error->message);
    }
  else
    {
      g_warning ("intake: %s", error->message);
      job->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      job->message = g_strdup (error->message);
    }
}

/* On the worker: a call's screen pop, in its own transaction. */
static void
store_call (FcrmCrm *crm,
            Job     *job)
{
  g_autoptr(GError) error = NULL;
  FcrmCallPop pop;

  if (!fcrm_crm_call_pop (crm, job->fields.phone, job->fields.login, job->fields.direction, &pop, &error))
    {
      set_failure (job, error);
      return;
    }
  job->status = SOUP_STATUS_ACCEPTED;
  job->json = pop.contact_id != 0
              ? g_strdup_printf ("{\"contact_id\": %" G_GINT64_FORMAT ", \"notified\": %u}\n", pop.contact_id, pop.notified)
              : g_strdup_printf ("{\"contact_id\": null, \"notified\": %u}\n", pop.notified);
}

/* On the worker: the leads that waited together, in one transaction (group
 * commit: one commit, one disk flush, for all of them). Each is answered
 * only after the commit, and on its own: a bad one is refused alone. */
static void
store_batch (Intake    *self,
             FcrmCrm   *crm,
             GPtrArray *batch)
{
  g_autofree FcrmIntakeLead *leads = g_new0 (FcrmIntakeLead, batch->len);
  g_autofree Job **stored = g_new0 (Job *, batch->len);
  gint64 now = g_get_monotonic_time ();
  guint n = 0;

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      /* waited its turn behind a lock already: the client hears at once */
      if (now - job->queued_at > (gint64) self->db_wait_ms * 1000)
        {
          job->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          job->message = g_strdup (_("The database is busy; try again in a moment."));
          continue;
        }
      if (job->call)
        {
          store_call (crm, job);
          continue;
        }
      leads[n].input = fcrm_intake_to_input (&job->fields, "webform");
      stored[n++] = job;
    }
  fcrm_intake_store_leads (crm, leads, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      Job *job = stored[i];

      if (leads[i].lead != NULL)
        {
          g_autoptr(GString) json = g_string_new (NULL);
          FcrmJsonWriter w;

          fcrm_json_writer_init (&w, json);
          fcrm_json_write_item (&w, leads[i].lead, NULL);
          g_string_append_c (json, '\n');
          job->status = SOUP_STATUS_CREATED;
          job->id = leads[i].lead->id;
          job->json = g_string_free (g_steal_pointer (&json), FALSE);
        }
      else
        set_failure (job, leads[i].error);
      g_clear_object (&leads[i].lead);
      g_clear_error (&leads[i].error);
    }
}

static gboolean answer_batch (gpointer data);

/* What a worker thread is given: the intake and its connection. */
typedef struct
{
  Intake  *intake;
  FcrmCrm *crm;
} Worker;

static gpointer
worker_main (gpointer data)
{
  g_autofree Worker *worker = data;
  Intake *self = worker->intake;

  for (;;)
    {
      GPtrArray *batch = g_ptr_array_new ();
      gpointer item = g_async_queue_pop (self->jobs);
      gboolean stop = item == self;

      /* whatever else is waiting goes in the same transaction */
      while (!stop && batch->len < MAX_BATCH)
        {
          g_ptr_array_add (batch, item);
          if (batch->len == MAX_BATCH || (item = g_async_queue_try_pop (self->jobs)) == NULL)
            break;
          stop = item == self;
        }
      if (batch->len > 0)
        {
          /* answered on the main loop's thread, never here (even while it is stopping) */
          GSource *answer = g_idle_source_new ();

          store_batch (self, worker->crm, batch);
          g_source_set_priority (answer, G_PRIORITY_DEFAULT);
          g_source_set_callback (answer, answer_batch, batch, NULL);
          g_source_attach (answer, self->context);
          g_source_unref (answer);
        }
      else
        g_ptr_array_unref (batch);
      if (stop)
        return NULL;
    }
}

/* Back on the main loop: each lead of the batch answered. */
static gboolean
answer_batch (gpointer data)
{
  g_autoptr(GPtrArray) batch = data;

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);
      Intake *self = job->intake;

      self->queued--;
      if (job->browser && job->status == SOUP_STATUS_CREATED)
        {
          self->accepted++;
          fcrm_intake_respond_thanks (job->request, self->thanks);
        }
      else if (job->browser && job->status != SOUP_STATUS_SERVICE_UNAVAILABLE)
        fcrm_intake_respond_page (job->request, job->status, job->message);
      else if (job->status == SOUP_STATUS_ACCEPTED)
        fcrm_intake_request_respond (job->request, job->status, "application/json; charset=utf-8",
                                     job->json, strlen (job->json));
      else if (job->status == SOUP_STATUS_CREATED)
        {
          g_autofree char *location = g_strdup_printf ("/leads/%" G_GINT64_FORMAT, job->id);

          self->accepted++;
          fcrm_intake_request_add_header (job->request, "Location", location);
          fcrm_intake_request_respond (job->request, job->status, "application/json; charset=utf-8",
                                       job->json, strlen (job->json));
        }
      else if (job->status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        respond_retry_later (job->request, job->message);
      else
        fcrm_intake_request_respond_error (job->request, job->status, job->message);
      job_free (job);
    }
  return G_SOURCE_REMOVE;
}

static void
body_cb (FcrmIntakeRequest *request,
         GBytes            *body,
         gpointer           user_data)
{
  Intake *self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_new0 (Job, 1);
  const char *type = soup_message_headers_get_content_type (fcrm_intake_request_get_headers (request), NULL);
  g_autoptr(GBytes) form = fcrm_intake_multipart_form (request, body);

  job->intake = self;
  job->call = g_strcmp0 (fcrm_intake_request_get_path (request), "/calls") == 0;
  job->browser = !job->call && fcrm_intake_is_browser (request);
  /* parsing needs no database: bad requests are answered even while it is busy */
  if (g_strcmp0 (type, "multipart/form-data") == 0 && form == NULL)
    g_set_error_literal (&error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("The form data could not be read."));
  else if (form != NULL)
    fcrm_intake_parse ("application/x-www-form-urlencoded", form, &job->fields, &error);
  else
    fcrm_intake_parse (type, body, &job->fields, &error);
  if (error != NULL)
    {
      if (job->browser)
        fcrm_intake_respond_page (request, SOUP_STATUS_BAD_REQUEST, error->message);
      else
        fcrm_intake_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, error->message);
      job_free (job);
      return;
    }
  if (self->stopping || self->queued >= self->max_queue)
    {
      respond_retry_later (request, _("Too many leads are waiting to be stored; try again in a moment."));
      job_free (job);
      return;
    }
  job->queued_at = g_get_monotonic_time ();
  job->request = fcrm_intake_request_ref (request);
  self->queued++;
  g_async_queue_push (self->jobs, job);
}

/* An http(s) URL with no control characters (it goes into a header) */
static gboolean
web_url (const char *text,
         gboolean    origin)
{
  g_autoptr(GUri) uri = text != NULL ? g_uri_parse (text, G_URI_FLAGS_NONE, NULL) : NULL;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ')
      return FALSE;
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  /* an origin is scheme://host[:port], exactly as a browser sends it */
  return !origin || (*g_uri_get_path (uri) == '\0' && g_uri_get_query (uri) == NULL && g_uri_get_userinfo (uri) == NULL);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (((Intake *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_listen (const char      *text,
              GSocketAddress **out)
{
  g_autofree char *host = NULL;
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;
  guint64 port;
  GInetAddress *inet;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    return FALSE;
  host = g_strndup (text, colon - text);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    return FALSE;
  *out = g_inet_socket_address_new (inet, (guint16) port);
  g_object_unref (inet);
  return TRUE;
}

/* The address the server is reached at, for the start-up line. */
static void
announce (FcrmIntakeServer *server)
{
  g_autoptr(GSocketAddress) local = fcrm_intake_server_get_local_address (server);
  g_autofree char *host = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return;
  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  if (strchr (host, ':') != NULL)
    {
      char *bracketed = g_strdup_printf ("[%s]", host);
      g_free (host);
      host = bracketed;
    }
  {
    g_autofree char *uri = g_strdup_printf ("http://%s:%u/", host, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
    g_printerr (_("Receiving leads at %sleads\n"), uri);
  }
}

/* The intake's connections and queue let go; @error, if any, printed. */
static int
intake_close (Intake *self,
              GError *error)
{
  for (guint i = 0; i < WRITERS; i++)
    g_clear_object (&self->crms[i]);
  g_clear_pointer (&self->jobs, g_async_queue_unref);
  return error != NULL ? fcrm_cli_fail (error) : FCRM_EXIT_ERROR;
}

int
fcrm_cli_intake (FcrmCli *cli,
                 int      argc,
                 char   **argv)
{
  g_autofree char *listen_at = NULL, *token = NULL, *thanks = NULL;
  g_auto(GStrv) origins = NULL;
  g_autoptr(FcrmIntakeServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  FcrmIntakeLimits limits = FCRM_INTAKE_LIMITS_DEFAULT;
  int max_connections = (int) limits.max_connections, timeout_ms = 0;
  int db_wait_ms = DEFAULT_DB_WAIT_MS, max_queue = DEFAULT_MAX_QUEUE;
  gint64 until;
  Intake self = { 0 };
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_at, N_("Address and port (default 127.0.0.1:8088)"), N_("HOST:PORT") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, N_("The secret callers send as “Authorization: Bearer TOKEN”"), N_("TOKEN") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections, N_("Serve at most this many connections at once (default 256)"), N_("N") },
    { "thanks", 0, 0, G_OPTION_ARG_STRING, &thanks, N_("Send a browser here once its form is stored (303 See Other)"), N_("URL") },
    { "allow-origin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &origins, N_("A site whose pages may post from JavaScript (CORS); may repeat"), N_("ORIGIN") },
    /* for tests: every connection timeout at once, the wait for a locked
     * database, and how many leads may wait for it */
    { "timeout-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &timeout_ms, NULL, NULL },
    { "db-wait-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &db_wait_ms, NULL, NULL },
    { "max-queue", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &max_queue, NULL, NULL },
    { NULL }
  };
  const char *usage = _("Usage: intake serve [--listen 127.0.0.1:8088] --token TOKEN [--thanks URL] [--allow-origin ORIGIN]…");

  if (argc < 2 || g_strcmp0 (argv[1], "serve") != 0)
    return fcrm_cli_usage (usage);
  argc--, argv++;
  if (!fcrm_cli_parse ("intake serve", NULL, entries, &argc, &argv))
    return FCRM_EXIT_USAGE;
  if (token == NULL && g_getenv ("FURNITURE_CRM_INTAKE_TOKEN") != NULL)
    token = g_strdup (g_getenv ("FURNITURE_CRM_INTAKE_TOKEN"));
  if (argc != 1 || token == NULL || *token == '\0' || max_connections < 1 || timeout_ms < 0 ||
      db_wait_ms < 1 || max_queue < 1)
    return fcrm_cli_usage (usage);
  if (thanks != NULL && !web_url (thanks, FALSE))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a web address for --thanks; write it like https://example.com/thanks."),
                                              thanks);
      return fcrm_cli_usage (msg);
    }
  for (guint i = 0; origins != NULL && origins[i] != NULL; i++)
    if (!web_url (origins[i], TRUE))
      {
        g_autofree char *msg = g_strdup_printf (_("“%s” is not an origin for --allow-origin; write it like https://example.com."),
                                                origins[i]);
        return fcrm_cli_usage (msg);
      }
  if (strlen (token) < 8)
    {
      g_printerr (_("The token is too short: use at least 8 characters.\n"));
      return FCRM_EXIT_USAGE;
    }
  if (!parse_listen (listen_at != NULL ? listen_at : "127.0.0.1:8088", &address))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not an address to listen on; write it like 127.0.0.1:8088."),
                                              listen_at);
      return fcrm_cli_usage (msg);
    }
  if (!fcrm_cli_open (cli))
    return FCRM_EXIT_ERROR;
  self.crms[0] = g_object_ref (cli->crm);
  self.n_workers = fcrm_crm_is_office_server (cli->crm) ? WRITERS : 1;
  for (guint i = 1; i < self.n_workers; i++)
    if ((self.crms[i] = fcrm_cli_open_another (cli, &error)) == NULL)
      return intake_close (&self, error);
  for (guint i = 0; i < self.n_workers; i++)
    if (!fcrm_crm_set_lock_timeout (self.crms[i], (guint) db_wait_ms, &error))
      return intake_close (&self, error);
  limits.max_connections = (guint) max_connections;
  if (timeout_ms > 0)
    limits.header_timeout_ms = limits.body_timeout_ms = limits.idle_timeout_ms = (guint) timeout_ms;

  loop = g_main_loop_new (NULL, FALSE);
  self.token = token;
  self.loop = loop;
  self.context = g_main_context_default ();
  self.jobs = g_async_queue_new ();
  self.max_queue = (guint) max_queue;
  self.db_wait_ms = (guint) db_wait_ms;
  self.thanks = thanks;
  self.origins = (const char * const *) origins;
  server = fcrm_intake_server_new (&limits, headers_cb, body_cb, &self);
  if (!fcrm_intake_server_listen (server, address, &error))
    {
      g_printerr (_("Cannot listen on %s: %s\n"), listen_at != NULL ? listen_at : "127.0.0.1:8088", error->message);
      return intake_close (&self, NULL);
    }
  for (guint i = 0; i < self.n_workers; i++)
    {
      Worker *worker = g_new (Worker, 1);

      *worker = (Worker) { &self, self.crms[i] };
      self.workers[i] = g_thread_new ("intake-writer", worker_main, worker);
    }
  announce (server);
  g_unix_signal_add (SIGINT, quit_cb, &self);
  g_unix_signal_add (SIGTERM, quit_cb, &self);
  g_main_loop_run (loop);

  /* leads already queued are stored and answered; new ones are turned away */
  self.stopping = TRUE;
  /* one stop for each worker: each takes one and ends (after the leads before it) */
  for (guint i = 0; i < self.n_workers; i++)
    g_async_queue_push (self.jobs, &self);
  for (guint i = 0; i < self.n_workers; i++)
    g_thread_join (self.workers[i]);
  while (self.queued > 0)
    g_main_context_iteration (NULL, TRUE);
  /* and their answers reach the clients (a stored lead whose answer is lost
   * would be sent again), for a moment at most */
  until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (fcrm_intake_server_is_sending (server) && g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_clear_object (&server);
  intake_close (&self, NULL);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Stopped after %u lead.\n", "Stopped after %u leads.\n", (gulong) self.accepted),
              (guint) self.accepted);
  return FCRM_EXIT_OK;
}
