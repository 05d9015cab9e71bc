#define G_LOG_DOMAIN "fcrm-contact-points-section"

#include <glib/gi18n.h>

#include "fcrm-contact-points-section.h"
#include "fcrm-card-section.h"
#include "fcrm-error.h"
#include "fcrm-phone.h"

static const char * const kind_codes[] = { "mobile", "work", "home" };
static const char * const kind_names[] = {
  /* Translators: the kind of a phone number or e-mail address */
  NC_("contact point kind", "Mobile"), NC_("contact point kind", "Work"), NC_("contact point kind", "Home"), NULL
};

typedef struct
{
  GtkWidget   *row;     /* AdwEntryRow: the value */
  GtkDropDown *kind;
} PointRow;

struct _FcrmContactPointsSection
{
  AdwPreferencesGroup  parent_instance;

  gboolean             emails;        /* e-mails, not phones */
  FcrmCrm             *crm;
  gint64               id;            /* the contact, 0 before the first */
  gint64               version;       /* the contact's, as last read */
  gint64               base_version;  /* what the pending change began from */
  char                *loaded;        /* the list as stored, in the form written */
  GArray              *rows;          /* of PointRow */
  GtkLabel            *error_label;
  gboolean             filling;       /* rows being made, not changed */
};

static void fcrm_contact_points_section_card_section_init (FcrmCardSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcrmContactPointsSection, fcrm_contact_points_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FCRM_TYPE_CARD_SECTION,
                                                      fcrm_contact_points_section_card_section_init))

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
kind_index (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_codes); i++)
    if (g_strcmp0 (code, kind_codes[i]) == 0)
      return i;
  return 0;
}

static const char *
section_title (FcrmContactPointsSection *self)
{
  return self->emails ? C_("client card", "E-mails") : C_("client card", "Phones");
}

/* "kind:value, kind:value" of the rows with a value: what contact_set reads */
static char *
rows_text (FcrmContactPointsSection *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PointRow *r = &g_array_index (self->rows, PointRow, i);
      g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (r->row))));

      if (*value == '\0')
        continue;
      g_string_append_printf (s, "%s%s:%s", s->len > 0 ? ", " : "",
                              kind_codes[MIN (gtk_drop_down_get_selected (r->kind), G_N_ELEMENTS (kind_codes) - 1)],
                              value);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
points_text (GPtrArray *points)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      FcrmContactPoint *p = g_ptr_array_index (points, i);

      g_string_append_printf (s, "%s%s:%s", s->len > 0 ? ", " : "", p->kind, p->value);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
is_dirty (FcrmContactPointsSection *self)
{
  g_autofree char *now = rows_text (self);

  return self->loaded != NULL && g_strcmp0 (now, self->loaded) != 0;
}

static void
set_error (FcrmContactPointsSection *self,
           const char               *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Write the list as the rows say, if it changed. */
static gboolean
save (FcrmContactPointsSection  *self,
      GError                   **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;

  if (self->id == 0 || !is_dirty (self))
    return TRUE;
  text = rows_text (self);
  if (!fcrm_crm_contact_set (self->crm, self->id, self->emails ? "emails" : "phones", text, self->base_version, &local))
    {
      if (g_error_matches (local, FCRM_ERROR, FCRM_ERROR_CONFLICT))
        fcrm_card_section_conflict (FCRM_CARD_SECTION (self), section_title (self));
      else if (g_error_matches (local, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
        fcrm_card_section_changed (FCRM_CARD_SECTION (self), FALSE);
      else
        set_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  set_error (self, NULL);
  g_free (self->loaded);
  self->loaded = g_steal_pointer (&text);
  fcrm_card_section_changed (FCRM_CARD_SECTION (self), TRUE);
  return TRUE;
}

static PointRow *
row_of (FcrmContactPointsSection *self,
        GtkWidget                *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, PointRow, i).row == row)
      return &g_array_index (self->rows, PointRow, i);
  return NULL;
}

static void
entry_apply_cb (FcrmContactPointsSection *self)
{
  save (self, NULL);
}

static void
kind_selected_cb (FcrmContactPointsSection *self)
{
  if (!self->filling)
    save (self, NULL);
}

static void
entry_changed_cb (FcrmContactPointsSection *self)
{
  if (self->filling)
    return;
  set_error (self, NULL);
}

static char *
row_value (PointRow *r)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (r->row))));
}

