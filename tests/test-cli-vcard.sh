#!/bin/bash
# import vcard FILE | export vcard [--contact ID]… FILE (SPEC §5): the JSON of
# an import, its merges and rejections by card number, one or all contacts
# exported, and junk refused writing nothing. Usage: test-cli-vcard.sh PATH-TO-CLI
set -u

CLI=${1:?usage: test-cli-vcard.sh PATH-TO-furniture-crm-cli}
PY=/usr/bin/python3   # the system one: python3 on PATH may be a pyenv shim
DATA=$(cd "$(dirname "$0")/data" && pwd)

unset FURNITURE_CRM_DB
export TZ=Asia/Vladivostok
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fcrm-cli-vcard-test.XXXXXX")
. "$(dirname "$0")/cli-test-db.sh"
trap 'drop_test_dbs; rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"

new_db DB crm
. "$(dirname "$0")/cli-test-harness.sh"

expect 0 init
expect 0 --json import vcard "$DATA/phone-export.vcf"
same "$(py 'print(sorted(j.keys()))')" "['created', 'merged', 'rejected']" "import keys"
same "$(py 'print(j["created"], j["merged"])')" "3 1" "created and merged"
same "$(py 'print([r["row"] for r in j["rejected"]])')" "[5, 6]" "rejected cards"
expect 0 --json import vcard "$DATA/evolution-4.0.vcf"
same "$(py 'print(j["created"], j["merged"], len(j["rejected"]))')" "2 0 0" "Evolution's cards"

expect 0 --json contact list --query Петров
ID=$(py 'print(j[0]["id"])')
expect 0 export vcard --contact "$ID" "$TMP/one.vcf"
same "$(grep -c '^BEGIN:VCARD' "$TMP/one.vcf")" "1" "one card"
contains "$(cat "$TMP/one.vcf")" "FN:Борис Петров" "its name"
contains "$(cat "$TMP/one.vcf")" "BDAY;VALUE=DATE:1985-04-12" "its birthday"
expect 0 export vcard "$TMP/all.vcf"
same "$(grep -c '^BEGIN:VCARD' "$TMP/all.vcf")" "5" "every card"

# junk writes nothing
head -c 2000 /dev/urandom > "$TMP/junk.vcf"
expect 1 import vcard "$TMP/junk.vcf"
: > "$TMP/empty.vcf"
expect 1 import vcard "$TMP/empty.vcf"
contains "$ERR" "nothing was imported" "an empty file"
expect 0 --json contact list
same "$(py 'print(len(j))')" "5" "no contact added by junk"

expect 2 import vcard
expect 2 export vcard --contact x "$TMP/x.vcf"
expect 1 import vcard "$TMP/missing.vcf"

echo "$checks checks, $failures failed"
if [ "$failures" -ne 0 ]; then
  exit 1
fi
exit 0
