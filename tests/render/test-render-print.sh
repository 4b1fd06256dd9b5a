#!/bin/bash
# test-render-print.sh - arobase-render's print options read back with
# poppler-utils, qpdf and Ghostscript: page size of trim + bleed (+ the crop
# marks' room), MediaBox/TrimBox/BleedBox values, text as outlines (no font,
# no text), crop marks outside the trim, the panel variant with the name,
# byte-identical renders with every option, refused bleeds that write
# nothing, the PDF/X step of scripts/pdfx.sh, no progress in a pipe, and
# golden PNG renders (one panel per kind, the long-name certificates)
# compared with a small pixel tolerance (tests/render/pngcompare.py).
#
# Run by `make test` with AROBASE_BIN set to the build folder; exits non-zero
# when a check fails.  UPDATE_GOLDEN=1 rewrites tests/render/golden/ instead
# of comparing (review the images before committing them).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${AROBASE_BIN:-build}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
RENDER=$BIN/arobase-render
CASES=$ROOT/tests/cases
RCASES=$ROOT/tests/render/cases
GOLDEN=$ROOT/tests/render/golden
PNGDIFF="python3 $ROOT/tests/render/pngcompare.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-print-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8

fails=0
checks=0
ok() { checks=$((checks + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { if eval "$1"; then ok; else fail "$2"; fi; }

for tool in pdfinfo pdffonts pdftotext pdftoppm qpdf gs python3; do
	command -v $tool >/dev/null || { echo "test-render-print.sh: $tool is missing (poppler-utils, qpdf, ghostscript)" >&2; exit 1; }
done
[ -x "$RENDER" ] || { echo "test-render-print.sh: no program $RENDER" >&2; exit 1; }

render() { # OUTDIR CASEDIR [args...]
	local out=$1 c=$2
	shift 2
	"$RENDER" --rules "$c/rules.json" --palmares "$c/palmares.json" -o "$out" "$@"
}
C29=$CASES/29-pdf-tofu-french-glyphs
C03=$RCASES/03-long-names

# size_mm FILE -> "W H" of page 1 in mm
size_mm() { pdfinfo "$1" | awk '/^Page size:/ { printf "%.3f %.3f\n", $3 * 25.4 / 72, $5 * 25.4 / 72 }'; }
# near_mm "W H" W0 H0: within 0.5 mm
near_mm() { awk -v a="$1" -v w="$2" -v h="$3" 'BEGIN { split(a, s, " "); d1 = s[1] - w; d2 = s[2] - h;
	exit !(d1 < 0.5 && d1 > -0.5 && d2 < 0.5 && d2 > -0.5) }'; }
# boxes FILE -> "MediaBox a b c d TrimBox ... BleedBox ..." of every page (pt, 4 decimals)
boxes() {
	qpdf --json=2 --json-key=pages --json-key=qpdf "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
objs = d["qpdf"][1]
for p in d["pages"]:
    v = objs["obj:" + p["object"]]["value"]
    print(" ".join("%s %s" % (b[1:], " ".join("%.4f" % x for x in v[b]))
                   for b in ("/MediaBox", "/TrimBox", "/BleedBox") if b in v))'
}
# want_boxes TRIM_W TRIM_H BLEED MARGIN (mm) -> the expected line, computed from mm
want_boxes() {
	python3 -c '
import sys
w, h, b, m = (float(x) * 72 / 25.4 for x in sys.argv[1:])
f = lambda *v: " ".join("%.4f" % x for x in v)
print("MediaBox " + f(0, 0, w + 2 * m, h + 2 * m) + " TrimBox " + f(m, m, m + w, m + h)
      + " BleedBox " + f(m - b, m - b, m + w + b, m + h + b))' "$@"
}
# near_boxes "GOT" "WANT": every number within 0.01 pt
near_boxes() {
	python3 -c '
import sys
g, w = sys.argv[1].split(), sys.argv[2].split()
ok = len(g) == len(w) and all(a == b if not a[0].isdigit() else abs(float(a) - float(b)) < 0.01
                                for a, b in zip(g, w))
sys.exit(0 if ok else 1)' "$1" "$2"
}
# dark FILE X0 Y0 X1 Y1 DPI -> number of pixels darker than 128 outside the
# rectangle [X0,X1) x [Y0,Y1) (mm from the page's top-left corner) of page 1
dark_outside() {
	pdftoppm -r "$6" -gray -singlefile "$1" "$T/dark" && python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
# Binary PGM: P5 w h maxval, then bytes.
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4]
x0, y0, x1, y1, dpi = (float(v) for v in sys.argv[2:7])
k = dpi / 25.4
n = 0
for y in range(h):
    row = px[y * w:(y + 1) * w]
    inside_y = y0 * k <= y + 0.5 < y1 * k
    for x in range(w):
        if row[x] < 128 and not (inside_y and x0 * k <= x + 0.5 < x1 * k):
            n += 1
print(n)' "$T/dark.pgm" "$2" "$3" "$4" "$5" "$6"
}

# ---------------------------------------------------------------- bleed: page size and boxes
render "$T/b3" "$C29" --what panneaux --bleed 3 2>"$T/errb3"
check "[ $? -eq 0 ]" "--bleed 3: render failed: $(cat "$T/errb3")"
check "tail -n 1 '$T/errb3' | grep -qx 'arobase-render: read 3, written 3, rejected 0; files 3'" "--bleed 3: summary $(tail -n 1 "$T/errb3")"
for code in 94038 51410 200057859; do
	f=$T/b3/panneaux/$code.pdf
	check "near_mm \"\$(size_mm '$f')\" 356 256" "$f: page $(size_mm "$f") mm, want 356 x 256 mm (350 x 250 + 2 x 3)"
	check "near_boxes \"\$(boxes '$f')\" \"\$(want_boxes 350 250 3 3)\"" "$f: boxes $(boxes "$f"), want $(want_boxes 350 250 3 3)"
	check "qpdf --check '$f' >/dev/null 2>&1" "$f: qpdf --check fails"
	check "[ \"\$(pdfinfo -isodates '$f' | awk '/^CreationDate:/ {print \$2}')\" = 2018-02-08T00:00:00Z ]" "$f: CreationDate after qpdf"
	check "grep -aq '/CreationDate (D:20180208000000Z)' '$f'" "$f: /CreationDate lost its D: prefix"
	check "grep -aq '/ID \\[<' '$f'" "$f: no /ID from qpdf"
done
# Without crop marks nothing is drawn past the trim (the background is white).
check "[ \"\$(dark_outside '$T/b3/panneaux/94038.pdf' 3 3 353 253 36)\" -eq 0 ]" "--bleed 3 alone: dark pixels outside the trim"
# A larger panel, 5 mm of bleed and the crop marks' room (10 mm a side).
render "$T/b5" "$C29" --what panneaux --panel-size 800x400 --bleed 5 --crop-marks 2>/dev/null
check "[ $? -eq 0 ]" "--bleed 5 --crop-marks: render failed"
f=$T/b5/panneaux/51410.pdf
check "near_mm \"\$(size_mm '$f')\" 830 430" "$f: page $(size_mm "$f") mm, want 830 x 430 mm (800 x 400 + 2 x (5 + 10))"
check "near_boxes \"\$(boxes '$f')\" \"\$(want_boxes 800 400 5 15)\"" "$f: boxes $(boxes "$f"), want $(want_boxes 800 400 5 15)"
check "qpdf --check '$f' >/dev/null 2>&1" "$f: qpdf --check fails"
# Crop marks only: no bleed, BleedBox = TrimBox.
render "$T/cm" "$C29" --what panneaux --crop-marks 2>/dev/null
f=$T/cm/panneaux/94038.pdf
check "near_boxes \"\$(boxes '$f')\" \"\$(want_boxes 350 250 0 10)\"" "$f: boxes $(boxes "$f"), want $(want_boxes 350 250 0 10)"
# The crop marks: dark pixels outside the bleed, none inside the marks' gap.
n=$(dark_outside "$T/b5/panneaux/51410.pdf" 10 10 820 420 72)
check "[ '$n' -gt 40 ]" "crop marks: only $n dark pixels outside the bleed"
n=$(dark_outside "$T/b5/panneaux/51410.pdf" 0 0 830 430 72)
check "[ '$n' -eq 0 ]" "page: $n dark pixels outside the page?"
n=$(dark_outside "$T/b5/panneaux/51410.pdf" 5 5 825 425 72)
check "[ '$n' -gt 40 ]" "crop marks: not past the 3 mm gap ($n dark pixels)"
# Without any option: no boxes beyond the MediaBox, the page is the trim.
render "$T/plain" "$C29" --what panneaux 2>/dev/null
f=$T/plain/panneaux/94038.pdf
check "[ \"\$(boxes '$f')\" = 'MediaBox 0.0000 0.0000 992.1260 708.6614' ]" "$f: plain panel boxes $(boxes "$f")"
check "[ \"\$(dark_outside '$T/cm/panneaux/94038.pdf' 10 10 360 260 36)\" -gt 20 ]" "--crop-marks alone: no marks"

# ---------------------------------------------------------------- outlines
LOOSE="--block 4 --threshold 80 --max-share 0.01"
render "$T/ol" "$C29" --what panneaux,certificats --outline-text 2>/dev/null
check "[ $? -eq 0 ]" "--outline-text: render failed"
for code in 94038 51410 200057859; do
	f=$T/ol/panneaux/$code.pdf
	check "[ \"\$(pdffonts '$f' | tail -n +3 | wc -l)\" -eq 0 ]" "$f: pdffonts lists fonts: $(pdffonts "$f")"
	check "[ -z \"\$(pdftotext '$f' - | tr -d ' \\n\\f')\" ]" "$f: pdftotext finds text: $(pdftotext "$f" -)"
	check "near_mm \"\$(size_mm '$f')\" 350 250" "$f: page $(size_mm "$f"), want the trim 350 x 250"
	# The same drawing: outlines render like the glyphs.
	pdftoppm -r 24 -gray -png -singlefile "$f" "$T/ol-$code"
	pdftoppm -r 24 -gray -png -singlefile "$T/plain/panneaux/$code.pdf" "$T/gl-$code"
	# Hinted glyphs and exact outlines differ by a fraction of a pixel at
	# their edges: compare 4 x 4 blocks (another kind's panel differs by 10 %).
	check "$PNGDIFF $LOOSE '$T/gl-$code.png' '$T/ol-$code.png' >/dev/null" "$f: outlines do not look like the glyphs: $($PNGDIFF $LOOSE "$T/gl-$code.png" "$T/ol-$code.png")"
done
check "! $PNGDIFF $LOOSE '$T/gl-94038.png' '$T/ol-51410.png' >/dev/null" "pngcompare.py $LOOSE: a village panel matches a ville panel"
check "pdffonts '$T/ol/certificats/94038.pdf' | grep -q DejaVuSans" "certificates keep their embedded fonts with --outline-text"

# ---------------------------------------------------------------- the variant with the name
render "$T/nm" "$C03" --what panneaux --panel-name --format pdf,svg 2>"$T/errnm"
check "[ $? -eq 0 ]" "--panel-name: render failed: $(cat "$T/errnm")"
check "tail -n 1 '$T/errnm' | grep -qx 'arobase-render: read 2, written 2, rejected 0; files 8'" "--panel-name: summary $(tail -n 1 "$T/errnm")"
txt=$(pdftotext "$T/nm/panneaux/51518-nom.pdf" - | tr '\n' ' ')
# The name may wrap after a hyphen, which pdftotext then drops: compare without them.
check "tr -d ' -' <<<\"\$txt\" | grep -qF 'SaintRemyenBouzemontSaintGenestetIsson'" "51518-nom: the name is missing: $txt"
check "grep -qF 'Village Internet' <<<\"\$txt\" && grep -qF '2018' <<<\"\$txt\"" "51518-nom: the panel's words: $txt"
txt=$(pdftotext "$T/nm/panneaux/242500361-nom.pdf" - | tr '\n' ' ' | tr -s ' ')
check "grep -qF \"Communauté d'agglomération du Grand Besançon Métropole\" <<<\"\$txt\"" "242500361-nom: the name is missing: $txt"
check "! pdftotext '$T/nm/panneaux/51518.pdf' - | grep -q Saint" "51518.pdf (plain) has the name"
check "[ -s '$T/nm/panneaux/51518-nom.svg' ]" "no SVG variant"
check "[ ! -e '$T/nm/certificats' ]" "--what panneaux wrote certificates"

# ---------------------------------------------------------------- byte-identical with every option
ALL="--what certificats,panneaux,booklet --format pdf,svg,png --bleed 3 --crop-marks --outline-text --panel-name"
render "$T/d1" "$C03" $ALL 2>/dev/null
check "[ $? -eq 0 ]" "all options: render failed"
sleep 1
(mkdir -p "$T/elsewhere" && cd "$T/elsewhere" && LC_ALL=fr_FR.UTF-8 render "$T/d2" "$C03" $ALL 2>/dev/null)
check "[ $? -eq 0 ] && diff -r '$T/d1' '$T/d2' >/dev/null" "all options: two renders differ: $(diff -rq "$T/d1" "$T/d2")"
check "[ \$(find '$T/d1' -type f | wc -l) -eq 16 ]" "all options: not 16 files: $(find "$T/d1" -type f | wc -l)"
for f in $(find "$T/d1" -name '*.pdf' | sort); do
	check "qpdf --check '$f' >/dev/null 2>&1" "$f: qpdf --check fails"
done

# ---------------------------------------------------------------- refused bleeds write nothing
bad_bleed() { # VALUE MESSAGE
	WANT=$2
	mkdir -p "$T/keep" && echo previous >"$T/keep/marker"
	render "$T/keep" "$C29" --bleed "$1" 2>"$T/errbad"
	local rc=$?
	check "[ $rc -eq 64 ]" "--bleed $1: exit $rc, want 64"
	check "head -n 1 '$T/errbad' | grep -qxF -e \"\$WANT\"" "--bleed $1: message $(head -n 1 "$T/errbad"), want $2"
	check "grep -q '^usage: arobase-render' '$T/errbad'" "--bleed $1: no usage line"
	check "[ \"\$(find '$T/keep' | sort | tr '\\n' ' ')\" = '$T/keep $T/keep/marker ' ]" "--bleed $1: the output folder changed: $(find "$T/keep")"
	render "$T/none" "$C29" --bleed "$1" 2>/dev/null
	check "[ ! -e '$T/none' ]" "--bleed $1: the output folder was created"
}
bad_bleed -1 'arobase-render: --bleed: "-1" is too small (whole millimetres from 0 to 50; 3 is the usual bleed)'
bad_bleed 51 'arobase-render: --bleed: "51" is too large (whole millimetres from 0 to 50; 3 is the usual bleed)'
bad_bleed 2.5 'arobase-render: --bleed: "2.5" is not a number (whole millimetres from 0 to 50; 3 is the usual bleed)'
bad_bleed '' 'arobase-render: --bleed: "" is not a number (whole millimetres from 0 to 50; 3 is the usual bleed)'
# A name that cannot fit fails the whole run, writing nothing.
mkdir -p "$T/long" && cp "$C29/rules.json" "$T/long/"
python3 -c 'import json; print(json.dumps({"millesime": 2018, "laureats": [{"code": "35238", "nom": "Rennes", "departement": "35", "type": "ville", "arobases": 5, "mentions": []}, {"code": "51518", "nom": "Saint " * 120 + "fin", "departement": "51", "type": "village", "arobases": 1, "mentions": []}]}))' >"$T/long/palmares.json"
render "$T/olong" "$T/long" --what panneaux --panel-name 2>"$T/errlong"
rc=$?
check "[ $rc -eq 65 ] && grep -qF '51518' '$T/errlong' && [ ! -e '$T/olong' ]" "an unfittable name: exit $rc, $(cat "$T/errlong")"
check "tail -n 1 '$T/errlong' | grep -qx 'arobase-render: read 2, written 1, rejected 1; files 0; nothing written'" "unfittable name: summary $(tail -n 1 "$T/errlong")"

# ---------------------------------------------------------------- PDF/X and CMYK (scripts/pdfx.sh)
"$ROOT/scripts/pdfx.sh" "$T/b5/panneaux/51410.pdf" "$T/x.pdf" 2>"$T/errx"
check "[ $? -eq 0 ]" "pdfx.sh failed: $(cat "$T/errx")"
check "pdfinfo '$T/x.pdf' | grep -q '^PDF subtype: *PDF/X-3:2002'" "pdfx.sh: not PDF/X-3: $(pdfinfo "$T/x.pdf")"
check "near_boxes \"\$(boxes '$T/x.pdf')\" \"\$(want_boxes 800 400 5 15)\"" "pdfx.sh: boxes changed: $(boxes "$T/x.pdf")"
check "qpdf --check '$T/x.pdf' >/dev/null 2>&1" "pdfx.sh: qpdf --check fails"
qpdf --qdf --object-streams=disable "$T/x.pdf" "$T/xq.pdf"
check "grep -aq '/OutputIntents' '$T/xq.pdf'" "pdfx.sh: no OutputIntents"
check "! grep -aqE '(^| )(rg|RG)$|/DeviceRGB' '$T/xq.pdf'" "pdfx.sh: RGB left: $(grep -aE '(rg|RG)$|DeviceRGB' "$T/xq.pdf" | head -3)"
# Black stays pure black: grey 0 (black plate) or 0 0 0 1, never four inks.
colours=$(grep -aE '(^| )(k|K|g|G)$' "$T/xq.pdf" | sort -u | tr '\n' ';')
check "[ -n \"\$colours\" ] && ! grep -qE '(^|;)([^;]* )?(0?\\.[0-9]+|1) [0-9.]+ [0-9.]+ [0-9.]+ [kK];' <<<\"\$colours\"" "pdfx.sh: black is not pure black: $colours"
check "grep -qE '(^|;)0 g;' <<<\"\$colours\"" "pdfx.sh: no pure black fill: $colours"
"$ROOT/scripts/pdfx.sh" "$T/missing.pdf" "$T/x2.pdf" 2>/dev/null
check "[ $? -eq 66 ] && [ ! -e '$T/x2.pdf' ]" "pdfx.sh: a missing input is not exit 66"
"$ROOT/scripts/pdfx.sh" "$T/x.pdf" 2>/dev/null
check "[ $? -eq 64 ]" "pdfx.sh: one argument is not a usage error"
# The certificate's blue becomes CMYK, its black text the black plate alone.
render "$T/cert" "$C29" --what certificats 2>/dev/null
"$ROOT/scripts/pdfx.sh" "$T/cert/certificats/94038.pdf" "$T/xc.pdf" 2>/dev/null
qpdf --qdf --object-streams=disable "$T/xc.pdf" "$T/xcq.pdf"
check "grep -aqE '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+ k$' '$T/xcq.pdf' && grep -aqE '^0 g$' '$T/xcq.pdf'" "pdfx.sh certificate: no CMYK blue or no pure black"
check "pdffonts '$T/xc.pdf' | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\") exit 1 }'" "pdfx.sh: a font is not embedded"

# ---------------------------------------------------------------- progress: never in a pipe
python3 -c '
import json, sys
l = [{"code": "%05d" % (10000 + i), "nom": "Commune %d" % i, "departement": "10", "type": "village", "arobases": 1 + i % 5, "mentions": []} for i in range(210)]
print(json.dumps({"millesime": 2018, "laureats": l}))' >"$T/long/many.json"
"$RENDER" --rules "$T/long/rules.json" --palmares "$T/long/many.json" -o "$T/many" --what panneaux --format svg 2>"$T/errmany"
check "[ $? -eq 0 ] && [ \"\$(wc -l <'$T/errmany')\" -eq 1 ] && ! grep -q rendering '$T/errmany'" "progress written to a pipe: $(cat "$T/errmany")"
# On a terminal it is shown, then erased before the summary.
python3 - "$RENDER" "$T/long/rules.json" "$T/long/many.json" "$T/many2" >"$T/tty" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], [sys.argv[1], "--rules", sys.argv[2], "--palmares", sys.argv[3],
                           "-o", sys.argv[4], "--what", "panneaux", "--format", "svg"])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
