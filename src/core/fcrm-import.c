#define G_LOG_DOMAIN "fcrm-import"

/* Importing the rows of a CSV file (fcrm-import.h). Each row becomes what
 * the application's own action would make of it — fcrm_crm_contact_add(),
 * fcrm_crm_company_add(), fcrm_crm_lead_add() at its own stage — so
 * every rule holds: validation, duplicates linked as returning clients,
 * robots (a lead enters its stage as its first), and on the office server the person's own rights (row-level
 * security). All rows go in one transaction; a row that is refused is
 * reported; the run then keeps everything or nothing. A duplicate (SPEC §3.2) is skipped, merged into the
 * card there (fcrm_crm_contact_merge() of the row's new card into it: its
 * phones and e-mails, the fields it lacks; the comment added) or created. */

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fcrm-bulk-load.h"
#include "fcrm-clients-private.h"
#include "fcrm-crm-private.h"
#include "fcrm-import-private.h"
#include "fcrm-phone.h"

/* every field a row may fill, of any kind */
enum {
  F_TITLE, F_NAME, F_FIRST, F_SECOND, F_LAST, F_PHONE, F_WORK_PHONE, F_HOME_PHONE, F_OTHER_PHONE, F_EMAIL,
  F_HOME_EMAIL, F_OTHER_EMAIL, F_COMPANY, F_ADDRESS, F_BIRTHDAY, F_COMMENT, F_INN, F_KPP, F_SOURCE, F_BUDGET,
  F_RESPONSIBLE, F_STAGE, N_FIELDS
};
static const char * const field_codes[N_FIELDS] = {
  "title", "name", "first_name", "second_name", "last_name", "phone", "work_phone", "home_phone", "other_phone",
  "email", "home_email", "other_email", "company", "address", "birthday", "comment", "inn", "kpp", "source", "budget",
  "responsible", "stage",
};

/* How often progress is told, in rows. */
#define PROGRESS_EVERY 250

typedef struct
{
  char      *text[N_FIELDS];   /* trimmed, NULL when empty */
  GPtrArray *phones;           /* char *, with phone_kinds */
  GPtrArray *phone_kinds;      /* const char * */
  GPtrArray *emails;
  GPtrArray *email_kinds;
} Row;

