#!/bin/sh
# Optional system packages, installed when we can (root with apt), skipped without failing
# otherwise:
# - HarfBuzz's font subsetter. WeasyPrint uses it when present and falls back to fontTools,
#   which is several times slower. The build works either way.
# - Chromium, the browser the tests of `respack serve` drive with Playwright (Playwright's
#   own browser download is not used). Those tests fail when it is missing in CI.
# - Noto fonts of the scripts no font package on PyPI has (Hebrew, Georgian, Armenian...),
#   from fonts-noto-core. Without them, `respack check` says which letters of which language
#   would print as boxes and where to get the font.
# - Tesseract, the OCR that reads a pack's raster images (its logo) for digits when the pack
#   loads (generator/packs/images.py), with its English model. Without it, a pack with a PNG
#   logo is refused with a message saying to install it.
# - Ghostscript's ICC profiles (libgs-common, data only): the tests take its CMYK and sRGB
#   profiles for a printer's own (branding.print_profile). The print-shop files embed respack's
#   own FOGRA39 profile (generator/render/profiles/), which needs nothing installed.
apt_install() {  # package, what it is for
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $1 ($2)..."
    { apt-get install -y -qq "$1" || { apt-get update -qq && apt-get install -y -qq "$1"; }; } >/dev/null 2>&1 \
      || echo "Could not install $1 ($2)."
  else
    echo "Note: $1 is not installed ($2); run scripts/setup-system.sh as root to install it."
  fi
}

ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0' \
  || apt_install libharfbuzz-subset0 "fast font subsetting; without it fontTools, slower"
[ -x /usr/bin/chromium ] || apt_install chromium "the browser tests of respack serve"
[ -f /usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf ] \
  || apt_install fonts-noto-core "the print fonts of Hebrew, Georgian, Armenian and other scripts"
[ -f /usr/share/color/icc/ghostscript/default_cmyk.icc ] \
  || apt_install libgs-common "the ICC profiles the tests take for a printer's own"
command -v tesseract >/dev/null 2>&1 \
  || apt_install tesseract-ocr "the OCR that reads the numbers in a pack's logo"
[ -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || [ -f /usr/share/tesseract-ocr/4.00/tessdata/eng.traineddata ] \
  || apt_install tesseract-ocr-eng "the OCR's English model"
exit 0
