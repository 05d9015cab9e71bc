#define G_LOG_DOMAIN "fcrm-item-card"

#include <inttypes.h>
#include <locale.h>

#include <glib/gi18n.h>

#include "fcrm-item-card.h"
#include "fcrm-attachments-view.h"
#include "fcrm-clock.h"
#include "fcrm-comments.h"
#include "fcrm-error.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"

/* The value rows of the About, Project and Additional tabs. They are alike
 * and many, so they come from this table rather than from the template.
 * Editable ones write through fcrm_crm_lead_set() / fcrm_crm_deal_set()
 * with the version they were read at, so an edit never silently overwrites
 * someone else's. */
typedef enum {
  FIELD_TITLE,
  FIELD_CLIENT,
  FIELD_BUDGET,
  FIELD_NAME,
  FIELD_PHONE,
  FIELD_EMAIL,
  FIELD_COMPANY,
  FIELD_DEAL_COMPANY,
  FIELD_COMMENT,

  FIELD_DELIVERY_DATE,
  FIELD_INSTALLATION_DATE,
  FIELD_INSTALLATION_NEEDED,
  FIELD_VISIT_AT,
  FIELD_WARRANTY_UNTIL,
  FIELD_DESIGN,
  FIELD_PROJECT,
  FIELD_MEASUREMENTS,

  FIELD_STAGE,
  FIELD_STAGE_SINCE,
  FIELD_RESPONSIBLE,
  /* the participants have a group of their own, below */
  FIELD_SOURCE,
  /* the origin lead / converted deal rows go here */
  FIELD_CREATED,
  FIELD_CHANGED,
  FIELD_CLOSED,
  FIELD_LOSS_REASON,
  FIELD_LOSS_REASON_TEXT,

  N_FIELDS
} Field;

typedef enum {
  GROUP_ABOUT,
  GROUP_PROJECT,
  GROUP_ADDITIONAL,
  N_GROUPS
} Group;

typedef enum {
  EDIT_NONE,     /* read-only: a selectable label */
  EDIT_LINE,     /* AdwEntryRow with an apply button */
  EDIT_TEXT,     /* several lines, with Save and Revert */
  EDIT_USER,     /* drop-down of the active users */
  EDIT_SOURCE,   /* drop-down of the lead sources */
  EDIT_SWITCH,   /* yes / no */
} EditKind;

typedef enum {
  FOR_BOTH,
  FOR_LEAD,
  FOR_DEAL,
} ItemKinds;

typedef enum {
  HINT_NONE,
  HINT_MONEY,
  HINT_DATE,
  HINT_TIME,
  HINT_PHONE,
  HINT_EMAIL,
} Hint;

static const struct {
  Group       group;
  const char *title;
  EditKind    edit;
  ItemKinds   kinds;
  const char *key;      /* the core's field name */
  Hint        hint;
} field_defs[N_FIELDS] = {
  [FIELD_TITLE]               = { GROUP_ABOUT, N_("Title"), EDIT_LINE, FOR_BOTH, "title", HINT_NONE },
  [FIELD_CLIENT]              = { GROUP_ABOUT, N_("Client"), EDIT_NONE, FOR_BOTH, NULL, HINT_NONE },
  [FIELD_BUDGET]              = { GROUP_ABOUT, N_("Budget"), EDIT_LINE, FOR_BOTH, "budget", HINT_MONEY },
  [FIELD_NAME]                = { GROUP_ABOUT, N_("Name"), EDIT_LINE, FOR_LEAD, "name", HINT_NONE },
  [FIELD_PHONE]               = { GROUP_ABOUT, N_("Phone"), EDIT_LINE, FOR_LEAD, "phone", HINT_PHONE },
  [FIELD_EMAIL]               = { GROUP_ABOUT, N_("E-mail"), EDIT_LINE, FOR_LEAD, "email", HINT_EMAIL },
  [FIELD_COMPANY]             = { GROUP_ABOUT, N_("Company"), EDIT_LINE, FOR_LEAD, "company", HINT_NONE },
  [FIELD_DEAL_COMPANY]        = { GROUP_ABOUT, N_("Company"), EDIT_NONE, FOR_DEAL, NULL, HINT_NONE },
  [FIELD_COMMENT]             = { GROUP_ABOUT, N_("Comment"), EDIT_TEXT, FOR_BOTH, "comment", HINT_NONE },

  [FIELD_DELIVERY_DATE]       = { GROUP_PROJECT, N_("Delivery date"), EDIT_LINE, FOR_DEAL, "delivery_date", HINT_DATE },
  [FIELD_INSTALLATION_DATE]   = { GROUP_PROJECT, N_("Installation date"), EDIT_LINE, FOR_DEAL, "installation_date", HINT_DATE },
  [FIELD_INSTALLATION_NEEDED] = { GROUP_PROJECT, N_("Installation needed"), EDIT_SWITCH, FOR_DEAL, "installation_needed", HINT_NONE },
  [FIELD_VISIT_AT]            = { GROUP_PROJECT, N_("Visit time"), EDIT_LINE, FOR_DEAL, "visit_at", HINT_TIME },
  [FIELD_WARRANTY_UNTIL]      = { GROUP_PROJECT, N_("Warranty until"), EDIT_LINE, FOR_DEAL, "warranty_until", HINT_DATE },
  [FIELD_DESIGN]              = { GROUP_PROJECT, N_("Design"), EDIT_TEXT, FOR_DEAL, "design", HINT_NONE },
  [FIELD_PROJECT]             = { GROUP_PROJECT, N_("Project"), EDIT_TEXT, FOR_DEAL, "project", HINT_NONE },
  [FIELD_MEASUREMENTS]        = { GROUP_PROJECT, N_("Measurements"), EDIT_TEXT, FOR_DEAL, "measurements", HINT_NONE },

  [FIELD_STAGE]               = { GROUP_ADDITIONAL, N_("Stage"), EDIT_NONE, FOR_BOTH, NULL, HINT_NONE },
  [FIELD_STAGE_SINCE]         = { GROUP_ADDITIONAL, N_("In the stage since"), EDIT_NONE, FOR_BOTH, NULL, HINT_NONE },
  [FIELD_RESPONSIBLE]         = { GROUP_ADDITIONAL, N_("Responsible"), EDIT_USER, FOR_BOTH, "responsible", HINT_NONE },
  [FIELD_SOURCE]              = { GROUP_ADDITIONAL, N_("Source"), EDIT_SOURCE, FOR_BOTH, "source", HINT_NONE },
  [FIELD_CREATED]             = { GROUP_ADDITIONAL, N_("Created"), EDIT_NONE, FOR_BOTH, NULL, HINT_NONE },
  [FIELD_CHANGED]             = { GROUP_ADDITIONAL, N_("Changed"), EDIT_NONE, FOR_BOTH, NULL, HINT_NONE },
  [FIELD_CLOSED]              = { GROUP_ADDITIONAL, N_("Closed"), EDIT_NONE, FOR_DEAL, NULL, HINT_NONE },
  [FIELD_LOSS_REASON]         = { GROUP_ADDITIONAL, N_("Loss reason"), EDIT_NONE, FOR_DEAL, NULL, HINT_NONE },
  [FIELD_LOSS_REASON_TEXT]    = { GROUP_ADDITIONAL, N_("Loss reason in detail"), EDIT_LINE, FOR_DEAL, "loss_reason_text", HINT_NONE },
};

/* The sources a lead or deal can have, in menu order. */
static const char * const source_codes[] = { "call", "webform", "email", "walkin", "other" };

/* One editable field. */
typedef struct
{
  GtkWidget   *row;
  GtkTextView *text_view;     /* EDIT_TEXT */
  GtkWidget   *text_buttons;  /* EDIT_TEXT: Revert and Save, shown while changed */
  GtkSwitch   *toggle;        /* EDIT_SWITCH */
  GPtrArray   *codes;         /* EDIT_USER, EDIT_SOURCE: the value of each position */
  char        *loaded;        /* the value as last read, in the editor's text form */
  gint64       base_version;  /* the item's version when the user started changing it */
  gboolean     dirty;         /* the text differs from `loaded` */
} Editor;

struct _FcrmItemCard
{
  AdwWindow            parent_instance;

  FcrmCrm             *crm;
  FcrmEntityType       type;
  gint64               id;
  FcrmItem            *item;        /* NULL until read, or when gone */
  guint                refresh_id;
  guint                loading;     /* > 0 while the editors are being filled */

