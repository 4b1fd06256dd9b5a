#!/bin/sh
# Installs the Debian packages arobase needs to build, run and test, when any
# is missing.  Called by `make demo` and `make check`; safe to run again.
set -eu
PKGS="build-essential pkg-config libcsv-dev libjansson-dev libxml2-dev \
libcairo2-dev libpango1.0-dev libfontconfig-dev libglib2.0-dev fonts-dejavu-core \
libcmocka-dev python3 python3-jsonschema poppler-utils qpdf libqpdf-dev ghostscript libxml2-utils time ca-certificates"
# Packages a target needs beyond these (make fuzz: clang) come as arguments.
PKGS="$PKGS $*"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
# npm fetches the Etalab data; any installation will do, Debian's if none.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# Tests compare outputs under LC_ALL=C and LC_ALL=fr_FR.UTF-8.
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
	need_locale=1
	dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q 'install ok installed' || missing="$missing locales"
else
	need_locale=0
fi
if [ -z "$missing" ] && [ "$need_locale" -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "arobase: run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	echo "arobase: installing missing Debian packages:$missing" >&2
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if [ "$need_locale" -eq 1 ]; then
	echo "arobase: generating the fr_FR.UTF-8 locale (tests compare it with C)" >&2
	$SUDO sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen
	grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
	$SUDO locale-gen >/dev/null
fi
