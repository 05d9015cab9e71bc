#define G_LOG_DOMAIN "fcrm-board"

#include <glib/gi18n.h>

#include "fcrm-board-private.h"
#include "fcrm-vocabulary.h"

G_DEFINE_FINAL_TYPE (FcrmBoard, fcrm_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_PIPELINE,
  PROP_SORT,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- following the database ---- */

void
_fcrm_board_sync_columns (FcrmBoard *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    fcrm_board_column_sync (g_ptr_array_index (self->columns, i));
}

static void
fcrm_board_sync (FcrmBoard *self)
{
  _fcrm_board_update_users_async (self);
  if (!_fcrm_board_follow_actor (self))
    _fcrm_board_sync_columns (self);
}

static gboolean
sync_idle_cb (gpointer user_data)
{
  FcrmBoard *self = FCRM_BOARD (user_data);

  self->sync_id = 0;
  /* A hidden board catches up when shown: only what is seen costs queries. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fcrm_board_sync (self);
  else
    self->dirty = TRUE;

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmBoard *self)
{
  /* One change often comes as several commits: look once they are done. */
  if (self->sync_id == 0)
    self->sync_id = g_idle_add (sync_idle_cb, self);
}

static void
fcrm_board_map (GtkWidget *widget)
{
  FcrmBoard *self = FCRM_BOARD (widget);

  GTK_WIDGET_CLASS (fcrm_board_parent_class)->map (widget);

  _fcrm_board_follow_actor (self);
  if (self->dirty)
    {
      self->dirty = FALSE;
      crm_changed_cb (self);
    }
}

/* ---- the object ---- */

static void
fcrm_board_constructed (GObject *object)
{
  FcrmBoard *self = FCRM_BOARD (object);
  FcrmPipeline *pipeline;
  gboolean leads;

  G_OBJECT_CLASS (fcrm_board_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  pipeline = fcrm_crm_get_pipeline (self->crm, self->pipeline);
  if (pipeline == NULL)
    {
      g_critical ("Unknown pipeline “%s”", self->pipeline);
      return;
    }
  leads = pipeline->entity == FCRM_ENTITY_LEAD;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fcrm_pipeline_get_name (pipeline),
                                  -1);

  gtk_button_set_label (GTK_BUTTON (self->mine_button), leads ? _("My leads") : _("My deals"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mine_button),
                               leads ? _("Only the leads you are responsible for")
                                     : _("Only the deals you are responsible for"));

  for (guint i = 0; i < pipeline->stages->len; i++)
    {
      FcrmStage *stage = g_ptr_array_index (pipeline->stages, i);

      /* A handover stage never holds a deal (its robot moves it on at
       * once): a drop target like the final stages, not an empty column. */
      if (stage->kind == FCRM_STAGE_OPEN && fcrm_stage_hands_over_to (stage->code) == NULL)
        {
          GtkWidget *column = fcrm_board_column_new (self->crm, stage);

          _fcrm_board_dnd_watch_column (self, FCRM_BOARD_COLUMN (column));
          _fcrm_board_scroll_watch_column (self, FCRM_BOARD_COLUMN (column));
          fcrm_board_column_set_compact (FCRM_BOARD_COLUMN (column), self->compact);
          gtk_box_append (self->columns_box, column);
          g_ptr_array_add (self->columns, column);
        }
      else
        {
          GtkWidget *zone = _fcrm_board_final_zone_new (self, stage, leads);

          gtk_box_append (self->finals_box, zone);
          g_hash_table_insert (self->finals, g_strdup (stage->code), zone);
        }
    }

  /* the responsible filter offers the users once they are read */
  _fcrm_board_update_users_async (self);
  _fcrm_board_show_filter (self);

  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fcrm_board_dispose (GObject *object)
{
  FcrmBoard *self = FCRM_BOARD (object);
  GtkWidget *child;

  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  _fcrm_board_dnd_dispose (self);
  g_clear_weak_pointer (&self->dialog);
  if (self->settings != NULL)
    g_settings_unbind (self, "compact");
  g_clear_object (&self->settings);
  g_clear_object (&self->last_toast);
  g_ptr_array_set_size (self->columns, 0);
  g_hash_table_remove_all (self->finals);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_BOARD);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_board_parent_class)->dispose (object);
}

static void
fcrm_board_finalize (GObject *object)
{
  FcrmBoard *self = FCRM_BOARD (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->finals, g_hash_table_unref);
  g_clear_pointer (&self->user_ids, g_array_unref);
  g_clear_pointer (&self->user_logins, g_ptr_array_unref);
  g_clear_pointer (&self->restore_login, g_free);
  g_clear_pointer (&self->pipeline, g_free);

  G_OBJECT_CLASS (fcrm_board_parent_class)->finalize (object);
}

