#!/bin/bash
# test-demo-data.sh - checks the shipped example data of input/demo/2018/ and
# the history of input/history/.
#
# The scripts of scripts/ regenerate into a temporary folder, and every file
# must be byte-identical to the committed one (the data is what the scripts
# make of the real published lists, nothing edited by hand afterwards); the
# name -> code table must agree with the Etalab data of $COLLECTIVITES; the
# counts, the broken rows that ingest must reject, the aliases and sources.json
# are asserted; resolve-names.py must refuse a name it cannot resolve.
#
# Run by `make test` from the repository root, with COLLECTIVITES set to the
# Etalab folder (default input/collectivites).  Exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.." || exit 1
COLLECTIVITES=${COLLECTIVITES:-input/collectivites}
export COLLECTIVITES
PY=${PYTHON:-python3}
D=input/demo/2018
H=input/history

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ko() { echo "FAIL: $*" >&2; fail=1; }
same() {   # same FILE-COMMITTED FILE-GENERATED
	if cmp -s "$1" "$2"; then echo "ok: $1 regenerates identically"
	else ko "$1 differs from what the scripts generate:"; diff -u "$1" "$2" | head -20 >&2; fi
}

# 1. Regenerate everything into $tmp and compare byte for byte.
if $PY scripts/resolve-names.py --collectivites "$COLLECTIVITES" --aliases $H/aliases.csv \
	-o "$tmp/codes.csv" $D/palmares-publie.csv 2>"$tmp/err"; then
	same $D/codes.csv "$tmp/codes.csv"
else ko "resolve-names.py failed:"; cat "$tmp/err" >&2; fi

