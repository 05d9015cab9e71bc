#pragma once

#include <gio/gio.h>

#include "fcrm-table.h"

G_BEGIN_DECLS

/* Writers of a table to the files spreadsheet programs open. Pure functions
 * of the table: no database, no GTK, callable from any thread. */

/** The CSV text of @table: UTF-8 with a byte order mark (so spreadsheet
 * programs read Cyrillic right), a header line of the column titles, rows
 * ending in CRLF. @separator is ',' or ';'; with ';' numbers take a decimal
 * comma, as spreadsheets set up for such locales expect. Money is written as
 * a plain number ("1500.00"), shares as fractions ("0.4500"). A text cell a
 * spreadsheet would run as a formula (=, +, -, @ first) is written with a
 * leading apostrophe. */
GBytes   *fcrm_export_csv_bytes   (FcrmTable   *table,
                                   char         separator);
/** fcrm_export_csv_bytes() written to @path (replaced atomically). */
gboolean  fcrm_export_csv         (FcrmTable   *table,
                                   char         separator,
                                   const char  *path,
                                   GError     **error);
/** An Excel workbook at @path with one sheet named after the table's title:
 * a bold, frozen header row, then the rows with numbers as numbers (money in
 * roubles with a rouble format, shares as percentages, days with one
 * decimal). */
gboolean  fcrm_export_xlsx        (FcrmTable   *table,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
