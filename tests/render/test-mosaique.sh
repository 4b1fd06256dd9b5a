#!/bin/bash
# test-mosaique.sh - the mosaïques of arobase-render (--coverage with
# --referentiel) read back with poppler-utils: one A4 landscape page per
# collectivité and a national page, every enjeu's name and the French
# shares (66,7 % with U+202F) in the text, names from --palmares or the
# collectivités directory, fonts embedded, byte-identical renders, a PNG
# compared with a golden image with a small pixel tolerance, and the
# failures that must write nothing (a missing coverage.json, a référentiel
# that does not match it, bad option combinations).
#
# Run by `make test` with AROBASE_BIN set to the build folder (and
# COLLECTIVITES to the collectivités directory); exits non-zero when a check fails.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${AROBASE_BIN:-build}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
RENDER=$BIN/arobase-render
D=$ROOT/tests/render/mosaique
GOLDEN=$ROOT/tests/render/golden/mosaique-35238-40dpi.png
DIR=${COLLECTIVITES:-$ROOT/input/collectivites}
case $DIR in /*) ;; *) DIR=$ROOT/$DIR ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-mosaique-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8

fails=0
checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { checks=$((checks + 1)); if ! eval "$1"; then fail "$2"; fi; }

for tool in pdfinfo pdffonts pdftotext; do
	command -v $tool >/dev/null || { echo "test-mosaique.sh: $tool is missing (poppler-utils)" >&2; exit 1; }
done
[ -x "$RENDER" ] || { echo "test-mosaique.sh: no program $RENDER" >&2; exit 1; }

mosaiques() { # OUTDIR [args...]
	local out=$1
	shift
	"$RENDER" --rules "$D/rules.json" --coverage "$D/coverage.json" \
		--referentiel "$D/referentiel.json" -o "$out" "$@"
}
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
size() { pdfinfo "$1" | awk '/^Page size:/ { printf "%.1f %.1f\n", $3, $5 }'; }
fonts_ok() { # every font embedded, none Type 3
	local lines
	lines=$(pdffonts "$1" | tail -n +3)
	[ -n "$lines" ] && [ -z "$(printf '%s\n' "$lines" | awk 'NF && ($(NF-4) != "yes" || /Type 3/)')" ]
}
# The text of a PDF, no-break spaces (U+00A0, U+202F) read as spaces: cairo
# maps the narrow no-break space's glyph back to U+0020, and the unit test
# test_render_mosaique checks that the string drawn holds U+202F.
text_of() { pdftotext -enc UTF-8 "$1" - | sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g'; }

# ------------------------------------------------------------ success
mosaiques "$T/o1" --palmares "$D/palmares.json" --format pdf,png 2>"$T/err1"
rc=$?
check "[ $rc -eq 0 ]" "render: exit $rc: $(cat "$T/err1")"
check "tail -n 1 '$T/err1' | grep -qx 'arobase-render: read 2, written 2, rejected 0; files 6'" \
	"summary: $(tail -n 1 "$T/err1")"
check "[ \"\$(cd '$T/o1/mosaiques' && ls | tr '\n' ' ')\" = '2A004.pdf 2A004.png 35238.pdf 35238.png national.pdf national.png ' ]" \
	"files: $(ls "$T/o1/mosaiques" | tr '\n' ' ')"
for f in 35238 2A004 national; do
	pdf=$T/o1/mosaiques/$f.pdf
	check "[ \"\$(pages '$pdf')\" = 1 ]" "$f.pdf: $(pages "$pdf") pages, want 1"
	check "[ \"\$(size '$pdf')\" = '841.9 595.3' ]" "$f.pdf: page size $(size "$pdf"), want A4 landscape 841.9 x 595.3 pt"
	check "fonts_ok '$pdf'" "$f.pdf: a font is not embedded: $(pdffonts "$pdf")"
	txt=$(text_of "$pdf")
	for name in "Démocratie locale" "Médiation" "Éducation" "Innovation" \
		"Démocratie et services publics" "Vivre ensemble" "Partage des connaissances" "Création de richesses"; do
		check "grep -qF '$name' <<<\"\$txt\"" "$f.pdf lacks \"$name\""
	done
	check "grep -qF 'millésime 2018' <<<\"\$txt\" || grep -qF 'nationale 2018' <<<\"\$txt\"" "$f.pdf lacks the millésime"
done
txt=$(text_of "$T/o1/mosaiques/35238.pdf")
check "grep -qF 'Mosaïque 2018 — Rennes' <<<\"\$txt\"" "35238.pdf lacks the name from --palmares: $txt"
check "grep -qF 'Code 35238 · Ville' <<<\"\$txt\"" "35238.pdf lacks code and kind"
check "grep -qF '2/3 · 66,7 %' <<<\"\$txt\"" "35238.pdf lacks Médiation's 2/3 · 66,7 % (decimal comma, U+202F)"
check "grep -qF '1/3 · 33,3 %' <<<\"\$txt\"" "35238.pdf lacks Éducation's 1/3 · 33,3 %"
check "grep -qF '2/2 · 100 %' <<<\"\$txt\"" "35238.pdf lacks 2/2 · 100 %"
check "grep -qF '0/2 · 0 %' <<<\"\$txt\"" "35238.pdf lacks Innovation's 0/2 · 0 %"
check "grep -qF '5/10 services couverts (50 %)' <<<\"\$txt\"" "35238.pdf lacks the overall count"
check "! grep -qE '66[.]7|66,6|33[.]3' <<<\"\$txt\"" "35238.pdf prints a share the English way or unrounded"
check "grep -qF '✓ S201' <<<\"\$txt\" && ! grep -qF '✓ S203' <<<\"\$txt\"" "35238.pdf: covered cells are not marked (black-and-white print)"
check "grep -qF 'service couvert par au moins une action retenue' <<<\"\$txt\"" "35238.pdf lacks its legend"
txt=$(text_of "$T/o1/mosaiques/2A004.pdf")
check "grep -qF 'Mosaïque 2018 — collectivité 2A004' <<<\"\$txt\"" "2A004.pdf: without a name, the code alone: $txt"
txt=$(text_of "$T/o1/mosaiques/national.pdf")
check "grep -qF 'Mosaïque nationale 2018' <<<\"\$txt\" && grep -qF '2 collectivités candidates' <<<\"\$txt\"" "national.pdf title: $txt"
check "grep -qF '50 %' <<<\"\$txt\" && grep -qF '100 %' <<<\"\$txt\"" "national.pdf lacks shares or its scale"
check "grep -qF 'Part des collectivités candidates' <<<\"\$txt\"" "national.pdf lacks the scale's caption"

# Names from the collectivités directory.
if [ -f "$DIR/communes.json" ]; then
	mosaiques "$T/o2" --collectivites "$DIR" 2>"$T/err2"
	check "[ $? -eq 0 ]" "--collectivites: $(cat "$T/err2")"
	txt=$(text_of "$T/o2/mosaiques/2A004.pdf")
	check "grep -qF 'Mosaïque 2018 — Ajaccio' <<<\"\$txt\" && grep -qF 'Code 2A004 · Commune' <<<\"\$txt\"" \
		"--collectivites: 2A004 not named Ajaccio: $txt"
	check "[ ! -e '$T/o2/mosaiques/35238.png' ]" "--format defaults to pdf"
fi

# Deterministic: two renders, byte-identical (also under another locale).
mosaiques "$T/o3" --palmares "$D/palmares.json" --format pdf,png 2>/dev/null
LC_ALL=fr_FR.UTF-8 mosaiques "$T/o4" --palmares "$D/palmares.json" --format pdf,png 2>/dev/null
for f in 35238.pdf 35238.png national.pdf 2A004.pdf; do
	check "cmp -s '$T/o1/mosaiques/$f' '$T/o3/mosaiques/$f'" "$f differs between two renders"
	check "cmp -s '$T/o1/mosaiques/$f' '$T/o4/mosaiques/$f'" "$f differs under LC_ALL=fr_FR.UTF-8"
done
SOURCE_DATE_EPOCH=1514764800 mosaiques "$T/o5" 2>/dev/null
check "pdfinfo '$T/o5/mosaiques/35238.pdf' | grep -q 'CreationDate:.*2018'" "SOURCE_DATE_EPOCH not used"

# PNG at a given DPI, against the golden image.
mosaiques "$T/o6" --palmares "$D/palmares.json" --format png --dpi 40 2>"$T/err6"
check "[ $? -eq 0 ]" "--dpi 40: $(cat "$T/err6")"
check "/usr/bin/python3 '$ROOT/tests/render/pngcompare.py' '$GOLDEN' '$T/o6/mosaiques/35238.png'" \
	"35238.png at 40 dpi differs from $GOLDEN"
check "! /usr/bin/python3 '$ROOT/tests/render/pngcompare.py' '$GOLDEN' '$T/o6/mosaiques/2A004.png' >/dev/null" \
	"pngcompare.py cannot tell two different mosaïques apart"
check "! /usr/bin/python3 '$ROOT/tests/render/pngcompare.py' '$GOLDEN' '$T/o1/mosaiques/35238.png' >/dev/null 2>&1" \
	"pngcompare.py does not see the 150 dpi image's size"

# ------------------------------------------------------------ failures
expect_fail() { # WANT_RC MESSAGE OUTDIR -- args...
	local want=$1 msg=$2 out=$3
	shift 4
	"$RENDER" "$@" -o "$out" 2>"$T/errf"
	local rc=$?
	check "[ $rc -eq $want ]" "$msg: exit $rc, want $want: $(cat "$T/errf")"
	check "[ ! -e '$out' ]" "$msg: something was written: $(ls -A "$out" 2>&1)"
}
expect_fail 66 "missing coverage" "$T/f1" -- --rules "$D/rules.json" --coverage "$T/none.json" --referentiel "$D/referentiel.json"
check "grep -qxF \"arobase-render: $T/none.json: unable to open $T/none.json: No such file or directory\" '$T/errf'" \
	"missing coverage: message $(cat "$T/errf")"
check "tail -n 1 '$T/errf' | grep -qx 'arobase-render: read 0, written 0, rejected 0; files 0; nothing written'" \
	"missing coverage: summary $(tail -n 1 "$T/errf")"

# A référentiel that is not the one coverage.json was computed with.
sed 's/"S203"/"S299"/' "$D/referentiel.json" >"$T/ref-other.json"
python3 - "$D/referentiel.json" "$T/ref-small.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["axes"][3]["enjeux"][0]["usages"][0]["services"].pop()
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_fail 65 "référentiel with another service" "$T/f2" -- --rules "$D/rules.json" --coverage "$D/coverage.json" --referentiel "$T/ref-other.json"
check "grep -qxF \"arobase-render: $D/coverage.json: national: services[4]: id: \\\"S203\\\" is not a service of $T/ref-other.json\" '$T/errf'" \
	"référentiel with another service: message $(cat "$T/errf")"
expect_fail 65 "référentiel with fewer services" "$T/f3" -- --rules "$D/rules.json" --coverage "$D/coverage.json" --referentiel "$T/ref-small.json"
check "grep -qxF \"arobase-render: $D/coverage.json: referentiel: computed with 4 axes, 4 enjeux and 10 services, but $T/ref-small.json has 4, 4 and 9: not the same référentiel\" '$T/errf'" \
	"référentiel with fewer services: message $(cat "$T/errf")"
python3 - "$D/coverage.json" "$T/cov-total.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
del c["referentiel"]
c["collectivites"][1]["enjeux"][1]["total"] = 4
json.dump(c, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_fail 65 "enjeu total not the référentiel's" "$T/f4" -- --rules "$D/rules.json" --coverage "$T/cov-total.json" --referentiel "$D/referentiel.json"
check "grep -qxF \"arobase-render: $T/cov-total.json: collectivites[1] (35238): enjeux[1] (2.1): total: 4, but $D/referentiel.json gives the enjeu 3 services\" '$T/errf'" \
	"enjeu total: message $(cat "$T/errf")"
sed 's/"millesime": 2018/"millesime": 2017/' "$D/coverage.json" >"$T/cov-2017.json"
expect_fail 65 "coverage of another millésime" "$T/f5" -- --rules "$D/rules.json" --coverage "$T/cov-2017.json" --referentiel "$D/referentiel.json"
check "grep -qxF \"arobase-render: $T/cov-2017.json: millesime: must be 2018, the millésime of the rules\" '$T/errf'" \
	"coverage 2017: message $(cat "$T/errf")"

# Usage errors.
expect_fail 64 "--coverage without --referentiel" "$T/u1" -- --rules "$D/rules.json" --coverage "$D/coverage.json"
check "grep -qxF 'arobase-render: --coverage and --referentiel go together' '$T/errf'" "--coverage alone: $(cat "$T/errf")"
expect_fail 64 "--what certificats with --coverage" "$T/u2" -- --rules "$D/rules.json" --coverage "$D/coverage.json" --referentiel "$D/referentiel.json" --what certificats,mosaiques
expect_fail 64 "--what mosaiques with --palmares alone" "$T/u3" -- --rules "$D/rules.json" --palmares "$D/palmares.json" --what mosaiques
check "grep -qxF 'arobase-render: --what mosaiques: needs --coverage and --referentiel' '$T/errf'" "--what mosaiques alone: $(cat "$T/errf")"
expect_fail 64 "--dpi 0" "$T/u4" -- --rules "$D/rules.json" --coverage "$D/coverage.json" --referentiel "$D/referentiel.json" --dpi 0
check "grep -qxF 'arobase-render: --dpi: \"0\" is too small (dots per inch, from 36 to 1200)' '$T/errf'" "--dpi 0: $(cat "$T/errf")"
expect_fail 64 "--dpi x" "$T/u5" -- --rules "$D/rules.json" --coverage "$D/coverage.json" --referentiel "$D/referentiel.json" --dpi 15x

echo "test-mosaique.sh: $((checks - fails)) of $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
