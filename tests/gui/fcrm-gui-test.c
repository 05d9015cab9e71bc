#define G_LOG_DOMAIN "fcrm-gui-test"

#include <glib/gstdio.h>

#include "fcrm-gui-test.h"
#include "fcrm-crm-async.h"

/* How long a test waits for the reader thread before failing. */
#define WORKER_DEADLINE_US (20 * G_USEC_PER_SEC)
/* Rounds of "let the worker answer, then run what its answers started". */
#define MIN_ROUNDS 3
#define MAX_ROUNDS 8

/* The fixture's database: fcrm_gui_test_drain() waits for its reader too. */
static FcrmCrm *drained_crm;

void
fcrm_gui_test_init (int    *argc,
                    char ***argv)
{
  /* The database location must come from the test, never the environment. */
  g_unsetenv ("FURNITURE_CRM_DB");
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

void
fcrm_gui_fixture_set_up (FcrmGuiFixture *fixture,
                         gboolean        with_user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("fcrm-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "crm.sqlite3", NULL);

  fixture->clock = fcrm_clock_new_fixed (FCRM_GUI_TEST_T0);
  fixture->crm = fcrm_crm_open_full (path, fixture->clock, FCRM_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->crm);
  drained_crm = fixture->crm;

  if (with_user)
    {
      g_autoptr(FcrmUser) user = NULL;

      user = fcrm_crm_user_add (fixture->crm, "anna", "Anna Petrova", "manager", &error);
      g_assert_no_error (error);
      g_assert_nonnull (user);
      fcrm_crm_set_actor (fixture->crm, "anna", &error);
      g_assert_no_error (error);
    }
}

void
fcrm_gui_fixture_tear_down (FcrmGuiFixture *fixture)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (drained_crm == fixture->crm)
    {
      /* answers still on their way hold the database: let them land */
      fcrm_gui_test_drain ();
      drained_crm = NULL;
    }
  g_clear_object (&fixture->crm);
  g_clear_object (&fixture->clock);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

void
fcrm_gui_test_set_up_with_user (FcrmGuiFixture *fixture,
                                gconstpointer   data)
{
  fcrm_gui_fixture_set_up (fixture, TRUE);
}

void
fcrm_gui_test_tear_down (FcrmGuiFixture *fixture,
                         gconstpointer   data)
{
  fcrm_gui_fixture_tear_down (fixture);
}

gint64
fcrm_gui_fixture_add_lead (FcrmGuiFixture *fixture,
                           const char     *title,
                           const char     *budget)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmItem) lead = NULL;
  FcrmLeadInput input = {
    .title = title,
    .name = "Ivan Sokolov",
    .phone = "+7 912 345-67-89",
    .budget = budget,
    .responsible = "anna",
  };

  lead = fcrm_crm_lead_add (fixture->crm, &input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead);

  return lead->id;
}

static guint
drain_events (void)
{
  guint n = 0;

  while (g_main_context_pending (NULL))
    if (g_main_context_iteration (NULL, FALSE))
      n++;
  return n;
}

static gpointer
barrier_job (FcrmCrm  *worker,
             gpointer  data,
             GError  **error)
{
  return GINT_TO_POINTER (1);
}

static void
barrier_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  /* a no-op: it cannot fail, nor be cancelled */
  *done = fcrm_crm_read_finish (FCRM_CRM (source), result, NULL) != NULL;
}

/* Wait until the reader of @crm has answered everything asked before;
 * returns how many other events ran meanwhile. */
static guint
barrier (FcrmCrm *crm)
{
  gint64 deadline = g_get_monotonic_time () + WORKER_DEADLINE_US;
  gboolean done = FALSE;
  guint n = 0;

  fcrm_crm_read_async (crm, barrier_job, NULL, NULL, NULL, NULL, barrier_cb, &done);
  while (!done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      n++;
    }
  return n - 1;
}

void
fcrm_gui_test_flush (FcrmCrm *crm)
{
  g_return_if_fail (FCRM_IS_CRM (crm));

  /* Jobs run in order: once a no-op asked last has come back, every answer
   * asked before it has been delivered. Those answers may ask for more (a
   * column's check re-reads the column): go round until a round is quiet. */
  for (guint round = 0; round < MAX_ROUNDS; round++)
    {
      guint n = drain_events ();

      n += barrier (crm);
      n += drain_events ();
      /* an answer delivered in the same iteration as the no-op is not
       * counted: a few rounds always, for chains of answers */
      if (n == 0 && round >= MIN_ROUNDS)
        break;
    }
}

void
fcrm_gui_test_drain (void)
{
  drain_events ();
  if (drained_crm != NULL)
    fcrm_gui_test_flush (drained_crm);
}

void
fcrm_gui_test_show (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  fcrm_gui_test_drain ();
}

GtkWidget *
fcrm_gui_test_show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), child);
  fcrm_gui_test_show (window);

  return window;
}

GtkWidget *
fcrm_gui_test_find (GtkWidget      *root,
                    gboolean      (*match) (GtkWidget *widget, gconstpointer data),
                    gconstpointer   data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = fcrm_gui_test_find (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget    *widget,
            gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
fcrm_gui_test_find_type (GtkWidget *root,
                         GType      type)
{
  return fcrm_gui_test_find (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_named (GtkWidget    *widget,
          gconstpointer data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

GtkWidget *
fcrm_gui_test_find_named (GtkWidget  *root,
                          const char *name)
{
  return fcrm_gui_test_find (root, is_named, name);
}

gpointer
fcrm_gui_test_find_type_child (GtkWidget  *root,
                               GType       type,
                               const char *name)
{
  GtkWidget *widget = fcrm_gui_test_find_type (root, type);

  return widget != NULL ? gtk_widget_get_template_child (widget, type, name) : NULL;
}

static gboolean
has_template_child (GtkWidget    *widget,
                    gconstpointer data)
{
  /* Our own types only, each class of the widget's own: a libadwaita
   * widget's internals may use the same names. */
  for (GType type = G_OBJECT_TYPE (widget); type != GTK_TYPE_WIDGET; type = g_type_parent (type))
    if (g_str_has_prefix (g_type_name (type), "Fcrm") &&
        gtk_widget_get_template_child (widget, type, data) != NULL)
      return TRUE;
  return FALSE;
}

GObject *
fcrm_gui_test_find_template_child (GtkWidget  *root,
                                   const char *name)
{
  GtkWidget *owner = fcrm_gui_test_find (root, has_template_child, name);

  if (owner == NULL)
    return NULL;
  for (GType type = G_OBJECT_TYPE (owner); type != GTK_TYPE_WIDGET; type = g_type_parent (type))
    {
      GObject *object = g_str_has_prefix (g_type_name (type), "Fcrm")
                        ? gtk_widget_get_template_child (owner, type, name) : NULL;

      if (object != NULL)
        return object;
    }
  g_assert_not_reached ();
}

guint
fcrm_gui_test_count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

AdwPreferencesRow *
fcrm_gui_test_find_list_row (GtkListBox *list,
                             const char *title_prefix)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title_prefix))
      return ADW_PREFERENCES_ROW (row);

  return NULL;
}