static void
row_clear (Row *r)
{
  for (guint f = 0; f < N_FIELDS; f++)
    g_clear_pointer (&r->text[f], g_free);
  g_clear_pointer (&r->phones, g_ptr_array_unref);
  g_clear_pointer (&r->phone_kinds, g_ptr_array_unref);
  g_clear_pointer (&r->emails, g_ptr_array_unref);
  g_clear_pointer (&r->email_kinds, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static int
field_index (const char *code)
{
  for (int f = 0; f < N_FIELDS; f++)
    if (g_strcmp0 (field_codes[f], code) == 0)
      return f;
  return -1;
}

/* Several values in one cell ("+7 912 …, +7 495 …"), each added with @kind. */
static void
add_points (GPtrArray  *values,
            GPtrArray  *kinds,
            const char *cell,
            const char *kind)
{
  g_auto(GStrv) parts = g_strsplit_set (cell, ",;\n", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *v = g_strstrip (parts[i]);

      if (*v == '\0')
        continue;
      g_ptr_array_add (values, g_strdup (v));
      g_ptr_array_add (kinds, (gpointer) kind);
    }
}

/* A row's cells by field. Several columns of one field: texts joined (a
 * comment by lines), phones and e-mails gathered. */
static void
row_read (Row                *r,
          const char * const *cells,
          guint               n_cells,
          const char        **fields,
          guint               n_columns)
{
  r->phones = g_ptr_array_new_with_free_func (g_free);
  r->phone_kinds = g_ptr_array_new ();
  r->emails = g_ptr_array_new_with_free_func (g_free);
  r->email_kinds = g_ptr_array_new ();
  for (guint c = 0; c < n_columns && c < n_cells; c++)
    {
      int f = field_index (fields[c]);
      g_autofree char *v = g_strstrip (g_strdup (cells[c]));

      if (f < 0 || *v == '\0')
        continue;
      switch (f)
        {
        case F_PHONE: add_points (r->phones, r->phone_kinds, v, "mobile"); break;
        case F_WORK_PHONE: add_points (r->phones, r->phone_kinds, v, "work"); break;
        case F_HOME_PHONE: add_points (r->phones, r->phone_kinds, v, "home"); break;
        /* our kinds are mobile, work and home: "other" takes the default */
        case F_OTHER_PHONE: add_points (r->phones, r->phone_kinds, v, "mobile"); break;
        case F_EMAIL: add_points (r->emails, r->email_kinds, v, "work"); break;
        case F_HOME_EMAIL: add_points (r->emails, r->email_kinds, v, "home"); break;
        case F_OTHER_EMAIL: add_points (r->emails, r->email_kinds, v, "work"); break;
        default:
          if (r->text[f] == NULL)
            r->text[f] = g_steal_pointer (&v);
          else
            {
              char *joined = g_strconcat (r->text[f], f == F_COMMENT ? "\n" : " ", v, NULL);
              g_free (r->text[f]);
              r->text[f] = joined;
            }
        }
    }
  g_ptr_array_add (r->phones, NULL);
  g_ptr_array_add (r->emails, NULL);
  g_ptr_array_add (r->phone_kinds, NULL);
  g_ptr_array_add (r->email_kinds, NULL);
  if (r->text[F_NAME] == NULL && (r->text[F_FIRST] != NULL || r->text[F_SECOND] != NULL || r->text[F_LAST] != NULL))
    {
      const char *parts[4];
      guint n = 0;

      for (int f = F_FIRST; f <= F_LAST; f++)
        if (r->text[f] != NULL)
          parts[n++] = r->text[f];
      parts[n] = NULL;
      r->text[F_NAME] = g_strjoinv (" ", (char **) parts);
    }
}

static guint
n_points (GPtrArray *points)
{
  return points->len - 1;
}

/* "17.05.1980" (a Russian spreadsheet's date) as "1980-05-17"; other text as it is. */
static char *
iso_date (const char *text)
{
  int d, m, y;
  char end;

  if (text != NULL && sscanf (text, "%d.%d.%d%c", &d, &m, &y, &end) == 3)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return g_strdup (text);
}

/* A run */

typedef struct
{
  FcrmCrm                 *crm;
  const FcrmImportOptions *options;
  FcrmImportValues         values;
  FcrmImportReport        *report;
  gboolean                 wrote;    /* the row being imported has written something */
} Run;

static gboolean
reject (GError    **error,
        const char *field,
        const char *value)
{
  if (g_strcmp0 (field, "stage") == 0)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                 _("“%s” is none of our lead stages; map it to one of them."), value);
  else if (g_strcmp0 (field, "source") == 0)
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                 _("“%s” is none of our lead sources; map it to one of them."), value);
  else
    g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                 _("“%s” is nobody who may be responsible for leads; map the name to a person."), value);
  return FALSE;
}

/* Our code for the row's @f (NULL when it has none); FALSE when it is unknown. */
static gboolean
resolve (Run         *run,
         Row         *r,
         int          f,
         const char **out_code,
         GError     **error)
{
  *out_code = NULL;
  if (r->text[f] == NULL)
    return TRUE;
  *out_code = fcrm_import_values_lookup (&run->values, field_codes[f], r->text[f]);
  if (*out_code == NULL)
    return reject (error, field_codes[f], r->text[f]);
  if (**out_code == '\0')
    *out_code = NULL;
  return TRUE;
}

/* The first id of @sql's rows for each of @keys (NULL ends; NULL entries
 * skipped), 0 when none. */
static gboolean
find_first (Run         *run,
            const char  *sql,
            const char **keys,
            guint        n_keys,
            gint64      *out_id,
            GError     **error)
{
  *out_id = 0;
  for (guint i = 0; i < n_keys && *out_id == 0; i++)
    if (keys[i] != NULL && *keys[i] != '\0' &&
        !fcrm_store_query_int (run->crm->store, sql, out_id, NULL, error, "s", keys[i]))
      return FALSE;
  return TRUE;
}

