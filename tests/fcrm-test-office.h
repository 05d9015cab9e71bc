#pragma once

#include <libpq-fe.h>

#include "fcrm-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  FcrmTestDb *db;
  FcrmCrm    *crm;                      /* the owner's (who ran init) */
  gint64      t0;
  /* server roles belong to the whole cluster: these logins are this process's own */
  char       *anna, *igor, *olga, *pavel;   /* manager, manager, designer, supervisor */
  gint64      anna_id, igor_id, olga_id, pavel_id;
} Fixture;

/** The password of one of the fixture's people. */
const char *password_of      (Fixture    *f,
                              const char *login);
void        fixture_setup    (Fixture      *f,
                              gconstpointer data);
void        fixture_teardown (Fixture      *f,
                              gconstpointer data);
/** The database's URI signed in as @login. */
char       *uri_as           (Fixture    *f,
                              const char *login);
/** The program on @login's desktop. */
FcrmCrm    *open_as          (Fixture    *f,
                              const char *login,
                              FcrmClock  *clock);
/** psql as @login: a plain connection that bypasses the program. */
PGconn     *connect_as       (Fixture    *f,
                              const char *login);
/** The one integer a query returns (it must not fail). */
gint64      sql_int          (PGconn     *conn,
                              const char *sql);
/** The one integer a query returns, asked as the administrator (it must not fail). */
gint64      owner_sql_int    (Fixture    *f,
                              const char *sql);
/** Rows a write changed (it must not fail). */
gint64      sql_changes      (PGconn     *conn,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);
/** The SQLSTATE of a statement that must fail. */
char       *sql_refused      (PGconn     *conn,
                              const char *sql);

G_END_DECLS
