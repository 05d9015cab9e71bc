#define G_LOG_DOMAIN "fcrm-item-card"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "fcrm-item-card.h"
#include "fcrm-clock.h"
#include "fcrm-error.h"
#include "fcrm-inbox.h"
#include "fcrm-money.h"

/* The value rows of the About, Project and Additional tabs. They are alike
 * and many, so they come from this table rather than from the template.
 * Fields are read-only in this version. */
typedef enum {
  FIELD_TITLE,
  FIELD_CLIENT,
  FIELD_BUDGET,
  FIELD_SOURCE,
  FIELD_NAME,
  FIELD_PHONE,
  FIELD_EMAIL,
  FIELD_COMPANY,
  FIELD_COMMENT,

  FIELD_DELIVERY_DATE,
  FIELD_INSTALLATION_DATE,
  FIELD_INSTALLATION_NEEDED,
  FIELD_DESIGN,
  FIELD_PROJECT,
  FIELD_MEASUREMENTS,
  FIELD_VISIT_AT,
  FIELD_WARRANTY_UNTIL,

  FIELD_STAGE,
  FIELD_STAGE_SINCE,
  FIELD_RESPONSIBLE,
  FIELD_PARTICIPANTS,
  FIELD_ADDITIONAL_SOURCE,
  /* the origin lead / converted deal rows go here */
  FIELD_CREATED,
  FIELD_CHANGED,
  FIELD_CLOSED,
  FIELD_LOSS_REASON,
  FIELD_LOSS_REASON_TEXT,

  N_FIELDS
} Field;

typedef enum {
  GROUP_ABOUT,
  GROUP_PROJECT,
  GROUP_ADDITIONAL,
} Group;

static const struct {
  Group       group;
  const char *title;
} field_defs[N_FIELDS] = {
  [FIELD_TITLE]               = { GROUP_ABOUT, N_("Title") },
  [FIELD_CLIENT]              = { GROUP_ABOUT, N_("Client") },
  [FIELD_BUDGET]              = { GROUP_ABOUT, N_("Budget") },
  [FIELD_SOURCE]              = { GROUP_ABOUT, N_("Source") },
  [FIELD_NAME]                = { GROUP_ABOUT, N_("Name") },
  [FIELD_PHONE]               = { GROUP_ABOUT, N_("Phone") },
  [FIELD_EMAIL]               = { GROUP_ABOUT, N_("E-mail") },
  [FIELD_COMPANY]             = { GROUP_ABOUT, N_("Company") },
  [FIELD_COMMENT]             = { GROUP_ABOUT, N_("Comment") },

  [FIELD_DELIVERY_DATE]       = { GROUP_PROJECT, N_("Delivery date") },
  [FIELD_INSTALLATION_DATE]   = { GROUP_PROJECT, N_("Installation date") },
  [FIELD_INSTALLATION_NEEDED] = { GROUP_PROJECT, N_("Installation needed") },
  [FIELD_DESIGN]              = { GROUP_PROJECT, N_("Design") },
  [FIELD_PROJECT]             = { GROUP_PROJECT, N_("Project") },
  [FIELD_MEASUREMENTS]        = { GROUP_PROJECT, N_("Measurements") },
  [FIELD_VISIT_AT]            = { GROUP_PROJECT, N_("Visit time") },
  [FIELD_WARRANTY_UNTIL]      = { GROUP_PROJECT, N_("Warranty until") },

  [FIELD_STAGE]               = { GROUP_ADDITIONAL, N_("Stage") },
  [FIELD_STAGE_SINCE]         = { GROUP_ADDITIONAL, N_("In the stage since") },
  [FIELD_RESPONSIBLE]         = { GROUP_ADDITIONAL, N_("Responsible") },
  [FIELD_PARTICIPANTS]        = { GROUP_ADDITIONAL, N_("Participants") },
  [FIELD_ADDITIONAL_SOURCE]   = { GROUP_ADDITIONAL, N_("Source") },
  [FIELD_CREATED]             = { GROUP_ADDITIONAL, N_("Created") },
  [FIELD_CHANGED]             = { GROUP_ADDITIONAL, N_("Changed") },
  [FIELD_CLOSED]              = { GROUP_ADDITIONAL, N_("Closed") },
  [FIELD_LOSS_REASON]         = { GROUP_ADDITIONAL, N_("Loss reason") },
  [FIELD_LOSS_REASON_TEXT]    = { GROUP_ADDITIONAL, N_("Loss reason in detail") },
};

