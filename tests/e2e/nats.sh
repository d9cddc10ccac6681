#!/bin/bash
# End-to-end: distributed ingestion over NATS JetStream (docs/deploy.md).
# A private nats-server on a free loopback port (store dir in $T); the
# example corpus published and drained by two workers must give the same
# store as a plain ingest; then a worker killed with SIGKILL mid-run, the
# broker killed and restarted mid-run, workers stopped with SIGTERM, and
# re-publishing: nothing lost, nothing stored twice.
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples

. "$(dirname "$0")/queue_lib.sh"
need_nats

NATS_PID=
PIDS=
cleanup() {
    for p in $PIDS $NATS_PID; do { kill -9 "$p"; wait "$p"; } 2>/dev/null; done
    if type on_pg >/dev/null 2>&1 && on_pg; then pg_cleanup; else rm -rf "$T"; fi
}
trap cleanup EXIT
# another empty store: a file, or a database when lib.sh runs us on PostgreSQL
store() { if type newdb >/dev/null 2>&1; then newdb "$1"; else echo "$T/$1.db"; fi; }
pg() { type on_pg >/dev/null 2>&1 && on_pg; }

# count DB: articles stored
count() { "$TRILAT" --db "$1" stats --json | json 'd["articles"]'; }

# synthetic articles with distinct texts: gen FILE FROM TO
gen() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, random, sys
path, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(lo)
words = ("council river budget harbor ferry minister talks border wind solar grid "
         "vote court strike port train school fire rain dam bridge").split()
with open(path, "w") as f:
    for i in range(lo, hi):
        text = " ".join(rnd.choice(words) for _ in range(40))
        f.write(json.dumps({"id": "g-%d" % i, "title": "Item %d" % i, "source": "Gen Wire",
                            "published": "2026-03-%02dT10:00:00Z" % (1 + i % 28),
                            "text": "Report %d. %s." % (i, text)}) + "\n")
EOF
}

# id and hash of every stored article, sorted
idhash() { "$TRILAT" --db "$1" articles --json | json '"\n".join(sorted(a["id"] + " " + a["hash"] for a in d))'; }

WORK=(worker --ack-wait 2 --order-wait 2 --progress 0)

start_nats -1
expect_match "nats-server listens on a free port" "$PORT" '^[0-9]+$'

# ---- the example corpus through the queue, two workers --------------------
run "$TRILAT" publish -q "$EX"
expect_eq "publish examples/: some records rejected -> exit 3" "$RC" 3
expect_match "publish summary" "$ERR" "published 406, rejected 164 \(queued before 188,"
expect_match "rejects reported as FILE:LINE" "$ERR" "gold/facts.jsonl:[0-9]+: missing 'text'"
expect_eq "stream holds the published records" "$(queue_field messages)" 406

"$TRILAT" --db "$DB" "${WORK[@]}" --batch 7 --drain >"$T/w1.log" 2>&1 &
W1=$!
"$TRILAT" --db "$DB" "${WORK[@]}" --batch 7 --drain >"$T/w2.log" 2>&1 &
W2=$!
PIDS="$W1 $W2"
reap "$W1" 30; R1=$?
reap "$W2" 30; R2=$?
PIDS=
expect_eq "worker 1 drains and exits 0" "$R1" 0
expect_eq "worker 2 drains and exits 0" "$R2" 0
expect_match "worker summary" "$(cat "$T/w1.log")" "^worker done: stored [0-9]+, duplicates 0"
expect_eq "every article stored once" "$(count "$DB")" 406
expect_eq "consumer: nothing pending" "$(queue_field pending)" 0
expect_eq "consumer: nothing awaiting an ack" "$(queue_field ack_pending)" 0
expect_eq "work queue: acked messages are gone" "$(queue_field messages)" 0

