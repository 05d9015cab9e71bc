#define G_LOG_DOMAIN "fcrm-client-merge"

/* Merging duplicate contacts or companies (issue 11): everything that
 * points at the other card — leads, deals, comments, files, phones and
 * e-mails (a company: its contacts too) — moves to the kept one, the fields
 * chosen from the other are copied, the other card goes. One transaction;
 * the undo record puts every row back where it was. Duplicates are
 * suggested by a shared phone or e-mail, or the same name in the same
 * company (companies: the same name or INN). */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-clients-private.h"

/* What points at a card: the rows' ids, and how one row is moved. */
typedef struct
{
  const char *select_ids;
  const char *move_one;   /* parameters: the card's id, the row's id */
} Link;

static const Link contact_links[] = {
  { "SELECT id FROM leads WHERE contact_id = ?", "UPDATE leads SET contact_id = ?, updated = updated + 1 WHERE id = ?" },
  { "SELECT id FROM deals WHERE contact_id = ?", "UPDATE deals SET contact_id = ?, updated = updated + 1 WHERE id = ?" },
  { "SELECT id FROM comments WHERE entity_type = 'contact' AND entity_id = ?", "UPDATE comments SET entity_id = ? WHERE id = ?" },
  { "SELECT id FROM attachments WHERE entity_type = 'contact' AND entity_id = ?",
    "UPDATE attachments SET entity_id = ? WHERE id = ?" },
  { "SELECT id FROM contact_phones WHERE contact_id = ?", "UPDATE contact_phones SET contact_id = ? WHERE id = ?" },
  { "SELECT id FROM contact_emails WHERE contact_id = ?", "UPDATE contact_emails SET contact_id = ? WHERE id = ?" },
};

static const Link company_links[] = {
  { "SELECT id FROM leads WHERE company_id = ?", "UPDATE leads SET company_id = ?, updated = updated + 1 WHERE id = ?" },
  { "SELECT id FROM deals WHERE company_id = ?", "UPDATE deals SET company_id = ?, updated = updated + 1 WHERE id = ?" },
  { "SELECT id FROM comments WHERE entity_type = 'company' AND entity_id = ?", "UPDATE comments SET entity_id = ? WHERE id = ?" },
  { "SELECT id FROM attachments WHERE entity_type = 'company' AND entity_id = ?",
    "UPDATE attachments SET entity_id = ? WHERE id = ?" },
  { "SELECT id FROM contacts WHERE company_id = ?", "UPDATE contacts SET company_id = ?, updated = updated + 1 WHERE id = ?" },
};

#define MAX_LINKS 6

/* A phone or e-mail of the other card that the kept one has already: removed, kept here for the undo. */
typedef struct
{
  gboolean phone;
  gint64   id;
  char    *value;
  char    *norm;
  char    *kind;
} Dropped;

struct _FcrmMergeUndo
{
  gboolean     company;
  gint64       keep_id;
  gint64       keep_version;    /* after the merge: a later change refuses the undo */
  GObject     *keep;            /* FcrmContact or FcrmCompany before the merge */
  GObject     *other;
  gint64       other_created_by;
  GArray      *moved[MAX_LINKS];  /* ids of the rows moved, per link */
  GArray      *dropped;           /* Dropped */
};

static void
dropped_clear (gpointer data)
{
  Dropped *d = data;

  g_free (d->value);
  g_free (d->norm);
  g_free (d->kind);
}

void
fcrm_merge_undo_free (FcrmMergeUndo *undo)
{
  if (undo == NULL)
    return;
  g_clear_object (&undo->keep);
  g_clear_object (&undo->other);
  for (guint i = 0; i < MAX_LINKS; i++)
    g_clear_pointer (&undo->moved[i], g_array_unref);
  g_clear_pointer (&undo->dropped, g_array_unref);
  g_free (undo);
}

static const Link *
links_of (gboolean company,
          guint   *n)
{
  *n = company ? G_N_ELEMENTS (company_links) : G_N_ELEMENTS (contact_links);
  return company ? company_links : contact_links;
}