/* The contact with one of the row's phones or e-mails (normalised). */
static gboolean
find_contact (Run     *run,
              Row     *r,
              gint64  *out_id,
              GError **error)
{
  g_autoptr(GPtrArray) norms = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;
  guint phones;

  for (guint i = 0; i < n_points (r->phones); i++)
    g_ptr_array_add (norms, fcrm_phone_normalize (g_ptr_array_index (r->phones, i)));
  phones = norms->len;
  for (guint i = 0; i < n_points (r->emails); i++)
    g_ptr_array_add (norms, fcrm_email_normalize (g_ptr_array_index (r->emails, i)));
  ok = find_first (run, "SELECT contact_id FROM contact_phones WHERE phone_norm = ? ORDER BY contact_id LIMIT 1",
                   (const char **) norms->pdata, phones, out_id, error);
  if (ok && *out_id == 0)
    ok = find_first (run, "SELECT contact_id FROM contact_emails WHERE email_norm = ? ORDER BY contact_id LIMIT 1",
                     (const char **) norms->pdata + phones, norms->len - phones, out_id, error);
  return ok;
}

/* The comment of a merged row goes after the card's own. */
static gboolean
add_comment (Run        *run,
             gboolean    company,
             gint64      id,
             const char *before,
             const char *comment,
             GError    **error)
{
  g_autofree char *joined = NULL;

  if (comment == NULL || before == NULL || strstr (before, comment) != NULL)
    return TRUE;   /* none, or the merge copied it, or the card says it already */
  joined = g_strconcat (before, "\n\n", comment, NULL);
  return company ? fcrm_crm_company_set (run->crm, id, "comment", joined, -1, error)
                 : fcrm_crm_contact_set (run->crm, id, "comment", joined, -1, error);
}

/* The comment of the card @id (a company's or a contact's), in @out (NULL: none). */
static gboolean
card_comment (Run      *run,
              gboolean  company,
              gint64    id,
              char    **out,
              GError  **error)
{
  g_autoptr(GObject) card = company ? G_OBJECT (fcrm_crm_company_get (run->crm, id, error))
                                    : G_OBJECT (fcrm_crm_contact_get (run->crm, id, error));

  if (card == NULL)
    return FALSE;
  *out = g_strdup (company ? FCRM_COMPANY (card)->comment : FCRM_CONTACT (card)->comment);
  return TRUE;
}

/* A contact's or company's row (@input), its duplicate @dup (0: none)
 * known: skipped, added, or added and merged into the duplicate. */
static gboolean
add_client (Run           *run,
            gboolean       company,
            gconstpointer  input,
            gint64         dup,
            const char    *comment,
            GError       **error)
{
  g_autofree char *before = NULL;
  gint64 added = 0;

  if (dup != 0 && run->options->duplicates == FCRM_IMPORT_DUPLICATES_SKIP)
    {
      run->report->skipped++;
      return TRUE;
    }
  if (dup != 0 && !card_comment (run, company, dup, &before, error))
    return FALSE;
  if (!(company ? fcrm_crm_company_insert (run->crm, input, &added, error)
                : fcrm_crm_contact_insert (run->crm, input, &added, error)))
    return FALSE;
  run->wrote = TRUE;
  if (dup == 0)
    {
      run->report->created++;
      return TRUE;
    }
  if (!(company ? fcrm_crm_company_merge (run->crm, dup, added, NULL, NULL, error)
                : fcrm_crm_contact_merge (run->crm, dup, added, NULL, NULL, error)) ||
      !add_comment (run, company, dup, before, comment, error))
    return FALSE;
  run->report->merged++;
  return TRUE;
}

static gboolean
import_contact (Run     *run,
                Row     *r,
                GError **error)
{
  g_autofree char *birthday = iso_date (r->text[F_BIRTHDAY]);
  FcrmContactInput in = {
    .name = r->text[F_NAME], .phones = (const char * const *) r->phones->pdata,
    .phone_kinds = (const char * const *) r->phone_kinds->pdata, .emails = (const char * const *) r->emails->pdata,
    .email_kinds = (const char * const *) r->email_kinds->pdata, .company = r->text[F_COMPANY],
    .address = r->text[F_ADDRESS], .birthday = birthday, .comment = r->text[F_COMMENT],
  };
  gint64 dup = 0;

  if (run->options->duplicates != FCRM_IMPORT_DUPLICATES_CREATE && !find_contact (run, r, &dup, error))
    return FALSE;
  return add_client (run, FALSE, &in, dup, in.comment, error);
}

