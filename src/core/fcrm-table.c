#define G_LOG_DOMAIN "fcrm-table"

#include <glib/gi18n-lib.h>

#include "fcrm-money.h"
#include "fcrm-table.h"

typedef struct
{
  char          *key;
  char          *title;
  FcrmTableKind  kind;
} Column;

typedef struct
{
  gboolean set;
  gboolean is_date;   /* a TIME cell: a whole day */
  union {
    char   *text;
    gint64  integer;
    double  number;
  };
} Cell;

typedef struct
{
  char     *type;   /* "lead", "deal" or NULL */
  gint64    id;
  gboolean  total;
} Link;

struct _FcrmTable
{
  gatomicrefcount  ref_count;
  char            *title;
  char            *subtitle;
  GArray          *columns;   /* Column */
  GArray          *cells;     /* Cell, row after row */
  GArray          *links;     /* Link, one per row */
};

G_DEFINE_BOXED_TYPE (FcrmTable, fcrm_table, fcrm_table_ref, fcrm_table_unref)

static void
clear_column (gpointer data)
{
  Column *c = data;

  g_free (c->key);
  g_free (c->title);
}

static void
clear_link (gpointer data)
{
  g_free (((Link *) data)->type);
}

FcrmTable *
fcrm_table_new (const char *title)
{
  FcrmTable *self = g_new0 (FcrmTable, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->title = g_strdup (title != NULL ? title : "");
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  self->links = g_array_new (FALSE, TRUE, sizeof (Link));
  g_array_set_clear_func (self->links, clear_link);

  return self;
}

FcrmTable *
fcrm_table_ref (FcrmTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static Column *
column_at (FcrmTable *self,
           guint      column)
{
  return &g_array_index (self->columns, Column, column);
}

static Cell *
cell_at (FcrmTable *self,
         guint      row,
         guint      column)
{
  return &g_array_index (self->cells, Cell, (gsize) row * self->columns->len + column);
}

void
fcrm_table_unref (FcrmTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint r = 0; r < fcrm_table_get_n_rows (self); r++)
    for (guint c = 0; c < self->columns->len; c++)
      if (column_at (self, c)->kind == FCRM_TABLE_TEXT)
        g_free (cell_at (self, r, c)->text);
  g_array_unref (self->cells);
  g_array_unref (self->columns);
  g_array_unref (self->links);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self);
}

void
fcrm_table_set_subtitle (FcrmTable  *self,
                         const char *subtitle)
{
  g_return_if_fail (self != NULL);

  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
}

const char *
fcrm_table_get_title (FcrmTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

const char *
fcrm_table_get_subtitle (FcrmTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subtitle;
}

guint
fcrm_table_add_column (FcrmTable     *self,
                       const char    *key,
                       const char    *title,
                       FcrmTableKind  kind)
{
  Column column = { g_strdup (key), g_strdup (title), kind };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL && title != NULL, 0);
  g_return_val_if_fail (self->links->len == 0, 0);

  g_array_append_val (self->columns, column);
  return self->columns->len - 1;
}

guint
fcrm_table_add_row (FcrmTable *self)
{
  Link link = { NULL, 0, FALSE };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (self->columns->len > 0, 0);

  g_array_set_size (self->cells, self->cells->len + self->columns->len);
  g_array_append_val (self->links, link);
  return self->links->len - 1;
}

static gboolean
valid_cell (FcrmTable *self,
            guint      row,
            guint      column)
{
  return self != NULL && row < self->links->len && column < self->columns->len;
}

void
fcrm_table_set_text (FcrmTable  *self,
                     guint       row,
                     guint       column,
                     const char *text)
{
  Cell *cell;

  g_return_if_fail (valid_cell (self, row, column));
  g_return_if_fail (column_at (self, column)->kind == FCRM_TABLE_TEXT);

  cell = cell_at (self, row, column);
  g_free (cell->text);
  cell->text = g_strdup (text);
  cell->set = text != NULL;
}

