/* Throughput figures of issue 10 for build-aux/bench (not a test): bulk demo
 * data, moving a database to the office server, and the intake endpoint
 * under concurrent clients. Each prints one JSON object per measure.
 *
 *   fcrm-bench-thru demo LOCATION LEADS DEALS CONTACTS
 *   fcrm-bench-thru migrate SQLITE_FILE POSTGRESQL_URI
 *   fcrm-bench-thru intake HOST:PORT TOKEN CLIENTS REQUESTS [fresh]
 *
 * intake: CLIENTS threads post REQUESTS leads in all, each over its own
 * kept-alive HTTP/1.1 connection (with "fresh", a new connection per lead:
 * what a web server forwarding posts does, and what fills the listen
 * backlog). A connection refused or reset, or one closed before its answer
 * is whole, counts as a reset; the client reconnects and goes on. */

#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fcrm-crm.h"
#include "fcrm-migrate.h"

typedef struct
{
  struct sockaddr_in address;
  const char        *token;
  guint              n;
  guint              index;
  gboolean           fresh;
  guint              created, busy, other, resets;
} Client;

static GMutex start_lock;
static GCond  start_cond;
static gboolean started;

static int
connect_to (const struct sockaddr_in *address)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int one = 1;
  struct timeval timeout = { 30, 0 };

  if (fd < 0)
    return -1;
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect (fd, (const struct sockaddr *) address, sizeof *address) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
send_all (int         fd,
          const char *data,
          gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* One answer: its status, and whether the server keeps the connection. 0 on
 * a reset or an early close. */
static guint
read_answer (int       fd,
             gboolean *keep)
{
  char buffer[16384];
  gsize have = 0;
  char *end = NULL;
  guint status = 0;
  gsize length = 0, header_len;
  const char *cl;

  while (end == NULL)
    {
      ssize_t n;

      if (have == sizeof buffer - 1)
        return 0;
      n = recv (fd, buffer + have, sizeof buffer - 1 - have, 0);
      if (n <= 0)
        return 0;
      have += n;
      buffer[have] = '\0';
      end = strstr (buffer, "\r\n\r\n");
    }
  header_len = end + 4 - buffer;
  if (sscanf (buffer, "HTTP/1.1 %u", &status) != 1)
    return 0;
  cl = g_strstr_len (buffer, header_len, "Content-Length: ");
  if (cl != NULL)
    length = g_ascii_strtoull (cl + 16, NULL, 10);
  *keep = g_strstr_len (buffer, header_len, "Connection: close") == NULL;
  /* the rest of the body */
  for (gsize got = have - header_len; got < length;)
    {
      ssize_t n = recv (fd, buffer, MIN (sizeof buffer, length - got), 0);

      if (n <= 0)
        return 0;
      got += n;
    }
  return status;
}

static gpointer
client_main (gpointer data)
{
  Client *c = data;
  int fd = -1;

  g_mutex_lock (&start_lock);
  while (!started)
    g_cond_wait (&start_cond, &start_lock);
  g_mutex_unlock (&start_lock);

  for (guint i = 0; i < c->n; i++)
    {
      guint k = c->index * 1000000 + i;
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Client %u\",\"phone\":\"+7 912 %03u-%02u-%02u\",\"source\":\"call\"}",
                                               k, k % 1000, (k / 1000) % 100, k % 100);
      g_autofree char *request = g_strdup_printf ("POST /leads HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n"
                                                  "Content-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n%s",
                                                  c->token, strlen (body), c->fresh ? "Connection: close\r\n" : "", body);
      gboolean keep = FALSE;
      guint status;

      if (fd < 0 && (fd = connect_to (&c->address)) < 0)
        {
          c->resets++;
          g_usleep (1000);
          continue;
        }
      status = send_all (fd, request, strlen (request)) ? read_answer (fd, &keep) : 0;
      if (status == 201)
        c->created++;
      else if (status == 503)
        c->busy++;
      else if (status == 0)
        c->resets++;
      else
        c->other++;
      if (status == 0 || !keep || c->fresh)
        {
          close (fd);
          fd = -1;
        }
    }
  if (fd >= 0)
    close (fd);
  return NULL;
}

