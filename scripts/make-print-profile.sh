#!/bin/sh
# Makes generator/render/profiles/FOGRA39-respack.icc, the CMYK output profile of the print-shop
# files, from FOGRA39's characterization data (Debian's icc-profiles-free: FOGRA39L.ti3, zlib
# licence) with ArgyllCMS's colprof (Debian's argyll). Run once by a maintainer when the profile is
# to change; a build only reads the profile made. Neither package is installed: both are
# downloaded and unpacked in a temporary folder.
#   -qm   medium quality tables (a profile of about 250 KB, 130 KB compressed in a PDF)
#   -kr   black generated on a ramp from white to black
#   -l300 at most 300 % of ink, what the preflight allows (generator/render/inks.py INK_LIMIT)
#   -L95  at most 95 % of black ink where all four inks print
set -eu
out="$(cd "$(dirname "$0")/.." && pwd)/generator/render/profiles/FOGRA39-respack.icc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download icc-profiles-free argyll >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" root; done
cp root/usr/share/color/icc/FOGRA39L.ti3 FOGRA39.ti3
root/usr/bin/colprof -qm -kr -l300 -L95 \
  -D "FOGRA39 (ISO 12647-2:2004/Amd 1, coated paper), made with ArgyllCMS from Fogra's FOGRA39L data" \
  -C "Made from FOGRA39L.ti3 (Fogra, Kai-Uwe Behrmann; zlib licence). May be copied and passed on freely." \
  FOGRA39
cp FOGRA39.icc "$out"
echo "wrote $out"
