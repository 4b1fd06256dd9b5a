#!/bin/sh
# Fetches the INSEE code officiel géographique as published by Etalab (npm
# package @etalab/decoupage-administratif, MIT licence) at a pinned version,
# checks the tarball's sha256 and keeps its data files in DEST
# (default input/collectivites/).  Does nothing when DEST already holds the
# pinned version.
set -eu
VERSION=6.0.0
SHA256=c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a
DEST=${1:-input/collectivites}
FILES="communes.json epci.json departements.json regions.json arrondissements.json"

if [ -f "$DEST/VERSION" ] && [ "$(cat "$DEST/VERSION")" = "@etalab/decoupage-administratif@$VERSION sha256:$SHA256" ]; then
	ok=1
	for f in $FILES; do [ -f "$DEST/$f" ] || ok=0; done
	[ $ok -eq 1 ] && exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "arobase: fetching @etalab/decoupage-administratif@$VERSION with npm" >&2
(cd "$tmp" && npm pack --silent "@etalab/decoupage-administratif@$VERSION" >/dev/null)
tgz="$tmp/etalab-decoupage-administratif-$VERSION.tgz"
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
	echo "arobase: $tgz: sha256 $got, expected $SHA256: refusing it" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$tmp"
mkdir -p "$DEST"
for f in $FILES; do
	cp "$tmp/package/data/$f" "$DEST/.$f.tmp"
	mv "$DEST/.$f.tmp" "$DEST/$f"
done
cp "$tmp/package/LICENSE" "$DEST/LICENSE"
echo "@etalab/decoupage-administratif@$VERSION sha256:$SHA256" > "$DEST/VERSION.tmp"
mv "$DEST/VERSION.tmp" "$DEST/VERSION"