static GArray *
select_ids (FcrmCrm    *self,
            const char *sql,
            gint64      id,
            GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  FcrmStmt *stmt = fcrm_store_prepare (self->store, sql, error);
  GError *local = NULL;

  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 v = fcrm_stmt_get_int64 (stmt, 0);
      g_array_append_val (ids, v);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&ids);
}

static gboolean
move_rows (FcrmCrm    *self,
           const char *sql,
           gint64      to,
           GArray     *ids,
           GError    **error)
{
  for (guint i = 0; i < ids->len; i++)
    if (!fcrm_store_run (self->store, sql, error, "ii", to, g_array_index (ids, gint64, i)))
      return FALSE;
  return TRUE;
}

/* The other card's phones and e-mails the kept one has too: noted and removed. */
static gboolean
drop_shared_points (FcrmCrm       *self,
                    FcrmMergeUndo *undo,
                    gint64         other_id,
                    GError       **error)
{
  static const char * const select_sql[] = {
    "SELECT p.id, p.phone, p.phone_norm, p.kind FROM contact_phones p WHERE p.contact_id = ? AND p.phone_norm <> ''"
    "  AND EXISTS (SELECT 1 FROM contact_phones k WHERE k.contact_id = ? AND k.phone_norm = p.phone_norm)",
    "SELECT e.id, e.email, e.email_norm, e.kind FROM contact_emails e WHERE e.contact_id = ? AND e.email_norm <> ''"
    "  AND EXISTS (SELECT 1 FROM contact_emails k WHERE k.contact_id = ? AND k.email_norm = e.email_norm)",
  };

  for (guint t = 0; t < 2; t++)
    {
      FcrmStmt *stmt = fcrm_store_prepare (self->store, select_sql[t], error);
      guint first = undo->dropped->len;
      GError *local = NULL;

      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, other_id);
      fcrm_stmt_bind_int64 (stmt, 2, undo->keep_id);
      while (fcrm_stmt_step (stmt, &local))
        {
          Dropped d = { t == 0, fcrm_stmt_get_int64 (stmt, 0), fcrm_stmt_dup_text (stmt, 1),
                        fcrm_stmt_dup_text (stmt, 2), fcrm_stmt_dup_text (stmt, 3) };
          g_array_append_val (undo->dropped, d);
        }
      if (local != NULL)
        return g_propagate_error (error, local), FALSE;
      for (guint i = first; i < undo->dropped->len; i++)
        if (!fcrm_store_run (self->store,
                             t == 0 ? "DELETE FROM contact_phones WHERE id = ?" : "DELETE FROM contact_emails WHERE id = ?",
                             error, "i", g_array_index (undo->dropped, Dropped, i).id))
          return FALSE;
    }
  return TRUE;
}

/* The fields a merge may take from the other card. */
static const char * const contact_fields[] = { "name", "company", "address", "birthday", "comment", NULL };
static const char * const company_fields[] = { "name", "inn", "kpp", "address", "comment", NULL };

/* Copy a field of the other card onto the kept one: when chosen, or when
 * the kept one has none. */
static const char * const contact_copy[] = {
  "UPDATE contacts SET name = (SELECT o.name FROM contacts o WHERE o.id = ?) WHERE id = ?",
  "UPDATE contacts SET company_id = (SELECT o.company_id FROM contacts o WHERE o.id = ?) WHERE id = ?",
  "UPDATE contacts SET address = (SELECT o.address FROM contacts o WHERE o.id = ?) WHERE id = ?",
  "UPDATE contacts SET birthday = (SELECT o.birthday FROM contacts o WHERE o.id = ?) WHERE id = ?",
  "UPDATE contacts SET comment = (SELECT o.comment FROM contacts o WHERE o.id = ?) WHERE id = ?",
};
static const char * const company_copy[] = {
  "UPDATE companies SET name = (SELECT o.name FROM companies o WHERE o.id = ?) WHERE id = ?",
  "UPDATE companies SET inn = (SELECT o.inn FROM companies o WHERE o.id = ?) WHERE id = ?",
  "UPDATE companies SET kpp = (SELECT o.kpp FROM companies o WHERE o.id = ?) WHERE id = ?",
  "UPDATE companies SET address = (SELECT o.address FROM companies o WHERE o.id = ?) WHERE id = ?",
  "UPDATE companies SET comment = (SELECT o.comment FROM companies o WHERE o.id = ?) WHERE id = ?",
};

