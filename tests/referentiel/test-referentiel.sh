#!/bin/bash
# test-referentiel.sh - the référentiel read from the platform's Services
# sheet: the sheet saved as UTF-8 and as Windows-1252 (sep= line, CRLF,
# headers in another case, without accents, with stray spaces, labels
# numbered "1.2 Label") both converted by arobase-coverage
# --write-referentiel to the same golden referentiel.json, byte for byte,
# in two locales; the golden valid against its schema and read back to the
# same bytes; the sheet and the converted file giving the same coverage;
# and every check of cases/ with its exact messages, a previous output left
# as it was.  AROBASE_BIN names the build directory (default build).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${AROBASE_BIN:-build}
COV=$(pwd)/$BIN/arobase-coverage
R=tests/referentiel
GOLD=$(pwd)/$R/expected-referentiel.json
RULES=$(pwd)/$R/rules.json
CASE01=tests/coverage/cases/01-petit-referentiel
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-referentiel-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. Both encodings to the golden, byte for byte, in two locales; exact stderr.
for form in utf8 cp1252; do
	for lc in C fr_FR.UTF-8; do
		rm -f $T/ref.json
		(cd $R/$form && LC_ALL=$lc $COV --referentiel Services.csv --rules $RULES \
			--write-referentiel $T/ref.json) 2>$T/stderr
		rc=$?
		[ $rc -eq 0 ] || fail "$form ($lc): exit $rc"
		cmp -s $T/ref.json $GOLD ||
			{ fail "$form ($lc): referentiel.json differs from the golden"; diff -u $GOLD $T/ref.json | head -20; }
		echo 'arobase-coverage: read 8, written 8, rejected 0; référentiel written: 2 axes, 3 enjeux, 4 usages, 8 services' >$T/want
		cmp -s $T/stderr $T/want || { fail "$form ($lc): stderr"; diff -u $T/want $T/stderr; }
	done
done

# 2. The golden: valid, the same tree as the hand-written référentiel of
#    coverage case 01, and read back to the same bytes.
/usr/bin/python3 tests/validate-json schemas/referentiel.schema.json $GOLD ||
	fail "the golden does not validate against schemas/referentiel.schema.json"
/usr/bin/python3 - $GOLD $CASE01/referentiel.json <<'PY' || fail "golden tree differs from case 01's référentiel"
import json, sys
a, b = (json.load(open(p, encoding='utf-8')) for p in sys.argv[1:3])
sys.exit(0 if (a["axes"], a["millesime"], a["exemple"], a["source"]) ==
         (b["axes"], 2018, False, "Services.csv") else 1)
PY
$COV --referentiel $GOLD --write-referentiel $T/again.json 2>$T/stderr || fail "golden read back: exit $?"
cmp -s $T/again.json $GOLD || fail "golden read back and written again: bytes differ"

# 3. Both forms give the same coverage (one run writes both outputs).
$COV --referentiel $R/utf8/Services.csv --rules $RULES --write-referentiel $T/both-ref.json \
	-o $T/cov-sheet.json $CASE01/retained.ndjson 2>$T/stderr || fail "sheet + coverage: exit $?"
tail -1 $T/stderr | grep -qxF 'arobase-coverage: read 6, written 6, rejected 0; collectivités 4, services not in the référentiel 1; référentiel written: 2 axes, 3 enjeux, 4 usages, 8 services' ||
	{ fail "sheet + coverage: summary"; tail -1 $T/stderr; }
cmp -s $T/both-ref.json $GOLD || fail "sheet + coverage: referentiel.json differs from the golden"
$COV --referentiel $GOLD --rules $RULES -o $T/cov-json.json $CASE01/retained.ndjson 2>/dev/null ||
	fail "coverage from the converted référentiel: exit $?"
cmp -s $T/cov-sheet.json $T/cov-json.json || fail "the sheet and referentiel.json give different coverage"
# ... and the same as the golden of case 01, but for its référentiel's "exemple".
sed 's/"exemple": true/"exemple": false/' $CASE01/expected-coverage.json >$T/want.json
cmp -s $T/cov-sheet.json $T/want.json || { fail "sheet coverage differs from case 01's golden"; diff -u $T/want.json $T/cov-sheet.json | head; }