PLAIN=$(store plain)
"$TRILAT" --db "$PLAIN" ingest -q "$EX" 2>/dev/null
idhash "$DB" >"$T/q.ids"
idhash "$PLAIN" >"$T/p.ids"
if cmp -s "$T/q.ids" "$T/p.ids"; then ok "same ids and hashes as a plain ingest"
else bad "ids/hashes differ from a plain ingest: $(diff "$T/q.ids" "$T/p.ids" | head -5)"; fi
"$TRILAT" --db "$DB" articles --json | json 'sorted((a["id"], a["origin"], a["published"], a["source"]) for a in d)' >"$T/q.meta"
"$TRILAT" --db "$PLAIN" articles --json | json 'sorted((a["id"], a["origin"], a["published"], a["source"]) for a in d)' >"$T/p.meta"
if cmp -s "$T/q.meta" "$T/p.meta"; then ok "same origins, dates and sources as a plain ingest"
else bad "metadata differs from a plain ingest"; fi
expect_eq "same text as a plain ingest" \
    "$("$TRILAT" --db "$DB" article e1-02-caspian-wire --json | json 'd["text"]' | md5sum)" \
    "$("$TRILAT" --db "$PLAIN" article e1-02-caspian-wire --json | json 'd["text"]' | md5sum)"

# ---- re-publishing stores nothing twice --------------------------------------
run "$TRILAT" publish -q "$EX"
expect_match "re-publish inside the duplicate window: JetStream drops it all" "$ERR" \
    "^published 0, rejected 164 \(queued before 594,"
# a second stream (no dedup history) delivers everything again: STORE_SAME
run "$TRILAT" publish -q --stream TRILAT2 --subject trilat2.articles "$EX/corpus" "$EX/articles.jsonl"
expect_match "publish to a second stream" "$ERR" "^published 19, rejected 0 \(queued before 19,"
run timeout 30 "$TRILAT" --db "$DB" "${WORK[@]}" --stream TRILAT2 --subject trilat2.articles --drain
expect_eq "worker on the second stream exits 0" "$RC" 0
expect_match "re-delivered articles are unchanged" "$ERR" "stored 0, duplicates 0, unchanged 19, rejected 0"
expect_eq "still every article once" "$(count "$DB")" 406

# ---- --cluster: two workers, one clusterer (the clustering lock) -----------
CW=(--stream TRILAT3 --subject trilat3.articles --batch 3 --drain)
CLU=$(store clu)
"$TRILAT" publish -q --stream TRILAT3 --subject trilat3.articles "$EX/corpus" 2>/dev/null
"$TRILAT" --db "$CLU" "${WORK[@]}" "${CW[@]}" --cluster >"$T/c1.log" 2>&1 &
C1=$!
"$TRILAT" --db "$CLU" "${WORK[@]}" "${CW[@]}" --cluster >"$T/c2.log" 2>&1 &
C2=$!
PIDS="$C1 $C2"
reap "$C1" 30; R1=$?
reap "$C2" 30; R2=$?
PIDS=
expect_eq "--cluster workers exit 0" "$R1$R2" 00 || sed 's/^/# c: /' "$T/c1.log" "$T/c2.log"
expect_eq "one of them took the clustering lock" \
    "$(cat "$T/c1.log" "$T/c2.log" | grep -c 'took the clustering lock')" 1
placed=$(cat "$T/c1.log" "$T/c2.log" | sed -n 's/.* \([0-9]*\) placed;.*/\1/p' | awk '{s+=$1} END {print s+0}')
expect_eq "--cluster workers placed every article" "$placed" 19
used=$(cat "$T/c1.log" "$T/c2.log" | sed -n 's/.* \([0-9]*\) analyses used.*/\1/p' | awk '{s+=$1} END {print s+0}')
expect_eq "the clusterer used the workers' analyses of every article" "$used" 19
expect_match "stories made" "$("$TRILAT" --db "$CLU" stats --json | json 'd["stories"]')" '^[1-9]'
run "$TRILAT" --db "$CLU" cluster
expect_match "nothing left for 'trilat cluster'" "$ERR" "^placed 0 articles"
# the same analysis as one process: quotes and events of a plain ingest + cluster
PLAIN2=$(store plain2)
"$TRILAT" --db "$PLAIN2" ingest -q "$EX/corpus" 2>/dev/null
"$TRILAT" --db "$PLAIN2" cluster -q 2>/dev/null
# (what the article says: spans, kinds, codes, phrases; not entity ids,
# which follow the order articles arrived in)
QKEY='sorted((x["article"], x["offsets"], x["kind"], x["speaker"], x["cue"]) for x in d)'
EKEY='sorted((x["article"], x["trigger_offsets"], x["code"], (x["actor"] or {}).get("phrase"), str(x["date"])) for x in d)'
expect_eq "quotes as a plain ingest + cluster" \
    "$("$TRILAT" --db "$CLU" quotes --json --limit 0 | json "$QKEY" | md5sum)" \
    "$("$TRILAT" --db "$PLAIN2" quotes --json --limit 0 | json "$QKEY" | md5sum)"