/* Which of the kept card's fields are empty (name never is). */
static gboolean
field_empty (GObject *card,
             gboolean company,
             guint    f)
{
  if (company)
    {
      FcrmCompany *c = FCRM_COMPANY (card);
      const char *v[] = { c->name, c->inn, c->kpp, c->address, c->comment };
      return v[f] == NULL;
    }
  else
    {
      FcrmContact *c = FCRM_CONTACT (card);

      switch (f)
        {
        case 0: return FALSE;
        case 1: return c->company_id == 0;
        case 2: return c->address == NULL;
        case 3: return c->birthday == 0;
        default: return c->comment == NULL;
        }
    }
}

static GObject *
load_card (FcrmCrm *self,
           gboolean company,
           gint64   id,
           GError **error)
{
  if (!fcrm_store_lock_row (self->store, company ? "companies" : "contacts", id, error))
    return NULL;
  return company ? G_OBJECT (fcrm_crm_company_get (self, id, error)) : G_OBJECT (fcrm_crm_contact_get (self, id, error));
}

static gboolean
merge (FcrmCrm             *self,
       gboolean             company,
       gint64               keep_id,
       gint64               other_id,
       const char * const  *take,
       FcrmUndo           **out_undo,
       GError             **error)
{
  const char * const *fields = company ? company_fields : contact_fields;
  const char * const *copy = company ? company_copy : contact_copy;
  g_autoptr(FcrmMergeUndo) undo = g_new0 (FcrmMergeUndo, 1);
  gint64 now = fcrm_clock_now (self->clock);
  gboolean found;
  guint n_links;
  const Link *links = links_of (company, &n_links);
  gboolean ok;

  for (guint i = 0; take != NULL && take[i] != NULL; i++)
    if (!g_strv_contains (fields, take[i]))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) fields);

        g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                     _("“%s” is not a field to take from the other card; choose among %s."), take[i], list);
        return FALSE;
      }
  if (keep_id == other_id)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                           _("A card cannot be merged with itself; choose two different ones."));
      return FALSE;
    }

  undo->company = company;
  undo->keep_id = keep_id;
  undo->dropped = g_array_new (FALSE, TRUE, sizeof (Dropped));
  g_array_set_clear_func (undo->dropped, dropped_clear);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  /* in id order, so that two merges of the same pair wait for each other */
  undo->keep = load_card (self, company, MIN (keep_id, other_id), error);
  undo->other = undo->keep != NULL ? load_card (self, company, MAX (keep_id, other_id), error) : NULL;
  ok = undo->other != NULL;
  if (ok && keep_id > other_id)
    {
      GObject *t = undo->keep;
      undo->keep = undo->other;
      undo->other = t;
    }
  ok = ok && fcrm_store_query_int (self->store,
                                   company ? "SELECT coalesce (created_by, 0) FROM companies WHERE id = ?"
                                           : "SELECT coalesce (created_by, 0) FROM contacts WHERE id = ?",
                                   &undo->other_created_by, &found, error, "i", other_id);
  ok = ok && (company || drop_shared_points (self, undo, other_id, error));
  for (guint l = 0; ok && l < n_links; l++)
    {
      undo->moved[l] = select_ids (self, links[l].select_ids, other_id, error);
      ok = undo->moved[l] != NULL && move_rows (self, links[l].move_one, keep_id, undo->moved[l], error);
    }
  for (guint f = 0; ok && fields[f] != NULL; f++)
    if ((take != NULL && g_strv_contains (take, fields[f])) || field_empty (undo->keep, company, f))
      ok = fcrm_store_run (self->store, copy[f], error, "ii", other_id, keep_id);
  ok = ok && fcrm_store_run (self->store,
                             company ? "UPDATE companies SET updated = updated + 1, updated_at = ? WHERE id = ?"
                                     : "UPDATE contacts SET updated = updated + 1, updated_at = ? WHERE id = ?",
                             error, "ii", now, keep_id) &&
       fcrm_store_run (self->store,
                       company ? "DELETE FROM companies WHERE id = ?" : "DELETE FROM contacts WHERE id = ?",
                       error, "i", other_id) &&
       fcrm_store_query_int (self->store,
                             company ? "SELECT updated FROM companies WHERE id = ?" : "SELECT updated FROM contacts WHERE id = ?",
                             &undo->keep_version, NULL, error, "i", keep_id);
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  if (out_undo != NULL)
    *out_undo = fcrm_undo_new_for_merge (g_steal_pointer (&undo));
  return TRUE;
}

