#define G_LOG_DOMAIN "fcrm-application"

/* --measure-startup (SPEC §7), for build-aux/bench: the time from process
 * start to the first frame of the board with its cards, and the memory then;
 * and how long the main loop stands still at most, from the start until
 * MEASURE_AFTER_MS after that frame. In that window the notifier makes its
 * first check (as at every start) and another connection moves a lead of
 * the first column (as another desktop would): both must be seen without
 * the window waiting.
 *
 * A main-loop iteration is timed from the return of one poll to the entry
 * of the next (the context's poll function is wrapped): all the work the
 * loop does between two waits, whatever source did it. */

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fcrm-application-private.h"

/* --measure-startup gives up when the board never draws. */
#define MEASURE_TIMEOUT_SECONDS 60
/* How long after the first frame the loop is watched. */
#define MEASURE_AFTER_MS 3000
/* When, after the first frame, another connection moves a lead. */
#define OUTSIDE_CHANGE_AFTER_MS 800
/* An iteration longer than this is a stall worth counting. */
#define STALL_MS 50

/* The default context's poll function, wrapped (the poll function has no
 * user data: one measurement per process). */
static struct
{
  GPollFunc poll;
  gint64    hooked_us;       /* when the wrapper was put in */
  gint64    first_poll_us;   /* when the loop first waited: the start's work is done before */
  gint64    returned_us;     /* the last poll's return; 0 before the first */
  gint64    longest_us;
  gint64    longest_end_us;  /* when the longest iteration ended */
  gint64    frame_us;        /* the first frame; 0 before it */
  gint64    longest_after_us; /* the longest iteration begun after the first frame */
  guint     iterations;
  guint     stalls;          /* iterations longer than STALL_MS */
  gboolean  verbose;         /* FCRM_MEASURE_VERBOSE: every stall on stderr */
} loop;

static gint
measure_poll (GPollFD *fds,
              guint    nfds,
              gint     timeout)
{
  gint64 entered = g_get_monotonic_time ();
  gint result;

  if (loop.returned_us == 0)
    loop.first_poll_us = entered;
  else
    {
      gint64 busy = entered - loop.returned_us;

      loop.iterations++;
      if (busy > STALL_MS * 1000)
        {
          loop.stalls++;
          if (loop.verbose)
            g_printerr ("measure: the loop stood still %.1f ms (%.0f ms after the hook)\n",
                        busy / 1000.0, (entered - loop.hooked_us) / 1000.0);
        }
      if (busy > loop.longest_us)
        {
          loop.longest_us = busy;
          loop.longest_end_us = entered;
        }
      if (loop.frame_us > 0 && loop.returned_us >= loop.frame_us)
        loop.longest_after_us = MAX (loop.longest_after_us, busy);
    }
  result = loop.poll (fds, nfds, timeout);
  loop.returned_us = g_get_monotonic_time ();
  return result;
}

void
fcrm_application_measure_hook_loop (void)
{
  GMainContext *context = g_main_context_default ();

  if (loop.poll != NULL)
    return;
  loop.poll = g_main_context_get_poll_func (context);
  loop.hooked_us = g_get_monotonic_time ();
  loop.verbose = g_getenv ("FCRM_MEASURE_VERBOSE") != NULL;
  g_main_context_set_poll_func (context, measure_poll);
}


/* Milliseconds since the process started: from the kernel's record of the
 * start (includes loading the libraries), else since main(). */
static gint64
process_age_ms (FcrmApplication *self)
{
  gint64 since_main_ms = (g_get_monotonic_time () - self->start_us) / 1000;
  g_autofree char *stat = NULL;
  const char *p;
  struct timespec now;
  guint64 start_ticks = 0;
  long ticks_per_second = sysconf (_SC_CLK_TCK);
  gint64 age_ms;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      ticks_per_second <= 0 ||
      clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return since_main_ms;

  /* Field 22 is starttime; the command name (field 2) may contain spaces,
   * so count from its closing parenthesis. */
  p = strrchr (stat, ')');
  if (p == NULL)
    return since_main_ms;
  for (int field = 2; field < 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p + 1, "%" G_GUINT64_FORMAT, &start_ticks) != 1)
    return since_main_ms;

  age_ms = (gint64) now.tv_sec * 1000 + now.tv_nsec / 1000000
           - (gint64) (start_ticks * 1000 / (guint64) ticks_per_second);

  /* The tick clock is coarse (10 ms); never report less than main() saw,
   * and distrust an age far beyond it (a clock from another namespace). */
  if (age_ms < since_main_ms || age_ms > since_main_ms + 60000)
    return since_main_ms;

  return age_ms;
}

