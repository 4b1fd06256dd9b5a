#!/bin/bash
# test-xml.sh - end-to-end checks of arobase-ingest over every XML export of
# the ingest cases (tests/cases and tests/ingest/cases), beyond what their
# case.json can say:
#   1. the read-buffer size (--buffer-size 1 to 65536) changes nothing: same
#      exit status, outputs and stderr, byte for byte;
#   2. the summary line is last on stderr, read = written + rejected, each
#      count equal to the lines of its file, nothing written on exit 65;
#   3. schemas/actions.xsd and ingest agree: every export ingest reads
#      validates with xmllint, and every export ingest refuses for its
#      structure ("schemas/actions.xsd" in the message) does not;
#   4. case 28: the 12 MB synthèse is whole (size and sha256 of synthese.sha256);
#   5. case 25 (billion laughs) ends within a second in a few MB; case 24
#      opens no other file and tries no network (strace, when present);
#      case 26 reads the same with no network at all (unshare, when allowed);
#   6. a file error leaves a previous output byte-identical.
# Needs AROBASE_BIN (the build folder).  Exits non-zero on the first failure.
set -u
BIN=$(cd "${AROBASE_BIN:-build}" 2>/dev/null && pwd)/arobase-ingest
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/test-xml.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "test-xml: FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no program $BIN"

inputs=("$ROOT"/tests/cases/*/*.xml "$ROOT"/tests/ingest/cases/*/*.xml "$ROOT"/tests/ingest/cases/78-*/export.txt)
mkdir -p "$T/gen28" && /usr/bin/python3 "$ROOT/tests/cases/28-xml-huge-text-node/gen.py" "$T/gen28" >/dev/null \
	|| fail "gen.py of case 28"
