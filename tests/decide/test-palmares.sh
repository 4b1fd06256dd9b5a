#!/bin/bash
# test-palmares.sh - arobase-decide end to end, byte for byte: the palmarès
# (JSON and CSV) and the jury's book of case 11 against goldens, palmares.csv
# read back as a spreadsheet would (no cell left that it would evaluate),
# every JSON output against its schema, and the exit statuses of misuse.
#
# Environment: AROBASE_BIN (the build folder), COLLECTIVITES (the Etalab
# directory).  Run from the project root.
set -u
BIN=${AROBASE_BIN:-build}/arobase-decide
DIR=${COLLECTIVITES:-input/collectivites}
CASE=tests/cases/11-csv-formula-arobases
GOLD=tests/decide/golden
T=$(mktemp -d "${TMPDIR:-/tmp}/arobase-decide.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
no() { echo "FAIL: $*" >&2; fail=1; }

common=(--rules "$CASE/rules.json" --candidatures "$CASE/candidatures.csv"
        --history "$CASE/history" --coverage "$CASE/coverage.json" --collectivites "$DIR")

# 1. The palmarès of case 11, JSON and CSV, byte for byte.
"$BIN" "${common[@]}" --jury "$CASE/jury.csv" -o "$T/palmares.json" \
    --csv "$T/palmares.csv" --rejects "$T/rejects.ndjson" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] || no "case 11: exit $rc"
tail -n 1 "$T/err" | grep -qx 'arobase-decide: read 5, written 5, rejected 0; undecided 0, refused 0, violations 0, derogations 2, cannot check 6, unknown mentions 0' \
    || no "case 11: summary line: $(tail -n 1 "$T/err")"
cmp -s "$T/palmares.json" "$GOLD/palmares.json" || { no "palmares.json differs from the golden"; diff -u "$GOLD/palmares.json" "$T/palmares.json" | head -40; }
cmp -s "$T/palmares.csv" "$GOLD/palmares.csv" || { no "palmares.csv differs from the golden"; diff -u "$GOLD/palmares.csv" "$T/palmares.csv" | head -40; }
[ -f "$T/rejects.ndjson" ] && [ ! -s "$T/rejects.ndjson" ] || no "rejects file should exist and be empty"

# The région's name next to its code (laureates and statistiques.regions).
grep -q '"region_nom": "Île-de-France"' "$T/palmares.json" && grep -q '"28": "Normandie"' "$T/palmares.json" \
    || no "case 11: région names missing from palmares.json"

# 2. palmares.csv read back as a spreadsheet reads it.
/usr/bin/python3 - "$T/palmares.csv" "$CASE/jury.csv" <<'PY' || fail=1
import csv, io, sys
raw = open(sys.argv[1], 'rb').read()
ok = True
def bad(msg):
    global ok
    print("FAIL: palmares.csv: " + msg, file=sys.stderr); ok = False
if not raw.startswith(b'\xef\xbb\xbf'): bad("no UTF-8 BOM")
body = raw[3:]
if body.replace(b'\r\n', b'').find(b'\n') >= 0 and b'"' not in body: bad("a bare LF outside quotes")
if not body.endswith(b'\r\n'): bad("rows must end with CRLF")
rows = list(csv.reader(io.StringIO(body.decode('utf-8'), newline=''), delimiter=';'))
head = rows[0]
if head[:6] != ['code', 'nom', 'departement', 'type', 'arobases', 'niveau']: bad("header %r" % head)
if len(rows) != 6: bad("%d rows, want header + 5" % len(rows))
cells = 0
for r in rows[1:]:
    if len(r) != len(head): bad("row %r has %d cells" % (r[0], len(r)))
    for c in r:
        cells += 1
        if c[:1] in ('=', '+', '-', '@', '\t', '\r'):
            bad("cell %r would be evaluated" % c)
# The neutralised cells keep their text after the apostrophe, byte for byte.
by = {r[0]: dict(zip(head, r)) for r in rows[1:]}
jury = {r[0]: r for r in csv.reader(open(sys.argv[2], encoding='utf-8', newline=''), delimiter=';')}
if by['35238']['derogation'] != "'" + jury['35238'][6]: bad("35238 derogation %r" % by['35238']['derogation'])
if by['29019']['derogation'] != "'" + jury['29019'][6]: bad("29019 derogation %r" % by['29019']['derogation'])
if by['35238']['niveau'] != "'@@@@@" or by['35238']['arobases'] != '5': bad("35238 level")
if by['91228']['niveau'] != "'@@": bad("91228 level")
if by['76575']['derogation'] != '': bad("76575 has no derogation")
if cells < 50: bad("only %d cells read" % cells)
sys.exit(0 if ok else 1)
PY

