#!/bin/bash
# test-render-outdir.sh - arobase-render run again into the same OUTDIR: the
# certificates, panels and mosaïques of collectivités no longer in the input
# go when the new files are installed; the other formats' outputs and files
# render does not recognise stay (the latter with a warning); a failed run
# removes nothing.
#
# Run by `make test` with AROBASE_BIN set to the build folder; exits non-zero
# when a check fails.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${AROBASE_BIN:-build}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
RENDER=$BIN/arobase-render
C29=$ROOT/tests/cases/29-pdf-tofu-french-glyphs
M=$ROOT/tests/render/mosaique
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-render-outdir.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8

fails=0
checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { if eval "$1"; then checks=$((checks + 1)); else fail "$2"; fi; }
[ -x "$RENDER" ] || { echo "test-render-outdir.sh: no program $RENDER" >&2; exit 1; }
# The files under a folder, relative, one line each, sorted.
files() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# The palmarès without 94038 (its jury row was rejected in a later decide run).
python3 - "$C29/palmares.json" "$T/two.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
d['laureats'] = [l for l in d['laureats'] if l['code'] != '94038']
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
EOF
# A palmarès with a character no pinned font draws: the run fails.
python3 - "$C29/palmares.json" "$T/bad.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
d['laureats'] = [l for l in d['laureats'] if l['code'] != '94038']
d['laureats'][0]['nom'] += ' \U0001F389'
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
EOF

# ------------------------------------------------------------ first run: three laureates
O=$T/out
"$RENDER" --rules "$C29/rules.json" --palmares "$C29/palmares.json" -o "$O" \
	--format pdf,svg --panel-name 2>"$T/err1"
check "[ $? -eq 0 ]" "first run failed: $(cat "$T/err1")"
check "[ -f '$O/panneaux/94038.pdf' ] && [ -f '$O/certificats/94038.pdf' ]" "first run: no files for 94038"
printf 'bon de commande\n' >"$O/panneaux/commande-imprimeur.txt"
printf 'x\n' >"$O/certificats/94038.pdf.bak"
mkdir "$O/panneaux/archives"
printf 'keep\n' >"$O/panneaux/archives/94038.pdf"

# ------------------------------------------------------------ a failed run removes nothing
before=$(files "$O")
"$RENDER" --rules "$C29/rules.json" --palmares "$T/bad.json" -o "$O" --format pdf 2>"$T/errbad"
rc=$?
check "[ $rc -eq 65 ]" "failed run: exit $rc, want 65: $(cat "$T/errbad")"
check "[ \"\$(files '$O')\" = \"\$before\" ]" "failed run: OUTDIR changed: $(diff <(echo "$before") <(files "$O"))"

# ------------------------------------------------------------ second run: 94038 is gone
"$RENDER" --rules "$C29/rules.json" --palmares "$T/two.json" -o "$O" --format pdf 2>"$T/err2"
check "[ $? -eq 0 ]" "second run failed: $(cat "$T/err2")"
cat >"$T/want2" <<'EOF'
certificats.pdf
certificats/200057859.pdf
certificats/51410.pdf
certificats/94038.pdf.bak
palmares.pdf
panneaux/200057859-nom.svg
panneaux/200057859.pdf
panneaux/200057859.svg
panneaux/51410-nom.svg
panneaux/51410.pdf
panneaux/51410.svg
panneaux/94038-nom.svg
panneaux/94038.svg
panneaux/archives/94038.pdf
panneaux/commande-imprimeur.txt
EOF
check "diff -u '$T/want2' <(files '$O') >&2" "second run: files of OUTDIR (above)"
# Removed: certificats/94038.pdf; panneaux/94038.pdf, 94038-nom.pdf, and the
# -nom.pdf of the two others (this run has no --panel-name).  The SVGs stay:
# this run writes no SVG.
cat >"$T/wanterr2" <<EOF
arobase-render: warning: $O/certificats/94038.pdf.bak: not a file arobase-render writes; left in place
arobase-render: warning: $O/panneaux/archives: not a file arobase-render writes; left in place
arobase-render: warning: $O/panneaux/commande-imprimeur.txt: not a file arobase-render writes; left in place
arobase-render: $O/certificats: removed 1 file of an earlier run that this run did not write (collectivité no longer in the input)
arobase-render: $O/panneaux: removed 4 files of an earlier run that this run did not write (collectivités no longer in the input)
arobase-render: read 2, written 2, rejected 0; files 6, earlier files removed 5
EOF
check "diff -u '$T/wanterr2' '$T/err2' >&2" "second run: stderr (above)"

# ------------------------------------------------------------ --what panneaux leaves certificats/ alone
mkdir -p "$T/o3/certificats" "$T/o3/panneaux"
printf 'old\n' >"$T/o3/certificats/94038.pdf"
printf 'old\n' >"$T/o3/panneaux/94038.pdf"
printf 'old\n' >"$T/o3/panneaux/94038.png"
"$RENDER" --rules "$C29/rules.json" --palmares "$T/two.json" -o "$T/o3" --what panneaux \
	--format pdf 2>"$T/err3"
check "[ $? -eq 0 ]" "--what panneaux failed: $(cat "$T/err3")"
check "[ -f '$T/o3/certificats/94038.pdf' ] && [ -f '$T/o3/panneaux/94038.png' ] && [ ! -e '$T/o3/panneaux/94038.pdf' ]" \
	"--what panneaux: $(files "$T/o3" | tr '\n' ' ')"
check "tail -n 1 '$T/err3' | grep -qx 'arobase-render: read 2, written 2, rejected 0; files 2, earlier files removed 1'" \
	"--what panneaux: summary $(tail -n 1 "$T/err3")"

# ------------------------------------------------------------ the same input again removes nothing
"$RENDER" --rules "$C29/rules.json" --palmares "$T/two.json" -o "$T/o3" --what panneaux \
	--format pdf 2>"$T/err4"
check "tail -n 1 '$T/err4' | grep -qx 'arobase-render: read 2, written 2, rejected 0; files 2'" \
	"same input again: summary $(tail -n 1 "$T/err4")"

# ------------------------------------------------------------ mosaïques
mkdir -p "$T/o5/mosaiques"
printf 'old\n' >"$T/o5/mosaiques/99999.pdf"
printf 'old\n' >"$T/o5/mosaiques/99999.png"
"$RENDER" --rules "$M/rules.json" --coverage "$M/coverage.json" --referentiel "$M/referentiel.json" \
	-o "$T/o5" --format pdf 2>"$T/err5"
check "[ $? -eq 0 ]" "mosaïques failed: $(cat "$T/err5")"
check "[ ! -e '$T/o5/mosaiques/99999.pdf' ] && [ -f '$T/o5/mosaiques/99999.png' ] && [ -f '$T/o5/mosaiques/national.pdf' ]" \
	"mosaïques: $(files "$T/o5" | tr '\n' ' ')"
check "grep -qxF 'arobase-render: $T/o5/mosaiques: removed 1 file of an earlier run that this run did not write (collectivité no longer in the input)' '$T/err5'" \
	"mosaïques: stderr $(cat "$T/err5")"

echo "test-render-outdir.sh: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
