#!/usr/bin/env bash
# End-to-end tests of arobase-audit, make archive and scripts/arobase-cron:
#  - a run's MANIFEST.json validates and audits clean (exit 0);
#  - two archives of one run are byte-identical, and auditing one gives 0;
#  - one byte changed in one input of the archive: exit 1 naming the input
#    and the output that differs (first differing record and field);
#  - a recorded output altered afterwards: exit 1 naming it;
#  - versions recorded differently: refused without --force;
#  - a stage killed with SIGKILL while writing a large output leaves the
#    previous output intact, and the next run succeeds with no temporary file;
#  - two cron runs of one millésime at once: the second refuses, or waits.
# Environment: AROBASE_BIN (build folder), COLLECTIVITES.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=$(cd "${AROBASE_BIN:-build}" && pwd)
COLL=${COLLECTIVITES:-input/collectivites}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok()  { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }
export SOURCE_DATE_EPOCH=1735689600

mk() { make --no-print-directory -s B="$BIN" MILLESIME=2018 IN=input/demo/2018 \
	COLLECTIVITES="$COLL" "$@"; }

mk pipeline OUT="$tmp/out" >"$tmp/log" 2>&1 || { bad "pipeline failed"; tail "$tmp/log"; exit 1; }
tests/validate-json schemas/manifest.schema.json "$tmp/out/MANIFEST.json" && ok "MANIFEST.json validates" || bad "MANIFEST.json does not validate"
grep -q '"source_date_epoch": "1735689600"' "$tmp/out/MANIFEST.json" && ok "manifest records SOURCE_DATE_EPOCH" || bad "manifest lacks SOURCE_DATE_EPOCH"
grep -q '"fichier": "input/demo/2018/actions.csv"' "$tmp/out/MANIFEST.json" && ok "manifest lists the inputs" || bad "manifest lacks input/demo/2018/actions.csv"
grep -q '"fichier": "palmares.json"' "$tmp/out/MANIFEST.json" && ok "manifest lists the outputs" || bad "manifest lacks palmares.json"

"$BIN/arobase-audit" "$tmp/out" 2>"$tmp/err"; s=$?
[ $s -eq 0 ] && ok "audit of the output folder: exit 0" || { bad "audit of the output folder: exit $s"; cat "$tmp/err"; }

mk archive-run OUT="$tmp/out" ARCHIVE="$tmp/a1.tar.gz" >/dev/null 2>&1
mk archive-run OUT="$tmp/out" ARCHIVE="$tmp/a2.tar.gz" >/dev/null 2>&1
cmp -s "$tmp/a1.tar.gz" "$tmp/a2.tar.gz" && ok "two archives of one run are byte-identical" || bad "archives differ"
"$BIN/arobase-audit" "$tmp/a1.tar.gz" 2>"$tmp/err"; s=$?
[ $s -eq 0 ] && ok "audit of the archive: exit 0" || { bad "audit of the archive: exit $s"; cat "$tmp/err"; }

# One byte of one input changed: the title of the first action.
mkdir "$tmp/x" && tar -xzf "$tmp/a1.tar.gz" -C "$tmp/x"
/usr/bin/python3 - "$tmp/x/input/demo/2018/actions.csv" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read())
i = b.index(b'\n', b.index(b'Id_Action')) + 1      # first data row
i = b.index(b';', i) + 1                            # its Titre
b[i] = ord('Z') if b[i] != ord('Z') else ord('Y')
open(p, 'wb').write(bytes(b))
PY
tar -czf "$tmp/changed.tar.gz" -C "$tmp/x" .
"$BIN/arobase-audit" "$tmp/changed.tar.gz" 2>"$tmp/err"; s=$?
[ $s -eq 1 ] && ok "one input byte changed: exit 1" || bad "one input byte changed: exit $s"
grep -q 'input input/demo/2018/actions.csv: differs' "$tmp/err" && ok "names the changed input" || { bad "does not name the changed input"; cat "$tmp/err"; }
grep -q 'output actions.ndjson: differs at line [0-9]*: field titre' "$tmp/err" && ok "names the first differing record and field" || { bad "does not name the differing record"; cat "$tmp/err"; }

# A recorded output altered after the run.
cp -r "$tmp/out" "$tmp/out2"
printf 'x' >> "$tmp/out2/palmares.csv"
"$BIN/arobase-audit" "$tmp/out2" 2>"$tmp/err"; s=$?
[ $s -eq 1 ] && grep -q 'output palmares.csv: the recorded file was changed after the run' "$tmp/err" && ok "an altered output: exit 1 naming it" || { bad "altered output: exit $s"; cat "$tmp/err"; }
/usr/bin/python3 - "$tmp/out2/palmares.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding='utf-8'))
p['laureats'][3]['arobases'] = 5 if p['laureats'][3]['arobases'] != 5 else 4
json.dump(p, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False, indent=2)
PY
"$BIN/arobase-audit" "$tmp/out2" 2>"$tmp/err"; s=$?
grep -q 'output palmares.json: the recorded file was changed after the run; it differs from the re-run at line [0-9]*: laureats\[3\].arobases' "$tmp/err" \
	&& ok "an altered JSON output: names the first differing record and field" || { bad "altered JSON output not located"; cat "$tmp/err"; }