struct _FcrmItemCard
{
  AdwWindow            parent_instance;

  FcrmCrm             *crm;
  FcrmEntityType       type;
  gint64               id;
  FcrmItem            *item;        /* NULL until read, or when gone */
  guint                refresh_id;

  GtkWidget           *field_rows[N_FIELDS];
  GtkLabel            *field_values[N_FIELDS];
  GtkWidget           *origin_lead_row;
  GtkLabel            *origin_lead_value;
  GtkWidget           *origin_lead_button;
  GtkWidget           *deal_row;
  GtkLabel            *deal_value;
  GtkWidget           *deal_button;

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget           *switcher_bar;
  GtkStack            *main_stack;
  GtkLabel            *title_label;
  GtkLabel            *stage_label;
  GtkLabel            *pipeline_label;
  GtkWidget           *returning_badge;
  AdwViewStack        *view_stack;
  AdwPreferencesGroup *about_group;
  AdwPreferencesGroup *project_group;
  GtkWidget           *project_lead_label;
  AdwPreferencesGroup *additional_group;
  GtkListBox          *tasks_list;
  GtkEntry            *task_title_entry;
  GtkEntry            *task_due_entry;
  GtkWidget           *task_add_button;
  GtkLabel            *task_error_label;
  GtkListBox          *timeline_list;
  AdwStatusPage       *gone_page;
};

G_DEFINE_FINAL_TYPE (FcrmItemCard, fcrm_item_card, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CRM,
  PROP_ITEM_TYPE,
  PROP_ITEM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Dates and times in the user's language. */

static char *
format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_seconds);
  if (dt == NULL)
    return NULL;

  /* Translators: a date on a card, in g_date_time_format() notation
   * ("January 12, 2026"); %B is the month name, in the genitive case where
   * the language has one, so Russian can use "%-d %B %Y". */
  return g_date_time_format (dt, _("%B %-d, %Y"));
}

static char *
format_date_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_seconds);
  if (dt == NULL)
    return NULL;

  /* Translators: a date and time on a card, in g_date_time_format()
   * notation ("January 12, 2026 at 09:00"). */
  return g_date_time_format (dt, _("%B %-d, %Y at %H:%M"));
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* Field rows */

static GtkWidget *
field_row_new (const char  *title,
               GtkLabel   **out_value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  /* AdwActionRow's subtitle cannot be selected before libadwaita 1.3: the
   * name beside a selectable value, dense enough that the tasks below the
   * tabs stay in sight. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  gtk_widget_add_css_class (box, "item-card-field");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_yalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (name), 18);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 18);
  gtk_widget_add_css_class (name, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_yalign (GTK_LABEL (value), 0);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (value, "item-card-value");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL,
                                  -1);

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  *out_value = GTK_LABEL (value);
  return row;
}

/* @empty: what an unset value reads as, dimmed. */
static void
set_field_full (FcrmItemCard *self,
                Field         field,
                const char   *text,
                const char   *empty)
{
  GtkLabel *label = self->field_values[field];
  gboolean set = nonempty (text) != NULL;

  gtk_label_set_text (label, set ? text : empty);
  /* Select-all on focus would greet the reader with a highlighted
   * "Not set": only real values are selectable. */
  gtk_label_set_selectable (label, set);
  if (set)
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_set_visible (self->field_rows[field], TRUE);
}

static void
set_field (FcrmItemCard *self,
           Field         field,
           const char   *text)
{
  set_field_full (self, field, text, _("Not set"));
}

static void
set_field_take (FcrmItemCard *self,
                Field         field,
                char         *text)
{
  set_field (self, field, text);
  g_free (text);
}

static void
hide_field (FcrmItemCard *self,
            Field         field)
{
  gtk_widget_set_visible (self->field_rows[field], FALSE);
}

static AdwPreferencesGroup *
group_of (FcrmItemCard *self,
          Group         group)
{
  switch (group)
    {
    case GROUP_ABOUT:
      return self->about_group;
    case GROUP_PROJECT:
      return self->project_group;
    case GROUP_ADDITIONAL:
      return self->additional_group;
    default:
      g_assert_not_reached ();
    }
}

static void
open_linked (FcrmItemCard   *self,
             FcrmEntityType  type,
             gint64          id)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* Cards belong to the main window, not to each other. */
  fcrm_item_card_present (parent != NULL ? parent : GTK_WINDOW (self), self->crm, type, id);
}

