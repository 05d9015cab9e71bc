#define G_LOG_DOMAIN "fcrm-preferences"

#include "fcrm-application.h"
#include "fcrm-preferences.h"
#include "fcrm-preferences-backups.h"
#include "fcrm-preferences-general.h"
#include "fcrm-preferences-office.h"
#include "fcrm-preferences-robots.h"
#include "fcrm-preferences-schedule.h"

#define SCHEMA_ID "com.example.FurnitureCRM"

/* The window only composes its pages; each page is a widget of its own. */
struct _FcrmPreferences
{
  AdwPreferencesWindow   parent_instance;

  FcrmCrm               *crm;
  FcrmPreferencesRobots *robots_page;
  FcrmPreferencesOffice *office_page;
  gboolean               robots_stale;  /* to read again when shown */
};

G_DEFINE_FINAL_TYPE (FcrmPreferences, fcrm_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static FcrmPreferences *the_window;

static FcrmApplication *
get_application (void)
{
  GApplication *app = g_application_get_default ();

  return FCRM_IS_APPLICATION (app) ? FCRM_APPLICATION (app) : NULL;
}

void
fcrm_preferences_show_toast (GtkWidget  *widget,
                             const char *message)
{
  GtkWidget *window;
  g_autofree char *escaped = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  window = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW);
  if (window == NULL)
    {
      g_debug ("No preferences window for: %s", message);
      return;
    }

  escaped = g_markup_escape_text (message, -1);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (escaped));
}

GSettings *
fcrm_preferences_lookup_settings (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* Rebuilding the robots' rows takes a while (a stage each): only the page
 * in view is rebuilt at once — after a restore that is Backups — the robots
 * page when it is shown next. */
void
fcrm_preferences_reload (FcrmPreferences *self)
{
  g_return_if_fail (FCRM_IS_PREFERENCES (self));

  self->robots_stale = TRUE;
  if (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (self)) ==
      ADW_PREFERENCES_PAGE (self->robots_page))
    {
      self->robots_stale = FALSE;
      fcrm_preferences_robots_reload (self->robots_page);
    }
}

static void
visible_page_cb (FcrmPreferences *self)
{
  if (self->robots_stale && self->robots_page != NULL)
    fcrm_preferences_reload (self);
}

void
fcrm_preferences_set_location (FcrmPreferences *self,
                               const char      *location)
{
  g_return_if_fail (FCRM_IS_PREFERENCES (self));

  fcrm_preferences_office_set_location (self->office_page, location);
}

const char *
fcrm_preferences_get_location (FcrmPreferences *self)
{
  g_return_val_if_fail (FCRM_IS_PREFERENCES (self), NULL);

  return fcrm_preferences_office_get_location (self->office_page);
}

static void
fcrm_preferences_dispose (GObject *object)
{
  FcrmPreferences *self = FCRM_PREFERENCES (object);

  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_preferences_parent_class)->dispose (object);
}

static void
fcrm_preferences_class_init (FcrmPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-preferences.ui");
}

static void
fcrm_preferences_init (FcrmPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::visible-page", G_CALLBACK (visible_page_cb), NULL);
}

FcrmPreferences *
fcrm_preferences_new (FcrmCrm *crm)
{
  FcrmPreferences *self;
  GtkWidget *robots;
  GtkWidget *office;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  self = g_object_new (FCRM_TYPE_PREFERENCES, NULL);
  self->crm = g_object_ref (crm);

  robots = fcrm_preferences_robots_new (crm);
  office = fcrm_preferences_office_new (crm);
  self->robots_page = FCRM_PREFERENCES_ROBOTS (robots);
  self->office_page = FCRM_PREFERENCES_OFFICE (office);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (robots));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (fcrm_preferences_general_new (crm)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (fcrm_preferences_schedule_new (crm)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (office));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (fcrm_preferences_backups_new (crm)));
  /* In the window already, so that an error shows as its toast. */
  fcrm_preferences_reload (self);

  return self;
}

void
fcrm_preferences_present (GtkWindow *parent,
                          FcrmCrm   *crm)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));

  if (the_window != NULL && the_window->crm != crm)
    gtk_window_destroy (GTK_WINDOW (the_window));

  if (the_window != NULL)
    fcrm_preferences_reload (the_window);
  else
    {
      FcrmApplication *app = get_application ();

      the_window = fcrm_preferences_new (crm);
      g_object_add_weak_pointer (G_OBJECT (the_window), (gpointer *) &the_window);
      if (app != NULL)
        fcrm_preferences_set_location (the_window, fcrm_application_get_location (app));
    }

  gtk_window_set_transient_for (GTK_WINDOW (the_window), parent);
  gtk_window_present (GTK_WINDOW (the_window));
}

void
fcrm_preferences_present_page (GtkWindow  *parent,
                               FcrmCrm    *crm,
                               const char *page)
{
  g_return_if_fail (page != NULL);

  fcrm_preferences_present (parent, crm);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (the_window), page);
}
