#define G_LOG_DOMAIN "fcrm-fields-group"

#include <glib/gi18n.h>

#include "fcrm-fields-group-private.h"
#include "fcrm-card-section.h"
#include "fcrm-error.h"
#include "fcrm-vocabulary.h"

typedef FcrmFieldsGroupRow Field;

typedef struct
{
  FcrmCrm    *crm;
  FcrmItem   *item;          /* NULL until set */
  FcrmCardData *data;        /* while showing a card loaded in one job, else NULL */
  GPtrArray  *fields;        /* of Field, by number */
  int         error_field;   /* the field the message is about, or -1 */
  guint       loading;       /* > 0 while the editors are being filled */

  /* template */
  GtkLabel   *error_label;
} FcrmFieldsGroupPrivate;

static void fcrm_fields_group_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_TYPE_WITH_CODE (FcrmFieldsGroup, fcrm_fields_group, ADW_TYPE_PREFERENCES_GROUP,
                         G_ADD_PRIVATE (FcrmFieldsGroup)
                         G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                fcrm_fields_group_card_section_init))

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->loaded);
  g_clear_pointer (&field->codes, g_ptr_array_unref);
  g_free (field);
}

static Field *
field_at (FcrmFieldsGroup *self,
          guint            n)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  g_assert (n < priv->fields->len);
  return g_ptr_array_index (priv->fields, n);
}

/* Errors of the editors: the row in the error colour, the core's message
 * under the group, until the row changes again. */

static GtkWidget *
error_target (Field *field)
{
  /* A text view's frame shows the colour; the row around it would not. */
  return field->text_view != NULL
         ? gtk_widget_get_parent (GTK_WIDGET (field->text_view))
         : field->row;
}

static void
clear_field_error (FcrmFieldsGroup *self,
                   guint            n)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  gtk_widget_remove_css_class (error_target (field_at (self, n)), "error");
  if (priv->error_field == (int) n)
    {
      priv->error_field = -1;
      gtk_label_set_text (priv->error_label, "");
      gtk_widget_set_visible (GTK_WIDGET (priv->error_label), FALSE);
    }
}

static void
show_field_error (FcrmFieldsGroup *self,
                  guint            n,
                  const char      *message)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  int previous = priv->error_field;

  if (previous >= 0 && previous != (int) n)
    gtk_widget_remove_css_class (error_target (field_at (self, previous)), "error");

  priv->error_field = n;
  gtk_widget_add_css_class (error_target (field_at (self, n)), "error");
  gtk_label_set_text (priv->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), TRUE);

  /* Said once, inline (issue 13: not a toast over it as well); the field
   * keeps the focus, so the scrolled card shows it and the message. */
  if (!gtk_widget_has_focus (error_target (field_at (self, n))))
    gtk_widget_grab_focus (error_target (field_at (self, n)));
}

/* Editors */

static char *
editor_get_text (Field *field)
{
  switch (field->def.edit)
    {
    case FCRM_FIELD_EDIT_LINE:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row)));

    case FCRM_FIELD_EDIT_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (field->text_view);
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }

    case FCRM_FIELD_EDIT_SWITCH:
      return g_strdup (gtk_switch_get_active (field->toggle) ? "yes" : "no");

    case FCRM_FIELD_EDIT_USER:
    case FCRM_FIELD_EDIT_SOURCE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

        if (field->codes == NULL || selected >= field->codes->len)
          return g_strdup (field->loaded ? field->loaded : "");
        return g_strdup (g_ptr_array_index (field->codes, selected));
      }

    case FCRM_FIELD_EDIT_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
editor_update_dirty (FcrmFieldsGroup *self,
                     guint            n)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  Field *field = field_at (self, n);
  g_autofree char *text = editor_get_text (field);
  gboolean dirty = g_strcmp0 (text, field->loaded != NULL ? field->loaded : "") != 0;

  /* The version the user's change is based on: what they saw when they
   * started typing. Applying it later checks nobody wrote in between. */
  if (dirty && !field->dirty && priv->item != NULL)
    field->base_version = priv->item->version;
  field->dirty = dirty;

  if (field->text_buttons != NULL)
    gtk_widget_set_visible (field->text_buttons, dirty);
}

