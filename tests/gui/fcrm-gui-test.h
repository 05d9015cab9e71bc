#pragma once

/* Shared by the widget tests: a temporary database with a frozen clock,
 * and helpers that let GTK finish drawing before a test looks. */

#include <adwaita.h>

#include "fcrm-clock.h"
#include "fcrm-crm.h"
#include "fcrm-crm-test-private.h"

G_BEGIN_DECLS

/* 2026-01-12 09:00 UTC: a Monday morning, fixed for repeatable days-in-stage. */
#define FCRM_GUI_TEST_T0 G_GINT64_CONSTANT (1768208400)
#define FCRM_GUI_TEST_DAY (24 * 60 * 60)

typedef struct
{
  char      *dir;
  FcrmClock *clock;
  FcrmCrm   *crm;
} FcrmGuiFixture;

/** gtk_test_init() and adw_init(). */
void       fcrm_gui_test_init          (int            *argc,
                                        char         ***argv);
/** A fresh database in a temporary folder; with @with_user also the
 * manager "anna" as the acting user. */
void       fcrm_gui_fixture_set_up     (FcrmGuiFixture *fixture,
                                        gboolean        with_user);
/** Close the database and remove the folder. */
void       fcrm_gui_fixture_tear_down  (FcrmGuiFixture *fixture);
/** fcrm_gui_fixture_set_up (@fixture, TRUE) as a GTestFixtureFunc. */
void       fcrm_gui_test_set_up_with_user (FcrmGuiFixture *fixture,
                                           gconstpointer   data);
/** fcrm_gui_fixture_tear_down() as a GTestFixtureFunc. */
void       fcrm_gui_test_tear_down     (FcrmGuiFixture *fixture,
                                        gconstpointer   data);
/** A lead in lead.new, responsible "anna"; returns its id. */
gint64     fcrm_gui_fixture_add_lead   (FcrmGuiFixture *fixture,
                                        const char     *title,
                                        const char     *budget);
/** Run every pending main-context event, and wait (with a deadline) for
 * the answers of the fixture's reader thread and what they start. */
void       fcrm_gui_test_drain         (void);
/** Wait (with a deadline) until the reader thread of @crm has answered
 * every read asked so far, and what those answers asked in turn. */
void       fcrm_gui_test_flush         (FcrmCrm        *crm);
/** Present @window and wait until it has drawn. */
void       fcrm_gui_test_show          (GtkWidget      *window);
/** A 1000×700 window holding @child, shown and drawn. */
GtkWidget *fcrm_gui_test_show_in_window (GtkWidget     *child);

/** Depth-first search below and including @root for the first widget @match accepts. */
GtkWidget *fcrm_gui_test_find       (GtkWidget      *root,
                                     gboolean      (*match) (GtkWidget *widget, gconstpointer data),
                                     gconstpointer   data);
/** The first widget of @type below and including @root, or NULL. */
GtkWidget *fcrm_gui_test_find_type  (GtkWidget      *root,
                                     GType           type);
/** The first widget named @name (gtk_widget_set_name) below and including @root, or NULL. */
GtkWidget *fcrm_gui_test_find_named (GtkWidget      *root,
                                     const char     *name);
/** The template child @name of the first widget of @type below and including
 * @root (a window, or a page or section widget inside it), or NULL. */
gpointer   fcrm_gui_test_find_type_child (GtkWidget  *root,
                                          GType       type,
                                          const char *name);
/** The number of rows of @list (its placeholder not counted). */
guint      fcrm_gui_test_count_rows (GtkListBox     *list);
/** The first row of @list (AdwPreferencesRow) whose title starts with @title_prefix, or NULL. */
AdwPreferencesRow *fcrm_gui_test_find_list_row (GtkListBox *list,
                                                const char *title_prefix);
/** The object bound as @name in the template of @root, or else of the first
 * of our widgets (Fcrm…) below it that has one: a widget that moved into a
 * part of a view (a card section) is still found from the view. */
GObject   *fcrm_gui_test_find_template_child (GtkWidget  *root,
                                              const char *name);


G_END_DECLS
