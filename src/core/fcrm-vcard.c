#define G_LOG_DOMAIN "fcrm-vcard"

/* Reading and writing vCards (fcrm-vcard.h). Reading is forgiving, as
 * address books are: versions 2.1, 3.0 and 4.0; CRLF or LF; folded lines
 * (a leading space or tab) and quoted-printable soft breaks ("=" at the
 * end); CHARSET parameters (a phone's windows-1251); escaped \, \; \n;
 * property groups (item1.TEL); TYPE given as TYPE=a,b, TYPE="a,b" or 2.1's
 * bare words. Writing is 3.0, which every address book reads. */

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fcrm-error.h"
#include "fcrm-vcard.h"

void
fcrm_vcard_free (FcrmVcard *card)
{
  if (card == NULL)
    return;
  g_free (card->name);
  g_clear_pointer (&card->phones, g_ptr_array_unref);
  g_clear_pointer (&card->emails, g_ptr_array_unref);
  g_free (card->company);
  g_free (card->address);
  g_free (card->birthday);
  g_free (card->comment);
  g_free (card);
}

/* ---- reading ---- */

typedef struct
{
  char     *name;      /* upper case, without its group */
  GStrv     types;     /* lower case */
  gboolean  qp;
  char     *charset;
  char     *value;     /* raw: still encoded and escaped */
} Property;

static void
property_clear (Property *p)
{
  g_free (p->name);
  g_strfreev (p->types);
  g_free (p->charset);
  g_free (p->value);
}

/* "name;params" of a logical line, its parameters understood */
static gboolean
parse_property (const char *line,
                Property   *p)
{
  const char *colon = NULL;
  gboolean quoted = FALSE;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  char *dot;

  for (const char *c = line; *c != '\0'; c++)
    {
      if (*c == '"')
        quoted = !quoted;
      else if (*c == ':' && !quoted)
        {
          colon = c;
          break;
        }
    }
  if (colon == NULL)
    return FALSE;
  head = g_strndup (line, colon - line);
  parts = g_strsplit (head, ";", -1);
  dot = strchr (parts[0], '.');
  p->name = g_ascii_strup (dot != NULL ? dot + 1 : parts[0], -1);
  g_strstrip (p->name);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');
      g_autofree char *key = g_ascii_strup (parts[i], eq != NULL ? eq - parts[i] : -1);
      g_autofree char *val = g_strdup (eq != NULL ? eq + 1 : parts[i]);
      g_auto(GStrv) words = NULL;

      g_strstrip (key);
      g_strstrip (val);
      if (val[0] == '"')
        {
          gsize len = strlen (val);
          memmove (val, val + 1, len);
          if (len > 1 && val[len - 2] == '"')
            val[len - 2] = '\0';
        }
      if (eq != NULL && g_str_equal (key, "ENCODING"))
        p->qp = g_ascii_strcasecmp (val, "QUOTED-PRINTABLE") == 0;
      else if (eq != NULL && g_str_equal (key, "CHARSET"))
        {
          g_free (p->charset);
          p->charset = g_strdup (val);
        }
      else if (eq == NULL && g_str_equal (key, "QUOTED-PRINTABLE"))
        p->qp = TRUE;
      else if (eq == NULL || g_str_equal (key, "TYPE"))
        {
          words = g_strsplit (val, ",", -1);
          for (guint w = 0; words[w] != NULL; w++)
            g_ptr_array_add (types, g_ascii_strdown (g_strstrip (words[w]), -1));
        }
    }
  g_ptr_array_add (types, NULL);
  p->types = (GStrv) g_ptr_array_free (g_steal_pointer (&types), FALSE);
  p->value = g_strdup (colon + 1);
  return TRUE;
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static char *
decode_qp (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '=' && hex_value (c[1]) >= 0 && hex_value (c[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (c[1]) * 16 + hex_value (c[2])));
          c += 2;
        }
      else if (*c == '=' && c[1] == '\0')
        break;
      else
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

