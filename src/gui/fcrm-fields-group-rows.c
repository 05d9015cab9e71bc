#define G_LOG_DOMAIN "fcrm-fields-group"

#include <locale.h>

#include <glib/gi18n.h>

#include "fcrm-fields-group-private.h"
#include "fcrm-clock.h"
#include "fcrm-date-button.h"
#include "fcrm-vocabulary.h"

/* The widgets of the rows of an FcrmFieldsGroup, one kind of row each: the
 * group connects their signals and does the editing. */

/* The sources a lead or deal can have, in menu order. */

/* Values in the form the core reads back: what an editor shows is what
 * applying it unchanged would store. */

char *
fcrm_fields_group_date_text (gint64 unix_seconds)
{
  return fcrm_time_format_local_date (unix_seconds);
}

char *
fcrm_fields_group_time_text (gint64 unix_seconds)
{
  return fcrm_time_format_local_time (unix_seconds);
}

char *
fcrm_fields_group_money_text (gint64 minor)
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

static const char *
hint_text (FcrmFieldHint hint)
{
  switch (hint)
    {
    case FCRM_FIELD_HINT_MONEY:
      /* Translators: the currency after the budget entry of a card */
      return _("₽");
    case FCRM_FIELD_HINT_DATE:
    case FCRM_FIELD_HINT_TIME:
      /* a calendar button instead */
    case FCRM_FIELD_HINT_NONE:
    case FCRM_FIELD_HINT_PHONE:
    case FCRM_FIELD_HINT_EMAIL:
    default:
      return NULL;
    }
}

static const char *
hint_tooltip (FcrmFieldHint hint)
{
  switch (hint)
    {
    case FCRM_FIELD_HINT_MONEY:
      return _("An amount like 250000, 250 000,50 or 250000.50; empty for none. Enter saves, Escape reverts.");
    case FCRM_FIELD_HINT_DATE:
      return _("A date like 15.03.2026, 2026-03-15 or “tomorrow”, or pick it in the calendar; empty for none. Enter saves, Escape reverts.");
    case FCRM_FIELD_HINT_TIME:
      return _("A date and time like 15.03.2026 14:30 or “tomorrow 10:00”, or pick the day in the calendar; empty for none. Enter saves, Escape reverts.");
    case FCRM_FIELD_HINT_PHONE:
      return _("A phone number like +7 912 345-67-89. Enter saves, Escape reverts.");
    case FCRM_FIELD_HINT_EMAIL:
      return _("An e-mail address like name@example.com. Enter saves, Escape reverts.");
    case FCRM_FIELD_HINT_NONE:
    default:
      return _("Enter saves, Escape reverts.");
    }
}

/* The kinds of row */

static GtkWidget *
value_row_new (const char  *title,
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

static void
emit_apply (AdwEntryRow *row)
{
  g_signal_emit_by_name (row, "apply");
}

static GtkWidget *
line_editor_new (FcrmFieldsGroupRow *field)
{
  GtkWidget *row = adw_entry_row_new ();
  FcrmFieldHint hint = field->def.hint;
  const char *suffix = hint_text (hint);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->def.title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, hint_tooltip (hint));
  if (hint == FCRM_FIELD_HINT_PHONE)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
  else if (hint == FCRM_FIELD_HINT_EMAIL)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
  else if (hint == FCRM_FIELD_HINT_MONEY)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);

  if (hint == FCRM_FIELD_HINT_DATE || hint == FCRM_FIELD_HINT_TIME)
    {
      GtkWidget *calendar = fcrm_date_button_new (GTK_EDITABLE (row), hint == FCRM_FIELD_HINT_TIME);

      /* A day picked for a date field is the whole value: save it at once. */
      if (hint == FCRM_FIELD_HINT_DATE)
        g_signal_connect_swapped (calendar, "picked", G_CALLBACK (emit_apply), row);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), calendar);
    }
  else if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, suffix,
                                      -1);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
    }

  return row;
}

static GtkWidget *
text_editor_new (FcrmFieldsGroupRow *field)
{
  const char *title = _(field->def.title);
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *revert = gtk_button_new_with_mnemonic (_("_Revert"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "item-card-text-editor");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 12);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_add_css_class (heading, "caption");

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
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                  -1);
  /* GTK 4.8 does not name a text view after the label that labels it */
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_visible (buttons, FALSE);
  gtk_widget_set_tooltip_text (revert, _("Discard the change (Escape)"));
  gtk_widget_set_tooltip_text (save, _("Save the change (Ctrl+Enter)"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), revert);
  gtk_box_append (GTK_BOX (buttons), save);

  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  field->text_view = GTK_TEXT_VIEW (view);
  field->text_buttons = buttons;
  field->text_revert = revert;
  field->text_save = save;
  return row;
}

static GtkWidget *
switch_editor_new (FcrmFieldsGroupRow *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->def.title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->def.title),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  field->toggle = GTK_SWITCH (toggle);
  return row;
}

static GtkWidget *
combo_editor_new (FcrmFieldsGroupRow *field)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->def.title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_combo_row_set_expression (ADW_COMBO_ROW (row),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  field->codes = g_ptr_array_new_with_free_func (g_free);

  if (field->def.edit == FCRM_FIELD_EDIT_SOURCE)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      const char * const *source_codes = fcrm_lead_sources ();

      for (guint i = 0; source_codes[i] != NULL; i++)
        {
          gtk_string_list_append (names, fcrm_source_display_name (source_codes[i]));
          g_ptr_array_add (field->codes, g_strdup (source_codes[i]));
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
    }

  return row;
}

void
fcrm_fields_group_row_build (FcrmFieldsGroupRow *field)
{
  g_return_if_fail (field != NULL && field->row == NULL);

  switch (field->def.edit)
    {
    case FCRM_FIELD_EDIT_NONE:
      field->row = value_row_new (_(field->def.title), &field->value);
      break;
    case FCRM_FIELD_EDIT_LINE:
      field->row = line_editor_new (field);
      break;
    case FCRM_FIELD_EDIT_TEXT:
      field->row = text_editor_new (field);
      break;
    case FCRM_FIELD_EDIT_SWITCH:
      field->row = switch_editor_new (field);
      break;
    case FCRM_FIELD_EDIT_USER:
    case FCRM_FIELD_EDIT_SOURCE:
      field->row = combo_editor_new (field);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
fcrm_fields_group_row_build_link (FcrmFieldsGroupRow *field,
                                  const char         *title,
                                  const char         *tooltip)
{
  g_return_if_fail (field != NULL && field->row == NULL);

  field->def.title = title;
  field->def.edit = FCRM_FIELD_EDIT_NONE;
  field->row = value_row_new (title, &field->value);
  field->button = gtk_button_new_with_label (_("Open"));
  gtk_widget_set_valign (field->button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (field->button, tooltip);
  gtk_widget_add_css_class (field->button, "flat");
  gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (field->row))), field->button);
}