static void
fcrm_board_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcrmBoard *self = FCRM_BOARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_PIPELINE:
      g_value_set_string (value, self->pipeline);
      break;

    case PROP_SORT:
      g_value_set_string (value, _fcrm_board_get_sort_nick (self));
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_board_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcrmBoard *self = FCRM_BOARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_PIPELINE:
      self->pipeline = g_value_dup_string (value);
      break;

    case PROP_SORT:
      _fcrm_board_set_sort_nick (self, g_value_get_string (value));
      break;

    case PROP_COMPACT:
      fcrm_board_set_compact (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_board_class_init (FcrmBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_board_constructed;
  object_class->dispose = fcrm_board_dispose;
  object_class->finalize = fcrm_board_finalize;
  object_class->get_property = fcrm_board_get_property;
  object_class->set_property = fcrm_board_set_property;

  widget_class->map = fcrm_board_map;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPELINE] =
    g_param_spec_string ("pipeline", NULL, NULL,
                         "lead",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The view menu's order (action board.sort): "stage-entered", "budget", "created". */
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL,
                         "stage-entered",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* One-line cards (action board.compact). */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_property_action (widget_class, "board.sort", "sort");
  gtk_widget_class_install_property_action (widget_class, "board.compact", "compact");

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-board.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, all_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, mine_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, responsible_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, responsible_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, source_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, columns_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, finals_box);
  gtk_widget_class_bind_template_child (widget_class, FcrmBoard, finals_revealer);

  _fcrm_board_class_filters_init (klass);
  _fcrm_board_class_closed_init (klass);
  _fcrm_board_class_actions_init (klass);
  _fcrm_board_class_dnd_init (klass);
  _fcrm_board_class_scroll_init (klass);

  gtk_widget_class_set_css_name (widget_class, "fcrm-board");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fcrm_board_init (FcrmBoard *self)
{
  self->columns = g_ptr_array_new ();
  self->finals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->user_logins = g_ptr_array_new_with_free_func (g_free);
  self->filter.sort = FCRM_BOARD_SORT_STAGE_ENTERED;

  g_type_ensure (FCRM_TYPE_BOARD_COLUMN);
  gtk_widget_init_template (GTK_WIDGET (self));

  _fcrm_board_filters_init (self);
  _fcrm_board_actions_init (self);
  _fcrm_board_dnd_init (self);
  _fcrm_board_scroll_init (self);
}

GtkWidget *
fcrm_board_new (FcrmCrm    *crm,
                const char *pipeline)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);
  g_return_val_if_fail (pipeline != NULL, NULL);

  return g_object_new (FCRM_TYPE_BOARD,
                       "crm", crm,
                       "pipeline", pipeline,
                       NULL);
}

const char *
fcrm_board_get_pipeline (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  return self->pipeline;
}

guint
fcrm_board_get_n_columns (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), 0);

  return self->columns->len;
}

FcrmBoardColumn *
fcrm_board_get_column (FcrmBoard *self,
                       guint      position)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  if (position >= self->columns->len)
    return NULL;

  return g_ptr_array_index (self->columns, position);
}

FcrmBoardColumn *
fcrm_board_get_column_for_stage (FcrmBoard  *self,
                                 const char *code)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < self->columns->len; i++)
    {
      FcrmBoardColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (fcrm_board_column_get_stage (column)->code, code) == 0)
        return column;
    }

  return NULL;
}

GtkWidget *
fcrm_board_get_final_target (FcrmBoard  *self,
                             const char *code)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->finals, code);
}

gboolean
fcrm_board_is_populated (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);

  for (guint i = 0; i < self->columns->len; i++)
    {
      FcrmBoardColumn *column = g_ptr_array_index (self->columns, i);

      if (!fcrm_board_column_is_empty (column) &&
          fcrm_board_column_get_n_bound (column) == 0)
        return FALSE;
    }

  return TRUE;
}

void
fcrm_board_reload (FcrmBoard *self)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  g_clear_handle_id (&self->sync_id, g_source_remove);
  self->dirty = FALSE;
  fcrm_board_sync (self);
}


gboolean
fcrm_board_get_finals_shown (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);

  return gtk_revealer_get_reveal_child (self->finals_revealer);
}

GtkAdjustment *
fcrm_board_get_hadjustment (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), NULL);

  return gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
}

void
fcrm_board_set_compact (FcrmBoard *self,
                        gboolean   compact)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  for (guint i = 0; i < self->columns->len; i++)
    fcrm_board_column_set_compact (g_ptr_array_index (self->columns, i), compact);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

gboolean
fcrm_board_get_compact (FcrmBoard *self)
{
  g_return_val_if_fail (FCRM_IS_BOARD (self), FALSE);

  return self->compact;
}

void
fcrm_board_set_settings (FcrmBoard *self,
                         GSettings *settings)
{
  g_return_if_fail (FCRM_IS_BOARD (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  _fcrm_board_view_restore (self);
}