/* The property's value as UTF-8 text, still escaped. */
static char *
decode_value (const Property *p)
{
  g_autofree char *bytes = p->qp ? decode_qp (p->value) : g_strdup (p->value);
  char *text = NULL;

  if (p->charset != NULL && g_ascii_strcasecmp (p->charset, "UTF-8") != 0)
    text = g_convert (bytes, -1, "UTF-8", p->charset, NULL, NULL, NULL);
  if (text == NULL && g_utf8_validate (bytes, -1, NULL))
    text = g_strdup (bytes);
  /* no charset said and not UTF-8: a Russian phone's is windows-1251 */
  if (text == NULL)
    text = g_convert (bytes, -1, "UTF-8", "WINDOWS-1251", NULL, NULL, NULL);
  if (text == NULL)
    text = g_utf8_make_valid (bytes, -1);
  return text;
}

/* Split at unescaped @sep, then undo the escapes of each part. */
static GStrv
split_unescape (const char *text,
                char        sep)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  GString *cur = g_string_new (NULL);

  for (const char *c = text; ; c++)
    {
      if (*c == '\0' || *c == sep)
        {
          g_ptr_array_add (parts, g_strstrip (g_string_free (cur, FALSE)));
          if (*c == '\0')
            break;
          cur = g_string_new (NULL);
        }
      else if (*c == '\\' && c[1] != '\0')
        {
          c++;
          g_string_append_c (cur, (*c == 'n' || *c == 'N') ? '\n' : *c);
        }
      else
        g_string_append_c (cur, *c);
    }
  g_ptr_array_add (parts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

static char *
unescape (const char *text)
{
  g_auto(GStrv) one = split_unescape (text, '\0');

  return g_strdup (one[0]);
}

static char *
join_nonempty (const char * const *parts,
               const guint        *order,
               guint               n,
               const char         *sep)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      guint k = order != NULL ? order[i] : i;
      const char *part = NULL;

      for (guint j = 0; j <= k; j++)
        if ((part = parts[j]) == NULL)
          break;
      if (part == NULL || *part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, sep);
      g_string_append (out, part);
    }
  if (out->len == 0)
    return (g_string_free (out, TRUE), NULL);
  return g_string_free (out, FALSE);
}

static gboolean
has_type (const Property *p,
          const char     *type)
{
  return g_strv_contains ((const char * const *) p->types, type);
}

static void
add_point (GPtrArray  *points,
           const char *value,
           const char *kind)
{
  FcrmContactPoint *point;

  if (value == NULL || *value == '\0')
    return;
  point = g_new0 (FcrmContactPoint, 1);
  point->value = g_strdup (value);
  point->kind = g_strdup (kind);
  g_ptr_array_add (points, point);
}

/* YYYY-MM-DD of 1985-04-12, 19850412 or 1985-04-12T00:00:00Z; NULL without a year. */
static char *
parse_birthday (const char *text)
{
  g_autofree char *digits = g_strndup (text, strcspn (text, "Tt"));
  GString *d = g_string_new (NULL);
  int y, m, day;

  if (g_str_has_prefix (digits, "--"))
    return (g_string_free (d, TRUE), NULL);
  for (const char *c = digits; *c != '\0'; c++)
    if (g_ascii_isdigit (*c))
      g_string_append_c (d, *c);
  if (d->len != 8 || sscanf (d->str, "%4d%2d%2d", &y, &m, &day) != 3 || !g_date_valid_dmy (day, m, y))
    return (g_string_free (d, TRUE), NULL);
  g_string_free (d, TRUE);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, day);
}

