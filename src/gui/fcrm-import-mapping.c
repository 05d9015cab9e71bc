#define G_LOG_DOMAIN "fcrm-import-mapping"

#include <glib/gi18n.h>

#include "fcrm-import-mapping.h"

/* How many rows a column's preview shows. */
#define PREVIEW_ROWS 3

struct _FcrmImportMapping
{
  AdwBin          parent_instance;

  FcrmImportKind  kind;
  GPtrArray      *dropdowns;   /* GtkDropDown per column (borrowed from the grid) */
  GPtrArray      *columns;     /* the columns' names */
  GtkGrid        *grid;
};

G_DEFINE_FINAL_TYPE (FcrmImportMapping, fcrm_import_mapping, ADW_TYPE_BIN)

static void
fcrm_import_mapping_finalize (GObject *object)
{
  FcrmImportMapping *self = FCRM_IMPORT_MAPPING (object);

  g_ptr_array_unref (self->dropdowns);
  g_ptr_array_unref (self->columns);
  G_OBJECT_CLASS (fcrm_import_mapping_parent_class)->finalize (object);
}

static void
fcrm_import_mapping_class_init (FcrmImportMappingClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fcrm_import_mapping_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-import-mapping.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmImportMapping, grid);
}

static void
fcrm_import_mapping_init (FcrmImportMapping *self)
{
  self->dropdowns = g_ptr_array_new ();
  self->columns = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_import_mapping_new (void)
{
  return g_object_new (FCRM_TYPE_IMPORT_MAPPING, NULL);
}

/* The drop-down's position of @field: 0 "Don't import", then the kind's fields in order. */
static guint
position_of (FcrmImportKind  kind,
             const char     *field)
{
  guint i = 1;

  for (const FcrmImportField *f = fcrm_import_fields (kind); field != NULL && f->code != NULL; f++, i++)
    if (g_str_equal (f->code, field))
      return i;
  return 0;
}

/* The first values of @column, one line. */
static char *
preview (FcrmImportFile *file,
         guint           column)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint r = 0; r < MIN (PREVIEW_ROWS, fcrm_import_file_get_n_rows (file)); r++)
    {
      guint n = 0;
      const char * const *row = fcrm_import_file_get_row (file, r, &n, NULL);
      g_autofree char *one = column < n ? g_strdelimit (g_strstrip (g_strdup (row[column])), "\r\n\t", ' ') : NULL;

      if (one == NULL || *one == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, " · ");
      g_string_append (s, one);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
fcrm_import_mapping_set_file (FcrmImportMapping *self,
                              FcrmImportFile    *file,
                              FcrmImportKind     kind)
{
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);

  g_return_if_fail (FCRM_IS_IMPORT_MAPPING (self));
  g_return_if_fail (FCRM_IS_IMPORT_FILE (file));

  /* the lines of an earlier file go (the header line stays) */
  for (guint i = 1; i <= self->columns->len; i++)
    gtk_grid_remove_row (self->grid, 1);
  g_ptr_array_set_size (self->dropdowns, 0);
  g_ptr_array_set_size (self->columns, 0);
  self->kind = kind;

  gtk_string_list_append (fields, _("Don’t import"));
  for (const FcrmImportField *f = fcrm_import_fields (kind); f->code != NULL; f++)
    gtk_string_list_append (fields, fcrm_import_field_label (f->code));
  for (guint c = 0; c < fcrm_import_file_get_n_columns (file); c++)
    {
      const char *name = fcrm_import_file_get_column (file, c);
      g_autofree char *sample = preview (file, c);
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (fields)), NULL);
      GtkWidget *values = gtk_label_new (sample);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position_of (kind, fcrm_import_guess_field (kind, name)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_label_set_xalign (GTK_LABEL (values), 0);
      gtk_label_set_ellipsize (GTK_LABEL (values), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (values, TRUE);
      gtk_widget_add_css_class (values, "dim-label");
      gtk_widget_set_tooltip_text (values, sample);
      gtk_grid_attach (self->grid, label, 0, (int) c + 1, 1, 1);
      gtk_grid_attach (self->grid, dropdown, 1, (int) c + 1, 1, 1);
      gtk_grid_attach (self->grid, values, 2, (int) c + 1, 1, 1);
      g_ptr_array_add (self->dropdowns, dropdown);
      g_ptr_array_add (self->columns, g_strdup (name));
    }
}

const char *
fcrm_import_mapping_get_field (FcrmImportMapping *self,
                               guint              column)
{
  guint selected;

  g_return_val_if_fail (FCRM_IS_IMPORT_MAPPING (self), NULL);
  g_return_val_if_fail (column < self->dropdowns->len, NULL);

  selected = gtk_drop_down_get_selected (g_ptr_array_index (self->dropdowns, column));
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return fcrm_import_fields (self->kind)[selected - 1].code;
}

gboolean
fcrm_import_mapping_set_field (FcrmImportMapping *self,
                               guint              column,
                               const char        *field)
{
  guint position;

  g_return_val_if_fail (FCRM_IS_IMPORT_MAPPING (self), FALSE);
  g_return_val_if_fail (column < self->dropdowns->len, FALSE);

  position = position_of (self->kind, field);
  if (field != NULL && position == 0)
    return FALSE;
  gtk_drop_down_set_selected (g_ptr_array_index (self->dropdowns, column), position);
  return TRUE;
}

void
fcrm_import_mapping_apply (FcrmImportMapping *self,
                           FcrmImportOptions *options)
{
  g_return_if_fail (FCRM_IS_IMPORT_MAPPING (self));

  for (guint c = 0; c < self->columns->len; c++)
    fcrm_import_options_map_column (options, g_ptr_array_index (self->columns, c),
                                    fcrm_import_mapping_get_field (self, c), NULL);
}

guint
fcrm_import_mapping_count_mapped (FcrmImportMapping *self)
{
  guint n = 0;

  g_return_val_if_fail (FCRM_IS_IMPORT_MAPPING (self), 0);
  for (guint c = 0; c < self->dropdowns->len; c++)
    n += fcrm_import_mapping_get_field (self, c) != NULL;
  return n;
}
