#!/bin/bash
# The contract of furniture-crm-cli (SPEC §5): exit codes, JSON keys, "bad
# input writes nothing", --at, idempotent init. Usage: test-cli.sh PATH-TO-CLI
# (on a SQLite file, or on PostgreSQL: see cli-test-db.sh)
set -u

CLI=${1:?usage: test-cli.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3   # the system one: python3 on PATH may be a pyenv shim

unset FURNITURE_CRM_DB
export TZ=Europe/Moscow
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-test.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
# the default database must never be the user's real one
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

new_db DB crm
failures=0
checks=0

fail () {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# the command that runs the CLI as another user (the read-only cases as root); empty: as ourselves
AS=()

# run ARGS…: runs the CLI; sets RC, OUT, ERR
run () {
  "${AS[@]}" "$CLI" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# expect RC ARGS…: runs and checks the exit status (and stderr on failure)
expect () {
  local want=$1
  shift
  checks=$((checks + 1))
  run "$@"
  if [ "$RC" != "$want" ]; then
    fail "furniture-crm-cli $* → exit $RC, expected $want${ERR:+; stderr: $ERR}"
    return 1
  fi
  if [ "$want" != 0 ] && [ -z "$ERR" ]; then
    fail "furniture-crm-cli $* → exit $RC without a message on stderr"
    return 1
  fi
  if [ "$want" = 0 ] && [ -n "$ERR" ]; then
    fail "furniture-crm-cli $* → exit 0 but wrote to stderr: $ERR"
  fi
  return 0
}

# py CODE: runs Python with the last stdout as JSON in `j`; prints its output
py () {
  "$PY" -c "import json, sys
j = json.loads(sys.stdin.read())
$1" <"$TMP/out"
}

# same VALUE EXPECTED WHAT
same () {
  checks=$((checks + 1))
  if [ "$1" != "$2" ]; then
    fail "$3: got '$1', expected '$2'"
  fi
}

lead_count () {
  "$CLI" --db "$1" --json lead list 2>/dev/null | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

deal_count () {
  "$CLI" --db "$1" --json deal list 2>/dev/null | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# --- init, pipelines -------------------------------------------------------

expect 0 --db "$DB" init
expect 0 --db "$DB" --json pipeline list
first_pipelines=$OUT
expect 0 --db "$DB" init
expect 0 --db "$DB" --json pipeline list
same "$OUT" "$first_pipelines" "pipeline list after a second init"

stages=$(py 'print(" ".join(s["code"] for p in j for s in p["stages"]))')
same "$stages" "lead.new lead.in_progress lead.to_design lead.to_manufacturing lead.to_repair lead.junk \
mfg.contract mfg.prepayment mfg.production mfg.delivery mfg.installation mfg.payment mfg.won mfg.lost \
design.consultation design.contract design.prepayment design.design design.approval design.to_installation design.won design.lost \
repair.analysis repair.warranty_check repair.warranty_repair repair.prepayment repair.paid_repair repair.won repair.lost" \
  "stage codes in order"
pipelines=$(py 'print(" ".join(p["code"] for p in j))')
same "$pipelines" "lead manufacturing design repair" "pipelines in order"
kinds=$(py 'print(" ".join(s["kind"] for p in j for s in p["stages"] if p["code"] == "lead"))')
same "$kinds" "open open success success success failure" "lead stage kinds"
names=$(py 'print("|".join(s["name"] for p in j for s in p["stages"] if p["code"] == "repair"))')
same "$names" "Fault analysis|Warranty check|Warranty repair|Prepayment|Paid repair|Order successful|Lost" "repair stage names"

expect 0 --db "$DB" --json robot list --stage lead.new
same "$(py 'print(len(j), sorted(r["trigger"] for r in j))')" "3 ['delay', 'delay', 'on_entry']" "lead.new robots"
expect 1 --db "$DB" robot list --stage lead.nope

# --- users -----------------------------------------------------------------

expect 0 --db "$DB" user add anna --name "Anna Ivanova" --role manager
expect 0 --db "$DB" user add sveta --name "Svetlana Petrova" --role supervisor
expect 1 --db "$DB" user add anna --name "Another Anna" --role manager
expect 1 --db "$DB" user add boris --name "Boris" --role boss
expect 2 --db "$DB" user add boris --name "Boris"
expect 0 --db "$DB" --json user list
same "$(py 'print(" ".join(sorted(u["login"] for u in j)))')" "anna sveta" "users after refused adds"
# leaving and coming back: the supervisor decides; a manager may not
expect 0 --db "$DB" user add tanya --name "Tatiana" --role manager
expect 1 --db "$DB" --as anna user deactivate tanya
expect 0 --db "$DB" --as sveta user deactivate tanya
expect 0 --db "$DB" --json user list
same "$(py 'print([u["active"] for u in j if u["login"] == "tanya"])')" "[False]" "deactivated"
expect 1 --db "$DB" lead add --title "For Tanya" --responsible tanya
expect 0 --db "$DB" user activate tanya
expect 0 --db "$DB" --json user list
same "$(py 'print([u["active"] for u in j if u["login"] == "tanya"])')" "[True]" "active again"
expect 1 --db "$DB" user deactivate nobody
expect 2 --db "$DB" user deactivate

# --- leads -----------------------------------------------------------------

expect 0 --db "$DB" --json lead add --title "Kitchen for the Ivanovs" --name "Ivan Ivanov" \
  --phone "8 (912) 345-67-89" --email "Ivan@Example.com" --company "Ivanov & Sons" --source call \
  --budget "250 000,50" --comment "Oak, 3 m" --responsible anna
keys=$(py 'print(" ".join(k for k in ["id", "title", "pipeline", "stage", "responsible", "contact_id", "company_id", "budget", "source", "returning", "created_at", "stage_entered_at"] if k not in j))')
same "$keys" "" "missing keys in lead JSON"
same "$(py 'print(j["budget"])')" "250000.50" "budget"
same "$(py 'print(j["title"], "|", j["pipeline"], "|", j["stage"], "|", j["responsible"], "|", j["source"])')" \
  "Kitchen for the Ivanovs | lead | lead.new | anna | call" "lead fields"
same "$(py 'print(j["returning"], j["contact_id"], j["company_id"])')" "False None None" "new client"
same "$(py 'print(isinstance(j["id"], int) and j["id"] > 0)')" "True" "id is a positive integer"
same "$(py 'import re; print(bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", j["created_at"])))')" "True" \
  "created_at is ISO 8601 with offset"
LEAD=$(py 'print(j["id"])')

expect 0 --db "$DB" --json lead show "$LEAD"
same "$(py 'print(j["id"], j["budget"], j["phone"])')" "$LEAD 250000.50 8 (912) 345-67-89" "lead show"

# a lead's project (SPEC §4): set from the command line, shown, bad input refused
expect 0 --db "$DB" lead set "$LEAD" delivery_date 15.12.2026
expect 0 --db "$DB" lead set "$LEAD" measurements "3 m × 2 m"
expect 0 --db "$DB" --json lead set "$LEAD" installation_needed yes
same "$(py 'print(j["delivery_date"], j["measurements"], j["installation_needed"])')" "2026-12-15 3 m × 2 m True" "lead set project"
expect 1 --db "$DB" lead set "$LEAD" delivery_date "soon"
expect 1 --db "$DB" lead set "$LEAD" loss_reason_text "x"
expect 2 --db "$DB" lead set "$LEAD" delivery_date
expect 0 --db "$DB" --json lead show "$LEAD"
same "$(py 'print(j["delivery_date"])')" "2026-12-15" "refused lead set wrote nothing"

# the call path: no title, generated from the phone
expect 0 --db "$DB" --json lead add --phone "+7 912 000-11-22" --source call
same "$(py 'print(j["title"])')" "Incoming call +7 912 000-11-22" "generated title"

# refused input: exit 1, a message, nothing written
count=$(lead_count "$DB")
expect 1 --db "$DB" lead add --title "Bad budget" --budget abc
expect 1 --db "$DB" lead add --title "Negative" --budget -5
expect 1 --db "$DB" lead add --title "Bad e-mail" --email "ivan@"
expect 1 --db "$DB" lead add --title "Bad phone" --phone "call me"
expect 1 --db "$DB" lead add --title "Bad source" --source telegram
expect 1 --db "$DB" lead add --title "Nobody" --responsible ghost
expect 1 --db "$DB" lead add --budget 1000
expect 1 --db "$DB" lead add --title "$(head -c 600 /dev/zero | tr '\0' T)"
same "$(lead_count "$DB")" "$count" "lead count after refused adds"

expect 1 --db "$DB" lead move "$LEAD" lead.nope
expect 1 --db "$DB" lead move "$LEAD" mfg.contract
expect 1 --db "$DB" lead move 99999 lead.in_progress
expect 1 --db "$DB" lead show 99999
expect 1 --db "$DB" lead list --stage lead.nope
expect 0 --db "$DB" --json lead show "$LEAD"
same "$(py 'print(j["stage"], len(j["history"]))')" "lead.new 1" "lead untouched by refused moves"

expect 0 --db "$DB" --json lead move "$LEAD" lead.in_progress
same "$(py 'print(j["stage"], [h["stage"] for h in j["history"]])')" "lead.in_progress ['lead.new', 'lead.in_progress']" \
  "lead moved"
expect 0 --db "$DB" --json lead list --stage lead.in_progress
same "$(py 'print([l["id"] for l in j])')" "[$LEAD]" "lead list --stage"
# lists stream a page at a time: --limit and --after page through them in id order
expect 0 --db "$DB" --json lead list
all_leads=$(py 'print(" ".join(str(l["id"]) for l in j))')
expect 0 --db "$DB" --json lead list --limit 1
first=$(py 'print(" ".join(str(l["id"]) for l in j))')
same "$first" "${all_leads%% *}" "lead list --limit 1"
expect 0 --db "$DB" --json lead list --after "$first"
rest=$(py 'print(" ".join(str(l["id"]) for l in j))')
same "$first${rest:+ $rest}" "$all_leads" "lead list --after the first page"
expect 0 --db "$DB" --json lead list --after 999999
same "$(py 'print(len(j))')" "0" "lead list past the end"
expect 2 --db "$DB" lead list --limit -1

expect 0 --db "$DB" --json lead convert "$LEAD" --pipeline manufacturing
same "$(py 'print(" ".join(k for k in ["lead_id", "contact_id", "company_id", "deal_id"] if not isinstance(j.get(k), int)))')" \
  "" "convert result ids"
CONVERTED_DEAL=$(py 'print(j["deal_id"])')
expect 1 --db "$DB" lead move "$LEAD" lead.new
expect 0 --db "$DB" --json deal show "$CONVERTED_DEAL"
same "$(py 'print(j["pipeline"], j["stage"], j["budget"], j["responsible"], j["lead_id"])')" \
  "manufacturing mfg.contract 250000.50 anna $LEAD" "converted deal"

# the same client calls again
expect 0 --db "$DB" --json lead add --phone "+7 (912) 345 67 89" --source call
same "$(py 'print(j["returning"], j["contact_id"] is not None)')" "True True" "returning client"

JUNK=$(py 'print(j["id"])')
expect 0 --db "$DB" --json lead junk "$JUNK" --comment "Wrong number"
same "$(py 'print(j["stage"])')" "lead.junk" "junk"

# --- usage errors: exit 2 ----------------------------------------------------

expect 2 --db "$DB"
expect 2 --db "$DB" frobnicate
expect 2 --db "$DB" lead show abc
expect 2 --db "$DB" lead show
expect 2 --db "$DB" lead show 1 2
expect 2 --db "$DB" lead move "$LEAD"
expect 2 --db "$DB" lead teleport 1
expect 2 --db "$DB" lead add --no-such-option x
expect 2 --db "$DB" deal show -5
same "$(lead_count "$DB")" "$((count + 1))" "lead count after usage errors"

# --- --at --------------------------------------------------------------------

expect 0 --db "$DB" --at 2026-01-10T10:00:00+03:00 --json lead add --title "Back-dated"
same "$(py 'print(j["created_at"], j["stage_entered_at"])')" "2026-01-10T10:00:00+03:00 2026-01-10T10:00:00+03:00" \
  "--at sets created_at"
expect 0 --db "$DB" --at 2026-01-10T07:00:00Z --json lead add --title "UTC"
same "$(py 'print(j["created_at"])')" "2026-01-10T10:00:00+03:00" "--at in UTC, shown in local time"
expect 1 --db "$DB" --at someday lead list

# --- deals -------------------------------------------------------------------

expect 0 --db "$DB" --json deal add --pipeline manufacturing --title "Wardrobe" --budget 1000 --responsible anna
DEAL=$(py 'print(j["id"])')
same "$(py 'print(j["pipeline"], j["stage"], j["budget"], j["responsible"])')" "manufacturing mfg.contract 1000.00 anna" \
  "deal add"
dcount=$(deal_count "$DB")
expect 1 --db "$DB" deal add --pipeline sales --title "x"
expect 1 --db "$DB" deal add --pipeline manufacturing --title "x" --budget "1.234"
expect 1 --db "$DB" deal add --pipeline manufacturing --title "x" --contact 99999
expect 2 --db "$DB" deal add --pipeline manufacturing
same "$(deal_count "$DB")" "$dcount" "deal count after refused adds"

expect 1 --db "$DB" deal move "$DEAL" design.contract
expect 1 --db "$DB" deal move "$DEAL" mfg.lost
expect 1 --db "$DB" deal move "$DEAL" lead.new
expect 0 --db "$DB" --json deal move "$DEAL" mfg.production
same "$(py 'print(j["stage"], [h["stage"] for h in j["history"]])')" "mfg.production ['mfg.contract', 'mfg.production']" \
  "deal move skipping a stage"
expect 2 --db "$DB" deal lose "$DEAL"
expect 1 --db "$DB" deal lose "$DEAL" --reason cheap
expect 0 --db "$DB" --json deal show "$DEAL"
same "$(py 'print(j["stage"], j["closed_at"])')" "mfg.production None" "deal untouched by refused loses"
expect 0 --db "$DB" --at 2026-01-20T12:00:00+03:00 --json deal lose "$DEAL" --reason expensive --comment "Found cheaper"
same "$(py 'print(j["stage"], j["loss_reason"], j["closed_at"])')" "mfg.lost expensive 2026-01-20T12:00:00+03:00" "deal lost"
expect 1 --db "$DB" deal win "$DEAL"
expect 1 --db "$DB" deal lose "$DEAL" --reason other

expect 0 --db "$DB" --json deal add --pipeline design --title "Bedroom"
DESIGN=$(py 'print(j["id"])')
expect 0 --db "$DB" --json deal move "$DESIGN" design.to_installation
same "$(py 'print(j["id"], j["pipeline"], j["stage"], [h["stage"] for h in j["history"]][-2:])')" \
  "$DESIGN manufacturing mfg.contract ['design.to_installation', 'mfg.contract']" "to installation"
expect 0 --db "$DB" --json deal win "$DESIGN"
same "$(py 'print(j["stage"], j["closed_at"] is not None)')" "mfg.won True" "deal won"

# --- the office server: people sign in as themselves ------------------------------

if [ "$TEST_PG" = 1 ]; then
  new_login NINA nina
  printf 'nina: s3cret/@pw\n' >"$TMP/password"
  expect 1 --db "$DB" user add "$NINA" --name "Nina" --role manager --password-file "$TMP/nothing-here"
  expect 0 --db "$DB" user add "$NINA" --name "Nina" --role manager --password-file "$TMP/password"
  expect 0 --db "$DB" --json lead add --title "Nina's bookcase" --responsible "$NINA"
  NINA_LEAD=$(py 'print(j["id"])')
  uri_as NINA_DB "$DB" "$NINA" 'nina: s3cret/@pw'
  # her desktop lists her own and the unassigned leads, not anna's
  expect 0 --db "$NINA_DB" --json lead list
  same "$(py "print(all(l['responsible'] in ('$NINA', None) for l in j), $NINA_LEAD in [l['id'] for l in j], $LEAD in [l['id'] for l in j])")" \
    "True True False" "what nina's desktop lists"
  nina_sees=$(py 'print(len(j))')
  expect 1 --db "$NINA_DB" lead show "$LEAD"
  # and plain SQL as nina shows no more
  same "$(pg_sql "$NINA_DB" "SELECT count(*) FROM leads")" "$nina_sees" "leads nina sees through psql"
  same "$(pg_sql "$DB" "SELECT count(*) FROM leads WHERE responsible_id IS NULL OR id = $NINA_LEAD")" "$nina_sees" \
    "leads nina may see"
  expect 0 --db "$DB" --json lead show "$LEAD"
  anna_lead=$(cat "$TMP/out")
  expect 1 --db "$NINA_DB" lead move "$LEAD" lead.junk
  expect 1 --db "$NINA_DB" lead junk "$LEAD"
  expect 0 --db "$DB" --json lead show "$LEAD"
  same "$OUT" "$anna_lead" "anna's lead untouched by nina"
fi

# --- robots --------------------------------------------------------------------

new_db RDB robots
expect 0 --db "$RDB" init
expect 0 --db "$RDB" user add anna --name "Anna" --role manager
expect 0 --db "$RDB" user add sveta --name "Sveta" --role supervisor
expect 0 --db "$RDB" --at 2026-01-10T10:00:00+03:00 --json lead add --title "Waiting" --responsible anna
expect 0 --db "$RDB" --at 2026-01-11T09:00:00+03:00 --json robots run
same "$(py 'print(j["fired"])')" "0" "robots at +23h"
expect 0 --db "$RDB" --at 2026-01-11T11:00:00+03:00 --json robots run
same "$(py 'print(j["fired"])')" "1" "robots at +25h"
expect 0 --db "$RDB" --at 2026-01-11T11:00:00+03:00 --json robots run
same "$(py 'print(j["fired"])')" "0" "robots again at +25h"
expect 0 --db "$RDB" --at 2026-01-20T00:00:00+03:00 --json robots run
same "$(py 'print(j["fired"])')" "1" "robots catching up the +3d"
expect 0 --db "$RDB" --at 2026-01-20T00:00:00+03:00 robots run
# notifications list exists once the inbox command lands; then check the inbox
run --db "$RDB" --json notifications list --user anna
if [ "$RC" != 2 ]; then
  checks=$((checks + 1))
  if [ "$RC" != 0 ]; then
    fail "notifications list → exit $RC: $ERR"
  else
    same "$(py 'print(len(j))')" "2" "anna's notifications (on entry, +1d)"
  fi
fi

# --- hostile input: control characters, budgets, minus zero, designers --------------

# (on a server a login is a cluster-wide role: one unique to this run)
if [ "$TEST_PG" = 1 ]; then new_login DESIGNER olga; else DESIGNER=olga; fi
expect 0 --db "$DB" user add "$DESIGNER" --name "Olga Designer" --role designer
before_leads=$(lead_count "$DB")
expect 1 --db "$DB" lead add --title "For a designer" --responsible "$DESIGNER"
checks=$((checks + 1))
case "$ERR" in
  *designer*) ;;
  *) fail "a designer as a lead's responsible: unclear message: $ERR" ;;
