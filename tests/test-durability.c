/* Kill -9 in the middle of writing loses nothing that was acknowledged
 * (SPEC §7): a child adds leads and reports each id through a pipe after the
 * call returned; once it reported a given number (a different one each round)
 * the parent kills it, busy with the next, and checks every reported lead. */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcrm-test-util.h"

static void
child (const char *location,
       int         fd)
{
  g_autoptr(FcrmCrm) crm = fcrm_crm_open (location, NULL, NULL);

  if (crm == NULL)
    _exit (3);
  for (guint i = 0;; i++)
    {
      g_autofree char *title = g_strdup_printf ("Lead %u", i);
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_add (crm, &(FcrmLeadInput) { .title = title }, NULL);
      gint64 id;

      if (lead == NULL)
        _exit (4);
      id = lead->id;
      if (write (fd, &id, sizeof id) != sizeof id)
        _exit (5);
    }
}

static gboolean
read_id (int     fd,
         gint64 *id)
{
  return read (fd, id, sizeof *id) == sizeof *id;
}

static void
test_kill_mid_write (void)
{
  g_autoptr(FcrmTestDb) db = fcrm_test_db_new ();
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  int fds[2];
  pid_t pid;
  gint64 id;

  /* no connection may cross a fork */
  g_clear_object (&db->crm);
  for (guint round = 0; round < 3; round++)
    {
      /* a different moment each round, counted in writes, not in time */
      guint want = 20 + round * 15, got = 0;
      int status = 0;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          child (fcrm_test_location (db), fds[1]);
        }
      close (fds[1]);
      /* once it acknowledged that many it is busy with the next one: kill it there */
      while (got < want && read_id (fds[0], &id))
        {
          g_array_append_val (acked, id);
          got++;
        }
      g_assert_cmpuint (got, ==, want);
      kill (pid, SIGKILL);
      /* what it acknowledged before the signal landed counts as well */
      while (read_id (fds[0], &id))
        g_array_append_val (acked, id);
      close (fds[0]);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
    }

  g_assert_cmpuint (acked->len, >=, 20 + 35 + 50);
  fcrm_test_db_reopen (db);
  for (guint i = 0; i < acked->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcrmItem) lead = fcrm_crm_lead_get (db->crm, g_array_index (acked, gint64, i), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (lead->stage, ==, "lead.new");
      /* the on-entry robot's work was committed with it */
      {
        g_autofree char *history = fcrm_test_history (db->crm, FCRM_ENTITY_LEAD, lead->id);

        g_assert_cmpstr (history, ==, "lead.new*");
      }
    }
}

int
main (int argc, char *argv[])
{
  fcrm_test_init (&argc, &argv);
  g_test_add_func ("/durability/kill-mid-write", test_kill_mid_write);
  return g_test_run ();
}
