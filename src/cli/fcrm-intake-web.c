#define G_LOG_DOMAIN "furniture-crm-cli"

/* Browsers at the intake: see fcrm-intake-web.h. */

#include <glib/gi18n.h>

#include "fcrm-intake-web.h"

static gboolean
is_form_type (const char *type)
{
  return type != NULL && (g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0 ||
                          g_ascii_strcasecmp (type, "multipart/form-data") == 0);
}

gboolean
fcrm_intake_is_browser (FcrmIntakeRequest *request)
{
  SoupMessageHeaders *headers = fcrm_intake_request_get_headers (request);
  const char *accept = soup_message_headers_get_list (headers, "Accept");

  return is_form_type (soup_message_headers_get_content_type (headers, NULL)) &&
         accept != NULL && strstr (accept, "text/html") != NULL;
}

gboolean
fcrm_intake_add_cors (FcrmIntakeRequest  *request,
                      const char * const *origins)
{
  const char *origin = soup_message_headers_get_one (fcrm_intake_request_get_headers (request), "Origin");

  if (origins == NULL || origins[0] == NULL)
    return FALSE;
  /* a cache must not give one origin's answer to another */
  fcrm_intake_request_add_header (request, "Vary", "Origin");
  if (origin == NULL || !g_strv_contains (origins, origin))
    return FALSE;
  fcrm_intake_request_add_header (request, "Access-Control-Allow-Origin", origin);
  return TRUE;
}

void
fcrm_intake_answer_preflight (FcrmIntakeRequest  *request,
                              const char * const *origins)
{
  if (!fcrm_intake_add_cors (request, origins))
    {
      fcrm_intake_request_respond_error (request, SOUP_STATUS_FORBIDDEN, _("This origin may not post here."));
      return;
    }
  fcrm_intake_request_add_header (request, "Access-Control-Allow-Methods", "POST, OPTIONS");
  fcrm_intake_request_add_header (request, "Access-Control-Allow-Headers", "Authorization, Content-Type");
  fcrm_intake_request_add_header (request, "Access-Control-Max-Age", "600");
  fcrm_intake_request_respond (request, SOUP_STATUS_NO_CONTENT, NULL, "", 0);
}

void
fcrm_intake_respond_page (FcrmIntakeRequest *request,
                          guint              status,
                          const char        *message)
{
  g_autofree char *title = g_markup_escape_text (status < 300 ? _("Thank you!") : _("The form was not sent"), -1);
  g_autofree char *text = g_markup_escape_text (message, -1);
  /* the language of the page is the server's */
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                           "<meta name=\"viewport\" content=\"width=device-width\">"
                                           "<title>%s</title></head>\n<body><h1>%s</h1>\n<p>%s</p></body></html>\n",
                                           title, title, text);

  fcrm_intake_request_respond (request, status, "text/html; charset=utf-8", page, strlen (page));
}

void
fcrm_intake_respond_thanks (FcrmIntakeRequest *request,
                            const char        *thanks)
{
  if (thanks != NULL && *thanks != '\0')
    {
      fcrm_intake_request_add_header (request, "Location", thanks);
      fcrm_intake_request_respond (request, SOUP_STATUS_SEE_OTHER, "text/plain; charset=utf-8", "", 0);
      return;
    }
  fcrm_intake_respond_page (request, SOUP_STATUS_OK, _("We have received your request and will contact you soon."));
}

GBytes *
fcrm_intake_multipart_form (FcrmIntakeRequest *request,
                            GBytes            *body)
{
  SoupMessageHeaders *headers = fcrm_intake_request_get_headers (request);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GHashTable) fields = NULL;
  char *encoded;

  if (type == NULL || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
    return NULL;
  multipart = soup_multipart_new_from_message (headers, body);
  if (multipart == NULL)
    return NULL;
  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      GBytes *part_body = NULL;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body) ||
          !soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      /* text fields only: an uploaded file is no field of a lead */
      if (name == NULL || g_hash_table_contains (params, "filename"))
        continue;
      g_hash_table_replace (fields, g_strdup (name),
                            g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body)));
    }
  encoded = soup_form_encode_hash (fields);
  return g_bytes_new_take (encoded, strlen (encoded));
}