esac
expect 1 --db "$DB" lead add --title "Huge" --budget 99999999999999999999
checks=$((checks + 1))
case "$ERR" in
  *"too large"*) ;;
  *) fail "a budget beyond range: unclear message: $ERR" ;;
esac
expect 1 --db "$DB" lead add --title "Minus a kopeck" --budget -0.01
same "$(lead_count "$DB")" "$before_leads" "leads after refused input"
expect 0 --db "$DB" --json lead add --title $'Bell\a and\tescape\e[31m' --name $'Ivan\r\nIvanov' --budget -0
same "$(py 'print(repr((j["title"], j["name"], j["budget"])))')" "('Bell and escape[31m', 'Ivan Ivanov', '0.00')" \
  "control characters stripped, -0 is 0"
expect 0 --db "$DB" --json deal add --pipeline design --title $'Sketch\x01' --responsible "$DESIGNER" --budget "-0,00"
same "$(py 'print(repr((j["title"], j["responsible"], j["budget"])))')" "('Sketch', '$DESIGNER', '0.00')" \
  "a designer's deal"
CTL_DEAL=$(py 'print(j["id"])')
expect 0 --db "$DB" deal set "$CTL_DEAL" design $'Oak\r\nwalnut\e'
expect 0 --db "$DB" --json deal show "$CTL_DEAL"
same "$(py 'print(repr(j["design"]))')" "'Oak\\nwalnut'" "a multi-line field keeps its lines"
expect 1 --db "$DB" deal set "$CTL_DEAL" budget 18446744073709551616
expect 0 --db "$DB" deal set "$CTL_DEAL" budget $'\u22120'

