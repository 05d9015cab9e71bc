#pragma once

/* Shared helpers of the core tests: a temporary database (removed at the
 * end), a clock frozen at a known local time, users, a three-user fixture,
 * reads through the facade (fcrm-test-facade.c) and, for storage questions
 * only, small SQL probes that read the database through the store seam.
 *
 * Backends: suite "core" runs every test on a SQLite file; suite "core-pg"
 * (FCRM_TEST_BACKEND=postgresql) runs the same tests on a fresh PostgreSQL
 * database per test, made on the server named by FCRM_TEST_PG (a base URI such
 * as postgresql://postgres@127.0.0.1:55432/postgres). Without FCRM_TEST_PG the
 * core-pg tests exit 77 (skipped). Run by hand without FCRM_TEST_BACKEND, a
 * test uses PostgreSQL exactly when FCRM_TEST_PG is set. */

#include <glib.h>

#include "fcrm-crm.h"
#include "fcrm-error.h"
#include "fcrm-crm-test-private.h"
#include "fcrm-inbox.h"

G_BEGIN_DECLS

/* Every test runs in this zone (UTC+10, no DST), so a local date and the
 * UTC date differ for part of each day and local-time bugs show up. */
#define FCRM_TEST_TZ "Asia/Vladivostok"

typedef struct
{
  char      *dir;       /* temporary folder, removed by fcrm_test_db_free() */
  char      *location;  /* dir/crm.sqlite3, or postgresql://…/fcrm_t_<pid>_<n> */
  char      *pg_name;   /* the PostgreSQL database (dropped at the end); NULL for SQLite */
  FcrmClock *clock;     /* frozen; starts at fcrm_test_start_time() */
  FcrmCrm   *crm;       /* NULL until opened (see fcrm_test_db_new_empty) */
} FcrmTestDb;

/** g_test_init() plus the fixed time zone; FURNITURE_CRM_DB unset. Exits 77
 * (skipped) in suite core-pg when FCRM_TEST_PG is not set. */
void        fcrm_test_init            (int         *argc,
                                       char      ***argv);
/** "sqlite" or "postgresql": where fcrm_test_db_new() puts databases. */
const char *fcrm_test_backend         (void);
gboolean    fcrm_test_is_pg           (void);
/** In a test that cannot run on this backend: g_test_skip (@reason) and TRUE
 * when the backend is PostgreSQL (use: if (fcrm_test_sqlite_only ("…")) return;). */
gboolean    fcrm_test_sqlite_only     (const char  *reason);
/** Unix time of a local wall-clock moment in FCRM_TEST_TZ. */
gint64      fcrm_test_local_time      (int          year,
                                       int          month,
                                       int          day,
                                       int          hour,
                                       int          minute);
/** 2026-01-12 10:00 local (a Monday): where every test clock starts. */
gint64      fcrm_test_start_time      (void);
/** A fresh temporary folder (g_dir_make_tmp); free with fcrm_test_rm_rf + g_free. */
char       *fcrm_test_make_dir        (void);
/** Remove a folder and everything in it. */
void        fcrm_test_rm_rf           (const char  *path);

/** A new database of the suite's backend, opened with a frozen clock. */
FcrmTestDb *fcrm_test_db_new          (void);
/** The same, but nothing created in it yet and not opened (crm NULL): an
 * empty file location or an empty server database. */
FcrmTestDb *fcrm_test_db_new_empty    (void);
/** A new SQLite database file whatever the suite (opened when @open). */
FcrmTestDb *fcrm_test_db_new_sqlite   (gboolean     open);
/** What to give fcrm_crm_open / fcrm_store_open for this database (file path or URI). */
const char *fcrm_test_location        (FcrmTestDb  *db);
/** Open db->location into db->crm (after fcrm_test_db_new_empty), creating it when new. */
void        fcrm_test_db_open         (FcrmTestDb  *db);
/** Close and reopen the same database (same clock): a program restart. */
void        fcrm_test_db_reopen       (FcrmTestDb  *db);
/** Close the database and remove it (folder, or server database). */
void        fcrm_test_db_free         (FcrmTestDb  *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmTestDb, fcrm_test_db_free)

/* PostgreSQL only (the suite's FCRM_TEST_PG server) */

/** A URI for database @dbname on the test server, signing in as @user with
 * @password (NULL: the base URI's user / no password). */
char       *fcrm_test_pg_uri          (const char  *dbname,
                                       const char  *user,
                                       const char  *password);
/** A new empty database on the test server; returns its name (drop with
 * fcrm_test_pg_drop_database). */
char       *fcrm_test_pg_create_database (void);
void        fcrm_test_pg_drop_database   (const char *name);
/** Run SQL without results on the test server as the base URI's user (roles, databases). */
void        fcrm_test_pg_exec            (const char *sql);

/** Add an active user; aborts the test on failure. Returns the user id. */
gint64      fcrm_test_add_user        (FcrmCrm     *crm,
                                       const char  *login,
                                       const char  *role);

/** Add a lead with a title and a responsible login (NULL: the default rule);
 * aborts the test on failure. */
