#define G_LOG_DOMAIN "fcrm-client-fields-group"

#include <glib/gi18n.h>

#include "fcrm-client-fields-group.h"
#include "fcrm-card-section.h"
#include "fcrm-crm-async.h"

/* The value rows of a contact's or company's card. Few and alike, so they
 * come from a table, as the item card's do. */
typedef enum {
  FIELD_NAME,
  FIELD_FIRM,
  FIELD_COMPANY,
  FIELD_INN,
  FIELD_KPP,
  FIELD_ADDRESS,
  FIELD_BIRTHDAY,
  FIELD_COMMENT,
  N_FIELDS
} Field;

#define NO_ROW G_MAXUINT

static const struct {
  gboolean     contact;
  gboolean     company;
  FcrmFieldDef def;
} fields[N_FIELDS] = {
  [FIELD_NAME]     = { TRUE,  FALSE, { N_("Name"), FCRM_FIELD_EDIT_LINE, "name", FCRM_FIELD_HINT_NONE } },
  [FIELD_FIRM]     = { FALSE, TRUE,  { N_("Company name"), FCRM_FIELD_EDIT_LINE, "name", FCRM_FIELD_HINT_NONE } },
  [FIELD_COMPANY]  = { TRUE,  FALSE, { N_("Company"), FCRM_FIELD_EDIT_LINE, "company", FCRM_FIELD_HINT_NONE } },
  [FIELD_INN]      = { FALSE, TRUE,  { N_("INN"), FCRM_FIELD_EDIT_LINE, "inn", FCRM_FIELD_HINT_NONE } },
  [FIELD_KPP]      = { FALSE, TRUE,  { N_("KPP"), FCRM_FIELD_EDIT_LINE, "kpp", FCRM_FIELD_HINT_NONE } },
  [FIELD_ADDRESS]  = { TRUE,  TRUE,  { N_("Address"), FCRM_FIELD_EDIT_LINE, "address", FCRM_FIELD_HINT_NONE } },
  [FIELD_BIRTHDAY] = { TRUE,  FALSE, { N_("Birthday"), FCRM_FIELD_EDIT_LINE, "birthday", FCRM_FIELD_HINT_DATE } },
  [FIELD_COMMENT]  = { TRUE,  TRUE,  { N_("Comment"), FCRM_FIELD_EDIT_TEXT, "comment", FCRM_FIELD_HINT_NONE } },
};

/* Suggestions shown at most for the Company row. */
#define N_SUGGESTIONS 8

struct _FcrmClientFieldsGroup
{
  FcrmFieldsGroup  parent_instance;

  gboolean         company;        /* the card of a company, not a contact */
  guint            rows[N_FIELDS];
  gint64           id;             /* the contact or company shown, 0 before */

  /* typing a contact's company */
  GtkWidget       *popover;
  GtkListBox      *suggestion_list;
  GtkStringList   *suggestions;
  GCancellable    *suggest_cancellable;
  gboolean         filling;        /* the row's text is being set, not typed */
};

G_DEFINE_FINAL_TYPE (FcrmClientFieldsGroup, fcrm_client_fields_group, FCRM_TYPE_FIELDS_GROUP)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_text (FcrmClientFieldsGroup *self,
           Field                  field,
           const char            *text)
{
  fcrm_fields_group_load (FCRM_FIELDS_GROUP (self), self->rows[field], text != NULL ? text : "");
}

