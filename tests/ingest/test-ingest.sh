#!/bin/bash
# test-ingest.sh - end-to-end checks of arobase-ingest over every CSV input of
# the ingest cases (tests/cases and tests/ingest/cases):
#   1. the read-buffer size (--buffer-size 1 to 65536) changes nothing: same
#      exit status, outputs and stderr, byte for byte;
#   2. the summary line is last on stderr and read = written + rejected,
#      each count equal to the lines of its file;
#   3. every output line validates against schemas/action.schema.json and
#      every reject against schemas/ingest-reject.schema.json;
#   4. a file error leaves a previous output byte-identical;
#   5. the note "read as ..." comes before any message about a row;
#   6. the default --collectivites (input/collectivites/ of the current
#      folder) is read when present, and its absence is a warning said once;
#   7. an export that cannot be read twice (a pipe, /dev/stdin, a FIFO) gives
#      the same actions as the file;
#   8. an output that cannot be created exits 73, one that cannot be written 74.
# Needs AROBASE_BIN (the build folder).  Exits non-zero on the first failure.
set -u
BIN=$(cd "${AROBASE_BIN:-build}" 2>/dev/null && pwd)/arobase-ingest
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/test-ingest.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "test-ingest: FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no program $BIN"

inputs=()
for f in "$ROOT"/tests/cases/*/*.csv "$ROOT"/tests/ingest/cases/*/*.csv; do
	case "$(head -c 200 "$f" | tr -d '\0')" in
	*Id_Action*|*ID_ACTION*|"") inputs+=("$f") ;;
	esac
done
# the 1 MiB cell of case 10, written by its generator
mkdir -p "$T/gen" && /usr/bin/python3 "$ROOT/tests/cases/10-csv-1mb-field/gen.py" "$T/gen" >/dev/null \
	|| fail "gen.py of case 10"