check "grep -qF 'rendering 100/210' '$T/tty' && grep -qF 'rendering 210/210' '$T/tty'" "progress not shown on a terminal: $(cat -v "$T/tty")"
check "tail -n 1 '$T/tty' | tr -d '\\r' | grep -q 'arobase-render: read 210, written 210, rejected 0; files 210'" "progress: the summary is not last: $(tail -n 1 "$T/tty" | cat -v)"

# ---------------------------------------------------------------- golden PNG renders
# One panel per kind (94038 ville, 51410 village, 200057859 territoire) and
# the long-name certificates, rendered by poppler at low resolution.
render "$T/g" "$C29" --what panneaux 2>/dev/null
render "$T/g" "$C03" --what certificats 2>/dev/null
golden() { # PDF NAME DPI
	pdftoppm -r "$3" -gray -png -singlefile "$1" "$T/$2"
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$T/$2.png" "$GOLDEN/$2.png"
		echo "test-render-print.sh: wrote $GOLDEN/$2.png" >&2
	fi
	check "[ -f '$GOLDEN/$2.png' ] && $PNGDIFF '$GOLDEN/$2.png' '$T/$2.png'" "golden $2: $($PNGDIFF "$GOLDEN/$2.png" "$T/$2.png" 2>&1)"
}
golden "$T/g/panneaux/94038.pdf" panel-ville 24
golden "$T/g/panneaux/51410.pdf" panel-village 24
golden "$T/g/panneaux/200057859.pdf" panel-territoire 24
golden "$T/g/certificats/242500361.pdf" certificate-242500361 36
golden "$T/g/certificats/51518.pdf" certificate-51518 36
# The comparison can fail: another kind's panel, a shifted render.
check "! $PNGDIFF '$GOLDEN/panel-ville.png' '$T/panel-village.png' >/dev/null" "pngcompare.py: a village panel matches the ville golden"
check "! $PNGDIFF '$GOLDEN/certificate-51518.png' '$T/certificate-242500361.png' >/dev/null" "pngcompare.py: two certificates match"

echo "test-render-print.sh: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
