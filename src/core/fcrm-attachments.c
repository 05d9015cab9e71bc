#define G_LOG_DOMAIN "fcrm-attachments"

/* Files of a lead or deal kept inside the database (SPEC §4). The content is
 * read only when asked for: lists carry the record without the bytes. Adding
 * or removing a file counts as a change of the item: its `updated` counter
 * moves, so an editor opened before notices. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-attachments.h"
#include "fcrm-crm-private.h"

#define NAME_MAX_CHARS 255

/* records */

G_DEFINE_FINAL_TYPE (FcrmAttachment, fcrm_attachment, G_TYPE_OBJECT)

static void
fcrm_attachment_finalize (GObject *object)
{
  FcrmAttachment *self = FCRM_ATTACHMENT (object);

  g_free (self->name);
  g_free (self->mime_type);
  g_free (self->category);
  g_free (self->sha256);
  g_free (self->user_login);
  G_OBJECT_CLASS (fcrm_attachment_parent_class)->finalize (object);
}

static void fcrm_attachment_class_init (FcrmAttachmentClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_attachment_finalize; }
static void fcrm_attachment_init (FcrmAttachment *self) { }

/* categories */

static const struct { const char *code; const char *name; } categories[] = {
  { "layout",       N_("Layout") },
  { "measurements", N_("Measurements") },
  { "document",     N_("Document") },
  { "photo",        N_("Photo") },
};

static const char * const category_codes[] = { "layout", "measurements", "document", "photo", NULL };

const char * const *
fcrm_attachment_categories (void)
{
  return category_codes;
}

const char *
fcrm_attachment_category_display_name (const char *category)
{
  for (guint i = 0; category != NULL && i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (category, categories[i].code) == 0)
      return _(categories[i].name);
  return category != NULL ? category : "";
}

static gboolean
category_known (const char *category)
{
  return category != NULL && g_strv_contains (category_codes, category);
}

/* reading */

#define ATTACHMENT_COLUMNS \
  "a.id, a.entity_type, a.entity_id, a.name, a.mime_type, a.category, a.size, a.sha256, a.created_at, u.login "

static FcrmAttachment *
attachment_from_stmt (FcrmStmt *stmt)
{
  FcrmAttachment *a = g_object_new (FCRM_TYPE_ATTACHMENT, NULL);

  a->id = fcrm_stmt_get_int64 (stmt, 0);
  a->entity_type = fcrm_entity_type_parse (fcrm_stmt_get_text (stmt, 1));
  a->entity_id = fcrm_stmt_get_int64 (stmt, 2);
  a->name = fcrm_stmt_dup_text (stmt, 3);
  a->mime_type = fcrm_stmt_dup_text (stmt, 4);
  a->category = fcrm_stmt_dup_text (stmt, 5);
  a->size = fcrm_stmt_get_int64 (stmt, 6);
  a->sha256 = fcrm_stmt_dup_text (stmt, 7);
  a->created_at = fcrm_stmt_get_int64 (stmt, 8);
  a->user_login = fcrm_stmt_dup_text (stmt, 9);
  return a;
}

static void
set_no_attachment (GError **error,
                   gint64   attachment_id)
{
  g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no attachment #%" PRId64 "."), attachment_id);
}

/* The file's own name, without the folders it came from; NULL (and @error
 * set) when nothing usable is left. */
static char *
clean_name (const char *name,
            GError    **error)
{
  g_autofree char *base = NULL;
  const char *p;

  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The file name is not valid text; rename the file and try again."));
      return NULL;
    }
  if (name != NULL && *name != '\0')
    {
      base = g_path_get_basename (name);
      /* a name from another system may use backslashes */
      p = strrchr (base, '\\');
      if (p != NULL)
        {
          char *tail = g_strdup (p + 1);

          g_free (base);
          base = tail;
        }
      g_strstrip (base);
    }
  if (base == NULL || *base == '\0' || g_str_equal (base, ".") || g_str_equal (base, "..") ||
      g_str_equal (base, G_DIR_SEPARATOR_S))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("An attachment needs a file name."));
      return NULL;
    }
  if (g_utf8_strlen (base, -1) > NAME_MAX_CHARS)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The file name is longer than %d characters; rename the file and try again."), NAME_MAX_CHARS);
      return NULL;
    }
  return g_steal_pointer (&base);
}

static char *
guess_mime_type (const char   *name,
                 const guchar *data,
                 gsize         size)
{
  g_autofree char *content_type = g_content_type_guess (name, data, size, NULL);
  char *mime = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;

  return mime != NULL ? mime : g_strdup ("application/octet-stream");
}

/* writing */

