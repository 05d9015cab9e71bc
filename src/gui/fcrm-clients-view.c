#define G_LOG_DOMAIN "fcrm-clients-view"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fcrm-clients-view.h"
#include "fcrm-duplicates-popover.h"
#include "fcrm-merge-dialog.h"
#include "fcrm-preferences.h"
#include "fcrm-toasts.h"
#include "fcrm-undo.h"
#include "fcrm-window.h"

/* Rows are read a page ahead of what is on screen: within this many pages of
 * the end, the next one is asked for. */
#define NEAR_THE_END_PAGES 2.0

struct _FcrmClientsView
{
  GtkWidget        parent_instance;

  FcrmCrm         *crm;
  gboolean         companies;
  FcrmClientModel *model;
  GtkMultiSelection *selection;
  guint            reload_id;
  gboolean         dirty;        /* changed while unmapped */
  GtkWindow       *merge_dialog; /* weak */
  AdwToast        *last_toast;

  GtkSearchEntry  *search_entry;
  GtkDropDown     *sort_dropdown;
  GSettings       *settings;        /* remembers the sort; NULL without the schema */
  GtkMenuButton   *duplicates_button;
  FcrmDuplicatesPopover *duplicates_popover;
  GtkButton       *merge_button;
  GtkButton       *new_button;
  GtkButton       *import_button;
  GtkLabel        *count_label;
  GtkSpinner      *loading_spinner;
  GtkStack        *stack;
  GtkScrolledWindow *scroller;
  GtkColumnView   *column_view;
  AdwStatusPage   *empty_page;
};

G_DEFINE_FINAL_TYPE (FcrmClientsView, fcrm_clients_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRM,
  PROP_COMPANIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- columns ------------------------------------------------------------------ */

typedef enum {
  COL_NAME,
  COL_COMPANY,
  COL_PHONE,
  COL_EMAIL,
  COL_INN,
  COL_ADDRESS,
  COL_ACTIVITY,
} Column;

static const char *
first_point (GPtrArray *points)
{
  return points != NULL && points->len > 0 ? ((FcrmContactPoint *) g_ptr_array_index (points, 0))->value : NULL;
}

/* The text a row shows in @column. */
static const char *
cell_text (gpointer item,
           Column   column)
{
  if (FCRM_IS_CONTACT (item))
    {
      FcrmContact *c = item;

      switch (column)
        {
        case COL_NAME: return c->name;
        case COL_COMPANY: return c->company_name;
        case COL_PHONE: return first_point (c->phones);
        case COL_EMAIL: return first_point (c->emails);
        case COL_ADDRESS: return c->address;
        case COL_INN:
        default: return NULL;
        }
    }
  if (FCRM_IS_COMPANY (item))
    {
      FcrmCompany *c = item;

      switch (column)
        {
        case COL_NAME: return c->name;
        case COL_INN: return c->inn;
        case COL_ADDRESS: return c->address;
        case COL_COMPANY:
        case COL_PHONE:
        case COL_EMAIL:
        default: return NULL;
        }
    }
  return NULL;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  if (column == COL_NAME)
    gtk_widget_add_css_class (label, "heading");
  if (column == COL_INN || column == COL_PHONE || column == COL_ACTIVITY)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COL_ACTIVITY)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  const char *text = cell_text (gtk_list_item_get_item (list_item), GPOINTER_TO_INT (user_data));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

/* "today", "3 days ago", a date: counted from the CRM's clock */
static void
bind_activity_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  FcrmClientsView          *self)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gint64 at = FCRM_IS_CONTACT (item) ? FCRM_CONTACT (item)->last_activity
            : FCRM_IS_COMPANY (item) ? FCRM_COMPANY (item)->last_activity : 0;
  g_autofree char *text = fcrm_time_format_days_ago (at, fcrm_clock_now (fcrm_crm_get_clock (self->crm)));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
add_column (FcrmClientsView *self,
            const char      *title,
            Column           column,
            int              fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  if (column == COL_ACTIVITY)
    g_signal_connect_object (factory, "bind", G_CALLBACK (bind_activity_cb), self, 0);
  else
    g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, g_object_ref (factory));
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  else
    gtk_column_view_column_set_expand (col, TRUE);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->column_view, col);
}

