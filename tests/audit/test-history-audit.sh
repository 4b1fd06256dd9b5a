#!/usr/bin/env bash
# End-to-end tests of `arobase-audit --history DIR`: small history folders,
# every line of standard error and the exit status compared exactly.
#  - certain anomalies (consecutive millésimes, or complete years between),
#    R-first in a complete history: exit 1;
#  - an anomaly that depends on missing years: exit 1;
#  - a clean history: exit 0;
#  - an unresolved name is listed and the rest is still checked;
#  - two files giving one collectivité two levels for one millésime: an
#    error naming both files, the rest checked, exit 65;
#  - usage errors: exit 64.
# Environment: AROBASE_BIN (build folder), COLLECTIVITES.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=$(cd "${AROBASE_BIN:-build}" && pwd)
COLL=$(cd "${COLLECTIVITES:-input/collectivites}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok()  { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }
H='millesime,nom,departement,type,arobases,mention,source'

# check NAME WANT_EXIT DIR: runs the audit of DIR (inside $tmp) and
# compares its standard error with $tmp/want (written by the caller).
check() {
	local name=$1 want=$2 dir=$3 s
	(cd "$tmp" && "$BIN/arobase-audit" --history "$dir" --collectivites "$COLL" \
		>"$tmp/out" 2>"$tmp/err"); s=$?
	[ "$s" -eq "$want" ] && ok "$name: exit $want" || bad "$name: exit $s, want $want"
	if diff -u "$tmp/want" "$tmp/err" >"$tmp/diff"; then
		ok "$name: messages"
	else
		bad "$name: messages differ"; cat "$tmp/diff"
	fi
	[ -s "$tmp/out" ] && bad "$name: wrote to standard output" || true
}

# 1. Certain anomalies, in code order.  2016 and 2017 are consecutive;
# 2015 is declared complete, so Lorient's 2014 -> 2016 pair is certain too.
# Quimper's 4 then 5 is allowed.  No premier_millesime: R-first unchecked.
mkdir "$tmp/certain"
cat >"$tmp/certain/asso-2015.csv" <<CSV
$H
2015,Lille,59,ville,3,,association
CSV
cat >"$tmp/certain/presse.csv" <<CSV
$H,code
2016,Brest,29,ville,3,,presse,
2017,Brest,29,ville,5,,presse,
2016,Rennes,35,ville,5,,presse,35238
2017,Rennes,35,ville,3,,presse,35238
2014,Lorient,56,ville,4,,presse,
2016,Lorient,56,ville,2,,presse,
2017,Quimper,29,ville,4,,presse,
2018,Quimper,29,ville,5,,presse,
CSV
cat >"$tmp/certain/sources.json" <<'JSON'
{"fichiers": {"asso-2015.csv": {"millesime": 2015, "complet": true, "source": "association"}}}
JSON
cat >"$tmp/want" <<'TXT'
arobase-audit: R-five (FAQ): Brest (29019): 2016 3 arobases, then 2017 5 arobases: certain (consecutive millésimes)
arobase-audit: R-drop (art. 10): Rennes (35238): 2016 5 arobases, then 2017 3 arobases: certain (consecutive millésimes)
arobase-audit: R-drop (art. 10): Lorient (56121): 2014 4 arobases, then 2016 2 arobases: certain (complete history between)
arobase-audit: read 9, written 9, rejected 0 (unresolved 0, foreign 0); collectivités 5, pairs 4, anomalies 3 (certain 3, depending on missing years 0), errors 0
TXT
check "certain anomalies" 1 certain

# 2. A 5 after a 3 with years missing between; a drop of two within the
# window with a year missing; a drop of three after more than 3 years (no
# rule binds); R-first in a history complete from the label's start (2012).
mkdir "$tmp/missing"
cat >"$tmp/missing/presse.csv" <<CSV
$H
2013,Beauvais,60,ville,3,,presse
2016,Beauvais,60,ville,5,,presse
2014,Creil,60,ville,5,,presse
2016,Creil,60,ville,3,,presse
2016,Laon,02,ville,2,,presse
CSV
cat >"$tmp/missing/asso-2012.csv" <<CSV
$H,alerte
2012,Laon,02,ville,5,,association,
2012,Soissons,02,ville,3,,association,
CSV
cat >"$tmp/missing/sources.json" <<'JSON'
{"premier_millesime": 2012,
 "fichiers": {"asso-2012.csv": {"millesime": 2012, "complet": true, "source": "association"}}}
JSON
cat >"$tmp/want" <<'TXT'
arobase-audit: R-first (FAQ): Laon (02408): first participation 2012 with 5 arobases: certain (complete history)
arobase-audit: R-five (FAQ): Beauvais (60057): 2013 3 arobases, then 2016 5 arobases: depends on missing years (2014 to 2015 unknown)
arobase-audit: R-drop (art. 10): Creil (60175): 2014 5 arobases, then 2016 3 arobases: depends on missing years (2015 unknown)
arobase-audit: read 7, written 7, rejected 0 (unresolved 0, foreign 0); collectivités 4, pairs 3, anomalies 3 (certain 1, depending on missing years 2), errors 0
TXT
check "anomalies depending on missing years" 1 missing

# 3. Nothing wrong: rises, a 5 after a 4 years earlier, a 5 after a 5,
# a drop of one, a foreign collectivité through aliases.csv.
mkdir "$tmp/clean"
cat >"$tmp/clean/presse.csv" <<CSV
$H
2009,Metz,57,ville,5,,presse
2010,Metz,57,ville,5,,presse
2014,Metz,57,ville,4,,presse
2007,Beauvais,60,ville,4,,presse
2013,Beauvais,60,ville,5,,presse
2013,Toulouse,31,ville,3,,presse
2014,Toulouse,31,ville,4,,presse
2006,Bromont,,ville,5,,presse
2007,Bromont,,ville,5,,presse
CSV
printf 'nom,departement,code\nBromont,,etranger\n' >"$tmp/clean/aliases.csv"
cat >"$tmp/want" <<'TXT'
arobase-audit: read 9, written 7, rejected 2 (unresolved 0, foreign 2); collectivités 3, pairs 4, anomalies 0 (certain 0, depending on missing years 0), errors 0
TXT
check "no anomaly" 0 clean

# 4. An unresolved name is listed with its nearest names; the rest is checked.
mkdir "$tmp/unresolved"
cat >"$tmp/unresolved/presse.csv" <<CSV
$H
2016,Hazebrouk,59,ville,2,,presse
2017,Hazebrouk,59,ville,4,,presse
2016,Brest,29,ville,3,,presse
2017,Brest,29,ville,5,,presse
CSV
cat >"$tmp/want" <<'TXT'
arobase-audit: unresolved/presse.csv:2: nom: warning: "Hazebrouk" (59) unresolved; nearest: Hazebrouck (59295) (add a line to aliases.csv)
arobase-audit: unresolved/presse.csv:3: nom: warning: "Hazebrouk" (59) unresolved; nearest: Hazebrouck (59295) (add a line to aliases.csv)
arobase-audit: R-five (FAQ): Brest (29019): 2016 3 arobases, then 2017 5 arobases: certain (consecutive millésimes)
arobase-audit: read 4, written 2, rejected 2 (unresolved 2, foreign 0); collectivités 1, pairs 1, anomalies 1 (certain 1, depending on missing years 0), errors 0
TXT
check "unresolved name listed" 1 unresolved
# ... and once an alias names it, it is checked.
printf 'nom,departement,code\nHazebrouk,59,59295\n' >"$tmp/unresolved/aliases.csv"
cat >"$tmp/want" <<'TXT'
arobase-audit: R-five (FAQ): Brest (29019): 2016 3 arobases, then 2017 5 arobases: certain (consecutive millésimes)
arobase-audit: read 4, written 4, rejected 0 (unresolved 0, foreign 0); collectivités 2, pairs 2, anomalies 1 (certain 1, depending on missing years 0), errors 0
TXT
check "alias resolves the name" 1 unresolved

# 5. Two files disagree on one collectivité and millésime.
mkdir "$tmp/conflict"
printf '%s\n2016,Brest,29,ville,4,,presse\n2016,Lorient,56,ville,4,,presse\n' "$H" >"$tmp/conflict/a-2016.csv"
printf '%s\n2017,Lorient,56,ville,2,,presse\n2016,Brest,29,ville,3,,presse\n' "$H" >"$tmp/conflict/b-2016.csv"
cat >"$tmp/want" <<'TXT'
arobase-audit: conflict/b-2016.csv:3: arobases: Brest (29019) has 3 arobases in 2016 here but 4 in a-2016.csv:2
arobase-audit: R-drop (art. 10): Lorient (56121): 2016 4 arobases, then 2017 2 arobases: certain (consecutive millésimes)
arobase-audit: read 4, written 4, rejected 0 (unresolved 0, foreign 0); collectivités 2, pairs 1, anomalies 1 (certain 1, depending on missing years 0), errors 1
TXT
check "conflict between two files" 65 conflict

# 6. Usage and missing folder.
"$BIN/arobase-audit" --history "$tmp/clean" --force 2>"$tmp/err"; s=$?
[ $s -eq 64 ] && grep -q '^       arobase-audit --history DIR \[--collectivites DIR\]$' "$tmp/err" \
	&& ok "--history with --force: usage, exit 64" || bad "--history with --force: exit $s"
"$BIN/arobase-audit" --history "$tmp/nowhere" --collectivites "$COLL" 2>"$tmp/err"; s=$?
[ $s -eq 66 ] && grep -q "nowhere: No such file or directory" "$tmp/err" \
	&& ok "missing history folder: exit 66" || { bad "missing history folder: exit $s"; cat "$tmp/err"; }
tail -n 1 "$tmp/err" | grep -q '^arobase-audit: read 0, written 0, rejected 0' \
	&& ok "missing history folder: summary last" || bad "missing history folder: summary not last"

[ $fail -eq 0 ] && echo "test-history-audit: ok" || echo "test-history-audit: FAILED"
exit $fail
