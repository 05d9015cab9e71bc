#define G_LOG_DOMAIN "fcrm-board"

#include <glib/gi18n.h>

#include "fcrm-board-private.h"
#include "fcrm-crm-async.h"
#include "fcrm-vocabulary.h"

/* Lead sources (SPEC §3.1), in the order the filter offers them. */
#define source_codes (fcrm_lead_sources ())
#define N_SOURCES    (g_strv_length ((char **) fcrm_lead_sources ()))

/* Rows of the responsible filter before the people. */
enum {
  RESPONSIBLE_ANYONE,
  RESPONSIBLE_NOBODY,
  RESPONSIBLE_FIRST_USER,
};

/* ---- the header's widgets and self->filter ---- */

static FcrmUser *
dup_actor (FcrmBoard *self)
{
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);

  return actor != NULL ? g_object_ref (actor) : NULL;
}

static gint64
responsible_for_row (FcrmBoard *self,
                     guint      row)
{
  if (row == GTK_INVALID_LIST_POSITION || row == RESPONSIBLE_ANYONE)
    return 0;
  if (row == RESPONSIBLE_NOBODY)
    return -1;
  if (row - RESPONSIBLE_FIRST_USER < self->user_ids->len)
    return g_array_index (self->user_ids, gint64, row - RESPONSIBLE_FIRST_USER);

  return 0;
}

static guint
row_for_responsible (FcrmBoard *self,
                     gint64     responsible_id)
{
  if (responsible_id == 0)
    return RESPONSIBLE_ANYONE;
  if (responsible_id < 0)
    return RESPONSIBLE_NOBODY;
  for (guint i = 0; i < self->user_ids->len; i++)
    if (g_array_index (self->user_ids, gint64, i) == responsible_id)
      return RESPONSIBLE_FIRST_USER + i;

  return RESPONSIBLE_ANYONE;
}

void
_fcrm_board_apply_filter (FcrmBoard *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    fcrm_board_column_set_filter (g_ptr_array_index (self->columns, i), &self->filter);
}

/* The view menu's button says which order the cards are in. */
static void
update_view_tooltip (FcrmBoard *self)
{
  const char *order[] = {
    [FCRM_BOARD_SORT_STAGE_ENTERED] = _("Newest in stage"),
    [FCRM_BOARD_SORT_BUDGET] = _("Largest budget"),
    [FCRM_BOARD_SORT_CREATED] = _("Newest"),
  };
  g_autofree char *tooltip = NULL;

  /* TRANSLATORS: tooltip of a board's view menu: "Order of the cards: Largest budget" */
  tooltip = g_strdup_printf (_("Order of the cards: %s"),
                             order[(guint) self->filter.sort < G_N_ELEMENTS (order) ? self->filter.sort : 0]);
  gtk_widget_set_tooltip_text (self->view_button, tooltip);
}

/* The header's widgets agree with self->filter and the acting person. */
void
_fcrm_board_show_filter (FcrmBoard *self)
{
  g_autoptr(FcrmUser) actor = dup_actor (self);
  gboolean mine = actor != NULL && self->filter.responsible_id == actor->id;
  guint source = 0;

  for (guint i = 0; i < N_SOURCES; i++)
    if (g_strcmp0 (self->filter.source, source_codes[i]) == 0)
      source = i + 1;

  self->updating = TRUE;
  gtk_toggle_button_set_active (mine ? self->mine_button : self->all_button, TRUE);
  gtk_drop_down_set_selected (self->responsible_dropdown, row_for_responsible (self, self->filter.responsible_id));
  gtk_drop_down_set_selected (self->source_dropdown, source);
  self->updating = FALSE;
  /* the view menu's order follows (its action watches the property) */
  g_object_notify (G_OBJECT (self), "sort");
  update_view_tooltip (self);
}

static void
read_filter (FcrmBoard *self)
{
  guint source = gtk_drop_down_get_selected (self->source_dropdown);

  self->filter.responsible_id = responsible_for_row (self, gtk_drop_down_get_selected (self->responsible_dropdown));
  self->filter.source = source >= 1 && source <= N_SOURCES ? source_codes[source - 1] : NULL;
}

