#!/bin/bash
# test-coverage.sh - end-to-end tests of arobase-coverage beyond the case
# runner: a small hand-computed coverage compared byte for byte with its
# golden coverage.json (in two locales), the hand-computed numbers checked
# one by one independently of the golden, the output valid against
# schemas/coverage.schema.json, the référentiel and rules schemas against
# the shared case files, and failures (bad référentiel, counts differing
# from the rules) with their exact messages and a previous output left as it
# was; with --candidatures, every candidature listed, the national view out
# of the candidatures and the coherence of declared services, golden and
# hand-computed, and its failures.  AROBASE_BIN names the build directory (default build).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${AROBASE_BIN:-build}
COV=$(pwd)/$BIN/arobase-coverage
CASES=tests/coverage/cases
CASE=$CASES/01-petit-referentiel
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-coverage-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. Golden, byte for byte, in two locales; exact stderr.
for lc in C fr_FR.UTF-8; do
	(cd $CASE && LC_ALL=$lc $COV --referentiel referentiel.json -o $T/coverage.json retained.ndjson) 2>$T/stderr
	rc=$?
	[ $rc -eq 0 ] || fail "golden run ($lc): exit $rc"
	cmp -s $T/coverage.json $CASE/expected-coverage.json ||
		{ fail "coverage.json differs from the golden ($lc)"; diff -u $CASE/expected-coverage.json $T/coverage.json | head -30; }
	printf '%s\n' \
		'arobase-coverage: retained.ndjson:4: services: warning: service "S999" is not in the référentiel (referentiel.json): cited by 2 actions, first on this line; listed in services_inconnus' \
		'arobase-coverage: read 6, written 6, rejected 0; collectivités 4, services not in the référentiel 1' >$T/want
	cmp -s $T/stderr $T/want || { fail "stderr of the golden run ($lc)"; diff -u $T/want $T/stderr; }
done

# 2. The hand-computed table of expected.md, checked number by number.
/usr/bin/python3 - $T/coverage.json <<'PY' || fail "hand-computed coverage"
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
bad = []
def eq(what, got, want):
    if got != want or type(got) != type(want):
        bad.append(f"{what}: {got!r} != {want!r}")
# code: actions, overall (couverts, part), per enjeu (couverts, total, part, actions),
# per axe (couverts, total, part, actions), enjeux non couverts
want = {
 "243500139": (1, (3, 37.5), {"1.1": (0, 2, 0, 0), "1.2": (3, 3, 100, 1), "2.1": (0, 3, 0, 0)},
               {"1": (3, 5, 60, 1), "2": (0, 3, 0, 0)}, ["1.1", "2.1"]),
 "35051": (2, (3, 37.5), {"1.1": (1, 2, 50, 1), "1.2": (0, 3, 0, 0), "2.1": (2, 3, 66.7, 1)},
           {"1": (1, 5, 20, 1), "2": (2, 3, 66.7, 1)}, ["1.2"]),
 "35238": (3, (3, 37.5), {"1.1": (1, 2, 50, 1), "1.2": (0, 3, 0, 0), "2.1": (2, 3, 66.7, 3)},
           {"1": (1, 5, 20, 1), "2": (2, 3, 66.7, 3)}, ["1.2"]),
 "35288": (1, (0, 0), {"1.1": (0, 2, 0, 0), "1.2": (0, 3, 0, 0), "2.1": (0, 3, 0, 0)},
           {"1": (0, 5, 0, 0), "2": (0, 3, 0, 0)}, ["1.1", "1.2", "2.1"]),
}
eq("millesime", d["millesime"], 2018)
eq("codes in order", [c["code"] for c in d["collectivites"]], sorted(want))
for c in d["collectivites"]:
    a, (cov, part), enj, axes, none = want[c["code"]]
    k = c["code"]
    eq(k + " actions_retenues", c["actions_retenues"], a)
    eq(k + " couverts", c["couverts"], cov)
    eq(k + " total", c["total"], 8)
    eq(k + " part", c["part"], part)
    for e in c["enjeux"]:
        eq(k + " enjeu " + e["id"], (e["couverts"], e["total"], e["part"], e["actions"]), enj[e["id"]])
        eq(k + " enjeu " + e["id"] + " services", len(e["services_couverts"]), enj[e["id"]][0])
    for x in c["axes"]:
        eq(k + " axe " + x["id"], (x["couverts"], x["total"], x["part"], x["actions"]), axes[x["id"]])
    eq(k + " enjeux_non_couverts", c["enjeux_non_couverts"], none)