static void
copy_clicked_cb (FcrmContactPointsSection *self,
                 GtkWidget                *button)
{
  PointRow *r = row_of (self, button);
  g_autofree char *value = r != NULL ? row_value (r) : NULL;

  if (value == NULL || *value == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (button), value);
  fcrm_card_section_toast (FCRM_CARD_SECTION (self), self->emails ? _("E-mail address copied") : _("Phone number copied"));
}

/* tel:+79265554433 or mailto:name@example.com */
static char *
row_uri (FcrmContactPointsSection *self,
         PointRow                 *r)
{
  g_autofree char *value = row_value (r);
  g_autofree char *digits = NULL;

  if (*value == '\0')
    return NULL;
  if (self->emails)
    return g_strconcat ("mailto:", value, NULL);
  digits = fcrm_phone_normalize (value);
  return digits != NULL ? g_strconcat ("tel:+", digits, NULL) : NULL;
}

static void
reach_clicked_cb (FcrmContactPointsSection *self,
                  GtkWidget                *button)
{
  PointRow *r = row_of (self, button);
  g_autofree char *uri = r != NULL ? row_uri (self, r) : NULL;
  GtkRoot *root = gtk_widget_get_root (button);

  if (uri == NULL)
    return;
  /* the desktop's phone or mail program takes it from here */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
remove_clicked_cb (FcrmContactPointsSection *self,
                   GtkWidget                *button)
{
  PointRow *r = row_of (self, button);

  if (r == NULL)
    return;
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), r->row);
  g_array_remove_index (self->rows, r - (PointRow *) (gpointer) self->rows->data);
  save (self, NULL);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static PointRow *
append_row (FcrmContactPointsSection *self,
            const char               *value,
            const char               *kind)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  PointRow r;
  GtkWidget *copy, *reach, *remove;

  for (guint i = 0; kind_names[i] != NULL; i++)
    gtk_string_list_append (names, g_dpgettext2 (NULL, "contact point kind", kind_names[i]));

  r.row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r.row), self->emails ? _("E-mail") : _("Phone"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (r.row), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (r.row),
                                   self->emails ? GTK_INPUT_PURPOSE_EMAIL : GTK_INPUT_PURPOSE_PHONE);
  gtk_editable_set_text (GTK_EDITABLE (r.row), value);
  r.kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
  gtk_drop_down_set_selected (r.kind, kind_index (kind));
  gtk_widget_set_valign (GTK_WIDGET (r.kind), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (r.kind), self->emails ? _("Kind of address") : _("Kind of number"));
  copy = icon_button ("edit-copy-symbolic", self->emails ? _("Copy the address") : _("Copy the number"));
  reach = icon_button (self->emails ? "mail-send-symbolic" : "call-start-symbolic",
                       self->emails ? _("Write an e-mail") : C_("client card", "Call"));
  remove = icon_button ("user-trash-symbolic", self->emails ? _("Remove this address") : _("Remove this number"));
  gtk_widget_set_name (reach, "reach");

  adw_entry_row_add_suffix (ADW_ENTRY_ROW (r.row), GTK_WIDGET (r.kind));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (r.row), copy);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (r.row), reach);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (r.row), remove);
  g_signal_connect_object (r.row, "apply", G_CALLBACK (entry_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r.row, "entry-activated", G_CALLBACK (entry_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r.row, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r.kind, "notify::selected", G_CALLBACK (kind_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (reach, "clicked", G_CALLBACK (reach_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), r.row);
  g_array_append_val (self->rows, r);
  return &g_array_index (self->rows, PointRow, self->rows->len - 1);
}

static void
clear_rows (FcrmContactPointsSection *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_array_index (self->rows, PointRow, i).row);
  g_array_set_size (self->rows, 0);
}

static void
show_points (FcrmContactPointsSection *self,
             GPtrArray                *points)
{
  self->filling = TRUE;
  clear_rows (self);
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      FcrmContactPoint *p = g_ptr_array_index (points, i);

      append_row (self, p->value, p->kind);
    }
  self->filling = FALSE;
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (widget);
  PointRow *r;

  if (self->id == 0)
    return;
  /* an empty row changes nothing until a value is typed into it */
  self->filling = TRUE;
  r = append_row (self, "", self->emails ? "work" : "mobile");
  self->filling = FALSE;
  gtk_widget_grab_focus (r->row);
}

/* FcrmCardSection */

static void
fcrm_contact_points_section_set_data (FcrmCardSection *section,
                                      FcrmCrm         *crm,
                                      FcrmCardData    *data)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (section);
  FcrmContact *contact = data->contact;
  gboolean dirty = is_dirty (self);

  g_set_object (&self->crm, crm);
  if (contact == NULL)
    return;
  if (self->id != contact->id)
    dirty = FALSE;
  self->id = contact->id;
  self->version = contact->version;
  g_free (self->loaded);
  self->loaded = points_text (self->emails ? contact->emails : contact->phones);
  /* what the user is changing stays, as in the fields */
  if (!dirty)
    {
      self->base_version = contact->version;
      show_points (self, self->emails ? contact->emails : contact->phones);
    }
}

