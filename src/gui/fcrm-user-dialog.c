#define G_LOG_DOMAIN "fcrm-user-dialog"

#include <glib/gi18n.h>

#include "fcrm-user-dialog.h"

/* The size demo data has in the first-start offer (same as the CLI default
 * in spirit: enough to fill every column, quick to generate). */
#define DEMO_LEADS    60
#define DEMO_DEALS    45
#define DEMO_CONTACTS 40
#define DEMO_SEED     1

struct _FcrmUserDialog
{
  AdwWindow     parent_instance;

  FcrmCrm      *crm;
  GListStore   *users;
  gboolean      first_start;
  gboolean      chosen;

  GtkStack     *stack;
  GtkLabel     *message_label;
  GtkWidget    *users_group;
  GtkListBox   *users_list;
  AdwPreferencesGroup *new_group;
  AdwEntryRow  *login_row;
  AdwEntryRow  *name_row;
  AdwComboRow  *role_row;
  GtkLabel     *error_label;
  GtkWidget    *add_button;
  GtkWidget    *demo_button;
  GtkWidget    *clean_button;
  GtkLabel     *demo_error_label;
};

G_DEFINE_FINAL_TYPE (FcrmUserDialog, fcrm_user_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CRM,
  PROP_FIRST_START,
  N_PROPS
};

enum {
  USER_CHOSEN,
  DEMO_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const FcrmRole roles[] = {
  FCRM_ROLE_MANAGER,
  FCRM_ROLE_DESIGNER,
  FCRM_ROLE_SUPERVISOR,
};

static void
show_error (GtkLabel     *label,
            const GError *error)
{
  gtk_label_set_text (label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

static GtkWidget *
create_user_row (gpointer item,
                 gpointer user_data)
{
  FcrmUserDialog *self = user_data;
  FcrmUser *user = item;
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);
  gboolean current = actor != NULL && g_strcmp0 (actor->login, user->login) == 0;
  GtkWidget *row;
  GtkWidget *arrow;
  g_autofree char *subtitle = NULL;

  /* Translators: subtitle of a user in the list: "login · role" */
  subtitle = g_strdup_printf (_("%s · %s"), user->login, fcrm_role_display_name (user->role));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->name && *user->name ? user->name : user->login);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* The person working now is ticked; everyone else leads on. */
  if (current)
    {
      arrow = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Current user"), -1);
    }
  else
    {
      arrow = g_object_new (GTK_TYPE_IMAGE,
                            "icon-name", "go-next-symbolic",
                            "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                            NULL);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  g_object_set_data_full (G_OBJECT (row), "fcrm-user", g_object_ref (user), g_object_unref);

  return row;
}

static void
fcrm_user_dialog_load_users (FcrmUserDialog *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_remove_all (self->users);

  users = fcrm_crm_list_users (self->crm, &error);
  if (users == NULL)
    {
      show_error (self->error_label, error);
      return;
    }

  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (user->active)
        g_list_store_append (self->users, user);
    }

  gtk_widget_set_visible (self->users_group, g_list_model_get_n_items (G_LIST_MODEL (self->users)) > 0);
  adw_preferences_group_set_title (self->new_group,
                                   g_list_model_get_n_items (G_LIST_MODEL (self->users)) > 0
                                   ? _("Or Add a New User")
                                   : _("Add Yourself"));
}

static void
fcrm_user_dialog_choose (FcrmUserDialog *self,
                         FcrmUser       *user)
{
  g_object_ref (self);

  self->chosen = TRUE;
  g_signal_emit (self, signals[USER_CHOSEN], 0, user);

  if (self->first_start && fcrm_crm_is_empty (self->crm))
    {
      gtk_stack_set_visible_child_name (self->stack, "data");
      gtk_widget_grab_focus (self->demo_button);
    }
  else
    {
      gtk_window_destroy (GTK_WINDOW (self));
    }

  g_object_unref (self);
}

static void
user_row_activated_cb (FcrmUserDialog *self,
                       GtkListBoxRow  *row,
                       GtkListBox     *list)
{
  FcrmUser *user = g_object_get_data (G_OBJECT (row), "fcrm-user");

  g_return_if_fail (FCRM_IS_USER (user));

  fcrm_user_dialog_choose (self, user);
}

static void
entry_changed_cb (FcrmUserDialog *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));

  gtk_widget_set_sensitive (self->add_button, login != NULL && *login != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->login_row), "error");
}

