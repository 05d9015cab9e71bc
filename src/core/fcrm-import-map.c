#define G_LOG_DOMAIN "fcrm-import"

/* What the columns and values of an imported file mean (fcrm-import.h):
 * the fields a row fills, the column names recognised (a Bitrix24 CRM
 * export's, in Russian and English, and plain ones), the options of a run,
 * and the stages, sources and people a file names, told in either language. */

#include <glib/gi18n-lib.h>

#include "fcrm-field.h"
#include "fcrm-import-private.h"
#include "fcrm-vocabulary.h"

static const FcrmImportField contact_fields[] = {
  { "name", N_("Full name") }, { "first_name", N_("First name") }, { "second_name", N_("Second name") },
  { "last_name", N_("Last name") }, { "phone", N_("Mobile phone") }, { "work_phone", N_("Work phone") },
  { "home_phone", N_("Home phone") }, { "other_phone", N_("Other phone") }, { "email", N_("Work e-mail") },
  { "home_email", N_("Personal e-mail") }, { "other_email", N_("Other e-mail") }, { "company", N_("Company") },
  { "address", N_("Address") }, { "birthday", N_("Birthday") }, { "comment", N_("Comment") }, { NULL, NULL },
};
static const FcrmImportField company_fields[] = {
  { "name", N_("Company name") }, { "inn", N_("INN") }, { "kpp", N_("KPP") }, { "address", N_("Address") },
  { "comment", N_("Comment") }, { NULL, NULL },
};
static const FcrmImportField lead_fields[] = {
  { "title", N_("Lead title") }, { "name", N_("Full name") }, { "first_name", N_("First name") },
  { "second_name", N_("Second name") }, { "last_name", N_("Last name") }, { "phone", N_("Mobile phone") },
  { "work_phone", N_("Work phone") }, { "home_phone", N_("Home phone") }, { "other_phone", N_("Other phone") },
  { "email", N_("Work e-mail") }, { "home_email", N_("Personal e-mail") }, { "other_email", N_("Other e-mail") },
  { "company", N_("Company") }, { "source", N_("Source") }, { "budget", N_("Budget") }, { "comment", N_("Comment") },
  { "address", N_("Address") }, { "responsible", N_("Responsible") }, { "stage", N_("Stage") }, { NULL, NULL },
};

const FcrmImportField *
fcrm_import_fields (FcrmImportKind kind)
{
  switch (kind)
    {
    case FCRM_IMPORT_CONTACTS: return contact_fields;
    case FCRM_IMPORT_COMPANIES: return company_fields;
    case FCRM_IMPORT_LEADS: return lead_fields;
    default: g_return_val_if_reached (NULL);
    }
}

/* The field's static code of @kind, or NULL. */
static const char *
field_of (FcrmImportKind  kind,
          const char     *code)
{
  for (const FcrmImportField *f = fcrm_import_fields (kind); code != NULL && f->code != NULL; f++)
    if (g_str_equal (f->code, code))
      return f->code;
  return NULL;
}

const char *
fcrm_import_field_label (const char *code)
{
  static const FcrmImportField *all[] = { contact_fields, company_fields, lead_fields };

  for (guint k = 0; k < G_N_ELEMENTS (all); k++)
    for (const FcrmImportField *f = all[k]; f->code != NULL; f++)
      if (g_strcmp0 (f->code, code) == 0)
        return _(f->label);
  return code;
}

/* Column names, as Bitrix24 exports them (Russian and English) and as people
 * name columns; "company" of a companies' file is its name. */
