#define G_LOG_DOMAIN "fcrm-board-model"

#include "fcrm-board-model.h"
#include "fcrm-crm.h"
#include "fcrm-crm-async.h"
#include "fcrm-paged-rows-private.h"

#define PAGE_SIZE 50
/* A refresh re-reads at most this many of the cards held (from the top): a
 * refresh costs what the person scrolled through, up to this, never what
 * the column holds in the database. */
#define MAX_RELOAD (10 * PAGE_SIZE)

struct _FcrmBoardModel
{
  GObject     parent_instance;
  FcrmCrm    *crm;
  char       *stage;
  FcrmPagedRows rows;   /* FcrmItem read so far, from the top, each once */
  gint64      count;
  gint64      sum;
  gboolean    has_more;  /* the last read was a full page, and the column is longer */
  gint64      filter_responsible;
  char       *filter_source;
  FcrmBoardSort sort;

  /* asynchronous mode */
  gboolean      async;
  guint         generation;   /* bumped by each refresh: older answers are dropped */
  GCancellable *cancellable;  /* of this generation's reads */
  gboolean      loading;      /* a refresh is under way */
  gboolean      fetching;     /* a next page is under way */
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
  return FCRM_BOARD_MODEL (model)->rows.rows->len;
}

static gpointer
fcrm_board_model_get_item (GListModel *model,
                           guint       position)
{
  return fcrm_paged_rows_get_item (&FCRM_BOARD_MODEL (model)->rows, position);
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
  fcrm_paged_rows_clear (&self->rows);
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

static gint64 *
item_id (gpointer row)
{
  return &FCRM_ITEM (row)->id;
}

static void
fcrm_board_model_init (FcrmBoardModel *self)
{
  fcrm_paged_rows_init (&self->rows, item_id);
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

gboolean
fcrm_board_model_has_more (FcrmBoardModel *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_MODEL (self), FALSE);
  return self->has_more;
}

static FcrmBoardFilter
current_filter (FcrmBoardModel *self)
{
  return (FcrmBoardFilter) { self->filter_responsible, self->filter_source, self->sort };
}

/* @rows (read from the top, @asked of them asked for) replace those held.
 * A card that reads as before keeps its object, and only the rows between
 * the unchanged start and the unchanged end are told changed: the list
 * rebinds the cards that changed, not the whole column (another desktop's
 * move of one card used to rebuild every card on screen). */
static void
apply_refresh (FcrmBoardModel *self,
               gint64          count,
               gint64          sum,
               GPtrArray      *rows,
               guint           asked)
{
  /* the rows held, taken out to be compared */
  g_autoptr(GPtrArray) before = fcrm_paged_rows_take (&self->rows);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  guint old_n = before->len, new_n, same_start = 0, same_end = 0;

  for (guint i = 0; i < old_n; i++)
    {
      FcrmItem *item = g_ptr_array_index (before, i);

      g_hash_table_insert (by_id, &item->id, item);
    }
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      FcrmItem *fresh = g_ptr_array_index (rows, i);
      FcrmItem *held = g_hash_table_lookup (by_id, &fresh->id);

      g_ptr_array_add (kept, held != NULL && fcrm_item_shows_same (held, fresh) ? held : fresh);
    }
  fcrm_paged_rows_append (&self->rows, kept);
  new_n = self->rows.rows->len;
  while (same_start < old_n && same_start < new_n &&
         g_ptr_array_index (before, same_start) == g_ptr_array_index (self->rows.rows, same_start))
    same_start++;
  while (same_end < old_n - same_start && same_end < new_n - same_start &&
         g_ptr_array_index (before, old_n - 1 - same_end) == g_ptr_array_index (self->rows.rows, new_n - 1 - same_end))
    same_end++;

  self->has_more = rows != NULL && rows->len >= asked && new_n < count;
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
  if (old_n - same_start - same_end > 0 || new_n - same_start - same_end > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), same_start, old_n - same_start - same_end,
                                new_n - same_start - same_end);
}

/* @page (@asked cards after the last one held) goes at the end. A card
 * already held (its sort value changed meanwhile) is not shown twice. */
