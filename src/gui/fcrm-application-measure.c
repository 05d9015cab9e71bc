#define G_LOG_DOMAIN "fcrm-application"

/* --measure-startup (SPEC §7): the time from process start to the first frame
 * of the board with its cards, and the memory then, for build-aux/bench. */

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fcrm-application-private.h"

/* --measure-startup gives up when the board never draws. */
#define MEASURE_TIMEOUT_SECONDS 60


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

void
fcrm_application_measure_stop (FcrmApplication *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_handle_id (&self->measure_timeout_id, g_source_remove);
}

static void
measure_after_paint_cb (GdkFrameClock   *frame_clock,
                        FcrmApplication *self)
{
  FcrmWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); window == NULL && l != NULL; l = l->next)
    if (FCRM_IS_WINDOW (l->data))
      window = FCRM_WINDOW (l->data);
  FcrmBoard *board;
  gint64 first_frame_ms;


  board = window ? fcrm_window_get_board (window, "lead") : NULL;
  /* This frame was painted; count it once its cards were bound in it. */
  if (board != NULL && !fcrm_board_is_populated (board))
    return;

  first_frame_ms = process_age_ms (self);
  fcrm_application_measure_stop (self);

  printf ("{\"first_frame_ms\": %" G_GINT64_FORMAT ", \"rss_kb\": %" G_GINT64_FORMAT "}\n",
          first_frame_ms, resident_kb ());
  fflush (stdout);

  g_application_quit (G_APPLICATION (self));
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