static void
origin_lead_clicked_cb (FcrmItemCard *self)
{
  if (self->item != NULL && self->item->lead_id > 0)
    open_linked (self, FCRM_ENTITY_LEAD, self->item->lead_id);
}

static void
deal_clicked_cb (FcrmItemCard *self)
{
  if (self->item != NULL && self->item->deal_id > 0)
    open_linked (self, FCRM_ENTITY_DEAL, self->item->deal_id);
}

/* A field row whose value names another item, with a button opening it. */
static GtkWidget *
link_row_new (FcrmItemCard  *self,
              const char    *title,
              const char    *tooltip,
              GCallback      callback,
              GtkLabel     **out_value,
              GtkWidget    **out_button)
{
  GtkWidget *row = field_row_new (title, out_value);
  GtkWidget *button = gtk_button_new_with_label (_("Open"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), button);

  *out_button = button;
  return row;
}

static void
build_field_rows (FcrmItemCard *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (i == FIELD_CREATED)
        {
          self->origin_lead_row = link_row_new (self, _("Origin lead"),
                                                _("Open the lead this deal came from"),
                                                G_CALLBACK (origin_lead_clicked_cb),
                                                &self->origin_lead_value,
                                                &self->origin_lead_button);
          adw_preferences_group_add (self->additional_group, self->origin_lead_row);
          self->deal_row = link_row_new (self, _("Converted deal"),
                                         _("Open the deal this lead became"),
                                         G_CALLBACK (deal_clicked_cb),
                                         &self->deal_value,
                                         &self->deal_button);
          adw_preferences_group_add (self->additional_group, self->deal_row);
        }

      self->field_rows[i] = field_row_new (_(field_defs[i].title), &self->field_values[i]);
      adw_preferences_group_add (group_of (self, field_defs[i].group), self->field_rows[i]);
    }
}

static void
update_link_row (GtkWidget      *row,
                 GtkLabel       *value,
                 GtkWidget      *button,
                 FcrmCrm        *crm,
                 FcrmEntityType  type,
                 gint64          id,
                 const char     *none)
{
  g_autoptr(FcrmItem) linked = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (row, TRUE);
  gtk_widget_set_visible (button, id > 0);
  if (id <= 0)
    {
      gtk_label_set_text (value, none);
      gtk_label_set_selectable (value, FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (value), "dim-label");
      return;
    }

  linked = type == FCRM_ENTITY_LEAD
           ? fcrm_crm_lead_get (crm, id, NULL)
           : fcrm_crm_deal_get (crm, id, NULL);
  if (type == FCRM_ENTITY_LEAD)
    text = linked != NULL && nonempty (linked->title)
           ? g_strdup_printf (_("Lead #%" PRId64 " · %s"), id, linked->title)
           : g_strdup_printf (_("Lead #%" PRId64), id);
  else
    text = linked != NULL && nonempty (linked->title)
           ? g_strdup_printf (_("Deal #%" PRId64 " · %s"), id, linked->title)
           : g_strdup_printf (_("Deal #%" PRId64), id);
  gtk_label_set_text (value, text);
  gtk_label_set_selectable (value, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (value), "dim-label");
}

/* Header and tabs */

static void
update_header (FcrmItemCard *self)
{
  FcrmItem *item = self->item;
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, item->stage);
  FcrmPipeline *pipeline = fcrm_crm_get_pipeline (self->crm, item->pipeline);
  GtkWidget *pill = GTK_WIDGET (self->stage_label);
  g_autofree char *number = NULL;
  const char *title = nonempty (item->title) ? item->title : _("Untitled");

  number = item->type == FCRM_ENTITY_LEAD
           ? g_strdup_printf (_("Lead #%" PRId64), item->id)
           : g_strdup_printf (_("Deal #%" PRId64), item->id);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, number);
  gtk_label_set_text (self->title_label, title);

  gtk_label_set_text (self->stage_label, fcrm_item_get_stage_name (item));
  gtk_widget_set_tooltip_text (pill, fcrm_item_get_stage_name (item));
  gtk_widget_remove_css_class (pill, "stage-success");
  gtk_widget_remove_css_class (pill, "stage-failure");
  if (stage != NULL && stage->kind == FCRM_STAGE_SUCCESS)
    gtk_widget_add_css_class (pill, "stage-success");
  else if (stage != NULL && stage->kind == FCRM_STAGE_FAILURE)
    gtk_widget_add_css_class (pill, "stage-failure");

  gtk_label_set_text (self->pipeline_label,
                      pipeline != NULL ? fcrm_pipeline_get_name (pipeline) : "");
  gtk_widget_set_visible (self->returning_badge, item->returning);
}

