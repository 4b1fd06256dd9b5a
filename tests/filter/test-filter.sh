#!/bin/bash
# test-filter.sh - end-to-end tests of arobase-filter beyond the case runner:
# retained and excluded actions compared byte for byte with goldens (the
# retained lines are the input lines untouched), the same bytes under
# LC_ALL=fr_FR.UTF-8, the excluded file valid against its schema, exact
# messages of failures, and a failed run leaving a previous output as it was.
# Runs from anywhere; AROBASE_BIN names the build directory (default build).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${AROBASE_BIN:-build}
FILTER=$BIN/arobase-filter
CASE=tests/filter/cases/01-fenetre-statuts
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-filter-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. Goldens, byte for byte, in two locales.
for lc in C fr_FR.UTF-8; do
	LC_ALL=$lc $FILTER --rules $CASE/rules.json -o $T/retained.ndjson \
		--rejects $T/excluded.ndjson $CASE/actions.ndjson 2>$T/stderr
	rc=$?
	[ $rc -eq 0 ] || fail "golden run ($lc): exit $rc"
	cmp -s $T/retained.ndjson $CASE/expected-retained.ndjson ||
		{ fail "retained.ndjson differs from the golden ($lc)"; diff -u $CASE/expected-retained.ndjson $T/retained.ndjson | head -20; }
	cmp -s $T/excluded.ndjson $CASE/expected-excluded.ndjson ||
		{ fail "excluded.ndjson differs from the golden ($lc)"; diff -u $CASE/expected-excluded.ndjson $T/excluded.ndjson | head -20; }
	printf '%s\n' "arobase-filter: read 10, written 4, rejected 6; prevue 2, outside window 2, no service 1, no collectivité 1" >$T/want
	cmp -s $T/stderr $T/want || { fail "stderr of the golden run ($lc)"; diff -u $T/want $T/stderr; }
done

# 2. The excluded file follows its schema; the schema refuses a line without motif.
/usr/bin/python3 tests/validate-json --lines schemas/excluded.schema.json $T/excluded.ndjson ||
	fail "excluded.ndjson does not validate against schemas/excluded.schema.json"
head -1 $CASE/actions.ndjson >$T/no-motif.ndjson
if /usr/bin/python3 tests/validate-json --lines schemas/excluded.schema.json $T/no-motif.ndjson 2>/dev/null; then
	fail "schemas/excluded.schema.json accepts an action without motif"
fi

# 3. Standard input and output.
$FILTER --rules $CASE/rules.json -o - - <$CASE/actions.ndjson >$T/stdout 2>/dev/null ||
	fail "reading standard input, writing standard output"
cmp -s $T/stdout $CASE/expected-retained.ndjson || fail "standard output differs from the golden"

# 4. A file error leaves the previous outputs byte-identical, with the exact message.
printf 'previous\n' >$T/retained.ndjson
printf 'previous rejects\n' >$T/excluded.ndjson
cp $T/retained.ndjson $T/retained.before
cp $T/excluded.ndjson $T/excluded.before
(cd tests/filter/cases/03-statut-inconnu &&
	../../../../$FILTER --rules rules.json -o $T/retained.ndjson --rejects $T/excluded.ndjson actions.ndjson) 2>$T/stderr
rc=$?
[ $rc -eq 65 ] || fail "unknown statut: exit $rc, want 65"
printf '%s\n' 'arobase-filter: actions.ndjson:3: statut: unknown status "Abandonnée" (prevue, en_cours or realisee)' \
	'arobase-filter: read 0, written 0, rejected 0; nothing written' >$T/want
cmp -s $T/stderr $T/want || { fail "unknown statut: stderr"; diff -u $T/want $T/stderr; }
cmp -s $T/retained.ndjson $T/retained.before || fail "a failed run changed the previous output"
cmp -s $T/excluded.ndjson $T/excluded.before || fail "a failed run changed the previous rejects"
[ -z "$(ls $T | grep -v -e '^retained' -e '^excluded' -e '^stderr' -e '^stdout' -e '^want' -e '^no-motif')" ] ||
	fail "temporary files left behind: $(ls $T)"

# 5. Missing input and rules: exit 66 with the file named.
$FILTER --rules $CASE/rules.json -o $T/x.ndjson $T/absent.ndjson 2>$T/stderr
rc=$?
[ $rc -eq 66 ] || fail "missing input: exit $rc, want 66"
grep -qxF "arobase-filter: $T/absent.ndjson: cannot open: No such file or directory" $T/stderr ||
	{ fail "missing input: message"; cat $T/stderr; }
[ ! -e $T/x.ndjson ] || fail "missing input: output written"
$FILTER --rules $T/absent-rules.json -o $T/x.ndjson $CASE/actions.ndjson 2>$T/stderr
rc=$?
[ $rc -eq 66 ] || fail "missing rules: exit $rc, want 66"
grep -qxF "arobase-filter: $T/absent-rules.json: No such file or directory" $T/stderr ||
	{ fail "missing rules: message"; cat $T/stderr; }

# 6. --help, --version, usage.
$FILTER --help >$T/stdout 2>$T/stderr || fail "--help exit"
head -1 $T/stdout | grep -qxF 'usage: arobase-filter --rules rules.json -o retained.ndjson [--rejects excluded.ndjson] actions.ndjson' ||
	fail "--help synopsis"
[ -s $T/stderr ] && fail "--help wrote to stderr"
$FILTER --version | grep -qE '^arobase-filter [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
$FILTER --rules $CASE/rules.json -o $T/x.ndjson a b 2>$T/stderr
[ $? -eq 64 ] || fail "two inputs: want exit 64"
$FILTER --bogus 2>/dev/null
[ $? -eq 64 ] || fail "unknown option: want exit 64"

if [ $fails -gt 0 ]; then
	echo "test-filter.sh: $fails failure(s)"
	exit 1
fi
echo "test-filter.sh: all passed"
