#define G_LOG_DOMAIN "fcrm-crm-async"

/* The worker behind fcrm-crm-async.h: one thread per FcrmCrm, fed through a
 * queue, with a FcrmCrm of its own on a second connection. The worker thread
 * never touches a GTask nor drops a reference the caller handed over: a
 * finished job travels back to the caller's main context whole, and is
 * returned and freed there. So the last reference to the FcrmCrm (each task
 * holds one) always goes on the caller's thread, which may then join the
 * worker: by then its queue is empty. */

#include "fcrm-crm-async.h"
#include "fcrm-crm-private.h"
#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"

struct _FcrmWorker
{
  GThread     *thread;
  GAsyncQueue *queue;          /* Job, then the stop mark */
  /* what opening needs, copied on the caller's thread before the thread starts */
  FcrmStore   *main_store;     /* only asked to open another connection */
  GPtrArray   *pipelines;      /* immutable once loaded: shared */
  GHashTable  *stages;
  char        *server_login;
  /* the worker thread's alone */
  FcrmCrm     *crm;            /* NULL until the first job opens it */
};

typedef struct
{
  FcrmReadFunc    func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  GTask          *task;        /* touched on the caller's context only */
  GMainContext   *context;
  GCancellable   *cancellable;
  FcrmUser       *actor;       /* the caller's actor when the job was asked for */
  gint64          now;         /* and its clock's time */
  gpointer        result;
  GError         *error;
} Job;

/* pushed by fcrm_crm_stop_worker() after the last job */
static Job stop_mark;

static void
job_free (Job *job)
{
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_error (&job->error);
  g_clear_object (&job->actor);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  /* may drop the last reference to the FcrmCrm, which joins the worker */
  g_clear_object (&job->task);
  g_free (job);
}

static FcrmCrm *
worker_open (FcrmWorker *worker,
             GError    **error)
{
  g_autoptr(FcrmStore) store = fcrm_store_open_another (worker->main_store, error);
  FcrmCrm *crm;

  if (store == NULL)
    return NULL;
  /* the main FcrmCrm made the schema and loaded the template: only read here */
  crm = g_object_new (FCRM_TYPE_CRM, NULL);
  crm->store = g_steal_pointer (&store);
  crm->clock = fcrm_clock_new_fixed (0);
  crm->pipelines = g_ptr_array_ref (worker->pipelines);
  crm->stages = g_hash_table_ref (worker->stages);
  crm->server_login = g_strdup (worker->server_login);
  return crm;
}

static void
job_run (FcrmWorker *worker,
         Job        *job)
{
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    return;
  if (worker->crm == NULL)
    worker->crm = worker_open (worker, &job->error);
  if (worker->crm == NULL)
    return;

  fcrm_clock_set (worker->crm->clock, job->now);
  g_set_object (&worker->crm->actor, job->actor);
  job->result = job->func (worker->crm, job->data, &job->error);
  /* other desktops' change notices reach this connection as well: taking
   * them here keeps them from piling up (no round trip) */
  fcrm_store_data_version (worker->crm->store);
}

static gboolean
job_return_cb (gpointer user_data)
{
  Job *job = user_data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer user_data)
{
  FcrmWorker *worker = user_data;
  Job *job;

  fcrm_worker_yield_cpu ();
  while ((job = g_async_queue_pop (worker->queue)) != &stop_mark)
    {
      GSource *source;

      job_run (worker, job);
      /* the job is the caller's again: returned and freed on its context */
      source = g_idle_source_new ();
      g_source_set_static_name (source, "[fcrm] read result");
      g_source_set_callback (source, job_return_cb, job, (GDestroyNotify) job_free);
      g_source_attach (source, job->context);
      g_source_unref (source);
    }
  /* the connection closes on the thread that used it */
  g_clear_object (&worker->crm);
  return NULL;
}

static FcrmWorker *
ensure_worker (FcrmCrm *self)
{
  FcrmWorker *worker = self->worker;

  if (worker != NULL)
    return worker;
  worker = g_new0 (FcrmWorker, 1);
  worker->queue = g_async_queue_new ();
  worker->main_store = g_object_ref (self->store);
  worker->pipelines = g_ptr_array_ref (self->pipelines);
  worker->stages = g_hash_table_ref (self->stages);
  worker->server_login = g_strdup (self->server_login);
  worker->thread = g_thread_new ("fcrm-reader", worker_main, worker);
  self->worker = worker;
  return worker;
}