  GtkWidget           *field_rows[N_FIELDS];
  GtkLabel            *field_values[N_FIELDS];   /* read-only fields */
  Editor               editors[N_FIELDS];        /* editable fields */
  int                  error_field[N_GROUPS];    /* the field the group's message is about, or -1 */
  GtkWidget           *conflict_dialog;
  GtkWidget           *discard_dialog;
  GtkWidget           *origin_lead_row;
  GtkLabel            *origin_lead_value;
  GtkWidget           *origin_lead_button;
  GtkWidget           *deal_row;
  GtkLabel            *deal_value;
  GtkWidget           *deal_button;
  GPtrArray           *candidates;  /* logins of the "Add participant" drop-down, in its order */

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget           *switcher_bar;
  GtkStack            *main_stack;
  GtkLabel            *title_label;
  GtkLabel            *stage_label;
  GtkLabel            *pipeline_label;
  GtkWidget           *returning_badge;
  AdwViewStack        *view_stack;
  AdwPreferencesGroup *about_group;
  GtkLabel            *about_error_label;
  AdwPreferencesGroup *project_group;
  GtkLabel            *project_error_label;
  GtkWidget           *project_lead_label;
  AdwPreferencesGroup *additional_group;
  GtkLabel            *additional_error_label;
  AdwBin              *attachments_bin;
  FcrmAttachmentsView *attachments_view;
  AdwPreferencesGroup *participants_group;
  GtkListBox          *participants_list;
  GtkWidget           *participant_add_list;
  AdwComboRow         *participant_combo;
  GtkWidget           *participant_add_button;
  GtkLabel            *participant_error_label;
  GtkTextView         *comment_view;
  GtkWidget           *comment_hint;
  GtkWidget           *comment_add_button;
  GtkLabel            *comment_error_label;
  GtkListBox          *comments_list;
  GtkListBox          *tasks_list;
  GtkEntry            *task_title_entry;
  GtkEntry            *task_due_entry;
  GtkWidget           *task_add_button;
  GtkLabel            *task_error_label;
  GtkListBox          *timeline_list;
  AdwStatusPage       *gone_page;
};

G_DEFINE_FINAL_TYPE (FcrmItemCard, fcrm_item_card, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CRM,
  PROP_ITEM_TYPE,
  PROP_ITEM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fcrm_item_card_refresh (FcrmItemCard *self);

/* Dates and times in the user's language. */

static char *
format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_seconds);
  if (dt == NULL)
    return NULL;

  /* Translators: a date on a card, in g_date_time_format() notation
   * ("January 12, 2026"); %B is the month name, in the genitive case where
   * the language has one, so Russian can use "%-d %B %Y". */
  return g_date_time_format (dt, _("%B %-d, %Y"));
}

static char *
format_date_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_seconds);
  if (dt == NULL)
    return NULL;

  /* Translators: a date and time on a card, in g_date_time_format()
   * notation ("January 12, 2026 at 09:00"). */
  return g_date_time_format (dt, _("%B %-d, %Y at %H:%M"));
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* Values in the form the core reads back: what an editor shows is what
 * applying it unchanged would store. */

static char *
edit_text_date (gint64 unix_seconds)
{
  return unix_seconds != 0 ? fcrm_time_format_date (unix_seconds) : g_strdup ("");
}

static char *
edit_text_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (unix_seconds);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static char *
edit_text_money (gint64 minor)
{
  struct lconv *lc = localeconv ();
  /* fcrm_money_parse() reads both separators, and spaces between groups;
   * a locale's own group separator (a comma in English) it would not. */
  const char *point = lc->decimal_point != NULL && g_str_equal (lc->decimal_point, ",") ? "," : ".";
  g_autofree char *digits = NULL;
  GString *out;
  gsize n;

  if (minor <= 0)
    return g_strdup ("");

  digits = g_strdup_printf ("%" G_GINT64_FORMAT, minor / 100);
  n = strlen (digits);
  out = g_string_new (NULL);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
  if (minor % 100 != 0)
    g_string_append_printf (out, "%s%02d", point, (int) (minor % 100));

  return g_string_free (out, FALSE);
}

static char *
edit_text_of (FcrmItemCard *self,
              Field         field)
{
  FcrmItem *item = self->item;

  switch (field)
    {
    case FIELD_TITLE:             return g_strdup (item->title ? item->title : "");
    case FIELD_BUDGET:            return edit_text_money (item->budget);
    case FIELD_NAME:              return g_strdup (item->name ? item->name : "");
    case FIELD_PHONE:             return g_strdup (item->phone ? item->phone : "");
    case FIELD_EMAIL:             return g_strdup (item->email ? item->email : "");
    case FIELD_COMPANY:           return g_strdup (item->company_name ? item->company_name : "");
    case FIELD_COMMENT:           return g_strdup (item->comment ? item->comment : "");
    case FIELD_DELIVERY_DATE:     return edit_text_date (item->delivery_date);
    case FIELD_INSTALLATION_DATE: return edit_text_date (item->installation_date);
    case FIELD_INSTALLATION_NEEDED: return g_strdup (item->installation_needed ? "yes" : "no");
    case FIELD_VISIT_AT:          return edit_text_time (item->visit_at);
    case FIELD_WARRANTY_UNTIL:    return edit_text_date (item->warranty_until);
    case FIELD_DESIGN:            return g_strdup (item->design ? item->design : "");
    case FIELD_PROJECT:           return g_strdup (item->project ? item->project : "");
    case FIELD_MEASUREMENTS:      return g_strdup (item->measurements ? item->measurements : "");
    case FIELD_RESPONSIBLE:       return g_strdup (item->responsible_login ? item->responsible_login : "");
    /* A missing source is the default one. */
    case FIELD_SOURCE:            return g_strdup (nonempty (item->source) ? item->source : "other");
    case FIELD_LOSS_REASON_TEXT:  return g_strdup (item->loss_reason_text ? item->loss_reason_text : "");
    default:
      g_assert_not_reached ();
    }
}

/* Read-only rows */

static GtkWidget *
field_row_new (const char  *title,
               GtkLabel   **out_value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  /* AdwActionRow's subtitle cannot be selected before libadwaita 1.3: the
   * name beside a selectable value, dense enough that the tasks below the
   * tabs stay in sight. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  gtk_widget_add_css_class (box, "item-card-field");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_yalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (name), 18);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 18);
  gtk_widget_add_css_class (name, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_yalign (GTK_LABEL (value), 0);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (value, "item-card-value");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL,
                                  -1);

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  *out_value = GTK_LABEL (value);
  return row;
}

/* @empty: what an unset value reads as, dimmed. */
static void
set_field_full (FcrmItemCard *self,
                Field         field,
                const char   *text,
                const char   *empty)
{
  GtkLabel *label = self->field_values[field];
  gboolean set = nonempty (text) != NULL;

  g_assert (label != NULL);

  gtk_label_set_text (label, set ? text : empty);
  /* Select-all on focus would greet the reader with a highlighted
   * "Not set": only real values are selectable. */
  gtk_label_set_selectable (label, set);
  if (set)
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_set_visible (self->field_rows[field], TRUE);
}

static void
set_field (FcrmItemCard *self,
           Field         field,
           const char   *text)
{
  set_field_full (self, field, text, _("Not set"));
}

static void
set_field_take (FcrmItemCard *self,
                Field         field,
                char         *text)
{
  set_field (self, field, text);
  g_free (text);
}

static AdwPreferencesGroup *
group_of (FcrmItemCard *self,
          Group         group)
{
  switch (group)
    {
    case GROUP_ABOUT:
      return self->about_group;
    case GROUP_PROJECT:
      return self->project_group;
    case GROUP_ADDITIONAL:
      return self->additional_group;
    default:
      g_assert_not_reached ();
    }
}

static GtkLabel *
error_label_of (FcrmItemCard *self,
                Group         group)
{
  switch (group)
    {
    case GROUP_ABOUT:
      return self->about_error_label;
    case GROUP_PROJECT:
      return self->project_error_label;
    case GROUP_ADDITIONAL:
      return self->additional_error_label;
    default:
      g_assert_not_reached ();
    }
}

/* Errors of the editors: the row in the error colour, the core's message
 * under the group, until the row changes again. */

static GtkWidget *
error_target (FcrmItemCard *self,
              Field         field)
{
  Editor *editor = &self->editors[field];

  /* A text view's frame shows the colour; the row around it would not. */
  return editor->text_view != NULL
         ? gtk_widget_get_parent (GTK_WIDGET (editor->text_view))
         : editor->row;
}

static void
clear_field_error (FcrmItemCard *self,
                   Field         field)
{
  Group group = field_defs[field].group;
  GtkLabel *label = error_label_of (self, group);

  gtk_widget_remove_css_class (error_target (self, field), "error");
  if (self->error_field[group] == (int) field)
    {
      self->error_field[group] = -1;
      gtk_label_set_text (label, "");
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
    }
}

static void
show_field_error (FcrmItemCard *self,
                  Field         field,
                  const char   *message)
{
  Group group = field_defs[field].group;
  GtkLabel *label = error_label_of (self, group);
  int previous = self->error_field[group];

  if (previous >= 0 && previous != (int) field)
    gtk_widget_remove_css_class (error_target (self, (Field) previous), "error");

  self->error_field[group] = field;
  gtk_widget_add_css_class (error_target (self, field), "error");
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);

  /* Under a long group the message may be out of sight: a toast says it
   * where the user looks; the label keeps all of it until the next try. */
  {
    g_autofree char *escaped = g_markup_escape_text (message, -1);  /* title is markup */

    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
  }
}

/* Editors */

