#pragma once

/* Shared by the widget tests: a temporary database with a frozen clock,
 * and helpers that let GTK finish drawing before a test looks. */

#include <adwaita.h>

#include "fcrm-board.h"
#include "fcrm-card-row.h"
#include "fcrm-clock.h"
#include "fcrm-crm.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-item-card.h"

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

/* A board shown in a window, for the board tests. */
typedef struct
{
  FcrmGuiFixture  base;
  GtkWidget      *window;
  FcrmBoard      *board;
} FcrmGuiBoardFixture;

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
/** A lead in lead.new: @source, @company may be NULL; @responsible NULL is "anna". */
gint64     fcrm_gui_fixture_add_lead_full (FcrmGuiFixture *fixture,
                                           const char     *title,
                                           const char     *budget,
                                           const char     *source,
                                           const char     *responsible,
                                           const char     *company);
/** A deal of @pipeline for "anna"; free it. */
FcrmItem  *fcrm_gui_fixture_add_deal_in (FcrmGuiFixture *fixture,
                                         const char     *pipeline,
                                         const char     *title,
                                         const char     *budget);
/** A deal in the manufacturing pipeline, responsible "anna"; returns its id. */
gint64     fcrm_gui_fixture_add_deal   (FcrmGuiFixture *fixture,
                                        const char     *title,
                                        const char     *budget);
/** The lead @id as the database has it now (asserts no error). */
FcrmItem  *fcrm_gui_test_get_lead      (FcrmCrm        *crm,
                                        gint64          id);
/** The deal @id as the database has it now (asserts no error). */
FcrmItem  *fcrm_gui_test_get_deal      (FcrmCrm        *crm,
                                        gint64          id);
/** How many history entries the item has. */
guint      fcrm_gui_test_history_length (FcrmCrm       *crm,
                                         FcrmEntityType type,
                                         gint64         id);
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
/** The first button below and including @root whose tooltip is @tooltip, or NULL. */
GtkWidget *fcrm_gui_test_find_button_with_tooltip (GtkWidget  *root,
                                                   const char *tooltip);
/** The open message dialog whose heading is @heading, or NULL. */
AdwMessageDialog *fcrm_gui_test_find_dialog (const char *heading);

/* Item cards (FcrmItemCard windows) */

/** Close every open card, item or client (they hold the database), and drain. */
void       fcrm_gui_card_close_all     (void);
/** fcrm_gui_card_close_all(), then the fixture's tear-down;
 * a GTestFixtureFunc. */
void       fcrm_gui_card_tear_down     (FcrmGuiFixture *fixture,
                                        gconstpointer   data);
/** How many item cards are open. */
guint      fcrm_gui_card_count         (void);
/** The card of @type @id, opened as the board does, drawn and drained. */
FcrmItemCard *fcrm_gui_card_present    (FcrmGuiFixture *fixture,
                                        FcrmEntityType  type,
                                        gint64          id);
/** A widget of the card's template or of one of its sections; asserts it exists. */
gpointer   fcrm_gui_card_child         (FcrmItemCard   *card,
                                        const char     *name);
/** The visible row of a card field, by its (English) title, hidden tabs
 * included; or NULL. */
GtkWidget *fcrm_gui_card_find_field_row (FcrmItemCard  *card,
                                         const char    *title);
/** fcrm_gui_card_find_field_row(), asserting the row exists. */
GtkWidget *fcrm_gui_card_field_row     (FcrmItemCard   *card,
                                        const char     *title);

/* Boards (FcrmGuiBoardFixture) */

/** fcrm_gui_fixture_set_up (with the user "anna") as a GTestFixtureFunc. */
void       fcrm_gui_board_set_up       (FcrmGuiBoardFixture *fixture,
                                        gconstpointer        data);
/** Close the board's dialog and window, then the database; a GTestFixtureFunc. */
void       fcrm_gui_board_tear_down    (FcrmGuiBoardFixture *fixture,
                                        gconstpointer        data);
/** The board of @pipeline inside a toast overlay, as the window has it, shown. */
FcrmBoard *fcrm_gui_board_show         (FcrmGuiBoardFixture *fixture,
                                        const char          *pipeline);
/** Wait until the board's window has drawn, and drain. */
void       fcrm_gui_board_wait_for_draw (FcrmGuiBoardFixture *fixture);
/** Assert the header of @stage's column as it is now, before anything pending has run. */
void       fcrm_gui_board_assert_header_now (FcrmBoard  *board,
                                             const char *stage,
                                             gint64      count,
                                             gint64      sum);
/** Assert the header once the columns' reads (off the main loop) are answered. */
void       fcrm_gui_board_assert_header (FcrmBoard  *board,
                                         const char *stage,
                                         gint64      count,
                                         gint64      sum);
/** The list row of @column that shows the item @id, or NULL. */
GtkWidget *fcrm_gui_board_row_of_item  (FcrmBoardColumn *column,
                                        gint64           id);
/** The card showing item @id in @stage's column (asserts there is one). */
FcrmCardRow *fcrm_gui_board_card_of_item (FcrmBoard  *board,
                                          const char *stage,
                                          gint64      id);
/** The toast's Undo, as if clicked. */
void       fcrm_gui_board_click_undo   (FcrmBoard  *board);
/** Answer @dialog (an AdwMessageDialog) as a click on @response does, close it, drain. */
void       fcrm_gui_test_respond       (GtkWindow  *dialog,
                                        const char *response);
/** The first event controller of @type on @widget (the widget keeps it), or NULL. */
GtkEventController *fcrm_gui_test_find_controller (GtkWidget *widget,
                                                   GType      type);
/** Drop @item on @widget as its GtkDropTarget's "drop" does; what the drop returned. */
gboolean   fcrm_gui_board_drop_on      (GtkWidget  *widget,
                                        FcrmItem   *item);
/** Answer the dialog a drop opened, as a click on @response does. */
void       fcrm_gui_board_respond      (FcrmBoard  *board,
                                        const char *response);

G_END_DECLS
