#define G_LOG_DOMAIN "fcrm-clients"

/* Contact and company cards: reading, paged lists, adding and deleting
 * (editing one field is in fcrm-client-set.c). */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "fcrm-clients-private.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-phone.h"

void
fcrm_contact_point_free (FcrmContactPoint *point)
{
  if (point == NULL)
    return;
  g_free (point->value);
  g_free (point->kind);
  g_free (point);
}

G_DEFINE_FINAL_TYPE (FcrmContact, fcrm_contact, G_TYPE_OBJECT)

static void
fcrm_contact_finalize (GObject *object)
{
  FcrmContact *self = FCRM_CONTACT (object);

  g_free (self->name);
  g_free (self->company_name);
  g_free (self->address);
  g_free (self->comment);
  g_ptr_array_unref (self->phones);
  g_ptr_array_unref (self->emails);
  G_OBJECT_CLASS (fcrm_contact_parent_class)->finalize (object);
}

static void
fcrm_contact_class_init (FcrmContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fcrm_contact_finalize;
}

static void
fcrm_contact_init (FcrmContact *self)
{
  self->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_contact_point_free);
  self->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_contact_point_free);
}

G_DEFINE_FINAL_TYPE (FcrmCompany, fcrm_company, G_TYPE_OBJECT)

static void
fcrm_company_finalize (GObject *object)
{
  FcrmCompany *self = FCRM_COMPANY (object);

  g_free (self->name);
  g_free (self->inn);
  g_free (self->kpp);
  g_free (self->address);
  g_free (self->comment);
  G_OBJECT_CLASS (fcrm_company_parent_class)->finalize (object);
}

static void
fcrm_company_class_init (FcrmCompanyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fcrm_company_finalize;
}

static void
fcrm_company_init (FcrmCompany *self)
{
}

/* Reading */

#define CONTACT_SELECT \
  "SELECT c.id, c.name, c.company_id, co.name, c.address, c.birthday, c.comment, c.created_at, c.updated_at," \
  " c.updated, c.last_activity FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
#define COMPANY_SELECT \
  "SELECT c.id, c.name, c.inn, c.kpp, c.address, c.comment, c.created_at, c.updated_at, c.updated, c.last_activity FROM companies c "

static gpointer
contact_from_row (FcrmStmt *stmt)
{
  FcrmContact *c = g_object_new (FCRM_TYPE_CONTACT, NULL);
  int i = 0;

  c->id = fcrm_stmt_get_int64 (stmt, i++);
  c->name = fcrm_stmt_dup_text (stmt, i++);
  c->company_id = fcrm_stmt_get_int64 (stmt, i++);
  c->company_name = fcrm_stmt_dup_text (stmt, i++);
  c->address = fcrm_stmt_dup_text (stmt, i++);
  c->birthday = fcrm_stmt_get_int64 (stmt, i++);
  c->comment = fcrm_stmt_dup_text (stmt, i++);
  c->created_at = fcrm_stmt_get_int64 (stmt, i++);
  c->updated_at = fcrm_stmt_get_int64 (stmt, i++);
  c->version = fcrm_stmt_get_int64 (stmt, i++);
  c->last_activity = fcrm_stmt_get_int64 (stmt, i++);
  return c;
}

static gpointer
company_from_row (FcrmStmt *stmt)
{
  FcrmCompany *c = g_object_new (FCRM_TYPE_COMPANY, NULL);
  int i = 0;

  c->id = fcrm_stmt_get_int64 (stmt, i++);
  c->name = fcrm_stmt_dup_text (stmt, i++);
  c->inn = fcrm_stmt_dup_text (stmt, i++);
  c->kpp = fcrm_stmt_dup_text (stmt, i++);
  c->address = fcrm_stmt_dup_text (stmt, i++);
  c->comment = fcrm_stmt_dup_text (stmt, i++);
  c->created_at = fcrm_stmt_get_int64 (stmt, i++);
  c->updated_at = fcrm_stmt_get_int64 (stmt, i++);
  c->version = fcrm_stmt_get_int64 (stmt, i++);
  c->last_activity = fcrm_stmt_get_int64 (stmt, i++);
  return c;
}