static void
fcrm_client_fields_group_show (FcrmFieldsGroup *group)
{
  FcrmClientFieldsGroup *self = FCRM_CLIENT_FIELDS_GROUP (group);
  FcrmCardData *data = fcrm_fields_group_get_card_data (group);

  g_return_if_fail (data != NULL);

  self->filling = TRUE;
  if (self->company && data->company != NULL)
    {
      FcrmCompany *c = data->company;

      self->id = c->id;
      show_text (self, FIELD_FIRM, c->name);
      show_text (self, FIELD_INN, c->inn);
      show_text (self, FIELD_KPP, c->kpp);
      show_text (self, FIELD_ADDRESS, c->address);
      show_text (self, FIELD_COMMENT, c->comment);
    }
  else if (!self->company && data->contact != NULL)
    {
      FcrmContact *c = data->contact;
      g_autofree char *birthday = fcrm_fields_group_date_text (c->birthday);

      self->id = c->id;
      show_text (self, FIELD_NAME, c->name);
      show_text (self, FIELD_COMPANY, c->company_name);
      show_text (self, FIELD_ADDRESS, c->address);
      show_text (self, FIELD_BIRTHDAY, birthday);
      show_text (self, FIELD_COMMENT, c->comment);
    }
  self->filling = FALSE;
}

static gboolean
fcrm_client_fields_group_write (FcrmFieldsGroup  *group,
                                const char       *key,
                                const char       *value,
                                gint64            expected_version,
                                GError          **error)
{
  FcrmClientFieldsGroup *self = FCRM_CLIENT_FIELDS_GROUP (group);
  FcrmCrm *crm = fcrm_fields_group_get_crm (group);

  return self->company
         ? fcrm_crm_company_set (crm, self->id, key, value, expected_version, error)
         : fcrm_crm_contact_set (crm, self->id, key, value, expected_version, error);
}

/* Typing a contact's company: the companies whose name holds the text */

static gpointer
suggest_job (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  g_autoptr(GPtrArray) page = fcrm_crm_company_page (worker, data, FCRM_CLIENT_SORT_NAME, NULL, N_SUGGESTIONS, error);
  GStrvBuilder *names;

  if (page == NULL)
    return NULL;
  names = g_strv_builder_new ();
  for (guint i = 0; i < page->len; i++)
    g_strv_builder_add (names, ((FcrmCompany *) g_ptr_array_index (page, i))->name);
  return g_strv_builder_end (names);
}

static void
suggest_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FcrmClientFieldsGroup *self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);
  const char *typed;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (names == NULL)
    {
      g_debug ("Companies could not be offered: %s", error->message);
      return;
    }
  typed = gtk_editable_get_text (GTK_EDITABLE (fcrm_fields_group_get_row (FCRM_FIELDS_GROUP (self),
                                                                           self->rows[FIELD_COMPANY])));
  /* only what would change the text is worth offering */
  if (names[0] != NULL && names[1] == NULL && g_strcmp0 (names[0], typed) == 0)
    names[0][0] = '\0';
  gtk_string_list_splice (self->suggestions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)),
                          (const char * const *) (names[0] != NULL && names[0][0] != '\0' ? names : NULL));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)) > 0)
    gtk_popover_popup (GTK_POPOVER (self->popover));
  else
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
company_changed_cb (FcrmClientFieldsGroup *self,
                    GtkEditable           *row)
{
  FcrmCrm *crm = fcrm_fields_group_get_crm (FCRM_FIELDS_GROUP (self));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (row)));

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  /* the stored value shown, or nothing typed: nothing to offer */
  if (self->filling || crm == NULL || *text == '\0')
    {
      gtk_string_list_splice (self->suggestions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)), NULL);
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      return;
    }
  self->suggest_cancellable = g_cancellable_new ();
  fcrm_crm_read_async (crm, suggest_job, g_steal_pointer (&text), g_free, (GDestroyNotify) g_strfreev,
                       self->suggest_cancellable, suggest_done_cb, self);
}

