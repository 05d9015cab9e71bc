#!/bin/bash
# The schedule commands of furniture-crm-cli (issue 15, and issue 14's
# export ical): schedule [--from] [--to] [--user], schedule conflicts,
# deal participant add … --role — JSON keys, local times, filters, both
# conflict kinds, exit codes and "bad input writes nothing"; the .ics
# file's events. Usage: test-cli-schedule.sh PATH-TO-CLI
set -u

CLI=${1:?usage: test-cli-schedule.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3   # the system one: python3 on PATH may be a pyenv shim

unset FURNITURE_CRM_DB
# UTC+10 all year: a local date and the UTC date differ for part of each day
export TZ=Asia/Vladivostok
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-schedule-test.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

new_db DB crm
. "$(dirname "$0")/cli-test-harness.sh"

AT="--at 2026-01-12T10:00:00+10:00"
EVENT_KEYS='["kind", "start", "end", "user", "deal_id", "title", "address"]'

expect 0 init
expect 0 user add anna --name "Anna Ivanova" --role manager
expect 0 user add semyon --name "Semyon Kuznetsov" --role manager
expect 0 --json deal add --pipeline manufacturing --title "Oak kitchen" --responsible anna
KITCHEN=$(py 'print(j["id"])')
expect 0 --json deal add --pipeline repair --title "Wardrobe door" --responsible anna
DOOR=$(py 'print(j["id"])')
expect 0 --json deal add --pipeline design --title "Sofa" --responsible anna
SOFA=$(py 'print(j["id"])')
expect 0 deal set "$KITCHEN" delivery_date 2026-01-14
expect 0 deal set "$KITCHEN" installation_date 2026-01-13
expect 0 deal set "$DOOR" visit_at "2026-01-13 11:00"
expect 0 deal set "$SOFA" visit_at "2026-01-13 09:30"

# roles: who installs, who repairs
expect 0 deal participant add "$KITCHEN" semyon --role installer
expect 0 deal participant add "$DOOR" semyon --role master
before=$("$CLI" --db "$DB" --json deal show "$KITCHEN")
expect 2 deal participant add "$KITCHEN" semyon --role
expect 1 deal participant add "$KITCHEN" semyon --role pilot
contains "$ERR" "measurer, designer, installer, master or driver" "unknown role"
expect 1 deal participant add "$KITCHEN" nobody --role driver
expect 2 deal participant remove "$KITCHEN" semyon --role driver
same "$("$CLI" --db "$DB" --json deal show "$KITCHEN")" "$before" "a refused role writes nothing"

# the week from Monday: local times, the default hour for a date
expect 0 $AT schedule --from 2026-01-12 --to 2026-01-18
same "$(py 'print(len(j))')" "4" "events of the week"
same "$(py "print(sorted(set(json.dumps(list(e)[:7]) for e in j)))")" "['$EVENT_KEYS']" "event keys"
same "$(py 'print(" ".join(e["kind"] for e in j))')" "measurement installation repair delivery" "in time order"
same "$(py 'print(j[0]["start"], j[0]["end"])')" "2026-01-13T09:30:00+10:00 2026-01-13T10:30:00+10:00" "measurement 1 h"
same "$(py 'print(j[2]["user"], j[2]["end"])')" "semyon 2026-01-13T13:00:00+10:00" "the master's repair, 2 h"
same "$(py 'print(j[1]["user"], j[1]["start"], j[1]["end"])')" \
  "semyon 2026-01-13T10:00:00+10:00 2026-01-13T14:00:00+10:00" "installation at the default hour, 4 h"
same "$(py 'print(j[3]["user"], j[3]["deal_id"], j[3]["title"])')" "anna $KITCHEN Oak kitchen" "delivery: the responsible"

expect 0 $AT schedule --from 2026-01-12 --to 2026-01-18 --user semyon
same "$(py 'print(" ".join(e["kind"] for e in j))')" "installation repair" "--user"
expect 0 $AT schedule --from 2026-01-14 --to 2026-01-14
same "$(py 'print(" ".join(e["kind"] for e in j))')" "delivery" "one day, --to inclusive"
# without --from: from today (the --at day) for a week
expect 0 --at 2026-01-14T08:00:00+10:00 schedule
same "$(py 'print(" ".join(e["kind"] for e in j))')" "delivery" "default period"

# conflicts: semyon repairs at 11:00 while installing 10:00–14:00; installed before delivered
expect 0 $AT schedule conflicts --from 2026-01-12 --to 2026-01-18
same "$(py 'print(sorted(c["kind"] for c in j))')" "['order', 'overlap']" "conflict kinds"
same "$(py 'print([sorted(e["kind"] for e in c["events"]) for c in j if c["kind"] == "overlap"][0])')" \
  "['installation', 'repair']" "the overlap's events"
same "$(py 'print([sorted(e["kind"] for e in c["events"]) for c in j if c["kind"] == "order"][0])')" \
  "['delivery', 'installation']" "the order's events"
expect 0 deal set "$KITCHEN" installation_date 2026-01-15
expect 0 deal set "$DOOR" visit_at "2026-01-13 15:00"
expect 0 $AT schedule conflicts --from 2026-01-12 --to 2026-01-18
same "$OUT" "[]" "no conflicts left"

# bad input: a clear message, exit 1 or 2
expect 1 $AT schedule --from "the day after"
expect 1 $AT schedule --from 2026-01-18 --to 2026-01-12
contains "$ERR" "swap the dates" "reversed period"
expect 1 $AT schedule --user nobody
expect 2 schedule conflicts --user anna
expect 2 schedule extra

# export ical: the events, in UTC, with stable UIDs
expect 0 $AT export ical "$TMP/all.ics"
same "$(grep -c BEGIN:VEVENT "$TMP/all.ics")" "4" "VEVENTs"
contains "$(cat "$TMP/all.ics")" "DTSTART:20260112T233000Z" "the measurement in UTC"
contains "$(cat "$TMP/all.ics")" "UID:deal-$KITCHEN-delivery-" "UID"
expect 0 $AT export ical --user semyon "$TMP/semyon.ics"
same "$(grep -c BEGIN:VEVENT "$TMP/semyon.ics")" "2" "one person's"
expect 2 export ical
expect 2 export vcal "$TMP/x.ics"
expect 1 $AT export ical "$TMP/no/such/folder.ics"

echo "$checks checks, $failures failed"
if [ "$failures" -ne 0 ]; then
  exit 1
fi
exit 0