# --- databases that are not ours ------------------------------------------------

if [ "$TEST_PG" = 0 ]; then
  GARBAGE="$TMP/garbage.sqlite3"
  for i in $(seq 200); do echo "line $i: this is not a database"; done >"$GARBAGE"
  cp "$GARBAGE" "$TMP/garbage.copy"
  expect 1 --db "$GARBAGE" lead list
  checks=$((checks + 1))
  case "$ERR" in
    *database*) ;;
    *) fail "garbage --db: unclear message: $ERR" ;;
  esac
  cmp -s "$GARBAGE" "$TMP/garbage.copy" || fail "garbage --db: the file was modified"
  expect 1 --db "$GARBAGE" init
  expect 1 --db "$TMP" lead list
else
  # another program's database on the server: refused, left as it was
  new_db OTHER other
  pg_sql "$OTHER" "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT);
                   INSERT INTO recipes VALUES (1, 'borscht'), (2, 'pelmeni')" >/dev/null
  expect 1 --db "$OTHER" lead list
  checks=$((checks + 1))
  case "$ERR" in
    *database*) ;;
    *) fail "another program's server database: unclear message: $ERR" ;;
  esac
  expect 1 --db "$OTHER" init
  same "$(pg_sql "$OTHER" "SELECT string_agg(table_name, ' ') FROM information_schema.tables
                           WHERE table_schema = current_schema()") $(pg_sql "$OTHER" "SELECT count(*) FROM recipes")" \
    "recipes 2" "another program's server database untouched"
  # a server that is not there: a message, not a hang or a crash
  expect 1 --db "postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=5" lead list
  checks=$((checks + 1))
  case "$ERR" in
    *server*) ;;
    *) fail "unreachable server: unclear message: $ERR" ;;
  esac
