#define G_LOG_DOMAIN "fcrm-merge-dialog"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "fcrm-clients.h"
#include "fcrm-merge-dialog.h"

/* A field offered as a choice: the radio of each card. */
typedef struct
{
  const char *field;
  GtkWidget  *keep_radio;
  GtkWidget  *other_radio;
} Choice;

struct _FcrmMergeDialog
{
  AdwWindow  parent_instance;

  FcrmCrm   *crm;
  GObject   *keep;      /* the older card: it stays */
  GObject   *other;     /* merged into it */
  GArray    *choices;   /* Choice */
  FcrmUndo  *undo;

  GtkLabel  *intro_label;
  GtkLabel  *error_label;
  GtkGrid   *grid;
  GtkButton *merge_button;
};

G_DEFINE_FINAL_TYPE (FcrmMergeDialog, fcrm_merge_dialog, ADW_TYPE_WINDOW)

enum { MERGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
is_company (FcrmMergeDialog *self)
{
  return FCRM_IS_COMPANY (self->keep);
}

static gint64
client_id (GObject *client)
{
  return FCRM_IS_CONTACT (client) ? FCRM_CONTACT (client)->id : FCRM_COMPANY (client)->id;
}

/* ---- what each card says ------------------------------------------------------- */

static char *
format_birthday (gint64 birthday)
{
  g_autoptr(GDateTime) dt = NULL;

  if (birthday == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (birthday);
  /* Translators: a birthday, g_date_time_format() notation */
  return dt != NULL ? g_date_time_format (dt, C_("birthday", "%-d %B %Y")) : NULL;
}

/* The value of @field on @client as shown, or NULL when empty. */
static char *
field_text (GObject    *client,
            const char *field)
{
  if (FCRM_IS_CONTACT (client))
    {
      FcrmContact *c = FCRM_CONTACT (client);

      if (g_str_equal (field, "name"))
        return g_strdup (c->name);
      if (g_str_equal (field, "company"))
        return g_strdup (c->company_name);
      if (g_str_equal (field, "address"))
        return g_strdup (c->address);
      if (g_str_equal (field, "birthday"))
        return format_birthday (c->birthday);
      if (g_str_equal (field, "comment"))
        return g_strdup (c->comment);
      return NULL;
    }
  else
    {
      FcrmCompany *c = FCRM_COMPANY (client);

      if (g_str_equal (field, "name"))
        return g_strdup (c->name);
      if (g_str_equal (field, "inn"))
        return g_strdup (c->inn);
      if (g_str_equal (field, "kpp"))
        return g_strdup (c->kpp);
      if (g_str_equal (field, "address"))
        return g_strdup (c->address);
      if (g_str_equal (field, "comment"))
        return g_strdup (c->comment);
      return NULL;
    }
}

static char *
points_text (GPtrArray *points)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      FcrmContactPoint *p = g_ptr_array_index (points, i);

      g_string_append_printf (s, "%s%s", s->len > 0 ? "\n" : "", p->value);
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

/* ---- the grid -------------------------------------------------------------------- */

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_hexpand (label, TRUE);
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
title_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  /* on the line of the values next to it (a radio is taller than its text) */
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
add_card_headers (FcrmMergeDialog *self)
{
  const GObject *cards[2] = { self->keep, self->other };

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (NULL);
      GtkWidget *note = NULL;
      g_autofree char *text = NULL;

      /* Translators: a card's number in the merge dialog */
      text = g_strdup_printf (_("Card #%" PRId64), client_id ((GObject *) cards[i]));
      gtk_label_set_text (GTK_LABEL (name), text);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "heading");
      note = gtk_label_new (i == 0 ? _("Stays, with everything of both")
                                   : _("Merged into the other, then removed"));
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "caption");
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), note);
      gtk_grid_attach (self->grid, box, 1 + (int) i, 0, 1, 1);
    }
}