# 3. The jury's book of case 11, byte for byte.
"$BIN" "${common[@]}" --prepare -o "$T/jury-book.json" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] || no "--prepare: exit $rc"
cmp -s "$T/jury-book.json" "$GOLD/jury-book.json" || { no "jury-book.json differs from the golden"; diff -u "$GOLD/jury-book.json" "$T/jury-book.json" | head -40; }

# 4. The bad row of jury-invalide.csv: its rejects line, byte for byte.
"$BIN" "${common[@]}" --jury "$CASE/jury-invalide.csv" -o "$T/p2.json" --rejects "$T/rej2.ndjson" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] || no "jury-invalide: exit $rc"
cmp -s "$T/rej2.ndjson" "$GOLD/jury-invalide.rejects.ndjson" || { no "rejects differ"; diff -u "$GOLD/jury-invalide.rejects.ndjson" "$T/rej2.ndjson"; }
grep -q 'jury-invalide.csv:5: arobases: 6 arobases ("@@@@@@") out of range: allowed 1 to 5' "$T/err" || no "jury-invalide: message"
grep -q 'Rennes (35238): undecided: its jury row was rejected' "$T/err" || no "jury-invalide: undecided warning"
tail -n 1 "$T/err" | grep -q '^arobase-decide: read 5, written 4, rejected 1; undecided 1 (35238)' || no "jury-invalide: summary $(tail -n 1 "$T/err")"