static void
add_clicked_cb (FcrmUserDialog *self)
{
  g_autoptr(FcrmUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  guint role_index;

  if (!gtk_widget_get_sensitive (self->add_button))
    return;

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  role_index = adw_combo_row_get_selected (self->role_row);
  if (role_index >= G_N_ELEMENTS (roles))
    role_index = 0;

  user = fcrm_crm_user_add (self->crm, login,
                            *name ? name : login,
                            fcrm_role_to_string (roles[role_index]),
                            &error);
  if (user == NULL)
    {
      show_error (self->error_label, error);
      gtk_widget_add_css_class (GTK_WIDGET (self->login_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }

  fcrm_user_dialog_choose (self, user);
}

static void
demo_clicked_cb (FcrmUserDialog *self)
{
  const FcrmDemoOptions options = {
    .leads = DEMO_LEADS,
    .deals = DEMO_DEALS,
    .contacts = DEMO_CONTACTS,
    .seed = DEMO_SEED,
  };
  g_autoptr(GError) error = NULL;

  /* FcrmCrm is not thread-safe, and this size takes a fraction of a second:
   * generate it right here. */
  if (!fcrm_crm_demo (self->crm, &options, &error))
    {
      show_error (self->demo_error_label, error);
      return;
    }

  g_object_ref (self);
  g_signal_emit (self, signals[DEMO_LOADED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
clean_clicked_cb (FcrmUserDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
fcrm_user_dialog_close_request (GtkWindow *window)
{
  FcrmUserDialog *self = FCRM_USER_DIALOG (window);

  /* On first start there is nothing to go back to: a user must be chosen.
   * (Closing the main window still quits; the dialog dies with it.) */
  if (self->first_start && !self->chosen)
    return TRUE;

  if (GTK_WINDOW_CLASS (fcrm_user_dialog_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (fcrm_user_dialog_parent_class)->close_request (window);

  return FALSE;
}

static void
fcrm_user_dialog_constructed (GObject *object)
{
  FcrmUserDialog *self = FCRM_USER_DIALOG (object);

  G_OBJECT_CLASS (fcrm_user_dialog_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  gtk_window_set_deletable (GTK_WINDOW (self), !self->first_start);
  if (!self->first_start)
    gtk_window_set_title (GTK_WINDOW (self), _("Switch User"));

  fcrm_user_dialog_load_users (self);
}

static void
fcrm_user_dialog_dispose (GObject *object)
{
  FcrmUserDialog *self = FCRM_USER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_USER_DIALOG);
  g_clear_object (&self->users);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_user_dialog_parent_class)->dispose (object);
}

static void
fcrm_user_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcrmUserDialog *self = FCRM_USER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_FIRST_START:
      g_value_set_boolean (value, self->first_start);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_user_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcrmUserDialog *self = FCRM_USER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_FIRST_START:
      self->first_start = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_user_dialog_class_init (FcrmUserDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fcrm_user_dialog_constructed;
  object_class->dispose = fcrm_user_dialog_dispose;
  object_class->get_property = fcrm_user_dialog_get_property;
  object_class->set_property = fcrm_user_dialog_set_property;
  window_class->close_request = fcrm_user_dialog_close_request;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_START] =
    g_param_spec_boolean ("first-start", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[USER_CHOSEN] =
    g_signal_new ("user-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FCRM_TYPE_USER);
  signals[DEMO_LOADED] =
    g_signal_new ("demo-loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-user-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, users_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, users_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, new_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, demo_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, clean_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmUserDialog, demo_error_label);
  gtk_widget_class_bind_template_callback (widget_class, user_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clean_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fcrm_user_dialog_init (FcrmUserDialog *self)
{
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->users = g_list_store_new (FCRM_TYPE_USER);
  gtk_list_box_bind_model (self->users_list, G_LIST_MODEL (self->users),
                           create_user_row, self, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (role_names, fcrm_role_display_name (roles[i]));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));
  adw_combo_row_set_selected (self->role_row, 0);
}

FcrmUserDialog *
fcrm_user_dialog_new (FcrmCrm   *crm,
                      GtkWindow *parent,
                      gboolean   first_start)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (FCRM_TYPE_USER_DIALOG,
                       "crm", crm,
                       "first-start", first_start,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

void
fcrm_user_dialog_set_message (FcrmUserDialog *self,
                              const char     *message)
{
  g_return_if_fail (FCRM_IS_USER_DIALOG (self));

  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}
