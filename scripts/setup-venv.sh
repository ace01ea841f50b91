#!/usr/bin/env bash
# Creates the virtual environment from the exact pins, or says exactly what is missing.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "error: '$PYTHON' not found. Install Python 3.10 or newer (Debian: apt-get install python3 python3-venv)." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "error: Python 3.10 or newer is needed; '$PYTHON' is $("$PYTHON" -V 2>&1). Run: make PYTHON=python3.11 ..." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing python3-venv (Debian) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  else
    echo "error: Python's venv module is missing. On Debian/Ubuntu run: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
rm -rf "$VENV"
echo "Creating $VENV from requirements.txt ..."
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
if ! "$VENV/bin/python" -m pip install -q -r requirements.txt 2> >(grep -v "is ignored" >&2); then
  echo "error: installing requirements.txt failed (see above). Check the network access to PyPI and retry." >&2
  rm -rf "$VENV"
  exit 1
fi
