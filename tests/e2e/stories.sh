#!/bin/bash
# End-to-end: story clustering on the example corpus through the real
# binary (cluster, stories, story, storylines, eval clusters, article).
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples

run tl ingest --quiet "$EX/corpus"
run tl cluster
expect_eq "cluster exits 0" "$RC" 0
expect_match "cluster summary" "$ERR" "^placed 19 articles: [0-9]+ new stories, 1 near-duplicates"
run tl cluster
expect_match "cluster is incremental: nothing left to place" "$ERR" "^placed 0 articles"

# story of an article, by id
story_of() { python3 -c "
import json,sys
want=sys.argv[1]
for s in json.load(open(sys.argv[2])):
    for m in s['members']:
        if m['id']==want: print(s['id'])" "$1" "$T/all.json"; }
ids=$(tl stories --json | json '" ".join(str(s["id"]) for s in d)')
echo "[" >"$T/all.json"; first=1
for i in $ids; do [ $first = 1 ] || echo "," >>"$T/all.json"; first=0; tl story --json "$i" >>"$T/all.json"; done
echo "]" >>"$T/all.json"

# every event is exactly one story (issue 4: "the examples corpus clusters
# into its events exactly")
for ev in e1 e2 e3 e4 e5; do
    got=$(python3 -c "
import json
ss=json.load(open('$T/all.json'))
ev='$ev'
hit=[s for s in ss if any(m['id'].startswith(ev+'-') for m in s['members'])]
print(len(hit), all(m['id'].startswith(ev+'-') for s in hit for m in s['members']))")
    expect_eq "$ev: one story, nothing else in it" "$got" "1 True"
done
expect_eq "same-kind events (two plant fires) are two stories" \
    "$([ "$(story_of e3-01-marren-observer)" != "$(story_of e5-01-aldmere-gazette)" ] && echo yes)" yes
expect_eq "syndicated copy joins its original's story" \
    "$(story_of e1-05-harbor-post)" "$(story_of e1-02-caspian-wire)"
nd=$(python3 -c "
import json
for s in json.load(open('$T/all.json')):
    for m in s['members']:
        if m['id']=='e1-05-harbor-post': print(m['near_duplicate_of'])")
expect_eq "syndicated copy linked as near-duplicate" "$nd" "e1-02-caspian-wire"

run tl stories
expect_match "stories text view" "$OUT" "Kestrel Shipping agrees \\\$4.2 billion takeover of Tarn Maritime"
expect_eq "stories --min-size" "$(tl stories --json --min-size 4 | json 'min(s["articles"] for s in d)')" 4
expect_eq "stories --source" "$(tl stories --json --source 'Aldmere Gazette' | json 'len(d)')" 1
run tl story 999
expect_eq "missing story exits 4" "$RC" 4
run tl storylines --json
expect_eq "storylines exits 0" "$RC" 0
expect_eq "every story in one storyline" "$(echo "$OUT" | json 'sum(len(l["stories"]) for l in d)')" \
    "$(tl stories --json | json 'len(d)')"

# the eval harness: B-cubed against the gold labels of the corpus
run tl eval clusters --gold "$EX/gold/stories.jsonl" --json
expect_eq "eval exits 0" "$RC" 0
expect_eq "eval sees all 19 articles" "$(echo "$OUT" | json 'd["items"] - d["missing"]')" 19
expect_eq "eval: gold has 5 events" "$(echo "$OUT" | json 'd["gold_clusters"]')" 5
expect_eq "eval: stories are the events exactly (B-cubed P = R = 1)" \
    "$(echo "$OUT" | json 'd["bcubed_precision"], d["bcubed_recall"], d["predicted_clusters"]')" "1.0 1.0 5"
run "$TRILAT" eval clusters --gold "$EX/gold/stories.jsonl" --articles "$EX/articles.jsonl" --json
expect_eq "eval --articles gives the same scores as the store" \
    "$(echo "$OUT" | json 'round(d["bcubed_f1"], 6)')" \
    "$(tl eval clusters --gold "$EX/gold/stories.jsonl" --json | json 'round(d["bcubed_f1"], 6)')"
run tl eval clusters --level storylines --gold "$EX/gold/storylines.jsonl" --json
expect_eq "storylines match the gold storylines (E1+E2 one, the two fires apart)" \
    "$(echo "$OUT" | json 'round(d["bcubed_f1"], 6)')" "1.0"
run tl cluster --set nonsense=1
expect_eq "unknown parameter is a usage error" "$RC" 2
run tl cluster --threshold 2
expect_eq "out-of-range parameter is a usage error" "$RC" 2

# --reset re-places everything deterministically
before=$(tl stories --json | json '[(s["id"], s["articles"]) for s in d]')
run tl cluster --reset
expect_eq "reset re-places all" "$(echo "$ERR" | sed -n 's/^placed \([0-9]*\) .*/\1/p')" 19
expect_eq "same input, same order: same stories" "$(tl stories --json | json '[(s["id"], s["articles"]) for s in d]')" "$before"
run tl check
expect_eq "store consistent" "$OUT" "ok"

# ingest --cluster places in the same pass
ONE=$(newdb one)
run "$TRILAT" --db "$ONE" ingest --cluster "$EX/corpus"
expect_eq "ingest --cluster exits 0" "$RC" 0
expect_match "ingest --cluster places the new articles" "$ERR" "placed 19 articles"
expect_eq "ingest --cluster gives the same stories" \
    "$("$TRILAT" --db "$ONE" stories --json | json '[(s["id"], s["articles"]) for s in d]')" "$before"
finish
