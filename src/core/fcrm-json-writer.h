#pragma once

#include <glib.h>

#include "fcrm-attachments.h"
#include "fcrm-clients.h"
#include "fcrm-crm.h"

G_BEGIN_DECLS

/* JSON written straight into a string as it is produced: no tree of nodes,
 * so a list of a million items costs the same memory as one (SPEC §5's
 * "--json prints one JSON array", streamed). Compact: no spaces, and a list
 * puts one element per line. Strings are escaped as JSON requires — quotes,
 * backslashes and control characters; everything else, non-ASCII included,
 * is kept as UTF-8 (invalid UTF-8 becomes U+FFFD). */

#define FCRM_JSON_MAX_DEPTH 16

typedef struct
{
  GString  *out;
  guint     depth;
  gboolean  first[FCRM_JSON_MAX_DEPTH];  /* nothing written yet at this level */
  gboolean  after_key;
} FcrmJsonWriter;

/** Start writing at the end of @out. */
void fcrm_json_writer_init   (FcrmJsonWriter *w,
                              GString        *out);
void fcrm_json_begin_object  (FcrmJsonWriter *w);
void fcrm_json_end_object    (FcrmJsonWriter *w);
void fcrm_json_begin_array   (FcrmJsonWriter *w);
void fcrm_json_end_array     (FcrmJsonWriter *w);
/** The name of the next member of the object being written. */
void fcrm_json_key           (FcrmJsonWriter *w,
                              const char     *key);
/** A string; NULL writes null. */
void fcrm_json_string        (FcrmJsonWriter *w,
                              const char     *value);
void fcrm_json_int           (FcrmJsonWriter *w,
                              gint64          value);
/** A number already written as JSON wants it ("2.5"): as it is. */
void fcrm_json_number_text   (FcrmJsonWriter *w,
                              const char     *number);
void fcrm_json_bool          (FcrmJsonWriter *w,
                              gboolean        value);
void fcrm_json_null          (FcrmJsonWriter *w);
/** An id; 0 (none) writes null. */
void fcrm_json_id            (FcrmJsonWriter *w,
                              gint64          id);
/** A moment as ISO 8601 with the local offset; 0 (unset) writes null. */
void fcrm_json_time          (FcrmJsonWriter *w,
                              gint64          unix_seconds);
/** A local date "YYYY-MM-DD"; 0 (unset) writes null. */
void fcrm_json_date          (FcrmJsonWriter *w,
                              gint64          unix_seconds);

/** Append @text (UTF-8) to @out as a JSON string literal, quotes included. */
void fcrm_json_append_string (GString        *out,
                              const char     *text);
/** The same as fcrm_time_format_iso(), appended to @out; faster (the local
 * time zone is looked up once). */
void fcrm_json_append_time   (GString        *out,
                              gint64          unix_seconds);

/** The same in @zone. */
void fcrm_json_append_time_in (GString       *out,
                               gint64         unix_seconds,
                               GTimeZone     *zone);

/** A lead or deal as SPEC §5's JSON object; with @crm, a deal's or lead's
 * attachments, comments, history (and a deal's participants) too. */
void fcrm_json_write_item    (FcrmJsonWriter *w,
                              FcrmItem       *item,
                              FcrmCrm        *crm);

/** A file attached to a lead or deal (SPEC §5 `attachments`). */
void fcrm_json_write_attachment (FcrmJsonWriter *w,
                                 FcrmAttachment *attachment);
/** A contact (SPEC §5); with @crm, its leads and deals too. */
void fcrm_json_write_contact    (FcrmJsonWriter *w,
                                 FcrmContact    *contact,
                                 FcrmCrm        *crm);
/** A company (SPEC §5); with @crm, its contacts, leads and deals too. */
void fcrm_json_write_company    (FcrmJsonWriter *w,
                                 FcrmCompany    *company,
                                 FcrmCrm        *crm);

G_END_DECLS
