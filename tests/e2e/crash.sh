#!/bin/bash
# End-to-end: kill -9 in the middle of an ingest leaves the store consistent
# with every committed batch intact, and a re-run completes it.
#
# The ingest reads from a pipe that we feed 5,500 articles and then hold
# open: with --batch 1000, five batches are committed and 500 articles sit
# in the open transaction when the process is killed.
. "$(dirname "$0")/lib.sh"

python3 - >"$T/all.jsonl" <<'P'
import json
for i in range(5500):
    print(json.dumps({"id": "k%05d" % i, "source": "Wire %d" % (i % 7),
                      "published": "2026-03-%02dT10:00:00+01:00" % (1 + i % 28),
                      "title": "Crash test article %d" % i,
                      "text": "Article number %d. " % i + "The harbour board met again on Monday. " * 20}))
P
mkfifo "$T/fifo"
( head -n 5500 "$T/all.jsonl"; sleep 120 ) >"$T/fifo" &
FEED=$!
"$TRILAT" --db "$DB" ingest --batch 1000 - <"$T/fifo" 2>"$T/ingest.err" &
PID=$!

n=0
for _ in $(seq 1 600); do
    n=$(tl stats --json 2>/dev/null | json 'd["articles"]' 2>/dev/null || echo 0)
    [ "$n" -ge 5000 ] && break
    sleep 0.1
done
expect_eq "five batches committed while ingest runs" "$n" 5000
sleep 1                      # the last 500 are read into the open transaction
kill -9 "$PID"
wait "$PID" 2>/dev/null
kill "$FEED" 2>/dev/null
pkill -P "$FEED" sleep 2>/dev/null
wait "$FEED" 2>/dev/null

run tl check
expect_eq "store consistent after kill -9" "$OUT" "ok"
expect_eq "every committed batch intact, the open one gone" "$(tl stats --json | json 'd["articles"]')" 5000
expect_eq "last committed article readable" "$(tl article k04999 --json | json 'd["title"]')" "Crash test article 4999"
run tl article k05000
expect_eq "uncommitted article absent" "$RC" 4

run tl ingest "$T/all.jsonl"
expect_eq "re-run exits 0" "$RC" 0
expect_match "re-run stores only the rest" "$ERR" "^ingested 500, duplicates 0, rejected 0 \(unchanged 5000"
expect_eq "complete after re-run" "$(tl stats --json | json 'd["articles"]')" 5500
run tl check
expect_eq "store consistent after re-run" "$OUT" "ok"
expect_eq "search index complete" "$(tl search --json --limit 1 '"Crash test article 5499"' | json 'd[0]["id"]')" "k05499"

# Several processes creating one store at once: each takes the schema
# from wherever the others left it (migrations re-read the version under
# the write lock), none fails.
head -n 1 "$T/all.jsonl" >"$T/one.jsonl"
for round in 1 2 3; do
    rm -f "$T/race.db" "$T/race.db-wal" "$T/race.db-shm"
    RACE=$(newdb race)          # $T/race.db, or a new PostgreSQL database
    pids=()
    for i in 1 2 3 4 5 6; do
        "$TRILAT" --db "$RACE" ingest -q "$T/one.jsonl" 2>"$T/race$i.err" &
        pids+=($!)
    done
    bad=0
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" && continue
        rc=$?
        bad=$((bad + 1))
        # say why, so that a rare failure can be diagnosed from the CI log
        echo "# ingest $((i + 1)) of round $round exited $rc: $(head -c 2000 "$T/race$((i + 1)).err")"
    done
    expect_eq "round $round: six concurrent ingests into a new store all succeed" "$bad" 0
done
expect_eq "the raced store is consistent" "$("$TRILAT" --db "$RACE" check)" "ok"
expect_eq "and holds the article once" "$("$TRILAT" --db "$RACE" stats --json | json 'd["articles"]')" 1

# Two writers storing the same texts in opposite orders at once take
# turns: neither fails (no deadlock on the unique indexes), each text is
# stored once and recorded once as the other's duplicate.
python3 - "$T" <<'P'
import json, sys
texts = ["Shared text number %d. " % i + "The ferry timetable changes in May. " * 5 for i in range(400)]
for name, order in (("x", texts), ("y", texts[::-1])):
    with open("%s/%s.jsonl" % (sys.argv[1], name), "w") as f:
        for i, t in enumerate(order):
            f.write(json.dumps({"id": "%s%03d" % (name, i), "text": t}) + "\n")
P
CROSS=$(newdb cross)
"$TRILAT" --db "$CROSS" ingest -q --batch 50 "$T/x.jsonl" 2>"$T/x.err" & px=$!
"$TRILAT" --db "$CROSS" ingest -q --batch 50 "$T/y.jsonl" 2>"$T/y.err" & py=$!
wait $px; rx=$?
wait $py; ry=$?
expect_eq "crossed writers both succeed" "$rx $ry" "0 0"
[ "$rx $ry" = "0 0" ] || cat "$T/x.err" "$T/y.err"
expect_eq "crossed writers: each text once, once a duplicate" \
    "$("$TRILAT" --db "$CROSS" stats --json | json '"%d %d" % (d["articles"], d["duplicates"])')" "400 400"
expect_eq "crossed writers: store consistent" "$("$TRILAT" --db "$CROSS" check)" "ok"
finish