static void
update_fields (FcrmItemCard *self)
{
  FcrmItem *item = self->item;
  gboolean lead = item->type == FCRM_ENTITY_LEAD;
  const char *source = nonempty (item->source) ? fcrm_source_display_name (item->source) : NULL;
  FcrmStage *stage = fcrm_crm_get_stage (self->crm, item->stage);
  g_autofree char *budget = NULL;

  /* About */
  if (item->budget > 0)
    budget = fcrm_money_format_display (item->budget);
  set_field (self, FIELD_TITLE, item->title);
  set_field_full (self, FIELD_CLIENT, fcrm_item_get_client (item), _("No client"));
  set_field_full (self, FIELD_BUDGET, budget, _("No budget"));
  set_field (self, FIELD_SOURCE, source);
  if (lead)
    {
      set_field (self, FIELD_NAME, item->name);
      set_field (self, FIELD_PHONE, item->phone);
      set_field (self, FIELD_EMAIL, item->email);
    }
  else
    {
      hide_field (self, FIELD_NAME);
      hide_field (self, FIELD_PHONE);
      hide_field (self, FIELD_EMAIL);
    }
  set_field (self, FIELD_COMPANY, item->company_name);
  set_field (self, FIELD_COMMENT, item->comment);

  /* Project: deals only */
  gtk_widget_set_visible (GTK_WIDGET (self->project_group), !lead);
  gtk_widget_set_visible (self->project_lead_label, lead);
  if (lead && item->deal_id > 0)
    {
      g_autofree char *converted =
        g_strdup_printf (_("This lead became deal #%" PRId64 ". Delivery, installation, design and measurements are on the deal’s card."),
                         item->deal_id);

      gtk_label_set_text (GTK_LABEL (self->project_lead_label), converted);
    }
  else if (lead)
    {
      gtk_label_set_text (GTK_LABEL (self->project_lead_label),
                          _("Delivery, installation, design and measurements are recorded on deals. They appear here once this lead becomes a deal."));
    }
  if (!lead)
    {
      set_field_take (self, FIELD_DELIVERY_DATE, format_date (item->delivery_date));
      set_field_take (self, FIELD_INSTALLATION_DATE, format_date (item->installation_date));
      set_field (self, FIELD_INSTALLATION_NEEDED,
                 item->installation_needed ? _("Yes") : _("No"));
      set_field (self, FIELD_DESIGN, item->design);
      set_field (self, FIELD_PROJECT, item->project);
      set_field (self, FIELD_MEASUREMENTS, item->measurements);
      set_field_take (self, FIELD_VISIT_AT, format_date_time (item->visit_at));
      set_field_take (self, FIELD_WARRANTY_UNTIL, format_date (item->warranty_until));
    }

  /* Additional */
  set_field (self, FIELD_STAGE, fcrm_item_get_stage_name (item));
  set_field_take (self, FIELD_STAGE_SINCE, format_date_time (item->stage_entered_at));
  set_field_full (self, FIELD_RESPONSIBLE, item->responsible_name, _("Unassigned"));
  set_field_full (self, FIELD_PARTICIPANTS, NULL, _("No participants yet"));
  set_field (self, FIELD_ADDITIONAL_SOURCE, source);

  if (lead)
    {
      gtk_widget_set_visible (self->origin_lead_row, FALSE);
      update_link_row (self->deal_row, self->deal_value, self->deal_button, self->crm,
                       FCRM_ENTITY_DEAL, item->deal_id, _("Not converted"));
    }
  else
    {
      gtk_widget_set_visible (self->deal_row, FALSE);
      update_link_row (self->origin_lead_row, self->origin_lead_value, self->origin_lead_button, self->crm,
                       FCRM_ENTITY_LEAD, item->lead_id, _("Created without a lead"));
    }

  set_field_take (self, FIELD_CREATED, format_date_time (item->created_at));
  set_field_take (self, FIELD_CHANGED, format_date_time (item->updated_at));

  if (!lead && item->closed_at != 0)
    set_field_take (self, FIELD_CLOSED, format_date_time (item->closed_at));
  else
    hide_field (self, FIELD_CLOSED);

  /* A loss reason only means something once a deal is lost. */
  if (!lead && (nonempty (item->loss_reason) ||
                (stage != NULL && stage->kind == FCRM_STAGE_FAILURE)))
    {
      set_field (self, FIELD_LOSS_REASON,
                 nonempty (item->loss_reason) ? fcrm_loss_reason_display_name (item->loss_reason) : NULL);
      set_field (self, FIELD_LOSS_REASON_TEXT, item->loss_reason_text);
    }
  else
    {
      hide_field (self, FIELD_LOSS_REASON);
      hide_field (self, FIELD_LOSS_REASON_TEXT);
    }
}