static const struct { const char *column, *field; } known_columns[] = {
  { "Название лида", "title" }, { "Lead name", "title" }, { "Lead title", "title" }, { "Название", "title" },
  { "Title", "title" }, { "Заголовок", "title" },
  { "ФИО", "name" }, { "Full name", "name" }, { "Name", "name" }, { "Контакт", "name" }, { "Contact", "name" },
  { "Имя", "first_name" }, { "First name", "first_name" },
  { "Отчество", "second_name" }, { "Second name", "second_name" }, { "Middle name", "second_name" },
  { "Фамилия", "last_name" }, { "Last name", "last_name" },
  { "Мобильный телефон", "phone" }, { "Mobile phone", "phone" }, { "Телефон", "phone" }, { "Phone", "phone" },
  { "Рабочий телефон", "work_phone" }, { "Work phone", "work_phone" },
  { "Домашний телефон", "home_phone" }, { "Home phone", "home_phone" },
  { "Рабочий e-mail", "email" }, { "Work e-mail", "email" }, { "E-mail", "email" }, { "Эл. почта", "email" },
  { "Электронная почта", "email" },
  { "Частный e-mail", "home_email" }, { "Личный e-mail", "home_email" }, { "Домашний e-mail", "home_email" },
  { "Personal e-mail", "home_email" }, { "Private e-mail", "home_email" }, { "Home e-mail", "home_email" },
  { "Другой телефон", "other_phone" }, { "Other phone", "other_phone" },
  { "Телефон для рассылок", "other_phone" }, { "Phone for mailing", "other_phone" },
  { "Другой e-mail", "other_email" }, { "Other e-mail", "other_email" },
  { "E-mail для рассылок", "other_email" }, { "E-mail for mailing", "other_email" },
  { "Newsletter e-mail", "other_email" },
  { "Название компании", "company" }, { "Company name", "company" }, { "Компания", "company" },
  { "Company", "company" },
  { "Адрес", "address" }, { "Address", "address" }, { "Фактический адрес", "address" },
  { "Дата рождения", "birthday" }, { "Date of birth", "birthday" }, { "Birthday", "birthday" },
  { "Комментарий", "comment" }, { "Comment", "comment" }, { "Комментарии", "comment" }, { "Comments", "comment" },
  { "Примечание", "comment" },
  { "ИНН", "inn" }, { "INN", "inn" }, { "TIN", "inn" }, { "КПП", "kpp" }, { "KPP", "kpp" },
  { "Источник", "source" }, { "Source", "source" },
  { "Сумма", "budget" }, { "Opportunity", "budget" }, { "Бюджет", "budget" }, { "Budget", "budget" },
  { "Amount", "budget" },
  { "Ответственный", "responsible" }, { "Responsible", "responsible" }, { "Responsible person", "responsible" },
  { "Стадия", "stage" }, { "Stage", "stage" }, { "Статус", "stage" }, { "Status", "stage" },
};

/* A column name or value as compared: folded, without spaces, dashes,
 * dots, colons and stars ("Рабочий E-mail:" is "рабочийemail"). */
char *
fcrm_import_key (const char *text)
{
  g_autofree char *folded = fcrm_text_fold (text != NULL ? text : "");
  GString *s = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    if (!strchr (" \t-_.:*\"'", *p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

const char *
fcrm_import_guess_field (FcrmImportKind  kind,
                         const char     *column)
{
  static GHashTable *by_key;
  const char *field;
  g_autofree char *key = NULL;

  g_return_val_if_fail (column != NULL, NULL);

  if (g_once_init_enter (&by_key))
    {
      GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (known_columns); i++)
        g_hash_table_insert (t, fcrm_import_key (known_columns[i].column), (gpointer) known_columns[i].field);
      g_once_init_leave (&by_key, t);
    }
  key = fcrm_import_key (column);
  field = g_hash_table_lookup (by_key, key);
  if (kind == FCRM_IMPORT_COMPANIES && g_strcmp0 (field, "company") == 0)
    field = "name";
  /* "Название"/"Name" of a companies' file is the company's */
  if (kind == FCRM_IMPORT_COMPANIES && g_strcmp0 (field, "title") == 0)
    field = "name";
  return field_of (kind, field);
}

/* Options */

FcrmImportOptions *
fcrm_import_options_new (FcrmImportKind kind)
{
  FcrmImportOptions *o = g_new0 (FcrmImportOptions, 1);

  o->kind = kind;
  o->duplicates = FCRM_IMPORT_DUPLICATES_SKIP;
  o->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  o->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return o;
}

static void
copy_entry (gpointer key,
            gpointer value,
            gpointer table)
{
  g_hash_table_insert (table, g_strdup (key), g_strdup (value));
}

FcrmImportOptions *
fcrm_import_options_copy (const FcrmImportOptions *options)
{
  FcrmImportOptions *o = fcrm_import_options_new (options->kind);

  o->duplicates = options->duplicates;
  o->dry_run = options->dry_run;
  o->skip_rejected = options->skip_rejected;
  g_hash_table_foreach (options->columns, copy_entry, o->columns);
  g_hash_table_foreach (options->values, copy_entry, o->values);
  return o;
}

void
fcrm_import_options_free (FcrmImportOptions *options)
{
  if (options == NULL)
    return;
  g_hash_table_unref (options->columns);
  g_hash_table_unref (options->values);
  g_free (options);
}

FcrmImportKind
fcrm_import_options_get_kind (const FcrmImportOptions *options)
{
  return options->kind;
}

void
fcrm_import_options_set_duplicates (FcrmImportOptions    *options,
                                    FcrmImportDuplicates  duplicates)
{
  options->duplicates = duplicates;
}

FcrmImportDuplicates
fcrm_import_options_get_duplicates (const FcrmImportOptions *options)
{
  return options->duplicates;
}

void
fcrm_import_options_set_dry_run (FcrmImportOptions *options,
                                 gboolean           dry_run)
{
  options->dry_run = dry_run;
}

void
fcrm_import_options_set_skip_rejected (FcrmImportOptions *options,
                                       gboolean           skip)
{
  options->skip_rejected = skip;
}

gboolean
fcrm_import_options_map_column (FcrmImportOptions *options,
                                const char        *column,
                                const char        *field,
                                GError           **error)
{
  g_return_val_if_fail (options != NULL && column != NULL, FALSE);

  if (field != NULL && *field != '\0' && g_strcmp0 (field, "-") != 0 && field_of (options->kind, field) == NULL)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (const FcrmImportField *f = fcrm_import_fields (options->kind); f->code != NULL; f++)
        g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", f->code);
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a field to import into; use one of %s, or “-” to leave the column out."), field,
                   list->str);
      return FALSE;
    }
  g_hash_table_insert (options->columns, g_strdup (column),
                       g_strdup (field == NULL || g_strcmp0 (field, "-") == 0 ? "" : field));
  return TRUE;
}