static gboolean
import_company (Run     *run,
                Row     *r,
                GError **error)
{
  FcrmCompanyInput in = {
    .name = r->text[F_NAME], .inn = r->text[F_INN], .kpp = r->text[F_KPP], .address = r->text[F_ADDRESS],
    .comment = r->text[F_COMMENT],
  };
  gint64 dup = 0;

  if (run->options->duplicates != FCRM_IMPORT_DUPLICATES_CREATE &&
      (!find_first (run, "SELECT id FROM companies WHERE inn = ? ORDER BY id LIMIT 1", &in.inn, 1, &dup, error) ||
       (dup == 0 &&
        !find_first (run, "SELECT id FROM companies WHERE name = ? ORDER BY id LIMIT 1", &in.name, 1, &dup, error))))
    return FALSE;
  return add_client (run, TRUE, &in, dup, in.comment, error);
}

/* A lead has no address: it goes into its comment. */
static char *
lead_comment (Row *r)
{
  GString *s = g_string_new (r->text[F_COMMENT]);

  if (r->text[F_ADDRESS] != NULL)
    g_string_append_printf (s, "%s%s %s", s->len > 0 ? "\n" : "", _("Address:"), r->text[F_ADDRESS]);
  if (s->len == 0)
    return (g_string_free (s, TRUE), NULL);
  return g_string_free (s, FALSE);
}

/* A lead keeps one phone and one e-mail. A row with more gives them all,
 * each with its kind, to the lead's contact: the one it is linked to, else
 * the one with one of them, else a new one (named as a conversion would
 * name it) — linked to the lead, which a conversion then carries on. */
static gboolean
lead_contact_points (Run     *run,
                     gint64   id,
                     Row     *r,
                     GError **error)
{
  g_autoptr(FcrmItem) lead = NULL;
  g_autofree char *value = NULL;
  FcrmContactInput in;
  gint64 contact, added = 0;

  if (n_points (r->phones) < 2 && n_points (r->emails) < 2)
    return TRUE;
  lead = fcrm_crm_lead_get (run->crm, id, error);
  if (lead == NULL)
    return FALSE;
  contact = lead->contact_id;
  if (contact == 0 && !find_contact (run, r, &contact, error))
    return FALSE;
  in = (FcrmContactInput) {
    .name = lead->name != NULL ? lead->name : lead->phone != NULL ? lead->phone : lead->email,
    .phones = (const char * const *) r->phones->pdata, .phone_kinds = (const char * const *) r->phone_kinds->pdata,
    .emails = (const char * const *) r->emails->pdata, .email_kinds = (const char * const *) r->email_kinds->pdata,
  };
  if (!fcrm_crm_contact_insert (run->crm, &in, &added, error))
    return FALSE;
  /* a phone or e-mail the contact has already is not doubled */
  if (contact != 0 && !fcrm_crm_contact_merge (run->crm, contact, added, NULL, NULL, error))
    return FALSE;
  if (contact == lead->contact_id && contact != 0)
    return TRUE;
  value = g_strdup_printf ("%" G_GINT64_FORMAT, contact != 0 ? contact : added);
  return fcrm_crm_lead_set (run->crm, id, "contact_id", value, -1, error);
}

/* A duplicate lead takes what it lacks from the row, and its comment. */
static gboolean
merge_lead (Run        *run,
            gint64      id,
            const FcrmLeadInput *in,
            GError    **error)
{
  g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (run->crm, id, error);
  gboolean ok;

  if (lead == NULL)
    return FALSE;
  ok = (lead->name != NULL || in->name == NULL || fcrm_crm_lead_set (run->crm, id, "name", in->name, -1, error)) &&
       (lead->phone != NULL || in->phone == NULL || fcrm_crm_lead_set (run->crm, id, "phone", in->phone, -1, error)) &&
       (lead->email != NULL || in->email == NULL || fcrm_crm_lead_set (run->crm, id, "email", in->email, -1, error)) &&
       (lead->company_name != NULL || in->company == NULL ||
        fcrm_crm_lead_set (run->crm, id, "company", in->company, -1, error)) &&
       (lead->budget != 0 || in->budget == NULL || fcrm_crm_lead_set (run->crm, id, "budget", in->budget, -1, error));
  if (ok && in->comment != NULL && (lead->comment == NULL || strstr (lead->comment, in->comment) == NULL))
    {
      g_autofree char *joined = lead->comment != NULL ? g_strconcat (lead->comment, "\n\n", in->comment, NULL)
                                                      : g_strdup (in->comment);
      ok = fcrm_crm_lead_set (run->crm, id, "comment", joined, -1, error);
    }
  return ok;
}

