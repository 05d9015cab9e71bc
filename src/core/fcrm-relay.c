#define G_LOG_DOMAIN "fcrm-relay"

/* Progress from a worker thread to the caller's main context (an import, a
 * restore): the main loop takes the latest figure, calls never pile up, and
 * the last one always arrives. */

#include "fcrm-crm-private.h"

struct _FcrmRelay
{
  GMainContext  *context;
  FcrmRelayFunc  func;
  gpointer       user_data;
  GDestroyNotify user_data_free;
  gint           pending;   /* atomic: a call is queued */
};

typedef struct
{
  FcrmRelay *relay;
  double     a, b;
} Message;

static void
relay_free (FcrmRelay *relay)
{
  g_main_context_unref (relay->context);
  if (relay->user_data_free != NULL)
    relay->user_data_free (relay->user_data);
}

FcrmRelay *
fcrm_relay_new (FcrmRelayFunc  func,
                gpointer       user_data,
                GDestroyNotify user_data_free)
{
  FcrmRelay *relay = g_atomic_rc_box_new0 (FcrmRelay);

  relay->context = g_main_context_ref_thread_default ();
  relay->func = func;
  relay->user_data = user_data;
  relay->user_data_free = user_data_free;
  return relay;
}

void
fcrm_relay_unref (FcrmRelay *relay)
{
  g_atomic_rc_box_release_full (relay, (GDestroyNotify) relay_free);
}

static gboolean
deliver (gpointer data)
{
  Message *m = data;

  g_atomic_int_set (&m->relay->pending, 0);
  m->relay->func (m->a, m->b, m->relay->user_data);
  return G_SOURCE_REMOVE;
}

static void
message_free (gpointer data)
{
  Message *m = data;

  fcrm_relay_unref (m->relay);
  g_free (m);
}

void
fcrm_relay_post (FcrmRelay *relay,
                 double     a,
                 double     b,
                 gboolean   last)
{
  GSource *source;
  Message *m;

  if (relay == NULL || relay->func == NULL ||
      (!g_atomic_int_compare_and_exchange (&relay->pending, 0, 1) && !last))
    return;
  m = g_new0 (Message, 1);
  m->relay = g_atomic_rc_box_acquire (relay);
  m->a = a;
  m->b = b;
  /* a source, never g_main_context_invoke(): that runs the call right here
   * when no thread happens to own the context at the moment */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[fcrm] progress");
  g_source_set_callback (source, deliver, m, message_free);
  g_source_attach (source, relay->context);
  g_source_unref (source);
}