static gint64
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;
  gint64 kb = 0;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "\nVmRSS:");
  if (line != NULL)
    sscanf (line + strlen ("\nVmRSS:"), "%" G_GINT64_FORMAT, &kb);

  return kb;
}

/* ---- another desktop's change ------------------------------------------- */

typedef struct
{
  FcrmApplication *app;       /* a reference */
  char            *location;
  char            *login;
  gint64           written_us;  /* when its commit returned; 0: it failed */
  char            *problem;
} Outside;

static void
outside_free (Outside *outside)
{
  g_object_unref (outside->app);
  g_free (outside->location);
  g_free (outside->login);
  g_free (outside->problem);
  g_free (outside);
}

static gboolean
outside_done_cb (gpointer data)
{
  Outside *outside = data;
  FcrmApplication *self = outside->app;

  if (outside->problem != NULL)
    g_printerr ("measure: no change from another connection: %s\n", outside->problem);
  self->outside_written_us = outside->written_us;
  g_clear_pointer (&self->outside_thread, g_thread_join);
  return G_SOURCE_REMOVE;
}

/* Another connection, as another desktop would: open the database, move
 * the newest lead of the first column on (or, when there is none, add one
 * there). Off the main loop: only its effect is measured. */
static gpointer
outside_thread (gpointer data)
{
  Outside *outside = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (outside->location, NULL, &error);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(FcrmItem) added = NULL;
  gboolean ok = FALSE;

  if (crm != NULL && outside->login != NULL)
    fcrm_crm_set_actor (crm, outside->login, NULL);
  if (crm != NULL)
    page = fcrm_crm_stage_page (crm, "lead.new", 0, 1, &error);
  if (page != NULL && page->len > 0)
    ok = fcrm_crm_lead_move (crm, ((FcrmItem *) g_ptr_array_index (page, 0))->id, "lead.in_progress", &error);
  else if (page != NULL)
    {
      FcrmLeadInput input = { .title = "Walk-in (measured)", .responsible = outside->login };

      ok = (added = fcrm_crm_lead_add (crm, &input, &error)) != NULL;
    }
  if (ok)
    outside->written_us = g_get_monotonic_time ();
  else
    outside->problem = g_strdup (error != NULL ? error->message : "?");
  g_idle_add_full (G_PRIORITY_DEFAULT, outside_done_cb, outside, (GDestroyNotify) outside_free);
  return NULL;
}

static gboolean
outside_change_cb (gpointer data)
{
  FcrmApplication *self = data;
  Outside *outside;

  self->outside_id = 0;
  /* on the office server another connection would need a password */
  if (self->office)
    return G_SOURCE_REMOVE;
  outside = g_new0 (Outside, 1);
  outside->app = g_object_ref (self);
  outside->location = g_strdup (self->location);
  if (fcrm_crm_get_actor (self->crm) != NULL)
    outside->login = g_strdup (fcrm_crm_get_actor (self->crm)->login);
  self->outside_thread = g_thread_new ("measure-outside", outside_thread, outside);
  return G_SOURCE_REMOVE;
}

/* The window was told to re-read: another desktop's change (or a
 * "changed" that covers it) after the outside write. */
static void
told_cb (FcrmApplication *self)
{
  if (self->outside_written_us > 0 && self->outside_seen_us == 0)
    self->outside_seen_us = g_get_monotonic_time ();
}

static void
checked_cb (FcrmNotifier    *notifier,
            guint            raised,
            FcrmApplication *self)
{
  if (self->check_ms < 0)
    self->check_ms = (g_get_monotonic_time () - self->first_frame_us) / 1000;
}

/* ---- the report ----------------------------------------------------------- */

void
fcrm_application_measure_stop (FcrmApplication *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_handle_id (&self->measure_timeout_id, g_source_remove);
  g_clear_handle_id (&self->measure_end_id, g_source_remove);
  g_clear_handle_id (&self->outside_id, g_source_remove);
  if (self->crm != NULL)
    g_signal_handlers_disconnect_by_func (self->crm, told_cb, self);
  if (self->notifier != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->notifier, told_cb, self);
      g_signal_handlers_disconnect_by_func (self->notifier, checked_cb, self);
    }
}

