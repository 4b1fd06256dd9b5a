#!/bin/bash
# test-render-inputs.sh - how arobase-render takes its inputs: one of them
# from standard input (`-`), never two, never `-o -`; and the booklet's
# "Lauréats par région" naming each région (region_nom, statistiques.regions
# of palmares.json, else the collectivités directory) with its code as the
# last resort.
#
# Run by `make test` with AROBASE_BIN set to the build folder and COLLECTIVITES
# to the collectivités directory; exits non-zero when a check fails.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${AROBASE_BIN:-build}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
RENDER=$BIN/arobase-render
DIR=${COLLECTIVITES:-$ROOT/input/collectivites}
case $DIR in /*) ;; *) DIR=$ROOT/$DIR ;; esac
C29=$ROOT/tests/cases/29-pdf-tofu-french-glyphs
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-render-inputs.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8

fails=0
checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { if eval "$1"; then checks=$((checks + 1)); else fail "$2"; fi; }
command -v pdftotext >/dev/null || { echo "test-render-inputs.sh: pdftotext is missing (poppler-utils)" >&2; exit 1; }
[ -x "$RENDER" ] || { echo "test-render-inputs.sh: no program $RENDER" >&2; exit 1; }
# The files under a folder with their sha256, one line each.
digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

# ------------------------------------------------------------ standard input
"$RENDER" --rules "$C29/rules.json" --palmares "$C29/palmares.json" -o "$T/ref" 2>"$T/errref"
check "[ $? -eq 0 ]" "reference run failed: $(cat "$T/errref")"
"$RENDER" --rules "$C29/rules.json" --palmares - -o "$T/p" <"$C29/palmares.json" 2>"$T/errp"
rc=$?
check "[ $rc -eq 0 ]" "--palmares -: exit $rc: $(cat "$T/errp")"
check "[ \"\$(digest '$T/p')\" = \"\$(digest '$T/ref')\" ]" "--palmares -: not the same files as from the file"
cat "$C29/palmares.json" | "$RENDER" --rules "$C29/rules.json" --palmares - -o "$T/pipe" 2>"$T/errpipe"
rc=$?
check "[ $rc -eq 0 ] && [ \"\$(digest '$T/pipe')\" = \"\$(digest '$T/ref')\" ]" "--palmares - from a pipe: exit $rc: $(cat "$T/errpipe")"
cat "$C29/rules.json" | "$RENDER" --rules - --palmares "$C29/palmares.json" -o "$T/r" 2>"$T/errr"
rc=$?
check "[ $rc -eq 0 ]" "--rules -: exit $rc: $(cat "$T/errr")"
check "[ \"\$(digest '$T/r')\" = \"\$(digest '$T/ref')\" ]" "--rules -: not the same files as from the file"
# Bad JSON on standard input names "-" and its line.
printf '{"millesime": 2018,\n "laureats": [}\n' | "$RENDER" --rules "$C29/rules.json" --palmares - -o "$T/bad" 2>"$T/errbad"
rc=$?
check "[ $rc -eq 65 ] && grep -q '^arobase-render: -:2: ' '$T/errbad' && [ ! -e '$T/bad' ]" "bad JSON on standard input: exit $rc: $(cat "$T/errbad")"
# Two inputs from standard input, and -o -: usage errors, nothing created.
mkdir "$T/cwd"
(cd "$T/cwd" && "$RENDER" --rules - --palmares - -o out </dev/null 2>"$T/err2")
rc=$?
check "[ $rc -eq 64 ] && grep -qxF 'arobase-render: standard input (-) can feed only one of --rules, --palmares, --jury-book, --coverage and --referentiel' '$T/err2'" \
	"two standard inputs: exit $rc: $(cat "$T/err2")"
(cd "$T/cwd" && "$RENDER" --rules "$C29/rules.json" --palmares "$C29/palmares.json" -o - 2>"$T/errdash" >"$T/outdash")
rc=$?
check "[ $rc -eq 64 ] && grep -qxF 'arobase-render: -o -: arobase-render writes a folder of files, not a stream; name a folder (./- for a folder called \"-\")' '$T/errdash'" \
	"-o -: exit $rc: $(cat "$T/errdash")"
check "[ -z \"\$(ls -A '$T/cwd')\" ] && [ ! -s '$T/outdash' ]" "-o -: something was created: $(ls -A "$T/cwd")"

# ------------------------------------------------------------ régions in the booklet
# The booklet's chart "Lauréats par région" with its rows (label, count).
regions() { pdftotext -enc UTF-8 "$1" - | awk '/^Lauréats par région/ { on = 1; next } on && (/^Les lauréats/ || /^Palmarès [0-9]+ — page/) { exit } on && NF' | tr '\n' '|'; }
python3 - "$C29/palmares.json" "$T" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
# 200057859: Île-de-France (11), 51410: Grand Est (44), 94038: Île-de-France (11)
for l in d['laureats']:
    l['region'] = {'200057859': '11', '51410': '44', '94038': '11'}[l['code']]
json.dump(d, open(sys.argv[2] + '/codes.json', 'w', encoding='utf-8'), ensure_ascii=False)
d['statistiques'] = {'regions': {'11': 'Île-de-France', '44': 'Grand Est'}}
json.dump(d, open(sys.argv[2] + '/stats.json', 'w', encoding='utf-8'), ensure_ascii=False)
del d['statistiques']
for l in d['laureats']:
    l['region_nom'] = {'11': 'Île-de-France', '44': 'Grand Est'}[l['region']]
json.dump(d, open(sys.argv[2] + '/noms.json', 'w', encoding='utf-8'), ensure_ascii=False)
EOF
want='Île-de-France|2|Grand Est|1|'
for f in stats noms; do
	(cd "$T/cwd" && "$RENDER" --rules "$C29/rules.json" --palmares "$T/$f.json" -o "$T/b-$f" --what booklet 2>"$T/err-$f")
	check "[ \"\$(regions '$T/b-$f/palmares.pdf')\" = '$want' ]" "régions from $f.json: $(regions "$T/b-$f/palmares.pdf")"
done
(cd "$T/cwd" && "$RENDER" --rules "$C29/rules.json" --palmares "$T/codes.json" -o "$T/b-dir" --what booklet --collectivites "$DIR" 2>"$T/err-dir")
check "[ \"\$(regions '$T/b-dir/palmares.pdf')\" = '$want' ]" "régions from --collectivites: $(regions "$T/b-dir/palmares.pdf") $(cat "$T/err-dir")"
# Without --collectivites, input/collectivites of the working folder when it exists ...
mkdir -p "$T/wd/input" && ln -s "$DIR" "$T/wd/input/collectivites"
(cd "$T/wd" && "$RENDER" --rules "$C29/rules.json" --palmares "$T/codes.json" -o "$T/b-def" --what booklet 2>"$T/err-def")
check "[ \"\$(regions '$T/b-def/palmares.pdf')\" = '$want' ]" "régions from input/collectivites: $(regions "$T/b-def/palmares.pdf")"
# ... else the codes.
(cd "$T/cwd" && "$RENDER" --rules "$C29/rules.json" --palmares "$T/codes.json" -o "$T/b-codes" --what booklet 2>"$T/err-codes")
check "[ \"\$(regions '$T/b-codes/palmares.pdf')\" = '11|2|44|1|' ]" "régions without a directory: $(regions "$T/b-codes/palmares.pdf")"
# An explicit directory that does not exist is an input error.
(cd "$T/cwd" && "$RENDER" --rules "$C29/rules.json" --palmares "$T/codes.json" -o "$T/b-none" --what booklet --collectivites "$T/nowhere" 2>"$T/err-none")
rc=$?
check "[ $rc -eq 66 ] && [ ! -e '$T/b-none' ]" "--collectivites missing: exit $rc: $(cat "$T/err-none")"

echo "test-render-inputs.sh: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
