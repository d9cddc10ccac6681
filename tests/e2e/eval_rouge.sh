#!/bin/bash
# End-to-end: `trilat eval rouge` reproduces ROUGE-1.5.5's official output
# on DUC 2004 task 2 (../shared/data/summarization/duc2004-rouge-check:
# SumRepo's 13 systems x 50 clusters, 4 models each, and rouge.res).
# rouge.res was made with -n 4 -m -l 100 (not -b 665) and ROUGE's WordNet
# exception lists; ours come from Debian's wordnet-base (scripts/setup).
# Fails when a system's Average_R differs by more than 0.002 on ROUGE-1 or
# ROUGE-2; also checks that every per-evaluation line (R, P, F of ROUGE-1
# to 4 for the 650 peers) is the official one. Skipped (77) without the
# data or the WordNet files; override the data with TRILAT_DUC2004.
. "$(dirname "$0")/lib.sh"
D=${TRILAT_DUC2004:-$ROOT/../shared/data/summarization/duc2004-rouge-check}
if [ ! -f "$D/rouge.res" ] || [ ! -d "$D/peers-txt" ] || [ ! -d "$D/models-txt" ]; then
    echo "skip: DUC 2004 ROUGE check data not found in $D (set TRILAT_DUC2004=DIR)"
    exit 77
fi
WN=/usr/share/wordnet
if [ ! -f "$WN/verb.exc" ] || [ ! -f "$WN/noun.exc" ]; then
    echo "skip: WordNet exception lists not found in $WN (Debian wordnet-base; scripts/setup installs it)"
    exit 77
fi

run "$TRILAT" eval rouge --peers "$D/peers-txt" --models "$D/models-txt" --words 100 \
    --exceptions "$WN" --official "$D/rouge.res" --json
expect_eq "eval rouge exits 0" "$RC" 0
echo "DUC 2004: $(printf '%s' "$OUT" | json '"max |diff| R-1 %.5f (%s), R-2 %.5f (%s), R-4 %.5f" % (d["official"]["ROUGE-1"]["max_abs_diff"], d["official"]["ROUGE-1"]["system"], d["official"]["ROUGE-2"]["max_abs_diff"], d["official"]["ROUGE-2"]["system"], d["official"]["ROUGE-4"]["max_abs_diff"])')"
expect_eq "650 peers, 200 models, none unpaired" \
    "$(printf '%s' "$OUT" | json '"%d %d %d" % (d["peers"], d["models"], d["unpaired"])')" "650 200 0"
expect_eq "13 systems compared on ROUGE-1 and ROUGE-2" \
    "$(printf '%s' "$OUT" | json '"%d %d" % (d["official"]["ROUGE-1"]["compared"], d["official"]["ROUGE-2"]["compared"])')" "13 13"
expect_eq "every system within 0.002 of the official ROUGE-1 and ROUGE-2 recall" \
    "$(printf '%s' "$OUT" | json '1 if max(d["official"][m]["max_abs_diff"] for m in ("ROUGE-1", "ROUGE-2")) <= 0.002 else 0')" 1

run "$TRILAT" eval rouge --peers "$D/peers-txt" --models "$D/models-txt" --words 100 \
    --exceptions "$WN" --per-eval
expect_eq "eval rouge --per-eval exits 0" "$RC" 0
ours=$(printf '%s\n' "$OUT" | grep -E ' ROUGE-[1-4] Eval ' | sort)
official=$(grep -E ' ROUGE-[1-4] Eval ' "$D/rouge.res" | sort)
expect_eq "2600 per-evaluation lines" "$(printf '%s\n' "$ours" | wc -l)" 2600
expect_eq "every per-evaluation R/P/F is the official one" \
    "$(diff <(printf '%s\n' "$ours") <(printf '%s\n' "$official") | grep -c '^>')" 0

run "$TRILAT" eval rouge --peers "$D/peers-txt"
expect_eq "missing --models is a usage error" "$RC" 2
finish
