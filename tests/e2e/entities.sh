#!/bin/bash
# End-to-end: entities (issue 5) through the real binary. Part 1 uses the
# rules (no model) on the bundled examples, so it always runs; part 2 trains
# a model on the shared CoNLL 2003 data and checks the seed articles (both
# skipped, with a message, when the shared data is absent).
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples

# --- 1. rules only, examples ----------------------------------------------
export TRILAT_NER_MODEL=none            # whatever model sits next to the binary
run tl ingest -q --cluster "$EX/corpus"
expect_eq "ingest --cluster exits 0" "$RC" 0
run tl cluster
expect_match "a second run analyzes nothing new" "$ERR" "entities: analyzed 0 articles"
run tl entities --json --limit 0
expect_eq "entities --json exits 0" "$RC" 0
printf '%s' "$OUT" >"$T/ents.json"
got=$(json '[(e["type"], e["roles"][0]["role"]) for e in d if e["name"] == "Lena Ostrova"]' <"$T/ents.json")
expect_eq "a person with her role" "$got" "[('PER', 'Foreign Minister')]"
got=$(json 'sorted(a["name"] for e in d if e["name"] == "Lena Ostrova" for a in e["aliases"])' <"$T/ents.json")
expect_eq "her last name alone is the same entity" "$got" "['Lena Ostrova', 'Ostrova']"
expect_eq "entities --type LOC lists places only" \
    "$(tl entities --json --type loc --limit 0 | json 'sorted(set(e["type"] for e in d))')" "['LOC']"
run tl entity Ostrova --json
expect_eq "entity by last name" "$(printf '%s' "$OUT" | json 'd[0]["name"]')" "Lena Ostrova"
expect_eq "entity lists the stories that mention her" \
    "$(printf '%s' "$OUT" | json 'len(d[0]["stories"]) >= 1 and len(d[0]["recent_articles"]) == d[0]["articles"]')" "True"
run tl entity "Nobody Atall"
expect_eq "unknown entity exits 4" "$RC" 4
run tl entities --type PLANET
expect_eq "bad --type is a usage error" "$RC" 2
run tl entity
expect_eq "entity without a name is a usage error" "$RC" 2
n1=$(tl entities --json --limit 0 | json 'len(d)')
run tl cluster --reset
expect_eq "cluster --reset re-extracts" "$RC" 0
expect_eq "same input, same entities" "$(tl entities --json --limit 0 | json 'len(d)')" "$n1"
expect_eq "store consistent" "$(tl check)" "ok"

# --- 2. a trained model, the seeds -----------------------------------------
D=${TRILAT_CONLL:-$ROOT/../shared/data/ner/conll2003}
SEEDS=$ROOT/../shared/seeds
if [ ! -r "$D/eng.train" ] || [ ! -d "$SEEDS" ]; then
    echo "skip (part 2): CoNLL 2003 data or seed articles not found (set TRILAT_CONLL=DIR)"
    finish
fi
run "$TRILAT" train ner --train "$D/eng.train" --out "$T/ner.model"
expect_eq "train ner on eng.train" "$RC" 0
unset TRILAT_NER_MODEL
DB=$(newdb seeds)
run tl ingest -q "$SEEDS"
run tl cluster --ner-model "$T/ner.model"
expect_match "the model is used" "$ERR" "entities: analyzed 5 articles, .*ner.model"
run tl entity Zelenskyy --json
printf '%s' "$OUT" >"$T/z.json"
expect_eq "Zelensky / Zelenskyy / Volodymyr Zelensky are one person" \
    "$(json 'd[0]["name"], d[0]["type"], d[0]["country"], d[0]["articles"]' <"$T/z.json")" \
    "Volodymyr Zelensky PER UA 5"
expect_eq "... with both spellings as aliases" \
    "$(json 'sorted({"Zelensky", "Zelenskyy"} & {a["name"] for a in d[0]["aliases"]})' <"$T/z.json")" \
    "['Zelensky', 'Zelenskyy']"
run tl entity "Yury Ushakov" --json
expect_eq "Yuri / Yury Ushakov: one person, Russian" \
    "$(printf '%s' "$OUT" | json 'd[0]["name"], d[0]["country"], d[0]["articles"]')" "Yuri Ushakov RU 3"
run tl entity Mertz --json
expect_eq "Mertz is Friedrich Merz, German Chancellor" \
    "$(printf '%s' "$OUT" | json 'd[0]["name"], d[0]["country"], d[0]["roles"][0]["role"]')" \
    "Friedrich Merz DE Chancellor"
run tl entity Kremlin --json
expect_eq "the Kremlin is Russia's seat of power" \
    "$(printf '%s' "$OUT" | json 'd[0]["type"], d[0]["country"]')" "ORG RU"
run tl entity Trump --json -n 0
expect_eq "what Trump wrote is attributed to him" \
    "$(printf '%s' "$OUT" | json 'sorted(set(q["article"][:3] for q in d[0]["quotes"] if q["kind"] == "direct" and "called President Putin" in q["text"]))')" \
    "['002', '003']"
run tl entity Ushakov --json -n 0
expect_eq "'Putin adviser Yuri Ushakov' said it, not Putin" \
    "$(printf '%s' "$OUT" | json 'd[0]["name"], len(d[0]["quotes"]) > 0')" "Yuri Ushakov True"
run tl entity Ukrainian --json
expect_eq "a demonym is its country" "$(printf '%s' "$OUT" | json 'd[0]["name"], d[0]["type"]' 2>/dev/null)" "Ukraine LOC"
finish
