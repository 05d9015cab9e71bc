#define G_LOG_DOMAIN "fcrm-comments"

/* Comments on a lead or deal (SPEC §4 Card, "General", and the timeline).
 * Writing one counts as a change of the item: its `updated` counter moves,
 * so an editor opened before notices. */

#include <glib/gi18n-lib.h>

#include "fcrm-comments.h"
#include "fcrm-crm-private.h"
#include "fcrm-field.h"

/* records */

G_DEFINE_FINAL_TYPE (FcrmComment, fcrm_comment, G_TYPE_OBJECT)

static void
fcrm_comment_finalize (GObject *object)
{
  FcrmComment *self = FCRM_COMMENT (object);

  g_free (self->user_login);
  g_free (self->user_name);
  g_free (self->text);
  G_OBJECT_CLASS (fcrm_comment_parent_class)->finalize (object);
}

static void fcrm_comment_class_init (FcrmCommentClass *klass) { G_OBJECT_CLASS (klass)->finalize = fcrm_comment_finalize; }
static void fcrm_comment_init (FcrmComment *self) { }

#define COMMENT_COLUMNS "c.id, c.entity_type, c.entity_id, u.login, u.name, c.text, c.created_at "

static FcrmComment *
comment_from_stmt (FcrmStmt *stmt)
{
  FcrmComment *c = g_object_new (FCRM_TYPE_COMMENT, NULL);

  c->id = fcrm_stmt_get_int64 (stmt, 0);
  c->entity_type = fcrm_entity_type_parse (fcrm_stmt_get_text (stmt, 1));
  c->entity_id = fcrm_stmt_get_int64 (stmt, 2);
  c->user_login = fcrm_stmt_dup_text (stmt, 3);
  c->user_name = fcrm_stmt_dup_text (stmt, 4);
  c->text = fcrm_stmt_dup_text (stmt, 5);
  c->created_at = fcrm_stmt_get_int64 (stmt, 6);
  return c;
}

/* The text to store, trimmed; NULL (and @error set) when it cannot be. */
static char *
clean_text (const char *text,
            GError    **error)
{
  g_autofree char *s = NULL;

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The comment is not valid text; type it again."));
      return NULL;
    }
  s = g_strstrip (fcrm_text_sanitize (text != NULL ? text : "", TRUE));
  if (*s == '\0')
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("Write something first."));
      return NULL;
    }
  if (g_utf8_strlen (s, -1) > FCRM_COMMENT_MAX_CHARS)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The comment is longer than %d characters; shorten it or attach the text as a file."),
                   FCRM_COMMENT_MAX_CHARS);
      return NULL;
    }
  return g_steal_pointer (&s);
}

/* writing */

FcrmComment *
fcrm_crm_comment_add (FcrmCrm        *self,
                      FcrmEntityType  type,
                      gint64          id,
                      const char     *text,
                      GError        **error)
{
  g_autoptr(FcrmComment) c = NULL;
  g_autofree char *clean = NULL;
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean ok;
  gint64 now;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  g_return_val_if_fail (type <= FCRM_ENTITY_COMPANY, NULL);

  clean = clean_text (text, error);
  if (clean == NULL)
    return NULL;
  now = fcrm_clock_now (self->clock);

  c = g_object_new (FCRM_TYPE_COMMENT, NULL);
  c->entity_type = type;
  c->entity_id = id;
  c->text = g_strdup (clean);
  c->created_at = now;
  c->user_login = self->actor != NULL ? g_strdup (self->actor->login) : NULL;
  c->user_name = self->actor != NULL ? g_strdup (self->actor->name) : NULL;

  if (!fcrm_crm_begin (self, error))
    return NULL;
  /* locked: a conversion copying the lead's comments waits for this one */
  ok = fcrm_crm_check_entity (self, type, id, TRUE, error);
  if (ok)
    {
      stmt = fcrm_store_prepare (self->store,
                                 "INSERT INTO comments (entity_type, entity_id, user_id, text, created_at) "
                                 "VALUES (?, ?, ?, ?, ?) RETURNING id", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
      fcrm_stmt_bind_int64 (stmt, 2, id);
      fcrm_stmt_bind_id (stmt, 3, self->actor != NULL ? self->actor->id : 0);
      fcrm_stmt_bind_text (stmt, 4, clean);
      fcrm_stmt_bind_int64 (stmt, 5, now);
      if (fcrm_stmt_step (stmt, &local))
        c->id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  ok = ok && fcrm_crm_touch_entity (self, type, id, now, error);
  if (!fcrm_crm_finish (self, ok, error))
    return NULL;
  return g_steal_pointer (&c);
}

/* reading */

GPtrArray *
fcrm_crm_comments (FcrmCrm        *self,
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
  stmt = fcrm_store_prepare (self->store,
                             "SELECT " COMMENT_COLUMNS "FROM comments c LEFT JOIN users u ON u.id = c.user_id "
                             "WHERE c.entity_type = ? AND c.entity_id = ? ORDER BY c.created_at DESC, c.id DESC", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_text (stmt, 1, fcrm_entity_type_to_string (type));
  fcrm_stmt_bind_int64 (stmt, 2, id);
  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (list, comment_from_stmt (stmt));
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}
