#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A table of typed cells: what a report or a list shows, prints and exports.
 * Columns know what their cells are, so every writer (the screen in the
 * user's locale, CSV, XLSX) formats them its own way from the same values.
 * Built once, then only read: the export threads share it by reference. */

typedef enum {
  FCRM_TABLE_TEXT,      /* a string */
  FCRM_TABLE_COUNT,     /* a whole number */
  FCRM_TABLE_MONEY,     /* kopecks (gint64) */
  FCRM_TABLE_DAYS,      /* days, with a fraction */
  FCRM_TABLE_PERCENT,   /* a share: 0.25 is 25 % */
  FCRM_TABLE_TIME,      /* Unix seconds, a moment or (flagged) a whole local day */
} FcrmTableKind;

typedef struct _FcrmTable FcrmTable;

#define FCRM_TYPE_TABLE (fcrm_table_get_type ())
GType          fcrm_table_get_type          (void) G_GNUC_CONST;

/** A new empty table; @title names it (a sheet, a printed page's heading). */
FcrmTable     *fcrm_table_new               (const char    *title);
FcrmTable     *fcrm_table_ref               (FcrmTable     *self);
void           fcrm_table_unref             (FcrmTable     *self);

/** What the table covers ("1 – 31 January 2026, Manufacturing"), or NULL. */
void           fcrm_table_set_subtitle      (FcrmTable     *self,
                                             const char    *subtitle);
const char    *fcrm_table_get_title         (FcrmTable     *self);
const char    *fcrm_table_get_subtitle      (FcrmTable     *self);

/** Add a column (before any row); @key is a machine name, @title is shown. Returns its index. */
guint          fcrm_table_add_column        (FcrmTable     *self,
                                             const char    *key,
                                             const char    *title,
                                             FcrmTableKind  kind);
/** Add a row of empty cells; returns its index. */
guint          fcrm_table_add_row           (FcrmTable     *self);

void           fcrm_table_set_text          (FcrmTable     *self,
                                             guint          row,
                                             guint          column,
                                             const char    *text);
/** A count, or kopecks in a money column. */
void           fcrm_table_set_int           (FcrmTable     *self,
                                             guint          row,
                                             guint          column,
                                             gint64         value);
/** Days, or a share in a percent column. */
void           fcrm_table_set_double        (FcrmTable     *self,
                                             guint          row,
                                             guint          column,
                                             double         value);
/** A moment (Unix seconds); with @is_date, the local day it starts. */
void           fcrm_table_set_time          (FcrmTable     *self,
                                             guint          row,
                                             guint          column,
                                             gint64         unix_time,
                                             gboolean       is_date);
/** Mark a summary row (a total): shown bold, not charted. */
void           fcrm_table_set_row_total     (FcrmTable     *self,
                                             guint          row,
                                             gboolean       total);
gboolean       fcrm_table_get_row_total     (FcrmTable     *self,
                                             guint          row);
/** What the row is about (a stuck lead, a deal), to open it; @type "lead" or "deal". */
void           fcrm_table_set_row_link      (FcrmTable     *self,
                                             guint          row,
                                             const char    *type,
                                             gint64         id);

guint          fcrm_table_get_n_rows        (FcrmTable     *self);
guint          fcrm_table_get_n_columns     (FcrmTable     *self);
/** The column whose key is @key, or -1. */
int            fcrm_table_find_column       (FcrmTable     *self,
                                             const char    *key);
const char    *fcrm_table_get_column_key    (FcrmTable     *self,
                                             guint          column);
const char    *fcrm_table_get_column_title  (FcrmTable     *self,
                                             guint          column);
FcrmTableKind  fcrm_table_get_column_kind   (FcrmTable     *self,
                                             guint          column);

/** Whether the cell was never set (shown blank, exported empty). */
gboolean       fcrm_table_cell_is_empty     (FcrmTable     *self,
                                             guint          row,
                                             guint          column);
/** A text cell's string ("" when empty). */
const char    *fcrm_table_get_text          (FcrmTable     *self,
                                             guint          row,
                                             guint          column);
/** A time cell's moment and whether it is a whole day (0 when empty). */
gint64         fcrm_table_get_time          (FcrmTable     *self,
                                             guint          row,
                                             guint          column,
                                             gboolean      *is_date);
/** A count or money cell's value (0 when empty). */
gint64         fcrm_table_get_int           (FcrmTable     *self,
                                             guint          row,
                                             guint          column);
/** Any number cell as a double (money in kopecks; 0 when empty or text). */
double         fcrm_table_get_number        (FcrmTable     *self,
                                             guint          row,
                                             guint          column);
/** The row's link; FALSE when it has none. */
gboolean       fcrm_table_get_row_link      (FcrmTable     *self,
                                             guint          row,
                                             const char   **type,
                                             gint64        *id);

/** The cell as the user's locale writes it: "1 234 ₽", "3,5", "45 %",
 * "12.01.2026 15:00". */
char          *fcrm_table_format_display    (FcrmTable     *self,
                                             guint          row,
                                             guint          column);
/** A bare value of @kind as the user's locale writes it (money in kopecks);
 * what fcrm_table_format_display() writes for such a cell. */
char          *fcrm_table_format_value      (FcrmTableKind  kind,
                                             double         value);
/** The same, short when large: "1.2 M ₽", "350 k ₽" (money only; the rest
 * as fcrm_table_format_value()). */
char          *fcrm_table_format_value_short (FcrmTableKind  kind,
                                              double         value);
/** The cell for a machine: "1234.00", "3.5", "0.45", "2026-01-12",
 * "2026-01-12 15:00" (local); @decimal_point replaces the point ('.' or ','). */
char          *fcrm_table_format_plain      (FcrmTable     *self,
                                             guint          row,
                                             guint          column,
                                             char           decimal_point);
/** Compare two rows by @column (numbers as numbers, text by collation). */
int            fcrm_table_compare_rows      (FcrmTable     *self,
                                             guint          column,
                                             guint          row_a,
                                             guint          row_b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmTable, fcrm_table_unref)

G_END_DECLS
