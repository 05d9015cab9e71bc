#define G_LOG_DOMAIN "fcrm-attachments"

/* After a file is attached: its category guessed from its name, changed
 * later (recorded on the item's timeline as a note by whoever did it, and
 * undone without a trace), and the same file found again on an item. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-crm-private.h"
#include "fcrm-field.h"

/* Words in a file's name that say what it is, folded (fcrm_text_fold: lower
 * case, ё as е); the first match wins. */
static const struct { const char *word; const char *category; } name_words[] = {
  { "план",      "layout" },          /* план, планировка */
  { "layout",    "layout" },
  { "чертеж",    "layout" },
  { "drawing",   "layout" },
  { "floorplan", "layout" },
  { "floor plan", "layout" },
  { "замер",     "measurements" },    /* замер, замеры */
  { "measure",   "measurements" },    /* measure, measurements */
  { "размер",    "measurements" },
};

char *
fcrm_attachment_guess_category (const char *name,
                                const char *mime_type)
{
  g_autofree char *folded = name != NULL ? fcrm_text_fold (name) : NULL;

  for (guint i = 0; folded != NULL && i < G_N_ELEMENTS (name_words); i++)
    if (strstr (folded, name_words[i].word) != NULL)
      return g_strdup (name_words[i].category);
  return g_strdup (mime_type != NULL && g_str_has_prefix (mime_type, "image/") ? "photo" : "document");
}

FcrmAttachment *
fcrm_attachment_find_same (GPtrArray *attachments,
                           GBytes    *content)
{
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (content != NULL, NULL);

  if (attachments == NULL)
    return NULL;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  for (guint i = 0; i < attachments->len; i++)
    {
      FcrmAttachment *a = g_ptr_array_index (attachments, i);

      if (g_strcmp0 (a->sha256, sha256) == 0)
        return a;
    }
  return NULL;
}

/* In a transaction: the attachment, its item locked. */
static FcrmAttachment *
lock_attachment (FcrmCrm *self,
                 gint64   attachment_id,
                 GError **error)
{
  g_autoptr(FcrmAttachment) a = fcrm_crm_attachment_get (self, attachment_id, error);

  if (a == NULL || !fcrm_crm_check_entity (self, a->entity_type, a->entity_id, TRUE, error))
    return NULL;
  return g_steal_pointer (&a);
}

static gboolean
update_category (FcrmCrm    *self,
                 gint64      attachment_id,
                 const char *category,
                 GError    **error)
{
  FcrmStmt *stmt = fcrm_store_prepare (self->store, "UPDATE attachments SET category = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  fcrm_stmt_bind_text (stmt, 1, category);
  fcrm_stmt_bind_int64 (stmt, 2, attachment_id);
  return fcrm_stmt_run (stmt, error);
}

static gboolean
check_category (const char *category,
                GError    **error)
{
  if (category != NULL && g_strv_contains (fcrm_attachment_categories (), category))
    return TRUE;
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
               _("There is no attachment category “%s”; use layout, measurements, document or photo."),
               category != NULL ? category : "");
  return FALSE;
}

gboolean
fcrm_crm_attachment_set_category (FcrmCrm    *self,
                                  gint64      attachment_id,
                                  const char *category,
                                  gint64     *out_note,
                                  GError    **error)
{
  g_autoptr(FcrmAttachment) a = NULL;
  g_autoptr(FcrmComment) note = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (out_note != NULL)
    *out_note = 0;
  if (!check_category (category, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  a = lock_attachment (self, attachment_id, error);
  if (a != NULL && g_strcmp0 (a->category, category) == 0)
    return fcrm_crm_finish_unchanged (self, error);
  ok = a != NULL && update_category (self, attachment_id, category, error);
  if (ok)
    {
      /* Translators: a note on a card's timeline: file name, old and new category */
      text = g_strdup_printf (_("Filed “%s” under %s instead of %s."), a->name,
                              fcrm_attachment_category_display_name (category),
                              fcrm_attachment_category_display_name (a->category));
      /* the note moves the item's version as any change of its files does */
      note = fcrm_crm_comment_add (self, a->entity_type, a->entity_id, text, error);
      ok = note != NULL;
    }
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  if (out_note != NULL)
    *out_note = note->id;
  return TRUE;
}

gboolean
fcrm_crm_attachment_undo_category (FcrmCrm    *self,
                                   gint64      attachment_id,
                                   const char *category,
                                   gint64      note,
                                   GError    **error)
{
  g_autoptr(FcrmAttachment) a = NULL;
  FcrmStmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!check_category (category, error))
    return FALSE;
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  a = lock_attachment (self, attachment_id, error);
  ok = a != NULL && update_category (self, attachment_id, category, error);
  if (ok && note > 0)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "DELETE FROM comments WHERE id = ? AND entity_type = ? AND entity_id = ?", error);
      ok = stmt != NULL;
    }
  if (ok && stmt != NULL)
    {
      fcrm_stmt_bind_int64 (stmt, 1, note);
      fcrm_stmt_bind_text (stmt, 2, fcrm_entity_type_to_string (a->entity_type));
      fcrm_stmt_bind_int64 (stmt, 3, a->entity_id);
      ok = fcrm_stmt_run (stmt, error);
    }
  ok = ok && fcrm_crm_touch_entity (self, a->entity_type, a->entity_id, fcrm_clock_now (self->clock), error);
  return fcrm_crm_finish (self, ok, error);
}