gboolean
fcrm_crm_contact_merge (FcrmCrm             *self,
                        gint64               keep_id,
                        gint64               other_id,
                        const char * const  *take_from_other,
                        FcrmUndo           **out_undo,
                        GError             **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return merge (self, FALSE, keep_id, other_id, take_from_other, out_undo, error);
}

gboolean
fcrm_crm_company_merge (FcrmCrm             *self,
                        gint64               keep_id,
                        gint64               other_id,
                        const char * const  *take_from_other,
                        FcrmUndo           **out_undo,
                        GError             **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return merge (self, TRUE, keep_id, other_id, take_from_other, out_undo, error);
}

/* The other card again, with its id, and the kept one's fields as they were. */
static gboolean
restore_cards (FcrmCrm       *self,
               FcrmMergeUndo *undo,
               gint64         now,
               GError       **error)
{
  if (undo->company)
    {
      FcrmCompany *o = FCRM_COMPANY (undo->other), *k = FCRM_COMPANY (undo->keep);

      return fcrm_store_run (self->store,
                             "INSERT INTO companies (id, name, inn, kpp, address, comment, created_at, updated_at, updated,"
                             "  created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error, "isssssiiid",
                             o->id, o->name, o->inn, o->kpp, o->address, o->comment, o->created_at, o->updated_at,
                             o->version, undo->other_created_by) &&
             fcrm_store_run (self->store,
                             "UPDATE companies SET name = ?, inn = ?, kpp = ?, address = ?, comment = ?,"
                             "  updated = updated + 1, updated_at = ? WHERE id = ?", error, "sssssii",
                             k->name, k->inn, k->kpp, k->address, k->comment, now, k->id);
    }
  else
    {
      FcrmContact *o = FCRM_CONTACT (undo->other), *k = FCRM_CONTACT (undo->keep);

      return fcrm_store_run (self->store,
                             "INSERT INTO contacts (id, name, company_id, address, birthday, comment, created_at,"
                             "  updated_at, updated, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error, "isdsdsiiid",
                             o->id, o->name, o->company_id, o->address, o->birthday, o->comment, o->created_at,
                             o->updated_at, o->version, undo->other_created_by) &&
             fcrm_store_run (self->store,
                             "UPDATE contacts SET name = ?, company_id = ?, address = ?, birthday = ?,"
                             "  comment = ?, updated = updated + 1, updated_at = ? WHERE id = ?", error, "sdsdsii",
                             k->name, k->company_id, k->address, k->birthday, k->comment, now, k->id);
    }
}

