# lib.sh -- helpers for the end-to-end tests. Each test script is run by
# ctest as: SCRIPT PATH/TO/trilat PROJECT_ROOT. Sourced, not executed.
set -u
TRILAT=$1
ROOT=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/trilat-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=$T/store.db

# TRILAT_TEST_PG=DIR (a tests/pg/pgctl cluster): the store is a fresh
# PostgreSQL database instead, dropped on exit, and `newdb NAME` makes
# further ones; tests or parts that only apply to SQLite check `on_pg`.
PGCTL=$ROOT/tests/pg/pgctl
on_pg() { [ -n "${TRILAT_TEST_PG:-}" ]; }
# skip_on_pg WHY: this test does not apply to PostgreSQL stores
skip_on_pg() { if on_pg; then echo "skip on PostgreSQL: $1"; exit 77; fi; }
# newdb NAME: the path, or the URI, of a new empty store (called in $(...):
# the databases made are listed in $T/pg_dbs for pg_cleanup)
newdb() {
    if ! on_pg; then echo "$T/$1.db"; return; fi
    local name
    name=$(printf 'tl_%s_%s_%s' "$(basename "$0" .sh)" "$$" "$1" | tr -c 'a-zA-Z0-9_' '_' | cut -c1-63)
    "$PGCTL" dropdb "$TRILAT_TEST_PG" "$name" >/dev/null 2>&1
    echo "$name" >>"$T/pg_dbs"
    "$PGCTL" createdb "$TRILAT_TEST_PG" "$name" || { echo "FAIL - cannot create database $name" >&2; exit 1; }
}
pg_cleanup() {
    local d
    for d in $(cat "$T/pg_dbs" 2>/dev/null); do "$PGCTL" dropdb "$TRILAT_TEST_PG" "$d" >/dev/null 2>&1; done
    rm -rf "$T"
}
if on_pg; then
    "$PGCTL" uri "$TRILAT_TEST_PG" >/dev/null 2>&1
    [ $? -eq 77 ] && { echo "skip on PostgreSQL: PostgreSQL is not installed"; exit 77; }
    if [ ! -S "$TRILAT_TEST_PG/.s.PGSQL.5432" ]; then
        echo "FAIL - no PostgreSQL test cluster running in $TRILAT_TEST_PG (tests/pg/pgctl start)"
        exit 1
    fi
    trap pg_cleanup EXIT
    DB=$(newdb store) || exit 1
fi
FAILS=0
CHECKS=0

tl() { "$TRILAT" --db "$DB" "$@"; }

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $1"; }
bad() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL - $1"; }

# expect_eq WHAT GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; return 1; fi
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