static char *
editor_get_text (FcrmItemCard *self,
                 Field         field)
{
  Editor *editor = &self->editors[field];

  switch (field_defs[field].edit)
    {
    case EDIT_LINE:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->row)));

    case EDIT_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->text_view);
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }

    case EDIT_SWITCH:
      return g_strdup (gtk_switch_get_active (editor->toggle) ? "yes" : "no");

    case EDIT_USER:
    case EDIT_SOURCE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row));

        if (editor->codes == NULL || selected >= editor->codes->len)
          return g_strdup (editor->loaded ? editor->loaded : "");
        return g_strdup (g_ptr_array_index (editor->codes, selected));
      }

    case EDIT_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
editor_update_dirty (FcrmItemCard *self,
                     Field         field)
{
  Editor *editor = &self->editors[field];
  g_autofree char *text = editor_get_text (self, field);
  gboolean dirty = g_strcmp0 (text, editor->loaded != NULL ? editor->loaded : "") != 0;

  /* The version the user's change is based on: what they saw when they
   * started typing. Applying it later checks nobody wrote in between. */
  if (dirty && !editor->dirty && self->item != NULL)
    editor->base_version = self->item->version;
  editor->dirty = dirty;

  if (editor->text_buttons != NULL)
    gtk_widget_set_visible (editor->text_buttons, dirty);
}

/* Put @text into an editor without it counting as the user's change. */
static void
editor_show_text (FcrmItemCard *self,
                  Field         field,
                  const char   *text)
{
  Editor *editor = &self->editors[field];

  self->loading++;
  switch (field_defs[field].edit)
    {
    case EDIT_LINE:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editor->row)), text) != 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (editor->row), text);
          gtk_editable_set_position (GTK_EDITABLE (editor->row), -1);
        }
      /* Setting the text while focused reveals the apply button; there is
       * nothing to apply. */
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (editor->row), FALSE);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (editor->row), TRUE);
      break;

    case EDIT_TEXT:
      {
        g_autofree char *current = editor_get_text (self, field);

        if (g_strcmp0 (current, text) != 0)
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (editor->text_view), text, -1);
      }
      break;

    case EDIT_SWITCH:
      gtk_switch_set_active (editor->toggle, g_strcmp0 (text, "yes") == 0);
      break;

    case EDIT_USER:
    case EDIT_SOURCE:
      for (guint i = 0; editor->codes != NULL && i < editor->codes->len; i++)
        if (g_strcmp0 (g_ptr_array_index (editor->codes, i), text) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), i);
            break;
          }
      break;

    case EDIT_NONE:
    default:
      g_assert_not_reached ();
    }
  self->loading--;

  editor_update_dirty (self, field);
}

/* Show the item's value in an editor, unless the user is changing it. */
static void
editor_load (FcrmItemCard *self,
             Field         field)
{
  Editor *editor = &self->editors[field];

  gtk_widget_set_visible (editor->row, TRUE);
  if (editor->dirty)
    return;

  g_free (editor->loaded);
  editor->loaded = edit_text_of (self, field);
  editor_show_text (self, field, editor->loaded);
}

static void
editor_revert (FcrmItemCard *self,
               Field         field)
{
  Editor *editor = &self->editors[field];

  clear_field_error (self, field);
  editor_show_text (self, field, editor->loaded != NULL ? editor->loaded : "");
}

static gboolean
any_dirty (FcrmItemCard *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->editors[i].dirty)
      return TRUE;

  return FALSE;
}

static void
discard_edits (FcrmItemCard *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (field_defs[i].edit == EDIT_NONE)
        continue;
      self->editors[i].dirty = FALSE;
      if (self->editors[i].text_buttons != NULL)
        gtk_widget_set_visible (self->editors[i].text_buttons, FALSE);
      clear_field_error (self, i);
    }
}

static void
conflict_response_cb (FcrmItemCard   *self,
                      const char     *response,
                      AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "reload") == 0)
    {
      /* Their version wins: every pending edit was based on the old one. */
      discard_edits (self);
      fcrm_item_card_refresh (self);
    }
}

static void
show_conflict (FcrmItemCard *self,
               Field         field)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->conflict_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->conflict_dialog));
      return;
    }

  body = g_strdup_printf (_("Your change to “%s” was not saved, so nothing of theirs was overwritten. "
                            "Reload to see the current version, then make your change again."),
                          _(field_defs[field].title));
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   self->type == FCRM_ENTITY_LEAD
                                   ? _("Someone else changed this lead meanwhile")
                                   : _("Someone else changed this deal meanwhile"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: keep the unsaved edit on the card for now */
                                    "cancel", _("_Keep My Edit"),
                                    /* Translators: discard my edit and show the other person's version */
                                    "reload", _("_Reload"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, G_CONNECT_SWAPPED);

  self->conflict_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->conflict_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Call after a write of ours to the item, read at version @before, and a
 * refresh. Our write moved the version by one. Other fields the user is
 * changing were based on the version before it: nobody else wrote in
 * between, so they may follow. If the version moved further, someone did. */
static void
follow_own_write (FcrmItemCard *self,
                  gint64        before)
{
  if (self->item == NULL || self->item->version != before + 1)
    return;
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->editors[i].dirty && self->editors[i].base_version == before)
      self->editors[i].base_version = before + 1;
}

/* Write one editor's value; TRUE when it was stored. */
static gboolean
editor_apply (FcrmItemCard *self,
              Field         field)
{
  Editor *editor = &self->editors[field];
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 expected;
  gboolean ok;

  if (self->item == NULL || self->loading > 0)
    return FALSE;

  editor_update_dirty (self, field);
  if (!editor->dirty)
    {
      clear_field_error (self, field);
      return FALSE;
    }

  value = editor_get_text (self, field);
  expected = editor->base_version;
  ok = self->type == FCRM_ENTITY_LEAD
       ? fcrm_crm_lead_set (self->crm, self->id, field_defs[field].key, value, expected, &error)
       : fcrm_crm_deal_set (self->crm, self->id, field_defs[field].key, value, expected, &error);

  if (!ok)
    {
      if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_CONFLICT))
        {
          /* Nothing was written: the edit stays for the user to decide. */
          clear_field_error (self, field);
          show_conflict (self, field);
        }
      else if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        {
          editor->dirty = FALSE;
          fcrm_item_card_refresh (self);
        }
      else
        {
          show_field_error (self, field, error->message);
        }

      /* A switch or a drop-down has no pending text: show what is stored. */
      if (field_defs[field].edit == EDIT_SWITCH ||
          field_defs[field].edit == EDIT_USER ||
          field_defs[field].edit == EDIT_SOURCE)
        editor_show_text (self, field, editor->loaded);
      return FALSE;
    }

  editor->dirty = FALSE;
  clear_field_error (self, field);
  fcrm_item_card_refresh (self);
  follow_own_write (self, expected);

  return TRUE;
}

static Field
field_of (gpointer widget)
{
  return (Field) GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "fcrm-field"));
}

static void
entry_row_changed_cb (FcrmItemCard *self,
                      GtkEditable  *row)
{
  Field field = field_of (row);

  if (self->loading > 0)
    return;
  clear_field_error (self, field);
  editor_update_dirty (self, field);
}

static void
entry_row_apply_cb (FcrmItemCard *self,
                    AdwEntryRow  *row)
{
  editor_apply (self, field_of (row));
}

static void
entry_row_activated_cb (FcrmItemCard *self,
                        AdwEntryRow  *row)
{
  /* Enter after a refused value, with nothing retyped: try again. */
  if (self->editors[field_of (row)].dirty)
    editor_apply (self, field_of (row));
}

static void
text_buffer_changed_cb (FcrmItemCard  *self,
                        GtkTextBuffer *buffer)
{
  Field field = field_of (buffer);

  if (self->loading > 0)
    return;
  clear_field_error (self, field);
  editor_update_dirty (self, field);
}

static void
text_save_clicked_cb (FcrmItemCard *self,
                      GtkButton    *button)
{
  editor_apply (self, field_of (button));
}

static void
text_revert_clicked_cb (FcrmItemCard *self,
                        GtkButton    *button)
{
  Field field = field_of (button);

  editor_revert (self, field);
  gtk_widget_grab_focus (GTK_WIDGET (self->editors[field].text_view));
}

static void
switch_active_cb (FcrmItemCard *self,
                  GParamSpec   *pspec,
                  GtkSwitch    *toggle)
{
  Field field = field_of (toggle);

  if (self->loading > 0)
    return;
  editor_update_dirty (self, field);
  editor_apply (self, field);
}

static void
combo_selected_cb (FcrmItemCard *self,
                   GParamSpec   *pspec,
                   AdwComboRow  *row)
{
  Field field = field_of (row);

  if (self->loading > 0)
    return;
  clear_field_error (self, field);
  editor_update_dirty (self, field);
  editor_apply (self, field);
}

static gboolean
revert_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (gtk_widget_get_root (widget));
  Field field = field_of (widget);

  if (!self->editors[field].dirty && self->error_field[field_defs[field].group] != (int) field)
    return FALSE;   /* nothing to revert: let Escape do whatever else it does */
  editor_revert (self, field);
  return TRUE;
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (gtk_widget_get_root (widget));

  editor_apply (self, field_of (widget));
  return TRUE;
}

