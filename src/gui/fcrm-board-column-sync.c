#define G_LOG_DOMAIN "fcrm-board-column"

/* A board column following the database: a cheap check off the main loop
 * (totals and the cards on screen) before re-reading the whole column. */

#include "fcrm-board-column-private.h"
#include "fcrm-crm-async.h"

/* After a change, a column compares every card it offers with the database
 * while it offers at most this many; beyond, the pages around the screen
 * (read after the card just above them: keyset, as every board page). */
#define COMPARE_ALL_UP_TO 100
#define COMPARE_PAGE      50

/* The range of cards the column holds near the screen, to compare with the
 * database: all of them while the list is short, else the pages around the
 * cards that are bound (the model caches whole pages). FALSE: none. */
static gboolean
shown_range (FcrmBoardColumn *self,
             guint           *out_first,
             guint           *out_last)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n = g_list_model_get_n_items (model);
  guint first = 0;
  guint last = MIN (gtk_slice_list_model_get_size (self->slice), n);

  if (last > COMPARE_ALL_UP_TO)
    {
      GHashTableIter iter;
      gpointer key;

      first = G_MAXUINT;
      last = 0;
      g_hash_table_iter_init (&iter, self->bound);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint position = gtk_list_item_get_position (key);

          if (position == GTK_INVALID_LIST_POSITION)
            continue;
          first = MIN (first, position);
          last = MAX (last, position + 1);
        }
      if (first == G_MAXUINT)
        return FALSE;
      first -= first % COMPARE_PAGE;
      last = MIN (n, last + (COMPARE_PAGE - last % COMPARE_PAGE) % COMPARE_PAGE);
    }
  *out_first = first;
  *out_last = last;
  return first < last;
}

/* TRUE when @page (read from @first) holds what the column shows. */
static gboolean
shown_cards_current (FcrmBoardColumn *self,
                     FcrmStagePage   *page,
                     guint            first,
                     guint            last)
{
  GListModel *model = G_LIST_MODEL (self->model);

  if (page->items->len != last - first)
    return FALSE;

  for (guint i = first; i < last; i++)
    {
      g_autoptr(FcrmItem) shown = g_list_model_get_item (model, i);

      if (shown == NULL || !fcrm_item_shows_same (shown, g_ptr_array_index (page->items, i - first)))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  FcrmBoardColumn *column;   /* a reference */
  guint            first;
  guint            last;
} SyncCheck;

static void
sync_check_free (SyncCheck *check)
{
  g_object_unref (check->column);
  g_free (check);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncCheck, sync_check_free)

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SyncCheck) check = user_data;
  FcrmBoardColumn *self = check->column;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmStagePage) page = fcrm_crm_stage_page_finish (FCRM_CRM (source), result, &error);

  /* a newer check, or the column went */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->model == NULL)
    return;
  g_clear_object (&self->sync_cancellable);
  if (page == NULL)
    g_debug ("Cannot read the column %s: %s", self->stage->code, error->message);
  else if (page->count == fcrm_board_model_get_count (self->model) &&
           page->sum == fcrm_board_model_get_sum (self->model) &&
           !fcrm_board_model_is_loading (self->model) &&
           shown_cards_current (self, page, check->first, check->last))
    return;

  fcrm_board_column_reload (self);
}

void
fcrm_board_column_sync (FcrmBoardColumn *self)
{
  SyncCheck *check;
  guint first = 0, last = 0;
  FcrmBoardKey after = { 0, 0 };

  g_return_if_fail (FCRM_IS_BOARD_COLUMN (self));

  /* One small read off the main loop (totals and the rows on screen) spares
   * the column a rebuild when another column's card moved or nothing it
   * shows changed. A newer check replaces an older one. */
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  if (fcrm_board_model_is_loading (self->model))
    {
      /* already re-reading: read again, the change may be newer */
      fcrm_board_column_reload (self);
      return;
    }
  if (!shown_range (self, &first, &last))
    first = last = 0;

  /* the cards from @first on: those after the card shown just above it */
  if (first > 0)
    {
      g_autoptr(FcrmItem) above = g_list_model_get_item (G_LIST_MODEL (self->model), first - 1);

      if (above != NULL)
        after = fcrm_board_key_of (above, self->filter.sort);
      else
        first = last = 0;
    }

  self->sync_cancellable = g_cancellable_new ();
  check = g_new0 (SyncCheck, 1);
  check->column = g_object_ref (self);
  check->first = first;
  check->last = last;
  fcrm_crm_stage_page_async (self->crm, self->stage->code, &self->filter, first > 0 ? &after : NULL, last - first,
                             TRUE, self->sync_cancellable, sync_cb, check);
}

gboolean
fcrm_board_column_is_syncing (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), FALSE);

  return self->sync_cancellable != NULL || fcrm_board_model_is_loading (self->model);
}

guint
fcrm_board_column_get_n_reloads (FcrmBoardColumn *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD_COLUMN (self), 0);

  return self->n_reloads;
}

