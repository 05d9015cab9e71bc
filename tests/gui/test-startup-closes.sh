#!/bin/bash
# The window closes its database when it quits, even when nothing closed
# its windows first (--measure-startup quits on its own): a database file is
# left without its write-ahead log, as every connection to it was closed.
# usage: test-startup-closes.sh CLI GUI
set -euo pipefail
cli=$1 gui=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/crm.sqlite3
"$cli" --db "$db" init >/dev/null
"$cli" --db "$db" demo --leads 20 --deals 20 --contacts 10 --seed 1 >/dev/null
out=$("$gui" --measure-startup --db "$db" --user anna 2>/dev/null | tail -n 1)
case $out in
  *'"first_frame_ms"'*) ;;
  *) echo "not ok: no measurement printed: $out"; exit 1 ;;
esac
for f in "$db-wal" "$db-shm"; do
  if [ -e "$f" ]; then
    echo "not ok: $(basename "$f") left behind ($(stat -c %s "$f") bytes)"
    exit 1
  fi
done
echo "ok: the database was closed"