void
fcrm_table_set_int (FcrmTable *self,
                    guint      row,
                    guint      column,
                    gint64     value)
{
  Cell *cell;
  FcrmTableKind kind;

  g_return_if_fail (valid_cell (self, row, column));
  kind = column_at (self, column)->kind;
  g_return_if_fail (kind == FCRM_TABLE_COUNT || kind == FCRM_TABLE_MONEY);

  cell = cell_at (self, row, column);
  cell->integer = value;
  cell->set = TRUE;
}

void
fcrm_table_set_double (FcrmTable *self,
                       guint      row,
                       guint      column,
                       double     value)
{
  Cell *cell;
  FcrmTableKind kind;

  g_return_if_fail (valid_cell (self, row, column));
  kind = column_at (self, column)->kind;
  g_return_if_fail (kind == FCRM_TABLE_DAYS || kind == FCRM_TABLE_PERCENT);

  cell = cell_at (self, row, column);
  cell->number = value;
  /* NaN (a rate of nothing) stays blank rather than printing "nan" */
  cell->set = value == value;
}

void
fcrm_table_set_time (FcrmTable *self,
                     guint      row,
                     guint      column,
                     gint64     unix_time,
                     gboolean   is_date)
{
  Cell *cell;

  g_return_if_fail (valid_cell (self, row, column));
  g_return_if_fail (column_at (self, column)->kind == FCRM_TABLE_TIME);

  cell = cell_at (self, row, column);
  cell->integer = unix_time;
  cell->is_date = is_date;
  cell->set = TRUE;
}

void
fcrm_table_set_row_total (FcrmTable *self,
                          guint      row,
                          gboolean   total)
{
  g_return_if_fail (self != NULL && row < self->links->len);

  g_array_index (self->links, Link, row).total = total;
}

gboolean
fcrm_table_get_row_total (FcrmTable *self,
                          guint      row)
{
  g_return_val_if_fail (self != NULL && row < self->links->len, FALSE);

  return g_array_index (self->links, Link, row).total;
}

void
fcrm_table_set_row_link (FcrmTable  *self,
                         guint       row,
                         const char *type,
                         gint64      id)
{
  Link *link;

  g_return_if_fail (self != NULL && row < self->links->len);

  link = &g_array_index (self->links, Link, row);
  g_free (link->type);
  link->type = g_strdup (type);
  link->id = id;
}

guint
fcrm_table_get_n_rows (FcrmTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->links->len;
}

guint
fcrm_table_get_n_columns (FcrmTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->columns->len;
}

int
fcrm_table_find_column (FcrmTable  *self,
                        const char *key)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint c = 0; c < self->columns->len; c++)
    if (g_strcmp0 (column_at (self, c)->key, key) == 0)
      return (int) c;
  return -1;
}

const char *
fcrm_table_get_column_key (FcrmTable *self,
                           guint      column)
{
  g_return_val_if_fail (self != NULL && column < self->columns->len, NULL);

  return column_at (self, column)->key;
}

const char *
fcrm_table_get_column_title (FcrmTable *self,
                             guint      column)
{
  g_return_val_if_fail (self != NULL && column < self->columns->len, NULL);

  return column_at (self, column)->title;
}

FcrmTableKind
fcrm_table_get_column_kind (FcrmTable *self,
                            guint      column)
{
  g_return_val_if_fail (self != NULL && column < self->columns->len, FCRM_TABLE_TEXT);

  return column_at (self, column)->kind;
}

gboolean
fcrm_table_cell_is_empty (FcrmTable *self,
                          guint      row,
                          guint      column)
{
  g_return_val_if_fail (valid_cell (self, row, column), TRUE);

  return !cell_at (self, row, column)->set;
}

const char *
fcrm_table_get_text (FcrmTable *self,
                     guint      row,
                     guint      column)
{
  Cell *cell;

  g_return_val_if_fail (valid_cell (self, row, column), "");

  cell = cell_at (self, row, column);
  if (column_at (self, column)->kind != FCRM_TABLE_TEXT || !cell->set)
    return "";
  return cell->text;
}