/* @capture: before the widget itself sees the key (a text view would
 * take Ctrl+Enter for a new line). */
static void
add_shortcut (GtkWidget       *widget,
              const char      *trigger,
              GtkShortcutFunc  callback,
              gboolean         capture)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  if (capture)
    gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_callback_action_new (callback, NULL, NULL)));
  gtk_widget_add_controller (widget, controller);
}

static void
tag_field (gpointer object,
           Field    field)
{
  g_object_set_data (G_OBJECT (object), "fcrm-field", GUINT_TO_POINTER (field));
}

static const char *
hint_text (Hint hint)
{
  switch (hint)
    {
    case HINT_MONEY:
      /* Translators: the currency after the budget entry of a card */
      return _("₽");
    case HINT_DATE:
      /* Translators: the format hint beside a date entry of a card; the
       * program reads digits in this order whatever the language */
      return _("YYYY-MM-DD");
    case HINT_TIME:
      /* Translators: the format hint beside a date-and-time entry of a card */
      return _("YYYY-MM-DD HH:MM");
    case HINT_NONE:
    case HINT_PHONE:
    case HINT_EMAIL:
    default:
      return NULL;
    }
}

static const char *
hint_tooltip (Hint hint)
{
  switch (hint)
    {
    case HINT_MONEY:
      return _("An amount like 250000, 250 000,50 or 250000.50; empty for none. Enter saves, Escape reverts.");
    case HINT_DATE:
      return _("A date like 2026-03-15; empty for none. Enter saves, Escape reverts.");
    case HINT_TIME:
      return _("A date and time like 2026-03-15 14:30; empty for none. Enter saves, Escape reverts.");
    case HINT_PHONE:
      return _("A phone number like +7 912 345-67-89. Enter saves, Escape reverts.");
    case HINT_EMAIL:
      return _("An e-mail address like name@example.com. Enter saves, Escape reverts.");
    case HINT_NONE:
    default:
      return _("Enter saves, Escape reverts.");
    }
}

static GtkWidget *
line_editor_new (FcrmItemCard *self,
                 Field         field)
{
  GtkWidget *row = adw_entry_row_new ();
  Hint hint = field_defs[field].hint;
  const char *suffix = hint_text (hint);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field_defs[field].title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, hint_tooltip (hint));
  if (hint == HINT_PHONE)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
  else if (hint == HINT_EMAIL)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
  else if (hint == HINT_MONEY)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);

  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, suffix,
                                      -1);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
    }

  tag_field (row, field);
  g_signal_connect_object (row, "changed", G_CALLBACK (entry_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "apply", G_CALLBACK (entry_row_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (entry_row_activated_cb), self, G_CONNECT_SWAPPED);
  add_shortcut (row, "Escape", revert_shortcut_cb, FALSE);

  return row;
}

static GtkWidget *
text_editor_new (FcrmItemCard *self,
                 Field         field)
{
  Editor *editor = &self->editors[field];
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_(field_defs[field].title));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *revert = gtk_button_new_with_mnemonic (_("_Revert"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field_defs[field].title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "item-card-text-editor");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 12);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_add_css_class (title, "caption");

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 64);
  gtk_widget_set_tooltip_text (view, _("Ctrl+Enter saves, Escape reverts."));
  gtk_widget_add_css_class (view, "item-card-text");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_visible (buttons, FALSE);
  gtk_widget_set_tooltip_text (revert, _("Discard the change (Escape)"));
  gtk_widget_set_tooltip_text (save, _("Save the change (Ctrl+Enter)"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), revert);
  gtk_box_append (GTK_BOX (buttons), save);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  tag_field (view, field);
  tag_field (buffer, field);
  tag_field (save, field);
  tag_field (revert, field);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (text_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (save, "clicked", G_CALLBACK (text_save_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (revert, "clicked", G_CALLBACK (text_revert_clicked_cb), self, G_CONNECT_SWAPPED);
  add_shortcut (view, "Escape", revert_shortcut_cb, FALSE);
  add_shortcut (view, "<Control>Return|<Control>KP_Enter", save_shortcut_cb, TRUE);

  editor->text_view = GTK_TEXT_VIEW (view);
  editor->text_buttons = buttons;
  return row;
}

static GtkWidget *
switch_editor_new (FcrmItemCard *self,
                   Field         field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field_defs[field].title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(field_defs[field].title),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  tag_field (toggle, field);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (switch_active_cb), self, G_CONNECT_SWAPPED);

  self->editors[field].toggle = GTK_SWITCH (toggle);
  return row;
}

static GtkWidget *
combo_editor_new (FcrmItemCard *self,
                  Field         field)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field_defs[field].title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_combo_row_set_expression (ADW_COMBO_ROW (row),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  self->editors[field].codes = g_ptr_array_new_with_free_func (g_free);

  if (field_defs[field].edit == EDIT_SOURCE)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (source_codes); i++)
        {
          gtk_string_list_append (names, fcrm_source_display_name (source_codes[i]));
          g_ptr_array_add (self->editors[field].codes, g_strdup (source_codes[i]));
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
    }

  tag_field (row, field);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (combo_selected_cb), self, G_CONNECT_SWAPPED);
  return row;
}

/* The responsible drop-down: nobody, then the active users, and the
 * current responsible even when no longer active, so the row tells the
 * truth. */
static void
update_user_choices (FcrmItemCard *self)
{
  Editor *editor = &self->editors[FIELD_RESPONSIBLE];
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (self->crm, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  gboolean same = TRUE;

  gtk_string_list_append (names, _("Unassigned"));
  g_ptr_array_add (codes, g_strdup (""));
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);
      const char *name = nonempty (user->name) ? user->name : user->login;

      if (user->active)
        gtk_string_list_append (names, name);
      else if (self->item != NULL && g_strcmp0 (user->login, self->item->responsible_login) == 0)
        {
          /* Translators: a user in the responsible drop-down who has left */
          g_autofree char *former = g_strdup_printf (_("%s (no longer works here)"), name);
          gtk_string_list_append (names, former);
        }
      else
        continue;
      g_ptr_array_add (codes, g_strdup (user->login));
    }

  /* Rebuilding an open drop-down would close it: only when it changed. */
  if (codes->len != editor->codes->len)
    same = FALSE;
  for (guint i = 0; same && i < codes->len; i++)
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (editor->row));
      const char *shown = model != NULL && i < g_list_model_get_n_items (model)
                          ? gtk_string_list_get_string (GTK_STRING_LIST (model), i) : NULL;

      same = g_str_equal (g_ptr_array_index (codes, i), g_ptr_array_index (editor->codes, i)) &&
             g_strcmp0 (shown, gtk_string_list_get_string (names, i)) == 0;
    }
  if (same)
    return;

  self->loading++;
  g_ptr_array_set_size (editor->codes, 0);
  for (guint i = 0; i < codes->len; i++)
    g_ptr_array_add (editor->codes, g_strdup (g_ptr_array_index (codes, i)));
  adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (names));
  self->loading--;
}

static void
open_linked (FcrmItemCard   *self,
             FcrmEntityType  type,
             gint64          id)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* Cards belong to the main window, not to each other. */
  fcrm_item_card_present (parent != NULL ? parent : GTK_WINDOW (self), self->crm, type, id);
}

static void
origin_lead_clicked_cb (FcrmItemCard *self)
{
  if (self->item != NULL && self->item->lead_id > 0)
    open_linked (self, FCRM_ENTITY_LEAD, self->item->lead_id);
}

static void
deal_clicked_cb (FcrmItemCard *self)
{
  if (self->item != NULL && self->item->deal_id > 0)
    open_linked (self, FCRM_ENTITY_DEAL, self->item->deal_id);
}

/* A field row whose value names another item, with a button opening it. */
static GtkWidget *
link_row_new (FcrmItemCard  *self,
              const char    *title,
              const char    *tooltip,
              GCallback      callback,
              GtkLabel     **out_value,
              GtkWidget    **out_button)
{
  GtkWidget *row = field_row_new (title, out_value);
  GtkWidget *button = gtk_button_new_with_label (_("Open"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), button);

  *out_button = button;
  return row;
}

static void
build_field_rows (FcrmItemCard *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *row = NULL;

      if (i == FIELD_CREATED)
        {
          self->origin_lead_row = link_row_new (self, _("Origin lead"),
                                                _("Open the lead this deal came from"),
                                                G_CALLBACK (origin_lead_clicked_cb),
                                                &self->origin_lead_value,
                                                &self->origin_lead_button);
          adw_preferences_group_add (self->additional_group, self->origin_lead_row);
          self->deal_row = link_row_new (self, _("Converted deal"),
                                         _("Open the deal this lead became"),
                                         G_CALLBACK (deal_clicked_cb),
                                         &self->deal_value,
                                         &self->deal_button);
          adw_preferences_group_add (self->additional_group, self->deal_row);
        }

      switch (field_defs[i].edit)
        {
        case EDIT_NONE:
          row = field_row_new (_(field_defs[i].title), &self->field_values[i]);
          break;
        case EDIT_LINE:
          row = line_editor_new (self, i);
          break;
        case EDIT_TEXT:
          row = text_editor_new (self, i);
          break;
        case EDIT_SWITCH:
          row = switch_editor_new (self, i);
          break;
        case EDIT_USER:
        case EDIT_SOURCE:
          row = combo_editor_new (self, i);
          break;
        default:
          g_assert_not_reached ();
        }

      self->field_rows[i] = row;
      if (field_defs[i].edit != EDIT_NONE)
        self->editors[i].row = row;
      adw_preferences_group_add (group_of (self, field_defs[i].group), row);
    }
}

