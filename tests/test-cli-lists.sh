#!/bin/bash
# Lists that stream (issue 10): lead and deal list (open or --closed) print as
# they read, --limit and --after page by id, --json is one array that json
# parsers read (strings escaped: quotes, backslashes, control characters;
# non-ASCII kept as UTF-8). Usage: test-cli-lists.sh PATH-TO-CLI
set -u

CLI=${1:?usage: test-cli-lists.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3

unset FURNITURE_CRM_DB
export TZ=Europe/Moscow
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-lists.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

failures=0
checks=0
fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run () { "$CLI" "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?; OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err"); }
expect () {
  local want=$1; shift
  checks=$((checks + 1))
  run "$@"
  if [ "$RC" != "$want" ]; then fail "furniture-crm-cli $* → exit $RC, expected $want${ERR:+; stderr: $ERR}"; return 1; fi
  if [ "$want" != 0 ] && [ -z "$ERR" ]; then fail "furniture-crm-cli $* → exit $RC without a message"; return 1; fi
  return 0
}
# py CODE: Python with the last stdout parsed as JSON in `j`
py () { "$PY" -c "import json, sys
j = json.loads(sys.stdin.read())
$1" <"$TMP/out"; }
same () { checks=$((checks + 1)); [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

new_db DB lists
expect 0 --db "$DB" init
expect 0 --db "$DB" user add anna --name "Anna" --role manager
expect 0 --db "$DB" --at 2026-11-20T10:00 demo --leads 1200 --deals 700 --contacts 1100 --seed 5

# --- JSON: one array, the same ids as the pages put together -----------------------
for spec in lead deal "lead --closed" "deal --closed"; do
  read -r kind extra <<<"$spec"
  expect 0 --db "$DB" --json $kind list $extra
  all=$(py 'print(len(j), j[0]["id"], j[-1]["id"], all(a["id"] < b["id"] for a, b in zip(j, j[1:])))')
  n=${all%% *}
  limit=$(( n > 501 ? 501 : n - 2 ))
  expect 0 --db "$DB" --json $kind list $extra --limit $limit
  first=$(py 'print(len(j), j[-1]["id"])')
  same "${first%% *}" "$limit" "$spec list --limit $limit"
  expect 0 --db "$DB" --json $kind list $extra --after "${first##* }"
  rest=$(py 'print(len(j))')
  same "$((limit + rest))" "$n" "$spec list: the first page and the rest"
  same "$(echo "$all" | cut -d' ' -f4)" "True" "$spec list in id order"
  expect 0 --db "$DB" --json $kind list $extra --after 999999999
  same "$OUT" "[]" "$spec list past the end"
  expect 2 --db "$DB" $kind list $extra --limit -1
  expect 2 --db "$DB" $kind list $extra --after -5
  # plain text: a line per item
  expect 0 --db "$DB" $kind list $extra --limit 7
  same "$(printf '%s\n' "$OUT" | grep -c '^#')" "7" "$spec list text lines"
done

# --- contacts and companies: by name, --after the last one printed -----------------
for kind in contact company; do
  expect 0 --db "$DB" --json $kind list
  all=$(py 'print(len(j), " ".join(str(c["id"]) for c in j))')
  n=${all%% *}
  [ "$n" -gt 3 ] || fail "$kind list: too few to page ($n)"
  same "$(py 'k = [(c["name"], c["id"]) for c in j]; print(k == sorted(k))')" "True" "$kind list by name"
  expect 0 --db "$DB" --json $kind list --limit 3
  first=$(py 'print(" ".join(str(c["id"]) for c in j))')
  expect 0 --db "$DB" --json $kind list --after "${first##* }"
  rest=$(py 'print(" ".join(str(c["id"]) for c in j))')
  same "$n $first $rest" "$all" "$kind list: the first page and the rest"
  expect 0 --db "$DB" $kind list --limit 4
  same "$(printf '%s\n' "$OUT" | grep -c '^#')" "4" "$kind list text lines"
  expect 1 --db "$DB" $kind list --after 999999999
  expect 2 --db "$DB" $kind list --limit -2
done
expect 0 --db "$DB" --json contact list --limit 1
name=$(py 'print(j[0]["name"])')
expect 0 --db "$DB" --json contact list --query "$(echo "$name" | tr '[:lower:]' '[:upper:]')" --limit 2
same "$(py "print(len(j) > 0 and all('${name%% *}'.lower() in c['name'].lower() for c in j))")" "True" \
  "contact list --query --limit"

# --- escaping: what a person can type comes back as typed ---------------------------
title=$(printf 'Кухня "Модерн" \\ 10%%\tполки\nдве строки \001 конец')
expect 0 --db "$DB" --json lead add --title "$title" --name "Ёлкин" --phone "+7 900 111-22-33"
LEAD=$(py 'print(j["id"])')
expect 0 --db "$DB" --json lead list --after $((LEAD - 1))
TITLE="$title" "$PY" -c '
import json, os, sys
j = json.load(open(sys.argv[1]))
t = os.environ["TITLE"].replace("\n", " ").replace("\x01", "").strip()   # the app drops control characters
print("same" if " ".join(j[0]["title"].split()) == " ".join(t.split()) else "differs: %r vs %r" % (j[0]["title"], t))
' "$TMP/out" >"$TMP/cmp"
same "$(cat "$TMP/cmp")" "same" "a title with quotes, a backslash, a tab and Cyrillic read back"
same "$(grep -c 'Кухня' "$TMP/out")" "1" "non-ASCII written as UTF-8, not escaped"
"$PY" -c 'import sys; raw = open(sys.argv[1], "rb").read(); sys.exit(0 if all(b >= 0x20 or b == 0x0a for b in raw) else 1)' "$TMP/out" ||
  fail "a control character left unescaped in the JSON"
checks=$((checks + 1))

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