static gboolean
import_lead (Run     *run,
             Row     *r,
             GError **error)
{
  g_autofree char *comment = lead_comment (r);
  const char *source = NULL, *responsible = NULL, *stage = NULL;
  const char *phone = n_points (r->phones) > 0 ? g_ptr_array_index (r->phones, 0) : NULL;
  const char *email = n_points (r->emails) > 0 ? g_ptr_array_index (r->emails, 0) : NULL;
  g_autofree char *phone_norm = phone != NULL ? fcrm_phone_normalize (phone) : NULL;
  g_autofree char *email_norm = email != NULL ? fcrm_email_normalize (email) : NULL;
  FcrmLeadInput in;
  gint64 dup = 0, id = 0;

  if (!resolve (run, r, F_SOURCE, &source, error) || !resolve (run, r, F_RESPONSIBLE, &responsible, error) ||
      !resolve (run, r, F_STAGE, &stage, error))
    return FALSE;
  in = (FcrmLeadInput) {
    .title = r->text[F_TITLE], .name = r->text[F_NAME], .phone = phone, .email = email,
    .company = r->text[F_COMPANY], .source = source, .budget = r->text[F_BUDGET], .comment = comment,
    .responsible = responsible,
  };
  if (run->options->duplicates != FCRM_IMPORT_DUPLICATES_CREATE &&
      (!find_first (run, "SELECT id FROM leads WHERE phone_norm = ? ORDER BY id LIMIT 1",
                    (const char **) &phone_norm, 1, &dup, error) ||
       (dup == 0 && !find_first (run, "SELECT id FROM leads WHERE email_norm = ? ORDER BY id LIMIT 1",
                                 (const char **) &email_norm, 1, &dup, error))))
    return FALSE;
  if (dup != 0 && run->options->duplicates == FCRM_IMPORT_DUPLICATES_SKIP)
    {
      run->report->skipped++;
      return TRUE;
    }
  if (dup != 0)
    {
      /* the fields are set one by one: a refusal of the second stops the run */
      run->wrote = TRUE;
      if (!merge_lead (run, dup, &in, error) || !lead_contact_points (run, dup, r, error))
        return FALSE;
      run->report->merged++;
      return TRUE;
    }
  /* a lead from another CRM enters its own stage as its first (its robots fire) */
  if (!fcrm_crm_lead_insert (run->crm, &in, stage != NULL ? stage : "lead.new", &id, error))
    return FALSE;
  run->wrote = TRUE;
  if (!lead_contact_points (run, id, r, error))
    return FALSE;
  run->report->created++;
  return TRUE;
}

/* What one row's refusal looks like to the person: its reason; FALSE when
 * the error is not about the row (the database failed: the run stops). */
static gboolean
is_row_error (const GError *error)
{
  return error->domain == FCRM_ERROR &&
         (error->code == FCRM_ERROR_INVALID_INPUT || error->code == FCRM_ERROR_REFUSED ||
          error->code == FCRM_ERROR_NOT_FOUND || error->code == FCRM_ERROR_CONFLICT);
}

static void
add_rejection (FcrmImportReport *report,
               guint             row,
               const char       *reason)
{
  FcrmImportRejection *rej = g_new0 (FcrmImportRejection, 1);

  rej->row = row;
  rej->reason = g_strdup (reason);
  g_ptr_array_add (report->rejected, rej);
}

static void
rejection_free (FcrmImportRejection *rej)
{
  g_free (rej->reason);
  g_free (rej);
}

void
fcrm_import_report_free (FcrmImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->rejected);
  g_free (report);
}

/* One row. The application's actions check everything before they write:
 * a row they refuse has written nothing and is reported, the run goes on
 * (no savepoint per row: SQLite would copy every page a row touches into
 * its statement journal). A row refused after it wrote something (a merge
 * the rules refuse), or one whose refusal rolled back the transaction,
 * stops the run, naming the row. */