static void
suggestion_activated_cb (FcrmClientFieldsGroup *self,
                         GtkListBoxRow         *row,
                         GtkListBox            *list)
{
  GtkWidget *entry = fcrm_fields_group_get_row (FCRM_FIELDS_GROUP (self), self->rows[FIELD_COMPANY]);
  /* a copy: setting the text clears the list it comes from */
  g_autofree char *name = g_strdup (gtk_string_list_get_string (self->suggestions, gtk_list_box_row_get_index (row)));

  if (name == NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  self->filling = FALSE;
  /* as the row's own apply button: the contact joins that company */
  g_signal_emit_by_name (entry, "apply");
}

static GtkWidget *
suggestion_row_new (gpointer item,
                    gpointer user_data)
{
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  return label;
}

static void
setup_company_suggestions (FcrmClientFieldsGroup *self)
{
  GtkWidget *entry = fcrm_fields_group_get_row (FCRM_FIELDS_GROUP (self), self->rows[FIELD_COMPANY]);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->suggestions = gtk_string_list_new (NULL);
  self->suggestion_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_bind_model (self->suggestion_list, G_LIST_MODEL (self->suggestions), suggestion_row_new, NULL, NULL);
  gtk_list_box_set_activate_on_single_click (self->suggestion_list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestion_list), "navigation-sidebar");
  g_signal_connect_object (self->suggestion_list, "row-activated", G_CALLBACK (suggestion_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->suggestion_list));

  /* the typing stays in the row: the list takes no focus from it */
  self->popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_size_request (self->popover, 280, -1);
  gtk_popover_set_child (GTK_POPOVER (self->popover), scrolled);
  gtk_widget_set_parent (self->popover, entry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestion_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Existing companies"), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (company_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "apply", G_CALLBACK (gtk_popover_popdown), self->popover, G_CONNECT_SWAPPED);
}

/* GObject */

static void
fcrm_client_fields_group_constructed (GObject *object)
{
  FcrmClientFieldsGroup *self = FCRM_CLIENT_FIELDS_GROUP (object);
  FcrmFieldsGroup *group = FCRM_FIELDS_GROUP (object);

  G_OBJECT_CLASS (fcrm_client_fields_group_parent_class)->constructed (object);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      gboolean shown = self->company ? fields[i].company : fields[i].contact;

      self->rows[i] = shown ? fcrm_fields_group_add_field (group, &fields[i].def) : NO_ROW;
    }
  if (!self->company)
    setup_company_suggestions (self);
}

static void
fcrm_client_fields_group_dispose (GObject *object)
{
  FcrmClientFieldsGroup *self = FCRM_CLIENT_FIELDS_GROUP (object);

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->suggestions);

  G_OBJECT_CLASS (fcrm_client_fields_group_parent_class)->dispose (object);
}

static void
fcrm_client_fields_group_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  FcrmClientFieldsGroup *self = FCRM_CLIENT_FIELDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, fcrm_client_fields_group_get_kind (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_fields_group_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  FcrmClientFieldsGroup *self = FCRM_CLIENT_FIELDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->company = g_strcmp0 (g_value_get_string (value), "company") == 0;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_client_fields_group_class_init (FcrmClientFieldsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcrmFieldsGroupClass *group_class = FCRM_FIELDS_GROUP_CLASS (klass);

  object_class->constructed = fcrm_client_fields_group_constructed;
  object_class->dispose = fcrm_client_fields_group_dispose;
  object_class->get_property = fcrm_client_fields_group_get_property;
  object_class->set_property = fcrm_client_fields_group_set_property;
  group_class->show = fcrm_client_fields_group_show;
  group_class->write = fcrm_client_fields_group_write;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         "contact",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fcrm_client_fields_group_init (FcrmClientFieldsGroup *self)
{
}

GtkWidget *
fcrm_client_fields_group_new (const char *kind)
{
  return g_object_new (FCRM_TYPE_CLIENT_FIELDS_GROUP, "kind", kind, NULL);
}

const char *
fcrm_client_fields_group_get_kind (FcrmClientFieldsGroup *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_FIELDS_GROUP (self), NULL);

  return self->company ? "company" : "contact";
}

GListModel *
fcrm_client_fields_group_get_suggestions (FcrmClientFieldsGroup *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENT_FIELDS_GROUP (self), NULL);

  return self->suggestions != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)) > 0
         ? G_LIST_MODEL (self->suggestions) : NULL;
}
