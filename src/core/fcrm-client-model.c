#define G_LOG_DOMAIN "fcrm-client-model"

#include "fcrm-client-model.h"
#include "fcrm-crm-async.h"
#include "fcrm-paged-rows-private.h"

#define PAGE_SIZE FCRM_CLIENT_MODEL_PAGE_SIZE
/* A refresh re-reads what the person scrolled through, up to this. */
#define MAX_RELOAD (10 * PAGE_SIZE)

struct _FcrmClientModel
{
  GObject         parent_instance;
  FcrmCrm        *crm;
  gboolean        companies;
  char           *query;
  FcrmClientSort  sort;
  FcrmPagedRows   rows;         /* FcrmContact or FcrmCompany, from the top, each once */
  gboolean        has_more;
  guint           generation;   /* bumped by each refresh: older answers are dropped */
  GCancellable   *cancellable;  /* of this generation's reads */
  gboolean        loading;      /* a refresh is under way */
  gboolean        fetching;     /* a next page is under way */
};

enum { PROP_0, PROP_LOADING, PROP_HAS_MORE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmClientModel, fcrm_client_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static gint64 *
row_id_ptr (gpointer row)
{
  return FCRM_IS_CONTACT (row) ? &FCRM_CONTACT (row)->id : &FCRM_COMPANY (row)->id;
}

static gint64
row_id (gpointer row)
{
  return *row_id_ptr (row);
}

static const char *
row_name (gpointer row)
{
  return FCRM_IS_CONTACT (row) ? FCRM_CONTACT (row)->name : FCRM_COMPANY (row)->name;
}

static gint64
row_activity (gpointer row)
{
  return FCRM_IS_CONTACT (row) ? FCRM_CONTACT (row)->last_activity : FCRM_COMPANY (row)->last_activity;
}

static gint64
row_version (gpointer row)
{
  return FCRM_IS_CONTACT (row) ? FCRM_CONTACT (row)->version : FCRM_COMPANY (row)->version;
}

/* A row shows the same as another: same card, same version, same company
 * (a company renamed does not change its contacts' version). */
static gboolean
row_same (gpointer a,
          gpointer b)
{
  if (row_id (a) != row_id (b) || row_version (a) != row_version (b) || row_activity (a) != row_activity (b))
    return FALSE;
  if (FCRM_IS_CONTACT (a))
    return g_strcmp0 (FCRM_CONTACT (a)->company_name, FCRM_CONTACT (b)->company_name) == 0;
  return TRUE;
}

static GType
fcrm_client_model_get_item_type (GListModel *model)
{
  return FCRM_CLIENT_MODEL (model)->companies ? FCRM_TYPE_COMPANY : FCRM_TYPE_CONTACT;
}

static guint
fcrm_client_model_get_n_items (GListModel *model)
{
  return FCRM_CLIENT_MODEL (model)->rows.rows->len;
}

static gpointer
fcrm_client_model_get_item (GListModel *model,
                            guint       position)
{
  return fcrm_paged_rows_get_item (&FCRM_CLIENT_MODEL (model)->rows, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fcrm_client_model_get_item_type;
  iface->get_n_items = fcrm_client_model_get_n_items;
  iface->get_item = fcrm_client_model_get_item;
}

static void
fcrm_client_model_finalize (GObject *object)
{
  FcrmClientModel *self = FCRM_CLIENT_MODEL (object);

  /* reads still queued for this model are skipped */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fcrm_paged_rows_clear (&self->rows);
  g_clear_object (&self->crm);
  g_free (self->query);
  G_OBJECT_CLASS (fcrm_client_model_parent_class)->finalize (object);
}

static void
fcrm_client_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcrmClientModel *self = FCRM_CLIENT_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_model_class_init (FcrmClientModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fcrm_client_model_finalize;
  object_class->get_property = fcrm_client_model_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_MORE] = g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_client_model_init (FcrmClientModel *self)
{
  fcrm_paged_rows_init (&self->rows, row_id_ptr);
}

static void
set_loading (FcrmClientModel *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_has_more (FcrmClientModel *self,
              gboolean         has_more)
{
  if (self->has_more == has_more)
    return;
  self->has_more = has_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

/* Read on the worker: one page. */
typedef struct
{
  gboolean        companies;
  char           *query;
  FcrmClientSort  sort;
  gboolean        has_key;
  char           *key_name;
  gint64          key_id;
  gint64          key_activity;
  guint           limit;
} PageQuery;

static void
page_query_free (gpointer data)
{
  PageQuery *q = data;

  g_free (q->query);
  g_free (q->key_name);
  g_free (q);
}

static gpointer
read_page (FcrmCrm  *worker,
           gpointer  data,
           GError  **error)
{
  PageQuery *q = data;
  FcrmClientKey key = { q->key_name, q->key_id, q->key_activity };
  const FcrmClientKey *after = q->has_key ? &key : NULL;

  if (q->companies)
    return fcrm_crm_company_page (worker, q->query, q->sort, after, q->limit, error);
  return fcrm_crm_contact_page (worker, q->query, q->sort, after, q->limit, error);
}


/* @rows (read from the top) replace those held; the unchanged rows at the
 * start and at the end stay, so the list keeps its place and focus. */
static void
apply_refresh (FcrmClientModel *self,
               GPtrArray       *rows,
               guint            asked)
{
  GPtrArray *held = self->rows.rows;
  guint old_n = held->len;
  guint new_n = rows->len;
  guint prefix = 0, suffix = 0;

  while (prefix < old_n && prefix < new_n &&
         row_same (g_ptr_array_index (held, prefix), g_ptr_array_index (rows, prefix)))
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         row_same (g_ptr_array_index (held, old_n - 1 - suffix), g_ptr_array_index (rows, new_n - 1 - suffix)))
    suffix++;

  fcrm_paged_rows_reset (&self->rows);
  if (fcrm_paged_rows_append (&self->rows, rows) != new_n)
    {
      /* a duplicate was dropped: say everything changed */
      prefix = suffix = 0;
      new_n = self->rows.rows->len;
    }
  set_has_more (self, rows->len >= asked);
  if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix, new_n - prefix - suffix);
}

/* @page (read after the last row held) goes at the end. A row already held
 * (its name changed meanwhile) is not shown twice. */
static void
apply_more (FcrmClientModel *self,
            GPtrArray       *page,
            guint            asked)
{
  guint old_n = self->rows.rows->len;
  guint added = fcrm_paged_rows_append (&self->rows, page);

  set_has_more (self, page->len >= asked);
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FcrmPageReply) reply = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);
  g_autoptr(FcrmClientModel) self = g_weak_ref_get (&reply->model);

