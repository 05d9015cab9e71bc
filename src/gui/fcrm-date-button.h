#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The calendar beside a date or date-and-time entry (issue 13): a button
 * opening a popover with a GtkCalendar and Today / Tomorrow / Clear. It reads
 * the entry's text when it opens (any form fcrm_time_parse() reads) and writes
 * the picked day back in the locale's short form, keeping a typed time (or
 * 10:00 when a time is needed and none was typed, selected to type over).
 * Typing stays the main way: "15.12.2026", "2026-12-15", "завтра 10:00". */

#define FCRM_TYPE_DATE_BUTTON (fcrm_date_button_get_type ())
G_DECLARE_FINAL_TYPE (FcrmDateButton, fcrm_date_button, FCRM, DATE_BUTTON, GtkWidget)

/** A button for @entry (a GtkEditable: a GtkEntry, an AdwEntryRow). With
 * @with_time the entry holds a date and time. The signal "picked" is emitted
 * after the entry's text was set from the calendar or a quick button. */
GtkWidget *fcrm_date_button_new        (GtkEditable    *entry,
                                        gboolean        with_time);
/** The popover's calendar (tests). */
GtkCalendar *fcrm_date_button_get_calendar (FcrmDateButton *self);
/** Open the popover (tests, keyboard). */
void       fcrm_date_button_popup      (FcrmDateButton *self);

G_END_DECLS