expect_match "(some quotes)" "$("$TRILAT" --db "$CLU" quotes --json --limit 0 | json 'len(d)')" '^[1-9]'
expect_eq "events as a plain ingest + cluster" \
    "$("$TRILAT" --db "$CLU" events --json --limit 0 | json "$EKEY" | md5sum)" \
    "$("$TRILAT" --db "$PLAIN2" events --json --limit 0 | json "$EKEY" | md5sum)"

# ---- while a worker holds the clustering lock, nobody else clusters ----------
"$TRILAT" --db "$CLU" "${WORK[@]}" --stream TRILAT3 --subject trilat3.articles --cluster \
    >"$T/c3.log" 2>&1 &
C3=$!
PIDS="$C3"
echo '{"id":"late-1","text":"A late report from Kharvik about the summit."}' >"$T/late.jsonl"
"$TRILAT" --db "$CLU" ingest -q "$T/late.jsonl" 2>/dev/null
wait_for 20 grep -q "took the clustering lock" "$T/c3.log"
run "$TRILAT" --db "$CLU" cluster
expect_eq "trilat cluster while a worker clusters: exit 1" "$RC" 1
expect_match "... and says who holds the lock" "$ERR" "another process is clustering this store \(.* pid $C3 since"
late_placed() { [ "$("$TRILAT" --db "$CLU" article late-1 --json | json 'd["story"] is not None')" = True ]; }
wait_for 20 late_placed
expect_eq "the clusterer placed what another process stored" "$(late_placed && echo yes)" yes
# a server beside it stores a POST and leaves the placing to the worker
"$TRILAT" --db "$CLU" serve --port 0 --token t0k -q >"$T/serve.log" 2>&1 &
SRV=$!
PIDS="$C3 $SRV"
wait_for 20 grep -q "listening on" "$T/serve.log"
URL=$(sed -n 's/.*listening on \(http:[^ ]*\) .*/\1/p' "$T/serve.log")
post=$(curl -s -H "Authorization: Bearer t0k" --data-binary \
    '{"id":"late-2","text":"Another late report from Kharvik about the summit talks."}' \
    "${URL}api/v1/articles")
expect_eq "POST beside a clustering worker: stored, not clustered by the server" \
    "$(echo "$post" | json '(d["ingested"], d["clustered"], "holds the clustering lock" in d.get("cluster_error", ""))')" \
    "(1, False, True)"
late2_placed() { [ "$("$TRILAT" --db "$CLU" article late-2 --json | json 'd["story"] is not None')" = True ]; }
wait_for 20 late2_placed
expect_eq "... and the worker placed it" "$(late2_placed && echo yes)" yes
kill -TERM "$SRV"
reap "$SRV" 30 >/dev/null
kill -TERM "$C3"
reap "$C3" 30
expect_eq "the clusterer stops on SIGTERM" "$?" 0
PIDS=
run "$TRILAT" --db "$CLU" cluster
expect_eq "then trilat cluster runs" "$RC" 0

# ---- a worker killed with SIGKILL mid-run loses nothing -----------------------
gen "$T/gen1.jsonl" 0 3000
run "$TRILAT" publish -q "$T/gen1.jsonl"
expect_match "publish 3000 more" "$ERR" "^published 3000, rejected 0"
"$TRILAT" --db "$DB" "${WORK[@]}" --batch 1 >"$T/victim.log" 2>&1 &
VICTIM=$!
PIDS="$VICTIM"
wait_for 20 grep -q "pulling from" "$T/victim.log"
# freeze it while it holds a message (or a pull request the broker fills):
# between an ack and its next pull it holds none, so try again then
for _ in $(seq 20); do
    kill -STOP "$VICTIM"
    sleep 0.3
    held=$(queue_field ack_pending)
    [ "$held" -gt 0 ] && break
    kill -CONT "$VICTIM"
    sleep 0.05