static int
bench_intake (const char *listen,
              const char *token,
              guint       clients,
              guint       requests,
              gboolean    fresh)
{
  g_autofree Client *c = g_new0 (Client, clients);
  g_autofree GThread **threads = g_new0 (GThread *, clients);
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = colon != NULL ? g_strndup (listen, colon - listen) : NULL;
  guint created = 0, busy = 0, other = 0, resets = 0;
  gint64 start;
  double seconds;

  if (host == NULL)
    return 2;
  for (guint i = 0; i < clients; i++)
    {
      c[i].address.sin_family = AF_INET;
      c[i].address.sin_port = htons ((guint16) g_ascii_strtoull (colon + 1, NULL, 10));
      inet_pton (AF_INET, host, &c[i].address.sin_addr);
      c[i].token = token;
      c[i].n = requests / clients + (i < requests % clients);
      c[i].index = i;
      c[i].fresh = fresh;
      threads[i] = g_thread_new ("client", client_main, &c[i]);
    }
  g_mutex_lock (&start_lock);
  start = g_get_monotonic_time ();
  started = TRUE;
  g_cond_broadcast (&start_cond);
  g_mutex_unlock (&start_lock);
  for (guint i = 0; i < clients; i++)
    {
      g_thread_join (threads[i]);
      created += c[i].created;
      busy += c[i].busy;
      other += c[i].other;
      resets += c[i].resets;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("{\"figure\": \"thru_intake\", \"clients\": %u, \"fresh\": %s, \"n\": %u, \"created\": %u, \"busy\": %u, "
           "\"other\": %u, \"resets\": %u, \"seconds\": %.3f, \"per_second\": %.1f}\n",
           clients, fresh ? "true" : "false", requests, created, busy, other, resets, seconds, created / seconds);
  return 0;
}

static int
bench_demo (const char *location,
            guint       leads,
            guint       deals,
            guint       contacts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open_full (location, NULL, FCRM_OPEN_CREATE, &error);
  FcrmDemoOptions options = { leads, deals, contacts, 42 };
  gint64 start;
  double seconds;

  if (crm == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  if (!fcrm_crm_demo (crm, &options, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("{\"figure\": \"thru_demo\", \"records\": %u, \"seconds\": %.3f, \"per_second\": %.1f}\n",
           leads + deals + contacts, seconds, (leads + deals + contacts) / seconds);
  return 0;
}

static int
bench_migrate (const char *file,
               const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (file, NULL, &error);
  g_autoptr(GArray) tables = NULL;
  gint64 rows = 0, start;
  double seconds;

  if (crm == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  if (!fcrm_migrate_to (crm, uri, NULL, NULL, &tables, NULL, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  for (guint i = 0; i < tables->len; i++)
    {
      rows += g_array_index (tables, FcrmMigrateTable, i).rows;
      g_free (g_array_index (tables, FcrmMigrateTable, i).checksum);
    }
  g_print ("{\"figure\": \"thru_migrate\", \"rows\": %" G_GINT64_FORMAT ", \"seconds\": %.3f, \"per_second\": %.1f}\n",
           rows, seconds, rows / seconds);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 6 && g_strcmp0 (argv[1], "demo") == 0)
    return bench_demo (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10), (guint) g_ascii_strtoull (argv[4], NULL, 10),
                       (guint) g_ascii_strtoull (argv[5], NULL, 10));
  if (argc == 4 && g_strcmp0 (argv[1], "migrate") == 0)
    return bench_migrate (argv[2], argv[3]);
  if ((argc == 6 || argc == 7) && g_strcmp0 (argv[1], "intake") == 0)
    return bench_intake (argv[2], argv[3], MAX (1, (guint) g_ascii_strtoull (argv[4], NULL, 10)),
                         (guint) g_ascii_strtoull (argv[5], NULL, 10), argc == 7 && g_strcmp0 (argv[6], "fresh") == 0);
  g_printerr ("usage: %s demo LOCATION LEADS DEALS CONTACTS\n"
              "       %s migrate SQLITE_FILE POSTGRESQL_URI\n"
              "       %s intake HOST:PORT TOKEN CLIENTS REQUESTS [fresh]\n", argv[0], argv[0], argv[0]);
  return 2;
}
