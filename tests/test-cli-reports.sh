#!/bin/bash
# furniture-crm-cli report (issue 12): each report's JSON keys and numbers on a
# small firm made at known moments, the filters, --csv with its header line and
# RFC 4180 quoting, the text output, and refusals. Usage: test-cli-reports.sh PATH-TO-CLI
set -u

CLI=${1:?usage: test-cli-reports.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3   # the system one: python3 on PATH may be a pyenv shim

unset FURNITURE_CRM_DB
# UTC+10 all year: a local date and the UTC date differ for part of each day
export TZ=Asia/Vladivostok
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-reports-test.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
# the default database must never be the user's real one
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

new_db DB crm
. "$(dirname "$0")/cli-test-harness.sh"

# --- a small firm, at known moments --------------------------------------------

expect 0 init
expect 0 user add anna --name "Anna Ivanova" --role manager
expect 0 user add boris --name "Boris Petrov" --role manager

expect 0 --at 2026-01-12T10:00:00+10:00 --json lead add --title "Kitchen" --source call --budget 1000 --responsible anna
LEAD=$(py 'print(j["id"])')
expect 0 --at 2026-01-12T10:00:00+10:00 --json deal add --pipeline manufacturing --title "Wardrobe" --budget 150000 --responsible anna
WON=$(py 'print(j["id"])')
expect 0 --at 2026-01-13T10:00:00+10:00 deal win "$WON"
expect 0 --at 2026-01-12T10:00:00+10:00 --json deal add --pipeline repair --title "Hinge" --budget 2000 --responsible boris
LOST=$(py 'print(j["id"])')
expect 0 --at 2026-01-14T10:00:00+10:00 deal lose "$LOST" --reason other --comment "said no"
expect 0 deal set "$LOST" loss_reason_text 'Too far, "really"'

AT=--at=2026-01-20T10:00:00+10:00

# --- each report's JSON: keys, numbers as numbers, money as decimal strings -----

expect 0 $AT --json report funnel
same "$(py 'r = [x for x in j if x["stage"] == "lead.new"][0]; print(r["count"], repr(r["budget"]), r["pipeline"])')" \
  "1 '1000.00' lead" "funnel: lead.new now"
same "$(py 'r = [x for x in j if x["stage"] == "mfg.contract"][0]; print(r["count"], r["entered"], r["advanced"], r["conversion"])')" \
  "0 1 1 1" "funnel: mfg.contract went on to won"
same "$(py 'print(len(j), all(isinstance(x["count"], int) for x in j))')" "19 True" "funnel: one row per open stage"

expect 0 $AT --json report conversion
same "$(py 'r = [x for x in j if x["source"] == "call"][0]; print(r["by"], r["count"], r["converted"], r["won"], r["conversion_rate"])')" \
  "source 1 0 0 0" "conversion: by source"
same "$(py 'print([(x["user"], x["count"]) for x in j if x["by"] == "user"])')" "[('anna', 1)]" "conversion: by manager"

expect 0 $AT --json report losses
same "$(py 'r = [x for x in j if x["reason"] == "other"][0]; print(r["lost"], r["budget"], r["share"], r["texts"])')" \
  "1 2000.00 1 ['Too far, \"really\"']" "losses: other, with its text"
same "$(py 't = j[-1]; print(t["reason"], t["lost"], t["won"], t["win_rate"], t["budget"])')" "None 1 1 0.5 2000.00" "losses: total"

expect 0 $AT --json report time
same "$(py 'r = [x for x in j if x["stage"] == "mfg.contract"][0]; print(r["count"], r["avg_days"], r["median_days"])')" \
  "1 1 1" "time: a day in Contract"
same "$(py 'r = [x for x in j if x["stage"] is None and x["pipeline"] == "repair"][0]; print(r["count"], r["avg_days"])')" \
  "1 2" "time: repair's whole cycle"

expect 0 $AT --json report stuck
same "$(py 'print([(x["type"], x["id"], x["stage"], x["days"], x["user"]) for x in j])')" \
  "[('lead', $LEAD, 'lead.new', 8, 'anna')]" "stuck: the lead untouched for 8 days"

expect 0 $AT --json report managers
same "$(py 'print([(x["user"], x["leads"], x["won"], x["lost"], x["revenue"]) for x in j])')" \
  "[('anna', 1, 1, 0, '150000.00'), ('boris', 0, 0, 1, '0.00')]" "managers"

expect 0 $AT --json report revenue
same "$(py 'print(len(j), j[0]["month"], j[-1]["month"], j[-1]["count"], j[-1]["revenue"], j[-1]["previous_revenue"])')" \
  "12 2025-02 2026-01 1 150000.00 0.00" "revenue: twelve months"

# --- filters --------------------------------------------------------------------

expect 0 $AT --json report losses --pipeline repair
same "$(py 't = j[-1]; print(t["lost"], t["won"])')" "1 0" "losses --pipeline repair"
expect 0 $AT --json report losses --from 2026-01-13 --to 2026-01-13
same "$(py 't = j[-1]; print(t["lost"], t["won"])')" "0 1" "losses on 13 January"
expect 0 $AT --json report managers --responsible boris
same "$(py 'print([x["user"] for x in j])')" "['boris']" "managers --responsible boris"
expect 0 $AT --json report funnel --pipeline lead
same "$(py 'print([x["stage"] for x in j])')" "['lead.new', 'lead.in_progress']" "funnel --pipeline lead"

# --- CSV: the same rows, a header line, RFC 4180 quoting ---------------------------

expect 0 $AT report losses --csv
same "$(head -n 1 "$TMP/out" | tr -d '\r')" "reason,lost,budget,share,texts,won,win_rate" "losses CSV header"
contains "$OUT" 'other,1,2000.00,1,"Too far, ""really""",,' "losses CSV quoting"
same "$(wc -l <"$TMP/out")" "6" "losses CSV: header and five rows"
expect 0 $AT report funnel --csv --pipeline manufacturing
same "$("$PY" -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1], newline=""))); print(len(r), r[0]["stage"], r[0]["budget"])' "$TMP/out")" \
  "6 mfg.contract 0.00" "funnel CSV read back"

# --- text, and refusals ------------------------------------------------------------

expect 0 $AT report funnel
contains "$OUT" "Stage" "text output has column titles"
contains "$OUT" "Unprocessed" "text output names the stages"
expect 2 report sales
expect 2 report
expect 1 report funnel --from 2026-13-01
expect 1 report funnel --pipeline garden
expect 1 report managers --responsible nobody
expect 1 report losses --from 2026-02-01 --to 2026-01-01

echo "$checks checks, $failures failed"
if [ "$failures" -ne 0 ]; then
  exit 1
fi
exit 0