static void
add_columns (FcrmClientsView *self)
{
  if (self->companies)
    {
      add_column (self, C_("company column", "Name"), COL_NAME, 0);
      add_column (self, C_("company column", "INN"), COL_INN, 140);
      add_column (self, C_("company column", "Address"), COL_ADDRESS, 0);
      add_column (self, C_("company column", "Last activity"), COL_ACTIVITY, 115);
    }
  else
    {
      add_column (self, C_("contact column", "Name"), COL_NAME, 0);
      add_column (self, C_("contact column", "Company"), COL_COMPANY, 0);
      /* the fixed columns as wide as "+7 912 345-67-89" and "27.11.2026": the
       * rest goes to names, companies and addresses */
      add_column (self, C_("contact column", "Phone"), COL_PHONE, 150);
      add_column (self, C_("contact column", "E-mail"), COL_EMAIL, 0);
      add_column (self, C_("contact column", "Last activity"), COL_ACTIVITY, 115);
    }
}

/* ---- counts, the empty state ------------------------------------------------------ */

static void
update_state (FcrmClientsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean filtered = fcrm_client_model_get_query (self->model) != NULL;
  gboolean loading = fcrm_client_model_is_loading (self->model);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  /* %' groups digits the way the user's locale does. */
  count = g_strdup_printf ("%'u", n);
  /* The exact number is known once every row is read; before that, only
   * that there are more than those read (counting all would cost what the
   * table holds). */
  if (loading && n == 0)
    text = g_strdup ("");
  else if (fcrm_client_model_has_more (self->model))
    text = g_strdup_printf (self->companies ? ngettext ("More than %s company", "More than %s companies", n)
                                            : ngettext ("More than %s contact", "More than %s contacts", n), count);
  else if (self->companies)
    text = g_strdup_printf (filtered ? ngettext ("%s company found", "%s companies found", n)
                                     : ngettext ("%s company", "%s companies", n), count);
  else
    text = g_strdup_printf (filtered ? ngettext ("%s contact found", "%s contacts found", n)
                                     : ngettext ("%s contact", "%s contacts", n), count);
  gtk_label_set_text (self->count_label, text);

  if (n > 0 || loading)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  if (filtered)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Match"));
      adw_status_page_set_description (self->empty_page,
                                       self->companies ? _("No company has this in its name, INN or address.")
                                                       : _("No contact has this in the name, company, phone or e-mail."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page,
                                     self->companies ? "network-workgroup-symbolic" : "avatar-default-symbolic");
      adw_status_page_set_title (self->empty_page, self->companies ? _("No Companies") : _("No Contacts"));
      adw_status_page_set_description (self->empty_page,
                                       self->companies ? _("Companies appear here when you add them or convert a lead.")
                                                       : _("Contacts appear here when you add them or convert a lead."));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* ---- paging ------------------------------------------------------------------------ */

static gboolean
near_the_end (FcrmClientsView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  return value + page * (1.0 + NEAR_THE_END_PAGES) >= upper;
}

static void
maybe_load_more (FcrmClientsView *self)
{
  if (fcrm_client_model_has_more (self->model) && near_the_end (self))
    fcrm_client_model_load_more (self->model);
}

/* More rows are asked for only from the adjustment's signals: they come
 * after the list has laid out the rows it got (a short first page that does
 * not fill the view changes the adjustment too), never on the geometry of
 * the rows before. */
static void
model_changed_cb (FcrmClientsView *self)
{
  update_state (self);
}

/* ---- the selection, activation ------------------------------------------------------- */

/* The rows selected, at most @max of them (GObject, owned). */
static GPtrArray *
selected_rows (FcrmClientsView *self,
               guint            max)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position);
       ok && rows->len < max;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->model), position));
  return rows;
}

GArray *
fcrm_clients_view_dup_selected_contacts (FcrmClientsView *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (FCRM_IS_CLIENTS_VIEW (self), ids);
  rows = selected_rows (self, G_MAXUINT);
  for (guint i = 0; i < rows->len; i++)
    if (FCRM_IS_CONTACT (rows->pdata[i]))
      g_array_append_val (ids, FCRM_CONTACT (rows->pdata[i])->id);
  return ids;
}

static void
selection_changed_cb (FcrmClientsView *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_widget_set_sensitive (GTK_WIDGET (self->merge_button), gtk_bitset_get_size (set) == 2);
}

static void
row_activated_cb (FcrmClientsView *self,
                  guint            position)
{
  fcrm_clients_view_activate_row (self, position);
}

static void
merge_clicked_cb (FcrmClientsView *self)
{
  g_autoptr(GPtrArray) rows = selected_rows (self, 3);

  if (rows->len == 2)
    fcrm_clients_view_merge (self, g_ptr_array_index (rows, 0), g_ptr_array_index (rows, 1));
}