static void
filter_changed_cb (FcrmBoard *self)
{
  /* Also while the template and the lists are built: nothing to filter yet. */
  if (self->updating || self->crm == NULL)
    return;

  read_filter (self);
  _fcrm_board_show_filter (self);
  _fcrm_board_apply_filter (self);
  _fcrm_board_view_save (self);
}

static void
responsible_selected_cb (FcrmBoard *self)
{
  filter_changed_cb (self);
}

static void
mine_toggled_cb (FcrmBoard *self)
{
  g_autoptr(FcrmUser) actor = NULL;

  if (self->updating || self->crm == NULL)
    return;

  actor = dup_actor (self);
  if (gtk_toggle_button_get_active (self->mine_button) && actor == NULL)
    {
      /* Nobody chose who works here yet: there is no "mine". */
      gtk_widget_error_bell (GTK_WIDGET (self));
      _fcrm_board_show_filter (self);
      return;
    }
  if (gtk_toggle_button_get_active (self->mine_button))
    self->filter.responsible_id = actor->id;
  else if (actor != NULL && self->filter.responsible_id == actor->id)
    self->filter.responsible_id = 0;
  else
    return;

  _fcrm_board_show_filter (self);
  _fcrm_board_apply_filter (self);
  _fcrm_board_view_save (self);
}

/* The people offered by the responsible filter: every active user, and
 * whoever the filter shows now. Rebuilt only when that list changed. */
static void
show_user_list (FcrmBoard *self,
                GPtrArray *users)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) logins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->responsible_list)) - RESPONSIBLE_FIRST_USER;
  gboolean same;

  for (guint i = 0; i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (!user->active && user->id != self->filter.responsible_id)
        continue;
      g_array_append_val (ids, user->id);
      g_ptr_array_add (logins, g_strdup (user->login));
      g_ptr_array_add (names, user->name != NULL && *user->name ? user->name : user->login);
    }
  g_ptr_array_add (names, NULL);

  same = ids->len == shown;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_array_index (ids, gint64, i) == g_array_index (self->user_ids, gint64, i) &&
           g_strcmp0 (g_ptr_array_index (names, i),
                      gtk_string_list_get_string (self->responsible_list, RESPONSIBLE_FIRST_USER + i)) == 0;
  if (same)
    return;

  self->updating = TRUE;
  g_array_set_size (self->user_ids, 0);
  g_array_append_vals (self->user_ids, ids->data, ids->len);
  g_ptr_array_unref (self->user_logins);
  self->user_logins = g_steal_pointer (&logins);
  gtk_string_list_splice (self->responsible_list, RESPONSIBLE_FIRST_USER, shown,
                          (const char * const *) names->pdata);
  self->updating = FALSE;
  _fcrm_board_show_filter (self);
}

static void
show_users (FcrmBoard *self,
            GPtrArray *users)
{
  gboolean restored = self->restore_login != NULL;

  /* The person a kept view showed, known now by their login. */
  for (guint i = 0; restored && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->login, self->restore_login) == 0)
        self->filter.responsible_id = user->id;
    }
  g_clear_pointer (&self->restore_login, g_free);

  show_user_list (self, users);
  if (restored)
    {
      _fcrm_board_show_filter (self);
      _fcrm_board_apply_filter (self);
    }
}

void
_fcrm_board_update_users (FcrmBoard *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = fcrm_crm_list_users (self->crm, &error);
  if (users == NULL)
    {
      g_debug ("Cannot list the users: %s", error->message);
      return;
    }
  show_users (self, users);
}

static void
users_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcrmBoard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = fcrm_crm_list_users_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->users_cancellable);
  if (users == NULL)
    g_debug ("Cannot list the users: %s", error->message);
  else
    show_users (self, users);
}

void
_fcrm_board_update_users_async (FcrmBoard *self)
{
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  self->users_cancellable = g_cancellable_new ();
  fcrm_crm_list_users_async (self->crm, self->users_cancellable, users_cb, g_object_ref (self));
}

