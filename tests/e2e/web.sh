#!/bin/bash
# End-to-end: the web page in a real browser. Serves the example corpus
# with `trilat serve` on a free port and runs tests/web/browser.mjs
# (playwright-core driving Debian's /usr/bin/chromium) against it; the
# screenshots go to screenshots/ next to the binary. Skipped (exit 77)
# without node, chromium, or tests/web/node_modules (`npm ci` in tests/web).
set -u
TRILAT=$1
ROOT=$2
CHROMIUM=${TRILAT_CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null 2>&1; then
    echo "skip: node not found (Debian package nodejs)"; exit 77
fi
if [ ! -x "$CHROMIUM" ]; then
    echo "skip: $CHROMIUM not found (Debian package chromium)"; exit 77
fi
if [ ! -d "$ROOT/tests/web/node_modules/playwright-core" ]; then
    echo "skip: playwright-core not installed (run: cd $ROOT/tests/web && npm ci)"; exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/trilat-web.XXXXXX")
DB=$T/store.db
LOG=$T/serve.log
PID=
# TRILAT_TEST_PG=DIR (a tests/pg/pgctl cluster): a fresh PostgreSQL
# database instead, dropped on exit (as tests/e2e/lib.sh does)
PGDB=tl_web_$$
cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID" 2>/dev/null; fi
    rm -rf "$T"
    [ -z "${TRILAT_TEST_PG:-}" ] || "$ROOT/tests/pg/pgctl" dropdb "$TRILAT_TEST_PG" "$PGDB" >/dev/null 2>&1
}
trap cleanup EXIT
if [ -n "${TRILAT_TEST_PG:-}" ]; then
    DB=$("$ROOT/tests/pg/pgctl" createdb "$TRILAT_TEST_PG" "$PGDB")
    case $? in 0) ;; 77) echo "skip on PostgreSQL: PostgreSQL is not installed"; exit 77 ;;
               *) echo "FAIL - cannot create a PostgreSQL database"; exit 1 ;; esac
fi
die() { echo "FAIL - $*"; [ -s "$LOG" ] && sed 's/^/  serve: /' "$LOG"; exit 1; }

"$TRILAT" --db "$DB" ingest --quiet "$ROOT/examples/corpus" >"$T/ingest.out" 2>&1 \
    || { cat "$T/ingest.out"; die "ingest of examples/corpus failed"; }
"$TRILAT" --db "$DB" cluster -q >"$T/cluster.out" 2>&1 \
    || { cat "$T/cluster.out"; die "cluster failed"; }
echo "ok - example corpus ingested and clustered"

"$TRILAT" --db "$DB" serve --port 0 --quiet 2>"$LOG" &
PID=$!
PORT=
for _ in $(seq 100); do   # up to 10 s
    PORT=$(sed -n 's|^trilat serve: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$LOG" | head -n 1)
    [ -n "$PORT" ] && break
    kill -0 "$PID" 2>/dev/null || die "trilat serve exited before listening"
    sleep 0.1
done
[ -n "$PORT" ] || die "no 'trilat serve: listening on http://127.0.0.1:PORT/' line on stderr after 10 s"
echo "ok - trilat serve listening on port $PORT"

SHOTS=$(dirname "$TRILAT")/screenshots
node "$ROOT/tests/web/browser.mjs" "http://127.0.0.1:$PORT" "$SHOTS"
RC=$?

kill -TERM "$PID"
STOPPED=
for _ in $(seq 100); do   # up to 10 s
    kill -0 "$PID" 2>/dev/null || { STOPPED=1; break; }
    sleep 0.1
done
[ -n "$STOPPED" ] || die "trilat serve still running 10 s after SIGTERM"
wait "$PID"
SRC=$?
PID=
[ "$SRC" -eq 0 ] || die "trilat serve exited $SRC after SIGTERM, want 0"
echo "ok - trilat serve stopped by SIGTERM, exit 0"
[ "$RC" -eq 0 ] || { echo "FAIL - the browser checks failed (above)"; exit 1; }
echo "all web checks passed; screenshots in $SHOTS"