inputs+=("$T/gen/actions.csv")
[ ${#inputs[@]} -ge 30 ] || fail "only ${#inputs[@]} inputs found"

n=0
for f in "${inputs[@]}"; do
	n=$((n + 1))
	ref="$T/ref"; mkdir -p "$ref"; rm -f "$ref"/*
	(cd "$T" && "$BIN" -o "$ref/out" --rejects "$ref/rej" "$f" 2>"$ref/err"); echo $? >"$ref/rc"
	rc=$(cat "$ref/rc")
	sizes="1 2 3 5 16 4096 65536"
	[ "$(stat -c %s "$f")" -gt 100000 ] && sizes="1 7 65536"
	for bs in $sizes; do
		got="$T/bs$bs"; mkdir -p "$got"; rm -f "$got"/*
		(cd "$T" && "$BIN" --buffer-size "$bs" -o "$got/out" --rejects "$got/rej" "$f" 2>"$got/err"); echo $? >"$got/rc"
		for k in rc out rej err; do
			if [ -e "$ref/$k" ] || [ -e "$got/$k" ]; then
				cmp -s "$ref/$k" "$got/$k" || { diff "$ref/$k" "$got/$k" >&2; fail "$f: --buffer-size $bs changes $k"; }
			fi
		done
	done
	# the note "read as ..." comes right after the header, before any row's message
	awk '/: read as / { exit seen ? 1 : 0 } /^arobase-ingest: .*:[0-9]+: / { seen = 1 }' "$ref/err" \
		|| { cat "$ref/err" >&2; fail "$f: the note \"read as\" comes after a row's message"; }
	last=$(tail -n 1 "$ref/err")
	case "$last" in
	"arobase-ingest: read "*) ;;
	*) fail "$f: last stderr line is not the summary: $last" ;;
	esac
	if [ "$rc" = 0 ]; then
		read -r N W R <<<"$(sed -E 's/^arobase-ingest: read ([0-9]+), written ([0-9]+), rejected ([0-9]+).*/\1 \2 \3/' <<<"$last")"
		[ "$N" -eq $((W + R)) ] || fail "$f: read $N != written $W + rejected $R"
		[ "$W" -eq "$(wc -l <"$ref/out")" ] || fail "$f: written $W but $(wc -l <"$ref/out") lines"
		[ "$R" -eq "$(wc -l <"$ref/rej")" ] || fail "$f: rejected $R but $(wc -l <"$ref/rej") lines"
		cat "$ref/out" >>"$T/all-actions.ndjson"
		cat "$ref/rej" >>"$T/all-rejects.ndjson"
	elif [ "$rc" = 65 ]; then
		[ ! -e "$ref/out" ] && [ ! -e "$ref/rej" ] || fail "$f: exit 65 but something was written"
	else
		fail "$f: exit $rc"
	fi
done

/usr/bin/python3 - "$ROOT/schemas" "$T/all-actions.ndjson" "$T/all-rejects.ndjson" <<'PY' || fail "schema validation"
import json, sys, jsonschema
sd, acts, rejs = sys.argv[1:4]
for path, schema in ((acts, "action.schema.json"), (rejs, "ingest-reject.schema.json")):
    s = json.load(open(f"{sd}/{schema}"))
    v = jsonschema.Draft202012Validator(s)
    n = 0
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        errs = list(v.iter_errors(json.loads(line)))
        if errs:
            sys.exit(f"{path}:{i}: {errs[0].message}")
        n += 1
    if n < 5:
        sys.exit(f"{path}: only {n} lines")
PY

# A file error leaves the previous outputs as they were.
printf 'previous\n' >"$T/keep.out"; printf 'previous rejects\n' >"$T/keep.rej"
"$BIN" -o "$T/keep.out" --rejects "$T/keep.rej" "$ROOT/tests/cases/06-csv-unterminated-quote/actions.csv" 2>/dev/null
[ $? = 65 ] || fail "case 06 does not exit 65"
[ "$(cat "$T/keep.out")" = previous ] && [ "$(cat "$T/keep.rej")" = "previous rejects" ] \
	|| fail "a file error changed the previous outputs"
[ -z "$(ls "$T" | grep -v -e '^keep' -e '^ref$' -e '^bs' -e '^gen$' -e '^all-')" ] || fail "temporary files left: $(ls "$T")"

# Usage errors exit 64 with the usage line; a missing export exits 66.
"$BIN" 2>"$T/u"; [ $? = 64 ] && grep -q '^usage: arobase-ingest' "$T/u" || fail "usage error"
"$BIN" --delimiter '|' -o "$T/x" a.csv 2>/dev/null; [ $? = 64 ] || fail "bad --delimiter"
"$BIN" -o "$T/x" "$T/no-such.csv" 2>/dev/null; [ $? = 66 ] || fail "missing export"
"$BIN" --help | grep -q '^usage: arobase-ingest' || fail "--help"

# The default --collectivites: input/collectivites/ of the current folder.
c50="$ROOT/tests/ingest/cases/50-collectivites-directory/actions.csv"
warn="arobase-ingest: warning: input/collectivites: not found: collectivité codes are not checked (run make deps, or give --collectivites DIR)"
mkdir -p "$T/nodir" "$T/withdir/input"
(cd "$T/nodir" && "$BIN" -o d.out "$c50" 2>d.err); [ $? = 0 ] || fail "no default folder: exit not 0"
[ "$(head -n 1 "$T/nodir/d.err")" = "$warn" ] || { cat "$T/nodir/d.err" >&2; fail "no default folder: no warning first"; }
[ "$(grep -c 'input/collectivites' "$T/nodir/d.err")" = 1 ] || fail "no default folder: the warning is not said once"
grep -q '"collectivites":\["99999"\]' "$T/nodir/d.out" || fail "no default folder: 99999 not written"
ln -s "$ROOT/input/collectivites" "$T/withdir/input/collectivites"
(cd "$T/withdir" && "$BIN" -o d.out "$c50" 2>d.err); [ $? = 0 ] || fail "default folder: exit not 0"
grep -q 'input/collectivites' "$T/withdir/d.err" && fail "default folder present: warned"
grep -q 'actions.csv:4: Collectivité: unknown collectivité code "99999"' "$T/withdir/d.err" \
	|| { cat "$T/withdir/d.err" >&2; fail "default folder present: 99999 not rejected"; }
grep -q '99999' "$T/withdir/d.out" && fail "default folder present: 99999 written"
"$BIN" --collectivites "$T/no-such-dir" -o "$T/x" "$c50" 2>/dev/null; [ $? = 66 ] || fail "missing --collectivites DIR"
rm -rf "$T/nodir" "$T/withdir"

# An export that cannot be read twice (a pipe, /dev/stdin, a FIFO) is read as "-" is.
demo="$ROOT/tests/cases/01-csv-sep-line/actions.csv"
nosrc() { sed 's/,"source":{[^}]*}}$/}/' "$1"; }
(cd "$T" && "$BIN" -o "$T/p.ref" "$demo" 2>"$T/p.referr") || fail "pipes: reference run"
for how in dash stdin procsub fifo; do
	rm -f "$T/p.out" "$T/fifo"
	case $how in
	dash) (cd "$T" && "$BIN" -o "$T/p.out" - <"$demo" 2>"$T/p.err") ;;
	stdin) (cd "$T" && cat "$demo" | "$BIN" -o "$T/p.out" /dev/stdin 2>"$T/p.err") ;;
	procsub) (cd "$T" && "$BIN" -o "$T/p.out" <(cat "$demo") 2>"$T/p.err") ;;
	fifo) mkfifo "$T/fifo" && { cat "$demo" >"$T/fifo" & }
		(cd "$T" && timeout 20 "$BIN" -o "$T/p.out" "$T/fifo" 2>"$T/p.err"); st=$?
		kill %% 2>/dev/null; wait; (exit $st) ;;
	esac
	[ $? = 0 ] || { cat "$T/p.err" >&2; fail "pipes: $how: exit not 0"; }
	cmp -s <(nosrc "$T/p.ref") <(nosrc "$T/p.out") || { diff <(nosrc "$T/p.ref") <(nosrc "$T/p.out") >&2; fail "pipes: $how: other actions"; }
	[ "$(tail -n 1 "$T/p.err")" = "$(tail -n 1 "$T/p.referr")" ] || fail "pipes: $how: other summary"