/* An object of each of @stmt's rows. */
static GPtrArray *
collect_rows (FcrmStmt  *stmt,
              gpointer (*from_row) (FcrmStmt *stmt),
              GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local = NULL;

  while (fcrm_stmt_step (stmt, &local))
    g_ptr_array_add (list, from_row (stmt));
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  return g_steal_pointer (&list);
}

/* Phones and e-mails are read for many contacts at once: a list of 500
 * costs ten statements, not a thousand. */
#define POINTS_AT_ONCE 100

/* "SELECT contact_id, value, kind … WHERE contact_id IN (?, … ×POINTS_AT_ONCE)" */
static const char *
points_sql (gboolean emails)
{
  static const char *sql[2];

  if (g_once_init_enter (&sql[emails]))
    {
      GString *s = g_string_new (emails ? "SELECT contact_id, email, kind FROM contact_emails WHERE contact_id IN ("
                                        : "SELECT contact_id, phone, kind FROM contact_phones WHERE contact_id IN (");

      for (guint i = 0; i < POINTS_AT_ONCE; i++)
        g_string_append (s, i == 0 ? "?" : ", ?");
      g_string_append (s, ") ORDER BY contact_id, id");
      g_once_init_leave (&sql[emails], g_string_free (s, FALSE));
    }
  return sql[emails];
}

/* The phones (or e-mails) of @list[@first…], at most POINTS_AT_ONCE contacts. */
static gboolean
load_points_of (FcrmCrm   *self,
                GPtrArray *list,
                guint      first,
                gboolean   emails,
                GError   **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  FcrmStmt *stmt = fcrm_store_prepare (self->store, points_sql (emails), error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < POINTS_AT_ONCE; i++)
    {
      FcrmContact *c = first + i < list->len ? g_ptr_array_index (list, first + i) : NULL;

      /* the slots left over ask for no contact */
      fcrm_stmt_bind_int64 (stmt, i + 1, c != NULL ? c->id : 0);
      if (c != NULL)
        g_hash_table_insert (by_id, &c->id, c);
    }
  while (fcrm_stmt_step (stmt, &local))
    {
      gint64 id = fcrm_stmt_get_int64 (stmt, 0);
      FcrmContact *c = g_hash_table_lookup (by_id, &id);
      FcrmContactPoint *p;

      if (c == NULL)
        continue;
      p = g_new0 (FcrmContactPoint, 1);
      p->value = fcrm_stmt_dup_text (stmt, 1);
      p->kind = fcrm_stmt_dup_text (stmt, 2);
      g_ptr_array_add (emails ? c->emails : c->phones, p);
    }
  fcrm_stmt_reset (stmt);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;
  return TRUE;
}

/* The contacts of @stmt's rows, each with its phones and e-mails. */
static GPtrArray *
collect_contacts (FcrmCrm  *self,
                  FcrmStmt *stmt,
                  GError  **error)
{
  g_autoptr(GPtrArray) list = collect_rows (stmt, contact_from_row, error);

  for (guint first = 0; list != NULL && first < list->len; first += POINTS_AT_ONCE)
    if (!load_points_of (self, list, first, FALSE, error) || !load_points_of (self, list, first, TRUE, error))
      return NULL;
  return g_steal_pointer (&list);
}

static GPtrArray *
collect_companies (FcrmStmt *stmt,
                   GError  **error)
{
  return collect_rows (stmt, company_from_row, error);
}

FcrmContact *
fcrm_crm_contact_get (FcrmCrm *self,
                      gint64   id,
                      GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store, CONTACT_SELECT "WHERE c.id = ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  list = collect_contacts (self, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no contact #%" PRId64 "."), id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

