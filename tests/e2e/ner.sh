#!/bin/bash
# End-to-end: train a NER model on a slice of the shared CoNLL 2003 data
# and score it on the dev file through the real binary. The data is for
# research use only and is never part of the repository: without it the
# test is skipped (exit 77). Override the location with TRILAT_CONLL.
. "$(dirname "$0")/lib.sh"
D=${TRILAT_CONLL:-/work/shared/data/ner/conll2003}
if [ ! -r "$D/eng.train" ] || [ ! -r "$D/eng.testa" ]; then
    echo "skip: CoNLL 2003 data not found in $D (set TRILAT_CONLL=DIR)"
    exit 77
fi

head -n 20000 "$D/eng.train" >"$T/train.conll"
run "$TRILAT" train ner --train "$T/train.conll" --epochs 5 --out "$T/ner.model"
expect_eq "train ner exits 0" "$RC" 0
expect_match "train ner reports the model" "$ERR" "wrote .*ner.model \([0-9]+ bytes\)"

run "$TRILAT" eval ner --gold "$D/eng.testa" --model "$T/ner.model" --json
expect_eq "eval ner --json exits 0" "$RC" 0
f1=$(printf '%s' "$OUT" | json 'd["f1"]')
ntypes=$(printf '%s' "$OUT" | json 'len(d["types"])')
gold=$(printf '%s' "$OUT" | json 'd["gold"]')
echo "F1 on eng.testa after training on 20k lines: $f1"
expect_eq "four entity types scored" "$ntypes" 4
expect_eq "all gold phrases of eng.testa counted" "$gold" 5942
if python3 -c "import sys; sys.exit(0 if float('$f1') > 0.5 else 1)"; then
    ok "F1 > 0.5"
else
    bad "F1 $f1 <= 0.5"
fi

run "$TRILAT" eval ner --gold "$D/eng.testa" --model "$T/ner.model"
expect_match "text report, conlleval style" "$OUT" "FB1: +[0-9.]+"

# same data, same options: the same model, byte for byte
run "$TRILAT" train ner --train "$T/train.conll" --epochs 5 --out "$T/again.model"
if cmp -s "$T/ner.model" "$T/again.model"; then ok "training is deterministic"
else bad "two trainings gave different models"; fi

# damaged or missing inputs are errors, not crashes
head -c 100 "$T/ner.model" >"$T/cut.model"
run "$TRILAT" eval ner --gold "$D/eng.testa" --model "$T/cut.model"
expect_eq "truncated model: exit 1" "$RC" 1
expect_match "truncated model: says so" "$ERR" "damaged NER model"
run "$TRILAT" eval ner --gold "$D/eng.testa"
expect_eq "missing --model: usage error" "$RC" 2
run "$TRILAT" train ner --train "$T/nope.conll" --out "$T/x.model"
expect_eq "missing training file: exit 1" "$RC" 1
finish