done
echo "# the victim was stopped after storing $(($(count "$DB") - 406)) articles"
{ kill -KILL "$VICTIM"; wait "$VICTIM"; } 2>/dev/null
PIDS=
expect_match "the killed worker held unacked messages" "$held" '^[1-9][0-9]*$'
"$TRILAT" --db "$DB" "${WORK[@]}" --batch 5 --drain >"$T/w3.log" 2>&1 &
W3=$!
"$TRILAT" --db "$DB" "${WORK[@]}" --batch 5 --drain >"$T/w4.log" 2>&1 &
W4=$!
PIDS="$W3 $W4"
reap "$W3" 30; R3=$?
reap "$W4" 30; R4=$?
PIDS=
expect_eq "survivors drain and exit 0" "$R3$R4" 00
redel=$(cat "$T/w3.log" "$T/w4.log" | sed -n 's/.* \([0-9]*\) redelivered.*/\1/p' | awk '{s+=$1} END {print s+0}')
expect_match "the killed worker's messages were redelivered" "$redel" '^[1-9][0-9]*$'
expect_eq "nothing lost after SIGKILL" "$(count "$DB")" 3406
expect_eq "nothing pending after SIGKILL" "$(queue_field pending)/$(queue_field ack_pending)" 0/0

# ---- the broker restarts mid-run; workers reconnect; SIGTERM stops them ------
gen "$T/gen2.jsonl" 3000 6000
gen "$T/gen3.jsonl" 6000 7000
"$TRILAT" --db "$DB" "${WORK[@]}" --batch 2 >"$T/w5.log" 2>&1 &
W5=$!
"$TRILAT" --db "$DB" "${WORK[@]}" --batch 2 >"$T/w6.log" 2>&1 &
W6=$!
PIDS="$W5 $W6"
run "$TRILAT" publish -q "$T/gen2.jsonl"
expect_match "publish before the restart" "$ERR" "^published 3000, rejected 0"
wait_for 20 sh -c "[ \$('$TRILAT' --db '$DB' stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"articles\"])') -gt 3500 ]"
echo "# the broker was killed with $(count "$DB") articles stored"
{ kill -KILL "$NATS_PID"; wait "$NATS_PID"; } 2>/dev/null
sleep 1
start_nats "$PORT"
run "$TRILAT" publish -q "$T/gen3.jsonl"
expect_match "publish after the restart" "$ERR" "^published 1000, rejected 0"
queue_empty() { [ "$("$TRILAT" queue --json 2>/dev/null | json 'd["pending"] + d["ack_pending"]')" = 0 ]; }
all_stored() { [ "$(count "$DB")" = 7406 ]; }
wait_for 40 all_stored
wait_for 10 queue_empty
expect_eq "nothing lost across the broker restart" "$(count "$DB")" 7406
expect_eq "queue empty after the restart" "$(queue_field pending)/$(queue_field ack_pending)" 0/0
kill -TERM "$W5" "$W6"
reap "$W5" 30; R5=$?
reap "$W6" 30; R6=$?
PIDS=
expect_eq "SIGTERM: workers exit 0" "$R5$R6" 00
expect_match "workers saw the broker go and come back" "$(cat "$T/w5.log")" "NATS reconnected"
expect_match "SIGTERM: summary line" "$(cat "$T/w5.log")" "worker done: stored [0-9]+"
[ -n "${NATS_TEST_VERBOSE:-}" ] && cat "$T/w5.log" "$T/w6.log"
total=$(cat "$T"/w[1-6].log | sed -n 's/^worker done: stored \([0-9]*\).*/\1/p' | awk '{s+=$1} END {print s+0}')
echo "# stored by the workers' summaries: $total (the killed worker's share not counted)"

# ---- store check ---------------------------------------------------------------
run tl check
expect_eq "store check ok" "$RC" 0

finish