FcrmCompany *
fcrm_crm_company_get (FcrmCrm *self,
                      gint64   id,
                      GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store, COMPANY_SELECT "WHERE c.id = ?", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, id);
  list = collect_companies (stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no company #%" PRId64 "."), id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

/* A page's statement: @select, the query's condition, the key, the order.
 * Statements are cached by the address of their text: each shape is made
 * once and interned. */
static const char *
page_sql (const char     *select,
          const char     *query_condition,
          FcrmClientSort  sort,
          gboolean        has_after)
{
  g_autofree char *sql = NULL;
  const char *key = "";
  const char *order = "ORDER BY c.id LIMIT ?";

  if (sort == FCRM_CLIENT_SORT_NAME)
    order = "ORDER BY c.name, c.id LIMIT ?";
  else if (sort == FCRM_CLIENT_SORT_NEWEST)
    order = "ORDER BY c.id DESC LIMIT ?";
  else if (sort == FCRM_CLIENT_SORT_ACTIVITY)
    order = "ORDER BY c.last_activity DESC, c.id DESC LIMIT ?";
  if (has_after && sort == FCRM_CLIENT_SORT_NAME)
    /* "name >= ?" first: a range of the name index (an OR alone walks it from the top) */
    key = "AND c.name >= ? AND (c.name > ? OR c.id > ?) ";
  else if (has_after && sort == FCRM_CLIENT_SORT_ACTIVITY)
    key = "AND c.last_activity <= ? AND (c.last_activity < ? OR c.id < ?) ";
  else if (has_after)
    key = sort == FCRM_CLIENT_SORT_NEWEST ? "AND c.id < ? " : "AND c.id > ? ";
  sql = g_strconcat (select, "WHERE 1 = 1 ", query_condition != NULL ? query_condition : "", key, order, NULL);
  return g_intern_string (sql);
}

static FcrmStmt *
prepare_page (FcrmCrm             *self,
              const char          *select,
              const char          *query_condition,
              gboolean             has_query,
              FcrmClientSort       sort,
              const FcrmClientKey *after,
              GError             **error)
{
  return fcrm_store_prepare (self->store, page_sql (select, has_query ? query_condition : NULL, sort, after != NULL),
                             error);
}

const FcrmHotQuery *
fcrm_client_hot_queries (void)
{
  static FcrmHotQuery *queries;

  /* the pages of the Contacts and Companies views before anything is typed:
   * each kind × sort × first page or after a row */
  if (g_once_init_enter (&queries))
    {
      static const char *selects[] = { CONTACT_SELECT, COMPANY_SELECT };
      static const char *kinds[] = { "contacts", "companies" };
      static const char *sorts[] = { "by name", "by id", "newest first", "by last activity" };
      GArray *list = g_array_new (TRUE, TRUE, sizeof (FcrmHotQuery));

      for (guint k = 0; k < G_N_ELEMENTS (selects); k++)
        for (FcrmClientSort sort = FCRM_CLIENT_SORT_NAME; sort <= FCRM_CLIENT_SORT_ACTIVITY; sort++)
          for (int after = 0; after <= 1; after++)
            {
              FcrmHotQuery q;
              g_autofree char *name = g_strdup_printf ("%s page %s%s", kinds[k], sorts[sort],
                                                       after ? ", after a row" : "");

              q.name = g_intern_string (name);
              q.sql = page_sql (selects[k], NULL, sort, after);
              q.n_params = 1 + (after ? (sort == FCRM_CLIENT_SORT_NAME || sort == FCRM_CLIENT_SORT_ACTIVITY ? 3 : 1) : 0);
              g_array_append_val (list, q);
            }
      g_once_init_leave (&queries, (FcrmHotQuery *) g_array_free (list, FALSE));
    }
  return queries;
}

static FcrmStmt *
bind_page (FcrmCrm             *self,
           const char          *select,
           const char          *query_condition,
           guint                n_query_params,
           const char          *query,
           FcrmClientSort       sort,
           const FcrmClientKey *after,
           guint                limit,
           GError             **error)
{
  gboolean has_query = query != NULL && *query != '\0';
  g_autofree char *pattern = has_query ? fcrm_text_like_pattern (query) : NULL;
  g_autofree char *digits = NULL;
  FcrmStmt *stmt;
  int i = 1;

  stmt = prepare_page (self, select, query_condition, has_query, sort, after, error);
  if (stmt == NULL)
    return NULL;
  if (has_query)
    {
      /* a phone is matched by its digits, however it was typed */
      GString *d = g_string_new ("%");

      for (const char *p = query; *p != '\0'; p++)
        if (g_ascii_isdigit (*p))
          g_string_append_c (d, *p);
      g_string_append_c (d, '%');
      /* no digits: the pattern can match no phone */
      digits = d->len > 2 ? g_string_free (d, FALSE) : (g_string_free (d, TRUE), g_strdup ("-"));
      for (guint q = 0; q < n_query_params; q++)
        fcrm_stmt_bind_text (stmt, i++, q == 1 ? digits : pattern);
    }
  if (after != NULL && sort == FCRM_CLIENT_SORT_NAME)
    {
      fcrm_stmt_bind_text (stmt, i++, after->name != NULL ? after->name : "");
      fcrm_stmt_bind_text (stmt, i++, after->name != NULL ? after->name : "");
    }
  else if (after != NULL && sort == FCRM_CLIENT_SORT_ACTIVITY)
    {
      fcrm_stmt_bind_int64 (stmt, i++, after->activity);
      fcrm_stmt_bind_int64 (stmt, i++, after->activity);
    }
  if (after != NULL)
    fcrm_stmt_bind_int64 (stmt, i++, after->id);
  fcrm_stmt_bind_int64 (stmt, i++, MIN (limit, (guint) G_MAXINT32));
  return stmt;
}

GPtrArray *
fcrm_crm_contact_page (FcrmCrm             *self,
                       const char          *query,
                       FcrmClientSort       sort,
                       const FcrmClientKey *after,
                       guint                limit,
                       GError             **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  /* parameters: the folded pattern, the digits, the pattern (twice) */
  stmt = bind_page (self, CONTACT_SELECT,
                    "AND (fcrm_fold (c.name) LIKE ? ESCAPE '\\' "
                    "  OR EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id AND p.phone_norm LIKE ?)"
                    "  OR EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id AND e.email_norm LIKE ? ESCAPE '\\')"
                    "  OR fcrm_fold (co.name) LIKE ? ESCAPE '\\') ",
                    4, query, sort, after, limit, error);
  if (stmt == NULL)
    return NULL;
  return collect_contacts (self, stmt, error);
}

GPtrArray *
fcrm_crm_company_page (FcrmCrm             *self,
                       const char          *query,
                       FcrmClientSort       sort,
                       const FcrmClientKey *after,
                       guint                limit,
                       GError             **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = bind_page (self, COMPANY_SELECT,
                    "AND (fcrm_fold (c.name) LIKE ? ESCAPE '\\' OR c.inn LIKE ?"
                    "  OR fcrm_fold (c.address) LIKE ? ESCAPE '\\') ",
                    3, query, sort, after, limit, error);
  if (stmt == NULL)
    return NULL;
  return collect_companies (stmt, error);
}

GPtrArray *
fcrm_crm_company_contacts (FcrmCrm *self,
                           gint64   company_id,
                           GError **error)
{
  FcrmStmt *stmt;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  stmt = fcrm_store_prepare (self->store, CONTACT_SELECT "WHERE c.company_id = ? ORDER BY c.name, c.id", error);
  if (stmt == NULL)
    return NULL;
  fcrm_stmt_bind_int64 (stmt, 1, company_id);
  return collect_contacts (self, stmt, error);
}

/* Adding */

static const char * const point_kinds[] = { "mobile", "work", "home", NULL };

/* A phone or e-mail checked and normalised; @kind NULL: @default_kind. */
static gboolean
check_point (gboolean     phone,
             const char  *value,
             const char  *kind,
             const char  *default_kind,
             char       **out_value,
             char       **out_norm,
             char       **out_kind,
             GError     **error)
{
  g_auto(FcrmFieldValue) v = { 0 };

  if (kind != NULL && !g_strv_contains (point_kinds, kind))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a kind of phone or e-mail; use mobile, work or home."), kind);
      return FALSE;
    }
  if (!fcrm_field_parse (NULL, phone ? FCRM_FIELD_PHONE : FCRM_FIELD_EMAIL, phone ? _("The phone") : _("The e-mail"),
                         value, NULL, &v, error))
    return FALSE;
  if (v.is_null)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                           phone ? _("A phone number cannot be empty.") : _("An e-mail address cannot be empty."));
      return FALSE;
    }
  *out_value = g_steal_pointer (&v.text);
  *out_norm = g_steal_pointer (&v.norm);
  if (*out_norm == NULL)
    *out_norm = g_strdup ("");
  *out_kind = g_strdup (kind != NULL ? kind : default_kind);
  return TRUE;
}