fi

# --- opening never writes; only init creates a database ---------------------------

if [ "$TEST_PG" = 0 ]; then
  # a path that does not exist: refused, nothing made, not even its folder
  for cmd in "lead list" "pipeline list" "user add zed --name Zed --role manager" "demo" "robots run"; do
    # shellcheck disable=SC2086
    expect 1 --db "$TMP/nope/sub/crm.sqlite3" $cmd
  done
  checks=$((checks + 1))
  case "$ERR" in
    *"no database"*"init"*) ;;
    *) fail "missing --db: unclear message: $ERR" ;;
  esac
  checks=$((checks + 1))
  [ -e "$TMP/nope" ] && fail "a missing --db path was created: $(find "$TMP/nope")"
  # a mistyped one ("crm.sqlite" for "crm.sqlite3") does not become a new empty database
  expect 1 --db "${DB%3}" --json lead list
  checks=$((checks + 1))
  [ -e "${DB%3}" ] && fail "a mistyped --db made a new database"

  RO_DIR="$TMP/ro"
  RO_DB="$RO_DIR/crm.sqlite3"
  mkdir "$RO_DIR"
  expect 0 --db "$RO_DB" init
  expect 0 --db "$RO_DB" user add anna --name "Anna" --role manager
  expect 0 --db "$RO_DB" lead add --title "Read me" --responsible anna
  expect 0 --db "$RO_DB" --json deal add --pipeline repair --title "Door" --responsible anna
  RO_DEAL=$(py 'print(j["id"])')
  # the file's bytes and modification time, and the size of its -wal ("none" when absent)
  file_state () {
    echo "$(sha256sum <"$RO_DB" | cut -d' ' -f1) $(stat -c %y "$RO_DB") $(stat -c %s "$RO_DB-wal" 2>/dev/null || echo none)"
  }

  # Reading takes no write lock and writes nothing — whoever runs the tests,
  # root included: another program holds the write lock meanwhile (and its
  # open connection keeps the -wal, whose size must not change).
  "$PY" - "$RO_DB" >"$TMP/locker.out" <<'PYEOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(60)
