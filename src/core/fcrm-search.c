#define G_LOG_DOMAIN "fcrm-search"

/* Global search over the search rows of schema 7: on a database file an
 * FTS5 trigram table (MATCH of each word), on the office server a folded
 * text column with a trigram index (LIKE of each word) whose rows row-level
 * security narrows to what the person may see. Both find the same keys:
 * each word is a substring, letter case folded, ё = е. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-clients.h"
#include "fcrm-field.h"
#include "fcrm-search.h"

#define MAX_TERMS 6

static const char * const kinds[] = { "lead", "deal", "contact", "company" };

void
fcrm_search_result_free (FcrmSearchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->title);
  g_free (result->subtitle);
  g_free (result);
}

/* The words to find: a phone typed any way is its digits; other words of
 * at least three characters, folded. */
static GPtrArray *
search_terms (const char *text)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean phone = TRUE;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr ("+()-. \t", *p) == NULL)
        phone = FALSE;
    }
  if (phone)
    {
      if (digits->len >= 3)
        g_ptr_array_add (terms, g_string_free (g_steal_pointer (&digits), FALSE));
      return terms;
    }
  folded = fcrm_text_fold (text);
  words = g_strsplit_set (folded, " \t\n", -1);
  for (guint i = 0; words[i] != NULL && terms->len < MAX_TERMS; i++)
    if (g_utf8_strlen (words[i], -1) >= 3 && g_utf8_validate (words[i], -1, NULL))
      g_ptr_array_add (terms, g_strdup (words[i]));
  return terms;
}

/* The statement for @n terms (1 ≤ n ≤ MAX_TERMS), interned: statements are
 * cached by the address of their text. */
const char *
fcrm_crm_search_statement (FcrmCrm *self,
                           guint    n)
{
  g_autoptr(GString) sql = NULL;

  if (!fcrm_store_has_server_rules (self->store))
    /* one MATCH of every word ("a" AND "b", built in @match_expression) */
    return "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?";
  sql = g_string_new ("SELECT key FROM search_index WHERE ");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, i > 0 ? " AND body LIKE ? ESCAPE '\\'" : "body LIKE ? ESCAPE '\\'");
  g_string_append (sql, " ORDER BY key DESC LIMIT ?");
  return g_intern_string (sql->str);
}

static char *
match_expression (GPtrArray *terms)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < terms->len; i++)
    {
      const char *t = g_ptr_array_index (terms, i);

      if (i > 0)
        g_string_append (s, " AND ");
      g_string_append_c (s, '"');
      for (const char *p = t; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (s, '"');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  return g_string_free (s, FALSE);
}

/* The keys found, newest first. */
static GArray *
find_keys (FcrmCrm   *self,
           GPtrArray *terms,
           guint      limit,
           GError   **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  FcrmStmt *stmt = fcrm_store_prepare (self->store, fcrm_crm_search_statement (self, terms->len), error);
  GError *local = NULL;
  int p = 1;

  if (stmt == NULL)
    return NULL;
  if (!fcrm_store_has_server_rules (self->store))
    {
      g_autofree char *match = match_expression (terms);
      fcrm_stmt_bind_text (stmt, p++, match);
    }
  else
    for (guint i = 0; i < terms->len; i++)
      {
        g_autofree char *like = fcrm_text_like_pattern (g_ptr_array_index (terms, i));
        fcrm_stmt_bind_text (stmt, p++, like);
      }
  fcrm_stmt_bind_int64 (stmt, p, MIN (limit, (guint) G_MAXINT32));
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 key = fcrm_stmt_get_int64 (stmt, 0);
      g_array_append_val (keys, key);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&keys);
}

/* One statement per kind: id, title, stage code (items), client or company,
 * phone; for up to DESCRIBE_BATCH results at once (the places left over are
 * 0, which is no row's id). */
#define DESCRIBE_BATCH 8
#define IDS "(?, ?, ?, ?, ?, ?, ?, ?)"
static const char * const describe_sql[] = {
  "SELECT l.id, l.title, l.stage, coalesce (c.name, l.name, co.name, l.company_name), NULL FROM leads l"
  "  LEFT JOIN contacts c ON c.id = l.contact_id LEFT JOIN companies co ON co.id = l.company_id WHERE l.id IN " IDS,
  "SELECT d.id, d.title, d.stage, coalesce (c.name, co.name), NULL FROM deals d"
  "  LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN companies co ON co.id = d.company_id WHERE d.id IN " IDS,
  "SELECT c.id, c.name, NULL, co.name,"
  "  (SELECT p.phone FROM contact_phones p WHERE p.contact_id = c.id ORDER BY p.id LIMIT 1)"
  "  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.id IN " IDS,
  "SELECT c.id, c.name, NULL, NULL, c.inn FROM companies c WHERE c.id IN " IDS,
};
G_STATIC_ASSERT (DESCRIBE_BATCH == 8);  /* the places of IDS */