static void
update_link_row (GtkWidget      *row,
                 GtkLabel       *value,
                 GtkWidget      *button,
                 FcrmCrm        *crm,
                 FcrmEntityType  type,
                 gint64          id,
                 const char     *none)
{
  g_autoptr(FcrmItem) linked = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (row, TRUE);
  gtk_widget_set_visible (button, id > 0);
  if (id <= 0)
    {
      gtk_label_set_text (value, none);
      gtk_label_set_selectable (value, FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (value), "dim-label");
      return;
    }

  linked = type == FCRM_ENTITY_LEAD
           ? fcrm_crm_lead_get (crm, id, NULL)
           : fcrm_crm_deal_get (crm, id, NULL);
  if (type == FCRM_ENTITY_LEAD)
    text = linked != NULL && nonempty (linked->title)
           ? g_strdup_printf (_("Lead #%" PRId64 " · %s"), id, linked->title)
           : g_strdup_printf (_("Lead #%" PRId64), id);
  else
    text = linked != NULL && nonempty (linked->title)
           ? g_strdup_printf (_("Deal #%" PRId64 " · %s"), id, linked->title)
           : g_strdup_printf (_("Deal #%" PRId64), id);
  gtk_label_set_text (value, text);
  gtk_label_set_selectable (value, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (value), "dim-label");
}

/* Header and tabs */

static void
update_header (FcrmItemCard *self)
{
  FcrmItem *item = self->item;
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, item->stage);
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, item->pipeline);
  GtkWidget *pill = GTK_WIDGET (self->stage_label);
  g_autofree char *number = NULL;
  const char *title = nonempty (item->title) ? item->title : _("Untitled");

  number = item->type == FCRM_ENTITY_LEAD
           ? g_strdup_printf (_("Lead #%" PRId64), item->id)
           : g_strdup_printf (_("Deal #%" PRId64), item->id);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, number);
  gtk_label_set_text (self->title_label, title);

  gtk_label_set_text (self->stage_label, fcrm_item_get_stage_name (item));
  gtk_widget_set_tooltip_text (pill, fcrm_item_get_stage_name (item));
  gtk_widget_remove_css_class (pill, "stage-success");
  gtk_widget_remove_css_class (pill, "stage-failure");
  if (stage != NULL && stage->kind == FCRM_STAGE_SUCCESS)
    gtk_widget_add_css_class (pill, "stage-success");
  else if (stage != NULL && stage->kind == FCRM_STAGE_FAILURE)
    gtk_widget_add_css_class (pill, "stage-failure");

  gtk_label_set_text (self->pipeline_label,
                      pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : "");
  gtk_widget_set_visible (self->returning_badge, item->returning);
}

static void
hide_field (FcrmItemCard *self,
            Field         field)
{
  /* A hidden editor keeps no pending change: it would be applied blind. */
  if (field_defs[field].edit != EDIT_NONE && self->editors[field].dirty)
    {
      self->editors[field].dirty = FALSE;
      clear_field_error (self, field);
    }
  gtk_widget_set_visible (self->field_rows[field], FALSE);
}

static void
update_fields (FcrmItemCard *self)
{
  FcrmItem *item = self->item;
  gboolean lead = item->type == FCRM_ENTITY_LEAD;
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, item->stage);
  gboolean lost;

  update_user_choices (self);

  /* Fields of the other kind of item are hidden; the rest read the item. */
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if ((field_defs[i].kinds == FOR_LEAD && !lead) ||
          (field_defs[i].kinds == FOR_DEAL && lead))
        {
          hide_field (self, i);
          continue;
        }
      if (field_defs[i].edit != EDIT_NONE && i != FIELD_LOSS_REASON_TEXT)
        editor_load (self, i);
    }

  /* About */
  set_field_full (self, FIELD_CLIENT, fcrm_item_get_client (item), _("No client"));
  if (!lead)
    set_field_full (self, FIELD_DEAL_COMPANY, item->company_name, _("No company"));

  /* Project: deals only */
  gtk_widget_set_visible (GTK_WIDGET (self->project_group), !lead);
  gtk_widget_set_visible (self->project_lead_label, lead);
  if (lead && item->deal_id > 0)
    {
      g_autofree char *converted =
        g_strdup_printf (_("This lead became deal #%" PRId64 ". Delivery, installation, design and measurements are on the deal’s card."),
                         item->deal_id);

      gtk_label_set_text (GTK_LABEL (self->project_lead_label), converted);
    }
  else if (lead)
    {
      gtk_label_set_text (GTK_LABEL (self->project_lead_label),
                          _("Delivery, installation, design and measurements are recorded on deals. They appear here once this lead becomes a deal."));
    }

  /* Additional */
  set_field (self, FIELD_STAGE, fcrm_item_get_stage_name (item));
  set_field_take (self, FIELD_STAGE_SINCE, format_date_time (item->stage_entered_at));

  if (lead)
    {
      gtk_widget_set_visible (self->origin_lead_row, FALSE);
      update_link_row (self->deal_row, self->deal_value, self->deal_button, self->crm,
                       FCRM_ENTITY_DEAL, item->deal_id, _("Not converted"));
    }
  else
    {
      gtk_widget_set_visible (self->deal_row, FALSE);
      update_link_row (self->origin_lead_row, self->origin_lead_value, self->origin_lead_button, self->crm,
                       FCRM_ENTITY_LEAD, item->lead_id, _("Created without a lead"));
    }

  set_field_take (self, FIELD_CREATED, format_date_time (item->created_at));
  set_field_take (self, FIELD_CHANGED, format_date_time (item->updated_at));

  if (!lead && item->closed_at != 0)
    set_field_take (self, FIELD_CLOSED, format_date_time (item->closed_at));
  else
    hide_field (self, FIELD_CLOSED);

  /* A loss reason only means something once a deal is lost; its text is
   * what the "Specify the reason" task asks for. */
  lost = !lead && (nonempty (item->loss_reason) ||
                   (stage != NULL && stage->kind == FCRM_STAGE_FAILURE));
  if (lost)
    {
      set_field (self, FIELD_LOSS_REASON,
                 nonempty (item->loss_reason) ? fcrm_loss_reason_display_name (item->loss_reason) : NULL);
      editor_load (self, FIELD_LOSS_REASON_TEXT);
    }
  else
    {
      hide_field (self, FIELD_LOSS_REASON);
      hide_field (self, FIELD_LOSS_REASON_TEXT);
    }
}

/* Tasks */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child too. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
set_task_error (FcrmItemCard *self,
                const char   *message)
{
  gtk_label_set_text (self->task_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->task_error_label), message != NULL);
}

static void
show_error (FcrmItemCard *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  /* A toast is one line and cuts a long message off: the whole of it also
   * stays under the tasks until the next attempt. */
  set_task_error (self, error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));  /* title is markup */
}

static void
task_toggled_cb (FcrmItemCard   *self,
                 GtkCheckButton *check)
{
  FcrmTask *task = g_object_get_data (G_OBJECT (check), "fcrm-task");
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FCRM_IS_TASK (task));

  if (!gtk_check_button_get_active (check) || task->done)
    return;

  set_task_error (self, NULL);
  if (!fcrm_crm_task_done (self->crm, task->id, &error))
    {
      /* The task is still open: untick it again. */
      g_signal_handlers_block_by_func (check, task_toggled_cb, self);
      gtk_check_button_set_active (check, FALSE);
      g_signal_handlers_unblock_by_func (check, task_toggled_cb, self);
      show_error (self, error);
    }
  /* On success the database's "changed" redraws the list. */
}

static gboolean
task_is_overdue (FcrmTask *task,
                 gint64    now)
{
  if (task->done || task->due_at == 0)
    return FALSE;

  /* A task due on a day is overdue from the next day on. */
  if (task->due_is_date)
    {
      g_autofree char *due_day = fcrm_time_format_date (task->due_at);
      g_autofree char *today = fcrm_time_format_date (now);

      return g_strcmp0 (due_day, today) < 0;
    }

  return task->due_at < now;
}