tail -1 "$tmp/err" | grep -q '^arobase-audit: read [0-9]*, written [0-9]*, rejected 2; outputs compared' \
	&& ok "audit summary: read = identical + differing" || { bad "audit summary"; tail -1 "$tmp/err"; }

# Other versions recorded: refused unless --force.
sed 's/"cairo": "[^"]*"/"cairo": "0.0.1"/' "$tmp/out/MANIFEST.json" > "$tmp/m" && cp -r "$tmp/out" "$tmp/out3" && mv "$tmp/m" "$tmp/out3/MANIFEST.json"
"$BIN/arobase-audit" "$tmp/out3" 2>"$tmp/err"; s=$?
[ $s -eq 1 ] && grep -q 'bibliotheques cairo: recorded 0.0.1' "$tmp/err" && grep -q 'refusing' "$tmp/err" \
	&& tail -1 "$tmp/err" | grep -q '^arobase-audit: read 0, written 0, rejected 0; .*refused' \
	&& ok "other versions: refused, naming the difference" || { bad "other versions: exit $s"; cat "$tmp/err"; }
"$BIN/arobase-audit" --force "$tmp/out3" 2>"$tmp/err"; s=$?
[ $s -eq 0 ] && ok "--force compares anyway: exit 0" || { bad "--force: exit $s"; cat "$tmp/err"; }

# An installed arobase-audit finds the fonts where arobase-render does.
make --no-print-directory -s B="$BIN" install PREFIX="$tmp/inst" >/dev/null 2>&1
(cd "$tmp" && "$tmp/inst/bin/arobase-audit" "$tmp/a1.tar.gz") 2>"$tmp/err"; s=$?
[ $s -eq 0 ] && ! grep -q 'font' "$tmp/err" && ok "an installed arobase-audit audits the archive" || { bad "installed audit: exit $s"; cat "$tmp/err"; }

# SIGKILL in the middle of writing a large output.
/usr/bin/python3 - "$tmp/big.csv" <<'PY'
import sys
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('Id_Action;Titre;Sous-titre ;Date;Statut;Collectivité;Services;Synthèse\n')
    for i in range(400000):
        f.write(f'{i};Action numéro {i};Sous-titre;15/03/2017;Réalisée;59009;S001, S002;' + 'Synthèse longue. ' * 8 + '\n')
PY
mkdir "$tmp/k"
printf '{"ancienne":"sortie"}\n' > "$tmp/k/actions.ndjson"
before=$(sha256sum < "$tmp/k/actions.ndjson")
"$BIN/arobase-ingest" -o "$tmp/k/actions.ndjson" --rejects "$tmp/k/rejects.ndjson" "$tmp/big.csv" 2>/dev/null &
pid=$!
# ingest reads the export once to find duplicate ids, then writes: wait for
# the temporary output to appear (slow under the sanitizers), then kill.
for _ in $(seq 1 6000); do ls -A "$tmp/k" | grep -q '^\.actions\.ndjson\.tmp' && break; sleep 0.01; done
sleep 0.1
partial=$(ls -A "$tmp/k" | grep -c '^\.actions\.ndjson\.tmp')
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
[ "$partial" -ge 1 ] && ok "killed while writing (temporary file present)" || bad "the stage was not caught writing"
[ "$(sha256sum < "$tmp/k/actions.ndjson")" = "$before" ] && ok "previous output intact after SIGKILL" || bad "previous output changed"
"$BIN/arobase-ingest" -o "$tmp/k/actions.ndjson" --rejects "$tmp/k/rejects.ndjson" "$tmp/big.csv" 2>/dev/null; s=$?
[ $s -eq 0 ] && [ "$(grep -c . "$tmp/k/actions.ndjson")" -eq 400000 ] && ok "next run succeeds" || bad "next run: exit $s"
[ -z "$(ls -A "$tmp/k" | grep '^\.')" ] && ok "no temporary file left" || bad "temporary files left: $(ls -A "$tmp/k")"

# Two cron runs of one millésime at once.
mkdir -p output
( flock 9; touch "$tmp/held"; sleep 3 ) 9>output/.lock-demo &
holder=$!
for _ in $(seq 1 100); do [ -f "$tmp/held" ] && break; sleep 0.05; done
scripts/arobase-cron --out "$tmp/cron" demo >"$tmp/cron.out" 2>&1; s=$?
[ $s -eq 75 ] && grep -q 'another run of millésime demo is in progress' "$tmp/cron.out" \
	&& ok "second run refuses with a clear message (exit 75)" || { bad "second run: exit $s"; cat "$tmp/cron.out"; }
scripts/arobase-cron --wait --out "$tmp/cron" demo >"$tmp/cron.out" 2>&1; s=$?
wait $holder
[ $s -eq 0 ] && grep -q 'waiting for it' "$tmp/cron.out" && [ -f "$tmp/cron/palmares.json" ] \
	&& ok "with --wait it waits, then runs" || { bad "--wait: exit $s"; cat "$tmp/cron.out"; }
grep -q 'arobase-decide: read' "$tmp/cron.out" && ok "the cron report carries every stage's summary" || bad "cron report lacks summaries"

exit $fail