static void
fcrm_contact_points_section_set_item (FcrmCardSection *section,
                                      FcrmCrm         *crm,
                                      FcrmItem        *item)
{
  /* a lead's or deal's card has no section of a contact's */
  g_critical ("The phones and e-mails of a contact are shown from a client's card");
}

static void
fcrm_contact_points_section_list_changes (FcrmCardSection *section,
                                          GPtrArray       *names)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (section);

  if (is_dirty (self))
    g_ptr_array_add (names, g_strdup (section_title (self)));
}

static gboolean
fcrm_contact_points_section_apply (FcrmCardSection  *section,
                                   GError          **error)
{
  return save (FCRM_CONTACT_POINTS_SECTION (section), error);
}

static void
fcrm_contact_points_section_discard (FcrmCardSection *section)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (section);

  set_error (self, NULL);
  /* the next load shows what is stored */
  g_clear_pointer (&self->loaded, g_free);
}

static void
fcrm_contact_points_section_rebase (FcrmCardSection *section,
                                    gint64           from_version,
                                    gint64           to_version)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (section);

  if (self->base_version == from_version)
    self->base_version = to_version;
}

static void
fcrm_contact_points_section_card_section_init (FcrmCardSectionInterface *iface)
{
  iface->set_item = fcrm_contact_points_section_set_item;
  iface->set_data = fcrm_contact_points_section_set_data;
  iface->list_changes = fcrm_contact_points_section_list_changes;
  iface->apply = fcrm_contact_points_section_apply;
  iface->discard = fcrm_contact_points_section_discard;
  iface->rebase = fcrm_contact_points_section_rebase;
}

/* GObject */

static void
fcrm_contact_points_section_constructed (GObject *object)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (object);
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  G_OBJECT_CLASS (fcrm_contact_points_section_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), section_title (self));
  gtk_widget_set_tooltip_text (add, self->emails ? _("Add an e-mail address") : _("Add a phone number"));
  gtk_widget_add_css_class (add, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "points.add");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), add);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->error_label));
}

static void
fcrm_contact_points_section_dispose (GObject *object)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (object);

  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_contact_points_section_parent_class)->dispose (object);
}

static void
fcrm_contact_points_section_finalize (GObject *object)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (object);

  g_clear_pointer (&self->rows, g_array_unref);
  g_free (self->loaded);

  G_OBJECT_CLASS (fcrm_contact_points_section_parent_class)->finalize (object);
}

static void
fcrm_contact_points_section_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->emails = g_strcmp0 (g_value_get_string (value), "emails") == 0;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_contact_points_section_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  FcrmContactPointsSection *self = FCRM_CONTACT_POINTS_SECTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->emails ? "emails" : "phones");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_contact_points_section_class_init (FcrmContactPointsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_contact_points_section_constructed;
  object_class->dispose = fcrm_contact_points_section_dispose;
  object_class->finalize = fcrm_contact_points_section_finalize;
  object_class->set_property = fcrm_contact_points_section_set_property;
  object_class->get_property = fcrm_contact_points_section_get_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "phones",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "points.add", NULL, add_activated);
}

static void
fcrm_contact_points_section_init (FcrmContactPointsSection *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (PointRow));
  self->version = self->base_version = -1;
}

GtkWidget *
fcrm_contact_points_section_new (const char *kind)
{
  return g_object_new (FCRM_TYPE_CONTACT_POINTS_SECTION, "kind", kind, NULL);
}
