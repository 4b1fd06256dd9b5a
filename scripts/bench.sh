#!/usr/bin/env bash
# make bench: performance figures, each measured in one run side by side with
# a peer tool, reported as ratios. Never part of make check.
#  - ingest: throughput and peak memory on 100k and 1M generated actions,
#    against Miller (`mlr --icsv --ifs ';' --ojsonl cat`) on the same file;
#    arobase's peak memory must not grow with the number of actions.
#  - render: panels of a national-size palmarès (BENCH_RENDER_N laureates,
#    36000 by default) against a sed template + rsvg-convert loop drawing the
#    same panels (BENCH_PEER_N of them, then scaled, 2000 by default).
# usage: scripts/bench.sh BUILD_DIR
set -u
BIN=${1:-build}
N_RENDER=${BENCH_RENDER_N:-36000}
N_PEER=${BENCH_PEER_N:-2000}
need=""
command -v mlr >/dev/null || need="$need miller"
command -v rsvg-convert >/dev/null || need="$need librsvg2-bin"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
	echo "bench: installing$need" >&2
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null || exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gen() { # N FILE
	/usr/bin/python3 - "$1" "$2" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
r = random.Random(2018)
st = ["Réalisée", "En cours", "Prévue"]
with open(path, "w", encoding="utf-8") as f:
    f.write("Id_Action;Titre;Sous-titre ;Date;Statut;Collectivité;Services;Synthèse\n")
    for i in range(n):
        f.write(f"{i+1};Action numérique {i+1};Médiation;{r.randint(1,28):02d}/{r.randint(1,12):02d}/{r.choice([2015,2016,2017])};"
                f"{r.choice(st)};59009;S{r.randint(1,139):03d}, S{r.randint(1,139):03d};"
                f"Ateliers pour les habitants, accompagnement des démarches en ligne.\n")
PY
}
measure() { # LABEL CMD... ; prints seconds and peak KiB
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { echo "bench: $1 failed" >&2; cat "$tmp/err" >&2; exit 1; }
	cat "$tmp/time"
}
echo "== ingest: arobase-ingest vs mlr --icsv --ifs ';' --ojsonl cat"
printf '%-10s %12s %10s %12s %10s %12s %10s\n' actions "arobase s" "MiB" "mlr s" "MiB" "time ratio" "mem ratio"
for n in 100000 1000000; do
	gen $n "$tmp/a.csv"
	read -r ta ma < <(measure "$BIN/arobase-ingest" -o "$tmp/o.ndjson" --rejects "$tmp/r.ndjson" "$tmp/a.csv")
	read -r tm mm < <(measure mlr --icsv --ifs ';' --ojsonl cat "$tmp/a.csv")
	awk -v n=$n -v ta=$ta -v ma=$ma -v tm=$tm -v mm=$mm 'BEGIN {
	  printf "%-10d %12.2f %10.1f %12.2f %10.1f %12.2f %10.2f\n", n, ta, ma/1024, tm, mm/1024,
	    (tm > 0 ? ta/tm : 0), (mm > 0 ? ma/mm : 0) }'
	echo "$n $ma" >> "$tmp/mem"
done
awk 'NR==1 { n1=$1; a=$2 } NR==2 { n2=$1; b=$2 } END {
  printf "arobase-ingest peak memory: %.1f MiB at %d actions, %.1f MiB at %d: +%.0f bytes per action\n",
    a/1024, n1, b/1024, n2, (b - a) * 1024 / (n2 - n1);
  printf "(the one part allowed to grow is the set of Id_Action seen, kept to find duplicates;\n" \
         " everything else ingest holds is bounded by the longest record)\n" }' "$tmp/mem"

echo "== render: arobase-render panels vs sed + rsvg-convert"
/usr/bin/python3 - "$N_RENDER" "$tmp/palmares.json" <<'PY'
import json, sys
n = int(sys.argv[1])
kinds = ["ville", "village", "territoire"]
l = [{"code": f"{10000+i:05d}", "nom": f"Commune {i}", "departement": "59", "type": kinds[i % 3],
      "arobases": 1 + i % 5, "mentions": [], "millesime": 2018} for i in range(n)]
json.dump({"millesime": 2018, "laureats": l}, open(sys.argv[2], "w"))
PY
cp input/demo/2018/rules.json "$tmp/rules.json"
mkdir "$tmp/render"
read -r tr mr < <(measure "$BIN/arobase-render" --rules "$tmp/rules.json" --palmares "$tmp/palmares.json" \
	-o "$tmp/render" --what panneaux --format pdf)
cat > "$tmp/panel.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="350mm" height="250mm" viewBox="0 0 350 250">
<rect width="350" height="250" fill="#fff"/><text x="175" y="70" font-family="DejaVu Sans" font-size="30" text-anchor="middle">KIND Internet</text>
<text x="175" y="150" font-family="DejaVu Sans" font-weight="bold" font-size="60" text-anchor="middle">AROBASES</text>
<text x="175" y="220" font-family="DejaVu Sans" font-size="40" text-anchor="middle">2018</text></svg>
SVG
mkdir "$tmp/peer"
cat > "$tmp/peer.sh" <<'SH'
#!/bin/sh
i=0
while [ $i -lt "$1" ]; do
	sed -e "s/KIND/Ville/" -e "s/AROBASES/@@@/" "$2/panel.svg" > "$2/peer/p.svg"
	rsvg-convert -f pdf -o "$2/peer/$i.pdf" "$2/peer/p.svg"
	i=$((i + 1))
done
SH
read -r tp mp < <(measure sh "$tmp/peer.sh" "$N_PEER" "$tmp")
awk -v n=$N_RENDER -v np=$N_PEER -v tr=$tr -v tp=$tp 'BEGIN {
  est = tp * n / np;
  printf "arobase-render: %d panels in %.1f s (%.1f panels/s)\n", n, tr, n / tr;
  printf "sed + rsvg-convert: %d panels in %.1f s, %.1f s for %d by extrapolation\n", np, tp, est, n;
  printf "ratio (peer time / arobase time): %.1f\n", est / tr }'
