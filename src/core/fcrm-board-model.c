#define G_LOG_DOMAIN "fcrm-board-model"

#include "fcrm-board-model.h"
#include "fcrm-crm.h"

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
};

enum { PROP_0, PROP_COUNT, PROP_SUM, N_PROPS };
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
load_page (FcrmBoardModel *self,
           guint           page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  g_autoptr(GError) error = NULL;

  if (items != NULL)
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
      return items;
    }
  {
    FcrmBoardFilter filter = { self->filter_responsible, self->filter_source, self->sort };
    items = fcrm_crm_stage_page_filtered (self->crm, self->stage, &filter, page * PAGE_SIZE, PAGE_SIZE, &error);
  }
  if (items == NULL)
    {
      g_warning ("Cannot read the column %s: %s", self->stage, error->message);
      return NULL;
    }
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
  return items;
}

static gpointer
fcrm_board_model_get_item (GListModel *model,
                           guint       position)
{
  FcrmBoardModel *self = FCRM_BOARD_MODEL (model);
  GPtrArray *page;
  guint index = position % PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_board_model_init (FcrmBoardModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

FcrmBoardModel *
fcrm_board_model_new (FcrmCrm    *crm,
                      const char *stage)
{
  FcrmBoardModel *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (stage != NULL, NULL);

  self = g_object_new (FCRM_TYPE_BOARD_MODEL, NULL);
  self->crm = g_object_ref (crm);
  self->stage = g_strdup (stage);
  fcrm_board_model_refresh (self);
  return self;
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

void
fcrm_board_model_refresh (FcrmBoardModel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 count = 0, sum = 0;
  guint old_n;
  FcrmBoardFilter filter;

  g_return_if_fail (FCRM_IS_BOARD_MODEL (self));

  filter = (FcrmBoardFilter) { self->filter_responsible, self->filter_source, self->sort };

  if (!fcrm_crm_stage_totals_filtered (self->crm, self->stage, &filter, &count, &sum, &error))
    g_warning ("Cannot count the column %s: %s", self->stage, error->message);

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
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
