#pragma once

/* Races between desktops that really happen. Each racer is a process of its
 * own with its own connection, opened before a barrier. A blocker connection
 * holds what they all need — the write lock of a database file, or on
 * PostgreSQL what a lock statement locks (an item's row, a table) — while the
 * barrier opens, and lets go only when every racer is inside its action: on
 * PostgreSQL when the server shows every racer waiting for a lock. So the
 * actions overlap by construction, and fcrm_test_race_run() asserts that they
 * did: each racer started before the release and ended after it. */

#include <glib.h>

#include "fcrm-crm.h"

G_BEGIN_DECLS

typedef struct
{
  guint    racer;
  gint64   started_at;   /* g_get_monotonic_time (): one clock for every process */
  gint64   ended_at;
  gboolean ok;
  gboolean fcrm_error;   /* the error (when !ok) is in FCRM_ERROR … */
  int      code;         /* … with this code */
  gint64   value;        /* what the action reported (an id, a count) */
  char     message[240];
} FcrmTestRacer;

/** In the racer's process, before the barrier: open what the action needs. */
typedef gpointer (*FcrmTestRaceOpen) (guint     racer,
                                      gpointer  data);
/** In the racer's process, after the barrier: the action itself. */
typedef gboolean (*FcrmTestRaceAct)  (gpointer  state,
                                      guint     racer,
                                      gpointer  data,
                                      gint64   *value,
                                      GError  **error);

typedef struct
{
  guint             n;              /* racers */
  const char       *location;       /* the database, for the blocker */
  const char       *pg_lock;        /* PostgreSQL: SQL the blocker runs to hold what the racers need */
  FcrmTestRaceOpen  open;           /* NULL: fcrm_test_race_open_crm (data is FcrmTestRaceCrm) */
  FcrmTestRaceAct   act;
  GDestroyNotify    close;          /* for open's result; NULL: g_object_unref */
  gpointer          data;
} FcrmTestRace;

/* What the default opener opens: @locations[racer] (or @location for all),
 * with a clock frozen at @at (0: the tests' start time), acting as @actor. */
typedef struct
{
  const char  *location;
  char       **locations;
  gint64       at;
  const char  *actor;
} FcrmTestRaceCrm;

gpointer fcrm_test_race_open_crm (guint    racer,
                                  gpointer data);

/** Run the race; returns the racers' reports (an array of FcrmTestRacer,
 * indexed by racer) once they all ended, having asserted that they exited
 * cleanly and overlapped. No connection of the caller may be open (none may
 * cross a fork). */
GArray  *fcrm_test_race_run      (const FcrmTestRace *race);
/** How many racers succeeded. */
guint    fcrm_test_race_n_ok     (GArray             *racers);
/** Assert that every racer that failed failed with one of the FcrmError
 * codes @a or @b (a clean refusal, not a storage error). */
void     fcrm_test_race_assert_failed_with (GArray   *racers,
                                            int       a,
                                            int       b);
/** The value the only successful racer reported. */
gint64   fcrm_test_race_winner_value (GArray         *racers);

/** @n desktops — on @locations[i], or all on @location, the owner's — check
 * the robots at @at in a race (the robot queue held until all of them are
 * inside); asserts they all succeeded and returns how many robots they fired
 * together. */
guint    fcrm_test_race_robots   (const char         *location,
                                  char              **locations,
                                  gint64              at,
                                  guint               n);

typedef struct
{
  guint  racer;
  gint64 id;
} FcrmTestTaken;

/** @n desktops — as in fcrm_test_race_robots() — take the undelivered
 * notifications of @user_id in a race (the notifications held until all of
 * them are inside), each until none are left; returns what each one took
 * (FcrmTestTaken), at most 16384 of them. */
GArray  *fcrm_test_race_take_notifications (const char  *location,
                                            char       **locations,
                                            gint64       user_id,
                                            guint        n);

G_END_DECLS
