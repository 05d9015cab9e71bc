#pragma once

/* Shared helpers of the core tests: a temporary database in its own folder
 * (removed at the end), a clock frozen at a known local time, users, and
 * small SQL probes that read the database through the store seam. */

#include <glib.h>

#include "fcrm-crm.h"
#include "fcrm-error.h"
#include "fcrm-store.h"

G_BEGIN_DECLS

/* Every test runs in this zone (UTC+10, no DST), so a local date and the
 * UTC date differ for part of each day and local-time bugs show up. */
#define FCRM_TEST_TZ "Asia/Vladivostok"

typedef struct
{
  char      *dir;    /* temporary folder, removed by fcrm_test_db_free() */
  char      *path;   /* dir/crm.sqlite3 */
  FcrmClock *clock;  /* frozen; starts at fcrm_test_start_time() */
  FcrmCrm   *crm;
} FcrmTestDb;

/** g_test_init() plus the fixed time zone; FURNITURE_CRM_DB unset. */
void        fcrm_test_init            (int         *argc,
                                       char      ***argv);
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

/** A new database in a new temporary folder, opened with a frozen clock. */
FcrmTestDb *fcrm_test_db_new          (void);
/** Close and reopen the same file (same clock): a program restart. */
void        fcrm_test_db_reopen       (FcrmTestDb  *db);
/** Close the database and remove its folder. */
void        fcrm_test_db_free         (FcrmTestDb  *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcrmTestDb, fcrm_test_db_free)

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
/** Set @clock to @at and run the robots; returns how many fired. */
guint       fcrm_test_run_robots      (FcrmCrm     *crm,
                                       FcrmClock   *clock,
                                       gint64       at);
/** The id of the template robot with this key (0 when none). */
gint64      fcrm_test_robot_id        (FcrmCrm     *crm,
                                       const char  *template_key);

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
  gint64 users, settings, attachments;
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

G_END_DECLS