/* ---- following the acting person ---- */

/* Another person may work at this desktop now: "mine" follows them.
 * TRUE when the columns were filtered anew. */
gboolean
_fcrm_board_follow_actor (FcrmBoard *self)
{
  g_autoptr(FcrmUser) actor = dup_actor (self);

  if (gtk_toggle_button_get_active (self->mine_button) &&
      (actor == NULL || actor->id != self->filter.responsible_id))
    {
      self->filter.responsible_id = actor != NULL ? actor->id : 0;
      _fcrm_board_show_filter (self);
      _fcrm_board_apply_filter (self);
      return TRUE;
    }

  _fcrm_board_show_filter (self);
  return FALSE;
}

/* ---- public ---- */

void
fcrm_board_get_filter (FcrmBoard       *self,
                       FcrmBoardFilter *out_filter)
{
  g_return_if_fail (FCRM_IS_BOARD (self));
  g_return_if_fail (out_filter != NULL);

  *out_filter = self->filter;
}

void
fcrm_board_set_filter (FcrmBoard             *self,
                       const FcrmBoardFilter *filter)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  self->filter.responsible_id = filter != NULL ? filter->responsible_id : 0;
  self->filter.sort = filter != NULL ? filter->sort : FCRM_BOARD_SORT_STAGE_ENTERED;
  self->filter.source = NULL;
  for (guint i = 0; filter != NULL && i < N_SOURCES; i++)
    if (g_strcmp0 (filter->source, source_codes[i]) == 0)
      self->filter.source = source_codes[i];

  /* A person not offered yet (say, inactive) is added to the list first. */
  _fcrm_board_update_users (self);
  _fcrm_board_show_filter (self);
  read_filter (self);
  _fcrm_board_apply_filter (self);
  _fcrm_board_view_save (self);
}

void
fcrm_board_set_mine (FcrmBoard *self,
                     gboolean   mine)
{
  g_return_if_fail (FCRM_IS_BOARD (self));

  gtk_toggle_button_set_active (mine ? self->mine_button : self->all_button, TRUE);
}

/* ---- the order, as the view menu's action "board.sort" has it ---- */

static const char * const sort_nicks[] = {
  [FCRM_BOARD_SORT_STAGE_ENTERED] = "stage-entered",
  [FCRM_BOARD_SORT_BUDGET] = "budget",
  [FCRM_BOARD_SORT_CREATED] = "created",
};

const char *
_fcrm_board_get_sort_nick (FcrmBoard *self)
{
  if ((guint) self->filter.sort < G_N_ELEMENTS (sort_nicks))
    return sort_nicks[self->filter.sort];
  return sort_nicks[FCRM_BOARD_SORT_STAGE_ENTERED];
}

void
_fcrm_board_set_sort_nick (FcrmBoard  *self,
                           const char *nick)
{
  FcrmBoardSort sort = FCRM_BOARD_SORT_STAGE_ENTERED;

  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (sort_nicks); i++)
    if (g_strcmp0 (nick, sort_nicks[i]) == 0)
      sort = (FcrmBoardSort) i;
  if (sort == self->filter.sort)
    return;

  self->filter.sort = sort;
  g_object_notify (G_OBJECT (self), "sort");
  update_view_tooltip (self);
  if (self->crm == NULL)
    return;
  _fcrm_board_apply_filter (self);
  _fcrm_board_view_save (self);
}

/* ---- set-up ---- */

void
_fcrm_board_class_filters_init (FcrmBoardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, mine_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, responsible_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
}

void
_fcrm_board_filters_init (FcrmBoard *self)
{
  self->updating = TRUE;
  gtk_string_list_append (self->responsible_list, _("Any responsible"));
  gtk_string_list_append (self->responsible_list, _("Unassigned"));
  gtk_string_list_append (self->source_list, _("Any source"));
  for (guint i = 0; i < N_SOURCES; i++)
    gtk_string_list_append (self->source_list, fcrm_source_display_name (source_codes[i]));
  self->updating = FALSE;
}