static gboolean
import_row (Run                *run,
            const char        **fields,
            guint               n_columns,
            const char * const *cells,
            guint               n_cells,
            guint               number,
            GError            **error)
{
  g_auto(Row) r = { 0 };
  GError *local = NULL;
  gboolean ok;

  if (n_cells != n_columns)
    {
      g_autofree char *reason = g_strdup_printf (_("The row has %u fields, the header %u; check its delimiters and quotes."),
                                                 n_cells, n_columns);
      add_rejection (run->report, number, reason);
      return TRUE;
    }
  row_read (&r, cells, n_cells, fields, n_columns);
  run->wrote = FALSE;
  switch (run->options->kind)
    {
    case FCRM_IMPORT_CONTACTS: ok = import_contact (run, &r, &local); break;
    case FCRM_IMPORT_COMPANIES: ok = import_company (run, &r, &local); break;
    default: ok = import_lead (run, &r, &local); break;
    }
  if (ok)
    return TRUE;
  if (!is_row_error (local) || run->wrote || fcrm_store_transaction_failed (run->crm->store))
    {
      g_propagate_prefixed_error (error, local, _("Row %u: "), number);
      return FALSE;
    }
  add_rejection (run->report, number, local->message);
  g_clear_error (&local);
  return TRUE;
}

gboolean
fcrm_crm_import (FcrmCrm                 *self,
                 FcrmImportFile          *file,
                 const FcrmImportOptions *options,
                 FcrmImportProgress       progress,
                 gpointer                 progress_data,
                 GCancellable            *cancellable,
                 FcrmImportReport       **out_report,
                 GError                 **error)
{
  g_autoptr(FcrmImportReport) report = g_new0 (FcrmImportReport, 1);
  g_autofree const char **fields = NULL;
  Run run = { self, options, { 0 }, report, FALSE };
  g_autoptr(FcrmBulkLoad) load = NULL;
  GError *local = NULL;
  guint n_rows, n_columns;
  gboolean ok = TRUE, any = FALSE;

  g_return_val_if_fail (FCRM_IS_CRM (self), FALSE);
  g_return_val_if_fail (FCRM_IS_IMPORT_FILE (file), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  report->dry_run = options->dry_run;
  report->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) rejection_free);
  if (out_report != NULL)
    *out_report = NULL;
  fields = fcrm_import_resolve_columns (file, options, error);
  if (fields == NULL)
    return FALSE;
  n_columns = fcrm_import_file_get_n_columns (file);
  for (guint c = 0; c < n_columns; c++)
    any |= fields[c] != NULL;
  if (!any)
    {
      g_set_error_literal (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                           _("No column of the file is mapped to a field; choose what each column holds."));
      return FALSE;
    }
  fcrm_import_values_init (&run.values, self, options, &local);
  if (local != NULL)
    return g_propagate_error (error, local), FALSE;

  n_rows = fcrm_import_file_get_n_rows (file);
  if (!fcrm_crm_begin (self, error))
    {
      fcrm_import_values_clear (&run.values);
      return FALSE;
    }
  /* Contacts and leads that are only added (no merge, which updates and
   * deletes) have their search rows (leads: column totals too) written at
   * the end, all at once (fcrm-bulk-load.h); the indexes stay, duplicates
   * are looked up as rows go in. A company is inserted, then given its
   * requisites (an update): its upkeep stays row by row. */
  if (options->kind != FCRM_IMPORT_COMPANIES && options->duplicates != FCRM_IMPORT_DUPLICATES_MERGE)
    {
      static const char * const contact_tables[] = { "contacts", "contact_phones", "contact_emails", NULL };
      static const char * const lead_tables[] = { "leads", NULL };

      load = fcrm_bulk_load_begin_full (self->store, options->kind == FCRM_IMPORT_LEADS ? lead_tables : contact_tables,
                                        TRUE, &local);
      ok = load != NULL;
    }
  for (guint i = 0; ok && i < n_rows; i++)
    {
      guint n_cells = 0, number = 0;
      const char * const *cells = fcrm_import_file_get_row (file, i, &n_cells, &number);

      if (g_cancellable_set_error_if_cancelled (cancellable, &local))
        ok = FALSE;
      else
        ok = import_row (&run, fields, n_columns, cells, n_cells, number, &local);
      if (ok && progress != NULL && ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n_rows))
        progress (i + 1, n_rows, progress_data);
    }
  fcrm_import_values_clear (&run.values);
  if (ok && report->rejected->len > 0 && !options->dry_run && !options->skip_rejected)
    {
      FcrmImportRejection *first = g_ptr_array_index (report->rejected, 0);

      g_set_error (&local, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row cannot be imported (row %u: %s); nothing was imported. Correct the file or leave the rejected rows out.",
                                "%u rows cannot be imported (row %u: %s); nothing was imported. Correct the file or leave the rejected rows out.",
                                report->rejected->len),
                   report->rejected->len, first->row, first->reason);
      report->created = report->merged = report->skipped = 0;
      ok = FALSE;
    }
  if (ok && load != NULL && !options->dry_run)
    ok = fcrm_bulk_load_end (g_steal_pointer (&load), &local);
  if (!ok || options->dry_run)
    {
      fcrm_crm_finish (self, FALSE, NULL);
      if (local != NULL)
        {
          /* the report says which rows were refused, the rest is undone */
          if (out_report != NULL && g_error_matches (local, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT))
            *out_report = g_steal_pointer (&report);
          g_propagate_error (error, local);
          return FALSE;
        }
    }
  else if (!fcrm_crm_finish (self, TRUE, error))
    return FALSE;
  else
    report->written = TRUE;
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}