/* Put @text into an editor without it counting as the user's change. */
static void
editor_show_text (FcrmFieldsGroup *self,
                  guint            n,
                  const char      *text)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  Field *field = field_at (self, n);

  priv->loading++;
  switch (field->def.edit)
    {
    case FCRM_FIELD_EDIT_LINE:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field->row)), text) != 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (field->row), text);
          gtk_editable_set_position (GTK_EDITABLE (field->row), -1);
        }
      /* Setting the text while focused reveals the apply button; there is
       * nothing to apply. */
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (field->row), FALSE);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (field->row), TRUE);
      break;

    case FCRM_FIELD_EDIT_TEXT:
      {
        g_autofree char *current = editor_get_text (field);

        if (g_strcmp0 (current, text) != 0)
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (field->text_view), text, -1);
      }
      break;

    case FCRM_FIELD_EDIT_SWITCH:
      gtk_switch_set_active (field->toggle, g_strcmp0 (text, "yes") == 0);
      break;

    case FCRM_FIELD_EDIT_USER:
    case FCRM_FIELD_EDIT_SOURCE:
      for (guint i = 0; field->codes != NULL && i < field->codes->len; i++)
        if (g_strcmp0 (g_ptr_array_index (field->codes, i), text) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), i);
            break;
          }
      break;

    case FCRM_FIELD_EDIT_NONE:
    default:
      g_assert_not_reached ();
    }
  priv->loading--;

  editor_update_dirty (self, n);
}

static void
editor_revert (FcrmFieldsGroup *self,
               guint            n)
{
  Field *field = field_at (self, n);

  clear_field_error (self, n);
  editor_show_text (self, n, field->loaded != NULL ? field->loaded : "");
}

/* Write one editor's value. TRUE when it was stored or there was nothing to
 * store; else @error says why, and the message is shown. */
static gboolean
editor_apply (FcrmFieldsGroup  *self,
              guint             n,
              GError          **error)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  Field *field = field_at (self, n);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  if (priv->item == NULL || priv->loading > 0)
    return TRUE;

  editor_update_dirty (self, n);
  if (!field->dirty)
    {
      clear_field_error (self, n);
      return TRUE;
    }

  value = editor_get_text (field);
  if (!FCRM_FIELDS_GROUP_GET_CLASS (self)->write (self, field->def.key, value, field->base_version, &local_error))
    {
      if (g_error_matches (local_error, FCRM_ERROR, FCRM_ERROR_CONFLICT))
        {
          /* Nothing was written: the edit stays for the user to decide. */
          clear_field_error (self, n);
          fcrm_card_section_conflict (FCRM_CARD_SECTION (self), _(field->def.title));
        }
      else if (g_error_matches (local_error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        {
          field->dirty = FALSE;
          fcrm_card_section_changed (FCRM_CARD_SECTION (self), FALSE);
        }
      else
        {
          show_field_error (self, n, local_error->message);
        }

      /* A switch or a drop-down has no pending text: show what is stored. */
      if (field->def.edit == FCRM_FIELD_EDIT_SWITCH ||
          field->def.edit == FCRM_FIELD_EDIT_USER ||
          field->def.edit == FCRM_FIELD_EDIT_SOURCE)
        editor_show_text (self, n, field->loaded);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  field->dirty = FALSE;
  clear_field_error (self, n);
  /* The card reads the new version, and lets the other pending changes follow it. */
  fcrm_card_section_changed (FCRM_CARD_SECTION (self), TRUE);

  return TRUE;
}

static guint
field_of (gpointer widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "fcrm-field"));
}

static void
tag_field (gpointer object,
           guint    n)
{
  g_object_set_data (G_OBJECT (object), "fcrm-field", GUINT_TO_POINTER (n));
}

/* An entry row's or a text buffer's "changed". */
static void
editor_changed_cb (FcrmFieldsGroup *self,
                   GObject         *source)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  if (priv->loading > 0)
    return;
  clear_field_error (self, field_of (source));
  editor_update_dirty (self, field_of (source));
}

/* An entry row's apply button, a text editor's Save. */
static void
editor_apply_cb (FcrmFieldsGroup *self,
                 GObject         *source)
{
  editor_apply (self, field_of (source), NULL);
}

static void
entry_row_activated_cb (FcrmFieldsGroup *self,
                        AdwEntryRow     *row)
{
  /* Enter after a refused value, with nothing retyped: try again. */
  if (field_at (self, field_of (row))->dirty)
    editor_apply (self, field_of (row), NULL);
}

static void
text_revert_clicked_cb (FcrmFieldsGroup *self,
                        GtkButton       *button)
{
  guint n = field_of (button);

  editor_revert (self, n);
  gtk_widget_grab_focus (GTK_WIDGET (field_at (self, n)->text_view));
}

