/* Attachments of leads and deals (SPEC §4 Card, §5 `deal attach`): files kept
 * inside the database, byte for byte, with size, SHA-256, MIME type and a
 * category picked from the content when none is given; refused input writes
 * nothing; deleting; each change of the files is a change of the item; and a
 * converted lead's files travel to its deal. */

#include <string.h>

#include "fcrm-test-util.h"
#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"
#include "fcrm-json.h"

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      anna;
  FcrmItem   *deal;
  FcrmItem   *lead;
} Fixture;

/* the first bytes of a PNG file: signature and the start of its header chunk */
static const guchar png_header[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
  0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->anna = fcrm_test_add_user (f->crm, "anna", "manager");
  g_assert_true (fcrm_crm_set_actor (f->crm, "anna", &error));
  g_assert_no_error (error);
  f->deal = fcrm_test_add_deal (f->crm, "manufacturing", "Oak kitchen", "anna");
  f->lead = fcrm_test_add_lead (f->crm, "Wardrobe for the hall", "anna");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->deal);
  g_clear_object (&f->lead);
  fcrm_test_db_free (f->db);
}

static GBytes *
every_byte (void)
{
  guchar data[256];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guchar) i;
  return g_bytes_new (data, sizeof data);
}

static FcrmAttachment *
attach_ok (FcrmCrm        *crm,
           FcrmEntityType  type,
           gint64          id,
           const char     *name,
           const char     *category,
           GBytes         *content)
{
  g_autoptr(GError) error = NULL;
  FcrmAttachment *a = fcrm_crm_attach (crm, type, id, name, category, content, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_true (FCRM_IS_ATTACHMENT (a));
  g_assert_cmpint (a->id, >, 0);
  return a;
}

static GPtrArray *
list_ok (FcrmCrm        *crm,
         FcrmEntityType  type,
         gint64          id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = fcrm_crm_attachments (crm, type, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

/* @a as its item's list of attachments shows it, read again. */
static FcrmAttachment *
listed (FcrmCrm        *crm,
        FcrmAttachment *a)
{
  g_autoptr(GPtrArray) list = list_ok (crm, a->entity_type, a->entity_id);

  for (guint i = 0; i < list->len; i++)
    if (((FcrmAttachment *) g_ptr_array_index (list, i))->id == a->id)
      return g_object_ref (g_ptr_array_index (list, i));
  g_assert_not_reached ();
}

/* Every attachment there is: the fixture's deal and lead are the only items. */
static guint
n_attachments (Fixture *f)
{
  g_autoptr(GPtrArray) on_deal = list_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_autoptr(GPtrArray) on_lead = list_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id);

  g_assert_cmpint (fcrm_test_n_deals (f->crm), ==, 1);
  g_assert_cmpint (fcrm_test_n_leads (f->crm), ==, 1);
  return on_deal->len + on_lead->len;
}

static GBytes *
content_ok (FcrmCrm *crm,
            gint64   attachment_id)
{
  g_autoptr(GError) error = NULL;
  GBytes *content = fcrm_crm_attachment_content (crm, attachment_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (content);
  return content;
}

static FcrmItem *
get_item (FcrmCrm        *crm,
          FcrmEntityType  type,
          gint64          id)
{
  g_autoptr(GError) error = NULL;
  FcrmItem *item = type == FCRM_ENTITY_LEAD ? fcrm_crm_lead_get (crm, id, &error) : fcrm_crm_deal_get (crm, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

static void
assert_same_record (FcrmAttachment *a,
                    FcrmAttachment *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpint (a->entity_type, ==, b->entity_type);
  g_assert_cmpint (a->entity_id, ==, b->entity_id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->mime_type, ==, b->mime_type);
  g_assert_cmpstr (a->category, ==, b->category);
  g_assert_cmpint (a->size, ==, b->size);
  g_assert_cmpstr (a->sha256, ==, b->sha256);
  g_assert_cmpint (a->created_at, ==, b->created_at);
  g_assert_cmpstr (a->user_login, ==, b->user_login);
}

/* Every byte value survives the trip; the record says what was stored. */
static void
test_round_trip (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GBytes) content = every_byte ();
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  g_autoptr(FcrmAttachment) a = NULL;
  g_autoptr(FcrmAttachment) b = NULL;
  g_autoptr(FcrmAttachment) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GBytes) text = g_bytes_new_static ("measure twice", 13);
  gint64 first_at;

  fcrm_clock_advance (f->db->clock, 60);
  first_at = fcrm_clock_now (f->db->clock);
  /* the folders it came from are not part of the name */
  a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "/home/anna/Scans/all-bytes.bin", NULL, content);
  g_assert_cmpstr (a->name, ==, "all-bytes.bin");
  g_assert_cmpint (a->size, ==, 256);
  g_checksum_update (checksum, g_bytes_get_data (content, NULL), 256);
  g_assert_cmpstr (a->sha256, ==, g_checksum_get_string (checksum));
  g_assert_cmpstr (a->sha256, ==, sha);
  g_assert_cmpuint (strlen (a->sha256), ==, 64);
  g_assert_cmpstr (a->category, ==, "document");
  g_assert_nonnull (a->mime_type);
  g_assert_nonnull (strchr (a->mime_type, '/'));
  g_assert_cmpint (a->entity_type, ==, FCRM_ENTITY_DEAL);
  g_assert_cmpint (a->entity_id, ==, f->deal->id);
  g_assert_cmpint (a->created_at, ==, first_at);
  g_assert_cmpstr (a->user_login, ==, "anna");
  {
    g_autoptr(FcrmAttachment) again = listed (f->crm, a);

    g_assert_cmpstr (again->user_login, ==, "anna");
    g_assert_cmpint (again->created_at, ==, first_at);
  }

  /* a second one later, on the same deal; the lead has none */
  fcrm_clock_advance (f->db->clock, 60);
  b = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "notes.txt", NULL, text);

  list = list_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpuint (list->len, ==, 2);
  assert_same_record (g_ptr_array_index (list, 0), a);
  assert_same_record (g_ptr_array_index (list, 1), b);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_assert_cmpuint (list->len, ==, 0);

  got = fcrm_crm_attachment_get (f->crm, a->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  assert_same_record (got, a);

  back = content_ok (f->crm, a->id);
  g_assert_cmpuint (g_bytes_get_size (back), ==, 256);
  g_assert_true (g_bytes_equal (back, content));
  g_clear_pointer (&back, g_bytes_unref);

  /* the same after a restart */
  fcrm_test_db_reopen (f->db);
  f->crm = f->db->crm;
  back = content_ok (f->crm, a->id);
  g_assert_true (g_bytes_equal (back, content));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpuint (list->len, ==, 2);
  assert_same_record (g_ptr_array_index (list, 0), a);
}

/* Images are photos, the rest documents, unless the caller says otherwise. */
static void
test_category (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autoptr(GBytes) text = g_bytes_new_static ("2400 x 600 x 900\n", 17);
  g_autoptr(FcrmAttachment) photo = NULL;
  g_autoptr(FcrmAttachment) unnamed_png = NULL;
  g_autoptr(FcrmAttachment) doc = NULL;
  g_autoptr(FcrmAttachment) layout = NULL;
  const char * const *codes = fcrm_attachment_categories ();

  photo = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "kitchen.png", NULL, png);
  g_assert_cmpstr (photo->category, ==, "photo");
  g_assert_cmpstr (photo->mime_type, ==, "image/png");
  /* the content decides, not only the name */
  unnamed_png = attach_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "IMG_0001", NULL, png);
  g_assert_cmpstr (unnamed_png->category, ==, "photo");
  g_assert_true (g_str_has_prefix (unnamed_png->mime_type, "image/"));
  doc = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "sizes.txt", NULL, text);
  g_assert_cmpstr (doc->category, ==, "document");
  g_assert_cmpstr (doc->mime_type, ==, "text/plain");
  layout = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "plan.png", "layout", png);
  g_assert_cmpstr (layout->category, ==, "layout");
  g_assert_cmpstr (layout->mime_type, ==, "image/png");
  {
    g_autoptr(FcrmAttachment) again = listed (f->crm, layout);

    g_assert_cmpstr (again->category, ==, "layout");
  }

  /* every code is accepted and has a name */
  g_assert_cmpuint (g_strv_length ((char **) codes), ==, 4);
  g_assert_cmpstr (codes[0], ==, "layout");
  g_assert_cmpstr (codes[1], ==, "measurements");
  g_assert_cmpstr (codes[2], ==, "document");
  g_assert_cmpstr (codes[3], ==, "photo");
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "x.txt", codes[i], text);

      g_assert_cmpstr (a->category, ==, codes[i]);
      g_assert_cmpstr (fcrm_attachment_category_display_name (codes[i]), !=, "");
    }
  /* an unknown code is shown as it is */
  g_assert_cmpstr (fcrm_attachment_category_display_name ("blueprint"), ==, "blueprint");
}

