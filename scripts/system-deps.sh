#!/usr/bin/env bash
# Checks the system packages the build and tests need; installs them as root on Debian,
# elsewhere names exactly what to install. Fast when everything is present.
set -euo pipefail
missing=()
if [ "${1:-}" = node ]; then   # only `make bench` needs Node.js (Lighthouse)
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
else
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
  fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk fontconfig)
  ldconfig -p 2>/dev/null | grep "libpangoft2-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
cat >&2 <<MSG
error: missing system packages: ${missing[*]}
On Debian/Ubuntu, as root:  apt-get install ${missing[*]}
(chromium runs the browser tests, poppler-utils reads the PDFs, fonts-noto-cjk and pango
 let WeasyPrint embed Chinese glyphs in the handbook.)
MSG
exit 1
