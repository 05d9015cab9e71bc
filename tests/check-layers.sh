#!/bin/bash
# The layering rules of ARCHITECTURE.md, checked on the sources:
#  - the GUI and the CLI include no store, schema or private core header: they
#    reach the database only through the facade (fcrm-crm*.h and the area headers);
#  - they contain no SQL;
#  - no source file grows beyond MAX_LINES lines, the tests' included.
# (tests/check-facade.c checks at compile time that the facade does not pull the store in.)
# usage: tests/check-layers.sh SOURCE_ROOT
set -u
root=${1:?usage: $0 SOURCE_ROOT}
cd "$root" || exit 2
MAX_LINES=${FCRM_MAX_LINES:-1000}
failed=0

forbidden='#include "fcrm-(store|store-private|store-sqlite|store-pg|schema|pg-security|crm-private|crm-test-private|field)\.h"'
if grep -n -E "$forbidden" src/gui/*.[ch] src/cli/*.[ch]; then
  echo "FAIL: the GUI or the CLI includes a header below the facade (above)"
  failed=1
fi

# SQL statements in string literals
if grep -n -E '"[^"]*\b(SELECT [a-z*(]|INSERT INTO |UPDATE [a-z_]+ SET |DELETE FROM )' src/gui/*.c src/cli/*.c; then
  echo "FAIL: SQL outside src/core (above)"
  failed=1
fi

if [ -z "${FCRM_SKIP_SIZE:-}" ]; then
  big=$(wc -l src/core/*.[ch] src/gui/*.[ch] src/cli/*.[ch] tests/*.[ch] tests/gui/*.[ch] | awk -v max="$MAX_LINES" '$2 != "total" && $1 > max { print "  " $2 ": " $1 " lines" }')
  if [ -n "$big" ]; then
    echo "FAIL: source files above $MAX_LINES lines:"
    echo "$big"
    failed=1
  fi
fi

[ "$failed" -eq 0 ] && echo "layers: ok"
exit "$failed"
