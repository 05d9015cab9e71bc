#pragma once

#include <adwaita.h>

#include "fcrm-comments.h"
#include "fcrm-crm.h"
#include "fcrm-crm-async.h"

G_BEGIN_DECLS

/* One part of a card: the fields of a group, the participants, comments,
 * tasks, timeline, attachments. As GNOME Calendar's event editor sections:
 * the card reads the item and hands it to every section; a section shows it,
 * keeps what the user is changing and writes through the facade itself; when
 * a section has changed the item the card reads it again for all of them.
 * Lead, deal, contact and company cards are compositions of sections. */

#define FCRM_TYPE_CARD_SECTION (fcrm_card_section_get_type ())
G_DECLARE_INTERFACE (FcrmCardSection, fcrm_card_section, FCRM, CARD_SECTION, GtkWidget)

struct _FcrmCardSectionInterface
{
  GTypeInterface parent_iface;

  /* Required. Show @item, as just read; pending changes stay. A section
   * showing more than the item reads the rest itself, on the main loop. */
  void     (*set_item)     (FcrmCardSection *self,
                            FcrmCrm         *crm,
                            FcrmItem        *item);
  /* Show @data->item and what else the section shows from @data, read off
   * the main loop in one job (fcrm_crm_card_load_async()); nothing is read
   * here. Default: set_item (@data->item), which reads. On a contact's or
   * company's card @data->item is NULL: sections there implement this. */
  void     (*set_data)     (FcrmCardSection *self,
                            FcrmCrm         *crm,
                            FcrmCardData    *data);
  /* Append the names of the things changed and not yet applied to @names
   * (translated, for "Changes to … have not been saved"). Default: none. */
  void     (*list_changes) (FcrmCardSection *self,
                            GPtrArray       *names);
  /* Write the pending changes. Default: nothing to write. */
  gboolean (*apply)        (FcrmCardSection *self,
                            GError         **error);
  /* Drop the pending changes and their messages. Default: nothing. */
  void     (*discard)      (FcrmCardSection *self);
  /* The item moved from @from_version to @to_version by a write of this
   * card's own: changes begun at @from_version are no conflict with it. */
  void     (*rebase)       (FcrmCardSection *self,
                            gint64           from_version,
                            gint64           to_version);
};

/** Show @item (read through @crm) in the section. */
void        fcrm_card_section_set_item     (FcrmCardSection *self,
                                            FcrmCrm         *crm,
                                            FcrmItem        *item);
/** Show a card loaded in one job: the item and the parts the section shows. */
void        fcrm_card_section_set_data     (FcrmCardSection *self,
                                            FcrmCrm         *crm,
                                            FcrmCardData    *data);
/** TRUE while the user has changed something the section has not written. */
gboolean    fcrm_card_section_has_changes  (FcrmCardSection *self);
/** Append the translated names of the pending changes to @names (of char *, owned by @names). */
void        fcrm_card_section_list_changes (FcrmCardSection *self,
                                            GPtrArray       *names);
/** Write every pending change; FALSE with @error at the first one refused,
 * which stays pending and shows why. */
gboolean    fcrm_card_section_apply        (FcrmCardSection *self,
                                            GError         **error);
/** Forget the pending changes, as when the item is reloaded or gone. */
void        fcrm_card_section_discard      (FcrmCardSection *self);
/** Changes begun at @from_version may follow the item to @to_version: the
 * version moved by the card's own write, not by someone else's. */
void        fcrm_card_section_rebase       (FcrmCardSection *self,
                                            gint64           from_version,
                                            gint64           to_version);

/** Emit FcrmCardSection::changed: the section wrote the item (@wrote), or
 * found it changed or gone; the card reads it again. */
void        fcrm_card_section_changed      (FcrmCardSection *self,
                                            gboolean         wrote);
/** Emit FcrmCardSection::conflict: the change to @what was refused because
 * someone else wrote the item since the change began. */
void        fcrm_card_section_conflict     (FcrmCardSection *self,
                                            const char      *what);

/* Shared by the sections */

/** A toast with @message (plain text) in the card's toast overlay. */
void        fcrm_card_section_toast        (FcrmCardSection *self,
                                            const char      *message);
/** "January 12, 2026" in the user's language; NULL for 0. */
char       *fcrm_card_format_date          (gint64           unix_seconds);
/** "January 12, 2026 at 09:00" in the user's language; NULL for 0. */
char       *fcrm_card_format_date_time     (gint64           unix_seconds);
/** @text, or NULL when it is NULL or empty. */
const char *fcrm_card_nonempty             (const char      *text);
/** @part as read for a section's set_item; when NULL, logs that the @what
 * of @item could not be read (@error says why). */
GPtrArray  *fcrm_card_read_part            (GPtrArray       *part,
                                            const char      *what,
                                            FcrmItem        *item,
                                            const GError    *error);
/** Remove the rows of @list (its placeholder stays). */
void        fcrm_card_clear_list           (GtkListBox      *list);
/** Who wrote @comment, as a card shows it. */
char       *fcrm_card_comment_author       (FcrmComment     *comment);

G_END_DECLS