static GtkWidget *
task_row_new (FcrmItemCard *self,
              FcrmTask     *task,
              gint64        now)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *when = NULL;
  g_autofree char *due = NULL;
  g_autofree char *subtitle = NULL;
  const char *responsible = nonempty (task->responsible_name)
                            ? task->responsible_name
                            : _("Unassigned");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task->title);

  if (task->done)
    {
      when = format_date_time (task->done_at);
      due = when != NULL ? g_strdup_printf (_("Done on %s"), when) : g_strdup (_("Done"));
    }
  else if (task->due_at != 0)
    {
      when = task->due_is_date ? format_date (task->due_at) : format_date_time (task->due_at);
      due = g_strdup_printf (_("Due %s"), when);
    }
  else
    {
      due = g_strdup (_("No due date"));
    }
  subtitle = g_strdup_printf (_("%s · %s"), due, responsible);
  adw_action_row_set_subtitle (row, subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), task->done);
  gtk_widget_set_sensitive (check, !task->done);
  gtk_widget_set_tooltip_text (check, task->done ? _("Done") : _("Mark as done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, task->title,
                                  -1);
  g_object_set_data_full (G_OBJECT (check), "fcrm-task", g_object_ref (task), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (task_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (row, check);

  if (task->done)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "item-card-task-done");
    }
  else
    {
      adw_action_row_set_activatable_widget (row, check);
      if (task_is_overdue (task, now))
        {
          GtkWidget *overdue = gtk_label_new (_("Overdue"));

          gtk_widget_set_valign (overdue, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (overdue, "item-card-overdue");
          adw_action_row_add_suffix (row, overdue);
        }
    }

  return GTK_WIDGET (row);
}

static void
update_tasks (FcrmItemCard *self)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));

  clear_list (self->tasks_list);
  tasks = fcrm_crm_item_tasks (self->crm, self->type, self->id, &error);
  if (tasks == NULL)
    {
      g_warning ("Cannot read the tasks of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }

  /* Open tasks first (as the core sorts them), done ones dimmed below. */
  for (guint i = 0; i < tasks->len; i++)
    gtk_list_box_append (self->tasks_list, task_row_new (self, g_ptr_array_index (tasks, i), now));
}

/* Participants (deals only) */

static void
set_participant_error (FcrmItemCard *self,
                       const char   *message)
{
  gtk_label_set_text (self->participant_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->participant_error_label), message != NULL);
}

/* After adding or removing someone, as read at version @before. */
static void
participants_written (FcrmItemCard *self,
                      gboolean      ok,
                      const GError *error,
                      gint64        before)
{
  if (!ok)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      /* The whole message stays under the group; the toast is where the user looks. */
      set_participant_error (self, error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));  /* title is markup */
      /* the deal may be gone, or someone may have left meanwhile */
      if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND) ||
          g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
        fcrm_item_card_refresh (self);
      return;
    }

  set_participant_error (self, NULL);
  fcrm_item_card_refresh (self);
  follow_own_write (self, before);
}

static void
participant_remove_clicked_cb (FcrmItemCard *self,
                               GtkButton    *button)
{
  g_autofree char *login = g_strdup (g_object_get_data (G_OBJECT (button), "fcrm-login"));
  g_autoptr(GError) error = NULL;
  gint64 before;
  gboolean ok;

  if (self->item == NULL || login == NULL)
    return;
  before = self->item->version;
  ok = fcrm_crm_deal_remove_participant (self->crm, self->id, login, &error);
  participants_written (self, ok, error, before);
}

static void
participant_add_clicked_cb (FcrmItemCard *self)
{
  guint selected = adw_combo_row_get_selected (self->participant_combo);
  g_autofree char *login = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;
  gboolean ok;

  if (self->item == NULL || self->candidates == NULL || selected >= self->candidates->len)
    return;
  /* the refresh rebuilds the choices */
  login = g_strdup (g_ptr_array_index (self->candidates, selected));
  before = self->item->version;
  ok = fcrm_crm_deal_add_participant (self->crm, self->id, login, &error);
  participants_written (self, ok, error, before);
}

static void
participant_selected_cb (FcrmItemCard *self)
{
  /* The message was about another choice. */
  if (self->loading == 0)
    set_participant_error (self, NULL);
}

static GtkWidget *
participant_row_new (FcrmItemCard *self,
                     FcrmUser     *user)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  const char *name = nonempty (user->name) ? user->name : user->login;
  const char *role = fcrm_role_display_name (user->role);
  GtkWidget *avatar = adw_avatar_new (32, name, TRUE);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* someone who left still took part: the row says so */
  subtitle = user->active ? g_strdup (role) : g_strdup_printf (_("%s (no longer works here)"), role);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (avatar), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  adw_action_row_add_prefix (row, avatar);

  /* Translators: tooltip of the button taking a person off a deal's participants; %s is their name */
  tooltip = g_strdup_printf (_("Remove %s"), name);
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "fcrm-login", g_strdup (user->login), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (participant_remove_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (row, remove);

  return GTK_WIDGET (row);
}

/* The "Add participant" choices: the active users not taking part yet. An
 * open drop-down would close on a new model: replaced only when they changed. */
static void
update_participant_choices (FcrmItemCard *self,
                            GHashTable   *taking_part)
{
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (self->crm, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  GListModel *shown = adw_combo_row_get_model (self->participant_combo);
  gboolean same;

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (!user->active || g_hash_table_contains (taking_part, user->login))
        continue;
      gtk_string_list_append (names, nonempty (user->name) ? user->name : user->login);
      g_ptr_array_add (codes, g_strdup (user->login));
    }

  same = self->candidates != NULL && shown != NULL &&
         codes->len == self->candidates->len && codes->len == g_list_model_get_n_items (shown);
  for (guint i = 0; same && i < codes->len; i++)
    same = g_str_equal (g_ptr_array_index (codes, i), g_ptr_array_index (self->candidates, i)) &&
           g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (shown), i),
                      gtk_string_list_get_string (names, i)) == 0;

  if (!same)
    {
      guint selected = adw_combo_row_get_selected (self->participant_combo);
      g_autofree char *chosen = self->candidates != NULL && selected < self->candidates->len
                                ? g_strdup (g_ptr_array_index (self->candidates, selected)) : NULL;

      self->loading++;
      g_clear_pointer (&self->candidates, g_ptr_array_unref);
      self->candidates = g_steal_pointer (&codes);
      adw_combo_row_set_model (self->participant_combo, G_LIST_MODEL (names));
      /* the same person stays chosen, if still there */
      for (guint i = 0; chosen != NULL && i < self->candidates->len; i++)
        if (g_str_equal (g_ptr_array_index (self->candidates, i), chosen))
          adw_combo_row_set_selected (self->participant_combo, i);
      self->loading--;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->participant_combo), self->candidates->len > 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->participant_combo),
                               self->candidates->len > 0 ? NULL : _("Every active user takes part already"));
}

static void
update_participants (FcrmItemCard *self)
{
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GHashTable) taking_part = NULL;
  g_autoptr(GError) error = NULL;
  gboolean deal = self->item->type == FCRM_ENTITY_DEAL;

  clear_list (self->participants_list);
  gtk_widget_set_visible (GTK_WIDGET (self->participants_list), deal);
  gtk_widget_set_visible (self->participant_add_list, deal);
  if (!deal)
    {
      adw_preferences_group_set_description (self->participants_group,
                                             _("People take part in deals. Participants can be added once this lead becomes a deal."));
      set_participant_error (self, NULL);
      return;
    }
  adw_preferences_group_set_description (self->participants_group,
                                         _("People working on this deal besides the responsible. A designer taking part "
                                           "sees the deal on the office server even outside the Design pipeline."));

  participants = fcrm_crm_deal_participants (self->crm, self->id, &error);
  if (participants == NULL)
    {
      g_warning ("Cannot read the participants of deal %" G_GINT64_FORMAT ": %s", self->id, error->message);
      return;
    }
  taking_part = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < participants->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (participants, i);

      gtk_list_box_append (self->participants_list, participant_row_new (self, user));
      g_hash_table_add (taking_part, user->login);
    }
  update_participant_choices (self, taking_part);
}

/* Comments */

static void
set_comment_error (FcrmItemCard *self,
                   const char   *message)
{
  gtk_label_set_text (self->comment_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->comment_error_label), message != NULL);
}

static char *
comment_author (FcrmComment *comment)
{
  if (nonempty (comment->user_name) != NULL)
    return g_strdup (comment->user_name);
  if (nonempty (comment->user_login) != NULL)
    return g_strdup (comment->user_login);
  /* Translators: the author of a comment written without a user (from the command line) */
  return g_strdup (_("Unknown author"));
}