PYEOF
  locker=$!
  for _ in $(seq 100); do grep -q locked "$TMP/locker.out" 2>/dev/null && break; sleep 0.1; done
  before=$(file_state)
  SECONDS=0
  expect 0 --db "$RO_DB" lead list
  expect 0 --db "$RO_DB" --json deal show "$RO_DEAL"
  expect 0 --db "$RO_DB" pipeline list
  same "$((SECONDS < 5))" "1" "reading waited for another program's write lock ($SECONDS s)"
  same "$(file_state)" "$before" "the database after reading (bytes, mtime, -wal size)"
  kill "$locker" 2>/dev/null
  wait "$locker" 2>/dev/null

  # A read-only file, folder or both: reading works, writing says so. As
  # root permissions stop nothing, so these run as an unprivileged user.
  if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
      AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
      chown -R 65534:65534 "$RO_DIR"
      chmod 711 "$TMP"
    else
      echo "SKIP: running as root without setpriv: the read-only permission cases are skipped"
      AS=(false)
    fi
  fi
  for how in file folder both; do
    chmod 755 "$RO_DIR"
    chmod 644 "$RO_DB"
    case $how in
      file) chmod 444 "$RO_DB" ;;
      folder) chmod 555 "$RO_DIR" ;;
      both) chmod 444 "$RO_DB"; chmod 555 "$RO_DIR" ;;
    esac
    if [ "${AS[*]}" = false ] ||
       { [ "$how" != folder ] && "${AS[@]}" test -w "$RO_DB"; } ||
       { [ "$how" != file ] && "${AS[@]}" test -w "$RO_DIR"; }; then
      echo "SKIP: read-only $how: the permissions do not stop writes here"
      continue
    fi
    before=$(file_state)
    listing=$(ls -A "$RO_DIR")
    expect 0 --db "$RO_DB" lead list
    same "$(echo "$OUT" | grep -c "Read me")" "1" "read-only $how: lead list"
    expect 0 --db "$RO_DB" --json deal show "$RO_DEAL"
    same "$(py 'print(j["title"])')" "Door" "read-only $how: deal show"
    expect 0 --db "$RO_DB" --json pipeline list
    same "$(py 'print(len(j))')" "4" "read-only $how: pipeline list"
    expect 1 --db "$RO_DB" lead add --title "Not written"
    checks=$((checks + 1))
    case "$ERR" in
      *"read-only"*"$RO_DB"*) ;;
      *) fail "read-only $how: unclear message: $ERR" ;;
    esac
    expect 1 --db "$RO_DB" --json deal win "$RO_DEAL"
    same "$(file_state)" "$before" "read-only $how: the database file"
    same "$(ls -A "$RO_DIR")" "$listing" "read-only $how: files beside the database"
  done
  AS=()
  chmod 755 "$RO_DIR"
  chmod 644 "$RO_DB"
  # writable again, it works: nothing left behind keeps it read-only
  expect 0 --db "$RO_DB" lead add --title "Written"
  same "$(lead_count "$RO_DB")" "2" "leads once writable again"
