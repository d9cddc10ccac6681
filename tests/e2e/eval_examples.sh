#!/bin/bash
# End-to-end: score quotes and time expressions on the hand-made gold of
# the bundled examples corpus (examples/gold/quotes.jsonl, dates.jsonl)
# through the real binary: the JSON is well formed, counts add up, rates
# are rates, floors well under the measured figures (docs/eval-events.md,
# docs/quotes.md) guard against regressions, bad arguments exit 2 and
# missing files exit 1. Rules only (--model none): the same figures
# whether or not a model was trained.
. "$(dirname "$0")/lib.sh"
A=$ROOT/examples/articles.jsonl
G=$ROOT/examples/gold

# --- quotes ---------------------------------------------------------------
run "$TRILAT" eval quotes --gold "$G/quotes.jsonl" --articles "$A" --model none --json
expect_eq "eval quotes on the examples gold exits 0" "$RC" 0
echo "quotes: $(printf '%s' "$OUT" | json '"P %.3f R %.3f F1 %.3f speaker %.3f; direct F1 %.3f, indirect F1 %.3f" % (d["precision"], d["recall"], d["f1"], d["speaker_accuracy"], d["direct"]["f1"], d["indirect"]["f1"])')"
expect_eq "all 19 articles scored" "$(printf '%s' "$OUT" | json 'd["articles"]')" 19
expect_eq "all 259 gold quotes read" "$(printf '%s' "$OUT" | json 'd["gold"]')" 259
sane=$(printf '%s' "$OUT" | json '1 if all(0 <= x[k] <= 1 for x in (d, d["direct"], d["indirect"]) for k in ("precision", "recall", "f1", "speaker_accuracy")) and d["gold"] == d["direct"]["gold"] + d["indirect"]["gold"] and d["predicted"] == d["direct"]["predicted"] + d["indirect"]["predicted"] and d["gold_matched"] == d["predicted_matched"] <= min(d["gold"], d["predicted"]) and d["matched_with_speaker"] <= d["gold_matched"] else 0')
expect_eq "quote figures are rates and counts add up" "$sane" 1
floor=$(printf '%s' "$OUT" | json '1 if d["f1"] > 0.7 and d["direct"]["f1"] > 0.8 and d["speaker_accuracy"] > 0.6 else 0')
expect_eq "quotes: F1 > 0.7, direct F1 > 0.8, speaker > 0.6" "$floor" 1

run "$TRILAT" eval quotes --gold "$G/quotes.jsonl" --articles "$A" --model none
expect_eq "quotes text report exits 0" "$RC" 0
expect_match "quotes text report has the indirect row" "$OUT" "indirect +[0-9]+ +[0-9]+"
run "$TRILAT" eval quotes --gold "$G/quotes.jsonl" --articles "$A" --model none --show-errors
expect_match "--show-errors lists misses or wrong speakers" "$OUT" "^(MISS|SPEAKER|FP) "

# --- dates ----------------------------------------------------------------
run "$TRILAT" eval dates --gold "$G/dates.jsonl" --articles "$A" --json
expect_eq "eval dates exits 0" "$RC" 0
echo "dates: $(printf '%s' "$OUT" | json '"P %.3f R %.3f F1 %.3f resolution %.3f (%d/%d)" % (d["precision"], d["recall"], d["f1"], d["resolution_accuracy"], d["resolved_right"], d["matched_with_date"])')"
expect_eq "all 141 gold expressions read" "$(printf '%s' "$OUT" | json 'd["gold"]')" 141
sane=$(printf '%s' "$OUT" | json '1 if all(0 <= d[k] <= 1 for k in ("precision", "recall", "f1", "resolution_accuracy")) and d["resolved_right"] <= d["matched_with_date"] <= d["gold_matched"] <= d["gold"] and sum(v["matched"] for v in d["by_certainty"].values()) == d["matched_with_date"] and sum(v["right"] for v in d["by_certainty"].values()) == d["resolved_right"] else 0')
expect_eq "date figures are rates and counts add up" "$sane" 1
floor=$(printf '%s' "$OUT" | json '1 if d["f1"] > 0.8 and d["resolution_accuracy"] > 0.7 else 0')
expect_eq "dates: F1 > 0.8, resolution > 0.7" "$floor" 1
run "$TRILAT" eval dates --gold "$G/dates.jsonl" --articles "$A"
expect_match "dates text report" "$OUT" "expressions +141 +[0-9]+"

# --- bad input ------------------------------------------------------------
run "$TRILAT" eval dates --gold "$G/dates.jsonl"
expect_eq "eval dates without --articles is a usage error" "$RC" 2
run "$TRILAT" eval dates --articles "$A"
expect_eq "eval dates without --gold is a usage error" "$RC" 2
run "$TRILAT" eval dates --gold "$G/dates.jsonl" --articles "$A" --bogus
expect_eq "an unknown option is a usage error" "$RC" 2
run "$TRILAT" eval quotes --gold "$G/quotes.jsonl"
expect_eq "eval quotes on a gold file needs --articles" "$RC" 2
run "$TRILAT" eval dates --gold "$T/missing.jsonl" --articles "$A"
expect_eq "a missing gold file fails" "$RC" 1
run "$TRILAT" eval dates --gold "$G/dates.jsonl" --articles "$T/missing.jsonl"
expect_eq "a missing articles file fails" "$RC" 1
run "$TRILAT" eval quotes --gold "$T/missing.jsonl" --articles "$A"
expect_eq "a missing quotes gold file fails" "$RC" 1
printf '{"article": "e1-01-kharvik-ledger", "text": "not in the article", "date": null}\n' >"$T/bad.jsonl"
run "$TRILAT" eval dates --gold "$T/bad.jsonl" --articles "$A"
expect_eq "a gold string that is not in its article fails" "$RC" 1
expect_match "... and says where" "$ERR" "bad.jsonl:1"
printf '{"article": "nope", "text": "x"}\nnot json\n' >"$T/bad2.jsonl"
run "$TRILAT" eval dates --gold "$T/bad2.jsonl" --articles "$A"
expect_eq "an unknown article fails" "$RC" 1
finish