static GtkWidget *
comment_row_new (FcrmComment *comment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *author = comment_author (comment);
  g_autofree char *when = format_date_time (comment->created_at);
  GtkWidget *author_label = gtk_label_new (author);
  GtkWidget *when_label = gtk_label_new (when != NULL ? when : "");
  GtkWidget *text_label = gtk_label_new (comment->text);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (author_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (author_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (author_label, "heading");
  gtk_widget_set_hexpand (author_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (when_label), 1);
  gtk_widget_add_css_class (when_label, "dim-label");
  gtk_widget_add_css_class (when_label, "caption");
  gtk_box_append (GTK_BOX (header), author_label);
  gtk_box_append (GTK_BOX (header), when_label);

  gtk_label_set_xalign (GTK_LABEL (text_label), 0);
  gtk_label_set_wrap (GTK_LABEL (text_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text_label), TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), text_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
update_comments (FcrmItemCard *self)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->comments_list);
  comments = fcrm_crm_comments (self->crm, self->type, self->id, &error);
  if (comments == NULL)
    {
      g_warning ("Cannot read the comments of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }
  for (guint i = 0; i < comments->len; i++)
    gtk_list_box_append (self->comments_list, comment_row_new (g_ptr_array_index (comments, i)));
}

static void
comment_add_clicked_cb (FcrmItemCard *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  g_autoptr(FcrmComment) comment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  gint64 before;

  if (self->item == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  before = self->item->version;
  comment = fcrm_crm_comment_add (self->crm, self->type, self->id, text, &error);
  if (comment == NULL)
    {
      /* What was typed stays, to be fixed. */
      set_comment_error (self, error->message);
      if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        fcrm_item_card_refresh (self);
      return;
    }

  gtk_text_buffer_set_text (buffer, "", -1);
  set_comment_error (self, NULL);
  fcrm_item_card_refresh (self);
  follow_own_write (self, before);
}

static void
comment_buffer_changed_cb (FcrmItemCard  *self,
                           GtkTextBuffer *buffer)
{
  /* The hint stands in for an empty box; the message was about the old text. */
  gtk_widget_set_visible (self->comment_hint, gtk_text_buffer_get_char_count (buffer) == 0);
  set_comment_error (self, NULL);
}

static gboolean
comment_key_pressed_cb (FcrmItemCard    *self,
                        guint            keyval,
                        guint            keycode,
                        GdkModifierType  state,
                        GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_CONTROL_MASK) != 0)
    {
      comment_add_clicked_cb (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Timeline */

typedef struct
{
  gint64   when;
  int      order;        /* same second: comments (2), notifications (1), stage entries (0) */
  gint64   seq;          /* then the later written first */
  char    *title;
  GString *recipients;   /* notifications: names, comma-separated */
  char    *author;       /* comments: who wrote it; title is the text */
  char    *key;
} TimelineEntry;

static void
timeline_entry_free (gpointer data)
{
  TimelineEntry *entry = data;

  g_free (entry->title);
  g_free (entry->author);
  if (entry->recipients != NULL)
    g_string_free (entry->recipients, TRUE);
  g_free (entry->key);
  g_free (entry);
}

static int
timeline_entry_compare (gconstpointer a,
                        gconstpointer b)
{
  const TimelineEntry *ea = *(TimelineEntry * const *) a;
  const TimelineEntry *eb = *(TimelineEntry * const *) b;

  /* newest first */
  if (ea->when != eb->when)
    return ea->when < eb->when ? 1 : -1;
  if (ea->order != eb->order)
    return eb->order - ea->order;
  if (ea->seq != eb->seq)
    return ea->seq < eb->seq ? 1 : -1;
  return 0;
}

static GHashTable *
user_names (FcrmCrm *crm)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (crm, NULL);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      g_hash_table_insert (names, g_strdup (user->login),
                           g_strdup (nonempty (user->name) ? user->name : user->login));
    }

  return names;
}

static const char *
user_name (GHashTable *names,
           const char *login)
{
  const char *name;

  if (nonempty (login) == NULL)
    return NULL;
  name = g_hash_table_lookup (names, login);
  return name != NULL ? name : login;
}

static void
add_history (FcrmItemCard *self,
             GPtrArray    *entries,
             GHashTable   *names)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = fcrm_crm_history (self->crm, self->type, self->id, &error);
  if (history == NULL)
    {
      g_warning ("Cannot read the history of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }

  for (guint i = 0; i < history->len; i++)
    {
      FcrmHistoryEntry *h = g_ptr_array_index (history, i);
      FcrmStage *stage = fcrm_crm_get_stage (self->crm, h->stage);
      const char *stage_name = stage != NULL ? fcrm_stage_get_name (stage) : h->stage;
      const char *who = user_name (names, h->user_login);
      g_autofree char *when = format_date_time (h->entered_at);
      TimelineEntry *entry = g_new0 (TimelineEntry, 1);

      entry->when = h->entered_at;
      entry->order = 0;
      entry->seq = i;           /* the history comes oldest first */
      if (who != NULL)
        /* Translators: a stage change in a card's timeline: stage, date and time, user */
        entry->title = g_strdup_printf (_("Entered «%s» on %s by %s"), stage_name, when, who);
      else
        /* Translators: a stage change in a card's timeline: stage, date and time */
        entry->title = g_strdup_printf (_("Entered «%s» on %s"), stage_name, when);
      g_ptr_array_add (entries, entry);
    }
}

static void
add_notifications (FcrmItemCard *self,
                   GPtrArray    *entries,
                   GHashTable   *names)
{
  g_autoptr(GPtrArray) notifications = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;

  notifications = fcrm_crm_item_notifications (self->crm, self->type, self->id, &error);
  if (notifications == NULL)
    {
      g_warning ("Cannot read the notifications of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }

  /* One robot firing notifies several people with the same text: one
   * timeline line naming them all. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < notifications->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (notifications, i);
      const char *who = user_name (names, n->user_login);
      g_autofree char *key = NULL;
      TimelineEntry *entry;

      key = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", n->created_at, n->text ? n->text : "");
      entry = g_hash_table_lookup (seen, key);
      if (entry == NULL)
        {
          entry = g_new0 (TimelineEntry, 1);
          entry->when = n->created_at;
          entry->order = 1;
          entry->seq = n->id;
          entry->title = g_strdup (n->text ? n->text : "");
          entry->recipients = g_string_new (NULL);
          entry->key = g_steal_pointer (&key);
          g_hash_table_insert (seen, entry->key, entry);
          g_ptr_array_add (entries, entry);
        }
      if (who != NULL)
        {
          if (entry->recipients->len > 0)
            g_string_append (entry->recipients, ", ");
          g_string_append (entry->recipients, who);
        }
    }
}

static void
add_comments (FcrmItemCard *self,
              GPtrArray    *entries)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;

  comments = fcrm_crm_comments (self->crm, self->type, self->id, &error);
  if (comments == NULL)
    {
      g_warning ("Cannot read the comments of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }

  for (guint i = 0; i < comments->len; i++)
    {
      FcrmComment *c = g_ptr_array_index (comments, i);
      TimelineEntry *entry = g_new0 (TimelineEntry, 1);

      entry->when = c->created_at;
      entry->order = 2;
      entry->seq = c->id;
      entry->title = g_strdup (c->text);
      entry->author = comment_author (c);
      g_ptr_array_add (entries, entry);
    }
}

static GtkWidget *
timeline_row_new (TimelineEntry *entry)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  if (entry->recipients != NULL)
    {
      g_autofree char *when = format_date_time (entry->when);
      g_autofree char *subtitle = NULL;

      if (entry->recipients->len > 0)
        /* Translators: under a robot notification in a card's timeline: date and time, recipients */
        subtitle = g_strdup_printf (_("%s · to %s"), when, entry->recipients->str);
      else
        subtitle = g_strdup (when);
      adw_action_row_set_subtitle (row, subtitle);
      icon = gtk_image_new_from_icon_name ("preferences-system-notifications-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Robot notification"));
    }
  else if (entry->author != NULL)
    {
      g_autofree char *when = format_date_time (entry->when);
      g_autofree char *subtitle = NULL;

      /* Translators: under a comment in a card's timeline: date and time, author */
      subtitle = g_strdup_printf (_("%s · comment by %s"), when, entry->author);
      adw_action_row_set_subtitle (row, subtitle);
      /* a long comment is read in full on the General tab */
      adw_action_row_set_title_lines (row, 3);
      icon = gtk_image_new_from_icon_name ("user-available-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Comment"));
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("go-jump-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Stage change"));
    }

  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (row, icon);

  return GTK_WIDGET (row);
}

static void
update_timeline (FcrmItemCard *self)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (timeline_entry_free);
  g_autoptr(GHashTable) names = user_names (self->crm);

  clear_list (self->timeline_list);
  add_history (self, entries, names);
  add_notifications (self, entries, names);
  add_comments (self, entries);
  g_ptr_array_sort (entries, timeline_entry_compare);

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->timeline_list, timeline_row_new (g_ptr_array_index (entries, i)));
}

/* Reading the item */

