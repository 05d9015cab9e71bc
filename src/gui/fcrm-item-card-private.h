#pragma once

/* Shared by fcrm-item-card.c (the window, its sections, conflicts, closing)
 * and fcrm-item-card-load.c (reading the item off the main loop). */

#include "fcrm-card-section.h"
#include "fcrm-item-card.h"
#include "fcrm-stage-bar.h"

G_BEGIN_DECLS

/* The card of a lead or deal: a header, the tabs, and card sections
 * (FcrmCardSection) in them. The card reads the item and hands it to every
 * section; a section that changed the item says so, and the card reads it
 * again. Conflicts and unsaved changes are asked about here, once for all
 * sections. */
struct _FcrmItemCard
{
  AdwWindow             parent_instance;

  FcrmCrm              *crm;
  FcrmEntityType        type;
  gint64                id;
  FcrmItem             *item;        /* NULL until read, or when gone */
  guint                 refresh_id;
  GCancellable         *load_cancellable;  /* the load under way */
  GCancellable         *check_cancellable; /* the "did it change?" check under way */
  gint64                rebase_from;       /* version before our own write, or -1 */
  GPtrArray            *sections;    /* of FcrmCardSection (the template's), in the order they read the item */
  GtkWidget            *conflict_dialog;
  GtkWidget            *discard_dialog;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  GtkStack             *main_stack;
  GtkLabel             *title_label;
  GtkLabel             *stage_label;
  GtkLabel             *pipeline_label;
  GtkWidget            *returning_badge;
  FcrmStageBar         *stage_bar;
  AdwViewStack         *view_stack;
  GtkWidget            *warranty_section;
  GtkWidget            *client_section;
  GtkWidget            *about_group;
  GtkWidget            *project_group;
  GtkLabel             *project_lead_label;
  GtkWidget            *additional_group;
  AdwBin               *attachments_bin;
  GtkWidget            *participants_section;
  GtkWidget            *comments_section;
  GtkWidget            *tasks_section;
  GtkWidget            *timeline_section;
  AdwStatusPage        *gone_page;
};

FcrmCardSection *fcrm_item_card_section_at         (FcrmItemCard *self,
                                                   guint         i);
void             fcrm_item_card_update_header      (FcrmItemCard *self);
void             fcrm_item_card_update_project_tab (FcrmItemCard *self);
void             fcrm_item_card_discard_changes    (FcrmItemCard *self);
void             fcrm_item_card_rebase_sections    (FcrmItemCard *self);

/* fcrm-item-card-load.c */
/** Read the item and everything the card shows in one job off the main loop. */
void             fcrm_item_card_refresh            (FcrmItemCard *self);
/** The item changed (a section wrote, or another desktop did): read it again, once. */
void             fcrm_item_card_crm_changed_cb     (FcrmItemCard *self);
/** Coming back to the card: check whether another program changed the item. */
void             fcrm_item_card_is_active_cb       (FcrmItemCard *self,
                                                   GParamSpec   *pspec,
                                                   gpointer      user_data);

G_END_DECLS
