#!/bin/bash
# End-to-end: trilat scaled out on loopback, the way docs/deploy.md runs it
# on three machines, with the failures it must survive:
#   - its own PostgreSQL cluster (tests/pg/pgctl) and JetStream nats-server;
#   - SCALEOUT_N articles (default 5,000; bench/gen_corpus --stories, with
#     its gold stories) published once;
#   - 3 workers, every one offering to cluster (--cluster): one takes the
#     clustering lock; it is killed with SIGKILL in the middle of the run,
#     and one of the others takes over; PostgreSQL is restarted once while
#     the workers work.
# Then: every article stored exactly once; nothing left in the queue
# (pending, unacknowledged or kept); every article placed and analysed,
# with the workers' analyses (none left unused); quotes, events and
# mentions exactly those of a single-process `trilat ingest` + `trilat
# cluster` of the same file; stories that agree with that run's (B-cubed
# F1 of one against the other), and score within 0.01 of it against the
# generator's gold. Arrival order differs between the two runs, and the
# clustering is online, so stories may differ a little (docs/deploy.md).
#
# Starts its own database cluster (not lib.sh's PostgreSQL mode): it
# restarts it, which would disturb the other tests.
. "$(dirname "$0")/lib.sh"
N=${SCALEOUT_N:-5000}
GEN=$(dirname "$TRILAT")/gen_corpus

. "$(dirname "$0")/queue_lib.sh"
on_pg && skip_on_pg "it runs its own PostgreSQL cluster (restarted mid-run)"
need_nats
[ -x "$GEN" ] || { echo "FAIL - no $GEN (built with trilat)"; exit 1; }

own_services
PGDB=$(pg_db scaleout) || { echo "FAIL - createdb"; exit 1; }
count() { "$TRILAT" --db "$1" stats --json | json 'd["articles"] + d["duplicates"]'; }

"$GEN" --stories "$N" 7 --gold "$T/gold.jsonl" >"$T/corpus.jsonl"

# ---- the single-process run: the reference ---------------------------------
REF=$T/ref.db
t0=$(date +%s.%N)
"$TRILAT" --db "$REF" ingest -q "$T/corpus.jsonl" 2>/dev/null
"$TRILAT" --db "$REF" cluster -q 2>"$T/ref.log"
echo "# single process: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
expect_eq "reference run stored every article" "$(count "$REF")" "$N"

# ---- the distributed run ---------------------------------------------------
run "$TRILAT" publish -q "$T/corpus.jsonl"
expect_match "publish" "$ERR" "^published $N, rejected 0"
W=(worker --db "$PGDB" --cluster --drain --batch 50 --ack-wait 3 --order-wait 3 --progress 2)
for i in 1 2 3; do
    "$TRILAT" "${W[@]}" >"$T/w$i.log" 2>&1 &
    eval "W$i=\$!"
    PIDS="$PIDS $!"
done
# the clusterer: whoever says it took the lock
leader_log() { grep -l "took the clustering lock" "$T"/w[123].log 2>/dev/null | head -1; }
stored_over() { [ "$(count "$PGDB" 2>/dev/null || echo 0)" -gt "$1" ]; }
wait_for 60 sh -c "grep -q 'took the clustering lock' $T/w1.log $T/w2.log $T/w3.log"
wait_for 120 stored_over $((N / 5))
LOG=$(leader_log)
VICTIM_I=$(basename "$LOG" .log | tr -dc 0-9)
eval "VICTIM=\$W$VICTIM_I"
placed_before=$("$TRILAT" --db "$PGDB" stats --json | json 'd["stories"]')
{ kill -KILL "$VICTIM"; wait "$VICTIM"; } 2>/dev/null
echo "# killed worker $VICTIM_I (the clusterer) with $(count "$PGDB") articles stored, $placed_before stories made"
expect_match "a clusterer was working when it was killed" "$placed_before" '^[1-9][0-9]*$'

wait_for 120 stored_over $((N / 2))
left=$(queue_field pending)
"$ROOT/tests/pg/pgctl" restart "$T/pg" >/dev/null || bad "PostgreSQL restarts"
echo "# PostgreSQL restarted with $(count "$PGDB") articles stored, $left messages waiting"
expect_match "the restart came while work was left" "$left" '^[1-9][0-9]*$'

SURVIVORS=""
for i in 1 2 3; do [ "$i" = "$VICTIM_I" ] || SURVIVORS="$SURVIVORS $i"; done
for i in $SURVIVORS; do
    eval "p=\$W$i"
    reap "$p" 600
    expect_eq "worker $i drains and exits 0" "$?" 0
