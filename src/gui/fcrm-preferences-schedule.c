#define G_LOG_DOMAIN "fcrm-preferences-schedule"

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-preferences-schedule.h"
#include "fcrm-schedule.h"
#include "fcrm-toasts.h"

/* the field work that takes a set time: visits, deliveries, installations */
static const FcrmEventKind timed_kinds[] = {
  FCRM_EVENT_MEASUREMENT, FCRM_EVENT_DELIVERY, FCRM_EVENT_INSTALLATION, FCRM_EVENT_REPAIR,
};

struct _FcrmPreferencesSchedule
{
  AdwPreferencesPage    parent_instance;

  FcrmCrm              *crm;
  GCancellable         *cancellable;
  GPtrArray            *rows;          /* the rows added, to remove on reload */
  gboolean              filling;       /* values set by the program, not the person */

  AdwPreferencesGroup  *durations_group;
  AdwPreferencesGroup  *reminders_group;
  AdwPreferencesGroup  *people_group;
  GtkSwitch            *evening_switch;   /* the reminders' rows, while shown */
  GtkSpinButton        *evening_spin;
  GtkSpinButton        *before_spin;
};

G_DEFINE_FINAL_TYPE (FcrmPreferencesSchedule, fcrm_preferences_schedule, ADW_TYPE_PREFERENCES_PAGE)

typedef struct
{
  int        minutes[G_N_ELEMENTS (timed_kinds)];
  int        evening_hour;
  int        before_minutes;
  GPtrArray *users;    /* FcrmUser */
  GPtrArray *roles;    /* GStrv per user */
} Values;

static void
values_free (gpointer data)
{
  Values *v = data;

  g_clear_pointer (&v->users, g_ptr_array_unref);
  g_clear_pointer (&v->roles, g_ptr_array_unref);
  g_free (v);
}

static gpointer
read_values (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  Values *v = g_new0 (Values, 1);

  for (guint k = 0; k < G_N_ELEMENTS (timed_kinds); k++)
    v->minutes[k] = fcrm_crm_schedule_default_minutes (worker, timed_kinds[k]);
  v->evening_hour = fcrm_crm_schedule_remind_evening_hour (worker);
  v->before_minutes = fcrm_crm_schedule_remind_minutes (worker);
  v->users = fcrm_crm_list_users (worker, error);
  v->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; v->users != NULL && i < v->users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (v->users, i);
      GStrv roles = fcrm_crm_user_field_roles (worker, u->login, error);

      if (roles == NULL)
        {
          values_free (v);
          return NULL;
        }
      g_ptr_array_add (v->roles, roles);
    }
  if (v->users == NULL)
    {
      values_free (v);
      return NULL;
    }
  return v;
}

static gboolean
may_change (FcrmPreferencesSchedule *self)
{
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);

  return actor == NULL || actor->role == FCRM_ROLE_SUPERVISOR;
}

static void
refused (FcrmPreferencesSchedule *self,
         GError                  *error)
{
  fcrm_toast_show (GTK_WIDGET (self), adw_toast_new (error->message));
  fcrm_preferences_schedule_reload (self);
}

static void
minutes_changed_cb (GtkSpinButton           *spin,
                    FcrmPreferencesSchedule *self)
{
  g_autoptr(GError) error = NULL;
  FcrmEventKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "fcrm-kind"));

  if (self->filling)
    return;
  if (!fcrm_crm_schedule_set_default_minutes (self->crm, kind, gtk_spin_button_get_value_as_int (spin), &error))
    refused (self, error);
}

static void
add_row (FcrmPreferencesSchedule *self,
         AdwPreferencesGroup     *group,
         GtkWidget               *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
reminders_changed_cb (FcrmPreferencesSchedule *self)
{
  g_autoptr(GError) error = NULL;
  gboolean evening = gtk_switch_get_active (self->evening_switch);

  if (self->filling)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->evening_spin), evening && may_change (self));
  if (!fcrm_crm_schedule_set_reminders (self->crm, evening ? gtk_spin_button_get_value_as_int (self->evening_spin) : -1,
                                        gtk_spin_button_get_value_as_int (self->before_spin), &error))
    refused (self, error);
}

