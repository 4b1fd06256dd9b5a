#!/bin/bash
# test-jurybook.sh - the jury's preparation book (arobase-render
# --jury-book) read back with poppler-utils: the cover's counts, the table
# of contents with the right page numbers, one A4 landscape page per
# examined candidature ordered by département then name, its allowed range
# with each bound's rule and article, its mosaïque, the refused
# candidatures apart with their article; fonts embedded, byte-identical
# renders; and the failures that must write nothing.
#
# Run by `make test` with AROBASE_BIN set to the build folder; exits
# non-zero when a check fails.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${AROBASE_BIN:-build}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
RENDER=$BIN/arobase-render
M=$ROOT/tests/render/mosaique
JB=$ROOT/tests/render/jurybook/jury-book.json
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-jurybook-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8

fails=0
checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { checks=$((checks + 1)); if ! eval "$1"; then fail "$2"; fi; }

for tool in pdfinfo pdffonts pdftotext; do
	command -v $tool >/dev/null || { echo "test-jurybook.sh: $tool is missing (poppler-utils)" >&2; exit 1; }
done
[ -x "$RENDER" ] || { echo "test-jurybook.sh: no program $RENDER" >&2; exit 1; }

book() { # OUTDIR [args...]
	local out=$1
	shift
	"$RENDER" --rules "$M/rules.json" --jury-book "$JB" -o "$out" "$@"
}
text_of() { pdftotext -enc UTF-8 "$@" - | sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g'; }
page() { text_of -f "$2" -l "$2" "$1"; }

# ------------------------------------------------------------ success
book "$T/o1" --coverage "$M/coverage.json" --referentiel "$M/referentiel.json" 2>"$T/err1"
rc=$?
PDF=$T/o1/livre-du-jury.pdf
check "[ $rc -eq 0 ]" "render: exit $rc: $(cat "$T/err1")"
check "tail -n 1 '$T/err1' | grep -qx 'arobase-render: read 6, written 6, rejected 0; files 1'" \
	"summary: $(tail -n 1 "$T/err1")"
check "[ \"\$(ls -A '$T/o1')\" = livre-du-jury.pdf ]" "files: $(ls -A "$T/o1")"
# Cover, contents, 4 candidatures, the refused ones: 7 pages, all A4 landscape.
check "pdfinfo '$PDF' | grep -qx 'Pages: *7'" "pages: $(pdfinfo "$PDF" | grep Pages)"
n=$(pdfinfo -f 1 -l 7 "$PDF" | grep -c 'size: *841.89 x 595.276 pts')
check "[ $n -eq 7 ]" "$n pages of 7 are A4 landscape"
lines=$(pdffonts "$PDF" | tail -n +3)
check "[ -n \"\$lines\" ] && [ -z \"\$(printf '%s\n' \"\$lines\" | awk 'NF && (\$(NF-4) != \"yes\" || /Type 3/)')\" ]" \
	"a font is not embedded: $lines"

p1=$(page "$PDF" 1)
check "grep -qF 'Livre du jury' <<<\"\$p1\" && grep -qF 'Millésime 2018' <<<\"\$p1\"" "cover: $p1"
check "grep -qF '6 candidatures · 4 examinées · 2 refusées' <<<\"\$p1\"" "cover counts: $p1"
check "grep -qF 'Réunion du jury le 1er décembre 2017' <<<\"\$p1\"" "cover: jury date"
# Contents: by département then name (2A, 35, 59 Anzin before 59 Lille), with pages.
toc=$(text_of -layout -f 2 -l 2 "$PDF" | grep -E '^ *(2A|35|59|Candidatures)' | sed 's/  */ /g; s/^ //')
want=$'2A · Ajaccio (2A004), Ville 1 à 4 arobases 3\n35 · Rennes (35238), Ville 2 à 4 arobases 4\n59 · Anzin (59014), Ville 1 à 5 arobases 5\n59 · Lille (59350), Ville 3 à 5 arobases 6\nCandidatures refusées (2) 7'
check "[ \"\$toc\" = \"\$want\" ]" "contents:"$'\n'"$toc"$'\n'"want:"$'\n'"$want"
# Each candidature on the page the contents give.
declare -A AT=([3]=Ajaccio [4]=Rennes [5]=Anzin [6]=Lille)
for p in 3 4 5 6; do
	check "page '$PDF' $p | head -n 1 | grep -qx '${AT[$p]}'" "page $p is not ${AT[$p]}'s: $(page "$PDF" $p | head -n 3)"
done
p4=$(page "$PDF" 4)
check "grep -qE '^2 ?à ?4\$' <<<\"\$p4\"" "Rennes: range 2 à 4 missing (pdftotext may drop the spaces of large type)"
check "grep -qF 'Minimum 2 : R-drop (art. 10)' <<<\"\$p4\" && grep -qF 'Maximum 4 : R-five (FAQ)' <<<\"\$p4\"" \
	"Rennes: bounds and their rules: $p4"
check "grep -qF 'Mosaïque : 5/10 services couverts (50 %)' <<<\"\$p4\"" "Rennes: mosaïque summary: $p4"
for name in "Démocratie locale" "Médiation" "Éducation" "Innovation"; do
	check "tr '\\n' ' ' <<<\"\$p4\" | grep -qF '$name'" "Rennes's page lacks the enjeu $name"
done
check "grep -qF '2/3' <<<\"\$p4\" && grep -qF '✓ S201' <<<\"\$p4\"" "Rennes: mosaïque cells"
check "grep -qF 'Candidatures précédentes' <<<\"\$p4\" && grep -qF '2015' <<<\"\$p4\"" "Rennes: history chart"
check "grep -qF '216 268 habitants' <<<\"\$p4\"" "Rennes: population: $p4"
p6=$(page "$PDF" 6)
check "grep -qF 'Sûr malgré l’historique incomplet : 4 à 5 arobases' <<<\"\$p6\"" "Lille: safe range: $p6"
check "grep -qF 'R-alert (FAQ, art. 10), non vérifiable' <<<\"\$p6\"" "Lille: rule state"
check "grep -qF 'Couverture : aucune action retenue' <<<\"\$p6\"" "Lille: no coverage said: $p6"
p7=$(page "$PDF" 7)
check "grep -qF 'Candidatures refusées' <<<\"\$p7\"" "refused page: $p7"
check "grep -qF 'Bourg-en-Bresse (01053)' <<<\"\$p7\" && grep -qF 'R-member (art. 4) : collectivité non adhérente' <<<\"\$p7\"" \
	"refused: Bourg-en-Bresse: $p7"
check "grep -qF 'R-kind (art. 3) : un département ne peut pas concourir' <<<\"\$p7\"" "refused: Ille-et-Vilaine"
check "[ \"\$(grep -n 'Bourg-en-Bresse' <<<\"\$p7\" | cut -d: -f1)\" -lt \"\$(grep -n 'Ille-et-Vilaine (35)' <<<\"\$p7\" | cut -d: -f1)\" ]" \
	"refused: not by département (01 before 35)"

# Without coverage.json: no mosaïque, the book's own coverage summary.
book "$T/o2" 2>"$T/err2"
check "[ $? -eq 0 ]" "without --coverage: $(cat "$T/err2")"
check "page '$T/o2/livre-du-jury.pdf' 4 | grep -qF 'Couverture : 5/10 services couverts (50 %) · 5 actions retenues'" \
	"without --coverage: summary: $(page "$T/o2/livre-du-jury.pdf" 4)"
check "! page '$T/o2/livre-du-jury.pdf' 4 | grep -qF 'Médiation'" "without --coverage: a mosaïque is drawn"

# Deterministic.
book "$T/o3" --coverage "$M/coverage.json" --referentiel "$M/referentiel.json" 2>/dev/null
LC_ALL=fr_FR.UTF-8 book "$T/o4" --coverage "$M/coverage.json" --referentiel "$M/referentiel.json" 2>/dev/null
check "cmp -s '$PDF' '$T/o3/livre-du-jury.pdf'" "two renders differ"
check "cmp -s '$PDF' '$T/o4/livre-du-jury.pdf'" "LC_ALL=fr_FR.UTF-8 changes the book"
check "pdfinfo '$PDF' | grep -q 'CreationDate:.*Feb  8 .*2018'" "date not the ceremony's: $(pdfinfo "$PDF" | grep CreationDate)"

# ------------------------------------------------------------ failures
expect_fail() { # WANT_RC WHAT OUTDIR -- args...
	local want=$1 what=$2 out=$3
	shift 4
	"$RENDER" --rules "$M/rules.json" "$@" -o "$out" 2>"$T/errf"
	local rc=$?
	check "[ $rc -eq $want ]" "$what: exit $rc, want $want: $(cat "$T/errf")"
	check "[ ! -e '$out' ]" "$what: something was written"
}
expect_fail 66 "missing jury book" "$T/f1" -- --jury-book "$T/none.json"
check "grep -qxF \"arobase-render: $T/none.json: unable to open $T/none.json: No such file or directory\" '$T/errf'" "missing: $(cat "$T/errf")"
sed 's/"millesime": 2018,/"millesime": 2017,/' "$JB" >"$T/jb-2017.json"
expect_fail 65 "jury book of another millésime" "$T/f2" -- --jury-book "$T/jb-2017.json"
check "grep -qxF \"arobase-render: $T/jb-2017.json: millesime: must be 2018, the millésime of the rules\" '$T/errf'" "2017: $(cat "$T/errf")"
python3 - "$JB" "$T/jb-bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["candidatures"][1]["autorise"]["max"]["article"]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_fail 65 "bound without article" "$T/f3" -- --jury-book "$T/jb-bad.json"
check "grep -qxF \"arobase-render: $T/jb-bad.json: candidatures[1] (35238): article: missing\" '$T/errf'" "no article: $(cat "$T/errf")"
expect_fail 65 "mosaïques with a référentiel not matching" "$T/f4" -- --jury-book "$JB" --coverage "$M/coverage.json" --referentiel "$ROOT/input/demo/2018/referentiel.json"
check "grep -qF 'not the same référentiel' '$T/errf'" "référentiel mismatch: $(cat "$T/errf")"
expect_fail 64 "--jury-book with --palmares" "$T/u1" -- --jury-book "$JB" --palmares "$M/palmares.json"
expect_fail 64 "--jury-book with --what" "$T/u2" -- --jury-book "$JB" --what booklet
check "grep -qxF 'arobase-render: --what: not with --jury-book (it renders livre-du-jury.pdf)' '$T/errf'" "--what: $(cat "$T/errf")"
expect_fail 64 "--jury-book with --coverage alone" "$T/u3" -- --jury-book "$JB" --coverage "$M/coverage.json"

echo "test-jurybook.sh: $((checks - fails)) of $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