/* The name says what a file is before its type does (issue 13). */
static void
test_guess (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autoptr(GBytes) text = g_bytes_new_static ("2400 x 600 x 900\n", 17);
  const struct { const char *name; GBytes *content; const char *category; } cases[] = {
    { "план.png", png, "layout" },
    { "Планировка кухни.PNG", png, "layout" },
    { "ЧЕРТЁЖ шкафа.png", png, "layout" },
    { "layout-v2.png", png, "layout" },
    { "замер прихожей.png", png, "measurements" },
    { "Measurements.txt", text, "measurements" },
    { "kitchen.png", png, "photo" },
    { "notes.txt", text, "document" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, cases[i].name, NULL, cases[i].content);
      g_autoptr(FcrmAttachment) again = listed (f->crm, a);

      g_assert_cmpstr (a->category, ==, cases[i].category);
      g_assert_cmpstr (again->category, ==, cases[i].category);
    }
  /* a category given wins over the name */
  {
    g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "план.png", "photo", png);

    g_assert_cmpstr (a->category, ==, "photo");
  }
}

static guint
n_comments (Fixture *f,
            gint64   deal_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = fcrm_crm_comments (f->crm, FCRM_ENTITY_DEAL, deal_id, &error);

  g_assert_no_error (error);
  return comments->len;
}