static void
add_choice (FcrmMergeDialog *self,
            const char      *field,
            const char      *title,
            int              row)
{
  g_autofree char *keep_text = field_text (self->keep, field);
  g_autofree char *other_text = field_text (self->other, field);
  Choice choice = { field, gtk_check_button_new (), gtk_check_button_new () };
  g_autofree char *keep_name = NULL;
  g_autofree char *other_name = NULL;

  gtk_check_button_set_child (GTK_CHECK_BUTTON (choice.keep_radio), value_label (keep_text));
  gtk_check_button_set_child (GTK_CHECK_BUTTON (choice.other_radio), value_label (other_text));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (choice.other_radio), GTK_CHECK_BUTTON (choice.keep_radio));
  /* An empty value cannot win over one that is there (the core keeps
   * whatever the staying card lacks). */
  gtk_widget_set_sensitive (choice.keep_radio, keep_text != NULL);
  gtk_widget_set_sensitive (choice.other_radio, other_text != NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (keep_text == NULL && other_text != NULL ? choice.other_radio
                                                                                          : choice.keep_radio),
                               TRUE);
  gtk_widget_set_valign (choice.keep_radio, GTK_ALIGN_START);
  gtk_widget_set_valign (choice.other_radio, GTK_ALIGN_START);
  /* Translators: accessible name of a value choice, "Name: Ivan Petrov" */
  keep_name = g_strdup_printf (_("%s: %s"), title, keep_text != NULL ? keep_text : "—");
  other_name = g_strdup_printf (_("%s: %s"), title, other_text != NULL ? other_text : "—");
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice.keep_radio), GTK_ACCESSIBLE_PROPERTY_LABEL, keep_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice.other_radio), GTK_ACCESSIBLE_PROPERTY_LABEL, other_name, -1);

  gtk_grid_attach (self->grid, title_label (title), 0, row, 1, 1);
  gtk_grid_attach (self->grid, choice.keep_radio, 1, row, 1, 1);
  gtk_grid_attach (self->grid, choice.other_radio, 2, row, 1, 1);
  g_array_append_val (self->choices, choice);
}

/* Phones and e-mails: both cards' are all kept, nothing to choose. */
static void
add_kept_all (FcrmMergeDialog *self,
              const char      *title,
              gboolean         emails,
              int              row)
{
  FcrmContact *keep = FCRM_CONTACT (self->keep);
  FcrmContact *other = FCRM_CONTACT (self->other);
  g_autofree char *keep_text = points_text (emails ? keep->emails : keep->phones);
  g_autofree char *other_text = points_text (emails ? other->emails : other->phones);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *note = gtk_label_new (_("All kept"));

  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_add_css_class (note, "success");
  gtk_box_append (GTK_BOX (box), title_label (title));
  gtk_box_append (GTK_BOX (box), note);
  gtk_grid_attach (self->grid, box, 0, row, 1, 1);
  gtk_grid_attach (self->grid, value_label (keep_text), 1, row, 1, 1);
  gtk_grid_attach (self->grid, value_label (other_text), 2, row, 1, 1);
  /* aligned with the radios' labels */
  gtk_widget_set_margin_start (gtk_grid_get_child_at (self->grid, 1, row), 28);
  gtk_widget_set_margin_start (gtk_grid_get_child_at (self->grid, 2, row), 28);
}

static void
build (FcrmMergeDialog *self)
{
  int row = 1;

  add_card_headers (self);
  if (is_company (self))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Merge Companies"));
      gtk_label_set_text (self->intro_label,
                          _("Choose the value to keep for each field. The contacts, leads, deals, comments "
                            "and files of both companies are all kept. You can undo the merge."));
      add_choice (self, "name", C_("company field", "Name"), row++);
      add_choice (self, "inn", C_("company field", "INN"), row++);
      add_choice (self, "kpp", C_("company field", "KPP"), row++);
      add_choice (self, "address", C_("company field", "Address"), row++);
      add_choice (self, "comment", C_("company field", "Comment"), row++);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Merge Contacts"));
      gtk_label_set_text (self->intro_label,
                          _("Choose the value to keep for each field. The phones, e-mails, leads, deals, "
                            "comments and files of both contacts are all kept. You can undo the merge."));
      add_choice (self, "name", C_("contact field", "Name"), row++);
      add_kept_all (self, C_("contact field", "Phones"), FALSE, row++);
      add_kept_all (self, C_("contact field", "E-mails"), TRUE, row++);
      add_choice (self, "company", C_("contact field", "Company"), row++);
      add_choice (self, "address", C_("contact field", "Address"), row++);
      add_choice (self, "birthday", C_("contact field", "Birthday"), row++);
      add_choice (self, "comment", C_("contact field", "Comment"), row++);
    }
}

/* ---- choosing and merging ---------------------------------------------------------- */

static Choice *
find_choice (FcrmMergeDialog *self,
             const char      *field)
{
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *c = &g_array_index (self->choices, Choice, i);

      if (g_strcmp0 (c->field, field) == 0)
        return c;
    }
  return NULL;
}