static void
pair_activated_cb (FcrmClientsView *self,
                   GObject         *first,
                   GObject         *second)
{
  gtk_popover_popdown (GTK_POPOVER (self->duplicates_popover));
  fcrm_clients_view_merge (self, first, second);
}

/* ---- filtering and sorting ------------------------------------------------------------- */

static void
search_changed_cb (FcrmClientsView *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  /* the model drops (cancels) the read of the text typed before */
  fcrm_client_model_set_query (self->model, query);
}

static void
search_activate_cb (FcrmClientsView *self)
{
  /* Enter in the search opens the only match */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 1 && !fcrm_client_model_is_loading (self->model))
    fcrm_clients_view_activate_row (self, 0);
}

static void
search_stop_cb (FcrmClientsView *self)
{
  /* Escape: everybody again */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
sort_changed_cb (FcrmClientsView *self)
{
  static const FcrmClientSort sorts[] = { FCRM_CLIENT_SORT_NAME, FCRM_CLIENT_SORT_NEWEST, FCRM_CLIENT_SORT_ACTIVITY };
  guint selected = gtk_drop_down_get_selected (self->sort_dropdown);

  fcrm_client_model_set_sort (self->model, sorts[selected < G_N_ELEMENTS (sorts) ? selected : 0]);
}

/* ---- merging and its toast ------------------------------------------------------------ */

static void
show_error (FcrmClientsView *self,
            const GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = NULL;
  g_autoptr(AdwToast) toast = NULL;

  if (FCRM_IS_WINDOW (root))
    {
      fcrm_window_show_error (FCRM_WINDOW (root), error);
      return;
    }
  escaped = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  fcrm_toast_show_replacing (GTK_WIDGET (self), &self->last_toast, toast);
}

static void
undo_clicked_cb (FcrmClientsView *self,
                 AdwToast        *toast)
{
  g_autoptr(FcrmUndo) undo = fcrm_undo_toast_steal_undo (toast);
  g_autoptr(GError) error = NULL;

  if (undo != NULL && !fcrm_crm_undo (self->crm, undo, &error))
    show_error (self, error);
}

static void
merged_cb (FcrmClientsView *self,
           FcrmMergeDialog *dialog)
{
  g_autoptr(AdwToast) toast = fcrm_undo_toast_new (self->companies ? _("Companies merged") : _("Contacts merged"),
                                                   fcrm_merge_dialog_steal_undo (dialog));

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  fcrm_toast_show_replacing (GTK_WIDGET (self), &self->last_toast, toast);
}

void
fcrm_clients_view_merge (FcrmClientsView *self,
                         GObject         *first,
                         GObject         *second)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (FCRM_IS_CLIENTS_VIEW (self));
  g_return_if_fail (G_IS_OBJECT (first) && G_IS_OBJECT (second));

  if (self->merge_dialog != NULL)
    gtk_window_destroy (self->merge_dialog);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = fcrm_merge_dialog_new (self->crm, first, second);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->merge_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwToast *
fcrm_clients_view_get_last_toast (FcrmClientsView *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENTS_VIEW (self), NULL);

  return self->last_toast;
}

GtkWindow *
fcrm_clients_view_get_merge_dialog (FcrmClientsView *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENTS_VIEW (self), NULL);

  return self->merge_dialog;
}

/* ---- reloading ------------------------------------------------------------------------ */

