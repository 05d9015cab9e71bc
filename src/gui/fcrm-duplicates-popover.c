#define G_LOG_DOMAIN "fcrm-duplicates-popover"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fcrm-clients.h"
#include "fcrm-crm-async.h"
#include "fcrm-duplicates-popover.h"

/* The popover lists at most this many pairs: merging them brings the next. */
#define MAX_PAIRS 50

struct _FcrmDuplicatesPopover
{
  GtkPopover    parent_instance;

  FcrmCrm      *crm;
  gboolean      companies;
  gboolean      dirty;          /* the pairs shown may be stale */
  GCancellable *cancellable;    /* the read under way */

  GtkLabel     *heading;
  GtkStack     *stack;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (FcrmDuplicatesPopover, fcrm_duplicates_popover, GTK_TYPE_POPOVER)

enum { PAIR_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A suggested pair, with both cards read. */
typedef struct
{
  GObject *first;
  GObject *second;
  char    *reason;
} Pair;

static void
pair_free (Pair *pair)
{
  g_clear_object (&pair->first);
  g_clear_object (&pair->second);
  g_free (pair->reason);
  g_free (pair);
}

static gpointer
read_pairs (FcrmCrm  *worker,
            gpointer  data,
            GError  **error)
{
  gboolean companies = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) dups = companies ? fcrm_crm_company_duplicates (worker, MAX_PAIRS, error)
                                        : fcrm_crm_contact_duplicates (worker, MAX_PAIRS, error);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);

  if (dups == NULL)
    return NULL;
  for (guint i = 0; i < dups->len; i++)
    {
      FcrmDuplicate *dup = g_ptr_array_index (dups, i);
      Pair *pair = g_new0 (Pair, 1);

      pair->reason = g_strdup (dup->reason);
      g_ptr_array_add (pairs, pair);
      pair->first = companies ? G_OBJECT (fcrm_crm_company_get (worker, dup->first_id, error))
                              : G_OBJECT (fcrm_crm_contact_get (worker, dup->first_id, error));
      if (pair->first == NULL)
        return NULL;
      pair->second = companies ? G_OBJECT (fcrm_crm_company_get (worker, dup->second_id, error))
                               : G_OBJECT (fcrm_crm_contact_get (worker, dup->second_id, error));
      if (pair->second == NULL)
        return NULL;
    }
  return g_steal_pointer (&pairs);
}

static const char *
client_name (GObject *client)
{
  return FCRM_IS_CONTACT (client) ? FCRM_CONTACT (client)->name : FCRM_COMPANY (client)->name;
}

static const char *
reason_text (const char *reason)
{
  if (g_strcmp0 (reason, "phone") == 0)
    return _("Same phone");
  if (g_strcmp0 (reason, "email") == 0)
    return _("Same e-mail");
  if (g_strcmp0 (reason, "inn") == 0)
    return _("Same INN");
  if (g_strcmp0 (reason, "name") == 0)
    return _("Same name");
  return reason;
}

static GtkWidget *
pair_row_new (Pair *pair)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  /* Translators: two cards that may be the same client, "Ivan Petrov and Ivan P." */
  title = g_strdup_printf (_("%s and %s"), client_name (pair->first), client_name (pair->second));
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason_text (pair->reason));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Merge these two cards"));
  g_object_set_data_full (G_OBJECT (row), "fcrm-first", g_object_ref (pair->first), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "fcrm-second", g_object_ref (pair->second), g_object_unref);
  return row;
}

static void
show_pairs (FcrmDuplicatesPopover *self,
            GPtrArray             *pairs)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; pairs != NULL && i < pairs->len; i++)
    gtk_list_box_append (self->list, pair_row_new (g_ptr_array_index (pairs, i)));
  gtk_stack_set_visible_child_name (self->stack, pairs != NULL && pairs->len > 0 ? "list" : "empty");
}

static void
pairs_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FcrmDuplicatesPopover) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = fcrm_crm_read_finish (FCRM_CRM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (error != NULL)
    {
      g_warning ("Cannot read the duplicates: %s", error->message);
      self->dirty = TRUE;
    }
  show_pairs (self, pairs);
}

static void
load (FcrmDuplicatesPopover *self)
{
  if (self->crm == NULL)
    return;
  self->dirty = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  fcrm_crm_read_async (self->crm, read_pairs, GINT_TO_POINTER (self->companies), NULL,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, pairs_read_cb, g_object_ref (self));
}

static void
show_cb (FcrmDuplicatesPopover *self)
{
  if (self->dirty)
    load (self);
}

static void
row_activated_cb (FcrmDuplicatesPopover *self,
                  GtkListBoxRow         *row)
{
  g_signal_emit (self, signals[PAIR_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (row), "fcrm-first"),
                 g_object_get_data (G_OBJECT (row), "fcrm-second"));
}

void
fcrm_duplicates_popover_setup (FcrmDuplicatesPopover *self,
                               FcrmCrm               *crm,
                               gboolean               companies)
{
  g_return_if_fail (FCRM_IS_DUPLICATES_POPOVER (self));
  g_return_if_fail (FCRM_IS_CRM (crm));

  g_set_object (&self->crm, crm);
  self->companies = companies;
  self->dirty = TRUE;
  gtk_label_set_text (self->heading, companies ? _("Companies that may be the same")
                                               : _("Contacts who may be the same person"));
}

void
fcrm_duplicates_popover_reload (FcrmDuplicatesPopover *self)
{
  g_return_if_fail (FCRM_IS_DUPLICATES_POPOVER (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    load (self);
  else
    self->dirty = TRUE;
}

GtkListBox *
fcrm_duplicates_popover_get_list (FcrmDuplicatesPopover *self)
{
  g_return_val_if_fail (FCRM_IS_DUPLICATES_POPOVER (self), NULL);

  return self->list;
}

gboolean
fcrm_duplicates_popover_activate_pair (FcrmDuplicatesPopover *self,
                                       guint                  index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (FCRM_IS_DUPLICATES_POPOVER (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->list, (int) index);
  if (row == NULL)
    return FALSE;
  row_activated_cb (self, row);
  return TRUE;
}

static void
fcrm_duplicates_popover_dispose (GObject *object)
{
  FcrmDuplicatesPopover *self = FCRM_DUPLICATES_POPOVER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_DUPLICATES_POPOVER);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_duplicates_popover_parent_class)->dispose (object);
}

static void
fcrm_duplicates_popover_class_init (FcrmDuplicatesPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fcrm_duplicates_popover_dispose;

  /**
   * FcrmDuplicatesPopover::pair-activated:
   * @first: the older card
   * @second: the newer card
   *
   * A suggested pair was chosen, to be merged.
   */
  signals[PAIR_ACTIVATED] = g_signal_new ("pair-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_OBJECT, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/FurnitureCRM/ui/fcrm-duplicates-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmDuplicatesPopover, heading);
  gtk_widget_class_bind_template_child (widget_class, FcrmDuplicatesPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmDuplicatesPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, show_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
fcrm_duplicates_popover_init (FcrmDuplicatesPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
