#!/bin/sh
# Optional system library: HarfBuzz's font subsetter. WeasyPrint uses it when present and
# falls back to fontTools, which is several times slower. Installed when we can (root with
# apt), skipped without failing otherwise: the build works either way.
if ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0'; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing libharfbuzz-subset0 (fast font subsetting)..."
  { apt-get install -y -qq libharfbuzz-subset0 || { apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0; }; } >/dev/null 2>&1 \
    || echo "Could not install libharfbuzz-subset0; fonts will be subset with fontTools (slower)."
else
  echo "Note: libharfbuzz-subset0 is not installed; fonts will be subset with fontTools (slower)."
fi
exit 0
