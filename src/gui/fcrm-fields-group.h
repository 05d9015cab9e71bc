#pragma once

#include <adwaita.h>

#include "fcrm-crm.h"
#include "fcrm-crm-async.h"

G_BEGIN_DECLS

/* How a field of a card is shown and changed. */
typedef enum {
  FCRM_FIELD_EDIT_NONE,     /* read-only: a selectable label */
  FCRM_FIELD_EDIT_LINE,     /* AdwEntryRow with an apply button */
  FCRM_FIELD_EDIT_TEXT,     /* several lines, with Save and Revert */
  FCRM_FIELD_EDIT_USER,     /* drop-down of the active users */
  FCRM_FIELD_EDIT_SOURCE,   /* drop-down of the lead sources */
  FCRM_FIELD_EDIT_SWITCH,   /* yes / no */
} FcrmFieldEdit;

/* What a line editor takes: its input purpose, unit and tooltip. */
typedef enum {
  FCRM_FIELD_HINT_NONE,
  FCRM_FIELD_HINT_MONEY,
  FCRM_FIELD_HINT_DATE,
  FCRM_FIELD_HINT_TIME,
  FCRM_FIELD_HINT_PHONE,
  FCRM_FIELD_HINT_EMAIL,
} FcrmFieldHint;

typedef struct
{
  const char    *title;   /* untranslated, marked with N_() */
  FcrmFieldEdit  edit;
  const char    *key;     /* the core's name of an editable field */
  FcrmFieldHint  hint;
} FcrmFieldDef;

#define FCRM_TYPE_FIELDS_GROUP (fcrm_fields_group_get_type ())
G_DECLARE_DERIVABLE_TYPE (FcrmFieldsGroup, fcrm_fields_group, FCRM, FIELDS_GROUP, AdwPreferencesGroup)

/* A card section of value rows edited in place: each editable field writes
 * on its own (Enter, Save, a switch or a drop-down) with the item's version
 * from when the user began, so an edit never silently overwrites someone
 * else's. A subclass says which fields there are, what they show and how one
 * is written; the editing, the messages and the conflicts are done here. */
struct _FcrmFieldsGroupClass
{
  AdwPreferencesGroupClass parent_class;

  /* Fill the rows from fcrm_fields_group_get_item(). */
  void     (*show)  (FcrmFieldsGroup  *self);
  /* Store @value, an editor's text, in the field @key, unless the item is
   * no longer at @expected_version (FCRM_ERROR_CONFLICT). */
  gboolean (*write) (FcrmFieldsGroup  *self,
                     const char       *key,
                     const char       *value,
                     gint64            expected_version,
                     GError          **error);
};

/** Append a row for @def (kept by the group); returns its number. */
guint       fcrm_fields_group_add_field  (FcrmFieldsGroup    *self,
                                          const FcrmFieldDef *def);
/** Append a read-only row whose value names something @clicked (called
 * with the group) opens; @title and @tooltip are translated. Returns its number. */
guint       fcrm_fields_group_add_link   (FcrmFieldsGroup    *self,
                                          const char         *title,
                                          const char         *tooltip,
                                          GCallback           clicked);
/** The database the item was read through, or NULL before the first one. */
FcrmCrm    *fcrm_fields_group_get_crm    (FcrmFieldsGroup    *self);
/** While show() runs for a card loaded in one job: what was read with the
 * item (show() reads nothing it holds); else NULL. */
FcrmCardData *fcrm_fields_group_get_card_data (FcrmFieldsGroup *self);
/** The widget of row @field (an AdwEntryRow for a line editor). */
GtkWidget  *fcrm_fields_group_get_row    (FcrmFieldsGroup    *self,
                                          guint               field);
/** The item shown, or NULL before the first one (and on a client's card). */
FcrmItem   *fcrm_fields_group_get_item   (FcrmFieldsGroup    *self);
/** Show a read-only or link row with @text; an empty one reads @empty
 * (NULL: "Not set"), dimmed, and a link row then has no button. */
void        fcrm_fields_group_show_value (FcrmFieldsGroup    *self,
                                          guint               field,
                                          const char         *text,
                                          const char         *empty);
/** Show an editor with the stored @text, in the form the core reads back,
 * unless the user is changing it. */
void        fcrm_fields_group_load       (FcrmFieldsGroup    *self,
                                          guint               field,
                                          const char         *text);
/** Hide a row; a hidden editor keeps no pending change. */
void        fcrm_fields_group_hide       (FcrmFieldsGroup    *self,
                                          guint               field);

/** An amount of money as an editor shows it ("250 000,50"); "" for none. */
char       *fcrm_fields_group_money_text (gint64              minor);
/** A date as an editor shows it ("2026-03-15"); "" for none. */
char       *fcrm_fields_group_date_text  (gint64              unix_seconds);
/** A date and time as an editor shows it ("2026-03-15 14:30"); "" for none. */
char       *fcrm_fields_group_time_text  (gint64              unix_seconds);

G_END_DECLS