/* "A=B" split at the last "=" (a column's name may hold one). */
static gboolean
split_pair (const char  *text,
            char       **out_left,
            char       **out_right,
            const char  *what,
            GError     **error)
{
  const char *eq = text != NULL ? strrchr (text, '=') : NULL;

  if (eq == NULL || eq == text)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT, _("“%s” is not of the form %s."),
                   text != NULL ? text : "", what);
      return FALSE;
    }
  *out_left = g_strndup (text, eq - text);
  *out_right = g_strdup (eq + 1);
  return TRUE;
}

gboolean
fcrm_import_options_parse_map (FcrmImportOptions *options,
                               const char        *text,
                               GError           **error)
{
  g_autofree char *column = NULL, *field = NULL;

  return split_pair (text, &column, &field, "COLUMN=FIELD", error) &&
         fcrm_import_options_map_column (options, column, g_strstrip (field), error);
}

static char *
value_key (const char *field,
           const char *value)
{
  g_autofree char *key = fcrm_import_key (value);

  return g_strconcat (field, "\n", key, NULL);
}

void
fcrm_import_options_map_value (FcrmImportOptions *options,
                               const char        *field,
                               const char        *value,
                               const char        *code)
{
  g_return_if_fail (options != NULL && field != NULL && value != NULL);
  g_hash_table_insert (options->values, value_key (field, value), g_strdup (code != NULL ? code : ""));
}

gboolean
fcrm_import_options_parse_map_value (FcrmImportOptions *options,
                                     const char        *text,
                                     GError           **error)
{
  g_autofree char *left = NULL, *code = NULL;
  const char *colon;

  if (!split_pair (text, &left, &code, "FIELD:VALUE=CODE", error))
    return FALSE;
  colon = strchr (left, ':');
  if (colon == NULL ||
      (!g_str_has_prefix (left, "stage:") && !g_str_has_prefix (left, "source:") &&
       !g_str_has_prefix (left, "responsible:")))
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("“%s” is not of the form FIELD:VALUE=CODE, FIELD being stage, source or responsible."), text);
      return FALSE;
    }
  left[colon - left] = '\0';
  fcrm_import_options_map_value (options, left, colon + 1, g_strstrip (code));
  return TRUE;
}

const char **
fcrm_import_resolve_columns (FcrmImportFile          *file,
                             const FcrmImportOptions *options,
                             GError                 **error)
{
  guint n = fcrm_import_file_get_n_columns (file);
  g_autofree const char **fields = g_new0 (const char *, n + 1);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, options->columns);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean found = FALSE;

      for (guint c = 0; c < n; c++)
        if (g_strcmp0 (fcrm_import_file_get_column (file, c), key) == 0)
          found = TRUE;
      if (!found)
        {
          g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                       _("The file has no column “%s”; check the name in the mapping."), (const char *) key);
          return NULL;
        }
    }
  for (guint c = 0; c < n; c++)
    {
      const char *column = fcrm_import_file_get_column (file, c);
      const char *mapped = g_hash_table_lookup (options->columns, column);

      fields[c] = mapped != NULL ? field_of (options->kind, mapped) : fcrm_import_guess_field (options->kind, column);
    }
  return g_steal_pointer (&fields);
}