inputs+=("$T/gen28/actions.xml")
[ ${#inputs[@]} -ge 15 ] || fail "only ${#inputs[@]} inputs found"

n=0
for f in "${inputs[@]}"; do
	n=$((n + 1))
	ref="$T/ref"; mkdir -p "$ref"; rm -f "$ref"/*
	(cd "$T" && "$BIN" -o "$ref/out" --rejects "$ref/rej" "$f" 2>"$ref/err"); echo $? >"$ref/rc"
	rc=$(cat "$ref/rc")
	sizes="1 2 3 5 7 16 100 4096 65536"
	[ "$(stat -c %s "$f")" -gt 100000 ] && sizes="4093 65536"
	for bs in $sizes; do
		got="$T/bs$bs"; mkdir -p "$got"; rm -f "$got"/*
		(cd "$T" && "$BIN" --buffer-size "$bs" -o "$got/out" --rejects "$got/rej" "$f" 2>"$got/err"); echo $? >"$got/rc"
		for k in rc out rej err; do
			if [ -e "$ref/$k" ] || [ -e "$got/$k" ]; then
				cmp -s "$ref/$k" "$got/$k" || { diff "$ref/$k" "$got/$k" | head -5 >&2; fail "$f: --buffer-size $bs changes $k"; }
			fi
		done
	done
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
		# (xmllint takes 20 s over case 28's 12 MB text node: small files only)
		[ "$(stat -c %s "$f")" -gt 1000000 ] ||
		xmllint --noout --nonet --stream --schema "$ROOT/schemas/actions.xsd" "$f" 2>/dev/null \
			|| fail "$f: ingest reads it but schemas/actions.xsd refuses it"
	elif [ "$rc" = 65 ]; then
		[ ! -e "$ref/out" ] && [ ! -e "$ref/rej" ] || fail "$f: exit 65 but something was written"
		grep -q '^arobase-ingest: .*:[0-9][0-9]*: ' "$ref/err" || fail "$f: the file error names no line"
		if grep -q 'schemas/actions.xsd' "$ref/err"; then
			xmllint --noout --nonet --stream --schema "$ROOT/schemas/actions.xsd" "$f" 2>/dev/null \
				&& fail "$f: ingest refuses its structure but schemas/actions.xsd accepts it"
		fi
	else
		fail "$f: exit $rc"
	fi
	if [ "$f" = "$T/gen28/actions.xml" ]; then
		[ "$rc" = 0 ] || fail "case 28: exit $rc"
		/usr/bin/python3 - "$ref/out" "$T/gen28/synthese.sha256" <<'PY' || fail "case 28: synthèse not whole"
import hashlib, json, sys
acts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
s = acts[0]["synthese"].encode("utf-8")
want = open(sys.argv[2]).read().split()[0]
if [a["id_action"] for a in acts] != ["1281", "1282"] or len(s) != 12_000_000 \
        or hashlib.sha256(s).hexdigest() != want:
    sys.exit(f"ids {[a['id_action'] for a in acts]}, {len(s)} bytes")
PY
	fi
done

# Case 25: refused at once, in a few MB (64 MB allows for a sanitizer build).
# Run from a folder without input/collectivites/, so that the time and memory
# measured are the XML reader's, not those of reading the Etalab directory.
(cd "$T" && /usr/bin/time -f '%e %M' -o "$T/time25" "$BIN" -o "$T/o25" \
	"$ROOT/tests/cases/25-xml-billion-laughs/actions.xml" 2>/dev/null)
[ $? = 65 ] || fail "case 25 does not exit 65"
read -r secs kb < <(tail -n 1 "$T/time25")
awk -v s="$secs" -v k="$kb" 'BEGIN { exit !(s < 1.0 && k < 64000) }' \
	|| fail "case 25 took ${secs}s and ${kb} KB"

# Case 24: no other file opened, no socket.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	strace -f -e trace=openat,open,connect,socket -o "$T/trace24" \
		"$BIN" -o "$T/o24" "$ROOT/tests/cases/24-xml-xxe/actions.xml" 2>/dev/null
	grep -q -e passwd -e connect -e 'socket(' "$T/trace24" && { cat "$T/trace24" >&2; fail "case 24 read a file or tried the network"; }
	grep -q '24-xml-xxe/actions.xml' "$T/trace24" || fail "case 24: strace saw nothing"
fi
# Case 26: the same bytes without any network.
if unshare -rn true 2>/dev/null; then
	"$BIN" -o "$T/o26" "$ROOT/tests/cases/26-xml-external-dtd-offline/actions.xml" 2>/dev/null || fail "case 26 with network"
	unshare -rn "$BIN" -o "$T/o26n" "$ROOT/tests/cases/26-xml-external-dtd-offline/actions.xml" 2>/dev/null \
		|| fail "case 26 without network"
	cmp -s "$T/o26" "$T/o26n" || fail "case 26 differs without network"
fi

# A file error leaves the previous outputs as they were.
printf 'previous\n' >"$T/keep.out"; printf 'previous rejects\n' >"$T/keep.rej"
"$BIN" -o "$T/keep.out" --rejects "$T/keep.rej" "$ROOT/tests/ingest/cases/75-xml-malformed/actions.xml" 2>/dev/null
[ $? = 65 ] || fail "case 75 does not exit 65"
[ "$(cat "$T/keep.out")" = previous ] && [ "$(cat "$T/keep.rej")" = "previous rejects" ] \
	|| fail "a file error changed the previous outputs"

# Standard input: detected as XML from its content.
"$BIN" -o "$T/stdin.out" - <"$ROOT/tests/ingest/cases/70-xml-valid-export/actions.xml" 2>"$T/stdin.err" \
	|| fail "XML on standard input"
"$BIN" -o "$T/file.out" "$ROOT/tests/ingest/cases/70-xml-valid-export/actions.xml" 2>/dev/null
sed 's/"fichier":"actions.xml"/"fichier":"-"/' "$T/file.out" | cmp -s - "$T/stdin.out" \
	|| fail "XML on standard input differs from the file"

echo "test-xml: $n inputs, buffer sizes swept, counts, schema and safety checked"
