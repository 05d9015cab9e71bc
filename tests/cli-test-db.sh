# Sourced by the CLI test scripts (after TMP and PY are set): where their
# databases live. Suite core (FCRM_TEST_BACKEND=sqlite): files under $TMP.
# Suite core-pg (FCRM_TEST_BACKEND=postgresql): fresh databases on the server
# named by FCRM_TEST_PG (a base URI such as postgresql://postgres@127.0.0.1:5432/postgres),
# dropped at the end; without FCRM_TEST_PG the script is skipped (exit 77).
# Run by hand without FCRM_TEST_BACKEND, PostgreSQL is used when FCRM_TEST_PG is set.
#
#   new_db VAR NAME   a new empty database; VAR receives what to give --db
#   drop_test_dbs     drop the server databases and roles (call it from the EXIT trap)
#   new_login VAR NAME  a server login name unique to this run (VAR), dropped at the end
#   uri_as VAR URI LOGIN PASSWORD  the database URI signing in as LOGIN
#   TEST_PG           1 on PostgreSQL, 0 on SQLite
#   pg_sql URI SQL    run SQL on a server database, print the rows (unaligned)

case "${FCRM_TEST_BACKEND:-}" in
  postgresql)
    if [ -z "${FCRM_TEST_PG:-}" ]; then
      echo "SKIP: FCRM_TEST_PG is not set; the PostgreSQL run of this test is skipped"
      exit 77
    fi
    TEST_PG=1 ;;
  sqlite) TEST_PG=0 ;;
  "") if [ -n "${FCRM_TEST_PG:-}" ]; then TEST_PG=1; else TEST_PG=0; fi ;;
  *) echo "FCRM_TEST_BACKEND=$FCRM_TEST_BACKEND: expected sqlite or postgresql" >&2; exit 1 ;;
esac

TEST_PG_DBS=()
TEST_PG_ROLES=()
if [ "$TEST_PG" = 1 ]; then
  PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
  if [ ! -x "$PSQL" ]; then
    echo "FCRM_TEST_PG is set but psql is missing (package postgresql-client-15)" >&2
    exit 1
  fi
fi

# pg_uri BASE-URI DBNAME [LOGIN PASSWORD]: BASE-URI naming another database (and user)
pg_uri () {
  "$PY" - "$@" <<'PYEOF'
import sys, urllib.parse as u
base, db = sys.argv[1], sys.argv[2]
login = sys.argv[3] if len(sys.argv) > 3 else None
q = lambda s: u.quote(s, safe="")
p = u.urlsplit(base)
drop = ("dbname", "user", "password") if login is not None else ("dbname",)
query = [(k, v) for k, v in u.parse_qsl(p.query, keep_blank_values=True) if k not in drop]
netloc = p.netloc
if login is not None:
    netloc = q(login) + ":" + q(sys.argv[4]) + "@" + netloc.rpartition("@")[2]
print("%s://%s/%s%s" % (p.scheme, netloc, q(db), "?" + u.urlencode(query) if query else ""))
PYEOF
}

pg_sql () {
  "$PSQL" "$1" -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"
}

new_db () {
  local var=$1 name
  if [ "$TEST_PG" = 1 ]; then
    name="fcrm_cli_$$_$2"
    if ! pg_sql "$FCRM_TEST_PG" "CREATE DATABASE $name TEMPLATE template0 ENCODING 'UTF8'" >/dev/null; then
      echo "cannot create the test database $name on $FCRM_TEST_PG" >&2
      exit 1
    fi
    TEST_PG_DBS+=("$name")
    printf -v "$var" '%s' "$(pg_uri "$FCRM_TEST_PG" "$name")"
  else
    printf -v "$var" '%s' "$TMP/$2.sqlite3"
  fi
}

new_login () {
  printf -v "$1" '%s' "${2}_$$"
  TEST_PG_ROLES+=("${2}_$$")
}

uri_as () {
  local db
  db=$("$PY" -c 'import sys, urllib.parse as u; print(u.unquote(u.urlsplit(sys.argv[1]).path[1:]))' "$2")
  printf -v "$1" '%s' "$(pg_uri "$2" "$db" "$3" "$4")"
}

drop_test_dbs () {
  local name
  for name in "${TEST_PG_DBS[@]}"; do
    pg_sql "$FCRM_TEST_PG" "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null ||
      echo "could not drop the test database $name" >&2
  done
  # server roles belong to the whole cluster; with their databases gone they own nothing
  for name in "${TEST_PG_ROLES[@]}"; do
    pg_sql "$FCRM_TEST_PG" "DROP ROLE IF EXISTS $name" >/dev/null ||
      echo "could not drop the test role $name" >&2
  done
}
