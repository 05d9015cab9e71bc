/* The office-server fixture shared by the PostgreSQL-only tests: a fresh
 * database owned by the test's administrator, four people with their own
 * server roles and passwords, and plain connections signed in as them (what
 * a person with psql can do). */

#include <unistd.h>

#include "fcrm-test-office.h"

const char *
password_of (Fixture    *f,
             const char *login)
{
  if (login == f->anna)
    return "anna's secret";
  if (login == f->igor)
    return "igor:pw@1";
  if (login == f->olga)
    return "olga/pw";
  return "pavel pw";
}

static gint64
add_user (Fixture    *f,
          const char *login,
          const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcrmUser) user = fcrm_crm_user_add_with_password (f->crm, login, login, role, password_of (f, login),
                                                              &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user->id;
}

void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->db = fcrm_test_db_new ();
  f->crm = f->db->crm;
  f->t0 = fcrm_clock_now (f->db->clock);
  f->anna = g_strdup_printf ("anna_%ld", (long) getpid ());
  f->igor = g_strdup_printf ("igor_%ld", (long) getpid ());
  f->olga = g_strdup_printf ("olga_%ld", (long) getpid ());
  f->pavel = g_strdup_printf ("pavel_%ld", (long) getpid ());
  f->anna_id = add_user (f, f->anna, "manager");
  f->igor_id = add_user (f, f->igor, "manager");
  f->olga_id = add_user (f, f->olga, "designer");
  f->pavel_id = add_user (f, f->pavel, "supervisor");
}

void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  fcrm_test_db_free (f->db);
  /* with their database gone the roles own nothing and can go too */
  for (char **login = (char *[]) { f->anna, f->igor, f->olga, f->pavel, NULL }; *login != NULL; login++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", *login);

      fcrm_test_pg_exec (sql);
      g_free (*login);
    }
}

/* ---- signing in as someone ------------------------------------------------------ */

char *
uri_as (Fixture    *f,
        const char *login)
{
  return fcrm_test_pg_uri (f->db->pg_name, login, password_of (f, login));
}

/* The program on @login's desktop. */
FcrmCrm *
open_as (Fixture    *f,
         const char *login,
         FcrmClock  *clock)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = uri_as (f, login);
  FcrmCrm *crm = fcrm_crm_open (uri, clock, &error);

  g_assert_no_error (error);
  g_assert_nonnull (crm);
  return crm;
}

/* psql as @login: a plain connection that bypasses the program. */
PGconn *
connect_as (Fixture    *f,
            const char *login)
{
  g_autofree char *uri = uri_as (f, login);
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connect as %s: %s", login, PQerrorMessage (conn));
  g_assert_cmpstr (PQuser (conn), ==, login);
  return conn;
}

gint64
sql_int (PGconn     *conn,
         const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  gint64 value;

  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    g_error ("%s as %s: %s", sql, PQuser (conn), PQresultErrorMessage (res));
  value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return value;
}

gint64
owner_sql_int (Fixture    *f,
               const char *sql)
{
  g_autofree char *uri = fcrm_test_pg_uri (f->db->pg_name, NULL, NULL);
  PGconn *owner = PQconnectdb (uri);
  gint64 n;

  g_assert_cmpint (PQstatus (owner), ==, CONNECTION_OK);
  n = sql_int (owner, sql);
  PQfinish (owner);
  return n;
}

/* Rows a write changed (it must not fail). */
gint64
sql_changes (PGconn     *conn,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  PGresult *res;
  gint64 n;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s as %s: %s", sql, PQuser (conn), PQresultErrorMessage (res));
  n = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
  PQclear (res);
  return n;
}

/* The SQLSTATE of a statement that must fail. */
char *
sql_refused (PGconn     *conn,
             const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *state;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  state = g_strdup (PQresultErrorField (res, PG_DIAG_SQLSTATE));
  PQclear (res);
  return state;
}

