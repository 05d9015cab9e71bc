#define G_LOG_DOMAIN "fcrm-paged-rows"

#include "fcrm-paged-rows-private.h"

void
fcrm_paged_rows_init (FcrmPagedRows *self,
                      FcrmRowIdFunc  id_of)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->id_of = id_of;
}

void
fcrm_paged_rows_clear (FcrmPagedRows *self)
{
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
}

void
fcrm_paged_rows_reset (FcrmPagedRows *self)
{
  g_hash_table_remove_all (self->ids);
  g_ptr_array_set_size (self->rows, 0);
}

GPtrArray *
fcrm_paged_rows_take (FcrmPagedRows *self)
{
  GPtrArray *rows = self->rows;

  g_hash_table_remove_all (self->ids);
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  return rows;
}

guint
fcrm_paged_rows_append (FcrmPagedRows *self,
                        GPtrArray     *page)
{
  guint old_n = self->rows->len;

  for (guint i = 0; page != NULL && i < page->len; i++)
    {
      gpointer row = g_ptr_array_index (page, i);

      if (g_hash_table_add (self->ids, self->id_of (row)))
        g_ptr_array_add (self->rows, g_object_ref (row));
    }
  return self->rows->len - old_n;
}

gpointer
fcrm_paged_rows_get_item (FcrmPagedRows *self,
                          guint          position)
{
  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

FcrmPageReply *
fcrm_page_reply_new (gpointer model,
                     guint    generation,
                     guint    asked,
                     gboolean refresh)
{
  FcrmPageReply *reply = g_new0 (FcrmPageReply, 1);

  g_weak_ref_init (&reply->model, model);
  reply->generation = generation;
  reply->asked = asked;
  reply->refresh = refresh;
  return reply;
}

void
fcrm_page_reply_free (FcrmPageReply *reply)
{
  g_weak_ref_clear (&reply->model);
  g_free (reply);
}