mkdir -p "$tmp/history"
if $PY scripts/resolve-names.py --collectivites "$COLLECTIVITES" --aliases $H/aliases.csv \
	--history $H --outdir "$tmp/history" 2>"$tmp/err"; then
	for f in $H/*.csv; do
		[ "$(basename "$f")" = aliases.csv ] && continue
		same "$f" "$tmp/history/$(basename "$f")"
	done
	n=$(ls "$tmp/history" | wc -l)
	[ "$n" -eq 7 ] || ko "expected 7 history files, got $n"
else ko "resolve-names.py --history failed:"; cat "$tmp/err" >&2; fi

if $PY scripts/gen-demo-referentiel.py -o "$tmp/referentiel.json" 2>"$tmp/err"; then
	same $D/referentiel.json "$tmp/referentiel.json"
else ko "gen-demo-referentiel.py failed:"; cat "$tmp/err" >&2; fi

mkdir -p "$tmp/demo"
if $PY scripts/gen-demo-actions.py --codes $D/codes.csv --published $D/palmares-publie.csv \
	--referentiel $D/referentiel.json --rules $D/rules.json \
	--collectivites "$COLLECTIVITES" --outdir "$tmp/demo" 2>"$tmp/err"; then
	for f in candidatures.csv jury.csv actions.csv; do same $D/$f "$tmp/demo/$f"; done
else ko "gen-demo-actions.py failed:"; cat "$tmp/err" >&2; fi

# 2. No name resolved by guess: without its alias, Hazebrouk is refused with
#    the nearest candidate, exit 65, and nothing is written.
grep -v '^Hazebrouk,' $H/aliases.csv >"$tmp/aliases-sans.csv"
$PY scripts/resolve-names.py --collectivites "$COLLECTIVITES" --aliases "$tmp/aliases-sans.csv" \
	-o "$tmp/refused.csv" $D/palmares-publie.csv 2>"$tmp/err"
rc=$?
[ $rc -eq 65 ] || ko "resolve-names.py without the Hazebrouk alias: exit $rc, expected 65"
[ -e "$tmp/refused.csv" ] && ko "resolve-names.py wrote its output despite an unresolved name"
grep -q 'palmares-publie.csv:3: "Hazebrouk" (département 59): no collectivité of this name; nearest: 59295 Hazebrouck (commune)' "$tmp/err" \
	|| { ko "resolve-names.py did not name Hazebrouk and its nearest candidate:"; cat "$tmp/err" >&2; }
[ "$(grep -c '"' "$tmp/err")" -eq 1 ] || ko "resolve-names.py refused more than Hazebrouk"

# 3. The data itself: counts, codes against Etalab, aliases, sources, broken rows.
$PY - "$COLLECTIVITES" <<'EOF' || fail=1
import csv, io, json, os, re, sys, unicodedata
etalab = sys.argv[1]
D, H = "input/demo/2018", "input/history"
bad = []
def ko(msg): bad.append(msg)
def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return re.sub(r"[\W_]+", " ", s).strip()
def rows(path, delim):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delim))

communes = {c["code"]: c for c in json.load(open(os.path.join(etalab, "communes.json"), encoding="utf-8"))
            if c["type"] == "commune-actuelle"}
epci = {e["code"]: e for e in json.load(open(os.path.join(etalab, "epci.json"), encoding="utf-8"))}
def deps(e): return {m["code"][:2] for m in e["membres"]}

published = rows(D + "/palmares-publie.csv", ",")
if len(published) != 26: ko("palmares-publie.csv: %d rows, expected 26" % len(published))
url = "https://france3-regions.francetvinfo.fr/hauts-de-france/label-ville-internet-2018-decerne-26-villes-hauts-france-1427065.html"
if any(r["source"] != url or r["millesime"] != "2018" for r in published):
    ko("palmares-publie.csv: a row is not the 2018 France 3 list")
aliases = rows(H + "/aliases.csv", ",")
alias_of = {(fold(a["nom"]), a["departement"]): a["code"] for a in aliases}

# codes.csv against Etalab.
codes = rows(D + "/codes.csv", ";")
if len(codes) != 26: ko("codes.csv: %d rows, expected 26" % len(codes))
if [c["code"] for c in codes] != sorted(c["code"] for c in codes): ko("codes.csv: not sorted by code")
if {(c["nom_publie"], c["departement"]) for c in codes} != {(p["nom"], p["departement"]) for p in published}:
    ko("codes.csv: names differ from palmares-publie.csv")
for c in codes:
    where = "codes.csv: %s" % c["code"]
    if c["type"] == "commune":
        e = communes.get(c["code"])
        if not e: ko(where + ": not a current commune"); continue
        if e["departement"] != c["departement"]: ko(where + ": département %s in Etalab" % e["departement"])
        pop = e["population"]
    elif c["type"] == "epci":
        e = epci.get(c["code"])
        if not e: ko(where + ": not an EPCI"); continue
        if c["departement"] not in deps(e): ko(where + ": no member in %s" % c["departement"])
        pop = e["populationMunicipale"]
    else:
        ko(where + ": type " + c["type"]); continue
    if e["nom"] != c["nom_officiel"]: ko(where + ": name %r in Etalab" % e["nom"])
    if str(pop) != c["population"]: ko(where + ": population %s in Etalab" % pop)
    m = c["methode"]
    if m == "exact" and c["nom_publie"] != e["nom"]: ko(where + ": exact but names differ")
    if m == "pliage" and (c["nom_publie"] == e["nom"] or fold(c["nom_publie"]) != fold(e["nom"])):
        ko(where + ": pliage but the folded names differ or the names are equal")
    if m == "alias" and alias_of.get((fold(c["nom_publie"]), c["departement"])) != c["code"]:
        ko(where + ": alias without its line in aliases.csv")
    if m not in ("exact", "pliage", "alias"): ko(where + ": methode " + m)
expect = {"59295": "alias", "59378": "pliage", "62321": "pliage", "59009": "pliage",
          "248000531": "exact"}
for code, m in expect.items():
    if not any(c["code"] == code and c["methode"] == m for c in codes):
        ko("codes.csv: %s should be resolved by %s" % (code, m))

# candidatures.csv and jury.csv.
rules = json.load(open(D + "/rules.json", encoding="utf-8"))
cand = rows(D + "/candidatures.csv", ";")
jury = rows(D + "/jury.csv", ";")
if len(cand) != 26: ko("candidatures.csv: %d rows, expected 26" % len(cand))
if len(jury) != 26: ko("jury.csv: %d rows, expected 26" % len(jury))
bycode = {c["code"]: c for c in codes}
arob = {(p["nom"], p["departement"]): p["arobases"] for p in published}
if [c["code"] for c in cand] != [c["code"] for c in codes] or [j["code"] for j in jury] != [c["code"] for c in codes]:
    ko("candidatures.csv and jury.csv must list the codes of codes.csv, sorted")
for c in cand:
    k = bycode.get(c["code"])
    if not k: continue
    want = "territoire" if k["type"] == "epci" else ("village" if int(k["population"]) < 2000 else "ville")
    if (c["nom"], c["departement"], c["type"], c["adherent"]) != (k["nom_officiel"], k["departement"], want, "oui"):
        ko("candidatures.csv: %s: %r" % (c["code"], c))
    if not (re.fullmatch(r"2017-10-\d\d", c["date_validation"]) and c["date_validation"] < rules["dates"]["cloture"]):
        ko("candidatures.csv: %s: date_validation %s" % (c["code"], c["date_validation"]))
for j in jury:
    k = bycode.get(j["code"])
    if not k: continue
    if (j["nom"], j["arobases"]) != (k["nom_officiel"], arob[(k["nom_publie"], k["departement"])]) \
       or any(j[f] for f in ("mentions", "alerte", "hors_concours", "derogation")):
        ko("jury.csv: %s: %r" % (j["code"], j))
if sum(1 for c in cand if c["type"] == "village") != 1: ko("expected one village (Saulzoir)")

# The référentiel and the counts rules.json announces.
ref = json.load(open(D + "/referentiel.json", encoding="utf-8"))
enjeux = [e for a in ref["axes"] for e in a["enjeux"]]
services = [s["id"] for e in enjeux for u in e["usages"] for s in u["services"]]
if ref.get("exemple") is not True or "exemple" not in ref.get("note", ""): ko("referentiel.json: not marked as an example")
if (len(ref["axes"]), len(enjeux), len(services)) != (rules["referentiel"]["axes"], rules["referentiel"]["enjeux"], rules["referentiel"]["services"]):
    ko("referentiel.json counts differ from rules.json")
if services != ["S%03d" % i for i in range(1, len(services) + 1)]: ko("referentiel.json: service ids not S001...")
named = ["emploi", "culture et patrimoine", "services publics", "identite", "education", "democratie locale",
         "cooperation", "vie quotidienne", "developpement economique", "solidarites", "vie associative",
         "cohesion sociale", "attractivite", "mediation", "innovation"]
if sorted(fold(e["nom"]) for e in enjeux if "exemple" not in e["nom"]) != sorted(named):
    ko("referentiel.json: the 15 named enjeux are not all there")
if sum(1 for e in enjeux if "exemple" in e["nom"]) != 1: ko("referentiel.json: one example enjeu expected")
if any(not 2 <= len(e["usages"]) <= 3 for e in enjeux): ko("referentiel.json: 2 or 3 usages per enjeu")

# actions.csv: the export's bytes and the broken rows.
raw = open(D + "/actions.csv", "rb").read()
head = "\ufeffId_Action;Titre;Sous-titre ;Date;Statut;Collectivité;Services;Synthèse\r\n".encode()
if not raw.startswith(head): ko("actions.csv: header is not the export's, with BOM and CRLF")
rd = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
next(rd)
acts, line = {}, 2
for r in rd:
    acts[r[0]] = (line, r)
    line = rd.line_num + 1
broken = {"10278": (316, "Date", "31/02/2017"), "10556": (638, "Statut", "Abandonnée"),
          "10834": (955, "Collectivité", ""), "11112": (1275, "Date", "31/04/2016"),
          "11390": (1603, "Collectivité", "99999"), "11668": (1944, "Statut", "Abandonnée"),
          "11946": (2273, "Collectivité", "")}
col = {"Date": 3, "Statut": 4, "Collectivité": 5}
for i, (ln, c, v) in broken.items():
    if i not in acts or acts[i][0] != ln or acts[i][1][col[c]] != v:
        ko("actions.csv: broken row %s is not at line %d with %s %r" % (i, ln, c, v))
valid = {i: a for i, a in acts.items() if i not in broken}
if len(valid) < 2000: ko("actions.csv: %d valid actions, fewer than 2000" % len(valid))
cands = {c["code"] for c in cand}
years, statuts, multi, shared = {}, {}, 0, 0
for i, (ln, r) in valid.items():
    d, st, coll, sv = r[3], r[4], r[5].split(", "), r[6].split(", ")
    if len(r) != 8 or not re.fullmatch(r"\d\d/\d\d/\d{4}", d) or st not in ("Réalisée", "En cours", "Prévue") \
       or not set(coll) <= cands or not set(sv) <= set(services):
        ko("actions.csv: line %d: unexpected row %r" % (ln, r[:7])); continue
    years[d[-4:]] = years.get(d[-4:], 0) + 1
    statuts[st] = statuts.get(st, 0) + 1
    multi += any("\n" in x for x in r)
    shared += len(coll) > 1
    if any("\r" in x for x in r): ko("actions.csv: line %d: CR inside a cell" % ln)
if not all(years.get(y, 0) > 0 for y in ("2015", "2016", "2017", "2018")) or years["2015"] + years.get("2018", 0) > len(valid) / 4:
    ko("actions.csv: dates by year %r" % years)
if statuts.get("Prévue", 0) < 50: ko("actions.csv: too few Prévue: %r" % statuts)
if multi < 50 or shared < 20: ko("actions.csv: %d multi-line, %d shared actions" % (multi, shared))
per = {}
for ln, r in valid.values():
    for c in r[5].split(", "): per[c] = per.get(c, 0) + 1
a5 = [per[j["code"]] for j in jury if j["arobases"] == "5"]
a1 = [per[j["code"]] for j in jury if j["arobases"] == "1"]
if not a5 or not a1 or min(a5) <= max(a1): ko("actions.csv: 5-arobase collectivités should have more actions than 1-arobase ones")

# The history: sources.json, aliases, codes.
src = json.load(open(H + "/sources.json", encoding="utf-8"))
files = sorted(f for f in os.listdir(H) if f.endswith(".csv") and f != "aliases.csv")
if sorted(src["fichiers"]) != files: ko("sources.json does not name exactly the history files")
if "note" not in src: ko("sources.json: no note")
used = set()
for f in files:
    meta = src["fichiers"].get(f, {})
    hr = rows(os.path.join(H, f), ",")
    if meta.get("complet") is not False: ko("sources.json: %s is not marked partial" % f)
    if not (isinstance(meta.get("millesime"), int) and meta["millesime"] < 2018): ko("sources.json: %s millesime" % f)
    if any(r["source"] != meta.get("source") for r in hr): ko("sources.json: %s: source differs from the rows" % f)
    with open(os.path.join(H, f), encoding="utf-8") as fh:
        if fh.readline() != "millesime,nom,departement,type,arobases,mention,source,code\n":
            ko("%s: header" % f)
    for r in hr:
        key = (fold(r["nom"]), r["departement"])
        if key in alias_of: used.add(key)
        want = alias_of.get(key)
        if want == "etranger":
            if r["code"]: ko("%s: %s is foreign, code must stay empty" % (f, r["nom"]))
        elif not (r["code"] in communes or r["code"] in epci):
            ko("%s: %s: code %r not in Etalab" % (f, r["nom"], r["code"]))
        elif want is None and fold(communes[r["code"]]["nom"]) != key[0]:
            ko("%s: %s resolved to %s without alias" % (f, r["nom"], r["code"]))
for p in published:
    key = (fold(p["nom"]), p["departement"])
    if key in alias_of: used.add(key)
for a in aliases:
    key = (fold(a["nom"]), a["departement"])
    if a["code"] != "etranger" and a["code"] not in communes and a["code"] not in epci:
        ko("aliases.csv: %s: code %s not in Etalab" % (a["nom"], a["code"]))
    if key not in used: ko("aliases.csv: %s is used by no list" % a["nom"])
    alone = [c for c in communes.values() if fold(c["nom"]) == key[0] and (not key[1] or c["departement"] == key[1])]
    if len(alone) == 1: ko("aliases.csv: %s resolves alone to %s, no alias needed" % (a["nom"], alone[0]["code"]))

for b in bad: print("FAIL:", b, file=sys.stderr)
print("ok: %d valid actions + %d broken, 26 candidatures, 26 jury rows, %d history files, %d aliases"
      % (len(valid), len(broken), len(files), len(aliases)) if not bad else "%d failures" % len(bad))
sys.exit(1 if bad else 0)
EOF

if [ $fail -ne 0 ]; then echo "test-demo-data: FAILED" >&2; exit 1; fi
echo "test-demo-data: ok"