# 4. Every check: exact stderr, exit 65, previous outputs left as they were.
check() { # case folder, expected lines (the summary is added)
	local dir=$R/cases/$1
	shift
	printf 'previous\n' >$T/prev-ref.json
	printf 'previous\n' >$T/prev-cov.json
	(cd $dir && $COV --referentiel Services.csv --rules rules.json --write-referentiel $T/prev-ref.json \
		-o $T/prev-cov.json $(pwd)/../../../coverage/cases/01-petit-referentiel/retained.ndjson) 2>$T/stderr
	rc=$?
	[ $rc -eq 65 ] || fail "$dir: exit $rc, want 65"
	printf '%s\n' "$@" 'arobase-coverage: read 0, written 0, rejected 0; nothing written' >$T/want
	cmp -s $T/stderr $T/want || { fail "$dir: stderr"; diff -u $T/want $T/stderr; }
	[ "$(cat $T/prev-ref.json)" = previous ] || fail "$dir: the previous referentiel.json was changed"
	[ "$(cat $T/prev-cov.json)" = previous ] || fail "$dir: the previous coverage.json was changed"
	[ "$(ls $T | grep -c '^prev')" -eq 2 ] || fail "$dir: temporary file left: $(ls $T)"
}
check 01-service-en-double \
	'arobase-coverage: Services.csv:4: Id_Service: duplicate service id "S101" (first on line 2)'
check 02-service-sous-deux-enjeux \
	'arobase-coverage: Services.csv:10: Enjeu de développement: service "S122" under two enjeux: "1.2" (line 5) and "2.1"'
check 03-enjeu-sous-deux-axes \
	'arobase-coverage: Services.csv:10: Axe: enjeu "1.2" under two axes: "1" (line 4) and "2"'
check 04-nombres-differents \
	'arobase-coverage: Services.csv: Axe: 2 axes in the sheet, rules.json announces 4' \
	'arobase-coverage: Services.csv: Enjeu de développement: 3 enjeux in the sheet, rules.json announces 16' \
	'arobase-coverage: Services.csv: Id_Service: 8 services in the sheet, rules.json announces 139'
check 05-colonne-manquante \
	'arobase-coverage: Services.csv:1: Usage: missing column (a Services sheet has Id_Service, Axe, Enjeu de développement, Usage, Service)'
check 06-cellules-vides \
	'arobase-coverage: Services.csv:3: Axe: empty cell' \
	'arobase-coverage: Services.csv:6: Service: empty cell'
check 07-numero-contradictoire \
	'arobase-coverage: Services.csv:10: Enjeu de développement: "2.1 Médiation" is numbered 2.1, but its axe on this row is "1"'
check 08-id-en-double \
	'arobase-coverage: Services.csv:10: Axe: axe id "1" of "1. Partage des connaissances" is already that of "Démocratie et services publics" (line 2)'
check 09-cp1252-ligne-sep \
	'arobase-coverage: Services.csv:11: Id_Service: duplicate service id "S201" (first on line 8)'
check 11-colonne-en-double \
	'arobase-coverage: Services.csv:1: Id_Service: duplicated column (columns 1 and 6)'

# 5. A sheet without --rules is a usage error (it carries no millésime); a
#    missing sheet exits 66.
$COV --referentiel $R/utf8/Services.csv --write-referentiel $T/x.json 2>$T/stderr
[ $? -eq 64 ] || fail "sheet without --rules: want exit 64"
head -1 $T/stderr | grep -qxF 'arobase-coverage: a Services sheet carries no millésime: --rules rules.json is required' ||
	fail "sheet without --rules: message"
$COV --referentiel $T/absent.csv --rules $RULES --write-referentiel $T/x.json 2>$T/stderr
[ $? -eq 66 ] || fail "missing sheet: want exit 66"
[ ! -e $T/x.json ] || fail "an output was written"

if [ $fails -gt 0 ]; then
	echo "test-referentiel.sh: $fails failure(s)"
	exit 1
fi
echo "test-referentiel.sh: all passed"