FcrmItem   *fcrm_test_add_lead        (FcrmCrm     *crm,
                                       const char  *title,
                                       const char  *responsible);
/** Add a deal in @pipeline; aborts the test on failure. */
FcrmItem   *fcrm_test_add_deal        (FcrmCrm     *crm,
                                       const char  *pipeline,
                                       const char  *title,
                                       const char  *responsible);
/** @login leaves the firm (as the administrator would do it). */
void        fcrm_test_deactivate      (FcrmCrm     *crm,
                                       const char  *login);
/** Set @clock to @at and run the robots; returns how many fired. */
guint       fcrm_test_run_robots      (FcrmCrm     *crm,
                                       FcrmClock   *clock,
                                       gint64       at);
/** The id of the template robot with this key (0 when none). */
gint64      fcrm_test_robot_id        (FcrmCrm     *crm,
                                       const char  *template_key);

/* A database with three users at the start time: anna and boris
 * (managers), sveta (supervisor). For g_test_add (…, fcrm_test_team_setup, …,
 * fcrm_test_team_teardown). */
typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;
  gint64      t0;
  gint64      anna, boris, sveta;
  FcrmItem   *deal;   /* NULL; a file's own setup may add one (teardown releases it) */
} FcrmTestTeam;

void        fcrm_test_team_setup      (FcrmTestTeam  *f,
                                       gconstpointer  data);
void        fcrm_test_team_teardown   (FcrmTestTeam  *f,
                                       gconstpointer  data);

/* Facade reads: what a user can see, asked as the application asks it (a
 * schema change breaks only the schema tests). Each aborts the test on error. */

/** Act as @login (NULL: nobody). */
void        fcrm_test_set_actor       (FcrmCrm     *crm,
                                       const char  *login);
/** Set a deal's field (as fcrm_crm_deal_set, no version check) / lose it. */
void        fcrm_test_deal_set        (FcrmCrm     *crm,
                                       gint64       id,
                                       const char  *field,
                                       const char  *value);
void        fcrm_test_deal_lose       (FcrmCrm     *crm,
                                       gint64       id,
                                       const char  *reason,
                                       const char  *comment);
/** fcrm_crm_notifications (@login: NULL the actor, "*" everybody). */
GPtrArray  *fcrm_test_notifications   (FcrmCrm     *crm,
                                       const char  *login,
                                       gboolean     unread_only,
                                       guint        limit);
/** How many notifications @login has ("*": everybody). */
gint64      fcrm_test_n_notifications (FcrmCrm     *crm,
                                       const char  *login);
/** How many of @login's notifications no desktop has taken yet. */
gint64      fcrm_test_n_undelivered   (FcrmCrm     *crm,
                                       const char  *login);
/** The notification @id of any user (a new reference), NULL when none. */
FcrmNotification *fcrm_test_notification_get (FcrmCrm *crm,
                                              gint64   id);
/** Notifications about one lead or deal (every recipient), newest first. */
GPtrArray  *fcrm_test_item_notifications (FcrmCrm        *crm,
                                          FcrmEntityType  type,
                                          gint64          id);
/** fcrm_crm_task_list with this filter (@user NULL: everybody; @kind NULL: every kind). */
GPtrArray  *fcrm_test_tasks           (FcrmCrm     *crm,
                                       const char  *user,
                                       gboolean     open_only,
                                       const char  *kind);
/** How many tasks of @kind (NULL: any) there are, done ones included. */
gint64      fcrm_test_n_tasks         (FcrmCrm     *crm,
                                       const char  *kind);
/** Tasks of one lead or deal (open by due date, then done ones). */
GPtrArray  *fcrm_test_item_tasks      (FcrmCrm        *crm,
                                       FcrmEntityType  type,
                                       gint64          id);
/** How many tasks of @kind (NULL: any) one lead or deal has, done ones included. */
gint64      fcrm_test_item_n_tasks    (FcrmCrm        *crm,
                                       FcrmEntityType  type,
                                       gint64          id,
                                       const char     *kind);
/** The first task in @list of @kind about @entity_id (0: any item), or NULL. */
FcrmTask   *fcrm_test_find_task       (GPtrArray   *list,
                                       const char  *kind,
                                       gint64       entity_id);
/** The only task of @kind of one lead or deal (a new reference); fails the
 * test unless there is exactly one. */
FcrmTask   *fcrm_test_item_task       (FcrmCrm        *crm,
                                       FcrmEntityType  type,
                                       gint64          id,
                                       const char     *kind);
/** The task @id (a new reference), NULL when none. */
FcrmTask   *fcrm_test_task_get        (FcrmCrm     *crm,
                                       gint64       id);
/** "a|b|…": the text member at @member_offset (G_STRUCT_OFFSET) of each object in @list. */
char       *fcrm_test_join            (GPtrArray   *list,
                                       glong        member_offset);
/** "t1|t2|…": the titles of a task list. */
char       *fcrm_test_task_titles     (GPtrArray   *list);
/** How many leads / deals there are (every stage). */
gint64      fcrm_test_n_leads         (FcrmCrm     *crm);
gint64      fcrm_test_n_deals         (FcrmCrm     *crm);
/** The stage history of one item as "stage|stage|…", oldest first; a
 * current entry (not left yet) is marked with a trailing "*". */