gboolean
fcrm_crm_merge_undo (FcrmCrm       *self,
                     FcrmMergeUndo *undo,
                     GError       **error)
{
  gint64 now, version = -1, other_id;
  guint n_links;
  const Link *links;
  gboolean ok, found = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  links = links_of (undo->company, &n_links);
  other_id = undo->company ? FCRM_COMPANY (undo->other)->id : FCRM_CONTACT (undo->other)->id;
  now = fcrm_clock_now (self->clock);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_store_lock_row (self->store, undo->company ? "companies" : "contacts", undo->keep_id, error) &&
       fcrm_store_query_int (self->store,
                             undo->company ? "SELECT updated FROM companies WHERE id = ?" : "SELECT updated FROM contacts WHERE id = ?",
                             &version, &found, error, "i", undo->keep_id);
  if (ok && (!found || version != undo->keep_version))
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_CONFLICT,
                           _("The merged card has changed since; the merge can no longer be undone."));
      ok = FALSE;
    }
  ok = ok && restore_cards (self, undo, now, error);
  for (guint l = 0; ok && l < n_links; l++)
    ok = move_rows (self, links[l].move_one, other_id, undo->moved[l], error);
  for (guint i = 0; ok && i < undo->dropped->len; i++)
    {
      Dropped *d = &g_array_index (undo->dropped, Dropped, i);

      ok = fcrm_store_run (self->store,
                           d->phone ? "INSERT INTO contact_phones (id, contact_id, phone, phone_norm, kind) VALUES (?, ?, ?, ?, ?)"
                                    : "INSERT INTO contact_emails (id, contact_id, email, email_norm, kind) VALUES (?, ?, ?, ?, ?)",
                           error, "iisss", d->id, other_id, d->value, d->norm, d->kind);
    }
  return fcrm_crm_finish (self, ok, error);
}

/* Suggested duplicates */

static const char contact_duplicates_sql[] =
  "SELECT a, b, min (reason) FROM ("
  "  SELECT p.contact_id AS a, q.contact_id AS b, 'phone' AS reason FROM contact_phones p"
  "    JOIN contact_phones q ON q.phone_norm = p.phone_norm AND q.contact_id > p.contact_id WHERE p.phone_norm <> ''"
  "  UNION ALL SELECT e.contact_id, f.contact_id, 'email' FROM contact_emails e"
  "    JOIN contact_emails f ON f.email_norm = e.email_norm AND f.contact_id > e.contact_id WHERE e.email_norm <> ''"
  "  UNION ALL SELECT c.id, d.id, 'name' FROM contacts c"
  "    JOIN contacts d ON d.name = c.name AND d.company_id = c.company_id AND d.id > c.id) x "
  "GROUP BY a, b ORDER BY a, b LIMIT ?";

static const char company_duplicates_sql[] =
  "SELECT a, b, min (reason) FROM ("
  "  SELECT c.id AS a, d.id AS b, 'inn' AS reason FROM companies c JOIN companies d ON d.inn = c.inn AND d.id > c.id"
  "  UNION ALL SELECT c.id, d.id, 'name' FROM companies c JOIN companies d ON d.name = c.name AND d.id > c.id) x "
  "GROUP BY a, b ORDER BY a, b LIMIT ?";

void
fcrm_duplicate_free (FcrmDuplicate *dup)
{
  if (dup == NULL)
    return;
  g_free (dup->reason);
  g_free (dup);
}

static GPtrArray *
duplicates (FcrmCrm    *self,
            const char *sql,
            guint       limit,
            GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_duplicate_free);
  FcrmStmt *stmt = fcrm_store_prepare (self->store, sql, error);
  GError *local = NULL;

  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, MIN (limit, (guint) G_MAXINT32));
  while (fcrm_stmt_step (stmt, &local))
    {
      FcrmDuplicate *d = g_new0 (FcrmDuplicate, 1);

      d->first_id = fcrm_stmt_get_int64 (stmt, 0);
      d->second_id = fcrm_stmt_get_int64 (stmt, 1);
      d->reason = fcrm_stmt_dup_text (stmt, 2);
      g_ptr_array_add (list, d);
    }
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
fcrm_crm_contact_duplicates (FcrmCrm *self,
                             guint    limit,
                             GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return duplicates (self, contact_duplicates_sql, limit, error);
}

GPtrArray *
fcrm_crm_company_duplicates (FcrmCrm *self,
                             guint    limit,
                             GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  return duplicates (self, company_duplicates_sql, limit, error);
}