/* Values */

void
fcrm_import_unknown_free (FcrmImportUnknown *unknown)
{
  if (unknown == NULL)
    return;
  g_free (unknown->field);
  g_free (unknown->value);
  g_free (unknown);
}

/* Bitrix24's names of its lead stages and sources that are ours (other
 * names are asked about: "Обработан" is no stage of ours). */
static const struct { const char *value, *code; } known_values[] = {
  { "stage\nNEW", "lead.new" }, { "stage\nНе обработан", "lead.new" }, { "stage\nНовый", "lead.new" },
  { "stage\nUnprocessed", "lead.new" }, { "stage\nNew", "lead.new" },
  { "stage\nIN_PROCESS", "lead.in_progress" }, { "stage\nВ работе", "lead.in_progress" },
  { "stage\nIn progress", "lead.in_progress" }, { "stage\nIn process", "lead.in_progress" },
  { "stage\nJUNK", "lead.junk" }, { "stage\nНекачественный лид", "lead.junk" }, { "stage\nJunk lead", "lead.junk" },
  { "stage\nJunk", "lead.junk" },
  { "source\nCALL", "call" }, { "source\nЗвонок", "call" }, { "source\nВходящий звонок", "call" },
  { "source\nОбратный звонок", "call" }, { "source\nCallback", "call" }, { "source\nIncoming call", "call" },
  { "source\nWEB", "webform" }, { "source\nВеб-сайт", "webform" }, { "source\nWebsite", "webform" },
  { "source\nWeb site", "webform" }, { "source\nCRM-форма", "webform" }, { "source\nCRM form", "webform" },
  { "source\nФорма на сайте", "webform" }, { "source\nWeb form", "webform" }, { "source\nWEBFORM", "webform" },
  { "source\nEMAIL", "email" }, { "source\nЭлектронная почта", "email" }, { "source\nE-mail", "email" },
  { "source\nЭл. почта", "email" },
  { "source\nВизит в офис", "walkin" }, { "source\nWalk-in", "walkin" }, { "source\nЛичный визит", "walkin" },
  { "source\nOTHER", "other" }, { "source\nДругое", "other" }, { "source\nOther", "other" },
};

void
fcrm_import_values_init (FcrmImportValues        *v,
                         FcrmCrm                 *crm,
                         const FcrmImportOptions *options,
                         GError                 **error)
{
  FcrmPipeline *leads = fcrm_crm_get_pipeline (crm, "lead");

  v->options = options;
  v->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (known_values); i++)
    {
      const char *nl = strchr (known_values[i].value, '\n');
      g_autofree char *field = g_strndup (known_values[i].value, nl - known_values[i].value);

      g_hash_table_insert (v->known, value_key (field, nl + 1), g_strdup (known_values[i].code));
    }
  /* our own codes and names, in English and in the user's language */
  for (guint i = 0; leads != NULL && i < leads->stages->len; i++)
    {
      FcrmStage *s = g_ptr_array_index (leads->stages, i);

      if (s->kind == FCRM_STAGE_SUCCESS)
        continue;   /* a converted lead comes with its deal: not imported as one */
      g_hash_table_insert (v->known, value_key ("stage", s->code), g_strdup (s->code));
      g_hash_table_insert (v->known, value_key ("stage", s->name), g_strdup (s->code));
      g_hash_table_insert (v->known, value_key ("stage", fcrm_stage_get_name (s)), g_strdup (s->code));
    }
  for (const char * const *s = fcrm_lead_sources (); *s != NULL; s++)
    {
      g_hash_table_insert (v->known, value_key ("source", *s), g_strdup (*s));
      g_hash_table_insert (v->known, value_key ("source", fcrm_source_display_name (*s)), g_strdup (*s));
    }
  if (options->kind == FCRM_IMPORT_LEADS)
    {
      g_autoptr(GPtrArray) users = fcrm_crm_list_users (crm, error);

      for (guint i = 0; users != NULL && i < users->len; i++)
        {
          FcrmUser *u = g_ptr_array_index (users, i);

          if (!fcrm_user_may_hold_lead (u))
            continue;
          g_hash_table_insert (v->known, value_key ("responsible", u->login), g_strdup (u->login));
          g_hash_table_insert (v->known, value_key ("responsible", u->name), g_strdup (u->login));
        }
    }
}

