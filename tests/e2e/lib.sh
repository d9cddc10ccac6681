# lib.sh -- helpers for the end-to-end tests. Each test script is run by
# ctest as: SCRIPT PATH/TO/trilat PROJECT_ROOT. Sourced, not executed.
set -u
TRILAT=$1
ROOT=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/trilat-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=$T/store.db
FAILS=0
CHECKS=0

tl() { "$TRILAT" --db "$DB" "$@"; }

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $1"; }
bad() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL - $1"; }

# expect_eq WHAT GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

# expect_match WHAT TEXT REGEX
expect_match() {
    if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else bad "$1: '$2' does not match /$3/"; fi
}

# run CMD...: sets OUT, ERR, RC
run() {
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

# jq-like: json EXPR < file-or-string; EXPR is Python over `d`.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

finish() {
    echo "$((CHECKS - FAILS)) passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
    exit $?
}
