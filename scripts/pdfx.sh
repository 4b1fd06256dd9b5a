#!/bin/sh
# pdfx.sh - turns a PDF of arobase-render (RGB, as cairo writes it) into the
# PDF/X-3 in CMYK that a print shop may ask for, with Ghostscript.
#
#   scripts/pdfx.sh [--icc PROFILE.icc] [--condition NAME] IN.pdf OUT.pdf
#
# --icc is the print shop's output profile (for example ISO Coated v2,
# FOGRA39); without it, Ghostscript's own default_cmyk.icc.  --condition is
# the output condition's identifier written in the OutputIntent (default
# "CGATS TR001", the one of Ghostscript's example; say FOGRA39 with that
# profile).  Colours are converted without ICC mixing (-dUseFastColor) and
# with full black generation and undercolour removal, so black (0 0 0 in
# RGB) becomes pure black (K100 only; Ghostscript writes it as DeviceGray 0,
# which PDF/X prints on the black plate alone), never a rich black of four
# inks: thin type and hairlines stay sharp on press.  The
# page boxes (MediaBox, TrimBox, BleedBox) are kept.  Exits 64 on a usage
# error, 66 when IN.pdf or the profile is missing, 70 when Ghostscript fails
# (OUT.pdf is then not written).
set -eu
usage() { echo "usage: pdfx.sh [--icc PROFILE.icc] [--condition NAME] IN.pdf OUT.pdf" >&2; exit 64; }
icc=""
condition="CGATS TR001"
while [ $# -gt 0 ]; do
	case $1 in
	--icc) [ $# -ge 2 ] || usage; icc=$2; shift 2 ;;
	--condition) [ $# -ge 2 ] || usage; condition=$2; shift 2 ;;
	-h|--help) echo "usage: pdfx.sh [--icc PROFILE.icc] [--condition NAME] IN.pdf OUT.pdf"; exit 0 ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || usage
in=$1
out=$2
command -v gs >/dev/null 2>&1 || { echo "pdfx.sh: gs (Debian package ghostscript) is missing" >&2; exit 70; }
[ -r "$in" ] || { echo "pdfx.sh: $in: no such file" >&2; exit 66; }
# Ghostscript's example PDF/X definition, of the installed version.
gslib=$(ls /usr/share/ghostscript/"$(gs --version)"/lib/PDFX_def.ps \
	/usr/local/share/ghostscript/"$(gs --version)"/lib/PDFX_def.ps 2>/dev/null | head -n 1 || true)
[ -r "$gslib" ] || { echo "pdfx.sh: Ghostscript's PDFX_def.ps was not found" >&2; exit 70; }
if [ -z "$icc" ]; then
	icc=$(dirname "$(dirname "$gslib")")/iccprofiles/default_cmyk.icc
fi
[ -r "$icc" ] || { echo "pdfx.sh: $icc: no such ICC profile" >&2; exit 66; }
case $icc in /*) ;; *) icc=$(pwd)/$icc ;; esac
# PostScript strings: escape backslashes and parentheses.
ps_string() { printf '%s' "$1" | sed 's/[\\()]/\\&/g'; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pdfx.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
sed -e "s|^/ICCProfile (.*) def.*|/ICCProfile ($(ps_string "$icc")) def|" \
    -e "s|/Title (Title)|/Title ($(ps_string "$(basename "$in" .pdf)"))|" \
    -e "s|/OutputConditionIdentifier (CGATS TR001)|/OutputConditionIdentifier ($(ps_string "$condition"))|" \
    "$gslib" >"$tmp/PDFX_def.ps"
if ! gs -q -dBATCH -dNOPAUSE -dSAFER --permit-file-read="$icc" -dPDFX -dCompatibilityLevel=1.4 \
	-sDEVICE=pdfwrite -sColorConversionStrategy=CMYK -sProcessColorModel=DeviceCMYK \
	-dUseFastColor=true -dEmbedAllFonts=true -dSubsetFonts=true \
	-sOutputFile="$tmp/out.pdf" -c '{} setblackgeneration {} setundercolorremoval' \
	-f "$tmp/PDFX_def.ps" "$in" >"$tmp/log" 2>&1; then
	echo "pdfx.sh: Ghostscript failed on $in:" >&2
	cat "$tmp/log" >&2
	exit 70
fi
mv "$tmp/out.pdf" "$out"
