#!/bin/bash
# backup FILE | restore FILE (SPEC §5): a backup restores what it holds, the
# replaced database is kept aside, and a file that is not a backup is refused
# with a message and writes nothing. Usage: test-cli-backup.sh PATH-TO-CLI
set -u

CLI=${1:?usage: test-cli-backup.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3   # the system one: python3 on PATH may be a pyenv shim

unset FURNITURE_CRM_DB
export TZ=Asia/Vladivostok
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-backup-test.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

new_db DB crm
. "$(dirname "$0")/cli-test-harness.sh"

n_leads () {
  "$CLI" --db "$DB" --json lead list | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

expect 0 init
expect 0 user add anna --name "Anna Ivanova" --role manager
expect 0 lead add --title "Kitchen" --phone "+7 912 345-67-89"
expect 0 lead add --title "Wardrobe"

expect 0 --json backup "$TMP/b/crm.fcrm-backup"
same "$(py 'print(j["backup"])')" "$TMP/b/crm.fcrm-backup" "backup --json"
same "$(test -s "$TMP/b/crm.fcrm-backup" && echo yes)" "yes" "the backup file"
same "$(ls "$TMP/b")" "crm.fcrm-backup" "nothing else beside the backup"

expect 0 lead add --title "After the backup"
same "$(n_leads)" "3" "three leads before the restore"

expect 0 --json restore "$TMP/b/crm.fcrm-backup"
same "$(n_leads)" "2" "the restore takes the later lead back"
KEPT=$(py 'print(j["kept_aside"])')
contains "$KEPT" "before-restore-" "kept_aside"
same "$(test -s "$KEPT" && echo yes)" "yes" "the kept-aside database"
same "$("$CLI" --db "$KEPT" --json lead list | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))')" "3" \
  "the kept-aside database has the later lead"
rm -f "$KEPT"

# refusals write nothing and keep nothing aside
printf 'name;phone\nAnna;+7 912\n' > "$TMP/notes.csv"
expect 1 restore "$TMP/notes.csv"
contains "$ERR" "not a Furniture CRM backup" "a text file"
head -c 3000 "$TMP/b/crm.fcrm-backup" > "$TMP/cut.fcrm-backup"
expect 1 restore "$TMP/cut.fcrm-backup"
contains "$ERR" "cut short" "a truncated backup"
expect 1 restore "$TMP/missing.fcrm-backup"
same "$(n_leads)" "2" "nothing restored"
same "$(ls "$TMP" | grep -c before-restore)" "0" "nothing kept aside"

expect 2 backup
expect 2 restore
expect 2 restore a b
expect 1 --db "$TMP/nothing-here.sqlite3" backup "$TMP/x.fcrm-backup"

echo "$checks checks, $failures failed"
if [ "$failures" -ne 0 ]; then
  exit 1
fi
exit 0
