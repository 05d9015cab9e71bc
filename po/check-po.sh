#!/bin/bash
# Checks that the translations are complete and that POTFILES.in is up to date.
#
# usage: po/check-po.sh SOURCE_ROOT
#
#  (a) every po/LL.po (LL from po/LINGUAS) compiles with msgfmt --check and has no
#      fuzzy or untranslated message;
#  (b) a .pot freshly extracted from the files in po/POTFILES.in has no msgid that is
#      missing from a po file;
#  (c) every file under src/ or ui/ with translatable strings is listed in POTFILES.in.
set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8

if [ $# -ne 1 ] || [ ! -d "$1/po" ]; then
  echo "usage: $0 SOURCE_ROOT" >&2
  exit 2
fi
srcdir=$(cd "$1" && pwd)
podir=$srcdir/po

for tool in msgfmt xgettext msgcmp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not installed (package gettext)"
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# Languages and listed source files, without comments and blank lines.
languages=$(sed -e 's/#.*//' "$podir/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$' || true)
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$podir/POTFILES.in" \
  | grep -v '^$' > "$tmp/listed" || true

tab=$(printf '\t')

# Prints one line per message of a po/pot file: [msgctxt] msgid<TAB>source references.
msg_keys() {
  msgattrib --no-wrap --no-obsolete "$1" | awk -v tab="$tab" '
    function flush() {
      if (id != "" && id != "\"\"") print (ctxt != "" ? "[" ctxt "] " : "") id tab refs
      id = ""; ctxt = ""; refs = ""
    }
    /^#: /        { if (id != "") flush(); refs = refs (refs != "" ? " " : "") substr($0, 4); next }
    /^msgctxt /   { if (id != "") flush(); ctxt = substr($0, 9); next }
    /^msgid /     { id = substr($0, 7); next }
    /^$/          { flush() }
    END           { flush() }'
}

# (a) compile and count.
for lang in $languages; do
  po=$podir/$lang.po
  if [ ! -f "$po" ]; then
    fail "po/$lang.po is missing (the language is in po/LINGUAS)"
    continue
  fi
  if ! msgfmt --check --statistics -o /dev/null "$po" > "$tmp/stats" 2>&1; then
    sed 's/^/  /' "$tmp/stats"
    fail "po/$lang.po does not compile (msgfmt --check errors above)"
    continue
  fi
  stats=$(tr '\n' ' ' < "$tmp/stats")
  echo "po/$lang.po: $stats"
  if grep -q -E '[0-9]+ fuzzy' "$tmp/stats"; then
    fail "po/$lang.po has fuzzy translations:"
    msgattrib --only-fuzzy --no-wrap "$po" | grep -E '^(msgctxt|msgid) ' | grep -v '^msgid ""$' | sed 's/^/  /'
  fi
  if grep -q -E '[0-9]+ untranslated' "$tmp/stats"; then
    fail "po/$lang.po has untranslated messages:"
    msgattrib --untranslated --no-obsolete --no-wrap "$po" \
      | grep -E '^(msgctxt|msgid) ' | grep -v '^msgid ""$' | sed 's/^/  /'
  fi
done

# (b) extract a fresh template and compare.
missing_files=0
while IFS= read -r f; do
  if [ ! -f "$srcdir/$f" ]; then
    fail "POTFILES.in lists $f, which does not exist"
    missing_files=1
  fi
done < "$tmp/listed"

if [ "$missing_files" -eq 0 ]; then
  # xgettext picks the parser by extension: C for .c/.h, the GtkBuilder ITS rules
  # (gtk4builder.loc) for .ui, gschema/metainfo ITS rules for those XML files.
  if ! (cd "$srcdir" && xgettext --force-po --from-code=UTF-8 --add-comments \
          --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
          --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
          --keyword=g_dcgettext:2 --keyword=g_dpgettext2:2c,3 \
          --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
          --flag=g_set_error:4:c-format --flag=g_prefix_error:2:c-format \
          --files-from="$tmp/listed" -o "$tmp/fresh.pot") > "$tmp/xgettext.log" 2>&1; then
    sed 's/^/  /' "$tmp/xgettext.log"
    fail "xgettext could not extract the strings of the files in POTFILES.in"
  else
    count=$(grep -c '^msgid ' "$tmp/fresh.pot")
    echo "extracted $((count > 0 ? count - 1 : 0)) messages from $(wc -l < "$tmp/listed") files"
    for lang in $languages; do
      po=$podir/$lang.po
      [ -f "$po" ] || continue
      # Presence only: untranslated and fuzzy entries were reported by (a).
      if ! msgcmp --use-fuzzy --use-untranslated "$po" "$tmp/fresh.pot" > "$tmp/cmp" 2>&1; then
        fail "po/$lang.po lacks messages that the sources use; run 'meson compile -C _build furniture-crm-update-po' and translate them:"
        msg_keys "$po" | sort -u > "$tmp/have"
        msg_keys "$tmp/fresh.pot" | sort -t "$tab" -k1,1 > "$tmp/need"
        # key<TAB>references; keep needed keys the po file lacks.
        cut -f1 "$tmp/need" | sort -u | comm -23 - "$tmp/have" > "$tmp/lack"
        if [ -s "$tmp/lack" ]; then
          join -t "$tab" "$tmp/lack" "$tmp/need" \
            | awk -F "$tab" '{ printf "  %s   (%s)\n", $1, $2 }'
        else
          sed 's/^/  /' "$tmp/cmp"
        fi
      fi
    done
  fi
fi

# (c) files with translatable strings that POTFILES.in does not list.
c_pattern='(^|[^[:alnum:]_])(N|C|NC)?_[[:space:]]*\([[:space:]]*("|$)|(^|[^[:alnum:]_])(g_d?c?n?gettext|g_dpgettext2?|d?n?gettext)[[:space:]]*\('
ui_pattern='translatable="yes"'
for dir in src ui; do
  [ -d "$srcdir/$dir" ] || continue
  (cd "$srcdir" && grep -r -I -l -E -e "$c_pattern" -e "$ui_pattern" "$dir" 2>/dev/null) \
    | sort > "$tmp/found.$dir"
  while IFS= read -r f; do
    # A header that only defines the gettext macros has no strings to extract.
    if ! (cd "$srcdir" && grep -v -E '^[[:space:]]*#[[:space:]]*define' "$f" \
            | grep -q -E -e "$c_pattern" -e "$ui_pattern"); then
      continue
    fi
    if ! grep -q -x -F -e "$f" "$tmp/listed"; then
      fail "$f has translatable strings but is not listed in po/POTFILES.in"
    fi
  done < "$tmp/found.$dir"
done

if [ "$failed" -ne 0 ]; then
  echo "po check failed"
  exit 1
fi
echo "po check passed"
exit 0