/* In a thread */

typedef struct
{
  FcrmImportFile     *file;
  FcrmImportOptions  *options;
  FcrmImportProgress  progress;
  gpointer            progress_data;
  FcrmCrmSeed        *seed;
  FcrmImportReport   *report;
  FcrmRelay          *relay;   /* NULL without progress; released by the thread */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_object_unref (job->file);
  fcrm_import_options_free (job->options);
  fcrm_crm_seed_free (job->seed);
  fcrm_import_report_free (job->report);
  g_free (job);
}

/* on the main context: the task (and so the job) lives while calls are on their way */
static void
progress_on_main (double   done,
                  double   total,
                  gpointer data)
{
  ImportJob *job = g_task_get_task_data (G_TASK (data));

  job->progress ((guint) done, (guint) total, job->progress_data);
}

static void
progress_in_thread (guint    done,
                    guint    total,
                    gpointer data)
{
  fcrm_relay_post (data, done, total, done >= total);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  g_autoptr(FcrmCrm) crm = NULL;
  GError *error = NULL;
  gboolean ok;

  (void) source;
  /* a connection of its own, acting as the window's person at the window's time */
  crm = fcrm_crm_seed_open (job->seed, &error);
  if (crm == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ok = fcrm_crm_import (crm, job->file, job->options, job->relay != NULL ? progress_in_thread : NULL, job->relay,
                        cancellable, &job->report, &error);
  /* it holds the task: only the calls on their way keep it */
  g_clear_pointer (&job->relay, fcrm_relay_unref);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fcrm_crm_import_async (FcrmCrm                 *self,
                       FcrmImportFile          *file,
                       const FcrmImportOptions *options,
                       FcrmImportProgress       progress,
                       gpointer                 progress_data,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (FCRM_IS_CRM (self));
  g_return_if_fail (FCRM_IS_IMPORT_FILE (file));

  job = g_new0 (ImportJob, 1);
  job->file = g_object_ref (file);
  job->options = fcrm_import_options_copy (options);
  job->progress = progress;
  job->progress_data = progress_data;
  job->seed = fcrm_crm_seed_new (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fcrm_crm_import_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  if (progress != NULL)
    job->relay = fcrm_relay_new (progress_on_main, g_object_ref (task), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

FcrmImportReport *
fcrm_crm_import_finish (FcrmCrm      *self,
                        GAsyncResult *result,
                        GError      **error)
{
  ImportJob *job;
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  job = g_task_get_task_data (G_TASK (result));
  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (ok && job->report != NULL && job->report->written)
    fcrm_crm_emit_changed (self);
  if (!ok && (job->report == NULL || job->report->rejected->len == 0))
    return NULL;
  return g_steal_pointer (&job->report);
}