done
PIDS=
[ -n "${SCALEOUT_VERBOSE:-}" ] && cat "$T"/w[123].log

takeover=0
for i in $SURVIVORS; do grep -q "took the clustering lock" "$T/w$i.log" && takeover=1; done
expect_eq "another worker took the clustering lock over" "$takeover" 1
errs=$(cat "$T"/w[123].log | grep -c "store: \|clustering: .*retry" || true)
echo "# store or clustering errors the workers rode out (the PostgreSQL restart): $errs"
expect_match "the workers saw the database go away" "$errs" '^[1-9][0-9]*$'

# ---- every article stored exactly once; the queue empty ---------------------
expect_eq "every article stored exactly once" "$(count "$PGDB")" "$N"
"$TRILAT" --db "$PGDB" stats --json >"$T/dist.stats"
"$TRILAT" --db "$REF" stats --json >"$T/ref.stats"
expect_eq "as many originals and duplicates as the reference" \
    "$(json '(d["articles"], d["duplicates"])' <"$T/dist.stats")" \
    "$(json '(d["articles"], d["duplicates"])' <"$T/ref.stats")"
hashes() { "$TRILAT" --db "$1" articles --json --limit 0 | json '"\n".join(sorted(a["hash"] for a in d))' | md5sum; }
expect_eq "the same texts as the reference" "$(hashes "$PGDB")" "$(hashes "$REF")"
expect_eq "nothing pending or unacknowledged" "$(queue_field pending)/$(queue_field ack_pending)" 0/0
expect_eq "the work queue kept nothing" "$(queue_field messages)" 0
expect_eq "no analysis left unused" "$(json 'd["analyses_pending"]' <"$T/dist.stats")" 0
used=$(cat "$T"/w[123].log | sed -n 's/.* \([0-9]*\) analyses used.*/\1/p' | awk '{s+=$1} END {print s+0}')
echo "# analyses made by the workers and used by the clusterers: $used (the killed one's not counted)"
expect_match "the clusterer used the workers' analyses" "$used" '^[1-9][0-9]*$'
run "$TRILAT" --db "$PGDB" cluster
expect_match "nothing left to place" "$ERR" "^placed 0 articles"
expect_match "nothing left to analyse" "$ERR" "entities: analyzed 0 articles"

# ---- the same analysis as one process ---------------------------------------
nq() { "$TRILAT" --db "$1" quotes --json -n 0 | json 'len(d)'; }
ne() { "$TRILAT" --db "$1" events --json --limit 0 | json 'len(d)'; }
expect_eq "the same number of quotes as the reference" "$(nq "$PGDB")" "$(nq "$REF")"
expect_eq "the same number of events as the reference" "$(ne "$PGDB")" "$(ne "$REF")"
echo "# entities: distributed $(json 'd["entities"]' <"$T/dist.stats"), reference $(json 'd["entities"]' <"$T/ref.stats")"

# ---- stories -----------------------------------------------------------------
"$TRILAT" --db "$REF" stories --assignments >"$T/ref.assign"
f1() { json 'd["bcubed_f1"]'; }
agree=$("$TRILAT" --db "$PGDB" eval clusters --gold "$T/ref.assign" --json | f1)
ref_f1=$("$TRILAT" --db "$REF" eval clusters --gold "$T/gold.jsonl" --json | f1)
dist_f1=$("$TRILAT" --db "$PGDB" eval clusters --gold "$T/gold.jsonl" --json | f1)
echo "# stories: agreement with the reference (B-cubed F1) $agree; against the gold: reference $ref_f1, distributed $dist_f1"
num='^[01](\.[0-9]+)?$'
expect_match "the reference's stories scored" "$ref_f1" "$num"
expect_match "the distributed stories scored" "$dist_f1" "$num"
expect_match "stories agree with the single-process run (B-cubed F1 >= 0.95)" \
    "$(awk -v a="$agree" 'BEGIN { print (a >= 0.95) ? "yes" : "no: " a }')" '^yes$'
expect_match "B-cubed F1 against the gold within 0.01 of the single-process run" \
    "$(awk -v a="$ref_f1" -v b="$dist_f1" 'BEGIN { d = a - b; if (d < 0) d = -d; print (d <= 0.01) ? "yes" : "no: " d }')" '^yes$'

run "$TRILAT" --db "$PGDB" check
expect_eq "store check ok" "$RC" 0

finish