char       *fcrm_test_history         (FcrmCrm        *crm,
                                       FcrmEntityType  type,
                                       gint64          id);
/** Stage-history entries of every lead and deal; @out_open (may be NULL):
 * how many of them are current. */
gint64      fcrm_test_n_history       (FcrmCrm     *crm,
                                       gint64      *out_open);
/** How many robots Preferences lists for @stage (NULL: every stage). */
gint64      fcrm_test_n_robots        (FcrmCrm     *crm,
                                       const char  *stage);
/** The user @login (a new reference); fails the test when there is none. */
FcrmUser   *fcrm_test_user            (FcrmCrm     *crm,
                                       const char  *login);

/* SQL probes, for what no facade read shows: the storage itself (schema,
 * stored templates and codes, `updated` counters, "nothing was written"),
 * the robot queue and firings, contacts and companies (no facade read yet),
 * the office server's roles. Anything a user can see is asked of the facade
 * (the reads above), so that a schema change breaks only the schema tests.
 * @sql must be a string literal (statements are cached by its address) and
 * portable — "?" placeholders, no engine-only functions. */

/** Run SQL without results through the store; aborts on failure. */
void        fcrm_test_exec            (FcrmCrm     *crm,
                                       const char  *sql);
/** The first column of the first row as an integer (0 when no row / NULL). */
gint64      fcrm_test_int             (FcrmCrm     *crm,
                                       const char  *sql);
/** Same, binding @a to the first "?". */
gint64      fcrm_test_int1            (FcrmCrm     *crm,
                                       const char  *sql,
                                       gint64       a);
/** Same, binding @a and @b to the first two "?". */
gint64      fcrm_test_int2            (FcrmCrm     *crm,
                                       const char  *sql,
                                       gint64       a,
                                       gint64       b);
/** The first column of the first row as text (NULL when no row / NULL), binding @a. */
char       *fcrm_test_text1           (FcrmCrm     *crm,
                                       const char  *sql,
                                       gint64       a);
/** Wait up to a second until fcrm_store_data_version differs from @before
 * (another connection's commit reaches a server connection asynchronously). */
gboolean    fcrm_test_wait_data_version (FcrmStore *store,
                                         gint64     before);
/** fcrm_store_data_version once other connections' earlier commits have
 * reached this one (it stays the same for 100 ms; at most a second). */
gint64      fcrm_test_settle_data_version (FcrmStore *store);
/** Whether the table @name exists (asked the engine's own catalogue). */
gboolean    fcrm_test_table_exists    (FcrmStore   *store,
                                       const char  *name);

/** Notifications written by the robot with template key @key for one item;
 * @user_id 0 counts every recipient. */
gint64      fcrm_test_count_notifications (FcrmCrm        *crm,
                                           const char     *key,
                                           FcrmEntityType  type,
                                           gint64          id,
                                           gint64          user_id);

/* Row counts of every table an action may write: "writes nothing" means
 * the snapshot before and after are equal. */
typedef struct
{
  gint64 leads, deals, contacts, contact_phones, contact_emails, companies;
  gint64 stage_history, notifications, tasks, robot_queue, robot_firings;
  gint64 users, settings, attachments, deal_participants, comments;
  gint64 leads_updated, deals_updated;   /* sum of the `updated` counters */
} FcrmTestSnapshot;

void        fcrm_test_snapshot        (FcrmCrm          *crm,
                                       FcrmTestSnapshot *out);
/** Assert that nothing was written since @before. */
#define fcrm_test_assert_unchanged(crm, before) \
  G_STMT_START { \
    FcrmTestSnapshot fcrm_after_; \
    fcrm_test_snapshot ((crm), &fcrm_after_); \
    fcrm_test_assert_snapshots_equal_ (__FILE__, __LINE__, (before), &fcrm_after_); \
  } G_STMT_END

void        fcrm_test_assert_snapshots_equal_ (const char             *file,
                                               int                     line,
                                               const FcrmTestSnapshot *a,
                                               const FcrmTestSnapshot *b);

/* Models and the main loop */

typedef struct
{
  guint n_signals;
  guint position, removed, added;   /* of the last signal */
} FcrmTestItemsChanged;

/** Count @model's items-changed signals in @record (which outlives @model). */
void        fcrm_test_record_items_changed (GListModel           *model,
                                            FcrmTestItemsChanged *record);

typedef struct
{
  gint64 last;
  gint64 longest;     /* µs */
  guint  ticks;
  guint  source;
} FcrmTestStallMeter;

/** Measure the longest gap between turns of the thread-default main loop:
 * a timer every @interval_ms notes when it gets to run. */
void        fcrm_test_stall_start     (FcrmTestStallMeter   *meter,
                                       guint                 interval_ms);
/** Stop the timer; the longest gap seen (µs), the stretch since the last turn included. */
gint64      fcrm_test_stall_stop      (FcrmTestStallMeter   *meter);

G_END_DECLS