static void
switch_active_cb (FcrmFieldsGroup *self,
                  GParamSpec      *pspec,
                  GtkSwitch       *toggle)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  if (priv->loading > 0)
    return;
  editor_update_dirty (self, field_of (toggle));
  editor_apply (self, field_of (toggle), NULL);
}

static void
combo_selected_cb (FcrmFieldsGroup *self,
                   GParamSpec      *pspec,
                   AdwComboRow     *row)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  guint n = field_of (row);

  if (priv->loading > 0)
    return;
  clear_field_error (self, n);
  editor_update_dirty (self, n);
  editor_apply (self, n, NULL);
}

static gboolean
revert_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  FcrmFieldsGroup *self = FCRM_FIELDS_GROUP (gtk_widget_get_ancestor (widget, FCRM_TYPE_FIELDS_GROUP));
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  guint n = field_of (widget);

  if (!field_at (self, n)->dirty && priv->error_field != (int) n)
    return FALSE;   /* nothing to revert: let Escape do whatever else it does */
  editor_revert (self, n);
  return TRUE;
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  FcrmFieldsGroup *self = FCRM_FIELDS_GROUP (gtk_widget_get_ancestor (widget, FCRM_TYPE_FIELDS_GROUP));

  editor_apply (self, field_of (widget), NULL);
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

/* The user drop-down: nobody, then the active users, and @current even
 * when no longer active, so the row tells the truth. */
static void
update_user_choices (FcrmFieldsGroup *self,
                     Field           *field,
                     const char      *current)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  g_autoptr(GPtrArray) users = priv->data != NULL && priv->data->users != NULL
                               ? g_ptr_array_ref (priv->data->users)
                               : fcrm_crm_list_users (priv->crm, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  /* a lead's responsible is a manager or a supervisor (core refuses others) */
  gboolean item_is_lead = priv->item != NULL && priv->item->type == FCRM_ENTITY_LEAD;
  gboolean same = TRUE;

  gtk_string_list_append (names, _("Unassigned"));
  g_ptr_array_add (codes, g_strdup (""));
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);
      const char *name = fcrm_card_nonempty (user->name) ? user->name : user->login;

      if (item_is_lead ? fcrm_user_may_hold_lead (user) : user->active)
        gtk_string_list_append (names, name);
      else if (g_strcmp0 (user->login, current) == 0)
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
  if (codes->len != field->codes->len)
    same = FALSE;
  for (guint i = 0; same && i < codes->len; i++)
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (field->row));
      const char *shown = model != NULL && i < g_list_model_get_n_items (model)
                          ? gtk_string_list_get_string (GTK_STRING_LIST (model), i) : NULL;

      same = g_str_equal (g_ptr_array_index (codes, i), g_ptr_array_index (field->codes, i)) &&
             g_strcmp0 (shown, gtk_string_list_get_string (names, i)) == 0;
    }
  if (same)
    return;

  priv->loading++;
  g_ptr_array_set_size (field->codes, 0);
  for (guint i = 0; i < codes->len; i++)
    g_ptr_array_add (field->codes, g_strdup (g_ptr_array_index (codes, i)));
  adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (names));
  priv->loading--;
}

/* Take @field, built, as the next row. */
static guint
add_row (FcrmFieldsGroup *self,
         Field           *field)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);
  guint n = priv->fields->len;

  tag_field (field->row, n);
  g_ptr_array_add (priv->fields, field);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), field->row);

  return n;
}

