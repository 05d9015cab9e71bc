#define G_LOG_DOMAIN "fcrm-card-section"

#include <glib/gi18n.h>

#include "fcrm-card-section.h"
#include "fcrm-toasts.h"

G_DEFINE_INTERFACE (FcrmCardSection, fcrm_card_section, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  CONFLICT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fcrm_card_section_real_list_changes (FcrmCardSection *self,
                                     GPtrArray       *names)
{
}

static gboolean
fcrm_card_section_real_apply (FcrmCardSection  *self,
                              GError          **error)
{
  return TRUE;
}

static void
fcrm_card_section_real_discard (FcrmCardSection *self)
{
}

static void
fcrm_card_section_real_rebase (FcrmCardSection *self,
                               gint64           from_version,
                               gint64           to_version)
{
}

static void
fcrm_card_section_default_init (FcrmCardSectionInterface *iface)
{
  iface->list_changes = fcrm_card_section_real_list_changes;
  iface->apply = fcrm_card_section_real_apply;
  iface->discard = fcrm_card_section_real_discard;
  iface->rebase = fcrm_card_section_real_rebase;

  /**
   * FcrmCardSection::changed:
   * @wrote: TRUE when the section itself wrote the item, moving its version
   *   by one; FALSE when it found the item changed by others, or gone
   *
   * The item is not as the section was given it: the card reads it again and
   * hands it to every section.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * FcrmCardSection::conflict:
   * @what: the translated name of the change refused
   *
   * A change was refused because someone else wrote the item since the user
   * began it. Nothing was written; the change stays pending until the user
   * applies it again or the card reloads the item.
   */
  signals[CONFLICT] =
    g_signal_new ("conflict",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
fcrm_card_section_set_item (FcrmCardSection *self,
                            FcrmCrm         *crm,
                            FcrmItem        *item)
{
  FcrmCardSectionInterface *iface;

  g_return_if_fail (FCRM_IS_CARD_SECTION (self));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (FCRM_IS_ITEM (item));

  iface = FCRM_CARD_SECTION_GET_IFACE (self);
  g_return_if_fail (iface->set_item != NULL);
  iface->set_item (self, crm, item);
}

void
fcrm_card_section_set_data (FcrmCardSection *self,
                            FcrmCrm         *crm,
                            FcrmCardData    *data)
{
  FcrmCardSectionInterface *iface;

  g_return_if_fail (FCRM_IS_CARD_SECTION (self));
  g_return_if_fail (FCRM_IS_CRM (crm));
  /* a lead's or deal's card, or a client's (whose sections take the data) */
  g_return_if_fail (data != NULL && (FCRM_IS_ITEM (data->item) || data->contact != NULL || data->company != NULL));

  iface = FCRM_CARD_SECTION_GET_IFACE (self);
  if (iface->set_data != NULL)
    iface->set_data (self, crm, data);
  else if (data->item != NULL)
    fcrm_card_section_set_item (self, crm, data->item);
}

void
fcrm_card_section_list_changes (FcrmCardSection *self,
                                GPtrArray       *names)
{
  g_return_if_fail (FCRM_IS_CARD_SECTION (self));
  g_return_if_fail (names != NULL);

  FCRM_CARD_SECTION_GET_IFACE (self)->list_changes (self, names);
}

gboolean
fcrm_card_section_has_changes (FcrmCardSection *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (FCRM_IS_CARD_SECTION (self), FALSE);

  fcrm_card_section_list_changes (self, names);
  return names->len > 0;
}

gboolean
fcrm_card_section_apply (FcrmCardSection  *self,
                         GError          **error)
{
  g_return_val_if_fail (FCRM_IS_CARD_SECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return FCRM_CARD_SECTION_GET_IFACE (self)->apply (self, error);
}

void
fcrm_card_section_discard (FcrmCardSection *self)
{
  g_return_if_fail (FCRM_IS_CARD_SECTION (self));

  FCRM_CARD_SECTION_GET_IFACE (self)->discard (self);
}

void
fcrm_card_section_rebase (FcrmCardSection *self,
                          gint64           from_version,
                          gint64           to_version)
{
  g_return_if_fail (FCRM_IS_CARD_SECTION (self));

  FCRM_CARD_SECTION_GET_IFACE (self)->rebase (self, from_version, to_version);
}

void
fcrm_card_section_changed (FcrmCardSection *self,
                           gboolean         wrote)
{
  g_return_if_fail (FCRM_IS_CARD_SECTION (self));

  g_signal_emit (self, signals[CHANGED], 0, wrote);
}

void
fcrm_card_section_conflict (FcrmCardSection *self,
                            const char      *what)
{
  g_return_if_fail (FCRM_IS_CARD_SECTION (self));
  g_return_if_fail (what != NULL);

  g_signal_emit (self, signals[CONFLICT], 0, what);
}

/* Shared by the sections */

void
fcrm_card_section_toast (FcrmCardSection *self,
                         const char      *message)
{
  GtkWidget *overlay;
  g_autofree char *escaped = NULL;

  g_return_if_fail (FCRM_IS_CARD_SECTION (self));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  escaped = g_markup_escape_text (message, -1);   /* a toast's title is markup */
  fcrm_toast_show (overlay, adw_toast_new (escaped));
}

static char *
format_local (gint64      unix_seconds,
              const char *format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_seconds);
  return dt != NULL ? g_date_time_format (dt, format) : NULL;
}

char *
fcrm_card_format_date (gint64 unix_seconds)
{
  /* Translators: a date on a card, in g_date_time_format() notation
   * ("January 12, 2026"); %B is the month name, in the genitive case where
   * the language has one, so Russian can use "%-d %B %Y". */
  return format_local (unix_seconds, _("%B %-d, %Y"));
}

char *
fcrm_card_format_date_time (gint64 unix_seconds)
{
  /* Translators: a date and time on a card, in g_date_time_format()
   * notation ("January 12, 2026 at 09:00"). */
  return format_local (unix_seconds, _("%B %-d, %Y at %H:%M"));
}

const char *
fcrm_card_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

GPtrArray *
fcrm_card_read_part (GPtrArray    *part,
                     const char   *what,
                     FcrmItem     *item,
                     const GError *error)
{
  if (part == NULL)
    g_warning ("Cannot read the %s of %s %" G_GINT64_FORMAT ": %s", what,
               fcrm_entity_type_to_string (item->type), item->id,
               error != NULL ? error->message : "?");
  return part;
}

void
fcrm_card_clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  /* Rows only: the placeholder is a child too. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

char *
fcrm_card_comment_author (FcrmComment *comment)
{
  g_return_val_if_fail (FCRM_IS_COMMENT (comment), NULL);

  if (fcrm_card_nonempty (comment->user_name) != NULL)
    return g_strdup (comment->user_name);
  if (fcrm_card_nonempty (comment->user_login) != NULL)
    return g_strdup (comment->user_login);
  /* Translators: the author of a comment written without a user (from the command line) */
  return g_strdup (_("Unknown author"));
}
