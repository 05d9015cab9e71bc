#define G_LOG_DOMAIN "fcrm-participants-section"

#include <glib/gi18n.h>

#include "fcrm-participants-section.h"
#include "fcrm-card-section.h"
#include "fcrm-error.h"

struct _FcrmParticipantsSection
{
  AdwPreferencesGroup  parent_instance;

  FcrmCrm             *crm;
  FcrmItem            *item;
  GPtrArray           *candidates;  /* logins of the "Add participant" drop-down, in its order */
  guint                loading;     /* > 0 while the drop-down is being filled */

  /* template */
  GtkListBox          *participants_list;
  GtkWidget           *participant_add_list;
  AdwComboRow         *participant_combo;
  GtkWidget           *participant_add_button;
  GtkLabel            *participant_error_label;
};

static void fcrm_participants_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmParticipantsSection, fcrm_participants_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_participants_section_card_section_init))

static void
set_error (FcrmParticipantsSection *self,
           const char              *message)
{
  gtk_label_set_text (self->participant_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->participant_error_label), message != NULL);
}

/* After adding or removing someone. */
static void
written (FcrmParticipantsSection *self,
         gboolean                 ok,
         const GError            *error)
{
  if (!ok)
    {
      /* The whole message stays under the group; the toast is where the user looks. */
      set_error (self, error->message);
      fcrm_card_section_toast (FCRM_CARD_SECTION (self), error->message);
      /* the deal may be gone, or someone may have left meanwhile */
      if (g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND) ||
          g_error_matches (error, FCRM_ERROR, FCRM_ERROR_REFUSED))
        fcrm_card_section_changed (FCRM_CARD_SECTION (self), FALSE);
      return;
    }

  set_error (self, NULL);
  fcrm_card_section_changed (FCRM_CARD_SECTION (self), TRUE);
}

static void
participant_remove_clicked_cb (FcrmParticipantsSection *self,
                               GtkButton               *button)
{
  g_autofree char *login = g_strdup (g_object_get_data (G_OBJECT (button), "fcrm-login"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->item == NULL || login == NULL)
    return;
  ok = fcrm_crm_deal_remove_participant (self->crm, self->item->id, login, &error);
  written (self, ok, error);
}

static void
participant_add_clicked_cb (FcrmParticipantsSection *self)
{
  guint selected = adw_combo_row_get_selected (self->participant_combo);
  g_autofree char *login = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->item == NULL || self->candidates == NULL || selected >= self->candidates->len)
    return;
  /* the refresh rebuilds the choices */
  login = g_strdup (g_ptr_array_index (self->candidates, selected));
  ok = fcrm_crm_deal_add_participant (self->crm, self->item->id, login, &error);
  written (self, ok, error);
}

static void
participant_selected_cb (FcrmParticipantsSection *self)
{
  /* The message was about another choice. */
  if (self->loading == 0)
    set_error (self, NULL);
}

static GtkWidget *
participant_row_new (FcrmParticipantsSection *self,
                     FcrmUser                *user)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  const char *name = fcrm_card_nonempty (user->name) ? user->name : user->login;
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
  /* anyone may take themselves off; others only who decides */
  {
    FcrmUser *actor = fcrm_crm_get_actor (self->crm);

    gtk_widget_set_sensitive (remove, self->item == NULL || fcrm_crm_may_change_participants (self->crm, self->item) ||
                                      (actor != NULL && actor->id == user->id));
  }

  return GTK_WIDGET (row);
}

/* The "Add participant" choices: the active users not taking part yet. An
 * open drop-down would close on a new model: replaced only when they changed. */
static void
update_choices (FcrmParticipantsSection *self,
                GHashTable              *taking_part,
                GPtrArray               *users)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  GListModel *shown = adw_combo_row_get_model (self->participant_combo);
  gboolean same, may;

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (!user->active || g_hash_table_contains (taking_part, user->login))
        continue;
      gtk_string_list_append (names, fcrm_card_nonempty (user->name) ? user->name : user->login);
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

  /* who decides is core's rule; the row says why it cannot be used */
  may = self->item == NULL || fcrm_crm_may_change_participants (self->crm, self->item);
  gtk_widget_set_sensitive (GTK_WIDGET (self->participant_combo), may && self->candidates->len > 0);
  gtk_widget_set_sensitive (self->participant_add_button, may && self->candidates->len > 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->participant_combo),
                               !may ? _("Only the deal’s responsible or a supervisor decides who takes part in it.")
                               : self->candidates->len > 0 ? NULL : _("Every active user takes part already"));
}

/* FcrmCardSection */

/* @data without participants: they could not be read. */
static void
fcrm_participants_section_set_data (FcrmCardSection *section,
                                    FcrmCrm         *crm,
                                    FcrmCardData    *data)
{
  FcrmParticipantsSection *self = FCRM_PARTICIPANTS_SECTION (section);
  FcrmItem *item = data->item;
  GPtrArray *participants = data->participants;
  g_autoptr(GHashTable) taking_part = NULL;
  gboolean deal = item->type == FCRM_ENTITY_DEAL;

  g_set_object (&self->crm, crm);
  g_set_object (&self->item, item);

  fcrm_card_clear_list (self->participants_list);
  gtk_widget_set_visible (GTK_WIDGET (self->participants_list), deal);
  gtk_widget_set_visible (self->participant_add_list, deal);
  if (!deal)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                             _("People take part in deals. Participants can be added once this lead becomes a deal."));
      set_error (self, NULL);
      return;
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("People working on this deal besides the responsible. A designer taking part "
                                           "sees the deal on the office server even outside the Design pipeline."));

  if (participants == NULL)
    return;
  taking_part = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < participants->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (participants, i);

      gtk_list_box_append (self->participants_list, participant_row_new (self, user));
      g_hash_table_add (taking_part, user->login);
    }
  update_choices (self, taking_part, data->users);
}

static void
fcrm_participants_section_set_item (FcrmCardSection *section,
                                    FcrmCrm         *crm,
                                    FcrmItem        *item)
{
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  FcrmCardData data = { .item = item };

  if (item->type == FCRM_ENTITY_DEAL)
    {
      participants = fcrm_crm_deal_participants (crm, item->id, &error);
      if (fcrm_card_read_part (participants, "participants", item, error) != NULL)
        users = fcrm_crm_list_users (crm, NULL);
    }
  data.participants = participants;
  data.users = users;
  fcrm_participants_section_set_data (section, crm, &data);
}

static void
fcrm_participants_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_participants_section_set_item;
  iface->set_data = fcrm_participants_section_set_data;
}

/* GObject */

static void
fcrm_participants_section_dispose (GObject *object)
{
  FcrmParticipantsSection *self = FCRM_PARTICIPANTS_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_PARTICIPANTS_SECTION);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_participants_section_parent_class)->dispose (object);
}

static void
fcrm_participants_section_class_init (FcrmParticipantsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_participants_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-participants-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmParticipantsSection, participants_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmParticipantsSection, participant_add_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmParticipantsSection, participant_combo);
  gtk_widget_class_bind_template_child (widget_class, FcrmParticipantsSection, participant_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmParticipantsSection, participant_error_label);
  gtk_widget_class_bind_template_callback (widget_class, participant_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, participant_selected_cb);
}

static void
fcrm_participants_section_init (FcrmParticipantsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_participants_section_new (void)
{
  return g_object_new (FCRM_TYPE_PARTICIPANTS_SECTION, NULL);
}
