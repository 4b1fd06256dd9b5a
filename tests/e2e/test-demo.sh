#!/usr/bin/env bash
# End-to-end test of the shipped 2018 example: runs the whole pipeline the way
# `make demo` does (through the Makefile's rules) into a temporary folder, then
#  - checks every stage's summary (read = written + rejected) and the counts;
#  - validates every JSON output against its schema in schemas/;
#  - reads the PDFs back: page sizes (pdfinfo, within 0.5 mm), names and
#    kinds (pdftotext), embedded fonts (pdffonts);
#  - runs the pipeline a second time elsewhere and compares every byte.
# Environment: AROBASE_BIN (the build folder, default build), COLLECTIVITES.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${AROBASE_BIN:-build}
COLL=${COLLECTIVITES:-input/collectivites}
IN=input/demo/2018
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok()  { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }

run_pipeline() { # OUTDIR LOGFILE
	SOURCE_DATE_EPOCH= make --no-print-directory -s pipeline B="$BIN" MILLESIME=2018 \
	  IN=$IN OUT="$1" COLLECTIVITES="$COLL" >"$2.out" 2>"$2"
}

out=$tmp/a
if run_pipeline "$out" "$tmp/log-a"; then ok "pipeline ran"; else
	bad "pipeline failed:"; tail -20 "$tmp/log-a"; exit 1; fi

# Every summary line: read N = written W + rejected R.
while IFS= read -r l; do
	if [[ $l =~ ^(arobase-[a-z]+):\ read\ ([0-9]+),\ written\ ([0-9]+),\ rejected\ ([0-9]+) ]]; then
		n=${BASH_REMATCH[2]} w=${BASH_REMATCH[3]} r=${BASH_REMATCH[4]}
		if [ "$n" -eq $((w + r)) ]; then ok "${BASH_REMATCH[1]}: read $n = $w + $r"
		else bad "${BASH_REMATCH[1]}: read $n != written $w + rejected $r"; fi
	fi
done < "$tmp/log-a"
for s in ingest filter coverage decide; do
	grep -q "^arobase-$s: read " "$tmp/log-a" || bad "no summary line from arobase-$s"
done

count() { grep -c . "$1" 2>/dev/null || echo 0; }
n_actions=$(count "$out/actions.ndjson"); n_rejects=$(count "$out/rejects.ndjson")
n_retained=$(count "$out/retained.ndjson"); n_excluded=$(count "$out/excluded.ndjson")
n_rows=$(($(grep -c '^[0-9]' "$IN/actions.csv") ))
[ "$n_actions" -ge 2000 ] && ok "actions.ndjson: $n_actions actions" || bad "actions.ndjson: $n_actions actions, expected at least 2000"
[ "$n_rejects" -ge 4 ] && ok "rejects.ndjson: $n_rejects broken rows rejected" || bad "rejects.ndjson: $n_rejects rejects, expected the shipped broken rows"
[ $((n_retained + n_excluded)) -eq "$n_actions" ] && ok "filter: $n_retained retained + $n_excluded excluded = $n_actions" \
	|| bad "filter: $n_retained + $n_excluded != $n_actions"
