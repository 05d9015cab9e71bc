#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the paged list models share (board columns, client lists): the rows
 * read so far from the top, each held once, and the answer of a page read
 * off the main loop. Core-private. */

/** Where a row's id is (the table of ids points into the rows it holds). */
typedef gint64 *(*FcrmRowIdFunc) (gpointer row);

typedef struct
{
  GPtrArray     *rows;   /* GObject, from the top */
  GHashTable    *ids;    /* the id of each row held */
  FcrmRowIdFunc  id_of;
} FcrmPagedRows;

void     fcrm_paged_rows_init     (FcrmPagedRows *self,
                                   FcrmRowIdFunc  id_of);
void     fcrm_paged_rows_clear    (FcrmPagedRows *self);
/** Forget every row. */
void     fcrm_paged_rows_reset    (FcrmPagedRows *self);
/** The rows held (the caller's now, in order); none are held after. */
GPtrArray *fcrm_paged_rows_take   (FcrmPagedRows *self);
/** Append the rows of @page not held yet (one whose sort value changed
 * between two reads comes twice); returns how many were appended. */
guint    fcrm_paged_rows_append   (FcrmPagedRows *self,
                                   GPtrArray     *page);
/** The row at @position (a new reference), or NULL past the end. */
gpointer fcrm_paged_rows_get_item (FcrmPagedRows *self,
                                   guint          position);

/* The answer of a page read comes back to a weak reference (a model gone
 * meanwhile is simply gone) with the generation it was asked in (a refresh
 * since makes it stale). */
typedef struct
{
  GWeakRef model;
  guint    generation;
  guint    asked;
  gboolean refresh;      /* from the top, replacing the rows held */
} FcrmPageReply;

FcrmPageReply *fcrm_page_reply_new  (gpointer       model,
                                     guint          generation,
                                     guint          asked,
                                     gboolean       refresh);
void           fcrm_page_reply_free (FcrmPageReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmPageReply, fcrm_page_reply_free)

G_END_DECLS