void
fcrm_clients_view_reload (FcrmClientsView *self)
{
  g_return_if_fail (FCRM_IS_CLIENTS_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->dirty = FALSE;
  fcrm_client_model_refresh (self->model);
  fcrm_duplicates_popover_reload (self->duplicates_popover);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  FcrmClientsView *self = user_data;

  self->reload_id = 0;
  fcrm_clients_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmClientsView *self)
{
  /* Hidden views catch up when shown; shown ones once per burst. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

void
fcrm_clients_view_activate_row (FcrmClientsView *self,
                                guint            position)
{
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (FCRM_IS_CLIENTS_VIEW (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (FCRM_IS_CONTACT (item))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)", "contact", FCRM_CONTACT (item)->id);
  else if (FCRM_IS_COMPANY (item))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-item", "(sx)", "company", FCRM_COMPANY (item)->id);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
fcrm_clients_view_map (GtkWidget *widget)
{
  FcrmClientsView *self = FCRM_CLIENTS_VIEW (widget);

  GTK_WIDGET_CLASS (fcrm_clients_view_parent_class)->map (widget);
  if (self->dirty)
    fcrm_clients_view_reload (self);
}

static gboolean
fcrm_clients_view_grab_focus (GtkWidget *widget)
{
  /* coming to the view, one types what to look for */
  return gtk_widget_grab_focus (GTK_WIDGET (FCRM_CLIENTS_VIEW (widget)->search_entry));
}

static void
fcrm_clients_view_constructed (GObject *object)
{
  FcrmClientsView *self = FCRM_CLIENTS_VIEW (object);
  GtkAdjustment *adjustment;

  G_OBJECT_CLASS (fcrm_clients_view_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  self->model = fcrm_client_model_new (self->crm, self->companies);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);

  g_object_bind_property (self->model, "loading", self->loading_spinner, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->model, "loading", self->loading_spinner, "spinning", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::has-more", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);

  /* short: at 1024 px the entry shares its row with five buttons; the
   * accessible name below says that it searches */
  g_object_set (self->search_entry, "placeholder-text",
                self->companies ? _("Name, INN or address") : _("Name, company, phone, e-mail"),
                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->companies ? _("Search companies") : _("Search contacts"),
                                  -1);
  /* typing in the list filters it */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  /* The New menu's dialogs: a missing action leaves the button insensitive. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->new_button),
                                  self->companies ? "win.new-company" : "win.new-contact");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_button),
                               self->companies ? _("New Company") : _("New Contact"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->import_button), "s",
                                    self->companies ? "companies" : "contacts");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button),
                               self->companies ? _("Import companies from a CSV file") : _("Import contacts from a CSV file"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->companies ? _("New Company") : _("New Contact"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->companies ? _("Import companies from a CSV file") : _("Import contacts from a CSV file"),
                                  -1);
  fcrm_duplicates_popover_setup (self->duplicates_popover, self->crm, self->companies);

  g_signal_connect_object (self->crm, "changed", G_CALLBACK (crm_changed_cb), self, G_CONNECT_SWAPPED);
  /* the sort chosen last time (its change reads the list again) */
  self->settings = fcrm_preferences_lookup_settings ("clients-sort");
  if (self->settings != NULL)
    g_settings_bind (self->settings, "clients-sort", self->sort_dropdown, "selected", G_SETTINGS_BIND_DEFAULT);
  update_state (self);
}

static void
fcrm_clients_view_dispose (GObject *object)
{
  FcrmClientsView *self = FCRM_CLIENTS_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->merge_dialog != NULL)
    gtk_window_destroy (self->merge_dialog);
  g_clear_weak_pointer (&self->merge_dialog);
  g_clear_object (&self->last_toast);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  /* The factories' cells point at the rows: detach the list first. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_CLIENTS_VIEW);
  /* dispose_template() leaves unbound children parented: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->crm);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fcrm_clients_view_parent_class)->dispose (object);
}

static void
fcrm_clients_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcrmClientsView *self = FCRM_CLIENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;
    case PROP_COMPANIES:
      g_value_set_boolean (value, self->companies);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_clients_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcrmClientsView *self = FCRM_CLIENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;
    case PROP_COMPANIES:
      self->companies = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_clients_view_class_init (FcrmClientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_clients_view_constructed;
  object_class->dispose = fcrm_clients_view_dispose;
  object_class->get_property = fcrm_clients_view_get_property;
  object_class->set_property = fcrm_clients_view_set_property;
  widget_class->map = fcrm_clients_view_map;
  widget_class->grab_focus = fcrm_clients_view_grab_focus;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL, FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* TRUE: the Companies view; FALSE: Contacts. */
  properties[PROP_COMPANIES] =
    g_param_spec_boolean ("companies", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-clients-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, duplicates_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, duplicates_popover);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, merge_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, new_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, import_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, FcrmClientsView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, merge_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pair_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clientsview");
}

static void
fcrm_clients_view_init (FcrmClientsView *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (FCRM_TYPE_DUPLICATES_POPOVER);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fcrm_clients_view_new (FcrmCrm  *crm,
                       gboolean  companies)
{
  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  return g_object_new (FCRM_TYPE_CLIENTS_VIEW, "crm", crm, "companies", companies, NULL);
}

gboolean
fcrm_clients_view_get_companies (FcrmClientsView *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENTS_VIEW (self), FALSE);

  return self->companies;
}

FcrmClientModel *
fcrm_clients_view_get_model (FcrmClientsView *self)
{
  g_return_val_if_fail (FCRM_IS_CLIENTS_VIEW (self), NULL);

  return self->model;
}