static void
apply_property (FcrmVcard      *card,
                const Property *p,
                char          **n_name)
{
  g_autofree char *text = decode_value (p);

  if (g_str_equal (p->name, "FN"))
    {
      g_autofree char *fn = unescape (text);
      if (*fn != '\0' && card->name == NULL)
        card->name = g_steal_pointer (&fn);
    }
  else if (g_str_equal (p->name, "N") && *n_name == NULL)
    {
      /* family;given;additional;prefix;suffix → "given additional family" */
      g_auto(GStrv) n = split_unescape (text, ';');
      static const guint order[] = { 3, 1, 2, 0, 4 };
      *n_name = join_nonempty ((const char * const *) n, order, G_N_ELEMENTS (order), " ");
    }
  else if (g_str_equal (p->name, "TEL"))
    {
      g_autofree char *tel = unescape (text);
      const char *value = g_str_has_prefix (tel, "tel:") ? tel + 4 : tel;
      const char *kind = has_type (p, "cell") ? "mobile" : has_type (p, "work") ? "work"
                         : has_type (p, "home") ? "home" : "mobile";
      add_point (card->phones, value, kind);
    }
  else if (g_str_equal (p->name, "EMAIL"))
    {
      g_autofree char *email = unescape (text);
      add_point (card->emails, g_strstrip (email), has_type (p, "home") ? "home" : "work");
    }
  else if (g_str_equal (p->name, "ORG") && card->company == NULL)
    {
      g_auto(GStrv) org = split_unescape (text, ';');
      if (*org[0] != '\0')
        card->company = g_strdup (org[0]);
    }
  else if (g_str_equal (p->name, "ADR") && card->address == NULL)
    {
      /* pobox;ext;street;locality;region;code;country, in that order */
      g_auto(GStrv) adr = split_unescape (text, ';');
      card->address = join_nonempty ((const char * const *) adr, NULL, 7, ", ");
    }
  else if (g_str_equal (p->name, "BDAY") && card->birthday == NULL)
    card->birthday = parse_birthday (text);
  else if (g_str_equal (p->name, "NOTE") && card->comment == NULL)
    {
      g_autofree char *note = unescape (text);
      if (*note != '\0')
        card->comment = g_steal_pointer (&note);
    }
}

/* Logical lines: folding and quoted-printable soft breaks undone. Each
 * line's number is kept (for BEGIN:VCARD's). */
static GPtrArray *
logical_lines (const char *data,
               gsize       length,
               GArray     *numbers)
{
  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) raw = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GString *cur = NULL;
  gboolean cur_qp = FALSE;

  raw = g_strsplit (text, "\n", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *line = raw[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (cur != NULL && (line[0] == ' ' || line[0] == '\t') && !cur_qp)
        {
          g_string_append (cur, line + 1);
          continue;
        }
      if (cur != NULL && cur_qp && cur->len > 0 && cur->str[cur->len - 1] == '=')
        {
          g_string_truncate (cur, cur->len - 1);
          g_string_append (cur, line);
          continue;
        }
      if (cur != NULL)
        g_ptr_array_add (lines, g_string_free (cur, FALSE));
      cur = NULL;
      if (len == 0)
        continue;
      cur = g_string_new (line);
      {
        const char *colon = strchr (line, ':');
        g_autofree char *head = g_ascii_strup (line, colon != NULL ? colon - line : (gssize) len);
        cur_qp = strstr (head, "QUOTED-PRINTABLE") != NULL;
      }
      g_array_append_val (numbers, i);
    }
  if (cur != NULL)
    g_ptr_array_add (lines, g_string_free (cur, FALSE));
  return lines;
}

GPtrArray *
fcrm_vcard_parse (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_vcard_free);
  g_autofree char *n_name = NULL;
  FcrmVcard *card = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* a NUL inside is no text file */
  if (length > 0 && memchr (data, '\0', length) != NULL)
    length = 0;
  lines = logical_lines (data != NULL ? data : "", length, numbers);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      Property p = { 0 };

      if (!parse_property (line, &p))
        continue;
      if (g_str_equal (p.name, "BEGIN") && g_ascii_strncasecmp (g_strstrip (p.value), "VCARD", 5) == 0)
        {
          g_clear_pointer (&card, fcrm_vcard_free);
          g_clear_pointer (&n_name, g_free);
          card = g_new0 (FcrmVcard, 1);
          card->number = cards->len + 1;
          card->line = g_array_index (numbers, guint, i) + 1;
          card->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_contact_point_free);
          card->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) fcrm_contact_point_free);
        }
      else if (g_str_equal (p.name, "END") && card != NULL)
        {
          if (card->name == NULL)
            card->name = g_steal_pointer (&n_name);
          g_ptr_array_add (cards, g_steal_pointer (&card));
        }
      else if (card != NULL)
        apply_property (card, &p, &n_name);
      property_clear (&p);
    }
  g_clear_pointer (&card, fcrm_vcard_free);
  if (cards->len == 0)
    {
      g_set_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT,
                   _("The file holds no vCard (no “BEGIN:VCARD” … “END:VCARD”); nothing was imported."));
      return NULL;
    }
  return g_steal_pointer (&cards);
}

