#!/bin/bash
# test-render-pdf.sh - arobase-render's outputs read back with poppler-utils
# and qpdf: page sizes, embedded fonts, the text of every certificate, PDF
# dates, byte-identical renders, code order, the SVG's size in mm, and the
# failures that must write nothing (a hidden font, an undrawable character,
# a panel under the charter's minimum, invalid UTF-8).
#
# Run by `make test` with AROBASE_BIN set to the build folder; exits non-zero
# at the first failed check.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${AROBASE_BIN:-build}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
RENDER=$BIN/arobase-render
CASES=$ROOT/tests/cases
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-render-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8

fails=0
checks=0
ok() { checks=$((checks + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { if eval "$1"; then ok; else fail "$2"; fi; }

for tool in pdfinfo pdffonts pdftotext qpdf; do
	command -v $tool >/dev/null || { echo "test-render-pdf.sh: $tool is missing (poppler-utils, qpdf)" >&2; exit 1; }
done
[ -x "$RENDER" ] || { echo "test-render-pdf.sh: no program $RENDER" >&2; exit 1; }

# page_size FILE PAGE -> "W H" in pt
page_size() { pdfinfo -f "$2" -l "$2" "$1" | awk -v p="$2" '$1 == "Page" && $2 == p && $3 == "size:" { print $4, $6 }'; }
# near "W H" W0 H0: within 0.5 pt
near() { awk -v a="$1" -v w="$2" -v h="$3" 'BEGIN { split(a, s, " "); d1 = s[1] - w; d2 = s[2] - h;
	exit !(d1 < 0.5 && d1 > -0.5 && d2 < 0.5 && d2 > -0.5) }'; }
check_size() { # FILE W H [PAGES]
	local n p
	n=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
	for p in $(seq 1 "$n"); do
		check "near \"\$(page_size '$1' $p)\" $2 $3" "$1 page $p: size $(page_size "$1" $p), want $2 x $3 pt"
	done
}
# Every font line of pdffonts says emb yes and no font is Type 3.
check_fonts() {
	local lines bad
	lines=$(pdffonts "$1" | tail -n +3)
	check "[ -n \"\$lines\" ]" "$1: pdffonts lists no font"
	bad=$(printf '%s\n' "$lines" | awk 'NF && ($(NF-4) != "yes" || /Type 3/)')
	check "[ -z \"\$bad\" ]" "$1: font not embedded or Type 3: $bad"
}
check_qpdf() { check "qpdf --check '$1' >/dev/null 2>&1" "$1: qpdf --check fails"; }
# The text of a PDF, no-break spaces (U+00A0, U+202F) read as spaces.
text_of() { pdftotext -enc UTF-8 "$@" - | sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g'; }
all_pdfs() { find "$1" -name '*.pdf' | sort; }

render() { # OUTDIR CASE [args...]
	local out=$1 c=$2
	shift 2
	"$RENDER" --rules "$CASES/$c/rules.json" --palmares "$CASES/$c/palmares.json" -o "$out" "$@"
}

# ---------------------------------------------------------------- case 29: French glyphs
render "$T/o29" 29-pdf-tofu-french-glyphs --what certificats,panneaux,booklet --format pdf 2>"$T/err29"
check "[ $? -eq 0 ]" "case 29: render failed: $(cat "$T/err29")"
check "[ \$(find '$T/o29/certificats' -name '*.pdf' | wc -l) -eq 3 ]" "case 29: not 3 certificates"
check "[ \$(find '$T/o29/panneaux' -name '*.pdf' | wc -l) -eq 3 ]" "case 29: not 3 panels"
check "tail -n 1 '$T/err29' | grep -qx 'arobase-render: read 3, written 3, rejected 0; files 8'" \
	"case 29: summary line: $(tail -n 1 "$T/err29")"
declare -A NAME=([94038]="L’Haÿ-les-Roses" [51410]="Œuilly" [200057859]="Cœur d’Essonne Agglomération")
for code in 94038 51410 200057859; do
	txt=$(text_of "$T/o29/certificats/$code.pdf")
	check "grep -qxF '${NAME[$code]}' <<<\"\$txt\"" "certificate $code lacks the line ${NAME[$code]}: $txt"
	check "! grep -q \$'\\xef\\xbf\\xbd' <<<\"\$txt\"" "certificate $code has U+FFFD"
	check "! grep -q '?' <<<\"\$txt\"" "certificate $code has '?'"
	check "grep -qF 'Label National Territoires, Villes et Villages Internet' <<<\"\$txt\"" "certificate $code lacks the label's full name"
	check "grep -qF 'Millésime 2018' <<<\"\$txt\"" "certificate $code lacks the millésime"
	check "grep -qF 'Remis le 8 février 2018, Palais de la Porte Dorée, Paris' <<<\"\$txt\"" "certificate $code lacks the ceremony"
done
check "text_of '$T/o29/certificats/51410.pdf' | grep -qF 'Mention spéciale du jury : « Numérique éducatif »'" "Œuilly's mention missing"
check "text_of '$T/o29/certificats/94038.pdf' | grep -qxF 'Ville Internet'" "94038: kind Ville Internet missing"
check "text_of '$T/o29/certificats/94038.pdf' | grep -qxF '@@@@'" "94038: 4 arobases missing"
check "text_of '$T/o29/certificats/94038.pdf' | grep -qxF 'Département 94'" "94038: département missing"
check "text_of '$T/o29/certificats/51410.pdf' | grep -qxF 'Village Internet'" "51410: kind Village Internet missing"
check "text_of '$T/o29/certificats/200057859.pdf' | grep -qxF 'Territoire Internet'" "200057859: kind Territoire Internet missing"
check "text_of '$T/o29/panneaux/200057859.pdf' | grep -qxF 'Territoire Internet'" "panel 200057859: kind missing"
check "text_of '$T/o29/panneaux/200057859.pdf' | grep -qxF '@@@'" "panel 200057859: arobases missing"
check "text_of '$T/o29/panneaux/200057859.pdf' | grep -qxF '2018'" "panel 200057859: millésime missing"
check "text_of '$T/o29/palmares.pdf' | grep -qF '« Numérique éducatif »'" "booklet lacks Œuilly's mention"
for code in 94038 51410 200057859; do
	check "text_of '$T/o29/palmares.pdf' | grep -qxF '${NAME[$code]}'" "booklet lacks ${NAME[$code]}"
done

# ---------------------------------------------------------------- case 30: fonts, sizes, qpdf
render "$T/o30" 30-pdf-fonts-embedded --what certificats,panneaux,booklet --format pdf 2>"$T/err30"
check "[ $? -eq 0 ]" "case 30: render failed: $(cat "$T/err30")"
for f in $(all_pdfs "$T/o30") $(all_pdfs "$T/o29"); do
	check_fonts "$f"
	check_qpdf "$f"
	check "! pdffonts '$f' | tail -n +3 | grep -v DejaVuSans | grep -q ." "$f: a font other than DejaVu Sans: $(pdffonts "$f")"
	check "grep -aq '/CreationDate (D:' '$f'" "$f: /CreationDate without the D: prefix"
done
check_size "$T/o30/certificats/76575.pdf" 841.89 595.276
check_size "$T/o30/certificats.pdf" 841.89 595.276
check_size "$T/o30/panneaux/76575.pdf" 992.126 708.661
check_size "$T/o30/palmares.pdf" 595.276 841.89

# A hidden font file: render fails naming it, writes nothing, keeps what was there.
cp -r "$ROOT/stages/render/fonts" "$T/fonts"
mv "$T/fonts/DejaVuSans-Bold.ttf" "$T/fonts/hidden.ttf"
mkdir -p "$T/keep/panneaux" && echo previous >"$T/keep/panneaux/76575.pdf"
AROBASE_FONTS=$T/fonts render "$T/keep" 30-pdf-fonts-embedded 2>"$T/errfont"
rc=$?
check "[ $rc -eq 66 ]" "hidden font: exit $rc, want 66"
check "grep -qF 'DejaVuSans-Bold.ttf' '$T/errfont'" "hidden font: the message does not name DejaVuSans-Bold.ttf: $(cat "$T/errfont")"
check "[ \"\$(find '$T/keep' -type f)\" = '$T/keep/panneaux/76575.pdf' ] && grep -qx previous '$T/keep/panneaux/76575.pdf'" \
	"hidden font: the output folder changed: $(find "$T/keep")"
check "[ -z \"\$(find '$T/keep' -name '.*')\" ]" "hidden font: a staging file was left"
AROBASE_FONTS=$T/fonts render "$T/nofont" 30-pdf-fonts-embedded 2>/dev/null
check "[ ! -e '$T/nofont' ]" "hidden font: the output folder was created"
# An altered font file: exit 65, naming it.
cp "$ROOT/stages/render/fonts/DejaVuSans-Bold.ttf" "$T/fonts/" && printf x >>"$T/fonts/DejaVuSans.ttf"
AROBASE_FONTS=$T/fonts render "$T/altered" 30-pdf-fonts-embedded 2>"$T/erralt"
rc=$?
check "[ $rc -eq 65 ] && grep -qF 'DejaVuSans.ttf' '$T/erralt' && [ ! -e '$T/altered' ]" "altered font: exit $rc, $(cat "$T/erralt")"

# ---------------------------------------------------------------- case 31: dates, determinism, order
render "$T/o31a" 31-pdf-deterministic --what certificats,panneaux,booklet --format pdf 2>/dev/null
check "[ $? -eq 0 ]" "case 31: render failed"
sleep 1
(cd "$T" && mkdir -p elsewhere && cd elsewhere && LC_ALL=fr_FR.UTF-8 render "$T/o31b" 31-pdf-deterministic --what certificats,panneaux,booklet --format pdf 2>/dev/null)
check "diff -r '$T/o31a' '$T/o31b' >/dev/null" "two renders differ: $(diff -rq "$T/o31a" "$T/o31b")"
for f in $(all_pdfs "$T/o31a"); do
	check "[ \"\$(pdfinfo -isodates '$f' | awk '/^CreationDate:/ {print \$2}')\" = 2018-02-08T00:00:00Z ]" \
		"$f: CreationDate $(pdfinfo -isodates "$f" | grep CreationDate), want the ceremony date"
	check "[ \"\$(pdfinfo -isodates '$f' | awk '/^ModDate:/ {print \$2}')\" = 2018-02-08T00:00:00Z ]" "$f: ModDate"
	check_qpdf "$f"
done
SOURCE_DATE_EPOCH=1735689600 render "$T/o31e" 31-pdf-deterministic --what certificats,panneaux,booklet --format pdf 2>/dev/null
check "[ $? -eq 0 ]" "case 31 with SOURCE_DATE_EPOCH: render failed"
for f in $(all_pdfs "$T/o31e"); do
	check "[ \"\$(pdfinfo -isodates '$f' | awk '/^CreationDate:/ {print \$2}')\" = 2025-01-01T00:00:00Z ]" \
		"$f: CreationDate $(pdfinfo -isodates "$f" | grep CreationDate), want 2025-01-01T00:00:00Z"
done
check "pdfinfo '$T/o31e/palmares.pdf' | grep -q 'CreationDate: *Wed Jan  1 00:00:00 2025 UTC'" "SOURCE_DATE_EPOCH: pdfinfo's CreationDate"
# Code order in the combined file, whatever the order of palmares.json.
want="Brest Rennes Évry-Courcouronnes"
got=""
for p in 1 2 3; do
	got="$got $(text_of -f $p -l $p "$T/o31a/certificats.pdf" | grep -xE 'Brest|Rennes|Évry-Courcouronnes')"
done
check "[ '${got# }' = '$want' ]" "certificats.pdf order: '${got# }', want '$want'"
check "[ \"\$(pdfinfo '$T/o31a/certificats.pdf' | awk '/^Pages:/ {print \$2}')\" = 3 ]" "certificats.pdf: not 3 pages"
# The booklet: grouped by arobases (5, 4, 3), then by name.
got=$(text_of "$T/o31a/palmares.pdf" | grep -xE 'Brest|Rennes|Évry-Courcouronnes' | tr '\n' ' ')
check "[ '$got' = 'Rennes Évry-Courcouronnes Brest ' ]" "booklet order: '$got'"
# A palmarès in another order gives the same bytes.
mkdir -p "$T/rev" && cp "$CASES/31-pdf-deterministic/rules.json" "$T/rev/"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["laureats"].reverse(); json.dump(p, open(sys.argv[2],"w"), ensure_ascii=False)' \
	"$CASES/31-pdf-deterministic/palmares.json" "$T/rev/palmares.json"
"$RENDER" --rules "$T/rev/rules.json" --palmares "$T/rev/palmares.json" -o "$T/o31r" --what certificats,panneaux,booklet 2>/dev/null
check "diff -r '$T/o31a' '$T/o31r' >/dev/null" "reversed palmares.json: outputs differ"

# ---------------------------------------------------------------- case 34: sizes in mm, SVG, PNG
render "$T/o34" 34-pdf-page-size-mm --what certificats,panneaux --format pdf,svg,png --panel-size 800x400 2>/dev/null
check "[ $? -eq 0 ]" "case 34: render failed"
check_size "$T/o34/certificats/56121.pdf" 841.89 595.276
check_size "$T/o34/panneaux/56121.pdf" 2267.72 1133.86
svg=$(head -c 2000 "$T/o34/panneaux/56121.svg")
check "grep -q '<svg [^>]*width=\"800mm\" height=\"400mm\"' <<<\"\$svg\"" "SVG root: $(grep -o '<svg [^>]*>' <<<"$svg")"
check "! grep -q '2267.716535mm' '$T/o34/panneaux/56121.svg'" "SVG has 2267.716535mm"
check "python3 -c 'import sys,xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' '$T/o34/panneaux/56121.svg'" "SVG is not well-formed XML"
check "[ \"\$(head -c 8 '$T/o34/panneaux/56121.png' | od -An -tx1 | tr -d ' ')\" = 89504e470d0a1a0a ]" "PNG signature"
# 800 x 400 mm at 150 dpi: 4724 x 2362 pixels (IHDR, big-endian).
check "[ \"\$(od -An -tu1 -j16 -N8 '$T/o34/panneaux/56121.png' | tr -s ' ')\" = ' 0 0 18 116 0 0 9 58' ]" "PNG size is not 4724 x 2362"

# ---------------------------------------------------------------- refusals that write nothing
render "$T/small" 34-pdf-page-size-mm --panel-size 340x250 2>"$T/errsmall"
rc=$?
check "[ $rc -eq 64 ]" "panel under the minimum: exit $rc, want 64"
check "grep -qF '350 x 250 mm' '$T/errsmall'" "panel under the minimum: the message does not quote 350 x 250 mm: $(cat "$T/errsmall")"
check "[ ! -e '$T/small' ]" "panel under the minimum: something was written"
render "$T/small2" 34-pdf-page-size-mm --panel-size 400x249 2>/dev/null
check "[ $? -eq 64 ] && [ ! -e '$T/small2' ]" "panel 400x249: not refused"
render "$T/badsize" 34-pdf-page-size-mm --panel-size 800 2>/dev/null
check "[ $? -eq 64 ]" "--panel-size 800: not a usage error"

mkdir -p "$T/bad"
cp "$CASES/29-pdf-tofu-french-glyphs/rules.json" "$T/bad/"
printf '{"millesime":2018,"laureats":[{"code":"75056","nom":"Paris \xe4\xb8\xad","departement":"75","type":"ville","arobases":3,"mentions":[]},{"code":"35238","nom":"Rennes","departement":"35","type":"ville","arobases":5,"mentions":[]}]}' >"$T/bad/tofu.json"
mkdir -p "$T/otofu"
"$RENDER" --rules "$T/bad/rules.json" --palmares "$T/bad/tofu.json" -o "$T/otofu" 2>"$T/errtofu"
rc=$?
check "[ $rc -eq 65 ]" "undrawable character: exit $rc, want 65"
check "grep -qxF 'arobase-render: $T/bad/tofu.json: laureats[0] (75056): nom: character U+4E2D cannot be drawn with the pinned font DejaVu Sans: \"Paris 中\"' '$T/errtofu'" "undrawable character: message $(cat "$T/errtofu")"
check "[ -z \"\$(ls -A '$T/otofu')\" ]" "undrawable character: something was written: $(ls -A "$T/otofu")"
# Only the laureate at fault is rejected; the other one passed and counts as written,
# although no file is written.
check "tail -n 1 '$T/errtofu' | grep -qx 'arobase-render: read 2, written 1, rejected 1; files 0; nothing written'" "undrawable character: summary $(tail -n 1 "$T/errtofu")"
printf '{"millesime":2018,"laureats":[{"code":"75056","nom":"Paris \xe4\xb8","departement":"75","type":"ville","arobases":3,"mentions":[]}]}' >"$T/bad/utf8.json"
"$RENDER" --rules "$T/bad/rules.json" --palmares "$T/bad/utf8.json" -o "$T/outf8" 2>"$T/errutf8"
rc=$?
check "[ $rc -eq 65 ] && grep -qF 'utf8.json:1:' '$T/errutf8' && [ ! -e '$T/outf8' ]" "invalid UTF-8: exit $rc, $(cat "$T/errutf8")"
"$RENDER" --rules "$T/bad/none.json" --palmares "$T/bad/tofu.json" -o "$T/onone" 2>/dev/null
check "[ $? -eq 66 ] && [ ! -e '$T/onone' ]" "missing rules.json: not exit 66"
"$RENDER" --rules "$T/bad/rules.json" --palmares "$T/bad/none.json" -o "$T/onone" 2>/dev/null
check "[ $? -eq 66 ] && [ ! -e '$T/onone' ]" "missing palmares.json: not exit 66"
"$RENDER" --rules "$T/bad/rules.json" --jury-book "$T/bad/tofu.json" -o "$T/ojb" 2>"$T/errjb"
check "[ $? -eq 65 ] && grep -qF 'tofu.json: candidatures: must be an array' '$T/errjb' && [ ! -e '$T/ojb' ]" "--jury-book given a palmarès: $(cat "$T/errjb")"
"$RENDER" --rules "$T/bad/rules.json" --palmares "$T/bad/tofu.json" -o "$T/ox" --what certificats,posters 2>/dev/null
check "[ $? -eq 64 ] && [ ! -e '$T/ox' ]" "--what posters: not a usage error"
"$RENDER" --help >"$T/help" 2>&1
check "[ $? -eq 0 ] && grep -q '^usage: arobase-render --rules' '$T/help'" "--help"
"$RENDER" --version >"$T/version" 2>&1
check "[ $? -eq 0 ] && grep -q '^arobase-render [0-9]' '$T/version'" "--version"

echo "test-render-pdf.sh: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
