#!/bin/bash
# test-sheets.sh - arobase-ingest over a folder of sheet CSVs (the platform's
# workbook saved sheet by sheet): tests/ingest/sheets/export holds a small
# realistic export (headers with stray trailing spaces, a BOM, CRLF, a
# multi-line cell, the Services sheet in Windows-1252, persons' e-mails and
# phones) and tests/ingest/sheets/expected its outputs and stderr.
#   1. outputs and stderr equal the goldens byte for byte, for every
#      read-buffer size and under LC_ALL=fr_FR.UTF-8;
#   2. no e-mail, phone or name of the Personnes sheet reaches any output;
#   3. outputs validate against their schemas;
#   4. failures (missing sheet, duplicate header, a column the link sheets
#      give, link to an unknown action under --strict) exit 65 with their
#      exact message and write nothing.
# Needs AROBASE_BIN (the build folder).  Exits non-zero on the first failure.
set -u
BIN=$(cd "${AROBASE_BIN:-build}" 2>/dev/null && pwd)/arobase-ingest
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S="$ROOT/tests/ingest/sheets"
T=$(mktemp -d "${TMPDIR:-/tmp}/test-sheets.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "test-sheets: FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no program $BIN"
cp -r "$S/export" "$T/export"
cd "$T" || fail "cd"

# 1. goldens, across buffer sizes and locales
for run in "" "--buffer-size 1" "--buffer-size 2" "--buffer-size 3" "--buffer-size 7" \
           "--buffer-size 64" "--buffer-size 4096" "LC"; do
	rm -f out.ndjson rej.ndjson err
	if [ "$run" = LC ]; then
		LC_ALL=fr_FR.UTF-8 "$BIN" -o out.ndjson --rejects rej.ndjson export 2>err
	else
		# shellcheck disable=SC2086
		"$BIN" $run -o out.ndjson --rejects rej.ndjson export 2>err
	fi
	rc=$?
	[ "$rc" = 0 ] || { cat err >&2; fail "[$run] exit $rc"; }
	cmp -s out.ndjson "$S/expected/actions.ndjson" || { diff -u "$S/expected/actions.ndjson" out.ndjson >&2; fail "[$run] actions differ"; }
	cmp -s rej.ndjson "$S/expected/rejects.ndjson" || { diff -u "$S/expected/rejects.ndjson" rej.ndjson >&2; fail "[$run] rejects differ"; }
	cmp -s err "$S/expected/stderr" || { diff -u "$S/expected/stderr" err >&2; fail "[$run] stderr differs"; }
done

# the summary: N = W + R, R the lines of the rejects file
last=$(tail -n 1 err)
read -r N W R <<<"$(sed -E 's/^arobase-ingest: read ([0-9]+), written ([0-9]+), rejected ([0-9]+).*/\1 \2 \3/' <<<"$last")"
[ "$N" -eq $((W + R)) ] || fail "read $N != written $W + rejected $R"
[ "$R" -eq "$(wc -l <rej.ndjson)" ] || fail "rejected $R but $(wc -l <rej.ndjson) lines"
# N counts every record of every sheet
recs=0
for f in export/*.csv; do
	recs=$((recs + $(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1], encoding="cp1252" if "Services" in sys.argv[1] else "utf-8-sig", newline=""), delimiter=";") if any(r)) - 1)' "$f")))
done
[ "$N" -eq "$recs" ] || fail "read $N, but the sheets hold $recs records"

# 2. persons' data never reaches an output
for s in marie.dupont@example.org "02 99 12 34 56" yann.legoff "06 12 34 56 78" Dupont "Le Goff" P1 P2; do
	grep -rqF -- "$s" out.ndjson rej.ndjson err && fail "\"$s\" of the Personnes sheets reached an output"
done
grep -qF 'marie.dupont@example.org' export/Personnes.csv || fail "the fixture lost its sample e-mail"

# 3. schemas
/usr/bin/python3 - "$ROOT/schemas" out.ndjson rej.ndjson <<'PY' || fail "schema validation"
import json, sys, jsonschema
sd, acts, rejs = sys.argv[1:4]
for path, schema in ((acts, "action.schema.json"), (rejs, "ingest-reject.schema.json")):
    v = jsonschema.Draft202012Validator(json.load(open(f"{sd}/{schema}")))
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        errs = list(v.iter_errors(json.loads(line)))
        if errs:
            sys.exit(f"{path}:{i}: {errs[0].message}")
PY

# 4. failures: exit 65, the exact message, nothing written, the summary last
expect_fail() {   # name, expected message line, arobase-ingest arguments...
	local name=$1 msg=$2; shift 2
	rm -f out.ndjson rej.ndjson
	"$BIN" "$@" -o out.ndjson --rejects rej.ndjson 2>err
	rc=$?
	[ "$rc" = 65 ] || { cat err >&2; fail "$name: exit $rc, not 65"; }
	grep -qxF -- "$msg" err || { cat err >&2; fail "$name: no line \"$msg\""; }
	[ ! -e out.ndjson ] && [ ! -e rej.ndjson ] || fail "$name: something was written"
	tail -n 1 err | grep -q '^arobase-ingest: read .*nothing written$' || fail "$name: summary"
}
cp -r export nolieux && rm nolieux/Lieux.csv
expect_fail "missing sheet" \
	"arobase-ingest: nolieux: no sheet Lieux: the folder must hold Lieux.csv (the sheets of the platform's export saved as CSV)" nolieux
cp -r export dup && printf 'Id_Action;Id_Lieu;Id lieu \r\n1011;L1;L1\r\n' >"dup/Liaison Lieux.csv"
expect_fail "duplicate header" \
	"arobase-ingest: dup/Liaison Lieux.csv:1: Id lieu: columns 2 and 3 both name the field id_lieu (rename or remove one of them)" dup
cp -r export flat && printf '\xef\xbb\xbfId_Action;Titre;Date;Statut;Services\r\n1011;T;15/01/2017;Réalisée;S012\r\n' >flat/Actions.csv
expect_fail "services column in Actions" \
	"arobase-ingest: flat/Actions.csv:1: Services: column 5 names the field services, which a folder of sheets takes from its link sheets (remove the column)" flat
cp -r export twice && cp twice/Lieux.csv twice/lieux.CSV
expect_fail "two files for one sheet" \
	"arobase-ingest: twice: \"Lieux.csv\" and \"lieux.CSV\" are both the sheet Lieux (keep one of them)" twice
expect_fail "link to unknown action, --strict" \
	"arobase-ingest: export/Liaison Lieux.csv:7: Id_Action: unknown action \"1099\": Actions.csv has no such Id_Action" --strict export
# a previous output stays as it was
printf 'previous\n' >keep.ndjson
"$BIN" -o keep.ndjson nolieux 2>/dev/null
[ $? = 65 ] && [ "$(cat keep.ndjson)" = previous ] || fail "a file error changed the previous output"

echo "test-sheets: goldens equal across buffer sizes and locales, persons' data kept out, failures checked"