gboolean
fcrm_merge_dialog_choose (FcrmMergeDialog *self,
                          const char      *field,
                          gboolean         from_other)
{
  Choice *c;

  g_return_val_if_fail (FCRM_IS_MERGE_DIALOG (self), FALSE);

  c = find_choice (self, field);
  if (c == NULL)
    return FALSE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (from_other ? c->other_radio : c->keep_radio), TRUE);
  return TRUE;
}

gboolean
fcrm_merge_dialog_takes_from_other (FcrmMergeDialog *self,
                                    const char      *field)
{
  Choice *c;

  g_return_val_if_fail (FCRM_IS_MERGE_DIALOG (self), FALSE);

  c = find_choice (self, field);
  return c != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (c->other_radio));
}

gboolean
fcrm_merge_dialog_merge (FcrmMergeDialog *self)
{
  g_autoptr(GPtrArray) take = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (FCRM_IS_MERGE_DIALOG (self), FALSE);

  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *c = &g_array_index (self->choices, Choice, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c->other_radio)))
        g_ptr_array_add (take, (gpointer) c->field);
    }
  g_ptr_array_add (take, NULL);

  g_clear_pointer (&self->undo, fcrm_undo_free);
  if (is_company (self))
    ok = fcrm_crm_company_merge (self->crm, client_id (self->keep), client_id (self->other),
                                 (const char * const *) take->pdata, &self->undo, &error);
  else
    ok = fcrm_crm_contact_merge (self->crm, client_id (self->keep), client_id (self->other),
                                 (const char * const *) take->pdata, &self->undo, &error);
  if (!ok)
    {
      /* nothing was written: say why, and let the person cancel */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }
  g_signal_emit (self, signals[MERGED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
merge_clicked_cb (FcrmMergeDialog *self)
{
  fcrm_merge_dialog_merge (self);
}

FcrmUndo *
fcrm_merge_dialog_steal_undo (FcrmMergeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_MERGE_DIALOG (self), NULL);

  return g_steal_pointer (&self->undo);
}

gint64
fcrm_merge_dialog_get_keep_id (FcrmMergeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_MERGE_DIALOG (self), 0);

  return client_id (self->keep);
}

gint64
fcrm_merge_dialog_get_other_id (FcrmMergeDialog *self)
{
  g_return_val_if_fail (FCRM_IS_MERGE_DIALOG (self), 0);

  return client_id (self->other);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
fcrm_merge_dialog_dispose (GObject *object)
{
  FcrmMergeDialog *self = FCRM_MERGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_MERGE_DIALOG);
  g_clear_object (&self->crm);
  g_clear_object (&self->keep);
  g_clear_object (&self->other);
  g_clear_pointer (&self->undo, fcrm_undo_free);

  G_OBJECT_CLASS (fcrm_merge_dialog_parent_class)->dispose (object);
}

static void
fcrm_merge_dialog_finalize (GObject *object)
{
  FcrmMergeDialog *self = FCRM_MERGE_DIALOG (object);

  g_array_unref (self->choices);

  G_OBJECT_CLASS (fcrm_merge_dialog_parent_class)->finalize (object);
}

static void
fcrm_merge_dialog_class_init (FcrmMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_merge_dialog_dispose;
  object_class->finalize = fcrm_merge_dialog_finalize;

  /**
   * FcrmMergeDialog::merged:
   *
   * The two cards are one now; fcrm_merge_dialog_steal_undo() gives the undo.
   */
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmMergeDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmMergeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmMergeDialog, grid);
  gtk_widget_class_bind_template_child (widget_class, FcrmMergeDialog, merge_button);
  gtk_widget_class_bind_template_callback (widget_class, merge_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fcrm_merge_dialog_init (FcrmMergeDialog *self)
{
  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_merge_dialog_new (FcrmCrm *crm,
                       GObject *first,
                       GObject *second)
{
  FcrmMergeDialog *self;
  gboolean swap;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail ((FCRM_IS_CONTACT (first) && FCRM_IS_CONTACT (second)) ||
                        (FCRM_IS_COMPANY (first) && FCRM_IS_COMPANY (second)), NULL);

  self = g_object_new (FCRM_TYPE_MERGE_DIALOG, NULL);
  self->crm = g_object_ref (crm);
  /* the older card stays: its id is the one people and links know longest */
  swap = client_id (first) > client_id (second);
  self->keep = g_object_ref (swap ? second : first);
  self->other = g_object_ref (swap ? first : second);
  build (self);
  return GTK_WIDGET (self);
}
