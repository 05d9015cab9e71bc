#!/bin/bash
# Lists that stream (issue 10): lead, deal and contact list print as they read,
# --limit and --after page by id, --json is one array that json parsers read
# (strings escaped: quotes, backslashes, control characters; non-ASCII kept as
# UTF-8), and contact list [--query]. Usage: test-cli-lists.sh PATH-TO-CLI
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
for kind in lead deal contact; do
  expect 0 --db "$DB" --json $kind list
  all=$(py 'print(len(j), j[0]["id"], j[-1]["id"], all(a["id"] < b["id"] for a, b in zip(j, j[1:])))')
  n=${all%% *}
  expect 0 --db "$DB" --json $kind list --limit 501
  first=$(py 'print(len(j), j[-1]["id"])')
  same "${first%% *}" "501" "$kind list --limit 501"
  expect 0 --db "$DB" --json $kind list --after "${first##* }"
  rest=$(py 'print(len(j))')
  same "$((501 + rest))" "$n" "$kind list: the first page and the rest"
  expect 0 --db "$DB" --json $kind list --after 999999999
  same "$OUT" "[]" "$kind list past the end"
  expect 2 --db "$DB" $kind list --limit -1
  expect 2 --db "$DB" $kind list --after -5
  # plain text: a line per item
  expect 0 --db "$DB" $kind list --limit 7
  same "$(printf '%s\n' "$OUT" | grep -c '^#')" "7" "$kind list text lines"
done
same "$(echo "$all" | cut -d' ' -f4)" "True" "contact list in id order"

# --- contacts' JSON keys ------------------------------------------------------------
expect 0 --db "$DB" --json contact list --limit 50
same "$(py 'print(sorted(j[0].keys()))')" \
  "['company', 'company_id', 'created_at', 'deals', 'emails', 'id', 'leads', 'name', 'phones']" "contact keys"
same "$(py 'print(all(isinstance(c["phones"], list) and isinstance(c["deals"], list) for c in j))')" "True" \
  "phones and deals are lists"
same "$(py 'print(any(c["company"] for c in j), any(c["deals"] for c in j))')" "True True" "companies and deals shown"

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

# --- contact list --query ------------------------------------------------------------
expect 0 --db "$DB" --json contact list --limit 1
name=$(py 'print(j[0]["name"])')
phone=$(py 'print(j[0]["phones"][0])')
expect 0 --db "$DB" --json contact list --query "$(echo "$name" | tr '[:lower:]' '[:upper:]')"
same "$(py "print(all('$(echo "$name" | cut -d' ' -f1)'.lower() in c['name'].lower() for c in j) and len(j) > 0)")" "True" \
  "contact list --query: any case"
digits=$(echo "$phone" | tr -cd '0-9' | tail -c 7)
expect 0 --db "$DB" --json contact list --query "${digits:0:3}-${digits:3:2}-${digits:5:2}"
same "$(py "print(any(c['id'] == 1 for c in j))")" "True" "contact list --query a phone number"
expect 0 --db "$DB" --json contact list --limit 20
email=$(py 'print([e for c in j for e in c["emails"]][0])')
expect 0 --db "$DB" --json contact list --query "$(echo "$email" | tr '[:lower:]' '[:upper:]')" --limit 5
same "$(py 'print([e for c in j for e in c["emails"]])')" "['$email']" "contact list --query an e-mail"
expect 0 --db "$DB" --json contact list --query "nobody-has-this-name"
same "$OUT" "[]" "contact list --query without matches"
expect 2 --db "$DB" contact frobnicate

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