typedef struct
{
  char *value;
  char *norm;
  char *kind;
} Point;

static void
point_clear (gpointer data)
{
  Point *p = data;

  g_free (p->value);
  g_free (p->norm);
  g_free (p->kind);
}

GArray *
fcrm_client_points_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (Point));

  g_array_set_clear_func (a, point_clear);
  return a;
}

gboolean
fcrm_client_points_add (GArray     *points,
                        gboolean    phone,
                        const char *value,
                        const char *kind,
                        GError    **error)
{
  Point p = { 0 };

  if (!check_point (phone, value, kind, phone ? "mobile" : "work", &p.value, &p.norm, &p.kind, error))
    return FALSE;
  g_array_append_val (points, p);
  return TRUE;
}

gboolean
fcrm_client_points_write (FcrmCrm *self,
                          gint64   contact_id,
                          gboolean phone,
                          GArray  *points,
                          GError **error)
{
  for (guint i = 0; i < points->len; i++)
    {
      Point *p = &g_array_index (points, Point, i);
      FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                           phone ? "INSERT INTO contact_phones (contact_id, phone, phone_norm, kind) "
                                                   "VALUES (?, ?, ?, ?)"
                                                 : "INSERT INTO contact_emails (contact_id, email, email_norm, kind) "
                                                   "VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      fcrm_stmt_bind_int64 (stmt, 1, contact_id);
      fcrm_stmt_bind_text (stmt, 2, p->value);
      fcrm_stmt_bind_text (stmt, 3, p->norm);
      fcrm_stmt_bind_text (stmt, 4, p->kind);
      if (!fcrm_stmt_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fcrm_crm_company_find_or_add (FcrmCrm    *self,
                              const char *name,
                              gint64      now,
                              gint64     *out_id,
                              GError    **error)
{
  gboolean found = FALSE;

  /* two desktops naming the same new company at once make one */
  if (!fcrm_store_lock_name (self->store, "company", error) ||
      !fcrm_store_query_int (self->store, "SELECT id FROM companies WHERE name = ? ORDER BY id LIMIT 1", out_id,
                             &found, error, "s", name))
    return FALSE;
  return found || fcrm_crm_insert_company (self, name, now, out_id, error);
}

static gboolean
company_exists (FcrmCrm *self,
                gint64   id,
                GError **error)
{
  gboolean found = FALSE;
  gint64 n;

  if (!fcrm_store_query_int (self->store, "SELECT 1 FROM companies WHERE id = ?", &n, &found, error, "i", id))
    return FALSE;
  if (!found)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no company #%" PRId64 "."), id);
  return found;
}

gboolean
fcrm_crm_contact_insert (FcrmCrm                *self,
                         const FcrmContactInput *input,
                         gint64                 *out_id,
                         GError                **error)
{
  g_auto(FcrmFieldValue) name = { 0 };
  g_auto(FcrmFieldValue) company = { 0 };
  g_auto(FcrmFieldValue) address = { 0 };
  g_auto(FcrmFieldValue) birthday = { 0 };
  g_auto(FcrmFieldValue) comment = { 0 };
  g_autoptr(GArray) phones = fcrm_client_points_new ();
  g_autoptr(GArray) emails = fcrm_client_points_new ();
  gint64 now, id = 0, company_id = input->company_id;
  GError *local = NULL;
  FcrmStmt *stmt;
  gboolean ok;

  /* everything is checked before anything is written */
  if (!fcrm_field_parse (self, FCRM_FIELD_REQUIRED_TEXT, _("The name"), input->name, _("A contact needs a name."),
                         &name, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_SHORT_TEXT, _("The company name"), input->company, NULL, &company, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_SHORT_TEXT, _("The address"), input->address, NULL, &address, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_DATE, _("The birthday"), input->birthday, NULL, &birthday, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_TEXT, _("The comment"), input->comment, NULL, &comment, error))
    return FALSE;
  for (guint i = 0; input->phones != NULL && input->phones[i] != NULL; i++)
    if (!fcrm_client_points_add (phones, TRUE, input->phones[i],
                                 input->phone_kinds != NULL ? input->phone_kinds[i] : NULL, error))
      return FALSE;
  for (guint i = 0; input->emails != NULL && input->emails[i] != NULL; i++)
    if (!fcrm_client_points_add (emails, FALSE, input->emails[i],
                                 input->email_kinds != NULL ? input->email_kinds[i] : NULL, error))
      return FALSE;

  now = fcrm_clock_now (self->clock);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  if (company_id != 0)
    ok = company_exists (self, company_id, error);
  else
    ok = company.is_null || fcrm_crm_company_find_or_add (self, company.text, now, &company_id, error);
  stmt = ok ? fcrm_store_prepare (self->store,
                                  "INSERT INTO contacts (name, company_id, address, birthday, comment, created_at,"
                                  "  updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error)
            : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      fcrm_stmt_bind_text (stmt, 1, name.text);
      fcrm_stmt_bind_id (stmt, 2, company_id);
      fcrm_stmt_bind_text (stmt, 3, address.is_null ? NULL : address.text);
      fcrm_stmt_bind_id (stmt, 4, birthday.is_null ? 0 : birthday.number);
      fcrm_stmt_bind_text (stmt, 5, comment.is_null ? NULL : comment.text);
      fcrm_stmt_bind_int64 (stmt, 6, now);
      fcrm_stmt_bind_int64 (stmt, 7, now);
      fcrm_stmt_bind_id (stmt, 8, self->actor != NULL ? self->actor->id : 0);
      if (fcrm_stmt_step (stmt, &local))
        id = fcrm_stmt_get_int64 (stmt, 0);
      fcrm_stmt_reset (stmt);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
    }
  ok = ok && fcrm_client_points_write (self, id, TRUE, phones, error) &&
       fcrm_client_points_write (self, id, FALSE, emails, error);
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  *out_id = id;
  return TRUE;
}

FcrmContact *
fcrm_crm_contact_add (FcrmCrm                *self,
                      const FcrmContactInput *input,
                      GError                **error)
{
  gint64 id = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  if (!fcrm_crm_contact_insert (self, input, &id, error))
    return NULL;
  return fcrm_crm_contact_get (self, id, error);
}

gboolean
fcrm_crm_company_insert (FcrmCrm                *self,
                         const FcrmCompanyInput *input,
                         gint64                 *out_id,
                         GError                **error)
{
  g_auto(FcrmFieldValue) name = { 0 };
  g_auto(FcrmFieldValue) inn = { 0 };
  g_auto(FcrmFieldValue) kpp = { 0 };
  g_auto(FcrmFieldValue) address = { 0 };
  g_auto(FcrmFieldValue) comment = { 0 };
  gint64 now, id = 0;
  gboolean ok;

  if (!fcrm_field_parse (self, FCRM_FIELD_REQUIRED_TEXT, _("The name"), input->name, _("A company needs a name."),
                         &name, error) ||
      !fcrm_client_parse_inn (input->inn, &inn, error) ||
      !fcrm_client_parse_kpp (input->kpp, &kpp, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_SHORT_TEXT, _("The address"), input->address, NULL, &address, error) ||
      !fcrm_field_parse (self, FCRM_FIELD_TEXT, _("The comment"), input->comment, NULL, &comment, error))
    return FALSE;

  now = fcrm_clock_now (self->clock);
  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_crm_insert_company (self, name.text, now, &id, error) &&
       fcrm_store_run (self->store, "UPDATE companies SET inn = ?, kpp = ?, address = ?, comment = ? WHERE id = ?",
                       error, "ssssi", inn.is_null ? NULL : inn.text, kpp.is_null ? NULL : kpp.text,
                       address.is_null ? NULL : address.text, comment.is_null ? NULL : comment.text, id);
  if (!fcrm_crm_finish (self, ok, error))
    return FALSE;
  *out_id = id;
  return TRUE;
}

FcrmCompany *
fcrm_crm_company_add (FcrmCrm                *self,
                      const FcrmCompanyInput *input,
                      GError                **error)
{
  gint64 id = 0;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  if (!fcrm_crm_company_insert (self, input, &id, error))
    return NULL;
  return fcrm_crm_company_get (self, id, error);
}

/* Deleting */

/* "leads: 2, deals: 1": what links to a contact or company, or NULL when
 * nothing does. */
static char *
describe_links (FcrmCrm    *self,
                gboolean    company,
                gint64      id,
                GError    **error)
{
  static const char * const contact_sql[] = {
    "SELECT count(*) FROM leads WHERE contact_id = ?",
    "SELECT count(*) FROM deals WHERE contact_id = ?",
    "SELECT count(*) FROM comments WHERE entity_type = 'contact' AND entity_id = ?",
    "SELECT count(*) FROM attachments WHERE entity_type = 'contact' AND entity_id = ?",
    NULL,
  };
  static const char * const company_sql[] = {
    "SELECT count(*) FROM leads WHERE company_id = ?",
    "SELECT count(*) FROM deals WHERE company_id = ?",
    "SELECT count(*) FROM comments WHERE entity_type = 'company' AND entity_id = ?",
    "SELECT count(*) FROM attachments WHERE entity_type = 'company' AND entity_id = ?",
    "SELECT count(*) FROM contacts WHERE company_id = ?",
  };
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (company_sql); i++)
    {
      const char *sql = company ? company_sql[i] : contact_sql[i];
      gint64 n = 0;

      if (sql == NULL)
        continue;
      if (!fcrm_store_query_int (self->store, sql, &n, NULL, error, "i", id))
        return NULL;
      if (n == 0)
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      switch (i)
        {
        case 0: g_string_append_printf (s, _("leads: %" PRId64), n); break;
        case 1: g_string_append_printf (s, _("deals: %" PRId64), n); break;
        case 2: g_string_append_printf (s, _("comments: %" PRId64), n); break;
        case 3: g_string_append_printf (s, _("files: %" PRId64), n); break;
        default: g_string_append_printf (s, _("contacts: %" PRId64), n); break;
        }
    }
  if (s->len == 0)
    return g_strdup ("");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
client_delete (FcrmCrm *self,
               gboolean company,
               gint64   id,
               GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *links = NULL;
  gboolean ok;

  if (!fcrm_crm_begin (self, error))
    return FALSE;
  ok = fcrm_store_lock_row (self->store, company ? "companies" : "contacts", id, error);
  if (ok)
    {
      GError *local = NULL;

      name = fcrm_store_query_text (self->store,
                                    company ? "SELECT name FROM companies WHERE id = ?"
                                            : "SELECT name FROM contacts WHERE id = ?", &local, "i", id);
      if (local != NULL)
        ok = (g_propagate_error (error, local), FALSE);
      else if (name == NULL)
        {
          if (company)
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no company #%" PRId64 "."), id);
          else
            g_set_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND, _("There is no contact #%" PRId64 "."), id);
          ok = FALSE;
        }
    }
  if (ok)
    {
      links = describe_links (self, company, id, error);
      ok = links != NULL;
    }
  if (ok && *links != '\0')
    {
      if (company)
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                     _("The company “%s” cannot be deleted: %s link to it. Merge it into another company instead."),
                     name, links);
      else
        g_set_error (error, FCRM_ERROR, FCRM_ERROR_REFUSED,
                     _("The contact “%s” cannot be deleted: %s link to it. Merge it into another contact instead."),
                     name, links);
      ok = FALSE;
    }
  if (ok)
    {
      FcrmStmt *stmt = fcrm_store_prepare (self->store,
                                           company ? "DELETE FROM companies WHERE id = ?" : "DELETE FROM contacts WHERE id = ?",
                                           error);
      GError *local = NULL;

      ok = stmt != NULL;
      if (ok)
        {
          fcrm_stmt_bind_int64 (stmt, 1, id);
          fcrm_stmt_step (stmt, &local);
          /* the office server refuses what links it sees and the person does not */
          if (local == NULL && fcrm_stmt_changes (stmt) == 0)
            g_set_error (&local, FCRM_ERROR, FCRM_ERROR_REFUSED,
                         _("“%s” cannot be deleted: items you may not see link to it, or you may not change it."), name);
          fcrm_stmt_reset (stmt);
          if (local != NULL)
            ok = (g_propagate_error (error, local), FALSE);
        }
    }
  return fcrm_crm_finish (self, ok, error);
}

gboolean
fcrm_crm_contact_delete (FcrmCrm *self,
                         gint64   id,
                         GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return client_delete (self, FALSE, id, error);
}

gboolean
fcrm_crm_company_delete (FcrmCrm *self,
                         gint64   id,
                         GError **error)
{
  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  return client_delete (self, TRUE, id, error);
}