FcrmAttachment *
fcrm_crm_attach (FcrmCrm        *self,
                 FcrmEntityType  type,
                 gint64          id,
                 const char     *name,
                 const char     *category,
                 GBytes         *content,
                 GError        **error)
{
  g_autoptr(FcrmAttachment) a = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *guessed = NULL;
  const guchar *data;
  GError *local = NULL;
  FcrmStmt *stmt;
  gsize size = 0;
  gboolean ok;
  gint64 now;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (type <= FCRM_ENTITY_COMPANY, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  file_name = clean_name (name, error);
  if (file_name == NULL)
    return NULL;
  if (category != NULL && !category_known (category))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("There is no attachment category “%s”; use layout, measurements, document or photo."), category);
      return NULL;
    }
  data = g_bytes_get_data (content, &size);
  if (size == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The file “%s” is empty; there is nothing to attach."), file_name);
      return NULL;
    }
  if (size > FCRM_ATTACHMENT_MAX_SIZE)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The file “%s” is larger than %d MB; attach a smaller or compressed copy."),
                   file_name, FCRM_ATTACHMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  mime = guess_mime_type (file_name, data, size);
  if (category == NULL)
    category = guessed = fcrm_attachment_guess_category (file_name, mime);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  now = fcrm_clock_now (self->clock);

  a = g_object_new (FCRM_TYPE_ATTACHMENT, NULL);
  a->entity_type = type;
  a->entity_id = id;
  a->name = g_strdup (file_name);
  a->mime_type = g_strdup (mime);
  a->category = g_strdup (category);
  a->size = (gint64) size;
  a->sha256 = g_strdup (sha256);
  a->created_at = now;
  a->user_login = self->actor != NULL ? g_strdup (self->actor->login) : NULL;

  if (!fcrm_crm_begin (self, error))
    return NULL;
  /* locked: a conversion copying the lead's files waits for this one */
  ok = fcrm_crm_check_entity (self, type, id, TRUE, error);
  if (ok)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO attachments (entity_type, entity_id, name, mime_type, category, size,"
                                 "  sha256, content, user_id, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
      fcrm_stmt_bind_int64 (stmt, 2, id);
      fcrm_stmt_bind_text (stmt, 3, file_name);
      fcrm_stmt_bind_text (stmt, 4, mime);
      fcrm_stmt_bind_text (stmt, 5, category);
      fcrm_stmt_bind_int64 (stmt, 6, (gint64) size);
      fcrm_stmt_bind_text (stmt, 7, sha256);
      fcrm_stmt_bind_blob (stmt, 8, content);
      fcrm_stmt_bind_id (stmt, 9, self->actor != NULL ? self->actor->id : 0);
      fcrm_stmt_bind_int64 (stmt, 10, now);
      if (fcrm_stmt_step (stmt, &local))
        a->id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  ok = ok && fcrm_crm_touch_entity (self, type, id, fcrm_clock_now (self->clock), error);
  if (!fcrm_crm_finish (self, ok, error))
    return NULL;
  return g_steal_pointer (&a);
}

gboolean
fcrm_crm_attachment_delete (FcrmCrm *self,
                            gint64   attachment_id,
                            GError **error)
{
  GError *local = NULL;
  FcrmStmt *stmt;
  FcrmEntityType type = FCRM_ENTITY_LEAD;
  gint64 entity_id = 0;
  gboolean ok, found = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  stmt = fcrm_store_prepare (self->store, "SELECT entity_type, entity_id FROM attachments WHERE id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_int64 (stmt, 1, attachment_id);
      if (fcrm_stmt_step (stmt, &local))
        {
          found = TRUE;
          type = fcrm_entity_type_parse (fcrm_stmt_get_text (stmt, 0));
          entity_id = fcrm_stmt_get_int64 (stmt, 1);
        }
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  /* the item first, like every change of it (a client's card is not
   * locked); then the file, if another desktop did not delete it meanwhile */
  ok = ok && (!found || type == FCRM_ENTITY_CONTACT || type == FCRM_ENTITY_COMPANY ||
              fcrm_store_lock_row (self->store, type == FCRM_ENTITY_LEAD ? "leads" : "deals", entity_id, error));
  if (ok && found)
    {
      stmt = fcrm_store_prepare (self->store, "DELETE FROM attachments WHERE id = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          fcrm_stmt_bind_int64 (stmt, 1, attachment_id);
          fcrm_stmt_step (stmt, &local);
          found = fcrm_stmt_changes (stmt) > 0;
          fcrm_stmt_reset (stmt);
          if (local != NULL)
            ok = (g_propagate_error (error, local), FALSE);
        }
    }
  if (ok && !found)
    {
      set_no_attachment (error, attachment_id);
      ok = FALSE;
    }
  ok = ok && fcrm_crm_touch_entity (self, type, entity_id, fcrm_clock_now (self->clock), error);
  return fcrm_crm_finish (self, ok, error);
}

/* reading */

GPtrArray *
fcrm_crm_attachments (FcrmCrm        *self,
                      FcrmEntityType  type,
                      gint64          id,
                      GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (type <= FCRM_ENTITY_COMPANY, NULL);

  if (!fcrm_crm_check_entity (self, type, id, FALSE, error))
    return NULL;
  /* never the content: a list of large scans stays cheap */
  stmt = fcrm_store_prepare (self->store,
                             "SELECT " ATTACHMENT_COLUMNS "FROM attachments a LEFT JOIN users u ON u.id = a.user_id "
                             "WHERE a.entity_type = ? AND a.entity_id = ? ORDER BY a.created_at, a.id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (list, attachment_from_stmt (stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}

FcrmAttachment *
fcrm_crm_attachment_get (FcrmCrm *self,
                         gint64   attachment_id,
                         GError **error)
{
  FcrmAttachment *a = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store,
                             "SELECT " ATTACHMENT_COLUMNS "FROM attachments a LEFT JOIN users u ON u.id = a.user_id "
                             "WHERE a.id = ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, attachment_id);
  if (fcrm_stmt_step (stmt, &local))
    a = attachment_from_stmt (stmt);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    {
      g_clear_object (&a);
      return g_propagate_error (error, local), NULL;
    }
  if (a == NULL)
    set_no_attachment (error, attachment_id);
  return a;
}

GBytes *
fcrm_crm_attachment_content (FcrmCrm *self,
                             gint64   attachment_id,
                             GError **error)
{
  GBytes *content = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store, "SELECT content FROM attachments WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, attachment_id);
  if (fcrm_stmt_step (stmt, &local))
    content = fcrm_stmt_get_blob (stmt, 0);
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    {
      g_clear_pointer (&content, g_bytes_unref);
      return g_propagate_error (error, local), NULL;
    }
  if (content == NULL)
    set_no_attachment (error, attachment_id);
  return content;
}
