#!/bin/bash
# End-to-end: score quote extraction on the PolNeAR dev set through the
# real binary (`trilat eval quotes`). The data is for research use only and
# is never part of the repository: without it the test is skipped (exit
# 77). Override the location with TRILAT_POLNEAR (the directory holding
# text/ and attributions/).
. "$(dirname "$0")/lib.sh"
D=${TRILAT_POLNEAR:-/work/shared/data/quotes/polnear/dev}
if [ ! -d "$D/text" ] || [ ! -d "$D/attributions" ]; then
    echo "skip: PolNeAR dev data not found in $D (set TRILAT_POLNEAR=DIR)"
    exit 77
fi

run "$TRILAT" eval quotes --gold "$D" --json
expect_eq "eval quotes --json exits 0" "$RC" 0
docs=$(printf '%s' "$OUT" | json 'd["documents"]')
gold=$(printf '%s' "$OUT" | json 'd["gold"]')
mism=$(printf '%s' "$OUT" | json 'd["gold_span_mismatches"]')
echo "PolNeAR dev: $(printf '%s' "$OUT" | json '"P %.3f R %.3f F1 %.3f speaker %.3f (exact %.3f); direct F1 %.3f, indirect F1 %.3f" % (d["precision"], d["recall"], d["f1"], d["speaker_accuracy"], d["speaker_exact"], d["direct"]["f1"], d["indirect"]["f1"])')"
expect_match "documents scored" "$docs" "^[1-9][0-9]*$"
expect_match "gold attributions read" "$gold" "^[1-9][0-9]+$"
expect_eq "brat offsets map onto the text" "$mism" 0
sane=$(printf '%s' "$OUT" | json '1 if all(0 <= x[k] <= 1 for x in (d, d["direct"], d["indirect"]) for k in ("precision", "recall", "f1", "speaker_accuracy", "speaker_exact")) and d["gold"] == d["direct"]["gold"] + d["indirect"]["gold"] and d["predicted"] == d["direct"]["predicted"] + d["indirect"]["predicted"] else 0')
expect_eq "figures are rates and counts add up" "$sane" 1
# floors well under the measured figures (docs/quotes.md): a regression
# guard, not a target
floor=$(printf '%s' "$OUT" | json '1 if d["direct"]["f1"] > 0.6 and d["speaker_accuracy"] > 0.6 else 0')
expect_eq "direct F1 > 0.6 and speaker accuracy > 0.6" "$floor" 1

run "$TRILAT" eval quotes --gold "$D"
expect_eq "text report exits 0" "$RC" 0
expect_match "text report has the direct row" "$OUT" "direct +[0-9]+ +[0-9]+"

# bad input is a usage error or a failure, never a crash
run "$TRILAT" eval quotes
expect_eq "--gold is required" "$RC" 2
run "$TRILAT" eval quotes --gold "$T/nowhere"
expect_eq "a missing directory fails" "$RC" 1
finish