# 5. Every JSON output against its schema.
/usr/bin/python3 - "$T" <<'PY' || fail=1
import json, sys, jsonschema
T = sys.argv[1]
ok = True
for schema, f, lines in [('palmares', 'palmares.json', False), ('palmares', 'p2.json', False),
                         ('jury-book', 'jury-book.json', False),
                         ('decide-reject', 'rej2.ndjson', True)]:
    s = json.load(open('schemas/%s.schema.json' % schema))
    v = jsonschema.Draft202012Validator(s)
    docs = [json.loads(l) for l in open(T + '/' + f)] if lines else [json.load(open(T + '/' + f))]
    if not docs: print("FAIL: %s is empty" % f, file=sys.stderr); ok = False
    for d in docs:
        for e in v.iter_errors(d):
            print("FAIL: %s: %s" % (f, e.message), file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY

# 6. Misuse and missing inputs.
"$BIN" --help >"$T/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^usage: arobase-decide --rules' "$T/out" || no "--help: exit $rc"
"$BIN" "${common[@]}" -o "$T/x.json" 2>"$T/err"; rc=$?
[ $rc -eq 64 ] && grep -q '^usage: arobase-decide' "$T/err" || no "neither --prepare nor --jury: exit $rc"
"$BIN" "${common[@]}" --prepare --jury "$CASE/jury.csv" -o "$T/x.json" 2>/dev/null; rc=$?
[ $rc -eq 64 ] || no "both --prepare and --jury: exit $rc"
"$BIN" "${common[@]}" --jury "$T/absent.csv" -o "$T/x.json" 2>"$T/err"; rc=$?
[ $rc -eq 66 ] && grep -q 'absent.csv' "$T/err" || no "missing jury: exit $rc"
[ ! -e "$T/x.json" ] || no "an output was written after an error"
# An output that cannot be created.
"$BIN" "${common[@]}" --jury "$CASE/jury.csv" -o "$T/no/such/dir/p.json" 2>/dev/null; rc=$?
[ $rc -eq 73 ] || no "uncreatable output: exit $rc"

# 7. "-" is standard input, for any one input file (the same bytes as the file).
"$BIN" "${common[@]}" --jury "$CASE/jury.csv" -o "$T/ref.json" 2>/dev/null
for opt in rules candidatures coverage jury; do
    args=(--rules "$CASE/rules.json" --candidatures "$CASE/candidatures.csv"
          --history "$CASE/history" --coverage "$CASE/coverage.json" --collectivites "$DIR"
          --jury "$CASE/jury.csv" -o "$T/stdin-$opt.json")
    for i in "${!args[@]}"; do
        [ "${args[$i]}" = "--$opt" ] && { src=${args[$((i + 1))]}; args[$((i + 1))]=-; }
    done
    "$BIN" "${args[@]}" <"$src" 2>"$T/err"; rc=$?
    [ $rc -eq 0 ] || no "--$opt -: exit $rc: $(head -n 1 "$T/err")"
    cmp -s "$T/ref.json" "$T/stdin-$opt.json" || no "--$opt -: palmares differs from the one read from the file"
done
"$BIN" "${common[@]}" --jury - -o "$T/x.json" --rejects "$T/rej-stdin.ndjson" 2>/dev/null \
    <"$CASE/jury-invalide.csv"; rc=$?
[ $rc -eq 0 ] && grep -q '"fichier":"-","ligne":5,"champ":"arobases"' "$T/rej-stdin.ndjson" \
    || no "--jury - with a bad row: exit $rc, rejects $(cat "$T/rej-stdin.ndjson" 2>/dev/null)"
rm -f "$T/x.json"
args=(--rules - --candidatures "$CASE/candidatures.csv" --history "$CASE/history"
      --coverage "$CASE/coverage.json" --collectivites "$DIR" --jury - -o "$T/x.json")
"$BIN" "${args[@]}" </dev/null 2>"$T/err"; rc=$?
[ $rc -eq 64 ] && grep -q 'standard input (-) can feed only one of --rules, --candidatures, --coverage and --jury' "$T/err" \
    && grep -q '^usage: arobase-decide' "$T/err" || no "two inputs from -: exit $rc"
"$BIN" --rules "$CASE/rules.json" --candidatures "$CASE/candidatures.csv" --history - \
    --coverage "$CASE/coverage.json" --jury "$CASE/jury.csv" -o "$T/x.json" </dev/null 2>"$T/err"; rc=$?
[ $rc -eq 64 ] || no "--history -: exit $rc"
[ ! -e "$T/x.json" ] || no "an output was written after a usage error"

# 8. The default collectivités folder: missing, it is a warning (once) and
# populations and régions are unknown; an explicit missing folder is exit 66.
mkdir "$T/elsewhere"
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
A=$(abs "$CASE") ABIN=$(abs "$BIN")
(cd "$T/elsewhere" && "$ABIN" --rules "$A/rules.json" --candidatures "$A/candidatures.csv" \
    --history "$A/history" --coverage "$A/coverage.json" --jury "$A/jury.csv" -o p.json) 2>"$T/err"; rc=$?
[ $rc -eq 0 ] || no "no default collectivités: exit $rc"
[ "$(grep -c 'input/collectivites' "$T/err")" -eq 1 ] && \
    grep -qx 'arobase-decide: warning: input/collectivites: not found: populations and régions unknown (run make deps, or give --collectivites DIR)' "$T/err" \
    || no "no default collectivités: warning missing or repeated: $(grep collectivites "$T/err")"
grep -q '"population"' "$T/elsewhere/p.json" && no "no default collectivités: populations written"
grep -q '"inconnue": 5' "$T/elsewhere/p.json" || no "no default collectivités: régions should be unknown"
rm -f "$T/elsewhere/p.json"
(cd "$T/elsewhere" && "$ABIN" --rules "$A/rules.json" --candidatures "$A/candidatures.csv" \
    --history "$A/history" --coverage "$A/coverage.json" --collectivites absent \
    --jury "$A/jury.csv" -o p.json) 2>"$T/err"; rc=$?
[ $rc -eq 66 ] && [ ! -e "$T/elsewhere/p.json" ] || no "explicit missing --collectivites: exit $rc"

# 9. A jury file that cannot be read as a whole: its error alone, then the
# summary (no candidature listed as undecided), exit 65, nothing written.
: >"$T/jury-vide.csv"
printf 'code;nom;mentions\n76575;Saint-Étienne-du-Rouvray;\n' >"$T/jury-sans-arobases.csv"
for j in jury-vide jury-sans-arobases; do
    "$BIN" "${common[@]}" --jury "$T/$j.csv" -o "$T/x.json" --rejects "$T/x.ndjson" 2>"$T/err"; rc=$?
    [ $rc -eq 65 ] || no "$j: exit $rc"
    [ "$(wc -l <"$T/err")" -eq 2 ] || { no "$j: the file error should be reported alone:"; cat "$T/err" >&2; }
    tail -n 1 "$T/err" | grep -q '; nothing written$' || no "$j: summary $(tail -n 1 "$T/err")"
    [ ! -e "$T/x.json" ] && [ ! -e "$T/x.ndjson" ] || no "$j: an output was written"
done
grep -q "jury-sans-arobases.csv:1: arobases: missing column \"arobases\"" "$T/err" || no "jury-sans-arobases: message"

# 10. An unknown mention is counted in the summary.
sed 's/;Écoles Internet;/;Villes fleuries;/' "$CASE/jury.csv" >"$T/jury-mention.csv"
"$BIN" "${common[@]}" --jury "$T/jury-mention.csv" -o "$T/x.json" 2>"$T/err"; rc=$?
[ $rc -eq 65 ] && tail -n 1 "$T/err" | grep -q ', unknown mentions 1; nothing written$' \
    || no "unknown mention: exit $rc, summary $(tail -n 1 "$T/err")"

[ $fail -eq 0 ] && echo "test-palmares: ok"
exit $fail