gint64
fcrm_table_get_time (FcrmTable *self,
                     guint      row,
                     guint      column,
                     gboolean  *is_date)
{
  Cell *cell;

  g_return_val_if_fail (valid_cell (self, row, column), 0);

  cell = cell_at (self, row, column);
  if (is_date != NULL)
    *is_date = cell->set && cell->is_date;
  if (column_at (self, column)->kind != FCRM_TABLE_TIME || !cell->set)
    return 0;
  return cell->integer;
}

gint64
fcrm_table_get_int (FcrmTable *self,
                    guint      row,
                    guint      column)
{
  FcrmTableKind kind;
  Cell *cell;

  g_return_val_if_fail (valid_cell (self, row, column), 0);

  kind = column_at (self, column)->kind;
  cell = cell_at (self, row, column);
  if ((kind != FCRM_TABLE_COUNT && kind != FCRM_TABLE_MONEY) || !cell->set)
    return 0;
  return cell->integer;
}

double
fcrm_table_get_number (FcrmTable *self,
                       guint      row,
                       guint      column)
{
  Cell *cell;

  g_return_val_if_fail (valid_cell (self, row, column), 0);

  cell = cell_at (self, row, column);
  if (!cell->set)
    return 0;
  switch (column_at (self, column)->kind)
    {
    case FCRM_TABLE_COUNT:
    case FCRM_TABLE_MONEY:
    case FCRM_TABLE_TIME:
      return (double) cell->integer;
    case FCRM_TABLE_DAYS:
    case FCRM_TABLE_PERCENT:
      return cell->number;
    case FCRM_TABLE_TEXT:
    default:
      return 0;
    }
}

gboolean
fcrm_table_get_row_link (FcrmTable   *self,
                         guint        row,
                         const char **type,
                         gint64      *id)
{
  Link *link;

  g_return_val_if_fail (self != NULL && row < self->links->len, FALSE);

  link = &g_array_index (self->links, Link, row);
  if (type != NULL)
    *type = link->type;
  if (id != NULL)
    *id = link->id;
  return link->type != NULL;
}

/* @digits decimals at most, without trailing zeros: "3", "3.5", "3.25". */
static char *
format_fraction (double value,
                 int    digits,
                 char   point)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  char *text;
  gsize len;

  g_snprintf (format, sizeof format, "%%.%df", digits);
  text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
  len = strlen (text);
  if (strchr (text, '.') != NULL)
    {
      while (len > 0 && text[len - 1] == '0')
        text[--len] = '\0';
      if (len > 0 && text[len - 1] == '.')
        text[--len] = '\0';
    }
  if (g_str_equal (text, "-0"))
    g_strlcpy (text, "0", 2);
  if (point != '.')
    g_strdelimit (text, ".", point);
  return text;
}