/* What the result of the statement's row shows. */
static void
describe_row (FcrmCrm          *self,
              FcrmStmt         *stmt,
              FcrmSearchResult *r,
              guint             kind)
{
  FcrmStage *stage = fcrm_crm_get_stage (self, fcrm_stmt_get_text (stmt, 2));
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *inn = NULL;

  r->title = fcrm_stmt_dup_text (stmt, 1);
  if (stage != NULL)
    g_ptr_array_add (parts, (gpointer) fcrm_stage_get_name (stage));
  if (!fcrm_stmt_is_null (stmt, 3))
    g_ptr_array_add (parts, (gpointer) fcrm_stmt_get_text (stmt, 3));
  if (!fcrm_stmt_is_null (stmt, 4))
    {
      if (kind == 3)
        g_ptr_array_add (parts, inn = g_strdup_printf (_("INN %s"), fcrm_stmt_get_text (stmt, 4)));
      else
        g_ptr_array_add (parts, (gpointer) fcrm_stmt_get_text (stmt, 4));
    }
  g_ptr_array_add (parts, NULL);
  r->subtitle = g_strjoinv (" · ", (char **) parts->pdata);
}

/* Titles and subtitles of @results (all of one @kind), DESCRIBE_BATCH at a
 * time; one the person may not see (or that went) keeps none. */
static gboolean
describe (FcrmCrm    *self,
          GPtrArray  *results,
          guint       kind,
          GError    **error)
{
  for (guint from = 0; from < results->len; from += DESCRIBE_BATCH)
    {
      FcrmStmt *stmt = fcrm_store_prepare (self->store, describe_sql[kind], error);
      guint n = MIN (results->len - from, DESCRIBE_BATCH);
      GError *local = NULL;

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < DESCRIBE_BATCH; i++)
        fcrm_stmt_bind_int64 (stmt, (int) i + 1, i < n ? ((FcrmSearchResult *) g_ptr_array_index (results, from + i))->id : 0);
      while (fcrm_stmt_step (stmt, &local))
        {
          gint64 id = fcrm_stmt_get_int64 (stmt, 0);

          for (guint i = 0; i < n; i++)
            {
              FcrmSearchResult *r = g_ptr_array_index (results, from + i);

              if (r->id == id && r->subtitle == NULL)
                describe_row (self, stmt, r, kind);
            }
        }
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
    }
  return TRUE;
}

static int
by_kind (gconstpointer a,
         gconstpointer b)
{
  const FcrmSearchResult *x = *(FcrmSearchResult * const *) a;
  const FcrmSearchResult *y = *(FcrmSearchResult * const *) b;
  guint kx = 0, ky = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (x->kind == kinds[i])
        kx = i;
      if (y->kind == kinds[i])
        ky = i;
    }
  if (kx != ky)
    return kx < ky ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

GPtrArray *
fcrm_crm_search (FcrmCrm    *self,
                 const char *text,
                 guint       limit,
                 GError    **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_search_result_free);
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GArray) keys = NULL;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  terms = search_terms (text != NULL ? text : "");
  if (terms->len == 0 || limit == 0)
    return g_steal_pointer (&results);
  keys = find_keys (self, terms, limit, error);
  if (keys == NULL)
    return NULL;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) of_kind = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_search_result_free);

      for (guint i = 0; i < keys->len; i++)
        {
          gint64 key = g_array_index (keys, gint64, i);
          FcrmSearchResult *r;

          if (key % 4 != k)
            continue;
          r = g_new0 (FcrmSearchResult, 1);
          r->kind = kinds[k];
          r->type = k == 1 ? FCRM_ENTITY_DEAL : FCRM_ENTITY_LEAD;
          r->id = key / 4;
          g_ptr_array_add (of_kind, r);
        }
      if (!describe (self, of_kind, k, error))
        return NULL;
      /* the ones described go on to @results, the others are let go */
      g_ptr_array_set_free_func (of_kind, NULL);
      for (guint i = 0; i < of_kind->len; i++)
        {
          FcrmSearchResult *r = g_ptr_array_index (of_kind, i);

          if (r->subtitle != NULL)
            g_ptr_array_add (results, r);
          else
            fcrm_search_result_free (r);
        }
    }
  g_ptr_array_sort (results, by_kind);
  return g_steal_pointer (&results);
}
