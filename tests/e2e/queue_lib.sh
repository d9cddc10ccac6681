# queue_lib.sh -- helpers for the end-to-end tests of distributed
# ingestion (nats.sh, scaleout.sh, scaleout_eval.sh): a private
# nats-server, a private PostgreSQL cluster, waiting for processes.
# Sourced after lib.sh (uses $T, $TRILAT, $ROOT, json).

# need_nats: skip (77) without nats-server or a trilat built with NATS.
need_nats() {
    if ! command -v nats-server >/dev/null 2>&1; then
        echo "skip: nats-server not installed (scripts/setup installs it)"
        exit 77
    fi
    if ! "$TRILAT" help 2>/dev/null | grep -q '^  publish'; then
        echo "skip: this trilat was built without NATS support (no 'publish' command)"
        exit 77
    fi
}

# start_nats PORT: nats-server with JetStream, its store in $T/js; PORT -1
# picks a free one. Sets NATS_PID and PORT, exports TRILAT_NATS.
start_nats() {
    rm -rf "$T/ports"
    mkdir -p "$T/ports"
    nats-server -js -a 127.0.0.1 -p "$1" -sd "$T/js" --ports_file_dir "$T/ports" \
        >>"$T/nats.log" 2>&1 &
    NATS_PID=$!
    for _ in $(seq 100); do
        [ -s "$T/ports/nats-server_$NATS_PID.ports" ] && break
        sleep 0.1
    done
    PORT=$(json 'd["nats"][0].rsplit(":", 1)[1]' <"$T/ports/nats-server_$NATS_PID.ports")
    export TRILAT_NATS=nats://127.0.0.1:$PORT
}

# start_pg: a throwaway PostgreSQL cluster of this test's own in $T/pg
# (tests/pg/pgctl), which the test may restart; skips (77) without
# PostgreSQL. stop_pg stops it (call it from the EXIT trap).
start_pg() {
    chmod 755 "$T"          # the postgres user runs the server in $T/pg
    "$ROOT/tests/pg/pgctl" start "$T/pg" >/dev/null
    local rc=$?
    [ $rc -eq 77 ] && { echo "skip: PostgreSQL is not installed"; exit 77; }
    [ $rc -eq 0 ] || { echo "FAIL - cannot start a PostgreSQL cluster"; exit 1; }
}
stop_pg() { "$ROOT/tests/pg/pgctl" stop "$T/pg" >/dev/null 2>&1; }
# pg_db NAME: a new database in it; prints its URI
pg_db() { "$ROOT/tests/pg/pgctl" createdb "$T/pg" "$1"; }

# own_services: a PostgreSQL cluster and a nats-server of this test's own,
# stopped on exit with the processes listed in $PIDS (and $T removed).
own_services() {
    NATS_PID=
    PIDS=
    trap own_services_stop EXIT
    start_pg
    start_nats -1
}
own_services_stop() {
    local p
    for p in $PIDS $NATS_PID; do { kill -9 "$p"; wait "$p"; } 2>/dev/null; done
    stop_pg
    rm -rf "$T"
}

# queue_field FIELD: from `trilat queue --json`
queue_field() { "$TRILAT" queue --json | json "d['$1']"; }

# wait_for SECONDS CMD...: until CMD succeeds
wait_for() {
    local n=$(($1 * 10)); shift
    for _ in $(seq "$n"); do "$@" && return 0; sleep 0.1; done
    return 1
}

# reap PID SECONDS: its exit status, or 124 after killing it when it is
# still running after SECONDS (a hung worker fails the test, never hangs it)
reap() {
    local n=$(($2 * 10))
    while [ "$n" -gt 0 ] && kill -0 "$1" 2>/dev/null; do sleep 0.1; n=$((n - 1)); done
    if kill -0 "$1" 2>/dev/null; then
        { kill -9 "$1"; wait "$1"; } 2>/dev/null
        echo "# pid $1 still running after $2 s: killed" >&2
        return 124
    fi
    wait "$1"
}
