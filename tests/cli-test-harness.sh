# The checks of the CLI test scripts, sourced by them after they set CLI (the
# program), PY (a Python), TMP (a scratch folder) and DB (the database every
# `run` uses). Defines failures and checks (the counts), and:
#   fail MESSAGE, run ARGS…, expect RC ARGS…, py CODE, same VALUE EXPECTED WHAT,
#   contains TEXT PART WHAT.

failures=0
checks=0

fail () {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run ARGS…: runs the CLI on $DB; sets RC, OUT, ERR
run () {
  "$CLI" --db "$DB" "$@" >"$TMP/out" 2>"$TMP/err"
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
  "$PY" -c "import json, re, sys
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

# contains TEXT PART WHAT
contains () {
  checks=$((checks + 1))
  case "$1" in
    *"$2"*) ;;
    *) fail "$3: '$2' not in '$1'" ;;
  esac
}