/* A category changed later: one transaction, a note on the timeline, an
 * undo that leaves no trace; bad input writes nothing. */
static void
test_set_category (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "kitchen.png", NULL, png);
  g_autoptr(FcrmAttachment) after = NULL;
  g_autoptr(FcrmItem) before_item = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_autoptr(FcrmItem) after_item = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  FcrmComment *note;
  gint64 note_id = -1;
  guint n;

  g_assert_cmpstr (a->category, ==, "photo");
  n = n_comments (f, f->deal->id);

  g_assert_true (fcrm_crm_attachment_set_category (f->crm, a->id, "layout", &note_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (note_id, >, 0);
  after = listed (f->crm, a);
  g_assert_cmpstr (after->category, ==, "layout");
  /* on the timeline, by the person who did it */
  comments = fcrm_crm_comments (f->crm, FCRM_ENTITY_DEAL, f->deal->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, n + 1);
  note = g_ptr_array_index (comments, 0);
  g_assert_cmpint (note->id, ==, note_id);
  g_assert_cmpstr (note->text, ==, "Filed “kitchen.png” under Layout instead of Photo.");
  g_assert_cmpstr (note->user_login, ==, "anna");
  /* a change of the item: an editor opened before notices */
  after_item = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpint (after_item->version, >, before_item->version);

  /* the same category again changes nothing */
  g_assert_true (fcrm_crm_attachment_set_category (f->crm, a->id, "layout", &note_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (note_id, ==, 0);
  g_assert_cmpuint (n_comments (f, f->deal->id), ==, n + 1);

  /* refused: an unknown category or attachment; nothing written */
  g_assert_false (fcrm_crm_attachment_set_category (f->crm, a->id, "blueprint", NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_attachment_set_category (f->crm, a->id, NULL, NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_attachment_set_category (f->crm, a->id + 1000, "photo", NULL, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&after);
  after = listed (f->crm, a);
  g_assert_cmpstr (after->category, ==, "layout");
  g_assert_cmpuint (n_comments (f, f->deal->id), ==, n + 1);

  /* undo: the old category back, the note gone */
  g_clear_pointer (&comments, g_ptr_array_unref);
  comments = fcrm_crm_comments (f->crm, FCRM_ENTITY_DEAL, f->deal->id, &error);
  note_id = ((FcrmComment *) g_ptr_array_index (comments, 0))->id;
  g_assert_true (fcrm_crm_attachment_undo_category (f->crm, a->id, "photo", note_id, &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = listed (f->crm, a);
  g_assert_cmpstr (after->category, ==, "photo");
  g_assert_cmpuint (n_comments (f, f->deal->id), ==, n);
}

/* The same file twice on an item is found by its content, not its name. */
static void
test_find_same (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autoptr(GBytes) other = every_byte ();
  g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "план.png", NULL, png);
  g_autoptr(GPtrArray) list = list_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_autoptr(GPtrArray) on_lead = list_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  FcrmAttachment *same;

  same = fcrm_attachment_find_same (list, png);
  g_assert_nonnull (same);
  g_assert_cmpint (same->id, ==, a->id);
  g_assert_null (fcrm_attachment_find_same (list, other));
  /* another item's files are not this one's */
  g_assert_null (fcrm_attachment_find_same (on_lead, png));
  g_assert_null (fcrm_attachment_find_same (NULL, png));
}

static void
refused (Fixture        *f,
         FcrmEntityType  type,
         gint64          id,
         const char     *name,
         const char     *category,
         GBytes         *content,
         int             code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmAttachment) a = fcrm_crm_attach (f->crm, type, id, name, category, content, &error);

  g_assert_null (a);
  g_assert_error (error, FCRM_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

/* Bad input is refused with a message, and nothing is written. */
static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GBytes) content = every_byte ();
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (FCRM_ATTACHMENT_MAX_SIZE + 1), FCRM_ATTACHMENT_MAX_SIZE + 1);
  g_autoptr(GBytes) limit = g_bytes_new_take (g_malloc0 (FCRM_ATTACHMENT_MAX_SIZE), FCRM_ATTACHMENT_MAX_SIZE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmAttachment) a = NULL;
  g_autoptr(FcrmAttachment) at_limit = NULL;
  g_autofree char *long_name = g_strnfill (256, 'a');
  g_autofree char *longest = NULL;
  g_autofree char *cyrillic = NULL;
  g_autofree char *limit_mb = g_strdup_printf ("%d", FCRM_ATTACHMENT_MAX_SIZE / (1024 * 1024));
  FcrmTestSnapshot before;
  g_autoptr(GString) names = g_string_new (NULL);

  fcrm_test_snapshot (f->crm, &before);

  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "a.bin", "blueprint", content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "a.bin", "", content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "a.bin", "Photo", content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "a.bin", NULL, empty, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "big.bin", NULL, huge, FCRM_ERROR_INVALID_INPUT);
  /* the message names the limit */
  fcrm_crm_attach (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "big.bin", NULL, huge, &error);
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, limit_mb));
  g_assert_nonnull (strstr (error->message, "MB"));
  g_clear_error (&error);

  refused (f, FCRM_ENTITY_DEAL, f->deal->id, NULL, NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "", NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "   ", NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "/", NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "scans/..", NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, long_name, NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "plan\xff\xfe.pdf", NULL, content, FCRM_ERROR_INVALID_INPUT);
  refused (f, FCRM_ENTITY_DEAL, f->deal->id, "plan\xd0.pdf", NULL, content, FCRM_ERROR_INVALID_INPUT);

  refused (f, FCRM_ENTITY_DEAL, 9999, "a.bin", NULL, content, FCRM_ERROR_NOT_FOUND);
  refused (f, FCRM_ENTITY_LEAD, 9999, "a.bin", NULL, content, FCRM_ERROR_NOT_FOUND);
  /* a lead's id is not a deal's */
  refused (f, FCRM_ENTITY_DEAL, f->lead->id + f->deal->id + 100, "a.bin", NULL, content, FCRM_ERROR_NOT_FOUND);

  fcrm_test_assert_unchanged (f->crm, &before);

  /* listing and reading unknown things */
  g_assert_null (fcrm_crm_attachments (f->crm, FCRM_ENTITY_DEAL, 9999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_attachment_get (f->crm, 9999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_attachment_content (f->crm, 9999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);

  /* right at the limits it is accepted: 255 characters (not bytes), the largest size */
  for (guint i = 0; i < 255; i++)
    g_string_append (names, "ж");
  cyrillic = g_string_free (g_steal_pointer (&names), FALSE);
  a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, cyrillic, NULL, content);
  g_assert_cmpstr (a->name, ==, cyrillic);
  longest = g_strnfill (255, 'b');
  g_clear_object (&a);
  a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, longest, NULL, content);
  g_assert_cmpstr (a->name, ==, longest);
  at_limit = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "limit.bin", NULL, limit);
  g_assert_cmpint (at_limit->size, ==, FCRM_ATTACHMENT_MAX_SIZE);
  g_assert_cmpint (n_attachments (f), ==, 3);
}

/* Deleting removes the record and its bytes; an unknown id is not found. */
static void
test_delete (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GBytes) content = every_byte ();
  g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "a.bin", NULL, content);
  g_autoptr(FcrmAttachment) b = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "b.bin", "measurements", content);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  FcrmTestSnapshot before;

  g_assert_true (fcrm_crm_attachment_delete (f->crm, a->id, &error));
  g_assert_no_error (error);
  list = list_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((FcrmAttachment *) g_ptr_array_index (list, 0))->id, ==, b->id);
  g_assert_cmpint (n_attachments (f), ==, 1);
  g_assert_null (fcrm_crm_attachment_get (f->crm, a->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fcrm_crm_attachment_content (f->crm, a->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  back = content_ok (f->crm, b->id);
  g_assert_true (g_bytes_equal (back, content));

  fcrm_test_snapshot (f->crm, &before);
  g_assert_false (fcrm_crm_attachment_delete (f->crm, a->id, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fcrm_crm_attachment_delete (f->crm, 9999, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fcrm_test_assert_unchanged (f->crm, &before);
}

static void
count_changed (guint *n)
{
  (*n)++;
}

/* Adding or removing a file changes the item: its version and time move, so
 * an editor opened before is told someone else changed it. */
static void
test_version (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GBytes) content = every_byte ();
  g_autoptr(FcrmAttachment) a = NULL;
  g_autoptr(FcrmAttachment) l = NULL;
  g_autoptr(FcrmItem) d = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = f->deal->version;
  guint changed = 0;

  g_signal_connect_swapped (f->crm, "changed", G_CALLBACK (count_changed), &changed);

  fcrm_clock_advance (f->db->clock, 60);
  a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "a.bin", NULL, content);
  d = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpint (d->version, ==, version + 1);
  g_assert_cmpint (d->updated_at, ==, fcrm_clock_now (f->db->clock));
  g_assert_cmpuint (changed, ==, 1);

  /* an editor holding the old version is refused */
  g_assert_false (fcrm_crm_deal_set (f->crm, f->deal->id, "title", "Birch kitchen", version, &error));
  g_assert_error (error, FCRM_ERROR, FCRM_ERROR_CONFLICT);
  g_clear_error (&error);

  fcrm_clock_advance (f->db->clock, 60);
  g_assert_true (fcrm_crm_attachment_delete (f->crm, a->id, &error));
  g_assert_no_error (error);
  g_clear_object (&d);
  d = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpint (d->version, ==, version + 2);
  g_assert_cmpint (d->updated_at, ==, fcrm_clock_now (f->db->clock));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (d->title, ==, "Oak kitchen");

  /* a lead the same; the deal is untouched by it */
  fcrm_clock_advance (f->db->clock, 60);
  l = attach_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "l.bin", NULL, content);
  lead = get_item (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_assert_cmpint (lead->version, ==, f->lead->version + 1);
  g_assert_cmpint (lead->updated_at, ==, fcrm_clock_now (f->db->clock));
  g_clear_object (&d);
  d = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_assert_cmpint (d->version, ==, version + 2);
  g_signal_handlers_disconnect_by_func (f->crm, count_changed, &changed);
}

/* A converted lead's files are on its deal too, the same bytes. */
static void
test_convert (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GBytes) content = every_byte ();
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "hall.bin", "measurements", content);
  g_autoptr(FcrmAttachment) p = attach_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id, "hall.png", NULL, png);
  g_autoptr(GPtrArray) on_deal = NULL;
  g_autoptr(GPtrArray) on_lead = NULL;
  g_autoptr(GError) error = NULL;
  FcrmConvertResult result = { 0 };
  FcrmAttachment *copy;

  g_assert_true (fcrm_crm_lead_convert (f->crm, f->lead->id, "manufacturing", FCRM_CONVERT_DEFAULT, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.deal_id, >, 0);

  on_deal = list_ok (f->crm, FCRM_ENTITY_DEAL, result.deal_id);
  g_assert_cmpuint (on_deal->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      FcrmAttachment *orig = i == 0 ? a : p;
      g_autoptr(GBytes) back = NULL;

      copy = g_ptr_array_index (on_deal, i);
      g_assert_cmpint (copy->id, !=, orig->id);
      g_assert_cmpint (copy->entity_type, ==, FCRM_ENTITY_DEAL);
      g_assert_cmpint (copy->entity_id, ==, result.deal_id);
      g_assert_cmpstr (copy->name, ==, orig->name);
      g_assert_cmpstr (copy->sha256, ==, orig->sha256);
      g_assert_cmpstr (copy->category, ==, orig->category);
      g_assert_cmpstr (copy->mime_type, ==, orig->mime_type);
      g_assert_cmpint (copy->size, ==, orig->size);
      g_assert_cmpstr (copy->user_login, ==, "anna");
      back = content_ok (f->crm, copy->id);
      g_assert_true (g_bytes_equal (back, i == 0 ? content : png));
    }
  /* the lead keeps its own */
  on_lead = list_ok (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_assert_cmpuint (on_lead->len, ==, 2);
  g_assert_cmpint (((FcrmAttachment *) g_ptr_array_index (on_lead, 0))->id, ==, a->id);
}

/* The card's JSON lists the files (SPEC §5), without their bytes. */
static void
test_json (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GBytes) content = every_byte ();
  g_autoptr(FcrmAttachment) a = attach_ok (f->crm, FCRM_ENTITY_DEAL, f->deal->id, "plan.bin", "layout", content);
  g_autoptr(FcrmItem) d = get_item (f->crm, FCRM_ENTITY_DEAL, f->deal->id);
  g_autoptr(FcrmItem) lead = get_item (f->crm, FCRM_ENTITY_LEAD, f->lead->id);
  g_autoptr(JsonNode) node = fcrm_json_item (d, f->crm);
  g_autoptr(JsonNode) lead_node = fcrm_json_item (lead, f->crm);
  g_autoptr(JsonNode) plain = fcrm_json_item (d, NULL);
  JsonArray *list;
  JsonObject *o;

  list = json_object_get_array_member (json_node_get_object (node), "attachments");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, a->id);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "plan.bin");
  g_assert_cmpint (json_object_get_int_member (o, "size"), ==, 256);
  g_assert_cmpstr (json_object_get_string_member (o, "sha256"), ==, a->sha256);
  g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "layout");
  g_assert_cmpstr (json_object_get_string_member (o, "mime_type"), ==, a->mime_type);
  g_assert_true (json_object_has_member (o, "created_at"));
  g_assert_false (json_object_has_member (o, "content"));

  list = json_object_get_array_member (json_node_get_object (lead_node), "attachments");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  /* lists leave them out */
  g_assert_false (json_object_has_member (json_node_get_object (plain), "attachments"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  fcrm_test_init (&argc, &argv);

  ADD ("/attachments/round-trip", test_round_trip);
  ADD ("/attachments/category", test_category);
  ADD ("/attachments/guess", test_guess);
  ADD ("/attachments/set-category", test_set_category);
  ADD ("/attachments/find-same", test_find_same);
  ADD ("/attachments/refused", test_refused);
  ADD ("/attachments/delete", test_delete);
  ADD ("/attachments/version", test_version);
  ADD ("/attachments/convert", test_convert);
  ADD ("/attachments/json", test_json);
  return g_test_run ();
}
