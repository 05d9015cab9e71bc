#pragma once

#include "fcrm-fields-group.h"

G_BEGIN_DECLS

/* Shared by fcrm-fields-group.c (the editing) and fcrm-fields-group-rows.c
 * (the widgets of each kind of row). */

/* One row of a group. */
typedef struct
{
  FcrmFieldDef  def;
  GtkWidget    *row;
  GtkLabel     *value;         /* read-only and link rows */
  GtkWidget    *button;        /* link rows: opens what the value names */
  GtkTextView  *text_view;     /* EDIT_TEXT */
  GtkWidget    *text_buttons;  /* EDIT_TEXT: Revert and Save, shown while changed */
  GtkWidget    *text_revert;   /* EDIT_TEXT */
  GtkWidget    *text_save;     /* EDIT_TEXT */
  GtkSwitch    *toggle;        /* EDIT_SWITCH */
  GPtrArray    *codes;         /* EDIT_USER, EDIT_SOURCE: the value of each position */
  char         *loaded;        /* the value as last read, in the editor's text form */
  gint64        base_version;  /* the item's version when the user started changing it */
  gboolean      dirty;         /* the text differs from `loaded` */
} FcrmFieldsGroupRow;

/* Build the widgets of @field for its def.edit (row, and value, text_view,
 * text_buttons, text_revert, text_save, toggle or codes): no signals, the
 * group connects those. */
void fcrm_fields_group_row_build      (FcrmFieldsGroupRow *field);
/* Build a read-only row titled @title (translated) with an "Open" button. */
void fcrm_fields_group_row_build_link (FcrmFieldsGroupRow *field,
                                       const char         *title,
                                       const char         *tooltip);

G_END_DECLS