static void
apply_more (FcrmBoardModel *self,
            GPtrArray      *page,
            guint           asked)
{
  guint old_n = self->rows.rows->len;
  guint added = fcrm_paged_rows_append (&self->rows, page);

  self->has_more = page->len >= asked && self->rows.rows->len < self->count;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
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

/* How many cards a refresh reads again: those held, in whole pages, at
 * least one page and at most MAX_RELOAD. */
static guint
reload_size (FcrmBoardModel *self)
{
  guint held = self->rows.rows->len;
  guint n = held + (PAGE_SIZE - held % PAGE_SIZE) % PAGE_SIZE;

  return CLAMP (n, PAGE_SIZE, MAX_RELOAD);
}

/* Asynchronous mode: answers come back to a weak reference, so a column
 * closed meanwhile is simply gone; an answer of an older generation (asked
 * before a refresh) is dropped. */

static FcrmPageReply *
reply_new (FcrmBoardModel *self,
           guint           asked,
           gboolean        refresh)
{
  return fcrm_page_reply_new (self, self->generation, asked, refresh);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FcrmPageReply) reply = user_data;
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
        apply_refresh (self, page->count, page->sum, page->items, reply->asked);
      set_loading (self, FALSE);
    }
  else
    {
      self->fetching = FALSE;
      if (page != NULL)
        apply_more (self, page->items, reply->asked);
    }
}

/* A refresh reads the totals and again the cards the model holds (from the
 * top, in one job), so the rows on screen are replaced by their new state. */
static void
refresh_async (FcrmBoardModel *self,
               guint           want)
{
  FcrmBoardFilter filter = current_filter (self);

  /* a new generation: what was asked before answers a question no longer asked */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->fetching = FALSE;

  fcrm_crm_stage_page_async (self->crm, self->stage, &filter, NULL, want, TRUE, self->cancellable, read_cb,
                             reply_new (self, want, TRUE));
  set_loading (self, TRUE);
}

/* Totals and the first @want cards, read again. */
static void
refresh_with (FcrmBoardModel *self,
              guint           want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 count = 0, sum = 0;
  FcrmBoardFilter filter;

  if (self->async)
    {
      refresh_async (self, want);
      return;
    }

  filter = current_filter (self);
  if (!fcrm_crm_stage_totals_filtered (self->crm, self->stage, &filter, &count, &sum, &error) ||
      (rows = fcrm_crm_stage_page_filtered (self->crm, self->stage, &filter, NULL, want, &error)) == NULL)
    g_warning ("Cannot read the column %s: %s", self->stage, error->message);
  apply_refresh (self, count, sum, rows, want);
}

void
fcrm_board_model_refresh (FcrmBoardModel *self)
{
  g_return_if_fail (FCRM_IS_BOARD_MODEL (self));

  refresh_with (self, reload_size (self));
}

void
fcrm_board_model_load_more (FcrmBoardModel *self)
{
  FcrmBoardFilter filter;
  FcrmBoardKey after;

  g_return_if_fail (FCRM_IS_BOARD_MODEL (self));

  /* a refresh under way reads the top again: what follows comes after it */
  if (!self->has_more || self->fetching || self->loading || self->rows.rows->len == 0)
    return;
  filter = current_filter (self);
  after = fcrm_board_key_of (g_ptr_array_index (self->rows.rows, self->rows.rows->len - 1), self->sort);
  if (self->async)
    {
      self->fetching = TRUE;
      fcrm_crm_stage_page_async (self->crm, self->stage, &filter, &after, PAGE_SIZE, FALSE, self->cancellable,
                                 read_cb, reply_new (self, PAGE_SIZE, FALSE));
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = fcrm_crm_stage_page_filtered (self->crm, self->stage, &filter, &after, PAGE_SIZE,
                                                                &error);

      if (page == NULL)
        g_warning ("Cannot read the column %s: %s", self->stage, error->message);
      else
        apply_more (self, page, PAGE_SIZE);
    }
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
  /* other cards: a first page of them */
  refresh_with (self, PAGE_SIZE);
}