/* Tasks */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child too. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
set_task_error (FcrmItemCard *self,
                const char   *message)
{
  gtk_label_set_text (self->task_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->task_error_label), message != NULL);
}

static void
show_error (FcrmItemCard *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  /* A toast is one line and cuts a long message off: the whole of it also
   * stays under the tasks until the next attempt. */
  set_task_error (self, error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));  /* title is markup */
}

static void
task_toggled_cb (FcrmItemCard   *self,
                 GtkCheckButton *check)
{
  FcrmTask *task = g_object_get_data (G_OBJECT (check), "fcrm-task");
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FCRM_IS_TASK (task));

  if (!gtk_check_button_get_active (check) || task->done)
    return;

  set_task_error (self, NULL);
  if (!fcrm_crm_task_done (self->crm, task->id, &error))
    {
      /* The task is still open: untick it again. */
      g_signal_handlers_block_by_func (check, task_toggled_cb, self);
      gtk_check_button_set_active (check, FALSE);
      g_signal_handlers_unblock_by_func (check, task_toggled_cb, self);
      show_error (self, error);
    }
  /* On success the database's "changed" redraws the list. */
}

static gboolean
task_is_overdue (FcrmTask *task,
                 gint64    now)
{
  if (task->done || task->due_at == 0)
    return FALSE;

  /* A task due on a day is overdue from the next day on. */
  if (task->due_is_date)
    {
      g_autofree char *due_day = fcrm_time_format_date (task->due_at);
      g_autofree char *today = fcrm_time_format_date (now);

      return g_strcmp0 (due_day, today) < 0;
    }

  return task->due_at < now;
}

static GtkWidget *
task_row_new (FcrmItemCard *self,
              FcrmTask     *task,
              gint64        now)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *when = NULL;
  g_autofree char *due = NULL;
  g_autofree char *subtitle = NULL;
  const char *responsible = nonempty (task->responsible_name)
                            ? task->responsible_name
                            : _("Unassigned");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task->title);

  if (task->done)
    {
      when = format_date_time (task->done_at);
      due = when != NULL ? g_strdup_printf (_("Done on %s"), when) : g_strdup (_("Done"));
    }
  else if (task->due_at != 0)
    {
      when = task->due_is_date ? format_date (task->due_at) : format_date_time (task->due_at);
      due = g_strdup_printf (_("Due %s"), when);
    }
  else
    {
      due = g_strdup (_("No due date"));
    }
  subtitle = g_strdup_printf (_("%s · %s"), due, responsible);
  adw_action_row_set_subtitle (row, subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), task->done);
  gtk_widget_set_sensitive (check, !task->done);
  gtk_widget_set_tooltip_text (check, task->done ? _("Done") : _("Mark as done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, task->title,
                                  -1);
  g_object_set_data_full (G_OBJECT (check), "fcrm-task", g_object_ref (task), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (task_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (row, check);

  if (task->done)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "item-card-task-done");
    }
  else
    {
      adw_action_row_set_activatable_widget (row, check);
      if (task_is_overdue (task, now))
        {
          GtkWidget *overdue = gtk_label_new (_("Overdue"));

          gtk_widget_set_valign (overdue, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (overdue, "item-card-overdue");
          adw_action_row_add_suffix (row, overdue);
        }
    }

  return GTK_WIDGET (row);
}

static void
update_tasks (FcrmItemCard *self)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = fcrm_clock_now (fcrm_crm_get_clock (self->crm));

  clear_list (self->tasks_list);
  tasks = fcrm_crm_item_tasks (self->crm, self->type, self->id, &error);
  if (tasks == NULL)
    {
      g_warning ("Cannot read the tasks of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }

  /* Open tasks first (as the core sorts them), done ones dimmed below. */
  for (guint i = 0; i < tasks->len; i++)
    gtk_list_box_append (self->tasks_list, task_row_new (self, g_ptr_array_index (tasks, i), now));
}

/* Timeline */

typedef struct
{
  gint64   when;
  int      order;        /* same second: notifications (1) above stage entries (0) */
  gint64   seq;          /* then the later written first */
  char    *title;
  GString *recipients;   /* notifications: names, comma-separated */
  char    *key;
} TimelineEntry;

static void
timeline_entry_free (gpointer data)
{
  TimelineEntry *entry = data;

  g_free (entry->title);
  if (entry->recipients != NULL)
    g_string_free (entry->recipients, TRUE);
  g_free (entry->key);
  g_free (entry);
}

static int
timeline_entry_compare (gconstpointer a,
                        gconstpointer b)
{
  const TimelineEntry *ea = *(TimelineEntry * const *) a;
  const TimelineEntry *eb = *(TimelineEntry * const *) b;

  /* newest first */
  if (ea->when != eb->when)
    return ea->when < eb->when ? 1 : -1;
  if (ea->order != eb->order)
    return eb->order - ea->order;
  if (ea->seq != eb->seq)
    return ea->seq < eb->seq ? 1 : -1;
  return 0;
}

static GHashTable *
user_names (FcrmCrm *crm)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) users = fcrm_crm_list_users (crm, NULL);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      FcrmUser *user = g_ptr_array_index (users, i);

      g_hash_table_insert (names, g_strdup (user->login),
                           g_strdup (nonempty (user->name) ? user->name : user->login));
    }

  return names;
}

