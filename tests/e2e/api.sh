#!/bin/sh
# tests/e2e/api.sh -- the HTTP API against a real server (tests/e2e/api.py).
# usage: api.sh TRILAT_BINARY SOURCE_DIR
set -eu
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not found"; exit 77; }
exec python3 "$2/tests/e2e/api.py" "$1" "$2"
