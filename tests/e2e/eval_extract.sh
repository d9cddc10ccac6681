#!/bin/bash
# End-to-end: `trilat eval extract` on the Article Extraction Benchmark's
# 145 shared pages (../shared/data/extraction/aeb). The scorer must
# reproduce the published figures of trafilatura 2.0.0 from the
# benchmark's own output file (F1 0.957, P 0.934, R 0.982 at 3 decimals,
# the data set README's recomputation); our own extractor must run over
# every page and print figures. No quality or speed threshold is checked:
# those are measurements, not pass/fail. Skipped (77) without the data;
# override its place with TRILAT_AEB.
. "$(dirname "$0")/lib.sh"
D=${TRILAT_AEB:-$ROOT/../shared/data/extraction/aeb}
if [ ! -f "$D/gold.jsonl" ] || [ ! -f "$D/reference-outputs/trafilatura.jsonl" ] || [ ! -d "$D/html" ]; then
    echo "skip: Article Extraction Benchmark data not found in $D (set TRILAT_AEB=DIR)"
    exit 77
fi
G=$D/gold.jsonl
P=$D/reference-outputs/trafilatura.jsonl

# --- the scorer against the published trafilatura figures ---------------
run "$TRILAT" eval extract --gold "$G" --pred "$P"
expect_eq "eval extract --pred exits 0" "$RC" 0
expect_match "trafilatura F1 0.957" "$OUT" '^F1 +0\.957 ± '
expect_match "trafilatura precision 0.934" "$OUT" '^precision +0\.934 ± '
expect_match "trafilatura recall 0.982" "$OUT" '^recall +0\.982 ± '
expect_match "published table labelled as such" "$OUT" 'published F1 .*145 shared pages'

run "$TRILAT" eval extract --gold "$G" --pred "$P" --json --show-errors
expect_eq "eval extract --pred --json exits 0" "$RC" 0
expect_eq "--json: 145 pages, F1/P/R 0.957/0.934/0.982" \
    "$(printf '%s' "$OUT" | json '"%d %.3f %.3f %.3f" % (d["pages"], d["f1"], d["precision"], d["recall"])')" \
    "145 0.957 0.934 0.982"
expect_eq "--json has every field" \
    "$(printf '%s' "$OUT" | json 'all(k in d for k in ("gold", "pred", "extractor", "pages", "f1", "precision", "recall", "accuracy", "f1_sd", "precision_sd", "recall_sd", "accuracy_sd", "bootstrap", "rejected", "rejected_pages", "speed", "published", "worst"))')" \
    True
expect_eq "--json: 1000 resamples, sd in (0, 0.05), nothing rejected" \
    "$(printf '%s' "$OUT" | json '"%d %s %d" % (d["bootstrap"], 0 < d["f1_sd"] < 0.05, d["rejected"])')" \
    "1000 True 0"
expect_eq "--show-errors: the 10 worst pages, in F1 order" \
    "$(printf '%s' "$OUT" | json '"%d %s" % (len(d["worst"]), [w["f1"] for w in d["worst"]] == sorted(w["f1"] for w in d["worst"]))')" \
    "10 True"
expect_eq "published figures: 10 tools, trafilatura 0.957" \
    "$(printf '%s' "$OUT" | json '"%d %.3f" % (len(d["published"]["tools"]), [t["f1"] for t in d["published"]["tools"] if t["tool"].startswith("trafilatura")][0])')" \
    "10 0.957"
# the same figures every run (seeded bootstrap)
sd1=$(printf '%s' "$OUT" | json 'd["f1_sd"]')
run "$TRILAT" eval extract --gold "$G" --pred "$P" --json
expect_eq "bootstrap sd repeats" "$(printf '%s' "$OUT" | json 'd["f1_sd"]')" "$sd1"

# --- our extractor over every page ---------------------------------------
run "$TRILAT" eval extract --gold "$G" --json --show-errors
expect_eq "eval extract (own extractor) exits 0" "$RC" 0
expect_eq "own extractor: 145 pages, F1 in [0, 1], every page parsed" \
    "$(printf '%s' "$OUT" | json '"%d %s %d" % (d["pages"], 0 <= d["f1"] <= 1, d["speed"]["pages"])')" \
    "145 True 145"
echo "own extractor: $(printf '%s' "$OUT" | json '"F1 %.3f ± %.3f, P %.3f, R %.3f, accuracy %.3f, %d rejected, %.0f pages/s, %.1f MB/s" % (d["f1"], d["f1_sd"], d["precision"], d["recall"], d["accuracy"], d["rejected"], d["speed"]["pages_per_second"], d["speed"]["mb_per_second"])')"
run "$TRILAT" eval extract --gold "$G"
expect_eq "eval extract (text) exits 0" "$RC" 0
expect_match "prints an F1" "$OUT" '^F1 +[01]\.[0-9]{3} ± '
expect_match "prints the speed" "$OUT" 'pages/s, [0-9.]+ MB/s of HTML'

# --- errors ---------------------------------------------------------------
printf '{"id": "p1", "file": "missing.html", "url": "https://x.test/a", "body": "a b c d"}\n' >"$T/gold.jsonl"
run "$TRILAT" eval extract --gold "$T/gold.jsonl"
expect_eq "a missing page fails" "$RC" 1
expect_match "... naming the gold file and line" "$ERR" "gold\\.jsonl:1: page .*missing\\.html"
run "$TRILAT" eval extract --gold "$T/nope.jsonl"
expect_eq "a missing gold file fails" "$RC" 1
expect_match "... naming it" "$ERR" "nope\\.jsonl"
printf '{"id": "p1"}\n' >"$T/bad.jsonl"
run "$TRILAT" eval extract --gold "$T/bad.jsonl"
expect_eq "a gold line without its fields fails" "$RC" 1
expect_match "... naming file and line" "$ERR" 'bad\.jsonl:1: expected'
run "$TRILAT" eval extract
expect_eq "missing --gold is a usage error" "$RC" 2
finish