static const char *
user_name (GHashTable *names,
           const char *login)
{
  const char *name;

  if (nonempty (login) == NULL)
    return NULL;
  name = g_hash_table_lookup (names, login);
  return name != NULL ? name : login;
}

static void
add_history (FcrmItemCard *self,
             GPtrArray    *entries,
             GHashTable   *names)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = fcrm_crm_history (self->crm, self->type, self->id, &error);
  if (history == NULL)
    {
      g_warning ("Cannot read the history of %s %" G_GINT64_FORMAT ": %s",
                 fcrm_entity_type_to_string (self->type), self->id, error->message);
      return;
    }

  for (guint i = 0; i < history->len; i++)
    {
      FcrmHistoryEntry *h = g_ptr_array_index (history, i);
      FcrmStage *stage = fcrm_crm_get_stage (self->crm, h->stage);
      const char *stage_name = stage != NULL ? fcrm_stage_get_name (stage) : h->stage;
      const char *who = user_name (names, h->user_login);
      g_autofree char *when = format_date_time (h->entered_at);
      TimelineEntry *entry = g_new0 (TimelineEntry, 1);

      entry->when = h->entered_at;
      entry->order = 0;
      entry->seq = i;           /* the history comes oldest first */
      if (who != NULL)
        /* Translators: a stage change in a card's timeline: stage, date and time, user */
        entry->title = g_strdup_printf (_("Entered «%s» on %s by %s"), stage_name, when, who);
      else
        /* Translators: a stage change in a card's timeline: stage, date and time */
        entry->title = g_strdup_printf (_("Entered «%s» on %s"), stage_name, when);
      g_ptr_array_add (entries, entry);
    }
}

static void
add_notifications (FcrmItemCard *self,
                   GPtrArray    *entries,
                   GHashTable   *names)
{
  g_autoptr(GPtrArray) notifications = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;

  /* Every user's notifications, filtered here: fine while inboxes are
   * small; a per-item query belongs in the core once they are not. */
  notifications = fcrm_crm_notifications (self->crm, "*", FALSE, 0, &error);
  if (notifications == NULL)
    {
      g_warning ("Cannot read notifications: %s", error->message);
      return;
    }

  /* One robot firing notifies several people with the same text: one
   * timeline line naming them all. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < notifications->len; i++)
    {
      FcrmNotification *n = g_ptr_array_index (notifications, i);
      const char *who = user_name (names, n->user_login);
      g_autofree char *key = NULL;
      TimelineEntry *entry;

      if (n->entity_type != self->type || n->entity_id != self->id)
        continue;

      key = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", n->created_at, n->text ? n->text : "");
      entry = g_hash_table_lookup (seen, key);
      if (entry == NULL)
        {
          entry = g_new0 (TimelineEntry, 1);
          entry->when = n->created_at;
          entry->order = 1;
          entry->seq = n->id;
          entry->title = g_strdup (n->text ? n->text : "");
          entry->recipients = g_string_new (NULL);
          entry->key = g_steal_pointer (&key);
          g_hash_table_insert (seen, entry->key, entry);
          g_ptr_array_add (entries, entry);
        }
      if (who != NULL)
        {
          if (entry->recipients->len > 0)
            g_string_append (entry->recipients, ", ");
          g_string_append (entry->recipients, who);
        }
    }
}

static GtkWidget *
timeline_row_new (TimelineEntry *entry)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  if (entry->recipients != NULL)
    {
      g_autofree char *when = format_date_time (entry->when);
      g_autofree char *subtitle = NULL;

      if (entry->recipients->len > 0)
        /* Translators: under a robot notification in a card's timeline: date and time, recipients */
        subtitle = g_strdup_printf (_("%s · to %s"), when, entry->recipients->str);
      else
        subtitle = g_strdup (when);
      adw_action_row_set_subtitle (row, subtitle);
      icon = gtk_image_new_from_icon_name ("preferences-system-notifications-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Robot notification"));
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("go-jump-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Stage change"));
    }

  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (row, icon);

  return GTK_WIDGET (row);
}

