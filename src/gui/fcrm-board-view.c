#define G_LOG_DOMAIN "fcrm-board"

/* A board's view kept in GSettings: per pipeline its filters and order in
 * "board-views" (a dictionary: pipeline code → its view), and the cards'
 * density for every board in "board-compact". Shown again at the next start. */

#include "fcrm-board-private.h"
#include "fcrm-vocabulary.h"

/* Keys of one board's view in "board-views". */
#define VIEW_SORT        "sort"         /* s: stage-entered, budget, created */
#define VIEW_SOURCE      "source"       /* s: a lead source code, "" any */
#define VIEW_MINE        "mine"         /* b: the acting person's cards */
#define VIEW_RESPONSIBLE "responsible"  /* s: a login, "" anyone */
#define VIEW_UNASSIGNED  "unassigned"   /* b: the cards without a responsible */

static const char *
responsible_login (FcrmBoard *self)
{
  if (self->restore_login != NULL)
    return self->restore_login;   /* not shown yet: kept as it was */

  for (guint i = 0; i < self->user_ids->len && i < self->user_logins->len; i++)
    if (g_array_index (self->user_ids, gint64, i) == self->filter.responsible_id)
      return g_ptr_array_index (self->user_logins, i);

  return "";
}

void
_fcrm_board_view_save (FcrmBoard *self)
{
  g_autoptr(GVariant) views = NULL;
  g_autoptr(FcrmUser) actor = NULL;
  GVariantBuilder builder;
  GVariantBuilder view;
  GVariantIter iter;
  const char *code;
  GVariant *value;
  gboolean mine;

  if (self->settings == NULL || self->restoring)
    return;

  actor = fcrm_crm_get_actor (self->crm) != NULL ? g_object_ref (fcrm_crm_get_actor (self->crm)) : NULL;
  mine = actor != NULL && self->filter.responsible_id == actor->id;

  g_variant_builder_init (&view, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&view, "{sv}", VIEW_SORT, g_variant_new_string (_fcrm_board_get_sort_nick (self)));
  g_variant_builder_add (&view, "{sv}", VIEW_SOURCE,
                         g_variant_new_string (self->filter.source != NULL ? self->filter.source : ""));
  g_variant_builder_add (&view, "{sv}", VIEW_MINE, g_variant_new_boolean (mine));
  g_variant_builder_add (&view, "{sv}", VIEW_RESPONSIBLE,
                         g_variant_new_string (mine || self->filter.responsible_id < 0 ? "" : responsible_login (self)));
  g_variant_builder_add (&view, "{sv}", VIEW_UNASSIGNED, g_variant_new_boolean (self->filter.responsible_id < 0));

  /* the other boards' views stay as they are */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{sv}}"));
  views = g_settings_get_value (self->settings, "board-views");
  g_variant_iter_init (&iter, views);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &code, &value))
    {
      if (g_strcmp0 (code, self->pipeline) != 0)
        g_variant_builder_add (&builder, "{s@a{sv}}", code, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{sa{sv}}", self->pipeline, &view);

  g_settings_set_value (self->settings, "board-views", g_variant_builder_end (&builder));
}

void
_fcrm_board_view_restore (FcrmBoard *self)
{
  g_autoptr(GVariant) views = g_settings_get_value (self->settings, "board-views");
  g_autoptr(GVariant) view = g_variant_lookup_value (views, self->pipeline, G_VARIANT_TYPE_VARDICT);
  FcrmUser *actor = fcrm_crm_get_actor (self->crm);
  const char * const *sources = fcrm_lead_sources ();
  const char *text = NULL;
  gboolean flag = FALSE;

  g_settings_bind (self->settings, "board-compact", self, "compact", G_SETTINGS_BIND_DEFAULT);
  if (view == NULL)
    return;

  self->restoring = TRUE;

  if (g_variant_lookup (view, VIEW_SORT, "&s", &text))
    _fcrm_board_set_sort_nick (self, text);

  self->filter.source = NULL;
  for (guint i = 0; g_variant_lookup (view, VIEW_SOURCE, "&s", &text) && sources[i] != NULL; i++)
    if (g_strcmp0 (text, sources[i]) == 0)
      self->filter.source = sources[i];

  g_clear_pointer (&self->restore_login, g_free);
  self->filter.responsible_id = 0;
  if (g_variant_lookup (view, VIEW_MINE, "b", &flag) && flag && actor != NULL)
    self->filter.responsible_id = actor->id;
  else if (g_variant_lookup (view, VIEW_UNASSIGNED, "b", &flag) && flag)
    self->filter.responsible_id = -1;
  else if (g_variant_lookup (view, VIEW_RESPONSIBLE, "&s", &text) && *text != '\0')
    self->restore_login = g_strdup (text);   /* shown once the users are read */

  _fcrm_board_show_filter (self);
  _fcrm_board_apply_filter (self);
  if (self->restore_login != NULL)
    _fcrm_board_update_users_async (self);

  self->restoring = FALSE;
}
