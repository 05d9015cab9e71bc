#!/bin/bash
# furniture-crm-cli import (issue 14): a Bitrix24 export in Windows-1251 with ";"
# (tests/data), the --json report {created, merged, rejected: [{row, reason}]},
# --dry-run writing nothing, --duplicates skip|merge|create, --map and
# --map-value, a half-valid file refused whole (exit 1, rows named), and
# malformed files and usage errors. Usage: test-cli-import.sh PATH-TO-CLI
set -u

CLI=${1:?usage: test-cli-import.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3   # the system one: python3 on PATH may be a pyenv shim
DATA=$(cd "$(dirname "$0")/data" && pwd)

unset FURNITURE_CRM_DB
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-import-test.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

new_db DB crm
. "$(dirname "$0")/cli-test-harness.sh"

expect 0 init
expect 0 user add anna --name "Анна Смирнова" --role manager

# --- a Bitrix24 export: dry run, then the real one, then again (duplicates) ----------
expect 0 --json import leads "$DATA/bitrix24-leads-cp1251.csv" --dry-run
same "$(py 'print(j["created"], j["merged"], len(j["rejected"]))')" "3 0 0" "dry run counts"
expect 0 --json lead list
same "$(py 'print(len(j))')" "0" "a dry run writes nothing"

expect 0 --json import leads "$DATA/bitrix24-leads-cp1251.csv"
same "$(py 'print(j["created"], j["merged"], j["rejected"])')" "3 0 []" "import report"
expect 0 --json lead list
same "$(py 'l = j[0]; print(l["title"], "|", l["name"], "|", l["phone"], "|", l["email"], "|", l["source"], "|", l["budget"], "|", l["responsible"], "|", l["stage"])')" \
  "Кухня на заказ | Зинаида Петровна Кузнецова | +7 912 345-67-89 | zina@example.ru | call | 150000.00 | anna | lead.new" \
  "the first lead's fields"
same "$(py 'print(j[1]["stage"], j[1]["budget"], j[1]["source"])')" "lead.in_progress 85000.50 webform" "the second lead"

expect 0 --json import leads "$DATA/bitrix24-leads-cp1251.csv"
same "$(py 'print(j["created"], j["skipped"])')" "0 3" "the same file again: skipped"

# --- contacts: skip, merge, create ---------------------------------------------------
# (Zinaida came with her lead already: its second phone made her its contact)
expect 0 --json import contacts "$DATA/bitrix24-contacts-cp1251.csv"
same "$(py 'print(j["created"], j["skipped"])')" "1 1" "contacts created, the lead's contact skipped"
expect 0 --json import contacts "$DATA/bitrix24-contacts-cp1251.csv" --duplicates merge
same "$(py 'print(j["created"], j["merged"])')" "0 2" "contacts merged"
expect 0 --json import contacts "$DATA/bitrix24-contacts-cp1251.csv" --duplicates create
same "$(py 'print(j["created"])')" "2" "contacts created anyway"
expect 0 --json contact list
same "$(py 'print(len(j))')" "4" "four contacts"
expect 0 --json search "Зинаида"
same "$(py 'print(sorted(set(r["kind"] for r in j)))')" "['contact', 'lead']" "imported cards are found by search"

# --- companies (ООО "Уют" came with a contact: merged, gaining its INN), a column
# left out by --map ------------------------------------------------------------------------
expect 0 --json import companies "$DATA/bitrix24-companies-cp1251.csv" --map "Комментарий=-" --duplicates merge
same "$(py 'print(j["created"], j["merged"])')" "1 1" "companies created and merged"
expect 0 --json company list
same "$(py 'print(sorted((c["name"], c["inn"], c["comment"]) for c in j))')" \
  "[('Дом и сад', '500100732259', None), ('ООО \"Уют\"', '7701234567', None)]" "companies' fields, the comment left out"

# --- a half-valid file: refused whole, the rows named ----------------------------------
printf 'Name;Phone\nAnn;+7 912 000-00-01\nBob;+7 912 000-00-02;extra\nCarl;not a phone\nDina;+7 912 000-00-04\n' >"$TMP/half.csv"
expect 1 --json import contacts "$TMP/half.csv"
same "$(py 'print(j["created"], [r["row"] for r in j["rejected"]])')" "0 [3, 4]" "rejected rows"
contains "$ERR" "nothing was imported" "the message says nothing was written"
expect 0 --json contact list
same "$(py 'print(len(j))')" "4" "nothing written"
expect 0 --json import contacts "$TMP/half.csv" --skip-rejected
same "$(py 'print(j["created"], len(j["rejected"]))')" "2 2" "the good rows, when asked"

# --- unknown values, mapped -------------------------------------------------------------
printf 'Lead name;Stage\nTable;Processed\n' >"$TMP/stage.csv"
expect 1 import leads "$TMP/stage.csv"
contains "$ERR" "Processed" "the unknown stage named"
expect 0 --json import leads "$TMP/stage.csv" --map-value "stage:Processed=lead.in_progress"
same "$(py 'print(j["created"])')" "1" "mapped stage"

# --- malformed files and usage ------------------------------------------------------------
: >"$TMP/empty.csv"
expect 1 import contacts "$TMP/empty.csv"
contains "$ERR" "empty" "an empty file"
head -c 2000 /dev/urandom >"$TMP/junk.csv"
printf '\0' >>"$TMP/junk.csv"
expect 1 import contacts "$TMP/junk.csv"
contains "$ERR" "binary" "binary junk"
expect 1 import contacts "$TMP/missing.csv"
expect 2 import things "$TMP/half.csv"
expect 2 import contacts
expect 2 import contacts "$TMP/half.csv" --duplicates maybe
expect 2 import contacts "$TMP/half.csv" --map "Name=colour"

echo "$checks checks, $failures failed"
if [ "$failures" -ne 0 ]; then
  exit 1
fi
exit 0