done
xml70="$ROOT/tests/ingest/cases/70-xml-valid-export/actions.xml"
(cd "$T" && "$BIN" -o "$T/x.ref" "$xml70" 2>/dev/null && cat "$xml70" | "$BIN" -o "$T/x.out" /dev/stdin 2>/dev/null) \
	|| fail "pipes: XML on /dev/stdin"
cmp -s <(nosrc "$T/x.ref") <(nosrc "$T/x.out") || fail "pipes: XML on /dev/stdin: other actions"
rm -f "$T/p.ref" "$T/p.referr" "$T/p.out" "$T/p.err" "$T/fifo" "$T/x.ref" "$T/x.out"

# An output that cannot be created exits 73; one that cannot be written, 74.
mkdir -p "$T/outdir"
"$BIN" -o "$T/outdir" "$c50" 2>"$T/e"; [ $? = 73 ] || fail "-o a folder: exit not 73"
grep -q "outdir: cannot create: Is a directory" "$T/e" || { cat "$T/e" >&2; fail "-o a folder: message"; }
[ -z "$(ls -A "$T/outdir")" ] || fail "-o a folder: something written in it"
"$BIN" -o "$T/x" --rejects "$T/outdir" "$c50" 2>/dev/null; [ $? = 73 ] || fail "--rejects a folder: exit not 73"
[ ! -e "$T/x" ] || fail "--rejects a folder: the output was written"
"$BIN" -o "$T/no-such-dir/x" "$c50" 2>/dev/null; [ $? = 73 ] || fail "-o in a missing folder: exit not 73"
if [ -w /dev/full ]; then
	"$BIN" -o /dev/full "$c50" 2>/dev/null; [ $? = 74 ] || fail "-o /dev/full: exit not 74"
	"$BIN" -o "$T/x" --rejects /dev/full "$c50" 2>/dev/null; [ $? = 74 ] || fail "--rejects /dev/full: exit not 74"
	[ ! -e "$T/x" ] || fail "--rejects /dev/full: the output was written"
fi
rm -rf "$T/outdir" "$T/e"

echo "test-ingest: $n inputs, buffer sizes swept, counts and schemas checked"