eq("35238 enjeu 2.1 services", d["collectivites"][2]["enjeux"][2]["services_couverts"], ["S201", "S202"])
eq("national collectivites", d["national"]["collectivites"], 4)
nat = {s["id"]: (s["collectivites"], s["part"]) for s in d["national"]["services"]}
eq("national", nat, {"S101": (1, 25), "S102": (1, 25), "S121": (1, 25), "S122": (1, 25),
                     "S123": (1, 25), "S201": (2, 50), "S202": (2, 50), "S203": (0, 0)})
eq("services_inconnus", d["services_inconnus"], [{"id": "S999", "actions": 2}])
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
grep -q '"part": 66.7,' $T/coverage.json || fail "66.7 not printed as 66.7"

# 3. Schemas: the output, the shared case files, and a refusal each.
V="/usr/bin/python3 tests/validate-json"
$V schemas/coverage.schema.json $T/coverage.json tests/cases/*/coverage.json ||
	fail "coverage.json does not validate against schemas/coverage.schema.json"
$V schemas/referentiel.schema.json $CASE/referentiel.json tests/cases/*/referentiel.json ||
	fail "a referentiel.json does not validate against schemas/referentiel.schema.json"
$V schemas/rules.schema.json tests/cases/*/rules.json ||
	fail "a rules.json of tests/cases does not validate against schemas/rules.schema.json"
sed 's/"realisee"/"abandonnee"/' tests/cases/18-json-nul-escape/rules.json >$T/bad-rules.json
$V schemas/rules.schema.json $T/bad-rules.json 2>/dev/null && fail "rules schema accepts an unknown statut"
sed 's/"code": "35238",//' $T/coverage.json >$T/bad-coverage.json
$V schemas/coverage.schema.json $T/bad-coverage.json 2>/dev/null && fail "coverage schema accepts a collectivité without code"
sed 's/"nom": "Médiation",//' $CASE/referentiel.json >$T/bad-ref.json
$V schemas/referentiel.schema.json $T/bad-ref.json 2>/dev/null && fail "referentiel schema accepts an enjeu without nom"

# 4. Failures: exact messages, exit 65, a previous coverage.json left as it was.
check_failure() { # folder, extra args, expected first line
	printf 'previous\n' >$T/prev.json
	(cd $CASES/$1 && $COV --referentiel referentiel.json $2 -o $T/prev.json retained.ndjson) 2>$T/stderr
	rc=$?
	[ $rc -eq 65 ] || fail "$1: exit $rc, want 65"
	printf '%s\n' "$3" 'arobase-coverage: read 0, written 0, rejected 0; nothing written' >$T/want
	cmp -s $T/stderr $T/want || { fail "$1: stderr"; diff -u $T/want $T/stderr; }
	[ "$(cat $T/prev.json)" = previous ] || fail "$1: the previous output was changed"
	[ "$(ls $T | grep -c '^prev')" -eq 1 ] || fail "$1: temporary file left: $(ls $T)"
}
check_failure 02-service-en-double "" \
	'arobase-coverage: referentiel.json: axes[0].enjeux[0].usages[0].services[1].id: duplicate service id "S101" (first at axes[0].enjeux[0].usages[0].services[0])'
check_failure 03-service-sous-deux-enjeux "" \
	'arobase-coverage: referentiel.json: axes[1].enjeux[0].usages[0].services[0].id: service "S122" under two enjeux: "1.2" (axes[0].enjeux[1].usages[0].services[1]) and "2.1"'
check_failure 04-enjeu-sous-deux-axes "" \
	'arobase-coverage: referentiel.json: axes[1].enjeux[0].id: enjeu "1.2" under two axes: "1" (axes[0].enjeux[1]) and "2"'
check_failure 05-nombres-differents "--rules rules.json" \
	'arobase-coverage: referentiel.json: counts differ from rules.json: axes: 2 in the référentiel, the rules announce 4; enjeux: 3 in the référentiel, the rules announce 16; services: 8 in the référentiel, the rules announce 139'
check_failure 08-action-mal-formee "" \
	'arobase-coverage: retained.ndjson:3: collectivites: must be a flat list of collectivité codes (strings): item 0 is an array'
check_failure 09-millesime-different "--rules rules.json" \
	'arobase-coverage: referentiel.json: millesime: 2017, but rules.json is for millésime 2018'

# 5. Missing rules with --rules: exit 66.
(cd $CASE && $COV --referentiel referentiel.json --rules absent.json -o $T/x.json retained.ndjson) 2>$T/stderr
rc=$?
[ $rc -eq 66 ] || fail "missing rules: exit $rc, want 66"
grep -qxF 'arobase-coverage: absent.json: No such file or directory' $T/stderr || { fail "missing rules: message"; cat $T/stderr; }
[ ! -e $T/x.json ] || fail "missing rules: output written"

# 6. No action at all: every collectivité list empty, shares 0, still valid.
: >$T/empty.ndjson
$COV --referentiel $CASE/referentiel.json -o $T/empty.json $T/empty.ndjson 2>$T/stderr || fail "empty input"
grep -qxF 'arobase-coverage: read 0, written 0, rejected 0; collectivités 0, services not in the référentiel 0' $T/stderr ||
	{ fail "empty input: summary"; cat $T/stderr; }
grep -q '"collectivites": \[\],' $T/empty.json || fail "empty input: collectivites not []"
$V schemas/coverage.schema.json $T/empty.json || fail "empty coverage.json does not validate"

# 7. --help, --version, usage.
USAGE='usage: arobase-coverage --referentiel referentiel.json|Services.csv [--rules rules.json]
           [--candidatures candidatures.csv] -o coverage.json retained.ndjson
       arobase-coverage --referentiel Services.csv --rules rules.json
           --write-referentiel referentiel.json'
[ "$($COV --help | head -4)" = "$USAGE" ] || fail "--help synopsis"
$COV --version | grep -qE '^arobase-coverage [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
$COV -o $T/x.json $CASE/retained.ndjson 2>$T/stderr
[ $? -eq 64 ] || fail "missing --referentiel: want exit 64"
[ "$(tail -4 $T/stderr)" = "$USAGE" ] || fail "usage line on stderr"
$COV --referentiel $CASE/referentiel.json --candidatures x.csv --write-referentiel $T/r.json 2>$T/stderr
[ $? -eq 64 ] || fail "--candidatures without -o: want exit 64"
grep -qxF 'arobase-coverage: --candidatures needs -o coverage.json' $T/stderr || fail "--candidatures without -o: message"

# 8. Candidatures (cases/11-candidatures): golden byte for byte in two
# locales, exact stderr, every number of expected.md checked one by one.
CC=$CASES/11-candidatures
for lc in C fr_FR.UTF-8; do
	(cd $CC && LC_ALL=$lc $COV --referentiel referentiel.json --candidatures candidatures.csv \
		-o $T/cand.json retained.ndjson) 2>$T/stderr || fail "candidatures run ($lc)"
	cmp -s $T/cand.json $CC/expected-coverage.json ||
		{ fail "candidatures: coverage.json differs from the golden ($lc)"; diff -u $CC/expected-coverage.json $T/cand.json | head -30; }
	printf '%s\n' \
		'arobase-coverage: candidatures.csv:4: services_declares: warning: service "S999" is not in the référentiel: listed in declares_inconnus' \
		'arobase-coverage: candidatures.csv:6: code: warning: "1004" read as "01004" (a spreadsheet lost its leading zero)' \
		'arobase-coverage: retained.ndjson:4: services: warning: service "S999" is not in the référentiel (referentiel.json): cited by 2 actions, first on this line; listed in services_inconnus' \
		'arobase-coverage: read 7, written 7, rejected 0; collectivités 7, candidatures 6, not candidatures 1, services not in the référentiel 1' >$T/want
	cmp -s $T/stderr $T/want || { fail "candidatures: stderr ($lc)"; diff -u $T/want $T/stderr; }
done
/usr/bin/python3 - $T/cand.json <<'PY' || fail "candidatures: hand-computed values"
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
bad = []
def eq(what, got, want):
    if got != want or type(got) != type(want):
        bad.append(f"{what}: {got!r} != {want!r}")
# code: (candidature, actions, covered ids, coherence or None)
want = {
 "01004": (True, 0, [], None),
 "243500139": (True, 1, ["S121", "S122", "S123"], (3, [], ["S123"], ["S999"])),
 "29019": (True, 0, [], (1, ["S101"], [], [])),
 "35047": (True, 0, [], None),
 "35051": (True, 2, ["S102", "S201", "S202"], None),
 "35238": (True, 3, ["S101", "S201", "S202"], (3, ["S203"], ["S202"], [])),
 "35288": (False, 2, ["S203"], None),
}
eq("codes", [c["code"] for c in d["collectivites"]], sorted(want))
for c in d["collectivites"]:
    cand, actions, cov, coh = want[c["code"]]
    k = c["code"]
    eq(k + " candidature", c["candidature"], cand)
    eq(k + " actions", c["actions_retenues"], actions)
    eq(k + " covered", [s for e in c["enjeux"] for s in e["services_couverts"]], cov)
    eq(k + " couverts", c["couverts"], len(cov))
    eq(k + " nom present", "nom" in c, cand)
    if coh is None:
        eq(k + " coherence", "coherence" in c, False)
    else:
        h = c["coherence"]
        eq(k + " coherence", (h["services_declares"], h["declares_sans_action"],
                              h["couverts_non_declares"], h["declares_inconnus"]), coh)
eq("01004 nom", d["collectivites"][0]["nom"], "Ambérieu-en-Bugey")
n = d["national"]
eq("national base", (n["collectivites"], n["base"], n["hors_candidature"]), (6, "candidatures", 1))
eq("national", {s["id"]: (s["collectivites"], s["part"]) for s in n["services"]},
   {"S101": (1, 16.7), "S102": (1, 16.7), "S121": (1, 16.7), "S122": (1, 16.7),
    "S123": (1, 16.7), "S201": (2, 33.3), "S202": (2, 33.3), "S203": (0, 0)})
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
$V schemas/coverage.schema.json $T/cand.json || fail "candidatures: coverage.json does not validate"
sed 's/"candidature": false/"candidature": "non"/' $T/cand.json >$T/bad-cand.json
$V schemas/coverage.schema.json $T/bad-cand.json 2>/dev/null && fail "coverage schema accepts candidature \"non\""
# Without --candidatures, the same actions give the old shape: no candidature key.
(cd $CC && $COV --referentiel referentiel.json -o $T/nocand.json retained.ndjson) 2>/dev/null || fail "run without candidatures"
grep -q '"candidature"\|"base"\|"coherence"' $T/nocand.json && fail "candidature keys without --candidatures"
grep -q '"collectivites": 4,' $T/nocand.json || fail "national base without --candidatures is not the 4 collectivités named"

# 9. Candidatures failures: exact stderr, exit, a previous output left as it was.
check_cand_failure() { # folder, exit, expected lines...
	local dir=$1 want_rc=$2
	shift 2
	printf 'previous\n' >$T/prev.json
	(cd $CASES/$dir && $COV --referentiel referentiel.json --candidatures candidatures.csv \
		-o $T/prev.json retained.ndjson) 2>$T/stderr
	rc=$?
	[ $rc -eq $want_rc ] || fail "$dir: exit $rc, want $want_rc"
	printf '%s\n' "$@" 'arobase-coverage: read 0, written 0, rejected 0; nothing written' >$T/want
	cmp -s $T/stderr $T/want || { fail "$dir: stderr"; diff -u $T/want $T/stderr; }
	[ "$(cat $T/prev.json)" = previous ] || fail "$dir: the previous output was changed"
	[ "$(ls $T | grep -c '^prev')" -eq 1 ] || fail "$dir: temporary file left: $(ls $T)"
}
check_cand_failure 12-candidature-en-double 65 \
	'arobase-coverage: candidatures.csv:4: code: 35238 appears twice (first on line 2)' \
	'arobase-coverage: candidatures.csv:5: code: empty code'
check_cand_failure 13-candidatures-sans-code 65 \
	'arobase-coverage: candidatures.csv:2: Code INSEE: warning: unknown column ignored' \
	'arobase-coverage: candidatures.csv:2: code: missing column (candidatures.csv has code;nom;departement;type;adherent;date_validation, and may add services_declares)'
check_cand_failure 14-candidatures-absent 66 \
	'arobase-coverage: candidatures.csv: No such file or directory'
check_cand_failure 15-candidatures-guillemet-ouvert 65 \
	'arobase-coverage: candidatures.csv:2: quoted cell never closed: it starts on this line and runs to the end of the file'

if [ $fails -gt 0 ]; then
	echo "test-coverage.sh: $fails failure(s)"
	exit 1
fi
echo "test-coverage.sh: all passed"