else
  # an empty server database: a command other than init does not set it up
  new_db EMPTY empty
  expect 1 --db "$EMPTY" lead list
  checks=$((checks + 1))
  case "$ERR" in
    *init*) ;;
    *) fail "an empty server database: unclear message: $ERR" ;;
  esac
  expect 1 --db "$EMPTY" user add zed --name Zed --role manager
  same "$(pg_sql "$EMPTY" "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")" \
    "0" "tables made in an empty server database by a command other than init"
  expect 0 --db "$EMPTY" init
  expect 0 --db "$EMPTY" lead list
fi

# --- demo ----------------------------------------------------------------------

new_db DDB demo
expect 0 --db "$DDB" init
expect 0 --db "$DDB" demo
same "$(test "$(lead_count "$DDB")" -gt 0 && echo yes)" "yes" "demo leads"
same "$(test "$(deal_count "$DDB")" -gt 0 && echo yes)" "yes" "demo deals"

# --- the default database (a file: the same in both runs, so checked in the SQLite one) --

if [ "$TEST_PG" = 0 ]; then
  expect 0 init
  checks=$((checks + 1))
  test -f "$XDG_DATA_HOME/furniture-crm/crm.sqlite3" || fail "init without --db did not use \$XDG_DATA_HOME/furniture-crm/crm.sqlite3"
  FURNITURE_CRM_DB="$TMP/env.sqlite3" "$CLI" init >/dev/null 2>&1
  checks=$((checks + 1))
  test -f "$TMP/env.sqlite3" || fail "init did not use \$FURNITURE_CRM_DB"
fi

echo "$checks checks, $failures failed"
if [ "$failures" -ne 0 ]; then
  exit 1
fi
exit 0
