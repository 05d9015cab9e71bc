#pragma once

#include "fcrm-types.h"

G_BEGIN_DECLS

#define FCRM_TYPE_ITEM (fcrm_item_get_type ())
G_DECLARE_FINAL_TYPE (FcrmItem, fcrm_item, FCRM, ITEM, GObject)

/* A lead or a deal as read from the database at one moment. Fields are public
 * for reading; change an item only through FcrmCrm. Timestamps are Unix
 * seconds UTC, 0 when unset; money is kopecks. */
struct _FcrmItem
{
  GObject         parent_instance;

  FcrmEntityType  type;
  gint64          id;
  char           *title;
  char           *pipeline;
  char           *stage;
  gint64          responsible_id;
  char           *responsible_login;
  char           *responsible_name;
  gint64          contact_id;
  char           *contact_name;
  gint64          company_id;
  char           *company_name;
  gint64          budget;
  char           *source;
  gboolean        returning;
  char           *comment;
  gint64          created_at;
  gint64          updated_at;
  gint64          stage_entered_at;
  gint64          version;            /* the row's `updated` counter */
  /* what the board shows */
  gint64          days_in_stage;
  char           *next_task_title;
  gint64          next_task_due;
  gboolean        next_task_due_is_date;  /* a whole day, not a moment */

  /* leads */
  char           *name;
  char           *phone;
  char           *email;
  gint64          deal_id;            /* the deal it was converted into */

  /* deals */
  gint64          lead_id;            /* origin lead */
  gint64          delivery_date;
  gint64          installation_date;
  gboolean        installation_needed;
  char           *design;
  char           *project;
  char           *measurements;
  gint64          visit_at;
  gint64          warranty_until;
  char           *loss_reason;
  char           *loss_reason_text;
  gint64          closed_at;
  char           *handed_over_from;   /* pipeline it was handed over from
                                       * (design → manufacturing), or NULL */

  /* a row an asynchronous board model has not read yet: only type and
   * stage are set (property "loading") */
  gboolean        loading;

  /*< private >*/
  char           *stage_name_cache;   /* English stage name from the database */
};

FcrmItem   *fcrm_item_new            (FcrmEntityType type);
/** A stand-in for a row still being read (id 0, "loading" TRUE). */
FcrmItem   *fcrm_item_new_placeholder (FcrmEntityType  type,
                                      const char     *stage);
/** TRUE for a stand-in whose row is still being read. */
gboolean    fcrm_item_is_loading     (FcrmItem *self);
/** TRUE when two readings of one row show the same board card (the row
 * unchanged, and what the card shows from elsewhere too). */
gboolean    fcrm_item_shows_same     (FcrmItem *a,
                                      FcrmItem *b);
/** The client to show on a card: contact, else the lead's name, else company. */
const char *fcrm_item_get_client     (FcrmItem *self);
/** The current stage's name in the user's language. */
const char *fcrm_item_get_stage_name (FcrmItem *self);

G_END_DECLS