void
fcrm_import_values_clear (FcrmImportValues *v)
{
  g_clear_pointer (&v->known, g_hash_table_unref);
}

const char *
fcrm_import_values_lookup (FcrmImportValues *v,
                           const char       *field,
                           const char       *value)
{
  g_autofree char *key = value_key (field, value);
  const char *code = g_hash_table_lookup (v->options->values, key);

  return code != NULL ? code : g_hash_table_lookup (v->known, key);
}

GPtrArray *
fcrm_crm_import_unknown_values (FcrmCrm                 *self,
                                FcrmImportFile          *file,
                                const FcrmImportOptions *options,
                                GError                 **error)
{
  static const char * const mapped[] = { "stage", "source", "responsible" };
  g_autofree const char **fields = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_import_unknown_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(FcrmImportValues) values = { 0 };
  GError *local = NULL;
  guint n_columns;

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);

  fields = fcrm_import_resolve_columns (file, options, error);
  if (fields == NULL)
    return NULL;
  fcrm_import_values_init (&values, self, options, &local);
  if (local != NULL)
    return g_propagate_error (error, local), NULL;
  n_columns = fcrm_import_file_get_n_columns (file);
  for (guint m = 0; m < G_N_ELEMENTS (mapped); m++)
    for (guint c = 0; c < n_columns; c++)
      {
        if (g_strcmp0 (fields[c], mapped[m]) != 0)
          continue;
        for (guint r = 0; r < fcrm_import_file_get_n_rows (file); r++)
          {
            guint n = 0;
            const char * const *row = fcrm_import_file_get_row (file, r, &n, NULL);
            g_autofree char *value = c < n ? g_strstrip (g_strdup (row[c])) : NULL;
            FcrmImportUnknown *u;
            char *key;

            if (value == NULL || *value == '\0' || fcrm_import_values_lookup (&values, mapped[m], value) != NULL)
              continue;
            key = value_key (mapped[m], value);
            u = g_hash_table_lookup (seen, key);
            if (u == NULL)
              {
                u = g_new0 (FcrmImportUnknown, 1);
                u->field = g_strdup (mapped[m]);
                u->value = g_steal_pointer (&value);
                g_ptr_array_add (list, u);
                g_hash_table_insert (seen, key, u);
              }
            else
              g_free (key);
            u->rows++;
          }
      }
  return g_steal_pointer (&list);
}

char **
fcrm_crm_import_value_choices (FcrmCrm          *self,
                               FcrmImportKind    kind,
                               const char       *field,
                               char           ***out_labels)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  g_return_val_if_fail (FCRM_IS_CRM (self), NULL);
  (void) kind;

  if (g_strcmp0 (field, "stage") == 0)
    {
      FcrmPipeline *leads = fcrm_crm_get_pipeline (self, "lead");

      for (guint i = 0; leads != NULL && i < leads->stages->len; i++)
        {
          FcrmStage *s = g_ptr_array_index (leads->stages, i);

          if (s->kind == FCRM_STAGE_SUCCESS)
            continue;
          g_strv_builder_add (codes, s->code);
          g_strv_builder_add (labels, fcrm_stage_get_name (s));
        }
    }
  else if (g_strcmp0 (field, "source") == 0)
    for (const char * const *s = fcrm_lead_sources (); *s != NULL; s++)
      {
        g_strv_builder_add (codes, *s);
        g_strv_builder_add (labels, fcrm_source_display_name (*s));
      }
  else if (g_strcmp0 (field, "responsible") == 0)
    {
      g_autoptr(GPtrArray) users = fcrm_crm_list_users (self, NULL);

      g_strv_builder_add (codes, "");
      g_strv_builder_add (labels, _("The usual choice (default manager or in turn)"));
      for (guint i = 0; users != NULL && i < users->len; i++)
        {
          FcrmUser *u = g_ptr_array_index (users, i);

          if (!fcrm_user_may_hold_lead (u))
            continue;
          g_strv_builder_add (codes, u->login);
          g_strv_builder_add (labels, u->name);
        }
    }
  if (out_labels != NULL)
    *out_labels = g_strv_builder_end (labels);
  return g_strv_builder_end (codes);
}
