#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* The domain's vocabulary (SPEC §2–§3): which codes exist and what they mean.
 * The GUI and the CLI ask these instead of keeping their own copies. */

/** The lead sources in the order they are offered (call, webform, email,
 * walkin, other), NULL-terminated; names via fcrm_source_display_name(). */
const char * const *fcrm_lead_sources             (void);
/** The deal pipeline a lead stage converts to: "design" for lead.to_design,
 * "manufacturing", "repair"; NULL for a stage that does not convert. */
const char         *fcrm_stage_converts_to        (const char *stage);
/** The pipeline an open stage hands its deals over to at once (its entry
 * robot moves them): "manufacturing" for design.to_installation; else NULL.
 * A board offers such a stage as a drop target, not as a column. */
const char         *fcrm_stage_hands_over_to      (const char *stage);
/** TRUE for the stages whose deals carry a visit time (the "at visit" robots). */
gboolean            fcrm_stage_takes_visit_time   (const char *stage);
/** What converting @lead can create (SPEC §3.3): a contact when it has a
 * name, phone or e-mail and no contact yet, a company when it has a company
 * name and no company yet, always a deal. These are also the defaults. */
FcrmConvertFlags    fcrm_lead_convert_possible    (FcrmItem   *lead);
/** TRUE when @user may be given new leads (default manager, round-robin):
 * an active manager. */
gboolean            fcrm_user_takes_new_leads     (FcrmUser   *user);
/** TRUE when @user may be a lead's responsible: an active manager or supervisor. */
gboolean            fcrm_user_may_hold_lead       (FcrmUser   *user);

G_END_DECLS