void
fcrm_crm_stop_worker (FcrmCrm *self)
{
  FcrmWorker *worker = g_steal_pointer (&self->worker);

  if (worker == NULL)
    return;
  /* every job holds the FcrmCrm: none is left when it goes (see the top) */
  g_assert (g_thread_self () != worker->thread);
  g_async_queue_push (worker->queue, &stop_mark);
  g_thread_join (worker->thread);
  g_async_queue_unref (worker->queue);
  g_object_unref (worker->main_store);
  g_ptr_array_unref (worker->pipelines);
  g_hash_table_unref (worker->stages);
  g_free (worker->server_login);
  g_free (worker);
}

static void
read_async_tagged (FcrmCrm             *self,
                   gpointer             source_tag,
                   FcrmReadFunc         func,
                   gpointer             data,
                   GDestroyNotify       data_free,
                   GDestroyNotify       result_free,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_task_set_name (job->task, "[fcrm] read");
  job->context = g_main_context_ref (g_task_get_context (job->task));
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->actor = self->actor != NULL ? g_object_ref (self->actor) : NULL;
  job->now = fcrm_clock_now (self->clock);
  g_async_queue_push (ensure_worker (self)->queue, job);
}

static gpointer
read_finish_tagged (FcrmCrm      *self,
                    GAsyncResult *result,
                    gpointer      source_tag,
                    GError      **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fcrm_crm_read_async (FcrmCrm             *self,
                     FcrmReadFunc         func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (FCRM_IS_CRM (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  read_async_tagged (self, fcrm_crm_read_async, func, data, data_free, result_free,
                     cancellable, callback, user_data);
}

gpointer
fcrm_crm_read_finish (FcrmCrm      *self,
                      GAsyncResult *result,
                      GError      **error)
{
  return read_finish_tagged (self, result, fcrm_crm_read_async, error);
}

/* The _finish of a typed read: its result, once checked to answer @async. */
#define DEFINE_READ_FINISH(Type, finish, async)            \
  Type *                                                   \
  finish (FcrmCrm      *self,                              \
          GAsyncResult *result,                            \
          GError      **error)                             \
  {                                                        \
    return read_finish_tagged (self, result, async, error); \
  }

/* A board column */

typedef struct
{
  char            *stage;
  char            *source;
  FcrmBoardFilter  filter;     /* .source points at source */
  FcrmBoardKey     after;
  gboolean         from_top;
  guint            limit;
  gboolean         with_totals;
} StagePageArgs;

static void
stage_page_args_free (StagePageArgs *args)
{
  g_free (args->stage);
  g_free (args->source);
  g_free (args);
}

void
fcrm_stage_page_free (FcrmStagePage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static gpointer
stage_page_job (FcrmCrm  *worker,
                gpointer  data,
                GError  **error)
{
  StagePageArgs *args = data;
  g_autoptr(FcrmStagePage) page = g_new0 (FcrmStagePage, 1);

  page->count = page->sum = -1;
  if (args->with_totals &&
      !fcrm_crm_stage_totals_filtered (worker, args->stage, &args->filter, &page->count, &page->sum, error))
    return NULL;
  page->items = fcrm_crm_stage_page_filtered (worker, args->stage, &args->filter,
                                              args->from_top ? NULL : &args->after, args->limit, error);
  if (page->items == NULL)
    return NULL;
  return g_steal_pointer (&page);
}

void
fcrm_crm_stage_page_async (FcrmCrm               *self,
                           const char            *stage,
                           const FcrmBoardFilter *filter,
                           const FcrmBoardKey    *after,
                           guint                  limit,
                           gboolean               with_totals,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  StagePageArgs *args;

  g_return_if_fail (FCRM_IS_CRM (self));
  g_return_if_fail (stage != NULL);

  args = g_new0 (StagePageArgs, 1);
  args->stage = g_strdup (stage);
  if (filter != NULL)
    {
      args->source = g_strdup (filter->source);
      args->filter = *filter;
    }
  args->filter.source = args->source;
  args->from_top = after == NULL;
  if (after != NULL)
    args->after = *after;
  args->limit = limit;
  args->with_totals = with_totals;
  read_async_tagged (self, fcrm_crm_stage_page_async, stage_page_job, args,
                     (GDestroyNotify) stage_page_args_free, (GDestroyNotify) fcrm_stage_page_free,
                     cancellable, callback, user_data);
}

DEFINE_READ_FINISH (FcrmStagePage, fcrm_crm_stage_page_finish, fcrm_crm_stage_page_async)

/* A card */

typedef struct
{
  FcrmEntityType type;
  gint64         id;
} ItemArgs;

static ItemArgs *
item_args_new (FcrmEntityType type,
               gint64         id)
{
  ItemArgs *args = g_new (ItemArgs, 1);

  args->type = type;
  args->id = id;
  return args;
}

void
fcrm_card_data_free (FcrmCardData *data)
{
  if (data == NULL)
    return;
  g_clear_object (&data->item);
  g_clear_object (&data->linked);
  g_clear_pointer (&data->history, g_ptr_array_unref);
  g_clear_pointer (&data->comments, g_ptr_array_unref);
  g_clear_pointer (&data->tasks, g_ptr_array_unref);
  g_clear_pointer (&data->notifications, g_ptr_array_unref);
  g_clear_pointer (&data->participants, g_ptr_array_unref);
  g_clear_pointer (&data->attachments, g_ptr_array_unref);
  g_clear_pointer (&data->users, g_ptr_array_unref);
  g_clear_object (&data->contact);
  g_clear_object (&data->company);
  g_clear_pointer (&data->leads, g_ptr_array_unref);
  g_clear_pointer (&data->deals, g_ptr_array_unref);
  g_clear_pointer (&data->contacts, g_ptr_array_unref);
  g_clear_pointer (&data->item_tasks, g_ptr_array_unref);
  g_clear_pointer (&data->item_comments, g_ptr_array_unref);
  g_clear_pointer (&data->manufacturing, g_ptr_array_unref);
  g_free (data->handover_stage);
  g_free (data);
}

gint64
fcrm_card_data_get_entity (FcrmCardData   *data,
                           FcrmEntityType *out_type,
                           gint64         *out_id)
{
  FcrmEntityType type = FCRM_ENTITY_LEAD;
  gint64 id = 0, version = -1;

  g_return_val_if_fail (data != NULL, -1);

  if (data->item != NULL)
    type = data->item->type, id = data->item->id, version = data->item->version;
  else if (data->contact != NULL)
    type = FCRM_ENTITY_CONTACT, id = data->contact->id, version = data->contact->version;
  else if (data->company != NULL)
    type = FCRM_ENTITY_COMPANY, id = data->company->id, version = data->company->version;
  if (out_type != NULL)
    *out_type = type;
  if (out_id != NULL)
    *out_id = id;
  return version;
}

/* open ones by due date (none last), then done ones, the latest first */
static int
compare_tasks (gconstpointer a,
               gconstpointer b)
{
  FcrmTask *x = *(FcrmTask **) a, *y = *(FcrmTask **) b;

  if (x->done != y->done)
    return x->done ? 1 : -1;
  if (x->done)
    return x->done_at < y->done_at ? 1 : x->done_at > y->done_at ? -1 : 0;
  if ((x->due_at == 0) != (y->due_at == 0))
    return x->due_at == 0 ? 1 : -1;
  return x->due_at < y->due_at ? -1 : x->due_at > y->due_at ? 1 : (x->id > y->id) - (x->id < y->id);
}

static int
compare_comments (gconstpointer a,
                  gconstpointer b)
{
  FcrmComment *x = *(FcrmComment **) a, *y = *(FcrmComment **) b;

  return x->created_at < y->created_at ? 1 : x->created_at > y->created_at ? -1 : (x->id < y->id) - (x->id > y->id);
}

/* The tasks and comments of the newest of @items, into @card; an item that
 * went meanwhile (or is no longer visible) is left out. */
static gboolean
gather_item_parts (FcrmCrm      *worker,
                   GPtrArray    *items,
                   FcrmCardData *card,
                   GError      **error)
{
  for (guint i = 0; i < items->len && i < FCRM_CLIENT_CARD_ITEMS; i++)
    {
      FcrmItem *item = g_ptr_array_index (items, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) tasks = fcrm_crm_item_tasks (worker, item->type, item->id, &local);
      g_autoptr(GPtrArray) comments = tasks != NULL ? fcrm_crm_comments (worker, item->type, item->id, &local) : NULL;

      if (comments == NULL)
        {
          if (g_error_matches (local, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      for (guint j = 0; j < tasks->len; j++)
        g_ptr_array_add (card->item_tasks, g_object_ref (g_ptr_array_index (tasks, j)));
      for (guint j = 0; j < comments->len; j++)
        g_ptr_array_add (card->item_comments, g_object_ref (g_ptr_array_index (comments, j)));
    }
  return TRUE;
}

/* A client's card: the contact or company first (a card that is gone says
 * so at once), then what links to it. */
static FcrmCardData *
client_card_load (FcrmCrm        *worker,
                  FcrmEntityType  type,
                  gint64          id,
                  GError        **error)
{
  g_autoptr(FcrmCardData) card = g_new0 (FcrmCardData, 1);
  gboolean company = type == FCRM_ENTITY_COMPANY;

  if (company ? (card->company = fcrm_crm_company_get (worker, id, error)) == NULL
              : (card->contact = fcrm_crm_contact_get (worker, id, error)) == NULL)
    return NULL;
  if ((card->leads = fcrm_crm_client_items (worker, company, id, FCRM_ENTITY_LEAD, error)) == NULL ||
      (card->deals = fcrm_crm_client_items (worker, company, id, FCRM_ENTITY_DEAL, error)) == NULL ||
      (card->comments = fcrm_crm_comments (worker, type, id, error)) == NULL ||
      (card->attachments = fcrm_crm_attachments (worker, type, id, error)) == NULL ||
      (card->users = fcrm_crm_list_users (worker, error)) == NULL)
    return NULL;
  if (company && (card->contacts = fcrm_crm_company_contacts (worker, id, error)) == NULL)
    return NULL;
  card->item_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  card->item_comments = g_ptr_array_new_with_free_func (g_object_unref);
  if (!gather_item_parts (worker, card->leads, card, error) || !gather_item_parts (worker, card->deals, card, error))
    return NULL;
  g_ptr_array_sort (card->item_tasks, compare_tasks);
  g_ptr_array_sort (card->item_comments, compare_comments);
  return g_steal_pointer (&card);
}

/* The client's card and, for a repair, where its warranty comes from. */
static gboolean
load_client (FcrmCrm      *worker,
             FcrmCardData *card,
             GError      **error)
{
  FcrmItem *item = card->item;

  if (item->contact_id > 0 && (card->contact = fcrm_crm_contact_get (worker, item->contact_id, error)) == NULL)
    return FALSE;
  if (item->company_id > 0 && (card->company = fcrm_crm_company_get (worker, item->company_id, error)) == NULL)
    return FALSE;
  card->warranty = -1;
  if (item->type != FCRM_ENTITY_DEAL || g_strcmp0 (item->pipeline, "repair") != 0)
    return TRUE;
  if ((card->manufacturing = fcrm_crm_deal_client_manufacturing (worker, item, error)) == NULL)
    return FALSE;
  {
    GError *local = NULL;

    card->warranty = fcrm_crm_deal_warranty (worker, item, &card->warranty_until, NULL, &local);
    if (local != NULL)
      return g_propagate_error (error, local), FALSE;
  }
  return TRUE;
}

static gpointer
card_load_job (FcrmCrm  *worker,
               gpointer  data,
               GError  **error)
{
  ItemArgs *args = data;
  g_autoptr(FcrmCardData) card = NULL;
  gboolean lead = args->type == FCRM_ENTITY_LEAD;

  if (args->type == FCRM_ENTITY_CONTACT || args->type == FCRM_ENTITY_COMPANY)
    return client_card_load (worker, args->type, args->id, error);
  card = g_new0 (FcrmCardData, 1);

  /* the item first: a card that is gone says so at once */
  card->item = fcrm_crm_load_item (worker, args->type, args->id, error);
  if (card->item == NULL)
    return NULL;
  /* the link is a title on the card: one it may not see is no failure */
  if (lead && card->item->deal_id > 0)
    card->linked = fcrm_crm_load_item (worker, FCRM_ENTITY_DEAL, card->item->deal_id, NULL);
  else if (!lead && card->item->lead_id > 0)
    card->linked = fcrm_crm_load_item (worker, FCRM_ENTITY_LEAD, card->item->lead_id, NULL);

  if ((card->history = fcrm_crm_history (worker, args->type, args->id, error)) == NULL ||
      (card->comments = fcrm_crm_comments (worker, args->type, args->id, error)) == NULL ||
      (card->tasks = fcrm_crm_item_tasks (worker, args->type, args->id, error)) == NULL ||
      (card->notifications = fcrm_crm_item_notifications (worker, args->type, args->id, error)) == NULL ||
      (card->attachments = fcrm_crm_attachments (worker, args->type, args->id, error)) == NULL ||
      (card->users = fcrm_crm_list_users (worker, error)) == NULL)
    return NULL;
  card->participants = lead ? g_ptr_array_new_with_free_func (g_object_unref)
                            : fcrm_crm_deal_participants (worker, args->id, error);
  if (card->participants == NULL)
    return NULL;
  if (!lead)
    {
      GError *local = NULL;

      card->handover_stage = fcrm_crm_handover_stage (worker, card->item->pipeline, &local);
      if (local != NULL)
        return g_propagate_error (error, local), NULL;
    }
  if (!load_client (worker, card, error))
    return NULL;
  return g_steal_pointer (&card);
}

void
fcrm_crm_card_load_async (FcrmCrm             *self,
                          FcrmEntityType       type,
                          gint64               id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (FCRM_IS_CRM (self));

  read_async_tagged (self, fcrm_crm_card_load_async, card_load_job, item_args_new (type, id), g_free,
                     (GDestroyNotify) fcrm_card_data_free, cancellable, callback, user_data);
}

DEFINE_READ_FINISH (FcrmCardData, fcrm_crm_card_load_finish, fcrm_crm_card_load_async)

/* Single reads */

static gpointer
item_get_job (FcrmCrm  *worker,
              gpointer  data,
              GError  **error)
{
  ItemArgs *args = data;

  return fcrm_crm_load_item (worker, args->type, args->id, error);
}

void
fcrm_crm_item_get_async (FcrmCrm             *self,
                         FcrmEntityType       type,
                         gint64               id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (FCRM_IS_CRM (self));

  read_async_tagged (self, fcrm_crm_item_get_async, item_get_job, item_args_new (type, id), g_free,
                     g_object_unref, cancellable, callback, user_data);
}

DEFINE_READ_FINISH (FcrmItem, fcrm_crm_item_get_finish, fcrm_crm_item_get_async)

static gpointer
list_users_job (FcrmCrm  *worker,
                gpointer  data,
                GError  **error)
{
  return fcrm_crm_list_users (worker, error);
}

void
fcrm_crm_list_users_async (FcrmCrm             *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FCRM_IS_CRM (self));

  read_async_tagged (self, fcrm_crm_list_users_async, list_users_job, NULL, NULL,
                     (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

DEFINE_READ_FINISH (GPtrArray, fcrm_crm_list_users_finish, fcrm_crm_list_users_async)

static gpointer
attachment_content_job (FcrmCrm  *worker,
                        gpointer  data,
                        GError  **error)
{
  return fcrm_crm_attachment_content (worker, *(gint64 *) data, error);
}

void
fcrm_crm_attachment_content_async (FcrmCrm             *self,
                                   gint64               attachment_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FCRM_IS_CRM (self));

  read_async_tagged (self, fcrm_crm_attachment_content_async, attachment_content_job,
                     g_memdup2 (&attachment_id, sizeof attachment_id), g_free,
                     (GDestroyNotify) g_bytes_unref, cancellable, callback, user_data);
}

DEFINE_READ_FINISH (GBytes, fcrm_crm_attachment_content_finish, fcrm_crm_attachment_content_async)
