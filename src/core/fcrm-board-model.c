#define G_LOG_DOMAIN "fcrm-board-model"

#include "fcrm-board-model.h"
#include "fcrm-crm.h"
#include "fcrm-crm-async.h"

#define PAGE_SIZE 50
/* Pages kept in memory; older ones are dropped so a long scroll stays small. */
#define MAX_PAGES 8

struct _FcrmBoardModel
{
  GObject     parent_instance;
  FcrmCrm    *crm;
  char       *stage;
  guint       n_items;
  gint64      count;
  gint64      sum;
  GHashTable *pages;   /* page index → GPtrArray of FcrmItem */
  gint64      filter_responsible;
  char       *filter_source;
  FcrmBoardSort sort;
  GQueue      lru;     /* page indexes, most recent first */

  /* asynchronous mode */
  gboolean        async;
  FcrmEntityType  type;         /* of the stage's items, for placeholders */
  guint           generation;   /* bumped by each refresh: older answers are dropped */
  GCancellable   *cancellable;  /* of this generation's reads */
  GHashTable     *pending;      /* page indexes being read in this generation */
  gboolean        loading;      /* a refresh is under way */
};

enum { PROP_0, PROP_COUNT, PROP_SUM, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmBoardModel, fcrm_board_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
fcrm_board_model_get_item_type (GListModel *model)
{
  return FCRM_TYPE_ITEM;
}

static guint
fcrm_board_model_get_n_items (GListModel *model)
{
  return FCRM_BOARD_MODEL (model)->n_items;
}

static GPtrArray *
cached_page (FcrmBoardModel *self,
             guint           page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (items != NULL)
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }
  return items;
}

static void
cache_page (FcrmBoardModel *self,
            guint           page,
            GPtrArray      *items)
{
  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
load_page (FcrmBoardModel *self,
           guint           page)
{
  GPtrArray *items = cached_page (self, page);
  g_autoptr(GError) error = NULL;

  if (items != NULL)
    return items;
  {
    FcrmBoardFilter filter = { self->filter_responsible, self->filter_source, self->sort };
    items = fcrm_crm_stage_page_filtered (self->crm, self->stage, &filter, page * PAGE_SIZE, PAGE_SIZE, &error);
  }
  if (items == NULL)
    {
      g_warning ("Cannot read the column %s: %s", self->stage, error->message);
      return NULL;
    }
  cache_page (self, page, items);
  return items;
}

static void request_page (FcrmBoardModel *self, guint page);

static gpointer
fcrm_board_model_get_item (GListModel *model,
                           guint       position)
{
  FcrmBoardModel *self = FCRM_BOARD_MODEL (model);
  GPtrArray *page;
  guint index = position % PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
  if (self->async)
    {
      page = cached_page (self, position / PAGE_SIZE);
      if (page == NULL)
        {
          request_page (self, position / PAGE_SIZE);
          return fcrm_item_new_placeholder (self->type, self->stage);
        }
    }
  else
    page = load_page (self, position / PAGE_SIZE);
  /* rows can vanish between the count and the page when another desktop moves them */
  if (page == NULL || index >= page->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (page, index));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fcrm_board_model_get_item_type;
  iface->get_n_items = fcrm_board_model_get_n_items;
  iface->get_item = fcrm_board_model_get_item;
}

static void
fcrm_board_model_finalize (GObject *object)
{
  FcrmBoardModel *self = FCRM_BOARD_MODEL (object);

  /* reads still queued for this model are skipped */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_queue_clear (&self->lru);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->crm);
  g_free (self->stage);
  g_free (self->filter_source);
  G_OBJECT_CLASS (fcrm_board_model_parent_class)->finalize (object);
}

static void
fcrm_board_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcrmBoardModel *self = FCRM_BOARD_MODEL (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;
    case PROP_SUM:
      g_value_set_int64 (value, self->sum);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_board_model_class_init (FcrmBoardModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fcrm_board_model_finalize;
  object_class->get_property = fcrm_board_model_get_property;

  properties[PROP_COUNT] = g_param_spec_int64 ("count", NULL, NULL, 0, G_MAXINT64, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUM] = g_param_spec_int64 ("sum", NULL, NULL, 0, G_MAXINT64, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_board_model_init (FcrmBoardModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

static FcrmBoardModel *
board_model_new (FcrmCrm    *crm,
                 const char *stage,
                 gboolean    async)
{
  FcrmBoardModel *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (stage != NULL, NULL);

  self = g_object_new (FCRM_TYPE_BOARD_MODEL, NULL);
  self->crm = g_object_ref (crm);
  self->stage = g_strdup (stage);
  self->async = async;
  if (async)
    {
      FcrmStage *s = fcrm_crm_get_stage (crm, stage);
      FcrmPipeline *p = s != NULL ? fcrm_crm_get_pipeline (crm, s->pipeline) : NULL;

      self->type = p != NULL ? p->entity : FCRM_ENTITY_LEAD;
      self->pending = g_hash_table_new (NULL, NULL);
    }
  fcrm_board_model_refresh (self);
  return self;
}

FcrmBoardModel *
fcrm_board_model_new (FcrmCrm    *crm,
                      const char *stage)
{
  return board_model_new (crm, stage, FALSE);
}

FcrmBoardModel *
fcrm_board_model_new_async (FcrmCrm    *crm,
                            const char *stage)
{
  return board_model_new (crm, stage, TRUE);
}

const char *
fcrm_board_model_get_stage (FcrmBoardModel *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_MODEL (self), NULL);
  return self->stage;
}

gint64
fcrm_board_model_get_count (FcrmBoardModel *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_MODEL (self), 0);
  return self->count;
}

gint64
fcrm_board_model_get_sum (FcrmBoardModel *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_MODEL (self), 0);
  return self->sum;
}

gboolean
fcrm_board_model_is_loading (FcrmBoardModel *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_MODEL (self), FALSE);
  return self->loading;
}