/* The editing of a row, by its kind. */
static void
connect_editor (FcrmFieldsGroup *self,
                Field           *field,
                guint            n)
{
  switch (field->def.edit)
    {
    case FCRM_FIELD_EDIT_NONE:
      break;

    case FCRM_FIELD_EDIT_LINE:
      g_signal_connect_object (field->row, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (field->row, "apply", G_CALLBACK (editor_apply_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (field->row, "entry-activated", G_CALLBACK (entry_row_activated_cb), self, G_CONNECT_SWAPPED);
      add_shortcut (field->row, "Escape", revert_shortcut_cb, FALSE);
      break;

    case FCRM_FIELD_EDIT_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (field->text_view);

        tag_field (field->text_view, n);
        tag_field (buffer, n);
        tag_field (field->text_save, n);
        tag_field (field->text_revert, n);
        g_signal_connect_object (buffer, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (field->text_save, "clicked", G_CALLBACK (editor_apply_cb), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (field->text_revert, "clicked", G_CALLBACK (text_revert_clicked_cb), self, G_CONNECT_SWAPPED);
        add_shortcut (GTK_WIDGET (field->text_view), "Escape", revert_shortcut_cb, FALSE);
        add_shortcut (GTK_WIDGET (field->text_view), "<Control>Return|<Control>KP_Enter", save_shortcut_cb, TRUE);
      }
      break;

    case FCRM_FIELD_EDIT_SWITCH:
      tag_field (field->toggle, n);
      g_signal_connect_object (field->toggle, "notify::active", G_CALLBACK (switch_active_cb), self, G_CONNECT_SWAPPED);
      break;

    case FCRM_FIELD_EDIT_USER:
    case FCRM_FIELD_EDIT_SOURCE:
      g_signal_connect_object (field->row, "notify::selected", G_CALLBACK (combo_selected_cb), self, G_CONNECT_SWAPPED);
      break;

    default:
      g_assert_not_reached ();
    }
}

guint
fcrm_fields_group_add_field (FcrmFieldsGroup    *self,
                             const FcrmFieldDef *def)
{
  FcrmFieldsGroupPrivate *priv;
  Field *field;

  g_return_val_if_fail (FCRM_IS_FIELDS_GROUP (self), 0);
  g_return_val_if_fail (def != NULL && def->title != NULL, 0);
  g_return_val_if_fail (def->edit == FCRM_FIELD_EDIT_NONE || def->key != NULL, 0);

  priv = fcrm_fields_group_get_instance_private (self);
  field = g_new0 (Field, 1);
  field->def = *def;
  fcrm_fields_group_row_build (field);
  connect_editor (self, field, priv->fields->len);

  return add_row (self, field);
}

guint
fcrm_fields_group_add_link (FcrmFieldsGroup *self,
                            const char      *title,
                            const char      *tooltip,
                            GCallback        clicked)
{
  Field *field;

  g_return_val_if_fail (FCRM_IS_FIELDS_GROUP (self), 0);
  g_return_val_if_fail (title != NULL && clicked != NULL, 0);

  field = g_new0 (Field, 1);
  fcrm_fields_group_row_build_link (field, title, tooltip);
  g_signal_connect_object (field->button, "clicked", clicked, self, G_CONNECT_SWAPPED);

  return add_row (self, field);
}

FcrmCrm *
fcrm_fields_group_get_crm (FcrmFieldsGroup *self)
{
  FcrmFieldsGroupPrivate *priv;

  g_return_val_if_fail (FCRM_IS_FIELDS_GROUP (self), NULL);

  priv = fcrm_fields_group_get_instance_private (self);
  return priv->crm;
}

FcrmCardData *
fcrm_fields_group_get_card_data (FcrmFieldsGroup *self)
{
  FcrmFieldsGroupPrivate *priv;

  g_return_val_if_fail (FCRM_IS_FIELDS_GROUP (self), NULL);

  priv = fcrm_fields_group_get_instance_private (self);
  return priv->data;
}

FcrmItem *
fcrm_fields_group_get_item (FcrmFieldsGroup *self)
{
  FcrmFieldsGroupPrivate *priv;

  g_return_val_if_fail (FCRM_IS_FIELDS_GROUP (self), NULL);

  priv = fcrm_fields_group_get_instance_private (self);
  return priv->item;
}

void
fcrm_fields_group_show_value (FcrmFieldsGroup *self,
                              guint            n,
                              const char      *text,
                              const char      *empty)
{
  Field *field;
  gboolean set = fcrm_card_nonempty (text) != NULL;

  g_return_if_fail (FCRM_IS_FIELDS_GROUP (self));

  field = field_at (self, n);
  g_return_if_fail (field->value != NULL);

  gtk_label_set_text (field->value, set ? text : (empty != NULL ? empty : _("Not set")));
  /* Select-all on focus would greet the reader with a highlighted
   * "Not set": only real values are selectable. */
  gtk_label_set_selectable (field->value, set);
  if (set)
    gtk_widget_remove_css_class (GTK_WIDGET (field->value), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (field->value), "dim-label");
  if (field->button != NULL)
    gtk_widget_set_visible (field->button, set);
  gtk_widget_set_visible (field->row, TRUE);
}

void
fcrm_fields_group_load (FcrmFieldsGroup *self,
                        guint            n,
                        const char      *text)
{
  Field *field;

  g_return_if_fail (FCRM_IS_FIELDS_GROUP (self));
  g_return_if_fail (text != NULL);

  field = field_at (self, n);
  g_return_if_fail (field->def.edit != FCRM_FIELD_EDIT_NONE);

  if (field->def.edit == FCRM_FIELD_EDIT_USER)
    update_user_choices (self, field, text);
  gtk_widget_set_visible (field->row, TRUE);
  if (field->dirty)
    return;

  g_free (field->loaded);
  field->loaded = g_strdup (text);
  editor_show_text (self, n, field->loaded);
}

void
fcrm_fields_group_hide (FcrmFieldsGroup *self,
                        guint            n)
{
  Field *field;

  g_return_if_fail (FCRM_IS_FIELDS_GROUP (self));

  field = field_at (self, n);
  /* A hidden editor keeps no pending change: it would be applied blind. */
  if (field->def.edit != FCRM_FIELD_EDIT_NONE && field->dirty)
    {
      field->dirty = FALSE;
      clear_field_error (self, n);
    }
  gtk_widget_set_visible (field->row, FALSE);
}

/* FcrmCardSection */

static void
fcrm_fields_group_set_item (FcrmCardSection *section,
                            FcrmCrm         *crm,
                            FcrmItem        *item)
{
  FcrmFieldsGroup *self = FCRM_FIELDS_GROUP (section);
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  g_set_object (&priv->crm, crm);
  g_set_object (&priv->item, item);
  FCRM_FIELDS_GROUP_GET_CLASS (self)->show (self);
}

static void
fcrm_fields_group_set_data (FcrmCardSection *section,
                            FcrmCrm         *crm,
                            FcrmCardData    *data)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (FCRM_FIELDS_GROUP (section));

  /* what show() needs beyond the item comes from @data, not the database */
  priv->data = data;
  fcrm_fields_group_set_item (section, crm, data->item);
  priv->data = NULL;
}

static void
fcrm_fields_group_list_changes (FcrmCardSection *section,
                                GPtrArray       *names)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (FCRM_FIELDS_GROUP (section));

  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      if (field->dirty)
        g_ptr_array_add (names, g_strdup (_(field->def.title)));
    }
}

static gboolean
fcrm_fields_group_apply (FcrmCardSection  *section,
                         GError          **error)
{
  FcrmFieldsGroup *self = FCRM_FIELDS_GROUP (section);
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  for (guint i = 0; i < priv->fields->len; i++)
    if (field_at (self, i)->dirty && !editor_apply (self, i, error))
      return FALSE;

  return TRUE;
}

static void
fcrm_fields_group_discard (FcrmCardSection *section)
{
  FcrmFieldsGroup *self = FCRM_FIELDS_GROUP (section);
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = field_at (self, i);

      if (field->def.edit == FCRM_FIELD_EDIT_NONE)
        continue;
      field->dirty = FALSE;
      if (field->text_buttons != NULL)
        gtk_widget_set_visible (field->text_buttons, FALSE);
      clear_field_error (self, i);
    }
}