grep -q '"motif":"prevue"' "$out/excluded.ndjson" && ok "excluded: prevue actions" || bad "excluded: no prevue action"
grep -q '"motif":"outside window' "$out/excluded.ndjson" && ok "excluded: actions outside the window" || bad "excluded: none outside the window"
n_cand=$(($(count "$IN/candidatures.csv") - 1))
n_laureats=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["laureats"]))' "$out/palmares.json")
[ "$n_laureats" -eq "$n_cand" ] && ok "palmares.json: $n_laureats laureates (every candidature)" || bad "palmares.json: $n_laureats laureates, $n_cand candidatures"
[ "$n_laureats" -eq 26 ] && ok "26 laureates, as published" || bad "$n_laureats laureates, 26 published"
# The published decisions, one by one.
/usr/bin/python3 - "$out/palmares.json" "$IN/jury.csv" <<'PY' && ok "palmares.json: the published arobases" || bad "palmares.json differs from jury.csv"
import csv, json, sys
p = {l["code"]: l["arobases"] for l in json.load(open(sys.argv[1], encoding="utf-8"))["laureats"]}
j = {r["code"]: int(r["arobases"]) for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"), delimiter=";")}
sys.exit(0 if p == j else 1)
PY

# Schemas.
v() { if tests/validate-json "$@" 2>"$tmp/v.err"; then ok "schema: ${*: -1}"; else bad "schema: ${*: -1}"; head -5 "$tmp/v.err"; fi; }
v --lines schemas/action.schema.json "$out/actions.ndjson"
v --lines schemas/ingest-reject.schema.json "$out/rejects.ndjson"
v --lines schemas/action.schema.json "$out/retained.ndjson"
v --lines schemas/excluded.schema.json "$out/excluded.ndjson"
v schemas/coverage.schema.json "$out/coverage.json"
v schemas/palmares.schema.json "$out/palmares.json"
v schemas/rules.schema.json "$IN/rules.json"
v schemas/referentiel.schema.json "$IN/referentiel.json"

# palmares.csv: UTF-8 with BOM, no cell a spreadsheet would evaluate.
head -c 3 "$out/palmares.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok "palmares.csv starts with a BOM" || bad "palmares.csv has no BOM"
if LC_ALL=C grep -qE '(^|;)"?[=+@-]' "$out/palmares.csv"; then bad "palmares.csv: a cell starts with = + - @"; else ok "palmares.csv: no formula cell"; fi

# PDFs: one certificate (A4 landscape) and one panel (350 x 250 mm) per laureate.
pts() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p'; }
size_is() { # FILE WIDTH_MM HEIGHT_MM
	awk -v s="$(pts "$1")" -v w="$2" -v h="$3" 'BEGIN { split(s, a, " ");
	  mm = 25.4 / 72; dw = a[1] * mm - w; dh = a[2] * mm - h;
	  exit !(s != "" && dw < 0.5 && dw > -0.5 && dh < 0.5 && dh > -0.5) }'
}
n_cert=0 n_pan=0 sizes_ok=1 text_ok=1 fonts_ok=1
while IFS=$'\t' read -r code nom type; do
	c=$out/certificats/$code.pdf p=$out/panneaux/$code.pdf
	[ -f "$c" ] && n_cert=$((n_cert + 1)); [ -f "$p" ] && n_pan=$((n_pan + 1))
	size_is "$c" 297 210 || { sizes_ok=0; echo "  $c: $(pts "$c") pt, not A4 landscape"; }
	size_is "$p" 350 250 || { sizes_ok=0; echo "  $p: $(pts "$p") pt, not 350 x 250 mm"; }
	pdftotext "$c" - 2>/dev/null | tr '\n' ' ' | grep -qF "$nom" || { text_ok=0; echo "  $c lacks the name $nom"; }
	case $type in ville) words="Ville Internet";; village) words="Village Internet";; *) words="Territoire Internet";; esac
	pdftotext "$p" - 2>/dev/null | tr '\n' ' ' | grep -qF "$words" || { text_ok=0; echo "  $p lacks $words"; }
	pdftotext "$p" - 2>/dev/null | grep -qF 2018 || { text_ok=0; echo "  $p lacks 2018"; }
	if pdffonts "$c" 2>/dev/null | tail -n +3 | awk '{ if ($(NF-4) != "yes") exit 1 }'; then :; else fonts_ok=0; echo "  $c has a font not embedded"; fi
done < <(/usr/bin/python3 -c '
import json, sys
for l in json.load(open(sys.argv[1], encoding="utf-8"))["laureats"]:
    print(l["code"], l["nom"], l["type"], sep="\t")' "$out/palmares.json")
[ "$n_cert" -eq "$n_laureats" ] && ok "$n_cert certificates" || bad "$n_cert certificates for $n_laureats laureates"
[ "$n_pan" -eq "$n_laureats" ] && ok "$n_pan panels" || bad "$n_pan panels for $n_laureats laureates"
[ $sizes_ok -eq 1 ] && ok "page sizes: certificates A4 landscape, panels 350 x 250 mm" || bad "page sizes"
[ $text_ok -eq 1 ] && ok "texts: every name on its certificate, kind and 2018 on every panel" || bad "texts"
[ $fonts_ok -eq 1 ] && ok "fonts: all embedded" || bad "fonts not embedded"

# The mosaïques (one per candidature and the national page) and the jury's book.
n_mos=$(ls "$out"/mosaiques/*.pdf 2>/dev/null | grep -vc national)
[ "$n_mos" -eq "$n_cand" ] && [ -f "$out/mosaiques/national.pdf" ] && ok "mosaïques: $n_mos and the national page" \
	|| bad "mosaïques: $n_mos for $n_cand candidatures"
pages=$(pdfinfo "$out/livre-du-jury.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -gt "$n_cand" ] && ok "livre-du-jury.pdf: $pages pages" || bad "livre-du-jury.pdf: ${pages:-no} pages"
pdftotext "$out/livre-du-jury.pdf" - 2>/dev/null | grep -qF "Marcq-en-Barœul" && ok "the jury's book names the candidatures" || bad "the jury's book lacks Marcq-en-Barœul"
v schemas/jury-book.schema.json "$out/jury-book.json"
v schemas/manifest.schema.json "$out/MANIFEST.json"

# A second run elsewhere gives the same bytes.
if run_pipeline "$tmp/b" "$tmp/log-b"; then
	if diff -r "$out" "$tmp/b" >"$tmp/diff" 2>&1; then ok "second run: byte-identical outputs"
	else bad "second run differs:"; head -10 "$tmp/diff"; fi
else bad "second run failed"; tail -5 "$tmp/log-b"; fi

exit $fail