static gboolean
measure_end_cb (gpointer data)
{
  FcrmApplication *self = data;
  double seen_ms = -1;

  self->measure_end_id = 0;
  /* the thread is quick; should it still be at it, wait for its answer */
  if (self->outside_thread != NULL)
    {
      self->measure_end_id = g_timeout_add (50, measure_end_cb, self);
      return G_SOURCE_REMOVE;
    }
  if (self->outside_seen_us > 0)
    seen_ms = (self->outside_seen_us - self->outside_written_us) / 1000.0;

  printf ("{\"first_frame_ms\": %" G_GINT64_FORMAT ", \"rss_kb\": %" G_GINT64_FORMAT ", "
          "\"longest_stall_ms\": %.1f, \"longest_stall_after_frame_ms\": %.1f, "
          "\"stalls_over_%d_ms\": %u, \"iterations\": %u, "
          "\"longest_stall_at_ms\": %.0f, \"before_loop_ms\": %.0f, "
          "\"notifier_check_ms\": %" G_GINT64_FORMAT ", \"outside_change_seen_ms\": %.0f, "
          "\"rss_end_kb\": %" G_GINT64_FORMAT "}\n",
          self->first_frame_ms, self->first_frame_rss_kb,
          loop.longest_us / 1000.0, loop.longest_after_us / 1000.0, STALL_MS, loop.stalls, loop.iterations,
          /* after the first frame (negative: before it) */
          (loop.longest_end_us - self->first_frame_us) / 1000.0,
          (loop.first_poll_us - loop.hooked_us) / 1000.0,
          self->check_ms, seen_ms, resident_kb ());
  fflush (stdout);

  fcrm_application_measure_stop (self);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
measure_after_paint_cb (GdkFrameClock   *frame_clock,
                        FcrmApplication *self)
{
  FcrmWindow *window = NULL;
  FcrmUser *actor;
  FcrmBoard *board;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); window == NULL && l != NULL; l = l->next)
    if (FCRM_IS_WINDOW (l->data))
      window = FCRM_WINDOW (l->data);

  board = window ? fcrm_window_get_board (window, "lead") : NULL;
  /* This frame was painted; count it once its cards were bound in it. */
  if (board != NULL && !fcrm_board_is_populated (board))
    return;

  self->first_frame_ms = process_age_ms (self);
  self->first_frame_us = g_get_monotonic_time ();
  loop.frame_us = self->first_frame_us;
  self->first_frame_rss_kb = resident_kb ();
  g_clear_signal_handler (&self->after_paint_id, frame_clock);
  g_clear_handle_id (&self->measure_timeout_id, g_source_remove);

  /* From now on as at every start: the notifier checks (on an idle), and
   * another desktop changes something the board shows. */
  actor = fcrm_crm_get_actor (self->crm);
  self->check_ms = -1;
  if (actor != NULL && window != NULL && self->notifier == NULL)
    {
      self->notifier = fcrm_notifier_new (self->crm, actor->id, self->settings);
      fcrm_window_set_notifier (window, self->notifier);
      g_signal_connect_swapped (self->notifier, "external-change", G_CALLBACK (told_cb), self);
      g_signal_connect (self->notifier, "checked", G_CALLBACK (checked_cb), self);
    }
  g_signal_connect_swapped (self->crm, "changed", G_CALLBACK (told_cb), self);
  self->outside_id = g_timeout_add (OUTSIDE_CHANGE_AFTER_MS, outside_change_cb, self);
  self->measure_end_id = g_timeout_add (MEASURE_AFTER_MS, measure_end_cb, self);
}

static gboolean
measure_timeout_cb (gpointer user_data)
{
  FcrmApplication *self = user_data;

  self->measure_timeout_id = 0;
  fcrm_application_measure_stop (self);
  g_printerr (_("The board was not drawn within %d seconds.\n"), MEASURE_TIMEOUT_SECONDS);
  self->exit_status = 1;
  g_application_quit (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

void
fcrm_application_measure_start (FcrmApplication *self,
                                FcrmWindow      *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_return_if_fail (frame_clock != NULL);

  self->frame_clock = g_object_ref (frame_clock);
  self->after_paint_id = g_signal_connect (frame_clock, "after-paint",
                                           G_CALLBACK (measure_after_paint_cb), self);
  self->measure_timeout_id = g_timeout_add_seconds (MEASURE_TIMEOUT_SECONDS,
                                                    measure_timeout_cb, self);
}