static void
update_timeline (FcrmItemCard *self)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (timeline_entry_free);
  g_autoptr(GHashTable) names = user_names (self->crm);

  clear_list (self->timeline_list);
  add_history (self, entries, names);
  add_notifications (self, entries, names);
  g_ptr_array_sort (entries, timeline_entry_compare);

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->timeline_list, timeline_row_new (g_ptr_array_index (entries, i)));
}

/* Reading the item */

static void
show_gone (FcrmItemCard *self,
           const GError *error)
{
  g_clear_object (&self->item);

  if (error != NULL && !g_error_matches (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND))
    {
      adw_status_page_set_title (self->gone_page, _("This item cannot be shown"));
      adw_status_page_set_description (self->gone_page, error->message);
    }

  /* No tabs without an item, neither on top nor at the bottom. */
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  if (gtk_window_get_title (GTK_WINDOW (self)) == NULL)
    gtk_window_set_title (GTK_WINDOW (self), adw_status_page_get_title (self->gone_page));
  gtk_stack_set_visible_child_name (self->main_stack, "gone");
}

static void
fcrm_item_card_refresh (FcrmItemCard *self)
{
  g_autoptr(FcrmItem) item = NULL;
  g_autoptr(GError) error = NULL;

  item = self->type == FCRM_ENTITY_LEAD
         ? fcrm_crm_lead_get (self->crm, self->id, &error)
         : fcrm_crm_deal_get (self->crm, self->id, &error);
  if (item == NULL)
    {
      show_gone (self, error);
      return;
    }

  g_set_object (&self->item, item);
  update_header (self);
  update_fields (self);
  update_tasks (self);
  update_timeline (self);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "card");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FcrmItemCard *self = user_data;

  self->refresh_id = 0;
  fcrm_item_card_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
crm_changed_cb (FcrmItemCard *self)
{
  /* A change may come from inside one of our own handlers (a ticked task):
   * rebuild once that is over, and once for a burst of changes. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* Adding a task */

static void
task_add_clicked_cb (FcrmItemCard *self)
{
  g_autoptr(FcrmTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *due = NULL;

  if (self->item == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->task_title_entry))));
  due = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->task_due_entry))));

  task = fcrm_crm_task_add (self->crm, title, NULL,
                            *due != '\0' ? due : NULL,
                            NULL, self->type, self->id, &error);
  if (task == NULL)
    {
      /* The core's message says what to fix; the typed text stays. */
      set_task_error (self, error->message);
      gtk_widget_grab_focus (*title == '\0' || error->code != FCRM_ERROR_INVALID_INPUT
                             ? GTK_WIDGET (self->task_title_entry)
                             : (*due != '\0' ? GTK_WIDGET (self->task_due_entry)
                                             : GTK_WIDGET (self->task_title_entry)));
      return;
    }

  set_task_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->task_title_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->task_due_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->task_title_entry));
}

static void
task_entry_activate_cb (FcrmItemCard *self)
{
  task_add_clicked_cb (self);
}

static void
task_entry_changed_cb (FcrmItemCard *self)
{
  /* The message was about the old text. */
  set_task_error (self, NULL);
}

/* GObject */