static void
fcrm_fields_group_rebase (FcrmCardSection *section,
                          gint64           from_version,
                          gint64           to_version)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (FCRM_FIELDS_GROUP (section));

  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      if (field->dirty && field->base_version == from_version)
        field->base_version = to_version;
    }
}

static void
fcrm_fields_group_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_fields_group_set_item;
  iface->set_data = fcrm_fields_group_set_data;
  iface->list_changes = fcrm_fields_group_list_changes;
  iface->apply = fcrm_fields_group_apply;
  iface->discard = fcrm_fields_group_discard;
  iface->rebase = fcrm_fields_group_rebase;
}

/* GObject */

static void
fcrm_fields_group_dispose (GObject *object)
{
  FcrmFieldsGroup *self = FCRM_FIELDS_GROUP (object);
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  /* Not gtk_widget_dispose_template(): GTK 4.8's looks for the template on
   * the instance's own class, and a subclass has none ("template != NULL"
   * fails). The one template child is no child of ours but of the group's
   * box, which the group takes down itself: only forget it. */
  priv->error_label = NULL;
  g_clear_object (&priv->item);
  g_clear_object (&priv->crm);

  G_OBJECT_CLASS (fcrm_fields_group_parent_class)->dispose (object);
}

static void
fcrm_fields_group_finalize (GObject *object)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (FCRM_FIELDS_GROUP (object));

  g_clear_pointer (&priv->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_fields_group_parent_class)->finalize (object);
}

static void
fcrm_fields_group_class_init (FcrmFieldsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_fields_group_dispose;
  object_class->finalize = fcrm_fields_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-fields-group.ui");
  gtk_widget_class_bind_template_child_private (widget_class, FcrmFieldsGroup, error_label);
}

static void
fcrm_fields_group_init (FcrmFieldsGroup *self)
{
  FcrmFieldsGroupPrivate *priv = fcrm_fields_group_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  priv->fields = g_ptr_array_new_with_free_func (field_free);
  priv->error_field = -1;
}
