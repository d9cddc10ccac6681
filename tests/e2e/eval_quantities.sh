#!/bin/bash
# End-to-end: `trilat eval quantities` on the hand-made gold of the bundled
# examples corpus (examples/gold/quantities.jsonl) and `trilat eval facts`
# on a store holding the clustered examples (examples/gold/facts.jsonl),
# through the real binary: the JSON is well formed, the counts add up,
# rates are rates, a low floor on F1 guards against a broken extractor,
# and a few quantities come out as src/quant.h defines them ("about
# one-fifth" is 20 percent, about; "roughly 40-minute" is 2,400 s, about,
# measuring the call; "$4.2 billion" is 4.2e9 USD, exact). Bad arguments
# exit 2 and missing files exit 1.
. "$(dirname "$0")/lib.sh"
A=$ROOT/examples/articles.jsonl
G=$ROOT/examples/gold

# --- quantities -----------------------------------------------------------
run "$TRILAT" eval quantities --gold "$G/quantities.jsonl" --articles "$A" --json
expect_eq "eval quantities on the examples gold exits 0" "$RC" 0
echo "quantities: $(printf '%s' "$OUT" | json '"P %.3f R %.3f F1 %.3f; value %.3f unit %.3f hedge %.3f measures %.3f" % (d["precision"], d["recall"], d["f1"], d["value_accuracy"], d["unit_accuracy"], d["hedge_accuracy"], d["measures_accuracy"])')"
expect_eq "all 19 articles scored" "$(printf '%s' "$OUT" | json 'd["articles"]')" 19
expect_eq "all 156 gold quantities read" "$(printf '%s' "$OUT" | json 'd["gold"]')" 156
sane=$(printf '%s' "$OUT" | json '1 if all(0 <= d[k] <= 1 for k in ("precision", "recall", "f1", "value_accuracy", "interval_accuracy", "unit_accuracy", "hedge_accuracy", "measures_accuracy")) and d["gold_matched"] == d["predicted_matched"] <= min(d["gold"], d["predicted"]) and d["value_scored"] == d["unit_scored"] == d["hedge_scored"] == d["gold_matched"] and d["measures_scored"] <= d["gold_matched"] and sum(v["gold"] for v in d["by_kind"].values()) == d["gold"] and sum(v["predicted"] for v in d["by_kind"].values()) == d["predicted"] and sum(v["gold_matched"] for v in d["by_kind"].values()) == d["gold_matched"] and set(d["by_kind"]) == {"percent", "money", "duration", "count", "year", "ordinal", "measure"} else 0')
expect_eq "quantity figures are rates and counts add up" "$sane" 1
floor=$(printf '%s' "$OUT" | json '1 if d["f1"] > 0.5 else 0')
expect_eq "quantities: F1 > 0.5" "$floor" 1

# Specific quantities, as quant.h defines them (--errors adds every gold item
# with its prediction to the JSON).
run "$TRILAT" eval quantities --gold "$G/quantities.jsonl" --articles "$A" --json --errors
expect_eq "eval quantities --json --errors exits 0" "$RC" 0
expect_eq "--errors lists every gold item" "$(printf '%s' "$OUT" | json 'len(d["items"])')" 156
# item ARTICLE TEXT -> the predicted object of that gold item as JSON (null: missed)
item() {
    printf '%s' "$OUT" | python3 -c "
import json, sys
d = json.load(sys.stdin)
m = [x for x in d['items'] if x['article'] == sys.argv[1] and x['text'] == sys.argv[2]]
print(json.dumps(m[0]['predicted'] if m else 'absent'))" "$1" "$2"
}
# check WHAT ARTICLE TEXT EXPR: EXPR is Python over the prediction p
check() {
    local p
    p=$(item "$2" "$3")
    expect_eq "$1" "$(printf '%s' "$p" | python3 -c "import json,sys,math; p=json.load(sys.stdin); print(1 if isinstance(p, dict) and ($4) else 0)")" 1
}
check '"about one-fifth" (e1-04) is 20 percent, about' e1-04-daily-meridian "about one-fifth" \
    'p["kind"] == "percent" and abs(p["value"] - 20) < 1e-9 and p["unit"] == "%" and p["hedge"] == "about"'
check '"roughly 40-minute" (e1-02) is 2400 s, about, of the call' e1-02-caspian-wire "roughly 40-minute" \
    'p["kind"] == "duration" and abs(p["value"] - 2400) < 1e-9 and p["unit"] == "s" and p["hedge"] == "about" and p["head"] == "call"'