/* New totals: the cached pages go (@rows, read with the totals from page
 * @first_page on, take their place), then the whole column changes. */
static void
apply_totals (FcrmBoardModel *self,
              gint64          count,
              gint64          sum,
              GPtrArray      *rows,
              guint           first_page)
{
  guint old_n;

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  for (guint i = 0; rows != NULL && i < rows->len; i += PAGE_SIZE)
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < MIN (i + PAGE_SIZE, rows->len); j++)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (rows, j)));
      cache_page (self, first_page + i / PAGE_SIZE, items);
    }
  old_n = self->n_items;
  self->n_items = (guint) MIN (count, G_MAXUINT);
  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
  if (self->sum != sum)
    {
      self->sum = sum;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUM]);
    }
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
set_loading (FcrmBoardModel *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Asynchronous mode: answers come back to a weak reference, so a column
 * closed meanwhile is simply gone; an answer of an older generation (asked
 * before a refresh) is dropped. */

typedef struct
{
  GWeakRef model;
  guint    generation;
  guint    page;         /* the first page read */
  gboolean refresh;      /* with the totals */
} Reply;

static Reply *
reply_new (FcrmBoardModel *self,
           guint           page,
           gboolean        refresh)
{
  Reply *reply = g_new0 (Reply, 1);

  g_weak_ref_init (&reply->model, self);
  reply->generation = self->generation;
  reply->page = page;
  reply->refresh = refresh;
  return reply;
}

static void
reply_free (Reply *reply)
{
  g_weak_ref_clear (&reply->model);
  g_free (reply);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
page_arrived (FcrmBoardModel *self,
              guint           index,
              FcrmStagePage  *page)
{
  guint first = index * PAGE_SIZE;
  guint expected = first < self->n_items ? MIN (PAGE_SIZE, self->n_items - first) : 0;
  gboolean short_page = page->items->len < expected;

  cache_page (self, index, g_steal_pointer (&page->items));
  /* fewer rows than counted: another desktop moved some away meanwhile */
  if (short_page)
    fcrm_board_model_refresh (self);
  else if (expected > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, expected, expected);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStagePage) page = fcrm_crm_stage_page_finish (FCRM_CRM (source), result, &error);
  g_autoptr(FcrmBoardModel) self = g_weak_ref_get (&reply->model);

  if (self == NULL || self->generation != reply->generation)
    return;
  if (error != NULL)
    g_warning ("Cannot read the column %s: %s", self->stage, error->message);
  if (reply->refresh)
    {
      if (page != NULL)
        apply_totals (self, page->count, page->sum, page->items, reply->page);
      set_loading (self, FALSE);
    }
  else
    {
      g_hash_table_remove (self->pending, GUINT_TO_POINTER (reply->page));
      if (page != NULL)
        page_arrived (self, reply->page, page);
    }
}

static void
request_page (FcrmBoardModel *self,
              guint           page)
{
  FcrmBoardFilter filter = { self->filter_responsible, self->filter_source, self->sort };

  if (g_hash_table_contains (self->pending, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->pending, GUINT_TO_POINTER (page));
  fcrm_crm_stage_page_async (self->crm, self->stage, &filter, page * PAGE_SIZE, PAGE_SIZE, FALSE,
                             self->cancellable, read_cb, reply_new (self, page, FALSE));
}

/* A refresh reads the totals and again the pages the model holds (the first
 * one when it holds none; at most MAX_PAGES, in one statement), so the rows
 * on screen are replaced by their new state, not by placeholders. */
static void
refresh_async (FcrmBoardModel *self)
{
  FcrmBoardFilter filter = { self->filter_responsible, self->filter_source, self->sort };
  guint first = G_MAXUINT, last = 0;

  /* a new generation: what was asked before answers a question no longer asked */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->pending);

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      first = MIN (first, GPOINTER_TO_UINT (l->data));
      last = MAX (last, GPOINTER_TO_UINT (l->data));
    }
  if (first == G_MAXUINT)
    first = last = 0;
  /* pages far apart: the one seen last is enough */
  if (last - first >= MAX_PAGES)
    first = last = GPOINTER_TO_UINT (g_queue_peek_head (&self->lru));
  fcrm_crm_stage_page_async (self->crm, self->stage, &filter, first * PAGE_SIZE, (last - first + 1) * PAGE_SIZE,
                             TRUE, self->cancellable, read_cb, reply_new (self, first, TRUE));
  set_loading (self, TRUE);
}

void
fcrm_board_model_refresh (FcrmBoardModel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 count = 0, sum = 0;
  FcrmBoardFilter filter;

  g_return_if_fail (FCRM_IS_BOARD_MODEL (self));

  if (self->async)
    {
      refresh_async (self);
      return;
    }

  filter = (FcrmBoardFilter) { self->filter_responsible, self->filter_source, self->sort };
  if (!fcrm_crm_stage_totals_filtered (self->crm, self->stage, &filter, &count, &sum, &error))
    g_warning ("Cannot count the column %s: %s", self->stage, error->message);
  apply_totals (self, count, sum, NULL, 0);
}

void
fcrm_board_model_set_filter (FcrmBoardModel        *self,
                             const FcrmBoardFilter *filter)
{
  g_return_if_fail (FCRM_IS_BOARD_MODEL (self));

  self->filter_responsible = filter != NULL ? filter->responsible_id : 0;
  g_free (self->filter_source);
  self->filter_source = filter != NULL ? g_strdup (filter->source) : NULL;
  self->sort = filter != NULL ? filter->sort : FCRM_BOARD_SORT_STAGE_ENTERED;
  fcrm_board_model_refresh (self);
}
