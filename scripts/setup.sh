#!/bin/sh
# One-time set-up of a fresh Debian machine: the fonts and PDF tools brosur needs
# (from Debian's packages, never downloaded at run time), then a virtual environment
# with brosur and its test tools. Safe to run again: it only does what is missing.
set -eu
cd "$(dirname "$0")/.."

# Fonts the theme names (Inter, Noto Serif Display); HarfBuzz-Subset, which embeds only the
# glyphs used 25 times faster than WeasyPrint's fallback; the CMYK output profile of the print
# variant (libgs-common); the PDF readers the tests use; Chromium, which the preview's
# browser test drives; gettext, whose `msgfmt --check` the tests run on an exported PO file.
DEB_PACKAGES="fonts-inter fonts-noto-core libharfbuzz-subset0 libgs-common poppler-utils qpdf
  chromium gettext"

missing=""
for package in $DEB_PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $package"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "brosur needs these Debian packages:$missing" >&2
    echo "Install them with: sudo apt-get install$missing" >&2
    exit 1
  fi
  echo "Installing Debian packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
touch .venv/.installed