static char *
format_time (Cell       *cell,
             const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (cell->integer);

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

static char
locale_point (void)
{
  /* printf's own decimal point (LC_NUMERIC), as one character */
  g_autofree char *probe = g_strdup_printf ("%.1f", 0.5);

  return probe[1] != '\0' && probe[1] != '5' ? probe[1] : '.';
}

char *
fcrm_table_format_value (FcrmTableKind kind,
                         double        value)
{
  g_autofree char *number = NULL;

  switch (kind)
    {
    case FCRM_TABLE_COUNT:
      return g_strdup_printf ("%'" G_GINT64_FORMAT, (gint64) (value < 0 ? value - 0.5 : value + 0.5));
    case FCRM_TABLE_MONEY:
      return fcrm_money_format_display ((gint64) (value < 0 ? value - 0.5 : value + 0.5));
    case FCRM_TABLE_DAYS:
      return format_fraction (value, 1, locale_point ());
    case FCRM_TABLE_PERCENT:
      number = format_fraction (value * 100, 1, locale_point ());
      /* Translators: a percentage; %s is the number ("45" or "45,5").
       * Russian puts a no-break space before the sign: "%s %%" */
      return g_strdup_printf (C_("percent", "%s%%"), number);
    case FCRM_TABLE_TEXT:
    case FCRM_TABLE_TIME:
    default:
      return g_strdup ("");
    }
}

char *
fcrm_table_format_value_short (FcrmTableKind kind,
                               double        value)
{
  double roubles = value / 100;
  g_autofree char *number = NULL;

  if (kind != FCRM_TABLE_MONEY || (roubles < 10000 && roubles > -10000))
    return fcrm_table_format_value (kind, value);

  if (roubles >= 1e6 || roubles <= -1e6)
    {
      number = format_fraction (roubles / 1e6, roubles >= 1e8 || roubles <= -1e8 ? 0 : 1, locale_point ());
      /* Translators: an amount of money in millions of roubles, short ("1.5 M ₽");
       * no-break spaces keep it on one line */
      return g_strdup_printf (C_("money in millions", "%s M ₽"), number);
    }
  number = format_fraction (roubles / 1e3, 0, locale_point ());
  /* Translators: an amount of money in thousands of roubles, short ("350 k ₽") */
  return g_strdup_printf (C_("money in thousands", "%s k ₽"), number);
}

char *
fcrm_table_format_display (FcrmTable *self,
                           guint      row,
                           guint      column)
{
  Cell *cell;
  FcrmTableKind kind;

  g_return_val_if_fail (valid_cell (self, row, column), NULL);

  cell = cell_at (self, row, column);
  if (!cell->set)
    return g_strdup ("");

  kind = column_at (self, column)->kind;
  switch (kind)
    {
    case FCRM_TABLE_COUNT:
    case FCRM_TABLE_MONEY:
      /* exact: no detour through a double */
      return kind == FCRM_TABLE_COUNT ? g_strdup_printf ("%'" G_GINT64_FORMAT, cell->integer)
                                      : fcrm_money_format_display (cell->integer);
    case FCRM_TABLE_DAYS:
    case FCRM_TABLE_PERCENT:
      return fcrm_table_format_value (kind, cell->number);
    case FCRM_TABLE_TIME:
      /* Translators: a date and a date with a time in a report's table,
       * g_date_time_format() notation */
      return format_time (cell, cell->is_date ? C_("table date", "%x") : C_("table date and time", "%x %H:%M"));
    case FCRM_TABLE_TEXT:
    default:
      return g_strdup (cell->text);
    }
}

char *
fcrm_table_format_plain (FcrmTable *self,
                         guint      row,
                         guint      column,
                         char       decimal_point)
{
  Cell *cell;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text;

  g_return_val_if_fail (valid_cell (self, row, column), NULL);

  cell = cell_at (self, row, column);
  if (!cell->set)
    return g_strdup ("");

  switch (column_at (self, column)->kind)
    {
    case FCRM_TABLE_COUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    case FCRM_TABLE_MONEY:
      text = fcrm_money_format_plain (cell->integer);
      break;
    case FCRM_TABLE_DAYS:
      return format_fraction (cell->number, 2, decimal_point);
    case FCRM_TABLE_PERCENT:
      /* a share to four places: 0.4567, enough for 45.67 % */
      text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", cell->number));
      break;
    case FCRM_TABLE_TIME:
      return format_time (cell, cell->is_date ? "%Y-%m-%d" : "%Y-%m-%d %H:%M");
    case FCRM_TABLE_TEXT:
    default:
      return g_strdup (cell->text);
    }

  if (decimal_point != '.')
    g_strdelimit (text, ".", decimal_point);
  return text;
}

int
fcrm_table_compare_rows (FcrmTable *self,
                         guint      column,
                         guint      row_a,
                         guint      row_b)
{
  g_return_val_if_fail (valid_cell (self, row_a, column) && valid_cell (self, row_b, column), 0);

  if (column_at (self, column)->kind == FCRM_TABLE_TEXT)
    return g_utf8_collate (fcrm_table_get_text (self, row_a, column),
                           fcrm_table_get_text (self, row_b, column));
  else
    {
      gboolean empty_a = fcrm_table_cell_is_empty (self, row_a, column);
      gboolean empty_b = fcrm_table_cell_is_empty (self, row_b, column);
      double a = fcrm_table_get_number (self, row_a, column);
      double b = fcrm_table_get_number (self, row_b, column);

      /* blanks sort before every number */
      if (empty_a || empty_b)
        return empty_b - empty_a;
      return (a > b) - (a < b);
    }
}
