#!/bin/bash
# End-to-end: the bundled example corpus through the real binary.
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples

run tl ingest "$EX/corpus"
expect_eq "ingest corpus exits 0" "$RC" 0
expect_match "summary line" "$ERR" "^ingested 19, duplicates 0, rejected 0 "

run tl ingest "$EX/articles.jsonl"
expect_eq "same articles as JSONL: exit 0" "$RC" 0
expect_match "same articles as JSONL are unchanged" "$ERR" "ingested 0, duplicates 0, rejected 0 \(unchanged 19"

run tl ingest "$EX/corpus" "$EX/articles.jsonl"
expect_match "re-ingest is idempotent" "$ERR" "ingested 0, duplicates 0, rejected 0 \(unchanged 38"

expect_eq "stats: 19 articles" "$(tl stats --json | json 'd["articles"]')" 19
expect_eq "stats: 8 sources" "$(tl stats --json | json 'd["sources"]')" 8
expect_eq "stats: schema 8" "$(tl stats --json | json 'd["schema_version"]')" 8
expect_eq "stats: no analyses waiting after a plain ingest" "$(tl stats --json | json 'd["analyses_pending"]')" 0

run tl article e1-02-caspian-wire --json
expect_eq "article exit 0" "$RC" 0
expect_eq "article source" "$(echo "$OUT" | json 'd["source"]')" "Caspian Wire"
expect_match "article published keeps offset" "$(echo "$OUT" | json 'd["published"]')" "^2026-03-09T[0-9:]+[+-][0-9]{2}:[0-9]{2}$"
expect_eq "article language" "$(echo "$OUT" | json 'd["language"]')" "en"
expect_match "article text present" "$(echo "$OUT" | json 'len(d["text"])')" "^[0-9]{3,}$"

run tl article e1-02-caspian-wire
expect_match "article text view has title line" "$OUT" "title: +.+"

expect_eq "articles --source" "$(tl articles --source 'Caspian Wire' --json | json 'len(d)')" 5
expect_eq "articles --since" "$(tl articles --since 2026-04-01 --json | json 'len(d)')" 3
expect_eq "articles --limit --offset" "$(tl articles --limit 2 --offset 18 --json | json 'len(d)')" 1
first=$(tl articles --json | json 'd[0]["published"] >= d[-1]["published"]')
expect_eq "articles newest first" "$first" "True"

run tl search Varenko --json
expect_eq "search exit 0" "$RC" 0
expect_match "search finds Varenko articles" "$(echo "$OUT" | json 'len(d)')" "^([5-9]|1[0-9])$"
expect_match "search snippet highlights" "$(echo "$OUT" | json 'd[0]["snippet"]')" "\[Varenko\]"
run tl search 'U.S.' '"border troops' --limit 1
expect_eq "search with invalid FTS5 syntax falls back" "$RC" 0

# compressed and stdin input into fresh stores
gzip -c "$EX/articles.jsonl" >"$T/a.jsonl.gz"
run "$TRILAT" --db "$(newdb gz)" ingest "$T/a.jsonl.gz"
expect_match "gzip JSONL" "$ERR" "^ingested 19, duplicates 0, rejected 0 "
if command -v zstd >/dev/null; then
    zstd -q -c "$EX/articles.jsonl" >"$T/a.jsonl.zst"
    run "$TRILAT" --db "$(newdb zst)" ingest "$T/a.jsonl.zst"
    expect_match "zstd JSONL" "$ERR" "^ingested 19, duplicates 0, rejected 0 "
fi
run sh -c "cat '$EX/articles.jsonl' | '$TRILAT' --db '$(newdb stdin)' ingest -"
expect_match "JSONL from stdin" "$ERR" "^ingested 19, duplicates 0, rejected 0 "
ENVDB=$(newdb env)
TRILAT_DB=$ENVDB run "$TRILAT" ingest "$EX/corpus/e1-01-kharvik-ledger.txt"
expect_eq "TRILAT_DB selects the store" "$(TRILAT_DB=$ENVDB "$TRILAT" stats --json | json 'd["articles"]')" 1

# an exact duplicate under another id is recorded, not stored twice
cp "$EX/corpus/e3-01-marren-observer.txt" "$T/e3-copy.txt"
run tl ingest "$T/e3-copy.txt"
expect_match "exact duplicate recorded" "$ERR" "^ingested 0, duplicates 1, rejected 0 "
expect_eq "duplicate resolves to original" "$(tl article e3-copy --json | json 'd["is_duplicate_of"]')" "e3-01-marren-observer"
expect_eq "original lists its duplicate" "$(tl article e3-01-marren-observer --json | json 'd["duplicates"][0]["id"]')" "e3-copy"
expect_eq "stats count duplicates" "$(tl stats --json | json 'd["duplicates"]')" 1

# the CLI surface
for c in ingest articles article search stats check; do
    run "$TRILAT" "$c" --help
    expect_eq "$c --help exits 0" "$RC" 0
done
run "$TRILAT" --version
expect_match "--version" "$OUT" "^trilat [0-9]+\.[0-9]+\.[0-9]+$"
run "$TRILAT" frobnicate
expect_eq "unknown command exits 2" "$RC" 2
run "$TRILAT" articles --limit nope
expect_eq "bad option value exits 2" "$RC" 2
run tl article no-such-id
expect_eq "missing article exits 4" "$RC" 4
run "$TRILAT" --db "$T/none.db" stats
expect_eq "read command without a store exits 4" "$RC" 4
expect_match "no store message" "$ERR" "no store at"
if on_pg; then
    # a database without a store in it, and one that does not exist
    run "$TRILAT" --db "$(newdb empty)" stats
    expect_eq "read command on an empty database exits 4" "$RC" 4
    expect_match "empty database message" "$ERR" "no store at"
    run "$TRILAT" --db "$("$PGCTL" uri "$TRILAT_TEST_PG" tl_no_such_db)" stats
    expect_eq "read command on a missing database exits 4" "$RC" 4
    run "$TRILAT" --db "postgresql:///x?host=$T/no-server&user=u&password=secret" ingest "$EX/corpus"
    expect_eq "no server: store failure" "$RC" 1
    expect_match "no server: libpq's message" "$ERR" "^trilat: cannot connect to the store at $T/no-server:5432/x: .*No such file"
    expect_eq "no server: the password never shown" "$(printf '%s' "$ERR" | grep -c secret)" 0
    expect_match "stats name the backend" "$(tl stats --json | json 'd["backend"]')" "^postgresql$"
fi
run tl check
expect_eq "check passes" "$OUT" "ok"
finish