/* a row with a number to its right */
static GtkSpinButton *
spin_row (FcrmPreferencesSchedule *self,
          AdwPreferencesGroup     *group,
          const char              *title,
          const char              *subtitle,
          double                   min,
          double                   max,
          double                   step,
          double                   value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (spin, may_change (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  add_row (self, group, row);
  return GTK_SPIN_BUTTON (spin);
}

static void
show_reminders (FcrmPreferencesSchedule *self,
                Values                  *v)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The evening before"));
  gtk_switch_set_active (GTK_SWITCH (sw), v->evening_hour >= 0);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (sw, may_change (self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  add_row (self, self->reminders_group, row);
  self->evening_switch = GTK_SWITCH (sw);
  self->evening_spin = spin_row (self, self->reminders_group, _("At (hour)"), NULL, 0, 23, 1,
                                 v->evening_hour >= 0 ? v->evening_hour : 18);
  gtk_widget_set_sensitive (GTK_WIDGET (self->evening_spin), v->evening_hour >= 0 && may_change (self));
  self->before_spin = spin_row (self, self->reminders_group, _("Before it starts (minutes)"), _("0: no reminder"),
                                0, 720, 15, v->before_minutes);
  g_signal_connect_swapped (sw, "notify::active", G_CALLBACK (reminders_changed_cb), self);
  g_signal_connect_swapped (self->evening_spin, "value-changed", G_CALLBACK (reminders_changed_cb), self);
  g_signal_connect_swapped (self->before_spin, "value-changed", G_CALLBACK (reminders_changed_cb), self);
}

/* the roles ticked in a person's row */
static void
role_toggled_cb (GtkCheckButton          *check,
                 FcrmPreferencesSchedule *self)
{
  GtkWidget *expander = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_EXPANDER_ROW);
  GPtrArray *checks = g_object_get_data (G_OBJECT (expander), "fcrm-checks");
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_ptr_array_add (roles, g_object_get_data (g_ptr_array_index (checks, i), "fcrm-role"));
  g_ptr_array_add (roles, NULL);
  if (!fcrm_crm_user_set_field_roles (self->crm, g_object_get_data (G_OBJECT (expander), "fcrm-login"),
                                      (const char * const *) roles->pdata, &error))
    refused (self, error);
}

static char *
roles_subtitle (GStrv roles)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint r = 0; roles[r] != NULL; r++)
    g_ptr_array_add (names, (gpointer) fcrm_participant_role_display_name (roles[r]));
  g_ptr_array_add (names, NULL);
  if (names->len == 1)
    return g_strdup (_("Any field work"));
  return g_strjoinv (", ", (char **) names->pdata);
}

static void
show_values (FcrmPreferencesSchedule *self,
             Values                  *v)
{
  gboolean editable = may_change (self);

  self->filling = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint k = 0; k < G_N_ELEMENTS (timed_kinds); k++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (5, 720, 15);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fcrm_event_kind_display_name (timed_kinds[k]));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), v->minutes[k]);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (spin, editable);
      g_object_set_data (G_OBJECT (spin), "fcrm-kind", GINT_TO_POINTER (timed_kinds[k]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      fcrm_event_kind_display_name (timed_kinds[k]), -1);
      g_signal_connect (spin, "value-changed", G_CALLBACK (minutes_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      add_row (self, self->durations_group, row);
    }

  show_reminders (self, v);
  for (guint i = 0; i < v->users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (v->users, i);
      GStrv held = g_ptr_array_index (v->roles, i);
      GtkWidget *expander;
      GPtrArray *checks;
      g_autofree char *subtitle = NULL;

      if (!u->active)
        continue;
      expander = adw_expander_row_new ();
      checks = g_ptr_array_new ();
      subtitle = roles_subtitle (held);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), u->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      g_object_set_data_full (G_OBJECT (expander), "fcrm-login", g_strdup (u->login), g_free);
      g_object_set_data_full (G_OBJECT (expander), "fcrm-checks", checks, (GDestroyNotify) g_ptr_array_unref);
      for (const char * const *r = fcrm_participant_roles (); *r != NULL; r++)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fcrm_participant_role_display_name (*r));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strv_contains ((const char * const *) held, *r));
          gtk_widget_set_sensitive (check, editable);
          g_object_set_data (G_OBJECT (check), "fcrm-role", (gpointer) *r);
          g_signal_connect (check, "toggled", G_CALLBACK (role_toggled_cb), self);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
          g_ptr_array_add (checks, check);
        }
      add_row (self, self->people_group, expander);
    }
  self->filling = FALSE;
}

static void
values_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FcrmPreferencesSchedule) self = user_data;
  g_autoptr(GError) error = NULL;
  Values *v = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (v == NULL)
    {
      g_warning ("Cannot read the schedule's preferences: %s", error->message);
      return;
    }
  show_values (self, v);
  values_free (v);
}

void
fcrm_preferences_schedule_reload (FcrmPreferencesSchedule *self)
{
  g_return_if_fail (FCRM_IS_PREFERENCES_SCHEDULE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_values, NULL, NULL, values_free, self->cancellable, values_read_cb,
                       g_object_ref (self));
}

GtkWidget *
fcrm_preferences_schedule_new (FcrmCrm *crm)
{
  FcrmPreferencesSchedule *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES_SCHEDULE, NULL);
  self->crm = g_object_ref (crm);
  fcrm_preferences_schedule_reload (self);
  return GTK_WIDGET (self);
}

static void
fcrm_preferences_schedule_dispose (GObject *object)
{
  FcrmPreferencesSchedule *self = FCRM_PREFERENCES_SCHEDULE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->crm);
  G_OBJECT_CLASS (fcrm_preferences_schedule_parent_class)->dispose (object);
}

static void
fcrm_preferences_schedule_class_init (FcrmPreferencesScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_schedule_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/FurnitureCRM/ui/fcrm-preferences-schedule.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesSchedule, durations_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesSchedule, reminders_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesSchedule, people_group);
}

static void
fcrm_preferences_schedule_init (FcrmPreferencesSchedule *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