check '"$4.2 billion" (e4-01) is 4.2e9 USD, exact' e4-01-northbridge-herald '$4.2 billion' \
    'p["kind"] == "money" and abs(p["value"] - 4.2e9) <= 1e-6 * 4.2e9 and p["unit"] == "USD" and p["hedge"] == "exact"'
check '"about 40 minutes" (e1-01) is 2400 s, about' e1-01-kharvik-ledger "about 40 minutes" \
    'p["kind"] == "duration" and abs(p["value"] - 2400) < 1e-9 and p["hedge"] == "about"'
check '"about 20%" (e1-01) is 20 percent, about' e1-01-kharvik-ledger "about 20%" \
    'p["kind"] == "percent" and abs(p["value"] - 20) < 1e-9 and p["hedge"] == "about"'

run "$TRILAT" eval quantities --gold "$G/quantities.jsonl" --articles "$A"
expect_eq "quantities text report exits 0" "$RC" 0
expect_match "quantities text report has the overall row" "$OUT" "all +156 +[0-9]+"
run "$TRILAT" eval quantities --gold "$G/quantities.jsonl" --articles "$A" --errors
expect_eq "quantities --errors exits 0" "$RC" 0

# --- facts ------------------------------------------------------------------
tl ingest "$ROOT/examples/corpus" >/dev/null 2>&1
tl cluster >/dev/null 2>&1
run tl eval facts --gold "$G/facts.jsonl" --json
expect_eq "eval facts on the clustered examples exits 0" "$RC" 0
echo "facts: $(printf '%s' "$OUT" | json '"coverage %.3f; pairs P %.3f R %.3f F1 %.3f; labels %.3f (%d whole, %d split)" % (d["coverage"], d["pairs"]["precision"], d["pairs"]["recall"], d["pairs"]["f1"], d["label_accuracy"], d["facts_whole"], d["facts_split"])')"
expect_eq "all 49 gold facts read" "$(printf '%s' "$OUT" | json 'd["gold_facts"]')" 49
expect_eq "all 131 gold claims read" "$(printf '%s' "$OUT" | json 'd["gold_claims"]')" 131
sane=$(printf '%s' "$OUT" | json '1 if 0 <= d["coverage"] <= 1 and 0 <= d["label_accuracy"] <= 1 and all(0 <= d["pairs"][k] <= 1 for k in ("precision", "recall", "f1")) and d["covered"] <= d["gold_claims"] and d["label_right"] <= d["facts_whole"] and d["facts_whole"] + d["facts_split"] <= d["gold_facts"] and sum(v["gold"] for v in d["by_label"].values()) == d["gold_facts"] and d["by_label"]["agree"]["gold"] == 29 and d["by_label"]["conflict"]["gold"] == 2 and d["by_label"]["single"]["gold"] == 18 else 0')
expect_eq "fact figures are rates and counts add up" "$sane" 1
run tl eval facts --gold "$G/facts.jsonl"
expect_match "facts text report" "$OUT" "claim coverage"

# --- bad input ----------------------------------------------------------------
run "$TRILAT" eval quantities --gold "$G/quantities.jsonl"
expect_eq "eval quantities without --articles is a usage error" "$RC" 2
run "$TRILAT" eval quantities --articles "$A"
expect_eq "eval quantities without --gold is a usage error" "$RC" 2
run "$TRILAT" eval quantities --gold "$G/quantities.jsonl" --articles "$A" --bogus
expect_eq "an unknown option is a usage error" "$RC" 2
run "$TRILAT" eval quantities --gold "$T/missing.jsonl" --articles "$A"
expect_eq "a missing gold file fails" "$RC" 1
printf '{"article": "e1-01-kharvik-ledger", "text": "not in the article", "kind": "count", "value": 1, "unit": "x", "hedge": "exact"}\n' >"$T/bad.jsonl"
run "$TRILAT" eval quantities --gold "$T/bad.jsonl" --articles "$A"
expect_eq "a gold string that is not in its article fails" "$RC" 1
expect_match "... and says where" "$ERR" "bad.jsonl:1"
printf '{"article": "e1-01-kharvik-ledger", "text": "about 40 minutes", "kind": "length", "value": 1, "unit": "s", "hedge": "exact"}\n' >"$T/badkind.jsonl"
run "$TRILAT" eval quantities --gold "$T/badkind.jsonl" --articles "$A"
expect_eq "an unknown kind fails" "$RC" 1
run tl eval facts
expect_eq "eval facts without --gold is a usage error" "$RC" 2
run "$TRILAT" --db "$T/none.db" eval facts --gold "$G/facts.jsonl"
expect_eq "eval facts without a store fails with not found" "$RC" 4

finish