  if (self == NULL || self->generation != reply->generation)
    return;
  if (error != NULL)
    g_warning ("Cannot read the %s: %s", self->companies ? "companies" : "contacts", error->message);
  if (reply->refresh)
    {
      if (page != NULL)
        apply_refresh (self, page, reply->asked);
      set_loading (self, FALSE);
    }
  else
    {
      self->fetching = FALSE;
      if (page != NULL)
        apply_more (self, page, reply->asked);
    }
}

static void
ask (FcrmClientModel *self,
     gpointer         after,
     guint            limit,
     gboolean         refresh)
{
  PageQuery *q = g_new0 (PageQuery, 1);

  q->companies = self->companies;
  q->query = g_strdup (self->query);
  q->sort = self->sort;
  q->limit = limit;
  if (after != NULL)
    {
      q->has_key = TRUE;
      q->key_name = g_strdup (row_name (after));
      q->key_id = row_id (after);
      q->key_activity = row_activity (after);
    }
  fcrm_crm_read_async (self->crm, read_page, q, page_query_free, (GDestroyNotify) g_ptr_array_unref,
                       self->cancellable, read_cb, fcrm_page_reply_new (self, self->generation, limit, refresh));
}

/* The first @want rows, read again; whatever was asked before is dropped. */
static void
refresh_with (FcrmClientModel *self,
              guint            want)
{
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->fetching = FALSE;
  ask (self, NULL, want, TRUE);
  set_loading (self, TRUE);
}

FcrmClientModel *
fcrm_client_model_new (FcrmCrm  *crm,
                       gboolean  companies)
{
  FcrmClientModel *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_CLIENT_MODEL, NULL);
  self->crm = g_object_ref (crm);
  self->companies = companies;
  self->sort = FCRM_CLIENT_SORT_NAME;
  refresh_with (self, PAGE_SIZE);
  return self;
}

gboolean
fcrm_client_model_get_companies (FcrmClientModel *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_MODEL (self), FALSE);
  return self->companies;
}

void
fcrm_client_model_set_query (FcrmClientModel *self,
                             const char      *query)
{
  g_return_if_fail (FCRM_IS_CLIENT_MODEL (self));

  if (query != NULL && *query == '\0')
    query = NULL;
  if (g_strcmp0 (query, self->query) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (query);
  refresh_with (self, PAGE_SIZE);
}

const char *
fcrm_client_model_get_query (FcrmClientModel *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_MODEL (self), NULL);
  return self->query;
}

void
fcrm_client_model_set_sort (FcrmClientModel *self,
                            FcrmClientSort   sort)
{
  g_return_if_fail (FCRM_IS_CLIENT_MODEL (self));

  if (sort == self->sort)
    return;
  self->sort = sort;
  refresh_with (self, PAGE_SIZE);
}

FcrmClientSort
fcrm_client_model_get_sort (FcrmClientModel *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_MODEL (self), FCRM_CLIENT_SORT_NAME);
  return self->sort;
}

gboolean
fcrm_client_model_is_loading (FcrmClientModel *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_MODEL (self), FALSE);
  return self->loading;
}

gboolean
fcrm_client_model_has_more (FcrmClientModel *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_MODEL (self), FALSE);
  return self->has_more;
}

void
fcrm_client_model_load_more (FcrmClientModel *self)
{
  g_return_if_fail (FCRM_IS_CLIENT_MODEL (self));

  /* a refresh under way reads the top again: what follows comes after it */
  if (!self->has_more || self->fetching || self->loading || self->rows.rows->len == 0)
    return;
  self->fetching = TRUE;
  ask (self, g_ptr_array_index (self->rows.rows, self->rows.rows->len - 1), PAGE_SIZE, FALSE);
}

void
fcrm_client_model_refresh (FcrmClientModel *self)
{
  guint n;

  g_return_if_fail (FCRM_IS_CLIENT_MODEL (self));

  /* what is held, in whole pages, at least one and at most MAX_RELOAD */
  n = self->rows.rows->len + (PAGE_SIZE - self->rows.rows->len % PAGE_SIZE) % PAGE_SIZE;
  refresh_with (self, CLAMP (n, PAGE_SIZE, MAX_RELOAD));
}