static GtkWidget *
first_focusable (GtkWidget *widget)
{
  if (gtk_widget_get_focusable (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_focusable (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
fcrm_item_card_constructed (GObject *object)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);
  GtkWidget *focus;

  G_OBJECT_CLASS (fcrm_item_card_parent_class)->constructed (object);

  g_assert (FCRM_IS_CRM (self->crm));

  build_field_rows (self);
  g_signal_connect_object (self->crm, "changed",
                           G_CALLBACK (crm_changed_cb), self,
                           G_CONNECT_SWAPPED);
  fcrm_item_card_refresh (self);

  /* Left alone, the window focuses its first selectable label, which
   * selects all of it: start on the tabs instead. */
  focus = first_focusable (GTK_WIDGET (self->switcher_title));
  if (focus != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), focus);
}

static void
fcrm_item_card_dispose (GObject *object)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_data (self->crm, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FCRM_TYPE_ITEM_CARD);
  g_clear_object (&self->item);
  g_clear_object (&self->crm);

  G_OBJECT_CLASS (fcrm_item_card_parent_class)->dispose (object);
}

static void
fcrm_item_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      g_value_set_object (value, self->crm);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_uint (value, self->type);
      break;

    case PROP_ITEM_ID:
      g_value_set_int64 (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcrmItemCard *self = FCRM_ITEM_CARD (object);

  switch (prop_id)
    {
    case PROP_CRM:
      self->crm = g_value_dup_object (value);
      break;

    case PROP_ITEM_TYPE:
      self->type = (FcrmEntityType) g_value_get_uint (value);
      break;

    case PROP_ITEM_ID:
      self->id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fcrm_item_card_class_init (FcrmItemCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fcrm_item_card_constructed;
  object_class->dispose = fcrm_item_card_dispose;
  object_class->get_property = fcrm_item_card_get_property;
  object_class->set_property = fcrm_item_card_set_property;

  properties[PROP_CRM] =
    g_param_spec_object ("crm", NULL, NULL,
                         FCRM_TYPE_CRM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FcrmEntityType has no GType: its value as a number. */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_uint ("item-type", NULL, NULL,
                       FCRM_ENTITY_LEAD, FCRM_ENTITY_DEAL, FCRM_ENTITY_LEAD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_ID] =
    g_param_spec_int64 ("item-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/FurnitureCRM/ui/fcrm-item-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, stage_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, pipeline_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, returning_badge);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, about_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, project_lead_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, additional_group);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, tasks_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_title_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_due_entry);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_add_button);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, task_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, FcrmItemCard, gone_page);
  gtk_widget_class_bind_template_callback (widget_class, task_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_entry_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
fcrm_item_card_init (FcrmItemCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->tasks_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("No tasks"),
                                              "css-classes", (const char *[]) { "dim-label", "item-card-placeholder", NULL },
                                              NULL));
  gtk_list_box_set_placeholder (self->timeline_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("Nothing has happened yet"),
                                              "css-classes", (const char *[]) { "dim-label", "item-card-placeholder", NULL },
                                              NULL));
}

FcrmItemCard *
fcrm_item_card_find (FcrmCrm        *crm,
                     FcrmEntityType  type,
                     gint64          id)
{
  GListModel *toplevels;

  g_return_val_if_fail (FCRM_IS_CRM (crm), NULL);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FCRM_IS_ITEM_CARD (window))
        {
          FcrmItemCard *card = FCRM_ITEM_CARD (window);

          if (card->crm == crm && card->type == type && card->id == id)
            return card;
        }
    }

  return NULL;
}

void
fcrm_item_card_present (GtkWindow      *parent,
                        FcrmCrm        *crm,
                        FcrmEntityType  type,
                        gint64          id)
{
  FcrmItemCard *card;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FCRM_IS_CRM (crm));
  g_return_if_fail (type == FCRM_ENTITY_LEAD || type == FCRM_ENTITY_DEAL);
  g_return_if_fail (id > 0);

  card = fcrm_item_card_find (crm, type, id);
  if (card == NULL)
    {
      card = g_object_new (FCRM_TYPE_ITEM_CARD,
                           "crm", crm,
                           "item-type", (guint) type,
                           "item-id", id,
                           NULL);
      if (parent != NULL)
        {
          GtkApplication *app = gtk_window_get_application (parent);

          gtk_window_set_transient_for (GTK_WINDOW (card), parent);
          if (app != NULL)
            gtk_window_set_application (GTK_WINDOW (card), app);
        }
    }

  gtk_window_present (GTK_WINDOW (card));
}

FcrmEntityType
fcrm_item_card_get_item_type (FcrmItemCard *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_CARD (self), FCRM_ENTITY_LEAD);

  return self->type;
}

gint64
fcrm_item_card_get_item_id (FcrmItemCard *self)
{
  g_return_val_if_fail (FCRM_IS_ITEM_CARD (self), 0);

  return self->id;
}
