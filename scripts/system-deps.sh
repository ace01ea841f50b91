#!/usr/bin/env bash
# Checks the system packages a target needs; installs them as root on Debian, elsewhere names
# exactly what to install. Fast when everything is present.
#   build: fonts-noto-cjk and pango, so WeasyPrint embeds Chinese glyphs in the PDF handbooks
#   test:  build + chromium-headless-shell (browser tests) + poppler-utils (reading the PDFs)
#   node:  Node.js, npm and the full chromium (Lighthouse, `make bench` only)
set -euo pipefail
what=${1:-test}
missing=()
if [ "$what" = node ]; then
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
else
  fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk fontconfig)
  ldconfig -p 2>/dev/null | grep "libpangoft2-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  if [ "$what" = test ]; then
    [ -x /usr/lib/chromium/chromium-headless-shell ] || missing+=(chromium-headless-shell)
    command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
  fi
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
(fonts-noto-cjk and pango let WeasyPrint embed Chinese glyphs in the handbook, chromium-headless-shell
 runs the browser tests, poppler-utils reads the PDFs, Node.js runs Lighthouse for make bench.)
MSG
exit 1
