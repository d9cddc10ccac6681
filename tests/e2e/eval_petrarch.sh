#!/bin/bash
# End-to-end: score the event extractor on the PETRARCH2 unit-test records
# (../shared/data/events/petrarch2: PETR.UnitTest.records.xml and the
# actor/agent dictionaries), read where they lie. Without the data the
# test is skipped (exit 77); override the location with TRILAT_PETRARCH.
# Checks well-formed JSON, counts and rates; the floors are low because the
# records are stylized sentences on invented countries coded with a test
# dictionary (docs/eval-events.md).
. "$(dirname "$0")/lib.sh"
D=${TRILAT_PETRARCH:-$ROOT/../shared/data/events/petrarch2}
if [ ! -f "$D/PETR.UnitTest.records.xml" ] || [ ! -f "$D/PETR.Validate.actors.txt" ] ||
   [ ! -f "$D/PETR.Validate.agents.txt" ]; then
    echo "skip: PETRARCH2 records not found in $D (set TRILAT_PETRARCH=DIR)"
    exit 77
fi

run "$TRILAT" eval events --petrarch "$D" --model none --json
expect_eq "eval events --petrarch exits 0" "$RC" 0
echo "PETRARCH: $(printf '%s' "$OUT" | json '"%d records (%d skipped), root P %.3f R %.3f F1 %.3f; actor %.3f target %.3f" % (d["records"], d["skipped_not_sentence"], d["root"]["precision"], d["root"]["recall"], d["root"]["f1"], d["actor"]["accuracy"], d["target"]["accuracy"])')"
expect_eq "source is PETRARCH" "$(printf '%s' "$OUT" | json 'd["source"]')" petrarch
expect_match "records read" "$(printf '%s' "$OUT" | json 'd["records"]')" "^[1-9][0-9]+$"
expect_match "sentence=\"false\" records are counted" "$(printf '%s' "$OUT" | json 'd["skipped_not_sentence"]')" "^[0-9]+$"
sane=$(printf '%s' "$OUT" | json '1 if all(0 <= x[k] <= 1 for x in (d["root"], d["exact"]) for k in ("precision", "recall", "f1")) and all(0 <= d[k][a] <= 1 and d[k]["exact"] <= d[k]["matched_with_gold"] and d[k]["right"] <= d[k]["matched_with_gold"] <= d["root"]["gold_matched"] for k in ("actor", "target") for a in ("accuracy", "exact_accuracy")) and 0 <= d["code_accuracy"] <= 1 and d["root"]["gold"] + d["codings_outside_cameo"] == d["codings"] and d["root"]["gold"] == sum(v["gold"] for v in d["by_root"].values()) and d["root"]["predicted"] == sum(v["predicted"] for v in d["by_root"].values()) else 0')
expect_eq "PETRARCH figures are rates and counts add up" "$sane" 1
floor=$(printf '%s' "$OUT" | json '1 if d["root"]["gold"] > 200 and d["root"]["predicted"] > 5 and d["root"]["precision"] > 0.05 else 0')
expect_eq "PETRARCH: over 200 gold codings, some predictions, root P > 0.05" "$floor" 1

run "$TRILAT" eval events --petrarch "$D" --model none
expect_eq "text report exits 0" "$RC" 0
expect_match "text report says what was left out" "$OUT" "sentence=\"false\" left out"
finish
