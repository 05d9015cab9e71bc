#define G_LOG_DOMAIN "fcrm-preferences-general"

#include <glib/gi18n.h>

#include "fcrm-crm-async.h"
#include "fcrm-preferences.h"
#include "fcrm-preferences-general.h"
#include "fcrm-vocabulary.h"

struct _FcrmPreferencesGeneral
{
  AdwPreferencesPage   parent_instance;

  FcrmCrm             *crm;
  GSettings           *settings;       /* NULL without the schema */
  GPtrArray           *managers;       /* logins behind the combo's items; [0] = NULL (round-robin) */
  gboolean             filling_managers;
  GCancellable        *loading;        /* the read of the users under way */

  AdwComboRow         *default_manager_row;
  AdwPreferencesGroup *interval_group;
  GtkSpinButton       *interval_spin;
};

G_DEFINE_FINAL_TYPE (FcrmPreferencesGeneral, fcrm_preferences_general, ADW_TYPE_PREFERENCES_PAGE)

/* The default manager lives in the database (shared by every desktop); the
 * check interval in GSettings, shown only when the schema is installed. */
static void
default_manager_selected_cb (FcrmPreferencesGeneral *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->default_manager_row);

  if (self->filling_managers || self->managers == NULL || selected >= self->managers->len)
    return;
  if (!fcrm_crm_set_default_manager (self->crm, g_ptr_array_index (self->managers, selected), &error))
    fcrm_preferences_show_toast (GTK_WIDGET (self), error->message);
}

/* What the choice needs, read on the worker. */
typedef struct
{
  GPtrArray *users;
  char      *current;
} Managers;

static void
managers_free (Managers *m)
{
  g_clear_pointer (&m->users, g_ptr_array_unref);
  g_free (m->current);
  g_free (m);
}

static gpointer
read_managers (FcrmCrm  *worker,
               gpointer  data,
               GError  **error)
{
  Managers *m = g_new0 (Managers, 1);

  m->users = fcrm_crm_list_users (worker, error);
  if (m->users == NULL)
    {
      managers_free (m);
      return NULL;
    }
  m->current = fcrm_crm_get_default_manager (worker);
  return m;
}

static void
fill_default_managers (FcrmPreferencesGeneral *self,
                       Managers               *m)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  self->filling_managers = TRUE;
  g_clear_pointer (&self->managers, g_ptr_array_unref);
  self->managers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->managers, NULL);
  gtk_string_list_append (names, _("Each active manager in turn"));
  for (guint i = 0; i < m->users->len; i++)
    {
      FcrmUser *u = g_ptr_array_index (m->users, i);

      if (!fcrm_user_takes_new_leads (u))
        continue;
      if (g_strcmp0 (u->login, m->current) == 0)
        selected = self->managers->len;
      g_ptr_array_add (self->managers, g_strdup (u->login));
      gtk_string_list_append (names, u->name);
    }
  adw_combo_row_set_model (self->default_manager_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->default_manager_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->default_manager_row), fcrm_crm_may_set_default_manager (self->crm));
  self->filling_managers = FALSE;
}

static void
managers_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FcrmPreferencesGeneral) self = user_data;
  g_autoptr(GError) error = NULL;
  Managers *m = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (m == NULL)
    {
      fcrm_preferences_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  fill_default_managers (self, m);
  managers_free (m);
}

/* The users are read on the worker; until they are in, the choice waits
 * (insensitive, empty). Whether this person may choose is known at once. */
static void
load_default_managers (FcrmPreferencesGeneral *self)
{
  gboolean may = fcrm_crm_may_set_default_manager (self->crm);

  gtk_widget_set_sensitive (GTK_WIDGET (self->default_manager_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->default_manager_row),
                               may ? "" : _("Only a supervisor can change this."));
  self->loading = g_cancellable_new ();
  fcrm_crm_read_async (self->crm, read_managers, NULL, NULL, (GDestroyNotify) managers_free,
                       self->loading, managers_read_cb, g_object_ref (self));
}

static void
fcrm_preferences_general_dispose (GObject *object)
{
  FcrmPreferencesGeneral *self = FCRM_PREFERENCES_GENERAL (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->settings);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_preferences_general_parent_class)->dispose (object);
}

static void
fcrm_preferences_general_finalize (GObject *object)
{
  FcrmPreferencesGeneral *self = FCRM_PREFERENCES_GENERAL (object);

  g_clear_pointer (&self->managers, g_ptr_array_unref);

  G_OBJECT_CLASS (fcrm_preferences_general_parent_class)->finalize (object);
}

static void
fcrm_preferences_general_class_init (FcrmPreferencesGeneralClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_general_dispose;
  object_class->finalize = fcrm_preferences_general_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-preferences-general.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesGeneral, default_manager_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesGeneral, interval_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmPreferencesGeneral, interval_spin);
  gtk_widget_class_bind_template_callback (widget_class, default_manager_selected_cb);
}

static void
fcrm_preferences_general_init (FcrmPreferencesGeneral *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fcrm_preferences_lookup_settings ("check-interval");
  if (self->settings == NULL)
    {
      adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self), self->interval_group);
      return;
    }

  g_settings_bind (self->settings, "check-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
fcrm_preferences_general_new (FcrmCrm *crm)
{
  FcrmPreferencesGeneral *self;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES_GENERAL, NULL);
  self->crm = g_object_ref (crm);
  load_default_managers (self);

  return GTK_WIDGET (self);
}
