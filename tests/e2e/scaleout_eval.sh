#!/bin/bash
# End-to-end: story clustering, distributed versus one process, on the
# shared clustering eval sets (../shared/data/clustering: ECB+, WikiRef220,
# the UCI news titles). For each set, B-cubed F1 against its gold:
#   single    `trilat eval clusters --articles` (one process, file order)
#   queued    published to NATS JetStream, 3 `trilat worker --cluster`
#             into a PostgreSQL database, then `trilat eval clusters --db`
#             (the workers commit batches in whatever order they finish;
#             the one clusterer places articles in commit order)
# Both are printed; the distributed run must score within 0.01 of the
# single-process one. Skips when the shared data is absent.
# SCALEOUT_EVAL_ORDER_WAIT=0 runs the workers with --order-wait 0 (commits
# in finishing order: what docs/deploy.md compares).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/queue_lib.sh"
D=${TRILAT_CLUSTERING_DATA:-$ROOT/../shared/data/clustering}
SETS=${SCALEOUT_EVAL_SETS:-ecbplus wikiref220 uci-news-titles}

on_pg && skip_on_pg "it runs its own PostgreSQL cluster"
need_nats
[ -r "$D/ecbplus/gold.jsonl" ] || { echo "skip: no shared clustering data in $D"; exit 77; }

own_services

f1() { json 'd["bcubed_f1"]'; }
printf '# %-16s %8s %8s %8s\n' set single queued diff
for set in $SETS; do
    A=$D/$set/articles.jsonl
    G=$D/$set/gold.jsonl
    [ -r "$A" ] && [ -r "$G" ] || { bad "$set: $A or $G missing"; continue; }
    single=$("$TRILAT" eval clusters --gold "$G" --articles "$A" --json 2>/dev/null | f1)
    db=$(pg_db "eval_${set//-/_}") || { bad "$set: createdb"; continue; }
    stream=EVAL${set//-/}
    "$TRILAT" publish -q --stream "$stream" --subject "eval.$set" "$A" 2>/dev/null
    PIDS=
    for i in 1 2 3; do
        "$TRILAT" worker --db "$db" --stream "$stream" --subject "eval.$set" \
            --consumer "eval-$set" --cluster --drain --batch 25 --progress 0 \
            --order-wait "${SCALEOUT_EVAL_ORDER_WAIT:-10}" \
            >"$T/$set.w$i.log" 2>&1 &
        PIDS="$PIDS $!"
    done
    rcs=""
    for p in $PIDS; do reap "$p" 600; rcs="$rcs$?"; done
    PIDS=
    expect_eq "$set: the workers drain and exit 0" "$rcs" 000
    queued=$("$TRILAT" --db "$db" eval clusters --gold "$G" --json 2>/dev/null | f1)
    expect_match "$set: both runs scored" "$single $queued" '^[01](\.[0-9]+)? [01](\.[0-9]+)?$'
    diff=$(awk -v a="$single" -v b="$queued" 'BEGIN { d = a - b; printf "%+.4f", -d }')
    ooo=$(cat "$T/$set".w*.log | sed -n 's/.* \([0-9]*\) out of order.*/\1/p' | awk '{s+=$1} END {print s+0}')
    printf '# %-16s %8.4f %8.4f %8s   (%s batches committed out of stream order)\n' \
        "$set" "$single" "$queued" "$diff" "$ooo"
    expect_match "$set: queued within 0.01 B-cubed F1 of one process" \
        "$(awk -v a="$single" -v b="$queued" 'BEGIN { d = a - b; if (d < 0) d = -d; print (d <= 0.01) ? "yes" : "no" }')" '^yes$'
done

finish