/* ---- writing ---- */

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *c = text; c != NULL && *c != '\0'; c++)
    {
      if (*c == '\\' || *c == ',' || *c == ';')
        g_string_append_c (out, '\\');
      if (*c == '\n')
        g_string_append (out, "\\n");
      else if (*c != '\r')
        g_string_append_c (out, *c);
    }
}

/* One content line, folded at 75 octets without cutting a character. */
static void
append_line (GString    *out,
             const char *line)
{
  gsize width = 0;

  for (const char *c = line; *c != '\0'; c = g_utf8_next_char (c))
    {
      gsize n = g_utf8_next_char (c) - c;

      if (width + n > 75)
        {
          g_string_append (out, "\r\n ");
          width = 1;
        }
      g_string_append_len (out, c, n);
      width += n;
    }
  g_string_append (out, "\r\n");
}

static void
append_property (GString    *out,
                 const char *head,
                 const char *value,
                 gboolean    escape)
{
  g_autoptr(GString) line = g_string_new (head);

  g_string_append_c (line, ':');
  if (escape)
    append_escaped (line, value);
  else
    g_string_append (line, value);
  append_line (out, line->str);
}

static const char *
tel_type (const char *kind)
{
  if (g_strcmp0 (kind, "work") == 0)
    return "TEL;TYPE=WORK,VOICE";
  if (g_strcmp0 (kind, "home") == 0)
    return "TEL;TYPE=HOME,VOICE";
  return "TEL;TYPE=CELL";
}

char *
fcrm_vcard_write (GPtrArray *contacts)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (contacts != NULL, NULL);

  for (guint i = 0; i < contacts->len; i++)
    {
      FcrmContact *c = g_ptr_array_index (contacts, i);
      g_autoptr(GString) n = g_string_new (NULL);
      g_autofree char *uid = g_strdup_printf ("furniture-crm-contact-%" G_GINT64_FORMAT, c->id);

      append_line (out, "BEGIN:VCARD");
      append_line (out, "VERSION:3.0");
      append_property (out, "UID", uid, FALSE);
      append_property (out, "FN", c->name, TRUE);
      /* one name as typed: the family name's place, which every book shows */
      append_escaped (n, c->name);
      g_string_append (n, ";;;;");
      append_property (out, "N", n->str, FALSE);
      for (guint p = 0; c->phones != NULL && p < c->phones->len; p++)
        {
          FcrmContactPoint *point = g_ptr_array_index (c->phones, p);
          append_property (out, tel_type (point->kind), point->value, TRUE);
        }
      for (guint e = 0; c->emails != NULL && e < c->emails->len; e++)
        {
          FcrmContactPoint *point = g_ptr_array_index (c->emails, e);
          append_property (out, g_strcmp0 (point->kind, "home") == 0 ? "EMAIL;TYPE=INTERNET,HOME" : "EMAIL;TYPE=INTERNET,WORK",
                           point->value, TRUE);
        }
      if (c->company_name != NULL && *c->company_name != '\0')
        append_property (out, "ORG", c->company_name, TRUE);
      if (c->address != NULL && *c->address != '\0')
        {
          g_autoptr(GString) adr = g_string_new (";;");
          append_escaped (adr, c->address);
          g_string_append (adr, ";;;;");
          append_property (out, "ADR;TYPE=WORK", adr->str, FALSE);
        }
      if (c->birthday != 0)
        {
          g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (c->birthday);
          g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");
          append_property (out, "BDAY;VALUE=DATE", text, FALSE);
        }
      if (c->comment != NULL && *c->comment != '\0')
        append_property (out, "NOTE", c->comment, TRUE);
      append_line (out, "END:VCARD");
    }
  return g_string_free (out, FALSE);
}