static void
show_gone (FcrmItemCard *self,
           const GError *error)
{
  g_clear_object (&self->item);
  /* Nothing left to write the edits to. */
  discard_edits (self);

  if (error != NULL && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
    {
      adw_status_page_set_title (self->gone_page, _("This item cannot be shown"));
      adw_status_page_set_description (self->gone_page, error->message);
    }

  /* No tabs without an item, neither on top nor at the bottom. */
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  if (gtk_window_get_title (GTK_WINDOW (self)) == NULL)
    gtk_window_set_title (GTK_WINDOW (self), adw_status_page_get_title (self->gone_page));
  gtk_stack_set_visible_child_name (self->main_stack, "gone");
}

static void
fcrm_item_card_refresh (FcrmItemCard *self)
{
  g_autoptr(FcrmItem) item = NULL;
  g_autoptr(GError) error = NULL;

  item = self->type == FCRM_ENTITY_LEAD
         ? fcrm_crm_lead_get (self->crm, self->id, &error)
         : fcrm_crm_deal_get (self->crm, self->id, &error);
  if (item == NULL)
    {
      show_gone (self, error);
      return;
    }

  g_set_object (&self->item, item);
  update_header (self);
  update_fields (self);
  update_participants (self);
  update_comments (self);
  update_tasks (self);
  update_timeline (self);
  fcrm_attachments_view_refresh (self->attachments_view);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "card");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FcrmItemCard *self = user_data;

  self->refresh_id = 0;
  fcrm_item_card_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmItemCard *self)
{
  /* A change may come from inside one of our own handlers (a ticked task):
   * rebuild once that is over, and once for a burst of changes. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
is_active_cb (FcrmItemCard *self,
              GParamSpec   *pspec,
              gpointer      user_data)
{
  g_autoptr(FcrmItem) item = NULL;

  if (!gtk_window_is_active (GTK_WINDOW (self)) || self->item == NULL)
    return;

  /* Another program's writes send no "changed": coming back to the card,
   * show them if the item moved on. Fields being edited keep the user's
   * text, and applying it will still find the conflict. */
  item = self->type == FCRM_ENTITY_LEAD
         ? fcrm_crm_lead_get (self->crm, self->id, NULL)
         : fcrm_crm_deal_get (self->crm, self->id, NULL);
  if (item == NULL || item->version != self->item->version)
    crm_changed_cb (self);
}

/* Adding a task */

static void
task_add_clicked_cb (FcrmItemCard *self)
{
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *due = NULL;

  if (self->item == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->task_title_entry))));
  due = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->task_due_entry))));

  task = fcrm_crm_task_add (self->crm, title, NULL,
                            *due != '\0' ? due : NULL,
                            NULL, self->type, self->id, &error);
  if (task == NULL)
    {
      /* The core's message says what to fix; the typed text stays. */
      set_task_error (self, error->message);
      gtk_widget_grab_focus (*title == '\0' || error->code != FCRM_ERROR_INVALID_INPUT
                             ? GTK_WIDGET (self->task_title_entry)
                             : (*due != '\0' ? GTK_WIDGET (self->task_due_entry)
                                             : GTK_WIDGET (self->task_title_entry)));
      return;
    }

  set_task_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->task_title_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->task_due_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->task_title_entry));
}

static void
task_entry_activate_cb (FcrmItemCard *self)
{
  task_add_clicked_cb (self);
}

static void
task_entry_changed_cb (FcrmItemCard *self)
{
  /* The message was about the old text. */
  set_task_error (self, NULL);
}

/* GObject */

static GtkWidget *
first_focusable (GtkWidget *widget)
{
  if (gtk_widget_get_focusable (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_focusable (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
fcrm_item_card_constructed (GObject *object)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);
  GtkWidget *focus;

  G_OBJECT_CLASS (fcrm_item_card_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  build_field_rows (self);
  self->attachments_view = FCRM_ATTACHMENTS_VIEW (fcrm_attachments_view_new (self->crm, self->type, self->id));
  adw_bin_set_child (self->attachments_bin, GTK_WIDGET (self->attachments_view));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (comment_key_pressed_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->comment_view), keys);
    g_signal_connect_object (gtk_text_view_get_buffer (self->comment_view), "changed",
                             G_CALLBACK (comment_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  }
  g_signal_connect_object (self->crm, "changed",
                           G_CALLBACK (crm_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);
  fcrm_item_card_refresh (self);

  /* Left alone, the window focuses its first selectable label, which
   * selects all of it: start on the tabs instead. */
  focus = first_focusable (GTK_WIDGET (self->switcher_title));
  if (focus != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), focus);
}

/* A message dialog of the card goes with it. A dialog still held by its
 * own response signal outlives the card, and must not point at it then. */
static void
close_dialog (GtkWidget **dialog_ptr)
{
  GtkWidget *dialog = *dialog_ptr;

  if (dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) dialog_ptr);
  *dialog_ptr = NULL;
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
discard_response_cb (FcrmItemCard     *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      discard_edits (self);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
fcrm_item_card_close_request (GtkWindow *window)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (window);
  g_autoptr(GString) fields = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!any_dirty (self))
    return GTK_WINDOW_CLASS (fcrm_item_card_parent_class)->close_request (window);
  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return TRUE;
    }

  fields = g_string_new (NULL);
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->editors[i].dirty)
      {
        if (fields->len > 0)
          /* Translators: between field names in "Changes to … have not been saved" */
          g_string_append (fields, _(", "));
        g_string_append_printf (fields, _("“%s”"), _(field_defs[i].title));
      }

  /* Translators: %s is one or more quoted field names of a card */
  body = g_strdup_printf (_("Changes to %s have not been saved."), fields->str);
  dialog = adw_message_dialog_new (window, _("Discard Unsaved Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
  self->discard_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->discard_dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
fcrm_item_card_dispose (GObject *object)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  close_dialog (&self->conflict_dialog);
  close_dialog (&self->discard_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_ITEM_CARD);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_clear_pointer (&self->editors[i].loaded, g_free);
      g_clear_pointer (&self->editors[i].codes, g_ptr_array_unref);
    }
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_item_card_parent_class)->dispose (object);
}

static void
fcrm_item_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_uint (value, self->type);
      break;

    case PROP_ITEM_ID:
      g_value_set_int64 (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_ITEM_TYPE:
      self->type = (FcrmEntityType) g_value_get_uint (value);
      break;

    case PROP_ITEM_ID:
      self->id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_card_class_init (FcrmItemCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_item_card_constructed;
  object_class->dispose = fcrm_item_card_dispose;
  object_class->get_property = fcrm_item_card_get_property;
  object_class->set_property = fcrm_item_card_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = fcrm_item_card_close_request;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FcrmEntityType has no GType: its value as a number. */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_uint ("item-type", NULL, NULL,
                       FCRM_ENTITY_LEAD, FCRM_ENTITY_DEAL, FCRM_ENTITY_LEAD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_ID] =
    g_param_spec_int64 ("item-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-item-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, stage_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, pipeline_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, returning_badge);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, about_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, about_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_lead_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, additional_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, additional_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, attachments_bin);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participants_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participants_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participant_add_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participant_combo);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participant_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, participant_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, comment_view);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, comment_hint);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, comment_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, comment_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, comments_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, tasks_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_title_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_due_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, gone_page);
  gtk_widget_class_bind_template_callback (widget_class, task_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, participant_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, participant_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
fcrm_item_card_init (FcrmItemCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_GROUPS; i++)
    self->error_field[i] = -1;

  gtk_list_box_set_placeholder (self->tasks_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("No tasks"),
                                              "css-classes", (const char *[]) { "dim-label", "item-card-placeholder", NULL },
                                              NULL));
  gtk_list_box_set_placeholder (self->participants_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("No participants yet"),
                                              "css-classes", (const char *[]) { "dim-label", "item-card-placeholder", NULL },
                                              NULL));
  gtk_list_box_set_placeholder (self->timeline_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("Nothing has happened yet"),
                                              "css-classes", (const char *[]) { "dim-label", "item-card-placeholder", NULL },
                                              NULL));
}

FcrmItemCard *
fcrm_item_card_find (FcrmCrm        *crm,
                     FcrmEntityType  type,
                     gint64          id)
{
  GListModel *toplevels;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FCRM_IS_ITEM_CARD (window))
        {
          FcrmItemCard *card = FCRM_ITEM_CARD (window);

          if (card->crm == crm && card->type == type && card->id == id)
            return card;
        }
    }

  return NULL;
}

void
fcrm_item_card_present (GtkWindow      *parent,
                        FcrmCrm        *crm,
                        FcrmEntityType  type,
                        gint64          id)
{
  FcrmItemCard *card;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (type == FCRM_ENTITY_LEAD || type == FCRM_ENTITY_DEAL);
  g_return_if_fail (id > 0);

  card = fcrm_item_card_find (crm, type, id);
  if (card == NULL)
    {
      card = g_object_new (FCRM_TYPE_ITEM_CARD,
                           "crm", crm,
                           "item-type", (guint) type,
                           "item-id", id,
                           NULL);
      if (parent != NULL)
        {
          GtkApplication *app = gtk_window_get_application (parent);

          gtk_window_set_transient_for (GTK_WINDOW (card), parent);
          if (app != NULL)
            gtk_window_set_application (GTK_WINDOW (card), app);
        }
    }

  gtk_window_present (GTK_WINDOW (card));
}

FcrmEntityType
fcrm_item_card_get_item_type (FcrmItemCard *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_CARD (self), FCRM_ENTITY_LEAD);

  return self->type;
}

gint64
fcrm_item_card_get_item_id (FcrmItemCard *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_CARD (self), 0);

  return self->id;
}
